package cdop_test

import (
	"context"
	"testing"

	"casemanager/cdop"
)

func TestReportProgressReachesTheListener(t *testing.T) {
	cdop.ReportProgress(context.Background(), cdop.Progress{Done: 1, Total: 2}) // no one listens: nothing happens
	var heard []cdop.Progress
	ctx := cdop.WithProgress(context.Background(), func(p cdop.Progress) { heard = append(heard, p) })
	ctx = cdop.WithActor(ctx, "ada") // a context derived from it still carries the listener
	cdop.ReportProgress(ctx, cdop.Progress{Done: 1, Total: 2, Unit: cdop.UnitCases})
	cdop.ReportProgress(ctx, cdop.Progress{Done: 2, Total: 2, Unit: cdop.UnitCases})
	if len(heard) != 2 || heard[1].Done != 2 || heard[1].Total != 2 {
		t.Errorf("heard %+v", heard)
	}
}
