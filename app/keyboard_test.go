package app_test

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"casemanager/app"
)

// withMenu gives the harness's window the app's menu bar, as the desktop does.
func (h *harness) withMenu() *fyne.MainMenu {
	h.ui.SetMainMenu(app.About{Name: "CDOP Case Manager", Version: "9.9.9", DataFolder: "/data"})
	return h.window.MainMenu()
}

// shortcut types the platform's command key with key, as the desktop
// driver does: the menu item with that shortcut runs.
func (h *harness) shortcut(key fyne.KeyName) {
	h.t.Helper()
	typed := &desktop.CustomShortcut{KeyName: key, Modifier: fyne.KeyModifierShortcutDefault}
	for _, m := range h.window.MainMenu().Items {
		for _, it := range m.Items {
			if it.Shortcut != nil && it.Shortcut.ShortcutName() == typed.ShortcutName() {
				it.Action()
				h.ui.Wait()
				return
			}
		}
	}
	h.t.Fatalf("no menu item has the shortcut %s", typed.ShortcutName())
}

// tab presses Tab as the desktop driver does: a box that accepts tabs
// gets it, otherwise the cursor moves to the next field.
func (h *harness) tab() {
	c := h.window.Canvas()
	if t, ok := c.Focused().(fyne.Tabbable); ok && t.AcceptsTab() {
		c.Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyTab})
		return
	}
	c.FocusNext()
}

func TestTheMenuBarFollowsDesktopConventionsWithItsShortcuts(t *testing.T) {
	h := newHarness(t)
	menu := h.withMenu()
	var names []string
	for _, m := range menu.Items {
		names = append(names, m.Label)
	}
	if got := strings.Join(names, " "); got != "File Edit View Help" {
		t.Fatalf("menus = %q, want File Edit View Help", got)
	}
	shown := map[string]string{}
	for _, m := range menu.Items {
		for _, it := range m.Items {
			if it.Shortcut != nil {
				shown[it.Label] = it.Shortcut.ShortcutName()
			}
		}
	}
	for label, key := range map[string]fyne.KeyName{"New notification": fyne.KeyN, "Save": fyne.KeyS, "Find a case": fyne.KeyF,
		"Dashboard": fyne.Key1, "Case register": fyne.Key2, "Meetings": fyne.Key3, "Agencies": fyne.Key7, "Quit": fyne.KeyQ} {
		want := (&desktop.CustomShortcut{KeyName: key, Modifier: fyne.KeyModifierShortcutDefault}).ShortcutName()
		if shown[label] != want {
			t.Errorf("menu item %q shows shortcut %q; want %q", label, shown[label], want)
		}
	}
	help := menu.Items[3]
	if help.Items[len(help.Items)-1].Label != "About CDOP Case Manager" {
		t.Errorf("Help's last item is %q; want About", help.Items[len(help.Items)-1].Label)
	}
}

func TestShortcutsOpenScreensFindAndSave(t *testing.T) {
	h := newHarness(t)
	h.withMenu()
	c := h.storeCase("Amara", "Okafor", "2025-03-14", "2026-11-18", nhsNumber(t, 11))

	h.shortcut(fyne.KeyN)
	if !containsText(h.screenText(), "New notification") || h.button("Save") == nil {
		t.Fatalf("Ctrl+N did not open the notification form: %q", h.screenText())
	}
	h.shortcut(fyne.Key3)
	if !containsText(h.screenText(), "New meeting") {
		t.Errorf("Ctrl+3 did not open Meetings: %q", h.screenText())
	}
	h.shortcut(fyne.KeyF)
	if h.focusedEntry() != h.searchBox() {
		t.Errorf("Ctrl+F did not put the cursor in the register's search")
	}

	h.openFromRegister(c.Ref)
	h.typeInto("Postcode of usual residence", "LS6 2QR")
	h.shortcut(fyne.KeyS) // the cursor still in the box
	if got := h.caseFile(c.ID).Case.Postcode; got != "LS6 2QR" {
		t.Errorf("after Ctrl+S the stored postcode is %q; want what was typed", got)
	}
	if !containsText(h.screenText(), "Saved "+c.Ref) {
		t.Errorf("Ctrl+S did not say it saved: %q", h.screenText())
	}
}

func TestF1ShowsTheGuideToTheFlowchart(t *testing.T) {
	h := newHarness(t)
	h.withMenu()
	h.window.Canvas().Unfocus()
	h.press(fyne.KeyF1)
	if !containsText(h.dialogText(), "Guide to the flowchart") {
		t.Fatalf("F1 showed %q; want the guide", h.dialogText())
	}
	h.press(fyne.KeyEscape)
	if h.window.Canvas().Overlays().Top() != nil {
		t.Error("Escape did not close the guide")
	}
}

// TestF1InATextBoxShowsTheGuide: F1 with the cursor in a text box — one
// line, several lines, or with a list to choose from — shows the guide (the
// box swallowed it), and types nothing into the box.
func TestF1InATextBoxShowsTheGuide(t *testing.T) {
	h := newHarness(t)
	h.withMenu()
	c := h.storeCase("Amara", "Okafor", "2025-03-14", "2026-11-18", nhsNumber(t, 11))
	h.openFromRegister(c.Ref)
	for _, label := range []string{"First name", "Circumstances", "Local authority of residence"} {
		box, ok := unwrap(h.field(label)).(fyne.Focusable)
		if !ok {
			t.Fatalf("%s is not a box the cursor goes into", label)
		}
		h.window.Canvas().Focus(box)
		h.press(fyne.KeyF1)
		if !containsText(h.dialogText(), "Guide to the flowchart") {
			t.Fatalf("F1 in %s showed %q; want the guide", label, h.dialogText())
		}
		h.press(fyne.KeyEscape)
		if h.window.Canvas().Overlays().Top() != nil {
			t.Fatalf("Escape did not close the guide opened from %s", label)
		}
	}
	h.tap("Case register")
	_, search := h.entry("Search by reference, name or NHS number")
	h.window.Canvas().Focus(search)
	h.press(fyne.KeyF1)
	if !containsText(h.dialogText(), "Guide to the flowchart") {
		t.Errorf("F1 in the register's search showed %q; want the guide", h.dialogText())
	}
}

func TestTabLeavesABoxOfSeveralLines(t *testing.T) {
	h := newHarness(t)
	h.tap("New notification")
	box := h.field("Circumstances")
	h.typeInto("Circumstances", "Found unresponsive")
	h.tab()
	if got := as[widget.Entry](box).Text; strings.Contains(got, "\t") {
		t.Errorf("Tab typed into the box: %q", got)
	}
	if h.window.Canvas().Focused() == box.(fyne.Focusable) {
		t.Error("Tab left the cursor in the Circumstances box")
	}
}

func TestSpaceOnAFocusedButtonTypesNothingIntoTheScreenItOpens(t *testing.T) {
	h := newHarness(t)
	c := h.window.Canvas()
	add := h.button("New notification")
	c.Focus(add)
	// The desktop driver delivers the key, then the character it types,
	// to whatever has the cursor at each moment.
	add.TypedKey(&fyne.KeyEvent{Name: fyne.KeySpace})
	if f := c.Focused(); f != nil {
		f.TypedRune(' ')
	}
	h.ui.Wait()
	first := as[widget.Entry](h.field("First name"))
	if first.Text != "" {
		t.Errorf("First name holds %q after Space on the button", first.Text)
	}
	if c.Focused() != h.field("First name").(fyne.Focusable) {
		t.Error("the cursor is not in First name once the form is open")
	}
}

// menuItem runs the menu's item labelled label.
func (h *harness) menuItem(label string) {
	h.t.Helper()
	for _, m := range h.window.MainMenu().Items {
		for _, it := range m.Items {
			if it.Label == label {
				it.Action()
				h.ui.Wait()
				return
			}
		}
	}
	h.t.Fatalf("no menu item %q", label)
}

func TestEnterAndEscapeWorkInEveryKindOfDialog(t *testing.T) {
	h, _ := newAccountsHarness(t, users)
	h.signIn("Ada", "correct horse battery")
	h.withMenu()
	overlay := func() fyne.CanvasObject { return h.window.Canvas().Overlays().Top() }
	for _, c := range []struct {
		open, key string
		press     fyne.KeyName
	}{
		{"About CDOP Case Manager", "About", fyne.KeyEscape},
		{"About CDOP Case Manager", "About", fyne.KeyReturn},
		{"Guide to the flowchart", "Guide", fyne.KeyEscape},
		{"Guide to the flowchart", "Guide", fyne.KeyReturn},
	} {
		h.window.Canvas().Unfocus()
		h.menuItem(c.open)
		if overlay() == nil {
			t.Fatalf("%s showed nothing", c.open)
		}
		h.press(c.press)
		if overlay() != nil {
			t.Errorf("%s: %s did not close it", c.key, c.press)
		}
	}

	// A form dialog: Escape cancels, Enter submits from a box.
	h.tap("Users")
	h.tap("Add a user…")
	h.press(fyne.KeyEscape)
	if overlay() != nil {
		t.Error("Escape did not cancel Add a user")
	}
	h.tap("Add a user…")
	c := h.window.Canvas()
	test.Type(c.Focused(), "Bea") // the cursor starts in the name
	h.tapText(overlay(), "CDOP coordinator")
	var password fyne.Focusable
	walk(overlay(), func(o fyne.CanvasObject) bool {
		if e := as[widget.Entry](o); e != nil && e.Password {
			password = o.(fyne.Focusable)
			return false
		}
		return true
	})
	if password == nil {
		t.Fatal("Add a user has no password box")
	}
	c.Focus(password)
	test.Type(password, "a long first password")
	h.press(fyne.KeyReturn)
	if overlay() != nil {
		t.Fatal("Enter in the password box did not submit Add a user")
	}
	list, err := h.db.Users(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	added := false
	for _, u := range list {
		added = added || u.Name == "Bea"
	}
	if !added {
		t.Error("Enter did not add the user")
	}
}
