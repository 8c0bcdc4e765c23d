package cdop_test

import (
	"errors"
	"strings"
	"testing"

	"casemanager/cdop"
)

func TestReportPeriodOf(t *testing.T) {
	for _, tt := range []struct{ from, to, label string }{
		{"2025-01-01", "2025-12-31", "calendar year 2025"},
		{"2025-04-01", "2026-03-31", "financial year 2025/26"},
		{"2025-04-01", "2025-06-30", "Q1 of 2025/26 (April to June 2025)"},
		{"2025-07-01", "2025-09-30", "Q2 of 2025/26 (July to September 2025)"},
		{"2025-10-01", "2025-12-31", "Q3 of 2025/26 (October to December 2025)"},
		{"2026-01-01", "2026-03-31", "Q4 of 2025/26 (January to March 2026)"},
		{"1999-04-01", "2000-03-31", "financial year 1999/00"},
	} {
		p, err := cdop.ReportPeriodOf(dt(tt.from), dt(tt.to))
		if err != nil || p.Label != tt.label || p.From != dt(tt.from) || p.To != dt(tt.to) {
			t.Errorf("%s to %s: %+v, %v; want %q", tt.from, tt.to, p, err, tt.label)
		}
	}
	for _, bad := range [][2]string{
		{"2025-01-15", "2025-06-30"}, {"2025-04-01", "2026-03-30"}, {"2025-04-02", "2026-03-31"},
		{"2024-04-01", "2026-03-31"}, {"2025-02-01", "2025-04-30"}, {"2025-01-01", "2025-01-31"},
	} {
		_, err := cdop.ReportPeriodOf(dt(bad[0]), dt(bad[1]))
		if cdop.ErrorCode(err) != cdop.EINVALID || !strings.Contains(err.Error(), "calendar year, a financial year") || strings.Count(err.Error(), "\n") > 0 {
			t.Errorf("%s to %s: %v; want one sentence refusing it", bad[0], bad[1], err)
		}
	}
	// A quarter is the same days whichever year names it.
	if cdop.QuarterPeriod(2025, 1, false).Key() != cdop.QuarterPeriod(2024, 4, true).Key() {
		t.Error("January to March 2025 has two keys")
	}
}

func TestReportPeriods(t *testing.T) {
	got := cdop.ReportPeriods(dt("2024-06-10"), dt("2025-08-15"))
	var labels []string
	for _, p := range got {
		labels = append(labels, p.Label)
		if p.From.After(dt("2025-08-15")) {
			t.Errorf("%s has not started", p.Label)
		}
	}
	want := []string{
		"financial year 2025/26", "Q2 of 2025/26 (July to September 2025)", "Q1 of 2025/26 (April to June 2025)",
		"calendar year 2025",
		"financial year 2024/25", "Q4 of 2024/25 (January to March 2025)", "Q3 of 2024/25 (October to December 2024)",
		"Q2 of 2024/25 (July to September 2024)", "Q1 of 2024/25 (April to June 2024)",
		"calendar year 2024", // 2023/24 ended before the earliest death
	}
	if strings.Join(labels, "\n") != strings.Join(want, "\n") {
		t.Errorf("periods:\n%s\nwant:\n%s", strings.Join(labels, "\n"), strings.Join(want, "\n"))
	}
}

func TestCompareCellsAndDigest(t *testing.T) {
	before := []cdop.PublishedCell{{"Deaths by age band and sex", "1-4 years", "Female", "10"}, {"Place of death", "Home", "Deaths", "*"}, {"Gone", "x", "", "5"}}
	now := []cdop.PublishedCell{{"Deaths by age band and sex", "1-4 years", "Female", "15"}, {"Place of death", "Home", "Deaths", "*"}, {"New", "y", "", "0"}}
	changes := cdop.CompareCells(before, now)
	var text []string
	for _, c := range changes {
		text = append(text, c.String())
	}
	want := []string{"Deaths by age band and sex, 1-4 years, Female: 10 → 15 (up 5)", "New, y: not printed → 0", "Gone, x: 5 → not printed"}
	if strings.Join(text, "|") != strings.Join(want, "|") {
		t.Errorf("changes %q; want %q", text, want)
	}
	if cdop.DigestCells(before) == cdop.DigestCells(now) || cdop.DigestCells(now) != cdop.DigestCells(append([]cdop.PublishedCell(nil), now...)) {
		t.Error("the digest does not tell the figures apart, or differs for the same figures")
	}
	err := error(&cdop.ChangedSincePublished{Previous: cdop.Publication{PeriodLabel: "financial year 2025/26", By: "j.smith"}, Changes: changes})
	var e *cdop.Error
	if cdop.ErrorCode(err) != cdop.ECONFLICT || !errors.As(err, &e) || !strings.Contains(err.Error(), "j.smith") || !strings.Contains(err.Error(), "10 → 15 (up 5)") {
		t.Errorf("error %v (code %s)", err, cdop.ErrorCode(err))
	}
}
