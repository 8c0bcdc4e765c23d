package reports

// What an intruder can work out from a published table. A two-way table
// with its margins is a flow: from a source to each row (its total), from
// each row to each column (the cell), from each column to a sink (its
// total), and from the sink back to the source (the grand total); each
// row and column is then a node where what comes in goes out, which is
// exactly "the cells add up to the totals". A one-way table is the same
// with one column. Every count the intruder sees bounds its edge: a 0 is
// 0, a printed count lies in the interval its rounding allows (and above
// the threshold, or it would be hidden), a hidden count is at least 1, and
// a total not printed is anything. The values a hidden count can take are
// then exactly the flows its edge can carry in some circulation within
// those bounds, an interval whose ends are found by maximum flows. The
// network's matrix is totally unimodular, so those ends are whole numbers
// reached by whole counts: the interval is what an intruder with a linear
// programming solver gets, no wider. It assumes the intruder knows nothing
// else: in particular nothing from other tables but the totals they share
// (see AnnualReport).

// unbounded stands for a count no printed figure bounds.
const unbounded int64 = 1 << 40

// Interval is the whole numbers a count can be: Lo to Hi, both included;
// Hi is Unbounded when nothing printed bounds it.
type Interval struct{ Lo, Hi int64 }

// Unbounded is the Hi of an interval that nothing printed bounds.
const Unbounded = unbounded

// Width is how many values the interval holds (Unbounded when unbounded).
func (i Interval) Width() int64 {
	if i.Hi >= unbounded {
		return unbounded
	}
	return i.Hi - i.Lo + 1
}

// edge is an arc of a flow network, with its reverse at g.adj[to][rev].
type edge struct {
	to, rev int
	cap     int64
}

// network is a flow network for maximum flows (Dinic's algorithm).
type network struct {
	adj   [][]edge
	level []int
	iter  []int
}

func newNetwork(n int) *network { return &network{adj: make([][]edge, n)} }

// add adds an arc u→v of capacity c and returns where it is.
func (g *network) add(u, v int, c int64) [2]int {
	g.adj[u] = append(g.adj[u], edge{to: v, rev: len(g.adj[v]), cap: c})
	g.adj[v] = append(g.adj[v], edge{to: u, rev: len(g.adj[u]) - 1})
	return [2]int{u, len(g.adj[u]) - 1}
}

func (g *network) clone() *network {
	c := &network{adj: make([][]edge, len(g.adj))}
	for i, es := range g.adj {
		c.adj[i] = append([]edge(nil), es...)
	}
	return c
}

func (g *network) bfs(s, t int) bool {
	g.level = make([]int, len(g.adj))
	for i := range g.level {
		g.level[i] = -1
	}
	g.level[s] = 0
	queue := []int{s}
	for len(queue) > 0 {
		u := queue[0]
		queue = queue[1:]
		for _, e := range g.adj[u] {
			if e.cap > 0 && g.level[e.to] < 0 {
				g.level[e.to] = g.level[u] + 1
				queue = append(queue, e.to)
			}
		}
	}
	return g.level[t] >= 0
}

func (g *network) dfs(u, t int, f int64) int64 {
	if u == t {
		return f
	}
	for ; g.iter[u] < len(g.adj[u]); g.iter[u]++ {
		e := &g.adj[u][g.iter[u]]
		if e.cap > 0 && g.level[e.to] == g.level[u]+1 {
			if d := g.dfs(e.to, t, min(f, e.cap)); d > 0 {
				e.cap -= d
				g.adj[e.to][e.rev].cap += d
				return d
			}
		}
	}
	return 0
}

// maxFlow pushes as much flow as it can, up to limit, from s to t.
func (g *network) maxFlow(s, t int, limit int64) int64 {
	var flow int64
	for flow < limit && g.bfs(s, t) {
		g.iter = make([]int, len(g.adj))
		for flow < limit {
			f := g.dfs(s, t, limit-flow)
			if f == 0 {
				break
			}
			flow += f
		}
	}
	return flow
}

// circulation finds whole flows on arcs with bounds [lo, hi] (arcs[i] from
// from[i] to to[i]) that balance at every node, and says what else each arc
// could carry: it returns each arc's interval over every such
// circulation, or ok false when there is none (the bounds contradict).
func circulation(nodes int, from, to []int, bounds []Interval) (out []Interval, ok bool) {
	// Lower bounds out: an arc carries lo for sure and hi − lo more; each
	// node's imbalance of the sure flows is met from a super source or sink.
	ss, tt := nodes, nodes+1
	g := newNetwork(nodes + 2)
	at := make([][2]int, len(from))
	excess := make([]int64, nodes)
	for i := range from {
		at[i] = g.add(from[i], to[i], bounds[i].Hi-bounds[i].Lo)
		excess[to[i]] += bounds[i].Lo
		excess[from[i]] -= bounds[i].Lo
	}
	var need int64
	for v, x := range excess {
		switch {
		case x > 0:
			g.add(ss, v, x)
			need += x
		case x < 0:
			g.add(v, tt, -x)
		}
	}
	if g.maxFlow(ss, tt, need) != need {
		return nil, false
	}
	// The super source and sink have done their work: close them off.
	for _, v := range []int{ss, tt} {
		for j := range g.adj[v] {
			e := &g.adj[v][j]
			e.cap, g.adj[e.to][e.rev].cap = 0, 0
		}
	}
	out = make([]Interval, len(from))
	for i := range from {
		e := g.adj[at[i][0]][at[i][1]]
		flow := bounds[i].Lo + g.adj[e.to][e.rev].cap // the reverse holds what was pushed
		// More on this arc: flow from its head back round to its tail
		// without it; less: flow from its tail round to its head.
		more, less := g.clone(), g.clone()
		for _, h := range []*network{more, less} {
			a := &h.adj[at[i][0]][at[i][1]]
			a.cap, h.adj[a.to][a.rev].cap = 0, 0
		}
		up := more.maxFlow(to[i], from[i], bounds[i].Hi-flow)
		down := less.maxFlow(from[i], to[i], flow-bounds[i].Lo)
		out[i] = Interval{flow - down, min(flow+up, unbounded)}
		if bounds[i].Hi >= unbounded && out[i].Hi >= unbounded/2 {
			out[i].Hi = unbounded
		}
	}
	return out, true
}

// tableIntervals returns, for a table as printed (its cells' known
// intervals, totals as Totals say), the interval of every entry that the
// printed figures allow; ok is false when they contradict each other.
func tableIntervals(known [][]Interval, rows, cols int, totals Totals) ([][]Interval, bool) {
	// Nodes: 0 source, 1..rows the rows, then the columns, then the sink.
	src, sink := 0, rows+cols+1
	row := func(r int) int { return 1 + r }
	col := func(c int) int { return 1 + rows + c }
	var from, to []int
	var bounds []Interval
	var cells [][2]int
	free := Interval{0, unbounded}
	arc := func(u, v int, b Interval, r, c int) {
		from, to, bounds, cells = append(from, u), append(to, v), append(bounds, b), append(cells, [2]int{r, c})
	}
	for r := range rows {
		b := free
		if totals.Rows {
			b = known[r][cols]
		}
		arc(src, row(r), b, r, cols)
		for c := range cols {
			arc(row(r), col(c), known[r][c], r, c)
		}
	}
	for c := range cols {
		b := free
		if totals.Columns {
			b = known[rows][c]
		}
		arc(col(c), sink, b, rows, c)
	}
	g := free
	if totals.Rows && totals.Columns {
		g = known[rows][cols]
	}
	arc(sink, src, g, rows, cols)
	got, ok := circulation(rows+cols+2, from, to, bounds)
	if !ok {
		return nil, false
	}
	out := make([][]Interval, len(known))
	for r := range known {
		out[r] = make([]Interval, len(known[r]))
		copy(out[r], known[r])
	}
	for i, rc := range cells {
		if rc[0] < len(out) && rc[1] < len(out[rc[0]]) {
			out[rc[0]][rc[1]] = got[i]
		}
	}
	return out, true
}
