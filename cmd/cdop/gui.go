package main

import (
	"fmt"
	"os"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"

	"casemanager/app"
	"casemanager/cdop"
	"casemanager/icons"
	"casemanager/storage"
)

// appID is the application's unique ID; it must match FyneApp.toml.
const appID = "uk.cdop.casemanager"

// newFyneApp returns the Fyne application, whose storage root holds the
// default database.
func newFyneApp() fyne.App {
	a := fyneapp.NewWithID(appID)
	a.SetIcon(icons.AppIcon)
	return a
}

// runApp opens the desktop app on the database at dbPath ("" for the app's
// own data folder).
func runApp(a fyne.App, dbPath string) error {
	db, err := storage.Open(dbPath, cdop.SystemClock{})
	if err != nil {
		return fmt.Errorf("opening the case database %s: %w", dbPath, err)
	}
	defer db.Close()

	w := a.NewWindow("CDOP Case Manager")
	w.SetMaster()
	app.New(w, app.Services{Cases: db, Flow: db, Meetings: db}, cdop.SystemClock{}, currentUser())
	w.Resize(fyne.NewSize(1280, 800))
	w.ShowAndRun()
	return nil
}

// defaultDBPath is the database in the app's own data folder (Fyne's
// storage root for the app ID), created if missing.
func defaultDBPath(a fyne.App) (string, error) {
	dir := a.Storage().RootURI().Path()
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("creating the data folder %s: %w", dir, err)
	}
	return dir + string(os.PathSeparator) + "cdop.db", nil
}
