package cdop_test

import (
	"slices"
	"strings"
	"testing"

	"casemanager/cdop"
)

// The registry is the one definition of every field: these tests keep each
// definition whole, so a field cannot be stored and yet have no place on a
// form, a code list, or a disclosure role that contradicts its outputs.

func TestEveryFieldIsOnAFormOrSaysWhyNot(t *testing.T) {
	tabs := []string{cdop.TabDetails, cdop.TabDecisions, cdop.TabFamily, cdop.TabAnalysis}
	for _, f := range cdop.Registry {
		p := f.Form
		switch {
		case p.Tab == "" && p.NotOnForm == "":
			t.Errorf("%s is on no form and does not say why (Form.NotOnForm)", f.Name)
		case p.Tab != "" && p.NotOnForm != "":
			t.Errorf("%s is on the %s tab and also says it is on no form", f.Name, p.Tab)
		case p.Tab != "" && !slices.Contains(tabs, p.Tab):
			t.Errorf("%s: %q is not a tab of the case page", f.Name, p.Tab)
		case p.Tab != "" && p.Section == "":
			t.Errorf("%s is on the %s tab in no section", f.Name, p.Tab)
		case p.New != "" && p.Tab == "":
			t.Errorf("%s is asked for on a new notification but cannot be edited afterwards", f.Name)
		}
		if f.Label == "" {
			t.Errorf("%s has no label", f.Name)
		}
	}
}

func TestDefinitionsAreWhole(t *testing.T) {
	for _, f := range cdop.Registry {
		switch f.Kind {
		case cdop.KindChoice, cdop.KindChecks:
			if len(f.Choices) == 0 {
				t.Errorf("%s is a %s with no choices", f.Name, f.Kind)
			}
		case cdop.KindInteger:
			if f.Min > f.Max {
				t.Errorf("%s: Min %d is above Max %d", f.Name, f.Min, f.Max)
			}
		}
		if (f.NeededFor == "") != (f.Need == "") {
			t.Errorf("%s: NeededFor %q and Need %q go together", f.Name, f.NeededFor, f.Need)
		}
		if f.NeededFor != "" && cdop.StageIndex(f.NeededFor) < 1 {
			t.Errorf("%s: %q is not a stage a case enters", f.Name, f.NeededFor)
		}
		if (f.Event || f.AfterDeath) && f.Kind != cdop.KindDate {
			t.Errorf("%s: only dates are events", f.Name)
		}
	}
}

func TestDisclosureRolesAgreeWithOutputs(t *testing.T) {
	for _, f := range cdop.Registry {
		if f.Disclosure == cdop.Identifier && f.Anonymised && !f.FreeText() && f.Kind != cdop.KindDate {
			t.Errorf("%s is an identifier, so it cannot be shown on an anonymised view (but as scrubbed text, or a date as the time after the death)", f.Name)
		}
		if f.Kind == cdop.KindDate && f.Disclosure != cdop.Identifier {
			t.Errorf("%s is a date: with any other date it dates the death, so it is an identifier", f.Name)
		}
		if f.Disclosure == cdop.Identifier && f.Extract == cdop.ExtractCode {
			t.Errorf("%s is an identifier, so it cannot be an extract column", f.Name)
		}
		if f.Extract == cdop.ExtractCode && (len(f.Choices) == 0 || f.Help == "") {
			t.Errorf("%s is an extract column, so it needs a code list (Choices) and a meaning (Help)", f.Name)
		}
		if f.FreeText() && f.Disclosure != cdop.Identifier && f.Name != "contributing_categories" && f.Name != "factor_details" {
			t.Errorf("%s is free text: typed text can identify anyone, so it is an identifier", f.Name)
		}
	}
	for _, name := range []string{"first_name", "last_name", "nhs_number", "date_of_birth", "date_of_death",
		"time_of_death", "postcode", "key_worker", "summary", "cause_of_death", "learning"} {
		if f, _ := cdop.FieldNamed(name); f.Disclosure != cdop.Identifier {
			t.Errorf("%s is %s; want identifier", name, f.Disclosure)
		}
	}
}

func TestIdentifiersAndFreeTextAreSealedAtRest(t *testing.T) {
	var clear []string
	for _, f := range cdop.Registry {
		if f.Disclosure == cdop.Identifier && !f.SealedAtRest() {
			clear = append(clear, f.Name)
		}
		if f.FreeText() && !f.SealedAtRest() {
			t.Errorf("%s is free text, so it is sealed at rest", f.Name)
		}
		if f.Disclosure != cdop.Identifier && !f.FreeText() && f.SealedAtRest() {
			t.Errorf("%s is sealed at rest though it is neither an identifier nor free text", f.Name)
		}
	}
	// Only the case reference is kept in clear, and it says why.
	if want := []string{"case_ref"}; !slices.Equal(clear, want) {
		t.Errorf("identifiers in clear at rest: %v; want %v", clear, want)
	}
	for _, name := range []string{"first_name", "last_name", "nhs_number", "date_of_birth", "date_of_death",
		"time_of_death", "postcode", "key_worker", "summary", "cause_of_death", "learning", "factor_details"} {
		if f, _ := cdop.FieldNamed(name); !f.SealedAtRest() {
			t.Errorf("%s is kept in clear at rest; want sealed", name)
		}
	}
}

func TestSectionsFollowTheRegistry(t *testing.T) {
	titles := func(ss []cdop.FormSection) []string {
		var out []string
		for _, s := range ss {
			out = append(out, s.Title)
		}
		return out
	}
	for _, tt := range []struct {
		name string
		got  []cdop.FormSection
		want []string
	}{
		{"details", cdop.TabSections(cdop.TabDetails), []string{cdop.SectionChild, cdop.SectionDeath, cdop.SectionReview}},
		{"decisions", cdop.TabSections(cdop.TabDecisions), []string{cdop.SectionExpected, cdop.SectionJAR, cdop.SectionSafeguarding, cdop.SectionCoroner, cdop.SectionParallel}},
		{"family", cdop.TabSections(cdop.TabFamily), []string{cdop.SectionKeyWorker, cdop.SectionFamily}},
		{"new notification", cdop.NewNotificationSections(), []string{cdop.NewChild, cdop.NewDeath, cdop.NewNotification, cdop.NewFamily}},
	} {
		if got := titles(tt.got); !slices.Equal(got, tt.want) {
			t.Errorf("%s: sections %q, want %q", tt.name, got, tt.want)
		}
	}
	// Every field of a tab is in exactly one of its sections.
	for _, f := range cdop.Registry {
		if f.Form.Tab == "" || f.Form.Tab == cdop.TabAnalysis {
			continue
		}
		n := 0
		for _, s := range cdop.TabSections(f.Form.Tab) {
			if slices.Contains(s.Fields, f.Name) {
				n++
			}
		}
		if n != 1 {
			t.Errorf("%s is in %d sections of the %s tab", f.Name, n, f.Form.Tab)
		}
	}
}

func TestCheckValueFollowsTheDefinition(t *testing.T) {
	field := func(name string) cdop.Field {
		f, ok := cdop.FieldNamed(name)
		if !ok {
			t.Fatalf("no field %s", name)
		}
		return f
	}
	for _, tt := range []struct {
		name, field, value string
		rule               cdop.Rule // "" = no problem
		says               string
	}{
		{"a name of 100 characters", "first_name", strings.Repeat("a", 100), "", ""},
		{"a name of 101 characters", "last_name", strings.Repeat("a", 101), cdop.RuleTooLong, "at most 100"},
		{"NUL in a name", "first_name", "Ann\x00a", cdop.RuleForm, `"\x00"`},
		{"ESC in a name", "last_name", "Smith\x1b[31m", cdop.RuleForm, `"\x1b"`},
		{"right-to-left override in a name", "first_name", "Ann\u202ea", cdop.RuleForm, `\u202e`},
		{"a tab in a one-line field", "key_worker", "Sam\tOkafor", cdop.RuleControl, "at character 4"},
		{"ESC in a one-line field", "parallel_review_other", "x\x1b", cdop.RuleControl, "U+001B"},
		{"tabs and line ends in free text", "summary", "line one\n\tline two", "", ""},
		{"NUL in free text", "summary", "line\x00", cdop.RuleControl, "at character 5"},
		{"right-to-left override in free text", "cause_of_death", "a\u202eb", cdop.RuleControl, "U+202E"},
		{"free text of 20,000 characters", "summary", strings.Repeat("x", 20000), "", ""},
		{"free text of 20,001 characters", "summary", strings.Repeat("x", 20001), cdop.RuleTooLong, "at most 20000"},
		{"a reference of 41 characters", "case_ref", strings.Repeat("A", 41), cdop.RuleForm, "up to 40"},
		{"a time", "time_of_death", "23:59", "", ""},
		{"not a time", "time_of_death", "24:00", cdop.RuleForm, "HH:MM"},
		{"a choice", "sex", "female", "", ""},
		{"not a choice", "sex", "f", cdop.RuleNotAllowed, "use one of: male, female"},
		{"a checklist item not listed", "parallel_reviews", "pmrt | audit", cdop.RuleNotAllowed, `"audit"`},
		{"a decile", "imd_decile", "10", "", ""},
		{"a decile out of range", "imd_decile", "11", cdop.RuleRange, "11 is not a decile"},
		{"a score out of range", "domain_a_score", "3", cdop.RuleRange, "0, 1 or 2"},
		{"not a number", "category", "four", cdop.RuleRange, "not a whole number"},
		{"an event in the future", "notified_on", "2026-06-16", cdop.RuleFuture, "in the future"},
		{"a meeting booked ahead", "cdrm_on", "2026-09-01", "", ""},
		{"not a date", "cdrm_on", "2026-02-31", cdop.RuleForm, "2026-02-31"},
		{"a required field left blank", "sex", "", cdop.RuleRequired, "is required"},
		{"an optional field left blank", "postcode", "", "", ""},
		{"a postcode", "postcode", "ls6 2qr", "", ""},
		{"not a postcode", "postcode", "LS6", cdop.RuleForm, "not a UK postcode"},
		{"an NHS number with spaces", "nhs_number", "999 000 0018", "", ""},
		{"an NHS number failing its check digit", "nhs_number", "999 000 0019", cdop.RuleForm, "check digit"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f := field(tt.field)
			got := f.CheckValue(tt.value, today)
			if tt.rule == "" {
				if len(got) > 0 {
					t.Fatalf("CheckValue(%q) = %v; want no problem", tt.value, got)
				}
				return
			}
			if len(got) != 1 {
				t.Fatalf("CheckValue(%q) = %v; want one problem", tt.value, got)
			}
			if got[0].Rule != tt.rule || got[0].Field != tt.field || !strings.Contains(got[0].Message, tt.says) {
				t.Errorf("CheckValue(%q) = %+v; want rule %s saying %q", tt.value, got[0], tt.rule, tt.says)
			}
			if len(got[0].Message) > 200 {
				t.Errorf("message of %d bytes echoes too much: %q", len(got[0].Message), got[0].Message)
			}
		})
	}
}

func TestRuleCodesNameTheOtherField(t *testing.T) {
	c := baseCase(t)
	c.JAR = "no"
	c.JARReason = "external_cause"
	v, _ := cdop.AsValidationErrors(c.ValidateOn(today))
	var found bool
	for _, e := range v {
		if e.Field == "jar_reason" && e.Rule == cdop.RuleNeeds {
			found = true
			if !slices.Equal(e.Args, []string{"jar", "yes"}) || e.Value != "external_cause" {
				t.Errorf("jar_reason problem = %+v; want Args [jar yes] and Value external_cause", e)
			}
		}
	}
	if !found {
		t.Errorf("no RuleNeeds problem on jar_reason in %v", v)
	}
}

func TestDisplayUsesLabels(t *testing.T) {
	c := baseCase(t)
	c.PlaceOfDeath = "other_residence"
	c.ParallelReviews = []string{"pmrt", "leder"}
	c.NotifiedOn = cdop.NewDate(2026, 1, 2)
	for _, tt := range []struct{ field, want string }{
		{"place_of_death", "Other residence"},
		{"parallel_reviews", "Perinatal mortality review (PMRT); Learning from lives and deaths (LeDeR)"},
		{"notified_on", "2 Jan 2026"},
		{"inquest", ""},
	} {
		f, _ := cdop.FieldNamed(tt.field)
		if got := f.Display(c); got != tt.want {
			t.Errorf("%s.Display = %q; want %q", tt.field, got, tt.want)
		}
	}
}

// "Not known" is an answer exactly where the field's choices hold it.
func TestFieldsAllowNotKnownWhereTheirChoicesHoldIt(t *testing.T) {
	for _, tc := range []struct {
		field string
		want  bool
	}{
		{"sex", true}, {"residence_la", true}, {"place_of_death", true}, {"expected", true},
		{"looked_after", true}, {"child_protection_plan", true},
		{"first_name", false}, {"date_of_death", false}, {"jar", false}, {"ethnicity", false}, {"pfd_report", false},
	} {
		f, ok := cdop.FieldNamed(tc.field)
		if !ok {
			t.Fatalf("no field %s", tc.field)
		}
		if got := f.AllowsNotKnown(); got != tc.want {
			t.Errorf("%s allows not known = %v; want %v", tc.field, got, tc.want)
		}
	}
}
