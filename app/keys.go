package app

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// Keyboard behaviour shared by the screens: boxes of several lines that
// Tab leaves, and the cursor placed only once the key that opened a
// screen has been dealt with.

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
