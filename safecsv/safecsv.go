// Package safecsv writes CSV files that a spreadsheet opens without running
// anything in them. A cell that a spreadsheet would read as a formula or a
// command (cdop.LooksLikeFormula: it starts with "=", "+", "@", a tab, a
// carriage return, or "-" not followed by a number) is written with a
// leading apostrophe, which spreadsheets take to mean "text". Every CSV the
// app writes goes through Writer; encoding/csv does the quoting.
//
// Unprotect removes exactly that apostrophe again, so a file written here
// and read back with Unprotect gives the cells that were written, and
// writing them again gives the same bytes. (Text that itself starts with
// an apostrophe and a formula character, "'=1", is written with a second
// apostrophe before it.)
package safecsv

import (
	"encoding/csv"
	"io"
	"strings"

	"casemanager/cdop"
)

// Protect returns s as a protected cell: with an apostrophe before it
// when it needs one (guarded), unchanged otherwise.
func Protect(s string) string {
	if guarded(s) {
		return "'" + s
	}
	return s
}

// Unprotect undoes Protect: it removes a first apostrophe when what follows
// it is what Protect would have protected ("'=SUM(A1)" reads "=SUM(A1)").
// Any other apostrophe is data: "'Ofa" and "'-3" keep theirs. For every
// s, Unprotect(Protect(s)) is s.
func Unprotect(s string) string {
	if len(s) > 1 && s[0] == '\'' && guarded(s[1:]) {
		return s[1:]
	}
	return s
}

// guarded reports whether a cell holding s is written with an apostrophe
// before it: s looks like a formula (cdop.LooksLikeFormula), or is
// apostrophes before one, so that text that itself starts with the
// export's apostrophe ("'=1") gets one more and comes back as it was.
func guarded(s string) bool {
	return cdop.LooksLikeFormula(strings.TrimLeft(s, "'"))
}

// Writer writes CSV records (RFC 4180, rows ending "\n"), protecting every cell.
type Writer struct {
	w   *csv.Writer
	buf []string
}

// NewWriter returns a Writer writing to w.
func NewWriter(w io.Writer) *Writer {
	return &Writer{w: csv.NewWriter(w)}
}

// Write writes one record, each cell protected; the record is not changed.
// Errors are sticky, as encoding/csv's are: Error reports them too.
func (w *Writer) Write(record []string) error {
	w.buf = w.buf[:0]
	for _, cell := range record {
		w.buf = append(w.buf, Protect(cell))
	}
	return w.w.Write(w.buf)
}

// Flush writes any buffered data to the underlying io.Writer.
func (w *Writer) Flush() { w.w.Flush() }

// Error returns the first error met writing or flushing.
func (w *Writer) Error() error { return w.w.Error() }

// Close flushes the Writer and returns the first error met; it does not
// close the underlying io.Writer.
func (w *Writer) Close() error {
	w.w.Flush()
	return w.w.Error()
}
