package cdop_test

import (
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"casemanager/cdop"
)

// asError turns the problems Consistency lists into the error checkErrors reads.
func asError(v cdop.ValidationErrors) error {
	if len(v) == 0 {
		return nil
	}
	return v
}

// consistentAnalysis is an analysis that contradicts itself nowhere on the
// national form: domain A scored 2 with a modifiable factor, B scored 1 with
// nothing found, C scored 1 with a factor unlikely to have contributed, D 0.
func consistentAnalysis() cdop.Analysis {
	return cdop.Analysis{
		Category:               3,
		ContributingCategories: []int{9},
		Domains: [4]cdop.DomainEntry{
			{Score: cdop.ScoreOf(2), Factors: []string{"Unsafe sleep position", "Overheating"}, Modifiable: []string{"Unsafe sleep position"}},
			{Score: cdop.ScoreOf(1)},
			{Score: cdop.ScoreOf(1), Factors: []string{"Damp housing"}},
			{Score: cdop.ScoreOf(0)},
		},
		Modifiable: "identified",
		FactorDetails: []cdop.FactorDetail{
			{Domain: "a", Factor: "Unsafe sleep position", Code: "B02", Contribution: "may_have_contributed"},
			{Domain: "a", Factor: "Overheating", Contribution: "contributed"},
			{Domain: "c", Factor: "Damp housing", Code: "C02", Contribution: "unlikely"},
		},
		LCSPRCriteriaMet: "no",
	}
}

func TestConsistencyNationalForm(t *testing.T) {
	tests := []struct {
		name   string
		change func(a *cdop.Analysis)
		wants  []want
	}{
		{name: "consistent", change: func(a *cdop.Analysis) {}},
		{name: "empty analysis", change: func(a *cdop.Analysis) { *a = cdop.Analysis{} }},
		{name: "no modifiable factors, none found", change: func(a *cdop.Analysis) {
			a.Domains[0].Modifiable = nil
			a.Modifiable = "none"
		}},
		{name: "insufficient information, nothing marked", change: func(a *cdop.Analysis) {
			a.Domains[0].Modifiable = nil
			a.Modifiable = "insufficient_information"
		}},
		{name: "outcome not yet recorded", change: func(a *cdop.Analysis) { a.Modifiable = "" }},
		{name: "every domain scored 2 with factors", change: func(a *cdop.Analysis) {
			for i := range a.Domains {
				a.Domains[i].Score = cdop.ScoreOf(2)
				if len(a.Domains[i].Factors) == 0 {
					a.Domains[i].Factors = []string{"a factor"}
				}
			}
		}},
		{name: "factors in a domain scored 1 need no score 2", change: func(a *cdop.Analysis) {
			a.Domains[1].Factors = []string{"Parental smoking"}
		}},
		{name: "factor unlikely to have contributed, not modifiable", change: func(a *cdop.Analysis) {
			a.FactorDetails[1].Contribution = "unlikely"
		}},
		{name: "modifiable factor marked contributed", change: func(a *cdop.Analysis) {
			a.Domains[0].Modifiable = []string{"Overheating"}
		}},
		{name: "modifiable factor with no detail", change: func(a *cdop.Analysis) { a.FactorDetails = nil }},
		{name: "a same-named factor unlikely in another domain does not count", change: func(a *cdop.Analysis) {
			a.FactorDetails = append(a.FactorDetails, cdop.FactorDetail{Domain: "b", Factor: "Unsafe sleep position", Contribution: "unlikely"})
		}},
		{name: "contributing categories after the primary", change: func(a *cdop.Analysis) {
			a.Category, a.ContributingCategories = 1, []int{3, 10}
		}},
		{name: "contributing categories with no primary are not ranked", change: func(a *cdop.Analysis) {
			a.Category, a.ContributingCategories = 0, []int{1, 5}
		}},

		{name: "modifiable factor in a domain scored 1", change: func(a *cdop.Analysis) { a.Domains[0].Score = cdop.ScoreOf(1) },
			wants: []want{{"domain_a_modifiable", []string{"domain A has a modifiable factor", "must be scored 2", "may have contributed"}}}},
		{name: "modifiable factor in a domain scored 0", change: func(a *cdop.Analysis) { a.Domains[0].Score = cdop.ScoreOf(0) },
			wants: []want{{"domain_a_modifiable", []string{"domain A has a modifiable factor", "scored 2"}}}},
		{name: "modifiable factor in a domain not scored", change: func(a *cdop.Analysis) { a.Domains[0].Score = nil },
			wants: []want{{"domain_a_modifiable", []string{"domain A has a modifiable factor", "scored 2"}}}},
		{name: "modifiable factor in a domain scored off the scale", change: func(a *cdop.Analysis) { a.Domains[0].Score = cdop.ScoreOf(3) },
			wants: []want{{"domain_a_modifiable", []string{"domain A", "scored 2"}}}},
		{name: "modifiable factor in domain D scored 1", change: func(a *cdop.Analysis) {
			a.Domains[3] = cdop.DomainEntry{Score: cdop.ScoreOf(1), Factors: []string{"Delay in recognising illness"}, Modifiable: []string{"Delay in recognising illness"}}
		}, wants: []want{{"domain_d_modifiable", []string{"domain D has a modifiable factor", "scored 2"}}}},
		{name: "domain scored 2 with no factor", change: func(a *cdop.Analysis) { a.Domains[1].Score = cdop.ScoreOf(2) },
			wants: []want{{"domain_b_factors", []string{"domain B is scored 2", "at least one factor must be recorded"}}}},
		{name: "domain scored 2 with only detail, no factor", change: func(a *cdop.Analysis) {
			a.Domains[3].Score = cdop.ScoreOf(2)
			a.FactorDetails = append(a.FactorDetails, cdop.FactorDetail{Domain: "d", Factor: "Transition", Contribution: "contributed"})
		}, wants: []want{{"domain_d_factors", []string{"domain D is scored 2", "at least one factor"}}}},
		{name: "modifiable factors identified, none marked", change: func(a *cdop.Analysis) { a.Domains[0].Modifiable = nil },
			wants: []want{{"modifiable", []string{`"modifiable factors identified"`, "at least one factor marked modifiable"}}}},
		{name: "no modifiable factors identified, one marked", change: func(a *cdop.Analysis) { a.Modifiable = "none" },
			wants: []want{{"modifiable", []string{"factors are marked modifiable", `cannot be "no modifiable factors identified"`}}}},
		{name: "factor unlikely to have contributed yet modifiable", change: func(a *cdop.Analysis) {
			a.FactorDetails[0].Contribution = "unlikely"
		}, wants: []want{{"domain_a_modifiable", []string{`"Unsafe sleep position" is marked unlikely to have contributed`, "cannot be modifiable"}}}},
		{name: "unlikely and modifiable matched whatever the case of the letters", change: func(a *cdop.Analysis) {
			a.FactorDetails[0] = cdop.FactorDetail{Domain: "a", Factor: "UNSAFE SLEEP POSITION", Contribution: "unlikely"}
			a.Domains[0].Modifiable = []string{"unsafe sleep position"}
		}, wants: []want{{"domain_a_modifiable", []string{`"Unsafe sleep position" is marked unlikely`}}}},
		{name: "contributing category before the primary", change: func(a *cdop.Analysis) {
			a.Category, a.ContributingCategories = 10, []int{1}
		}, wants: []want{{"category", []string{"category 1 is also ticked", "comes first in the hierarchy", "should be the primary category"}}}},
		{name: "two contributing categories before the primary", change: func(a *cdop.Analysis) {
			a.Category, a.ContributingCategories = 5, []int{2, 9, 4}
		}, wants: []want{{"category", []string{"category 2 is also ticked", "category 4 is also ticked"}}}},
		{name: "everything at once", change: func(a *cdop.Analysis) {
			a.Domains[0].Score = cdop.ScoreOf(1)
			a.Domains[2].Score = cdop.ScoreOf(2)
			a.Domains[2].Factors = nil
			a.FactorDetails[0].Contribution = "unlikely"
			a.Modifiable = "none"
			a.Category, a.ContributingCategories = 3, []int{2}
		}, wants: []want{
			{"domain_a_modifiable", []string{"domain A has a modifiable factor", "cannot be modifiable"}},
			{"domain_c_factors", []string{"domain C is scored 2"}},
			{"modifiable", []string{`cannot be "no modifiable factors identified"`}},
			{"category", []string{"category 2 is also ticked"}},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := consistentAnalysis()
			tt.change(&a)
			checkErrors(t, asError(a.Consistency(cdop.NationalForm)), tt.wants...)
		})
	}
}

// Each rule's message is given once per contradiction, in domain order, with
// the domain rules before the outcome and the category.
func TestConsistencyOrderAndCount(t *testing.T) {
	a := cdop.Analysis{
		Category:               8,
		ContributingCategories: []int{1, 2},
		Domains: [4]cdop.DomainEntry{
			{Score: cdop.ScoreOf(2)},
			{Score: cdop.ScoreOf(1), Factors: []string{"x"}, Modifiable: []string{"x"}},
			{Score: cdop.ScoreOf(2)},
			{},
		},
		Modifiable: "none",
	}
	var got []string
	for _, e := range a.Consistency(cdop.NationalForm) {
		got = append(got, e.Field)
	}
	wantFields := []string{"domain_a_factors", "domain_b_modifiable", "domain_c_factors", "modifiable", "category", "category"}
	if !slices.Equal(got, wantFields) {
		t.Errorf("fields = %v; want %v", got, wantFields)
	}
}

// Consistency explains; it changes nothing.
func TestConsistencyLeavesTheAnalysisAlone(t *testing.T) {
	c := cdop.NewCase()
	c.Analysis = consistentAnalysis()
	c.Analysis.Domains[0].Score = cdop.ScoreOf(1)
	c.Analysis.ContributingCategories = []int{1}
	before := c.Clone()
	if v := c.Analysis.Consistency(cdop.NationalForm); len(v) == 0 {
		t.Fatal("want problems")
	}
	if !reflect.DeepEqual(before, c) {
		t.Errorf("Consistency changed the analysis:\n%+v\nwas\n%+v", c.Analysis, before.Analysis)
	}
}

// On the national form, Consistency and the case validation agree on where a
// modifiable factor may stand.
func TestConsistencyAgreesWithValidateOnTheNationalForm(t *testing.T) {
	for _, score := range []*int{nil, cdop.ScoreOf(0), cdop.ScoreOf(1), cdop.ScoreOf(2)} {
		c := closedCase(t)
		c.Analysis.Domains[0].Score = score
		c.Analysis.Domains[0].Modifiable = []string{"overheating"}
		c.Analysis.Modifiable = "identified"
		validated := validationErrors(t, c.ValidateOn(today)).For("domain_a_modifiable") != ""
		consistent := c.Analysis.Consistency(cdop.NationalForm).For("domain_a_modifiable") == ""
		name := "nil"
		if score != nil {
			name = string(rune('0' + *score))
		}
		if validated == consistent {
			t.Errorf("score %s: Validate flags it %v, Consistency flags it %v", name, validated, !consistent)
		}
	}
}

// olderForm is the 0/1/1*/2/3 analysis form, built as data. The stored
// values run 0–4, so the value 2 is the "1*" level and not the contributory
// one. "2" (may have contributed) and "3" (a complete and sufficient
// explanation of the death) both mean the factors contributed, so both are
// Contributory.
var olderForm = cdop.AnalysisForm{
	Name: "Form C (older)",
	Scale: []cdop.ScoreLevel{
		{Value: 0, Code: "0", Label: "Information not available"},
		{Value: 1, Code: "1", Label: "No factors identified"},
		{Value: 2, Code: "1*", Label: "Factors identified but unlikely to have contributed to the death"},
		{Value: 3, Code: "2", Label: "Factors identified that may have contributed to vulnerability, ill-health or death", Contributory: true},
		{Value: 4, Code: "3", Label: "Factors identified that provide a complete and sufficient explanation for the death", Contributory: true},
	},
	Categories: cdop.Categories,
}

// The rules follow the scale's data, not the number 2.
func TestConsistencyFollowsTheFormsScale(t *testing.T) {
	withModifiable := func(score int) cdop.Analysis {
		return cdop.Analysis{
			Domains: [4]cdop.DomainEntry{
				{Score: cdop.ScoreOf(score), Factors: []string{"Prematurity"}, Modifiable: []string{"Prematurity"}},
			},
			Modifiable: "identified",
		}
	}
	withoutFactors := func(score int) cdop.Analysis {
		return cdop.Analysis{Domains: [4]cdop.DomainEntry{{Score: cdop.ScoreOf(score)}}}
	}
	tests := []struct {
		name     string
		form     cdop.AnalysisForm
		analysis cdop.Analysis
		wants    []want
	}{
		{"older: value 2 is 1*, not contributory", olderForm, withModifiable(2),
			[]want{{"domain_a_modifiable", []string{"domain A has a modifiable factor", "must be scored 2 or 3"}}}},
		{"older: value 3 (code 2) may have contributed", olderForm, withModifiable(3), nil},
		{"older: value 4 (code 3) explains the death", olderForm, withModifiable(4), nil},
		{"older: value 1", olderForm, withModifiable(1),
			[]want{{"domain_a_modifiable", []string{"scored 2 or 3"}}}},
		{"older: a value off the scale", olderForm, withModifiable(7),
			[]want{{"domain_a_modifiable", []string{"scored 2 or 3"}}}},
		{"older: value 2 (1*) needs no factor", olderForm, withoutFactors(2), nil},
		{"older: value 3 needs a factor", olderForm, withoutFactors(3),
			[]want{{"domain_a_factors", []string{"domain A is scored 2 or 3", "at least one factor"}}}},
		{"older: value 4 needs a factor", olderForm, withoutFactors(4),
			[]want{{"domain_a_factors", []string{"domain A is scored 2 or 3"}}}},
		{"national: value 2 may have contributed", cdop.NationalForm, withModifiable(2), nil},
		{"national: value 3 is not on the scale", cdop.NationalForm, withModifiable(3),
			[]want{{"domain_a_modifiable", []string{"must be scored 2 (may have contributed)"}}}},
		{"national: value 4 needs no factor, being off the scale", cdop.NationalForm, withoutFactors(4), nil},
		{"national: value 2 needs a factor", cdop.NationalForm, withoutFactors(2),
			[]want{{"domain_a_factors", []string{"domain A is scored 2,"}}}},
		{"a scale whose contributory code is a letter", letterForm, withModifiable(0),
			[]want{{"domain_a_modifiable", []string{"must be scored C (may have contributed)"}}}},
		{"a scale whose contributory code is a letter, scored at it", letterForm, withModifiable(9), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkErrors(t, asError(tt.analysis.Consistency(tt.form)), tt.wants...)
		})
	}
}

// letterForm is a made-up scale coded by letters, its contributory level
// stored as 9.
var letterForm = cdop.AnalysisForm{
	Name: "Lettered",
	Scale: []cdop.ScoreLevel{
		{Value: 0, Code: "N", Label: "Not known"},
		{Value: 5, Code: "U", Label: "Unlikely"},
		{Value: 9, Code: "C", Label: "Contributed", Contributory: true},
	},
}

func TestAnalysisFormLevel(t *testing.T) {
	tests := []struct {
		form     cdop.AnalysisForm
		value    int
		ok       bool
		code     string
		contrib  bool
		labelHas string
	}{
		{cdop.NationalForm, 0, true, "0", false, "not available"},
		{cdop.NationalForm, 1, true, "1", false, "unlikely"},
		{cdop.NationalForm, 2, true, "2", true, "may have contributed"},
		{cdop.NationalForm, 3, false, "", false, ""},
		{cdop.NationalForm, -1, false, "", false, ""},
		{olderForm, 2, true, "1*", false, "unlikely"},
		{olderForm, 3, true, "2", true, "may have contributed"},
		{olderForm, 4, true, "3", true, "sufficient explanation"},
		{letterForm, 9, true, "C", true, "Contributed"},
		{letterForm, 1, false, "", false, ""},
	}
	for _, tt := range tests {
		l, ok := tt.form.Level(tt.value)
		if ok != tt.ok || l.Code != tt.code || l.Contributory != tt.contrib || !strings.Contains(l.Label, tt.labelHas) {
			t.Errorf("%s.Level(%d) = %+v, %v; want code %q contributory %v label with %q, %v",
				tt.form.Name, tt.value, l, ok, tt.code, tt.contrib, tt.labelHas, tt.ok)
		}
		if !ok && l != (cdop.ScoreLevel{}) {
			t.Errorf("%s.Level(%d) not found but returned %+v", tt.form.Name, tt.value, l)
		}
	}
}

// The national form's scale is the one the case validation accepts, with a
// single contributory level, and its categories are the ten categories.
func TestNationalForm(t *testing.T) {
	f := cdop.NationalForm
	if f.Name == "" {
		t.Error("the national form has no name")
	}
	var codes []string
	contributory := 0
	for _, l := range f.Scale {
		codes = append(codes, l.Code)
		if l.Label == "" {
			t.Errorf("level %s has no label", l.Code)
		}
		if l.Code != strings.TrimSpace(l.Code) || l.Code == "" {
			t.Errorf("level %+v has a blank or padded code", l)
		}
		if l.Contributory {
			contributory++
			if l.Value != 2 {
				t.Errorf("the contributory level is %d; want 2", l.Value)
			}
		}
	}
	if !slices.Equal(codes, cdop.DomainScores.Codes()) {
		t.Errorf("scale codes %v; want the validated scores %v", codes, cdop.DomainScores.Codes())
	}
	if contributory != 1 {
		t.Errorf("%d contributory levels; want 1", contributory)
	}
	if !reflect.DeepEqual(f.Categories, cdop.Categories) || len(f.Categories) != 10 {
		t.Errorf("categories = %v", f.Categories)
	}
}

func TestContributions(t *testing.T) {
	want := []string{"contributed", "may_have_contributed", "unlikely"}
	if got := cdop.Contributions.Codes(); !slices.Equal(got, want) {
		t.Errorf("Contributions = %v; want %v", got, want)
	}
	for _, l := range cdop.Contributions.Labels() {
		if l == "" {
			t.Error("a contribution has no label")
		}
	}
}

func TestAnalysisDetail(t *testing.T) {
	a := consistentAnalysis()
	tests := []struct {
		domain int
		factor string
		want   cdop.FactorDetail
	}{
		{0, "Unsafe sleep position", cdop.FactorDetail{Domain: "a", Factor: "Unsafe sleep position", Code: "B02", Contribution: "may_have_contributed"}},
		{0, "overheating", cdop.FactorDetail{Domain: "a", Factor: "Overheating", Contribution: "contributed"}},
		{2, "DAMP HOUSING", cdop.FactorDetail{Domain: "c", Factor: "Damp housing", Code: "C02", Contribution: "unlikely"}},
		// Nothing recorded: the factor alone, in its domain.
		{1, "Overheating", cdop.FactorDetail{Domain: "b", Factor: "Overheating"}},
		{3, "Transition to adult services", cdop.FactorDetail{Domain: "d", Factor: "Transition to adult services"}},
		{0, "Damp housing", cdop.FactorDetail{Domain: "a", Factor: "Damp housing"}},
	}
	for _, tt := range tests {
		if got := a.Detail(tt.domain, tt.factor); got != tt.want {
			t.Errorf("Detail(%d, %q) = %+v; want %+v", tt.domain, tt.factor, got, tt.want)
		}
	}
	var empty cdop.Analysis
	if got := empty.Detail(2, "x"); got != (cdop.FactorDetail{Domain: "c", Factor: "x"}) {
		t.Errorf("Detail of an empty analysis = %+v", got)
	}
}

func TestAnalysisIsModifiable(t *testing.T) {
	a := consistentAnalysis()
	tests := []struct {
		domain int
		factor string
		want   bool
	}{
		{0, "Unsafe sleep position", true},
		{0, "unsafe SLEEP position", true},
		{0, "Overheating", false},
		{1, "Unsafe sleep position", false},
		{2, "Damp housing", false},
		{3, "", false},
	}
	for _, tt := range tests {
		if got := a.IsModifiable(tt.domain, tt.factor); got != tt.want {
			t.Errorf("IsModifiable(%d, %q) = %v; want %v", tt.domain, tt.factor, got, tt.want)
		}
	}
}

func TestProposeCategory(t *testing.T) {
	tests := []struct {
		name         string
		ticked       []int
		primary      int
		contributing []int
	}{
		{"nothing ticked", nil, 0, nil},
		{"empty list", []int{}, 0, nil},
		{"only zero and negatives", []int{0, -3, 0}, 0, nil},
		{"one", []int{10}, 10, nil},
		{"one, twice", []int{4, 4}, 4, nil},
		{"several in order", []int{1, 5, 9}, 1, []int{5, 9}},
		{"several unordered", []int{9, 3, 7}, 3, []int{7, 9}},
		{"duplicates", []int{7, 3, 7, 3, 10}, 3, []int{7, 10}},
		{"zero and negatives ignored", []int{0, 6, -1, 2}, 2, []int{6}},
		{"all ten backwards", []int{10, 9, 8, 7, 6, 5, 4, 3, 2, 1}, 1, []int{2, 3, 4, 5, 6, 7, 8, 9, 10}},
		{"abuse outranks suicide and trauma", []int{3, 2, 1}, 1, []int{2, 3}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := slices.Clone(tt.ticked)
			primary, contributing := cdop.ProposeCategory(in)
			if primary != tt.primary || !slices.Equal(contributing, tt.contributing) {
				t.Errorf("ProposeCategory(%v) = %d, %v; want %d, %v", tt.ticked, primary, contributing, tt.primary, tt.contributing)
			}
			if !slices.Equal(in, tt.ticked) {
				t.Errorf("ProposeCategory reordered its input: %v; was %v", in, tt.ticked)
			}
			// What it proposes is consistent and valid.
			a := cdop.Analysis{Category: primary, ContributingCategories: contributing}
			if v := a.Consistency(cdop.NationalForm); len(v) != 0 {
				t.Errorf("the proposal is inconsistent: %v", v)
			}
			c := closedCase(t)
			c.Analysis.Category, c.Analysis.ContributingCategories = primary, contributing
			if primary != 0 {
				checkValid(t, c.ValidateOn(today))
			}
		})
	}
}

func TestAnalysisFieldsSetGet(t *testing.T) {
	tests := []struct {
		field, value, get string
		read              func(c *cdop.Case) any
		want              any
	}{
		{"contributing_categories", "3 | 7", "3 | 7",
			func(c *cdop.Case) any { return c.Analysis.ContributingCategories }, []int{3, 7}},
		{"contributing_categories", "9|2|9", "9 | 2 | 9",
			func(c *cdop.Case) any { return c.Analysis.ContributingCategories }, []int{9, 2, 9}},
		{"contributing_categories", " 10 |  | 1 ", "10 | 1",
			func(c *cdop.Case) any { return c.Analysis.ContributingCategories }, []int{10, 1}},
		// Numbers out of range are read; Validate refuses them.
		{"contributing_categories", "0 | 11 | -2", "0 | 11 | -2",
			func(c *cdop.Case) any { return c.Analysis.ContributingCategories }, []int{0, 11, -2}},
		{"contributing_categories", "", "",
			func(c *cdop.Case) any { return c.Analysis.ContributingCategories }, []int(nil)},
		{"lcspr_criteria_met", " yes ", "yes",
			func(c *cdop.Case) any { return c.Analysis.LCSPRCriteriaMet }, "yes"},
		{"lcspr_criteria_met", "no", "no",
			func(c *cdop.Case) any { return c.Analysis.LCSPRCriteriaMet }, "no"},
		{"factor_details",
			`[{"domain":"a","factor":"Prematurity","code":"A01","contribution":"contributed"},{"domain":"d","factor":"Zoë's transfer – delayed | late","contribution":"unlikely"}]`,
			`[{"domain":"a","factor":"Prematurity","code":"A01","contribution":"contributed"},{"domain":"d","factor":"Zoë's transfer – delayed | late","contribution":"unlikely"}]`,
			func(c *cdop.Case) any { return c.Analysis.FactorDetails },
			[]cdop.FactorDetail{
				{Domain: "a", Factor: "Prematurity", Code: "A01", Contribution: "contributed"},
				{Domain: "d", Factor: "Zoë's transfer – delayed | late", Contribution: "unlikely"},
			}},
		// Keys in any order and spacing; Get writes the canonical form, blanks omitted.
		{"factor_details", ` [ { "contribution" : "", "factor" : "Overheating", "domain" : "a" } ] `,
			`[{"domain":"a","factor":"Overheating"}]`,
			func(c *cdop.Case) any { return c.Analysis.FactorDetails },
			[]cdop.FactorDetail{{Domain: "a", Factor: "Overheating"}}},
		// Fields the case does not know are dropped.
		{"factor_details", `[{"domain":"b","factor":"Smoking","modifiable":true}]`, `[{"domain":"b","factor":"Smoking"}]`,
			func(c *cdop.Case) any { return c.Analysis.FactorDetails },
			[]cdop.FactorDetail{{Domain: "b", Factor: "Smoking"}}},
		{"factor_details", "[]", "", func(c *cdop.Case) any { return len(c.Analysis.FactorDetails) }, 0},
		{"factor_details", "null", "", func(c *cdop.Case) any { return c.Analysis.FactorDetails }, []cdop.FactorDetail(nil)},
		{"factor_details", "", "", func(c *cdop.Case) any { return c.Analysis.FactorDetails }, []cdop.FactorDetail(nil)},
	}
	for _, tt := range tests {
		t.Run(tt.field+" "+tt.value, func(t *testing.T) {
			if _, ok := cdop.ColumnNamed(tt.field); ok {
				t.Errorf("%s is an interchange column", tt.field)
			}
			if _, ok := cdop.FieldNamed(tt.field); !ok {
				t.Fatalf("%s is not a case field", tt.field)
			}
			c := cdop.NewCase()
			mustSet(t, c, tt.field, tt.value)
			if got := tt.read(c); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("after Set the field holds %#v; want %#v", got, tt.want)
			}
			if got := c.Get(tt.field); got != tt.get {
				t.Errorf("Get = %q; want %q", got, tt.get)
			}
			// Get's form reads back to the same value.
			d := cdop.NewCase()
			mustSet(t, d, tt.field, c.Get(tt.field))
			if diff := cdop.Diff(c, d); len(diff) != 0 {
				t.Errorf("Set(Get()) differs: %v", diff)
			}
			changes := cdop.Diff(cdop.NewCase(), c)
			if tt.get == "" && len(changes) != 0 {
				t.Errorf("a blank value changed %v", changes)
			}
			if tt.get != "" && (len(changes) != 1 || changes[0].Field != tt.field) {
				t.Errorf("Set changed %v; want only %s", changes, tt.field)
			}
			mustSet(t, c, tt.field, "")
			if got := c.Get(tt.field); got != "" {
				t.Errorf("after Set(\"\"), Get = %q", got)
			}
		})
	}
}

// A value that cannot be read is refused, says why, and leaves the field as it was.
func TestAnalysisFieldsSetErrors(t *testing.T) {
	tests := []struct {
		field, value string
		says         []string
	}{
		{"contributing_categories", "three", []string{`"three" is not a category number`}},
		{"contributing_categories", "3 | x | 7", []string{`"x" is not a category number`}},
		{"contributing_categories", "3, 7", []string{`"3, 7" is not a category number`}},
		{"contributing_categories", "2.5", []string{`"2.5" is not a category number`}},
		{"factor_details", "{", []string{"factor details are not readable"}},
		{"factor_details", "Prematurity", []string{"factor details are not readable"}},
		{"factor_details", `{"domain":"a","factor":"Prematurity"}`, []string{"factor details are not readable"}},
		{"factor_details", `[{"domain":1,"factor":"Prematurity"}]`, []string{"factor details are not readable"}},
		{"factor_details", `[{"domain":"a","factor":"Prematurity"}`, []string{"factor details are not readable"}},
	}
	for _, tt := range tests {
		t.Run(tt.field+" "+tt.value, func(t *testing.T) {
			c := cdop.NewCase()
			c.Analysis.ContributingCategories = []int{4}
			c.Analysis.FactorDetails = []cdop.FactorDetail{{Domain: "a", Factor: "Kept"}}
			before := c.Clone()
			err := c.Set(tt.field, tt.value)
			if err == nil {
				t.Fatalf("Set(%q, %q) accepted it", tt.field, tt.value)
			}
			for _, s := range tt.says {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("error %q does not say %q", err, s)
				}
			}
			if diff := cdop.Diff(before, c); len(diff) != 0 {
				t.Errorf("a refused value changed the case: %v", diff)
			}
		})
	}
}

// Clone copies the new lists, so editing a clone leaves the original alone.
func TestCloneCopiesAnalysisDetails(t *testing.T) {
	c := cdop.NewCase()
	c.Analysis = consistentAnalysis()
	d := c.Clone()
	d.Analysis.ContributingCategories[0] = 1
	d.Analysis.FactorDetails[0].Contribution = "unlikely"
	if c.Analysis.ContributingCategories[0] != 9 || c.Analysis.FactorDetails[0].Contribution != "may_have_contributed" {
		t.Errorf("Clone shares lists: %v %+v", c.Analysis.ContributingCategories, c.Analysis.FactorDetails[0])
	}
	if e := c.Clone(); e.Analysis.LCSPRCriteriaMet != "no" {
		t.Errorf("Clone lost lcspr_criteria_met")
	}
}

func TestValidateAnalysisDetails(t *testing.T) {
	tests := []struct {
		name   string
		change func(t *testing.T, c *cdop.Case)
		wants  []want
	}{
		{name: "contributing categories in range", change: func(t *testing.T, c *cdop.Case) { c.Analysis.ContributingCategories = []int{1, 9} }},
		{name: "every category but the primary", change: func(t *testing.T, c *cdop.Case) {
			c.Analysis.ContributingCategories = []int{1, 2, 3, 4, 5, 6, 7, 8, 9}
		}},
		{name: "contributing categories with no primary on an open case", change: func(t *testing.T, c *cdop.Case) {
			c.Stage = cdop.StageCDOPReview
			c.Analysis.Category = 0
			c.Analysis.ContributingCategories = []int{2}
		}},
		{name: "contributing category 0", change: func(t *testing.T, c *cdop.Case) { c.Analysis.ContributingCategories = []int{0} },
			wants: []want{{"contributing_categories", []string{"0 is not a category of death", "use 1 to 10"}}}},
		{name: "contributing category 11", change: func(t *testing.T, c *cdop.Case) { c.Analysis.ContributingCategories = []int{3, 11} },
			wants: []want{{"contributing_categories", []string{"11 is not a category of death", "use 1 to 10"}}}},
		{name: "contributing category negative", change: func(t *testing.T, c *cdop.Case) { c.Analysis.ContributingCategories = []int{-4} },
			wants: []want{{"contributing_categories", []string{"-4 is not a category of death"}}}},
		{name: "contributing category equal to the primary", change: func(t *testing.T, c *cdop.Case) { c.Analysis.ContributingCategories = []int{3, 10} },
			wants: []want{{"contributing_categories", []string{"10 is already the primary category"}}}},
		{name: "both kinds of mistake", change: func(t *testing.T, c *cdop.Case) { c.Analysis.ContributingCategories = []int{10, 12} },
			wants: []want{{"contributing_categories", []string{"10 is already the primary category", "12 is not a category of death"}}}},
		{name: "contributing categories set from text", change: func(t *testing.T, c *cdop.Case) { mustSet(t, c, "contributing_categories", "1 | 10 | 14") },
			wants: []want{{"contributing_categories", []string{"10 is already the primary", "14 is not a category"}}}},

		{name: "factor details, every contribution", change: func(t *testing.T, c *cdop.Case) {
			c.Analysis.FactorDetails = []cdop.FactorDetail{
				{Domain: "a", Factor: "unsafe sleep position", Contribution: "contributed"},
				{Domain: "a", Factor: "overheating", Contribution: "may_have_contributed"},
				{Domain: "c", Factor: "cold bedroom", Contribution: "unlikely"},
				{Domain: "d", Factor: "typed", Code: ""},
			}
		}},
		{name: "factor detail with an unknown contribution", change: func(t *testing.T, c *cdop.Case) {
			c.Analysis.FactorDetails = []cdop.FactorDetail{{Domain: "a", Factor: "overheating", Contribution: "probably"}}
		}, wants: []want{{"factor_details", []string{`"probably" is not allowed`, "contributed, may_have_contributed, unlikely"}}}},
		{name: "factor detail with an unknown domain", change: func(t *testing.T, c *cdop.Case) {
			c.Analysis.FactorDetails = []cdop.FactorDetail{{Domain: "e", Factor: "overheating"}}
		}, wants: []want{{"factor_details", []string{`"e" is not a domain`, "use a, b, c or d"}}}},
		{name: "factor detail with a capital domain letter", change: func(t *testing.T, c *cdop.Case) {
			c.Analysis.FactorDetails = []cdop.FactorDetail{{Domain: "A", Factor: "overheating"}}
		}, wants: []want{{"factor_details", []string{`"A" is not a domain`}}}},
		{name: "factor detail with no domain", change: func(t *testing.T, c *cdop.Case) {
			c.Analysis.FactorDetails = []cdop.FactorDetail{{Factor: "overheating", Contribution: "contributed"}}
		}, wants: []want{{"factor_details", []string{`"" is not a domain`}}}},
		{name: "factor details set from text", change: func(t *testing.T, c *cdop.Case) {
			mustSet(t, c, "factor_details", `[{"domain":"z","factor":"x","contribution":"maybe"}]`)
		}, wants: []want{{"factor_details", []string{`"maybe" is not allowed`, `"z" is not a domain`}}}},

		{name: "lcspr criteria met", change: func(t *testing.T, c *cdop.Case) { c.Analysis.LCSPRCriteriaMet = "yes" }},
		{name: "lcspr criteria not met", change: func(t *testing.T, c *cdop.Case) { c.Analysis.LCSPRCriteriaMet = "no" }},
		{name: "lcspr criteria not a yes or no", change: func(t *testing.T, c *cdop.Case) { c.Analysis.LCSPRCriteriaMet = "pending" },
			wants: []want{{"lcspr_criteria_met", []string{`"pending" is not allowed`, "yes, no"}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := closedCase(t)
			tt.change(t, c)
			checkErrors(t, c.ValidateOn(today), tt.wants...)
		})
	}
}

// The problems about the new fields come in field order with the others.
func TestValidateAnalysisDetailsInFieldOrder(t *testing.T) {
	c := closedCase(t)
	c.Analysis.ContributingCategories = []int{0}
	c.Analysis.FactorDetails = []cdop.FactorDetail{{Domain: "q"}}
	c.Analysis.LCSPRCriteriaMet = "maybe"
	c.Analysis.Category = 11
	var got []string
	for _, e := range validationErrors(t, c.ValidateOn(today)) {
		got = append(got, e.Field)
	}
	wantFields := []string{"category", "contributing_categories", "factor_details", "lcspr_criteria_met"}
	if !slices.Equal(got, wantFields) {
		t.Errorf("fields = %v; want %v", got, wantFields)
	}
}

func TestDefaultFactorCatalogue(t *testing.T) {
	codePattern := regexp.MustCompile(`^[A-D][0-9]{2}$`)
	codes := map[string]bool{}
	texts := map[string]bool{}
	perDomain := map[string]int{}
	for i, e := range cdop.DefaultFactorCatalogue {
		if codes[e.Code] {
			t.Errorf("code %s is used twice", e.Code)
		}
		codes[e.Code] = true
		if !codePattern.MatchString(e.Code) {
			t.Errorf("code %q is not a domain letter and two digits", e.Code)
		}
		if !cdop.Domains.Has(e.Domain) {
			t.Errorf("%s: %q is not a domain", e.Code, e.Domain)
		}
		if e.Code != "" && strings.ToLower(e.Code[:1]) != e.Domain {
			t.Errorf("%s is listed under domain %s", e.Code, e.Domain)
		}
		if strings.TrimSpace(e.Text) == "" || e.Text != strings.TrimSpace(e.Text) || strings.Contains(e.Text, "|") {
			t.Errorf("%s: text %q is blank, padded or holds the list separator", e.Code, e.Text)
		}
		if texts[strings.ToLower(e.Text)] {
			t.Errorf("%s: %q is listed twice", e.Code, e.Text)
		}
		texts[strings.ToLower(e.Text)] = true
		// Each domain's codes run 01, 02, … in order, with no gaps, so "the
		// domain's next code" is well defined.
		perDomain[e.Domain]++
		if want := strings.ToUpper(e.Domain) + twoDigits(perDomain[e.Domain]); e.Code != want {
			t.Errorf("entry %d is %s; want %s", i, e.Code, want)
		}
	}
	for _, d := range cdop.Domains.Codes() {
		if perDomain[d] == 0 {
			t.Errorf("domain %s has no factor in the catalogue", d)
		}
	}
	if len(perDomain) != len(cdop.Domains) {
		t.Errorf("catalogue covers domains %v", perDomain)
	}
}

func twoDigits(n int) string { return string(rune('0'+n/10)) + string(rune('0'+n%10)) }

// A catalogue factor picked for a case validates as a factor detail.
func TestCatalogueFactorsValidateAsDetails(t *testing.T) {
	c := closedCase(t)
	for _, e := range cdop.DefaultFactorCatalogue {
		c.Analysis.FactorDetails = append(c.Analysis.FactorDetails,
			cdop.FactorDetail{Domain: e.Domain, Factor: e.Text, Code: e.Code, Contribution: "may_have_contributed"})
	}
	checkValid(t, c.ValidateOn(today))
	d := cdop.NewCase()
	mustSet(t, d, "factor_details", c.Get("factor_details"))
	if !reflect.DeepEqual(d.Analysis.FactorDetails, c.Analysis.FactorDetails) {
		t.Error("the catalogue's factors do not survive a Get/Set round trip")
	}
}
