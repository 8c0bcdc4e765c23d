// Package reports writes the case manager's PDF outputs: a case summary
// (identifiable, or anonymised for the panel), the anonymised panel pack for
// a meeting, and the annual report with small-number disclosure control.
//
// Each writer takes what it prints and an io.Writer; the Gather functions
// (gather.go) read what each prints through the services package cdop
// declares, so the command line and the desktop app share them. Output is A4, marked OFFICIAL-SENSITIVE on every page,
// numbered "Page X of Y", set in DejaVu Sans (embedded, so names in any
// European script print), and byte-for-byte the same for the same input
// and production date.
package reports

import (
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"casemanager/cdop"
)

// Options say how a document is produced.
type Options struct {
	// Anonymised drops every identifier (names, NHS number, date of birth,
	// address and postcode, key worker, typed narrative) and shows ages and
	// days counted from the death instead of dates. PanelPack is always
	// anonymised.
	Anonymised bool
	// Produced is when the document is produced: printed on every page and
	// stored as the PDF's creation date. Required.
	Produced time.Time
	// Settings are the panel's targets, for deadlines and review times.
	Settings cdop.Settings
	// Today is the day deadlines are judged on; zero means the day of Produced.
	Today cdop.Date
}

// today returns the day deadlines are judged on.
func (o Options) today() cdop.Date {
	if !o.Today.IsZero() {
		return o.Today
	}
	return cdop.Today(cdop.FixedClock(o.Produced))
}

// producedDate is the production date as printed, e.g. "4 Mar 2026".
func producedDate(o Options) string {
	return cdop.Today(cdop.FixedClock(o.Produced)).Display()
}

// recsFor returns the recommendations that came from a case, in the order given.
func recsFor(caseID string, recs []*cdop.Recommendation) []*cdop.Recommendation {
	var out []*cdop.Recommendation
	for _, r := range recs {
		if r != nil && slices.Contains(r.CaseIDs, caseID) {
			out = append(out, r)
		}
	}
	return out
}

// withheld replaces an identifier found in typed text of an anonymised document.
const withheld = "[withheld]"

// scrubber returns a function that replaces, as whole words and ignoring
// case and accents, the child's names, NHS number, postcode, key worker and
// exact dates wherever they turn up in text the panel typed (factors,
// learning, cause of death, recommendations). cdop.Anonymise keeps that
// text as the panel's own; this is a second line of defence for a document
// that leaves the building.
func scrubber(c *cdop.Case) func(string) string {
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
		add(c.NHSNumber, cdop.FormatNHSNumber(c.NHSNumber))
	}
	if c.Postcode != "" {
		add(c.Postcode, strings.ReplaceAll(c.Postcode, " ", ""))
	}
	for _, d := range []cdop.Date{c.DateOfBirth, c.DateOfDeath} {
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
					out = append(out, []rune(withheld)...)
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

// monthYear shows a date as its month and year, e.g. "Mar 2026".
func monthYear(d cdop.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.Time().Format("Jan 2006")
}

// plural returns "1 day", "3 days".
func plural(n int, unit string) string {
	if n == 1 {
		return "1 " + unit
	}
	return strconv.Itoa(n) + " " + unit + "s"
}
