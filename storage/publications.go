package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"

	"casemanager/cdop"
)

var _ cdop.PublicationService = (*DB)(nil)

// publishAction is the audit action of a published report (about no case).
const publishAction = "publish"

// Publications returns the recorded publications of a period, oldest first.
func (db *DB) Publications(ctx context.Context, periodKey string) ([]cdop.Publication, error) {
	tx, err := db.beginRead(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()

	var out []cdop.Publication
	err = queryRows(ctx, tx, `SELECT id, period_key, period_label, published_at, published_by, digest, cells
		FROM published_reports WHERE period_key = ? ORDER BY published_at, id`, []any{periodKey},
		func(rows *sql.Rows) error {
			var p cdop.Publication
			var at, cells string
			if err := rows.Scan(&p.ID, &p.PeriodKey, &p.PeriodLabel, &at, &p.By, &p.Digest, &cells); err != nil {
				return err
			}
			var err error
			if p.At, err = parseTime(at); err != nil {
				return fmt.Errorf("published report %d: at: %w", p.ID, err)
			}
			if err := json.Unmarshal([]byte(cells), &p.Cells); err != nil {
				return fmt.Errorf("published report %d: figures: %w", p.ID, err)
			}
			out = append(out, p)
			return nil
		})
	return out, err
}

// RecordPublication records a published report, made now by the context's
// actor, with its digest, and an audit row of its period and digest. A
// database open read-only (Refusal) records nothing, as for every output:
// reading goes on, and the command line says the report went unrecorded.
func (db *DB) RecordPublication(ctx context.Context, p *cdop.Publication) error {
	if p.PeriodKey == "" || len(p.Cells) == 0 {
		return cdop.Errorf(cdop.EINVALID, "a published report is recorded with its period and its figures")
	}
	if db.Refusal() != nil {
		return nil
	}
	tx, err := db.beginWrite(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()

	p.At, p.By, p.Digest = tx.now, cdop.ActorFrom(ctx), cdop.DigestCells(p.Cells)
	cells, err := json.Marshal(p.Cells)
	if err != nil {
		return err
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO published_reports (period_key, period_label, published_at, published_by, digest, cells)
		VALUES (?, ?, ?, ?, ?, ?)`, p.PeriodKey, p.PeriodLabel, formatTime(p.At), p.By, p.Digest, string(cells))
	if err != nil {
		return fmt.Errorf("record the published report: %w", err)
	}
	if p.ID, err = res.LastInsertId(); err != nil {
		return err
	}
	if err := insertAudit(ctx, tx, "", publishAction, []cdop.FieldChange{
		{Field: "report", New: "annual report"},
		{Field: "period", New: p.PeriodLabel},
		{Field: "digest", New: p.Digest},
	}); err != nil {
		return err
	}
	return tx.Commit()
}

// ClearForPublication marks a recommendation's text as cleared for
// published reports (today, by the context's actor), or no longer cleared,
// with an audit row. A missing recommendation is an ENOTFOUND error.
func (db *DB) ClearForPublication(ctx context.Context, id int64, cleared bool) error {
	tx, err := db.beginWrite(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()

	old, err := findRecommendation(ctx, tx, id)
	if err != nil {
		return err
	}
	if was := !old.ClearedOn.IsZero(); was == cleared {
		return nil
	}
	if cleared {
		_, err = tx.ExecContext(ctx, `INSERT INTO recommendation_clearances (recommendation_id, cleared_on, cleared_by) VALUES (?, ?, ?)`,
			id, tx.today.String(), cdop.ActorFrom(ctx))
	} else {
		_, err = tx.ExecContext(ctx, `DELETE FROM recommendation_clearances WHERE recommendation_id = ?`, id)
	}
	if err != nil {
		return fmt.Errorf("clear recommendation %d for publication: %w", id, err)
	}
	yes := map[bool]string{true: "yes", false: "no"}
	if err := insertAudit(ctx, tx, "", recommendationAction, []cdop.FieldChange{
		{Field: "recommendation_id", Old: strconv.FormatInt(id, 10), New: strconv.FormatInt(id, 10)},
		{Field: "cleared_for_publication", Old: yes[!cleared], New: yes[cleared]},
	}); err != nil {
		return err
	}
	return tx.Commit()
}

// readClearances fills in when, and by whom, each recommendation read was
// cleared for publication.
func readClearances(ctx context.Context, tx *tx, byID map[int64]*cdop.Recommendation) error {
	if len(byID) == 0 {
		return nil
	}
	return queryRows(ctx, tx, `SELECT recommendation_id, cleared_on, cleared_by FROM recommendation_clearances`, nil,
		func(rows *sql.Rows) error {
			var id int64
			var on sql.NullString
			var by string
			if err := rows.Scan(&id, &on, &by); err != nil {
				return err
			}
			if r := byID[id]; r != nil {
				ds := dateScanner{what: "recommendation clearance", id: id}
				r.ClearedOn, r.ClearedBy = ds.date("cleared_on", on), by
				return ds.err
			}
			return nil
		})
}
