package extract

import (
	"fmt"
	"math/bits"
	"strconv"

	"casemanager/cdop"
)

// The quasi-identifiers: what a motivated intruder could know about a child
// from elsewhere (the news, a school, a neighbour) and match to a row. Each
// row's values are packed, as small codes, into one uint64 key, so that the
// combinations can be counted in a map whose size depends on how many
// distinct combinations there are, not on how many rows.
const (
	qTime   = iota // date of death: year_of_death and financial_year together
	qAge           // age_band
	qSex           // sex
	qEthnic        // ethnic_group
	qIMD           // imd_decile
	qLA            // residence_la
	qPlace         // place_of_death
	nQI
)

// qiBits is the width of each quasi-identifier's code in a key. A code of
// all ones is the suppressed value ("*"), which no recorded value has.
var qiBits = [nQI]uint{qTime: 16, qAge: 4, qSex: 4, qEthnic: 4, qIMD: 4, qLA: 24, qPlace: 4}

var qiShift = func() (out [nQI]uint) {
	var at uint
	for f := range nQI {
		out[f] = at
		at += qiBits[f]
	}
	return out
}()

// field returns the code of quasi-identifier f in a key.
func field(key uint64, f int) uint32 {
	return uint32(key>>qiShift[f]) & suppressedCode(f)
}

// withField returns key with quasi-identifier f's code set to v.
func withField(key uint64, f int, v uint32) uint64 {
	return key&^fieldMask(f) | uint64(v)<<qiShift[f]
}

// suppressedCode is the code of a suppressed value of f: all ones.
func suppressedCode(f int) uint32 { return 1<<qiBits[f] - 1 }

// fieldMask has the bits of f's code set; key|fieldMask(f) suppresses f.
func fieldMask(f int) uint64 { return uint64(suppressedCode(f)) << qiShift[f] }

// mask is a set of quasi-identifiers, bit f for field f.
type mask uint8

// bits returns the key bits that suppress the fields of m.
func (m mask) bits() uint64 {
	var out uint64
	for f := range nQI {
		if m&(1<<f) != 0 {
			out |= fieldMask(f)
		}
	}
	return out
}

func (m mask) size() int { return bits.OnesCount8(uint8(m)) }

// fullMask suppresses every quasi-identifier.
const fullMask = mask(1<<nQI - 1)

// suppressedFields returns the set of fields suppressed in a final key.
func suppressedFields(key uint64) mask {
	var m mask
	for f := range nQI {
		if field(key, f) == suppressedCode(f) {
			m |= 1 << f
		}
	}
	return m
}

// The codes of the recorded values. Code 0 is always "not recorded" (a
// value like any other for grouping); withheld marks a recorded value that
// is not on the column's code list, which the extract never shows.
const (
	timeBase    = 1000 // financial year whose index is 0
	imdWithheld = 11
	laWithheld  = 1 // residence_la codes: 0 not recorded, 1 withheld, 2... names
	laFirst     = 2
)

// BroadEthnicGroups lists the broad ethnic groups of cdop.BroadEthnicGroup, in order.
var BroadEthnicGroups = []string{"White", "Mixed", "Asian", "Black", "Other", "Not stated"}

// enumCode returns the code of a value of an enum: its position from 1, 0
// for "", or len(e)+1 (withheld) when it is not listed.
func enumCode(e cdop.Enum, v string) uint32 {
	if v == "" {
		return 0
	}
	for i, c := range e {
		if c.Code == v {
			return uint32(i + 1)
		}
	}
	return uint32(len(e) + 1)
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
	if fy < 0 || code >= suppressedCode(qTime) {
		return 0, fmt.Errorf("the date of death %s is out of the range an extract can hold", d)
	}
	return code, nil
}

// Generalisation levels. Level 0 shows the value as recorded; each higher
// level shows less. Only the time, deprivation and residence have levels.
type levels [nQI]uint8

var maxLevels = levels{qTime: 4, qIMD: 2, qLA: 1, qAge: 1, qPlace: 1}

// The wider age bands (level 1), by the code of the age band (level 0).
var (
	wideAgeBands = []string{"under 1 year", "1-9 years", "10-17 years"}
	wideAgeOf    = []uint32{0, 1, 1, 2, 2, 3, 3}
)

// The wider places of death (level 1), by the code of the place (level 0):
// a hospital or hospice; a home; anywhere else; not known.
var (
	widePlaces   = []string{"hospital_or_hospice", "home_or_other_residence", "public_place_abroad_or_other", "not_known"}
	widePlaceOf  = []uint32{0, 1, 1, 2, 2, 3, 3, 3, 4}
	widePlaceFor = func() map[string]string {
		out := map[string]string{}
		for i, p := range cdop.PlacesOfDeath {
			out[p.Code] = widePlaces[widePlaceOf[i+1]-1]
		}
		return out
	}()
)

// The time levels: year and financial year; the financial year only (the
// year as the two calendar years it spans); spans of two and three
// financial years; the whole period of the extract.
const (
	timeExact = iota
	timeFinancialYear
	timeTwoYears
	timeThreeYears
	timeWhole
)

// scheme is what generalising and labelling need to know of the data: the
// range of financial years and the local authorities' names.
type scheme struct {
	minFY, maxFY     int // indexes (financial year − timeBase); minFY > maxFY when no date
	minYear, maxYear int // calendar years of death
	laNames          []string
	laIndex          map[string]uint32
}

func newScheme() *scheme {
	return &scheme{minFY: 1 << 30, maxFY: -1, minYear: 1 << 30, laIndex: map[string]uint32{}}
}

func (s *scheme) noteDate(d cdop.Date) {
	if d.IsZero() {
		return
	}
	fy := fyStart(d) - timeBase
	s.minFY, s.maxFY = min(s.minFY, fy), max(s.maxFY, fy)
	s.minYear, s.maxYear = min(s.minYear, d.Year()), max(s.maxYear, d.Year())
}

// laCode returns the code of a residence as recorded: 0 for none, withheld
// for text that does not read as the name of a local authority (see
// laName), else the name's own code.
func (s *scheme) laCode(text string) (uint32, error) {
	name, ok := laName(text)
	switch {
	case name == "":
		return 0, nil
	case !ok:
		return laWithheld, nil
	}
	if code, ok := s.laIndex[name]; ok {
		return code, nil
	}
	code := uint32(len(s.laNames) + laFirst)
	if code >= suppressedCode(qLA) {
		return 0, fmt.Errorf("too many different local authorities of residence for an extract")
	}
	s.laNames = append(s.laNames, name)
	s.laIndex[name] = code
	return code, nil
}

// generalise returns the key of a base key at a generalisation level.
func (s *scheme) generalise(key uint64, lv levels) uint64 {
	if t := field(key, qTime); t != 0 && lv[qTime] != timeExact {
		fy := (t - 1) / 2
		rel := fy - uint32(s.minFY)
		switch lv[qTime] {
		case timeFinancialYear:
			t = fy + 1
		case timeTwoYears:
			t = rel/2 + 1
		case timeThreeYears:
			t = rel/3 + 1
		default:
			t = 1
		}
		key = withField(key, qTime, t)
	}
	if d := field(key, qIMD); d >= 1 && d <= 10 && lv[qIMD] > 0 {
		if lv[qIMD] == 1 {
			d = (d + 1) / 2
		} else {
			d = 1
		}
		key = withField(key, qIMD, d)
	}
	if la := field(key, qLA); la >= laFirst && lv[qLA] > 0 {
		key = withField(key, qLA, laFirst)
	}
	if a := field(key, qAge); a >= 1 && int(a) < len(wideAgeOf) && lv[qAge] > 0 {
		key = withField(key, qAge, wideAgeOf[a])
	}
	if p := field(key, qPlace); p >= 1 && int(p) < len(widePlaceOf) && lv[qPlace] > 0 {
		key = withField(key, qPlace, widePlaceOf[p])
	}
	return key
}

// The markers of the extract's cells besides the values themselves.
const (
	Suppressed = "*"        // suppressed for disclosure control
	Withheld   = "withheld" // recorded, but not a value of the column's code list
	Footprint  = "footprint"
)

// labels returns the text of a final key's quasi-identifiers, in the order
// of the extract's columns (year and financial year for qTime).
func (s *scheme) labels(key uint64, lv levels) []string {
	return s.appendLabels(make([]string, 0, nQI+1), key, lv)
}

// appendLabels appends the labels of a key to out.
func (s *scheme) appendLabels(out []string, key uint64, lv levels) []string {
	year, fy := s.timeLabels(field(key, qTime), lv[qTime])
	out = append(out, year, fy)
	for f := qAge; f < nQI; f++ {
		v := field(key, f)
		if v == suppressedCode(f) {
			out = append(out, Suppressed)
			continue
		}
		out = append(out, s.label(f, v, lv[f]))
	}
	return out
}

func (s *scheme) label(f int, v uint32, level uint8) string {
	if v == 0 {
		return ""
	}
	enumLabel := func(codes []string) string {
		if int(v) <= len(codes) {
			return codes[v-1]
		}
		return Withheld
	}
	switch f {
	case qAge:
		if level > 0 {
			return enumLabel(wideAgeBands)
		}
		if int(v) <= len(cdop.AgeBands) {
			return string(cdop.AgeBands[v-1])
		}
		return Withheld
	case qSex:
		return enumLabel(cdop.Sexes.Codes())
	case qEthnic:
		return enumLabel(BroadEthnicGroups)
	case qPlace:
		if level > 0 {
			if int(v) <= len(widePlaces) {
				return widePlaces[v-1]
			}
			return Withheld
		}
		return enumLabel(cdop.PlacesOfDeath.Codes())
	case qIMD:
		switch {
		case v == imdWithheld:
			return Withheld
		case level == 0:
			return strconv.Itoa(int(v))
		case level == 1:
			return fmt.Sprintf("%d-%d", 2*v-1, 2*v)
		}
		return "1-10"
	case qLA:
		switch {
		case v == laWithheld:
			return Withheld
		case level > 0:
			return Footprint
		}
		return s.laNames[v-laFirst]
	}
	panic("extract: no label for field " + strconv.Itoa(f))
}

// timeLabels returns the year_of_death and financial_year of a time code.
func (s *scheme) timeLabels(t uint32, level uint8) (year, fy string) {
	switch {
	case t == suppressedCode(qTime):
		return Suppressed, Suppressed
	case t == 0:
		return "", ""
	}
	span := func(first, last int) (string, string) {
		year, fy = fmt.Sprintf("%d-%d", first+timeBase, last+timeBase+1), fyText(first+timeBase)
		if last != first {
			fy += "-" + fyText(last+timeBase)
		}
		return year, fy
	}
	switch level {
	case timeExact:
		start := int(t-1)/2 + timeBase
		return strconv.Itoa(start + int(t-1)%2), fyText(start)
	case timeFinancialYear:
		return span(int(t-1), int(t-1))
	case timeTwoYears, timeThreeYears:
		w := int(level) // two or three financial years
		first := s.minFY + int(t-1)*w
		return span(first, first+w-1)
	}
	year = strconv.Itoa(s.minYear)
	if s.maxYear != s.minYear {
		year += "-" + strconv.Itoa(s.maxYear)
	}
	fy = fyText(s.minFY + timeBase)
	if s.maxFY != s.minFY {
		fy += "-" + fyText(s.maxFY+timeBase)
	}
	return year, fy
}

// loss is the information a generalisation level loses, from 0 (none) to 1
// (all): how many of the field's finest distinctions it merges.
func (s *scheme) loss(f int, level uint8) float64 {
	if level == 0 {
		return 0
	}
	switch f {
	case qTime:
		// Widths in half financial years; the domain is the data's.
		domain := 2 * (s.maxFY - s.minFY + 1)
		width := map[uint8]int{timeFinancialYear: 2, timeTwoYears: 4, timeThreeYears: 6}[level]
		if level == timeWhole || width > domain {
			width = domain
		}
		if domain <= 1 {
			return 0
		}
		return float64(width-1) / float64(domain-1)
	case qIMD:
		if level == 1 {
			return 1.0 / 9
		}
		return 1
	case qLA:
		if len(s.laNames) <= 1 {
			return 0
		}
		return 1
	case qAge:
		return 1.0 / 5 // pairs of the six bands merged
	case qPlace:
		return 1.0 / 7 // eight places in four: most pairs, one three
	}
	return 0
}
