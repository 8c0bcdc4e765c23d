package storage

import (
	"context"
	"fmt"
	"strings"
	"time"

	"casemanager/cdop"
)

// mergeAction is the audit row of a merge, on each of the two cases: on the
// existing case, which notification was merged into it and the records
// moved; on the merged-away notification, the case it went into.
const mergeAction = "merge"

// MergeCases merges the newer notification into the existing case, as
// cdop.PlanMerge and MergePlan.Apply say, in one transaction: the newer is
// voided as "merged into <ref>"; its agency requests, contacts and links to
// recommendations move to the existing case; the existing case takes the
// values it lacked and, for the fields useNewer names (conflicts only), the
// newer's; each change is audited, with a merge row on both cases. Both
// copies must be as stored (their UpdatedAt as loaded), else ECONFLICT as
// UpdateCase. A newer notification not yet stored (no ID: the form it was
// typed on found the existing case) is stored voided as merged, so that
// what was notified stays on record. Nothing is changed when any step is
// refused. On success existing holds what is stored.
func (db *DB) MergeCases(ctx context.Context, existing, newer *cdop.Case, useNewer []string) error {
	tx, err := db.beginWrite(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	stored, err := mergeCases(ctx, tx, existing, newer, useNewer)
	if err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	*existing = *stored
	return nil
}

func mergeCases(ctx context.Context, tx *tx, existing, newer *cdop.Case, useNewer []string) (*cdop.Case, error) {
	merged, voided, err := cdop.PrepareMerge(existing, newer, useNewer,
		func(id string) (*cdop.Case, error) { return findCaseByID(ctx, tx, id) },
		func(id string) (string, time.Time, error) { return lastCaseChange(ctx, tx, id) })
	if err != nil {
		return nil, err
	}
	// The newer first: voided, it is no longer the existing case's duplicate.
	if voided.ID == "" {
		voided, err = createCase(ctx, tx, voided)
	} else {
		voided, err = updateCase(ctx, tx, voided)
	}
	if err != nil {
		return nil, err
	}
	moved, err := moveRecords(ctx, tx, voided.ID, merged.ID)
	if err != nil {
		return nil, err
	}
	out, err := updateCase(ctx, tx, merged)
	if err != nil {
		return nil, err
	}
	if err := insertAudit(ctx, tx, merged.ID, mergeAction, []cdop.FieldChange{
		{Field: "merged_from", New: voided.Ref}, {Field: "records_moved", New: moved}}); err != nil {
		return nil, err
	}
	if err := insertAudit(ctx, tx, voided.ID, mergeAction, []cdop.FieldChange{{Field: "merged_into", New: merged.Ref}}); err != nil {
		return nil, err
	}
	return out, nil
}

// moveRecords moves a case's agency requests, contacts and links to
// recommendations to another case (a recommendation linked to both keeps
// its one link to the other), and says what moved, e.g. "2 agency
// requests, 1 contact". Their sealed text is bound to their own rows, not
// to the case, so it moves as it is.
func moveRecords(ctx context.Context, tx *tx, from, to string) (string, error) {
	var n [3]int
	for i, m := range []struct{ sql, what string }{
		{"UPDATE agency_requests SET case_id = ? WHERE case_id = ?", "agency requests"},
		{"UPDATE contacts SET case_id = ? WHERE case_id = ?", "contacts"},
		{"UPDATE recommendation_cases SET case_id = ? WHERE case_id = ? AND recommendation_id NOT IN " +
			"(SELECT recommendation_id FROM recommendation_cases WHERE case_id = ?)", "recommendations"},
	} {
		args := []any{to, from}
		if strings.Count(m.sql, "?") == 3 {
			args = append(args, to)
		}
		res, err := tx.ExecContext(ctx, m.sql, args...)
		if err != nil {
			return "", fmt.Errorf("moving the %s of a merged case: %w", m.what, err)
		}
		moved, err := res.RowsAffected()
		if err != nil {
			return "", err
		}
		n[i] = int(moved)
	}
	return cdop.MovedRecords(n[0], n[1], n[2]), nil
}
