package app_test

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"casemanager/cdop"
)

// scoreLabel is the radio label of a score of the national analysis form.
func scoreLabel(t *testing.T, value int) string {
	t.Helper()
	l, ok := cdop.NationalForm.Level(value)
	if !ok {
		t.Fatalf("the national form has no score %d", value)
	}
	return l.Code + " – " + l.Label
}

// caseAtReview stores a case and moves it, as the flowchart allows, to CDOP
// review: decisions made, an agency's report received, the child death
// review meeting held on cdrm.
func (h *harness) caseAtReview(first, last, dob, dod, cdrm string, n int) *cdop.Case {
	h.t.Helper()
	return h.caseAt(cdop.StageCDOPReview, first, last, dob, dod, cdrm, n)
}

// caseAt stores a case and moves it on to stage.
func (h *harness) caseAt(stage cdop.Stage, first, last, dob, dod, cdrm string, n int) *cdop.Case {
	h.t.Helper()
	ctx := cdop.WithActor(context.Background(), "setup")
	c := h.storeCase(first, last, dob, dod, nhsNumber(h.t, n))
	c.Expected, c.JAR, c.AbuseNeglectSuspected, c.CoronerReferred, c.PostMortem = "unexpected", "no", "no", "yes", "no"
	c.CDRMOn = cdop.MustParseDate(cdrm)
	if err := h.store.UpdateCase(ctx, c); err != nil {
		h.t.Fatal(err)
	}
	agency := h.agency("Leeds Teaching Hospitals NHS Trust", "health")
	death := cdop.MustParseDate(dod)
	req := &cdop.AgencyRequest{CaseID: c.ID, AgencyID: agency.ID, Form: "reporting_form",
		RequestedOn: death.AddDays(3), ReceivedOn: death.AddDays(20)}
	if err := h.store.SaveRequest(ctx, req); err != nil {
		h.t.Fatal(err)
	}
	for _, s := range cdop.Stages[1 : cdop.StageIndex(stage)+1] {
		if err := h.store.MoveStage(ctx, c.ID, cdop.Stage(s.Code), ""); err != nil {
			h.t.Fatalf("moving %s to %s: %v", c.Ref, s.Code, err)
		}
	}
	stored, err := h.store.FindCaseByID(ctx, c.ID)
	if err != nil {
		h.t.Fatal(err)
	}
	return stored
}

// agency returns the directory's agency with a name, adding it if missing.
func (h *harness) agency(name, kind string) cdop.Agency {
	h.t.Helper()
	ctx := cdop.WithActor(context.Background(), "setup")
	list, err := h.store.Agencies(ctx)
	if err != nil {
		h.t.Fatal(err)
	}
	for _, a := range list {
		if a.Name == name {
			return a
		}
	}
	a := cdop.Agency{Name: name, Type: kind}
	if err := h.store.SaveAgency(ctx, &a); err != nil {
		h.t.Fatal(err)
	}
	return a
}

// meeting stores a meeting of a kind on a date with the given cases on its agenda.
func (h *harness) meeting(kind, on string, cases ...*cdop.Case) *cdop.Meeting {
	h.t.Helper()
	ctx := cdop.WithActor(context.Background(), "setup")
	m := &cdop.Meeting{Kind: cdop.MeetingKind(kind), On: cdop.MustParseDate(on), StartsAt: "14:00", Place: "Room 2, Civic Hall", Chair: "Dr Whitfield"}
	if err := h.store.SaveMeeting(ctx, m); err != nil {
		h.t.Fatal(err)
	}
	for _, c := range cases {
		if err := h.store.AddToAgenda(ctx, m.ID, c.ID); err != nil {
			h.t.Fatal(err)
		}
	}
	return m
}

// storedMeeting reads a meeting from the store.
func (h *harness) storedMeeting(id int64) *cdop.Meeting {
	h.t.Helper()
	m, err := h.store.Meeting(context.Background(), id)
	if err != nil {
		h.t.Fatal(err)
	}
	return m
}

// findIn returns the first visible object under root that match accepts.
func findIn(root fyne.CanvasObject, match func(fyne.CanvasObject) bool) fyne.CanvasObject {
	var found fyne.CanvasObject
	walk(root, func(o fyne.CanvasObject) bool {
		if match(o) {
			found = o
			return false
		}
		return true
	})
	return found
}

// lastIn returns the last visible object under root that match accepts.
func lastIn(root fyne.CanvasObject, match func(fyne.CanvasObject) bool) fyne.CanvasObject {
	var found fyne.CanvasObject
	walk(root, func(o fyne.CanvasObject) bool {
		if match(o) {
			found = o
		}
		return true
	})
	return found
}

// domain returns the Analysis tab's card of a domain, by letter ("B").
func (h *harness) domain(letter string) fyne.CanvasObject {
	h.t.Helper()
	card := h.find(func(o fyne.CanvasObject) bool {
		c, ok := o.(*widget.Card)
		if !ok {
			return false
		}
		l, ok := findIn(c.Content, func(o fyne.CanvasObject) bool { _, ok := o.(*widget.Label); return ok }).(*widget.Label)
		return ok && strings.HasPrefix(l.Text, "Domain "+letter+" · ")
	})
	if card == nil {
		h.t.Fatalf("no card of domain %s on screen", letter)
	}
	return card
}

// tapText taps the innermost tappable under root that shows text (a radio
// item, a check box, a tab), as a person clicks on the words.
func (h *harness) tapText(root fyne.CanvasObject, text string) {
	h.t.Helper()
	var target fyne.Tappable
	walk(root, func(o fyne.CanvasObject) bool {
		if t, ok := o.(fyne.Tappable); ok && hasText(o, text) {
			target = t
		}
		return true
	})
	if target == nil {
		h.t.Fatalf("nothing showing %q to tap", text)
	}
	test.Tap(target)
	h.ui.Wait()
}

// pickFromSelectEntry opens the drop-down of a select entry and taps an option.
func (h *harness) pickFromSelectEntry(e *widget.SelectEntry, option string) {
	h.t.Helper()
	button, ok := e.ActionItem.(fyne.Tappable)
	if !ok {
		h.t.Fatal("the entry has no drop-down button")
	}
	test.Tap(button)
	overlay := h.window.Canvas().Overlays().Top()
	if overlay == nil {
		h.t.Fatal("the drop-down button opened no menu")
	}
	if options := menuTexts(overlay); !containsText(options, option) {
		h.t.Fatalf("the drop-down offers %q, not %q", options, option)
	}
	h.tapText(overlay, option)
	if e.Text != option {
		h.t.Fatalf("the entry shows %q after picking %q", e.Text, option)
	}
}

// dropDownOptions opens the drop-down of a select entry, returns what it
// offers and closes it.
func (h *harness) dropDownOptions(e *widget.SelectEntry) []string {
	h.t.Helper()
	test.Tap(e.ActionItem.(fyne.Tappable))
	overlay := h.window.Canvas().Overlays().Top()
	if overlay == nil {
		h.t.Fatal("the drop-down button opened no menu")
	}
	options := menuTexts(overlay)
	h.window.Canvas().Overlays().Remove(overlay)
	return options
}

// menuTexts returns the texts of a pop-up menu's items.
func menuTexts(o fyne.CanvasObject) []string {
	var out []string
	walk(o, func(c fyne.CanvasObject) bool {
		if t, ok := c.(*canvas.Text); ok && t.Text != "" {
			out = append(out, t.Text)
		}
		return true
	})
	return out
}

// selectEntry finds the visible select entry with a placeholder.
func (h *harness) selectEntry(placeholder string) *widget.SelectEntry {
	h.t.Helper()
	e := as[widget.SelectEntry](h.find(func(o fyne.CanvasObject) bool {
		e := as[widget.SelectEntry](o)
		return e != nil && e.PlaceHolder == placeholder
	}))
	if e == nil {
		h.t.Fatalf("no select entry %q on screen", placeholder)
	}
	return e
}

// dialogText returns every text of the top dialog or pop-up.
func (h *harness) dialogText() []string {
	top := h.window.Canvas().Overlays().Top()
	if top == nil {
		return nil
	}
	var out []string
	walk(top, func(o fyne.CanvasObject) bool {
		switch x := o.(type) {
		case *widget.Label:
			out = append(out, x.Text)
		case *canvas.Text:
			out = append(out, x.Text)
		}
		return true
	})
	return out
}
