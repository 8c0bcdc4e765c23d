package app

import (
	"context"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"casemanager/cdop"
	"casemanager/returnfile"
)

// returnScreen is an agency's return to one request: the request's form
// by section, each item with its editor and one-click "Not known" and
// "N/A", saved whole (blanks are answers still to give); or the answers
// imported from the agency's returned file, all or nothing.
type returnScreen struct {
	ui      *UI
	file    *cdop.CaseFile
	req     cdop.AgencyRequest
	form    *cdop.ReturnForm
	items   []*answerField
	saved   map[string]string // what is stored, to tell unsaved changes
	status  *widget.Label
	save    *widget.Button
	content fyne.CanvasObject
}

// answerField is one item's editor: an entry (one line, several, a date,
// a number) or a drop-down of its choices, with buttons answering "not
// known" and "not applicable" in one click, and the line for its problem.
type answerField struct {
	item   cdop.ReturnItem
	entry  *widget.Entry
	choice *widget.Select
	err    *errorLine
	box    fyne.CanvasObject
}

// The labels a drop-down shows for not known and not applicable.
const (
	labelNotKnown      = "Not known"
	labelNotApplicable = "Not applicable"
)

func newAnswerField(it cdop.ReturnItem, changed func()) *answerField {
	a := &answerField{item: it, err: newErrorLine()}
	var editor fyne.CanvasObject
	switch it.Kind {
	case cdop.ItemYesNo, cdop.ItemChoice:
		choices := cdop.YesNo
		if it.Kind == cdop.ItemChoice {
			choices = it.Choices
		}
		a.choice = widget.NewSelect(append(choices.Labels(), labelNotKnown, labelNotApplicable), func(string) { changed() })
		a.choice.PlaceHolder = "Not answered"
		editor = a.choice
	case cdop.ItemLongText:
		a.entry = widget.NewMultiLineEntry()
		a.entry.Wrapping = fyne.TextWrapWord
		a.entry.SetMinRowsVisible(3)
		editor = a.entry
	default:
		a.entry = widget.NewEntry()
		switch it.Kind {
		case cdop.ItemDate:
			a.entry.SetPlaceHolder("YYYY-MM-DD or DD/MM/YYYY")
		case cdop.ItemInteger:
			a.entry.SetPlaceHolder(fmt.Sprintf("%d to %d", it.Min, it.Max))
		}
		editor = a.entry
	}
	if a.entry != nil {
		a.entry.OnChanged = func(string) { changed() }
	}
	label := widget.NewLabelWithStyle(it.Label, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	label.Wrapping = fyne.TextWrapWord
	field := container.NewVBox(label, labelled(it.Label, editor), a.err)
	notKnown := widget.NewButton("Not known", func() { a.set(cdop.AnswerNotKnown); changed() })
	notApplicable := widget.NewButton("N/A", func() { a.set(cdop.AnswerNotApplicable); changed() })
	notKnown.Importance, notApplicable.Importance = widget.LowImportance, widget.LowImportance
	buttons := container.NewVBox(layout.NewSpacer(),
		container.NewHBox(labelled("Not known: "+it.Label, notKnown), labelled("Not applicable: "+it.Label, notApplicable)), layout.NewSpacer())
	a.box = container.NewBorder(nil, nil, nil, buttons, field)
	return a
}

// set shows an answer (a code, a date, text) as the editor holds it.
func (a *answerField) set(v string) {
	if a.choice != nil {
		switch v {
		case "":
			a.choice.ClearSelected()
		case cdop.AnswerNotKnown:
			a.choice.SetSelected(labelNotKnown)
		case cdop.AnswerNotApplicable:
			a.choice.SetSelected(labelNotApplicable)
		default:
			a.choice.SetSelected(cdop.AnswerLabel(a.item, v))
		}
		return
	}
	switch v {
	case cdop.AnswerNotKnown:
		v = labelNotKnown
	case cdop.AnswerNotApplicable:
		v = labelNotApplicable
	}
	a.entry.SetText(v)
}

// value is the answer as stored: a code, "not_known", a date as
// YYYY-MM-DD, text; "" when not answered.
func (a *answerField) value() string {
	if a.choice != nil {
		switch s := a.choice.Selected; s {
		case "":
			return ""
		case labelNotKnown:
			return cdop.AnswerNotKnown
		case labelNotApplicable:
			return cdop.AnswerNotApplicable
		default:
			if a.item.Kind == cdop.ItemYesNo {
				return cdop.YesNo.CodeForLabel(s)
			}
			return a.item.Choices.CodeForLabel(s)
		}
	}
	v := cdop.NormaliseAnswer(a.item.Kind, a.entry.Text)
	if a.item.Kind == cdop.ItemDate && v != cdop.AnswerNotKnown && v != cdop.AnswerNotApplicable {
		v = normaliseTypedDate(v)
	}
	return v
}

// ShowReturn opens the return to a case's request. The case page's
// "Return…" on each request comes here.
func (u *UI) ShowReturn(f *cdop.CaseFile, requestID int64) {
	if !u.guard(cdop.ActViewCases) {
		return
	}
	var req *cdop.AgencyRequest
	for i := range f.Requests {
		if f.Requests[i].ID == requestID {
			req = &f.Requests[i]
		}
	}
	form, ok := cdop.ReturnFormFor("")
	if req != nil {
		form, ok = cdop.ReturnFormFor(req.Form)
	}
	if !ok || u.returns == nil {
		u.bar.Error("This request's return cannot be opened here.")
		return
	}
	u.nav.Go(func() {
		u.run.Load("the return", func(ctx context.Context) (func(), error) {
			r, err := u.returns.Return(ctx, requestID)
			return func() {
				s := newReturnScreen(u, f, *req, form, r)
				u.nav.show(s.content, s)
			}, err
		})
	})
}

func newReturnScreen(u *UI, f *cdop.CaseFile, req cdop.AgencyRequest, form *cdop.ReturnForm, r *cdop.AgencyReturn) *returnScreen {
	s := &returnScreen{ui: u, file: f, req: req, form: form, saved: map[string]string{}, status: widget.NewLabel("")}
	if r != nil && r.Form == req.Form {
		s.saved = r.Answers
	}
	readOnly := cdop.RefuseReadOnly(f.Case) != nil
	back := widget.NewButtonWithIcon("Back to the case", theme.NavigateBackIcon(), func() { u.openCaseAt(f.Case.ID, "Agency reports") })
	title := heading(form.Label + " — " + req.AgencyName)
	note := hintLabel(fmt.Sprintf("%s · requested %s. Answer every item: \"Not known\" or \"N/A\" rather than a blank. "+
		"Save keeps what is typed; blanks stay to be answered.", f.Case.Ref, req.RequestedOn.Display()))
	body := container.NewVBox()
	if readOnly {
		shown := cdop.ShowReturn(f.Case, &req, &cdop.AgencyReturn{Form: req.Form, Answers: s.saved}, false, nil)
		body.Add(s.status)
		body.Add(returnsReadOnly([]cdop.ShownReturn{shown}))
		s.content = container.NewBorder(container.NewVBox(container.NewHBox(back), title, note, lowLabel("The case is read-only: the return is shown as recorded.")), nil, nil, nil, container.NewVScroll(body))
		s.refreshStatus()
		return s
	}
	for _, sec := range form.Sections {
		items := container.NewVBox()
		for _, it := range sec.Items {
			a := newAnswerField(it, s.refreshStatus)
			a.set(s.saved[it.ID])
			s.items = append(s.items, a)
			items.Add(a.box)
		}
		body.Add(widget.NewCard(sec.Title, "", items))
	}
	s.save = widget.NewButtonWithIcon("Save return", theme.DocumentSaveIcon(), func() { s.saveThen(nil) })
	s.save.Importance = widget.HighImportance
	importFile := widget.NewButtonWithIcon("Import from a file…", theme.FolderOpenIcon(), s.askImport)
	bar := container.NewBorder(nil, nil, nil, container.NewHBox(importFile, s.save), s.status)
	s.content = container.NewBorder(container.NewVBox(container.NewHBox(back), title, note, bar), nil, nil, nil, container.NewVScroll(body))
	s.refreshStatus()
	return s
}

// answers returns what the editors hold, by item; blanks left out.
func (s *returnScreen) answers() map[string]string {
	out := map[string]string{}
	for _, a := range s.items {
		if v := a.value(); v != "" {
			out[a.item.ID] = v
		}
	}
	return out
}

// refreshStatus says how much of the return is answered, and whether it
// is saved.
func (s *returnScreen) refreshStatus() {
	answers := s.saved
	if s.items != nil {
		answers = s.answers()
	}
	total := len(s.form.Items())
	text := fmt.Sprintf("%d of %d items answered", len(answers), total)
	if s.Dirty() {
		text += " · not saved yet"
	}
	s.status.SetText(text)
}

// Dirty reports whether an answer differs from what is stored.
func (s *returnScreen) Dirty() bool {
	if s.items == nil {
		return false
	}
	now := s.answers()
	if len(now) != len(s.saved) {
		return true
	}
	for id, v := range now {
		if s.saved[id] != v {
			return true
		}
	}
	return false
}

// saveThen saves the return and, once saved, runs done (when set).
func (s *returnScreen) saveThen(done func()) {
	r := &cdop.AgencyReturn{RequestID: s.req.ID, CaseID: s.file.Case.ID, Form: s.req.Form, Answers: s.answers(), Source: cdop.ReturnTyped}
	s.store(func(ctx context.Context) error { return s.ui.returns.SaveReturn(ctx, r) }, r, "Saved the "+cdop.FormName(s.req.Form)+" from "+s.req.AgencyName+".", done)
}

// store runs a save of r and shows its outcome: each item's problem under it.
func (s *returnScreen) store(work func(ctx context.Context) error, r *cdop.AgencyReturn, ok string, done func()) {
	s.save.Disable()
	s.ui.run.Do(func(ctx context.Context) func() {
		err := work(ctx)
		return func() {
			s.save.Enable()
			v, _ := cdop.AsValidationErrors(err)
			for _, a := range s.items {
				a.err.SetText(v.For(a.item.ID))
			}
			if err == nil {
				s.saved = r.Answers
				for _, a := range s.items {
					a.set(r.Answers[a.item.ID])
				}
			}
			s.refreshStatus()
			if err != nil && len(v) > 0 {
				err = userErrorf("%s; each is shown under its item", plural(len(v), "answer")+" to correct")
			}
			s.ui.bar.Outcome(err, "Not saved: ", ok)
			if err == nil && done != nil {
				done()
			}
		}
	})
}

// askImport asks for the agency's returned file (CSV or JSON) and imports it.
func (s *returnScreen) askImport() {
	s.ui.ChooseOpenFile("Import the agency's return", []string{".csv", ".json"}, func(rc fyne.URIReadCloser, err error) {
		if err != nil {
			s.ui.bar.Error("Not imported: " + err.Error())
			return
		}
		if rc == nil {
			return // cancelled
		}
		name := rc.URI().Name()
		s.ui.run.Do(func(ctx context.Context) func() {
			defer rc.Close()
			answers, err := returnfile.Read(rc, name, s.req.Form, cdop.Today(s.ui.clock))
			r := &cdop.AgencyReturn{RequestID: s.req.ID, CaseID: s.file.Case.ID, Form: s.req.Form, Answers: answers, Source: cdop.ReturnImported}
			if err == nil {
				err = s.ui.returns.ImportReturn(ctx, r)
			}
			return func() {
				if err != nil {
					s.showImportRefusal(err)
					return
				}
				s.saved = r.Answers
				for _, a := range s.items {
					a.set(r.Answers[a.item.ID])
					a.err.SetText("")
				}
				s.refreshStatus()
				s.ui.bar.Success(fmt.Sprintf("Imported the %s from %s: %s.", cdop.FormName(s.req.Form), s.req.AgencyName, plural(len(r.Answers), "item")))
			}
		})
	})
}

// showImportRefusal shows why a file was not imported: every problem, by
// line and item, in a window of its own (the list can be long).
func (s *returnScreen) showImportRefusal(err error) {
	s.ui.bar.Error("Not imported: the file has problems; nothing was changed.")
	text := widget.NewLabel(err.Error())
	text.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustom("The return was not imported", "Close", container.NewVScroll(text), s.ui.window)
	d.Resize(fyne.NewSize(720, 420))
	d.Show()
}
