package storage_test

import (
	"fmt"

	"casemanager/cdop"
)

// Synthetic test data only: invented names, and NHS numbers from the
// 999 000 0000 – 999 999 9999 range, which is never issued.

var (
	genFirstNames = []string{
		"Amelia", "Zoë", "Oliver", "Siân", "Mohammed", "Aoife", "Noah", "Chloé", "Jakub", "Ifeoluwa",
		"Isla", "Łukasz", "Freya", "Arjun", "Niamh", "Tomás", "Grace", "Yusuf", "Maja", "Eliška",
	}
	genLastNames = []string{
		"Smith", "Ó Súilleabháin", "Nowak", "Jones", "Ahmed", "Brontë", "Williams", "Kowalczyk",
		"Taylor", "Müller", "Okafor", "Nguyễn", "Brennan", "Patel", "Dvořák", "Evans", "O'Neill",
		"Hughes", "Al-Amin", "Thompson", "Walsh", "Begum", "Fitzgerald", "Jankowski", "Morgan",
		"Khan", "Davies", "Lindqvist", "Robinson", "Wright", "Clarke", "Hussain", "Edwards",
		"Fernández", "Byrne", "Chowdhury", "Green", "Lewis", "Price", "Quinn",
	}
	genStages = []cdop.Stage{
		cdop.StageNotified, cdop.StageImmediateDecisions, cdop.StageInformationGathering,
		cdop.StageCDRM, cdop.StageCDOPReview, cdop.StageClosed,
	}
	genPostcodes = []string{"LS6 2QR", "BD3 9LE", "M1 1AE", "B33 8TH", "CR2 6XH", "DN55 1PT", "W1A 0AX", "EC1A 1BB"}
)

// nhsNumber returns the NHS number 999 followed by the six digits of n and
// its check digit, or "" when no valid NHS number starts with those digits.
func nhsNumber(n int) string {
	first9 := fmt.Sprintf("999%06d", n)
	check, ok := cdop.NHSCheckDigit(first9)
	if !ok {
		return ""
	}
	return fmt.Sprintf("%s%d", first9, check)
}

// caseGen makes distinct, valid synthetic cases, the same sequence every run.
type caseGen struct {
	i   int // cases made
	nhs int // next NHS number serial to try
}

// next returns a valid case (no reference) unlike every other from this generator:
// its NHS number is new, and its dates of birth and death are a pair no other has.
func (g *caseGen) next() *cdop.Case {
	i := g.i
	g.i++
	c := cdop.NewCase()
	c.FirstName = genFirstNames[i%len(genFirstNames)]
	c.LastName = genLastNames[(i/len(genFirstNames))%len(genLastNames)]
	// (i mod 5000, i div 5000) ↔ (birth, days lived): distinct for i < 5000×365.
	c.DateOfBirth = cdop.NewDate(2005, 1, 1).AddDays(i % 5000)
	c.DateOfDeath = c.DateOfBirth.AddDays(1 + (i/5000)%365)
	c.Sex = cdop.Sexes[i%len(cdop.Sexes)].Code
	if i%17 == 16 {
		c.NHSNumberStatus = "not_available"
	} else {
		c.NHSNumber = g.nextNHS()
	}
	c.Postcode = genPostcodes[i%len(genPostcodes)]
	c.Ethnicity = cdop.EthnicCategories[i%len(cdop.EthnicCategories)].Code
	c.IMDDecile = 1 + i%10
	c.PlaceOfDeath = cdop.PlacesOfDeath[i%len(cdop.PlacesOfDeath)].Code
	c.Expected = cdop.Expectedness[i%len(cdop.Expectedness)].Code
	c.NotifiedOn = c.DateOfDeath.AddDays(i % 3)
	c.Stage = genStages[i%len(genStages)]
	if c.Stage == cdop.StageClosed {
		c.Analysis.Category = 1 + i%10
		for d := range c.Analysis.Domains {
			c.Analysis.Domains[d].Score = cdop.ScoreOf(1)
		}
		c.Analysis.Modifiable = "none"
		c.Analysis.CauseOfDeath = "Synthetic cause"
	}
	c.Summary = fmt.Sprintf("Synthetic case number %d.", i)
	return c
}

// nextNHS returns the next unused valid NHS number of the 999 range.
func (g *caseGen) nextNHS() string {
	for {
		n := nhsNumber(g.nhs)
		g.nhs++
		if n != "" {
			return n
		}
	}
}

// cases returns n new cases.
func (g *caseGen) cases(n int) []*cdop.Case {
	out := make([]*cdop.Case, n)
	for i := range out {
		out[i] = g.next()
	}
	return out
}

// fullCase returns a closed case with every field recorded but
// cdrm_not_held_reason (a meeting was held) and nhs_number_status.
func fullCase() *cdop.Case {
	return withExamples(fullCaseOwnFields(), 0)
}

// withExamples fills every field c leaves blank with its registry example
// (the first, or with which = 1 the second), so a test covering "every
// field" covers a new one without naming it; it returns c.
func withExamples(c *cdop.Case, which int) *cdop.Case {
	for _, f := range cdop.CaseFields {
		if c.Get(f.Name) != "" || f.Kind == cdop.KindDate {
			continue
		}
		first, second := f.Examples()
		v := first
		if which == 1 {
			v = second
		}
		if v != "" && !leftBlank[f.Name] {
			if err := c.Set(f.Name, v); err != nil {
				panic(err)
			}
		}
	}
	return c
}

// leftBlank are the fields withExamples leaves blank: an NHS number is
// recorded, a meeting was held, and the case is a live one (not voided,
// transferred or confirmed distinct from another).
var leftBlank = map[string]bool{"nhs_number_status": true, "cdrm_not_held_reason": true,
	"voided_reason": true, "transferred_to": true, "transferred_on": true, "distinct_reason": true}

// fullCaseOwnFields is fullCase's values of the fields with rules across
// them, which no example can stand for.
func fullCaseOwnFields() *cdop.Case {
	return &cdop.Case{
		Ref:                        "CDOP-2024-0042",
		FirstName:                  "Zoë",
		LastName:                   "Ó Súilleabháin",
		DateOfBirth:                cdop.MustParseDate("2023-11-05"),
		DateOfDeath:                cdop.MustParseDate("2024-02-14"),
		TimeOfDeath:                "04:12",
		Sex:                        "female",
		NHSNumber:                  nhsNumber(123),
		Postcode:                   "LS6 2QR",
		Ethnicity:                  "C",
		IMDDecile:                  3,
		ResidenceLA:                "E08000035",
		PlaceOfDeath:               "hospital",
		Expected:                   "unexpected",
		NotifiedOn:                 cdop.MustParseDate("2024-02-15"),
		JAR:                        "yes",
		JARReason:                  "sudden_unexplained",
		JARTriggers:                []string{"sudden_unexplained", "suspicious"},
		ParallelReviews:            []string{"pmrt", "other"},
		ParallelReviewOther:        "Police professional standards review",
		AbuseNeglectSuspected:      "yes",
		CSPRPNotifiedOn:            cdop.MustParseDate("2024-02-16"),
		RapidReviewCompletedOn:     cdop.MustParseDate("2024-03-01"),
		CoronerReferred:            "yes",
		PostMortem:                 "yes",
		Inquest:                    "yes",
		KeyWorker:                  "Sudden death nurse",
		Stage:                      cdop.StageClosed,
		CDRMOn:                     cdop.MustParseDate("2024-05-10"),
		CDOPReviewOn:               cdop.MustParseDate("2024-07-11"),
		Residency:                  "non_resident",
		PanelOfResidence:           "Kent and Medway CDOP",
		BirthOutcome:               "live_birth",
		LookedAfter:                "yes",
		LACNotifiedOn:              cdop.MustParseDate("2024-02-15"),
		LAAwareOn:                  cdop.MustParseDate("2024-02-14"),
		CoronerReferredOn:          cdop.MustParseDate("2024-02-14"),
		PostMortemOn:               cdop.MustParseDate("2024-02-16"),
		PostMortemReportReceivedOn: cdop.MustParseDate("2024-04-20"),
		InquestOpenedOn:            cdop.MustParseDate("2024-02-20"),
		InquestConcludedOn:         cdop.MustParseDate("2024-06-28"),
		NCMDSubmittedOn:            cdop.MustParseDate("2024-07-20"),
		NCMDSubmittedBy:            "coordinator",
		FamilyToldCDRMOn:           cdop.MustParseDate("2024-04-02"),
		FamilyToldCDOPReviewOn:     cdop.MustParseDate("2024-06-20"),
		FamilyToldOutcomeOn:        cdop.MustParseDate("2024-07-25"),
		Analysis: cdop.Analysis{
			Category: 10,
			Domains: [4]cdop.DomainEntry{
				{Score: cdop.ScoreOf(2), Factors: []string{"born at 30 weeks", "bronchiolitis"}, Modifiable: []string{"bronchiolitis"}},
				{Score: cdop.ScoreOf(2), Factors: []string{"shared sleeping surface", "parental smoking"}, Modifiable: []string{"shared sleeping surface"}},
				{Score: cdop.ScoreOf(2), Factors: []string{"overheated room"}, Modifiable: []string{"overheated room"}},
				{Score: cdop.ScoreOf(2), Factors: []string{"safe sleep advice not given"}, Modifiable: []string{"safe sleep advice not given"}},
			},
			Modifiable:   "identified",
			CauseOfDeath: "Sudden unexpected death in infancy",
			Learning:     []string{"Safe sleep advice at every contact", "Share smoking cessation referral"},
			SignedOffOn:  cdop.MustParseDate("2024-07-11"),

			ContributingCategories: []int{9},
			FactorDetails: []cdop.FactorDetail{
				{Domain: "b", Factor: "shared sleeping surface", Code: "B02", Contribution: "may_have_contributed"},
				{Domain: "a", Factor: "bronchiolitis", Contribution: "contributed"},
			},
			LCSPRCriteriaMet: "no",
		},
		Summary: "Found unresponsive in the morning; synthetic summary.",
	}
}
