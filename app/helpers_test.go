package app_test

import (
	"net/url"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	fynestorage "fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"casemanager/app"
	"casemanager/cdop"
	"casemanager/extract"
	"casemanager/memstore"
	"casemanager/outfile"
	"casemanager/storage"
)

// today is the fixed date the UI tests run on.
var today = time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)

// store is what the app works through in a test: the services of SQLite
// on a temp file (newHarness) or of memstore (newMemHarness), which the
// conformance suite (cdop/cdoptest) holds to the same behaviour.
type store interface {
	cdop.CaseService
	cdop.FlowService
	cdop.MeetingService
}

// harness is the app in a headless window over a store: a real SQLite
// database in a temp file, or memstore for tests that need nothing of
// SQLite's own (extracts, reopening the file).
type harness struct {
	t      *testing.T
	window fyne.Window
	ui     *app.UI
	db     *storage.DB // the SQLite store; nil over memstore
	store  store       // what the app works through: db, or memstore

	keyPath    string      // the installation's pseudonym key
	asked      []saveAsked // what the app asked when it wanted a file to save to
	opened     []*url.URL  // what the app opened in the system's viewer
	fileDialog chooser     // the app's own way of asking: the file-save dialog
}

// chooser asks where to save a file, as app.UI.ChooseSaveFile does.
type chooser = func(title, name string, extensions []string, done func(fyne.URIWriteCloser, error))

// saveAsked is one request of the app for a file to save to.
type saveAsked struct {
	title, name string
	extensions  []string
}

func newHarness(t *testing.T) *harness {
	t.Helper()
	test.NewTempApp(t)
	db := openStore(t)
	return newUI(t, db, db)
}

// openStore opens a store in a new temp file, closed when the test ends.
func openStore(t *testing.T) *storage.DB {
	t.Helper()
	db, err := storage.Open(filepath.Join(t.TempDir(), "cdop.db"), cdop.FixedClock(today))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// newMemHarness is the app over memstore: no file, no SQLite, no extracts.
func newMemHarness(t *testing.T) *harness {
	t.Helper()
	test.NewTempApp(t)
	return newUI(t, memstore.New(cdop.FixedClock(today)), nil)
}

// newWindow is a headless window of a laptop's size, closed when the test ends.
func newWindow(t *testing.T) fyne.Window {
	w := test.NewWindow(nil)
	w.Resize(fyne.NewSize(1280, 800))
	t.Cleanup(w.Close)
	return w
}

// newUI builds the app in a new headless window over s; db, when not nil,
// is s on SQLite, which also makes the dataset extracts and whose files no
// save may replace; with changes the services further.
func newUI(t *testing.T, s store, db *storage.DB, with ...func(*app.Services)) *harness {
	w := newWindow(t)
	keyPath := filepath.Join(t.TempDir(), "data", "pseudonym.key")
	services := app.Services{Cases: s, Flow: s, Meetings: s}
	if db != nil {
		services.Extracts = extract.Maker{Store: db, KeyPath: keyPath, AppVersion: "ui-test-1.0", Clock: cdop.FixedClock(today)}
		var protected outfile.Protected
		protected.AddDatabase(db.Path())
		protected.AddFile(keyPath, "the installation's pseudonym key")
		protected.AddFolder(storage.BackupsFolder(db.Path()), "the backups folder")
		services.Outputs = outfile.Options{Protected: protected}
		services.Publications = db
	}
	for _, f := range with {
		f(&services)
	}
	h := startUI(t, w, w, s, db, services)
	h.keyPath = keyPath
	h.ui.OpenURL = func(u *url.URL) error {
		h.opened = append(h.opened, u)
		return nil
	}
	h.fileDialog = h.ui.ChooseSaveFile
	h.saveTo("") // a test that saves says where
	return h
}

// startUI builds the app over services into window (the test window w, or
// one wrapping it) and waits for its first screen; s and db are as newUI's.
func startUI(t *testing.T, w, window fyne.Window, s store, db *storage.DB, services app.Services) *harness {
	h := &harness{t: t, window: w, db: db, store: s}
	h.ui = app.New(window, services, cdop.FixedClock(today), "ui-test", app.ApplyOnWait())
	t.Cleanup(h.ui.Close)
	h.ui.Wait()
	return h
}

// saveTo answers the app's next requests for a file to save to, as the
// file-save dialog would, with a writer of the file at path; "" cancels,
// as a person closing the dialog does.
func (h *harness) saveTo(path string) {
	h.ui.ChooseSaveFile = func(title, name string, extensions []string, done func(fyne.URIWriteCloser, error)) {
		h.asked = append(h.asked, saveAsked{title, name, extensions})
		if path == "" {
			done(nil, nil)
			return
		}
		done(fynestorage.Writer(fynestorage.NewFileURI(path)))
	}
}

// lastAsked returns the app's last request for a file to save to.
func (h *harness) lastAsked() saveAsked {
	h.t.Helper()
	if len(h.asked) == 0 {
		h.t.Fatal("the app never asked where to save")
	}
	return h.asked[len(h.asked)-1]
}

// reopen closes the store and opens the same file in a new UI, as after a restart.
func (h *harness) reopen() *harness {
	h.t.Helper()
	path := h.db.Path()
	if err := h.db.Close(); err != nil {
		h.t.Fatal(err)
	}
	db, err := storage.Open(path, cdop.FixedClock(today))
	if err != nil {
		h.t.Fatal(err)
	}
	h.t.Cleanup(func() { db.Close() })
	return newUI(h.t, db, db)
}

// searchBox returns the case register's search entry.
func (h *harness) searchBox() *widget.Entry {
	h.t.Helper()
	var found *widget.Entry
	walk(h.window.Content(), func(o fyne.CanvasObject) bool {
		if e := as[widget.Entry](o); e != nil && e.PlaceHolder == "Search by reference, name or NHS number" {
			found = e
			return false
		}
		return true
	})
	if found == nil {
		h.t.Fatal("no search box on screen")
	}
	return found
}

// focusedEntry returns the text box with the cursor (Fyne's entry, which
// the app's boxes are built on); nil when the cursor is in none.
func (h *harness) focusedEntry() *widget.Entry {
	o, _ := h.window.Canvas().Focused().(fyne.CanvasObject)
	if o == nil {
		return nil
	}
	return as[widget.Entry](o)
}

// walk calls visit for every visible object under o, depth first, in layout
// order; what is hidden (e.g. the content of tabs not selected) is skipped.
func walk(o fyne.CanvasObject, visit func(fyne.CanvasObject) bool) bool {
	if o == nil || !o.Visible() {
		return true
	}
	if !visit(o) {
		return false
	}
	switch x := o.(type) {
	case *fyne.Container:
		for _, child := range x.Objects {
			if !walk(child, visit) {
				return false
			}
		}
	case *container.Scroll:
		return walk(x.Content, visit)
	case fyne.Widget:
		for _, child := range test.WidgetRenderer(x).Objects() {
			if !walk(child, visit) {
				return false
			}
		}
	}
	return true
}

// screens returns what is on screen: the top dialog or pop-up, if any, then the window's content.
func (h *harness) screens() []fyne.CanvasObject {
	var out []fyne.CanvasObject
	if top := h.window.Canvas().Overlays().Top(); top != nil {
		out = append(out, top)
	}
	return append(out, h.window.Content())
}

// find returns the first visible object on screen that match accepts,
// looking in the top dialog first.
func (h *harness) find(match func(fyne.CanvasObject) bool) fyne.CanvasObject {
	var found fyne.CanvasObject
	for _, root := range h.screens() {
		walk(root, func(o fyne.CanvasObject) bool {
			if match(o) {
				found = o
				return false
			}
			return true
		})
		if found != nil {
			break
		}
	}
	return found
}

// button finds the visible button whose text is text.
func (h *harness) button(text string) *widget.Button {
	h.t.Helper()
	found, _ := h.find(func(o fyne.CanvasObject) bool {
		b, ok := o.(*widget.Button)
		return ok && b.Text == text
	}).(*widget.Button)
	if found == nil {
		h.t.Fatalf("no button %q on screen", text)
	}
	return found
}

// field finds the editor (entry, select or checklist) placed under or beside the label text.
func (h *harness) field(label string) fyne.CanvasObject {
	h.t.Helper()
	c, _ := h.find(func(o fyne.CanvasObject) bool {
		c, ok := o.(*fyne.Container)
		if !ok || len(c.Objects) < 2 {
			return false
		}
		l, ok := c.Objects[0].(*widget.Label)
		if !ok || l.Text != label {
			return false
		}
		switch unwrap(c.Objects[1]).(type) {
		case *widget.Entry, *widget.Select, *widget.SelectEntry, *widget.CheckGroup:
			return true
		}
		// the app's own boxes, built on Fyne's
		return as[widget.Entry](unwrap(c.Objects[1])) != nil || as[widget.SelectEntry](unwrap(c.Objects[1])) != nil
	}).(*fyne.Container)
	var found fyne.CanvasObject
	if c != nil {
		found = unwrap(c.Objects[1])
	}
	if found == nil {
		h.t.Fatalf("no field labelled %q on screen", label)
	}
	return found
}

// unwrap returns the control inside o when o gives it a name for screen
// readers (app.Labelled), or o itself.
func unwrap(o fyne.CanvasObject) fyne.CanvasObject {
	if control, ok := app.Labelled(o); ok {
		return control
	}
	return o
}

// fieldError returns the error text shown under a field ("" when none is shown).
func (h *harness) fieldError(label string) string {
	h.t.Helper()
	if c := h.boxUnder(label, 3); c != nil {
		if e := as[widget.Label](c.Objects[2]); e != nil && c.Objects[2].Visible() {
			return e.Text
		}
	}
	return ""
}

// boxUnder returns the first container on screen that begins with a label
// reading label and holds at least n objects (a field's: the label, the
// editor, its error line), or nil.
func (h *harness) boxUnder(label string, n int) *fyne.Container {
	var found *fyne.Container
	walk(h.window.Content(), func(o fyne.CanvasObject) bool {
		c, ok := o.(*fyne.Container)
		if !ok || len(c.Objects) < n {
			return true
		}
		if l, ok := c.Objects[0].(*widget.Label); ok && l.Text == label {
			found = c
			return false
		}
		return true
	})
	return found
}

// typeInto types text into the entry labelled label, as a person would.
func (h *harness) typeInto(label, text string) {
	h.t.Helper()
	box := h.field(label)
	e := as[widget.Entry](box)
	if e == nil {
		h.t.Fatalf("field %q is not a text entry", label)
	}
	h.window.Canvas().Focus(box.(fyne.Focusable))
	test.Type(e, text)
	h.ui.Wait()
}

// choose opens the drop-down labelled label and taps the option.
func (h *harness) choose(label, option string) {
	h.t.Helper()
	s, ok := h.field(label).(*widget.Select)
	if !ok {
		h.t.Fatalf("field %q is not a drop-down", label)
	}
	h.chooseIn(s, label, option)
}

// chooseFrom opens the drop-down showing placeholder and taps the option.
func (h *harness) chooseFrom(placeholder, option string) {
	h.t.Helper()
	s := as[widget.Select](h.find(func(o fyne.CanvasObject) bool {
		s := as[widget.Select](o)
		return s != nil && s.PlaceHolder == placeholder
	}))
	if s == nil {
		h.t.Fatalf("no drop-down %q on screen", placeholder)
	}
	h.chooseIn(s, placeholder, option)
}

func (h *harness) chooseIn(s *widget.Select, label, option string) {
	h.t.Helper()
	test.Tap(s)
	overlay := h.window.Canvas().Overlays().Top()
	if overlay == nil {
		h.t.Fatalf("tapping %q opened no menu", label)
	}
	// The innermost tappable holding the option's text is its menu item.
	var item fyne.Tappable
	walk(overlay, func(o fyne.CanvasObject) bool {
		if t, ok := o.(fyne.Tappable); ok && hasText(o, option) {
			item = t
		}
		return true
	})
	if item != nil {
		test.Tap(item)
	} else {
		h.t.Fatalf("drop-down %q has no option %q", label, option)
	}
	if got := s.Selected; got != option {
		h.t.Fatalf("drop-down %q shows %q after choosing %q", label, got, option)
	}
	h.ui.Wait()
}

// hasText reports whether a text object under o reads exactly text.
func hasText(o fyne.CanvasObject, text string) bool {
	found := false
	walk(o, func(c fyne.CanvasObject) bool {
		switch x := c.(type) {
		case *widget.Label:
			found = x.Text == text
		case *widget.RichText:
			found = x.String() == text
		case *canvas.Text:
			found = x.Text == text
		}
		return !found
	})
	return found
}

// table returns the case register's table.
func (h *harness) table() *widget.Table {
	h.t.Helper()
	var found *widget.Table
	walk(h.window.Content(), func(o fyne.CanvasObject) bool {
		if t, ok := o.(*widget.Table); ok {
			found = t
			return false
		}
		return true
	})
	if found == nil {
		h.t.Fatal("no table on screen")
	}
	return found
}

// rows returns the rows of the table on screen as it shows them, cell by cell.
func (h *harness) rows() [][]string {
	t := h.table()
	n, cols := t.Length()
	out := make([][]string, n)
	for r := range out {
		out[r] = make([]string, cols)
		for c := range out[r] {
			cell := t.CreateCell()
			t.UpdateCell(widget.TableCellID{Row: r, Col: c}, cell)
			out[r][c] = strings.Join(texts(cell), " / ")
		}
	}
	return out
}

// texts returns the visible label texts under o, in layout order.
func texts(o fyne.CanvasObject) []string {
	var out []string
	walk(o, func(c fyne.CanvasObject) bool {
		if l, ok := c.(*widget.Label); ok && l.Text != "" {
			out = append(out, l.Text)
		}
		return true
	})
	return out
}

// openTab taps the tab of the case page titled title.
func (h *harness) openTab(title string) {
	h.t.Helper()
	tabs := h.tabs()
	var tab fyne.Tappable
	walk(tabs, func(o fyne.CanvasObject) bool {
		if t, ok := o.(fyne.Tappable); ok && hasText(o, title) {
			tab = t
		}
		return true
	})
	if tab == nil {
		h.t.Fatalf("no tab %q", title)
	}
	test.Tap(tab)
	if got := tabs.Selected().Text; got != title {
		h.t.Fatalf("tab %q is showing after tapping %q", got, title)
	}
	h.ui.Wait()
}

// tabs returns the tabs on screen.
func (h *harness) tabs() *container.AppTabs {
	h.t.Helper()
	var tabs *container.AppTabs
	walk(h.window.Content(), func(o fyne.CanvasObject) bool {
		tabs, _ = o.(*container.AppTabs)
		return tabs == nil
	})
	if tabs == nil {
		h.t.Fatal("no tabs on screen")
	}
	return tabs
}

// tick ticks (or unticks) the option of the checklist labelled label.
func (h *harness) tick(label, option string) {
	h.t.Helper()
	group, ok := h.field(label).(*widget.CheckGroup)
	if !ok {
		h.t.Fatalf("field %q is not a checklist", label)
	}
	var box *widget.Check
	walk(group, func(o fyne.CanvasObject) bool {
		if c, ok := o.(*widget.Check); ok && c.Text == option {
			box = c
			return false
		}
		return true
	})
	if box == nil {
		h.t.Fatalf("checklist %q has no option %q", label, option)
	}
	test.Tap(box)
	h.ui.Wait()
}

// entry finds the visible entry whose placeholder is placeholder (in a
// dialog first); it returns the entry and the widget that takes the
// keyboard's focus (the entry itself, or the dialog's widget built on it).
func (h *harness) entry(placeholder string) (*widget.Entry, fyne.Focusable) {
	h.t.Helper()
	o := h.find(func(o fyne.CanvasObject) bool {
		e := as[widget.Entry](o)
		return e != nil && e.PlaceHolder == placeholder
	})
	if o == nil {
		h.t.Fatalf("no entry with placeholder %q on screen", placeholder)
	}
	return as[widget.Entry](o), o.(fyne.Focusable)
}

// typeIn types text into the entry with the given placeholder.
func (h *harness) typeIn(placeholder, text string) {
	h.t.Helper()
	_, e := h.entry(placeholder)
	h.window.Canvas().Focus(e)
	test.Type(e, text)
	h.ui.Wait()
}

// press presses a key (e.g. fyne.KeyEscape) where the keyboard's focus is,
// or on the window when nothing has it, as the desktop driver does.
func (h *harness) press(key fyne.KeyName) {
	h.t.Helper()
	ev := &fyne.KeyEvent{Name: key}
	if f := h.window.Canvas().Focused(); f != nil {
		f.TypedKey(ev)
	} else if on := h.window.Canvas().OnTypedKey(); on != nil {
		on(ev)
	}
	h.ui.Wait()
}

// as returns o as a *T: o itself, or the widget of type T that o is built
// on (the app's dialogs embed entries and drop-downs to hear Enter and
// Escape); nil when o is neither.
func as[T any](o fyne.CanvasObject) *T {
	if x, ok := any(o).(*T); ok {
		return x
	}
	v := reflect.ValueOf(o)
	if v.Kind() != reflect.Pointer || v.IsNil() || v.Elem().Kind() != reflect.Struct {
		return nil
	}
	want := reflect.TypeFor[T]()
	for i := range v.Elem().NumField() {
		if f := v.Elem().Type().Field(i); f.Anonymous && f.Type == want {
			return v.Elem().Field(i).Addr().Interface().(*T)
		}
	}
	return nil
}

// tapInRow taps the button text in the row that shows rowText (the
// innermost container holding both).
func (h *harness) tapInRow(rowText, text string) {
	h.t.Helper()
	var row *fyne.Container
	walk(h.window.Content(), func(o fyne.CanvasObject) bool {
		if c, ok := o.(*fyne.Container); ok && hasText(c, rowText) && hasButton(c, text) {
			row = c
		}
		return true
	})
	if row == nil {
		h.t.Fatalf("no row showing %q with a button %q", rowText, text)
	}
	var b *widget.Button
	walk(row, func(o fyne.CanvasObject) bool {
		b, _ = o.(*widget.Button)
		if b != nil && b.Text == text {
			return false
		}
		b = nil
		return true
	})
	test.Tap(b)
	h.ui.Wait()
}

func hasButton(o fyne.CanvasObject, text string) bool {
	found := false
	walk(o, func(c fyne.CanvasObject) bool {
		b, ok := c.(*widget.Button)
		found = ok && b.Text == text
		return !found
	})
	return found
}

// rowOf returns the texts of the innermost row showing rowText.
func (h *harness) rowOf(rowText string) []string {
	h.t.Helper()
	var row *fyne.Container
	walk(h.window.Content(), func(o fyne.CanvasObject) bool {
		if c, ok := o.(*fyne.Container); ok && hasText(c, rowText) && len(c.Objects) > 2 {
			row = c
		}
		return true
	})
	if row == nil {
		h.t.Fatalf("no row showing %q", rowText)
	}
	return texts(row)
}

// tap taps the button with the given text and waits for its work.
func (h *harness) tap(text string) {
	h.t.Helper()
	test.Tap(h.button(text))
	h.ui.Wait()
}

// screenText returns every piece of text on screen (labels, and text drawn
// straight on the canvas), for assertions about what a person sees.
func (h *harness) screenText() []string { return textsIn(h.window.Content()) }

// textsIn returns every piece of text under o (labels, menu items and text
// drawn straight on the canvas), in layout order.
func textsIn(o fyne.CanvasObject) []string {
	var out []string
	walk(o, func(o fyne.CanvasObject) bool {
		switch x := o.(type) {
		case *widget.Label:
			if x.Text != "" {
				out = append(out, x.Text)
			}
		case *canvas.Text:
			if x.Text != "" {
				out = append(out, x.Text)
			}
		}
		return true
	})
	return out
}
