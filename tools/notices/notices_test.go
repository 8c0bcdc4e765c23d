package main

import (
	"os"
	"strings"
	"testing"
)

// TestNoticesAreCurrent fails when THIRD_PARTY_NOTICES no longer matches
// the modules built into the program (a dependency added, removed or
// upgraded in go.mod) or the bundled fonts' licence.
func TestNoticesAreCurrent(t *testing.T) {
	want, err := generate("../..")
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("../../THIRD_PARTY_NOTICES")
	if err != nil {
		t.Fatalf("%v: run make notices", err)
	}
	if string(got) != want {
		t.Error("THIRD_PARTY_NOTICES is stale: run make notices and commit it")
	}
	for _, name := range []string{"fyne.io/fyne/v2 v2.8.1", "github.com/mattn/go-sqlite3", "SIL OPEN FONT LICENSE", "Bitstream Vera", "SQLite"} {
		if !strings.Contains(want, name) {
			t.Errorf("the notices do not mention %s", name)
		}
	}
}

func TestLicenceFileNames(t *testing.T) {
	for name, want := range map[string]bool{
		"LICENSE": true, "LICENSE.md": true, "LICENCE": true, "COPYING": true, "NOTICE": true,
		"LICENSE_Inter.txt": true, "LICENSE-reader": true, "license.txt": true,
		"licensing.go": false, "README.md": false, "notices.go": false,
	} {
		if got := licenceName.MatchString(name); got != want {
			t.Errorf("%s: licence file %v, want %v", name, got, want)
		}
	}
}
