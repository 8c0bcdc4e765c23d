package demo_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"casemanager/cdop"
	"casemanager/demo"
	"casemanager/storage"
)

func TestLoadIntoSQLite(t *testing.T) {
	ctx := context.Background()
	db, err := storage.Open(filepath.Join(t.TempDir(), "demo.db"), cdop.FixedClock(today.Time().Add(12*time.Hour)))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	sum, err := demo.Load(ctx, db, db, db, demo.Options{Years: 5, PerYear: 60, Seed: 3, Today: today})
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	files, err := db.OpenCaseFiles(ctx)
	if err != nil {
		t.Fatal(err)
	}
	closed, err := db.FindCases(ctx, cdop.CaseFilter{Stage: cdop.StageClosed})
	if err != nil {
		t.Fatal(err)
	}
	agencies, err := db.Agencies(ctx)
	if err != nil {
		t.Fatal(err)
	}
	meetings, err := db.Meetings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	recs, err := db.Recommendations(ctx)
	if err != nil {
		t.Fatal(err)
	}
	got := demo.Summary{Cases: len(files) + len(closed), Agencies: len(agencies), Meetings: len(meetings), Recommendations: len(recs)}
	for _, f := range files {
		got.Requests += len(f.Requests)
		got.Contacts += len(f.Contacts)
		got.Pauses += len(f.Pauses)
		for _, r := range f.Requests {
			ret, err := db.Return(ctx, r.ID)
			if err != nil {
				t.Fatal(err)
			}
			if ret != nil {
				got.Returns++
				if r.Status() != cdop.RequestReceived {
					t.Errorf("%s: a return to a request %s", r.CaseID, r.Status())
				}
			}
		}
	}
	if sum.Returns == 0 {
		t.Error("the demo holds no agency's return")
	}
	for _, m := range meetings {
		got.AgendaItems += len(m.Agenda)
	}
	for _, r := range recs {
		got.RecommendationUpdates += len(r.Updates)
	}
	if got != sum {
		t.Errorf("stored %+v; Load said %+v", got, sum)
	}
	checkDashboard(t, files)
	all, err := db.FindCases(ctx, cdop.CaseFilter{})
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]*cdop.Case{}
	for _, c := range all {
		byID[c.ID] = c
	}
	checkMeetings(t, meetings, recs, byID)
	// The store lists the overdue recommendations first.
	for i := 1; i < len(recs); i++ {
		if recs[i].Overdue(today) && !recs[i-1].Overdue(today) {
			t.Errorf("recommendation %d is overdue and listed after one that is not", recs[i].ID)
		}
	}

	// Loading again adds cases but no agencies.
	again, err := demo.Load(ctx, db, db, db, demo.Options{Years: 1, PerYear: 20, Seed: 4, Today: today})
	if err != nil {
		t.Fatalf("second Load: %v", err)
	}
	if again.Agencies != 0 || again.AgenciesReused != len(agencies) {
		t.Errorf("second Load = %+v; want the %d agencies reused", again, len(agencies))
	}
}
