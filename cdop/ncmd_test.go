package cdop_test

import (
	"slices"
	"strings"
	"testing"

	"casemanager/cdop"
)

// ncmdComplete returns a closed case file holding every NCMD item this app
// checks for a child over 1 who was not referred to the coroner.
func ncmdComplete(t testing.TB) *cdop.CaseFile {
	f := completeFile(t, cdop.StageClosed)
	c := f.Case
	c.CoronerReferred, c.PostMortem, c.PostMortemReportReceivedOn = "no", "no", cdop.Date{}
	c.JAR, c.JARTriggers, c.JARReason = "no", nil, ""
	c.TimeOfDeath, c.Ethnicity, c.Postcode, c.ResidenceLA, c.PlaceOfDeath = "04:10", "A", "LS6 2QR", "E08000035", "home"
	c.LookedAfter, c.ChildProtectionPlan, c.Residency = "no", "no", "resident"
	c.Analysis.CauseOfDeath, c.Analysis.Learning, c.Analysis.LCSPRCriteriaMet = "Epilepsy", []string{"No new learning"}, "no"
	for name, v := range map[string]string{"address": "1 Acre Lane\nLeeds LS6 2QR", "gp_practice": "Park View Surgery",
		"parents": "Anna Thornbury (mother)", "mccd_cause": "1a Epilepsy", "notifier": "Dr Priya Shah, consultant",
		"notifier_agency": "Leeds Teaching Hospitals"} {
		mustSet(t, c, name, v)
	}
	return f
}

func gapFields(gaps []cdop.NCMDGap) []string {
	var out []string
	for _, g := range gaps {
		name := g.Field
		if name == "" {
			name = g.Item
		}
		out = append(out, g.Form+"/"+g.Section+"/"+name)
	}
	return out
}

// The completeness check lists every NCMD item a case still lacks, by form
// and section: each item on its own, those that apply only to some cases
// (a baby's birth, a non-resident child's panel, the coroner's) only then,
// "not known" an answer where NCMD allows it, and the reporting form's
// returns from the agency requests.
func TestMissingForNCMD(t *testing.T) {
	tests := []struct {
		name   string
		change func(f *cdop.CaseFile)
		want   []string
	}{
		{"complete", func(*cdop.CaseFile) {}, nil},
		{"an item missing", func(f *cdop.CaseFile) { f.Case.Ethnicity = "" }, []string{"Notification form/Child/ethnicity"}},
		{"not known answers the place of death", func(f *cdop.CaseFile) { f.Case.PlaceOfDeath = "not_known" }, nil},
		{"not known answers the looked-after status", func(f *cdop.CaseFile) { f.Case.LookedAfter = "not_known" }, nil},
		{"a baby's birth", func(f *cdop.CaseFile) { f.Case.DateOfBirth = f.Case.DateOfDeath.AddDays(-40) }, []string{
			"Notification form/Birth/birth_outcome", "Notification form/Birth/gestation_weeks", "Notification form/Birth/birth_weight_grams"}},
		{"a non-resident child's panel", func(f *cdop.CaseFile) { f.Case.Residency = "non_resident" },
			[]string{"Notification form/Scope/panel_of_residence"}},
		{"referred to the coroner", func(f *cdop.CaseFile) {
			f.Case.CoronerReferred, f.Case.PostMortem, f.Case.Inquest = "yes", "yes", "yes"
		}, []string{"Notification form/Coroner/coroner_area", "Notification form/Coroner/post_mortem_report_received_on",
			"Notification form/Coroner/inquest_conclusion"}},
		{"the certificate's cause when the coroner has the death", func(f *cdop.CaseFile) {
			f.Case.CoronerReferred, f.Case.Inquest = "yes", "no"
			mustSet(t, f.Case, "mccd_cause", "")
			mustSet(t, f.Case, "coroner_area", "West Yorkshire (Eastern)")
		}, nil},
		{"no agency report", func(f *cdop.CaseFile) { f.Requests = nil },
			[]string{"Reporting form/Agency reports/a reporting form received from at least one agency"}},
		{"a request still open", func(f *cdop.CaseFile) {
			f.Requests = append(f.Requests, cdop.AgencyRequest{AgencyName: "Brookfield Primary School", Form: "reporting_form", RequestedOn: dt("2026-01-05")})
		}, []string{"Reporting form/Agency reports/the Reporting form from Brookfield Primary School, requested 5 Jan 2026"}},
		{"no review", func(f *cdop.CaseFile) { f.Case.CDOPReviewOn = cdop.Date{} },
			[]string{"Analysis form/Review/cdop_review_on"}},
		{"by form in order", func(f *cdop.CaseFile) {
			f.Case.Analysis.Category, f.Requests, f.Case.Sex = 0, nil, ""
		}, []string{"Notification form/Child/sex", "Reporting form/Agency reports/a reporting form received from at least one agency",
			"Analysis form/Analysis/category"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := ncmdComplete(t)
			tt.change(f)
			if got := gapFields(cdop.MissingForNCMD(f)); !slices.Equal(got, tt.want) {
				t.Errorf("MissingForNCMD =\n%q\nwant\n%q", got, tt.want)
			}
		})
	}
	for _, it := range cdop.NCMDItems {
		if _, ok := cdop.FieldNamed(it.Field); !ok || it.Label() == it.Field {
			t.Errorf("NCMD item %s/%s names no field of the registry: %q", it.Form, it.Section, it.Field)
		}
	}
}

// The submission to NCMD follows the panel's sign-off: recorded with its
// day and who, the one change a closed case takes; the dashboard lists the
// signed-off cases not yet submitted.
func TestSubmitToNCMD(t *testing.T) {
	closed := ncmdComplete(t).Case
	signed := closed.Analysis.SignedOffOn
	open := completeFile(t, cdop.StageCDOPReview).Case
	open.Analysis.SignedOffOn = cdop.Date{}
	voided := closed.Clone()
	voided.VoidedReason = "Logged in error"
	for _, tt := range []struct {
		name  string
		c     *cdop.Case
		on    cdop.Date
		by    string
		field string
		rule  cdop.Rule
	}{
		{"not signed off", open, today, "sam", "", cdop.RuleNCMDBeforeSignOff},
		{"in the future", closed, today.AddDays(1), "sam", "ncmd_submitted_on", cdop.RuleFuture},
		{"before the sign-off", closed, signed.AddDays(-1), "sam", "ncmd_submitted_on", cdop.RuleBefore},
		{"nobody", closed, today, "  ", "ncmd_submitted_by", cdop.RuleRequired},
		{"no day", closed, cdop.Date{}, "sam", "ncmd_submitted_on", cdop.RuleRequired},
		{"voided", voided, today, "sam", "", cdop.RuleVoidedReadOnly},
	} {
		_, err := cdop.SubmitToNCMD(tt.c, tt.on, tt.by, today)
		got := cdop.ErrorRule(err)
		if v, ok := cdop.AsValidationErrors(err); ok && len(v) > 0 {
			if v[0].Field != tt.field {
				t.Errorf("%s: problem with %s; want %s", tt.name, v[0].Field, tt.field)
			}
			got = v[0].Rule
		}
		if got != tt.rule {
			t.Errorf("%s: %v (rule %q); want %q", tt.name, err, got, tt.rule)
		}
	}
	s, err := cdop.SubmitToNCMD(closed, signed, " sam.coordinator ", today)
	if err != nil || s.NCMDSubmittedOn != signed || s.NCMDSubmittedBy != "sam.coordinator" {
		t.Fatalf("SubmitToNCMD = %+v, %v", s, err)
	}
	if err := cdop.CheckEdit(closed, s); err != nil {
		t.Errorf("recording the submission of a closed case: %v", err)
	}
	more := s.Clone()
	more.Summary = "And a late edit."
	if cdop.ErrorRule(cdop.CheckEdit(closed, more)) != cdop.RuleClosedReadOnly {
		t.Error("an edit of a closed case passed along with the submission")
	}

	imported := closed.Clone() // closed elsewhere: no sign-off recorded, its review date stands for it
	imported.Analysis.SignedOffOn = cdop.Date{}
	if got := imported.SignedOffOn(); got != imported.CDOPReviewOn {
		t.Errorf("SignedOffOn of an imported closed case = %s; want its review, %s", got, imported.CDOPReviewOn)
	}
	if _, err := cdop.SubmitToNCMD(imported, today, "sam", today); err != nil {
		t.Errorf("submitting an imported closed case: %v", err)
	}
	awaiting := cdop.AwaitingNCMD([]*cdop.Case{closed, s, open, voided, imported})
	if len(awaiting) != 2 || awaiting[0] != closed || awaiting[1] != imported {
		t.Errorf("AwaitingNCMD = %d cases; want the signed-off cases not yet submitted", len(awaiting))
	}
	if !strings.Contains(cdop.NCMDNotification+cdop.NCMDReporting+cdop.NCMDAnalysis, "Reporting form") {
		t.Error("the forms are not named as NCMD names them")
	}
}
