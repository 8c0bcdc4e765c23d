package app_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/widget"

	"casemanager/cdop"
)

// The NCMD step on the desktop: the dashboard lists a case the panel signed
// off and nobody has submitted; its NCMD tab lists what NCMD asks for that
// is missing, by form and section, exports the NCMD file, and records the
// submission (the one change a closed case takes), after which the
// dashboard no longer lists it.
func TestNCMDStepOnTheDesktop(t *testing.T) {
	h := newHarness(t)
	ctx := cdop.WithActor(context.Background(), "setup")
	c := h.signedOffCase("Ayla", "Thornbury", 81)

	h.ui.ShowDashboard()
	h.ui.Wait()
	row := -1
	for i, r := range h.rows() {
		if strings.Contains(strings.Join(r, " "), "Submission to NCMD") && strings.Contains(strings.Join(r, " "), c.Ref) {
			row = i
		}
	}
	if row < 0 {
		t.Fatalf("the dashboard does not list the case awaiting NCMD: %q", h.rows())
	}
	h.table().Select(widget.TableCellID{Row: row, Col: 1})
	h.ui.Wait()
	text := strings.Join(h.screenText(), "\n")
	for _, want := range []string{"Signed off by the panel on 10 Sep 2026; not yet submitted to NCMD.", "Notification form · Family", "Parents or those with parental responsibility",
		"Reporting form · Agency reports", "a reporting form received from at least one agency"} {
		if !strings.Contains(text, want) {
			t.Errorf("the NCMD tab does not say %q:\n%s", want, text)
		}
	}

	path := filepath.Join(t.TempDir(), "ncmd.json")
	h.saveTo(path)
	h.tap("Export NCMD file…")
	if got := h.lastAsked().name; got != c.Ref+"-ncmd.json" {
		t.Errorf("suggested %q", got)
	}
	h.checkSavedDialog("Saved the NCMD items of "+c.Ref+".", path)
	if js, err := os.ReadFile(path); err != nil || !strings.Contains(string(js), `"case_ref": "`+c.Ref+`"`) {
		t.Errorf("the NCMD file: %s (%v)", js, err)
	}

	// The same items printed, to key from.
	pdf := filepath.Join(t.TempDir(), "ncmd.pdf")
	h.saveTo(pdf)
	h.tap("Print NCMD items…")
	if got := h.lastAsked().name; got != c.Ref+"-ncmd.pdf" {
		t.Errorf("suggested %q", got)
	}
	h.checkSavedDialog("Saved the NCMD items of "+c.Ref+" as a PDF.", pdf)
	text = pdfText(t, pdf)
	for _, want := range []string{"NCMD items", c.Ref, "Ayla Thornbury", "Notification form", "Analysis form", "Still missing for NCMD",
		"Parents or those with parental responsibility", "Not yet submitted to NCMD."} {
		if !strings.Contains(text, want) {
			t.Errorf("the printed NCMD items lack %q:\n%s", want, text)
		}
	}

	h.tap("Record submission…")
	by, _ := h.entry("Who submitted it (required)")
	by.SetText("")
	h.typeIn("Who submitted it (required)", "sam.coordinator")
	h.tap("Record")
	stored, _ := h.db.FindCaseByID(ctx, c.ID)
	if stored.NCMDSubmittedOn != cdop.Today(cdop.FixedClock(today)) || stored.NCMDSubmittedBy != "sam.coordinator" {
		t.Fatalf("stored submission %s by %q", stored.NCMDSubmittedOn, stored.NCMDSubmittedBy)
	}
	if !containsPrefix(h.screenText(), "Submitted to NCMD on ") {
		t.Errorf("the tab does not show the submission: %q", h.screenText())
	}
	h.ui.ShowDashboard()
	h.ui.Wait()
	if strings.Contains(strings.Join(flatten(h.rows()), " "), "Submission to NCMD") {
		t.Error("the dashboard still lists the submitted case")
	}
}

// signedOffCase stores a closed case the panel signed off on 10 Sep 2026,
// not yet submitted to NCMD, with the NHS number nhsNumber(n).
func (h *harness) signedOffCase(first, last string, n int) *cdop.Case {
	h.t.Helper()
	c := cdop.NewCase()
	c.FirstName, c.LastName, c.Sex, c.NHSNumber = first, last, "female", nhsNumber(h.t, n)
	c.DateOfBirth, c.DateOfDeath, c.NotifiedOn = cdop.MustParseDate("2019-02-01"), cdop.MustParseDate("2026-03-01"), cdop.MustParseDate("2026-03-01")
	c.Stage, c.CDOPReviewOn, c.Analysis.SignedOffOn = cdop.StageClosed, cdop.MustParseDate("2026-09-10"), cdop.MustParseDate("2026-09-10")
	c.Analysis.Category, c.Analysis.Modifiable = 6, "none"
	for i := range c.Analysis.Domains {
		c.Analysis.Domains[i].Score = cdop.ScoreOf(1)
	}
	if err := h.db.ImportCases(cdop.WithActor(context.Background(), "setup"), []*cdop.Case{c}); err != nil {
		h.t.Fatal(err)
	}
	return c
}

func flatten(rows [][]string) []string {
	var out []string
	for _, r := range rows {
		out = append(out, r...)
	}
	return out
}
