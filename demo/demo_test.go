package demo_test

import (
	"math"
	"reflect"
	"slices"
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
	nhs, keys, twins := map[string]int{}, map[string]int{}, 0
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
		// Only twins share a key: each with an NHS number of their own, or
		// confirmed two children.
		if j, ok := keys[k]; ok {
			twins++
			if c.DuplicateReason(cases[j]) != "" {
				t.Errorf("cases %d and %d are duplicates: %s", j, i, c.DuplicateReason(cases[j]))
			}
		}
		keys[k] = i
	}
}

// The demo shows what the statutory dataset adds: twins, a voided
// notification, a transferred case, inquests that hold the review up, and
// the coroner's, family's and NCMD's items filled in.
func TestGenerateStatutoryDataset(t *testing.T) {
	var twins, voided, transferred, inquestOpen, inquestDone, reports, submitted, parents, lac int
	keys := map[string]*cdop.Case{}
	for _, c := range large {
		if o := keys[c.DuplicateKey()]; o != nil {
			twins++
			if o.FirstName == c.FirstName || c.Compare(o).Refused() {
				t.Errorf("twins %s and %s: %+v", o.FullName(), c.FullName(), c.Compare(o))
			}
		}
		keys[c.DuplicateKey()] = c
		switch {
		case c.Voided():
			voided++
		case c.Transferred():
			transferred++
			if c.TransferredTo != c.PanelOfResidence {
				t.Errorf("%s transferred to %q, not the panel of residence %q", c.FullName(), c.TransferredTo, c.PanelOfResidence)
			}
		}
		if !c.InquestOpenedOn.IsZero() && c.InquestConcludedOn.IsZero() {
			inquestOpen++
		}
		if !c.InquestConcludedOn.IsZero() {
			inquestDone++
		}
		if !c.PostMortemReportReceivedOn.IsZero() {
			reports++
		}
		if !c.NCMDSubmittedOn.IsZero() {
			submitted++
		}
		if c.Get("parents") != "" {
			parents++
		}
		if c.LookedAfter == "yes" {
			lac++
		}
		if err := c.CDRMHeldTooEarly(today); err != nil {
			t.Errorf("%s: %v", c.FullName(), err)
		}
	}
	if twins == 0 || voided != 1 || transferred != 1 || inquestOpen == 0 || inquestDone == 0 || reports == 0 || submitted == 0 || lac == 0 || parents != len(large) {
		t.Errorf("twins %d, voided %d, transferred %d, inquests open %d and concluded %d, post-mortem reports %d, submitted to NCMD %d, looked after %d, parents %d of %d",
			twins, voided, transferred, inquestOpen, inquestDone, reports, submitted, lac, parents, len(large))
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
	las := map[string]bool{"E08000035": true, "E08000032": true, "E08000034": true, "E08000036": true, "E08000033": true} // Leeds, Bradford, Kirklees, Wakefield, Calderdale
	outcomes := map[string]int{}
	closed := 0
	for _, c := range large {
		name := c.FullName()
		cat := c.Analysis.Category
		if c.Expected == "expected" && (cat == 1 || cat == 2 || cat == 3 || cat == 10) {
			t.Errorf("%s: category %d death recorded as expected", name, cat)
		}
		if (c.JAR == "yes") != (c.JARReason != "") || (c.JAR == "yes") != (len(c.JARTriggers) > 0) ||
			(c.JAR == "yes" && c.JARTriggers[0] != c.JARReason) {
			t.Errorf("%s: jar %q, reason %q, triggers %q", name, c.JAR, c.JARReason, c.JARTriggers)
		}
		if cat == 1 && c.AbuseNeglectSuspected != "yes" {
			t.Errorf("%s: abuse category without abuse suspected", name)
		}
		if d := c.DateOfDeath.DaysUntil(c.NotifiedOn); d < 0 || d > 2 {
			t.Errorf("%s: notified %d days after the death", name, d)
		}
		for _, on := range []cdop.Date{c.NotifiedOn, c.CSPRPNotifiedOn, c.RapidReviewCompletedOn, c.FamilyToldCDRMOn,
			c.FamilyToldCDOPReviewOn, c.FamilyToldOutcomeOn, c.Analysis.SignedOffOn} {
			if on.After(today) {
				t.Errorf("%s: date %s after today", name, on)
			}
		}
		// Only a booked meeting lies ahead, within six weeks.
		if c.CDRMOn.After(today) && (c.Stage != cdop.StageCDRM || today.DaysUntil(c.CDRMOn) > 28) {
			t.Errorf("%s: at %s with a meeting on %s", name, c.Stage, c.CDRMOn)
		}
		if c.CDOPReviewOn.After(today) && (c.Stage != cdop.StageCDOPReview || today.DaysUntil(c.CDOPReviewOn) > 42) {
			t.Errorf("%s: at %s with a panel review on %s", name, c.Stage, c.CDOPReviewOn)
		}
		since := c.DateOfDeath.DaysUntil(today)
		switch {
		case since > 270 && c.Stage != cdop.StageClosed && c.Stage != cdop.StageCDRM && c.Stage != cdop.StageCDOPReview:
			t.Errorf("%s: died %d days ago and still at %s", name, since, c.Stage)
		case since > 270 && c.Stage != cdop.StageClosed && c.Inquest != "pending" && c.AbuseNeglectSuspected != "yes":
			t.Errorf("%s: died %d days ago, still open, with nothing to wait for", name, since)
		case since < 2 && c.Stage != cdop.StageNotified:
			t.Errorf("%s: died %d days ago and already at %s", name, since, c.Stage)
		}
		if c.CDRMNotHeldReason != "" && (!c.CDRMOn.IsZero() || c.Expected != "expected" ||
			(c.Stage != cdop.StageCDOPReview && c.Stage != cdop.StageClosed)) {
			t.Errorf("%s: no meeting (%q) for a %s death at %s, meeting on %s", name, c.CDRMNotHeldReason, c.Expected, c.Stage, c.CDRMOn)
		}
		if c.Stage == cdop.StageClosed {
			closed++
			outcomes[c.Analysis.Modifiable]++
			if d := c.DateOfDeath.DaysUntil(c.CDRMOn); c.CDRMNotHeldReason == "" && (d < 75 || d > 1400) {
				t.Errorf("%s: child death review meeting %d days after the death", name, d)
			}
			if d := c.DateOfDeath.DaysUntil(c.CDOPReviewOn); d < 120 || d > 1400 {
				t.Errorf("%s: panel review %d days after the death", name, d)
			}
			if c.Analysis.CauseOfDeath == "" || len(c.Analysis.Learning) == 0 {
				t.Errorf("%s: closed without cause of death or learning", name)
			}
			if c.Analysis.SignedOffOn != c.CDOPReviewOn {
				t.Errorf("%s: analysis signed off on %s, panel review on %s", name, c.Analysis.SignedOffOn, c.CDOPReviewOn)
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

func TestGenerateSomeOldCasesStayOpen(t *testing.T) {
	// Inquests, trials and practice reviews keep some cases open for well
	// over a year: about one in eight of those one to two years old.
	open, all := map[int]int{}, map[int]int{}
	waiting := 0
	cases := demo.Generate(demo.Options{Years: 6, PerYear: 2000, Seed: 8, Today: today})
	for _, c := range cases {
		years := c.DateOfDeath.DaysUntil(today) / 365
		all[years]++
		if c.Stage == cdop.StageClosed || years == 0 {
			continue
		}
		open[years]++
		if c.Stage != cdop.StageCDRM && c.Stage != cdop.StageCDOPReview {
			t.Errorf("%s: died %d years ago, at %s", c.FullName(), years, c.Stage)
		}
		if c.Inquest == "pending" {
			waiting++
		}
	}
	oneYear, twoYears := share(open[1], all[1]), share(open[2], all[2])
	older := 0
	for y := 3; y < 6; y++ {
		older += open[y]
	}
	t.Logf("open: %.1f%% at 1-2 years, %.1f%% at 2-3, %d older", 100*oneYear, 100*twoYears, older)
	if oneYear < 0.09 || oneYear > 0.16 {
		t.Errorf("%.1f%% of deaths 1-2 years ago are open; want 10-15%%", 100*oneYear)
	}
	if twoYears == 0 || twoYears >= oneYear/2 {
		t.Errorf("%.1f%% of deaths 2-3 years ago are open; want a few, fewer than at 1-2", 100*twoYears)
	}
	if share(older, len(cases)-all[0]-all[1]-all[2]) > 0.01 {
		t.Errorf("%d deaths over 3 years ago are open; want hardly any", older)
	}
	if total := open[1] + open[2] + older; share(waiting, total) < 0.6 {
		t.Errorf("%d of %d cases open after a year await an inquest; want most", waiting, total)
	}
}

func TestGenerateJointAgencyResponses(t *testing.T) {
	var unexpected, unexpectedJAR, expected, expectedJAR int
	triggers := map[string]int{}
	for _, c := range large {
		switch c.Expected {
		case "unexpected":
			if c.JAR == "" {
				continue // not yet decided
			}
			unexpected++
			if c.JAR == "yes" {
				unexpectedJAR++
			} else if c.PlaceOfDeath != "hospital" {
				t.Errorf("%s: unexpected death at %s without a JAR", c.FullName(), c.PlaceOfDeath)
			}
		case "expected":
			if c.JAR == "" {
				continue
			}
			expected++
			if c.JAR == "yes" {
				expectedJAR++
			}
		}
		for i, tr := range c.JARTriggers {
			triggers[tr]++
			if i > 0 && slices.Index(cdop.JARReasons.Codes(), tr) <= slices.Index(cdop.JARReasons.Codes(), c.JARTriggers[i-1]) {
				t.Errorf("%s: triggers %q out of order", c.FullName(), c.JARTriggers)
			}
		}
		if c.AbuseNeglectSuspected == "yes" && c.JAR == "yes" && !slices.Contains(c.JARTriggers, "suspicious") {
			t.Errorf("%s: abuse suspected, triggers %q", c.FullName(), c.JARTriggers)
		}
	}
	t.Logf("JAR for %d of %d unexpected deaths, %d of %d expected; triggers %v", unexpectedJAR, unexpected, expectedJAR, expected, triggers)
	if got := share(unexpectedJAR, unexpected); got < 0.8 || got > 0.97 {
		t.Errorf("JAR for %.0f%% of unexpected deaths; want most, not all", 100*got)
	}
	if got := share(expectedJAR, expected); expectedJAR == 0 || got > 0.03 {
		t.Errorf("JAR for %.1f%% of expected deaths; want very few", 100*got)
	}
	for _, code := range cdop.JARReasons.Codes()[:4] {
		if triggers[code] == 0 {
			t.Errorf("no JAR triggered by %s", code)
		}
	}
}

func TestGenerateParallelReviews(t *testing.T) {
	var neonates, pmrt, leder, lcspr, si, decided int
	for _, c := range large {
		if c.Stage == cdop.StageNotified {
			if len(c.ParallelReviews) > 0 {
				t.Errorf("%s: parallel reviews before any decision", c.FullName())
			}
			continue
		}
		decided++
		if c.Age().Band() == cdop.AgeBandNeonatal {
			neonates++
			if slices.Contains(c.ParallelReviews, "pmrt") {
				pmrt++
			}
		}
		if (c.ParallelReviewOther != "") != slices.Contains(c.ParallelReviews, "other") {
			t.Errorf("%s: reviews %q, other %q", c.FullName(), c.ParallelReviews, c.ParallelReviewOther)
		}
		for _, r := range c.ParallelReviews {
			switch r {
			case "pmrt":
				if c.Age().Days >= 365 {
					t.Errorf("%s: perinatal mortality review at %s", c.FullName(), c.Age())
				}
			case "leder":
				leder++
				if c.Age().Years < 4 {
					t.Errorf("%s: LeDeR review at %s", c.FullName(), c.Age())
				}
			case "lcspr":
				lcspr++
				if c.AbuseNeglectSuspected != "yes" {
					t.Errorf("%s: practice review without abuse suspected", c.FullName())
				}
			case "nhs_serious_incident":
				si++
			}
		}
	}
	t.Logf("PMRT for %d of %d neonatal deaths; LeDeR %d, LCSPR %d, serious incident %d of %d", pmrt, neonates, leder, lcspr, si, decided)
	if got := share(pmrt, neonates); got < 0.8 {
		t.Errorf("PMRT for %.0f%% of neonatal deaths; want nearly all", 100*got)
	}
	for name, n := range map[string]int{"LeDeR": leder, "LCSPR": lcspr, "serious incident": si} {
		if n == 0 || share(n, decided) > 0.05 {
			t.Errorf("%s reviews for %d of %d cases; want a few", name, n, decided)
		}
	}
}

func TestGenerateFamilyToldAndMeetingsNotHeld(t *testing.T) {
	var notHeld, toldOutcome, closed int
	for _, c := range large {
		name := c.FullName()
		if !c.FamilyToldCDRMOn.IsZero() && (c.CDRMOn.IsZero() || c.FamilyToldCDRMOn.After(c.CDRMOn) || c.FamilyToldCDRMOn.Before(c.NotifiedOn)) {
			t.Errorf("%s: told of the meeting on %s; meeting %s", name, c.FamilyToldCDRMOn, c.CDRMOn)
		}
		if !c.FamilyToldCDOPReviewOn.IsZero() && (c.CDOPReviewOn.IsZero() || c.FamilyToldCDOPReviewOn.After(c.CDOPReviewOn)) {
			t.Errorf("%s: told of the panel review on %s; review %s", name, c.FamilyToldCDOPReviewOn, c.CDOPReviewOn)
		}
		if !c.FamilyToldOutcomeOn.IsZero() && (c.Stage != cdop.StageClosed || c.FamilyToldOutcomeOn.Before(c.CDOPReviewOn)) {
			t.Errorf("%s: told the outcome on %s; review %s, stage %s", name, c.FamilyToldOutcomeOn, c.CDOPReviewOn, c.Stage)
		}
		if c.Stage == cdop.StageClosed {
			closed++
			if c.CDRMNotHeldReason != "" {
				notHeld++
			}
			if !c.FamilyToldOutcomeOn.IsZero() {
				toldOutcome++
			}
		}
	}
	if got := share(notHeld, closed); notHeld == 0 || got > 0.08 {
		t.Errorf("no meeting for %.1f%% of closed cases; want a few", 100*got)
	}
	if got := share(toldOutcome, closed); got < 0.7 || got > 0.95 {
		t.Errorf("family told the outcome in %.0f%% of closed cases; want most", 100*got)
	}
}

func TestGenerateRecentCasesByDefault(t *testing.T) {
	// Even a small panel has a case just notified and one at immediate decisions.
	for seed := int64(1); seed <= 5; seed++ {
		stages := map[cdop.Stage]int{}
		undecided := 0
		for _, c := range demo.Generate(demo.Options{Seed: seed, Today: today}) {
			stages[c.Stage]++
			if c.JAR == "" {
				undecided++
			}
			if c.JAR == "" && c.Stage != cdop.StageNotified {
				t.Errorf("%s: no JAR decision at %s", c.FullName(), c.Stage)
			}
		}
		if stages[cdop.StageNotified] == 0 || stages[cdop.StageImmediateDecisions] == 0 {
			t.Errorf("seed %d: stages %v; want cases at notified and immediate decisions", seed, stages)
		}
	}
}
