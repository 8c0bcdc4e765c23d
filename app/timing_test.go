package app_test

import (
	"context"
	"path/filepath"
	"slices"
	"sync"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"casemanager/app"
	"casemanager/cdop"
	"casemanager/storage"
)

// TestTimingTellsTheStartUpMomentsOnce: with WithTiming the app tells the
// sign-in form drawn, the sign-in and the register filled (with its count
// of rows), each once, in that order; tools/startup-timing.sh reads them.
func TestTimingTellsTheStartUpMomentsOnce(t *testing.T) {
	test.NewTempApp(t)
	db, err := storage.Open(filepath.Join(t.TempDir(), "cdop.db"), cdop.FixedClock(today))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	users(db)
	h := &harness{t: t, window: newWindow(t), db: db, store: db}
	for i := range 3 {
		h.storeCase("Zephyrine", "Quenby", "2019-07-09", "2025-11-14", nhsNumber(t, 7100+i))
	}
	db.SignOut(context.Background(), "set up")
	var mu sync.Mutex
	var moments []string
	var rows int
	h.ui = app.New(h.window, app.Services{Cases: db, Flow: db, Meetings: db, Accounts: db}, cdop.FixedClock(today), "ui-test", app.ApplyOnWait(),
		app.WithTiming(func(moment string, count int) {
			mu.Lock()
			defer mu.Unlock()
			moments = append(moments, moment)
			if moment == app.MomentRegisterFilled {
				rows = count
			}
		}))
	t.Cleanup(h.ui.Close)
	h.ui.Wait()
	h.window.Resize(fyne.NewSize(480, 360)) // a small frame draws quickly under the race detector
	h.window.Canvas().Capture()             // a frame drawn
	h.signIn("coordinator", "coordinator long password")
	h.tap("Case register")
	h.window.Canvas().Capture()
	h.tap("Dashboard")
	h.tap("Case register")
	mu.Lock()
	defer mu.Unlock()
	want := []string{app.MomentSignInDrawn, app.MomentSignedIn, app.MomentRegisterFilled}
	if !slices.Equal(moments, want) {
		t.Errorf("moments told %q; want %q", moments, want)
	}
	if rows != 3 {
		t.Errorf("the register filled with %d rows; want 3", rows)
	}
}

// listingCounter is the SQLite store counting the register's listings.
type listingCounter struct {
	*storage.DB
	mu    sync.Mutex
	lists int
}

func (c *listingCounter) ListCases(ctx context.Context, f cdop.CaseFilter) ([]cdop.CaseListing, error) {
	c.mu.Lock()
	c.lists++
	c.mu.Unlock()
	return c.DB.ListCases(ctx, f)
}

// TestSignInBuildsTheRegistersIndexOnlyForThoseWhoMayOpenIt: signing in as
// a coordinator has the case index built at once, in the background, so
// that the register's first opening does not wait for it (seconds at
// 100,000 cases); signing in as a panel member, who sees no identifier,
// never lists the cases.
func TestSignInBuildsTheRegistersIndexOnlyForThoseWhoMayOpenIt(t *testing.T) {
	for _, who := range []struct {
		name, password string
		lists          int
	}{{"coordinator", "coordinator long password", 1}, {"panel", "panel long password", 0}} {
		t.Run(who.name, func(t *testing.T) {
			test.NewTempApp(t)
			db, err := storage.Open(filepath.Join(t.TempDir(), "cdop.db"), cdop.FixedClock(today))
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { db.Close() })
			users(db)
			db.SignOut(context.Background(), "set up")
			counter := &listingCounter{DB: db}
			h := &harness{t: t, window: newWindow(t), db: db, store: counter}
			h.ui = app.New(h.window, app.Services{Cases: counter, Flow: counter, Meetings: counter, Accounts: db}, cdop.FixedClock(today), "ui-test", app.ApplyOnWait())
			t.Cleanup(h.ui.Close)
			h.ui.Wait()
			h.signIn(who.name, who.password)
			h.ui.Wait()
			if counter.lists != who.lists {
				t.Errorf("signed in as %s, the cases were listed %d times; want %d", who.name, counter.lists, who.lists)
			}
		})
	}
}
