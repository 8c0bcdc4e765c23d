package cdop_test

import (
	"strings"
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

func TestDueItemsAsOfAnEarlierDayLeaveOutWhatHadNotStarted(t *testing.T) {
	c := cdop.NewCase()
	c.ID, c.Ref = "id-1", "CDOP-2026-0099"
	c.DateOfBirth, c.DateOfDeath, c.NotifiedOn = cdop.MustParseDate("2026-01-01"), cdop.MustParseDate("2026-11-20"), cdop.MustParseDate("2026-11-21")
	f := &cdop.CaseFile{Case: c}
	if items := cdop.DueItems([]*cdop.CaseFile{f}, cdop.Settings{}, cdop.MustParseDate("2026-04-02")); len(items) != 0 {
		t.Errorf("as of a day before the death, %d items: %+v", len(items), items)
	}
	if items := cdop.DueItems([]*cdop.CaseFile{f}, cdop.Settings{}, cdop.MustParseDate("2026-11-23")); len(items) == 0 {
		t.Error("as of after the death, no items")
	}
}

func TestQuorumGroupsAsText(t *testing.T) {
	if got := cdop.FormatQuorumGroups(cdop.QuorumTypes); got != "health | police | childrens_social_care | education/public_health" {
		t.Errorf("the default groups read %q", got)
	}
	groups, err := cdop.ParseQuorumGroups(" health | police / childrens_social_care ")
	if err != nil || cdop.FormatQuorumGroups(groups) != "health | police/childrens_social_care" {
		t.Errorf("ParseQuorumGroups = %v, %v", groups, err)
	}
	if _, err := cdop.ParseQuorumGroups("health | fire_service"); err == nil || !strings.Contains(err.Error(), `"fire_service" is not a kind of agency`) {
		t.Errorf("an unknown kind of agency: %v", err)
	}
	m := &cdop.Meeting{Kind: "panel", Attendees: []cdop.Attendee{{Name: "A", AgencyType: "health"}, {Name: "B", AgencyType: "childrens_social_care"}}}
	if w := cdop.QuorumWarnings(m, groups); len(w) != 0 {
		t.Errorf("a custom quorum met by health and social care warns %q", w)
	}
}
