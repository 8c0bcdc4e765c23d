package app

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"casemanager/cdop"
)

// The app's small dialogs are types that build their fields, check them and
// call OnSubmit with what was entered; the caller sets OnSubmit, shows the
// dialog and does the work. Each is built on formDialog: Enter submits
// (Shift+Enter in a box of several lines, where Enter starts a new line),
// Escape cancels, and the confirm button stays disabled while a field's
// check refuses what is typed.

// formDialog is the frame of a dialog of labelled fields with a Cancel and a
// confirm button.
type formDialog struct {
	title, confirm string
	size           fyne.Size
	items          []*widget.FormItem
	focus          fyne.Focusable // where the cursor starts
	submitted      func()         // reads the fields and calls the dialog's OnSubmit

	window fyne.Window
	dlg    *dialog.FormDialog
}

// keys returns the Enter and Escape of the dialog's fields.
func (f *formDialog) keys() dialogKeys {
	return dialogKeys{submit: f.submit, cancel: f.cancel}
}

// submit submits the dialog, as its confirm button does, once every
// field's check accepts what is typed; otherwise the cursor goes to the
// first field refused.
func (f *formDialog) submit() {
	if f.dlg == nil || f.refuse() {
		return
	}
	f.dlg.Submit()
}

// refuse moves the cursor to the first field whose check refuses what is
// typed, and reports whether there is one.
func (f *formDialog) refuse() bool {
	for _, it := range f.items {
		if v, ok := it.Widget.(fyne.Validatable); ok && v.Validate() != nil {
			if field, ok := it.Widget.(fyne.Focusable); ok {
				// An entry keeps quiet about its error while it has the
				// cursor: moving the cursor out and back shows it.
				c := f.window.Canvas()
				c.Unfocus()
				c.Focus(field)
			}
			return true
		}
	}
	return false
}

// cancel closes the dialog, as Cancel does.
func (f *formDialog) cancel() {
	if f.dlg != nil {
		f.dlg.Dismiss()
	}
}

// entry is a one-line text box of the dialog.
func (f *formDialog) entry(placeholder string, check fyne.StringValidator) *dialogEntry {
	return newDialogEntry(false, placeholder, check, f.keys())
}

// notes is a text box of three wrapped lines.
func (f *formDialog) notes(placeholder string, check fyne.StringValidator) *dialogEntry {
	e := newDialogEntry(true, placeholder, check, f.keys())
	e.SetMinRowsVisible(3)
	e.Wrapping = fyne.TextWrapWord
	return e
}

// date is a box for a date typed as YYYY-MM-DD or DD/MM/YYYY; what names
// it in the check's message.
func (f *formDialog) date(initial, what string, required bool) *dialogEntry {
	e := f.entry("YYYY-MM-DD or DD/MM/YYYY", dateValidator(what, required))
	e.SetText(initial)
	return e
}

// choice is a drop-down of the dialog.
func (f *formDialog) choice(options []string, placeholder string) *dialogSelect {
	return newDialogSelect(options, placeholder, f.keys())
}

// show shows the dialog over w with the cursor in its first field.
func (f *formDialog) show(w fyne.Window) {
	f.window = w
	f.dlg = dialog.NewForm(f.title, f.confirm, "Cancel", f.items, func(ok bool) {
		switch {
		case !ok || f.submitted == nil:
		case f.refused():
			// Fyne's form enables its confirm button once a field changes
			// even while another, never visited, is refused (a required
			// reason left blank): the dialog comes back at that field.
			f.open()
			f.refuse()
		default:
			f.submitted()
		}
	}, w)
	f.dlg.Resize(f.size)
	f.open()
	if f.focus != nil {
		w.Canvas().Focus(f.focus)
	}
}

// open shows the dialog with its keys.
func (f *formDialog) open() {
	f.dlg.Show()
	listenForKeys(f.window, f.dlg, f.keys())
}

// refused reports whether a field's check refuses what is typed, without
// showing it.
func (f *formDialog) refused() bool {
	for _, it := range f.items {
		if e, ok := it.Widget.(*dialogEntry); ok && e.Validator != nil && e.Validator(e.Text) != nil {
			return true
		}
	}
	return false
}

// dialogKeys are what Enter and Escape do in a dialog.
type dialogKeys struct {
	submit, cancel func() // nil: the key does nothing
}

// handle runs what key does; it reports whether the key was one of them.
func (k dialogKeys) handle(key *fyne.KeyEvent) bool {
	switch key.Name {
	case fyne.KeyEscape:
		if k.cancel != nil {
			k.cancel()
		}
		return true
	case fyne.KeyReturn, fyne.KeyEnter:
		if k.submit != nil {
			k.submit()
		}
		return true
	}
	return false
}

// escape runs cancel when key is Escape; it reports whether it was.
func (k dialogKeys) escape(key *fyne.KeyEvent) bool {
	if key.Name != fyne.KeyEscape {
		return false
	}
	return k.handle(key)
}

// listenForKeys makes Enter and Escape work in a dialog while none of its
// fields has the cursor (its fields hear them themselves), until it closes.
func listenForKeys(w fyne.Window, d dialog.Dialog, keys dialogKeys) {
	c := w.Canvas()
	before := c.OnTypedKey()
	c.SetOnTypedKey(func(key *fyne.KeyEvent) {
		if !keys.handle(key) && before != nil {
			before(key)
		}
	})
	d.SetOnClosed(func() { c.SetOnTypedKey(before) })
}

// closeKeys makes Enter and Escape close a dialog that only informs (About,
// an error, where a file was saved): Enter runs enter instead when set.
func closeKeys(w fyne.Window, d dialog.Dialog, enter func()) {
	if enter == nil {
		enter = d.Hide
	}
	listenForKeys(w, d, dialogKeys{submit: enter, cancel: d.Hide})
}

// password is a password box of the dialog.
func (f *formDialog) password(placeholder string) *dialogEntry {
	e := f.entry(placeholder, nil)
	e.Password = true
	return e
}

// escapeCancels makes Escape dismiss a question (Enter does nothing: the
// answer is chosen with a button).
func escapeCancels(w fyne.Window, d dialog.Dialog) {
	listenForKeys(w, d, dialogKeys{cancel: d.Dismiss})
}

// dialogEntry is a text box of a dialog: Escape in it cancels the dialog
// and Enter submits it (Shift+Enter in a box of several lines).
type dialogEntry struct {
	widget.Entry
	keys dialogKeys
}

// AcceptsTab reports false: Tab leaves even a box of several lines for
// the dialog's next field.
func (e *dialogEntry) AcceptsTab() bool { return false }

func newDialogEntry(multiLine bool, placeholder string, check fyne.StringValidator, keys dialogKeys) *dialogEntry {
	e := &dialogEntry{keys: keys}
	e.MultiLine = multiLine
	e.Wrapping = fyne.TextWrap(fyne.TextTruncateClip)
	e.ExtendBaseWidget(e)
	e.SetPlaceHolder(placeholder)
	e.Validator = check
	e.OnSubmitted = func(string) {
		if keys.submit != nil {
			keys.submit()
		}
	}
	return e
}

// TypedKey hears Escape before the entry does, and hands F1 to the window.
func (e *dialogEntry) TypedKey(key *fyne.KeyEvent) {
	if !e.keys.escape(key) && !helpKey(e, key) {
		e.Entry.TypedKey(key)
	}
}

// dialogSelect is a drop-down of a dialog: once chosen from, Escape in it
// cancels the dialog and Enter submits it.
type dialogSelect struct {
	widget.Select
	keys dialogKeys
}

func newDialogSelect(options []string, placeholder string, keys dialogKeys) *dialogSelect {
	s := &dialogSelect{keys: keys}
	s.Options = options
	s.PlaceHolder = placeholder
	s.ExtendBaseWidget(s)
	return s
}

// TypedKey hears Enter and Escape before the drop-down does.
func (s *dialogSelect) TypedKey(key *fyne.KeyEvent) {
	if !s.keys.handle(key) {
		s.Select.TypedKey(key)
	}
}

// dialogSelectEntry is a text box with a list to pick from, in a dialog:
// Escape in it cancels the dialog; Enter runs its own OnSubmitted.
type dialogSelectEntry struct {
	widget.SelectEntry
	keys dialogKeys
}

func newDialogSelectEntry(placeholder string, keys dialogKeys) *dialogSelectEntry {
	e := &dialogSelectEntry{keys: keys}
	e.ExtendBaseWidget(e)
	e.Wrapping = fyne.TextWrap(fyne.TextTruncateClip)
	e.SetPlaceHolder(placeholder)
	e.SetOptions(nil)
	return e
}

// TypedKey hears Escape before the entry does, and hands F1 to the window.
func (e *dialogSelectEntry) TypedKey(key *fyne.KeyEvent) {
	if !e.keys.escape(key) && !helpKey(e, key) {
		e.SelectEntry.TypedKey(key)
	}
}

// stageDialog asks which earlier stage a case goes back to, and why: moving
// a case back, or reopening a closed one.
type stageDialog struct {
	// OnSubmit runs with the stage chosen and the reason typed.
	OnSubmit func(to cdop.Stage, reason string)

	form   formDialog
	to     *dialogSelect
	reason *dialogEntry
}

// newStageDialog offers stages (labels, the first chosen); hint is the
// placeholder of the reason.
func newStageDialog(title, confirm string, stages []string, hint string) *stageDialog {
	d := &stageDialog{}
	d.form = formDialog{title: title, confirm: confirm, size: fyne.NewSize(560, 280), submitted: d.submit}
	d.to = d.form.choice(stages, "Choose the stage")
	d.to.SetSelected(stages[0])
	d.reason = d.form.notes(hint, requiredText("a reason"))
	d.form.items = []*widget.FormItem{
		widget.NewFormItem("To stage", d.to),
		widget.NewFormItem("Reason", d.reason),
	}
	d.form.focus = d.reason
	return d
}

// Show shows the dialog over w.
func (d *stageDialog) Show(w fyne.Window) { d.form.show(w) }

func (d *stageDialog) submit() {
	if d.OnSubmit != nil {
		d.OnSubmit(cdop.Stage(cdop.Stages.CodeForLabel(d.to.Selected)), strings.TrimSpace(d.reason.Text))
	}
}

// pauseDialog asks from when a clock is paused, and why.
type pauseDialog struct {
	// OnSubmit runs with the date the pause starts and its reason.
	OnSubmit func(from cdop.Date, reason string)

	form   formDialog
	from   *dialogEntry
	reason *dialogEntry
}

// newPauseDialog asks about pausing the clock described (e.g. "Child
// death review meeting held"), from today unless another date is typed.
func newPauseDialog(clock string, today cdop.Date) *pauseDialog {
	d := &pauseDialog{}
	d.form = formDialog{title: "Pause a clock", confirm: "Pause", size: fyne.NewSize(560, 280), submitted: d.submit}
	d.from = d.form.date(today.String(), "Paused from", true)
	d.reason = d.form.entry("e.g. awaiting inquest (required)", requiredText("a reason"))
	d.form.items = []*widget.FormItem{
		widget.NewFormItem("Clock", wrapped(clock)),
		widget.NewFormItem("Paused from", d.from),
		widget.NewFormItem("Reason", d.reason),
	}
	d.form.focus = d.reason
	return d
}

// Show shows the dialog over w.
func (d *pauseDialog) Show(w fyne.Window) { d.form.show(w) }

func (d *pauseDialog) submit() {
	from, err := readDate("Paused from", d.from.Text, true)
	if err == nil && d.OnSubmit != nil { // the date's check lets only a date through
		d.OnSubmit(from, strings.TrimSpace(d.reason.Text))
	}
}

// reasonDialog asks for one line of text about something it names: why a
// child is not the one of a look-alike case, why a notification is voided,
// which panel a case goes to.
type reasonDialog struct {
	// OnSubmit runs with the text typed, trimmed.
	OnSubmit func(reason string)

	form   formDialog
	reason *dialogEntry
}

// reasonAsk is what a reasonDialog asks: under its title, about subject
// (shown beside what), a line labelled label (a reason by default) with a
// placeholder; confirm names the button.
type reasonAsk struct {
	title, confirm, what, subject, label, placeholder string
}

// newReasonDialog returns the dialog asking a.
func newReasonDialog(a reasonAsk) *reasonDialog {
	label, need := "Reason", "a reason"
	if a.label != "" {
		label, need = a.label, strings.ToLower(a.label)
	}
	d := &reasonDialog{}
	d.form = formDialog{title: a.title, confirm: a.confirm, size: fyne.NewSize(560, 240), submitted: d.submit}
	d.reason = d.form.entry(a.placeholder, requiredText(need))
	d.form.items = []*widget.FormItem{
		widget.NewFormItem(a.what, widget.NewLabel(a.subject)),
		widget.NewFormItem(label, d.reason),
	}
	d.form.focus = d.reason
	return d
}

// Show shows the dialog over w.
func (d *reasonDialog) Show(w fyne.Window) { d.form.show(w) }

func (d *reasonDialog) submit() {
	if d.OnSubmit != nil {
		d.OnSubmit(strings.TrimSpace(d.reason.Text))
	}
}

// deferDialog asks why a meeting defers a case and what the panel awaits.
type deferDialog struct {
	// OnSubmit runs with the reason and what is awaited ("" if nothing typed).
	OnSubmit func(reason, awaiting string)

	form     formDialog
	reason   *dialogEntry
	awaiting *dialogEntry
}

// newDeferDialog asks about deferring the case with reference ref.
func newDeferDialog(ref string) *deferDialog {
	d := &deferDialog{}
	d.form = formDialog{title: "Defer " + ref, confirm: "Defer", size: fyne.NewSize(560, 300), submitted: d.submit}
	d.reason = d.form.notes("Why the case is deferred (required)", requiredText("a reason"))
	d.awaiting = d.form.entry("What the panel awaits, e.g. the inquest's findings", nil)
	d.form.items = []*widget.FormItem{
		widget.NewFormItem("Reason", d.reason),
		widget.NewFormItem("Awaiting", d.awaiting),
	}
	d.form.focus = d.reason
	return d
}

// Show shows the dialog over w.
func (d *deferDialog) Show(w fyne.Window) { d.form.show(w) }

func (d *deferDialog) submit() {
	if d.OnSubmit != nil {
		d.OnSubmit(strings.TrimSpace(d.reason.Text), strings.TrimSpace(d.awaiting.Text))
	}
}

// meetingDialog asks for a meeting's kind, date, start time, place and chair.
type meetingDialog struct {
	// OnSubmit runs with the meeting as entered (the one the dialog
	// started from, with the fields changed).
	OnSubmit func(m cdop.Meeting)

	start cdop.Meeting
	form  formDialog
	kind  *dialogSelect
	on    *dialogEntry
	at    *dialogEntry
	place *dialogEntry
	chair *dialogEntry
}

// newMeetingDialog shows the fields of m to change, under title, with
// confirm on the button that saves them.
func newMeetingDialog(title, confirm string, m cdop.Meeting) *meetingDialog {
	d := &meetingDialog{start: m}
	d.form = formDialog{title: title, confirm: confirm, size: fyne.NewSize(560, 320), submitted: d.submit}
	d.kind = d.form.choice(cdop.MeetingKinds.Labels(), "Choose the kind of meeting")
	d.kind.SetSelected(m.Kind.Label())
	on := ""
	if !m.On.IsZero() {
		on = m.On.String()
	}
	d.on = d.form.date(on, "Date", true)
	d.at = d.form.entry("HH:MM, 24 hour", func(s string) error {
		if s = strings.TrimSpace(s); s != "" && !timeOfDay.MatchString(s) {
			return userErrorf("type the time as HH:MM, e.g. 14:00")
		}
		return nil
	})
	d.at.SetText(m.StartsAt)
	d.place = d.form.entry("Room and building, or the link of an online meeting", nil)
	d.place.SetText(m.Place)
	d.chair = d.form.entry("Who chairs the meeting", nil)
	d.chair.SetText(m.Chair)
	d.form.items = []*widget.FormItem{
		widget.NewFormItem("Kind", d.kind),
		widget.NewFormItem("Date", d.on),
		widget.NewFormItem("Starts at", d.at),
		widget.NewFormItem("Place or link", d.place),
		widget.NewFormItem("Chair", d.chair),
	}
	d.form.focus = d.on
	return d
}

// Show shows the dialog over w.
func (d *meetingDialog) Show(w fyne.Window) { d.form.show(w) }

func (d *meetingDialog) submit() {
	m := d.start
	on, err := readDate("Date", d.on.Text, true)
	if err != nil || d.OnSubmit == nil {
		return // the date's check lets only a date through
	}
	m.Kind = cdop.MeetingKind(cdop.MeetingKinds.CodeForLabel(d.kind.Selected))
	m.On = on
	m.StartsAt, m.Place, m.Chair = strings.TrimSpace(d.at.Text), strings.TrimSpace(d.place.Text), strings.TrimSpace(d.chair.Text)
	d.OnSubmit(m)
}
