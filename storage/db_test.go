package storage_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"casemanager/cdop"
	"casemanager/outfile"
	"casemanager/storage"
)

// appliedMigrations returns the versions and times recorded in schema_migrations.
func appliedMigrations(t *testing.T, path string) (versions []int, at []string) {
	t.Helper()
	rows, err := rawDB(t, path).Query(`SELECT version, applied_at FROM schema_migrations ORDER BY version`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var v int
		var a string
		if err := rows.Scan(&v, &a); err != nil {
			t.Fatal(err)
		}
		versions, at = append(versions, v), append(at, a)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return versions, at
}

func mustClose(t *testing.T, db *storage.DB) {
	t.Helper()
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestOpen_RefusesAMissingFolder(t *testing.T) {
	path := filepath.Join(t.TempDir(), "mistyped", "cases.db")
	_, err := storage.Open(path, cdop.FixedClock(testNow))
	if err == nil || !strings.Contains(err.Error(), "does not exist") {
		t.Errorf("Open in a missing folder = %v, want a refusal naming it", err)
	}
	if _, err := os.Stat(filepath.Dir(path)); !os.IsNotExist(err) {
		t.Errorf("Open created the missing folder (%v)", err)
	}
}

func TestOpen_CreatesFileAndAppliesMigrations(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cases.db")
	db, err := storage.Open(path, cdop.FixedClock(testNow))
	if err != nil {
		t.Fatal(err)
	}
	mustClose(t, db)
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if perm := info.Mode().Perm(); perm&0o077 != 0 {
		t.Errorf("database file mode = %v, want readable by its owner only", perm)
	}
	versions, at := appliedMigrations(t, path)
	if want := migrationVersions(t); !slices.Equal(versions, want) {
		t.Errorf("applied migrations = %v, want %v", versions, want)
	}
	for _, a := range at {
		if a != "2025-06-02T09:30:00.000Z" {
			t.Errorf("applied_at = %q, want the clock's time in RFC 3339 UTC", a)
		}
	}
	var mode string
	if err := rawDB(t, path).QueryRow(`PRAGMA journal_mode`).Scan(&mode); err != nil || mode != "wal" {
		t.Errorf("journal_mode = %q (%v), want wal", mode, err)
	}
	// Rows of sealed cases take 3–4 KB: a new database's pages hold several.
	var pageSize int
	if err := rawDB(t, path).QueryRow(`PRAGMA page_size`).Scan(&pageSize); err != nil || pageSize != 16384 {
		t.Errorf("page_size = %d (%v), want 16384", pageSize, err)
	}
}

func TestOpen_PathWithURICharacters(t *testing.T) {
	path := filepath.Join(t.TempDir(), "odd #1 ?100%.db")
	db := MustOpenDBAt(t, path, cdop.FixedClock(testNow))
	mustCreate(t, db, fullCase())
	if _, err := os.Stat(path); err != nil {
		t.Errorf("database not at %q: %v", path, err)
	}
}

func TestConcurrentWriters(t *testing.T) {
	// Writers on several pooled connections and on a second handle to the
	// same file wait for each other (BEGIN IMMEDIATE, busy timeout) rather
	// than fail with "database is locked".
	db := MustOpenDB(t)
	other := MustSignIn(t, MustOpenDBAt(t, db.Path(), cdop.FixedClock(testNow)))
	g := &caseGen{}
	batches := [][]*cdop.Case{g.cases(20), g.cases(20), g.cases(20), g.cases(20)}
	done := make(chan error)
	for i, batch := range batches {
		go func() {
			target := db
			if i%2 == 1 {
				target = other
			}
			for _, c := range batch {
				if err := target.CreateCase(context.Background(), c); err != nil {
					done <- err
					return
				}
				if _, err := target.FindCases(context.Background(), cdop.CaseFilter{Search: c.LastName}); err != nil {
					done <- err
					return
				}
			}
			done <- nil
		}()
	}
	for range batches {
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
	cases, err := db.FindCases(context.Background(), cdop.CaseFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) != 80 {
		t.Errorf("%d cases stored, want 80", len(cases))
	}
}

func TestOpen_ReopenKeepsDataAndAppliesNothingTwice(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cases.db")
	db, err := storage.Open(path, cdop.FixedClock(testNow))
	if err != nil {
		t.Fatal(err)
	}
	c := fullCase()
	mustCreate(t, db, c)
	mustClose(t, db)
	_, firstAt := appliedMigrations(t, path)

	db = MustOpenDBAt(t, path, cdop.FixedClock(testNow.Add(24*time.Hour)))
	versions, at := appliedMigrations(t, path)
	if want := migrationVersions(t); !slices.Equal(versions, want) || !slices.Equal(at, firstAt) {
		t.Errorf("after reopening: migrations %v applied at %q; want %v applied at %q", versions, at, want, firstAt)
	}
	got, err := db.FindCaseByID(context.Background(), c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if d := diffCases(got, c); len(d) > 0 {
		t.Errorf("case changed by reopening: %v", d)
	}
}

func TestOpen_AppliesLaterMigrationsToOlderFile(t *testing.T) {
	// A file as a program knowing only migration 1 left it.
	path := filepath.Join(t.TempDir(), "cases.db")
	c := fullCase()
	c.Stage = cdop.StageCDOPReview
	c.ID = "7d1f3c52-0b8e-4a57-9a3e-0c6f1f1b2a01"
	raw := mustMakeOldDB(t, path, 1)
	insertOldCase(t, raw, c)
	raw.Close()

	later := testNow.Add(time.Hour)
	db := MustOpenDBAt(t, path, cdop.FixedClock(later))
	versions, at := appliedMigrations(t, path)
	if want := migrationVersions(t); !slices.Equal(versions, want) {
		t.Fatalf("migrations = %v, want %v", versions, want)
	}
	for i, a := range at[1:] {
		if want := later.Format("2006-01-02T15:04:05.000Z"); a != want {
			t.Errorf("migration %d applied at %q, want %q (now)", versions[i+1], a, want)
		}
	}
	u, err := db.FindCaseByID(context.Background(), c.ID)
	if err != nil {
		t.Fatalf("case lost by the migration: %v", err)
	}
	u.Summary = "After the migration."
	if err := db.UpdateCase(context.Background(), u); err != nil {
		t.Fatal(err)
	}
	if history, err := db.CaseHistory(context.Background(), c.ID); err != nil || len(history) != 1 {
		t.Errorf("history after migration = %+v, %v; want the one update", history, err)
	}
}

func TestOpen_RefusesNewerSchema(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cases.db")
	db, err := storage.Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	mustClose(t, db)
	if _, err := rawDB(t, path).Exec(`INSERT INTO schema_migrations (version, applied_at) VALUES (999, '2030-01-01T00:00:00.000Z')`); err != nil {
		t.Fatal(err)
	}
	if db, err := storage.Open(path, nil); err == nil {
		db.Close()
		t.Fatal("Open accepted a database with a newer schema")
	} else if !strings.Contains(err.Error(), "newer version") || cdop.ErrorCode(err) != cdop.ENEWER {
		t.Errorf("Open error = %v (code %q), want the refusal of a newer version", err, cdop.ErrorCode(err))
	}
}

func TestOpen_RefusesAFileThatIsNotADatabase(t *testing.T) {
	path := filepath.Join(t.TempDir(), "notes.db")
	if err := os.WriteFile(path, []byte(strings.Repeat("Meeting notes, not a database.\n", 200)), 0o600); err != nil {
		t.Fatal(err)
	}
	if db, err := storage.Open(path, nil); err == nil {
		db.Close()
		t.Fatal("Open accepted a text file")
	} else if cdop.ErrorCode(err) != cdop.ENOTDB || !strings.Contains(err.Error(), "not a") {
		t.Errorf("Open error = %v (code %q), want the refusal of a file that is not a database", err, cdop.ErrorCode(err))
	}
	if got, _ := os.ReadFile(path); !strings.HasPrefix(string(got), "Meeting notes") {
		t.Error("Open changed the file it refused")
	}
}

func TestBackup(t *testing.T) {
	db := MustOpenDB(t)
	ctx := context.Background()
	g := &caseGen{}
	mustCreate(t, db, g.cases(25)...)

	dest := filepath.Join(t.TempDir(), "backup.db")
	if err := db.Backup(ctx, dest, outfile.Options{}); err != nil {
		t.Fatal(err)
	}
	if err := db.Backup(ctx, dest, outfile.Options{}); cdop.ErrorCode(err) != cdop.ECONFLICT {
		t.Errorf("second backup to the same file: error %v, want ECONFLICT", err)
	}
	copyDB := MustSignIn(t, MustOpenDBAt(t, dest, cdop.FixedClock(testNow)))
	if err := copyDB.Check(ctx); err != nil {
		t.Errorf("backup fails its check: %v", err)
	}
	want, err := db.FindCases(ctx, cdop.CaseFilter{})
	if err != nil {
		t.Fatal(err)
	}
	got, err := copyDB.FindCases(ctx, cdop.CaseFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Fatalf("backup holds %d cases, want %d", len(got), len(want))
	}
	for i := range want {
		if d := diffCases(got[i], want[i]); len(d) > 0 || got[i].ID != want[i].ID {
			t.Errorf("backup case %s differs: %v", want[i].Ref, d)
		}
	}
	history, err := copyDB.CaseHistory(ctx, want[0].ID)
	if err != nil || len(history) != 1 {
		t.Errorf("backup history = %+v, %v; want the create row", history, err)
	}
}

func TestCheck_ReportsProblems(t *testing.T) {
	db := MustOpenDB(t)
	ctx := context.Background()
	mustCreate(t, db, fullCase())
	if err := db.Check(ctx); err != nil {
		t.Fatalf("Check of a sound database: %v", err)
	}
	// An audit row for a case that does not exist, written with foreign keys off.
	raw := rawDB(t, db.Path())
	mustExecUnchecked(t, raw, `INSERT INTO audit_log (at, actor, case_id, action, changes) VALUES ('2025-01-01T00:00:00.000Z', 'x', 'missing', 'create', '[]')`)
	err := db.Check(ctx)
	if err == nil {
		t.Fatal("Check found no problem with an orphaned audit row")
	}
	if !strings.Contains(err.Error(), "audit_log") || !strings.Contains(err.Error(), "cases") {
		t.Errorf("Check error = %q, want it to name audit_log and cases", err)
	}
}
