package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"

	"casemanager/cdop"
	"casemanager/vault"
)

// The audit rows' actions about accounts and sessions (about no case).
const (
	signInAction       = "sign_in"
	signInFailedAction = "sign_in_failed"
	lockoutAction      = "lockout"
	signOutAction      = "sign_out"
	refusedAction      = "refused"
	userAction         = "user"
)

// session is who is signed in to this DB, and the data key they unlocked.
// A DB serves one person at a time: the desktop's user, or the command
// line's for one command.
type session struct {
	mu     sync.RWMutex
	user   *cdop.User
	cipher *vault.Cipher
	key    vault.Key
	// index lists the cases, read with the session's key (searchindex.go).
	index *caseIndex
}

// caseIndex returns the session's case index of the key named, starting a
// new one when the key is not the one it was read with.
func (s *session) caseIndex(keyID string) *caseIndex {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.index == nil || s.index.keyID != keyID {
		s.index = newCaseIndex(keyID)
	}
	return s.index
}

// forgetIndex drops the case index (the database changed under it: a restore).
func (s *session) forgetIndex() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.index = nil
}

func (s *session) current() (*cdop.User, *vault.Cipher) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.user, s.cipher
}

func (s *session) set(u *cdop.User, key vault.Key) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.key.Wipe()
	s.user, s.key, s.cipher, s.index = u, key, vault.NewCipher(key), nil
}

func (s *session) clear() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.key.Wipe()
	s.user, s.cipher, s.index = nil, nil, nil
}

// dataKey returns a copy of the unlocked data key, for wrapping it anew.
func (s *session) dataKey() (vault.Key, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.key, s.user != nil
}

// KDF is the Argon2id cost of the wrappings this DB makes; tests lower it.
var KDF = vault.DefaultKDF

// purpose binds a user's wrapping of the data key to that user.
func purpose(userID int64) string { return "user " + strconv.FormatInt(userID, 10) }

const recoveryPurpose = "recovery"

// HasUsers reports whether the database has any account yet: a new
// database, or one made before accounts, has none, and its first user is
// made with CreateFirstAdmin.
func (db *DB) HasUsers(ctx context.Context) (bool, error) {
	var n int
	err := db.reader().QueryRowContext(ctx, "SELECT count(*) FROM users").Scan(&n)
	return n > 0, err
}

// CreateFirstAdmin makes the database's first account, holding every role,
// with a new data key wrapped under its password and under a new recovery
// key, which it returns as people write it, to be shown once. The new user
// is signed in.
func (db *DB) CreateFirstAdmin(ctx context.Context, name, password string) (string, *cdop.User, error) {
	rk, u, err := db.createFirstAdmin(ctx, name, password)
	if err != nil {
		return "", nil, err
	}
	return rk.String(), u, nil
}

func (db *DB) createFirstAdmin(ctx context.Context, name, password string) (vault.RecoveryKey, *cdop.User, error) {
	if err := cdop.CheckUserName(name); err != nil {
		return vault.RecoveryKey{}, nil, err
	}
	if err := cdop.CheckPassword(name, password); err != nil {
		return vault.RecoveryKey{}, nil, err
	}
	key, err := vault.NewKey()
	if err != nil {
		return vault.RecoveryKey{}, nil, err
	}
	recovery, err := vault.NewRecoveryKey()
	if err != nil {
		return vault.RecoveryKey{}, nil, err
	}
	roles := make([]cdop.Role, len(cdop.Roles))
	for i, r := range cdop.Roles {
		roles[i] = cdop.Role(r.Code)
	}
	u := &cdop.User{Name: name, Roles: roles}
	backup, err := db.backupBeforeSealing(ctx)
	if err != nil {
		return vault.RecoveryKey{}, nil, err
	}
	committed := false
	defer func() {
		if !committed && backup != "" { // nothing changed: the copy in clear is not needed
			os.Remove(backup)
			os.Remove(DigestPath(backup))
		}
	}()
	tx, err := db.beginWrite(ctx)
	if err != nil {
		return vault.RecoveryKey{}, nil, err
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM users").Scan(&n); err != nil {
		return vault.RecoveryKey{}, nil, err
	}
	if n > 0 {
		return vault.RecoveryKey{}, nil, cdop.Errorf(cdop.ECONFLICT, "the database already has its administrator; sign in instead")
	}
	if err := insertUser(ctx, tx, u, key, password); err != nil {
		return vault.RecoveryKey{}, nil, err
	}
	// From here the audit rows are chained: this one, and any the database
	// had from before it had accounts.
	tx.cipher, tx.user = vault.NewCipher(key), u.Name
	wrapped, err := vault.WrapWithRecovery(key, recovery, recoveryPurpose)
	if err != nil {
		return vault.RecoveryKey{}, nil, err
	}
	js, _ := json.Marshal(wrapped)
	for _, kv := range [][2]string{{"recovery", string(js)}, {"key_id", tx.cipher.KeyID()}} {
		if _, err := tx.ExecContext(ctx, "INSERT INTO keyring (name, value) VALUES (?, ?)", kv[0], kv[1]); err != nil {
			return vault.RecoveryKey{}, nil, err
		}
	}
	if err := auditAccount(ctx, tx, u.Name, userAction, "roles", strings.Join(roleWords(u.Roles), ",")); err != nil {
		return vault.RecoveryKey{}, nil, err
	}
	if _, err := sealDatabase(ctx, tx, backup); err != nil {
		return vault.RecoveryKey{}, nil, fmt.Errorf("encrypting the database's identifiers failed, so nothing was changed: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return vault.RecoveryKey{}, nil, err
	}
	committed = true
	db.session.set(u, key)
	// Left undone (a full disk), the wipe is done at the next sign-in.
	_ = db.finishSeal(ctx)
	return recovery, u, nil
}

// errSignIn is the one refusal of a wrong name or password: it does not
// say which was wrong.
var errSignIn = cdop.Errorf(cdop.EUNAUTHENTICATED, "the user name or password is wrong")

// SignIn checks a user's password by unwrapping the data key with it and,
// when it opens, makes them the DB's signed-in user. A wrong password
// counts towards the account's lockout; every attempt is audited (never
// the password, nor a name that matches no account: it may be a password
// typed in the wrong box).
func (db *DB) SignIn(ctx context.Context, name, password string) (*cdop.User, error) {
	if db.Refusal() != nil {
		return db.signInReadOnly(ctx, name, password)
	}
	now := db.clock.Now()
	tx, err := db.beginWrite(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	u, wrapped, err := findUser(ctx, tx, name)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		if err := auditAccount(ctx, tx, "(unknown user name)", signInFailedAction, "", ""); err != nil {
			return nil, err
		}
		return nil, errors.Join(tx.Commit(), errSignIn)
	case err != nil:
		return nil, err
	}
	if why := u.SignInRefusal(now); why != "" {
		if err := auditAccount(ctx, tx, u.Name, refusedAction, "sign_in", why); err != nil {
			return nil, err
		}
		return nil, errors.Join(tx.Commit(), cdop.Errorf(cdop.EUNAUTHENTICATED, "%s", why))
	}
	key, err := wrapped.UnwrapWithPassword(password, purpose(u.ID))
	if err != nil {
		settings, serr := loadSettings(ctx, tx)
		if serr != nil {
			return nil, serr
		}
		locked := u.SignInFailed(now, settings.SignInPolicy())
		if err := saveSignInState(ctx, tx, u); err != nil {
			return nil, err
		}
		if err := auditAccount(ctx, tx, u.Name, signInFailedAction, "", ""); err != nil {
			return nil, err
		}
		if locked {
			if err := auditAccount(ctx, tx, u.Name, lockoutAction, "locked_until", formatTime(u.LockedUntil)); err != nil {
				return nil, err
			}
			// The attempt that locks the account says so, as the next would.
			return nil, errors.Join(tx.Commit(), cdop.Errorf(cdop.EUNAUTHENTICATED, "the user name or password is wrong, and %s", u.SignInRefusal(now)))
		}
		return nil, errors.Join(tx.Commit(), errSignIn)
	}
	tx.cipher, tx.user = vault.NewCipher(key), u.Name
	if u.FailedSignIns > 0 || !u.LockedUntil.IsZero() {
		u.SignedIn()
		if err := saveSignInState(ctx, tx, u); err != nil {
			key.Wipe()
			return nil, err
		}
	}
	if err := auditAccount(ctx, tx, u.Name, signInAction, "", ""); err != nil {
		key.Wipe()
		return nil, err
	}
	if err := tx.Commit(); err != nil {
		key.Wipe()
		return nil, err
	}
	db.session.set(u, key)
	// A database made before sealing is sealed at its first administrator's
	// sign-in; if that fails (a full disk), it stays as it was, in clear,
	// check says so, and the next administrator's sign-in tries again.
	_ = db.sealIfNeeded(ctx)
	_ = db.renewDuplicateKeysIfNeeded(ctx) // a migration's renewal that needs the key
	return u, nil
}

// signInReadOnly signs in to a database that refuses every write (damaged,
// or on read-only media): the password is checked the same way, but
// neither the attempt nor a lockout can be recorded.
func (db *DB) signInReadOnly(ctx context.Context, name, password string) (*cdop.User, error) {
	tx, err := db.beginRead(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	u, wrapped, err := findUser(ctx, tx, name)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errSignIn
	} else if err != nil {
		return nil, err
	}
	if why := u.SignInRefusal(db.clock.Now()); why != "" {
		return nil, cdop.Errorf(cdop.EUNAUTHENTICATED, "%s", why)
	}
	key, err := wrapped.UnwrapWithPassword(password, purpose(u.ID))
	if err != nil {
		return nil, errSignIn
	}
	db.session.set(u, key)
	// A database made before sealing is sealed at its first administrator's
	// sign-in; if that fails (a full disk), it stays as it was, in clear,
	// check says so, and the next administrator's sign-in tries again.
	_ = db.sealIfNeeded(ctx)
	_ = db.renewDuplicateKeysIfNeeded(ctx) // a migration's renewal that needs the key
	return u, nil
}

// SignOut ends the session, wiping the data key from memory; lock says it
// was the desktop locking itself after idle minutes rather than the user
// signing out. Both are audited.
func (db *DB) SignOut(ctx context.Context, why string) error {
	u, _ := db.session.current()
	if u == nil {
		return nil
	}
	db.session.clear()
	if db.Refusal() != nil {
		return nil // a database that refuses writes cannot record it
	}
	return db.inWrite(ctx, func(tx *tx) error { return auditAccount(ctx, tx, u.Name, signOutAction, "why", why) })
}

// CurrentUser returns the signed-in user, or nil.
func (db *DB) CurrentUser() *cdop.User {
	u, _ := db.session.current()
	return u
}

// Refused records that the signed-in user (or, before signing in, the name
// given) was refused an action, and returns refusal unchanged.
func (db *DB) Refused(ctx context.Context, who string, action cdop.Action, refusal error) error {
	if u := db.CurrentUser(); u != nil {
		who = u.Name
	}
	if db.Refusal() != nil {
		return refusal // a database that refuses writes cannot record it
	}
	if err := db.inWrite(ctx, func(tx *tx) error {
		return auditAccount(ctx, tx, who, refusedAction, "action", string(action))
	}); err != nil {
		return errors.Join(refusal, err)
	}
	return refusal
}

// Users lists every account, by name.
func (db *DB) Users(ctx context.Context) ([]*cdop.User, error) {
	if err := db.allow(cdop.ActUsers); err != nil {
		return nil, err
	}
	rows, err := db.reader().QueryContext(ctx, "SELECT "+userColumns+" FROM users ORDER BY name")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*cdop.User
	for rows.Next() {
		u, _, err := scanUser(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// AddUser makes an account with the given roles and password (an
// administrator's act): the data key, unlocked by the administrator's
// session, is wrapped anew under the new password.
func (db *DB) AddUser(ctx context.Context, name string, roles []cdop.Role, password string) (*cdop.User, error) {
	if err := db.allow(cdop.ActUsers); err != nil {
		return nil, err
	}
	if err := cdop.CheckUserName(name); err != nil {
		return nil, err
	}
	if len(roles) == 0 {
		return nil, cdop.Errorf(cdop.EINVALID, "give the user at least one role")
	}
	if err := cdop.CheckPassword(name, password); err != nil {
		return nil, err
	}
	key, _ := db.session.dataKey()
	defer key.Wipe()
	u := &cdop.User{Name: name, Roles: roles}
	return u, db.inWrite(ctx, func(tx *tx) error {
		if _, _, err := findUser(ctx, tx, name); err == nil {
			return cdop.Errorf(cdop.ECONFLICT, "there is already a user called %s", name)
		}
		if err := insertUser(ctx, tx, u, key, password); err != nil {
			return err
		}
		return auditAccount(ctx, tx, db.CurrentUser().Name, userAction, "add "+u.Name, strings.Join(roleWords(roles), ","))
	})
}

// SetDisabled disables or enables an account (an administrator's act). An
// administrator cannot disable their own account, nor the last enabled
// administrator.
func (db *DB) SetDisabled(ctx context.Context, name string, disabled bool) error {
	if err := db.allow(cdop.ActUsers); err != nil {
		return err
	}
	me := db.CurrentUser()
	return db.inWrite(ctx, func(tx *tx) error {
		u, _, err := findUser(ctx, tx, name)
		if errors.Is(err, sql.ErrNoRows) {
			return cdop.Errorf(cdop.ENOTFOUND, "there is no user called %s", name)
		} else if err != nil {
			return err
		}
		if disabled && strings.EqualFold(u.Name, me.Name) {
			return cdop.Errorf(cdop.EINVALID, "you cannot disable your own account")
		}
		if disabled && u.Has(cdop.RoleAdmin) {
			var admins int
			if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM users WHERE disabled = 0 AND id <> ? AND ','||roles||',' LIKE '%,admin,%'", u.ID).Scan(&admins); err != nil {
				return err
			}
			if admins == 0 {
				return cdop.Errorf(cdop.EINVALID, "%s is the last administrator who can sign in; add another first", u.Name)
			}
		}
		if _, err := tx.ExecContext(ctx, "UPDATE users SET disabled = ?, failed_sign_ins = 0, locked_until = NULL, updated_at = ? WHERE id = ?",
			boolInt(disabled), formatTime(tx.now), u.ID); err != nil {
			return err
		}
		what := "enable " + u.Name
		if disabled {
			what = "disable " + u.Name
		}
		return auditAccount(ctx, tx, me.Name, userAction, what, "")
	})
}

// ResetPassword gives another user a new password (an administrator's act,
// e.g. when they have forgotten theirs): the data key is wrapped anew from
// the administrator's session, and any lockout is lifted.
func (db *DB) ResetPassword(ctx context.Context, name, password string) error {
	if err := db.allow(cdop.ActUsers); err != nil {
		return err
	}
	return db.rewrap(ctx, name, password, "reset password of ")
}

// ChangePassword changes the signed-in user's own password.
func (db *DB) ChangePassword(ctx context.Context, password string) error {
	u := db.CurrentUser()
	if u == nil {
		return cdop.Errorf(cdop.EUNAUTHENTICATED, "sign in first")
	}
	return db.rewrap(ctx, u.Name, password, "changed own password: ")
}

func (db *DB) rewrap(ctx context.Context, name, password, what string) error {
	key, ok := db.session.dataKey()
	if !ok {
		return cdop.Errorf(cdop.EUNAUTHENTICATED, "sign in first")
	}
	defer key.Wipe()
	return db.inWrite(ctx, func(tx *tx) error {
		u, _, err := findUser(ctx, tx, name)
		if errors.Is(err, sql.ErrNoRows) {
			return cdop.Errorf(cdop.ENOTFOUND, "there is no user called %s", name)
		} else if err != nil {
			return err
		}
		if err := cdop.CheckPassword(u.Name, password); err != nil {
			return err
		}
		w, err := vault.WrapWithPassword(key, password, purpose(u.ID), KDF)
		if err != nil {
			return err
		}
		js, _ := json.Marshal(w)
		if _, err := tx.ExecContext(ctx, "UPDATE users SET wrapped_key = ?, failed_sign_ins = 0, locked_until = NULL, updated_at = ? WHERE id = ?",
			string(js), formatTime(tx.now), u.ID); err != nil {
			return err
		}
		return auditAccount(ctx, tx, db.CurrentUser().Name, userAction, what+u.Name, "")
	})
}

// Recover gives an administrator a new password with the recovery key,
// for when every administrator has forgotten theirs; the account is
// enabled and unlocked, and signed in.
func (db *DB) Recover(ctx context.Context, recoveryText, adminName, password string) (*cdop.User, error) {
	rk, err := vault.ParseRecoveryKey(recoveryText)
	if err != nil {
		return nil, cdop.Errorf(cdop.EUNAUTHENTICATED, "%v", err)
	}
	var wrappedJS string
	if err := db.reader().QueryRowContext(ctx, "SELECT value FROM keyring WHERE name = 'recovery'").Scan(&wrappedJS); err != nil {
		return nil, cdop.Errorf(cdop.EUNAUTHENTICATED, "this database has no recovery key")
	}
	var w vault.Wrapped
	if err := json.Unmarshal([]byte(wrappedJS), &w); err != nil {
		return nil, err
	}
	key, err := w.UnwrapWithRecovery(rk, recoveryPurpose)
	if err != nil {
		_ = db.inWrite(ctx, func(tx *tx) error { return auditAccount(ctx, tx, adminName, signInFailedAction, "recovery key", "") })
		return nil, cdop.Errorf(cdop.EUNAUTHENTICATED, "the recovery key does not open this database")
	}
	var u *cdop.User
	err = db.inWrite(ctx, func(tx *tx) error {
		var err error
		u, _, err = findUser(ctx, tx, adminName)
		if errors.Is(err, sql.ErrNoRows) {
			return cdop.Errorf(cdop.ENOTFOUND, "there is no user called %s", adminName)
		} else if err != nil {
			return err
		}
		if !u.Has(cdop.RoleAdmin) {
			return cdop.Errorf(cdop.EINVALID, "%s is not an administrator; the recovery key resets an administrator's password", u.Name)
		}
		if err := cdop.CheckPassword(u.Name, password); err != nil {
			return err
		}
		tx.cipher, tx.user = vault.NewCipher(key), u.Name
		u.Disabled = false
		u.SignedIn()
		if err := storeWrapping(ctx, tx, u, key, password); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "UPDATE users SET disabled = 0 WHERE id = ?", u.ID); err != nil {
			return err
		}
		return auditAccount(ctx, tx, u.Name, userAction, "recovered with the recovery key: "+u.Name, "")
	})
	if err != nil {
		key.Wipe()
		return nil, err
	}
	db.session.set(u, key)
	// A database made before sealing is sealed at its first administrator's
	// sign-in; if that fails (a full disk), it stays as it was, in clear,
	// check says so, and the next administrator's sign-in tries again.
	_ = db.sealIfNeeded(ctx)
	_ = db.renewDuplicateKeysIfNeeded(ctx) // a migration's renewal that needs the key
	return u, nil
}

// allow refuses an action the signed-in user's roles do not allow.
func (db *DB) allow(a cdop.Action) error {
	return cdop.Allow(db.CurrentUser(), a)
}

// inWrite runs fn in a write transaction and commits it.
func (db *DB) inWrite(ctx context.Context, fn func(*tx) error) error {
	tx, err := db.beginWrite(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	return tx.Commit()
}

const userColumns = "id, name, roles, disabled, failed_sign_ins, locked_until, wrapped_key, created_at"

func findUser(ctx context.Context, tx *tx, name string) (*cdop.User, vault.Wrapped, error) {
	return scanUser(tx.QueryRowContext(ctx, "SELECT "+userColumns+" FROM users WHERE name = ?", strings.TrimSpace(name)))
}

func scanUser(row interface{ Scan(...any) error }) (*cdop.User, vault.Wrapped, error) {
	var (
		u                  cdop.User
		roles, wrapped, at string
		locked             sql.NullString
		disabled           int
	)
	if err := row.Scan(&u.ID, &u.Name, &roles, &disabled, &u.FailedSignIns, &locked, &wrapped, &at); err != nil {
		return nil, vault.Wrapped{}, err
	}
	u.Disabled = disabled != 0
	for _, r := range strings.Split(roles, ",") {
		if r != "" {
			u.Roles = append(u.Roles, cdop.Role(r))
		}
	}
	var err error
	if locked.Valid {
		if u.LockedUntil, err = parseTime(locked.String); err != nil {
			return nil, vault.Wrapped{}, fmt.Errorf("user %d: locked_until: %w", u.ID, err)
		}
	}
	if u.CreatedAt, err = parseTime(at); err != nil {
		return nil, vault.Wrapped{}, fmt.Errorf("user %d: created_at: %w", u.ID, err)
	}
	var w vault.Wrapped
	if err := json.Unmarshal([]byte(wrapped), &w); err != nil {
		return nil, vault.Wrapped{}, fmt.Errorf("user %d: wrapped key: %w", u.ID, err)
	}
	return &u, w, nil
}

// insertUser stores a new account with the data key wrapped under its password.
func insertUser(ctx context.Context, tx *tx, u *cdop.User, key vault.Key, password string) error {
	res, err := tx.ExecContext(ctx, "INSERT INTO users (name, roles, wrapped_key, created_at, updated_at) VALUES (?, ?, '', ?, ?)",
		u.Name, strings.Join(roleWords(u.Roles), ","), formatTime(tx.now), formatTime(tx.now))
	if err != nil {
		return err
	}
	if u.ID, err = res.LastInsertId(); err != nil {
		return err
	}
	u.CreatedAt = tx.now
	w, err := vault.WrapWithPassword(key, password, purpose(u.ID), KDF)
	if err != nil {
		return err
	}
	js, _ := json.Marshal(w)
	_, err = tx.ExecContext(ctx, "UPDATE users SET wrapped_key = ? WHERE id = ?", string(js), u.ID)
	return err
}

// storeWrapping wraps the data key anew under a user's new password and
// stores it, lifting any lock (a disabled account stays disabled).
func storeWrapping(ctx context.Context, tx *tx, u *cdop.User, key vault.Key, password string) error {
	w, err := vault.WrapWithPassword(key, password, purpose(u.ID), KDF)
	if err != nil {
		return err
	}
	js, _ := json.Marshal(w)
	_, err = tx.ExecContext(ctx, "UPDATE users SET wrapped_key = ?, failed_sign_ins = 0, locked_until = NULL, updated_at = ? WHERE id = ?",
		string(js), formatTime(tx.now), u.ID)
	return err
}

func saveSignInState(ctx context.Context, tx *tx, u *cdop.User) error {
	var locked any
	if !u.LockedUntil.IsZero() {
		locked = formatTime(u.LockedUntil)
	}
	_, err := tx.ExecContext(ctx, "UPDATE users SET failed_sign_ins = ?, locked_until = ?, updated_at = ? WHERE id = ?",
		u.FailedSignIns, locked, formatTime(tx.now), u.ID)
	return err
}

// auditAccount records an account's or session's event, about no case.
func auditAccount(ctx context.Context, tx *tx, actor, action, field, value string) error {
	var changes []cdop.FieldChange
	if field != "" {
		changes = []cdop.FieldChange{{Field: field, New: value}}
	}
	return insertAuditAs(ctx, tx, actor, "", action, changes)
}

func roleWords(roles []cdop.Role) []string {
	out := make([]string, len(roles))
	for i, r := range roles {
		out[i] = string(r)
	}
	return out
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// AuditLines returns every audit row as "actor action", oldest first: a
// plain view for tests and the integrity check (no values).
func (db *DB) AuditLines(ctx context.Context) ([]string, error) {
	rows, err := db.reader().QueryContext(ctx, "SELECT actor, action FROM audit_log ORDER BY id")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var actor, action string
		if err := rows.Scan(&actor, &action); err != nil {
			return nil, err
		}
		out = append(out, actor+" "+action)
	}
	return out, rows.Err()
}

var _ cdop.AccountService = (*DB)(nil)

// reader returns the read pool, for the account look-ups that need no
// transaction of their own.
func (db *DB) reader() *sql.DB {
	_, read := db.pool()
	return read
}
