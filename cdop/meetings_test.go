package cdop_test

import (
	"slices"
	"strings"
	"testing"

	"casemanager/cdop"
)

// panelMeeting is a panel meeting that breaks no rule: quorate, with one
// case signed off and one deferred.
func panelMeeting() *cdop.Meeting {
	return &cdop.Meeting{
		ID:       7,
		Kind:     "panel",
		On:       dt("2026-03-04"),
		StartsAt: "09:30",
		Place:    "Committee room 2",
		Chair:    "Dr Priya Ramanathan",
		Attendees: []cdop.Attendee{
			{Name: "Dr Priya Ramanathan", Role: "Chair", AgencyType: "public_health", Agency: "Northshire County Council"},
			{Name: "Dr Tomás Ó Faoláin", Role: "Designated doctor", AgencyType: "health", Agency: "Northshire ICB"},
			{Name: "DS Mari Jónsdóttir", AgencyType: "police"},
			{Name: "Kwame Mensah-Brooks", AgencyType: "childrens_social_care"},
		},
		Agenda: []cdop.AgendaItem{
			{CaseID: "case-1", CaseRef: "CDOP-2025-0042", Position: 1, Outcome: "signed_off"},
			{CaseID: "case-2", CaseRef: "CDOP-2025-0043", Position: 2, Outcome: "deferred", Reason: "inquest pending", Awaiting: "inquest"},
			{CaseID: "case-3", CaseRef: "CDOP-2025-0044", Position: 3, Outcome: "pending"},
		},
	}
}

func TestMeetingKindsAndOutcomes(t *testing.T) {
	if got, want := cdop.MeetingKinds.Codes(), []string{"cdrm", "panel"}; !slices.Equal(got, want) {
		t.Errorf("MeetingKinds = %v; want %v", got, want)
	}
	if got, want := cdop.AgendaOutcomes.Codes(), []string{"pending", "signed_off", "deferred"}; !slices.Equal(got, want) {
		t.Errorf("AgendaOutcomes = %v; want %v", got, want)
	}
	if got, want := cdop.RecommendationStatuses.Codes(), []string{"open", "in_progress", "done", "not_accepted"}; !slices.Equal(got, want) {
		t.Errorf("RecommendationStatuses = %v; want %v", got, want)
	}
}

func TestMeetingValidate(t *testing.T) {
	tests := []struct {
		name   string
		change func(m *cdop.Meeting)
		wants  []want
	}{
		{name: "complete", change: func(m *cdop.Meeting) {}},
		{name: "the least a meeting needs", change: func(m *cdop.Meeting) {
			*m = cdop.Meeting{Kind: "cdrm", On: dt("2026-01-12")}
		}},
		{name: "midnight and the last minute of the day", change: func(m *cdop.Meeting) { m.StartsAt = "00:00" }},
		{name: "the last minute of the day", change: func(m *cdop.Meeting) { m.StartsAt = "23:59" }},
		{name: "an agenda item not yet given an outcome", change: func(m *cdop.Meeting) { m.Agenda[2].Outcome = "" }},
		{name: "a signed-off case needs no reason", change: func(m *cdop.Meeting) { m.Agenda[0].Reason = "" }},

		{name: "no kind", change: func(m *cdop.Meeting) { m.Kind = "" },
			wants: []want{{"kind", []string{"is required", "cdrm, panel"}}}},
		{name: "an unknown kind", change: func(m *cdop.Meeting) { m.Kind = "webinar" },
			wants: []want{{"kind", []string{`"webinar" is not allowed`, "cdrm, panel"}}}},
		{name: "kind in capitals", change: func(m *cdop.Meeting) { m.Kind = "Panel" },
			wants: []want{{"kind", []string{`"Panel" is not allowed`}}}},
		{name: "no date", change: func(m *cdop.Meeting) { m.On = cdop.Date{} },
			wants: []want{{"on", []string{"is required"}}}},
		{name: "a time past midnight", change: func(m *cdop.Meeting) { m.StartsAt = "24:00" },
			wants: []want{{"starts_at", []string{`"24:00" is not a time in the form HH:MM`}}}},
		{name: "a time without its leading zero", change: func(m *cdop.Meeting) { m.StartsAt = "9:30" },
			wants: []want{{"starts_at", []string{`"9:30" is not a time`}}}},
		{name: "a time in words", change: func(m *cdop.Meeting) { m.StartsAt = "half nine" },
			wants: []want{{"starts_at", []string{`"half nine"`, "24 hour"}}}},
		{name: "an attendee with no name", change: func(m *cdop.Meeting) { m.Attendees[2].Name = "  " },
			wants: []want{{"attendees", []string{"attendee 3 has no name"}}}},
		{name: "an attendee with no kind of agency", change: func(m *cdop.Meeting) { m.Attendees[1].AgencyType = "" },
			wants: []want{{"attendees", []string{"say which kind of agency Dr Tomás Ó Faoláin speaks for"}}}},
		{name: "an attendee with neither name nor agency", change: func(m *cdop.Meeting) {
			m.Attendees = append(m.Attendees, cdop.Attendee{})
		}, wants: []want{{"attendees", []string{"attendee 5 has no name", "say which kind of agency attendee 5 speaks for"}}}},
		{name: "an attendee from an unknown kind of agency", change: func(m *cdop.Meeting) { m.Attendees[3].AgencyType = "social_care" },
			wants: []want{{"attendees", []string{`"social_care" is not allowed`, "childrens_social_care"}}}},
		{name: "an unknown outcome", change: func(m *cdop.Meeting) { m.Agenda[2].Outcome = "adjourned" },
			wants: []want{{"agenda", []string{`"adjourned" is not allowed`, "pending, signed_off, deferred"}}}},
		{name: "deferred without a reason", change: func(m *cdop.Meeting) { m.Agenda[1].Reason = " " },
			wants: []want{{"agenda", []string{"say why CDOP-2025-0043 was deferred"}}}},
		{name: "deferred without a reason, reference not yet read", change: func(m *cdop.Meeting) {
			m.Agenda[1].Reason, m.Agenda[1].CaseRef = "", ""
		}, wants: []want{{"agenda", []string{"say why agenda item 2 was deferred"}}}},
		{name: "everything wrong", change: func(m *cdop.Meeting) {
			*m = cdop.Meeting{StartsAt: "7pm", Attendees: []cdop.Attendee{{AgencyType: "nobody"}},
				Agenda: []cdop.AgendaItem{{CaseRef: "CDOP-1", Outcome: "deferred"}}}
		}, wants: []want{
			{"kind", []string{"is required"}},
			{"on", []string{"is required"}},
			{"starts_at", []string{`"7pm"`}},
			{"attendees", []string{"attendee 1 has no name", `"nobody" is not allowed`}},
			{"agenda", []string{"say why CDOP-1 was deferred"}},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := panelMeeting()
			tt.change(m)
			checkErrors(t, m.Validate(), tt.wants...)
		})
	}
}

func TestMeetingTitle(t *testing.T) {
	tests := []struct {
		kind string
		on   cdop.Date
		want string
	}{
		{"panel", dt("2026-03-04"), "CDOP panel meeting, 4 Mar 2026"},
		{"cdrm", dt("2026-01-12"), "Child death review meeting, 12 Jan 2026"},
		{"panel", dt("2025-12-31"), "CDOP panel meeting, 31 Dec 2025"},
		{"cdrm", cdop.Date{}, "Child death review meeting"},
		{"panel", cdop.Date{}, "CDOP panel meeting"},
		{"other", dt("2026-02-01"), "other, 1 Feb 2026"}, // an unknown kind shows as stored
	}
	for _, tt := range tests {
		m := cdop.Meeting{Kind: cdop.MeetingKind(tt.kind), On: tt.on}
		if got := m.Title(); got != tt.want {
			t.Errorf("Title(%s, %s) = %q; want %q", tt.kind, tt.on, got, tt.want)
		}
	}
}

func TestMeetingStageFor(t *testing.T) {
	for kind, want := range map[cdop.MeetingKind]cdop.Stage{"cdrm": cdop.StageCDRM, "panel": cdop.StageCDOPReview} {
		m := cdop.Meeting{Kind: kind}
		if got := m.StageFor(); got != want {
			t.Errorf("StageFor(%s) = %s; want %s", kind, got, want)
		}
	}
}

func TestMeetingCanAddToAgenda(t *testing.T) {
	caseAt := func(t *testing.T, id string, stage cdop.Stage) *cdop.Case {
		c := baseCase(t)
		c.ID, c.Stage = id, stage
		return c
	}
	tests := []struct {
		name    string
		kind    string
		agenda  []cdop.AgendaItem
		stage   cdop.Stage
		code    string
		message string
	}{
		{name: "cdrm takes a case at the child death review meeting", kind: "cdrm", stage: cdop.StageCDRM},
		{name: "panel takes a case at CDOP review", kind: "panel", stage: cdop.StageCDOPReview},
		{name: "panel takes it beside other cases", kind: "panel", stage: cdop.StageCDOPReview,
			agenda: []cdop.AgendaItem{{CaseID: "case-2", Outcome: "pending"}, {CaseID: "case-3", Outcome: "deferred"}}},

		{name: "cdrm refuses a case gathering information", kind: "cdrm", stage: cdop.StageInformationGathering, code: cdop.EINVALID,
			message: "CDOP-2025-0042 is at Information gathering; a child death review meeting takes cases at Child death review meeting"},
		{name: "cdrm refuses a case at CDOP review", kind: "cdrm", stage: cdop.StageCDOPReview, code: cdop.EINVALID,
			message: "CDOP-2025-0042 is at CDOP review; a child death review meeting takes cases at Child death review meeting"},
		{name: "panel refuses a case at the child death review meeting", kind: "panel", stage: cdop.StageCDRM, code: cdop.EINVALID,
			message: "CDOP-2025-0042 is at Child death review meeting; a CDOP panel meeting takes cases at CDOP review"},
		{name: "panel refuses a closed case", kind: "panel", stage: cdop.StageClosed, code: cdop.EINVALID,
			message: "CDOP-2025-0042 is at Closed; a CDOP panel meeting takes cases at CDOP review"},
		{name: "panel refuses a newly notified case", kind: "panel", stage: cdop.StageNotified, code: cdop.EINVALID,
			message: "CDOP-2025-0042 is at Notified; a CDOP panel meeting takes cases at CDOP review"},
		{name: "cdrm refuses a case already on its agenda", kind: "cdrm", stage: cdop.StageCDRM, code: cdop.ECONFLICT,
			agenda:  []cdop.AgendaItem{{CaseID: "case-2"}, {CaseID: "case-1", Outcome: "deferred", Reason: "awaiting post-mortem"}},
			message: "CDOP-2025-0042 is already on the agenda"},
		{name: "panel refuses a case already on its agenda", kind: "panel", stage: cdop.StageCDOPReview, code: cdop.ECONFLICT,
			agenda:  []cdop.AgendaItem{{CaseID: "case-1", Outcome: "pending"}},
			message: "CDOP-2025-0042 is already on the agenda"},
		{name: "the stage is checked before the agenda", kind: "panel", stage: cdop.StageCDRM, code: cdop.EINVALID,
			agenda:  []cdop.AgendaItem{{CaseID: "case-1"}},
			message: "CDOP-2025-0042 is at Child death review meeting; a CDOP panel meeting takes cases at CDOP review"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := &cdop.Meeting{Kind: cdop.MeetingKind(tt.kind), On: dt("2026-03-04"), Agenda: tt.agenda}
			err := m.CanAddToAgenda(caseAt(t, "case-1", tt.stage))
			if got := cdop.ErrorCode(err); got != tt.code {
				t.Fatalf("error code %q (%v); want %q", got, err, tt.code)
			}
			if err != nil && err.Error() != tt.message {
				t.Errorf("message\n %q\nwant\n %q", err.Error(), tt.message)
			}
			if err != nil && strings.Contains(err.Error(), "case-1") {
				t.Errorf("the message shows the internal ID: %q", err)
			}
		})
	}
}

func describeWarnings(ws []string) string { return "[" + strings.Join(ws, " / ") + "]" }

func TestQuorumTypesDefault(t *testing.T) {
	want := [][]string{{"health"}, {"police"}, {"childrens_social_care"}, {"education", "public_health"}}
	if !slices.EqualFunc(cdop.QuorumTypes, want, slices.Equal) {
		t.Errorf("QuorumTypes = %v; want %v", cdop.QuorumTypes, want)
	}
	for _, group := range cdop.QuorumTypes {
		for _, typ := range group {
			if !cdop.AgencyTypes.Has(typ) {
				t.Errorf("%q is not an agency type", typ)
			}
		}
	}
}

func TestQuorumWarningsDefaultGroups(t *testing.T) {
	const (
		health    = "nobody present from Health (trust, GP, community)"
		police    = "nobody present from Police"
		social    = "nobody present from Children's social care"
		educOrPub = "nobody present from Education or Public health"
	)
	tests := []struct {
		name  string
		types []string
		want  []string
	}{
		{"quorate with public health", []string{"health", "police", "childrens_social_care", "public_health"}, nil},
		{"quorate with education", []string{"childrens_social_care", "education", "police", "health"}, nil},
		{"quorate with both", []string{"health", "police", "childrens_social_care", "education", "public_health"}, nil},
		{"quorate with others too", []string{"health", "health", "police", "childrens_social_care", "education", "voluntary", "coroner"}, nil},
		{"nobody at all", nil, []string{health, police, social, educOrPub}},
		{"neither education nor public health", []string{"health", "police", "childrens_social_care", "ambulance"}, []string{educOrPub}},
		{"no police", []string{"health", "childrens_social_care", "education"}, []string{police}},
		{"only health, twice", []string{"health", "health"}, []string{police, social, educOrPub}},
		{"other agencies do not count", []string{"other", "voluntary", "coroner", "ambulance"}, []string{health, police, social, educOrPub}},
		{"an attendee with no agency type counts for nothing", []string{"", "police"}, []string{health, social, educOrPub}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := &cdop.Meeting{Kind: "panel"}
			for i, typ := range tt.types {
				m.Attendees = append(m.Attendees, cdop.Attendee{Name: "Member " + string(rune('A'+i)), AgencyType: typ})
			}
			if got := cdop.QuorumWarnings(m, cdop.QuorumTypes); !slices.Equal(got, tt.want) {
				t.Errorf("QuorumWarnings = %s; want %s", describeWarnings(got), describeWarnings(tt.want))
			}
		})
	}
	if got := cdop.QuorumWarnings(panelMeeting(), cdop.QuorumTypes); len(got) != 0 {
		t.Errorf("the fixture meeting is not quorate: %s", describeWarnings(got))
	}
}

// A panel sets its own quorum; the warnings follow that list.
func TestQuorumWarningsCustomList(t *testing.T) {
	custom := [][]string{{"police", "coroner"}, {"voluntary"}, {"health", "ambulance", "other"}}
	tests := []struct {
		name     string
		types    []string
		required [][]string
		want     []string
	}{
		{"custom quorum met", []string{"coroner", "voluntary", "ambulance"}, custom, nil},
		{"custom quorum met another way", []string{"police", "voluntary", "other"}, custom, nil},
		{"custom quorum short", []string{"health"}, custom, []string{
			"nobody present from Police or Coroner", "nobody present from Voluntary sector"}},
		{"custom quorum, nobody", nil, custom, []string{
			"nobody present from Police or Coroner", "nobody present from Voluntary sector",
			"nobody present from Health (trust, GP, community) or Ambulance service or Other"}},
		{"the default's fourth group is not required", []string{"health", "police", "childrens_social_care"},
			[][]string{{"health"}, {"police"}, {"childrens_social_care"}}, nil},
		{"no quorum set", nil, nil, nil},
		{"an unknown type shows as stored", []string{"health"}, [][]string{{"lay_member"}}, []string{"nobody present from lay_member"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := &cdop.Meeting{Kind: "panel"}
			for _, typ := range tt.types {
				m.Attendees = append(m.Attendees, cdop.Attendee{Name: "x", AgencyType: typ})
			}
			if got := cdop.QuorumWarnings(m, tt.required); !slices.Equal(got, tt.want) {
				t.Errorf("QuorumWarnings = %s; want %s", describeWarnings(got), describeWarnings(tt.want))
			}
		})
	}
}

// recommendation is a recommendation from one case that breaks no rule.
func recommendation() *cdop.Recommendation {
	return &cdop.Recommendation{
		ID:        3,
		CaseIDs:   []string{"case-1"},
		CaseRefs:  []string{"CDOP-2025-0042"},
		AgencyID:  12,
		Agency:    "Northshire Healthcare NHS Trust",
		Action:    "Give safer sleep advice at every health visitor contact",
		DueOn:     dt("2026-09-30"),
		Status:    "open",
		CreatedOn: dt("2026-04-20"),
	}
}

func TestRecommendationValidate(t *testing.T) {
	tests := []struct {
		name   string
		change func(r *cdop.Recommendation)
		wants  []want
	}{
		{name: "from a case", change: func(r *cdop.Recommendation) {}},
		{name: "from a theme", change: func(r *cdop.Recommendation) { r.CaseIDs, r.Theme = nil, "Safer sleep in winter" }},
		{name: "from several cases and a theme", change: func(r *cdop.Recommendation) {
			r.CaseIDs, r.Theme = []string{"case-1", "case-2"}, "Safer sleep"
		}},
		{name: "every status", change: func(r *cdop.Recommendation) { r.Status = "not_accepted" }},
		{name: "done", change: func(r *cdop.Recommendation) { r.Status = "done" }},
		{name: "in progress", change: func(r *cdop.Recommendation) { r.Status = "in_progress" }},
		{name: "due in the past is still valid", change: func(r *cdop.Recommendation) { r.DueOn = dt("2020-01-01") }},

		{name: "neither case nor theme", change: func(r *cdop.Recommendation) { r.CaseIDs, r.Theme = nil, "  " },
			wants: []want{{"theme", []string{"name the case(s) or the theme"}}}},
		{name: "an empty list of cases", change: func(r *cdop.Recommendation) { r.CaseIDs = []string{} },
			wants: []want{{"theme", []string{"name the case(s) or the theme"}}}},
		{name: "no agency", change: func(r *cdop.Recommendation) { r.AgencyID = 0 },
			wants: []want{{"agency", []string{"say which agency"}}}},
		{name: "no action", change: func(r *cdop.Recommendation) { r.Action = "\n\t" },
			wants: []want{{"action", []string{"say what the agency is asked to do"}}}},
		{name: "no due date", change: func(r *cdop.Recommendation) { r.DueOn = cdop.Date{} },
			wants: []want{{"due_on", []string{"is required"}}}},
		{name: "no status", change: func(r *cdop.Recommendation) { r.Status = "" },
			wants: []want{{"status", []string{"is required", "open, in_progress, done, not_accepted"}}}},
		{name: "an unknown status", change: func(r *cdop.Recommendation) { r.Status = "closed" },
			wants: []want{{"status", []string{`"closed" is not allowed`, "open, in_progress, done, not_accepted"}}}},
		{name: "nothing at all", change: func(r *cdop.Recommendation) { *r = cdop.Recommendation{} },
			wants: []want{
				{"theme", []string{"name the case(s)"}},
				{"agency", []string{"say which agency"}},
				{"action", []string{"say what"}},
				{"due_on", []string{"is required"}},
				{"status", []string{"is required"}},
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := recommendation()
			tt.change(r)
			checkErrors(t, r.Validate(), tt.wants...)
		})
	}
}

// A recommendation is overdue only while open or in progress, and only from
// the day after it was due.
func TestRecommendationOverdue(t *testing.T) {
	due := dt("2026-06-15")
	tests := []struct {
		status string
		due    cdop.Date
		today  string
		want   bool
	}{
		{"open", due, "2026-06-14", false},
		{"open", due, "2026-06-15", false},
		{"open", due, "2026-06-16", true},
		{"open", due, "2027-01-01", true},
		{"in_progress", due, "2026-06-14", false},
		{"in_progress", due, "2026-06-15", false},
		{"in_progress", due, "2026-06-16", true},
		{"done", due, "2026-06-15", false},
		{"done", due, "2026-06-16", false},
		{"done", due, "2030-01-01", false},
		{"not_accepted", due, "2026-06-15", false},
		{"not_accepted", due, "2026-06-16", false},
		{"", due, "2026-06-16", false},
		{"unknown", due, "2026-06-16", false},
		// Across a year end and a leap day.
		{"open", dt("2025-12-31"), "2025-12-31", false},
		{"open", dt("2025-12-31"), "2026-01-01", true},
		{"open", dt("2028-02-28"), "2028-02-29", true},
		// No due date recorded: nothing to be past.
		{"open", cdop.Date{}, "2026-06-16", false},
		{"in_progress", cdop.Date{}, "2026-06-16", false},
	}
	for _, tt := range tests {
		r := recommendation()
		r.Status, r.DueOn = cdop.RecommendationStatus(tt.status), tt.due
		if got := r.Overdue(dt(tt.today)); got != tt.want {
			t.Errorf("%s due %q, on %s: Overdue = %v; want %v", tt.status, tt.due, tt.today, got, tt.want)
		}
	}
}
