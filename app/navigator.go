package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Leaver is a screen that may hold work not yet saved (a form typed into):
// while Dirty reports true, the navigator asks before the screen is left.
type Leaver interface {
	Dirty() bool
}

// closer is a screen that tidies up after itself when it is left or the
// app closes (e.g. removes the draft of an extract not saved).
type closer interface {
	close()
}

// navigator owns the screen on show. Every switch of screen goes through
// Go, which asks before leaving unsaved work and starts a new navigation:
// background work started for an earlier navigation (a page still loading
// when the user moved on) is dropped when it finishes, so it can never
// replace the screen the user went to since.
type navigator struct {
	window  fyne.Window
	content *fyne.Container // holds the screen on show
	bar     *messageBar     // cleared when the screen changes

	gen    uint64 // the navigation under way; every Go starts a new one
	screen any    // the screen on show: a Leaver, a closer, or neither
	left   bool   // the user agreed to leave screen; the next is loading
	asking bool   // the leave question is on show

	// navigated, when set, runs as each navigation starts (the runner's
	// "Loading…" follows the navigation).
	navigated func()
}

func newNavigator(window fyne.Window, content *fyne.Container, bar *messageBar) *navigator {
	return &navigator{window: window, content: content, bar: bar}
}

// Go leaves the screen on show, once the user agrees to drop its unsaved
// work if it has any, and runs to, which shows the next screen (at once,
// or once its data has loaded). Work started before is dropped when it
// finishes: its screen is no longer the one wanted.
func (n *navigator) Go(to func()) {
	n.ConfirmLeave(func() {
		n.gen++
		n.left = true
		if n.navigated != nil {
			n.navigated()
		}
		to()
	})
}

// saver is a Leaver that can save its unsaved work when asked: done runs
// once it is saved, and not at all when the save is refused (the screen
// then shows why, and the user stays on it).
type saver interface {
	saveThen(done func())
}

// ConfirmLeave runs then once the screen on show may be left: at once when
// it holds nothing unsaved; otherwise the user chooses to save it first
// (on a screen that can), to leave without saving, or to stay (nothing
// runs). The main window's close button goes through it too.
func (n *navigator) ConfirmLeave(then func()) {
	l, ok := n.screen.(Leaver)
	if n.left || !ok || !l.Dirty() {
		then()
		return
	}
	if n.asking {
		return // the question is already on show
	}
	n.asking = true
	message := widget.NewLabel("What you typed on this screen has not been saved.")
	message.Wrapping = fyne.TextWrapWord
	var d *dialog.CustomDialog
	answer := func(run func()) func() {
		return func() {
			n.asking = false
			d.Hide()
			if run != nil {
				run()
			}
		}
	}
	stay := widget.NewButton("Stay", answer(nil))
	discard := widget.NewButton("Leave without saving", answer(then))
	discard.Importance = widget.DangerImportance
	buttons := []fyne.CanvasObject{stay, discard}
	keys := dialogKeys{cancel: stay.OnTapped}
	if s, ok := n.screen.(saver); ok {
		save := widget.NewButtonWithIcon("Save", theme.DocumentSaveIcon(), answer(func() { s.saveThen(then) }))
		save.Importance = widget.HighImportance
		buttons = append(buttons, save)
		keys.submit = save.OnTapped
	}
	d = dialog.NewCustomWithoutButtons("Save the changes first?", message, n.window)
	d.SetButtons(buttons)
	d.Resize(fyne.NewSize(480, 0))
	d.Show()
	listenForKeys(n.window, d, keys)
}

// token is the navigation under way, for work that must not outlive it.
func (n *navigator) token() uint64 { return n.gen }

// current reports whether the navigation of token t is still the one under way.
func (n *navigator) current(t uint64) bool { return t == n.gen }

// show puts screen's content on show (screen may be a Leaver or a closer);
// the screen it replaces tidies up and its message goes.
func (n *navigator) show(content fyne.CanvasObject, screen any) {
	n.close()
	n.screen, n.left = screen, false
	n.bar.Clear()
	n.content.Objects = []fyne.CanvasObject{content}
	n.content.Refresh()
}

// stay keeps the screen on show after the next one failed to load: its
// unsaved work is guarded again.
func (n *navigator) stay() { n.left = false }

// close tidies up after the screen on show.
func (n *navigator) close() {
	if c, ok := n.screen.(closer); ok {
		n.screen = nil
		c.close()
	}
}
