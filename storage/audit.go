package storage

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"time"

	"casemanager/cdop"
	"casemanager/vault"
)

// The audit rows' actions: a case's creation, update or import, and the
// flowchart's changes. Rows of agencyAction and settingsAction are about no
// case (case_id NULL).
const (
	stageAction    = "stage"
	requestAction  = "request"
	contactAction  = "contact"
	pauseAction    = "pause"
	agencyAction   = "agency"
	settingsAction = "settings"
)

// insertAudit records a change to a case, or, when caseID is "", to
// something of no case (the agency directory, the settings), by the
// signed-in user (or, in a database without accounts, the context's actor).
func insertAudit(ctx context.Context, tx *tx, caseID, action string, changes []cdop.FieldChange) error {
	return insertAuditAs(ctx, tx, actorOf(ctx, tx), caseID, action, changes)
}

// actorOf names who makes a transaction's changes: the signed-in user, or
// else the context's actor.
func actorOf(ctx context.Context, tx *tx) string {
	if tx.user != "" {
		return tx.user
	}
	return cdop.ActorFrom(ctx)
}

// insertAuditAs records a change by the actor named.
func insertAuditAs(ctx context.Context, tx *tx, actor, caseID, action string, changes []cdop.FieldChange) error {
	if changes == nil {
		changes = []cdop.FieldChange{}
	}
	js, err := encodeChanges(changes)
	if err != nil {
		return err
	}
	stored := string(js)
	if tx.cipher != nil {
		// Sealed with the session's key in a sealed database; a row written
		// without a session (a failed sign-in, a refusal) names no case
		// and is kept in clear.
		r, err := tx.rest(ctx)
		if err != nil {
			return err
		}
		if stored, err = r.seal(stored, auditPlace(tx.nowText, actor, caseID, action)...); err != nil {
			return err
		}
	}
	if err := tx.startChain(ctx); err != nil {
		return err
	}
	stmt, err := tx.prepare(ctx, "INSERT INTO audit_log (at, actor, case_id, action, changes) VALUES (?, ?, ?, ?, ?)")
	if err != nil {
		return err
	}
	res, err := stmt.ExecContext(ctx, tx.nowText, actor, nullable(caseID), action, stored)
	if err != nil {
		return fmt.Errorf("audit %s of case %q: %w", action, caseID, err)
	}
	id, err := res.LastInsertId()
	if err != nil {
		return err
	}
	if !quietActions[action] {
		// What others' open screens show has changed: the change number
		// moves on, once a transaction, and Watch tells them.
		if _, err := tx.changeSeq(ctx); err != nil {
			return err
		}
	}
	return tx.linkRow(ctx, id, tx.nowText, actor, sql.NullString{String: caseID, Valid: caseID != ""}, action, string(js))
}

// caseRowActions are the audit actions of the operations that write a
// case's own row, and so its updated_at: creation, import, update and
// stage move. The others (requests, contacts, pauses) leave it as it is.
const caseRowActions = "'create', 'import', 'update', '" + stageAction + "'"

// lastCaseChange returns who last changed a case's own row and when, from
// its latest audit row of caseRowActions, or "" when it has none.
func lastCaseChange(ctx context.Context, tx *tx, caseID string) (actor string, at time.Time, err error) {
	rows, err := tx.QueryContext(ctx, "SELECT actor, at FROM audit_log WHERE case_id = ? AND action IN ("+caseRowActions+") ORDER BY at DESC, id DESC LIMIT 1", caseID)
	if err != nil {
		return "", time.Time{}, err
	}
	defer rows.Close()
	if !rows.Next() {
		return "", time.Time{}, rows.Err()
	}
	var stamp string
	if err := rows.Scan(&actor, &stamp); err != nil {
		return "", time.Time{}, err
	}
	if at, err = parseTime(stamp); err != nil {
		return "", time.Time{}, fmt.Errorf("audit of case %s: at: %w", caseID, err)
	}
	return actor, at, rows.Err()
}

func caseHistory(ctx context.Context, tx *tx, caseID string) ([]cdop.AuditEntry, error) {
	return auditRows(ctx, tx, tx.cipher, "WHERE l.case_id = ? ORDER BY l.at, l.id", caseID)
}

// auditPlace is where an audit row's changes are sealed: its table and
// the columns that tell the row.
func auditPlace(at, actor, caseID, action string) []string {
	return []string{"audit_log", at, actor, caseID, action, "changes"}
}

// openChanges returns an audit row's changes as written: sealed ones opened
// with c (an EUNAUTHENTICATED error without it, EDAMAGED when they do not
// open), those kept in clear as they are.
func openChanges(c *vault.Cipher, stored string, place ...string) (string, error) {
	if !vault.IsSealed(stored) {
		return stored, nil
	}
	if c == nil {
		return "", errSignInToRead
	}
	return atRest{sealed: true, cipher: c}.open(stored, place...)
}

// auditRows reads the audit rows a condition and order (rest) select,
// with the reference of the case each is about.
func auditRows(ctx context.Context, q interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}, c *vault.Cipher, rest string, args ...any) ([]cdop.AuditEntry, error) {
	rows, err := q.QueryContext(ctx, `SELECT l.id, l.at, l.actor, coalesce(l.case_id, ''), coalesce(c.case_ref, ''), l.action, l.changes
		FROM audit_log l LEFT JOIN cases c ON c.id = l.case_id `+rest, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []cdop.AuditEntry
	for rows.Next() {
		var e cdop.AuditEntry
		var at, changes string
		if err := rows.Scan(&e.ID, &at, &e.Actor, &e.CaseID, &e.CaseRef, &e.Action, &changes); err != nil {
			return nil, err
		}
		if e.At, err = parseTime(at); err != nil {
			return nil, fmt.Errorf("audit row %d: at: %w", e.ID, err)
		}
		if changes, err = openChanges(c, changes, auditPlace(at, e.Actor, e.CaseID, e.Action)...); err != nil {
			return nil, err
		}
		if e.Changes, err = decodeChanges([]byte(changes)); err != nil {
			return nil, fmt.Errorf("audit row %d: changes: %w", e.ID, err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// field is one named value of a record in its text form, for audit rows.
type field struct{ name, value string }

// diffRecord returns the changes from before to after, two lists of the same
// fields in the same order; a nil before is a new record, whose non-blank
// fields are listed. The record's identity (e.g. "request_id") comes first
// with Old and New both set on a change to a stored record, so that every
// row says which record it concerns; it is nil when nothing else changed.
func diffRecord(idField string, id int64, before, after []field) []cdop.FieldChange {
	var out []cdop.FieldChange
	for i, f := range after {
		var old string
		if before != nil {
			old = before[i].value
		}
		if f.value != old {
			out = append(out, cdop.FieldChange{Field: f.name, Old: old, New: f.value})
		}
	}
	if len(out) == 0 && before != nil {
		return nil
	}
	idText := strconv.FormatInt(id, 10)
	head := cdop.FieldChange{Field: idField, Old: idText, New: idText}
	if before == nil {
		head.Old = ""
	}
	return append([]cdop.FieldChange{head}, out...)
}
