package app

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"casemanager/cdop"
)

// The dialogs of what is done along a case's records: every dated action
// (a chase, a form received or declined, a clock restarted) is recorded on
// the day typed, today unless another is; and what was recorded is
// corrected or undone with a reason. The rules (which days make sense, when
// a reason is needed) are the store's to apply; these only ask.

// actionDialog asks on what day something was done, and, where it needs
// one, a text (why an agency declined).
type actionDialog struct {
	// OnSubmit runs with the day typed and the text ("" when none is asked).
	OnSubmit func(on cdop.Date, text string)

	form formDialog
	on   *dialogEntry
	text *dialogEntry // nil unless asked (withText)
	what string       // the date's label
}

// newActionDialog asks, under title, about subject (e.g. "Reporting form
// from West Yorkshire Police", labelled subjectLabel) on what day (dayLabel,
// e.g. "Received on"), today unless another is typed; confirm names the
// button that records it.
func newActionDialog(title, confirm, subjectLabel, subject, dayLabel string, today cdop.Date) *actionDialog {
	d := &actionDialog{what: dayLabel}
	d.form = formDialog{title: title, confirm: confirm, size: fyne.NewSize(560, 240), submitted: d.submit}
	d.on = d.form.date(today.String(), dayLabel, true)
	d.form.items = []*widget.FormItem{
		widget.NewFormItem(subjectLabel, wrapped(subject)),
		widget.NewFormItem(dayLabel, d.on),
	}
	d.form.focus = d.on
	return d
}

// withText adds a required text box labelled label, where the cursor
// starts.
func (d *actionDialog) withText(label, hint string) *actionDialog {
	d.text = d.form.entry(hint, requiredText(strings.ToLower(label)))
	d.form.items = append(d.form.items, widget.NewFormItem(label, d.text))
	d.form.focus = d.text
	d.form.size.Height += 40
	return d
}

// Show shows the dialog over w.
func (d *actionDialog) Show(w fyne.Window) { d.form.show(w) }

func (d *actionDialog) submit() {
	on, err := readDate(d.what, d.on.Text, true)
	if err != nil || d.OnSubmit == nil { // the date's check lets only a date through
		return
	}
	text := ""
	if d.text != nil {
		text = strings.TrimSpace(d.text.Text)
	}
	d.OnSubmit(on, text)
}

// correction is what every correction asks besides what it changes:
// whether it undoes the record instead (the tick disables the fields a
// correction would change), and why (required).
type correction struct {
	undo   *widget.Check
	reason *dialogEntry
}

// newCorrection adds to form the tick labelled undoLabel, which disables
// fields, and the box of the reason with its hint.
func newCorrection(form *formDialog, undoLabel, hint string, fields ...fyne.Disableable) correction {
	undo := widget.NewCheck(undoLabel, func(on bool) {
		for _, f := range fields {
			if on {
				f.Disable()
			} else {
				f.Enable()
			}
		}
	})
	return correction{undo: undo, reason: form.notes(hint, requiredText("a reason"))}
}

// items are the tick and the reason as the dialog's last rows.
func (c correction) items() []*widget.FormItem {
	return []*widget.FormItem{widget.NewFormItem("", c.undo), widget.NewFormItem("Reason", c.reason)}
}

// why returns the reason typed, trimmed.
func (c correction) why() string { return strings.TrimSpace(c.reason.Text) }

// correctedHint is the reason's hint in the dialogs of a contact and a pause.
const correctedHint = "Why it is corrected (required)"

// requestCorrectionDialog asks which of what a request records as done
// (the request, a chase, the reply) to correct, to which day or undone,
// and why.
type requestCorrectionDialog struct {
	// OnSubmit runs with the request as corrected and the reason.
	OnSubmit func(r cdop.AgencyRequest, reason string)

	r       cdop.AgencyRequest
	actions []cdop.RequestAction
	form    formDialog
	which   *dialogSelect
	on      *dialogEntry
	correction
}

// newRequestCorrectionDialog asks about correcting request r, its last
// action chosen first.
func newRequestCorrectionDialog(r cdop.AgencyRequest) *requestCorrectionDialog {
	d := &requestCorrectionDialog{r: r, actions: r.Actions()}
	d.form = formDialog{title: "Correct what was recorded", confirm: "Record the correction", size: fyne.NewSize(600, 360), submitted: d.submit}
	labels := make([]string, len(d.actions))
	for i, a := range d.actions {
		labels[i] = a.Label()
	}
	d.which = d.form.choice(labels, "What to correct")
	d.on = d.form.date("", "The right day", true)
	d.correction = newCorrection(&d.form, "It did not happen: undo it",
		"Why it is corrected, e.g. logged on the day it was filed, not the day it arrived (required)", d.on)
	d.which.OnChanged = func(string) {
		a := d.chosen()
		d.on.SetText(a.On.String())
		d.undo.SetChecked(false)
		if a.Undoable() {
			d.undo.Enable()
		} else {
			d.undo.Disable()
		}
	}
	d.which.SetSelected(labels[len(labels)-1])
	d.form.items = append([]*widget.FormItem{
		widget.NewFormItem("Request", wrapped(cdop.FormTypes.Label(r.Form)+" from "+r.AgencyName)),
		widget.NewFormItem("Correct", d.which),
		widget.NewFormItem("The right day", d.on),
	}, d.items()...)
	d.form.focus = d.on
	return d
}

// chosen returns the action picked.
func (d *requestCorrectionDialog) chosen() cdop.RequestAction {
	return d.actions[max(d.which.SelectedIndex(), 0)]
}

// Show shows the dialog over w.
func (d *requestCorrectionDialog) Show(w fyne.Window) { d.form.show(w) }

func (d *requestCorrectionDialog) submit() {
	var on cdop.Date
	if !d.undo.Checked {
		var err error
		if on, err = readDate("The right day", d.on.Text, true); err != nil {
			return // the date's check lets only a date through
		}
	}
	if d.OnSubmit != nil {
		d.OnSubmit(d.r.Corrected(d.chosen(), on), d.why())
	}
}

// contactCorrectionDialog asks how a contact with the family is corrected
// (its day, how, the note) or undone, and why.
type contactCorrectionDialog struct {
	// OnSubmit runs with the contact as corrected, whether it is undone
	// instead, and the reason.
	OnSubmit func(k cdop.Contact, undo bool, reason string)

	k      cdop.Contact
	form   formDialog
	on     *dialogEntry
	method *dialogSelect
	note   *dialogEntry
	correction
}

func newContactCorrectionDialog(k cdop.Contact) *contactCorrectionDialog {
	d := &contactCorrectionDialog{k: k}
	d.form = formDialog{title: "Correct a contact with the family", confirm: "Record the correction", size: fyne.NewSize(600, 400), submitted: d.submit}
	d.on = d.form.date(k.On.String(), "Date", true)
	d.method = d.form.choice(cdop.ContactMethods.Labels(), "How")
	d.method.SetSelected(cdop.ContactMethods.Label(k.Method))
	d.note = d.form.entry("Note", nil)
	d.note.SetText(k.Note)
	d.correction = newCorrection(&d.form, "It did not happen, or is on the wrong case: take it off the log", correctedHint, d.on, d.method, d.note)
	d.form.items = append([]*widget.FormItem{
		widget.NewFormItem("Date", d.on),
		widget.NewFormItem("How", d.method),
		widget.NewFormItem("Note", d.note),
	}, d.items()...)
	d.form.focus = d.on
	return d
}

// Show shows the dialog over w.
func (d *contactCorrectionDialog) Show(w fyne.Window) { d.form.show(w) }

func (d *contactCorrectionDialog) submit() {
	k := d.k
	if !d.undo.Checked {
		on, err := readDate("Date", d.on.Text, true)
		if err != nil {
			return // the date's check lets only a date through
		}
		k.On, k.Method, k.Note = on, cdop.ContactMethods.CodeForLabel(d.method.Selected), strings.TrimSpace(d.note.Text)
	}
	if d.OnSubmit != nil {
		d.OnSubmit(k, d.undo.Checked, d.why())
	}
}

// pauseCorrectionDialog asks how a pause of a clock is corrected (the day
// it began, the day the clock restarted — blank while it runs — and why it
// was paused) or undone, and why.
type pauseCorrectionDialog struct {
	// OnSubmit runs with the pause as corrected, whether it is undone
	// instead, and the reason for the correction.
	OnSubmit func(p cdop.ClockPause, undo bool, reason string)

	p      cdop.ClockPause
	form   formDialog
	from   *dialogEntry
	to     *dialogEntry
	paused *dialogEntry // why the clock is paused
	correction
}

func newPauseCorrectionDialog(p cdop.ClockPause) *pauseCorrectionDialog {
	d := &pauseCorrectionDialog{p: p}
	d.form = formDialog{title: "Correct a pause", confirm: "Record the correction", size: fyne.NewSize(600, 420), submitted: d.submit}
	d.from = d.form.date(p.From.String(), "Paused from", true)
	d.to = d.form.date(p.To.String(), "Restarted on", false)
	d.to.SetPlaceHolder("Blank while the clock is still paused")
	d.paused = d.form.entry("Why the clock is paused", requiredText("why the clock is paused"))
	d.paused.SetText(p.Reason)
	d.correction = newCorrection(&d.form, "It was never paused: take the pause away", correctedHint, d.from, d.to, d.paused)
	d.form.items = append([]*widget.FormItem{
		widget.NewFormItem("Clock", wrapped(cdop.DeadlineNames.Label(p.Deadline))),
		widget.NewFormItem("Paused from", d.from),
		widget.NewFormItem("Restarted on", d.to),
		widget.NewFormItem("Paused because", d.paused),
	}, d.items()...)
	d.form.focus = d.from
	return d
}

// Show shows the dialog over w.
func (d *pauseCorrectionDialog) Show(w fyne.Window) { d.form.show(w) }

func (d *pauseCorrectionDialog) submit() {
	p := d.p
	if !d.undo.Checked {
		from, err := readDate("Paused from", d.from.Text, true)
		if err != nil {
			return // the dates' checks let only dates through
		}
		to, err := readDate("Restarted on", d.to.Text, false)
		if err != nil {
			return
		}
		p.From, p.To, p.Reason = from, to, strings.TrimSpace(d.paused.Text)
	}
	if d.OnSubmit != nil {
		d.OnSubmit(p, d.undo.Checked, d.why())
	}
}

// recordRefusal returns err as the coordinator reads it: the problems with
// a record's days are each worded whole by their rule ("the date received
// (8 Dec 2026) cannot be in the future"), so they are shown as they are,
// one sentence each; other problems as userMessage words them.
func recordRefusal(err error) error {
	v, ok := cdop.AsValidationErrors(err)
	if !ok {
		return err
	}
	lines := make([]string, len(v))
	for i, e := range v {
		switch e.Rule {
		case cdop.RuleFuture, cdop.RuleBefore, cdop.RuleRequired:
			lines[i] = e.Message
		default:
			lines[i] = strings.ReplaceAll(e.Field, "_", " ") + ": " + e.Message
		}
	}
	return userErrorf("%s", strings.Join(lines, "; "))
}

// chairSignOffDialog asks for the chair's reason to sign a case off at a
// panel meeting that is not quorate: the meeting's record and its pack
// show it.
type chairSignOffDialog struct {
	// OnSubmit runs with the reason typed.
	OnSubmit func(reason string)

	form   formDialog
	reason *dialogEntry
}

// newChairSignOffDialog asks about signing off case ref at meeting m,
// whose quorum q says who is missing.
func newChairSignOffDialog(ref string, m *cdop.Meeting, q cdop.Quorum) *chairSignOffDialog {
	d := &chairSignOffDialog{}
	d.form = formDialog{title: "Sign off " + ref + " without a quorum?", confirm: "Sign off as the chair", size: fyne.NewSize(620, 380), submitted: d.submit}
	chair := "the chair"
	if m.Chair != "" {
		chair += ", " + m.Chair + ","
	}
	text := "This meeting is not quorate: " + strings.Join(q.Missing, "; ") + ". Record who attended (Attendees), " +
		"or, if " + chair + " decided the panel goes on without a quorum, give the chair's reason: it is kept with the meeting " +
		"and shown on its record and its panel pack, and who attended is then locked."
	d.reason = d.form.notes("The chair's reason, e.g. police sent a written report and apologies (required)", requiredText("the chair's reason"))
	d.form.items = []*widget.FormItem{
		widget.NewFormItem("Quorum", wrapped(text)),
		widget.NewFormItem("Reason", d.reason),
	}
	d.form.focus = d.reason
	return d
}

// Show shows the dialog over w.
func (d *chairSignOffDialog) Show(w fyne.Window) { d.form.show(w) }

func (d *chairSignOffDialog) submit() {
	if d.OnSubmit != nil {
		d.OnSubmit(strings.TrimSpace(d.reason.Text))
	}
}
