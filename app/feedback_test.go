package app_test

import (
	"context"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"casemanager/app"
	"casemanager/cdop"
)

// labelStarting returns the visible label whose text starts with prefix.
func (h *harness) labelStarting(prefix string) *widget.Label {
	h.t.Helper()
	var found *widget.Label
	walk(h.window.Content(), func(o fyne.CanvasObject) bool {
		if l, ok := o.(*widget.Label); ok && len(l.Text) >= len(prefix) && l.Text[:len(prefix)] == prefix {
			found = l
			return false
		}
		return true
	})
	return found
}

func TestAnEmptyDatabaseTellsANewCoordinatorWhatToDo(t *testing.T) {
	h := newHarness(t)
	for _, s := range []struct{ screen, says string }{
		{"Dashboard", "No open cases, so nothing is due. Log a death with “New notification”"},
		{"Case register", "No cases yet. Log each death"},
		{"Meetings", "No meetings yet. Schedule"},
		{"Recommendations", "No recommendations yet. Add"},
	} {
		h.tap(s.screen)
		note := h.labelStarting(s.says)
		if note == nil {
			t.Errorf("%s on an empty database does not say what to do: %q", s.screen, h.screenText())
			continue
		}
		// The note sits under the table's header row, not over it.
		table := h.table()
		noteTop := fyne.CurrentApp().Driver().AbsolutePositionForObject(note).Y
		headerBottom := fyne.CurrentApp().Driver().AbsolutePositionForObject(table).Y + widget.NewLabel("").MinSize().Height
		if noteTop < headerBottom {
			t.Errorf("%s: the empty note (top %.0f) overlaps the table's header (bottom %.0f)", s.screen, noteTop, headerBottom)
		}
	}
	h.tap("Case register")
	h.typeIn("Search by reference, name or NHS number", "Okafor")
	if h.labelStarting("No case matches.") == nil {
		t.Errorf("a search finding nothing does not say how to find more: %q", h.screenText())
	}
	h.storeCase("Amara", "Okafor", "2025-03-14", "2026-11-18", nhsNumber(t, 11))
	h.tap("Dashboard")
	h.tap("Case register")
	if h.labelStarting("No cases yet.") != nil || h.labelStarting("No case matches.") != nil {
		t.Error("the register still says it is empty with a case on it")
	}
}

func TestADateTypedWrongIsEchoedAsTyped(t *testing.T) {
	h := newHarness(t)
	h.tap("New notification")
	h.typeInto("Date of death", "31/02/2026")
	got := h.fieldError("Date of death")
	if !containsText([]string{got}, "31/02/2026") || containsText([]string{got}, "2026-02-31") {
		t.Errorf("the error under Date of death = %q; want it to quote 31/02/2026 as typed", got)
	}
}

func TestAnErrorAppearingMovesNoField(t *testing.T) {
	h := newHarness(t)
	h.tap("New notification")
	next := h.field("NHS number")
	before := fyne.CurrentApp().Driver().AbsolutePositionForObject(next)
	h.typeInto("Date of birth", "not a date")
	if h.fieldError("Date of birth") == "" {
		t.Fatal("no error under Date of birth")
	}
	if after := fyne.CurrentApp().Driver().AbsolutePositionForObject(next); after != before {
		t.Errorf("the error under Date of birth moved NHS number from %v to %v", before, after)
	}
}

func TestSaveMessagesSayWhatIsTrueNow(t *testing.T) {
	h := newHarness(t)
	c := h.storeCase("Amara", "Okafor", "2025-03-14", "2026-11-18", nhsNumber(t, 11))
	h.openFromRegister(c.Ref)

	h.openTab("Family")
	h.tap("Save") // nothing changed
	if containsText(h.screenText(), "Saved "+c.Ref) {
		t.Errorf("Save with nothing changed says it saved: %q", h.screenText())
	}

	h.openTab("Details")
	h.typeInto("Postcode of usual residence", "LS6 2QR")
	h.tap("Save")
	if !containsText(h.screenText(), "Saved "+c.Ref) {
		t.Fatalf("no confirmation of the save: %q", h.screenText())
	}
	h.typeInto("Postcode of usual residence", "4")
	if containsText(h.screenText(), "Saved "+c.Ref) {
		t.Errorf("“Saved … at” stays while there are unsaved edits: %q", h.screenText())
	}
}

func TestOpenFallsBackToSayingWhereTheFileIs(t *testing.T) {
	h := newHarness(t)
	c := h.caseAtReview("Zephyrine", "Quenby-Haworth", "2025-07-09", "2025-11-14", "2026-02-17", 5150)
	h.ui.OpenURL = func(*url.URL) error { return &exec.Error{Name: "xdg-open", Err: exec.ErrNotFound} }
	h.ui.OpenCase(c.ID)
	h.ui.Wait()
	path := filepath.Join(t.TempDir(), "summary.pdf")
	h.saveTo(path)
	h.tap("Export PDF…")
	h.tap("Choose where to save…")
	for _, button := range []string{"Open", "Show in folder"} {
		h.tap(button)
		text := h.dialogText()
		if containsText(text, "exec") || containsText(text, "xdg-open") {
			t.Errorf("%s shows the launcher's raw error: %q", button, text)
		}
		if !containsText(text, "no program set to open it") || !containsText(text, filepath.Dir(path)) || !hasButton(h.window.Canvas().Overlays().Top(), "Copy the path") {
			t.Errorf("%s failing says %q; want where the file is and a way to copy the path", button, text)
		}
		h.tap("Copy the path")
		if got := fyne.CurrentApp().Clipboard().Content(); !strings.HasPrefix(path, got) {
			t.Errorf("copied %q; want the path", got)
		}
		h.press(fyne.KeyEscape)
		if button == "Open" {
			h.tap("Export PDF…")
			h.tap("Choose where to save…")
		}
	}
}

// stalledFlow is the store's flowchart service whose case files, once
// stalled, never arrive until the asker gives up (its context ends).
type stalledFlow struct {
	cdop.FlowService
	stalled bool
	started chan struct{}
}

func (f *stalledFlow) CaseFile(ctx context.Context, id string) (*cdop.CaseFile, error) {
	if !f.stalled {
		return f.FlowService.CaseFile(ctx, id)
	}
	f.started <- struct{}{}
	<-ctx.Done()
	return nil, ctx.Err()
}

func TestALongOutputCanBeCancelledAndLeavesNoFile(t *testing.T) {
	test.NewTempApp(t)
	db := openStore(t)
	w := newWindow(t)
	flow := &stalledFlow{FlowService: db, started: make(chan struct{}, 1)}
	h := startUI(t, w, w, db, db, app.Services{Cases: db, Flow: flow, Meetings: db})
	c := h.caseAtReview("Zephyrine", "Quenby-Haworth", "2025-07-09", "2025-11-14", "2026-02-17", 5150)
	h.ui.OpenCase(c.ID)
	h.ui.Wait()
	path := filepath.Join(t.TempDir(), "summary.pdf")
	h.saveTo(path)
	flow.stalled = true
	h.tap("Export PDF…")
	test.Tap(h.button("Choose where to save…")) // not h.tap: the work is under way
	<-flow.started
	if !containsText(h.dialogText(), "Making the summary of "+c.Ref+"…") || !hasButton(h.window.Canvas().Overlays().Top(), "Cancel") {
		t.Fatalf("the output under way shows %q; want what it is making and a Cancel button", h.dialogText())
	}
	test.Tap(h.button("Cancel"))
	h.ui.Wait()
	if !containsText(h.dialogText(), "Cancelled: nothing was saved.") {
		t.Errorf("after Cancel the app says %q", h.dialogText())
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("a cancelled output left %s (%v)", path, err)
	}
}
