package main

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fileDigest returns the SHA-256 of a file's bytes, or "" when it is missing.
func fileDigest(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		return ""
	} else if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// outputFixture is a demo database with an extract made (so the key file
// exists), and the arguments of every command that writes a file with -o.
type outputFixture struct {
	db, key string
	// commands are each command writing to a file, -o and its value last.
	commands [][]string
}

func newOutputFixture(t *testing.T) outputFixture {
	t.Helper()
	key := extractEnv(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "cases.db")
	if code, _, stderr := runCLI(t, "--db", db, "demo", "--years", "2", "--per-year", "30", "--seed", "4"); code != 0 {
		t.Fatalf("demo exit %d: %s", code, stderr)
	}
	if code, _, stderr := runCLI(t, "--db", db, "extract", "-o", filepath.Join(t.TempDir(), "first.csv")); code != 0 {
		t.Fatalf("extract exit %d: %s", code, stderr)
	}
	if err := os.MkdirAll(filepath.Join(dir, "backups"), 0o700); err != nil {
		t.Fatal(err)
	}
	_, list, _ := runCLI(t, "--db", db, "cases", "--format", "csv")
	ref, _, _ := strings.Cut(strings.Split(list, "\n")[1], ",")
	return outputFixture{db: db, key: key, commands: [][]string{
		{"export", "--full", "-o"},
		{"summary", ref, "-o"},
		{"ncmd", "export", ref, "--format", "pdf", "-o"},
		{"pack", "1", "-o"},
		{"report", "--from", "2024-01-01", "--to", "2024-12-31", "-o"},
		{"extract", "-o"},
		{"backup", "-o"},
	}}
}

// snapshot is what must not change: the database's files and the key.
func (f outputFixture) snapshot(t *testing.T) map[string]string {
	out := map[string]string{}
	for _, p := range []string{f.db, f.db + "-wal", f.db + "-shm", f.key} {
		out[p] = fileDigest(t, p)
	}
	return out
}

func TestOutputsNeverReplaceTheDatabaseItsFilesTheKeyOrTheBackups(t *testing.T) {
	f := newOutputFixture(t)
	before := f.snapshot(t)
	dir := filepath.Dir(f.db)
	t.Chdir(dir)
	link := filepath.Join(t.TempDir(), "link.db")
	if err := os.Symlink(f.db, link); err != nil {
		t.Fatal(err)
	}
	for _, target := range []struct{ path, want string }{
		{f.db, "is the live database"},
		{"cases.db", "is the live database"},
		{"./backups/../cases.db", "is the live database"},
		{link, "is the live database"},
		{f.db + "-wal", "write-ahead log"},
		{f.db + "-shm", "shared memory"},
		{f.db + "-journal", "journal"},
		{f.key, "pseudonym key"},
		{filepath.Join(dir, "backups", "mine.db"), "backups folder"},
	} {
		for _, cmd := range f.commands {
			for _, force := range []bool{false, true} {
				args := append(append([]string{"--db", f.db}, cmd...), target.path)
				if force {
					args = append(args, "--force")
				}
				code, _, stderr := runCLI(t, args...)
				if code != 1 || !strings.Contains(stderr, target.path+" is") || !strings.Contains(stderr, target.want) {
					t.Errorf("cdop %s: exit %d, stderr %q; want 1 and a refusal naming it", strings.Join(args[2:], " "), code, stderr)
				}
			}
		}
	}
	if after := f.snapshot(t); len(after) != len(before) {
		t.Fatal("snapshot")
	} else {
		for p, d := range before {
			if after[p] != d {
				t.Errorf("%s changed", p)
			}
		}
	}
	if entries, _ := os.ReadDir(filepath.Join(dir, "backups")); len(entries) != 0 {
		t.Errorf("the backups folder holds %v", entries)
	}
	if code, stdout, stderr := runCLI(t, "--db", f.db, "check"); code != 0 {
		t.Errorf("check after the refusals: %s %s", stdout, stderr)
	}
}

func TestOutputsReplaceAnExistingFileOnlyWithForce(t *testing.T) {
	f := newOutputFixture(t)
	for _, cmd := range f.commands {
		dir := t.TempDir()
		out := filepath.Join(dir, "existing.out")
		if err := os.WriteFile(out, []byte("keep me"), 0o600); err != nil {
			t.Fatal(err)
		}
		args := append(append([]string{"--db", f.db}, cmd...), out)
		code, _, stderr := runCLI(t, args...)
		if code != 1 || strings.TrimSpace(stderr) != "cdop "+cmd[0]+": "+out+" already exists; add --force to replace it" {
			t.Errorf("cdop %s over an existing file: exit %d, stderr %q", cmd[0], code, stderr)
		}
		if got := readFile(t, out); got != "keep me" {
			t.Errorf("cdop %s changed the existing file without --force", cmd[0])
		}
		code, _, stderr = runCLI(t, append(args, "--force")...)
		if code != 0 || readFile(t, out) == "keep me" {
			t.Errorf("cdop %s --force: exit %d, %s; the file was not replaced", cmd[0], code, stderr)
		}
		for _, e := range mustReadDir(t, dir) {
			if strings.HasPrefix(e, ".") {
				t.Errorf("cdop %s left %s", cmd[0], e)
			}
		}
	}
}

func mustReadDir(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	return out
}
