package app_test

import (
	"testing"

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
