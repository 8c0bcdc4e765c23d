package safecsv_test

import (
	"bytes"
	"encoding/csv"
	"errors"
	"testing"

	"casemanager/safecsv"
)

func TestProtectAddsAnApostropheBeforeWhatASpreadsheetWouldRun(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{`=HYPERLINK("http://x.example","click")`, `'=HYPERLINK("http://x.example","click")`},
		{`+cmd|'/c calc'!A0`, `'+cmd|'/c calc'!A0`},
		{"@SUM(A1:A2)", "'@SUM(A1:A2)"},
		{"-NOW()", "'-NOW()"},
		{"-1+2", "'-1+2"},
		{"-", "'-"},
		{"\t=1+2", "'\t=1+2"},
		{"\r=1+2", "'\r=1+2"},
		// Numbers, dates and ordinary text are left alone.
		{"-3", "-3"},
		{"-0.5", "-0.5"},
		{"2024-01-01", "2024-01-01"},
		{"O'Neill", "O'Neill"},
		{"'Ofa", "'Ofa"},
		{"'=1", "''=1"}, // text that starts like a protected cell
		{"''", "''"},
		{"a=b", "a=b"},
		{"", ""},
	} {
		if got := safecsv.Protect(tc.in); got != tc.want {
			t.Errorf("Protect(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestUnprotectRemovesExactlyTheExportsApostrophe(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"'=1+2", "=1+2"},
		{"'+1", "+1"},
		{"'-NOW()", "-NOW()"},
		{"'@x", "@x"},
		{"'\t=1+2", "\t=1+2"},
		{"'\r=1", "\r=1"},
		// Any other apostrophe is data.
		{"'Ofa", "'Ofa"},
		{"'-3", "'-3"},  // the export never protects a number
		{"''=1", "'=1"}, // what the export writes for "'=1"
		{"''x", "''x"},
		{"'", "'"},
		{"O'Neill", "O'Neill"},
	} {
		if got := safecsv.Unprotect(tc.in); got != tc.want {
			t.Errorf("Unprotect(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestWriterProtectsEveryCellAndLeavesTheRecordAlone(t *testing.T) {
	var buf bytes.Buffer
	w := safecsv.NewWriter(&buf)
	record := []string{"=1+2", "plain", "-5", "\t@x", "a,b"}
	if err := w.Write(record); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if got, want := buf.String(), "'=1+2,plain,-5,'\t@x,\"a,b\"\n"; got != want {
		t.Errorf("wrote %q, want %q", got, want)
	}
	if record[0] != "=1+2" {
		t.Errorf("Write changed the caller's record: %q", record)
	}
	// A CSV reader and Unprotect give back the cells.
	got, err := csv.NewReader(&buf).Read()
	if err != nil {
		t.Fatal(err)
	}
	for i := range got {
		if u := safecsv.Unprotect(got[i]); u != record[i] {
			t.Errorf("cell %d read back as %q, want %q", i, u, record[i])
		}
	}
}

type failing struct{}

func (failing) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestWriterReportsWriteErrors(t *testing.T) {
	w := safecsv.NewWriter(failing{})
	_ = w.Write([]string{"a"})
	if err := w.Close(); err == nil {
		t.Error("Close returned nil after the writer failed")
	}
}
