package reports_test

import (
	"math/rand/v2"
	"reflect"
	"testing"

	"casemanager/reports"
)

// noRounding shows counts as they are, so that tests can follow the
// suppression by hand.
var noRounding = reports.DisclosureSettings{Threshold: 4, Rounding: 1}

func TestSuppress(t *testing.T) {
	both := reports.Totals{Rows: true, Columns: true}
	cols := reports.Totals{Columns: true}
	for _, tc := range []struct {
		name   string
		table  [][]int
		totals reports.Totals
		s      reports.DisclosureSettings
		want   [][]string
	}{
		{
			name:  "NHS defaults: 1 to 7 hidden, others rounded to the nearest 5, 0 stays 0",
			table: [][]int{{0, 1, 7, 8}, {12, 13, 22, 0}},
			want:  [][]string{{"0", "*", "*", "10"}, {"10", "15", "20", "0"}},
		},
		{
			name:   "one hidden count in a column: the next smallest is hidden too",
			table:  [][]int{{10}, {3}, {8}, {20}},
			totals: cols, s: noRounding,
			want: [][]string{{"10"}, {"*"}, {"*"}, {"20"}, {"41"}},
		},
		{
			name:   "zeros stay 0 and are never the second hidden count",
			table:  [][]int{{0}, {2}, {0}, {9}, {12}},
			totals: cols, s: noRounding,
			want: [][]string{{"0"}, {"*"}, {"0"}, {"*"}, {"12"}, {"23"}},
		},
		{
			name:   "two hidden counts the total pins to 1 to 3 are hidden with a third",
			table:  [][]int{{2}, {2}, {30}},
			totals: cols, s: noRounding,
			want: [][]string{{"*"}, {"*"}, {"*"}, {"34"}},
		},
		{
			name:   "two hidden counts with room enough are safe",
			table:  [][]int{{2}, {3}, {30}, {1}},
			totals: cols, s: noRounding,
			want: [][]string{{"*"}, {"*"}, {"30"}, {"*"}, {"36"}},
		},
		{
			name:   "a small total is hidden itself",
			table:  [][]int{{1}, {0}, {2}},
			totals: cols, s: noRounding,
			want: [][]string{{"*"}, {"0"}, {"*"}, {"*"}},
		},
		{
			name:   "rounding blurs the total enough on its own",
			table:  [][]int{{3}, {12}, {23}},
			totals: cols,
			want:   [][]string{{"*"}, {"10"}, {"25"}, {"40"}},
		},
		{
			name:   "all zero",
			table:  [][]int{{0, 0}, {0, 0}},
			totals: both,
			want:   [][]string{{"0", "0", "0"}, {"0", "0", "0"}, {"0", "0", "0"}},
		},
		{
			// The table: "10-14 years: male 5, female 0", and a
			// 2025 age-by-sex table whose male and not-known hidden counts
			// were recovered as 3 and 2 from the totals.
			name:   "a hidden count beside a zero and the totals",
			table:  [][]int{{5, 0, 0}, {12, 10, 3}, {3, 9, 2}},
			totals: both, s: noRounding,
			want: [][]string{
				{"*", "0", "0", "*"},
				{"*", "*", "*", "25"},
				{"*", "*", "*", "*"},
				{"20", "19", "5", "44"},
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := reports.Suppress(tc.table, tc.totals, tc.s)
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got  %v\nwant %v", got, tc.want)
			}
			checkSafe(t, tc.table, tc.totals, got, tc.s)
		})
	}
}

func TestDisclosureDefaultsAndMarker(t *testing.T) {
	if d := (reports.DisclosureSettings{}).WithDefaults(); d != reports.DefaultDisclosure || d.Threshold != 7 || d.Rounding != 5 || d.Marker != "*" {
		t.Errorf("defaults %+v; want 1 to 7 hidden as *, others rounded to 5", d)
	}
	got := reports.Suppress([][]int{{6}, {7}, {8}, {40}}, reports.Totals{Columns: true}, reports.DisclosureSettings{Threshold: 7, Rounding: 1, Marker: "c"})
	if got[0][0] != "c" || got[1][0] != "c" || got[3][0] != "40" {
		t.Errorf("threshold 7, marker c, no rounding: got %v", got)
	}
	for n, want := range map[int]string{0: "0", 8: "10", 12: "10", 13: "15", 99: "100", 1: "5"} {
		if p := reports.DefaultDisclosure.Printed(n); p != want {
			t.Errorf("Printed(%d) = %q; want %q", n, p, want)
		}
	}
}

// TestSuppressNeverGivesACountAway checks, on many random tables, what an
// intruder with the printed table can work out: no count from 1 to the
// threshold is printed; every printed figure is the count rounded (0
// exactly); and the interval the printed figures allow for each hidden
// count holds its true count and at least as many values as the
// threshold.
func TestSuppressNeverGivesACountAway(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 1500; i++ {
		rows, cols := 1+r.IntN(7), 1+r.IntN(4)
		table := make([][]int, rows)
		for j := range table {
			table[j] = make([]int, cols)
			for k := range table[j] {
				switch r.IntN(4) {
				case 0:
					table[j][k] = 0
				case 1:
					table[j][k] = 1 + r.IntN(7)
				default:
					table[j][k] = r.IntN(40)
				}
			}
		}
		totals := reports.Totals{Rows: r.IntN(2) == 0, Columns: r.IntN(2) == 0}
		s := reports.DisclosureSettings{Threshold: 1 + r.IntN(7), Rounding: []int{1, 5, 10}[r.IntN(3)]}
		checkSafe(t, table, totals, reports.Suppress(table, totals, s), s)
		if t.Failed() {
			t.Fatalf("table %v totals %+v settings %+v", table, totals, s)
		}
	}
}

// grid returns a table with its totals, as Suppress lays them out.
func grid(table [][]int, totals reports.Totals) [][]int {
	rows, cols := len(table), len(table[0])
	gr, gc := rows, cols
	if totals.Columns {
		gr++
	}
	if totals.Rows {
		gc++
	}
	out := make([][]int, gr)
	for r := range out {
		out[r] = make([]int, gc)
		if r < rows {
			copy(out[r], table[r])
		}
	}
	for r := range rows {
		for c := range cols {
			if totals.Rows {
				out[r][cols] += table[r][c]
			}
			if totals.Columns {
				out[rows][c] += table[r][c]
			}
			if totals.Rows && totals.Columns {
				out[rows][cols] += table[r][c]
			}
		}
	}
	return out
}

// checkSafe checks a suppressed table as an intruder would attack it.
func checkSafe(t *testing.T, table [][]int, totals reports.Totals, got [][]string, s reports.DisclosureSettings) {
	t.Helper()
	s = s.WithDefaults()
	g := grid(table, totals)
	if len(got) != len(g) || len(got[0]) != len(g[0]) {
		t.Fatalf("got a %d×%d table, want %d×%d", len(got), len(got[0]), len(g), len(g[0]))
	}
	iv := reports.HiddenIntervals(got, totals, s)
	for r := range g {
		for c, v := range g[r] {
			p := got[r][c]
			switch {
			case v >= 1 && v <= s.Threshold && p != s.Marker:
				t.Errorf("entry %d,%d: %d is printed as %q", r, c, v, p)
			case v == 0 && p != "0":
				t.Errorf("entry %d,%d: 0 printed as %q", r, c, p)
			case p != s.Marker && p != s.Printed(v):
				t.Errorf("entry %d,%d: %d printed as %q, want %q", r, c, v, p, s.Printed(v))
			}
			if int64(v) < iv[r][c].Lo || int64(v) > iv[r][c].Hi {
				t.Errorf("entry %d,%d: the intruder's interval %v misses the count %d", r, c, iv[r][c], v)
			}
			if p == s.Marker && iv[r][c].Width() < int64(s.Threshold) {
				t.Errorf("entry %d,%d: hidden %d narrowed to %v (fewer than %d values)", r, c, v, iv[r][c], s.Threshold)
			}
		}
	}
}

// TestHiddenIntervalsAreExact compares the intruder's intervals with every
// table of whole counts the printed figures allow, found by brute force, on
// small random tables: the solver neither misses a possible count (which
// would call a table safe that is not) nor allows an impossible one.
func TestHiddenIntervalsAreExact(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 9))
	const limit = 24 // counts tried for each hidden cell
	for i := 0; i < 60; i++ {
		rows, cols := 1+r.IntN(2), 1+r.IntN(2)
		if rows*cols == 1 {
			cols = 2
		}
		table := make([][]int, rows)
		for j := range table {
			table[j] = make([]int, cols)
			for k := range table[j] {
				table[j][k] = []int{0, 1 + r.IntN(4), 3 + r.IntN(12)}[r.IntN(3)]
			}
		}
		totals := reports.Totals{Rows: r.IntN(3) > 0, Columns: r.IntN(3) > 0}
		s := reports.DisclosureSettings{Threshold: 1 + r.IntN(4), Rounding: []int{1, 5}[r.IntN(2)]}.WithDefaults()
		printed := reports.Suppress(table, totals, s)
		got := reports.HiddenIntervals(printed, totals, s)

		// Every table of whole counts that prints the same.
		lo := make([][]int64, rows)
		hi := make([][]int64, rows)
		for j := range rows {
			lo[j], hi[j] = make([]int64, cols), make([]int64, cols)
			for k := range cols {
				lo[j][k], hi[j][k] = 1<<60, -1
			}
		}
		cand := make([][]int, rows)
		for j := range cand {
			cand[j] = make([]int, cols)
		}
		var walk func(n int)
		walk = func(n int) {
			if n == rows*cols {
				if reflect.DeepEqual(printedAs(cand, totals, printed, s), printed) {
					for j := range rows {
						for k := range cols {
							v := int64(cand[j][k])
							lo[j][k], hi[j][k] = min(lo[j][k], v), max(hi[j][k], v)
						}
					}
				}
				return
			}
			j, k := n/cols, n%cols
			for v := 0; v <= limit; v++ {
				cand[j][k] = v
				walk(n + 1)
			}
		}
		walk(0)
		for j := range rows {
			for k := range cols {
				want := reports.Interval{Lo: lo[j][k], Hi: hi[j][k]}
				if want.Hi == limit {
					want.Hi = reports.Unbounded // the brute force stops where the solver does not
				}
				g := got[j][k]
				if g.Hi > limit && want.Hi == reports.Unbounded {
					g.Hi = reports.Unbounded
				}
				if g != want {
					t.Fatalf("table %v totals %+v settings %+v printed %v: cell %d,%d has %v; every table that prints so gives %v",
						table, totals, s, printed, j, k, got[j][k], want)
				}
			}
		}
	}
}

// printedAs is whether cand, a table of counts, prints as printed: each
// shown figure what cand's count prints as, each hidden one a count from 1
// up, each 0 a 0.
func printedAs(cand [][]int, totals reports.Totals, printed [][]string, s reports.DisclosureSettings) [][]string {
	g := grid(cand, totals)
	out := make([][]string, len(g))
	for r := range g {
		out[r] = make([]string, len(g[r]))
		for c, v := range g[r] {
			switch {
			case printed[r][c] == s.Marker && v >= 1:
				out[r][c] = s.Marker
			case printed[r][c] == s.Marker:
				out[r][c] = "0"
			case v >= 1 && v <= s.Threshold:
				out[r][c] = s.Marker
			default:
				out[r][c] = s.Printed(v)
			}
		}
	}
	return out
}
