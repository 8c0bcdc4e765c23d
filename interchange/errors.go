package interchange

import (
	"fmt"
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

// LineErrors lists every problem found in a case file, in line order. A
// file with more than a thousand problems has the first thousand listed,
// then one more entry saying how many more there are from which line.
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

// problemList collects the problems of a file as they are found, in line
// order, keeping the first maxProblems and counting the rest, so that a
// file of bad rows cannot fill memory with messages.
type problemList struct {
	list     LineErrors
	more     int // problems past maxProblems
	moreFrom int // the line of the first of them
}

func (p *problemList) add(line int, column, format string, args ...any) {
	if len(p.list) >= maxProblems {
		if p.more == 0 {
			p.moreFrom = line
		}
		p.more++
		return
	}
	if column == "" {
		column = "-"
	}
	p.list = append(p.list, LineError{Line: line, Column: column, Message: fmt.Sprintf(format, args...)})
}

func (p *problemList) empty() bool { return len(p.list) == 0 }

// result returns the problems found, and what was not listed.
func (p *problemList) result() LineErrors {
	if p.more == 0 {
		return p.list
	}
	return append(p.list[:len(p.list):len(p.list)], LineError{Line: p.moreFrom, Column: "-",
		Message: fmt.Sprintf("%d more problems from this line on are not listed; correct those above and import the file again", p.more)})
}
