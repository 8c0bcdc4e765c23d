package reports_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"casemanager/cdop"
	"casemanager/reports"
)

// produced is the fixed production instant of every document in the tests.
var produced = time.Date(2026, time.June, 15, 9, 30, 0, 0, time.UTC)

// today is the day deadlines are judged on.
var today = cdop.NewDate(2026, time.June, 15)

func opts(anonymised bool) reports.Options {
	return reports.Options{Anonymised: anonymised, Produced: produced, Today: today, Settings: cdop.DefaultSettings}
}

// nhsNumber returns the valid NHS number starting with first9 (the 999
// range, never issued).
func nhsNumber(t testing.TB, first9 string) string {
	t.Helper()
	d, ok := cdop.NHSCheckDigit(first9)
	if !ok {
		t.Fatalf("no valid NHS number starts with %s", first9)
	}
	return first9 + strconv.Itoa(d)
}

// fixture is a synthetic case file with every section filled, names in
// several scripts, identifiers in the typed text, and recommendations.
func fixture(t testing.TB) (*cdop.CaseFile, []*cdop.Recommendation) {
	t.Helper()
	d := cdop.MustParseDate
	c := &cdop.Case{
		ID:              "7d0c1f9e-0000-4000-8000-000000000001",
		Ref:             "CDOP-2025-0017",
		FirstName:       "Zoë",
		LastName:        "Ó Súilleabháin",
		DateOfBirth:     d("2024-03-02"),
		DateOfDeath:     d("2025-11-14"),
		TimeOfDeath:     "14:20",
		Sex:             "female",
		NHSNumber:       nhsNumber(t, "999000017"),
		Postcode:        "LS6 2QR",
		Ethnicity:       "B",
		IMDDecile:       3,
		ResidenceLA:     "E08000035",
		PlaceOfDeath:    "home",
		Expected:        "unexpected",
		NotifiedOn:      d("2025-11-15"),
		JAR:             "yes",
		JARTriggers:     []string{"sudden_unexplained"},
		JARReason:       "sudden_unexplained",
		CoronerReferred: "yes",
		PostMortem:      "yes",
		Inquest:         "pending",
		KeyWorker:       "Łukasz Nguyễn",

		AbuseNeglectSuspected:  "yes",
		CSPRPNotifiedOn:        d("2025-11-24"),
		RapidReviewCompletedOn: d("2025-12-19"),
		ParallelReviews:        []string{"nhs_serious_incident", "other"},
		ParallelReviewOther:    "Housing review led by Ms Quennell-Farrow",
		Stage:                  cdop.StageCDOPReview,
		CDRMOn:                 d("2026-02-23"),
		CDOPReviewOn:           d("2026-07-08"),
		FamilyToldCDRMOn:       d("2026-01-12"),
		FamilyToldCDOPReviewOn: d("2026-05-27"),
		Summary: "Zoë was found unresponsive in her cot by her father, Piotr Ó Súilleabháin, " +
			"at 14 Harehills Terrace. Paramedics attended within eight minutes.",
		Analysis: cdop.Analysis{
			Category:               10,
			ContributingCategories: []int{9},
			Domains: [4]cdop.DomainEntry{
				{Score: cdop.ScoreOf(2), Factors: []string{"Acute illness or infection", "Recent viral illness noted by GP"},
					Modifiable: nil},
				{Score: cdop.ScoreOf(2), Factors: []string{"Smoking in pregnancy or in the household", "Unsafe sleep: co-sleeping or shared surface"},
					Modifiable: []string{"Smoking in pregnancy or in the household", "Unsafe sleep: co-sleeping or shared surface"}},
				{Score: cdop.ScoreOf(2), Factors: []string{"Overcrowded, damp or unsafe housing"},
					Modifiable: []string{"Overcrowded, damp or unsafe housing"}},
				{Score: cdop.ScoreOf(1), Factors: []string{"Health visitor contact missed at 12 months"}},
			},
			Modifiable:   "identified",
			CauseOfDeath: "Sudden unexpected death in infancy; viral infection found at post-mortem",
			Learning: []string{
				"Safer sleep advice should be repeated at every contact, including when a family moves house.",
				"Zoë's family were not offered a damp assessment although housing had been raised in 2025.",
			},
			FactorDetails: []cdop.FactorDetail{
				{Domain: "a", Factor: "Acute illness or infection", Code: "A05", Contribution: "may_have_contributed"},
				{Domain: "a", Factor: "Recent viral illness noted by GP", Contribution: "unlikely"},
				{Domain: "b", Factor: "Smoking in pregnancy or in the household", Code: "B01", Contribution: "contributed"},
				{Domain: "b", Factor: "Unsafe sleep: co-sleeping or shared surface", Code: "B02", Contribution: "contributed"},
				{Domain: "c", Factor: "Overcrowded, damp or unsafe housing", Code: "C02", Contribution: "may_have_contributed"},
				{Domain: "d", Factor: "Health visitor contact missed at 12 months", Contribution: "unlikely"},
			},
			LCSPRCriteriaMet: "no",
		},
	}
	f := &cdop.CaseFile{
		Case: c,
		Requests: []cdop.AgencyRequest{
			{ID: 1, CaseID: c.ID, AgencyID: 1, AgencyName: "Harehills Medical Practice", Form: "reporting_form",
				RequestedOn: d("2025-11-17"), ReceivedOn: d("2025-12-08")},
			{ID: 2, CaseID: c.ID, AgencyID: 2, AgencyName: "West Yorkshire Police", Form: "sudden_unexpected_death",
				RequestedOn: d("2025-11-17"), ChasedOn: []cdop.Date{d("2025-12-16"), d("2026-01-06")}, ReceivedOn: d("2026-01-20"),
				Note: "Sent to DS Okonkwo-Reyes"},
			{ID: 3, CaseID: c.ID, AgencyID: 3, AgencyName: "Leeds Children's Social Care", Form: "reporting_form",
				RequestedOn: d("2025-11-17"), DeclinedOn: d("2025-11-28"), DeclineReason: "Family not known; spoke to Piotr"},
			{ID: 4, CaseID: c.ID, AgencyID: 4, AgencyName: "Yorkshire Ambulance Service", Form: "reporting_form",
				RequestedOn: d("2026-05-01")},
		},
		Contacts: []cdop.Contact{
			{ID: 1, CaseID: c.ID, On: d("2025-11-16"), Method: "visit", By: "Łukasz Nguyễn", Note: "Met Piotr and Aoife at home"},
			{ID: 2, CaseID: c.ID, On: d("2026-01-12"), Method: "phone", By: "Łukasz Nguyễn", Note: "Explained the CDRM"},
		},
		Pauses: []cdop.ClockPause{
			{ID: 1, CaseID: c.ID, Deadline: cdop.DeadlineCDOPReview, From: d("2026-03-02"), Reason: "Awaiting inquest (Mrs Ó Súilleabháin asked)"},
		},
		Moves: []cdop.StageMove{
			{ID: 1, CaseID: c.ID, From: cdop.StageNotified, To: cdop.StageImmediateDecisions, At: time.Date(2025, 11, 15, 10, 0, 0, 0, time.UTC), Actor: "Hannah Featherstonehaugh"},
			{ID: 2, CaseID: c.ID, From: cdop.StageImmediateDecisions, To: cdop.StageInformationGathering, At: time.Date(2025, 11, 17, 9, 0, 0, 0, time.UTC), Actor: "Hannah Featherstonehaugh"},
			{ID: 3, CaseID: c.ID, From: cdop.StageInformationGathering, To: cdop.StageCDRM, At: time.Date(2026, 1, 21, 9, 0, 0, 0, time.UTC), Actor: "Hannah Featherstonehaugh"},
			{ID: 4, CaseID: c.ID, From: cdop.StageCDRM, To: cdop.StageCDOPReview, At: time.Date(2026, 2, 23, 16, 0, 0, 0, time.UTC), Actor: "Hannah Featherstonehaugh"},
		},
	}
	recs := []*cdop.Recommendation{
		{ID: 1, CaseIDs: []string{c.ID}, CaseRefs: []string{c.Ref}, AgencyID: 5, Agency: "Leeds Community Healthcare",
			Action: "Health visitors to repeat safer sleep advice at every contact and record it; audit after six months (Zoë's case).",
			DueOn:  d("2026-09-30"), Status: "in_progress", CreatedOn: d("2026-02-23")},
		{ID: 2, CaseIDs: []string{c.ID}, CaseRefs: []string{c.Ref}, AgencyID: 6, Agency: "Leeds City Council Housing",
			Action: "Offer a damp and mould assessment whenever a family with an infant reports damp.",
			DueOn:  d("2026-04-30"), Status: "open", CreatedOn: d("2026-02-23")},
		{ID: 3, Theme: "Safer sleep", AgencyID: 7, Agency: "Public Health", Action: "Run a safer sleep campaign.",
			DueOn: d("2026-12-31"), Status: "open", CreatedOn: d("2026-03-01")},
	}
	return f, recs
}

// identifiers lists what an anonymised document must never print about the fixture.
func identifiers(f *cdop.CaseFile) []string {
	c := f.Case
	out := []string{
		c.FirstName, c.LastName, "Súilleabháin", c.FullName(),
		c.NHSNumber, cdop.FormatNHSNumber(c.NHSNumber),
		c.Postcode, strings.ReplaceAll(c.Postcode, " ", ""),
		c.KeyWorker, "Łukasz", "Nguyễn",
		"Piotr", "Aoife", "Harehills Terrace", "unresponsive in her cot", // summary and notes
		"Quennell-Farrow", "Okonkwo-Reyes", "Featherstonehaugh", "Awaiting inquest", "Family not known",
	}
	for _, d := range []cdop.Date{c.DateOfBirth, c.DateOfDeath, c.NotifiedOn, c.CSPRPNotifiedOn, c.RapidReviewCompletedOn,
		c.CDRMOn, c.CDOPReviewOn, c.FamilyToldCDRMOn, c.FamilyToldCDOPReviewOn} {
		if !d.IsZero() {
			out = append(out, d.String(), d.Display(), d.Time().Format("02/01/2006"), d.Time().Format("2 January 2006"))
		}
	}
	for _, r := range f.Requests {
		for _, d := range append([]cdop.Date{r.RequestedOn, r.ReceivedOn, r.DeclinedOn}, r.ChasedOn...) {
			if !d.IsZero() {
				out = append(out, d.Display(), d.String())
			}
		}
	}
	var nonEmpty []string
	for _, s := range out {
		if strings.TrimSpace(s) != "" {
			nonEmpty = append(nonEmpty, s)
		}
	}
	return nonEmpty
}

// pdfText returns the text of a PDF, page by page, as pdftotext reads it.
// It skips the test when pdftotext (poppler-utils) is not installed.
func pdfText(t testing.TB, pdf []byte) []string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext is not installed (apt-get install poppler-utils); it reads the PDFs back")
	}
	path := filepath.Join(t.TempDir(), "out.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	pages := strings.Split(string(out), "\f")
	if len(pages) > 0 && strings.TrimSpace(pages[len(pages)-1]) == "" {
		pages = pages[:len(pages)-1]
	}
	return pages
}

// flat joins text with single spaces, so words wrapped onto two lines still match.
func flat(pages ...string) string {
	return strings.Join(strings.Fields(strings.Join(pages, " ")), " ")
}

func mustSummary(t testing.TB, f *cdop.CaseFile, recs []*cdop.Recommendation, o reports.Options) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := reports.CaseSummary(&b, f, recs, o); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// pdfLayout returns the text of a PDF laid out as on the page (pdftotext
// -layout), so a table row reads as one line.
func pdfLayout(t testing.TB, pdf []byte) string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext is not installed (apt-get install poppler-utils); it reads the PDFs back")
	}
	path := filepath.Join(t.TempDir(), "out.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-layout", "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}
