package demo_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"casemanager/cdop"
	"casemanager/demo"
)

// The fake store's MeetingService keeps the rules Load relies on: meetings
// validated, a case on an agenda only at the meeting's stage and once,
// decisions only once a meeting is held, recommendations to agencies and
// cases it has, progress dated no later than today. It signs nothing off.

var _ cdop.MeetingService = (*fakeStore)(nil)

func (s *fakeStore) meeting(id int64) (*cdop.Meeting, error) {
	for _, m := range s.meetings {
		if m.ID == id {
			return m, nil
		}
	}
	return nil, cdop.Errorf(cdop.ENOTFOUND, "there is no meeting with ID %d", id)
}

func cloneMeeting(m *cdop.Meeting) *cdop.Meeting {
	n := *m
	n.Attendees, n.Agenda = slices.Clone(m.Attendees), slices.Clone(m.Agenda)
	return &n
}

func (s *fakeStore) Meetings(context.Context) ([]*cdop.Meeting, error) {
	var out []*cdop.Meeting
	for _, m := range s.meetings {
		out = append(out, cloneMeeting(m))
	}
	slices.SortStableFunc(out, func(a, b *cdop.Meeting) int { return b.On.Time().Compare(a.On.Time()) })
	return out, nil
}

func (s *fakeStore) Meeting(_ context.Context, id int64) (*cdop.Meeting, error) {
	m, err := s.meeting(id)
	if err != nil {
		return nil, err
	}
	return cloneMeeting(m), nil
}

func (s *fakeStore) SaveMeeting(_ context.Context, m *cdop.Meeting) error {
	if m.ID != 0 {
		return errNotInFake
	}
	m.Agenda = nil
	if err := m.Validate(); err != nil {
		return err
	}
	m.ID = s.id()
	s.meetings = append(s.meetings, cloneMeeting(m))
	return nil
}

func (s *fakeStore) AddToAgenda(_ context.Context, meetingID int64, caseID string) error {
	m, err := s.meeting(meetingID)
	if err != nil {
		return err
	}
	c, err := s.find(caseID)
	if err != nil {
		return err
	}
	if err := m.CanAddToAgenda(c); err != nil {
		return err
	}
	m.Agenda = append(m.Agenda, cdop.AgendaItem{CaseID: c.ID, CaseRef: c.Ref, Position: len(m.Agenda) + 1, Outcome: "pending"})
	return nil
}

func (s *fakeStore) RemoveFromAgenda(context.Context, int64, string) error { return errNotInFake }
func (s *fakeStore) SignOff(context.Context, int64, string) error          { return errNotInFake }
func (s *fakeStore) SignOffWithoutQuorum(context.Context, int64, string, string) error {
	return errNotInFake
}

func (s *fakeStore) Defer(_ context.Context, meetingID int64, caseID, reason, awaiting string) error {
	if strings.TrimSpace(reason) == "" {
		return cdop.ValidationErrors{{Field: "reason", Message: "say why the case was deferred"}}
	}
	m, err := s.meeting(meetingID)
	if err != nil {
		return err
	}
	if m.On.After(s.today) {
		return cdop.Errorf(cdop.EINVALID, "the %s has not taken place yet", m.Title())
	}
	for i := range m.Agenda {
		if it := &m.Agenda[i]; it.CaseID == caseID {
			if it.Outcome == "signed_off" {
				return cdop.Errorf(cdop.ECONFLICT, "%s is signed off", it.CaseRef)
			}
			it.Outcome, it.Reason, it.Awaiting = "deferred", reason, awaiting
			return nil
		}
	}
	return cdop.Errorf(cdop.ENOTFOUND, "case %s is not on the agenda", caseID)
}

func (s *fakeStore) FactorCatalogue(context.Context) ([]cdop.FactorCatalogueEntry, error) {
	return slices.Clone(cdop.DefaultFactorCatalogue), nil
}

func (s *fakeStore) AddCatalogueFactor(context.Context, *cdop.FactorCatalogueEntry) error {
	return errNotInFake
}

func cloneRecommendation(r *cdop.Recommendation) *cdop.Recommendation {
	n := *r
	n.CaseIDs, n.CaseRefs, n.Updates = slices.Clone(r.CaseIDs), slices.Clone(r.CaseRefs), slices.Clone(r.Updates)
	return &n
}

func (s *fakeStore) Recommendations(context.Context) ([]*cdop.Recommendation, error) {
	var out []*cdop.Recommendation
	for _, r := range s.recs {
		out = append(out, cloneRecommendation(r))
	}
	return out, nil
}

func (s *fakeStore) SaveRecommendation(_ context.Context, r *cdop.Recommendation) error {
	if r.ID != 0 {
		return errNotInFake
	}
	if r.Status == "" {
		r.Status = "open"
	}
	if err := r.Validate(); err != nil {
		return err
	}
	r.Agency = ""
	for _, a := range s.agencies {
		if a.ID == r.AgencyID {
			r.Agency = a.Name
		}
	}
	if r.Agency == "" {
		return cdop.Errorf(cdop.ENOTFOUND, "there is no agency with ID %d", r.AgencyID)
	}
	r.CaseRefs = nil
	for _, id := range r.CaseIDs {
		c, err := s.find(id)
		if err != nil {
			return err
		}
		r.CaseRefs = append(r.CaseRefs, c.Ref)
	}
	r.ID, r.Updates = s.id(), nil
	if r.CreatedOn.IsZero() || r.CreatedOn.After(s.today) {
		r.CreatedOn = s.today
	}
	s.recs = append(s.recs, cloneRecommendation(r))
	return nil
}

func (s *fakeStore) UpdateRecommendation(_ context.Context, id int64, u cdop.RecommendationUpdate) error {
	if !cdop.RecommendationStatuses.Has(string(u.Status)) {
		return cdop.ValidationErrors{{Field: "status", Message: "is not a status"}}
	}
	if u.On.IsZero() {
		u.On = s.today
	}
	if u.On.After(s.today) {
		return cdop.ValidationErrors{{Field: "on", Message: u.On.String() + " is in the future"}}
	}
	for _, r := range s.recs {
		if r.ID == id {
			r.Updates = append(r.Updates, u)
			r.Status = u.Status
			return nil
		}
	}
	return cdop.Errorf(cdop.ENOTFOUND, "there is no recommendation with ID %d", id)
}

// checkMeetings checks the meetings and recommendations Load stored, and
// the closed cases' analyses, given every stored case by ID.
func checkMeetings(t *testing.T, meetings []*cdop.Meeting, recs []*cdop.Recommendation, cases map[string]*cdop.Case) {
	t.Helper()
	for _, c := range cases {
		if c.Stage == cdop.StageClosed {
			if problems := c.Analysis.Consistency(cdop.NationalForm); len(problems) > 0 {
				t.Errorf("%s: closed with an inconsistent analysis: %v", c.Ref, problems)
			}
		}
	}

	// Past and upcoming meetings of each kind.
	if len(meetings) != 4 {
		t.Fatalf("%d meetings, want 4", len(meetings))
	}
	type when struct {
		kind string
		past bool
	}
	found := map[when]*cdop.Meeting{}
	onAgenda := map[string]string{}
	for _, m := range meetings {
		if err := m.Validate(); err != nil {
			t.Errorf("%s: %v", m.Title(), err)
		}
		k := when{string(m.Kind), !m.On.After(today)}
		if found[k] != nil {
			t.Errorf("two meetings %+v: %s and %s", k, found[k].Title(), m.Title())
		}
		found[k] = m
		if m.Chair == "" || m.StartsAt == "" || m.Place == "" || len(m.Attendees) < 4 {
			t.Errorf("%s: chair %q, at %q in %q, %d attendees", m.Title(), m.Chair, m.StartsAt, m.Place, len(m.Attendees))
		}
		for _, a := range m.Attendees {
			if a.Agency != "" && !slices.ContainsFunc(demo.Agencies(), func(d cdop.Agency) bool { return d.Name == a.Agency }) {
				t.Errorf("%s: %s speaks for %q, not a demo agency", m.Title(), a.Name, a.Agency)
			}
		}
		if wd := m.On.Weekday(); wd == 0 || wd == 6 {
			t.Errorf("%s is on a %s", m.Title(), wd)
		}
		for _, it := range m.Agenda {
			c := cases[it.CaseID]
			if c == nil {
				t.Fatalf("%s: agenda item %+v is no stored case", m.Title(), it)
			}
			if other, ok := onAgenda[c.ID]; ok {
				t.Errorf("%s is on the agendas of the %s and the %s", c.Ref, other, m.Title())
			}
			onAgenda[c.ID] = m.Title()
			if c.Stage != m.StageFor() {
				t.Errorf("%s: %s at %s", m.Title(), c.Ref, c.Stage)
			}
			if m.On.After(today) && it.Outcome != "pending" {
				t.Errorf("%s: %s %s before the meeting", m.Title(), c.Ref, it.Outcome)
			}
		}
	}

	next := found[when{"panel", false}]
	if next == nil {
		t.Fatal("no upcoming panel meeting")
	}
	if d := today.DaysUntil(next.On); d < 7 || d > 21 {
		t.Errorf("the next panel meeting is %d days away, want 1-3 weeks", d)
	}
	if w := cdop.QuorumWarnings(next, cdop.QuorumTypes); len(w) > 0 {
		t.Errorf("the next panel meeting is not quorate: %v", w)
	}
	roles := ""
	for _, a := range next.Attendees {
		roles += strings.ToLower(a.Role) + "; "
	}
	for _, want := range []string{"designated doctor for child deaths", "detective", "safeguarding and reviewing", "designated safeguarding officer", "public health, cdop chair", "lay member"} {
		if !strings.Contains(roles, want) {
			t.Errorf("nobody at the next panel meeting is a %s: %s", want, roles)
		}
	}
	if n := len(next.Agenda); n < 4 || n > 8 {
		t.Errorf("%d cases on the next panel meeting's agenda, want 4-8", n)
	}
	for _, it := range next.Agenda {
		if c := cases[it.CaseID]; c.CDOPReviewOn != next.On || c.Inquest == "pending" {
			t.Errorf("%s on the next panel's agenda: review booked %s, inquest %q", c.Ref, c.CDOPReviewOn, c.Inquest)
		}
	}

	cdrm := found[when{"cdrm", false}]
	if cdrm == nil || len(cdrm.Agenda) < 1 || len(cdrm.Agenda) > 3 {
		t.Fatalf("upcoming child death review meeting %+v; want one with 1-3 cases", cdrm)
	}
	for _, it := range cdrm.Agenda {
		if c := cases[it.CaseID]; c.CDRMOn != cdrm.On {
			t.Errorf("%s on the %s is booked for %s", c.Ref, cdrm.Title(), c.CDRMOn)
		}
	}

	last := found[when{"panel", true}]
	if last == nil {
		t.Fatal("no past panel meeting")
	}
	if d := last.On.DaysUntil(today); d < 7 || d > 16 {
		t.Errorf("the last panel meeting was %d days ago, want a week or two", d)
	}
	outcomes := map[cdop.AgendaOutcome]int{}
	for _, it := range last.Agenda {
		outcomes[it.Outcome]++
		c := cases[it.CaseID]
		switch it.Outcome {
		case "deferred":
			if !strings.EqualFold(it.Reason, "awaiting inquest outcome") || it.Awaiting != "coroner's conclusion" || c.Inquest != "pending" {
				t.Errorf("%s deferred (%q, awaiting %q), inquest %q", c.Ref, it.Reason, it.Awaiting, c.Inquest)
			}
		case "pending":
			if problems := c.Analysis.Consistency(cdop.NationalForm); len(problems) > 0 || c.Analysis.Modifiable == "" {
				t.Errorf("%s still to decide, but its analysis is not ready to sign off: %v", c.Ref, problems)
			}
		}
	}
	if outcomes["deferred"] != 1 || outcomes["pending"] != 1 {
		t.Errorf("the last panel meeting's outcomes: %v; want one deferred, one pending", outcomes)
	}
	if past := found[when{"cdrm", true}]; past == nil || len(past.Agenda) != 1 || past.Agenda[0].Outcome != "deferred" {
		t.Errorf("past child death review meeting %+v; want one that deferred a case", past)
	}

	checkRecommendations(t, recs, cases)
}

// checkRecommendations checks the mix of recommendations Load stored.
func checkRecommendations(t *testing.T, recs []*cdop.Recommendation, cases map[string]*cdop.Case) {
	t.Helper()
	if len(recs) < 15 || len(recs) > 30 {
		t.Errorf("%d recommendations, want 15-30", len(recs))
	}
	agencies := map[string]bool{}
	for _, a := range demo.Agencies() {
		agencies[a.Name] = true
	}
	count := map[string]int{}
	themes := map[string]int{}
	for _, r := range recs {
		if err := r.Validate(); err != nil {
			t.Errorf("recommendation %d: %v", r.ID, err)
		}
		if !agencies[r.Agency] {
			t.Errorf("recommendation %d to %q, not a demo agency", r.ID, r.Agency)
		}
		if len(r.CaseIDs) == 0 {
			t.Errorf("recommendation %d (%s) comes from no case", r.ID, r.Action)
		}
		for _, id := range r.CaseIDs {
			if c := cases[id]; c == nil || c.Stage != cdop.StageClosed {
				t.Errorf("recommendation %d from case %s, not a closed case", r.ID, id)
			}
		}
		if r.Theme != "" {
			themes[r.Theme] = max(themes[r.Theme], len(r.CaseIDs))
		}
		switch {
		case r.Overdue(today):
			count["overdue"]++
		case r.Status == "open":
			count["open, not yet due"]++
		}
		count[string(r.Status)]++
		if len(r.Updates) > 0 && r.Updates[len(r.Updates)-1].Status != r.Status {
			t.Errorf("recommendation %d is %s, last update %+v", r.ID, r.Status, r.Updates[len(r.Updates)-1])
		}
		if (r.Status == "in_progress" || r.Status == "done" || r.Status == "not_accepted") && len(r.Updates) == 0 {
			t.Errorf("recommendation %d is %s with no update", r.ID, r.Status)
		}
		for i, u := range r.Updates {
			if u.On.After(today) || (i > 0 && u.On.Before(r.Updates[i-1].On)) || u.Note == "" || u.By == "" {
				t.Errorf("recommendation %d: update %+v", r.ID, u)
			}
		}
	}
	t.Logf("%d recommendations %v; themes %v", len(recs), count, themes)
	for _, k := range []string{"overdue", "open, not yet due", "in_progress", "done"} {
		if count[k] < 2 {
			t.Errorf("%d recommendations %s, want some: %v", count[k], k, count)
		}
	}
	if count["not_accepted"] != 1 {
		t.Errorf("%d recommendations not accepted, want 1", count["not_accepted"])
	}
	if len(themes) < 2 || len(themes) > 3 {
		t.Errorf("themes %v, want 2-3", themes)
	}
	for th, n := range themes {
		if n < 2 {
			t.Errorf("theme %s covers %d cases, want 2 or more", th, n)
		}
	}
}
