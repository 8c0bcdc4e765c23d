package extract

import (
	"fmt"
	"runtime"
	"slices"
	"sort"
	"sync"

	"casemanager/cdop"
)

// Disclosure control of an extract, over every quasi-identifier together:
//
//   - k-anonymity: every row shares its quasi-identifiers (the values shown,
//     "*" being a value like any other) with at least k−1 other rows, so
//     that someone who knows them of a child finds at least k rows;
//   - l-diversity on the modifiable outcome: every such group of rows holds
//     at least l different outcomes recorded (a group in which no outcome is
//     recorded yet tells nothing), so that finding the group does not tell
//     the outcome.
//
// Generalisation comes first, suppression second. The planner works on the
// counts of the distinct combinations of quasi-identifiers (with their
// outcomes), never on the rows:
//
//  1. From the finest levels, it climbs the lattice of generalisation
//     levels one step at a time, each time raising the one dimension that
//     makes the most rows safe for the information it loses (rows whose
//     group is too small or not diverse are unsafe), until every row is
//     safe or nothing is left to raise.
//  2. The nodes of the climb are costed from its top down (each has more
//     unsafe groups than the one above, so costs more to plan), while they
//     lose less. Local suppression turns the unsafe groups' values into
//     "*", trying sets of one dimension first, then two, and so on up to
//     four (cheapest dimensions first), each set taking the unsafe groups
//     it makes safe together. Rows still unsafe have every value
//     suppressed; when that group is itself too small or not diverse, rows
//     of safe groups that can spare them (or, failing that, a whole safe
//     group) join it. No row is dropped.
//  3. From the best node, a level up or down in one dimension at a time,
//     while that loses less.
//
// A plan's cost is the information it loses: for every row, the share of
// each dimension's recorded values its level merges with the row's own, and
// for each suppressed value what it had left plus a penalty (a star leaves
// a hole in a column; a generalised column does not), so generalisation
// comes first. This is a heuristic within a budget of work (the lattice
// has about 100,000 nodes): the plan is safe whatever it finds, and the
// rows written are checked group by group.

// The modifiable outcomes a row can show, by index: not recorded, the
// codes of cdop.ModifiableOutcomes, then withheld (typed text).
const nOutcomes = 5

// outcomeIndex returns a row's outcome index.
func outcomeIndex(v string) uint8 {
	if v == "" {
		return 0
	}
	if i := slices.Index(cdop.ModifiableOutcomes.Codes(), v); i >= 0 {
		return uint8(i + 1)
	}
	return nOutcomes - 1
}

// stats counts the rows of a group and their outcomes.
type stats struct {
	n   int32
	out [nOutcomes]int32
}

func (s *stats) add(o stats) {
	s.n += o.n
	for i := range s.out {
		s.out[i] += o.out[i]
	}
}

// recorded counts the different outcomes recorded among the rows.
func (s *stats) recorded() int {
	n := 0
	for _, c := range s.out[1:] {
		if c > 0 {
			n++
		}
	}
	return n
}

// diverse reports whether the rows hold l different recorded outcomes, or none.
func (s *stats) diverse(l int) bool {
	r := s.recorded()
	return r == 0 || r >= l
}

// ok reports whether a group is safe: k rows or more, l-diverse.
func (s *stats) ok(k, l int) bool { return int(s.n) >= k && s.diverse(l) }

// plan is how an extract is made safe: the generalisation levels, the
// suppression of each unsafe group, and the rows of safe groups that join
// the group of rows with every value suppressed.
type plan struct {
	lv     levels
	assign map[uint64]mask              // generalised key of an unsafe group → dimensions suppressed
	donate map[uint64]*[nOutcomes]int32 // final key → its rows, by outcome, that join the fully suppressed group
	cost   float64
	cells  int // values suppressed
}

// finalKey returns the key a row of a level-0 key is shown with, before any donation.
func (p *plan) finalKey(s *scheme, base uint64) uint64 {
	g := s.generalise(base, &levels{}, &p.lv)
	if m, ok := p.assign[g]; ok {
		return g | m.bits()
	}
	return g
}

// planner chooses the plan for the counts of an extract's keys.
type planner struct {
	k, l   int
	rows   int
	floor  levels           // the levels counts are kept at
	counts map[uint64]stats // keys at the floor levels
	s      *scheme
}

// node is a point of the lattice: its levels and groups.
type node struct {
	lv      levels
	gen     map[uint64]stats
	unsafe  int // rows in groups too small or not diverse
	open    int // such groups
	genLoss float64
}

// maxSuppressedSet is the most values of a row suppressed together before
// all of them are: larger sets are rarely cheaper, and trying them all
// costs more than it saves.
const maxSuppressedSet = 4

// regroup returns the node of levels to, from the groups at levels from.
func (p *planner) regroup(groups map[uint64]stats, from, to levels) node {
	n := node{lv: to, gen: make(map[uint64]stats, len(groups)/2+1), genLoss: p.genLoss(&to)}
	for key, st := range groups {
		g := p.s.generalise(key, &from, &to)
		cur := n.gen[g]
		cur.add(st)
		n.gen[g] = cur
	}
	for _, st := range n.gen {
		if !st.ok(p.k, p.l) {
			n.unsafe += int(st.n)
			n.open++
		}
	}
	return n
}

// genLoss is the information generalisation to lv loses over all rows.
func (p *planner) genLoss(lv *levels) float64 {
	var l float64
	for i := range dims {
		if lv[i] == 0 {
			continue
		}
		for v, n := range p.s.hist[i] {
			l += float64(n) * p.s.cellLoss(i, lv[i], p.s.raise(i, 0, lv[i], v))
		}
	}
	return l
}

// best returns the plan of least information loss found (see above).
func (p *planner) best() (*plan, error) {
	// 1. The climb, from the floor. A node's groups are kept, to be costed
	// in step 2 without counting again, when there are few of them.
	cur := p.regroup(p.counts, p.floor, p.floor)
	keep := func(n node) node {
		if len(n.gen) > keepGroups {
			n.gen = nil
		}
		return n
	}
	path := []node{keep(cur)}
	for cur.unsafe > 0 {
		var raises []levels
		for i := range dims {
			if int(cur.lv[i])+1 < len(dims[i].levels) {
				lv := cur.lv
				lv[i]++
				raises = append(raises, lv)
			}
		}
		if len(raises) == 0 {
			break
		}
		// Each raise counted in parallel, keeping only its figures (its
		// groups are counted again once chosen, so that memory holds few
		// sets of groups at once); chosen in order, so the same counts
		// always make the same climb.
		nodes := make([]node, len(raises))
		var wg sync.WaitGroup
		next := make(chan int)
		for range min(len(raises), max(1, runtime.GOMAXPROCS(0)), 4) {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for j := range next {
					n := p.regroup(cur.gen, cur.lv, raises[j])
					n.gen = nil
					nodes[j] = n
				}
			}()
		}
		for j := range raises {
			next <- j
		}
		close(next)
		wg.Wait()
		best, bestScore := -1, 0.0
		for j, n := range nodes {
			// Rows made safe for the information lost; when no raise makes
			// any safe, the raise that loses least.
			added := max(n.genLoss-cur.genLoss, 1e-9)
			score := float64(cur.unsafe-n.unsafe) / added
			if cur.unsafe-n.unsafe <= 0 {
				score = -added
			}
			if best < 0 || score > bestScore {
				best, bestScore = j, score
			}
		}
		cur = p.regroup(cur.gen, cur.lv, raises[best])
		path = append(path, keep(cur))
	}
	// 2. The nodes of the climb costed with their suppression, from the top
	// down (each has more unsafe groups, so costs more to plan), while they
	// lose less and the search stays within its budget of work.
	var best *plan
	tried := map[levels]bool{}
	regrouped, suppressed := 0, 0 // work done: groups regrouped, unsafe groups planned
	try := func(n node) (*plan, error) {
		if tried[n.lv] || best != nil && p.bound(n) > best.cost+1e-9 {
			return nil, nil
		}
		tried[n.lv] = true
		g := n
		if g.gen == nil {
			g = p.regroup(p.counts, p.floor, n.lv)
			regrouped += len(p.counts)
		}
		if best != nil && (suppressed+g.open > maxSuppressWork || p.bound(g) > best.cost+1e-9) {
			return nil, nil
		}
		suppressed += g.open
		return p.suppress(g)
	}
	worse := 0
	for i := len(path) - 1; i >= 0 && worse < 2; i-- {
		pl, err := try(path[i])
		switch {
		case err != nil:
			return nil, err
		case pl == nil:
		case best == nil || better(pl, best):
			best, worse = pl, 0
		default:
			worse++
		}
	}
	// 3. A level up or down in one dimension at a time, while that loses
	// less and the search stays within its budget of work.
	for range maxRefinements {
		from := best
		for i := range dims {
			for _, step := range []int{-1, 1} {
				l := int(from.lv[i]) + step
				if l < int(p.floor[i]) || l >= len(dims[i].levels) || regrouped > maxRegroupWork {
					continue
				}
				lv := from.lv
				lv[i] = uint8(l)
				pl, err := try(node{lv: lv, genLoss: p.genLoss(&lv)})
				if err != nil {
					return nil, err
				}
				if pl != nil && better(pl, best) {
					best = pl
				}
			}
		}
		if best == from {
			break
		}
	}
	return best, nil
}

// keepGroups is the most groups a node of the climb keeps for step 2.
const keepGroups = 1 << 12

// The search's budget of work once a first plan is found: groups
// regrouped, and unsafe groups whose suppression is planned. A small
// extract is searched through; a large one (tens of thousands of
// combinations) stops early with the best plan found so far.
const (
	maxRegroupWork  = 3_000_000
	maxSuppressWork = 40_000
)

// maxRefinements bounds the steps of the search around the best node.
const maxRefinements = 8

// bound is a lower bound of what a node's plan loses: generalisation, and
// at least one value of each unsafe row.
func (p *planner) bound(n node) float64 {
	return n.genLoss + float64(n.unsafe)*p.cheapestCell(&n.lv)
}

// better reports whether a is to be preferred to b: less information lost,
// then fewer values suppressed, then less generalisation.
func better(a, b *plan) bool {
	const eps = 1e-9
	switch {
	case a.cost < b.cost-eps:
		return true
	case a.cost > b.cost+eps:
		return false
	case a.cells != b.cells:
		return a.cells < b.cells
	}
	sa, sb := 0, 0
	for i := range dims {
		sa, sb = sa+int(a.lv[i]), sb+int(b.lv[i])
	}
	if sa != sb {
		return sa < sb
	}
	return slices.Compare(a.lv[:], b.lv[:]) < 0
}

// cheapestCell is the least a suppressed value can lose at levels lv: a
// lower bound of what an unsafe row costs.
func (p *planner) cheapestCell(lv *levels) float64 {
	c := 1.0
	for i := range dims {
		worst := 0.0
		for _, l := range p.s.loss[i][lv[i]] {
			worst = max(worst, l)
		}
		c = min(c, 1-worst)
	}
	return c + suppressionPenalty
}

// suppressionPenalty is what a suppressed value costs beyond the
// information it loses: a star leaves a hole in a column that analyses
// must work round, where a column generalised alike in every row does not,
// so generalisation comes first and suppression takes the outliers.
var suppressionPenalty = 0.5

// cellsCost is what suppressing the dimensions of m loses for one row of a
// group with key g at levels lv.
func (p *planner) cellsCost(m mask, g uint64, lv *levels) float64 {
	var c float64
	for i := range dims {
		if m.has(i) {
			if v := dims[i].field(g); v != dims[i].suppressed() {
				c += 1 - p.s.cellLoss(i, lv[i], v) + suppressionPenalty
			}
		}
	}
	return c
}

// masksBySize lists the non-empty sets of dimensions by size, each size in
// order of the dimensions' suppressRank (sum of ranks), then by bits.
var masksBySize = func() [][]mask {
	out := make([][]mask, len(dims)+1)
	for m := mask(1); m <= fullMask; m++ {
		out[m.size()] = append(out[m.size()], m)
	}
	score := func(m mask) int {
		s := 0
		for i := range dims {
			if m.has(i) {
				s += dims[i].suppressRank
			}
		}
		return s
	}
	for _, ms := range out {
		sort.SliceStable(ms, func(i, j int) bool { return score(ms[i]) < score(ms[j]) })
	}
	return out
}()

type group struct {
	key uint64
	st  stats
}

// suppress plans the local suppression of a node's unsafe groups.
func (p *planner) suppress(n node) (*plan, error) {
	pl := &plan{lv: n.lv, assign: map[uint64]mask{}, donate: map[uint64]*[nOutcomes]int32{}, cost: n.genLoss}
	var open []group
	for key, st := range n.gen {
		if !st.ok(p.k, p.l) {
			open = append(open, group{key, st})
		}
	}
	slices.SortFunc(open, func(a, b group) int {
		switch {
		case a.key < b.key:
			return -1
		case a.key > b.key:
			return 1
		}
		return 0
	})
	// resolved holds the rows already suppressed, by mask and final key.
	resolved := map[mask]map[uint64]stats{}
	tally := map[uint64]stats{}
	// reaching sums, for the open groups, the rows each would share its
	// key with under m: the open groups' own, and rows already there.
	reaching := func(m mask) {
		clear(tally)
		b := m.bits()
		for _, g := range open {
			st := tally[g.key|b]
			st.add(g.st)
			tally[g.key|b] = st
		}
		for k, st := range resolved[m] {
			if t, ok := tally[k]; ok {
				t.add(st)
				tally[k] = t
			}
		}
	}
	resolve := func(m mask) {
		reaching(m)
		b := m.bits()
		kept := open[:0]
		for _, g := range open {
			if t := tally[g.key|b]; t.ok(p.k, p.l) {
				if resolved[m] == nil {
					resolved[m] = map[uint64]stats{}
				}
				pl.assign[g.key] = m
				r := resolved[m][g.key|b]
				r.add(g.st)
				resolved[m][g.key|b] = r
				pl.cells += int(g.st.n) * m.size()
				pl.cost += float64(g.st.n) * p.cellsCost(m, g.key, &n.lv)
			} else {
				kept = append(kept, g)
			}
		}
		open = kept
	}
	// Sets of one dimension first, then two…: at each size, the cheapest
	// sets first (by the dimensions' suppressRank), each taking the unsafe
	// groups it makes safe.
	for size := 1; size <= min(maxSuppressedSet, len(dims)-1) && len(open) > 0; size++ {
		for _, m := range masksBySize[size] {
			if len(open) == 0 {
				break
			}
			resolve(m)
		}
	}
	// What is left has every value suppressed; its group, when unsafe, is
	// made up with rows from elsewhere.
	full := fullMask.bits()
	var all stats
	for _, g := range open {
		pl.assign[g.key] = fullMask
		all.add(g.st)
		pl.cells += int(g.st.n) * len(dims)
		pl.cost += float64(g.st.n) * p.cellsCost(fullMask, g.key, &n.lv)
	}
	if r, ok := resolved[fullMask][full]; ok {
		all.add(r)
	}
	if all.n > 0 && !all.ok(p.k, p.l) {
		var donors []group
		for key, st := range n.gen {
			if st.ok(p.k, p.l) {
				donors = append(donors, group{key, st})
			}
		}
		for m, byKey := range resolved {
			if m == fullMask {
				continue
			}
			for key, st := range byKey {
				donors = append(donors, group{key, st})
			}
		}
		if err := p.donate(pl, donors, all); err != nil {
			return nil, err
		}
	}
	return pl, nil
}

// donate moves rows of safe groups (donors, by final key) into the group
// of rows with every value suppressed, whose rows are all, until it is
// safe: first single rows the groups can spare (beyond k, keeping them
// diverse), those of the outcomes it lacks first, from the groups with most
// values suppressed already; then, if that is not enough, a whole group.
func (p *planner) donate(pl *plan, donors []group, all stats) error {
	extra := func(g group) float64 {
		return p.cellsCost(fullMask&^suppressedDims(g.key), g.key, &pl.lv)
	}
	slices.SortFunc(donors, func(a, b group) int {
		if ea, eb := extra(a), extra(b); ea != eb {
			if ea < eb {
				return -1
			}
			return 1
		}
		if a.key < b.key {
			return -1
		}
		return 1
	})
	take := func(g *group, o int) {
		d := pl.donate[g.key]
		if d == nil {
			d = &[nOutcomes]int32{}
			pl.donate[g.key] = d
		}
		d[o]++
		g.st.n--
		g.st.out[o]--
		all.n++
		all.out[o]++
		pl.cells += len(dims) - suppressedDims(g.key).size()
		pl.cost += extra(*g)
	}
	for !all.ok(p.k, p.l) {
		moved := false
		for i := range donors {
			g := &donors[i]
			// An outcome the group lacks, if it lacks diversity; any otherwise.
			for o := range nOutcomes {
				if g.st.out[o] == 0 || int(g.st.n)-1 < p.k {
					continue
				}
				lacks := o > 0 && all.out[o] == 0
				if !all.diverse(p.l) && !lacks {
					continue
				}
				after := g.st
				after.n--
				after.out[o]--
				if !after.diverse(p.l) {
					continue
				}
				take(g, o)
				moved = true
				break
			}
			if moved {
				break
			}
		}
		if moved {
			continue
		}
		// No row can be spared: the cheapest whole group joins, one with
		// an outcome the suppressed group lacks when it lacks diversity.
		pick := -1
		for pass := range 2 {
			for i := range donors {
				g := &donors[i]
				if g.st.n == 0 || pass == 0 && all.diverse(p.l) {
					continue
				}
				if pass == 0 && !hasOutcomeMissing(g.st, all) {
					continue
				}
				if pick < 0 || float64(g.st.n)*extra(*g) < float64(donors[pick].st.n)*extra(donors[pick]) {
					pick = i
				}
			}
			if pick >= 0 {
				break
			}
		}
		if pick < 0 {
			return fmt.Errorf("extract: no rows left to make the suppressed group safe (this is a bug)")
		}
		g := &donors[pick]
		for o := range nOutcomes {
			for g.st.out[o] > 0 {
				take(g, o)
			}
		}
	}
	return nil
}

// hasOutcomeMissing reports whether g holds a recorded outcome all lacks.
func hasOutcomeMissing(g, all stats) bool {
	for o := 1; o < nOutcomes; o++ {
		if g.out[o] > 0 && all.out[o] == 0 {
			return true
		}
	}
	return false
}
