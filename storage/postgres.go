package storage

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	neturl "net/url"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"

	"casemanager/cdop"
	"casemanager/dbaddr"
)

// A case database on a PostgreSQL server. The program reaches it through
// database/sql and pgx's stdlib driver, as it reaches SQLite, so that every
// operation is written once: the connector below rebinds the ? placeholders
// as $1, $2…, gives an INSERT's result the new row's identity (SQLite's
// LastInsertId, through RETURNING), and begins transactions as SQLite's
// pools do:
//
//   - a write takes the database's one write lock (a transaction-scoped
//     advisory lock) before its first statement, so that writers queue as
//     SQLite's BEGIN IMMEDIATE makes them queue, and every rule spanning
//     rows (duplicates, references, the stored updated_at, sign-off) holds
//     until it commits: statements run READ COMMITTED, each seeing every
//     write committed before the lock was granted. A writer waits up to the
//     busy timeout (lock_timeout), then is refused with EBUSY.
//   - a read runs REPEATABLE READ, READ ONLY: one snapshot, never waiting
//     for a writer nor a writer for it, as in SQLite's WAL mode.
//
// What the server stores is what SQLite's file stores: identifiers sealed
// by the program before they are sent (atrest.go), blind indexes, the audit
// log and its chain. Its administrator sees the tables, the ciphertext,
// the users' names and roles, and the times of changes; never a child's
// identifier, a note, nor the data key (kept wrapped under each user's
// password and the recovery key).

// writeLockKey is the advisory lock every write transaction takes: "CDOP".
const writeLockKey = applicationID

// IsServerURL reports whether a --db value names a PostgreSQL server
// (postgres:// or postgresql://) rather than a SQLite file.
func IsServerURL(s string) bool {
	return strings.HasPrefix(s, "postgres://") || strings.HasPrefix(s, "postgresql://")
}

// RedactURL returns a server URL without its password, for messages.
func RedactURL(s string) string {
	u, err := neturl.Parse(s)
	if err != nil {
		return "the database server"
	}
	if u.User != nil {
		u.User = neturl.User(u.User.Username())
	}
	return u.String()
}

// parseServerURL reads a server URL: a password in it is refused (it would
// show in the process list and the shell's history), and so is a host not
// on this machine reached without TLS that cannot fall back to clear text.
func parseServerURL(url string) (*pgx.ConnConfig, error) {
	shown := RedactURL(url)
	if u, err := neturl.Parse(url); err == nil && u.User != nil {
		if _, ok := u.User.Password(); ok {
			return nil, cdop.Errorf(cdop.EINVALID, "the database address %s holds a password: give the address without it, and the password in the environment (PGPASSWORD) or when asked", shown)
		}
	}
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		return nil, cdop.Errorf(cdop.EINVALID, "%s is not a PostgreSQL address the program can read (postgres://USER@HOST:PORT/DATABASE)", shown)
	}
	if !dbaddr.IsLocal(cfg.Host) && (cfg.TLSConfig == nil || hasClearFallback(cfg)) {
		return nil, cdop.Errorf(cdop.EINVALID, "the database server %s is not on this machine, so the connection must be encrypted: add sslmode=verify-full to the address (or sslmode=require where the server's certificate cannot be checked)", shown)
	}
	return cfg, nil
}

func hasClearFallback(cfg *pgx.ConnConfig) bool {
	for _, f := range cfg.Fallbacks {
		if f.TLSConfig == nil {
			return true
		}
	}
	return false
}

// openPostgres opens the case database on the server url names, applying
// the migrations it lacks (PostgreSQL's own, numbered as SQLite's).
func openPostgres(url string, clock cdop.Clock, o options) (*DB, error) {
	cfg, err := parseServerURL(url)
	if err != nil {
		return nil, err
	}
	if o.password != "" {
		cfg.Password = o.password
	}
	shown := RedactURL(url)
	db := &DB{path: shown, clock: clock, opts: o, session: &session{}, dialect: dialect{postgres: true}, server: cfg.Copy()}
	checked := make(chan struct{})
	close(checked)
	db.checked.Store(&checked)
	db.pools.Store(&poolPair{
		write: sql.OpenDB(&pgConnector{base: stdlib.GetConnector(*cfg), db: db, write: true}),
		read:  sql.OpenDB(&pgConnector{base: stdlib.GetConnector(*cfg), db: db}),
	})
	ctx := context.Background()
	if err := db.openServer(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// openServer judges what the server's database holds, then migrates it.
func (db *DB) openServer(ctx context.Context) error {
	_, read := db.pool()
	tables := map[string]bool{}
	if err := eachRow(ctx, read, `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()`, nil, func(r *sql.Rows) error {
		var name string
		err := r.Scan(&name)
		tables[name] = true
		return err
	}); err != nil {
		return err
	}
	known, err := db.dialect.knownVersion()
	if err != nil {
		return err
	}
	switch {
	case len(tables) == 0 && !db.opts.create:
		return cdop.Errorf(cdop.ENOTFOUND, "the database %s holds no case database yet; cdop init makes one there", db.path)
	case len(tables) > 0 && !tables["schema_migrations"]:
		return cdop.Errorf(cdop.ENOTDB, "the database %s is not a CDOP case database (it holds another program's tables); it is left as it is", db.path)
	case len(tables) > 0:
		var version int
		if err := read.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&version); err != nil {
			return err
		}
		if version > known {
			return cdop.Errorf(cdop.ENEWER, "the database %s was written by a newer version of this program (schema %d; this one knows up to %d); it is left as it is", db.path, version, known)
		}
	}
	return db.migrate(ctx, known)
}

// pgConnector makes the connections of a PostgreSQL DB's pools (see the
// package comment above).
type pgConnector struct {
	base  driver.Connector
	db    *DB
	write bool

	mu         sync.Mutex
	identities map[string]string // a table's identity column, "" for none
}

func (c *pgConnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.base.Connect(ctx)
	if err != nil {
		return nil, c.explain(err)
	}
	return &pgConn{conn: conn.(*stdlib.Conn), c: c}, nil
}

func (c *pgConnector) Driver() driver.Driver { return c.base.Driver() }

// explain turns a server error a user can act on into one coded sentence.
func (c *pgConnector) explain(err error) error {
	if err == nil {
		return nil
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code {
		case "55P03", "40P01": // lock_not_available, deadlock_detected
			return cdop.Errorf(cdop.EBUSY, "the database %s is busy: another user has been saving for more than %s, so nothing was saved; try again when they have finished",
				c.db.path, seconds(c.db.opts.busyTimeout))
		case "40001": // serialization_failure
			return cdop.Errorf(cdop.EBUSY, "the database %s was changed by another user while this was saved, so nothing was saved; try again", c.db.path)
		case "53100": // disk_full
			return cdop.Errorf(cdop.ENOSPACE, "the disk of the database server %s is full: nothing was saved; ask its administrator", c.db.path)
		case "28P01", "28000": // invalid_password, invalid_authorization_specification
			return cdop.Errorf(cdop.EUNAUTHENTICATED, "the database server %s refused the connection: its user name or password is wrong (%s)", c.db.path, pe.Message)
		case "3D000": // invalid_catalog_name
			return cdop.Errorf(cdop.ENOTFOUND, "the database %s does not exist on its server; its administrator creates it (createdb)", c.db.path)
		}
		return err
	}
	var ce *pgconn.ConnectError
	if errors.As(err, &ce) {
		return cdop.Errorf(cdop.ENOTFOUND, "the database server %s cannot be reached; check the address, or ask its administrator whether it is running", c.db.path)
	}
	return err
}

// identity returns the identity column of table ("" for none), asking the
// server the first time a table is met.
func (c *pgConnector) identity(ctx context.Context, conn *stdlib.Conn, table string) (string, error) {
	c.mu.Lock()
	col, ok := c.identities[table]
	c.mu.Unlock()
	if ok {
		return col, nil
	}
	rows, err := conn.Conn().Query(ctx, `SELECT table_name::text, column_name::text FROM information_schema.columns
		WHERE table_schema = current_schema() AND is_identity = 'YES'`)
	if err != nil {
		return "", err
	}
	found := map[string]string{}
	for rows.Next() {
		var t, col string
		if err := rows.Scan(&t, &col); err != nil {
			rows.Close()
			return "", err
		}
		found[t] = col
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return "", err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.identities == nil {
		c.identities = map[string]string{}
	}
	for t, col := range found {
		c.identities[t] = col
	}
	if _, ok := c.identities[table]; !ok {
		c.identities[table] = ""
	}
	return c.identities[table], nil
}

// insertInto matches the table an INSERT names.
var insertInto = regexp.MustCompile(`(?is)^\s*INSERT\s+INTO\s+"?([a-z_][a-z0-9_]*)"?`)

// pgConn is a pgx connection seen as SQLite's connections are seen. A
// SQLite connection runs a statement while the rows of another are still
// being read (the program does so, e.g. checking each row it lists); a
// server's connection cannot, so the rows left open are read into memory
// first (drain) and served from there.
type pgConn struct {
	conn *stdlib.Conn
	c    *pgConnector
	open *pgRows // the rows being read, if any
}

// settle reads the rows left open into memory, freeing the connection.
func (k *pgConn) settle() error {
	if k.open == nil {
		return nil
	}
	r := k.open
	k.open = nil
	return r.drain()
}

func (k *pgConn) Prepare(query string) (driver.Stmt, error) {
	return k.PrepareContext(context.Background(), query)
}

// PrepareContext returns a statement that runs query each time it is
// used: pgx prepares and caches it on the server at its first run.
func (k *pgConn) PrepareContext(_ context.Context, query string) (driver.Stmt, error) {
	return &pgStmt{k: k, query: query}, nil
}

func (k *pgConn) Close() error { return k.conn.Close() }

func (k *pgConn) Begin() (driver.Tx, error) {
	return k.BeginTx(context.Background(), driver.TxOptions{})
}

func (k *pgConn) BeginTx(ctx context.Context, _ driver.TxOptions) (driver.Tx, error) {
	if err := k.settle(); err != nil {
		return nil, err
	}
	if !k.c.write {
		t, err := k.conn.BeginTx(ctx, driver.TxOptions{Isolation: driver.IsolationLevel(sql.LevelRepeatableRead), ReadOnly: true})
		if err != nil {
			return nil, k.c.explain(err)
		}
		return &pgTx{tx: t, k: k}, nil
	}
	t, err := k.conn.BeginTx(ctx, driver.TxOptions{})
	if err != nil {
		return nil, k.c.explain(err)
	}
	timeout := k.c.db.opts.busyTimeout.Milliseconds()
	lock := func() error {
		if _, err := k.conn.ExecContext(ctx, fmt.Sprintf("SET LOCAL lock_timeout = %d", timeout), nil); err != nil {
			return err
		}
		_, err := k.conn.ExecContext(ctx, fmt.Sprintf("SELECT pg_advisory_xact_lock(%d)", writeLockKey), nil)
		return err
	}
	if err := k.c.db.waitingFor(lock); err != nil {
		t.Rollback()
		return nil, k.c.explain(err)
	}
	return &pgTx{tx: t, k: k}, nil
}

func (k *pgConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	if err := k.settle(); err != nil {
		return nil, err
	}
	if m := insertInto.FindStringSubmatch(query); m != nil && !strings.Contains(strings.ToUpper(query), "RETURNING") {
		col, err := k.c.identity(ctx, k.conn, strings.ToLower(m[1]))
		if err != nil {
			return nil, k.c.explain(err)
		}
		if col != "" {
			return k.insertReturning(ctx, query+" RETURNING "+col, args)
		}
	}
	r, err := k.conn.ExecContext(ctx, rebind(query), args)
	return r, k.c.explain(err)
}

// insertReturning runs an INSERT with RETURNING its identity column, whose
// last value is the result's LastInsertId, as SQLite gives it.
func (k *pgConn) insertReturning(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	rows, err := k.conn.QueryContext(ctx, rebind(query), args)
	if err != nil {
		return nil, k.c.explain(err)
	}
	defer rows.Close()
	var res insertResult
	dest := make([]driver.Value, 1)
	for {
		if err := rows.Next(dest); err != nil {
			if errors.Is(err, io.EOF) {
				break
			}
			return nil, k.c.explain(err)
		}
		res.rows++
		if id, ok := dest[0].(int64); ok {
			res.id = id
		}
	}
	return res, nil
}

type insertResult struct{ id, rows int64 }

func (r insertResult) LastInsertId() (int64, error) { return r.id, nil }
func (r insertResult) RowsAffected() (int64, error) { return r.rows, nil }

func (k *pgConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	if err := k.settle(); err != nil {
		return nil, err
	}
	r, err := k.conn.QueryContext(ctx, rebind(query), args)
	if err != nil {
		return nil, k.c.explain(err)
	}
	k.open = &pgRows{rows: r, k: k, ctx: ctx}
	return k.open, nil
}

// pgRows are a query's rows, read from the server until drain reads the
// rest into memory.
type pgRows struct {
	ctx     context.Context // the query's: its end stops the rows
	rows    driver.Rows
	k       *pgConn
	held    [][]driver.Value // read by drain, not yet served
	drained bool
	err     error // what ended the drain
}

func (r *pgRows) Columns() []string { return r.rows.Columns() }

func (r *pgRows) Close() error {
	if r.k.open == r {
		r.k.open = nil
	}
	if r.drained {
		return nil
	}
	return r.rows.Close()
}

func (r *pgRows) Next(dest []driver.Value) error {
	if err := r.ctx.Err(); err != nil {
		return err
	}
	if !r.drained {
		err := r.rows.Next(dest)
		if err != nil && !errors.Is(err, io.EOF) {
			return r.k.c.explain(err)
		}
		return err
	}
	if len(r.held) == 0 {
		if r.err != nil {
			return r.err
		}
		return io.EOF
	}
	copy(dest, r.held[0])
	r.held = r.held[1:]
	return nil
}

// drain reads the rows not yet served into memory and closes them on the
// server.
func (r *pgRows) drain() error {
	if r.drained {
		return nil
	}
	r.drained = true
	n := len(r.rows.Columns())
	for {
		row := make([]driver.Value, n)
		if err := r.rows.Next(row); err != nil {
			if !errors.Is(err, io.EOF) {
				r.err = r.k.c.explain(err)
			}
			break
		}
		r.held = append(r.held, row)
	}
	return r.rows.Close()
}

func (k *pgConn) Ping(ctx context.Context) error { return k.c.explain(k.conn.Ping(ctx)) }

func (k *pgConn) CheckNamedValue(v *driver.NamedValue) error { return k.conn.CheckNamedValue(v) }

func (k *pgConn) ResetSession(ctx context.Context) error { return k.conn.ResetSession(ctx) }

type pgTx struct {
	tx driver.Tx
	k  *pgConn
}

func (t *pgTx) Commit() error {
	if err := t.k.settle(); err != nil {
		t.tx.Rollback()
		return err
	}
	return t.k.c.explain(t.tx.Commit())
}

func (t *pgTx) Rollback() error {
	t.k.settle()
	return t.tx.Rollback()
}

// pgStmt is a query a connection runs each time it is used.
type pgStmt struct {
	k     *pgConn
	query string
}

func (s *pgStmt) Close() error  { return nil }
func (s *pgStmt) NumInput() int { return -1 }

func (s *pgStmt) Exec(args []driver.Value) (driver.Result, error) {
	return s.ExecContext(context.Background(), named(args))
}

func (s *pgStmt) Query(args []driver.Value) (driver.Rows, error) {
	return s.QueryContext(context.Background(), named(args))
}

func (s *pgStmt) ExecContext(ctx context.Context, args []driver.NamedValue) (driver.Result, error) {
	return s.k.ExecContext(ctx, s.query, args)
}

func (s *pgStmt) QueryContext(ctx context.Context, args []driver.NamedValue) (driver.Rows, error) {
	return s.k.QueryContext(ctx, s.query, args)
}

func named(args []driver.Value) []driver.NamedValue {
	out := make([]driver.NamedValue, len(args))
	for i, v := range args {
		out[i] = driver.NamedValue{Ordinal: i + 1, Value: v}
	}
	return out
}

// waitingFor runs fn, a writer waiting for the write lock (SQLite's or
// the server's), telling the DB's OnWait hook when it has waited for
// waitNotice.
func (db *DB) waitingFor(fn func() error) error {
	if db.opts.onWait == nil {
		return fn()
	}
	var mu sync.Mutex
	started, finished := false, false
	timer := time.AfterFunc(waitNotice, func() {
		mu.Lock()
		defer mu.Unlock()
		if !finished {
			started = true
			db.startWaiting()
		}
	})
	err := fn()
	timer.Stop()
	mu.Lock()
	finished = true
	if started {
		db.stopWaiting()
	}
	mu.Unlock()
	return err
}

// errServerBackup refuses the app's file backups on a server: its database
// is backed up, and restored, by its administrator (pg_dump, pg_restore).
var errServerBackup = cdop.Errorf(cdop.EINVALID, "a database on a PostgreSQL server is backed up and restored by the server's administrator (pg_dump and pg_restore), not by the app")

// errServerCheck says check does not yet run on a server.
var errServerCheck = cdop.Errorf(cdop.EINVALID, "cdop check does not yet run on a PostgreSQL server's database; the server checks its own pages")
