package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"casemanager/cdop"
	"casemanager/storage"
)

// as runs the command line signed in as name with password.
func as(t *testing.T, name, password string, args ...string) (int, string, string) {
	t.Helper()
	t.Setenv("CDOP_USER", name)
	t.Setenv("CDOP_PASSWORD", password)
	return runCLI(t, args...)
}

// addUser adds an account as the test administrator.
func addUser(t *testing.T, db, name, roles, password string) {
	t.Helper()
	t.Setenv("CDOP_NEW_PASSWORD", password)
	if code, _, stderr := runCLI(t, "--db", db, "users", "add", name, "--roles", roles); code != 0 {
		t.Fatalf("users add %s: exit %d: %s", name, code, stderr)
	}
}

// auditRows returns the database's audit rows as "actor action" lines.
func auditRows(t *testing.T, path string) string {
	t.Helper()
	db, err := storage.Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	lines, err := db.AuditLines(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return strings.Join(lines, "\n")
}

func TestInitMakesTheAdministratorAndPrintsTheRecoveryKeyOnce(t *testing.T) {
	path := filepath.Join(t.TempDir(), "new.db")
	t.Setenv("CDOP_PASSWORD", "")
	if code, _, stderr := runCLI(t, "--db", path, "init"); code != exitDenied || !strings.Contains(stderr, "CDOP_PASSWORD") {
		t.Fatalf("init without a password: exit %d, %q; want 3 naming CDOP_PASSWORD", code, stderr)
	}
	t.Setenv("CDOP_PASSWORD", "too short")
	if code, _, stderr := runCLI(t, "--db", path, "init"); code != exitData || !strings.Contains(stderr, "at least 12") {
		t.Fatalf("init with a short password: exit %d, %q", code, stderr)
	}
	t.Setenv("CDOP_PASSWORD", testPassword)
	code, stdout, stderr := runCLI(t, "--db", path, "init")
	if code != 0 || !strings.Contains(stdout, "Recovery key") || !strings.Contains(stdout, testUser) {
		t.Fatalf("init: exit %d, %q, %q", code, stdout, stderr)
	}
	if strings.Contains(stdout+stderr, testPassword) {
		t.Error("init printed the password")
	}
	code, again, _ := runCLI(t, "--db", path, "init")
	if code != 0 || strings.Contains(again, "Recovery key") {
		t.Errorf("a second init: exit %d, %q; want no new recovery key", code, again)
	}
}

// TestEveryCommandSignsInAndChecksRoles runs each command as each role
// alone, and with missing, unknown and wrong credentials: a refusal exits
// with status 3, one line, writes no output file, and is audited.
func TestEveryCommandSignsInAndChecksRoles(t *testing.T) {
	db := tempDB(t)
	if code, _, stderr := runCLI(t, "--db", db, "demo", "--years", "1", "--per-year", "12", "--seed", "3"); code != 0 {
		t.Fatalf("demo: %s", stderr)
	}
	roles := []cdop.Role{cdop.RoleCoordinator, cdop.RolePanel, cdop.RoleDataLead, cdop.RoleAdmin}
	for _, r := range roles {
		addUser(t, db, string(r)+" user", string(r), string(r)+" long password")
	}
	dir := t.TempDir()
	out := func(name string) string { return filepath.Join(dir, name) }
	commands := []struct {
		args   []string
		action cdop.Action
		output string // a file the command writes, "" for none
	}{
		{[]string{"cases"}, cdop.ActViewCases, ""},
		{[]string{"due"}, cdop.ActViewCases, ""},
		{[]string{"export", "--full", "-o", out("all.csv")}, cdop.ActExportFull, out("all.csv")},
		{[]string{"import", exampleCSV}, cdop.ActImport, ""},
		{[]string{"summary", "CDOP-2026-0001", "-o", out("s.pdf")}, cdop.ActSummary, out("s.pdf")},
		{[]string{"summary", "CDOP-2026-0001", "--anonymised", "-o", out("a.pdf")}, cdop.ActAnonymisedCase, out("a.pdf")},
		{[]string{"ncmd", "export", "CDOP-2026-0001", "-o", out("n.pdf")}, cdop.ActExportFull, out("n.pdf")},
		{[]string{"extract", "-o", out("e.csv"), "--k", "2"}, cdop.ActExtract, out("e.csv")},
		{[]string{"report", "--from", "2026-01-01", "--to", "2026-12-31", "-o", out("r.pdf")}, cdop.ActAnnualReport, out("r.pdf")},
		{[]string{"backup", "-o", out("b.db")}, cdop.ActBackup, out("b.db")},
		{[]string{"check"}, cdop.ActCheck, ""},
		{[]string{"users", "list"}, cdop.ActUsers, ""},
		{[]string{"audit"}, cdop.ActAudit, ""},
	}
	keyDir := t.TempDir()
	t.Setenv("CDOP_PSEUDONYM_KEY", filepath.Join(keyDir, "pseudonym.key"))
	for _, c := range commands {
		args := append([]string{"--db", db}, c.args...)
		for _, r := range roles {
			user := &cdop.User{Name: string(r) + " user", Roles: []cdop.Role{r}}
			code, _, stderr := as(t, user.Name, string(r)+" long password", args...)
			allowed := user.Can(c.action)
			if allowed && code == exitDenied {
				t.Errorf("%s as %s: refused: %s", c.args[0], r, stderr)
			}
			if !allowed {
				if code != exitDenied || strings.Count(strings.TrimSpace(stderr), "\n") != 0 || !strings.Contains(stderr, "role") {
					t.Errorf("%v as %s: exit %d, %q; want 3 and one line naming the role", c.args, r, code, stderr)
				}
				if c.output != "" {
					if _, err := os.Stat(c.output); err == nil {
						t.Errorf("%v as %s: refused, yet wrote %s", c.args, r, c.output)
					}
				}
			}
			if c.output != "" {
				os.Remove(c.output)
				os.Remove(strings.TrimSuffix(c.output, ".csv") + ".manifest.json")
			}
		}
		for _, bad := range []struct{ what, name, password string }{
			{"no user", "", ""},
			{"an unknown user", "Mallory", "whatever password"},
			{"a wrong password", "coordinator user", "not the password!"},
		} {
			code, stdout, stderr := as(t, bad.name, bad.password, args...)
			if code != exitDenied || stdout != "" {
				t.Errorf("%v with %s: exit %d, stdout %q, stderr %q; want 3 and nothing written", c.args, bad.what, code, stdout, stderr)
			}
		}
	}
	audit := auditRows(t, db)
	for _, want := range []string{"panel user refused", "(no user given) refused", "sign_in_failed", "coordinator user sign_in"} {
		if !strings.Contains(audit, want) {
			t.Errorf("the audit trail has no %q", want)
		}
	}
	if strings.Contains(audit, "Mallory") {
		t.Error("the audit trail names an unknown user (it may be a password typed in the wrong place)")
	}
}

func TestUsersAndPasswdCommands(t *testing.T) {
	db := tempDB(t)
	addUser(t, db, "Sam", "coordinator,data_lead", "sam's long password")
	code, stdout, _ := runCLI(t, "--db", db, "users", "list")
	if code != 0 || !strings.Contains(stdout, "Sam") || !strings.Contains(stdout, "coordinator,data_lead") {
		t.Fatalf("users list: %d %q", code, stdout)
	}
	t.Setenv("CDOP_NEW_PASSWORD", "sam's newer password")
	if code, _, stderr := as(t, "Sam", "sam's long password", "--db", db, "passwd"); code != 0 {
		t.Fatalf("passwd: %s", stderr)
	}
	if code, _, _ := as(t, "Sam", "sam's long password", "--db", db, "cases"); code != exitDenied {
		t.Error("the old password still works")
	}
	if code, _, stderr := as(t, "Sam", "sam's newer password", "--db", db, "cases"); code != 0 {
		t.Errorf("the new password: %s", stderr)
	}
	t.Setenv("CDOP_USER", testUser)
	t.Setenv("CDOP_PASSWORD", testPassword)
	if code, _, stderr := runCLI(t, "--db", db, "users", "disable", "Sam"); code != 0 {
		t.Fatal(stderr)
	}
	if code, _, stderr := as(t, "Sam", "sam's newer password", "--db", db, "cases"); code != exitDenied || !strings.Contains(stderr, "disabled") {
		t.Errorf("a disabled account: exit %d, %q", code, stderr)
	}
	t.Setenv("CDOP_USER", testUser)
	t.Setenv("CDOP_PASSWORD", testPassword)
	runCLI(t, "--db", db, "users", "enable", "Sam")
	t.Setenv("CDOP_NEW_PASSWORD", "reset by the admin ok")
	if code, _, stderr := runCLI(t, "--db", db, "users", "reset", "Sam"); code != 0 {
		t.Fatal(stderr)
	}
	if code, _, stderr := as(t, "Sam", "reset by the admin ok", "--db", db, "cases"); code != 0 {
		t.Errorf("after reset: %s", stderr)
	}
	for _, bad := range [][]string{{"users"}, {"users", "frobnicate"}, {"users", "add", "X", "--roles", "king"}, {"users", "disable"}} {
		if code, _, _ := runCLI(t, append([]string{"--db", db}, bad...)...); code != exitUsage {
			t.Errorf("%v: exit %d; want 2", bad, code)
		}
	}
}

// TestViewsAndOutputsAreAudited: reading cases with names and every file
// made are recorded, with counts, and the audit command lists and filters
// them (administrator only).
func TestViewsAndOutputsAreAudited(t *testing.T) {
	db := tempDB(t)
	if code, _, stderr := runCLI(t, "--db", db, "import", exampleCSV); code != 0 {
		t.Fatal(stderr)
	}
	addUser(t, db, "Cora", "coordinator", "cora's long password")
	dir := t.TempDir()
	for _, args := range [][]string{
		{"cases"}, {"due"}, {"export", "--full", "-o", filepath.Join(dir, "x.csv")},
		{"summary", "CDOP-2025-0001", "-o", filepath.Join(dir, "s.pdf")},
	} {
		if code, _, stderr := as(t, "Cora", "cora's long password", append([]string{"--db", db}, args...)...); code != 0 {
			t.Fatalf("%v: %s", args, stderr)
		}
	}
	t.Setenv("CDOP_USER", testUser)
	t.Setenv("CDOP_PASSWORD", testPassword)
	if code, _, stderr := runCLI(t, "--db", db, "backup", "-o", filepath.Join(dir, "b.db")); code != 0 {
		t.Fatal(stderr)
	}
	code, out, stderr := runCLI(t, "--db", db, "audit", "--user", "cora", "--format", "csv")
	if code != 0 {
		t.Fatal(stderr)
	}
	for _, want := range []string{"Cora,,view,what: cases; count: 3", "Cora,,view,what: due", "Cora,,output,what: export --full; count: 3",
		"Cora,CDOP-2025-0001,output,what: summary; count: 1", "Cora,,sign_in"} {
		if !strings.Contains(out, want) {
			t.Errorf("audit --user cora lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, testUser) {
		t.Error("--user cora lists another user's rows")
	}
	code, out, _ = runCLI(t, "--db", db, "audit", "--case", "CDOP-2025-0001")
	if code != 0 || !strings.Contains(out, "import") || !strings.Contains(out, "summary") || strings.Contains(out, "sign_in") {
		t.Errorf("audit --case: %d\n%s", code, out)
	}
	if code, out, _ := runCLI(t, "--db", db, "audit", "--user", testUser); code != 0 || !strings.Contains(out, "output") || !strings.Contains(out, "what: backup") {
		t.Errorf("the backup is not audited:\n%s", out)
	}
	if code, _, _ := runCLI(t, "--db", db, "audit", "--from", "yesterday"); code != exitUsage {
		t.Errorf("a bad --from: exit %d", code)
	}
}
