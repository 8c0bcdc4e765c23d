package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"
)

// screenKeys are the screens Ctrl+1 … Ctrl+7 open (⌘ on macOS), in the
// navigation's order; a panel member's own meetings take Meetings' key.
var screenKeys = map[string]fyne.KeyName{
	navDashboard: fyne.Key1, navCases: fyne.Key2, navMeetings: fyne.Key3, navPanelMeetings: fyne.Key3,
	navRecommendations: fyne.Key4, navAnnualReport: fyne.Key5, navExtract: fyne.Key6, navAgencies: fyne.Key7,
}

// shortcut is the platform's command key (Ctrl, or ⌘ on macOS) with key.
func shortcut(key fyne.KeyName) fyne.Shortcut {
	return &desktop.CustomShortcut{KeyName: key, Modifier: fyne.KeyModifierShortcutDefault}
}

// SetMainMenu gives the window the app's menu bar, each command with its
// shortcut shown: File (New notification Ctrl+N, Save Ctrl+S, Lock, Sign
// out, Open a database on a server… where the desktop offers it, Quit
// Ctrl+Q), Edit
// (Find a case Ctrl+F), View (every screen, the first seven on Ctrl+1 …
// Ctrl+7, Settings on Ctrl+,) and Help (the guide to the flowchart, F1,
// and About with the version). The desktop driver runs a menu item's
// action when its shortcut is typed, wherever the cursor is.
func (u *UI) SetMainMenu(about About) {
	// Nothing runs behind the sign-in form (signed out, or locked).
	item := func(label string, key fyne.KeyName, action func()) *fyne.MenuItem {
		it := fyne.NewMenuItem(label, func() {
			if u.accounts != nil && u.user == nil {
				return
			}
			u.noteActivity()
			action()
		})
		if key != "" {
			it.Shortcut = shortcut(key)
		}
		return it
	}
	newCase := item("New notification", fyne.KeyN, u.ShowNewNotification)
	save := item("Save", fyne.KeyS, u.saveScreen)
	lock := item("Lock", fyne.KeyL, func() { u.lock("locked by the user") })
	signOut := item("Sign out", "", u.signOut)
	// Quit asks about unsaved work as the window's close button does; on
	// macOS Fyne moves it to the application menu.
	quit := fyne.NewMenuItem("Quit", func() { u.ConfirmLeave(u.window.Close) })
	quit.IsQuit = true
	quit.Shortcut = shortcut(fyne.KeyQ)
	file := fyne.NewMenu("File", newCase, save, fyne.NewMenuItemSeparator(), lock, signOut, fyne.NewMenuItemSeparator(), quit)
	if u.connect != nil {
		// Offered signed out too: a coordinator may need another database
		// to sign in to. What is unsaved is asked about first.
		open := fyne.NewMenuItem("Open a database on a server…", func() { u.ConfirmLeave(u.ShowConnect) })
		file.Items = append(file.Items[:len(file.Items)-1], open, fyne.NewMenuItemSeparator(), quit)
	}

	find := item("Find a case", fyne.KeyF, u.ShowCaseList)
	edit := fyne.NewMenu("Edit", find)

	view := fyne.NewMenu("View")
	for _, e := range u.navEntries {
		e := e
		it := item(e.key, screenKeys[e.key], e.show)
		if e.key == navSettings {
			it.Shortcut = shortcut(fyne.KeyComma)
		}
		view.Items = append(view.Items, it)
	}
	guide := fyne.NewMenuItem("Guide to the flowchart", u.ShowGuide)
	guide.Shortcut = &desktop.CustomShortcut{KeyName: fyne.KeyF1} // heard by onKey: the driver matches no key alone
	help := fyne.NewMenu("Help", guide, fyne.NewMenuItem("About "+about.Name, func() { ShowAbout(u.window, about) }))
	u.window.SetMainMenu(fyne.NewMainMenu(file, edit, view, help))
}

// saveScreen saves the screen on show, as its own Save button does, when
// it has one (Ctrl+S).
func (u *UI) saveScreen() {
	switch s := u.nav.screen.(type) {
	case interface{ Save() }:
		s.Save()
	case saver:
		s.saveThen(func() {})
	}
}

// onKey runs the keys the window hears while no field has the cursor:
// F1 shows the guide.
func (u *UI) onKey(key *fyne.KeyEvent) {
	if key.Name == fyne.KeyF1 {
		u.ShowGuide()
	}
}

// ShowGuide shows the short guide to the review's flowchart and to the
// app's screens (Help → Guide to the flowchart, F1).
func (u *UI) ShowGuide() {
	text := widget.NewRichTextFromMarkdown(flowchartGuide)
	text.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustom("Guide to the flowchart", "Close", newGuideScroll(text), u.window)
	d.Resize(fyne.NewSize(min(720, u.window.Canvas().Size().Width-40), min(560, u.window.Canvas().Size().Height-40)))
	d.Show()
	closeKeys(u.window, d, nil)
}
