package storage

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"casemanager/cdop"
)

// Recommendations returns every recommendation in cdop.SortRecommendations'
// order as of today, each with its agency's name, the references of its
// cases (ordered by reference, CaseIDs in the same order) and its updates
// (by date, then as recorded).
func (db *DB) Recommendations(ctx context.Context) ([]*cdop.Recommendation, error) {
	tx, err := db.beginRead(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()

	recs, err := findRecommendations(ctx, tx, "", nil)
	if err != nil {
		return nil, err
	}
	cdop.SortRecommendations(recs, tx.today)
	return recs, nil
}

// SaveRecommendation adds a recommendation as cdop.PrepareRecommendation
// has it (when its ID is 0, which is then set, with cdop.NewCreatedOn) or
// stores it over the recommendation with its ID, keeping its CreatedOn,
// with an audit row about no case. Its agency and cases must exist
// (ENOTFOUND); a case listed twice counts once. Progress is recorded with
// UpdateRecommendation: r.Updates is ignored. On success r holds what is
// stored, with its agency's name, cases' references and updates.
func (db *DB) SaveRecommendation(ctx context.Context, r *cdop.Recommendation) error {
	tx, err := db.beginWrite(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()

	stored, err := saveRecommendation(ctx, tx, r)
	if err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	*r = *stored
	return nil
}

func saveRecommendation(ctx context.Context, tx *tx, r *cdop.Recommendation) (*cdop.Recommendation, error) {
	n, err := cdop.PrepareRecommendation(r)
	if err != nil {
		return nil, err
	}
	agency, err := findAgency(ctx, tx, n.AgencyID)
	if err != nil {
		return nil, err
	}
	n.Agency = agency.Name
	refs := make(map[string]string, len(n.CaseIDs))
	for _, id := range n.CaseIDs {
		if refs[id], err = caseRefOf(ctx, tx, id); err != nil {
			return nil, err
		}
	}
	n.SetCaseRefs(refs)

	var old *cdop.Recommendation
	if n.ID != 0 {
		if old, err = findRecommendation(ctx, tx, n.ID); err != nil {
			return nil, err
		}
		n.CreatedOn, n.Updates = old.CreatedOn, old.Updates
	} else {
		n.Updates = nil
		n.CreatedOn = cdop.NewCreatedOn(n.CreatedOn, tx.today)
	}
	values := []any{nullable(n.Theme), n.AgencyID, "", n.DueOn.String(), string(n.Status)}

	if old == nil {
		// The action is sealed for its row, so it is written once the row has its ID.
		res, err := tx.ExecContext(ctx, `INSERT INTO recommendations (theme, agency_id, action, due_on, status, created_on)
			VALUES (?, ?, ?, ?, ?, ?)`, append(values, n.CreatedOn.String())...)
		if err != nil {
			return nil, fmt.Errorf("add a recommendation to %s: %w", n.Agency, err)
		}
		if n.ID, err = res.LastInsertId(); err != nil {
			return nil, err
		}
		if err := writeSealed(ctx, tx, recommendationText, idKey(n.ID), n.Action); err != nil {
			return nil, err
		}
	}
	if values[2], err = sealFor(ctx, tx, recommendationText, idKey(n.ID), n.Action); err != nil {
		return nil, err
	}
	changes := diffRecord("recommendation_id", n.ID, recommendationFields(old), recommendationFields(n))
	if len(changes) == 0 {
		return n, nil
	}
	if old != nil {
		if _, err := tx.ExecContext(ctx, `UPDATE recommendations SET theme = ?, agency_id = ?, action = ?, due_on = ?, status = ?
			WHERE id = ?`, append(values, n.ID)...); err != nil {
			return nil, fmt.Errorf("update recommendation %d: %w", n.ID, err)
		}
	}
	if old == nil || !slices.Equal(old.CaseIDs, n.CaseIDs) {
		if _, err := tx.ExecContext(ctx, "DELETE FROM recommendation_cases WHERE recommendation_id = ?", n.ID); err != nil {
			return nil, fmt.Errorf("update the cases of recommendation %d: %w", n.ID, err)
		}
		for _, id := range n.CaseIDs {
			if _, err := tx.ExecContext(ctx, "INSERT INTO recommendation_cases (recommendation_id, case_id) VALUES (?, ?)", n.ID, id); err != nil {
				return nil, fmt.Errorf("link recommendation %d to case %s: %w", n.ID, refs[id], err)
			}
		}
	}
	if err := insertAudit(ctx, tx, "", recommendationAction, changes); err != nil {
		return nil, err
	}
	return n, nil
}

// recommendationFields returns what a recommendation's audit rows compare, or nil for none.
func recommendationFields(r *cdop.Recommendation) []field {
	if r == nil {
		return nil
	}
	return []field{
		{"cases", strings.Join(r.CaseRefs, cdop.ListSeparator)},
		{"theme", r.Theme},
		{"agency", r.Agency},
		{"action", r.Action},
		{"due_on", r.DueOn.String()},
		{"status", string(r.Status)},
	}
}

// UpdateRecommendation records progress on a recommendation, as
// cdop.PrepareUpdate has it (who reported it defaulting to the context's
// actor), and sets its status to the update's, with an audit row about no
// case. A missing recommendation is an ENOTFOUND error.
func (db *DB) UpdateRecommendation(ctx context.Context, id int64, u cdop.RecommendationUpdate) error {
	tx, err := db.beginWrite(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()

	if err := updateRecommendation(ctx, tx, id, u); err != nil {
		return err
	}
	return tx.Commit()
}

func updateRecommendation(ctx context.Context, tx *tx, id int64, u cdop.RecommendationUpdate) error {
	n, err := cdop.PrepareUpdate(u, cdop.ActorFrom(ctx), tx.now, tx.today)
	if err != nil {
		return err
	}
	old, err := findRecommendation(ctx, tx, id)
	if err != nil {
		return err
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO recommendation_updates (recommendation_id, updated_on, status, updated_by, at)
		VALUES (?, ?, ?, ?, ?)`, id, n.On.String(), string(n.Status), n.By, formatTime(n.At))
	if err != nil {
		return fmt.Errorf("record progress on recommendation %d: %w", id, err)
	}
	updateID, err := res.LastInsertId()
	if err != nil {
		return err
	}
	if err := writeSealed(ctx, tx, recommendationNote, idKey(updateID), n.Note); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "UPDATE recommendations SET status = ? WHERE id = ?", string(n.Status), id); err != nil {
		return fmt.Errorf("set the status of recommendation %d: %w", id, err)
	}
	changes := diffRecord("recommendation_id", id,
		[]field{{"status", string(old.Status)}, {"update_on", ""}, {"update_note", ""}, {"update_by", ""}},
		[]field{{"status", string(n.Status)}, {"update_on", n.On.String()}, {"update_note", n.Note}, {"update_by", n.By}})
	return insertAudit(ctx, tx, "", recommendationAction, changes)
}

func findRecommendation(ctx context.Context, tx *tx, id int64) (*cdop.Recommendation, error) {
	recs, err := findRecommendations(ctx, tx, "WHERE r.id = ?", []any{id})
	if err != nil {
		return nil, err
	} else if len(recs) == 0 {
		return nil, cdop.Errorf(cdop.ENOTFOUND, "there is no recommendation with ID %d", id)
	}
	return recs[0], nil
}

// findRecommendations returns the recommendations selected by a condition
// on recommendations r (or "" for all) and its arguments, ordered by ID,
// with their agencies' names, cases and updates.
func findRecommendations(ctx context.Context, tx *tx, where string, args []any) ([]*cdop.Recommendation, error) {
	var out []*cdop.Recommendation
	byID := map[int64]*cdop.Recommendation{}
	err := queryRows(ctx, tx, `SELECT r.id, r.theme, r.agency_id, a.name, r.action, r.due_on, r.status, r.created_on
		FROM recommendations r JOIN agencies a ON a.id = r.agency_id `+where+` ORDER BY r.id`, args,
		func(rows *sql.Rows) error {
			r := &cdop.Recommendation{}
			var theme, due, created sql.NullString
			if err := rows.Scan(&r.ID, &theme, &r.AgencyID, &r.Agency, &r.Action, &due, &r.Status, &created); err != nil {
				return err
			}
			var err error
			if r.Action, err = openFor(ctx, tx, recommendationText, idKey(r.ID), r.Action); err != nil {
				return err
			}
			ds := dateScanner{what: "recommendation", id: r.ID}
			r.DueOn, r.CreatedOn = ds.date("due_on", due), ds.date("created_on", created)
			r.Theme = theme.String
			out = append(out, r)
			byID[r.ID] = r
			return ds.err
		})
	if err != nil || len(out) == 0 {
		return out, err
	}
	casesWhere, updatesWhere := "", ""
	if where != "" {
		selected := "IN (SELECT r.id FROM recommendations r " + where + ")"
		casesWhere, updatesWhere = "WHERE rc.recommendation_id "+selected, "WHERE recommendation_id "+selected
	}
	err = queryRows(ctx, tx, `SELECT rc.recommendation_id, rc.case_id, c.case_ref FROM recommendation_cases rc
		JOIN cases c ON c.id = rc.case_id `+casesWhere+` ORDER BY rc.recommendation_id, c.case_ref`, args,
		func(rows *sql.Rows) error {
			var recID int64
			var caseID, ref string
			if err := rows.Scan(&recID, &caseID, &ref); err != nil {
				return err
			}
			if r := byID[recID]; r != nil {
				r.CaseIDs, r.CaseRefs = append(r.CaseIDs, caseID), append(r.CaseRefs, ref)
			}
			return nil
		})
	if err != nil {
		return nil, err
	}
	err = queryRows(ctx, tx, `SELECT id, recommendation_id, updated_on, status, note, updated_by, at FROM recommendation_updates `+
		updatesWhere+` ORDER BY recommendation_id, updated_on, id`, args,
		func(rows *sql.Rows) error {
			var id, recID int64
			var u cdop.RecommendationUpdate
			var on, note sql.NullString
			var at string
			if err := rows.Scan(&id, &recID, &on, &u.Status, &note, &u.By, &at); err != nil {
				return err
			}
			ds := dateScanner{what: "recommendation update", id: id}
			text, err := openFor(ctx, tx, recommendationNote, idKey(id), note.String)
			if err != nil {
				return err
			}
			u.On, u.Note = ds.date("updated_on", on), text
			if ds.err != nil {
				return ds.err
			}
			if u.At, err = parseTime(at); err != nil {
				return fmt.Errorf("recommendation update %d: at: %w", id, err)
			}
			if r := byID[recID]; r != nil {
				r.Updates = append(r.Updates, u)
			}
			return nil
		})
	if err != nil {
		return nil, err
	}
	return out, readClearances(ctx, tx, byID)
}
