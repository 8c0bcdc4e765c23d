package storage_test

import (
	"context"
	"testing"
)

func TestSettings_DisclosureAndFootprintRoundTrip(t *testing.T) {
	db := MustOpenDB(t)
	ctx := context.Background()
	s, err := db.Settings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if s.DisclosureThreshold != 7 || s.DisclosureRounding != 5 || s.DisclosureMarker != "*" || s.Footprint != "" {
		t.Errorf("defaults: threshold %d, rounding %d, marker %q, footprint %q; want NHS practice: 7, 5, \"*\", \"\"",
			s.DisclosureThreshold, s.DisclosureRounding, s.DisclosureMarker, s.Footprint)
	}
	s.DisclosureThreshold, s.DisclosureRounding, s.DisclosureMarker, s.Footprint = 4, 1, "c", "  Calder and Aire CDOP "
	if err := db.SaveSettings(ctx, s); err != nil {
		t.Fatal(err)
	}
	got, err := db.Settings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got.DisclosureThreshold != 4 || got.DisclosureRounding != 1 || got.DisclosureMarker != "c" || got.Footprint != "Calder and Aire CDOP" {
		t.Errorf("after saving: threshold %d, rounding %d, marker %q, footprint %q", got.DisclosureThreshold, got.DisclosureRounding, got.DisclosureMarker, got.Footprint)
	}
}

func TestSettings_QuorumGroupsRoundTrip(t *testing.T) {
	db := MustOpenDB(t)
	ctx := context.Background()
	s, err := db.Settings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	s.QuorumGroups = [][]string{{"health"}, {"police", "childrens_social_care"}}
	if err := db.SaveSettings(ctx, s); err != nil {
		t.Fatal(err)
	}
	got, err := db.Settings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.QuorumGroups) != 2 || len(got.QuorumGroups[1]) != 2 || got.QuorumGroups[1][1] != "childrens_social_care" {
		t.Errorf("quorum groups after saving: %v", got.QuorumGroups)
	}
}
