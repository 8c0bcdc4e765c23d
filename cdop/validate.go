package cdop

import (
	"cmp"
	"fmt"
	"regexp"
	"slices"
	"strings"
)

var (
	timePattern    = regexp.MustCompile(`^([01][0-9]|2[0-3]):[0-5][0-9]$`)
	caseRefPattern = regexp.MustCompile(`^[\p{L}\p{N}][\p{L}\p{N}/_.-]{0,39}$`)
)

// Validate checks every rule of a case against today's date on the system clock.
func (c *Case) Validate() error {
	return c.ValidateOn(Today(SystemClock{}))
}

// ValidateOn checks every rule of a case as of today and returns
// ValidationErrors naming each field that breaks one, or nil.
func (c *Case) ValidateOn(today Date) error {
	var v ValidationErrors
	c.validateIdentity(&v, today)
	c.validateNotification(&v, today)
	c.validateReview(&v)
	c.validateAnalysis(&v)
	// The closed-case checks run after the per-domain ones; list every
	// problem in column order, each field's problems in the order found.
	slices.SortStableFunc(v, func(a, b FieldError) int {
		return cmp.Compare(columnIndex[a.Field], columnIndex[b.Field])
	})
	return v.err()
}

func (c *Case) validateIdentity(v *ValidationErrors, today Date) {
	if c.Ref != "" && !caseRefPattern.MatchString(c.Ref) {
		v.add("case_ref", "%s is not a case reference: use up to 40 letters, digits, hyphens, slashes, dots or underscores (e.g. CDOP-2025-0017)", Quote(c.Ref))
	}
	for _, n := range []struct{ field, value string }{{"first_name", c.FirstName}, {"last_name", c.LastName}} {
		if err := CheckPersonName(n.value); err != nil {
			v.add(n.field, "%s", err)
		}
	}
	switch {
	case c.DateOfBirth.IsZero():
		v.add("date_of_birth", "is required")
	case c.DateOfBirth.After(today):
		v.add("date_of_birth", "%s is in the future", c.DateOfBirth)
	}
	switch {
	case c.DateOfDeath.IsZero():
		v.add("date_of_death", "is required")
	case c.DateOfDeath.After(today):
		v.add("date_of_death", "%s is in the future", c.DateOfDeath)
	case !c.DateOfBirth.IsZero() && c.DateOfDeath.Before(c.DateOfBirth):
		v.add("date_of_death", "%s is before the date of birth %s", c.DateOfDeath, c.DateOfBirth)
	case !c.DateOfBirth.IsZero() && c.Age().Years >= 18:
		v.add("date_of_death", "the child was %d on %s; reviews cover deaths before the 18th birthday (%s)",
			c.Age().Years, c.DateOfDeath, Birthday(c.DateOfBirth, c.DateOfBirth.Year()+18))
	}
	if c.Sex == "" {
		v.add("sex", "is required; use one of: %s", strings.Join(Sexes.Codes(), ", "))
	}
	checkEnum(v, "sex", Sexes, c.Sex)
	switch {
	case c.NHSNumber != "":
		if err := CheckNHSNumber(c.NHSNumber); err != nil {
			v.add("nhs_number", "%s", err)
		}
		if c.NHSNumberStatus != "" {
			v.add("nhs_number_status", "must be blank when an NHS number is recorded")
		}
	case c.NHSNumberStatus == "":
		v.add("nhs_number_status", "is required when there is no NHS number; use one of: %s", strings.Join(NHSNumberStatuses.Codes(), ", "))
	default:
		checkEnum(v, "nhs_number_status", NHSNumberStatuses, c.NHSNumberStatus)
	}
	if c.TimeOfDeath != "" && !timePattern.MatchString(c.TimeOfDeath) {
		v.add("time_of_death", "%s is not a time in the form HH:MM (24 hour)", Quote(c.TimeOfDeath))
	}
	if c.Postcode != "" {
		if err := CheckPostcode(c.Postcode); err != nil {
			v.add("postcode", "%s", err)
		}
	}
	checkEnum(v, "ethnicity", EthnicCategories, c.Ethnicity)
	if c.IMDDecile < 0 || c.IMDDecile > 10 {
		v.add("imd_decile", "%d is not a decile; use 1 (most deprived) to 10", c.IMDDecile)
	}
	checkEnum(v, "place_of_death", PlacesOfDeath, c.PlaceOfDeath)
	checkEnum(v, "expected", Expectedness, c.Expected)
}

func (c *Case) validateNotification(v *ValidationErrors, today Date) {
	c.checkEventDate(v, "notified_on", c.NotifiedOn, today)
	checkEnum(v, "jar", YesNo, c.JAR)
	checkEnum(v, "jar_reason", JARReasons, c.JARReason)
	if c.JARReason != "" && c.JAR != "yes" {
		v.add("jar_reason", "a reason for a Joint Agency Response needs jar = yes")
	}
	for _, t := range c.JARTriggers {
		checkEnum(v, "jar_triggers", JARReasons, t)
	}
	if len(c.JARTriggers) > 0 && c.JAR != "yes" {
		v.add("jar_triggers", "JAR triggers need jar = yes")
	}
	if c.JARReason != "" && len(c.JARTriggers) > 0 && !containsString(c.JARTriggers, c.JARReason) {
		v.add("jar_reason", "%s is not among the ticked JAR triggers", Quote(c.JARReason))
	}
	for _, r := range c.ParallelReviews {
		checkEnum(v, "parallel_reviews", ParallelReviewKinds, r)
	}
	if c.ParallelReviewOther != "" && !containsString(c.ParallelReviews, "other") {
		v.add("parallel_review_other", "describes an \"other\" review, which is not ticked")
	}
	checkEnum(v, "abuse_neglect_suspected", YesNo, c.AbuseNeglectSuspected)
	c.checkEventDate(v, "csprp_notified_on", c.CSPRPNotifiedOn, today)
	c.checkEventDate(v, "rapid_review_completed_on", c.RapidReviewCompletedOn, today)
	if !c.RapidReviewCompletedOn.IsZero() && !c.CSPRPNotifiedOn.IsZero() && c.RapidReviewCompletedOn.Before(c.CSPRPNotifiedOn) {
		v.add("rapid_review_completed_on", "%s is before the Child Safeguarding Practice Review Panel was notified (%s)",
			c.RapidReviewCompletedOn, c.CSPRPNotifiedOn)
	}
	checkEnum(v, "coroner_referred", YesNo, c.CoronerReferred)
	checkEnum(v, "post_mortem", YesNo, c.PostMortem)
	checkEnum(v, "inquest", InquestStatuses, c.Inquest)
}

// checkEventDate checks a date of something that has happened since the death.
func (c *Case) checkEventDate(v *ValidationErrors, field string, d, today Date) {
	switch {
	case d.IsZero():
	case d.After(today):
		v.add(field, "%s is in the future", d)
	case !c.DateOfDeath.IsZero() && d.Before(c.DateOfDeath):
		v.add(field, "%s is before the date of death %s", d, c.DateOfDeath)
	}
}

func (c *Case) validateReview(v *ValidationErrors) {
	if c.Stage == "" {
		v.add("stage", "is required; use one of: %s", strings.Join(Stages.Codes(), ", "))
	}
	checkEnum(v, "stage", Stages, string(c.Stage))
	for _, m := range []struct {
		field string
		on    Date
	}{{"cdrm_on", c.CDRMOn}, {"cdop_review_on", c.CDOPReviewOn}, {"family_told_cdrm_on", c.FamilyToldCDRMOn},
		{"family_told_cdop_review_on", c.FamilyToldCDOPReviewOn}, {"family_told_outcome_on", c.FamilyToldOutcomeOn},
		{"analysis_signed_off_on", c.Analysis.SignedOffOn}} {
		if !m.on.IsZero() && !c.DateOfDeath.IsZero() && m.on.Before(c.DateOfDeath) {
			v.add(m.field, "%s is before the date of death %s", m.on, c.DateOfDeath)
		}
	}
}

func (c *Case) validateAnalysis(v *ValidationErrors) {
	a := &c.Analysis
	if a.Category < 0 || a.Category > len(Categories) {
		v.add("category", "%d is not a category of death; use 1 to %d", a.Category, len(Categories))
	}
	anyScoredTwo := false
	for i, d := range a.Domains {
		letter := Domains[i].Code
		if d.Score != nil {
			if !DomainScores.Has(fmt.Sprint(*d.Score)) {
				v.add("domain_"+letter+"_score", "%d is not a score; use 0, 1 or 2", *d.Score)
			}
			anyScoredTwo = anyScoredTwo || *d.Score == 2
		}
		for _, list := range []struct {
			field string
			items []string
		}{{"domain_" + letter + "_factors", d.Factors}, {"domain_" + letter + "_modifiable", d.Modifiable}} {
			for _, item := range list.items {
				if strings.Contains(item, "|") {
					v.add(list.field, "%s holds \"|\", which separates items", Quote(item))
				}
			}
		}
		field := "domain_" + letter + "_modifiable"
		for _, m := range d.Modifiable {
			if !containsFold(d.Factors, m) {
				v.add(field, "%s is not among the domain's factors (domain_%s_factors)", Quote(m), letter)
			}
		}
		if len(d.Modifiable) > 0 && (d.Score == nil || *d.Score != 2) {
			v.add(field, "a modifiable factor needs domain %s scored 2 (may have contributed)", strings.ToUpper(letter))
		}
	}
	checkEnum(v, "modifiable", ModifiableOutcomes, a.Modifiable)
	checkEnum(v, "lcspr_criteria_met", YesNo, a.LCSPRCriteriaMet)
	for _, n := range a.ContributingCategories {
		if n < 1 || n > len(Categories) {
			v.add("contributing_categories", "%d is not a category of death; use 1 to %d", n, len(Categories))
		} else if n == a.Category {
			v.add("contributing_categories", "%d is already the primary category", n)
		}
	}
	for _, d := range a.FactorDetails {
		checkEnum(v, "factor_details", Contributions, d.Contribution)
		if !Domains.Has(d.Domain) {
			v.add("factor_details", "%s is not a domain; use a, b, c or d", Quote(d.Domain))
		}
	}
	if anyModifiable := slices.ContainsFunc(a.Domains[:], func(d DomainEntry) bool { return len(d.Modifiable) > 0 }); anyModifiable && a.Modifiable != "identified" && a.Modifiable != "" {
		v.add("modifiable", "%s disagrees with the modifiable factors listed; use \"identified\"", Quote(a.Modifiable))
	}
	if a.Modifiable == "identified" && !anyScoredTwo {
		v.add("modifiable", "\"identified\" needs at least one domain scored 2")
	}
	if c.Stage == StageClosed {
		c.checkAnalysisComplete(v)
	}
	for _, item := range a.Learning {
		if strings.Contains(item, "|") {
			v.add("learning", "%s holds \"|\", which separates items", Quote(item))
		}
	}
}

// checkAnalysisComplete adds a problem for each part of the analysis a
// closed case must carry: category, the four domain scores and the outcome.
func (c *Case) checkAnalysisComplete(v *ValidationErrors) {
	a := &c.Analysis
	if a.Category == 0 {
		v.add("category", "is required for a closed case")
	}
	for i, d := range a.Domains {
		if d.Score == nil {
			v.add("domain_"+Domains[i].Code+"_score", "is required for a closed case")
		}
	}
	if a.Modifiable == "" {
		v.add("modifiable", "is required for a closed case; use one of: %s", strings.Join(ModifiableOutcomes.Codes(), ", "))
	}
}

func checkEnum(v *ValidationErrors, field string, e Enum, value string) {
	if err := e.check(value); err != nil {
		v.add(field, "%s", err)
	}
}

// containsFold reports whether list holds s, ignoring case.
func containsFold(list []string, s string) bool {
	return slices.ContainsFunc(list, func(item string) bool { return strings.EqualFold(item, s) })
}

func containsString(list []string, s string) bool {
	for _, item := range list {
		if item == s {
			return true
		}
	}
	return false
}
