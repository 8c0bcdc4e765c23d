package main

import (
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"

	"casemanager/app"
	"casemanager/datadir"
	"casemanager/logfile"
	"casemanager/release"
)

// logFileName names the desktop app's log in the app's data folder.
const logFileName = "cdop.log"

// startDesktopLog sends the standard logger, which Fyne's own errors go
// through too, to the log file in the app's data folder as well as to
// stderr (which a Windows GUI program does not have). It returns the log
// file's path ("" when there is none) and a function that closes it.
func startDesktopLog(stderr io.Writer) (string, func()) {
	dir, err := storageRoot()
	if err == nil {
		err = os.MkdirAll(dir, 0o700)
	}
	if err != nil {
		fmt.Fprintf(stderr, "cdop: no log file: %v\n", err)
		return "", func() {}
	}
	path := filepath.Join(dir, logFileName)
	w, err := logfile.Open(path, logfile.DefaultMaxBytes, logfile.DefaultKeep)
	if err != nil {
		fmt.Fprintf(stderr, "cdop: no log file: %v\n", err)
		return "", func() {}
	}
	log.SetOutput(logfile.Tee(w, stderr))
	log.SetFlags(log.LstdFlags)
	log.Printf("%s started", release.Product())
	return path, func() {
		log.SetOutput(stderr)
		w.Close()
	}
}

// aboutThisInstallation is what the About window says: the program, and
// where its data is.
func aboutThisInstallation(a fyne.App, dbPath, logPath string) app.About {
	dir, _ := storageRoot()
	return app.About{
		Name: release.Name, Version: release.Version(), Copyright: release.Copyright, Licence: release.Licence,
		DataFolder: dir, Database: dbPath, LogFile: logPath, OpenURL: a.OpenURL,
	}
}

// warnIfOnNetwork logs, and shows over w, a warning when the database at
// dbPath is on a network drive.
func warnIfOnNetwork(w fyne.Window, dbPath string) {
	warning := datadir.NetworkWarning(dbPath)
	if warning == "" {
		return
	}
	log.Printf("warning: %s", warning)
	dialog.ShowInformation("The database is on a network drive", warning, w)
}
