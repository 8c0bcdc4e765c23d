package storage_test

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"casemanager/cdop"
	"casemanager/storage"
)

// Two coordinators' programs racing on a rule that spans rows: each test
// opens two handles on one database (a file in the SQLite run, a server's
// database in the PostgreSQL run, as two offices would), lets both go at
// once from a barrier, many times over, and checks the rule held every
// time: exactly one of the two wins, the other is refused by the rule (not
// by a busy database, nor silently), and the stored rows say so.

// raceIterations is how many times each race runs.
const raceIterations = 25

// openClients opens n handles on one new database, its administrator
// signed in on each.
func openClients(t *testing.T, n int) []*storage.DB {
	t.Helper()
	path := testDBPath(t)
	first := MustOpenDBAt(t, path, cdop.FixedClock(testNow))
	if _, _, err := first.CreateFirstAdmin(ctxAs("test"), "test", adminPassword); err != nil {
		t.Fatal(err)
	}
	clients := []*storage.DB{first}
	for len(clients) < n {
		clients = append(clients, MustSignIn(t, MustOpenDBAt(t, path, cdop.FixedClock(testNow))))
	}
	return clients
}

// race runs fn on both clients at once, released together from a barrier,
// and returns their errors in client order.
func race(clients []*storage.DB, fn func(client int, db *storage.DB) error) [2]error {
	var (
		errs  [2]error
		ready sync.WaitGroup
		done  sync.WaitGroup
	)
	start := make(chan struct{})
	for i := range 2 {
		ready.Add(1)
		done.Add(1)
		go func() {
			defer done.Done()
			ready.Done()
			<-start
			errs[i] = fn(i, clients[i])
		}()
	}
	ready.Wait()
	close(start)
	done.Wait()
	return errs
}

// oneWins checks that exactly one of two racers succeeded and the other
// was refused as refused says, returning which won.
func oneWins(t *testing.T, round int, errs [2]error, refused func(error) bool) int {
	t.Helper()
	switch {
	case errs[0] == nil && errs[1] == nil:
		t.Fatalf("round %d: both succeeded; the rule let the second through", round)
	case errs[0] != nil && errs[1] != nil:
		t.Fatalf("round %d: neither succeeded: %v; %v", round, errs[0], errs[1])
	}
	winner, loser := 0, errs[1]
	if errs[0] != nil {
		winner, loser = 1, errs[0]
	}
	if !refused(loser) {
		t.Fatalf("round %d: the loser's error %v, want the rule's refusal", round, loser)
	}
	return winner
}

// TestRace_TwoClientsRecordingTheSameChild: two coordinators notified of
// the same death record it at once, as a new case or in an import: one
// case is stored, the other refused as its duplicate (an import all or
// nothing, naming the stored case).
func TestRace_TwoClientsRecordingTheSameChild(t *testing.T) {
	for _, way := range []struct {
		name    string
		record  func(db *storage.DB, c *cdop.Case) error
		refused func(error) bool
	}{
		{"create", func(db *storage.DB, c *cdop.Case) error { return db.CreateCase(ctxAs("test"), c) },
			func(err error) bool { return cdop.ErrorRule(err) == cdop.RuleDuplicate }},
		{"import", func(db *storage.DB, c *cdop.Case) error { return db.ImportCases(ctxAs("test"), []*cdop.Case{c}) },
			func(err error) bool {
				var rows cdop.RowErrors
				return errors.As(err, &rows) && len(rows) == 1 &&
					(strings.Contains(rows[0].Message, "the same death as stored case") || strings.Contains(rows[0].Message, "the same child as stored case"))
			}},
	} {
		t.Run(way.name, func(t *testing.T) {
			clients := openClients(t, 2)
			g := &caseGen{}
			for round := range raceIterations {
				child := g.next()
				errs := race(clients, func(_ int, db *storage.DB) error {
					c := child.Clone()
					c.ID = ""
					return way.record(db, c)
				})
				oneWins(t, round, errs, way.refused)
				if dups, err := clients[1].FindDuplicates(ctxAs("test"), child); err != nil || len(dups) != 1 {
					t.Fatalf("round %d: %d stored cases of the child (%v), want 1", round, len(dups), err)
				}
			}
		})
	}
}

// TestRace_TwoClientsTakingTheSameReference: two different children given
// one reference at once: one keeps it, the other is refused; and cases
// made at once without a reference each get their own.
func TestRace_TwoClientsTakingTheSameReference(t *testing.T) {
	clients := openClients(t, 2)
	g := &caseGen{}
	for round := range raceIterations {
		ref := fmt.Sprintf("CDOP-2024-%04d", 9000+round)
		children := []*cdop.Case{g.next(), g.next()}
		errs := race(clients, func(i int, db *storage.DB) error {
			children[i].Ref = ref
			return db.CreateCase(ctxAs("test"), children[i])
		})
		winner := oneWins(t, round, errs, func(err error) bool { return cdop.ErrorRule(err) == cdop.RuleRefInUse })
		got, err := clients[1-winner].FindCaseByRef(ctxAs("test"), ref)
		if err != nil || got.ID != children[winner].ID {
			t.Fatalf("round %d: %s names %v (%v), want the winner's case", round, ref, got, err)
		}
		// Without a reference: both stored, with two new references.
		pair := []*cdop.Case{g.next(), g.next()}
		errs = race(clients, func(i int, db *storage.DB) error { return db.CreateCase(ctxAs("test"), pair[i]) })
		if errs[0] != nil || errs[1] != nil {
			t.Fatalf("round %d: cases without a reference: %v; %v", round, errs[0], errs[1])
		}
		if pair[0].Ref == pair[1].Ref {
			t.Fatalf("round %d: both new cases were given %s", round, pair[0].Ref)
		}
	}
}

// TestRace_TwoClientsSigningOffTheSameCase: the chair's sign-off recorded
// from two programs at once: one sign-off is recorded (one audit row, one
// stage move), the other refused as already decided.
func TestRace_TwoClientsSigningOffTheSameCase(t *testing.T) {
	clients := openClients(t, 2)
	g := &caseGen{}
	m := mustMeeting(t, clients[0], cdop.Meeting{Kind: "cdrm", On: day("2025-05-28")})
	for round := range raceIterations {
		c := caseAt(g, cdop.StageCDRM)
		mustCreate(t, clients[0], c)
		mustAddToAgenda(t, clients[0], m.ID, c)
		errs := race(clients, func(_ int, db *storage.DB) error { return db.SignOff(ctxAs("sam.chair"), m.ID, c.ID) })
		oneWins(t, round, errs, func(err error) bool {
			r := cdop.ErrorRule(err)
			return r == cdop.RuleAlreadyDecided || r == cdop.RuleWrongStageForMeeting
		})
		f := mustFile(t, clients[0], c.ID)
		if f.Case.Stage != cdop.StageCDOPReview || len(f.Moves) != 1 {
			t.Fatalf("round %d: stage %s after %d moves, want one move to CDOP review", round, f.Case.Stage, len(f.Moves))
		}
		if n := len(slices.DeleteFunc(actionsOf(mustHistory(t, clients[0], c.ID)), func(a string) bool { return a != "signoff" })); n != 1 {
			t.Fatalf("round %d: %d sign-off audit rows, want 1", round, n)
		}
	}
}

// TestRace_TwoClientsSavingTheSameCase: two coordinators save their edits
// of one loaded case at once: one is stored, the other refused as a stale
// copy; nothing is lost silently.
func TestRace_TwoClientsSavingTheSameCase(t *testing.T) {
	clients := openClients(t, 2)
	c := (&caseGen{}).next()
	mustCreate(t, clients[0], c)
	for round := range raceIterations {
		var copies [2]*cdop.Case
		for i, db := range clients {
			got, err := db.FindCaseByID(ctxAs("test"), c.ID)
			if err != nil {
				t.Fatal(err)
			}
			copies[i] = got
			got.KeyWorker = fmt.Sprintf("Key worker %d of round %d", i, round)
		}
		errs := race(clients, func(i int, db *storage.DB) error { return db.UpdateCase(ctxAs("test"), copies[i]) })
		winner := oneWins(t, round, errs, func(err error) bool { return cdop.ErrorRule(err) == cdop.RuleStaleCopy })
		got, err := clients[0].FindCaseByID(ctxAs("test"), c.ID)
		if err != nil || got.KeyWorker != copies[winner].KeyWorker {
			t.Fatalf("round %d: stored key worker %q, want the winner's %q", round, got.KeyWorker, copies[winner].KeyWorker)
		}
	}
}
