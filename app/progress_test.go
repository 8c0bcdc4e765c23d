package app_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"casemanager/app"
	"casemanager/cdop"
	"casemanager/storage"
)

// gatedFiles is the SQLite store reading each case file only once the
// test lets it (or the work is cancelled).
type gatedFiles struct {
	*storage.DB
	next chan struct{}
}

func (g *gatedFiles) CaseFile(ctx context.Context, id string) (*cdop.CaseFile, error) {
	select {
	case <-g.next:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	return g.DB.CaseFile(ctx, id)
}

// progressBar returns the determinate bar of the dialog on show, nil when
// there is none (or it is still endless).
func (h *harness) progressBar() *widget.ProgressBar {
	top := h.window.Canvas().Overlays().Top()
	if top == nil {
		return nil
	}
	var bar *widget.ProgressBar
	walk(top, func(o fyne.CanvasObject) bool {
		if b, ok := o.(*widget.ProgressBar); ok {
			bar = b
			return false
		}
		return true
	})
	return bar
}

// TestPanelPackProgressHasATotalAndCancels: the panel pack's progress is a
// bar out of the cases on the agenda that moves as each is read (it was an
// endless bar), and Cancel part way leaves no file.
func TestPanelPackProgressHasATotalAndCancels(t *testing.T) {
	h := newHarness(t)
	gated := &gatedFiles{DB: h.db, next: make(chan struct{})}
	h = newUI(t, gated, h.db)
	var agenda []*cdop.Case
	for i, last := range []string{"Quenby-Haworth", "Ifeanyichukwu", "Wrenfield"} {
		agenda = append(agenda, h.caseAtReview("Zephyrine", last, "2019-07-09", "2025-11-14", "2026-02-17", 5150+100*i))
	}
	m := h.meeting("panel", "2026-11-20", agenda...)
	h.ui.ShowMeeting(m.ID)
	h.ui.Wait()

	// Made through to the end, the bar counts the three cases.
	dir := t.TempDir()
	h.saveTo(filepath.Join(dir, "pack.pdf"))
	h.tapNoWait("Panel pack…")
	h.waitFor(func() bool { bar := h.progressBar(); return bar != nil && bar.Value == 0 && bar.Max == 3 }, "the bar at 0 of 3")
	for read := 1; read <= 3; read++ {
		gated.next <- struct{}{} // one case read
		h.waitFor(func() bool { bar := h.progressBar(); return bar != nil && bar.Value == float64(read) && bar.Max == 3 },
			"the bar at %d of 3", read)
		if got, want := h.progressBar().TextFormatter(), fmt.Sprintf("%d of 3 cases", read); got != want {
			t.Errorf("the bar says %q; want %q", got, want)
		}
	}
	h.ui.Wait()
	checkPDF(t, filepath.Join(dir, "pack.pdf"))
	h.tap("Close")

	// Cancelled after one case, nothing is saved.
	h.saveTo(filepath.Join(dir, "cancelled.pdf"))
	h.tapNoWait("Panel pack…")
	gated.next <- struct{}{}
	h.waitFor(func() bool { bar := h.progressBar(); return bar != nil && bar.Value == 1 }, "the bar at 1 of 3")
	test.Tap(h.button("Cancel"))
	h.ui.Wait()
	if !containsText(h.dialogText(), "Cancelled: nothing was saved.") {
		t.Errorf("after Cancel: %q", h.dialogText())
	}
	if got := files(t, dir); len(got) != 1 {
		t.Errorf("after a cancelled pack the folder holds %q; want only the first pack", got)
	}
}

// tapNoWait taps the button text and leaves the work it starts running.
func (h *harness) tapNoWait(text string) {
	h.t.Helper()
	test.Tap(h.button(text))
}

// waitFor applies what background work has queued until ok holds, for at
// most ten seconds; then it fails the test saying what was awaited.
func (h *harness) waitFor(ok func() bool, what string, args ...any) {
	h.t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		h.ui.ApplyQueued()
		if ok() {
			return
		}
	}
	h.t.Fatalf("waited 10 s for "+what, args...)
}

// gatedBackups is the SQLite store whose Back up now reports a first
// stretch of its copy, then waits for the test.
type gatedBackups struct {
	*storage.DB
	next chan struct{}
}

func (g *gatedBackups) BackUpNow(ctx context.Context) (cdop.Backup, error) {
	cdop.ReportProgress(ctx, cdop.Progress{Stage: "Copying the database", Done: 1 << 20, Total: 4 << 20, Unit: cdop.UnitBytes})
	select {
	case <-g.next:
	case <-ctx.Done():
		return cdop.Backup{}, ctx.Err()
	}
	return g.DB.BackUpNow(ctx)
}

// TestBackUpNowShowsBytesOfATotal: Back up now's bar is out of the bytes
// to copy and says so, with the stage under way.
func TestBackUpNowShowsBytesOfATotal(t *testing.T) {
	h := newHarness(t)
	gated := &gatedBackups{DB: h.db, next: make(chan struct{})}
	h = newUI(t, h.db, h.db, func(s *app.Services) { s.Backups = gated })
	h.tap("Backups")
	h.tapNoWait("Back up now")
	h.waitFor(func() bool { bar := h.progressBar(); return bar != nil && bar.Max == 4<<20 && bar.Value == 1<<20 }, "the bar at 1 MiB of 4")
	if got := h.progressBar().TextFormatter(); got != "1.0 MB of 4.0 MB" {
		t.Errorf("the bar says %q", got)
	}
	if !containsText(h.dialogText(), "Copying the database…") {
		t.Errorf("the dialog says %q; want the stage", h.dialogText())
	}
	close(gated.next)
	h.ui.Wait()
	if !containsPrefix(h.screenText(), "Backed up:") {
		t.Errorf("after the backup: %q", h.screenText())
	}
}
