// Package reports writes the case manager's PDF outputs: a case summary
// (identifiable, or anonymised for the panel), the anonymised panel pack for
// a meeting, and the annual report with small-number disclosure control.
//
// Each writer takes what it prints and an io.Writer; the Gather functions
// (gather.go) read what each prints through the services package cdop
// declares, so the command line and the desktop app share them. Output is A4, marked OFFICIAL-SENSITIVE on every page,
// numbered "Page X of Y", set in DejaVu Sans (embedded, so names in any
// European script print), and byte-for-byte the same for the same input
// and production date.
package reports

import (
	"slices"
	"strconv"
	"time"

	"casemanager/cdop"
)

// Options say how a document is produced.
type Options struct {
	// Anonymised drops every identifier (names, NHS number, date of birth,
	// address and postcode, key worker, typed narrative) and shows ages and
	// days counted from the death instead of dates. PanelPack is always
	// anonymised.
	Anonymised bool
	// Produced is when the document is produced: printed on every page and
	// stored as the PDF's creation date. Required.
	Produced time.Time
	// Settings are the panel's targets, for deadlines and review times.
	Settings cdop.Settings
	// Today is the day deadlines are judged on; zero means the day of Produced.
	Today cdop.Date
	// Producer names the program and its version in the PDF's metadata,
	// e.g. "CDOP Case Manager 0.1.0" (NewOptions sets it); empty gives
	// "CDOP case manager".
	Producer string
}

// today returns the day deadlines are judged on.
func (o Options) today() cdop.Date {
	if !o.Today.IsZero() {
		return o.Today
	}
	return cdop.Today(cdop.FixedClock(o.Produced))
}

// producedDate is the production date as printed, e.g. "4 Mar 2026".
func producedDate(o Options) string {
	return cdop.Today(cdop.FixedClock(o.Produced)).Display()
}

// recsFor returns the recommendations that came from a case, in the order given.
func recsFor(caseID string, recs []*cdop.Recommendation) []*cdop.Recommendation {
	var out []*cdop.Recommendation
	for _, r := range recs {
		if r != nil && slices.Contains(r.CaseIDs, caseID) {
			out = append(out, r)
		}
	}
	return out
}

// scrubber is cdop.IdentifierScrubber: the child's identifiers withheld from
// text the panel typed, a second line of defence for a document that leaves
// the building.
func scrubber(c *cdop.Case) func(string) string { return cdop.IdentifierScrubber(c) }

// monthYear shows a date as its month and year, e.g. "Mar 2026".
func monthYear(d cdop.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.Time().Format("Jan 2006")
}

// plural returns "1 day", "3 days".
func plural(n int, unit string) string {
	if n == 1 {
		return "1 " + unit
	}
	return strconv.Itoa(n) + " " + unit + "s"
}
