package cdop_test

import (
	"slices"
	"testing"
	"time"

	"casemanager/cdop"
)

func TestRecommendationStatusOpen(t *testing.T) {
	for s, open := range map[cdop.RecommendationStatus]bool{
		cdop.RecommendationOpen: true, cdop.RecommendationInProgress: true,
		cdop.RecommendationDone: false, cdop.RecommendationNotAccepted: false, "": false,
	} {
		if s.Open() != open {
			t.Errorf("%q.Open() = %v", s, s.Open())
		}
	}
}

func TestSortRecommendations(t *testing.T) {
	today := dt("2025-06-02")
	recs := []*cdop.Recommendation{
		{ID: 1, Status: cdop.RecommendationDone, DueOn: dt("2025-05-01")},
		{ID: 2, Status: cdop.RecommendationOpen, DueOn: dt("2025-08-01")},
		{ID: 3, Status: cdop.RecommendationInProgress, DueOn: dt("2025-05-20")},
		{ID: 4, Status: cdop.RecommendationNotAccepted, DueOn: dt("2025-04-01")},
		{ID: 5, Status: cdop.RecommendationInProgress, DueOn: dt("2025-07-01")},
		{ID: 6, Status: cdop.RecommendationOpen, DueOn: dt("2025-05-10")},
		{ID: 8, Status: cdop.RecommendationOpen, DueOn: dt("2025-07-01")},
		{ID: 7, Status: cdop.RecommendationOpen, DueOn: dt("2025-07-01")},
	}
	cdop.SortRecommendations(recs, today)
	var got []int64
	for _, r := range recs {
		got = append(got, r.ID)
	}
	// Overdue by due date; then open by due date, a tie as added; then done.
	if want := []int64{6, 3, 5, 7, 8, 2, 4, 1}; !slices.Equal(got, want) {
		t.Errorf("order = %v, want %v", got, want)
	}
}

func TestPrepareRecommendation(t *testing.T) {
	n, err := cdop.PrepareRecommendation(&cdop.Recommendation{CaseIDs: []string{"b", " a ", "b", ""}, AgencyID: 1, Action: " Audit ", DueOn: dt("2026-09-30")})
	if err != nil {
		t.Fatal(err)
	}
	if n.Status != cdop.RecommendationOpen || n.Action != "Audit" || !slices.Equal(n.CaseIDs, []string{"b", "a"}) {
		t.Errorf("PrepareRecommendation = %+v; want open, trimmed, each case once", n)
	}
	if _, err := cdop.PrepareRecommendation(&cdop.Recommendation{ID: 4, Theme: "x", AgencyID: 1, Action: "x", DueOn: dt("2026-09-30")}); validationErrors(t, err).For("status") == "" {
		t.Errorf("a stored recommendation without a status: %v", err)
	}
	n.SetCaseRefs(map[string]string{"a": "CDOP-2025-0002", "b": "CDOP-2025-0010"})
	if !slices.Equal(n.CaseIDs, []string{"a", "b"}) || !slices.Equal(n.CaseRefs, []string{"CDOP-2025-0002", "CDOP-2025-0010"}) {
		t.Errorf("SetCaseRefs = %v, %v", n.CaseIDs, n.CaseRefs)
	}
	for _, tt := range []struct{ given, want string }{{"", "2026-06-15"}, {"2026-01-10", "2026-01-10"}, {"2026-06-16", "2026-06-15"}} {
		var given cdop.Date
		if tt.given != "" {
			given = dt(tt.given)
		}
		if got := cdop.NewCreatedOn(given, today); got != dt(tt.want) {
			t.Errorf("NewCreatedOn(%q) = %s; want %s", tt.given, got, tt.want)
		}
	}
}

func TestPrepareUpdate(t *testing.T) {
	now := time.Date(2026, 6, 15, 10, 0, 0, 0, time.UTC)
	u, err := cdop.PrepareUpdate(cdop.RecommendationUpdate{Status: " done ", Note: " briefed "}, "sam.chair", now, today)
	if err != nil {
		t.Fatal(err)
	}
	if *u != (cdop.RecommendationUpdate{On: today, Status: cdop.RecommendationDone, Note: "briefed", By: "sam.chair", At: now}) {
		t.Errorf("PrepareUpdate = %+v", u)
	}
	for _, tt := range []struct {
		u     cdop.RecommendationUpdate
		field string
	}{
		{cdop.RecommendationUpdate{}, "status"},
		{cdop.RecommendationUpdate{Status: "closed"}, "status"},
		{cdop.RecommendationUpdate{Status: "done", On: dt("2026-06-16")}, "on"},
	} {
		if _, err := cdop.PrepareUpdate(tt.u, "x", now, today); validationErrors(t, err).For(tt.field) == "" {
			t.Errorf("PrepareUpdate(%+v) = %v; want a %s error", tt.u, err, tt.field)
		}
	}
}
