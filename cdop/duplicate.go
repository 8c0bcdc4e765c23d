package cdop

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// isASCII reports whether s is plain ASCII.
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// letterFolds maps letters that carry no combining mark in Unicode to the
// plain letters people type when they cannot type them.
var letterFolds = strings.NewReplacer(
	"ł", "l", "đ", "d", "ø", "o", "ß", "ss", "æ", "ae", "œ", "oe", "þ", "th", "ı", "i",
	"’", "'", "‘", "'", "‐", "-",
)

// FoldName returns a name as duplicate checks compare it: lower case, accents
// removed, runs of spaces made one ("Zoë  Ó Súilleabháin" → "zoe o suilleabhain").
func FoldName(s string) string {
	if isASCII(s) { // most names: no accent to remove, nothing to map
		return strings.Join(strings.Fields(strings.ToLower(s)), " ")
	}
	var b strings.Builder
	for _, r := range norm.NFD.String(strings.ToLower(s)) {
		if !unicode.Is(unicode.Mn, r) {
			b.WriteRune(r)
		}
	}
	return strings.Join(strings.Fields(letterFolds.Replace(b.String())), " ")
}

// DuplicateKey identifies a child by names and dates of birth and death,
// case- and accent-insensitively; "" when any part is missing.
func (c *Case) DuplicateKey() string {
	first, last := FoldName(c.FirstName), FoldName(c.LastName)
	if first == "" || last == "" || c.DateOfBirth.IsZero() || c.DateOfDeath.IsZero() {
		return ""
	}
	return first + "\x1f" + last + "\x1f" + c.DateOfBirth.String() + "\x1f" + c.DateOfDeath.String()
}

// DuplicateReason says why o looks like the same death as c, or "" when it does not.
// A case is never a duplicate of itself (same ID).
func (c *Case) DuplicateReason(o *Case) string {
	if c.ID != "" && c.ID == o.ID {
		return ""
	}
	if c.NHSNumber != "" && c.NHSNumber == o.NHSNumber {
		return "same NHS number " + FormatNHSNumber(c.NHSNumber)
	}
	if k := c.DuplicateKey(); k != "" && k == o.DuplicateKey() {
		return "same names and dates of birth and death"
	}
	return ""
}
