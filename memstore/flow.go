package memstore

import (
	"context"
	"reflect"
	"slices"

	"casemanager/cdop"
)

// CaseFile returns a case with its requests (oldest request first),
// contacts (by date), pauses (by start) and stage moves (by time), or an
// ENOTFOUND error.
func (s *Store) CaseFile(ctx context.Context, caseID string) (*cdop.CaseFile, error) {
	var out *cdop.CaseFile
	err := s.read(ctx, func(o *op) (err error) {
		out, err = o.caseFile(caseID)
		return err
	})
	return out, err
}

// OpenCaseFiles returns the file of every case not closed, ordered by reference.
func (s *Store) OpenCaseFiles(ctx context.Context) ([]*cdop.CaseFile, error) {
	var out []*cdop.CaseFile
	err := s.read(ctx, func(o *op) error {
		for _, c := range o.sortedCases() {
			if c.Stage == cdop.StageClosed {
				continue
			}
			f, err := o.caseFile(c.ID)
			if err != nil {
				return err
			}
			out = append(out, f)
		}
		return nil
	})
	return out, err
}

func (o *op) caseFile(caseID string) (*cdop.CaseFile, error) {
	c, err := o.findCase(caseID)
	if err != nil {
		return nil, err
	}
	f := &cdop.CaseFile{Case: c.Clone()}
	for _, r := range o.requests {
		if r.CaseID == caseID {
			f.Requests = append(f.Requests, o.readRequest(r))
		}
	}
	slices.SortStableFunc(f.Requests, func(a, b cdop.AgencyRequest) int { return a.RequestedOn.Time().Compare(b.RequestedOn.Time()) })
	for _, x := range o.contacts {
		if x.CaseID == caseID {
			f.Contacts = append(f.Contacts, x)
		}
	}
	slices.SortStableFunc(f.Contacts, func(a, b cdop.Contact) int { return a.On.Time().Compare(b.On.Time()) })
	for _, p := range o.pauses {
		if p.CaseID == caseID {
			f.Pauses = append(f.Pauses, p)
		}
	}
	slices.SortStableFunc(f.Pauses, func(a, b cdop.ClockPause) int { return a.From.Time().Compare(b.From.Time()) })
	for _, m := range o.moves {
		if m.CaseID == caseID {
			f.Moves = append(f.Moves, m)
		}
	}
	return f, nil
}

// readRequest returns a stored request as it is read: with its agency's name.
func (o *op) readRequest(r cdop.AgencyRequest) cdop.AgencyRequest {
	r.ChasedOn = slices.Clone(r.ChasedOn)
	if a, err := o.findAgency(r.AgencyID); err == nil {
		r.AgencyName = a.Name
	}
	return r
}

// MoveStage moves a case to another stage as cdop.Move allows, recording
// the move.
func (s *Store) MoveStage(ctx context.Context, caseID string, to cdop.Stage, reason string) error {
	return s.write(ctx, func(o *op) error { return o.moveStage(caseID, to, reason) })
}

func (o *op) moveStage(caseID string, to cdop.Stage, reason string) error {
	f, err := o.caseFile(caseID)
	if err != nil {
		return err
	}
	moved, move, err := cdop.Move(f, to, reason, o.today)
	if err != nil {
		return err
	}
	moved.UpdatedAt = o.stamps.For(caseID, f.Case.UpdatedAt)
	o.cases[caseID] = moved
	move.ID, move.At, move.Actor = o.nextID("move"), o.now, cdop.ActorFrom(o.ctx)
	o.moves = append(o.moves, move)
	o.audit(caseID, actionStage, move.AuditChanges())
	return nil
}

// Agencies returns the agency directory, by name.
func (s *Store) Agencies(ctx context.Context) ([]cdop.Agency, error) {
	var out []cdop.Agency
	err := s.read(ctx, func(o *op) error {
		out = slices.Clone(o.agencies)
		slices.SortStableFunc(out, func(a, b cdop.Agency) int { return byFolded(a.Name, b.Name) })
		return nil
	})
	return out, err
}

// SaveAgency adds (ID 0) or updates an agency, as cdop.PrepareAgency has it,
// refusing a name another agency has.
func (s *Store) SaveAgency(ctx context.Context, a *cdop.Agency) error {
	return save(s, ctx, a, func(o *op) (*cdop.Agency, error) {
		n, err := cdop.PrepareAgency(a)
		if err != nil {
			return nil, err
		}
		var old *cdop.Agency
		if n.ID != 0 {
			if old, err = o.findAgency(n.ID); err != nil {
				return nil, err
			}
		}
		for _, other := range o.agencies {
			if other.ID != n.ID && cdop.FoldASCII(other.Name) == cdop.FoldASCII(n.Name) {
				return nil, cdop.AgencyNameInUse(n.Name)
			}
		}
		if old != nil && *old == *n {
			return n, nil
		}
		if old == nil {
			n.ID = o.nextID("agency")
			o.agencies = append(o.agencies, *n)
		} else {
			o.agencies[slices.IndexFunc(o.agencies, func(x cdop.Agency) bool { return x.ID == n.ID })] = *n
		}
		o.audit("", actionAgency, recordChange("agency_id", n.ID))
		return n, nil
	})
}

func (o *op) findAgency(id int64) (*cdop.Agency, error) {
	for _, a := range o.agencies {
		if a.ID == id {
			return &a, nil
		}
	}
	return nil, cdop.Errorf(cdop.ENOTFOUND, "there is no agency with ID %d", id)
}

// openCaseRef returns the reference of a case whose records are to change:
// ENOTFOUND when there is none, cdop.RefuseReadOnly's refusal when it is
// closed, voided or transferred.
func (o *op) openCaseRef(id string) (string, error) {
	c, err := o.findCase(id)
	if err != nil {
		return "", err
	}
	return c.Ref, cdop.RefuseReadOnly(c)
}

// SaveRequest adds (ID 0) or updates a request for an agency's form, as
// cdop.PrepareRequest has it; the case must be open.
func (s *Store) SaveRequest(ctx context.Context, r *cdop.AgencyRequest) error {
	return save(s, ctx, r, func(o *op) (*cdop.AgencyRequest, error) {
		if err := r.Validate(o.today); err != nil {
			return nil, err
		}
		ref, err := o.openCaseRef(r.CaseID)
		if err != nil {
			return nil, err
		}
		if _, err := o.findAgency(r.AgencyID); err != nil {
			return nil, err
		}
		n, err := cdop.PrepareRequest(r, o.settings, o.today)
		if err != nil {
			return nil, err
		}
		n.AgencyName = ""
		i := -1
		if n.ID != 0 {
			if i = slices.IndexFunc(o.requests, func(x cdop.AgencyRequest) bool { return x.ID == n.ID && x.CaseID == n.CaseID }); i < 0 {
				return nil, cdop.Errorf(cdop.ENOTFOUND, "case %s has no agency request with ID %d", ref, n.ID)
			}
			n.UpdatedAt = o.requests[i].UpdatedAt
			if reflect.DeepEqual(o.requests[i], *n) {
				read := o.readRequest(*n)
				return &read, nil
			}
		}
		n.UpdatedAt = o.now
		if i < 0 {
			n.ID = o.nextID("request")
			o.requests = append(o.requests, *n)
		} else {
			o.requests[i] = *n
		}
		o.audit(n.CaseID, actionRequest, recordChange("request_id", n.ID))
		read := o.readRequest(*n)
		return &read, nil
	})
}

// AddContact records a contact with the family, as cdop.PrepareContact has
// it; the case must be open.
func (s *Store) AddContact(ctx context.Context, c *cdop.Contact) error {
	return save(s, ctx, c, func(o *op) (*cdop.Contact, error) {
		n, err := cdop.PrepareContact(c, cdop.ActorFrom(ctx), o.today)
		if err != nil {
			return nil, err
		}
		if _, err := o.openCaseRef(n.CaseID); err != nil {
			return nil, err
		}
		n.ID = o.nextID("contact")
		o.contacts = append(o.contacts, *n)
		o.audit(n.CaseID, actionContact, recordChange("contact_id", n.ID))
		return n, nil
	})
}

// PauseClock records a pause of one of a case's clocks, as cdop.PreparePause
// and cdop.CheckPauseOverlap allow; the case must be open.
func (s *Store) PauseClock(ctx context.Context, p *cdop.ClockPause) error {
	return save(s, ctx, p, func(o *op) (*cdop.ClockPause, error) {
		n, err := cdop.PreparePause(p, o.today)
		if err != nil {
			return nil, err
		}
		ref, err := o.openCaseRef(n.CaseID)
		if err != nil {
			return nil, err
		}
		var others []cdop.ClockPause
		for _, x := range o.pauses {
			if x.CaseID == n.CaseID {
				others = append(others, x)
			}
		}
		if err := cdop.CheckPauseOverlap(n, others, ref); err != nil {
			return nil, err
		}
		n.ID = o.nextID("pause")
		o.pauses = append(o.pauses, *n)
		o.audit(n.CaseID, actionPause, recordChange("pause_id", n.ID))
		return n, nil
	})
}

// ResumeClock ends a running pause on a day, as cdop.ResumePause allows;
// the case must be open.
func (s *Store) ResumeClock(ctx context.Context, pauseID int64, on cdop.Date) error {
	return s.write(ctx, func(o *op) error {
		i := slices.IndexFunc(o.pauses, func(p cdop.ClockPause) bool { return p.ID == pauseID })
		if i < 0 {
			return cdop.Errorf(cdop.ENOTFOUND, "there is no clock pause with ID %d", pauseID)
		}
		ref, err := o.openCaseRef(o.pauses[i].CaseID)
		if err != nil {
			return err
		}
		n, err := cdop.ResumePause(o.pauses[i], on, ref, o.today)
		if err != nil {
			return err
		}
		o.pauses[i] = *n
		o.audit(n.CaseID, actionPause, recordChange("pause_id", n.ID))
		return nil
	})
}

// Settings returns the panel's settings.
func (s *Store) Settings(ctx context.Context) (cdop.Settings, error) {
	var out cdop.Settings
	err := s.read(ctx, func(o *op) error {
		out = o.settings
		out.ExtraHolidays = slices.Clone(out.ExtraHolidays)
		return nil
	})
	return out, err
}

// SaveSettings stores the panel's settings as cdop.PrepareSettings has them.
func (s *Store) SaveSettings(ctx context.Context, settings cdop.Settings) error {
	return s.write(ctx, func(o *op) error {
		n, err := cdop.PrepareSettings(settings)
		if err != nil {
			return err
		}
		if !reflect.DeepEqual(n, o.settings) {
			o.settings = n
			o.audit("", actionSettings, nil)
		}
		return nil
	})
}
