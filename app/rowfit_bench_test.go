package app

import (
	"fmt"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// BenchmarkFitRows5000 fits the rows of a dashboard-like table of 5,000
// rows (the open deadlines of a large register), a third of them with
// text longer than two lines: the work done on the UI goroutine each time
// the dashboard's rows change.
func BenchmarkFitRows5000(b *testing.B) {
	test.NewTempApp(b)
	const rows = 5000
	t := &widget.Table{
		Length:     func() (int, int) { return rows, len(dashColumns) },
		CreateCell: newDashCell,
		UpdateCell: func(id widget.TableCellID, o fyne.CanvasObject) {
			main, _ := resetDashCell(o)
			switch {
			case id.Col == 5 && id.Row%3 == 0:
				main.SetText(fmt.Sprintf("Recommendation %d to Aire Valley Teaching Hospitals NHS Trust: Review escalation of abnormal fetal monitoring", id.Row))
			case id.Col == 5:
				main.SetText("Key worker's first contact")
			default:
				main.SetText("CDOP-2025-0032")
			}
		},
	}
	t.ExtendBaseWidget(t)
	widths := make([]float32, len(dashColumns))
	for i, c := range dashColumns {
		widths[i] = c.width
	}
	f := newRowFitter(t, widths, 4, 5)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		f.grown = map[int]bool{}
		f.fit()
	}
}
