package memstore

import (
	"context"
	"reflect"
	"slices"
	"strings"

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

// MoveStage moves a case to another stage when cdop.CheckStageMove allows
// it, recording the move.
func (s *Store) MoveStage(ctx context.Context, caseID string, to cdop.Stage, reason string) error {
	return s.write(ctx, func(o *op) error { return o.moveStage(caseID, to, strings.TrimSpace(reason)) })
}

func (o *op) moveStage(caseID string, to cdop.Stage, reason string) error {
	f, err := o.caseFile(caseID)
	if err != nil {
		return err
	}
	if err := cdop.CheckStageMove(f, to, reason); err != nil {
		return err
	}
	from := f.Case.Stage
	moved := f.Case.Clone()
	moved.Stage = to
	if err := moved.ValidateOn(o.today); err != nil {
		return err
	}
	moved.UpdatedAt = o.stamp(caseID, f.Case.UpdatedAt)
	o.cases[caseID] = moved
	o.moves = append(o.moves, cdop.StageMove{ID: o.nextID("move"), CaseID: caseID, From: from, To: to, At: o.now, Actor: cdop.ActorFrom(o.ctx), Reason: reason})
	changes := []cdop.FieldChange{{Field: "stage", Old: string(from), New: string(to)}}
	if reason != "" {
		changes = append(changes, cdop.FieldChange{Field: "stage_reason", New: reason})
	}
	o.audit(caseID, actionStage, changes)
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
	var stored *cdop.Agency
	err := s.write(ctx, func(o *op) error {
		n, err := cdop.PrepareAgency(a)
		if err != nil {
			return err
		}
		var old *cdop.Agency
		if n.ID != 0 {
			if old, err = o.findAgency(n.ID); err != nil {
				return err
			}
		}
		for _, other := range o.agencies {
			if other.ID != n.ID && cdop.FoldASCII(other.Name) == cdop.FoldASCII(n.Name) {
				return cdop.AgencyNameInUse(n.Name)
			}
		}
		stored = n
		if old != nil && *old == *n {
			return nil
		}
		if old == nil {
			n.ID = o.nextID("agency")
			o.agencies = append(o.agencies, *n)
		} else {
			o.agencies[slices.IndexFunc(o.agencies, func(x cdop.Agency) bool { return x.ID == n.ID })] = *n
		}
		o.audit("", actionAgency, recordChange("agency_id", n.ID))
		return nil
	})
	if err == nil {
		*a = *stored
	}
	return err
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
// ENOTFOUND when there is none, cdop.RefuseClosed's refusal when it is closed.
func (o *op) openCaseRef(id string) (string, error) {
	c, err := o.findCase(id)
	if err != nil {
		return "", err
	}
	return c.Ref, cdop.RefuseClosed(c.Ref, c.Stage)
}

// SaveRequest adds (ID 0) or updates a request for an agency's form, as
// cdop.PrepareRequest has it; the case must be open.
func (s *Store) SaveRequest(ctx context.Context, r *cdop.AgencyRequest) error {
	var stored cdop.AgencyRequest
	err := s.write(ctx, func(o *op) error {
		if err := r.Validate(o.today); err != nil {
			return err
		}
		ref, err := o.openCaseRef(r.CaseID)
		if err != nil {
			return err
		}
		if _, err := o.findAgency(r.AgencyID); err != nil {
			return err
		}
		n, err := cdop.PrepareRequest(r, o.settings, o.today)
		if err != nil {
			return err
		}
		i := -1
		if n.ID != 0 {
			if i = slices.IndexFunc(o.requests, func(x cdop.AgencyRequest) bool { return x.ID == n.ID && x.CaseID == n.CaseID }); i < 0 {
				return cdop.Errorf(cdop.ENOTFOUND, "case %s has no agency request with ID %d", ref, n.ID)
			}
			old := o.requests[i]
			n.UpdatedAt, n.AgencyName = old.UpdatedAt, ""
			if reflect.DeepEqual(old, *n) {
				stored = o.readRequest(old)
				return nil
			}
		}
		n.AgencyName = ""
		n.UpdatedAt = o.now
		if i < 0 {
			n.ID = o.nextID("request")
			o.requests = append(o.requests, *n)
		} else {
			o.requests[i] = *n
		}
		o.audit(n.CaseID, actionRequest, recordChange("request_id", n.ID))
		stored = o.readRequest(*n)
		return nil
	})
	if err == nil {
		*r = stored
	}
	return err
}

// AddContact records a contact with the family, as cdop.PrepareContact has
// it; the case must be open.
func (s *Store) AddContact(ctx context.Context, c *cdop.Contact) error {
	var stored *cdop.Contact
	err := s.write(ctx, func(o *op) error {
		n, err := cdop.PrepareContact(c, cdop.ActorFrom(ctx), o.today)
		if err != nil {
			return err
		}
		if _, err := o.openCaseRef(n.CaseID); err != nil {
			return err
		}
		n.ID = o.nextID("contact")
		o.contacts = append(o.contacts, *n)
		o.audit(n.CaseID, actionContact, recordChange("contact_id", n.ID))
		stored = n
		return nil
	})
	if err == nil {
		*c = *stored
	}
	return err
}

// PauseClock records a pause of one of a case's clocks, as cdop.PreparePause
// and cdop.CheckPauseOverlap allow; the case must be open.
func (s *Store) PauseClock(ctx context.Context, p *cdop.ClockPause) error {
	var stored *cdop.ClockPause
	err := s.write(ctx, func(o *op) error {
		n, err := cdop.PreparePause(p, o.today)
		if err != nil {
			return err
		}
		ref, err := o.openCaseRef(n.CaseID)
		if err != nil {
			return err
		}
		var others []cdop.ClockPause
		for _, x := range o.pauses {
			if x.CaseID == n.CaseID {
				others = append(others, x)
			}
		}
		if err := cdop.CheckPauseOverlap(n, others, ref); err != nil {
			return err
		}
		n.ID = o.nextID("pause")
		o.pauses = append(o.pauses, *n)
		o.audit(n.CaseID, actionPause, recordChange("pause_id", n.ID))
		stored = n
		return nil
	})
	if err == nil {
		*p = *stored
	}
	return err
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
