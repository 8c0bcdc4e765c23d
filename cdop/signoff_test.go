package cdop_test

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"casemanager/cdop"
)

func describeIssues(issues []cdop.AnalysisIssue) string {
	var out []string
	for _, is := range issues {
		out = append(out, string(is.Rule)+" "+is.Field+" "+string(rune('0'+is.Domain+1)))
	}
	return strings.Join(out, ", ")
}

func TestAnalysisMissing(t *testing.T) {
	complete := consistentAnalysis()
	if m := complete.Missing(); len(m) != 0 {
		t.Errorf("a complete analysis misses %s", describeIssues(m))
	}
	var empty cdop.Analysis
	got := empty.Missing()
	wantIssues := []cdop.AnalysisIssue{
		{Rule: cdop.RuleCategoryRequired, Field: "category", Domain: -1},
		{Rule: cdop.RuleScoreRequired, Field: "domain_a_score", Domain: 0},
		{Rule: cdop.RuleScoreRequired, Field: "domain_b_score", Domain: 1},
		{Rule: cdop.RuleScoreRequired, Field: "domain_c_score", Domain: 2},
		{Rule: cdop.RuleScoreRequired, Field: "domain_d_score", Domain: 3},
		{Rule: cdop.RuleOutcomeRequired, Field: "modifiable", Domain: -1},
	}
	if len(got) != len(wantIssues) {
		t.Fatalf("Missing = %s; want %s", describeIssues(got), describeIssues(wantIssues))
	}
	for i, w := range wantIssues {
		if g := got[i]; g.Rule != w.Rule || g.Field != w.Field || g.Domain != w.Domain {
			t.Errorf("Missing[%d] = %s; want %s", i, describeIssues(got[i:i+1]), describeIssues(wantIssues[i:i+1]))
		}
	}
	if got[5].Message != "is required; use one of: identified, none, insufficient_information" || got[0].Message != "is required" {
		t.Errorf("messages = %q, %q", got[0].Message, got[5].Message)
	}
	// The one rule serves validation of a closed case and the flowchart alike.
	c := closedCase(t)
	c.Analysis.Domains[2].Score = nil
	c.Analysis.Modifiable = ""
	checkErrors(t, c.ValidateOn(today),
		want{"domain_c_score", []string{"is required for a closed case"}},
		want{"modifiable", []string{"is required for a closed case; use one of: identified"}})
	c.Stage = cdop.StageCDOPReview
	var needs []string
	for _, r := range cdop.MissingFor(&cdop.CaseFile{Case: c}, cdop.StageClosed) {
		needs = append(needs, r.Message)
	}
	if !slices.Contains(needs, "the analysis: domain_c_score is required") || !slices.Contains(needs, "the analysis: modifiable is required; use one of: identified, none, insufficient_information") {
		t.Errorf("closing needs %q", needs)
	}
}

func TestAnalysisInconsistenciesNameTheirRule(t *testing.T) {
	tests := []struct {
		name   string
		change func(a *cdop.Analysis)
		rule   cdop.Rule
		domain int
	}{
		{"modifiable factor in a domain scored 1", func(a *cdop.Analysis) { a.Domains[0].Score = cdop.ScoreOf(1) }, cdop.RuleModifiableNeedsContributory, 0},
		{"domain scored 2 with no factor", func(a *cdop.Analysis) { a.Domains[1].Score = cdop.ScoreOf(2) }, cdop.RuleContributoryNeedsFactor, 1},
		{"unlikely yet modifiable", func(a *cdop.Analysis) { a.FactorDetails[0].Contribution = "unlikely" }, cdop.RuleUnlikelyNotModifiable, 0},
		{"identified, none marked", func(a *cdop.Analysis) { a.Domains[0].Modifiable = nil }, cdop.RuleIdentifiedNeedsModifiable, -1},
		{"none, one marked", func(a *cdop.Analysis) { a.Modifiable = string(cdop.ModifiableNone) }, cdop.RuleNoneButModifiable, -1},
		{"contributing category first", func(a *cdop.Analysis) { a.Category, a.ContributingCategories = 10, []int{1} }, cdop.RulePrimaryFirst, -1},
	}
	for _, tt := range tests {
		a := consistentAnalysis()
		tt.change(&a)
		got := a.Inconsistencies(cdop.NationalForm)
		if len(got) != 1 || got[0].Rule != tt.rule || got[0].Domain != tt.domain {
			t.Errorf("%s: Inconsistencies = %s; want %s in domain %d", tt.name, describeIssues(got), tt.rule, tt.domain)
		}
		if a.ReadyForSignOff(cdop.NationalForm) {
			t.Errorf("%s: ready for sign-off", tt.name)
		}
		if v := a.Consistency(cdop.NationalForm); len(v) != 1 || v[0].Field != got[0].Field || v[0].Message != got[0].Message {
			t.Errorf("%s: Consistency = %v; want the same problem as a field error", tt.name, v)
		}
	}
	a := consistentAnalysis()
	if !a.ReadyForSignOff(cdop.NationalForm) {
		t.Error("a complete, consistent analysis is not ready for sign-off")
	}
	a.Domains[3].Score = nil
	if a.ReadyForSignOff(cdop.NationalForm) {
		t.Error("an analysis missing a score is ready for sign-off")
	}
}

// onAgenda returns a meeting of a kind on a day, quorate, with a case, at
// stage, on its agenda, not yet discussed, after another signed off.
func onAgenda(t *testing.T, kind cdop.MeetingKind, on string, stage cdop.Stage) (*cdop.Meeting, *cdop.AgendaItem, *cdop.Case) {
	f := completeFile(t, stage)
	c := f.Case
	c.CDRMOn, c.CDOPReviewOn, c.Analysis.SignedOffOn = cdop.Date{}, cdop.Date{}, cdop.Date{}
	if stage == cdop.StageCDOPReview {
		c.CDRMOn = dt("2026-02-02")
	}
	// Quorate: someone from health, police, social care and public health.
	m := &cdop.Meeting{ID: 5, Kind: kind, On: dt(on), Chair: "Dr Priya Ramanathan", Attendees: panelMeeting().Attendees, Agenda: []cdop.AgendaItem{
		{CaseID: "other", CaseRef: "CDOP-2025-0001", Position: 1, Outcome: cdop.OutcomeSignedOff},
		{CaseID: c.ID, CaseRef: c.Ref, Position: 2, Outcome: cdop.OutcomePending},
	}}
	return m, &m.Agenda[1], c
}

func TestSignOff(t *testing.T) {
	t.Run("a child death review meeting records its date and leads to the CDOP review", func(t *testing.T) {
		m, item, c := onAgenda(t, cdop.MeetingCDRM, "2026-06-10", cdop.StageCDRM)
		d, err := cdop.SignOff(m, item, c, cdop.QuorumTypes, today)
		if err != nil {
			t.Fatal(err)
		}
		if d.To != cdop.StageCDOPReview || d.Case.CDRMOn != dt("2026-06-10") || d.Item.Outcome != cdop.OutcomeSignedOff || d.Item.Position != 2 {
			t.Errorf("SignOff = to %s, CDRMOn %s, item %+v", d.To, d.Case.CDRMOn, d.Item)
		}
		if !c.CDRMOn.IsZero() || item.Outcome != cdop.OutcomePending {
			t.Error("SignOff changed the case or the item it was given")
		}
	})
	t.Run("a panel meeting signs the analysis off and closes the case", func(t *testing.T) {
		m, item, c := onAgenda(t, cdop.MeetingPanel, "2026-06-15", cdop.StageCDOPReview)
		d, err := cdop.SignOff(m, item, c, cdop.QuorumTypes, today)
		if err != nil {
			t.Fatal(err)
		}
		if d.To != cdop.StageClosed || d.Case.Analysis.SignedOffOn != dt("2026-06-15") || d.Case.CDOPReviewOn != dt("2026-06-15") {
			t.Errorf("SignOff = to %s, signed off %s, reviewed %s", d.To, d.Case.Analysis.SignedOffOn, d.Case.CDOPReviewOn)
		}
		moved := d.Case.Clone()
		moved.Stage = d.To
		checkValid(t, moved.ValidateOn(today))
	})

	tests := []struct {
		name   string
		kind   cdop.MeetingKind
		on     string
		stage  cdop.Stage
		change func(m *cdop.Meeting, it *cdop.AgendaItem, c *cdop.Case)
		rule   cdop.Rule
		says   []string
	}{
		{"a case signed off already", cdop.MeetingPanel, "2026-06-01", cdop.StageCDOPReview,
			func(_ *cdop.Meeting, it *cdop.AgendaItem, _ *cdop.Case) { it.Outcome = cdop.OutcomeSignedOff },
			cdop.RuleAlreadyDecided, []string{"the CDOP panel meeting on 1 Jun 2026 has already signed off CDOP-2025-0042"}},
		{"a case deferred already", cdop.MeetingPanel, "2026-06-01", cdop.StageCDOPReview,
			func(_ *cdop.Meeting, it *cdop.AgendaItem, _ *cdop.Case) { it.Outcome = cdop.OutcomeDeferred },
			cdop.RuleAlreadyDecided, []string{"has already deferred"}},
		{"a meeting yet to be held", cdop.MeetingCDRM, "2026-06-16", cdop.StageCDRM, nil,
			cdop.RuleMeetingNotHeld, []string{"the child death review meeting on 16 Jun 2026 has not taken place yet"}},
		{"a case moved on since", cdop.MeetingCDRM, "2026-06-01", cdop.StageCDOPReview, nil,
			cdop.RuleWrongStageForMeeting, []string{"a child death review meeting takes cases at Child death review meeting, so the child death review meeting on 1 Jun 2026 cannot sign it off"}},
		{"an analysis incomplete", cdop.MeetingPanel, "2026-06-01", cdop.StageCDOPReview,
			func(_ *cdop.Meeting, _ *cdop.AgendaItem, c *cdop.Case) {
				c.Analysis.Category, c.Analysis.Domains[1].Score = 0, nil
			},
			cdop.RuleAnalysisIncomplete, []string{"cannot sign off the analysis of CDOP-2025-0042 yet:\n- the analysis: category is required\n- the analysis: domain_b_score is required"}},
		{"an analysis incomplete and inconsistent", cdop.MeetingPanel, "2026-06-01", cdop.StageCDOPReview,
			func(_ *cdop.Meeting, _ *cdop.AgendaItem, c *cdop.Case) {
				c.Analysis.Modifiable = ""
				c.Analysis.Domains[1].Score = cdop.ScoreOf(2)
			},
			cdop.RuleAnalysisIncomplete, []string{"- the analysis: modifiable is required", "- domain B is scored 2, so at least one factor must be recorded"}},
		{"an analysis inconsistent", cdop.MeetingPanel, "2026-06-01", cdop.StageCDOPReview,
			func(_ *cdop.Meeting, _ *cdop.AgendaItem, c *cdop.Case) { c.Analysis.Domains[1].Score = cdop.ScoreOf(2) },
			cdop.RuleAnalysisInconsistent, []string{"domain B is scored 2"}},
		{"a panel meeting with nobody recorded as present", cdop.MeetingPanel, "2026-06-01", cdop.StageCDOPReview,
			func(m *cdop.Meeting, _ *cdop.AgendaItem, _ *cdop.Case) { m.Attendees = nil },
			cdop.RuleNotQuorate, []string{"the CDOP panel meeting on 1 Jun 2026 cannot sign CDOP-2025-0042 off: it is not quorate " +
				"(nobody present from Health (trust, GP, community); nobody present from Police; nobody present from Children's social care; " +
				"nobody present from Education or Public health), so record who attended, or the chair's reason for signing off without a quorum"}},
		{"a panel meeting nobody from the police attended", cdop.MeetingPanel, "2026-06-01", cdop.StageCDOPReview,
			func(m *cdop.Meeting, _ *cdop.AgendaItem, _ *cdop.Case) {
				m.Attendees = slices.DeleteFunc(slices.Clone(m.Attendees), func(a cdop.Attendee) bool { return a.AgencyType == "police" })
			},
			cdop.RuleNotQuorate, []string{"it is not quorate (nobody present from Police)"}},
		{"not quorate before anything else is checked", cdop.MeetingPanel, "2026-06-01", cdop.StageCDOPReview,
			func(m *cdop.Meeting, _ *cdop.AgendaItem, c *cdop.Case) { m.Attendees, c.Analysis.Category = nil, 0 },
			cdop.RuleNotQuorate, nil},
	}
	for _, tt := range tests {
		m, item, c := onAgenda(t, tt.kind, tt.on, tt.stage)
		if tt.change != nil {
			tt.change(m, item, c)
		}
		d, err := cdop.SignOff(m, item, c, cdop.QuorumTypes, today)
		wantRule(t, tt.name, err, tt.rule, tt.says...)
		if d != nil {
			t.Errorf("%s: a refused sign-off decided %+v", tt.name, d)
		}
	}
}

// A panel meeting signs off only when quorate, or with the chair's
// decision to go on without a quorum; a child death review meeting has no
// quorum.
func TestSignOffAndTheQuorum(t *testing.T) {
	chair := cdop.ChairSignOff{Reason: "Police sent apologies; the panel agreed to go on", By: "jane.coordinator"}
	tests := []struct {
		name      string
		kind      cdop.MeetingKind
		attendees []cdop.Attendee
		chair     cdop.ChairSignOff
		required  [][]string
		rule      cdop.Rule
	}{
		{"quorate", cdop.MeetingPanel, panelMeeting().Attendees, cdop.ChairSignOff{}, cdop.QuorumTypes, ""},
		{"nobody present", cdop.MeetingPanel, nil, cdop.ChairSignOff{}, cdop.QuorumTypes, cdop.RuleNotQuorate},
		{"nobody present, the chair's decision recorded", cdop.MeetingPanel, nil, chair, cdop.QuorumTypes, ""},
		{"quorate under the panel's own groups", cdop.MeetingPanel, []cdop.Attendee{{Name: "x", AgencyType: "coroner"}}, cdop.ChairSignOff{},
			[][]string{{"coroner"}}, ""},
		{"not quorate under the panel's own groups", cdop.MeetingPanel, panelMeeting().Attendees, cdop.ChairSignOff{},
			[][]string{{"coroner"}}, cdop.RuleNotQuorate},
		{"a child death review meeting nobody attended", cdop.MeetingCDRM, nil, cdop.ChairSignOff{}, cdop.QuorumTypes, ""},
	}
	for _, tt := range tests {
		stage := cdop.StageCDOPReview
		if tt.kind == cdop.MeetingCDRM {
			stage = cdop.StageCDRM
		}
		m, item, c := onAgenda(t, tt.kind, "2026-06-01", stage)
		m.Attendees, m.WithoutQuorum = tt.attendees, tt.chair
		d, err := cdop.SignOff(m, item, c, tt.required, today)
		wantRule(t, tt.name, err, tt.rule)
		if tt.rule == "" && (d == nil || d.To != tt.kind.LeadsTo()) {
			t.Errorf("%s: decided %+v", tt.name, d)
		}
	}
}

func TestDecideWithoutQuorum(t *testing.T) {
	now := time.Date(2026, time.June, 15, 14, 0, 0, 0, time.UTC)
	const reason = "Police sent apologies; the panel agreed to go on"
	tests := []struct {
		name   string
		change func(m *cdop.Meeting)
		reason string
		rule   cdop.Rule
		says   []string
		isNew  bool
	}{
		{"nobody present", func(m *cdop.Meeting) { m.Attendees = nil }, "  " + reason + " ", "", nil, true},
		{"the same reason again", func(m *cdop.Meeting) {
			m.Attendees, m.WithoutQuorum = nil, cdop.ChairSignOff{Reason: reason, By: "someone.else"}
		}, reason, "", nil, false},
		{"another reason once one is recorded", func(m *cdop.Meeting) {
			m.Attendees, m.WithoutQuorum = nil, cdop.ChairSignOff{Reason: reason, By: "someone.else"}
		}, "another reason", cdop.RuleAlreadyDecided, []string{"recorded already: " + reason}, false},
		{"no reason", func(m *cdop.Meeting) { m.Attendees = nil }, " ", cdop.RuleReasonRequired,
			[]string{"give a reason for signing off without a quorum at the CDOP panel meeting on 1 Jun 2026"}, false},
		{"no chair recorded", func(m *cdop.Meeting) { m.Attendees, m.Chair = nil, " " }, reason, cdop.RuleChairRequired,
			[]string{"record who chairs the CDOP panel meeting on 1 Jun 2026 (Edit details…) before the chair signs cases off without a quorum"}, false},
		{"a quorate meeting", func(m *cdop.Meeting) {}, reason, cdop.RuleQuorate,
			[]string{"the CDOP panel meeting on 1 Jun 2026 is quorate; sign the case off as usual"}, false},
		{"a child death review meeting", func(m *cdop.Meeting) { m.Kind, m.Attendees = cdop.MeetingCDRM, nil }, reason, cdop.RuleQuorate,
			[]string{"a child death review meeting has no quorum to meet"}, false},
		{"a meeting still to come", func(m *cdop.Meeting) { m.Attendees, m.On = nil, dt("2026-06-16") }, reason, cdop.RuleMeetingNotHeld, nil, false},
	}
	for _, tt := range tests {
		m, _, _ := onAgenda(t, cdop.MeetingPanel, "2026-06-01", cdop.StageCDOPReview)
		tt.change(m)
		got, isNew, err := cdop.DecideWithoutQuorum(m, tt.reason, "jane.coordinator", cdop.QuorumTypes, now)
		wantRule(t, tt.name, err, tt.rule, tt.says...)
		if isNew != tt.isNew {
			t.Errorf("%s: new = %v; want %v", tt.name, isNew, tt.isNew)
		}
		if tt.isNew && (got.Reason != reason || got.By != "jane.coordinator" || !got.At.Equal(now)) {
			t.Errorf("%s: decided %+v; want the reason trimmed, by the actor, now", tt.name, got)
		}
		if tt.rule == "" && !tt.isNew && got != m.WithoutQuorum {
			t.Errorf("%s: decided %+v; want the decision recorded before", tt.name, got)
		}
	}
}

func TestMeetingQuorumWords(t *testing.T) {
	chair := cdop.ChairSignOff{Reason: "Police sent apologies", By: "jane"}
	tests := []struct {
		name          string
		kind          cdop.MeetingKind
		on            string
		attendees     []cdop.Attendee
		chair         cdop.ChairSignOff
		summary, says string
	}{
		{"quorate", cdop.MeetingPanel, "2026-06-01", panelMeeting().Attendees, cdop.ChairSignOff{}, "Quorate",
			"Quorate: someone is present from each kind of agency a panel meeting needs"},
		{"not quorate", cdop.MeetingPanel, "2026-06-01", panelMeeting().Attendees[:3], cdop.ChairSignOff{}, "Not quorate",
			"Not quorate: nobody present from Children's social care"},
		{"not quorate, signed off by the chair", cdop.MeetingPanel, "2026-06-01", nil, chair, "Not quorate — signed off by the chair",
			"; the chair, Dr Priya Ramanathan, signed cases off without a quorum because: Police sent apologies"},
		{"expected to be quorate", cdop.MeetingPanel, "2026-07-01", panelMeeting().Attendees, cdop.ChairSignOff{}, "Expected to be quorate", "Expected to be quorate"},
		{"not expected to be quorate", cdop.MeetingPanel, "2026-07-01", nil, cdop.ChairSignOff{}, "Not expected to be quorate", "nobody present from Police"},
		{"a child death review meeting", cdop.MeetingCDRM, "2026-06-01", nil, cdop.ChairSignOff{}, "", ""},
	}
	for _, tt := range tests {
		m := &cdop.Meeting{Kind: tt.kind, On: dt(tt.on), Chair: "Dr Priya Ramanathan", Attendees: tt.attendees, WithoutQuorum: tt.chair}
		q := cdop.MeetingQuorum(m, cdop.QuorumTypes, today)
		if got := q.Summary(); got != tt.summary {
			t.Errorf("%s: Summary = %q; want %q", tt.name, got, tt.summary)
		}
		if got := q.Sentence(nil); !strings.Contains(got, tt.says) || (tt.says == "") != (got == "") {
			t.Errorf("%s: Sentence = %q; want it to say %q", tt.name, got, tt.says)
		}
	}
	m := &cdop.Meeting{Kind: cdop.MeetingPanel, On: dt("2026-06-01"), WithoutQuorum: cdop.ChairSignOff{Reason: "Ayla's family asked to wait"}}
	if got := cdop.MeetingQuorum(m, cdop.QuorumTypes, today).Sentence(func(string) string { return "[withheld]" }); !strings.HasSuffix(got, "because: [withheld]") {
		t.Errorf("a scrubbed sentence = %q", got)
	}
}

func TestDefer(t *testing.T) {
	m, item, c := onAgenda(t, cdop.MeetingPanel, "2026-06-01", cdop.StageCDOPReview)
	d, err := cdop.Defer(m, item, "  awaiting the inquest ", " coroner's findings ", today)
	if err != nil {
		t.Fatal(err)
	}
	if d.Outcome != cdop.OutcomeDeferred || d.Reason != "awaiting the inquest" || d.Awaiting != "coroner's findings" || d.CaseID != c.ID {
		t.Errorf("Defer = %+v", d)
	}
	item.Outcome, item.Reason = cdop.OutcomeDeferred, "x"
	if _, err := cdop.Defer(m, item, "a better reason", "", today); err != nil {
		t.Errorf("a deferral corrected: %v", err)
	}
	if _, err := cdop.Defer(m, item, "  ", "", today); validationErrors(t, err).For("reason") == "" {
		t.Errorf("a deferral without a reason: %v", err)
	}
	item.Outcome = cdop.OutcomeSignedOff
	_, err = cdop.Defer(m, item, "why", "", today)
	wantRule(t, "a case signed off", err, cdop.RuleAlreadyDecided, "has already signed off")
	m, item, _ = onAgenda(t, cdop.MeetingPanel, "2026-07-01", cdop.StageCDOPReview)
	_, err = cdop.Defer(m, item, "why", "", today)
	wantRule(t, "a meeting yet to be held", err, cdop.RuleMeetingNotHeld, "record its decisions on or after 1 Jul 2026")
}

func TestAgendaChanges(t *testing.T) {
	m, item, c := onAgenda(t, cdop.MeetingPanel, "2026-06-01", cdop.StageCDOPReview)
	wantRule(t, "a pending case comes off", cdop.CanRemoveFromAgenda(m, item), "")
	wantRule(t, "a signed-off case stays", cdop.CanRemoveFromAgenda(m, &m.Agenda[0]), cdop.RuleAlreadyDecided,
		"has signed off CDOP-2025-0001, so it stays on the agenda as a record of the decision")

	other := baseCase(t)
	other.ID, other.Ref = "case-9", "CDOP-2025-0009"
	if got := m.NextItem(other); got.Position != 3 || got.Outcome != cdop.OutcomePending || got.CaseRef != "CDOP-2025-0009" {
		t.Errorf("NextItem = %+v; want position 3, pending", got)
	}
	if got := (&cdop.Meeting{}).NextItem(c); got.Position != 1 {
		t.Errorf("NextItem of an empty agenda = %+v", got)
	}

	tests := []struct {
		name   string
		change func(n *cdop.Meeting)
		rule   cdop.Rule
		says   []string
	}{
		{"details", func(n *cdop.Meeting) { n.Place = "Room 9" }, "", nil},
		{"the kind of a meeting with an agenda", func(n *cdop.Meeting) { n.Kind = cdop.MeetingCDRM }, cdop.RuleMeetingKindLocked,
			[]string{"the CDOP panel meeting on 1 Jun 2026 has cases on its agenda, so it cannot become a child death review meeting"}},
		{"the date of a meeting that signed a case off", func(n *cdop.Meeting) { n.On = dt("2026-06-02") }, cdop.RuleMeetingDateLocked,
			[]string{"has signed off CDOP-2025-0001, which records the meeting's date"}},
		{"an attendee added after a sign-off", func(n *cdop.Meeting) {
			n.Attendees = append(slices.Clone(n.Attendees), cdop.Attendee{Name: "Late Arrival", AgencyType: "education"})
		}, cdop.RuleAttendanceLocked,
			[]string{"the CDOP panel meeting on 1 Jun 2026 has signed off CDOP-2025-0001, so who attended is locked: nobody can be added or removed"}},
		{"an attendee removed after a sign-off", func(n *cdop.Meeting) { n.Attendees = n.Attendees[1:] }, cdop.RuleAttendanceLocked, nil},
		{"an attendee's agency changed after a sign-off", func(n *cdop.Meeting) {
			n.Attendees = slices.Clone(n.Attendees)
			n.Attendees[0].AgencyType = "police"
		}, cdop.RuleAttendanceLocked, nil},
		{"the chair changed after a sign-off", func(n *cdop.Meeting) { n.Chair = "Someone Else" }, cdop.RuleAttendanceLocked,
			[]string{"so who chaired it is locked and cannot change"}},
	}
	for _, tt := range tests {
		n := *m
		tt.change(&n)
		wantRule(t, tt.name, cdop.CheckMeetingChange(m, &n), tt.rule, tt.says...)
	}
	undecided := &cdop.Meeting{Kind: cdop.MeetingPanel, On: dt("2026-06-01"), Agenda: []cdop.AgendaItem{{CaseID: "x", Outcome: cdop.OutcomeDeferred}}}
	moved := *undecided
	moved.On = dt("2026-06-08")
	wantRule(t, "the date of a meeting that signed nothing off", cdop.CheckMeetingChange(undecided, &moved), "")
	moved.Attendees, moved.Chair = []cdop.Attendee{{Name: "Late Arrival", AgencyType: "police"}}, "Dr New"
	wantRule(t, "the attendance and chair of a meeting that signed nothing off", cdop.CheckMeetingChange(undecided, &moved), "")
	empty := &cdop.Meeting{Kind: cdop.MeetingPanel}
	wantRule(t, "the kind of a meeting with no agenda", cdop.CheckMeetingChange(empty, &cdop.Meeting{Kind: cdop.MeetingCDRM}), "")
}

func TestPrepareMeeting(t *testing.T) {
	m := &cdop.Meeting{Kind: cdop.MeetingPanel, On: dt("2026-06-01"), StartsAt: " 10:00 ", Place: " Room 4 ",
		Attendees: []cdop.Attendee{{Name: "  Dr A   Chair ", Role: " Chair ", AgencyType: "public_health"}},
		Agenda:    []cdop.AgendaItem{{CaseID: "ignored"}}}
	n, err := cdop.PrepareMeeting(m)
	if err != nil {
		t.Fatal(err)
	}
	if n.StartsAt != "10:00" || n.Place != "Room 4" || n.Attendees[0].Name != "Dr A Chair" || n.Attendees[0].Role != "Chair" || n.Agenda != nil {
		t.Errorf("PrepareMeeting = %+v", n)
	}
	if m.Attendees[0].Name != "  Dr A   Chair " {
		t.Error("PrepareMeeting changed the meeting it was given")
	}
	if _, err := cdop.PrepareMeeting(&cdop.Meeting{Kind: "visit"}); validationErrors(t, err).For("kind") == "" {
		t.Errorf("an unknown kind: %v", err)
	}
}

func TestMeetingKinds(t *testing.T) {
	for _, tt := range []struct {
		kind            cdop.MeetingKind
		takes, leadsTo  cdop.Stage
		label, sentence string
	}{
		{cdop.MeetingCDRM, cdop.StageCDRM, cdop.StageCDOPReview, "Child death review meeting", "child death review meeting"},
		{cdop.MeetingPanel, cdop.StageCDOPReview, cdop.StageClosed, "CDOP panel meeting", "CDOP panel meeting"},
	} {
		if tt.kind.Takes() != tt.takes || tt.kind.LeadsTo() != tt.leadsTo || tt.kind.Label() != tt.label || tt.kind.InSentence() != tt.sentence {
			t.Errorf("%s: takes %s, leads to %s, %q, %q", tt.kind, tt.kind.Takes(), tt.kind.LeadsTo(), tt.kind.Label(), tt.kind.InSentence())
		}
	}
	m := &cdop.Meeting{Kind: cdop.MeetingCDRM, On: dt("2026-03-04")}
	if got := m.Name(); got != "child death review meeting on 4 Mar 2026" {
		t.Errorf("Name = %q", got)
	}
}

// A refusal that says what is missing carries each need, so a screen can
// word them its own way without reading the message.
func TestRefusalsListTheirNeeds(t *testing.T) {
	f := completeFile(t, cdop.StageCDOPReview)
	f.Case.CDOPReviewOn, f.Case.Analysis.SignedOffOn = cdop.Date{}, cdop.Date{}
	f.Case.Analysis.Category = 0
	err := cdop.CheckStageMove(f, cdop.StageClosed, "")
	var refusal *cdop.StageRefusal
	if !errors.As(err, &refusal) || cdop.ErrorRule(err) != cdop.RuleStageNeeds || cdop.ErrorCode(err) != cdop.EINVALID {
		t.Fatalf("CheckStageMove = %v", err)
	}
	var rules []cdop.Rule
	for _, r := range refusal.Missing {
		rules = append(rules, r.Rule)
	}
	if want := []cdop.Rule{"", cdop.RuleCategoryRequired, ""}; !slices.Equal(rules, want) {
		t.Errorf("needs' rules = %q; want %q", rules, want)
	}
	if want := "before Closed the case needs:\n- the date of the CDOP review\n- the analysis: category is required\n- the analysis signed off by the panel"; cdop.ErrorMessage(err) != want {
		t.Errorf("message = %q; want %q", cdop.ErrorMessage(err), want)
	}

	var e *cdop.Error
	m, item, c := onAgenda(t, cdop.MeetingPanel, "2026-06-01", cdop.StageCDOPReview)
	c.Analysis.Domains[2].Score = nil
	c.Analysis.Domains[1].Score = cdop.ScoreOf(2)
	_, err = cdop.SignOff(m, item, c, cdop.QuorumTypes, today)
	if !errors.As(err, &e) || len(e.Needs) != 2 || e.Needs[0].Rule != cdop.RuleScoreRequired || e.Needs[0].Field != "domain_c_score" ||
		e.Needs[1].Rule != cdop.RuleContributoryNeedsFactor {
		t.Errorf("SignOff's refusal = %v, needs %+v", err, e.Needs)
	}
	before := completeFile(t, cdop.StageCDRM).Case
	after := before.Clone()
	after.NotifiedOn = cdop.Date{}
	if err := cdop.CheckEdit(before, after); !errors.As(err, &e) || len(e.Needs) != 1 || e.Needs[0].Field != "notified_on" ||
		!strings.HasSuffix(e.Reword(func(r cdop.Requirement) string { return r.Field }), "- notified_on\nKeep them, or move the case back with a reason first") {
		t.Errorf("CheckEdit's refusal = %v", err)
	}
	plain := cdop.Refusef(cdop.RuleClosedReadOnly, "closed")
	if got := plain.Reword(func(cdop.Requirement) string { return "x" }); got != "closed" {
		t.Errorf("Reword of a refusal without needs = %q", got)
	}
}
