// Package extract writes the anonymised dataset extract a CDOP's data lead
// shares for analysis: one row per death, pseudonymised, with ages as
// bands, dates as years and day counts, no free text, and every row
// k-anonymous over the quasi-identifiers; and its manifest, which says how.
//
// It reads cases through CaseStreamer one at a time and holds only the
// counts of the distinct combinations of quasi-identifiers, plus a bounded
// run of rows being sorted (see runs.go), so memory does not grow with the
// number of cases.
package extract

import (
	"context"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"casemanager/cdop"
	"casemanager/safecsv"
)

// DefaultK is the k of k-anonymity when none is given.
const DefaultK = 5

// DefaultL is the l of l-diversity (of the modifiable outcome) when none is given.
const DefaultL = 2

// CaseStreamer reads cases one at a time: fn is called with every case
// matching f whose date of death falls from from to to (both included; a
// zero date leaves that end open), all read from one snapshot, with only
// the stored fields (cdop.CaseFields names) listed in fields, and the ID;
// the others blank. It stops at fn's first error and returns it.
// storage.DB implements it.
type CaseStreamer interface {
	EachCaseFields(ctx context.Context, f cdop.CaseFilter, from, to cdop.Date, fields []string, fn func(*cdop.Case) error) error
}

// Fields lists the stored fields an extract reads, and so the only ones it
// could ever show: those the field registry marks for the extract. No name,
// NHS number, postcode, key worker, reference or free text but the factors
// (whose text is read to count them, never shown) and a void's reason and a
// transfer's panel (read only to leave the case out) leaves the database
// for an extract.
var Fields = func() []string {
	var out []string
	for _, f := range cdop.FieldsWhere(func(f *cdop.Field) bool { return f.Extract != cdop.NotExtracted }) {
		out = append(out, f.Name)
	}
	return out
}()

// codeFields are the fields an extract shows as their codes, each in a
// column of its own name, after the quasi-identifiers (which are columns
// of their own, with their hierarchies), in registry order.
var codeFields = cdop.FieldsWhere(func(f *cdop.Field) bool {
	return f.Extract == cdop.ExtractCode && f.Disclosure != cdop.QuasiIdentifier
})

// outcomeField is the sensitive attribute l-diversity protects.
const outcomeField = "modifiable"

// Options say what to extract and how.
type Options struct {
	// From and To bound the dates of death included (both included); a
	// zero date leaves that end open.
	From, To cdop.Date
	// K is the k of k-anonymity, at least 2; 0 means DefaultK.
	K int
	// L is the l of l-diversity of the modifiable outcome, at least 1 (1
	// asks for none); 0 means DefaultL.
	L int
	// Key is the installation's pseudonym key (LoadOrCreateKey); it is not
	// used, and may be zero, when Unlinkable is set.
	Key Key
	// Unlinkable makes the pseudonyms from a one-off key, never stored (so
	// the rows' order, by pseudonym, is new too), and leaves out every
	// column but the quasi-identifiers and the modifiable outcome: the
	// others would let a row be matched to its row in another extract.
	Unlinkable bool
	// Catalogue lists the factor codes coded_factors may hold; a code
	// recorded on a case that is not in it is counted as uncoded. Nil means
	// cdop.DefaultFactorCatalogue.
	Catalogue []cdop.FactorCatalogueEntry
	// AppVersion is the version of the program making the extract.
	AppVersion string
	// File names the extract in its manifest (e.g. its base name).
	File string
	// Clock dates the manifest; nil means the system clock.
	Clock cdop.Clock
	// TempDir holds the sorting's temporary files; "" means os.TempDir().
	TempDir string
	// Register, when set, is the folder where temporary files under way
	// are noted, so that those of a killed process are removed at the
	// next start (see package outfile).
	Register string
	// Progress, when set, is told from time to time how far the extract
	// has got, on the goroutine running Write: while the cases are read,
	// the rows taken in so far with total 0 (the number of rows is not
	// known until the last case is read); then, while the rows are
	// written, the rows written of total.
	Progress func(done, total int)
}

// progressEvery is how many rows pass between calls of Options.Progress.
const progressEvery = 500

// catalogueCodePattern is the form of a factor catalogue code, as storage
// stores it: a letter, then up to 11 letters or digits, upper case.
var catalogueCodePattern = regexp.MustCompile(`^[A-Z][A-Z0-9]{0,11}$`)

// The tail columns (after the quasi-identifiers): the code fields, then
// these, in order.
const (
	tCoded = iota
	tUncoded
	tDaysNotification
	tDaysCDRM
	tDaysReview
	nDerived
)

// maxCounts bounds the distinct combinations of quasi-identifiers counted
// at once: beyond it, the dimension with most values is counted a level
// up (and the plan starts there), so memory stays flat however many rows.
var maxCounts = 1 << 16

// extractor holds what an extract has read so far.
type extractor struct {
	opts      Options
	pseudo    *pseudonymiser
	s         *scheme
	counts    map[uint64]stats // keys at the floor levels
	floor     levels
	all       stats // every row
	rows      int
	sorter    sorter
	catalogue map[string]string // upper-case code → code as catalogued
	withheld  map[string]int    // column → values withheld
	coded     int
	uncoded   int
	notListed int // codes recorded that the catalogue lacks
	tail      []string
	codes     []string
	keep      []bool // the tail columns this extract shows
}

// Write writes the extract of the cases src streams to w, as CSV with a
// header row, and returns its manifest. It fails, writing nothing, when
// there are fewer than K cases in the period (but some): no extract of
// them can be k-anonymous. Errors for the caller to fix are cdop EINVALID
// errors; a partial w is to be discarded on any error.
func Write(ctx context.Context, src CaseStreamer, w io.Writer, opts Options) (*Manifest, error) {
	if opts.K == 0 {
		opts.K = DefaultK
	}
	if opts.L == 0 {
		opts.L = DefaultL
	}
	if opts.Clock == nil {
		opts.Clock = cdop.SystemClock{}
	}
	if opts.Catalogue == nil {
		opts.Catalogue = cdop.DefaultFactorCatalogue
	}
	switch {
	case opts.K < 2:
		return nil, cdop.Errorf(cdop.EINVALID, "k must be 2 or more (k = %d protects no one)", opts.K)
	case opts.L < 1 || opts.L > nOutcomes-1:
		return nil, cdop.Errorf(cdop.EINVALID, "l must be 1 (no l-diversity) to %d, the outcomes there are", nOutcomes-1)
	case !opts.From.IsZero() && !opts.To.IsZero() && opts.To.Before(opts.From):
		return nil, cdop.Errorf(cdop.EINVALID, "the period ends (%s) before it starts (%s)", opts.To, opts.From)
	}
	key := opts.Key
	if opts.Unlinkable {
		var err error
		if key, err = NewOneOffKey(); err != nil {
			return nil, err
		}
	} else if key.IsZero() {
		return nil, cdop.Errorf(cdop.EINVALID, "no pseudonym key: load the installation's key, or make the extract unlinkable")
	}
	x := &extractor{
		opts:      opts,
		pseudo:    key.pseudonymiser(),
		s:         newScheme(),
		counts:    map[uint64]stats{},
		sorter:    sorter{dir: opts.TempDir, reg: opts.Register},
		catalogue: map[string]string{},
		withheld:  map[string]int{},
		tail:      make([]string, len(codeFields)+nDerived),
		keep:      tailKept(opts.Unlinkable),
	}
	defer x.sorter.close()
	for _, e := range opts.Catalogue {
		x.catalogue[strings.ToUpper(e.Code)] = e.Code
	}
	if err := src.EachCaseFields(ctx, cdop.CaseFilter{}, opts.From, opts.To, Fields, x.add); err != nil {
		return nil, err
	}
	x.progress(x.rows, 0)
	if x.rows > 0 && x.rows < opts.K {
		return nil, cdop.Errorf(cdop.EINVALID, "only %d case(s) in %s: an extract needs at least k = %d, so that every row shares its quasi-identifiers with %d others; choose a longer period",
			x.rows, periodText(opts.From, opts.To), opts.K, opts.K-1)
	}
	if r := x.all.recorded(); r > 0 && r < opts.L {
		return nil, cdop.Errorf(cdop.EINVALID, "only %d different modifiable outcome(s) are recorded in %s: l = %d needs every group of rows to hold %d; choose a longer period, or l = 1",
			r, periodText(opts.From, opts.To), opts.L, opts.L)
	}
	x.s.prepare()
	pl := &plan{assign: map[uint64]mask{}, donate: map[uint64]*[nOutcomes]int32{}}
	if x.rows > 0 {
		var err error
		pl, err = (&planner{k: opts.K, l: opts.L, rows: x.rows, floor: x.floor, counts: x.counts, s: x.s}).best()
		if err != nil {
			return nil, err
		}
	}
	m := x.newManifest(ctx, key, pl)
	if err := x.write(ctx, w, pl, m); err != nil {
		return nil, err
	}
	return m, nil
}

// add takes in one case: its quasi-identifiers counted, its row stripped
// of identifiers and set aside for sorting.
func (x *extractor) add(c *cdop.Case) error {
	if !c.Counted() {
		return nil // a voided notification, or another panel's case
	}
	if c.DateOfDeath.IsZero() && !(x.opts.From.IsZero() && x.opts.To.IsZero()) ||
		!x.opts.From.IsZero() && c.DateOfDeath.Before(x.opts.From) ||
		!x.opts.To.IsZero() && c.DateOfDeath.After(x.opts.To) {
		return nil // outside the period (a streamer that does not filter)
	}
	key, err := x.baseKey(c)
	if err != nil {
		return err
	}
	o := outcomeIndex(c.Analysis.Modifiable)
	one := stats{n: 1}
	one.out[o] = 1
	x.all.add(one)
	x.s.note(key)
	fk := raiseDirect(key, &levels{}, &x.floor)
	st := x.counts[fk]
	st.add(one)
	x.counts[fk] = st
	if len(x.counts) > maxCounts {
		x.raiseFloor()
	}
	x.rows++
	if x.rows%progressEvery == 0 {
		x.progress(x.rows, 0)
	}
	return x.sorter.add(row{pseudo: x.pseudo.pseudonym(c.ID), key: key, outcome: o, tail: x.tailOf(c)})
}

// raiseFloor counts the dimension with most distinct values a level up,
// to keep the counts within maxCounts.
func (x *extractor) raiseFloor() {
	best, most := -1, 0
	for i := range dims {
		if int(x.floor[i])+1 >= len(dims[i].levels) {
			continue
		}
		seen := map[uint32]bool{}
		for k := range x.counts {
			seen[dims[i].field(k)] = true
		}
		if len(seen) > most {
			best, most = i, len(seen)
		}
	}
	if best < 0 {
		return
	}
	to := x.floor
	to[best]++
	counts := make(map[uint64]stats, len(x.counts)/2)
	for k, st := range x.counts {
		g := raiseDirect(k, &x.floor, &to)
		cur := counts[g]
		cur.add(st)
		counts[g] = cur
	}
	x.counts, x.floor = counts, to
}

// raiseDirect generalises a key from levels from to levels to by the
// levels' own functions (the lookup tables are made once all rows are in).
func raiseDirect(key uint64, from, to *levels) uint64 {
	for i := range dims {
		d := &dims[i]
		v := d.field(key)
		if !d.isValue(v) {
			continue
		}
		for l := from[i] + 1; l <= to[i]; l++ {
			v = d.levels[l].up(v)
		}
		key = d.with(key, v)
	}
	return key
}

// progress tells Options.Progress, when set, how far the extract has got.
func (x *extractor) progress(done, total int) {
	if x.opts.Progress != nil {
		x.opts.Progress(done, total)
	}
}

// baseKey codes a case's quasi-identifiers as recorded (level 0),
// counting the values withheld.
func (x *extractor) baseKey(c *cdop.Case) (uint64, error) {
	var key uint64
	for i := range dims {
		d := &dims[i]
		v, err := d.code(c)
		if err != nil {
			return 0, err
		}
		if v == d.withheld && v != 0 {
			x.withheld[d.columns[0]]++
		}
		key = d.with(key, v)
	}
	return key, nil
}

// text returns an enumerated value as it is written, or Withheld when it is
// not listed.
func (x *extractor) text(column string, e cdop.Enum, v string) string {
	if v == "" || e.Has(v) {
		return v
	}
	x.withheld[column]++
	return Withheld
}

// tailOf returns a case's columns after the quasi-identifiers that this
// extract shows, joined by sep.
func (x *extractor) tailOf(c *cdop.Case) string {
	t := x.tail
	clear(t)
	for i := range codeFields {
		f := &codeFields[i]
		t[i] = x.text(f.Name, f.Choices, f.Get(c))
	}
	d := t[len(codeFields):]
	codes, uncoded := x.factorCodes(&c.Analysis)
	d[tCoded] = strings.Join(codes, cdop.ListSeparator)
	d[tUncoded] = strconv.Itoa(uncoded)
	d[tDaysNotification] = dayBand(c.DateOfDeath, c.NotifiedOn)
	d[tDaysCDRM] = dayBand(c.DateOfDeath, c.CDRMOn)
	d[tDaysReview] = dayBand(c.DateOfDeath, c.CDOPReviewOn)
	var b strings.Builder
	first := true
	for i, v := range t {
		if !x.keep[i] {
			continue
		}
		if !first {
			b.WriteString(sep)
		}
		first = false
		b.WriteString(v)
	}
	return b.String()
}

// dayBands are the bands of the time from the death to a step of the review.
var dayBands = []struct {
	upto  int // days, included; 0 for no limit
	label string
}{{7, "0-7 days"}, {90, "8-90 days"}, {180, "91-180 days"}, {365, "181-365 days"}, {0, "over a year"}}

// dayBand returns the band of the days from the death to d; "" when either
// date is not recorded.
func dayBand(death, d cdop.Date) string {
	if death.IsZero() || d.IsZero() {
		return ""
	}
	n := death.DaysUntil(d)
	for _, b := range dayBands {
		if b.upto == 0 || n <= b.upto {
			return b.label
		}
	}
	return ""
}

// factorCodes returns the catalogue codes of a case's factors, sorted and
// each once, and how many factors have none (typed, or with a code the
// catalogue does not hold). Only codes are kept, never a factor's text.
func (x *extractor) factorCodes(a *cdop.Analysis) ([]string, int) {
	codes := x.codes[:0]
	uncoded := 0
	for d := range a.Domains {
		for _, f := range a.Domains[d].Factors {
			code := strings.ToUpper(strings.TrimSpace(a.Detail(d, f).Code))
			listed, ok := x.catalogue[code]
			switch {
			case code == "":
				uncoded++
			case !ok || !catalogueCodePattern.MatchString(code):
				uncoded++
				x.notListed++
			default:
				codes = append(codes, strings.ToUpper(listed))
			}
		}
	}
	slices.Sort(codes)
	codes = slices.Compact(codes)
	x.codes = codes
	x.coded += len(codes)
	x.uncoded += uncoded
	return codes, uncoded
}

func periodText(from, to cdop.Date) string {
	switch {
	case from.IsZero() && to.IsZero():
		return "the database"
	case from.IsZero():
		return "the period up to " + to.String()
	case to.IsZero():
		return "the period from " + from.String()
	}
	return "the period " + from.String() + " to " + to.String()
}

// write writes the rows in pseudonym order, generalised and suppressed as
// the plan says, counting what it shows into the manifest, and checks that
// every group of the file has at least k rows and l outcomes. It stops
// when ctx ends.
func (x *extractor) write(ctx context.Context, w io.Writer, pl *plan, m *Manifest) error {
	cw := safecsv.NewWriter(w)
	if err := cw.Write(columnNamesFor(x.opts.Unlinkable)); err != nil {
		return err
	}
	donate := make(map[uint64][nOutcomes]int32, len(pl.donate))
	for k, d := range pl.donate {
		donate[k] = *d
	}
	full := fullMask.bits()
	final := map[uint64]stats{}
	labels := map[uint64][]string{}
	nd := len(dims)
	suppressed, generalised := make([]int, nd), make([]int, nd)
	loss := make([]float64, nd)
	record := make([]string, 0, 64)
	exact := make([]string, 0, 16)
	written := 0
	err := x.sorter.each(func(r row) error {
		if written++; written%progressEvery == 0 {
			if err := ctx.Err(); err != nil {
				return err // given up: the partial w is discarded
			}
			x.progress(written, x.rows)
		}
		key := pl.finalKey(x.s, r.key)
		if d, ok := donate[key]; ok && d[r.outcome] > 0 {
			d[r.outcome]--
			donate[key] = d
			key = full
		}
		st := final[key]
		st.n++
		st.out[r.outcome]++
		final[key] = st
		qi, ok := labels[key]
		if !ok {
			qi = x.s.appendLabels(nil, key, &pl.lv)
			labels[key] = qi
		}
		touched := false
		exact = x.s.appendLabels(exact[:0], r.key, &levels{})
		col := 0
		for i := range dims {
			d := &dims[i]
			v := d.field(key)
			switch {
			case v == d.suppressed():
				suppressed[i]++
				touched = true
				loss[i]++
			case qi[col] != exact[col] || len(d.columns) > 1 && qi[col+1] != exact[col+1]:
				generalised[i]++
				loss[i] += x.s.cellLoss(i, pl.lv[i], v)
			}
			col += len(d.columns)
		}
		if touched {
			m.Suppression.RowsAffected++
		}
		if key == full {
			m.Suppression.RowsFullySuppressed++
		}
		record = append(record[:0], r.pseudo)
		record = append(record, qi...)
		record = append(record, strings.Split(r.tail, sep)...)
		return cw.Write(record)
	})
	if err != nil {
		return err
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	x.progress(written, x.rows)
	smallestK, smallestL := 0, 0
	for _, st := range final {
		if !st.ok(x.opts.K, x.opts.L) {
			return fmt.Errorf("extract: a group of %d rows with %d outcomes falls short of k = %d, l = %d; nothing should be shared (this is a bug)",
				st.n, st.recorded(), x.opts.K, x.opts.L)
		}
		if smallestK == 0 || int(st.n) < smallestK {
			smallestK = int(st.n)
		}
		if r := st.recorded(); r > 0 && (smallestL == 0 || r < smallestL) {
			smallestL = r
		}
	}
	m.KAchieved, m.LAchieved = smallestK, smallestL
	m.Groups = len(final)
	for i := range dims {
		d := &dims[i]
		for _, c := range d.columns {
			m.Suppression.Cells = append(m.Suppression.Cells, ColumnCount{c, suppressed[i]})
			share := 0.0
			if x.rows > 0 {
				share = loss[i] / float64(x.rows)
			}
			m.InformationLoss = append(m.InformationLoss, ColumnLoss{Column: c, Loss: roundLoss(share)})
		}
		for j := range m.Levels {
			if m.Levels[j].Dimension == d.qi {
				m.Levels[j].RowsGeneralised = generalised[i]
			}
		}
		for j := range m.Generalisations {
			if slices.Contains(d.columns, m.Generalisations[j].Column) {
				m.Generalisations[j].Rows = generalised[i]
			}
		}
	}
	return nil
}
