package app_test

import (
	"path/filepath"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"casemanager/app"
	"casemanager/cdop"
	"casemanager/storage"
)

// today is the fixed date the UI tests run on.
var today = time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)

// harness is the app in a headless window over a real store in a temp file.
type harness struct {
	t      *testing.T
	window fyne.Window
	ui     *app.UI
	db     *storage.DB
}

func newHarness(t *testing.T) *harness {
	t.Helper()
	test.NewTempApp(t)
	db, err := storage.Open(filepath.Join(t.TempDir(), "cdop.db"), cdop.FixedClock(today))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return newUI(t, db)
}

// newUI builds the app in a new headless window over db.
func newUI(t *testing.T, db *storage.DB) *harness {
	w := test.NewWindow(nil)
	w.Resize(fyne.NewSize(1280, 800))
	t.Cleanup(w.Close)
	h := &harness{t: t, window: w, db: db}
	h.ui = app.New(w, db, cdop.FixedClock(today), "ui-test")
	h.ui.Wait()
	return h
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
	return newUI(h.t, db)
}

// searchBox returns the case register's search entry.
func (h *harness) searchBox() *widget.Entry {
	h.t.Helper()
	var found *widget.Entry
	walk(h.window.Content(), func(o fyne.CanvasObject) bool {
		if e, ok := o.(*widget.Entry); ok && e.PlaceHolder == "Search by reference, name or NHS number" {
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

// walk calls visit for every object under o, depth first, in layout order.
func walk(o fyne.CanvasObject, visit func(fyne.CanvasObject) bool) bool {
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

// button finds the visible button whose text is text.
func (h *harness) button(text string) *widget.Button {
	h.t.Helper()
	var found *widget.Button
	walk(h.window.Content(), func(o fyne.CanvasObject) bool {
		if b, ok := o.(*widget.Button); ok && b.Text == text && b.Visible() {
			found = b
			return false
		}
		return true
	})
	if found == nil {
		h.t.Fatalf("no button %q on screen", text)
	}
	return found
}

// field finds the editor (entry or select) placed under the label text.
func (h *harness) field(label string) fyne.CanvasObject {
	h.t.Helper()
	var found fyne.CanvasObject
	walk(h.window.Content(), func(o fyne.CanvasObject) bool {
		c, ok := o.(*fyne.Container)
		if !ok || len(c.Objects) < 2 {
			return true
		}
		if l, ok := c.Objects[0].(*widget.Label); ok && l.Text == label {
			found = c.Objects[1]
			return false
		}
		return true
	})
	if found == nil {
		h.t.Fatalf("no field labelled %q on screen", label)
	}
	return found
}

// fieldError returns the error text shown under a field ("" when none is shown).
func (h *harness) fieldError(label string) string {
	h.t.Helper()
	var msg string
	walk(h.window.Content(), func(o fyne.CanvasObject) bool {
		c, ok := o.(*fyne.Container)
		if !ok || len(c.Objects) < 3 {
			return true
		}
		if l, ok := c.Objects[0].(*widget.Label); ok && l.Text == label {
			if e, ok := c.Objects[2].(*widget.Label); ok && e.Visible() {
				msg = e.Text
			}
			return false
		}
		return true
	})
	return msg
}

// typeInto types text into the entry labelled label, as a person would.
func (h *harness) typeInto(label, text string) {
	h.t.Helper()
	e, ok := h.field(label).(*widget.Entry)
	if !ok {
		h.t.Fatalf("field %q is not a text entry", label)
	}
	h.window.Canvas().Focus(e)
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

// rows returns the register's rows as the table shows them, cell by cell.
func (h *harness) rows() [][]string {
	t := h.table()
	n, cols := t.Length()
	out := make([][]string, n)
	for r := range out {
		out[r] = make([]string, cols)
		for c := range out[r] {
			cell := t.CreateCell()
			t.UpdateCell(widget.TableCellID{Row: r, Col: c}, cell)
			out[r][c] = cell.(*widget.Label).Text
		}
	}
	return out
}

// tap taps the button with the given text and waits for its work.
func (h *harness) tap(text string) {
	h.t.Helper()
	test.Tap(h.button(text))
	h.ui.Wait()
}

// screenText returns every piece of text on screen, for assertions about what a person sees.
func (h *harness) screenText() []string {
	var out []string
	walk(h.window.Content(), func(o fyne.CanvasObject) bool {
		switch x := o.(type) {
		case *widget.Label:
			if x.Visible() && x.Text != "" {
				out = append(out, x.Text)
			}
		}
		return true
	})
	return out
}
