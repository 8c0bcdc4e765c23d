package storage_test

import (
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"casemanager/cdop"
	"casemanager/storage"
)

// The load test: 10 coordinators' programs on one server database, each
// doing a coordinator's mix (search the register, open a case, edit it,
// move its stage, request an agency's report) as fast as it can, on a
// shared set of cases, so that they collide. It runs in the PostgreSQL run
// (make test-postgres) for CDOP_LOAD_SECONDS (10 by default; BENCHMARKS.md
// records a 60-second run), on the loopback server the run uses, and
// asserts that no update was lost (every edit, move and request that
// reported success is in the database, and none that did not) and that
// the only errors were the intended conflict refusals. It logs each
// operation's count and latency (p50, p95, max).

const (
	loadClients = 10
	loadCases   = 40 // the cases every client works on
)

// loadOps are the operations of the mix, with their weights.
var loadOps = []struct {
	name   string
	weight int
}{{"search", 30}, {"open", 30}, {"edit", 20}, {"move", 10}, {"request", 10}}

// loadTally is what a client did, merged across clients at the end.
type loadTally struct {
	mu        sync.Mutex
	latencies map[string][]time.Duration
	conflicts map[string]int   // intended refusals (a stale copy, a stage already moved)
	edits     map[string]int   // successful edits, by case
	moves     map[string]int   // successful stage moves, by case
	requests  map[string]int   // successful agency requests, by case
	errs      []string         // anything else
	ops       map[string]int64 // operations run, by name
}

func (l *loadTally) record(op string, took time.Duration, caseID string, err error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.ops[op]++
	l.latencies[op] = append(l.latencies[op], took)
	switch {
	case err == nil:
		switch op {
		case "edit":
			l.edits[caseID]++
		case "move":
			l.moves[caseID]++
		case "request":
			l.requests[caseID]++
		}
	case cdop.ErrorRule(err) == cdop.RuleStaleCopy || cdop.ErrorRule(err) == cdop.RuleAlreadyAtStage:
		l.conflicts[op]++
	default:
		if len(l.errs) < 20 {
			l.errs = append(l.errs, fmt.Sprintf("%s: %v", op, err))
		}
	}
}

// keyWorkerCount is the edit counter the load test keeps in a case's key
// worker: "Load N".
func keyWorkerCount(c *cdop.Case) int {
	n, _ := strconv.Atoi(strings.TrimPrefix(c.KeyWorker, "Load "))
	return n
}

func TestServer_Load(t *testing.T) {
	if !onServer() {
		t.Skip("the load test runs on PostgreSQL: make test-postgres (CDOP_LOAD_SECONDS sets its length)")
	}
	seconds := 10
	if s := os.Getenv("CDOP_LOAD_SECONDS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 600 {
			t.Fatalf("CDOP_LOAD_SECONDS=%q: want a whole number of seconds, 1 to 600", s)
		}
		seconds = n
	}
	url := newServerDB(t)
	clock := cdop.SystemClock{}
	admin := MustOpenDBAt(t, url, clock)
	if _, _, err := admin.CreateFirstAdmin(ctxAs("test"), "test", adminPassword); err != nil {
		t.Fatal(err)
	}
	g := &caseGen{}
	var cases []*cdop.Case
	for range loadCases {
		cases = append(cases, newOpenCase(g))
	}
	if err := admin.ImportCases(ctxAs("test"), cases); err != nil {
		t.Fatal(err)
	}
	agency := mustAgency(t, admin, "West Yorkshire Police", "police")
	clients := make([]*storage.DB, loadClients)
	for i := range clients {
		clients[i] = MustSignIn(t, MustOpenDBAt(t, url, clock))
	}

	tally := &loadTally{latencies: map[string][]time.Duration{}, conflicts: map[string]int{}, edits: map[string]int{},
		moves: map[string]int{}, requests: map[string]int{}, ops: map[string]int64{}}
	deadline := time.Now().Add(time.Duration(seconds) * time.Second)
	var wg sync.WaitGroup
	for i, db := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(i), 77))
			ctx := ctxAs(fmt.Sprintf("coordinator%d", i))
			for time.Now().Before(deadline) {
				c := cases[rng.IntN(len(cases))]
				pick := rng.IntN(100)
				op := loadOps[len(loadOps)-1].name
				for _, o := range loadOps {
					if pick < o.weight {
						op = o.name
						break
					}
					pick -= o.weight
				}
				start := time.Now()
				var err error
				switch op {
				case "search":
					_, err = db.ListCases(ctx, cdop.CaseFilter{Search: c.LastName[:3], Limit: 50})
				case "open":
					_, err = db.CaseFile(ctx, c.ID)
				case "edit":
					var got *cdop.Case
					if got, err = db.FindCaseByID(ctx, c.ID); err == nil {
						got.KeyWorker = "Load " + strconv.Itoa(keyWorkerCount(got)+1)
						err = db.UpdateCase(ctx, got)
					}
				case "move":
					var got *cdop.Case
					if got, err = db.FindCaseByID(ctx, c.ID); err == nil {
						if got.Stage == cdop.StageNotified {
							err = db.MoveStage(ctx, c.ID, cdop.StageImmediateDecisions, "")
						} else {
							err = db.MoveStage(ctx, c.ID, cdop.StageNotified, "Moved back by the load test")
						}
					}
				case "request":
					err = db.SaveRequest(ctx, &cdop.AgencyRequest{CaseID: c.ID, AgencyID: agency.ID, Form: "reporting_form", RequestedOn: cdop.Today(clock)})
				}
				tally.record(op, time.Since(start), c.ID, err)
			}
		}()
	}
	wg.Wait()

	if len(tally.errs) > 0 {
		t.Errorf("errors other than the intended conflicts:\n%s", strings.Join(tally.errs, "\n"))
	}
	lost := 0
	for _, c := range cases {
		f, err := admin.CaseFile(ctxAs("test"), c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := keyWorkerCount(f.Case), tally.edits[c.ID]; got != want {
			t.Errorf("case %s: its edit counter is %d, but %d edits succeeded", c.Ref, got, want)
			lost++
		}
		if got, want := len(f.Moves), tally.moves[c.ID]; got != want {
			t.Errorf("case %s: %d stage moves stored, %d succeeded", c.Ref, got, want)
			lost++
		}
		if got, want := len(f.Requests), tally.requests[c.ID]; got != want {
			t.Errorf("case %s: %d agency requests stored, %d succeeded", c.Ref, got, want)
			lost++
		}
	}
	if err := admin.Check(ctxAs("test")); err != nil {
		t.Errorf("check after the load: %v", err)
	}
	t.Logf("%d clients, %d s, %d cases: %d lost updates, %d other errors", loadClients, seconds, loadCases, lost, len(tally.errs))
	for _, o := range loadOps {
		d := tally.latencies[o.name]
		slices.Sort(d)
		if len(d) == 0 {
			continue
		}
		q := func(p float64) time.Duration { return d[min(len(d)-1, int(p*float64(len(d))))] }
		t.Logf("%-8s %6d ops (%5.1f/s)  p50 %7s  p95 %7s  max %7s  conflicts refused %d", o.name, len(d), float64(len(d))/float64(seconds),
			q(0.50).Round(100*time.Microsecond), q(0.95).Round(100*time.Microsecond), d[len(d)-1].Round(100*time.Microsecond), tally.conflicts[o.name])
	}
}
