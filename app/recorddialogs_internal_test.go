package app

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"casemanager/cdop"
)

func TestActionDialogAsksOnWhatDayAndWhy(t *testing.T) {
	w := dialogWindow(t)
	today := cdop.MustParseDate("2026-11-23")
	subject := "Reporting form from West Yorkshire Police"

	// It starts on today's date; Enter records it.
	d := newActionDialog("Form received", "Record received", "Request", subject, "Received on", today)
	var on cdop.Date
	var text string
	calls := 0
	d.OnSubmit = func(o cdop.Date, s string) { on, text, calls = o, s, calls+1 }
	d.Show(w)
	if d.on.Text != "2026-11-23" {
		t.Errorf("the day starts as %q; want today", d.on.Text)
	}
	press(w, fyne.KeyReturn)
	if calls != 1 || on != today || text != "" || open(w) {
		t.Errorf("after Enter: %d submissions, on %s, text %q, dialog open %v", calls, on, text, open(w))
	}

	// A declined request needs its reason, even once the day is changed;
	// Escape cancels.
	d = newActionDialog("Agency declined", "Record declined", "Request", subject, "Declined on", today).
		withText("Reason", "Why the agency declined (required)")
	d.OnSubmit = func(o cdop.Date, s string) { on, text, calls = o, s, calls+1 }
	d.Show(w)
	d.on.SetText("")
	typeInto(w, d.on, "19/11/2026")
	test.Tap(dialogButton(t, w, "Record declined"))
	if calls != 1 || !open(w) {
		t.Fatalf("declined without a reason: %d submissions, dialog open %v", calls, open(w))
	}
	press(w, fyne.KeyEscape)
	if calls != 1 || open(w) {
		t.Fatalf("Escape: %d submissions, dialog open %v", calls, open(w))
	}
	d = newActionDialog("Agency declined", "Record declined", "Request", subject, "Declined on", today).
		withText("Reason", "Why the agency declined (required)")
	d.OnSubmit = func(o cdop.Date, s string) { on, text, calls = o, s, calls+1 }
	d.Show(w)
	d.on.SetText("")
	typeInto(w, d.on, "19/11/2026")
	typeInto(w, d.text, "  Not involved with the family ")
	test.Tap(dialogButton(t, w, "Record declined"))
	if calls != 2 || on.String() != "2026-11-19" || text != "Not involved with the family" || open(w) {
		t.Errorf("Record declined: %d submissions, on %s, reason %q, dialog open %v", calls, on, text, open(w))
	}
}
