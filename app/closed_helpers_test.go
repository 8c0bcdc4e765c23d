package app_test

import (
	"context"

	"casemanager/cdop"
)

// closedCase stores a case signed off by the panel and closed.
func (h *harness) closedCase() *cdop.Case {
	h.t.Helper()
	ctx := cdop.WithActor(context.Background(), "setup")
	c := h.caseAt(cdop.StageCDOPReview, "Amara", "Okafor", "2025-03-14", "2026-09-18", "2026-10-20", 11)
	one := 1
	c.Analysis = cdop.Analysis{Category: 9, Modifiable: "none", SignedOffOn: cdop.MustParseDate("2026-11-20")}
	for i := range c.Analysis.Domains {
		c.Analysis.Domains[i].Score = &one
	}
	c.CDOPReviewOn = cdop.MustParseDate("2026-11-20")
	if err := h.store.UpdateCase(ctx, c); err != nil {
		h.t.Fatal(err)
	}
	if err := h.store.MoveStage(ctx, c.ID, cdop.StageClosed, ""); err != nil {
		h.t.Fatal(err)
	}
	return h.caseFile(c.ID).Case
}
