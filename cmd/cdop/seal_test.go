package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"casemanager/cdop"
	"casemanager/interchange"
	"casemanager/storage"
)

// A database made before accounts (and before identifiers were sealed at
// rest) is sealed by init's first administrator: every case is kept as it
// was, byte for byte in export --full, and no identifier is left in clear in
// the file or beside it.
func TestInitSealsADatabaseMadeBeforeAccounts(t *testing.T) {
	path := filepath.Join(t.TempDir(), "old.db")
	db, err := storage.Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(exampleCSV)
	if err != nil {
		t.Fatal(err)
	}
	cases, err := interchange.Decode(f, cdop.Today(cdop.SystemClock{}))
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	if err := db.ImportCases(context.Background(), cases); err != nil {
		t.Fatal(err)
	}
	var before bytes.Buffer
	if _, err := interchange.Export(context.Background(), db, &before); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	var needles []string
	for _, c := range cases {
		needles = append(needles, c.LastName, c.Postcode)
		if c.NHSNumber != "" {
			needles = append(needles, c.NHSNumber, cdop.FormatNHSNumber(c.NHSNumber))
		}
	}
	if len(rawFileHits(t, path, needles)) == 0 {
		t.Fatal("the database made before accounts holds no identifier in clear, so the test proves nothing")
	}

	if code, stdout, stderr := runCLI(t, "--db", path, "init"); code != 0 || !strings.Contains(stdout, "Recovery key") {
		t.Fatalf("init: exit %d: %s%s", code, stdout, stderr)
	}
	out := filepath.Join(t.TempDir(), "after.csv")
	if code, _, stderr := runCLI(t, "--db", path, "export", "--full", "-o", out); code != 0 {
		t.Fatalf("export --full: exit %d: %s", code, stderr)
	}
	if after := readFile(t, out); after != before.String() {
		t.Errorf("export --full after sealing differs from before:\n%s\nwant:\n%s", after, before.String())
	}
	if hits := rawFileHits(t, path, needles); len(hits) > 0 {
		t.Errorf("after init, the raw files hold identifiers: %v", hits)
	}
	if code, stdout, stderr := runCLI(t, "--db", path, "check"); code != 0 {
		t.Errorf("check after sealing: exit %d: %s%s", code, stdout, stderr)
	}
}

// rawFileHits returns the needles found in the database's raw files.
func rawFileHits(t *testing.T, path string, needles []string) []string {
	t.Helper()
	var hits []string
	for _, suffix := range []string{"", "-wal", "-shm"} {
		b, err := os.ReadFile(path + suffix)
		if os.IsNotExist(err) {
			continue
		} else if err != nil {
			t.Fatal(err)
		}
		for _, n := range needles {
			if n != "" && bytes.Contains(b, []byte(n)) {
				hits = append(hits, n+" in "+filepath.Base(path+suffix))
			}
		}
	}
	return hits
}
