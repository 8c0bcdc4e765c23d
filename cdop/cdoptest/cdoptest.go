// Package cdoptest is the conformance suite of the cdop services: one table
// of behaviours every store must show (package storage on SQLite, package
// memstore in memory), so a test written against one holds against the
// other. A store's own tests call Run with a function that opens a new,
// empty store; the suite creates cases, moves them through the flowchart,
// signs them off at meetings and checks every refusal by its cdop.Rule,
// never by its wording.
//
// Synthetic data only: invented names, NHS numbers from the never-issued
// 999 range.
package cdoptest

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"casemanager/cdop"
)

// Store is what the suite runs against: the services the user interface
// and the command line use.
type Store interface {
	cdop.CaseService
	cdop.FlowService
	cdop.MeetingService
}

// Opener opens a new, empty store whose clock is clock, closed when the
// test ends.
type Opener func(t *testing.T, clock cdop.Clock) Store

// Start is the time every test of the suite starts at: a Monday in June.
var Start = time.Date(2026, 6, 15, 9, 30, 0, 0, time.UTC)

// Clock is a clock a test moves by hand; it is safe for concurrent use.
type Clock struct {
	mu  sync.Mutex
	now time.Time
}

// NewClock returns a clock at t.
func NewClock(t time.Time) *Clock { return &Clock{now: t} }

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Advance moves the clock on by d.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// NHSNumber returns a valid NHS number from the never-issued 999 range,
// different for each n (0 to 99999 give valid, distinct numbers often
// enough; n is tried upwards until one is valid).
func NHSNumber(n int) string {
	for ; ; n++ {
		first9 := fmt.Sprintf("999%06d", n)
		if d, ok := cdop.NHSCheckDigit(first9); ok {
			return fmt.Sprintf("%s%d", first9, d)
		}
	}
}

// NewCase returns a valid, newly notified case, unlike any other n gives:
// its NHS number and its date of birth are n's own.
func NewCase(n int) *cdop.Case {
	c := cdop.NewCase()
	c.FirstName, c.LastName = "Ayla", fmt.Sprintf("Testcase-%c", 'A'+rune(n%26))
	c.DateOfBirth = cdop.NewDate(2020, time.January, 1).AddDays(n)
	c.DateOfDeath = cdop.NewDate(2026, time.March, 2)
	c.NotifiedOn = cdop.NewDate(2026, time.March, 3)
	c.Sex = "female"
	c.NHSNumber = NHSNumber(n * 10)
	return c
}

// ctx names the actor of the suite's changes.
func ctx() context.Context { return cdop.WithActor(context.Background(), "conformance") }

// Run runs every behaviour of the suite against stores open opens.
func Run(t *testing.T, open Opener) {
	for _, b := range behaviours {
		t.Run(b.name, func(t *testing.T) {
			clock := NewClock(Start)
			f := &fixture{t: t, s: open(t, clock), clock: clock, n: 100} // NewCase(1–99) are the behaviours’ own
			b.run(f)
		})
	}
}

// fixture is one behaviour's store and the helpers that set it up.
type fixture struct {
	t     *testing.T
	s     Store
	clock *Clock
	n     int // the last NewCase made by create
}

// create stores a new case (NewCase) after change, failing the test on an error.
func (f *fixture) create(change func(c *cdop.Case)) *cdop.Case {
	f.t.Helper()
	f.n++
	c := NewCase(f.n)
	if change != nil {
		change(c)
	}
	if err := f.s.CreateCase(ctx(), c); err != nil {
		f.t.Fatalf("create: %v", err)
	}
	return c
}

// must fails the test on an error.
func (f *fixture) must(what string, err error) {
	f.t.Helper()
	if err != nil {
		f.t.Fatalf("%s: %v", what, err)
	}
}

// reload returns the case as stored.
func (f *fixture) reload(c *cdop.Case) *cdop.Case {
	f.t.Helper()
	got, err := f.s.FindCaseByID(ctx(), c.ID)
	f.must("find "+c.Ref, err)
	return got
}

// at returns a stored case moved through the flowchart to stage: the
// immediate decisions made, an agency's report received, the meeting held
// (for the CDOP review); for closed, the analysis complete and signed off.
func (f *fixture) at(stage cdop.Stage) *cdop.Case {
	f.t.Helper()
	c := f.create(func(c *cdop.Case) {
		c.Expected, c.JAR, c.AbuseNeglectSuspected, c.CoronerReferred = "unexpected", "no", "no", "yes"
		c.PostMortem = "no"
	})
	if cdop.StageIndex(stage) >= cdop.StageIndex(cdop.StageCDRM) {
		agency := f.agency("Northshire Police", "police")
		r := cdop.AgencyRequest{CaseID: c.ID, AgencyID: agency.ID, Form: "reporting_form",
			RequestedOn: cdop.NewDate(2026, time.March, 5), ReceivedOn: cdop.NewDate(2026, time.April, 1)}
		f.must("request", f.s.SaveRequest(ctx(), &r))
	}
	if cdop.StageIndex(stage) >= cdop.StageIndex(cdop.StageCDOPReview) {
		c = f.reload(c)
		c.CDRMOn = cdop.NewDate(2026, time.May, 4)
		if stage == cdop.StageClosed {
			c.CDOPReviewOn = cdop.NewDate(2026, time.June, 1)
			c.Analysis = CompleteAnalysis()
			c.Analysis.SignedOffOn = c.CDOPReviewOn
		}
		f.must("update", f.s.UpdateCase(ctx(), c))
	}
	for i := 1; i <= cdop.StageIndex(stage); i++ {
		to := cdop.Stage(cdop.Stages[i].Code)
		f.must("move to "+string(to), f.s.MoveStage(ctx(), c.ID, to, ""))
	}
	return f.reload(c)
}

// CompleteAnalysis returns an analysis complete and consistent on the
// national form, not signed off.
func CompleteAnalysis() cdop.Analysis {
	return cdop.Analysis{
		Category: 10,
		Domains: [4]cdop.DomainEntry{
			{Score: cdop.ScoreOf(2), Factors: []string{"Unsafe sleep position"}, Modifiable: []string{"Unsafe sleep position"}},
			{Score: cdop.ScoreOf(1)},
			{Score: cdop.ScoreOf(1)},
			{Score: cdop.ScoreOf(0)},
		},
		Modifiable: string(cdop.ModifiableIdentified),
	}
}

// agency returns the directory's agency with a name, adding it if missing.
func (f *fixture) agency(name, kind string) cdop.Agency {
	f.t.Helper()
	list, err := f.s.Agencies(ctx())
	f.must("agencies", err)
	for _, a := range list {
		if a.Name == name {
			return a
		}
	}
	a := cdop.Agency{Name: name, Type: kind}
	f.must("save agency", f.s.SaveAgency(ctx(), &a))
	return a
}

// Quorate are attendees who make a panel meeting quorate under the
// default quorum: someone from health, police, children's social care and
// public health.
var Quorate = []cdop.Attendee{
	{Name: "Dr Ada Chair", Role: "Chair", AgencyType: "public_health"},
	{Name: "Dr Ben Doctor", Role: "Designated doctor", AgencyType: "health"},
	{Name: "DS Cara Officer", AgencyType: "police"},
	{Name: "Dev Social-Worker", AgencyType: "childrens_social_care"},
}

// meeting stores a meeting of a kind on a day with cases on its agenda,
// chaired, and quorate (Quorate attends).
func (f *fixture) meeting(kind cdop.MeetingKind, on cdop.Date, cases ...*cdop.Case) *cdop.Meeting {
	f.t.Helper()
	return f.meetingWith(kind, on, Quorate, cases...)
}

// meetingWith stores a meeting as meeting does, with attendees attending.
func (f *fixture) meetingWith(kind cdop.MeetingKind, on cdop.Date, attendees []cdop.Attendee, cases ...*cdop.Case) *cdop.Meeting {
	f.t.Helper()
	m := &cdop.Meeting{Kind: kind, On: on, StartsAt: "10:00", Place: "Room 4", Chair: "Dr Ada Chair", Attendees: attendees}
	f.must("save meeting", f.s.SaveMeeting(ctx(), m))
	for _, c := range cases {
		f.must("add "+c.Ref+" to the agenda", f.s.AddToAgenda(ctx(), m.ID, c.ID))
	}
	got, err := f.s.Meeting(ctx(), m.ID)
	f.must("meeting", err)
	return got
}

// refused asserts that err is the refusal of rule.
func (f *fixture) refused(what string, err error, rule cdop.Rule) {
	f.t.Helper()
	if got := cdop.ErrorRule(err); got != rule {
		f.t.Errorf("%s: %v (rule %q); want a refusal of %q", what, err, got, rule)
	}
	if got := cdop.ErrorCode(err); err != nil && got != rule.Code() {
		f.t.Errorf("%s: code %q; want %q", what, got, rule.Code())
	}
}

// invalid asserts that err is ValidationErrors naming field.
func (f *fixture) invalid(what string, err error, field string) {
	f.t.Helper()
	v, ok := cdop.AsValidationErrors(err)
	if !ok || v.For(field) == "" {
		f.t.Errorf("%s: %v; want a problem with %s", what, err, field)
	}
}

// unchanged asserts that the stored case still is before.
func (f *fixture) unchanged(what string, before *cdop.Case) {
	f.t.Helper()
	now := f.reload(before)
	if d := cdop.Diff(before, now); len(d) > 0 || !now.UpdatedAt.Equal(before.UpdatedAt) {
		f.t.Errorf("%s changed the case: %+v (updated %v, was %v)", what, d, now.UpdatedAt, before.UpdatedAt)
	}
}
