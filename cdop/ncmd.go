package cdop

import (
	"fmt"
	"strings"
)

// The National Child Mortality Database (NCMD) receives each case's
// notification, the agencies' reporting forms and the panel's analysis.
// This app does not send anything to NCMD: it checks which of the items
// NCMD asks for a case still lacks, exports them for a coordinator to key
// or upload, and records when the case was submitted and by whom.

// The forms NCMD collects, as this app groups the items it checks.
const (
	NCMDNotification = "Notification form"
	NCMDReporting    = "Reporting form"
	NCMDAnalysis     = "Analysis form"
)

// NCMDItem is one item NCMD asks for: where it stands (form and section),
// the case field that holds it, and when a case needs it.
type NCMDItem struct {
	Form, Section string
	Field         string // the registry field that holds it
	// When, if set, says whether a case needs the item at all (e.g. the
	// gestation of a baby only); nil: every case does.
	When func(*Case) bool
}

// NotKnown reports whether "not known" answers the item: its field, as
// the registry defines it, allows "not known" (NCMD allows it there).
func (it NCMDItem) NotKnown() bool {
	f, ok := FieldNamed(it.Field)
	return ok && f.AllowsNotKnown()
}

// Label is how people read the item: its field's label.
func (it NCMDItem) Label() string {
	if f, ok := FieldNamed(it.Field); ok {
		return f.Label
	}
	return it.Field
}

func infant(c *Case) bool {
	return c.AgeBand() == AgeBandStillbirth || c.Age().Known && c.Age().Years < 1
}
func referred(c *Case) bool      { return c.CoronerReferred == "yes" }
func postMortem(c *Case) bool    { return c.PostMortem == "yes" }
func nonResident(c *Case) bool   { return c.Residency == "non_resident" }
func notReferred(c *Case) bool   { return c.CoronerReferred == "no" }
func noNHSNumber(c *Case) bool   { return c.NHSNumber == "" }
func hasNHSNumber(c *Case) bool  { return c.NHSNumber != "" }
func inquestHeld(c *Case) bool   { return c.Inquest == "yes" }
func lookedAfter(c *Case) bool   { return c.LookedAfter == "yes" }
func inEngland(c *Case) bool     { return c.NHSNumberStatus != "non_resident" }
func withJAR(c *Case) bool       { return c.JAR == "yes" }
func withSafeguard(c *Case) bool { return c.AbuseNeglectSuspected == "yes" }

// NCMDItems lists the case-level items NCMD asks for that this app keeps,
// by form and section, in order. It is data, so a panel can align it with
// NCMD's current forms; the README lists what it covers and what not.
var NCMDItems = []NCMDItem{
	{Form: NCMDNotification, Section: "Child", Field: "first_name"},
	{Form: NCMDNotification, Section: "Child", Field: "last_name"},
	{Form: NCMDNotification, Section: "Child", Field: "date_of_birth"},
	{Form: NCMDNotification, Section: "Child", Field: "sex"},
	{Form: NCMDNotification, Section: "Child", Field: "nhs_number", When: hasNHSNumber},
	{Form: NCMDNotification, Section: "Child", Field: "nhs_number_status", When: noNHSNumber},
	{Form: NCMDNotification, Section: "Child", Field: "ethnicity"},
	{Form: NCMDNotification, Section: "Child", Field: "address", When: inEngland},
	{Form: NCMDNotification, Section: "Child", Field: "postcode", When: inEngland},
	{Form: NCMDNotification, Section: "Child", Field: "residence_la"},
	{Form: NCMDNotification, Section: "Child", Field: "gp_practice", When: inEngland},
	{Form: NCMDNotification, Section: "Child", Field: "looked_after"},
	{Form: NCMDNotification, Section: "Child", Field: "child_protection_plan"},
	{Form: NCMDNotification, Section: "Birth", Field: "birth_outcome", When: infant},
	{Form: NCMDNotification, Section: "Birth", Field: "gestation_weeks", When: infant},
	{Form: NCMDNotification, Section: "Birth", Field: "birth_weight_grams", When: infant},
	{Form: NCMDNotification, Section: "Family", Field: "parents"},
	{Form: NCMDNotification, Section: "Death", Field: "date_of_death"},
	{Form: NCMDNotification, Section: "Death", Field: "time_of_death"},
	{Form: NCMDNotification, Section: "Death", Field: "place_of_death"},
	{Form: NCMDNotification, Section: "Death", Field: "expected"},
	{Form: NCMDNotification, Section: "Death", Field: "mccd_cause", When: notReferred},
	{Form: NCMDNotification, Section: "Notifier", Field: "notifier"},
	{Form: NCMDNotification, Section: "Notifier", Field: "notifier_agency"},
	{Form: NCMDNotification, Section: "Notifier", Field: "notified_on"},
	{Form: NCMDNotification, Section: "Scope", Field: "residency"},
	{Form: NCMDNotification, Section: "Scope", Field: "panel_of_residence", When: nonResident},
	{Form: NCMDNotification, Section: "Immediate decisions", Field: "jar"},
	{Form: NCMDNotification, Section: "Immediate decisions", Field: "jar_reason", When: withJAR},
	{Form: NCMDNotification, Section: "Immediate decisions", Field: "abuse_neglect_suspected"},
	{Form: NCMDNotification, Section: "Immediate decisions", Field: "la_aware_on", When: withSafeguard},
	{Form: NCMDNotification, Section: "Immediate decisions", Field: "csprp_notified_on", When: withSafeguard},
	{Form: NCMDNotification, Section: "Immediate decisions", Field: "lac_notified_on", When: lookedAfter},
	{Form: NCMDNotification, Section: "Coroner", Field: "coroner_referred"},
	{Form: NCMDNotification, Section: "Coroner", Field: "coroner_area", When: referred},
	{Form: NCMDNotification, Section: "Coroner", Field: "post_mortem"},
	{Form: NCMDNotification, Section: "Coroner", Field: "post_mortem_report_received_on", When: postMortem},
	{Form: NCMDNotification, Section: "Coroner", Field: "inquest", When: referred},
	{Form: NCMDNotification, Section: "Coroner", Field: "inquest_conclusion", When: inquestHeld},
	{Form: NCMDAnalysis, Section: "Analysis", Field: "category"},
	{Form: NCMDAnalysis, Section: "Analysis", Field: "domain_a_score"},
	{Form: NCMDAnalysis, Section: "Analysis", Field: "domain_b_score"},
	{Form: NCMDAnalysis, Section: "Analysis", Field: "domain_c_score"},
	{Form: NCMDAnalysis, Section: "Analysis", Field: "domain_d_score"},
	{Form: NCMDAnalysis, Section: "Analysis", Field: "modifiable"},
	{Form: NCMDAnalysis, Section: "Analysis", Field: "cause_of_death"},
	{Form: NCMDAnalysis, Section: "Analysis", Field: "learning"},
	{Form: NCMDAnalysis, Section: "Analysis", Field: "lcspr_criteria_met"},
	{Form: NCMDAnalysis, Section: "Review", Field: "cdop_review_on"},
}

// NCMDGap is an item NCMD asks for that a case still lacks.
type NCMDGap struct {
	Form, Section string
	Field         string // "" for a gap of no one field (an agency's report)
	Item          string // what is missing, as people read it
}

// MissingForNCMD lists every NCMD item the case file still lacks, by form
// and section in NCMDItems order: the notification's and the analysis's
// items, and on the reporting form, a reporting form received from at
// least one agency and every request answered (received or declined).
func MissingForNCMD(f *CaseFile) []NCMDGap {
	c := f.Case
	var out []NCMDGap
	reporting := func() {
		if !hasReceivedReport(f.Requests) {
			out = append(out, NCMDGap{Form: NCMDReporting, Section: "Agency reports", Item: "a reporting form received from at least one agency"})
		}
		for _, r := range f.Requests {
			if r.Outstanding() {
				out = append(out, NCMDGap{Form: NCMDReporting, Section: "Agency reports",
					Item: fmt.Sprintf("the %s from %s, requested %s", FormTypes.Label(r.Form), r.AgencyName, r.RequestedOn.Display())})
			}
		}
	}
	done := false
	for _, it := range NCMDItems {
		if it.Form == NCMDAnalysis && !done {
			reporting()
			done = true
		}
		if it.When != nil && !it.When(c) {
			continue
		}
		v := strings.TrimSpace(c.Get(it.Field))
		if v == "" || v == NotKnown && !it.NotKnown() {
			out = append(out, NCMDGap{Form: it.Form, Section: it.Section, Field: it.Field, Item: it.Label()})
		}
	}
	if !done {
		reporting()
	}
	return out
}

func hasReceivedReport(requests []AgencyRequest) bool {
	for _, r := range requests {
		if !r.ReceivedOn.IsZero() && r.Form == "reporting_form" {
			return true
		}
	}
	return false
}

// SubmitToNCMD returns c recorded as submitted to NCMD on a day by someone,
// or why it cannot be: the panel must have signed the case off
// (SignedOffOn: the submission follows the review), on a day not before that nor after
// today; a voided or transferred case is not submitted. Items still
// missing (MissingForNCMD) do not stop it: NCMD takes what the panel has.
// The store saves it as an edit, which a closed case allows for these two
// fields alone (CheckEdit).
func SubmitToNCMD(c *Case, on Date, by string, today Date) (*Case, error) {
	by = strings.TrimSpace(by)
	signed := c.SignedOffOn()
	var v ValidationErrors
	switch {
	case signed.IsZero():
		return nil, Refusef(RuleNCMDBeforeSignOff, "case %s cannot be recorded as submitted to NCMD before the panel signs its analysis off", c.Ref)
	case on.IsZero():
		v.rule("ncmd_submitted_on", RuleRequired, "is required")
	case on.After(today):
		v.rule("ncmd_submitted_on", RuleFuture, "%s is in the future", on).about(on.String())
	case on.Before(signed):
		v.rule("ncmd_submitted_on", RuleBefore, "%s is before the panel signed the analysis off (%s)", on, signed).
			about(on.String(), "analysis_signed_off_on", signed.String())
	}
	if by == "" {
		v.rule("ncmd_submitted_by", RuleRequired, "say who submitted the case")
	}
	if err := v.err(); err != nil {
		return nil, err
	}
	if !c.Counted() {
		return nil, RefuseReadOnly(c)
	}
	s := c.Clone()
	s.NCMDSubmittedOn, s.NCMDSubmittedBy = on, by
	return s, nil
}

// SignedOffOn returns when the panel signed the case off: the analysis's
// sign-off, or for a closed case without one (imported from elsewhere),
// its CDOP review; zero while not signed off.
func (c *Case) SignedOffOn() Date {
	if !c.Analysis.SignedOffOn.IsZero() || c.Stage != StageClosed {
		return c.Analysis.SignedOffOn
	}
	return c.CDOPReviewOn
}

// ncmdFields are the fields recording the NCMD submission: the only ones a
// closed case lets an edit change.
var ncmdFields = map[string]bool{"ncmd_submitted_on": true, "ncmd_submitted_by": true}

// onlyNCMD reports whether every change is to the NCMD submission.
func onlyNCMD(changes []FieldChange) bool {
	for _, ch := range changes {
		if !ncmdFields[ch.Field] {
			return false
		}
	}
	return len(changes) > 0
}

// AwaitingNCMD returns the cases the panel has signed off and nobody has
// yet recorded as submitted to NCMD (never a voided or transferred one),
// in their order: what the dashboard lists as due.
func AwaitingNCMD(cases []*Case) []*Case {
	var out []*Case
	for _, c := range cases {
		if c.Counted() && !c.SignedOffOn().IsZero() && c.NCMDSubmittedOn.IsZero() {
			out = append(out, c)
		}
	}
	return out
}
