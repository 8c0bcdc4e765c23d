package main

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// everyCommand is every command reading or writing a database, with
// arguments that would succeed on a demo database; -o files go to dir.
func everyCommand(dir string) [][]string {
	return [][]string{
		{"import", exampleCSV},
		{"export", "--full", "-o", filepath.Join(dir, "full.csv")},
		{"cases"},
		{"due"},
		{"summary", "CDOP-2025-0001", "-o", filepath.Join(dir, "s.pdf")},
		{"pack", "1", "-o", filepath.Join(dir, "p.pdf")},
		{"report", "--from", "2024-01-01", "--to", "2024-12-31", "-o", filepath.Join(dir, "r.pdf")},
		{"extract", "--unlinkable", "-o", filepath.Join(dir, "e.csv")},
		{"backup", "-o", filepath.Join(dir, "b.db")},
		{"restore", filepath.Join(dir, "b.db")},
		{"check"},
	}
}

func TestCommandsOtherThanInitAndDemoRefuseAMissingDatabase(t *testing.T) {
	extractEnv(t)
	out := t.TempDir()
	for _, cmd := range everyCommand(out) {
		if cmd[0] == "restore" {
			continue // restoring into a missing file makes it: see TestBackupAndRestoreEndToEnd
		}
		db := filepath.Join(t.TempDir(), "mistyped.db")
		code, _, stderr := runCLI(t, append([]string{"--db", db}, cmd...)...)
		want := "cdop " + cmd[0] + ": there is no database at " + db + "; check the path (cdop init creates a new one)\n"
		if code != 1 || stderr != want {
			t.Errorf("cdop %s on a missing database: exit %d, stderr %q; want 1 and %q", cmd[0], code, stderr, want)
		}
		if _, err := os.Stat(db); !os.IsNotExist(err) {
			t.Errorf("cdop %s created the missing database", cmd[0])
		}
	}
	if entries, _ := os.ReadDir(out); len(entries) != 0 {
		t.Errorf("refused commands wrote %v", entries)
	}
	for _, cmd := range []string{"init", "demo"} {
		db := filepath.Join(t.TempDir(), "new.db")
		if code, _, stderr := runCLI(t, "--db", db, cmd); code != 0 {
			t.Errorf("cdop %s on a new file: exit %d, %s", cmd, code, stderr)
		}
	}
}

func TestEveryCommandRefusesAnotherProgramsDatabaseWithoutTouchingIt(t *testing.T) {
	extractEnv(t)
	db := filepath.Join(t.TempDir(), "accounts.db")
	raw, err := sql.Open("sqlite3", db)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(`CREATE TABLE ledger (id INTEGER PRIMARY KEY, amount REAL); INSERT INTO ledger (amount) VALUES (1.5)`); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	before := fileDigest(t, db)
	out := t.TempDir()
	for _, cmd := range append(everyCommand(out), []string{"init"}, []string{"demo"}) {
		if cmd[0] == "restore" {
			continue // the backup named does not exist: a different refusal
		}
		code, _, stderr := runCLI(t, append([]string{"--db", db}, cmd...)...)
		if code != 1 || !strings.Contains(stderr, db+" is not a CDOP case database (it belongs to another program); it is left as it is") {
			t.Errorf("cdop %s on another program's database: exit %d, stderr %q", cmd[0], code, stderr)
		}
	}
	if fileDigest(t, db) != before {
		t.Error("another program's database was changed")
	}
	if entries, _ := os.ReadDir(filepath.Dir(db)); len(entries) != 1 {
		t.Errorf("files appeared beside it: %v", entries)
	}
}

func TestBackupAndRestoreEndToEnd(t *testing.T) {
	db := tempDB(t)
	if code, _, stderr := runCLI(t, "--db", db, "import", exampleCSV); code != 0 {
		t.Fatalf("import: %s", stderr)
	}
	dir := t.TempDir()
	backup := filepath.Join(dir, "monday.db")
	code, stdout, stderr := runCLI(t, "--db", db, "backup", "-o", backup)
	if code != 0 || !strings.Contains(stdout, "backed up "+db+" to "+backup+" (checked; its SHA-256 digest is in "+backup+".sha256)") {
		t.Fatalf("backup: exit %d, %s %s", code, stdout, stderr)
	}
	if code, _, stderr := runCLI(t, "--db", db, "demo", "--years", "1", "--per-year", "10"); code != 0 {
		t.Fatalf("demo: %s", stderr)
	}

	code, stdout, stderr = runCLI(t, "--db", db, "restore", backup)
	if code != 0 {
		t.Fatalf("restore: exit %d: %s", code, stderr)
	}
	for _, want := range []string{"restored " + backup, "3 cases", "as " + db, "the database it replaced is kept as " + db + ".replaced-", "a backup of it made first: " + filepath.Join(filepath.Dir(db), "backups")} {
		if !strings.Contains(stdout, want) {
			t.Errorf("restore does not say %q:\n%s", want, stdout)
		}
	}
	_, list, _ := runCLI(t, "--db", db, "cases", "--format", "csv")
	if n := strings.Count(list, "\n"); n != 4 {
		t.Errorf("after the restore %d lines of cases, want header + 3", n)
	}

	// A backup changed since it was made is refused, and nothing replaced.
	b, _ := os.ReadFile(backup)
	b[len(b)-1] ^= 0xff
	os.WriteFile(backup, b, 0o600)
	code, _, stderr = runCLI(t, "--db", db, "restore", backup)
	if code != 1 || !strings.Contains(stderr, "does not match its digest") {
		t.Errorf("restoring a changed backup: exit %d, %s", code, stderr)
	}

	// A lost database is restored from its backup.
	good := filepath.Join(dir, "good.db")
	runCLI(t, "--db", db, "backup", "-o", good)
	lost := filepath.Join(t.TempDir(), "lost.db")
	if code, stdout, stderr := runCLI(t, "--db", lost, "restore", good); code != 0 || strings.Contains(stdout, "kept as") {
		t.Errorf("restoring a lost database: exit %d, %s %s", code, stdout, stderr)
	}
	if code, stdout, _ := runCLI(t, "--db", lost, "check"); code != 0 {
		t.Errorf("check of the restored database: %s", stdout)
	}
}

func TestCheckReportsTheAppsRulesWithExitOne(t *testing.T) {
	db := tempDB(t)
	if code, _, stderr := runCLI(t, "--db", db, "import", exampleCSV); code != 0 {
		t.Fatalf("import: %s", stderr)
	}
	if code, stdout, _ := runCLI(t, "--db", db, "check"); code != 0 || !strings.HasPrefix(stdout, db+": no problems found\naudit chain: ") {
		t.Fatalf("check of a sound database: exit %d, %q", code, stdout)
	}
	// A duplicate NHS number written behind the app's back: the sealed
	// number and its blind index copied from another case.
	raw, err := sql.Open("sqlite3", db)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(`UPDATE cases SET nhs_number = (SELECT nhs_number FROM cases WHERE case_ref = 'CDOP-2025-0001'),
		nhs_index = (SELECT nhs_index FROM cases WHERE case_ref = 'CDOP-2025-0001') WHERE case_ref = 'CDOP-2025-0002'`); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	code, _, stderr := runCLI(t, "--db", db, "check")
	if code != 1 || !strings.Contains(stderr, "cases CDOP-2025-0001, CDOP-2025-0002 have the same NHS number") || strings.Contains(stderr, "999 000 0018") || strings.Contains(stderr, "9990000018") {
		t.Errorf("check with a duplicate NHS number: exit %d, %s", code, stderr)
	}
}

// holdWriteLock takes the database's write lock from another connection,
// as another user saving does, until release is called.
func holdWriteLock(t *testing.T, db string) (release func()) {
	t.Helper()
	raw, err := sql.Open("sqlite3", db)
	if err != nil {
		t.Fatal(err)
	}
	conn, err := raw.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conn.ExecContext(context.Background(), `BEGIN IMMEDIATE`); err != nil {
		t.Fatal(err)
	}
	return func() {
		conn.ExecContext(context.Background(), `COMMIT`)
		conn.Close()
		raw.Close()
	}
}

func TestASecondWriterSaysItIsWaitingOnceAndGoesOn(t *testing.T) {
	db := tempDB(t)
	release := holdWriteLock(t, db)
	go func() {
		time.Sleep(1500 * time.Millisecond)
		release()
	}()
	code, stdout, stderr := runCLI(t, "--db", db, "import", exampleCSV)
	if code != 0 || !strings.Contains(stdout, "imported 3 cases") {
		t.Fatalf("import behind another writer: exit %d, %s %s", code, stdout, stderr)
	}
	if stderr != "cdop: another user or program is saving — waiting\n" {
		t.Errorf("stderr %q, want the waiting line once", stderr)
	}
}

func TestAWriterGivesUpAfterTheTimeoutNamingTheDatabase(t *testing.T) {
	db := tempDB(t)
	testBusyTimeout = 700 * time.Millisecond
	t.Cleanup(func() { testBusyTimeout = 0 })
	release := holdWriteLock(t, db)
	defer release()
	code, _, stderr := runCLI(t, "--db", db, "import", exampleCSV)
	if code != 1 || !strings.Contains(stderr, "cdop: another user or program is saving — waiting\n") ||
		!strings.Contains(stderr, "the database "+db+" is locked: another user or program has been saving for more than 1 second, so nothing was saved; try again when it has finished") {
		t.Errorf("import behind a writer that never finishes: exit %d, %q", code, stderr)
	}
}

func TestAnExtractRecordsItselfBeforeItsWorkSoALockCostsNoWork(t *testing.T) {
	extractEnv(t)
	db := tempDB(t)
	if code, _, stderr := runCLI(t, "--db", db, "demo", "--years", "1", "--per-year", "30"); code != 0 {
		t.Fatalf("demo: %s", stderr)
	}
	out := filepath.Join(t.TempDir(), "e.csv")

	// Another writer holds the lock throughout: refused before any work.
	testBusyTimeout = 500 * time.Millisecond
	t.Cleanup(func() { testBusyTimeout = 0 })
	release := holdWriteLock(t, db)
	code, stdout, stderr := runCLI(t, "--db", db, "extract", "-o", out)
	release()
	if code != 1 || !strings.Contains(stderr, "is locked") || stdout != "" {
		t.Errorf("an extract behind a writer that never finishes: exit %d, %q %q", code, stdout, stderr)
	}
	if entries, _ := os.ReadDir(filepath.Dir(out)); len(entries) != 0 {
		t.Errorf("the refused extract left %v", entries)
	}

	// Another writer finishes: the extract waits, then does its work.
	testBusyTimeout = 0
	release = holdWriteLock(t, db)
	go func() {
		time.Sleep(time.Second)
		release()
	}()
	code, stdout, stderr = runCLI(t, "--db", db, "extract", "-o", out)
	if code != 0 || !strings.Contains(stdout, fmt.Sprintf("%d rows", countedCases(t, db))) || !strings.Contains(stderr, "waiting") {
		t.Errorf("an extract behind a writer: exit %d, %q %q", code, stdout, stderr)
	}
	raw, err := sql.Open("sqlite3", db)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var begun, saved int
	raw.QueryRow(`SELECT count(*) FROM audit_log WHERE action = 'extract_begun'`).Scan(&begun)
	raw.QueryRow(`SELECT count(*) FROM audit_log WHERE action = 'extract'`).Scan(&saved)
	if begun != 1 || saved != 1 {
		t.Errorf("audit rows: %d extracts begun, %d saved; want 1 and 1 (the refused one never began)", begun, saved)
	}
}
