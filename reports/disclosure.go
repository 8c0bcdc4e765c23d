package reports

import (
	"strconv"
)

// DisclosureSettings control how small numbers are hidden in published or
// shared figures.
type DisclosureSettings struct {
	// Threshold is the largest count hidden: counts from 1 to Threshold
	// are shown as Marker. 0 means the default, 7 (NHS practice for
	// sub-national figures).
	Threshold int
	// Rounding rounds every other count to the nearest multiple of it (a
	// count never rounds to 0); 1 shows counts as they are. 0 means the
	// default, 5.
	Rounding int
	// Marker is shown in place of a hidden count; "" means "*".
	Marker string
}

// DefaultDisclosure hides counts of 1 to 7 behind "*" and rounds the others
// to the nearest 5, as NHS statistics do.
var DefaultDisclosure = DisclosureSettings{Threshold: 7, Rounding: 5, Marker: "*"}

// WithDefaults fills the unset settings with the defaults.
func (s DisclosureSettings) WithDefaults() DisclosureSettings {
	if s.Threshold <= 0 {
		s.Threshold = DefaultDisclosure.Threshold
	}
	if s.Rounding <= 0 {
		s.Rounding = DefaultDisclosure.Rounding
	}
	if s.Marker == "" {
		s.Marker = DefaultDisclosure.Marker
	}
	return s
}

// round is a shown count as printed: to the nearest multiple of the
// rounding, halves up, never 0.
func (s DisclosureSettings) round(n int) int {
	b := s.Rounding
	return max(b, (n+b/2)/b*b)
}

// Printed returns how a count is printed when shown: 0 as 0, others rounded.
func (s DisclosureSettings) Printed(n int) string {
	s = s.WithDefaults()
	if n == 0 {
		return "0"
	}
	return strconv.Itoa(s.round(n))
}

// known returns what a reader of a printed entry knows of the count: a 0
// is 0, the marker is at least 1, a number is a count above the threshold
// that rounds to it.
func (s DisclosureSettings) known(printed string) Interval {
	switch printed {
	case "0":
		return Interval{0, 0}
	case s.Marker:
		return Interval{1, unbounded}
	}
	v, err := strconv.Atoi(printed)
	if err != nil {
		return Interval{0, unbounded}
	}
	lo, hi := v-s.Rounding/2, v-s.Rounding/2+s.Rounding-1
	if v == s.Rounding {
		lo = 1 // small counts round up to it
	}
	return Interval{int64(max(lo, s.Threshold+1)), int64(hi)}
}

// Totals say which margins a table is printed with.
type Totals struct {
	Rows    bool // a total at the end of each row (an extra column)
	Columns bool // a total under each column (an extra row)
}

// Protected is a table of counts as published, and what it hides.
type Protected struct {
	Printed [][]string // with its totals, as Suppress returns it
	Hidden  [][]bool
	// GrandHidden reports whether the grand total (the bottom right entry,
	// the total of a one-way table) is hidden.
	GrandHidden bool
}

// Suppress applies small-number disclosure control to a table of counts
// (rows of equal length) and returns it as printed: with its row totals as
// a last column when totals.Rows, its column totals as a last row when
// totals.Columns, and the grand total in the corner when both. See Protect.
func Suppress(table [][]int, totals Totals, s DisclosureSettings) [][]string {
	return Protect(table, totals, s, false).Printed
}

// Protect applies disclosure control to a table of counts. Every count,
// cell or total, from 1 to the threshold is hidden behind the marker; 0 is
// printed as 0 and never hidden (zeros are known); the other counts are
// rounded. Then, as long as the printed figures narrow a hidden count to
// fewer values than the threshold (the interval an intruder works out
// from every row, column and total together, each hidden count being at
// least 1 — see HiddenIntervals), a further count is hidden: the smallest
// printed count that shares a row or column with a count so narrowed (the
// first of equals, so the result is the same every time), a total only
// when no cell will do, the grand total last. hideGrand hides the grand
// total from the start: when another table of the same deaths hides it,
// this one must too.
func Protect(table [][]int, totals Totals, s DisclosureSettings, hideGrand bool) Protected {
	s = s.WithDefaults()
	grid, rows, cols := withTotals(table, totals)
	hidden := make([][]bool, len(grid))
	for r := range grid {
		hidden[r] = make([]bool, len(grid[r]))
		for c, v := range grid[r] {
			hidden[r][c] = v >= 1 && v <= s.Threshold
		}
	}
	gr, gc := len(grid)-1, len(grid[0])-1 // the grand total, when printed
	hasGrand := totals.Columns && (totals.Rows || cols == 1)
	if !hasGrand {
		gr, gc = -1, -1
	}
	if hideGrand && hasGrand && grid[gr][gc] != 0 {
		hidden[gr][gc] = true
	}
	printed := func() [][]string {
		out := make([][]string, len(grid))
		for r := range grid {
			out[r] = make([]string, len(grid[r]))
			for c, v := range grid[r] {
				if hidden[r][c] {
					out[r][c] = s.Marker
				} else {
					out[r][c] = s.Printed(v)
				}
			}
		}
		return out
	}
	for {
		narrowed := narrowHidden(printed(), rows, cols, totals, s)
		if len(narrowed) == 0 {
			break
		}
		// The smallest printed count in a line of a narrowed one: cells
		// first, then totals, the grand total last.
		best := [2]int{-1, -1}
		rank := func(r, c int) int {
			switch {
			case r == gr && c == gc:
				return 2
			case r == rows || c == cols:
				return 1
			}
			return 0
		}
		for r := range grid {
			for c, v := range grid[r] {
				if hidden[r][c] || v == 0 || !sharesLine(r, c, narrowed, rows, cols) {
					continue
				}
				if best[0] < 0 {
					best = [2]int{r, c}
					continue
				}
				br, bc := best[0], best[1]
				if rank(r, c) < rank(br, bc) || rank(r, c) == rank(br, bc) && v < grid[br][bc] {
					best = [2]int{r, c}
				}
			}
		}
		if best[0] < 0 {
			break // only zeros are left beside them: nothing more to hide
		}
		hidden[best[0]][best[1]] = true
	}
	return Protected{Printed: printed(), Hidden: hidden, GrandHidden: hasGrand && hidden[gr][gc]}
}

// withTotals returns the table with its totals, and its rows and columns.
func withTotals(table [][]int, totals Totals) (grid [][]int, rows, cols int) {
	rows = len(table)
	for _, r := range table {
		cols = max(cols, len(r))
	}
	gr, gc := rows, cols
	if totals.Columns {
		gr++
	}
	if totals.Rows {
		gc++
	}
	grid = make([][]int, gr)
	for r := range grid {
		grid[r] = make([]int, gc)
		if r < rows {
			copy(grid[r], table[r])
		}
	}
	for r := range rows {
		for c := range cols {
			v := grid[r][c]
			if totals.Rows {
				grid[r][cols] += v
			}
			if totals.Columns {
				grid[rows][c] += v
			}
			if totals.Rows && totals.Columns {
				grid[rows][cols] += v
			}
		}
	}
	return grid, rows, cols
}

// sharesLine reports whether entry r, c shares a row or column of the
// printed grid with one of cells.
func sharesLine(r, c int, cells [][2]int, rows, cols int) bool {
	for _, n := range cells {
		if n[0] == r || n[1] == c {
			return true
		}
	}
	return false
}

// narrowHidden returns the hidden entries of a printed table that its
// printed figures narrow to fewer values than the threshold.
func narrowHidden(printed [][]string, rows, cols int, totals Totals, s DisclosureSettings) [][2]int {
	iv := HiddenIntervals(printed, totals, s)
	var out [][2]int
	for r := range printed {
		for c, p := range printed[r] {
			if p == s.Marker && iv[r][c].Width() < int64(s.Threshold) {
				out = append(out, [2]int{r, c})
			}
		}
	}
	return out
}

// HiddenIntervals is the intruder's view of a printed table (as Suppress
// returns it, totals as Totals say): for each entry, the whole numbers its
// count can be, given every printed figure together — a 0 is 0, a printed
// number is a count above the threshold that rounds to it, the marker is at
// least 1 — worked out exactly (see intervals.go). A hidden count whose
// interval holds one value is given away.
func HiddenIntervals(printed [][]string, totals Totals, s DisclosureSettings) [][]Interval {
	s = s.WithDefaults()
	known := make([][]Interval, len(printed))
	for r := range printed {
		known[r] = make([]Interval, len(printed[r]))
		for c, p := range printed[r] {
			known[r][c] = s.known(p)
		}
	}
	rows, cols := len(printed), 0
	if rows > 0 {
		cols = len(printed[0])
	}
	if totals.Columns {
		rows--
	}
	if totals.Rows {
		cols--
	}
	if rows <= 0 || cols <= 0 {
		return known
	}
	out, ok := tableIntervals(known, rows, cols, totals)
	if !ok {
		return known // rounding cannot contradict; were it to, say no more than each entry does
	}
	return out
}
