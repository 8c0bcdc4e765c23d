package cdop

import (
	"cmp"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
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
// ValidationErrors naming each field that breaks one, or nil: first each
// field on its own, as its definition says (CheckValue), then the rules
// across fields.
func (c *Case) ValidateOn(today Date) error {
	var v ValidationErrors
	for i := range Registry {
		f := &Registry[i]
		f.checkValue(&v, c, f.get(c), today)
	}
	c.validateIdentity(&v, today)
	c.validateNotification(&v)
	c.validateStatutory(&v, today)
	c.validateAnalysis(&v)
	// List every problem in field order, each field's problems in the order found.
	slices.SortStableFunc(v, func(a, b FieldError) int {
		return cmp.Compare(columnIndex[a.Field], columnIndex[b.Field])
	})
	return v.err()
}

// CheckValue checks value, in its interchange form, against the field's own
// definition (kind, choices, range, length, form), as of today, and returns
// the problems; rules that need other fields are Validate's.
func (f *Field) CheckValue(value string, today Date) ValidationErrors {
	var v ValidationErrors
	f.checkValue(&v, nil, value, today)
	return v
}

// checkValue adds the problems of one field's value; c, when given, supplies
// the date of death that event dates are checked against.
func (f *Field) checkValue(v *ValidationErrors, c *Case, value string, today Date) {
	if f.normalise != nil {
		value = f.normalise(value)
	}
	if value == "" {
		if f.Required && f.Name != "case_ref" { // a blank reference is assigned on saving
			if f.Kind == KindChoice {
				v.rule(f.Name, RuleRequired, "is required; use one of: %s", strings.Join(f.Choices.Codes(), ", "))
			} else {
				v.rule(f.Name, RuleRequired, "is required")
			}
		}
		return
	}
	if f.check != nil {
		if err := f.check(value); err != nil {
			v.rule(f.Name, RuleForm, "%s", err).about(value)
			return
		}
	}
	switch f.Kind {
	case KindText, KindLongText, KindList:
		if n := len([]rune(value)); n > f.MaxLength() {
			v.rule(f.Name, RuleTooLong, "is %d characters long; at most %d are allowed", n, f.MaxLength()).
				about("", strconv.Itoa(f.MaxLength()))
			return
		}
		if at, r := controlCharacter(value, f.FreeText()); at > 0 {
			v.rule(f.Name, RuleControl, "holds a control character (%U) at character %d; remove it", r, at).
				about("", strconv.Itoa(at))
			return
		}
	case KindTime:
		if !timePattern.MatchString(value) {
			v.rule(f.Name, RuleForm, "%s is not a time in the form HH:MM (24 hour)", Quote(value)).about(value)
		}
	case KindChoice:
		if !f.Choices.Has(value) {
			v.rule(f.Name, RuleNotAllowed, "%s is not allowed; use one of: %s", Quote(value), strings.Join(f.Choices.Codes(), ", ")).about(value)
		}
	case KindChecks:
		for _, item := range SplitList(value) {
			if !f.Choices.Has(item) {
				v.rule(f.Name, RuleNotAllowed, "%s is not allowed; use one of: %s", Quote(item), strings.Join(f.Choices.Codes(), ", ")).about(item)
			}
		}
	case KindInteger:
		n, err := strconv.Atoi(value)
		switch {
		case err != nil:
			v.rule(f.Name, RuleRange, "%s is not a whole number", Quote(value)).about(value, strconv.Itoa(f.Min), strconv.Itoa(f.Max))
		case n < f.Min || n > f.Max:
			msg := fmt.Sprintf("is not allowed; use a whole number from %d to %d", f.Min, f.Max)
			if f.OutOfRange != "" {
				msg = f.OutOfRange
			}
			v.rule(f.Name, RuleRange, "%d %s", n, msg).about(value, strconv.Itoa(f.Min), strconv.Itoa(f.Max))
		}
	case KindDate:
		d, err := ParseDate(value)
		if err != nil {
			v.rule(f.Name, RuleForm, "%s", err).about(value)
			return
		}
		var death Date
		if c != nil {
			death = c.DateOfDeath
		}
		switch {
		case f.Event && d.After(today):
			v.rule(f.Name, RuleFuture, "%s is in the future", d).about(value)
		case (f.Event || f.AfterDeath) && !death.IsZero() && d.Before(death):
			v.rule(f.Name, RuleBefore, "%s is before the date of death %s", d, death).about(value, "date_of_death", death.String())
		}
	}
	if c != nil && f.items != nil {
		for _, item := range f.items(c) {
			if strings.Contains(item, "|") {
				v.rule(f.Name, RuleSeparator, "%s holds \"|\", which separates items", Quote(item)).about(item)
			}
		}
	}
}

// controlCharacter returns the position (from 1) and rune of the first
// control or invisible formatting character in s (a right-to-left override,
// say), or 0; free text may hold tabs and line ends.
func controlCharacter(s string, freeText bool) (int, rune) {
	i := 0
	for _, r := range s {
		i++
		if freeText && (r == '\t' || r == '\n') {
			continue
		}
		if r < utf8.RuneSelf { // ASCII: the C0 controls and DEL; no format characters
			if r < 0x20 || r == 0x7f {
				return i, r
			}
			continue
		}
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) && r != '\u200d' && r != '\u200c' {
			return i, r
		}
	}
	return 0, 0
}

func (c *Case) validateIdentity(v *ValidationErrors, today Date) {
	if !c.DateOfBirth.IsZero() && c.DateOfBirth.After(today) {
		v.rule("date_of_birth", RuleFuture, "%s is in the future", c.DateOfBirth)
	}
	switch {
	case c.DateOfDeath.IsZero():
	case c.DateOfDeath.After(today):
		v.rule("date_of_death", RuleFuture, "%s is in the future", c.DateOfDeath)
	case !c.DateOfBirth.IsZero() && c.DateOfDeath.Before(c.DateOfBirth):
		v.rule("date_of_death", RuleBefore, "%s is before the date of birth %s", c.DateOfDeath, c.DateOfBirth).
			about(c.DateOfDeath.String(), "date_of_birth", c.DateOfBirth.String())
	case !c.DateOfBirth.IsZero() && c.Age().Years >= 18:
		v.rule("date_of_death", RuleTooOld, "the child was %d on %s; reviews cover deaths before the 18th birthday (%s)",
			c.Age().Years, c.DateOfDeath, Birthday(c.DateOfBirth, c.DateOfBirth.Year()+18))
	}
	switch {
	case c.NHSNumber != "" && c.NHSNumberStatus != "":
		v.rule("nhs_number_status", RuleMustBeBlank, "must be blank when an NHS number is recorded").about("", "nhs_number")
	case c.NHSNumber == "" && c.NHSNumberStatus == "":
		v.rule("nhs_number_status", RuleRequiredWhen, "is required when there is no NHS number; use one of: %s",
			strings.Join(NHSNumberStatuses.Codes(), ", ")).about("", "nhs_number")
	}
}

func (c *Case) validateNotification(v *ValidationErrors) {
	if c.Stage == "" {
		v.rule("stage", RuleRequired, "is required; use one of: %s", strings.Join(Stages.Codes(), ", "))
	}
	if c.JARReason != "" && c.JAR != "yes" {
		v.rule("jar_reason", RuleNeeds, "a reason for a Joint Agency Response needs jar = yes").about(c.JARReason, "jar", "yes")
	}
	if len(c.JARTriggers) > 0 && c.JAR != "yes" {
		v.rule("jar_triggers", RuleNeeds, "JAR triggers need jar = yes").about("", "jar", "yes")
	}
	if c.JARReason != "" && len(c.JARTriggers) > 0 && !slices.Contains(c.JARTriggers, c.JARReason) {
		v.rule("jar_reason", RuleNotAmong, "%s is not among the ticked JAR triggers", Quote(c.JARReason)).about(c.JARReason, "jar_triggers")
	}
	if c.ParallelReviewOther != "" && !slices.Contains(c.ParallelReviews, "other") {
		v.rule("parallel_review_other", RuleNeeds, "describes an \"other\" review, which is not ticked").about("", "parallel_reviews", "other")
	}
	if !c.RapidReviewCompletedOn.IsZero() && !c.CSPRPNotifiedOn.IsZero() && c.RapidReviewCompletedOn.Before(c.CSPRPNotifiedOn) {
		v.rule("rapid_review_completed_on", RuleBefore, "%s is before the Child Safeguarding Practice Review Panel was notified (%s)",
			c.RapidReviewCompletedOn, c.CSPRPNotifiedOn).about(c.RapidReviewCompletedOn.String(), "csprp_notified_on", c.CSPRPNotifiedOn.String())
	}
}

// validateStatutory checks the statutory dataset's items against each
// other: a detail recorded only beside the answer it details, dates in the
// order things happen, and the scope of a stillbirth.
func (c *Case) validateStatutory(v *ValidationErrors, today Date) {
	needs := func(field, value, other, want string) {
		if value != "" && c.Get(other) != want {
			v.rule(field, RuleNeeds, "is recorded only when %s is %s", other, want).about(value, other, want)
		}
	}
	needs("panel_of_residence", c.PanelOfResidence, "residency", "non_resident")
	needs("lac_notified_on", c.LACNotifiedOn.String(), "looked_after", "yes")
	needs("coroner_referred_on", c.CoronerReferredOn.String(), "coroner_referred", "yes")
	needs("post_mortem_on", c.PostMortemOn.String(), "post_mortem", "yes")
	needs("post_mortem_report_received_on", c.PostMortemReportReceivedOn.String(), "post_mortem", "yes")
	needs("inquest_concluded_on", c.InquestConcludedOn.String(), "inquest", "yes")
	if !c.InquestOpenedOn.IsZero() && c.Inquest == "no" {
		v.rule("inquest_opened_on", RuleDisagrees, "an inquest opened on %s disagrees with inquest = no", c.InquestOpenedOn).
			about(c.InquestOpenedOn.String(), "inquest")
	}
	before := func(field string, d Date, other string, o Date, what string) {
		if !d.IsZero() && !o.IsZero() && d.Before(o) {
			v.rule(field, RuleBefore, "%s is before %s (%s)", d, what, o).about(d.String(), other, o.String())
		}
	}
	before("post_mortem_report_received_on", c.PostMortemReportReceivedOn, "post_mortem_on", c.PostMortemOn, "the post-mortem")
	before("inquest_concluded_on", c.InquestConcludedOn, "inquest_opened_on", c.InquestOpenedOn, "the inquest opened")
	before("la_aware_on", c.LAAwareOn, "date_of_birth", c.DateOfBirth, "the date of birth")
	if c.LAAwareOn.After(today) {
		v.rule("la_aware_on", RuleFuture, "%s is in the future", c.LAAwareOn).about(c.LAAwareOn.String())
	}
	if c.BirthOutcome == "unattended_stillbirth" && !c.DateOfBirth.IsZero() && c.DateOfBirth != c.DateOfDeath {
		v.rule("birth_outcome", RuleDisagrees, "a stillborn child's dates of birth and death are the same day; here they are %s and %s",
			c.DateOfBirth, c.DateOfDeath).about(c.BirthOutcome, "date_of_death")
	}
	goesWith := func(field, value, other, what string) {
		if value != "" && c.Get(other) == "" {
			v.rule(field, RuleGoesWith, "is recorded together with %s; give it too", what).about(value, other)
		}
	}
	goesWith("ncmd_submitted_by", c.NCMDSubmittedBy, "ncmd_submitted_on", "the date the case was submitted to NCMD")
	goesWith("transferred_to", c.TransferredTo, "transferred_on", "the date of the transfer")
	goesWith("transferred_on", c.TransferredOn.String(), "transferred_to", "the panel it was transferred to")
}

func (c *Case) validateAnalysis(v *ValidationErrors) {
	a := &c.Analysis
	anyScoredTwo := false
	for i, d := range a.Domains {
		letter := Domains[i].Code
		anyScoredTwo = anyScoredTwo || d.Score != nil && *d.Score == 2
		field := "domain_" + letter + "_modifiable"
		for _, m := range d.Modifiable {
			if !containsFold(d.Factors, m) {
				v.rule(field, RuleNotAmong, "%s is not among the domain's factors (domain_%s_factors)", Quote(m), letter).
					about(m, "domain_"+letter+"_factors")
			}
		}
		if len(d.Modifiable) > 0 && (d.Score == nil || *d.Score != 2) {
			v.rule(field, RuleNeeds, "a modifiable factor needs domain %s scored 2 (may have contributed)", strings.ToUpper(letter)).
				about("", "domain_"+letter+"_score", "2")
		}
	}
	for _, n := range a.ContributingCategories {
		if n < 1 || n > len(Categories) {
			v.rule("contributing_categories", RuleRange, "%d is not a category of death; use 1 to %d", n, len(Categories)).
				about(strconv.Itoa(n), "1", strconv.Itoa(len(Categories)))
		} else if n == a.Category {
			v.rule("contributing_categories", RuleDisagrees, "%d is already the primary category", n).about(strconv.Itoa(n), "category")
		}
	}
	for _, d := range a.FactorDetails {
		checkEnum(v, "factor_details", Contributions, d.Contribution)
		if !Domains.Has(d.Domain) {
			v.rule("factor_details", RuleNotAllowed, "%s is not a domain; use a, b, c or d", Quote(d.Domain)).about(d.Domain)
		}
	}
	if anyModifiable := slices.ContainsFunc(a.Domains[:], func(d DomainEntry) bool { return len(d.Modifiable) > 0 }); anyModifiable && a.Outcome() != ModifiableIdentified && a.Modifiable != "" {
		v.rule("modifiable", RuleDisagrees, "%s disagrees with the modifiable factors listed; use \"identified\"", Quote(a.Modifiable)).
			about(a.Modifiable, "domain_a_modifiable")
	}
	if a.Outcome() == ModifiableIdentified && !anyScoredTwo {
		v.rule("modifiable", RuleNeeds, "\"identified\" needs at least one domain scored 2").about(a.Modifiable, "domain_a_score", "2")
	}
	if c.Stage == StageClosed {
		c.checkAnalysisComplete(v)
	}
}

// checkAnalysisComplete adds a problem for each part of the analysis a
// closed case must carry and misses (Analysis.Missing).
func (c *Case) checkAnalysisComplete(v *ValidationErrors) {
	for _, is := range c.Analysis.Missing() {
		v.rule(is.Field, RuleRequiredAt, "%s", is.required(" for a closed case")).about("", string(StageClosed))
	}
}

func checkEnum(v *ValidationErrors, field string, e Enum, value string) {
	if err := e.check(value); err != nil {
		v.rule(field, RuleNotAllowed, "%s", err).about(value)
	}
}

// containsFold reports whether list holds s, ignoring case.
func containsFold(list []string, s string) bool {
	return slices.ContainsFunc(list, func(item string) bool { return strings.EqualFold(item, s) })
}
