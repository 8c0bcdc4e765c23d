package app

import (
	"image"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
)

// Start-up timing: tools/startup-timing.sh measures the real window from
// the process's start to its first frame, to the sign-in form drawn, and
// from signing in to the register filled. With WithTiming the app tells
// the moments as they come; without it nothing of this runs.

// The moments WithTiming's mark hears, each once.
const (
	MomentFirstFrame     = "first-frame"     // the window's first content drawn
	MomentSignInDrawn    = "sign-in-drawn"   // the sign-in form drawn
	MomentSignedIn       = "signed-in"       // signed in, the first screen being shown
	MomentRegisterFilled = "register-filled" // the register's table holds every case
)

// WithTiming makes the app call mark at each start-up moment (Moment…),
// once each, with the moment's name and, for the register, how many rows
// it holds: never a name or anything else about a case.
func WithTiming(mark func(moment string, count int)) Option {
	return func(u *UI) { u.timing = &timing{mark: mark, seen: map[string]bool{}} }
}

// timing tells each moment once.
type timing struct {
	mu   sync.Mutex
	mark func(moment string, count int)
	seen map[string]bool
}

// moment tells mark of a moment the first time it comes; nil t does nothing.
func (t *timing) moment(name string, count int) {
	if t == nil {
		return
	}
	t.mu.Lock()
	first := !t.seen[name]
	t.seen[name] = true
	t.mu.Unlock()
	if first {
		t.mark(name, count)
	}
}

// drawn returns content with, when timing, a transparent raster behind it
// that tells the moment once the window first draws it (Fyne draws a
// raster's image only while painting a frame).
func (t *timing) drawn(name string, content fyne.CanvasObject) fyne.CanvasObject {
	if t == nil {
		return content
	}
	signal := canvas.NewRaster(func(int, int) image.Image {
		t.moment(name, 0)
		return image.NewNRGBA(image.Rect(0, 0, 1, 1)) // transparent
	})
	return container.NewStack(signal, content)
}
