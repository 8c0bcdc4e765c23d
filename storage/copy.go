package storage

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"sort"
	"strings"

	"casemanager/cdop"
)

// Copying a database's rows to another of the same schema version, on
// either engine: a server's backup (its rows into a SQLite file), a
// restore onto a server (a backup file's rows into it), and migrate --to.
// Rows are copied as they are stored, keys included: a sealed value is
// bound to its table, row key and column (atrest.go), all kept, so its
// ciphertext opens in the copy with the same data key, which the keyring
// rows carry along. The copy's own audit rows and chain are the original's.

// rowidTables are the tables whose SQLite rowid the program relies on (the
// search index's order, rowidIn): SQLite keeps it hidden, PostgreSQL as a
// column of that name, and a copy carries it across.
var rowidTables = []string{"cases"}

// copyTable is one table of a schema: its columns, the tables its rows
// refer to, and (PostgreSQL) its identity column.
type copyTable struct {
	name     string
	columns  []string
	parents  []string
	identity string
}

// schemaTables lists the app's tables of the database q reaches (its
// schema_migrations aside: each database keeps its own), each after the
// tables it refers to.
func (d dialect) schemaTables(ctx context.Context, q queryer) ([]copyTable, error) {
	byName := map[string]*copyTable{}
	var names []string
	listQuery := `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\_%' ESCAPE '\' AND name <> 'schema_migrations' ORDER BY name`
	if d.postgres {
		listQuery = `SELECT table_name::text FROM information_schema.tables WHERE table_schema = current_schema()
			AND table_type = 'BASE TABLE' AND table_name <> 'schema_migrations' ORDER BY table_name`
	}
	if err := eachRow(ctx, q, listQuery, nil, func(r *sql.Rows) error {
		var name string
		err := r.Scan(&name)
		names = append(names, name)
		byName[name] = &copyTable{name: name}
		return err
	}); err != nil {
		return nil, fmt.Errorf("listing the tables: %w", err)
	}
	for _, name := range names {
		t := byName[name]
		colQuery := `SELECT name, '' FROM pragma_table_info(?) ORDER BY cid`
		if d.postgres {
			colQuery = `SELECT column_name::text, is_identity::text FROM information_schema.columns
				WHERE table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position`
		}
		if err := eachRow(ctx, q, colQuery, []any{name}, func(r *sql.Rows) error {
			var col, identity string
			if err := r.Scan(&col, &identity); err != nil {
				return err
			}
			t.columns = append(t.columns, col)
			if identity == "YES" {
				t.identity = col
			}
			return nil
		}); err != nil {
			return nil, fmt.Errorf("the columns of %s: %w", name, err)
		}
		if slices.Contains(rowidTables, name) && !slices.Contains(t.columns, "rowid") {
			t.columns = append([]string{"rowid"}, t.columns...)
		}
		slices.Sort(t.columns)
	}
	fkQuery := `SELECT m.name, f."table" FROM sqlite_master m JOIN pragma_foreign_key_list(m.name) f WHERE m.type = 'table'`
	if d.postgres {
		fkQuery = `SELECT child.relname::text, parent.relname::text FROM pg_constraint c
			JOIN pg_class child ON child.oid = c.conrelid JOIN pg_class parent ON parent.oid = c.confrelid
			WHERE c.contype = 'f' AND child.relnamespace = current_schema()::regnamespace`
	}
	if err := eachRow(ctx, q, fkQuery, nil, func(r *sql.Rows) error {
		var child, parent string
		if err := r.Scan(&child, &parent); err != nil {
			return err
		}
		if t := byName[child]; t != nil && parent != child && !slices.Contains(t.parents, parent) {
			t.parents = append(t.parents, parent)
		}
		return nil
	}); err != nil {
		return nil, fmt.Errorf("the tables' references: %w", err)
	}
	// Parents first: repeatedly take the tables whose parents are placed.
	var ordered []copyTable
	placed := map[string]bool{}
	for len(ordered) < len(names) {
		progress := false
		for _, name := range names {
			t := byName[name]
			if placed[name] || slices.ContainsFunc(t.parents, func(p string) bool { return !placed[p] && byName[p] != nil }) {
				continue
			}
			placed[name] = true
			ordered = append(ordered, *t)
			progress = true
		}
		if !progress {
			return nil, fmt.Errorf("the tables' references go round in a circle")
		}
	}
	return ordered, nil
}

// sameSchema refuses two lists of tables that differ in a table or a
// column: the databases are not of one schema.
func sameSchema(src, dst []copyTable) error {
	index := map[string]copyTable{}
	for _, t := range dst {
		index[t.name] = t
	}
	for _, t := range src {
		d, ok := index[t.name]
		if !ok {
			return cdop.Errorf(cdop.EINVALID, "the two databases are not of one schema: the table %s is only in the one copied from", t.name)
		}
		if !slices.Equal(t.columns, d.columns) {
			return cdop.Errorf(cdop.EINVALID, "the two databases are not of one schema: the columns of %s differ", t.name)
		}
		delete(index, t.name)
	}
	for name := range index {
		return cdop.Errorf(cdop.EINVALID, "the two databases are not of one schema: the table %s is only in the one copied to", name)
	}
	return nil
}

// clearTables empties every table of tables in dst (within its
// transaction), the append-only audit log and chain too, their triggers
// lifted for it and put back: what a migration put in a new database (its
// seeded rows) or what a restore replaces.
func (d dialect) clearTables(ctx context.Context, dst *sql.Tx, tables []copyTable) error {
	var stmts []string
	if d.postgres {
		names := make([]string, len(tables))
		for i, t := range tables {
			names[i] = `"` + t.name + `"`
			stmts = append(stmts, fmt.Sprintf(`ALTER TABLE "%s" DISABLE TRIGGER USER`, t.name))
		}
		stmts = append(stmts, "TRUNCATE "+strings.Join(names, ", ")+" RESTART IDENTITY")
		for _, t := range tables {
			stmts = append(stmts, fmt.Sprintf(`ALTER TABLE "%s" ENABLE TRIGGER USER`, t.name))
		}
	} else {
		var triggers []string
		if err := eachRow(ctx, dst, `SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name`, nil, func(r *sql.Rows) error {
			var name, create string
			if err := r.Scan(&name, &create); err != nil {
				return err
			}
			stmts = append(stmts, fmt.Sprintf(`DROP TRIGGER "%s"`, name))
			triggers = append(triggers, create)
			return nil
		}); err != nil {
			return err
		}
		for i := len(tables) - 1; i >= 0; i-- {
			stmts = append(stmts, fmt.Sprintf(`DELETE FROM "%s"`, tables[i].name))
		}
		stmts = append(stmts, triggers...)
	}
	for _, s := range stmts {
		if _, err := dst.ExecContext(ctx, s); err != nil {
			return fmt.Errorf("emptying the database copied to: %w", err)
		}
	}
	return nil
}

// copyBatchParams bounds the parameters of one INSERT of many rows.
const copyBatchParams = 900

// copyRows copies every row of tables from src to dst (each within its
// transaction: src one snapshot, dst one write), then sets dst's identity
// counters past the rows copied, and returns how many rows each table
// holds. dst's tables are empty (clearTables).
func copyRows(ctx context.Context, src *sql.Tx, dst *sql.Tx, dstDialect dialect, tables []copyTable) (map[string]int64, error) {
	counts := map[string]int64{}
	for _, t := range tables {
		n, err := copyTableRows(ctx, src, dst, t)
		if err != nil {
			return nil, fmt.Errorf("copying %s: %w", t.name, err)
		}
		counts[t.name] = n
		if dstDialect.postgres && t.identity != "" {
			if _, err := dst.ExecContext(ctx, fmt.Sprintf(`SELECT setval(pg_get_serial_sequence('%s', '%s'), COALESCE(MAX("%s"), 0) + 1, false) FROM "%s"`,
				t.name, t.identity, t.identity, t.name)); err != nil {
				return nil, fmt.Errorf("the identities of %s: %w", t.name, err)
			}
		}
	}
	return counts, nil
}

func copyTableRows(ctx context.Context, src, dst *sql.Tx, t copyTable) (int64, error) {
	cols := make([]string, len(t.columns))
	for i, c := range t.columns {
		cols[i] = `"` + c + `"`
	}
	colList := strings.Join(cols, ", ")
	perRow := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(cols)), ", ") + ")"
	batch := max(1, copyBatchParams/len(cols))
	rows, err := src.QueryContext(ctx, fmt.Sprintf(`SELECT %s FROM "%s"`, colList, t.name))
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	var (
		n       int64
		pending []any
		inBatch int
	)
	flush := func() error {
		if inBatch == 0 {
			return nil
		}
		values := strings.TrimSuffix(strings.Repeat(perRow+", ", inBatch), ", ")
		if _, err := dst.ExecContext(ctx, fmt.Sprintf(`INSERT INTO "%s" (%s) VALUES %s`, t.name, colList, values), pending...); err != nil {
			return err
		}
		pending, inBatch = pending[:0], 0
		return nil
	}
	row := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range row {
		ptrs[i] = &row[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return n, err
		}
		for _, v := range row {
			if b, ok := v.([]byte); ok { // every column is text or a number
				v = string(b)
			}
			pending = append(pending, v)
		}
		n++
		if inBatch++; inBatch == batch {
			if err := flush(); err != nil {
				return n, err
			}
		}
	}
	if err := rows.Err(); err != nil {
		return n, err
	}
	return n, flush()
}

// countRows returns how many rows each of tables holds, as q sees them.
func countRows(ctx context.Context, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}, tables []copyTable) (map[string]int64, error) {
	out := map[string]int64{}
	for _, t := range tables {
		var n int64
		if err := q.QueryRowContext(ctx, fmt.Sprintf(`SELECT count(*) FROM "%s"`, t.name)).Scan(&n); err != nil {
			return nil, err
		}
		out[t.name] = n
	}
	return out, nil
}

// sameCounts says where two tables' row counts differ ("" where they agree).
func sameCounts(want, got map[string]int64) string {
	var names []string
	for name := range want {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if want[name] != got[name] {
			return fmt.Sprintf("%s holds %d rows in the copy, %d in the original", name, got[name], want[name])
		}
	}
	return ""
}

// copyDatabase copies src's rows (one snapshot, read in srcTx) into dst's
// write transaction, emptying dst first, and checks in that transaction
// that every table holds as many rows as the original. It returns the
// counts.
func copyDatabase(ctx context.Context, srcTx *sql.Tx, srcDialect dialect, dst *tx) (map[string]int64, error) {
	srcTables, err := srcDialect.schemaTables(ctx, srcTx)
	if err != nil {
		return nil, err
	}
	dstTables, err := dst.db.dialect.schemaTables(ctx, dst)
	if err != nil {
		return nil, err
	}
	if err := sameSchema(srcTables, dstTables); err != nil {
		return nil, err
	}
	want, err := countRows(ctx, srcTx, srcTables)
	if err != nil {
		return nil, err
	}
	if err := dst.db.dialect.clearTables(ctx, dst.Tx, dstTables); err != nil {
		return nil, err
	}
	// dstTables' order: each table after those it refers to there.
	copied, err := copyRows(ctx, srcTx, dst.Tx, dst.db.dialect, dstTables)
	if err != nil {
		return nil, err
	}
	if diff := sameCounts(want, copied); diff != "" {
		return nil, cdop.Errorf(cdop.EDAMAGED, "the copy is not whole: %s", diff)
	}
	got, err := countRows(ctx, dst, dstTables)
	if err != nil {
		return nil, err
	}
	if diff := sameCounts(want, got); diff != "" {
		return nil, cdop.Errorf(cdop.EDAMAGED, "the copy is not whole: %s", diff)
	}
	return got, nil
}
