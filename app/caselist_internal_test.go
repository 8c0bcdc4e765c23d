package app

import (
	"testing"

	"casemanager/cdop"
)

func TestSortCaseRowsTiesByReference(t *testing.T) {
	d := cdop.MustParseDate("2024-03-01")
	rows := []*caseRow{
		newCaseRow(&cdop.Case{Ref: "CDOP-2024-003", DateOfDeath: d}),
		newCaseRow(&cdop.Case{Ref: "CDOP-2024-001", DateOfDeath: d}),
		newCaseRow(&cdop.Case{Ref: "CDOP-2024-002", DateOfDeath: d}),
	}
	for _, desc := range []bool{false, true} {
		sortCaseRows(rows, 3, desc)
		for i, want := range []string{"CDOP-2024-001", "CDOP-2024-002", "CDOP-2024-003"} {
			if rows[i].c.Ref != want {
				t.Fatalf("descending=%v: row %d = %s, want %s", desc, i, rows[i].c.Ref, want)
			}
		}
	}
}

func TestRecommendationsListOverdueThenOpenThenDone(t *testing.T) {
	today := cdop.MustParseDate("2025-06-02")
	day := cdop.MustParseDate
	recs := []*cdop.Recommendation{
		{ID: 1, Status: "done", DueOn: day("2025-05-01")},
		{ID: 2, Status: "open", DueOn: day("2025-08-01")},
		{ID: 3, Status: "in_progress", DueOn: day("2025-05-20")},
		{ID: 4, Status: "not_accepted", DueOn: day("2025-04-01")},
		{ID: 5, Status: "in_progress", DueOn: day("2025-07-01")},
		{ID: 6, Status: "open", DueOn: day("2025-05-10")},
	}
	sortRecommendations(recs, today)
	var got []int64
	for _, r := range recs {
		got = append(got, r.ID)
	}
	want := []int64{6, 3, 5, 2, 4, 1}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("order = %v, want %v", got, want)
		}
	}
}
