package cdop

import (
	"regexp"
	"slices"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Withheld replaces an identifier found in typed text of an anonymised view.
const Withheld = "[withheld]"

// The scrubber withholds identifiers from text the panel typed (factors,
// learning, cause of death, recommendations) before an anonymised view or
// document shows it. It works from two sources:
//
//   - the case's own names: every field the registry marks PersonName (the
//     child's names, the key worker's), whole and each part of two letters
//     or more, in any case, with or without accents, with straight or
//     curly apostrophes or none, hyphenated, spaced or run together;
//   - patterns of identifiers whoever they belong to: NHS numbers (and any
//     other run of ten or more digits) in any grouping and separator, UK
//     postcodes with any spacing and their sectors ("LS6 2"), the case's
//     own postcode district, dates written in numbers, with ordinals or
//     with month names, and times of day.
//
// Every match is replaced by Withheld, and matches separated only by spaces
// or punctuation become one Withheld: the token keeps neither the length
// of what it replaced nor how many words there were, so the gap cannot be
// read back. A name that is also a word ("May", "Read", "Hope") is withheld
// wherever the word appears, so scrubbed text may read oddly ("we [withheld]
// need to"): better odd than a name given away by the gaps left around it.

// nameTitles are words before a name that are no part of it, and the words
// recorded in place of a baby's first name ("Baby Okafor", "Twin 1").
var nameTitles = map[string]bool{
	"baby": true, "twin": true, "infant": true, "unnamed": true,
	"mr": true, "mrs": true, "ms": true, "miss": true, "mx": true, "dr": true, "prof": true,
	"nurse": true, "sister": true, "pc": true, "dc": true, "ds": true, "sgt": true, "rev": true,
}

// roleWords are words of a job title, typed beside a key worker's name
// ("Sam Patel, SUDIC nurse"): never taken for part of the name.
var roleWords = map[string]bool{
	"sudden": true, "death": true, "deaths": true, "nurse": true, "worker": true, "social": true,
	"team": true, "bereavement": true, "officer": true, "police": true, "family": true,
	"liaison": true, "specialist": true, "midwife": true, "health": true, "visitor": true,
	"doctor": true, "consultant": true, "paediatrician": true, "key": true, "the": true, "and": true,
	"of": true, "sudic": true, "cdop": true, "neonatal": true, "child": true, "children": true,
	"services": true, "service": true, "lead": true, "named": true, "designated": true,
	"practitioner": true, "coordinator": true, "support": true, "chaplain": true, "gp": true,
}

// months are the month names and abbreviations a written date may use.
const months = `(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?`

// identifierPatterns match identifiers by their form, anchored at the start
// of the (folded, lower-case) text they are tried on.
var identifierPatterns = func() []*regexp.Regexp {
	ordinal := `(?:st|nd|rd|th)?`
	year := `(?:\d{4}|'?\d{2})`
	out := []string{
		// A full postcode with any spacing, and a sector (outward code, a
		// space, the inward code's digit).
		`[a-z]{1,2}\d[a-z\d]?\s*\d[a-z]{2}`,
		`[a-z]{1,2}\d[a-z\d]?\s+\d`,
		// Dates in numbers: day/month/year, year-month-day, any separator.
		`\d{1,2}\s*[/.\-]\s*\d{1,2}\s*[/.\-]\s*\d{2,4}`,
		`\d{4}\s*[/.\-]\s*\d{1,2}\s*[/.\-]\s*\d{1,2}`,
		// Written dates: "3rd May 2010", "3 of May", "May 3, 2010", "May 3rd",
		// "May 2010", "3/5" with a month name's help is the numeric form.
		`\d{1,2}` + ordinal + `(?:\s+of)?\s+` + months + `(?:\s*,?\s*` + year + `)?`,
		months + `\s+(?:the\s+)?\d{1,2}` + ordinal + `(?:\s*,?\s*` + year + `)?`,
		months + `\s*,?\s*\d{4}`,
		// Times of day: 14:30, 14h30, 2.30pm, "at 9.30" (a number with two
		// decimals is a time only so: "0.15" alone is left), 2 pm, 1430 hrs.
		`(?:[01]?\d|2[0-3])\s*[:h]\s*[0-5]\d(?:\s*(?:am|pm|a\.m\.|p\.m\.|hrs?|hours))?`,
		`(?:[01]?\d|2[0-3])\.[0-5]\d\s*(?:am|pm|a\.m\.|p\.m\.|hrs?|hours)`,
		`at\s+(?:[01]?\d|2[0-3])\.[0-5]\d`,
		`(?:1[0-2]|0?[1-9])\s*(?:am|pm|a\.m\.|p\.m\.)`,
		`(?:[01]\d|2[0-3])[0-5]\d\s*(?:hrs?|hours)`,
	}
	res := make([]*regexp.Regexp, len(out))
	for i, p := range out {
		res[i] = regexp.MustCompile(`^(?:` + p + `)`)
	}
	return res
}()

// digitRun matches ten or more digits in any grouping and separator (NHS
// numbers, telephone numbers). It is tried only where no other pattern
// matches, so that a date and time ("03.05.2010 14:30") are read as such.
var digitRun = regexp.MustCompile(`^\d(?:[\s\-./]?\d){9,}`)

// apostrophes are the characters people type as an apostrophe; the folded
// text has the straight one.
var apostrophes = strings.NewReplacer("’", "'", "‘", "'", "ʼ", "'", "`", "'", "´", "'", "′", "'")

// IdentifierScrubber returns a function that withholds, in text, the
// identifiers of case c: its names and the patterns above (see the
// package's notes on the scrubber).
func IdentifierScrubber(c *Case) func(string) string {
	var names []*regexp.Regexp
	seen := map[string]bool{}
	addName := func(parts []string) {
		if len(parts) == 0 {
			return
		}
		key := strings.Join(parts, " ")
		if seen[key] {
			return
		}
		seen[key] = true
		quoted := make([]string, len(parts))
		for i, p := range parts {
			quoted[i] = regexp.QuoteMeta(p)
		}
		// Parts joined by any spacing, hyphen or apostrophe, or by nothing.
		names = append(names, regexp.MustCompile(`^(?:`+strings.Join(quoted, `[\s\-']*`)+`)`))
	}
	for i := range Registry {
		f := &Registry[i]
		if !f.PersonName {
			continue
		}
		// The whole name and every run of its parts ("O'Neill" of
		// "O'Neill-Read"), but no single letter on its own unless it is
		// the whole name.
		texts := []string{f.Get(c)}
		if f.items != nil {
			texts = f.items(c)
		}
		for _, name := range personNamesIn(texts, f.WithRole) {
			for i := range name {
				for j := i + 1; j <= len(name); j++ {
					if j > i+1 || len(name) == 1 || len([]rune(name[i])) >= 2 {
						addName(name[i:j])
					}
				}
			}
		}
	}
	// The case's own postcode district, which the patterns leave alone
	// (on its own it reads like many other things).
	if outward, _, ok := strings.Cut(c.Postcode, " "); ok && outward != "" {
		addName([]string{strings.ToLower(outward)})
	}
	// Longest first, so a full name goes before its parts.
	slices.SortStableFunc(names, func(a, b *regexp.Regexp) int { return len(b.String()) - len(a.String()) })
	detectors := append(names, identifierPatterns...)
	return func(s string) string { return scrub(s, detectors) }
}

// personNamesIn returns the names in each of texts (personNames).
func personNamesIn(texts []string, withRole bool) [][]string {
	var out [][]string
	for _, t := range texts {
		out = append(out, personNames(t, withRole)...)
	}
	return out
}

// personNames returns the names in a field's text, each as its folded
// parts: the whole text is one name, split at spaces, hyphens and
// apostrophes. A key worker's text may carry a role ("Sam Patel, SUDIC
// nurse"): only what comes before a comma, bracket or dash is read, titles
// and role words are left out, and of the rest only the words written
// with a capital, as names are.
func personNames(text string, withRole bool) [][]string {
	if strings.TrimSpace(text) == "" {
		return nil
	}
	text = norm.NFC.String(apostrophes.Replace(text))
	if withRole {
		if i := strings.IndexAny(text, ",(;/–—"); i >= 0 {
			text = text[:i]
		}
		if i := strings.Index(text, " - "); i >= 0 {
			text = text[:i]
		}
	}
	var parts []string
	for _, w := range strings.FieldsFunc(text, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsMark(r) && r != '-' && r != '\''
	}) {
		for _, p := range strings.FieldsFunc(w, func(r rune) bool { return r == '-' || r == '\'' }) {
			folded := string(foldRunes(p))
			if nameTitles[folded] || withRole && (roleWords[folded] || !unicode.IsUpper([]rune(p)[0])) {
				continue
			}
			parts = append(parts, folded)
		}
	}
	if len(parts) == 0 {
		return nil
	}
	return [][]string{parts}
}

// scrub replaces what the detectors find in s, at word starts and ending at
// word ends, the longest match first; runs of matches with only spaces and
// punctuation between them become one Withheld.
func scrub(s string, detectors []*regexp.Regexp) string {
	if s == "" {
		return s
	}
	text := []rune(norm.NFC.String(s))
	key := []rune(apostrophes.Replace(string(foldRunes(string(text)))))
	if len(key) != len(text) {
		key = foldRunes(string(text)) // a replacement changed the length: match without it
	}
	// offsets[i] is the byte offset in folded of rune i.
	folded := string(key)
	offsets := make([]int, 0, len(key)+1)
	for i := range folded {
		offsets = append(offsets, i)
	}
	offsets = append(offsets, len(folded))
	runeAt := func(byteOff int) int {
		i, _ := slices.BinarySearch(offsets, byteOff)
		return i
	}
	type span struct{ from, to int } // runes
	var spans []span
	for i := 0; i < len(key); {
		if !boundary(key, i-1) || boundary(key, i) {
			i++
			continue
		}
		// The longest match of a detector, ending where a word ends; a run
		// of digits only where nothing else matches.
		end := -1
		try := func(d *regexp.Regexp) {
			loc := d.FindStringIndex(folded[offsets[i]:])
			if loc == nil || loc[1] == 0 {
				return
			}
			if e := runeAt(offsets[i] + loc[1]); e > end && boundary(key, e) {
				end = e
			}
		}
		for _, d := range detectors {
			try(d)
		}
		if end < 0 {
			try(digitRun)
		}
		if end < 0 {
			i++
			continue
		}
		spans = append(spans, span{i, end})
		i = end
	}
	if len(spans) == 0 {
		return string(text)
	}
	var out []rune
	at := 0
	for j, sp := range spans {
		if j > 0 && onlyGlue(text[spans[j-1].to:sp.from]) {
			at = sp.to // joined to the withheld run before it
			continue
		}
		out = append(out, text[at:sp.from]...)
		out = append(out, []rune(Withheld)...)
		at = sp.to
	}
	return string(append(out, text[at:]...))
}

// onlyGlue reports whether the text between two withheld matches is only
// spaces and punctuation (so the matches read as one run).
func onlyGlue(between []rune) bool {
	for _, r := range between {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '\n' {
			return false
		}
	}
	return true
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
