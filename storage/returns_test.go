package storage_test

import (
	"context"
	"reflect"
	"testing"

	"casemanager/cdop"
)

func TestReturns_TypedThenImportedAreKeptPerRequestAndAudited(t *testing.T) {
	db := MustOpenDB(t)
	ctx := ctxAs("jane.coordinator")
	c := newOpenCase(&caseGen{})
	mustCreate(t, db, c)
	police := mustAgency(t, db, "West Yorkshire Police", "police")
	r := mustRequest(t, db, cdop.AgencyRequest{CaseID: c.ID, AgencyID: police.ID, Form: "drowning", RequestedOn: day("2025-03-10")})
	other := mustRequest(t, db, cdop.AgencyRequest{CaseID: c.ID, AgencyID: police.ID, Form: "reporting_form", RequestedOn: day("2025-03-10")})

	if got, err := db.Return(context.Background(), r.ID); err != nil || got != nil {
		t.Fatalf("a request with nothing returned: %+v, %v", got, err)
	}
	typed := cdop.AgencyReturn{RequestID: r.ID, Answers: map[string]string{"supervised": " No ", "water_type": "inland_open", "rescue": "not known"}}
	if err := db.SaveReturn(ctx, &typed); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"supervised": "no", "water_type": "inland_open", "rescue": cdop.AnswerNotKnown}
	got, err := db.Return(context.Background(), r.ID)
	if err != nil || got == nil || !reflect.DeepEqual(got.Answers, want) || got.Form != "drowning" || got.Source != cdop.ReturnTyped || got.CaseID != c.ID {
		t.Fatalf("the typed return read back = %+v, %v; want answers %v", got, err, want)
	}
	row := lastRow(t, db, c.ID, "return")
	rid := itoa(r.ID)
	wantChanges := []cdop.FieldChange{{Field: "request_id", Old: rid, New: rid}, {Field: "return_source", New: "typed"},
		{Field: "return.water_type", New: "inland_open"}, {Field: "return.supervised", New: "no"}, {Field: "return.rescue", New: "not_known"}}
	if !reflect.DeepEqual(row.Changes, wantChanges) || row.Actor != "test" {
		t.Errorf("audit row = %+v\nwant %+v", row, wantChanges)
	}
	// The case's file carries it, beside its request; the other request has none.
	f := mustFile(t, db, c.ID)
	if f.ReturnFor(r.ID) == nil || f.ReturnFor(other.ID) != nil || len(f.Returns) != 1 {
		t.Errorf("the case file's returns = %+v", f.Returns)
	}

	// An import that leaves an item blank is refused, and nothing changes.
	partial := cdop.AgencyReturn{RequestID: r.ID, Source: cdop.ReturnImported, Answers: map[string]string{"supervised": "yes"}}
	wantCode(t, "an import with blanks", db.ImportReturn(ctx, &partial), cdop.EINVALID, "water_type: has no answer")
	if got, _ := db.Return(context.Background(), r.ID); !reflect.DeepEqual(got.Answers, want) {
		t.Errorf("a refused import changed the return: %v", got.Answers)
	}
	// A whole one replaces it.
	form, _ := cdop.ReturnFormFor("drowning")
	whole := map[string]string{}
	for _, it := range form.Items() {
		whole[it.ID] = cdop.AnswerNotApplicable
	}
	whole["supervised"] = "yes"
	imported := cdop.AgencyReturn{RequestID: r.ID, Source: cdop.ReturnImported, Answers: whole}
	if err := db.ImportReturn(ctx, &imported); err != nil {
		t.Fatal(err)
	}
	if got, _ := db.Return(context.Background(), r.ID); !reflect.DeepEqual(got.Answers, whole) || got.Source != cdop.ReturnImported {
		t.Errorf("after the import = %+v", got)
	}
	if row := lastRow(t, db, c.ID, "return"); len(row.Changes) != 2+len(whole) {
		t.Errorf("the import's audit row has %d changes; want the request, the source and %d items: %+v", len(row.Changes), len(whole), row.Changes)
	}
	// Saving the same again writes nothing.
	n := len(mustHistory(t, db, c.ID))
	same := imported
	if err := db.ImportReturn(ctx, &same); err != nil || len(mustHistory(t, db, c.ID)) != n {
		t.Errorf("an unchanged return: %v, %d audit rows; want %d", err, len(mustHistory(t, db, c.ID)), n)
	}
}

func TestReturns_Refusals(t *testing.T) {
	db := MustOpenDB(t)
	ctx := ctxAs("test")
	c := newOpenCase(&caseGen{})
	mustCreate(t, db, c)
	health := mustAgency(t, db, "Calder Health", "health")
	declined := mustRequest(t, db, cdop.AgencyRequest{CaseID: c.ID, AgencyID: health.ID, Form: "reporting_form", RequestedOn: day("2025-03-10"),
		DeclinedOn: day("2025-03-20"), DeclineReason: "Not known to the service"})
	r := mustRequest(t, db, cdop.AgencyRequest{CaseID: c.ID, AgencyID: health.ID, Form: "cardiac", RequestedOn: day("2025-03-10")})

	wantCode(t, "no such request", db.SaveReturn(ctx, &cdop.AgencyReturn{RequestID: 999, Answers: map[string]string{}}), cdop.ENOTFOUND, "999")
	wantCode(t, "a declined request", db.SaveReturn(ctx, &cdop.AgencyReturn{RequestID: declined.ID, Answers: map[string]string{"known_to_agency": "yes"}}),
		cdop.ECONFLICT, "declined")
	wantCode(t, "an item of another form", db.SaveReturn(ctx, &cdop.AgencyReturn{RequestID: r.ID, Answers: map[string]string{"sleep_place": "cot"}}),
		cdop.EINVALID, "sleep_place")
	// A read-only (voided) case takes no return.
	voided := mustFile(t, db, c.ID).Case
	voided.VoidedReason = "logged in error"
	if err := db.UpdateCase(ctx, voided); err != nil {
		t.Fatal(err)
	}
	wantCode(t, "a voided case", db.SaveReturn(ctx, &cdop.AgencyReturn{RequestID: r.ID, Answers: map[string]string{"diagnosis": "not known"}}), cdop.ECONFLICT)
}

// A duplicate merged into the existing case brings its requests' returns
// with them, still opening.
func TestReturns_MoveWithTheirRequestsInAMerge(t *testing.T) {
	db := MustOpenDB(t)
	existing, newer, _ := lookAlikes(t, db)
	req := mustFile(t, db, newer.ID).Requests[0]
	ret := cdop.AgencyReturn{RequestID: req.ID, Answers: map[string]string{"events": "Seen by the health visitor the week before"}}
	if err := db.SaveReturn(ctxAs("test"), &ret); err != nil {
		t.Fatal(err)
	}
	if err := db.MergeCases(ctxAs("jane"), existing, newer, nil); err != nil {
		t.Fatal(err)
	}
	f := mustFile(t, db, existing.ID)
	got := f.ReturnFor(req.ID)
	if got == nil || got.CaseID != existing.ID || got.Answers["events"] != "Seen by the health visitor the week before" {
		t.Fatalf("the moved request's return on the existing case = %+v (returns %+v)", got, f.Returns)
	}
	if gone := mustFile(t, db, newer.ID); len(gone.Returns) != 0 {
		t.Errorf("the merged notification keeps returns: %+v", gone.Returns)
	}
}
