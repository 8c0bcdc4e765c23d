package main

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// exampleCSV is the interchange example that ships with the spec.
const exampleCSV = "../../interchange/testdata/example-cases.csv"

// runCLI runs the command line in-process as a user would run the binary and
// returns its exit status, standard output and standard error.
func runCLI(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(args, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

// tempDB returns a new database made by cdop init, whose administrator is
// testUser.
func tempDB(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "cdop.db")
	if code, _, stderr := runCLI(t, "--db", path, "init"); code != 0 {
		t.Fatalf("init: exit %d: %s", code, stderr)
	}
	return path
}

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestImportExportRoundTripIsByteIdentical(t *testing.T) {
	db1 := tempDB(t)
	if code, _, stderr := runCLI(t, "--db", db1, "import", exampleCSV); code != 0 {
		t.Fatalf("import exit %d: %s", code, stderr)
	}
	if code, _, stderr := runCLI(t, "--db", db1, "demo", "--years", "3", "--per-year", "40", "--seed", "7"); code != 0 {
		t.Fatalf("demo exit %d: %s", code, stderr)
	}
	first := filepath.Join(t.TempDir(), "first.csv")
	if code, _, stderr := runCLI(t, "--db", db1, "export", "--full", "-o", first); code != 0 {
		t.Fatalf("export exit %d: %s", code, stderr)
	}

	db2 := tempDB(t)
	if code, stdout, stderr := runCLI(t, "--db", db2, "import", first); code != 0 {
		t.Fatalf("re-import exit %d: %s", code, stderr)
	} else if !strings.Contains(stdout, "imported 123 cases") {
		t.Errorf("re-import said %q, want 123 cases", stdout)
	}
	second := filepath.Join(t.TempDir(), "second.csv")
	if code, _, stderr := runCLI(t, "--db", db2, "export", "--full", "-o", second); code != 0 {
		t.Fatalf("second export exit %d: %s", code, stderr)
	}
	a, b := readFile(t, first), readFile(t, second)
	if a != b {
		t.Fatalf("export → import → export changed the file (%d vs %d bytes)", len(a), len(b))
	}
	for _, want := range []string{"Élodie", "Brennan-Kowalczyk", "O'Neill", "LS6 2QR", "999 000 0018"} {
		if !strings.Contains(a, want) {
			t.Errorf("export lacks %q", want)
		}
	}
}

func TestImportIsAllOrNothingAndReportsEveryProblem(t *testing.T) {
	db := tempDB(t)
	good := "case_ref,first_name,last_name,date_of_birth,date_of_death,sex,nhs_number_status\n" +
		"CDOP-2025-0100,Amara,Okafor,2024-01-01,2025-01-01,female,not_available\n"
	bad := good +
		"CDOP-2025-0101,Oliver,Smith,2025-03-01,2025-02-01,male,not_available\n" +
		"CDOP-2025-0102,Maya,Patel,2020-01-01,2025-01-01,Female,\n"
	path := writeFile(t, "bad.csv", bad)
	code, _, stderr := runCLI(t, "--db", db, "import", path)
	if code != 1 {
		t.Fatalf("exit %d, want 1; stderr %s", code, stderr)
	}
	for _, want := range []string{
		"line 3: date_of_death:",
		"line 4: sex:",
		"line 4: nhs_number_status:",
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	_, stdout, _ := runCLI(t, "--db", db, "cases", "--format", "csv")
	if lines := strings.Count(stdout, "\n"); lines != 1 {
		t.Errorf("after a failed import the database holds rows:\n%s", stdout)
	}

	// The same file imported twice: the second time every row is a duplicate.
	okPath := writeFile(t, "good.csv", good)
	if code, _, stderr := runCLI(t, "--db", db, "import", okPath); code != 0 {
		t.Fatalf("good import exit %d: %s", code, stderr)
	}
	code, _, stderr = runCLI(t, "--db", db, "import", okPath)
	if code != 1 || !strings.Contains(stderr, "line 2:") {
		t.Errorf("importing the same case twice: exit %d, stderr %s", code, stderr)
	}
}

func TestCasesListsEveryMatchingCase(t *testing.T) {
	db := tempDB(t)
	if code, _, stderr := runCLI(t, "--db", db, "import", exampleCSV); code != 0 {
		t.Fatalf("import: %s", stderr)
	}
	code, stdout, stderr := runCLI(t, "--db", db, "cases", "--format", "csv")
	if code != 0 {
		t.Fatalf("cases exit %d: %s", code, stderr)
	}
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	if len(lines) != 4 || !strings.HasPrefix(lines[0], "case_ref,first_name,last_name") {
		t.Fatalf("cases --format csv:\n%s", stdout)
	}
	if !strings.HasPrefix(lines[1], "CDOP-2025-0001,Élodie,Brennan-Kowalczyk,999 000 0018,2025-01-03,2025-01-19,16 days,0-27 days,female,closed") {
		t.Errorf("first row = %q", lines[1])
	}
	// The analysis columns follow: category, contributing categories, the
	// four scores and factors, modifiable factors and the outcome.
	if !strings.HasSuffix(lines[0], ",category,contributing_categories,domain_a_score,domain_b_score,domain_c_score,domain_d_score,"+
		"domain_a_factors,domain_b_factors,domain_c_factors,domain_d_factors,"+
		"domain_a_modifiable,domain_b_modifiable,domain_c_modifiable,domain_d_modifiable,modifiable,lcspr_criteria_met,analysis_signed_off_on") {
		t.Errorf("header = %q", lines[0])
	}
	if !strings.HasSuffix(lines[1], ",2025-03-11,2025-05-14,8,,2,1,1,1,extreme prematurity (24 weeks),,,,,,,,none,,") {
		t.Errorf("the closed case's analysis columns: %q", lines[1])
	}
	_, stdout, _ = runCLI(t, "--db", db, "cases", "--stage", "closed")
	if !strings.Contains(stdout, "CDOP-2025-0001") || strings.Contains(stdout, "CDOP-2025-0002") {
		t.Errorf("cases --stage closed:\n%s", stdout)
	}
	if code, _, stderr := runCLI(t, "--db", db, "cases", "--stage", "open"); code != 2 || !strings.Contains(stderr, "information_gathering") {
		t.Errorf("a wrong stage: exit %d, stderr %s", code, stderr)
	}
}

func TestCommandLineMistakesExitTwo(t *testing.T) {
	db := tempDB(t)
	for _, args := range [][]string{
		{"--db", db, "frobnicate"},
		{"--db", db, "export", "-o", "x.csv"},
		{"--db", db, "export", "--full"},
		{"--db", db, "import"},
		{"--db", db, "cases", "--format", "xml"},
		{"--db", db, "demo", "--years", "0"},
		{"--nonsense"},
	} {
		if code, _, stderr := runCLI(t, args...); code != 2 || stderr == "" {
			t.Errorf("cdop %q: exit %d, stderr %q; want 2 and a message", args, code, stderr)
		}
	}
}

func TestDatabaseFromEnvironmentBackupAndCheck(t *testing.T) {
	db := tempDB(t)
	t.Setenv("CDOP_DB", db)
	if code, stdout, stderr := runCLI(t, "init"); code != 0 || !strings.Contains(stdout, db) {
		t.Fatalf("init: exit %d, %s %s", code, stdout, stderr)
	}
	if code, _, stderr := runCLI(t, "demo", "--years", "1", "--per-year", "10"); code != 0 {
		t.Fatalf("demo: %s", stderr)
	}
	backup := filepath.Join(t.TempDir(), "copy.db")
	if code, _, stderr := runCLI(t, "backup", "-o", backup); code != 0 {
		t.Fatalf("backup: %s", stderr)
	}
	if code, stdout, stderr := runCLI(t, "--db", backup, "check"); code != 0 || !strings.Contains(stdout, "no problems") {
		t.Errorf("check of the backup: exit %d %s %s", code, stdout, stderr)
	}
	_, stdout, _ := runCLI(t, "--db", backup, "cases", "--format", "csv")
	if n := strings.Count(stdout, "\n"); n != 11 {
		t.Errorf("the backup holds %d lines of cases, want header + 10", n)
	}
	if code, _, _ := runCLI(t, "backup", "-o", backup); code != 1 {
		t.Errorf("backing up over an existing file: exit %d, want 1", code)
	}
}

func TestDueListsEveryOpenDeadlineAsOfADate(t *testing.T) {
	db := tempDB(t)
	if code, _, stderr := runCLI(t, "--db", db, "import", exampleCSV); code != 0 {
		t.Fatalf("import: %s", stderr)
	}
	// Abuse suspected, notified the Wednesday before Easter 2025: the five
	// working days to notify the Child Safeguarding Practice Review Panel
	// skip Good Friday and Easter Monday.
	safeguarding := writeFile(t, "safeguarding.csv",
		"case_ref,first_name,last_name,date_of_birth,date_of_death,sex,nhs_number_status,notified_on,abuse_neglect_suspected,stage\n"+
			"CDOP-2025-0040,Kacper,Wiśniewski,2023-08-01,2025-04-15,male,not_available,2025-04-16,yes,immediate_decisions\n")
	if code, _, stderr := runCLI(t, "--db", db, "import", safeguarding); code != 0 {
		t.Fatalf("import: %s", stderr)
	}

	code, stdout, stderr := runCLI(t, "--db", db, "due", "--format", "csv", "--on", "2025-04-20")
	if code != 0 {
		t.Fatalf("due exit %d: %s", code, stderr)
	}
	want := "case_ref,item,due_on,status\n" +
		"CDOP-2025-0002,key_worker_contact,2025-02-10,overdue\n" +
		"CDOP-2025-0003,key_worker_contact,2025-03-04,overdue\n" + // two days after the death, not the notification
		"CDOP-2025-0040,key_worker_contact,2025-04-17,overdue\n" +
		"CDOP-2025-0040,csprp_notification,2025-04-25,due\n" +
		"CDOP-2025-0002,cdrm,2025-05-08,upcoming\n" +
		"CDOP-2025-0003,cdrm,2025-06-02,upcoming\n" +
		"CDOP-2025-0040,cdrm,2025-07-15,upcoming\n" +
		"CDOP-2025-0002,cdop_review,2025-08-08,upcoming\n" +
		"CDOP-2025-0003,cdop_review,2025-09-02,upcoming\n" +
		"CDOP-2025-0040,cdop_review,2025-10-15,upcoming\n"
	if stdout != want {
		t.Errorf("due --format csv --on 2025-04-20:\n%s\nwant:\n%s", stdout, want)
	}

	_, stdout, _ = runCLI(t, "--db", db, "due", "--on", "2025-04-20")
	if !strings.Contains(stdout, "69 days over") || !strings.Contains(stdout, "5 days left") {
		t.Errorf("due as a table lacks the days over/left:\n%s", stdout)
	}
	// Today every open case is long past its key worker's first contact.
	_, stdout, _ = runCLI(t, "--db", db, "cases", "--overdue", "--format", "csv")
	if got := strings.Count(stdout, "\n"); got != 4 || strings.Contains(stdout, "CDOP-2025-0001") {
		t.Errorf("cases --overdue lists:\n%s\nwant the three open cases", stdout)
	}
	if code, _, stderr := runCLI(t, "--db", db, "due", "--on", "20/04/2025"); code != 2 || !strings.Contains(stderr, "YYYY-MM-DD") {
		t.Errorf("a malformed --on: exit %d, %s", code, stderr)
	}
}

func TestHelpForACommandGoesToStandardOutput(t *testing.T) {
	code, stdout, stderr := runCLI(t, "--db", tempDB(t), "due", "-h")
	if code != 0 || !strings.Contains(stdout, "usage: cdop [--db PATH] due") || !strings.Contains(stdout, "-on") || stderr != "" {
		t.Errorf("due -h: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	if code, _, stderr := runCLI(t, "cases", "--db", "x.db"); code != 2 || !strings.Contains(stderr, "put --db before the command") {
		t.Errorf("--db after the command: exit %d, stderr %q", code, stderr)
	}
}

func TestDefaultDatabaseIsInTheAppsDataFolder(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the README's Linux location is checked here")
	}
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(home, ".config"))
	t.Setenv("CDOP_DB", "")
	// Fyne's storage root for the app ID, as the README documents it.
	want := filepath.Join(home, ".config", "fyne", "uk.cdop.casemanager", "cdop.db")
	code, stdout, stderr := runCLI(t, "init")
	if code != 0 || !strings.Contains(stdout, want) || stderr != "" {
		t.Errorf("init without --db: exit %d, %q, stderr %q; want the database at %s", code, stdout, stderr, want)
	}
	if _, err := os.Stat(want); err != nil {
		t.Errorf("no database at %s: %v", want, err)
	}
}

func TestCSVOutputsProtectCellsASpreadsheetWouldRun(t *testing.T) {
	db := tempDB(t)
	file := writeFile(t, "formulas.csv",
		"case_ref,first_name,last_name,date_of_birth,date_of_death,sex,nhs_number_status,key_worker,domain_a_factors,summary\n"+
			"CDOP-2025-0100,Amara,Okafor,2024-01-01,2025-01-01,female,not_available,"+
			`"=HYPERLINK(""http://x.example"",""click"")",@SUM(A1:A2),"`+"\t=1+2\"\n")
	if code, _, stderr := runCLI(t, "--db", db, "import", file); code != 0 {
		t.Fatalf("import exit %d: %s", code, stderr)
	}
	exported := filepath.Join(t.TempDir(), "export.csv")
	if code, _, stderr := runCLI(t, "--db", db, "export", "--full", "-o", exported); code != 0 {
		t.Fatalf("export exit %d: %s", code, stderr)
	}
	text := readFile(t, exported)
	for _, want := range []string{`"'=HYPERLINK(""http://x.example"",""click"")"`, ",'@SUM(A1:A2),", ",'\t=1+2,"} {
		if !strings.Contains(text, want) {
			t.Errorf("export --full lacks %q:\n%s", want, text)
		}
	}
	_, stdout, _ := runCLI(t, "--db", db, "cases", "--format", "csv")
	if !strings.Contains(stdout, ",'@SUM(A1:A2),") {
		t.Errorf("cases --format csv does not protect the factor:\n%s", stdout)
	}

	// export → import → export gives the same bytes.
	again := tempDB(t)
	if code, _, stderr := runCLI(t, "--db", again, "import", exported); code != 0 {
		t.Fatalf("re-import exit %d: %s", code, stderr)
	}
	second := filepath.Join(t.TempDir(), "second.csv")
	if code, _, stderr := runCLI(t, "--db", again, "export", "--full", "-o", second); code != 0 {
		t.Fatalf("second export exit %d: %s", code, stderr)
	}
	if readFile(t, second) != text {
		t.Errorf("export → import → export changed the file:\n%s\n---\n%s", text, readFile(t, second))
	}
}
