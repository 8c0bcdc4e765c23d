package main

import (
	"strings"
	"testing"

	"casemanager/release"
)

// TestVersionCommandAndFlag checks that `cdop version` and `cdop --version`
// print the version (FyneApp.toml's, or the one a release build stamps in)
// and exit 0, with or without a database named.
func TestVersionCommandAndFlag(t *testing.T) {
	want := "cdop " + release.Version() + "\n"
	for _, args := range [][]string{{"version"}, {"--version"}, {"-version"}, {"--db", tempDB(t), "version"}, {"--version", "cases"}} {
		code, stdout, stderr := runCLI(t, args...)
		if code != 0 || stdout != want || stderr != "" {
			t.Errorf("cdop %s: exit %d, stdout %q, stderr %q; want %q", strings.Join(args, " "), code, stdout, stderr, want)
		}
	}
	if code, _, stderr := runCLI(t, "version", "extra"); code != 2 || !strings.Contains(stderr, "unexpected argument") {
		t.Errorf("cdop version extra: exit %d, stderr %q", code, stderr)
	}
}
