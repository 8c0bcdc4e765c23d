package storage

import (
	"context"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"

	"casemanager/cdop"
	"casemanager/vault"
)

// The audit log is tamper-evident: every row is a link of a chain whose
// MACs, under a key only the data key gives, cover the row's content and
// the link before it, and the keyring keeps the chain's head under the same
// key. Editing, deleting, forging, copying or reordering a row, or wiping
// or truncating the log, breaks a link or the head, even when whoever did it
// dropped and re-created the triggers. What a chain cannot show is the whole
// file rolled back to an older copy: the README says what to do about that.

// chainHead is the chain's last link and how many links it has, with its
// own MAC so it cannot be rewritten without the key.
type chainHead struct {
	Rows   int64  `json:"rows"`
	LastID int64  `json:"last_id"`
	Last   string `json:"last"` // hex MAC of the last link
	MAC    string `json:"mac"`  // hex MAC of the head
}

const headKey = "audit_head"

// genesis is the "previous MAC" of the chain's first link.
var genesis = []byte("cdop audit chain v1")

func (h chainHead) content() []byte {
	return []byte(strconv.FormatInt(h.Rows, 10) + "\x00" + strconv.FormatInt(h.LastID, 10) + "\x00" + h.Last)
}

// readHead returns the chain's head, and false when there is none yet.
func readHead(ctx context.Context, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}) (chainHead, bool, error) {
	var js string
	err := q.QueryRowContext(ctx, "SELECT value FROM keyring WHERE name = ?", headKey).Scan(&js)
	if errors.Is(err, sql.ErrNoRows) {
		return chainHead{}, false, nil
	} else if err != nil {
		return chainHead{}, false, err
	}
	var h chainHead
	if err := json.Unmarshal([]byte(js), &h); err != nil {
		return chainHead{}, true, fmt.Errorf("the audit chain's head is not readable: %w", err)
	}
	return h, true, nil
}

// linkContent is what a row's MAC covers: every column, its changes as
// written (opened when sealed at rest, so that sealing a database's old
// rows leaves their links as they were). Changes that do not open are
// covered as stored, so that their link breaks.
func linkContent(c *vault.Cipher, id int64, at, actor string, caseID sql.NullString, action, changes string) []byte {
	if plain, err := openChanges(c, changes, auditPlace(at, actor, caseID.String, action)...); err == nil {
		changes = plain
	}
	return plainLinkContent(id, at, actor, caseID, action, changes)
}

// plainLinkContent is linkContent of a row whose changes are given as written.
//
// It is the JSON array [id, at, actor, case ID, whether there is a case,
// action, changes], as json.Marshal writes it, byte for byte (chains
// written before depend on it), written without reflection.
func plainLinkContent(id int64, at, actor string, caseID sql.NullString, action, plain string) []byte {
	b := make([]byte, 0, len(at)+len(actor)+len(caseID.String)+len(action)+len(plain)*9/8+64)
	b = append(b, '[')
	b = strconv.AppendInt(b, id, 10)
	for _, s := range []string{at, actor, caseID.String} {
		b = append(b, ',')
		b = appendJSONString(b, s)
	}
	b = append(b, ',')
	b = strconv.AppendBool(b, caseID.Valid)
	for _, s := range []string{action, plain} {
		b = append(b, ',')
		b = appendJSONString(b, s)
	}
	return append(b, ']')
}

// chainState is where a transaction that writes audit rows with a session
// is in the chain: the head as it will be once it commits. Each row is
// linked as it is written, from its changes as written, so that a large
// import's rows are neither read back nor decrypted to be chained.
type chainState struct {
	head  chainHead
	prev  []byte
	dirty bool
}

// startChain readies tx to link the audit rows it writes: rows written
// before without a session (a failed sign-in) are chained first, then the
// head is read. It does nothing without a session, or once done.
func (tx *tx) startChain(ctx context.Context) error {
	if tx.cipher == nil || tx.chain != nil {
		return nil
	}
	if err := sealPending(ctx, tx); err != nil {
		return err
	}
	h, ok, err := readHead(ctx, tx)
	if err != nil {
		return err
	}
	st := &chainState{head: h, prev: genesis}
	if ok {
		st.prev = mustHex(h.Last)
	}
	tx.chain = st
	return nil
}

// linkRow links the audit row just written (id, its columns and its
// changes as written) to the chain started by startChain.
func (tx *tx) linkRow(ctx context.Context, id int64, at, actor string, caseID sql.NullString, action, plain string) error {
	if tx.chain == nil {
		return nil
	}
	mac := tx.cipher.ChainMAC(tx.chain.prev, plainLinkContent(id, at, actor, caseID, action, plain))
	stmt, err := tx.prepare(ctx, "INSERT INTO audit_chain (audit_id, mac) VALUES (?, ?)")
	if err != nil {
		return err
	}
	if _, err := stmt.ExecContext(ctx, id, hex.EncodeToString(mac)); err != nil {
		return fmt.Errorf("audit chain: %w", err)
	}
	tx.chain.prev = mac
	tx.chain.head.Rows++
	tx.chain.head.LastID = id
	tx.chain.dirty = true
	return nil
}

// writeChainHead stores the head the transaction's links moved on.
func (tx *tx) writeChainHead(ctx context.Context) error {
	if tx.chain == nil || !tx.chain.dirty {
		return nil
	}
	return writeHead(ctx, tx, tx.chain.head, tx.chain.prev)
}

// writeHead stores a head whose last link's MAC is last, with its own MAC.
func writeHead(ctx context.Context, tx *tx, h chainHead, last []byte) error {
	h.Last = hex.EncodeToString(last)
	h.MAC = hex.EncodeToString(tx.cipher.ChainMAC(nil, h.content()))
	js, _ := json.Marshal(h)
	_, err := tx.ExecContext(ctx, "INSERT INTO keyring (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value", headKey, string(js))
	return err
}

// sealPending chains every audit row written since the chain's last link,
// in order, and moves the head on. It does nothing without a signed-in
// session (the rows wait for the next one).
func sealPending(ctx context.Context, tx *tx) error {
	if tx.cipher == nil {
		return nil
	}
	h, ok, err := readHead(ctx, tx)
	if err != nil {
		return err
	}
	prev := genesis
	if ok {
		if !tx.cipher.VerifyMAC(nil, h.content(), mustHex(h.MAC)) {
			return fmt.Errorf("the audit chain's head fails its check; run cdop check")
		}
		prev = mustHex(h.Last)
	}
	rows, err := tx.QueryContext(ctx, "SELECT id, at, actor, case_id, action, changes FROM audit_log WHERE id > ? ORDER BY id", h.LastID)
	if err != nil {
		return err
	}
	type link struct {
		id  int64
		mac []byte
	}
	var links []link
	for rows.Next() {
		var (
			id                         int64
			at, actor, action, changes string
			caseID                     sql.NullString
		)
		if err := rows.Scan(&id, &at, &actor, &caseID, &action, &changes); err != nil {
			rows.Close()
			return err
		}
		mac := tx.cipher.ChainMAC(prev, linkContent(tx.cipher, id, at, actor, caseID, action, changes))
		links = append(links, link{id, mac})
		prev = mac
	}
	if err := rows.Close(); err != nil {
		return err
	}
	if len(links) == 0 {
		return nil
	}
	for _, l := range links {
		if _, err := tx.ExecContext(ctx, "INSERT INTO audit_chain (audit_id, mac) VALUES (?, ?)", l.id, hex.EncodeToString(l.mac)); err != nil {
			return fmt.Errorf("audit chain: %w", err)
		}
	}
	h.Rows += int64(len(links))
	h.LastID = links[len(links)-1].id
	return writeHead(ctx, tx, h, prev)
}

func mustHex(s string) []byte {
	b, err := hex.DecodeString(s)
	if err != nil {
		return nil
	}
	return b
}

// VerifyAuditChain recomputes the audit chain with the signed-in session's
// key and returns a sentence for each problem: the first row whose link is
// broken (edited, deleted, forged, copied or moved), rows outside the
// chain, and a head that does not match the log (wiped or truncated).
func (db *DB) VerifyAuditChain(ctx context.Context) ([]string, error) {
	tx, err := db.beginRead(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	return checkAuditChain(ctx, tx)
}

// checkAuditChain is VerifyAuditChain within a transaction, for Check.
func checkAuditChain(ctx context.Context, tx *tx) ([]string, error) {
	if tx.cipher == nil {
		var users int
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM users").Scan(&users); err != nil || users == 0 {
			return nil, err // no accounts, so no chain yet
		}
		return []string{"the audit chain was not checked: sign in as an administrator to check it"}, nil
	}
	return verifyChain(ctx, tx, tx.cipher)
}

func verifyChain(ctx context.Context, tx *tx, c *vault.Cipher) ([]string, error) {
	var problems []string
	h, hasHead, err := readHead(ctx, tx)
	if err != nil {
		return []string{err.Error()}, nil
	}
	var users int
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM users").Scan(&users); err != nil {
		return nil, err
	}
	if !hasHead {
		if users > 0 {
			problems = append(problems, "the audit chain's head is missing from the keyring: the audit log's chain was removed")
		}
		return problems, nil
	}
	if !c.VerifyMAC(nil, h.content(), mustHex(h.MAC)) {
		return append(problems, "the audit chain's head fails its check: it was written without the key"), nil
	}
	rows, err := tx.QueryContext(ctx, `SELECT l.id, l.at, l.actor, l.case_id, l.action, l.changes, ch.mac
		FROM audit_log l LEFT JOIN audit_chain ch ON ch.audit_id = l.id ORDER BY l.id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	prev := genesis
	var chained, lastID int64
	broken := false
	for rows.Next() {
		var (
			id                         int64
			at, actor, action, changes string
			caseID, mac                sql.NullString
		)
		if err := rows.Scan(&id, &at, &actor, &caseID, &action, &changes, &mac); err != nil {
			return nil, err
		}
		if !mac.Valid {
			if id <= h.LastID {
				problems = append(problems, fmt.Sprintf("audit row %d is not in the chain, though later rows are: it was added outside the app", id))
			}
			continue
		}
		want := c.ChainMAC(prev, linkContent(c, id, at, actor, caseID, action, changes))
		if !broken && hex.EncodeToString(want) != mac.String {
			problems = append(problems, fmt.Sprintf("the audit chain breaks at row %d: that row, or the one before it, was changed, removed, moved or forged", id))
			broken = true
		}
		prev = mustHex(mac.String)
		chained++
		lastID = id
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if !broken && (chained != h.Rows || lastID != h.LastID || hex.EncodeToString(prev) != h.Last) {
		problems = append(problems, fmt.Sprintf("the audit log ends at row %d with %d chained rows, but its head says row %d with %d: rows were removed from its end, or it was wiped", lastID, chained, h.LastID, h.Rows))
	}
	return problems, nil
}

// The audit rows of what people read and took away (about a case, or
// about many).
const (
	viewAction   = "view"   // identifiable data shown: a list of cases with names, a case opened
	outputAction = "output" // a file made: export, summary, pack, report, backup, restore
)

// RecordView audits that the signed-in user read identifiable data: what
// (e.g. "cases", "due", "case"), about a case or ("" ) about many, and how
// many rows.
func (db *DB) RecordView(ctx context.Context, what, caseID string, rows int) error {
	return db.record(ctx, viewAction, what, caseID, rows)
}

// RecordOutput audits a file made: what (e.g. "export --full", "summary"),
// about a case or none, and how many rows or pages it holds. Call it once
// the file is in place.
func (db *DB) RecordOutput(ctx context.Context, what, caseID string, count int) error {
	return db.record(ctx, outputAction, what, caseID, count)
}

func (db *DB) record(ctx context.Context, action, what, caseID string, count int) error {
	if db.Refusal() != nil {
		return nil // read-only or damaged: nothing can be recorded, reading goes on
	}
	return db.inWrite(ctx, func(tx *tx) error {
		return insertAudit(ctx, tx, caseID, action, []cdop.FieldChange{{Field: "what", New: what}, {Field: "count", New: strconv.Itoa(count)}})
	})
}

// AuditTrail returns the audit rows the filter selects, oldest first, for
// an administrator.
func (db *DB) AuditTrail(ctx context.Context, f cdop.AuditFilter) ([]cdop.AuditEntry, error) {
	if err := db.allow(cdop.ActAudit); err != nil {
		return nil, err
	}
	q := "WHERE 1 = 1"
	var args []any
	if !f.From.IsZero() {
		q += " AND l.at >= ?"
		args = append(args, f.From.String())
	}
	if !f.To.IsZero() {
		q += " AND l.at < ?"
		args = append(args, f.To.AddDays(1).String())
	}
	if f.User != "" {
		q += " AND l.actor = ? COLLATE NOCASE"
		args = append(args, f.User)
	}
	if f.CaseRef != "" {
		q += " AND c.case_ref = ? COLLATE NOCASE"
		args = append(args, f.CaseRef)
	}
	_, c := db.session.current()
	return auditRows(ctx, db.reader(), c, q+" ORDER BY l.id", args...)
}

// AuditHead describes the audit chain's head for people to write down: how
// many rows it covers, its last row and the first 16 hex digits of that
// row's MAC ("" when the database has no chain yet). A copy of the file
// rolled back to an older state carries an older head, which is how such a
// rollback is found: compare with the head noted after each backup.
func (db *DB) AuditHead(ctx context.Context) (string, error) {
	h, ok, err := readHead(ctx, db.reader())
	if err != nil || !ok {
		return "", err
	}
	last := h.Last
	if len(last) > 16 {
		last = last[:16]
	}
	return fmt.Sprintf("%d rows up to row %d, head %s", h.Rows, h.LastID, last), nil
}
