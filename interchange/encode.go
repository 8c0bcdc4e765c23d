// Package interchange reads and writes the case interchange CSV, the file
// `cdop import` reads and `cdop export --full` writes (shared/spec/case-csv.md):
// one header row naming the columns of cdop.Columns, one row per case, every
// value in the interchange text form of cdop.Case.Get and cdop.Case.Set.
// Cells are written through safecsv, so a value a spreadsheet would run as a
// formula carries a leading apostrophe, which reading the file removes.
package interchange

import (
	"io"

	"casemanager/cdop"
	"casemanager/safecsv"
)

// Encoder writes cases as interchange CSV rows.
type Encoder struct {
	w   *safecsv.Writer
	row []string
}

// NewEncoder returns an Encoder writing to w, having written the header row:
// every column of cdop.Columns, in that order. Rows end with "\n"; cells
// are protected as safecsv.Protect says.
// A write error is returned by Encode or Close.
func NewEncoder(w io.Writer) *Encoder {
	e := &Encoder{w: safecsv.NewWriter(w), row: make([]string, len(cdop.Columns))}
	for i, col := range cdop.Columns {
		e.row[i] = col.Name
	}
	_ = e.w.Write(e.row) // a failure is sticky: Encode and Close report it
	return e
}

// Encode writes one case as a row.
func (e *Encoder) Encode(c *cdop.Case) error {
	for i, col := range cdop.Columns {
		e.row[i] = c.Get(col.Name)
	}
	return e.w.Write(e.row)
}

// Close writes any buffered rows and returns the first error writing met.
// It does not close the underlying writer.
func (e *Encoder) Close() error {
	return e.w.Close()
}
