package interchange

import (
	"fmt"
	"sort"
	"strings"

	"casemanager/cdop"
)

// LineError is one problem with a case file, placed where a person editing
// the file will find it.
type LineError struct {
	Line    int    // physical line where the row starts; the header is line 1
	Column  string // the header name the problem concerns, or "-" for a whole row or the file
	Message string // what is wrong
}

// Error implements error as "line N: column: what is wrong".
func (e LineError) Error() string {
	return fmt.Sprintf("line %d: %s: %s", e.Line, e.Column, e.Message)
}

// LineErrors lists every problem found in a case file, in line order.
type LineErrors []LineError

// Error implements error, one problem per line.
func (l LineErrors) Error() string {
	lines := make([]string, len(l))
	for i, e := range l {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// Unwrap makes a file's problems an invalid-input error, so that
// cdop.ErrorCode reports cdop.EINVALID for them.
func (l LineErrors) Unwrap() error {
	return &cdop.Error{Code: cdop.EINVALID, Message: l.Error()}
}

func (l *LineErrors) add(line int, column, format string, args ...any) {
	if column == "" {
		column = "-"
	}
	*l = append(*l, LineError{Line: line, Column: column, Message: fmt.Sprintf(format, args...)})
}

// sortByLine orders the problems by line, keeping the order within a line.
func (l LineErrors) sortByLine() {
	sort.SliceStable(l, func(i, j int) bool { return l[i].Line < l[j].Line })
}
