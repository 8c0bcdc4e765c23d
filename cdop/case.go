package cdop

import (
	"maps"
	"time"
)

// Domains are the four domains of contributory factors on the analysis form,
// by letter.
var Domains = Enum{
	{"a", "Factors intrinsic to the child"},
	{"b", "Factors in the social environment, including family and parenting capacity"},
	{"c", "Factors in the physical environment"},
	{"d", "Factors in service provision"},
}

// Case is one child's death under review: who the child was, the death, the
// notification, the decisions of the flowchart and the panel's analysis.
// Empty strings and zero dates mean "not recorded"; enumerated fields hold
// the interchange words listed in the matching Enum.
type Case struct {
	ID  string // internal identifier (UUID); never shown or exported
	Ref string // the panel's own case reference, e.g. CDOP-2025-0017

	FirstName       string
	LastName        string
	DateOfBirth     Date
	DateOfDeath     Date
	TimeOfDeath     string // HH:MM
	Sex             string // Sexes
	NHSNumber       string // ten digits, no spaces
	NHSNumberStatus string // NHSNumberStatuses; required when NHSNumber is empty
	Postcode        string // normalised, e.g. "LS1 4AP"
	Ethnicity       string // EthnicCategories
	IMDDecile       int    // 1–10; 0 = not recorded
	ResidenceLA     string
	PlaceOfDeath    string // PlacesOfDeath
	Expected        string // Expectedness

	NotifiedOn             Date
	JAR                    string // YesNo
	JARReason              string // JARReasons
	AbuseNeglectSuspected  string // YesNo
	CSPRPNotifiedOn        Date
	RapidReviewCompletedOn Date
	CoronerReferred        string // YesNo
	PostMortem             string // YesNo
	Inquest                string // InquestStatuses
	KeyWorker              string

	// JARTriggers are the ticked triggers of the JAR checklist (JARReasons);
	// JARReason, the interchange file's single reason, is the first of them.
	JARTriggers []string
	// ParallelReviews are the other reviews running alongside (ParallelReviewKinds).
	ParallelReviews     []string
	ParallelReviewOther string // what "other" is

	Stage             Stage
	CDRMOn            Date
	CDRMNotHeldReason string // why no child death review meeting was held
	CDOPReviewOn      Date

	// What the family was told, and when (part of the key worker's role).
	FamilyToldCDRMOn       Date
	FamilyToldCDOPReviewOn Date
	FamilyToldOutcomeOn    Date

	// Scope: whether the child lived in the panel's area (a non-resident
	// death is reviewed as indicated, the panel of residence named), and
	// whether the child was born alive (an unattended stillbirth is the
	// only stillbirth in scope).
	Residency        string // Residencies
	PanelOfResidence string
	BirthOutcome     string // BirthOutcomes

	// Safeguarding status at death and the clocks it starts.
	LookedAfter         string // YesNoNotKnown
	ChildProtectionPlan string // YesNoNotKnown
	LAAwareOn           Date   // the local authority aware of the incident: the CSPRP clock's start
	LACNotifiedOn       Date   // Ofsted and the Secretary of State told of a looked-after child's death

	// The coroner, the post-mortem and the inquest.
	CoronerReferredOn          Date
	PostMortemOn               Date
	PostMortemReportReceivedOn Date
	InquestOpenedOn            Date
	InquestConcludedOn         Date

	// The record itself: submitted to NCMD (when, by whom), voided as
	// logged in error, transferred to another panel, or confirmed a
	// different child from a case that looks alike.
	NCMDSubmittedOn Date
	NCMDSubmittedBy string
	VoidedReason    string
	TransferredTo   string
	TransferredOn   Date
	DistinctReason  string

	Analysis Analysis

	Summary string // identifiable free text

	CreatedAt time.Time
	UpdatedAt time.Time

	// values holds the fields the registry keeps by name, with no Go field
	// of their own (see value in registry.go), in their text form.
	values map[string]string
}

// Analysis is the panel's analysis form for a case.
type Analysis struct {
	Category     int            // 1–10; 0 = not recorded
	Domains      [4]DomainEntry // A–D in order
	Modifiable   string         // ModifiableOutcomes
	CauseOfDeath string
	Learning     []string
	SignedOffOn  Date // when the panel signed the analysis off

	// ContributingCategories are the other categories the panel ticked; the
	// primary, Category, is the lowest-numbered (see ProposeCategory).
	ContributingCategories []int
	// FactorDetails record, per factor, its catalogue code and contribution.
	FactorDetails []FactorDetail
	// LCSPRCriteriaMet records whether the criteria for a local child
	// safeguarding practice review were met (YesNo).
	LCSPRCriteriaMet string
}

// DomainEntry is what the panel found in one domain.
type DomainEntry struct {
	Score      *int     // 0–2; nil = not scored
	Factors    []string // factors found
	Modifiable []string // the factors judged modifiable (a subset of Factors)
}

// ScoreOf returns a pointer to score, for filling DomainEntry.Score.
func ScoreOf(score int) *int { return &score }

// FullName returns the child's first and last names.
func (c *Case) FullName() string {
	switch {
	case c.FirstName == "":
		return c.LastName
	case c.LastName == "":
		return c.FirstName
	}
	return c.FirstName + " " + c.LastName
}

// Age returns the child's age at death, or the zero Age when either date is missing.
func (c *Case) Age() Age {
	return AgeAt(c.DateOfBirth, c.DateOfDeath)
}

// Clone returns a deep copy of c, so a form can edit it without touching the original.
func (c *Case) Clone() *Case {
	out := *c
	out.Analysis.Learning = append([]string(nil), c.Analysis.Learning...)
	out.JARTriggers = append([]string(nil), c.JARTriggers...)
	out.Analysis.ContributingCategories = append([]int(nil), c.Analysis.ContributingCategories...)
	out.Analysis.FactorDetails = append([]FactorDetail(nil), c.Analysis.FactorDetails...)
	out.ParallelReviews = append([]string(nil), c.ParallelReviews...)
	out.values = maps.Clone(c.values)
	for i, d := range c.Analysis.Domains {
		if d.Score != nil {
			out.Analysis.Domains[i].Score = ScoreOf(*d.Score)
		}
		out.Analysis.Domains[i].Factors = append([]string(nil), d.Factors...)
		out.Analysis.Domains[i].Modifiable = append([]string(nil), d.Modifiable...)
	}
	return &out
}
