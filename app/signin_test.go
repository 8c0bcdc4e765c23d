package app_test

import (
	"context"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"casemanager/app"
	"casemanager/cdop"
	"casemanager/storage"
	"casemanager/vault"
)

func init() {
	// The wrapping code is the same at any cost; the tests use a cheap one.
	storage.KDF = vault.KDF{Time: 1, MemoryKiB: 8 * 1024, Threads: 1}
}

// movingClock is a clock the test moves on (the idle lock, lockouts).
type movingClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *movingClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *movingClock) add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// newAccountsHarness is the app over a store that signs people in, as the
// real binary builds it; the store is new (no account yet) unless setup
// makes some.
func newAccountsHarness(t *testing.T, setup func(db *storage.DB)) (*harness, *movingClock) {
	t.Helper()
	test.NewTempApp(t)
	clock := &movingClock{now: today}
	db, err := storage.Open(filepath.Join(t.TempDir(), "cdop.db"), clock)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if setup != nil {
		setup(db)
		db.SignOut(context.Background(), "set up")
	}
	w := newWindow(t)
	h := &harness{t: t, window: w, db: db, store: db}
	h.ui = app.New(w, app.Services{Cases: db, Flow: db, Meetings: db, Accounts: db}, clock, "ui-test", app.ApplyOnWait())
	t.Cleanup(h.ui.Close)
	h.ui.Wait()
	return h, clock
}

// signIn signs in through the form.
func (h *harness) signIn(name, password string) {
	h.t.Helper()
	e, _ := h.entry("User name")
	e.SetText("")
	h.typeIn("User name", name)
	h.typeIn("Password", password)
	h.tap("Sign in")
}

// visibleNav lists the navigation entries shown.
func (h *harness) visibleNav() []string {
	var out []string
	for _, key := range []string{"Dashboard", "Case register", "Meetings", "My panel meetings", "Recommendations",
		"Annual report", "Dataset extract", "Agencies", "Settings", "Users", "Audit log", "New notification"} {
		if h.find(func(o fyne.CanvasObject) bool { b, ok := o.(*widget.Button); return ok && b.Text == key }) != nil {
			out = append(out, key)
		}
	}
	return out
}

func TestFirstStartMakesTheAdministratorAndShowsTheRecoveryKeyOnce(t *testing.T) {
	h, _ := newAccountsHarness(t, nil)
	if containsText(h.screenText(), "Dashboard") {
		t.Fatal("the app opened on a new database without an administrator")
	}
	h.typeIn("User name", "Ada")
	h.typeIn("Password", "correct horse battery")
	h.typeIn("Password again", "correct horse batterx")
	h.tap("Create the administrator")
	if !containsText(h.screenText(), "The two passwords differ") {
		t.Fatalf("different passwords accepted: %q", h.screenText())
	}
	again, _ := h.entry("Password again")
	again.SetText("")
	h.typeIn("Password again", "correct horse battery")
	h.tap("Create the administrator")
	key := regexp.MustCompile(`^[0-9A-Z]{4}(-[0-9A-Z]{4}){13}$`)
	var shown string
	for _, s := range h.screenText() {
		// Set out on two lines that break between groups.
		if s = strings.ReplaceAll(s, "\n", ""); key.MatchString(s) {
			shown = s
		}
	}
	if shown == "" {
		t.Fatalf("no recovery key on screen: %q", h.screenText())
	}
	if !h.button("Continue").Disabled() {
		t.Error("Continue is enabled before the recovery key is kept")
	}
	test.Tap(h.find(func(o fyne.CanvasObject) bool { _, ok := o.(*widget.Check); return ok }).(*widget.Check))
	h.tap("Continue")
	if !containsText(h.screenText(), "Signed in as Ada") {
		t.Errorf("not signed in: %q", h.screenText())
	}
	if got := h.visibleNav(); !strings.Contains(strings.Join(got, ","), "Users") || !strings.Contains(strings.Join(got, ","), "Case register") {
		t.Errorf("the administrator sees %q; want every screen", got)
	}
	// The recovery key works: it is the one the vault accepts.
	if _, err := vault.ParseRecoveryKey(shown); err != nil {
		t.Errorf("the key shown does not parse: %v", err)
	}
}

// users makes an administrator and one user of each role.
func users(db *storage.DB) {
	ctx := context.Background()
	db.CreateFirstAdmin(ctx, "Ada", "correct horse battery")
	for _, r := range []cdop.Role{cdop.RoleCoordinator, cdop.RolePanel, cdop.RoleDataLead} {
		db.AddUser(ctx, string(r), []cdop.Role{r}, string(r)+" long password")
	}
}

// TestEachRoleSeesOnlyItsScreens: the navigation hides what a role cannot
// use, and each screen refuses a user whose roles do not allow it even when
// opened another way.
func TestEachRoleSeesOnlyItsScreens(t *testing.T) {
	for _, tt := range []struct {
		role string
		sees []string
	}{
		{"coordinator", []string{"Dashboard", "Case register", "Meetings", "Recommendations", "Agencies", "New notification"}},
		{"panel", []string{"My panel meetings"}},
		{"data_lead", []string{"Annual report", "Dataset extract"}},
	} {
		t.Run(tt.role, func(t *testing.T) {
			h, _ := newAccountsHarness(t, users)
			h.signIn(tt.role, tt.role+" long password")
			if got := h.visibleNav(); strings.Join(got, ",") != strings.Join(tt.sees, ",") {
				t.Errorf("%s sees %q; want %q", tt.role, got, tt.sees)
			}
			screens := []struct {
				name   string
				action cdop.Action
				open   func()
			}{
				{"register", cdop.ActViewCases, h.ui.ShowCaseList},
				{"dashboard", cdop.ActViewCases, h.ui.ShowDashboard},
				{"new notification", cdop.ActEditCases, h.ui.ShowNewNotification},
				{"meetings", cdop.ActMeetings, h.ui.ShowMeetings},
				{"settings", cdop.ActSettings, h.ui.ShowSettings},
				{"users", cdop.ActUsers, h.ui.ShowUsers},
				{"audit log", cdop.ActAudit, h.ui.ShowAuditLog},
				{"extract", cdop.ActExtract, h.ui.ShowExtract},
				{"annual report", cdop.ActAnnualReport, h.ui.ShowAnnualReport},
			}
			user := &cdop.User{Roles: []cdop.Role{cdop.Role(tt.role)}}
			for _, s := range screens {
				s.open()
				h.ui.Wait()
				refused := containsText(h.screenText(), "role; "+tt.role+" does not have it")
				if user.Can(s.action) == refused {
					t.Errorf("%s opening %s: refused = %v; screen %q", tt.role, s.name, refused, h.screenText())
				}
			}
		})
	}
}

func TestWrongPasswordAndIdleLock(t *testing.T) {
	h, clock := newAccountsHarness(t, func(db *storage.DB) {
		users(db)
		c := cdop.NewCase()
		c.FirstName, c.LastName, c.Sex, c.NHSNumber = "Amara", "Okafor", "female", nhsNumber(t, 11)
		c.DateOfBirth, c.DateOfDeath = cdop.MustParseDate("2025-03-14"), cdop.MustParseDate("2026-11-18")
		if err := db.CreateCase(context.Background(), c); err != nil {
			t.Fatal(err)
		}
	})
	h.signIn("coordinator", "not the password")
	if !containsText(h.screenText(), "The user name or password is wrong.") {
		t.Fatalf("a wrong password: %q", h.screenText())
	}
	h.signIn("coordinator", "coordinator long password")
	h.tap("Case register")
	if !containsText(h.screenText(), "Okafor") {
		t.Fatalf("the register does not show the case: %q", h.screenText())
	}
	clock.add(9 * time.Minute)
	h.ui.CheckIdle()
	if !containsText(h.screenText(), "Okafor") {
		t.Fatal("locked after 9 idle minutes")
	}
	clock.add(time.Minute)
	h.ui.CheckIdle()
	h.ui.Wait()
	screen := strings.Join(h.screenText(), " ")
	if strings.Contains(screen, "Okafor") || strings.Contains(screen, "Amara") || !strings.Contains(screen, "Locked") {
		t.Fatalf("after 10 idle minutes the window shows %q; want only the sign-in form", screen)
	}
	if e, _ := h.entry("User name"); e.Text != "coordinator" {
		t.Error("the sign-in form does not offer the user who was signed in")
	}
	h.typeIn("Password", "coordinator long password")
	h.tap("Sign in")
	if !containsText(h.screenText(), "Okafor") {
		t.Errorf("after signing in again the register is not back: %q", h.screenText())
	}
	lines, _ := h.db.AuditLines(context.Background())
	audit := strings.Join(lines, "\n")
	for _, want := range []string{"coordinator sign_in_failed", "coordinator sign_out", "coordinator view"} {
		if !strings.Contains(audit, want) {
			t.Errorf("the audit trail lacks %q:\n%s", want, audit)
		}
	}
}

func TestAdministratorManagesUsersAndReadsTheAuditLog(t *testing.T) {
	h, _ := newAccountsHarness(t, users)
	h.signIn("Ada", "correct horse battery")
	h.tap("Users")
	for _, name := range []string{"coordinator", "panel", "data_lead"} {
		if h.rowOf(name) == nil {
			t.Fatalf("no row for %s: %q", name, h.screenText())
		}
	}
	h.tapInRow("panel", "Disable")
	if row := h.rowOf("panel"); !strings.Contains(strings.Join(row, " "), "Disabled") {
		t.Errorf("panel's row after Disable: %q", row)
	}
	h.tap("Audit log")
	if !containsText(h.screenText(), "disable panel") {
		t.Errorf("the audit log does not show the change: %q", h.screenText())
	}
}

// TestIdleLockMinutesAreASetting: an administrator sets the idle minutes
// and the desktop locks after them.
func TestIdleLockMinutesAreASetting(t *testing.T) {
	h, clock := newAccountsHarness(t, func(db *storage.DB) {
		users(db)
		s, _ := db.Settings(context.Background())
		s.IdleLockMinutes = 2
		if err := db.SaveSettings(context.Background(), s); err != nil {
			t.Fatal(err)
		}
	})
	h.signIn("coordinator", "coordinator long password")
	clock.add(90 * time.Second)
	h.ui.CheckIdle()
	if containsText(h.screenText(), "Locked") {
		t.Fatal("locked after 90 idle seconds; the setting is 2 minutes")
	}
	clock.add(30 * time.Second)
	h.ui.CheckIdle()
	h.ui.Wait()
	if !containsText(h.screenText(), "Locked: sign in again to go on where you were.") {
		t.Errorf("not locked after 2 idle minutes: %q", h.screenText())
	}
}

// TestDesktopOutputsAreAudited: a summary exported from the desktop is
// recorded in the audit trail once the file is in place, as the command
// line's are.
func TestDesktopOutputsAreAudited(t *testing.T) {
	var id string
	h, _ := newAccountsHarness(t, func(db *storage.DB) {
		users(db)
		c := cdop.NewCase()
		c.FirstName, c.LastName, c.Sex, c.NHSNumber = "Amara", "Okafor", "female", nhsNumber(t, 11)
		c.DateOfBirth, c.DateOfDeath = cdop.MustParseDate("2025-03-14"), cdop.MustParseDate("2026-11-18")
		if err := db.CreateCase(context.Background(), c); err != nil {
			t.Fatal(err)
		}
		id = c.ID
	})
	h.fileDialog = h.ui.ChooseSaveFile
	h.signIn("coordinator", "coordinator long password")
	h.ui.OpenCase(id)
	h.ui.Wait()
	h.saveTo(filepath.Join(t.TempDir(), "summary.pdf"))
	h.tap("Export PDF…")
	h.tap("Choose where to save…")
	entries, err := h.db.AuditLines(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(strings.Join(entries, "\n"), "coordinator output") {
		t.Errorf("the export is not audited:\n%s", strings.Join(entries, "\n"))
	}
}

// F1 with the cursor in the sign-in form's boxes, the password's among
// them, shows the guide and types nothing: the boxes once swallowed it.
func TestF1InTheSignInFormShowsTheGuide(t *testing.T) {
	h, _ := newAccountsHarness(t, users)
	h.withMenu()
	for _, placeholder := range []string{"User name", "Password"} {
		e, box := h.entry(placeholder)
		h.window.Canvas().Focus(box)
		h.press(fyne.KeyF1)
		if !containsText(h.dialogText(), "Guide to the flowchart") {
			t.Fatalf("F1 in %s showed %q; want the guide", placeholder, h.dialogText())
		}
		h.press(fyne.KeyEscape)
		if e.Text != "" {
			t.Errorf("F1 typed %q into %s", e.Text, placeholder)
		}
	}
	if e, _ := h.entry("Password"); !e.Password {
		t.Error("the password box shows what is typed")
	}
	h.signIn("coordinator", "coordinator long password")
	if !containsText(h.screenText(), "Case register") {
		t.Errorf("signing in through the boxes failed: %q", h.screenText())
	}
}
