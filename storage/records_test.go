package storage_test

import (
	"context"
	"path/filepath"
	"reflect"
	"slices"
	"testing"

	"casemanager/cdop"
	"casemanager/storage"
)

// lastRow returns a case's newest audit row of an action.
func lastRow(t *testing.T, db *storage.DB, caseID, action string) cdop.AuditEntry {
	t.Helper()
	h := mustHistory(t, db, caseID)
	for i := len(h) - 1; i >= 0; i-- {
		if h[i].Action == action {
			return h[i]
		}
	}
	t.Fatalf("no %s audit row", action)
	return cdop.AuditEntry{}
}

func TestCorrectRequest_AuditsTheOldAndNewValuesAndTheReason(t *testing.T) {
	db := MustOpenDB(t)
	ctx := ctxAs("jane.coordinator")
	c := newOpenCase(&caseGen{})
	mustCreate(t, db, c)
	police := mustAgency(t, db, "West Yorkshire Police", "police")
	r := mustRequest(t, db, cdop.AgencyRequest{CaseID: c.ID, AgencyID: police.ID, Form: "reporting_form",
		RequestedOn: day("2025-03-10"), ChasedOn: []cdop.Date{day("2025-04-08")}, ReceivedOn: day("2025-05-30")})
	rid := itoa(r.ID)

	moved := r
	moved.ReceivedOn, moved.ChasedOn = day("2025-05-26"), nil
	wantCode(t, "a correction through SaveRequest", db.SaveRequest(ctx, &moved), cdop.EINVALID,
		"give a reason for changing a chase and the date received of the reporting form from West Yorkshire Police")
	if err := db.CorrectRequest(ctx, &moved, "  logged on the day it was filed, not received "); err != nil {
		t.Fatal(err)
	}
	want := []cdop.FieldChange{{Field: "request_id", Old: rid, New: rid}, {Field: "chased_on", Old: "2025-04-08"},
		{Field: "received_on", Old: "2025-05-30", New: "2025-05-26"},
		{Field: "correction_reason", New: "logged on the day it was filed, not received"}}
	if got := lastRow(t, db, c.ID, "request"); !reflect.DeepEqual(got.Changes, want) || got.Actor != "test" { // the signed-in user
		t.Errorf("the correction's audit row = %+v\nwant changes %+v", got, want)
	}
	undone := moved
	undone.ReceivedOn = cdop.Date{}
	if err := db.CorrectRequest(ctx, &undone, "another child's form"); err != nil {
		t.Fatal(err)
	}
	want = []cdop.FieldChange{{Field: "request_id", Old: rid, New: rid}, {Field: "received_on", Old: "2025-05-26"},
		{Field: "correction_reason", New: "another child's form"}}
	if got := lastRow(t, db, c.ID, "request"); !reflect.DeepEqual(got.Changes, want) {
		t.Errorf("the undo's audit row = %+v\nwant %+v", got.Changes, want)
	}
	if f := mustFile(t, db, c.ID); f.Requests[0].Status() != cdop.RequestRequested || len(f.Requests[0].ChasedOn) != 0 {
		t.Errorf("stored request %+v", f.Requests[0])
	}
}

func TestContactsCorrectedAndUndone(t *testing.T) {
	db := MustOpenDB(t)
	ctx := ctxAs("key.worker")
	c := newOpenCase(&caseGen{})
	mustCreate(t, db, c)
	k := cdop.Contact{CaseID: c.ID, On: day("2025-05-30"), Method: "phone", Note: "First call"}
	if err := db.AddContact(ctx, &k); err != nil {
		t.Fatal(err)
	}
	id := itoa(k.ID)
	wantFieldError(t, "a contact before the death", db.AddContact(ctx, &cdop.Contact{CaseID: c.ID, On: day("2025-02-28"), Method: "phone"}), "on")

	fixed := k
	fixed.On, fixed.Method = day("2025-05-28"), "visit"
	if err := db.CorrectContact(ctx, &fixed, "it was a visit, two days before"); err != nil {
		t.Fatal(err)
	}
	want := []cdop.FieldChange{{Field: "contact_id", Old: id, New: id}, {Field: "on", Old: "2025-05-30", New: "2025-05-28"},
		{Field: "method", Old: "phone", New: "visit"}, {Field: "correction_reason", New: "it was a visit, two days before"}}
	if got := lastRow(t, db, c.ID, "contact"); !reflect.DeepEqual(got.Changes, want) {
		t.Errorf("the correction's audit row = %+v\nwant %+v", got.Changes, want)
	}
	rows := len(mustHistory(t, db, c.ID))
	if err := db.CorrectContact(ctx, &fixed, "again"); err != nil || len(mustHistory(t, db, c.ID)) != rows {
		t.Errorf("a correction changing nothing: %v, %d audit rows; want none written", err, len(mustHistory(t, db, c.ID))-rows)
	}

	if err := db.RemoveContact(ctx, k.ID, "entered on the wrong case"); err != nil {
		t.Fatal(err)
	}
	want = []cdop.FieldChange{{Field: "contact_id", Old: id, New: id}, {Field: "on", Old: "2025-05-28"}, {Field: "method", Old: "visit"},
		{Field: "note", Old: "First call"}, {Field: "by", Old: "key.worker"}, {Field: "correction_reason", New: "entered on the wrong case"}}
	if got := lastRow(t, db, c.ID, "contact"); !reflect.DeepEqual(got.Changes, want) {
		t.Errorf("the undo's audit row = %+v\nwant %+v", got.Changes, want)
	}
	if f := mustFile(t, db, c.ID); len(f.Contacts) != 0 {
		t.Errorf("an undone contact is still in the file: %+v", f.Contacts)
	}
	wantCode(t, "correcting an undone contact", db.CorrectContact(ctx, &fixed, "x"), cdop.ENOTFOUND)

	// The undone contact keeps its ID: the next one never takes it, so the
	// audit rows naming it name it alone.
	next := cdop.Contact{CaseID: c.ID, On: day("2025-05-31"), Method: "phone"}
	if err := db.AddContact(ctx, &next); err != nil {
		t.Fatal(err)
	}
	if next.ID == k.ID {
		t.Errorf("a new contact took the ID %d of the one undone", k.ID)
	}
}

func TestPausesCorrectedAndUndone(t *testing.T) {
	db := MustOpenDB(t)
	ctx := ctxAs("jane.coordinator")
	c := newOpenCase(&caseGen{})
	mustCreate(t, db, c)
	p := cdop.ClockPause{CaseID: c.ID, Deadline: cdop.DeadlineCDOPReview, From: day("2025-04-01"), Reason: "Awaiting inquest"}
	if err := db.PauseClock(ctx, &p); err != nil {
		t.Fatal(err)
	}
	id := itoa(p.ID)
	wantFieldError(t, "a restart still to come", db.ResumeClock(ctx, p.ID, testDay.AddDays(1)), "to")
	if err := db.ResumeClock(ctx, p.ID, day("2025-05-20")); err != nil {
		t.Fatal(err)
	}
	corrected := p
	corrected.From, corrected.To = day("2025-03-28"), cdop.Date{}
	if err := db.CorrectPause(ctx, &corrected, "paused on the day of the post-mortem; never restarted"); err != nil {
		t.Fatal(err)
	}
	want := []cdop.FieldChange{{Field: "pause_id", Old: id, New: id}, {Field: "from", Old: "2025-04-01", New: "2025-03-28"},
		{Field: "to", Old: "2025-05-20"}, {Field: "correction_reason", New: "paused on the day of the post-mortem; never restarted"}}
	if got := lastRow(t, db, c.ID, "pause"); !reflect.DeepEqual(got.Changes, want) {
		t.Errorf("the correction's audit row = %+v\nwant %+v", got.Changes, want)
	}
	wantCode(t, "a second running pause", db.PauseClock(ctx, &cdop.ClockPause{CaseID: c.ID, Deadline: cdop.DeadlineCDOPReview,
		From: day("2025-05-01"), Reason: "x"}), cdop.ECONFLICT, "already paused since 28 Mar 2025")

	if err := db.RemovePause(ctx, p.ID, "paused the wrong clock"); err != nil {
		t.Fatal(err)
	}
	want = []cdop.FieldChange{{Field: "pause_id", Old: id, New: id}, {Field: "deadline", Old: "cdop_review"}, {Field: "from", Old: "2025-03-28"},
		{Field: "reason", Old: "Awaiting inquest"}, {Field: "correction_reason", New: "paused the wrong clock"}}
	if got := lastRow(t, db, c.ID, "pause"); !reflect.DeepEqual(got.Changes, want) {
		t.Errorf("the undo's audit row = %+v\nwant %+v", got.Changes, want)
	}
	// The running pause undone no longer holds its clock.
	again := cdop.ClockPause{CaseID: c.ID, Deadline: cdop.DeadlineCDOPReview, From: day("2025-05-01"), Reason: "Awaiting trial"}
	if err := db.PauseClock(ctx, &again); err != nil {
		t.Fatal(err)
	}
	if f := mustFile(t, db, c.ID); len(f.Pauses) != 1 || f.Pauses[0].ID != again.ID || again.ID == p.ID {
		t.Errorf("pauses after the undo = %+v", f.Pauses)
	}
}

func TestSignOffWithoutQuorum_IsKeptWithTheMeetingAndAudited(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cases.db")
	db := MustOpenDBAt(t, path, cdop.FixedClock(testNow))
	withAdmin(t, db) // Ada: the audit trail is read signed in
	ctx := context.Background()
	c := reviewedCase()
	mustCreate(t, db, c)
	m := mustMeeting(t, db, cdop.Meeting{Kind: "panel", On: day("2025-05-20"), Chair: "Dr A Chair", Attendees: panelAttendees})
	mustAddToAgenda(t, db, m.ID, c)

	wantCode(t, "a sign-off without a quorum", db.SignOff(ctx, m.ID, c.ID), cdop.EINVALID,
		"the CDOP panel meeting on 20 May 2025 cannot sign "+c.Ref+" off: it is not quorate (nobody present from Health (trust, GP, community); "+
			"nobody present from Children's social care), so record who attended, or the chair's reason for signing off without a quorum")
	if got := mustFile(t, db, c.ID).Case.Stage; got != cdop.StageCDOPReview {
		t.Fatalf("a refused sign-off moved the case to %s", got)
	}
	if err := db.SignOffWithoutQuorum(ctx, m.ID, c.ID, "Health sent a written report; the chair agreed to go on"); err != nil {
		t.Fatal(err)
	}
	mid := itoa(m.ID)
	var meetingRows [][]cdop.FieldChange
	entries, err := db.AuditTrail(context.Background(), cdop.AuditFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.Action == "meeting" {
			meetingRows = append(meetingRows, e.Changes)
		}
	}
	want := []cdop.FieldChange{{Field: "meeting_id", Old: mid, New: mid}, {Field: "without_quorum_reason", New: "Health sent a written report; the chair agreed to go on"}}
	if len(meetingRows) != 2 || !reflect.DeepEqual(meetingRows[1], want) {
		t.Errorf("meeting audit rows = %+v\nwant the second %+v", meetingRows, want)
	}
	signOff := lastRow(t, db, c.ID, "signoff").Changes
	if last := signOff[len(signOff)-1]; last != (cdop.FieldChange{Field: "without_quorum_reason", New: "Health sent a written report; the chair agreed to go on"}) {
		t.Errorf("the sign-off's audit row ends %+v", last)
	}

	late := *mustGetMeeting(t, db, m.ID)
	late.Attendees = append(slices.Clone(late.Attendees), cdop.Attendee{Name: "Dr C Late", AgencyType: "health"})
	wantCode(t, "an attendee added after the sign-off", db.SaveMeeting(ctx, &late), cdop.ECONFLICT,
		"the CDOP panel meeting on 20 May 2025 has signed off "+c.Ref+", so who attended is locked: nobody can be added or removed")

	db.Close()
	db = MustOpenDBAt(t, path, cdop.FixedClock(testNow))
	if _, err := db.SignIn(ctx, "Ada", adminPassword); err != nil {
		t.Fatal(err)
	}
	got := mustGetMeeting(t, db, m.ID).WithoutQuorum
	if got.Reason != "Health sent a written report; the chair agreed to go on" || got.By != "Ada" || !got.At.Equal(testNow) {
		t.Errorf("the chair's decision read back = %+v", got)
	}
}

// A database made before the chair's decision and undone records (built
// at version 13, the last whose cases insertOldCase writes) takes them:
// its contacts and pauses stand, and a running pause still holds its clock.
func TestOpen_MigratesRecordsToUndoneRecords(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cases.db")
	raw := mustMakeOldDB(t, path, 13)
	c := interchangeOnly(t, newOpenCase(&caseGen{}))
	c.Ref, c.ID = "CDOP-2025-0001", "0f5c2d7e-5a43-4c1e-9d0a-6b7e1e2c3d21"
	insertOldCase(t, raw, c)
	mustExec(t, raw, `INSERT INTO contacts (id, case_id, contacted_on, method, contacted_by) VALUES (4, ?, '2025-03-03', 'phone', 'old.user')`, c.ID)
	mustExec(t, raw, `INSERT INTO clock_pauses (id, case_id, deadline, from_on, reason) VALUES (6, ?, 'cdop_review', '2025-04-01', 'Awaiting inquest')`, c.ID)
	mustExec(t, raw, `INSERT INTO meetings (id, kind, held_on) VALUES (2, 'panel', '2025-05-20')`)
	raw.Close()

	db := MustOpenDBAt(t, path, cdop.FixedClock(testNow))
	ctx := ctxAs("new.user")
	f := mustFile(t, db, c.ID)
	if len(f.Contacts) != 1 || f.Contacts[0].ID != 4 || len(f.Pauses) != 1 || f.Pauses[0].ID != 6 {
		t.Fatalf("after the migration: contacts %+v, pauses %+v", f.Contacts, f.Pauses)
	}
	wantCode(t, "a second running pause", db.PauseClock(ctx, &cdop.ClockPause{CaseID: c.ID, Deadline: cdop.DeadlineCDOPReview,
		From: day("2025-05-01"), Reason: "x"}), cdop.ECONFLICT, "already paused since 1 Apr 2025")
	if err := db.RemovePause(ctx, 6, "recorded on the wrong case"); err != nil {
		t.Fatal(err)
	}
	if err := db.PauseClock(ctx, &cdop.ClockPause{CaseID: c.ID, Deadline: cdop.DeadlineCDOPReview, From: day("2025-05-01"), Reason: "x"}); err != nil {
		t.Errorf("a pause once the old one is undone: %v", err)
	}
	if m := mustGetMeeting(t, db, 2); m.WithoutQuorum.Recorded() {
		t.Errorf("an old meeting has a chair's decision: %+v", m.WithoutQuorum)
	}
}
