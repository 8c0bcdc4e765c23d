package cdop_test

import (
	"testing"

	"casemanager/cdop"
)

func TestSetNormalisesLineEndsInText(t *testing.T) {
	for _, in := range []string{"first line\r\nsecond line", "first line\rsecond line", "first line\nsecond line"} {
		c := cdop.NewCase()
		if err := c.Set("summary", in); err != nil {
			t.Fatal(err)
		}
		if got, want := c.Summary, "first line\nsecond line"; got != want {
			t.Errorf("Set(summary, %q) stored %q, want %q", in, got, want)
		}
	}
}

func TestNHSNumberAcceptsAnyKindOfSpace(t *testing.T) {
	for _, typed := range []string{"999 000 0018", "999\u00a0000\u00a00018", "999\u2007000\u20070018", "999-000-0018", " 9990000018\t"} {
		if got := cdop.NormaliseNHSNumber(typed); got != "9990000018" {
			t.Errorf("NormaliseNHSNumber(%q) = %q, want 9990000018", typed, got)
		}
	}
}
