package interchange

import (
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

var (
	utf8BOM    = []byte{0xEF, 0xBB, 0xBF}
	utf16LEBOM = []byte{0xFF, 0xFE}
	utf16BEBOM = []byte{0xFE, 0xFF}
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
// in file order. Every row is validated as of today. When anything is wrong
// it returns no cases and a LineErrors listing every problem; an error of
// any other type means the file could not be read.
func Decode(r io.Reader, today cdop.Date) ([]*cdop.Case, error) {
	rows, problems, err := decode(r, today)
	if err != nil {
		return nil, err
	}
	if len(problems) > 0 {
		return nil, problems
	}
	cases := make([]*cdop.Case, len(rows))
	for i, row := range rows {
		cases[i] = row.c
	}
	return cases, nil
}

// row is one decoded row of a case file.
type row struct {
	line int
	c    *cdop.Case
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

// decode reads every row it can and collects every problem.
func decode(r io.Reader, today cdop.Date) ([]row, LineErrors, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, nil, fmt.Errorf("reading the case file: %w", err)
	}
	if bytes.HasPrefix(data, utf16LEBOM) || bytes.HasPrefix(data, utf16BEBOM) {
		return nil, LineErrors{{Line: 1, Column: "-", Message: "the file is UTF-16 text; save it as CSV UTF-8"}}, nil
	}
	data = bytes.TrimPrefix(data, utf8BOM)
	if problems := checkUTF8(data); len(problems) > 0 {
		return nil, problems, nil
	}

	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = -1 // a row of the wrong length is reported, not fatal

	var problems LineErrors
	record, err := cr.Read()
	var pe *csv.ParseError
	switch {
	case err == io.EOF:
		problems.add(1, "-", "the file is empty; it needs a header row naming the columns")
		return nil, problems, nil
	case errors.As(err, &pe):
		problems.add(pe.StartLine, "-", "%s", describeParseError(pe))
		return nil, problems, nil
	case err != nil:
		return nil, nil, fmt.Errorf("reading the case file: %w", err)
	}
	line, _ := cr.FieldPos(0)
	h := readHeader(record, line, &problems)

	var rows []row
	byRef := map[string]int{} // upper-cased case_ref -> line first seen
	byNHS := map[string]row{} // NHS number -> first row with it
	byKey := map[string]row{} // duplicate key -> first row with it
	for {
		record, err := cr.Read()
		if err == io.EOF {
			break
		}
		if errors.As(err, &pe) {
			problems.add(pe.StartLine, "-", "%s", describeParseError(pe))
			continue
		}
		if err != nil {
			return nil, nil, fmt.Errorf("reading the case file: %w", err)
		}
		line, _ := cr.FieldPos(0)
		if blank(record) {
			continue // a spreadsheet's empty row, not a case
		}
		if len(record) != len(h.field) {
			problems.add(line, "-", "the row has %d cells but the header has %d", len(record), len(h.field))
			continue
		}
		for i := range h.unnamed {
			if strings.TrimSpace(record[i]) != "" {
				problems.add(line, "-", "column %d has no header name but holds %q", i+1, record[i])
				delete(h.unnamed, i) // said once is enough
			}
		}
		c := readCase(record, line, today, h, &problems)

		// References are unique whatever their case, as the store keeps them.
		if ref := strings.ToUpper(c.Ref); ref != "" {
			if first, ok := byRef[ref]; ok {
				problems.add(line, "case_ref", "%q is also the reference on line %d", c.Ref, first)
			} else {
				byRef[ref] = line
			}
		}
		if earlier, ok := firstDuplicate(c, byNHS, byKey); ok {
			reason := c.DuplicateReason(earlier.c)
			column := "-"
			if strings.HasPrefix(reason, "same NHS number") {
				column = "nhs_number"
			}
			problems.add(line, column, "the same death as line %d (%s)", earlier.line, reason)
		}
		cur := row{line: line, c: c}
		if _, ok := byNHS[c.NHSNumber]; !ok && c.NHSNumber != "" {
			byNHS[c.NHSNumber] = cur
		}
		if k := c.DuplicateKey(); k != "" {
			if _, ok := byKey[k]; !ok {
				byKey[k] = cur
			}
		}
		rows = append(rows, cur)
	}
	problems.sortByLine()
	return rows, problems, nil
}

// firstDuplicate returns the earliest earlier row that c duplicates, by NHS
// number or by names and dates, as cdop.Case.DuplicateReason decides.
func firstDuplicate(c *cdop.Case, byNHS, byKey map[string]row) (row, bool) {
	var found []row
	if c.NHSNumber != "" {
		if r, ok := byNHS[c.NHSNumber]; ok {
			found = append(found, r)
		}
	}
	if k := c.DuplicateKey(); k != "" {
		if r, ok := byKey[k]; ok {
			found = append(found, r)
		}
	}
	if len(found) == 0 {
		return row{}, false
	}
	sort.Slice(found, func(i, j int) bool { return found[i].line < found[j].line })
	return found[0], true
}

// readHeader maps the header row to columns, reporting unknown, unnamed,
// repeated and missing required columns.
func readHeader(record []string, line int, problems *LineErrors) header {
	h := header{field: make([]string, len(record)), silenced: map[string]bool{}, unnamed: map[int]bool{}}
	first := map[string]int{} // column -> position (1-based) of its first header
	for i, name := range record {
		name = strings.TrimSpace(name)
		if _, known := cdop.ColumnNamed(name); !known {
			if name == "" {
				h.unnamed[i] = true
			} else {
				problems.add(line, name, "unknown column%s", suggestion(name))
			}
			continue
		}
		if at, seen := first[name]; seen {
			problems.add(line, name, "the column appears more than once (columns %d and %d)", at, i+1)
			h.silenced[name] = true
			continue
		}
		first[name] = i + 1
		h.field[i] = name
	}
	for i, name := range h.field {
		if h.silenced[name] {
			h.field[i] = ""
		}
	}
	for _, col := range cdop.Columns {
		if _, present := first[col.Name]; col.Required && !present {
			problems.add(line, col.Name, "required column is missing")
			h.silenced[col.Name] = true
		}
	}
	return h
}

// readCase builds the case of one row and reports what is wrong with it:
// values that cannot be read, then broken rules, in column order. A field
// whose value could not be read is not reported again by validation.
func readCase(record []string, line int, today cdop.Date, h header, problems *LineErrors) *cdop.Case {
	c := cdop.NewCase()
	var found cdop.ValidationErrors
	failed := map[string]bool{}
	for i, name := range h.field {
		if name == "" {
			continue
		}
		if err := c.Set(name, safecsv.Unprotect(record[i])); err != nil {
			found = append(found, cdop.FieldError{Field: name, Message: err.Error()})
			failed[name] = true
		}
	}
	if err := c.ValidateOn(today); err != nil {
		v, ok := cdop.AsValidationErrors(err)
		if !ok {
			v = cdop.ValidationErrors{{Field: "-", Message: err.Error()}}
		}
		for _, fe := range v {
			if !failed[fe.Field] && !h.silenced[fe.Field] {
				found = append(found, fe)
			}
		}
	}
	sort.SliceStable(found, func(i, j int) bool { return order(found[i].Field) < order(found[j].Field) })
	for _, fe := range found {
		problems.add(line, fe.Field, "%s", fe.Message)
	}
	return c
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

// checkUTF8 reports every line that is not valid UTF-8.
func checkUTF8(data []byte) LineErrors {
	if utf8.Valid(data) {
		return nil
	}
	var problems LineErrors
	for i, l := range bytes.Split(data, []byte("\n")) {
		if !utf8.Valid(l) {
			problems.add(i+1, "-", "the line is not valid UTF-8 text; save the file as CSV UTF-8")
		}
	}
	return problems
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
