package app_test

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"casemanager/app"
)

func TestTheWindowOpensWithinTheScreenWhereItWasLeft(t *testing.T) {
	laptop := app.Monitor{Name: "eDP-1", Width: 1366, Height: 768}
	big := app.Monitor{Name: "HDMI-1", X: 1366, Width: 2560, Height: 1440}

	t.Run("first opening on a small laptop", func(t *testing.T) {
		a := test.NewTempApp(t)
		got := app.PlaceWindow(a.Preferences(), []app.Monitor{laptop})
		if got.Size.Width > 0.9*1366 || got.Size.Height > 0.9*768 {
			t.Errorf("the window opens at %v on a 1366×768 screen; want at most 90%% of it", got.Size)
		}
		if got.Positioned {
			t.Error("a first opening should be centred by the system, not placed")
		}
	})
	t.Run("first opening on a large screen", func(t *testing.T) {
		a := test.NewTempApp(t)
		if got := app.PlaceWindow(a.Preferences(), []app.Monitor{big}); got.Size != fyne.NewSize(1280, 800) {
			t.Errorf("on a large screen the window opens at %v; want 1280×800", got.Size)
		}
	})
	t.Run("reopened where it was closed", func(t *testing.T) {
		a := test.NewTempApp(t)
		monitors := []app.Monitor{laptop, big}
		app.RememberWindow(a.Preferences(), fyne.NewSize(1500, 900), 1, 1500, 200, true, monitors)
		got := app.PlaceWindow(a.Preferences(), monitors)
		want := app.WindowPlace{Size: fyne.NewSize(1500, 900), X: 1500, Y: 200, Positioned: true}
		if got != want {
			t.Errorf("reopened at %+v; want %+v", got, want)
		}
	})
	t.Run("its monitor unplugged", func(t *testing.T) {
		a := test.NewTempApp(t)
		app.RememberWindow(a.Preferences(), fyne.NewSize(1500, 900), 1, 1500, 200, true, []app.Monitor{laptop, big})
		got := app.PlaceWindow(a.Preferences(), []app.Monitor{laptop})
		if got.Positioned || got.Size.Width > 0.9*1366 || got.Size.Height > 0.9*768 {
			t.Errorf("with its monitor gone the window opens at %+v; want it centred within 90%% of the laptop's screen", got)
		}
	})
	t.Run("moved partly off the screen", func(t *testing.T) {
		a := test.NewTempApp(t)
		app.RememberWindow(a.Preferences(), fyne.NewSize(1000, 600), 1, 900, 100, true, []app.Monitor{laptop})
		got := app.PlaceWindow(a.Preferences(), []app.Monitor{laptop})
		if !got.Positioned || got.X+1000 > 1366 || got.Y+600 > 768 || got.X < 0 || got.Y < 0 {
			t.Errorf("reopened at %+v; want it wholly on the 1366×768 screen", got)
		}
	})
	t.Run("on a high-density screen", func(t *testing.T) {
		a := test.NewTempApp(t)
		hidpi := app.Monitor{Name: "eDP-1", Width: 2732, Height: 1536, Scale: 2}
		got := app.PlaceWindow(a.Preferences(), []app.Monitor{hidpi})
		if got.Size.Width > 0.9*1366 || got.Size.Height > 0.9*768 {
			t.Errorf("at scale 2 on a 2732×1536 screen the window opens at %v units; want at most 90%% of 1366×768", got.Size)
		}
	})
}

func TestTheAppReopensOnTheScreenLastShown(t *testing.T) {
	h := newHarness(t)
	h.tap("Agencies")
	h2 := newUI(t, h.store, h.db) // the app opened again, with the same preferences
	if !containsText(h2.screenText(), "Agency directory") && !containsText(h2.screenText(), "Add agency") {
		t.Errorf("the app reopened on %q; want the Agencies screen it was left on", h2.screenText())
	}
}
