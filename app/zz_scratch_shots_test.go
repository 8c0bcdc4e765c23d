package app_test

// SCRATCH: screenshots of the screens; not to be committed.

import (
	"context"
	"image/png"
	"io"
	"os"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"casemanager/cdop"
	"casemanager/storage"
)

func (h *harness) shot(name string) {
	h.t.Helper()
	img := h.window.Canvas().Capture()
	f, err := os.Create("/tmp/ui/shots/" + name + ".png")
	if err != nil {
		h.t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, img); err != nil {
		h.t.Fatal(err)
	}
}

func TestScratchShots(t *testing.T) {
	src := os.Getenv("SHOT_DB")
	if src == "" {
		t.Skip("SHOT_DB not set")
	}
	a := test.NewTempApp(t)
	if os.Getenv("SHOT_LIGHT") != "" {
		a.Settings().SetTheme(theme.LightTheme())
	} else {
		a.Settings().SetTheme(theme.DarkTheme())
	}
	dst := t.TempDir() + "/demo.db"
	in, _ := os.Open(src)
	out, _ := os.Create(dst)
	io.Copy(out, in)
	in.Close()
	out.Close()
	db, err := storage.Open(dst, cdop.FixedClock(today))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	h := newUI(t, db)
	h.window.Resize(fyne.NewSize(1280, 800))
	prefix := os.Getenv("SHOT_PREFIX")
	h.shot(prefix + "dashboard")
	h.tap("Case register")
	h.shot(prefix + "register")
	h.tap("Agencies")
	h.shot(prefix + "agencies")
	h.tap("Settings")
	h.shot(prefix + "settings")

	// a case in information gathering with requests, else any open case
	files, _ := db.OpenCaseFiles(context.Background())
	var pick *cdop.CaseFile
	for _, f := range files {
		if len(f.Requests) > 0 && (pick == nil || len(f.Requests) > len(pick.Requests)) {
			pick = f
		}
	}
	if pick == nil {
		pick = files[0]
	}
	t.Logf("case %s stage %s requests %d", pick.Case.Ref, pick.Case.Stage, len(pick.Requests))
	h.ui.OpenCase(pick.Case.ID)
	h.ui.Wait()
	h.shot(prefix + "case-details")
	if next, ok := pick.Case.Stage.Next(); ok {
		h.tap("Move to " + next.Label())
		h.shot(prefix + "case-move")
	}
	for _, tab := range []string{"Decisions", "Deadlines", "Agency reports", "Family", "Timeline"} {
		h.openTab(tab)
		h.shot(prefix + "case-" + tab)
	}
	h.tap("Move back…")
	h.shot(prefix + "case-moveback-dialog")
	_ = widget.NewLabel
	h.tap("Cancel")

	// a closed case
	closed, _ := db.FindCases(context.Background(), cdop.CaseFilter{Stage: cdop.StageClosed, Limit: 1})
	if len(closed) > 0 {
		h.ui.OpenCase(closed[0].ID)
		h.ui.Wait()
		h.shot(prefix + "case-closed")
	}
	h.tap("New notification")
	h.shot(prefix + "new")
}
