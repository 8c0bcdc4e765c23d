package storage_test

import (
	"context"
	"strings"
	"testing"

	"casemanager/cdop"
)

func TestCheck_FindsAMissingAuditTrigger(t *testing.T) {
	db := MustOpenDB(t)
	if err := db.Check(context.Background()); err != nil {
		t.Fatalf("a new database: %v", err)
	}
	drop := `DROP TRIGGER audit_log_no_update`
	if onServer() {
		drop = `ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update`
	}
	mustExec(t, rawDB(t, db.Path()), drop)
	err := db.Check(context.Background())
	if err == nil || !strings.Contains(err.Error(), "audit_log_no_update is missing") {
		t.Errorf("Check after dropping a trigger = %v, want it named", err)
	}
}

func TestUpdateCase_CannotUndoWhatTheStageNeeded(t *testing.T) {
	db := MustOpenDB(t)
	ctx := context.Background()
	c := fullCase()
	c.Stage = cdop.StageCDOPReview
	c.Analysis.SignedOffOn = cdop.Date{}
	mustCreate(t, db, c)

	loaded, err := db.FindCaseByID(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	loaded.CDRMOn = cdop.Date{}
	loaded.Expected = ""
	err = db.UpdateCase(ctx, loaded)
	if cdop.ErrorCode(err) != cdop.EINVALID || !strings.Contains(err.Error(), "the date of the child death review meeting, or the reason none was held") ||
		!strings.Contains(err.Error(), "expected or unexpected") || !strings.Contains(err.Error(), "move the case back") {
		t.Errorf("clearing what earlier stages needed: %v", err)
	}

	// A reason for no meeting keeps the stage's need met.
	loaded, _ = db.FindCaseByID(ctx, c.ID)
	loaded.CDRMOn = cdop.Date{}
	loaded.CDRMNotHeldReason = "expected death; family declined"
	if err := db.UpdateCase(ctx, loaded); err != nil {
		t.Errorf("replacing the meeting date with a reason: %v", err)
	}
}
