package storage_test

import (
	"context"
	"database/sql"
	"fmt"
	"testing"
	"time"

	"casemanager/cdop"
	"casemanager/storage"
)

// testNow is the fixed time of every test database: a Monday morning in June.
var testNow = time.Date(2025, 6, 2, 9, 30, 0, 0, time.UTC)

// MustOpenDB opens a new database in a temporary directory, closed when the
// test ends, sealed: its first administrator, "test", is signed in, so that
// identifiers are encrypted at rest as in every database in use.
func MustOpenDB(tb testing.TB) *storage.DB {
	tb.Helper()
	db := MustOpenClearDB(tb)
	if _, _, err := db.CreateFirstAdmin(context.Background(), "test", adminPassword); err != nil {
		tb.Fatal(err)
	}
	return db
}

// MustSignIn signs the test administrator of MustOpenDB in to db, another
// handle on a sealed database, and returns it.
func MustSignIn(tb testing.TB, db *storage.DB) *storage.DB {
	tb.Helper()
	if _, err := db.SignIn(context.Background(), "test", adminPassword); err != nil {
		tb.Fatal(err)
	}
	return db
}

// MustOpenClearDB opens a new database in a temporary directory, closed when
// the test ends, with no account yet: a database not sealed.
func MustOpenClearDB(tb testing.TB) *storage.DB {
	tb.Helper()
	return MustOpenDBAt(tb, testDBPath(tb), cdop.FixedClock(testNow))
}

// MustOpenDBAt opens the database at path with a clock, closed when the test ends.
func MustOpenDBAt(tb testing.TB, path string, clock cdop.Clock) *storage.DB {
	tb.Helper()
	db, err := storage.Open(path, clock)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		if err := db.Close(); err != nil {
			tb.Error(err)
		}
	})
	return db
}

// settableClock is a clock a test moves by hand.
type settableClock struct{ now time.Time }

// Now returns the time the test set.
func (c *settableClock) Now() time.Time { return c.now }

// rawDB opens the file with database/sql alone, to look at or damage what
// storage wrote.
func rawDB(tb testing.TB, path string) *sql.DB {
	tb.Helper()
	if storage.IsServerURL(path) {
		return storage.RawServerDB(tb, path)
	}
	db, err := sql.Open("sqlite3", path)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

// ctxAs returns a context naming the actor of changes.
func ctxAs(actor string) context.Context {
	return cdop.WithActor(context.Background(), actor)
}

// mustCreate stores cases or fails the test.
func mustCreate(tb testing.TB, db *storage.DB, cases ...*cdop.Case) {
	tb.Helper()
	for _, c := range cases {
		if err := db.CreateCase(ctxAs("test"), c); err != nil {
			tb.Fatalf("create %s %s: %v", c.FirstName, c.LastName, err)
		}
	}
}

// refsOf returns the references of cases, in order.
func refsOf(cases []*cdop.Case) []string {
	out := make([]string, len(cases))
	for i, c := range cases {
		out[i] = c.Ref
	}
	return out
}

// diffCases lists the fields, in text form, where got differs from want:
// every stored field, the flowchart's included.
func diffCases(got, want *cdop.Case) []string {
	var out []string
	for _, col := range cdop.CaseFields {
		if g, w := got.Get(col.Name), want.Get(col.Name); g != w {
			out = append(out, fmt.Sprintf("%s: got %q, want %q", col.Name, g, w))
		}
	}
	return out
}

// allChanges returns the audit changes of a new case: every stored field
// recorded, in cdop.CaseFields order.
func allChanges(c *cdop.Case) []cdop.FieldChange {
	var out []cdop.FieldChange
	for _, col := range cdop.CaseFields {
		if v := c.Get(col.Name); v != "" {
			out = append(out, cdop.FieldChange{Field: col.Name, New: v})
		}
	}
	return out
}
