package cdop

import (
	"slices"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Withheld replaces an identifier found in typed text of an anonymised view.
const Withheld = "[withheld]"

// IdentifierScrubber returns a function that replaces with Withheld, as
// whole words and ignoring case and accents, the child's names, NHS number,
// postcode, key worker and dates of birth and death wherever they turn up in
// text the panel typed (factors, learning, cause of death, recommendations).
func IdentifierScrubber(c *Case) func(string) string {
	var terms []string
	add := func(ss ...string) {
		for _, s := range ss {
			if s = strings.TrimSpace(s); s != "" && !slices.Contains(terms, s) {
				terms = append(terms, s)
			}
		}
	}
	add(c.FullName(), c.FirstName, c.LastName, c.KeyWorker)
	for _, name := range []string{c.FirstName, c.LastName} {
		for _, part := range strings.FieldsFunc(name, func(r rune) bool { return r == ' ' || r == '-' || r == '/' }) {
			if len([]rune(part)) >= 3 {
				add(part)
			}
		}
	}
	if c.NHSNumber != "" {
		add(c.NHSNumber, FormatNHSNumber(c.NHSNumber))
	}
	if c.Postcode != "" {
		add(c.Postcode, strings.ReplaceAll(c.Postcode, " ", ""))
	}
	for _, d := range []Date{c.DateOfBirth, c.DateOfDeath} {
		if !d.IsZero() {
			add(d.String(), d.Display(), d.Time().Format("02/01/2006"), d.Time().Format("2 January 2006"))
		}
	}
	// Longest first, so a full name goes before its parts.
	slices.SortStableFunc(terms, func(a, b string) int { return len([]rune(b)) - len([]rune(a)) })
	folded := make([][]rune, len(terms))
	for i, t := range terms {
		folded[i] = foldRunes(t)
	}
	return func(s string) string {
		if s == "" || len(folded) == 0 {
			return s
		}
		text := []rune(norm.NFC.String(s))
		key := foldRunes(string(text))
		var out []rune
		for i := 0; i < len(text); {
			matched := false
			for _, t := range folded {
				if i+len(t) <= len(key) && slices.Equal(key[i:i+len(t)], t) &&
					boundary(text, i-1) && boundary(text, i+len(t)) {
					out = append(out, []rune(Withheld)...)
					i += len(t)
					matched = true
					break
				}
			}
			if !matched {
				out = append(out, text[i])
				i++
			}
		}
		return string(out)
	}
}

// foldRunes maps each rune of s (composed) to its lower-case base letter, one for one.
func foldRunes(s string) []rune {
	text := []rune(norm.NFC.String(s))
	out := make([]rune, len(text))
	for i, r := range text {
		if r >= 0x80 {
			if base := []rune(norm.NFD.String(string(r))); len(base) > 0 {
				r = base[0]
			}
		}
		out[i] = unicode.ToLower(r)
	}
	return out
}

// boundary reports whether position i of text is outside a word.
func boundary(text []rune, i int) bool {
	if i < 0 || i >= len(text) {
		return true
	}
	r := text[i]
	return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.IsMark(r)
}
