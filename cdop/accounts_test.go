package cdop_test

import (
	"strings"
	"testing"
	"time"

	"casemanager/cdop"
)

// TestRoleMatrix is the table of who may do what: each role alone against
// every action, allowed or refused with a message naming the role needed.
func TestRoleMatrix(t *testing.T) {
	const (
		C = 1 << iota // coordinator
		P             // panel member
		D             // data lead
		A             // administrator
	)
	want := map[cdop.Action]int{
		cdop.ActViewCases: C, cdop.ActEditCases: C, cdop.ActImport: C, cdop.ActExportFull: C,
		cdop.ActSummary: C, cdop.ActAnonymisedCase: C, cdop.ActMeetings: C, cdop.ActPanelView: C | P,
		cdop.ActRecommendations: C, cdop.ActAgencies: C, cdop.ActExtract: D, cdop.ActAnnualReport: D,
		cdop.ActUsers: A, cdop.ActSettings: A, cdop.ActBackup: A, cdop.ActRestore: A, cdop.ActAudit: A,
		cdop.ActCheck: A, cdop.ActDemo: A, cdop.ActMigrateDatabase: A, cdop.ActOwnPassword: C | P | D | A,
	}
	if len(want) != len(cdop.Actions()) {
		t.Fatalf("the table covers %d actions; cdop has %d", len(want), len(cdop.Actions()))
	}
	roles := []struct {
		bit  int
		role cdop.Role
	}{{C, cdop.RoleCoordinator}, {P, cdop.RolePanel}, {D, cdop.RoleDataLead}, {A, cdop.RoleAdmin}}
	for _, a := range cdop.Actions() {
		for _, r := range roles {
			u := &cdop.User{Name: "Sam", Roles: []cdop.Role{r.role}}
			allowed := want[a]&r.bit != 0
			err := cdop.Allow(u, a)
			switch {
			case allowed && err != nil:
				t.Errorf("%s may %s, but was refused: %v", r.role, a, err)
			case !allowed && err == nil:
				t.Errorf("%s may not %s, but was allowed", r.role, a)
			case !allowed && cdop.ErrorCode(err) != cdop.EFORBIDDEN:
				t.Errorf("%s refused %s with code %q; want forbidden", r.role, a, cdop.ErrorCode(err))
			case !allowed:
				for _, need := range cdop.RolesFor(a) {
					if !strings.Contains(err.Error(), need.Label()) {
						t.Errorf("the refusal of %s to %s does not name the %s role: %q", a, r.role, need.Label(), err)
					}
				}
			}
		}
	}
	// Roles combine: a coordinator who is also a data lead may do both.
	both := &cdop.User{Roles: []cdop.Role{cdop.RoleCoordinator, cdop.RoleDataLead}}
	if !both.Can(cdop.ActExportFull) || !both.Can(cdop.ActExtract) || both.Can(cdop.ActUsers) {
		t.Error("combined roles do not add up")
	}
	if err := cdop.Allow(nil, cdop.ActViewCases); cdop.ErrorCode(err) != cdop.EUNAUTHENTICATED {
		t.Errorf("no user: %v; want unauthenticated", err)
	}
}

func TestParseRoles(t *testing.T) {
	got, err := cdop.ParseRoles(" coordinator,admin,coordinator ")
	if err != nil || len(got) != 2 || got[0] != cdop.RoleCoordinator || got[1] != cdop.RoleAdmin {
		t.Errorf("ParseRoles = %v, %v", got, err)
	}
	for _, bad := range []string{"", ",", "superuser", "coordinator,Admin"} {
		if _, err := cdop.ParseRoles(bad); cdop.ErrorCode(err) != cdop.EINVALID {
			t.Errorf("ParseRoles(%q) = %v; want an invalid error", bad, err)
		}
	}
}

func TestPasswordAndNameRules(t *testing.T) {
	for _, tt := range []struct {
		name, password string
		ok             bool
		says           string
	}{
		{"sam", "correct horse battery", true, ""},
		{"sam", "short pass1", false, "at least 12"},
		{"samuel.jones", "Samuel.Jones", false, "not be the user's name"},
		{"sam", "twelve chars\x00", false, "control character"},
		{"sam", "ŁódźŁódźŁódź", true, ""},
	} {
		err := cdop.CheckPassword(tt.name, tt.password)
		if (err == nil) != tt.ok || err != nil && !strings.Contains(err.Error(), tt.says) {
			t.Errorf("CheckPassword(%q) = %v", tt.password, err)
		}
		if err != nil && strings.Contains(err.Error(), tt.password) {
			t.Errorf("the refusal repeats the password: %v", err)
		}
	}
	for _, tt := range []struct {
		name string
		ok   bool
	}{{"Sam Okafor", true}, {"j.smith@council.gov.uk", true}, {"", false}, {" sam", false}, {"sam\x1b", false}, {strings.Repeat("a", 101), false}} {
		if err := cdop.CheckUserName(tt.name); (err == nil) != tt.ok {
			t.Errorf("CheckUserName(%q) = %v", tt.name, err)
		}
	}
}

func TestLockout(t *testing.T) {
	now := time.Date(2026, 12, 6, 9, 0, 0, 0, time.UTC)
	p := cdop.DefaultSignInPolicy
	u := &cdop.User{Name: "sam"}
	for i := 1; i < p.MaxFailures; i++ {
		if u.SignInFailed(now, p) {
			t.Fatalf("locked after %d failures; want %d", i, p.MaxFailures)
		}
		if r := u.SignInRefusal(now); r != "" {
			t.Fatalf("refused after %d failures: %s", i, r)
		}
	}
	if !u.SignInFailed(now, p) {
		t.Fatalf("not locked after %d failures", p.MaxFailures)
	}
	if r := u.SignInRefusal(now.Add(14 * time.Minute)); !strings.Contains(r, "locked") {
		t.Errorf("14 minutes later: %q; want locked", r)
	}
	if r := u.SignInRefusal(now.Add(15 * time.Minute)); r != "" {
		t.Errorf("15 minutes later: %q; want open", r)
	}
	u.SignInFailed(now, p)
	u.SignedIn()
	if u.FailedSignIns != 0 {
		t.Error("a good password does not reset the count")
	}
	u.Disabled = true
	if r := u.SignInRefusal(now); !strings.Contains(r, "disabled") {
		t.Errorf("disabled account: %q", r)
	}
}
