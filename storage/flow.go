package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"casemanager/cdop"
)

var _ cdop.FlowService = (*DB)(nil)

// CaseFile returns a case with its agency requests (oldest request first),
// contacts with the family (by date), clock pauses (by start) and stage
// moves (by time), or an ENOTFOUND error.
func (db *DB) CaseFile(ctx context.Context, caseID string) (*cdop.CaseFile, error) {
	tx, err := db.beginRead(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	return caseFile(ctx, tx, caseID)
}

// OpenCaseFiles returns the file of every case not closed, ordered by
// reference (EachOpenCaseFile, kept).
func (db *DB) OpenCaseFiles(ctx context.Context) ([]*cdop.CaseFile, error) {
	var out []*cdop.CaseFile
	err := db.EachOpenCaseFile(ctx, func(f *cdop.CaseFile) error {
		out = append(out, f)
		return nil
	})
	return out, err
}

// MoveStage moves a case to another stage as cdop.Move allows (its refusal
// is returned as it is), recording the move and an audit row.
func (db *DB) MoveStage(ctx context.Context, caseID string, to cdop.Stage, reason string) error {
	tx, err := db.beginWrite(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()

	if err := moveStage(ctx, tx, caseID, to, reason); err != nil {
		return err
	}
	return tx.Commit()
}

func moveStage(ctx context.Context, tx *tx, caseID string, to cdop.Stage, reason string) error {
	f, err := caseFile(ctx, tx, caseID)
	if err != nil {
		return err
	}
	moved, move, err := cdop.Move(f, to, reason, tx.today)
	if err != nil {
		return err
	}
	seq, err := tx.changeSeq(ctx)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "UPDATE cases SET stage = ?, updated_at = ?, change_seq = ? WHERE id = ?",
		string(moved.Stage), formatTime(tx.stamps.For(caseID, f.Case.UpdatedAt)), seq, caseID); err != nil {
		return fmt.Errorf("move case %s to %s: %w", f.Case.Ref, to, err)
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO stage_moves (case_id, at, actor, from_stage, to_stage)
		VALUES (?, ?, ?, ?, ?)`, caseID, formatTime(tx.now), cdop.ActorFrom(ctx), string(move.From), string(move.To))
	if err != nil {
		return fmt.Errorf("record the move of case %s: %w", f.Case.Ref, err)
	}
	moveID, err := res.LastInsertId()
	if err != nil {
		return err
	}
	if err := writeSealed(ctx, tx, moveReason, idKey(moveID), move.Reason); err != nil {
		return err
	}
	return insertAudit(ctx, tx, caseID, stageAction, move.AuditChanges())
}

func caseFile(ctx context.Context, tx *tx, caseID string) (*cdop.CaseFile, error) {
	c, err := findCaseByID(ctx, tx, caseID)
	if err != nil {
		return nil, err
	}
	files, err := fillFiles(ctx, tx, []*cdop.Case{c}, "case_id = ?", caseID)
	if err != nil {
		return nil, err
	}
	// A case's own file holds what the agencies returned; lists of files
	// (fillFiles) leave the returns out.
	if files[0].Returns, err = findReturns(ctx, tx, "r.case_id = ?", caseID); err != nil {
		return nil, err
	}
	return files[0], nil
}

// fillFiles returns the files of cases with their requests, contacts,
// pauses and moves: those whose case_id meets scope (a condition on case_id
// selecting at least the cases' records) and its arguments.
func fillFiles(ctx context.Context, tx *tx, cases []*cdop.Case, scope string, args ...any) ([]*cdop.CaseFile, error) {
	files := make([]*cdop.CaseFile, len(cases))
	byID := make(map[string]*cdop.CaseFile, len(cases))
	for i, c := range cases {
		files[i] = &cdop.CaseFile{Case: c}
		byID[c.ID] = files[i]
	}
	if len(cases) == 0 {
		return files, nil
	}

	requests, err := findRequests(ctx, tx, "WHERE "+scope+" ORDER BY r.case_id, r.requested_on, r.id", args...)
	if err != nil {
		return nil, err
	}
	for _, r := range requests {
		if f := byID[r.CaseID]; f != nil {
			f.Requests = append(f.Requests, r)
		}
	}
	contacts, err := findContacts(ctx, tx, "AND "+scope+" ORDER BY case_id, contacted_on, id", args...)
	if err != nil {
		return nil, err
	}
	for _, c := range contacts {
		if f := byID[c.CaseID]; f != nil {
			f.Contacts = append(f.Contacts, c)
		}
	}
	pauses, err := findPauses(ctx, tx, "AND "+scope+" ORDER BY case_id, from_on, id", args...)
	if err != nil {
		return nil, err
	}
	for _, p := range pauses {
		if f := byID[p.CaseID]; f != nil {
			f.Pauses = append(f.Pauses, p)
		}
	}
	moves, err := findMoves(ctx, tx, "WHERE "+scope+" ORDER BY case_id, at, id", args...)
	if err != nil {
		return nil, err
	}
	for _, m := range moves {
		if f := byID[m.CaseID]; f != nil {
			f.Moves = append(f.Moves, m)
		}
	}
	return files, nil
}

// queryRows runs the query with args and calls scan for each row.
func queryRows(ctx context.Context, tx *tx, query string, args []any, scan func(*sql.Rows) error) error {
	stmt, err := tx.prepare(ctx, query)
	if err != nil {
		return err
	}
	return scanRows(stmt.QueryContext(ctx, args...))(scan)
}

// dateScanner reads stored dates (YYYY-MM-DD text, or NULL for none) into
// cdop.Dates, keeping the first that fails to parse.
type dateScanner struct {
	what string // the kind of record, for messages
	id   int64
	err  error
}

func (s *dateScanner) date(column string, v sql.NullString) cdop.Date {
	d, err := cdop.ParseDate(v.String)
	if err != nil && s.err == nil {
		s.err = fmt.Errorf("%s %d: stored %s: %w", s.what, s.id, column, err)
	}
	return d
}

const requestSelect = `SELECT r.id, r.case_id, r.agency_id, a.name, r.form, r.requested_on, r.due_on, r.chased_on,
	r.received_on, r.declined_on, r.decline_reason, r.note, r.updated_at
	FROM agency_requests r JOIN agencies a ON a.id = r.agency_id`

// findRequests returns the requests selected by the rest of a query over
// agency_requests r joined to agencies a, with their agencies' names.
func findRequests(ctx context.Context, tx *tx, rest string, args ...any) ([]cdop.AgencyRequest, error) {
	var out []cdop.AgencyRequest
	err := queryRows(ctx, tx, requestSelect+" "+rest, args, func(rows *sql.Rows) error {
		var r cdop.AgencyRequest
		var requested, due, chased, received, declined, reason, note sql.NullString
		var updated string
		if err := rows.Scan(&r.ID, &r.CaseID, &r.AgencyID, &r.AgencyName, &r.Form, &requested, &due, &chased,
			&received, &declined, &reason, &note, &updated); err != nil {
			return err
		}
		ds := dateScanner{what: "request", id: r.ID}
		r.RequestedOn, r.DueOn = ds.date("requested_on", requested), ds.date("due_on", due)
		r.ReceivedOn, r.DeclinedOn = ds.date("received_on", received), ds.date("declined_on", declined)
		var chases []string
		if chased.String != "[]" {
			if err := json.Unmarshal([]byte(chased.String), &chases); err != nil {
				return fmt.Errorf("request %d: stored chased_on: %w", r.ID, err)
			}
		}
		for _, c := range chases {
			r.ChasedOn = append(r.ChasedOn, ds.date("chased_on", sql.NullString{String: c, Valid: true}))
		}
		if ds.err != nil {
			return ds.err
		}
		var err error
		if r.DeclineReason, err = openFor(ctx, tx, requestDecline, idKey(r.ID), reason.String); err != nil {
			return err
		}
		if r.Note, err = openFor(ctx, tx, requestNote, idKey(r.ID), note.String); err != nil {
			return err
		}
		if r.UpdatedAt, err = parseTime(updated); err != nil {
			return fmt.Errorf("request %d: updated_at: %w", r.ID, err)
		}
		out = append(out, r)
		return nil
	})
	return out, err
}

// findContacts returns the contacts that stand (not undone) selected by
// the rest of a query ("AND …"): the one place contacts are read.
func findContacts(ctx context.Context, tx *tx, rest string, args ...any) ([]cdop.Contact, error) {
	var out []cdop.Contact
	err := queryRows(ctx, tx, "SELECT id, case_id, contacted_on, method, note, contacted_by FROM contacts WHERE undone_at IS NULL "+rest, args,
		func(rows *sql.Rows) error {
			var c cdop.Contact
			var on, note sql.NullString
			if err := rows.Scan(&c.ID, &c.CaseID, &on, &c.Method, &note, &c.By); err != nil {
				return err
			}
			ds := dateScanner{what: "contact", id: c.ID}
			c.On = ds.date("contacted_on", on)
			var err error
			if c.Note, err = openFor(ctx, tx, contactNote, idKey(c.ID), note.String); err != nil {
				return err
			}
			if c.By, err = openFor(ctx, tx, contactBy, idKey(c.ID), c.By); err != nil {
				return err
			}
			out = append(out, c)
			return ds.err
		})
	return out, err
}

// findPauses returns the clock pauses that stand (not undone) selected by
// the rest of a query ("AND …"): the one place pauses are read.
func findPauses(ctx context.Context, tx *tx, rest string, args ...any) ([]cdop.ClockPause, error) {
	var out []cdop.ClockPause
	err := queryRows(ctx, tx, "SELECT id, case_id, deadline, from_on, to_on, reason FROM clock_pauses WHERE undone_at IS NULL "+rest, args,
		func(rows *sql.Rows) error {
			var p cdop.ClockPause
			var from, to sql.NullString
			if err := rows.Scan(&p.ID, &p.CaseID, &p.Deadline, &from, &to, &p.Reason); err != nil {
				return err
			}
			ds := dateScanner{what: "clock pause", id: p.ID}
			p.From, p.To = ds.date("from_on", from), ds.date("to_on", to)
			var err error
			if p.Reason, err = openFor(ctx, tx, pauseReason, idKey(p.ID), p.Reason); err != nil {
				return err
			}
			out = append(out, p)
			return ds.err
		})
	return out, err
}

// findMoves returns the stage moves selected by the rest of a query.
func findMoves(ctx context.Context, tx *tx, rest string, args ...any) ([]cdop.StageMove, error) {
	var out []cdop.StageMove
	err := queryRows(ctx, tx, "SELECT id, case_id, at, actor, from_stage, to_stage, reason FROM stage_moves "+rest, args,
		func(rows *sql.Rows) error {
			var m cdop.StageMove
			var at string
			var reason sql.NullString
			if err := rows.Scan(&m.ID, &m.CaseID, &at, &m.Actor, &m.From, &m.To, &reason); err != nil {
				return err
			}
			var err error
			if m.At, err = parseTime(at); err != nil {
				return fmt.Errorf("stage move %d: at: %w", m.ID, err)
			}
			if m.Reason, err = openFor(ctx, tx, moveReason, idKey(m.ID), reason.String); err != nil {
				return err
			}
			out = append(out, m)
			return nil
		})
	return out, err
}
