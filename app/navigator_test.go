package app_test

import (
	"context"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"casemanager/app"
	"casemanager/cdop"
)

// slowFlow is the store's flowchart service whose case files arrive only
// when the test releases them, as over a slow disk or network.
type slowFlow struct {
	cdop.FlowService
	started chan struct{} // a case file was asked for
	release chan error    // the test lets it arrive, or fail with the error sent
}

func (f *slowFlow) CaseFile(ctx context.Context, id string) (*cdop.CaseFile, error) {
	f.started <- struct{}{}
	if err := <-f.release; err != nil {
		return nil, err
	}
	return f.FlowService.CaseFile(ctx, id)
}

// newSlowHarness is the app over a store whose case files load slowly.
func newSlowHarness(t *testing.T) (*harness, *slowFlow) {
	t.Helper()
	test.NewTempApp(t)
	db := openStore(t)
	w := newWindow(t)
	slow := &slowFlow{FlowService: db, started: make(chan struct{}, 1), release: make(chan error)}
	return startUI(t, w, w, db, db, app.Services{Cases: db, Flow: slow, Meetings: db}), slow
}

// openSlowly selects a case on the register; its page is still loading
// when openSlowly returns.
func (h *harness) openSlowly(slow *slowFlow, ref string) {
	h.t.Helper()
	h.tap("Case register")
	for i, r := range h.rows() {
		if r[0] == ref {
			h.table().Select(widget.TableCellID{Row: i, Col: 1})
			<-slow.started
			return
		}
	}
	h.t.Fatalf("%s is not on the register", ref)
}

// The defect: open a case, switch to Settings before it loads, and the case
// page replaced Settings, bypassing the leave-without-saving check.
func TestACaseThatLoadsAfterTheUserMovedOnDoesNotReplaceTheirScreen(t *testing.T) {
	h, slow := newSlowHarness(t)
	c := h.storeCase("Amara", "Okafor", "2025-03-14", "2026-11-18", nhsNumber(t, 11))

	h.openSlowly(slow, c.Ref)
	test.Tap(h.button("Settings")) // not h.tap: the case is still loading
	slow.release <- nil
	h.ui.Wait()
	if containsPrefix(h.screenText(), c.Ref+" — Amara Okafor") {
		t.Fatalf("the case page replaced Settings when it finished loading: %q", h.screenText())
	}
	if !containsText(h.screenText(), "The panel's targets") {
		t.Fatalf("Settings is not on show: %q", h.screenText())
	}

	// Settings typed into is unsaved work: leaving it asks first.
	h.typeInto("Footprint named on reports", "Calder and Aire CDOP")
	h.tap("Dashboard")
	if !containsText(h.dialogText(), "Save the changes first?") {
		t.Fatalf("leaving unsaved settings did not ask: %q", h.dialogText())
	}
	h.tap("Stay")
	if got := as[widget.Entry](h.field("Footprint named on reports")).Text; got != "Calder and Aire CDOP" {
		t.Errorf("after choosing to stay, the footprint reads %q", got)
	}
}

func TestALateCaseNeverReplacesANotificationBeingTyped(t *testing.T) {
	h, slow := newSlowHarness(t)
	c := h.storeCase("Amara", "Okafor", "2025-03-14", "2026-11-18", nhsNumber(t, 11))

	h.openSlowly(slow, c.Ref)
	if !containsText(h.screenText(), "Loading…") {
		t.Errorf("nothing says the case is loading: %q", h.screenText())
	}
	test.Tap(h.button("New notification"))
	if containsText(h.screenText(), "Loading…") {
		t.Errorf("the notification form says it is loading: %q", h.screenText())
	}
	e := as[widget.Entry](h.field("First name"))
	h.window.Canvas().Focus(e)
	test.Type(e, "Zoë")
	slow.release <- nil
	h.ui.Wait()
	if got := as[widget.Entry](h.field("First name")).Text; got != "Zoë" || containsPrefix(h.screenText(), c.Ref+" — Amara Okafor") {
		t.Fatalf("the late case page replaced the notification being typed (first name %q): %q", got, h.screenText())
	}

	// Opening the case again asks before the notification is lost.
	h.tap("Case register")
	if !containsText(h.dialogText(), "Save the changes first?") {
		t.Fatalf("leaving the notification did not ask: %q", h.dialogText())
	}
	h.tap("Leave without saving")
	h.table().Select(widget.TableCellID{Row: 0, Col: 1})
	<-slow.started
	slow.release <- nil
	h.ui.Wait()
	if !containsPrefix(h.screenText(), c.Ref+" — Amara Okafor") || containsText(h.screenText(), "Loading…") {
		t.Errorf("the case did not open once the notification was left: %q", h.screenText())
	}
}

func TestACaseThatFailsToLoadLeavesTheScreenAndSaysWhy(t *testing.T) {
	h, slow := newSlowHarness(t)
	c := h.storeCase("Amara", "Okafor", "2025-03-14", "2026-11-18", nhsNumber(t, 11))
	h.tap("New notification")
	h.typeInto("First name", "Zoë")

	// Open a case (as the duplicate warning's button does); the user agrees
	// to leave the notification.
	h.ui.OpenCase(c.ID)
	test.Tap(h.button("Leave without saving")) // not h.tap: the case is still loading
	<-slow.started
	slow.release <- cdop.Errorf(cdop.ENOTFOUND, "case %s not found", c.ID)
	h.ui.Wait()
	if !containsText(h.screenText(), "Could not load the case: case "+c.ID+" not found") {
		t.Errorf("the failure is not said: %q", h.screenText())
	}
	if got := as[widget.Entry](h.field("First name")).Text; got != "Zoë" {
		t.Fatalf("the notification went: first name %q", got)
	}
	// The notification stays, and is guarded again.
	h.tap("Dashboard")
	if !containsText(h.dialogText(), "Save the changes first?") {
		t.Errorf("after the failed load, leaving the notification did not ask: %q", h.dialogText())
	}
}

// closingWindow records the app's close intercept, so a test can press the
// window's close button.
type closingWindow struct {
	fyne.Window
	intercept func()
}

func (w *closingWindow) SetCloseIntercept(f func()) { w.intercept = f }

// newClosingHarness is the app in a window whose close button the test
// presses with intercept; closed reports whether the window closed.
func newClosingHarness(t *testing.T) (h *harness, w *closingWindow, closed *bool) {
	t.Helper()
	test.NewTempApp(t)
	db := openStore(t)
	tw := test.NewWindow(nil) // closed by the test
	tw.Resize(fyne.NewSize(1280, 800))
	closed = new(bool)
	tw.SetOnClosed(func() { *closed = true })
	w = &closingWindow{Window: tw}
	h = startUI(t, tw, w, db, db, app.Services{Cases: db, Flow: db, Meetings: db})
	if w.intercept == nil {
		t.Fatal("the app does not hear the window's close button")
	}
	return h, w, closed
}

func TestClosingTheWindowAsksBeforeLosingUnsavedWork(t *testing.T) {
	t.Run("nothing unsaved", func(t *testing.T) {
		h, w, closed := newClosingHarness(t)
		w.intercept()
		if !*closed || h.window.Canvas().Overlays().Top() != nil {
			t.Errorf("closing with nothing unsaved: closed %v, dialog %q", *closed, h.dialogText())
		}
	})
	t.Run("a notification typed", func(t *testing.T) {
		h, w, closed := newClosingHarness(t)
		h.tap("New notification")
		h.typeInto("First name", "Zoë")
		w.intercept()
		if *closed || !containsText(h.dialogText(), "Save the changes first?") {
			t.Fatalf("closing over unsaved work: closed %v, dialog %q", *closed, h.dialogText())
		}
		h.press(fyne.KeyEscape) // Escape is Stay
		if *closed || containsText(h.dialogText(), "Save the changes first?") {
			t.Fatalf("Escape did not dismiss the question: closed %v, dialog %q", *closed, h.dialogText())
		}
		w.intercept()
		h.tap("Leave without saving")
		if !*closed {
			t.Error("the window stayed open after the user chose to leave")
		}
	})
}

func TestClosingTheWindowCanSaveTheWorkFirst(t *testing.T) {
	t.Run("a case's changes saved, then the window closes", func(t *testing.T) {
		h, w, closed := newClosingHarness(t)
		c := h.storeCase("Amara", "Okafor", "2025-03-14", "2026-11-18", nhsNumber(t, 11))
		h.openFromRegister(c.Ref)
		h.typeInto("Postcode of usual residence", "LS6 2QR")
		w.intercept()
		if *closed || !hasButton(h.window.Canvas().Overlays().Top(), "Save") {
			t.Fatalf("closing over unsaved work offered no Save: closed %v, dialog %q", *closed, h.dialogText())
		}
		h.press(fyne.KeyReturn) // Enter is Save
		h.ui.Wait()
		if got := h.caseFile(c.ID).Case.Postcode; got != "LS6 2QR" {
			t.Errorf("postcode stored = %q; want what was typed, saved on closing", got)
		}
		if !*closed {
			t.Error("the window stayed open after its work was saved")
		}
	})
	t.Run("a save refused keeps the window open", func(t *testing.T) {
		h, w, closed := newClosingHarness(t)
		h.tap("New notification")
		h.typeInto("First name", "Zoë") // no last name: refused
		w.intercept()
		h.tap("Save")
		h.ui.Wait()
		if *closed {
			t.Fatal("the window closed although the notification could not be saved")
		}
		if got := h.fieldError("Last name"); got == "" {
			t.Error("the refused save does not say what is missing")
		}
	})
}

func TestTheMessageBarSaysWhatAnActionDidUntilTheScreenChanges(t *testing.T) {
	h := newHarness(t)
	h.tap("Agencies")
	h.tap("Add agency") // nothing typed: refused
	if !containsPrefix(h.screenText(), "Not saved: ") {
		t.Fatalf("the refusal is not in the message bar: %q", h.screenText())
	}
	h.typeInto("Agency name", "West Yorkshire Police")
	h.choose("Type", "Police")
	h.tap("Add agency")
	if !containsText(h.screenText(), "Added West Yorkshire Police.") || containsPrefix(h.screenText(), "Not saved: ") {
		t.Fatalf("the success did not replace the refusal: %q", h.screenText())
	}
	h.tap("Settings")
	if containsText(h.screenText(), "Added West Yorkshire Police.") {
		t.Errorf("the agencies' message stayed on Settings: %q", h.screenText())
	}
}
