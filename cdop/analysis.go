package cdop

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
)

// ScoreLevel is one point of the analysis form's domain scale.
type ScoreLevel struct {
	Value int    // stored value
	Code  string // as printed on the form, e.g. "2" (older forms had "1*")
	Label string
	// Contributory marks the level meaning "factors identified that may have
	// contributed": a domain with a modifiable factor must be scored at it.
	Contributory bool
}

// AnalysisForm is the version of the analysis form a panel uses: its domain
// scale and its categories of death. Both are data, so an older form (the
// 0/1/1*/2/3 scale) is another value, not another branch of code.
type AnalysisForm struct {
	Name       string
	Scale      []ScoreLevel
	Categories Enum // "1" is the highest in the hierarchy
}

// NationalForm is the analysis form in use in England since 2019.
var NationalForm = AnalysisForm{
	Name: "Analysis form (2019)",
	Scale: []ScoreLevel{
		{Value: 0, Code: "0", Label: "Information not available"},
		{Value: 1, Code: "1", Label: "No factors identified, or factors identified but unlikely to have contributed to the death"},
		{Value: 2, Code: "2", Label: "Factors identified that may have contributed to vulnerability, ill-health or death", Contributory: true},
	},
	Categories: Categories,
}

// Level returns the scale's level with a value.
func (f AnalysisForm) Level(value int) (ScoreLevel, bool) {
	for _, l := range f.Scale {
		if l.Value == value {
			return l, true
		}
	}
	return ScoreLevel{}, false
}

// contributory reports whether a score is the scale's "may have contributed" level.
func (f AnalysisForm) contributory(score *int) bool {
	if score == nil {
		return false
	}
	l, ok := f.Level(*score)
	return ok && l.Contributory
}

// Contributions lists how much a factor contributed to the death.
var Contributions = Enum{
	{"contributed", "Contributed"},
	{"may_have_contributed", "May have contributed"},
	{"unlikely", "Unlikely to have contributed"},
}

// FactorDetail is what the panel recorded about one factor beyond its text:
// the catalogue code it was picked from (empty when typed) and how much it
// contributed. Whether it is modifiable is the domain's Modifiable list.
type FactorDetail struct {
	Domain       string `json:"domain"` // a Domains code
	Factor       string `json:"factor"`
	Code         string `json:"code,omitempty"`
	Contribution string `json:"contribution,omitempty"` // Contributions
}

// Detail returns what was recorded about a factor of a domain (by index 0–3).
func (a *Analysis) Detail(domain int, factor string) FactorDetail {
	for _, d := range a.FactorDetails {
		if d.Domain == Domains[domain].Code && strings.EqualFold(d.Factor, factor) {
			return d
		}
	}
	return FactorDetail{Domain: Domains[domain].Code, Factor: factor}
}

// IsModifiable reports whether a factor of a domain was judged modifiable.
func (a *Analysis) IsModifiable(domain int, factor string) bool {
	return containsFold(a.Domains[domain].Modifiable, factor)
}

func encodeFactorDetails(details []FactorDetail) string {
	if len(details) == 0 {
		return ""
	}
	b, err := json.Marshal(details)
	if err != nil {
		panic(err) // plain strings always marshal
	}
	return string(b)
}

func decodeFactorDetails(s string) ([]FactorDetail, error) {
	if s == "" {
		return nil, nil
	}
	var out []FactorDetail
	if err := json.Unmarshal([]byte(s), &out); err != nil {
		return nil, fmt.Errorf("factor details are not readable: %w", err)
	}
	return out, nil
}

// ProposeCategory applies the categories' hierarchy to the categories the
// panel ticked: the lowest-numbered is the primary category, and the others
// are recorded as contributing, in order.
func ProposeCategory(ticked []int) (primary int, contributing []int) {
	seen := map[int]bool{}
	var all []int
	for _, c := range ticked {
		if c > 0 && !seen[c] {
			seen[c] = true
			all = append(all, c)
		}
	}
	if len(all) == 0 {
		return 0, nil
	}
	sort.Ints(all)
	return all[0], all[1:]
}

// Consistency explains where the analysis contradicts itself, without
// changing it (Inconsistencies, as field errors): a modifiable factor in a
// domain not scored "may have contributed", a domain scored so with no
// factor, and an outcome of "modifiable factors identified" with none
// marked modifiable. A panel signs off an analysis only when it is
// consistent.
func (a *Analysis) Consistency(form AnalysisForm) ValidationErrors {
	return issuesAsErrors(a.Inconsistencies(form))
}

// Inconsistencies lists where the analysis contradicts itself on a form,
// each with the rule it breaks, without changing it.
func (a *Analysis) Inconsistencies(form AnalysisForm) []AnalysisIssue {
	var out []AnalysisIssue
	add := func(rule Rule, field string, domain int, format string, args ...any) {
		out = append(out, AnalysisIssue{Rule: rule, Field: field, Domain: domain, Message: fmt.Sprintf(format, args...)})
	}
	// Name every "may have contributed" level of the form's scale (an older
	// scale can have more than one), falling back to the national "2".
	var codes []string
	for _, l := range form.Scale {
		if l.Contributory {
			codes = append(codes, l.Code)
		}
	}
	contributory := "2"
	if len(codes) > 0 {
		contributory = strings.Join(codes, " or ")
	}
	anyModifiable := false
	for i, d := range a.Domains {
		letter := Domains[i].Code
		upper := strings.ToUpper(letter)
		if len(d.Modifiable) > 0 {
			anyModifiable = true
			if !form.contributory(d.Score) {
				add(RuleModifiableNeedsContributory, "domain_"+letter+"_modifiable", i,
					"domain %s has a modifiable factor, so it must be scored %s (may have contributed)", upper, contributory)
			}
		}
		if form.contributory(d.Score) && len(d.Factors) == 0 {
			add(RuleContributoryNeedsFactor, "domain_"+letter+"_factors", i,
				"domain %s is scored %s, so at least one factor must be recorded", upper, contributory)
		}
		for _, f := range d.Factors {
			if det := a.Detail(i, f); det.Contribution == "unlikely" && containsFold(d.Modifiable, f) {
				add(RuleUnlikelyNotModifiable, "domain_"+letter+"_modifiable", i,
					"%q is marked unlikely to have contributed, so it cannot be modifiable", f)
			}
		}
	}
	switch {
	case a.Outcome() == ModifiableIdentified && !anyModifiable:
		add(RuleIdentifiedNeedsModifiable, "modifiable", -1, "\"modifiable factors identified\" needs at least one factor marked modifiable")
	case a.Outcome() == ModifiableNone && anyModifiable:
		add(RuleNoneButModifiable, "modifiable", -1, "factors are marked modifiable, so the outcome cannot be \"no modifiable factors identified\"")
	}
	if a.Category != 0 {
		for _, c := range a.ContributingCategories {
			if c < a.Category {
				add(RulePrimaryFirst, "category", -1,
					"category %d is also ticked and comes first in the hierarchy, so it should be the primary category", c)
			}
		}
	}
	return out
}

// FactorCatalogueEntry is a factor a panel can pick rather than type, with
// the code an extract carries instead of free text.
type FactorCatalogueEntry struct {
	Code   string // unique, e.g. "B04"
	Domain string // a Domains code
	Text   string
}

// DefaultFactorCatalogue is the catalogue a new database starts with; a
// panel extends it with its own entries.
var DefaultFactorCatalogue = []FactorCatalogueEntry{
	{"A01", "a", "Prematurity"},
	{"A02", "a", "Congenital or genetic condition"},
	{"A03", "a", "Chronic or life-limiting illness"},
	{"A04", "a", "Disability or learning disability"},
	{"A05", "a", "Acute illness or infection"},
	{"A06", "a", "Mental health needs of the child"},
	{"A07", "a", "Substance or alcohol use by the child"},
	{"A08", "a", "Behaviour that put the child at risk"},
	{"B01", "b", "Smoking in pregnancy or in the household"},
	{"B02", "b", "Unsafe sleep: co-sleeping or shared surface"},
	{"B03", "b", "Parental substance or alcohol misuse"},
	{"B04", "b", "Domestic abuse"},
	{"B05", "b", "Parental mental health needs"},
	{"B06", "b", "Child protection or safeguarding concerns"},
	{"B07", "b", "Poverty or financial hardship"},
	{"B08", "b", "Bullying or peer relationships"},
	{"B09", "b", "Bereavement or family breakdown"},
	{"B10", "b", "Late or no antenatal booking"},
	{"C01", "c", "Unsafe sleeping environment"},
	{"C02", "c", "Overcrowded, damp or unsafe housing"},
	{"C03", "c", "Road traffic environment"},
	{"C04", "c", "Open water or unsupervised water"},
	{"C05", "c", "Access to means of self-harm"},
	{"C06", "c", "Unsafe product or equipment"},
	{"C07", "c", "Air pollution or environmental exposure"},
	{"D01", "d", "Delay in recognising serious illness"},
	{"D02", "d", "Communication or information sharing between agencies"},
	{"D03", "d", "Access to services, or waiting times"},
	{"D04", "d", "Guidance or protocol not followed"},
	{"D05", "d", "Staffing, skill mix or training"},
	{"D06", "d", "Transition between services"},
	{"D07", "d", "Mental health service provision"},
	{"D08", "d", "Safeguarding referral or response"},
}
