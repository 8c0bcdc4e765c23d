package storage_test

import (
	"context"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"casemanager/cdop"
	"casemanager/storage"
)

// chainedDB returns a database with an administrator and a few audited
// changes, and its path.
func chainedDB(t *testing.T) (*storage.DB, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "cases.db")
	db := MustOpenDBAt(t, path, &settableClock{now: testNow})
	withAdmin(t, db)
	ctx := context.Background()
	g := &caseGen{}
	for range 3 {
		mustCreate(t, db, g.next())
	}
	if _, err := db.AddUser(ctx, "Sam", []cdop.Role{cdop.RoleCoordinator}, "sam's long password"); err != nil {
		t.Fatal(err)
	}
	if err := db.Check(ctx); err != nil {
		t.Fatalf("an untouched log: %v", err)
	}
	return db, path
}

// tamper runs statements on the file behind the app's back, as someone
// with the sqlite3 shell would, dropping and re-creating the triggers.
func tamper(t *testing.T, path string, stmts ...string) {
	t.Helper()
	raw := rawDB(t, path)
	all := append([]string{
		"DROP TRIGGER audit_log_no_update", "DROP TRIGGER audit_log_no_delete",
		"DROP TRIGGER audit_chain_no_update", "DROP TRIGGER audit_chain_no_delete",
	}, stmts...)
	all = append(all,
		"CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'no'); END",
		"CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'no'); END",
		"CREATE TRIGGER audit_chain_no_update BEFORE UPDATE ON audit_chain BEGIN SELECT RAISE(ABORT, 'no'); END",
		"CREATE TRIGGER audit_chain_no_delete BEFORE DELETE ON audit_chain BEGIN SELECT RAISE(ABORT, 'no'); END")
	for _, s := range all {
		if _, err := raw.Exec(s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
	raw.Close()
}

func lastAuditID(t *testing.T, path string) int64 {
	var id int64
	if err := rawDB(t, path).QueryRow("SELECT max(id) FROM audit_log").Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

func TestCheckCatchesEveryTamperingWithTheAuditLog(t *testing.T) {
	for _, tt := range []struct {
		name  string
		stmts func(last int64) []string
		says  string
	}{
		{"an edited row", func(int64) []string {
			return []string{"UPDATE audit_log SET actor = 'Dr Jane Impostor' WHERE id = 3"}
		}, "breaks at row 3"},
		{"an edited change", func(int64) []string {
			return []string{`UPDATE audit_log SET changes = '[]' WHERE id = 4`}
		}, "breaks at row 4"},
		{"a deleted row", func(int64) []string {
			return []string{"DELETE FROM audit_chain WHERE audit_id = 2", "DELETE FROM audit_log WHERE id = 2"}
		}, "breaks at row 3"},
		{"a forged row", func(last int64) []string {
			return []string{"INSERT INTO audit_log (at, actor, action, changes) VALUES ('2025-06-02T09:30:00.000Z', 'Ada', 'settings', '[]')",
				"INSERT INTO audit_chain (audit_id, mac) SELECT max(id), '00' FROM audit_log"}
		}, "breaks at row"},
		{"a row added without a link", func(last int64) []string {
			return []string{"INSERT INTO audit_log (id, at, actor, action, changes) VALUES (0, '2025-06-02T09:30:00.000Z', 'Ada', 'settings', '[]')"}
		}, "not in the chain"},
		{"a copied row", func(last int64) []string {
			return []string{"INSERT INTO audit_log (at, actor, case_id, action, changes) SELECT at, actor, case_id, action, changes FROM audit_log WHERE id = 3",
				"INSERT INTO audit_chain (audit_id, mac) SELECT (SELECT max(id) FROM audit_log), mac FROM audit_chain WHERE audit_id = 3"}
		}, "breaks at row"},
		{"two rows swapped", func(int64) []string {
			return []string{"UPDATE audit_log SET id = -3 WHERE id = 3", "UPDATE audit_log SET id = 3 WHERE id = 4", "UPDATE audit_log SET id = 4 WHERE id = -3"}
		}, "breaks at row 3"},
		{"the end cut off", func(last int64) []string {
			return []string{"DELETE FROM audit_chain WHERE audit_id >= " + strconv.FormatInt(last-1, 10), "DELETE FROM audit_log WHERE id >= " + strconv.FormatInt(last-1, 10)}
		}, "its head says row"},
		{"the log wiped", func(int64) []string {
			return []string{"DELETE FROM audit_chain", "DELETE FROM audit_log"}
		}, "its head says row"},
		{"the chain's head removed", func(int64) []string {
			return []string{"DELETE FROM keyring WHERE name = 'audit_head'"}
		}, "head is missing"},
		{"the head rewritten", func(int64) []string {
			return []string{`UPDATE keyring SET value = '{"rows":1,"last_id":1,"last":"00","mac":"00"}' WHERE name = 'audit_head'`}
		}, "head fails its check"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			db, path := chainedDB(t)
			tamper(t, path, tt.stmts(lastAuditID(t, path))...)
			err := db.Check(context.Background())
			if err == nil || !strings.Contains(err.Error(), tt.says) {
				t.Errorf("check = %v; want a problem saying %q", err, tt.says)
			}
		})
	}
}

func TestAuditRowsOfFailedSignInsJoinTheChainLater(t *testing.T) {
	db, path := chainedDB(t)
	ctx := context.Background()
	db.SignOut(ctx, "sign out")
	db.SignIn(ctx, "Sam", "wrong password!!")
	db.SignIn(ctx, "Ada", adminPassword)
	if err := db.Check(ctx); err != nil {
		t.Fatalf("after a failed and a good sign-in: %v", err)
	}
	var unchained int
	rawDB(t, path).QueryRow("SELECT count(*) FROM audit_log l LEFT JOIN audit_chain c ON c.audit_id = l.id WHERE c.audit_id IS NULL").Scan(&unchained)
	if unchained != 0 {
		t.Errorf("%d audit rows left out of the chain", unchained)
	}
}
