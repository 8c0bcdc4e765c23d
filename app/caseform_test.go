package app_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"casemanager/cdop"
)

// notKnownButton returns the "Not known" button of the field labelled
// label, or nil when it has none.
func (h *harness) notKnownButton(label string) *widget.Button {
	h.t.Helper()
	if c := h.boxUnder(label, 5); c != nil {
		if b, ok := c.Objects[4].(*widget.Button); ok && b.Text == "Not known" && b.Visible() {
			return b
		}
	}
	return nil
}

// The sections of the notification form collapse and open again by their
// headers; a collapsed section's fields are off the screen and out of the
// way, and what was typed in them is kept.
func TestFormSectionsCollapseByTheirHeaders(t *testing.T) {
	h := newHarness(t)
	h.tap("New notification")
	h.typeInto("First name", "Oliwia")
	h.tap("Death")
	if h.boxUnder("Date of death", 3) != nil || h.boxUnder("Place of death", 3) != nil {
		t.Error("the Death section's fields are still on screen after its header was tapped")
	}
	if h.boxUnder("First name", 3) == nil || h.boxUnder("Panel notified on", 3) == nil {
		t.Error("collapsing Death hid another section's fields")
	}
	h.tap("Child")
	if h.boxUnder("First name", 3) != nil {
		t.Error("the Child section did not collapse")
	}
	h.tap("Child")
	if got := as[widget.Entry](h.field("First name")).Text; got != "Oliwia" {
		t.Errorf("First name after collapsing and opening its section = %q", got)
	}
	if h.boxUnder("Date of death", 3) != nil {
		t.Error("opening Child opened Death too")
	}
	// A problem in a collapsed section is never hidden: saving opens it.
	h.tap("Save")
	if h.boxUnder("Date of death", 3) == nil || h.fieldError("Date of death") == "" {
		t.Errorf("a refused save left the Death section, whose date is required, collapsed (error %q)", h.fieldError("Date of death"))
	}
}

// On a case's page a collapsed section stays collapsed while the page is
// open, through a save that reloads the case.
func TestACollapsedSectionStaysCollapsedThroughASave(t *testing.T) {
	h := newHarness(t)
	c := h.caseAt(cdop.StageInformationGathering, "Amara", "Okafor", "2025-03-14", "2026-09-18", "2026-10-20", 11)
	h.openFromRegister(c.Ref)
	h.openTab("Details")
	h.tap(cdop.SectionDeath)
	h.typeInto("First name", "Amarachi")
	h.tap("Save")
	if stored, _ := h.db.FindCaseByID(context.Background(), c.ID); !strings.HasPrefix(stored.FirstName, "Amarachi") {
		t.Fatalf("not saved: %q", h.screenText())
	}
	if h.boxUnder("Date of death", 3) != nil {
		t.Error("the Death and notification section opened again after the save")
	}
	if h.boxUnder("First name", 3) == nil {
		t.Error("the Child section closed")
	}
}

// "Not known" is one click for every field where the registry allows it,
// and only there; the answer is what is stored.
func TestNotKnownIsOneClickWhereTheFieldAllowsIt(t *testing.T) {
	h := newHarness(t)
	h.tap("New notification")
	for _, sec := range cdop.NewNotificationSections() {
		for _, name := range sec.Fields {
			f, _ := cdop.FieldNamed(name)
			if got := h.notKnownButton(f.Label) != nil; got != f.AllowsNotKnown() {
				t.Errorf("%s: a Not known button = %v; the field allows not known = %v", f.Label, got, f.AllowsNotKnown())
			}
		}
	}
	h.typeInto("First name", "Oliwia")
	h.typeInto("Last name", "Kaczmarek")
	h.typeInto("Date of birth", "2026-11-01")
	h.typeInto("Date of death", "2026-11-20")
	h.choose("Reason for no NHS number", "Not available")
	for _, label := range []string{"Sex", "Place of death", "Expected or unexpected", "Looked-after child", "Local authority of residence"} {
		b := h.notKnownButton(label)
		if b == nil {
			t.Fatalf("%s has no Not known button", label)
		}
		test.Tap(b)
	}
	if got := h.field("Sex").(*widget.Select).Selected; got != "Not known" {
		t.Errorf("Sex shows %q after Not known was tapped", got)
	}
	h.tap("Save")
	stored, err := h.db.FindCaseByRef(context.Background(), "CDOP-2026-0001")
	if err != nil {
		t.Fatalf("not saved: %v; on screen %q", err, h.screenText())
	}
	for _, field := range []string{"sex", "place_of_death", "expected", "looked_after", "residence_la"} {
		if got := stored.Get(field); got != cdop.NotKnown {
			t.Errorf("%s stored as %q; want not_known", field, got)
		}
	}
	if got := stored.Get("child_protection_plan"); got != "" {
		t.Errorf("child_protection_plan, not tapped, stored as %q", got)
	}
}

// Tab runs down each section of the notification form: its header, then
// its fields in order, each "Not known" straight after its field, then
// the next section's header; a collapsed section's fields are skipped.
func TestTabRunsDownEachSection(t *testing.T) {
	h := newHarness(t)
	h.tap("New notification")
	secs := cdop.NewNotificationSections()
	want := func(skip string) []string {
		var out []string
		for _, sec := range secs {
			out = append(out, "section "+sec.Title)
			if sec.Title == skip {
				continue
			}
			for _, name := range sec.Fields {
				f, _ := cdop.FieldNamed(name)
				out = append(out, f.Label)
				if f.Kind == cdop.KindChoice && len(f.Choices) > 30 {
					out = append(out, f.Label) // a long list is searched by typing, with its own drop-down button
				}
				if f.AllowsNotKnown() {
					out = append(out, f.Label+" · Not known")
				}
			}
		}
		return out
	}
	for _, collapsed := range []string{"", "Death"} {
		if collapsed != "" {
			h.tap(collapsed)
		}
		expected := want(collapsed)
		h.window.Canvas().Focus(h.button(secs[0].Title))
		got := []string{h.focusedName()}
		for len(got) < len(expected) {
			h.tab()
			got = append(got, h.focusedName())
		}
		if !slices.Equal(got, expected) {
			t.Errorf("with %q collapsed, Tab goes\n  %s\nwant\n  %s", collapsed, strings.Join(got, " → "), strings.Join(expected, " → "))
		}
	}
}

// focusedName names what has the keyboard's focus: a section's header
// ("section Child"), a field by its label, a field's Not known button
// ("Sex · Not known"), or what it is.
func (h *harness) focusedName() string {
	h.t.Helper()
	focused := h.window.Canvas().Focused()
	if focused == nil {
		return "nothing"
	}
	name := ""
	walk(h.window.Content(), func(o fyne.CanvasObject) bool {
		c, ok := o.(*fyne.Container)
		if !ok || len(c.Objects) < 4 {
			return true
		}
		l, ok := c.Objects[0].(*widget.Label)
		if !ok {
			return true
		}
		for i, part := range c.Objects[1:] {
			walk(part, func(p fyne.CanvasObject) bool {
				if p == focused.(fyne.CanvasObject) {
					name = l.Text
					if i == 3 {
						name += " · Not known"
					}
				}
				return name == ""
			})
		}
		return name == ""
	})
	if b, ok := focused.(*widget.Button); ok && name == "" {
		return "section " + b.Text
	}
	if name == "" {
		return "something else"
	}
	return name
}

// A closed case's values read straight under their labels: the room a
// problem would take is not left empty between them.
func TestAReadOnlyValueFollowsItsLabel(t *testing.T) {
	h := newHarness(t)
	c := h.signedOffCase("Lily", "Clarke", 91)
	h.openFromRegister(c.Ref)
	h.openTab("Details")
	box := h.boxUnder("First name", 4)
	if box == nil {
		t.Fatal("no First name on screen")
	}
	label, value := box.Objects[0], box.Objects[3]
	if got := value.(*widget.Label).Text; got != "Lily" || !value.Visible() {
		t.Fatalf("the read-only value shows %q (visible %v)", got, value.Visible())
	}
	if gap := value.Position().Y - (label.Position().Y + label.Size().Height); gap > 2*theme.Padding() {
		t.Errorf("%.0f pixels between the label and its read-only value", gap)
	}
}
