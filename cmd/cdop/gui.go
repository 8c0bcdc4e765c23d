package main

import (
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/container"
	fynestorage "fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

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

// runApp opens the desktop app on the database at dbPath ("" for the one
// in the app's data folder). When the database cannot be opened, the
// error is shown in a window (a coordinator who started the app from a
// desktop icon sees no terminal) and returned.
func runApp(a fyne.App, dbPath string) error {
	if dbPath == "" {
		p, err := defaultDatabase()
		if err != nil {
			showStartupError(a, "", err)
			return err
		}
		dbPath = p
	}
	db, err := storage.Open(dbPath, cdop.SystemClock{})
	if err != nil {
		showStartupError(a, dbPath, err)
		return fmt.Errorf("opening the case database %s: %w", dbPath, err)
	}
	defer db.Close()

	w := a.NewWindow("CDOP Case Manager")
	w.SetMaster()
	mk, err := extractMaker(db, cdop.SystemClock{}, false)
	var extracts app.Extracts = mk
	if err != nil {
		extracts = nil // no data folder for the pseudonym key: the screen says so
		fmt.Fprintf(os.Stderr, "cdop: dataset extracts: %v\n", err)
	}
	ui := app.New(w, app.Services{Cases: db, Flow: db, Meetings: db, Extracts: extracts, Publications: db}, cdop.SystemClock{}, currentUser())
	w.Resize(fyne.NewSize(1280, 800))
	w.ShowAndRun()
	ui.Close()
	return nil
}

// showStartupError shows, in a window of its own, why the app could not
// start: the error, the database's path (with a button to show its
// folder), and what to do; it returns when the window is closed.
func showStartupError(a fyne.App, dbPath string, err error) {
	w := newStartupErrorWindow(a, dbPath, err)
	w.ShowAndRun()
}

// newStartupErrorWindow builds the window showStartupError shows; dbPath
// is "" when the app's data folder could not be found or made.
func newStartupErrorWindow(a fyne.App, dbPath string, err error) fyne.Window {
	w := a.NewWindow("CDOP Case Manager — the case database could not be opened")
	w.SetMaster()
	title := widget.NewLabelWithStyle("The case database could not be opened", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.SizeName = theme.SizeNameSubHeadingText
	// The path is shown on its own below, so the message need not repeat it.
	text := strings.TrimPrefix(err.Error(), "database "+dbPath+": ")
	if text != "" {
		text = strings.ToUpper(text[:1]) + text[1:]
	}
	message := widget.NewLabel(text)
	message.Wrapping = fyne.TextWrapWord
	message.Importance = widget.DangerImportance
	message.Selectable = true
	where := widget.NewLabelWithStyle(dbPath, fyne.TextAlignLeading, fyne.TextStyle{Monospace: true})
	where.Wrapping = fyne.TextWrapBreak
	where.Selectable = true // to copy
	if dbPath == "" {
		where.SetText("(the app's data folder)")
	}
	advice := widget.NewLabel(startupAdvice(err))
	advice.Wrapping = fyne.TextWrapWord

	folder := widget.NewButtonWithIcon("Show the folder", theme.FolderOpenIcon(), func() {
		if link, err := url.Parse(fynestorage.NewFileURI(filepath.Dir(dbPath)).String()); err == nil {
			a.OpenURL(link)
		}
	})
	if dbPath == "" {
		folder.Hide()
	}
	copyDetails := widget.NewButtonWithIcon("Copy the details", theme.ContentCopyIcon(), func() {
		a.Clipboard().SetContent("Database: " + dbPath + "\nError: " + err.Error())
	})
	quit := widget.NewButtonWithIcon("Quit", theme.CancelIcon(), w.Close)
	quit.Importance = widget.HighImportance

	body := container.NewVBox(
		container.NewBorder(nil, nil, widget.NewIcon(theme.NewErrorThemedResource(theme.ErrorIcon())), nil, title),
		message,
		widget.NewLabelWithStyle("Database file", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		where,
		advice,
	)
	buttons := container.NewHBox(folder, copyDetails, widget.NewLabel(""), quit)
	w.SetContent(container.NewPadded(container.NewBorder(nil, container.NewBorder(nil, nil, nil, buttons), nil, nil, body)))
	w.Resize(fyne.NewSize(720, 360))
	return w
}

// startupAdvice says what to do about an error opening the database.
func startupAdvice(err error) string {
	text := strings.ToLower(err.Error())
	contains := strings.Contains
	switch {
	case contains(text, "newer version"):
		return "This database was last used by a newer version of the CDOP Case Manager. Install that version (or a later one) to open it; this version leaves the file untouched."
	case contains(text, "permission denied"):
		return "Your account cannot read or write this file. Ask whoever looks after this computer to give you access, or open another database with cdop --db PATH."
	case contains(text, "not a database"), contains(text, "malformed"), contains(text, "file is encrypted"):
		return "The file is not a case database, or it is damaged. Restore it from your latest backup (cdop backup makes one); nothing has been changed."
	}
	return "Nothing has been changed. Close this window and try again; if the problem continues, give the details (Copy the details) to whoever supports the case manager."
}
