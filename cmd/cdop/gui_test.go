package main

import (
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	_ "github.com/mattn/go-sqlite3"
)

// windowText returns the texts of the labels and buttons under o.
func windowText(o fyne.CanvasObject) []string {
	var out []string
	var visit func(fyne.CanvasObject)
	visit = func(o fyne.CanvasObject) {
		switch x := o.(type) {
		case *widget.Label:
			out = append(out, x.Text)
		case *widget.Button:
			if x.Visible() {
				out = append(out, x.Text)
			}
		}
		switch x := o.(type) {
		case *fyne.Container:
			for _, c := range x.Objects {
				visit(c)
			}
		case *container.Scroll:
			visit(x.Content)
		}
	}
	visit(o)
	return out
}

// startupWindow opens the desktop app on dbPath headlessly and returns the
// texts of the window it shows and the error it returns.
func startupWindow(t *testing.T, dbPath string) (string, error) {
	t.Helper()
	a := test.NewTempApp(t)
	err := runApp(a, dbPath)
	var shown fyne.Window
	for _, w := range a.Driver().AllWindows() {
		if strings.HasPrefix(w.Title(), "CDOP Case Manager") {
			shown = w
		}
	}
	if shown == nil {
		t.Fatal("the app shows no window of its own")
	}
	t.Cleanup(shown.Close)
	return strings.Join(windowText(shown.Content()), "\n"), err
}

func TestDesktopShowsWhyTheDatabaseCannotBeOpened(t *testing.T) {
	t.Run("not a database", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "notes.db")
		if err := os.WriteFile(path, []byte(strings.Repeat("These are meeting notes, not a database.\n", 200)), 0o600); err != nil {
			t.Fatal(err)
		}
		text, err := startupWindow(t, path)
		if err == nil || !strings.Contains(err.Error(), path) {
			t.Errorf("runApp returned %v, want an error naming %s", err, path)
		}
		for _, want := range []string{"The case database could not be opened", path, "not a database", "Restore it from your latest backup",
			"Show the folder", "Copy the details", "Quit"} {
			if !strings.Contains(text, want) {
				t.Errorf("the window does not say %q:\n%s", want, text)
			}
		}
	})
	t.Run("newer schema", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "cdop.db")
		if code, _, stderr := runCLI(t, "--db", path, "init"); code != 0 {
			t.Fatalf("init exit %d: %s", code, stderr)
		}
		raw, err := sql.Open("sqlite3", path)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := raw.Exec(`INSERT INTO schema_migrations (version, applied_at) VALUES (999, '2030-01-01T00:00:00.000Z')`); err != nil {
			t.Fatal(err)
		}
		raw.Close()
		text, err := startupWindow(t, path)
		if err == nil {
			t.Fatal("runApp opened a database of a newer version")
		}
		for _, want := range []string{path, "newer version of this program", "Install that version"} {
			if !strings.Contains(text, want) {
				t.Errorf("the window does not say %q:\n%s", want, text)
			}
		}
	})
}
