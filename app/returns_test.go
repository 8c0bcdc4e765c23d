package app_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	fynestorage "fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"

	"casemanager/cdop"
)

// An agency's return is typed through its form: an answer typed, one
// chosen, "Not known" in one click; a date typed wrong is refused under
// its item and nothing is stored; corrected, the return is saved and the
// request's row says how much is answered. The drowning form is suggested
// from the circumstances and put in the request form in one click.
func TestAnAgencyReturnIsTypedThroughItsForm(t *testing.T) {
	h := newHarness(t)
	ctx := cdop.WithActor(context.Background(), "setup")
	c := h.storeCase("Grace", "O'Neill", "2014-06-30", "2026-10-02", "")
	c.Summary = "Found in the canal by a dog walker; presumed drowning."
	if err := h.store.UpdateCase(ctx, c); err != nil {
		t.Fatal(err)
	}
	police := h.agency("West Yorkshire Police", "police")
	req := cdop.AgencyRequest{CaseID: c.ID, AgencyID: police.ID, Form: "reporting_form", RequestedOn: cdop.MustParseDate("2026-10-05")}
	if err := h.store.SaveRequest(ctx, &req); err != nil {
		t.Fatal(err)
	}
	h.openFromRegister(c.Ref)
	h.openTab("Agency reports")
	if !containsText(h.screenText(), "Suggested: Supplementary: drowning — the cause or circumstances mention drowning.") {
		t.Errorf("the drowning form is not suggested: %q", h.screenText())
	}
	h.tap("Request this form…")
	if got := h.field("Form"); !slices.Contains(everyText(got), "Supplementary: drowning") {
		t.Errorf("the suggestion did not put the drowning form in the request form: %q", everyText(got))
	}

	// At the smallest laptop window, the row of an outstanding request
	// and the return's form fit.
	h.window.Resize(fyne.NewSize(1024, 640))
	h.fits("the Agency reports tab with an outstanding request", "Return…", "Request this form…")
	h.tapInRow("West Yorkshire Police", "Return…")
	h.fits("the return's form", "Save return", "Import from a file…")
	if !containsText(h.screenText(), "Reporting form — West Yorkshire Police") {
		t.Fatalf("the return's form is not open: %q", h.screenText())
	}
	h.choose("Was the child known to the agency?", "Yes")
	h.typeInto("The events leading to the death, as known to the agency", "Reported missing at 18:40; found in the canal at 21:15.")
	h.tapInRow("Regular medication", "Not known")
	h.tapInRow("Special educational needs support or an EHC plan", "N/A")
	h.choose("Children's social care involvement", "Early help")
	h.typeInto("Date of the agency's last contact with the child", "31/02/2026")
	rf, _ := cdop.ReturnFormFor("reporting_form")
	total := len(rf.Items())
	if !containsText(h.screenText(), "6 of "+strconv.Itoa(total)+" items answered · not saved yet") {
		t.Errorf("the status does not count what is typed: %q", h.screenText())
	}
	h.tap("Save return")
	if msg := h.fieldError("Date of the agency's last contact with the child"); !strings.Contains(msg, "2026-02-31") {
		t.Errorf("the wrong date's problem under its item = %q", msg)
	}
	if r, err := h.db.Return(context.Background(), req.ID); err != nil || r != nil {
		t.Fatalf("a refused return was stored: %+v, %v", r, err)
	}

	last := as[widget.Entry](h.field("Date of the agency's last contact with the child"))
	last.SetText("")
	h.typeInto("Date of the agency's last contact with the child", "14/09/2026")
	h.tap("Save return")
	r, err := h.db.Return(context.Background(), req.ID)
	if err != nil || r == nil {
		t.Fatalf("the return was not stored: %v", err)
	}
	want := map[string]string{"known_to_agency": "yes", "events": "Reported missing at 18:40; found in the canal at 21:15.",
		"medication": cdop.AnswerNotKnown, "send_support": cdop.AnswerNotApplicable, "social_care_involvement": "early_help",
		"last_contact_on": "2026-09-14"}
	if len(r.Answers) != len(want) {
		t.Errorf("stored answers = %v; want %v", r.Answers, want)
	}
	for id, v := range want {
		if r.Answers[id] != v {
			t.Errorf("stored %s = %q; want %q", id, r.Answers[id], v)
		}
	}
	if !containsText(h.screenText(), "Saved the reporting form from West Yorkshire Police.") || containsText(h.screenText(), "not saved yet") {
		t.Errorf("after saving: %q", h.screenText())
	}
	h.tap("Back to the case")
	if !hasButton(h.window.Content(), "Return (6/"+strconv.Itoa(total)+")…") {
		t.Errorf("the request's row does not say how much of the return is answered: %q", everyText(h.window.Content()))
	}
}

// A returned file is imported from the return's screen: one with a wrong
// answer is refused naming its line and item, and nothing changes; a
// whole one fills every item.
func TestAnAgencyReturnIsImportedFromItsFile(t *testing.T) {
	h := newHarness(t)
	ctx := cdop.WithActor(context.Background(), "setup")
	c := h.storeCase("Grace", "O'Neill", "2014-06-30", "2026-10-02", "")
	police := h.agency("West Yorkshire Police", "police")
	req := cdop.AgencyRequest{CaseID: c.ID, AgencyID: police.ID, Form: "drowning", RequestedOn: cdop.MustParseDate("2026-10-05")}
	if err := h.store.SaveRequest(ctx, &req); err != nil {
		t.Fatal(err)
	}
	form, _ := cdop.ReturnFormFor("drowning")
	file := func(name, waterType string) string {
		lines := []string{"item,answer"}
		for _, it := range form.Items() {
			v := "not known"
			if it.ID == "water_type" {
				v = waterType
			}
			lines = append(lines, it.ID+","+v)
		}
		path := filepath.Join(t.TempDir(), name)
		if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		return path
	}
	var pick string
	h.ui.ChooseOpenFile = func(_ string, _ []string, done func(fyne.URIReadCloser, error)) {
		rc, err := fynestorage.Reader(fynestorage.NewFileURI(pick))
		done(rc, err)
	}
	h.openFromRegister(c.Ref)
	h.openTab("Agency reports")
	h.tapInRow("West Yorkshire Police", "Return…")

	pick = file("bad.csv", "puddle")
	h.tap("Import from a file…")
	if !containsText(everyText(h.window.Canvas().Overlays().Top()), `line 2: item water_type: "puddle" is not allowed`) {
		t.Errorf("the refusal does not name the line and item")
	}
	h.tap("Close")
	if r, _ := h.db.Return(context.Background(), req.ID); r != nil {
		t.Fatalf("a refused file was stored: %+v", r)
	}
	pick = file("good.csv", "sea")
	h.tap("Import from a file…")
	r, err := h.db.Return(context.Background(), req.ID)
	if err != nil || r == nil || r.Answers["water_type"] != "sea" || r.Source != cdop.ReturnImported || len(r.Answers) != len(form.Items()) {
		t.Fatalf("the imported return = %+v, %v", r, err)
	}
	if got := as[widget.Select](h.field("Type of water")).Selected; got != "Sea or coast" {
		t.Errorf("the form after the import shows %q for the type of water", got)
	}
}

// The panel reads what the agencies returned, anonymised: never the
// child's name typed into a return, who wrote it, or a date.
func TestThePanelViewShowsReturnsWithoutIdentifiers(t *testing.T) {
	h := newHarness(t)
	c := h.caseAtReview("Zephyrine", "Quenby-Haworth", "2025-07-09", "2025-11-14", "2026-02-17", 5151)
	f := h.caseFile(c.ID)
	r := cdop.AgencyReturn{RequestID: f.Requests[0].ID, Answers: map[string]string{
		"completed_by":    "Staff Nurse Ottoline Brackwater",
		"known_to_agency": "yes",
		"events":          "Zephyrine Quenby-Haworth was seen in clinic on 3 November 2025 with a cough; mother advised on safer sleep.",
		"medication":      cdop.AnswerNotKnown,
	}}
	if err := h.db.SaveReturn(cdop.WithActor(context.Background(), "setup"), &r); err != nil {
		t.Fatal(err)
	}
	m := h.meeting("panel", "2026-11-20", c)
	h.ui.ShowMeeting(m.ID)
	h.ui.Wait()
	h.tap("Panel view")
	screen := everyText(h.window.Content())
	for _, want := range []string{"What the agencies returned", "Reporting form — Leeds Teaching Hospitals NHS Trust",
		"[withheld] was seen in clinic on [withheld] with a cough; mother advised on safer sleep.", "Was the child known to the agency?", "Not known"} {
		if !containsText(screen, want) {
			t.Errorf("the panel view does not show %q", want)
		}
	}
	for _, leak := range []string{"Zephyrine", "Quenby", "Haworth", "Ottoline", "Brackwater", "3 November 2025"} {
		if containsText(screen, leak) {
			t.Errorf("the panel view shows %q", leak)
		}
	}
}

// A read-only case (here voided) shows a return as recorded, with nothing to type.
func TestAReadOnlyCaseShowsItsReturnsAsRecorded(t *testing.T) {
	h := newHarness(t)
	ctx := cdop.WithActor(context.Background(), "setup")
	c := h.storeCase("Grace", "O'Neill", "2014-06-30", "2026-10-02", "")
	police := h.agency("West Yorkshire Police", "police")
	req := cdop.AgencyRequest{CaseID: c.ID, AgencyID: police.ID, Form: "cardiac", RequestedOn: cdop.MustParseDate("2026-10-05")}
	if err := h.store.SaveRequest(ctx, &req); err != nil {
		t.Fatal(err)
	}
	r := cdop.AgencyReturn{RequestID: req.ID, Answers: map[string]string{"diagnosis": "Long QT syndrome", "defibrillator_used": "yes"}}
	if err := h.db.SaveReturn(ctx, &r); err != nil {
		t.Fatal(err)
	}
	c = h.caseFile(c.ID).Case
	c.VoidedReason = "Logged in error"
	if err := h.store.UpdateCase(ctx, c); err != nil {
		t.Fatal(err)
	}
	h.openFromRegister(c.Ref)
	h.openTab("Agency reports")
	h.tap("Return (2/8)…")
	screen := h.screenText()
	for _, want := range []string{"Long QT syndrome", "A defibrillator was used", "Yes", "2 of 8 items answered"} {
		if !containsText(screen, want) {
			t.Errorf("the read-only return does not show %q: %q", want, screen)
		}
	}
	if hasButton(h.window.Content(), "Save return") || hasButton(h.window.Content(), "Not known") {
		t.Error("a read-only case's return can be edited")
	}
}
