package cdop

import (
	"fmt"
	"strconv"
	"strings"
)

// Column is one field of a case as the interchange CSV names and writes it.
// The same names label validation errors, audit rows and form fields, so a
// problem is reported in the same words wherever it is found.
type Column struct {
	Name     string
	Required bool // an import file must have this column
	get      func(*Case) string
	set      func(*Case, string) error
}

// ListSeparator separates the items of a multi-valued cell.
const ListSeparator = " | "

// Columns lists every field of the interchange file, in the order
// `export --full` writes them.
var Columns = buildColumns()

// CaseFields lists every stored field of a case: the interchange columns,
// then the flowchart's own fields, which the interchange file does not carry.
var CaseFields = append(append([]Column(nil), Columns...), flowchartFields()...)

var columnIndex = indexColumns(CaseFields)

func indexColumns(cols []Column) map[string]int {
	m := make(map[string]int, len(cols))
	for i, c := range cols {
		m[c.Name] = i
	}
	return m
}

// ColumnNamed returns the interchange column called name.
func ColumnNamed(name string) (Column, bool) {
	i, ok := columnIndex[name]
	if !ok || i >= len(Columns) {
		return Column{}, false
	}
	return Columns[i], true
}

// FieldNamed returns the stored case field called name, interchange column or not.
func FieldNamed(name string) (Column, bool) {
	i, ok := columnIndex[name]
	if !ok {
		return Column{}, false
	}
	return CaseFields[i], true
}

// Get returns the field called name in its text form ("" when not recorded).
func (c *Case) Get(name string) string {
	col, ok := FieldNamed(name)
	if !ok {
		panic("cdop: no case field " + name)
	}
	return col.get(c)
}

// Set stores value, in its interchange form, into the field called name.
// Surrounding spaces are trimmed (but for a tab or carriage return that
// defuses a formula: see LooksLikeFormula); NHS numbers and postcodes are
// normalised.
// It fails only when the value cannot be read at all (a malformed date or
// number); the rules about allowed values are Validate's.
func (c *Case) Set(name, value string) error {
	col, ok := FieldNamed(name)
	if !ok {
		return fmt.Errorf("unknown column %q", name)
	}
	return col.set(c, trimValue(value))
}

func textColumn(name string, required bool, field func(*Case) *string) Column {
	return Column{
		Name: name, Required: required,
		get: func(c *Case) string { return *field(c) },
		set: func(c *Case, s string) error { *field(c) = NormaliseLineEnds(s); return nil },
	}
}

// NormaliseLineEnds turns Windows (CRLF) and old Mac (CR) line ends into
// "\n", the form a CSV reader gives back, so text survives a round trip
// through the interchange file unchanged.
func NormaliseLineEnds(s string) string {
	if !strings.Contains(s, "\r") {
		return s
	}
	return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
}

func dateColumn(name string, required bool, field func(*Case) *Date) Column {
	return Column{
		Name: name, Required: required,
		get: func(c *Case) string { return field(c).String() },
		set: func(c *Case, s string) error {
			d, err := ParseDate(s)
			if err != nil {
				return err
			}
			*field(c) = d
			return nil
		},
	}
}

// intColumn reads a whole number from 1 to max; 0 stands for "not recorded".
func intColumn(name string, max int, field func(*Case) *int) Column {
	return Column{
		Name: name,
		get: func(c *Case) string {
			if *field(c) == 0 {
				return ""
			}
			return strconv.Itoa(*field(c))
		},
		set: func(c *Case, s string) error {
			if s == "" {
				*field(c) = 0
				return nil
			}
			n, err := strconv.Atoi(s)
			if err != nil || n < 1 || n > max {
				return fmt.Errorf("%s is not allowed; use a whole number from 1 to %d", Quote(s), max)
			}
			*field(c) = n
			return nil
		},
	}
}

func listColumn(name string, field func(*Case) *[]string) Column {
	return Column{
		Name: name,
		get:  func(c *Case) string { return strings.Join(*field(c), ListSeparator) },
		set:  func(c *Case, s string) error { *field(c) = SplitList(s); return nil },
	}
}

// SplitList splits a multi-valued cell on "|", trimming items and dropping empty ones.
func SplitList(s string) []string {
	var out []string
	for _, item := range strings.Split(s, "|") {
		if item = strings.TrimSpace(item); item != "" {
			out = append(out, item)
		}
	}
	return out
}

func scoreColumn(domain int) Column {
	return Column{
		Name: fmt.Sprintf("domain_%s_score", Domains[domain].Code),
		get: func(c *Case) string {
			if s := c.Analysis.Domains[domain].Score; s != nil {
				return strconv.Itoa(*s)
			}
			return ""
		},
		set: func(c *Case, s string) error {
			if s == "" {
				c.Analysis.Domains[domain].Score = nil
				return nil
			}
			n, err := strconv.Atoi(s)
			if err != nil {
				return fmt.Errorf("%s is not a score; use 0, 1 or 2", Quote(s))
			}
			c.Analysis.Domains[domain].Score = ScoreOf(n)
			return nil
		},
	}
}

func buildColumns() []Column {
	cols := []Column{
		textColumn("case_ref", true, func(c *Case) *string { return &c.Ref }),
		textColumn("first_name", true, func(c *Case) *string { return &c.FirstName }),
		textColumn("last_name", true, func(c *Case) *string { return &c.LastName }),
		dateColumn("date_of_birth", true, func(c *Case) *Date { return &c.DateOfBirth }),
		dateColumn("date_of_death", true, func(c *Case) *Date { return &c.DateOfDeath }),
		textColumn("sex", true, func(c *Case) *string { return &c.Sex }),
		{
			Name: "nhs_number",
			get:  func(c *Case) string { return FormatNHSNumber(c.NHSNumber) },
			set:  func(c *Case, s string) error { c.NHSNumber = NormaliseNHSNumber(s); return nil },
		},
		textColumn("nhs_number_status", false, func(c *Case) *string { return &c.NHSNumberStatus }),
		textColumn("time_of_death", false, func(c *Case) *string { return &c.TimeOfDeath }),
		{
			Name: "postcode",
			get:  func(c *Case) string { return c.Postcode },
			set:  func(c *Case, s string) error { c.Postcode = NormalisePostcode(s); return nil },
		},
		textColumn("ethnicity", false, func(c *Case) *string { return &c.Ethnicity }),
		intColumn("imd_decile", 10, func(c *Case) *int { return &c.IMDDecile }),
		textColumn("residence_la", false, func(c *Case) *string { return &c.ResidenceLA }),
		textColumn("place_of_death", false, func(c *Case) *string { return &c.PlaceOfDeath }),
		textColumn("expected", false, func(c *Case) *string { return &c.Expected }),
		dateColumn("notified_on", false, func(c *Case) *Date { return &c.NotifiedOn }),
		textColumn("jar", false, func(c *Case) *string { return &c.JAR }),
		textColumn("jar_reason", false, func(c *Case) *string { return &c.JARReason }),
		textColumn("abuse_neglect_suspected", false, func(c *Case) *string { return &c.AbuseNeglectSuspected }),
		dateColumn("csprp_notified_on", false, func(c *Case) *Date { return &c.CSPRPNotifiedOn }),
		dateColumn("rapid_review_completed_on", false, func(c *Case) *Date { return &c.RapidReviewCompletedOn }),
		textColumn("coroner_referred", false, func(c *Case) *string { return &c.CoronerReferred }),
		textColumn("post_mortem", false, func(c *Case) *string { return &c.PostMortem }),
		textColumn("inquest", false, func(c *Case) *string { return &c.Inquest }),
		textColumn("key_worker", false, func(c *Case) *string { return &c.KeyWorker }),
		{
			Name: "stage",
			get:  func(c *Case) string { return string(c.Stage) },
			set: func(c *Case, s string) error {
				if s == "" {
					s = string(StageNotified)
				}
				c.Stage = Stage(s)
				return nil
			},
		},
		dateColumn("cdrm_on", false, func(c *Case) *Date { return &c.CDRMOn }),
		dateColumn("cdop_review_on", false, func(c *Case) *Date { return &c.CDOPReviewOn }),
		intColumn("category", len(Categories), func(c *Case) *int { return &c.Analysis.Category }),
	}
	for d := range Domains {
		cols = append(cols, scoreColumn(d))
	}
	for d := range Domains {
		cols = append(cols, listColumn(fmt.Sprintf("domain_%s_factors", Domains[d].Code),
			func(c *Case) *[]string { return &c.Analysis.Domains[d].Factors }))
	}
	for d := range Domains {
		cols = append(cols, listColumn(fmt.Sprintf("domain_%s_modifiable", Domains[d].Code),
			func(c *Case) *[]string { return &c.Analysis.Domains[d].Modifiable }))
	}
	return append(cols,
		textColumn("modifiable", false, func(c *Case) *string { return &c.Analysis.Modifiable }),
		textColumn("cause_of_death", false, func(c *Case) *string { return &c.Analysis.CauseOfDeath }),
		textColumn("summary", false, func(c *Case) *string { return &c.Summary }),
		listColumn("learning", func(c *Case) *[]string { return &c.Analysis.Learning }),
	)
}

// flowchartFields are the case's fields that only the app keeps: the JAR
// checklist, parallel reviews, what the family was told, and sign-off.
func flowchartFields() []Column {
	return []Column{
		listColumn("jar_triggers", func(c *Case) *[]string { return &c.JARTriggers }),
		listColumn("parallel_reviews", func(c *Case) *[]string { return &c.ParallelReviews }),
		textColumn("parallel_review_other", false, func(c *Case) *string { return &c.ParallelReviewOther }),
		textColumn("cdrm_not_held_reason", false, func(c *Case) *string { return &c.CDRMNotHeldReason }),
		dateColumn("family_told_cdrm_on", false, func(c *Case) *Date { return &c.FamilyToldCDRMOn }),
		dateColumn("family_told_cdop_review_on", false, func(c *Case) *Date { return &c.FamilyToldCDOPReviewOn }),
		dateColumn("family_told_outcome_on", false, func(c *Case) *Date { return &c.FamilyToldOutcomeOn }),
		dateColumn("analysis_signed_off_on", false, func(c *Case) *Date { return &c.Analysis.SignedOffOn }),
		{
			Name: "contributing_categories",
			get: func(c *Case) string {
				parts := make([]string, len(c.Analysis.ContributingCategories))
				for i, n := range c.Analysis.ContributingCategories {
					parts[i] = strconv.Itoa(n)
				}
				return strings.Join(parts, ListSeparator)
			},
			set: func(c *Case, s string) error {
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
			},
		},
		{
			Name: "factor_details",
			get:  func(c *Case) string { return encodeFactorDetails(c.Analysis.FactorDetails) },
			set: func(c *Case, s string) error {
				d, err := decodeFactorDetails(s)
				if err == nil {
					c.Analysis.FactorDetails = d
				}
				return err
			},
		},
		textColumn("lcspr_criteria_met", false, func(c *Case) *string { return &c.Analysis.LCSPRCriteriaMet }),
	}
}

// NewCase returns an empty case at the first stage of the flowchart.
func NewCase() *Case {
	return &Case{Stage: StageNotified}
}
