package cdop

import (
	"fmt"
	"strconv"
	"strings"
)

// Sections of the forms, as titled cards. A section's fields are those whose
// FormPlace names it, in registry order.
const (
	SectionChild        = "Child"
	SectionDeath        = "Death and notification"
	SectionReview       = "Review"
	SectionExpected     = "Expected or unexpected"
	SectionCoroner      = "Coroner, post-mortem and inquest"
	SectionJAR          = "Joint Agency Response"
	SectionSafeguarding = "Safeguarding"
	SectionParallel     = "Parallel reviews"
	SectionKeyWorker    = "Key worker and what the family was told"
	SectionFamily       = "Parents and siblings"
	SectionAnalysis     = "Analysis form"

	// Sections of the new-notification form.
	NewChild        = "Child"
	NewDeath        = "Death"
	NewNotification = "Notification"
	NewFamily       = "Family"
)

// FormSection is a titled card of a form.
type FormSection struct {
	Title string
	Note  string // an explanation shown above the fields, or ""
	// Fields names the section's fields in order.
	Fields []string
}

// TabSections returns the sections of a case page's tab, in the order their
// first fields stand in the registry, each with its fields.
func TabSections(tab string) []FormSection {
	return sections(func(f *Field) string {
		if f.Form.Tab == tab {
			return f.Form.Section
		}
		return ""
	})
}

// NewNotificationSections returns the sections of the new-notification form.
func NewNotificationSections() []FormSection {
	return sections(func(f *Field) string { return f.Form.New })
}

func sections(sectionOf func(*Field) string) []FormSection {
	var out []FormSection
	at := map[string]int{}
	for i := range Registry {
		title := sectionOf(&Registry[i])
		if title == "" {
			continue
		}
		j, ok := at[title]
		if !ok {
			j = len(out)
			at[title] = j
			out = append(out, FormSection{Title: title, Note: sectionNotes[title]})
		}
		out[j].Fields = append(out[j].Fields, Registry[i].Name)
	}
	return out
}

var sectionNotes = map[string]string{
	SectionCoroner: "While an inquest is open (opened and not yet concluded) the CDOP review clock is paused. The child death review meeting is held only once the post-mortem report is received, or when there was no post-mortem.",
	SectionSafeguarding: fmt.Sprintf("If abuse or neglect is known or suspected, the local authority notifies the Child Safeguarding Practice Review Panel within %d working days; a rapid review follows within %d working days of that notification.",
		CSPRPNotificationWorkingDays, RapidReviewWorkingDays),
}

// TabOf names the case page's tab on which a field is entered ("" for none).
func TabOf(name string) string {
	if f, ok := FieldNamed(name); ok {
		return f.Form.Tab
	}
	return ""
}

func codedChoices(e Enum) Enum {
	out := make(Enum, len(e))
	for i, c := range e {
		out[i] = Choice{Code: c.Code, Label: c.Code + " – " + c.Label}
	}
	return out
}

// buildRegistry defines every stored field of a case. The order is the
// interchange file's, then the fields only the app keeps.
func buildRegistry() []Field {
	child := func(section string) FormPlace { return FormPlace{Tab: TabDetails, Section: SectionChild, New: section} }
	analysis := FormPlace{Tab: TabAnalysis, Section: SectionAnalysis}
	fields := []Field{
		Field{Name: "case_ref", Label: "Case reference", Help: "The panel's own reference, e.g. CDOP-2025-0017",
			Kind: KindText, MaxLen: MaxRefLength, Required: true, Disclosure: Identifier, Interchange: true,
			ClearAtRest: "the panel's own reference names no one, and the database orders cases by it, keeps it unique and numbers new ones from it",
			Form:        FormPlace{NotOnForm: "assigned when a case is saved and shown in the page's title"},
			check:       checkCaseRef,
		}.with(text(func(c *Case) *string { return &c.Ref })),
		Field{Name: "first_name", Label: "First name", Kind: KindText, MaxLen: MaxNameLength, Required: true,
			Disclosure: Identifier, PersonName: true, Interchange: true, Form: child(NewChild), Summary: SummaryChild, check: CheckPersonName,
		}.with(text(func(c *Case) *string { return &c.FirstName })),
		Field{Name: "last_name", Label: "Last name", Kind: KindText, MaxLen: MaxNameLength, Required: true,
			Disclosure: Identifier, PersonName: true, Interchange: true, Form: child(NewChild), Summary: SummaryChild, check: CheckPersonName,
		}.with(text(func(c *Case) *string { return &c.LastName })),
		Field{Name: "date_of_birth", Label: "Date of birth", Kind: KindDate, Required: true,
			Disclosure: Identifier, Interchange: true, Form: child(NewChild), Summary: SummaryChild, Extract: ExtractDerived,
		}.with(date(func(c *Case) *Date { return &c.DateOfBirth })),
		Field{Name: "date_of_death", Label: "Date of death", Kind: KindDate, Required: true,
			Disclosure: Identifier, Interchange: true, Form: FormPlace{Tab: TabDetails, Section: SectionDeath, New: NewDeath},
			Summary: SummaryChild, Extract: ExtractDerived,
		}.with(date(func(c *Case) *Date { return &c.DateOfDeath })),
		Field{Name: "sex", Label: "Sex", Kind: KindChoice, Choices: Sexes, Required: true,
			Disclosure: QuasiIdentifier, Interchange: true, Form: child(NewChild), Summary: SummaryChild, Anonymised: true,
			Extract: ExtractDerived,
		}.with(text(func(c *Case) *string { return &c.Sex })),
		Field{Name: "nhs_number", Label: "NHS number", Help: "10 digits, e.g. 999 000 0018", Kind: KindText, MaxLen: 20,
			Disclosure: Identifier, Interchange: true, Form: child(NewChild), Summary: SummaryChild,
			normalise: NormaliseNHSNumber, check: CheckNHSNumber,
		}.with(access{get: func(c *Case) string { return FormatNHSNumber(c.NHSNumber) },
			set: func(c *Case, s string) error { c.NHSNumber = s; return nil }}),
		Field{Name: "nhs_number_status", Label: "Reason for no NHS number", Kind: KindChoice, Choices: NHSNumberStatuses,
			Disclosure: QuasiIdentifier, Interchange: true, Form: child(NewChild), Summary: SummaryChild,
		}.with(text(func(c *Case) *string { return &c.NHSNumberStatus })),
		Field{Name: "time_of_death", Label: "Time of death", Help: "HH:MM, 24 hour", Kind: KindTime,
			Disclosure: Identifier, Interchange: true, Form: FormPlace{Tab: TabDetails, Section: SectionDeath, New: NewDeath},
			Summary: SummaryChild,
		}.with(text(func(c *Case) *string { return &c.TimeOfDeath })),
		Field{Name: "postcode", Label: "Postcode of usual residence", Kind: KindText, MaxLen: 20,
			Disclosure: Identifier, Interchange: true, Form: child(NewChild), Summary: SummaryChild,
			normalise: NormalisePostcode, check: CheckPostcode,
		}.with(text(func(c *Case) *string { return &c.Postcode })),
		Field{Name: "ethnicity", Label: "Ethnicity", Kind: KindChoice, Choices: codedChoices(EthnicCategories),
			Disclosure: QuasiIdentifier, Interchange: true, Form: child(NewChild), Summary: SummaryChild, Extract: ExtractDerived,
		}.with(text(func(c *Case) *string { return &c.Ethnicity })),
		Field{Name: "imd_decile", Label: "IMD decile (1 = most deprived)", Kind: KindInteger, Min: 1, Max: 10, OutOfRange: "is not a decile; use 1 (most deprived) to 10",
			Disclosure: QuasiIdentifier, Interchange: true, Form: child(NewChild), Summary: SummaryChild, Extract: ExtractDerived,
		}.with(whole(10, func(c *Case) *int { return &c.IMDDecile })),
		Field{Name: "residence_la", Label: "Local authority of residence",
			Help: "The local authority district of England where the child lived (ONS code or name), outside England, or not known.",
			Kind: KindChoice, Choices: ResidenceChoices,
			Disclosure: QuasiIdentifier, Interchange: true, Form: child(NewChild), Summary: SummaryChild, Anonymised: true,
			Extract: ExtractDerived, normalise: normaliseResidence, check: checkResidence,
		}.with(text(func(c *Case) *string { return &c.ResidenceLA })),
		Field{Name: "place_of_death", Label: "Place of death", Kind: KindChoice, Choices: PlacesOfDeath,
			Disclosure: QuasiIdentifier, Interchange: true, Form: FormPlace{Tab: TabDetails, Section: SectionDeath, New: NewDeath},
			Summary: SummaryDecisions, Anonymised: true, Extract: ExtractDerived,
		}.with(text(func(c *Case) *string { return &c.PlaceOfDeath })),
		Field{Name: "expected", Label: "Expected or unexpected", Help: "Whether the death was expected (the immediate decision).",
			Kind: KindChoice, Choices: Expectedness, Disclosure: QuasiIdentifier, Interchange: true,
			NeededFor: StageInformationGathering, Need: "a decision whether the death was expected or unexpected",
			Undecided: "not_known",
			Form:      FormPlace{Tab: TabDecisions, Section: SectionExpected, New: NewDeath},
			Summary:   SummaryDecisions, Anonymised: true, Extract: ExtractCode,
		}.with(text(func(c *Case) *string { return &c.Expected })),
		Field{Name: "notified_on", Label: "Panel notified on", Kind: KindDate, Disclosure: Identifier, Event: true,
			NeededFor: StageImmediateDecisions, Need: "the date the panel was notified",
			Interchange: true, Form: FormPlace{Tab: TabDetails, Section: SectionDeath, New: NewNotification},
			Summary: SummaryDecisions, Extract: ExtractDerived,
		}.with(date(func(c *Case) *Date { return &c.NotifiedOn })),
		Field{Name: "jar", Label: "Joint Agency Response", Help: "Whether a Joint Agency Response was held.",
			Kind: KindChoice, Choices: YesNo, NeededFor: StageInformationGathering,
			Need:       "a decision whether a Joint Agency Response is needed",
			Disclosure: QuasiIdentifier, Interchange: true, Form: FormPlace{Tab: TabDecisions, Section: SectionJAR},
			Summary: SummaryDecisions, Anonymised: true, Extract: ExtractCode,
		}.with(text(func(c *Case) *string { return &c.JAR })),
		Field{Name: "jar_reason", Label: "Reason for the Joint Agency Response", Kind: KindChoice, Choices: JARReasons,
			Disclosure: QuasiIdentifier, Interchange: true,
			Form:    FormPlace{NotOnForm: "the interchange file's single reason: the form's JAR triggers checklist edits it"},
			Summary: SummaryDecisions, Anonymised: true,
		}.with(text(func(c *Case) *string { return &c.JARReason })),
		Field{Name: "abuse_neglect_suspected", Label: "Abuse or neglect known or suspected", Kind: KindChoice, Choices: YesNo,
			NeededFor: StageInformationGathering, Need: "whether abuse or neglect is known or suspected",
			Disclosure: SensitiveAttribute, Interchange: true, Form: FormPlace{Tab: TabDecisions, Section: SectionSafeguarding},
			Summary: SummaryDecisions, Anonymised: true,
		}.with(text(func(c *Case) *string { return &c.AbuseNeglectSuspected })),
		Field{Name: "csprp_notified_on", Label: "Safeguarding Practice Review Panel notified on", Kind: KindDate, Disclosure: Identifier, Event: true,
			Interchange: true, Form: FormPlace{Tab: TabDecisions, Section: SectionSafeguarding},
			Summary: SummaryDecisions, Anonymised: true,
		}.with(date(func(c *Case) *Date { return &c.CSPRPNotifiedOn })),
		Field{Name: "rapid_review_completed_on", Label: "Rapid review completed on", Kind: KindDate, Disclosure: Identifier, Event: true,
			Interchange: true, Form: FormPlace{Tab: TabDecisions, Section: SectionSafeguarding},
			Summary: SummaryDecisions, Anonymised: true,
		}.with(date(func(c *Case) *Date { return &c.RapidReviewCompletedOn })),
		Field{Name: "coroner_referred", Label: "Referred to the coroner", Kind: KindChoice, Choices: YesNo,
			NeededFor: StageInformationGathering, Need: "whether the death was referred to the coroner",
			Disclosure: QuasiIdentifier, Interchange: true, Form: FormPlace{Tab: TabDecisions, Section: SectionCoroner},
			Summary: SummaryDecisions, Anonymised: true,
		}.with(text(func(c *Case) *string { return &c.CoronerReferred })),
		Field{Name: "post_mortem", Label: "Post-mortem", Kind: KindChoice, Choices: YesNo,
			Disclosure: QuasiIdentifier, Interchange: true, Form: FormPlace{Tab: TabDecisions, Section: SectionCoroner},
			Summary: SummaryDecisions, Anonymised: true,
		}.with(text(func(c *Case) *string { return &c.PostMortem })),
		Field{Name: "inquest", Label: "Inquest", Kind: KindChoice, Choices: InquestStatuses,
			Disclosure: QuasiIdentifier, Interchange: true, Form: FormPlace{Tab: TabDecisions, Section: SectionCoroner},
			Summary: SummaryDecisions, Anonymised: true,
		}.with(text(func(c *Case) *string { return &c.Inquest })),
		Field{Name: "key_worker", Label: "Family's key worker", Help: "Name and role", Kind: KindText, MaxLen: MaxNameLength,
			Disclosure: Identifier, PersonName: true, WithRole: true, Interchange: true,
			Form:    FormPlace{Tab: TabFamily, Section: SectionKeyWorker, New: NewNotification},
			Summary: SummaryChild,
		}.with(text(func(c *Case) *string { return &c.KeyWorker })),
		Field{Name: "stage", Label: "Stage", Help: "The case's stage in the review flowchart.",
			Kind: KindChoice, Choices: Stages, Interchange: true,
			Form:    FormPlace{NotOnForm: "moved with the flowchart's stepper, never typed"},
			Extract: ExtractCode,
		}.with(access{get: func(c *Case) string { return string(c.Stage) },
			set: func(c *Case, s string) error {
				if s == "" {
					s = string(StageNotified)
				}
				c.Stage = Stage(s)
				return nil
			}}),
		Field{Name: "cdrm_on", Label: "Child death review meeting on", Kind: KindDate, Disclosure: Identifier, AfterDeath: true,
			Interchange: true, Form: FormPlace{Tab: TabDetails, Section: SectionReview},
			Summary: SummaryDecisions, Anonymised: true, Extract: ExtractDerived,
		}.with(date(func(c *Case) *Date { return &c.CDRMOn })),
		Field{Name: "cdop_review_on", Label: "CDOP review on", Kind: KindDate, Disclosure: Identifier, AfterDeath: true,
			NeededFor: StageClosed, Need: "the date of the CDOP review",
			Interchange: true, Form: FormPlace{Tab: TabDetails, Section: SectionReview},
			Summary: SummaryDecisions, Anonymised: true, Extract: ExtractDerived,
		}.with(date(func(c *Case) *Date { return &c.CDOPReviewOn })),
		Field{Name: "category", Label: "Category of death",
			Help: "The analysis form's primary category of death (1 is highest in the hierarchy); blank until the panel records it.",
			Kind: KindInteger, Min: 1, Max: len(Categories), Choices: Categories,
			OutOfRange: fmt.Sprintf("is not a category of death; use 1 to %d", len(Categories)),
			Disclosure: QuasiIdentifier, Interchange: true, Form: analysis,
			Summary: SummaryAnalysis, Anonymised: true, Extract: ExtractCode,
		}.with(whole(len(Categories), func(c *Case) *int { return &c.Analysis.Category })),
	}
	for d := range Domains {
		letter := strings.ToUpper(Domains[d].Code)
		fields = append(fields, Field{Name: "domain_" + Domains[d].Code + "_score", Label: "Domain " + letter + " score",
			Help: fmt.Sprintf("The analysis form's score for domain %s (%s).", letter, Domains[d].Label),
			Kind: KindInteger, Min: 0, Max: 2, Choices: nationalScale(), OutOfRange: "is not a score; use 0, 1 or 2",
			Disclosure: SensitiveAttribute, Interchange: true, Form: analysis,
			Summary: SummaryAnalysis, Anonymised: true, Extract: ExtractCode,
		}.with(score(d)))
	}
	for d := range Domains {
		letter := strings.ToUpper(Domains[d].Code)
		fields = append(fields, Field{Name: "domain_" + Domains[d].Code + "_factors", Label: "Domain " + letter + " factors",
			Kind: KindList, Disclosure: Identifier, Interchange: true, Form: analysis,
			Summary: SummaryAnalysis, Anonymised: true, Extract: ExtractDerived,
		}.with(list(func(c *Case) *[]string { return &c.Analysis.Domains[d].Factors })))
	}
	for d := range Domains {
		letter := strings.ToUpper(Domains[d].Code)
		fields = append(fields, Field{Name: "domain_" + Domains[d].Code + "_modifiable", Label: "Domain " + letter + " modifiable factors",
			Kind: KindList, Disclosure: Identifier, Interchange: true, Form: analysis,
			Summary: SummaryAnalysis, Anonymised: true,
		}.with(list(func(c *Case) *[]string { return &c.Analysis.Domains[d].Modifiable })))
	}
	fields = append(fields,
		Field{Name: "modifiable", Label: "Outcome for the case", Help: "The analysis form's outcome on modifiable factors.",
			Kind: KindChoice, Choices: ModifiableOutcomes, Disclosure: SensitiveAttribute, Interchange: true, Form: analysis,
			Summary: SummaryAnalysis, Anonymised: true, Extract: ExtractCode,
		}.with(text(func(c *Case) *string { return &c.Analysis.Modifiable })),
		Field{Name: "cause_of_death", Label: "Cause of death as understood", Kind: KindLongText,
			Disclosure: Identifier, Interchange: true, Form: analysis, Summary: SummaryAnalysis, Anonymised: true,
		}.with(text(func(c *Case) *string { return &c.Analysis.CauseOfDeath })),
		Field{Name: "summary", Label: "Circumstances", Kind: KindLongText, Disclosure: Identifier, Interchange: true,
			Form:    FormPlace{Tab: TabDetails, Section: SectionDeath, New: NewDeath},
			Summary: SummaryDecisions,
		}.with(text(func(c *Case) *string { return &c.Summary })),
		Field{Name: "learning", Label: "Learning points", Kind: KindList, Disclosure: Identifier, Interchange: true,
			Form: analysis, Summary: SummaryAnalysis, Anonymised: true,
		}.with(list(func(c *Case) *[]string { return &c.Analysis.Learning })),

		// The fields only the app keeps: the JAR checklist, parallel
		// reviews, what the family was told, and the analysis's details.
		Field{Name: "jar_triggers", Label: "JAR triggers (tick all that apply)", Kind: KindChecks, Choices: JARReasons,
			Disclosure: QuasiIdentifier, Form: FormPlace{Tab: TabDecisions, Section: SectionJAR},
			Summary: SummaryDecisions, Anonymised: true,
		}.with(list(func(c *Case) *[]string { return &c.JARTriggers })),
		Field{Name: "parallel_reviews", Label: "Parallel reviews (tick all that apply)", Kind: KindChecks,
			Choices: ParallelReviewKinds, Disclosure: QuasiIdentifier,
			Form: FormPlace{Tab: TabDecisions, Section: SectionParallel}, Summary: SummaryDecisions, Anonymised: true,
		}.with(list(func(c *Case) *[]string { return &c.ParallelReviews })),
		Field{Name: "parallel_review_other", Label: "Other review", Help: "What the other review is", Kind: KindText,
			Disclosure: Identifier, Form: FormPlace{Tab: TabDecisions, Section: SectionParallel}, Summary: SummaryDecisions,
		}.with(text(func(c *Case) *string { return &c.ParallelReviewOther })),
		Field{Name: "cdrm_not_held_reason", Label: "If no meeting was held, why", Kind: KindText, MaxLen: 2000,
			Disclosure: Identifier, Form: FormPlace{Tab: TabDetails, Section: SectionReview}, Summary: SummaryDecisions,
		}.with(text(func(c *Case) *string { return &c.CDRMNotHeldReason })),
		Field{Name: "family_told_cdrm_on", Label: "Family told of the meeting (CDRM) date on", Help: "Not yet – or YYYY-MM-DD",
			Kind: KindDate, Disclosure: Identifier, AfterDeath: true, Form: FormPlace{Tab: TabFamily, Section: SectionKeyWorker}, Summary: SummaryDecisions,
		}.with(date(func(c *Case) *Date { return &c.FamilyToldCDRMOn })),
		Field{Name: "family_told_cdop_review_on", Label: "Family told of the CDOP review date on", Help: "Not yet – or YYYY-MM-DD",
			Kind: KindDate, Disclosure: Identifier, AfterDeath: true, Form: FormPlace{Tab: TabFamily, Section: SectionKeyWorker}, Summary: SummaryDecisions,
		}.with(date(func(c *Case) *Date { return &c.FamilyToldCDOPReviewOn })),
		Field{Name: "family_told_outcome_on", Label: "Family told of the outcome on", Help: "Not yet – or YYYY-MM-DD",
			Kind: KindDate, Disclosure: Identifier, AfterDeath: true, Form: FormPlace{Tab: TabFamily, Section: SectionKeyWorker}, Summary: SummaryDecisions,
		}.with(date(func(c *Case) *Date { return &c.FamilyToldOutcomeOn })),
		Field{Name: "analysis_signed_off_on", Label: "Signed off by the panel", Kind: KindDate, Disclosure: Identifier, AfterDeath: true,
			Form:    FormPlace{NotOnForm: "recorded by signing the case off at a panel meeting"},
			Summary: SummaryAnalysis,
		}.with(date(func(c *Case) *Date { return &c.Analysis.SignedOffOn })),
		Field{Name: "contributing_categories", Label: "Other categories ticked", Kind: KindList,
			Disclosure: SensitiveAttribute, Form: analysis, Summary: SummaryAnalysis, Anonymised: true,
		}.with(access{get: func(c *Case) string {
			parts := make([]string, len(c.Analysis.ContributingCategories))
			for i, n := range c.Analysis.ContributingCategories {
				parts[i] = strconv.Itoa(n)
			}
			return strings.Join(parts, ListSeparator)
		}, set: func(c *Case, s string) error {
			var out []int
			for _, item := range SplitList(s) {
				n, err := strconv.Atoi(item)
				if err != nil {
					return fmt.Errorf("%s is not a category number", Quote(item))
				}
				out = append(out, n)
			}
			c.Analysis.ContributingCategories = out
			return nil
		}}),
		Field{Name: "factor_details", Label: "Factors found", Kind: KindLongText,
			Disclosure: SensitiveAttribute, Form: analysis, Summary: SummaryAnalysis, Anonymised: true, Extract: ExtractDerived,
		}.with(access{get: func(c *Case) string { return encodeFactorDetails(c.Analysis.FactorDetails) },
			set: func(c *Case, s string) error {
				d, err := decodeFactorDetails(s)
				if err == nil {
					c.Analysis.FactorDetails = d
				}
				return err
			}}),
		Field{Name: "looked_after", Label: "Looked-after child",
			Help: "Whether the child was looked after by a local authority when they died (the death of a looked-after child is also notified to Ofsted and the Secretary of State).",
			Kind: KindChoice, Choices: YesNoNotKnown,
			Disclosure: SensitiveAttribute, Interchange: true, Form: child(NewChild), Summary: SummaryChild,
			Anonymised: true, Extract: ExtractCode,
		}.with(text(func(c *Case) *string { return &c.LookedAfter })),
		Field{Name: "lcspr_criteria_met", Label: "Criteria for a local child safeguarding practice review met",
			Kind: KindChoice, Choices: YesNo, Disclosure: SensitiveAttribute, Form: analysis,
			Summary: SummaryAnalysis, Anonymised: true,
		}.with(text(func(c *Case) *string { return &c.Analysis.LCSPRCriteriaMet })),
	)
	return append(fields, statutoryDataset(child)...)
}

// statutoryDataset defines the items of the NCMD notification and of the
// coroner's and NCMD's steps beyond the panel's first fields, and the
// record's own status (void, transfer, a look-alike confirmed distinct).
// Every one is an interchange column, after the columns before it.
func statutoryDataset(child func(string) FormPlace) []Field {
	safeguarding := FormPlace{Tab: TabDecisions, Section: SectionSafeguarding}
	coroner := FormPlace{Tab: TabDecisions, Section: SectionCoroner}
	family := FormPlace{Tab: TabFamily, Section: SectionFamily, New: NewFamily}
	return []Field{
		Field{Name: "child_protection_plan", Label: "Subject of a child protection plan",
			Help: "Whether the child was the subject of a child protection plan when they died.",
			Kind: KindChoice, Choices: YesNoNotKnown, Disclosure: SensitiveAttribute, Interchange: true,
			Form: child(NewChild), Summary: SummaryChild, Anonymised: true,
		}.with(text(func(c *Case) *string { return &c.ChildProtectionPlan })),
		Field{Name: "residency", Label: "Resident or non-resident",
			Help: "Whether the child normally lived in the panel's area; a non-resident child's death is reviewed as indicated, with the panel of residence named.",
			Kind: KindChoice, Choices: Residencies, Disclosure: QuasiIdentifier, Interchange: true,
			Form: child(NewChild), Summary: SummaryChild,
		}.with(text(func(c *Case) *string { return &c.Residency })),
		Field{Name: "panel_of_residence", Label: "Panel of residence", Help: "The CDOP of the area where a non-resident child lived",
			Kind: KindText, Disclosure: Identifier, Interchange: true, Form: child(NewChild), Summary: SummaryChild,
		}.with(text(func(c *Case) *string { return &c.PanelOfResidence })),
		Field{Name: "birth_outcome", Label: "Live birth or unattended stillbirth",
			Help: "A stillbirth is reviewed only when no healthcare professional attended it.",
			Kind: KindChoice, Choices: BirthOutcomes, Disclosure: QuasiIdentifier, Interchange: true,
			Form: child(NewChild), Summary: SummaryChild, Anonymised: true, Extract: ExtractDerived,
			check: checkBirthOutcome,
		}.with(text(func(c *Case) *string { return &c.BirthOutcome })),
		Field{Name: "gestation_weeks", Label: "Gestation at birth (completed weeks)", Help: "For a child who died under 1 year old",
			Kind: KindInteger, Min: 20, Max: 44, OutOfRange: "is not a gestation the form takes; use 20 to 44 completed weeks",
			Disclosure: QuasiIdentifier, Interchange: true, Form: child(NewChild), Summary: SummaryChild,
		}.with(value("gestation_weeks")),
		Field{Name: "birth_weight_grams", Label: "Birthweight (grams)", Help: "For a child who died under 1 year old, e.g. 2450",
			Kind: KindText, MaxLen: 5, Disclosure: QuasiIdentifier, Interchange: true, Form: child(NewChild), Summary: SummaryChild,
			check: checkBirthWeight, examples: [2]string{"2450", "850"},
		}.with(value("birth_weight_grams")),
		Field{Name: "address", Label: "Address of usual residence", Kind: KindLongText, MaxLen: 500,
			Disclosure: Identifier, Interchange: true, Form: child(NewChild), Summary: SummaryChild,
		}.with(value("address")),
		Field{Name: "gp_practice", Label: "GP practice", Help: "Name and address of the child's GP practice", Kind: KindText,
			Disclosure: Identifier, Interchange: true, Form: child(NewChild), Summary: SummaryChild,
		}.with(value("gp_practice")),
		Field{Name: "parents", Label: "Parents or those with parental responsibility",
			Help: "One person a line: name, then their relationship, e.g. \"Anna Nowak (mother)\"",
			Kind: KindList, Disclosure: Identifier, PersonName: true, WithRole: true, Interchange: true,
			Form: family, Summary: SummaryChild,
		}.with(valueList("parents")),
		Field{Name: "siblings", Label: "Siblings", Help: "One a line: name, then age or year of birth, e.g. \"Kacper Nowak (6)\"",
			Kind: KindList, Disclosure: Identifier, PersonName: true, WithRole: true, Interchange: true,
			Form: family, Summary: SummaryChild,
		}.with(valueList("siblings")),
		Field{Name: "notifier", Label: "Notified by", Help: "Name and role of the person who notified the death",
			Kind: KindText, MaxLen: MaxNameLength, Disclosure: Identifier, PersonName: true, WithRole: true, Interchange: true,
			Form: FormPlace{Tab: TabDetails, Section: SectionDeath, New: NewNotification}, Summary: SummaryDecisions,
		}.with(value("notifier")),
		Field{Name: "notifier_agency", Label: "Notifier's agency", Kind: KindText, Disclosure: Identifier, Interchange: true,
			Form: FormPlace{Tab: TabDetails, Section: SectionDeath, New: NewNotification}, Summary: SummaryDecisions,
		}.with(value("notifier_agency")),
		Field{Name: "la_aware_on", Label: "Local authority aware of the incident on",
			Help: "When the local authority learnt of the incident in which abuse or neglect is known or suspected: the 5 working days to notify the Child Safeguarding Practice Review Panel run from it",
			Kind: KindDate, Disclosure: Identifier, Interchange: true, Form: safeguarding, Summary: SummaryDecisions,
		}.with(date(func(c *Case) *Date { return &c.LAAwareOn })),
		Field{Name: "lac_notified_on", Label: "Ofsted and the Secretary of State notified on",
			Help: "For a looked-after child: when the local authority notified Ofsted and the Secretary of State of the death",
			Kind: KindDate, Disclosure: Identifier, Event: true, Interchange: true, Form: safeguarding, Summary: SummaryDecisions,
		}.with(date(func(c *Case) *Date { return &c.LACNotifiedOn })),
		Field{Name: "mccd_cause", Label: "Cause of death on the medical certificate (MCCD)", Kind: KindLongText, MaxLen: 2000,
			Disclosure: Identifier, Interchange: true, Form: coroner, Summary: SummaryDecisions,
		}.with(value("mccd_cause")),
		Field{Name: "coroner_area", Label: "Coroner's area", Help: "e.g. West Yorkshire (Eastern)", Kind: KindText,
			Disclosure: Identifier, Interchange: true, Form: coroner, Summary: SummaryDecisions,
		}.with(value("coroner_area")),
		Field{Name: "coroner_referred_on", Label: "Referred to the coroner on", Kind: KindDate, Disclosure: Identifier, Event: true,
			Interchange: true, Form: coroner, Summary: SummaryDecisions,
		}.with(date(func(c *Case) *Date { return &c.CoronerReferredOn })),
		Field{Name: "post_mortem_on", Label: "Post-mortem on", Kind: KindDate, Disclosure: Identifier, Event: true,
			Interchange: true, Form: coroner, Summary: SummaryDecisions,
		}.with(date(func(c *Case) *Date { return &c.PostMortemOn })),
		Field{Name: "post_mortem_report_received_on", Label: "Post-mortem report received on",
			Help: "The child death review meeting is not held before it", Kind: KindDate, Disclosure: Identifier, Event: true,
			Interchange: true, Form: coroner, Summary: SummaryDecisions,
		}.with(date(func(c *Case) *Date { return &c.PostMortemReportReceivedOn })),
		Field{Name: "inquest_opened_on", Label: "Inquest opened on", Kind: KindDate, Disclosure: Identifier, Event: true,
			Interchange: true, Form: coroner, Summary: SummaryDecisions,
		}.with(date(func(c *Case) *Date { return &c.InquestOpenedOn })),
		Field{Name: "inquest_concluded_on", Label: "Inquest concluded on", Kind: KindDate, Disclosure: Identifier, Event: true,
			Interchange: true, Form: coroner, Summary: SummaryDecisions,
		}.with(date(func(c *Case) *Date { return &c.InquestConcludedOn })),
		Field{Name: "inquest_conclusion", Label: "Inquest conclusion", Help: "The coroner's conclusion, as recorded",
			Kind: KindLongText, MaxLen: 2000, Disclosure: Identifier, Interchange: true, Form: coroner, Summary: SummaryDecisions,
		}.with(value("inquest_conclusion")),
		Field{Name: "pfd_report", Label: "Coroner's PFD report",
			Help: "Whether the coroner issued a report to prevent future deaths (PFD)",
			Kind: KindChoice, Choices: YesNo, Disclosure: QuasiIdentifier, Interchange: true, Form: coroner,
			Summary: SummaryDecisions, Anonymised: true,
		}.with(value("pfd_report")),
		Field{Name: "ncmd_submitted_on", Label: "Submitted to NCMD on", Kind: KindDate, Disclosure: Identifier, Event: true,
			Interchange: true, Form: FormPlace{NotOnForm: "recorded with the NCMD step once the panel has signed the case off"},
			Summary: SummaryAnalysis,
		}.with(date(func(c *Case) *Date { return &c.NCMDSubmittedOn })),
		Field{Name: "ncmd_submitted_by", Label: "Submitted to NCMD by", Kind: KindText, MaxLen: MaxNameLength,
			Disclosure: Identifier, Interchange: true,
			Form:    FormPlace{NotOnForm: "recorded with the NCMD step: who submitted the case"},
			Summary: SummaryAnalysis,
		}.with(text(func(c *Case) *string { return &c.NCMDSubmittedBy })),
		Field{Name: "voided_reason", Label: "Voided: logged in error because", Kind: KindText, MaxLen: 2000,
			Disclosure: Identifier, Interchange: true, Extract: ExtractScope,
			Form:    FormPlace{NotOnForm: "given with Void…: a voided notification is kept, read-only and left out of every figure"},
			Summary: SummaryChild,
		}.with(text(func(c *Case) *string { return &c.VoidedReason })),
		Field{Name: "transferred_to", Label: "Transferred to", Help: "The panel the case was handed over to", Kind: KindText,
			Disclosure: Identifier, Interchange: true, Extract: ExtractScope,
			Form:    FormPlace{NotOnForm: "given with Transfer…: the case is kept here read-only"},
			Summary: SummaryChild,
		}.with(text(func(c *Case) *string { return &c.TransferredTo })),
		Field{Name: "transferred_on", Label: "Transferred on", Kind: KindDate, Disclosure: Identifier, Event: true,
			Interchange: true, Form: FormPlace{NotOnForm: "recorded with Transfer…"}, Summary: SummaryChild,
		}.with(date(func(c *Case) *Date { return &c.TransferredOn })),
		Field{Name: "distinct_reason", Label: "A different child from a look-alike case, because",
			Help: "Why the coordinator confirmed this child is not the one of a case with the same surname, dates and sex",
			Kind: KindText, MaxLen: 2000, Disclosure: Identifier, Interchange: true,
			Form:    FormPlace{NotOnForm: "given when the coordinator confirms a possible duplicate is a different child"},
			Summary: SummaryChild,
		}.with(text(func(c *Case) *string { return &c.DistinctReason })),
	}
}

// nationalScale labels the national form's domain scores.
func nationalScale() Enum {
	out := make(Enum, len(NationalForm.Scale))
	for i, l := range NationalForm.Scale {
		out[i] = Choice{Code: l.Code, Label: l.Label}
	}
	return out
}

// checkBirthOutcome refuses, in words, a stillbirth the review does not cover.
func checkBirthOutcome(s string) error {
	if !BirthOutcomes.Has(s) && strings.Contains(strings.ToLower(s), "stillbirth") {
		return fmt.Errorf("%s is out of scope: a stillbirth is reviewed only when no healthcare professional attended it (unattended_stillbirth)", Quote(s))
	}
	return nil
}

// Birthweights the notification takes, in grams.
const (
	MinBirthWeight = 100
	MaxBirthWeight = 7000
)

// checkBirthWeight takes a whole number of grams.
func checkBirthWeight(s string) error {
	n, err := strconv.Atoi(s)
	if err != nil || !allDigits(s) {
		return fmt.Errorf("%s is not a birthweight: give whole grams, e.g. 2450", Quote(s))
	}
	if n < MinBirthWeight || n > MaxBirthWeight {
		return fmt.Errorf("%d grams is not a birthweight the form takes; use %d to %d", n, MinBirthWeight, MaxBirthWeight)
	}
	return nil
}

func checkCaseRef(s string) error {
	if !caseRefPattern.MatchString(s) {
		return fmt.Errorf("%s is not a case reference: use up to 40 letters, digits, hyphens, slashes, dots or underscores (e.g. CDOP-2025-0017)", Quote(s))
	}
	return nil
}

// NewCase returns an empty case at the first stage of the flowchart.
func NewCase() *Case {
	return &Case{Stage: StageNotified}
}
