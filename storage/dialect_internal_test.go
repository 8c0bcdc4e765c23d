package storage

import (
	"errors"
	"strings"
	"testing"

	"casemanager/cdop"
)

// TestMigrations_NumberedAlikeOnBothEngines: every SQLite migration has
// its PostgreSQL twin of the same number and name, so a schema version
// means the same on both (a migration added for one engine alone fails here).
func TestMigrations_NumberedAlikeOnBothEngines(t *testing.T) {
	lite, err := dialect{}.migrations()
	if err != nil {
		t.Fatal(err)
	}
	pg, err := dialect{postgres: true}.migrations()
	if err != nil {
		t.Fatal(err)
	}
	names := func(list []migration, dir string) []string {
		var out []string
		for _, m := range list {
			out = append(out, strings.TrimPrefix(m.name, dir+"/"))
		}
		return out
	}
	if a, b := strings.Join(names(lite, "migrations"), " "), strings.Join(names(pg, "migrations_postgres"), " "); a != b {
		t.Errorf("SQLite's migrations %s\nPostgreSQL's       %s\nwant the same numbers and names", a, b)
	}
}

func TestRebind(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"SELECT 1", "SELECT 1"},
		{"SELECT a FROM t WHERE b = ? AND c = ?", "SELECT a FROM t WHERE b = $1 AND c = $2"},
		{"SELECT '?' || ? FROM t", "SELECT '?' || $1 FROM t"},
		{`SELECT "a?b" FROM t WHERE x = ?`, `SELECT "a?b" FROM t WHERE x = $1`},
		{"SELECT 'it''s ?', ?", "SELECT 'it''s ?', $1"},
		{"SELECT ? -- what? \n, ?", "SELECT $1 -- what? \n, $2"},
		{"SELECT /* ? */ ?", "SELECT /* ? */ $1"},
		{"INSERT INTO t (a, b) VALUES (?, ?), (?, ?)", "INSERT INTO t (a, b) VALUES ($1, $2), ($3, $4)"},
	} {
		if got := rebind(tc.in); got != tc.want {
			t.Errorf("rebind(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestServerURL: a server's address never carries a password, and a
// server not on this machine is reached only over TLS.
func TestServerURL(t *testing.T) {
	for _, tc := range []struct {
		url  string
		ok   bool
		says string
	}{
		{"postgres://cdop@127.0.0.1:5432/cdop?sslmode=disable", true, ""},
		{"postgres://cdop@localhost/cdop", true, ""},
		{"postgres://cdop@db.example.org/cdop?sslmode=verify-full", true, ""},
		{"postgres://cdop@db.example.org/cdop?sslmode=require", true, ""},
		{"postgres://cdop@db.example.org/cdop", false, "must be encrypted"},
		{"postgres://cdop@db.example.org/cdop?sslmode=prefer", false, "must be encrypted"},
		{"postgres://cdop@db.example.org/cdop?sslmode=disable", false, "must be encrypted"},
		{"postgres://cdop:s3cret@127.0.0.1/cdop", false, "holds a password"},
	} {
		_, err := parseServerURL(tc.url)
		var coded *cdop.Error
		switch {
		case tc.ok && err != nil:
			t.Errorf("%s: %v", tc.url, err)
		case !tc.ok && (err == nil || !errors.As(err, &coded) || !strings.Contains(err.Error(), tc.says)):
			t.Errorf("%s: error %v, want one saying %q", tc.url, err, tc.says)
		case err != nil && strings.Contains(err.Error(), "s3cret"):
			t.Errorf("%s: the refusal shows the password: %v", tc.url, err)
		}
	}
}
