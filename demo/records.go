package demo

import (
	"hash/fnv"
	"math/rand/v2"
	"slices"
	"strings"

	"casemanager/cdop"
)

// Records returns what a coordinator would have recorded along the
// flowchart for an open case by today: the requests for agencies' reporting
// and supplementary forms, the key worker's contacts with the family, and
// pauses of the case's clocks. The same case, directory, seed and today
// give the same records.
//
//   - A case past information gathering has 2–5 requests, every one received
//     or declined (with a reason) before the child death review meeting; a
//     case at information gathering has some still outstanding, some chased
//     and a few overdue. Cases at the first two stages have none.
//   - From immediate decisions on, the key worker has 1–4 contacts with the
//     family, the first mostly within two days of the notification.
//   - Some cases awaiting an inquest (or a trial or practice review) have the
//     CDOP review clock paused, still running; a few have a pause that ended.
//
// A closed case gets none: the store takes no records for a closed case,
// and a case cannot be imported open and closed later, so the demo's
// closed cases carry only what the case itself records.
//
// The requests, contacts and pauses carry c.ID and the agencies' IDs, so
// they pass their Validate only once the case and the directory are stored.
// Agencies are matched by name, else by type; requests to an agency the
// directory lacks are left out.
func Records(c *cdop.Case, agencies []cdop.Agency, seed int64, today cdop.Date) (requests []cdop.AgencyRequest, contacts []cdop.Contact, pauses []cdop.ClockPause) {
	stage := cdop.StageIndex(c.Stage)
	if c.Stage == cdop.StageClosed || stage < 0 || c.DateOfDeath.IsZero() || c.DateOfDeath.After(today) {
		return nil, nil, nil
	}
	h := fnv.New64a()
	key := c.DuplicateKey()
	if key == "" {
		key = c.NHSNumber + c.DateOfBirth.String() + c.DateOfDeath.String() + c.Summary
	}
	h.Write([]byte(key))
	rec := &recorder{
		g:        &generator{r: rand.New(rand.NewPCG(uint64(seed), h.Sum64())), today: today},
		c:        c,
		agencies: agencies,
	}
	rec.cat, rec.cond, rec.known = conditionOf(c)

	pauses = rec.pauses()
	if stage >= cdop.StageIndex(cdop.StageInformationGathering) {
		requests = rec.requests()
	}
	if stage >= cdop.StageIndex(cdop.StageImmediateDecisions) && c.KeyWorker != "" {
		contacts = rec.contacts(pauses)
	}
	return requests, contacts, pauses
}

type recorder struct {
	g        *generator
	c        *cdop.Case
	agencies []cdop.Agency
	cat      *category
	cond     condition
	known    bool // cat and cond were found from the case's summary
}

// summaries finds a demo case's category and condition by its summary.
var summaries = func() map[string][2]int {
	m := map[string][2]int{}
	for i := range categories {
		for j, cond := range categories[i].conditions {
			m[cond.summary] = [2]int{i, j}
		}
	}
	return m
}()

const visitingPrefix = "Visiting the area. "

// conditionOf returns the category and condition a demo case was made
// from, or false for a case the demo did not make.
func conditionOf(c *cdop.Case) (*category, condition, bool) {
	at, ok := summaries[strings.TrimPrefix(strings.TrimSpace(c.Summary), visitingPrefix)]
	if !ok {
		return nil, condition{}, false
	}
	cat := &categories[at[0]]
	return cat, cat.conditions[at[1]], true
}

// agency returns the directory's agency called name, else its first of the type.
func (rec *recorder) agency(name, typ string) (cdop.Agency, bool) {
	if a, ok := agencyNamed(rec.agencies, name); ok {
		return a, true
	}
	for _, a := range rec.agencies {
		if a.Type == typ {
			return a, true
		}
	}
	return cdop.Agency{}, false
}

// wanted is a form the coordinator asks an agency for.
type wanted struct {
	name, typ, form, note string
	later                 bool // asked for once the first reports are in, or after the post-mortem
}

// plan returns the forms a coordinator would ask for, the most needed first.
func (rec *recorder) plan() []wanted {
	c, g := rec.c, rec.g
	age := c.Age()
	resident := c.NHSNumberStatus != "non_resident"
	out := []wanted{{name: agencyHospital, typ: "health", form: "reporting_form"}}
	if w, ok := rec.supplementary(); ok {
		out = append(out, w)
	}
	if c.JAR == "yes" {
		out = append(out, wanted{name: agencyPolice, typ: "police", form: "reporting_form"})
	}
	if c.AbuseNeglectSuspected == "yes" {
		out = append(out, wanted{name: agencySocialCare, typ: "childrens_social_care", form: "reporting_form"})
	}
	if c.PostMortem == "yes" && g.chance(0.5) {
		out = append(out, wanted{name: agencyCoroner, typ: "coroner", form: "other", note: "Post-mortem report", later: true})
	}
	if resident {
		out = append(out, wanted{name: agencyGP, typ: "health", form: "reporting_form"})
	}
	if rec.known && rec.cat.number == 2 {
		out = append(out, wanted{name: agencyCAMHS, typ: "health", form: "reporting_form"})
	}
	if resident && age.Years < 5 {
		out = append(out, wanted{name: agencyCommunity, typ: "health", form: "reporting_form"})
	}
	if resident && age.Years >= 4 {
		out = append(out, wanted{name: agencySchools, typ: "education", form: "reporting_form"})
	}
	switch c.PlaceOfDeath {
	case "home", "public_place", "other_residence", "other":
		out = append(out, wanted{name: agencyAmbulance, typ: "ambulance", form: "reporting_form"})
	case "hospice":
		out = append(out, wanted{name: agencyHospice, typ: "voluntary", form: "reporting_form"})
	}
	if resident && c.AbuseNeglectSuspected != "yes" && g.chance(0.15) {
		out = append(out, wanted{name: agencySocialCare, typ: "childrens_social_care", form: "reporting_form", note: "Family known to early help"})
	}
	if len(out) < 2 {
		out = append(out, wanted{name: agencyAmbulance, typ: "ambulance", form: "reporting_form"})
	}
	n := min(len(out), choose(g, []weighted[int]{{2, 20}, {3, 35}, {4, 30}, {5, 15}}))
	return out[:n]
}

// supplementary returns the cause-specific form the death calls for, if any.
func (rec *recorder) supplementary() (wanted, bool) {
	if !rec.known {
		return wanted{}, false
	}
	cause, c := rec.cond.cause, rec.c
	hospital := func(form string) (wanted, bool) {
		return wanted{name: agencyHospital, typ: "health", form: form, later: rec.g.chance(0.3)}, true
	}
	switch rec.cat.number {
	case 10:
		return hospital("sudden_unexpected_death")
	case 8:
		return hospital("neonatal")
	case 7:
		if strings.Contains(strings.ToLower(cause), "heart") {
			return hospital("cardiac")
		}
		return hospital("chromosomal_genetic_congenital")
	case 2:
		return wanted{name: agencyCAMHS, typ: "health", form: "suicide_self_harm"}, true
	case 3:
		if cause == "Drowning" {
			return wanted{name: agencyPolice, typ: "police", form: "drowning"}, true
		}
	case 5:
		if cause == "Acute asthma" || cause == "Anaphylaxis" {
			return wanted{name: agencyGP, typ: "health", form: "asthma_anaphylaxis"}, true
		}
	}
	if c.Expected == "expected" && (rec.cat.number == 4 || rec.cat.number == 6) {
		if c.PlaceOfDeath == "hospice" {
			return wanted{name: agencyHospice, typ: "voluntary", form: "care_pathway"}, true
		}
		return wanted{name: agencyCommunity, typ: "health", form: "care_pathway"}, true
	}
	return wanted{}, false
}

// declineReasons are why agencies decline to send a form.
var declineReasons = []string{
	"Child not known to the service",
	"No contact with the child or family in the last three years",
	"Information already given in another agency's report",
	"Family registered with another service; request passed on",
}

// requests returns the case's requests for agencies' forms.
func (rec *recorder) requests() []cdop.AgencyRequest {
	c, g, today := rec.c, rec.g, rec.g.today
	gathering := c.Stage == cdop.StageInformationGathering

	start := earliest(today, latest(c.NotifiedOn, c.DateOfDeath).AddDays(g.between(1, 6)))
	// Past information gathering, every form is in well before the meeting.
	end := today
	switch {
	case gathering:
	case !c.CDRMOn.IsZero():
		end = earliest(today, c.CDRMOn.AddDays(-g.between(7, 21)))
	case c.CDRMNotHeldReason != "":
		end = earliest(today, c.DateOfDeath.AddDays(g.between(60, 110)))
	}
	end = latest(end, start)

	var out []cdop.AgencyRequest
	for _, w := range rec.plan() {
		a, ok := rec.agency(w.name, w.typ)
		if !ok {
			continue
		}
		r := cdop.AgencyRequest{CaseID: c.ID, AgencyID: a.ID, AgencyName: a.Name, Form: w.form, Note: w.note}
		r.RequestedOn = start
		if w.later {
			r.RequestedOn = start.AddDays(g.between(0, 21))
		}
		r.RequestedOn = earliest(r.RequestedOn, end)
		r.DueOn = r.RequestedOn.AddDays(cdop.DefaultSettings.AgencyReportDays)
		if w.note == "" && g.chance(0.08) {
			r.Note = "Sent by secure email"
		}

		lag := choose(g, []weighted[int]{{g.between(4, 20), 50}, {g.between(21, 35), 35}, {g.between(36, 75), 15}})
		reply := r.RequestedOn.AddDays(lag)
		if !gathering && reply.After(end) {
			reply = r.RequestedOn.AddDays(g.r.IntN(r.RequestedOn.DaysUntil(end) + 1))
		}
		declined := w.form == "reporting_form" && g.chance(0.06)
		switch {
		case !reply.After(today) && declined:
			r.DeclinedOn = earliest(reply, r.RequestedOn.AddDays(g.between(1, 14)))
			r.DeclineReason = pick(g, declineReasons)
		case !reply.After(today):
			r.ReceivedOn = reply
			r.ChasedOn = rec.chases(r.DueOn, reply.AddDays(-1))
		default: // still outstanding
			r.ChasedOn = rec.chases(r.DueOn, today)
		}
		out = append(out, r)
	}
	return out
}

// chases returns the dates a request was chased, none after until: after
// the due date now and then, mostly, with some reminders before it; some
// overdue requests are never chased.
func (rec *recorder) chases(due, until cdop.Date) []cdop.Date {
	g := rec.g
	var out []cdop.Date
	if g.chance(0.15) {
		if d := due.AddDays(-g.between(3, 7)); !d.After(until) {
			out = append(out, d)
		}
	}
	if g.chance(0.3) {
		return out
	}
	for d := due.AddDays(g.between(1, 5)); !d.After(until) && len(out) < 4; d = d.AddDays(g.between(7, 14)) {
		out = append(out, d)
	}
	return out
}

// contacts returns the key worker's contacts with the family: the first
// mostly within two days of the notification, then one to three more as
// the review goes on.
func (rec *recorder) contacts(pauses []cdop.ClockPause) []cdop.Contact {
	c, g, today := rec.c, rec.g, rec.g.today
	first := c.NotifiedOn.AddDays(choose(g, []weighted[int]{{0, 25}, {1, 35}, {2, 25}, {g.between(3, 8), 15}}))
	for _, p := range pauses {
		if p.Deadline == cdop.DeadlineKeyWorkerContact && !p.To.IsZero() {
			first = p.To // the family asked for time
		}
	}
	if first.After(today) {
		return nil
	}
	contact := func(on cdop.Date, method, note string) cdop.Contact {
		return cdop.Contact{CaseID: c.ID, On: on, Method: method, Note: note, By: c.KeyWorker}
	}
	method := choose(g, []weighted[string]{{"phone", 45}, {"visit", 35}, {"text", 10}, {"meeting", 5}, {"letter", 5}})
	out := []cdop.Contact{contact(first, method, firstNotes[method])}

	var more []cdop.Contact
	add := func(on cdop.Date, method, note string) {
		if !on.Before(first) && !on.After(today) {
			more = append(more, contact(on, method, note))
		}
	}
	if !c.FamilyToldCDRMOn.IsZero() {
		add(c.FamilyToldCDRMOn, pick(g, []string{"letter", "phone", "email"}), "Told the family the date of the review meeting and asked for their questions")
	}
	if !c.CDRMOn.IsZero() && !c.CDRMOn.After(today) {
		add(c.CDRMOn.AddDays(g.between(2, 14)), pick(g, []string{"visit", "phone", "meeting"}), "Fed back from the review meeting")
	}
	if !c.FamilyToldCDOPReviewOn.IsZero() {
		add(c.FamilyToldCDOPReviewOn, pick(g, []string{"letter", "email", "phone"}), "Told the family when the panel will review the death")
	}
	if c.Inquest == "pending" && g.chance(0.6) {
		add(first.AddDays(g.between(30, 120)), "phone", "Explained that the panel will wait for the inquest")
	}
	for i := 0; i < 2; i++ {
		m := choose(g, []weighted[string]{{"phone", 40}, {"visit", 25}, {"text", 15}, {"email", 10}, {"meeting", 10}})
		add(first.AddDays(g.between(5, 45)), m, pick(g, followUpNotes))
	}
	g.r.Shuffle(len(more), func(i, j int) { more[i], more[j] = more[j], more[i] })
	n := choose(g, []weighted[int]{{0, 20}, {1, 35}, {2, 30}, {3, 15}})
	out = append(out, more[:min(n, len(more))]...)
	slices.SortStableFunc(out, func(a, b cdop.Contact) int { return a.On.Time().Compare(b.On.Time()) })
	return out
}

// firstNotes are the key worker's notes of a first contact, by method.
var firstNotes = map[string]string{
	"phone":   "Introductory call; explained the key worker role and the review",
	"visit":   "Home visit; gave the family the child death review leaflet",
	"text":    "Text to offer support and arrange a call",
	"meeting": "Met the parents at the hospital; explained the review",
	"letter":  "Letter introducing the key worker, with the review leaflet",
}

// followUpNotes are notes of later contacts; none names anyone.
var followUpNotes = []string{
	"Follow-up call; bereavement support offered",
	"Referred to the bereavement support network at the family's request",
	"Explained the post-mortem process and likely timescales",
	"Family asked about the funeral arrangements and the coroner",
	"Sibling support discussed; school informed with consent",
	"Family had no further questions for now",
	"Passed the family's questions to the designated doctor",
}

// pauses returns the case's clock pauses: a running pause of the CDOP
// review for some cases waiting on an inquest, a trial or a practice
// review, and now and then a pause that has ended.
func (rec *recorder) pauses() []cdop.ClockPause {
	c, g, today := rec.c, rec.g, rec.g.today
	since := c.DateOfDeath.DaysUntil(today)
	pause := func(deadline string, from, to cdop.Date, reason string) cdop.ClockPause {
		return cdop.ClockPause{CaseID: c.ID, Deadline: deadline, From: from, To: to, Reason: reason}
	}
	var out []cdop.ClockPause

	waiting := c.Stage == cdop.StageCDRM || c.Stage == cdop.StageCDOPReview
	if waiting && since > 120 && c.CDOPReviewOn.IsZero() {
		var reason string
		switch {
		case c.Inquest == "pending" && g.chance(0.65):
			reason = "Awaiting inquest"
		case slices.Contains(c.ParallelReviews, "lcspr") && g.chance(0.5):
			reason = "Awaiting the local child safeguarding practice review"
		case c.AbuseNeglectSuspected == "yes" && c.JAR == "yes" && since > 200 && g.chance(0.5):
			reason = "Awaiting the outcome of criminal proceedings"
		}
		if reason != "" {
			from := c.DateOfDeath.AddDays(g.between(90, min(since, 200)))
			out = append(out, pause(cdop.DeadlineCDOPReview, from, cdop.Date{}, reason))
		}
	}

	if cdop.StageIndex(c.Stage) >= cdop.StageIndex(cdop.StageImmediateDecisions) && g.chance(0.05) {
		from := c.NotifiedOn
		if to := from.AddDays(g.between(4, 10)); !to.After(today) {
			out = append(out, pause(cdop.DeadlineKeyWorkerContact, from, to, "Family asked for no contact until after the funeral"))
		}
	}
	if c.PostMortem == "yes" && cdop.StageIndex(c.Stage) >= cdop.StageIndex(cdop.StageInformationGathering) && g.chance(0.08) {
		from := c.DateOfDeath.AddDays(g.between(20, 40))
		to := from.AddDays(g.between(30, 70))
		if !to.After(today) && (c.CDRMOn.IsZero() || !c.CDRMOn.Before(to)) {
			out = append(out, pause(cdop.DeadlineCDRM, from, to, "Awaiting the post-mortem report"))
		}
	}
	return out
}
