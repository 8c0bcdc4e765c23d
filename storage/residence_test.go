package storage_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"casemanager/cdop"
)

// Migrating to local authority codes maps the names typed before the list
// (any case, accents, punctuation) to their codes and audits each change;
// text naming no local authority is kept and `check` lists its case, by
// reference only, for the coordinator to fix.
func TestMigration_ResidenceCodes(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cases.db")
	raw := mustMakeOldDB(t, path, 9)
	typed := map[string]struct{ old, want string }{
		"CDOP-2024-0001": {"Leeds", "E08000035"},
		"CDOP-2024-0002": {"city of bristol", "E06000023"},
		"CDOP-2024-0003": {"  KIRKLEES ", "E08000034"},
		"CDOP-2024-0004": {"St Helens", "E08000013"},
		"CDOP-2024-0005": {"Care of Kerry ONeill", "Care of Kerry ONeill"},
		"CDOP-2024-0006": {"14 Acacia Avenue", "14 Acacia Avenue"},
		"CDOP-2024-0007": {"E08000036", "E08000036"},
	}
	ids := map[string]string{}
	i := 0
	for ref, tt := range typed {
		i++
		c := fullCase()
		c.ID = "7d1f3c52-0b8e-4a57-9a3e-0c6f1f1b2a0" + string(rune('0'+i))
		c.Ref = ref
		c.NHSNumber, c.NHSNumberStatus = "", "not_available"
		c.LastName = c.LastName + strings.Repeat("x", i)
		c.ResidenceLA = tt.old
		insertOldCase(t, raw, c)
		ids[ref] = c.ID
	}
	raw.Close()

	db := MustOpenDBAt(t, path, cdop.FixedClock(testNow))
	ctx := context.Background()
	for ref, tt := range typed {
		c, err := db.FindCaseByRef(ctx, ref)
		if err != nil {
			t.Fatal(err)
		}
		if c.ResidenceLA != tt.want {
			t.Errorf("%s: %q migrated to %q; want %q", ref, tt.old, c.ResidenceLA, tt.want)
		}
		history, err := db.CaseHistory(ctx, ids[ref])
		if err != nil {
			t.Fatal(err)
		}
		mapped := tt.old != tt.want
		if audited := len(history) == 1 && history[0].Actor == "migration" &&
			history[0].Changes[0] == (cdop.FieldChange{Field: "residence_la", Old: tt.old, New: tt.want}); audited != mapped {
			t.Errorf("%s: audit after the migration %+v; want a migration row: %v", ref, history, mapped)
		}
	}
	err := db.Check(ctx)
	if err == nil {
		t.Fatal("check found nothing; want the two cases whose residence names no local authority")
	}
	msg := err.Error()
	for _, ref := range []string{"CDOP-2024-0005", "CDOP-2024-0006"} {
		if !strings.Contains(msg, ref) {
			t.Errorf("check does not list %s: %s", ref, msg)
		}
	}
	for _, ref := range []string{"CDOP-2024-0001", "CDOP-2024-0007"} {
		if strings.Contains(msg, ref) {
			t.Errorf("check lists %s, whose residence is a code: %s", ref, msg)
		}
	}
	if strings.Contains(msg, "Kerry") || strings.Contains(msg, "Acacia") {
		t.Errorf("check repeats the text typed (it may be an address): %s", msg)
	}
	if n := strings.Count(msg, "residence_la:"); n != 2 {
		t.Errorf("check has %d findings about residence; want 2: %s", n, msg)
	}
}
