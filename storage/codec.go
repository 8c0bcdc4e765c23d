package storage

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"casemanager/cdop"
)

// A case is stored field by field in its text form (cdop.Case.Get) and read
// back through cdop.Case.Set, so the text of every field is defined once, in
// cdop's field registry. Each field of cdop.CaseFields is a table column of
// the same name, INTEGER for whole numbers and TEXT otherwise; "" is stored
// as NULL. A field sealed at rest (cdop.Field.SealedAtRest) is stored
// encrypted in a sealed database (atrest.go), bound to the case's ID and the
// column. A new field needs only its migration adding the column.

// fieldColumns names the cases table's field columns, in cdop.CaseFields order.
var fieldColumns = func() []string {
	out := make([]string, len(cdop.CaseFields))
	for i, c := range cdop.CaseFields {
		out[i] = c.Name
	}
	return out
}()

// sealedColumns are the field columns sealed at rest.
var sealedColumns = func() map[string]bool {
	out := map[string]bool{}
	for _, f := range cdop.CaseFields {
		if f.SealedAtRest() {
			out[f.Name] = true
		}
	}
	return out
}()

// derivedColumns are the columns of a case's row derived from its fields, in
// the order appendFieldValues gives them: the blind indexes of its NHS number
// and of its cdop.Case.DuplicateKey, its year of death (kept in clear:
// the figures and the register's filters count by it) and the change number
// of the transaction writing it and its listing, sealed as one value
// (searchindex.go).
var derivedColumns = []string{"nhs_index", "dup_key", "year_of_death", "change_seq", "listing"}

var (
	caseSelect = "SELECT id, " + strings.Join(fieldColumns, ", ") + ", created_at, updated_at FROM cases"

	// insertColumns are the columns of a case's row, in the order
	// caseInsert takes them.
	insertColumns = append(append(append([]string{"id"}, fieldColumns...), derivedColumns...), "created_at", "updated_at")

	caseInsert = "INSERT INTO cases (" + strings.Join(insertColumns, ", ") + ") VALUES (" +
		strings.TrimSuffix(strings.Repeat("?, ", len(insertColumns)), ", ") + ")"

	caseUpdate = "UPDATE cases SET " + strings.Join(append(append([]string{}, fieldColumns...), derivedColumns...), " = ?, ") +
		" = ?, updated_at = ? WHERE id = ?"
)

// The kinds of blind index.
const (
	nhsIndex = "nhs"
	dupIndex = "dup"
)

// rowValues returns the values of c's field columns, in fieldColumns
// order, followed by those of derivedColumns, as the transaction stores them.
func (tx *tx) rowValues(ctx context.Context, c *cdop.Case) ([]any, error) {
	return tx.appendRowValues(ctx, make([]any, 0, len(fieldColumns)+len(derivedColumns)), c, nil)
}

// appendRowValues appends the values rowValues returns to out, and, when
// created is not nil, c's changes as a new case (see appendFieldValues).
func (tx *tx) appendRowValues(ctx context.Context, out []any, c *cdop.Case, created *[]cdop.FieldChange) ([]any, error) {
	r, err := tx.rest(ctx)
	if err != nil {
		return nil, err
	}
	seq, err := tx.changeSeq(ctx)
	if err != nil {
		return nil, err
	}
	return appendFieldValues(out, c, r, seq, created)
}

// appendFieldValues appends c's values as stored with r, written in the
// transaction of change number seq. When created is not nil it also
// appends to it c's changes as a new case, cdop.Diff(nil, c), from the
// values it reads anyway.
func appendFieldValues(out []any, c *cdop.Case, r atRest, seq int64, created *[]cdop.FieldChange) ([]any, error) {
	for i := range cdop.CaseFields {
		f := &cdop.CaseFields[i]
		name := f.Name
		s := f.Get(c)
		if s != "" && created != nil {
			*created = append(*created, cdop.FieldChange{Field: name, New: s})
		}
		switch {
		case s == "":
			out = append(out, nil)
		case f.SealedAtRest():
			v, err := r.seal(s, "cases", c.ID, name)
			if err != nil {
				return nil, err
			}
			out = append(out, v)
		case f.Integer():
			n, err := strconv.Atoi(s)
			if err != nil {
				return nil, fmt.Errorf("%s: %q is not a number", name, s)
			}
			out = append(out, n)
		default:
			out = append(out, s)
		}
	}
	listing, err := r.seal(encodeListing(cdop.ListingOf(c)), "cases", c.ID, "listing")
	if err != nil {
		return nil, err
	}
	return append(out,
		nullable(r.index(nhsIndex, cdop.NormaliseNHSNumber(c.NHSNumber))),
		nullable(r.index(dupIndex, c.DuplicateKey())),
		c.DateOfDeath.Year(), seq, listing), nil
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// caseScanner reads rows of "SELECT id, <columns>[, created_at, updated_at]",
// reusing its buffers from row to row and opening the sealed values.
type caseScanner struct {
	names                    []string
	stamps                   bool // the row ends with created_at and updated_at
	rest                     atRest
	id, createdAt, updatedAt string
	fields                   []sql.NullString
	dest                     []any
}

// newCaseScanner reads rows of caseSelect: every field, with the times.
func newCaseScanner(r atRest) *caseScanner {
	return newScanner(fieldColumns, true, r)
}

// newFieldScanner reads rows of "SELECT id, <names>": only those fields.
func newFieldScanner(names []string, r atRest) *caseScanner {
	return newScanner(names, false, r)
}

func newScanner(names []string, stamps bool, r atRest) *caseScanner {
	s := &caseScanner{names: names, stamps: stamps, rest: r, fields: make([]sql.NullString, len(names))}
	s.dest = append(s.dest, &s.id)
	for i := range s.fields {
		s.dest = append(s.dest, &s.fields[i])
	}
	if stamps {
		s.dest = append(s.dest, &s.createdAt, &s.updatedAt)
	}
	return s
}

func (s *caseScanner) scan(row interface{ Scan(...any) error }) (*cdop.Case, error) {
	if err := row.Scan(s.dest...); err != nil {
		return nil, err
	}
	return s.decode()
}

// decode returns the case of the row last scanned into s.dest.
func (s *caseScanner) decode() (*cdop.Case, error) {
	c := cdop.NewCase()
	c.ID = s.id
	for i, name := range s.names {
		v := s.fields[i].String
		if sealedColumns[name] {
			var err error
			if v, err = s.rest.open(v, "cases", s.id, name); err != nil {
				return nil, err
			}
		}
		if err := c.Set(name, v); err != nil {
			return nil, fmt.Errorf("case %s: stored %s: %w", s.id, name, err)
		}
	}
	if !s.stamps {
		return c, nil
	}
	var err error
	if c.CreatedAt, err = parseTime(s.createdAt); err != nil {
		return nil, fmt.Errorf("case %s: created_at: %w", s.id, err)
	}
	if c.UpdatedAt, err = parseTime(s.updatedAt); err != nil {
		return nil, fmt.Errorf("case %s: updated_at: %w", s.id, err)
	}
	return c, nil
}
