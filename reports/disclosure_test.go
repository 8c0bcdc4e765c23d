package reports_test

import (
	"math/rand/v2"
	"reflect"
	"strconv"
	"testing"

	"casemanager/reports"
)

func TestSuppress(t *testing.T) {
	both := reports.Totals{Rows: true, Columns: true}
	cols := reports.Totals{Columns: true}
	for _, tc := range []struct {
		name   string
		table  [][]int
		totals reports.Totals
		want   [][]string
	}{
		{
			name:  "primary only: 1 to 4 hidden, 0 and 5 shown, no totals to give them away",
			table: [][]int{{0, 1, 4, 5}, {2, 3, 10, 0}},
			want:  [][]string{{"0", "*", "*", "5"}, {"*", "*", "10", "0"}},
		},
		{
			name:   "one hidden count in a column: the next smallest is hidden too",
			table:  [][]int{{10}, {3}, {8}, {20}},
			totals: cols,
			want:   [][]string{{"10"}, {"*"}, {"*"}, {"20"}, {"41"}},
		},
		{
			name:   "zeros stay 0 and are never the second hidden count",
			table:  [][]int{{0}, {2}, {0}, {9}, {12}},
			totals: cols,
			want:   [][]string{{"0"}, {"*"}, {"0"}, {"*"}, {"12"}, {"23"}},
		},
		{
			name:   "of equal counts the first is hidden",
			table:  [][]int{{7}, {1}, {7}},
			totals: cols,
			want:   [][]string{{"*"}, {"*"}, {"7"}, {"15"}},
		},
		{
			name:   "two hidden counts are safe",
			table:  [][]int{{2}, {3}, {30}},
			totals: cols,
			want:   [][]string{{"*"}, {"*"}, {"30"}, {"35"}},
		},
		{
			name:   "two hidden counts that could only both be 1 are not",
			table:  [][]int{{1}, {1}, {30}},
			totals: cols,
			want:   [][]string{{"*"}, {"*"}, {"*"}, {"32"}},
		},
		{
			name:   "a small total is hidden itself",
			table:  [][]int{{1}, {0}, {2}},
			totals: cols,
			want:   [][]string{{"*"}, {"0"}, {"*"}, {"*"}},
		},
		{
			name:   "a count alone in its row is hidden with its total",
			table:  [][]int{{0, 3, 0}, {5, 6, 7}},
			totals: reports.Totals{Rows: true},
			want:   [][]string{{"0", "*", "0", "*"}, {"5", "6", "7", "18"}},
		},
		{
			name:   "all zero",
			table:  [][]int{{0, 0}, {0, 0}},
			totals: both,
			want:   [][]string{{"0", "0", "0"}, {"0", "0", "0"}, {"0", "0", "0"}},
		},
		{
			// Row 1 hides 2 (primary) and then 6 (secondary); column 0 then
			// has one hidden count and hides 10; column 1 hides 7; row 0 then
			// has two hidden.
			name:   "rows, columns and totals",
			table:  [][]int{{10, 7, 20}, {2, 6, 30}, {15, 12, 40}},
			totals: both,
			want: [][]string{
				{"*", "*", "20", "37"},
				{"*", "*", "30", "38"},
				{"15", "12", "40", "67"},
				{"27", "25", "90", "142"},
			},
		},
		{
			// The 3 and its column total are hidden (primary); row 0 then
			// hides 10, column 1 hides 12, and row 1, [0, 12], can only
			// keep 12 hidden by hiding its total; the totals follow.
			name:   "a secondary count with only zeros beside it hides the total",
			table:  [][]int{{3, 10}, {0, 12}},
			totals: both,
			want: [][]string{
				{"*", "*", "*"},
				{"0", "*", "*"},
				{"*", "*", "25"},
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := reports.Suppress(tc.table, tc.totals, reports.DisclosureSettings{})
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got  %v\nwant %v", got, tc.want)
			}
			checkSafe(t, tc.table, tc.totals, got, reports.DefaultDisclosure)
		})
	}
}

func TestSuppressSettings(t *testing.T) {
	got := reports.Suppress([][]int{{6}, {7}, {8}, {40}}, reports.Totals{Columns: true}, reports.DisclosureSettings{Threshold: 7, Marker: "c"})
	want := [][]string{{"c"}, {"c"}, {"8"}, {"40"}, {"61"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("threshold 7, marker c: got %v, want %v", got, want)
	}
}

// TestSuppressNeverGivesACountAway checks the rules on many random tables:
// every count from 1 to the threshold is hidden, zeros and shown counts
// are printed as they are, and no row or column, counting its total, has
// exactly one hidden entry, or a printed total and hidden counts that
// could only all be 1.
func TestSuppressNeverGivesACountAway(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 3000; i++ {
		rows, cols := 1+r.IntN(7), 1+r.IntN(5)
		table := make([][]int, rows)
		for j := range table {
			table[j] = make([]int, cols)
			for k := range table[j] {
				switch r.IntN(4) {
				case 0:
					table[j][k] = 0
				case 1:
					table[j][k] = 1 + r.IntN(4)
				default:
					table[j][k] = r.IntN(40)
				}
			}
		}
		totals := reports.Totals{Rows: r.IntN(2) == 0, Columns: r.IntN(2) == 0}
		s := reports.DisclosureSettings{Threshold: 1 + r.IntN(7)}
		checkSafe(t, table, totals, reports.Suppress(table, totals, s), s)
		if t.Failed() {
			t.Fatalf("table %v totals %+v threshold %d", table, totals, s.Threshold)
		}
	}
}

// checkSafe checks a suppressed table against the rules.
func checkSafe(t *testing.T, table [][]int, totals reports.Totals, got [][]string, s reports.DisclosureSettings) {
	t.Helper()
	s = s.WithDefaults()
	rows, cols := len(table), len(table[0])
	// The full grid with totals.
	gr, gc := rows, cols
	if totals.Columns {
		gr++
	}
	if totals.Rows {
		gc++
	}
	grid := make([][]int, gr)
	for r := range grid {
		grid[r] = make([]int, gc)
		if r < rows {
			copy(grid[r], table[r])
		}
	}
	for r := 0; r < rows; r++ {
		for c := 0; c < cols; c++ {
			if totals.Rows {
				grid[r][cols] += table[r][c]
			}
			if totals.Columns {
				grid[rows][c] += table[r][c]
			}
			if totals.Rows && totals.Columns {
				grid[rows][cols] += table[r][c]
			}
		}
	}
	if len(got) != gr || len(got[0]) != gc {
		t.Fatalf("got a %d×%d table, want %d×%d", len(got), len(got[0]), gr, gc)
	}
	hidden := func(r, c int) bool { return got[r][c] == s.Marker }
	for r := range grid {
		for c, v := range grid[r] {
			switch {
			case v >= 1 && v <= s.Threshold && !hidden(r, c):
				t.Errorf("cell %d,%d: %d is shown", r, c, v)
			case v == 0 && got[r][c] != "0":
				t.Errorf("cell %d,%d: 0 printed as %q", r, c, got[r][c])
			case !hidden(r, c) && got[r][c] != strconv.Itoa(v):
				t.Errorf("cell %d,%d: %d printed as %q", r, c, v, got[r][c])
			}
		}
	}
	check := func(what string, members [][2]int, total [2]int) {
		k, sum := 0, 0
		for _, m := range members {
			if hidden(m[0], m[1]) {
				k++
				sum += grid[m[0]][m[1]]
			}
		}
		switch {
		case hidden(total[0], total[1]) && k == 0:
			t.Errorf("%s: its hidden total is the sum of its printed counts", what)
		case !hidden(total[0], total[1]) && k == 1:
			t.Errorf("%s: its printed total gives away its one hidden count", what)
		case !hidden(total[0], total[1]) && k > 1 && sum == k:
			t.Errorf("%s: its printed total shows its hidden counts are all 1", what)
		}
	}
	if totals.Rows {
		for r := 0; r < rows; r++ {
			var m [][2]int
			for c := 0; c < cols; c++ {
				m = append(m, [2]int{r, c})
			}
			check("row "+strconv.Itoa(r), m, [2]int{r, cols})
		}
	}
	if totals.Columns {
		for c := 0; c < cols; c++ {
			var m [][2]int
			for r := 0; r < rows; r++ {
				m = append(m, [2]int{r, c})
			}
			check("column "+strconv.Itoa(c), m, [2]int{rows, c})
		}
	}
	if totals.Rows && totals.Columns {
		var byRow, byCol [][2]int
		for r := 0; r < rows; r++ {
			byRow = append(byRow, [2]int{r, cols})
		}
		for c := 0; c < cols; c++ {
			byCol = append(byCol, [2]int{rows, c})
		}
		check("row totals", byRow, [2]int{rows, cols})
		check("column totals", byCol, [2]int{rows, cols})
	}
}
