package main

import (
	"database/sql"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	_ "github.com/mattn/go-sqlite3"

	"casemanager/app"
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
		case *widget.Card:
			out = append(out, x.Title)
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
		if strings.HasPrefix(w.Title(), "CDOP Case Manager —") {
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
		for _, want := range []string{"The case database could not be opened", path, "is not a CDOP case database", "restore your latest backup",
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

func TestDesktopOpensADamagedDatabaseReadOnlyAndSaysHowToRestore(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cdop.db")
	if code, _, stderr := runCLI(t, "--db", path, "demo", "--years", "1", "--per-year", "20"); code != 0 {
		t.Fatalf("demo exit %d: %s", code, stderr)
	}
	backup := filepath.Join(t.TempDir(), "good.db")
	if code, _, stderr := runCLI(t, "--db", path, "backup", "-o", backup); code != 0 {
		t.Fatalf("backup exit %d: %s", code, stderr)
	}
	damageCases(t, path)
	test.NewTempApp(t)
	d, err := openDesktop(fyne.CurrentApp(), path, "", app.ApplyOnWait())
	if err != nil {
		t.Fatalf("opening a damaged database: %v; want it open read-only", err)
	}
	t.Cleanup(func() { d.db.Close() })
	d.ui.Wait()
	notice, main := d.notice, d.main
	if notice == nil || notice.Title() != "CDOP Case Manager — the case database is open read-only" {
		t.Fatal("want the read-only notice")
	}
	text := strings.Join(windowText(notice.Content()), "\n")
	for _, want := range []string{"The case database is open read-only", "is damaged", "nothing can be saved", "Restore the newest good backup", "Continue read-only", "Quit"} {
		if !strings.Contains(text, want) {
			t.Errorf("the notice does not say %q:\n%s", want, text)
		}
	}
	test.Tap(findButton(t, notice.Content(), "Continue read-only"))
	d.ui.Wait()
	// The sign-in form says so, and, once signed in (which a read-only
	// database allows, unrecorded), the banner above every screen.
	if form := strings.Join(windowText(main.Content()), "\n"); !strings.Contains(form, "is damaged") {
		t.Errorf("the sign-in form does not say the database is damaged:\n%s", form)
	}
	signIn(t, main, d.ui)
	if banner := strings.Join(windowText(main.Content()), "\n"); !strings.Contains(banner, "is damaged") || !strings.Contains(banner, "nothing can be saved") {
		t.Errorf("the main window does not say it is read-only:\n%s", banner)
	}
	main.Close()
}

// findButton returns the button with a text under o.
func findButton(t *testing.T, o fyne.CanvasObject, text string) *widget.Button {
	t.Helper()
	var found *widget.Button
	var visit func(fyne.CanvasObject)
	visit = func(o fyne.CanvasObject) {
		if b, ok := o.(*widget.Button); ok && b.Text == text {
			found = b
		}
		switch c := o.(type) {
		case *fyne.Container:
			for _, x := range c.Objects {
				visit(x)
			}
		case *widget.Card:
			visit(c.Content)
		}
	}
	visit(o)
	if found == nil {
		t.Fatalf("no button %q", text)
	}
	return found
}

// damageCases zeroes the root page of the cases table of the database at path.
func damageCases(t *testing.T, path string) {
	t.Helper()
	raw, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	var root, size int64
	if err := raw.QueryRow(`SELECT rootpage FROM sqlite_master WHERE name = 'cases'`).Scan(&root); err != nil {
		t.Fatal(err)
	}
	raw.QueryRow(`PRAGMA page_size`).Scan(&size)
	raw.Close()
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteAt(make([]byte, size), (root-1)*size); err != nil {
		t.Fatal(err)
	}
}

// textBox returns o as a text box: Fyne's Entry, or the Entry the app's
// own boxes are built on (embedded, so that F1 shows the guide from them);
// nil when o is neither.
func textBox(o fyne.CanvasObject) *widget.Entry {
	if e, ok := o.(*widget.Entry); ok {
		return e
	}
	v := reflect.ValueOf(o)
	if v.Kind() != reflect.Pointer || v.IsNil() || v.Elem().Kind() != reflect.Struct {
		return nil
	}
	for i := range v.Elem().NumField() {
		if f := v.Elem().Type().Field(i); f.Anonymous && f.Type == reflect.TypeFor[widget.Entry]() {
			return v.Elem().Field(i).Addr().Interface().(*widget.Entry)
		}
	}
	return nil
}

// textBoxes returns the text boxes under o, in the order they are laid out.
func textBoxes(o fyne.CanvasObject) []*widget.Entry {
	if e := textBox(o); e != nil {
		return []*widget.Entry{e}
	}
	var out []*widget.Entry
	switch x := o.(type) {
	case *fyne.Container:
		for _, c := range x.Objects {
			out = append(out, textBoxes(c)...)
		}
	case *container.Scroll:
		out = textBoxes(x.Content)
	case fyne.Widget:
		for _, c := range test.WidgetRenderer(x).Objects() {
			out = append(out, textBoxes(c)...)
		}
	}
	return out
}

// signIn signs the test administrator in through the window's sign-in form.
func signIn(t *testing.T, w fyne.Window, ui *app.UI) {
	t.Helper()
	entries := textBoxes(w.Content())
	if len(entries) < 2 {
		t.Fatalf("no sign-in form: %q", windowText(w.Content()))
	}
	test.Type(entries[0], testUser)
	test.Type(entries[1], testPassword)
	test.Tap(findButton(t, w.Content(), "Sign in"))
	ui.Wait()
}
