package storage

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"casemanager/cdop"
)

// What is recorded about a case along the flowchart: requests for
// agencies' forms, contacts with the family and clock pauses. Each
// operation loads the case's file, asks cdop's rule (cdop.PrepareRequest,
// cdop.CorrectContact…), writes what it returns through the one writer of
// its table (writeRequest, writeContact, writePause) and records an audit
// row with the old and new values and, for a correction or an undo, the
// reason.

// SaveRequest validates a request for an agency's form and adds it (when
// its ID is 0, which is then set) or stores it over the case's request with
// its ID, with an audit row of what changed, as cdop.PrepareRequest allows
// (without a reason: what was recorded as done cannot change here; see
// CorrectRequest). A request without a due date is due the panel's
// AgencyReportDays setting after it was made. The case and the agency must
// exist (ENOTFOUND), and the case must not be closed (ECONFLICT: a closed
// case is read-only until reopened). On success r holds what is stored,
// with its agency's name.
func (db *DB) SaveRequest(ctx context.Context, r *cdop.AgencyRequest) error {
	return db.CorrectRequest(ctx, r, "")
}

// CorrectRequest stores a request as SaveRequest does and, with a reason,
// may change or undo what was recorded as done (the date of the request, a
// chase, the reply); the audit row carries the reason beside the old and
// new values.
func (db *DB) CorrectRequest(ctx context.Context, r *cdop.AgencyRequest, reason string) error {
	tx, err := db.beginWrite(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()

	stored, err := saveRequest(ctx, tx, r, reason)
	if err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	*r = *stored
	return nil
}

func saveRequest(ctx context.Context, tx *tx, r *cdop.AgencyRequest, reason string) (*cdop.AgencyRequest, error) {
	f, err := openCaseFile(ctx, tx, r.CaseID)
	if err != nil {
		return nil, err
	}
	agency, err := findAgency(ctx, tx, r.AgencyID)
	if err != nil {
		return nil, err
	}
	settings, err := loadSettings(ctx, tx)
	if err != nil {
		return nil, err
	}
	var old *cdop.AgencyRequest
	if r.ID != 0 {
		for i := range f.Requests {
			if f.Requests[i].ID == r.ID {
				old = &f.Requests[i]
			}
		}
		if old == nil {
			return nil, cdop.Errorf(cdop.ENOTFOUND, "case %s has no agency request with ID %d", f.Case.Ref, r.ID)
		}
	}
	prepared, err := cdop.PrepareRequest(f, old, r, reason, settings, tx.today)
	if err != nil {
		return nil, err
	}
	n := *prepared
	n.AgencyName = agency.Name
	n.UpdatedAt = tx.now

	changes := diffRecord("request_id", n.ID, requestFields(old), requestFields(&n))
	if old != nil && len(changes) == 0 {
		n.UpdatedAt = old.UpdatedAt
		return &n, nil
	}
	if err := writeRequest(ctx, tx, &n, old == nil); err != nil {
		return nil, fmt.Errorf("store a request of case %s: %w", f.Case.Ref, err)
	}
	if old == nil {
		changes = diffRecord("request_id", n.ID, nil, requestFields(&n))
	} else {
		changes = append(changes, cdop.CorrectionChanges(reason)...)
	}
	if err := insertAudit(ctx, tx, n.CaseID, requestAction, changes); err != nil {
		return nil, err
	}
	return &n, nil
}

// writeRequest adds request n (insert, setting its ID) or stores it over
// the one with its ID: the one place requests, their reasons and notes
// among them, are written (findRequests reads them).
func writeRequest(ctx context.Context, tx *tx, n *cdop.AgencyRequest, insert bool) error {
	chased, err := chasedJSON(n.ChasedOn)
	if err != nil {
		return err
	}
	values := []any{n.AgencyID, n.Form, n.RequestedOn.String(), n.DueOn.String(), chased,
		nullable(n.ReceivedOn.String()), nullable(n.DeclinedOn.String()), formatTime(n.UpdatedAt)}
	if !insert {
		if _, err := tx.ExecContext(ctx, `UPDATE agency_requests SET agency_id = ?, form = ?, requested_on = ?, due_on = ?,
			chased_on = ?, received_on = ?, declined_on = ?, updated_at = ? WHERE id = ?`,
			append(values, n.ID)...); err != nil {
			return err
		}
	} else {
		res, err := tx.ExecContext(ctx, `INSERT INTO agency_requests (agency_id, form, requested_on, due_on, chased_on,
			received_on, declined_on, updated_at, case_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			append(values, n.CaseID)...)
		if err != nil {
			return err
		}
		if n.ID, err = res.LastInsertId(); err != nil {
			return err
		}
	}
	// The typed text, sealed for its row once the row has its ID.
	if err := writeSealed(ctx, tx, requestDecline, idKey(n.ID), n.DeclineReason); err != nil {
		return err
	}
	return writeSealed(ctx, tx, requestNote, idKey(n.ID), n.Note)
}

// openCaseFile returns the file of a case whose records are to change:
// ENOTFOUND when there is none, cdop.RefuseReadOnly's refusal when it is
// closed, voided or transferred.
func openCaseFile(ctx context.Context, tx *tx, caseID string) (*cdop.CaseFile, error) {
	f, err := caseFile(ctx, tx, caseID)
	if err != nil {
		return nil, err
	}
	return f, cdop.RefuseReadOnly(f.Case)
}

// openCase returns a case whose records are to change, as openCaseFile
// does, without its records.
func openCase(ctx context.Context, tx *tx, caseID string) (*cdop.Case, error) {
	c, err := findCaseByID(ctx, tx, caseID)
	if err != nil {
		return nil, err
	}
	return c, cdop.RefuseReadOnly(c)
}

// chasedJSON returns the dates of a request's chases as a JSON array of text.
func chasedJSON(dates []cdop.Date) (string, error) {
	out := make([]string, len(dates))
	for i, d := range dates {
		out[i] = d.String()
	}
	js, err := json.Marshal(out)
	return string(js), err
}

// requestFields returns what a request's audit rows compare, or nil for none.
func requestFields(r *cdop.AgencyRequest) []field {
	if r == nil {
		return nil
	}
	chased := make([]string, len(r.ChasedOn))
	for i, d := range r.ChasedOn {
		chased[i] = d.String()
	}
	return []field{
		{"agency", r.AgencyName},
		{"form", r.Form},
		{"requested_on", r.RequestedOn.String()},
		{"due_on", r.DueOn.String()},
		{"chased_on", strings.Join(chased, cdop.ListSeparator)},
		{"received_on", r.ReceivedOn.String()},
		{"declined_on", r.DeclinedOn.String()},
		{"decline_reason", r.DeclineReason},
		{"note", r.Note},
	}
}

// AddContact validates a contact with the family and records it, with an
// audit row; who made it defaults to the context's actor. It refuses a
// contact on a closed case (ECONFLICT). On success c holds what is stored,
// with its new ID.
func (db *DB) AddContact(ctx context.Context, c *cdop.Contact) error {
	tx, err := db.beginWrite(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()

	stored, err := addContact(ctx, tx, c)
	if err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	*c = *stored
	return nil
}

func addContact(ctx context.Context, tx *tx, k *cdop.Contact) (*cdop.Contact, error) {
	c, err := openCase(ctx, tx, k.CaseID)
	if err != nil {
		return nil, err
	}
	n, err := cdop.PrepareContact(c, k, cdop.ActorFrom(ctx), tx.today)
	if err != nil {
		return nil, err
	}
	if err := writeContact(ctx, tx, n, true); err != nil {
		return nil, fmt.Errorf("record a contact for case %s: %w", c.Ref, err)
	}
	return n, insertAudit(ctx, tx, n.CaseID, contactAction, diffRecord("contact_id", n.ID, nil, contactFields(n)))
}

// CorrectContact changes a contact recorded (its date, how, who made it,
// the note) as cdop.CorrectContact allows, with an audit row of the old
// and new values and the reason; a correction that changes nothing writes
// nothing. On success k holds what is stored.
func (db *DB) CorrectContact(ctx context.Context, k *cdop.Contact, reason string) error {
	tx, err := db.beginWrite(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()

	stored, err := correctContact(ctx, tx, k, reason)
	if err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	*k = *stored
	return nil
}

func correctContact(ctx context.Context, tx *tx, k *cdop.Contact, reason string) (*cdop.Contact, error) {
	old, c, err := findOpenContact(ctx, tx, k.ID)
	if err != nil {
		return nil, err
	}
	n, err := cdop.CorrectContact(c, old, k, reason, cdop.ActorFrom(ctx), tx.today)
	if err != nil {
		return nil, err
	}
	changes := diffRecord("contact_id", n.ID, contactFields(old), contactFields(n))
	if changes == nil {
		return n, nil
	}
	if err := writeContact(ctx, tx, n, false); err != nil {
		return nil, fmt.Errorf("correct a contact of case %s: %w", c.Ref, err)
	}
	return n, insertAudit(ctx, tx, n.CaseID, contactAction, append(changes, cdop.CorrectionChanges(reason)...))
}

// RemoveContact undoes a contact recorded in error, as cdop.RemoveContact
// allows: it no longer counts (nor shows) and keeps its ID, and the audit
// row has its old values and the reason.
func (db *DB) RemoveContact(ctx context.Context, contactID int64, reason string) error {
	tx, err := db.beginWrite(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()

	if err := removeContact(ctx, tx, contactID, reason); err != nil {
		return err
	}
	return tx.Commit()
}

func removeContact(ctx context.Context, tx *tx, contactID int64, reason string) error {
	old, c, err := findOpenContact(ctx, tx, contactID)
	if err != nil {
		return err
	}
	if err := cdop.RemoveContact(old, reason); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "UPDATE contacts SET undone_at = ? WHERE id = ?", tx.nowText, old.ID); err != nil {
		return fmt.Errorf("undo a contact of case %s: %w", c.Ref, err)
	}
	changes := diffRecord("contact_id", old.ID, contactFields(old), contactFields(&cdop.Contact{}))
	return insertAudit(ctx, tx, old.CaseID, contactAction, append(changes, cdop.CorrectionChanges(reason)...))
}

// findOpenContact returns a contact that stands and its case, which must be
// open.
func findOpenContact(ctx context.Context, tx *tx, id int64) (*cdop.Contact, *cdop.Case, error) {
	found, err := findContacts(ctx, tx, "AND id = ?", id)
	if err != nil {
		return nil, nil, err
	} else if len(found) == 0 {
		return nil, nil, cdop.Errorf(cdop.ENOTFOUND, "there is no contact with ID %d", id)
	}
	c, err := openCase(ctx, tx, found[0].CaseID)
	if err != nil {
		return nil, nil, err
	}
	return &found[0], c, nil
}

// writeContact adds contact n (insert, setting its ID) or stores it over
// the one with its ID: the one place contacts, their notes among them, are
// written (findContacts reads them).
func writeContact(ctx context.Context, tx *tx, n *cdop.Contact, insert bool) error {
	if !insert {
		if _, err := tx.ExecContext(ctx, "UPDATE contacts SET contacted_on = ?, method = ? WHERE id = ?",
			n.On.String(), n.Method, n.ID); err != nil {
			return err
		}
	} else {
		res, err := tx.ExecContext(ctx, "INSERT INTO contacts (case_id, contacted_on, method, contacted_by) VALUES (?, ?, ?, '')",
			n.CaseID, n.On.String(), n.Method)
		if err != nil {
			return err
		}
		if n.ID, err = res.LastInsertId(); err != nil {
			return err
		}
	}
	// The typed text, sealed for its row once the row has its ID.
	if err := writeSealed(ctx, tx, contactBy, idKey(n.ID), n.By); err != nil {
		return err
	}
	return writeSealed(ctx, tx, contactNote, idKey(n.ID), n.Note)
}

// contactFields returns what a contact's audit rows compare.
func contactFields(k *cdop.Contact) []field {
	return []field{{"on", k.On.String()}, {"method", k.Method}, {"note", k.Note}, {"by", k.By}}
}

// PauseClock validates a pause of one of a case's clocks and records it,
// with an audit row, as cdop.PreparePause allows. It refuses (ECONFLICT) a
// pause of a closed case's clock, and one overlapping another of the same
// clock of the case, such as a second one running at once. On success p
// holds what is stored, with its new ID.
func (db *DB) PauseClock(ctx context.Context, p *cdop.ClockPause) error {
	tx, err := db.beginWrite(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()

	stored, err := pauseClock(ctx, tx, p)
	if err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	*p = *stored
	return nil
}

func pauseClock(ctx context.Context, tx *tx, p *cdop.ClockPause) (*cdop.ClockPause, error) {
	f, err := openCaseFile(ctx, tx, p.CaseID)
	if err != nil {
		return nil, err
	}
	settings, err := loadSettings(ctx, tx)
	if err != nil {
		return nil, err
	}
	n, err := cdop.PreparePause(f, p, settings, tx.today)
	if err != nil {
		return nil, err
	}
	if err := writePause(ctx, tx, n, true); err != nil {
		return nil, fmt.Errorf("pause a clock of case %s: %w", f.Case.Ref, err)
	}
	return n, insertAudit(ctx, tx, n.CaseID, pauseAction, diffRecord("pause_id", n.ID, nil, pauseFields(n)))
}

// pauseFields returns what a pause's audit rows compare.
func pauseFields(p *cdop.ClockPause) []field {
	return []field{{"deadline", p.Deadline}, {"from", p.From.String()}, {"to", p.To.String()}, {"reason", p.Reason}}
}

// ResumeClock ends a running pause on a date, with an audit row. It
// refuses a pause of a closed case or one already ended (ECONFLICT), and a
// date before the pause began or still to come.
func (db *DB) ResumeClock(ctx context.Context, pauseID int64, on cdop.Date) error {
	tx, err := db.beginWrite(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()

	if err := resumeClock(ctx, tx, pauseID, on); err != nil {
		return err
	}
	return tx.Commit()
}

func resumeClock(ctx context.Context, tx *tx, pauseID int64, on cdop.Date) error {
	old, f, err := findOpenPause(ctx, tx, pauseID)
	if err != nil {
		return err
	}
	n, err := cdop.ResumePause(*old, on, f.Case.Ref, tx.today)
	if err != nil {
		return err
	}
	if err := writePause(ctx, tx, n, false); err != nil {
		return fmt.Errorf("restart a clock of case %s: %w", f.Case.Ref, err)
	}
	return insertAudit(ctx, tx, n.CaseID, pauseAction, diffRecord("pause_id", n.ID, pauseFields(old), pauseFields(n)))
}

// CorrectPause changes a pause recorded (the day it began, the day the
// clock restarted or its reason) as cdop.CorrectPause allows, with an
// audit row of the old and new values and the reason for the correction.
// On success p holds what is stored.
func (db *DB) CorrectPause(ctx context.Context, p *cdop.ClockPause, reason string) error {
	tx, err := db.beginWrite(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()

	stored, err := correctPause(ctx, tx, p, reason)
	if err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	*p = *stored
	return nil
}

func correctPause(ctx context.Context, tx *tx, p *cdop.ClockPause, reason string) (*cdop.ClockPause, error) {
	old, f, err := findOpenPause(ctx, tx, p.ID)
	if err != nil {
		return nil, err
	}
	settings, err := loadSettings(ctx, tx)
	if err != nil {
		return nil, err
	}
	n, err := cdop.CorrectPause(f, old, p, reason, settings, tx.today)
	if err != nil {
		return nil, err
	}
	changes := diffRecord("pause_id", n.ID, pauseFields(old), pauseFields(n))
	if changes == nil {
		return n, nil
	}
	if err := writePause(ctx, tx, n, false); err != nil {
		return nil, fmt.Errorf("correct a pause of case %s: %w", f.Case.Ref, err)
	}
	return n, insertAudit(ctx, tx, n.CaseID, pauseAction, append(changes, cdop.CorrectionChanges(reason)...))
}

// RemovePause undoes a pause recorded in error, as cdop.RemovePause allows:
// the clock counts as never paused then, the pause keeps its ID, and the
// audit row has its old values and the reason.
func (db *DB) RemovePause(ctx context.Context, pauseID int64, reason string) error {
	tx, err := db.beginWrite(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()

	if err := removePause(ctx, tx, pauseID, reason); err != nil {
		return err
	}
	return tx.Commit()
}

func removePause(ctx context.Context, tx *tx, pauseID int64, reason string) error {
	old, f, err := findOpenPause(ctx, tx, pauseID)
	if err != nil {
		return err
	}
	if err := cdop.RemovePause(old, reason); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "UPDATE clock_pauses SET undone_at = ? WHERE id = ?", tx.nowText, old.ID); err != nil {
		return fmt.Errorf("undo a pause of case %s: %w", f.Case.Ref, err)
	}
	changes := diffRecord("pause_id", old.ID, pauseFields(old), pauseFields(&cdop.ClockPause{}))
	return insertAudit(ctx, tx, old.CaseID, pauseAction, append(changes, cdop.CorrectionChanges(reason)...))
}

// findOpenPause returns a pause that stands and its case's file, which
// must be open.
func findOpenPause(ctx context.Context, tx *tx, id int64) (*cdop.ClockPause, *cdop.CaseFile, error) {
	found, err := findPauses(ctx, tx, "AND id = ?", id)
	if err != nil {
		return nil, nil, err
	} else if len(found) == 0 {
		return nil, nil, cdop.Errorf(cdop.ENOTFOUND, "there is no clock pause with ID %d", id)
	}
	f, err := openCaseFile(ctx, tx, found[0].CaseID)
	if err != nil {
		return nil, nil, err
	}
	return &found[0], f, nil
}

// writePause adds pause n (insert, setting its ID) or stores it over the
// one with its ID: the one place pauses, their reasons among them, are
// written (findPauses reads them).
func writePause(ctx context.Context, tx *tx, n *cdop.ClockPause, insert bool) error {
	if !insert {
		if _, err := tx.ExecContext(ctx, "UPDATE clock_pauses SET deadline = ?, from_on = ?, to_on = ? WHERE id = ?",
			n.Deadline, n.From.String(), nullable(n.To.String()), n.ID); err != nil {
			return err
		}
	} else {
		res, err := tx.ExecContext(ctx, "INSERT INTO clock_pauses (case_id, deadline, from_on, to_on, reason) VALUES (?, ?, ?, ?, '')",
			n.CaseID, n.Deadline, n.From.String(), nullable(n.To.String()))
		if err != nil {
			return err
		}
		if n.ID, err = res.LastInsertId(); err != nil {
			return err
		}
	}
	// The typed reason, sealed for its row once the row has its ID.
	return writeSealed(ctx, tx, pauseReason, idKey(n.ID), n.Reason)
}
