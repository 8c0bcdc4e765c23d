package storage

import (
	"context"
	"database/sql"
	"fmt"

	"casemanager/cdop"
)

// FactorCatalogue returns the factors a panel picks from, the national
// defaults and its own, ordered by code.
func (db *DB) FactorCatalogue(ctx context.Context) ([]cdop.FactorCatalogueEntry, error) {
	tx, err := db.beginRead(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	return findCatalogue(ctx, tx, "ORDER BY code")
}

// AddCatalogueFactor adds a factor to the catalogue, as
// cdop.PrepareCatalogueFactor and cdop.CheckCatalogueFactor have it (their
// refusals are returned as they are; a blank code is the domain's next
// local code), with an audit row about no case. On success e holds what is
// stored.
func (db *DB) AddCatalogueFactor(ctx context.Context, e *cdop.FactorCatalogueEntry) error {
	tx, err := db.beginWrite(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()

	stored, err := addCatalogueFactor(ctx, tx, e)
	if err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	*e = *stored
	return nil
}

func addCatalogueFactor(ctx context.Context, tx *tx, e *cdop.FactorCatalogueEntry) (*cdop.FactorCatalogueEntry, error) {
	n, err := cdop.PrepareCatalogueFactor(e)
	if err != nil {
		return nil, err
	}
	domain, err := findCatalogue(ctx, tx, "WHERE domain = ? ORDER BY code", n.Domain)
	if err != nil {
		return nil, err
	}
	var sameCode *cdop.FactorCatalogueEntry
	if n.Code != "" {
		same, err := findCatalogue(ctx, tx, "WHERE code = ?", n.Code)
		if err != nil {
			return nil, err
		}
		if len(same) > 0 {
			sameCode = &same[0]
		}
	}
	if err := cdop.CheckCatalogueFactor(n, domain, sameCode); err != nil {
		return nil, err
	}
	if _, err := tx.ExecContext(ctx, "INSERT INTO factor_catalogue (code, domain, text) VALUES (?, ?, ?)", n.Code, n.Domain, n.Text); err != nil {
		return nil, fmt.Errorf("add factor %s to the catalogue: %w", n.Code, err)
	}
	changes := []cdop.FieldChange{{Field: "code", New: n.Code}, {Field: "domain", New: n.Domain}, {Field: "text", New: n.Text}}
	if err := insertAudit(ctx, tx, "", catalogueAction, changes); err != nil {
		return nil, err
	}
	return n, nil
}

// findCatalogue returns the catalogue's factors selected by the rest of a query.
func findCatalogue(ctx context.Context, tx *tx, rest string, args ...any) ([]cdop.FactorCatalogueEntry, error) {
	var out []cdop.FactorCatalogueEntry
	err := queryRows(ctx, tx, "SELECT code, domain, text FROM factor_catalogue "+rest, args, func(rows *sql.Rows) error {
		var e cdop.FactorCatalogueEntry
		if err := rows.Scan(&e.Code, &e.Domain, &e.Text); err != nil {
			return err
		}
		out = append(out, e)
		return nil
	})
	return out, err
}
