package storage

import (
	"context"
	"encoding/json"
	"fmt"

	"casemanager/cdop"
)

// insertAudit records a change to a case by the context's actor.
func insertAudit(ctx context.Context, tx *tx, caseID, action string, changes []cdop.FieldChange) error {
	if changes == nil {
		changes = []cdop.FieldChange{}
	}
	js, err := json.Marshal(changes)
	if err != nil {
		return err
	}
	stmt, err := tx.prepare(ctx, "INSERT INTO audit_log (at, actor, case_id, action, changes) VALUES (?, ?, ?, ?, ?)")
	if err != nil {
		return err
	}
	if _, err := stmt.ExecContext(ctx, formatTime(tx.now), cdop.ActorFrom(ctx), caseID, action, string(js)); err != nil {
		return fmt.Errorf("audit %s of case %s: %w", action, caseID, err)
	}
	return nil
}

func caseHistory(ctx context.Context, tx *tx, caseID string) ([]cdop.AuditEntry, error) {
	rows, err := tx.QueryContext(ctx,
		"SELECT at, actor, case_id, action, changes FROM audit_log WHERE case_id = ? ORDER BY at, id", caseID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []cdop.AuditEntry
	for rows.Next() {
		var e cdop.AuditEntry
		var at, changes string
		if err := rows.Scan(&at, &e.Actor, &e.CaseID, &e.Action, &changes); err != nil {
			return nil, err
		}
		if e.At, err = parseTime(at); err != nil {
			return nil, fmt.Errorf("audit of case %s: at: %w", caseID, err)
		}
		if err := json.Unmarshal([]byte(changes), &e.Changes); err != nil {
			return nil, fmt.Errorf("audit of case %s: changes: %w", caseID, err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}
