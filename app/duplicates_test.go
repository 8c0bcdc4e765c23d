package app_test

import (
	"context"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"casemanager/cdop"
)

// The renamed neonate: "Baby Kaczmarek" is on the register with no NHS
// number, and "Oliwia Kaczmarek" is notified with the same surname, dates,
// sex and postcode. The form flags the possible duplicate and will not
// save it until the coordinator opens the existing case or confirms a
// different child with a reason, which is saved with the case.
func TestRenamedNeonateIsFlaggedAndResolvedWithAReason(t *testing.T) {
	h := newHarness(t)
	existing := h.storeCase("Baby", "Kaczmarek", "2026-03-01", "2026-03-03", "")

	h.tap("New notification")
	h.typeInto("First name", "Oliwia")
	h.typeInto("Last name", "KACZMAREK")
	h.typeInto("Date of birth", "2026-03-01")
	h.typeInto("Date of death", "2026-03-03")
	h.choose("Sex", "Male")
	h.choose("Reason for no NHS number", "Not available")
	if !containsPrefix(h.screenText(), "Possible duplicate of "+existing.Ref) {
		t.Fatalf("no duplicate warning on screen: %q", h.screenText())
	}
	h.tap("Save")
	if cases, _ := h.db.FindCases(context.Background(), cdop.CaseFilter{}); len(cases) != 1 {
		t.Fatalf("the possible duplicate was saved: %d cases stored", len(cases))
	}

	h.tap("Different child…")
	h.typeIn("Why this is a different child, e.g. twins confirmed by the maternity unit (required)", "Twin of the stored baby: the maternity unit confirmed two births")
	h.tap("Confirm")
	if !containsPrefix(h.screenText(), "Looks like "+existing.Ref) {
		t.Errorf("the warning does not say the look-alike is resolved: %q", h.screenText())
	}
	h.tap("Save")
	cases, err := h.db.FindCases(context.Background(), cdop.CaseFilter{Search: "oliwia"})
	if err != nil || len(cases) != 1 {
		t.Fatalf("after confirming a different child: %d cases found (%v)", len(cases), err)
	}
	if got := cases[0].DistinctReason; got != "Twin of the stored baby: the maternity unit confirmed two births" {
		t.Errorf("distinct_reason stored = %q", got)
	}
}

// Twins each with their own NHS number are different children: the form
// notes the look-alike and saves the second twin.
func TestTwinWithAnotherNHSNumberIsNotedAndSaved(t *testing.T) {
	h := newHarness(t)
	existing := h.storeCase("Chidi", "Okonkwo-Hughes", "2026-03-01", "2026-03-02", nhsNumber(t, 1))

	h.tap("New notification")
	h.typeInto("First name", "Adaeze")
	h.typeInto("Last name", "Okonkwo-Hughes")
	h.typeInto("Date of birth", "2026-03-01")
	h.typeInto("Date of death", "2026-03-02")
	h.choose("Sex", "Male")
	h.typeInto("NHS number", cdop.FormatNHSNumber(nhsNumber(t, 2)))
	if !containsPrefix(h.screenText(), "Note: "+existing.Ref) {
		t.Fatalf("no note of the twin on screen: %q", h.screenText())
	}
	if h.find(func(o fyne.CanvasObject) bool {
		b, ok := o.(*widget.Button)
		return ok && b.Text == "Different child…"
	}) != nil {
		t.Error("a twin with another NHS number is offered Different child…, as if it needed resolving")
	}
	h.tap("Save")
	if cases, _ := h.db.FindCases(context.Background(), cdop.CaseFilter{}); len(cases) != 2 {
		t.Errorf("the twin was not saved: %d cases stored", len(cases))
	}
}

// The notification form asks for the statutory dataset's items in its
// sections: scope (a non-resident child's panel), the family, who notified,
// and a baby's birth; what is typed is what is stored.
func TestNotificationFormFillsTheStatutoryItems(t *testing.T) {
	h := newHarness(t)
	h.tap("New notification")
	for _, section := range []string{"Child", "Death", "Notification", "Family"} {
		if !containsText(h.screenText(), section) {
			t.Errorf("the form has no %s section: %q", section, h.screenText())
		}
	}
	h.typeInto("First name", "Oliwia")
	h.typeInto("Last name", "Kaczmarek")
	h.typeInto("Date of birth", "2026-11-01")
	h.choose("Sex", "Female")
	h.choose("Reason for no NHS number", "Non-resident in England")
	h.typeInto("Date of death", "2026-11-20")
	h.choose("Resident or non-resident", "Non-resident")
	h.typeInto("Panel of residence", "Kent and Medway CDOP")
	h.choose("Live birth or unattended stillbirth", "Live birth")
	h.typeInto("Birthweight (grams)", "2450")
	h.choose("Looked-after child", "Not known")
	h.typeInto("Notified by", "Dr Priya Shah, consultant paediatrician")
	h.typeInto("Notifier's agency", "Leeds Teaching Hospitals NHS Trust")
	h.typeInto("Parents or those with parental responsibility", "Anna Kaczmarek (mother)")
	h.tap("Save")

	stored, err := h.db.FindCaseByRef(context.Background(), "CDOP-2026-0001")
	if err != nil {
		t.Fatalf("not saved: %v; on screen %q", err, h.screenText())
	}
	for field, want := range map[string]string{
		"residency": "non_resident", "panel_of_residence": "Kent and Medway CDOP", "birth_outcome": "live_birth",
		"birth_weight_grams": "2450", "looked_after": "not_known", "notifier": "Dr Priya Shah, consultant paediatrician",
		"notifier_agency": "Leeds Teaching Hospitals NHS Trust", "parents": "Anna Kaczmarek (mother)",
	} {
		if got := stored.Get(field); got != want {
			t.Errorf("%s stored as %q; want %q", field, got, want)
		}
	}
}
