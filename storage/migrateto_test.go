package storage_test

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"casemanager/cdop"
	"casemanager/storage"
)

// otherEngine returns an empty database to copy this run's databases to:
// a file when they are on a server; a server's database when one is
// reachable and they are files (else another file).
func otherEngine(t *testing.T) string {
	t.Helper()
	if !onServer() && os.Getenv("CDOP_TEST_POSTGRES") != "" {
		return newServerDB(t)
	}
	return filepath.Join(t.TempDir(), "copy.db")
}

// fillForCopy stores a bit of everything a panel keeps: cases, records
// with sealed free text, an agency, a meeting with its agenda, a stage move.
func fillForCopy(t *testing.T, db *storage.DB) ([]*cdop.Case, *caseGen) {
	t.Helper()
	ctx := ctxAs("test")
	g := &caseGen{}
	cases := []*cdop.Case{newOpenCase(g), newOpenCase(g), caseAt(g, cdop.StageCDOPReview)}
	mustCreate(t, db, cases...)
	mustCreate(t, db, g.cases(5)...)
	police := mustAgency(t, db, "West Yorkshire Police", "police")
	if err := db.SaveRequest(ctx, &cdop.AgencyRequest{CaseID: cases[0].ID, AgencyID: police.ID, Form: "reporting_form", RequestedOn: day("2025-03-10"), Note: "Asked for the custody record"}); err != nil {
		t.Fatal(err)
	}
	if err := db.AddContact(ctx, &cdop.Contact{CaseID: cases[0].ID, On: day("2025-03-11"), Method: "phone", Note: "Spoke to the family's key worker", By: "Coordinator"}); err != nil {
		t.Fatal(err)
	}
	m := mustMeeting(t, db, cdop.Meeting{Kind: "panel", On: day("2025-06-20"), StartsAt: "10:00", Attendees: panelAttendees, Notes: "Bring the packs"})
	mustAddToAgenda(t, db, m.ID, cases[2])
	if err := db.MoveStage(ctx, cases[1].ID, cdop.StageImmediateDecisions, ""); err != nil {
		t.Fatal(err)
	}
	return cases, g
}

// TestMigrateTo_CopiesEveryRowVerified: a database copied to an empty one
// of the other engine holds every case, record and audit row as they
// were, its chain checks with the same key, and the copy serves as the
// original: the same cases, case files and history, and new writes.
func TestMigrateTo_CopiesEveryRowVerified(t *testing.T) {
	db := MustOpenDB(t)
	ctx := ctxAs("test")
	cases, g := fillForCopy(t, db)
	target := otherEngine(t)
	got, err := db.MigrateTo(ctx, target)
	if err != nil {
		t.Fatal(err)
	}
	if got.Rows["cases"] != 8 || got.Rows["audit_log"] == 0 || got.Rows["agency_requests"] != 1 || got.Rows["agenda_items"] != 1 {
		t.Errorf("rows copied %v", got.Rows)
	}
	copyDB := MustSignIn(t, MustOpenDBAt(t, target, cdop.FixedClock(testNow)))
	if err := copyDB.Check(ctx); err != nil {
		t.Errorf("the copy fails its check: %v", err)
	}
	for _, c := range cases {
		want, err := db.CaseFile(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		have, err := copyDB.CaseFile(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(want, have) {
			t.Errorf("case file %s differs in the copy:\n got %+v\nwant %+v", c.Ref, have, want)
		}
		wh, _ := db.CaseHistory(ctx, c.ID)
		hh, _ := copyDB.CaseHistory(ctx, c.ID)
		if !reflect.DeepEqual(wh, hh) {
			t.Errorf("history of %s differs in the copy", c.Ref)
		}
	}
	// The copy's audit trail is the original's, then its own sign-in.
	want, err := db.AuditTrail(ctx, cdop.AuditFilter{})
	if err != nil {
		t.Fatal(err)
	}
	have, err := copyDB.AuditTrail(ctx, cdop.AuditFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(have) != len(want)+1 || !reflect.DeepEqual(have[:len(want)], want) {
		t.Errorf("the copy's audit trail (%d rows) does not begin with the original's (%d rows)", len(have), len(want))
	}
	// The copy goes on: a new case gets a new reference and row.
	mustCreate(t, copyDB, g.next())
	if err := copyDB.Check(ctx); err != nil {
		t.Errorf("the copy after a write: %v", err)
	}
}

// TestMigrateTo_RefusesADatabaseInUse: a target holding cases is refused,
// left as it was; so is the database itself.
func TestMigrateTo_RefusesADatabaseInUse(t *testing.T) {
	db := MustOpenDB(t)
	ctx := ctxAs("test")
	mustCreate(t, db, (&caseGen{}).cases(2)...)
	target := otherEngine(t)
	other := MustOpenDBAt(t, target, cdop.FixedClock(testNow))
	if _, _, err := other.CreateFirstAdmin(ctx, "test", adminPassword); err != nil {
		t.Fatal(err)
	}
	mustCreate(t, other, (&caseGen{i: 40}).cases(1)...)
	_, err := db.MigrateTo(ctx, target)
	wantCode(t, "a target in use", err, cdop.ECONFLICT, "already holds")
	if n := len(refsIn(t, other)); n != 1 {
		t.Errorf("the refused target holds %d cases, want its 1", n)
	}
	_, err = db.MigrateTo(ctx, db.Path())
	wantCode(t, "the database itself", err, cdop.EINVALID, "this database itself")
}

// TestMigrateTo_NeedsTheKeyOfASealedDatabase: without a signed-in
// administrator nothing is copied (the copy's check needs the key).
func TestMigrateTo_NeedsTheKeyOfASealedDatabase(t *testing.T) {
	db := MustOpenDB(t)
	mustCreate(t, db, (&caseGen{}).cases(1)...)
	anon := MustOpenDBAt(t, db.Path(), cdop.FixedClock(testNow))
	target := filepath.Join(t.TempDir(), "copy.db")
	_, err := anon.MigrateTo(context.Background(), target)
	wantCode(t, "migrate unsigned", err, cdop.EUNAUTHENTICATED)
	if _, statErr := os.Stat(target); !os.IsNotExist(statErr) {
		t.Errorf("a refused copy left %s", target)
	}
}

// TestMigrateTo_CommitsNothingWhenTheCopyFailsItsCheck: a source whose
// sealed note was moved to another row behind the app's back copies, but
// the copy's check finds the note does not open there, so nothing is
// committed: the target is left empty (a file it made, removed).
func TestMigrateTo_CommitsNothingWhenTheCopyFailsItsCheck(t *testing.T) {
	db := MustOpenDB(t)
	ctx := ctxAs("test")
	fillForCopy(t, db)
	if err := db.AddContact(ctx, &cdop.Contact{CaseID: firstCaseID(t, db), On: day("2025-03-12"), Method: "email", Note: "Sent the form", By: "Coordinator"}); err != nil {
		t.Fatal(err)
	}
	mustExec(t, rawDB(t, db.Path()), `UPDATE contacts SET note = (SELECT note FROM contacts WHERE id = (SELECT min(id) FROM contacts)) WHERE id = (SELECT max(id) FROM contacts)`)
	target := otherEngine(t)
	_, err := db.MigrateTo(ctx, target)
	wantCode(t, "a copy failing its check", err, cdop.EDAMAGED, "do not decrypt", "nothing was copied")
	if storage.IsServerURL(target) {
		if n := len(refsIn(t, MustOpenDBAt(t, target, cdop.FixedClock(testNow)))); n != 0 {
			t.Errorf("the target holds %d cases after a failed copy", n)
		}
	} else if _, statErr := os.Stat(target); !os.IsNotExist(statErr) {
		t.Errorf("a failed copy left the file it made: %v", statErr)
	}
}

// firstCaseID returns the ID of the first case of db's register.
func firstCaseID(t *testing.T, db *storage.DB) string {
	t.Helper()
	cases, err := db.FindCases(context.Background(), cdop.CaseFilter{Limit: 1})
	if err != nil || len(cases) == 0 {
		t.Fatalf("no case: %v", err)
	}
	return cases[0].ID
}
