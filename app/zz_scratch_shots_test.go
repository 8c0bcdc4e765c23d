package app_test

// SCRATCH: screenshots of the screens; not to be committed.

import (
	"context"
	"fmt"

	"fyne.io/fyne/v2/container"
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
	h.t.Logf("%s: content min size %v", name, h.window.Content().MinSize())
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
	ctx := cdop.WithActor(context.Background(), "jo.coordinator")
	var ids []int64
	for _, a := range []cdop.Agency{{Name: "Leeds Teaching Hospitals NHS Trust", Type: "health", Contact: "cdop@leedsth.example"},
		{Name: "West Yorkshire Police", Type: "police", Contact: "DS Khan"},
		{Name: "Leeds Children's Social Care", Type: "childrens_social_care"},
		{Name: "Roundhay High School", Type: "education"}} {
		a := a
		if err := db.SaveAgency(ctx, &a); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, a.ID)
	}
	d := func(s string) cdop.Date { return cdop.MustParseDate(s) }
	for i, r := range []cdop.AgencyRequest{
		{AgencyID: ids[0], Form: "reporting_form", RequestedOn: d("2026-10-01"), ReceivedOn: d("2026-10-20")},
		{AgencyID: ids[0], Form: "sudden_unexpected_death", RequestedOn: d("2026-10-01"), ChasedOn: []cdop.Date{d("2026-11-02"), d("2026-11-16")}},
		{AgencyID: ids[1], Form: "reporting_form", RequestedOn: d("2026-11-10")},
		{AgencyID: ids[2], Form: "reporting_form", RequestedOn: d("2026-10-05"), DeclinedOn: d("2026-10-09"), DeclineReason: "Not known to the service"},
		{AgencyID: ids[3], Form: "reporting_form", RequestedOn: d("2026-10-28")},
	} {
		r := r
		r.CaseID = files[0].Case.ID
		if err := db.SaveRequest(ctx, &r); err != nil {
			t.Fatal(i, err)
		}
	}
	if err := db.AddContact(ctx, &cdop.Contact{CaseID: files[0].Case.ID, On: d("2026-04-03"), Method: "visit", Note: "Home visit with the SUDIC nurse; leaflet given", By: "Jo Smith"}); err != nil {
		t.Fatal(err)
	}
	if err := db.PauseClock(ctx, &cdop.ClockPause{CaseID: files[0].Case.ID, Deadline: cdop.DeadlineCDOPReview, From: d("2026-09-15"), Reason: "Awaiting inquest"}); err != nil {
		t.Fatal(err)
	}
	files, _ = db.OpenCaseFiles(context.Background())
	pick = files[0]
	t.Logf("case %s stage %s requests %d", pick.Case.Ref, pick.Case.Stage, len(pick.Requests))
	h.ui.OpenCase(pick.Case.ID)
	h.ui.Wait()
	h.shot(prefix + "case-details")
	walk(h.window.Content(), func(o fyne.CanvasObject) bool {
		if tabs, ok := o.(*container.AppTabs); ok {
			for _, it := range tabs.Items {
				t.Logf("tab %s min %v", it.Text, it.Content.MinSize())
			}
		}
		if c, ok := o.(*fyne.Container); ok && c.MinSize().Width > 1000 {
			var kinds []string
			for _, ch := range c.Objects {
				kinds = append(kinds, fmt.Sprintf("%T %.0f", ch, ch.MinSize().Width))
			}
			t.Logf("wide container %.0f: %v", c.MinSize().Width, kinds)
		}
		return true
	})
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
