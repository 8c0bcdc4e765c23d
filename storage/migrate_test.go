package storage_test

import (
	"database/sql"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"casemanager/cdop"
)

// migrationFiles returns the paths of the package's migration files, in version order.
func migrationFiles(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("migrations", "*.sql"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no migration files: %v", err)
	}
	slices.Sort(files)
	return files
}

// migrationVersions returns the versions of every migration, in order.
func migrationVersions(t *testing.T) []int {
	t.Helper()
	var out []int
	for _, f := range migrationFiles(t) {
		prefix, _, _ := strings.Cut(filepath.Base(f), "_")
		v, err := strconv.Atoi(prefix)
		if err != nil {
			t.Fatalf("migration %s: %v", f, err)
		}
		out = append(out, v)
	}
	return out
}

// mustMakeOldDB creates at path a database as a program knowing only the
// migrations up to version upTo left it, from the migration files
// themselves, and returns it opened with database/sql alone.
func mustMakeOldDB(t *testing.T, path string, upTo int) *sql.DB {
	t.Helper()
	raw := rawDB(t, path)
	mustExec(t, raw, `CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)`)
	for i, f := range migrationFiles(t) {
		v := migrationVersions(t)[i]
		if v > upTo {
			break
		}
		script, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		mustExec(t, raw, string(script))
		mustExec(t, raw, `INSERT INTO schema_migrations (version, applied_at) VALUES (?, '2024-01-01T00:00:00.000Z')`, v)
	}
	return raw
}

func mustExec(t *testing.T, db *sql.DB, query string, args ...any) sql.Result {
	t.Helper()
	res, err := db.Exec(query, args...)
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return res
}

// columnsV1 returns the case columns migration 1 created, frozen in
// testdata as that schema had them: an old database is built from what the
// old program knew, never from today's field registry.
func columnsV1(t *testing.T) []string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "cases_columns_v1.txt"))
	if err != nil {
		t.Fatal(err)
	}
	return strings.Fields(string(data))
}

// insertOldCase writes c's fields of migration 1 as an older program stored
// them, created at testNow.
func insertOldCase(t *testing.T, db *sql.DB, c *cdop.Case) {
	t.Helper()
	insertOldCaseWith(t, db, c, columnsV1(t), c.DuplicateKey())
}

// insertOldCaseWith inserts c as an older program would have: the field
// columns named, and dupKey as the duplicate key it kept.
func insertOldCaseWith(t *testing.T, db *sql.DB, c *cdop.Case, columns []string, dupKey string) {
	t.Helper()
	cols := []string{"id", "dup_key", "search_text", "year_of_death", "created_at", "updated_at"}
	search := cdop.FoldName(c.Ref + " " + c.FirstName + " " + c.LastName)
	if c.NHSNumber != "" {
		search += " " + c.NHSNumber
	}
	at := testNow.Format("2006-01-02T15:04:05.000Z")
	args := []any{c.ID, dupKey, search, c.DateOfDeath.Year(), at, at}
	for _, name := range columns {
		v := c.Get(name)
		if name == "nhs_number" {
			v = c.NHSNumber
		}
		cols = append(cols, name)
		if v == "" {
			args = append(args, nil)
		} else {
			args = append(args, v)
		}
	}
	mustExec(t, db, "INSERT INTO cases ("+strings.Join(cols, ", ")+") VALUES (?"+strings.Repeat(", ?", len(cols)-1)+")", args...)
}

// interchangeOnly returns a copy of c with only the fields migration 1 knew.
func interchangeOnly(t *testing.T, c *cdop.Case) *cdop.Case {
	out := cdop.NewCase()
	for _, name := range columnsV1(t) {
		if err := out.Set(name, c.Get(name)); err != nil {
			t.Fatal(err)
		}
	}
	out.ID = c.ID
	return out
}

func TestOpen_Migrates0002DatabaseWithData(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cases.db")
	raw := mustMakeOldDB(t, path, 2)
	closed := interchangeOnly(t, fullCase())
	closed.ID = "0f5c2d7e-5a43-4c1e-9d0a-6b7e1e2c3d01"
	open := interchangeOnly(t, (&caseGen{}).next())
	open.Ref, open.ID = "CDOP-2005-0001", "0f5c2d7e-5a43-4c1e-9d0a-6b7e1e2c3d02"
	insertOldCase(t, raw, closed)
	insertOldCase(t, raw, open)
	oldAudit := []struct {
		id      int
		caseID  string
		action  string
		changes string
	}{
		{7, closed.ID, "import", `[{"field":"case_ref","old":"","new":"CDOP-2024-0042"}]`},
		{8, open.ID, "create", `[{"field":"first_name","old":"","new":"Amelia"}]`},
		{9, closed.ID, "update", `[{"field":"summary","old":"Before.","new":"Found unresponsive in the morning; synthetic summary."}]`},
	}
	for _, a := range oldAudit {
		mustExec(t, raw, `INSERT INTO audit_log (id, at, actor, case_id, action, changes) VALUES (?, '2024-08-01T10:00:00.000Z', 'old.user', ?, ?, ?)`,
			a.id, a.caseID, a.action, a.changes)
	}
	raw.Close()

	db := MustOpenDBAt(t, path, cdop.FixedClock(testNow))
	ctx := ctxAs("new.user")
	if versions, _ := appliedMigrations(t, path); !slices.Equal(versions, migrationVersions(t)) {
		t.Errorf("migrations = %v, want %v", versions, migrationVersions(t))
	}
	if err := db.Check(ctx); err != nil {
		t.Errorf("Check after the migration: %v", err)
	}

	// The cases, as they were, with the flowchart's fields blank.
	for _, want := range []*cdop.Case{closed, open} {
		got, err := db.FindCaseByID(ctx, want.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range diffCases(got, want) {
			t.Errorf("case %s after the migration: %s", want.Ref, d)
		}
	}
	// The audit rows, with their IDs.
	var ids []int
	rows, err := rawDB(t, path).Query(`SELECT id FROM audit_log ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id int
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	rows.Close()
	if want := []int{7, 8, 9}; !slices.Equal(ids, want) {
		t.Errorf("audit row IDs after the migration = %v, want %v", ids, want)
	}
	history, err := db.CaseHistory(ctx, closed.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(history) != 2 || history[0].Action != "import" || history[1].Action != "update" || history[1].Actor != "old.user" ||
		!reflect.DeepEqual(history[1].Changes, []cdop.FieldChange{{Field: "summary", Old: "Before.", New: closed.Summary}}) {
		t.Errorf("history of %s after the migration = %+v", closed.Ref, history)
	}

	// The new columns and tables work on the old data: a flowchart field,
	// the agency directory (audited with no case), a request and a move.
	u, err := db.FindCaseByID(ctx, open.ID)
	if err != nil {
		t.Fatal(err)
	}
	u.FamilyToldCDRMOn = u.DateOfDeath.AddDays(10)
	if err := db.UpdateCase(ctx, u); err != nil {
		t.Fatal(err)
	}
	if err := db.MoveStage(ctx, closed.ID, cdop.StageCDOPReview, "New evidence from the inquest"); err != nil {
		t.Fatal(err)
	}
	// Reopened, the case is held to the rules of now: its meeting, held
	// after a post-mortem, needs the report's date (check lists it until then).
	reopened, err := db.FindCaseByID(ctx, closed.ID)
	if err != nil {
		t.Fatal(err)
	}
	reopened.PostMortemReportReceivedOn = reopened.CDRMOn.AddDays(-14)
	if err := db.UpdateCase(ctx, reopened); err != nil {
		t.Fatal(err)
	}
	agency := &cdop.Agency{Name: "Leeds Teaching Hospitals", Type: "health"}
	if err := db.SaveAgency(ctx, agency); err != nil {
		t.Fatal(err)
	}
	if err := db.SaveRequest(ctx, &cdop.AgencyRequest{CaseID: open.ID, AgencyID: agency.ID, Form: "reporting_form", RequestedOn: testDay}); err != nil {
		t.Fatal(err)
	}
	if err := db.Check(ctx); err != nil {
		t.Errorf("Check after using the migrated database: %v", err)
	}
	history, err = db.CaseHistory(ctx, open.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got := actionsOf(history); !slices.Equal(got, []string{"create", "update", "request"}) {
		t.Errorf("actions of %s = %q, want create, update, request", open.Ref, got)
	}
	if got := nonCaseAudit(t, db); len(got) != 1 || got[0].Action != "agency" {
		t.Errorf("audit rows of no case = %+v, want the agency's", got)
	}
	var notNull int
	if err := rawDB(t, path).QueryRow(`SELECT "notnull" FROM pragma_table_info('audit_log') WHERE name = 'case_id'`).Scan(&notNull); err != nil || notNull != 0 {
		t.Errorf("audit_log.case_id NOT NULL = %d (%v), want nullable", notNull, err)
	}
	var index string
	if err := rawDB(t, path).QueryRow(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'audit_log'`).Scan(&index); err != nil || index != "audit_log_case_id" {
		t.Errorf("audit_log index = %q (%v), want audit_log_case_id", index, err)
	}
}

func TestAuditLog_RefusesCaselessCaseActions(t *testing.T) {
	db := MustOpenDB(t)
	c := fullCase()
	mustCreate(t, db, c)
	raw := rawDB(t, db.Path())
	for _, tc := range []struct {
		caseID any
		action string
	}{
		{nil, "update"},    // an update of no case
		{c.ID, "settings"}, // the settings belong to no case
	} {
		_, err := raw.Exec(`INSERT INTO audit_log (at, actor, case_id, action, changes) VALUES ('2025-01-01T00:00:00.000Z', 'x', ?, ?, '[]')`, tc.caseID, tc.action)
		if err == nil || !strings.Contains(strings.ToLower(err.Error()), "check") {
			t.Errorf("audit row %s of case %v: error %v, want a CHECK failure", tc.action, tc.caseID, err)
		}
	}
}

// TestCasesTableHoldsEveryRegistryField checks that the migrations give the
// cases table one column per field of the registry, of the field's type, so
// a field added to the registry without its migration is caught here.
func TestCasesTableHoldsEveryRegistryField(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cases.db")
	MustOpenDBAt(t, path, cdop.FixedClock(testNow))
	raw := rawDB(t, path)
	rows, err := raw.Query(`SELECT name, type FROM pragma_table_info('cases')`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	got := map[string]string{}
	for rows.Next() {
		var name, typ string
		if err := rows.Scan(&name, &typ); err != nil {
			t.Fatal(err)
		}
		got[name] = typ
	}
	for _, f := range cdop.CaseFields {
		want := "TEXT"
		if f.Integer() {
			want = "INTEGER"
		}
		switch typ, ok := got[f.Name]; {
		case !ok:
			t.Errorf("the cases table has no column %s: add a migration for the new field", f.Name)
		case typ != want:
			t.Errorf("column %s is %s; the field is a %s, stored as %s", f.Name, typ, f.Kind, want)
		}
		delete(got, f.Name)
	}
	for _, own := range []string{"id", "nhs_index", "dup_key", "year_of_death", "change_seq", "listing", "created_at", "updated_at"} {
		delete(got, own)
	}
	for name := range got {
		t.Errorf("the cases table has a column %s that no field of the registry defines", name)
	}
}

// TestOpen_MigratesToTheStatutoryDataset upgrades a database as version 13
// left it: every case keeps every value it had, the statutory dataset's
// columns are blank, and the duplicate keys are renewed to the rules of
// now, so that a neonate notified twice under two first names before the
// upgrade is found and reported.
func TestOpen_MigratesToTheStatutoryDataset(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cases.db")
	raw := mustMakeOldDB(t, path, 13)
	var old []string
	rows, err := raw.Query(`SELECT name FROM pragma_table_info('cases')`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		if _, ok := cdop.FieldNamed(name); ok {
			old = append(old, name)
		}
	}
	rows.Close()
	if slices.Contains(old, "la_aware_on") || !slices.Contains(old, "looked_after") {
		t.Fatalf("version 13's columns: %v", old)
	}
	// What version 13 could hold: its own fields, nothing newer.
	atV13 := func(c *cdop.Case) *cdop.Case {
		out := cdop.NewCase()
		for _, name := range old {
			if err := out.Set(name, c.Get(name)); err != nil {
				t.Fatal(err)
			}
		}
		out.ID, out.Ref = c.ID, c.Ref
		return out
	}
	full := atV13(fullCase())
	full.ID = "0f5c2d7e-5a43-4c1e-9d0a-6b7e1e2c3d11"
	baby := atV13((&caseGen{}).next())
	baby.ID, baby.Ref = "0f5c2d7e-5a43-4c1e-9d0a-6b7e1e2c3d12", "CDOP-2025-0001"
	baby.FirstName, baby.LastName, baby.Sex = "Baby", "Kaczmarek", "female"
	baby.NHSNumber, baby.NHSNumberStatus, baby.Postcode = "", "not_available", "BD3 9LE"
	named := baby.Clone()
	named.ID, named.Ref, named.FirstName = "0f5c2d7e-5a43-4c1e-9d0a-6b7e1e2c3d13", "CDOP-2025-0002", "Oliwia"
	for _, c := range []*cdop.Case{full, baby, named} {
		// The key an older program kept: folded first and last names and the dates.
		oldKey := cdop.FoldName(c.FirstName) + "\x1f" + cdop.FoldName(c.LastName) + "\x1f" + c.DateOfBirth.String() + "\x1f" + c.DateOfDeath.String()
		insertOldCaseWith(t, raw, c, old, oldKey)
	}
	raw.Close()

	db := MustOpenDBAt(t, path, cdop.FixedClock(testNow))
	ctx := ctxAs("coordinator")
	if versions, _ := appliedMigrations(t, path); !slices.Equal(versions, migrationVersions(t)) {
		t.Errorf("migrations = %v, want %v", versions, migrationVersions(t))
	}
	for _, want := range []*cdop.Case{full, baby, named} {
		got, err := db.FindCaseByID(ctx, want.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range diffCases(got, want) {
			t.Errorf("case %s after the migration: %s", want.Ref, d)
		}
		var key string
		if err := rawDB(t, path).QueryRow(`SELECT dup_key FROM cases WHERE id = ?`, want.ID).Scan(&key); err != nil || key != want.DuplicateKey() {
			t.Errorf("case %s: dup_key %q (%v); want the key of now, %q", want.Ref, key, err, want.DuplicateKey())
		}
	}
	dups, err := db.FindDuplicates(ctx, named)
	if err != nil || len(dups) != 1 || dups[0].ID != baby.ID {
		t.Errorf("FindDuplicates of the named neonate = %v, %v; want the Baby's case", dups, err)
	}
	err = db.Check(ctx)
	if err == nil || !strings.Contains(err.Error(), "cases CDOP-2025-0001, CDOP-2025-0002 may be the same child") {
		t.Errorf("Check = %v; want the renamed neonate reported", err)
	}
	if err != nil && (strings.Contains(err.Error(), "Kaczmarek") || strings.Contains(err.Error(), "BD3")) {
		t.Errorf("Check quotes an identifier: %v", err)
	}
}

// In a sealed database the duplicate keys are blind indexes of names only a
// signed-in user's key opens: migration 0016 marks them to be renewed, and
// the next sign-in renews them, so that a look-alike stored before is found.
func TestSignIn_RenewsASealedDatabasesDuplicateKeys(t *testing.T) {
	db := MustOpenDB(t)
	ctx := ctxAs("test")
	baby := newOpenCase(&caseGen{})
	baby.FirstName, baby.LastName, baby.NHSNumber, baby.NHSNumberStatus = "Baby", "Kaczmarek", "", "not_available"
	mustCreate(t, db, baby)
	named := baby.Clone()
	named.ID, named.Ref, named.FirstName, named.DistinctReason = "", "", "Oliwia", "Twin: two births"
	mustCreate(t, db, named)
	probe := named.Clone()
	probe.ID = ""
	if dups, err := db.FindDuplicates(ctx, probe); err != nil || len(dups) != 2 {
		t.Fatalf("before: %d look-alikes (%v); want both", len(dups), err)
	}
	raw := rawDB(t, db.Path())
	// Keys of an older rule (here, none at all), and the mark migration 0016 leaves.
	mustExec(t, raw, `UPDATE cases SET dup_key = NULL`)
	mustExec(t, raw, `INSERT INTO keyring (name, value) VALUES ('renew_dup_keys', '1')`)
	if dups, _ := db.FindDuplicates(ctx, probe); len(dups) != 0 {
		t.Fatalf("with the keys wiped: %d look-alikes", len(dups))
	}
	again := MustSignIn(t, MustOpenDBAt(t, db.Path(), cdop.FixedClock(testNow)))
	if dups, err := again.FindDuplicates(ctx, probe); err != nil || len(dups) != 2 {
		t.Errorf("after the next sign-in: %d look-alikes (%v); want both, found by their renewed keys", len(dups), err)
	}
	var n int
	if err := raw.QueryRow(`SELECT count(*) FROM keyring WHERE name = 'renew_dup_keys'`).Scan(&n); err != nil || n != 0 {
		t.Errorf("the renewal's mark is left: %d (%v)", n, err)
	}
}
