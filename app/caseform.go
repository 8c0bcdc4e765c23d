package app

import (
	"context"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"casemanager/cdop"
)

// CaseForm edits a case's own fields: the notification form of a new case,
// or, on a case's page, the fields spread over its Details, Decisions and
// Family tabs, saved together. It validates as the coordinator types, warns
// of a possible duplicate before saving, and saves in the background.
type CaseForm struct {
	ui       *UI
	original *cdop.Case // nil for a new notification
	content  fyne.CanvasObject

	fields   []*fieldWidget
	byColumn map[string]*fieldWidget
	entries  map[string]*widget.Entry
	choices  map[string]*widget.Select
	touched  map[string]bool
	// sectionOf is the collapsible section holding each field.
	sectionOf map[string]*formSection
	showAll   bool // after a save attempt every problem is shown, touched or not
	summary   bool // the status shows the problems of a refused save, kept in step as fields change
	loading   bool // true while setting values
	readOnly  bool // a closed case

	statuses      []*widget.Label  // one per save bar
	saveButtons   []*widget.Button // one per save bar
	scrolls       []*container.Scroll
	duplicate     *fyne.Container
	duplicateText *widget.Label
	duplicateOf   *cdop.Case
	duplicateIs   cdop.Match     // how the case on show compares with duplicateOf
	differentKid  *widget.Button // "Different child…": resolves a possible duplicate
	mergeInto     *widget.Button // "Merge into …": merges this notification into the look-alike
	dupChecks     int
	// distinctReason is why the coordinator confirmed this is a different
	// child from a look-alike case ("" until confirmed); saved with the case.
	distinctReason string

	// onSaved is called after an existing case is saved, with what is stored.
	onSaved func(*cdop.Case)
	// onReloaded is called after a refused save's dialog reloaded the case
	// (conflict.go), so the page shows the rest of it as stored now.
	onReloaded func()
}

// newCaseForm builds the widgets editing the given columns of original (nil
// for a new case); the caller lays them out with box and card.
func newCaseForm(u *UI, original *cdop.Case, columns []string) *CaseForm {
	f := &CaseForm{
		ui: u, original: original,
		byColumn: map[string]*fieldWidget{},
		entries:  map[string]*widget.Entry{},
		choices:  map[string]*widget.Select{},
		touched:  map[string]bool{},

		sectionOf: map[string]*formSection{},
	}
	for _, col := range columns {
		spec := specFor(col)
		fw := newFieldWidget(spec, func() { f.onFieldChanged(spec.column) })
		f.fields = append(f.fields, fw)
		f.byColumn[col] = fw
		if fw.entry != nil {
			f.entries[col] = fw.entry
		}
		if fw.choice != nil {
			f.choices[col] = fw.choice
		}
	}

	f.duplicateText = widget.NewLabel("")
	f.duplicateText.Wrapping = fyne.TextWrapWord
	f.duplicateText.Importance = widget.WarningImportance
	openExisting := widget.NewButtonWithIcon("Open existing case", theme.FolderOpenIcon(), func() {
		if existing := f.duplicateOf; existing != nil {
			// What was typed is lost on leaving: the navigator asks first.
			u.OpenCase(existing.ID)
		}
	})
	f.differentKid = widget.NewButton("Different child…", f.confirmDistinct)
	f.differentKid.Hide()
	f.mergeInto = widget.NewButtonWithIcon("Merge…", theme.ContentPasteIcon(), f.onMerge)
	f.mergeInto.Hide()
	f.duplicate = container.NewBorder(nil, nil, widget.NewIcon(theme.WarningIcon()),
		container.NewVBox(container.NewHBox(f.mergeInto, f.differentKid), openExisting), f.duplicateText)
	f.duplicate.Hide()

	if original != nil {
		f.load(original)
	}
	return f
}

// newNotificationForm is the screen a new death is logged on.
func newNotificationForm(u *UI) *CaseForm {
	secs := notificationSections()
	var columns []string
	for _, sec := range secs {
		columns = append(columns, sec.Fields...)
	}
	f := newCaseForm(u, nil, columns)
	cards := make([]fyne.CanvasObject, len(secs))
	for i, sec := range secs {
		cards[i] = f.card(sec)
	}
	back := widget.NewButtonWithIcon("Case register", theme.NavigateBackIcon(), u.ShowCaseList)
	title := heading("New notification")
	// The first section (the child) on the left, the others on the right.
	body := container.NewGridWithColumns(2, cards[0], container.NewVBox(cards[1:]...))
	// The duplicate warning comes and goes as the coordinator types: it sits
	// in the footer above Save, so the fields above it never move.
	f.content = container.NewBorder(container.NewBorder(nil, nil, back, nil, title),
		container.NewVBox(f.duplicate, f.saveBar("Save")), nil, nil, f.scroll(body))
	f.setValue("notified_on", u.today().String())
	return f
}

// load shows a case's values in the widgets.
func (f *CaseForm) load(c *cdop.Case) {
	f.loading = true
	defer func() { f.loading = false }()
	for _, fw := range f.fields {
		v := c.Get(fw.spec.column)
		if fw.spec.column == "jar_triggers" && v == "" {
			v = c.JARReason // a case imported with the single reason of the interchange file
		}
		fw.setValue(v)
	}
}

// setOriginal replaces the case the form edits, after it changed in the
// store (saved, or moved to another stage). Unsaved edits are kept.
func (f *CaseForm) setOriginal(c *cdop.Case) {
	f.original = c
	if !f.Dirty() {
		f.load(c)
		f.showAll = false
		f.showProblems(nil)
	}
	f.setReadOnly(cdop.RefuseReadOnly(c) != nil)
	if f.readOnly {
		f.showDuplicate(nil, cdop.Match{})
	} else if !f.Dirty() {
		f.checkDuplicates(c) // a look-alike stored before (an import, an older database) is offered for merging
	}
}

// Dirty reports whether the coordinator changed something not yet saved.
func (f *CaseForm) Dirty() bool { return len(f.touched) > 0 }

// box returns the labelled editor of a column.
func (f *CaseForm) box(column string) fyne.CanvasObject {
	return f.byColumn[column].box
}

// card returns the card of a form section: a header that collapses and
// opens it, over its fields two to a row after any lead objects (read-only
// facts shown beside them), under the section's note when it has one.
func (f *CaseForm) card(sec cdop.FormSection, lead ...fyne.CanvasObject) *widget.Card {
	boxes := append([]fyne.CanvasObject(nil), lead...)
	for _, col := range sec.Fields {
		boxes = append(boxes, f.box(col))
	}
	var body fyne.CanvasObject = pairedRows(boxes)
	if sec.Note != "" {
		body = container.NewVBox(lowLabel(sec.Note), body)
	}
	s := newFormSection(sec.Title, body, f.relayout)
	for _, col := range sec.Fields {
		f.sectionOf[col] = s
	}
	return widget.NewCard("", "", container.NewVBox(s.header, body))
}

// formSection is a titled section of a form that its header collapses and
// opens again; it stays as the coordinator left it while the form is open
// (a reload of the case keeps it).
type formSection struct {
	header  *widget.Button
	body    fyne.CanvasObject
	toggled func()
}

func newFormSection(title string, body fyne.CanvasObject, toggled func()) *formSection {
	s := &formSection{body: body, toggled: toggled}
	s.header = widget.NewButtonWithIcon(title, theme.MenuDropDownIcon(), func() { s.setOpen(!s.open()) })
	s.header.Alignment = widget.ButtonAlignLeading
	s.header.Importance = widget.LowImportance
	return s
}

// open reports whether the section shows its fields.
func (s *formSection) open() bool { return s.body.Visible() }

// setOpen shows or collapses the section's fields.
func (s *formSection) setOpen(open bool) {
	if open == s.open() {
		return
	}
	showIf(s.body, open)
	if open {
		s.header.SetIcon(theme.MenuDropDownIcon())
	} else {
		s.header.SetIcon(theme.MenuExpandIcon())
	}
	s.toggled()
}

// relayout lays the form's scrolls out again after a section collapsed or
// opened, or error lines came or went.
func (f *CaseForm) relayout() {
	for _, s := range f.scrolls {
		if c, ok := s.Content.(*fyne.Container); ok {
			c.Refresh()
		}
		s.Refresh()
	}
}

// openSectionOf opens the section holding the field of column, so that
// the field can be seen (a problem with it, or a jump to it).
func (f *CaseForm) openSectionOf(column string) {
	if s, ok := f.sectionOf[column]; ok {
		s.setOpen(true)
	}
}

// scroll wraps content in a vertical scroll that is re-laid out when error
// lines appear or go.
func (f *CaseForm) scroll(content fyne.CanvasObject) *container.Scroll {
	s := container.NewVScroll(content)
	f.scrolls = append(f.scrolls, s)
	return s
}

// saveBar returns a status line with a Save button; every bar saves the whole form.
func (f *CaseForm) saveBar(text string) fyne.CanvasObject {
	status := widget.NewLabel("")
	status.Wrapping = fyne.TextWrapWord
	save := widget.NewButtonWithIcon(text, theme.DocumentSaveIcon(), f.Save)
	save.Importance = widget.HighImportance
	if f.readOnly {
		save.Hide()
	}
	f.statuses = append(f.statuses, status)
	f.saveButtons = append(f.saveButtons, save)
	return container.NewBorder(nil, nil, nil, save, status)
}

func (f *CaseForm) setStatus(text string, importance widget.Importance) {
	f.summary = false
	for _, s := range f.statuses {
		s.Importance = importance
		s.SetText(text)
	}
}

// setReadOnly disables every field and hides the Save buttons (a closed case).
func (f *CaseForm) setReadOnly(ro bool) {
	f.readOnly = ro
	for _, fw := range f.fields {
		fw.setEnabled(!ro)
	}
	for _, b := range f.saveButtons {
		if ro {
			b.Hide()
		} else {
			b.Show()
		}
	}
}

func (f *CaseForm) setValue(column, v string) {
	f.loading = true
	defer func() { f.loading = false }()
	if fw, ok := f.byColumn[column]; ok {
		fw.setValue(v)
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
			msg := err.Error()
			if fw.spec.kind == dateField {
				// Said of the date as typed (31/02/2026), not as rewritten for the parser.
				msg = cdop.Quote(strings.TrimSpace(fw.entry.Text)) + " is not a date; type it as YYYY-MM-DD or DD/MM/YYYY"
			}
			problems = append(problems, cdop.FieldError{Field: fw.spec.column, Message: msg})
		}
	}
	if _, ok := f.byColumn["jar_triggers"]; ok {
		// The interchange file's single JAR reason is the first trigger ticked.
		c.JARReason = ""
		if len(c.JARTriggers) > 0 {
			c.JARReason = c.JARTriggers[0]
		}
	}
	if f.distinctReason != "" {
		c.DistinctReason = f.distinctReason
	}
	if err := c.ValidateOn(f.ui.today()); err != nil {
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
	if !f.summary {
		// A "Saved … at" from before no longer describes the form.
		f.setStatus("Changed — not saved yet.", widget.MediumImportance)
	}
	f.updateSummary(problems)
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
			msg = problemSentences(problems, fw.spec.column)
			if fw.spec.column == "jar_triggers" && msg == "" {
				msg = problemSentences(problems, "jar_reason")
			}
		}
		if msg != "" && f.showAll {
			f.openSectionOf(fw.spec.column) // a problem is never hidden in a collapsed section
		}
		changed = fw.showError(msg) || changed
	}
	if changed {
		f.relayout()
	}
}

// updateSummary keeps the problems listed after a refused save in step
// with the fields: it lists the problems there are now, and clears once
// they are all corrected.
func (f *CaseForm) updateSummary(problems cdop.ValidationErrors) {
	if !f.summary {
		return
	}
	if len(problems) == 0 {
		f.summary = false
		f.setStatus("", widget.MediumImportance)
		return
	}
	f.setStatus(f.problemSummary(problems), widget.DangerImportance)
	f.summary = true
}

// problemSentences words every problem with one field, as sentences.
func problemSentences(problems cdop.ValidationErrors, field string) string {
	var out []string
	for _, p := range problems {
		if p.Field == field {
			out = append(out, problemSentence(p))
		}
	}
	return strings.Join(out, ". ")
}

// problemSummary names the fields with problems, so a problem on another
// tab is not missed, and gives the messages of problems no field shows.
func (f *CaseForm) problemSummary(problems cdop.ValidationErrors) string {
	var labels, others []string
	seen := map[string]bool{}
	for _, p := range problems {
		field := p.Field
		if field == "jar_reason" {
			field = "jar_triggers"
		}
		fw, ok := f.byColumn[field]
		switch {
		case !ok:
			others = append(others, p.Error())
		case !seen[field]:
			seen[field] = true
			labels = append(labels, fw.spec.label)
		}
	}
	text := fmt.Sprintf("Not saved: %s.", plural(len(problems), "problem"))
	if len(labels) > 0 {
		text += " Correct the fields marked in red: " + strings.Join(labels, "; ") + "."
	}
	if len(others) > 0 {
		text += " " + strings.Join(others, "; ")
	}
	return text
}

// checkDuplicates looks for stored cases that look like the same child
// and shows what the rules make of the closest: the same NHS number, a
// possible duplicate to resolve, or a look-alike with another NHS number.
func (f *CaseForm) checkDuplicates(c *cdop.Case) {
	f.dupChecks++
	seq := f.dupChecks
	if c.NHSNumber == "" && c.DuplicateKey() == "" {
		f.showDuplicate(nil, cdop.Match{})
		return
	}
	f.ui.run.Do(func(ctx context.Context) func() {
		found, err := f.ui.cases.FindDuplicates(ctx, c)
		return func() {
			if seq != f.dupChecks || err != nil {
				return
			}
			f.showDuplicate(closestMatch(cdop.LookupForm(c), found))
		}
	})
}

// closestMatch returns the stored case most like c, refusals first, and
// how it compares; nil when none is alike.
func closestMatch(c *cdop.Case, found []*cdop.Case) (*cdop.Case, cdop.Match) {
	var best *cdop.Case
	var match cdop.Match
	rank := func(m cdop.Match) int {
		if m.Refused() {
			return 10 + int(m.Likeness)
		}
		return int(m.Likeness)
	}
	for _, d := range found {
		if m := c.Compare(d); m.Likeness != cdop.NotAlike && (best == nil || rank(m) > rank(match)) {
			best, match = d, m
		}
	}
	return best, match
}

func (f *CaseForm) showDuplicate(existing *cdop.Case, m cdop.Match) {
	f.duplicateOf, f.duplicateIs = existing, m
	if existing == nil {
		f.duplicate.Hide()
		return
	}
	who := fmt.Sprintf("%s, %s (died %s)", existing.Ref, existing.FullName(), existing.DateOfDeath.Display())
	f.differentKid.Hide()
	f.mergeInto.SetText("Merge into " + existing.Ref + "…")
	showIf(f.mergeInto, (m.Likeness == cdop.SameChild || m.Likeness == cdop.PossibleDuplicate) && !f.readOnly)
	switch {
	case m.Likeness == cdop.SameChild:
		f.duplicateText.SetText(fmt.Sprintf("Possible duplicate of %s: %s. Merge this notification into the existing case rather than logging the death twice.", who, m.Reason))
	case m.Likeness == cdop.PossibleDuplicate && !m.Resolved:
		f.duplicateText.SetText(fmt.Sprintf("Possible duplicate of %s: %s. Merge this notification into the existing case, or choose Different child… and say why.", who, m.Reason))
		f.differentKid.Show()
	case m.Likeness == cdop.PossibleDuplicate:
		f.duplicateText.SetText(fmt.Sprintf("Looks like %s (%s), but confirmed a different child: %s", who, m.Reason, f.confirmedReason(existing)))
	default:
		f.duplicateText.SetText(fmt.Sprintf("Note: %s has %s. Both can be saved.", who, m.Reason))
	}
	f.duplicate.Show()
}

// confirmedReason is the reason a possible duplicate was resolved with:
// this form's, or the one the existing case records.
func (f *CaseForm) confirmedReason(existing *cdop.Case) string {
	if f.distinctReason != "" {
		return f.distinctReason
	}
	if f.original != nil && f.original.DistinctReason != "" {
		return f.original.DistinctReason
	}
	return existing.DistinctReason
}

// confirmDistinct asks why the child is not the one of the look-alike case,
// and keeps the reason to save with the case.
func (f *CaseForm) confirmDistinct() {
	existing := f.duplicateOf
	if existing == nil {
		return
	}
	d := newReasonDialog(reasonAsk{title: "A different child", confirm: "Confirm", what: "Looks like",
		subject:     existing.Ref + ", " + existing.FullName(),
		placeholder: "Why this is a different child, e.g. twins confirmed by the maternity unit (required)"})
	d.OnSubmit = func(reason string) {
		f.distinctReason = reason
		if c, _ := f.toCase(); c != nil {
			f.checkDuplicates(c)
		}
		f.setStatus("Confirmed a different child from "+existing.Ref+"; the reason is saved with the case.", widget.MediumImportance)
	}
	d.Show(f.ui.window)
}

// Save validates the form and, when it is sound, stores the case; a new
// case then opens on its page.
func (f *CaseForm) Save() { f.save(nil) }

// saveThen saves the form as Save does, then runs done instead of what
// follows a save (e.g. leaving the screen); a refused save runs nothing.
func (f *CaseForm) saveThen(done func()) { f.save(done) }

func (f *CaseForm) save(then func()) {
	if f.readOnly {
		return
	}
	if f.original != nil && !f.Dirty() {
		f.setStatus("Nothing to save: no field has changed since the case was loaded or saved.", widget.MediumImportance)
		if then != nil {
			then()
		}
		return
	}
	f.showAll = true
	c, problems := f.toCase()
	f.showProblems(problems)
	if len(problems) > 0 {
		f.setStatus(f.problemSummary(problems), widget.DangerImportance)
		f.summary = true
		return
	}
	f.summary = false
	if f.duplicateOf != nil && f.duplicateIs.Refused() {
		f.setStatus("Not saved: this looks like a case already on the register (see the warning above Save).", widget.DangerImportance)
		return
	}
	f.enableSave(false)
	f.setStatus("Saving…", widget.MediumImportance)
	isNew := f.original == nil
	f.ui.run.Do(func(ctx context.Context) func() {
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
			f.enableSave(true)
			if err != nil {
				f.onSaveFailed(err, c, dups)
				return
			}
			f.touched = map[string]bool{}
			f.showAll = false
			if isNew && then != nil {
				then()
				return
			}
			if isNew {
				f.ui.openCaseNoting(c.ID, fmt.Sprintf("Saved %s, %s.", c.Ref, c.FullName()))
				return
			}
			f.setOriginal(c)
			f.setStatus(fmt.Sprintf("Saved %s at %s.", c.Ref, f.ui.clock.Now().Format("15:04")), widget.SuccessImportance)
			if f.onSaved != nil {
				f.onSaved(c)
			}
			if then != nil {
				then()
			}
		}
	})
}

func (f *CaseForm) enableSave(on bool) {
	for _, b := range f.saveButtons {
		if on {
			b.Enable()
		} else {
			b.Disable()
		}
	}
}

func (f *CaseForm) onSaveFailed(err error, c *cdop.Case, dups []*cdop.Case) {
	if isStaleCopy(err) && f.original != nil {
		f.onConflict(err, c)
		return
	}
	if v, ok := cdop.AsValidationErrors(err); ok {
		f.showProblems(v)
		f.setStatus(f.problemSummary(v), widget.DangerImportance)
		f.summary = true
		return
	}
	if len(dups) > 0 {
		f.showDuplicate(closestMatch(cdop.LookupForm(c), dups))
	}
	f.setStatus("Not saved: "+userMessage(err), widget.DangerImportance)
}

// pairedRows lays fields out two to a row, each row as tall as its taller
// field; a field wider than wideField (a checklist of long choices) takes
// a row of its own, so that two of them side by side never make the form
// wider than a laptop's window.
func pairedRows(boxes []fyne.CanvasObject) fyne.CanvasObject {
	rows := container.NewVBox()
	var pair []fyne.CanvasObject
	flush := func() {
		if len(pair) > 0 {
			rows.Add(container.NewGridWithColumns(2, pair...))
			pair = nil
		}
	}
	for _, b := range boxes {
		if b.MinSize().Width > wideField {
			flush()
			rows.Add(b)
			continue
		}
		pair = append(pair, b)
		if len(pair) == 2 {
			flush()
		}
	}
	flush()
	return rows
}

// wideField is the widest field pairedRows puts beside another.
const wideField = 340

// heading is a screen's bold title.
func heading(text string) *widget.Label {
	l := widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	l.SizeName = theme.SizeNameSubHeadingText
	l.Truncation = fyne.TextTruncateEllipsis
	return l
}

// plural counts things: "1 case", "2 cases", "3 agencies", "1,204 rows".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	if stem, ok := strings.CutSuffix(noun, "y"); ok && stem != "" && !strings.ContainsAny(stem[len(stem)-1:], "aeiou") {
		return thousands(n) + " " + stem + "ies" // agency, agencies
	}
	return thousands(n) + " " + noun + "s"
}
