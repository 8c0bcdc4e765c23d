package extract_test

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/uuid"

	"casemanager/cdop"
	"casemanager/extract"
)

// dateForms returns a date as people and programs write it.
func dateForms(d cdop.Date) []string {
	t := d.Time()
	return []string{
		t.Format("2006-01-02"), t.Format("02/01/2006"), t.Format("2/1/2006"), t.Format("01/02/2006"),
		t.Format("02-01-2006"), t.Format("02.01.2006"), t.Format("20060102"), t.Format("2 Jan 2006"),
		t.Format("2 January 2006"), t.Format("January 2, 2006"), t.Format("Jan 2, 2006"), t.Format("02/01/06"),
		t.Format("2006/01/02"),
	}
}

var wordRE = regexp.MustCompile(`[\p{L}]+`)

func words(s string) map[string]bool {
	out := map[string]bool{}
	for _, w := range wordRE.FindAllString(strings.ToLower(s), -1) {
		out[w] = true
	}
	return out
}

// TestExtract_NoIdentifiers extracts demo cases with every field filled in,
// and hand-made adversarial ones, and looks in the extract and its manifest
// for anything taken from the records: names (any part), NHS numbers in
// either form, every date in many forms, postcodes, the key worker, the
// reference and ID, and the free text's marker words.
func TestExtract_NoIdentifiers(t *testing.T) {
	cases := demoCases(3, 80, 11)
	// Adversarial cases: free text typed where codes belong.
	for i := range 5 {
		c := rareCase()
		c.ID, c.Ref = uuid.NewString(), fmt.Sprintf("CDOP-2024-99%02d", i)
		c.NHSNumber = fmt.Sprintf("99900012%02d", i)
		c.DateOfDeath = c.DateOfDeath.AddDays(i)
		c.ResidenceLA = "12 Acacia Avenue, Leeds LS6 2QR" // an address typed as the authority
		c.Sex = "Zebedee"                                 // free text in a coded field
		c.PlaceOfDeath = "Lake Quuxmere"
		c.Expected = "Quuxington said so"
		c.Analysis.Modifiable = "Farthingale"
		c.Analysis.Domains[0].Factors = []string{"Quuxington's asthma", "Zebedee's school"}
		c.Analysis.FactorDetails = []cdop.FactorDetail{
			{Domain: "a", Factor: "Quuxington's asthma", Code: "QUUXINGTON"}, // a name as a code
			{Domain: "a", Factor: "Zebedee's school", Code: "A01 Zebedee"},
		}
		cases = append(cases, c)
	}
	key := mustKey(t)
	keyText := keyFileText(t, key)
	opts := testOptions(key)
	opts.File = "cdop-extract.csv"
	r := mustExtract(t, cases, opts)
	checkKAnonymous(t, r, cases, extract.DefaultK)

	// The words of the documentation: an extract of no case has them all.
	baseline := mustExtract(t, nil, opts)
	allowed := words(baseline.json)
	for _, c := range cases {
		if name, ok := extractLAName(c.ResidenceLA); ok {
			for w := range words(name) {
				allowed[w] = true
			}
		}
	}
	// The pseudonyms and key IDs are hex digits, which may spell a word or
	// a number by chance: they are HMAC output and carry nothing else.
	out := r.csv + "\n" + r.json
	for _, row := range r.data() {
		out = strings.ReplaceAll(out, row[0], "")
	}
	out = strings.ReplaceAll(out, key.ID(), "")
	outWords := words(out)
	for _, c := range cases {
		for w := range words(c.FirstName + " " + c.LastName) {
			if len([]rune(w)) >= 3 && outWords[w] && !allowed[w] {
				t.Errorf("%s: part of the name %q, %q, is in the extract", c.Ref, w, c.FullName())
			}
		}
		var forbidden []string
		if c.NHSNumber != "" {
			forbidden = append(forbidden, c.NHSNumber, cdop.FormatNHSNumber(c.NHSNumber), c.NHSNumber[3:])
		}
		if c.Postcode != "" {
			forbidden = append(forbidden, c.Postcode, strings.ReplaceAll(c.Postcode, " ", ""))
			outward, _, _ := strings.Cut(c.Postcode, " ")
			if regexp.MustCompile(`\b` + outward + `\b`).MatchString(out) {
				t.Errorf("%s: the postcode district %s is in the extract", c.Ref, outward)
			}
		}
		forbidden = append(forbidden, c.Ref, c.ID, c.KeyWorker, c.TimeOfDeath)
		for _, d := range []cdop.Date{c.DateOfBirth, c.DateOfDeath, c.NotifiedOn, c.CSPRPNotifiedOn, c.RapidReviewCompletedOn,
			c.CDRMOn, c.CDOPReviewOn, c.FamilyToldCDRMOn, c.FamilyToldCDOPReviewOn, c.FamilyToldOutcomeOn, c.Analysis.SignedOffOn} {
			if !d.IsZero() {
				forbidden = append(forbidden, dateForms(d)...)
			}
		}
		for _, f := range forbidden {
			if f != "" && strings.Contains(out, f) {
				t.Errorf("%s: %q is in the extract", c.Ref, f)
			}
		}
		// Free text: every word of it that the documentation does not use.
		free := c.Summary + " " + c.Analysis.CauseOfDeath + " " + strings.Join(c.Analysis.Learning, " ") + " " +
			c.ParallelReviewOther + " " + c.CDRMNotHeldReason + " " + c.KeyWorker
		for _, d := range c.Analysis.Domains {
			free += " " + strings.Join(d.Factors, " ")
		}
		for w := range words(free) {
			if strings.Contains(w, "marker") && outWords[w] {
				t.Errorf("%s: the free text's %q is in the extract", c.Ref, w)
			}
			if len(w) >= 6 && outWords[w] && !allowed[w] {
				t.Errorf("%s: the free text's %q is in the extract", c.Ref, w)
			}
		}
	}
	if strings.Contains(strings.ToLower(out), "marker") {
		t.Error("a marker word of the free text is in the extract")
	}
	if strings.Contains(out, keyText) || strings.Contains(out, strings.ToUpper(keyText)) {
		t.Error("the pseudonym key is in the extract")
	}
	// The typed free text in coded fields is withheld, counted.
	withheld := map[string]int{}
	for _, w := range r.manifest.Withheld {
		withheld[w.Column] = w.Count
	}
	for _, c := range []string{"sex", "place_of_death", "expected", "modifiable", "residence_la"} {
		if withheld[c] != 5 {
			t.Errorf("%d values of %s withheld, want the 5 typed", withheld[c], c)
		}
	}
	if r.manifest.Factors.CodesNotInCatalogue != 10 {
		t.Errorf("%d factor codes outside the catalogue, want 10", r.manifest.Factors.CodesNotInCatalogue)
	}
	// Only the expected columns: the extract's own, then the fields the
	// registry shows by code (never an identifier); and every date-like
	// value is a year or a span.
	want := []string{"pseudonym", "year_of_death", "financial_year", "age_band", "sex", "ethnic_group", "imd_decile",
		"residence_la", "place_of_death", "expected", "jar", "category"}
	for _, f := range cdop.FieldsWhere(func(f *cdop.Field) bool { return f.Extract == cdop.ExtractCode }) {
		if f.Disclosure == cdop.Identifier {
			t.Errorf("%s is an identifier, yet an extract column", f.Name)
		}
		if f.Disclosure != cdop.QuasiIdentifier {
			want = append(want, f.Name)
		}
	}
	want = append(want, "coded_factors", "uncoded_factors", "days_to_notification", "days_to_cdrm", "days_to_cdop_review")
	if !slices.Equal(r.header(), want) {
		t.Errorf("header = %q\nwant %q", r.header(), want)
	}
	for _, name := range []string{"expected", "jar", "stage", "category", "domain_a_score", "modifiable"} {
		if !slices.Contains(r.header(), name) {
			t.Errorf("the extract has no column %s", name)
		}
	}
	yearRE := regexp.MustCompile(`^(\*|\d{4}(-\d{4})?)$`)
	fyRE := regexp.MustCompile(`^(\*|\d{4}/\d{2}(-\d{4}/\d{2})?)$`)
	for _, row := range r.data() {
		if y := row[r.col(t, "year_of_death")]; !yearRE.MatchString(y) {
			t.Errorf("year_of_death %q", y)
		}
		if fy := row[r.col(t, "financial_year")]; !fyRE.MatchString(fy) {
			t.Errorf("financial_year %q", fy)
		}
	}
}

// extractLAName reads residence text as the extract does: the names of
// local authorities are shown, anything else is not.
func extractLAName(s string) (string, bool) {
	return s, cdop.ResidenceChoices.Has(s)
}

func keyFileText(t *testing.T, k extract.Key) string {
	t.Helper()
	// The key's file is the only place its bytes are: find it by its ID.
	for _, path := range keyFiles {
		b, err := os.ReadFile(path)
		if err != nil {
			continue
		}
		secret, _ := hex.DecodeString(strings.TrimSpace(string(b)))
		sum := sha256.Sum256(secret)
		if hex.EncodeToString(sum[:4]) == k.ID() {
			return strings.TrimSpace(string(b))
		}
	}
	t.Fatalf("no key file for %s", k)
	return ""
}

// keyFiles lists the key files tests made with newKeyFile.
var keyFiles []string

// newKeyFile returns the path of a new installation key file and its key.
func newKeyFile(t *testing.T) (string, extract.Key) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "data", "pseudonym.key")
	k, err := extract.LoadOrCreateKey(path)
	if err != nil {
		t.Fatal(err)
	}
	keyFiles = append(keyFiles, path)
	return path, k
}

// TestExtract_KAnonymityOnAdversarialData gives the extract a footprint
// with one death of a rare combination: a 17-year-old in a small authority,
// of a rare ethnic group, who died abroad, in the most affluent decile.
func TestExtract_KAnonymityOnAdversarialData(t *testing.T) {
	cases := demoCases(1, 60, 5)
	rare := rareCase()
	cases = append(cases, rare)
	key := mustKey(t)
	r := mustExtract(t, cases, testOptions(key))
	checkKAnonymous(t, r, cases, extract.DefaultK)

	var row []string
	for _, x := range r.data() {
		if x[0] == key.Pseudonym(rare.ID) {
			row = x
		}
	}
	if row == nil {
		t.Fatal("the rare case's row is missing")
	}
	shown := strings.Join(row[1:1+len(r.manifest.QuasiIdentifiers)], ",")
	if strings.Contains(shown, "E06000017") && strings.Contains(shown, "Other") && strings.Contains(shown, "abroad") {
		t.Errorf("the rare row still shows its rare values: %s", shown)
	}
	if sizes := r.groupSizes(); sizes[r.quasiKey(row)] < extract.DefaultK {
		t.Errorf("the rare row's group has %d rows", sizes[r.quasiKey(row)])
	}
}

// TestExtract_KAnonymityProperty extracts many random small datasets with
// many distinct values, spilling runs to temporary files, and checks k,
// every row kept, and the manifest against the file.
func TestExtract_KAnonymityProperty(t *testing.T) {
	defer extract.SetRunRows(7, 3)()
	key := mustKey(t)
	las := []string{"E08000035", "E08000032", "E06000017", "E08000034", "E08000033", "E08000036", "E06000014", ""}
	for seed := range 150 {
		rng := rand.New(rand.NewPCG(uint64(seed), 42))
		k := 2 + rng.IntN(5)
		n := k + rng.IntN(70)
		if seed%10 == 0 {
			n = k // the smallest extract there can be
		}
		var cases []*cdop.Case
		for range n {
			c := cdop.NewCase()
			c.ID = uuid.NewString()
			c.DateOfDeath = cdop.NewDate(2018+rng.IntN(7), 1, 1).AddDays(rng.IntN(365))
			c.DateOfBirth = c.DateOfDeath.AddDays(-rng.IntN(18 * 365))
			c.Sex = cdop.Sexes[rng.IntN(len(cdop.Sexes))].Code
			c.Ethnicity = cdop.EthnicCategories[rng.IntN(len(cdop.EthnicCategories))].Code
			c.IMDDecile = rng.IntN(11)
			c.ResidenceLA = las[rng.IntN(len(las))]
			c.PlaceOfDeath = cdop.PlacesOfDeath[rng.IntN(len(cdop.PlacesOfDeath))].Code
			c.Stage = cdop.StageNotified
			if rng.IntN(4) == 0 { // clusters, as real data has
				c.Sex, c.IMDDecile, c.ResidenceLA, c.PlaceOfDeath = "male", 1, "E08000035", "hospital"
			}
			cases = append(cases, c)
		}
		opts := testOptions(key)
		opts.K = k
		t.Run(fmt.Sprintf("seed%d_k%d_n%d", seed, k, n), func(t *testing.T) {
			r := mustExtract(t, cases, opts)
			checkKAnonymous(t, r, cases, k)
			seen := map[string]bool{}
			for _, row := range r.data() {
				seen[row[0]] = true
			}
			for _, c := range cases {
				if !seen[key.Pseudonym(c.ID)] {
					t.Errorf("case %s has no row", c.ID)
				}
			}
		})
	}
}

// TestExtract_CountsALevelUpWhenCombinationsAreMany: past its budget of
// combinations the extract counts the most varied quasi-identifier a level
// up, so memory stays flat; the extract is still safe, and no column is
// shown finer than it was counted.
func TestExtract_CountsALevelUpWhenCombinationsAreMany(t *testing.T) {
	defer extract.SetMaxCounts(40)()
	cases := demoCases(2, 60, 4)
	r := mustExtract(t, cases, testOptions(mustKey(t)))
	checkKAnonymous(t, r, cases, 5)
	raised := 0
	for _, l := range r.manifest.Levels {
		raised += l.LevelNumber
	}
	if raised == 0 {
		t.Error("nothing was generalised with a budget of 40 combinations")
	}
}

// TestExtract_EveryFieldSuppressedStillMakesK: a case unlike the others in
// every quasi-identifier cannot hide by suppressing some of them; its
// group of rows with all of them suppressed takes rows from a larger group.
func TestExtract_EveryFieldSuppressedStillMakesK(t *testing.T) {
	var cases []*cdop.Case
	common := func() *cdop.Case {
		c := cdop.NewCase()
		c.ID = uuid.NewString()
		c.DateOfDeath, c.DateOfBirth = cdop.MustParseDate("2024-06-01"), cdop.MustParseDate("2024-05-30")
		c.Sex, c.Ethnicity, c.IMDDecile, c.ResidenceLA, c.PlaceOfDeath = "female", "A", 2, "E08000035", "hospital"
		return c
	}
	for range 9 {
		cases = append(cases, common())
	}
	odd := cdop.NewCase()
	odd.ID = uuid.NewString()
	odd.DateOfDeath, odd.DateOfBirth = cdop.MustParseDate("2019-02-01"), cdop.MustParseDate("2002-03-01")
	odd.Sex, odd.Ethnicity, odd.IMDDecile, odd.ResidenceLA, odd.PlaceOfDeath = "male", "M", 9, "E06000017", "abroad"
	cases = append(cases, odd)
	r := mustExtract(t, cases, testOptions(mustKey(t)))
	checkKAnonymous(t, r, cases, 5)
	if n := r.manifest.Suppression.RowsFullySuppressed; n != 0 && n < 5 {
		t.Errorf("%d rows fully suppressed: fewer than k", n)
	}

	// With exactly k rows in the other group, the whole group joins.
	cases = append(cases[:5:5], odd)
	r = mustExtract(t, cases, testOptions(mustKey(t)))
	checkKAnonymous(t, r, cases, 5)
}

func TestExtract_TooFewCasesWritesNothing(t *testing.T) {
	cases := demoCases(1, 5, 3)[:4]
	r, err := tryExtract(cases, testOptions(mustKey(t)))
	if cdop.ErrorCode(err) != cdop.EINVALID || !strings.Contains(err.Error(), "only 4 case(s)") {
		t.Errorf("4 cases, k = 5: error %v, want EINVALID naming the 4 cases", err)
	}
	if r.csv != "" {
		t.Errorf("wrote %q", r.csv)
	}

	// No case at all: the header, and a manifest saying so.
	r = mustExtract(t, nil, testOptions(mustKey(t)))
	if len(r.rows) != 1 || r.manifest.Rows != 0 || r.manifest.KAchieved != 0 || !r.manifest.KMet() {
		t.Errorf("no cases: rows %q, manifest rows %d, k achieved %d", r.rows, r.manifest.Rows, r.manifest.KAchieved)
	}
}

func TestExtract_RefusesBadOptions(t *testing.T) {
	cases := demoCases(1, 10, 3)
	for name, opts := range map[string]extract.Options{
		"k of 1":       {Key: mustKey(t), K: 1},
		"l of 5":       {Key: mustKey(t), L: 5},
		"l of -1":      {Key: mustKey(t), L: -1},
		"no key":       {},
		"period ended": {Key: mustKey(t), From: cdop.MustParseDate("2025-01-01"), To: cdop.MustParseDate("2024-01-01")},
	} {
		if _, err := tryExtract(cases, opts); cdop.ErrorCode(err) != cdop.EINVALID {
			t.Errorf("%s: error %v, want EINVALID", name, err)
		}
	}
}

// TestExtract_LDiversity: every group tells no outcome; l cannot be met
// where fewer outcomes are recorded than l, and l = 1 asks for none.
func TestExtract_LDiversity(t *testing.T) {
	var cases []*cdop.Case
	for i := range 12 {
		c := cdop.NewCase()
		c.ID = uuid.NewString()
		c.DateOfDeath, c.DateOfBirth = cdop.MustParseDate("2024-06-01"), cdop.MustParseDate("2020-01-01")
		c.Sex, c.Ethnicity, c.ResidenceLA, c.PlaceOfDeath = []string{"male", "female"}[i%2], "A", "E08000035", "home"
		c.Analysis.Modifiable = "none"
		if i%2 == 0 && i < 6 {
			c.Analysis.Modifiable = "identified" // the boys' group alone would tell "identified"
		}
		cases = append(cases, c)
	}
	r := mustExtract(t, cases, testOptions(mustKey(t)))
	checkKAnonymous(t, r, cases, 5)
	if r.manifest.LAchieved < 2 {
		t.Errorf("l achieved %d", r.manifest.LAchieved)
	}
	opts := testOptions(mustKey(t))
	opts.L = 3
	if _, err := tryExtract(cases, opts); cdop.ErrorCode(err) != cdop.EINVALID || !strings.Contains(err.Error(), "only 2 different modifiable outcome") {
		t.Errorf("l = 3 with 2 outcomes recorded: %v; want a refusal saying so", err)
	}
	opts.L = 1
	r = mustExtract(t, cases, opts)
	checkKAnonymous(t, r, cases, 5)
}

// TestPseudonyms: the installation key gives a case the same pseudonym in
// every extract, HMAC-SHA-256 of its ID; an unlinkable extract's match
// nothing, not even another unlinkable extract's.
func TestPseudonyms(t *testing.T) {
	cases := demoCases(2, 40, 9)
	path, key := newKeyFile(t)
	again, err := extract.LoadOrCreateKey(path)
	if err != nil {
		t.Fatal(err)
	}
	if again.ID() != key.ID() {
		t.Fatalf("the key changed on loading it again: %s, then %s", key.ID(), again.ID())
	}
	secret, _ := hex.DecodeString(keyFileText(t, key))
	all := pseudonyms(mustExtract(t, cases, testOptions(key)))
	opts := testOptions(again)
	opts.From, opts.To = cdop.MustParseDate("2024-04-01"), cdop.MustParseDate("2025-03-31")
	part := mustExtract(t, cases, opts)
	if len(part.data()) == 0 || len(part.data()) == len(cases) {
		t.Fatalf("the period holds %d of %d cases", len(part.data()), len(cases))
	}
	for _, c := range cases {
		mac := hmac.New(sha256.New, secret)
		mac.Write([]byte(c.ID))
		want := hex.EncodeToString(mac.Sum(nil))[:extract.PseudonymLength]
		if !all[want] {
			t.Errorf("%s: no row with pseudonym %s (HMAC-SHA-256 of its ID)", c.Ref, want)
		}
		if got := key.Pseudonym(c.ID); got != want {
			t.Errorf("%s: Pseudonym = %s, want %s", c.Ref, got, want)
		}
	}
	for p := range pseudonyms(part) {
		if !all[p] {
			t.Errorf("pseudonym %s of the second extract is not in the first", p)
		}
	}
	if part.manifest.Pseudonyms.KeyID != key.ID() || part.manifest.Pseudonyms.Unlinkable {
		t.Errorf("manifest pseudonyms = %+v, want key %s, linkable", part.manifest.Pseudonyms, key.ID())
	}

	opts = testOptions(key)
	opts.Unlinkable = true
	u1, u2 := mustExtract(t, cases, opts), mustExtract(t, cases, opts)
	p1, p2 := pseudonyms(u1), pseudonyms(u2)
	if len(p1) != len(cases) || len(p2) != len(cases) {
		t.Fatalf("unlinkable extracts have %d and %d distinct pseudonyms for %d cases", len(p1), len(p2), len(cases))
	}
	for p := range p1 {
		if all[p] || p2[p] {
			t.Errorf("unlinkable pseudonym %s appears in another extract", p)
		}
	}
	if m := u1.manifest.Pseudonyms; !m.Unlinkable || m.KeyID == key.ID() || m.KeyID == u2.manifest.Pseudonyms.KeyID {
		t.Errorf("unlinkable manifests' pseudonyms = %+v and %+v", m, u2.manifest.Pseudonyms)
	}
	// Rows come in pseudonym order, so their order says nothing else.
	for _, r := range []result{u1, u2, part} {
		if !slices.IsSortedFunc(r.data(), func(a, b []string) int { return strings.Compare(a[0], b[0]) }) {
			t.Error("rows are not in pseudonym order")
		}
	}
}

func pseudonyms(r result) map[string]bool {
	out := map[string]bool{}
	for _, row := range r.data() {
		out[row[0]] = true
	}
	return out
}

func TestLoadOrCreateKey(t *testing.T) {
	path, key := newKeyFile(t)
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm() != 0o600 {
		t.Errorf("key file mode %04o, want 0600", info.Mode().Perm())
	}
	text := keyFileText(t, key)
	if len(text) != 64 {
		t.Errorf("key file holds %d hex digits, want 64", len(text))
	}
	js, _ := json.Marshal(key) //lint:ignore SA9005 marshalling the key must show nothing of it, which is the point of the test
	for _, shown := range []string{fmt.Sprint(key), fmt.Sprintf("%v %+v %#v %s", key, key, key, key), string(js)} {
		if strings.Contains(shown, text) || strings.Contains(shown, text[:16]) {
			t.Errorf("printing the key shows its bytes: %s", shown)
		}
	}
	if len(key.ID()) != 8 || !strings.Contains(fmt.Sprint(key), key.ID()) {
		t.Errorf("key ID %q; printed %q", key.ID(), fmt.Sprint(key))
	}

	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := extract.LoadOrCreateKey(path); err == nil || !strings.Contains(err.Error(), "chmod 600") {
		t.Errorf("a key readable by others: error %v, want a refusal", err)
	}
	os.Chmod(path, 0o600)
	if err := os.WriteFile(path, []byte("not a key\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := extract.LoadOrCreateKey(path); cdop.ErrorCode(err) != cdop.EINVALID || !strings.Contains(err.Error(), "damaged") {
		t.Errorf("a damaged key: error %v, want EINVALID", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "not a key\n" {
		t.Error("the damaged key file was replaced")
	}
}

// TestFinancialYear checks the April boundary and the century.
func TestFinancialYear(t *testing.T) {
	for day, want := range map[string]string{
		"2024-03-31": "2023/24",
		"2024-04-01": "2024/25",
		"2025-03-31": "2024/25",
		"2024-12-31": "2024/25",
		"2000-01-01": "1999/00",
		"1999-04-01": "1999/00",
		"2099-04-01": "2099/00",
		"":           "",
	} {
		d, _ := cdop.ParseDate(day)
		if got := extract.FinancialYear(d); got != want {
			t.Errorf("FinancialYear(%s) = %q, want %q", day, got, want)
		}
	}

	// In an extract: deaths on 31 March and 1 April, five of each.
	var cases []*cdop.Case
	for _, day := range []string{"2024-03-31", "2024-04-01", "2025-03-31", "2025-04-01"} {
		for range 5 {
			c := cdop.NewCase()
			c.ID = uuid.NewString()
			c.DateOfDeath = cdop.MustParseDate(day)
			c.DateOfBirth = c.DateOfDeath.AddDays(-400)
			c.Sex, c.Ethnicity = "female", "A"
			cases = append(cases, c)
		}
	}
	opts := testOptions(mustKey(t))
	opts.From, opts.To = cdop.MustParseDate("2024-03-31"), cdop.MustParseDate("2025-03-31")
	r := mustExtract(t, cases, opts)
	checkKAnonymous(t, r, cases[:15], 5)
	got := map[string]int{}
	for _, row := range r.data() {
		got[row[1]+" "+row[2]]++
	}
	want := map[string]int{"2024 2023/24": 5, "2024 2024/25": 5, "2025 2024/25": 5}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("years and financial years = %v, want %v (the period's ends included, 1 April 2025 not)", got, want)
	}
}

// TestExtract_Generalises: a data set where generalising is cheaper than
// suppressing, and the manifest says what was generalised.
func TestExtract_Generalises(t *testing.T) {
	var cases []*cdop.Case
	// Every decile once per group of five, so deciles are unique and
	// quintiles are not.
	for i := range 40 {
		c := cdop.NewCase()
		c.ID = uuid.NewString()
		c.DateOfDeath = cdop.MustParseDate("2024-06-01").AddDays(i % 7)
		c.DateOfBirth = c.DateOfDeath.AddDays(-3000)
		c.Sex, c.Ethnicity, c.ResidenceLA, c.PlaceOfDeath = "male", "A", "E08000035", "home"
		c.IMDDecile = 1 + i%10
		cases = append(cases, c)
	}
	r := mustExtract(t, cases, testOptions(mustKey(t)))
	checkKAnonymous(t, r, cases, 5)
	if len(r.manifest.Generalisations) != 1 || r.manifest.Generalisations[0].Column != "imd_decile" ||
		r.manifest.Generalisations[0].Level != "quintile" || r.manifest.Generalisations[0].Rows != 40 {
		t.Errorf("generalisations = %+v, want imd_decile to quintiles for 40 rows", r.manifest.Generalisations)
	}
	if r.manifest.TotalSuppressed() != 0 {
		t.Errorf("%d values suppressed, want none", r.manifest.TotalSuppressed())
	}
	if v := r.data()[0][r.col(t, "imd_decile")]; !regexp.MustCompile(`^\d+-\d+$`).MatchString(v) {
		t.Errorf("imd_decile %q, want a quintile as a range of deciles", v)
	}
}

// TestExtract_Factors: coded factors by code, typed ones counted, codes not
// in the catalogue counted as typed.
func TestExtract_Factors(t *testing.T) {
	var cases []*cdop.Case
	for range 5 {
		c := cdop.NewCase()
		c.ID = uuid.NewString()
		c.DateOfDeath, c.DateOfBirth = cdop.MustParseDate("2024-06-01"), cdop.MustParseDate("2024-01-01")
		c.Analysis.Domains[0] = cdop.DomainEntry{Score: cdop.ScoreOf(2), Factors: []string{"Born at 26 weeks", "Grandmother Quuxington's cat"}}
		c.Analysis.Domains[1] = cdop.DomainEntry{Score: cdop.ScoreOf(2), Factors: []string{"Mother's partner", "Typed only"}}
		c.Analysis.Domains[3] = cdop.DomainEntry{Score: cdop.ScoreOf(1)}
		c.Analysis.FactorDetails = []cdop.FactorDetail{
			{Domain: "a", Factor: "born at 26 weeks", Code: "A01"},
			{Domain: "a", Factor: "Grandmother Quuxington's cat", Code: "AL01"}, // the panel's own, catalogued below
			{Domain: "b", Factor: "Mother's partner", Code: "b04"},
		}
		cases = append(cases, c)
	}
	opts := testOptions(mustKey(t))
	r := mustExtract(t, cases, opts)
	row := r.data()[0]
	if got := row[r.col(t, "coded_factors")]; got != "A01 | B04" {
		t.Errorf("coded_factors = %q, want A01 | B04 (AL01 is not in the national catalogue)", got)
	}
	if got := row[r.col(t, "uncoded_factors")]; got != "2" {
		t.Errorf("uncoded_factors = %q, want 2", got)
	}
	if got := row[r.col(t, "domain_a_score")] + row[r.col(t, "domain_c_score")] + row[r.col(t, "domain_d_score")]; got != "21" {
		t.Errorf("scores a, c, d = %q, want 2, blank, 1", got)
	}
	checkKAnonymous(t, r, cases, 5)

	opts.Catalogue = append(slices.Clone(cdop.DefaultFactorCatalogue), cdop.FactorCatalogueEntry{Code: "AL01", Domain: "a", Text: "Pets"})
	r = mustExtract(t, cases, opts)
	if got := r.data()[0][r.col(t, "coded_factors")]; got != "A01 | AL01 | B04" {
		t.Errorf("with the panel's catalogue, coded_factors = %q", got)
	}
	if !strings.Contains(r.json, `"AL01"`) {
		t.Error("the manifest does not list the panel's own code")
	}
	for _, text := range []string{"Quuxington", "26 weeks", "partner", "Typed only"} {
		if strings.Contains(r.csv+r.json, text) {
			t.Errorf("factor text %q is in the extract", text)
		}
	}
}

func TestManifestPath(t *testing.T) {
	for in, want := range map[string]string{
		"out/extract.csv": "out/extract.manifest.json",
		"EXTRACT.CSV":     "EXTRACT.manifest.json",
		"data":            "data.manifest.json",
	} {
		if got := extract.ManifestPath(in); got != want {
			t.Errorf("ManifestPath(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestManifest_SummaryAndAudit(t *testing.T) {
	cases := demoCases(1, 60, 2)
	opts := testOptions(mustKey(t))
	opts.From, opts.To = cdop.MustParseDate("2024-06-01"), cdop.MustParseDate("2025-05-31")
	r := mustExtract(t, cases, opts)
	m := r.manifest
	if m.ProducedBy != "data.lead" || !m.ProducedAt.Equal(testNow) || m.AppVersion != "test-1.0" || m.Period.From != "2024-06-01" {
		t.Errorf("manifest = by %q at %v, version %q, from %q", m.ProducedBy, m.ProducedAt, m.AppVersion, m.Period.From)
	}
	s := m.Summary()
	for _, want := range []string{fmt.Sprintf("%d rows", m.Rows), fmt.Sprintf("k requested 5, achieved %d", m.KAchieved),
		fmt.Sprintf("l requested 2, achieved %d", m.LAchieved), "information lost", "suppressed", m.Pseudonyms.KeyID} {
		if !strings.Contains(s, want) {
			t.Errorf("summary lacks %q:\n%s", want, s)
		}
	}
	fields := map[string]string{}
	for _, c := range m.AuditChanges() {
		fields[c.Field] = c.New
	}
	if fields["rows"] != strconv.Itoa(m.Rows) || fields["key_id"] != m.Pseudonyms.KeyID || fields["k_achieved"] != strconv.Itoa(m.KAchieved) ||
		fields["l_requested"] != "2" || fields["l_achieved"] != strconv.Itoa(m.LAchieved) ||
		fields["period_to"] != "2025-05-31" || fields["unlinkable"] != "no" || fields["file"] != "extract.csv" {
		t.Errorf("audit summary = %v", fields)
	}
	var doc map[string]any
	if err := json.Unmarshal([]byte(r.json), &doc); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"produced_at", "produced_by", "period", "rows", "k_requested", "k_achieved", "l_requested", "l_achieved",
		"hierarchy_levels", "generalisations", "suppression", "information_loss", "columns", "pseudonyms", "app_version", "never_included"} {
		if _, ok := doc[key]; !ok {
			t.Errorf("manifest lacks %q", key)
		}
	}
}

// TestExtract_StopsAtTheStreamersError passes the source's error on.
func TestExtract_StopsAtTheStreamersError(t *testing.T) {
	var buf bytes.Buffer
	_, err := extract.Write(context.Background(), failing{}, &buf, testOptions(mustKey(t)))
	if err == nil || !strings.Contains(err.Error(), "disk on fire") {
		t.Errorf("error %v, want the streamer's", err)
	}
}

type failing struct{}

func (failing) EachCaseFields(context.Context, cdop.CaseFilter, cdop.Date, cdop.Date, []string, func(*cdop.Case) error) error {
	return fmt.Errorf("disk on fire")
}

// TestExtract_CellsASpreadsheetWouldRunAreProtected: text that starts like
// a formula ("-NOW()") never reaches an extract: every value is a code of
// its column's list, and anything else recorded (here where a local
// authority's code belongs) is withheld. The extract is written by safecsv
// all the same.
func TestExtract_CellsASpreadsheetWouldRunAreProtected(t *testing.T) {
	var cases []*cdop.Case
	for range 6 {
		c := cdop.NewCase()
		c.ID = uuid.NewString()
		c.DateOfDeath, c.DateOfBirth = cdop.MustParseDate("2024-06-01"), cdop.MustParseDate("2024-05-30")
		c.Sex, c.Ethnicity, c.IMDDecile, c.ResidenceLA, c.PlaceOfDeath = "female", "A", 2, "-NOW()", "hospital"
		cases = append(cases, c)
	}
	r := mustExtract(t, cases, testOptions(mustKey(t)))
	if strings.Contains(r.csv, "NOW()") || !strings.Contains(r.csv, ","+extract.Withheld+",") {
		t.Errorf("the residence is not withheld:\n%s", r.csv)
	}
}

// A voided notification and a case transferred to another panel are no
// deaths of this panel's figures: the extract leaves them out.
func TestExtract_LeavesOutVoidedAndTransferredCases(t *testing.T) {
	cases := demoCases(2, 40, 7)
	before := mustExtract(t, cases, testOptions(mustKey(t)))
	cases[3].VoidedReason = "Logged in error: notified twice"
	cases[8].TransferredTo, cases[8].TransferredOn = "Kent and Medway CDOP", cases[8].DateOfDeath.AddDays(3)
	after := mustExtract(t, cases, testOptions(mustKey(t)))
	if after.manifest.Rows != before.manifest.Rows-2 || len(after.data()) != len(before.data())-2 {
		t.Errorf("rows %d, then %d with one voided and one transferred; want 2 fewer", before.manifest.Rows, after.manifest.Rows)
	}
	for _, name := range []string{"voided_reason", "transferred_to"} {
		if !slices.Contains(extract.Fields, name) {
			t.Errorf("the extract does not read %s, so it cannot leave the case out", name)
		}
	}
	if strings.Contains(after.csv, "Kent") || strings.Contains(after.csv, "notified twice") {
		t.Error("the extract shows what it read only to leave the case out")
	}
}
