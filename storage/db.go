// Package storage keeps cases in a SQLite file: it implements
// cdop.CaseService, applies the schema migrations, and makes, checks and
// restores backups of the file.
//
// Opening a file is careful about what the file is: a file that is not
// this app's database (another program's SQLite file, a text file, an
// empty SQLite file, a copy left half-written with a -journal beside it)
// is refused without being touched; a newer schema is refused; a file that
// fails SQLite's quick check opens read-only, every write refusing with
// what is wrong and how to restore the newest good backup; a file on
// read-only media or in a read-only folder opens read-only for reading,
// searching and outputs. A second writer waits up to the busy timeout (30
// seconds), telling the OnWait hook while it waits.
package storage

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"

	"casemanager/cdop"
	"casemanager/outfile"
	"casemanager/vault"
)

// timeLayout is RFC 3339 in UTC with a fixed number of fractional digits, so
// stored instants sort as text.
const timeLayout = "2006-01-02T15:04:05.000Z07:00"

// applicationID marks a SQLite file as this app's database: "CDOP" in the
// header's application_id field (PRAGMA application_id).
const applicationID = 0x43444F50

// QuickCheckAtOpenBytes is the largest file whose quick check runs before
// Open returns (at most a second or so from a cold disk); a larger file is
// checked in the background right after, and writes wait for the verdict.
const QuickCheckAtOpenBytes = 64 << 20

// DefaultBusyTimeout is how long a writer waits for another to finish.
const DefaultBusyTimeout = 30 * time.Second

// waitNotice is how long a writer waits before the OnWait hook is told.
var waitNotice = 250 * time.Millisecond

//go:embed migrations/*.sql migrations_postgres/*.sql
var migrationFiles embed.FS

// DB is a case database file, reached through two pools of connections
// with the same settings but for how a transaction begins:
//
//   - write runs every change. Its transactions begin IMMEDIATE, taking
//     the file's one write lock at once, so that the checks a change makes
//     (duplicates, the stored updated_at) hold until it commits, and two
//     writers queue on the busy timeout rather than fail when the second
//     upgrades a read to a write.
//   - read runs every read. Its transactions begin DEFERRED and take no
//     lock: in WAL mode a reader works on the snapshot committed when its
//     first statement runs and never waits for a writer, nor a writer
//     for it. Its connections are query_only, so a write run there by
//     mistake fails rather than escapes the write lock.
//
// go-sqlite3 begins every transaction of a connection as its DSN's _txlock
// says (it ignores sql.TxOptions), hence one pool for each kind rather than
// a BEGIN chosen per operation on one pool.
type DB struct {
	path  string
	clock cdop.Clock
	// session is who is signed in, with the data key they unlocked;
	// shared with the views Batch hands out.
	session *session
	opts    options

	pools  atomic.Pointer[poolPair] // Restore replaces them
	closed atomic.Bool              // Close has run

	// refusal, when set, says why every write is refused: the file is
	// read-only here (EREADONLY) or damaged (EDAMAGED).
	refusal atomic.Pointer[cdop.Error]
	// checked is closed once the quick check of the open has its verdict.
	checked atomic.Pointer[chan struct{}]

	waiters atomic.Int32 // writers waiting for the lock, for OnWait

	// shared, in a DB handed to Batch's function, is the one transaction
	// every operation joins (as a savepoint).
	shared *tx

	// dialect is the engine: SQLite, or PostgreSQL for a server (postgres.go).
	dialect dialect
	// server is a server's connection settings, for Watch's own connection.
	server *pgx.ConnConfig

	watchMu    sync.Mutex
	watchStops []context.CancelFunc // what ends each Watch (watch.go)
}

var _ cdop.CaseService = (*DB)(nil)

// options are how a database is opened.
type options struct {
	create      bool
	onWait      func(waiting bool)
	onDamage    func(error)
	busyTimeout time.Duration
	// serverBackups, for a server's database, is the folder whose
	// backups folder keeps its automatic backups (ServerBackups).
	serverBackups string
	// private marks a working copy the program made itself and removes
	// after (an old backup brought up to date): no backup before its
	// migration is made.
	private bool
	// pollInterval is how often Watch reads a file's change number.
	pollInterval time.Duration
	// password is a server user's, from the desktop ("" for PGPASSWORD).
	password string
}

// Option changes how Open opens a database.
type Option func(*options)

// MustExist refuses a missing file (ENOTFOUND) rather than create it: only
// the commands that make a database (init, demo, the desktop's own) create
// one.
func MustExist() Option { return func(o *options) { o.create = false } }

// OnWait sets a function told, from another goroutine, when a write starts
// waiting for another user or program that is saving (true) and when it
// stops waiting (false).
func OnWait(fn func(waiting bool)) Option { return func(o *options) { o.onWait = fn } }

// OnDamage sets a function told, from another goroutine, when the
// background quick check of a large file finds it damaged, the database
// having turned read-only.
func OnDamage(fn func(error)) Option { return func(o *options) { o.onDamage = fn } }

// BusyTimeout sets how long a writer waits for another (DefaultBusyTimeout).
func BusyTimeout(d time.Duration) Option { return func(o *options) { o.busyTimeout = d } }

// Open opens the database at path, creating the file (readable by its owner
// only) when it is missing unless MustExist is given, and applies the
// migrations it lacks (after a backup into BackupsFolder when the file
// holds data). A nil clock is the system clock. Errors carry codes:
// ENOTFOUND (no file, or no folder), ENOTDB (not this app's database),
// ENEWER (a newer schema), EREADONLY (read-only and too old to read).
// A damaged or read-only file opens; Refusal says why it cannot be written.
func Open(path string, clock cdop.Clock, opt ...Option) (*DB, error) {
	if clock == nil {
		clock = cdop.SystemClock{}
	}
	o := options{create: true, busyTimeout: DefaultBusyTimeout, pollInterval: DefaultPollInterval}
	for _, f := range opt {
		f(&o)
	}
	if IsServerURL(path) {
		return openPostgres(path, clock, o)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("database %s: %w", path, err)
	}
	db := &DB{path: abs, clock: clock, opts: o, session: &session{}}
	if err := db.open(context.Background()); err != nil {
		var coded *cdop.Error
		if errors.As(err, &coded) {
			return nil, err // it names the file
		}
		return nil, fmt.Errorf("database %s: %w", path, err)
	}
	return db, nil
}

// open looks at the file, opens the pools and migrates; Open and Restore
// use it.
func (db *DB) open(ctx context.Context) error {
	path := db.path
	checked := make(chan struct{})
	db.checked.Store(&checked)
	db.refusal.Store(nil)
	if info, err := os.Stat(filepath.Dir(path)); err != nil || !info.IsDir() {
		return cdop.Errorf(cdop.ENOTFOUND, "the folder %s does not exist; check the database path", filepath.Dir(path))
	}
	info, err := os.Stat(path)
	missing := errors.Is(err, fs.ErrNotExist)
	switch {
	case missing && !db.opts.create:
		return cdop.Errorf(cdop.ENOTFOUND, "there is no database at %s; check the path (cdop init creates a new one)", path)
	case err != nil && !missing:
		return err
	case err == nil && info.IsDir():
		return cdop.Errorf(cdop.ENOTDB, "%s is a folder, not a database file", path)
	}
	if j, err := os.Stat(path + "-journal"); err == nil && j.Size() > 0 {
		return cdop.Errorf(cdop.ENOTDB, "%s was left half-written (%s is beside it): it is not a complete database, and it is left as it is; if it is a copy, make it again from the original",
			path, filepath.Base(path)+"-journal")
	}
	readOnly := ""
	if missing {
		if err := createFile(path); err != nil {
			return err
		}
	} else {
		readOnly = notWritable(path)
	}
	size := int64(0)
	if info != nil {
		size = info.Size()
	}
	if err := checkHeader(path, size); err != nil {
		return err
	}

	if size == 0 && readOnly == "" && db.opts.create {
		if err := formatNewFile(ctx, path); err != nil {
			return err
		}
	}

	// Look at the file through a read-only connection before anything
	// else is written to it (a new file has only its header).
	immutable := false
	look, err := sql.Open(driverName, readOnlyDSN(path, false))
	if err != nil {
		return err
	}
	kind, err := inspect(ctx, look)
	if err != nil && readOnly != "" && !hasWAL(path) {
		// A WAL file in a read-only folder: SQLite cannot make its
		// shared-memory file there; with no log to read, the file
		// alone is the database.
		look.Close()
		immutable = true
		look, err = sql.Open(driverName, readOnlyDSN(path, true))
		if err == nil {
			kind, err = inspect(ctx, look)
		}
	}
	defer look.Close() // closed earlier, once the file is judged
	if err != nil {
		return explainOpen(path, err)
	}
	known, err := db.dialect.knownVersion()
	if err != nil {
		return err
	}
	switch {
	case kind.kind == foreign:
		return cdop.Errorf(cdop.ENOTDB, "%s is not a CDOP case database (it belongs to another program); it is left as it is", path)
	case kind.kind == blank && size > 0 && !db.opts.create:
		return cdop.Errorf(cdop.ENOTDB, "%s holds no case database (it is an empty SQLite file); cdop init makes one there", path)
	case kind.kind == blank && size == 0 && !missing && !db.opts.create:
		return cdop.Errorf(cdop.ENOTDB, "%s is an empty file, not a case database; cdop init makes one there", path)
	case kind.version > known:
		return cdop.Errorf(cdop.ENEWER, "%s was written by a newer version of this program (schema %d; this one knows up to %d); it is left as it is", path, kind.version, known)
	case readOnly != "" && kind.kind == ours && kind.version < known:
		return cdop.Errorf(cdop.EREADONLY, "%s is read-only (%s) and was written by an older version (schema %d; this one needs %d), which it cannot update there; copy it to a folder you can write to and open it there",
			path, readOnly, kind.version, known)
	case readOnly != "" && kind.kind == blank:
		return cdop.Errorf(cdop.EREADONLY, "%s is read-only (%s), so no database can be made there", path, readOnly)
	}

	// The quick check: now for a small file, or one about to be migrated;
	// in the background for a large one.
	checkNow := size <= QuickCheckAtOpenBytes || kind.version < known
	if checkNow {
		var damage damageError
		if err := db.quickCheckWith(ctx, look); errors.As(err, &damage) {
			db.refuse(err)
		} else if err != nil {
			return explainOpen(path, err)
		}
	}
	// A reader left open would hold the writer back (WAL recovery).
	look.Close()

	if readOnly != "" {
		db.refusal.Store(cdop.Errorf(cdop.EREADONLY, "the database %s is read-only here (%s): you can read, search and make PDFs and extracts, but nothing can be saved; to make changes, open it from a folder you can write to", path, readOnly))
		db.pools.Store(&poolPair{db.newPool(readOnlyDSN(path, immutable), false), db.newPool(readOnlyDSN(path, immutable)+"&_query_only=on", false)})
	} else {
		db.pools.Store(&poolPair{db.newPool(dsn(path, true, db.opts.busyTimeout), true), db.newPool(dsn(path, false, db.opts.busyTimeout), false)})
	}
	if readOnly == "" && db.refusal.Load() == nil {
		if kind.kind == ours && kind.version > 0 && kind.version < known && !db.opts.private {
			if _, err := db.autoBackup(ctx, ReasonBeforeMigration); err != nil {
				db.Close()
				return fmt.Errorf("a backup before updating the database failed, so it was not updated: %w", err)
			}
		}
		if err := db.migrate(ctx, known); err != nil {
			db.Close()
			return err
		}
	}
	if checkNow {
		close(checked)
	} else {
		go db.backgroundCheck(&checked)
	}
	return nil
}

// createFile creates an empty file at path, private to its owner, unless
// something is there already; SQLite treats an empty file as an empty database.
func createFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return nil
	} else if errors.Is(err, fs.ErrPermission) || outfile.IsReadOnlyFS(err) {
		return cdop.Errorf(cdop.EREADONLY, "no database can be made at %s: the folder cannot be written", path)
	} else if err != nil {
		return err
	}
	return f.Close()
}

// NewDatabasePageSize is the page size of a database this program makes.
// A case's row, its identifiers and free text sealed, takes 3–4 KB, as
// does an imported case's audit row: in SQLite's default 4 KB pages each
// such row fills a page of its own or spills onto an overflow page, and a
// large import writes about a third more pages than in 16 KB ones. A
// database made before keeps its pages (in WAL mode SQLite cannot change
// them).
const NewDatabasePageSize = 16384

// formatNewFile gives the empty file at path its page size and WAL mode,
// on one connection (a page size set on a connection holds only there
// until the header is written), and checks both: the header written, the
// page size is fixed from then on.
func formatNewFile(ctx context.Context, path string) error {
	pool, err := sql.Open(driverName, fileURI(path))
	if err != nil {
		return err
	}
	defer pool.Close()
	conn, err := pool.Conn(ctx)
	if err != nil {
		return fmt.Errorf("making the new database %s: %w", path, err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, fmt.Sprintf("PRAGMA page_size = %d", NewDatabasePageSize)); err != nil {
		return fmt.Errorf("making the new database %s: %w", path, err)
	}
	var mode string
	var size int
	if err := conn.QueryRowContext(ctx, "PRAGMA journal_mode = WAL").Scan(&mode); err != nil {
		return fmt.Errorf("making the new database %s: %w", path, err)
	}
	if err := conn.QueryRowContext(ctx, "PRAGMA page_size").Scan(&size); err != nil {
		return fmt.Errorf("making the new database %s: %w", path, err)
	}
	if mode != "wal" || size != NewDatabasePageSize {
		return fmt.Errorf("making the new database %s: SQLite gave it journal mode %s and %d-byte pages", path, mode, size)
	}
	if err := conn.Close(); err != nil {
		return err
	}
	return pool.Close()
}

// notWritable says why the database at path cannot be written here ("" when
// it can): SQLite needs to write the file and to make files beside it.
func notWritable(path string) string {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		if outfile.IsReadOnlyFS(err) {
			return "the disk is read-only"
		}
		if errors.Is(err, fs.ErrPermission) {
			return "the file cannot be written"
		}
		return ""
	}
	f.Close()
	// A probe named as the app's temporary files are, so that one left by
	// a process killed here is removed at the next start.
	probe, err := outfile.Temp(filepath.Dir(path), "")
	if err != nil {
		if outfile.IsReadOnlyFS(err) {
			return "the disk is read-only"
		}
		return "its folder cannot be written"
	}
	probe.Close()
	outfile.RemoveTemp(probe.Name())
	return ""
}

// hasWAL reports whether a write-ahead log with content lies beside path.
func hasWAL(path string) bool {
	info, err := os.Stat(path + "-wal")
	return err == nil && info.Size() > 0
}

// checkHeader refuses a file that is not an SQLite database at all.
func checkHeader(path string, size int64) error {
	if size == 0 {
		return nil
	}
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	head := make([]byte, 16)
	if _, err := io.ReadFull(f, head); err != nil || string(head) != "SQLite format 3\x00" {
		return cdop.Errorf(cdop.ENOTDB, "%s is not a CDOP case database (it is not a database file at all); it is left as it is", path)
	}
	return nil
}

// fileKind is what inspect finds in a file.
type fileKind struct {
	kind    int // blank, ours or foreign
	version int // the newest migration applied, when ours
}

const (
	blank   = iota // an empty database: no tables
	ours           // this app's database
	foreign        // another program's
)

// inspect says whose database a connection reaches, reading only.
func inspect(ctx context.Context, q *sql.DB) (fileKind, error) {
	var appID int64
	if err := q.QueryRowContext(ctx, `PRAGMA application_id`).Scan(&appID); err != nil {
		return fileKind{}, err
	}
	tables := map[string]bool{}
	rows, err := q.QueryContext(ctx, `SELECT name FROM sqlite_master WHERE type = 'table'`)
	if err != nil {
		return fileKind{}, err
	}
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			rows.Close()
			return fileKind{}, err
		}
		tables[name] = true
	}
	if err := rows.Close(); err != nil {
		return fileKind{}, err
	}
	switch {
	case appID != 0 && appID != applicationID:
		return fileKind{kind: foreign}, nil
	case appID == 0 && len(tables) == 0:
		return fileKind{kind: blank}, nil
	case !tables["schema_migrations"]:
		return fileKind{kind: foreign}, nil
	}
	// Before application_id was set, this app's files are known by their
	// migrations table (version, applied_at) and, once migrated, cases.
	cols := map[string]bool{}
	if err := eachRow(ctx, q, `SELECT name FROM pragma_table_info('schema_migrations')`, nil, func(r *sql.Rows) error {
		var name string
		err := r.Scan(&name)
		cols[name] = true
		return err
	}); err != nil {
		return fileKind{}, err
	}
	if len(cols) != 2 || !cols["version"] || !cols["applied_at"] {
		return fileKind{kind: foreign}, nil
	}
	var version int
	if err := q.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&version); err != nil {
		return fileKind{}, err
	}
	if version > 0 && !tables["cases"] && appID == 0 {
		return fileKind{kind: foreign}, nil
	}
	return fileKind{kind: ours, version: version}, nil
}

// dsn returns the SQLite URI for an absolute path with the connection
// settings as go-sqlite3 parameters, so that every pooled connection gets
// them (a PRAGMA run through database/sql reaches only one connection):
// for the write pool, transactions that begin IMMEDIATE; for the read
// pool, DEFERRED ones on query_only connections (see DB).
func dsn(abs string, write bool, busy time.Duration) string {
	params := fmt.Sprintf("?_foreign_keys=on&_busy_timeout=%d&_journal_mode=WAL", busy.Milliseconds())
	if write {
		// secure_delete overwrites what is deleted or replaced, so that an
		// identifier written before the database was sealed, or a key
		// wrapping replaced, is left in no free page.
		params += "&_txlock=immediate&_secure_delete=on"
	} else {
		params += "&_txlock=deferred&_query_only=on"
	}
	return fileURI(abs) + params
}

// readOnlyDSN returns the URI opening path read-only: the file is never
// written, nor is a journal rolled back. An immutable file is read as it
// is, without the shared-memory file a WAL database needs beside it.
func readOnlyDSN(abs string, immutable bool) string {
	u := fileURI(abs) + "?mode=ro&_foreign_keys=on"
	if immutable {
		u += "&immutable=1"
	}
	return u
}

// fileURI returns the file: URI of an absolute path.
func fileURI(abs string) string {
	p := filepath.ToSlash(abs)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // a Windows drive letter: file:///C:/...
	}
	p = strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(p)
	return "file://" + p
}

// poolPair is the database's two pools of connections (see DB).
type poolPair struct{ write, read *sql.DB }

// pool returns the connection pools, which Restore may replace; nil when
// the database is closed.
func (db *DB) pool() (write, read *sql.DB) {
	if p := db.pools.Load(); p != nil {
		return p.write, p.read
	}
	return nil, nil
}

// Close closes the database.
func (db *DB) Close() error {
	if db.shared != nil {
		return nil // Batch's view: the database is closed by its owner
	}
	// The closed pools stay in place: work still running in the
	// background (a page loading as the app closes) then fails with
	// "sql: database is closed" rather than finding no pool at all.
	db.watchMu.Lock()
	wasClosed := db.closed.Swap(true)
	db.watchMu.Unlock()
	if wasClosed {
		return nil
	}
	db.stopWatching()
	p := db.pools.Load()
	if p == nil {
		return nil
	}
	return errors.Join(p.read.Close(), p.write.Close())
}

// Path returns the absolute path of the database file.
func (db *DB) Path() string { return db.path }

// Refusal returns why the database cannot be written (EREADONLY or
// EDAMAGED, with what to do), or nil when it can.
func (db *DB) Refusal() error {
	if e := db.refusal.Load(); e != nil {
		return e
	}
	return nil
}

// refuse makes the database read-only because it is damaged: problem says
// what is wrong.
func (db *DB) refuse(problem error) {
	e := cdop.Errorf(cdop.EDAMAGED, "the database %s is damaged (%s): it is open read-only and nothing can be saved to it. %s",
		db.path, problem, db.restoreAdvice())
	db.refusal.CompareAndSwap(nil, e)
}

// restoreAdvice says how to restore the newest good backup.
func (db *DB) restoreAdvice() string {
	list, _ := listBackups(db.backupsPath())
	if len(list) == 0 {
		return "Restore your newest good backup: cdop restore FILE on the command line, or Backups in the app"
	}
	b := list[0]
	return fmt.Sprintf("Restore the newest good backup, %s (made %s): cdop restore %s on the command line, or in the app open Backups and choose Restore this one…",
		filepath.Base(b.Path), b.Made.Local().Format("2 Jan 2006 15:04"), b.Path)
}

// quickCheck runs SQLite's quick check on the database; damage found
// makes it read-only, and the refusal (EDAMAGED) is returned.
func (db *DB) quickCheck(ctx context.Context) error {
	if db.dialect.postgres {
		return db.Refusal() // the server keeps its own pages
	}
	_, read := db.pool()
	var damage damageError
	if err := db.quickCheckWith(ctx, read); errors.As(err, &damage) {
		db.refuse(err)
	} else if err != nil {
		return err
	}
	return db.Refusal()
}

// damageError is damage the quick check found: what SQLite said.
type damageError struct{ what string }

func (e damageError) Error() string { return e.what }

// quickCheckWith runs the quick check through q: damage found is a
// damageError; other errors are returned as they are.
func (db *DB) quickCheckWith(ctx context.Context, q queryer) error {
	problems, err := integrityProblems(ctx, q, "quick_check", 5)
	if err != nil {
		if isDamage(err) {
			return damageError{sqliteMessage(err)}
		}
		return err
	}
	if len(problems) > 0 {
		return damageError{"SQLite's quick check: " + summariseProblems(problems)}
	}
	return nil
}

// summariseProblems says what an integrity check found in one line: the
// first problem, and how many more (SQLite's lines, some holding several).
func summariseProblems(problems []string) string {
	var lines []string
	for _, p := range problems {
		for _, line := range strings.Split(p, "\n") {
			if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "***") {
				lines = append(lines, line)
			}
		}
	}
	switch len(lines) {
	case 0:
		return "damaged"
	case 1:
		return lines[0]
	}
	return fmt.Sprintf("%s, and %d more problem(s)", lines[0], len(lines)-1)
}

// backgroundCheck runs the quick check of a large file after Open, then
// closes checked (unless a Restore has replaced the file meanwhile).
func (db *DB) backgroundCheck(checked *chan struct{}) {
	defer close(*checked)
	_, read := db.pool()
	if read == nil {
		return
	}
	err := db.quickCheckWith(context.Background(), read)
	if db.checked.Load() != checked {
		return // the file was replaced: its verdict no longer applies
	}
	var damage damageError
	if errors.As(err, &damage) {
		db.refuse(err)
		if db.opts.onDamage != nil {
			db.opts.onDamage(db.Refusal())
		}
	}
}

// queryer runs queries: a pool, a connection or a transaction.
type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// eachRow runs query through q and calls scan with each row.
func eachRow(ctx context.Context, q queryer, query string, args []any, scan func(*sql.Rows) error) error {
	return scanRows(q.QueryContext(ctx, query, args...))(scan)
}

// scanRows returns a function that calls scan with each of rows (or
// returns err, the query's error), then closes them.
func scanRows(rows *sql.Rows, err error) func(scan func(*sql.Rows) error) error {
	return func(scan func(*sql.Rows) error) error {
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			if err := scan(rows); err != nil {
				return err
			}
		}
		return rows.Err()
	}
}

type migration struct {
	version int
	name    string
}

// migrations lists the engine's embedded migrations in version order; a
// file is named NNNN_what.sql.
func (d dialect) migrations() ([]migration, error) {
	names, err := fs.Glob(migrationFiles, d.migrationsDir()+"/*.sql")
	if err != nil {
		return nil, err
	}
	var out []migration
	for _, name := range names {
		prefix, _, _ := strings.Cut(strings.TrimPrefix(name, d.migrationsDir()+"/"), "_")
		v, err := strconv.Atoi(prefix)
		if err != nil || v <= 0 {
			return nil, fmt.Errorf("migration %s: the name must start with a version number", name)
		}
		out = append(out, migration{version: v, name: name})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].version < out[j].version })
	for i := 1; i < len(out); i++ {
		if out[i].version == out[i-1].version {
			return nil, fmt.Errorf("migrations %s and %s share a version", out[i-1].name, out[i].name)
		}
	}
	return out, nil
}

// knownVersion is the newest schema version this program knows.
func (d dialect) knownVersion() (int, error) {
	list, err := d.migrations()
	if err != nil {
		return 0, err
	}
	return list[len(list)-1].version, nil
}

// migrate applies, in order and each in its own transaction, the
// migrations not yet recorded in schema_migrations, and marks the file as
// this app's (application_id).
func (db *DB) migrate(ctx context.Context, known int) error {
	write, _ := db.pool()
	if _, err := write.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version    INTEGER PRIMARY KEY,
		applied_at TEXT NOT NULL
	)`); err != nil {
		return fmt.Errorf("create schema_migrations: %w", err)
	}
	list, err := db.dialect.migrations()
	if err != nil {
		return err
	}
	var newest int
	if err := write.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&newest); err != nil {
		return fmt.Errorf("read schema_migrations: %w", err)
	}
	if newest > known {
		return cdop.Errorf(cdop.ENEWER, "the database was written by a newer version of this program (schema %d; this one knows up to %d)", newest, known)
	}
	for _, m := range list {
		if m.version <= newest {
			continue
		}
		if err := db.applyMigration(ctx, write, m); err != nil {
			return fmt.Errorf("migration %s: %w", m.name, err)
		}
	}
	if db.dialect.postgres {
		return nil // a server's database is known by its schema_migrations
	}
	var id int64
	if err := write.QueryRowContext(ctx, `PRAGMA application_id`).Scan(&id); err != nil {
		return err
	}
	if id != applicationID {
		if _, err := write.ExecContext(ctx, fmt.Sprintf(`PRAGMA application_id = %d`, applicationID)); err != nil {
			return fmt.Errorf("marking the file as a case database: %w", err)
		}
	}
	return nil
}

func (db *DB) applyMigration(ctx context.Context, write *sql.DB, m migration) error {
	tx, err := write.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()

	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM schema_migrations WHERE version = ?`, m.version).Scan(&n); err != nil {
		return err
	} else if n > 0 {
		return nil
	}
	script, err := fs.ReadFile(migrationFiles, m.name)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, string(script)); err != nil {
		return err
	}
	if step := migrationSteps[migrationStepName(m.name)]; step != nil {
		if err := step(ctx, tx, db.clock.Now()); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)`,
		m.version, formatTime(db.clock.Now())); err != nil {
		return err
	}
	return tx.Commit()
}

// tx is a transaction of one public operation: the time it runs at, and the
// statements it has prepared so far (closed with the transaction). In a
// Batch it is a savepoint of the batch's one transaction.
type tx struct {
	*sql.Tx
	now     time.Time
	nowText string // now as stored
	today   cdop.Date
	stmts   map[string]*sql.Stmt
	// inserts holds the case inserts prepared so far, by the columns they
	// set (see insertCaseRow).
	inserts map[columnSet]*sql.Stmt
	// stamps gives the updated_at of the case rows the transaction writes.
	stamps *cdop.Stamps
	// user names the signed-in user, whom the audit rows record ("" when
	// no one is: a database without accounts records the context's actor).
	user string
	// cipher is the signed-in session's, nil when no one is signed in.
	cipher *vault.Cipher
	// restState is how the transaction stores sealed values, once
	// restKnown (see rest).
	restState atRest
	restKnown bool
	// seq is the transaction's change number once changeSeq has given it.
	seq int64
	// chain is where the transaction's audit rows are in the chain, once
	// it has written one with a session (auditchain.go).
	chain *chainState

	db        *DB
	savepoint string // in a Batch: the savepoint's name
	done      bool
}

// beginWrite starts the transaction of an operation that may change the
// database: BEGIN IMMEDIATE, on the write pool. A database that cannot be
// written (Refusal) refuses it; one whose quick check is still running in
// the background waits for the verdict first.
func (db *DB) beginWrite(ctx context.Context) (*tx, error) {
	select {
	case <-*db.checked.Load():
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	if err := db.Refusal(); err != nil {
		return nil, err
	}
	write, _ := db.pool()
	return db.begin(ctx, write)
}

// beginRead starts the transaction of an operation that only reads: a
// DEFERRED one on the read pool, which reads one snapshot without waiting
// for writers.
func (db *DB) beginRead(ctx context.Context) (*tx, error) {
	_, read := db.pool()
	return db.begin(ctx, read)
}

// savepoints numbers the savepoints of Batch transactions.
var savepoints atomic.Int64

func (db *DB) begin(ctx context.Context, pool *sql.DB) (*tx, error) {
	now := db.clock.Now()
	var user string
	u, cipher := db.session.current()
	if u != nil {
		user = u.Name
	}
	stamp := now.UTC().Truncate(time.Millisecond)
	t := &tx{
		now:     stamp,
		nowText: formatTime(stamp),
		today:   cdop.Today(cdop.FixedClock(now)),
		stmts:   map[string]*sql.Stmt{},
		inserts: map[columnSet]*sql.Stmt{},
		db:      db,
		stamps:  cdop.NewStamps(now.UTC().Truncate(time.Millisecond)),
		user:    user,
		cipher:  cipher,
	}
	if db.shared != nil {
		t.Tx = db.shared.Tx
		t.savepoint = "op" + strconv.FormatInt(savepoints.Add(1), 10)
		if _, err := t.Tx.ExecContext(ctx, "SAVEPOINT "+t.savepoint); err != nil {
			return nil, db.explain(err)
		}
		return t, nil
	}
	if pool == nil {
		return nil, errors.New("the database is closed")
	}
	sqlTx, err := pool.BeginTx(ctx, nil)
	if err != nil {
		return nil, db.explain(err)
	}
	t.Tx = sqlTx
	return t, nil
}

// Commit commits the transaction (in a Batch, releases its savepoint).
func (t *tx) Commit() error {
	if t.done {
		return sql.ErrTxDone
	}
	// The chain's head moves on once, however many audit rows the
	// transaction linked (an import's).
	if err := t.writeChainHead(context.Background()); err != nil {
		return err
	}
	if err := t.notifyChange(context.Background()); err != nil {
		return t.db.explain(err)
	}
	t.done = true
	if t.savepoint != "" {
		t.closeStmts()
		_, err := t.Tx.Exec("RELEASE " + t.savepoint)
		return t.db.explain(err)
	}
	return t.db.explain(t.Tx.Commit())
}

// Rollback rolls the transaction back (in a Batch, to its savepoint); after
// Commit it does nothing, so it may be deferred.
func (t *tx) Rollback() error {
	if t.done {
		return sql.ErrTxDone
	}
	t.done = true
	if t.savepoint != "" {
		t.closeStmts()
		if _, err := t.Tx.Exec("ROLLBACK TO " + t.savepoint); err != nil {
			return err
		}
		_, err := t.Tx.Exec("RELEASE " + t.savepoint)
		return err
	}
	return t.Tx.Rollback()
}

func (t *tx) closeStmts() {
	for _, s := range t.stmts {
		s.Close()
	}
	clear(t.stmts)
	for _, s := range t.inserts {
		s.Close()
	}
	clear(t.inserts)
}

// Batch runs fn with a view of the database in which every operation joins
// one transaction, committed when fn returns nil and rolled back
// otherwise: all of fn's changes are stored, or none (a process killed part
// way stores none). The view's Close does nothing.
func (db *DB) Batch(ctx context.Context, fn func(b *DB) error) error {
	if db.shared != nil {
		return fn(db)
	}
	t, err := db.beginWrite(ctx)
	if err != nil {
		return err
	}
	defer t.Rollback()
	b := &DB{path: db.path, clock: db.clock, opts: db.opts, shared: t, session: db.session, dialect: db.dialect}
	b.checked.Store(db.checked.Load())
	if err := fn(b); err != nil {
		return err
	}
	return t.Commit()
}

// prepare returns query prepared in the transaction, preparing it once.
func (tx *tx) prepare(ctx context.Context, query string) (*sql.Stmt, error) {
	if s, ok := tx.stmts[query]; ok {
		return s, nil
	}
	s, err := tx.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	tx.stmts[query] = s
	return s, nil
}

func formatTime(t time.Time) string { return t.UTC().Format(timeLayout) }

// formatTime is formatTime, done once for the transaction's own time.
func (tx *tx) formatTime(t time.Time) string {
	if t.Equal(tx.now) {
		return tx.nowText
	}
	return formatTime(t)
}

func parseTime(s string) (time.Time, error) { return time.Parse(time.RFC3339, s) }
