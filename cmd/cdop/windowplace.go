package main

import (
	"math"

	"fyne.io/fyne/v2"
	fynedesktop "fyne.io/fyne/v2/driver/desktop"
	"github.com/go-gl/glfw/v3.4/glfw"

	"casemanager/app"
)

// The main window opens where it was left, within the screen: Fyne offers
// no way to ask for the monitors or the window's position, so they are read
// from GLFW, the library Fyne's desktop driver draws with (already
// initialised once a window exists; every call on the main goroutine).

// glWindow is a window of Fyne's desktop driver: a test window is not one.
type glWindow interface{ RunWithContext(func()) }

// placeable reports whether w is a real desktop window on a system that
// lets a program place its windows (Wayland does not).
func placeable(w fyne.Window) bool {
	_, ok := w.(glWindow)
	return ok && glfw.GetPlatform() != glfw.PlatformWayland
}

// monitorsOf lists the computer's monitors, the primary first; none for a
// window that is not a desktop one.
func monitorsOf(w fyne.Window) []app.Monitor {
	if _, ok := w.(glWindow); !ok {
		return nil
	}
	var out []app.Monitor
	primary := glfw.GetPrimaryMonitor()
	for _, m := range glfw.GetMonitors() {
		mode := m.GetVideoMode()
		if mode == nil {
			continue // disconnected
		}
		x, y := m.GetPos()
		mon := app.Monitor{Name: m.GetName(), X: x, Y: y, Width: mode.Width, Height: mode.Height, Scale: fyneScale(m, mode)}
		if m == primary {
			out = append([]app.Monitor{mon}, out...)
		} else {
			out = append(out, mon)
		}
	}
	return out
}

// fyneScale is the pixels per Fyne unit Fyne will draw at on monitor m, as
// its desktop driver works it out (before the window exists, the canvas
// cannot say): the monitor's dots per inch over 96, at least 1 (96 when
// the monitor reports no sensible size), times the user's scale
// (FYNE_SCALE), to one decimal; 1 on Wayland, which scales by itself.
func fyneScale(m *glfw.Monitor, mode *glfw.VidMode) float32 {
	if glfw.GetPlatform() == glfw.PlatformWayland {
		return 1
	}
	widthMm, _ := m.GetPhysicalSize()
	dpi := float32(96)
	if widthMm > 0 {
		if d := float32(mode.Width) / (float32(widthMm) / 25.4); d >= 10 && d <= 1000 {
			dpi = d
		}
	}
	detected := max(1, dpi/96)
	user := fyne.CurrentApp().Settings().Scale()
	if user <= 0 {
		user = 1
	}
	return float32(math.Round(float64(detected*user)*10)) / 10
}

// windowPosition is the top-left corner of w on the desktop, when the
// system tells it.
func windowPosition(w fyne.Window) (x, y int, ok bool) {
	g, isGL := w.(glWindow)
	if !isGL || !placeable(w) {
		return 0, 0, false
	}
	g.RunWithContext(func() {
		if c := glfw.GetCurrentContext(); c != nil {
			x, y = c.GetPos()
			ok = true
		}
	})
	return x, y, ok
}

// placeMainWindow sizes and places the main window as app.PlaceWindow
// says, and remembers its size and place when it closes.
func placeMainWindow(a fyne.App, w fyne.Window) {
	monitors := monitorsOf(w)
	place := app.PlaceWindow(a.Preferences(), monitors)
	w.Resize(place.Size)
	if dw, ok := w.(fynedesktop.Window); ok && place.Positioned && placeable(w) {
		dw.RequestPosition(place.X, place.Y)
	}
	w.SetOnClosed(func() {
		x, y, ok := windowPosition(w)
		app.RememberWindow(a.Preferences(), w.Canvas().Size(), w.Canvas().Scale(), x, y, ok, monitorsOf(w))
	})
}
