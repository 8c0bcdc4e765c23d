package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	_ "github.com/jackc/pgx/v5/stdlib"

	"casemanager/app"
	"casemanager/cdop"
	"casemanager/credstore"
	"casemanager/dbaddr"
	"casemanager/internal/pgtest"
)

// newDesktopServerDB makes a case database on the test server
// (CDOP_TEST_POSTGRES; the test is skipped without one, failed in CI),
// dropped after the test, and returns its address.
func newDesktopServerDB(t *testing.T) string {
	t.Helper()
	address := pgtest.NewDB(t)
	t.Setenv("CDOP_USER", "admin")
	t.Setenv("CDOP_PASSWORD", "a long enough password")
	if code, _, stderr := runCLI(t, "--db", address, "init"); code != 0 {
		t.Fatalf("init on the server: exit %d: %s", code, stderr)
	}
	return address
}

// useCredentials makes the desktop keep server passwords in store.
func useCredentials(t *testing.T, store credstore.Store) {
	old := newCredentials
	newCredentials = func() credstore.Store { return store }
	t.Cleanup(func() { newCredentials = old })
}

// The desktop started on a server's address with no password in the
// environment nor the credential store asks for it first: the
// connection window, filled with the address, and no main window yet.
func TestDesktopOnAServerAsksForThePassword(t *testing.T) {
	address := newDesktopServerDB(t)
	t.Setenv("PGPASSWORD", "")
	t.Setenv("CDOP_PSEUDONYM_KEY", filepath.Join(t.TempDir(), "pseudonym.key"))
	useCredentials(t, &credstore.Memory{})
	a := test.NewTempApp(t)
	d, err := openDesktop(a, address, "", app.ApplyOnWait())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(d.close)
	if d.connect == nil || d.main != nil || d.db != nil {
		t.Fatalf("connect window %v, main window %v, database %v: want only the connection window", d.connect, d.main, d.db)
	}
	if got := d.connect.Title(); got != "CDOP Case Manager — connect to the database server" {
		t.Errorf("window title %q", got)
	}
	s, _ := dbaddr.Parse(address)
	if !windowShows(d.connect, s.Database) {
		t.Errorf("the connection window is not filled with the database %s", s.Database)
	}
}

// With the password kept in the credential store, the desktop opens the
// server's database at once, watching it for other coordinators' changes,
// and File offers another server; the next start with no --db opens the
// same server again.
func TestDesktopOnAServerUsesTheKeptPasswordAndReopensIt(t *testing.T) {
	address := newDesktopServerDB(t)
	t.Setenv("PGPASSWORD", "")
	t.Setenv("CDOP_PSEUDONYM_KEY", filepath.Join(t.TempDir(), "pseudonym.key"))
	s, err := dbaddr.Parse(address)
	if err != nil {
		t.Fatal(err)
	}
	store := &credstore.Memory{}
	store.Set(s.Account(), "kept server password") // the test server trusts loopback: any is accepted
	useCredentials(t, store)
	a := test.NewTempApp(t)
	d, err := openDesktop(a, address, "", app.ApplyOnWait())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(d.close)
	if d.connect != nil || d.db == nil {
		t.Fatalf("with a kept password the desktop asked for it (connect window %v)", d.connect)
	}
	d.ui.Wait()
	if !menuHas(d.main, "File", "Open a database on a server…") {
		t.Error("File has no Open a database on a server…")
	}
	// An administrator's "Back up now" on the Backups screen works on a
	// server too: the copy goes in the app's data folder.
	b, err := d.db.BackUpNow(context.Background())
	if err != nil {
		t.Errorf("Back up now on a server's database: %v", err)
	} else if root, _ := storageRoot(); !strings.HasPrefix(b.Path, root) {
		t.Errorf("the backup of a server's database is at %s, not in the app's data folder %s", b.Path, root)
	}

	// As the connection form does on connecting, then a restart.
	a.Preferences().SetBool(prefServerAtStart, true)
	a.Preferences().SetString("server.recent", `[{"host":"`+s.Host+`","port":`+fmt.Sprint(s.Port)+`,"database":"`+s.Database+`","user":"`+s.User+`","tls":"disable"}]`)
	d.close()
	again, err := openDesktop(a, "", "", app.ApplyOnWait())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(again.close)
	if again.db == nil || !strings.Contains(again.db.Path(), "/"+s.Database) {
		t.Fatalf("the next start opened %v, want the server's database %s", again.db, s.Database)
	}
}

// windowShows reports whether an entry of w holds text.
func windowShows(w fyne.Window, text string) bool {
	for _, e := range textBoxes(w.Content()) {
		if e.Text == text {
			return true
		}
	}
	return false
}

func menuHas(w fyne.Window, menu, item string) bool {
	for _, m := range w.MainMenu().Items {
		if m.Label != menu {
			continue
		}
		for _, it := range m.Items {
			if it.Label == item {
				return true
			}
		}
	}
	return false
}

// An output of a command on a server's database is registered, while
// under way, in the app's data folder, as the desktop's are: the address
// is no file, and no folder named after it ("postgres:") appears where the
// command ran.
func TestOutputsOnAServerLeaveNothingBesideTheAddress(t *testing.T) {
	db := newDesktopServerDB(t)
	t.Setenv("HOME", t.TempDir())
	t.Setenv("XDG_DATA_HOME", t.TempDir())
	dir := t.TempDir()
	t.Chdir(dir)
	if code, _, stderr := runCLI(t, "--db", db, "export", "--full", "-o", "cases.csv"); code != 0 {
		t.Fatalf("export on the server: exit %d: %s", code, stderr)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if len(names) != 1 || names[0] != "cases.csv" {
		t.Errorf("after an export on the server, the folder holds %v, want only cases.csv", names)
	}
}

// In the open app, File → Open a database on a server… switches it to the
// server's database (the one before closed), and "Open this computer's
// database" back to the file in the app's data folder.
func TestDesktopSwitchesToAServerAndBack(t *testing.T) {
	address := newDesktopServerDB(t)
	t.Setenv("XDG_CONFIG_HOME", t.TempDir()) // this computer's database: a new one
	t.Setenv("PGPASSWORD", "")
	t.Setenv("CDOP_PSEUDONYM_KEY", filepath.Join(t.TempDir(), "pseudonym.key"))
	useCredentials(t, &credstore.Memory{})
	local, err := defaultDatabase()
	if err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := runCLI(t, "--db", local, "init"); code != 0 {
		t.Fatalf("init of this computer's database: exit %d: %s", code, stderr)
	}
	a := test.NewTempApp(t)
	d, err := openDesktop(a, local, "", app.ApplyOnWait())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(d.close)
	first := d.db
	s, err := dbaddr.Parse(address)
	if err != nil {
		t.Fatal(err)
	}
	cfg := d.connectConfig(&s)
	if cfg.Local == nil {
		t.Fatal("the open app's connection form offers no way back to this computer's database")
	}
	if err := cfg.Open(context.Background(), address, "any password"); err != nil { // the test server trusts loopback
		t.Fatalf("opening the server's database: %v", err)
	}
	cfg.Connected(s)
	d.ui.Wait()
	if d.db == first || !strings.Contains(d.db.Path(), "/"+s.Database) {
		t.Fatalf("after connecting, the app is on %s, want the server's database %s", d.db.Path(), s.Database)
	}
	if _, err := first.ListCases(context.Background(), cdop.CaseFilter{}); err == nil {
		t.Error("the database switched from is still open")
	}
	if !a.Preferences().Bool(prefServerAtStart) {
		t.Error("the server is not remembered for the next start")
	}

	switched := make(chan struct{})
	d.switched = func() { close(switched) }
	cfg.Local()
	select {
	case <-switched:
	case <-time.After(20 * time.Second):
		t.Fatal("the app did not switch to this computer's database")
	}
	if d.db == nil || d.db.Path() != local {
		t.Fatalf("after Open this computer's database, the app is on %v, want %s", d.db, local)
	}
	if a.Preferences().Bool(prefServerAtStart) {
		t.Error("the next start would still open the server")
	}
}
