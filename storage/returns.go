package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"casemanager/cdop"
)

// What agencies returned for the requests of a case (cdop.AgencyReturn):
// one row per request, its answers one sealed JSON value, written by
// writeReturn and read by findReturns alone.

// returnAction is the audit row of a return typed or imported.
const returnAction = "return"

// returnAnswers is the sealed column of a return's answers.
var returnAnswers = recordColumn{table: "agency_returns", column: "answers", key: "request_id", notNull: true}

// Return returns what was recorded as returned for a request, or nil when
// nothing has been; ENOTFOUND when there is no such request.
func (db *DB) Return(ctx context.Context, requestID int64) (*cdop.AgencyReturn, error) {
	tx, err := db.beginRead(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	if _, err := findRequestByID(ctx, tx, requestID); err != nil {
		return nil, err
	}
	found, err := findReturns(ctx, tx, "t.request_id = ?", requestID)
	if err != nil || len(found) == 0 {
		return nil, err
	}
	return &found[0], nil
}

// SaveReturn stores the answers of a request's return over what was
// recorded, as cdop.PrepareReturn allows (blanks are answers still to
// give), with an audit row of each item changed. The case must be open
// (ECONFLICT), the request the case's and not declined. On success r
// holds what is stored.
func (db *DB) SaveReturn(ctx context.Context, r *cdop.AgencyReturn) error {
	return db.storeReturn(ctx, r, false)
}

// ImportReturn stores a return read from a returned file as SaveReturn
// does, once every item of its form is answered (all or nothing).
func (db *DB) ImportReturn(ctx context.Context, r *cdop.AgencyReturn) error {
	return db.storeReturn(ctx, r, true)
}

func (db *DB) storeReturn(ctx context.Context, r *cdop.AgencyReturn, complete bool) error {
	tx, err := db.beginWrite(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()

	req, err := findRequestByID(ctx, tx, r.RequestID)
	if err != nil {
		return err
	}
	if r.CaseID != "" && r.CaseID != req.CaseID {
		return cdop.Errorf(cdop.ENOTFOUND, "the case has no agency request with ID %d", r.RequestID)
	}
	f, err := openCaseFile(ctx, tx, req.CaseID)
	if err != nil {
		return err
	}
	n, err := cdop.PrepareReturn(f, req, r, complete, tx.today)
	if err != nil {
		return err
	}
	old := f.ReturnFor(req.ID)
	n.UpdatedAt, n.UpdatedBy = tx.now, actorOf(ctx, tx)
	changes := cdop.ReturnChanges(old, n)
	if len(changes) == 0 {
		*r = *old
		return nil
	}
	if err := writeReturn(ctx, tx, n, old == nil); err != nil {
		return fmt.Errorf("store the return of request %d of case %s: %w", req.ID, f.Case.Ref, err)
	}
	if err := insertAudit(ctx, tx, n.CaseID, returnAction, changes); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	*r = *n
	return nil
}

// writeReturn adds or replaces a request's return: the one place returns
// are written, their answers sealed for their row.
func writeReturn(ctx context.Context, tx *tx, n *cdop.AgencyReturn, insert bool) error {
	js, err := json.Marshal(n.Answers)
	if err != nil {
		return err
	}
	answers, err := sealFor(ctx, tx, returnAnswers, idKey(n.RequestID), string(js))
	if err != nil {
		return err
	}
	values := []any{n.Form, answers, n.Source, formatTime(n.UpdatedAt), n.UpdatedBy, n.RequestID}
	if insert {
		_, err = tx.ExecContext(ctx, `INSERT INTO agency_returns (form, answers, source, updated_at, updated_by, request_id)
			VALUES (?, ?, ?, ?, ?, ?)`, values...)
	} else {
		_, err = tx.ExecContext(ctx, `UPDATE agency_returns SET form = ?, answers = ?, source = ?, updated_at = ?,
			updated_by = ? WHERE request_id = ?`, values...)
	}
	return err
}

// findReturns returns the returns that meet a condition on agency_returns
// t joined to their requests r, by request; each return's case is its
// request's.
func findReturns(ctx context.Context, tx *tx, where string, args ...any) ([]cdop.AgencyReturn, error) {
	var out []cdop.AgencyReturn
	err := queryRows(ctx, tx, `SELECT t.request_id, r.case_id, t.form, t.answers, t.source, t.updated_at, t.updated_by
		FROM agency_returns t JOIN agency_requests r ON r.id = t.request_id WHERE `+where+" ORDER BY t.request_id", args, func(rows *sql.Rows) error {
		var r cdop.AgencyReturn
		var answers, updated string
		if err := rows.Scan(&r.RequestID, &r.CaseID, &r.Form, &answers, &r.Source, &updated, &r.UpdatedBy); err != nil {
			return err
		}
		text, err := openFor(ctx, tx, returnAnswers, idKey(r.RequestID), answers)
		if err != nil {
			return err
		}
		if err := json.Unmarshal([]byte(text), &r.Answers); err != nil {
			return fmt.Errorf("the return of request %d: stored answers: %w", r.RequestID, err)
		}
		if r.UpdatedAt, err = parseTime(updated); err != nil {
			return fmt.Errorf("the return of request %d: updated_at: %w", r.RequestID, err)
		}
		out = append(out, r)
		return nil
	})
	return out, err
}

// findRequestByID returns the request with an ID, with its agency's name.
func findRequestByID(ctx context.Context, tx *tx, id int64) (*cdop.AgencyRequest, error) {
	found, err := findRequests(ctx, tx, "WHERE r.id = ?", id)
	if err != nil {
		return nil, err
	}
	if len(found) == 0 {
		return nil, cdop.Errorf(cdop.ENOTFOUND, "there is no agency request with ID %d", id)
	}
	return &found[0], nil
}
