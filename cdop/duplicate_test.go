package cdop_test

import (
	"strings"
	"testing"

	"casemanager/cdop"
)

func TestFoldName(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Zoë", "zoe"},
		{"ZOË", "zoe"},
		{"Zoe\u0308", "zoe"}, // decomposed diaeresis
		{"Zoë  Ó Súilleabháin", "zoe o suilleabhain"},
		{"Nguyễn", "nguyen"},
		{"NGUYỄN", "nguyen"},
		{"Łukasz", "lukasz"},
		{"ŁUKASZ", "lukasz"},
		{"Đặng", "dang"},
		{"Søren", "soren"},
		{"Strauß", "strauss"},
		{"Ægir", "aegir"},
		{"O’Neill", "o'neill"},
		{"O‘Neill", "o'neill"},
		{"Al‐Amin", "al-amin"}, // U+2010 hyphen
		{"  Mary   Jane ", "mary jane"},
		{"Élodie", "elodie"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := cdop.FoldName(tt.in); got != tt.want {
			t.Errorf("FoldName(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestDuplicateKey(t *testing.T) {
	c := baseCase(t)
	if c.DuplicateKey() == "" {
		t.Fatal("a case with names and both dates has no duplicate key")
	}
	blank := []struct {
		name   string
		change func(c *cdop.Case)
	}{
		{"no first name", func(c *cdop.Case) { c.FirstName = "" }},
		{"first name only spaces", func(c *cdop.Case) { c.FirstName = "  " }},
		{"no last name", func(c *cdop.Case) { c.LastName = "" }},
		{"no date of birth", func(c *cdop.Case) { c.DateOfBirth = cdop.Date{} }},
		{"no date of death", func(c *cdop.Case) { c.DateOfDeath = cdop.Date{} }},
	}
	for _, tt := range blank {
		c := baseCase(t)
		tt.change(c)
		if k := c.DuplicateKey(); k != "" {
			t.Errorf("%s: DuplicateKey = %q; want \"\"", tt.name, k)
		}
	}
}

func TestDuplicateReason(t *testing.T) {
	nhsA := nhsNumber(t, "999000001")
	nhsB := nhsNumber(t, "999000002")
	d := cdop.MustParseDate
	const sameNHS = "same NHS number "
	const sameNames = "same names and dates of birth and death"
	tests := []struct {
		name     string
		a, b     func(c *cdop.Case)
		reason   string // "" = not a duplicate
		contains string // more the reason must say
	}{
		{"same NHS number, other names and dates",
			func(c *cdop.Case) { c.NHSNumber = nhsA },
			func(c *cdop.Case) {
				c.NHSNumber = nhsA
				c.FirstName, c.LastName = "Bilal", "Hussain"
				c.DateOfBirth, c.DateOfDeath = d("2012-01-01"), d("2024-05-05")
			}, sameNHS, cdop.FormatNHSNumber(nhsA)},
		{"different NHS numbers, same names and dates",
			func(c *cdop.Case) { c.NHSNumber = nhsA },
			func(c *cdop.Case) { c.NHSNumber = nhsB }, sameNames, ""},
		{"no NHS numbers, same names and dates",
			func(c *cdop.Case) { c.NHSNumber = "" },
			func(c *cdop.Case) { c.NHSNumber = "" }, sameNames, ""},
		{"one NHS number, same names and dates",
			func(c *cdop.Case) { c.NHSNumber = nhsA },
			func(c *cdop.Case) { c.NHSNumber = "" }, sameNames, ""},
		{"ZOË vs zoe",
			func(c *cdop.Case) { c.FirstName = "ZOË" },
			func(c *cdop.Case) { c.FirstName, c.NHSNumber = "zoe", nhsB }, sameNames, ""},
		{"precomposed vs decomposed ë",
			func(c *cdop.Case) { c.FirstName = "Zoë" },
			func(c *cdop.Case) { c.FirstName, c.NHSNumber = "Zoe\u0308", nhsB }, sameNames, ""},
		{"Łukasz vs Lukasz",
			func(c *cdop.Case) { c.FirstName = "Łukasz" },
			func(c *cdop.Case) { c.FirstName, c.NHSNumber = "Lukasz", nhsB }, sameNames, ""},
		{"Nguyễn vs NGUYEN",
			func(c *cdop.Case) { c.LastName = "Nguyễn" },
			func(c *cdop.Case) { c.LastName, c.NHSNumber = "NGUYEN", nhsB }, sameNames, ""},
		{"Ó Súilleabháin vs o suilleabhain",
			func(c *cdop.Case) { c.LastName = "Ó Súilleabháin" },
			func(c *cdop.Case) { c.LastName, c.NHSNumber = "o suilleabhain", nhsB }, sameNames, ""},
		{"curly vs straight apostrophe",
			func(c *cdop.Case) { c.LastName = "O’Neill" },
			func(c *cdop.Case) { c.LastName, c.NHSNumber = "O'Neill", nhsB }, sameNames, ""},
		{"extra spaces",
			func(c *cdop.Case) { c.FirstName = "Mary Jane" },
			func(c *cdop.Case) { c.FirstName, c.NHSNumber = " Mary  Jane ", nhsB }, sameNames, ""},
		{"different date of birth",
			func(c *cdop.Case) {},
			func(c *cdop.Case) { c.DateOfBirth, c.NHSNumber = c.DateOfBirth.AddDays(1), nhsB }, "", ""},
		{"different date of death",
			func(c *cdop.Case) {},
			func(c *cdop.Case) { c.DateOfDeath, c.NHSNumber = c.DateOfDeath.AddDays(-1), nhsB }, "", ""},
		{"different first name",
			func(c *cdop.Case) { c.FirstName = "Zoë" },
			func(c *cdop.Case) { c.FirstName, c.NHSNumber = "Zoey", nhsB }, "", ""},
		{"first and last names swapped",
			func(c *cdop.Case) { c.FirstName, c.LastName = "Grace", "Thomas" },
			func(c *cdop.Case) { c.FirstName, c.LastName, c.NHSNumber = "Thomas", "Grace", nhsB }, "", ""},
		{"hyphen vs space is another name",
			func(c *cdop.Case) { c.LastName = "Al-Amin" },
			func(c *cdop.Case) { c.LastName, c.NHSNumber = "Al Amin", nhsB }, "", ""},
		{"names and dates missing on both",
			func(c *cdop.Case) { c.DateOfDeath, c.NHSNumber = cdop.Date{}, "" },
			func(c *cdop.Case) { c.DateOfDeath, c.NHSNumber = cdop.Date{}, "" }, "", ""},
		{"same ID is the same case, not a duplicate",
			func(c *cdop.Case) { c.ID = "0b6f2a8e-4c1d-4f57-9a51-2c3e8f1d7a60" },
			func(c *cdop.Case) { c.ID = "0b6f2a8e-4c1d-4f57-9a51-2c3e8f1d7a60" }, "", ""},
		{"different IDs, same NHS number",
			func(c *cdop.Case) { c.ID = "0b6f2a8e-4c1d-4f57-9a51-2c3e8f1d7a60" },
			func(c *cdop.Case) { c.ID = "5d0c7e3b-9f2a-4e61-8b44-7a1f0c9e2d13" }, sameNHS, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, b := baseCase(t), baseCase(t)
			tt.a(a)
			tt.b(b)
			for _, pair := range [][2]*cdop.Case{{a, b}, {b, a}} {
				got := pair[0].DuplicateReason(pair[1])
				if tt.reason == "" {
					if got != "" {
						t.Errorf("DuplicateReason = %q; want not a duplicate", got)
					}
					continue
				}
				if !strings.HasPrefix(got, tt.reason) || !strings.Contains(got, tt.contains) {
					t.Errorf("DuplicateReason = %q; want %q (holding %q)", got, tt.reason, tt.contains)
				}
			}
		})
	}
}

// A case compared with itself, as when an edited case is checked against
// what is stored, is not a duplicate.
func TestDuplicateReasonSelf(t *testing.T) {
	c := baseCase(t)
	c.ID = "7e9b1f04-2d6a-4c3e-8f15-0a9d2b6c4e71"
	if got := c.DuplicateReason(c.Clone()); got != "" {
		t.Errorf("a case is a duplicate of its own copy: %q", got)
	}
	other := c.Clone()
	other.ID = ""
	if got := c.DuplicateReason(other); got == "" {
		t.Error("a new case with the same NHS number is not reported as a duplicate")
	}
}
