package storage_test

import (
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"casemanager/cdop"
)

func TestRecordExtract(t *testing.T) {
	db := MustOpenClearDB(t)
	summary := []cdop.FieldChange{
		{Field: "file", New: "extract-2024-25.csv"},
		{Field: "rows", New: "61"},
		{Field: "k_achieved", New: "5"},
		{Field: "key_id", New: "1a2b3c4d"},
	}
	request := []cdop.FieldChange{{Field: "file", New: "extract-2024-25.csv"}, {Field: "k_requested", New: "5"}}
	begun, err := db.BeginExtract(ctxAs("data.lead"), request)
	if err != nil {
		t.Fatal(err)
	}
	// Asked for, not yet saved: recorded as begun, not in the history.
	got := nonCaseAudit(t, db)
	if len(got) != 1 || got[0].Action != "extract_begun" || got[0].Actor != "data.lead" || !reflect.DeepEqual(got[0].Changes, request) {
		t.Errorf("audit rows of no case = %+v, want the extract asked for", got)
	}
	if history, err := db.ExtractHistory(ctxAs("x")); err != nil || len(history) != 0 {
		t.Errorf("ExtractHistory of an extract not saved = %+v, %v", history, err)
	}

	if err := db.RecordExtract(ctxAs("data.lead"), begun, summary); err != nil {
		t.Fatal(err)
	}
	want := append([]cdop.FieldChange{{Field: "begun_row", New: strconv.FormatInt(begun, 10)}}, summary...)
	got = nonCaseAudit(t, db)
	if len(got) != 2 || got[1].Action != "extract" || got[1].Actor != "data.lead" || !got[1].At.Equal(testNow) ||
		!reflect.DeepEqual(got[1].Changes, want) {
		t.Errorf("audit rows of no case = %+v, want the extract's", got)
	}
	history, err := db.ExtractHistory(ctxAs("x"))
	if err != nil {
		t.Fatal(err)
	}
	if len(history) != 1 || history[0].Actor != "data.lead" || history[0].Action != "extract" || !reflect.DeepEqual(history[0].Changes, want) {
		t.Errorf("ExtractHistory = %+v", history)
	}
	wantCode(t, "an extract without a summary", db.RecordExtract(ctxAs("data.lead"), begun, nil), cdop.EINVALID)
	wantCode(t, "an extract saved twice", db.RecordExtract(ctxAs("data.lead"), begun, summary), cdop.EINVALID)
	wantCode(t, "an extract never begun", db.RecordExtract(ctxAs("data.lead"), begun+100, summary), cdop.EINVALID)
	_, err = db.BeginExtract(ctxAs("data.lead"), nil)
	wantCode(t, "an extract asked for without saying what", err, cdop.EINVALID)
	if n := len(nonCaseAudit(t, db)); n != 2 {
		t.Errorf("%d audit rows after the refusals, want 2", n)
	}
}

// TestAuditLog_ActionsAreTheProgramsToName: after 0008 the table lists no
// actions, so a new one needs no migration; the rule about case_id stays
// for the actions it names; and the log still cannot be changed.
func TestAuditLog_ActionsAreTheProgramsToName(t *testing.T) {
	db := MustOpenDB(t)
	c := fullCase()
	mustCreate(t, db, c)
	raw := rawDB(t, db.Path())
	for _, tc := range []struct {
		caseID any
		action any
		ok     bool
	}{
		{nil, "extract", true},
		{nil, "report", true},    // an action of a later version, about no case
		{c.ID, "reminder", true}, // and one about a case
		{c.ID, "extract", false}, // an extract is about no case
		{nil, "update", false},   // an update is about a case
		{nil, "signoff", false},
		{c.ID, "settings", false},
		{c.ID, nil, false}, // an action is required
	} {
		_, err := raw.Exec(`INSERT INTO audit_log (at, actor, case_id, action, changes) VALUES ('2025-01-01T00:00:00.000Z', 'x', ?, ?, '[]')`, tc.caseID, tc.action)
		if tc.ok && err != nil {
			t.Errorf("audit row %v of case %v: %v", tc.action, tc.caseID, err)
		} else if !tc.ok && err == nil {
			t.Errorf("audit row %v of case %v: stored, want a refusal", tc.action, tc.caseID)
		}
	}
	for _, q := range []string{`UPDATE audit_log SET actor = 'someone else'`, `DELETE FROM audit_log WHERE action = 'report'`} {
		if _, err := raw.Exec(q); err == nil || !strings.Contains(err.Error(), "the audit log cannot be changed") {
			t.Errorf("%s: error %v, want the audit log's refusal", q, err)
		}
	}
}

func TestOpen_Migrates0007DatabaseWithData(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cases.db")
	raw := mustMakeOldDB(t, path, 7)
	c := interchangeOnly(t, caseAt(&caseGen{}, cdop.StageCDRM))
	c.Ref, c.ID = "CDOP-2025-0001", "0f5c2d7e-5a43-4c1e-9d0a-6b7e1e2c3d21"
	insertOldCase(t, raw, c)
	mustExec(t, raw, `INSERT INTO audit_log (id, at, actor, case_id, action, changes) VALUES
		(51, '2025-03-02T10:00:00.000Z', 'old.user', ?, 'create', '[]'),
		(52, '2025-03-03T10:00:00.000Z', 'old.user', NULL, 'meeting', '[]'),
		(53, '2025-03-04T10:00:00.000Z', 'old.user', ?, 'signoff', '[{"field":"x","old":"","new":"y"}]')`, c.ID, c.ID)
	oldTriggers := triggersOn(t, path, "audit_log")
	raw.Close()

	db := MustOpenDBAt(t, path, cdop.FixedClock(testNow))
	if versions, _ := appliedMigrations(t, path); !slices.Equal(versions, migrationVersions(t)) {
		t.Errorf("migrations = %v, want %v", versions, migrationVersions(t))
	}
	if len(oldTriggers) != 2 {
		t.Fatalf("triggers before 0008: %v", oldTriggers)
	}
	if got := triggersOn(t, path, "audit_log"); !reflect.DeepEqual(got, oldTriggers) {
		t.Errorf("triggers on audit_log after 0008 = %v\nwant those before it: %v", got, oldTriggers)
	}
	rows, err := rawDB(t, path).Query(`SELECT id, action FROM audit_log ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for rows.Next() {
		var id, action string
		if err := rows.Scan(&id, &action); err != nil {
			t.Fatal(err)
		}
		got = append(got, id+" "+action)
	}
	rows.Close()
	if want := []string{"51 create", "52 meeting", "53 signoff"}; !slices.Equal(got, want) {
		t.Errorf("audit rows after the migration = %q, want %q", got, want)
	}
	if h := mustHistory(t, db, c.ID); len(h) != 2 || h[1].Action != "signoff" || h[1].Changes[0].New != "y" {
		t.Errorf("history after the migration = %+v", h)
	}
	var index string
	if err := rawDB(t, path).QueryRow(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'audit_log'`).Scan(&index); err != nil || index != "audit_log_case_id" {
		t.Errorf("audit_log index = %q (%v), want audit_log_case_id", index, err)
	}
	begun, err := db.BeginExtract(ctxAs("data.lead"), []cdop.FieldChange{{Field: "file", New: "x.csv"}})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.RecordExtract(ctxAs("data.lead"), begun, []cdop.FieldChange{{Field: "rows", New: "0"}}); err != nil {
		t.Errorf("an extract recorded on the migrated database: %v", err)
	}
	if err := db.Check(ctxAs("x")); err != nil {
		t.Errorf("Check after the migration: %v", err)
	}
}
