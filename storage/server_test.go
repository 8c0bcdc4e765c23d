package storage_test

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"testing"

	"casemanager/internal/pgtest"
)

// The storage tests run on SQLite, each on a temp file; with
// CDOP_TEST_ENGINE=postgres those that open their database through
// MustOpenClearDB (and MustOpenDB) run on PostgreSQL instead, each in a
// throwaway database of the server CDOP_TEST_POSTGRES names (tools/pgcluster
// starts one; .ci/run runs the package both ways). Tests of what only a
// file has (its header, damage, the backups kept beside it, read-only media)
// stay on SQLite.

// onServer reports whether this run's databases are on PostgreSQL.
func onServer() bool { return os.Getenv("CDOP_TEST_ENGINE") == "postgres" }

// testDBPath is where a new test database goes: a temp file, or a new
// database on the server.
func testDBPath(tb testing.TB) string {
	tb.Helper()
	if onServer() {
		return newServerDB(tb)
	}
	return filepath.Join(tb.TempDir(), "cases.db")
}

// sqliteOnly skips a test of what only a SQLite file has when this run's
// databases are on PostgreSQL (it runs in the SQLite run).
func sqliteOnly(tb testing.TB) {
	tb.Helper()
	if onServer() {
		tb.Skip("a SQLite file's own behaviour: run without CDOP_TEST_ENGINE=postgres")
	}
}

// serverURL returns the test server's address, skipping the test when none
// is reachable, except in CI (CI set), where that fails it.
func serverURL(tb testing.TB) string {
	tb.Helper()
	return pgtest.URL(tb)
}

// newServerDB creates a throwaway database on the test server, dropped
// when the test ends, and returns its address.
func newServerDB(tb testing.TB) string {
	tb.Helper()
	return pgtest.NewDB(tb)
}

// mustExecUnchecked runs a statement through raw as a program writing
// behind the app's back may: with foreign keys unchecked (off in a raw
// SQLite connection; on a server, as a superuser loading rows as a
// replica does).
func mustExecUnchecked(t *testing.T, raw *sql.DB, query string, args ...any) {
	t.Helper()
	if !onServer() {
		mustExec(t, raw, query, args...)
		return
	}
	ctx := context.Background()
	conn, err := raw.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	for _, q := range []string{"SET session_replication_role = replica", query, "RESET session_replication_role"} {
		var a []any
		if q == query {
			a = args
		}
		if _, err := conn.ExecContext(ctx, q, a...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}
