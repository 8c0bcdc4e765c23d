package app

import (
	"net/url"
	"path/filepath"
	"runtime"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// About is what the About window says about the program and about where
// this installation keeps its data.
type About struct {
	Name      string // "CDOP Case Manager"
	Version   string // "0.1.0"
	Copyright string
	Licence   string // "MIT"
	// DataFolder holds the database (unless another is opened), the
	// pseudonym key and the log.
	DataFolder string
	Database   string // the database open now
	LogFile    string // "" when there is none
	// OpenURL opens a folder in the system's file manager.
	OpenURL func(*url.URL) error
}

// ShowAbout shows the About window over w.
func ShowAbout(w fyne.Window, about About) {
	if open := about.OpenURL; open != nil {
		about.OpenURL = func(link *url.URL) error {
			err := open(link)
			if err != nil {
				showOpenFailed(w, nativeFilePath(runtime.GOOS, about.DataFolder))
			}
			return err
		}
	}
	d := dialog.NewCustom("About "+about.Name, "Close", newAboutContent(about), w)
	d.Resize(fyne.NewSize(620, 0))
	d.Show()
	closeKeys(w, d, nil)
}

// newAboutContent lays out the About window: the program, its version and
// licence, and where the data lives, with a button to show the folder.
func newAboutContent(about About) fyne.CanvasObject {
	title := widget.NewLabelWithStyle(about.Name, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.SizeName = theme.SizeNameSubHeadingText
	version := widget.NewLabel("Version " + about.Version)
	licence := widget.NewLabel(about.Copyright + ". Free software under the " + about.Licence +
		" licence; the licences of the components it includes are in THIRD_PARTY_NOTICES beside the program.")
	licence.Wrapping = fyne.TextWrapWord

	path := func(p string) *widget.Label {
		l := widget.NewLabelWithStyle(nativeFilePath(runtime.GOOS, p), fyne.TextAlignLeading, fyne.TextStyle{Monospace: true})
		l.Wrapping = fyne.TextWrapBreak
		l.Selectable = true // to copy
		return l
	}
	heading := func(text string) *widget.Label {
		return widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	items := []fyne.CanvasObject{title, version, licence,
		heading("Data folder (the database, the pseudonym key and the log)"), path(about.DataFolder)}
	if about.Database != "" && filepath.Dir(about.Database) != about.DataFolder {
		items = append(items, heading("Database open now"), path(about.Database))
	}
	if about.LogFile != "" {
		items = append(items, heading("Log file"), path(about.LogFile))
	}
	advice := widget.NewLabel("Keep the data folder on this computer's own disk, never on a network drive, " +
		"and back the database up with cdop backup.")
	advice.Wrapping = fyne.TextWrapWord
	items = append(items, advice)
	show := widget.NewButtonWithIcon("Show the data folder", theme.FolderOpenIcon(), func() {
		if link, err := url.Parse(storage.NewFileURI(about.DataFolder).String()); err == nil && about.OpenURL != nil {
			_ = about.OpenURL(link)
		}
	})
	items = append(items, container.NewHBox(show))
	return container.NewVBox(items...)
}

// nativePath is the path of a file URI as the user's system writes it
// (C:\CDOP data\pack.pdf on Windows); another URI as it is.
func nativePath(uri fyne.URI) string {
	if uri.Scheme() != "file" {
		return uri.String()
	}
	return nativeFilePath(runtime.GOOS, uri.Path())
}

// nativeFilePath turns the path of a file URI, which Fyne writes with
// forward slashes (C:/CDOP data/pack.pdf, or /C:/... when parsed from a
// URI), into goos's own form.
func nativeFilePath(goos, p string) string {
	if goos != "windows" {
		return p
	}
	if len(p) >= 3 && p[0] == '/' && p[2] == ':' {
		p = p[1:] // /C:/x is C:/x
	}
	return strings.ReplaceAll(p, "/", `\`)
}
