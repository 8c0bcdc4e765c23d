package storage

import (
	"context"
	"database/sql"
	"errors"
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

	where, args, err := filterConditions(ctx, tx, f)
	if err != nil {
		return err
	}
	// year_of_death (in clear) narrows the scan through its index; the date
	// of death, sealed at rest, bounds it exactly once read.
	if !from.IsZero() {
		where, args = append(where, "year_of_death >= ?"), append(args, from.Year())
	}
	if !to.IsZero() {
		where, args = append(where, "year_of_death <= ?"), append(args, to.Year())
	}
	bounded := !from.IsZero() || !to.IsZero()
	columns := selected
	if bounded && !slices.Contains(columns, "date_of_death") {
		columns = append(slices.Clone(columns), "date_of_death")
	}
	query := caseSelect
	if fields != nil {
		query = "SELECT id, " + strings.Join(columns, ", ") + " FROM cases"
	}
	if len(where) > 0 {
		query += " WHERE " + strings.Join(where, " AND ")
	}
	limit := f.Limit
	if limit > 0 && !bounded {
		query += " LIMIT ?"
		args = append(args, limit)
	}
	// The keyring is read first: the rows then stream, never held
	// while another query runs.
	r, err := tx.rest(ctx)
	if err != nil {
		return err
	}
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	scan := newCaseScanner(r).scan
	if fields != nil {
		scan = newFieldScanner(columns, r).scan
	}
	if !bounded {
		return scanEach(ctx, rows, scan, fn)
	}
	wanted := slices.Contains(selected, "date_of_death")
	given := 0
	err = scanEach(ctx, rows, scan, func(c *cdop.Case) error {
		if (!from.IsZero() && c.DateOfDeath.Before(from)) || (!to.IsZero() && to.Before(c.DateOfDeath)) {
			return nil
		}
		if limit > 0 && given == limit {
			return errEnough // the rest is not read
		}
		given++
		if !wanted {
			c.DateOfDeath = cdop.Date{}
		}
		return fn(c)
	})
	if errors.Is(err, errEnough) {
		return nil
	}
	return err
}

// errEnough stops a scan that has given as many cases as were asked for.
var errEnough = errors.New("enough cases read")

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

// openFilesChunk is how many case files EachOpenCaseFile reads at a time.
const openFilesChunk = 500

// EachOpenCaseFile calls fn with the file of every case not closed (its
// requests, contacts, pauses and stage moves), ordered by reference, in
// one read transaction. It reads the files some hundreds at a time, each
// kind of record once for them, so that memory does not grow with the
// number of cases (as long as fn keeps none). It stops at fn's first
// error, or at the context's end, and returns it.
func (db *DB) EachOpenCaseFile(ctx context.Context, fn func(*cdop.CaseFile) error) error {
	return db.eachCaseFile(ctx, "stage <> ?", []any{string(cdop.StageClosed)}, fn)
}

// CaseFilesOf returns the files of the cases with the IDs given, in that
// order, read in one transaction some hundreds at a time; an ID of no case
// is an ENOTFOUND error.
func (db *DB) CaseFilesOf(ctx context.Context, ids []string) ([]*cdop.CaseFile, error) {
	tx, err := db.beginRead(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	byID := make(map[string]*cdop.CaseFile, len(ids))
	for start := 0; start < len(ids); start += openFilesChunk {
		chunk := ids[start:min(len(ids), start+openFilesChunk)]
		args := make([]any, len(chunk))
		for i, id := range chunk {
			args[i] = id
		}
		in := "(?" + strings.Repeat(", ?", len(chunk)-1) + ")"
		cases, err := findCases(ctx, tx, "WHERE id IN "+in, args...)
		if err != nil {
			return nil, err
		}
		files, err := fillFiles(ctx, tx, cases, "case_id IN "+in, args...)
		if err != nil {
			return nil, err
		}
		for _, f := range files {
			byID[f.Case.ID] = f
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
	}
	out := make([]*cdop.CaseFile, len(ids))
	for i, id := range ids {
		if out[i] = byID[id]; out[i] == nil {
			return nil, cdop.Errorf(cdop.ENOTFOUND, "there is no case with ID %q", id)
		}
	}
	return out, nil
}

// eachCaseFile calls fn with the file of every case a condition selects,
// as EachOpenCaseFile describes.
func (db *DB) eachCaseFile(ctx context.Context, cond string, args []any, fn func(*cdop.CaseFile) error) error {
	tx, err := db.beginRead(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()

	after := ""
	for {
		cases, err := findCases(ctx, tx, "WHERE "+cond+" AND case_ref > ? ORDER BY case_ref LIMIT ?", append(slices.Clone(args), after, openFilesChunk)...)
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
