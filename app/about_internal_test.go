package app

import (
	"net/url"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

func TestNativeFilePath(t *testing.T) {
	for _, c := range []struct{ goos, path, want string }{
		{"windows", "C:/CDOP data/panel 2025 #1/CDOP-2025-0001-summary.pdf", `C:\CDOP data\panel 2025 #1\CDOP-2025-0001-summary.pdf`},
		{"windows", "/C:/Users/jo/Documents/extract.csv", `C:\Users\jo\Documents\extract.csv`},
		{"windows", "//fileserver/cdop/pack.pdf", `\\fileserver\cdop\pack.pdf`},
		{"linux", "/home/jo/CDOP data/pack.pdf", "/home/jo/CDOP data/pack.pdf"},
		{"darwin", "/Users/jo/pack.pdf", "/Users/jo/pack.pdf"},
	} {
		if got := nativeFilePath(c.goos, c.path); got != c.want {
			t.Errorf("nativeFilePath(%s, %q) = %q, want %q", c.goos, c.path, got, c.want)
		}
	}
}

// texts returns the labels' and buttons' texts under o.
func texts(o fyne.CanvasObject) string {
	var out []string
	var visit func(fyne.CanvasObject)
	visit = func(o fyne.CanvasObject) {
		switch x := o.(type) {
		case *widget.Label:
			out = append(out, x.Text)
		case *widget.Button:
			out = append(out, x.Text)
		case *fyne.Container:
			for _, c := range x.Objects {
				visit(c)
			}
		}
	}
	visit(o)
	return strings.Join(out, "\n")
}

func TestAboutSaysVersionLicenceAndWhereTheDataIs(t *testing.T) {
	test.NewTempApp(t)
	var opened []*url.URL
	about := About{Name: "CDOP Case Manager", Version: "1.2.3", Copyright: "Copyright © 2026 CDOP Case Manager contributors", Licence: "MIT",
		DataFolder: "/home/jo/.config/fyne/uk.cdop.casemanager", Database: "/srv/cdop/panel.db",
		LogFile: "/home/jo/.config/fyne/uk.cdop.casemanager/cdop.log",
		OpenURL: func(u *url.URL) error { opened = append(opened, u); return nil }}
	content := newAboutContent(about)
	text := texts(content)
	for _, want := range []string{"Version 1.2.3", "MIT licence", "THIRD_PARTY_NOTICES", about.DataFolder, "Database open now", about.Database, about.LogFile, "never on a network drive"} {
		if !strings.Contains(text, want) {
			t.Errorf("the About window does not say %q:\n%s", want, text)
		}
	}
	var show *widget.Button
	for _, o := range content.(*fyne.Container).Objects {
		if box, ok := o.(*fyne.Container); ok {
			show = box.Objects[0].(*widget.Button)
		}
	}
	test.Tap(show)
	if len(opened) != 1 || opened[0].String() != "file:///home/jo/.config/fyne/uk.cdop.casemanager" {
		t.Errorf("Show the data folder opened %v", opened)
	}

	// The database in the data folder is not named twice.
	about.Database = about.DataFolder + "/cdop.db"
	if text := texts(newAboutContent(about)); strings.Contains(text, "Database open now") {
		t.Errorf("the default database is named apart from its folder:\n%s", text)
	}
}

func TestTheAboutWindowShowsTheVersion(t *testing.T) {
	test.NewTempApp(t)
	w := test.NewWindow(container.NewVBox())
	defer w.Close()
	ShowAbout(w, About{Name: "CDOP Case Manager", Version: "1.2.3", DataFolder: "/data"})
	overlay := w.Canvas().Overlays().Top()
	if overlay == nil {
		t.Fatal("About showed nothing")
	}
	shown := false
	for _, o := range test.LaidOutObjects(overlay) {
		if l, ok := o.(*widget.Label); ok && l.Text == "Version 1.2.3" {
			shown = true
		}
	}
	if !shown {
		t.Error("the About window does not show the version")
	}
}
