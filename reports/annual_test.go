package reports_test

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"casemanager/cdop"
	"casemanager/reports"
)

// annualCases makes a period's worth of cases whose figures are known:
//
//	30 deaths in 2025/26: 20 in hospital (12 expected neonatal girls and
//	boys of category 8, 8 unexpected two-year-olds of category 5), 7 at
//	home (unexpected infant boys, not yet reviewed) and 3 in a hospice
//	(expected twelve-year-old girls, category 4);
//	10 reviews in the period of deaths in December 2024: 6 after 150 days,
//	3 after 250 and 1 after 450; 6 of category 3 with modifiable factors,
//	4 of category 9 without.
func annualCases() []*cdop.CaseFile {
	var files []*cdop.CaseFile
	n := 0
	add := func(death cdop.Date, ageDays int, sex, place, expected string, category int, review cdop.Date, modifiable string) {
		n++
		c := &cdop.Case{ID: fmt.Sprintf("case-%03d", n), Ref: fmt.Sprintf("CDOP-TEST-%04d", n),
			FirstName: "Wiktoria", LastName: fmt.Sprintf("Kowalska-%c", 'A'+n%26),
			DateOfDeath: death, DateOfBirth: death.AddDays(-ageDays), Sex: sex, PlaceOfDeath: place, Expected: expected,
			NHSNumber: "9990000018", Postcode: "LS6 2QR", Stage: cdop.StageCDOPReview,
			CDOPReviewOn: review, Analysis: cdop.Analysis{Category: category, Modifiable: modifiable}}
		files = append(files, &cdop.CaseFile{Case: c})
	}
	for i := 0; i < 12; i++ {
		add(cdop.NewDate(2025, 5, 1).AddDays(i*7), 10, []string{"female", "male"}[i%2], "hospital", "expected", 8, cdop.Date{}, "")
	}
	for i := 0; i < 8; i++ {
		add(cdop.NewDate(2025, 6, 1).AddDays(i*9), 800, "male", "hospital", "unexpected", 5, cdop.Date{}, "")
	}
	for i := 0; i < 7; i++ {
		add(cdop.NewDate(2025, 9, 1).AddDays(i*11), 200, "male", "home", "unexpected", 0, cdop.Date{}, "")
	}
	for i := 0; i < 3; i++ {
		add(cdop.NewDate(2026, 1, 5).AddDays(i*13), 4400, "female", "hospice", "expected", 4, cdop.Date{}, "")
	}
	for i, days := range []int{150, 150, 150, 150, 150, 150, 250, 250, 250, 450} {
		death := cdop.NewDate(2024, 12, 1).AddDays(i * 3)
		category, modifiable := 3, "identified"
		if i >= 6 {
			category, modifiable = 9, "none"
		}
		add(death, 3000, "female", "public_place", "unexpected", category, death.AddDays(days), modifiable)
	}
	return files
}

func annualPDF(t *testing.T, data reports.AnnualData) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := reports.AnnualReport(&b, data, opts(true)); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestAnnualReportFigures(t *testing.T) {
	_, recs := fixture(t)
	data := reports.AnnualData{Footprint: "Airedale and Wharfedale CDOP", From: cdop.NewDate(2025, 4, 1), To: cdop.NewDate(2026, 3, 31),
		Cases: annualCases(), Recommendations: recs}
	pdf := annualPDF(t, data)
	layout := pdfLayout(t, pdf)
	text := flat(layout)
	// Each row as it reads across the page: label, counts, total, share.
	// Counts 1 to 7 hidden, others rounded to the nearest 5 (NHS practice).
	for _, row := range []string{
		`Airedale and Wharfedale CDOP · Financial year 2025/26 \(1 April 2025 to 31 March`,
		`Deaths in the period +30`,
		`Reviews completed +10`,
		`Median time to review +150 days \(about 4\.9 months\)`,
		`Reviewed within 6 months +\* of 10`, // 6 of 10
		`With modifiable factors +\* of 10`,  // 6 of 10
		// Age band × sex (male, female, other): 0-27 days 6 boys and 6 girls
		// (12, printed 10); 28-364 days 7 boys; 1-4 years 8 boys (printed
		// 10); 10-14 years 3 girls; male 21 (20), female 9 (10).
		`0-27 days +\* +\* +0 +10`,
		`28-364 days +\* +0 +0 +\*`,
		`1-4 years +10 +0 +0 +10`,
		`10-14 years +0 +\* +0 +\*`,
		`Total +20 +10 +0 +30`,
		`Expected +15 +50%`,
		`Unexpected +15 +50%`,
		`Hospital +20 +67%`,
		`Hospice +\*\n`, // 3
		`Home +\*\n`,    // 7
		`Total +30 +100%`,
		`5\. Acute medical or surgical condition +10 +33%`, // 8
		`8\. Perinatal/neonatal event +10 +33%`,            // 12
		`4\. Malignancy +\*\n`,
		`Not yet categorised +\*\n`,
		`Not yet reviewed +30 +100%`,
		`Within 6 months \(the target\) +\*\n`,
		`Over 6, up to 12 months +\*\n`,
		`Over 12, up to 24 months +\*\n`,
		`Longest time +\*\n`, // one child's 450 days, with the bands around it hidden
		// 6 of category 3 with modifiable factors, 4 of category 9 without.
		`3\. Trauma and other external factors, including +\* +0 +\*\n *medical/surgical complications/error`,
		`9\. Infection +0 +\* +\*\n`,
		`Total +\* +\* +10\n`,
		`Open +2`, `In progress +1`,
		// No recommendation of the fixture is cleared for publication.
		`The text of 3 recommendations is not yet cleared for publication`,
	} {
		if !regexp.MustCompile(row).MatchString(layout) {
			t.Errorf("annual report lacks a line matching %q", row)
		}
	}
	for _, c := range annualCases() {
		for _, id := range identifiers(c) {
			if strings.Contains(text, id) {
				t.Errorf("annual report prints %q", id)
			}
		}
	}
}

func TestAnnualReportHidesTheTimesOfFewReviews(t *testing.T) {
	var files []*cdop.CaseFile
	for _, f := range annualCases() {
		if f.Case.CDOPReviewOn.IsZero() || len(files) < 33 {
			files = append(files, f)
		}
	}
	layout := pdfLayout(t, annualPDF(t, reports.AnnualData{From: cdop.NewDate(2025, 4, 1), To: cdop.NewDate(2026, 3, 31), Cases: files}))
	for _, row := range []string{`Reviews completed +\*`, `Median time +\*\n`, `Longest time +\*\n`, `Within the target +\* of \*\n`} {
		if !regexp.MustCompile(row).MatchString(layout) {
			t.Errorf("with 3 reviews, the report lacks a line matching %q", row)
		}
	}
	if strings.Contains(layout, "days (about") {
		t.Error("with 3 reviews, the report gives a time in days")
	}
}

func TestAnnualReportDisclosureSettings(t *testing.T) {
	data := reports.AnnualData{From: cdop.NewDate(2025, 4, 1), To: cdop.NewDate(2026, 3, 31), Cases: annualCases(),
		Disclosure: reports.DisclosureSettings{Threshold: 4, Rounding: 1, Marker: "c"}}
	layout := pdfLayout(t, annualPDF(t, data))
	for _, row := range []string{`Hospice +c\n`, `counts from 1 to 4 are shown as "c"`, `Expected +15 +50%`, `Hospital +20 +67%`, `Total +21 +9 +0 +30`} {
		if !regexp.MustCompile(row).MatchString(layout) {
			t.Errorf("threshold 4, no rounding: the report lacks a line matching %q", row)
		}
	}
	if strings.Contains(layout, "rounded to the nearest") {
		t.Error("with no rounding, the report says counts are rounded")
	}
}

func TestAnnualReportNeedsAPeriod(t *testing.T) {
	err := reports.AnnualReport(&bytes.Buffer{}, reports.AnnualData{From: cdop.NewDate(2026, 4, 1), To: cdop.NewDate(2025, 3, 31)}, opts(true))
	if err == nil {
		t.Error("a report for a period ending before it starts was written")
	}
	// Arbitrary days are refused: two such reports could be laid over
	// each other to pick out the deaths between their ends.
	var b bytes.Buffer
	err = reports.AnnualReport(&b, reports.AnnualData{From: cdop.NewDate(2025, 4, 1), To: cdop.NewDate(2026, 3, 30), Cases: annualCases()}, opts(true))
	if cdop.ErrorCode(err) != cdop.EINVALID || !strings.Contains(err.Error(), "calendar year, a financial year") || b.Len() != 0 {
		t.Errorf("a report for 1 April 2025 to 30 March 2026: %v, %d bytes", err, b.Len())
	}
}

// A recommendation's text is printed once cleared for publication; until
// then only its agency, dates and status are.
func TestAnnualReportPrintsOnlyClearedRecommendations(t *testing.T) {
	_, recs := fixture(t)
	recs[1].ClearedOn, recs[1].ClearedBy = cdop.NewDate(2026, 6, 1), "jane.coordinator"
	data := reports.AnnualData{From: cdop.NewDate(2025, 4, 1), To: cdop.NewDate(2026, 3, 31), Cases: annualCases(), Recommendations: recs}
	text := flat(pdfLayout(t, annualPDF(t, data)))
	if !strings.Contains(text, "damp and mould assessment") {
		t.Error("the cleared recommendation's text is not printed")
	}
	if strings.Contains(text, "safer sleep advice") || strings.Contains(text, "safer sleep campaign") {
		t.Error("a recommendation's text is printed before it was cleared")
	}
	if !strings.Contains(text, "(text not yet cleared for publication)") {
		t.Error("the report does not say the text is not yet cleared")
	}
}
