package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"

	"casemanager/cdop"
)

// learningAgency names the agency a panel asks to act on each of the demo's
// learning points; a point not listed goes to the hospital trust.
var learningAgency = map[string]string{
	"Give safer sleep advice at every contact, especially after discharge":    agencyCommunity,
	"Ask about sofa sleeping and alcohol explicitly":                          agencyCommunity,
	"Include partners and grandparents in safer sleep conversations":          agencyCommunity,
	"Offer smoking cessation support at booking and every visit":              agencyPublic,
	"Share advance care plans with ambulance and out-of-hours services":       agencyAmbulance,
	"Keep emergency regimen letters with families and on hospital systems":    agencyHospital,
	"Act on referral letters within the agreed time":                          agencyHospital,
	"Review the asthma plan after every emergency attendance":                 agencyGP,
	"Teach families the warning signs of diabetic ketoacidosis":               agencyHospital,
	"Prescribe two adrenaline auto-injectors and check they are carried":      agencyGP,
	"Agree an emergency health care plan for every child with complex needs":  agencyCommunity,
	"Discuss night-time seizure safety with families":                         agencyHospital,
	"Refresh families' central line care training":                            agencyCommunity,
	"Share end-of-life care plans with out-of-hours services":                 agencyHospice,
	"Consider a brain tumour when headaches and vomiting persist (HeadSmart)": agencyGP,
	"Refer persistent bone pain in a teenager for imaging":                    agencyGP,
	"Offer bereavement support to witnesses and friends":                      agencyBereavement,
	"Review the crossing with the highways authority":                         agencyPublic,
	"Promote the correct use of child car seats":                              agencyPublic,
	"Teach water safety before the summer holidays":                           agencySchools,
	"Warn parents never to leave a baby alone in the bath":                    agencyCommunity,
	"Fit window restrictors in social housing":                                agencyPublic,
	"Fit safety cleats for blind cords in social housing":                     agencyPublic,
	"Promote helmet use and cycle training":                                   agencySchools,
	"Give written safety-netting advice":                                      agencyGP,
	"Offer catch-up immunisations":                                            agencyGP,
	"Share safeguarding information between agencies promptly":                agencySocialCare,
	"Escalate repeated no-access visits":                                      agencySocialCare,
	"Assess the risk from a new adult in the household":                       agencySocialCare,
	"Teach parents how to cope with a crying baby":                            agencyCommunity,
	"Offer a trusted adult to children at risk of exploitation":               agencySocialCare,
	"Think about the children when an adult is in a mental health crisis":     agencySocialCare,
	"Share safety plans between school, GP and CAMHS":                         agencyCAMHS,
	"Ask about online harms in every assessment":                              agencyCAMHS,
	"Offer support to siblings and friends after a death":                     agencySchools,
}

// theme is a theme across cases the panel makes recommendations about: the
// cases it covers, and what it asks of which agency.
type theme struct {
	name    string
	covers  func(c *cdop.Case) bool
	actions [][2]string // agency, action
}

var themes = []theme{
	{
		name: "Safe sleep",
		covers: func(c *cdop.Case) bool {
			return hasCode(c, "B02") || hasCode(c, "C01") || (c.Analysis.Category == 10 && c.Age().Days < 365)
		},
		actions: [][2]string{
			{agencyCommunity, "Repeat a safer sleep assessment at every health visitor contact in the first year, asking about sofa sleeping and alcohol, with partners and grandparents"},
			{agencyHospital, "Check every family's plan for where the baby will sleep before discharge from the postnatal ward"},
			{agencyPublic, "Run a safer sleep campaign through the family hubs each winter"},
		},
	},
	{
		name: "Transition to adult services",
		covers: func(c *cdop.Case) bool {
			cat := c.Analysis.Category
			return hasCode(c, "D06") || ((cat == 6 || cat == 7) && c.Age().Years >= 13)
		},
		actions: [][2]string{
			{agencyHospital, "Start transition planning by the age of 14 for every young person with a life-limiting condition, and audit it each year"},
			{agencyCommunity, "Name a transition key worker for each young person moving to adult community services"},
		},
	},
	{
		name:   "Recognising the seriously ill child",
		covers: func(c *cdop.Case) bool { return hasCode(c, "D01") },
		actions: [][2]string{
			{agencyHospital, "Audit the use of the paediatric early warning score and the sepsis screening tool in the emergency department"},
			{agencyGP, "Give families of acutely unwell children written safety-netting advice at every appointment"},
		},
	},
	{
		name:   "Sharing information between agencies",
		covers: func(c *cdop.Case) bool { return hasCode(c, "D02") || hasCode(c, "D08") },
		actions: [][2]string{
			{agencySocialCare, "Agree with health and police how safeguarding information is shared within one working day"},
		},
	},
}

// hasCode reports whether a case's analysis has a factor coded so.
func hasCode(c *cdop.Case, code string) bool {
	return slices.ContainsFunc(c.Analysis.FactorDetails, func(d cdop.FactorDetail) bool { return d.Code == code })
}

// plannedRecommendation is a recommendation Load stores, with the progress
// recorded on it since.
type plannedRecommendation struct {
	rec     cdop.Recommendation // without its agency's ID and its cases' IDs
	cases   []*cdop.Case
	since   cdop.Date // the latest panel review of its cases: when it was made
	updates []cdop.RecommendationUpdate
}

// Notes of the progress agencies report.
var (
	progressNotes = []string{
		"Action plan agreed; a lead has been named",
		"Guidance being revised; a draft has been shared with the panel",
		"Training planned for the next quarter",
		"Audit under way; first results expected soon",
		"Discussed at the agency's safeguarding committee; work has started",
	}
	delayNotes = []string{
		"Delayed by staffing pressures; a new date is being agreed with the panel chair",
		"Waiting for the regional guidance this depends on",
	}
	doneNotes = []string{
		"Completed: guidance updated and staff briefed",
		"Completed: a re-audit shows the change in place",
		"Completed: training delivered to the teams concerned",
		"Completed: evidence sent to the panel and accepted",
	}
)

const (
	chaseNote       = "Chased by the CDOP coordinator; no reply yet"
	notAcceptedNote = "Not accepted: the agency says its current pathway already covers this; the panel has asked for assurance instead"
)

// planRecommendations plans the panel's recommendations from its closed
// cases: two or three themes across cases (those with at least two recent
// cases), each asking one to three agencies to act, and one from each of
// cases with modifiable factors reviewed in the last two years (three when
// there are too few), taken at random (a case sharing its learning with
// another joins that one's recommendation), up to 20–26 in all. Each is due three to eight months after the review; those
// long past due are mostly done, the others open or in progress, some
// overdue, one not accepted, with the updates that brought each to its
// status.
func planRecommendations(cases []*cdop.Case, seed int64, today cdop.Date) []*plannedRecommendation {
	g := &generator{r: rand.New(rand.NewPCG(uint64(seed), 0x7265_636f_6d6d_656e)), today: today} // "recommen"
	var closed []*cdop.Case
	for _, c := range cases {
		if c.Stage == cdop.StageClosed && !c.CDOPReviewOn.IsZero() && !c.CDOPReviewOn.After(today) {
			closed = append(closed, c)
		}
	}
	// The most recently reviewed first.
	slices.SortStableFunc(closed, func(a, b *cdop.Case) int { return b.CDOPReviewOn.Time().Compare(a.CDOPReviewOn.Time()) })
	target := g.between(20, 26)

	var out []*plannedRecommendation
	themed := map[*cdop.Case]bool{}
	themesUsed := 0
	for _, th := range themes {
		if themesUsed == 3 {
			break
		}
		var covered []*cdop.Case
		for _, c := range closed {
			if th.covers(c) && c.CDOPReviewOn.DaysUntil(today) <= 3*365 && len(covered) < 6 {
				covered = append(covered, c)
			}
		}
		if len(covered) < 2 {
			continue
		}
		themesUsed++
		since := covered[0].CDOPReviewOn
		due := since.AddDays(g.between(120, 240))
		for _, c := range covered {
			themed[c] = true
		}
		for _, act := range th.actions {
			out = append(out, &plannedRecommendation{
				rec:   cdop.Recommendation{Theme: th.name, Agency: act[0], Action: act[1], DueOn: due, CreatedOn: since},
				cases: covered, since: since,
			})
		}
	}

	// From cases of the last two years taken at random, so that their
	// recommendations fall due over the whole time, then, for a panel short
	// of them, from cases of the last three.
	byAction := map[string]*plannedRecommendation{}
	used := map[*cdop.Case]bool{}
	for _, within := range []int{2 * 365, 3 * 365} {
		var eligible []*cdop.Case
		for _, c := range closed {
			if !themed[c] && !used[c] && c.Analysis.Modifiable == "identified" && c.CDOPReviewOn.DaysUntil(today) <= within {
				eligible = append(eligible, c)
			}
		}
		g.r.Shuffle(len(eligible), func(i, j int) { eligible[i], eligible[j] = eligible[j], eligible[i] })
		for _, c := range eligible {
			if len(out) >= target {
				break
			}
			used[c] = true
			for i, point := range c.Analysis.Learning {
				if i > 0 && (len(out) >= target || !g.chance(0.3)) {
					break
				}
				if r := byAction[point]; r != nil {
					if len(r.cases) < 4 {
						r.cases = append(r.cases, c)
					}
					continue
				}
				agency, ok := learningAgency[point]
				if !ok {
					agency = agencyHospital
				}
				r := &plannedRecommendation{
					rec:   cdop.Recommendation{Agency: agency, Action: point, DueOn: c.CDOPReviewOn.AddDays(g.between(90, 240)), CreatedOn: c.CDOPReviewOn},
					cases: []*cdop.Case{c}, since: c.CDOPReviewOn,
				}
				byAction[point] = r
				out = append(out, r)
			}
		}
	}
	g.progress(out)
	return out
}

// progress gives the recommendations their statuses and the updates that
// brought them there. By due date: of those past due, the older three in
// five are done and the rest still open or in progress (overdue); of those
// due later, a third are in progress, one done early, the rest open. One
// past due is not accepted instead of done.
func (g *generator) progress(recs []*plannedRecommendation) {
	sorted := slices.Clone(recs)
	slices.SortStableFunc(sorted, func(a, b *plannedRecommendation) int { return a.rec.DueOn.Time().Compare(b.rec.DueOn.Time()) })
	var past, future []*plannedRecommendation
	for _, r := range sorted {
		if r.rec.DueOn.Before(g.today) {
			past = append(past, r)
		} else {
			future = append(future, r)
		}
	}
	done := len(past) * 3 / 5
	if len(past) >= 3 {
		done = min(done, len(past)-2) // leave some overdue
	}
	for i, r := range past {
		switch {
		case i == 1 && len(past) >= 3:
			g.update(r, "not_accepted")
		case i < done:
			g.update(r, "done")
		case (i-done)%2 == 0:
			g.update(r, "in_progress")
		default:
			g.update(r, "open")
		}
	}
	for i, r := range future {
		switch {
		case i == 1 && len(future) >= 5:
			g.update(r, "done")
		case i%3 == 0:
			g.update(r, "in_progress")
		default:
			g.update(r, "open")
		}
	}
	if len(past) < 3 && len(future) > 0 {
		g.update(future[len(future)-1], "not_accepted")
	}
}

// update sets a recommendation's status and the updates leading to it,
// none before the recommendation was made nor after today.
func (g *generator) update(r *plannedRecommendation, status cdop.RecommendationStatus) {
	r.rec.Status, r.updates = cdop.RecommendationOpen, nil
	on := func(d cdop.Date) cdop.Date {
		if len(r.updates) > 0 {
			d = latest(d, r.updates[len(r.updates)-1].On)
		}
		return earliest(latest(d, r.since), g.today)
	}
	add := func(d cdop.Date, status cdop.RecommendationStatus, note, by string) {
		r.updates = append(r.updates, cdop.RecommendationUpdate{On: on(d), Status: status, Note: note, By: by})
	}
	lead := agencyLead(r.rec.Agency)
	overdue := r.rec.DueOn.Before(g.today)
	switch status {
	case "in_progress":
		add(r.since.AddDays(g.between(20, 60)), "in_progress", pick(g, progressNotes), lead)
		if overdue && g.chance(0.6) {
			add(r.rec.DueOn.AddDays(g.between(1, 20)), "in_progress", pick(g, delayNotes), lead)
		}
	case "done":
		add(r.since.AddDays(g.between(20, 60)), "in_progress", pick(g, progressNotes), lead)
		finished := r.rec.DueOn.AddDays(g.between(-40, 10))
		if !overdue {
			finished = r.since.AddDays(g.between(60, 120))
		}
		add(finished, "done", pick(g, doneNotes), lead)
	case "not_accepted":
		add(r.since.AddDays(g.between(14, 45)), "not_accepted", notAcceptedNote, lead)
	case "open":
		if overdue && g.chance(0.5) {
			add(r.rec.DueOn.AddDays(g.between(7, 30)), "open", chaseNote, coordinator.Name)
		}
	}
}

// agencyLead returns the role of a demo agency's contact, who reports its progress.
func agencyLead(name string) string {
	for _, a := range Agencies() {
		if a.Name == name {
			role, _, _ := strings.Cut(a.Contact, ",")
			return role
		}
	}
	return "Agency lead"
}

// storeRecommendations adds the planned recommendations to the agencies of
// the directory with their names, and records their progress, counting
// them in sum.
func storeRecommendations(ctx context.Context, ms cdop.MeetingService, plans []*plannedRecommendation, agencies []cdop.Agency, sum *Summary) error {
	for _, p := range plans {
		r := p.rec
		a, ok := agencyNamed(agencies, r.Agency)
		if !ok {
			continue // not in the directory: the demo's are all added
		}
		r.AgencyID = a.ID
		for _, c := range p.cases {
			r.CaseIDs = append(r.CaseIDs, c.ID)
		}
		if err := ms.SaveRecommendation(ctx, &r); err != nil {
			return fmt.Errorf("demo: recommendation to %s: %w", a.Name, err)
		}
		sum.Recommendations++
		for _, u := range p.updates {
			if err := ms.UpdateRecommendation(ctx, r.ID, u); err != nil {
				return fmt.Errorf("demo: progress on the recommendation to %s: %w", a.Name, err)
			}
			sum.RecommendationUpdates++
		}
	}
	return nil
}
