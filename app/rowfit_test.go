package app_test

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/widget"

	"casemanager/cdop"
)

// drawnInTable returns the lines of text drawn in the table on screen.
func (h *harness) drawnInTable() []string {
	var out []string
	walk(h.table(), func(o fyne.CanvasObject) bool {
		if t, ok := o.(*canvas.Text); ok && t.Text != "" {
			out = append(out, t.Text)
		}
		return true
	})
	return out
}

// readWhole fails unless the table on screen draws text whole: wrapped
// over as many lines as it needs, never ending in "…".
func (h *harness) readWhole(screen, text string) {
	h.t.Helper()
	lines := h.drawnInTable()
	joined := strings.Join(lines, " ")
	for _, l := range lines {
		if strings.Contains(l, "…") {
			h.t.Errorf("%s: a cell is cut short: %q", screen, l)
		}
	}
	if !strings.Contains(joined, text) {
		h.t.Errorf("%s: %q is not drawn whole; the table draws %q", screen, text, lines)
	}
}

// TestLongCellsAreReadWholeInTheTables: the dashboard's, the meetings' and
// the recommendations' tables wrap a long agency name, place or action
// over as many lines as it needs (they were cut with "…" after two).
func TestLongCellsAreReadWholeInTheTables(t *testing.T) {
	h := newHarness(t)
	ctx := cdop.WithActor(context.Background(), "setup")
	c := h.caseAt(cdop.StageInformationGathering, "Amara", "Okafor", "2025-03-14", "2026-09-18", "2026-12-20", 11)
	agency := h.agency("Calderdale and Huddersfield NHS Foundation Trust Safeguarding Children Team", "health")
	req := &cdop.AgencyRequest{CaseID: c.ID, AgencyID: agency.ID, Form: "reporting_form", RequestedOn: cdop.MustParseDate("2026-09-20")}
	if err := h.store.SaveRequest(ctx, req); err != nil {
		t.Fatal(err)
	}
	place := "Committee Room 3, Halifax Town Hall, Crossley Street, with a video link for the members from the integrated care board"
	m := &cdop.Meeting{Kind: cdop.MeetingPanel, On: cdop.MustParseDate("2026-12-11"), StartsAt: "14:00", Place: place, Chair: "Dr Whitfield"}
	if err := h.store.SaveMeeting(ctx, m); err != nil {
		t.Fatal(err)
	}
	action := "Reissue the safe sleep guidance to every health visitor and midwife, with a record of who has read it, and audit its use at the six-week check in the spring"
	rec := &cdop.Recommendation{CaseIDs: []string{c.ID}, AgencyID: agency.ID, Action: action, DueOn: cdop.MustParseDate("2026-11-01"), Status: "open"}
	if err := h.store.SaveRecommendation(ctx, rec); err != nil {
		t.Fatal(err)
	}
	h.window.Resize(fyne.NewSize(1024, 640))

	h.tap("Dashboard")
	h.readWhole("the dashboard", agency.Name)
	h.readWhole("the dashboard", action)
	h.tap("Meetings")
	h.readWhole("the meetings", place)
	h.tap("Recommendations")
	h.readWhole("the recommendations", action)
}

// TestEveryColumnIsInAWindowOfASmallLaptop: in the window a 1024×640
// screen opens (922×576) the last column of the dashboard (Deadline), the
// meetings (Quorum) and the recommendations (From) is in view: they were
// off to the right, to be scrolled to. Cells wrap rather than being cut.
func TestEveryColumnIsInAWindowOfASmallLaptop(t *testing.T) {
	h := newHarness(t)
	ctx := cdop.WithActor(context.Background(), "setup")
	c := h.caseAt(cdop.StageInformationGathering, "Amara", "Okafor", "2025-03-14", "2026-09-18", "2026-12-20", 11)
	agency := h.agency("Calderdale and Huddersfield NHS Foundation Trust", "health")
	req := &cdop.AgencyRequest{CaseID: c.ID, AgencyID: agency.ID, Form: "reporting_form", RequestedOn: cdop.MustParseDate("2026-09-20")}
	if err := h.store.SaveRequest(ctx, req); err != nil {
		t.Fatal(err)
	}
	h.meeting("panel", "2026-12-11")
	rec := &cdop.Recommendation{CaseIDs: []string{c.ID}, AgencyID: agency.ID, Action: "Review the asthma plan after every emergency attendance",
		DueOn: cdop.MustParseDate("2026-11-01"), Status: "open"}
	if err := h.store.SaveRecommendation(ctx, rec); err != nil {
		t.Fatal(err)
	}
	h.window.Resize(fyne.NewSize(922, 576))
	for _, s := range []struct{ screen, last, text string }{
		{"Dashboard", "Deadline", agency.Name},
		{"Meetings", "Quorum", "Room 2, Civic Hall"},
		{"Recommendations", "From", c.Ref},
	} {
		h.tap(s.screen)
		var header fyne.CanvasObject
		walk(h.table(), func(o fyne.CanvasObject) bool {
			if l, ok := o.(*widget.Label); ok && l.Text == s.last {
				header = l
			}
			return true
		})
		if header == nil {
			t.Errorf("%s: the %s column is not drawn: %q", s.screen, s.last, h.drawnInTable())
			continue
		}
		h.insideWindow(s.screen+": the "+s.last+" column's heading", header)
		h.readWhole(s.screen, s.text)
	}
}
