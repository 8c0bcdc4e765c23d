package app_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"casemanager/cdop"
	"casemanager/cdop/cdoptest"
)

// The records a coordinator keeps along a case say what happened when it
// happened: every dated action takes the day it was done (today unless
// another is typed), and what was recorded is corrected or undone with a
// reason, through the same dialogs a person uses.

// retypeIn replaces the text of the entry with a placeholder (in the
// dialog on show first) by text, typed as a person would.
func (h *harness) retypeIn(placeholder, text string) {
	h.t.Helper()
	e, _ := h.entry(placeholder)
	e.SetText("")
	h.typeIn(placeholder, text)
}

// lastChanges returns the changes of a case's newest audit row of an action.
func (h *harness) lastChanges(caseID, action string) []cdop.FieldChange {
	h.t.Helper()
	history, err := h.store.CaseHistory(context.Background(), caseID)
	if err != nil {
		h.t.Fatal(err)
	}
	for i := len(history) - 1; i >= 0; i-- {
		if history[i].Action == action {
			return history[i].Changes
		}
	}
	h.t.Fatalf("no %s audit row", action)
	return nil
}

// hasChange reports whether changes hold one of field from old to new.
func hasChange(changes []cdop.FieldChange, field, old, new string) bool {
	return slices.Contains(changes, cdop.FieldChange{Field: field, Old: old, New: new})
}

const dayBox = "YYYY-MM-DD or DD/MM/YYYY"

// A report received on 19 Nov but logged on the 23rd counts as received on
// the 19th: in time for its target of the 20th, and before the child death
// review meeting of the 21st that discussed it.
func TestAReportIsRecordedOnTheDayItArrivedNotTheDayItIsLogged(t *testing.T) {
	h := newHarness(t)
	c := h.storeCase("Grace", "O'Neill", "2009-06-30", "2026-10-02", "")
	ctx := cdop.WithActor(context.Background(), "setup")
	c.CDRMOn, c.PostMortem = cdop.MustParseDate("2026-11-21"), "no" // no post-mortem report to wait for
	if err := h.store.UpdateCase(ctx, c); err != nil {
		t.Fatal(err)
	}
	hospital := h.agency("Leeds Teaching Hospitals NHS Trust", "health")
	r := cdop.AgencyRequest{CaseID: c.ID, AgencyID: hospital.ID, Form: "reporting_form",
		RequestedOn: cdop.MustParseDate("2026-11-03"), DueOn: cdop.MustParseDate("2026-11-20")}
	if err := h.store.SaveRequest(ctx, &r); err != nil {
		t.Fatal(err)
	}
	h.openFromRegister(c.Ref)
	h.openTab("Agency reports")

	// A day still to come is refused in one sentence, and nothing is stored.
	h.tapInRow("Leeds Teaching Hospitals NHS Trust", "Received…")
	h.retypeIn(dayBox, "24/11/2026")
	h.tap("Record received")
	if !containsText(h.screenText(), "Not done: the date received (24 Nov 2026) cannot be in the future") {
		t.Errorf("a day to come is not refused in a sentence: %q", h.screenText())
	}
	if got := h.caseFile(c.ID).Requests[0]; !got.ReceivedOn.IsZero() {
		t.Fatalf("a refused day was stored: %+v", got)
	}

	h.tapInRow("Leeds Teaching Hospitals NHS Trust", "Received…")
	h.retypeIn(dayBox, "19/11/2026")
	h.tap("Record received")
	if got := h.caseFile(c.ID).Requests[0].ReceivedOn.String(); got != "2026-11-19" {
		t.Fatalf("stored received on %q; want the day typed, 2026-11-19", got)
	}
	if row := h.rowOf("Leeds Teaching Hospitals NHS Trust"); !slices.Contains(row, "Received 19 Nov 2026") {
		t.Errorf("request row = %q", row)
	}
	h.openTab("Deadlines")
	if row := h.rowOf("Agency report returned"); !slices.Contains(row, "Met") || !slices.Contains(row, "19 Nov 2026") {
		t.Errorf("the report's deadline = %q; want met on 19 Nov", row)
	}
	h.openTab("Timeline")
	screen := h.screenText()
	received := slices.IndexFunc(screen, func(s string) bool { return strings.HasPrefix(s, "Reporting form received from") })
	meeting := slices.Index(screen, "Child death review meeting")
	if received < 0 || meeting < 0 || received > meeting {
		t.Errorf("the timeline does not put the report (at %d) before the meeting (at %d): %q", received, meeting, screen)
	}
}

func TestWhatARequestRecordsIsCorrectedOrUndoneWithAReason(t *testing.T) {
	h := newHarness(t)
	c := h.storeCase("Grace", "O'Neill", "2009-06-30", "2026-10-02", "")
	ctx := cdop.WithActor(context.Background(), "setup")
	police := h.agency("West Yorkshire Police", "police")
	r := cdop.AgencyRequest{CaseID: c.ID, AgencyID: police.ID, Form: "reporting_form",
		RequestedOn: cdop.MustParseDate("2026-11-03"), ChasedOn: []cdop.Date{cdop.MustParseDate("2026-11-16")},
		ReceivedOn: cdop.MustParseDate("2026-11-23")}
	if err := h.store.SaveRequest(ctx, &r); err != nil {
		t.Fatal(err)
	}
	h.openFromRegister(c.Ref)
	h.openTab("Agency reports")

	// The reply logged on the wrong day is moved to the day it came.
	h.tapInRow("West Yorkshire Police", "Correct…")
	if got := h.dialogText(); !containsText(got, "Reporting form from West Yorkshire Police") {
		t.Fatalf("the correction dialog = %q", got)
	}
	if day, _ := h.entry(dayBox); day.Text != "2026-11-23" {
		t.Errorf("the day to correct starts as %q; want the reply's, 2026-11-23", day.Text)
	}
	h.retypeIn(dayBox, "20/11/2026")
	h.tap("Record the correction") // nothing without a reason
	if got := h.caseFile(c.ID).Requests[0].ReceivedOn.String(); got != "2026-11-23" {
		t.Fatalf("corrected without a reason: received %s", got)
	}
	h.typeIn("Why it is corrected, e.g. logged on the day it was filed, not the day it arrived (required)", "Logged on the day it was filed")
	h.tap("Record the correction")
	if got := h.caseFile(c.ID).Requests[0].ReceivedOn.String(); got != "2026-11-20" {
		t.Fatalf("stored received on %s; want 2026-11-20", got)
	}
	if !containsText(h.screenText(), "Corrected the reporting form from West Yorkshire Police.") {
		t.Errorf("no word of the correction: %q", h.screenText())
	}
	changes := h.lastChanges(c.ID, "request")
	if !hasChange(changes, "received_on", "2026-11-23", "2026-11-20") || !hasChange(changes, "correction_reason", "", "Logged on the day it was filed") {
		t.Errorf("the correction's audit row = %+v", changes)
	}

	// The chase undone: it did not happen.
	h.tapInRow("West Yorkshire Police", "Correct…")
	h.chooseFrom("What to correct", "Chased on 16 Nov 2026")
	h.tapText(h.window.Canvas().Overlays().Top(), "It did not happen: undo it")
	h.typeIn("Why it is corrected, e.g. logged on the day it was filed, not the day it arrived (required)", "Entered on the wrong request")
	h.tap("Record the correction")
	if got := h.caseFile(c.ID).Requests[0]; len(got.ChasedOn) != 0 || got.ReceivedOn.String() != "2026-11-20" {
		t.Errorf("after undoing the chase: %+v", got)
	}
	if changes := h.lastChanges(c.ID, "request"); !hasChange(changes, "chased_on", "2026-11-16", "") {
		t.Errorf("the undo's audit row = %+v", changes)
	}
}

func TestAContactWithTheFamilyIsCorrectedAndUndoneWithAReason(t *testing.T) {
	h := newHarness(t)
	c := h.storeCase("Élodie", "Brennan", "2025-01-03", "2026-10-02", nhsNumber(t, 31))
	h.openFromRegister(c.Ref)
	h.openTab("Family")
	const note = "Note, e.g. offered a home visit; family asked for the post-mortem results"

	// A day before the death is refused in one sentence.
	h.retypeIn(dayBox, "01/10/2026")
	h.chooseFrom("How", "Telephone")
	h.typeIn(note, "Spoke to mother")
	h.tap("Add contact")
	if !containsText(h.screenText(), "Not added: the date of the contact (1 Oct 2026) cannot be before the child's death") {
		t.Errorf("a contact before the death is not refused in a sentence: %q", h.screenText())
	}
	h.retypeIn(dayBox, "23/11/2026")
	h.tap("Add contact")
	if got := h.caseFile(c.ID).Contacts; len(got) != 1 {
		t.Fatalf("stored contacts %+v", got)
	}

	h.tapInRow("Spoke to mother", "Correct…")
	h.retypeIn(dayBox, "21/11/2026")
	h.typeIn("Why it is corrected (required)", "Logged two days late")
	h.tap("Record the correction")
	k := h.caseFile(c.ID).Contacts
	if len(k) != 1 || k[0].On.String() != "2026-11-21" || k[0].Method != "phone" || k[0].Note != "Spoke to mother" {
		t.Fatalf("corrected contact %+v", k)
	}
	if changes := h.lastChanges(c.ID, "contact"); !hasChange(changes, "on", "2026-11-23", "2026-11-21") ||
		!hasChange(changes, "correction_reason", "", "Logged two days late") {
		t.Errorf("the correction's audit row = %+v", changes)
	}

	h.tapInRow("Spoke to mother", "Correct…")
	h.tapText(h.window.Canvas().Overlays().Top(), "It did not happen, or is on the wrong case: take it off the log")
	h.typeIn("Why it is corrected (required)", "Entered on the wrong case")
	h.tap("Record the correction")
	if got := h.caseFile(c.ID).Contacts; len(got) != 0 {
		t.Fatalf("an undone contact is still stored: %+v", got)
	}
	if !containsText(h.screenText(), "Took the contact of 21 Nov 2026 off the log.") || !containsText(h.screenText(), "No contact with the family recorded yet.") {
		t.Errorf("after the undo: %q", h.screenText())
	}
}

func TestAPauseIsRestartedOnItsDayCorrectedAndUndone(t *testing.T) {
	h := newMemHarness(t)
	c := h.storeCase("Łukasz", "Nowak", "2024-02-10", "2026-06-01", nhsNumber(t, 41))
	h.openFromRegister(c.Ref)
	h.openTab("Deadlines")
	const meeting = "Child death review meeting held"
	h.tapInRow(meeting, "Pause…")
	h.retypeIn(dayBox, "16/11/2026")
	h.typeIn("e.g. awaiting inquest (required)", "Awaiting the post-mortem report")
	h.tap("Pause")

	h.tapInRow(meeting, "Restart…")
	h.retypeIn(dayBox, "24/11/2026")
	h.tap("Restart")
	if !containsText(h.screenText(), "Not done: the date the clock restarted (24 Nov 2026) cannot be in the future") {
		t.Errorf("a restart still to come is not refused in a sentence: %q", h.screenText())
	}
	h.tapInRow(meeting, "Restart…")
	h.retypeIn(dayBox, "20/11/2026")
	h.tap("Restart")
	if p := h.caseFile(c.ID).Pauses; len(p) != 1 || p[0].To.String() != "2026-11-20" {
		t.Fatalf("restarted pause %+v; want it to end on the day typed", p)
	}

	// The pauses are listed, each corrected or undone with a reason.
	h.tapInRow("Awaiting the post-mortem report", "Correct…")
	h.retypeIn(dayBox, "13/11/2026")
	h.typeIn("Why it is corrected (required)", "Paused the day the post-mortem was delayed")
	h.tap("Record the correction")
	if p := h.caseFile(c.ID).Pauses; len(p) != 1 || p[0].From.String() != "2026-11-13" || p[0].To.String() != "2026-11-20" {
		t.Fatalf("corrected pause %+v", p)
	}
	h.tapInRow("Awaiting the post-mortem report", "Correct…")
	h.tapText(h.window.Canvas().Overlays().Top(), "It was never paused: take the pause away")
	h.typeIn("Why it is corrected (required)", "Paused the wrong clock")
	h.tap("Record the correction")
	if p := h.caseFile(c.ID).Pauses; len(p) != 0 {
		t.Fatalf("an undone pause is still stored: %+v", p)
	}
	if row := h.rowOf(meeting); !slices.Contains(row, "Open – 83 days over") {
		t.Errorf("the clock after the undo = %q; want it counted as never paused", row)
	}
}

// readyCase stores a case at CDOP review with an analysis ready to sign off.
func (h *harness) readyCase(first, last string, n int) *cdop.Case {
	h.t.Helper()
	c := h.caseAtReview(first, last, "2024-04-01", "2026-05-02", "2026-08-10", n)
	c.Analysis = cdoptest.CompleteAnalysis()
	if err := h.store.UpdateCase(cdop.WithActor(context.Background(), "setup"), c); err != nil {
		h.t.Fatal(err)
	}
	return c
}

// A panel meeting with nobody recorded as present no longer closes a case
// on a plain confirmation: the chair's reason is asked, kept with the
// meeting and shown on its page, and who attended is then locked.
func TestAPanelMeetingNotQuorateSignsOffOnlyWithTheChairsReason(t *testing.T) {
	h := newHarness(t)
	c := h.readyCase("Amara", "Okafor", 61)
	m := h.meeting("panel", "2026-11-20", c)
	h.ui.ShowMeeting(m.ID)
	h.ui.Wait()

	h.tapInRow(c.Ref, "Sign off")
	dialog := h.dialogText()
	if !containsText(dialog, "This meeting is not quorate: nobody present from Health (trust, GP, community); nobody present from Police") ||
		!containsText(dialog, "give the chair's reason") {
		t.Fatalf("the sign-off does not say the meeting is not quorate: %q", dialog)
	}
	h.tap("Sign off as the chair") // nothing without the chair's reason
	if got := h.caseFile(c.ID).Case.Stage; got != cdop.StageCDOPReview {
		t.Fatalf("signed off without the chair's reason: %s", got)
	}
	h.typeIn("The chair's reason, e.g. police sent a written report and apologies (required)", "Agencies sent written reports; the chair agreed to go on")
	h.tap("Sign off as the chair")
	if got := h.caseFile(c.ID).Case.Stage; got != cdop.StageClosed {
		t.Fatalf("after the chair's sign-off the case is at %s; screen %q", got, h.screenText())
	}
	stored := h.storedMeeting(m.ID).WithoutQuorum
	if stored.Reason != "Agencies sent written reports; the chair agreed to go on" {
		t.Errorf("the chair's reason stored as %+v", stored)
	}
	screen := h.screenText()
	if !containsPrefix(screen, "Not quorate — signed off by the chair: nobody present from Health") ||
		!containsText(screen, "The chair's reason: Agencies sent written reports; the chair agreed to go on") {
		t.Errorf("the meeting's record does not show the chair's sign-off: %q", screen)
	}

	// Attendance is locked: nobody can be added to make it look quorate.
	if hasButton(h.window.Content(), "Add attendee") {
		t.Error("attendees can still be added after the sign-off")
	}
	if !containsText(screen, "Attendance is locked: the meeting has signed off "+c.Ref+" with those recorded here, so nobody can be added or removed.") {
		t.Errorf("no word that attendance is locked: %q", screen)
	}
	late := *h.storedMeeting(m.ID)
	late.Attendees = append(late.Attendees, cdop.Attendee{Name: "Dr Late", AgencyType: "health"})
	if err := h.store.SaveMeeting(context.Background(), &late); cdop.ErrorRule(err) != cdop.RuleAttendanceLocked {
		t.Errorf("an attendee added behind the page: %v", err)
	}
	h.tap("Meetings")
	if !containsText(h.screenText(), "Not quorate — signed off by the chair") {
		t.Errorf("the list of meetings does not say so: %q", h.screenText())
	}
}

func TestTheSignOffConfirmationSaysTheMeetingIsQuorate(t *testing.T) {
	h := newHarness(t)
	c := h.readyCase("Noah", "Clarke", 71)
	m := h.meeting("panel", "2026-11-20", c)
	m.Attendees = cdoptest.Quorate
	if err := h.store.SaveMeeting(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	h.ui.ShowMeeting(m.ID)
	h.ui.Wait()
	if !hasButton(h.window.Content(), "Add attendee") {
		t.Fatal("no way to add an attendee before the sign-off")
	}
	h.tapInRow(c.Ref, "Sign off")
	if got := h.dialogText(); !containsText(got, "The meeting is quorate: someone is present from each kind of agency a panel meeting needs. Who attended is then locked.") {
		t.Fatalf("the confirmation does not mention the quorum: %q", got)
	}
	test.Tap(h.button("Sign off"))
	h.ui.Wait()
	if got := h.caseFile(c.ID).Case.Stage; got != cdop.StageClosed {
		t.Fatalf("after the sign-off the case is at %s", got)
	}
	if hasButton(h.window.Content(), "Add attendee") || !containsText(h.screenText(), "Attendance is locked") {
		t.Errorf("attendance is not locked after the sign-off: %q", h.screenText())
	}
}
