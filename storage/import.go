package storage

import (
	"context"
	"fmt"
	"math"

	"github.com/google/uuid"

	"casemanager/cdop"
)

// importCacheKiB is the page cache, in KiB, of an import's connection
// while the import runs: an import of many cases touches pages of every
// index of the cases table, and with SQLite's default 2 MiB they spill to
// the write-ahead log and are read back again and again.
const importCacheKiB = 16 << 10

// pendingRefPrefix starts the reference a case without one holds until
// Commit assigns it its own; no case reference can start with "~".
const pendingRefPrefix = "~pending~"

// BeginImport starts an import (cdop.CaseImport): one write transaction,
// which holds the database's write lock until Commit or Rollback. rowName
// names an earlier row of the import in a message about a later one, from
// the row number Add was given ("the case on line 3"); nil names none ("another
// case in this import").
func (db *DB) BeginImport(ctx context.Context, rowName func(row int) string) (cdop.CaseImport, error) {
	return db.beginImport(ctx, rowName)
}

// caseImport is an import under way.
type caseImport struct {
	tx *tx
	// before is the highest rowid of the cases stored before the import:
	// the stored cases a row is checked against, not those the import
	// itself adds.
	before int64
	batch  *cdop.ImportBatch // the rows added so far, for duplicates and references
	// settings are the panel's, for the free-text limit.
	settings cdop.Settings
	pending  []pendingRef // cases stored without a reference, in order
	stored   int
	failed   bool
	done     bool
}

// pendingRef is a case that Commit gives a reference.
type pendingRef struct {
	rowid int64
	year  int
	ref   string // assigned by Commit
}

func (db *DB) beginImport(ctx context.Context, rowName func(row int) string) (*caseImport, error) {
	t, err := db.beginWrite(ctx)
	if err != nil {
		return nil, err
	}
	imp := &caseImport{tx: t, batch: cdop.NewImportBatch(rowName)}
	if imp.settings, err = loadSettings(ctx, t); err != nil {
		t.Rollback()
		return nil, err
	}
	if err := t.QueryRowContext(ctx, "SELECT coalesce(max(rowid), 0) FROM cases").Scan(&imp.before); err != nil {
		t.Rollback()
		return nil, err
	}
	if db.dialect.postgres {
		return imp, nil // the server sizes its own cache
	}
	if _, err := t.ExecContext(ctx, fmt.Sprintf("PRAGMA cache_size = -%d", importCacheKiB)); err != nil {
		t.Rollback()
		return nil, err
	}
	return imp, nil
}

// Add implements cdop.CaseImport.
func (imp *caseImport) Add(ctx context.Context, row int, c *cdop.Case) (cdop.RowErrors, error) {
	_, errs, err := imp.add(ctx, row, c, cdop.PrepareImportRow)
	return errs, err
}

// AddDecoded implements cdop.DecodedCaseImport.
func (imp *caseImport) AddDecoded(ctx context.Context, row int, c *cdop.Case) (cdop.RowErrors, error) {
	_, errs, err := imp.add(ctx, row, c, cdop.PrepareDecodedRow)
	return errs, err
}

// add is Add, returning the case as stored (without the reference Commit
// assigns), or nil when it was not stored; prepare judges the row on its
// own (cdop.PrepareDecodedRow for a decoder's case, cdop.PrepareImportRow
// for any other).
func (imp *caseImport) add(ctx context.Context, row int, c *cdop.Case, prepare func(int, *cdop.Case, cdop.Date) (*cdop.Case, cdop.RowErrors, error)) (*cdop.Case, cdop.RowErrors, error) {
	if imp.done {
		return nil, nil, fmt.Errorf("the import is over")
	}
	tx := imp.tx
	// The row on its own, as cdop's import rules judge it.
	n, errs, err := prepare(row, c, tx.today)
	if err != nil {
		return nil, nil, err
	}
	n.ID = ""
	errs = append(errs, imp.settings.RowTextLimits(row, n)...)
	if imp.before > 0 {
		rowErrs, err := checkStored(ctx, tx, row, n, imp.before)
		if err != nil {
			return nil, nil, err
		}
		errs = append(errs, rowErrs...)
	}
	errs = append(errs, imp.batch.Add(row, n)...)
	if len(errs) > 0 {
		imp.failed = true
		return nil, errs, nil
	}
	if imp.failed {
		return nil, nil, nil // nothing more is stored: the import will not commit
	}

	// A time-ordered ID (UUIDv7) puts each new case at the end of the
	// indexes of IDs (cases, the audit log's), where the pages an import
	// writes are already in memory.
	id, err := uuid.NewV7()
	if err != nil {
		return nil, nil, err
	}
	n.ID = id.String()
	n.CreatedAt, n.UpdatedAt = tx.now, tx.now
	if n.Ref != "" {
		created, err := insertCase(ctx, tx, n)
		if err != nil {
			return nil, nil, err
		}
		if err := insertAudit(ctx, tx, n.ID, "import", created); err != nil {
			return nil, nil, err
		}
	} else {
		// The reference is assigned at the end, once every reference the
		// import gives is known; the audit row is written then, with it.
		held := *n
		held.Ref = pendingRefPrefix + n.ID
		rowid, err := insertCaseRow(ctx, tx, &held)
		if err != nil {
			return nil, nil, err
		}
		imp.pending = append(imp.pending, pendingRef{rowid: rowid, year: n.DateOfDeath.Year()})
	}
	imp.stored++
	return n, nil, nil
}

// Commit implements cdop.CaseImport.
func (imp *caseImport) Commit(ctx context.Context) (int, error) {
	if imp.done {
		return 0, fmt.Errorf("the import is over")
	}
	if imp.failed {
		imp.Rollback()
		return 0, cdop.Errorf(cdop.EINVALID, "the import has problems, so nothing was stored")
	}
	if err := imp.assignRefs(ctx); err != nil {
		imp.Rollback()
		return 0, err
	}
	imp.restoreCache(ctx)
	imp.done = true
	if err := imp.tx.Commit(); err != nil {
		return 0, err
	}
	return imp.stored, nil
}

// assignRefs gives the cases stored without a reference the next ones of
// their year of death, in the order they were added, and writes their
// audit rows.
func (imp *caseImport) assignRefs(ctx context.Context) error {
	tx := imp.tx
	next := map[int]int{} // year of death → next number to assign
	for i := range imp.pending {
		p := &imp.pending[i]
		if _, ok := next[p.year]; !ok {
			highest, err := highestRefNumber(ctx, tx, p.year)
			if err != nil {
				return err
			}
			next[p.year] = highest + 1
		}
		p.ref = cdop.FormatRef(p.year, next[p.year])
		next[p.year]++

		cases, err := findCases(ctx, tx, "WHERE rowid = ?", p.rowid)
		if err != nil {
			return err
		}
		if len(cases) != 1 {
			return fmt.Errorf("the imported case at row %d is missing", p.rowid)
		}
		c := cases[0]
		c.Ref = p.ref
		seq, err := tx.changeSeq(ctx)
		if err != nil {
			return err
		}
		stmt, err := tx.prepare(ctx, "UPDATE cases SET case_ref = ?, change_seq = ? WHERE rowid = ?")
		if err != nil {
			return err
		}
		if _, err := stmt.ExecContext(ctx, c.Ref, seq, p.rowid); err != nil {
			return fmt.Errorf("assign reference %s: %w", c.Ref, err)
		}
		if err := insertAudit(ctx, tx, c.ID, "import", cdop.Diff(nil, c)); err != nil {
			return err
		}
	}
	return nil
}

// Rollback implements cdop.CaseImport.
func (imp *caseImport) Rollback() error {
	if imp.done {
		return nil
	}
	imp.restoreCache(context.Background())
	imp.done = true
	return imp.tx.Rollback()
}

// restoreCache gives the connection back SQLite's default page cache.
func (imp *caseImport) restoreCache(ctx context.Context) {
	if imp.tx.db.dialect.postgres {
		return
	}
	_, _ = imp.tx.ExecContext(ctx, "PRAGMA cache_size = -2000")
}

// ImportCases stores every case, each with an "import" audit row, in one
// transaction (an import of the cases in order: see BeginImport). When
// any case fails, nothing is stored and the error is a cdop.RowErrors
// listing every problem, Row being the case's index. On success each case
// holds what was stored.
func (db *DB) ImportCases(ctx context.Context, cases []*cdop.Case) error {
	imp, err := db.beginImport(ctx, nil)
	if err != nil {
		return err
	}
	defer imp.Rollback()

	stored := make([]*cdop.Case, len(cases))
	var errs cdop.RowErrors
	for i, c := range cases {
		n, rowErrs, err := imp.add(ctx, i, c, cdop.PrepareImportRow)
		if err != nil {
			return err
		}
		errs = append(errs, rowErrs...)
		stored[i] = n
	}
	if len(errs) > 0 {
		return errs
	}
	if _, err := imp.Commit(ctx); err != nil {
		return err
	}
	pending := imp.pending
	for i, n := range stored {
		if n.Ref == "" {
			n.Ref, pending = pending[0].ref, pending[1:]
		}
		*cases[i] = *n
	}
	return nil
}

// checkStored reports, as cdop.StoredCollisions, how row's case collides
// with the stored cases of rowid up to before.
func checkStored(ctx context.Context, tx *tx, row int, c *cdop.Case, before int64) (cdop.RowErrors, error) {
	dups, err := findDuplicatesUpTo(ctx, tx, c, before)
	if err != nil {
		return nil, err
	}
	inUse := false
	if c.Ref != "" {
		id, err := caseWithRefUpTo(ctx, tx, c.Ref, before)
		if err != nil {
			return nil, err
		}
		inUse = id != ""
	}
	return cdop.StoredCollisions(row, c, dups, inUse), nil
}

// allRows is the rowid bound that includes every row.
const allRows = math.MaxInt64
