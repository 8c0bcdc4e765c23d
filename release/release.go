// Package release says which program this is: its name, app ID, version,
// publisher and licence, as cmd/cdop/FyneApp.toml (the one place they are
// set) states them. The command line, the About window, PDFs' metadata and
// extracts' manifests all read them from here.
package release

//go:generate go run gen.go

// stamped is the version a release build passes in with
// -ldflags "-X casemanager/release.stamped=1.2.3" (the Makefile reads it
// from FyneApp.toml); empty in a plain go build, go run or go test.
var stamped string

// Version is the program's version, e.g. "0.1.0": the one stamped in by
// the release build, else FyneApp.toml's (through fyneapp.go, which a
// test keeps in step with it).
func Version() string {
	if stamped != "" {
		return stamped
	}
	return fyneAppVersion
}

// Product names the program with its version, e.g. "CDOP Case Manager
// 0.1.0", as PDFs' metadata and the About window give it.
func Product() string { return Name + " " + Version() }

// Publisher and licence, as the Windows version resource, the installer
// and the About window give them.
const (
	Company   = "CDOP Case Manager contributors"
	Copyright = "Copyright © 2026 CDOP Case Manager contributors"
	Licence   = "MIT"
)
