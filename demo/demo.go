// Package demo makes synthetic child death review cases, so the app can be
// shown, tried and tested without real data. The cases look like an English
// panel's: the national mix of ages and categories, names from the many
// backgrounds of West Yorkshire families, and reviews at the stage their
// age suggests, some held open for a year or more by an inquest, their
// analyses' factors picked from the national catalogue where it has them.
// Agencies lists a fictional directory of agencies, Records what a
// coordinator would have recorded for an open case (agency requests, the
// key worker's contacts, clock pauses), and Load puts all of it into a
// store, with the panel's recent and upcoming meetings and its
// recommendations to agencies.
// Nothing identifies a real child or organisation: NHS numbers come only
// from the never-issued 999 range, postcodes' inward codes are random, the
// summaries and notes name nobody, agencies' addresses are on example.org,
// and the people at meetings are made up.
package demo

import (
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"

	"casemanager/cdop"
)

// Options say how much to generate.
type Options struct {
	Years   int       // years of deaths, ending on Today; 0 means 5
	PerYear int       // deaths a year; 0 means 60
	Seed    int64     // the same seed and Today give the same cases
	Today   cdop.Date // the day the data is as of; zero means today on the system clock
}

// Generate returns Years × PerYear synthetic cases, oldest death first, each
// valid as of Today and none a duplicate of another (now and then twins, a
// voided notification and a case transferred to another panel among them).
// Their references are blank, for the store to assign.
func Generate(opts Options) []*cdop.Case {
	opts = opts.withDefaults()
	g := &generator{
		r:     rand.New(rand.NewPCG(uint64(opts.Seed), 0x6364_6f70_6465_6d6f)), // "cdopdemo"
		d:     rand.New(rand.NewPCG(uint64(opts.Seed), 0x6661_6374_6f72_7321)), // "factors!"
		s:     rand.New(rand.NewPCG(uint64(opts.Seed), 0x7374_6174_7574_6521)), // "statute!"
		today: opts.Today,
		nhs:   map[string]bool{},
		keys:  map[string]bool{},
	}
	cases := make([]*cdop.Case, 0, opts.Years*opts.PerYear)
	// A few deaths of the last days, so that a panel of any size has cases
	// just notified and at immediate decisions.
	recent := min(opts.PerYear/10, max(2, opts.PerYear/50))
	for y := 0; y < opts.Years; y++ {
		for i := 0; i < opts.PerYear; i++ {
			death := opts.Today.AddDays(-(y*365 + g.r.IntN(365)))
			switch {
			case y > 0 || i >= recent:
			case i == 0:
				death = opts.Today.AddDays(-g.r.IntN(2)) // still at notified
			case i == 1:
				death = opts.Today.AddDays(-g.between(4, 6)) // at immediate decisions
			default:
				death = opts.Today.AddDays(-g.r.IntN(14))
			}
			if n := len(cases); n > 0 && i > 0 && g.twinNext(cases[n-1]) {
				cases = append(cases, g.twinOf(cases[n-1]))
				continue
			}
			cases = append(cases, g.newCase(death))
		}
	}
	sort.SliceStable(cases, func(i, j int) bool { return cases[i].DateOfDeath.Before(cases[j].DateOfDeath) })
	g.voidAndTransfer(cases)
	return cases
}

// withDefaults fills the options left zero.
func (opts Options) withDefaults() Options {
	if opts.Years <= 0 {
		opts.Years = 5
	}
	if opts.PerYear <= 0 {
		opts.PerYear = 60
	}
	if opts.Today.IsZero() {
		opts.Today = cdop.Today(cdop.SystemClock{})
	}
	return opts
}

type weighted[T any] struct {
	value  T
	weight float64
}

type generator struct {
	r     *rand.Rand
	d     *rand.Rand // a second stream, for what leaves the cases' main stream alone (see aside)
	s     *rand.Rand // a third, for the statutory dataset's items (see statutory)
	today cdop.Date
	nhs   map[string]bool // NHS numbers given out
	keys  map[string]bool // duplicate keys (names and dates) given out
}

// choose returns one of the values, with the chance of its weight.
func choose[T any](g *generator, items []weighted[T]) T {
	total := 0.0
	for _, it := range items {
		total += it.weight
	}
	x := g.r.Float64() * total
	for _, it := range items {
		if x < it.weight {
			return it.value
		}
		x -= it.weight
	}
	return items[len(items)-1].value
}

func pick[T any](g *generator, items []T) T { return items[g.r.IntN(len(items))] }

func (g *generator) chance(p float64) bool { return g.r.Float64() < p }

// between returns a whole number from lo to hi inclusive.
func (g *generator) between(lo, hi int) int { return lo + g.r.IntN(hi-lo+1) }

func (g *generator) newCase(death cdop.Date) *cdop.Case {
	cat := g.category()
	band := g.band(cat)
	cond := g.condition(cat, band)

	c := cdop.NewCase()
	c.DateOfDeath = death
	c.DateOfBirth = g.birth(death, band)
	c.Sex = g.sex(cond, band)
	g.identify(c, band)
	if g.chance(0.85) {
		c.TimeOfDeath = fmt.Sprintf("%02d:%02d", g.r.IntN(24), g.r.IntN(60))
	}

	expected := g.chance(cond.expected)
	c.Expected = map[bool]string{true: "expected", false: "unexpected"}[expected]
	c.PlaceOfDeath = g.place(cat, cond, expected)
	c.Summary = cond.summary
	if c.NHSNumberStatus == "non_resident" {
		c.Summary = "Visiting the area. " + c.Summary
	}
	g.notify(c, cat, cond, expected)
	g.review(c, cat, cond, expected)
	return c
}

func (g *generator) category() *category {
	items := make([]weighted[*category], len(categories))
	for i := range categories {
		items[i] = weighted[*category]{&categories[i], categories[i].weight}
	}
	return choose(g, items)
}

func (g *generator) band(cat *category) int {
	items := make([]weighted[int], len(cat.bands))
	for b, w := range cat.bands {
		items[b] = weighted[int]{b, w}
	}
	return choose(g, items)
}

// condition picks one of the category's conditions that occurs at the age.
func (g *generator) condition(cat *category, band int) condition {
	var fit []condition
	for _, cond := range cat.conditions {
		for _, b := range cond.bands {
			if b == band {
				fit = append(fit, cond)
				break
			}
		}
	}
	if len(fit) == 0 {
		panic(fmt.Sprintf("demo: category %d has no condition for age band %d", cat.number, band))
	}
	return pick(g, fit)
}

// birth returns a date of birth giving an age at death in the band.
func (g *generator) birth(death cdop.Date, band int) cdop.Date {
	for {
		var dob cdop.Date
		switch band {
		case neonatal:
			// Most neonatal deaths happen in the first days.
			days := choose(g, []weighted[int]{{0, 35}, {g.between(1, 6), 35}, {g.between(7, 27), 30}})
			dob = death.AddDays(-days)
		case infant:
			dob = death.AddDays(-g.between(28, 364))
		default:
			lo := map[int]int{age1to4: 1, age5to9: 5, age10to14: 10, age15to17: 15}[band]
			years := g.between(lo, lo+4)
			if band == age15to17 {
				years = g.between(15, 17)
			}
			dob = cdop.NewDate(death.Year()-years, death.Month(), death.Day()).AddDays(-g.r.IntN(365))
		}
		if cdop.AgeAt(dob, death).Band() == cdop.AgeBands[band] {
			return dob
		}
	}
}

func (g *generator) sex(cond condition, band int) string {
	switch {
	case cond.sex != "":
		return cond.sex
	case band == neonatal && g.chance(0.005):
		return "indeterminate"
	case g.chance(0.56):
		return "male"
	}
	return "female"
}

// identify gives the child a name, an NHS number (or why there is none),
// an ethnic category and an address, none of them a duplicate's.
func (g *generator) identify(c *cdop.Case, band int) {
	bg := g.background()
	c.Ethnicity = choose(g, bg.ethnicity)
	for {
		c.FirstName, c.LastName = g.name(bg, c.Sex, band, c.DateOfBirth.DaysUntil(c.DateOfDeath) == 0)
		if k := c.DuplicateKey(); !g.keys[k] {
			g.keys[k] = true
			break
		}
	}
	switch x := g.r.Float64(); {
	case x < 0.03:
		c.NHSNumberStatus = "non_resident"
		c.Ethnicity = choose(g, []weighted[string]{{c.Ethnicity, 60}, {"Z", 40}})
		return // no address in England
	case x < 0.08:
		c.NHSNumberStatus = "not_available"
	default:
		c.NHSNumber = g.nhsNumber()
	}
	la := g.localAuthority(bg)
	c.ResidenceLA = la.code
	c.Postcode = fmt.Sprintf("%s %d%c%c", pick(g, la.districts), g.r.IntN(10),
		inwardLetters[g.r.IntN(len(inwardLetters))], inwardLetters[g.r.IntN(len(inwardLetters))])
	if g.chance(0.97) {
		c.IMDDecile = choose(g, imdDeciles)
	}
}

func (g *generator) background() *background {
	items := make([]weighted[*background], len(backgrounds))
	for i := range backgrounds {
		items[i] = weighted[*background]{&backgrounds[i], backgrounds[i].weight}
	}
	return choose(g, items)
}

// name returns first and last names for a child of the background; a baby
// who died on the day of birth is sometimes registered as "Baby".
func (g *generator) name(bg *background, sex string, band int, diedAtBirth bool) (first, last string) {
	female := sex == "female" || (sex != "male" && g.chance(0.5))
	if female {
		first = pick(g, bg.girls)
	} else {
		first = pick(g, bg.boys)
	}
	if band == neonatal && diedAtBirth && g.chance(0.3) {
		first = "Baby"
	}
	last = pick(g, bg.last)
	if m, f, ok := strings.Cut(last, "/"); ok {
		last = m
		if female {
			last = f
		}
	}
	return first, last
}

// nhsNumber returns an unused NHS number from the never-issued 999 range.
func (g *generator) nhsNumber() string {
	for {
		first9 := fmt.Sprintf("999%06d", g.r.IntN(1_000_000))
		check, ok := cdop.NHSCheckDigit(first9)
		if !ok {
			continue
		}
		n := fmt.Sprintf("%s%d", first9, check)
		if !g.nhs[n] {
			g.nhs[n] = true
			return n
		}
	}
}

func (g *generator) localAuthority(bg *background) *localAuthority {
	items := make([]weighted[*localAuthority], len(localAuthorities))
	for i := range localAuthorities {
		w := localAuthorities[i].weight
		if bg.nearBigLAs && (localAuthorities[i].name == "Bradford" || localAuthorities[i].name == "Kirklees") {
			w *= 3
		}
		items[i] = weighted[*localAuthority]{&localAuthorities[i], w}
	}
	return choose(g, items)
}

func (g *generator) place(cat *category, cond condition, expected bool) string {
	switch {
	case cond.place != "":
		return cond.place
	case expected:
		return choose(g, []weighted[string]{{"hospital", 70}, {"hospice", 15}, {"home", 15}})
	}
	switch cat.number {
	case 10:
		return choose(g, []weighted[string]{{"home", 55}, {"hospital", 40}, {"other_residence", 5}})
	case 3:
		return choose(g, []weighted[string]{{"public_place", 45}, {"hospital", 45}, {"home", 5}, {"other", 5}})
	case 2:
		return choose(g, []weighted[string]{{"home", 45}, {"public_place", 30}, {"other_residence", 10}, {"hospital", 10}, {"other", 5}})
	case 1:
		return choose(g, []weighted[string]{{"hospital", 60}, {"home", 30}, {"public_place", 10}})
	}
	return choose(g, []weighted[string]{{"hospital", 85}, {"home", 12}, {"public_place", 3}})
}
