package app

import (
	"context"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"casemanager/cdop"
)

// CaseForm is the notification form for a new case and the edit form of an
// existing one. It validates as the coordinator types, warns of a possible
// duplicate before saving, and saves in the background.
type CaseForm struct {
	ui       *UI
	original *cdop.Case // nil for a new notification
	content  fyne.CanvasObject

	form    *container.Scroll // the sections, re-laid out when error lines appear or go
	fields  []*fieldWidget
	entries map[string]*widget.Entry
	choices map[string]*widget.Select
	touched map[string]bool
	showAll bool // after a save attempt every problem is shown, touched or not
	loading bool // true while setting initial values

	status        *widget.Label
	saveButton    *widget.Button
	duplicate     *fyne.Container
	duplicateText *widget.Label
	duplicateOf   *cdop.Case
	dupChecks     int
}

func newCaseForm(u *UI, original *cdop.Case) *CaseForm {
	f := &CaseForm{
		ui: u, original: original,
		entries: map[string]*widget.Entry{},
		choices: map[string]*widget.Select{},
		touched: map[string]bool{},
	}
	var cards []fyne.CanvasObject
	for _, sec := range caseSections() {
		var boxes []fyne.CanvasObject
		for _, spec := range sec.fields {
			fw := newFieldWidget(spec, func() { f.onFieldChanged(spec.column) })
			f.fields = append(f.fields, fw)
			if fw.entry != nil {
				f.entries[spec.column] = fw.entry
			} else {
				f.choices[spec.column] = fw.choice
			}
			boxes = append(boxes, fw.box)
		}
		cards = append(cards, widget.NewCard(sec.title, "", pairedRows(boxes)))
	}

	f.status = widget.NewLabel("")
	f.status.Wrapping = fyne.TextWrapWord
	f.saveButton = widget.NewButtonWithIcon("Save", theme.DocumentSaveIcon(), f.Save)
	f.saveButton.Importance = widget.HighImportance
	back := widget.NewButtonWithIcon("Case register", theme.NavigateBackIcon(), f.onBack)

	f.duplicateText = widget.NewLabel("")
	f.duplicateText.Wrapping = fyne.TextWrapWord
	f.duplicateText.Importance = widget.WarningImportance
	openExisting := widget.NewButtonWithIcon("Open existing case", theme.FolderOpenIcon(), func() {
		if f.duplicateOf != nil {
			u.OpenCase(f.duplicateOf.ID)
		}
	})
	f.duplicate = container.NewBorder(nil, nil, widget.NewIcon(theme.WarningIcon()), openExisting, f.duplicateText)
	f.duplicate.Hide()

	title := widget.NewLabelWithStyle(f.title(), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	header := container.NewBorder(nil, nil, back, f.saveButton, title)
	f.form = container.NewVScroll(container.NewVBox(
		container.NewGridWithColumns(2, cards[0], container.NewVBox(cards[1], cards[3])),
		cards[2], cards[4]))
	f.content = container.NewBorder(container.NewVBox(header, f.duplicate), f.status, nil, nil, f.form)

	if original != nil {
		f.loading = true
		for _, fw := range f.fields {
			fw.setValue(original.Get(fw.spec.column))
		}
		f.loading = false
	} else {
		f.setValue("stage", string(cdop.StageNotified))
		f.setValue("notified_on", cdop.Today(u.clock).String())
	}
	return f
}

func (f *CaseForm) title() string {
	if f.original == nil {
		return "New notification"
	}
	return fmt.Sprintf("%s — %s (%s)", f.original.Ref, f.original.FullName(), f.original.Stage.Label())
}

func (f *CaseForm) setValue(column, v string) {
	f.loading = true
	defer func() { f.loading = false }()
	for _, fw := range f.fields {
		if fw.spec.column == column {
			fw.setValue(v)
		}
	}
}

// toCase builds the case the form describes, and the problems found reading it.
func (f *CaseForm) toCase() (*cdop.Case, cdop.ValidationErrors) {
	c := cdop.NewCase()
	if f.original != nil {
		c = f.original.Clone()
	}
	var problems cdop.ValidationErrors
	for _, fw := range f.fields {
		if err := c.Set(fw.spec.column, fw.value()); err != nil {
			problems = append(problems, cdop.FieldError{Field: fw.spec.column, Message: err.Error()})
		}
	}
	if err := c.ValidateOn(cdop.Today(f.ui.clock)); err != nil {
		if v, ok := cdop.AsValidationErrors(err); ok {
			for _, e := range v {
				if problems.For(e.Field) == "" {
					problems = append(problems, e)
				}
			}
		}
	}
	return c, problems
}

func (f *CaseForm) onFieldChanged(column string) {
	if f.loading {
		return
	}
	f.touched[column] = true
	c, problems := f.toCase()
	f.showProblems(problems)
	switch column {
	case "nhs_number", "first_name", "last_name", "date_of_birth", "date_of_death":
		f.checkDuplicates(c)
	}
}

// showProblems puts each problem under its field; untouched fields stay
// quiet until the coordinator tries to save.
func (f *CaseForm) showProblems(problems cdop.ValidationErrors) {
	changed := false
	for _, fw := range f.fields {
		msg := ""
		if f.showAll || f.touched[fw.spec.column] {
			msg = problems.For(fw.spec.column)
		}
		changed = fw.showError(msg) || changed
	}
	if changed {
		f.form.Refresh()
	}
}

// checkDuplicates looks for stored cases that seem to be the same death and
// shows a warning with a way to open the existing case.
func (f *CaseForm) checkDuplicates(c *cdop.Case) {
	f.dupChecks++
	seq := f.dupChecks
	if c.NHSNumber == "" && c.DuplicateKey() == "" {
		f.showDuplicate(nil, "")
		return
	}
	f.ui.background(func(ctx context.Context) func() {
		found, err := f.ui.cases.FindDuplicates(ctx, c)
		return func() {
			if seq != f.dupChecks || err != nil {
				return
			}
			if len(found) == 0 {
				f.showDuplicate(nil, "")
				return
			}
			f.showDuplicate(found[0], c.DuplicateReason(found[0]))
		}
	})
}

func (f *CaseForm) showDuplicate(existing *cdop.Case, reason string) {
	f.duplicateOf = existing
	if existing == nil {
		f.duplicate.Hide()
		return
	}
	f.duplicateText.SetText(fmt.Sprintf("Possible duplicate of %s, %s (died %s): %s. Open the existing case rather than logging the death twice.",
		existing.Ref, existing.FullName(), existing.DateOfDeath.Display(), reason))
	f.duplicate.Show()
}

// Save validates the form and, when it is sound, stores the case.
func (f *CaseForm) Save() {
	f.showAll = true
	c, problems := f.toCase()
	f.showProblems(problems)
	if len(problems) > 0 {
		f.status.SetText(fmt.Sprintf("Not saved: %s. Correct the fields marked in red.", plural(len(problems), "problem")))
		return
	}
	if f.duplicateOf != nil {
		f.status.SetText("Not saved: this looks like a case already on the register (see the warning above).")
		return
	}
	f.saveButton.Disable()
	f.status.SetText("Saving…")
	isNew := f.original == nil
	f.ui.background(func(ctx context.Context) func() {
		var err error
		if isNew {
			err = f.ui.cases.CreateCase(ctx, c)
		} else {
			err = f.ui.cases.UpdateCase(ctx, c)
		}
		var dups []*cdop.Case
		if cdop.ErrorCode(err) == cdop.ECONFLICT {
			dups, _ = f.ui.cases.FindDuplicates(ctx, c)
		}
		return func() {
			f.saveButton.Enable()
			if err != nil {
				f.onSaveFailed(err, c, dups)
				return
			}
			f.ui.showCaseListWithNotice(fmt.Sprintf("Saved %s, %s.", c.Ref, c.FullName()))
		}
	})
}

func (f *CaseForm) onSaveFailed(err error, c *cdop.Case, dups []*cdop.Case) {
	if v, ok := cdop.AsValidationErrors(err); ok {
		f.showProblems(v)
		f.status.SetText(fmt.Sprintf("Not saved: %s. Correct the fields marked in red.", plural(len(v), "problem")))
		return
	}
	if len(dups) > 0 {
		f.showDuplicate(dups[0], c.DuplicateReason(dups[0]))
	}
	f.status.SetText("Not saved: " + err.Error())
}

func (f *CaseForm) onBack() {
	if len(f.touched) == 0 {
		f.ui.ShowCaseList()
		return
	}
	dialog.ShowConfirm("Leave without saving?", "Changes to this case have not been saved.", func(leave bool) {
		if leave {
			f.ui.ShowCaseList()
		}
	}, f.ui.window)
}

// pairedRows lays fields out two to a row, each row as tall as its taller field.
func pairedRows(boxes []fyne.CanvasObject) fyne.CanvasObject {
	rows := container.NewVBox()
	for i := 0; i < len(boxes); i += 2 {
		pair := boxes[i:min(i+2, len(boxes))]
		rows.Add(container.NewGridWithColumns(2, pair...))
	}
	return rows
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
