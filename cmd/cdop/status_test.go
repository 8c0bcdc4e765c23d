package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"casemanager/cdop"
)

// A notification logged in error is voided with a reason: kept (export
// carries it), read-only, gone from what is due; a case handed to another
// panel is written for it in the interchange format, which the other panel
// imports, and kept here read-only and out of what is due.
func TestVoidAndTransferEndToEnd(t *testing.T) {
	db := tempDB(t)
	if code, _, stderr := runCLI(t, "--db", db, "import", exampleCSV); code != 0 {
		t.Fatalf("import: %s", stderr)
	}
	if code, _, stderr := runCLI(t, "--db", db, "void", "CDOP-2025-0002"); code != 2 || !strings.Contains(stderr, "--reason") {
		t.Errorf("void without a reason: exit %d, %s", code, stderr)
	}
	code, stdout, stderr := runCLI(t, "--db", db, "void", "CDOP-2025-0002", "--reason", "Logged in error: notified twice")
	if code != 0 || !strings.Contains(stdout, "voided CDOP-2025-0002") {
		t.Fatalf("void: exit %d, %s %s", code, stdout, stderr)
	}
	if code, _, stderr := runCLI(t, "--db", db, "void", "CDOP-2025-0002", "--reason", "again"); code != 1 || !strings.Contains(stderr, "was voided") {
		t.Errorf("voiding a voided case: exit %d, %s", code, stderr)
	}

	other := filepath.Join(t.TempDir(), "for-kent.csv")
	code, stdout, stderr = runCLI(t, "--db", db, "transfer", "CDOP-2025-0003", "--to", "Kent and Medway CDOP", "-o", other)
	if code != 0 || !strings.Contains(stdout, "CDOP-2025-0003 for Kent and Medway CDOP") {
		t.Fatalf("transfer: exit %d, %s %s", code, stdout, stderr)
	}
	file := readFile(t, other)
	if lines := strings.Split(strings.TrimSpace(file), "\n"); len(lines) != 2 || !strings.HasPrefix(lines[1], "CDOP-2025-0003,Grace,O'Neill,") || strings.Contains(file, "Kent") {
		t.Errorf("the transfer file = %q; want the header and the case as it was, without the transfer", file)
	}
	if code, _, stderr := runCLI(t, "--db", db, "transfer", "CDOP-2025-0003", "--to", "Elsewhere", "-o", filepath.Join(t.TempDir(), "x.csv")); code != 1 || !strings.Contains(stderr, "was transferred to Kent and Medway CDOP") {
		t.Errorf("transferring twice: exit %d, %s", code, stderr)
	}

	// The other panel imports the file.
	theirs := tempDB(t)
	if code, stdout, stderr := runCLI(t, "--db", theirs, "import", other); code != 0 || !strings.Contains(stdout, "imported 1 cases") {
		t.Errorf("the other panel's import: exit %d, %s %s", code, stdout, stderr)
	}

	// Here: kept in the export, out of what is due.
	export := filepath.Join(t.TempDir(), "all.csv")
	if code, _, stderr := runCLI(t, "--db", db, "export", "--full", "-o", export); code != 0 {
		t.Fatal(stderr)
	}
	all := readFile(t, export)
	if !strings.Contains(all, "Logged in error: notified twice") || !strings.Contains(all, "Kent and Medway CDOP") || strings.Count(all, "\n") != 4 {
		t.Errorf("export after the void and the transfer:\n%s", all)
	}
	_, due, _ := runCLI(t, "--db", db, "due", "--format", "csv", "--on", "2025-04-20")
	if strings.Contains(due, "CDOP-2025-0002") || strings.Contains(due, "CDOP-2025-0003") {
		t.Errorf("due lists a voided or transferred case:\n%s", due)
	}
	if code, stdout, _ := runCLI(t, "--db", db, "check"); code != 0 {
		t.Errorf("check after the void and the transfer: %s", stdout)
	}
}

// The NCMD step from the command line: what is missing, by form and
// section; one JSON document of the case's items, saying it is not NCMD's
// API; the submission recorded on the closed case, by the signed-in user,
// once and after the panel's review.
func TestNCMDStepEndToEnd(t *testing.T) {
	db := tempDB(t)
	if code, _, stderr := runCLI(t, "--db", db, "import", exampleCSV); code != 0 {
		t.Fatalf("import: %s", stderr)
	}
	code, stdout, stderr := runCLI(t, "--db", db, "ncmd", "missing", "CDOP-2025-0001")
	if code != 0 || !strings.Contains(stdout, "CDOP-2025-0001: ") || !strings.Contains(stdout, "Notification form\tFamily\tParents or those with parental responsibility") ||
		!strings.Contains(stdout, "Reporting form\tAgency reports\ta reporting form received from at least one agency") {
		t.Errorf("ncmd missing: exit %d\n%s%s", code, stdout, stderr)
	}
	out := filepath.Join(t.TempDir(), "ncmd.json")
	code, stdout, stderr = runCLI(t, "--db", db, "ncmd", "export", "CDOP-2025-0001", "-o", out)
	if code != 0 || !strings.Contains(stdout, "wrote the NCMD items of CDOP-2025-0001") {
		t.Fatalf("ncmd export: exit %d, %s %s", code, stdout, stderr)
	}
	if js := readFile(t, out); !strings.Contains(js, `"format": "cdop-case-manager/ncmd-case"`) || !strings.Contains(js, "not NCMD's own API") ||
		!strings.Contains(js, `"case_ref": "CDOP-2025-0001"`) || !strings.Contains(js, `"submitted": null`) {
		t.Errorf("the NCMD document:\n%s", js)
	}
	// The same items as a PDF to key from: -o FILE.pdf says so, as does --format pdf.
	pdf := filepath.Join(t.TempDir(), "ncmd.pdf")
	code, stdout, stderr = runCLI(t, "--db", db, "ncmd", "export", "CDOP-2025-0001", "-o", pdf)
	if code != 0 || !strings.Contains(stdout, "wrote the NCMD items of CDOP-2025-0001 as a PDF") {
		t.Fatalf("ncmd export -o FILE.pdf: exit %d, %s %s", code, stdout, stderr)
	}
	text := pdfToText(t, pdf)
	for _, want := range []string{"NCMD items", "CDOP-2025-0001", "Notification form", "Reporting form", "Analysis form",
		"Still missing for NCMD", "Parents or those with parental responsibility", "Not yet submitted to NCMD.", "OFFICIAL-SENSITIVE"} {
		if !strings.Contains(text, want) {
			t.Errorf("the NCMD PDF lacks %q:\n%s", want, text)
		}
	}
	asPDF := filepath.Join(t.TempDir(), "items.out")
	if code, _, stderr := runCLI(t, "--db", db, "ncmd", "export", "CDOP-2025-0001", "--format", "pdf", "-o", asPDF); code != 0 || !strings.HasPrefix(readFile(t, asPDF), "%PDF-") {
		t.Errorf("ncmd export --format pdf: exit %d, %s", code, stderr)
	}
	if code, _, stderr := runCLI(t, "--db", db, "ncmd", "export", "CDOP-2025-0001", "--format", "docx", "-o", asPDF+"2"); code != 2 || !strings.Contains(stderr, "use json or pdf") {
		t.Errorf("ncmd export --format docx: exit %d, %s; want 2", code, stderr)
	}
	if code, audit, _ := runCLI(t, "--db", db, "audit", "--case", "CDOP-2025-0001"); code != 0 || !strings.Contains(audit, "what: ncmd export pdf") {
		t.Errorf("the PDF is not audited as an output:\n%s", audit)
	}
	if code, _, stderr := runCLI(t, "--db", db, "ncmd", "submitted", "CDOP-2025-0002"); code != 1 || !strings.Contains(stderr, "before the panel signs its analysis off") {
		t.Errorf("submitting a case not yet reviewed: exit %d, %s", code, stderr)
	}
	code, stdout, stderr = runCLI(t, "--db", db, "ncmd", "submitted", "CDOP-2025-0001", "--on", "2025-05-20")
	if code != 0 || !strings.Contains(stdout, "recorded CDOP-2025-0001 as submitted to NCMD on 2025-05-20 by "+testUser) {
		t.Fatalf("ncmd submitted: exit %d, %s %s", code, stdout, stderr)
	}
	export := filepath.Join(t.TempDir(), "all.csv")
	if code, _, stderr := runCLI(t, "--db", db, "export", "--full", "-o", export); code != 0 {
		t.Fatal(stderr)
	}
	if all := readFile(t, export); !strings.Contains(all, ",2025-05-20,"+testUser+",") {
		t.Errorf("the export does not carry the submission:\n%s", all)
	}
	if code, _, _ := runCLI(t, "--db", db, "ncmd", "check", "CDOP-2025-0001"); code != 2 {
		t.Errorf("an unknown ncmd verb: exit %d; want 2", code)
	}
}

// countedCases returns how many cases of the database at path count in the
// panel's figures (cdop.Case.Counted): the demo voids one notification and
// transfers one case, which no extract or report counts.
func countedCases(t *testing.T, path string) int {
	t.Helper()
	db, err := openSignedIn(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	cases, err := db.FindCases(context.Background(), cdop.CaseFilter{})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, c := range cases {
		if c.Counted() {
			n++
		}
	}
	return n
}
