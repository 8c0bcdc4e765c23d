package reports

import (
	"strconv"
)

// DisclosureSettings control how small numbers are hidden in published or
// shared figures.
type DisclosureSettings struct {
	// Threshold is the largest count hidden: counts from 1 to Threshold
	// are shown as Marker. 0 means the default, 4. (The domain reference
	// notes that many sub-national publications hide 1–7.)
	Threshold int
	// Marker is shown in place of a hidden count; "" means "*".
	Marker string
}

// DefaultDisclosure hides counts of 1 to 4 behind "*".
var DefaultDisclosure = DisclosureSettings{Threshold: 4, Marker: "*"}

// WithDefaults fills the unset settings with the defaults.
func (s DisclosureSettings) WithDefaults() DisclosureSettings {
	if s.Threshold <= 0 {
		s.Threshold = DefaultDisclosure.Threshold
	}
	if s.Marker == "" {
		s.Marker = DefaultDisclosure.Marker
	}
	return s
}

// Totals say which margins a table is printed with.
type Totals struct {
	Rows    bool // a total at the end of each row (an extra column)
	Columns bool // a total under each column (an extra row)
}

// Suppress applies small-number disclosure control to a table of counts
// (rows of equal length) and returns it as printed: with its row totals as
// a last column when totals.Rows, its column totals as a last row when
// totals.Columns, and the grand total in the corner when both.
//
// Primary suppression hides every count, cell or total, from 1 to the
// threshold; 0 stays 0 and is never hidden. Secondary suppression then
// makes sure no total gives a hidden count away: wherever a row or column
// (including the row and the column of totals), counting its total, has
// exactly one hidden count — or a printed total and hidden counts that
// could only all be 1 — the smallest other non-zero count in it is hidden
// too (the first of equals, so the result is the same every time); when it
// has none, its total is hidden instead. This repeats until every line is
// safe.
func Suppress(table [][]int, totals Totals, s DisclosureSettings) [][]string {
	s = s.WithDefaults()
	grid, hidden := suppressGrid(table, totals, s.Threshold)
	out := make([][]string, len(grid))
	for r, row := range grid {
		out[r] = make([]string, len(row))
		for c, v := range row {
			if hidden[r][c] {
				out[r][c] = s.Marker
			} else {
				out[r][c] = strconv.Itoa(v)
			}
		}
	}
	return out
}

// suppressGrid returns the table with its totals, and which of its counts
// are hidden.
func suppressGrid(table [][]int, totals Totals, threshold int) (grid [][]int, hidden [][]bool) {
	rows := len(table)
	cols := 0
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
	hidden = make([][]bool, gr)
	for r := range grid {
		grid[r] = make([]int, gc)
		hidden[r] = make([]bool, gc)
		if r < rows {
			copy(grid[r], table[r])
		}
	}
	for r := 0; r < rows; r++ {
		for c := 0; c < cols; c++ {
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
	// Primary suppression.
	for r := range grid {
		for c, v := range grid[r] {
			hidden[r][c] = v >= 1 && v <= threshold
		}
	}

	// The lines whose totals are printed: each a list of member cells and its total.
	type cell struct{ r, c int }
	type line struct {
		members []cell
		total   cell
	}
	var lines []line
	if totals.Rows {
		for r := 0; r < rows; r++ {
			l := line{total: cell{r, cols}}
			for c := 0; c < cols; c++ {
				l.members = append(l.members, cell{r, c})
			}
			lines = append(lines, l)
		}
	}
	if totals.Columns {
		for c := 0; c < cols; c++ {
			l := line{total: cell{rows, c}}
			for r := 0; r < rows; r++ {
				l.members = append(l.members, cell{r, c})
			}
			lines = append(lines, l)
		}
	}
	if totals.Rows && totals.Columns {
		byRow := line{total: cell{rows, cols}} // the row totals, summing to the grand total
		for r := 0; r < rows; r++ {
			byRow.members = append(byRow.members, cell{r, cols})
		}
		byCol := line{total: cell{rows, cols}} // the column totals
		for c := 0; c < cols; c++ {
			byCol.members = append(byCol.members, cell{rows, c})
		}
		lines = append(lines, byRow, byCol)
	}

	// Secondary suppression, until no line gives a hidden count away. A
	// line is its counts and its total: with exactly one of them hidden,
	// the others give it away (a hidden total whose counts are all shown
	// is no more hidden than a count).
	for changed := true; changed; {
		changed = false
		for _, l := range lines {
			totalHidden := hidden[l.total.r][l.total.c]
			k, sum := 0, 0
			for _, m := range l.members {
				if hidden[m.r][m.c] {
					k++
					sum += grid[m.r][m.c]
				}
			}
			entries := k
			if totalHidden {
				entries++
			}
			onlyOnes := !totalHidden && k > 1 && sum == k
			if entries != 1 && !onlyOnes {
				continue
			}
			best := cell{-1, -1}
			for _, m := range l.members {
				v := grid[m.r][m.c]
				if hidden[m.r][m.c] || v == 0 {
					continue
				}
				if best.r < 0 || v < grid[best.r][best.c] {
					best = m
				}
			}
			if best.r < 0 {
				best = l.total // only zeros beside it: the total must go
			}
			hidden[best.r][best.c] = true
			changed = true
		}
	}
	return grid, hidden
}
