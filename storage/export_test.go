package storage

import (
	"database/sql"
	"testing"

	"github.com/jackc/pgx/v5/stdlib"
)

// RawServerDB opens the server database url names with database/sql
// alone (through the program's connector, so that ? placeholders serve), to
// look at or alter what storage wrote, as rawDB does a file.
func RawServerDB(tb testing.TB, url string) *sql.DB {
	tb.Helper()
	cfg, err := parseServerURL(url)
	if err != nil {
		tb.Fatal(err)
	}
	db := &DB{path: url, opts: options{busyTimeout: DefaultBusyTimeout}, dialect: dialect{postgres: true}}
	raw := sql.OpenDB(&pgConnector{base: stdlib.GetConnector(*cfg), db: db})
	tb.Cleanup(func() { raw.Close() })
	return raw
}

// DecodeChanges reads an audit row's changes as stored (unsealed), in
// either of their forms, for tests that look at the raw rows.
var DecodeChanges = decodeChanges
