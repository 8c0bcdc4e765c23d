package app_test

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"casemanager/cdop"
)

// tapOption taps the option of a radio group in the dialog on top.
func (h *harness) tapOption(option string) {
	h.t.Helper()
	var target fyne.Tappable
	for _, root := range h.screens() {
		walk(root, func(o fyne.CanvasObject) bool {
			if g, ok := o.(*widget.RadioGroup); ok {
				walk(g, func(item fyne.CanvasObject) bool {
					if t, ok := item.(fyne.Tappable); ok && item != fyne.CanvasObject(g) && hasText(item, option) {
						target = t
					}
					return target == nil
				})
			}
			return target == nil
		})
		if target != nil {
			break
		}
	}
	if target == nil {
		h.t.Fatalf("no option %q on screen", option)
	}
	test.Tap(target)
}

// "Baby Kaczmarek" is on the register; "Oliwia Kaczmarek" is notified with
// the same surname, dates and sex and no NHS number. The coordinator merges
// the notification into the existing case: the dialog lists what the
// existing case lacks and asks about the first name, recorded differently;
// the existing case takes the key worker and the name chosen, the
// notification is kept voided as merged, and the merged case opens.
func TestANotificationMergesIntoTheExistingCase(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	existing := h.storeCase("Baby", "Kaczmarek", "2026-03-01", "2026-03-03", "")

	h.tap("New notification")
	h.typeInto("First name", "Oliwia")
	h.typeInto("Last name", "Kaczmarek")
	h.typeInto("Date of birth", "2026-03-01")
	h.typeInto("Date of death", "2026-03-03")
	h.choose("Sex", "Male")
	h.choose("Reason for no NHS number", "Not available")
	h.typeInto("Family's key worker", "Sam Patel")
	h.ui.Wait()
	h.tap("Merge into " + existing.Ref + "…")
	text := strings.Join(h.dialogText(), "\n")
	for _, want := range []string{"merged into " + existing.Ref, "Taken from this notification", "Family's key worker: Sam Patel",
		"Recorded differently", "First name"} {
		if !strings.Contains(text, want) {
			t.Errorf("the merge dialog does not say %q:\n%s", want, text)
		}
	}
	h.tapOption("This notification: Oliwia")
	h.tap("Merge")
	h.ui.Wait()

	merged, err := h.db.FindCaseByID(ctx, existing.ID)
	if err != nil {
		t.Fatal(err)
	}
	if merged.FirstName != "Oliwia" || merged.KeyWorker != "Sam Patel" {
		t.Errorf("the existing case after the merge: first name %q, key worker %q", merged.FirstName, merged.KeyWorker)
	}
	all, _ := h.db.FindCases(ctx, cdop.CaseFilter{})
	if len(all) != 2 || !(all[0].Voided() || all[1].Voided()) {
		t.Fatalf("after the merge: %d cases, none kept voided", len(all))
	}
	for _, c := range all {
		if c.ID != existing.ID && c.VoidedReason != "merged into "+existing.Ref {
			t.Errorf("the notification is voided %q", c.VoidedReason)
		}
	}
	if !containsPrefix(h.screenText(), existing.Ref+" — Oliwia Kaczmarek") {
		t.Errorf("the merged case did not open: %q", h.screenText())
	}
}

// A look-alike stored before (here confirmed a different child by mistake)
// is offered for merging on its page; the merge moves its agency request
// onto the existing case, keeps the existing value of a conflict not
// chosen, and leaves it voided and read-only.
func TestAStoredLookAlikeMergesWithItsRecords(t *testing.T) {
	h := newHarness(t)
	ctx := cdop.WithActor(context.Background(), "setup")
	existing := h.storeCase("Baby", "Kaczmarek", "2026-03-01", "2026-03-03", "")
	newer := cdop.NewCase()
	newer.FirstName, newer.LastName, newer.Sex, newer.NHSNumberStatus = "Oliwia", "Kaczmarek", "male", "not_available"
	newer.DateOfBirth, newer.DateOfDeath, newer.NotifiedOn = existing.DateOfBirth, existing.DateOfDeath, existing.DateOfDeath
	newer.PlaceOfDeath, newer.DistinctReason = "home", "thought to be a twin"
	if err := h.db.CreateCase(ctx, newer); err != nil {
		t.Fatal(err)
	}
	police := h.agency("West Yorkshire Police", "police")
	r := cdop.AgencyRequest{CaseID: newer.ID, AgencyID: police.ID, Form: "reporting_form", RequestedOn: existing.DateOfDeath}
	if err := h.db.SaveRequest(ctx, &r); err != nil {
		t.Fatal(err)
	}

	h.openFromRegister(newer.Ref)
	h.tap("Merge into " + existing.Ref + "…")
	if !containsText(h.dialogText(), "Place of death: Home") {
		t.Errorf("the dialog does not list the place of death the existing case lacks: %q", h.dialogText())
	}
	h.tap("Merge")
	h.ui.Wait()
	f, err := h.db.CaseFile(ctx, existing.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Requests) != 1 || f.Requests[0].AgencyName != "West Yorkshire Police" || f.Case.PlaceOfDeath != "home" || f.Case.FirstName != "Baby" {
		t.Errorf("the existing case after the merge: %d requests, place %q, first name %q", len(f.Requests), f.Case.PlaceOfDeath, f.Case.FirstName)
	}
	gone, _ := h.db.FindCaseByID(ctx, newer.ID)
	if gone.VoidedReason != "merged into "+existing.Ref {
		t.Errorf("the merged-away case is voided %q", gone.VoidedReason)
	}
	h.openFromRegister(newer.Ref)
	if !containsPrefix(h.screenText(), "Voided as logged in error: merged into "+existing.Ref) {
		t.Errorf("the merged-away case does not say it was merged: %q", h.screenText())
	}
	if h.find(func(o fyne.CanvasObject) bool {
		b, ok := o.(*widget.Button)
		return ok && strings.HasPrefix(b.Text, "Merge into")
	}) != nil {
		t.Error("a voided case still offers a merge")
	}
}
