// Package datadir decides where the app keeps its data on each operating
// system (the case database, the pseudonym key and the log), moves the
// data of an older version once from where that version kept it, and
// warns when a database would sit on a network drive, where SQLite's
// write-ahead log must not be used.
//
// The decisions are pure functions of an Env, so that the Windows rules
// are tested on any machine.
package datadir

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
)

// WindowsFolderName names the data folder under %LOCALAPPDATA% on Windows.
const WindowsFolderName = "CDOP Case Manager"

// Env is what the data folder depends on: the operating system and the
// folders it names for the user.
type Env struct {
	GOOS         string // runtime.GOOS
	Home         string // the user's home folder
	ConfigDir    string // os.UserConfigDir (Linux: $XDG_CONFIG_HOME, else ~/.config)
	LocalAppData string // %LOCALAPPDATA% (Windows; may be empty)
	AppData      string // %APPDATA% (Windows; may be empty)
}

// Current returns the Env of this process.
func Current() (Env, error) {
	home, err := os.UserHomeDir()
	if err != nil {
		return Env{}, fmt.Errorf("finding the home folder: %w", err)
	}
	e := Env{GOOS: runtime.GOOS, Home: home, LocalAppData: os.Getenv("LOCALAPPDATA"), AppData: os.Getenv("APPDATA")}
	if e.GOOS != "windows" && e.GOOS != "darwin" {
		if e.ConfigDir, err = os.UserConfigDir(); err != nil {
			return Env{}, fmt.Errorf("finding the configuration folder: %w", err)
		}
	}
	return e, nil
}

// Folder returns the app's data folder for the app ID appID:
//   - Windows: %LOCALAPPDATA%\CDOP Case Manager, in the local (not the
//     roaming) profile, so that a database never roams between machines;
//   - macOS: ~/Library/Preferences/fyne/APPID and Linux:
//     $XDG_CONFIG_HOME/fyne/APPID (Fyne's storage root for the app).
func Folder(e Env, appID string) string {
	switch e.GOOS {
	case "windows":
		local := e.LocalAppData
		if local == "" {
			local = join(e.GOOS, e.Home, "AppData", "Local")
		}
		return join(e.GOOS, local, WindowsFolderName)
	case "darwin":
		return join(e.GOOS, e.Home, "Library", "Preferences", "fyne", appID)
	}
	config := e.ConfigDir
	if config == "" {
		config = join(e.GOOS, e.Home, ".config")
	}
	return join(e.GOOS, config, "fyne", appID)
}

// LegacyFolder returns where versions up to 0.1 kept the data when it is
// not Folder: on Windows, Fyne's storage root in the roaming profile,
// %APPDATA%\fyne\APPID. It is "" elsewhere.
func LegacyFolder(e Env, appID string) string {
	if e.GOOS != "windows" {
		return ""
	}
	roaming := e.AppData
	if roaming == "" {
		roaming = join(e.GOOS, e.Home, "AppData", "Roaming")
	}
	return join(e.GOOS, roaming, "fyne", appID)
}

// join joins path elements with goos's separator, so that the Windows
// rules give Windows paths when tested elsewhere.
func join(goos string, elem ...string) string {
	if goos == runtime.GOOS {
		return filepath.Join(elem...)
	}
	sep := "/"
	if goos == "windows" {
		sep = `\`
	}
	for i := range elem {
		if i > 0 {
			elem[i] = strings.Trim(elem[i], `/\`)
		} else if len(elem) > 1 {
			elem[i] = strings.TrimRight(elem[i], `/\`)
		}
	}
	return strings.Join(elem, sep)
}
