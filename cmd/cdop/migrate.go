package main

import (
	"fmt"
	"slices"

	"casemanager/cdop"
)

// runMigrate copies the database into an empty one of either engine (a
// file, or a server's database), verified, and reports what it copied.
func runMigrate(e *env, args []string) error {
	fs := newFlags("migrate")
	to := fs.String("to", "", "the empty database to copy to: a file, or postgres://USER@HOST:PORT/DATABASE")
	if rest, err := parseFlags(fs, args); err != nil {
		return err
	} else if len(rest) > 0 {
		return usagef("unexpected argument %q", rest[0])
	}
	if *to == "" {
		return usagef("name the empty database to copy to: cdop migrate --to DB (a file, or postgres://USER@HOST:PORT/DATABASE)")
	}
	db, err := e.openAs(cdop.ActMigrateDatabase)
	if err != nil {
		return err
	}
	defer db.Close()
	m, err := db.MigrateTo(e.ctx, *to, e.storageOptions(*to, false)...)
	if err != nil {
		return err
	}
	if err := db.RecordOutput(e.ctx, "migrate", "", int(m.Rows["cases"])); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "copied %s to %s (%s): %s, %s; each table's rows counted against the original's, the audit chain and every encrypted value checked\n",
		e.dbPath, m.To, m.Engine, plural(int(m.Rows["cases"]), "case"), plural(int(m.Rows["audit_log"]), "audit row"))
	var tables []string
	for name := range m.Rows {
		tables = append(tables, name)
	}
	slices.Sort(tables)
	for _, name := range tables {
		fmt.Fprintf(e.stdout, "  %-26s %d\n", name, m.Rows[name])
	}
	return nil
}
