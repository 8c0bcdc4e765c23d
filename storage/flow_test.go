package storage_test

import (
	"context"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"casemanager/cdop"
	"casemanager/storage"
)

// testDay is testNow's date.
var testDay = cdop.DateOf(testNow)

// day reads a YYYY-MM-DD literal.
var day = cdop.MustParseDate

// newOpenCase returns a valid case just notified: a death on 1 March 2025
// with nothing decided yet.
func newOpenCase(g *caseGen) *cdop.Case {
	c := g.next()
	c.DateOfBirth = day("2023-01-01").AddDays(g.i) // keeps the cases distinct
	c.DateOfDeath, c.NotifiedOn = day("2025-03-01"), day("2025-03-02")
	c.Stage, c.Analysis = cdop.StageNotified, cdop.Analysis{}
	c.Expected = ""
	return c
}

func mustAgency(t *testing.T, db *storage.DB, name, kind string) cdop.Agency {
	t.Helper()
	a := cdop.Agency{Name: name, Type: kind}
	if err := db.SaveAgency(ctxAs("test"), &a); err != nil {
		t.Fatal(err)
	}
	return a
}

func mustRequest(t *testing.T, db *storage.DB, r cdop.AgencyRequest) cdop.AgencyRequest {
	t.Helper()
	if err := db.SaveRequest(ctxAs("test"), &r); err != nil {
		t.Fatal(err)
	}
	return r
}

func mustFile(t *testing.T, db *storage.DB, caseID string) *cdop.CaseFile {
	t.Helper()
	f, err := db.CaseFile(context.Background(), caseID)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func mustHistory(t *testing.T, db *storage.DB, caseID string) []cdop.AuditEntry {
	t.Helper()
	h, err := db.CaseHistory(context.Background(), caseID)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func actionsOf(history []cdop.AuditEntry) []string {
	out := make([]string, len(history))
	for i, e := range history {
		out[i] = e.Action
	}
	return out
}

// nonCaseAudit returns the audit rows about no case, oldest first.
func nonCaseAudit(t *testing.T, db *storage.DB) []cdop.AuditEntry {
	t.Helper()
	rows, err := rawDB(t, db.Path()).Query(`SELECT at, actor, action, changes FROM audit_log WHERE case_id IS NULL ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []cdop.AuditEntry
	for rows.Next() {
		var e cdop.AuditEntry
		var at, changes string
		if err := rows.Scan(&at, &e.Actor, &e.Action, &changes); err != nil {
			t.Fatal(err)
		}
		if e.At, err = time.Parse(time.RFC3339, at); err != nil {
			t.Fatal(err)
		}
		if e.Changes, err = storage.DecodeChanges([]byte(changes)); err != nil {
			t.Fatal(err)
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func wantCode(t *testing.T, what string, err error, code string, texts ...string) {
	t.Helper()
	if got := cdop.ErrorCode(err); got != code {
		t.Errorf("%s: error %v (%s), want %s", what, err, got, code)
		return
	}
	for _, text := range texts {
		if !strings.Contains(err.Error(), text) {
			t.Errorf("%s: error %q does not say %q", what, err, text)
		}
	}
}

func wantFieldError(t *testing.T, what string, err error, fields ...string) {
	t.Helper()
	v, ok := cdop.AsValidationErrors(err)
	if !ok {
		t.Errorf("%s: error %v, want ValidationErrors", what, err)
		return
	}
	for _, f := range fields {
		if v.For(f) == "" {
			t.Errorf("%s: errors %q say nothing of %s", what, v, f)
		}
	}
}

func TestCaseFile(t *testing.T) {
	db := MustOpenDB(t)
	ctx := ctxAs("jane.coordinator")
	g := &caseGen{}
	c, other := newOpenCase(g), newOpenCase(g)
	mustCreate(t, db, c, other)
	police := mustAgency(t, db, "West Yorkshire Police", "police")
	gp := mustAgency(t, db, "Leeds GP Practice", "health")

	late := mustRequest(t, db, cdop.AgencyRequest{CaseID: c.ID, AgencyID: police.ID, Form: "reporting_form", RequestedOn: day("2025-03-10")})
	early := mustRequest(t, db, cdop.AgencyRequest{CaseID: c.ID, AgencyID: gp.ID, Form: "sudden_unexpected_death",
		RequestedOn: day("2025-03-05"), DueOn: day("2025-03-20"), ChasedOn: []cdop.Date{day("2025-04-10"), day("2025-04-01")},
		ReceivedOn: day("2025-04-20"), Note: " Sent by secure email "})
	mustRequest(t, db, cdop.AgencyRequest{CaseID: other.ID, AgencyID: gp.ID, Form: "reporting_form", RequestedOn: day("2025-03-05")})
	for _, k := range []cdop.Contact{
		{CaseID: c.ID, On: day("2025-03-04"), Method: "phone"},
		{CaseID: c.ID, On: day("2025-03-03"), Method: "visit", By: "SUDIC nurse", Note: "Home visit with the police"},
		{CaseID: other.ID, On: day("2025-03-03"), Method: "letter"},
	} {
		if err := db.AddContact(ctx, &k); err != nil {
			t.Fatal(err)
		}
	}
	pause := cdop.ClockPause{CaseID: c.ID, Deadline: cdop.DeadlineCDOPReview, From: day("2025-04-01"), Reason: "Awaiting inquest"}
	if err := db.PauseClock(ctx, &pause); err != nil {
		t.Fatal(err)
	}
	if err := db.MoveStage(ctx, c.ID, cdop.StageImmediateDecisions, ""); err != nil {
		t.Fatal(err)
	}

	f := mustFile(t, db, c.ID)
	wantCase := c.Clone()
	wantCase.Stage = cdop.StageImmediateDecisions
	if diff := diffCases(f.Case, wantCase); len(diff) > 0 || f.Case.ID != c.ID {
		t.Errorf("file's case differs: %v", diff)
	}
	wantRequests := []cdop.AgencyRequest{
		{ID: early.ID, CaseID: c.ID, AgencyID: gp.ID, AgencyName: "Leeds GP Practice", Form: "sudden_unexpected_death",
			RequestedOn: day("2025-03-05"), DueOn: day("2025-03-20"), ChasedOn: []cdop.Date{day("2025-04-01"), day("2025-04-10")},
			ReceivedOn: day("2025-04-20"), Note: "Sent by secure email", UpdatedAt: testNow},
		{ID: late.ID, CaseID: c.ID, AgencyID: police.ID, AgencyName: "West Yorkshire Police", Form: "reporting_form",
			RequestedOn: day("2025-03-10"), DueOn: day("2025-04-07"), UpdatedAt: testNow},
	}
	if !reflect.DeepEqual(f.Requests, wantRequests) {
		t.Errorf("requests = %+v\nwant %+v", f.Requests, wantRequests)
	}
	if !reflect.DeepEqual(early, wantRequests[0]) {
		t.Errorf("SaveRequest left %+v\nwant what is stored, %+v", early, wantRequests[0])
	}
	if len(f.Contacts) != 2 || f.Contacts[0].On != day("2025-03-03") || f.Contacts[0].By != "SUDIC nurse" ||
		f.Contacts[1].Method != "phone" || f.Contacts[1].By != "jane.coordinator" {
		t.Errorf("contacts = %+v, want the visit by the SUDIC nurse, then the phone call by jane.coordinator", f.Contacts)
	}
	if want := []cdop.ClockPause{pause}; !reflect.DeepEqual(f.Pauses, want) {
		t.Errorf("pauses = %+v, want %+v", f.Pauses, want)
	}
	if len(f.Moves) != 1 || f.Moves[0].From != cdop.StageNotified || f.Moves[0].To != cdop.StageImmediateDecisions ||
		f.Moves[0].Actor != "jane.coordinator" || !f.Moves[0].At.Equal(testNow) || f.Moves[0].CaseID != c.ID {
		t.Errorf("moves = %+v, want one to immediate decisions by jane.coordinator", f.Moves)
	}

	if _, err := db.CaseFile(ctx, "no-such-case"); cdop.ErrorCode(err) != cdop.ENOTFOUND {
		t.Errorf("CaseFile(missing) error = %v, want ENOTFOUND", err)
	}
}

func TestOpenCaseFiles(t *testing.T) {
	db := MustOpenDB(t)
	ctx := ctxAs("test")
	g := &caseGen{}
	cases := g.cases(12) // two closed (every sixth)
	mustCreate(t, db, cases...)
	gp := mustAgency(t, db, "Leeds GP Practice", "health")
	for i, c := range cases {
		if c.Stage == cdop.StageClosed {
			// Read-only (TestClosedCase_RecordsAreReadOnly): a record made
			// before it closed, which no open file may show.
			mustExec(t, rawDB(t, db.Path()), `INSERT INTO contacts (case_id, contacted_on, method, contacted_by) VALUES (?, '2025-03-01', 'phone', 'x')`, c.ID)
			continue
		}
		mustRequest(t, db, cdop.AgencyRequest{CaseID: c.ID, AgencyID: gp.ID, Form: "reporting_form", RequestedOn: day("2025-03-01").AddDays(i)})
		if err := db.AddContact(ctx, &cdop.Contact{CaseID: c.ID, On: day("2025-03-01"), Method: "phone", Note: c.Ref}); err != nil {
			t.Fatal(err)
		}
		p := cdop.ClockPause{CaseID: c.ID, Deadline: cdop.DeadlineCDRM, From: day("2025-04-01"), Reason: "Awaiting post-mortem " + c.Ref}
		if err := db.PauseClock(ctx, &p); err != nil {
			t.Fatal(err)
		}
	}
	// A stage move of an open case, found by MoveStage's own guards.
	var moved *cdop.Case
	for _, c := range cases {
		if c.Stage == cdop.StageCDRM {
			moved = c
			if err := db.MoveStage(ctx, c.ID, cdop.StageInformationGathering, "Reporting form incomplete"); err != nil {
				t.Fatal(err)
			}
			break
		}
	}

	files, err := db.OpenCaseFiles(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var wantRefs []string
	for _, c := range cases {
		if c.Stage != cdop.StageClosed {
			wantRefs = append(wantRefs, c.Ref)
		}
	}
	slices.Sort(wantRefs)
	var gotRefs []string
	for _, f := range files {
		gotRefs = append(gotRefs, f.Case.Ref)
	}
	if !slices.Equal(gotRefs, wantRefs) || len(wantRefs) != 10 {
		t.Fatalf("open files = %q, want the 10 open cases %q", gotRefs, wantRefs)
	}
	for _, f := range files {
		if want := mustFile(t, db, f.Case.ID); !reflect.DeepEqual(f, want) {
			t.Errorf("open file of %s = %+v\nwant CaseFile's %+v", f.Case.Ref, f, want)
		}
		if len(f.Requests) != 1 || len(f.Contacts) != 1 || f.Contacts[0].Note != f.Case.Ref || len(f.Pauses) != 1 {
			t.Errorf("file of %s holds %d requests, %d contacts %+v, %d pauses; want its own one of each",
				f.Case.Ref, len(f.Requests), len(f.Contacts), f.Contacts, len(f.Pauses))
		}
		if f.Case.ID == moved.ID {
			if len(f.Moves) != 1 || f.Moves[0].Reason != "Reporting form incomplete" {
				t.Errorf("moves of %s = %+v, want the one move back", f.Case.Ref, f.Moves)
			}
		} else if len(f.Moves) != 0 {
			t.Errorf("moves of %s = %+v, want none", f.Case.Ref, f.Moves)
		}
	}

	empty, err := MustOpenDB(t).OpenCaseFiles(ctx)
	if err != nil || len(empty) != 0 {
		t.Errorf("OpenCaseFiles of an empty database = %v, %v; want none", empty, err)
	}
}

func TestMoveStage_ForwardNeedsWhatEachStageNeeds(t *testing.T) {
	clock := &settableClock{now: testNow}
	db := MustOpenDBAt(t, filepath.Join(t.TempDir(), "cases.db"), clock)
	ctx := ctxAs("jane.coordinator")
	c := newOpenCase(&caseGen{})
	c.JAR = ""
	mustCreate(t, db, c)

	err := db.MoveStage(ctx, c.ID, cdop.StageCDRM, "")
	wantCode(t, "move past undecided stages", err, cdop.EINVALID,
		"expected or unexpected", "Joint Agency Response", "abuse or neglect", "coroner", "at least one agency reporting form")
	if f := mustFile(t, db, c.ID); f.Case.Stage != cdop.StageNotified || len(f.Moves) != 0 {
		t.Errorf("after a refused move: stage %s, moves %+v; want notified, none", f.Case.Stage, f.Moves)
	}

	u := mustFile(t, db, c.ID).Case
	u.Expected, u.JAR, u.JARTriggers, u.AbuseNeglectSuspected, u.CoronerReferred = "unexpected", "yes", []string{"sudden_unexplained"}, "no", "yes"
	if err := db.UpdateCase(ctx, u); err != nil {
		t.Fatal(err)
	}
	police := mustAgency(t, db, "West Yorkshire Police", "police")
	r := mustRequest(t, db, cdop.AgencyRequest{CaseID: c.ID, AgencyID: police.ID, Form: "reporting_form", RequestedOn: day("2025-03-10")})
	err = db.MoveStage(ctx, c.ID, cdop.StageCDRM, "")
	wantCode(t, "move with a form outstanding", err, cdop.EINVALID,
		"Reporting form from West Yorkshire Police: requested 10 Mar 2025 and not yet received")
	if strings.Contains(err.Error(), "expected or unexpected") {
		t.Errorf("error %q still asks for what was recorded", err)
	}

	r.ReceivedOn = day("2025-04-02")
	mustRequest(t, db, r)
	later := testNow.Add(2 * time.Hour)
	clock.now = later
	if err := db.MoveStage(ctx, c.ID, cdop.StageCDRM, ""); err != nil {
		t.Fatalf("move with everything recorded: %v", err)
	}
	f := mustFile(t, db, c.ID)
	if f.Case.Stage != cdop.StageCDRM || !f.Case.UpdatedAt.Equal(later) {
		t.Errorf("after the move: stage %s updated %v; want cdrm at %v", f.Case.Stage, f.Case.UpdatedAt, later)
	}
	wantMove := cdop.StageMove{ID: f.Moves[0].ID, CaseID: c.ID, From: cdop.StageNotified, To: cdop.StageCDRM, At: later, Actor: "jane.coordinator"}
	if len(f.Moves) != 1 || f.Moves[0] != wantMove {
		t.Errorf("moves = %+v, want %+v", f.Moves, wantMove)
	}
	history := mustHistory(t, db, c.ID)
	last := history[len(history)-1]
	if want := []cdop.FieldChange{{Field: "stage", Old: "notified", New: "cdrm"}}; last.Action != "stage" ||
		last.Actor != "jane.coordinator" || !last.At.Equal(later) || !reflect.DeepEqual(last.Changes, want) {
		t.Errorf("last audit row = %+v, want the stage move %+v", last, want)
	}

	wantCode(t, "move to the same stage", db.MoveStage(ctx, c.ID, cdop.StageCDRM, ""), cdop.EINVALID, "already at")
	wantCode(t, "move to no stage", db.MoveStage(ctx, c.ID, "archived", ""), cdop.EINVALID, "not a stage")
	wantCode(t, "move of no case", db.MoveStage(ctx, "no-such-case", cdop.StageCDRM, ""), cdop.ENOTFOUND)
	if got := len(mustHistory(t, db, c.ID)); got != len(history) {
		t.Errorf("refused moves wrote %d audit rows", got-len(history))
	}
}

func TestMoveStage_BackNeedsAReason(t *testing.T) {
	db := MustOpenDB(t)
	ctx := ctxAs("sam.chair")
	g := &caseGen{}
	c := g.cases(4)[3]
	if c.Stage != cdop.StageCDRM {
		t.Fatalf("generated stage %s, want cdrm", c.Stage)
	}
	mustCreate(t, db, c)

	wantCode(t, "move back without a reason", db.MoveStage(ctx, c.ID, cdop.StageInformationGathering, "  "), cdop.EINVALID,
		"give a reason to move the case back to Information gathering")
	if err := db.MoveStage(ctx, c.ID, cdop.StageInformationGathering, "  Police report still to come "); err != nil {
		t.Fatal(err)
	}
	f := mustFile(t, db, c.ID)
	if f.Case.Stage != cdop.StageInformationGathering || len(f.Moves) != 1 || f.Moves[0].Reason != "Police report still to come" ||
		!f.Moves[0].Backward() {
		t.Errorf("after moving back: stage %s, moves %+v", f.Case.Stage, f.Moves)
	}
	history := mustHistory(t, db, c.ID)
	want := []cdop.FieldChange{
		{Field: "stage", Old: "cdrm", New: "information_gathering"},
		{Field: "stage_reason", New: "Police report still to come"},
	}
	if got := history[len(history)-1]; got.Action != "stage" || !reflect.DeepEqual(got.Changes, want) {
		t.Errorf("audit row of the move back = %+v, want changes %+v", got, want)
	}
}

func TestMoveStage_CloseAndReopen(t *testing.T) {
	db := MustOpenDB(t)
	ctx := ctxAs("sam.chair")
	c := fullCase()
	c.Stage = cdop.StageCDOPReview
	mustCreate(t, db, c)
	unsigned := newOpenCase(&caseGen{})
	unsigned.Stage = cdop.StageCDOPReview
	unsigned.CDOPReviewOn = day("2025-05-20")
	mustCreate(t, db, unsigned)

	wantCode(t, "close without an analysis", db.MoveStage(ctx, unsigned.ID, cdop.StageClosed, ""), cdop.EINVALID,
		"before Closed the case needs", "the analysis: category", "the analysis signed off by the panel")

	if err := db.MoveStage(ctx, c.ID, cdop.StageClosed, ""); err != nil {
		t.Fatalf("close a complete case: %v", err)
	}
	closed := mustFile(t, db, c.ID).Case
	edit := closed.Clone()
	edit.Summary = "A late edit."
	wantCode(t, "edit of a closed case", db.UpdateCase(ctx, edit), cdop.ECONFLICT,
		"case CDOP-2024-0042 is closed; reopen it with a reason before changing it")
	if err := db.UpdateCase(ctx, closed.Clone()); err != nil {
		t.Errorf("saving a closed case unchanged: %v", err)
	}

	wantCode(t, "reopen without a reason", db.MoveStage(ctx, c.ID, cdop.StageCDOPReview, ""), cdop.EINVALID,
		"give a reason to reopen a closed case")
	if err := db.MoveStage(ctx, c.ID, cdop.StageCDOPReview, "Inquest verdict changed the cause of death"); err != nil {
		t.Fatal(err)
	}
	edit = mustFile(t, db, c.ID).Case.Clone()
	edit.Analysis.CauseOfDeath = "Accidental asphyxia"
	if err := db.UpdateCase(ctx, edit); err != nil {
		t.Errorf("edit of the reopened case: %v", err)
	}
	f := mustFile(t, db, c.ID)
	var moves []string
	for _, m := range f.Moves {
		moves = append(moves, string(m.From)+"→"+string(m.To)+":"+m.Reason)
	}
	if want := []string{"cdop_review→closed:", "closed→cdop_review:Inquest verdict changed the cause of death"}; !slices.Equal(moves, want) {
		t.Errorf("moves = %q, want %q", moves, want)
	}
	if got, want := actionsOf(mustHistory(t, db, c.ID)), []string{"create", "stage", "stage", "update"}; !slices.Equal(got, want) {
		t.Errorf("audit actions = %q, want %q", got, want)
	}
}

func TestUpdateCase_RefusesStageChanges(t *testing.T) {
	db := MustOpenDB(t)
	ctx := context.Background()
	c := newOpenCase(&caseGen{})
	mustCreate(t, db, c)

	u := c.Clone()
	u.Stage = cdop.StageImmediateDecisions
	u.KeyWorker = "Ward sister"
	wantCode(t, "stage change by UpdateCase", db.UpdateCase(ctx, u), cdop.EINVALID, "change the stage with the flowchart's Move buttons")
	got := mustFile(t, db, c.ID).Case
	if got.Stage != cdop.StageNotified || got.KeyWorker != "" {
		t.Errorf("after refused updates: stage %s, key worker %q; want nothing changed", got.Stage, got.KeyWorker)
	}
	if h := mustHistory(t, db, c.ID); len(h) != 1 {
		t.Errorf("refused updates wrote audit rows: %+v", h)
	}

	// A closed case: the closed case refusal comes first.
	closed := fullCase()
	mustCreate(t, db, closed)
	reopen := closed.Clone()
	reopen.Stage = cdop.StageCDOPReview
	wantCode(t, "reopening by UpdateCase", db.UpdateCase(ctx, reopen), cdop.ECONFLICT, "is closed; reopen it with a reason")
}

func TestCreateAndImport_KeepTheRecordedStage(t *testing.T) {
	db := MustOpenDB(t)
	ctx := context.Background()
	g := &caseGen{}
	batch := g.cases(6) // every stage once
	if err := db.ImportCases(ctx, batch); err != nil {
		t.Fatal(err)
	}
	created := fullCase() // closed
	mustCreate(t, db, created)
	for i, c := range append(batch, created) {
		want := cdop.StageClosed
		if i < len(genStages) {
			want = genStages[i]
		}
		got, err := db.FindCaseByID(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Stage != want {
			t.Errorf("stored stage of %s = %s, want %s", c.Ref, got.Stage, want)
		}
		if f := mustFile(t, db, c.ID); len(f.Moves) != 0 {
			t.Errorf("%s has stage moves %+v; a recorded stage is no move", c.Ref, f.Moves)
		}
	}
}

func TestAgencies(t *testing.T) {
	db := MustOpenClearDB(t)
	ctx := ctxAs("jane.coordinator")

	bad := cdop.Agency{Name: "  ", Type: "church"}
	wantFieldError(t, "agency without a name", db.SaveAgency(ctx, &bad), "name", "type")

	police := mustAgency(t, db, "West Yorkshire Police", "police")
	trust := cdop.Agency{Name: " airedale   NHS Foundation Trust ", Type: "health", Contact: "  Safeguarding team  "}
	if err := db.SaveAgency(ctx, &trust); err != nil {
		t.Fatal(err)
	}
	if trust.ID == 0 || trust.ID == police.ID || trust.Name != "airedale NHS Foundation Trust" || trust.Contact != "Safeguarding team" {
		t.Errorf("saved agency = %+v, want a new ID and trimmed text", trust)
	}
	social := mustAgency(t, db, "Bradford Children's Social Care", "childrens_social_care")

	wantCode(t, "agency of a name in use", db.SaveAgency(ctx, &cdop.Agency{Name: "WEST YORKSHIRE POLICE", Type: "police"}),
		cdop.ECONFLICT, `already has an agency called "WEST YORKSHIRE POLICE"`)

	trust.Name, trust.Contact = "Airedale NHS Foundation Trust", "01535 000000"
	if err := db.SaveAgency(ctx, &trust); err != nil {
		t.Errorf("renaming an agency in its own name's case: %v", err)
	}
	taken := trust
	taken.Name = "west yorkshire police"
	wantCode(t, "rename to a name in use", db.SaveAgency(ctx, &taken), cdop.ECONFLICT)
	wantCode(t, "update of no agency", db.SaveAgency(ctx, &cdop.Agency{ID: 999, Name: "Nowhere", Type: "other"}), cdop.ENOTFOUND)
	same := trust
	if err := db.SaveAgency(ctx, &same); err != nil {
		t.Fatal(err)
	}

	agencies, err := db.Agencies(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if want := []cdop.Agency{trust, social, police}; !reflect.DeepEqual(agencies, want) {
		t.Errorf("Agencies = %+v\nwant %+v", agencies, want)
	}

	audit := nonCaseAudit(t, db)
	if len(audit) != 4 {
		t.Fatalf("audit rows of no case = %+v, want 3 additions and 1 change", audit)
	}
	for _, e := range audit {
		if e.Action != "agency" || e.Actor != "jane.coordinator" && e.Actor != "test" {
			t.Errorf("agency audit row = %+v", e)
		}
	}
	id := func(a cdop.Agency) string { return itoa(a.ID) }
	wantAdd := []cdop.FieldChange{
		{Field: "agency_id", New: id(trust)}, {Field: "name", New: "airedale NHS Foundation Trust"},
		{Field: "type", New: "health"}, {Field: "contact", New: "Safeguarding team"},
	}
	if !reflect.DeepEqual(audit[1].Changes, wantAdd) {
		t.Errorf("audit of an addition = %+v\nwant %+v", audit[1].Changes, wantAdd)
	}
	wantChange := []cdop.FieldChange{
		{Field: "agency_id", Old: id(trust), New: id(trust)},
		{Field: "name", Old: "airedale NHS Foundation Trust", New: "Airedale NHS Foundation Trust"},
		{Field: "contact", Old: "Safeguarding team", New: "01535 000000"},
	}
	if !reflect.DeepEqual(audit[3].Changes, wantChange) {
		t.Errorf("audit of a change = %+v\nwant %+v", audit[3].Changes, wantChange)
	}
}

// itoa returns an ID as audit rows write it.
func itoa(id int64) string { return strconv.FormatInt(id, 10) }

func TestSaveRequest(t *testing.T) {
	clock := &settableClock{now: testNow}
	db := MustOpenDBAt(t, filepath.Join(t.TempDir(), "cases.db"), clock)
	ctx := ctxAs("jane.coordinator")
	g := &caseGen{}
	c, other := newOpenCase(g), newOpenCase(g)
	mustCreate(t, db, c, other)
	police := mustAgency(t, db, "West Yorkshire Police", "police")

	wantCode(t, "request of no case", db.SaveRequest(ctx, &cdop.AgencyRequest{CaseID: "nope", AgencyID: police.ID, Form: "reporting_form", RequestedOn: testDay}),
		cdop.ENOTFOUND, "no case")
	wantCode(t, "request to no agency", db.SaveRequest(ctx, &cdop.AgencyRequest{CaseID: c.ID, AgencyID: 999, Form: "reporting_form", RequestedOn: testDay}),
		cdop.ENOTFOUND, "no agency")
	wantFieldError(t, "invalid request", db.SaveRequest(ctx, &cdop.AgencyRequest{CaseID: c.ID, AgencyID: police.ID, RequestedOn: testDay.AddDays(1)}),
		"form", "requested_on")

	r := cdop.AgencyRequest{CaseID: c.ID, AgencyID: police.ID, Form: "reporting_form", RequestedOn: day("2025-03-10")}
	if err := db.SaveRequest(ctx, &r); err != nil {
		t.Fatal(err)
	}
	if r.ID == 0 || r.DueOn != day("2025-04-07") || r.AgencyName != "West Yorkshire Police" || !r.UpdatedAt.Equal(testNow) {
		t.Errorf("saved request = %+v, want an ID, due 28 days on, the agency's name, updated now", r)
	}
	if err := db.SaveSettings(ctx, cdop.Settings{AgencyReportDays: 21}); err != nil {
		t.Fatal(err)
	}
	second := cdop.AgencyRequest{CaseID: c.ID, AgencyID: police.ID, Form: "drowning", RequestedOn: day("2025-03-10")}
	if err := db.SaveRequest(ctx, &second); err != nil {
		t.Fatal(err)
	}
	if second.DueOn != day("2025-03-31") {
		t.Errorf("due date with a 21-day setting = %s, want 2025-03-31", second.DueOn)
	}

	later := testNow.Add(time.Hour)
	clock.now = later
	u := r
	u.ChasedOn = []cdop.Date{day("2025-04-08")}
	u.ReceivedOn = day("2025-04-15")
	if err := db.SaveRequest(ctx, &u); err != nil {
		t.Fatal(err)
	}
	if u.ID != r.ID || !u.UpdatedAt.Equal(later) || u.Status() != cdop.RequestReceived {
		t.Errorf("updated request = %+v", u)
	}
	same := u
	clock.now = later.Add(time.Hour)
	if err := db.SaveRequest(ctx, &same); err != nil || !same.UpdatedAt.Equal(later) {
		t.Errorf("saving unchanged: %v, updated %v; want no change", err, same.UpdatedAt)
	}
	stolen := u
	stolen.CaseID = other.ID
	wantCode(t, "request of another case", db.SaveRequest(ctx, &stolen), cdop.ENOTFOUND, "has no agency request")

	var requestRows []cdop.AuditEntry
	for _, e := range mustHistory(t, db, c.ID) {
		if e.Action == "request" {
			requestRows = append(requestRows, e)
		}
	}
	rid := itoa(r.ID)
	want := [][]cdop.FieldChange{
		{{Field: "request_id", New: rid}, {Field: "agency", New: "West Yorkshire Police"}, {Field: "form", New: "reporting_form"},
			{Field: "requested_on", New: "2025-03-10"}, {Field: "due_on", New: "2025-04-07"}},
		{{Field: "request_id", New: itoa(second.ID)}, {Field: "agency", New: "West Yorkshire Police"}, {Field: "form", New: "drowning"},
			{Field: "requested_on", New: "2025-03-10"}, {Field: "due_on", New: "2025-03-31"}},
		{{Field: "request_id", Old: rid, New: rid}, {Field: "chased_on", New: "2025-04-08"}, {Field: "received_on", New: "2025-04-15"}},
	}
	if len(requestRows) != len(want) {
		t.Fatalf("request audit rows = %+v, want %d", requestRows, len(want))
	}
	for i := range want {
		if !reflect.DeepEqual(requestRows[i].Changes, want[i]) || requestRows[i].Actor != "jane.coordinator" {
			t.Errorf("request audit row %d = %+v\nwant changes %+v", i, requestRows[i], want[i])
		}
	}
}

func TestAddContact(t *testing.T) {
	db := MustOpenDB(t)
	ctx := ctxAs("key.worker")
	c := newOpenCase(&caseGen{})
	mustCreate(t, db, c)

	wantFieldError(t, "invalid contact", db.AddContact(ctx, &cdop.Contact{CaseID: c.ID, On: testDay.AddDays(1), Method: "pigeon"}), "on", "method")
	wantCode(t, "contact of no case", db.AddContact(ctx, &cdop.Contact{CaseID: "nope", On: testDay, Method: "phone"}), cdop.ENOTFOUND)

	k := cdop.Contact{CaseID: c.ID, On: day("2025-03-02"), Method: "phone", Note: " First call "}
	if err := db.AddContact(ctx, &k); err != nil {
		t.Fatal(err)
	}
	if k.ID == 0 || k.By != "key.worker" || k.Note != "First call" {
		t.Errorf("added contact = %+v, want an ID, by the actor, the note trimmed", k)
	}
	wantCode(t, "adding a stored contact", db.AddContact(ctx, &k), cdop.EINVALID)
	h := mustHistory(t, db, c.ID)
	want := []cdop.FieldChange{{Field: "contact_id", New: itoa(k.ID)}, {Field: "on", New: "2025-03-02"}, {Field: "method", New: "phone"},
		{Field: "note", New: "First call"}, {Field: "by", New: "key.worker"}}
	if got := h[len(h)-1]; got.Action != "contact" || !reflect.DeepEqual(got.Changes, want) {
		t.Errorf("contact audit row = %+v\nwant changes %+v", got, want)
	}
}

func TestPauseAndResumeClock(t *testing.T) {
	db := MustOpenDB(t)
	ctx := ctxAs("jane.coordinator")
	c := newOpenCase(&caseGen{})
	mustCreate(t, db, c)

	wantFieldError(t, "invalid pause", db.PauseClock(ctx, &cdop.ClockPause{CaseID: c.ID, Deadline: "lunch", From: testDay}), "deadline", "reason")
	wantCode(t, "pause of no case", db.PauseClock(ctx, &cdop.ClockPause{CaseID: "nope", Deadline: cdop.DeadlineCDRM, From: testDay, Reason: "x"}),
		cdop.ENOTFOUND)

	inquest := cdop.ClockPause{CaseID: c.ID, Deadline: cdop.DeadlineCDOPReview, From: day("2025-04-01"), Reason: " Awaiting inquest "}
	if err := db.PauseClock(ctx, &inquest); err != nil {
		t.Fatal(err)
	}
	if inquest.ID == 0 || inquest.Reason != "Awaiting inquest" {
		t.Errorf("pause = %+v, want an ID and the reason trimmed", inquest)
	}
	wantCode(t, "second running pause", db.PauseClock(ctx, &cdop.ClockPause{CaseID: c.ID, Deadline: cdop.DeadlineCDOPReview, From: day("2025-05-01"), Reason: "Police"}),
		cdop.ECONFLICT, "already paused since 1 Apr 2025 (Awaiting inquest)")
	postMortem := cdop.ClockPause{CaseID: c.ID, Deadline: cdop.DeadlineCDRM, From: day("2025-05-01"), Reason: "Awaiting post-mortem report"}
	if err := db.PauseClock(ctx, &postMortem); err != nil {
		t.Errorf("pause of another clock: %v", err)
	}

	wantFieldError(t, "restart before the pause", db.ResumeClock(ctx, inquest.ID, day("2025-03-31")), "to")
	wantFieldError(t, "restart on no date", db.ResumeClock(ctx, inquest.ID, cdop.Date{}), "to")
	wantCode(t, "restart of no pause", db.ResumeClock(ctx, 999, testDay), cdop.ENOTFOUND)
	if err := db.ResumeClock(ctx, inquest.ID, day("2025-05-20")); err != nil {
		t.Fatal(err)
	}
	wantCode(t, "restart twice", db.ResumeClock(ctx, inquest.ID, day("2025-05-21")), cdop.ECONFLICT, "already ended on 20 May 2025")

	wantCode(t, "overlapping pause", db.PauseClock(ctx, &cdop.ClockPause{CaseID: c.ID, Deadline: cdop.DeadlineCDOPReview,
		From: day("2025-05-10"), To: day("2025-05-25"), Reason: "Overlap"}), cdop.ECONFLICT, "cannot overlap")
	next := cdop.ClockPause{CaseID: c.ID, Deadline: cdop.DeadlineCDOPReview, From: day("2025-05-20"), Reason: "Awaiting LCSPR"}
	if err := db.PauseClock(ctx, &next); err != nil {
		t.Errorf("pause from the day the last one ended: %v", err)
	}

	f := mustFile(t, db, c.ID)
	inquest.To = day("2025-05-20")
	if want := []cdop.ClockPause{inquest, postMortem, next}; !reflect.DeepEqual(f.Pauses, want) {
		t.Errorf("pauses = %+v\nwant %+v", f.Pauses, want)
	}
	var pauseRows [][]cdop.FieldChange
	for _, e := range mustHistory(t, db, c.ID) {
		if e.Action == "pause" {
			pauseRows = append(pauseRows, e.Changes)
		}
	}
	id := itoa(inquest.ID)
	wantRows := [][]cdop.FieldChange{
		{{Field: "pause_id", New: id}, {Field: "deadline", New: "cdop_review"}, {Field: "from", New: "2025-04-01"}, {Field: "reason", New: "Awaiting inquest"}},
		{{Field: "pause_id", New: itoa(postMortem.ID)}, {Field: "deadline", New: "cdrm"}, {Field: "from", New: "2025-05-01"}, {Field: "reason", New: "Awaiting post-mortem report"}},
		{{Field: "pause_id", Old: id, New: id}, {Field: "to", New: "2025-05-20"}},
		{{Field: "pause_id", New: itoa(next.ID)}, {Field: "deadline", New: "cdop_review"}, {Field: "from", New: "2025-05-20"}, {Field: "reason", New: "Awaiting LCSPR"}},
	}
	if !reflect.DeepEqual(pauseRows, wantRows) {
		t.Errorf("pause audit rows = %+v\nwant %+v", pauseRows, wantRows)
	}
}

func TestSettings(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cases.db")
	db := MustOpenDBAt(t, path, cdop.FixedClock(testNow))
	ctx := ctxAs("sam.chair")

	s, err := db.Settings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(s, cdop.DefaultSettings) {
		t.Errorf("settings of a new database = %+v, want the defaults %+v", s, cdop.DefaultSettings)
	}

	wantFieldError(t, "negative target", db.SaveSettings(ctx, cdop.Settings{CDRMMonths: -1, ExtraHolidays: []cdop.Date{{}}}),
		"cdrm_months", "extra_holidays")

	saved := cdop.Settings{AgencyReportDays: 21, DueSoonDays: 10,
		ExtraHolidays: []cdop.Date{day("2025-12-29"), day("2025-07-14"), day("2025-12-29")}}
	if err := db.SaveSettings(ctx, saved); err != nil {
		t.Fatal(err)
	}
	if err := db.SaveSettings(ctx, saved); err != nil { // no change: no audit row
		t.Fatal(err)
	}
	want := cdop.DefaultSettings
	want.AgencyReportDays, want.DueSoonDays = 21, 10
	want.ExtraHolidays = []cdop.Date{day("2025-07-14"), day("2025-12-29")}
	if got, err := db.Settings(ctx); err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("settings = %+v, %v\nwant %+v", got, err, want)
	}
	var stored string
	if err := rawDB(t, path).QueryRow(`SELECT value FROM settings WHERE key = 'extra_holidays'`).Scan(&stored); err != nil || stored != "2025-07-14 | 2025-12-29" {
		t.Errorf("stored extra holidays = %q (%v)", stored, err)
	}

	audit := nonCaseAudit(t, db)
	wantChanges := []cdop.FieldChange{
		{Field: "agency_report_days", Old: "28", New: "21"},
		{Field: "due_soon_days", Old: "7", New: "10"},
		{Field: "extra_holidays", New: "2025-07-14 | 2025-12-29"},
	}
	if len(audit) != 1 || audit[0].Action != "settings" || audit[0].Actor != "sam.chair" || !reflect.DeepEqual(audit[0].Changes, wantChanges) {
		t.Errorf("settings audit = %+v\nwant one row with changes %+v", audit, wantChanges)
	}

	another := MustOpenDBAt(t, path, cdop.FixedClock(testNow))
	if got, err := another.Settings(ctx); err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("settings read by another handle = %+v, %v; want %+v", got, err, want)
	}
}
