// Package storage keeps cases in a SQLite file: it implements
// cdop.CaseService, applies the schema migrations, and makes backups and
// integrity checks of the file.
package storage

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	_ "github.com/mattn/go-sqlite3" // registers the "sqlite3" driver

	"casemanager/cdop"
)

// timeLayout is RFC 3339 in UTC with a fixed number of fractional digits, so
// stored instants sort as text.
const timeLayout = "2006-01-02T15:04:05.000Z07:00"

//go:embed migrations/*.sql
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
	write *sql.DB
	read  *sql.DB
	path  string
	clock cdop.Clock
}

var _ cdop.CaseService = (*DB)(nil)

// Open opens the database at path, creating the file (readable by its owner
// only) when it is missing, and applies the migrations it lacks. A nil clock
// is the system clock.
func Open(path string, clock cdop.Clock) (*DB, error) {
	if clock == nil {
		clock = cdop.SystemClock{}
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("database %s: %w", path, err)
	}
	if err := createFile(abs); err != nil {
		return nil, fmt.Errorf("database %s: %w", path, err)
	}
	write, err := sql.Open("sqlite3", dsn(abs, true))
	if err != nil {
		return nil, fmt.Errorf("database %s: %w", path, err)
	}
	read, err := sql.Open("sqlite3", dsn(abs, false))
	if err != nil {
		write.Close()
		return nil, fmt.Errorf("database %s: %w", path, err)
	}
	db := &DB{write: write, read: read, path: abs, clock: clock}
	if err := db.migrate(context.Background()); err != nil {
		db.Close()
		return nil, fmt.Errorf("database %s: %w", path, err)
	}
	return db, nil
}

// createFile creates an empty file at path, private to its owner, unless
// something is there already; SQLite treats an empty file as an empty database.
// The folder must exist: a mistyped --db should fail, not quietly give an
// empty database in a new folder.
func createFile(path string) error {
	if info, err := os.Stat(filepath.Dir(path)); err != nil || !info.IsDir() {
		return cdop.Errorf(cdop.EINVALID, "the folder %s does not exist; check the database path", filepath.Dir(path))
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return nil
	} else if err != nil {
		return err
	}
	return f.Close()
}

// dsn returns the SQLite URI for an absolute path with the connection
// settings as go-sqlite3 parameters, so that every pooled connection gets
// them (a PRAGMA run through database/sql reaches only one connection):
// for the write pool, transactions that begin IMMEDIATE; for the read
// pool, DEFERRED ones on query_only connections (see DB).
func dsn(abs string, write bool) string {
	p := filepath.ToSlash(abs)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // a Windows drive letter: file:///C:/...
	}
	p = strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(p)
	params := "?_foreign_keys=on&_busy_timeout=5000&_journal_mode=WAL"
	if write {
		params += "&_txlock=immediate"
	} else {
		params += "&_txlock=deferred&_query_only=on"
	}
	return "file://" + p + params
}

// Close closes the database.
func (db *DB) Close() error {
	return errors.Join(db.read.Close(), db.write.Close())
}

// Path returns the absolute path of the database file.
func (db *DB) Path() string { return db.path }

type migration struct {
	version int
	name    string
}

// migrations lists the embedded migrations in version order; a file is
// named NNNN_what.sql.
func migrations() ([]migration, error) {
	names, err := fs.Glob(migrationFiles, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	var out []migration
	for _, name := range names {
		prefix, _, _ := strings.Cut(strings.TrimPrefix(name, "migrations/"), "_")
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

// migrate applies, in order and each in its own transaction, the
// migrations not yet recorded in schema_migrations.
func (db *DB) migrate(ctx context.Context) error {
	if _, err := db.write.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version    INTEGER PRIMARY KEY,
		applied_at TEXT NOT NULL
	)`); err != nil {
		return fmt.Errorf("create schema_migrations: %w", err)
	}
	list, err := migrations()
	if err != nil {
		return err
	}
	var newest int
	if err := db.write.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&newest); err != nil {
		return fmt.Errorf("read schema_migrations: %w", err)
	}
	if known := list[len(list)-1].version; newest > known {
		return cdop.Errorf(cdop.EINVALID, "the database was written by a newer version of this program (schema %d; this one knows up to %d)", newest, known)
	}
	for _, m := range list {
		if err := db.applyMigration(ctx, m); err != nil {
			return fmt.Errorf("migration %s: %w", m.name, err)
		}
	}
	return nil
}

func (db *DB) applyMigration(ctx context.Context, m migration) error {
	tx, err := db.write.BeginTx(ctx, nil)
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

// Backup writes a consistent copy of the database, as it stands, to a new
// file at dest; it refuses to overwrite anything already there.
func (db *DB) Backup(ctx context.Context, dest string) error {
	f, err := os.OpenFile(dest, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return cdop.Errorf(cdop.ECONFLICT, "%s already exists; choose a new file for the backup", dest)
	} else if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	f.Close()
	// VACUUM INTO accepts an empty file as its target. It reads the
	// database as a reader does, but writes (to dest), which the read
	// pool's query_only connections refuse.
	if _, err := db.write.ExecContext(ctx, `VACUUM INTO ?`, dest); err != nil {
		os.Remove(dest)
		return fmt.Errorf("backup to %s: %w", dest, err)
	}
	return nil
}

// Check runs SQLite's integrity and foreign key checks and returns an
// error listing every problem found, or nil.
func (db *DB) Check(ctx context.Context) error {
	var problems []string
	rows, err := db.read.QueryContext(ctx, `PRAGMA integrity_check`)
	if err != nil {
		return fmt.Errorf("integrity check: %w", err)
	}
	for rows.Next() {
		var msg string
		if err := rows.Scan(&msg); err != nil {
			rows.Close()
			return fmt.Errorf("integrity check: %w", err)
		}
		if msg != "ok" {
			problems = append(problems, msg)
		}
	}
	if err := rows.Close(); err != nil {
		return fmt.Errorf("integrity check: %w", err)
	}

	rows, err = db.read.QueryContext(ctx, `PRAGMA foreign_key_check`)
	if err != nil {
		return fmt.Errorf("foreign key check: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var table, parent string
		var rowid sql.NullInt64
		var fkid int
		if err := rows.Scan(&table, &rowid, &parent, &fkid); err != nil {
			return fmt.Errorf("foreign key check: %w", err)
		}
		problems = append(problems, fmt.Sprintf("%s row %d refers to a missing row of %s", table, rowid.Int64, parent))
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("foreign key check: %w", err)
	}
	// The audit log is append-only only while its triggers stand.
	for _, trigger := range []string{"audit_log_no_update", "audit_log_no_delete"} {
		var n int
		if err := db.read.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name = ? AND tbl_name = 'audit_log'`, trigger).Scan(&n); err != nil {
			return fmt.Errorf("audit log check: %w", err)
		}
		if n == 0 {
			problems = append(problems, fmt.Sprintf("the audit log's trigger %s is missing: the audit log could have been changed outside the app", trigger))
		}
	}
	unknown, err := unknownResidences(ctx, db.read)
	if err != nil {
		return fmt.Errorf("local authority check: %w", err)
	}
	for _, ref := range unknown {
		problems = append(problems, residenceFinding(ref))
	}
	if len(problems) > 0 {
		return cdop.Errorf(cdop.EINTERNAL, "the database check found %d problem(s):\n%s", len(problems), strings.Join(problems, "\n"))
	}
	return nil
}

// tx is a transaction of one public operation: the time it runs at, and the
// statements it has prepared so far (closed with the transaction).
type tx struct {
	*sql.Tx
	now   time.Time
	today cdop.Date
	stmts map[string]*sql.Stmt
	// stamps holds the updated_at this transaction gave each case row it
	// wrote, so that a second write of the row (an update, then a stage
	// move) keeps it: see caseStamp.
	stamps map[string]time.Time
}

// beginWrite starts the transaction of an operation that may change the
// database: BEGIN IMMEDIATE, on the write pool.
func (db *DB) beginWrite(ctx context.Context) (*tx, error) {
	return db.begin(ctx, db.write)
}

// beginRead starts the transaction of an operation that only reads: a
// DEFERRED one on the read pool, which reads one snapshot without waiting
// for writers.
func (db *DB) beginRead(ctx context.Context) (*tx, error) {
	return db.begin(ctx, db.read)
}

func (db *DB) begin(ctx context.Context, pool *sql.DB) (*tx, error) {
	t, err := pool.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	now := db.clock.Now()
	return &tx{
		Tx:    t,
		now:   now.UTC().Truncate(time.Millisecond),
		today: cdop.Today(cdop.FixedClock(now)),
		stmts: map[string]*sql.Stmt{},

		stamps: map[string]time.Time{},
	}, nil
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

func parseTime(s string) (time.Time, error) { return time.Parse(time.RFC3339, s) }
