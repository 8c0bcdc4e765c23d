package cdop

import (
	"fmt"
	"strings"
)

// Choice is one allowed value of an enumerated field: the word stored and
// exchanged, and the label people read.
type Choice struct {
	Code  string
	Label string
}

// Enum is the ordered list of allowed values of an enumerated field.
type Enum []Choice

// Codes returns the allowed words in order.
func (e Enum) Codes() []string {
	out := make([]string, len(e))
	for i, c := range e {
		out[i] = c.Code
	}
	return out
}

// Labels returns the labels in order.
func (e Enum) Labels() []string {
	out := make([]string, len(e))
	for i, c := range e {
		out[i] = c.Label
	}
	return out
}

// Label returns the label of code, or code itself when it is not listed.
func (e Enum) Label(code string) string {
	for _, c := range e {
		if c.Code == code {
			return c.Label
		}
	}
	return code
}

// CodeForLabel returns the code whose label is label, or "".
func (e Enum) CodeForLabel(label string) string {
	for _, c := range e {
		if c.Label == label {
			return c.Code
		}
	}
	return ""
}

// Has reports whether code is allowed.
func (e Enum) Has(code string) bool {
	for _, c := range e {
		if c.Code == code {
			return true
		}
	}
	return false
}

// check returns nil when s is empty or allowed, or an error listing the allowed words.
func (e Enum) check(s string) error {
	if s == "" || e.Has(s) {
		return nil
	}
	return fmt.Errorf("%s is not allowed; use one of: %s", Quote(s), strings.Join(e.Codes(), ", "))
}

// Stage is where a case stands in the review flowchart.
type Stage string

// The stages of the child death review flowchart, in order.
const (
	StageNotified             Stage = "notified"
	StageImmediateDecisions   Stage = "immediate_decisions"
	StageInformationGathering Stage = "information_gathering"
	StageCDRM                 Stage = "cdrm"
	StageCDOPReview           Stage = "cdop_review"
	StageClosed               Stage = "closed"
)

// Stages lists the stages in flowchart order.
var Stages = Enum{
	{string(StageNotified), "Notified"},
	{string(StageImmediateDecisions), "Immediate decisions"},
	{string(StageInformationGathering), "Information gathering"},
	{string(StageCDRM), "Child death review meeting"},
	{string(StageCDOPReview), "CDOP review"},
	{string(StageClosed), "Closed"},
}

// Label returns the stage as people read it.
func (s Stage) Label() string { return Stages.Label(string(s)) }

// Sexes lists the allowed values of sex.
var Sexes = Enum{
	{"male", "Male"},
	{"female", "Female"},
	{"indeterminate", "Indeterminate"},
	{"not_known", "Not known"},
}

// NHSNumberStatuses lists why an NHS number may be missing.
var NHSNumberStatuses = Enum{
	{"not_available", "Not available"},
	{"non_resident", "Non-resident in England"},
}

// PlacesOfDeath lists where a death can have happened.
var PlacesOfDeath = Enum{
	{"hospital", "Hospital"},
	{"hospice", "Hospice"},
	{"home", "Home"},
	{"other_residence", "Other residence"},
	{"public_place", "Public place"},
	{"abroad", "Abroad"},
	{"other", "Other"},
	{"not_known", "Not known"},
}

// Expectedness lists whether the death was expected.
var Expectedness = Enum{
	{"expected", "Expected"},
	{"unexpected", "Unexpected"},
	{"not_known", "Not known"},
}

// YesNo is the answer to a yes/no question; "" is not recorded.
var YesNo = Enum{
	{"yes", "Yes"},
	{"no", "No"},
}

// YesNoNotKnown is a yes/no answer where "not known" is an answer too.
var YesNoNotKnown = Enum{
	{"yes", "Yes"},
	{"no", "No"},
	{"not_known", "Not known"},
}

// Residencies lists whether the child normally lived in the panel's area:
// a non-resident child's death is reviewed as indicated, with the panel of
// the child's residence named.
var Residencies = Enum{
	{"resident", "Resident"},
	{"non_resident", "Non-resident"},
}

// BirthOutcomes lists whether the child was born alive. A stillbirth is in
// scope only when no healthcare professional attended it; any other
// stillbirth, a late foetal loss or a termination is not reviewed.
var BirthOutcomes = Enum{
	{"live_birth", "Live birth"},
	{"unattended_stillbirth", "Unattended stillbirth"},
}

// InquestStatuses lists the states of an inquest.
var InquestStatuses = Enum{
	{"yes", "Yes (held)"},
	{"no", "No"},
	{"pending", "Pending"},
}

// JARReasons lists the five triggers for a Joint Agency Response.
var JARReasons = Enum{
	{"external_cause", "Is or could be due to external causes"},
	{"sudden_unexplained", "Sudden with no immediately apparent cause (SUDI/SUDC)"},
	{"custody_or_detention", "In custody or detained under the Mental Health Act"},
	{"suspicious", "Circumstances raise suspicion it may not be natural"},
	{"unattended_stillbirth", "Stillbirth with no healthcare professional in attendance"},
}

// ParallelReviewKinds lists the reviews that can run alongside a child death review.
var ParallelReviewKinds = Enum{
	{"lcspr", "Local child safeguarding practice review"},
	{"nhs_serious_incident", "NHS serious incident / patient safety review"},
	{"pmrt", "Perinatal mortality review (PMRT)"},
	{"leder", "Learning from lives and deaths (LeDeR)"},
	{"other", "Other review"},
}

// ModifiableOutcome is the analysis form's case outcome: whether the panel
// found modifiable factors.
type ModifiableOutcome string

// The outcomes of an analysis; Analysis.Modifiable holds one ("" while not
// recorded), read typed through Analysis.Outcome.
const (
	ModifiableIdentified              ModifiableOutcome = "identified"
	ModifiableNone                    ModifiableOutcome = "none"
	ModifiableInsufficientInformation ModifiableOutcome = "insufficient_information"
)

// ModifiableOutcomes lists the analysis form's case outcome.
var ModifiableOutcomes = Enum{
	{string(ModifiableIdentified), "Modifiable factors identified"},
	{string(ModifiableNone), "No modifiable factors identified"},
	{string(ModifiableInsufficientInformation), "Insufficient information"},
}

// Outcome returns the analysis's outcome typed ("" while not recorded).
func (a *Analysis) Outcome() ModifiableOutcome { return ModifiableOutcome(a.Modifiable) }

// Categories lists the analysis form's categories of death; where several
// apply the lowest-numbered one is the primary category.
var Categories = Enum{
	{"1", "Deliberately inflicted injury, abuse or neglect"},
	{"2", "Suicide or deliberate self-inflicted harm"},
	{"3", "Trauma and other external factors, including medical/surgical complications/error"},
	{"4", "Malignancy"},
	{"5", "Acute medical or surgical condition"},
	{"6", "Chronic medical condition"},
	{"7", "Chromosomal, genetic and congenital anomalies"},
	{"8", "Perinatal/neonatal event"},
	{"9", "Infection"},
	{"10", "Sudden unexpected, unexplained death"},
}

// DomainScores lists the analysis form's domain scale.
var DomainScores = Enum{
	{"0", "Information not available"},
	{"1", "No factors, or factors unlikely to have contributed"},
	{"2", "Factors that may have contributed"},
}

// EthnicCategories lists the NHS Data Dictionary ethnic category codes.
var EthnicCategories = Enum{
	{"A", "White - British"},
	{"B", "White - Irish"},
	{"C", "White - Any other White background"},
	{"D", "Mixed - White and Black Caribbean"},
	{"E", "Mixed - White and Black African"},
	{"F", "Mixed - White and Asian"},
	{"G", "Mixed - Any other mixed background"},
	{"H", "Asian or Asian British - Indian"},
	{"J", "Asian or Asian British - Pakistani"},
	{"K", "Asian or Asian British - Bangladeshi"},
	{"L", "Asian or Asian British - Any other Asian background"},
	{"M", "Black or Black British - Caribbean"},
	{"N", "Black or Black British - African"},
	{"P", "Black or Black British - Any other Black background"},
	{"R", "Other ethnic groups - Chinese"},
	{"S", "Other ethnic groups - Any other ethnic group"},
	{"Z", "Not stated"},
}

// BroadEthnicGroup returns the broad group (White, Mixed, Asian, Black,
// Other, Not stated) of an ethnic category code, or "" when none is recorded.
func BroadEthnicGroup(code string) string {
	switch code {
	case "":
		return ""
	case "A", "B", "C":
		return "White"
	case "D", "E", "F", "G":
		return "Mixed"
	case "H", "J", "K", "L":
		return "Asian"
	case "M", "N", "P":
		return "Black"
	case "R", "S":
		return "Other"
	}
	return "Not stated"
}
