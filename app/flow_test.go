package app_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"casemanager/cdop"
)

// openFromRegister opens the case with reference ref from the case register.
func (h *harness) openFromRegister(ref string) {
	h.t.Helper()
	h.tap("Case register")
	for i, r := range h.rows() {
		if r[0] == ref {
			h.table().Select(widget.TableCellID{Row: i, Col: 1})
			h.ui.Wait()
			return
		}
	}
	h.t.Fatalf("%s is not on the register", ref)
}

// caseFile reads a case's file from the store.
func (h *harness) caseFile(id string) *cdop.CaseFile {
	h.t.Helper()
	f, err := h.store.CaseFile(context.Background(), id)
	if err != nil {
		h.t.Fatal(err)
	}
	return f
}

func containsText(texts []string, sub string) bool {
	for _, s := range texts {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

func TestStepperMovesACaseRefusesWhatIsMissingAndMovesBackWithAReason(t *testing.T) {
	h := newMemHarness(t)
	c := h.storeCase("Amara", "Okafor", "2025-03-14", "2026-11-18", nhsNumber(t, 11))
	h.openFromRegister(c.Ref)
	if !containsPrefix(h.screenText(), c.Ref+" — Amara Okafor") {
		t.Fatalf("the case page did not open: %q", h.screenText())
	}

	h.tap("Move to Immediate decisions")
	if got := h.caseFile(c.ID).Case.Stage; got != cdop.StageImmediateDecisions {
		t.Fatalf("stage after moving on = %q", got)
	}
	if !containsText(h.screenText(), "Stage: Immediate decisions") {
		t.Errorf("the header does not show the new stage: %q", h.screenText())
	}

	// Information gathering needs the immediate decisions: the guard says which.
	h.tap("Move to Information gathering")
	if got := h.caseFile(c.ID).Case.Stage; got != cdop.StageImmediateDecisions {
		t.Fatalf("the move was not refused: stage %q", got)
	}
	screen := h.screenText()
	for _, want := range []string{
		"Before Information gathering the case needs:",
		"- a decision whether the death was expected or unexpected",
		"- whether the death was referred to the coroner",
	} {
		if !containsText(screen, want) {
			t.Errorf("the refusal does not say %q: %q", want, screen)
		}
	}

	h.tap("Open Decisions")
	h.choose("Expected or unexpected", "Unexpected")
	h.choose("Joint Agency Response", "Yes")
	h.tick("JAR triggers (tick all that apply)", "Sudden with no immediately apparent cause (SUDI/SUDC)")
	h.tick("JAR triggers (tick all that apply)", "Is or could be due to external causes")
	h.choose("Abuse or neglect known or suspected", "No")
	h.choose("Referred to the coroner", "Yes")
	h.choose("Post-mortem", "Yes")
	h.tap("Save decisions")

	h.tap("Move to Information gathering")
	f := h.caseFile(c.ID)
	if f.Case.Stage != cdop.StageInformationGathering {
		t.Fatalf("stage after deciding = %q; screen %q", f.Case.Stage, h.screenText())
	}
	if f.Case.Expected != "unexpected" || f.Case.JAR != "yes" || f.Case.CoronerReferred != "yes" {
		t.Errorf("stored decisions: expected %q JAR %q coroner %q", f.Case.Expected, f.Case.JAR, f.Case.CoronerReferred)
	}
	// The JAR reason of the interchange file is the first trigger in the guidance's order.
	if want := []string{"external_cause", "sudden_unexplained"}; !slices.Equal(f.Case.JARTriggers, want) || f.Case.JARReason != "external_cause" {
		t.Errorf("stored JAR triggers %q reason %q, want %q and external_cause", f.Case.JARTriggers, f.Case.JARReason, want)
	}
	if !containsText(h.screenText(), "Moved from Immediate decisions to Information gathering.") {
		t.Errorf("no confirmation of the move: %q", h.screenText())
	}

	h.tap("Move back…")
	h.tap("Move back") // nothing happens without a reason
	if got := h.caseFile(c.ID).Case.Stage; got != cdop.StageInformationGathering {
		t.Fatalf("moved back without a reason: stage %q", got)
	}
	h.typeIn("Why the case moves back (required)", "JAR decision recorded on the wrong case")
	h.tap("Move back")
	f = h.caseFile(c.ID)
	if f.Case.Stage != cdop.StageImmediateDecisions {
		t.Fatalf("stage after moving back = %q", f.Case.Stage)
	}
	last := f.Moves[len(f.Moves)-1]
	if !last.Backward() || last.Reason != "JAR decision recorded on the wrong case" || last.Actor != "ui-test" {
		t.Errorf("last move = %+v", last)
	}

	h.openTab("Timeline")
	if !containsText(h.screenText(), "Moved to Immediate decisions by ui-test: JAR decision recorded on the wrong case") {
		t.Errorf("the timeline does not show the move back: %q", h.screenText())
	}
}

func TestDashboardShowsTheOverdueFirstAndOpensItsCase(t *testing.T) {
	h := newHarness(t)
	recent := h.storeCase("Noah", "Clarke", "2024-01-01", "2026-11-21", nhsNumber(t, 21))
	old := h.storeCase("Maya", "Patel", "2023-05-05", "2026-06-01", nhsNumber(t, 22))
	h.tap("Dashboard")

	rows := h.rows()
	if len(rows) == 0 {
		t.Fatal("the dashboard shows no deadlines")
	}
	// Maya died in June: the key worker's first contact (target 3 Jun) is the most overdue.
	if got := rows[0]; got[0] != "Overdue" || got[1] != "3 Jun 2026" || got[2] != "173 days over" || got[3] != old.Ref ||
		got[4] != "Patel, Maya" || got[5] != "Key worker's first contact with the family" {
		t.Errorf("first row = %q", got)
	}
	var sawRecent, sawUpcoming bool
	for _, r := range rows {
		sawRecent = sawRecent || r[3] == recent.Ref
		sawUpcoming = sawUpcoming || r[0] == "Upcoming"
	}
	if !sawRecent || !sawUpcoming {
		t.Errorf("the dashboard misses the recent case or the upcoming deadlines: %q", rows)
	}
	for i := 1; i < len(rows); i++ {
		if rows[i-1][0] != "Overdue" && rows[i][0] == "Overdue" {
			t.Errorf("an overdue deadline comes after a less urgent one: %q", rows)
		}
	}

	h.table().Select(widget.TableCellID{Row: 0, Col: 3})
	h.ui.Wait()
	if !containsPrefix(h.screenText(), old.Ref+" — Maya Patel") {
		t.Fatalf("tapping the deadline did not open its case: %q", h.screenText())
	}
	if row := h.rowOf("Key worker's first contact with the family"); !slices.Contains(row, "Open – 173 days over") {
		t.Errorf("the case opened on its deadlines, key worker row = %q", row)
	}
}

func TestAgencyIsAddedEditedAndAFormIsRequestedChasedAndReceived(t *testing.T) {
	h := newHarness(t)
	c := h.storeCase("Grace", "O'Neill", "2009-06-30", "2026-10-02", "")

	h.tap("Agencies")
	h.typeInto("Agency name", "Leeds Teaching Hospitals NHS Trust")
	h.choose("Type", "Health (trust, GP, community)")
	h.typeInto("Contact", "cdop.admin@example.nhs.uk")
	h.tap("Add agency")
	h.typeInto("Agency name", "West Yorkshire Police")
	h.choose("Type", "Police")
	h.tap("Add agency")
	want := [][]string{
		{"Leeds Teaching Hospitals NHS Trust", "Health (trust, GP, community)", "cdop.admin@example.nhs.uk"},
		{"West Yorkshire Police", "Police", ""},
	}
	if got := h.rows(); !slices.EqualFunc(got, want, slices.Equal) {
		t.Fatalf("directory = %q, want %q", got, want)
	}

	h.table().Select(widget.TableCellID{Row: 1, Col: 0})
	h.typeInto("Contact", "DS Khan, 0113 000 0000")
	h.tap("Save changes")
	agencies, err := h.db.Agencies(context.Background())
	if err != nil || len(agencies) != 2 || agencies[1].Contact != "DS Khan, 0113 000 0000" || agencies[1].Type != "police" {
		t.Fatalf("stored agencies %+v, err %v", agencies, err)
	}

	h.openFromRegister(c.Ref)
	h.openTab("Agency reports")
	h.choose("Agency", "Leeds Teaching Hospitals NHS Trust")
	h.choose("Form", "Supplementary: cardiac")
	h.tap("Request form")
	row := h.rowOf("Leeds Teaching Hospitals NHS Trust")
	if !slices.Contains(row, "Supplementary: cardiac") || !slices.Contains(row, "Requested") || !slices.Contains(row, "21 Dec 2026") {
		t.Errorf("request row = %q", row)
	}

	// Each action asks on what day it was done, today unless another day is typed.
	h.tapInRow("Leeds Teaching Hospitals NHS Trust", "Chase…")
	if day, _ := h.entry("YYYY-MM-DD or DD/MM/YYYY"); day.Text != "2026-11-23" {
		t.Errorf("the chase's day starts as %q; want today", day.Text)
	}
	h.tap("Record chase")
	if row := h.rowOf("Leeds Teaching Hospitals NHS Trust"); !slices.Contains(row, "Chased") {
		t.Errorf("after chasing, row = %q", row)
	}
	h.tapInRow("Leeds Teaching Hospitals NHS Trust", "Received…")
	h.tap("Record received")
	if row := h.rowOf("Leeds Teaching Hospitals NHS Trust"); !slices.Contains(row, "Received 23 Nov 2026") || hasButton(h.window.Content(), "Chase…") {
		t.Errorf("after receiving, row = %q", row)
	}

	reqs := h.caseFile(c.ID).Requests
	if len(reqs) != 1 {
		t.Fatalf("stored %d requests", len(reqs))
	}
	r := reqs[0]
	if r.Form != "cardiac" || r.RequestedOn.String() != "2026-11-23" || r.DueOn.String() != "2026-12-21" ||
		len(r.ChasedOn) != 1 || r.ChasedOn[0].String() != "2026-11-23" || r.ReceivedOn.String() != "2026-11-23" {
		t.Errorf("stored request %+v", r)
	}
}

func TestKeyWorkerAndAContactWithTheFamilyAreRecorded(t *testing.T) {
	h := newHarness(t)
	c := h.storeCase("Élodie", "Brennan", "2025-01-03", "2026-11-22", nhsNumber(t, 31))
	h.openFromRegister(c.Ref)
	h.openTab("Family")
	if !containsText(h.screenText(), "No contact with the family recorded yet.") {
		t.Errorf("an empty contact log does not say so: %q", h.screenText())
	}

	h.typeInto("Family's key worker", "Jo Smith, SUDIC nurse")
	h.typeInto("Family told of the meeting (CDRM) date on", "23/11/2026")
	h.tap("Save")

	h.chooseFrom("How", "Telephone")
	h.typeIn("Note, e.g. offered a home visit; family asked for the post-mortem results", "Spoke to mother; home visit on Friday")
	h.tap("Add contact")

	row := h.rowOf("Spoke to mother; home visit on Friday")
	if want := []string{"23 Nov 2026", "Telephone", "Jo Smith, SUDIC nurse", "Spoke to mother; home visit on Friday"}; !slices.Equal(row, want) {
		t.Errorf("contact row = %q, want %q", row, want)
	}
	if !containsText(h.screenText(), "First contact with the family on 23 Nov 2026 (target 24 Nov 2026) — Met.") {
		t.Errorf("the key worker's clock is not shown as met: %q", h.screenText())
	}

	f := h.caseFile(c.ID)
	if f.Case.KeyWorker != "Jo Smith, SUDIC nurse" || f.Case.FamilyToldCDRMOn.String() != "2026-11-23" {
		t.Errorf("stored key worker %q, family told of the CDRM on %q", f.Case.KeyWorker, f.Case.FamilyToldCDRMOn)
	}
	if len(f.Contacts) != 1 || f.Contacts[0].Method != "phone" || f.Contacts[0].By != "Jo Smith, SUDIC nurse" || f.Contacts[0].On.String() != "2026-11-23" {
		t.Errorf("stored contacts %+v", f.Contacts)
	}
}

func TestADeadlineIsPausedAndRestarted(t *testing.T) {
	h := newMemHarness(t)
	c := h.storeCase("Łukasz", "Nowak", "2024-02-10", "2026-06-01", nhsNumber(t, 41))
	h.openFromRegister(c.Ref)
	h.openTab("Deadlines")
	const meeting = "Child death review meeting held"
	if row := h.rowOf(meeting); !slices.Contains(row, "Open – 83 days over") {
		t.Fatalf("meeting clock row = %q", row)
	}

	h.tapInRow(meeting, "Pause…")
	h.tap("Pause") // nothing happens without a reason
	h.typeIn("e.g. awaiting inquest (required)", "Awaiting the post-mortem report")
	h.tap("Pause")
	// (The clock's row; the pause has its own row below, to correct it.)
	row := h.rowOf("Paused: Awaiting the post-mortem report (0 days so far)")
	if !slices.Contains(row, meeting) || !slices.Contains(row, "Paused") {
		t.Errorf("paused row = %q", row)
	}
	pauses := h.caseFile(c.ID).Pauses
	if len(pauses) != 1 || pauses[0].Deadline != cdop.DeadlineCDRM || pauses[0].From.String() != "2026-11-23" ||
		!pauses[0].To.IsZero() || pauses[0].Reason != "Awaiting the post-mortem report" {
		t.Fatalf("stored pauses %+v", pauses)
	}

	h.tapInRow(meeting, "Restart…")
	h.tap("Restart") // on the day offered, today
	pauses = h.caseFile(c.ID).Pauses
	if len(pauses) != 1 || pauses[0].To.String() != "2026-11-23" {
		t.Errorf("after restarting, stored pauses %+v", pauses)
	}
	if row := h.rowOf("Open – 83 days over"); !slices.Contains(row, meeting) {
		t.Errorf("restarted row = %q", row)
	}
}

func TestSettingsAreSavedAndStatutoryLimitsShownAsFixed(t *testing.T) {
	h := newHarness(t)
	h.tap("Settings")
	if !containsText(h.screenText(), "working days after the Safeguarding Practice Review Panel was notified") {
		t.Errorf("the rapid review limit is not shown: %q", h.screenText())
	}
	as[widget.Entry](h.field("Agency report returned")).SetText("")
	h.typeInto("Agency report returned", "21")
	h.typeInto("Extra non-working days", "29/12/2026")
	if !containsText(h.screenText(), "The defaults are NHS practice for sub-national figures: counts from 1 to 7 hidden, others rounded to the nearest 5.") {
		t.Errorf("the settings do not explain what hiding and rounding trade: %q", h.screenText())
	}
	as[widget.Entry](h.field("Small numbers hidden in published figures")).SetText("")
	h.typeInto("Small numbers hidden in published figures", "9")
	as[widget.Entry](h.field("Other published counts rounded to the nearest")).SetText("")
	h.typeInto("Other published counts rounded to the nearest", "10")
	as[widget.Entry](h.field("Marker shown for a hidden count")).SetText("")
	h.typeInto("Marker shown for a hidden count", "c")
	h.typeInto("Footprint named on reports", "Calder and Aire CDOP")
	as[widget.Entry](h.field("Longest free text of a case")).SetText("")
	h.typeInto("Longest free text of a case", "5000")
	as[widget.Entry](h.field("Kinds of agency a panel meeting needs")).SetText("")
	h.typeInto("Kinds of agency a panel meeting needs", "health | police/childrens_social_care")
	h.tap("Save settings")
	s, err := h.db.Settings(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if s.AgencyReportDays != 21 || len(s.ExtraHolidays) != 1 || s.ExtraHolidays[0].String() != "2026-12-29" ||
		s.DisclosureThreshold != 9 || s.DisclosureRounding != 10 || s.DisclosureMarker != "c" || s.Footprint != "Calder and Aire CDOP" ||
		cdop.FormatQuorumGroups(s.QuorumGroups) != "health | police/childrens_social_care" || s.FreeTextLimit != 5000 {
		t.Errorf("stored settings %+v", s)
	}

	h.typeInto("Key worker's first contact with the family", "x")
	h.tap("Save settings")
	if !containsText(h.screenText(), "Not saved: Key worker's first contact with the family:") {
		t.Errorf("a bad number is not refused: %q", h.screenText())
	}
}

func TestAClosedCaseIsReadOnlyUntilReopenedWithAReason(t *testing.T) {
	h := newMemHarness(t)
	ctx := cdop.WithActor(context.Background(), "setup")
	c := h.storeCase("Zoë", "Brennan", "2025-01-03", "2026-03-01", nhsNumber(t, 51))
	c.Expected, c.JAR, c.AbuseNeglectSuspected, c.CoronerReferred, c.PostMortem = "expected", "no", "no", "no", "no"
	c.CDRMOn, c.CDOPReviewOn = cdop.MustParseDate("2026-06-01"), cdop.MustParseDate("2026-09-01")
	c.Analysis.Category, c.Analysis.Modifiable = 6, "none"
	for i := range c.Analysis.Domains {
		c.Analysis.Domains[i].Score = cdop.ScoreOf(1)
	}
	c.Analysis.SignedOffOn = cdop.MustParseDate("2026-09-01")
	if err := h.store.UpdateCase(ctx, c); err != nil {
		t.Fatal(err)
	}
	agency := &cdop.Agency{Name: "Leeds Teaching Hospitals NHS Trust", Type: "health"}
	if err := h.store.SaveAgency(ctx, agency); err != nil {
		t.Fatal(err)
	}
	req := &cdop.AgencyRequest{CaseID: c.ID, AgencyID: agency.ID, Form: "reporting_form",
		RequestedOn: cdop.MustParseDate("2026-03-05"), ReceivedOn: cdop.MustParseDate("2026-03-20")}
	if err := h.store.SaveRequest(ctx, req); err != nil {
		t.Fatal(err)
	}
	for _, s := range cdop.Stages[1:] {
		if err := h.store.MoveStage(ctx, c.ID, cdop.Stage(s.Code), ""); err != nil {
			t.Fatalf("moving to %s: %v", s.Code, err)
		}
	}

	h.openFromRegister(c.Ref)
	if !containsText(h.screenText(), "Closed — reopen to edit.") {
		t.Errorf("no note that the closed case is read-only: %q", h.screenText())
	}
	if e := as[widget.Entry](h.field("Last name")); !e.Disabled() {
		t.Error("a closed case's fields can be edited")
	}
	if hasButton(h.window.Content(), "Save") || hasButton(h.window.Content(), "Move back…") {
		t.Error("a closed case offers Save or Move back…")
	}

	h.tap("Reopen…")
	h.typeIn("Why the case is reopened (required)", "Inquest findings received")
	h.tap("Reopen")
	f := h.caseFile(c.ID)
	if f.Case.Stage != cdop.StageCDOPReview || f.Moves[len(f.Moves)-1].Reason != "Inquest findings received" {
		t.Fatalf("after reopening: stage %q, moves %+v", f.Case.Stage, f.Moves)
	}
	if e := as[widget.Entry](h.field("Last name")); e.Disabled() {
		t.Error("the reopened case is still read-only")
	}
	if containsText(h.screenText(), "Closed — reopen to edit.") || !hasButton(h.window.Content(), "Save") {
		t.Error("the reopened case still looks closed")
	}
}

func TestOpeningTheTabOfARefusedMoveScrollsToTheMissingFieldAndFocusesIt(t *testing.T) {
	h := newHarness(t)
	c := h.caseAt(cdop.StageCDRM, "Amara", "Okafor", "2025-03-14", "2026-09-18", "2026-11-02", 11)
	c.CDRMOn = cdop.Date{} // the meeting's date not yet recorded
	if err := h.db.UpdateCase(cdop.WithActor(context.Background(), "setup"), c); err != nil {
		t.Fatal(err)
	}
	h.openFromRegister(c.Ref)
	h.openTab("Timeline")

	h.tap("Move to CDOP review")
	if got := h.caseFile(c.ID).Case.Stage; got != cdop.StageCDRM {
		t.Fatalf("the move was not refused: stage %q", got)
	}
	h.tap("Open Details")

	field := h.field("Child death review meeting on")
	if focused := h.window.Canvas().Focused(); focused != field.(fyne.Focusable) {
		t.Errorf("focused %T %v after Open Details, want the entry of the meeting's date", focused, focused)
	}
	// The field is in view: below the top of the window and above the Save bar.
	d := fyne.CurrentApp().Driver()
	top := d.AbsolutePositionForObject(field).Y
	bottom := top + field.Size().Height
	save := d.AbsolutePositionForObject(h.button("Save")).Y
	if top < 0 || bottom > save {
		t.Errorf("the field spans y %.0f–%.0f, out of view above the Save bar at %.0f", top, bottom, save)
	}
}
