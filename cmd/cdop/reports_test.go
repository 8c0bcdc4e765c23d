package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"casemanager/cdop"
)

// pdfToText returns the text of a PDF file; it skips the test when
// pdftotext (poppler-utils) is not installed.
func pdfToText(t *testing.T, path string) string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext is not installed (apt-get install poppler-utils); it reads the PDFs back")
	}
	out, err := exec.Command("pdftotext", "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext %s: %v", path, err)
	}
	return strings.Join(strings.Fields(string(out)), " ")
}

// demoDB returns a database filled by `demo`, and its cases.
func demoDB(t *testing.T) (string, []*cdop.Case) {
	t.Helper()
	path := tempDB(t)
	if code, _, stderr := runCLI(t, "--db", path, "demo", "--years", "3", "--per-year", "30", "--seed", "5"); code != 0 {
		t.Fatalf("demo exit %d: %s", code, stderr)
	}
	db, err := openSignedIn(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	cases, err := db.FindCases(context.Background(), cdop.CaseFilter{})
	if err != nil {
		t.Fatal(err)
	}
	return path, cases
}

// atStage returns the stored cases at a stage.
func atStage(cases []*cdop.Case, s cdop.Stage) []*cdop.Case {
	var out []*cdop.Case
	for _, c := range cases {
		if c.Stage == s {
			out = append(out, c)
		}
	}
	return out
}

// caseIdentifiers lists what an anonymised PDF must not print about a case.
func caseIdentifiers(c *cdop.Case) []string {
	out := []string{c.FullName(), c.NHSNumber, cdop.FormatNHSNumber(c.NHSNumber), c.Postcode, c.KeyWorker,
		c.DateOfBirth.Display(), c.DateOfDeath.Display(), c.NotifiedOn.Display()}
	if len(c.Summary) > 30 {
		out = append(out, c.Summary[:30])
	}
	var nonEmpty []string
	for _, s := range out {
		if strings.TrimSpace(s) != "" {
			nonEmpty = append(nonEmpty, s)
		}
	}
	return nonEmpty
}

func TestSummaryCommandWritesTheCaseAsAPDF(t *testing.T) {
	db, cases := demoDB(t)
	c := atStage(cases, cdop.StageCDOPReview)[0]
	dir := t.TempDir()

	full := filepath.Join(dir, "summary.pdf")
	code, stdout, stderr := runCLI(t, "--db", db, "summary", c.Ref, "-o", full)
	if code != 0 {
		t.Fatalf("summary exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "wrote the summary of "+c.Ref+" to "+full) {
		t.Errorf("summary said %q", stdout)
	}
	text := pdfToText(t, full)
	for _, want := range []string{"Case summary", c.Ref, c.FullName(), cdop.FormatNHSNumber(c.NHSNumber), c.DateOfBirth.Display(),
		"OFFICIAL-SENSITIVE", "Deadlines", "Timeline", "Analysis"} {
		if want != "" && !strings.Contains(text, want) {
			t.Errorf("summary lacks %q", want)
		}
	}

	anon := filepath.Join(dir, "anonymised.pdf")
	// Flags may come before the case reference too.
	if code, _, stderr := runCLI(t, "--db", db, "summary", "--anonymised", "-o", anon, c.Ref); code != 0 {
		t.Fatalf("summary --anonymised exit %d: %s", code, stderr)
	}
	text = pdfToText(t, anon)
	if !strings.Contains(text, "Anonymised case summary") || !strings.Contains(text, c.Ref) {
		t.Errorf("anonymised summary: %.300s", text)
	}
	for _, id := range caseIdentifiers(c) {
		if strings.Contains(text, id) {
			t.Errorf("anonymised summary prints %q", id)
		}
	}
}

func TestSummaryCommandErrors(t *testing.T) {
	db, cases := demoDB(t)
	out := filepath.Join(t.TempDir(), "x.pdf")
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"summary", "CDOP-1999-0001", "-o", out}, 1, "there is no case CDOP-1999-0001"},
		{[]string{"summary", cases[0].Ref}, 2, "-o FILE.pdf"},
		{[]string{"summary", "-o", out}, 2, "name one case"},
		{[]string{"summary", cases[0].Ref, cases[1].Ref, "-o", out}, 2, "name one case"},
		{[]string{"summary", cases[0].Ref, "-o", out, "--colour"}, 2, "flag provided but not defined"},
	} {
		code, _, stderr := runCLI(t, append([]string{"--db", db}, tc.args...)...)
		if code != tc.code || !strings.Contains(stderr, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want exit %d and %q", tc.args, code, stderr, tc.code, tc.want)
		}
		if _, err := os.Stat(out); err == nil {
			t.Fatalf("%v: a failed command left %s", tc.args, out)
		}
	}
}

func TestPackCommandWritesTheMeetingsAnonymisedPack(t *testing.T) {
	dbPath, cases := demoDB(t)
	ready := atStage(cases, cdop.StageCDOPReview)
	if len(ready) < 3 {
		t.Fatalf("the demo has %d cases at CDOP review", len(ready))
	}
	ready = ready[:3]
	db, err := openSignedIn(dbPath, nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx := cdop.WithActor(context.Background(), "test")
	m := &cdop.Meeting{Kind: "panel", On: cdop.Today(cdop.SystemClock{}).AddDays(14), StartsAt: "10:00",
		Place: "Committee Room 2, Wakefield Town Hall", Chair: "Dr Nneka Adeyemi"}
	if err := db.SaveMeeting(ctx, m); err != nil {
		t.Fatal(err)
	}
	for _, c := range ready {
		if err := db.AddToAgenda(ctx, m.ID, c.ID); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()

	out := filepath.Join(t.TempDir(), "pack.pdf")
	code, stdout, stderr := runCLI(t, "--db", dbPath, "pack", strconv.FormatInt(m.ID, 10), "-o", out)
	if code != 0 {
		t.Fatalf("pack exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "(3 cases)") {
		t.Errorf("pack said %q", stdout)
	}
	text := pdfToText(t, out)
	for _, want := range []string{"Panel pack", "Committee Room 2, Wakefield Town Hall", "Dr Nneka Adeyemi", "Agenda"} {
		if !strings.Contains(text, want) {
			t.Errorf("pack lacks %q", want)
		}
	}
	for _, c := range ready {
		if !regexp.MustCompile(regexp.QuoteMeta(c.Ref) + ` .* \d+`).MatchString(text) {
			t.Errorf("pack's agenda lacks %s", c.Ref)
		}
		if !strings.Contains(text, "Anonymised case summary "+c.Ref) {
			t.Errorf("pack lacks the summary of %s", c.Ref)
		}
		for _, id := range caseIdentifiers(c) {
			if strings.Contains(text, id) {
				t.Errorf("pack prints %q, an identifier of %s", id, c.Ref)
			}
		}
	}
}

func TestPackCommandErrors(t *testing.T) {
	db := tempDB(t)
	out := filepath.Join(t.TempDir(), "x.pdf")
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"pack", "999", "-o", out}, 1, "there is no meeting 999"},
		{[]string{"pack", "twelve", "-o", out}, 2, `"twelve" is not a meeting ID`},
		{[]string{"pack", "-o", out}, 2, "name one meeting"},
		{[]string{"pack", "1"}, 2, "-o FILE.pdf"},
	} {
		code, _, stderr := runCLI(t, append([]string{"--db", db}, tc.args...)...)
		if code != tc.code || !strings.Contains(stderr, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want exit %d and %q", tc.args, code, stderr, tc.code, tc.want)
		}
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("a failed pack left its output file")
	}
}

func TestReportCommandWritesTheAnnualReport(t *testing.T) {
	db, cases := demoDB(t)
	today := cdop.Today(cdop.SystemClock{})
	fy := cdop.FinancialYearPeriod(today.Year() - 2)
	out := filepath.Join(t.TempDir(), "annual.pdf")
	code, stdout, stderr := runCLI(t, "--db", db, "report", "--financial-year", cdop.FinancialYearName(today.Year()-2), "-o", out)
	if code != 0 {
		t.Fatalf("report exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "wrote the annual report for the "+fy.Label) {
		t.Errorf("report said %q", stdout)
	}
	text := pdfToText(t, out)
	for _, want := range []string{"Child death review annual report", "Key figures", "Deaths in the period", "By age band and sex",
		"Place of death", "Category of death", "Time from death to review", "Modifiable factors by category of death",
		"Recommendations", "OFFICIAL-SENSITIVE", "rounded to the nearest 5"} {
		if !strings.Contains(text, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	for _, c := range cases {
		for _, id := range []string{c.FullName(), c.Ref, cdop.FormatNHSNumber(c.NHSNumber)} {
			if id != "" && strings.Contains(text, id) {
				t.Fatalf("the annual report prints %q", id)
			}
		}
	}
	// The same period by its dates, with the same figures: no question.
	again := filepath.Join(t.TempDir(), "again.pdf")
	if code, _, stderr := runCLI(t, "--db", db, "report", "--from", fy.From.String(), "--to", fy.To.String(), "-o", again); code != 0 {
		t.Errorf("the same report again: exit %d: %s", code, stderr)
	}
	// A quarter and a calendar year are periods too.
	for _, args := range [][]string{{"--financial-year", cdop.FinancialYearName(today.Year() - 2), "--quarter", "Q2"}, {"--year", strconv.Itoa(today.Year() - 1)}} {
		if code, _, stderr := runCLI(t, append(append([]string{"--db", db, "report"}, args...), "-o", filepath.Join(t.TempDir(), "q.pdf"))...); code != 0 {
			t.Errorf("report %v: exit %d: %s", args, code, stderr)
		}
	}
}

// The differencing guard: after a late notification into a period already
// published, the report lists the figures that changed and writes nothing
// until --confirm-changes.
func TestReportCommandGuardsAgainstDifferencing(t *testing.T) {
	db, _ := demoDB(t)
	today := cdop.Today(cdop.SystemClock{})
	fyName := cdop.FinancialYearName(today.Year() - 2)
	fy := cdop.FinancialYearPeriod(today.Year() - 2)
	dir := t.TempDir()
	if code, _, stderr := runCLI(t, "--db", db, "report", "--financial-year", fyName, "-o", filepath.Join(dir, "first.pdf")); code != 0 {
		t.Fatalf("first report: exit %d: %s", code, stderr)
	}
	// Late notifications into the period: teenagers who drowned.
	var rows []string
	for i := range 6 {
		death := fy.From.AddDays(90 + i)
		rows = append(rows, fmt.Sprintf(",Late%c,Notified,%s,%s,female,,not_available,%s,expected", 'A'+i, death.AddDays(-15*365), death, death))
	}
	csvPath := writeFile(t, "late.csv", "case_ref,first_name,last_name,date_of_birth,date_of_death,sex,nhs_number,nhs_number_status,notified_on,expected\n"+strings.Join(rows, "\n")+"\n")
	if code, _, stderr := runCLI(t, "--db", db, "import", csvPath); code != 0 {
		t.Fatalf("import: exit %d: %s", code, stderr)
	}
	second := filepath.Join(dir, "second.pdf")
	code, _, stderr := runCLI(t, "--db", db, "report", "--financial-year", fyName, "-o", second)
	if code != 1 || !strings.Contains(stderr, "was published on") || !strings.Contains(stderr, "→") || !strings.Contains(stderr, "--confirm-changes") {
		t.Errorf("the report after late notifications: exit %d, stderr %q; want a refusal listing the changes", code, stderr)
	}
	if _, err := os.Stat(second); err == nil {
		t.Error("the refused report was written")
	}
	if code, _, stderr := runCLI(t, "--db", db, "report", "--financial-year", fyName, "-o", second, "--confirm-changes"); code != 0 {
		t.Errorf("confirmed: exit %d: %s", code, stderr)
	}
	if _, err := os.Stat(second); err != nil {
		t.Errorf("the confirmed report was not written: %v", err)
	}
}

func TestReportCommandErrors(t *testing.T) {
	db := tempDB(t)
	out := filepath.Join(t.TempDir(), "x.pdf")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"report", "--to", "2026-03-31", "-o", out}, "give the period"},
		{[]string{"report", "-o", out}, "give the period once"},
		{[]string{"report", "--year", "2025", "--financial-year", "2025/26", "-o", out}, "give the period once"},
		{[]string{"report", "--from", "2025-04-01", "--to", "31/03/2026", "-o", out}, "--to:"},
		{[]string{"report", "--from", "2026-04-01", "--to", "2025-03-31", "-o", out}, "is before --from"},
		{[]string{"report", "--from", "2025-01-15", "--to", "2025-06-30", "-o", out}, "figures are published only for a calendar year, a financial year (1 April to 31 March) or a quarter of one"},
		{[]string{"report", "--financial-year", "2025/27", "-o", out}, "give it as 2025/26"},
		{[]string{"report", "--year", "2025", "--quarter", "Q5", "-o", out}, "use Q1 to Q4"},
		{[]string{"report", "--from", "2025-04-01", "--to", "2026-03-31"}, "-o FILE.pdf"},
		{[]string{"report", "--from", "2025-04-01", "--to", "2026-03-31", "-o", out, "extra"}, `unexpected argument "extra"`},
	} {
		code, _, stderr := runCLI(t, append([]string{"--db", db}, tc.args...)...)
		if code != 2 || !strings.Contains(stderr, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want exit 2 and %q", tc.args, code, stderr, tc.want)
		}
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("a failed report left its output file")
	}
}

func TestReportCommandsAreListed(t *testing.T) {
	_, stdout, _ := runCLI(t, "help")
	for _, name := range []string{"summary", "pack", "report"} {
		if !regexp.MustCompile(`(?m)^  ` + name + ` `).MatchString(stdout) {
			t.Errorf("help does not list %s:\n%s", name, stdout)
		}
	}
}
