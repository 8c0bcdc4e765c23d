package main

import (
	"context"
	"os"
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"casemanager/app"
	"casemanager/cdop"
	"casemanager/credstore"
	"casemanager/dbaddr"
	"casemanager/release"
	"casemanager/storage"
)

// The desktop on a database server: the server user's password comes from
// PGPASSWORD, else the operating system's credential store, else the
// coordinator is asked (the connection form, package app). File → Open a
// database on a server… switches the open app to another database.

// prefServerAtStart is set when the last database the app opened was a
// server's (the most recent connection): with no database named, the app
// opens it again at start. Opening this computer's database clears it.
const prefServerAtStart = "server.atStart"

// newCredentials is the store server passwords are kept in; tests replace it.
var newCredentials = func() credstore.Store { return &credstore.OS{Service: release.Name} }

// openServer opens the server's database at url with the password the
// environment or the credential store gives; with none, or one the server
// refuses, it makes the connection window that asks for it.
func (d *desktop) openServer(url string) error {
	s, err := dbaddr.Parse(url)
	if err != nil {
		showStartupError(d.a, "", err)
		return err
	}
	creds := newCredentials()
	var password string
	if os.Getenv("PGPASSWORD") == "" && creds.Available() == nil {
		password, _ = creds.Get(s.Account())
	}
	if os.Getenv("PGPASSWORD") != "" || password != "" {
		db, err := d.openStore(url, storage.ServerPassword(password))
		if err == nil {
			d.build(db, url)
			return nil
		}
		if cdop.ErrorCode(err) != cdop.EUNAUTHENTICATED {
			showStartupError(d.a, storage.RedactURL(url), err)
			return err
		}
	}
	d.connect = d.a.NewWindow("CDOP Case Manager — connect to the database server")
	cfg := d.connectConfig(&s)
	connected := cfg.Connected
	cfg.Connected = func(s dbaddr.Server) {
		connected(s)
		d.main.Show()
		d.connect.Close()
	}
	form := app.NewConnectForm(cfg)
	buttons := container.NewHBox(append([]fyne.CanvasObject{layout.NewSpacer()}, form.Buttons()...)...)
	title := widget.NewLabelWithStyle("Connect to the case database on the server", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.SizeName = theme.SizeNameSubHeadingText
	d.connect.SetContent(container.NewPadded(container.NewBorder(title, buttons, nil, nil, container.NewVScroll(form.Content()))))
	d.connect.Resize(fyne.NewSize(640, 560))
	form.Focus(d.connect.Canvas())
	return nil
}

// connectConfig is the connection form's: Open opens the chosen database
// (kept aside until Connected builds the app over it); initial fills the
// form.
func (d *desktop) connectConfig(initial *dbaddr.Server) app.ConnectConfig {
	var opened *storage.DB // by Open, for Connected
	prefs := d.a.Preferences()
	cfg := app.ConnectConfig{
		Prefs: prefs, Credentials: newCredentials(), Initial: initial,
		Open: func(_ context.Context, address, password string) error {
			db, err := d.openStore(address, storage.ServerPassword(password))
			if err == nil {
				opened = db
			}
			return err
		},
		Connected: func(s dbaddr.Server) {
			prefs.SetBool(prefServerAtStart, true)
			d.build(opened, s.URL())
		},
	}
	if d.main != nil { // from the open app: back to this computer's database
		cfg.Local = d.openLocal
	}
	return cfg
}

// openLocal switches the app to the database in the app's data folder,
// opened off the UI goroutine.
func (d *desktop) openLocal() {
	go func() {
		path, err := defaultDatabase()
		var db *storage.DB
		if err == nil {
			db, err = d.openStore(path)
		}
		fyne.Do(func() {
			if err != nil {
				d.ui.ShowOpenFailed(err)
				return
			}
			d.a.Preferences().SetBool(prefServerAtStart, false)
			d.build(db, path)
			if d.switched != nil {
				d.switched()
			}
		})
	}()
}

// outputAnchor is the path outputs are protected and registered beside:
// the database file, or, for a server's database, the app's data folder.
func outputAnchor(dbPath string) string {
	if !storage.IsServerURL(dbPath) {
		return dbPath
	}
	dir, err := storageRoot()
	if err != nil {
		dir = os.TempDir()
	}
	return filepath.Join(dir, "server")
}
