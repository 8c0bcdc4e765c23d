package main

import (
	"bytes"
	"casemanager/app"
	"log"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"casemanager/release"
)

// TestDesktopLogGoesToTheDataFolder checks that the desktop app's messages
// (its own and Fyne's, through the standard logger) reach cdop.log in the
// data folder as well as stderr.
func TestDesktopLogGoesToTheDataFolder(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the Linux data folder is set up here through XDG_CONFIG_HOME")
	}
	config := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", config)
	var stderr bytes.Buffer
	path, closeLog := startDesktopLog(&stderr)
	log.Printf("dataset extracts: no key")
	closeLog()
	log.Printf("after closing") // back to stderr only
	want := filepath.Join(config, "fyne", release.AppID, "cdop.log")
	if path != want {
		t.Fatalf("log file %s, want %s", path, want)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range []string{release.Product() + " started", "dataset extracts: no key"} {
		if !strings.Contains(string(b), line) || !strings.Contains(stderr.String(), line) {
			t.Errorf("%q is not in both the log file and stderr:\nfile: %s\nstderr: %s", line, b, stderr.String())
		}
	}
	if strings.Contains(string(b), "after closing") {
		t.Error("the log file was written after it was closed")
	}
	log.SetOutput(os.Stderr)
}

// TestDesktopHasAnAboutMenu checks that the desktop app's window offers
// Help > About.
func TestDesktopHasAnAboutMenu(t *testing.T) {
	path := tempDB(t)
	if code, _, stderr := runCLI(t, "--db", path, "init"); code != 0 {
		t.Fatalf("init exit %d: %s", code, stderr)
	}
	t.Setenv("CDOP_PSEUDONYM_KEY", filepath.Join(t.TempDir(), "pseudonym.key"))
	a := test.NewTempApp(t)
	// As runApp opens it, with background results applied on this
	// goroutine (the test driver would run them on their own).
	d, err := openDesktop(a, path, "", app.ApplyOnWait())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.ui.Close(); d.db.Close() })
	d.ui.Wait()
	for _, w := range a.Driver().AllWindows() {
		if w.Title() != "CDOP Case Manager" {
			continue
		}
		menu := w.MainMenu()
		var labels []string
		for _, m := range menu.Items {
			labels = append(labels, m.Label)
		}
		if got := strings.Join(labels, " "); got != "File Edit View Help" {
			t.Errorf("menus = %q, want File Edit View Help", got)
		}
		help := menu.Items[len(menu.Items)-1]
		if last := help.Items[len(help.Items)-1]; last.Label != "About CDOP Case Manager" {
			t.Errorf("Help's last item = %q, want About CDOP Case Manager", last.Label)
		}
		return
	}
	t.Error("no main window")
}
