package cdop_test

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"casemanager/cdop"
)

// columnCase is one column: a value in interchange form and how to read the
// struct field it must land in, independently of Get.
type columnCase struct {
	value string
	field func(c *cdop.Case) string
}

func score(c *cdop.Case, i int) string {
	if s := c.Analysis.Domains[i].Score; s != nil {
		return strconv.Itoa(*s)
	}
	return "nil"
}

func joined(items []string) string { return strings.Join(items, "+") }

func columnCases(t testing.TB) map[string]columnCase {
	nhs := nhsNumber(t, "999000001")
	return withExamples(t, map[string]columnCase{
		"case_ref":                       {"CDOP-2025-0042", func(c *cdop.Case) string { return c.Ref }},
		"first_name":                     {"Zoë", func(c *cdop.Case) string { return c.FirstName }},
		"last_name":                      {"Ó Súilleabháin", func(c *cdop.Case) string { return c.LastName }},
		"date_of_birth":                  {"2015-04-10", func(c *cdop.Case) string { return c.DateOfBirth.String() }},
		"date_of_death":                  {"2025-11-02", func(c *cdop.Case) string { return c.DateOfDeath.String() }},
		"sex":                            {"female", func(c *cdop.Case) string { return c.Sex }},
		"nhs_number":                     {cdop.FormatNHSNumber(nhs), func(c *cdop.Case) string { return c.NHSNumber }},
		"nhs_number_status":              {"non_resident", func(c *cdop.Case) string { return c.NHSNumberStatus }},
		"time_of_death":                  {"04:12", func(c *cdop.Case) string { return c.TimeOfDeath }},
		"postcode":                       {"LS6 2QR", func(c *cdop.Case) string { return c.Postcode }},
		"ethnicity":                      {"C", func(c *cdop.Case) string { return c.Ethnicity }},
		"imd_decile":                     {"3", func(c *cdop.Case) string { return strconv.Itoa(c.IMDDecile) }},
		"residence_la":                   {"E08000035", func(c *cdop.Case) string { return c.ResidenceLA }},
		"place_of_death":                 {"hospital", func(c *cdop.Case) string { return c.PlaceOfDeath }},
		"expected":                       {"unexpected", func(c *cdop.Case) string { return c.Expected }},
		"notified_on":                    {"2025-11-03", func(c *cdop.Case) string { return c.NotifiedOn.String() }},
		"jar":                            {"yes", func(c *cdop.Case) string { return c.JAR }},
		"jar_reason":                     {"sudden_unexplained", func(c *cdop.Case) string { return c.JARReason }},
		"abuse_neglect_suspected":        {"no", func(c *cdop.Case) string { return c.AbuseNeglectSuspected }},
		"csprp_notified_on":              {"2025-11-05", func(c *cdop.Case) string { return c.CSPRPNotifiedOn.String() }},
		"rapid_review_completed_on":      {"2025-11-20", func(c *cdop.Case) string { return c.RapidReviewCompletedOn.String() }},
		"coroner_referred":               {"yes", func(c *cdop.Case) string { return c.CoronerReferred }},
		"post_mortem":                    {"no", func(c *cdop.Case) string { return c.PostMortem }},
		"inquest":                        {"pending", func(c *cdop.Case) string { return c.Inquest }},
		"key_worker":                     {"Sam Okafor-Lind", func(c *cdop.Case) string { return c.KeyWorker }},
		"stage":                          {"closed", func(c *cdop.Case) string { return string(c.Stage) }},
		"cdrm_on":                        {"2026-02-02", func(c *cdop.Case) string { return c.CDRMOn.String() }},
		"cdop_review_on":                 {"2026-04-20", func(c *cdop.Case) string { return c.CDOPReviewOn.String() }},
		"category":                       {"10", func(c *cdop.Case) string { return strconv.Itoa(c.Analysis.Category) }},
		"domain_a_score":                 {"2", func(c *cdop.Case) string { return score(c, 0) }},
		"domain_b_score":                 {"1", func(c *cdop.Case) string { return score(c, 1) }},
		"domain_c_score":                 {"0", func(c *cdop.Case) string { return score(c, 2) }},
		"domain_d_score":                 {"2", func(c *cdop.Case) string { return score(c, 3) }},
		"domain_a_factors":               {"prematurity | reflux", func(c *cdop.Case) string { return joined(c.Analysis.Domains[0].Factors) }},
		"domain_b_factors":               {"parental smoking | shared sleep surface", func(c *cdop.Case) string { return joined(c.Analysis.Domains[1].Factors) }},
		"domain_c_factors":               {"overheating", func(c *cdop.Case) string { return joined(c.Analysis.Domains[2].Factors) }},
		"domain_d_factors":               {"delayed referral | no interpreter", func(c *cdop.Case) string { return joined(c.Analysis.Domains[3].Factors) }},
		"domain_a_modifiable":            {"reflux", func(c *cdop.Case) string { return joined(c.Analysis.Domains[0].Modifiable) }},
		"domain_b_modifiable":            {"shared sleep surface", func(c *cdop.Case) string { return joined(c.Analysis.Domains[1].Modifiable) }},
		"domain_c_modifiable":            {"overheating", func(c *cdop.Case) string { return joined(c.Analysis.Domains[2].Modifiable) }},
		"domain_d_modifiable":            {"delayed referral | no interpreter", func(c *cdop.Case) string { return joined(c.Analysis.Domains[3].Modifiable) }},
		"modifiable":                     {"identified", func(c *cdop.Case) string { return c.Analysis.Modifiable }},
		"cause_of_death":                 {"Sudden unexpected death in infancy", func(c *cdop.Case) string { return c.Analysis.CauseOfDeath }},
		"summary":                        {"Found unresponsive at 04:12, \"not breathing\"; CPR by paramedics.", func(c *cdop.Case) string { return c.Summary }},
		"learning":                       {"Safer sleep advice | Smoking cessation referral", func(c *cdop.Case) string { return joined(c.Analysis.Learning) }},
		"looked_after":                   {"yes", func(c *cdop.Case) string { return c.LookedAfter }},
		"child_protection_plan":          {"not_known", func(c *cdop.Case) string { return c.ChildProtectionPlan }},
		"residency":                      {"non_resident", func(c *cdop.Case) string { return c.Residency }},
		"panel_of_residence":             {"Kent and Medway CDOP", func(c *cdop.Case) string { return c.PanelOfResidence }},
		"birth_outcome":                  {"unattended_stillbirth", func(c *cdop.Case) string { return c.BirthOutcome }},
		"la_aware_on":                    {"2025-11-04", func(c *cdop.Case) string { return c.LAAwareOn.String() }},
		"lac_notified_on":                {"2025-11-05", func(c *cdop.Case) string { return c.LACNotifiedOn.String() }},
		"coroner_referred_on":            {"2025-11-02", func(c *cdop.Case) string { return c.CoronerReferredOn.String() }},
		"post_mortem_on":                 {"2025-11-06", func(c *cdop.Case) string { return c.PostMortemOn.String() }},
		"post_mortem_report_received_on": {"2026-01-15", func(c *cdop.Case) string { return c.PostMortemReportReceivedOn.String() }},
		"inquest_opened_on":              {"2025-11-10", func(c *cdop.Case) string { return c.InquestOpenedOn.String() }},
		"inquest_concluded_on":           {"2026-06-30", func(c *cdop.Case) string { return c.InquestConcludedOn.String() }},
		"ncmd_submitted_on":              {"2026-05-01", func(c *cdop.Case) string { return c.NCMDSubmittedOn.String() }},
		"ncmd_submitted_by":              {"coordinator", func(c *cdop.Case) string { return c.NCMDSubmittedBy }},
		"voided_reason":                  {"Notified twice by the hospital", func(c *cdop.Case) string { return c.VoidedReason }},
		"transferred_to":                 {"Kent and Medway CDOP", func(c *cdop.Case) string { return c.TransferredTo }},
		"transferred_on":                 {"2025-12-01", func(c *cdop.Case) string { return c.TransferredOn.String() }},
		"distinct_reason":                {"Twin of CDOP-2025-0041: different NHS trust records", func(c *cdop.Case) string { return c.DistinctReason }},
	})
}

// withExamples adds to the test values a field's example for each column
// with none of its own: a field kept by name, with no Go field to check.
func withExamples(t testing.TB, cases map[string]columnCase) map[string]columnCase {
	for _, col := range cdop.Columns {
		if _, ok := cases[col.Name]; !ok {
			name := col.Name
			v, _ := col.Examples()
			if v == "" {
				t.Fatalf("column %s has no round-trip test value and its kind gives no example", name)
			}
			cases[name] = columnCase{v, func(c *cdop.Case) string { return strings.ReplaceAll(c.Get(name), cdop.ListSeparator, "+") }}
		}
	}
	return cases
}

// The test data covers every column, and only real columns.
func TestColumnCasesCoverEveryColumn(t *testing.T) {
	cases := columnCases(t)
	for _, col := range cdop.Columns {
		if _, ok := cases[col.Name]; !ok {
			t.Errorf("column %s has no round-trip test value", col.Name)
		}
	}
	if len(cases) != len(cdop.Columns) {
		t.Errorf("%d test values for %d columns", len(cases), len(cdop.Columns))
	}
}

// Setting one column stores the value in its own field, changes no other
// column, and Get gives the value back unchanged.
func TestSetGetRoundTripEachColumn(t *testing.T) {
	cases := columnCases(t)
	for _, col := range cdop.Columns {
		cc, ok := cases[col.Name]
		if !ok {
			continue
		}
		t.Run(col.Name, func(t *testing.T) {
			c := cdop.NewCase()
			mustSet(t, c, col.Name, cc.value)
			if got := c.Get(col.Name); got != cc.value {
				t.Errorf("Get = %q; want %q", got, cc.value)
			}
			wantField := strings.ReplaceAll(cc.value, cdop.ListSeparator, "+")
			if col.Name == "nhs_number" {
				wantField = strings.ReplaceAll(cc.value, " ", "") // stored as ten digits
			}
			if got := cc.field(c); got != wantField {
				t.Errorf("struct field holds %q; want %q", got, wantField)
			}
			changes := cdop.Diff(cdop.NewCase(), c)
			if len(changes) != 1 || changes[0].Field != col.Name {
				t.Errorf("Set changed %v; want only %s", changes, col.Name)
			}
			mustSet(t, c, col.Name, "")
			wantBlank := ""
			if col.Name == "stage" {
				wantBlank = string(cdop.StageNotified) // a blank stage is the first one
			}
			if got := c.Get(col.Name); got != wantBlank {
				t.Errorf("after Set(\"\"), Get = %q; want %q", got, wantBlank)
			}
		})
	}
}

// A case filled column by column gives every value back, and copying it
// column by column through Get and Set reproduces it.
func TestSetGetRoundTripWholeCase(t *testing.T) {
	cases := columnCases(t)
	c := cdop.NewCase()
	for name, cc := range cases {
		mustSet(t, c, name, cc.value)
	}
	copied := cdop.NewCase()
	for _, col := range cdop.Columns {
		if got := c.Get(col.Name); got != cases[col.Name].value {
			t.Errorf("Get(%s) = %q; want %q", col.Name, got, cases[col.Name].value)
		}
		mustSet(t, copied, col.Name, c.Get(col.Name))
	}
	if diff := cdop.Diff(c, copied); len(diff) != 0 {
		t.Errorf("copy through Get and Set differs: %v", diff)
	}
	if len(cdop.Diff(nil, c)) != len(cdop.Columns) {
		t.Errorf("Diff(nil, c) = %v; want every column", cdop.Diff(nil, c))
	}
}

// Set trims and normalises what people type; Get gives the interchange form.
func TestSetNormalises(t *testing.T) {
	nhs := nhsNumber(t, "999000002")
	tests := []struct {
		column, typed, get string
	}{
		{"nhs_number", nhs, cdop.FormatNHSNumber(nhs)},
		{"nhs_number", cdop.FormatNHSNumber(nhs), cdop.FormatNHSNumber(nhs)},
		{"nhs_number", nhs[:3] + "-" + nhs[3:6] + "-" + nhs[6:], cdop.FormatNHSNumber(nhs)},
		{"nhs_number", "  " + nhs + "\t", cdop.FormatNHSNumber(nhs)},
		{"nhs_number", "12345", "12345"}, // not ten digits: kept for Validate to report
		{"postcode", "ls62qr", "LS6 2QR"},
		{"postcode", "  sw1a   1aa", "SW1A 1AA"},
		{"first_name", "  Zoë  ", "Zoë"},
		{"summary", "\n text \n", "text"},
		{"date_of_death", " 2025-01-03 ", "2025-01-03"},
		{"imd_decile", "07", "7"},
		{"imd_decile", " 10 ", "10"},
		{"category", "1", "1"},
		{"domain_a_score", "0", "0"},
		{"domain_b_score", " 1 ", "1"},
		{"domain_c_score", "2", "2"},
		{"domain_d_score", "", ""},
		{"domain_a_factors", "a|b", "a | b"},
		{"domain_a_factors", " a |  | b | ", "a | b"},
		{"learning", "|", ""},
		{"stage", "", "notified"},
		{"stage", "cdop_review", "cdop_review"},
	}
	for _, tt := range tests {
		t.Run(tt.column+"="+tt.typed, func(t *testing.T) {
			c := cdop.NewCase()
			mustSet(t, c, tt.column, tt.typed)
			if got := c.Get(tt.column); got != tt.get {
				t.Errorf("Set(%q) then Get = %q; want %q", tt.typed, got, tt.get)
			}
		})
	}
}

// A domain scored 0 is scored ("information not available"), unlike one not scored.
func TestScoreZeroIsNotBlank(t *testing.T) {
	c := cdop.NewCase()
	mustSet(t, c, "domain_a_score", "0")
	if s := c.Analysis.Domains[0].Score; s == nil || *s != 0 {
		t.Fatalf("score after Set(\"0\") = %v; want 0", s)
	}
	mustSet(t, c, "domain_a_score", "")
	if s := c.Analysis.Domains[0].Score; s != nil {
		t.Fatalf("score after Set(\"\") = %d; want nil", *s)
	}
}

// Set refuses values it cannot read at all, says why, and leaves the field as it was.
func TestSetErrors(t *testing.T) {
	var dateColumns []string
	for _, col := range cdop.Columns {
		if strings.HasPrefix(col.Name, "date_of_") || strings.HasSuffix(col.Name, "_on") {
			dateColumns = append(dateColumns, col.Name)
		}
	}
	if len(dateColumns) != 16 {
		t.Fatalf("date columns %v; want 16", dateColumns)
	}
	type bad struct {
		column, value string
		says          []string
	}
	var tests []bad
	for _, name := range dateColumns {
		for _, v := range []string{"2025-02-30", "2025-13-01", "03/01/2025", "2025-1-3", "3 Jan 2025", "yesterday", "2025-01-03T10:00"} {
			tests = append(tests, bad{name, v, []string{fmt.Sprintf("%q", v), "YYYY-MM-DD"}})
		}
	}
	for _, v := range []string{"0", "11", "-1", "ten", "3.5", "1e1"} {
		tests = append(tests, bad{"imd_decile", v, []string{fmt.Sprintf("%q", v), "1 to 10"}})
	}
	for _, v := range []string{"0", "11", "IV", "1.0"} {
		tests = append(tests, bad{"category", v, []string{fmt.Sprintf("%q", v), "1 to 10"}})
	}
	for _, d := range []string{"a", "b", "c", "d"} {
		for _, v := range []string{"two", "1.5", "2*"} {
			tests = append(tests, bad{"domain_" + d + "_score", v, []string{fmt.Sprintf("%q", v), "0, 1 or 2"}})
		}
	}
	tests = append(tests, bad{"date of death", "2025-01-03", []string{`"date of death"`}})
	tests = append(tests, bad{"NHS_NUMBER", "9990000018", []string{`"NHS_NUMBER"`}})
	for _, tt := range tests {
		t.Run(tt.column+"="+tt.value, func(t *testing.T) {
			c := closedCase(t)
			before := c.Clone()
			err := c.Set(tt.column, tt.value)
			if err == nil {
				t.Fatalf("Set(%q, %q) = nil; want an error", tt.column, tt.value)
			}
			for _, s := range tt.says {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("error %q does not say %q", err, s)
				}
			}
			if diff := cdop.Diff(before, c); len(diff) != 0 {
				t.Errorf("a refused Set changed %v", diff)
			}
		})
	}
}

func TestGetUnknownColumnPanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("Get of an unknown column did not panic")
		}
	}()
	cdop.NewCase().Get("date of death")
}

func TestColumnsMatchSpec(t *testing.T) {
	required := map[string]bool{
		"case_ref": true, "first_name": true, "last_name": true,
		"date_of_birth": true, "date_of_death": true, "sex": true,
	}
	seen := map[string]bool{}
	for _, col := range cdop.Columns {
		if seen[col.Name] {
			t.Errorf("column %s listed twice", col.Name)
		}
		seen[col.Name] = true
		if col.Required != required[col.Name] {
			t.Errorf("column %s: Required = %v; want %v", col.Name, col.Required, required[col.Name])
		}
		got, ok := cdop.ColumnNamed(col.Name)
		if !ok || got.Name != col.Name {
			t.Errorf("ColumnNamed(%q) = %q, %v", col.Name, got.Name, ok)
		}
	}
	if _, ok := cdop.ColumnNamed("date of death"); ok {
		t.Error("ColumnNamed found a column that does not exist")
	}
	// The interchange header is a contract: its columns, in order, are kept
	// in a golden file, so a change to them is seen in review (go test
	// ./cdop -run ColumnsMatchSpec -update rewrites it).
	var names []string
	for _, col := range cdop.Columns {
		names = append(names, col.Name)
	}
	checkGolden(t, "testdata/interchange_columns.golden", strings.Join(names, "\n")+"\n")
}

func TestNHSNumberExportedIn334Form(t *testing.T) {
	nhs := nhsNumber(t, "999999999")
	c := baseCase(t)
	c.NHSNumber = nhs
	if got, want := c.Get("nhs_number"), nhs[:3]+" "+nhs[3:6]+" "+nhs[6:]; got != want {
		t.Errorf("Get(nhs_number) = %q; want %q", got, want)
	}
	c.NHSNumber = ""
	if got := c.Get("nhs_number"); got != "" {
		t.Errorf("Get(nhs_number) with none = %q; want \"\"", got)
	}
}

func TestSplitList(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"one", []string{"one"}},
		{"one | two", []string{"one", "two"}},
		{"one|two|three", []string{"one", "two", "three"}},
		{" | one ||  two | ", []string{"one", "two"}},
	}
	for _, tt := range tests {
		got := cdop.SplitList(tt.in)
		if joined(got) != joined(tt.want) || len(got) != len(tt.want) {
			t.Errorf("SplitList(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestNewCase(t *testing.T) {
	c := cdop.NewCase()
	if c.Stage != cdop.StageNotified {
		t.Errorf("NewCase().Stage = %q; want notified", c.Stage)
	}
	for _, col := range cdop.Columns {
		if got := c.Get(col.Name); got != "" && col.Name != "stage" {
			t.Errorf("NewCase has %s = %q", col.Name, got)
		}
	}
}

func TestFullName(t *testing.T) {
	tests := []struct{ first, last, want string }{
		{"Zoë", "Nguyễn", "Zoë Nguyễn"},
		{"Zoë", "", "Zoë"},
		{"", "Nguyễn", "Nguyễn"},
		{"", "", ""},
	}
	for _, tt := range tests {
		c := &cdop.Case{FirstName: tt.first, LastName: tt.last}
		if got := c.FullName(); got != tt.want {
			t.Errorf("FullName(%q, %q) = %q; want %q", tt.first, tt.last, got, tt.want)
		}
	}
}
