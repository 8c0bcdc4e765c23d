package app

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"casemanager/cdop"
)

// Screen readers. Fyne 2.8 hands a window's widgets to the platform's
// screen reader (UI Automation on Windows, NSAccessibility on macOS) when
// built with the tag `accessibility`, as the releases are. It announces
// only objects that implement fyne.Accessible: of Fyne's own widgets, the
// Button (its text, or the file name of its icon), the Hyperlink and the
// Label. An entry, a drop-down, a tick box, a choice, a table or a button
// showing only an icon has no name of its own, so the screens place each
// in labelled(name, widget): a wrapper that a screen reader announces by
// the field's visible label and a word for the kind of control. A control
// in a widget.Form stays the item's own widget (the form checks and
// enables it through that) and is named by the item's text. The name
// never holds what is typed or chosen: Fyne rebuilds the screen reader's
// view whenever a name changes, which would move its focus at every key.
//
// Fyne 2.8.1 reaches only what sits in plain containers from the window's
// content: nothing inside a scroll, a card, tabs, a form, a table or a
// dialog (see README, Screen readers). The names are there for what it
// reaches now, and for a Fyne that looks inside those.

var (
	_ fyne.Accessible = (*accessible)(nil)
	_ fyne.Accessible = (*stageStepper)(nil)
	_ fyne.Accessible = (*messageBar)(nil)
)

// accessible is a control with the name and role a screen reader
// announces for it. It draws nothing of its own: the control is laid out,
// hidden and shown as it would be without it, and keeps its input and
// focus.
type accessible struct {
	widget.BaseWidget
	control fyne.CanvasObject
	name    string
}

// labelled gives control the name a screen reader announces: name, the
// words of the label shown with it, then the kind of control it is (text
// box, drop-down list, tick boxes...). Place the result where the control
// would have gone; keep the control itself for reading and setting it.
func labelled(name string, control fyne.CanvasObject) fyne.CanvasObject {
	a := &accessible{control: control, name: name}
	a.ExtendBaseWidget(a)
	return a
}

// CreateRenderer shows the control as it is.
func (a *accessible) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(a.control)
}

// Visible follows the control: hiding the control hides its name too, and
// a layout gives it no room.
func (a *accessible) Visible() bool { return a.control.Visible() }

// Show shows the control.
func (a *accessible) Show() { a.control.Show() }

// Hide hides the control.
func (a *accessible) Hide() { a.control.Hide() }

// AccessibilityLabel is the name, then the kind of control in words.
func (a *accessible) AccessibilityLabel() string {
	kind := controlKind(a.control)
	switch {
	case kind == "":
		return a.name
	case a.name == "":
		return capitalise(kind)
	}
	return a.name + ", " + kind
}

// AccessibilityRole is a button for what is pressed to act or to open a
// list (buttons, drop-downs, tick boxes), text for the rest: Fyne 2.8 has
// no role for a text box.
func (a *accessible) AccessibilityRole() fyne.AccessibleRole {
	switch a.control.(type) {
	case *widget.Button, *widget.Select, *dialogSelect, *widget.Check:
		return fyne.AccessibleRoleButton
	}
	return fyne.AccessibleRoleText
}

// controlKind says in words what kind of control o is ("" for a button,
// whose role says it): what a screen reader user needs to know to use it.
func controlKind(o fyne.CanvasObject) string {
	switch c := o.(type) {
	case *widget.Entry:
		return entryKind(c)
	case *entry:
		return entryKind(&c.Entry)
	case *dialogEntry:
		return entryKind(&c.Entry)
	case *tabbingEntry:
		return entryKind(&c.Entry)
	case *widget.SelectEntry, *selectEntry, *dialogSelectEntry:
		return "text box with a list to choose from"
	case *widget.Select, *dialogSelect:
		return "drop-down list"
	case *widget.Check:
		return "tick box"
	case *widget.CheckGroup:
		return "tick boxes: " + strings.Join(c.Options, "; ")
	case *widget.RadioGroup:
		return "choose one of: " + strings.Join(c.Options, "; ")
	case *widget.Table:
		return "table"
	case *widget.List:
		return "list"
	}
	return ""
}

func entryKind(e *widget.Entry) string {
	switch {
	case e.Password:
		return "password box"
	case e.MultiLine:
		return "text box of several lines"
	}
	return "text box"
}

// The app's own widgets say in words what they draw.

// AccessibilityLabel says where the case is in the review flowchart, as
// the stepper's circles, ticks and captions show it.
func (s *stageStepper) AccessibilityLabel() string {
	if s.current < 0 || s.current >= len(cdop.Stages) {
		return "Stage not known"
	}
	label := fmt.Sprintf("Stage %d of %d: %s", s.current+1, len(cdop.Stages), cdop.Stages[s.current].Label)
	if s.current > 0 {
		var done []string
		for _, c := range cdop.Stages[:s.current] {
			done = append(done, c.Label)
		}
		label += "; done: " + strings.Join(done, ", ")
	}
	if s.current+1 < len(cdop.Stages) {
		label += "; next: " + cdop.Stages[s.current+1].Label
	}
	return label
}

// AccessibilityRole is text.
func (s *stageStepper) AccessibilityRole() fyne.AccessibleRole { return fyne.AccessibleRoleText }

// AccessibilityLabel is the message on show, after the word for what its
// colour and icon say (an error, a warning, done, a note).
func (b *messageBar) AccessibilityLabel() string {
	if !b.Visible() || b.text.Text == "" {
		return ""
	}
	word := "Note"
	switch b.imp {
	case widget.DangerImportance:
		word = "Error"
	case widget.WarningImportance:
		word = "Warning"
	case widget.SuccessImportance:
		word = "Done"
	}
	return word + ": " + b.text.Text
}

// AccessibilityRole is text.
func (b *messageBar) AccessibilityRole() fyne.AccessibleRole { return fyne.AccessibleRoleText }
