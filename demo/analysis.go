package demo

import (
	"strings"

	"casemanager/cdop"
)

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
// then, as in historical data, only the first factor of the first such
// domain is marked, where the outcome was recorded without going through
// the factors; at least one is always marked, so the analysis is consistent.
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
		entry := &c.Analysis.Domains[scored[0]]
		entry.Modifiable = entry.Factors[:1:1]
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
