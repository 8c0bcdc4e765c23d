package memstore

import (
	"cmp"
	"context"
	"reflect"
	"slices"
	"strings"

	"casemanager/cdop"
)

// Meetings returns every meeting, latest first, each with its agenda.
func (s *Store) Meetings(ctx context.Context) ([]*cdop.Meeting, error) {
	var out []*cdop.Meeting
	err := s.read(ctx, func(o *op) error {
		for _, m := range o.meetings {
			out = append(out, o.readMeeting(m))
		}
		slices.SortFunc(out, func(a, b *cdop.Meeting) int {
			if c := b.On.Time().Compare(a.On.Time()); c != 0 {
				return c
			}
			if c := strings.Compare(b.StartsAt, a.StartsAt); c != 0 {
				return c
			}
			return cmp.Compare(b.ID, a.ID)
		})
		return nil
	})
	return out, err
}

// Meeting returns one meeting with its agenda, or an ENOTFOUND error.
func (s *Store) Meeting(ctx context.Context, id int64) (*cdop.Meeting, error) {
	var out *cdop.Meeting
	err := s.read(ctx, func(o *op) (err error) {
		out, err = o.findMeeting(id)
		return err
	})
	return out, err
}

func (o *op) findMeeting(id int64) (*cdop.Meeting, error) {
	for _, m := range o.meetings {
		if m.ID == id {
			return o.readMeeting(m), nil
		}
	}
	return nil, cdop.Errorf(cdop.ENOTFOUND, "there is no meeting with ID %d", id)
}

// readMeeting returns a stored meeting as it is read: with its agenda in
// order, each case's reference filled in.
func (o *op) readMeeting(m cdop.Meeting) *cdop.Meeting {
	out := m
	out.Attendees = slices.Clone(m.Attendees)
	out.Agenda = nil
	for _, row := range o.agenda {
		if row.meetingID == m.ID {
			it := row.item
			if c, ok := o.cases[it.CaseID]; ok {
				it.CaseRef = c.Ref
			}
			out.Agenda = append(out.Agenda, it)
		}
	}
	slices.SortFunc(out.Agenda, func(a, b cdop.AgendaItem) int { return a.Position - b.Position })
	return &out
}

// SaveMeeting adds (ID 0) or updates a meeting's details and attendees, as
// cdop.PrepareMeeting and cdop.CheckMeetingChange allow; m.Agenda is ignored.
func (s *Store) SaveMeeting(ctx context.Context, m *cdop.Meeting) error {
	return save(s, ctx, m, func(o *op) (*cdop.Meeting, error) {
		n, err := cdop.PrepareMeeting(m)
		if err != nil {
			return nil, err
		}
		i := -1
		if n.ID != 0 {
			old, err := o.findMeeting(n.ID)
			if err != nil {
				return nil, err
			}
			if err := cdop.CheckMeetingChange(old, n); err != nil {
				return nil, err
			}
			n.WithoutQuorum = old.WithoutQuorum
			i = slices.IndexFunc(o.meetings, func(x cdop.Meeting) bool { return x.ID == n.ID })
			if reflect.DeepEqual(o.meetings[i], *n) {
				return old, nil
			}
		}
		if i < 0 {
			n.ID = o.nextID("meeting")
			o.meetings = append(o.meetings, *n)
		} else {
			o.meetings[i] = *n
		}
		o.audit("", actionMeeting, recordChange("meeting_id", n.ID))
		return o.readMeeting(*n), nil
	})
}

// AddToAgenda puts a case at the end of a meeting's agenda if the meeting's
// CanAddToAgenda allows it.
func (s *Store) AddToAgenda(ctx context.Context, meetingID int64, caseID string) error {
	return s.write(ctx, func(o *op) error {
		m, err := o.findMeeting(meetingID)
		if err != nil {
			return err
		}
		c, err := o.findCase(caseID)
		if err != nil {
			return err
		}
		if err := m.CanAddToAgenda(c); err != nil {
			return err
		}
		o.agenda = append(o.agenda, agendaRow{meetingID: m.ID, item: m.NextItem(c)})
		o.audit(c.ID, actionAgenda, recordChange("meeting_id", m.ID))
		return nil
	})
}

// findAgendaItem returns a meeting and the item of a case on its agenda, or
// an ENOTFOUND error when either is missing.
func (o *op) findAgendaItem(meetingID int64, caseID string) (*cdop.Meeting, *cdop.AgendaItem, error) {
	m, err := o.findMeeting(meetingID)
	if err != nil {
		return nil, nil, err
	}
	for i := range m.Agenda {
		if m.Agenda[i].CaseID == caseID {
			return m, &m.Agenda[i], nil
		}
	}
	c, err := o.findCase(caseID)
	if err != nil {
		return nil, nil, err
	}
	return nil, nil, cdop.Errorf(cdop.ENOTFOUND, "%s is not on the agenda of the %s", c.Ref, m.Name())
}

// setItem stores a meeting's agenda item of a case.
func (o *op) setItem(meetingID int64, it cdop.AgendaItem) {
	i := slices.IndexFunc(o.agenda, func(r agendaRow) bool { return r.meetingID == meetingID && r.item.CaseID == it.CaseID })
	it.CaseRef = ""
	o.agenda[i].item = it
}

// RemoveFromAgenda takes a case not yet discussed off an agenda, as
// cdop.CanRemoveFromAgenda allows, moving the cases after it up.
func (s *Store) RemoveFromAgenda(ctx context.Context, meetingID int64, caseID string) error {
	return s.write(ctx, func(o *op) error {
		m, item, err := o.findAgendaItem(meetingID, caseID)
		if err != nil {
			return err
		}
		if err := cdop.CanRemoveFromAgenda(m, item); err != nil {
			return err
		}
		var kept []agendaRow
		for _, r := range o.agenda {
			switch {
			case r.meetingID != m.ID:
			case r.item.CaseID == caseID:
				continue
			case r.item.Position > item.Position:
				r.item.Position--
			}
			kept = append(kept, r)
		}
		o.agenda = kept
		o.audit(caseID, actionAgenda, recordChange("meeting_id", m.ID))
		return nil
	})
}

// SignOff records a meeting's sign-off of a case as cdop.SignOff decides it,
// saves the case's dates and moves it on, all or nothing.
func (s *Store) SignOff(ctx context.Context, meetingID int64, caseID string) error {
	return s.write(ctx, func(o *op) error { return o.signOff(meetingID, caseID) })
}

func (o *op) signOff(meetingID int64, caseID string) error {
	m, item, err := o.findAgendaItem(meetingID, caseID)
	if err != nil {
		return err
	}
	c, err := o.findCase(caseID)
	if err != nil {
		return err
	}
	d, err := cdop.SignOff(m, item, c, o.settings.WithDefaults().QuorumGroups, o.today)
	if err != nil {
		return err
	}
	o.setItem(m.ID, d.Item)
	changes := recordChange("meeting_id", m.ID)
	if m.WithoutQuorum.Recorded() {
		changes = append(changes, cdop.FieldChange{Field: cdop.WithoutQuorumField, New: m.WithoutQuorum.Reason})
	}
	o.audit(c.ID, actionSignOff, changes)
	if _, err := o.updateCase(d.Case); err != nil {
		return err
	}
	return o.moveStage(c.ID, d.To, "")
}

// SignOffWithoutQuorum records the chair's decision to sign off at a panel
// meeting not quorate, as cdop.DecideWithoutQuorum takes it, then signs
// the case off as SignOff does, all or nothing.
func (s *Store) SignOffWithoutQuorum(ctx context.Context, meetingID int64, caseID, reason string) error {
	return s.write(ctx, func(o *op) error {
		m, err := o.findMeeting(meetingID)
		if err != nil {
			return err
		}
		decided, isNew, err := cdop.DecideWithoutQuorum(m, reason, cdop.ActorFrom(ctx), o.settings.WithDefaults().QuorumGroups, o.now)
		if err != nil {
			return err
		}
		if isNew {
			i := slices.IndexFunc(o.meetings, func(x cdop.Meeting) bool { return x.ID == m.ID })
			o.meetings[i].WithoutQuorum = decided
			o.audit("", actionMeeting, append(recordChange("meeting_id", m.ID),
				cdop.FieldChange{Field: cdop.WithoutQuorumField, New: decided.Reason}))
		}
		return o.signOff(meetingID, caseID)
	})
}

// Defer records a meeting's deferral of a case as cdop.Defer decides it.
func (s *Store) Defer(ctx context.Context, meetingID int64, caseID, reason, awaiting string) error {
	return s.write(ctx, func(o *op) error {
		m, item, err := o.findAgendaItem(meetingID, caseID)
		if err != nil {
			return err
		}
		decided, err := cdop.Defer(m, item, reason, awaiting, o.today)
		if err != nil {
			return err
		}
		if *decided == *item {
			return nil
		}
		o.setItem(m.ID, *decided)
		o.audit(caseID, actionAgenda, recordChange("meeting_id", m.ID))
		return nil
	})
}

// FactorCatalogue returns the factors a panel picks from, by code.
func (s *Store) FactorCatalogue(ctx context.Context) ([]cdop.FactorCatalogueEntry, error) {
	var out []cdop.FactorCatalogueEntry
	err := s.read(ctx, func(o *op) error {
		out = o.sortedCatalogue()
		return nil
	})
	return out, err
}

func (o *op) sortedCatalogue() []cdop.FactorCatalogueEntry {
	out := slices.Clone(o.catalogue)
	slices.SortFunc(out, func(a, b cdop.FactorCatalogueEntry) int { return byFolded(a.Code, b.Code) })
	return out
}

// AddCatalogueFactor extends the catalogue, as cdop.PrepareCatalogueFactor
// and cdop.CheckCatalogueFactor allow.
func (s *Store) AddCatalogueFactor(ctx context.Context, e *cdop.FactorCatalogueEntry) error {
	return save(s, ctx, e, func(o *op) (*cdop.FactorCatalogueEntry, error) {
		n, err := cdop.PrepareCatalogueFactor(e)
		if err != nil {
			return nil, err
		}
		var domain []cdop.FactorCatalogueEntry
		var sameCode *cdop.FactorCatalogueEntry
		for _, f := range o.sortedCatalogue() {
			if f.Domain == n.Domain {
				domain = append(domain, f)
			}
			if n.Code != "" && cdop.FoldASCII(f.Code) == cdop.FoldASCII(n.Code) {
				sameCode = &f
			}
		}
		if err := cdop.CheckCatalogueFactor(n, domain, sameCode); err != nil {
			return nil, err
		}
		o.catalogue = append(o.catalogue, *n)
		o.audit("", actionCatalogue, []cdop.FieldChange{{Field: "code", New: n.Code}, {Field: "domain", New: n.Domain}, {Field: "text", New: n.Text}})
		return n, nil
	})
}

// Recommendations returns every recommendation in cdop.SortRecommendations'
// order as of today.
func (s *Store) Recommendations(ctx context.Context) ([]*cdop.Recommendation, error) {
	var out []*cdop.Recommendation
	err := s.read(ctx, func(o *op) error {
		for _, r := range o.recs {
			out = append(out, o.readRecommendation(r))
		}
		cdop.SortRecommendations(out, o.today)
		return nil
	})
	return out, err
}

// readRecommendation returns a stored recommendation as it is read: with
// its agency's name, its cases' references (ordered by reference) and its
// updates (by date, then as recorded).
func (o *op) readRecommendation(r cdop.Recommendation) *cdop.Recommendation {
	out := r
	if a, err := o.findAgency(r.AgencyID); err == nil {
		out.Agency = a.Name
	}
	out.CaseIDs = slices.Clone(r.CaseIDs)
	refs := map[string]string{}
	for _, id := range out.CaseIDs {
		if c, ok := o.cases[id]; ok {
			refs[id] = c.Ref
		}
	}
	out.SetCaseRefs(refs)
	out.Updates = slices.Clone(r.Updates)
	slices.SortStableFunc(out.Updates, func(a, b cdop.RecommendationUpdate) int { return a.On.Time().Compare(b.On.Time()) })
	return &out
}

// SaveRecommendation adds (ID 0) or updates a recommendation, as
// cdop.PrepareRecommendation has it; its agency and cases must exist.
func (s *Store) SaveRecommendation(ctx context.Context, r *cdop.Recommendation) error {
	return save(s, ctx, r, func(o *op) (*cdop.Recommendation, error) {
		n, err := cdop.PrepareRecommendation(r)
		if err != nil {
			return nil, err
		}
		if _, err := o.findAgency(n.AgencyID); err != nil {
			return nil, err
		}
		for _, id := range n.CaseIDs {
			if _, err := o.findCase(id); err != nil {
				return nil, err
			}
		}
		i := -1
		if n.ID != 0 {
			if i = slices.IndexFunc(o.recs, func(x cdop.Recommendation) bool { return x.ID == n.ID }); i < 0 {
				return nil, cdop.Errorf(cdop.ENOTFOUND, "there is no recommendation with ID %d", n.ID)
			}
			n.CreatedOn, n.Updates = o.recs[i].CreatedOn, o.recs[i].Updates
		} else {
			n.Updates = nil
			n.CreatedOn = cdop.NewCreatedOn(n.CreatedOn, o.today)
			n.ID = o.nextID("recommendation")
		}
		kept := *o.readRecommendation(*n) // its cases in order
		kept.Agency, kept.CaseRefs = "", nil
		switch {
		case i < 0:
			o.recs = append(o.recs, kept)
		case reflect.DeepEqual(o.recs[i], kept):
			return o.readRecommendation(kept), nil
		default:
			o.recs[i] = kept
		}
		o.audit("", actionRecommendation, recordChange("recommendation_id", n.ID))
		return o.readRecommendation(kept), nil
	})
}

// UpdateRecommendation records progress, as cdop.PrepareUpdate has it, and
// the new status.
func (s *Store) UpdateRecommendation(ctx context.Context, id int64, u cdop.RecommendationUpdate) error {
	return s.write(ctx, func(o *op) error {
		n, err := cdop.PrepareUpdate(u, cdop.ActorFrom(ctx), o.now, o.today)
		if err != nil {
			return err
		}
		i := slices.IndexFunc(o.recs, func(x cdop.Recommendation) bool { return x.ID == id })
		if i < 0 {
			return cdop.Errorf(cdop.ENOTFOUND, "there is no recommendation with ID %d", id)
		}
		r := o.recs[i]
		r.Updates = append(slices.Clone(r.Updates), *n)
		r.Status = n.Status
		o.recs[i] = r
		o.audit("", actionRecommendation, recordChange("recommendation_id", id))
		return nil
	})
}
