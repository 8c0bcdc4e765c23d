package release

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
)

// fyneApp reads the app's details from FyneApp.toml, the one place they are set.
func fyneApp(t *testing.T) (name, id, version string) {
	t.Helper()
	var meta struct {
		Details struct{ Name, ID, Version string }
	}
	if _, err := toml.DecodeFile("../cmd/cdop/FyneApp.toml", &meta); err != nil {
		t.Fatal(err)
	}
	return meta.Details.Name, meta.Details.ID, meta.Details.Version
}

// TestGeneratedDetailsMatchFyneApp fails when FyneApp.toml has changed and
// fyneapp.go was not regenerated, so that a plain go build or go test can
// never report another version than a release build.
func TestGeneratedDetailsMatchFyneApp(t *testing.T) {
	name, id, version := fyneApp(t)
	if Name != name || AppID != id || fyneAppVersion != version {
		t.Errorf("fyneapp.go says %q %q %q, FyneApp.toml %q %q %q: run go generate ./release",
			Name, AppID, fyneAppVersion, name, id, version)
	}
	if stamped == "" && Version() != version {
		t.Errorf("Version() = %q, want FyneApp.toml's %q", Version(), version)
	}
}

// TestStampedVersionWins checks that the version a release build stamps in
// is the one reported.
func TestStampedVersionWins(t *testing.T) {
	old := stamped
	t.Cleanup(func() { stamped = old })
	stamped = "9.8.7"
	if Version() != "9.8.7" || Product() != Name+" 9.8.7" {
		t.Errorf("stamped 9.8.7: Version %q, Product %q", Version(), Product())
	}
}

// TestMakefileStampsFyneAppVersion checks that the Makefile, which stamps
// release builds, reads the same version as FyneApp.toml states.
func TestMakefileStampsFyneAppVersion(t *testing.T) {
	if _, err := exec.LookPath("make"); err != nil {
		t.Skip("make is not installed")
	}
	out, err := exec.Command("make", "-s", "-C", "..", "version").Output()
	if err != nil {
		t.Fatalf("make version: %v", err)
	}
	_, _, version := fyneApp(t)
	if got := strings.TrimSpace(string(out)); got != version {
		t.Errorf("make version prints %q, FyneApp.toml says %q", got, version)
	}
}
