package app

import (
	"context"
	"errors"
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

// Two coordinators editing one case: the store refuses the second save
// (cdop.RuleStaleCopy, naming who changed the case and when). The form
// keeps what was typed, and a dialog says what each changed and offers to
// reload the case and re-apply this coordinator's changes on top (shown
// for review, not saved), or to discard them.

// isStaleCopy reports whether err refuses a save because the case changed
// since it was loaded.
func isStaleCopy(err error) bool {
	var e *cdop.Error
	return errors.As(err, &e) && e.Rule == cdop.RuleStaleCopy
}

// conflict is a refused save of typed over the case the form had loaded.
type conflict struct {
	refusal error
	said    string // who changed the case and when, as one sentence
	typed   *cdop.Case
	fresh   *cdop.Case         // the case as stored now
	theirs  []string           // the fields changed since the form loaded the case
	mine    []cdop.FieldChange // the fields this coordinator changed
}

// onConflict loads the case as stored now and shows what changed.
func (f *CaseForm) onConflict(refusal error, typed *cdop.Case) {
	f.setStatus("Not saved: someone else saved this case after you opened it. What you typed is kept; loading what they changed…", widget.DangerImportance)
	original, id := f.original, typed.ID
	f.ui.run.Do(func(ctx context.Context) func() {
		fresh, err := f.ui.cases.FindCaseByID(ctx, id)
		var history []cdop.AuditEntry
		if err == nil {
			history, _ = f.ui.cases.CaseHistory(ctx, id) // without it the refusal's own words say who
		}
		return func() {
			if err != nil {
				f.setStatus("Not saved: "+userMessage(refusal)+" The case could not be loaded again: "+userMessage(err), widget.DangerImportance)
				return
			}
			k := &conflict{refusal: refusal, typed: typed, fresh: fresh, mine: f.myChanges(original, typed),
				said: changedBy(fresh.Ref, original, history, refusal)}
			for _, ch := range cdop.Diff(original, fresh) {
				k.theirs = append(k.theirs, ch.Field)
			}
			f.setStatus(k.said+" What you typed is kept.", widget.DangerImportance)
			f.showConflict(k)
		}
	})
}

// changedBy says who changed the case since the form loaded original, and
// when (the last change), from the case's audit rows; with none found, the
// refusal's own sentence.
func changedBy(ref string, original *cdop.Case, history []cdop.AuditEntry, refusal error) string {
	var who []string
	var last cdop.AuditEntry
	for _, e := range history {
		if e.At.After(original.UpdatedAt) && len(e.Changes) > 0 {
			if !slices.Contains(who, e.Actor) {
				who = append(who, e.Actor)
			}
			last = e
		}
	}
	if len(who) == 0 {
		return capitalise(cdop.ErrorMessage(refusal)) + "."
	}
	return fmt.Sprintf("%s was changed by %s at %s, after you opened it, so your changes were not saved.",
		ref, strings.Join(who, " and "), last.At.Local().Format("15:04 on 2 Jan 2006"))
}

// myChanges are the fields of the form that typed changes from original.
func (f *CaseForm) myChanges(original, typed *cdop.Case) []cdop.FieldChange {
	var out []cdop.FieldChange
	for _, ch := range cdop.Diff(original, typed) {
		if _, onForm := f.byColumn[ch.Field]; onForm {
			out = append(out, ch)
		}
	}
	return out
}

// showConflict shows the dialog of a refused save.
func (f *CaseForm) showConflict(k *conflict) {
	var mine []string
	for _, ch := range k.mine {
		mine = append(mine, ch.Field)
	}
	var both []string
	for _, field := range mine {
		if slices.Contains(k.theirs, field) {
			both = append(both, field)
		}
	}
	lines := []string{k.said}
	if len(k.theirs) > 0 {
		lines = append(lines, "They changed: "+fieldLabels(k.theirs)+".")
	}
	lines = append(lines, "You changed: "+fieldLabels(mine)+". What you typed is still on the form.")
	if len(both) > 0 {
		lines = append(lines, "You both changed: "+fieldLabels(both)+". Re-applying puts your value in place of theirs; check it before you save.")
	}
	showConflictDialog(f.ui.window, strings.Join(lines, "\n\n"),
		"Discard my changes", func() { f.discardFor(k) },
		"Reload and re-apply my changes", func() { f.reapply(k) })
}

// showConflictDialog shows a refused save's dialog: text, then Keep
// editing (or Escape), discard and reapply, each named by its label.
func showConflictDialog(w fyne.Window, text, discardLabel string, discard func(), reapplyLabel string, reapply func()) {
	label := widget.NewLabel(text)
	label.Wrapping = fyne.TextWrapWord
	var d *dialog.CustomDialog
	keep := widget.NewButton("Keep editing", func() { d.Hide() })
	discardButton := widget.NewButtonWithIcon(discardLabel, theme.DeleteIcon(), func() {
		d.Hide()
		discard()
	})
	discardButton.Importance = widget.DangerImportance
	reapplyButton := widget.NewButtonWithIcon(reapplyLabel, theme.ViewRefreshIcon(), func() {
		d.Hide()
		reapply()
	})
	reapplyButton.Importance = widget.HighImportance
	d = dialog.NewCustomWithoutButtons("Someone else saved this case", container.NewVScroll(label), w)
	d.SetButtons([]fyne.CanvasObject{keep, discardButton, reapplyButton})
	size := w.Canvas().Size()
	d.Resize(fyne.NewSize(min(620, size.Width-40), min(330, size.Height-40)))
	d.Show()
	listenForKeys(w, d, dialogKeys{cancel: keep.OnTapped})
}

// reapply shows the case as stored now with this coordinator's changes on
// top, for review: nothing is saved until they press Save.
func (f *CaseForm) reapply(k *conflict) {
	merged := k.fresh.Clone()
	touched := map[string]bool{}
	var skipped []string
	for _, ch := range k.mine {
		if err := merged.Set(ch.Field, ch.New); err != nil {
			skipped = append(skipped, ch.Field)
			continue
		}
		touched[ch.Field] = true
	}
	if f.distinctReason != "" {
		merged.DistinctReason = f.distinctReason
	}
	f.original = k.fresh
	f.setReadOnly(cdop.RefuseReadOnly(k.fresh) != nil)
	f.load(merged)
	f.touched = touched
	f.showAll = false
	f.showProblems(nil)
	msg := "Reloaded the case as it is saved now, with your changes to " + fieldLabels(keys(touched, k.mine)) + " on top. Check them, then Save."
	if len(skipped) > 0 {
		msg += " Not re-applied: " + fieldLabels(skipped) + "."
	}
	if f.readOnly {
		msg = "The case has been closed since you opened it, so your changes cannot be saved; reopen it first."
	}
	f.setStatus(msg, widget.WarningImportance)
	if f.onReloaded != nil {
		f.onReloaded()
	}
}

// discardFor drops what was typed and shows the case as stored now.
func (f *CaseForm) discardFor(k *conflict) {
	f.touched = map[string]bool{}
	f.distinctReason = ""
	f.original = k.fresh
	f.load(k.fresh)
	f.showAll = false
	f.showProblems(nil)
	f.setReadOnly(cdop.RefuseReadOnly(k.fresh) != nil)
	f.setStatus("Your changes were discarded: the case shows what is saved now.", widget.MediumImportance)
	if f.onReloaded != nil {
		f.onReloaded()
	}
}

// keys lists the fields of changes that are in set, in the changes' order.
func keys(set map[string]bool, changes []cdop.FieldChange) []string {
	var out []string
	for _, ch := range changes {
		if set[ch.Field] {
			out = append(out, ch.Field)
		}
	}
	return out
}

// fieldLabels names fields as the form labels them: "Summary, Key worker".
func fieldLabels(fields []string) string {
	if len(fields) == 0 {
		return "nothing"
	}
	labels := make([]string, len(fields))
	for i, name := range fields {
		labels[i] = name
		if f, ok := cdop.FieldNamed(name); ok && f.Label != "" {
			labels[i] = f.Label
		}
	}
	return strings.Join(labels, ", ")
}

// onConflict is a refused save of the analysis tab: someone saved the case
// after the page loaded it (loaded). The tab keeps what was typed; a dialog
// says who changed the case and when, and offers to reload the case and
// keep this analysis on the tab (to check, then save: the analysis typed
// goes over the case as saved now), or to discard it.
func (t *analysisTab) onConflict(refusal error, loaded *cdop.Case) {
	t.setStatus("Not saved: someone else saved this case after you opened it. Your analysis is kept on the tab.", widget.DangerImportance)
	ui := t.p.ui
	ui.run.Do(func(ctx context.Context) func() {
		history, _ := ui.cases.CaseHistory(ctx, loaded.ID) // without it the refusal's own words say who
		fresh, err := ui.cases.FindCaseByID(ctx, loaded.ID)
		return func() {
			lines := []string{changedBy(loaded.Ref, loaded, history, refusal)}
			if err == nil {
				var theirs []string
				for _, ch := range cdop.Diff(loaded, fresh) {
					theirs = append(theirs, ch.Field)
				}
				if len(theirs) > 0 {
					lines = append(lines, "They changed: "+fieldLabels(theirs)+".")
				}
			}
			lines = append(lines, "What you typed is still on the Analysis tab. Reloading keeps it there, to save over the case as saved now.")
			showConflictDialog(ui.window, strings.Join(lines, "\n\n"),
				"Discard my analysis", func() {
					t.touched = false
					t.p.reload(nil)
					t.setStatus("Discarded your changes: the analysis is shown as saved now.", widget.MediumImportance)
				},
				"Reload the case, keeping my analysis", func() {
					t.p.reload(nil) // the tab keeps what was typed (update)
					t.setStatus("Reloaded the case as it is saved now; your analysis is still on the tab. Check it, then Save analysis.", widget.MediumImportance)
				})
		}
	})
}
