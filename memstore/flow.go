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

// openCaseFile returns the file of a case whose records are to change:
// ENOTFOUND when there is none, cdop.RefuseReadOnly's refusal when it is
// closed, voided or transferred.
func (o *op) openCaseFile(id string) (*cdop.CaseFile, error) {
	f, err := o.caseFile(id)
	if err != nil {
		return nil, err
	}
	return f, cdop.RefuseReadOnly(f.Case)
}

// SaveRequest adds (ID 0) or updates a request for an agency's form, as
// cdop.PrepareRequest has it without a reason; the case must be open.
func (s *Store) SaveRequest(ctx context.Context, r *cdop.AgencyRequest) error {
	return s.CorrectRequest(ctx, r, "")
}

// CorrectRequest stores a request as SaveRequest does and, with a reason,
// may change or undo what was recorded as done, as cdop.PrepareRequest allows.
func (s *Store) CorrectRequest(ctx context.Context, r *cdop.AgencyRequest, reason string) error {
	return save(s, ctx, r, func(o *op) (*cdop.AgencyRequest, error) {
		f, err := o.openCaseFile(r.CaseID)
		if err != nil {
			return nil, err
		}
		if _, err := o.findAgency(r.AgencyID); err != nil {
			return nil, err
		}
		i := -1
		var old *cdop.AgencyRequest
		if r.ID != 0 {
			if i = slices.IndexFunc(o.requests, func(x cdop.AgencyRequest) bool { return x.ID == r.ID && x.CaseID == r.CaseID }); i < 0 {
				return nil, cdop.Errorf(cdop.ENOTFOUND, "case %s has no agency request with ID %d", f.Case.Ref, r.ID)
			}
			read := o.readRequest(o.requests[i])
			old = &read
		}
		n, err := cdop.PrepareRequest(f, old, r, reason, o.settings, o.today)
		if err != nil {
			return nil, err
		}
		n.AgencyName = ""
		if old != nil {
			n.UpdatedAt = o.requests[i].UpdatedAt
			if reflect.DeepEqual(o.requests[i], *n) {
				read := o.readRequest(*n)
				return &read, nil
			}
		}
		n.UpdatedAt = o.now
		changes := recordChange("request_id", n.ID)
		if i < 0 {
			n.ID = o.nextID("request")
			o.requests = append(o.requests, *n)
			changes = recordChange("request_id", n.ID)
		} else {
			o.requests[i] = *n
			changes = append(changes, cdop.CorrectionChanges(reason)...)
		}
		o.audit(n.CaseID, actionRequest, changes)
		read := o.readRequest(*n)
		return &read, nil
	})
}

// AddContact records a contact with the family, as cdop.PrepareContact has
// it; the case must be open.
func (s *Store) AddContact(ctx context.Context, c *cdop.Contact) error {
	return save(s, ctx, c, func(o *op) (*cdop.Contact, error) {
		f, err := o.openCaseFile(c.CaseID)
		if err != nil {
			return nil, err
		}
		n, err := cdop.PrepareContact(f.Case, c, cdop.ActorFrom(ctx), o.today)
		if err != nil {
			return nil, err
		}
		n.ID = o.nextID("contact")
		o.contacts = append(o.contacts, *n)
		o.audit(n.CaseID, actionContact, recordChange("contact_id", n.ID))
		return n, nil
	})
}

// findOpenContact returns the index of a contact whose case is open, and its case.
func (o *op) findOpenContact(id int64) (int, *cdop.Case, error) {
	i := slices.IndexFunc(o.contacts, func(k cdop.Contact) bool { return k.ID == id })
	if i < 0 {
		return -1, nil, cdop.Errorf(cdop.ENOTFOUND, "there is no contact with ID %d", id)
	}
	f, err := o.openCaseFile(o.contacts[i].CaseID)
	if err != nil {
		return -1, nil, err
	}
	return i, f.Case, nil
}

// CorrectContact changes a contact recorded, as cdop.CorrectContact allows.
func (s *Store) CorrectContact(ctx context.Context, k *cdop.Contact, reason string) error {
	return save(s, ctx, k, func(o *op) (*cdop.Contact, error) {
		i, c, err := o.findOpenContact(k.ID)
		if err != nil {
			return nil, err
		}
		old := o.contacts[i]
		n, err := cdop.CorrectContact(c, &old, k, reason, cdop.ActorFrom(ctx), o.today)
		if err != nil || *n == old {
			return n, err
		}
		o.contacts[i] = *n
		o.audit(n.CaseID, actionContact, append(recordChange("contact_id", n.ID), cdop.CorrectionChanges(reason)...))
		return n, nil
	})
}

// RemoveContact undoes a contact recorded in error, as cdop.RemoveContact allows.
func (s *Store) RemoveContact(ctx context.Context, contactID int64, reason string) error {
	return s.write(ctx, func(o *op) error {
		i, _, err := o.findOpenContact(contactID)
		if err != nil {
			return err
		}
		old := o.contacts[i]
		if err := cdop.RemoveContact(&old, reason); err != nil {
			return err
		}
		o.contacts = slices.Delete(o.contacts, i, i+1)
		o.audit(old.CaseID, actionContact, append(recordChange("contact_id", old.ID), cdop.CorrectionChanges(reason)...))
		return nil
	})
}

// PauseClock records a pause of one of a case's clocks, as
// cdop.PreparePause allows; the case must be open.
func (s *Store) PauseClock(ctx context.Context, p *cdop.ClockPause) error {
	return save(s, ctx, p, func(o *op) (*cdop.ClockPause, error) {
		f, err := o.openCaseFile(p.CaseID)
		if err != nil {
			return nil, err
		}
		n, err := cdop.PreparePause(f, p, o.settings, o.today)
		if err != nil {
			return nil, err
		}
		n.ID = o.nextID("pause")
		o.pauses = append(o.pauses, *n)
		o.audit(n.CaseID, actionPause, recordChange("pause_id", n.ID))
		return n, nil
	})
}

// findOpenPause returns the index of a pause whose case is open, and the case's file.
func (o *op) findOpenPause(id int64) (int, *cdop.CaseFile, error) {
	i := slices.IndexFunc(o.pauses, func(p cdop.ClockPause) bool { return p.ID == id })
	if i < 0 {
		return -1, nil, cdop.Errorf(cdop.ENOTFOUND, "there is no clock pause with ID %d", id)
	}
	f, err := o.openCaseFile(o.pauses[i].CaseID)
	if err != nil {
		return -1, nil, err
	}
	return i, f, nil
}

// ResumeClock ends a running pause on a day, as cdop.ResumePause allows;
// the case must be open.
func (s *Store) ResumeClock(ctx context.Context, pauseID int64, on cdop.Date) error {
	return s.write(ctx, func(o *op) error {
		i, f, err := o.findOpenPause(pauseID)
		if err != nil {
			return err
		}
		n, err := cdop.ResumePause(o.pauses[i], on, f.Case.Ref, o.today)
		if err != nil {
			return err
		}
		o.pauses[i] = *n
		o.audit(n.CaseID, actionPause, recordChange("pause_id", n.ID))
		return nil
	})
}

// CorrectPause changes a pause recorded, as cdop.CorrectPause allows.
func (s *Store) CorrectPause(ctx context.Context, p *cdop.ClockPause, reason string) error {
	return save(s, ctx, p, func(o *op) (*cdop.ClockPause, error) {
		i, f, err := o.findOpenPause(p.ID)
		if err != nil {
			return nil, err
		}
		old := o.pauses[i]
		n, err := cdop.CorrectPause(f, &old, p, reason, o.settings, o.today)
		if err != nil || *n == old {
			return n, err
		}
		o.pauses[i] = *n
		o.audit(n.CaseID, actionPause, append(recordChange("pause_id", n.ID), cdop.CorrectionChanges(reason)...))
		return n, nil
	})
}

// RemovePause undoes a pause recorded in error, as cdop.RemovePause allows.
func (s *Store) RemovePause(ctx context.Context, pauseID int64, reason string) error {
	return s.write(ctx, func(o *op) error {
		i, _, err := o.findOpenPause(pauseID)
		if err != nil {
			return err
		}
		old := o.pauses[i]
		if err := cdop.RemovePause(&old, reason); err != nil {
			return err
		}
		o.pauses = slices.Delete(o.pauses, i, i+1)
		o.audit(old.CaseID, actionPause, append(recordChange("pause_id", old.ID), cdop.CorrectionChanges(reason)...))
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
