package storage_test

import (
	"context"
	"slices"
	"testing"

	"casemanager/cdop"
)

// Each published report is recorded with its period, when, by whom and its
// figures; a period's publications come back oldest first, and the audit
// log says what was published.
func TestPublications_RecordedAndReadBack(t *testing.T) {
	db := MustOpenClearDB(t)
	ctx := ctxAs("jane.coordinator")
	fy := cdop.FinancialYearPeriod(2025)
	cells := []cdop.PublishedCell{{Table: "Place of death", Row: "Home", Column: "Deaths", Value: "*"}, {Table: "Key figures", Row: "Deaths in the period", Value: "60"}}
	first := &cdop.Publication{PeriodKey: fy.Key(), PeriodLabel: fy.Label, Cells: cells}
	if err := db.RecordPublication(ctx, first); err != nil {
		t.Fatal(err)
	}
	if first.ID == 0 || first.By != "jane.coordinator" || first.Digest != cdop.DigestCells(cells) || first.At.IsZero() {
		t.Errorf("recorded %+v", first)
	}
	second := &cdop.Publication{PeriodKey: fy.Key(), PeriodLabel: fy.Label, Cells: cells[:1]}
	if err := db.RecordPublication(ctx, second); err != nil {
		t.Fatal(err)
	}
	other := cdop.CalendarYearPeriod(2025)
	if err := db.RecordPublication(ctx, &cdop.Publication{PeriodKey: other.Key(), PeriodLabel: other.Label, Cells: cells}); err != nil {
		t.Fatal(err)
	}
	got, err := db.Publications(ctx, fy.Key())
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].ID != first.ID || !slices.Equal(got[0].Cells, cells) || got[1].Digest != cdop.DigestCells(cells[:1]) {
		t.Errorf("publications of %s: %+v", fy.Label, got)
	}
	audit := nonCaseAudit(t, db)
	last := audit[len(audit)-1]
	if last.Action != "publish" || last.Actor != "jane.coordinator" || !slices.Contains(last.Changes, cdop.FieldChange{Field: "period", New: other.Label}) {
		t.Errorf("audit of a publication: %+v", last)
	}
	if err := db.RecordPublication(ctx, &cdop.Publication{PeriodKey: fy.Key()}); cdop.ErrorCode(err) != cdop.EINVALID {
		t.Errorf("a publication without figures: %v", err)
	}
}

// A recommendation is cleared for publication, and uncleared, with an
// audit row each time; the clearance is read with the recommendation.
func TestClearForPublication(t *testing.T) {
	db := MustOpenClearDB(t)
	ctx := ctxAs("jane.coordinator")
	police := mustAgency(t, db, "West Yorkshire Police", "police")
	r := &cdop.Recommendation{Theme: "Water safety", AgencyID: police.ID, Action: "Signs at the reservoir", DueOn: day("2025-09-01")}
	if err := db.SaveRecommendation(ctx, r); err != nil {
		t.Fatal(err)
	}
	read := func() *cdop.Recommendation {
		recs, err := db.Recommendations(context.Background())
		if err != nil || len(recs) != 1 {
			t.Fatalf("recommendations: %v, %v", recs, err)
		}
		return recs[0]
	}
	if got := read(); !got.ClearedOn.IsZero() {
		t.Errorf("a new recommendation is cleared: %+v", got)
	}
	before := len(nonCaseAudit(t, db))
	if err := db.ClearForPublication(ctx, r.ID, true); err != nil {
		t.Fatal(err)
	}
	if got := read(); got.ClearedOn != testDay || got.ClearedBy != "jane.coordinator" {
		t.Errorf("cleared on %s by %q", got.ClearedOn, got.ClearedBy)
	}
	if err := db.ClearForPublication(ctx, r.ID, true); err != nil { // again: nothing to record
		t.Fatal(err)
	}
	if err := db.ClearForPublication(ctx, r.ID, false); err != nil {
		t.Fatal(err)
	}
	if got := read(); !got.ClearedOn.IsZero() || got.ClearedBy != "" {
		t.Errorf("uncleared, still %s by %q", got.ClearedOn, got.ClearedBy)
	}
	audit := nonCaseAudit(t, db)[before:]
	if len(audit) != 2 || !slices.Contains(audit[0].Changes, cdop.FieldChange{Field: "cleared_for_publication", Old: "no", New: "yes"}) ||
		!slices.Contains(audit[1].Changes, cdop.FieldChange{Field: "cleared_for_publication", Old: "yes", New: "no"}) {
		t.Errorf("audit of clearing: %+v", audit)
	}
	if err := db.ClearForPublication(ctx, 999, true); cdop.ErrorCode(err) != cdop.ENOTFOUND {
		t.Errorf("clearing a missing recommendation: %v", err)
	}
}
