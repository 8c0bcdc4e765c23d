package reports_test

import (
	"io"
	"testing"

	"casemanager/cdop"
	"casemanager/reports"
)

// The budgets: a case summary within 50 ms, a 20-case panel pack within 1 s
// and an annual report over 10 years of a 60-a-year footprint within 1 s.

func BenchmarkCaseSummary(b *testing.B) {
	f, recs := fixture(b)
	o := opts(false)
	for b.Loop() {
		if err := reports.CaseSummary(io.Discard, f, recs, o); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkAnonymisedCaseSummary(b *testing.B) {
	f, recs := fixture(b)
	o := opts(true)
	for b.Loop() {
		if err := reports.CaseSummary(io.Discard, f, recs, o); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkPanelPack20Cases(b *testing.B) {
	var files []*cdop.CaseFile
	for _, f := range demoFiles(b, 5, 60, 4) {
		if f.Case.Stage == cdop.StageCDOPReview && len(files) < 20 {
			files = append(files, f)
		}
	}
	if len(files) < 20 {
		b.Fatalf("only %d cases at CDOP review", len(files))
	}
	_, recs := fixture(b)
	m := panelMeeting(files)
	for b.Loop() {
		if err := reports.PanelPack(io.Discard, m, files, recs, opts(true)); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkAnnualReport10Years(b *testing.B) {
	files := demoFiles(b, 10, 60, 4)
	_, recs := fixture(b)
	data := reports.AnnualData{From: files[0].Case.DateOfDeath, To: today, Cases: files, Recommendations: recs}
	for b.Loop() {
		if err := reports.AnnualReport(io.Discard, data, opts(true)); err != nil {
			b.Fatal(err)
		}
	}
}
