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
		t.Fatal("a case with a surname and both dates has no duplicate key")
	}
	blank := []struct {
		name   string
		change func(c *cdop.Case)
	}{
		{"no last name", func(c *cdop.Case) { c.LastName = "" }},
		{"last name only spaces", func(c *cdop.Case) { c.LastName = "  " }},
		{"last name only Baby", func(c *cdop.Case) { c.LastName = "Baby" }},
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
	// The first name is no part of the key: a baby renamed keeps it.
	renamed := baseCase(t)
	renamed.FirstName = "Baby"
	if renamed.DuplicateKey() != c.DuplicateKey() {
		t.Error("a change of first name changes the duplicate key")
	}
}

func TestSurnameKey(t *testing.T) {
	for _, tt := range []struct{ a, b string }{
		{"Kaczmarek", "KACZMAREK"},
		{"Baby Kaczmarek", "Kaczmarek"},
		{"baby  kaczmarek", "Kaczmarek"},
		{"Twin 1 Okonkwo-Hughes", "Okonkwo-Hughes"},
		{"Okonkwo-Hughes", "Okonkwo Hughes"},
		{"O’Neill", "ONeill"},
		{"Ó Súilleabháin", "o suilleabhain"},
		{"Nguyễn", "NGUYEN"},
		{"Wiśniewska", "Wisniewska"},
	} {
		if a, b := cdop.SurnameKey(tt.a), cdop.SurnameKey(tt.b); a != b || a == "" {
			t.Errorf("SurnameKey(%q) = %q, SurnameKey(%q) = %q; want one non-blank key", tt.a, a, tt.b, b)
		}
	}
	for _, tt := range []struct{ a, b string }{
		{"Kaczmarek", "Kaczmarska"},
		{"Smith", "Smyth"},
		{"Grace", "Thomas"},
	} {
		if cdop.SurnameKey(tt.a) == cdop.SurnameKey(tt.b) {
			t.Errorf("SurnameKey(%q) = SurnameKey(%q); want different", tt.a, tt.b)
		}
	}
}

// The duplicate rules. The NHS number decides when both have one: equal
// is the same child, different are different children (twins), a match of
// surname, dates and sex then only noted. Without NHS numbers on both, the
// surname, dates and sex (and postcode when both have one), ignoring case,
// accents and "Baby", make a possible duplicate, refused until the
// coordinator resolves it.
func TestCompare(t *testing.T) {
	nhsA := nhsNumber(t, "999000001")
	nhsB := nhsNumber(t, "999000002")
	d := cdop.MustParseDate
	const (
		same     = cdop.SameChild
		possible = cdop.PossibleDuplicate
		twins    = cdop.DifferentNHSNumbers
		unlike   = cdop.NotAlike
	)
	none := func(c *cdop.Case) { c.NHSNumber, c.NHSNumberStatus = "", "not_available" }
	tests := []struct {
		name     string
		a, b     func(c *cdop.Case)
		likeness cdop.Likeness
		refused  bool
	}{
		{"same NHS number, other names and dates",
			func(c *cdop.Case) { c.NHSNumber = nhsA },
			func(c *cdop.Case) {
				c.NHSNumber = nhsA
				c.FirstName, c.LastName, c.Sex = "Bilal", "Hussain", "male"
				c.DateOfBirth, c.DateOfDeath = d("2012-01-01"), d("2024-05-05")
			}, same, true},
		{"twins: same names and dates, different NHS numbers and sexes",
			func(c *cdop.Case) {
				c.FirstName, c.LastName, c.NHSNumber, c.Sex = "Baby", "Okonkwo-Hughes", nhsA, "female"
			},
			func(c *cdop.Case) {
				c.FirstName, c.LastName, c.NHSNumber, c.Sex = "Baby", "Okonkwo-Hughes", nhsB, "male"
			}, unlike, false},
		{"twins of one sex: different NHS numbers, only noted",
			func(c *cdop.Case) { c.FirstName, c.NHSNumber = "Twin 1", nhsA },
			func(c *cdop.Case) { c.FirstName, c.NHSNumber = "Twin 2", nhsB }, twins, false},
		{"different NHS numbers, other surname",
			func(c *cdop.Case) { c.NHSNumber = nhsA },
			func(c *cdop.Case) { c.NHSNumber, c.LastName = nhsB, "Quinn" }, unlike, false},
		{"the renamed neonate: Baby Kaczmarek and Oliwia Kaczmarek, no NHS numbers",
			func(c *cdop.Case) { none(c); c.FirstName, c.LastName, c.Postcode = "Baby", "Kaczmarek", "BD3 9LE" },
			func(c *cdop.Case) { none(c); c.FirstName, c.LastName, c.Postcode = "Oliwia", "Kaczmarek", "bd39le" }, possible, true},
		{"Baby in the surname",
			func(c *cdop.Case) { none(c); c.FirstName, c.LastName = "Baby", "Baby Kaczmarek" },
			func(c *cdop.Case) { none(c); c.FirstName, c.LastName = "Oliwia", "KACZMAREK" }, possible, true},
		{"one NHS number, same surname and dates",
			func(c *cdop.Case) { c.NHSNumber = nhsA },
			func(c *cdop.Case) { none(c); c.FirstName = "Other" }, possible, true},
		{"accents and case: Nguyễn and NGUYEN",
			func(c *cdop.Case) { none(c); c.LastName = "Nguyễn" },
			func(c *cdop.Case) { none(c); c.LastName = "NGUYEN" }, possible, true},
		{"Łukasz's family name Wiśniewski and Wisniewski",
			func(c *cdop.Case) { none(c); c.LastName = "Wiśniewski" },
			func(c *cdop.Case) { none(c); c.LastName = "wisniewski" }, possible, true},
		{"curly and straight apostrophes",
			func(c *cdop.Case) { none(c); c.LastName = "O’Neill" },
			func(c *cdop.Case) { none(c); c.LastName = "O'Neill" }, possible, true},
		{"different sexes, no NHS numbers",
			func(c *cdop.Case) { none(c); c.Sex = "female" },
			func(c *cdop.Case) { none(c); c.Sex = "male" }, unlike, false},
		{"one sex not known",
			func(c *cdop.Case) { none(c); c.Sex = "female" },
			func(c *cdop.Case) { none(c); c.Sex = "not_known" }, possible, true},
		{"sex not yet recorded on a form being filled",
			func(c *cdop.Case) { none(c); c.Sex = "" },
			func(c *cdop.Case) { none(c); c.Sex = "male" }, possible, true},
		{"different postcodes",
			func(c *cdop.Case) { none(c); c.Postcode = "BD3 9LE" },
			func(c *cdop.Case) { none(c); c.Postcode = "LS6 2QR" }, unlike, false},
		{"one postcode only",
			func(c *cdop.Case) { none(c); c.Postcode = "BD3 9LE" },
			func(c *cdop.Case) { none(c) }, possible, true},
		{"different date of birth",
			func(c *cdop.Case) { none(c) },
			func(c *cdop.Case) { none(c); c.DateOfBirth = c.DateOfBirth.AddDays(1) }, unlike, false},
		{"different date of death",
			func(c *cdop.Case) { none(c) },
			func(c *cdop.Case) { none(c); c.DateOfDeath = c.DateOfDeath.AddDays(-1) }, unlike, false},
		{"different surname",
			func(c *cdop.Case) { none(c); c.LastName = "Kaczmarek" },
			func(c *cdop.Case) { none(c); c.LastName = "Kaczmarska" }, unlike, false},
		{"a possible duplicate confirmed distinct",
			func(c *cdop.Case) { none(c) },
			func(c *cdop.Case) { none(c); c.DistinctReason = "Twins; the GP confirmed two children" }, possible, false},
		{"the same NHS number though confirmed distinct",
			func(c *cdop.Case) {},
			func(c *cdop.Case) { c.DistinctReason = "said to be another child" }, same, true},
		{"a voided notification is alike nothing",
			func(c *cdop.Case) {},
			func(c *cdop.Case) { c.VoidedReason = "Logged in error" }, unlike, false},
		{"same ID is the same case",
			func(c *cdop.Case) { c.ID = "0b6f2a8e-4c1d-4f57-9a51-2c3e8f1d7a60" },
			func(c *cdop.Case) { c.ID = "0b6f2a8e-4c1d-4f57-9a51-2c3e8f1d7a60" }, unlike, false},
		{"different IDs, same NHS number",
			func(c *cdop.Case) { c.ID = "0b6f2a8e-4c1d-4f57-9a51-2c3e8f1d7a60" },
			func(c *cdop.Case) { c.ID = "5d0c7e3b-9f2a-4e61-8b44-7a1f0c9e2d13" }, same, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, b := baseCase(t), baseCase(t)
			tt.a(a)
			tt.b(b)
			for _, pair := range [][2]*cdop.Case{{a, b}, {b, a}} {
				m := pair[0].Compare(pair[1])
				if m.Likeness != tt.likeness || m.Refused() != tt.refused {
					t.Errorf("Compare = %+v (refused %v); want likeness %d, refused %v", m, m.Refused(), tt.likeness, tt.refused)
				}
				if (m.Likeness == unlike) != (m.Reason == "") {
					t.Errorf("reason %q for likeness %d", m.Reason, m.Likeness)
				}
				if strings.Contains(m.Reason, "999") || strings.Contains(m.Reason, a.LastName) {
					t.Errorf("the reason %q quotes an identifier", m.Reason)
				}
				if got := pair[0].DuplicateReason(pair[1]); (got != "") != tt.refused {
					t.Errorf("DuplicateReason = %q; want refused %v", got, tt.refused)
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
