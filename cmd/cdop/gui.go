package main

import (
	"errors"
	"fmt"
	"io/fs"
	"log"
	"net/url"
	"os"
	"os/user"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/container"
	fynestorage "fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"casemanager/app"
	"casemanager/cdop"
	"casemanager/icons"
	"casemanager/outfile"
	"casemanager/release"
	"casemanager/storage"
)

// appID is the application's unique ID, as FyneApp.toml states it.
const appID = release.AppID

// newFyneApp returns the Fyne application, whose storage root holds the
// default database.
func newFyneApp() fyne.App {
	a := fyneapp.NewWithID(appID)
	a.SetIcon(icons.AppIcon)
	a.Settings().SetTheme(app.Theme())
	return a
}

// runApp opens the desktop app on the database at dbPath ("" for the one
// in the app's data folder, created if missing) and runs it until it is
// closed. When the database cannot be opened, the error is shown in a
// window (a coordinator who started the app from a desktop icon sees no
// terminal) and returned. When it opens read-only (damaged, or on
// read-only media), a window says why and how to restore the newest good
// backup before the app opens, and a banner keeps saying it.
func runApp(a fyne.App, dbPath string) error {
	return runAppLogging(a, dbPath, "")
}

// runAppLogging is runApp for a desktop app whose log is at logPath.
func runAppLogging(a fyne.App, dbPath, logPath string) error {
	d, err := openDesktop(a, dbPath, logPath, timingOptions()...)
	if err != nil {
		return err
	}
	defer d.close()
	switch {
	case d.connect != nil: // the server's password is asked first
		d.connect.Show()
		a.Run()
	case d.notice != nil:
		d.notice.Show()
		a.Run()
	default:
		d.main.ShowAndRun()
	}
	return nil
}

// timingOptions: with CDOP_TIMING set (tools/startup-timing.sh), the app
// writes each start-up moment (app.WithTiming) to stderr with the time it
// came, in seconds since 1970: "cdop timing: MOMENT SECONDS COUNT".
func timingOptions() []app.Option {
	if os.Getenv("CDOP_TIMING") == "" {
		return nil
	}
	return []app.Option{app.WithTiming(func(moment string, count int) {
		fmt.Fprintf(os.Stderr, "cdop timing: %s %.6f %d\n", moment, float64(time.Now().UnixNano())/1e9, count)
	})}
}

// desktop is the desktop app opened on a database, not yet shown.
type desktop struct {
	a       fyne.App
	logPath string
	opts    []app.Option

	db     *storage.DB
	ui     *app.UI
	main   fyne.Window
	notice fyne.Window // why the database is read-only; nil when it is not
	// connect asks for a server's password before the main window opens;
	// nil when none is needed.
	connect fyne.Window
	ready   atomic.Bool // ui is set
	// switched, when set, is told once the app has switched to this
	// computer's database (openLocal), on the goroutine that switched it.
	switched func()
}

// openDesktop opens the database and builds the app's windows (see
// runApp); logPath names the log file the About window shows. With no
// database named, the most recent server connection opens when the last
// database opened from the app was a server's, else the file in the app's
// data folder.
func openDesktop(a fyne.App, dbPath, logPath string, opts ...app.Option) (*desktop, error) {
	d := &desktop{a: a, logPath: logPath, opts: opts}
	if dbPath == "" && a.Preferences().Bool(prefServerAtStart) {
		if s, ok := app.RecentServer(a.Preferences()); ok {
			dbPath = s.URL()
		}
	}
	if dbPath == "" {
		p, err := defaultDatabase()
		if err != nil {
			showStartupError(a, "", err)
			return nil, err
		}
		dbPath = p
	}
	outfile.CleanStale("", os.TempDir()) // drafts of extracts of a killed app
	cleanStale(dbPath)                   // outputs a killed app left (a server's: in the data folder)
	if storage.IsServerURL(dbPath) {
		return d, d.openServer(dbPath)
	}
	db, err := d.openStore(dbPath)
	if err != nil {
		showStartupError(a, dbPath, err)
		return nil, fmt.Errorf("opening the case database %s: %w", dbPath, err)
	}
	d.build(db, dbPath)
	warnIfOnNetwork(d.main, dbPath)
	if why := db.Refusal(); why != nil {
		d.notice = newStartupErrorWindow(a, dbPath, why, d.main.Show)
	}
	return d, nil
}

// openStore opens the database at path, telling the app (once built) when
// a save waits for another user and when the file turns out damaged.
func (d *desktop) openStore(path string, opts ...storage.Option) (*storage.DB, error) {
	onUI := func(f func(*app.UI)) {
		fyne.Do(func() {
			if d.ready.Load() {
				f(d.ui)
			}
		})
	}
	opts = append(opts,
		// A server's database has no folder: its backups made here (an
		// administrator's "Back up now", the one before a restore) go in
		// the app's data folder, as the commands' do. No daily backup runs
		// on a server (its backups are its administrator's).
		storage.ServerBackups(filepath.Dir(outputAnchor(path))),
		storage.OnWait(func(waiting bool) { onUI(func(u *app.UI) { u.SetWaiting(waiting) }) }),
		storage.OnDamage(func(why error) { onUI(func(u *app.UI) { u.SetReadOnly(why) }) }))
	return storage.Open(path, cdop.SystemClock{}, opts...)
}

// build makes the app over db in the main window (made the first time),
// replacing the app of the database open before, which it closes.
func (d *desktop) build(db *storage.DB, dbPath string) {
	if d.ui != nil {
		d.ui.Close()
	}
	if d.db != nil {
		d.db.Close()
	}
	d.db = db
	first := d.main == nil
	if first {
		d.main = d.a.NewWindow("CDOP Case Manager")
		d.main.SetMaster()
	}
	mk, err := extractMaker(db, cdop.SystemClock{}, false)
	var extracts app.Extracts = mk
	if err != nil {
		extracts = nil // no data folder for the pseudonym key: the screen says so
		log.Printf("dataset extracts: %v", err)
	}
	services := app.Services{Cases: db, Flow: db, Meetings: db, Extracts: extracts, Publications: db, Backups: db, Accounts: db, Import: db,
		Outputs: outputOptions(outputAnchor(dbPath), false), Changes: db, Returns: db}
	opts := append(append([]app.Option{}, d.opts...), app.ConnectToServer(d.connectConfig(nil)))
	d.ui = app.New(d.main, services, cdop.SystemClock{}, osUser(), opts...)
	d.ready.Store(true)
	d.ui.SetMainMenu(aboutThisInstallation(d.a, storage.RedactURL(dbPath), d.logPath))
	if first {
		placeMainWindow(d.a, d.main) // once the window has its content (GLFW is up)
	}
	if why := db.Refusal(); why != nil {
		d.ui.SetReadOnly(why)
	}
}

// close closes the app and its database.
func (d *desktop) close() {
	if d.ui != nil {
		d.ui.Close()
	}
	if d.db != nil {
		d.db.Close()
	}
}

// showStartupError shows, in a window of its own, why the app could not
// start: the error, the database's path (with a button to show its
// folder), and what to do; it returns when the window is closed.
func showStartupError(a fyne.App, dbPath string, err error) {
	w := newStartupErrorWindow(a, dbPath, err, nil)
	w.ShowAndRun()
}

// newStartupErrorWindow builds the window showStartupError shows; dbPath
// is "" when the app's data folder could not be found or made. With
// readOnly set, the database did open, read-only: the window says why, and
// its "Continue read-only" button (as closing it does) runs readOnly.
func newStartupErrorWindow(a fyne.App, dbPath string, err error, readOnly func()) fyne.Window {
	heading := "The case database could not be opened"
	if readOnly != nil {
		heading = "The case database is open read-only"
	}
	w := a.NewWindow("CDOP Case Manager — " + strings.ToLower(heading[:1]) + heading[1:])
	if readOnly == nil {
		w.SetMaster()
	}
	title := widget.NewLabelWithStyle(heading, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
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
	var last fyne.CanvasObject = quit
	if readOnly != nil {
		quit.Importance = widget.MediumImportance
		quit.OnTapped = a.Quit
		cont := widget.NewButtonWithIcon("Continue read-only", theme.VisibilityIcon(), w.Close)
		cont.Importance = widget.HighImportance
		w.SetOnClosed(readOnly)
		last = container.NewHBox(quit, cont)
	}

	body := container.NewVBox(
		container.NewBorder(nil, nil, widget.NewIcon(theme.NewErrorThemedResource(theme.ErrorIcon())), nil, title),
		message,
		widget.NewLabelWithStyle("Database file", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		where,
		advice,
	)
	buttons := container.NewHBox(folder, copyDetails, widget.NewLabel(""), last)
	w.SetContent(container.NewPadded(container.NewBorder(nil, container.NewBorder(nil, nil, nil, buttons), nil, nil, body)))
	w.Resize(fyne.NewSize(720, 360))
	return w
}

// startupAdvice says what to do about an error opening the database,
// chosen by the error's code (never by its wording).
func startupAdvice(err error) string {
	switch cdop.ErrorCode(err) {
	case cdop.ENEWER:
		return "This database was last used by a newer version of the CDOP Case Manager. Install that version (or a later one) to open it; this version leaves the file untouched."
	case cdop.ENOTDB:
		return "The file is not a case database: another program's file, or a copy left half-written. Nothing has been changed. Open the right file (cdop --db PATH), or restore your latest backup (cdop restore FILE)."
	case cdop.EDAMAGED:
		return "The database is damaged. You can read what is in it, but nothing can be saved. Restore the newest good backup: in the app, open Backups and choose Restore this one…; on the command line, cdop restore FILE. The damaged file is kept beside it."
	case cdop.EREADONLY:
		return "The database is on read-only media or in a folder you cannot write to. You can read, search and make PDFs and extracts to another folder, but nothing can be saved. To make changes, copy it to a folder you can write to and open it there."
	case cdop.EBUSY:
		return "Another user or program is using the database. Try again when it has finished."
	case cdop.ENOTFOUND:
		return "Check the path: the database or its folder is not there. Nothing has been created."
	}
	if errors.Is(err, fs.ErrPermission) {
		return "Your account cannot read or write this file. Ask whoever looks after this computer to give you access, or open another database with cdop --db PATH."
	}
	return "Nothing has been changed. Close this window and try again; if the problem continues, give the details (Copy the details) to whoever supports the case manager."
}

// osUser names the operating system's user, whom the desktop's audit rows
// record until the desktop signs its users in.
func osUser() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	return "unknown"
}
