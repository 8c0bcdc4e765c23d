package cdop

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// The differencing guard. Two publications of figures for the same period,
// made before and after one late notification, differ by one child, and
// the difference describes her. So each published report is recorded: its
// period, when and by whom, and its figures as printed (with a digest);
// making a report for a period already published, whose figures have
// changed since, names the figures that changed and by how much, and goes
// ahead only when the coordinator confirms.

// PublishedCell is one figure of a published report, as printed.
type PublishedCell struct {
	Table  string `json:"table"`
	Row    string `json:"row"`
	Column string `json:"column"`
	Value  string `json:"value"`
}

// Publication records one published report.
type Publication struct {
	ID          int64
	PeriodKey   string // ReportPeriod.Key
	PeriodLabel string
	At          time.Time
	By          string
	Digest      string
	Cells       []PublishedCell
}

// DigestCells returns the digest of a report's figures: SHA-256 of them in
// order, as JSON, in hex.
func DigestCells(cells []PublishedCell) string {
	js, _ := json.Marshal(cells) // strings only: cannot fail
	sum := sha256.Sum256(js)
	return hex.EncodeToString(sum[:])
}

// CellChange is a figure that differs between two publications.
type CellChange struct {
	Table, Row, Column string
	Old, New           string // "" when the figure was not, or is no longer, printed
}

// String says the change in words, e.g. "Deaths by age band and sex, 1-4
// years, Female: 10 → 15 (up 5)".
func (c CellChange) String() string {
	where := c.Table + ", " + c.Row
	if c.Column != "" {
		where += ", " + c.Column
	}
	show := func(s string) string {
		if s == "" {
			return "not printed"
		}
		return s
	}
	out := fmt.Sprintf("%s: %s → %s", where, show(c.Old), show(c.New))
	o, err1 := strconv.Atoi(c.Old)
	n, err2 := strconv.Atoi(c.New)
	switch {
	case err1 != nil || err2 != nil:
	case n > o:
		out += fmt.Sprintf(" (up %d)", n-o)
	case n < o:
		out += fmt.Sprintf(" (down %d)", o-n)
	}
	return out
}

// CompareCells lists the figures of now that differ from those of before,
// in now's order, then those of before no longer printed.
func CompareCells(before, now []PublishedCell) []CellChange {
	key := func(c PublishedCell) string { return c.Table + "\x00" + c.Row + "\x00" + c.Column }
	old := map[string]string{}
	for _, c := range before {
		old[key(c)] = c.Value
	}
	var out []CellChange
	seen := map[string]bool{}
	for _, c := range now {
		k := key(c)
		seen[k] = true
		if v, ok := old[k]; !ok || v != c.Value {
			out = append(out, CellChange{c.Table, c.Row, c.Column, v, c.Value})
		}
	}
	for _, c := range before {
		if !seen[key(c)] {
			out = append(out, CellChange{c.Table, c.Row, c.Column, c.Value, ""})
		}
	}
	return out
}

// ChangedSincePublished is the error of making a report whose period was
// published with other figures, until the coordinator confirms.
type ChangedSincePublished struct {
	Previous Publication
	Changes  []CellChange
}

// Error says what was published, when and by whom, and what changed.
func (e *ChangedSincePublished) Error() string {
	lines := make([]string, len(e.Changes))
	for i, c := range e.Changes {
		lines[i] = "  " + c.String()
	}
	return fmt.Sprintf("the report for the %s was published on %s by %s, and %s changed since: a reader comparing the two could learn about the deaths added or changed; confirm to publish it again:\n%s",
		e.Previous.PeriodLabel, e.Previous.At.Local().Format("2 Jan 2006 at 15:04"), e.Previous.By,
		plural(len(e.Changes), "figure"), strings.Join(lines, "\n"))
}

// Unwrap makes the error an ECONFLICT (ErrorCode finds the *Error).
func (e *ChangedSincePublished) Unwrap() error { return &Error{Code: ECONFLICT, Message: e.Error()} }

// PublicationService records published reports and which recommendations
// may be published.
type PublicationService interface {
	// Publications returns the recorded publications of a period (by
	// ReportPeriod.Key), oldest first.
	Publications(ctx context.Context, periodKey string) ([]Publication, error)
	// RecordPublication records a publication made by the context's actor,
	// with an audit row, setting its ID, time and author.
	RecordPublication(ctx context.Context, p *Publication) error
	// ClearForPublication marks a recommendation's text as cleared (or no
	// longer cleared) for published reports, by the context's actor, audited.
	ClearForPublication(ctx context.Context, recommendationID int64, cleared bool) error
}
