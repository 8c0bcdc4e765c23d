package storage

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"casemanager/cdop"
)

// CreateCase validates c, refuses it when it duplicates a stored case or
// uses a stored reference, and stores it with an audit row. On success c
// holds what was stored: its new ID, its reference (assigned when blank),
// its times, and its fields in their stored form.
func (db *DB) CreateCase(ctx context.Context, c *cdop.Case) error {
	tx, err := db.beginWrite(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()

	stored, err := createCase(ctx, tx, c)
	if err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	*c = *stored
	return nil
}

// UpdateCase validates c and stores it over the stored case with its ID,
// with an audit row of the fields changed; a case with no change is not
// written. c must be a copy of the case as stored: its UpdatedAt, as
// loaded, must still be the stored one, else someone changed the case
// since (ECONFLICT, naming who and when; reopen the case), and a zero
// UpdatedAt, of a case never loaded, is refused the same way. It refuses
// to change a closed case (ECONFLICT: reopen it with MoveStage first) or a
// case's stage (EINVALID: stages change only through MoveStage, so the
// flowchart's checks apply). On success c holds what is stored, with its
// new UpdatedAt, so that it can be changed and saved again.
func (db *DB) UpdateCase(ctx context.Context, c *cdop.Case) error {
	tx, err := db.beginWrite(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()

	stored, err := updateCase(ctx, tx, c)
	if err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	*c = *stored
	return nil
}

// FindCaseByID returns the case with an ID, or an ENOTFOUND error.
func (db *DB) FindCaseByID(ctx context.Context, id string) (*cdop.Case, error) {
	tx, err := db.beginRead(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	return findCaseByID(ctx, tx, id)
}

// FindCaseByRef returns the case with a reference (compared ignoring ASCII
// case), or an ENOTFOUND error.
func (db *DB) FindCaseByRef(ctx context.Context, ref string) (*cdop.Case, error) {
	tx, err := db.beginRead(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()

	cases, err := findCases(ctx, tx, "WHERE case_ref = ?", strings.TrimSpace(ref))
	if err != nil {
		return nil, err
	} else if len(cases) == 0 {
		return nil, cdop.Errorf(cdop.ENOTFOUND, "there is no case %s", ref)
	}
	return cases[0], nil
}

// FindCases returns the cases matching f, ordered by reference.
func (db *DB) FindCases(ctx context.Context, f cdop.CaseFilter) ([]*cdop.Case, error) {
	var out []*cdop.Case
	err := db.EachCaseByRef(ctx, f, func(c *cdop.Case) error {
		out = append(out, c)
		return nil
	})
	return out, err
}

// EachCaseByRef calls fn with each case matching f, ordered by reference,
// one at a time as the rows are read, so that memory does not grow with
// the number of cases (as long as fn keeps none). The cases are read in
// one read transaction, a snapshot that writers do not change while it
// lasts. It stops at fn's first error, or at the context's end, and
// returns it.
func (db *DB) EachCaseByRef(ctx context.Context, f cdop.CaseFilter, fn func(*cdop.Case) error) error {
	tx, err := db.beginRead(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()

	where, args, err := filterConditions(ctx, tx, f)
	if err != nil {
		return err
	}
	var q strings.Builder
	if len(where) > 0 {
		q.WriteString("WHERE " + strings.Join(where, " AND "))
	}
	q.WriteString(" ORDER BY case_ref")
	if f.Limit > 0 {
		q.WriteString(" LIMIT ?")
		args = append(args, f.Limit)
	}
	return eachCase(ctx, tx, q.String(), args, fn)
}

// filterConditions returns the SQL conditions, and their arguments, of a
// filter's stage, year of death and search. The search is the case index's
// (searchindex.go): the rows whose search text it matches.
func filterConditions(ctx context.Context, tx *tx, f cdop.CaseFilter) (where []string, args []any, err error) {
	if f.Stage != "" {
		where, args = append(where, "stage = ?"), append(args, string(f.Stage))
	}
	if f.YearOfDeath != 0 {
		where, args = append(where, "year_of_death = ?"), append(args, f.YearOfDeath)
	}
	if len(cdop.SearchTerms(f.Search)) > 0 {
		idx, err := tx.index(ctx)
		if err != nil {
			return nil, nil, err
		}
		_, rowids := idx.match(cdop.CaseFilter{Search: f.Search})
		where, args = append(where, tx.db.dialect.rowidIn()), append(args, rowidsJSON(rowids))
	}
	return where, args, nil
}

// FindDuplicates returns the stored cases, other than c itself, that look
// like c (cdop.Alike, among those with c's NHS number or DuplicateKey),
// ordered by reference; cdop's Compare says what each one is.
func (db *DB) FindDuplicates(ctx context.Context, c *cdop.Case) ([]*cdop.Case, error) {
	tx, err := db.beginRead(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	return findDuplicates(ctx, tx, c)
}

// CaseHistory returns the audit rows of a case, oldest first, or an
// ENOTFOUND error when there is no such case.
func (db *DB) CaseHistory(ctx context.Context, caseID string) ([]cdop.AuditEntry, error) {
	tx, err := db.beginRead(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()

	if _, err := caseRefOf(ctx, tx, caseID); err != nil {
		return nil, err
	}
	return caseHistory(ctx, tx, caseID)
}

func createCase(ctx context.Context, tx *tx, c *cdop.Case) (*cdop.Case, error) {
	n, err := cdop.PrepareNew(c, tx.today)
	if err != nil {
		return nil, err
	}
	if err := checkTextLimits(ctx, tx, n); err != nil {
		return nil, err
	}
	n.ID = uuid.NewString()
	if err := refuseDuplicates(ctx, tx, n); err != nil {
		return nil, err
	}
	if n.Ref == "" {
		if n.Ref, err = nextRef(ctx, tx, n.DateOfDeath.Year()); err != nil {
			return nil, err
		}
	} else if err := refuseRefInUse(ctx, tx, n); err != nil {
		return nil, err
	}
	n.CreatedAt, n.UpdatedAt = tx.now, tx.now
	created, err := insertCase(ctx, tx, n)
	if err != nil {
		return nil, err
	}
	if err := insertAudit(ctx, tx, n.ID, "create", created); err != nil {
		return nil, err
	}
	return n, nil
}

func updateCase(ctx context.Context, tx *tx, c *cdop.Case) (*cdop.Case, error) {
	old, err := findCaseByID(ctx, tx, c.ID)
	if err != nil {
		return nil, err
	}
	lastChange := func() (string, time.Time, error) { return lastCaseChange(ctx, tx, old.ID) }
	if err := cdop.CheckFresh(old, c, lastChange); err != nil {
		return nil, err
	}
	n, err := cdop.PrepareEdit(old, c, tx.today)
	if err != nil {
		return nil, err
	}
	if err := checkTextLimits(ctx, tx, n); err != nil {
		return nil, err
	}
	if err := refuseDuplicates(ctx, tx, n); err != nil {
		return nil, err
	}
	if n.Ref != old.Ref {
		if err := refuseRefInUse(ctx, tx, n); err != nil {
			return nil, err
		}
	}
	changes := cdop.Diff(old, n)
	if len(changes) == 0 {
		return n, nil
	}
	n.UpdatedAt = tx.stamps.For(n.ID, old.UpdatedAt)
	args, err := tx.rowValues(ctx, n)
	if err != nil {
		return nil, err
	}
	stmt, err := tx.prepare(ctx, caseUpdate)
	if err != nil {
		return nil, err
	}
	if _, err := stmt.ExecContext(ctx, append(args, formatTime(n.UpdatedAt), n.ID)...); err != nil {
		return nil, fmt.Errorf("update case %s: %w", n.Ref, err)
	}
	if err := insertAudit(ctx, tx, n.ID, "update", changes); err != nil {
		return nil, err
	}
	return n, nil
}

// checkTextLimits refuses a case whose free text is longer than the
// panel's setting allows (cdop.Settings.CheckTextLimits).
func checkTextLimits(ctx context.Context, tx *tx, c *cdop.Case) error {
	settings, err := loadSettings(ctx, tx)
	if err != nil {
		return err
	}
	return settings.CheckTextLimits(c)
}

// insertCase inserts the new case c and returns its changes as a new
// case, cdop.Diff(nil, c), for its audit row.
func insertCase(ctx context.Context, tx *tx, c *cdop.Case) ([]cdop.FieldChange, error) {
	created := make([]cdop.FieldChange, 0, len(cdop.CaseFields))
	_, err := insertCaseRowNoting(ctx, tx, c, &created)
	return created, err
}

// insertCaseRow inserts c and returns the rowid of its row. The statement
// names only the columns c sets (the others are NULL all the same): a
// case leaves many blank, and binding each blank to NULL costs more than
// the insert of an imported case. The statements are prepared once per
// set of columns, up to maxInsertStatements of them in a transaction.
func insertCaseRow(ctx context.Context, tx *tx, c *cdop.Case) (int64, error) {
	return insertCaseRowNoting(ctx, tx, c, nil)
}

// insertCaseRowNoting is insertCaseRow, appending to created, when not
// nil, c's changes as a new case.
func insertCaseRowNoting(ctx context.Context, tx *tx, c *cdop.Case, created *[]cdop.FieldChange) (int64, error) {
	values, err := tx.appendRowValues(ctx, append(make([]any, 0, len(insertColumns)), c.ID), c, created)
	if err != nil {
		return 0, err
	}
	values = append(values, tx.formatTime(c.CreatedAt), tx.formatTime(c.UpdatedAt))
	var set columnSet
	for i, v := range values {
		if v != nil {
			set.add(i)
		}
	}
	stmt, err := tx.insertFor(ctx, set)
	if err != nil {
		return 0, err
	}
	if stmt != nil {
		values = slices.DeleteFunc(values, func(v any) bool { return v == nil })
	} else if stmt, err = tx.prepare(ctx, caseInsert); err != nil { // too many kinds of case: every column
		return 0, err
	}
	res, err := stmt.ExecContext(ctx, values...)
	if err != nil {
		return 0, fmt.Errorf("insert case %s: %w", c.Ref, err)
	}
	return res.LastInsertId()
}

// maxInsertStatements caps the case inserts a transaction prepares.
const maxInsertStatements = 64

// columnSet is a set of positions among insertColumns.
type columnSet [2]uint64

func (s *columnSet) add(i int)     { s[i/64] |= 1 << (i % 64) }
func (s columnSet) has(i int) bool { return s[i/64]&(1<<(i%64)) != 0 }

// insertFor returns the insert of the columns in set, preparing it the
// first time, or nil when the transaction has prepared its share.
func (tx *tx) insertFor(ctx context.Context, set columnSet) (*sql.Stmt, error) {
	if stmt, ok := tx.inserts[set]; ok {
		return stmt, nil
	}
	if len(tx.inserts) >= maxInsertStatements {
		return nil, nil
	}
	var cols []string
	for i, name := range insertColumns {
		if set.has(i) {
			cols = append(cols, name)
		}
	}
	stmt, err := tx.PrepareContext(ctx, "INSERT INTO cases ("+strings.Join(cols, ", ")+") VALUES ("+
		strings.TrimSuffix(strings.Repeat("?, ", len(cols)), ", ")+")")
	if err != nil {
		return nil, err
	}
	tx.inserts[set] = stmt
	return stmt, nil
}

func findCaseByID(ctx context.Context, tx *tx, id string) (*cdop.Case, error) {
	cases, err := findCases(ctx, tx, "WHERE id = ?", id)
	if err != nil {
		return nil, err
	} else if len(cases) == 0 {
		return nil, cdop.Errorf(cdop.ENOTFOUND, "there is no case with ID %q", id)
	}
	return cases[0], nil
}

// findCases returns the cases selected by the rest of a query (WHERE ...
// ORDER BY ...) and its arguments.
func findCases(ctx context.Context, tx *tx, rest string, args ...any) ([]*cdop.Case, error) {
	var out []*cdop.Case
	err := eachCase(ctx, tx, rest, args, func(c *cdop.Case) error {
		out = append(out, c)
		return nil
	})
	return out, err
}

// eachCase calls fn with each case selected by the rest of a query and
// its arguments, as it is read; it stops at fn's first error, or at the
// context's end.
func eachCase(ctx context.Context, tx *tx, rest string, args []any, fn func(*cdop.Case) error) error {
	stmt, err := tx.prepare(ctx, caseSelect+" "+rest)
	if err != nil {
		return err
	}
	rows, err := stmt.QueryContext(ctx, args...)
	if err != nil {
		return err
	}
	r, err := tx.rest(ctx)
	if err != nil {
		rows.Close()
		return err
	}
	return scanEach(ctx, rows, newCaseScanner(r).scan, fn)
}

// findDuplicates returns the stored cases, other than c, that look like c
// (cdop.Alike) among those c's NHS number or duplicate key match. It looks for their IDs first: reading whole cases
// costs more, and duplicates are rare.
func findDuplicates(ctx context.Context, tx *tx, c *cdop.Case) ([]*cdop.Case, error) {
	return findDuplicatesUpTo(ctx, tx, c, allRows)
}

// findDuplicatesUpTo is findDuplicates among the cases of rowid up to
// before (those stored before an import began).
func findDuplicatesUpTo(ctx context.Context, tx *tx, c *cdop.Case, before int64) ([]*cdop.Case, error) {
	nhs, key := cdop.NormaliseNHSNumber(c.NHSNumber), c.DuplicateKey()
	if nhs == "" && key == "" {
		return nil, nil
	}
	r, err := tx.rest(ctx)
	if err != nil {
		return nil, err
	}
	stmt, err := tx.prepare(ctx, "SELECT id FROM cases WHERE (nhs_index = ? OR dup_key = ?) AND id <> ? AND rowid <= ?")
	if err != nil {
		return nil, err
	}
	rows, err := stmt.QueryContext(ctx, nullable(r.index(nhsIndex, nhs)), nullable(r.index(dupIndex, key)), c.ID, before)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []any
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil || len(ids) == 0 {
		return nil, err
	}
	found, err := findCases(ctx, tx, "WHERE id IN (?"+strings.Repeat(", ?", len(ids)-1)+") ORDER BY case_ref", ids...)
	if err != nil {
		return nil, err
	}
	return cdop.Alike(cdop.LookupForm(c), found), nil
}

// refuseDuplicates returns cdop.DuplicateError of the stored cases c duplicates.
func refuseDuplicates(ctx context.Context, tx *tx, c *cdop.Case) error {
	dups, err := findDuplicates(ctx, tx, c)
	if err != nil {
		return err
	}
	return cdop.DuplicateError(c, dups)
}

// refuseRefInUse returns cdop.RefInUseError when another case has c's reference.
func refuseRefInUse(ctx context.Context, tx *tx, c *cdop.Case) error {
	id, err := caseWithRef(ctx, tx, c.Ref)
	if err != nil || id == "" || id == c.ID {
		return err
	}
	return cdop.RefInUseError(c.Ref)
}

// caseWithRef returns the ID of the case with a reference, or "".
func caseWithRef(ctx context.Context, tx *tx, ref string) (string, error) {
	return caseWithRefUpTo(ctx, tx, ref, allRows)
}

// caseWithRefUpTo is caseWithRef among the cases of rowid up to before.
func caseWithRefUpTo(ctx context.Context, tx *tx, ref string, before int64) (string, error) {
	stmt, err := tx.prepare(ctx, "SELECT id FROM cases WHERE case_ref = ? AND rowid <= ?")
	if err != nil {
		return "", err
	}
	rows, err := stmt.QueryContext(ctx, ref, before)
	if err != nil {
		return "", err
	}
	defer rows.Close()
	var id string
	if rows.Next() {
		if err := rows.Scan(&id); err != nil {
			return "", err
		}
	}
	return id, rows.Err()
}

// caseRefOf returns the reference of the case with an ID, or an ENOTFOUND error.
func caseRefOf(ctx context.Context, tx *tx, id string) (string, error) {
	ref, _, err := caseRefAndStage(ctx, tx, id)
	return ref, err
}

func caseRefAndStage(ctx context.Context, tx *tx, id string) (string, cdop.Stage, error) {
	stmt, err := tx.prepare(ctx, "SELECT case_ref, stage FROM cases WHERE id = ?")
	if err != nil {
		return "", "", err
	}
	rows, err := stmt.QueryContext(ctx, id)
	if err != nil {
		return "", "", err
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return "", "", err
		}
		return "", "", cdop.Errorf(cdop.ENOTFOUND, "there is no case with ID %q", id)
	}
	var ref, stage string
	err = rows.Scan(&ref, &stage)
	return ref, cdop.Stage(stage), err
}

// nextRef returns the next reference CDOP-YYYY-NNNN for deaths in a year:
// one more than the highest number already stored for that year.
func nextRef(ctx context.Context, tx *tx, year int) (string, error) {
	n, err := highestRefNumber(ctx, tx, year)
	if err != nil {
		return "", err
	}
	return cdop.FormatRef(year, n+1), nil
}

// highestRefNumber returns cdop.HighestRefNumber of the stored references
// of a year.
func highestRefNumber(ctx context.Context, tx *tx, year int) (int, error) {
	stmt, err := tx.prepare(ctx, "SELECT case_ref FROM cases WHERE "+tx.db.dialect.refLike())
	if err != nil {
		return 0, err
	}
	rows, err := stmt.QueryContext(ctx, cdop.RefYearPrefix(year)+"%")
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	var refs []string
	for rows.Next() {
		var ref string
		if err := rows.Scan(&ref); err != nil {
			return 0, err
		}
		refs = append(refs, ref)
	}
	return cdop.HighestRefNumber(year, refs), rows.Err()
}
