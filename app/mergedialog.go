package app

import (
	"context"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"casemanager/cdop"
)

// onMerge asks how to merge the notification on show into the case it
// looks like (what moves, and which value to keep where the two differ),
// then merges it: a notification typed on the form is logged voided as
// merged, a stored one voided, its records moved, in one transaction.
func (f *CaseForm) onMerge() {
	existing := f.duplicateOf
	if existing == nil {
		return
	}
	newer := f.original
	if newer == nil {
		c, problems := f.toCase()
		if len(problems) > 0 {
			f.showAll = true
			f.showProblems(problems)
			f.setStatus("Not merged: correct the fields marked in red first; what is typed here goes into "+existing.Ref+".", widget.DangerImportance)
			return
		}
		newer = c
	}
	plan, err := cdop.PlanMerge(existing, newer)
	if err != nil {
		f.setStatus("Not merged: "+userMessage(err), widget.DangerImportance)
		return
	}
	d := newMergeDialog(plan, f.original != nil && f.Dirty())
	d.onMerge = func(useNewer []string) { f.merge(existing, newer, useNewer) }
	d.show(f.ui.window)
}

// merge merges newer into existing, taking the newer's values of the
// fields useNewer names, then opens the merged case.
func (f *CaseForm) merge(existing, newer *cdop.Case, useNewer []string) {
	what := "this notification"
	if newer.Ref != "" {
		what = newer.Ref
	}
	f.setStatus("Merging…", widget.MediumImportance)
	f.ui.run.Do(func(ctx context.Context) func() {
		target := existing.Clone()
		err := f.ui.cases.MergeCases(ctx, target, newer, useNewer)
		return func() {
			if err != nil {
				f.setStatus("Not merged: "+userMessage(err), widget.DangerImportance)
				return
			}
			f.touched = map[string]bool{} // merged: nothing is left unsaved here
			f.ui.openCaseNoting(target.ID, fmt.Sprintf("Merged %s into %s; it is kept, voided as merged.", what, target.Ref))
		}
	})
}

// mergeDialog shows what a merge will do and asks, for each value the two
// cases hold differently, which to keep.
type mergeDialog struct {
	plan    *cdop.MergePlan
	choices []*widget.RadioGroup // one per conflict, in the plan's order
	content fyne.CanvasObject
	onMerge func(useNewer []string)
}

// newMergeDialog builds the dialog of a plan; unsaved says the page holds
// changes that are not part of the merge.
func newMergeDialog(plan *cdop.MergePlan, unsaved bool) *mergeDialog {
	d := &mergeDialog{plan: plan}
	into, newer := plan.Existing.Ref, plan.Newer.Ref
	this := "This notification"
	intro := fmt.Sprintf("This notification is logged and merged into %s, the existing case: the values %s lacks are taken from it, and it is kept, voided as “merged into %s”.", into, into, into)
	if newer != "" {
		this = newer
		intro = fmt.Sprintf("%s is merged into %s, the existing case: the values %s lacks are taken from %s, its agency requests, contacts and recommendations move to %s, and %s is kept, voided as “merged into %s”. Both are audited.",
			newer, into, into, newer, into, newer, into)
	}
	items := []fyne.CanvasObject{wrapped(intro)}
	if unsaved {
		l := wrapped("This page has changes not yet saved: the merge takes the case as it was last saved.")
		l.Importance = widget.WarningImportance
		items = append(items, l)
	}
	if len(plan.Taken) > 0 {
		items = append(items, boldLabel(fmt.Sprintf("Taken from %s (%s lacks them)", lowerFirst(this), into)))
		for _, name := range plan.Taken {
			field, _ := cdop.FieldNamed(name)
			items = append(items, wrapped("– "+field.Label+": "+field.Display(plan.Newer)))
		}
	} else {
		items = append(items, wrapped(fmt.Sprintf("%s lacks nothing that %s holds.", into, lowerFirst(this))))
	}
	if len(plan.Conflicts) > 0 {
		items = append(items, boldLabel("Recorded differently: choose which to keep"))
		for _, c := range plan.Conflicts {
			keep := widget.NewRadioGroup([]string{into + ": " + c.ExistingDisplay, this + ": " + c.NewerDisplay}, nil)
			keep.Required = true
			keep.SetSelected(keep.Options[0])
			d.choices = append(d.choices, keep)
			items = append(items, widget.NewLabelWithStyle(c.Label, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), keep)
		}
	}
	d.content = container.NewVScroll(container.NewVBox(items...))
	return d
}

// useNewer names the conflicts whose newer value was chosen.
func (d *mergeDialog) useNewer() []string {
	var out []string
	for i, keep := range d.choices {
		if keep.Selected == keep.Options[1] {
			out = append(out, d.plan.Conflicts[i].Field)
		}
	}
	return out
}

func (d *mergeDialog) show(w fyne.Window) {
	dlg := dialog.NewCustomConfirm("Merge into "+d.plan.Existing.Ref, "Merge", "Cancel", d.content, func(ok bool) {
		if ok && d.onMerge != nil {
			d.onMerge(d.useNewer())
		}
	}, w)
	dlg.Resize(fyne.NewSize(640, min(560, w.Canvas().Size().Height-40)))
	dlg.Show()
	escapeCancels(w, dlg)
}
