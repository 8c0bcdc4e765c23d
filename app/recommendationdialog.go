package app

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"casemanager/cdop"
)

// recommendationDialog asks for a new recommendation: the cases it comes
// from (found by reference or name) or a theme, the agency, what the agency
// is asked to do and by when. It checks what it can before OnSubmit runs;
// the caller saves the recommendation, then closes the dialog with Hide or,
// when the save fails, says why with Fail.
type recommendationDialog struct {
	// OnSubmit runs with the recommendation entered, status "open".
	OnSubmit func(r *cdop.Recommendation)

	run      *runner
	cases    cdop.CaseService
	agencies []cdop.Agency

	chosen    []chosenCase
	chosenBox *fyne.Container
	pick      *dialogSelectEntry
	searches  int // sequence number of the latest search, to drop stale results
	theme     *dialogEntry
	agency    *dialogSelect
	action    *dialogEntry
	due       *dialogEntry
	status    *widget.Label
	content   fyne.CanvasObject

	dlg *dialog.CustomDialog
}

// chosenCase is a case the recommendation comes from.
type chosenCase struct{ id, ref string }

// newRecommendationDialog builds the dialog; run looks cases up in cases,
// and agencies are those the recommendation can go to.
func newRecommendationDialog(run *runner, cases cdop.CaseService, agencies []cdop.Agency) *recommendationDialog {
	d := &recommendationDialog{run: run, cases: cases, agencies: agencies, chosenBox: container.NewVBox()}
	keys := dialogKeys{submit: d.submit, cancel: d.Hide}
	d.pick = newDialogSelectEntry("Type a case reference or name", keys)
	d.pick.OnChanged = d.search
	d.pick.OnSubmitted = func(string) { d.addCase() } // Enter adds the case typed
	addCase := widget.NewButtonWithIcon("Add case", theme.ContentAddIcon(), d.addCase)
	d.theme = newDialogEntry(false, "Or a theme across cases, e.g. safer sleep", nil, keys)
	names := make([]string, len(agencies))
	for i, a := range agencies {
		names[i] = a.Name
	}
	d.agency = newDialogSelect(names, "Choose the agency", keys)
	d.action = newDialogEntry(true, "What the agency is asked to do", nil, keys)
	d.action.Wrapping = fyne.TextWrapWord
	d.action.SetMinRowsVisible(3)
	d.due = newDialogEntry(false, "YYYY-MM-DD or DD/MM/YYYY", nil, keys)
	d.status = widget.NewLabel("")
	d.status.Wrapping = fyne.TextWrapWord
	d.status.Importance = widget.DangerImportance
	d.status.Hide()
	d.showChosen()

	form := widget.NewForm(
		widget.NewFormItem("From cases", container.NewVBox(container.NewBorder(nil, nil, nil, addCase, labelled("Case the recommendation comes from", d.pick)), d.chosenBox)),
		widget.NewFormItem("Theme", container.NewVBox(labelled("Theme", d.theme), hintLabel("Name one or more cases, a theme, or both."))),
		widget.NewFormItem("Agency", d.agency),
		widget.NewFormItem("Action", d.action),
		widget.NewFormItem("Due by", d.due),
	)
	d.content = container.NewVBox(form, d.status)
	if len(agencies) == 0 {
		d.Fail("The agency directory is empty: add the agency in Agencies first.")
	}
	return d
}

// Show shows the dialog over w with the cursor in the case picker.
func (d *recommendationDialog) Show(w fyne.Window) {
	d.dlg = dialog.NewCustomWithoutButtons("New recommendation", d.content, w)
	save := widget.NewButtonWithIcon("Add recommendation", theme.ConfirmIcon(), d.submit)
	save.Importance = widget.HighImportance
	cancel := widget.NewButtonWithIcon("Cancel", theme.CancelIcon(), d.Hide)
	d.dlg.SetButtons([]fyne.CanvasObject{cancel, save})
	d.dlg.Resize(fyne.NewSize(640, 460))
	d.dlg.Show()
	listenForKeys(w, d.dlg, dialogKeys{submit: d.submit, cancel: d.Hide})
	w.Canvas().Focus(d.pick)
}

// Hide closes the dialog.
func (d *recommendationDialog) Hide() {
	if d.dlg != nil {
		d.dlg.Hide()
	}
}

// Fail says, in the dialog, why the recommendation was not added.
func (d *recommendationDialog) Fail(text string) {
	d.status.SetText(text)
	d.status.Show()
}

// showChosen lists the cases chosen, each with a button to take it off.
func (d *recommendationDialog) showChosen() {
	var rows []fyne.CanvasObject
	for _, c := range d.chosen {
		id := c.id
		remove := widget.NewButtonWithIcon("", theme.DeleteIcon(), func() {
			d.chosen = slices.DeleteFunc(d.chosen, func(x chosenCase) bool { return x.id == id })
			d.showChosen()
		})
		remove.Importance = widget.LowImportance
		rows = append(rows, container.NewBorder(nil, nil, nil, labelled("Take "+c.ref+" off", remove), cell(c.ref)))
	}
	if len(rows) == 0 {
		rows = append(rows, hintLabel("No case chosen."))
	}
	d.chosenBox.Objects = rows
	d.chosenBox.Refresh()
}

// search offers the cases matching what is typed in the picker.
func (d *recommendationDialog) search(text string) {
	d.searches++
	seq := d.searches
	text = strings.TrimSpace(text)
	if text == "" {
		d.pick.SetOptions(nil)
		return
	}
	d.run.Do(func(ctx context.Context) func() {
		found, err := d.cases.FindCases(ctx, cdop.CaseFilter{Search: text, Limit: 20})
		return func() {
			if seq != d.searches || err != nil {
				return
			}
			options := make([]string, len(found))
			for i, c := range found {
				options[i] = c.Ref + " — " + c.FullName()
			}
			d.pick.SetOptions(options)
		}
	})
}

// addCase adds the case whose reference starts what is typed in the picker.
func (d *recommendationDialog) addCase() {
	ref, _, _ := strings.Cut(strings.TrimSpace(d.pick.Text), " ")
	if ref == "" {
		return
	}
	d.run.Do(func(ctx context.Context) func() {
		c, err := d.cases.FindCaseByRef(ctx, ref)
		return func() {
			if err != nil {
				d.Fail(fmt.Sprintf("No case on the register has the reference %s.", ref))
				return
			}
			d.status.Hide()
			if !slices.ContainsFunc(d.chosen, func(x chosenCase) bool { return x.id == c.ID }) {
				d.chosen = append(d.chosen, chosenCase{c.ID, c.Ref})
			}
			d.pick.SetText("")
			d.showChosen()
		}
	})
}

// read returns the recommendation entered and the problems that stop it
// being added.
func (d *recommendationDialog) read() (*cdop.Recommendation, []string) {
	r := &cdop.Recommendation{Theme: strings.TrimSpace(d.theme.Text), Action: strings.TrimSpace(d.action.Text), Status: cdop.RecommendationOpen}
	for _, c := range d.chosen {
		r.CaseIDs = append(r.CaseIDs, c.id)
	}
	if i := d.agency.SelectedIndex(); i >= 0 && i < len(d.agencies) {
		r.AgencyID = d.agencies[i].ID
	}
	var problems []string
	on, err := readDate("Due by", d.due.Text, true)
	if err != nil {
		problems = append(problems, err.Error())
	}
	r.DueOn = on
	if v, ok := cdop.AsValidationErrors(r.Validate()); ok {
		for _, e := range v {
			if e.Field != "due_on" || err == nil {
				problems = append(problems, e.Message)
			}
		}
	}
	return r, problems
}

// submit checks the recommendation and hands it to OnSubmit, or says what
// is wrong with it.
func (d *recommendationDialog) submit() {
	r, problems := d.read()
	if len(problems) > 0 {
		d.Fail("Not added: " + strings.Join(problems, "; ") + ".")
		return
	}
	if d.OnSubmit != nil {
		d.OnSubmit(r)
	}
}
