package app_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"casemanager/cdop"
)

// pdfText returns the text of a PDF, its words joined by single spaces; it
// skips the test when pdftotext (poppler-utils) is not installed.
func pdfText(t *testing.T, path string) string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext is not installed (apt-get install poppler-utils); it reads the PDFs back")
	}
	out, err := exec.Command("pdftotext", "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext %s: %v", path, err)
	}
	return strings.Join(strings.Fields(string(out)), " ")
}

// checkPDF fails unless the file at path is a PDF.
func checkPDF(t *testing.T, path string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("nothing saved at %s: %v", path, err)
	}
	if !strings.HasPrefix(string(b), "%PDF-") {
		t.Fatalf("%s is not a PDF: it starts %q", path, b[:min(len(b), 20)])
	}
}

// files lists the names of the files in dir.
func files(t *testing.T, dir string) []string {
	t.Helper()
	list, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range list {
		out = append(out, e.Name())
	}
	return out
}

// identifiersOf lists what an anonymised output must never show of a case.
func identifiersOf(c *cdop.Case) []string {
	out := []string{c.FirstName, c.LastName, c.FullName(), c.NHSNumber, cdop.FormatNHSNumber(c.NHSNumber),
		c.DateOfBirth.Display(), c.DateOfDeath.Display(), c.DateOfBirth.String(), c.DateOfDeath.String()}
	if c.Postcode != "" {
		out = append(out, c.Postcode)
	}
	return out
}

// checkSavedDialog checks the dialog saying where an output went, then
// opens the file from it.
func (h *harness) checkSavedDialog(want, path string) {
	h.t.Helper()
	text := h.dialogText()
	if !containsText(text, want) || !containsText(text, path) {
		h.t.Errorf("the dialog after saving says %q; want %q and the path %s", text, want, path)
	}
	h.tap("Open")
	if len(h.opened) == 0 || h.opened[len(h.opened)-1].String() != "file://"+path {
		h.t.Errorf("Open opened %v, want file://%s", h.opened, path)
	}
}

func TestCaseSummaryIsExportedIdentifiableOrAnonymised(t *testing.T) {
	h := newHarness(t)
	ctx := cdop.WithActor(context.Background(), "setup")
	c := h.caseAtReview("Zephyrine", "Quenby-Haworth", "2025-07-09", "2025-11-14", "2026-02-17", 5150)
	c.Postcode, c.ResidenceLA = "LS6 2QR", "E08000035"
	if err := h.db.UpdateCase(ctx, c); err != nil {
		t.Fatal(err)
	}
	h.ui.OpenCase(c.ID)
	h.ui.Wait()
	dir := t.TempDir()

	// Cancelling the file dialog writes nothing and says nothing.
	h.saveTo("")
	h.tap("Export PDF…")
	h.tap("Choose where to save…")
	if got := files(t, dir); len(got) != 0 {
		t.Errorf("a cancelled export wrote %q", got)
	}
	if top := h.window.Canvas().Overlays().Top(); top != nil {
		t.Errorf("a cancelled export left a dialog: %q", h.dialogText())
	}

	// The full summary: identifiable, named after the case reference.
	full := filepath.Join(dir, "full.pdf")
	h.saveTo(full)
	h.tap("Export PDF…")
	h.tap("Choose where to save…")
	if got := h.lastAsked(); got.name != c.Ref+"-summary.pdf" || !slices.Equal(got.extensions, []string{".pdf"}) {
		t.Errorf("asked where to save %+v, want %s-summary.pdf as a .pdf", got, c.Ref)
	}
	checkPDF(t, full)
	h.checkSavedDialog("Saved the summary of "+c.Ref+".", full)

	// The anonymised summary.
	anon := filepath.Join(dir, "anonymised.pdf")
	h.saveTo(anon)
	h.tap("Export PDF…")
	h.tapText(h.window.Canvas().Overlays().Top(), "Anonymised: the panel's view, for sharing")
	h.tap("Choose where to save…")
	if got := h.lastAsked().name; got != c.Ref+"-summary-anonymised.pdf" {
		t.Errorf("suggested %q for the anonymised summary", got)
	}
	checkPDF(t, anon)
	h.checkSavedDialog("Saved the anonymised summary of "+c.Ref+".", anon)
	if got := files(t, dir); !slices.Equal(got, []string{"anonymised.pdf", "full.pdf"}) {
		t.Errorf("files saved: %q", got)
	}

	text := pdfText(t, full)
	for _, want := range []string{"Case summary " + c.Ref, "Zephyrine", "Quenby-Haworth", "OFFICIAL-SENSITIVE"} {
		if !strings.Contains(text, want) {
			t.Errorf("the full summary lacks %q", want)
		}
	}
	text = pdfText(t, anon)
	if !strings.Contains(text, "Anonymised case summary "+c.Ref) {
		t.Errorf("the anonymised summary lacks its title: %s", text)
	}
	for _, id := range identifiersOf(c) {
		if strings.Contains(text, id) {
			t.Errorf("the anonymised summary prints %q", id)
		}
	}
}

func TestCaseExportWarnsThatUnsavedChangesAreNotInThePDF(t *testing.T) {
	h := newHarness(t)
	c := h.storeCase("Amara", "Okafor", "2025-03-14", "2026-11-18", nhsNumber(t, 11))
	h.ui.OpenCase(c.ID)
	h.ui.Wait()
	h.typeInto("Postcode of usual residence", "LS6 2QR")
	h.tap("Export PDF…")
	if !containsText(h.dialogText(), "the PDF shows the case as it was last saved") {
		t.Errorf("no warning about unsaved changes: %q", h.dialogText())
	}
}

func TestPanelPackIsSavedAnonymised(t *testing.T) {
	h := newHarness(t)
	a := h.caseAtReview("Zephyrine", "Quenby-Haworth", "2025-07-09", "2025-11-14", "2026-02-17", 5150)
	b := h.caseAtReview("Bartholomew", "Ifeanyichukwu", "2019-01-22", "2025-12-02", "2026-03-03", 5250)
	m := h.meeting("panel", "2026-11-20", a, b)
	empty := h.meeting("panel", "2026-12-11")
	dir := t.TempDir()

	// A meeting with no cases has no pack to make.
	h.saveTo(filepath.Join(dir, "empty.pdf"))
	h.ui.ShowMeeting(empty.ID)
	h.ui.Wait()
	h.tap("Panel pack…")
	if !containsPrefix(h.screenText(), "The agenda has no cases yet") || len(files(t, dir)) != 0 {
		t.Errorf("an empty agenda: %q, files %q", h.screenText(), files(t, dir))
	}

	path := filepath.Join(dir, "pack.pdf")
	h.saveTo(path)
	h.ui.ShowMeeting(m.ID)
	h.ui.Wait()
	h.tap("Panel pack…")
	if got := h.lastAsked().name; got != "CDOP-panel-pack-2026-11-20.pdf" {
		t.Errorf("suggested %q for the pack", got)
	}
	checkPDF(t, path)
	h.checkSavedDialog("Saved the anonymised panel pack for the CDOP panel meeting, 20 Nov 2026 (2 cases).", path)

	text := pdfText(t, path)
	for _, want := range []string{"Panel pack", "Room 2, Civic Hall", "Anonymised case summary " + a.Ref, "Anonymised case summary " + b.Ref} {
		if !strings.Contains(text, want) {
			t.Errorf("the pack lacks %q", want)
		}
	}
	for _, c := range []*cdop.Case{a, b} {
		for _, id := range identifiersOf(c) {
			if strings.Contains(text, id) {
				t.Errorf("the pack prints %q", id)
			}
		}
	}
}

// retype replaces the text of the entry labelled label, as a person would.
func (h *harness) retype(label, text string) {
	h.t.Helper()
	e := as[widget.Entry](h.field(label))
	if e == nil {
		h.t.Fatalf("field %q is not a text entry", label)
	}
	e.SetText("")
	h.window.Canvas().Focus(e)
	test.Type(e, text)
	h.ui.Wait()
}

func TestAnnualReportForAPeriodPickedOrTyped(t *testing.T) {
	h := newHarness(t)
	cases := []*cdop.Case{
		h.caseAtReview("Zephyrine", "Quenby-Haworth", "2025-07-09", "2025-11-14", "2026-02-17", 5150),
		h.caseAtReview("Bartholomew", "Ifeanyichukwu", "2019-01-22", "2025-06-02", "2025-09-03", 5250),
		h.caseAtReview("Ottoline", "Wrenfield", "2012-05-30", "2026-01-20", "2026-04-14", 5350),
	}
	h.storeCase("Amara", "Okafor", "2024-03-14", "2024-11-18", nhsNumber(t, 11)) // in 2024/25
	reviewed := cases[1]
	reviewed.CDOPReviewOn = cdop.MustParseDate("2025-12-01")
	if err := h.db.UpdateCase(cdop.WithActor(context.Background(), "setup"), reviewed); err != nil {
		t.Fatal(err)
	}
	h.tap("Annual report")

	// The last whole financial year is chosen at first; periods are chosen
	// from the list of years and quarters, and no dates can be typed.
	if got := h.field("Period").(*widget.Select).Selected; got != "Financial year 2025/26" {
		t.Errorf("the period starts as %q", got)
	}
	if h.find(func(o fyne.CanvasObject) bool {
		l, ok := o.(*widget.Label)
		return ok && (l.Text == "From" || l.Text == "To")
	}) != nil {
		t.Error("the annual report screen lets dates be typed")
	}
	if !containsPrefix(h.screenText(), "1 Apr 2025 to 31 Mar 2026: 3 deaths, 1 review completed") {
		t.Errorf("the screen does not say what the period holds: %q", h.screenText())
	}
	h.choose("Period", "Calendar year 2025")
	if !containsPrefix(h.screenText(), "1 Jan 2025 to 31 Dec 2025: 2 deaths") {
		t.Errorf("the calendar year holds: %q", h.screenText())
	}
	h.choose("Period", "Q4 of 2025/26 (January to March 2026)")
	if !containsPrefix(h.screenText(), "1 Jan 2026 to 31 Mar 2026: 1 death") {
		t.Errorf("the quarter holds: %q", h.screenText())
	}
	h.choose("Period", "Financial year 2025/26")

	path := filepath.Join(t.TempDir(), "annual.pdf")
	h.saveTo(path)
	h.tap("Make the annual report…")
	if got := h.lastAsked().name; got != "CDOP-annual-report-2025-26.pdf" {
		t.Errorf("suggested %q for the report", got)
	}
	checkPDF(t, path)
	h.checkSavedDialog("Saved the annual report for 1 Apr 2025 to 31 Mar 2026 (3 cases that died or were reviewed in it).", path)

	text := pdfText(t, path)
	for _, want := range []string{"Child death review annual report", "Financial year 2025/26", "1 April 2025 to 31 March 2026", "Deaths in the period"} {
		if !strings.Contains(text, want) {
			t.Errorf("the report lacks %q", want)
		}
	}
	for _, c := range cases {
		for _, id := range []string{c.FullName(), c.FirstName, c.LastName, c.Ref, cdop.FormatNHSNumber(c.NHSNumber)} {
			if strings.Contains(text, id) {
				t.Errorf("the annual report prints %q", id)
			}
		}
	}
}

// The differencing guard on the desktop: a period published before whose
// figures have changed since (a late notification) is made again only once
// the coordinator confirms, having seen which figures changed.
func TestAnnualReportPublishedBeforeAsksToConfirmTheChanges(t *testing.T) {
	h := newHarness(t)
	for i := range 9 {
		h.caseAtReview("Zephyrine", fmt.Sprintf("Quenby-Haworth%c", 'a'+i), "2025-07-09", "2025-11-14", "2026-02-17", 5150+10*i)
	}
	h.tap("Annual report")
	first := filepath.Join(t.TempDir(), "first.pdf")
	h.saveTo(first)
	h.tap("Make the annual report…")
	checkPDF(t, first)
	h.tap("Close")

	// A late notification into the period.
	h.storeCase("Amara", "Okafor", "2019-03-14", "2025-12-18", nhsNumber(t, 11))
	h.tap("Annual report")
	second := filepath.Join(t.TempDir(), "second.pdf")
	h.saveTo(second)
	h.tap("Make the annual report…")
	text := h.dialogText()
	if !containsText(text, "Published before with other figures") || !containsText(text, "was published on") || !containsText(text, "→") {
		t.Fatalf("no confirmation of the changes: %q", text)
	}
	h.tap("Cancel")
	if _, err := os.Stat(second); err == nil {
		t.Error("the report was saved though the changes were not confirmed")
	}
	h.tap("Make the annual report…")
	h.tap("Publish again…")
	checkPDF(t, second)
	h.checkSavedDialog("Saved the annual report for 1 Apr 2025 to 31 Mar 2026", second)
}

func TestTheFileDialogAsksWhereToSaveWithASuggestedName(t *testing.T) {
	h := newHarness(t)
	c := h.storeCase("Amara", "Okafor", "2025-03-14", "2026-11-18", nhsNumber(t, 11))
	h.ui.ChooseSaveFile = h.fileDialog
	h.ui.OpenCase(c.ID)
	h.ui.Wait()
	h.tap("Export PDF…")
	h.tap("Choose where to save…")
	text := h.dialogText()
	if !containsText(text, "Export the case summary") {
		t.Errorf("the file dialog is not titled for the export: %q", text)
	}
	name, _ := h.find(func(o fyne.CanvasObject) bool {
		e, ok := o.(*widget.Entry)
		return ok && e.Text == c.Ref+"-summary.pdf"
	}).(*widget.Entry)
	if name == nil {
		t.Errorf("the file dialog does not suggest %s-summary.pdf", c.Ref)
	}
	h.tap("Cancel")
	if top := h.window.Canvas().Overlays().Top(); top != nil {
		t.Errorf("a dialog is left after cancelling: %q", h.dialogText())
	}
}
