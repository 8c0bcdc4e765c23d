package cdop

import (
	"context"
	"time"
)

// Why an automatic backup was made.
const (
	BackupDaily           = "daily"            // the first open of a day
	BackupManual          = "manual"           // "Back up now"
	BackupBeforeMigration = "before-migration" // before the database was updated to a new version
	BackupBeforeRestore   = "before-restore"   // before another backup replaced it
)

// DefaultBackupsKept is how many automatic backups are kept unless the
// panel's setting says otherwise.
const DefaultBackupsKept = 14

// Backup is one of the automatic backups kept beside the database.
type Backup struct {
	Path   string
	Made   time.Time
	Size   int64  // bytes
	Reason string // BackupDaily, BackupManual, …
}

// Restored says what a restore did.
type Restored struct {
	From    string // the backup restored
	Made    time.Time
	Cases   int    // how many cases it holds
	Version int    // its schema version, before any update
	Kept    string // where the database it replaced was kept
	// Before is the backup of the replaced database made first; "" when
	// it could not be copied (e.g. it was damaged: Kept still holds it).
	Before string
}

// BackupService keeps the database's automatic backups and restores them.
type BackupService interface {
	// Backups lists the automatic backups, newest first.
	Backups(ctx context.Context) ([]Backup, error)
	// BackUpNow makes a verified backup now (BackupManual).
	BackUpNow(ctx context.Context) (Backup, error)
	// DailyBackup makes the day's backup (BackupDaily) unless one was
	// made today or the database cannot be written; it says whether it did.
	DailyBackup(ctx context.Context) (bool, error)
	// Restore replaces the database with a verified backup, keeping the
	// database it replaces; the service then works on the restored one.
	Restore(ctx context.Context, backup string) (Restored, error)
	// BackupsKept is how many automatic backups are kept (a setting).
	BackupsKept(ctx context.Context) (int, error)
	// SetBackupsKept changes it (1 to 1000), removing the oldest beyond it.
	SetBackupsKept(ctx context.Context, n int) error
}
