package app

import (
	"testing"

	"casemanager/cdop"
)

func TestSortCaseRowsTiesByReference(t *testing.T) {
	d := cdop.MustParseDate("2024-03-01")
	rows := []*caseRow{
		newCaseRow(cdop.CaseListing{Ref: "CDOP-2024-003", DateOfDeath: d}),
		newCaseRow(cdop.CaseListing{Ref: "CDOP-2024-001", DateOfDeath: d}),
		newCaseRow(cdop.CaseListing{Ref: "CDOP-2024-002", DateOfDeath: d}),
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

func TestCountsAreWrittenWithThousandsSeparators(t *testing.T) {
	for _, c := range []struct {
		got, want string
	}{
		{countText(100000, cdop.CaseFilter{}), "100,000 cases"},
		{countText(1959, cdop.CaseFilter{Search: "a"}), "1,959 matching cases"},
		{countText(1, cdop.CaseFilter{Search: "a"}), "1 matching case"},
		{fileSize(1000 << 10), "1,000 KB"},
		{inconsistencies(1200), "1,200 inconsistencies"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}
