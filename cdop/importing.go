package cdop

import (
	"fmt"
	"strings"
)

// The rules of importing a batch of cases: every row is checked, against
// what is stored and against the rows before it, and every problem is
// reported; blank references continue each year's numbering.

// LookupForm returns a copy of c, not yet stored, whose NHS number is
// normalised for comparison even when the case is not valid.
func LookupForm(c *Case) *Case {
	n := *c
	n.ID = ""
	n.NHSNumber = NormaliseNHSNumber(c.NHSNumber)
	return &n
}

// StoredCollisions reports how row's case c (in LookupForm) collides with
// the stored cases: dups, the stored cases it duplicates (FindDuplicates),
// and refInUse, whether a stored case has its reference.
func StoredCollisions(row int, c *Case, dups []*Case, refInUse bool) RowErrors {
	var errs RowErrors
	for _, d := range dups {
		errs = append(errs, RowError{
			Row:     row,
			Field:   DuplicateField(c, d),
			Message: fmt.Sprintf("%s as stored case %s", c.DuplicateReason(d), d.Ref),
		})
	}
	if c.Ref != "" && refInUse {
		errs = append(errs, RowError{Row: row, Field: "case_ref", Message: Quote(c.Ref) + " is already used by a stored case"})
	}
	return errs
}

// DuplicateField names the column that makes c a duplicate of d.
func DuplicateField(c, d *Case) string {
	if c.NHSNumber != "" && c.NHSNumber == d.NHSNumber {
		return "nhs_number"
	}
	return "first_name"
}

// ImportBatch finds the cases of a batch that duplicate an earlier one of
// the batch or share its reference, and the highest reference number of
// each year the batch uses.
type ImportBatch struct {
	cases      []*Case
	byNHS      map[string]int
	byKey      map[string]int
	byRef      map[string]int
	highestRef map[int]int // year → highest NNNN of the batch's CDOP-YYYY-NNNN references
}

// NewImportBatch returns an empty batch with room for n cases.
func NewImportBatch(n int) *ImportBatch {
	return &ImportBatch{
		cases:      make([]*Case, 0, n),
		byNHS:      make(map[string]int, n),
		byKey:      make(map[string]int, n),
		byRef:      make(map[string]int, n),
		highestRef: map[int]int{},
	}
}

// Add indexes row i's case and reports how it collides with earlier rows.
// The messages number no rows: a RowError's Row is the only row number,
// which the caller maps to its own (the interchange layer, to file lines),
// so the earlier row is "another case in this import".
func (b *ImportBatch) Add(i int, c *Case) RowErrors {
	var errs RowErrors
	key := c.DuplicateKey()
	earlier, found := b.byNHS[c.NHSNumber]
	if !found || c.NHSNumber == "" {
		earlier, found = b.byKey[key]
		found = found && key != ""
	}
	if found {
		d := b.cases[earlier]
		errs = append(errs, RowError{
			Row:     i,
			Field:   DuplicateField(c, d),
			Message: fmt.Sprintf("the same death as another case in this import (%s)", c.DuplicateReason(d)),
		})
	}
	if c.Ref != "" {
		ref := strings.ToLower(c.Ref)
		if _, ok := b.byRef[ref]; ok {
			errs = append(errs, RowError{Row: i, Field: "case_ref", Message: c.Ref + " is also the reference of another case in this import"})
		} else {
			b.byRef[ref] = i
		}
		if year, n, ok := ParseRef(c.Ref); ok {
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

// HighestRef returns the highest NNNN of the batch's CDOP-YYYY-NNNN
// references of a year, or 0.
func (b *ImportBatch) HighestRef(year int) int { return b.highestRef[year] }

// PrepareImportRow returns row i's case as a store keeps it and what is
// wrong with it on its own (its validation problems, as row errors); the
// case returned is the LookupForm when it is not valid, for the collision
// checks that still run. err is an internal error.
func PrepareImportRow(i int, c *Case, today Date) (n *Case, problems RowErrors, err error) {
	n = LookupForm(c)
	if verr := c.ValidateOn(today); verr != nil {
		v, ok := AsValidationErrors(verr)
		if !ok {
			return nil, nil, verr
		}
		for _, fe := range v {
			problems = append(problems, RowError{Row: i, Field: fe.Field, Message: fe.Message})
		}
		return n, problems, nil
	}
	n, err = c.Canonical()
	return n, nil, err
}
