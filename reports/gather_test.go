package reports_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"casemanager/cdop"
	"casemanager/reports"
	"casemanager/storage"
)

func TestAnnualCoversDeathsAndReviewsInThePeriod(t *testing.T) {
	d := cdop.MustParseDate
	from, to := d("2025-04-01"), d("2026-03-31")
	for _, tc := range []struct {
		death, review string
		want          bool
	}{
		{"2025-04-01", "", true},           // died on the first day
		{"2026-03-31", "", true},           // died on the last day
		{"2025-03-31", "", false},          // died the day before
		{"2024-12-01", "2025-06-10", true}, // died before, reviewed in it
		{"2024-12-01", "2026-04-01", false},
		{"", "", false},
	} {
		c := &cdop.Case{}
		c.DateOfDeath, _ = cdop.ParseDate(tc.death)
		c.CDOPReviewOn, _ = cdop.ParseDate(tc.review)
		if got := reports.AnnualCovers(c, from, to); got != tc.want {
			t.Errorf("died %q, reviewed %q: covered %v, want %v", tc.death, tc.review, got, tc.want)
		}
		// A voided notification and another panel's case are no figures of this panel's.
		voided, transferred := *c, *c
		voided.VoidedReason = "Logged in error"
		transferred.TransferredTo, transferred.TransferredOn = "Kent and Medway CDOP", d("2025-06-01")
		for _, x := range []*cdop.Case{&voided, &transferred} {
			if reports.AnnualCovers(x, from, to) {
				t.Errorf("died %q, reviewed %q, voided %q, transferred %q: covered", tc.death, tc.review, x.VoidedReason, x.TransferredTo)
			}
		}
	}
}

func TestAnnualIncludesRecommendationsMadeInThePeriodOrStillOpen(t *testing.T) {
	d := cdop.MustParseDate
	from, to := d("2025-04-01"), d("2026-03-31")
	for _, tc := range []struct {
		created, status string
		want            bool
	}{
		{"2025-05-01", "completed", true}, // made in the period
		{"2024-05-01", "open", true},      // made before, still open
		{"2024-05-01", "in_progress", true},
		{"2024-05-01", "completed", false}, // made before, done
		{"2026-04-02", "open", false},      // made after the period
		{"", "open", true},                 // no date recorded, open
	} {
		r := &cdop.Recommendation{Status: cdop.RecommendationStatus(tc.status)}
		r.CreatedOn, _ = cdop.ParseDate(tc.created)
		if got := reports.AnnualIncludes(r, from, to); got != tc.want {
			t.Errorf("made %q, %s: included %v, want %v", tc.created, tc.status, got, tc.want)
		}
	}
}

func TestGatherReadsThroughTheServices(t *testing.T) {
	db, err := storage.Open(filepath.Join(t.TempDir(), "cdop.db"), cdop.FixedClock(produced))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := cdop.WithActor(context.Background(), "test")
	in, out := cdop.NewCase(), cdop.NewCase()
	for i, c := range []*cdop.Case{in, out} {
		c.FirstName, c.LastName, c.Sex = "Test", []string{"Within", "Without"}[i], "female"
		c.DateOfBirth = cdop.MustParseDate("2020-01-01")
		c.DateOfDeath = cdop.MustParseDate([]string{"2025-06-01", "2024-06-01"}[i])
		c.NotifiedOn = c.DateOfDeath
		c.NHSNumberStatus = "not_available"
		if err := db.CreateCase(ctx, c); err != nil {
			t.Fatal(err)
		}
	}

	data, err := reports.GatherAnnual(ctx, db, db, db, cdop.MustParseDate("2025-04-01"), cdop.MustParseDate("2026-03-31"))
	if err != nil {
		t.Fatal(err)
	}
	if len(data.Cases) != 1 || data.Cases[0].Case.ID != in.ID || data.Disclosure.Threshold != 7 || data.Disclosure.Rounding != 5 {
		t.Errorf("gathered %d cases (want only %s), disclosure %+v", len(data.Cases), in.Ref, data.Disclosure)
	}

	f, _, err := reports.GatherSummary(ctx, db, db, in.ID)
	if err != nil || f.Case.Ref != in.Ref {
		t.Errorf("summary of %s: %v", in.Ref, err)
	}
	if _, _, _, err := reports.GatherPack(ctx, db, db, 42); cdop.ErrorCode(err) != cdop.ENOTFOUND || !strings.Contains(err.Error(), "there is no meeting 42") {
		t.Errorf("pack of a meeting that does not exist: %v", err)
	}

	opts, err := reports.NewOptions(ctx, db, cdop.FixedClock(produced), true)
	if err != nil || !opts.Anonymised || !opts.Produced.Equal(produced) || opts.Today.String() != "2026-06-15" {
		t.Errorf("options %+v, %v", opts, err)
	}
}
