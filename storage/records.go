package storage

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"casemanager/cdop"
)

// SaveRequest validates a request for an agency's form and adds it (when
// its ID is 0, which is then set) or stores it over the case's request with
// its ID, with an audit row of what changed. A request without a due date
// is due the panel's AgencyReportDays setting after it was made. The case
// and the agency must exist (ENOTFOUND), and the case must not be closed
// (ECONFLICT: a closed case is read-only until reopened). On success r
// holds what is stored, with its agency's name.
func (db *DB) SaveRequest(ctx context.Context, r *cdop.AgencyRequest) error {
	tx, err := db.beginWrite(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()

	stored, err := saveRequest(ctx, tx, r)
	if err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	*r = *stored
	return nil
}

func saveRequest(ctx context.Context, tx *tx, r *cdop.AgencyRequest) (*cdop.AgencyRequest, error) {
	if err := r.Validate(tx.today); err != nil {
		return nil, err
	}
	ref, err := openCaseRef(ctx, tx, r.CaseID)
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
	prepared, err := cdop.PrepareRequest(r, settings, tx.today)
	if err != nil {
		return nil, err
	}
	n := *prepared
	n.AgencyName = agency.Name

	var old *cdop.AgencyRequest
	if n.ID != 0 {
		found, err := findRequests(ctx, tx, "WHERE r.id = ? AND r.case_id = ?", n.ID, n.CaseID)
		if err != nil {
			return nil, err
		} else if len(found) == 0 {
			return nil, cdop.Errorf(cdop.ENOTFOUND, "case %s has no agency request with ID %d", ref, n.ID)
		}
		old = &found[0]
	}
	chased, err := chasedJSON(n.ChasedOn)
	if err != nil {
		return nil, err
	}
	n.UpdatedAt = tx.now
	values := []any{n.AgencyID, n.Form, n.RequestedOn.String(), n.DueOn.String(), chased,
		nullable(n.ReceivedOn.String()), nullable(n.DeclinedOn.String()), nullable(n.DeclineReason),
		nullable(n.Note), formatTime(n.UpdatedAt)}

	if old == nil {
		res, err := tx.ExecContext(ctx, `INSERT INTO agency_requests (agency_id, form, requested_on, due_on, chased_on,
			received_on, declined_on, decline_reason, note, updated_at, case_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			append(values, n.CaseID)...)
		if err != nil {
			return nil, fmt.Errorf("add a request for case %s: %w", ref, err)
		}
		if n.ID, err = res.LastInsertId(); err != nil {
			return nil, err
		}
	}
	changes := diffRecord("request_id", n.ID, requestFields(old), requestFields(&n))
	if len(changes) == 0 {
		n.UpdatedAt = old.UpdatedAt
		return &n, nil
	}
	if old != nil {
		if _, err := tx.ExecContext(ctx, `UPDATE agency_requests SET agency_id = ?, form = ?, requested_on = ?, due_on = ?,
			chased_on = ?, received_on = ?, declined_on = ?, decline_reason = ?, note = ?, updated_at = ? WHERE id = ?`,
			append(values, n.ID)...); err != nil {
			return nil, fmt.Errorf("update request %d of case %s: %w", n.ID, ref, err)
		}
	}
	if err := insertAudit(ctx, tx, n.CaseID, requestAction, changes); err != nil {
		return nil, err
	}
	return &n, nil
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

func addContact(ctx context.Context, tx *tx, c *cdop.Contact) (*cdop.Contact, error) {
	prepared, err := cdop.PrepareContact(c, cdop.ActorFrom(ctx), tx.today)
	if err != nil {
		return nil, err
	}
	ref, err := openCaseRef(ctx, tx, c.CaseID)
	if err != nil {
		return nil, err
	}
	n := *prepared
	res, err := tx.ExecContext(ctx, "INSERT INTO contacts (case_id, contacted_on, method, note, contacted_by) VALUES (?, ?, ?, ?, ?)",
		n.CaseID, n.On.String(), n.Method, nullable(n.Note), n.By)
	if err != nil {
		return nil, fmt.Errorf("record a contact for case %s: %w", ref, err)
	}
	if n.ID, err = res.LastInsertId(); err != nil {
		return nil, err
	}
	changes := diffRecord("contact_id", n.ID, nil, []field{
		{"on", n.On.String()}, {"method", n.Method}, {"note", n.Note}, {"by", n.By},
	})
	if err := insertAudit(ctx, tx, n.CaseID, contactAction, changes); err != nil {
		return nil, err
	}
	return &n, nil
}

// PauseClock validates a pause of one of a case's clocks and records it,
// with an audit row. It refuses (ECONFLICT) a pause of a closed case's
// clock, and one overlapping another of the same clock of the case, such
// as a second one running at once. On success p holds what is stored, with
// its new ID.
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
	n, err := cdop.PreparePause(p, tx.today)
	if err != nil {
		return nil, err
	}
	ref, err := openCaseRef(ctx, tx, n.CaseID)
	if err != nil {
		return nil, err
	}
	others, err := findPauses(ctx, tx, "WHERE case_id = ? AND deadline = ? ORDER BY from_on, id", n.CaseID, n.Deadline)
	if err != nil {
		return nil, err
	}
	if err := cdop.CheckPauseOverlap(n, others, ref); err != nil {
		return nil, err
	}

	res, err := tx.ExecContext(ctx, "INSERT INTO clock_pauses (case_id, deadline, from_on, to_on, reason) VALUES (?, ?, ?, ?, ?)",
		n.CaseID, n.Deadline, n.From.String(), nullable(n.To.String()), n.Reason)
	if err != nil {
		return nil, fmt.Errorf("pause a clock of case %s: %w", ref, err)
	}
	if n.ID, err = res.LastInsertId(); err != nil {
		return nil, err
	}
	if err := insertAudit(ctx, tx, n.CaseID, pauseAction, diffRecord("pause_id", n.ID, nil, pauseFields(n))); err != nil {
		return nil, err
	}
	return n, nil
}

// pauseFields returns what a pause's audit rows compare.
func pauseFields(p *cdop.ClockPause) []field {
	return []field{{"deadline", p.Deadline}, {"from", p.From.String()}, {"to", p.To.String()}, {"reason", p.Reason}}
}

// ResumeClock ends a running pause on a date, with an audit row. It
// refuses a pause of a closed case or one already ended (ECONFLICT), and a
// date before the pause began.
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
	found, err := findPauses(ctx, tx, "WHERE id = ?", pauseID)
	if err != nil {
		return err
	} else if len(found) == 0 {
		return cdop.Errorf(cdop.ENOTFOUND, "there is no clock pause with ID %d", pauseID)
	}
	old := found[0]
	ref, err := openCaseRef(ctx, tx, old.CaseID)
	if err != nil {
		return err
	}
	resumed, err := cdop.ResumePause(old, on, ref, tx.today)
	if err != nil {
		return err
	}
	n := *resumed
	if _, err := tx.ExecContext(ctx, "UPDATE clock_pauses SET to_on = ? WHERE id = ?", n.To.String(), n.ID); err != nil {
		return fmt.Errorf("restart a clock of case %s: %w", ref, err)
	}
	return insertAudit(ctx, tx, n.CaseID, pauseAction, diffRecord("pause_id", n.ID, pauseFields(&old), pauseFields(&n)))
}
