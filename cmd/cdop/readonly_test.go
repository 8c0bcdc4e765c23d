//go:build unix

package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// asOtherUser makes cmd run as nobody when the tests run as root (who may
// write anywhere), so that a folder's permissions hold for it; it reports
// whether cmd runs as a user the permissions bind.
func asOtherUser(cmd *exec.Cmd) bool {
	if os.Geteuid() != 0 {
		return true
	}
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	return true
}

func TestADatabaseInAReadOnlyFolderOpensReadOnly(t *testing.T) {
	t.Run("the folder read-only", func(t *testing.T) { testReadOnly(t, false, "its folder cannot be written") })
	t.Run("the file read-only too", func(t *testing.T) { testReadOnly(t, true, "the file cannot be written") })
}

// testReadOnly opens a database in a folder its user cannot write to (and,
// with fileToo, a file they cannot write) and checks what works.
func testReadOnly(t *testing.T, fileToo bool, why string) {
	bin := cdopBinary(t)
	// Folders another user can reach: t.TempDir's parents are private.
	base, err := os.MkdirTemp("", "cdop-readonly-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(filepath.Join(base, "data"), 0o755); os.RemoveAll(base) })
	os.Chmod(base, 0o755)
	data, out, home := filepath.Join(base, "data"), filepath.Join(base, "out"), filepath.Join(base, "home")
	for _, d := range []string{data, out, home} {
		if err := os.Mkdir(d, 0o777); err != nil {
			t.Fatal(err)
		}
		os.Chmod(d, 0o777)
	}
	db := filepath.Join(data, "cdop.db")
	if code, _, stderr := runCLI(t, "--db", db, "demo", "--years", "1", "--per-year", "30"); code != 0 {
		t.Fatalf("demo: %s", stderr)
	}
	if fileToo {
		os.Chmod(db, 0o444)
	} else if os.Geteuid() == 0 {
		os.Chown(db, 65534, 65534) // the other user's own file, in a folder they cannot write
	}
	os.Chmod(data, 0o555)
	before := fileDigest(t, db)

	run := func(args ...string) (int, string) {
		cmd := exec.Command(bin, append([]string{"--db", db}, args...)...)
		cmd.Dir, cmd.Env = out, binaryEnv(home)
		asOtherUser(cmd)
		b, err := cmd.CombinedOutput()
		if ee, ok := err.(*exec.ExitError); ok {
			return ee.ExitCode(), string(b)
		} else if err != nil {
			t.Skipf("cannot run the binary as another user here: %v", err)
		}
		return 0, string(b)
	}
	if code, text := run("cases"); code != 0 || !strings.Contains(text, "case_ref") {
		t.Fatalf("cases on a read-only folder: exit %d\n%s", code, text)
	}
	_, list := run("cases", "--format", "csv")
	ref, _, _ := strings.Cut(strings.Split(list, "\n")[1], ",")
	for _, args := range [][]string{
		{"check"},
		{"due"},
		{"summary", ref, "-o", filepath.Join(out, "summary.pdf")},
		{"export", "--full", "-o", filepath.Join(out, "all.csv")},
		{"extract", "--unlinkable", "-o", filepath.Join(out, "extract.csv")},
		{"report", "--year", "2025", "-o", filepath.Join(out, "report.pdf")},
	} {
		if code, text := run(args...); code != 0 {
			t.Errorf("cdop %s on a read-only folder: exit %d\n%s", args[0], code, text)
		}
	}
	if _, text := run("extract", "--unlinkable", "-o", filepath.Join(out, "second.csv")); !strings.Contains(text, "not recorded in the audit log: the database "+db+" is read-only here ("+why+")") {
		t.Errorf("an extract from a read-only database does not say it is unrecorded:\n%s", text)
	}
	code, text := run("import", exampleCSVAbs(t))
	if code != 1 || !strings.Contains(text, "the database "+db+" is read-only here ("+why+"): you can read, search and make PDFs and extracts, but nothing can be saved") {
		t.Errorf("import into a read-only folder: exit %d\n%s", code, text)
	}
	if fileDigest(t, db) != before {
		t.Error("the read-only database changed")
	}
	if entries, _ := os.ReadDir(data); len(entries) != 1 {
		t.Errorf("files appeared beside the read-only database: %v", entries)
	}
}

func exampleCSVAbs(t *testing.T) string {
	t.Helper()
	p, err := filepath.Abs(exampleCSV)
	if err != nil {
		t.Fatal(err)
	}
	// Readable by another user: a copy in a public folder.
	dir, err := os.MkdirTemp("", "cdop-csv-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	os.Chmod(dir, 0o755)
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	dst := filepath.Join(dir, "example.csv")
	if err := os.WriteFile(dst, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return dst
}
