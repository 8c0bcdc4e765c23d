package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"

	"casemanager/cdop"
)

// BackupBeforeSealing names the backup made before a database's identifiers
// are first encrypted. It holds them in clear, so it is removed once the
// sealed database has passed its check.
const BackupBeforeSealing = "before-encryption"

// sealAction is the audit row of a database's sealing.
const sealAction = "seal"

// The columns of free text in the records beside the cases that are sealed
// at rest like the cases' own, each read and written in one place through
// sealFor and openFor (or writeSealed).
var (
	recommendationText = recordColumn{table: "recommendations", column: "action", notNull: true}
	recommendationNote = recordColumn{table: "recommendation_updates", column: "note"}
	requestNote        = recordColumn{table: "agency_requests", column: "note"}
	requestDecline     = recordColumn{table: "agency_requests", column: "decline_reason"}
	contactNote        = recordColumn{table: "contacts", column: "note"}
	contactBy          = recordColumn{table: "contacts", column: "contacted_by", notNull: true}
	pauseReason        = recordColumn{table: "clock_pauses", column: "reason", notNull: true}
	moveReason         = recordColumn{table: "stage_moves", column: "reason"}
	meetingNotes       = recordColumn{table: "meetings", column: "notes"}
	meetingChairReason = recordColumn{table: "meetings", column: "without_quorum_reason"}
	agendaReason       = recordColumn{table: "agenda_items", column: "reason", key: agendaKey}
	agendaAwaiting     = recordColumn{table: "agenda_items", column: "awaiting", key: agendaKey}
)

// agendaKey names an agenda item, which has no ID of its own: its meeting and case.
const agendaKey = "meeting_id || '/' || case_id"

// sealedRecordColumns lists them, for sealing a database made before.
var sealedRecordColumns = []recordColumn{recommendationText, recommendationNote, requestNote, requestDecline,
	contactNote, contactBy, pauseReason, moveReason, meetingNotes, meetingChairReason, agendaReason, agendaAwaiting, returnAnswers}

// sealFor returns a column's value of the row of a key as tx stores it:
// sealed in a sealed database ("" stays ""), as it is otherwise.
func sealFor(ctx context.Context, tx *tx, rc recordColumn, key, value string) (string, error) {
	r, err := tx.rest(ctx)
	if err != nil {
		return "", err
	}
	return r.seal(value, rc.place(key)...)
}

// openFor returns a column's value of the row of a key as written, from
// what is stored.
func openFor(ctx context.Context, tx *tx, rc recordColumn, key, stored string) (string, error) {
	r, err := tx.rest(ctx)
	if err != nil {
		return "", err
	}
	return r.open(stored, rc.place(key)...)
}

// writeSealed stores a column's value of the row of a key, sealed as
// sealFor says; "" is stored as NULL, or as "" where blank means NOT NULL.
func writeSealed(ctx context.Context, tx *tx, rc recordColumn, key, value string) error {
	s, err := sealFor(ctx, tx, rc, key, value)
	if err != nil {
		return err
	}
	var stored any = nullable(s)
	if rc.notNull {
		stored = s
	}
	if _, err := tx.ExecContext(ctx, fmt.Sprintf("UPDATE %s SET %s = ? WHERE %s = ?", rc.table, rc.column, rc.keyExpr()), stored, key); err != nil {
		return fmt.Errorf("%s of %s %s: %w", rc.column, rc.table, key, err)
	}
	return nil
}

// recordColumn is a column of free text in a table whose rows key names:
// an SQL expression, the INTEGER id when "". A notNull column stores a
// blank value as "" rather than NULL.
type recordColumn struct {
	table, column, key string
	notNull            bool
}

// keyExpr is the SQL expression naming a row.
func (rc recordColumn) keyExpr() string {
	if rc.key == "" {
		return "id"
	}
	return rc.key
}

// place is where a value of the column in the row of a key is sealed.
func (rc recordColumn) place(key string) []string {
	return []string{rc.table, key, rc.column}
}

// idKey is the key of a row of a table with an INTEGER id.
func idKey(id int64) string { return strconv.FormatInt(id, 10) }

// agendaItemKey is the key of a meeting's agenda item for a case.
func agendaItemKey(meetingID int64, caseID string) string { return idKey(meetingID) + "/" + caseID }

// wipePendingKey names the keyring row that says a sealed database's free
// pages are still to be wiped; its value is the path of the backup made
// before sealing ("" for none), removed once they are.
const wipePendingKey = "wipe_pending"

// sealIfNeeded seals the database with the signed-in administrator's key
// when it is not sealed yet (see atrest.go): a backup first when there is
// anything to protect, then every value sealed at rest encrypted in one
// transaction, then finishSeal. It finishes a sealing left unfinished. It
// does nothing for a user who is not an administrator, or in a database
// that refuses writes.
func (db *DB) sealIfNeeded(ctx context.Context) error {
	u, c := db.session.current()
	if u == nil || c == nil || !u.Has(cdop.RoleAdmin) || db.Refusal() != nil {
		return nil
	}
	keyID, err := sealedKeyID(ctx, db.reader())
	if err != nil {
		return err
	}
	if keyID == "" {
		backup, err := db.backupBeforeSealing(ctx)
		if err != nil {
			return err
		}
		if err := db.inWrite(ctx, func(tx *tx) error {
			_, err := sealDatabase(ctx, tx, backup)
			return err
		}); err != nil {
			return fmt.Errorf("encrypting the database's identifiers failed, so nothing was changed: %w", err)
		}
	}
	return db.finishSeal(ctx)
}

// backupBeforeSealing makes the backup before sealing when the database
// holds anything to protect, and returns its path ("" for none).
func (db *DB) backupBeforeSealing(ctx context.Context) (string, error) {
	if db.dialect.postgres {
		return "", nil // on a server the sealing is its one transaction, with no copy in clear made first
	}
	var held int
	if err := db.reader().QueryRowContext(ctx, "SELECT (SELECT count(*) FROM cases) + (SELECT count(*) FROM audit_log)").Scan(&held); err != nil {
		return "", err
	}
	if held == 0 {
		return "", nil
	}
	b, err := db.autoBackup(ctx, BackupBeforeSealing)
	if err != nil {
		return "", fmt.Errorf("a backup before encrypting the database failed, so it was not encrypted: %w", err)
	}
	return b.Path, nil
}

// finishSeal wipes what a sealing left in clear, when it has not been
// done: VACUUM rewrites the file without its free pages (secure_delete is on
// for every write), the write-ahead log is emptied, and, once the database
// passes its quick check, the backup made before sealing, which holds the
// identifiers in clear, is removed. Left undone (a full disk), it is done
// at an administrator's next sign-in, and check reports it meanwhile.
func (db *DB) finishSeal(ctx context.Context) error {
	var backup string
	err := db.reader().QueryRowContext(ctx, "SELECT value FROM keyring WHERE name = ?", wipePendingKey).Scan(&backup)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	} else if err != nil {
		return err
	}
	if err := db.wipeFreePages(ctx); err != nil {
		return fmt.Errorf("the identifiers are encrypted, but the free space that held them in clear could not be wiped: %w", err)
	}
	if err := db.quickCheck(ctx); err != nil {
		return fmt.Errorf("the database was encrypted but fails its check; the backup made before is kept: %w", err)
	}
	if backup != "" {
		if err := os.Remove(backup); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("the backup made before encrypting the database, which holds its identifiers in clear, could not be removed: %w", err)
		}
		_ = os.Remove(DigestPath(backup))
	}
	return db.inWrite(ctx, func(tx *tx) error {
		_, err := tx.ExecContext(ctx, "DELETE FROM keyring WHERE name = ?", wipePendingKey)
		return err
	})
}

// sealDatabase encrypts, in tx, every value sealed at rest that the
// database holds in clear, with tx's cipher, and marks the database sealed
// and its free pages to be wiped (finishSeal), with the backup made before
// (or ""); it returns how many cases it sealed.
func sealDatabase(ctx context.Context, tx *tx, backup string) (int, error) {
	clear := atRest{}
	sealed := atRest{sealed: true, cipher: tx.cipher}
	seq, err := tx.changeSeq(ctx)
	if err != nil {
		return 0, err
	}
	// The cases, some hundreds at a time.
	update := "UPDATE cases SET " + strings.Join(append(append([]string{}, fieldColumns...), derivedColumns...), " = ?, ") + " = ? WHERE id = ?"
	n := 0
	for last := int64(0); ; {
		var batch []*cdop.Case
		var rowids []int64
		rows, err := tx.QueryContext(ctx, "SELECT rowid, id, "+strings.Join(fieldColumns, ", ")+" FROM cases WHERE rowid > ? ORDER BY rowid LIMIT 500", last)
		if err != nil {
			return 0, err
		}
		scan := newFieldScanner(fieldColumns, clear)
		var rowid int64
		dest := append([]any{&rowid}, scan.dest...)
		for rows.Next() {
			if err := rows.Scan(dest...); err != nil {
				rows.Close()
				return 0, err
			}
			c, err := scan.decode()
			if err != nil {
				rows.Close()
				return 0, err
			}
			batch, rowids = append(batch, c), append(rowids, rowid)
		}
		if err := rows.Close(); err != nil {
			return 0, err
		}
		if len(batch) == 0 {
			break
		}
		for _, c := range batch {
			values, err := appendFieldValues(nil, c, sealed, seq, nil)
			if err != nil {
				return 0, err
			}
			if _, err := tx.ExecContext(ctx, update, append(values, c.ID)...); err != nil {
				return 0, fmt.Errorf("encrypt case %s: %w", c.Ref, err)
			}
		}
		n += len(batch)
		last = rowids[len(rowids)-1]
	}
	if err := sealRecords(ctx, tx, sealed); err != nil {
		return 0, err
	}
	if err := sealAuditRows(ctx, tx, sealed); err != nil {
		return 0, err
	}
	for _, kv := range [][2]string{{sealedKey, tx.cipher.KeyID()}, {wipePendingKey, backup}} {
		if _, err := tx.ExecContext(ctx, "INSERT INTO keyring (name, value) VALUES (?, ?)", kv[0], kv[1]); err != nil {
			return 0, err
		}
	}
	tx.restKnown, tx.restState = true, sealed
	return n, insertAudit(ctx, tx, "", sealAction, []cdop.FieldChange{{Field: "cases", New: strconv.Itoa(n)}})
}

// sealRecords encrypts the free text of the records beside the cases.
func sealRecords(ctx context.Context, tx *tx, sealed atRest) error {
	for _, rc := range sealedRecordColumns {
		type value struct{ key, text string }
		var values []value
		err := eachRow(ctx, tx, fmt.Sprintf("SELECT %s, %s FROM %s WHERE %[2]s IS NOT NULL AND %[2]s <> ''", rc.keyExpr(), rc.column, rc.table), nil, func(r *sql.Rows) error {
			var v value
			err := r.Scan(&v.key, &v.text)
			values = append(values, v)
			return err
		})
		if err != nil {
			return err
		}
		for _, v := range values {
			s, err := sealed.seal(v.text, rc.place(v.key)...)
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, fmt.Sprintf("UPDATE %s SET %s = ? WHERE %s = ?", rc.table, rc.column, rc.keyExpr()), s, v.key); err != nil {
				return fmt.Errorf("encrypt %s.%s: %w", rc.table, rc.column, err)
			}
		}
	}
	return nil
}

// auditTriggers are the audit log's append-only triggers, as migration
// 0008 made them; sealing the log's old rows lifts them for its one update.
var auditTriggers = []string{
	`CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
	SELECT RAISE(ABORT, 'the audit log cannot be changed');
END`,
	`CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
	SELECT RAISE(ABORT, 'the audit log cannot be changed');
END`,
}

// sealAuditRows encrypts the changes of the audit rows written in clear.
// Their chain links stay as they were: a link covers the changes as
// written, opened when sealed (linkContent).
func sealAuditRows(ctx context.Context, tx *tx, sealed atRest) error {
	type row struct {
		id                                 int64
		at, actor, caseID, action, changes string
	}
	var rows []row
	err := eachRow(ctx, tx, "SELECT id, at, actor, coalesce(case_id, ''), action, changes FROM audit_log WHERE changes NOT LIKE 'v1.%'", nil, func(r *sql.Rows) error {
		var x row
		err := r.Scan(&x.id, &x.at, &x.actor, &x.caseID, &x.action, &x.changes)
		rows = append(rows, x)
		return err
	})
	if err != nil || len(rows) == 0 {
		return err
	}
	for _, q := range tx.db.dialect.liftAuditTriggers() {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return err
		}
	}
	for _, x := range rows {
		s, err := sealed.seal(x.changes, auditPlace(x.at, x.actor, x.caseID, x.action)...)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "UPDATE audit_log SET changes = ? WHERE id = ?", s, x.id); err != nil {
			return fmt.Errorf("encrypt audit row %d: %w", x.id, err)
		}
	}
	for _, t := range tx.db.dialect.restoreAuditTriggers() {
		if _, err := tx.ExecContext(ctx, t); err != nil {
			return err
		}
	}
	return nil
}

// wipeFreePages rewrites the database file without its free pages (VACUUM,
// with secure_delete on every connection) and empties its write-ahead log,
// so that values overwritten are left nowhere in the file or beside it.
func (db *DB) wipeFreePages(ctx context.Context) error {
	if db.dialect.postgres {
		return nil // a server's database is sealed before anything is stored in it
	}
	write, _ := db.pool()
	conn, err := write.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	for _, q := range []string{"VACUUM", "PRAGMA wal_checkpoint(TRUNCATE)"} {
		if _, err := conn.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("%s: %w", q, err)
		}
	}
	return nil
}
