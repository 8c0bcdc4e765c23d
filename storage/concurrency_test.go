package storage_test

import (
	"context"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"casemanager/cdop"
)

// holdWriteLock starts a write transaction on a connection of its own to the
// file, changes the case with ID caseID in it, and keeps it open until the
// test ends, as another program (or another copy of this one) saving a
// case would.
func holdWriteLock(t *testing.T, path, caseID string) {
	t.Helper()
	ctx := context.Background()
	conn, err := rawDB(t, path).Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conn.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
		t.Fatal(err)
	}
	if _, err := conn.ExecContext(ctx, "UPDATE cases SET summary = 'Not yet committed.' WHERE id = ?", caseID); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		conn.ExecContext(ctx, "ROLLBACK")
		conn.Close()
	})
}

func TestReadsDoNotWaitForAWriter(t *testing.T) {
	sqliteOnly(t)
	db := MustOpenDB(t)
	ctx := context.Background()
	c := fullCase()
	mustCreate(t, db, c)
	agency := mustAgency(t, db, "West Yorkshire Police", "police")
	holdWriteLock(t, db.Path(), c.ID)

	// Each read must answer at once (not after the 5 s busy timeout) with
	// what was committed before the writer began.
	for _, tc := range []struct {
		name string
		read func() (any, error)
		want func(any) bool
	}{
		{"FindCases", func() (any, error) { return db.FindCases(ctx, cdop.CaseFilter{}) },
			func(v any) bool { cs := v.([]*cdop.Case); return len(cs) == 1 && cs[0].Summary == c.Summary }},
		{"FindCaseByID", func() (any, error) { return db.FindCaseByID(ctx, c.ID) },
			func(v any) bool { return v.(*cdop.Case).Summary == c.Summary }},
		{"FindCaseByRef", func() (any, error) { return db.FindCaseByRef(ctx, c.Ref) },
			func(v any) bool { return v.(*cdop.Case).ID == c.ID }},
		{"FindDuplicates", func() (any, error) { d := c.Clone(); d.ID = ""; return db.FindDuplicates(ctx, d) },
			func(v any) bool { return len(v.([]*cdop.Case)) == 1 }},
		{"CaseHistory", func() (any, error) { return db.CaseHistory(ctx, c.ID) },
			func(v any) bool { return len(v.([]cdop.AuditEntry)) == 1 }},
		{"CaseFile", func() (any, error) { return db.CaseFile(ctx, c.ID) },
			func(v any) bool { return v.(*cdop.CaseFile).Case.Summary == c.Summary }},
		{"OpenCaseFiles", func() (any, error) { return db.OpenCaseFiles(ctx) },
			func(v any) bool { return len(v.([]*cdop.CaseFile)) == 0 }}, // fullCase is closed
		{"Agencies", func() (any, error) { return db.Agencies(ctx) },
			func(v any) bool { return reflect.DeepEqual(v, []cdop.Agency{agency}) }},
		{"Settings", func() (any, error) { return db.Settings(ctx) },
			func(v any) bool { return reflect.DeepEqual(v, cdop.DefaultSettings) }},
	} {
		start := time.Now()
		got, err := tc.read()
		if took := time.Since(start); err != nil || took > time.Second {
			t.Errorf("%s while another connection writes: %v after %v; want an answer at once", tc.name, err, took)
			continue
		}
		if !tc.want(got) {
			t.Errorf("%s while another connection writes = %+v; want what was committed", tc.name, got)
		}
	}
}

func TestUpdateCase_RefusesAStaleCopy(t *testing.T) {
	clock := &settableClock{now: testNow}
	db := MustOpenDBAt(t, filepath.Join(t.TempDir(), "cases.db"), clock)
	c := newOpenCase(&caseGen{})
	mustCreate(t, db, c)

	// Two coordinators open the case.
	a, err := db.FindCaseByID(context.Background(), c.ID)
	if err != nil {
		t.Fatal(err)
	}
	b, err := db.FindCaseByID(context.Background(), c.ID)
	if err != nil {
		t.Fatal(err)
	}
	clock.now = time.Date(2025, 6, 3, 14, 5, 0, 0, time.UTC)
	a.KeyWorker = "Ward sister"
	if err := db.UpdateCase(ctxAs("jane.coordinator"), a); err != nil {
		t.Fatal(err)
	}
	if !a.UpdatedAt.Equal(clock.now) {
		t.Errorf("UpdateCase left UpdatedAt %v, want the time of the save, %v", a.UpdatedAt, clock.now)
	}

	clock.now = clock.now.Add(time.Hour)
	b.Summary = "Edited from a copy opened before Jane's change."
	err = db.UpdateCase(ctxAs("sam.chair"), b)
	wantCode(t, "save of a stale copy", err, cdop.ECONFLICT,
		"case "+c.Ref+" was changed by jane.coordinator at "+time.Date(2025, 6, 3, 14, 5, 0, 0, time.UTC).Local().Format("15:04 on 2 Jan 2006"),
		"reopen the case")
	got, err := db.FindCaseByID(context.Background(), c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.KeyWorker != "Ward sister" || got.Summary != c.Summary {
		t.Errorf("after the refused save: key worker %q, summary %q; want Jane's change kept and nothing of Sam's", got.KeyWorker, got.Summary)
	}
	if h := mustHistory(t, db, c.ID); len(h) != 2 {
		t.Errorf("audit rows = %+v, want the create and Jane's update", h)
	}

	// The copy UpdateCase handed back saves again, and again: each save
	// returns the new UpdatedAt.
	for i, summary := range []string{"First.", "Second."} {
		clock.now = clock.now.Add(time.Minute)
		a.Summary = summary
		if err := db.UpdateCase(ctxAs("jane.coordinator"), a); err != nil {
			t.Fatalf("save %d of the returned copy: %v", i+1, err)
		}
	}
	// Saving a stale copy unchanged is refused too: it would not write,
	// but the caller should learn its copy is out of date.
	wantCode(t, "unchanged save of a stale copy", db.UpdateCase(ctxAs("sam.chair"), b.Clone()), cdop.ECONFLICT, "was changed by jane.coordinator")

	// A stage move changes the case too, even in the same millisecond as
	// the last save (the clock has not moved).
	fresh := a.Clone()
	if err := db.MoveStage(ctxAs("sam.chair"), c.ID, cdop.StageImmediateDecisions, ""); err != nil {
		t.Fatal(err)
	}
	fresh.Summary = "After the move."
	wantCode(t, "save of a copy opened before a move", db.UpdateCase(ctxAs("jane.coordinator"), fresh), cdop.ECONFLICT, "was changed by sam.chair")
}

func TestUpdateCase_RefusesACaseNeverLoaded(t *testing.T) {
	db := MustOpenDB(t)
	c := newOpenCase(&caseGen{})
	mustCreate(t, db, c)
	blind := c.Clone()
	blind.UpdatedAt, blind.CreatedAt = time.Time{}, time.Time{}
	blind.Summary = "Written without loading the case."
	wantCode(t, "update of a case never loaded", db.UpdateCase(context.Background(), blind), cdop.ECONFLICT, "reopen the case")
	if got := mustFile(t, db, c.ID).Case; got.Summary != c.Summary {
		t.Errorf("summary = %q after a refused update, want %q", got.Summary, c.Summary)
	}
}

func TestAuditLog_CannotBeChanged(t *testing.T) {
	db := MustOpenDB(t)
	c := fullCase()
	mustCreate(t, db, c)
	raw := rawDB(t, db.Path())
	for _, q := range []string{
		`UPDATE audit_log SET actor = 'someone else'`,
		`UPDATE audit_log SET changes = '[]' WHERE case_id = '` + c.ID + `'`,
		`DELETE FROM audit_log`,
		`DELETE FROM audit_log WHERE case_id = '` + c.ID + `'`,
	} {
		if _, err := raw.Exec(q); err == nil || !strings.Contains(err.Error(), "the audit log cannot be changed") {
			t.Errorf("%s: error %v, want the audit log's refusal", q, err)
		}
	}
	if h := mustHistory(t, db, c.ID); len(h) != 1 || h[0].Actor != "test" || len(h[0].Changes) == 0 {
		t.Errorf("history after the refused changes = %+v, want the create row as written", h)
	}
	// Rows are still added.
	u := mustFile(t, db, c.ID).Case
	if err := db.MoveStage(ctxAs("sam.chair"), c.ID, cdop.StageCDOPReview, "New evidence"); err != nil {
		t.Fatal(err)
	}
	u = mustFile(t, db, u.ID).Case
	u.Summary = "Changed after reopening."
	if err := db.UpdateCase(ctxAs("sam.chair"), u); err != nil {
		t.Fatal(err)
	}
	if got := actionsOf(mustHistory(t, db, c.ID)); !reflect.DeepEqual(got, []string{"create", "stage", "update"}) {
		t.Errorf("audit actions = %q, want create, stage, update", got)
	}
}

func TestClosedCase_RecordsAreReadOnly(t *testing.T) {
	db := MustOpenDB(t)
	ctx := ctxAs("jane.coordinator")
	c := fullCase()
	c.Stage = cdop.StageCDOPReview
	mustCreate(t, db, c)
	police := mustAgency(t, db, "West Yorkshire Police", "police")
	r := mustRequest(t, db, cdop.AgencyRequest{CaseID: c.ID, AgencyID: police.ID, Form: "reporting_form", RequestedOn: day("2025-03-10")})
	pause := cdop.ClockPause{CaseID: c.ID, Deadline: cdop.DeadlineCDOPReview, From: day("2025-04-01"), Reason: "Awaiting inquest"}
	if err := db.PauseClock(ctx, &pause); err != nil {
		t.Fatal(err)
	}
	if err := db.MoveStage(ctx, c.ID, cdop.StageClosed, ""); err != nil {
		t.Fatal(err)
	}
	before := mustFile(t, db, c.ID)
	history := mustHistory(t, db, c.ID)

	const closed = "case CDOP-2024-0042 is closed; reopen it with a reason before changing it"
	received := r
	received.ReceivedOn = day("2025-04-02")
	wantCode(t, "update of a request of a closed case", db.SaveRequest(ctx, &received), cdop.ECONFLICT, closed)
	wantCode(t, "new request for a closed case", db.SaveRequest(ctx, &cdop.AgencyRequest{CaseID: c.ID, AgencyID: police.ID,
		Form: "drowning", RequestedOn: day("2025-03-10")}), cdop.ECONFLICT, closed)
	wantCode(t, "contact on a closed case", db.AddContact(ctx, &cdop.Contact{CaseID: c.ID, On: day("2025-05-01"), Method: "phone"}),
		cdop.ECONFLICT, closed)
	wantCode(t, "pause of a closed case's clock", db.PauseClock(ctx, &cdop.ClockPause{CaseID: c.ID, Deadline: cdop.DeadlineCDRM,
		From: day("2025-05-01"), Reason: "Awaiting post-mortem"}), cdop.ECONFLICT, closed)
	wantCode(t, "restart of a closed case's clock", db.ResumeClock(ctx, pause.ID, day("2025-05-20")), cdop.ECONFLICT, closed)

	if after := mustFile(t, db, c.ID); !reflect.DeepEqual(after, before) {
		t.Errorf("the refusals changed the case file:\n%+v\nwant\n%+v", after, before)
	}
	if got := mustHistory(t, db, c.ID); len(got) != len(history) {
		t.Errorf("the refusals wrote %d audit rows", len(got)-len(history))
	}

	// Reopened, the case takes them again.
	if err := db.MoveStage(ctx, c.ID, cdop.StageCDOPReview, "Inquest verdict"); err != nil {
		t.Fatal(err)
	}
	if err := db.SaveRequest(ctx, &received); err != nil {
		t.Errorf("update of a request of the reopened case: %v", err)
	}
	if err := db.AddContact(ctx, &cdop.Contact{CaseID: c.ID, On: day("2025-05-01"), Method: "phone"}); err != nil {
		t.Errorf("contact on the reopened case: %v", err)
	}
	if err := db.ResumeClock(ctx, pause.ID, day("2025-05-20")); err != nil {
		t.Errorf("restart of the reopened case's clock: %v", err)
	}
}
