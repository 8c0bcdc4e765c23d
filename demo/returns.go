package demo

import (
	"hash/fnv"
	"math/rand/v2"
	"strconv"

	"casemanager/cdop"
)

// Return returns what the agency of a received request returned, as a
// coordinator would have typed it: every item of the request's form
// answered — a yes or no, a choice, "not known" or "not applicable" where
// an agency would say so, dates between the death and the reply, and typed
// text from a bank of plain phrases naming no one. A return of about one
// request in five is left part-answered (the agency sent it incomplete).
// Nil for a request not received. The same case, request and seed give
// the same return.
func Return(c *cdop.Case, r cdop.AgencyRequest, index int, seed int64) *cdop.AgencyReturn {
	form, ok := cdop.ReturnFormFor(r.Form)
	if !ok || r.ReceivedOn.IsZero() {
		return nil
	}
	h := fnv.New64a()
	h.Write([]byte(c.Ref + "/" + strconv.Itoa(index) + "/" + r.Form))
	g := &generator{r: rand.New(rand.NewPCG(uint64(seed), h.Sum64()))}
	out := &cdop.AgencyReturn{RequestID: r.ID, CaseID: c.ID, Form: r.Form, Answers: map[string]string{}}
	partial := g.chance(0.2)
	for _, it := range form.Items() {
		if partial && g.chance(0.3) {
			continue
		}
		if v := demoAnswer(g, it, c.DateOfDeath, r.ReceivedOn); v != "" {
			out.Answers[it.ID] = v
		}
	}
	return out
}

// phrases are typed answers that name no one and date nothing.
var phrases = []string{
	"No concerns were known to the agency.",
	"Seen regularly; growth and development within the expected range.",
	"The family engaged well with the service.",
	"Two appointments were missed in the year before the death; both were rebooked.",
	"Information shared with the health visitor as agreed.",
	"Advice given and recorded in the notes.",
	"Referred on the same day; seen within the target time.",
	"Nothing further to add to the notification.",
	"Records reviewed by the safeguarding lead; no gaps identified.",
	"The service has since reviewed its guidance on this.",
}

func demoAnswer(g *generator, it cdop.ReturnItem, death, received cdop.Date) string {
	if it.Withheld {
		return "" // who completed the form: left for the coordinator
	}
	if g.chance(0.12) {
		return cdop.AnswerNotKnown
	}
	switch it.Kind {
	case cdop.ItemYesNo:
		return pick(g, []string{"yes", "no", "no"})
	case cdop.ItemChoice:
		return pick(g, it.Choices).Code
	case cdop.ItemDate:
		span := max(death.DaysUntil(received), 0)
		return death.AddDays(g.between(0, span)).String()
	case cdop.ItemInteger:
		return strconv.Itoa(g.between(it.Min, it.Max))
	}
	if g.chance(0.15) {
		return cdop.AnswerNotApplicable
	}
	return pick(g, phrases)
}
