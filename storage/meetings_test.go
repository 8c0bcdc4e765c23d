package storage_test

import (
	"context"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"casemanager/cdop"
	"casemanager/storage"
)

// caseAt returns a new case (newOpenCase) recorded at a stage, with no
// post-mortem: its child death review meeting need wait for no report.
func caseAt(g *caseGen, stage cdop.Stage) *cdop.Case {
	c := newOpenCase(g)
	c.Stage, c.PostMortem = stage, "no"
	return c
}

// reviewedCase returns fullCase waiting for the panel: at CDOP review, its
// analysis complete and consistent but not yet signed off.
func reviewedCase() *cdop.Case {
	c := fullCase()
	c.Stage = cdop.StageCDOPReview
	c.CDOPReviewOn, c.Analysis.SignedOffOn, c.FamilyToldOutcomeOn = cdop.Date{}, cdop.Date{}, cdop.Date{}
	c.Analysis.ContributingCategories = nil // 9 would come before the primary, 10
	return c
}

func mustMeeting(t *testing.T, db *storage.DB, m cdop.Meeting) *cdop.Meeting {
	t.Helper()
	if err := db.SaveMeeting(ctxAs("test"), &m); err != nil {
		t.Fatal(err)
	}
	return &m
}

func mustAddToAgenda(t *testing.T, db *storage.DB, meetingID int64, cases ...*cdop.Case) {
	t.Helper()
	for _, c := range cases {
		if err := db.AddToAgenda(ctxAs("jane.coordinator"), meetingID, c.ID); err != nil {
			t.Fatalf("add %s to meeting %d: %v", c.Ref, meetingID, err)
		}
	}
}

func mustGetMeeting(t *testing.T, db *storage.DB, id int64) *cdop.Meeting {
	t.Helper()
	m, err := db.Meeting(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// agendaSummary returns each item of an agenda as "position ref outcome".
func agendaSummary(m *cdop.Meeting) []string {
	var out []string
	for _, it := range m.Agenda {
		out = append(out, strings.Join([]string{itoa(int64(it.Position)), it.CaseRef, string(it.Outcome)}, " "))
	}
	return out
}

var panelAttendees = []cdop.Attendee{
	{Name: "Dr A Chair", Role: "Chair", AgencyType: "public_health", Agency: "Leeds City Council"},
	{Name: "DS B Officer", AgencyType: "police", Agency: "West Yorkshire Police"},
}

// quorateAttendees make a panel meeting quorate under the default quorum.
var quorateAttendees = append(slices.Clone(panelAttendees),
	cdop.Attendee{Name: "Dr C Doctor", Role: "Designated doctor", AgencyType: "health"},
	cdop.Attendee{Name: "D Worker", AgencyType: "childrens_social_care"})

func TestSaveMeeting(t *testing.T) {
	db := MustOpenClearDB(t)
	ctx := ctxAs("jane.coordinator")

	m := cdop.Meeting{Kind: "panel", On: day("2025-06-10"), StartsAt: " 10:00 ", Place: " Room 4 ", Chair: "Dr A Chair",
		Attendees: []cdop.Attendee{{Name: "  Dr A   Chair ", Role: "Chair", AgencyType: "public_health", Agency: "Leeds City Council"}, panelAttendees[1]},
		Agenda:    []cdop.AgendaItem{{CaseID: "ignored", Outcome: "pending"}}}
	if err := db.SaveMeeting(ctx, &m); err != nil {
		t.Fatal(err)
	}
	if m.ID == 0 || m.StartsAt != "10:00" || m.Place != "Room 4" || m.Attendees[0].Name != "Dr A Chair" || m.Agenda != nil {
		t.Errorf("SaveMeeting left %+v; want an ID, trimmed fields and no agenda", m)
	}
	got := mustGetMeeting(t, db, m.ID)
	if !reflect.DeepEqual(got, &m) {
		t.Errorf("Meeting = %+v\nwant what SaveMeeting returned: %+v", got, &m)
	}

	// An update is audited with what changed; saving it unchanged is not.
	m.Place, m.Notes = "Online", "Link sent by email"
	if err := db.SaveMeeting(ctx, &m); err != nil {
		t.Fatal(err)
	}
	if err := db.SaveMeeting(ctx, &m); err != nil {
		t.Fatal(err)
	}
	audit := nonCaseAudit(t, db)
	if len(audit) != 2 || audit[0].Action != "meeting" || audit[1].Action != "meeting" || audit[1].Actor != "jane.coordinator" {
		t.Fatalf("audit rows of no case = %+v, want the meeting's creation and one update", audit)
	}
	id := itoa(m.ID)
	if want := []cdop.FieldChange{{Field: "meeting_id", Old: id, New: id}, {Field: "place", Old: "Room 4", New: "Online"},
		{Field: "notes", New: "Link sent by email"}}; !reflect.DeepEqual(audit[1].Changes, want) {
		t.Errorf("update audit = %+v, want %+v", audit[1].Changes, want)
	}
	if want := (cdop.FieldChange{Field: "attendees", New: "Dr A Chair (Chair), Public health: Leeds City Council | DS B Officer, Police: West Yorkshire Police"}); !slices.Contains(audit[0].Changes, want) {
		t.Errorf("creation audit = %+v, want it to list the attendees as %+v", audit[0].Changes, want)
	}

	err := db.SaveMeeting(ctx, &cdop.Meeting{Kind: "party", StartsAt: "25:00", Attendees: []cdop.Attendee{{Name: "X"}}})
	wantFieldError(t, "invalid meeting", err, "kind", "on", "starts_at", "attendees")
	wantCode(t, "update of no meeting", db.SaveMeeting(ctx, &cdop.Meeting{ID: 999, Kind: "cdrm", On: testDay}), cdop.ENOTFOUND)
	_, err = db.Meeting(ctx, 999)
	wantCode(t, "Meeting(999)", err, cdop.ENOTFOUND, "no meeting with ID 999")
}

func TestMeetings_LatestFirstWithAgendas(t *testing.T) {
	db := MustOpenDB(t)
	ctx := context.Background()
	g := &caseGen{}
	a, b := caseAt(g, cdop.StageCDRM), caseAt(g, cdop.StageCDRM)
	mustCreate(t, db, a, b)
	early := mustMeeting(t, db, cdop.Meeting{Kind: "panel", On: day("2025-04-01")})
	late := mustMeeting(t, db, cdop.Meeting{Kind: "cdrm", On: day("2025-07-01"), StartsAt: "14:00"})
	lateMorning := mustMeeting(t, db, cdop.Meeting{Kind: "cdrm", On: day("2025-07-01"), StartsAt: "09:30"})
	mustAddToAgenda(t, db, late.ID, b, a)

	meetings, err := db.Meetings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for _, m := range meetings {
		ids = append(ids, m.ID)
	}
	if want := []int64{late.ID, lateMorning.ID, early.ID}; !slices.Equal(ids, want) {
		t.Errorf("meeting IDs = %v, want latest first %v", ids, want)
	}
	if got, want := agendaSummary(meetings[0]), []string{"1 " + b.Ref + " pending", "2 " + a.Ref + " pending"}; !slices.Equal(got, want) {
		t.Errorf("agenda = %q, want %q", got, want)
	}
	if len(meetings[1].Agenda) != 0 || len(meetings[2].Agenda) != 0 {
		t.Errorf("agendas of the other meetings = %+v, %+v; want none", meetings[1].Agenda, meetings[2].Agenda)
	}
	if empty, err := MustOpenDB(t).Meetings(ctx); err != nil || len(empty) != 0 {
		t.Errorf("Meetings of an empty database = %v, %v", empty, err)
	}
}

func TestAddToAgenda(t *testing.T) {
	db := MustOpenClearDB(t)
	ctx := ctxAs("jane.coordinator")
	g := &caseGen{}
	ready, early := caseAt(g, cdop.StageCDRM), caseAt(g, cdop.StageInformationGathering)
	mustCreate(t, db, ready, early)
	cdrm := mustMeeting(t, db, cdop.Meeting{Kind: "cdrm", On: day("2025-05-28")})
	panel := mustMeeting(t, db, cdop.Meeting{Kind: "panel", On: day("2025-06-10")})

	if err := db.AddToAgenda(ctx, cdrm.ID, ready.ID); err != nil {
		t.Fatal(err)
	}
	wantCode(t, "case not yet at the meeting's stage", db.AddToAgenda(ctx, cdrm.ID, early.ID), cdop.EINVALID,
		early.Ref+" is at Information gathering; a child death review meeting takes cases at Child death review meeting")
	wantCode(t, "case at the wrong stage for a panel", db.AddToAgenda(ctx, panel.ID, ready.ID), cdop.EINVALID,
		"a CDOP panel meeting takes cases at CDOP review")
	wantCode(t, "case already on the agenda", db.AddToAgenda(ctx, cdrm.ID, ready.ID), cdop.ECONFLICT, ready.Ref+" is already on the agenda")
	wantCode(t, "no such meeting", db.AddToAgenda(ctx, 999, ready.ID), cdop.ENOTFOUND)
	wantCode(t, "no such case", db.AddToAgenda(ctx, cdrm.ID, "no-such-case"), cdop.ENOTFOUND)

	if got := agendaSummary(mustGetMeeting(t, db, cdrm.ID)); !slices.Equal(got, []string{"1 " + ready.Ref + " pending"}) {
		t.Errorf("agenda = %q, want just %s", got, ready.Ref)
	}
	h := mustHistory(t, db, ready.ID)
	id := itoa(cdrm.ID)
	want := []cdop.FieldChange{{Field: "meeting_id", New: id}, {Field: "meeting", New: "Child death review meeting, 28 May 2025"},
		{Field: "position", New: "1"}, {Field: "outcome", New: "pending"}}
	if last := h[len(h)-1]; last.Action != "agenda" || last.Actor != "jane.coordinator" || !reflect.DeepEqual(last.Changes, want) {
		t.Errorf("last audit row = %+v, want agenda %+v", last, want)
	}
	if got := actionsOf(mustHistory(t, db, early.ID)); !slices.Equal(got, []string{"create"}) {
		t.Errorf("actions of the refused case = %q, want create only", got)
	}

	// A meeting with cases on its agenda keeps its kind.
	moved := *cdrm
	moved.Kind = "panel"
	wantCode(t, "change of kind", db.SaveMeeting(ctx, &moved), cdop.ECONFLICT, "has cases on its agenda")
}

func TestRemoveFromAgenda_RenumbersTheRest(t *testing.T) {
	db := MustOpenDB(t)
	ctx := ctxAs("jane.coordinator")
	g := &caseGen{}
	a, b, c := caseAt(g, cdop.StageCDRM), caseAt(g, cdop.StageCDRM), caseAt(g, cdop.StageCDRM)
	mustCreate(t, db, a, b, c)
	m := mustMeeting(t, db, cdop.Meeting{Kind: "cdrm", On: day("2025-05-28")})
	mustAddToAgenda(t, db, m.ID, a, b, c)

	if err := db.RemoveFromAgenda(ctx, m.ID, b.ID); err != nil {
		t.Fatal(err)
	}
	if got, want := agendaSummary(mustGetMeeting(t, db, m.ID)), []string{"1 " + a.Ref + " pending", "2 " + c.Ref + " pending"}; !slices.Equal(got, want) {
		t.Errorf("agenda after the removal = %q, want %q", got, want)
	}
	h := mustHistory(t, db, b.ID)
	id := itoa(m.ID)
	want := []cdop.FieldChange{{Field: "meeting_id", Old: id, New: id}, {Field: "meeting", Old: m.Title(), New: m.Title()},
		{Field: "position", Old: "2"}, {Field: "outcome", Old: "pending"}}
	if last := h[len(h)-1]; last.Action != "agenda" || !reflect.DeepEqual(last.Changes, want) {
		t.Errorf("last audit row = %+v, want agenda %+v", last, want)
	}
	wantCode(t, "removal of a case not on the agenda", db.RemoveFromAgenda(ctx, m.ID, b.ID), cdop.ENOTFOUND, b.Ref+" is not on the agenda")

	// Added again, it goes last; a decided case stays.
	mustAddToAgenda(t, db, m.ID, b)
	if err := db.SignOff(ctx, m.ID, a.ID); err != nil {
		t.Fatal(err)
	}
	if got, want := agendaSummary(mustGetMeeting(t, db, m.ID)), []string{"1 " + a.Ref + " signed_off", "2 " + c.Ref + " pending", "3 " + b.Ref + " pending"}; !slices.Equal(got, want) {
		t.Errorf("agenda = %q, want %q", got, want)
	}
	wantCode(t, "removal of a signed-off case", db.RemoveFromAgenda(ctx, m.ID, a.ID), cdop.ECONFLICT, "stays on the agenda")
}

func TestSignOff_CDRMMovesTheCaseToCDOPReview(t *testing.T) {
	clock := &settableClock{now: testNow}
	db := MustOpenDBAt(t, filepath.Join(t.TempDir(), "cases.db"), clock)
	ctx := ctxAs("sam.chair")
	g := &caseGen{}
	c := caseAt(g, cdop.StageCDRM)
	mustCreate(t, db, c)
	m := mustMeeting(t, db, cdop.Meeting{Kind: "cdrm", On: day("2025-05-28"), Attendees: panelAttendees})
	mustAddToAgenda(t, db, m.ID, c)
	history := mustHistory(t, db, c.ID)

	later := testNow.Add(time.Hour)
	clock.now = later
	if err := db.SignOff(ctx, m.ID, c.ID); err != nil {
		t.Fatal(err)
	}
	f := mustFile(t, db, c.ID)
	if f.Case.Stage != cdop.StageCDOPReview || f.Case.CDRMOn != m.On || f.Case.UpdatedAt.Before(later) {
		t.Errorf("after the sign-off: stage %s, CDRM on %s, updated %v; want cdop_review, %s, updated at %v or after",
			f.Case.Stage, f.Case.CDRMOn, f.Case.UpdatedAt, m.On, later)
	}
	wantMove := cdop.StageMove{ID: f.Moves[0].ID, CaseID: c.ID, From: cdop.StageCDRM, To: cdop.StageCDOPReview, At: later, Actor: "sam.chair"}
	if len(f.Moves) != 1 || f.Moves[0] != wantMove {
		t.Errorf("moves = %+v, want %+v", f.Moves, wantMove)
	}
	if got := agendaSummary(mustGetMeeting(t, db, m.ID)); !slices.Equal(got, []string{"1 " + c.Ref + " signed_off"}) {
		t.Errorf("agenda = %q, want the case signed off", got)
	}

	// Audit: the sign-off, the date it records, the move.
	added := mustHistory(t, db, c.ID)[len(history):]
	if got := actionsOf(added); !slices.Equal(got, []string{"signoff", "update", "stage"}) {
		t.Fatalf("audit actions of the sign-off = %q, want signoff, update, stage", got)
	}
	id := itoa(m.ID)
	for i, want := range [][]cdop.FieldChange{
		{{Field: "meeting_id", Old: id, New: id}, {Field: "meeting", Old: m.Title(), New: m.Title()}, {Field: "outcome", Old: "pending", New: "signed_off"}},
		{{Field: "cdrm_on", New: "2025-05-28"}},
		{{Field: "stage", Old: "cdrm", New: "cdop_review"}},
	} {
		if e := added[i]; e.Actor != "sam.chair" || !e.At.Equal(later) || !reflect.DeepEqual(e.Changes, want) {
			t.Errorf("audit row %d = %+v, want by sam.chair at %v: %+v", i, e, later, want)
		}
	}

	wantCode(t, "second sign-off", db.SignOff(ctx, m.ID, c.ID), cdop.ECONFLICT, "has already signed off "+c.Ref)
	wantCode(t, "date change after a sign-off", db.SaveMeeting(ctx, &cdop.Meeting{ID: m.ID, Kind: "cdrm", On: day("2025-05-29")}),
		cdop.ECONFLICT, "has signed off "+c.Ref)
	if err := db.Check(ctx); err != nil {
		t.Error(err)
	}
}

func TestSignOff_Refusals(t *testing.T) {
	db := MustOpenDB(t)
	ctx := ctxAs("sam.chair")
	g := &caseGen{}
	a, b, off := caseAt(g, cdop.StageCDRM), caseAt(g, cdop.StageCDRM), caseAt(g, cdop.StageCDRM)
	mustCreate(t, db, a, b, off)
	future := mustMeeting(t, db, cdop.Meeting{Kind: "cdrm", On: day("2025-06-20")})
	past := mustMeeting(t, db, cdop.Meeting{Kind: "cdrm", On: day("2025-05-28")})
	mustAddToAgenda(t, db, future.ID, a)
	mustAddToAgenda(t, db, past.ID, b)

	wantCode(t, "sign-off at a meeting not yet held", db.SignOff(ctx, future.ID, a.ID), cdop.EINVALID,
		"the child death review meeting on 20 Jun 2025 has not taken place yet")
	wantCode(t, "sign-off of a case not on the agenda", db.SignOff(ctx, past.ID, off.ID), cdop.ENOTFOUND,
		off.Ref+" is not on the agenda of the child death review meeting on 28 May 2025")
	wantCode(t, "sign-off at no meeting", db.SignOff(ctx, 999, b.ID), cdop.ENOTFOUND)

	// A case moved back since it was put on the agenda.
	if err := db.MoveStage(ctx, b.ID, cdop.StageInformationGathering, "Another agency report expected"); err != nil {
		t.Fatal(err)
	}
	wantCode(t, "sign-off of a case moved away", db.SignOff(ctx, past.ID, b.ID), cdop.EINVALID,
		b.Ref+" is at Information gathering", "cannot sign it off")
	if f := mustFile(t, db, b.ID); f.Case.Stage != cdop.StageInformationGathering || !f.Case.CDRMOn.IsZero() {
		t.Errorf("after the refusals: stage %s, CDRM on %s; want unchanged", f.Case.Stage, f.Case.CDRMOn)
	}
	if got := agendaSummary(mustGetMeeting(t, db, past.ID)); !slices.Equal(got, []string{"1 " + b.Ref + " pending"}) {
		t.Errorf("agenda = %q, want the case still pending", got)
	}
}

func TestSignOff_PanelClosesTheCase(t *testing.T) {
	db := MustOpenDB(t)
	ctx := ctxAs("sam.chair")
	c := reviewedCase()
	mustCreate(t, db, c)
	m := mustMeeting(t, db, cdop.Meeting{Kind: "panel", On: day("2025-05-20"), Attendees: quorateAttendees})
	mustAddToAgenda(t, db, m.ID, c)
	history := mustHistory(t, db, c.ID)

	if err := db.SignOff(ctx, m.ID, c.ID); err != nil {
		t.Fatal(err)
	}
	f := mustFile(t, db, c.ID)
	if f.Case.Stage != cdop.StageClosed || f.Case.CDOPReviewOn != m.On || f.Case.Analysis.SignedOffOn != m.On {
		t.Errorf("after the sign-off: stage %s, review on %s, signed off %s; want closed, both %s",
			f.Case.Stage, f.Case.CDOPReviewOn, f.Case.Analysis.SignedOffOn, m.On)
	}
	if len(f.Moves) != 1 || f.Moves[0].From != cdop.StageCDOPReview || f.Moves[0].To != cdop.StageClosed {
		t.Errorf("moves = %+v, want one to closed", f.Moves)
	}
	added := mustHistory(t, db, c.ID)[len(history):]
	if got := actionsOf(added); !slices.Equal(got, []string{"signoff", "update", "stage"}) {
		t.Fatalf("audit actions = %q, want signoff, update, stage", got)
	}
	if want := []cdop.FieldChange{{Field: "cdop_review_on", New: "2025-05-20"}, {Field: "analysis_signed_off_on", New: "2025-05-20"}}; !reflect.DeepEqual(added[1].Changes, want) {
		t.Errorf("update audit = %+v, want %+v", added[1].Changes, want)
	}
}

func TestSignOff_PanelRefusesAnIncompleteOrInconsistentAnalysis(t *testing.T) {
	db := MustOpenDB(t)
	ctx := ctxAs("sam.chair")
	incomplete := caseAt(&caseGen{}, cdop.StageCDOPReview)
	incomplete.Analysis.Category = 10
	incomplete.Analysis.Domains[1].Score = cdop.ScoreOf(1)
	inconsistent := reviewedCase()
	inconsistent.Analysis.ContributingCategories = []int{9}
	inconsistent.Analysis.Domains[2] = cdop.DomainEntry{Score: cdop.ScoreOf(2)} // no factor
	mustCreate(t, db, incomplete, inconsistent)
	m := mustMeeting(t, db, cdop.Meeting{Kind: "panel", On: day("2025-05-20"), Attendees: quorateAttendees})
	mustAddToAgenda(t, db, m.ID, incomplete, inconsistent)
	before := map[string]int{incomplete.ID: len(mustHistory(t, db, incomplete.ID)), inconsistent.ID: len(mustHistory(t, db, inconsistent.ID))}

	err := db.SignOff(ctx, m.ID, incomplete.ID)
	wantCode(t, "sign-off of an incomplete analysis", err, cdop.EINVALID,
		"the CDOP panel meeting on 20 May 2025 cannot sign off the analysis of "+incomplete.Ref,
		"domain_a_score is required", "domain_c_score is required", "domain_d_score is required", "modifiable is required")
	if err != nil && (strings.Contains(err.Error(), "category is required") || strings.Contains(err.Error(), "domain_b_score")) {
		t.Errorf("error %q lists what was recorded", err)
	}
	err = db.SignOff(ctx, m.ID, inconsistent.ID)
	wantCode(t, "sign-off of an inconsistent analysis", err, cdop.EINVALID,
		"category 9 is also ticked", "domain C is scored 2, so at least one factor must be recorded")

	for _, c := range []*cdop.Case{incomplete, inconsistent} {
		f := mustFile(t, db, c.ID)
		if f.Case.Stage != cdop.StageCDOPReview || !f.Case.CDOPReviewOn.IsZero() || !f.Case.Analysis.SignedOffOn.IsZero() || len(f.Moves) != 0 {
			t.Errorf("%s after the refusal: %s, review %s, signed off %s, moves %v; want unchanged",
				c.Ref, f.Case.Stage, f.Case.CDOPReviewOn, f.Case.Analysis.SignedOffOn, f.Moves)
		}
		if n := len(mustHistory(t, db, c.ID)); n != before[c.ID] {
			t.Errorf("%s: the refusal wrote %d audit rows", c.Ref, n-before[c.ID])
		}
	}
	if got, want := agendaSummary(mustGetMeeting(t, db, m.ID)), []string{"1 " + incomplete.Ref + " pending", "2 " + inconsistent.Ref + " pending"}; !slices.Equal(got, want) {
		t.Errorf("agenda = %q, want both pending", got)
	}
}

func TestDefer(t *testing.T) {
	db := MustOpenClearDB(t)
	ctx := ctxAs("sam.chair")
	c := reviewedCase()
	mustCreate(t, db, c)
	m := mustMeeting(t, db, cdop.Meeting{Kind: "panel", On: day("2025-05-20")})
	next := mustMeeting(t, db, cdop.Meeting{Kind: "panel", On: day("2025-07-15")})
	mustAddToAgenda(t, db, m.ID, c)

	wantFieldError(t, "deferral without a reason", db.Defer(ctx, m.ID, c.ID, "  ", "Inquest"), "reason")
	if err := db.Defer(ctx, m.ID, c.ID, " Inquest not yet held ", "Coroner's findings"); err != nil {
		t.Fatal(err)
	}
	got := mustGetMeeting(t, db, m.ID).Agenda
	want := []cdop.AgendaItem{{CaseID: c.ID, CaseRef: c.Ref, Position: 1, Outcome: "deferred", Reason: "Inquest not yet held", Awaiting: "Coroner's findings"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("agenda = %+v, want %+v", got, want)
	}
	f := mustFile(t, db, c.ID)
	if f.Case.Stage != cdop.StageCDOPReview || !f.Case.Analysis.SignedOffOn.IsZero() || len(f.Moves) != 0 {
		t.Errorf("deferred case: stage %s, signed off %s, moves %v; want where it was", f.Case.Stage, f.Case.Analysis.SignedOffOn, f.Moves)
	}
	h := mustHistory(t, db, c.ID)
	id := itoa(m.ID)
	wantChanges := []cdop.FieldChange{{Field: "meeting_id", Old: id, New: id}, {Field: "meeting", Old: m.Title(), New: m.Title()},
		{Field: "outcome", Old: "pending", New: "deferred"}, {Field: "reason", New: "Inquest not yet held"}, {Field: "awaiting", New: "Coroner's findings"}}
	if last := h[len(h)-1]; last.Action != "agenda" || last.Actor != "sam.chair" || !reflect.DeepEqual(last.Changes, wantChanges) {
		t.Errorf("last audit row = %+v, want agenda %+v", last, wantChanges)
	}

	// The deferral can be corrected, not removed nor signed off; the case
	// goes on the next meeting's agenda.
	if err := db.Defer(ctx, m.ID, c.ID, "Inquest not yet held", "Coroner's findings, July"); err != nil {
		t.Fatal(err)
	}
	if got := mustGetMeeting(t, db, m.ID).Agenda[0].Awaiting; got != "Coroner's findings, July" {
		t.Errorf("awaiting = %q after the correction", got)
	}
	wantCode(t, "removal of a deferred case", db.RemoveFromAgenda(ctx, m.ID, c.ID), cdop.ECONFLICT)
	wantCode(t, "sign-off of a deferred case", db.SignOff(ctx, m.ID, c.ID), cdop.ECONFLICT, "has already deferred")
	mustAddToAgenda(t, db, next.ID, c)
	wantCode(t, "deferral at a meeting not yet held", db.Defer(ctx, next.ID, c.ID, "Still waiting", ""), cdop.EINVALID, "has not taken place yet")

	// A signed-off case cannot be deferred.
	signed := caseAt(&caseGen{i: 50}, cdop.StageCDRM)
	mustCreate(t, db, signed)
	cdrm := mustMeeting(t, db, cdop.Meeting{Kind: "cdrm", On: day("2025-05-21")})
	mustAddToAgenda(t, db, cdrm.ID, signed)
	if err := db.SignOff(ctx, cdrm.ID, signed.ID); err != nil {
		t.Fatal(err)
	}
	wantCode(t, "deferral of a signed-off case", db.Defer(ctx, cdrm.ID, signed.ID, "Second thoughts", ""), cdop.ECONFLICT, "has already signed off")
}

func TestFactorCatalogue(t *testing.T) {
	db := MustOpenClearDB(t)
	ctx := ctxAs("jane.coordinator")

	got, err := db.FactorCatalogue(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, cdop.DefaultFactorCatalogue) {
		t.Fatalf("catalogue of a new database = %+v\nwant cdop.DefaultFactorCatalogue (migration 0007 must list it as it is)", got)
	}

	first := cdop.FactorCatalogueEntry{Domain: " B ", Text: " Young  carer "}
	if err := db.AddCatalogueFactor(ctx, &first); err != nil {
		t.Fatal(err)
	}
	if want := (cdop.FactorCatalogueEntry{Code: "BL01", Domain: "b", Text: "Young carer"}); first != want {
		t.Errorf("added %+v, want %+v", first, want)
	}
	second := cdop.FactorCatalogueEntry{Domain: "b", Text: "Frequent house moves"}
	own := cdop.FactorCatalogueEntry{Code: "c20", Domain: "c", Text: "Garden pond"}
	for _, e := range []*cdop.FactorCatalogueEntry{&second, &own} {
		if err := db.AddCatalogueFactor(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	if second.Code != "BL02" || own.Code != "C20" {
		t.Errorf("codes = %s, %s; want BL02, C20", second.Code, own.Code)
	}
	same := cdop.FactorCatalogueEntry{Domain: "a", Text: "young CARER"} // another domain
	if err := db.AddCatalogueFactor(ctx, &same); err != nil || same.Code != "AL01" {
		t.Errorf("the same text in domain A: %+v, %v; want AL01", same, err)
	}

	wantCode(t, "text already in the domain", db.AddCatalogueFactor(ctx, &cdop.FactorCatalogueEntry{Domain: "b", Text: "domestic ABUSE"}),
		cdop.ECONFLICT, `domain B already has the factor "Domestic abuse" (B04)`)
	wantCode(t, "code already used", db.AddCatalogueFactor(ctx, &cdop.FactorCatalogueEntry{Code: "b04", Domain: "b", Text: "Coercive control"}),
		cdop.ECONFLICT, "code B04 is already used")
	wantFieldError(t, "blank factor", db.AddCatalogueFactor(ctx, &cdop.FactorCatalogueEntry{}), "domain", "text")
	wantFieldError(t, "unknown domain", db.AddCatalogueFactor(ctx, &cdop.FactorCatalogueEntry{Domain: "e", Text: "X"}), "domain")
	wantFieldError(t, "code of another domain", db.AddCatalogueFactor(ctx, &cdop.FactorCatalogueEntry{Code: "D99", Domain: "b", Text: "X"}), "code")
	wantFieldError(t, "code with spaces", db.AddCatalogueFactor(ctx, &cdop.FactorCatalogueEntry{Code: "B 99", Domain: "b", Text: "X"}), "code")
	wantFieldError(t, "text with the list separator", db.AddCatalogueFactor(ctx, &cdop.FactorCatalogueEntry{Domain: "b", Text: "X | Y"}), "text")

	got, err = db.FactorCatalogue(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var codes []string
	for _, e := range got {
		codes = append(codes, e.Code)
	}
	if len(got) != len(cdop.DefaultFactorCatalogue)+4 || !slices.IsSorted(codes) {
		t.Errorf("catalogue codes = %q, want the defaults and 4 more, sorted", codes)
	}
	if i := slices.Index(codes, "BL01"); i < 0 || codes[i-1] != "B10" || codes[i+1] != "BL02" || codes[i+2] != "C01" {
		t.Errorf("catalogue codes = %q, want BL01 and BL02 between B10 and C01", codes)
	}
	audit := nonCaseAudit(t, db)
	if len(audit) != 4 || audit[0].Action != "catalogue" || audit[0].Actor != "jane.coordinator" ||
		!reflect.DeepEqual(audit[0].Changes, []cdop.FieldChange{{Field: "code", New: "BL01"}, {Field: "domain", New: "b"}, {Field: "text", New: "Young carer"}}) {
		t.Errorf("audit rows of no case = %+v, want the 4 additions", audit)
	}
}

func TestRecommendations(t *testing.T) {
	clock := &settableClock{now: testNow}
	db := MustOpenDBAt(t, filepath.Join(t.TempDir(), "cases.db"), clock)
	ctx := ctxAs("jane.coordinator")
	g := &caseGen{}
	a, b := caseAt(g, cdop.StageCDOPReview), caseAt(g, cdop.StageCDOPReview)
	mustCreate(t, db, a, b)
	police := mustAgency(t, db, "West Yorkshire Police", "police")
	trust := mustAgency(t, db, "Leeds Teaching Hospitals", "health")
	before := len(nonCaseAudit(t, db))

	save := func(r cdop.Recommendation) *cdop.Recommendation {
		t.Helper()
		if err := db.SaveRecommendation(ctx, &r); err != nil {
			t.Fatal(err)
		}
		return &r
	}
	// Today is 2 June 2025.
	overdueLate := save(cdop.Recommendation{CaseIDs: []string{b.ID, a.ID, b.ID}, AgencyID: trust.ID, Action: " Audit safe sleep advice ", DueOn: day("2025-05-15"), Status: "in_progress"})
	doneEarly := save(cdop.Recommendation{Theme: "Water safety", AgencyID: police.ID, Action: "Signs at the reservoir", DueOn: day("2025-04-01"), Status: "done"})
	future := save(cdop.Recommendation{Theme: "Transition", AgencyID: trust.ID, Action: "Review transition clinic", DueOn: day("2025-07-01")})
	overdueEarly := save(cdop.Recommendation{CaseIDs: []string{a.ID}, AgencyID: police.ID, Action: "Share JAR learning", DueOn: day("2025-05-01"), Status: "open"})

	if overdueLate.CreatedOn != testDay || overdueLate.Agency != trust.Name || overdueLate.Action != "Audit safe sleep advice" ||
		!slices.Equal(overdueLate.CaseRefs, []string{a.Ref, b.Ref}) || !slices.Equal(overdueLate.CaseIDs, []string{a.ID, b.ID}) {
		t.Errorf("saved %+v; want created today, the trust, trimmed action, cases %s and %s once each", overdueLate, a.Ref, b.Ref)
	}
	if future.Status != "open" {
		t.Errorf("status of a new recommendation without one = %q, want open", future.Status)
	}

	list, err := db.Recommendations(ctx)
	if err != nil {
		t.Fatal(err)
	}
	ids := func(list []*cdop.Recommendation) []int64 {
		var out []int64
		for _, r := range list {
			out = append(out, r.ID)
		}
		return out
	}
	if got, want := ids(list), []int64{overdueEarly.ID, overdueLate.ID, future.ID, doneEarly.ID}; !slices.Equal(got, want) {
		t.Errorf("recommendation IDs = %v, want cdop.SortRecommendations' order: the overdue, the open, the done, each by due date: %v", got, want)
	}
	if !reflect.DeepEqual(list[1], overdueLate) {
		t.Errorf("listed %+v\nwant what SaveRecommendation returned: %+v", list[1], overdueLate)
	}

	// Progress: the status follows, the date defaults to today, the
	// reporter to the actor.
	clock.now = testNow.Add(time.Hour)
	if err := db.UpdateRecommendation(ctxAs("sam.chair"), overdueEarly.ID, cdop.RecommendationUpdate{Status: "done", Note: " Briefing given to all teams "}); err != nil {
		t.Fatal(err)
	}
	if err := db.UpdateRecommendation(ctx, future.ID, cdop.RecommendationUpdate{On: day("2025-05-30"), Status: "in_progress", By: "Clinic lead"}); err != nil {
		t.Fatal(err)
	}
	list, err = db.Recommendations(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := ids(list), []int64{overdueLate.ID, future.ID, doneEarly.ID, overdueEarly.ID}; !slices.Equal(got, want) {
		t.Errorf("recommendation IDs after the updates = %v, want %v", got, want)
	}
	done := list[3]
	wantUpdate := cdop.RecommendationUpdate{On: testDay, Status: "done", Note: "Briefing given to all teams", By: "sam.chair", At: clock.now}
	if done.Status != "done" || len(done.Updates) != 1 || !reflect.DeepEqual(done.Updates[0], wantUpdate) {
		t.Errorf("after the update: status %s, updates %+v; want done, %+v", done.Status, done.Updates, wantUpdate)
	}
	if u := list[1].Updates; list[1].Status != "in_progress" || len(u) != 1 || u[0].By != "Clinic lead" || u[0].On != day("2025-05-30") {
		t.Errorf("second update: status %s, updates %+v", list[1].Status, u)
	}

	// A change of the details keeps CreatedOn and the updates.
	clock.now = testNow.Add(48 * time.Hour)
	changed := *done
	changed.CaseIDs, changed.DueOn, changed.CreatedOn = []string{b.ID}, day("2025-05-10"), cdop.Date{}
	if err := db.SaveRecommendation(ctx, &changed); err != nil {
		t.Fatal(err)
	}
	if changed.CreatedOn != testDay || len(changed.Updates) != 1 || !slices.Equal(changed.CaseRefs, []string{b.Ref}) {
		t.Errorf("after a change: %+v; want created %s, one update, case %s", changed, testDay, b.Ref)
	}

	// Refusals.
	wantFieldError(t, "recommendation from nothing", db.SaveRecommendation(ctx, &cdop.Recommendation{AgencyID: police.ID, Action: "X", DueOn: testDay}), "theme")
	wantFieldError(t, "incomplete recommendation", db.SaveRecommendation(ctx, &cdop.Recommendation{Theme: "X", Status: "closed"}), "agency", "action", "due_on", "status")
	wantCode(t, "unknown agency", db.SaveRecommendation(ctx, &cdop.Recommendation{Theme: "X", AgencyID: 999, Action: "X", DueOn: testDay}), cdop.ENOTFOUND)
	wantCode(t, "unknown case", db.SaveRecommendation(ctx, &cdop.Recommendation{CaseIDs: []string{"no-such-case"}, AgencyID: police.ID, Action: "X", DueOn: testDay}), cdop.ENOTFOUND)
	wantCode(t, "change of no recommendation", db.SaveRecommendation(ctx, &cdop.Recommendation{ID: 999, Theme: "X", AgencyID: police.ID, Action: "X", DueOn: testDay, Status: "open"}), cdop.ENOTFOUND)
	wantFieldError(t, "update without a status", db.UpdateRecommendation(ctx, future.ID, cdop.RecommendationUpdate{Note: "X"}), "status")
	wantFieldError(t, "update with an unknown status", db.UpdateRecommendation(ctx, future.ID, cdop.RecommendationUpdate{Status: "closed"}), "status")
	wantFieldError(t, "update dated tomorrow", db.UpdateRecommendation(ctx, future.ID, cdop.RecommendationUpdate{Status: "done", On: day("2025-06-05")}), "on")
	wantCode(t, "update of no recommendation", db.UpdateRecommendation(ctx, 999, cdop.RecommendationUpdate{Status: "done"}), cdop.ENOTFOUND)

	// Audit: 4 additions, 2 updates, 1 change, about no case.
	audit := nonCaseAudit(t, db)[before:]
	var actions []string
	for _, e := range audit {
		actions = append(actions, e.Action)
	}
	if want := slices.Repeat([]string{"recommendation"}, 7); !slices.Equal(actions, want) {
		t.Fatalf("audit actions = %q, want %q", actions, want)
	}
	id := itoa(overdueEarly.ID)
	if want := []cdop.FieldChange{{Field: "recommendation_id", Old: id, New: id}, {Field: "status", Old: "open", New: "done"},
		{Field: "update_on", New: "2025-06-02"}, {Field: "update_note", New: "Briefing given to all teams"}, {Field: "update_by", New: "sam.chair"}}; !reflect.DeepEqual(audit[4].Changes, want) {
		t.Errorf("update audit = %+v, want %+v", audit[4].Changes, want)
	}
	if want := []cdop.FieldChange{{Field: "recommendation_id", Old: id, New: id}, {Field: "cases", Old: a.Ref, New: b.Ref},
		{Field: "due_on", Old: "2025-05-01", New: "2025-05-10"}}; !reflect.DeepEqual(audit[6].Changes, want) {
		t.Errorf("change audit = %+v, want %+v", audit[6].Changes, want)
	}
	if err := db.Check(ctx); err != nil {
		t.Error(err)
	}
}

// triggersOn returns the SQL of the triggers on a table of the database at path, by name.
func triggersOn(t *testing.T, path, table string) map[string]string {
	t.Helper()
	rows, err := rawDB(t, path).Query(`SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?`, table)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var name, sql string
		if err := rows.Scan(&name, &sql); err != nil {
			t.Fatal(err)
		}
		out[name] = sql
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestOpen_Migrates0006DatabaseWithData(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cases.db")
	raw := mustMakeOldDB(t, path, 6)
	c := interchangeOnly(t, caseAt(&caseGen{}, cdop.StageCDRM))
	c.Ref, c.ID = "CDOP-2025-0001", "0f5c2d7e-5a43-4c1e-9d0a-6b7e1e2c3d11"
	insertOldCase(t, raw, c)
	mustExec(t, raw, `INSERT INTO agencies (id, name, type) VALUES (3, 'West Yorkshire Police', 'police')`)
	mustExec(t, raw, `INSERT INTO audit_log (id, at, actor, case_id, action, changes) VALUES
		(41, '2025-03-02T10:00:00.000Z', 'old.user', ?, 'create', '[]'),
		(42, '2025-03-03T10:00:00.000Z', 'old.user', NULL, 'agency', '[]')`, c.ID)
	oldTriggers := triggersOn(t, path, "audit_log")
	raw.Close()

	db := MustOpenDBAt(t, path, cdop.FixedClock(testNow))
	ctx := ctxAs("new.user")
	if versions, _ := appliedMigrations(t, path); !slices.Equal(versions, migrationVersions(t)) {
		t.Errorf("migrations = %v, want %v", versions, migrationVersions(t))
	}
	if got := triggersOn(t, path, "audit_log"); !reflect.DeepEqual(got, oldTriggers) {
		t.Errorf("triggers on audit_log after 0007 = %v\nwant those before it: %v", got, oldTriggers)
	}
	if _, err := rawDB(t, path).Exec(`DELETE FROM audit_log`); len(oldTriggers) > 0 && err == nil {
		t.Error("the migrated audit log could be emptied")
	}
	var ids []int
	rows, err := rawDB(t, path).Query(`SELECT id FROM audit_log ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id int
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	rows.Close()
	if !slices.Equal(ids, []int{41, 42}) {
		t.Errorf("audit row IDs after the migration = %v, want 41, 42", ids)
	}
	if cat, err := db.FactorCatalogue(ctx); err != nil || !reflect.DeepEqual(cat, cdop.DefaultFactorCatalogue) {
		t.Errorf("catalogue after the migration = %v, %v; want the defaults", cat, err)
	}

	// The new tables work with the old data, and so do the new actions.
	m := mustMeeting(t, db, cdop.Meeting{Kind: "cdrm", On: day("2025-05-28")})
	mustAddToAgenda(t, db, m.ID, c)
	if err := db.SignOff(ctx, m.ID, c.ID); err != nil {
		t.Fatal(err)
	}
	if err := db.SaveRecommendation(ctx, &cdop.Recommendation{CaseIDs: []string{c.ID}, AgencyID: 3, Action: "Share learning", DueOn: day("2025-09-01")}); err != nil {
		t.Fatal(err)
	}
	if err := db.AddCatalogueFactor(ctx, &cdop.FactorCatalogueEntry{Domain: "d", Text: "Out-of-hours cover"}); err != nil {
		t.Fatal(err)
	}
	if got := actionsOf(mustHistory(t, db, c.ID)); !slices.Equal(got, []string{"create", "agenda", "signoff", "update", "stage"}) {
		t.Errorf("actions of %s = %q", c.Ref, got)
	}
	var noCase []string
	for _, e := range nonCaseAudit(t, db) {
		noCase = append(noCase, e.Action)
	}
	if want := []string{"agency", "meeting", "recommendation", "catalogue"}; !slices.Equal(noCase, want) {
		t.Errorf("actions of no case = %q, want %q", noCase, want)
	}
	if err := db.Check(ctx); err != nil {
		t.Errorf("Check after using the migrated database: %v", err)
	}
}

func TestAuditLog_MeetingActionsKeepTheirCaseRule(t *testing.T) {
	db := MustOpenDB(t)
	c := fullCase()
	mustCreate(t, db, c)
	raw := rawDB(t, db.Path())
	for _, tc := range []struct {
		caseID any
		action string
		ok     bool
	}{
		{nil, "meeting", true},
		{nil, "recommendation", true},
		{nil, "catalogue", true},
		{c.ID, "agenda", true},
		{c.ID, "signoff", true},
		{c.ID, "meeting", false}, // a meeting's details belong to no case
		{nil, "agenda", false},   // an agenda item is a case's
		{nil, "signoff", false},
	} {
		_, err := raw.Exec(`INSERT INTO audit_log (at, actor, case_id, action, changes) VALUES ('2025-01-01T00:00:00.000Z', 'x', ?, ?, '[]')`, tc.caseID, tc.action)
		if tc.ok && err != nil {
			t.Errorf("audit row %s of case %v: %v", tc.action, tc.caseID, err)
		} else if !tc.ok && (err == nil || !strings.Contains(strings.ToLower(err.Error()), "check")) {
			t.Errorf("audit row %s of case %v: error %v, want a CHECK failure", tc.action, tc.caseID, err)
		}
	}
}

func TestNewRecommendationKeepsAGivenCreatedOn(t *testing.T) {
	clock := &settableClock{now: testNow}
	db := MustOpenDBAt(t, filepath.Join(t.TempDir(), "cases.db"), clock)
	ctx := ctxAs("jane.coordinator")
	police := mustAgency(t, db, "West Yorkshire Police", "police")
	save := func(r cdop.Recommendation) *cdop.Recommendation {
		t.Helper()
		if err := db.SaveRecommendation(ctx, &r); err != nil {
			t.Fatal(err)
		}
		return &r
	}
	// A new recommendation keeps a given CreatedOn (the meeting that made
	// it), unless that is in the future.
	made := save(cdop.Recommendation{Theme: "Made earlier", AgencyID: police.ID, Action: "X", DueOn: testDay, CreatedOn: day("2025-03-12")})
	if made.CreatedOn != day("2025-03-12") {
		t.Errorf("created on %s, want the given 2025-03-12", made.CreatedOn)
	}
	if got, err := db.Recommendations(ctx); err != nil {
		t.Fatal(err)
	} else if i := slices.IndexFunc(got, func(r *cdop.Recommendation) bool { return r.ID == made.ID }); i < 0 || got[i].CreatedOn != day("2025-03-12") {
		t.Errorf("stored CreatedOn is not the given one: %+v", got)
	}
	ahead := save(cdop.Recommendation{Theme: "Made later", AgencyID: police.ID, Action: "X", DueOn: testDay, CreatedOn: day("2025-06-03")})
	if ahead.CreatedOn != testDay {
		t.Errorf("a future CreatedOn was kept: %s, want today %s", ahead.CreatedOn, testDay)
	}

}
