package storage

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/mattn/go-sqlite3"

	"casemanager/cdop"
)

// driverName is go-sqlite3's driver, for connections of no DB (a look at a
// file, a backup's check); the DB's own pools go through connector.
const driverName = "sqlite3"

// newPool opens a pool of connections to dsn through connector, whose
// errors say what a user can act on (see explain).
func (db *DB) newPool(dsn string, write bool) *sql.DB {
	return sql.OpenDB(&connector{dsn: dsn, db: db, write: write})
}

// connector makes the connections of one of a DB's pools: go-sqlite3's,
// wrapped so that every error a user can act on (a full disk, damage,
// another writer holding the lock, a file that became read-only) reaches
// them as one coded sentence, and so that a writer kept waiting for the
// lock tells the DB's OnWait hook.
type connector struct {
	dsn   string
	db    *DB
	write bool
}

func (c *connector) Connect(context.Context) (driver.Conn, error) {
	conn, err := (&sqlite3.SQLiteDriver{}).Open(c.dsn)
	if err != nil {
		return nil, c.explain(err)
	}
	return &codedConn{conn: conn.(*sqlite3.SQLiteConn), c: c}, nil
}

func (c *connector) Driver() driver.Driver { return &sqlite3.SQLiteDriver{} }

func (c *connector) explain(err error) error {
	var se sqlite3.Error
	if c.write && errors.As(err, &se) && se.Code == sqlite3.ErrReadonly {
		return cdop.Errorf(cdop.EREADONLY, "the database %s cannot be written (the disk or the file became read-only): nothing was saved", c.db.path)
	}
	return c.db.explain(err)
}

// waiting runs fn, telling the DB's OnWait hook when it has waited for
// waitNotice (only a writer waits: for the file's write lock).
func (c *connector) waiting(fn func() error) error {
	if !c.write {
		return fn()
	}
	return c.db.waitingFor(fn)
}

// waitMu orders the OnWait hook's calls.
var waitMu sync.Mutex

func (db *DB) startWaiting() {
	waitMu.Lock()
	defer waitMu.Unlock()
	if db.waiters.Add(1) == 1 {
		db.opts.onWait(true)
	}
}

func (db *DB) stopWaiting() {
	waitMu.Lock()
	defer waitMu.Unlock()
	if db.waiters.Add(-1) == 0 {
		db.opts.onWait(false)
	}
}

// codedConn is a go-sqlite3 connection whose errors go through explain.
type codedConn struct {
	conn *sqlite3.SQLiteConn
	c    *connector
	inTx bool // a transaction is open
}

func (k *codedConn) Prepare(query string) (driver.Stmt, error) {
	return k.PrepareContext(context.Background(), query)
}

func (k *codedConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	s, err := k.conn.PrepareContext(ctx, query)
	if err != nil {
		return nil, k.c.explain(err)
	}
	return &codedStmt{stmt: s.(*sqlite3.SQLiteStmt), c: k.c}, nil
}

func (k *codedConn) Close() error { return k.conn.Close() }

func (k *codedConn) Begin() (driver.Tx, error) {
	return k.BeginTx(context.Background(), driver.TxOptions{})
}

func (k *codedConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	var t driver.Tx
	begin := func() error {
		var err error
		t, err = k.conn.BeginTx(ctx, opts)
		return err
	}
	var err error
	if k.c.write {
		err = k.takeWriteLock(ctx, begin)
	} else {
		err = begin()
	}
	if err != nil {
		return nil, k.c.explain(err)
	}
	k.inTx = true
	return &codedTx{tx: t, k: k}, nil
}

// takeWriteLock runs begin, which takes the file's write lock (BEGIN
// IMMEDIATE), first without waiting: only when another connection holds the
// lock does it begin again, waiting up to the busy timeout, and tell the
// DB's OnWait hook (once it has waited waitNotice). A begin that is merely
// slow, on a busy machine, is not a wait for another writer and says nothing.
func (k *codedConn) takeWriteLock(ctx context.Context, begin func() error) error {
	if err := k.setBusyTimeout(ctx, 0); err != nil {
		return err
	}
	err := begin()
	if rerr := k.setBusyTimeout(ctx, k.c.db.opts.busyTimeout); rerr != nil {
		if err == nil {
			k.conn.ExecContext(ctx, "ROLLBACK", nil)
		}
		return rerr
	}
	if !isBusy(err) {
		return err
	}
	return k.c.db.waitingFor(begin)
}

// setBusyTimeout sets how long the connection's statements wait for a lock.
func (k *codedConn) setBusyTimeout(ctx context.Context, d time.Duration) error {
	_, err := k.conn.ExecContext(ctx, fmt.Sprintf("PRAGMA busy_timeout = %d", d.Milliseconds()), nil)
	return err
}

// isBusy reports whether err is SQLite's "the database is locked" by another
// connection.
func isBusy(err error) bool {
	var se sqlite3.Error
	return errors.As(err, &se) && se.Code == sqlite3.ErrBusy
}

func (k *codedConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	var r driver.Result
	exec := func() error {
		var err error
		r, err = k.conn.ExecContext(ctx, query, args)
		return err
	}
	var err error
	if k.inTx {
		err = exec() // the transaction holds the lock already
	} else {
		err = k.c.waiting(exec)
	}
	if err != nil {
		return nil, k.c.explain(err)
	}
	return r, nil
}

func (k *codedConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	r, err := k.conn.QueryContext(ctx, query, args)
	if err != nil {
		return nil, k.c.explain(err)
	}
	return &codedRows{rows: r, c: k.c}, nil
}

func (k *codedConn) Ping(ctx context.Context) error { return k.c.explain(k.conn.Ping(ctx)) }

type codedTx struct {
	tx driver.Tx
	k  *codedConn
}

// Commit commits: in WAL mode the transaction holds the write lock already,
// so a commit waits for no other writer (a slow one is writing, not waiting).
func (t *codedTx) Commit() error {
	t.k.inTx = false
	if err := t.tx.Commit(); err != nil {
		return t.k.c.explain(err)
	}
	return nil
}

func (t *codedTx) Rollback() error {
	t.k.inTx = false
	return t.tx.Rollback()
}

type codedStmt struct {
	stmt *sqlite3.SQLiteStmt
	c    *connector
}

func (s *codedStmt) Close() error  { return s.stmt.Close() }
func (s *codedStmt) NumInput() int { return s.stmt.NumInput() }

func (s *codedStmt) Exec(args []driver.Value) (driver.Result, error) {
	r, err := s.stmt.Exec(args) //nolint:staticcheck // driver.Stmt's own method
	if err != nil {
		return nil, s.c.explain(err)
	}
	return r, nil
}

func (s *codedStmt) Query(args []driver.Value) (driver.Rows, error) {
	r, err := s.stmt.Query(args) //nolint:staticcheck // driver.Stmt's own method
	if err != nil {
		return nil, s.c.explain(err)
	}
	return &codedRows{rows: r, c: s.c}, nil
}

func (s *codedStmt) ExecContext(ctx context.Context, args []driver.NamedValue) (driver.Result, error) {
	r, err := s.stmt.ExecContext(ctx, args)
	if err != nil {
		return nil, s.c.explain(err)
	}
	return r, nil
}

func (s *codedStmt) QueryContext(ctx context.Context, args []driver.NamedValue) (driver.Rows, error) {
	r, err := s.stmt.QueryContext(ctx, args)
	if err != nil {
		return nil, s.c.explain(err)
	}
	return &codedRows{rows: r, c: s.c}, nil
}

type codedRows struct {
	rows driver.Rows
	c    *connector
}

func (r *codedRows) Columns() []string { return r.rows.Columns() }
func (r *codedRows) Close() error      { return r.rows.Close() }

func (r *codedRows) Next(dest []driver.Value) error {
	err := r.rows.Next(dest)
	if err != nil && !errors.Is(err, io.EOF) {
		return r.c.explain(err)
	}
	return err
}

// explain turns an SQLite error a user can act on into one coded sentence
// saying what happened and what to do: a full disk (ENOSPACE), damage
// (EDAMAGED, making the database read-only), another writer holding the
// lock past the busy timeout (EBUSY). Other errors are returned as they are.
func (db *DB) explain(err error) error {
	var se sqlite3.Error
	if err == nil || !errors.As(err, &se) {
		return err
	}
	switch se.Code {
	case sqlite3.ErrFull:
		return cdop.Errorf(cdop.ENOSPACE, "the disk holding the database %s is full: nothing was saved; free some space, then try again", db.path)
	case sqlite3.ErrCorrupt, sqlite3.ErrNotADB:
		db.refuse(errors.New(sqliteMessage(err)))
		return db.Refusal()
	case sqlite3.ErrBusy, sqlite3.ErrLocked:
		who := "another user or program"
		if holder := lockHolder(db.path); holder != "" {
			who += " (" + holder + ")"
		}
		return cdop.Errorf(cdop.EBUSY, "the database %s is locked: %s has been saving for more than %s, so nothing was saved; try again when it has finished",
			db.path, who, seconds(db.opts.busyTimeout))
	}
	return err
}

// explainOpen says why a file could not even be looked at.
func explainOpen(path string, err error) error {
	var se sqlite3.Error
	if !errors.As(err, &se) {
		return err
	}
	switch se.Code {
	case sqlite3.ErrNotADB:
		return cdop.Errorf(cdop.ENOTDB, "%s is not a CDOP case database (it is not a database SQLite can read, or it is encrypted); it is left as it is", path)
	case sqlite3.ErrCorrupt:
		return cdop.Errorf(cdop.EDAMAGED, "%s is damaged beyond reading (%s); restore your newest good backup (cdop restore FILE, or Backups in the app on another database)", path, sqliteMessage(err))
	case sqlite3.ErrReadonly:
		return cdop.Errorf(cdop.ENOTDB, "%s was left half-written and cannot be read as it is: it is not a complete database", path)
	case sqlite3.ErrCantOpen, sqlite3.ErrPerm, sqlite3.ErrAuth:
		return cdop.Errorf(cdop.EREADONLY, "%s cannot be opened: you may not read it, or the folder cannot be read", path)
	case sqlite3.ErrBusy, sqlite3.ErrLocked:
		return cdop.Errorf(cdop.EBUSY, "%s is locked by another user or program; try again when it has finished", path)
	}
	return err
}

// isDamage reports whether err is SQLite finding the file damaged.
func isDamage(err error) bool {
	var se sqlite3.Error
	return errors.As(err, &se) && (se.Code == sqlite3.ErrCorrupt || se.Code == sqlite3.ErrNotADB)
}

// sqliteMessage is what SQLite said, without the program's wrapping.
func sqliteMessage(err error) string {
	var se sqlite3.Error
	if errors.As(err, &se) {
		return se.Error()
	}
	return err.Error()
}

// seconds writes a duration in whole seconds, e.g. "30 seconds".
func seconds(d time.Duration) string {
	n := int(d.Round(time.Second) / time.Second)
	if n == 1 {
		return "1 second"
	}
	return fmt.Sprintf("%d seconds", n)
}
