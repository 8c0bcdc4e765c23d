package extract

import (
	"math"
	"runtime"
	"slices"
	"sort"
	"sync"
)

// k-anonymity. Every row of an extract must share its quasi-identifiers
// (the displayed values, "*" being a value like any other) with at least
// k−1 other rows. The planner works on the counts of the distinct base
// combinations only, never on the rows:
//
//  1. Each node of the generalisation lattice (time 0–4 × deprivation 0–2 ×
//     residence 0–1 × age band 0–1 × place of death 0–1: 120 nodes)
//     generalises every combination; the groups then smaller than k are
//     the node's outliers.
//  2. Local suppression turns the outliers' values into "*", trying the
//     sets of fields of one field first, then two, and so on: at each size
//     the set that lets the most outlier rows reach k first (a rare value
//     is the most identifying, and suppressing it is what merges a row
//     into a group), suppressing residence, then deprivation, ethnicity,
//     place, time, sex and age band first when sets do as well. Rows with
//     every field suppressed form one group; when it is still smaller than
//     k, rows of groups larger than k (or, failing that, a whole group)
//     join it, so no row is dropped and k holds whenever there are k rows.
//  3. The node kept is the one losing least information: for every row, the
//     share of each field's distinctions its level merges, plus 1 for each
//     suppressed value (less what generalisation had already lost). Nodes
//     whose lower bound (generalisation loss plus the cheapest suppression
//     of each outlier row) cannot beat the best so far are not suppressed.

// suppressFirst orders the fields from the one suppressed most readily.
var suppressFirst = []int{qLA, qIMD, qEthnic, qPlace, qTime, qSex, qAge}

// masksBySize lists the non-empty sets of fields by size, each size in the
// order of suppressFirst preference (sum of ranks), then by bits.
var masksBySize = func() [nQI + 1][]mask {
	var rank [nQI]int
	for i, f := range suppressFirst {
		rank[f] = i
	}
	score := func(m mask) int {
		s := 0
		for f := range nQI {
			if m&(1<<f) != 0 {
				s += rank[f]
			}
		}
		return s
	}
	var out [nQI + 1][]mask
	for m := mask(1); m <= fullMask; m++ {
		out[m.size()] = append(out[m.size()], m)
	}
	for _, ms := range out {
		sort.SliceStable(ms, func(i, j int) bool { return score(ms[i]) < score(ms[j]) })
	}
	return out
}()

// plan is how an extract is made k-anonymous: the generalisation levels,
// the suppression of each outlier group, and the rows of some groups that
// join the group of rows with every field suppressed.
type plan struct {
	lv     levels
	assign map[uint64]mask // generalised key of an outlier group → fields suppressed
	donate map[uint64]int  // final key → rows of it to suppress entirely
	cost   float64
	cells  int // field values suppressed (time counting once)
}

// finalKey returns the key a row of a base key is shown with, before any donation.
func (p *plan) finalKey(s *scheme, base uint64) uint64 {
	g := s.generalise(base, p.lv)
	if m, ok := p.assign[g]; ok {
		return g | m.bits()
	}
	return g
}

type group struct {
	key uint64
	n   int
}

// planner chooses the plan for the counts of an extract's base keys.
type planner struct {
	k      int
	rows   int
	counts map[uint64]int
	s      *scheme
}

// best returns the plan of least information loss (see above). The nodes
// are taken in order of their generalisation loss, by as many workers as
// there are processors; a node whose lower bound exceeds the best cost
// found so far is passed over, which cannot change the result: the plan
// chosen is the least by better() among all nodes, whatever the order.
func (p *planner) best() *plan {
	type node struct {
		lv      levels
		genLoss float64
	}
	var nodes []node
	var walk func(f int, lv levels)
	walk = func(f int, lv levels) {
		if f == nQI {
			nodes = append(nodes, node{lv, p.genLoss(lv)})
			return
		}
		for l := uint8(0); l <= maxLevels[f]; l++ {
			lv[f] = l
			walk(f+1, lv)
		}
	}
	walk(0, levels{})
	sort.SliceStable(nodes, func(i, j int) bool { return nodes[i].genLoss < nodes[j].genLoss })

	var mu sync.Mutex
	var best *plan
	beaten := func(bound float64) bool {
		mu.Lock()
		defer mu.Unlock()
		return best != nil && bound > best.cost+1e-9
	}
	next := make(chan node)
	var wg sync.WaitGroup
	for range max(1, min(runtime.GOMAXPROCS(0), 4)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := range next {
				if beaten(n.genLoss) {
					continue
				}
				gen := p.generalised(n.lv)
				outliers := 0
				for _, c := range gen {
					if c < p.k {
						outliers += c
					}
				}
				cheapest := math.Inf(1)
				for f := range nQI {
					cheapest = min(cheapest, 1-p.s.loss(f, n.lv[f]))
				}
				if beaten(n.genLoss + float64(outliers)*cheapest) {
					continue
				}
				pl := p.suppress(gen, n.lv)
				mu.Lock()
				if best == nil || better(pl, best) {
					best = pl
				}
				mu.Unlock()
			}
		}()
	}
	for _, n := range nodes {
		next <- n
	}
	close(next)
	wg.Wait()
	return best
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
	for f := range nQI {
		sa, sb = sa+int(a.lv[f]), sb+int(b.lv[f])
	}
	if sa != sb {
		return sa < sb
	}
	return slices.Compare(a.lv[:], b.lv[:]) < 0
}

func (p *planner) generalised(lv levels) map[uint64]int {
	out := make(map[uint64]int, len(p.counts))
	for key, n := range p.counts {
		out[p.s.generalise(key, lv)] += n
	}
	return out
}

// genLoss is the information generalisation loses over all rows.
func (p *planner) genLoss(lv levels) float64 {
	var l float64
	for f := range nQI {
		l += p.s.loss(f, lv[f])
	}
	return l * float64(p.rows)
}

// cellCost is the information lost by suppressing the fields of m of one row.
func (p *planner) cellCost(m mask, lv levels) float64 {
	var c float64
	for f := range nQI {
		if m&(1<<f) != 0 {
			c += 1 - p.s.loss(f, lv[f])
		}
	}
	return c
}

// suppress plans the local suppression of the groups of gen smaller than k.
func (p *planner) suppress(gen map[uint64]int, lv levels) *plan {
	pl := &plan{lv: lv, assign: map[uint64]mask{}, donate: map[uint64]int{}, cost: p.genLoss(lv)}
	var open []group
	for key, n := range gen {
		if n < p.k {
			open = append(open, group{key, n})
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
	// resolved counts the rows already suppressed, by mask and final key.
	var resolved [fullMask + 1]map[uint64]int
	tally := map[uint64]int{}
	// reaching counts, for the open groups, the rows each masked key would
	// have under m: the open groups' own and the rows already there.
	reaching := func(m mask) {
		clear(tally)
		b := m.bits()
		for _, g := range open {
			tally[g.key|b] += g.n
		}
		for k, n := range resolved[m] {
			if _, ok := tally[k]; ok {
				tally[k] += n
			}
		}
	}
	resolve := func(m mask) {
		reaching(m)
		b := m.bits()
		kept := open[:0]
		for _, g := range open {
			if tally[g.key|b] >= p.k {
				if resolved[m] == nil {
					resolved[m] = map[uint64]int{}
				}
				pl.assign[g.key] = m
				resolved[m][g.key|b] += g.n
				pl.cells += g.n * m.size()
				pl.cost += float64(g.n) * p.cellCost(m, lv)
			} else {
				kept = append(kept, g)
			}
		}
		open = kept
	}
	for size := 1; size <= nQI && len(open) > 0; size++ {
		type candidate struct {
			m    mask
			gain int
			cost float64
		}
		var cands []candidate
		for _, m := range masksBySize[size] {
			reaching(m)
			b, gain := m.bits(), 0
			for _, g := range open {
				if tally[g.key|b] >= p.k {
					gain += g.n
				}
			}
			if gain > 0 {
				cands = append(cands, candidate{m, gain, p.cellCost(m, lv)})
			}
		}
		sort.SliceStable(cands, func(i, j int) bool {
			if cands[i].gain != cands[j].gain {
				return cands[i].gain > cands[j].gain
			}
			return cands[i].cost < cands[j].cost
		})
		for _, c := range cands {
			if len(open) == 0 {
				break
			}
			resolve(c.m)
		}
	}
	// What is left is fewer than k rows in all: suppress them entirely, and
	// make their group up to k with rows from elsewhere.
	full := fullMask.bits()
	if resolved[fullMask] == nil {
		resolved[fullMask] = map[uint64]int{}
	}
	for _, g := range open {
		pl.assign[g.key] = fullMask
		resolved[fullMask][full] += g.n
		pl.cells += g.n * nQI
		pl.cost += float64(g.n) * p.cellCost(fullMask, lv)
	}
	if n := resolved[fullMask][full]; n > 0 && n < p.k {
		suppressed := map[uint64]int{}
		for m := mask(1); m < fullMask; m++ {
			for k, n := range resolved[m] {
				suppressed[k] = n
			}
		}
		p.donate(pl, gen, suppressed, p.k-n)
	}
	return pl
}

// donate moves need rows of other groups (gen's of k rows or more, and the
// groups of suppressed rows, by final key) into the group of rows with every
// field suppressed: first the spare rows (beyond k) of the groups with most
// fields suppressed already, then, if that is not enough, one whole group.
func (p *planner) donate(pl *plan, gen, resolved map[uint64]int, need int) {
	var donors []group
	for key, n := range gen {
		if n >= p.k {
			donors = append(donors, group{key, n})
		}
	}
	for key, n := range resolved {
		donors = append(donors, group{key, n})
	}
	extra := func(g group) float64 { return p.cellCost(fullMask&^suppressedFields(g.key), pl.lv) }
	slices.SortFunc(donors, func(a, b group) int {
		if ea, eb := extra(a), extra(b); ea != eb {
			if ea < eb {
				return -1
			}
			return 1
		}
		if a.n != b.n {
			return b.n - a.n
		}
		if a.key < b.key {
			return -1
		}
		return 1
	})
	take := func(g group, n int) {
		pl.donate[g.key] += n
		pl.cells += n * (nQI - suppressedFields(g.key).size())
		pl.cost += float64(n) * extra(g)
		need -= n
	}
	for _, g := range donors {
		if need <= 0 {
			return
		}
		if spare := g.n - p.k; spare > 0 {
			take(g, min(spare, need))
		}
	}
	if need <= 0 {
		return
	}
	// The spare rows are not enough: one whole group joins (the rest of it,
	// when some of its rows have joined already), the cheapest.
	var pick *group
	var pickCost float64
	for i := range donors {
		g := &donors[i]
		if c := float64(g.n-pl.donate[g.key]) * extra(*g); pick == nil || c < pickCost {
			pick, pickCost = g, c
		}
	}
	if pick != nil {
		take(*pick, pick.n-pl.donate[pick.key])
	}
}
