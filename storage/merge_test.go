package storage_test

import (
	"context"
	"reflect"
	"testing"

	"casemanager/cdop"
	"casemanager/storage"
)

// lookAlikes stores an existing case with no NHS number and a newer
// notification that looks like the same child (confirmed distinct, so the
// store took it), each with an agency request; the newer also has a
// contact with the family.
func lookAlikes(t *testing.T, db *storage.DB) (existing, newer *cdop.Case, police cdop.Agency) {
	t.Helper()
	g := &caseGen{}
	existing = newOpenCase(g)
	existing.NHSNumber, existing.NHSNumberStatus = "", "not_available"
	existing.CoronerReferred, existing.CoronerReferredOn = "yes", day("2025-03-03")
	mustCreate(t, db, existing)
	newer = existing.Clone()
	newer.ID, newer.Ref, newer.CreatedAt, newer.UpdatedAt = "", "", existing.CreatedAt, existing.UpdatedAt
	newer.FirstName, newer.CoronerReferred, newer.CoronerReferredOn = "Baby", "no", cdop.Date{}
	for name, v := range map[string]string{"gp_practice": "Harehills Medical Practice", "notifier": "Dr Priya Shah"} {
		if err := newer.Set(name, v); err != nil {
			t.Fatal(err)
		}
	}
	newer.DistinctReason = "thought to be a twin"
	mustCreate(t, db, newer)
	police = mustAgency(t, db, "West Yorkshire Police", "police")
	health := mustAgency(t, db, "Leeds Community Healthcare", "health")
	mustRequest(t, db, cdop.AgencyRequest{CaseID: existing.ID, AgencyID: police.ID, Form: "reporting_form", RequestedOn: day("2025-03-04")})
	mustRequest(t, db, cdop.AgencyRequest{CaseID: newer.ID, AgencyID: health.ID, Form: "reporting_form", RequestedOn: day("2025-03-05"),
		Note: "asked for the health visitor's notes"})
	contact := cdop.Contact{CaseID: newer.ID, On: day("2025-03-04"), Method: "phone", By: "Sam Patel, key worker", Note: "spoke to the mother"}
	if err := db.AddContact(ctxAs("test"), &contact); err != nil {
		t.Fatal(err)
	}
	return mustFind(t, db, existing.ID), mustFind(t, db, newer.ID), police
}

func mustFind(t *testing.T, db *storage.DB, id string) *cdop.Case {
	t.Helper()
	c, err := db.FindCaseByID(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// A merge moves the newer notification's records and the values the
// existing case lacks onto the existing case, keeps the existing value of
// a conflict not chosen, voids the newer as merged, and audits both.
func TestMergeCases_MovesRecordsAndValuesAndVoidsTheNewer(t *testing.T) {
	db := MustOpenDB(t)
	existing, newer, _ := lookAlikes(t, db)
	if err := db.MergeCases(ctxAs("jane"), existing, newer, nil); err != nil {
		t.Fatal(err)
	}
	if existing.Get("notifier") != "Dr Priya Shah" || existing.Get("gp_practice") != "Harehills Medical Practice" || existing.CoronerReferred != "yes" || existing.FirstName == "Baby" {
		t.Errorf("the merged case: notifier %q, GP %q, coroner %q, first name %q", existing.Get("notifier"), existing.Get("gp_practice"), existing.CoronerReferred, existing.FirstName)
	}
	f := mustFile(t, db, existing.ID)
	if len(f.Requests) != 2 || len(f.Contacts) != 1 || f.Contacts[0].Note != "spoke to the mother" {
		t.Fatalf("the existing case's records after the merge: %d requests, %+v", len(f.Requests), f.Contacts)
	}
	notes := []string{f.Requests[0].Note, f.Requests[1].Note}
	if notes[0] != "asked for the health visitor's notes" && notes[1] != "asked for the health visitor's notes" {
		t.Errorf("the moved request's sealed note does not open on its new case: %q", notes)
	}
	gone := mustFile(t, db, newer.ID)
	if !gone.Case.Voided() || gone.Case.VoidedReason != "merged into "+existing.Ref || len(gone.Requests) != 0 || len(gone.Contacts) != 0 {
		t.Errorf("the merged-away notification: voided %q, %d requests, %d contacts", gone.Case.VoidedReason, len(gone.Requests), len(gone.Contacts))
	}
	if got := lastRow(t, db, existing.ID, "merge").Changes; !reflect.DeepEqual(got, []cdop.FieldChange{
		{Field: "merged_from", New: newer.Ref}, {Field: "records_moved", New: "1 agency request, 1 contact"}}) {
		t.Errorf("the existing case's merge row: %+v", got)
	}
	if got := lastRow(t, db, newer.ID, "merge").Changes; !reflect.DeepEqual(got, []cdop.FieldChange{{Field: "merged_into", New: existing.Ref}}) {
		t.Errorf("the newer's merge row: %+v", got)
	}
	if row := lastRow(t, db, existing.ID, "update"); row.Actor != "test" || len(row.Changes) < 2 {
		t.Errorf("the existing case's changes are not audited: %+v", row)
	}
	if dups, err := db.FindDuplicates(context.Background(), existing); err != nil || len(dups) != 0 {
		t.Errorf("after the merge the case still has look-alikes: %v %v", dups, err)
	}
}

// A merge is one transaction: when its last step is refused (the value
// chosen from the newer contradicts the existing case's referral date),
// nothing is voided, moved or audited.
func TestMergeCases_IsAllOrNothing(t *testing.T) {
	db := MustOpenDB(t)
	existing, newer, _ := lookAlikes(t, db)
	before := len(mustHistory(t, db, existing.ID)) + len(mustHistory(t, db, newer.ID))
	err := db.MergeCases(ctxAs("jane"), existing, newer, []string{"coroner_referred"})
	if cdop.ErrorCode(err) != cdop.EINVALID {
		t.Fatalf("a merge whose result is invalid: %v", err)
	}
	if n := mustFind(t, db, newer.ID); n.Voided() {
		t.Error("the newer notification was voided by a merge that failed")
	}
	if f := mustFile(t, db, newer.ID); len(f.Requests) != 1 || len(f.Contacts) != 1 {
		t.Errorf("records moved by a merge that failed: %d requests, %d contacts left", len(f.Requests), len(f.Contacts))
	}
	if e := mustFind(t, db, existing.ID); e.Get("notifier") != "" || e.CoronerReferred != "yes" {
		t.Errorf("the existing case changed: %+v", e)
	}
	if after := len(mustHistory(t, db, existing.ID)) + len(mustHistory(t, db, newer.ID)); after != before {
		t.Errorf("%d audit rows written by a merge that failed", after-before)
	}
	// A copy loaded before another change is refused, as an edit is.
	stale := existing.Clone()
	changed := existing.Clone()
	if err := changed.Set("gp_practice", "Chapeltown Surgery"); err != nil {
		t.Fatal(err)
	}
	if err := db.UpdateCase(ctxAs("jane"), changed); err != nil {
		t.Fatal(err)
	}
	if err := db.MergeCases(ctxAs("jane"), stale, newer, nil); cdop.ErrorRule(err) != cdop.RuleStaleCopy {
		t.Errorf("a merge from a stale copy: %v", err)
	}
	// Different children are never merged.
	if err := db.MergeCases(ctxAs("jane"), mustFind(t, db, existing.ID), mustFind(t, db, mustCreateOther(t, db).ID), nil); cdop.ErrorRule(err) != cdop.RuleNotAlike {
		t.Errorf("a merge of another child: %v", err)
	}
}

// mustCreateOther stores a case of another child.
func mustCreateOther(t *testing.T, db *storage.DB) *cdop.Case {
	t.Helper()
	g := &caseGen{i: 7}
	c := newOpenCase(g)
	mustCreate(t, db, c)
	return c
}
