package demo

import (
	"fmt"
	"strings"

	"casemanager/cdop"
)

// statutory fills the items of the statutory dataset a panel records
// beside the flowchart: the child's scope and home, the family, who
// notified, safeguarding status, the coroner, post-mortem and inquest, and
// the NCMD submission. It draws from a stream of its own, so the cases'
// other values are those the same seed gave before these items were.
func (g *generator) statutory(c *cdop.Case, cat *category, cond condition) {
	g.drawFrom(g.s, func() {
		g.scope(c, cat)
		g.safeguarding(c, cat)
		g.family(c)
		g.notifier(c)
		g.coroner(c, cond)
		g.ncmd(c)
	})
}

// panelsOfResidence are the panels a non-resident child's death is
// reported to.
var panelsOfResidence = []string{"Greater Manchester CDOP", "North Yorkshire CDOP", "Lancashire and South Cumbria CDOP",
	"South Yorkshire CDOP", "Cumbria CDOP", "Derbyshire CDOP"}

// scope records whether the child lived in the area and, for a baby, the
// birth: gestation and birthweight.
func (g *generator) scope(c *cdop.Case, cat *category) {
	c.Residency = "resident"
	if c.NHSNumberStatus == "non_resident" || c.ResidenceLA == "" {
		c.Residency, c.PanelOfResidence = "non_resident", pick(g, panelsOfResidence)
	}
	if c.Age().Years >= 1 {
		return
	}
	c.BirthOutcome = "live_birth"
	weeks := g.between(37, 41)
	if cat.number == 8 || g.chance(0.25) {
		weeks = g.between(23, 36) // born early
	}
	// Roughly the median birthweight of the week, give or take a sixth.
	grams := map[bool]int{true: 80 * (weeks - 15), false: 3000 + 120*(weeks-37)}[weeks < 37]
	grams = grams * g.between(84, 116) / 100
	_ = c.Set("gestation_weeks", fmt.Sprint(weeks))
	_ = c.Set("birth_weight_grams", fmt.Sprint(min(max(grams, cdop.MinBirthWeight), cdop.MaxBirthWeight)))
}

var (
	streets      = []string{"Acre Lane", "Beech Grove", "Chapel Street", "Dale View", "Elm Terrace", "Fern Road", "Granby Mount", "Hillside Avenue", "Oak Crescent", "Victoria Road"}
	towns        = map[string]string{"E08000035": "Leeds", "E08000032": "Bradford", "E08000034": "Huddersfield", "E08000036": "Wakefield", "E08000033": "Halifax"}
	practices    = []string{"Park View Surgery", "Riverside Medical Centre", "The Grange Practice", "Hillside Family Practice", "Market Street Surgery", "Moorland Health Centre"}
	adultFemales = []string{"Anna", "Amira", "Chloe", "Fatima", "Gemma", "Joanna", "Ngozi", "Priya", "Rebecca", "Sadia", "Zofia"}
	adultMales   = []string{"Adam", "Bilal", "Daniel", "Imran", "James", "Kwame", "Mark", "Piotr", "Tomasz", "Wayne"}
	siblingNames = []string{"Aisha", "Ben", "Ellie", "Harvey", "Isla", "Kacper", "Leo", "Maya", "Noah", "Ruby"}
)

// family records the home, the GP, the parents and any brothers and sisters.
func (g *generator) family(c *cdop.Case) {
	if c.Postcode != "" {
		_ = c.Set("address", fmt.Sprintf("%d %s\n%s %s", g.between(1, 180), pick(g, streets), towns[c.ResidenceLA], c.Postcode))
		_ = c.Set("gp_practice", pick(g, practices)+", "+towns[c.ResidenceLA])
	}
	parents := []string{pick(g, adultFemales) + " " + c.LastName + " (mother)"}
	if g.chance(0.75) {
		parents = append(parents, pick(g, adultMales)+" "+c.LastName+" (father)")
	}
	_ = c.Set("parents", strings.Join(parents, cdop.ListSeparator))
	if n := choose(g, []weighted[int]{{0, 40}, {1, 35}, {2, 18}, {3, 7}}); n > 0 {
		var sibs []string
		for range n {
			sibs = append(sibs, fmt.Sprintf("%s %s (%d)", pick(g, siblingNames), c.LastName, g.between(1, 16)))
		}
		_ = c.Set("siblings", strings.Join(sibs, cdop.ListSeparator))
	}
}

// notifier records who told the panel of the death: the hospital for a
// death there, the police for one elsewhere unexpected, else the GP.
func (g *generator) notifier(c *cdop.Case) {
	who, agency := "Dr "+pick(g, adultFemales)+" Shah, consultant paediatrician", "Leeds Teaching Hospitals NHS Trust"
	switch {
	case c.PlaceOfDeath == "hospice":
		who, agency = pick(g, adultFemales)+" Clarke, hospice nurse", "Martin House Children's Hospice"
	case c.PlaceOfDeath != "hospital" && c.Expected == "unexpected":
		who, agency = "DS "+pick(g, adultMales)+" Lowe", "West Yorkshire Police"
	case c.PlaceOfDeath != "hospital":
		who, agency = "Dr "+pick(g, adultMales)+" Okafor, GP", pick(g, practices)
	}
	_ = c.Set("notifier", who)
	_ = c.Set("notifier_agency", agency)
}

// safeguarding records whether the child was looked after or on a child
// protection plan, and when the local authority became aware of the
// incident whose abuse or neglect it notified the national panel of.
func (g *generator) safeguarding(c *cdop.Case, cat *category) {
	if c.Stage == cdop.StageNotified && c.AbuseNeglectSuspected == "" {
		return // not yet asked
	}
	c.LookedAfter, c.ChildProtectionPlan = "no", "no"
	lac := map[bool]float64{true: 0.12, false: 0.02}[cat.number <= 2]
	switch {
	case g.chance(lac):
		c.LookedAfter = "yes"
		if on := c.DateOfDeath.AddDays(g.between(1, 7)); !on.After(g.today) && g.chance(0.9) {
			c.LACNotifiedOn = on
		}
	case g.chance(0.02):
		c.LookedAfter = "not_known"
	}
	if c.AbuseNeglectSuspected == "yes" && g.chance(0.35) {
		c.ChildProtectionPlan = "yes"
	}
	if c.AbuseNeglectSuspected == "yes" {
		// Usually aware at the notification; now and then later, when the
		// post-mortem or the police raised the concern.
		c.LAAwareOn = c.NotifiedOn
		if !c.CSPRPNotifiedOn.IsZero() && g.chance(0.3) {
			c.LAAwareOn = latest(c.NotifiedOn, c.CSPRPNotifiedOn.AddDays(-g.between(0, 3)))
		}
	}
}

var (
	coronerAreas       = []string{"West Yorkshire (Eastern)", "West Yorkshire (Western)"}
	inquestConclusions = []string{"Accident", "Natural causes", "Narrative conclusion", "Open conclusion", "Road traffic collision", "Suicide", "Unlawful killing"}
)

// coroner records the coroner's area and when the death was referred, the
// post-mortem and when its report reached the panel (before the child
// death review meeting), and the inquest's opening and conclusion.
func (g *generator) coroner(c *cdop.Case, cond condition) {
	if c.CoronerReferred == "no" {
		_ = c.Set("mccd_cause", "1a "+cond.cause) // the doctor certified the death
	}
	if c.CoronerReferred == "yes" {
		_ = c.Set("coroner_area", pick(g, coronerAreas))
		c.CoronerReferredOn = earliest(c.NotifiedOn, c.DateOfDeath.AddDays(g.between(0, 1)))
	}
	if c.PostMortem == "yes" {
		if on := c.DateOfDeath.AddDays(g.between(2, 7)); !on.After(g.today) {
			c.PostMortemOn = on
			c.PostMortemReportReceivedOn = g.postMortemReport(c)
		}
	}
	if c.Inquest == "pending" || c.Inquest == "yes" {
		if on := c.DateOfDeath.AddDays(g.between(3, 14)); !on.After(g.today) {
			c.InquestOpenedOn = on
		}
		if c.Inquest == "yes" && !c.InquestOpenedOn.IsZero() {
			last := c.CDOPReviewOn.AddDays(-7)
			c.InquestConcludedOn = latest(c.InquestOpenedOn, earliest(last, c.InquestOpenedOn.AddDays(g.between(90, 500))))
			_ = c.Set("inquest_conclusion", pick(g, inquestConclusions))
			_ = c.Set("pfd_report", map[bool]string{true: "yes", false: "no"}[g.chance(0.12)])
		}
	}
}

// postMortemReport returns when the post-mortem's report reached the panel:
// before a meeting held or booked, a few weeks to months after the
// post-mortem otherwise, or not yet.
func (g *generator) postMortemReport(c *cdop.Case) cdop.Date {
	earliestOn := c.PostMortemOn.AddDays(14)
	switch {
	case !c.CDRMOn.IsZero() && !c.CDRMOn.After(g.today):
		return earliest(c.CDRMOn, latest(earliestOn, c.CDRMOn.AddDays(-g.between(7, 40))))
	case !c.CDRMOn.IsZero():
		if on := latest(earliestOn, c.PostMortemOn.AddDays(g.between(40, 90))); !on.After(g.today) {
			return earliest(on, c.CDRMOn)
		}
	default:
		if on := c.PostMortemOn.AddDays(g.between(40, 120)); !on.After(g.today) && g.chance(0.7) {
			return on
		}
	}
	return cdop.Date{}
}

// ncmd records the submission to NCMD of most cases the panel has signed
// off, a few weeks after; the newest wait to be submitted.
func (g *generator) ncmd(c *cdop.Case) {
	if c.Stage != cdop.StageClosed || !g.chance(0.9) {
		return
	}
	if on := c.Analysis.SignedOffOn.AddDays(g.between(3, 30)); !on.After(g.today) {
		c.NCMDSubmittedOn, c.NCMDSubmittedBy = on, "cdop.coordinator"
	}
}

// twinNext reports whether the next case is the twin of c: now and then,
// of a baby who died in the first days.
func (g *generator) twinNext(c *cdop.Case) bool {
	var twin bool
	g.drawFrom(g.s, func() {
		twin = c.Age().Days < 7 && c.BirthOutcome == "live_birth" && c.Counted() && g.chance(0.08)
	})
	return twin
}

// twinOf returns the twin of c: born and died the same days, of the same
// family and address, each with their own NHS number (or, with none, the
// coordinator's reason they are two children) and first name.
func (g *generator) twinOf(c *cdop.Case) *cdop.Case {
	t := c.Clone()
	g.drawFrom(g.s, func() {
		if g.chance(0.5) {
			t.Sex = map[string]string{"male": "female", "female": "male"}[c.Sex]
			if t.Sex == "" {
				t.Sex = c.Sex
			}
		}
		names := map[bool][]string{true: {"Amara", "Isla", "Maja", "Zara"}, false: {"Ezra", "Kacper", "Noah", "Idris"}}[t.Sex == "female"]
		for t.FirstName = pick(g, names); t.FirstName == c.FirstName; t.FirstName = pick(g, names) {
		}
		if c.NHSNumber != "" {
			t.NHSNumber = g.nhsNumber()
		} else {
			t.DistinctReason = "Twin of " + c.FirstName + ": the maternity unit confirmed two births"
		}
	})
	return t
}

// voidAndTransfer makes, among the newest cases, a notification logged in
// error (voided with its reason) and a non-resident child's case handed to
// the panel of the child's area, when there are such cases to choose.
func (g *generator) voidAndTransfer(cases []*cdop.Case) {
	early := func(c *cdop.Case) bool {
		return c.Counted() && (c.Stage == cdop.StageNotified || c.Stage == cdop.StageImmediateDecisions || c.Stage == cdop.StageInformationGathering)
	}
	voided, transferred := false, false
	g.drawFrom(g.s, func() {
		for i := len(cases) - 1; i >= 0 && !(voided && transferred); i-- {
			c := cases[i]
			switch {
			case !early(c):
			case !transferred && c.Residency == "non_resident" && c.NotifiedOn.AddDays(3).Before(g.today):
				c.TransferredTo, c.TransferredOn = c.PanelOfResidence, c.NotifiedOn.AddDays(g.between(1, 3))
				transferred = true
			case !voided && c.Residency == "resident" && g.chance(0.3):
				c.VoidedReason = pick(g, []string{"Logged in error: the hospital notified the same death twice under another spelling",
					"Logged in error: the child is alive (the wrong patient record was notified)"})
				voided = true
			}
		}
	})
}
