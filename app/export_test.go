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

// ApplyQueued applies the results and updates that background work has
// queued so far under ApplyOnWait, without waiting for the work under way
// (Wait does), so that a test sees a job's progress while it runs.
func (u *UI) ApplyQueued() { u.run.applyQueued() }
