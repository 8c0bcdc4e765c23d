package app

import "fyne.io/fyne/v2"

// Labelled reports whether o is a control placed with labelled, whose
// name a screen reader announces for the control inside it, and returns
// that control.
func Labelled(o fyne.CanvasObject) (fyne.CanvasObject, bool) {
	a, ok := o.(*accessible)
	if !ok {
		return nil, false
	}
	return a.control, true
}
