package storage

import (
	"context"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
)

// Other coordinators' changes reach an open app without a restart: every
// write transaction that changes a case, or a record others see (quietActions),
// moves the database's change number
// (case_changes' seq, see searchindex.go) and, on a server, NOTIFYs the
// changesChannel with it when it commits. Watch tells the app; the app then
// lists the cases again, and the session's case index reads only the rows
// changed since.

// quietActions are the audited actions that change nothing another
// coordinator's screens show (reading, files made, signing in and out): the
// others move the change number (a request, a contact, a meeting, a setting,
// as well as a case's own row), so that Watch tells of them too.
var quietActions = map[string]bool{
	viewAction: true, outputAction: true, extractBegunAction: true, extractAction: true,
	signInAction: true, signInFailedAction: true, lockoutAction: true, signOutAction: true, refusedAction: true,
}

// changesChannel is the channel a server's write transactions notify. Its
// payload is the change number alone: no identifier, no reference.
const changesChannel = "cdop_changes"

// DefaultPollInterval is how often Watch reads a SQLite file's change
// number (two programs on one file have no other way to hear of a change).
const DefaultPollInterval = 3 * time.Second

// PollInterval sets how often Watch reads the change number of a SQLite
// file, and how soon it listens again after losing a server's connection.
func PollInterval(d time.Duration) Option { return func(o *options) { o.pollInterval = d } }

// ServerPassword gives the password of a server's user (the desktop asks
// for it, or takes it from the operating system's credential store); none
// leaves it to PGPASSWORD. It is never shown nor kept by the program.
func ServerPassword(password string) Option { return func(o *options) { o.password = password } }

// Watch calls changed, from a goroutine of its own, each time the
// database's change number moves on (a case written by this process or
// another), with the new number, until ctx ends or the database is
// closed. On a server it LISTENs for the notifications of the write
// transactions, on a connection of its own; on a SQLite file it reads the
// number (one row) every PollInterval. Errors are not reported: a
// connection lost is made again, and a change missed meanwhile is told
// once it is back.
func (db *DB) Watch(ctx context.Context, changed func(seq int64)) {
	ctx, cancel := context.WithCancel(ctx)
	db.watchMu.Lock()
	if db.closed.Load() {
		db.watchMu.Unlock()
		cancel()
		return
	}
	db.watchStops = append(db.watchStops, cancel)
	db.watchMu.Unlock()

	last, _ := db.changeNumber(ctx)
	tell := func(seq int64) {
		if seq > last {
			last = seq
			changed(seq)
		}
	}
	go func() {
		defer cancel()
		if db.dialect.postgres && db.server != nil {
			db.listen(ctx, tell)
			return
		}
		db.poll(ctx, tell)
	}()
}

// changeNumber reads the database's change number.
func (db *DB) changeNumber(ctx context.Context) (int64, error) {
	_, read := db.pool()
	var seq int64
	err := read.QueryRowContext(ctx, "SELECT seq FROM case_changes").Scan(&seq)
	return seq, err
}

// poll reads the change number every poll interval.
func (db *DB) poll(ctx context.Context, tell func(int64)) {
	t := time.NewTicker(db.opts.pollInterval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if seq, err := db.changeNumber(ctx); err == nil {
				tell(seq)
			}
		}
	}
}

// listen LISTENs on the changes channel, connecting again (after a poll
// interval) whenever the connection is lost, and reads the change number
// at each connection for what was missed while it was down.
func (db *DB) listen(ctx context.Context, tell func(int64)) {
	for ctx.Err() == nil {
		if err := db.listenOnce(ctx, tell); err != nil && ctx.Err() == nil {
			select {
			case <-ctx.Done():
			case <-time.After(db.opts.pollInterval):
			}
		}
	}
}

func (db *DB) listenOnce(ctx context.Context, tell func(int64)) error {
	conn, err := pgx.ConnectConfig(ctx, db.server)
	if err != nil {
		return err
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(ctx, "LISTEN "+changesChannel); err != nil {
		return err
	}
	if seq, err := db.changeNumber(ctx); err == nil {
		tell(seq)
	}
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			return err
		}
		if seq, err := strconv.ParseInt(n.Payload, 10, 64); err == nil {
			tell(seq)
		}
	}
}

// notifyChange NOTIFYs the changes channel, on a server, when the
// transaction changed a case: the server delivers it when the transaction
// commits, and never when it rolls back.
func (t *tx) notifyChange(ctx context.Context) error {
	if !t.db.dialect.postgres || t.seq == 0 {
		return nil
	}
	_, err := t.Tx.ExecContext(ctx, "SELECT pg_notify(?, ?)", changesChannel, strconv.FormatInt(t.seq, 10))
	return err
}

// stopWatching ends every Watch of the database (at Close).
func (db *DB) stopWatching() {
	db.watchMu.Lock()
	defer db.watchMu.Unlock()
	for _, stop := range db.watchStops {
		stop()
	}
	db.watchStops = nil
}
