package storage

import (
	"context"
	"strconv"

	"casemanager/cdop"
)

// The audit actions of an anonymised dataset extract, rows about no case
// (case_id NULL): extractBegunAction when it is asked for, before any work,
// naming who asked and what for (file, period, k); extractAction once it
// is saved, naming the first row ("begun_row") and giving its summary
// (period, rows, k, generalisations, suppressions, key ID). An extract
// that failed has the first row only.
const (
	extractBegunAction = "extract_begun"
	extractAction      = "extract"
)

// BeginExtract writes the audit row of an extract asked for by the
// context's actor, before it is made: its request as fields and values
// (each a FieldChange with New set). It returns the row's ID, for
// RecordExtract. An empty request is an EINVALID error.
func (db *DB) BeginExtract(ctx context.Context, request []cdop.FieldChange) (int64, error) {
	if len(request) == 0 {
		return 0, cdop.Errorf(cdop.EINVALID, "an extract's audit row needs what was asked for")
	}
	tx, err := db.beginWrite(ctx)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()

	if err := insertAudit(ctx, tx, "", extractBegunAction, request); err != nil {
		return 0, err
	}
	var id int64
	if err := tx.QueryRowContext(ctx, db.dialect.lastInsertID()).Scan(&id); err != nil {
		return 0, err
	}
	return id, tx.Commit()
}

// RecordExtract writes the audit row of an extract saved, begun as the
// row BeginExtract returned, its summary given as fields and values: the
// row's changes are "begun_row" then the summary, in the order given. An
// empty summary, or a begun row that is not an extract's or was recorded
// saved already, is an EINVALID error.
func (db *DB) RecordExtract(ctx context.Context, begun int64, summary []cdop.FieldChange) error {
	if len(summary) == 0 {
		return cdop.Errorf(cdop.EINVALID, "an extract's audit row needs its summary")
	}
	tx, err := db.beginWrite(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()

	row := strconv.FormatInt(begun, 10)
	var n, done int
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM audit_log WHERE id = ? AND action = ? AND case_id IS NULL",
		begun, extractBegunAction).Scan(&n); err != nil {
		return err
	}
	saved, err := extractRows(ctx, tx)
	if err != nil {
		return err
	}
	for _, e := range saved {
		if len(e.Changes) > 0 && e.Changes[0].New == row {
			done++
		}
	}
	if n == 0 || done > 0 {
		return cdop.Errorf(cdop.EINVALID, "audit row %d is not an extract waiting to be recorded as saved", begun)
	}
	changes := append([]cdop.FieldChange{{Field: "begun_row", New: row}}, summary...)
	if err := insertAudit(ctx, tx, "", extractAction, changes); err != nil {
		return err
	}
	return tx.Commit()
}

// ExtractHistory returns the audit rows of the extracts saved, oldest first.
func (db *DB) ExtractHistory(ctx context.Context) ([]cdop.AuditEntry, error) {
	tx, err := db.beginRead(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()

	return extractRows(ctx, tx)
}

// extractRows returns the audit rows of the extracts saved, oldest first:
// their changes are sealed at rest, so they are read and opened here
// rather than looked into by a query.
func extractRows(ctx context.Context, tx *tx) ([]cdop.AuditEntry, error) {
	rows, err := auditRows(ctx, tx, tx.cipher, "WHERE l.action = ? AND l.case_id IS NULL ORDER BY l.at, l.id", extractAction)
	for i := range rows {
		rows[i].ID = 0 // the history names an extract by its content, not its audit row
	}
	return rows, err
}
