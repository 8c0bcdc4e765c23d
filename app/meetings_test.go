package app_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"casemanager/cdop"
	"casemanager/cdop/cdoptest"
)

func TestAnAnalysisIsRecordedThroughTheTabAndSignedOffAtAPanelMeeting(t *testing.T) {
	h := newMemHarness(t)
	c := h.caseAtReview("Amara", "Okafor", "2026-04-01", "2026-05-02", "2026-08-10", 61)

	// The coordinator schedules the panel meeting and puts the case on its agenda.
	h.tap("Meetings")
	h.tap("New meeting")
	h.typeIn("YYYY-MM-DD or DD/MM/YYYY", "20/11/2026")
	h.typeIn("HH:MM, 24 hour", "14:00")
	h.typeIn("Room and building, or the link of an online meeting", "Room 2, Civic Hall")
	h.typeIn("Who chairs the meeting", "Dr Whitfield")
	h.tap("Create meeting")
	if !containsText(h.screenText(), "CDOP panel meeting, 20 Nov 2026") {
		t.Fatalf("the new meeting's page did not open: %q", h.screenText())
	}
	// Those present make it quorate (shown as the page reloads below).
	attended := h.storedMeeting(h.storedMeetingID())
	attended.Attendees = cdoptest.Quorate
	if err := h.store.SaveMeeting(context.Background(), attended); err != nil {
		t.Fatal(err)
	}
	pick := h.selectEntry("Type a case reference or name, or pick from the list")
	h.pickFromSelectEntry(pick, c.Ref+" — Amara Okafor (died 2 May 2026)")
	h.tap("Add to agenda")
	if row := h.rowOf(c.Ref); !slices.Contains(row, "Not yet discussed") {
		t.Fatalf("agenda row = %q", row)
	}

	// Signing off before the analysis is agreed is refused, saying what is missing.
	h.tapInRow(c.Ref, "Sign off")
	h.tap("Sign off") // the confirmation
	screen := h.screenText()
	if !containsText(screen, "Not signed off.") || !containsText(screen, "the analysis: “Category of death” is required") {
		t.Fatalf("the refusal does not list the problems: %q", screen)
	}
	if got := h.caseFile(c.ID).Case.Stage; got != cdop.StageCDOPReview {
		t.Fatalf("a refused sign-off moved the case to %s", got)
	}

	// The panel's analysis, recorded on the case's Analysis tab.
	h.tapInRow(c.Ref, "Analysis")
	if !containsText(h.screenText(), "Checks") {
		t.Fatalf("the Analysis tab did not open: %q", h.screenText())
	}
	h.tapText(h.domain("A"), scoreLabel(t, 1))
	h.tapText(h.domain("C"), scoreLabel(t, 0))
	h.tapText(h.domain("B"), scoreLabel(t, 1))

	// A factor picked from the catalogue, with its contribution, marked modifiable.
	h.tapText(h.domain("B"), "Add factor")
	factor := as[widget.SelectEntry](lastIn(h.domain("B"), func(o fyne.CanvasObject) bool { return as[widget.SelectEntry](o) != nil }))
	h.window.Canvas().Focus(factor)
	test.Type(factor, "sleep")
	if options := h.dropDownOptions(factor); !slices.Equal(options, []string{"Unsafe sleep: co-sleeping or shared surface"}) {
		t.Errorf("typing “sleep” offers %q", options)
	}
	if !containsText(texts(h.domain("B")), "Typed. 1 catalogue factor matches: pick it above, or keep what you typed.") {
		t.Errorf("the match is not pointed out: %q", texts(h.domain("B")))
	}
	// The match is suggested as it is typed, without opening the list.
	if !hasButton(h.domain("B"), "Unsafe sleep: co-sleeping or shared surface") {
		t.Fatalf("typing “sleep” suggests nothing under the factor: %q", texts(h.domain("B")))
	}
	h.tapText(h.domain("B"), "Unsafe sleep: co-sleeping or shared surface")
	if factor.Text != "Unsafe sleep: co-sleeping or shared surface" || hasButton(h.domain("B"), "Unsafe sleep: co-sleeping or shared surface") {
		t.Errorf("picking the suggestion left %q in the box, suggestions still shown: %v", factor.Text, hasButton(h.domain("B"), "Unsafe sleep: co-sleeping or shared surface"))
	}
	factor.SetText("")
	h.pickFromSelectEntry(factor, "Unsafe sleep: co-sleeping or shared surface")
	if !containsText(texts(h.domain("B")), "B02") {
		t.Errorf("the catalogue code is not shown: %q", texts(h.domain("B")))
	}
	contribution := lastIn(h.domain("B"), func(o fyne.CanvasObject) bool {
		s, ok := o.(*widget.Select)
		return ok && s.PlaceHolder == "Contribution"
	}).(*widget.Select)
	h.chooseIn(contribution, "Contribution", "Contributed")
	h.tapText(h.domain("B"), "Modifiable")

	// Domain B is scored 1 but has a modifiable factor: the checks say so, in words.
	const explanation = "Domain B has a modifiable factor, so it must be scored 2 (may have contributed)."
	if !containsText(h.screenText(), explanation) {
		t.Fatalf("no explanation of the inconsistency: %q", h.screenText())
	}
	h.tapText(h.domain("B"), scoreLabel(t, 2))
	if containsText(h.screenText(), explanation) {
		t.Errorf("the explanation stays after scoring domain B 2: %q", h.screenText())
	}

	// A typed factor, added to the catalogue; another added and removed.
	h.tapText(h.domain("D"), scoreLabel(t, 1))
	h.tapText(h.domain("D"), "Add factor")
	typed := as[widget.SelectEntry](lastIn(h.domain("D"), func(o fyne.CanvasObject) bool { return as[widget.SelectEntry](o) != nil }))
	h.window.Canvas().Focus(typed)
	test.Type(typed, "Out-of-hours advice line unanswered")
	if !containsText(texts(h.domain("D")), "Typed: not in the factor catalogue.") {
		t.Errorf("a typed factor is not marked as such: %q", texts(h.domain("D")))
	}
	h.tapText(h.domain("D"), "Add to catalogue")
	if !containsText(h.screenText(), "Added “Out-of-hours advice line unanswered” to the factor catalogue as DL01.") ||
		!containsText(texts(h.domain("D")), "DL01") {
		t.Errorf("the typed factor was not added to the catalogue: %q", h.screenText())
	}
	h.tapText(h.domain("A"), "Add factor")
	extra := as[widget.SelectEntry](lastIn(h.domain("A"), func(o fyne.CanvasObject) bool { return as[widget.SelectEntry](o) != nil }))
	h.window.Canvas().Focus(extra)
	test.Type(extra, "Entered by mistake")
	remove := lastIn(h.domain("A"), func(o fyne.CanvasObject) bool { b, ok := o.(*widget.Button); return ok && b.Text == "" }).(*widget.Button)
	test.Tap(remove)
	h.ui.Wait()
	if got := texts(h.domain("A")); !containsText(got, "No factors recorded.") || containsText(got, "Entered by mistake") {
		t.Errorf("the removed factor is still shown in domain A: %q", got)
	}

	// The outcome, the categories with the proposed primary, and the rest.
	h.tapText(h.window.Content(), "Modifiable factors identified")
	h.tapText(h.window.Content(), "10 – Sudden unexpected, unexplained death")
	h.tapText(h.window.Content(), "8 – Perinatal/neonatal event")
	if !containsText(h.screenText(), "Primary: 8 Perinatal/neonatal event; also recorded: 10") {
		t.Errorf("the proposal is not shown: %q", h.screenText())
	}
	h.typeIn("As the panel understands it", "Sudden unexpected death in infancy")
	h.tap("Add learning point")
	h.typeIn("A learning point", "Safer sleep advice at every contact")
	h.tapText(h.window.Content(), "No")
	screen = h.screenText()
	if !containsText(screen, "Consistent: the scores, factors and outcome agree.") ||
		!containsText(screen, "Complete: category, the four scores and the outcome are recorded.") {
		t.Errorf("the checks do not say the analysis is consistent and complete: %q", screen)
	}
	h.tap("Save analysis")
	a := h.caseFile(c.ID).Case.Analysis
	want := cdop.Analysis{
		Category: 8, ContributingCategories: []int{10}, Modifiable: "identified",
		CauseOfDeath: "Sudden unexpected death in infancy", Learning: []string{"Safer sleep advice at every contact"},
		LCSPRCriteriaMet: "no",
	}
	if a.Category != want.Category || !slices.Equal(a.ContributingCategories, want.ContributingCategories) || a.Modifiable != want.Modifiable ||
		a.CauseOfDeath != want.CauseOfDeath || !slices.Equal(a.Learning, want.Learning) || a.LCSPRCriteriaMet != want.LCSPRCriteriaMet {
		t.Errorf("stored analysis %+v", a)
	}
	for i, score := range []int{1, 2, 0, 1} {
		if a.Domains[i].Score == nil || *a.Domains[i].Score != score {
			t.Errorf("domain %d stored score %v, want %d", i, a.Domains[i].Score, score)
		}
	}
	if b := a.Domains[1]; !slices.Equal(b.Factors, []string{"Unsafe sleep: co-sleeping or shared surface"}) || !slices.Equal(b.Modifiable, b.Factors) {
		t.Errorf("domain B stored %+v", b)
	}
	if len(a.Domains[0].Factors) != 0 || !slices.Equal(a.Domains[3].Factors, []string{"Out-of-hours advice line unanswered"}) || len(a.Domains[3].Modifiable) != 0 {
		t.Errorf("domains A and D stored %+v, %+v", a.Domains[0], a.Domains[3])
	}
	wantDetails := []cdop.FactorDetail{
		{Domain: "b", Factor: "Unsafe sleep: co-sleeping or shared surface", Code: "B02", Contribution: "contributed"},
		{Domain: "d", Factor: "Out-of-hours advice line unanswered", Code: "DL01"},
	}
	if !slices.Equal(a.FactorDetails, wantDetails) {
		t.Errorf("stored factor details %+v, want %+v", a.FactorDetails, wantDetails)
	}

	// Back at the meeting, the panel signs the case off: it is closed.
	h.tap("Back to the meeting")
	h.tapInRow(c.Ref, "Sign off")
	h.tap("Sign off")
	f := h.caseFile(c.ID)
	if f.Case.Stage != cdop.StageClosed || f.Case.Analysis.SignedOffOn.String() != "2026-11-20" || f.Case.CDOPReviewOn.String() != "2026-11-20" {
		t.Fatalf("after sign-off: stage %s, signed off %s, reviewed %s; screen %q", f.Case.Stage, f.Case.Analysis.SignedOffOn, f.Case.CDOPReviewOn, h.screenText())
	}
	if row := h.rowOf(c.Ref); !slices.Contains(row, "Signed off") || hasButton(h.window.Content(), "Sign off") {
		t.Errorf("agenda row after sign-off = %q", row)
	}
	if !containsText(h.screenText(), "Signed off "+c.Ref+": the analysis is agreed and the case is closed.") {
		t.Errorf("no confirmation of the sign-off: %q", h.screenText())
	}
	if got := h.storedMeeting(h.storedMeetingID()).Agenda[0].Outcome; got != "signed_off" {
		t.Errorf("stored outcome %q", got)
	}
}

// storedMeetingID returns the ID of the only meeting stored.
func (h *harness) storedMeetingID() int64 {
	h.t.Helper()
	list, err := h.store.Meetings(context.Background())
	if err != nil || len(list) != 1 {
		h.t.Fatalf("stored meetings %v, err %v", list, err)
	}
	return list[0].ID
}

func TestTheAgendaOffersOnlyCasesAtTheMeetingsStageAndShowsARefusal(t *testing.T) {
	h := newHarness(t)
	ready := h.caseAtReview("Noah", "Clarke", "2024-01-01", "2026-03-02", "2026-06-01", 71)
	early := h.caseAt(cdop.StageInformationGathering, "Maya", "Patel", "2023-05-05", "2026-04-01", "2026-07-01", 72)
	m := h.meeting("panel", "2026-11-20")
	h.ui.ShowMeeting(m.ID)
	h.ui.Wait()

	pick := h.selectEntry("Type a case reference or name, or pick from the list")
	if options := h.dropDownOptions(pick); !slices.Equal(options, []string{ready.Ref + " — Noah Clarke (died 2 Mar 2026)"}) {
		t.Errorf("the agenda offers %q, want only the case at CDOP review", options)
	}
	if !containsText(h.screenText(), "Offered: 1 case at the “CDOP review” stage, not yet on this agenda.") {
		t.Errorf("the offer is not explained: %q", h.screenText())
	}

	// A case typed by reference that is not at CDOP review is refused, and why is shown.
	h.window.Canvas().Focus(pick)
	test.Type(pick, early.Ref)
	h.tap("Add to agenda")
	want := "Not added: " + early.Ref + " is at Information gathering; a CDOP panel meeting takes cases at CDOP review."
	if !containsText(h.screenText(), want) {
		t.Errorf("the refusal is not shown: %q", h.screenText())
	}
	if len(h.storedMeeting(m.ID).Agenda) != 0 {
		t.Fatal("a refused case is on the agenda")
	}

	pick.SetText("")
	test.Type(pick, "clarke")
	h.tap("Add to agenda")
	if got := h.storedMeeting(m.ID).Agenda; len(got) != 1 || got[0].CaseID != ready.ID {
		t.Fatalf("stored agenda %+v", got)
	}
	if !containsText(h.screenText(), "No case at the “CDOP review” stage is waiting off this agenda") {
		t.Errorf("a case on the agenda is still offered: %q", h.screenText())
	}

	// Not yet discussed, it can come off the agenda again.
	h.tapInRow(ready.Ref, "Remove")
	if len(h.storedMeeting(m.ID).Agenda) != 0 || !containsText(h.screenText(), "No cases on the agenda yet.") {
		t.Errorf("the case was not taken off the agenda: %q", h.screenText())
	}
}

func TestACaseIsDeferredWithAReasonAndAFutureMeetingWaits(t *testing.T) {
	h := newHarness(t)
	c := h.caseAtReview("Łukasz", "Nowak", "2024-02-10", "2026-03-01", "2026-06-01", 81)
	held := h.meeting("panel", "2026-11-20", c)
	h.ui.ShowMeeting(held.ID)
	h.ui.Wait()

	h.tapInRow(c.Ref, "Defer…")
	h.tap("Defer") // nothing happens without a reason
	if got := h.storedMeeting(held.ID).Agenda[0].Outcome; got != "pending" {
		t.Fatalf("deferred without a reason: outcome %q", got)
	}
	h.typeIn("Why the case is deferred (required)", "Inquest not yet concluded")
	h.typeIn("What the panel awaits, e.g. the inquest's findings", "the coroner's findings")
	h.tap("Defer")

	it := h.storedMeeting(held.ID).Agenda[0]
	if it.Outcome != "deferred" || it.Reason != "Inquest not yet concluded" || it.Awaiting != "the coroner's findings" {
		t.Fatalf("stored agenda item %+v", it)
	}
	row := h.rowOf(c.Ref)
	if !slices.Contains(row, "Deferred") || !slices.Contains(row, "Inquest not yet concluded · awaiting the coroner's findings") {
		t.Errorf("agenda row after deferring = %q", row)
	}
	if hasButton(h.window.Content(), "Sign off") || hasButton(h.window.Content(), "Remove") {
		t.Error("a deferred case can still be signed off or removed at this meeting")
	}
	if got := h.caseFile(c.ID).Case.Stage; got != cdop.StageCDOPReview {
		t.Errorf("deferral moved the case to %s", got)
	}

	// The next meeting has not happened: its decisions wait for its day.
	next := h.meeting("panel", "2026-12-18", c)
	h.ui.ShowMeeting(next.ID)
	h.ui.Wait()
	if !containsText(h.screenText(), "This meeting is on 18 Dec 2026. What it decides about each case (sign-off or deferral) is recorded on or after that day.") {
		t.Errorf("no note that the meeting is still to come: %q", h.screenText())
	}
	if hasButton(h.window.Content(), "Sign off") || hasButton(h.window.Content(), "Defer…") {
		t.Error("a meeting still to come offers sign-off or deferral")
	}
}

func TestQuorumWarningsClearAsAttendeesAreAdded(t *testing.T) {
	h := newHarness(t)
	h.agency("West Yorkshire Police", "police")
	m := h.meeting("panel", "2026-11-20")
	h.ui.ShowMeeting(m.ID)
	h.ui.Wait()
	quorum := func() string {
		for _, s := range h.screenText() {
			if strings.HasPrefix(s, "Not quorate") || strings.HasPrefix(s, "Quorate") {
				return s
			}
		}
		return ""
	}
	if got := quorum(); !strings.HasPrefix(got, "Not quorate: nobody present from Health (trust, GP, community); nobody present from Police; "+
		"nobody present from Children's social care; nobody present from Education or Public health.") {
		t.Fatalf("quorum warning with nobody present = %q", got)
	}

	add := func(name, kind, agency string) {
		h.t.Helper()
		h.typeIn("Name", name)
		if agency != "" {
			h.pickFromSelectEntry(h.selectEntry("Agency (optional)"), agency) // fills in its kind
		} else {
			h.chooseFrom("Speaks for (agency type)", kind)
		}
		h.tap("Add attendee")
	}
	add("Dr Priya Rao", "Health (trust, GP, community)", "")
	if got := quorum(); strings.Contains(got, "Health") && strings.HasPrefix(got, "Not quorate: nobody present from Health") {
		t.Errorf("after a health attendee: %q", got)
	}
	add("DS Khan", "", "West Yorkshire Police")
	if got := quorum(); !strings.HasPrefix(got, "Not quorate: nobody present from Children's social care; nobody present from Education or Public health.") {
		t.Errorf("after health and police: %q", got)
	}
	add("Jo Smith", "Children's social care", "")
	add("Sam Lee", "Public health", "")
	if got := quorum(); !strings.HasPrefix(got, "Quorate") {
		t.Errorf("with everyone needed present: %q", got)
	}

	stored := h.storedMeeting(m.ID).Attendees
	if len(stored) != 4 || stored[1] != (cdop.Attendee{Name: "DS Khan", AgencyType: "police", Agency: "West Yorkshire Police"}) {
		t.Errorf("stored attendees %+v", stored)
	}
	h.tap("Meetings")
	if rows := h.rows(); len(rows) != 1 || rows[0][6] != "Quorate" {
		t.Errorf("meetings list = %q", rows)
	}

	// Taking the police away makes the meeting inquorate again.
	h.ui.ShowMeeting(m.ID)
	h.ui.Wait()
	row := lastIn(h.window.Content(), func(o fyne.CanvasObject) bool {
		c, ok := o.(*fyne.Container)
		return ok && hasText(c, "DS Khan") && len(c.Objects) == 5
	})
	test.Tap(lastIn(row, func(o fyne.CanvasObject) bool { _, ok := o.(*widget.Button); return ok }).(*widget.Button))
	h.ui.Wait()
	if got := quorum(); !strings.HasPrefix(got, "Not quorate: nobody present from Police.") {
		t.Errorf("after removing the police: %q", got)
	}
}

func TestARecommendationIsAddedShownOverdueOnTheDashboardAndUpdated(t *testing.T) {
	h := newHarness(t)
	c := h.storeCase("Grace", "O'Neill", "2009-06-30", "2026-01-02", nhsNumber(t, 91))
	h.agency("Leeds City Council Children's Services", "childrens_social_care")

	h.tap("Recommendations")
	h.tap("New recommendation…")
	pick := h.selectEntry("Type a case reference or name")
	h.window.Canvas().Focus(pick)
	test.Type(pick, c.Ref)
	h.ui.Wait()
	h.tap("Add case")
	h.chooseFrom("Choose the agency", "Leeds City Council Children's Services")
	h.typeIn("What the agency is asked to do", "Audit referrals to early help for teenagers")
	h.tap("Add recommendation") // no due date yet: refused, with the reason in the dialog
	if !containsText(h.dialogText(), "Not added: Due by: enter a date.") {
		t.Fatalf("a recommendation without a due date is not refused: %q", h.dialogText())
	}
	h.typeIn("YYYY-MM-DD or DD/MM/YYYY", "01/11/2026")
	h.tap("Add recommendation")

	recs, err := h.db.Recommendations(context.Background())
	if err != nil || len(recs) != 1 {
		t.Fatalf("stored recommendations %+v, err %v", recs, err)
	}
	r := recs[0]
	if !slices.Equal(r.CaseIDs, []string{c.ID}) || r.Action != "Audit referrals to early help for teenagers" || r.DueOn.String() != "2026-11-01" || r.Status != "open" {
		t.Errorf("stored %+v", r)
	}
	if rows := h.rows(); len(rows) != 1 || rows[0][0] != "Overdue" || rows[0][4] != c.Ref {
		t.Errorf("recommendations list = %q", rows)
	}

	h.tap("Dashboard")
	var found int = -1
	for i, row := range h.rows() {
		if strings.HasPrefix(row[5], "Recommendation to Leeds City Council Children's Services: Audit referrals") {
			found = i
			if row[0] != "Overdue" || row[1] != "1 Nov 2026" || row[2] != "22 days over" || row[3] != c.Ref || row[4] != "O'Neill, Grace" {
				t.Errorf("dashboard row = %q", row)
			}
		}
	}
	if found < 0 {
		t.Fatalf("the overdue recommendation is not on the dashboard: %q", h.rows())
	}
	if !containsText(h.screenText(), "and 1 recommendation past its due date") {
		t.Errorf("the dashboard does not count it: %q", h.screenText())
	}

	// Tapping it opens the recommendation, where progress is recorded.
	h.table().Select(widget.TableCellID{Row: found, Col: 0})
	h.ui.Wait()
	if !containsText(h.screenText(), "Record progress") || !containsText(h.screenText(), "1 Nov 2026 (22 days over)") {
		t.Fatalf("the recommendation did not open: %q", h.screenText())
	}
	h.chooseFrom("New status", "Done")
	h.typeIn("What has been done, e.g. guidance reissued to staff", "Audit completed and reported to the partnership")
	h.tap("Record progress")
	recs, _ = h.db.Recommendations(context.Background())
	if r := recs[0]; r.Status != "done" || len(r.Updates) != 1 || r.Updates[0].Note != "Audit completed and reported to the partnership" || r.Updates[0].By != "ui-test" {
		t.Errorf("after recording progress: %+v", r)
	}
	if !containsText(h.screenText(), "23 Nov 2026 · Done · ui-test\nAudit completed and reported to the partnership") {
		t.Errorf("the progress is not shown: %q", h.screenText())
	}
	// Its text goes into a published annual report once cleared for it.
	if !containsText(h.screenText(), "Not yet cleared: a published annual report gives its agency, dates and status, not its text.") {
		t.Errorf("the recommendation does not say it is not cleared for publication: %q", h.screenText())
	}
	h.tapText(h.window.Content(), "Cleared for publication")
	recs, _ = h.db.Recommendations(context.Background())
	if r := recs[0]; r.ClearedOn.String() != "2026-11-23" || r.ClearedBy != "ui-test" {
		t.Errorf("after ticking Cleared for publication: cleared on %s by %q", r.ClearedOn, r.ClearedBy)
	}
	if !containsText(h.screenText(), "Cleared by ui-test on 23 Nov 2026: its text goes into published annual reports.") {
		t.Errorf("the clearance is not shown: %q", h.screenText())
	}
	h.tap("Dashboard")
	for _, row := range h.rows() {
		if strings.HasPrefix(row[5], "Recommendation to") {
			t.Errorf("a done recommendation is still on the dashboard: %q", row)
		}
	}
}

func TestValidationMessagesNameTheChoicesAsTheDropDownsShowThem(t *testing.T) {
	h := newHarness(t)
	h.tap("New notification")
	h.tap("Save")
	if got := h.fieldError("Sex"); got != "Sex is required: choose Male, Female, Indeterminate or Not known" {
		t.Errorf("error under Sex = %q", got)
	}
	if got := h.fieldError("Reason for no NHS number"); got != "Reason for no NHS number is required when there is no NHS number: choose Not available or Non-resident in England" {
		t.Errorf("error under Reason for no NHS number = %q", got)
	}
	for _, s := range h.screenText() {
		if strings.Contains(s, "not_available") || strings.Contains(s, "male, female") {
			t.Errorf("a message shows interchange codes: %q", s)
		}
	}
}

func TestTheRegisterSortsByFoldedNameAndFocusesTheSearch(t *testing.T) {
	h := newHarness(t)
	h.storeCase("Élodie", "Ó Brennan", "2025-01-03", "2025-01-19", nhsNumber(t, 1))
	h.storeCase("Tariq", "al-Amin", "2024-10-02", "2025-02-08", nhsNumber(t, 2))
	h.storeCase("Grace", "Oakes", "2009-06-30", "2025-03-02", "")
	h.tap("Case register")
	if focused := h.focusedEntry(); focused != h.searchBox() {
		t.Errorf("the search box is not focused: %v", focused)
	}
	h.tap("Name")
	if got := column(h.rows(), 1); !slices.Equal(got, []string{"al-Amin, Tariq", "Ó Brennan, Élodie", "Oakes, Grace"}) {
		t.Errorf("sorted by name: %q", got)
	}
	h.tap("Name")
	if got := column(h.rows(), 1); !slices.Equal(got, []string{"Oakes, Grace", "Ó Brennan, Élodie", "al-Amin, Tariq"}) {
		t.Errorf("sorted by name, reversed: %q", got)
	}
}

func TestAStoredPrimaryCategoryAgainstTheHierarchyIsExplainedNotFixed(t *testing.T) {
	h := newHarness(t)
	c := h.caseAtReview("Noah", "Clarke", "2024-01-01", "2026-03-02", "2026-06-01", 101)
	c.Analysis.Category, c.Analysis.ContributingCategories = 9, []int{8}
	if err := h.db.UpdateCase(cdop.WithActor(context.Background(), "import"), c); err != nil {
		t.Fatal(err)
	}
	h.openFromRegister(c.Ref)
	h.openTab("Analysis")
	screen := h.screenText()
	if !containsText(screen, "Primary: 9 Infection; also recorded: 8") ||
		!containsText(screen, "Category 8 is also ticked and comes first in the hierarchy, so it should be the primary category.") {
		t.Fatalf("the stored primary or its explanation is not shown: %q", screen)
	}
	if h.caseFile(c.ID).Case.Analysis.Category != 9 {
		t.Fatal("opening the analysis changed the stored category")
	}
	h.tap("Make 8 the primary")
	screen = h.screenText()
	if !containsText(screen, "Primary: 8 Perinatal/neonatal event; also recorded: 9") || containsText(screen, "Category 8 is also ticked") {
		t.Errorf("after using the proposal: %q", screen)
	}
	h.tap("Save analysis")
	if a := h.caseFile(c.ID).Case.Analysis; a.Category != 8 || !slices.Equal(a.ContributingCategories, []int{9}) {
		t.Errorf("stored category %d, also %v", a.Category, a.ContributingCategories)
	}
}

func TestAFutureMeetingIsOnlyExpectedToBeQuorate(t *testing.T) {
	h := newHarness(t)
	m := h.meeting("panel", "2026-12-10")
	h.ui.ShowMeeting(m.ID)
	h.ui.Wait()
	if !containsPrefix(h.screenText(), "Not expected to be quorate: nobody present from Health") {
		t.Errorf("a future meeting with nobody listed: %q", h.screenText())
	}
	h.tap("Meetings")
	if rows := h.rows(); len(rows) != 1 || rows[0][6] != "Not expected to be quorate" {
		t.Errorf("meetings list = %q", rows)
	}
}
