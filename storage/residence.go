package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"path"
	"strings"
	"time"

	"casemanager/cdop"
)

// migrationStep is work a migration does in Go, after its SQL script and
// in the same transaction, where SQL alone cannot do it.
type migrationStep func(ctx context.Context, tx *sql.Tx, now time.Time) error

// migrationSteps are the Go steps of migrations, by the migration's name
// without its version number (so that renumbering a migration keeps its step).
var migrationSteps = map[string]migrationStep{
	"residence_la_codes": residenceCodes,
	"statutory_dataset":  duplicateKeys,
}

// migrationStepName is a migration file's name without its folder, version
// and extension: "migrations/0010_residence_la_codes.sql" → "residence_la_codes".
func migrationStepName(file string) string {
	_, name, _ := strings.Cut(strings.TrimSuffix(path.Base(file), ".sql"), "_")
	return name
}

// migrationActor records, in the audit log, the changes a migration makes.
const migrationActor = "migration"

// residenceCodes maps each case's local authority of residence, stored as
// typed before the shipped list, to its code (cdop.ResidenceCode: by code or
// name, ignoring case, accents and punctuation), auditing each change. Text
// that names none is left as it is: Check reports those cases.
func residenceCodes(ctx context.Context, tx *sql.Tx, now time.Time) error {
	rows, err := tx.QueryContext(ctx, `SELECT id, residence_la FROM cases WHERE residence_la IS NOT NULL AND residence_la <> ''`)
	if err != nil {
		return err
	}
	type change struct{ id, old, code string }
	var changes []change
	for rows.Next() {
		var id, old string
		if err := rows.Scan(&id, &old); err != nil {
			rows.Close()
			return err
		}
		if code, ok := cdop.ResidenceCode(old); ok && code != old {
			changes = append(changes, change{id, old, code})
		}
	}
	if err := rows.Close(); err != nil {
		return err
	}
	for _, c := range changes {
		if _, err := tx.ExecContext(ctx, `UPDATE cases SET residence_la = ? WHERE id = ?`, c.code, c.id); err != nil {
			return fmt.Errorf("mapping a case's local authority to its code: %w", err)
		}
		js, err := json.Marshal([]cdop.FieldChange{{Field: "residence_la", Old: c.old, New: c.code}})
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO audit_log (at, actor, case_id, action, changes) VALUES (?, ?, ?, 'update', ?)`,
			formatTime(now), migrationActor, c.id, string(js)); err != nil {
			return fmt.Errorf("auditing a case's local authority code: %w", err)
		}
	}
	return nil
}
