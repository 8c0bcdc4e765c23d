package cdop_test

import (
	"testing"

	"casemanager/cdop"
)

func TestDaysLeft(t *testing.T) {
	today := cdop.MustParseDate("2026-11-23")
	for _, tt := range []struct {
		target string
		want   string
	}{
		{"2026-11-23", "due today"},
		{"2026-11-24", "1 day left"},
		{"2026-12-01", "8 days left"},
		{"2026-11-22", "1 day over"},
		{"2026-01-01", "326 days over"},
	} {
		if got := cdop.DaysLeft(today, cdop.MustParseDate(tt.target)); got != tt.want {
			t.Errorf("DaysLeft(%s, %s) = %q, want %q", today, tt.target, got, tt.want)
		}
	}
}
