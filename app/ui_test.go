package app_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"casemanager/cdop"
)

// nhsNumber returns a valid NHS number from the never-issued 999 range.
func nhsNumber(t *testing.T, n int) string {
	t.Helper()
	for i := n; ; i++ {
		first9 := fmt.Sprintf("999%06d", i)
		if d, ok := cdop.NHSCheckDigit(first9); ok {
			return fmt.Sprintf("%s%d", first9, d)
		}
	}
}

// storeCase saves a synthetic case directly in the store.
func (h *harness) storeCase(first, last, dob, dod, nhs string) *cdop.Case {
	h.t.Helper()
	c := cdop.NewCase()
	c.FirstName, c.LastName = first, last
	c.DateOfBirth, c.DateOfDeath = cdop.MustParseDate(dob), cdop.MustParseDate(dod)
	c.Sex = "male"
	c.NotifiedOn = c.DateOfDeath
	c.NHSNumber = nhs
	if nhs == "" {
		c.NHSNumberStatus = "not_available"
	}
	if err := h.store.CreateCase(context.Background(), c); err != nil {
		h.t.Fatalf("storing %s %s: %v", first, last, err)
	}
	return c
}

func TestNewNotificationIsSavedAndFoundInTheList(t *testing.T) {
	h := newHarness(t)
	nhs := nhsNumber(t, 4242)

	h.tap("New notification")
	h.typeInto("First name", "Zoë")
	h.typeInto("Last name", "Ó Súilleabháin")
	h.typeInto("Date of birth", "02/06/2025")
	h.choose("Sex", "Female")
	h.typeInto("NHS number", cdop.FormatNHSNumber(nhs))
	h.typeInto("Date of death", "2026-11-20")
	h.typeInto("Time of death", "04:15")
	h.choose("Place of death", "Hospital")
	h.choose("Expected or unexpected", "Unexpected")
	h.typeInto("Postcode of usual residence", "ls6 2qr")
	h.tap("Save")

	// The new case opens, saying it was saved.
	if !containsPrefix(h.screenText(), "CDOP-2026-0001 — Zoë Ó Súilleabháin") {
		t.Errorf("after saving, the new case did not open: %q", h.screenText())
	}
	if !containsPrefix(h.screenText(), "Saved CDOP-2026-0001, Zoë Ó Súilleabháin.") {
		t.Errorf("no confirmation of the save on screen: %q", h.screenText())
	}
	h.tap("Case register")
	rows := h.rows()
	if len(rows) != 1 {
		t.Fatalf("the register shows %d rows after saving, want 1: %v", len(rows), rows)
	}
	want := []string{"CDOP-2026-0001", "Ó Súilleabháin, Zoë", "17 months", "20 Nov 2026", "Notified"}
	if !slices.Equal(rows[0], want) {
		t.Errorf("row = %q, want %q", rows[0], want)
	}

	stored, err := h.db.FindCaseByRef(context.Background(), "CDOP-2026-0001")
	if err != nil {
		t.Fatal(err)
	}
	if stored.NHSNumber != nhs || stored.Postcode != "LS6 2QR" || stored.Sex != "female" ||
		stored.DateOfBirth.String() != "2025-06-02" || stored.TimeOfDeath != "04:15" || stored.NotifiedOn.String() != "2026-11-23" {
		t.Errorf("stored case differs from what was typed: %+v", stored)
	}

	// After a restart the case is still there: a new UI over the same file.
	h2 := h.reopen()
	h2.tap("Case register")
	if rows := h2.rows(); len(rows) != 1 || rows[0][0] != "CDOP-2026-0001" {
		t.Errorf("after reopening, the register shows %v", rows)
	}
}

func TestNotificationFormSaysWhatIsWrong(t *testing.T) {
	h := newHarness(t)
	h.tap("New notification")
	h.typeInto("First name", "Amara")
	h.typeInto("Date of birth", "2020-05-01")
	h.typeInto("Date of death", "2019-12-31")
	if got := h.fieldError("Date of death"); !strings.Contains(got, "before the date of birth 2020-05-01") {
		t.Errorf("error under Date of death = %q, want it to say the death is before the birth", got)
	}
	if got := h.fieldError("Last name"); got != "" {
		t.Errorf("an untouched field shows an error before saving: %q", got)
	}
	h.typeInto("NHS number", "999 000 0019")
	if got := h.fieldError("NHS number"); !strings.Contains(got, "check digit") {
		t.Errorf("error under NHS number = %q, want it to name the check digit", got)
	}

	h.tap("Save")
	if got := h.fieldError("Last name"); got != "Last name is required" {
		t.Errorf("after Save, error under Last name = %q, want %q", got, "is required")
	}
	if got := h.fieldError("Sex"); !strings.Contains(got, "is required") {
		t.Errorf("after Save, error under Sex = %q", got)
	}
	if !containsPrefix(h.screenText(), "Not saved:") {
		t.Errorf("no 'Not saved' message on screen: %q", h.screenText())
	}
	if !summaryMentions(h.screenText(), "Last name") {
		t.Errorf("the refusal does not list Last name: %q", h.screenText())
	}
	cases, err := h.db.FindCases(context.Background(), cdop.CaseFilter{})
	if err != nil || len(cases) != 0 {
		t.Errorf("an invalid notification was stored: %d cases, err %v", len(cases), err)
	}
	// The summary keeps in step: a corrected field drops out of it.
	h.typeInto("Last name", "Okafor")
	if summaryMentions(h.screenText(), "Last name") {
		t.Errorf("the summary still lists Last name after it was filled in: %q", h.screenText())
	}
	if !containsPrefix(h.screenText(), "Not saved:") {
		t.Errorf("the summary went while problems remain: %q", h.screenText())
	}

	// Correcting the date clears its message as the coordinator types.
	e := as[widget.Entry](h.field("Date of death"))
	e.SetText("")
	h.typeInto("Date of death", "2026-01-31")
	if got := h.fieldError("Date of death"); got != "" {
		t.Errorf("error under Date of death after correcting it = %q", got)
	}
}

func TestDuplicateIsFlaggedBeforeSavingAndOpensTheExistingCase(t *testing.T) {
	h := newHarness(t)
	existing := h.storeCase("Łukasz", "Nowak", "2024-02-10", "2026-03-01", "")
	h.ui.ShowCaseList()
	h.ui.Wait()

	h.tap("New notification")
	driver := fyne.CurrentApp().Driver()
	before := driver.AbsolutePositionForObject(h.field("First name"))
	h.typeInto("First name", "LUKASZ")
	h.typeInto("Last name", "nowak")
	h.typeInto("Date of birth", "2024-02-10")
	h.typeInto("Date of death", "2026-03-01")
	if !containsPrefix(h.screenText(), "Possible duplicate of "+existing.Ref) {
		t.Fatalf("no duplicate warning on screen: %q", h.screenText())
	}
	if after := driver.AbsolutePositionForObject(h.field("First name")); after != before {
		t.Errorf("the duplicate warning moved the fields: First name at %v, was %v", after, before)
	}
	h.choose("Sex", "Male")
	h.choose("Reason for no NHS number", "Not available")
	h.tap("Save")
	if cases, _ := h.db.FindCases(context.Background(), cdop.CaseFilter{}); len(cases) != 1 {
		t.Errorf("the duplicate was saved: %d cases stored", len(cases))
	}

	// What was typed would be lost: the app asks first, as Back does.
	h.tap("Open existing case")
	if containsPrefix(h.screenText(), existing.Ref+" — Łukasz Nowak") {
		t.Fatal("the existing case opened over the half-filled notification without asking")
	}
	h.tap("Stay")
	if got := as[widget.Entry](h.field("First name")).Text; got != "LUKASZ" {
		t.Fatalf("after choosing to stay, the notification shows first name %q", got)
	}
	h.tap("Open existing case")
	h.tap("Leave without saving")
	if !containsPrefix(h.screenText(), existing.Ref+" — Łukasz Nowak") {
		t.Errorf("the existing case did not open: %q", h.screenText())
	}
}

func TestSearchFiltersAsYouTypeAndHeadersSort(t *testing.T) {
	h := newHarness(t)
	h.storeCase("Élodie", "Brennan", "2025-01-03", "2025-01-19", nhsNumber(t, 1))
	h.storeCase("Tariq", "Al-Amin", "2024-10-02", "2025-02-08", nhsNumber(t, 2))
	h.storeCase("Grace", "O'Neill", "2009-06-30", "2025-03-02", "")
	h.ui.ShowCaseList()
	h.ui.Wait()
	if n := len(h.rows()); n != 3 {
		t.Fatalf("register shows %d rows, want 3", n)
	}

	entry := h.searchBox()
	h.window.Canvas().Focus(entry)
	test.Type(entry, "elod")
	h.ui.Wait()
	rows := h.rows()
	if len(rows) != 1 || rows[0][1] != "Brennan, Élodie" {
		t.Errorf("searching %q shows %v, want only Brennan, Élodie", "elod", rows)
	}
	entry.SetText("")
	h.ui.Wait()

	h.tap("Date of death")
	if got := column(h.rows(), 1); !slices.Equal(got, []string{"Brennan, Élodie", "Al-Amin, Tariq", "O'Neill, Grace"}) {
		t.Errorf("sorted by date of death: %q", got)
	}
	h.tap("Date of death")
	if got := column(h.rows(), 1); !slices.Equal(got, []string{"O'Neill, Grace", "Al-Amin, Tariq", "Brennan, Élodie"}) {
		t.Errorf("sorted by date of death, newest first: %q", got)
	}
}

func TestOpenEditAndSaveACaseWritesTheAuditTrail(t *testing.T) {
	h := newMemHarness(t)
	c := h.storeCase("Tariq", "Al-Amin", "2024-10-02", "2025-02-08", nhsNumber(t, 7))
	h.tap("Case register")

	h.table().Select(widget.TableCellID{Row: 0, Col: 1})
	h.ui.Wait()
	if got := as[widget.Entry](h.field("Last name")).Text; got != "Al-Amin" {
		t.Fatalf("the opened case shows last name %q", got)
	}
	h.openTab("Family")
	h.typeInto("Family's key worker", "SUDIC nurse")
	h.tap("Save")
	// The stage is not a field of the form any more: the stepper moves it.
	h.tap("Move to Immediate decisions")

	stored, err := h.store.FindCaseByID(context.Background(), c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if stored.KeyWorker != "SUDIC nurse" || stored.Stage != cdop.StageImmediateDecisions {
		t.Errorf("stored key worker %q stage %q", stored.KeyWorker, stored.Stage)
	}
	history, err := h.store.CaseHistory(context.Background(), c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(history) < 3 {
		t.Fatalf("history has %d rows, want create, update and stage move: %+v", len(history), history)
	}
	edit, move := history[len(history)-2], history[len(history)-1]
	if edit.Actor != "ui-test" || len(edit.Changes) != 1 || edit.Changes[0].Field != "key_worker" {
		t.Errorf("audit row of the save = %+v, want the key worker changed by ui-test", edit)
	}
	if move.Actor != "ui-test" || len(move.Changes) == 0 || move.Changes[0] != (cdop.FieldChange{Field: "stage", Old: "notified", New: "immediate_decisions"}) {
		t.Errorf("audit row of the move = %+v, want the stage change by ui-test", move)
	}
}

func column(rows [][]string, col int) []string {
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = r[col]
	}
	return out
}

func containsPrefix(texts []string, prefix string) bool {
	for _, s := range texts {
		if strings.HasPrefix(s, prefix) {
			return true
		}
	}
	return false
}

// summaryMentions reports whether the "Not saved" summary names a field.
func summaryMentions(texts []string, label string) bool {
	for _, s := range texts {
		if strings.HasPrefix(s, "Not saved:") && strings.Contains(s, label) {
			return true
		}
	}
	return false
}

// TestHeaderSortRunsOffTheUIGoroutine: a tap on a column heading sorts in
// the background (100,000 rows took up to 67 ms on the UI goroutine): the
// tap returns before the rows move, and of two quick taps the later order
// is the one shown.
func TestHeaderSortRunsOffTheUIGoroutine(t *testing.T) {
	h := newHarness(t)
	h.storeCase("Élodie", "Brennan", "2025-01-03", "2025-01-19", nhsNumber(t, 1))
	h.storeCase("Tariq", "Al-Amin", "2024-10-02", "2025-02-08", nhsNumber(t, 2))
	h.storeCase("Grace", "O'Neill", "2009-06-30", "2025-03-02", "")
	h.ui.ShowCaseList()
	h.ui.Wait()
	before := column(h.rows(), 1)
	test.Tap(h.button("Date of death")) // no Wait: what the tap itself did
	if got := column(h.rows(), 1); !slices.Equal(got, before) {
		t.Errorf("the rows were sorted on the tap's own goroutine: %q, before %q", got, before)
	}
	test.Tap(h.button("Date of death")) // again, newest first, before the first sort is shown
	h.ui.Wait()
	if got := column(h.rows(), 1); !slices.Equal(got, []string{"O'Neill, Grace", "Al-Amin, Tariq", "Brennan, Élodie"}) {
		t.Errorf("after two taps, sorted by date of death newest first: %q", got)
	}
}
