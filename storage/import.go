package storage

import (
	"context"

	"github.com/google/uuid"

	"casemanager/cdop"
)

// CheckImport reports, per row, the cases that duplicate a stored case and
// the references already used by a stored case. It changes nothing.
func (db *DB) CheckImport(ctx context.Context, cases []*cdop.Case) (cdop.RowErrors, error) {
	tx, err := db.beginRead(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()

	var errs cdop.RowErrors
	for i, c := range cases {
		rowErrs, err := checkStored(ctx, tx, i, cdop.LookupForm(c))
		if err != nil {
			return nil, err
		}
		errs = append(errs, rowErrs...)
	}
	return errs, nil
}

// ImportCases stores every case, each with an "import" audit row, in one
// transaction. Each case is validated and refused when it duplicates a stored
// case or an earlier case of the batch, or uses a reference already used;
// blank references are assigned in order, continuing each year's numbering.
// When any case fails, nothing is stored and the error is a cdop.RowErrors
// listing every problem. On success each case holds what was stored.
func (db *DB) ImportCases(ctx context.Context, cases []*cdop.Case) error {
	tx, err := db.beginWrite(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()

	stored, err := importCases(ctx, tx, cases)
	if err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	for i, c := range stored {
		*cases[i] = *c
	}
	return nil
}

func importCases(ctx context.Context, tx *tx, cases []*cdop.Case) ([]*cdop.Case, error) {
	batch := cdop.NewImportBatch(len(cases))
	stored := make([]*cdop.Case, len(cases))
	var errs cdop.RowErrors
	for i, c := range cases {
		n, problems, err := cdop.PrepareImportRow(i, c, tx.today)
		if err != nil {
			return nil, err
		}
		errs = append(errs, problems...)
		rowErrs, err := checkStored(ctx, tx, i, n)
		if err != nil {
			return nil, err
		}
		errs = append(errs, rowErrs...)
		errs = append(errs, batch.Add(i, n)...)
		stored[i] = n
	}
	if len(errs) > 0 {
		return nil, errs
	}

	next := map[int]int{} // year of death → next number to assign
	for _, n := range stored {
		n.ID = uuid.NewString()
		if n.Ref == "" {
			year := n.DateOfDeath.Year()
			if _, ok := next[year]; !ok {
				highest, err := highestRefNumber(ctx, tx, year)
				if err != nil {
					return nil, err
				}
				next[year] = max(highest, batch.HighestRef(year)) + 1
			}
			n.Ref = cdop.FormatRef(year, next[year])
			next[year]++
		}
		n.CreatedAt, n.UpdatedAt = tx.now, tx.now
		if err := insertCase(ctx, tx, n); err != nil {
			return nil, err
		}
		if err := insertAudit(ctx, tx, n.ID, "import", cdop.Diff(nil, n)); err != nil {
			return nil, err
		}
	}
	return stored, nil
}

// checkStored reports, as cdop.StoredCollisions, how row i's case collides
// with stored cases.
func checkStored(ctx context.Context, tx *tx, i int, c *cdop.Case) (cdop.RowErrors, error) {
	dups, err := findDuplicates(ctx, tx, c)
	if err != nil {
		return nil, err
	}
	inUse := false
	if c.Ref != "" {
		id, err := caseWithRef(ctx, tx, c.Ref)
		if err != nil {
			return nil, err
		}
		inUse = id != ""
	}
	return cdop.StoredCollisions(i, c, dups, inUse), nil
}
