package cdop_test

import (
	"strings"
	"testing"

	"casemanager/cdop"
)

func TestFixturesAreValid(t *testing.T) {
	checkValid(t, baseCase(t).ValidateOn(today))
	checkValid(t, closedCase(t).ValidateOn(today))
}

func TestValidateEmptyCase(t *testing.T) {
	var c cdop.Case // nothing recorded, not even the stage
	checkErrors(t, c.ValidateOn(today),
		want{"first_name", []string{"is required"}},
		want{"last_name", []string{"is required"}},
		want{"date_of_birth", []string{"is required"}},
		want{"date_of_death", []string{"is required"}},
		want{"sex", []string{"is required", "male, female, indeterminate, not_known"}},
		want{"nhs_number_status", []string{"is required"}},
		want{"stage", []string{"is required", "notified, immediate_decisions"}},
	)
}

func TestValidateIdentityDates(t *testing.T) {
	d := cdop.MustParseDate
	tests := []struct {
		name         string
		birth, death cdop.Date
		wants        []want
	}{
		{"death after birth", d("2015-04-10"), d("2025-11-02"), nil},
		{"death on the day of birth", d("2025-11-02"), d("2025-11-02"), nil},
		{"born and died today", today, today, nil},
		{"death the day before birth", d("2025-11-02"), d("2025-11-01"),
			[]want{{"date_of_death", []string{"2025-11-01 is before the date of birth 2025-11-02"}}}},
		{"death tomorrow", d("2015-04-10"), today.AddDays(1),
			[]want{{"date_of_death", []string{today.AddDays(1).String(), "in the future"}}}},
		{"birth and death tomorrow", today.AddDays(1), today.AddDays(1),
			[]want{{"date_of_birth", []string{"in the future"}}, {"date_of_death", []string{"in the future"}}}},
		{"birth in the future, death before it", today.AddDays(30), d("2025-11-02"),
			[]want{{"date_of_birth", []string{today.AddDays(30).String(), "in the future"}}, {"date_of_death", []string{"before the date of birth"}}}},
		{"no date of birth", cdop.Date{}, d("2025-11-02"),
			[]want{{"date_of_birth", []string{"is required"}}}},
		{"no date of death", d("2015-04-10"), cdop.Date{},
			[]want{{"date_of_death", []string{"is required"}}}},
		{"day before the 18th birthday", d("2007-11-03"), d("2025-11-02"), nil},
		{"on the 18th birthday", d("2007-11-02"), d("2025-11-02"),
			[]want{{"date_of_death", []string{"was 18 on 2025-11-02", "before the 18th birthday (2025-11-02)"}}}},
		{"after the 18th birthday", d("2006-01-15"), d("2025-11-02"),
			[]want{{"date_of_death", []string{"was 19", "18th birthday (2024-01-15)"}}}},
		{"29 February birth, 28 February in the 18th year", d("2008-02-29"), d("2026-02-28"), nil},
		{"29 February birth, 1 March in the 18th year", d("2008-02-29"), d("2026-03-01"),
			[]want{{"date_of_death", []string{"was 18", "18th birthday (2026-03-01)"}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := baseCase(t)
			c.DateOfBirth, c.DateOfDeath = tt.birth, tt.death
			checkErrors(t, c.ValidateOn(today), tt.wants...)
		})
	}
}

// Validate uses the system clock: a death recorded for tomorrow is in the
// future whatever day the test runs.
func TestValidateUsesToday(t *testing.T) {
	c := baseCase(t)
	now := cdop.Today(cdop.SystemClock{})
	c.DateOfDeath = now.AddDays(2)
	checkErrors(t, c.Validate(), want{"date_of_death", []string{"in the future"}})
	c.DateOfDeath = now.AddDays(-2)
	checkValid(t, c.Validate())
}

func TestValidateRules(t *testing.T) {
	d := cdop.MustParseDate
	death := baseCase(t).DateOfDeath
	tests := []struct {
		name   string
		change func(c *cdop.Case)
		wants  []want // nil: the case stays valid
	}{
		// case reference
		{"blank case_ref (assigned later)", func(c *cdop.Case) { c.Ref = "" }, nil},
		{"case_ref with slash and dot", func(c *cdop.Case) { c.Ref = "WY/2025.17_b" }, nil},
		{"case_ref of 40 characters", func(c *cdop.Case) { c.Ref = strings.Repeat("A", 40) }, nil},
		{"case_ref of 41 characters", func(c *cdop.Case) { c.Ref = strings.Repeat("A", 41) },
			[]want{{"case_ref", []string{"not a case reference", "up to 40"}}}},
		{"case_ref with a space", func(c *cdop.Case) { c.Ref = "CDOP 2025 17" },
			[]want{{"case_ref", []string{`"CDOP 2025 17"`, "not a case reference"}}}},
		{"case_ref starting with a hyphen", func(c *cdop.Case) { c.Ref = "-17" },
			[]want{{"case_ref", []string{"not a case reference"}}}},

		// time of death
		{"time 00:00", func(c *cdop.Case) { c.TimeOfDeath = "00:00" }, nil},
		{"time 23:59", func(c *cdop.Case) { c.TimeOfDeath = "23:59" }, nil},
		{"time 09:05", func(c *cdop.Case) { c.TimeOfDeath = "09:05" }, nil},
		{"time 9:30", func(c *cdop.Case) { c.TimeOfDeath = "9:30" },
			[]want{{"time_of_death", []string{`"9:30"`, "HH:MM"}}}},
		{"time 24:00", func(c *cdop.Case) { c.TimeOfDeath = "24:00" },
			[]want{{"time_of_death", []string{"HH:MM"}}}},
		{"time 12:60", func(c *cdop.Case) { c.TimeOfDeath = "12:60" },
			[]want{{"time_of_death", []string{"HH:MM"}}}},
		{"time 12.30", func(c *cdop.Case) { c.TimeOfDeath = "12.30" },
			[]want{{"time_of_death", []string{"HH:MM"}}}},
		{"time 1230", func(c *cdop.Case) { c.TimeOfDeath = "1230" },
			[]want{{"time_of_death", []string{"HH:MM"}}}},
		{"time with seconds", func(c *cdop.Case) { c.TimeOfDeath = "12:30:00" },
			[]want{{"time_of_death", []string{"HH:MM"}}}},
		{"time 4pm", func(c *cdop.Case) { c.TimeOfDeath = "4pm" },
			[]want{{"time_of_death", []string{"HH:MM"}}}},

		// deprivation decile
		{"imd_decile 1", func(c *cdop.Case) { c.IMDDecile = 1 }, nil},
		{"imd_decile 10", func(c *cdop.Case) { c.IMDDecile = 10 }, nil},
		{"imd_decile 11", func(c *cdop.Case) { c.IMDDecile = 11 },
			[]want{{"imd_decile", []string{"11 is not a decile", "1 (most deprived) to 10"}}}},
		{"imd_decile -1", func(c *cdop.Case) { c.IMDDecile = -1 },
			[]want{{"imd_decile", []string{"-1 is not a decile"}}}},

		// notification
		{"notified on the day of death", func(c *cdop.Case) { c.NotifiedOn = death }, nil},
		{"notified today", func(c *cdop.Case) { c.NotifiedOn = today }, nil},
		{"notified the day before the death", func(c *cdop.Case) { c.NotifiedOn = death.AddDays(-1) },
			[]want{{"notified_on", []string{death.AddDays(-1).String(), "before the date of death " + death.String()}}}},
		{"notified tomorrow", func(c *cdop.Case) { c.NotifiedOn = today.AddDays(1) },
			[]want{{"notified_on", []string{"in the future"}}}},

		// joint agency response
		{"jar yes with a reason", func(c *cdop.Case) { c.JAR, c.JARReason = "yes", "sudden_unexplained" }, nil},
		{"jar yes without a reason", func(c *cdop.Case) { c.JAR = "yes" }, nil},
		{"jar no without a reason", func(c *cdop.Case) { c.JAR = "no" }, nil},
		{"jar reason, jar blank", func(c *cdop.Case) { c.JARReason = "external_cause" },
			[]want{{"jar_reason", []string{"needs jar = yes"}}}},
		{"jar reason, jar no", func(c *cdop.Case) { c.JAR, c.JARReason = "no", "suspicious" },
			[]want{{"jar_reason", []string{"needs jar = yes"}}}},

		// safeguarding practice review panel and rapid review
		{"rapid review after CSPRP notification", func(c *cdop.Case) {
			c.AbuseNeglectSuspected = "yes"
			c.CSPRPNotifiedOn, c.RapidReviewCompletedOn = d("2025-11-06"), d("2025-11-25")
		}, nil},
		{"rapid review the day CSPRP was notified", func(c *cdop.Case) {
			c.CSPRPNotifiedOn, c.RapidReviewCompletedOn = d("2025-11-06"), d("2025-11-06")
		}, nil},
		{"rapid review before CSPRP notification", func(c *cdop.Case) {
			c.CSPRPNotifiedOn, c.RapidReviewCompletedOn = d("2025-11-06"), d("2025-11-05")
		}, []want{{"rapid_review_completed_on", []string{"2025-11-05 is before the Child Safeguarding Practice Review Panel was notified (2025-11-06)"}}}},
		{"rapid review with no CSPRP date", func(c *cdop.Case) { c.RapidReviewCompletedOn = d("2025-11-20") }, nil},
		{"rapid review in the future", func(c *cdop.Case) {
			c.CSPRPNotifiedOn, c.RapidReviewCompletedOn = d("2025-11-06"), today.AddDays(1)
		}, []want{{"rapid_review_completed_on", []string{"in the future"}}}},
		{"CSPRP notified in the future", func(c *cdop.Case) { c.CSPRPNotifiedOn = today.AddDays(3) },
			[]want{{"csprp_notified_on", []string{"in the future"}}}},

		// meetings
		{"CDRM after death", func(c *cdop.Case) { c.CDRMOn = d("2026-02-02") }, nil},
		{"CDRM booked for next month", func(c *cdop.Case) { c.CDRMOn = today.AddMonths(1) }, nil},
		{"CDRM on the day of death", func(c *cdop.Case) { c.CDRMOn = death }, nil},
		{"CDRM before death", func(c *cdop.Case) { c.CDRMOn = death.AddDays(-1) },
			[]want{{"cdrm_on", []string{"before the date of death " + death.String()}}}},
		{"CDOP review before death", func(c *cdop.Case) { c.CDOPReviewOn = d("2025-01-01") },
			[]want{{"cdop_review_on", []string{"2025-01-01 is before the date of death"}}}},

		// stage
		{"stage blank", func(c *cdop.Case) { c.Stage = "" },
			[]want{{"stage", []string{"is required", strings.Join(specStages, ", ")}}}},
		{"stage open", func(c *cdop.Case) { c.Stage = "open" },
			[]want{{"stage", []string{`"open" is not allowed`, strings.Join(specStages, ", ")}}}},

		// analysis outside the closed stage
		{"no analysis before closing", func(c *cdop.Case) { c.Stage = cdop.StageCDOPReview }, nil},
		{"category 1", func(c *cdop.Case) { c.Analysis.Category = 1 }, nil},
		{"category 11", func(c *cdop.Case) { c.Analysis.Category = 11 },
			[]want{{"category", []string{"11 is not a category of death", "1 to 10"}}}},
		{"category -2", func(c *cdop.Case) { c.Analysis.Category = -2 },
			[]want{{"category", []string{"-2 is not a category"}}}},
		{"domain score 3", func(c *cdop.Case) { c.Analysis.Domains[1].Score = cdop.ScoreOf(3) },
			[]want{{"domain_b_score", []string{"3 is not a score", "0, 1 or 2"}}}},
		{"domain score -1", func(c *cdop.Case) { c.Analysis.Domains[3].Score = cdop.ScoreOf(-1) },
			[]want{{"domain_d_score", []string{"-1 is not a score"}}}},
		{"identified without a domain scored 2", func(c *cdop.Case) {
			c.Analysis.Domains[0].Score = cdop.ScoreOf(1)
			c.Analysis.Modifiable = "identified"
		}, []want{{"modifiable", []string{`"identified" needs at least one domain scored 2`}}}},
		{"factor holding the separator", func(c *cdop.Case) { c.Analysis.Domains[2].Factors = []string{"stairs | gate"} },
			[]want{{"domain_c_factors", []string{`"stairs | gate"`, "separates items"}}}},
		{"learning holding the separator", func(c *cdop.Case) { c.Analysis.Learning = []string{"one|two"} },
			[]want{{"learning", []string{`"one|two"`, "separates items"}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := baseCase(t)
			tt.change(c)
			checkErrors(t, c.ValidateOn(today), tt.wants...)
		})
	}
}

func TestValidateClosedCase(t *testing.T) {
	tests := []struct {
		name   string
		change func(c *cdop.Case)
		wants  []want
	}{
		{"complete", func(c *cdop.Case) {}, nil},
		{"no category", func(c *cdop.Case) { c.Analysis.Category = 0 },
			[]want{{"category", []string{"required for a closed case"}}}},
		{"domain A not scored", func(c *cdop.Case) {
			c.Analysis.Domains[0] = cdop.DomainEntry{}
		}, []want{{"domain_a_score", []string{"required for a closed case"}}}},
		{"domain D not scored", func(c *cdop.Case) { c.Analysis.Domains[3].Score = nil },
			[]want{{"domain_d_score", []string{"required for a closed case"}}}},
		{"domain scored 0 counts as scored", func(c *cdop.Case) {
			for i := range c.Analysis.Domains {
				c.Analysis.Domains[i] = cdop.DomainEntry{Score: cdop.ScoreOf(0)}
			}
			c.Analysis.Modifiable = "insufficient_information"
		}, nil},
		{"no modifiable outcome", func(c *cdop.Case) { c.Analysis.Modifiable = "" },
			[]want{{"modifiable", []string{"required for a closed case", "identified, none, insufficient_information"}}}},
		{"no analysis at all", func(c *cdop.Case) { c.Analysis = cdop.Analysis{} }, []want{
			{"category", []string{"required for a closed case"}},
			{"domain_a_score", []string{"required for a closed case"}},
			{"domain_b_score", []string{"required for a closed case"}},
			{"domain_c_score", []string{"required for a closed case"}},
			{"domain_d_score", []string{"required for a closed case"}},
			{"modifiable", []string{"required for a closed case"}},
		}},

		// modifiable outcome and per-domain modifiable factors
		{"identified with a modifiable factor in a domain scored 2", func(c *cdop.Case) {
			c.Analysis.Modifiable = "identified"
			c.Analysis.Domains[0].Modifiable = []string{"unsafe sleep position"}
		}, nil},
		{"identified with several modifiable factors", func(c *cdop.Case) {
			c.Analysis.Modifiable = "identified"
			c.Analysis.Domains[0].Modifiable = []string{"overheating", "unsafe sleep position"}
		}, nil},
		{"identified, historical: no per-factor detail", func(c *cdop.Case) {
			c.Analysis.Modifiable = "identified"
		}, nil},
		{"none, historical: domain scored 2 without per-factor detail", func(c *cdop.Case) {
			c.Analysis.Modifiable = "none"
		}, nil},
		{"insufficient information, historical", func(c *cdop.Case) {
			c.Analysis.Modifiable = "insufficient_information"
			c.Analysis.Domains[0].Factors = nil
		}, nil},
		{"identified with no domain scored 2", func(c *cdop.Case) {
			c.Analysis.Domains[0].Score = cdop.ScoreOf(1)
			c.Analysis.Modifiable = "identified"
		}, []want{{"modifiable", []string{"needs at least one domain scored 2"}}}},
		{"identified with every domain scored 0", func(c *cdop.Case) {
			for i := range c.Analysis.Domains {
				c.Analysis.Domains[i] = cdop.DomainEntry{Score: cdop.ScoreOf(0)}
			}
			c.Analysis.Modifiable = "identified"
		}, []want{{"modifiable", []string{"needs at least one domain scored 2"}}}},
		{"modifiable factor not among the domain's factors", func(c *cdop.Case) {
			c.Analysis.Modifiable = "identified"
			c.Analysis.Domains[0].Modifiable = []string{"co-sleeping"}
		}, []want{{"domain_a_modifiable", []string{`"co-sleeping" is not among the domain's factors (domain_a_factors)`}}}},
		{"modifiable factor listed in another domain only", func(c *cdop.Case) {
			c.Analysis.Modifiable = "identified"
			c.Analysis.Domains[1].Score = cdop.ScoreOf(2)
			c.Analysis.Domains[1].Modifiable = []string{"overheating"}
		}, []want{{"domain_b_modifiable", []string{`"overheating" is not among the domain's factors (domain_b_factors)`}}}},
		{"modifiable factor in a domain scored 1", func(c *cdop.Case) {
			c.Analysis.Domains[1] = cdop.DomainEntry{Score: cdop.ScoreOf(1), Factors: []string{"parental smoking"}, Modifiable: []string{"parental smoking"}}
		}, []want{{"domain_b_modifiable", []string{"needs domain B scored 2"}}, {"modifiable", []string{`"none" disagrees with the modifiable factors`}}}},
		{"modifiable factor in a domain scored 0", func(c *cdop.Case) {
			c.Analysis.Domains[3] = cdop.DomainEntry{Score: cdop.ScoreOf(0), Factors: []string{"delayed ambulance"}, Modifiable: []string{"delayed ambulance"}}
		}, []want{{"domain_d_modifiable", []string{"needs domain D scored 2"}}, {"modifiable", []string{`"none" disagrees`}}}},
		{"modifiable factor in an unscored domain, factor missing too", func(c *cdop.Case) {
			c.Stage = cdop.StageCDOPReview
			c.Analysis.Domains[2] = cdop.DomainEntry{Modifiable: []string{"unguarded window"}}
		}, []want{{"domain_c_modifiable", []string{`"unguarded window" is not among`, "needs domain C scored 2"}}, {"modifiable", []string{`"none" disagrees`}}}},
		{"modifiable item holding the separator", func(c *cdop.Case) {
			c.Analysis.Domains[0].Factors = []string{"a|b"}
			c.Analysis.Domains[0].Modifiable = []string{"a|b"}
		}, []want{
			{"domain_a_factors", []string{"separates items"}},
			{"domain_a_modifiable", []string{"separates items"}},
			{"modifiable", []string{`"none" disagrees`}},
		}},
		{"modifiable factors listed with the outcome none", func(c *cdop.Case) {
			c.Analysis.Domains[0] = cdop.DomainEntry{Score: cdop.ScoreOf(2), Factors: []string{"unsafe sleep"}, Modifiable: []string{"Unsafe sleep"}}
		}, []want{{"modifiable", []string{`"none" disagrees with the modifiable factors listed; use "identified"`}}}},
		{"modifiable factor matches its factor whatever the case", func(c *cdop.Case) {
			c.Analysis.Domains[0] = cdop.DomainEntry{Score: cdop.ScoreOf(2), Factors: []string{"Unsafe sleep"}, Modifiable: []string{"unsafe SLEEP"}}
			c.Analysis.Modifiable = "identified"
		}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := closedCase(t)
			tt.change(c)
			checkErrors(t, c.ValidateOn(today), tt.wants...)
		})
	}
}

// The spec's lists of allowed words, copied from case-csv.md.
var (
	specSexes        = []string{"male", "female", "indeterminate", "not_known"}
	specNHSStatuses  = []string{"not_available", "non_resident"}
	specPlaces       = []string{"hospital", "hospice", "home", "other_residence", "public_place", "abroad", "other", "not_known"}
	specExpected     = []string{"expected", "unexpected", "not_known"}
	specYesNo        = []string{"yes", "no"}
	specJARReasons   = []string{"external_cause", "sudden_unexplained", "custody_or_detention", "suspicious", "unattended_stillbirth"}
	specInquest      = []string{"yes", "no", "pending"}
	specStages       = []string{"notified", "immediate_decisions", "information_gathering", "cdrm", "cdop_review", "closed"}
	specModifiable   = []string{"identified", "none", "insufficient_information"}
	specEthnicCodes  = []string{"A", "B", "C", "D", "E", "F", "G", "H", "J", "K", "L", "M", "N", "P", "R", "S", "Z"}
	specCategories   = []string{"1", "2", "3", "4", "5", "6", "7", "8", "9", "10"}
	specDomainScores = []string{"0", "1", "2"}
)

func TestEnumsMatchSpec(t *testing.T) {
	tests := []struct {
		name string
		enum cdop.Enum
		want []string
	}{
		{"Sexes", cdop.Sexes, specSexes},
		{"NHSNumberStatuses", cdop.NHSNumberStatuses, specNHSStatuses},
		{"PlacesOfDeath", cdop.PlacesOfDeath, specPlaces},
		{"Expectedness", cdop.Expectedness, specExpected},
		{"YesNo", cdop.YesNo, specYesNo},
		{"JARReasons", cdop.JARReasons, specJARReasons},
		{"InquestStatuses", cdop.InquestStatuses, specInquest},
		{"Stages", cdop.Stages, specStages},
		{"ModifiableOutcomes", cdop.ModifiableOutcomes, specModifiable},
		{"EthnicCategories", cdop.EthnicCategories, specEthnicCodes},
		{"Categories", cdop.Categories, specCategories},
		{"DomainScores", cdop.DomainScores, specDomainScores},
		{"Domains", cdop.Domains, []string{"a", "b", "c", "d"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := strings.Join(tt.enum.Codes(), ","); got != strings.Join(tt.want, ",") {
				t.Errorf("codes %s; want %s", got, strings.Join(tt.want, ","))
			}
			labels := tt.enum.Labels()
			if len(labels) != len(tt.want) {
				t.Fatalf("%d labels for %d codes", len(labels), len(tt.want))
			}
			for i, code := range tt.want {
				if labels[i] == "" {
					t.Errorf("%s has no label", code)
				}
				if got := tt.enum.Label(code); got != labels[i] {
					t.Errorf("Label(%q) = %q; want %q", code, got, labels[i])
				}
				if got := tt.enum.CodeForLabel(labels[i]); got != code {
					t.Errorf("CodeForLabel(%q) = %q; want %q", labels[i], got, code)
				}
			}
		})
	}
}

func TestEnumLookups(t *testing.T) {
	if got := cdop.Sexes.Label("unknown_word"); got != "unknown_word" {
		t.Errorf("Label of an unlisted code = %q; want the code itself", got)
	}
	if got := cdop.Sexes.CodeForLabel("Nobody"); got != "" {
		t.Errorf("CodeForLabel of an unlisted label = %q; want \"\"", got)
	}
	if cdop.Sexes.Has("") || cdop.Sexes.Has("Male") || !cdop.Sexes.Has("male") {
		t.Error("Has must match codes exactly")
	}
	if got := cdop.StageCDRM.Label(); got != "Child death review meeting" {
		t.Errorf("StageCDRM.Label() = %q", got)
	}
}

// Every enumerated column refuses a wrong word with a message that lists the
// allowed words, and accepts each allowed word.
func TestValidateEnumeratedColumns(t *testing.T) {
	tests := []struct {
		column  string
		allowed []string
		wrong   []string
		prepare func(c *cdop.Case)
	}{
		{"sex", specSexes, []string{"Male", "m", "boy", "unknown"}, nil},
		{"nhs_number_status", specNHSStatuses, []string{"Not available", "unknown", "n/a"}, func(c *cdop.Case) { c.NHSNumber = "" }},
		{"place_of_death", specPlaces, []string{"Home", "hospital ward", "school"}, nil},
		{"expected", specExpected, []string{"Unexpected", "yes", "unknown"}, nil},
		{"jar", specYesNo, []string{"Yes", "y", "true", "1"}, nil},
		{"jar_reason", specJARReasons, []string{"SUDI", "external", "other"}, func(c *cdop.Case) { c.JAR = "yes" }},
		{"abuse_neglect_suspected", specYesNo, []string{"No", "unknown", "n"}, nil},
		{"coroner_referred", specYesNo, []string{"YES", "pending"}, nil},
		{"post_mortem", specYesNo, []string{"yes please", "not_known"}, nil},
		{"inquest", specInquest, []string{"adjourned", "Pending", "held"}, nil},
		{"stage", specStages, []string{"Closed", "open", "review"}, nil},
		{"modifiable", specModifiable, []string{"Identified", "yes", "unknown"}, nil},
		{"ethnicity", specEthnicCodes, []string{"I", "O", "Q", "T", "Y", "AB", "1", "White"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.column, func(t *testing.T) {
			for _, word := range tt.allowed {
				c := closedCase(t)
				if tt.prepare != nil {
					tt.prepare(c)
				}
				mustSet(t, c, tt.column, word)
				checkValid(t, c.ValidateOn(today))
			}
			for _, word := range tt.wrong {
				c := closedCase(t)
				if tt.prepare != nil {
					tt.prepare(c)
				}
				mustSet(t, c, tt.column, word)
				checkErrors(t, c.ValidateOn(today), want{tt.column, []string{
					`"` + word + `" is not allowed`,
					"use one of: " + strings.Join(tt.allowed, ", "),
				}})
			}
		})
	}
}

// Every letter is an ethnic category code exactly when the NHS Data
// Dictionary lists it: A to S except I, O and Q, and Z.
func TestValidateEthnicityLetters(t *testing.T) {
	for r := 'A'; r <= 'Z'; r++ {
		code := string(r)
		allowed := (r <= 'S' && r != 'I' && r != 'O' && r != 'Q') || r == 'Z'
		c := baseCase(t)
		c.Ethnicity = code
		err := c.ValidateOn(today)
		if allowed {
			checkValid(t, err)
		} else if validationErrors(t, err).For("ethnicity") == "" {
			t.Errorf("ethnicity %q accepted; want it refused", code)
		}
	}
}

// Problems are listed in the order of the interchange columns, so a form or
// an import report reads them top to bottom.
func TestValidationErrorsInColumnOrder(t *testing.T) {
	c := closedCase(t)
	c.FirstName = "Ayla9"
	c.Sex = "Female"
	c.TimeOfDeath = "25:00"
	c.JARReason = "suspicious"
	c.CDOPReviewOn = c.DateOfDeath.AddDays(-3)
	c.Analysis.Category = 0
	c.Analysis.Domains[1].Score = nil
	c.Analysis.Domains[0].Modifiable = []string{"stairs"}
	c.Analysis.Domains[2].Score = cdop.ScoreOf(5)
	c.Analysis.Modifiable = ""
	c.Analysis.Learning = []string{"x|y"}
	v := validationErrors(t, c.ValidateOn(today))
	position := map[string]int{}
	for i, col := range cdop.Columns {
		position[col.Name] = i
	}
	if len(v) < 10 {
		t.Fatalf("want at least 10 problems, got %s", describe(v))
	}
	for i := 1; i < len(v); i++ {
		if position[v[i-1].Field] > position[v[i].Field] {
			t.Errorf("%s listed before %s: %s", v[i-1].Field, v[i].Field, describe(v))
		}
	}
}

// The example rows of the spec (example-cases.csv) are valid once read
// through Set, with the NHS number and postcode stored normalised.
func TestSpecExampleRowsAreValid(t *testing.T) {
	header := strings.Split("case_ref,first_name,last_name,date_of_birth,date_of_death,sex,nhs_number,nhs_number_status,time_of_death,postcode,ethnicity,imd_decile,residence_la,place_of_death,expected,notified_on,jar,jar_reason,abuse_neglect_suspected,csprp_notified_on,rapid_review_completed_on,coroner_referred,post_mortem,inquest,key_worker,stage,cdrm_on,cdop_review_on,category,domain_a_score,domain_b_score,domain_c_score,domain_d_score,domain_a_factors,domain_b_factors,domain_c_factors,domain_d_factors,modifiable,cause_of_death,summary,learning", ",")
	rows := [][]string{
		{"CDOP-2025-0001", "Élodie", "Brennan-Kowalczyk", "2025-01-03", "2025-01-19", "female", "999 000 0018", "", "04:12", "ls6 2qr", "C", "3", "Leeds", "hospital", "expected", "2025-01-20", "no", "", "no", "", "", "no", "no", "no", "Neonatal bereavement nurse", "closed", "2025-03-11", "2025-05-14", "8", "2", "1", "1", "1", "extreme prematurity (24 weeks)", "", "", "", "none", "Extreme prematurity", "Born at 24 weeks; died on the neonatal unit on day 16.", "No new learning"},
		{"CDOP-2025-0002", "Tariq", "Al-Amin", "2024-10-02", "2025-02-08", "male", "9990000026", "", "", "BD3 9LE", "J", "1", "Bradford", "home", "unexpected", "2025-02-08", "yes", "sudden_unexplained", "no", "", "", "yes", "yes", "pending", "SUDIC specialist nurse", "information_gathering", "", "", "", "", "", "", "", "", "", "", "", "", "", "Found unresponsive in the morning; shared sleeping surface reported.", ""},
		{"", "Grace", "O'Neill", "2009-06-30", "2025-03-02", "female", "", "non_resident", "", "", "Z", "", "", "public_place", "unexpected", "2025-03-03", "yes", "external_cause", "no", "", "", "yes", "yes", "pending", "", "notified", "", "", "", "", "", "", "", "", "", "", "", "", "", "Visiting from abroad; road traffic collision.", ""},
	}
	for _, row := range rows {
		c := cdop.NewCase()
		for i, name := range header {
			mustSet(t, c, name, row[i])
		}
		checkValid(t, c.ValidateOn(today))
	}
}
