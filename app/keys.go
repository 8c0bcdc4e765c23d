package app

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// Keyboard behaviour shared by the screens: boxes of several lines that
// Tab leaves, and the cursor placed only once the key that opened a
// screen has been dealt with.

// A text box with the cursor in it hears every key typed, and Fyne's
// Entry drops those it has no use for, F1 among them: the guide would open
// only with the cursor in no box. The app's text boxes hand F1 on to the
// window (helpKey), which shows the guide.

// helpKey hands F1, typed in the text box o, to its window's own key
// handler (UI.onKey, or a dialog's, which passes it on); it reports
// whether key was F1.
func helpKey(o fyne.CanvasObject, key *fyne.KeyEvent) bool {
	if key.Name != fyne.KeyF1 {
		return false
	}
	if c := fyne.CurrentApp().Driver().CanvasForObject(o); c != nil {
		if on := c.OnTypedKey(); on != nil {
			on(key)
		}
	}
	return true
}

// entry is a one-line text box (widget.Entry) in which F1 shows the guide.
type entry struct {
	widget.Entry
}

// newEntry is an empty entry, as widget.NewEntry makes one.
func newEntry() *entry {
	e := &entry{}
	e.Wrapping = fyne.TextWrap(fyne.TextTruncateClip)
	e.ExtendBaseWidget(e)
	return e
}

// TypedKey hands F1 to the window; the entry hears every other key.
func (e *entry) TypedKey(key *fyne.KeyEvent) {
	if !helpKey(e, key) {
		e.Entry.TypedKey(key)
	}
}

// newPasswordEntry is an entry whose text is hidden, with Fyne's button
// that shows it (which Fyne's Entry adds to any entry marked Password).
func newPasswordEntry() *entry {
	e := newEntry()
	e.Password = true
	return e
}

// selectEntry is a text box with a list to pick from (widget.SelectEntry)
// in which F1 shows the guide.
type selectEntry struct {
	widget.SelectEntry
}

// newSelectEntry is a selectEntry offering options, as
// widget.NewSelectEntry makes one.
func newSelectEntry(options []string) *selectEntry {
	e := &selectEntry{}
	e.ExtendBaseWidget(e)
	e.Wrapping = fyne.TextWrap(fyne.TextTruncateClip)
	e.SetOptions(options)
	return e
}

// TypedKey hands F1 to the window; the box hears every other key.
func (e *selectEntry) TypedKey(key *fyne.KeyEvent) {
	if !helpKey(e, key) {
		e.SelectEntry.TypedKey(key)
	}
}

// tabbingEntry is a box of several lines that Tab leaves for the next field
// (Shift+Tab for the one before), as in a single-line box, rather than
// typing a tab and trapping the cursor: narratives need no tab characters.
type tabbingEntry struct {
	widget.Entry
}

// newTabbingEntry is an empty tabbingEntry of several wrapped lines.
func newTabbingEntry() *tabbingEntry {
	e := &tabbingEntry{}
	e.MultiLine = true
	e.Wrapping = fyne.TextWrapWord
	e.ExtendBaseWidget(e)
	return e
}

// AcceptsTab reports false: Tab moves the cursor on.
func (e *tabbingEntry) AcceptsTab() bool { return false }

// TypedKey hands F1 to the window; the box hears every other key.
func (e *tabbingEntry) TypedKey(key *fyne.KeyEvent) {
	if !helpKey(e, key) {
		e.Entry.TypedKey(key)
	}
}

// focusSoon puts the cursor in f once the event under way has been dealt
// with: a screen opened by Space on a focused button would otherwise
// receive that same Space as typed text in its first field.
func (u *UI) focusSoon(f fyne.Focusable) {
	u.run.Always(context.Background(), func(context.Context) func() {
		return func() {
			if o, ok := f.(fyne.CanvasObject); ok && fyne.CurrentApp().Driver().CanvasForObject(o) == u.window.Canvas() {
				u.window.Canvas().Focus(f)
			}
		}
	})
}
