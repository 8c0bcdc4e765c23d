package cdop_test

import (
	"fmt"
	"strings"
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

func TestAnonymiseWithholdsIdentifiersTypedIntoTheAnalysis(t *testing.T) {
	c := cdop.NewCase()
	c.ID, c.Ref = "id-1", "CDOP-2025-0009"
	c.FirstName, c.LastName = "Zoë", "Ó Súilleabháin"
	c.DateOfBirth, c.DateOfDeath = cdop.MustParseDate("2024-02-10"), cdop.MustParseDate("2025-03-01")
	c.Sex, c.NHSNumberStatus = "female", "not_available"
	c.Analysis.CauseOfDeath = "Zoe's bronchiolitis"
	c.Analysis.Domains[1] = cdop.DomainEntry{Score: cdop.ScoreOf(2), Factors: []string{"Ó Súilleabháin family moved house"}, Modifiable: []string{"Ó Súilleabháin family moved house"}}
	c.Analysis.Learning = []string{"Share ZOË's plan early", "Safe sleep advice at every contact"}
	a := cdop.Anonymise(&cdop.CaseFile{Case: c})
	text := fmt.Sprintf("%+v", a)
	for _, leak := range []string{"Zoë", "Zoe", "ZOË", "Súilleabháin"} {
		if strings.Contains(text, leak) {
			t.Errorf("the anonymised case holds %q: %s", leak, text)
		}
	}
	if got := a.Analysis.Domains[1]; got.Factors[0] != "[withheld] family moved house" || got.Modifiable[0] != got.Factors[0] {
		t.Errorf("factor %q, modifiable %q; want the name withheld in both alike", got.Factors, got.Modifiable)
	}
	if a.Analysis.Learning[1] != "Safe sleep advice at every contact" {
		t.Errorf("text without identifiers changed: %q", a.Analysis.Learning[1])
	}
	if c.Analysis.CauseOfDeath != "Zoe's bronchiolitis" {
		t.Errorf("Anonymise changed the case itself: %q", c.Analysis.CauseOfDeath)
	}
}
