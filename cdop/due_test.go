package cdop_test

import (
	"context"
	"errors"
	"maps"
	"slices"
	"testing"

	"casemanager/cdop"
)

// openFiles is a FlowService that only has open case files and settings.
type openFiles struct {
	cdop.FlowService // nil: any other call panics
	files            []*cdop.CaseFile
	settings         cdop.Settings
	err              error
}

func (o openFiles) Settings(context.Context) (cdop.Settings, error) { return o.settings, o.err }
func (o openFiles) OpenCaseFiles(context.Context) ([]*cdop.CaseFile, error) {
	return o.files, nil
}

func TestLoadDue(t *testing.T) {
	on := dt("2026-06-15")
	flow := openFiles{files: dueFiles(t), settings: cdop.Settings{DueSoonDays: 10}}
	due, err := cdop.LoadDue(context.Background(), flow, on)
	if err != nil {
		t.Fatal(err)
	}
	if want := cdop.DueItems(flow.files, flow.settings, on); !slices.Equal(describeDue(due.Items), describeDue(want)) {
		t.Errorf("LoadDue items = %v\nwant DueItems' %v", describeDue(due.Items), describeDue(want))
	}
	if due.On != on || due.Settings.DueSoonDays != 10 || len(due.Files) != len(flow.files) {
		t.Errorf("LoadDue = on %s, settings %+v, %d files", due.On, due.Settings, len(due.Files))
	}
	var overdue []string
	for _, it := range due.Items {
		if it.Status == cdop.DueOverdue && !slices.Contains(overdue, it.CaseID) {
			overdue = append(overdue, it.CaseID)
		}
	}
	if len(overdue) == 0 {
		t.Fatal("the fixture has no overdue deadline")
	}
	if got := slices.Sorted(maps.Keys(due.OverdueCases())); !slices.Equal(got, slices.Sorted(slices.Values(overdue))) {
		t.Errorf("OverdueCases = %v; want %v", got, overdue)
	}
	broken := errors.New("no settings")
	if _, err := cdop.LoadDue(context.Background(), openFiles{err: broken}, on); !errors.Is(err, broken) {
		t.Errorf("LoadDue with a failing service: %v", err)
	}
}

func TestDueStatusRank(t *testing.T) {
	order := []cdop.DueStatus{cdop.DueOverdue, cdop.DueSoon, cdop.DueUpcoming, cdop.DuePaused}
	for i := 1; i < len(order); i++ {
		if order[i-1].Rank() >= order[i].Rank() {
			t.Errorf("%s ranks %d, not before %s (%d)", order[i-1], order[i-1].Rank(), order[i], order[i].Rank())
		}
	}
}
