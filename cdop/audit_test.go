package cdop_test

import (
	"strings"
	"testing"
	"time"

	"casemanager/cdop"
)

func TestAuditEntryMatchesText(t *testing.T) {
	e := cdop.AuditEntry{Actor: "Adam.Lee", Action: "sign_in_failed"}
	for _, tc := range []struct {
		user, action string
		want         bool
	}{
		{"", "", true},
		{"adam", "", true},
		{"LEE", "", true},
		{" lee ", "", true}, // spaces typed around a name are not part of it
		{"ada", "SIGN", true},
		{"", "failed", true},
		{"bob", "", false},
		{"", "output", false},
		{"adam", "output", false},
	} {
		if got := e.MatchesText(tc.user, tc.action); got != tc.want {
			t.Errorf("MatchesText(%q, %q) = %v; want %v", tc.user, tc.action, got, tc.want)
		}
	}
}

func TestAuditEntryRowFollowsTheColumns(t *testing.T) {
	e := cdop.AuditEntry{ID: 42, At: time.Date(2026, 11, 23, 10, 0, 0, 0, time.FixedZone("BST", 3600)), Actor: "Ada",
		CaseRef: "CDOP-2026-0001", Action: "update", Changes: []cdop.FieldChange{{Field: "postcode", Old: "LS1 1AA", New: "LS6 2QR"}}}
	row := e.Row()
	if len(row) != len(cdop.AuditColumns) {
		t.Fatalf("%d cells under %d columns", len(row), len(cdop.AuditColumns))
	}
	want := []string{"42", "2026-11-23T09:00:00Z", "Ada", "CDOP-2026-0001", "update", "postcode: LS1 1AA → LS6 2QR"}
	if strings.Join(row, "|") != strings.Join(want, "|") {
		t.Errorf("Row() = %q; want %q", row, want)
	}
}
