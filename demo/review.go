package demo

import (
	"slices"
	"strings"

	"casemanager/cdop"
)

// notify fills in the notification and the immediate decisions: who was
// told when, the Joint Agency Response, safeguarding and the coroner.
func (g *generator) notify(c *cdop.Case, cat *category, cond condition, expected bool) {
	c.NotifiedOn = g.notCoveringToday(c.DateOfDeath.AddDays(choose(g, []weighted[int]{{0, 55}, {1, 35}, {2, 10}})))

	c.AbuseNeglectSuspected = "no"
	if g.chance(cat.abuse) {
		c.AbuseNeglectSuspected = "yes"
		// The local authority tells the national panel within 5 working
		// days; a rapid review follows within 15 working days of that.
		if on := c.NotifiedOn.AddDays(g.between(1, 6)); !on.After(g.today) {
			c.CSPRPNotifiedOn = on
			if rr := on.AddDays(g.between(12, 21)); !rr.After(g.today) {
				c.RapidReviewCompletedOn = rr
			}
		}
	}

	g.jar(c, cat, cond, expected)

	c.CoronerReferred = "no"
	c.PostMortem = "no"
	if !expected || g.chance(0.05) {
		c.CoronerReferred = "yes"
		if cat.number == 10 || g.chance(0.85) {
			c.PostMortem = "yes"
		}
	} else if g.chance(0.03) {
		c.PostMortem = "yes" // a hospital post-mortem with the parents' consent
	}
}

// jar decides the Joint Agency Response and ticks its triggers. Most
// unexpected deaths have one; an unexpected death in hospital from the
// sudden worsening of a known condition often does not, and now and then
// an expected death has one when something about it raises concern.
func (g *generator) jar(c *cdop.Case, cat *category, cond condition, expected bool) {
	c.JAR, c.JARReason, c.JARTriggers = "no", "", nil
	var triggers []string
	switch {
	case expected:
		if !g.chance(0.012) {
			return
		}
		triggers = []string{choose(g, []weighted[string]{{"suspicious", 60}, {"external_cause", 40}})}
	case cat.number >= 4 && cat.number <= 9 && c.PlaceOfDeath == "hospital" && g.chance(0.2):
		return // a known condition's sudden deterioration on the ward
	default:
		triggers = []string{cat.jarReason}
		switch {
		case cat.number == 1 && cond.cause != "Neglect":
			triggers = append(triggers, "external_cause")
		case cat.number == 2 && c.Age().Years >= 16 && g.chance(0.05):
			triggers = append(triggers, "custody_or_detention") // detained under the Mental Health Act
		case cat.number == 3 && g.chance(0.08):
			triggers = append(triggers, "suspicious")
		}
		if c.AbuseNeglectSuspected == "yes" {
			triggers = append(triggers, "suspicious")
		}
	}
	c.JAR = "yes"
	c.JARTriggers = inJAROrder(triggers)
	c.JARReason = c.JARTriggers[0]
}

// inJAROrder returns the triggers without repeats, in cdop.JARReasons order.
func inJAROrder(triggers []string) []string {
	var out []string
	for _, code := range cdop.JARReasons.Codes() {
		if slices.Contains(triggers, code) {
			out = append(out, code)
		}
	}
	return out
}

// notCoveringToday returns d, or Today when d is later.
func (g *generator) notCoveringToday(d cdop.Date) cdop.Date {
	if d.After(g.today) {
		return g.today
	}
	return d
}

// earliest returns the earliest of the dates.
func earliest(d cdop.Date, more ...cdop.Date) cdop.Date {
	for _, o := range more {
		if o.Before(d) {
			d = o
		}
	}
	return d
}

// latest returns the latest of the dates.
func latest(d cdop.Date, more ...cdop.Date) cdop.Date {
	for _, o := range more {
		if o.After(d) {
			d = o
		}
	}
	return d
}

// cdrmNotHeld are reasons a panel gives for reviewing an expected death
// without a child death review meeting.
var cdrmNotHeld = []string{
	"Expected death; the palliative care team's end-of-life review took the place of a meeting",
	"Expected death from a known condition; the designated doctor agreed no meeting was needed",
	"Agencies' reports were complete and the family asked for no meeting",
}

// review moves the case along the flowchart as far as the time since the
// death allows: a child death review meeting about three months after it,
// the panel's review four to nine months after (later when an inquest is
// awaited), for a closed case the panel's full analysis with its factors
// coded from the catalogue, and for most cases awaiting the panel's review
// the meeting's draft of it (see draft). A case waiting
// for an inquest, a criminal trial or a safeguarding review can stay open
// well over a year.
func (g *generator) review(c *cdop.Case, cat *category, cond condition, expected bool) {
	inquest := c.CoronerReferred == "yes" && c.PostMortem == "yes" &&
		(cat.number <= 3 || cat.number == 10 || g.chance(0.2))
	// A long wait: most inquests into children's deaths take over a year;
	// criminal proceedings and practice reviews hold the panel up too.
	long := (inquest && g.chance(0.8)) || (c.AbuseNeglectSuspected == "yes" && g.chance(0.5))

	cdrm := c.DateOfDeath.AddDays(g.between(75, 110))
	panel := c.DateOfDeath.AddDays(g.between(120, 270))
	if inquest {
		panel = c.DateOfDeath.AddDays(g.between(180, 270))
	}
	if long {
		panel = c.DateOfDeath.AddDays(g.between(380, 900))
		if g.chance(0.1) {
			panel = c.DateOfDeath.AddDays(g.between(900, 1400))
		}
		if g.chance(0.3) {
			// The meeting waits for the post-mortem report or the trial;
			// every agency's report is in long before.
			cdrm = c.DateOfDeath.AddDays(g.between(200, c.DateOfDeath.DaysUntil(panel)-28))
		}
	}
	if panel.Before(cdrm.AddDays(28)) {
		panel = cdrm.AddDays(28)
	}
	// The case moves to the meeting's stage once every report is in, a
	// month before the meeting or, when it waits, long before.
	cdrmStage := min(c.DateOfDeath.DaysUntil(cdrm)-28, g.between(100, 160))
	since := c.DateOfDeath.DaysUntil(g.today)
	notifiedFor := choose(g, []weighted[int]{{2, 60}, {3, 25}, {4, 15}})
	decidingFor := g.between(7, 16)

	switch {
	case !panel.After(g.today):
		c.Stage = cdop.StageClosed
		c.CDRMOn, c.CDOPReviewOn = cdrm, panel
	case !cdrm.After(g.today):
		c.Stage = cdop.StageCDOPReview
		c.CDRMOn = cdrm
		if !long && g.today.DaysUntil(panel) <= 42 && g.chance(0.6) {
			c.CDOPReviewOn = panel // the panel meeting is booked
		}
	case since >= cdrmStage:
		c.Stage = cdop.StageCDRM
		if g.today.DaysUntil(cdrm) <= 28 && g.chance(0.75) {
			c.CDRMOn = cdrm // booked with a month's notice
		}
	case since >= decidingFor:
		c.Stage = cdop.StageInformationGathering
	case since >= notifiedFor:
		c.Stage = cdop.StageImmediateDecisions
	default:
		c.Stage = cdop.StageNotified
	}
	if c.Stage != cdop.StageNotified {
		c.KeyWorker = g.keyWorker(c, cat)
	}

	c.Inquest = "no"
	if inquest {
		c.Inquest = "pending"
		if c.Stage == cdop.StageClosed {
			c.Inquest = "yes"
		}
	}

	// Some expected deaths go to the panel without a meeting.
	if expected && !long && (c.Stage == cdop.StageCDOPReview || c.Stage == cdop.StageClosed) && g.chance(0.08) {
		c.CDRMOn = cdop.Date{}
		c.CDRMNotHeldReason = pick(g, cdrmNotHeld)
	}

	switch c.Stage {
	case cdop.StageNotified:
		g.undecided(c)
	case cdop.StageImmediateDecisions:
		if g.chance(0.4) {
			c.PostMortem, c.Inquest = "", "" // the coroner has not yet decided
		}
	case cdop.StageCDOPReview:
		// The meeting has drafted the category and cause for the panel.
		c.Analysis.Category = cat.number
		c.Analysis.CauseOfDeath = cond.cause
		g.draft(c, cat, cond)
	case cdop.StageClosed:
		g.analyse(c, cat, cond)
		g.aside(func() { g.code(c, cond) })
		c.Analysis.SignedOffOn = c.CDOPReviewOn
	}
	if c.Stage != cdop.StageNotified {
		g.parallelReviews(c, cat, cond)
	}
	g.familyTold(c)
	g.statutory(c, cat, cond)
}

// undecided leaves a just-notified case's immediate decisions blank, as
// they mostly are before the first discussion.
func (g *generator) undecided(c *cdop.Case) {
	if !g.chance(0.6) {
		return
	}
	c.JAR, c.JARReason, c.JARTriggers = "", "", nil
	c.AbuseNeglectSuspected, c.CSPRPNotifiedOn, c.RapidReviewCompletedOn = "", cdop.Date{}, cdop.Date{}
	c.CoronerReferred, c.PostMortem, c.Inquest = "", "", ""
}

// parallelReviews ticks the other reviews running alongside: the perinatal
// mortality review for nearly every neonatal death, LeDeR for a child with
// a learning disability, now and then a safeguarding practice review after
// abuse and an NHS serious incident review.
func (g *generator) parallelReviews(c *cdop.Case, cat *category, cond condition) {
	var kinds []string
	age := c.Age()
	switch band := age.Band(); {
	case band == cdop.AgeBandNeonatal && g.chance(0.9):
		kinds = append(kinds, "pmrt")
	case band == cdop.AgeBandInfant && cat.number == 8 && g.chance(0.3):
		kinds = append(kinds, "pmrt") // died after neonatal care
	}
	if age.Years >= 4 {
		p := map[int]float64{6: 0.25, 7: 0.12, 5: 0.02}[cat.number]
		if strings.Contains(cond.cause, "cerebral palsy") {
			p = 0.5
		}
		if g.chance(p) {
			kinds = append(kinds, "leder")
		}
	}
	if !c.RapidReviewCompletedOn.IsZero() && g.chance(0.3) {
		kinds = append(kinds, "lcspr")
	}
	si := 0.01
	switch {
	case cond.cause == "Complication of surgery":
		si = 0.5
	case cat.number == 8 && c.PlaceOfDeath == "hospital" && !strings.HasPrefix(cond.cause, "Extreme"):
		si = 0.15
	case cat.number == 9 || cat.number == 5:
		si = 0.05
	}
	if g.chance(si) {
		kinds = append(kinds, "nhs_serious_incident")
	}
	if cond.cause == "Hypoxic-ischaemic encephalopathy" && g.chance(0.4) {
		kinds = append(kinds, "other")
		c.ParallelReviewOther = "Maternity and newborn safety investigation"
	}
	c.ParallelReviews = nil
	for _, code := range cdop.ParallelReviewKinds.Codes() {
		if slices.Contains(kinds, code) {
			c.ParallelReviews = append(c.ParallelReviews, code)
		}
	}
}

// familyTold records when the key worker told the family about the child
// death review meeting, the panel's review and its outcome; a few families
// ask not to be contacted.
func (g *generator) familyTold(c *cdop.Case) {
	if c.KeyWorker == "" || g.chance(0.08) {
		return
	}
	if !c.CDRMOn.IsZero() && g.chance(0.92) {
		if on := latest(c.NotifiedOn, c.CDRMOn.AddDays(-g.between(14, 35))); !on.After(g.today) {
			c.FamilyToldCDRMOn = on
		}
	}
	if !c.CDOPReviewOn.IsZero() && g.chance(0.9) {
		if on := latest(c.NotifiedOn, c.CDRMOn, c.CDOPReviewOn.AddDays(-g.between(14, 42))); !on.After(g.today) {
			c.FamilyToldCDOPReviewOn = on
		}
	}
	if c.Stage == cdop.StageClosed && g.chance(0.9) {
		if on := c.CDOPReviewOn.AddDays(g.between(5, 40)); !on.After(g.today) {
			c.FamilyToldOutcomeOn = on
		}
	}
}
