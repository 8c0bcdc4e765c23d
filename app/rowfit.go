package app

import (
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// maxCellLines is the most lines a row of the dashboard's, the meetings'
// or the recommendations' table grows to; longer text still ends in "…"
// there, and opening the row shows it whole.
const maxCellLines = 12

// rowFitter grows the rows of a table of newDashCell cells whose text
// needs more than the two lines a row has, wrapped at its column's width,
// so that refusal reasons, agency names, places and recommendations are
// read whole rather than cut short with "…". It fills a spare cell through
// the table's own UpdateCell, so the text measured is the text shown.
type rowFitter struct {
	table  *widget.Table
	widths []float32 // each column's width; the last as stretched
	cols   []int     // the columns whose text may be long
	probe  fyne.CanvasObject
	base   float32      // a row's height: two lines
	most   float32      // maxCellLines lines
	grown  map[int]bool // rows given more than base

	heights map[measured]float32 // the height of each text wrapped so far
}

// newRowFitter fits t's rows; widths are its columns' widths, cols those
// whose text may need more than two lines.
func newRowFitter(t *widget.Table, widths []float32, cols ...int) *rowFitter {
	probe := newDashCell()
	return &rowFitter{table: t, widths: append([]float32(nil), widths...), cols: cols, probe: probe,
		base: probe.MinSize().Height, most: linesHigh(maxCellLines).MinSize().Height, grown: map[int]bool{},
		heights: map[measured]float32{}}
}

// setWidths records the columns' new widths (as stretched) and fits the
// rows to them.
func (f *rowFitter) setWidths(widths []float32) {
	if !slices.Equal(f.widths, widths) {
		f.widths = append(f.widths[:0], widths...)
		f.fit()
	}
}

// fit sets each row's height to what its longest text needs, between two
// lines and maxCellLines; call it whenever the rows change. Each cell is
// first laid out on one line (cheap); only text wider than its column is
// wrapped at the column's width to be measured, and the heights found are
// kept for the next fit (the same text at the same width).
func (f *rowFitter) fit() {
	rows, _ := f.table.Length()
	grown := map[int]bool{}
	main, icon := dashCellParts(f.probe)
	for r := 0; r < rows; r++ {
		h := f.base
		for _, c := range f.cols {
			main.Wrapping, main.Truncation = fyne.TextWrapOff, fyne.TextTruncateOff // one line while filled
			f.table.UpdateCell(widget.TableCellID{Row: r, Col: c}, f.probe)
			w := f.widths[c]
			if icon.Visible() {
				w -= icon.MinSize().Width + theme.Padding() // the icon's room, left of the text
			}
			if main.MinSize().Width <= w {
				continue // one line
			}
			key := measured{main.Text, w, main.TextStyle}
			need, ok := f.heights[key]
			if !ok {
				main.Wrapping = fyne.TextWrapWord
				main.Resize(fyne.NewSize(w, f.most))
				main.Refresh() // wrapped at w
				need = main.MinSize().Height
				if len(f.heights) > 100000 {
					clear(f.heights) // a bound on what is kept; it fills again as needed
				}
				f.heights[key] = need
			}
			h = max(h, min(f.most, need))
		}
		if h > f.base {
			grown[r] = true
			f.table.SetRowHeight(r, h)
		}
	}
	for r := range f.grown {
		if !grown[r] {
			f.table.SetRowHeight(r, f.base)
		}
	}
	f.grown = grown
}

// measured is a text wrapped at a width, whose height fit keeps.
type measured struct {
	text  string
	width float32
	style fyne.TextStyle
}
