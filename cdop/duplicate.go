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

// placeholderWords stand in a baby's name before the baby is named ("Baby
// Kaczmarek", "Twin 1 Okonkwo-Hughes"): no part of the surname.
var placeholderWords = map[string]bool{"baby": true, "twin": true, "infant": true, "unnamed": true, "of": true}

// SurnameKey returns a surname as the duplicate rules compare it: folded
// (FoldName), without the words that stand in for a baby's name or numbers,
// and with spaces, hyphens and apostrophes left out, so that "Baby
// Kaczmarek" and "KACZMAREK", or "O'Neill" and "ONeill", are one surname.
func SurnameKey(last string) string {
	var b strings.Builder
	for _, w := range strings.FieldsFunc(FoldName(last), func(r rune) bool { return r == ' ' || r == '-' || r == '\'' }) {
		if !placeholderWords[w] && !allDigits(w) {
			b.WriteString(w)
		}
	}
	return b.String()
}

// DuplicateKey identifies the children the duplicate rules may call alike:
// the surname (SurnameKey) and the dates of birth and death; "" when any
// part is missing. A store keeps it, so that it finds a case's look-alikes
// without reading every case; Compare decides what each one is.
func (c *Case) DuplicateKey() string {
	last := SurnameKey(c.LastName)
	if last == "" || c.DateOfBirth.IsZero() || c.DateOfDeath.IsZero() {
		return ""
	}
	return last + "\x1f" + c.DateOfBirth.String() + "\x1f" + c.DateOfDeath.String()
}

// Likeness says how much two notifications look like one child's death.
type Likeness int

// How two notifications compare, from unlike to the same child.
const (
	// NotAlike: nothing in common the rules look at.
	NotAlike Likeness = iota
	// DifferentNHSNumbers: the same surname, dates and sex, but each has
	// its own NHS number, so they are different children (twins): a
	// warning, never a refusal.
	DifferentNHSNumbers
	// PossibleDuplicate: the same surname, dates of birth and death and
	// sex (and postcode, when both have one), and no NHS number on one
	// side or both to tell them apart. The coordinator resolves it: the
	// existing case is the child's (merge into it), or this is a different
	// child (DistinctReason says why). Refused until resolved.
	PossibleDuplicate
	// SameChild: the same NHS number. Always refused.
	SameChild
)

// Match is what Compare finds.
type Match struct {
	Likeness Likeness
	// Reason says what the two have in common, in words that name no
	// identifier ("the same NHS number"), or "" when NotAlike.
	Reason string
	// Resolved is true for a PossibleDuplicate that the coordinator has
	// confirmed to be a different child (either case gives a DistinctReason).
	Resolved bool
}

// Refused reports whether the match stops a case being stored beside the
// other: the same child, or a possible duplicate not yet resolved.
func (m Match) Refused() bool {
	return m.Likeness == SameChild || m.Likeness == PossibleDuplicate && !m.Resolved
}

// Compare says how o looks like the same child's death as c. The NHS
// number decides when both have one: equal is the same child, different
// are different children (a match of surname, dates and sex is then only
// noted). Without NHS numbers on both, the surname, dates of birth and
// death and sex (and postcode when both have one) make a possible
// duplicate, compared ignoring case, accents and "Baby". A case is never
// alike itself (the same ID), and a voided notification is alike nothing.
func (c *Case) Compare(o *Case) Match {
	if c.ID != "" && c.ID == o.ID || c.Voided() || o.Voided() {
		return Match{}
	}
	if c.NHSNumber != "" && o.NHSNumber != "" {
		switch {
		case c.NHSNumber == o.NHSNumber:
			return Match{Likeness: SameChild, Reason: "the same NHS number"}
		case c.alike(o):
			return Match{Likeness: DifferentNHSNumbers, Reason: "the same surname, dates of birth and death and sex, but another NHS number: a different child, such as a twin"}
		}
		return Match{}
	}
	if !c.alike(o) {
		return Match{}
	}
	reason := "the same surname, dates of birth and death and sex"
	if c.Postcode != "" && o.Postcode != "" {
		reason += ", and postcode"
	}
	reason += ", and no NHS number to tell them apart"
	return Match{Likeness: PossibleDuplicate, Reason: reason,
		Resolved: strings.TrimSpace(c.DistinctReason) != "" || strings.TrimSpace(o.DistinctReason) != ""}
}

// alike reports whether c and o share the duplicate key, their sex (or one
// is not known or not yet recorded) and their postcode when both have one.
func (c *Case) alike(o *Case) bool {
	key := c.DuplicateKey()
	if key == "" || key != o.DuplicateKey() {
		return false
	}
	if c.Sex != o.Sex && !sexUnknown(c.Sex) && !sexUnknown(o.Sex) {
		return false
	}
	return c.Postcode == "" || o.Postcode == "" || NormalisePostcode(c.Postcode) == NormalisePostcode(o.Postcode)
}

// sexUnknown reports whether a sex tells nothing: not known, or not yet
// recorded on a form being filled.
func sexUnknown(s string) bool { return s == "" || s == "not_known" }

// DuplicateReason says why o stops c being stored (Compare's reason when
// the match is Refused), or "" when it does not.
func (c *Case) DuplicateReason(o *Case) string {
	if m := c.Compare(o); m.Refused() {
		return m.Reason
	}
	return ""
}

// Alike returns those of cands that look like c at all (Compare is not
// NotAlike), in their order: what a store's look-up by NHS number and
// DuplicateKey found, kept by the rule.
func Alike(c *Case, cands []*Case) []*Case {
	var out []*Case
	for _, d := range cands {
		if c.Compare(d).Likeness != NotAlike {
			out = append(out, d)
		}
	}
	return out
}
