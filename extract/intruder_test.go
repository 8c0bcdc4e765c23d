package extract_test

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"casemanager/cdop"
	"casemanager/demo"
	"casemanager/extract"
)

// demoPanel is the intruder's target: ten years of a 60-a-year panel.
func demoPanel(seed int64) []*cdop.Case {
	return counted(withIDs(demo.Generate(demo.Options{Years: 10, PerYear: 60, Seed: seed, Today: testToday})))
}

// TestIntruder_EveryRowHidesOnEverySubset plays the motivated intruder of
// the ICO's test against extracts of a 10-year, 60-a-year demo panel: who
// knows any of a child's quasi-identifiers (a news story gives the period,
// age, sex, area and how the child died) finds at least k rows showing
// them, for every subset of the quasi-identifiers; and every group of rows
// sharing them all holds at least l different outcomes, so finding it does
// not tell the panel's outcome.
func TestIntruder_EveryRowHidesOnEverySubset(t *testing.T) {
	for _, tc := range []struct {
		seed       int64
		k, l       int
		unlinkable bool
	}{{1, 5, 2, false}, {2, 5, 2, true}, {3, 10, 3, false}, {4, 3, 2, false}} {
		t.Run(fmt.Sprintf("seed%d_k%d_l%d_unlinkable%v", tc.seed, tc.k, tc.l, tc.unlinkable), func(t *testing.T) {
			cases := demoPanel(tc.seed)
			opts := testOptions(mustKey(t))
			opts.K, opts.L, opts.Unlinkable = tc.k, tc.l, tc.unlinkable
			r := mustExtract(t, cases, opts)
			checkKAnonymous(t, r, cases, tc.k)
			if r.manifest.KAchieved < tc.k || r.manifest.LAchieved < tc.l {
				t.Errorf("manifest: k %d, l %d achieved; want at least %d, %d", r.manifest.KAchieved, r.manifest.LAchieved, tc.k, tc.l)
			}
			n := len(r.manifest.QuasiIdentifiers)
			for subset := 1; subset < 1<<n; subset++ {
				groups := map[string]int{}
				keyOf := func(row []string) string {
					var b strings.Builder
					for i := range n {
						if subset&(1<<i) != 0 {
							b.WriteString(row[1+i])
							b.WriteByte(0)
						}
					}
					return b.String()
				}
				for _, row := range r.data() {
					groups[keyOf(row)]++
				}
				for _, row := range r.data() {
					if m := groups[keyOf(row)]; m < tc.k {
						var known []string
						for i := range n {
							if subset&(1<<i) != 0 {
								known = append(known, r.manifest.QuasiIdentifiers[i]+"="+row[1+i])
							}
						}
						t.Fatalf("knowing %s singles out %d row(s), fewer than k = %d", strings.Join(known, ", "), m, tc.k)
					}
				}
			}
			for key, outcomes := range r.groupOutcomes(t) {
				if len(outcomes) > 0 && len(outcomes) < tc.l {
					t.Errorf("the group %q tells its outcome: only %v recorded", key, outcomes)
				}
			}
		})
	}
}

// TestIntruder_TheNewsStory is the issue's own attack: "a teenage girl
// drowned in the area in 2022/23" (period, age band, sex, local authority,
// category 3) picked out one row. Now, for every child of the demo, the
// rows an intruder cannot tell from the child's own, knowing all of that,
// are at least k, and they do not agree on the outcome.
func TestIntruder_TheNewsStory(t *testing.T) {
	cases := demoPanel(1)
	key := mustKey(t)
	r := mustExtract(t, cases, testOptions(key))
	cols := []int{r.col(t, "year_of_death"), r.col(t, "financial_year"), r.col(t, "age_band"), r.col(t, "sex"),
		r.col(t, "residence_la"), r.col(t, "category")}
	outcome := r.col(t, "modifiable")
	type seen struct {
		n        int
		outcomes map[string]bool
	}
	story := map[string]*seen{}
	keyOf := func(row []string) string {
		var parts []string
		for _, c := range cols {
			parts = append(parts, row[c])
		}
		return strings.Join(parts, "|")
	}
	for _, row := range r.data() {
		s := story[keyOf(row)]
		if s == nil {
			s = &seen{outcomes: map[string]bool{}}
			story[keyOf(row)] = s
		}
		s.n++
		if row[outcome] != "" {
			s.outcomes[row[outcome]] = true
		}
	}
	byPseudonym := map[string][]string{}
	for _, row := range r.data() {
		byPseudonym[row[0]] = row
	}
	for _, c := range cases {
		row := byPseudonym[key.Pseudonym(c.ID)]
		s := story[keyOf(row)]
		if s.n < extract.DefaultK {
			t.Errorf("%s: the story's facts leave %d row(s)", c.Ref, s.n)
		}
		if len(s.outcomes) == 1 {
			t.Errorf("%s: every row the story leaves with an outcome has %v", c.Ref, s.outcomes)
		}
	}
}

// TestIntruder_NoTimeDatesTheDeath: the times after the death are bands,
// so a meeting's date cannot be worked back to a date of death.
func TestIntruder_NoTimeDatesTheDeath(t *testing.T) {
	r := mustExtract(t, demoPanel(1), testOptions(mustKey(t)))
	band := regexp.MustCompile(`^(|0-7 days|8-90 days|91-180 days|181-365 days|over a year)$`)
	values := map[string]bool{}
	for _, name := range []string{"days_to_notification", "days_to_cdrm", "days_to_cdop_review"} {
		for _, row := range r.data() {
			v := row[r.col(t, name)]
			if !band.MatchString(v) {
				t.Errorf("%s = %q: not a band", name, v)
			}
			values[v] = true
		}
	}
	if len(values) < 4 {
		t.Errorf("the times hold %v only: the test sees too little", values)
	}
}

// TestIntruder_UnlinkableRowsMatchOnlyTheirGroup matches an unlinkable
// extract's rows to a linkable extract of the same deaths on every column
// they share (the issue re-linked 598 of 600 so): the pseudonyms, their
// order and the columns that made a row unique are gone, and a row still
// matched to one row of the other extract is one whose outcome is the only
// one of its kind in its group — what l-diversity allows, and all the
// match tells is what both extracts already say.
func TestIntruder_UnlinkableRowsMatchOnlyTheirGroup(t *testing.T) {
	cases := demoPanel(2)
	key := mustKey(t)
	linked := mustExtract(t, cases, testOptions(key))
	opts := testOptions(key)
	opts.Unlinkable = true
	u := mustExtract(t, cases, opts)
	want := append([]string{"pseudonym"}, u.manifest.QuasiIdentifiers...)
	if header := u.header(); !slices.Equal(header, append(want, "modifiable")) {
		t.Fatalf("an unlinkable extract's columns: %q", header)
	}
	for p := range pseudonyms(u) {
		if pseudonyms(linked)[p] {
			t.Fatalf("pseudonym %s is in both extracts", p)
		}
	}
	at := map[string]int{}
	for i, h := range linked.header() {
		at[h] = i
	}
	shared := func(row []string, header []string) string {
		var parts []string
		for _, h := range u.header()[1:] {
			parts = append(parts, row[slices.Index(header, h)])
		}
		return strings.Join(parts, "|")
	}
	matches := map[string]int{}
	for _, row := range linked.data() {
		matches[shared(row, linked.header())]++
	}
	// Its group's outcomes, in the unlinkable extract itself.
	outcomeCount := map[string]int{}
	col := u.col(t, "modifiable")
	for _, row := range u.data() {
		outcomeCount[u.quasiKey(row)+"|"+row[col]]++
	}
	relinked := 0
	for _, row := range u.data() {
		switch n := matches[shared(row, u.header())]; {
		case n == 0:
			t.Errorf("row %s matches nothing: the two extracts were generalised differently", row[0])
		case n == 1:
			relinked++
			if outcomeCount[u.quasiKey(row)+"|"+row[col]] != 1 {
				t.Errorf("row %s matches one row of the other extract, though its outcome is shared in its group", row[0])
			}
		}
	}
	t.Logf("%d of %d rows match exactly one row of a linkable extract of the same deaths (each the only one of its outcome in its group)", relinked, len(u.data()))
	if relinked*4 > len(u.data()) {
		t.Errorf("%d of %d rows re-linked", relinked, len(u.data()))
	}
}

// TestExtractQuasiIdentifiersAreTheRegistrys: the extract has no list of
// its own of what an intruder may know. Its quasi-identifier columns are
// those of cdop's disclosure model whose fields it reads, and no other
// column comes from a quasi-identifying field.
func TestExtractQuasiIdentifiersAreTheRegistrys(t *testing.T) {
	columnsOf := map[string][]string{"period": {"year_of_death", "financial_year"}}
	var want []string
	for _, q := range cdop.QuasiIdentifiers() {
		read := true
		for _, f := range q.From {
			read = read && slices.Contains(extract.Fields, f)
		}
		if !read {
			continue
		}
		if cols, ok := columnsOf[q.Name]; ok {
			want = append(want, cols...)
		} else {
			want = append(want, q.Name)
		}
	}
	r := mustExtract(t, nil, testOptions(mustKey(t)))
	if !slices.Equal(r.manifest.QuasiIdentifiers, want) {
		t.Errorf("the extract protects %q; the registry's quasi-identifiers it reads are %q", r.manifest.QuasiIdentifiers, want)
	}
	for _, doc := range r.manifest.Columns {
		if f, ok := cdop.FieldNamed(doc.Name); ok && f.Disclosure == cdop.QuasiIdentifier && !doc.QuasiIdentifier {
			t.Errorf("column %s comes from a quasi-identifier but is not protected as one", doc.Name)
		}
	}
	for _, l := range r.manifest.Levels {
		if l.Of < 2 {
			t.Errorf("%s has no level to generalise to", l.Dimension)
		}
	}
}
