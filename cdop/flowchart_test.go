package cdop_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"casemanager/cdop"
)

var allStages = []cdop.Stage{
	cdop.StageNotified, cdop.StageImmediateDecisions, cdop.StageInformationGathering,
	cdop.StageCDRM, cdop.StageCDOPReview, cdop.StageClosed,
}

// completeFile returns a case file at stage with everything every stage of
// the flowchart needs: a notified, unexpected death with a JAR, two agency
// requests answered (one received, one declined), the meeting and the
// review held, and the analysis complete and signed off.
func completeFile(t testing.TB, stage cdop.Stage) *cdop.CaseFile {
	t.Helper()
	c := closedCase(t)
	c.ID = "case-1"
	c.Stage = stage
	c.Expected = "unexpected"
	c.JAR = "yes"
	c.JARTriggers = []string{"sudden_unexplained"}
	c.JARReason = "sudden_unexplained"
	c.AbuseNeglectSuspected = "no"
	c.CoronerReferred = "yes"
	c.PostMortem, c.PostMortemReportReceivedOn = "yes", dt("2026-01-10")
	c.Analysis.SignedOffOn = dt("2026-04-20")
	return &cdop.CaseFile{
		Case: c,
		Requests: []cdop.AgencyRequest{
			{ID: 1, CaseID: c.ID, AgencyID: 10, AgencyName: "Northshire Police", Form: "reporting_form",
				RequestedOn: dt("2025-11-05"), ReceivedOn: dt("2025-11-20")},
			{ID: 2, CaseID: c.ID, AgencyID: 11, AgencyName: "Brookfield Primary School", Form: "reporting_form",
				RequestedOn: dt("2025-11-05"), DeclinedOn: dt("2025-11-10"), DeclineReason: "child not on roll"},
		},
	}
}

func TestCompleteFileIsValid(t *testing.T) {
	for _, st := range allStages {
		checkValid(t, completeFile(t, st).Case.ValidateOn(today))
	}
}

func TestStageIndex(t *testing.T) {
	tests := []struct {
		stage cdop.Stage
		want  int
	}{
		{cdop.StageNotified, 0},
		{cdop.StageImmediateDecisions, 1},
		{cdop.StageInformationGathering, 2},
		{cdop.StageCDRM, 3},
		{cdop.StageCDOPReview, 4},
		{cdop.StageClosed, 5},
		{"", -1},
		{"Closed", -1},
		{"archived", -1},
		{" notified", -1},
	}
	for _, tt := range tests {
		if got := cdop.StageIndex(tt.stage); got != tt.want {
			t.Errorf("StageIndex(%q) = %d, want %d", tt.stage, got, tt.want)
		}
	}
	if len(cdop.Stages) != len(allStages) {
		t.Errorf("%d stages, want %d", len(cdop.Stages), len(allStages))
	}
}

func TestStageNext(t *testing.T) {
	tests := []struct {
		stage cdop.Stage
		next  cdop.Stage
		ok    bool
	}{
		{cdop.StageNotified, cdop.StageImmediateDecisions, true},
		{cdop.StageImmediateDecisions, cdop.StageInformationGathering, true},
		{cdop.StageInformationGathering, cdop.StageCDRM, true},
		{cdop.StageCDRM, cdop.StageCDOPReview, true},
		{cdop.StageCDOPReview, cdop.StageClosed, true},
		{cdop.StageClosed, "", false},
		{"", "", false},
		{"archived", "", false},
	}
	for _, tt := range tests {
		next, ok := tt.stage.Next()
		if next != tt.next || ok != tt.ok {
			t.Errorf("%q.Next() = %q, %v; want %q, %v", tt.stage, next, ok, tt.next, tt.ok)
		}
	}
}

func TestStageMoveBackward(t *testing.T) {
	tests := []struct {
		from, to cdop.Stage
		want     bool
	}{
		{cdop.StageNotified, cdop.StageImmediateDecisions, false},
		{cdop.StageNotified, cdop.StageClosed, false},
		{cdop.StageCDRM, cdop.StageCDRM, false},
		{cdop.StageCDRM, cdop.StageInformationGathering, true},
		{cdop.StageClosed, cdop.StageCDOPReview, true},
		{cdop.StageClosed, cdop.StageNotified, true},
	}
	for _, tt := range tests {
		m := cdop.StageMove{From: tt.from, To: tt.to}
		if got := m.Backward(); got != tt.want {
			t.Errorf("move %s → %s: Backward() = %v, want %v", tt.from, tt.to, got, tt.want)
		}
	}
}

// need is one expected Requirement: the stage that needs it, its field and
// words its message must hold.
type need struct {
	stage cdop.Stage
	field string
	says  []string
}

func checkRequirements(t testing.TB, got []cdop.Requirement, wants []need) {
	t.Helper()
	if len(got) != len(wants) {
		t.Errorf("%d requirements, want %d:\n%s", len(got), len(wants), describeRequirements(got))
		return
	}
	for i, w := range wants {
		g := got[i]
		if g.Stage != w.stage || g.Field != w.field {
			t.Errorf("requirement %d = {%s %q}, want {%s %q}:\n%s", i, g.Stage, g.Field, w.stage, w.field, describeRequirements(got))
		}
		for _, s := range w.says {
			if !strings.Contains(g.Message, s) {
				t.Errorf("requirement %d (%s): message %q does not say %q", i, g.Field, g.Message, s)
			}
		}
		if strings.TrimSpace(g.Message) == "" {
			t.Errorf("requirement %d (%s) has no message", i, g.Field)
		}
	}
}

func describeRequirements(rs []cdop.Requirement) string {
	if len(rs) == 0 {
		return "  (none)"
	}
	lines := make([]string, len(rs))
	for i, r := range rs {
		lines[i] = fmt.Sprintf("  {%s %q %q}", r.Stage, r.Field, r.Message)
	}
	return strings.Join(lines, "\n")
}

// Each forward move by one stage lists exactly what that stage still needs.
func TestMissingForEachStage(t *testing.T) {
	outstanding := func(name, form string, chased ...cdop.Date) cdop.AgencyRequest {
		return cdop.AgencyRequest{CaseID: "case-1", AgencyID: 12, AgencyName: name, Form: form,
			RequestedOn: dt("2025-11-06"), ChasedOn: chased}
	}
	const ig, cdrm, review, closed = cdop.StageInformationGathering, cdop.StageCDRM, cdop.StageCDOPReview, cdop.StageClosed
	tests := []struct {
		name   string
		from   cdop.Stage
		change func(f *cdop.CaseFile)
		wants  []need
	}{
		// notified → immediate decisions
		{"notified: complete", cdop.StageNotified, nil, nil},
		{"notified: no notification date", cdop.StageNotified,
			func(f *cdop.CaseFile) { f.Case.NotifiedOn = cdop.Date{} },
			[]need{{cdop.StageImmediateDecisions, "notified_on", []string{"the date the panel was notified"}}}},
		{"notified: nothing else is checked", cdop.StageNotified,
			func(f *cdop.CaseFile) { f.Case.Expected, f.Case.JAR, f.Requests = "", "", nil }, nil},

		// immediate decisions → information gathering
		{"decisions: complete", cdop.StageImmediateDecisions, nil, nil},
		{"decisions: nothing decided", cdop.StageImmediateDecisions,
			func(f *cdop.CaseFile) {
				c := f.Case
				c.Expected, c.JAR, c.JARTriggers, c.JARReason, c.AbuseNeglectSuspected, c.CoronerReferred = "", "", nil, "", "", ""
			},
			[]need{
				{ig, "expected", []string{"expected or unexpected"}},
				{ig, "jar", []string{"Joint Agency Response"}},
				{ig, "abuse_neglect_suspected", []string{"abuse or neglect"}},
				{ig, "coroner_referred", []string{"coroner"}},
			}},
		{"decisions: expectedness not known", cdop.StageImmediateDecisions,
			func(f *cdop.CaseFile) { f.Case.Expected = "not_known" },
			[]need{{ig, "expected", []string{"expected or unexpected"}}}},
		{"decisions: expected death", cdop.StageImmediateDecisions,
			func(f *cdop.CaseFile) {
				f.Case.Expected, f.Case.JAR, f.Case.JARTriggers, f.Case.JARReason = "expected", "no", nil, ""
			}, nil},
		{"decisions: JAR not decided", cdop.StageImmediateDecisions,
			func(f *cdop.CaseFile) { f.Case.JAR, f.Case.JARTriggers, f.Case.JARReason = "", nil, "" },
			[]need{{ig, "jar", []string{"Joint Agency Response"}}}},
		{"decisions: JAR yes without triggers", cdop.StageImmediateDecisions,
			func(f *cdop.CaseFile) { f.Case.JARTriggers, f.Case.JARReason = nil, "" },
			[]need{{ig, "jar_triggers", []string{"trigger"}}}},
		{"decisions: JAR yes with the interchange reason only", cdop.StageImmediateDecisions,
			func(f *cdop.CaseFile) { f.Case.JARTriggers = nil }, nil},
		{"decisions: JAR yes with triggers only", cdop.StageImmediateDecisions,
			func(f *cdop.CaseFile) {
				f.Case.JARReason, f.Case.JARTriggers = "", []string{"external_cause", "suspicious"}
			}, nil},
		{"decisions: JAR no needs no trigger", cdop.StageImmediateDecisions,
			func(f *cdop.CaseFile) { f.Case.JAR, f.Case.JARTriggers, f.Case.JARReason = "no", nil, "" }, nil},
		{"decisions: abuse or neglect not answered", cdop.StageImmediateDecisions,
			func(f *cdop.CaseFile) { f.Case.AbuseNeglectSuspected = "" },
			[]need{{ig, "abuse_neglect_suspected", []string{"abuse or neglect"}}}},
		{"decisions: abuse or neglect suspected is an answer", cdop.StageImmediateDecisions,
			func(f *cdop.CaseFile) { f.Case.AbuseNeglectSuspected = "yes" }, nil},
		{"decisions: coroner referral not answered", cdop.StageImmediateDecisions,
			func(f *cdop.CaseFile) { f.Case.CoronerReferred = "" },
			[]need{{ig, "coroner_referred", []string{"coroner"}}}},
		{"decisions: no coroner referral is an answer", cdop.StageImmediateDecisions,
			func(f *cdop.CaseFile) { f.Case.CoronerReferred = "no" }, nil},

		// information gathering → child death review meeting
		{"gathering: all received or declined", ig, nil, nil},
		{"gathering: one received", ig,
			func(f *cdop.CaseFile) { f.Requests = f.Requests[:1] }, nil},
		{"gathering: one declined", ig,
			func(f *cdop.CaseFile) { f.Requests = f.Requests[1:] }, nil},
		{"gathering: none requested", ig,
			func(f *cdop.CaseFile) { f.Requests = nil },
			[]need{{cdrm, "", []string{"at least one agency reporting form requested"}}}},
		{"gathering: one requested and outstanding", ig,
			func(f *cdop.CaseFile) {
				f.Requests = append(f.Requests, outstanding("Riverside GP Practice", "reporting_form"))
			},
			[]need{{cdrm, "", []string{"Reporting form", "Riverside GP Practice", "6 Nov 2025", "not yet received or declined"}}}},
		{"gathering: one chased and outstanding", ig,
			func(f *cdop.CaseFile) {
				f.Requests = append(f.Requests, outstanding("Northshire Ambulance Service", "sudden_unexpected_death", dt("2025-12-04")))
			},
			[]need{{cdrm, "", []string{"Supplementary: sudden unexpected death", "Northshire Ambulance Service"}}}},
		{"gathering: every request outstanding", ig,
			func(f *cdop.CaseFile) {
				f.Requests = []cdop.AgencyRequest{
					outstanding("Riverside GP Practice", "reporting_form"),
					outstanding("St Anne's Hospital", "cardiac"),
				}
			},
			[]need{
				{cdrm, "", []string{"Riverside GP Practice"}},
				{cdrm, "", []string{"St Anne's Hospital", "Supplementary: cardiac"}},
			}},

		// child death review meeting → CDOP review
		{"meeting: held", cdrm, nil, nil},
		{"meeting: neither a date nor a reason", cdrm,
			func(f *cdop.CaseFile) { f.Case.CDRMOn = cdop.Date{} },
			[]need{{review, "cdrm_on", []string{"child death review meeting", "reason"}}}},
		{"meeting: a blank reason", cdrm,
			func(f *cdop.CaseFile) { f.Case.CDRMOn, f.Case.CDRMNotHeldReason = cdop.Date{}, "  \t" },
			[]need{{review, "cdrm_on", []string{"child death review meeting"}}}},
		{"meeting: none held, with a reason", cdrm,
			func(f *cdop.CaseFile) {
				f.Case.CDRMOn, f.Case.CDRMNotHeldReason = cdop.Date{}, "expected death; panel agreed no meeting"
			}, nil},

		// CDOP review → closed
		{"review: complete", review, nil, nil},
		{"review: no review date", review,
			func(f *cdop.CaseFile) { f.Case.CDOPReviewOn = cdop.Date{} },
			[]need{{closed, "cdop_review_on", []string{"the date of the CDOP review"}}}},
		{"review: not signed off", review,
			func(f *cdop.CaseFile) { f.Case.Analysis.SignedOffOn = cdop.Date{} },
			[]need{{closed, "analysis_signed_off_on", []string{"signed off"}}}},
		{"review: no category", review,
			func(f *cdop.CaseFile) { f.Case.Analysis.Category = 0 },
			[]need{{closed, "category", []string{"the analysis", "category", "is required"}}}},
		{"review: domain C not scored", review,
			func(f *cdop.CaseFile) { f.Case.Analysis.Domains[2].Score = nil },
			[]need{{closed, "domain_c_score", []string{"the analysis", "domain_c_score"}}}},
		{"review: domain scored 0 is scored", review,
			func(f *cdop.CaseFile) { f.Case.Analysis.Domains[0].Score = cdop.ScoreOf(0) }, nil},
		{"review: no modifiable outcome", review,
			func(f *cdop.CaseFile) { f.Case.Analysis.Modifiable = "" },
			[]need{{closed, "modifiable", []string{"the analysis", "modifiable", "identified, none, insufficient_information"}}}},
		{"review: nothing", review,
			func(f *cdop.CaseFile) {
				f.Case.CDOPReviewOn = cdop.Date{}
				f.Case.Analysis = cdop.Analysis{}
			},
			[]need{
				{closed, "cdop_review_on", nil},
				{closed, "category", nil},
				{closed, "domain_a_score", nil},
				{closed, "domain_b_score", nil},
				{closed, "domain_c_score", nil},
				{closed, "domain_d_score", nil},
				{closed, "modifiable", nil},
				{closed, "analysis_signed_off_on", nil},
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := completeFile(t, tt.from)
			if tt.change != nil {
				tt.change(f)
			}
			to, ok := tt.from.Next()
			if !ok {
				t.Fatalf("%s has no next stage", tt.from)
			}
			got := cdop.MissingFor(f, to)
			checkRequirements(t, got, tt.wants)
			for _, r := range got {
				if strings.Contains(r.Message, "for a closed case") {
					t.Errorf("message %q repeats \"for a closed case\"", r.Message)
				}
			}
			err := cdop.CheckStageMove(f, to, "")
			if len(tt.wants) == 0 {
				if err != nil {
					t.Errorf("CheckStageMove(%s → %s) = %v, want nil", tt.from, to, err)
				}
				return
			}
			if cdop.ErrorCode(err) != cdop.EINVALID {
				t.Fatalf("CheckStageMove(%s → %s) = %v (code %q), want an invalid error", tt.from, to, err, cdop.ErrorCode(err))
			}
			lines := strings.Split(err.Error(), "\n")
			if want := "before " + to.Label() + " the case needs:"; lines[0] != want {
				t.Errorf("first line %q, want %q", lines[0], want)
			}
			if len(lines)-1 != len(got) {
				t.Errorf("error lists %d items, MissingFor %d:\n%s", len(lines)-1, len(got), err)
			}
			for i, r := range got {
				if i+1 < len(lines) && lines[i+1] != "- "+r.Message {
					t.Errorf("error line %d = %q, want %q", i+1, lines[i+1], "- "+r.Message)
				}
			}
		})
	}
}

// Requirements are checked for the stages a move passes through, never for
// those behind the case or beyond the target.
func TestMissingForChecksOnlyTheStagesOnTheWay(t *testing.T) {
	empty := func(stage cdop.Stage) *cdop.CaseFile {
		c := baseCase(t) // nothing recorded beyond the child and the death
		c.Stage = stage
		return &cdop.CaseFile{Case: c}
	}
	fieldsFor := func(rs []cdop.Requirement) []string {
		out := make([]string, len(rs))
		for i, r := range rs {
			out[i] = string(r.Stage) + ":" + r.Field
		}
		return out
	}
	perStage := map[cdop.Stage][]string{
		cdop.StageNotified:           nil,
		cdop.StageImmediateDecisions: {"immediate_decisions:notified_on"},
		cdop.StageInformationGathering: {"information_gathering:expected", "information_gathering:jar",
			"information_gathering:abuse_neglect_suspected", "information_gathering:coroner_referred"},
		cdop.StageCDRM:       {"cdrm:"},
		cdop.StageCDOPReview: {"cdop_review:cdrm_on"},
		cdop.StageClosed: {"closed:cdop_review_on", "closed:category", "closed:domain_a_score", "closed:domain_b_score",
			"closed:domain_c_score", "closed:domain_d_score", "closed:modifiable", "closed:analysis_signed_off_on"},
	}
	for i, from := range allStages {
		for j, to := range allStages {
			var want []string
			for k := i + 1; k <= j; k++ {
				want = append(want, perStage[allStages[k]]...)
			}
			got := fieldsFor(cdop.MissingFor(empty(from), to))
			if !slices.Equal(got, want) {
				t.Errorf("MissingFor(%s → %s)\n got  %v\n want %v", from, to, got, want)
			}
		}
	}
}

func TestCheckStageMoveJumps(t *testing.T) {
	tests := []struct {
		name     string
		from, to cdop.Stage
		change   func(f *cdop.CaseFile)
		wantErr  []string // words of the error; nil for no error
	}{
		{"notified straight to closed, complete", cdop.StageNotified, cdop.StageClosed, nil, nil},
		{"notified to CDRM, complete", cdop.StageNotified, cdop.StageCDRM, nil, nil},
		{"decisions to CDOP review, complete", cdop.StageImmediateDecisions, cdop.StageCDOPReview, nil, nil},
		{"notified to closed, a request outstanding", cdop.StageNotified, cdop.StageClosed,
			func(f *cdop.CaseFile) { f.Requests[0].ReceivedOn = cdop.Date{} },
			[]string{"before Closed the case needs:", "- the Reporting form from Northshire Police: requested 5 Nov 2025"}},
		{"notified to CDRM, not notified and no JAR decision", cdop.StageNotified, cdop.StageCDRM,
			func(f *cdop.CaseFile) {
				f.Case.NotifiedOn, f.Case.JAR, f.Case.JARTriggers, f.Case.JARReason = cdop.Date{}, "", nil, ""
			},
			[]string{"before Child death review meeting the case needs:", "- the date the panel was notified",
				"- a decision whether a Joint Agency Response is needed"}},
		{"information gathering to closed, no meeting and not signed off", cdop.StageInformationGathering, cdop.StageClosed,
			func(f *cdop.CaseFile) { f.Case.CDRMOn, f.Case.Analysis.SignedOffOn = cdop.Date{}, cdop.Date{} },
			[]string{"before Closed the case needs:", "- the date of the child death review meeting, or the reason none was held",
				"- the analysis signed off by the panel"}},
		{"a jump ignores what a passed stage needed", cdop.StageCDRM, cdop.StageClosed,
			func(f *cdop.CaseFile) { f.Case.NotifiedOn, f.Case.Expected, f.Requests = cdop.Date{}, "", nil }, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := completeFile(t, tt.from)
			if tt.change != nil {
				tt.change(f)
			}
			err := cdop.CheckStageMove(f, tt.to, "")
			if tt.wantErr == nil {
				if err != nil {
					t.Errorf("CheckStageMove = %v, want nil", err)
				}
				return
			}
			if cdop.ErrorCode(err) != cdop.EINVALID {
				t.Fatalf("CheckStageMove = %v, want an invalid error", err)
			}
			for _, s := range tt.wantErr {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("error %q does not say %q", err, s)
				}
			}
		})
	}
}

func TestCheckStageMoveRefusals(t *testing.T) {
	tests := []struct {
		name     string
		from, to cdop.Stage
		reason   string
		wantErr  []string // nil: allowed
	}{
		{"an unknown stage", cdop.StageNotified, "archived", "",
			[]string{`"archived" is not a stage`, "notified, immediate_decisions, information_gathering, cdrm, cdop_review, closed"}},
		{"an unknown stage, even with a reason", cdop.StageClosed, "reopened", "new evidence", []string{`"reopened" is not a stage`}},
		{"the empty stage", cdop.StageCDRM, "", "", []string{`"" is not a stage`}},
		{"a stage in capitals", cdop.StageNotified, "Closed", "", []string{`"Closed" is not a stage`}},
		{"the same stage", cdop.StageCDRM, cdop.StageCDRM, "", []string{"already at Child death review meeting"}},
		{"the same stage with a reason", cdop.StageClosed, cdop.StageClosed, "again", []string{"already at Closed"}},
		{"back one stage without a reason", cdop.StageCDRM, cdop.StageInformationGathering, "",
			[]string{"give a reason to move the case back to Information gathering"}},
		{"back without a reason, blank", cdop.StageCDOPReview, cdop.StageNotified, " \n\t",
			[]string{"give a reason to move the case back to Notified"}},
		{"back one stage with a reason", cdop.StageCDRM, cdop.StageInformationGathering, "police report still to come", nil},
		{"back several stages with a reason", cdop.StageCDOPReview, cdop.StageNotified, "wrong child linked", nil},
		{"reopen a closed case without a reason", cdop.StageClosed, cdop.StageCDOPReview, "",
			[]string{"give a reason to reopen a closed case"}},
		{"reopen a closed case to the start without a reason", cdop.StageClosed, cdop.StageNotified, "  ",
			[]string{"give a reason to reopen a closed case"}},
		{"reopen a closed case with a reason", cdop.StageClosed, cdop.StageCDOPReview, "inquest verdict changes the category", nil},
		{"forward needs no reason", cdop.StageCDRM, cdop.StageCDOPReview, "", nil},
		{"forward with a reason is fine", cdop.StageCDRM, cdop.StageCDOPReview, "meeting held", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := completeFile(t, tt.from)
			err := cdop.CheckStageMove(f, tt.to, tt.reason)
			if tt.wantErr == nil {
				if err != nil {
					t.Errorf("CheckStageMove(%s → %s, %q) = %v, want nil", tt.from, tt.to, tt.reason, err)
				}
				return
			}
			if cdop.ErrorCode(err) != cdop.EINVALID {
				t.Fatalf("CheckStageMove(%s → %s, %q) = %v, want an invalid error", tt.from, tt.to, tt.reason, err)
			}
			for _, s := range tt.wantErr {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("error %q does not say %q", err, s)
				}
			}
		})
	}
}

// Moving back needs a reason but nothing else: a case missing everything can
// still go back.
func TestCheckStageMoveBackIgnoresMissingData(t *testing.T) {
	c := baseCase(t)
	c.Stage = cdop.StageCDOPReview
	f := &cdop.CaseFile{Case: c}
	for _, to := range allStages[:4] {
		if err := cdop.CheckStageMove(f, to, "recorded at the wrong stage"); err != nil {
			t.Errorf("back to %s: %v", to, err)
		}
	}
}

// A case whose recorded stage is blank or unknown (e.g. damaged data) may be
// put at the first stage, but moving it further checks every stage.
func TestCheckStageMoveFromAnUnknownStage(t *testing.T) {
	for _, from := range []cdop.Stage{"", "archived"} {
		c := baseCase(t)
		c.Stage = from
		f := &cdop.CaseFile{Case: c}
		if err := cdop.CheckStageMove(f, cdop.StageNotified, ""); err != nil {
			t.Errorf("%q → notified: %v", from, err)
		}
		err := cdop.CheckStageMove(f, cdop.StageClosed, "")
		if err == nil {
			t.Errorf("%q → closed with nothing recorded: allowed", from)
			continue
		}
		if !strings.Contains(err.Error(), "the date the panel was notified") || !strings.Contains(err.Error(), "signed off") {
			t.Errorf("%q → closed: error %q does not list every stage", from, err)
		}
		if got := len(cdop.MissingFor(f, cdop.StageClosed)); got != 15 {
			t.Errorf("%q → closed: %d requirements, want 15", from, got)
		}
		if err := cdop.CheckStageMove(completeFile(t, from), cdop.StageClosed, ""); err != nil {
			t.Errorf("%q → closed, complete: %v", from, err)
		}
	}
}

// The flowchart fields are stored case fields but not interchange columns.
func TestFlowchartFieldsSetGet(t *testing.T) {
	tests := []struct {
		field, value, get string
		read              func(c *cdop.Case) string
	}{
		{"jar_triggers", "external_cause |suspicious", "external_cause | suspicious",
			func(c *cdop.Case) string { return strings.Join(c.JARTriggers, "+") }},
		{"parallel_reviews", "lcspr|other", "lcspr | other",
			func(c *cdop.Case) string { return strings.Join(c.ParallelReviews, "+") }},
		{"parallel_review_other", " fire service review ", "fire service review",
			func(c *cdop.Case) string { return c.ParallelReviewOther }},
		{"cdrm_not_held_reason", "expected death", "expected death",
			func(c *cdop.Case) string { return c.CDRMNotHeldReason }},
		{"family_told_cdrm_on", "2026-01-05", "2026-01-05", func(c *cdop.Case) string { return c.FamilyToldCDRMOn.String() }},
		{"family_told_cdop_review_on", "2026-03-05", "2026-03-05", func(c *cdop.Case) string { return c.FamilyToldCDOPReviewOn.String() }},
		{"family_told_outcome_on", "2026-05-05", "2026-05-05", func(c *cdop.Case) string { return c.FamilyToldOutcomeOn.String() }},
		{"analysis_signed_off_on", "2026-04-20", "2026-04-20", func(c *cdop.Case) string { return c.Analysis.SignedOffOn.String() }},
	}
	wantRead := map[string]string{
		"jar_triggers": "external_cause+suspicious", "parallel_reviews": "lcspr+other",
		"parallel_review_other": "fire service review",
	}
	for _, tt := range tests {
		t.Run(tt.field, func(t *testing.T) {
			if _, ok := cdop.ColumnNamed(tt.field); ok {
				t.Errorf("%s is an interchange column", tt.field)
			}
			if _, ok := cdop.FieldNamed(tt.field); !ok {
				t.Fatalf("%s is not a case field", tt.field)
			}
			c := cdop.NewCase()
			mustSet(t, c, tt.field, tt.value)
			want, ok := wantRead[tt.field]
			if !ok {
				want = tt.value
			}
			if got := tt.read(c); got != want {
				t.Errorf("after Set the field holds %q, want %q", got, want)
			}
			if got := c.Get(tt.field); got != tt.get {
				t.Errorf("Get = %q, want %q", got, tt.get)
			}
		})
	}
	c := cdop.NewCase()
	if err := c.Set("family_told_outcome_on", "5 May 2026"); err == nil {
		t.Error("Set accepted a malformed date")
	}
}

func TestValidateFlowchartFields(t *testing.T) {
	tests := []struct {
		name   string
		change func(c *cdop.Case)
		wants  []want
	}{
		{"JAR with two triggers", func(c *cdop.Case) {
			c.JAR, c.JARTriggers = "yes", []string{"external_cause", "suspicious"}
		}, nil},
		{"JAR with every trigger", func(c *cdop.Case) {
			c.JAR, c.JARTriggers = "yes", cdop.JARReasons.Codes()
		}, nil},
		{"JAR yes without triggers (the stage guard asks for them)", func(c *cdop.Case) { c.JAR = "yes" }, nil},
		{"an unknown trigger", func(c *cdop.Case) {
			c.JAR, c.JARTriggers = "yes", []string{"external_cause", "drowning"}
		}, []want{{"jar_triggers", []string{`"drowning" is not allowed`, "external_cause, sudden_unexplained"}}}},
		{"triggers with JAR no", func(c *cdop.Case) {
			c.JAR, c.JARTriggers = "no", []string{"suspicious"}
		}, []want{{"jar_triggers", []string{"need jar = yes"}}}},
		{"triggers with JAR not decided", func(c *cdop.Case) {
			c.JARTriggers = []string{"suspicious"}
		}, []want{{"jar_triggers", []string{"need jar = yes"}}}},
		{"the reason among the triggers", func(c *cdop.Case) {
			c.JAR, c.JARTriggers, c.JARReason = "yes", []string{"external_cause", "suspicious"}, "external_cause"
		}, nil},
		{"the reason alone", func(c *cdop.Case) {
			c.JAR, c.JARReason = "yes", "sudden_unexplained"
		}, nil},
		{"the reason not among the triggers", func(c *cdop.Case) {
			c.JAR, c.JARTriggers, c.JARReason = "yes", []string{"external_cause"}, "sudden_unexplained"
		}, []want{{"jar_reason", []string{`"sudden_unexplained" is not among the ticked JAR triggers`}}}},
		{"a reason with JAR no", func(c *cdop.Case) {
			c.JAR, c.JARReason = "no", "sudden_unexplained"
		}, []want{{"jar_reason", []string{"needs jar = yes"}}}},
		{"reason and triggers with JAR no", func(c *cdop.Case) {
			c.JAR, c.JARTriggers, c.JARReason = "no", []string{"suspicious"}, "suspicious"
		}, []want{{"jar_reason", []string{"needs jar = yes"}}, {"jar_triggers", []string{"need jar = yes"}}}},
		{"parallel reviews", func(c *cdop.Case) {
			c.ParallelReviews = []string{"lcspr", "nhs_serious_incident", "pmrt", "leder"}
		}, nil},
		{"an other review described", func(c *cdop.Case) {
			c.ParallelReviews, c.ParallelReviewOther = []string{"pmrt", "other"}, "fire service investigation"
		}, nil},
		{"an other review not described", func(c *cdop.Case) {
			c.ParallelReviews = []string{"other"}
		}, nil},
		{"an unknown parallel review", func(c *cdop.Case) {
			c.ParallelReviews = []string{"lcspr", "serious_case_review"}
		}, []want{{"parallel_reviews", []string{`"serious_case_review" is not allowed`, "lcspr, nhs_serious_incident, pmrt, leder, other"}}}},
		{"a description without other ticked", func(c *cdop.Case) {
			c.ParallelReviews, c.ParallelReviewOther = []string{"lcspr"}, "fire service investigation"
		}, []want{{"parallel_review_other", []string{`"other" review, which is not ticked`}}}},
		{"a description with nothing ticked", func(c *cdop.Case) {
			c.ParallelReviewOther = "fire service investigation"
		}, []want{{"parallel_review_other", []string{"not ticked"}}}},
		{"family told on the day of death and after", func(c *cdop.Case) {
			c.FamilyToldCDRMOn, c.FamilyToldCDOPReviewOn, c.FamilyToldOutcomeOn = c.DateOfDeath, dt("2026-03-01"), dt("2026-05-01")
		}, nil},
		{"family told before the death", func(c *cdop.Case) {
			c.FamilyToldCDRMOn = c.DateOfDeath.AddDays(-1)
			c.FamilyToldCDOPReviewOn = dt("2025-01-01")
			c.FamilyToldOutcomeOn = dt("2025-10-01")
		}, []want{
			{"family_told_cdrm_on", []string{"2025-11-01 is before the date of death 2025-11-02"}},
			{"family_told_cdop_review_on", []string{"2025-01-01 is before the date of death"}},
			{"family_told_outcome_on", []string{"before the date of death"}},
		}},
		{"signed off after the death", func(c *cdop.Case) { c.Analysis.SignedOffOn = dt("2026-04-20") }, nil},
		{"signed off before the death", func(c *cdop.Case) { c.Analysis.SignedOffOn = dt("2025-10-31") },
			[]want{{"analysis_signed_off_on", []string{"2025-10-31 is before the date of death 2025-11-02"}}}},
		{"a reason for no meeting", func(c *cdop.Case) { c.CDRMNotHeldReason = "expected death" }, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := baseCase(t)
			tt.change(c)
			checkErrors(t, c.ValidateOn(today), tt.wants...)
		})
	}
}

func TestCloneCopiesFlowchartLists(t *testing.T) {
	c := baseCase(t)
	c.JAR, c.JARTriggers = "yes", []string{"external_cause"}
	c.ParallelReviews = []string{"lcspr"}
	c.Analysis.SignedOffOn = dt("2026-04-20")
	d := c.Clone()
	d.JARTriggers[0] = "suspicious"
	d.ParallelReviews[0] = "pmrt"
	if c.JARTriggers[0] != "external_cause" || c.ParallelReviews[0] != "lcspr" {
		t.Errorf("Clone shares lists: %v %v", c.JARTriggers, c.ParallelReviews)
	}
	if d.Analysis.SignedOffOn != c.Analysis.SignedOffOn {
		t.Errorf("Clone lost the sign-off date")
	}
}

func TestMove(t *testing.T) {
	f := completeFile(t, cdop.StageCDRM)
	moved, move, err := cdop.Move(f, cdop.StageCDOPReview, "  ", today)
	if err != nil {
		t.Fatal(err)
	}
	if moved.Stage != cdop.StageCDOPReview || f.Case.Stage != cdop.StageCDRM {
		t.Errorf("Move = stage %s (file's case %s); want the copy moved, the file untouched", moved.Stage, f.Case.Stage)
	}
	if move != (cdop.StageMove{CaseID: "case-1", From: cdop.StageCDRM, To: cdop.StageCDOPReview}) {
		t.Errorf("move = %+v", move)
	}
	if got := move.AuditChanges(); !slices.Equal(got, []cdop.FieldChange{{Field: "stage", Old: "cdrm", New: "cdop_review"}}) {
		t.Errorf("AuditChanges = %+v", got)
	}
	_, back, err := cdop.Move(f, cdop.StageNotified, " typed on the wrong case ", today)
	if err != nil || back.Reason != "typed on the wrong case" ||
		!slices.Equal(back.AuditChanges(), []cdop.FieldChange{{Field: "stage", Old: "cdrm", New: "notified"}, {Field: "stage_reason", New: "typed on the wrong case"}}) {
		t.Errorf("a move back = %+v, %v", back, err)
	}
	if _, _, err := cdop.Move(f, cdop.StageNotified, " ", today); cdop.ErrorRule(err) != cdop.RuleReasonRequired {
		t.Errorf("a move back without a reason: %v", err)
	}
	// A move the flowchart allows that would leave the case invalid is refused too.
	f.Case.Analysis.Category = 0
	f.Case.CDOPReviewOn = dt("2026-04-20")
	if _, _, err := cdop.Move(f, cdop.StageClosed, "", today); cdop.ErrorRule(err) != cdop.RuleStageNeeds {
		t.Errorf("closing without a category: %v", err)
	}
}
