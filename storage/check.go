package storage

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"casemanager/cdop"
)

// maxFindings caps how many findings of one kind Check lists.
const maxFindings = 50

// Check checks the database and returns an error (EDAMAGED for damage,
// EINVALID for broken rules) listing every problem found, or nil:
//
//   - SQLite's integrity check (every page, index and constraint); on a
//     server, which keeps its own pages, PostgreSQL's amcheck of every
//     index of the schema where its administrator installed it;
//   - rows of any table that name a case (case_id) that is gone, and other
//     references to missing rows (SQLite's foreign key check; on a server
//     each foreign key's rows, as a superuser may load rows unchecked);
//   - the audit log's triggers, without which it could be changed (on a
//     server, also disabled ones), and its chain of MACs (with a signed-in
//     session's key): a row edited, removed, forged, copied or moved, or
//     the log wiped or cut short;
//   - every sealed value opening at its place (a value altered, or moved
//     to another row, column or table, does not);
//   - the app's own rules, as a program writing behind its back could
//     break them: NHS numbers and deaths recorded twice (the duplicate
//     check), references used twice, every case valid (cdop's rules, a
//     closed case's analysis among them), and a case moved forward in the
//     app holding what the stages of that move need (cdop.MissingFor) and
//     being at the stage its last recorded move took it to.
//
// Messages name cases by reference, never by an identifier.
func (db *DB) Check(ctx context.Context) error {
	_, read := db.pool()
	if read == nil {
		return fmt.Errorf("the database is closed")
	}
	var problems []string
	if db.dialect.postgres {
		found, err := serverIndexProblems(ctx, read)
		if err != nil {
			return fmt.Errorf("index check: %w", err)
		}
		if len(found) > 0 {
			return cdop.Errorf(cdop.EDAMAGED, "the database check found %s:\n%s\n%s", count(len(found), "problem"), strings.Join(found, "\n"), db.restoreAdvice())
		}
	} else {
		found, err := integrityProblems(ctx, read, "integrity_check", maxFindings)
		if err != nil {
			if isDamage(err) {
				return cdop.Errorf(cdop.EDAMAGED, "the database check found it damaged: %s", sqliteMessage(err))
			}
			return fmt.Errorf("integrity check: %w", err)
		}
		if len(found) > 0 {
			db.refuse(fmt.Errorf("SQLite's integrity check: %s", summariseProblems(found)))
			return cdop.Errorf(cdop.EDAMAGED, "the database check found %s:\n%s\n%s", count(len(found), "problem"), strings.Join(found, "\n"), db.restoreAdvice())
		}
	}

	t, err := db.beginRead(ctx)
	if err != nil {
		return err
	}
	defer t.Rollback()
	for _, check := range []func(context.Context, *tx) ([]string, error){
		checkOrphans, checkForeignKeys, checkAuditTriggers, checkAuditChain, checkSealed, checkSealedValues, checkDuplicates, checkReferences, checkCases,
	} {
		found, err := check(ctx, t)
		if err != nil {
			return fmt.Errorf("database check: %w", err)
		}
		problems = append(problems, found...)
	}
	if len(problems) > 0 {
		return cdop.Errorf(cdop.EINVALID, "the database check found %s:\n%s", count(len(problems), "problem"), strings.Join(problems, "\n"))
	}
	return nil
}

// serverIndexProblems runs PostgreSQL's amcheck (bt_index_check) on every
// B-tree index of the schema, when its administrator has installed the
// extension (CREATE EXTENSION amcheck); without it the server's own
// checksums and its administrator's tools are the check of its pages.
func serverIndexProblems(ctx context.Context, q queryer) ([]string, error) {
	var has []string
	if err := eachRow(ctx, q, `SELECT extname::text FROM pg_extension WHERE extname = 'amcheck'`, nil, func(r *sql.Rows) error {
		var name string
		err := r.Scan(&name)
		has = append(has, name)
		return err
	}); err != nil || len(has) == 0 {
		return nil, err
	}
	var indexes []string
	if err := eachRow(ctx, q, `SELECT c.relname::text FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
		JOIN pg_am a ON a.oid = c.relam WHERE a.amname = 'btree' AND c.relnamespace = current_schema()::regnamespace ORDER BY 1`, nil, func(r *sql.Rows) error {
		var name string
		err := r.Scan(&name)
		indexes = append(indexes, name)
		return err
	}); err != nil {
		return nil, err
	}
	var out []string
	for _, index := range indexes {
		if err := eachRow(ctx, q, `SELECT bt_index_check(?::regclass, true)::text`, []any{index}, func(*sql.Rows) error { return nil }); err != nil {
			out = append(out, fmt.Sprintf("the index %s: %v", index, err))
		}
	}
	return out, nil
}

// count writes "1 problem", "3 problems".
func count(n int, unit string) string {
	if n == 1 {
		return "1 " + unit
	}
	return fmt.Sprintf("%d %ss", n, unit)
}

// strings1 collects the first column of a query's rows.
func strings1(ctx context.Context, tx *tx, query string, args ...any) ([]string, error) {
	var out []string
	err := eachRow(ctx, tx, query, args, func(r *sql.Rows) error {
		var s string
		err := r.Scan(&s)
		out = append(out, s)
		return err
	})
	return out, err
}

// checkOrphans finds rows of every table with a case_id whose case is gone.
func checkOrphans(ctx context.Context, tx *tx) ([]string, error) {
	query := `SELECT m.name FROM sqlite_master m JOIN pragma_table_info(m.name) c
		WHERE m.type = 'table' AND c.name = 'case_id' ORDER BY m.name`
	if tx.db.dialect.postgres {
		query = `SELECT table_name::text FROM information_schema.columns
			WHERE table_schema = current_schema() AND column_name = 'case_id' ORDER BY table_name`
	}
	tables, err := strings1(ctx, tx, query)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, table := range tables {
		var n int
		q := fmt.Sprintf(`SELECT count(*) FROM "%s" WHERE case_id IS NOT NULL AND case_id NOT IN (SELECT id FROM cases)`, table)
		if err := tx.QueryRowContext(ctx, q).Scan(&n); err != nil {
			return nil, err
		}
		if n > 0 {
			out = append(out, fmt.Sprintf("%s of %s refer to a case missing from cases", count(n, "row"), table))
		}
	}
	return out, nil
}

// checkForeignKeys runs SQLite's foreign key check for references other
// than to cases (checkOrphans counts those).
func checkForeignKeys(ctx context.Context, tx *tx) ([]string, error) {
	if tx.db.dialect.postgres {
		return checkServerForeignKeys(ctx, tx)
	}
	var out []string
	err := eachRow(ctx, tx, `PRAGMA foreign_key_check`, nil, func(r *sql.Rows) error {
		var table, parent string
		var rowid sql.NullInt64
		var fkid int
		if err := r.Scan(&table, &rowid, &parent, &fkid); err != nil {
			return err
		}
		if parent != "cases" && len(out) < maxFindings {
			out = append(out, fmt.Sprintf("%s row %d refers to a missing row of %s", table, rowid.Int64, parent))
		}
		return nil
	})
	return out, err
}

// checkServerForeignKeys counts, for each foreign key of the schema other
// than to cases (checkOrphans counts those), the rows naming a missing row:
// the server enforces them, but a superuser may load rows without it.
func checkServerForeignKeys(ctx context.Context, tx *tx) ([]string, error) {
	type key struct{ table, column, parent, parentColumn string }
	var keys []key
	if err := eachRow(ctx, tx, `SELECT child.relname::text, ca.attname::text, parent.relname::text, pa.attname::text
		FROM pg_constraint c
		JOIN pg_class child ON child.oid = c.conrelid JOIN pg_class parent ON parent.oid = c.confrelid
		JOIN pg_attribute ca ON ca.attrelid = c.conrelid AND ca.attnum = c.conkey[1]
		JOIN pg_attribute pa ON pa.attrelid = c.confrelid AND pa.attnum = c.confkey[1]
		WHERE c.contype = 'f' AND cardinality(c.conkey) = 1 AND child.relnamespace = current_schema()::regnamespace
		ORDER BY 1, 2`, nil, func(r *sql.Rows) error {
		var k key
		err := r.Scan(&k.table, &k.column, &k.parent, &k.parentColumn)
		keys = append(keys, k)
		return err
	}); err != nil {
		return nil, err
	}
	var out []string
	for _, k := range keys {
		if k.parent == "cases" {
			continue
		}
		var n int
		q := fmt.Sprintf(`SELECT count(*) FROM "%s" c WHERE c."%s" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "%s" p WHERE p."%s" = c."%s")`,
			k.table, k.column, k.parent, k.parentColumn, k.column)
		if err := tx.QueryRowContext(ctx, q).Scan(&n); err != nil {
			return nil, err
		}
		if n > 0 {
			out = append(out, fmt.Sprintf("%s of %s refer to a missing row of %s", count(n, "row"), k.table, k.parent))
		}
	}
	return out, nil
}

// checkAuditTriggers finds the audit log's triggers missing: it is
// append-only only while they stand.
func checkAuditTriggers(ctx context.Context, tx *tx) ([]string, error) {
	var out []string
	triggers := []string{"audit_log_no_update", "audit_log_no_delete"}
	query := `SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name = ? AND tbl_name = 'audit_log'`
	if tx.db.dialect.postgres {
		triggers = append(triggers, "audit_log_no_truncate")
		query = `SELECT count(*) FROM pg_trigger WHERE tgrelid = 'audit_log'::regclass AND tgname = ? AND tgenabled <> 'D'`
	}
	for _, trigger := range triggers {
		var n int
		if err := tx.QueryRowContext(ctx, query, trigger).Scan(&n); err != nil {
			return nil, err
		}
		if n == 0 {
			out = append(out, fmt.Sprintf("the audit log's trigger %s is missing or disabled: the audit log could have been changed outside the app", trigger))
		}
	}
	return out, nil
}

// checkDuplicates finds deaths recorded twice, as cdop's rules refuse
// them: the same NHS number (its blind index, so a value that no longer
// decrypts still counts), and a possible duplicate — the same surname,
// dates and sex with no NHS number to tell them apart, that nobody has
// confirmed to be a different child (cdop.Case.Compare, over the cases
// sharing a duplicate key). A voided notification is the duplicate of
// nothing; twins with their own NHS numbers are no finding.
func checkDuplicates(ctx context.Context, tx *tx) ([]string, error) {
	var out []string
	groups, err := strings1(ctx, tx, fmt.Sprintf(`SELECT %s FROM (SELECT case_ref, nhs_index FROM cases
		WHERE nhs_index IS NOT NULL AND nhs_index <> '' AND voided_reason IS NULL ORDER BY case_ref) AS c
		GROUP BY nhs_index HAVING count(*) > 1 LIMIT %d`, tx.db.dialect.refList(), maxFindings))
	if err != nil {
		return nil, err
	}
	for _, g := range groups {
		out = append(out, fmt.Sprintf("cases %s have the same NHS number: the app records each death once", g))
	}
	keys, err := strings1(ctx, tx, `SELECT dup_key FROM cases WHERE dup_key IS NOT NULL AND dup_key <> ''
		GROUP BY dup_key HAVING count(*) > 1 ORDER BY min(case_ref)`)
	if err != nil {
		return nil, err
	}
	r, err := tx.rest(ctx)
	if err != nil && len(keys) > 0 {
		return nil, err
	}
	scan := newCaseScanner(r)
	for _, key := range keys {
		if len(out) >= maxFindings {
			break
		}
		x := cdop.NewDuplicateIndex()
		var refs []string
		err := eachRow(ctx, tx, caseSelect+" WHERE dup_key = ? ORDER BY case_ref", []any{key}, func(rows *sql.Rows) error {
			c, err := scan.scan(rows)
			if cdop.ErrorCode(err) == cdop.EDAMAGED {
				return nil // checkCases reports a case whose values do not decrypt
			} else if err != nil {
				return err
			}
			c = cdop.LookupForm(c)
			d, earlier, found := x.Add(len(refs), c)
			refs = append(refs, c.Ref)
			if !found {
				return nil
			}
			if m := c.Compare(d); m.Likeness == cdop.PossibleDuplicate {
				out = append(out, fmt.Sprintf("cases %s, %s may be the same child (%s): merge them, or confirm the later is a different child with a reason", refs[earlier], c.Ref, m.Reason))
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// checkReferences finds case references used more than once (ignoring case).
func checkReferences(ctx context.Context, tx *tx) ([]string, error) {
	groups, err := strings1(ctx, tx, fmt.Sprintf(`SELECT %s FROM cases GROUP BY %s
		HAVING count(*) > 1 LIMIT %d`, tx.db.dialect.refList(), tx.db.dialect.refGroup(), maxFindings))
	if err != nil {
		return nil, err
	}
	var out []string
	for _, g := range groups {
		out = append(out, fmt.Sprintf("the case reference %s is used by more than one case", g))
	}
	return out, nil
}

// checkCases checks every case against cdop's rules, and every case moved
// forward in the app against what its stage needs.
func checkCases(ctx context.Context, tx *tx) ([]string, error) {
	type move struct{ from, to cdop.Stage }
	last := map[string]move{}
	if err := eachRow(ctx, tx, `SELECT case_id, from_stage, to_stage FROM stage_moves ORDER BY at, id`, nil, func(r *sql.Rows) error {
		var id, from, to string
		err := r.Scan(&id, &from, &to)
		last[id] = move{cdop.Stage(from), cdop.Stage(to)}
		return err
	}); err != nil {
		return nil, err
	}
	var out []string
	add := func(format string, args ...any) {
		if len(out) < maxFindings {
			out = append(out, fmt.Sprintf(format, args...))
		}
	}
	if _, err := tx.rest(ctx); cdop.ErrorCode(err) == cdop.EUNAUTHENTICATED {
		return []string{"the cases were not checked against the app's rules: their identifiers are encrypted; sign in as an administrator to check them"}, nil
	}
	err := eachCaseIn(ctx, tx, func(c *cdop.Case, damage error) error {
		if damage != nil {
			add("case %s: %s", c.Ref, cdop.ErrorMessage(damage))
			return nil
		}
		scrub := cdop.IdentifierScrubber(c)
		if err := c.ValidateOn(tx.today); err != nil {
			if v, ok := cdop.AsValidationErrors(err); ok {
				for _, e := range v {
					add("case %s: %s: %s", c.Ref, e.Field, scrub(e.Message))
				}
			} else {
				add("case %s: %s", c.Ref, scrub(err.Error()))
			}
		}
		if err := c.CDRMHeldTooEarly(tx.today); err != nil {
			add("case %s: %s", c.Ref, scrub(err.Error()))
		}
		m, moved := last[c.ID]
		switch {
		case !moved:
			return nil // imported at its stage: held to the rules above only
		case m.to != c.Stage:
			add("case %s: its stage is %s, but its last recorded move took it to %s", c.Ref, c.Stage, m.to)
			return nil
		case cdop.StageIndex(m.to) < cdop.StageIndex(m.from):
			return nil // moved back: it needs again what the stages ahead need
		}
		// Moved forward in the app: it had what the stages it moved
		// through need (the move checked them), and an edit cannot take
		// that away. The agency requests are not held to it: more may be
		// made later (a supplementary form).
		probe := *c
		probe.Stage = m.from
		for _, r := range cdop.MissingFor(&cdop.CaseFile{Case: &probe}, c.Stage) {
			if r.Field != "" {
				add("case %s: at %s but lacks %s, which %s needs", c.Ref, c.Stage.Label(), r.Message, r.Stage.Label())
			}
		}
		return nil
	})
	return out, err
}

// eachCaseIn calls fn with every case, read one at a time in tx; a case
// whose sealed values do not open is given with its ID and reference only,
// and the damage (EDAMAGED).
func eachCaseIn(ctx context.Context, tx *tx, fn func(*cdop.Case, error) error) error {
	r, err := tx.rest(ctx)
	if err != nil {
		return err
	}
	scan := newCaseScanner(r)
	refAt := slices.Index(fieldColumns, "case_ref")
	return eachRow(ctx, tx, caseSelect+" ORDER BY case_ref", nil, func(rows *sql.Rows) error {
		c, err := scan.scan(rows)
		if cdop.ErrorCode(err) == cdop.EDAMAGED {
			c = cdop.NewCase()
			c.ID, c.Ref = scan.id, scan.fields[refAt].String
			return fn(c, err)
		} else if err != nil {
			return err
		}
		return fn(c, nil)
	})
}

// checkSealed reports a database with accounts whose identifiers are not yet
// encrypted, or whose free pages still hold them in clear (a sealing that
// could not finish: see seal.go).
func checkSealed(ctx context.Context, tx *tx) ([]string, error) {
	var users int
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM users").Scan(&users); err != nil || users == 0 {
		return nil, err
	}
	keyID, err := sealedKeyID(ctx, tx)
	if err != nil {
		return nil, err
	}
	if keyID == "" {
		return []string{"the database's identifiers are not encrypted yet: an administrator's next sign-in encrypts them"}, nil
	}
	var pending int
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM keyring WHERE name = ?", wipePendingKey).Scan(&pending); err != nil {
		return nil, err
	}
	if pending > 0 {
		return []string{"the free space of the database may still hold identifiers from before they were encrypted: an administrator's next sign-in wipes it"}, nil
	}
	return nil, nil
}

// checkSealedValues opens every sealed value at its place: the cases'
// fields (checkCases reports those, as it reads each case), the free text
// of the records beside them, and the audit rows' changes. A value altered,
// or moved to another row, column or table (by hand, or by a copy that
// did not keep the rows' keys), does not open.
func checkSealedValues(ctx context.Context, tx *tx) ([]string, error) {
	r, err := tx.rest(ctx)
	if cdop.ErrorCode(err) == cdop.EUNAUTHENTICATED {
		return nil, nil // checkCases says the values were not checked
	} else if err != nil || !r.sealed {
		return nil, err
	}
	var out []string
	for _, rc := range sealedRecordColumns {
		bad := 0
		q := fmt.Sprintf(`SELECT CAST(%s AS TEXT), %s FROM %s WHERE %s IS NOT NULL AND %s <> ''`, rc.keyExpr(), rc.column, rc.table, rc.column, rc.column)
		if err := eachRow(ctx, tx, q, nil, func(rows *sql.Rows) error {
			var key, stored string
			if err := rows.Scan(&key, &stored); err != nil {
				return err
			}
			if _, err := r.open(stored, rc.place(key)...); err != nil {
				bad++
			}
			return nil
		}); err != nil {
			return nil, err
		}
		if bad > 0 {
			out = append(out, fmt.Sprintf("%s of %s's %s do not decrypt: altered, or moved from another row, outside the app", count(bad, "value"), rc.table, rc.column))
		}
	}
	bad := 0
	if err := eachRow(ctx, tx, `SELECT at, actor, coalesce(case_id, ''), action, changes FROM audit_log ORDER BY id`, nil, func(rows *sql.Rows) error {
		var at, actor, caseID, action, changes string
		if err := rows.Scan(&at, &actor, &caseID, &action, &changes); err != nil {
			return err
		}
		if _, err := openChanges(r.cipher, changes, auditPlace(at, actor, caseID, action)...); err != nil {
			bad++
		}
		return nil
	}); err != nil {
		return nil, err
	}
	if bad > 0 {
		out = append(out, fmt.Sprintf("the changes of %s of the audit log do not decrypt: altered, or moved from another row, outside the app", count(bad, "row")))
	}
	return out, nil
}
