package storage_test

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"casemanager/cdop"
	"casemanager/storage"
	"casemanager/vault"
)

func init() {
	// The wrapping code is the same at any cost; the tests use a cheap one.
	storage.KDF = vault.KDF{Time: 1, MemoryKiB: 8 * 1024, Threads: 1}
}

const adminPassword = "correct horse battery"

// withAdmin makes db's first administrator, "Ada", signed in, and returns
// the recovery key as printed.
func withAdmin(t *testing.T, db *storage.DB) string {
	t.Helper()
	rk, _, err := db.CreateFirstAdmin(context.Background(), "Ada", adminPassword)
	if err != nil {
		t.Fatal(err)
	}
	return rk
}

func TestFirstAdministratorHoldsEveryRoleAndSignsIn(t *testing.T) {
	db := MustOpenClearDB(t)
	ctx := context.Background()
	if has, err := db.HasUsers(ctx); err != nil || has {
		t.Fatalf("a new database has users: %v %v", has, err)
	}
	rk := withAdmin(t, db)
	u := db.CurrentUser()
	if u == nil || u.Name != "Ada" || len(u.Roles) != 4 {
		t.Fatalf("signed in as %+v; want Ada with every role", u)
	}
	if _, _, err := db.CreateFirstAdmin(ctx, "Eve", adminPassword); cdop.ErrorCode(err) != cdop.ECONFLICT {
		t.Errorf("a second first administrator: %v; want a conflict", err)
	}
	if err := db.SignOut(ctx, "sign out"); err != nil || db.CurrentUser() != nil {
		t.Fatalf("sign out: %v, user %v", err, db.CurrentUser())
	}
	if _, err := db.SignIn(ctx, "ada", adminPassword); err != nil {
		t.Fatalf("sign in with the name in another case: %v", err)
	}
	if rk == "" {
		t.Error("no recovery key")
	}
}

func TestSignInRefusalsAndLockout(t *testing.T) {
	path := t.TempDir() + "/cases.db"
	clock := &settableClock{now: testNow}
	db := MustOpenDBAt(t, path, clock)
	ctx := context.Background()
	withAdmin(t, db)
	if _, err := db.AddUser(ctx, "Sam", []cdop.Role{cdop.RoleCoordinator}, "sam's long password"); err != nil {
		t.Fatal(err)
	}
	db.SignOut(ctx, "sign out")
	for _, tt := range []struct{ name, password string }{{"Nobody", adminPassword}, {"Sam", "wrong password!!"}, {"", ""}} {
		_, err := db.SignIn(ctx, tt.name, tt.password)
		if cdop.ErrorCode(err) != cdop.EUNAUTHENTICATED || !strings.Contains(err.Error(), "user name or password is wrong") {
			t.Errorf("SignIn(%q) = %v; want the one refusal", tt.name, err)
		}
	}
	// Sam has one failure; four more lock the account for 15 minutes, and
	// the fifth says so.
	for i := 0; i < 4; i++ {
		_, err := db.SignIn(ctx, "Sam", "wrong password!!")
		if locks := i == 3; locks != strings.Contains(fmt.Sprint(err), "locked") {
			t.Errorf("wrong password %d of 5: %v; want the lockout said on the fifth alone", i+2, err)
		}
	}
	if _, err := db.SignIn(ctx, "Sam", "sam's long password"); cdop.ErrorCode(err) != cdop.EUNAUTHENTICATED || !strings.Contains(err.Error(), "locked") {
		t.Fatalf("the right password on a locked account: %v; want locked", err)
	}
	clock.now = clock.now.Add(15 * time.Minute)
	if _, err := db.SignIn(ctx, "Sam", "sam's long password"); err != nil {
		t.Fatalf("after 15 minutes: %v", err)
	}
	// The audit trail has every attempt, never a password or an unknown name.
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	wal, _ := os.ReadFile(path + "-wal")
	for _, secret := range []string{adminPassword, "sam's long password", "wrong password!!", "Nobody"} {
		if strings.Contains(string(raw)+string(wal), secret) {
			t.Errorf("the database file holds %q", secret)
		}
	}
	actions := auditActions(t, path)
	for _, want := range []string{"sign_in_failed", "lockout", "refused", "sign_in"} {
		if !strings.Contains(actions, want) {
			t.Errorf("the audit trail has no %s: %s", want, actions)
		}
	}
}

// auditActions lists the audit rows' actors and actions, one a line.
func auditActions(t *testing.T, path string) string {
	t.Helper()
	rows, err := rawDB(t, path).Query("SELECT actor, action FROM audit_log ORDER BY id")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var b strings.Builder
	for rows.Next() {
		var actor, action string
		rows.Scan(&actor, &action)
		b.WriteString(actor + " " + action + "\n")
	}
	return b.String()
}

func TestUserManagementNeedsAnAdministrator(t *testing.T) {
	db := MustOpenClearDB(t)
	ctx := context.Background()
	withAdmin(t, db)
	if _, err := db.AddUser(ctx, "Sam", []cdop.Role{cdop.RoleCoordinator}, "short"); cdop.ErrorCode(err) != cdop.EINVALID {
		t.Errorf("a short password: %v", err)
	}
	if _, err := db.AddUser(ctx, "Sam", []cdop.Role{cdop.RoleCoordinator}, "sam's long password"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.AddUser(ctx, "sam", []cdop.Role{cdop.RolePanel}, "sam's long password"); cdop.ErrorCode(err) != cdop.ECONFLICT {
		t.Errorf("a second Sam: %v; want a conflict", err)
	}
	if err := db.SetDisabled(ctx, "Ada", true); cdop.ErrorCode(err) != cdop.EINVALID {
		t.Errorf("disabling oneself: %v", err)
	}
	db.SignOut(ctx, "sign out")
	if _, err := db.SignIn(ctx, "Sam", "sam's long password"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.AddUser(ctx, "Eve", []cdop.Role{cdop.RoleAdmin}, "eve's long password"); cdop.ErrorCode(err) != cdop.EFORBIDDEN {
		t.Errorf("a coordinator adding a user: %v; want forbidden", err)
	}
	if _, err := db.Users(ctx); cdop.ErrorCode(err) != cdop.EFORBIDDEN {
		t.Errorf("a coordinator listing users: %v; want forbidden", err)
	}
	if err := db.ChangePassword(ctx, "sam's new long password"); err != nil {
		t.Fatal(err)
	}
	db.SignOut(ctx, "sign out")
	if _, err := db.SignIn(ctx, "Sam", "sam's long password"); err == nil {
		t.Error("the old password still signs in")
	}
	if _, err := db.SignIn(ctx, "Sam", "sam's new long password"); err != nil {
		t.Errorf("the new password: %v", err)
	}
	db.SignOut(ctx, "sign out")
	db.SignIn(ctx, "Ada", adminPassword)
	if err := db.SetDisabled(ctx, "Sam", true); err != nil {
		t.Fatal(err)
	}
	db.SignOut(ctx, "sign out")
	if _, err := db.SignIn(ctx, "Sam", "sam's new long password"); err == nil || !strings.Contains(err.Error(), "disabled") {
		t.Errorf("a disabled account signed in: %v", err)
	}
}

func TestRecoveryKeyResetsAnAdministratorsPassword(t *testing.T) {
	db := MustOpenClearDB(t)
	ctx := context.Background()
	rk := withAdmin(t, db)
	db.SignOut(ctx, "sign out")
	other, _ := vault.NewRecoveryKey()
	if _, err := db.Recover(ctx, other.String(), "Ada", "a brand new password"); cdop.ErrorCode(err) != cdop.EUNAUTHENTICATED {
		t.Errorf("another recovery key: %v", err)
	}
	if _, err := db.Recover(ctx, "not a key", "Ada", "a brand new password"); cdop.ErrorCode(err) != cdop.EUNAUTHENTICATED {
		t.Errorf("a mistyped recovery key: %v", err)
	}
	u, err := db.Recover(ctx, strings.ToLower(rk), "Ada", "a brand new password")
	if err != nil || u.Name != "Ada" {
		t.Fatalf("recovery: %v", err)
	}
	db.SignOut(ctx, "sign out")
	if _, err := db.SignIn(ctx, "Ada", "a brand new password"); err != nil {
		t.Errorf("the recovered password: %v", err)
	}
}

func TestLockoutFollowsTheSettings(t *testing.T) {
	clock := &settableClock{now: testNow}
	db := MustOpenDBAt(t, t.TempDir()+"/cases.db", clock)
	ctx := context.Background()
	withAdmin(t, db)
	s, _ := db.Settings(ctx)
	s.LockoutFailures, s.LockoutMinutes = 2, 60
	if err := db.SaveSettings(ctx, s); err != nil {
		t.Fatal(err)
	}
	if _, err := db.AddUser(ctx, "Sam", []cdop.Role{cdop.RoleCoordinator}, "sam's long password"); err != nil {
		t.Fatal(err)
	}
	db.SignOut(ctx, "sign out")
	db.SignIn(ctx, "Sam", "wrong password!!")
	db.SignIn(ctx, "Sam", "wrong password!!")
	clock.now = clock.now.Add(59 * time.Minute)
	if _, err := db.SignIn(ctx, "Sam", "sam's long password"); err == nil || !strings.Contains(err.Error(), "locked") {
		t.Fatalf("59 minutes after 2 wrong passwords: %v; want locked", err)
	}
	clock.now = clock.now.Add(time.Minute)
	if _, err := db.SignIn(ctx, "Sam", "sam's long password"); err != nil {
		t.Errorf("60 minutes later: %v", err)
	}
}
