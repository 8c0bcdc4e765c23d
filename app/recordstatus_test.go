package app_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"casemanager/cdop"
)

// Void… on a case's page asks why, then keeps the notification read-only
// with the reason shown, its fields locked, and out of the dashboard.
func TestVoidMakesTheCaseReadOnlyWithItsReason(t *testing.T) {
	h := newHarness(t)
	c := h.storeCase("Ayla", "Thornbury", "2025-01-03", "2026-03-01", nhsNumber(t, 71))
	h.ui.OpenCase(c.ID)
	h.ui.Wait()
	h.tap("Void…")
	h.typeIn("Why it was logged in error, e.g. the death was notified twice (required)", "Notified twice by the hospital")
	h.tap("Void")
	if !containsPrefix(h.screenText(), "Voided as logged in error: Notified twice by the hospital.") {
		t.Errorf("the page does not say the case is voided: %q", h.screenText())
	}
	stored, err := h.db.FindCaseByID(context.Background(), c.ID)
	if err != nil || stored.VoidedReason != "Notified twice by the hospital" {
		t.Fatalf("stored reason %q (%v)", stored.VoidedReason, err)
	}
	if e := as[widget.Entry](h.field("First name")); e == nil || !e.Disabled() {
		t.Error("a voided case's fields can still be edited")
	}
	if h.find(func(o fyne.CanvasObject) bool {
		b, ok := o.(*widget.Button)
		return ok && (b.Text == "Void…" || b.Text == "Transfer…")
	}) != nil {
		t.Error("a voided case still offers Void… or Transfer…")
	}
	h.ui.ShowDashboard()
	h.ui.Wait()
	if containsText(h.screenText(), c.Ref) {
		t.Errorf("the dashboard lists the voided case: %q", h.screenText())
	}
}

// Transfer… names the panel, saves the case for it in the interchange
// format, and records the transfer: the page then says so, read-only.
func TestTransferSavesTheCaseForTheOtherPanel(t *testing.T) {
	h := newHarness(t)
	c := h.storeCase("Grace", "O'Neill", "2009-06-30", "2026-03-02", "")
	h.ui.OpenCase(c.ID)
	h.ui.Wait()
	path := filepath.Join(t.TempDir(), "for-kent.csv")
	h.saveTo(path)
	h.tap("Transfer…")
	h.typeIn("The panel of the child's area, e.g. Kent and Medway CDOP (required)", "Kent and Medway CDOP")
	h.tap("Choose where to save…")
	if got := h.lastAsked(); got.name != c.Ref+"-transfer.csv" {
		t.Errorf("suggested %q; want the reference, never the child's name", got.name)
	}
	h.checkSavedDialog("recorded the transfer", path)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if lines := strings.Split(strings.TrimSpace(string(data)), "\n"); len(lines) != 2 || !strings.HasPrefix(lines[1], c.Ref+",Grace,O'Neill,") {
		t.Errorf("the file = %q; want the case in the interchange format", data)
	}
	h.ui.Wait()
	if !containsPrefix(h.screenText(), "Transferred to Kent and Medway CDOP on ") {
		t.Errorf("the page does not say the case was transferred: %q", h.screenText())
	}
	stored, _ := h.db.FindCaseByID(context.Background(), c.ID)
	if stored.TransferredTo != "Kent and Medway CDOP" || stored.TransferredOn != cdop.Today(cdop.FixedClock(today)) {
		t.Errorf("stored transfer %q on %s", stored.TransferredTo, stored.TransferredOn)
	}
}
