package cdop

import (
	_ "embed"
	"encoding/csv"
	"fmt"
	"slices"
	"sort"
	"strings"
	"unicode"
)

// The local authority of a child's residence is a code from a list the app
// ships: the local authority districts of England as the Office for National
// Statistics codes them (E06 unitary authorities, E07 non-metropolitan
// districts, E08 metropolitan districts, E09 London boroughs), as they
// stand since the reorganisations of April 2023, and two codes of its own
// for a child living outside England or where it is not known.

//go:embed data/local_authorities.csv
var localAuthoritiesCSV string

// LocalAuthority is one local authority district of England.
type LocalAuthority struct {
	Code string // the ONS code, e.g. E08000035
	Name string // the ONS name, e.g. Leeds; "Bristol, City of"
}

// The residence codes that are not local authorities.
const (
	ResidenceOutsideEngland = "outside_england"
	ResidenceNotKnown       = "not_known"
)

// LocalAuthorities lists the local authority districts of England, by code.
var LocalAuthorities = func() []LocalAuthority {
	rows, err := csv.NewReader(strings.NewReader(localAuthoritiesCSV)).ReadAll()
	if err != nil || len(rows) < 2 || rows[0][0] != "code" || rows[0][1] != "name" {
		panic("cdop: the shipped list of local authorities is damaged")
	}
	out := make([]LocalAuthority, 0, len(rows)-1)
	for _, r := range rows[1:] {
		out = append(out, LocalAuthority{Code: r[0], Name: r[1]})
	}
	return out
}()

// ResidenceChoices are the allowed values of residence_la: every local
// authority by name (labelled with its name), then outside England and not
// known.
var ResidenceChoices = func() Enum {
	out := make(Enum, 0, len(LocalAuthorities)+2)
	for _, la := range LocalAuthorities {
		out = append(out, Choice{Code: la.Code, Label: la.Name})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Label < out[j].Label })
	return append(out, Choice{ResidenceOutsideEngland, "Outside England"}, Choice{ResidenceNotKnown, "Not known"})
}()

// residenceCodes holds every residence code, for a quick check.
var residenceCodes = func() map[string]bool {
	m := make(map[string]bool, len(ResidenceChoices))
	for _, c := range ResidenceChoices {
		m[c.Code] = true
	}
	return m
}()

// residenceAliases are other names people write for a local authority
// (its name without "City of" or "County of" is derived; these are the rest).
var residenceAliases = map[string]string{
	"hull":       "E06000010",
	"durham":     "E06000047",
	"shepway":    "E07000112", // Folkestone and Hythe's name until 2018
	"bcp":        "E06000058",
	"outside":    ResidenceOutsideEngland,
	"not known":  ResidenceNotKnown,
	"unknown":    ResidenceNotKnown,
	"outside uk": ResidenceOutsideEngland,
}

// residenceByKey finds a residence code by its folded code or name.
var residenceByKey = func() map[string]string {
	m := map[string]string{}
	add := func(name, code string) {
		if k := foldLAName(name); k != "" {
			m[k] = code
		}
	}
	for _, c := range ResidenceChoices {
		add(c.Code, c.Code)
		add(c.Label, c.Code)
		// "Bristol, City of" is also written "Bristol" and "City of Bristol".
		for _, suffix := range []string{", City of", ", County of"} {
			if base, ok := strings.CutSuffix(c.Label, suffix); ok {
				add(base, c.Code)
				add(strings.TrimPrefix(suffix, ", ")+" "+base, c.Code)
			}
		}
	}
	for alias, code := range residenceAliases {
		add(alias, code)
	}
	return m
}()

// foldLAName folds a name or code for matching: letters in lower case
// without accents, "&" as "and", "saint" as "st", punctuation as spaces,
// spaces collapsed.
func foldLAName(s string) string {
	s = strings.ReplaceAll(s, "&", " and ")
	var b strings.Builder
	for _, r := range foldRunes(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		} else if r != '\'' && r != '’' && r != '‘' {
			b.WriteByte(' ')
		}
	}
	words := strings.Fields(b.String())
	for i, w := range words {
		if w == "saint" {
			words[i] = "st"
		}
	}
	return strings.Join(words, " ")
}

// ResidenceCode returns the residence code that text names: an ONS code or
// a local authority's name (in any case, with or without accents and
// punctuation), outside_england or not_known; ok is false when it names
// none of them.
func ResidenceCode(text string) (code string, ok bool) {
	if residenceCodes[text] {
		return text, true
	}
	code, ok = residenceByKey[foldLAName(text)]
	return code, ok
}

// ResidenceName returns how a residence code reads: the local authority's
// name, "Outside England" or "Not known"; "" for a blank or unknown code.
func ResidenceName(code string) string {
	if !residenceCodes[code] {
		return ""
	}
	return ResidenceChoices.Label(code)
}

// IsLocalAuthorityCode reports whether code is a local authority of the
// list (not outside England or not known).
func IsLocalAuthorityCode(code string) bool {
	return residenceCodes[code] && code != ResidenceOutsideEngland && code != ResidenceNotKnown
}

// CloseLocalAuthorities returns up to n local authorities whose names are
// nearest to text: names it starts, or is part of, first, then those a few
// letters' typing away; none when nothing is close.
func CloseLocalAuthorities(text string, n int) []LocalAuthority {
	key := foldLAName(text)
	if key == "" {
		return nil
	}
	type scored struct {
		la    LocalAuthority
		score int
	}
	var found []scored
	for _, la := range LocalAuthorities {
		name := foldLAName(la.Name)
		score := -1
		switch {
		case strings.HasPrefix(name, key) || strings.HasPrefix(key, name):
			score = 0
		case len(key) >= 4 && strings.Contains(name, key):
			score = 1
		default:
			if d := editDistance(key, name); d <= max(1, len([]rune(key))/4) {
				score = 1 + d
			}
		}
		if score >= 0 {
			found = append(found, scored{la, score})
		}
	}
	slices.SortStableFunc(found, func(a, b scored) int {
		if a.score != b.score {
			return a.score - b.score
		}
		return strings.Compare(a.la.Name, b.la.Name)
	})
	out := make([]LocalAuthority, 0, n)
	for _, f := range found[:min(n, len(found))] {
		out = append(out, f.la)
	}
	return out
}

// editDistance is the Levenshtein distance between two strings, in runes.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// normaliseResidence turns a local authority's name into its code; other
// text is kept as typed, for checkResidence to refuse.
func normaliseResidence(s string) string {
	if code, ok := ResidenceCode(s); ok {
		return code
	}
	return strings.TrimSpace(s)
}

// checkResidence refuses anything but a residence code, suggesting the
// local authorities closest to what was typed. The text is not repeated:
// what was typed where an authority belongs may be an address.
func checkResidence(s string) error {
	if residenceCodes[s] {
		return nil
	}
	msg := "is not a local authority of England on the app's list"
	if close := CloseLocalAuthorities(s, 3); len(close) > 0 {
		names := make([]string, len(close))
		for i, la := range close {
			names[i] = fmt.Sprintf("%s (%s)", la.Name, la.Code)
		}
		msg += "; did you mean " + strings.Join(names, " or ") + "?"
	}
	return fmt.Errorf("%s; use the ONS code or name of a local authority district of England (e.g. E08000035 or Leeds), %s or %s",
		msg, ResidenceOutsideEngland, ResidenceNotKnown)
}
