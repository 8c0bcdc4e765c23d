package app

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"casemanager/cdop"
)

// familyTab is the key worker's side of a case: who the key worker is, the
// log of contacts with the family, and what the family was told and when.
type familyTab struct {
	p       *CasePage
	content fyne.CanvasObject

	meetings  *widget.Label
	firstSeen *widget.Label
	on        *entry
	method    *widget.Select
	by        *entry
	note      *entry
	add       *widget.Button
	addRow    *fyne.Container
	rows      *fyne.Container
}

var contactWidths = []float32{120, 150, 180, 0, 110}

func newFamilyTab(p *CasePage) *familyTab {
	t := &familyTab{p: p, rows: container.NewVBox()}
	f := p.form
	t.meetings = lowLabel("")
	// The key worker beside the meetings the family may be told of, then
	// the section's other fields three to a row, as the registry lists them.
	told := container.NewVBox()
	for _, sec := range cdop.TabSections(cdop.TabFamily) {
		told.Add(widget.NewLabelWithStyle(sec.Title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
		var rest []fyne.CanvasObject
		for _, col := range sec.Fields {
			if col == "key_worker" {
				told.Add(pairedRows([]fyne.CanvasObject{f.box(col), t.meetings}))
			} else {
				rest = append(rest, f.box(col))
			}
		}
		told.Add(container.NewGridWithColumns(3, rest...))
	}
	told.Add(f.saveBar("Save"))

	t.firstSeen = widget.NewLabel("")
	t.firstSeen.Wrapping = fyne.TextWrapWord
	t.on = dateEntry(p.ui.today().String())
	t.method = widget.NewSelect(cdop.ContactMethods.Labels(), nil)
	t.method.PlaceHolder = "How"
	t.by = newEntry()
	t.by.SetPlaceHolder("Who made contact")
	t.note = newEntry()
	t.note.SetPlaceHolder("Note, e.g. offered a home visit; family asked for the post-mortem results")
	t.add = widget.NewButtonWithIcon("Add contact", theme.ContentAddIcon(), t.onAdd)
	t.add.Importance = widget.HighImportance
	t.addRow = container.NewVBox(
		container.NewBorder(nil, nil, nil, t.add, gridRow(contactWidths[:4], labelled("Date of contact", t.on), labelled("How contact was made", t.method),
			labelled("Who made contact", t.by), labelled("Note of the contact", t.note))))
	log := widget.NewCard("", "", container.NewVBox(
		widget.NewLabelWithStyle("Contact log", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		t.firstSeen, t.addRow, t.rows))
	t.content = container.NewBorder(p.closedNote(), nil, nil, nil, f.scroll(container.NewVBox(widget.NewCard("", "", told), log)))
	return t
}

func (t *familyTab) update() {
	p := t.p
	c := p.file.Case
	booked := func(d cdop.Date) string {
		if d.IsZero() {
			return "not booked"
		}
		return d.Display()
	}
	cdrm := booked(c.CDRMOn)
	if c.CDRMOn.IsZero() && c.CDRMNotHeldReason != "" {
		cdrm = "not held (" + c.CDRMNotHeldReason + ")"
	}
	t.meetings.SetText(fmt.Sprintf("Child death review meeting: %s.\nCDOP review: %s.", cdrm, booked(c.CDOPReviewOn)))

	today := p.ui.today()
	for _, d := range cdop.Deadlines(p.file, p.settings, today) {
		if d.Name != cdop.DeadlineKeyWorkerContact {
			continue
		}
		status, imp := deadlineStatus(d, today, p.settings)
		text := fmt.Sprintf("First contact with the family: target %s — %s.", d.Target.Display(), status)
		if !d.Done.IsZero() {
			text = fmt.Sprintf("First contact with the family on %s (target %s) — %s.", d.Done.Display(), d.Target.Display(), status)
		}
		t.firstSeen.Importance = imp
		t.firstSeen.SetText(text)
	}
	if t.by.Text == "" {
		t.by.SetText(c.KeyWorker)
	}
	showIf(t.addRow, !p.readOnly())

	contacts := append([]cdop.Contact(nil), p.file.Contacts...)
	sort.SliceStable(contacts, func(i, j int) bool { return contacts[j].On.Before(contacts[i].On) }) // newest first
	var rows []fyne.CanvasObject
	for _, k := range contacts {
		var action fyne.CanvasObject = widget.NewLabel("")
		if !p.readOnly() {
			correct := widget.NewButton("Correct…", func() { t.askCorrection(k) })
			correct.Importance = widget.LowImportance
			action = labelled("Correct the contact of "+k.On.Display(), correct)
		}
		rows = append(rows, gridRow(contactWidths, cell(k.On.Display()), cell(cdop.ContactMethods.Label(k.Method)), cell(k.By), cell(k.Note),
			container.NewCenter(action)))
	}
	t.rows.Objects = []fyne.CanvasObject{
		rowsBox(headerRow(contactWidths, "Date", "How", "By", "Note", ""), rows, "No contact with the family recorded yet."),
	}
	t.rows.Refresh()
}

func (t *familyTab) onAdd() {
	p := t.p
	on, err := readDate("Date", t.on.Text, true)
	if err != nil {
		t.show(err, "")
		return
	}
	method := cdop.ContactMethods.CodeForLabel(t.method.Selected)
	if method == "" {
		t.show(userErrorf("choose how the family was contacted"), "")
		return
	}
	k := &cdop.Contact{CaseID: p.file.Case.ID, On: on, Method: method,
		Note: strings.TrimSpace(t.note.Text), By: strings.TrimSpace(t.by.Text)}
	t.add.Disable()
	p.act(func(ctx context.Context) error { return recordRefusal(p.ui.flow.AddContact(ctx, k)) }, func(err error) {
		t.add.Enable()
		if err == nil {
			t.note.SetText("")
			t.method.ClearSelected()
		}
		t.show(err, fmt.Sprintf("Added the contact of %s (%s).", on.Display(), strings.ToLower(cdop.ContactMethods.Label(method))))
	})
}

// askCorrection asks how contact k is corrected or undone, and why, then
// records it.
func (t *familyTab) askCorrection(k cdop.Contact) {
	p := t.p
	d := newContactCorrectionDialog(k)
	d.OnSubmit = func(n cdop.Contact, undo bool, reason string) {
		p.act(func(ctx context.Context) error {
			if undo {
				return recordRefusal(p.ui.flow.RemoveContact(ctx, n.ID, reason))
			}
			return recordRefusal(p.ui.flow.CorrectContact(ctx, &n, reason))
		}, func(err error) {
			ok := fmt.Sprintf("Corrected the contact of %s.", k.On.Display())
			if undo {
				ok = fmt.Sprintf("Took the contact of %s off the log.", k.On.Display())
			}
			p.ui.bar.Outcome(err, "Not corrected: ", ok)
		})
	}
	d.Show(p.ui.window)
}

// show reports an action's outcome in the message bar.
func (t *familyTab) show(err error, ok string) { t.p.ui.bar.Outcome(err, "Not added: ", ok) }
