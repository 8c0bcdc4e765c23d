package storage

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"casemanager/cdop"
)

// EachCase calls fn with every case matching f whose date of death falls
// from from to to (both included; a zero date leaves that end open), one
// at a time as the rows are read, so that memory does not grow with the
// number of cases (as long as fn keeps none of them). The cases are read
// in one read transaction, a snapshot that writers do not change while it
// lasts, in no particular order; f.Limit, when set, caps how many.
// EachCase stops at fn's first error, or at the context's end, and
// returns it.
func (db *DB) EachCase(ctx context.Context, f cdop.CaseFilter, from, to cdop.Date, fn func(*cdop.Case) error) error {
	return db.EachCaseFields(ctx, f, from, to, nil, fn)
}

// EachCaseFields is EachCase reading only some fields: those of
// cdop.CaseFields named in fields (an unknown name is an EINVALID error),
// with the case's ID; the others are left blank and never leave the
// database. Nil fields reads them all. A reader that needs few fields runs
// faster, and one that must not see identifiers (an anonymised extract)
// never holds them.
func (db *DB) EachCaseFields(ctx context.Context, f cdop.CaseFilter, from, to cdop.Date, fields []string, fn func(*cdop.Case) error) error {
	selected, err := selectFields(fields)
	if err != nil {
		return err
	}
	tx, err := db.beginRead(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()

	where, args := filterConditions(cdop.CaseFilter{Stage: f.Stage, YearOfDeath: f.YearOfDeath})
	// year_of_death narrows the scan through its index; the text of the
	// date (YYYY-MM-DD, which sorts as dates do) bounds it exactly.
	if !from.IsZero() {
		where = append(where, "year_of_death >= ?", "date_of_death >= ?")
		args = append(args, from.Year(), from.String())
	}
	if !to.IsZero() {
		where = append(where, "year_of_death <= ?", "date_of_death <= ?")
		args = append(args, to.Year(), to.String())
	}
	if cond, condArgs := searchCondition(f.Search); cond != "" {
		where, args = append(where, cond), append(args, condArgs...) // after the period, as before
	}
	query := caseSelect
	if fields != nil {
		query = "SELECT id, " + strings.Join(selected, ", ") + " FROM cases"
	}
	if len(where) > 0 {
		query += " WHERE " + strings.Join(where, " AND ")
	}
	if f.Limit > 0 {
		query += " LIMIT ?"
		args = append(args, f.Limit)
	}
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	scan := newCaseScanner().scan
	if fields != nil {
		scan = newFieldScanner(selected).scan
	}
	return scanEach(ctx, rows, scan, fn)
}

// scanEach calls fn with each case scan reads from rows, and closes them.
// It stops at fn's first error, or at the context's end, and returns it.
func scanEach(ctx context.Context, rows *sql.Rows, scan func(row interface{ Scan(...any) error }) (*cdop.Case, error), fn func(*cdop.Case) error) error {
	defer rows.Close()
	for rows.Next() {
		c, err := scan(rows)
		if err != nil {
			return err
		}
		if err := fn(c); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	return ctx.Err()
}

// selectFields returns the stored columns of the named fields, each once,
// in cdop.CaseFields order.
func selectFields(fields []string) ([]string, error) {
	if fields == nil {
		return fieldColumns, nil
	}
	var out []string
	for _, name := range fieldColumns {
		if slices.Contains(fields, name) {
			out = append(out, name)
		}
	}
	for _, name := range fields {
		if !slices.Contains(fieldColumns, name) {
			return nil, cdop.Errorf(cdop.EINVALID, "a case has no stored field %q", name)
		}
	}
	return out, nil
}

// fieldScanner reads rows of "SELECT id, <fields>", reusing its buffers.
type fieldScanner struct {
	names  []string
	id     string
	fields []sql.NullString
	dest   []any
}

func newFieldScanner(names []string) *fieldScanner {
	s := &fieldScanner{names: names, fields: make([]sql.NullString, len(names))}
	s.dest = append(s.dest, &s.id)
	for i := range s.fields {
		s.dest = append(s.dest, &s.fields[i])
	}
	return s
}

func (s *fieldScanner) scan(row interface{ Scan(...any) error }) (*cdop.Case, error) {
	if err := row.Scan(s.dest...); err != nil {
		return nil, err
	}
	c := cdop.NewCase()
	c.ID = s.id
	for i, name := range s.names {
		if err := c.Set(name, s.fields[i].String); err != nil {
			return nil, fmt.Errorf("case %s: stored %s: %w", s.id, name, err)
		}
	}
	return c, nil
}

// openFilesChunk is how many case files EachOpenCaseFile reads at a time.
const openFilesChunk = 500

// EachOpenCaseFile calls fn with the file of every case not closed (its
// requests, contacts, pauses and stage moves), ordered by reference, in
// one read transaction. It reads the files some hundreds at a time, each
// kind of record once for them, so that memory does not grow with the
// number of cases (as long as fn keeps none). It stops at fn's first
// error, or at the context's end, and returns it.
func (db *DB) EachOpenCaseFile(ctx context.Context, fn func(*cdop.CaseFile) error) error {
	tx, err := db.beginRead(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()

	closed := string(cdop.StageClosed)
	after := ""
	for {
		cases, err := findCases(ctx, tx, "WHERE stage <> ? AND case_ref > ? ORDER BY case_ref LIMIT ?", closed, after, openFilesChunk)
		if err != nil || len(cases) == 0 {
			return err
		}
		ids := make([]any, len(cases))
		for i, c := range cases {
			ids[i] = c.ID
		}
		files, err := fillFiles(ctx, tx, cases, "case_id IN (?"+strings.Repeat(", ?", len(ids)-1)+")", ids...)
		if err != nil {
			return err
		}
		for _, f := range files {
			if err := fn(f); err != nil {
				return err
			}
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		after = cases[len(cases)-1].Ref
	}
}
