package demo_test

import (
	"math"
	"reflect"
	"strings"
	"testing"
	"unicode"

	"casemanager/cdop"
	"casemanager/demo"
)

var today = cdop.MustParseDate("2026-03-15")

// large is enough cases for the proportions to settle: 20 years of 300,
// so nearly every case has reached the panel's analysis.
var large = demo.Generate(demo.Options{Years: 20, PerYear: 300, Seed: 7, Today: today})

func share(n, of int) float64 { return float64(n) / float64(of) }

func TestGenerateIsValidAndHasNoDuplicates(t *testing.T) {
	cases := demo.Generate(demo.Options{Years: 10, PerYear: 60, Seed: 1, Today: today})
	if got, want := len(cases), 600; got != want {
		t.Fatalf("got %d cases, want %d", got, want)
	}
	for i, c := range cases {
		if err := c.ValidateOn(today); err != nil {
			t.Errorf("case %d (%s) is invalid:\n%v", i, c.FullName(), err)
		}
		if c.Ref != "" || c.ID != "" {
			t.Errorf("case %d has ref %q, id %q; want both blank for the store", i, c.Ref, c.ID)
		}
		if i > 0 && c.DateOfDeath.Before(cases[i-1].DateOfDeath) {
			t.Errorf("case %d died before case %d; want the oldest death first", i, i-1)
		}
		for j := 0; j < i; j++ {
			if reason := c.DuplicateReason(cases[j]); reason != "" {
				t.Errorf("cases %d and %d are duplicates: %s", j, i, reason)
			}
		}
	}
}

func TestGenerateManyHasNoDuplicates(t *testing.T) {
	// The same test as DuplicateReason, by its two keys, for 5,000 cases.
	cases := demo.Generate(demo.Options{Years: 5, PerYear: 1000, Seed: 2, Today: today})
	if len(cases) != 5000 {
		t.Fatalf("got %d cases, want 5000", len(cases))
	}
	nhs, keys := map[string]int{}, map[string]int{}
	for i, c := range cases {
		if err := c.ValidateOn(today); err != nil {
			t.Errorf("case %d (%s) is invalid:\n%v", i, c.FullName(), err)
		}
		if c.NHSNumber != "" {
			if j, ok := nhs[c.NHSNumber]; ok {
				t.Errorf("cases %d and %d share NHS number %s", j, i, c.NHSNumber)
			}
			nhs[c.NHSNumber] = i
		}
		k := c.DuplicateKey()
		if k == "" {
			t.Fatalf("case %d has no duplicate key", i)
		}
		if j, ok := keys[k]; ok {
			t.Errorf("cases %d and %d are duplicates: %s", j, i, c.DuplicateReason(cases[j]))
		}
		keys[k] = i
	}
}

func TestGenerateIsDeterministic(t *testing.T) {
	opts := demo.Options{Years: 3, PerYear: 60, Seed: 42, Today: today}
	a, b := demo.Generate(opts), demo.Generate(opts)
	if !reflect.DeepEqual(a, b) {
		t.Error("two runs with the same seed differ")
	}
	opts.Seed = 43
	if reflect.DeepEqual(a, demo.Generate(opts)) {
		t.Error("two seeds gave the same cases")
	}
}

func TestGenerateDefaults(t *testing.T) {
	if got, want := len(demo.Generate(demo.Options{Seed: 1, Today: today})), 5*60; got != want {
		t.Errorf("got %d cases by default, want %d", got, want)
	}
}

func TestGenerateAgeBands(t *testing.T) {
	want := map[cdop.AgeBand]float64{
		cdop.AgeBandNeonatal: 0.40, cdop.AgeBandInfant: 0.20, cdop.AgeBand1to4: 0.10,
		cdop.AgeBand5to9: 0.07, cdop.AgeBand10to14: 0.09, cdop.AgeBand15to17: 0.14,
	}
	count := map[cdop.AgeBand]int{}
	for _, c := range large {
		count[c.Age().Band()]++
	}
	for band, w := range want {
		if got := share(count[band], len(large)); math.Abs(got-w) > 0.03 {
			t.Errorf("age band %s: %.1f%% of deaths, want about %.0f%%", band, 100*got, 100*w)
		}
	}
}

func TestGenerateCategories(t *testing.T) {
	want := map[int]float64{8: 0.30, 7: 0.25, 5: 0.10, 6: 0.08, 4: 0.07, 10: 0.07, 3: 0.05, 9: 0.04, 2: 0.03, 1: 0.01}
	count, analysed := map[int]int{}, 0
	for _, c := range large {
		if c.Analysis.Category != 0 {
			count[c.Analysis.Category]++
			analysed++
		}
	}
	if analysed < len(large)*9/10 {
		t.Fatalf("only %d of %d cases have a category", analysed, len(large))
	}
	for cat, w := range want {
		if got := share(count[cat], analysed); math.Abs(got-w) > math.Max(0.025, w/4) {
			t.Errorf("category %d: %.1f%% of analysed deaths, want about %.0f%%", cat, 100*got, 100*w)
		}
	}
	// Suicide is mostly among older teenagers.
	older := 0
	for _, c := range large {
		if c.Analysis.Category == 2 && c.Age().Band() == cdop.AgeBand15to17 {
			older++
		}
		if c.Analysis.Category == 2 && c.Age().Years < 10 {
			t.Errorf("%s: suicide at %s", c.FullName(), c.Age())
		}
	}
	if got := share(older, count[2]); got < 0.65 {
		t.Errorf("%.0f%% of suicides at 15-17, want most", 100*got)
	}
}

func TestGenerateNHSNumbers(t *testing.T) {
	status := map[string]int{}
	for _, c := range large {
		if c.NHSNumber == "" {
			status[c.NHSNumberStatus]++
			continue
		}
		if !strings.HasPrefix(c.NHSNumber, "999") {
			t.Fatalf("%s: NHS number %s is outside the never-issued 999 range", c.FullName(), c.NHSNumber)
		}
		if err := cdop.CheckNHSNumber(c.NHSNumber); err != nil {
			t.Fatalf("%s: %v", c.FullName(), err)
		}
	}
	if status["not_available"] == 0 || status["non_resident"] == 0 {
		t.Errorf("statuses instead of NHS numbers: %v; want some of each", status)
	}
	if without := status["not_available"] + status["non_resident"]; share(without, len(large)) > 0.15 {
		t.Errorf("%d of %d cases have no NHS number; want most to have one", without, len(large))
	}
}

func TestGenerateIsConsistent(t *testing.T) {
	places, deprived, affluent := map[string]int{}, 0, 0
	las := map[string]bool{"Leeds": true, "Bradford": true, "Kirklees": true, "Wakefield": true, "Calderdale": true}
	outcomes := map[string]int{}
	closed := 0
	for _, c := range large {
		name := c.FullName()
		cat := c.Analysis.Category
		if c.Expected == "expected" && (cat == 1 || cat == 2 || cat == 3 || cat == 10) {
			t.Errorf("%s: category %d death recorded as expected", name, cat)
		}
		if (c.Expected == "unexpected") != (c.JAR == "yes") || (c.JAR == "yes") != (c.JARReason != "") {
			t.Errorf("%s: expected %q, jar %q, reason %q", name, c.Expected, c.JAR, c.JARReason)
		}
		if cat == 1 && c.AbuseNeglectSuspected != "yes" {
			t.Errorf("%s: abuse category without abuse suspected", name)
		}
		if d := c.DateOfDeath.DaysUntil(c.NotifiedOn); d < 0 || d > 2 {
			t.Errorf("%s: notified %d days after the death", name, d)
		}
		for _, on := range []cdop.Date{c.NotifiedOn, c.CDRMOn, c.CDOPReviewOn, c.CSPRPNotifiedOn, c.RapidReviewCompletedOn} {
			if on.After(today) {
				t.Errorf("%s: date %s after today", name, on)
			}
		}
		since := c.DateOfDeath.DaysUntil(today)
		switch {
		case since > 270 && c.Stage != cdop.StageClosed:
			t.Errorf("%s: died %d days ago and still at %s", name, since, c.Stage)
		case since < 2 && c.Stage != cdop.StageNotified:
			t.Errorf("%s: died %d days ago and already at %s", name, since, c.Stage)
		}
		if c.Stage == cdop.StageClosed {
			closed++
			outcomes[c.Analysis.Modifiable]++
			if d := c.DateOfDeath.DaysUntil(c.CDRMOn); d < 75 || d > 110 {
				t.Errorf("%s: child death review meeting %d days after the death", name, d)
			}
			if d := c.DateOfDeath.DaysUntil(c.CDOPReviewOn); d < 120 || d > 275 {
				t.Errorf("%s: panel review %d days after the death", name, d)
			}
			if c.Analysis.CauseOfDeath == "" || len(c.Analysis.Learning) == 0 {
				t.Errorf("%s: closed without cause of death or learning", name)
			}
		}
		if c.Stage != cdop.StageClosed && c.Stage != cdop.StageCDOPReview && cat != 0 {
			t.Errorf("%s: category %d before the meeting", name, cat)
		}
		places[c.PlaceOfDeath]++
		if c.NHSNumberStatus == "non_resident" {
			if c.Postcode != "" || c.ResidenceLA != "" {
				t.Errorf("%s: non-resident with an address %q, %q", name, c.Postcode, c.ResidenceLA)
			}
			continue
		}
		if !las[c.ResidenceLA] || c.Postcode == "" {
			t.Errorf("%s: residence %q, postcode %q", name, c.ResidenceLA, c.Postcode)
		}
		switch {
		case c.IMDDecile >= 1 && c.IMDDecile <= 3:
			deprived++
		case c.IMDDecile >= 8:
			affluent++
		}
	}
	if got := share(places["hospital"], len(large)); got < 0.55 {
		t.Errorf("%.0f%% died in hospital, want most", 100*got)
	}
	if deprived < 2*affluent {
		t.Errorf("%d in the 3 most deprived deciles, %d in the 3 least; want deaths skewed to deprivation", deprived, affluent)
	}
	if got := share(outcomes["identified"], closed); got < 0.2 || got > 0.5 {
		t.Errorf("modifiable factors identified in %.0f%% of closed cases, want 20-50%%", 100*got)
	}
	if outcomes["none"] == 0 || outcomes["insufficient_information"] == 0 {
		t.Errorf("outcomes %v; want every kind", outcomes)
	}
}

func TestGenerateRecentCasesAreInEarlierStages(t *testing.T) {
	stages := map[cdop.Stage]int{}
	for _, c := range demo.Generate(demo.Options{Years: 1, PerYear: 1000, Seed: 3, Today: today}) {
		stages[c.Stage]++
	}
	for _, s := range cdop.Stages {
		if stages[cdop.Stage(s.Code)] == 0 {
			t.Errorf("no case at stage %s in a year of deaths: %v", s.Code, stages)
		}
	}
}

func TestGenerateNamesFromManyBackgrounds(t *testing.T) {
	ethnicities := map[string]bool{}
	accented := 0
	names := map[string]bool{}
	for _, c := range large {
		ethnicities[c.Ethnicity] = true
		if strings.IndexFunc(c.FirstName+c.LastName, func(r rune) bool { return r > unicode.MaxASCII }) >= 0 {
			accented++
		}
		names[c.FirstName] = true
		names[c.LastName] = true
		for _, word := range strings.FieldsFunc(c.Summary, func(r rune) bool { return !unicode.IsLetter(r) }) {
			if word == c.FirstName || word == c.LastName {
				t.Errorf("summary %q names the child", c.Summary)
			}
		}
	}
	if len(ethnicities) < 15 {
		t.Errorf("only %d ethnic categories: %v", len(ethnicities), ethnicities)
	}
	if got := share(accented, len(large)); got < 0.05 {
		t.Errorf("%.1f%% of names have letters beyond ASCII, want more", 100*got)
	}
	for _, want := range []string{"Zoë", "Siobhán", "Łukasz", "Nguyễn", "Özlem", "João", "Ó Súilleabháin", "Wiśniewska", "Ștefan", "Yılmaz"} {
		if !names[want] {
			t.Errorf("no child called %s", want)
		}
	}
}
