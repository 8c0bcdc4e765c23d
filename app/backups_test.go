package app_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"casemanager/app"
	"casemanager/cdop"
	"casemanager/storage"
)

// withBackups hands the store to the app as its backup service too.
func withBackups(db *storage.DB) func(*app.Services) {
	return func(s *app.Services) { s.Backups = db }
}

func containsAll(t *testing.T, what string, texts []string, want ...string) {
	t.Helper()
	joined := strings.Join(texts, "\n")
	for _, w := range want {
		if !strings.Contains(joined, w) {
			t.Errorf("%s does not say %q:\n%s", what, w, joined)
		}
	}
}

func TestBackupsScreenBacksUpNowAndRestoresOne(t *testing.T) {
	test.NewTempApp(t)
	db, err := storage.Open(filepath.Join(t.TempDir(), "cdop.db"), cdop.FixedClock(today))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	h := newUI(t, db, db, withBackups(db))
	ctx := cdop.WithActor(context.Background(), "setup")
	h.storeCase("Ottoline", "Varga", "2025-01-03", "2025-06-02", nhsNumber(t, 4100))

	// Opening the app made the day's backup.
	h.tap("Backups")
	containsAll(t, "the Backups screen", h.screenText(), "Daily", "Automatic backups kept", "Restore this one…")
	if got := as[widget.Entry](h.field("Automatic backups kept")).Text; got != "14" {
		t.Errorf("backups kept shows %q, want 14", got)
	}

	h.tap("Back up now")
	containsAll(t, "the Backups screen", h.screenText(), "Backed up:", "checked", "Back up now")
	list, err := db.Backups(ctx)
	if err != nil || len(list) != 2 || list[0].Reason != cdop.BackupManual {
		t.Fatalf("backups after Back up now: %+v, %v", list, err)
	}

	// A case saved after the backup, then the backup restored: asked first.
	h.storeCase("Wilhelmina", "Ashdown", "2025-02-03", "2025-07-02", nhsNumber(t, 4200))
	h.tapInRow("Back up now", "Restore this one…")
	containsAll(t, "the confirmation", h.dialogText(), "Everything saved since then will no longer be in the register", "backed up first and kept beside it")
	h.tap("Restore")
	containsAll(t, "the outcome", h.dialogText(), "Restored the backup made on", "(1 case)", "The database it replaced is kept as", "A backup of it was made first")
	cases, err := db.FindCases(ctx, cdop.CaseFilter{})
	if err != nil || len(cases) != 1 || cases[0].LastName != "Varga" {
		t.Errorf("after the restore the register holds %d cases (%v), want Varga's alone", len(cases), err)
	}
	if kept, _ := filepath.Glob(db.Path() + ".replaced-*"); len(kept) != 1 {
		t.Errorf("the replaced database was not kept beside it: %v", kept)
	}

	// How many are kept: a setting, and a number.
	h.retype("Automatic backups kept", "0")
	h.tap("Keep this many")
	containsAll(t, "the Backups screen", h.screenText(), "Not saved:", "keep 1 to 1000 backups")
	h.retype("Automatic backups kept", "2")
	h.tap("Keep this many")
	if list, _ := db.Backups(ctx); len(list) != 2 {
		t.Errorf("keeping 2: %d backups left", len(list))
	}
}

func TestSavingOverTheLiveDatabaseIsRefusedAndTheDatabaseIsUntouched(t *testing.T) {
	h := newHarness(t)
	c := h.storeCase("Ottoline", "Varga", "2025-01-03", "2025-06-02", nhsNumber(t, 4300))
	h.ui.OpenCase(c.ID)
	h.ui.Wait()
	for _, target := range []string{h.db.Path(), h.db.Path() + "-wal", h.keyPath,
		filepath.Join(filepath.Dir(h.db.Path()), "backups", "x.pdf")} {
		os.MkdirAll(filepath.Dir(target), 0o700)
		before, _ := os.ReadFile(target)
		h.saveTo(target)
		h.tap("Export PDF…")
		h.tap("Choose where to save…")
		containsAll(t, "saving to "+target, h.dialogText(), "nothing was saved", target)
		if after, _ := os.ReadFile(target); string(after) != string(before) {
			t.Errorf("%s was changed", target)
		}
		h.window.Canvas().Overlays().Top().Hide()
	}
	if err := h.db.Check(context.Background()); err != nil {
		t.Errorf("the database after the refusals: %v", err)
	}
	if got, err := h.db.FindCases(context.Background(), cdop.CaseFilter{}); err != nil || len(got) != 1 {
		t.Errorf("the register holds %d cases (%v), want 1", len(got), err)
	}
}

func TestAnExistingFileChosenInTheSaveDialogIsReplacedWhole(t *testing.T) {
	// The file-save dialog asks before an existing file is chosen; once
	// chosen, the new PDF replaces it whole, by rename.
	h := newHarness(t)
	c := h.storeCase("Ottoline", "Varga", "2025-01-03", "2025-06-02", nhsNumber(t, 4400))
	h.ui.OpenCase(c.ID)
	h.ui.Wait()
	path := filepath.Join(t.TempDir(), "old.pdf")
	if err := os.WriteFile(path, []byte("last month's summary"), 0o600); err != nil {
		t.Fatal(err)
	}
	h.saveTo(path)
	h.tap("Export PDF…")
	h.tap("Choose where to save…")
	checkPDF(t, path)
	if got := files(t, filepath.Dir(path)); len(got) != 1 {
		t.Errorf("the folder holds %q", got)
	}
}

func TestTheBannerSaysWhenTheDatabaseIsReadOnlyOrASaveWaits(t *testing.T) {
	h := newHarness(t)
	if got := h.screenText(); strings.Contains(strings.Join(got, "\n"), "read-only") {
		t.Fatal("a banner before anything happened")
	}
	h.ui.SetWaiting(true)
	containsAll(t, "the window", h.screenText(), "Another user or program is saving — waiting…")
	h.ui.SetWaiting(false)
	if strings.Contains(strings.Join(h.screenText(), "\n"), "waiting") {
		t.Error("the waiting banner stayed")
	}
	h.ui.SetReadOnly(cdop.Errorf(cdop.EREADONLY, "the database x.db is read-only here (the disk is read-only)"))
	containsAll(t, "the window", h.screenText(), "The database x.db is read-only here")
}
