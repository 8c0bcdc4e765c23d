package extract_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"casemanager/cdop"
	"casemanager/demo"
	"casemanager/extract"
)

// testNow is when the test extracts are made: later than every date of
// the test cases, so that the manifest's own date matches none of them.
var testNow = time.Date(2031, 1, 15, 9, 30, 0, 0, time.UTC)

// testToday is the day the demo cases are generated as of.
var testToday = cdop.MustParseDate("2025-06-01")

// sliceStreamer streams cases from memory, as storage does from a file.
// It hands over every field, not just those asked for,
// so that the tests see what the extract does with fields it should not
// use.
type sliceStreamer struct {
	cases  []*cdop.Case
	fields *[]string // the fields asked for
}

func (s sliceStreamer) EachCaseFields(ctx context.Context, f cdop.CaseFilter, from, to cdop.Date, fields []string, fn func(*cdop.Case) error) error {
	if s.fields != nil {
		*s.fields = fields
	}
	for _, c := range s.cases {
		if !from.IsZero() && c.DateOfDeath.Before(from) || !to.IsZero() && c.DateOfDeath.After(to) {
			continue
		}
		if f.Stage != "" && c.Stage != f.Stage {
			continue
		}
		if err := fn(c.Clone()); err != nil {
			return err
		}
	}
	return nil
}

// mustKey returns an installation key kept in a temporary folder.
func mustKey(t testing.TB) extract.Key {
	t.Helper()
	path := filepath.Join(t.TempDir(), "pseudonym.key")
	k, err := extract.LoadOrCreateKey(path)
	if err != nil {
		t.Fatal(err)
	}
	keyFiles = append(keyFiles, path)
	return k
}

// result is an extract as written: its text, rows (header first) and manifest.
type result struct {
	csv      string
	rows     [][]string
	manifest *extract.Manifest
	json     string
}

// header is the extract's header row.
func (r result) header() []string { return r.rows[0] }

// data returns the rows without the header.
func (r result) data() [][]string { return r.rows[1:] }

// col returns the index of a column.
func (r result) col(t testing.TB, name string) int {
	t.Helper()
	for i, h := range r.header() {
		if h == name {
			return i
		}
	}
	t.Fatalf("no column %s in %q", name, r.header())
	return -1
}

func testOptions(key extract.Key) extract.Options {
	return extract.Options{Key: key, AppVersion: "test-1.0", File: "extract.csv", Clock: cdop.FixedClock(testNow)}
}

// mustExtract writes the extract of cases and reads it back.
func mustExtract(t testing.TB, cases []*cdop.Case, opts extract.Options) result {
	t.Helper()
	r, err := tryExtract(cases, opts)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func tryExtract(cases []*cdop.Case, opts extract.Options) (result, error) {
	var buf bytes.Buffer
	ctx := cdop.WithActor(context.Background(), "data.lead")
	m, err := extract.Write(ctx, sliceStreamer{cases: cases}, &buf, opts)
	if err != nil {
		return result{csv: buf.String()}, err
	}
	rows, err := csv.NewReader(strings.NewReader(buf.String())).ReadAll()
	if err != nil {
		return result{}, fmt.Errorf("reading the extract back: %w", err)
	}
	var js bytes.Buffer
	if err := m.WriteJSON(&js); err != nil {
		return result{}, err
	}
	return result{csv: buf.String(), rows: rows, manifest: m, json: js.String()}, nil
}

// quasiKey returns a row's quasi-identifiers as shown.
func (r result) quasiKey(row []string) string {
	return strings.Join(row[1:1+len(r.manifest.QuasiIdentifiers)], "\x00")
}

// groupSizes counts the rows sharing each combination of quasi-identifiers.
func (r result) groupSizes() map[string]int {
	out := map[string]int{}
	for _, row := range r.data() {
		out[r.quasiKey(row)]++
	}
	return out
}

// groupOutcomes returns, for each combination of quasi-identifiers, the
// modifiable outcomes recorded among its rows (blank is none recorded).
func (r result) groupOutcomes(t testing.TB) map[string]map[string]bool {
	col := r.col(t, "modifiable")
	out := map[string]map[string]bool{}
	for _, row := range r.data() {
		k := r.quasiKey(row)
		if out[k] == nil {
			out[k] = map[string]bool{}
		}
		if row[col] != "" {
			out[k][row[col]] = true
		}
	}
	return out
}

// checkKAnonymous fails the test when a row shares its quasi-identifiers
// with fewer than k−1 others, when a group holding an outcome holds fewer
// than l (the manifest's), when rows were dropped, or when the manifest's
// counts differ from the file's.
func checkKAnonymous(t *testing.T, r result, cases []*cdop.Case, k int) {
	t.Helper()
	if got := len(r.data()); got != len(cases) {
		t.Errorf("%d rows for %d cases", got, len(cases))
	}
	sizes := r.groupSizes()
	smallest := 0
	for key, n := range sizes {
		if n < k {
			t.Errorf("group %q has %d rows, fewer than k = %d", strings.ReplaceAll(key, "\x00", ","), n, k)
		}
		if smallest == 0 || n < smallest {
			smallest = n
		}
	}
	fewest := 0
	for key, outcomes := range r.groupOutcomes(t) {
		if n := len(outcomes); n > 0 && n < r.manifest.LRequested {
			t.Errorf("group %q holds the outcomes %v only, fewer than l = %d", strings.ReplaceAll(key, "\x00", ","), outcomes, r.manifest.LRequested)
		} else if n > 0 && (fewest == 0 || n < fewest) {
			fewest = n
		}
	}
	if r.manifest.LAchieved != fewest {
		t.Errorf("manifest: l achieved %d; the file's fewest outcomes in a group is %d", r.manifest.LAchieved, fewest)
	}
	checkManifestMatchesFile(t, r, smallest, len(sizes))
}

// checkManifestMatchesFile compares the manifest's counts with the file's.
func checkManifestMatchesFile(t *testing.T, r result, smallest, groups int) {
	t.Helper()
	m := r.manifest
	if m.Rows != len(r.data()) || m.KAchieved != smallest || m.Groups != groups {
		t.Errorf("manifest: rows %d, k achieved %d, groups %d; the file: %d, %d, %d",
			m.Rows, m.KAchieved, m.Groups, len(r.data()), smallest, groups)
	}
	if len(r.data()) > 0 && (!m.KMet() || !m.LMet()) {
		t.Errorf("manifest says k (%d) or l (%d) is not met: achieved %d, %d", m.KRequested, m.LRequested, m.KAchieved, m.LAchieved)
	}
	stars := map[string]int{}
	affected, full := 0, 0
	for _, row := range r.data() {
		n := 0
		for i, name := range m.QuasiIdentifiers {
			if row[1+i] == extract.Suppressed {
				stars[name]++
				n++
			}
		}
		if n > 0 {
			affected++
		}
		if n == len(m.QuasiIdentifiers) {
			full++
		}
	}
	if len(m.Suppression.Cells) != len(m.QuasiIdentifiers) {
		t.Errorf("manifest suppression lists %d columns, want the %d quasi-identifiers", len(m.Suppression.Cells), len(m.QuasiIdentifiers))
	}
	for _, c := range m.Suppression.Cells {
		if stars[c.Column] != c.Count {
			t.Errorf("manifest: %d values of %s suppressed; the file has %d", c.Count, c.Column, stars[c.Column])
		}
	}
	if m.Suppression.RowsAffected != affected || m.Suppression.RowsFullySuppressed != full {
		t.Errorf("manifest: %d rows with suppression, %d fully; the file: %d, %d",
			m.Suppression.RowsAffected, m.Suppression.RowsFullySuppressed, affected, full)
	}
	// Every quasi-identifier's level is stated, and a column left as
	// recorded has no row generalised; its loss is at least its stars.
	if len(m.Levels) != len(m.QuasiIdentifiers)-1 { // the period is two columns
		t.Errorf("manifest states %d levels for %d quasi-identifier columns", len(m.Levels), len(m.QuasiIdentifiers))
	}
	for _, l := range m.Levels {
		if l.LevelNumber == 0 && l.RowsGeneralised != 0 || l.RowsGeneralised > m.Rows || l.LevelNumber >= l.Of {
			t.Errorf("manifest level %+v", l)
		}
	}
	for _, l := range m.InformationLoss {
		if l.Loss < 0 || l.Loss > 1 || m.Rows > 0 && l.Loss+0.001 < float64(stars[l.Column])/float64(m.Rows) {
			t.Errorf("manifest: information lost in %s = %v with %d of %d values suppressed", l.Column, l.Loss, stars[l.Column], m.Rows)
		}
	}
	if slices.Contains(r.header(), "coded_factors") {
		coded, uncoded := 0, 0
		for _, row := range r.data() {
			if v := row[r.col(t, "coded_factors")]; v != "" {
				coded += len(strings.Split(v, " | "))
			}
			var n int
			fmt.Sscan(row[r.col(t, "uncoded_factors")], &n)
			uncoded += n
		}
		if m.Factors.Coded != coded || m.Factors.Uncoded != uncoded {
			t.Errorf("manifest: %d coded and %d uncoded factors; the file: %d, %d", m.Factors.Coded, m.Factors.Uncoded, coded, uncoded)
		}
	}
	var back extract.Manifest
	if err := json.Unmarshal([]byte(r.json), &back); err != nil {
		t.Errorf("manifest JSON: %v", err)
	}
}

// withIDs gives every case an internal ID and a reference, as the store does.
// counted returns the cases that count in the panel's figures: the demo's
// voided notification and transferred case are left out, as the extract
// leaves them out (TestExtract_LeavesOutVoidedAndTransferredCases), so that
// a test's cases are its rows.
func counted(cases []*cdop.Case) []*cdop.Case {
	return slices.DeleteFunc(cases, func(c *cdop.Case) bool { return !c.Counted() })
}

func withIDs(cases []*cdop.Case) []*cdop.Case {
	for i, c := range cases {
		if c.ID == "" {
			c.ID = uuid.NewString()
		}
		if c.Ref == "" {
			c.Ref = fmt.Sprintf("CDOP-%d-%04d", c.DateOfDeath.Year(), i+1)
		}
	}
	return cases
}

// demoCases returns synthetic cases with every field filled in: the demo's,
// and, where it leaves a field blank, made-up values with marker words
// that must never reach an extract.
func demoCases(years, perYear int, seed int64) []*cdop.Case {
	cases := counted(withIDs(demo.Generate(demo.Options{Years: years, PerYear: perYear, Seed: seed, Today: testToday})))
	for i, c := range cases {
		fill := func(s *string, v string) {
			if *s == "" {
				*s = v
			}
		}
		fill(&c.KeyWorker, fmt.Sprintf("Keyworkermarker %d", i))
		c.Summary += fmt.Sprintf(" Summarymarker%d.", i)
		fill(&c.Analysis.CauseOfDeath, fmt.Sprintf("Causemarker %d", i))
		c.Analysis.Learning = append(c.Analysis.Learning, fmt.Sprintf("Learningmarker %d", i))
		fill(&c.ParallelReviewOther, fmt.Sprintf("Reviewmarker %d", i))
		fill(&c.CDRMNotHeldReason, fmt.Sprintf("Reasonmarker %d", i))
		fill(&c.TimeOfDeath, "13:47")
		fill(&c.Postcode, "LS6 2QR")
		d := c.DateOfDeath
		for _, p := range []*cdop.Date{&c.NotifiedOn, &c.CSPRPNotifiedOn, &c.RapidReviewCompletedOn, &c.CDRMOn, &c.CDOPReviewOn,
			&c.FamilyToldCDRMOn, &c.FamilyToldCDOPReviewOn, &c.FamilyToldOutcomeOn, &c.Analysis.SignedOffOn} {
			d = d.AddDays(1 + i%9)
			if p.IsZero() {
				*p = d
			}
		}
		// Every other factor is picked from the catalogue, with its code.
		for dom := range c.Analysis.Domains {
			for j, f := range c.Analysis.Domains[dom].Factors {
				if j%2 == 0 {
					for _, e := range cdop.DefaultFactorCatalogue {
						if e.Domain == cdop.Domains[dom].Code {
							c.Analysis.FactorDetails = append(c.Analysis.FactorDetails, cdop.FactorDetail{Domain: e.Domain, Factor: f, Code: e.Code})
							break
						}
					}
				}
			}
		}
		c.Analysis.Domains[1].Factors = append(c.Analysis.Domains[1].Factors, fmt.Sprintf("Factormarker %d", i))
	}
	return cases
}

// rareCase returns a case unlike the demo's: a 17-year-old in a small
// authority, of a rare ethnic group, who died abroad.
func rareCase() *cdop.Case {
	c := cdop.NewCase()
	c.ID = uuid.NewString()
	c.Ref = "CDOP-2024-9999"
	c.FirstName, c.LastName = "Zebedee", "Quuxington-Farthingale"
	c.DateOfBirth = cdop.MustParseDate("2006-08-03")
	c.DateOfDeath = cdop.MustParseDate("2024-07-19")
	c.TimeOfDeath = "23:05"
	c.Sex = "male"
	c.NHSNumber = "9990001234"
	c.Postcode = "LE15 6HP"
	c.Ethnicity = "R"
	c.IMDDecile = 10
	c.ResidenceLA = "E06000017" // Rutland
	c.PlaceOfDeath = "abroad"
	c.Expected = "unexpected"
	c.NotifiedOn = cdop.MustParseDate("2024-07-22")
	c.JAR = "yes"
	c.KeyWorker = "Keyworkermarker rare"
	c.Stage = cdop.StageInformationGathering
	c.Summary = "Summarymarker rare: drowned on a school trip to Lake Quuxmere."
	return c
}
