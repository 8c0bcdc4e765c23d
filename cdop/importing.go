package cdop

import (
	"fmt"
	"hash/maphash"
	"strings"
)

// The rules of importing a batch of cases: every row is checked, against
// what is stored and against the rows before it, and every problem is
// reported; blank references continue each year's numbering.

// LookupForm returns a copy of c, not yet stored, whose NHS number and
// postcode are normalised for comparison even when the case is not valid.
func LookupForm(c *Case) *Case {
	n := *c
	n.ID = ""
	n.NHSNumber = NormaliseNHSNumber(c.NHSNumber)
	n.Postcode = NormalisePostcode(c.Postcode)
	return &n
}

// StoredCollisions reports how row's case c (in LookupForm) collides with
// the stored cases: dups, the stored cases it duplicates (FindDuplicates),
// and refInUse, whether a stored case has its reference.
func StoredCollisions(row int, c *Case, dups []*Case, refInUse bool) RowErrors {
	var errs RowErrors
	for _, d := range dups {
		if m := c.Compare(d); m.Refused() {
			errs = append(errs, RowError{Row: row, Field: DuplicateField(m), Message: duplicateMessage(m, "stored case "+d.Ref)})
		}
	}
	if c.Ref != "" && refInUse {
		errs = append(errs, RowError{Row: row, Field: "case_ref", Message: Quote(c.Ref) + " is already used by a stored case"})
	}
	return errs
}

// DuplicateField names the column that makes a case refused beside
// another: the NHS number, or the surname of a possible duplicate.
func DuplicateField(m Match) string {
	if m.Likeness == SameChild {
		return "nhs_number"
	}
	return "last_name"
}

// duplicateMessage words a refused match with the case named by who ("the
// case on line 3", "stored case CDOP-2025-0001"), and what resolves a
// possible duplicate.
func duplicateMessage(m Match, who string) string {
	if m.Likeness == SameChild {
		return fmt.Sprintf("the same death as %s (%s)", who, m.Reason)
	}
	return fmt.Sprintf("possibly the same child as %s (%s); if it is a different child, say why in distinct_reason", who, m.Reason)
}

// ImportBatch finds the cases of an import that duplicate an earlier one
// of it or share its reference, and the highest reference number of each
// year the import uses. It keeps keys, not cases (DuplicateIndex and a
// compact index of references), so an import of any size runs in bounded
// memory; every store's import checks its rows through it.
type ImportBatch struct {
	dups       *DuplicateIndex
	refs       *refIndex
	rowName    func(row int) string
	highestRef map[int]int // year → highest NNNN of the batch's CDOP-YYYY-NNNN references
}

// NewImportBatch returns an empty batch; rowName names an earlier row in a
// message about a later one ("the case on line 3"), and nil names none
// ("another case in this import").
func NewImportBatch(rowName func(row int) string) *ImportBatch {
	if rowName == nil {
		rowName = func(int) string { return "another case in this import" }
	}
	return &ImportBatch{dups: NewDuplicateIndex(), refs: newRefIndex(), rowName: rowName, highestRef: map[int]int{}}
}

// Add indexes row i's case (its NHS number in normal form) and reports how
// it collides with earlier rows: the same death, or the same reference.
func (b *ImportBatch) Add(i int, c *Case) RowErrors {
	var errs RowErrors
	if d, earlier, found := b.dups.Add(i, c); found {
		m := c.Compare(d)
		errs = append(errs, RowError{Row: i, Field: DuplicateField(m), Message: duplicateMessage(m, b.rowName(earlier))})
	}
	if c.Ref != "" {
		if earlier, ok := b.refs.add(i, c.Ref); ok {
			errs = append(errs, RowError{Row: i, Field: "case_ref",
				Message: fmt.Sprintf("%s is also the reference of %s", Quote(c.Ref), b.rowName(earlier))})
		}
		if year, n, ok := ParseRef(c.Ref); ok {
			b.highestRef[year] = max(b.highestRef[year], n)
		}
	}
	return errs
}

// refIndex remembers the references an import has given, as stores compare
// them (whatever their letter case), in memory the garbage collector need
// not scan.
type refIndex struct {
	seed    maphash.Seed
	text    []byte           // the references, lower-cased, one after another
	entries []refEntry       // in the order added
	byHash  map[uint64]int32 // hash of a reference → its first entry
}

type refEntry struct {
	row       int
	at, n     uint32 // the reference in text
	next, end int32  // the next entry of the same hash, or -1; the chain's last
}

func newRefIndex() *refIndex {
	return &refIndex{seed: maphash.MakeSeed(), byHash: map[uint64]int32{}}
}

// add returns the row that gave ref before, or adds it under row.
func (x *refIndex) add(row int, ref string) (earlier int, found bool) {
	ref = strings.ToLower(ref)
	h := maphash.String(x.seed, ref)
	first, ok := x.byHash[h]
	for i := first; ok && i >= 0; i = x.entries[i].next {
		if e := x.entries[i]; string(x.text[e.at:e.at+e.n]) == ref {
			return e.row, true
		}
	}
	i := int32(len(x.entries))
	x.entries = append(x.entries, refEntry{row: row, at: uint32(len(x.text)), n: uint32(len(ref)), next: -1, end: i})
	x.text = append(x.text, ref...)
	if !ok {
		x.byHash[h] = i
	} else {
		x.entries[x.entries[first].end].next = i
		x.entries[first].end = i
	}
	return 0, false
}

// HighestRef returns the highest NNNN of the batch's CDOP-YYYY-NNNN
// references of a year, or 0.
func (b *ImportBatch) HighestRef(year int) int { return b.highestRef[year] }

// PrepareImportRow returns row i's case as a store keeps it and what is
// wrong with it on its own (its validation problems, as row errors); the
// case returned is the LookupForm when it is not valid, for the collision
// checks that still run. err is an internal error.
func PrepareImportRow(i int, c *Case, today Date) (n *Case, problems RowErrors, err error) {
	return prepareRow(i, c, today, true)
}

// PrepareDecodedRow is PrepareImportRow for a case a decoder built, each
// of its fields given by Set from the file's text. Set puts every value in
// the form a store keeps (Canonical would give the case back unchanged),
// so the case is not made canonical a second time: an import of 100,000
// cases spends about 5% of its time doing that.
func PrepareDecodedRow(i int, c *Case, today Date) (n *Case, problems RowErrors, err error) {
	return prepareRow(i, c, today, false)
}

func prepareRow(i int, c *Case, today Date, canonical bool) (n *Case, problems RowErrors, err error) {
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
	if !canonical {
		n.ID, n.CreatedAt, n.UpdatedAt = c.ID, c.CreatedAt, c.UpdatedAt // as Canonical keeps them
		return n, nil, nil
	}
	n, err = c.Canonical()
	return n, nil, err
}
