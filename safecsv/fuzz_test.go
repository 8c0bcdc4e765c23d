package safecsv_test

import (
	"testing"

	"casemanager/cdop"
	"casemanager/safecsv"
)

func FuzzProtect(f *testing.F) {
	for _, s := range []string{"=1+2", "'=1", "''=1", "-3", "-NOW()", "\t=1", "'Ofa", "", "'"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p := safecsv.Protect(s)
		if got := safecsv.Unprotect(p); got != s {
			t.Fatalf("Unprotect(Protect(%q)) = %q", s, got)
		}
		// What is written never starts like a formula.
		if cdop.LooksLikeFormula(p) {
			t.Fatalf("Protect(%q) = %q, which a spreadsheet would run", s, p)
		}
	})
}
