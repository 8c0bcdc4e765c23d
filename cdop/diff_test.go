package cdop_test

import (
	"context"
	"testing"

	"casemanager/cdop"
)

func TestDiff(t *testing.T) {
	nhs := nhsNumber(t, "999000002")
	tests := []struct {
		name   string
		change func(c *cdop.Case)
		want   []cdop.FieldChange
	}{
		{"nothing changed", func(c *cdop.Case) {}, nil},
		{"internal fields are not columns", func(c *cdop.Case) { c.ID = "other" }, nil},
		{"one name", func(c *cdop.Case) { c.FirstName = "Zoë" },
			[]cdop.FieldChange{{Field: "first_name", Old: "Ayla", New: "Zoë"}}},
		{"NHS number in 3-3-4 form", func(c *cdop.Case) { c.NHSNumber = nhs },
			[]cdop.FieldChange{{Field: "nhs_number", Old: "999 000 0018", New: cdop.FormatNHSNumber(nhs)}}},
		{"NHS number removed, status given", func(c *cdop.Case) { c.NHSNumber, c.NHSNumberStatus = "", "non_resident" },
			[]cdop.FieldChange{
				{Field: "nhs_number", Old: "999 000 0018", New: ""},
				{Field: "nhs_number_status", Old: "", New: "non_resident"},
			}},
		{"several fields, listed in column order", func(c *cdop.Case) {
			c.Analysis.Learning = append(c.Analysis.Learning, "Check car seats")
			c.Postcode = "LS6 2QR"
			c.Analysis.Domains[1].Score = cdop.ScoreOf(2)
			c.DateOfDeath = c.DateOfDeath.AddDays(-1)
			c.Stage = cdop.StageCDOPReview
		}, []cdop.FieldChange{
			{Field: "date_of_death", Old: "2025-11-02", New: "2025-11-01"},
			{Field: "postcode", Old: "", New: "LS6 2QR"},
			{Field: "stage", Old: "closed", New: "cdop_review"},
			{Field: "domain_b_score", Old: "1", New: "2"},
			{Field: "learning", Old: "Safer sleep advice at every contact", New: "Safer sleep advice at every contact | Check car seats"},
		}},
		{"score 1 to 0 and 0 to blank", func(c *cdop.Case) {
			c.Analysis.Domains[2].Score = cdop.ScoreOf(0)
			c.Analysis.Domains[3].Score = nil
		}, []cdop.FieldChange{
			{Field: "domain_c_score", Old: "1", New: "0"},
			{Field: "domain_d_score", Old: "0", New: ""},
		}},
		{"factor removed", func(c *cdop.Case) { c.Analysis.Domains[0].Factors = c.Analysis.Domains[0].Factors[:1] },
			[]cdop.FieldChange{{Field: "domain_a_factors", Old: "unsafe sleep position | overheating", New: "unsafe sleep position"}}},
		{"modifiable outcome", func(c *cdop.Case) {
			c.Analysis.Modifiable = "identified"
			c.Analysis.Domains[0].Modifiable = []string{"overheating"}
		}, []cdop.FieldChange{
			{Field: "domain_a_modifiable", Old: "", New: "overheating"},
			{Field: "modifiable", Old: "none", New: "identified"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := closedCase(t)
			after := before.Clone()
			tt.change(after)
			got := cdop.Diff(before, after)
			if len(got) != len(tt.want) {
				t.Fatalf("Diff = %+v; want %+v", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("change %d = %+v; want %+v", i, got[i], tt.want[i])
				}
			}
		})
	}
}

func TestDiffNewCase(t *testing.T) {
	c := baseCase(t)
	got := cdop.Diff(nil, c)
	want := []cdop.FieldChange{
		{Field: "case_ref", New: "CDOP-2025-0042"},
		{Field: "first_name", New: "Ayla"},
		{Field: "last_name", New: "Thornbury"},
		{Field: "date_of_birth", New: "2015-04-10"},
		{Field: "date_of_death", New: "2025-11-02"},
		{Field: "sex", New: "female"},
		{Field: "nhs_number", New: "999 000 0018"},
		{Field: "stage", New: "notified"},
	}
	if len(got) != len(want) {
		t.Fatalf("Diff(nil, c) = %+v; want %+v", got, want)
	}
	for i := range got {
		if got[i] != want[i] {
			t.Errorf("change %d = %+v; want %+v", i, got[i], want[i])
		}
	}
}

// A clone shares nothing with the original: editing it in a form leaves the
// stored case untouched.
func TestCloneIsDeep(t *testing.T) {
	c := closedCase(t)
	c.Analysis.Domains[0].Modifiable = []string{"overheating"}
	clone := c.Clone()
	if diff := cdop.Diff(c, clone); len(diff) != 0 {
		t.Fatalf("clone differs: %v", diff)
	}
	*clone.Analysis.Domains[0].Score = 1
	clone.Analysis.Domains[0].Factors[0] = "changed"
	clone.Analysis.Domains[0].Modifiable[0] = "changed"
	clone.Analysis.Learning[0] = "changed"
	clone.FirstName = "changed"
	if diff := cdop.Diff(closedCaseWithModifiable(t), c); len(diff) != 0 {
		t.Errorf("editing the clone changed the original: %v", diff)
	}
}

func closedCaseWithModifiable(t *testing.T) *cdop.Case {
	c := closedCase(t)
	c.Analysis.Domains[0].Modifiable = []string{"overheating"}
	return c
}

func TestActor(t *testing.T) {
	ctx := context.Background()
	if got := cdop.ActorFrom(ctx); got != "unknown" {
		t.Errorf("ActorFrom(no actor) = %q; want unknown", got)
	}
	if got := cdop.ActorFrom(cdop.WithActor(ctx, "")); got != "unknown" {
		t.Errorf("ActorFrom(blank actor) = %q; want unknown", got)
	}
	if got := cdop.ActorFrom(cdop.WithActor(ctx, "coordinator")); got != "coordinator" {
		t.Errorf("ActorFrom = %q; want coordinator", got)
	}
}
