package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"

	"casemanager/cdop"
)

// Agencies returns the agency directory ordered by name, ignoring case and accents.
func (db *DB) Agencies(ctx context.Context) ([]cdop.Agency, error) {
	tx, err := db.beginRead(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()

	agencies, err := findAgencies(ctx, tx, "ORDER BY name, id")
	if err != nil {
		return nil, err
	}
	sort.SliceStable(agencies, func(i, j int) bool {
		return cdop.FoldName(agencies[i].Name) < cdop.FoldName(agencies[j].Name)
	})
	return agencies, nil
}

// SaveAgency validates a and adds it to the directory (when its ID is 0,
// which is then set) or stores it over the agency with its ID, with an
// audit row. Another agency of the same name, ignoring case, is an
// ECONFLICT error. On success a holds what is stored.
func (db *DB) SaveAgency(ctx context.Context, a *cdop.Agency) error {
	tx, err := db.beginWrite(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()

	stored, err := saveAgency(ctx, tx, a)
	if err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	*a = *stored
	return nil
}

func saveAgency(ctx context.Context, tx *tx, a *cdop.Agency) (*cdop.Agency, error) {
	n, err := cdop.PrepareAgency(a)
	if err != nil {
		return nil, err
	}

	var old *cdop.Agency
	if n.ID != 0 {
		if old, err = findAgency(ctx, tx, n.ID); err != nil {
			return nil, err
		}
	}
	var other int64
	err = tx.QueryRowContext(ctx, "SELECT id FROM agencies WHERE name = ? AND id <> ?", n.Name, n.ID).Scan(&other)
	switch {
	case err == nil:
		return nil, cdop.AgencyNameInUse(n.Name)
	case !errors.Is(err, sql.ErrNoRows):
		return nil, err
	}

	if old == nil {
		res, err := tx.ExecContext(ctx, "INSERT INTO agencies (name, type, contact) VALUES (?, ?, ?)",
			n.Name, n.Type, nullable(n.Contact))
		if err != nil {
			return nil, fmt.Errorf("add agency %s: %w", n.Name, err)
		}
		if n.ID, err = res.LastInsertId(); err != nil {
			return nil, err
		}
	}
	changes := diffRecord("agency_id", n.ID, agencyFields(old), agencyFields(n))
	if len(changes) == 0 {
		return n, nil
	}
	if old != nil {
		if _, err := tx.ExecContext(ctx, "UPDATE agencies SET name = ?, type = ?, contact = ? WHERE id = ?",
			n.Name, n.Type, nullable(n.Contact), n.ID); err != nil {
			return nil, fmt.Errorf("update agency %s: %w", n.Name, err)
		}
	}
	if err := insertAudit(ctx, tx, "", agencyAction, changes); err != nil {
		return nil, err
	}
	return n, nil
}

// agencyFields returns what an agency's audit rows compare, or nil for none.
func agencyFields(a *cdop.Agency) []field {
	if a == nil {
		return nil
	}
	return []field{{"name", a.Name}, {"type", a.Type}, {"contact", a.Contact}}
}

func findAgency(ctx context.Context, tx *tx, id int64) (*cdop.Agency, error) {
	agencies, err := findAgencies(ctx, tx, "WHERE id = ?", id)
	if err != nil {
		return nil, err
	} else if len(agencies) == 0 {
		return nil, cdop.Errorf(cdop.ENOTFOUND, "there is no agency with ID %d", id)
	}
	return &agencies[0], nil
}

// findAgencies returns the agencies selected by the rest of a query.
func findAgencies(ctx context.Context, tx *tx, rest string, args ...any) ([]cdop.Agency, error) {
	var out []cdop.Agency
	err := queryRows(ctx, tx, "SELECT id, name, type, contact FROM agencies "+rest, args, func(rows *sql.Rows) error {
		var a cdop.Agency
		var contact sql.NullString
		if err := rows.Scan(&a.ID, &a.Name, &a.Type, &contact); err != nil {
			return err
		}
		a.Contact = contact.String
		out = append(out, a)
		return nil
	})
	return out, err
}
