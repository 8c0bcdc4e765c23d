package reports_test

import (
	"context"
	"strconv"
	"testing"

	"casemanager/cdop"
	"casemanager/reports"
)

// TestIntruder_AnnualReports plays the intruder against the annual report
// of every calendar and financial year of a 10-year, 60-a-year demo panel,
// with the panel's default disclosure settings: no count from 1 to 7 is
// printed; and from each table's printed figures together (every row,
// column and total, each hidden count at least 1, zeros known, printed
// counts known to within their rounding), the exact interval solver
// recovers no hidden count, nor narrows one to fewer values than the
// marker stands for. Tables of the same deaths agree on their total.
func TestIntruder_AnnualReports(t *testing.T) {
	files := demoFiles(t, 10, 60, 3)
	s := reports.DefaultDisclosure
	var periods []cdop.ReportPeriod
	for y := today.Year() - 10; y <= today.Year(); y++ {
		periods = append(periods, cdop.CalendarYearPeriod(y), cdop.FinancialYearPeriod(y))
	}
	hidden, tables := 0, 0
	for _, p := range periods {
		a, err := reports.PrepareAnnual(reports.AnnualData{From: p.From, To: p.To, Cases: files}, opts(true))
		if err != nil {
			t.Fatal(err)
		}
		grand := map[string]string{}
		for _, tab := range a.Tables() {
			tables++
			where := p.Label + ": " + tab.Name
			iv := reports.HiddenIntervals(tab.Printed, tab.Totals, s)
			for r, row := range tab.Printed {
				for c, v := range row {
					switch n, err := strconv.Atoi(v); {
					case v == s.Marker:
						hidden++
						if iv[r][c].Lo == iv[r][c].Hi {
							t.Errorf("%s: the hidden count at %d,%d is recovered: exactly %d", where, r, c, iv[r][c].Lo)
						} else if iv[r][c].Width() < int64(s.Threshold) {
							t.Errorf("%s: the hidden count at %d,%d is narrowed to %v", where, r, c, iv[r][c])
						}
					case err != nil:
						t.Errorf("%s: %q printed at %d,%d", where, v, r, c)
					case n >= 1 && n <= s.Threshold:
						t.Errorf("%s: the count %d is printed at %d,%d", where, n, r, c)
					case n > 0 && n%s.Rounding != 0:
						t.Errorf("%s: %d is printed unrounded at %d,%d", where, n, r, c)
					}
				}
			}
			last := tab.Printed[len(tab.Printed)-1]
			g := last[len(last)-1]
			if prev, ok := grand[tab.Population]; ok && prev != g {
				t.Errorf("%s: the %s are %s here, %s in another table", where, tab.Population, g, prev)
			}
			grand[tab.Population] = g
		}
	}
	if hidden == 0 || tables != 7*len(periods) {
		t.Fatalf("%d tables, %d hidden counts: the attack saw too little", tables, hidden)
	}
	t.Logf("%d reports, %d tables, %d hidden counts: none recovered", len(periods), tables, hidden)
}

// memPublications keeps publications in memory, as storage does in the file.
type memPublications struct {
	pubs []cdop.Publication
}

func (m *memPublications) Publications(_ context.Context, key string) ([]cdop.Publication, error) {
	var out []cdop.Publication
	for _, p := range m.pubs {
		if p.PeriodKey == key {
			out = append(out, p)
		}
	}
	return out, nil
}

func (m *memPublications) RecordPublication(ctx context.Context, p *cdop.Publication) error {
	p.By, p.Digest, p.At = cdop.ActorFrom(ctx), cdop.DigestCells(p.Cells), produced
	m.pubs = append(m.pubs, *p)
	return nil
}

func (m *memPublications) ClearForPublication(context.Context, int64, bool) error { return nil }

// TestDifferencingGuard: a report for a period already published, whose
// figures changed since (here one late notification), names the figures
// that changed and is made only once confirmed; the same figures again
// need no confirmation.
func TestDifferencingGuard(t *testing.T) {
	ctx := cdop.WithActor(context.Background(), "jane.coordinator")
	files := demoFiles(t, 3, 60, 4)
	fy := cdop.FinancialYearPeriod(today.Year() - 2)
	pubs := &memPublications{}
	prepare := func(files []*cdop.CaseFile) *reports.Annual {
		a, err := reports.PrepareAnnual(reports.AnnualData{From: fy.From, To: fy.To, Cases: files}, opts(true))
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	first := prepare(files)
	if err := first.CheckPublished(ctx, pubs, false); err != nil {
		t.Fatalf("a first publication: %v", err)
	}
	if err := first.RecordPublished(ctx, pubs); err != nil {
		t.Fatal(err)
	}
	if err := prepare(files).CheckPublished(ctx, pubs, false); err != nil {
		t.Errorf("the same figures again: %v", err)
	}
	// One late notification: a teenage girl who drowned in the period.
	late := &cdop.Case{ID: "late", Ref: "CDOP-LATE", DateOfDeath: fy.From.AddDays(100), DateOfBirth: fy.From.AddDays(100 - 15*365),
		Sex: "female", PlaceOfDeath: "public_place", Expected: "unexpected", Stage: cdop.StageNotified}
	again := prepare(append(files, &cdop.CaseFile{Case: late}))
	err := again.CheckPublished(ctx, pubs, false)
	changed, ok := err.(*cdop.ChangedSincePublished)
	if !ok || cdop.ErrorCode(err) != cdop.ECONFLICT || len(changed.Changes) == 0 {
		t.Fatalf("after a late notification: %v; want the changed figures listed", err)
	}
	if changed.Previous.By != "jane.coordinator" {
		t.Errorf("the previous publication is said to be by %q", changed.Previous.By)
	}
	for _, c := range changed.Changes {
		if c.Old == c.New {
			t.Errorf("listed as changed: %v", c)
		}
	}
	t.Logf("%s", err)
	if err := again.CheckPublished(ctx, pubs, true); err != nil {
		t.Errorf("confirmed: %v", err)
	}
}
