package app

import (
	"fyne.io/fyne/v2"
)

// Monitor is one of the computer's screens, in pixels of the desktop
// (the first is the primary one), with the pixels per Fyne unit that Fyne
// draws at on it (0 is taken as 1).
type Monitor struct {
	Name                string
	X, Y, Width, Height int
	Scale               float32
}

// WindowPlace is where the main window opens: its size in Fyne's units,
// and its top-left corner in desktop pixels when Positioned (otherwise
// the system places it, centred).
type WindowPlace struct {
	Size       fyne.Size
	X, Y       int
	Positioned bool
}

// The preferences the window's place is remembered under.
const (
	prefWindowWidth  = "window.width"
	prefWindowHeight = "window.height"
	prefWindowX      = "window.x"
	prefWindowY      = "window.y"
	prefWindowScreen = "window.monitor"
	prefLastScreen   = "window.screen" // the navigation entry last on show
)

// defaultWindowSize is the window's size on first opening, on a screen
// large enough for it.
var defaultWindowSize = fyne.NewSize(1280, 800)

// maxScreenShare is the most of a screen's width and height the window
// opens at: a window as large as the screen hides its own title bar and
// controls under a taskbar or dock.
const maxScreenShare = 0.9

// PlaceWindow says where the main window opens: as big as, and where, it
// was last closed (from prefs), on the monitor it was on when that monitor
// is still there, never larger than 90% of that monitor nor placed off it;
// on first opening 1280×800 or 90% of the primary monitor, whichever is
// smaller, centred.
func PlaceWindow(prefs fyne.Preferences, monitors []Monitor) WindowPlace {
	size := defaultWindowSize
	if w, h := prefs.Float(prefWindowWidth), prefs.Float(prefWindowHeight); w > 0 && h > 0 {
		size = fyne.NewSize(float32(w), float32(h))
	}
	if len(monitors) == 0 {
		return WindowPlace{Size: size}
	}
	screen, remembered := monitors[0], false
	if name := prefs.String(prefWindowScreen); name != "" {
		for _, m := range monitors {
			if m.Name == name {
				screen, remembered = m, true
				break
			}
		}
	}
	scale := screen.Scale
	if scale <= 0 {
		scale = 1
	}
	most := fyne.NewSize(float32(screen.Width)*maxScreenShare/scale, float32(screen.Height)*maxScreenShare/scale)
	size = fyne.NewSize(min(size.Width, most.Width), min(size.Height, most.Height))
	place := WindowPlace{Size: size}
	if !remembered {
		return place
	}
	x, y := prefs.Int(prefWindowX), prefs.Int(prefWindowY)
	w, h := int(size.Width*scale), int(size.Height*scale)
	// Kept on the monitor: a window moved partly off it comes back whole.
	x = max(screen.X, min(x, screen.X+screen.Width-w))
	y = max(screen.Y, min(y, screen.Y+screen.Height-h))
	place.X, place.Y, place.Positioned = x, y, true
	return place
}

// RememberWindow records the window's size (in Fyne's units) and, when
// known (positioned), its top-left corner in desktop pixels and the
// monitor most of it is on, for PlaceWindow to open it there next time;
// scale is Fyne's pixels per unit.
func RememberWindow(prefs fyne.Preferences, size fyne.Size, scale float32, x, y int, positioned bool, monitors []Monitor) {
	if size.Width <= 0 || size.Height <= 0 {
		return
	}
	prefs.SetFloat(prefWindowWidth, float64(size.Width))
	prefs.SetFloat(prefWindowHeight, float64(size.Height))
	if !positioned {
		return
	}
	prefs.SetInt(prefWindowX, x)
	prefs.SetInt(prefWindowY, y)
	if scale <= 0 {
		scale = 1
	}
	w, h := int(size.Width*scale), int(size.Height*scale)
	best, most := "", 0
	for _, m := range monitors {
		overlapW := min(x+w, m.X+m.Width) - max(x, m.X)
		overlapH := min(y+h, m.Y+m.Height) - max(y, m.Y)
		if overlapW > 0 && overlapH > 0 && overlapW*overlapH > most {
			best, most = m.Name, overlapW*overlapH
		}
	}
	if best != "" {
		prefs.SetString(prefWindowScreen, best)
		return
	}
	prefs.RemoveValue(prefWindowScreen)
}
