package cdop

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// QuoteLimit is how many characters of a value Quote shows.
const QuoteLimit = 60

// Quote returns a value as a message may show it: in double quotes, cut to
// its first QuoteLimit characters (a "…" after the closing quote says it
// was cut), with control characters, invisible format characters (such as
// a right-to-left override) and invalid UTF-8 shown as Go escapes (\x1b,
// \u202e), so a value read from a file can neither flood a terminal nor
// drive it with escape sequences. Every message that echoes a value it was
// given uses it.
func Quote(s string) string {
	cut := false
	if utf8.RuneCountInString(s) > QuoteLimit {
		n := 0
		for i := range s {
			if n == QuoteLimit {
				s, cut = s[:i], true
				break
			}
			n++
		}
	}
	q := strconv.Quote(s)
	if cut {
		q += "…"
	}
	return q
}

// LooksLikeFormula reports whether a spreadsheet opening a CSV cell that
// holds s would read it as a formula or a command: s starts with "=", "+",
// "@", a tab or a carriage return, or with "-" not followed by a plain
// number ("-3" and "-0.5" are numbers; "-1+2" and "-NOW()" are not).
func LooksLikeFormula(s string) bool {
	if s == "" {
		return false
	}
	switch s[0] {
	case '=', '+', '@', '\t', '\r':
		return true
	case '-':
		return !plainNumber(s[1:])
	}
	return false
}

// plainNumber reports whether s is digits with at most one decimal point
// among them.
func plainNumber(s string) bool {
	digits, points := 0, 0
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == '.':
			points++
		default:
			return false
		}
	}
	return digits > 0 && points <= 1
}

// trimValue trims the spaces around a value as Case.Set reads it, but keeps
// leading white space holding a tab or a line end when what follows
// LooksLikeFormula: "\t=1+2" is how many systems defuse a formula, and
// trimming the tab would make it live again. (A text field turns a
// carriage return into "\n", so "\n" keeps it too, and reading the
// value again keeps what was read.)
func trimValue(s string) string {
	t := strings.TrimSpace(s)
	if t == "" || !LooksLikeFormula(t) {
		return t
	}
	lead := s[:len(s)-len(strings.TrimLeftFunc(s, unicode.IsSpace))]
	if strings.ContainsAny(lead, "\t\r\n") {
		return strings.TrimRightFunc(s, unicode.IsSpace)
	}
	return t
}
