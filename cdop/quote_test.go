package cdop_test

import (
	"strings"
	"testing"

	"casemanager/cdop"
)

func TestQuoteCutsAndEscapes(t *testing.T) {
	long := strings.Repeat("A", 1<<20)
	for _, tc := range []struct{ in, want string }{
		{"Leeds", `"Leeds"`},
		{"Zoë Ó Súilleabháin", `"Zoë Ó Súilleabháin"`},
		{"\x1b[31mred\x1b[0m", `"\x1b[31mred\x1b[0m"`},
		{"a\x00b", `"a\x00b"`},
		{"evil\u202egnp.exe", `"evil\u202egnp.exe"`}, // right-to-left override
		{"tab\there", `"tab\there"`},
		{"\xff\xfe", `"\xff\xfe"`},
		{long, `"` + strings.Repeat("A", 60) + `"…`},
		{strings.Repeat("é", 61), `"` + strings.Repeat("é", 60) + `"…`},
		{strings.Repeat("é", 60), `"` + strings.Repeat("é", 60) + `"`},
	} {
		if got := cdop.Quote(tc.in); got != tc.want {
			t.Errorf("Quote(%.20q) = %.80q, want %.80q", tc.in, got, tc.want)
		}
	}
}

func TestLooksLikeFormula(t *testing.T) {
	for s, want := range map[string]bool{
		"=1+2": true, "+44 113": true, "@SUM(A1)": true, "\t=1": true, "\rx": true,
		"-NOW()": true, "-1+2": true, "-": true, "-1.2.3": true,
		"-3": false, "-0.5": false, "": false, "Leeds": false, "1-2": false, " =1": false,
	} {
		if got := cdop.LooksLikeFormula(s); got != want {
			t.Errorf("LooksLikeFormula(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestSetKeepsTheTabThatDefusesAFormula(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"\t=1+2", "\t=1+2"},
		{"\t=1+2  ", "\t=1+2"},
		{" \t@x", " \t@x"},
		{"\r=1", "\n=1"},    // a text field's line end, as ever
		{"  =1+2 ", "=1+2"}, // spaces alone defuse nothing
		{"\tplain\t", "plain"},
		{"\t-3", "-3"},
	} {
		c := cdop.NewCase()
		if err := c.Set("summary", tc.in); err != nil {
			t.Fatal(err)
		}
		if c.Summary != tc.want {
			t.Errorf("Set(summary, %q) stored %q, want %q", tc.in, c.Summary, tc.want)
		}
		// Reading the stored value again keeps it.
		again := cdop.NewCase()
		if err := again.Set("summary", c.Get("summary")); err != nil || again.Summary != c.Summary {
			t.Errorf("Set(Get()) of %q gave %q, %v", c.Summary, again.Summary, err)
		}
	}
}
