package app_test

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"casemanager/cdop"
)

// everyText returns every piece of text under o, shown or hidden: labels,
// rich text, entries (and their placeholders), drop-downs, check boxes,
// buttons, cards and text drawn straight on the canvas.
func everyText(o fyne.CanvasObject) []string {
	var out []string
	var visit func(o fyne.CanvasObject)
	visit = func(o fyne.CanvasObject) {
		if o == nil {
			return
		}
		switch x := o.(type) {
		case *widget.Label:
			out = append(out, x.Text)
		case *widget.RichText:
			out = append(out, x.String())
		case *widget.Entry:
			out = append(out, x.Text, x.PlaceHolder)
		case *widget.SelectEntry:
			out = append(out, x.Text, x.PlaceHolder)
		case *widget.Select:
			out = append(out, x.Selected, x.PlaceHolder)
			out = append(out, x.Options...)
		case *widget.Check:
			out = append(out, x.Text)
		case *widget.Button:
			out = append(out, x.Text)
		case *widget.Card:
			out = append(out, x.Title, x.Subtitle)
		case *widget.Hyperlink:
			out = append(out, x.Text)
		case *canvas.Text:
			out = append(out, x.Text)
		}
		switch x := o.(type) {
		case *fyne.Container:
			for _, c := range x.Objects {
				visit(c)
			}
		case *container.Scroll:
			visit(x.Content)
		case fyne.Widget:
			for _, c := range test.WidgetRenderer(x).Objects() {
				visit(c)
			}
		}
	}
	visit(o)
	return out
}

func TestThePanelViewShowsNoIdentifierOfTheChild(t *testing.T) {
	h := newHarness(t)
	ctx := cdop.WithActor(context.Background(), "setup")
	nhs := nhsNumber(t, 5150)
	c := h.caseAtReview("Zephyrine", "Quenby-Haworth", "2025-07-09", "2025-11-14", "2026-02-17", 5150)
	c.TimeOfDeath = "03:47"
	c.Postcode = "LS6 2QR"
	c.ResidenceLA = "E08000035"
	c.Ethnicity = "A"
	c.PlaceOfDeath = "home"
	c.KeyWorker = "Harriet Fennimore, SUDIC nurse"
	c.Summary = "Found unresponsive by Zephyrine's father at 14 Wensleydale Road"
	c.JAR, c.JARTriggers, c.JARReason = "yes", []string{"sudden_unexplained"}, "sudden_unexplained"
	c.AbuseNeglectSuspected = "yes"
	c.CSPRPNotifiedOn = cdop.MustParseDate("2025-11-18")
	c.RapidReviewCompletedOn = cdop.MustParseDate("2025-12-05")
	c.PostMortem, c.Inquest = "yes", "pending"
	c.PostMortemReportReceivedOn = cdop.MustParseDate("2026-02-01")
	c.FamilyToldCDRMOn = cdop.MustParseDate("2026-01-20")
	c.Analysis = cdop.Analysis{
		Category: 10, Modifiable: "identified", CauseOfDeath: "Unascertained (SUDI)",
		Learning: []string{"Safer sleep advice at every contact"},
		Domains: [4]cdop.DomainEntry{
			{Score: cdop.ScoreOf(1)},
			{Score: cdop.ScoreOf(2), Factors: []string{"Unsafe sleep: co-sleeping or shared surface"}, Modifiable: []string{"Unsafe sleep: co-sleeping or shared surface"}},
			{Score: cdop.ScoreOf(1)},
			{Score: cdop.ScoreOf(0)},
		},
		FactorDetails: []cdop.FactorDetail{{Domain: "b", Factor: "Unsafe sleep: co-sleeping or shared surface", Code: "B02", Contribution: "contributed"}},
	}
	if err := h.db.UpdateCase(ctx, c); err != nil {
		t.Fatal(err)
	}
	if err := h.db.AddContact(ctx, &cdop.Contact{CaseID: c.ID, On: cdop.MustParseDate("2025-11-15"), Method: "phone", By: "Harriet Fennimore", Note: "Spoke to Zephyrine's mother"}); err != nil {
		t.Fatal(err)
	}
	m := h.meeting("panel", "2026-11-20", c)
	h.ui.ShowMeeting(m.ID)
	h.ui.Wait()
	if !containsText(everyText(h.window.Content()), "Zephyrine Quenby-Haworth") {
		t.Fatal("the coordinator's meeting page does not name the child: the test cannot tell a leak from a missing case")
	}

	h.tap("Panel view")
	screen := everyText(h.window.Content())
	for _, want := range []string{c.Ref, "28–364 days", "within 1 month", "Death (Home)", "1–3 months", "Joint Agency Response",
		"Primary: 10 Sudden unexpected, unexplained death", "Unsafe sleep: co-sleeping or shared surface (B02) — contributed — modifiable"} {
		if !containsText(screen, want) {
			t.Errorf("the panel view does not show %q: %q", want, screen)
		}
	}

	f := h.caseFile(c.ID)
	identifiers := []string{"Zephyrine", "Quenby", "Haworth", nhs, cdop.FormatNHSNumber(nhs), "LS6 2QR", "LS62QR", "LS6",
		"Wensleydale", "Harriet", "Fennimore", "03:47"}
	dates := []cdop.Date{c.DateOfBirth, c.DateOfDeath, c.NotifiedOn, c.CDRMOn, c.CSPRPNotifiedOn, c.RapidReviewCompletedOn, c.FamilyToldCDRMOn,
		m.On, f.Contacts[0].On}
	for _, r := range f.Requests {
		dates = append(dates, r.RequestedOn, r.ReceivedOn)
	}
	for _, d := range dates {
		if d.IsZero() {
			continue
		}
		identifiers = append(identifiers, d.String(), d.Display(), d.Time().Format("02/01/2006"), d.Time().Format("2/1/2006"),
			d.Time().Format("2 January 2006"), d.Time().Format("2 Jan"))
	}
	dayCount := regexp.MustCompile(`(?i)\bday \d+|\d+ (days|months) at death`)
	for _, text := range screen {
		for _, id := range identifiers {
			if strings.Contains(strings.ToLower(text), strings.ToLower(id)) {
				t.Errorf("the panel view shows %q in %q", id, text)
			}
		}
		if dayCount.MatchString(text) {
			t.Errorf("the panel view dates the death by a count of days: %q", text)
		}
	}
}
