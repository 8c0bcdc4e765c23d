package storage_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"casemanager/cdop"
	"casemanager/storage"
)

// openWatched opens a second handle on the database at path, as another
// coordinator's app would, polling a file every few milliseconds.
func openWatched(t *testing.T, path string) *storage.DB {
	t.Helper()
	db, err := storage.Open(path, cdop.FixedClock(testNow), storage.PollInterval(20*time.Millisecond), storage.MustExist())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// Another client's write reaches a watching client without it asking: by
// LISTEN/NOTIFY on a server, by polling the change number on a file.
func TestWatch_TellsOfAnotherClientsWrites(t *testing.T) {
	path := testDBPath(t)
	first := MustOpenDBAt(t, path, cdop.FixedClock(testNow))
	if _, _, err := first.CreateFirstAdmin(context.Background(), "test", adminPassword); err != nil {
		t.Fatal(err)
	}
	watching := openWatched(t, path)
	other := MustSignIn(t, openWatched(t, path))

	told := make(chan int64, 16)
	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	watching.Watch(ctx, func(seq int64) { told <- seq })

	wait := func(what string) int64 {
		t.Helper()
		select {
		case seq := <-told:
			return seq
		case <-time.After(20 * time.Second):
			t.Fatalf("no change told after %s", what)
		}
		return 0
	}
	g := &caseGen{}
	c := newOpenCase(g)
	mustCreate(t, other, c)
	seq1 := wait("another client created a case")
	c.KeyWorker = "Ward sister"
	if err := other.UpdateCase(ctxAs("test"), c); err != nil {
		t.Fatal(err)
	}
	seq2 := wait("another client edited the case")
	if seq2 <= seq1 {
		t.Errorf("change numbers told %d then %d, want them rising", seq1, seq2)
	}

	// A record beside the case (a contact with the family) changes what
	// the others' dashboards show, though not the case's own row.
	if err := other.AddContact(ctxAs("test"), &cdop.Contact{CaseID: c.ID, On: cdop.DateOf(testNow).AddDays(-1), Method: "phone", Note: "Called the family"}); err != nil {
		t.Fatal(err)
	}
	if seq3 := wait("another client recorded a contact"); seq3 <= seq2 {
		t.Errorf("change number told after the contact %d, want more than %d", seq3, seq2)
	}

	// A read changes nothing, so tells nothing.
	if _, err := other.FindCaseByID(context.Background(), c.ID); err != nil {
		t.Fatal(err)
	}
	select {
	case seq := <-told:
		t.Errorf("told of change %d after a read only", seq)
	case <-time.After(200 * time.Millisecond):
	}

	// Closing the database ends the watch: no goroutine is left behind
	// telling of later writes.
	watching.Close()
	time.Sleep(50 * time.Millisecond)
	mustCreate(t, other, newOpenCase(g))
	select {
	case seq := <-told:
		t.Errorf("told of change %d after Close", seq)
	case <-time.After(300 * time.Millisecond):
	}
}

// On a server, a write transaction NOTIFYs the changes channel when it
// commits, with its change number and nothing else (no identifier); a
// transaction that fails notifies nothing.
func TestWatch_ServerNotifiesTheChangeNumberOnly(t *testing.T) {
	if !onServer() {
		t.Skip("LISTEN/NOTIFY is a server's: run with CDOP_TEST_ENGINE=postgres (make test-postgres)")
	}
	path := testDBPath(t)
	db := MustOpenDBAt(t, path, cdop.FixedClock(testNow))
	if _, _, err := db.CreateFirstAdmin(context.Background(), "test", adminPassword); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "LISTEN cdop_changes"); err != nil {
		t.Fatal(err)
	}
	c := newOpenCase(&caseGen{})
	mustCreate(t, db, c)
	wctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	n, err := conn.WaitForNotification(wctx)
	if err != nil {
		t.Fatalf("no notification after a case was created: %v", err)
	}
	if _, err := strconv.ParseInt(n.Payload, 10, 64); err != nil {
		t.Errorf("payload %q, want the change number alone", n.Payload)
	}
	for _, id := range []string{c.FirstName, c.LastName, c.NHSNumber, c.Ref, c.ID} {
		if id != "" && strings.Contains(n.Payload, id) {
			t.Errorf("payload %q holds an identifier", n.Payload)
		}
	}

	// A refused save (a duplicate) rolls back: nothing is told.
	dup := c.Clone()
	dup.ID, dup.Ref = "", ""
	if err := db.CreateCase(ctxAs("test"), dup); err == nil {
		t.Fatal("a duplicate was saved")
	}
	short, cancel2 := context.WithTimeout(ctx, 300*time.Millisecond)
	defer cancel2()
	if n, err := conn.WaitForNotification(short); err == nil {
		t.Errorf("notified %q after a refused save", n.Payload)
	}
}
