package extract

import (
	"fmt"
	"math/bits"
	"slices"
	"strconv"
	"strings"

	"casemanager/cdop"
)

// The quasi-identifiers: what a motivated intruder could know about a child
// from elsewhere (the news, a school, a neighbour) and match to a row. They
// are cdop's (cdop.QuasiIdentifiers, from the field registry's disclosure
// roles): every one whose fields the extract reads is a column, or two,
// of the extract, with a hierarchy of generalisation levels defined here.
// Each row's values are packed, as small codes, into one uint64 key, so
// that the combinations can be counted in a map whose size depends on how
// many distinct combinations there are, not on how many rows.

// dim is one quasi-identifier of the extract: its columns, its codes' place
// in a key, and its generalisation levels.
type dim struct {
	qi      string   // its name in cdop's disclosure model
	columns []string // its columns in the extract, in order
	bits    uint
	shift   uint
	// withheld is the code of a recorded value that is not on the column's
	// list (never shown); 0 when every value the field accepts is listed.
	withheld uint32
	// code returns the level-0 code of a case's value: 0 when not recorded.
	code func(c *cdop.Case) (uint32, error)
	// levels are the hierarchy, from the value as recorded (0) up; each
	// level's codes are a function of the level below's (a chain), so
	// counts at one level can be regrouped at any higher one.
	levels []level
	// suppressRank orders the dimensions by how readily a value is
	// suppressed where sets of columns cost the same (lowest first).
	suppressRank int
}

// level is one generalisation level of a dimension.
type level struct {
	name string // as the manifest names it, e.g. "financial_year"
	desc string // what it shows, for the manifest
	// up maps a value code of the level below to this level's (0 and the
	// withheld code map to themselves without it).
	up func(code uint32) uint32
	// label returns the columns' values of one of this level's value codes.
	label func(s *scheme, code uint32) []string
	// codes documents the values this level adds to the column's code list.
	codes []Code
}

// suppressed is the code of a suppressed value of d: all ones.
func (d *dim) suppressed() uint32 { return 1<<d.bits - 1 }

// field returns d's code in a key.
func (d *dim) field(key uint64) uint32 { return uint32(key>>d.shift) & d.suppressed() }

// with returns key with d's code set to v.
func (d *dim) with(key uint64, v uint32) uint64 {
	return key&^(uint64(d.suppressed())<<d.shift) | uint64(v)<<d.shift
}

// mask is a set of dimensions, bit i for dims[i].
type mask uint16

func (m mask) has(i int) bool { return m&(1<<i) != 0 }
func (m mask) size() int      { return bits.OnesCount16(uint16(m)) }

// bits returns the key bits that suppress the dimensions of m.
func (m mask) bits() uint64 {
	var out uint64
	for i := range dims {
		if m.has(i) {
			out |= uint64(dims[i].suppressed()) << dims[i].shift
		}
	}
	return out
}

// fullMask suppresses every dimension.
var fullMask = mask(1<<len(dims) - 1)

// suppressedDims returns the set of dimensions suppressed in a final key.
func suppressedDims(key uint64) mask {
	var m mask
	for i := range dims {
		if dims[i].field(key) == dims[i].suppressed() {
			m |= 1 << i
		}
	}
	return m
}

// levels are a generalisation level for each dimension.
type levels [maxDims]uint8

// maxDims bounds the number of quasi-identifiers an extract can hold.
const maxDims = 12

// The markers of the extract's cells besides the values themselves.
const (
	Suppressed = "*"         // suppressed for disclosure control
	Withheld   = "withheld"  // recorded, but not a value of the column's code list
	Footprint  = "footprint" // any of the extract's local authorities
	anyValue   = "any"       // a column generalised to its top: recorded, value not shown
)

// BroadEthnicGroups lists the broad ethnic groups of cdop.BroadEthnicGroup, in order.
var BroadEthnicGroups = []string{"White", "Mixed", "Asian", "Black", "Other", "Not stated"}

// enumCode returns the code of a value of an enum: its position from 1, 0
// for "", or len(e)+1 (withheld) when it is not listed.
func enumCode(e []string, v string) uint32 {
	if v == "" {
		return 0
	}
	if i := slices.Index(e, v); i >= 0 {
		return uint32(i + 1)
	}
	return uint32(len(e) + 1)
}

// enumLabel labels code v of a list of values.
func enumLabel(values []string) func(*scheme, uint32) []string {
	return func(_ *scheme, v uint32) []string {
		if int(v) <= len(values) {
			return []string{values[v-1]}
		}
		return []string{Withheld}
	}
}

// grouped returns the up function and labels of a level that groups the
// values of the level below: of[v] is the group (from 1) of value code v.
func grouped(of []uint32) func(uint32) uint32 {
	return func(v uint32) uint32 {
		if int(v) < len(of) {
			return of[v]
		}
		return 0
	}
}

// top is a level showing only that a value is recorded.
func top(label string, desc string) level {
	return level{name: "any", desc: desc, up: func(uint32) uint32 { return 1 },
		label: func(*scheme, uint32) []string { return []string{label} },
		codes: []Code{{label, "recorded, but generalised to the top of its hierarchy: " + desc}}}
}

// FinancialYear returns the English financial year (April to March) of a
// day, as "2024/25"; "" for no date.
func FinancialYear(d cdop.Date) string {
	if d.IsZero() {
		return ""
	}
	return cdop.FinancialYearOf(d).String()
}

// fyStart is the calendar year in which the financial year of d began.
func fyStart(d cdop.Date) int { return int(cdop.FinancialYearOf(d)) }

// fyText names the financial year that began in a calendar year.
func fyText(start int) string { return cdop.FinancialYear(start).String() }

// timeBase is the financial year whose index is 0 (even, so that spans of
// two and four financial years start on even years).
const timeBase = 1000

// timeCode codes a date of death by the half of its financial year it falls
// in (April–December or January–March), which is what the year and the
// financial year together tell: (index of the financial year)×2 + half + 1.
func timeCode(d cdop.Date) (uint32, error) {
	if d.IsZero() {
		return 0, nil
	}
	fy := fyStart(d) - timeBase
	half := 0
	if d.Month() < 4 {
		half = 1
	}
	code := uint32(fy*2 + half + 1)
	if fy < 0 || code >= 1<<16-1 {
		return 0, fmt.Errorf("the date of death %s is out of the range an extract can hold", d)
	}
	return code, nil
}

// fySpan labels a span of financial years, by their indexes, as the two
// columns show it: the calendar years it touches, and the financial years.
func fySpan(first, last int) []string {
	year := fmt.Sprintf("%d-%d", first+timeBase, last+timeBase+1)
	fy := fyText(first + timeBase)
	if last != first {
		fy += "-" + fyText(last+timeBase)
	}
	return []string{year, fy}
}

// The wider age bands, places and groups of the levels above the recorded.
var (
	wideAgeBands   = []string{"under 1 year", "1-9 years", "10-17 years"}
	sexGroups      = []string{"male", "female", "other_or_not_known"}
	ethnicGroups   = []string{"White", "Minority ethnic", "Not stated"}
	widePlaces     = []string{"hospital_or_hospice", "home_or_other_residence", "public_place_abroad_or_other", "not_known"}
	categoryGroups = []string{"1-3", "4-9", "10"}
)

// dims are the extract's quasi-identifiers, in cdop's order: those of
// cdop.QuasiIdentifiers whose fields the extract reads, each with its
// hierarchy from hierarchies. A quasi-identifier the extract reads with no
// hierarchy here stops the program: it could not be protected.
var dims = func() []dim {
	read := map[string]bool{}
	for _, f := range cdop.FieldsWhere(func(f *cdop.Field) bool { return f.Extract != cdop.NotExtracted }) {
		read[f.Name] = true
	}
	var out []dim
	var shift uint
	for _, q := range cdop.QuasiIdentifiers() {
		all := true
		for _, f := range q.From {
			all = all && read[f]
		}
		if !all {
			continue
		}
		h, ok := hierarchies[q.Name]
		if !ok {
			panic("extract: the quasi-identifier " + q.Name + " is extracted but has no generalisation hierarchy")
		}
		d := h()
		d.qi, d.shift = q.Name, shift
		shift += d.bits
		out = append(out, d)
	}
	if shift > 64 || len(out) > maxDims {
		panic("extract: the quasi-identifiers do not fit a key")
	}
	return out
}()

// hierarchies define the generalisation of each quasi-identifier an
// extract may hold, by its name in cdop's model.
var hierarchies = map[string]func() dim{
	"period": func() dim {
		return dim{columns: []string{"year_of_death", "financial_year"}, bits: 16, suppressRank: 7,
			code: func(c *cdop.Case) (uint32, error) { return timeCode(c.DateOfDeath) },
			levels: []level{
				{name: "exact", desc: "the calendar and financial year of death (together: April–December or January–March of a year)",
					label: func(_ *scheme, t uint32) []string {
						start := int(t-1)/2 + timeBase
						return []string{strconv.Itoa(start + int(t-1)%2), fyText(start)}
					}},
				{name: "financial_year", desc: "the financial year; year_of_death shows the two calendar years it spans (e.g. 2024-2025 for 2024/25)",
					up:    func(t uint32) uint32 { return (t-1)/2 + 1 },
					label: func(_ *scheme, f uint32) []string { return fySpan(int(f-1), int(f-1)) }},
				{name: "two_financial_years", desc: "spans of two financial years, starting in even years (e.g. 2024/25-2025/26)",
					up:    func(f uint32) uint32 { return (f-1)/2 + 1 },
					label: func(_ *scheme, p uint32) []string { return fySpan(int(p-1)*2, int(p-1)*2+1) }},
				{name: "four_financial_years", desc: "spans of four financial years, starting in years divisible by four (e.g. 2024/25-2027/28)",
					up:    func(p uint32) uint32 { return (p-1)/2 + 1 },
					label: func(_ *scheme, q uint32) []string { return fySpan(int(q-1)*4, int(q-1)*4+3) }},
				{name: "whole_period", desc: "the span of the whole extract",
					up: func(uint32) uint32 { return 1 },
					label: func(s *scheme, _ uint32) []string {
						return fySpan(s.minFY, s.maxFY)
					}},
			}}
	},
	"age_band": func() dim {
		bands := make([]string, len(cdop.CaseAgeBands))
		for i, b := range cdop.CaseAgeBands {
			bands[i] = string(b)
		}
		return dim{columns: []string{"age_band"}, bits: 4, suppressRank: 9,
			code: func(c *cdop.Case) (uint32, error) { return enumCode(bands, string(c.AgeBand())), nil },
			levels: []level{
				{name: "exact", desc: "the national age bands", label: enumLabel(bands)},
				{name: "wide_bands", desc: "age bands paired: " + strings.Join(wideAgeBands, ", "),
					up: grouped([]uint32{0, 1, 1, 1, 2, 2, 3, 3}), label: enumLabel(wideAgeBands),
					codes: []Code{{wideAgeBands[0], "unattended stillbirth, 0-27 days or 28-364 days"}, {wideAgeBands[1], "1-4 or 5-9 years"}, {wideAgeBands[2], "10-14 or 15-17 years"}}},
				top("0-17 years", "the age band is not shown"),
			}}
	},
	"sex": func() dim {
		sexes := cdop.Sexes.Codes()
		return dim{columns: []string{"sex"}, bits: 3, suppressRank: 8, withheld: uint32(len(sexes) + 1),
			code: func(c *cdop.Case) (uint32, error) { return enumCode(sexes, c.Sex), nil },
			levels: []level{
				{name: "exact", desc: "sex as recorded", label: enumLabel(sexes)},
				{name: "other_grouped", desc: "male, female, or other_or_not_known (indeterminate or not known)",
					up: grouped([]uint32{0, 1, 2, 3, 3}), label: enumLabel(sexGroups),
					codes: []Code{{sexGroups[2], "indeterminate or not known"}}},
				top(anyValue, "sex is not shown"),
			}}
	},
	"ethnic_group": func() dim {
		return dim{columns: []string{"ethnic_group"}, bits: 3, suppressRank: 2,
			code: func(c *cdop.Case) (uint32, error) {
				return enumCode(BroadEthnicGroups, cdop.BroadEthnicGroup(c.Ethnicity)), nil
			},
			levels: []level{
				{name: "exact", desc: "the broad ethnic group", label: enumLabel(BroadEthnicGroups)},
				{name: "white_minority", desc: "White, Minority ethnic (Mixed, Asian, Black or Other) or Not stated",
					up: grouped([]uint32{0, 1, 2, 2, 2, 2, 3}), label: enumLabel(ethnicGroups),
					codes: []Code{{ethnicGroups[1], "Mixed, Asian, Black or Other"}}},
				top(anyValue, "the ethnic group is not shown"),
			}}
	},
	"imd_decile": func() dim {
		return dim{columns: []string{"imd_decile"}, bits: 4, suppressRank: 1, withheld: 11,
			code: func(c *cdop.Case) (uint32, error) {
				if c.IMDDecile < 0 || c.IMDDecile > 10 {
					return 11, nil
				}
				return uint32(c.IMDDecile), nil
			},
			levels: []level{
				{name: "exact", desc: "the decile", label: func(_ *scheme, v uint32) []string { return []string{strconv.Itoa(int(v))} }},
				{name: "quintile", desc: "deciles grouped into quintiles: 1-2, 3-4, 5-6, 7-8, 9-10",
					up:    func(v uint32) uint32 { return (v + 1) / 2 },
					label: func(_ *scheme, q uint32) []string { return []string{fmt.Sprintf("%d-%d", 2*q-1, 2*q)} },
					codes: []Code{{"1-2 … 9-10", "the quintile, as its two deciles (1-2 = most deprived 20%)"}}},
				top("1-10", "the decile is not shown"),
			}}
	},
	"residence_la": func() dim {
		const laFirst = 2 // 0 not recorded, 1 withheld
		return dim{columns: []string{"residence_la"}, bits: 9, suppressRank: 0, withheld: 1,
			code: func(c *cdop.Case) (uint32, error) {
				if c.ResidenceLA == "" {
					return 0, nil
				}
				if i := residenceIndex[c.ResidenceLA]; i > 0 {
					return uint32(i - 1 + laFirst), nil
				}
				return 1, nil // text kept from before the list: never shown
			},
			levels: []level{
				{name: "exact", desc: "the local authority's ONS code",
					label: func(_ *scheme, v uint32) []string { return []string{cdop.ResidenceChoices[v-laFirst].Code} }},
				{name: "footprint", desc: "every local authority shown as \"" + Footprint + "\" (outside_england and not_known as they are)",
					up: func(v uint32) uint32 {
						switch code := cdop.ResidenceChoices[v-laFirst].Code; code {
						case cdop.ResidenceOutsideEngland:
							return 3
						case cdop.ResidenceNotKnown:
							return 4
						}
						return 2
					},
					label: enumLabel([]string{Withheld, Footprint, cdop.ResidenceOutsideEngland, cdop.ResidenceNotKnown}),
					codes: []Code{{Footprint, "resident in one of the extract's local authorities"}}},
			}}
	},
	"place_of_death": func() dim {
		places := cdop.PlacesOfDeath.Codes()
		of := make([]uint32, len(places)+1)
		var codes []Code
		for i, p := range places {
			of[i+1] = uint32(slices.Index(widePlaces, widePlaceFor(p)) + 1)
		}
		for _, w := range widePlaces {
			var members []string
			for _, p := range places {
				if widePlaceFor(p) == w {
					members = append(members, p)
				}
			}
			if len(members) > 1 {
				codes = append(codes, Code{w, strings.Join(members, ", ")})
			}
		}
		return dim{columns: []string{"place_of_death"}, bits: 4, suppressRank: 3, withheld: uint32(len(places) + 1),
			code: func(c *cdop.Case) (uint32, error) { return enumCode(places, c.PlaceOfDeath), nil },
			levels: []level{
				{name: "exact", desc: "the place of death", label: enumLabel(places)},
				{name: "wide_places", desc: "places grouped: " + strings.Join(widePlaces, ", "),
					up: grouped(of), label: enumLabel(widePlaces), codes: codes},
				top(anyValue, "the place of death is not shown"),
			}}
	},
	"expected": choiceDim("expected", 5),
	"jar":      choiceDim("jar", 6),
	"category": func() dim {
		n := len(cdop.Categories)
		return dim{columns: []string{"category"}, bits: 4, suppressRank: 4, withheld: uint32(n + 1),
			code: func(c *cdop.Case) (uint32, error) {
				if c.Analysis.Category < 0 || c.Analysis.Category > n {
					return uint32(n + 1), nil
				}
				return uint32(c.Analysis.Category), nil
			},
			levels: []level{
				{name: "exact", desc: "the primary category of death",
					label: func(_ *scheme, v uint32) []string { return []string{strconv.Itoa(int(v))} }},
				{name: "category_groups", desc: "categories grouped: external causes (1-3), medical (4-9), SUDIC (10)",
					up: grouped([]uint32{0, 1, 1, 1, 2, 2, 2, 2, 2, 2, 3}), label: enumLabel(categoryGroups),
					codes: []Code{{"1-3", "external causes: categories 1, 2 or 3"}, {"4-9", "medical: categories 4 to 9"}, {"10", "SUDIC: category 10"}}},
				top("1-10", "the category is not shown"),
			}}
	},
}

// choiceDim is the hierarchy of a choice field shown as its code: the value,
// or nothing but that it is recorded.
func choiceDim(name string, rank int) func() dim {
	return func() dim {
		f, _ := cdop.FieldNamed(name)
		values := f.Choices.Codes()
		return dim{columns: []string{name}, bits: 3, suppressRank: rank, withheld: uint32(len(values) + 1),
			code: func(c *cdop.Case) (uint32, error) { return enumCode(values, f.Get(c)), nil },
			levels: []level{
				{name: "exact", desc: "as recorded", label: enumLabel(values)},
				top(anyValue, "not shown"),
			}}
	}
}

// residenceIndex is each residence code's position in cdop.ResidenceChoices, from 1.
var residenceIndex = func() map[string]int {
	m := map[string]int{}
	for i, c := range cdop.ResidenceChoices {
		m[c.Code] = i + 1
	}
	return m
}()

// widePlaceFor groups a place of death: a hospital or hospice; a home; anywhere else; not known.
func widePlaceFor(place string) string {
	switch place {
	case "hospital", "hospice":
		return widePlaces[0]
	case "home", "other_residence":
		return widePlaces[1]
	case "not_known":
		return widePlaces[3]
	}
	return widePlaces[2]
}

// scheme is what generalising, labelling and costing need to know of the
// data: the range of financial years, each dimension's recorded values
// (level-0 codes) and how many rows hold each, and the lookup tables
// from one level's codes to another's.
type scheme struct {
	minFY, maxFY int // indexes (financial year − timeBase); minFY > maxFY when no date
	hist         [maxDims]map[uint32]int
	// up[d][from][to] maps the codes of level from to level to.
	up [maxDims][][][]uint32
	// loss[d][l] gives, by a code of level l, the information its rows
	// lose: (recorded values merged − 1) / (values recorded in all − 1).
	loss [maxDims][]map[uint32]float64
}

func newScheme() *scheme {
	s := &scheme{minFY: 1 << 30, maxFY: -1}
	for i := range dims {
		s.hist[i] = map[uint32]int{}
	}
	return s
}

// note counts a row's level-0 key.
func (s *scheme) note(key uint64) {
	for i := range dims {
		s.hist[i][dims[i].field(key)]++
	}
	if t := dims[0].field(key); dims[0].qi == "period" && t != 0 {
		fy := int(t-1) / 2
		s.minFY, s.maxFY = min(s.minFY, fy), max(s.maxFY, fy)
	}
}

// isValue reports whether a code of d is a value (not blank or withheld).
func (d *dim) isValue(code uint32) bool {
	return code != 0 && code != d.withheld && code != d.suppressed()
}

// prepare builds the lookup tables and losses once every row is counted.
func (s *scheme) prepare() {
	for i := range dims {
		d := &dims[i]
		n := len(d.levels)
		// The codes each level can hold: those of the level below mapped up.
		codes := make([][]uint32, n)
		for v := range s.hist[i] {
			codes[0] = append(codes[0], v)
		}
		if d.qi == "period" { // every financial year between, so spans are whole
			codes[0] = codes[0][:0]
			for c := uint32(0); s.maxFY >= 0 && c <= uint32(2*s.maxFY+2); c++ {
				codes[0] = append(codes[0], c)
			}
		}
		slices.Sort(codes[0])
		s.up[i] = make([][][]uint32, n)
		for from := range n {
			s.up[i][from] = make([][]uint32, n)
		}
		step := func(l int, v uint32) uint32 {
			if !d.isValue(v) {
				return v
			}
			return d.levels[l].up(v)
		}
		for l := 1; l < n; l++ {
			seen := map[uint32]bool{}
			for _, v := range codes[l-1] {
				if w := step(l, v); !seen[w] {
					seen[w] = true
					codes[l] = append(codes[l], w)
				}
			}
		}
		for from := range n {
			size := uint32(0)
			for _, v := range codes[from] {
				size = max(size, v+1)
			}
			for to := from; to < n; to++ {
				t := make([]uint32, size)
				for _, v := range codes[from] {
					w := v
					for l := from + 1; l <= to; l++ {
						w = step(l, w)
					}
					t[v] = w
				}
				s.up[i][from][to] = t
			}
		}
		// Losses: values merged into each code, over values recorded.
		recorded := 0
		for v := range s.hist[i] {
			if d.isValue(v) {
				recorded++
			}
		}
		s.loss[i] = make([]map[uint32]float64, n)
		for l := range n {
			merged := map[uint32]int{}
			for v := range s.hist[i] {
				if d.isValue(v) {
					merged[s.up[i][0][l][v]]++
				}
			}
			s.loss[i][l] = map[uint32]float64{}
			for code, m := range merged {
				if recorded > 1 {
					s.loss[i][l][code] = float64(m-1) / float64(recorded-1)
				}
			}
		}
	}
}

// raise maps a code of dimension i from level from to level to.
func (s *scheme) raise(i int, from, to uint8, code uint32) uint32 {
	if from == to || !dims[i].isValue(code) {
		return code
	}
	t := s.up[i][from][to]
	if int(code) < len(t) {
		return t[code]
	}
	return code
}

// generalise returns a key of levels from at levels to.
func (s *scheme) generalise(key uint64, from, to *levels) uint64 {
	for i := range dims {
		if from[i] != to[i] {
			d := &dims[i]
			key = d.with(key, s.raise(i, from[i], to[i], d.field(key)))
		}
	}
	return key
}

// cellLoss is the information a row's value of dimension i at level l
// (code v of that level) loses.
func (s *scheme) cellLoss(i int, l uint8, v uint32) float64 {
	if v == dims[i].suppressed() {
		return 1
	}
	return s.loss[i][l][v]
}

// appendLabels appends the columns' values of a key at levels lv.
func (s *scheme) appendLabels(out []string, key uint64, lv *levels) []string {
	for i := range dims {
		d := &dims[i]
		v := d.field(key)
		switch {
		case v == d.suppressed():
			for range d.columns {
				out = append(out, Suppressed)
			}
		case v == 0:
			for range d.columns {
				out = append(out, "")
			}
		case v == d.withheld:
			for range d.columns {
				out = append(out, Withheld)
			}
		default:
			out = append(out, d.levels[lv[i]].label(s, v)...)
		}
	}
	return out
}
