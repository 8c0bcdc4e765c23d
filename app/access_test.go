package app_test

import (
	"context"
	"fmt"
	"go/token"
	"reflect"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"casemanager/app"
	"casemanager/cdop"
	"casemanager/demo"
)

// A screen reader announces a control by the name fyne.Accessible gives
// it. These tests walk every object of each main screen, as laid out, and
// fail on a control (something tapped, focused or chosen from) that has
// no name in words, and on a status icon with no words beside it.

// isControl reports whether o is something a person acts on (a dialog's
// frame, which hears taps outside it, is not).
func isControl(o fyne.CanvasObject) bool {
	switch o.(type) {
	case *widget.PopUp:
		return false
	case fyne.Tappable, fyne.Focusable, fyne.DoubleTappable, fyne.SecondaryTappable,
		*widget.RadioGroup, *widget.CheckGroup:
		return true
	}
	return false
}

// isFynePart reports whether o is a part of a Fyne widget (a tab's button,
// a table's cell, an entry's text), which Fyne names with its widget.
func isFynePart(o fyne.CanvasObject) bool {
	t := reflect.TypeOf(o)
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	pkg := t.PkgPath()
	return strings.HasPrefix(pkg, "fyne.io/") && (strings.Contains(pkg, "/internal") || !token.IsExported(t.Name()))
}

// namesItself reports whether o is announced by a name of its own in
// words: a Fyne button with text (an icon-only button would be announced
// by its icon's file name), a link, or a widget of the app's that words
// what it shows.
func namesItself(o fyne.CanvasObject) bool {
	a, ok := o.(fyne.Accessible)
	if !ok || a.AccessibilityRole() == fyne.AccessibleRoleContainer || strings.TrimSpace(a.AccessibilityLabel()) == "" {
		return false
	}
	if b, ok := o.(*widget.Button); ok {
		return strings.TrimSpace(b.Text) != ""
	}
	return true
}

// children are the objects o draws, as laid out.
func children(o fyne.CanvasObject) []fyne.CanvasObject {
	switch x := o.(type) {
	case *fyne.Container:
		return x.Objects
	case *container.Scroll:
		return []fyne.CanvasObject{x.Content}
	case fyne.Widget:
		return test.WidgetRenderer(x).Objects()
	}
	return nil
}

// describe names a control for a failure message: its type, what it shows,
// and the last words shown before it on the screen.
func describe(o fyne.CanvasObject, near string) string {
	what := ""
	switch x := o.(type) {
	case *widget.Button:
		what = fmt.Sprintf("icon %q", x.Icon.Name())
	case *widget.Entry:
		what = fmt.Sprintf("placeholder %q", x.PlaceHolder)
	case *widget.SelectEntry:
		what = fmt.Sprintf("placeholder %q", x.PlaceHolder)
	case *widget.Select:
		what = fmt.Sprintf("placeholder %q, options %q", x.PlaceHolder, x.Options)
	case *widget.Check:
		what = fmt.Sprintf("%q", x.Text)
	case *widget.RadioGroup:
		what = fmt.Sprintf("options %q", x.Options)
	case *widget.CheckGroup:
		what = fmt.Sprintf("options %q", x.Options)
	}
	return fmt.Sprintf("%T %s after %q", o, what, near)
}

// unnamedControls lists the controls under root that a screen reader could
// not name, and names given to what is not a control.
func unnamedControls(root fyne.CanvasObject) []string {
	var out []string
	near := ""
	inForm := map[fyne.CanvasObject]bool{} // controls a form labels with its items' text
	var visit func(o fyne.CanvasObject)
	visit = func(o fyne.CanvasObject) {
		if o == nil || !o.Visible() {
			return
		}
		if l, ok := o.(*widget.Label); ok && l.Text != "" {
			near = l.Text
		}
		if f, ok := o.(*widget.Form); ok {
			for _, it := range f.Items {
				if strings.TrimSpace(it.Text) != "" && isControl(it.Widget) {
					inForm[it.Widget] = true
				}
			}
		}
		if inForm[o] {
			return // Fyne's form names it: its item's text
		}
		if control, ok := app.Labelled(o); ok {
			if strings.TrimSpace(o.(fyne.Accessible).AccessibilityLabel()) == "" {
				out = append(out, "no words in the name of "+describe(control, near))
			}
			if !isControl(control) {
				out = append(out, "a name for what is not a control: "+describe(control, near))
			}
			switch control.(type) {
			case *widget.Table, *widget.List: // the name covers the table, not what its rows hold
				for _, c := range children(control) {
					visit(c)
				}
			}
			return
		}
		if isControl(o) && !isFynePart(o) && !namesItself(o) {
			out = append(out, describe(o, near))
		}
		for _, c := range children(o) {
			visit(c)
		}
	}
	visit(root)
	return out
}

// iconsWithoutWords lists the icons under root (a status drawn as a
// coloured symbol) that have no words beside them: the text of a label in
// one of the three containers around the icon.
func iconsWithoutWords(root fyne.CanvasObject) []string {
	var out []string
	var visit func(o fyne.CanvasObject, around []*fyne.Container)
	visit = func(o fyne.CanvasObject, around []*fyne.Container) {
		if o == nil || !o.Visible() {
			return
		}
		if icon, ok := o.(*widget.Icon); ok && icon.Resource != nil {
			worded := false
			for i := len(around) - 1; i >= 0 && i >= len(around)-3 && !worded; i-- {
				worded = len(words(around[i])) > 0
			}
			if !worded {
				out = append(out, "icon "+icon.Resource.Name())
			}
		}
		if c, ok := o.(*fyne.Container); ok {
			around = append(around, c)
		}
		for _, c := range children(o) {
			visit(c, around)
		}
	}
	visit(root, nil)
	return out
}

// words are the texts of the labels and text shown under o.
func words(o fyne.CanvasObject) []string {
	var out []string
	walk(o, func(o fyne.CanvasObject) bool {
		switch x := o.(type) {
		case *widget.Label:
			if strings.TrimSpace(x.Text) != "" {
				out = append(out, x.Text)
			}
		case *canvas.Text:
			if strings.TrimSpace(x.Text) != "" {
				out = append(out, x.Text)
			}
		}
		return true
	})
	return out
}

// checkScreen fails the test for each control on screen without a name
// and each icon without words.
func (h *harness) checkScreen(screen string) {
	h.t.Helper()
	h.ui.Wait()
	for _, problem := range unnamedControls(h.window.Content()) {
		h.t.Errorf("%s: a control without a name: %s", screen, problem)
	}
	for _, problem := range iconsWithoutWords(h.window.Content()) {
		h.t.Errorf("%s: a status shown only as an %s", screen, problem)
	}
}

// checkDialogs opens, one at a time, the dialog of each button named that
// is on screen, fails the test for each control in it without a name, and
// cancels it.
func (h *harness) checkDialogs(screen string, buttons ...string) {
	h.t.Helper()
	for _, text := range buttons {
		b := h.find(func(o fyne.CanvasObject) bool { b, ok := o.(*widget.Button); return ok && b.Text == text })
		if b == nil {
			continue
		}
		test.Tap(b.(*widget.Button))
		h.ui.Wait()
		top := h.window.Canvas().Overlays().Top()
		if top == nil {
			h.t.Errorf("%s: %q opened no dialog", screen, text)
			continue
		}
		for _, problem := range unnamedControls(top) {
			h.t.Errorf("%s, dialog of %q: a control without a name: %s", screen, text, problem)
		}
		for _, problem := range iconsWithoutWords(top) {
			h.t.Errorf("%s, dialog of %q: a status shown only as an %s", screen, text, problem)
		}
		h.press(fyne.KeyEscape)
		if h.window.Canvas().Overlays().Top() == top {
			h.window.Canvas().Overlays().Remove(top)
		}
	}
}

// newDemoHarness is the app over a small demo panel's data in SQLite:
// cases at every stage, meetings, recommendations.
func newDemoHarness(t *testing.T) *harness {
	t.Helper()
	h := newHarness(t)
	if _, err := demo.Load(context.Background(), h.db, h.db, h.db, demo.Options{Years: 2, PerYear: 12, Seed: 7, Today: cdop.DateOf(today)}); err != nil {
		t.Fatal(err)
	}
	return h
}

func TestEveryControlOnTheMainScreensHasAName(t *testing.T) {
	h := newDemoHarness(t)
	for _, screen := range []string{"Dashboard", "Case register", "Meetings", "Recommendations", "Annual report",
		"Dataset extract", "Agencies", "Settings", "Backups", "New notification"} {
		h.tap(screen)
		h.checkScreen(screen)
	}
	// A recommendation's details and the progress recorded on it, and a
	// message in the bar above the screens.
	h.tap("Recommendations")
	h.table().Select(widget.TableCellID{Row: 0, Col: 1})
	h.checkScreen("a recommendation")
	h.checkDialogs("Recommendations", "New recommendation…")
	h.tap("Record progress")
	if !containsText(h.screenText(), "Recorded") && !containsText(h.screenText(), "Not recorded") {
		t.Fatalf("no message in the bar after recording progress: %q", h.screenText())
	}
	h.checkScreen("the message bar")

	// A case's page, at each of its tabs, for an open case and a closed one.
	ctx := context.Background()
	cases, err := h.db.FindCases(ctx, cdop.CaseFilter{})
	if err != nil {
		t.Fatal(err)
	}
	opened := map[cdop.Stage]bool{} // a case at each stage
	for _, c := range cases {
		if opened[c.Stage] {
			continue
		}
		opened[c.Stage] = true
		h.ui.OpenCase(c.ID)
		h.ui.Wait()
		screen := c.Stage.Label() + " case"
		h.checkDialogs(screen, "Export PDF…", "Move back…", "Reopen…")
		for _, tab := range h.tabTitles() {
			h.openTab(tab)
			h.checkScreen(screen + ", " + tab + " tab")
			h.checkDialogs(screen+", "+tab+" tab", "Pause…", "Declined…")
		}
	}

	// A meeting's page and its panel view.
	meetings, err := h.db.Meetings(ctx)
	if err != nil || len(meetings) == 0 {
		t.Fatalf("no demo meetings (%v)", err)
	}
	for _, m := range meetings {
		h.ui.ShowMeeting(m.ID)
		h.checkScreen("meeting " + m.Kind.Label())
		h.checkDialogs("meeting "+m.Kind.Label(), "Edit details…", "Defer…")
	}
	h.ui.ShowPanelView(meetings[0].ID)
	h.checkScreen("panel view")
}

func TestEveryControlOnTheSignInAndAdministratorsScreensHasAName(t *testing.T) {
	h, _ := newAccountsHarness(t, nil)
	h.checkScreen("the first administrator's form")
	h.typeIn("User name", "Ada")
	h.typeIn("Password", "correct horse battery")
	h.typeIn("Password again", "correct horse battery")
	h.tap("Create the administrator")
	h.checkScreen("the recovery key")

	h, _ = newAccountsHarness(t, users)
	h.tap("Forgotten password? Use the recovery key…")
	h.checkScreen("recovery")
	h.tap("Back to signing in")
	h.checkScreen("sign-in")
	h.signIn("Ada", "correct horse battery")
	for _, screen := range []string{"Users", "Audit log"} {
		h.tap(screen)
		h.checkScreen(screen)
	}
	h.tap("Users")
	h.checkDialogs("Users", "Add a user…", "New password…")
	h.tap("Sign out")
	h.signIn(string(cdop.RolePanel), string(cdop.RolePanel)+" long password")
	h.tap("My panel meetings")
	h.checkScreen("My panel meetings")
}

// tabTitles lists the titles of the tabs on screen.
func (h *harness) tabTitles() []string {
	h.t.Helper()
	var out []string
	for _, it := range h.tabs().Items {
		out = append(out, it.Text)
	}
	return out
}

// announced lists what Fyne 2.8.1's screen-reader bridge offers for a
// window's content, as internal/driver/glfw/accessibility_windows.go walks
// it: each visible object implementing fyne.Accessible whose role is not
// "container", as "role: label", reached from the content through
// *fyne.Container objects only; it looks inside no other widget (a
// scroll, a card, tabs, a form, a table). The macOS bridge
// (accessibility_darwin.go) reaches the same objects.
func announced(o fyne.CanvasObject) []string {
	if o == nil || !o.Visible() {
		return nil
	}
	var out []string
	if a, ok := o.(fyne.Accessible); ok && a.AccessibilityRole() != fyne.AccessibleRoleContainer {
		out = append(out, string(a.AccessibilityRole())+": "+a.AccessibilityLabel())
	}
	if c, ok := o.(*fyne.Container); ok {
		for _, child := range c.Objects {
			out = append(out, announced(child)...)
		}
	}
	return out
}

func TestAScreenReaderHearsTheNavigationTheRegistersControlsAndTheMessageBar(t *testing.T) {
	h := newHarness(t)
	c := h.storeCase("Amara", "Okafor", "2025-03-14", "2026-11-18", nhsNumber(t, 11))
	h.tap("Case register")
	heard := announced(h.window.Content())
	for _, want := range []string{
		"button: Dashboard", "button: Case register", "button: Meetings", "button: New notification",
		"text: Case register", "text: Search cases, text box", "button: Stage, drop-down list", "text: Cases, table",
	} {
		if !slices.Contains(heard, want) {
			t.Errorf("a screen reader is not offered %q on the case register; it hears %q", want, heard)
		}
	}
	for _, s := range heard {
		if strings.Contains(s, c.Ref) || strings.Contains(s, "Okafor") {
			t.Errorf("a screen reader now reaches the register's rows (%q): say so in README's Screen readers section", s)
		}
	}

	h.tap("Dashboard")
	heard = announced(h.window.Content())
	for _, want := range []string{"text: Dashboard", "button: Refresh", "button: Show, drop-down list", "text: Deadlines, table"} {
		if !slices.Contains(heard, want) {
			t.Errorf("a screen reader is not offered %q on the dashboard; it hears %q", want, heard)
		}
	}
	h.ui.OpenCase(c.ID)
	h.ui.Wait()
	heard = announced(h.window.Content())
	for _, want := range []string{"button: Back", "text: " + c.Ref + " — Amara Okafor", "button: Export PDF…"} {
		if !slices.Contains(heard, want) {
			t.Errorf("a screen reader is not offered %q on the case page; it hears %q", want, heard)
		}
	}

	h.tap("Settings")
	h.tap("Save settings")
	want := "text: Done: Saved the settings."
	if heard := announced(h.window.Content()); !containsPrefix(heard, want) {
		t.Errorf("a screen reader is not offered the message %q; it hears %q", want, heard)
	}
}

func TestTheSignInFormIsNotYetOfferedToAScreenReader(t *testing.T) {
	h, _ := newAccountsHarness(t, users)
	if heard := announced(h.window.Content()); len(heard) > 0 {
		t.Errorf("a screen reader is now offered %q on the sign-in screen: say so in README's Screen readers section", heard)
	}
}

func TestEveryFieldIsNamedByTheLabelShownWithIt(t *testing.T) {
	h := newHarness(t)
	h.tap("New notification")
	fields := 0
	walk(h.window.Content(), func(o fyne.CanvasObject) bool {
		c, ok := o.(*fyne.Container)
		if !ok || len(c.Objects) < 2 {
			return true
		}
		label, ok := c.Objects[0].(*widget.Label)
		if !ok || !label.TextStyle.Bold {
			return true
		}
		if _, ok := app.Labelled(c.Objects[1]); !ok {
			if isControl(c.Objects[1]) && !namesItself(c.Objects[1]) {
				t.Errorf("the field under %q has no name of its own", label.Text)
			}
			return true
		}
		fields++
		name := c.Objects[1].(fyne.Accessible).AccessibilityLabel()
		if !strings.HasPrefix(name, label.Text+", ") {
			t.Errorf("the field under %q is announced as %q", label.Text, name)
		}
		return true
	})
	if fields < 10 {
		t.Fatalf("only %d labelled fields found on the notification form", fields)
	}
	for _, tc := range []struct{ label, kind string }{
		{"First name", "text box"}, {"Sex", "drop-down list"}, {"Circumstances", "text box of several lines"},
		{"Local authority of residence", "text box with a list to choose from"},
	} {
		if got := h.spokenName(tc.label); got != tc.label+", "+tc.kind {
			t.Errorf("%s is announced as %q, want %q", tc.label, got, tc.label+", "+tc.kind)
		}
	}
}

// spokenName returns what a screen reader is offered for the field under
// the label text ("" when it has no name).
func (h *harness) spokenName(label string) string {
	h.t.Helper()
	if c := h.boxUnder(label, 2); c != nil {
		if a, ok := c.Objects[1].(fyne.Accessible); ok {
			return a.AccessibilityLabel()
		}
	}
	return ""
}
