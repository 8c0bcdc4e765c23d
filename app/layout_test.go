package app_test

import (
	"context"
	"fmt"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"casemanager/cdop"
)

// laptops are the window sizes every screen must work in: a 1366×768
// laptop and a 1024×640 one, each less the title bar and the menu.
var laptops = []fyne.Size{fyne.NewSize(1366, 712), fyne.NewSize(1024, 584)}

// insideWindow fails the test unless o is wholly inside the window.
func (h *harness) insideWindow(what string, o fyne.CanvasObject) {
	h.t.Helper()
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(o)
	size, win := o.Size(), h.window.Canvas().Size()
	if pos.X < 0 || pos.Y < 0 || pos.X+size.Width > win.Width+0.5 || pos.Y+size.Height > win.Height+0.5 {
		h.t.Errorf("%s at %v size %v is not inside the %v window", what, pos, size, win)
	}
}

// fits fails the test when the screen on show needs a window larger than
// the one it is in, or when a key control is out of it.
func (h *harness) fits(screen string, controls ...string) {
	h.t.Helper()
	win := h.window.Canvas().Size()
	if min := h.window.Content().MinSize(); min.Width > win.Width || min.Height > win.Height {
		h.t.Errorf("%s needs %v, more than the %v window", screen, min, win)
	}
	if min := h.window.Content().MinSize(); min.Width > 1000 {
		h.t.Errorf("%s is at least %.0f pixels wide; no screen may need more than 1000", screen, min.Width)
	}
	for _, c := range controls {
		h.insideWindow(screen+": "+c, h.button(c))
	}
}

func TestEveryScreenFitsALaptopWindow(t *testing.T) {
	for _, size := range laptops {
		t.Run(fmt.Sprintf("%.0fx%.0f", size.Width, size.Height), func(t *testing.T) {
			h := newHarness(t)
			c := h.caseAt(cdop.StageCDOPReview, "Amara", "Okafor", "2025-03-14", "2026-09-18", "2026-10-20", 11)
			h.meeting("panel", "2026-12-01", c)
			h.window.Resize(size)
			screens := []struct {
				nav      string
				controls []string
			}{
				{"Dashboard", []string{"Refresh"}},
				{"Case register", nil},
				{"Meetings", []string{"New meeting"}},
				{"Recommendations", nil},
				{"Annual report", nil},
				{"Dataset extract", []string{"Preview"}},
				{"Agencies", []string{"Add agency"}},
				{"Settings", []string{"Save settings"}},
				{"New notification", []string{"Save"}},
			}
			for _, s := range screens {
				h.tap(s.nav)
				h.ui.Wait()
				h.fits(s.nav, append([]string{"New notification"}, s.controls...)...)
			}
			h.openFromRegister(c.Ref)
			for _, tab := range []string{"Details", "Decisions", "Deadlines", "Agency reports", "Analysis", "Family", "Timeline", "NCMD"} {
				h.openTab(tab)
				h.fits("the case's "+tab+" tab", "Move to Closed", "Export PDF…")
			}
			h.openTab("Details")
			h.insideWindow("the case's Save", h.button("Save"))
			h.openTab("Analysis")
			h.insideWindow("Save analysis", h.button("Save analysis"))
			// The analysis form keeps most of a short window.
			form := analysisForm(h)
			if got, want := form.Size().Height, size.Height/2; got < want {
				t.Errorf("the analysis form is %.0f pixels high in a window %.0f high; want at least %.0f", got, size.Height, want)
			}
		})
	}
}

// analysisForm is the scroll holding the analysis tab's form.
func analysisForm(h *harness) *container.Scroll {
	h.t.Helper()
	var found *container.Scroll
	walk(h.window.Content(), func(o fyne.CanvasObject) bool {
		if s, ok := o.(*container.Scroll); ok && hasText(s, "Category of death") {
			found = s
			return false
		}
		return true
	})
	if found == nil {
		h.t.Fatal("no analysis form on screen")
	}
	return found
}

func TestTheNavigationStaysInViewOnAShortScreen(t *testing.T) {
	h, _ := newAccountsHarness(t, users)
	h.signIn("Ada", "correct horse battery")
	h.window.Resize(fyne.NewSize(1024, 584))
	h.tap("Dashboard")
	if min := h.window.Content().MinSize(); min.Height > 584 {
		t.Errorf("signed in with every role, the window needs %.0f pixels of height; want at most 584", min.Height)
	}
	for _, entry := range []string{"Dashboard", "Case register", "Meetings", "Recommendations", "Annual report",
		"Dataset extract", "Agencies", "Settings", "Users", "Audit log", "Backups", "New notification"} {
		h.insideWindow("the navigation's "+entry, h.button(entry))
	}
	h.window.Resize(fyne.NewSize(1366, 712))
	h.tap("Dashboard")
	if !containsText(h.screenText(), "Signed in as Ada") || h.button("Lock") == nil {
		t.Errorf("on a taller screen the navigation does not show who is signed in: %q", h.screenText())
	}
}

// shownWhole fails the test unless the label reading text is on screen,
// wrapped rather than cut short, and given the height its lines need.
func (h *harness) shownWhole(text string) {
	h.t.Helper()
	var found *widget.Label
	walk(h.window.Content(), func(o fyne.CanvasObject) bool {
		if l, ok := o.(*widget.Label); ok && l.Text == text {
			found = l
			return false
		}
		return true
	})
	switch {
	case found == nil:
		h.t.Errorf("%q is not on screen", text)
	case found.Truncation != fyne.TextTruncateOff || found.Wrapping == fyne.TextWrapOff:
		h.t.Errorf("%q may be cut short: truncation %v, wrapping %v", text, found.Truncation, found.Wrapping)
	case found.Size().Height < found.MinSize().Height:
		h.t.Errorf("%q is %.0f pixels high; its lines need %.0f", text, found.Size().Height, found.MinSize().Height)
	}
}

func TestLongReasonsNamesAndEventsAreReadWholeInANarrowWindow(t *testing.T) {
	h := newHarness(t)
	c := h.caseAt(cdop.StageInformationGathering, "Amara", "Okafor", "2025-03-14", "2026-09-18", "2026-10-20", 11)
	agency := h.agency("West Yorkshire Police and the Regional Major Incident Team", "police")
	reason := "The force had no contact with the child or the family in the three years before the death, so there is nothing to report."
	req := &cdop.AgencyRequest{CaseID: c.ID, AgencyID: agency.ID, Form: "reporting_form", RequestedOn: cdop.MustParseDate("2026-09-20"),
		DeclinedOn: cdop.MustParseDate("2026-10-01"), DeclineReason: reason}
	if err := h.store.SaveRequest(cdop.WithActor(context.Background(), "setup"), req); err != nil {
		t.Fatal(err)
	}
	h.window.Resize(fyne.NewSize(1024, 584))
	h.openFromRegister(c.Ref)
	h.openTab("Agency reports")
	h.shownWhole(reason)
	h.shownWhole(agency.Name)
	h.shownWhole("20 Sep 2026")
	h.openTab("Timeline")
	h.shownWhole("Reporting form declined by " + agency.Name + ": " + reason)
}

// The NCMD tab, the case page's last, is on the tab strip (not in its
// overflow menu) and fits a laptop's window with the submission, the file
// and the printout offered: nothing on it reaches past the window's edge.
func TestTheNCMDTabFitsALaptopWindow(t *testing.T) {
	for _, size := range laptops {
		t.Run(fmt.Sprintf("%.0fx%.0f", size.Width, size.Height), func(t *testing.T) {
			h := newHarness(t)
			c := h.signedOffCase("Ayla", "Thornbury-Fitzwilliam", 82)
			h.window.Resize(size)
			h.openFromRegister(c.Ref)
			h.openTab("NCMD")
			h.fits("the case's NCMD tab", "Record submission…", "Export NCMD file…", "Print NCMD items…", "Reopen…", "Export PDF…")
			win := h.window.Canvas().Size()
			walk(h.window.Content(), func(o fyne.CanvasObject) bool {
				pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(o)
				if pos.X+o.Size().Width > win.Width+0.5 {
					t.Errorf("%T at %v, %v wide, reaches past the %v window", o, pos, o.Size().Width, win)
					return false
				}
				return true
			})
			if !containsText(h.screenText(), "Still missing for NCMD") {
				t.Errorf("the NCMD tab does not show what is missing: %q", h.screenText())
			}
		})
	}
}
