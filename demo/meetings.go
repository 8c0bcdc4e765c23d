package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"casemanager/cdop"
)

// The people at the demo's meetings: made-up names, with the roles and
// agencies a panel in England brings together.
var (
	chairPublicHealth = cdop.Attendee{Name: "Dr Ruth Adeyemi", Role: "Consultant in public health, CDOP chair", AgencyType: "public_health", Agency: agencyPublic}
	designatedDoctor  = cdop.Attendee{Name: "Dr Tom Ashworth", Role: "Designated doctor for child deaths", AgencyType: "health", Agency: agencyCommunity}
	namedNurse        = cdop.Attendee{Name: "Claire Sunderland", Role: "Named nurse for child deaths", AgencyType: "health", Agency: agencyHospital}
	policeOfficer     = cdop.Attendee{Name: "DS Kirsty Holroyd", Role: "Detective sergeant, child death team", AgencyType: "police", Agency: agencyPolice}
	socialCareManager = cdop.Attendee{Name: "Imran Qureshi", Role: "Safeguarding and reviewing service manager", AgencyType: "childrens_social_care", Agency: agencySocialCare}
	educationOfficer  = cdop.Attendee{Name: "Helen Brook", Role: "Designated safeguarding officer", AgencyType: "education", Agency: agencySchools}
	layMember         = cdop.Attendee{Name: "Margaret Ellison", Role: "Lay member", AgencyType: "other"}
	coordinator       = cdop.Attendee{Name: "Joanne Hirst", Role: "CDOP coordinator (minutes)", AgencyType: "public_health", Agency: agencyPublic}
	neonatologist     = cdop.Attendee{Name: "Dr Sunita Rao", Role: "Consultant neonatologist", AgencyType: "health", Agency: agencyHospital}
	reviewNurse       = cdop.Attendee{Name: "Beth Lister", Role: "Child death review nurse (key worker)", AgencyType: "health", Agency: agencyCommunity}
	generalPractice   = cdop.Attendee{Name: "Dr Alan Pearson", Role: "GP safeguarding lead", AgencyType: "health", Agency: agencyGP}
	ambulanceLead     = cdop.Attendee{Name: "Nadia Khalil", Role: "Safeguarding lead", AgencyType: "ambulance", Agency: agencyAmbulance}
)

const (
	panelRoom = "Committee Room 2, Kirkbeck Civic Centre, and online at https://meet.example.org/kirkbeck-cdop"
	cdrmRoom  = "Seminar Room B, Education Centre, Aire Valley Teaching Hospitals"

	deferredForInquest = "Awaiting inquest outcome"
	awaitingCoroner    = "coroner's conclusion"
)

// plannedMeeting is a meeting Load stores: its details, the cases on its
// agenda in order, and the decisions it recorded.
type plannedMeeting struct {
	meeting  cdop.Meeting
	agenda   []*cdop.Case
	deferred []deferral
}

type deferral struct {
	c                *cdop.Case
	reason, awaiting string
}

// planMeetings plans the panel's meetings around today from the cases
// generated for it:
//
//   - a child death review meeting in five days to two and a half weeks,
//     with one to three cases at that stage (those already booked first),
//     leaving one, when there are two or more, for
//   - a child death review meeting two to four weeks ago, which deferred a
//     case at that stage (mostly one not booked again yet, awaiting the
//     post-mortem report);
//   - a CDOP panel meeting one to two weeks ago, which deferred a case
//     awaiting its inquest and has one, its analysis ready to sign off,
//     whose outcome is still to be recorded;
//   - a CDOP panel meeting in one to three weeks, quorate, with four to eight
//     cases awaiting the panel (those already booked first, none awaiting
//     an inquest).
//
// No case is on two agendas. The cases on an upcoming agenda are booked for
// it: their CDRMOn or CDOPReviewOn becomes the meeting's date, so the case
// file and the meeting agree. The meetings are returned in the order Load
// stores them, past ones first. A small panel may have too few cases to
// fill every agenda.
func planMeetings(cases []*cdop.Case, seed int64, today cdop.Date) []*plannedMeeting {
	g := &generator{r: rand.New(rand.NewPCG(uint64(seed), 0x6d65_6574_696e_6773)), today: today} // "meetings"
	used := map[*cdop.Case]bool{}
	// take returns up to n unused cases at a stage that pass ok, by rank
	// (lowest first) and then oldest death first, and marks them used.
	take := func(stage cdop.Stage, n int, ok func(*cdop.Case) bool, rank func(*cdop.Case) int) []*cdop.Case {
		var fit []*cdop.Case
		for _, c := range cases {
			if c.Stage == stage && !used[c] && ok(c) {
				fit = append(fit, c)
			}
		}
		slices.SortStableFunc(fit, func(a, b *cdop.Case) int { return rank(a) - rank(b) })
		fit = fit[:min(n, len(fit))]
		slices.SortStableFunc(fit, func(a, b *cdop.Case) int { return a.DateOfDeath.Time().Compare(b.DateOfDeath.Time()) })
		for _, c := range fit {
			used[c] = true
		}
		return fit
	}
	all := func(*cdop.Case) bool { return true }
	same := func(*cdop.Case) int { return 0 }

	nextCDRM := &plannedMeeting{meeting: cdop.Meeting{
		Kind: "cdrm", On: weekday(today.AddDays(g.between(5, 16)), 1), StartsAt: "13:30", Place: cdrmRoom,
		Chair:     designatedDoctor.Name,
		Attendees: []cdop.Attendee{designatedDoctor, namedNurse, reviewNurse, policeOfficer, generalPractice, ambulanceLead},
		Notes:     "Agencies' reports circulated a week before. Key worker to bring the family's questions.",
	}}
	// One case at the stage, if there are two, is left for the past meeting to defer.
	atCDRM := 0
	for _, c := range cases {
		if c.Stage == cdop.StageCDRM {
			atCDRM++
		}
	}
	n := g.between(1, 3)
	if atCDRM >= 2 {
		n = min(n, atCDRM-1)
	}
	nextCDRM.agenda = take(cdop.StageCDRM, n, all,
		func(c *cdop.Case) int { return map[bool]int{true: 1, false: 0}[c.CDRMOn.IsZero()] })

	pastCDRM := &plannedMeeting{meeting: cdop.Meeting{
		Kind: "cdrm", On: weekday(today.AddDays(-g.between(15, 28)), -1), StartsAt: "13:30", Place: cdrmRoom,
		Chair:     designatedDoctor.Name,
		Attendees: []cdop.Attendee{designatedDoctor, neonatologist, namedNurse, reviewNurse, policeOfficer, generalPractice},
		Notes:     "Agencies' reports reviewed with the family's questions. Actions and the draft analysis are on each case file.",
	}}
	// Mostly one not booked again yet, awaiting the post-mortem report.
	for _, c := range take(cdop.StageCDRM, 1, all, func(c *cdop.Case) int {
		return map[bool]int{true: 0, false: 2}[c.CDRMOn.IsZero()] + map[bool]int{true: 0, false: 1}[c.PostMortem == "yes"]
	}) {
		pastCDRM.agenda = append(pastCDRM.agenda, c)
		d := deferral{c, "Final post-mortem report not yet received", "the post-mortem report"}
		if c.PostMortem != "yes" {
			d = deferral{c, "The family asked for their questions to be answered first", "the key worker's meeting with the family"}
		}
		pastCDRM.deferred = append(pastCDRM.deferred, d)
	}

	pastPanel := &plannedMeeting{meeting: cdop.Meeting{
		Kind: "panel", On: weekday(today.AddDays(-g.between(7, 13)), -1), StartsAt: "09:30", Place: panelRoom,
		Chair:     chairPublicHealth.Name,
		Attendees: []cdop.Attendee{chairPublicHealth, designatedDoctor, namedNurse, policeOfficer, socialCareManager, layMember, coordinator},
		Notes:     "Apologies from education. Minutes circulated to members.",
	}}
	for _, c := range take(cdop.StageCDOPReview, 1, func(c *cdop.Case) bool { return c.Inquest == "pending" && c.CDOPReviewOn.IsZero() }, same) {
		pastPanel.agenda = append(pastPanel.agenda, c)
		pastPanel.deferred = append(pastPanel.deferred, deferral{c, deferredForInquest, awaitingCoroner})
	}
	if notReached := take(cdop.StageCDOPReview, 1,
		func(c *cdop.Case) bool {
			return c.Inquest != "pending" && c.CDOPReviewOn.IsZero() && c.Analysis.ReadyForSignOff(cdop.NationalForm)
		}, same); len(notReached) > 0 {
		pastPanel.agenda = append(pastPanel.agenda, notReached...)
		pastPanel.meeting.Notes += " The last case was not reached; the chair will agree its analysis with the designated doctor before the outcome is recorded."
	}

	nextPanel := &plannedMeeting{meeting: cdop.Meeting{
		Kind: "panel", On: weekday(today.AddDays(g.between(7, 19)), 1), StartsAt: "09:30", Place: panelRoom,
		Chair: chairPublicHealth.Name,
		Attendees: []cdop.Attendee{chairPublicHealth, designatedDoctor, namedNurse, policeOfficer, socialCareManager,
			educationOfficer, layMember, coordinator},
		Notes: "Papers, with the draft analyses, sent to members a week before. Anonymised panel view only.",
	}}
	if nextPanel.meeting.On == nextCDRM.meeting.On {
		nextPanel.meeting.On = weekday(nextPanel.meeting.On.AddDays(1), 1)
	}
	nextPanel.agenda = take(cdop.StageCDOPReview, g.between(4, 8), func(c *cdop.Case) bool { return c.Inquest != "pending" },
		func(c *cdop.Case) int {
			switch {
			case !c.CDOPReviewOn.IsZero():
				return 0 // booked already
			case c.AbuseNeglectSuspected != "yes" && c.Analysis.Domains[0].Score != nil:
				return 1
			}
			return 2 // perhaps waiting on a trial or a practice review
		})

	for _, c := range nextCDRM.agenda {
		c.CDRMOn = nextCDRM.meeting.On
	}
	for _, c := range nextPanel.agenda {
		c.CDOPReviewOn = nextPanel.meeting.On
	}
	return []*plannedMeeting{pastCDRM, pastPanel, nextCDRM, nextPanel}
}

// weekday returns d, or the nearest weekday from it in the direction of step (1 or -1).
func weekday(d cdop.Date, step int) cdop.Date {
	for d.Weekday() == time.Saturday || d.Weekday() == time.Sunday {
		d = d.AddDays(step)
	}
	return d
}

// storeMeetings adds the planned meetings, puts their cases on their
// agendas and records their decisions, counting them in sum.
func storeMeetings(ctx context.Context, ms cdop.MeetingService, plans []*plannedMeeting, sum *Summary) error {
	for _, p := range plans {
		m := p.meeting
		if err := ms.SaveMeeting(ctx, &m); err != nil {
			return fmt.Errorf("demo: adding the %s: %w", p.meeting.Title(), err)
		}
		sum.Meetings++
		for _, c := range p.agenda {
			if err := ms.AddToAgenda(ctx, m.ID, c.ID); err != nil {
				return fmt.Errorf("demo: adding %s to the agenda of the %s: %w", c.Ref, m.Title(), err)
			}
			sum.AgendaItems++
		}
		for _, d := range p.deferred {
			if err := ms.Defer(ctx, m.ID, d.c.ID, d.reason, d.awaiting); err != nil {
				return fmt.Errorf("demo: deferring %s at the %s: %w", d.c.Ref, m.Title(), err)
			}
		}
	}
	return nil
}
