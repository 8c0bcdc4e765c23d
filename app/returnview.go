package app

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"casemanager/cdop"
)

// returnsReadOnly shows agencies' returns as text, by form and section:
// anonymised ones as cdop.ShowReturn gives them to a panel member.
func returnsReadOnly(returns []cdop.ShownReturn) fyne.CanvasObject {
	if len(returns) == 0 {
		return lowLabel("No agency has returned a form yet.")
	}
	box := container.NewVBox()
	for _, r := range returns {
		title := r.Form + " — " + r.Agency
		if r.Unanswered > 0 {
			title += fmt.Sprintf(" (%s still to answer)", plural(r.Unanswered, "item"))
		}
		box.Add(sectionTitle(title))
		for _, s := range r.Sections {
			pairs := make([][2]string, 0, len(s.Items))
			for _, it := range s.Items {
				pairs = append(pairs, [2]string{it.Label, it.Value})
			}
			section := widget.NewLabelWithStyle(s.Title, fyne.TextAlignLeading, fyne.TextStyle{Italic: true})
			section.Wrapping = fyne.TextWrapWord
			box.Add(section)
			box.Add(factList(pairs))
		}
	}
	return box
}
