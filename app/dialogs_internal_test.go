package app

import (
	"context"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"casemanager/cdop"
	"casemanager/storage"
)

// The dialog tests show each dialog in a headless window, type into its
// fields, and submit or cancel it with its buttons and keys, as a person
// does.

func dialogWindow(t *testing.T) fyne.Window {
	t.Helper()
	test.NewTempApp(t)
	w := test.NewWindow(widget.NewLabel("a screen behind the dialog"))
	w.Resize(fyne.NewSize(1000, 700))
	t.Cleanup(w.Close)
	return w
}

// visit calls fn for every visible object under o, depth first.
func visit(o fyne.CanvasObject, fn func(fyne.CanvasObject)) {
	if o == nil || !o.Visible() {
		return
	}
	fn(o)
	switch x := o.(type) {
	case *fyne.Container:
		for _, c := range x.Objects {
			visit(c, fn)
		}
	case fyne.Widget:
		for _, c := range test.WidgetRenderer(x).Objects() {
			visit(c, fn)
		}
	}
}

// open reports whether a dialog is on show.
func open(w fyne.Window) bool { return w.Canvas().Overlays().Top() != nil }

// dialogButton finds the dialog's button with text.
func dialogButton(t *testing.T, w fyne.Window, text string) *widget.Button {
	t.Helper()
	var found *widget.Button
	visit(w.Canvas().Overlays().Top(), func(o fyne.CanvasObject) {
		if b, ok := o.(*widget.Button); ok && b.Text == text {
			found = b
		}
	})
	if found == nil {
		t.Fatalf("the dialog has no button %q", text)
	}
	return found
}

// typeInto puts the cursor in f and types text, as a person clicking in it.
func typeInto(w fyne.Window, f fyne.Focusable, text string) {
	w.Canvas().Focus(f)
	test.Type(f, text)
}

// press presses a key where the cursor is, or on the window when no field
// has it, as the desktop driver does.
func press(w fyne.Window, key fyne.KeyName) {
	ev := &fyne.KeyEvent{Name: key}
	if f := w.Canvas().Focused(); f != nil {
		f.TypedKey(ev)
	} else if on := w.Canvas().OnTypedKey(); on != nil {
		on(ev)
	}
}

// shiftEnter presses Shift+Enter in a box of several lines.
func shiftEnter(e *dialogEntry) {
	shift := &fyne.KeyEvent{Name: desktop.KeyShiftLeft}
	e.KeyDown(shift)
	e.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	e.KeyUp(shift)
}

// choose opens a drop-down of the dialog and taps an option.
func choose(t *testing.T, w fyne.Window, s fyne.Tappable, option string) {
	t.Helper()
	test.Tap(s)
	menu := w.Canvas().Overlays().Top()
	var item fyne.Tappable
	visit(menu, func(o fyne.CanvasObject) {
		if tp, ok := o.(fyne.Tappable); ok && hasLabel(o, option) {
			item = tp
		}
	})
	if item == nil {
		t.Fatalf("the drop-down has no option %q", option)
	}
	test.Tap(item)
}

// offered opens the list of a select entry, returns what it offers and
// closes it again.
func offered(w fyne.Window, e *dialogSelectEntry) []string {
	test.Tap(e.ActionItem.(fyne.Tappable))
	menu := w.Canvas().Overlays().Top()
	var out []string
	visit(menu, func(o fyne.CanvasObject) {
		if t, ok := o.(*canvas.Text); ok && t.Text != "" {
			out = append(out, t.Text)
		}
	})
	w.Canvas().Overlays().Remove(menu)
	return out
}

func hasLabel(o fyne.CanvasObject, text string) bool {
	found := false
	visit(o, func(c fyne.CanvasObject) {
		if l, ok := c.(*widget.Label); ok && l.Text == text {
			found = true
		}
		if r, ok := c.(*widget.RichText); ok && r.String() == text {
			found = true
		}
		if x, ok := c.(*canvas.Text); ok && x.Text == text {
			found = true
		}
	})
	return found
}

func TestStageDialogAsksTheStageAndAReason(t *testing.T) {
	w := dialogWindow(t)
	d := newStageDialog("Move the case back", "Move back", []string{"Immediate decisions", "Notified"}, "Why the case moves back (required)")
	var to cdop.Stage
	var reason string
	calls := 0
	d.OnSubmit = func(s cdop.Stage, r string) { to, reason, calls = s, r, calls+1 }
	d.Show(w)

	if w.Canvas().Focused() != d.reason {
		t.Fatalf("the cursor starts in %T, want the reason", w.Canvas().Focused())
	}
	test.Tap(dialogButton(t, w, "Move back"))
	shiftEnter(d.reason)
	if calls != 0 || !open(w) {
		t.Fatal("the dialog was submitted without a reason")
	}
	choose(t, w, d.to, "Notified")
	typeInto(w, d.reason, "Entered on the wrong case")
	press(w, fyne.KeyReturn) // Enter starts a new line in a box of several
	if calls != 0 || d.reason.Text != "Entered on the wrong case\n" {
		t.Fatalf("Enter in the reason: %d submissions, reason %q", calls, d.reason.Text)
	}
	shiftEnter(d.reason)
	if calls != 1 || to != cdop.StageNotified || reason != "Entered on the wrong case" || open(w) {
		t.Errorf("after Shift+Enter: %d submissions, stage %q, reason %q, dialog open %v", calls, to, reason, open(w))
	}
}

func TestPauseDialogAsksFromWhenAndWhy(t *testing.T) {
	w := dialogWindow(t)
	today := cdop.MustParseDate("2026-11-23")
	d := newPauseDialog("Child death review meeting held", today)
	var from cdop.Date
	var reason string
	calls := 0
	d.OnSubmit = func(f cdop.Date, r string) { from, reason, calls = f, r, calls+1 }
	d.Show(w)

	typeInto(w, d.reason, "Awaiting the post-mortem report")
	d.from.SetText("")
	typeInto(w, d.from, "31/11/2026") // no such day
	press(w, fyne.KeyReturn)
	if calls != 0 || !open(w) {
		t.Fatal("a pause from a date that does not exist was submitted")
	}
	d.from.SetText("")
	typeInto(w, d.from, "20/11/2026")
	press(w, fyne.KeyReturn)
	if calls != 1 || from.String() != "2026-11-20" || reason != "Awaiting the post-mortem report" || open(w) {
		t.Errorf("after Enter: %d submissions, from %s, reason %q, dialog open %v", calls, from, reason, open(w))
	}

	// It starts on today's date.
	d = newPauseDialog("Child death review meeting held", today)
	d.OnSubmit = func(f cdop.Date, r string) { from, calls = f, calls+1 }
	d.Show(w)
	typeInto(w, d.reason, "Awaiting the inquest")
	test.Tap(dialogButton(t, w, "Pause"))
	if calls != 2 || from != today {
		t.Errorf("a pause from the date offered: %d submissions, from %s", calls, from)
	}
}

func TestDeferDialogAsksWhyAndWhatIsAwaited(t *testing.T) {
	w := dialogWindow(t)
	d := newDeferDialog("CDOP-2026-0001")
	var reason, awaiting string
	calls := 0
	d.OnSubmit = func(r, a string) { reason, awaiting, calls = r, a, calls+1 }
	d.Show(w)
	typeInto(w, d.awaiting, "the coroner's findings")
	press(w, fyne.KeyReturn)
	if calls != 0 {
		t.Fatal("a deferral without a reason was submitted")
	}
	typeInto(w, d.reason, "Inquest not yet concluded")
	typeInto(w, d.awaiting, "")
	press(w, fyne.KeyReturn) // Enter in the one-line box submits
	if calls != 1 || reason != "Inquest not yet concluded" || awaiting != "the coroner's findings" || open(w) {
		t.Errorf("after Enter: %d submissions, reason %q, awaiting %q, dialog open %v", calls, reason, awaiting, open(w))
	}
}

func TestMeetingDialogAsksKindDateTimePlaceAndChair(t *testing.T) {
	w := dialogWindow(t)
	d := newMeetingDialog("New meeting", "Create meeting", cdop.Meeting{ID: 7, Kind: "panel"})
	var got cdop.Meeting
	calls := 0
	d.OnSubmit = func(m cdop.Meeting) { got, calls = m, calls+1 }
	d.Show(w)
	if w.Canvas().Focused() != d.on {
		t.Fatalf("the cursor starts in %T, want the date", w.Canvas().Focused())
	}
	test.Type(d.on, "20/11/2026")
	typeInto(w, d.at, "2pm")
	press(w, fyne.KeyReturn)
	if calls != 0 || !open(w) {
		t.Fatal("a meeting starting at 2pm (not HH:MM) was submitted")
	}
	d.at.SetText("")
	typeInto(w, d.at, "14:00")
	typeInto(w, d.place, "Room 2, Civic Hall")
	typeInto(w, d.chair, "Dr Whitfield")
	choose(t, w, d.kind, cdop.MeetingKinds.Label("cdrm"))
	w.Canvas().Unfocus()
	press(w, fyne.KeyReturn) // with no field focused, the window hears Enter
	want := cdop.Meeting{ID: 7, Kind: "cdrm", On: cdop.MustParseDate("2026-11-20"), StartsAt: "14:00", Place: "Room 2, Civic Hall", Chair: "Dr Whitfield"}
	if calls != 1 || got.ID != want.ID || got.Kind != want.Kind || got.On != want.On || got.StartsAt != want.StartsAt ||
		got.Place != want.Place || got.Chair != want.Chair || open(w) {
		t.Errorf("after Enter: %d submissions, meeting %+v, dialog open %v", calls, got, open(w))
	}
	if w.Canvas().OnTypedKey() != nil {
		t.Error("the closed dialog still hears the window's keys")
	}
}

func TestRecommendationDialogFindsCasesAndChecksBeforeSubmitting(t *testing.T) {
	w := dialogWindow(t)
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	db, err := storage.Open(filepath.Join(t.TempDir(), "cdop.db"), cdop.FixedClock(now))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	ctx := cdop.WithActor(context.Background(), "setup")
	c := cdop.NewCase()
	c.FirstName, c.LastName, c.Sex, c.NHSNumberStatus = "Grace", "O'Neill", "female", "not_available"
	c.DateOfBirth, c.DateOfDeath = cdop.MustParseDate("2009-06-30"), cdop.MustParseDate("2026-01-02")
	c.NotifiedOn = c.DateOfDeath
	if err := db.CreateCase(ctx, c); err != nil {
		t.Fatal(err)
	}
	agencies := []cdop.Agency{{ID: 3, Name: "West Yorkshire Police", Type: "police"}, {ID: 4, Name: "Leeds City Council", Type: "childrens_social_care"}}
	bar := newMessageBar()
	run := newRunner(newNavigator(w, container.NewStack(), bar), bar, "ui-test", true)

	d := newRecommendationDialog(run, db, agencies)
	var got *cdop.Recommendation
	d.OnSubmit = func(r *cdop.Recommendation) { got = r }
	d.Show(w)
	if w.Canvas().Focused() != d.pick {
		t.Fatalf("the cursor starts in %T, want the case picker", w.Canvas().Focused())
	}
	test.Type(d.pick, "o'neill")
	run.Wait()
	if got, want := offered(w, d.pick), c.Ref+" — Grace O'Neill"; !slices.Equal(got, []string{want}) {
		t.Fatalf("typing the name offers %q, want %q", got, want)
	}
	typeInto(w, d.pick, "") // back in the picker, the list closed
	d.pick.SetText(c.Ref)
	press(w, fyne.KeyReturn) // Enter in the picker adds the case
	run.Wait()
	if len(d.chosen) != 1 || d.chosen[0].ref != c.Ref || d.pick.Text != "" || !hasLabel(d.chosenBox, c.Ref) {
		t.Fatalf("after Enter in the picker: chosen %+v, picker %q", d.chosen, d.pick.Text)
	}
	choose(t, w, d.agency, "Leeds City Council")
	typeInto(w, d.action, "Audit referrals to early help")
	test.Tap(dialogButton(t, w, "Add recommendation"))
	if got != nil || d.status.Text != "Not added: Due by: enter a date." {
		t.Fatalf("without a due date: submitted %v, the dialog says %q", got != nil, d.status.Text)
	}
	typeInto(w, d.due, "01/02/2027")
	press(w, fyne.KeyReturn)
	if got == nil || !slices.Equal(got.CaseIDs, []string{c.ID}) || got.AgencyID != 4 || got.Action != "Audit referrals to early help" ||
		got.DueOn.String() != "2027-02-01" || got.Status != "open" {
		t.Fatalf("after Enter: %+v", got)
	}
	if !open(w) {
		t.Error("the dialog closed before the caller saved the recommendation")
	}
	d.Hide()

	// Escape in the picker cancels.
	d = newRecommendationDialog(run, db, agencies)
	d.OnSubmit = func(r *cdop.Recommendation) { got = nil }
	d.Show(w)
	press(w, fyne.KeyEscape)
	if open(w) {
		t.Error("Escape left the dialog open")
	}
}
