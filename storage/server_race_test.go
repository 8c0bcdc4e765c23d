package storage_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"

	"casemanager/cdop"
	"casemanager/cdop/cdoptest"
	"casemanager/storage"
)

// openServerClients opens n handles (as n coordinators' programs would) on
// one new server database, its administrator signed in on each.
func openServerClients(t *testing.T, n int) []*storage.DB {
	t.Helper()
	url := newServerDB(t)
	first := MustOpenDBAt(t, url, cdop.FixedClock(cdoptest.Start))
	if _, _, err := first.CreateFirstAdmin(context.Background(), "test", adminPassword); err != nil {
		t.Fatal(err)
	}
	clients := []*storage.DB{first}
	for len(clients) < n {
		clients = append(clients, MustSignIn(t, MustOpenDBAt(t, url, cdop.FixedClock(cdoptest.Start))))
	}
	return clients
}

// TestServer_TwoClientsRaceForReferences: two programs creating cases at
// once on one server get a reference each, never the same one, and lose none.
func TestServer_TwoClientsRaceForReferences(t *testing.T) {
	serverURL(t)
	clients := openServerClients(t, 2)
	const each = 8
	var wg sync.WaitGroup
	errs := make(chan error, 2*each)
	for i, db := range clients {
		for j := range each {
			wg.Add(1)
			go func() {
				defer wg.Done()
				errs <- db.CreateCase(ctxAs("test"), cdoptest.NewCase(1+i*each+j))
			}()
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	cases, err := clients[1].FindCases(ctxAs("test"), cdop.CaseFilter{})
	if err != nil {
		t.Fatal(err)
	}
	refs := map[string]bool{}
	for _, c := range cases {
		refs[c.Ref] = true
	}
	if len(cases) != 2*each || len(refs) != 2*each {
		t.Errorf("%d cases with %d references, want %d of each", len(cases), len(refs), 2*each)
	}
}

// TestServer_StaleEditFromAnotherClientRefused: two coordinators load one
// case; the first saves; the second's save is refused as a stale copy,
// and what the first saved stays.
func TestServer_StaleEditFromAnotherClientRefused(t *testing.T) {
	serverURL(t)
	clients := openServerClients(t, 2)
	c := cdoptest.NewCase(1)
	if err := clients[0].CreateCase(ctxAs("test"), c); err != nil {
		t.Fatal(err)
	}
	mine, err := clients[0].FindCaseByID(ctxAs("test"), c.ID)
	if err != nil {
		t.Fatal(err)
	}
	theirs, err := clients[1].FindCaseByID(ctxAs("test"), c.ID)
	if err != nil {
		t.Fatal(err)
	}
	mine.KeyWorker = "First key worker"
	if err := clients[0].UpdateCase(ctxAs("test"), mine); err != nil {
		t.Fatal(err)
	}
	theirs.KeyWorker = "Second key worker"
	err = clients[1].UpdateCase(ctxAs("test"), theirs)
	if cdop.ErrorRule(err) != cdop.RuleStaleCopy {
		t.Errorf("the second save: %v, want the stale copy refused", err)
	}
	got, err := clients[1].FindCaseByID(ctxAs("test"), c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.KeyWorker != "First key worker" {
		t.Errorf("key worker %q, want the first save's", got.KeyWorker)
	}
}

// TestServer_RefusesANewerSchema: a database a newer program migrated is
// refused, naming both schema versions, and left as it is.
func TestServer_RefusesANewerSchema(t *testing.T) {
	serverURL(t)
	url := newServerDB(t)
	db, err := storage.Open(url, cdop.FixedClock(testNow))
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	raw := rawDB(t, url)
	if _, err := raw.Exec("INSERT INTO schema_migrations (version, applied_at) VALUES (9999, 'x')"); err != nil {
		t.Fatal(err)
	}
	_, err = storage.Open(url, cdop.FixedClock(testNow))
	var coded *cdop.Error
	if !errors.As(err, &coded) || cdop.ErrorCode(err) != cdop.ENEWER || !strings.Contains(err.Error(), "schema 9999") || !strings.Contains(err.Error(), "knows up to") {
		t.Errorf("opening a newer schema: %v, want ENEWER naming both versions", err)
	}
}
