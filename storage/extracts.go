package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"casemanager/cdop"
)

// extractAction is the audit action of an anonymised dataset extract: a
// row about no case (case_id NULL) naming who made it, when, and its
// summary (period, rows, k, generalisations, suppressions, key ID).
const extractAction = "extract"

// RecordExtract writes the audit row of an anonymised dataset extract made
// by the context's actor, its summary given as fields and values (each a
// FieldChange with New set), in the order given. An empty summary is an
// EINVALID error: an extract is always recorded with what it was.
func (db *DB) RecordExtract(ctx context.Context, summary []cdop.FieldChange) error {
	if len(summary) == 0 {
		return cdop.Errorf(cdop.EINVALID, "an extract's audit row needs its summary")
	}
	tx, err := db.beginWrite(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()

	if err := insertAudit(ctx, tx, "", extractAction, summary); err != nil {
		return err
	}
	return tx.Commit()
}

// ExtractHistory returns the audit rows of the extracts made, oldest first.
func (db *DB) ExtractHistory(ctx context.Context) ([]cdop.AuditEntry, error) {
	tx, err := db.beginRead(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()

	var out []cdop.AuditEntry
	err = queryRows(ctx, tx, "SELECT at, actor, changes FROM audit_log WHERE action = ? AND case_id IS NULL ORDER BY at, id",
		[]any{extractAction}, func(rows *sql.Rows) error {
			e := cdop.AuditEntry{Action: extractAction}
			var at, changes string
			if err := rows.Scan(&at, &e.Actor, &changes); err != nil {
				return err
			}
			var err error
			if e.At, err = parseTime(at); err != nil {
				return fmt.Errorf("audit of an extract: at: %w", err)
			}
			if err := json.Unmarshal([]byte(changes), &e.Changes); err != nil {
				return fmt.Errorf("audit of an extract: changes: %w", err)
			}
			out = append(out, e)
			return nil
		})
	return out, err
}
