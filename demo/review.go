package demo

import (
	"strings"

	"casemanager/cdop"
)

// notify fills in the notification and the immediate decisions: who was
// told when, the Joint Agency Response, safeguarding and the coroner.
func (g *generator) notify(c *cdop.Case, cat *category, expected bool) {
	c.NotifiedOn = g.notCoveringToday(c.DateOfDeath.AddDays(choose(g, []weighted[int]{{0, 55}, {1, 35}, {2, 10}})))

	c.JAR = "no"
	if !expected {
		c.JAR = "yes"
		c.JARReason = cat.jarReason
		if cat.number == 2 && c.Age().Years >= 16 && g.chance(0.05) {
			c.JARReason = "custody_or_detention" // detained under the Mental Health Act
		}
	}

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

// notCoveringToday returns d, or Today when d is later.
func (g *generator) notCoveringToday(d cdop.Date) cdop.Date {
	if d.After(g.today) {
		return g.today
	}
	return d
}

// review moves the case along the flowchart as far as the time since the
// death allows: a child death review meeting about three months after it,
// the panel's review four to nine months after (later when an inquest is
// awaited), and for a closed case the panel's full analysis.
func (g *generator) review(c *cdop.Case, cat *category, cond condition, expected bool) {
	inquest := c.CoronerReferred == "yes" && c.PostMortem == "yes" &&
		(cat.number <= 3 || cat.number == 10 || g.chance(0.2))
	cdrm := c.DateOfDeath.AddDays(g.between(75, 110))
	panel := c.DateOfDeath.AddDays(g.between(120, 270))
	if inquest {
		panel = c.DateOfDeath.AddDays(g.between(180, 270))
	}
	if panel.Before(cdrm.AddDays(28)) {
		panel = cdrm.AddDays(28)
	}
	since := c.DateOfDeath.DaysUntil(g.today)

	switch {
	case !panel.After(g.today):
		c.Stage = cdop.StageClosed
		c.CDRMOn, c.CDOPReviewOn = cdrm, panel
	case !cdrm.After(g.today):
		c.Stage = cdop.StageCDOPReview
		c.CDRMOn = cdrm
	case since >= c.DateOfDeath.DaysUntil(cdrm)-28:
		c.Stage = cdop.StageCDRM
	case since >= 7:
		c.Stage = cdop.StageInformationGathering
	case since >= 2:
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

	switch c.Stage {
	case cdop.StageCDOPReview:
		// The meeting has drafted the category and cause for the panel.
		c.Analysis.Category = cat.number
		c.Analysis.CauseOfDeath = cond.cause
	case cdop.StageClosed:
		g.analyse(c, cat, cond)
	}
}

// keyWorker names the role of the family's key worker; maternity and
// neonatal staff support the families of babies only.
func (g *generator) keyWorker(c *cdop.Case, cat *category) string {
	baby := c.Age().Days < 365
	var roles []string
	for _, r := range cat.keyWorker {
		if baby || !(strings.Contains(r, "Neonatal") || strings.Contains(r, "midwife")) {
			roles = append(roles, r)
		}
	}
	if len(roles) == 0 {
		return "Child death review nurse"
	}
	return pick(g, roles)
}

// analyse fills in the panel's analysis form for a closed case.
func (g *generator) analyse(c *cdop.Case, cat *category, cond condition) {
	a := &c.Analysis
	a.Category = cat.number
	a.CauseOfDeath = cond.cause

	for d := range a.Domains {
		switch {
		case g.chance(0.03):
			g.score(c, cat, cond, d, 0)
		case g.chance(cat.scoredTwo[d]):
			g.score(c, cat, cond, d, 2)
		default:
			g.score(c, cat, cond, d, 1)
		}
	}
	if intrinsic := &a.Domains[0]; cond.factor != "" && *intrinsic.Score == 2 {
		// The condition itself is the first factor intrinsic to the child.
		intrinsic.Factors = addFactor([]string{cond.factor}, intrinsic.Factors...)
	}

	insufficient := false
	for _, d := range a.Domains {
		insufficient = insufficient || *d.Score == 0
	}
	switch {
	case insufficient && g.chance(0.3):
		a.Modifiable = "insufficient_information"
		a.Learning = []string{"Ask every agency for its report before the meeting is booked"}
	case g.chance(cat.modifiable):
		a.Modifiable = "identified"
		g.markModifiable(c, cat, cond)
		a.Learning = g.learning(cat, cond)
	default:
		a.Modifiable = "none"
		a.Learning = []string{"No new learning"}
		if g.chance(0.3) {
			a.Learning = []string{pick(g, goodPractice)}
		}
	}
}

// learning returns one or two learning points for modifiable factors,
// those of the condition first.
func (g *generator) learning(cat *category, cond condition) []string {
	points := cond.learning
	if len(points) == 0 || g.chance(0.25) {
		points = cat.learning
	}
	out := []string{pick(g, points)}
	if g.chance(0.3) {
		out = addFactor(out, pick(g, append(append([]string(nil), cond.learning...), cat.learning...)))
	}
	return out
}

// score scores a domain and lists the factors found in it: one or two that
// may have contributed for a 2, sometimes one that did not for a 1.
func (g *generator) score(c *cdop.Case, cat *category, cond condition, d, score int) {
	entry := &c.Analysis.Domains[d]
	entry.Score = cdop.ScoreOf(score)
	entry.Factors = nil
	pool := cat.pool(cond, d)
	switch {
	case score == 2:
		entry.Factors = []string{pick(g, pool)}
		if g.chance(0.3) {
			entry.Factors = addFactor(entry.Factors, pick(g, pool))
		}
	case score == 1 && g.chance(0.2):
		entry.Factors = []string{pick(g, pool)}
	}
}

// markModifiable chooses the factors judged modifiable, from the domains
// outside the child (B, C, D) scored 2, scoring one 2 if none is. Now and
// then only the case outcome is recorded, as in historical data.
func (g *generator) markModifiable(c *cdop.Case, cat *category, cond condition) {
	var scored []int
	for d := 1; d < 4; d++ {
		if *c.Analysis.Domains[d].Score == 2 {
			scored = append(scored, d)
		}
	}
	if len(scored) == 0 {
		d := 1 + g.r.IntN(3)
		g.score(c, cat, cond, d, 2)
		scored = []int{d}
	}
	if g.chance(0.1) {
		return
	}
	for _, d := range scored {
		entry := &c.Analysis.Domains[d]
		if d == scored[0] || g.chance(0.4) {
			entry.Modifiable = []string{pick(g, entry.Factors)}
		}
	}
}

// addFactor appends items to list, leaving out those already listed.
func addFactor(list []string, items ...string) []string {
	for _, it := range items {
		found := false
		for _, have := range list {
			found = found || have == it
		}
		if !found {
			list = append(list, it)
		}
	}
	return list
}
