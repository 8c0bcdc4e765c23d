package logfile_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"casemanager/logfile"
)

func read(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestRotatesBySizeAndKeepsAFew(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cdop.log")
	w, err := logfile.Open(path, 20, 2)
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range []string{"one 456789\n", "two 456789\n", "three 6789\n", "four 56789\n", "five 56789\n"} {
		if _, err := w.Write([]byte(line)); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	// Each line is 11 bytes, so each file holds one; two older files are kept.
	for name, want := range map[string]string{"cdop.log": "five 56789\n", "cdop.log.1": "four 56789\n", "cdop.log.2": "three 6789\n"} {
		if got := read(t, filepath.Join(filepath.Dir(path), name)); got != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
	if _, err := os.Stat(path + ".3"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a third older file was kept: %v", err)
	}
}

func TestReopenAppendsAndCountsWhatIsThere(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cdop.log")
	if err := os.WriteFile(path, []byte(strings.Repeat("x", 15)+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	w, err := logfile.Open(path, 20, 1)
	if err != nil {
		t.Fatal(err)
	}
	w.Write([]byte("abc\n")) // 16 + 4 = 20: still fits
	w.Write([]byte("d\n"))   // past the limit: rotates first
	w.Close()
	if got := read(t, path+".1"); got != strings.Repeat("x", 15)+"\nabc\n" {
		t.Errorf("older file = %q", got)
	}
	if got := read(t, path); got != "d\n" {
		t.Errorf("new file = %q", got)
	}
	if info, _ := os.Stat(path); info.Mode().Perm()&0o077 != 0 {
		t.Errorf("log file mode %04o: others can read it", info.Mode().Perm())
	}
}

type failing struct{}

func (failing) Write([]byte) (int, error) { return 0, errors.New("no console") }

func TestTeeCarriesOnPastAFailingWriter(t *testing.T) {
	var b strings.Builder
	if n, err := logfile.Tee(failing{}, &b).Write([]byte("hello\n")); err != nil || n != 6 || b.String() != "hello\n" {
		t.Errorf("Write = %d, %v; second writer got %q", n, err, b.String())
	}
	if _, err := logfile.Tee(failing{}, failing{}).Write([]byte("x")); err == nil {
		t.Error("all writers failed, yet Write succeeded")
	}
}
