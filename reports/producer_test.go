package reports_test

import (
	"bytes"
	"context"
	"path/filepath"
	"testing"
	"time"

	"casemanager/cdop"
	"casemanager/release"
	"casemanager/reports"
	"casemanager/storage"
)

// utf16BE is s as PDF metadata store Unicode text.
func utf16BE(s string) []byte {
	var b []byte
	for _, r := range s {
		b = append(b, byte(r>>8), byte(r))
	}
	return b
}

// TestPDFsNameTheProgramsVersion checks that a PDF's metadata name the
// program and the version that made it.
func TestPDFsNameTheProgramsVersion(t *testing.T) {
	f, recs := fixture(t)
	o := opts(false)
	o.Producer = "CDOP Case Manager 9.8.7"
	pdf := mustSummary(t, f, recs, o)
	if !bytes.Contains(pdf, utf16BE("CDOP Case Manager 9.8.7")) {
		t.Error("the PDF's metadata do not name the program's version")
	}
	// The command line and the app take their options from NewOptions.
	now := time.Date(2026, 6, 15, 9, 0, 0, 0, time.UTC)
	db, err := storage.Open(filepath.Join(t.TempDir(), "cdop.db"), cdop.FixedClock(now))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	got, err := reports.NewOptions(context.Background(), db, cdop.FixedClock(now), false)
	if err != nil || got.Producer != release.Name+" "+release.Version() {
		t.Errorf("NewOptions: producer %q, %v; want %q", got.Producer, err, release.Name+" "+release.Version())
	}
}
