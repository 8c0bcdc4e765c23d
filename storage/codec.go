package storage

import (
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
// as NULL. A new field needs only its migration adding the column.

// fieldColumns names the cases table's field columns, in cdop.CaseFields order.
var fieldColumns = func() []string {
	out := make([]string, len(cdop.CaseFields))
	for i, c := range cdop.CaseFields {
		out[i] = c.Name
	}
	return out
}()

// intColumns are the field columns stored as INTEGER: the whole-number fields.
var intColumns = func() map[string]bool {
	out := map[string]bool{}
	for _, f := range cdop.CaseFields {
		if f.Integer() {
			out[f.Name] = true
		}
	}
	return out
}()

var (
	caseSelect = "SELECT id, " + strings.Join(fieldColumns, ", ") + ", created_at, updated_at FROM cases"

	// insertColumns are the columns of a case's row, in the order
	// caseInsert takes them.
	insertColumns = append(append([]string{"id"}, fieldColumns...), "dup_key", "search_text", "year_of_death", "created_at", "updated_at")

	caseInsert = "INSERT INTO cases (" + strings.Join(insertColumns, ", ") + ") VALUES (" +
		strings.TrimSuffix(strings.Repeat("?, ", len(insertColumns)), ", ") + ")"

	caseUpdate = "UPDATE cases SET " + strings.Join(fieldColumns, " = ?, ") +
		" = ?, dup_key = ?, search_text = ?, year_of_death = ?, updated_at = ? WHERE id = ?"
)

// fieldValues returns the values of c's field columns, in fieldColumns
// order, followed by the derived columns dup_key, search_text and year_of_death.
func fieldValues(c *cdop.Case) ([]any, error) {
	return appendFieldValues(make([]any, 0, len(fieldColumns)+6), c)
}

// appendFieldValues appends the values fieldValues returns to out.
func appendFieldValues(out []any, c *cdop.Case) ([]any, error) {
	for _, name := range fieldColumns {
		s := c.Get(name)
		switch {
		case s == "":
			out = append(out, nil)
		case name == "nhs_number":
			out = append(out, c.NHSNumber)
		case intColumns[name]:
			n, err := strconv.Atoi(s)
			if err != nil {
				return nil, fmt.Errorf("%s: %q is not a number", name, s)
			}
			out = append(out, n)
		default:
			out = append(out, s)
		}
	}
	return append(out, nullable(c.DuplicateKey()), cdop.SearchText(c), c.DateOfDeath.Year()), nil
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// caseScanner reads rows of caseSelect, reusing its buffers from row to row.
type caseScanner struct {
	id, createdAt, updatedAt string
	fields                   []sql.NullString
	dest                     []any
}

func newCaseScanner() *caseScanner {
	s := &caseScanner{fields: make([]sql.NullString, len(fieldColumns))}
	s.dest = append(s.dest, &s.id)
	for i := range s.fields {
		s.dest = append(s.dest, &s.fields[i])
	}
	s.dest = append(s.dest, &s.createdAt, &s.updatedAt)
	return s
}

func (s *caseScanner) scan(row interface{ Scan(...any) error }) (*cdop.Case, error) {
	if err := row.Scan(s.dest...); err != nil {
		return nil, err
	}
	c := cdop.NewCase()
	c.ID = s.id
	for i, name := range fieldColumns {
		if err := c.Set(name, s.fields[i].String); err != nil {
			return nil, fmt.Errorf("case %s: stored %s: %w", s.id, name, err)
		}
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
