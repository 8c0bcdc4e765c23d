package cdop

import (
	"regexp"
	"slices"
	"strings"
)

// Supplementary forms are asked for by the cause and circumstances of the
// death. The app suggests them from what the case records; the coordinator
// confirms each by requesting it from an agency (or leaves it).

// FormSuggestion is a supplementary form the case calls for, and why.
type FormSuggestion struct {
	Form    string   // FormTypes code
	Reasons []string // why, each a phrase ("the child died in the first 27 days")
}

// Label is the form's name.
func (s FormSuggestion) Label() string { return FormTypes.Label(s.Form) }

// Why joins the reasons into one sentence's worth.
func (s FormSuggestion) Why() string { return strings.Join(s.Reasons, "; ") }

// formRule suggests a form when its test holds for the case; words is the
// case's free text about the cause (folded to lower case).
type formRule struct {
	form, reason string
	test         func(c *Case, words string) bool
}

// mentions returns a test of the cause's words against a pattern of whole
// words (prefixes where the pattern says so).
func mentions(pattern string) func(*Case, string) bool {
	re := regexp.MustCompile(`\b(?:` + pattern + `)`)
	return func(_ *Case, words string) bool { return re.MatchString(words) }
}

func category(n ...int) func(*Case, string) bool {
	return func(c *Case, _ string) bool { return slices.Contains(n, c.Analysis.Category) }
}

func jarTrigger(t string) func(*Case, string) bool {
	return func(c *Case, _ string) bool { return slices.Contains(c.JARTriggers, t) || c.JARReason == t }
}

// supplementaryRules are the suggestion rules, in the order their reasons
// are given. Each is one line of data: the form, why, and when.
var supplementaryRules = []formRule{
	{"sudden_unexpected_death", "the joint agency response was for a sudden death with no immediately apparent cause", jarTrigger("sudden_unexplained")},
	{"sudden_unexpected_death", "the panel's category is sudden unexpected, unexplained death", category(10)},
	{"sudden_unexpected_death", "an infant died unexpectedly at home", func(c *Case, _ string) bool {
		return c.Expected == "unexpected" && c.BirthOutcome != "unattended_stillbirth" && c.Age().Known && c.Age().Years < 1 &&
			(c.PlaceOfDeath == "home" || c.PlaceOfDeath == "other_residence")
	}},
	{"drowning", "the cause or circumstances mention drowning", mentions(`drown`)},
	{"road_traffic_collision", "the cause or circumstances mention a road traffic collision",
		mentions(`road traffic|rtc\b|rta\b|(?:car|vehicle|traffic) (?:crash|collision|accident)|(?:hit|struck|knocked down) by an? (?:car|van|lorry|bus|vehicle|motorcycle)|pedestrian`)},
	{"suicide_self_harm", "the panel's category is suicide or deliberate self-inflicted harm", category(2)},
	{"suicide_self_harm", "the cause or circumstances mention suicide or self-harm", mentions(`suicid|self[- ]?harm|self[- ]inflicted|hanging|ligature`)},
	{"neonatal", "the child died in the first 27 days", func(c *Case, _ string) bool { return c.AgeBand() == AgeBandNeonatal }},
	{"neonatal", "an unattended stillbirth", func(c *Case, _ string) bool { return c.AgeBand() == AgeBandStillbirth }},
	{"neonatal", "the panel's category is a perinatal or neonatal event", category(8)},
	{"asthma_anaphylaxis", "the cause or circumstances mention asthma or anaphylaxis", mentions(`asthma|anaphyla`)},
	{"cardiac", "the cause or circumstances mention a heart condition", mentions(`cardiac|cardiomyopath|arrhythmi|long qt|myocardi|heart\b`)},
	{"chromosomal_genetic_congenital", "the panel's category is chromosomal, genetic or congenital anomalies", category(7)},
	{"chromosomal_genetic_congenital", "the cause mentions a chromosomal, genetic or congenital condition", mentions(`trisomy|chromosom|genetic|congenital`)},
	{"life_limiting_condition", "an expected death from a malignancy, chronic or congenital condition", expectedLongTerm},
	{"life_limiting_condition", "an expected death in a hospice", func(c *Case, _ string) bool {
		return c.Expected == "expected" && c.PlaceOfDeath == "hospice"
	}},
	{"care_pathway_end_of_life", "an expected death: the end of life care", expectedLongTerm},
	{"care_pathway_emergency", "an unexpected death from an acute illness or infection: the emergency care", func(c *Case, _ string) bool {
		return c.Expected == "unexpected" && (c.Analysis.Category == 5 || c.Analysis.Category == 9)
	}},
	{"care_pathway_inpatient", "an NHS patient safety review runs alongside", func(c *Case, _ string) bool {
		return slices.Contains(c.ParallelReviews, "nhs_serious_incident")
	}},
}

func expectedLongTerm(c *Case, _ string) bool {
	return c.Expected == "expected" && slices.Contains([]int{4, 6, 7}, c.Analysis.Category)
}

// causeWords is the case's free text about the cause, folded for matching:
// the medical certificate's cause, the cause as the panel understands it,
// the circumstances and the inquest's conclusion.
func causeWords(c *Case) string {
	parts := []string{c.Get("mccd_cause"), c.Analysis.CauseOfDeath, c.Summary, c.Get("inquest_conclusion")}
	return strings.ToLower(FoldName(strings.Join(parts, "\n")))
}

// SuggestForms returns the supplementary forms the case file's cause and
// circumstances call for that no request asks for yet, in FormTypes order.
func SuggestForms(f *CaseFile) []FormSuggestion {
	c := f.Case
	words := causeWords(c)
	byForm := map[string]*FormSuggestion{}
	for _, r := range supplementaryRules {
		if !r.test(c, words) {
			continue
		}
		s := byForm[r.form]
		if s == nil {
			s = &FormSuggestion{Form: r.form}
			byForm[r.form] = s
		}
		s.Reasons = append(s.Reasons, r.reason)
	}
	var out []FormSuggestion
	for _, ft := range FormTypes {
		s := byForm[ft.Code]
		if s == nil || slices.ContainsFunc(f.Requests, func(r AgencyRequest) bool { return r.Form == ft.Code }) {
			continue
		}
		out = append(out, *s)
	}
	return out
}
