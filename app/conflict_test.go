package app_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"casemanager/app"
	"casemanager/cdop"
	"casemanager/storage"
)

// newUIAs is the app of a coordinator, actor, on their own handle of the
// database at path: two of them are two coordinators at two desks.
func newUIAs(t *testing.T, path, actor string, clock cdop.Clock) *harness {
	t.Helper()
	db, err := storage.Open(path, clock, storage.MustExist())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	w := newWindow(t)
	h := &harness{t: t, window: w, db: db, store: db}
	h.ui = app.New(w, app.Services{Cases: db, Flow: db, Meetings: db}, cdop.FixedClock(today), actor, app.ApplyOnWait())
	t.Cleanup(h.ui.Close)
	h.ui.Wait()
	return h
}

// twoCoordinators are jane.coordinator and sam.chair, each in an app of
// their own over one new database, with the clock they share.
func twoCoordinators(t *testing.T) (jane, sam *harness, clock *movingClock) {
	t.Helper()
	test.NewTempApp(t)
	path := openStore(t).Path()
	clock = &movingClock{now: today}
	return newUIAs(t, path, "jane.coordinator", clock), newUIAs(t, path, "sam.chair", clock), clock
}

// openFirstCase opens the first case of the register.
func (h *harness) openFirstCase() {
	h.t.Helper()
	h.tap("Case register")
	h.table().Select(widget.TableCellID{Row: 0, Col: 1})
	h.ui.Wait()
}

// entryText is the text of the entry labelled label.
func (h *harness) entryText(label string) string {
	h.t.Helper()
	return as[widget.Entry](h.field(label)).Text
}

// Two coordinators edit one case. The second save is refused with who
// changed the case, what and when; the form keeps what was typed; "Reload
// and re-apply my changes" shows the case as saved with the second
// coordinator's changes on top, saved only when they press Save.
func TestConflictingSaveOffersToReapplyMyChanges(t *testing.T) {
	jane, sam, clock := twoCoordinators(t)
	c := jane.storeCase("Tariq", "Al-Amin", "2024-10-02", "2025-02-08", nhsNumber(t, 7))

	jane.openFirstCase()
	sam.openFirstCase()
	clock.add(7 * time.Minute)
	jane.openTab("Family")
	jane.typeInto("Family's key worker", "SUDIC nurse")
	jane.tap("Save")
	jane.ui.Wait()

	sam.typeInto("Time of death", "04:15")
	sam.openTab("Family")
	sam.typeInto("Family's key worker", "Health visitor")
	sam.tap("Save")
	sam.ui.Wait()

	got := strings.Join(sam.dialogText(), "\n")
	for _, want := range []string{
		"Someone else saved this case",
		c.Ref + " was changed by jane.coordinator at " + today.Add(7*time.Minute).Local().Format("15:04 on 2 Jan 2006") + ", after you opened it, so your changes were not saved.",
		"They changed: Family's key worker.",
		"You changed: Time of death, Family's key worker. What you typed is still on the form.",
		"You both changed: Family's key worker.",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("the conflict dialog says:\n%s\nwant it to hold %q", got, want)
		}
	}
	stored := mustFind(t, sam.db, c.ID)
	if stored.KeyWorker != "SUDIC nurse" || stored.TimeOfDeath != "" {
		t.Fatalf("after the refused save the store holds key worker %q, time %q; want Jane's alone", stored.KeyWorker, stored.TimeOfDeath)
	}
	// Keep editing: nothing typed is lost.
	sam.tap("Keep editing")
	if got := sam.entryText("Family's key worker"); got != "Health visitor" {
		t.Fatalf("after the refusal the form shows key worker %q, want what Sam typed", got)
	}

	sam.tap("Save")
	sam.ui.Wait()
	sam.tap("Reload and re-apply my changes")
	sam.ui.Wait()
	if got := sam.entryText("Family's key worker"); got != "Health visitor" {
		t.Errorf("re-applied key worker %q, want Sam's", got)
	}
	sam.openTab("Details")
	if got := sam.entryText("Time of death"); got != "04:15" {
		t.Errorf("re-applied time of death %q, want Sam's", got)
	}
	if !containsText(sam.screenText(), "with your changes to Time of death, Family's key worker on top. Check them, then Save.") {
		t.Errorf("the form does not say what was re-applied: %q", sam.screenText())
	}
	if got := mustFind(t, sam.db, c.ID); got.KeyWorker != "SUDIC nurse" {
		t.Fatalf("re-applying saved already (key worker %q): it must wait for Save", got.KeyWorker)
	}

	sam.tap("Save")
	sam.ui.Wait()
	saved := mustFind(t, sam.db, c.ID)
	if saved.KeyWorker != "Health visitor" || saved.TimeOfDeath != "04:15" {
		t.Errorf("after Save the store holds key worker %q, time %q; want Sam's re-applied changes", saved.KeyWorker, saved.TimeOfDeath)
	}
	history, err := sam.db.CaseHistory(context.Background(), c.ID)
	if err != nil {
		t.Fatal(err)
	}
	last := history[len(history)-1]
	if last.Actor != "sam.chair" || !slices.ContainsFunc(last.Changes, func(ch cdop.FieldChange) bool {
		return ch.Field == "key_worker" && ch.Old == "SUDIC nurse" && ch.New == "Health visitor"
	}) {
		t.Errorf("last audit row %+v, want Sam's change over Jane's key worker", last)
	}
}

// "Discard my changes" drops what was typed and shows the case as the
// other coordinator saved it.
func TestConflictingSaveCanDiscardMyChanges(t *testing.T) {
	test.NewTempApp(t)
	path := openStore(t).Path()
	jane := newUIAs(t, path, "jane.coordinator", cdop.FixedClock(today))
	sam := newUIAs(t, path, "sam.chair", cdop.FixedClock(today))
	c := jane.storeCase("Amara", "Okafor", "2024-01-05", "2025-03-01", nhsNumber(t, 9))
	jane.openFirstCase()
	sam.openFirstCase()
	jane.typeInto("Time of death", "11:30")
	jane.tap("Save")
	jane.ui.Wait()
	sam.typeInto("Time of death", "23:05")
	sam.tap("Save")
	sam.ui.Wait()
	sam.tap("Discard my changes")
	sam.ui.Wait()
	if got := sam.entryText("Time of death"); got != "11:30" {
		t.Errorf("after discarding the form shows time %q, want Jane's 11:30", got)
	}
	if got := mustFind(t, sam.db, c.ID).TimeOfDeath; got != "11:30" {
		t.Errorf("stored time %q, want Jane's", got)
	}
	// The form is clean again: a save now has nothing to save.
	sam.tap("Save")
	sam.ui.Wait()
	if !containsText(sam.screenText(), "Nothing to save") {
		t.Errorf("after discarding, Save says %q; want nothing to save", sam.screenText())
	}
}

func mustFind(t *testing.T, db *storage.DB, id string) *cdop.Case {
	t.Helper()
	c, err := db.FindCaseByID(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// Two coordinators: one saves the family's key worker, the other's
// analysis save is refused with who changed what; reloading keeps the
// typed analysis on the tab, and saving it then keeps both changes.
func TestConflictingAnalysisSaveKeepsTheAnalysisAndReloads(t *testing.T) {
	jane, sam, clock := twoCoordinators(t)
	c := jane.caseAtReview("Noah", "Clarke", "2024-01-01", "2026-03-02", "2026-06-01", 101)

	jane.openFromRegister(c.Ref)
	sam.openFromRegister(c.Ref)
	sam.openTab("Analysis")
	clock.add(5 * time.Minute)
	jane.openTab("Family")
	jane.typeInto("Family's key worker", "SUDIC nurse")
	jane.tap("Save")

	sam.typeInto("Cause of death as understood", "Bronchiolitis")
	sam.tap("Save analysis")
	got := strings.Join(sam.dialogText(), "\n")
	for _, want := range []string{"was changed by jane.coordinator", "They changed: Family's key worker.", "What you typed is still on the Analysis tab."} {
		if !strings.Contains(got, want) {
			t.Errorf("the conflict dialog says %q; want %q in it", got, want)
		}
	}
	if cause := sam.caseFile(c.ID).Case.Analysis.CauseOfDeath; cause == "Bronchiolitis" {
		t.Fatal("the refused analysis was saved")
	}
	sam.tap("Reload the case, keeping my analysis")
	if got := as[widget.Entry](sam.field("Cause of death as understood")).Text; got != "Bronchiolitis" {
		t.Fatalf("after reloading, the tab shows the cause %q; want what was typed", got)
	}
	sam.tap("Save analysis")
	stored := sam.caseFile(c.ID).Case
	if stored.Analysis.CauseOfDeath != "Bronchiolitis" || stored.KeyWorker != "SUDIC nurse" {
		t.Errorf("after the reload and save: cause %q, key worker %q; want both coordinators' changes", stored.Analysis.CauseOfDeath, stored.KeyWorker)
	}
}
