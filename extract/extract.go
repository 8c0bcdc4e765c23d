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
// (whose text is read to count them, never shown) leaves the database for
// an extract.
var Fields = func() []string {
	var out []string
	for _, f := range cdop.FieldsWhere(func(f *cdop.Field) bool { return f.Extract != cdop.NotExtracted }) {
		out = append(out, f.Name)
	}
	return out
}()

// codeFields are the fields an extract shows as their codes, each in a
// column of its own name, after the quasi-identifiers, in registry order.
var codeFields = cdop.FieldsWhere(func(f *cdop.Field) bool { return f.Extract == cdop.ExtractCode })

// Options say what to extract and how.
type Options struct {
	// From and To bound the dates of death included (both included); a
	// zero date leaves that end open.
	From, To cdop.Date
	// K is the k of k-anonymity, at least 2; 0 means DefaultK.
	K int
	// Key is the installation's pseudonym key (LoadOrCreateKey); it is not
	// used, and may be zero, when Unlinkable is set.
	Key Key
	// Unlinkable makes the pseudonyms from a one-off key, never stored.
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

// extractor holds what an extract has read so far.
type extractor struct {
	opts      Options
	pseudo    *pseudonymiser
	s         *scheme
	counts    map[uint64]int
	rows      int
	sorter    sorter
	catalogue map[string]string // upper-case code → code as catalogued
	withheld  map[string]int    // column → values withheld
	coded     int
	uncoded   int
	notListed int // codes recorded that the catalogue lacks
	tail      []string
	codes     []string
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
	if opts.Clock == nil {
		opts.Clock = cdop.SystemClock{}
	}
	if opts.Catalogue == nil {
		opts.Catalogue = cdop.DefaultFactorCatalogue
	}
	switch {
	case opts.K < 2:
		return nil, cdop.Errorf(cdop.EINVALID, "k must be 2 or more (k = %d protects no one)", opts.K)
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
		counts:    map[uint64]int{},
		sorter:    sorter{dir: opts.TempDir, reg: opts.Register},
		catalogue: map[string]string{},
		withheld:  map[string]int{},
		tail:      make([]string, len(codeFields)+nDerived),
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
	pl := &plan{assign: map[uint64]mask{}, donate: map[uint64]int{}}
	if x.rows > 0 {
		pl = (&planner{k: opts.K, rows: x.rows, counts: x.counts, s: x.s}).best()
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
	if c.DateOfDeath.IsZero() && !(x.opts.From.IsZero() && x.opts.To.IsZero()) ||
		!x.opts.From.IsZero() && c.DateOfDeath.Before(x.opts.From) ||
		!x.opts.To.IsZero() && c.DateOfDeath.After(x.opts.To) {
		return nil // outside the period (a streamer that does not filter)
	}
	key, err := x.baseKey(c)
	if err != nil {
		return err
	}
	x.counts[key]++
	x.rows++
	if x.rows%progressEvery == 0 {
		x.progress(x.rows, 0)
	}
	return x.sorter.add(row{pseudo: x.pseudo.pseudonym(c.ID), key: key, tail: x.tailOf(c)})
}

// progress tells Options.Progress, when set, how far the extract has got.
func (x *extractor) progress(done, total int) {
	if x.opts.Progress != nil {
		x.opts.Progress(done, total)
	}
}

// baseKey codes a case's quasi-identifiers as recorded.
func (x *extractor) baseKey(c *cdop.Case) (uint64, error) {
	t, err := timeCode(c.DateOfDeath)
	if err != nil {
		return 0, err
	}
	x.s.noteDate(c.DateOfDeath)
	la, err := x.s.laCode(c.ResidenceLA)
	if err != nil {
		return 0, err
	}
	var key uint64
	key = withField(key, qTime, t)
	age := uint32(0)
	if i := slices.Index(cdop.AgeBands, c.Age().Band()); i >= 0 {
		age = uint32(i + 1)
	}
	key = withField(key, qAge, age)
	key = withField(key, qSex, x.enum("sex", cdop.Sexes, c.Sex))
	eth := uint32(0)
	if i := slices.Index(BroadEthnicGroups, cdop.BroadEthnicGroup(c.Ethnicity)); i >= 0 {
		eth = uint32(i + 1)
	}
	key = withField(key, qEthnic, eth)
	imd := uint32(c.IMDDecile)
	if c.IMDDecile < 0 || c.IMDDecile > 10 {
		imd = imdWithheld
		x.withheld["imd_decile"]++
	}
	key = withField(key, qIMD, imd)
	if la == laWithheld {
		x.withheld["residence_la"]++
	}
	key = withField(key, qLA, la)
	key = withField(key, qPlace, x.enum("place_of_death", cdop.PlacesOfDeath, c.PlaceOfDeath))
	return key, nil
}

// enum codes an enumerated value, counting a value not listed as withheld.
func (x *extractor) enum(column string, e cdop.Enum, v string) uint32 {
	code := enumCode(e, v)
	if int(code) > len(e) {
		x.withheld[column]++
	}
	return code
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

// tailOf returns a case's columns after the quasi-identifiers, joined by sep.
func (x *extractor) tailOf(c *cdop.Case) string {
	t := x.tail
	clear(t)
	for i := range codeFields {
		f := &codeFields[i]
		t[i] = x.text(f.Name, f.Choices, f.Get(c))
	}
	t = t[len(codeFields):]
	codes, uncoded := x.factorCodes(&c.Analysis)
	t[tCoded] = strings.Join(codes, cdop.ListSeparator)
	t[tUncoded] = strconv.Itoa(uncoded)
	t[tDaysNotification] = daysBetween(c.DateOfDeath, c.NotifiedOn)
	t[tDaysCDRM] = daysBetween(c.DateOfDeath, c.CDRMOn)
	t[tDaysReview] = daysBetween(c.DateOfDeath, c.CDOPReviewOn)
	return strings.Join(x.tail, sep)
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

func daysBetween(death, d cdop.Date) string {
	if death.IsZero() || d.IsZero() {
		return ""
	}
	return strconv.Itoa(death.DaysUntil(d))
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
// every group of the file has at least k rows. It stops when ctx ends.
func (x *extractor) write(ctx context.Context, w io.Writer, pl *plan, m *Manifest) error {
	cw := safecsv.NewWriter(w)
	if err := cw.Write(columnNames); err != nil {
		return err
	}
	donate := make(map[uint64]int, len(pl.donate))
	for k, n := range pl.donate {
		donate[k] = n
	}
	full := fullMask.bits()
	final := map[uint64]int{}
	labels := map[uint64][]string{}
	var suppressed, generalised [nQI + 1]int
	record := make([]string, 0, len(columnNames))
	exact := make([]string, 0, nQI+1)
	written := 0
	err := x.sorter.each(func(r row) error {
		if written++; written%progressEvery == 0 {
			if err := ctx.Err(); err != nil {
				return err // given up: the partial w is discarded
			}
			x.progress(written, x.rows)
		}
		key := pl.finalKey(x.s, r.key)
		if donate[key] > 0 {
			donate[key]--
			key = full
		}
		final[key]++
		qi, ok := labels[key]
		if !ok {
			qi = x.s.labels(key, pl.lv)
			labels[key] = qi
		}
		touched := false
		for i, v := range qi {
			if v == Suppressed {
				suppressed[i]++
				touched = true
			}
		}
		if touched {
			m.Suppression.RowsAffected++
		}
		if key == full {
			m.Suppression.RowsFullySuppressed++
		}
		// Generalised values shown: those not suppressed that differ from
		// the value as recorded would be shown.
		exact = x.s.appendLabels(exact[:0], r.key, levels{})
		for i, v := range qi {
			if v != Suppressed && v != exact[i] {
				generalised[i]++
			}
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
	smallest := 0
	for _, n := range final {
		if smallest == 0 || n < smallest {
			smallest = n
		}
	}
	if len(final) > 0 && smallest < x.opts.K {
		return fmt.Errorf("extract: a group of %d rows is smaller than k = %d; nothing should be shared (this is a bug)", smallest, x.opts.K)
	}
	m.KAchieved = smallest
	m.Groups = len(final)
	for i, name := range quasiColumns {
		m.Suppression.Cells = append(m.Suppression.Cells, ColumnCount{name, suppressed[i]})
		if generalised[i] > 0 {
			for j := range m.Generalisations {
				if m.Generalisations[j].Column == name {
					m.Generalisations[j].Rows = generalised[i]
				}
			}
		}
	}
	return nil
}
