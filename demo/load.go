package demo

import (
	"context"
	"fmt"
	"strings"

	"casemanager/cdop"
)

// Summary counts what Load stored.
type Summary struct {
	Cases          int // cases imported
	Agencies       int // agencies added to the directory
	AgenciesReused int // demo agencies the directory already had, by name
	Requests       int // agency requests
	Contacts       int // key worker contacts
	Pauses         int // clock pauses
	Returns        int // agencies' returns to the requests received (where the store keeps them)

	Meetings              int // meetings scheduled or held
	AgendaItems           int // cases put on the meetings' agendas
	Recommendations       int // the panel's recommendations to agencies
	RecommendationUpdates int // progress recorded on them
}

// String says what was stored, for the command line.
func (s Summary) String() string {
	return fmt.Sprintf("%d cases, %d agencies (%d already listed), %d agency requests (%d returns), %d contacts with families, %d clock pauses, "+
		"%d meetings with %d cases on their agendas, %d recommendations with %d progress updates",
		s.Cases, s.Agencies+s.AgenciesReused, s.AgenciesReused, s.Requests, s.Returns, s.Contacts, s.Pauses,
		s.Meetings, s.AgendaItems, s.Recommendations, s.RecommendationUpdates)
}

// Load fills a store with a demo panel's workload: it generates the cases
// (Generate), imports them in one transaction (ImportCases; its error is
// returned as it is, and nothing else is stored then), adds the demo
// agencies to the directory (reusing any of the same name already there),
// and stores each open case's requests, contacts and clock pauses
// (Records), with the return of each request received (Return) where flow
// keeps returns. Closed, voided and transferred cases get no records, since the
// store takes none for them.
//
// With a MeetingService (meetings may be nil, for none), Load also
// schedules the panel's meetings around Today: a child death review
// meeting and a CDOP panel meeting held in the last few weeks, which
// deferred a case each (the panel's awaiting the inquest) and where one
// case's outcome is still to be recorded, and a child death review meeting
// and a quorate CDOP panel meeting in the next three weeks, with their
// agendas; the cases on an upcoming agenda are imported booked for its
// date. It signs no case off: closed cases are generated closed. It then
// adds some 20 to 26 recommendations from the closed cases' learning and
// from two or three themes across them (such as safe sleep), to the demo
// agencies, due at dates around Today, with the progress recorded on them:
// some overdue, some open or in progress, some done, one not accepted. A
// small panel has fewer of each. The store's clock should read Today:
// meetings record decisions only once held, and progress is dated no later
// than the store's today.
//
// Everything after the import is stored one item at a time; an error stops
// the load where it is, with the cases already imported.
func Load(ctx context.Context, cases cdop.CaseService, flow cdop.FlowService, meetings cdop.MeetingService, opts Options) (Summary, error) {
	opts = opts.withDefaults()
	var sum Summary
	generated := Generate(opts)
	var plans []*plannedMeeting
	if meetings != nil {
		plans = planMeetings(generated, opts.Seed, opts.Today)
	}
	if err := cases.ImportCases(ctx, generated); err != nil {
		return sum, err
	}
	sum.Cases = len(generated)

	directory, err := flow.Agencies(ctx)
	if err != nil {
		return sum, fmt.Errorf("demo: reading the agency directory: %w", err)
	}
	var agencies []cdop.Agency
	for _, a := range Agencies() {
		if found, ok := agencyNamed(directory, a.Name); ok {
			agencies = append(agencies, found)
			sum.AgenciesReused++
			continue
		}
		if err := flow.SaveAgency(ctx, &a); err != nil {
			return sum, fmt.Errorf("demo: adding agency %s: %w", a.Name, err)
		}
		agencies = append(agencies, a)
		sum.Agencies++
	}

	for _, c := range generated {
		if c.Stage == cdop.StageClosed || !c.Counted() {
			continue // the store takes no records of a closed, voided or transferred case
		}
		requests, contacts, pauses := Records(c, agencies, opts.Seed, opts.Today)
		for i := range requests {
			if err := flow.SaveRequest(ctx, &requests[i]); err != nil {
				return sum, fmt.Errorf("demo: case %s: request to %s: %w", c.Ref, requests[i].AgencyName, err)
			}
			sum.Requests++
			// What the agency returned, where the store keeps returns.
			if rs, ok := flow.(cdop.ReturnService); ok {
				if r := Return(c, requests[i], i, opts.Seed); r != nil {
					if err := rs.SaveReturn(ctx, r); err != nil {
						return sum, fmt.Errorf("demo: case %s: the return of the request to %s: %w", c.Ref, requests[i].AgencyName, err)
					}
					sum.Returns++
				}
			}
		}
		for i := range contacts {
			if err := flow.AddContact(ctx, &contacts[i]); err != nil {
				return sum, fmt.Errorf("demo: case %s: contact on %s: %w", c.Ref, contacts[i].On, err)
			}
			sum.Contacts++
		}
		for i := range pauses {
			if err := flow.PauseClock(ctx, &pauses[i]); err != nil {
				return sum, fmt.Errorf("demo: case %s: pause of %s: %w", c.Ref, pauses[i].Deadline, err)
			}
			sum.Pauses++
		}
	}

	if meetings == nil {
		return sum, nil
	}
	if err := storeMeetings(ctx, meetings, plans, &sum); err != nil {
		return sum, err
	}
	recs := planRecommendations(generated, opts.Seed, opts.Today)
	if err := storeRecommendations(ctx, meetings, recs, agencies, &sum); err != nil {
		return sum, err
	}
	return sum, nil
}

// agencyNamed returns the agency of the directory with a name, ignoring
// case and runs of spaces.
func agencyNamed(directory []cdop.Agency, name string) (cdop.Agency, bool) {
	norm := func(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }
	for _, a := range directory {
		if norm(a.Name) == norm(name) {
			return a, true
		}
	}
	return cdop.Agency{}, false
}
