package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"casemanager/internal/pgtest"
)

// The command line on a PostgreSQL server: run when CDOP_TEST_POSTGRES
// names one (tools/pgcluster start gives one; CI always does), each test
// in throwaway databases.

// newServerDB creates a throwaway database on the test server, dropped when
// the test ends, and returns its address; without a server the test is
// skipped (failed in CI). The app's data folder goes to a temp folder.
func newServerDB(t *testing.T) string {
	t.Helper()
	u := pgtest.NewDB(t)
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(home, ".config"))
	return u
}

// mustRun runs a command line that must succeed and returns its output.
func mustRun(t *testing.T, args ...string) string {
	t.Helper()
	code, stdout, stderr := runCLI(t, args...)
	if code != 0 {
		t.Fatalf("cdop %s: exit %d: %s", strings.Join(args, " "), code, stderr)
	}
	return stdout
}

// exportOf exports every case of a database to a file and returns its text.
func exportOf(t *testing.T, db string) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "export.csv")
	mustRun(t, "--db", db, "export", "--full", "-o", out)
	return readFile(t, out)
}

// TestMigrateToAServerAndBackExportsByteIdentical: a panel's SQLite file
// copied to an empty server database, and that copied back to a new file,
// export the same bytes; each copy checks clean; a copy over a database in
// use is refused.
func TestMigrateToAServerAndBackExportsByteIdentical(t *testing.T) {
	server := newServerDB(t)
	file := tempDB(t)
	mustRun(t, "--db", file, "import", exampleCSV)
	mustRun(t, "--db", file, "demo", "--years", "2", "--per-year", "30", "--seed", "3")
	want := exportOf(t, file)

	out := mustRun(t, "--db", file, "migrate", "--to", server)
	if !strings.Contains(out, "(PostgreSQL)") || !strings.Contains(out, "63 cases") || !strings.Contains(out, "audit chain") {
		t.Errorf("migrate said %q", out)
	}
	if got := exportOf(t, server); got != want {
		t.Fatalf("export --full of the server's copy differs from the file's (%d vs %d bytes)", len(got), len(want))
	}
	if out := mustRun(t, "--db", server, "check"); !strings.Contains(out, "no problems") {
		t.Errorf("check of the server's copy: %q", out)
	}

	back := filepath.Join(t.TempDir(), "back.db")
	if out := mustRun(t, "--db", server, "migrate", "--to", back); !strings.Contains(out, "(SQLite)") {
		t.Errorf("migrate back said %q", out)
	}
	if got := exportOf(t, back); got != want {
		t.Fatalf("export --full of the file copied back differs (%d vs %d bytes)", len(got), len(want))
	}
	mustRun(t, "--db", back, "check")

	if code, _, stderr := runCLI(t, "--db", file, "migrate", "--to", server); code != 1 || !strings.Contains(stderr, "already holds") {
		t.Errorf("a copy over a database in use: exit %d, %q; want 1 and the refusal", code, stderr)
	}
	if code, _, _ := runCLI(t, "--db", file, "migrate"); code != 2 {
		t.Errorf("migrate without --to: exit %d, want 2", code)
	}
}

// TestBackupRestoreAndCheckOnAServer: a server's database backs up to a
// checked file with its digest, which the command line reads as any
// database; restoring it undoes later changes, keeping them in a backup
// made first; it restores onto an empty server database, and onto a file.
func TestBackupRestoreAndCheckOnAServer(t *testing.T) {
	server := newServerDB(t)
	mustRun(t, "--db", server, "init")
	mustRun(t, "--db", server, "import", exampleCSV)
	want := exportOf(t, server)
	backup := filepath.Join(t.TempDir(), "server-backup.db")
	mustRun(t, "--db", server, "backup", "-o", backup)
	if _, err := os.Stat(backup + ".sha256"); err != nil {
		t.Fatalf("no digest beside the backup: %v", err)
	}
	// A copy of it is a SQLite case database as any (opening it signs in,
	// which writes: the backup itself stays as it was made).
	look := filepath.Join(t.TempDir(), "look.db")
	if err := os.WriteFile(look, []byte(readFile(t, backup)), 0o600); err != nil {
		t.Fatal(err)
	}
	if out := mustRun(t, "--db", look, "check"); !strings.Contains(out, "no problems") {
		t.Errorf("check of the backup file: %q", out)
	}

	mustRun(t, "--db", server, "demo", "--years", "1", "--per-year", "10")
	changed := exportOf(t, server)
	out := mustRun(t, "--db", server, "restore", backup)
	if !strings.Contains(out, "a backup of it made first:") {
		t.Fatalf("restore said %q, want the backup made first named", out)
	}
	if got := exportOf(t, server); got != want {
		t.Error("after the restore the server's cases are not the backup's")
	}
	before := strings.TrimSpace(out[strings.Index(out, "a backup of it made first:")+len("a backup of it made first:"):])
	mustRun(t, "--db", server, "restore", before)
	if got := exportOf(t, server); got != changed {
		t.Error("the backup made before the restore does not hold the replaced cases")
	}
	mustRun(t, "--db", server, "check")

	empty := newServerDB(t)
	mustRun(t, "--db", empty, "restore", backup)
	if got := exportOf(t, empty); got != want {
		t.Error("restored onto an empty server database, the cases are not the backup's")
	}
	file := filepath.Join(t.TempDir(), "restored.db")
	mustRun(t, "--db", file, "restore", backup)
	if got := exportOf(t, file); got != want {
		t.Error("restored onto a file, the cases are not the backup's")
	}
}
