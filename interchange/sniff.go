package interchange

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"unicode/utf8"

	"casemanager/cdop"
)

// Limits on what a case file may hold. No case needs more; a file that
// breaks them is broken or is not a case file, and reading it must not
// take the computer's memory.
const (
	maxCellBytes = 256 << 10 // one cell: free text is at most 20,000 characters
	maxRowBytes  = 4 << 20   // one row, line breaks inside quoted cells included
	maxProblems  = 1000      // problems listed; any more are counted
	sniffBytes   = 8 << 10   // the start of the file looked at to tell what it is
)

var (
	utf8BOM    = []byte{0xEF, 0xBB, 0xBF}
	utf16LEBOM = []byte{0xFF, 0xFE}
	utf16BEBOM = []byte{0xFE, 0xFF}
)

// signatures are the first bytes of files people pick by mistake, and what
// to say about each.
var signatures = []struct {
	magic string
	what  string
}{
	{"PK\x03\x04", "the file is a ZIP archive, such as an Excel workbook (.xlsx), not a CSV file: in the spreadsheet use Save As, CSV UTF-8 (Comma delimited)"},
	{"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", "the file is an old Excel workbook (.xls) or another Office document, not a CSV file: in the spreadsheet use Save As, CSV UTF-8 (Comma delimited)"},
	{"\x1f\x8b", "the file is compressed with gzip, not a CSV file: decompress it and import the CSV file inside"},
	{"%PDF-", "the file is a PDF document, not a CSV file"},
	{"SQLite format 3\x00", "the file is a SQLite database (a case database or a backup of one, perhaps), not a CSV file"},
	{"{\\rtf", "the file is a Rich Text (RTF) document, not a CSV file"},
}

// sniff looks at the start of a file for what makes it no case file at
// all, and returns the line and the one sentence that says so, or "".
func sniff(head []byte) (line int, problem string) {
	if bytes.HasPrefix(head, utf16LEBOM) || bytes.HasPrefix(head, utf16BEBOM) {
		return 1, "the file is UTF-16 text; save it as CSV UTF-8"
	}
	for _, s := range signatures {
		if bytes.HasPrefix(head, []byte(s.magic)) {
			return 1, s.what
		}
	}
	if i := bytes.IndexByte(head, 0); i >= 0 {
		return 1 + bytes.Count(head[:i], []byte("\n")), "the file holds NUL bytes, so it is binary data, not a CSV text file"
	}
	if looksBinary(head) {
		return 1, "the file is binary data, not text: many of its first bytes are neither letters nor punctuation, so it is not a CSV file"
	}
	head = bytes.TrimPrefix(head, utf8BOM)
	switch start := bytes.TrimLeft(head, " \t\r\n"); {
	case len(start) > 0 && (start[0] == '{' || start[0] == '['):
		return 1, "the file looks like JSON, not CSV: the case file is a CSV file with a header row naming the columns"
	case len(start) > 0 && start[0] == '<':
		return 1, "the file looks like XML or HTML, not CSV: the case file is a CSV file with a header row naming the columns"
	}
	if bytes.IndexByte(head, '\n') < 0 && bytes.IndexByte(bytes.TrimRight(head, "\r"), '\r') >= 0 {
		return 1, "the lines of the file end with a carriage return alone (old Mac line ends); save it as CSV UTF-8, which ends lines as Windows does"
	}
	first, _, _ := bytes.Cut(head, []byte("\n"))
	first = bytes.TrimRight(first, "\r")
	if len(first) >= 4 && strings.EqualFold(string(first[:4]), "sep=") {
		sep := string(first[4:])
		if sep == "," {
			return 1, `the first line is Excel's "sep=," line, not the header row naming the columns; delete that line`
		}
		return 1, `the first line is Excel's ` + cdop.Quote(string(first)) + ` line and the cells are separated by ` + separatorName(sep) +
			`, not commas; in the spreadsheet use Save As, CSV UTF-8 (Comma delimited)`
	}
	if bytes.IndexByte(first, ',') < 0 {
		semis, tabs := bytes.Count(first, []byte(";")), bytes.Count(first, []byte("\t"))
		switch {
		case semis > 0 && semis >= tabs:
			return 1, "the cells are separated by semicolons, not commas; in the spreadsheet use Save As, CSV UTF-8 (Comma delimited)"
		case tabs > 0:
			return 1, "the cells are separated by tabs, not commas (a tab-separated file); in the spreadsheet use Save As, CSV UTF-8 (Comma delimited)"
		}
	}
	return 0, ""
}

func separatorName(sep string) string {
	switch sep {
	case ";":
		return "semicolons"
	case "\t":
		return "tabs"
	case "|":
		return "vertical bars"
	}
	return "something else"
}

// looksBinary reports whether the start of a file is too full of control
// characters or of bytes that are not UTF-8 to be text in any encoding a
// spreadsheet saves (a Latin-1 file has a few non-UTF-8 bytes, not many).
func looksBinary(head []byte) bool {
	controls, invalid := 0, 0
	for i := 0; i < len(head); {
		b := head[i]
		if b < utf8.RuneSelf {
			if (b < 0x20 && b != '\t' && b != '\n' && b != '\r') || b == 0x7f {
				controls++
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(head[i:])
		if r == utf8.RuneError && size == 1 && !(len(head)-i < utf8.UTFMax && !utf8.FullRune(head[i:])) {
			invalid++
		}
		i += size
	}
	n := len(head)
	return (controls >= 8 && controls*20 > n) || (invalid >= 8 && invalid*4 > n)
}

// errRowTooLong stops reading a row longer than maxRowBytes.
var errRowTooLong = errors.New("row too long")

// rowLimiter reads from r, failing with errRowTooLong once more than
// limit bytes have been read since the last reset, which the reader of
// rows calls before each row: a row with no end (an unclosed quote, a
// file of one endless line) stops there instead of filling memory.
type rowLimiter struct {
	r        io.Reader
	n, limit int
}

func (l *rowLimiter) Read(p []byte) (int, error) {
	if l.n >= l.limit {
		return 0, errRowTooLong
	}
	if len(p) > l.limit-l.n {
		p = p[:l.limit-l.n]
	}
	n, err := l.r.Read(p)
	l.n += n
	return n, err
}

func (l *rowLimiter) reset() { l.n = 0 }
