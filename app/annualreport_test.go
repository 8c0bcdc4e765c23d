package app_test

import (
	"context"
	"sync/atomic"
	"testing"

	"casemanager/cdop"
	"casemanager/storage"
)

// wholeCaseCounter is the SQLite store counting the reads of whole cases.
type wholeCaseCounter struct {
	*storage.DB
	whole atomic.Int64 // cases read whole (FindCases, CaseFile, CaseFilesOf)
}

func (c *wholeCaseCounter) FindCases(ctx context.Context, f cdop.CaseFilter) ([]*cdop.Case, error) {
	cases, err := c.DB.FindCases(ctx, f)
	c.whole.Add(int64(len(cases)))
	return cases, err
}

func (c *wholeCaseCounter) CaseFile(ctx context.Context, id string) (*cdop.CaseFile, error) {
	c.whole.Add(1)
	return c.DB.CaseFile(ctx, id)
}

func (c *wholeCaseCounter) CaseFilesOf(ctx context.Context, ids []string) ([]*cdop.CaseFile, error) {
	c.whole.Add(int64(len(ids)))
	return c.DB.CaseFilesOf(ctx, ids)
}

// TestAnnualReportScreenReadsOnlyTheDates: to say what each period holds
// the screen reads the cases' dates, never whole cases (it read every case
// whole: seconds and a gigabyte at 100,000 cases), and still counts a
// voided notification in no period.
func TestAnnualReportScreenReadsOnlyTheDates(t *testing.T) {
	h := newHarness(t)
	counter := &wholeCaseCounter{DB: h.db}
	h = newUI(t, counter, h.db)
	h.caseAtReview("Zephyrine", "Quenby-Haworth", "2025-07-09", "2025-11-14", "2026-02-17", 5150)
	h.caseAtReview("Bartholomew", "Ifeanyichukwu", "2019-01-22", "2025-06-02", "2025-09-03", 5250)
	voided := h.storeCase("Amara", "Okafor", "2024-03-14", "2025-08-18", nhsNumber(t, 11))
	v, err := cdop.Void(voided, "logged in error")
	if err != nil {
		t.Fatal(err)
	}
	if err := h.db.UpdateCase(cdop.WithActor(context.Background(), "setup"), v); err != nil {
		t.Fatal(err)
	}
	counter.whole.Store(0)
	h.tap("Annual report")
	if n := counter.whole.Load(); n != 0 {
		t.Errorf("the annual report screen read %d whole cases to list its periods", n)
	}
	if !containsPrefix(h.screenText(), "1 Apr 2025 to 31 Mar 2026: 2 deaths, 0 reviews completed") {
		t.Errorf("the screen does not say what the period holds: %q", h.screenText())
	}
	h.choose("Period", "Calendar year 2025")
	if !containsPrefix(h.screenText(), "1 Jan 2025 to 31 Dec 2025: 2 deaths") {
		t.Errorf("the calendar year holds: %q", h.screenText())
	}
}
