package reports

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"casemanager/cdop"
)

// AnnualData is what an annual report covers.
type AnnualData struct {
	// Footprint names the panel or area, e.g. "West Yorkshire CDOP"; "" prints none.
	Footprint string
	// From and To bound the period, both days included.
	From, To cdop.Date
	// Cases are the files of the deaths in the period and of the cases
	// reviewed in it (a case may be both); others are ignored.
	Cases []*cdop.CaseFile
	// Recommendations are those to report on (e.g. made in the period, or
	// still open), in the order to print them.
	Recommendations []*cdop.Recommendation
	// Disclosure controls the hiding of small numbers.
	Disclosure DisclosureSettings
}

// AnnualReport writes the annual report for a period (see Annual).
func AnnualReport(w io.Writer, data AnnualData, opts Options) error {
	a, err := PrepareAnnual(data, opts)
	if err != nil {
		return err
	}
	return a.Write(w)
}

// Annual is an annual report worked out: its tables as they will be
// printed, ready to be checked against what was published before, written
// and recorded.
type Annual struct {
	data     AnnualData
	opts     Options
	period   cdop.ReportPeriod
	s        DisclosureSettings
	today    cdop.Date
	settings cdop.Settings

	ageSex, expected, places, categories, outcomes counted
	times                                          times
	modifiable                                     modifiable
}

// PrepareAnnual works out the annual report for a period, which must be a
// calendar or financial year or a quarter of one (cdop.ReportPeriodOf):
// deaths in the period by age band and sex, expected or unexpected, place
// of death, category and modifiable outcome; for reviews completed in the
// period the time from death to review (median, longest, share within the
// panel's CDOP review target) and the share with modifiable factors by
// category; and the recommendations with their status, each one's text
// only once it is cleared for publication. Tables carry only figures that
// pass disclosure control (see Protect): the tables of one population (the
// deaths, the reviews) share their total, so it is hidden in all of them or
// in none; percentages, medians and bars are left out wherever they would
// give a hidden count away.
func PrepareAnnual(data AnnualData, opts Options) (*Annual, error) {
	if data.From.IsZero() || data.To.IsZero() || data.To.Before(data.From) {
		return nil, errors.New("reports: the annual report needs a period whose end is not before its start")
	}
	period, err := cdop.ReportPeriodOf(data.From, data.To)
	if err != nil {
		return nil, err
	}
	opts.Anonymised = true
	a := &Annual{data: data, opts: opts, period: period, s: data.Disclosure.WithDefaults(), today: opts.today(),
		settings: opts.Settings.WithDefaults()}
	in := func(d cdop.Date) bool { return !d.IsZero() && !d.Before(data.From) && !d.After(data.To) }
	var deaths, reviews []*cdop.Case
	seen := map[string]bool{}
	for _, f := range data.Cases {
		if f == nil || f.Case == nil || seen[f.Case.ID] {
			continue
		}
		seen[f.Case.ID] = true
		c := f.Case
		if in(c.DateOfDeath) {
			deaths = append(deaths, c)
		}
		if in(c.CDOPReviewOn) && !c.CDOPReviewOn.After(a.today) {
			reviews = append(reviews, c)
		}
	}
	a.ageSex = ageSexCounts(deaths)
	a.expected = oneWay(deaths, "Expected or unexpected", labels(cdop.Expectedness, expectedRows, "Not known"),
		func(c *cdop.Case) int { return index(expectedRows, c.Expected) })
	a.places = oneWay(deaths, "Place of death", labels(cdop.PlacesOfDeath, placeRows, "Not recorded"),
		func(c *cdop.Case) int { return index(placeRows, c.PlaceOfDeath) })
	a.categories = oneWay(deaths, "Category of death", categoryRows("Not yet categorised"),
		func(c *cdop.Case) int { return categoryIndex(c.Analysis.Category) })
	a.outcomes = oneWay(deaths, "Outcome of the review", labels(cdop.ModifiableOutcomes, outcomeRows, "Not yet reviewed"),
		func(c *cdop.Case) int { return index(outcomeRows, c.Analysis.Modifiable) })
	bands, days, undated := reviewBands(reviews, a.settings.CDOPReviewMonths)
	mod := modifiableCounts(reviews)
	a.protect(&a.ageSex, &a.expected, &a.places, &a.categories, &a.outcomes)
	a.protect(&bands, &mod)
	a.times = a.reviewTimes(bands, days, undated)
	a.modifiable = a.modifiableShares(mod)
	for _, t := range []*counted{&a.expected, &a.places, &a.categories, &a.outcomes} {
		*t = a.withShares(*t)
	}
	return a, nil
}

// protect applies disclosure control to tables of one population, whose
// grand totals are the same count: when one table must hide it, all do.
func (a *Annual) protect(tables ...*counted) {
	hideGrand := false
	for pass := 0; pass < 2; pass++ {
		again := false
		for _, t := range tables {
			p := Protect(t.counts, t.totals, a.s, hideGrand)
			t.printed = p.Printed
			again = again || p.GrandHidden && !hideGrand
		}
		if !again {
			return
		}
		hideGrand = true
	}
}

// Period is the period the report covers.
func (a *Annual) Period() cdop.ReportPeriod { return a.period }

// PublishedTable is one table of a report as printed, with its totals as
// Totals say: what an intruder reads.
type PublishedTable struct {
	Name    string
	Printed [][]string
	Totals  Totals
	// Population names what its grand total counts ("deaths" or
	// "reviews"): tables of one population share it.
	Population string
}

// Tables returns the report's tables as printed.
func (a *Annual) Tables() []PublishedTable {
	var out []PublishedTable
	for i, t := range a.tables() {
		name := t.name
		if name == "" {
			name = t.stub
		}
		pop := "deaths"
		if i >= 5 {
			pop = "reviews"
		}
		out = append(out, PublishedTable{Name: name, Printed: t.printed, Totals: t.totals, Population: pop})
	}
	return out
}

// tables are the report's tables: the deaths', then the reviews'.
func (a *Annual) tables() []counted {
	return []counted{a.ageSex, a.expected, a.places, a.categories, a.outcomes, a.times.bands, a.modifiable.table}
}

// Cells returns every figure the report publishes, as printed, in order.
func (a *Annual) Cells() []cdop.PublishedCell {
	var out []cdop.PublishedCell
	for _, t := range a.tables() {
		for r, row := range t.printed {
			label := "Total"
			if r < len(t.rows) {
				label = t.rows[r]
			}
			for c, v := range row {
				col := "Total"
				if c < len(t.cols) {
					col = t.cols[c]
				}
				name := t.name
				if name == "" {
					name = t.stub
				}
				out = append(out, cdop.PublishedCell{Table: name, Row: label, Column: col, Value: v})
			}
		}
	}
	for _, f := range []field{
		{label: "Median time to review", value: a.times.median},
		{label: "Longest time to review", value: a.times.longest},
		{label: "Reviewed within the target", value: a.times.withinText},
		{label: "With modifiable factors", value: a.modifiable.overall},
	} {
		out = append(out, cdop.PublishedCell{Table: "Key figures", Row: f.label, Value: f.value})
	}
	return out
}

// CheckPublished compares the report with the last one published for its
// period: when its figures changed since, it returns a
// *cdop.ChangedSincePublished listing them, unless confirmed.
func (a *Annual) CheckPublished(ctx context.Context, pubs cdop.PublicationService, confirmed bool) error {
	done, err := pubs.Publications(ctx, a.period.Key())
	if err != nil || len(done) == 0 || confirmed {
		return err
	}
	last := done[len(done)-1]
	cells := a.Cells()
	if last.Digest == cdop.DigestCells(cells) {
		return nil
	}
	return &cdop.ChangedSincePublished{Previous: last, Changes: cdop.CompareCells(last.Cells, cells)}
}

// RecordPublished records the report as published by the context's actor.
func (a *Annual) RecordPublished(ctx context.Context, pubs cdop.PublicationService) error {
	return pubs.RecordPublication(ctx, &cdop.Publication{PeriodKey: a.period.Key(), PeriodLabel: a.period.Label, Cells: a.Cells()})
}

// Write writes the report as a PDF.
func (a *Annual) Write(w io.Writer) error {
	data, s, opts := a.data, a.s, a.opts
	title := "Child death review annual report"
	d, err := newDoc("Annual report, "+a.period.Label, opts)
	if err != nil {
		return err
	}
	d.newPage()
	sub := capitalise(a.period.Label) + " (" + data.From.Time().Format("2 January 2006") + " to " + data.To.Time().Format("2 January 2006") + ")"
	if strings.TrimSpace(data.Footprint) != "" {
		sub = data.Footprint + "  ·  " + sub
	}
	d.title(title, sub)
	r := &annual{d: d, s: s}
	times, modifiable := a.times, a.modifiable

	key := []field{
		{label: "Deaths in the period", value: a.expected.printed[len(a.expected.printed)-1][0]},
		{label: "Reviews completed", value: modifiable.table.printed[len(modifiable.table.rows)][len(modifiable.table.cols)]},
		{label: "Median time to review", value: times.median},
		{label: fmt.Sprintf("Reviewed within %s", plural(a.settings.CDOPReviewMonths, "month")), value: times.withinText},
		{label: "With modifiable factors", value: modifiable.overall},
	}
	d.fieldsHeading(1, "Key figures", key)
	d.fields(key)
	rounding := ""
	if s.Rounding > 1 {
		rounding = fmt.Sprintf("other counts, totals included, are rounded to the nearest %d (so rows may not add up to their totals), ", s.Rounding)
	}
	d.note(fmt.Sprintf("Disclosure control: counts from 1 to %d are shown as %q; %s"+
		"and further counts are hidden wherever the printed figures together would narrow a hidden count down. 0 is shown as 0. "+
		"Percentages, medians and chart bars are given only where they reveal no hidden count. "+
		"Deaths are counted by date of death; reviews by the date the panel completed them.", s.Threshold, s.Marker, rounding))

	d.heading(1, "Deaths in the period", 40)
	d.heading(2, "By age band and sex", 30)
	r.print(a.ageSex)
	r.chart("Deaths by age band", a.ageSex, a.ageSex.totalColumn())
	d.heading(2, "Expected and unexpected deaths", 30)
	r.print(a.expected)
	d.heading(2, "Place of death", 30)
	r.print(a.places)
	r.chart("Deaths by place of death", a.places, 0)
	d.heading(2, "Category of death", 30)
	r.print(a.categories)
	r.chart("Deaths by category of death", a.categories, 0)
	d.heading(2, "Modifiable factors", 30)
	r.print(a.outcomes)
	d.note("Categories and modifiable factors are recorded when the panel reviews a death, so deaths late in the period are often not yet reviewed.")

	d.heading(1, "Reviews completed in the period", 40)
	timing := []field{
		{label: "Reviews", value: times.total},
		{label: "Median time", value: times.median},
		{label: "Longest time", value: times.longest},
		{label: "Within the target", value: times.withinText},
	}
	d.fieldsHeading(2, "Time from death to review", timing)
	d.fields(timing)
	r.print(times.bands)
	r.chart("Reviews by time from death to review", times.bands, 0)
	if times.undated > 0 {
		d.note("Reviews of deaths with no date of death recorded are left out of the times above.")
	}
	d.heading(2, "Modifiable factors by category of death", 40)
	d.note("Reviews finding no modifiable factors, with insufficient information to decide, or with no outcome recorded count as not identified.")
	r.print(modifiable.table)
	if len(modifiable.bars) > 0 {
		d.barChart("Share of reviews finding modifiable factors, by category (%)", modifiable.bars,
			"Categories with no reviews, or whose share would reveal a hidden count, are left out.")
	}

	r.recommendations(data.Recommendations, data.Cases, a.today)
	return d.finish(w)
}

// capitalise makes the first letter of s upper case.
func capitalise(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// notCleared stands in a published report for a recommendation's text
// that nobody has cleared for publication.
const notCleared = "(text not yet cleared for publication)"

// annual lays out the annual report.
type annual struct {
	d *doc
	s DisclosureSettings
}

// counted is a table of counts and how it is printed.
type counted struct {
	name    string // the table's name among the report's figures ("" is stub)
	stub    string // heading of the label column
	rows    []string
	cols    []string
	counts  [][]int
	totals  Totals
	printed [][]string // Suppress's output, totals included
	// extraTitle and extra, when set, add a last column (e.g. a share),
	// one entry per printed row.
	extraTitle string
	extra      []string
}

// totalColumn is the printed column holding the row totals (or the only column).
func (t counted) totalColumn() int {
	if t.totals.Rows {
		return len(t.cols)
	}
	return 0
}

// withShares adds each row's share of the total to a one-column table.
func (a *Annual) withShares(t counted) counted {
	total := t.printed[len(t.printed)-1][0]
	t.extraTitle = "Share"
	t.extra = make([]string, len(t.printed))
	for i, p := range t.printed {
		t.extra[i] = share(p[0], total)
	}
	return t
}

// print lays a counted table out, with its totals and extra column.
func (r *annual) print(t counted) {
	cols := []column{{title: t.stub}}
	for _, c := range t.cols {
		cols = append(cols, column{title: c, width: max(22, 0.75*float64(len(c))), align: "R"})
	}
	if t.totals.Rows {
		cols = append(cols, column{title: "Total", width: 18, align: "R"})
	}
	if t.extraTitle != "" {
		cols = append(cols, column{title: t.extraTitle, width: 24, align: "R"})
	}
	var rows [][]string
	for i, p := range t.printed {
		label := "Total"
		if i < len(t.rows) {
			label = t.rows[i]
		}
		row := append([]string{label}, p...)
		if t.extraTitle != "" {
			row = append(row, t.extra[i])
		}
		rows = append(rows, row)
	}
	r.d.table(table{cols: cols, rows: rows, total: t.totals.Columns,
		colour: func(row, col int) *rgb {
			if col > 0 && rows[row][col] == r.s.Marker {
				return &colMuted
			}
			return nil
		}})
}

// share is part/total as a percentage, or "" when either is hidden.
func share(part, total string) string {
	p, err1 := strconv.Atoi(part)
	t, err2 := strconv.Atoi(total)
	if err1 != nil || err2 != nil || t == 0 {
		return ""
	}
	return fmt.Sprintf("%.0f%%", 100*float64(p)/float64(t))
}

// chart draws the printed counts of one column of a table as bars.
func (r *annual) chart(title string, t counted, col int) {
	var bars []bar
	hidden := false
	for i, label := range t.rows {
		text := t.printed[i][col]
		v, err := strconv.Atoi(text)
		bars = append(bars, bar{label: label, value: float64(v), text: text, hidden: err != nil})
		hidden = hidden || err != nil
	}
	note := ""
	if hidden {
		note = fmt.Sprintf("%s: a hidden count (no bar drawn).", r.s.Marker)
	}
	r.d.barChart(title, bars, note)
}

var (
	sexCols      = []string{"Male", "Female", "Other or not known"}
	expectedRows = []string{"expected", "unexpected", ""}
	placeRows    = []string{"hospital", "hospice", "home", "other_residence", "public_place", "abroad", "other", ""}
	outcomeRows  = []string{"identified", "none", "insufficient_information", ""}
)

// index returns the row of code in codes; the last ("", not known) when not listed.
func index(codes []string, code string) int {
	if i := slices.Index(codes, code); i >= 0 && code != "" {
		return i
	}
	return len(codes) - 1
}

// categoryRows labels the categories of death, then a last row for none recorded.
func categoryRows(none string) []string {
	var out []string
	for _, c := range cdop.Categories {
		out = append(out, c.Code+". "+c.Label)
	}
	return append(out, none)
}

// categoryIndex is the row of a category of death; the last row when none is recorded.
func categoryIndex(category int) int {
	if category >= 1 && category <= len(cdop.Categories) {
		return category - 1
	}
	return len(cdop.Categories)
}

// labels labels codes from an enumeration; "" is unknown.
func labels(enum cdop.Enum, codes []string, unknown string) []string {
	out := make([]string, len(codes))
	for i, c := range codes {
		if c == "" {
			out[i] = unknown
		} else {
			out[i] = enum.Label(c)
		}
	}
	return out
}

// ageSexCounts counts the deaths by age band and sex.
func ageSexCounts(deaths []*cdop.Case) counted {
	rows := make([]string, 0, len(cdop.CaseAgeBands)+1)
	for _, b := range cdop.CaseAgeBands {
		rows = append(rows, string(b))
	}
	rows = append(rows, "Not known")
	counts := make([][]int, len(rows))
	for i := range counts {
		counts[i] = make([]int, len(sexCols))
	}
	for _, c := range deaths {
		row := slices.Index(cdop.CaseAgeBands, c.AgeBand())
		if row < 0 {
			row = len(rows) - 1
		}
		col := 2
		switch c.Sex {
		case "male":
			col = 0
		case "female":
			col = 1
		}
		counts[row][col]++
	}
	if sum(counts[len(rows)-1]) == 0 { // no unknown ages: no row for them
		rows, counts = rows[:len(rows)-1], counts[:len(counts)-1]
	}
	return counted{name: "Deaths by age band and sex", stub: "Age at death", rows: rows, cols: sexCols, counts: counts, totals: Totals{Rows: true, Columns: true}}
}

// oneWay counts the deaths by one characteristic: row gives each case's row
// of rows.
func oneWay(cases []*cdop.Case, stub string, rows []string, row func(*cdop.Case) int) counted {
	counts := make([][]int, len(rows))
	for i := range counts {
		counts[i] = make([]int, 1)
	}
	for _, c := range cases {
		counts[row(c)][0]++
	}
	return counted{name: "Deaths: " + strings.ToLower(stub[:1]) + stub[1:], stub: stub, rows: rows, cols: []string{"Deaths"}, counts: counts, totals: Totals{Columns: true}}
}

// times holds the time from death to review.
type times struct {
	total, median, longest, withinText string
	bands                              counted
	undated                            int
}

// reviewBands counts the reviews by time from death to review, in bands
// from the panel's target (months after the death) on, and returns the
// times in days and how many reviews had no date of death to time them by.
func reviewBands(reviews []*cdop.Case, months int) (counted, []int, int) {
	var days []int
	undated := 0
	type band struct {
		label string
		upto  int // months; 0 = no limit
	}
	bs := []band{{"Within " + plural(months, "month") + " (the target)", months}}
	if months < 12 {
		bs = append(bs, band{fmt.Sprintf("Over %d, up to 12 months", months), 12})
	}
	if months < 24 {
		bs = append(bs, band{fmt.Sprintf("Over %d, up to 24 months", max(months, 12)), 24})
	}
	bs = append(bs, band{fmt.Sprintf("Over %d months", max(months, 24)), 0})
	counts := make([][]int, len(bs))
	for i := range bs {
		counts[i] = []int{0}
	}
	for _, c := range reviews {
		if c.DateOfDeath.IsZero() || c.CDOPReviewOn.Before(c.DateOfDeath) {
			undated++
			continue
		}
		days = append(days, c.DateOfDeath.DaysUntil(c.CDOPReviewOn))
		for i, b := range bs {
			if b.upto == 0 || !c.CDOPReviewOn.After(c.DateOfDeath.AddMonths(b.upto)) {
				counts[i][0]++
				break
			}
		}
	}
	rows := make([]string, len(bs))
	for i, b := range bs {
		rows[i] = b.label
	}
	return counted{name: "Reviews: time from death to review", stub: "Time from death to review", rows: rows, cols: []string{"Reviews"}, counts: counts,
		totals: Totals{Columns: true}}, days, undated
}

// reviewTimes works out what the report says of the time from death to
// review, from its bands as printed and the times in days.
func (a *Annual) reviewTimes(bands counted, days []int, undated int) times {
	t := times{bands: a.withShares(bands), undated: undated}
	t.total = t.bands.printed[len(t.bands.printed)-1][0]
	// A median or longest time is given only when the number of reviews is.
	if len(days) == 0 {
		t.median, t.longest = "no reviews", "no reviews"
	} else if len(days) <= a.s.Threshold {
		t.median, t.longest = a.s.Marker, a.s.Marker
	} else {
		slices.Sort(days)
		n := len(days)
		med := float64(days[n/2])
		if n%2 == 0 {
			med = float64(days[n/2-1]+days[n/2]) / 2
		}
		t.median = fmt.Sprintf("%s days (about %.1f months)", trimFloat(med), med/30.44)
		// The longest time is one child's: printed only when more than the
		// threshold of reviews took nearly as long (within 3 months), so it
		// does not single a child out where the bands are hidden.
		near := 0
		for _, d := range days {
			if d >= days[n-1]-91 {
				near++
			}
		}
		if near > a.s.Threshold {
			t.longest = fmt.Sprintf("%d days (about %.1f months)", days[n-1], float64(days[n-1])/30.44)
		} else {
			t.longest = a.s.Marker
		}
	}
	within := t.bands.printed[0][0]
	if pct := share(within, t.total); pct != "" {
		t.withinText = within + " of " + t.total + " (" + pct + ")"
	} else {
		t.withinText = within + " of " + t.total
	}
	return t
}

// modifiable holds the reviews by category of death and outcome.
type modifiable struct {
	table   counted
	bars    []bar  // share finding modifiable factors, for categories where it can be given
	overall string // the same over all reviews
}

// modifiableCounts counts the reviews by category of death and whether
// they found modifiable factors.
func modifiableCounts(reviews []*cdop.Case) counted {
	rows := categoryRows("Not recorded")
	cols := []string{"Modifiable factors identified", "Not identified"}
	counts := make([][]int, len(rows))
	for i := range counts {
		counts[i] = make([]int, len(cols))
	}
	for _, c := range reviews {
		col := 1 // none, insufficient information or not recorded
		if c.Analysis.Modifiable == "identified" {
			col = 0
		}
		counts[categoryIndex(c.Analysis.Category)][col]++
	}
	return counted{name: "Reviews: modifiable factors by category of death", stub: "Category of death", rows: rows, cols: cols, counts: counts,
		totals: Totals{Rows: true, Columns: true}}
}

// modifiableShares adds to the reviews by category the share finding
// modifiable factors, where it can be given.
func (a *Annual) modifiableShares(t counted) modifiable {
	cols := t.cols
	m := modifiable{}
	t.extraTitle = "Share identified"
	for i, p := range t.printed {
		identified, total := p[0], p[len(cols)]
		sh := share(identified, total)
		t.extra = append(t.extra, sh)
		if sh == "" || i >= len(t.rows) {
			continue
		}
		x, _ := strconv.Atoi(identified)
		y, _ := strconv.Atoi(total)
		m.bars = append(m.bars, bar{label: t.rows[i], value: 100 * float64(x) / float64(y), text: sh})
	}
	m.table = t
	last := t.printed[len(t.printed)-1]
	m.overall = last[0] + " of " + last[len(cols)]
	if pct := share(last[0], last[len(cols)]); pct != "" {
		m.overall += " (" + pct + ")"
	}
	return m
}

// recommendations lists the recommendations and counts them by status.
func (r *annual) recommendations(recs []*cdop.Recommendation, files []*cdop.CaseFile, today cdop.Date) {
	d := r.d
	d.heading(1, "Recommendations", 30)
	if len(recs) == 0 {
		d.para("No recommendations to report for the period.")
		return
	}
	statuses := cdop.RecommendationStatuses
	counts := make([]int, len(statuses))
	overdue := 0
	for _, rec := range recs {
		if i := slices.Index(statuses.Codes(), string(rec.Status)); i >= 0 {
			counts[i]++
		}
		if rec.Overdue(today) {
			overdue++
		}
	}
	var rows [][]string
	for i, s := range statuses {
		rows = append(rows, []string{s.Label, strconv.Itoa(counts[i])})
	}
	rows = append(rows, []string{"Total", strconv.Itoa(len(recs))})
	d.table(table{cols: []column{{title: "Status"}, {title: "Number", width: 24, align: "R"}}, rows: rows, total: true})
	d.para(fmt.Sprintf("%s open or in progress past the date due (as of %s).", plural(overdue, "recommendation"), today.Display()))
	// Typed text is printed with the identifiers of the cases it came from withheld.
	scrubs := map[string]func(string) string{}
	for _, f := range files {
		if f != nil && f.Case != nil {
			scrubs[f.Case.ID] = scrubber(f.Case)
		}
	}
	var list [][]string
	var colours []*rgb
	uncleared := 0
	for _, rec := range recs {
		action := rec.Action
		if strings.TrimSpace(rec.Theme) != "" {
			action = "Theme: " + rec.Theme + "\n" + action
		}
		if rec.ClearedOn.IsZero() {
			action = notCleared
			uncleared++
		}
		for _, id := range rec.CaseIDs {
			if s := scrubs[id]; s != nil {
				action = s(action)
			}
		}
		status := rec.Status.Label()
		var col *rgb
		switch {
		case rec.Overdue(today):
			status += "; overdue"
			col = &colBad
		case rec.Status == cdop.RecommendationDone:
			col = &colGood
		}
		list = append(list, []string{rec.Agency, action, monthYear(rec.CreatedOn), monthYear(rec.DueOn), status})
		colours = append(colours, col)
	}
	d.heading(2, "Recommendations and their status", 20)
	if uncleared > 0 {
		d.note(fmt.Sprintf("The text of %s is not yet cleared for publication: for those, only the agency, dates and status are given.", plural(uncleared, "recommendation")))
	}
	d.table(table{
		cols: []column{{title: "Agency", width: 38}, {title: "Recommendation"}, {title: "Made", width: 20}, {title: "Due", width: 20}, {title: "Status", width: 26}},
		rows: list,
		colour: func(r, c int) *rgb {
			if c == 4 {
				return colours[r]
			}
			return nil
		},
	})
}

func sum(xs []int) int {
	n := 0
	for _, x := range xs {
		n += x
	}
	return n
}
