package interchange

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"unicode/utf8"

	"casemanager/cdop"
	"casemanager/safecsv"
)

// columnOrder gives each column's place in cdop.Columns, so the problems of a
// row are reported in the order of the export.
var columnOrder = func() map[string]int {
	m := make(map[string]int, len(cdop.Columns))
	for i, c := range cdop.Columns {
		m[c.Name] = i
	}
	return m
}()

// Decode reads a case file in the interchange format and returns its cases
// in file order, each validated as of today. When anything is wrong it
// returns no cases and a LineErrors listing every problem; an error of any
// other type means the file could not be read. Duplicates and repeated
// references are the store's to find (Import); Decode holds every case
// in memory, Import none.
func Decode(r io.Reader, today cdop.Date) ([]*cdop.Case, error) {
	s, err := newScanner(r)
	if err != nil {
		return nil, err
	}
	var cases []*cdop.Case
	err = s.eachRow(func(line int, c *cdop.Case) (cdop.RowErrors, error) {
		cases = append(cases, c)
		return validate(c, line, today), nil
	})
	if err != nil {
		return nil, err
	}
	if !s.problems.empty() {
		return nil, s.problems.result()
	}
	return cases, nil
}

// validate returns the rules c, the row of a line, breaks as of today.
func validate(c *cdop.Case, line int, today cdop.Date) cdop.RowErrors {
	err := c.ValidateOn(today)
	if err == nil {
		return nil
	}
	v, ok := cdop.AsValidationErrors(err)
	if !ok {
		return cdop.RowErrors{{Row: line, Field: "-", Message: err.Error()}}
	}
	out := make(cdop.RowErrors, len(v))
	for i, fe := range v {
		out[i] = cdop.RowError{Row: line, Field: fe.Field, Message: fe.Message}
	}
	return out
}

// header is what the header row says about the columns of the file.
type header struct {
	// field holds, for each position, the column read from it, or "" when
	// the position is ignored (unknown, unnamed or repeated header).
	field []string
	// silenced names fields whose column is missing or repeated: the header
	// problem is reported once, not again as a validation message per row.
	silenced map[string]bool
	// unnamed holds the positions with an empty header: spreadsheets often
	// add such columns, harmless while they stay empty.
	unnamed map[int]bool
}

// scanner reads a case file row by row, holding one row at a time, and
// collects the problems it finds.
type scanner struct {
	in       *rowLimiter
	cr       *csv.Reader
	h        header
	problems problemList
	// lastLine is the last physical line of the row read last.
	lastLine int
	// stopped is set when nothing more of the file can be read: it is not
	// a case file, or a row is beyond the limits.
	stopped bool
}

// newScanner checks what the file is and reads its header row. When the
// file is not a case file at all, the scanner is stopped with the one
// problem that says why. An error means the file could not be read.
func newScanner(r io.Reader) (*scanner, error) {
	s := &scanner{}
	br := bufio.NewReaderSize(r, 2*sniffBytes)
	head, err := br.Peek(sniffBytes)
	if err != nil && err != io.EOF && len(head) == 0 {
		return nil, fmt.Errorf("reading the case file: %w", err)
	} // else reading on meets the error again where it is

	if line, problem := sniff(head); problem != "" {
		s.stop(line, "-", problem)
		return s, nil
	}
	if bytes.HasPrefix(head, utf8BOM) {
		_, _ = br.Discard(len(utf8BOM))
	}
	s.in = &rowLimiter{r: br, limit: maxRowBytes}
	s.cr = csv.NewReader(s.in)
	s.cr.FieldsPerRecord = -1 // a row of the wrong length is reported, not fatal
	s.cr.ReuseRecord = true

	record, line, err := s.next()
	var pe *csv.ParseError
	switch {
	case err == io.EOF:
		s.stop(1, "-", "the file is empty; it needs a header row naming the columns")
		return s, nil
	case errors.As(err, &pe):
		s.stop(pe.StartLine, "-", describeParseError(pe))
		return s, nil
	case err != nil:
		return nil, err
	case s.stopped:
		return s, nil
	}
	s.readHeader(record, line)
	return s, nil
}

// stop records the problem that ends the reading of the file.
func (s *scanner) stop(line int, column, problem string) {
	s.problems.add(line, column, "%s", problem)
	s.stopped = true
}

// next reads the next row and returns it with the line it starts on. A row
// beyond the limits stops the scanner with its problem (and no error).
func (s *scanner) next() ([]string, int, error) {
	s.in.reset()
	record, err := s.cr.Read()
	if errors.Is(err, errRowTooLong) {
		s.stop(s.lastLine+1, "-", fmt.Sprintf("the row is longer than %d MiB, so this is not a case file or a quote mark is left open; nothing after it was read", maxRowBytes>>20))
		return nil, 0, nil
	}
	if err != nil {
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			s.lastLine = pe.Line
			return nil, 0, err
		}
		if err == io.EOF {
			return nil, 0, err
		}
		return nil, 0, fmt.Errorf("reading the case file: %w", err)
	}
	line, _ := s.cr.FieldPos(0)
	last, _ := s.cr.FieldPos(len(record) - 1)
	s.lastLine = last + strings.Count(record[len(record)-1], "\n")
	return record, line, nil
}

// readHeader maps the header row to columns, reporting unknown, unnamed,
// repeated and missing required columns. A header naming no column at all
// stops the scanner with that one problem.
func (s *scanner) readHeader(record []string, line int) {
	if problem := s.unreadableCells(record, line); problem {
		return
	}
	h := header{field: make([]string, len(record)), silenced: map[string]bool{}, unnamed: map[int]bool{}}
	first := map[string]int{} // column -> position (1-based) of its first header
	for i, name := range record {
		name = strings.TrimSpace(name)
		if _, known := cdop.ColumnNamed(name); known {
			h.field[i] = name
			if _, seen := first[name]; !seen {
				first[name] = i + 1
			}
		} else if name == "" {
			h.unnamed[i] = true
		}
	}
	if len(first) == 0 {
		s.stop(line, "-", fmt.Sprintf("the first line names none of the columns of a case file (it starts %s); the first line must be the header row, such as case_ref,first_name,last_name,...",
			cdop.Quote(strings.Join(record, ","))))
		return
	}
	for i, name := range h.field {
		switch {
		case name == "" && !h.unnamed[i]:
			unknown := strings.TrimSpace(record[i])
			s.problems.add(line, cdop.Quote(unknown), "unknown column%s", suggestion(unknown))
		case name != "" && first[name] != i+1:
			s.problems.add(line, name, "the column appears more than once (columns %d and %d)", first[name], i+1)
			h.silenced[name] = true
		}
	}
	for i, name := range h.field {
		if h.silenced[name] {
			h.field[i] = ""
		}
	}
	for _, col := range cdop.Columns {
		if _, present := first[col.Name]; col.Required && !present {
			s.problems.add(line, col.Name, "required column is missing")
			h.silenced[col.Name] = true
		}
	}
	s.h = h
}

// eachRow reads the rows after the header. For each row that can be read
// it calls fn with the row's case, whose values that could be read are
// set; fn returns what else is wrong with the row (the rules it breaks,
// its clashes with other cases). Every problem is recorded, a row's in
// column order; problems fn finds with a value that could not be read, or
// with a column the header already reported, are not repeated. An error
// from fn, or from reading, stops the reading and is returned.
func (s *scanner) eachRow(fn func(line int, c *cdop.Case) (cdop.RowErrors, error)) error {
	for !s.stopped {
		record, line, err := s.next()
		var pe *csv.ParseError
		switch {
		case err == io.EOF:
			return nil
		case errors.As(err, &pe):
			s.problems.add(pe.StartLine, "-", "%s", describeParseError(pe))
			continue
		case err != nil:
			return err
		case s.stopped:
			return nil
		}
		if blank(record) {
			continue // a spreadsheet's empty row, not a case
		}
		if len(record) != len(s.h.field) {
			s.problems.add(line, "-", "the row has %d cells but the header has %d", len(record), len(s.h.field))
			continue
		}
		if s.unreadableCells(record, line) {
			continue
		}
		for i := range s.h.unnamed {
			if strings.TrimSpace(record[i]) != "" {
				s.problems.add(line, "-", "column %d has no header name but holds %s", i+1, cdop.Quote(record[i]))
				delete(s.h.unnamed, i) // said once is enough
			}
		}
		c, found, unread := s.readCase(record)
		more, err := fn(line, c)
		if err != nil {
			return err
		}
		for _, e := range more {
			if field := e.Field; !unread[field] && !s.h.silenced[field] {
				found = append(found, cdop.FieldError{Field: field, Message: e.Message})
			}
		}
		sort.SliceStable(found, func(i, j int) bool { return order(found[i].Field) < order(found[j].Field) })
		for _, fe := range found {
			s.problems.add(line, fe.Field, "%s", fe.Message)
		}
	}
	return nil
}

// unreadableCells reports a row (or the header) that cannot be read as
// text: a cell with NUL bytes (which stops the reading: the file is
// binary), a line that is not UTF-8, a cell beyond the size limit.
func (s *scanner) unreadableCells(record []string, line int) bool {
	bad := false
	for i, cell := range record {
		if strings.IndexByte(cell, 0) >= 0 {
			s.stop(line, s.columnAt(i), "the file holds NUL bytes here, so it is binary data, not CSV text; nothing after it was read")
			return true
		}
		if len(cell) > maxCellBytes {
			s.problems.add(line, s.columnAt(i), "the cell holds %d bytes, more than any column takes (at most %d KiB), so the row was not read", len(cell), maxCellBytes>>10)
			bad = true
		}
	}
	if bad {
		return true
	}
	for _, cell := range record {
		if !utf8.ValidString(cell) {
			s.problems.add(line, "-", "the line is not valid UTF-8 text; save the file as CSV UTF-8")
			return true
		}
	}
	return false
}

// columnAt names the column at a position of a row, or "-".
func (s *scanner) columnAt(i int) string {
	if i < len(s.h.field) && s.h.field[i] != "" {
		return s.h.field[i]
	}
	return "-"
}

// readCase builds the case of one row. It returns the values that cannot
// be read, and the fields they belong to.
func (s *scanner) readCase(record []string) (*cdop.Case, []cdop.FieldError, map[string]bool) {
	c := cdop.NewCase()
	var found []cdop.FieldError
	var unread map[string]bool
	for i, name := range s.h.field {
		if name == "" {
			continue
		}
		if err := c.Set(name, safecsv.Unprotect(record[i])); err != nil {
			found = append(found, cdop.FieldError{Field: name, Message: err.Error()})
			if unread == nil {
				unread = map[string]bool{}
			}
			unread[name] = true
		}
	}
	return c, found, unread
}

// suggestion names the column a mistyped header probably meant
// ("Date of birth" → date_of_birth), or returns "".
func suggestion(header string) string {
	guess := strings.ToLower(strings.Join(strings.FieldsFunc(header, func(r rune) bool {
		return r == ' ' || r == '-' || r == '_'
	}), "_"))
	if _, ok := cdop.ColumnNamed(guess); ok {
		return fmt.Sprintf("; did you mean %q?", guess)
	}
	return ""
}

func order(field string) int {
	if i, ok := columnOrder[field]; ok {
		return i
	}
	return len(columnOrder)
}

func blank(record []string) bool {
	for _, cell := range record {
		if strings.TrimSpace(cell) != "" {
			return false
		}
	}
	return true
}

func describeParseError(pe *csv.ParseError) string {
	switch {
	case errors.Is(pe.Err, csv.ErrBareQuote):
		return fmt.Sprintf("a quote mark in an unquoted cell (line %d, byte %d); put the whole cell in quotes and double the quote mark", pe.Line, pe.Column)
	case errors.Is(pe.Err, csv.ErrQuote):
		return fmt.Sprintf("a quoted cell is not closed properly (line %d, byte %d); a quote mark inside quotes must be doubled", pe.Line, pe.Column)
	}
	return fmt.Sprintf("the row cannot be read as CSV (line %d, byte %d): %v", pe.Line, pe.Column, pe.Err)
}
