// Package pgtest gives tests throwaway databases on the PostgreSQL server
// CDOP_TEST_POSTGRES names (tools/pgcluster start gives one; CI always
// does). Without one a test is skipped with the reason, except in CI (CI
// set), where that fails it.
package pgtest

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"sync"
	"sync/atomic"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver
)

var (
	once  sync.Once
	admin *sql.DB
	err   error
	dbs   atomic.Int64
)

// URL returns the test server's address, skipping the test when none is
// reachable (failing it in CI).
func URL(tb testing.TB) string {
	tb.Helper()
	u := os.Getenv("CDOP_TEST_POSTGRES")
	once.Do(func() {
		if u == "" {
			err = fmt.Errorf("CDOP_TEST_POSTGRES names no PostgreSQL server (tools/pgcluster start gives one)")
			return
		}
		admin, err = sql.Open("pgx", u)
		if err == nil {
			err = admin.PingContext(context.Background())
		}
	})
	if err != nil {
		if os.Getenv("CI") != "" {
			tb.Fatalf("CI runs the tests on PostgreSQL too, but: %v", err)
		}
		tb.Skipf("no PostgreSQL server reachable: %v", err)
	}
	return u
}

// NewDB creates a throwaway database on the test server, dropped (with
// its connections) when the test ends, and returns its address.
func NewDB(tb testing.TB) string {
	tb.Helper()
	base, perr := url.Parse(URL(tb))
	if perr != nil {
		tb.Fatal(perr)
	}
	name := fmt.Sprintf("cdop_test_%d_%d", os.Getpid(), dbs.Add(1))
	ctx := context.Background()
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		if _, err := admin.ExecContext(ctx, "DROP DATABASE "+name+" WITH (FORCE)"); err != nil {
			tb.Error(err)
		}
	})
	base.Path = "/" + name
	return base.String()
}
