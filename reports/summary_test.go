package reports_test

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"casemanager/cdop"
	"casemanager/reports"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func TestCaseSummaryPrintsTheWholeCase(t *testing.T) {
	f, recs := fixture(t)
	pages := pdfText(t, mustSummary(t, f, recs, opts(false)))
	text := flat(pages...)
	for _, want := range []string{
		"Case summary", "CDOP-2025-0017", "Stage: CDOP review",
		// Identifiers, in several scripts.
		"Zoë Ó Súilleabháin", "999 000 0174", "2 Mar 2024", "14 Nov 2025 at 14:20", "20 months", "1-4 years",
		"LS6 2QR", "B – White - Irish", "Leeds", "Łukasz Nguyễn",
		// Notification and decisions.
		"Panel notified 15 Nov 2025 (day 1)", "Sudden with no immediately apparent cause (SUDI/SUDC)",
		"Abuse or neglect suspected Yes", "24 Nov 2025", "inquest: Pending",
		"Other review: Housing review led by Ms Quennell-Farrow",
		"Piotr Ó Súilleabháin", // the summary
		// Deadlines, met and missed.
		"Notification to the panel 15 Nov 2025 15 Nov 2025 Met",
		"Missed: 3 days late", "Missed: 4 days late", "Missed: 36 days late", "Open: 17 days over", "Open: paused",
		"clock paused: Awaiting inquest", "target moved on 105 days by pauses",
		// Timeline and agency reports.
		"Moved to Immediate decisions by Hannah Featherstonehaugh",
		"Harehills Medical Practice", "West Yorkshire Police", "chased 2 times", "Declined: Family not known; spoke to Piotr",
		"Requested; overdue", "Note: Sent to DS Okonkwo-Reyes",
		// Contacts.
		"Met Piotr and Aoife at home",
		// Analysis.
		"Sudden unexpected death in infancy; viral infection found at post-mortem",
		"10. Sudden unexpected, unexplained death", "9. Infection", "Modifiable factors identified", "LCSPR criteria met No",
		"A. Factors intrinsic to the child", "Score: 2 – Factors identified that may have contributed",
		"Smoking in pregnancy or in the household B01 Contributed Yes", "Recent viral illness noted by GP", "Unlikely to have contributed",
		"Score: 1 – No factors identified",
		// Learning and recommendations.
		"Zoë's family were not offered a damp assessment",
		"Leeds Community Healthcare", "In progress", "30 Sep 2026", "Open; overdue",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("summary lacks %q", want)
		}
	}
	if strings.Contains(text, "Run a safer sleep campaign") {
		t.Error("summary prints a recommendation from another case")
	}
}

func TestCaseSummaryPrintsNamesInAnyScript(t *testing.T) {
	f, recs := fixture(t)
	for _, name := range [][2]string{
		{"Zoë", "Ó Súilleabháin"}, {"Łukasz", "Wiśniewski"}, {"Thảo", "Nguyễn"}, {"Ζωή", "Παπαδοπούλου"},
		{"Алёна", "Кузнецова"}, {"Zeynep", "Yılmaz"}, {"Saoirse", "Ní Dhomhnaill"}, {"Jürgen", "Groß"},
	} {
		f.Case.FirstName, f.Case.LastName = name[0], name[1]
		text := flat(pdfText(t, mustSummary(t, f, recs, opts(false)))...)
		if full := name[0] + " " + name[1]; !strings.Contains(text, full) {
			t.Errorf("summary does not print %q", full)
		}
	}
}

func TestAnonymisedSummaryHoldsNoIdentifier(t *testing.T) {
	f, recs := fixture(t)
	pages := pdfText(t, mustSummary(t, f, recs, opts(true)))
	text := flat(pages...)
	for _, id := range identifiers(f) {
		if strings.Contains(text, id) {
			t.Errorf("anonymised summary prints %q", id)
		}
	}
	// What it does show: the age band, and times after the death in bands,
	// as the panel view has them.
	a := cdop.Anonymise(f)
	for _, want := range []string{"Anonymised case summary", "CDOP-2025-0017", "1–4 years", "Female", "White",
		"Panel notified within 1 month", "CSPR Panel notified within 1 month", "Child death review meeting 3–6 months",
		"Missed", "[withheld]'s family were not offered", "(SUDI/SUDC)", "of the review", "Produced 15 Jun 2026"} {
		if !strings.Contains(text, want) {
			t.Errorf("anonymised summary lacks %q", want)
		}
	}
	for _, e := range a.Timeline {
		if !strings.Contains(text, e.When+" "+e.Text) {
			t.Errorf("anonymised summary lacks the panel view's timeline entry %q %q", e.When, e.Text)
		}
	}
	// Nothing that dates the death: no day counted from it, no countdown
	// to a target beside the production date, no month a recommendation is
	// due in, and the production date on the first page only.
	for _, re := range []*regexp.Regexp{
		regexp.MustCompile(`(?i)\bday \d+`), regexp.MustCompile(`\d+ days? (late|over|left)`),
		regexp.MustCompile(`moved on \d+ day`), regexp.MustCompile(`\b20 months\b`),
		regexp.MustCompile(`(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) 20\d\d`),
	} {
		if m := re.FindAllString(strings.ReplaceAll(text, "Produced 15 Jun 2026", ""), -1); len(m) > 0 {
			t.Errorf("anonymised summary prints %q", m)
		}
	}
	if n := strings.Count(text, "Produced"); n != 1 || !strings.Contains(pages[0], "Produced") {
		t.Errorf("the production date is printed %d times; want once, on the first page", n)
	}
}

func TestAnonymisedSummaryWithholdsAResidenceThatReadsAsAnAddress(t *testing.T) {
	f, recs := fixture(t)
	f.Case.ResidenceLA = "12 Cardigan Road"
	text := flat(pdfText(t, mustSummary(t, f, recs, opts(true)))...)
	if strings.Contains(text, "Cardigan") {
		t.Error("anonymised summary prints an address typed as the local authority")
	}
	if !strings.Contains(text, "Local authority of residence withheld") {
		t.Error("anonymised summary does not say the residence is withheld")
	}
}

func TestEveryPageIsMarkedAndNumbered(t *testing.T) {
	f, recs := fixture(t)
	files := append([]*cdop.CaseFile{f}, demoFiles(t, 2, 30, 5)[:3]...)
	var pack bytes.Buffer
	if err := reports.PanelPack(&pack, panelMeeting(files), files, recs, opts(true)); err != nil {
		t.Fatal(err)
	}
	var annual bytes.Buffer
	data := reports.AnnualData{From: cdop.NewDate(2025, 4, 1), To: cdop.NewDate(2026, 3, 31), Cases: demoFiles(t, 2, 60, 5), Recommendations: recs}
	if err := reports.AnnualReport(&annual, data, opts(true)); err != nil {
		t.Fatal(err)
	}
	for name, pdf := range map[string][]byte{
		"summary": mustSummary(t, f, recs, opts(false)), "anonymised summary": mustSummary(t, f, recs, opts(true)),
		"pack": pack.Bytes(), "annual report": annual.Bytes(),
	} {
		pages := pdfText(t, pdf)
		if len(pages) < 2 {
			t.Errorf("%s: %d pages", name, len(pages))
		}
		for i, p := range pages {
			if !strings.HasPrefix(strings.TrimSpace(p), reports.Marking) || strings.Count(p, reports.Marking) < 2 {
				t.Errorf("%s page %d is not marked %s at its head and foot", name, i+1, reports.Marking)
			}
			if want := fmt.Sprintf("Page %d of %d", i+1, len(pages)); !strings.Contains(p, want) {
				t.Errorf("%s page %d lacks %q", name, i+1, want)
			}
			// Identifiable documents and the annual report date every page;
			// anonymised ones only their first, where no day count stands.
			dated := strings.Contains(p, "15 Jun 2026")
			switch anonymous := name == "anonymised summary" || name == "pack"; {
			case !anonymous && !strings.Contains(p, "Produced 15 Jun 2026"):
				t.Errorf("%s page %d lacks the production date", name, i+1)
			case anonymous && dated != (i == 0):
				t.Errorf("%s page %d: production date printed %v; want it on the first page only", name, i+1, dated)
			}
		}
		if !bytes.Contains(pdf, []byte("/CreationDate (D:20260615000000)")) {
			t.Errorf("%s: the PDF's creation date is not the production day", name)
		}
	}
}

func TestOutputIsTheSameForTheSameInput(t *testing.T) {
	f, recs := fixture(t)
	files := demoFiles(t, 3, 40, 9)
	var agenda []*cdop.CaseFile
	for _, g := range files {
		if g.Case.Stage == cdop.StageCDOPReview && len(agenda) < 5 {
			agenda = append(agenda, g)
		}
	}
	data := reports.AnnualData{From: cdop.NewDate(2025, 1, 1), To: cdop.NewDate(2025, 12, 31), Cases: files, Recommendations: recs}
	render := map[string]func() []byte{
		"summary":    func() []byte { return mustSummary(t, f, recs, opts(false)) },
		"anonymised": func() []byte { return mustSummary(t, f, recs, opts(true)) },
		"pack": func() []byte {
			var b bytes.Buffer
			if err := reports.PanelPack(&b, panelMeeting(agenda), agenda, recs, opts(true)); err != nil {
				t.Fatal(err)
			}
			return b.Bytes()
		},
		"annual": func() []byte {
			var b bytes.Buffer
			if err := reports.AnnualReport(&b, data, opts(true)); err != nil {
				t.Fatal(err)
			}
			return b.Bytes()
		},
	}
	for name, r := range render {
		first := r()
		for i := 0; i < 3; i++ {
			if !bytes.Equal(first, r()) {
				t.Fatalf("%s: two runs with the same input gave different bytes", name)
			}
		}
	}
}

func TestProductionDateIsRequired(t *testing.T) {
	f, recs := fixture(t)
	o := opts(false)
	o.Produced = time.Time{}
	if err := reports.CaseSummary(&bytes.Buffer{}, f, recs, o); err == nil {
		t.Error("a summary with no production date was written")
	}
	if err := reports.CaseSummary(&bytes.Buffer{}, nil, recs, opts(false)); err == nil {
		t.Error("a summary of no case was written")
	}
}

// TestGoldenSummaries compares the fixture's summaries with the files in
// testdata byte for byte; go test ./reports -run Golden -update rewrites them.
func TestGoldenSummaries(t *testing.T) {
	f, recs := fixture(t)
	for name, anonymised := range map[string]bool{"summary.golden": false, "summary-anonymised.golden": true} {
		got := mustSummary(t, f, recs, opts(anonymised))
		path := filepath.Join("testdata", name)
		if *update {
			if err := os.MkdirAll("testdata", 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, got, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run go test ./reports -run Golden -update to create it)", err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s: the summary differs from the golden file (%d bytes, golden %d); if the change is intended, "+
				"look at the PDF and rerun with -update", name, len(got), len(want))
		}
	}
}

func TestSummaryOfABareCase(t *testing.T) {
	c := &cdop.Case{ID: "x", Ref: "CDOP-2026-0001", Stage: cdop.StageNotified}
	for _, anonymised := range []bool{false, true} {
		text := flat(pdfText(t, mustSummary(t, &cdop.CaseFile{Case: c}, nil, opts(anonymised)))...)
		for _, want := range []string{"CDOP-2026-0001", "not recorded", "No reporting forms have been requested.",
			"No learning recorded.", "No recommendations recorded."} {
			if !strings.Contains(text, want) {
				t.Errorf("anonymised=%v: bare summary lacks %q", anonymised, want)
			}
		}
	}
}

func TestLongTextBreaksAcrossPagesWithoutLoss(t *testing.T) {
	f, recs := fixture(t)
	words := func(from, n int) string {
		var w []string
		for i := from; i < from+n; i++ {
			w = append(w, fmt.Sprintf("word%04d", i))
		}
		return strings.Join(w, " ")
	}
	f.Case.Summary = words(0, 900)                                                        // a paragraph
	f.Case.Analysis.CauseOfDeath = words(900, 300)                                        // a definition
	f.Case.Analysis.Learning = append(f.Case.Analysis.Learning, words(1200, 400))         // a bullet
	recs[0].Action = words(1600, 700)                                                     // a table cell taller than a page
	f.Case.Analysis.Domains[0].Factors[0] = "Acute" + strings.Repeat("illness", 40) + "X" // one long word
	text := flat(pdfText(t, mustSummary(t, f, recs, opts(false)))...)
	got := regexp.MustCompile(`word(\d{4})`).FindAllStringSubmatch(text, -1)
	if len(got) != 2300 {
		t.Errorf("printed %d of 2300 words", len(got))
	}
	for i, m := range got {
		if m[1] != fmt.Sprintf("%04d", i) {
			t.Fatalf("word %d printed as word%s: out of order or lost", i, m[1])
		}
	}
}

func TestTextOutsideTheFontPrintsSafely(t *testing.T) {
	f, recs := fixture(t)
	f.Case.Summary = "Tabs\tand\x00controls, emoji 👶🏽, CJK 王秀英, Arabic مريم, combining Nguye\u0302\u0303n.\r\nNext line."
	f.Case.FirstName = "Nguye\u0302\u0303n" // decomposed: printed composed
	text := flat(pdfText(t, mustSummary(t, f, recs, opts(false)))...)
	for _, want := range []string{"Tabs and controls", "Next line.", "Nguyễn Ó Súilleabháin"} {
		if !strings.Contains(text, want) {
			t.Errorf("summary lacks %q", want)
		}
	}
}

func TestWritersRunConcurrently(t *testing.T) {
	f, recs := fixture(t)
	want := mustSummary(t, f, recs, opts(true))
	errs := make(chan error, 4)
	for i := 0; i < 4; i++ {
		go func() {
			var b bytes.Buffer
			err := reports.CaseSummary(&b, f, recs, opts(true))
			if err == nil && !bytes.Equal(b.Bytes(), want) {
				err = fmt.Errorf("a summary written alongside others differs")
			}
			errs <- err
		}()
	}
	for i := 0; i < 4; i++ {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}

// TestSummariesShowEveryFieldTheRegistryPlacesInThem fills every field a
// field's kind can give an example for, and checks that each field the
// registry places on the summary and that no composed row prints is shown
// under its own label; on the anonymised summary, only those its disclosure
// role allows (cdop.Anonymise's Other), and never an identifier.
func TestSummariesShowEveryFieldTheRegistryPlacesInThem(t *testing.T) {
	f, recs := fixture(t)
	c := f.Case
	for _, field := range cdop.CaseFields {
		if c.Get(field.Name) != "" || field.Form.Tab == cdop.TabAnalysis {
			continue
		}
		if field.Kind == cdop.KindDate {
			if err := c.Set(field.Name, c.DateOfDeath.AddDays(20).String()); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if v, _ := field.Examples(); v != "" {
			if err := c.Set(field.Name, v); err != nil {
				t.Fatal(err)
			}
		}
	}
	full := flat(pdfText(t, mustSummary(t, f, recs, opts(false)))...)
	generic := 0
	for _, field := range cdop.CaseFields {
		if field.Summary == "" || reports.SummaryComposed[field.Name] || field.Form.Tab == cdop.TabAnalysis {
			continue
		}
		generic++
		if want := flat(field.Label + " " + field.Display(c)); !strings.Contains(full, want) {
			t.Errorf("the case summary does not show %s as %q", field.Name, want)
		}
	}
	if generic == 0 {
		t.Error("no field of the registry is printed by the summary's own rows; the test tests nothing")
	}
	anon := flat(pdfText(t, mustSummary(t, f, recs, opts(true)))...)
	shown := 0
	for section, fields := range cdop.Anonymise(f).Other {
		for _, s := range fields {
			shown++
			field, _ := cdop.FieldNamed(s.Field)
			if field.Disclosure == cdop.Identifier && !field.FreeText() {
				t.Errorf("the anonymised view would show the identifier %s (%s)", s.Field, section)
			}
			if !strings.Contains(anon, flat(s.Label+" "+s.Value)) {
				t.Errorf("the anonymised summary does not show %s as %q", s.Field, s.Label+" "+s.Value)
			}
		}
	}
	if shown == 0 {
		t.Error("the anonymised view shows no field beyond its own; the test tests nothing")
	}
}
