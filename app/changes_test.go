package app_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"casemanager/app"
	"casemanager/cdop"
	"casemanager/storage"
)

// fakeWatcher stands for the store's Watch: the test says when another
// coordinator's change arrives.
type fakeWatcher struct {
	mu      sync.Mutex
	changed func(int64)
	ended   chan struct{} // closed when the watch's context ends
}

func (w *fakeWatcher) Watch(ctx context.Context, changed func(int64)) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.changed = changed
	w.ended = make(chan struct{})
	context.AfterFunc(ctx, func() { close(w.ended) })
}

// tell delivers a change from the watcher's own goroutine, as the store does.
func (w *fakeWatcher) tell(seq int64) {
	w.mu.Lock()
	changed := w.changed
	w.mu.Unlock()
	done := make(chan struct{})
	go func() { changed(seq); close(done) }()
	<-done
}

// A case another coordinator logs (another handle on the same database)
// appears in the open register, and on the open dashboard, when the store
// tells of the change: no restart, no click.
func TestAnotherCoordinatorsChangeRefreshesTheRegisterAndDashboard(t *testing.T) {
	test.NewTempApp(t)
	db := openStore(t)
	other, err := storage.Open(db.Path(), cdop.FixedClock(today), storage.MustExist())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { other.Close() })
	w := &fakeWatcher{}
	h := newUI(t, db, db, func(s *app.Services) { s.Changes = w })
	h.store = other // storeCase writes as the other coordinator
	h.storeCase("Amara", "Okafor", "2024-01-05", "2026-10-01", nhsNumber(t, 11))

	h.tap("Case register")
	if n := len(h.rows()); n != 1 {
		t.Fatalf("register shows %d rows, want 1", n)
	}
	c := h.storeCase("Tariq", "Al-Amin", "2024-10-02", "2026-11-02", nhsNumber(t, 12))
	h.ui.Wait()
	if n := len(h.rows()); n != 1 {
		t.Fatalf("register shows %d rows before any change was told, want still 1 (nothing else refreshes it)", n)
	}
	w.tell(2)
	h.ui.Wait()
	if !hasRowWith(h.rows(), c.Ref) {
		t.Fatalf("after the change was told the register shows %v, want %s among them", h.rows(), c.Ref)
	}

	// The dashboard too: a third case logged elsewhere shows there.
	h.tap("Dashboard")
	before := textsIn(h.window.Content())
	d := h.storeCase("Zoë", "Brown", "2025-02-01", "2026-11-20", nhsNumber(t, 13))
	if containsText(before, d.Ref) {
		t.Fatal("the dashboard showed the new case before it was logged")
	}
	w.tell(3)
	h.ui.Wait()
	if !containsText(textsIn(h.window.Content()), d.Ref) {
		t.Errorf("after the change was told the dashboard does not show %s", d.Ref)
	}

	h.ui.Close()
	select {
	case <-w.ended:
	case <-time.After(5 * time.Second):
		t.Error("closing the app left the watch running")
	}
}

func hasRowWith(rows [][]string, text string) bool {
	for _, r := range rows {
		for _, cell := range r {
			if cell == text {
				return true
			}
		}
	}
	return false
}
