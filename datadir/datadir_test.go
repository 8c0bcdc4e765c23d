package datadir_test

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"casemanager/datadir"
)

const appID = "uk.cdop.casemanager"

func TestFolderOnEachSystem(t *testing.T) {
	cases := []struct {
		name      string
		env       datadir.Env
		folder    string
		oldFolder string
	}{
		{"windows keeps data in the local, not the roaming, profile",
			datadir.Env{GOOS: "windows", Home: `C:\Users\jo`, LocalAppData: `C:\Users\jo\AppData\Local`, AppData: `\\fileserver\profiles$\jo\AppData\Roaming`},
			`C:\Users\jo\AppData\Local\CDOP Case Manager`, `\\fileserver\profiles$\jo\AppData\Roaming\fyne\uk.cdop.casemanager`},
		{"windows without the variables works them out from the home folder",
			datadir.Env{GOOS: "windows", Home: `C:\Users\jo`},
			`C:\Users\jo\AppData\Local\CDOP Case Manager`, `C:\Users\jo\AppData\Roaming\fyne\uk.cdop.casemanager`},
		{"macOS is Fyne's storage root",
			datadir.Env{GOOS: "darwin", Home: "/Users/jo"},
			"/Users/jo/Library/Preferences/fyne/uk.cdop.casemanager", ""},
		{"linux is Fyne's storage root under the configuration folder",
			datadir.Env{GOOS: "linux", Home: "/home/jo", ConfigDir: "/home/jo/.config"},
			"/home/jo/.config/fyne/uk.cdop.casemanager", ""},
	}
	for _, c := range cases {
		if got := datadir.Folder(c.env, appID); got != c.folder {
			t.Errorf("%s: Folder = %q, want %q", c.name, got, c.folder)
		}
		if got := datadir.LegacyFolder(c.env, appID); got != c.oldFolder {
			t.Errorf("%s: LegacyFolder = %q, want %q", c.name, got, c.oldFolder)
		}
	}
}

func TestUNCShare(t *testing.T) {
	cases := []struct{ goos, path, want string }{
		{"windows", `\\fileserver\cdop\panel.db`, `\\fileserver\cdop`},
		{"windows", `//fileserver/cdop/data/panel.db`, `\\fileserver\cdop`},
		{"windows", `\\?\UNC\fileserver\cdop\panel.db`, `\\fileserver\cdop`},
		{"windows", `\\?\unc\fileserver\cdop`, `\\fileserver\cdop`},
		{"windows", `\\?\C:\CDOP data\panel.db`, ""},
		{"windows", `\\.\PhysicalDrive0`, ""},
		{"windows", `C:\CDOP data\panel 2025 #1.db`, ""},
		{"windows", `panel.db`, ""},
		{"windows", `\\fileserver`, ""},
		{"linux", `//fileserver/cdop/panel.db`, ""},
	}
	for _, c := range cases {
		if got := datadir.UNCShare(c.goos, c.path); got != c.want {
			t.Errorf("UNCShare(%s, %q) = %q, want %q", c.goos, c.path, got, c.want)
		}
	}
}

func TestNetworkFileSystems(t *testing.T) {
	for _, c := range []struct {
		magic int64
		name  string
		want  string
	}{
		{0x6969, "", "NFS"}, {0xFF534D42, "", "CIFS"}, {0xFE534D42, "", "SMB2"}, {0x01021997, "", "9P"},
		{0xEF53, "", ""}, {0x58465342, "", ""}, // ext4, xfs
		{0, "smbfs", "smbfs"}, {0, "nfs", "nfs"}, {0, "apfs", ""}, {0, "hfs", ""},
	} {
		if got := datadir.NetworkFSName(c.magic, c.name); got != c.want {
			t.Errorf("NetworkFSName(%#x, %q) = %q, want %q", c.magic, c.name, got, c.want)
		}
	}
}

// TestNoWarningForALocalFolder checks that a database about to be made in a
// local folder (judged by its nearest existing folder) is not warned about.
func TestNoWarningForALocalFolder(t *testing.T) {
	if w := datadir.NetworkWarning(filepath.Join(t.TempDir(), "not yet", "cdop.db")); w != "" {
		t.Errorf("a database in the local temporary folder is warned about: %s", w)
	}
}

func write(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}

var groups = [][]string{{"cdop.db", "cdop.db-wal", "cdop.db-shm"}, {"pseudonym.key"}}

func TestMoveOnceMovesTheDatabaseWithItsLogAndTheKey(t *testing.T) {
	old, nu := t.TempDir(), filepath.Join(t.TempDir(), "CDOP Case Manager")
	write(t, filepath.Join(old, "cdop.db"), "db")
	write(t, filepath.Join(old, "cdop.db-wal"), "wal")
	write(t, filepath.Join(old, "pseudonym.key"), "key")
	write(t, filepath.Join(old, "preferences.json"), "{}")
	moved, err := datadir.MoveOnce(old, nu, groups)
	if err != nil || len(moved) != 2 || len(moved[0].Files) != 2 {
		t.Fatalf("MoveOnce = %v, %v", moved, err)
	}
	for name, want := range map[string]string{"cdop.db": "db", "cdop.db-wal": "wal", "pseudonym.key": "key"} {
		if b, err := os.ReadFile(filepath.Join(nu, name)); err != nil || string(b) != want {
			t.Errorf("%s in the new folder: %q, %v", name, b, err)
		}
		if _, err := os.Stat(filepath.Join(old, name)); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s is still in the old folder", name)
		}
	}
	if _, err := os.Stat(filepath.Join(old, "preferences.json")); err != nil {
		t.Errorf("a file the app does not move was moved: %v", err)
	}
	// Once is once: nothing is left to move.
	if moved, err := datadir.MoveOnce(old, nu, groups); err != nil || len(moved) != 0 {
		t.Errorf("second MoveOnce = %v, %v", moved, err)
	}
}

func TestMoveOnceNeverOverwrites(t *testing.T) {
	old, nu := t.TempDir(), t.TempDir()
	write(t, filepath.Join(old, "cdop.db"), "old")
	write(t, filepath.Join(old, "cdop.db-wal"), "old wal")
	write(t, filepath.Join(nu, "cdop.db-wal"), "new wal") // a database already here
	write(t, filepath.Join(old, "pseudonym.key"), "old key")
	write(t, filepath.Join(nu, "pseudonym.key"), "new key")
	moved, err := datadir.MoveOnce(old, nu, groups)
	if err != nil || len(moved) != 0 {
		t.Fatalf("MoveOnce = %v, %v", moved, err)
	}
	for dir, files := range map[string]map[string]string{
		old: {"cdop.db": "old", "cdop.db-wal": "old wal", "pseudonym.key": "old key"},
		nu:  {"cdop.db-wal": "new wal", "pseudonym.key": "new key"},
	} {
		for name, want := range files {
			if b, _ := os.ReadFile(filepath.Join(dir, name)); string(b) != want {
				t.Errorf("%s: %q, want %q", filepath.Join(dir, name), b, want)
			}
		}
	}
}

func TestMoveOnceWithNothingToMove(t *testing.T) {
	nu := filepath.Join(t.TempDir(), "new")
	if moved, err := datadir.MoveOnce(filepath.Join(t.TempDir(), "absent"), nu, groups); err != nil || len(moved) != 0 {
		t.Errorf("MoveOnce = %v, %v", moved, err)
	}
	if _, err := os.Stat(nu); !errors.Is(err, os.ErrNotExist) {
		t.Error("the new folder was made with nothing to move into it")
	}
}

func TestPrivateFiles(t *testing.T) {
	path := filepath.Join(t.TempDir(), "pseudonym.key")
	write(t, path, "secret")
	if runtime.GOOS != "windows" {
		if err := os.Chmod(path, 0o644); err != nil {
			t.Fatal(err)
		}
		if exposed, err := datadir.Exposure(path); err != nil || exposed == "" {
			t.Errorf("a file others can read: Exposure = %q, %v", exposed, err)
		}
	}
	if err := datadir.MakePrivate(path); err != nil {
		t.Fatal(err)
	}
	if exposed, err := datadir.Exposure(path); err != nil || exposed != "" {
		t.Errorf("after MakePrivate: Exposure = %q, %v", exposed, err)
	}
}
