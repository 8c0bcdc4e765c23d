package cdop

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"
)

// Error codes of signing in and of permissions: the command line exits
// with status 3 for both.
const (
	EUNAUTHENTICATED = "unauthenticated" // no, unknown or wrong credentials, or a locked or disabled account
	EFORBIDDEN       = "forbidden"       // signed in, but the user's roles do not allow the action
)

// Role is what a user may do; a user holds one or more.
type Role string

// The roles.
const (
	RoleCoordinator Role = "coordinator" // cases with identifiers, the flowchart, meetings, import and full export
	RolePanel       Role = "panel"       // the anonymised panel view and packs of the meetings they attend
	RoleDataLead    Role = "data_lead"   // extracts and the annual report, never an identifier
	RoleAdmin       Role = "admin"       // users, settings, backups, the audit log and checks
)

// Roles lists the roles with the words the command line and forms use.
var Roles = Enum{
	{string(RoleCoordinator), "CDOP coordinator"},
	{string(RolePanel), "Panel member"},
	{string(RoleDataLead), "Data lead"},
	{string(RoleAdmin), "Administrator"},
}

// Label returns the role as people read it.
func (r Role) Label() string { return Roles.Label(string(r)) }

// Action is something a screen or a command does that a role must allow.
type Action string

// The actions every screen and command checks before it reads anything.
const (
	ActViewCases       Action = "view_cases"         // the register, a case's page, `cases`, `due`, the dashboard
	ActEditCases       Action = "edit_cases"         // notifications, edits, stage moves, requests, contacts
	ActImport          Action = "import"             // `import`
	ActExportFull      Action = "export_full"        // `export --full`
	ActSummary         Action = "summary"            // an identifiable case summary
	ActAnonymisedCase  Action = "anonymised_summary" // an anonymised case summary of any case
	ActMeetings        Action = "meetings"           // meetings, agendas, sign-off
	ActPanelView       Action = "panel_view"         // the anonymised panel view and pack of a meeting
	ActRecommendations Action = "recommendations"    // recommendations and their progress
	ActAgencies        Action = "agencies"           // the agency directory
	ActExtract         Action = "extract"            // the anonymised dataset extract
	ActAnnualReport    Action = "annual_report"      // the annual report
	ActUsers           Action = "users"              // accounts of other users
	ActSettings        Action = "settings"           // settings
	ActBackup          Action = "backup"             // backups
	ActRestore         Action = "restore"            // restoring a backup
	ActAudit           Action = "audit"              // the audit trail
	ActCheck           Action = "check"              // the integrity check
	ActDemo            Action = "demo"               // filling a database with synthetic cases
	ActOwnPassword     Action = "own_password"       // changing one's own password
	ActMigrateDatabase Action = "migrate"            // copying the database to another
	ActNone            Action = ""                   // nothing needing a role
)

// actionLabels say what each action is, for refusals ("… needs …").
var actionLabels = map[Action]string{
	ActViewCases: "Reading cases with identifiers", ActEditCases: "Changing cases", ActImport: "Importing cases",
	ActExportFull: "The identifiable export", ActSummary: "An identifiable case summary",
	ActAnonymisedCase: "An anonymised case summary", ActMeetings: "Managing meetings",
	ActPanelView: "The panel view and pack", ActRecommendations: "Recommendations", ActAgencies: "The agency directory",
	ActExtract: "The dataset extract", ActAnnualReport: "The annual report", ActUsers: "Managing users",
	ActSettings: "Changing settings", ActBackup: "Backups", ActRestore: "Restoring a backup", ActAudit: "The audit trail",
	ActCheck: "The integrity check", ActDemo: "Demo data", ActOwnPassword: "Changing your password",
	ActMigrateDatabase: "Copying the database",
}

// permissions lists the roles that allow each action; one of them is enough.
var permissions = map[Action][]Role{
	ActViewCases:       {RoleCoordinator},
	ActEditCases:       {RoleCoordinator},
	ActImport:          {RoleCoordinator},
	ActExportFull:      {RoleCoordinator},
	ActSummary:         {RoleCoordinator},
	ActAnonymisedCase:  {RoleCoordinator},
	ActMeetings:        {RoleCoordinator},
	ActPanelView:       {RoleCoordinator, RolePanel},
	ActRecommendations: {RoleCoordinator},
	ActAgencies:        {RoleCoordinator},
	ActExtract:         {RoleDataLead},
	ActAnnualReport:    {RoleDataLead},
	ActUsers:           {RoleAdmin},
	ActSettings:        {RoleAdmin},
	ActBackup:          {RoleAdmin},
	ActRestore:         {RoleAdmin},
	ActAudit:           {RoleAdmin},
	ActCheck:           {RoleAdmin},
	ActDemo:            {RoleAdmin},
	ActMigrateDatabase: {RoleAdmin},
	ActOwnPassword:     {RoleCoordinator, RolePanel, RoleDataLead, RoleAdmin},
}

// RolesFor returns the roles that allow an action.
func RolesFor(a Action) []Role { return permissions[a] }

// Actions returns every action a role must allow, in a fixed order.
func Actions() []Action {
	out := make([]Action, 0, len(permissions))
	for a := range permissions {
		out = append(out, a)
	}
	slices.Sort(out)
	return out
}

// User is a person who signs in. Their password never leaves the vault:
// what is stored is the data key wrapped under it.
type User struct {
	ID       int64
	Name     string // the sign-in name, unique ignoring case
	Roles    []Role
	Disabled bool
	// FailedSignIns counts the wrong passwords since the last good one;
	// LockedUntil is when a locked account opens again.
	FailedSignIns int
	LockedUntil   time.Time
	CreatedAt     time.Time
}

// Has reports whether the user holds a role.
func (u *User) Has(r Role) bool { return u != nil && slices.Contains(u.Roles, r) }

// Can reports whether the user's roles allow an action.
func (u *User) Can(a Action) bool {
	if a == ActNone {
		return u != nil
	}
	for _, r := range permissions[a] {
		if u.Has(r) {
			return true
		}
	}
	return false
}

// Allow returns nil when the user may do a, or an EFORBIDDEN error saying
// which role it needs.
func Allow(u *User, a Action) error {
	if u == nil {
		return Errorf(EUNAUTHENTICATED, "sign in first")
	}
	if u.Can(a) {
		return nil
	}
	var names []string
	for _, r := range permissions[a] {
		names = append(names, "“"+r.Label()+"”")
	}
	label := actionLabels[a]
	if label == "" {
		label = string(a)
	}
	return Errorf(EFORBIDDEN, "%s needs the %s role; %s does not have it", label, strings.Join(names, " or "), u.Name)
}

// ParseRoles reads a comma-separated list of role words ("coordinator,admin").
func ParseRoles(s string) ([]Role, error) {
	var out []Role
	for _, w := range strings.Split(s, ",") {
		w = strings.TrimSpace(w)
		if w == "" {
			continue
		}
		if !Roles.Has(w) {
			return nil, Errorf(EINVALID, "%s is not a role; use one or more of: %s", Quote(w), strings.Join(Roles.Codes(), ", "))
		}
		if !slices.Contains(out, Role(w)) {
			out = append(out, Role(w))
		}
	}
	if len(out) == 0 {
		return nil, Errorf(EINVALID, "give at least one role: %s", strings.Join(Roles.Codes(), ", "))
	}
	return out, nil
}

// MinPasswordLength is the shortest password accepted.
const MinPasswordLength = 12

// CheckPassword says why a new password is not acceptable, or nil. The
// message never repeats the password.
func CheckPassword(name, password string) error {
	n := len([]rune(password))
	switch {
	case n < MinPasswordLength:
		return Errorf(EINVALID, "the password has %d characters; use at least %d (a few unrelated words make a strong one)", n, MinPasswordLength)
	case n > 1024:
		return Errorf(EINVALID, "the password is longer than 1,024 characters")
	case strings.EqualFold(strings.TrimSpace(password), strings.TrimSpace(name)):
		return Errorf(EINVALID, "the password must not be the user's name")
	case strings.IndexFunc(password, unicode.IsControl) >= 0:
		return Errorf(EINVALID, "the password holds a control character")
	}
	return nil
}

// CheckUserName says why a sign-in name is not acceptable, or nil.
func CheckUserName(name string) error {
	switch {
	case strings.TrimSpace(name) == "":
		return Errorf(EINVALID, "a user needs a name")
	case len([]rune(name)) > MaxNameLength:
		return Errorf(EINVALID, "a user's name has at most %d characters", MaxNameLength)
	case name != strings.TrimSpace(name):
		return Errorf(EINVALID, "a user's name does not start or end with a space")
	}
	for i, r := range []rune(name) {
		if !(unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune(" .-_@'’", r)) {
			return Errorf(EINVALID, "a user's name may hold letters, digits, spaces and . - _ @ ' (character %d is %s)", i+1, Quote(string(r)))
		}
	}
	return nil
}

// SignInPolicy is how many wrong passwords lock an account, for how long,
// and how long the desktop may sit idle before it locks itself.
type SignInPolicy struct {
	MaxFailures int
	LockFor     time.Duration
	IdleLock    time.Duration
}

// DefaultSignInPolicy locks an account for 15 minutes after 5 wrong
// passwords and the desktop after 10 idle minutes (Settings change them).
var DefaultSignInPolicy = DefaultSettings.SignInPolicy()

// SignInRefusal says why an account may not sign in now, before its
// password is tried: disabled, or locked until a time; "" when it may.
func (u *User) SignInRefusal(now time.Time) string {
	switch {
	case u.Disabled:
		return fmt.Sprintf("the account %s is disabled; an administrator can enable it", u.Name)
	case now.Before(u.LockedUntil):
		return fmt.Sprintf("the account %s is locked after too many wrong passwords until %s", u.Name, u.LockedUntil.Local().Format("15:04"))
	}
	return ""
}

// SignInFailed records a wrong password and reports whether the account is
// now locked.
func (u *User) SignInFailed(now time.Time, p SignInPolicy) (locked bool) {
	u.FailedSignIns++
	if u.FailedSignIns >= p.MaxFailures {
		u.LockedUntil = now.Add(p.LockFor)
		u.FailedSignIns = 0
		return true
	}
	return false
}

// SignedIn records a good password.
func (u *User) SignedIn() {
	u.FailedSignIns = 0
	u.LockedUntil = time.Time{}
}

// AllowMeeting returns nil when the user may read a meeting's anonymised
// panel view and pack: a coordinator may read every meeting's, a panel
// member only those of the meetings they attend (recorded among its
// attendees under their user name).
func AllowMeeting(u *User, m *Meeting) error {
	if err := Allow(u, ActPanelView); err != nil {
		return err
	}
	if u.Has(RoleCoordinator) {
		return nil
	}
	for _, a := range m.Attendees {
		if strings.EqualFold(strings.TrimSpace(a.Name), u.Name) {
			return nil
		}
	}
	return Errorf(EFORBIDDEN, "%s is not recorded as attending the %s; a panel member reads the packs of the meetings they attend", u.Name, m.Title())
}

// AccountService signs people in and keeps their accounts and the audit
// trail. Every method but HasUsers, CreateFirstAdmin, SignIn and Recover
// needs a signed-in user, and those about other users or the audit trail
// an administrator.
type AccountService interface {
	// HasUsers reports whether the database has its first account yet.
	HasUsers(ctx context.Context) (bool, error)
	// CreateFirstAdmin makes the first account (every role), signs it in and
	// returns the recovery key as people write it, to be shown once.
	CreateFirstAdmin(ctx context.Context, name, password string) (string, *User, error)
	// SignIn checks a password and signs its user in.
	SignIn(ctx context.Context, name, password string) (*User, error)
	// SignOut ends the session; why says how ("sign out", "idle lock").
	SignOut(ctx context.Context, why string) error
	// CurrentUser returns the signed-in user, or nil.
	CurrentUser() *User
	// Recover gives an administrator a new password with the recovery key.
	Recover(ctx context.Context, recoveryKey, adminName, password string) (*User, error)
	Users(ctx context.Context) ([]*User, error)
	AddUser(ctx context.Context, name string, roles []Role, password string) (*User, error)
	SetDisabled(ctx context.Context, name string, disabled bool) error
	ResetPassword(ctx context.Context, name, password string) error
	ChangePassword(ctx context.Context, password string) error
	// AuditTrail returns the audit rows a filter selects, oldest first.
	AuditTrail(ctx context.Context, f AuditFilter) ([]AuditEntry, error)
	// RecordView audits that identifiable data was shown: what, about a
	// case or ("") many, and how many rows.
	RecordView(ctx context.Context, what, caseID string, rows int) error
	// RecordOutput audits a file made, once it is in place: what, about a
	// case or ("") none, and how many rows, cases or pages it holds.
	RecordOutput(ctx context.Context, what, caseID string, count int) error
}
