package storage

import (
	"context"
	"fmt"
	"strings"

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
		rowErrs, err := checkStored(ctx, tx, i, lookupForm(c))
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
	batch := newBatchIndex(len(cases))
	stored := make([]*cdop.Case, len(cases))
	var errs cdop.RowErrors
	for i, c := range cases {
		n := lookupForm(c)
		if err := c.ValidateOn(tx.today); err != nil {
			v, ok := cdop.AsValidationErrors(err)
			if !ok {
				return nil, err
			}
			for _, fe := range v {
				errs = append(errs, cdop.RowError{Row: i, Field: fe.Field, Message: fe.Message})
			}
		} else {
			var err error
			if n, err = canonical(c); err != nil {
				return nil, err
			}
		}
		rowErrs, err := checkStored(ctx, tx, i, n)
		if err != nil {
			return nil, err
		}
		errs = append(errs, rowErrs...)
		errs = append(errs, batch.add(i, n)...)
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
				next[year] = max(highest, batch.highestRef[year]) + 1
			}
			n.Ref = formatRef(year, next[year])
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

// lookupForm returns a copy of c, not yet stored, whose NHS number is
// normalised for comparison even when the case is not valid.
func lookupForm(c *cdop.Case) *cdop.Case {
	n := *c
	n.ID = ""
	n.NHSNumber = cdop.NormaliseNHSNumber(c.NHSNumber)
	return &n
}

// checkStored reports how row i's case collides with stored cases.
func checkStored(ctx context.Context, tx *tx, i int, c *cdop.Case) (cdop.RowErrors, error) {
	var errs cdop.RowErrors
	dups, err := findDuplicates(ctx, tx, c)
	if err != nil {
		return nil, err
	}
	for _, d := range dups {
		errs = append(errs, cdop.RowError{
			Row:     i,
			Field:   duplicateField(c, d),
			Message: fmt.Sprintf("%s as stored case %s", c.DuplicateReason(d), d.Ref),
		})
	}
	if c.Ref != "" {
		id, err := caseWithRef(ctx, tx, c.Ref)
		if err != nil {
			return nil, err
		}
		if id != "" {
			errs = append(errs, cdop.RowError{Row: i, Field: "case_ref", Message: c.Ref + " is already used by a stored case"})
		}
	}
	return errs, nil
}

// duplicateField names the column that makes c a duplicate of d.
func duplicateField(c, d *cdop.Case) string {
	if c.NHSNumber != "" && c.NHSNumber == d.NHSNumber {
		return "nhs_number"
	}
	return "first_name"
}

// batchIndex finds the cases of a batch that duplicate an earlier one.
type batchIndex struct {
	cases      []*cdop.Case
	byNHS      map[string]int
	byKey      map[string]int
	byRef      map[string]int
	highestRef map[int]int // year → highest NNNN of the batch's CDOP-YYYY-NNNN references
}

func newBatchIndex(n int) *batchIndex {
	return &batchIndex{
		cases:      make([]*cdop.Case, 0, n),
		byNHS:      make(map[string]int, n),
		byKey:      make(map[string]int, n),
		byRef:      make(map[string]int, n),
		highestRef: map[int]int{},
	}
}

// add indexes row i's case and reports how it collides with earlier rows.
// The messages number no rows: a RowError's Row is the only row number,
// which the caller maps to its own (the interchange layer, to file lines),
// so the earlier row is "another case in this import".
func (b *batchIndex) add(i int, c *cdop.Case) cdop.RowErrors {
	var errs cdop.RowErrors
	key := c.DuplicateKey()
	earlier, found := b.byNHS[c.NHSNumber]
	if !found || c.NHSNumber == "" {
		earlier, found = b.byKey[key]
		found = found && key != ""
	}
	if found {
		d := b.cases[earlier]
		errs = append(errs, cdop.RowError{
			Row:     i,
			Field:   duplicateField(c, d),
			Message: fmt.Sprintf("the same death as another case in this import (%s)", c.DuplicateReason(d)),
		})
	}
	if c.Ref != "" {
		ref := strings.ToLower(c.Ref)
		if _, ok := b.byRef[ref]; ok {
			errs = append(errs, cdop.RowError{Row: i, Field: "case_ref", Message: c.Ref + " is also the reference of another case in this import"})
		} else {
			b.byRef[ref] = i
		}
		if year, n, ok := parseRef(c.Ref); ok {
			b.highestRef[year] = max(b.highestRef[year], n)
		}
	}
	b.cases = append(b.cases, c)
	if _, ok := b.byNHS[c.NHSNumber]; !ok && c.NHSNumber != "" {
		b.byNHS[c.NHSNumber] = i
	}
	if _, ok := b.byKey[key]; !ok && key != "" {
		b.byKey[key] = i
	}
	return errs
}
