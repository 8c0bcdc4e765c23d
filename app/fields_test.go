package app_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"casemanager/cdop"
)

// TestEveryRegistryFieldHasItsWidget checks that each field the registry
// places on a form can be edited there: on the new-notification form and
// on the case page's Details, Decisions and Family tabs, under its label.
// A field defined in cdop but left off the screens fails here.
func TestEveryRegistryFieldHasItsWidget(t *testing.T) {
	h := newHarness(t)
	h.tap("New notification")
	for _, sec := range cdop.NewNotificationSections() {
		for _, name := range sec.Fields {
			f, _ := cdop.FieldNamed(name)
			h.field(f.Label)
		}
	}
	h.tap("Case register")
	c := h.storeCase("Amara", "Okafor", "2025-03-14", "2026-11-18", nhsNumber(t, 11))
	h.openFromRegister(c.Ref)
	for _, tab := range []string{cdop.TabDetails, cdop.TabDecisions, cdop.TabFamily} {
		h.openTab(tab)
		n := 0
		for _, sec := range cdop.TabSections(tab) {
			for _, name := range sec.Fields {
				f, _ := cdop.FieldNamed(name)
				h.field(f.Label)
				n++
			}
		}
		if n == 0 {
			t.Errorf("the registry places no field on the %s tab", tab)
		}
	}
}

// The local authority of residence is picked from England's list: typing
// filters the list, a name chosen is stored as its ONS code, and anything
// else is refused under the field with the close matches.
func TestLocalAuthorityIsSearchedAndStoredAsItsCode(t *testing.T) {
	h := newHarness(t)
	h.tap("New notification")
	la := as[widget.SelectEntry](h.field("Local authority of residence"))
	if la == nil {
		t.Fatalf("the local authority is edited by a %T; want a searchable list", h.field("Local authority of residence"))
	}
	h.window.Canvas().Focus(la)
	test.Type(la, "brad")
	h.ui.Wait()
	test.Tap(la.ActionItem.(fyne.Tappable))
	menu := h.window.Canvas().Overlays().Top()
	if menu == nil {
		t.Fatal("the list's button opened no list")
	}
	if got := textsIn(menu); !slices.Equal(got, []string{"Bradford"}) {
		t.Errorf("typing brad leaves the list %q; want Bradford alone", got)
	}
	h.window.Canvas().Overlays().Remove(menu)
	la.SetText("")
	test.Type(la, "Leds")
	h.ui.Wait()
	if got := h.fieldError("Local authority of residence"); !strings.Contains(got, "Leeds (E08000035)") {
		t.Errorf("error under the local authority = %q; want it to suggest Leeds (E08000035)", got)
	}
	la.SetText("")
	test.Type(la, "Leeds")
	h.ui.Wait()
	if got := h.fieldError("Local authority of residence"); got != "" {
		t.Errorf("error under the local authority after choosing Leeds = %q", got)
	}
	h.typeInto("First name", "Amara")
	h.typeInto("Last name", "Okafor")
	h.typeInto("Date of birth", "2020-05-01")
	h.choose("Sex", "Female")
	h.typeInto("NHS number", cdop.FormatNHSNumber(nhsNumber(t, 77)))
	h.typeInto("Date of death", "2026-11-20")
	h.tap("Save")
	stored, err := h.db.FindCases(context.Background(), cdop.CaseFilter{})
	if err != nil || len(stored) != 1 {
		t.Fatalf("stored %d cases (%v); want 1: %q", len(stored), err, h.screenText())
	}
	if stored[0].ResidenceLA != "E08000035" {
		t.Errorf("stored the local authority as %q; want E08000035", stored[0].ResidenceLA)
	}
}
