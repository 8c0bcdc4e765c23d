package cdop_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"casemanager/cdop"
)

func describeEvents(es []cdop.Event) string {
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = fmt.Sprintf("  %s %-12s %s", e.On, e.Kind, e.Text)
	}
	return strings.Join(lines, "\n")
}

func checkEvents(t *testing.T, got []cdop.Event, want []cdop.Event) {
	t.Helper()
	if !slices.Equal(got, want) {
		t.Errorf("Timeline\n got\n%s\n want\n%s", describeEvents(got), describeEvents(want))
	}
}

func ev(on, kind, text string) cdop.Event { return cdop.Event{On: dt(on), Kind: kind, Text: text} }

func at(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

// timelineFile is a case file with something recorded at every step, each
// list out of date order.
func timelineFile(t testing.TB) *cdop.CaseFile {
	c := closedCase(t)
	c.ID = "case-1"
	c.PlaceOfDeath = "home"
	c.Expected = "unexpected"
	c.JAR, c.JARTriggers, c.JARReason = "yes", []string{"sudden_unexplained", "suspicious"}, "sudden_unexplained"
	c.AbuseNeglectSuspected, c.CSPRPNotifiedOn, c.RapidReviewCompletedOn = "yes", dt("2025-11-05"), dt("2025-11-20")
	c.CoronerReferred = "yes"
	c.Analysis.SignedOffOn = dt("2026-04-20")
	c.FamilyToldCDRMOn, c.FamilyToldCDOPReviewOn, c.FamilyToldOutcomeOn = dt("2026-01-05"), dt("2026-03-20"), dt("2026-05-01")
	police := cdop.AgencyRequest{ID: 1, CaseID: c.ID, AgencyID: 10, AgencyName: "Northshire Police", Form: "reporting_form",
		RequestedOn: dt("2025-11-05"), ChasedOn: dates("2025-12-04"), ReceivedOn: dt("2025-12-10")}
	school := cdop.AgencyRequest{ID: 2, CaseID: c.ID, AgencyID: 11, AgencyName: "Brookfield Primary School", Form: "reporting_form",
		RequestedOn: dt("2025-11-05"), DeclinedOn: dt("2025-11-10"), DeclineReason: "child not on roll"}
	return &cdop.CaseFile{
		Case:     c,
		Requests: []cdop.AgencyRequest{police, school},
		Contacts: []cdop.Contact{{CaseID: c.ID, On: dt("2025-11-04"), Method: "phone", By: "Sam Okafor-Lind"}},
		Pauses: []cdop.ClockPause{{CaseID: c.ID, Deadline: "cdop_review", From: dt("2026-03-01"), To: dt("2026-03-15"),
			Reason: "awaiting inquest"}},
		Moves: []cdop.StageMove{
			{CaseID: c.ID, From: cdop.StageNotified, To: cdop.StageImmediateDecisions, At: at("2025-11-03T10:00:00Z"), Actor: "coordinator"},
			{CaseID: c.ID, From: cdop.StageImmediateDecisions, To: cdop.StageInformationGathering, At: at("2025-11-10T09:00:00Z"), Actor: "coordinator"},
			{CaseID: c.ID, From: cdop.StageInformationGathering, To: cdop.StageCDRM, At: at("2026-01-06T16:45:00Z"), Actor: "coordinator"},
			{CaseID: c.ID, From: cdop.StageCDRM, To: cdop.StageCDOPReview, At: at("2026-02-03T08:00:00Z"), Actor: "coordinator"},
			{CaseID: c.ID, From: cdop.StageCDOPReview, To: cdop.StageClosed, At: at("2026-04-21T12:00:00Z"), Actor: "chair"},
			// 23:30 UTC on 1 June is 00:30 on 2 June in England (BST).
			{CaseID: c.ID, From: cdop.StageClosed, To: cdop.StageCDOPReview, At: at("2026-06-01T23:30:00Z"), Actor: "chair",
				Reason: "inquest verdict changes the category"},
		},
	}
}

func TestTimelineWholeFile(t *testing.T) {
	checkEvents(t, cdop.Timeline(timelineFile(t)), []cdop.Event{
		ev("2025-11-02", "death", "Death (Home)"),
		ev("2025-11-03", "notification", "Panel notified; death unexpected"),
		ev("2025-11-03", "decision", "Joint Agency Response started: sudden with no immediately apparent cause (SUDI/SUDC); "+
			"circumstances raise suspicion it may not be natural"),
		ev("2025-11-03", "stage", "Moved to Immediate decisions by coordinator"),
		ev("2025-11-04", "contact", "Contact with the family (telephone)"),
		ev("2025-11-05", "decision", "Child Safeguarding Practice Review Panel notified"),
		ev("2025-11-05", "request", "Reporting form requested from Northshire Police"),
		ev("2025-11-05", "request", "Reporting form requested from Brookfield Primary School"),
		ev("2025-11-10", "stage", "Moved to Information gathering by coordinator"),
		ev("2025-11-10", "request", "Reporting form declined by Brookfield Primary School: child not on roll"),
		ev("2025-11-20", "decision", "Rapid review completed"),
		ev("2025-12-04", "request", "Reporting form chased with Northshire Police"),
		ev("2025-12-10", "request", "Reporting form received from Northshire Police"),
		ev("2026-01-05", "family", "Family told of the child death review meeting"),
		ev("2026-01-06", "stage", "Moved to Child death review meeting by coordinator"),
		ev("2026-02-02", "meeting", "Child death review meeting"),
		ev("2026-02-03", "stage", "Moved to CDOP review by coordinator"),
		ev("2026-03-01", "pause", "CDOP review clock paused: awaiting inquest"),
		ev("2026-03-15", "pause", "CDOP review clock restarted"),
		ev("2026-03-20", "family", "Family told of the CDOP review"),
		ev("2026-04-20", "meeting", "CDOP review"),
		ev("2026-04-20", "meeting", "Analysis signed off by the panel"),
		ev("2026-04-21", "stage", "Moved to Closed by chair"),
		ev("2026-05-01", "family", "Family told of the outcome"),
		ev("2026-06-02", "stage", "Moved to CDOP review by chair: inquest verdict changes the category"),
	})
}

func TestTimelineIsInDateOrder(t *testing.T) {
	got := cdop.Timeline(timelineFile(t))
	for i := 1; i < len(got); i++ {
		if got[i].On.Before(got[i-1].On) {
			t.Errorf("event %d (%s) before event %d (%s)", i, got[i].On, i-1, got[i-1].On)
		}
	}
	kinds := map[string]bool{}
	for _, e := range got {
		kinds[e.Kind] = true
		if e.On.IsZero() || e.Text == "" {
			t.Errorf("event without a date or text: %+v", e)
		}
	}
	for _, k := range []string{"death", "notification", "decision", "stage", "request", "contact", "pause", "meeting", "family"} {
		if !kinds[k] {
			t.Errorf("no %s event", k)
		}
	}
}

func TestTimelineParts(t *testing.T) {
	tests := []struct {
		name   string
		change func(f *cdop.CaseFile)
		want   []cdop.Event
	}{
		{"nothing recorded but the death", func(f *cdop.CaseFile) {},
			[]cdop.Event{ev("2025-11-02", "death", "Death (Not known)")}},
		{"place of death", func(f *cdop.CaseFile) { f.Case.PlaceOfDeath = "public_place" },
			[]cdop.Event{ev("2025-11-02", "death", "Death (Public place)")}},
		{"no date of death", func(f *cdop.CaseFile) { f.Case.DateOfDeath = cdop.Date{} }, nil},
		{"notified, expectedness not recorded", func(f *cdop.CaseFile) { f.Case.NotifiedOn = dt("2025-11-03") },
			[]cdop.Event{ev("2025-11-02", "death", "Death (Not known)"), ev("2025-11-03", "notification", "Panel notified; death not known")}},
		{"notified of an expected death", func(f *cdop.CaseFile) {
			f.Case.NotifiedOn, f.Case.Expected = dt("2025-11-03"), "expected"
		}, []cdop.Event{ev("2025-11-02", "death", "Death (Not known)"), ev("2025-11-03", "notification", "Panel notified; death expected")}},
		{"expectedness without a notification date", func(f *cdop.CaseFile) { f.Case.Expected = "unexpected" },
			[]cdop.Event{ev("2025-11-02", "death", "Death (Not known)")}},
		{"JAR with the interchange reason only", func(f *cdop.CaseFile) {
			f.Case.NotifiedOn, f.Case.Expected, f.Case.JAR, f.Case.JARReason = dt("2025-11-03"), "unexpected", "yes", "custody_or_detention"
		}, []cdop.Event{
			ev("2025-11-02", "death", "Death (Not known)"),
			ev("2025-11-03", "notification", "Panel notified; death unexpected"),
			ev("2025-11-03", "decision", "Joint Agency Response started: in custody or detained under the Mental Health Act"),
		}},
		{"JAR triggers win over the reason", func(f *cdop.CaseFile) {
			f.Case.NotifiedOn, f.Case.JAR = dt("2025-11-03"), "yes"
			f.Case.JARTriggers, f.Case.JARReason = []string{"external_cause"}, "suspicious"
		}, []cdop.Event{
			ev("2025-11-02", "death", "Death (Not known)"),
			ev("2025-11-03", "notification", "Panel notified; death not known"),
			ev("2025-11-03", "decision", "Joint Agency Response started: is or could be due to external causes"),
		}},
		{"JAR without triggers yet", func(f *cdop.CaseFile) { f.Case.NotifiedOn, f.Case.JAR = dt("2025-11-03"), "yes" },
			[]cdop.Event{
				ev("2025-11-02", "death", "Death (Not known)"),
				ev("2025-11-03", "notification", "Panel notified; death not known"),
				ev("2025-11-03", "decision", "Joint Agency Response started"),
			}},
		{"no JAR", func(f *cdop.CaseFile) {
			f.Case.NotifiedOn, f.Case.JAR, f.Case.JARTriggers = dt("2025-11-03"), "no", []string{"external_cause"}
		}, []cdop.Event{ev("2025-11-02", "death", "Death (Not known)"), ev("2025-11-03", "notification", "Panel notified; death not known")}},
		{"JAR without a notification date", func(f *cdop.CaseFile) {
			f.Case.JAR, f.Case.JARTriggers = "yes", []string{"external_cause"}
		}, []cdop.Event{ev("2025-11-02", "death", "Death (Not known)")}},
		{"a booked meeting is on the timeline", func(f *cdop.CaseFile) { f.Case.CDRMOn = dt("2026-09-01") },
			[]cdop.Event{ev("2025-11-02", "death", "Death (Not known)"), ev("2026-09-01", "meeting", "Child death review meeting")}},
		{"an open pause", func(f *cdop.CaseFile) {
			f.Pauses = []cdop.ClockPause{{Deadline: "cdrm", From: dt("2026-01-10"), Reason: "awaiting post-mortem report"}}
		}, []cdop.Event{
			ev("2025-11-02", "death", "Death (Not known)"),
			ev("2026-01-10", "pause", "Child death review meeting held clock paused: awaiting post-mortem report"),
		}},
		{"an outstanding request", func(f *cdop.CaseFile) {
			f.Requests = []cdop.AgencyRequest{{AgencyName: "St Anne's Hospital", Form: "neonatal", RequestedOn: dt("2025-11-06")}}
		}, []cdop.Event{
			ev("2025-11-02", "death", "Death (Not known)"),
			ev("2025-11-06", "request", "Supplementary: neonatal or perinatal requested from St Anne's Hospital"),
		}},
		{"contacts by every method", func(f *cdop.CaseFile) {
			f.Contacts = []cdop.Contact{
				{On: dt("2025-11-09"), Method: "text"}, {On: dt("2025-11-04"), Method: "visit"}, {On: dt("2025-11-04"), Method: "email"},
			}
		}, []cdop.Event{
			ev("2025-11-02", "death", "Death (Not known)"),
			ev("2025-11-04", "contact", "Contact with the family (home visit)"),
			ev("2025-11-04", "contact", "Contact with the family (email)"),
			ev("2025-11-09", "contact", "Contact with the family (text message)"),
		}},
		{"moves dated in England", func(f *cdop.CaseFile) {
			eastern := time.FixedZone("UTC-5", -5*60*60)
			f.Moves = []cdop.StageMove{
				{To: cdop.StageImmediateDecisions, At: at("2025-11-03T23:30:00Z"), Actor: "a"},          // GMT: still the 3rd
				{To: cdop.StageInformationGathering, At: at("2026-06-01T22:59:00Z"), Actor: "b"},        // BST: 23:59 on the 1st
				{To: cdop.StageCDRM, At: at("2026-06-01T23:00:00Z"), Actor: "c"},                        // BST: midnight, the 2nd
				{To: cdop.StageCDOPReview, At: time.Date(2026, 6, 2, 20, 0, 0, 0, eastern), Actor: "d"}, // 02:00 BST on the 3rd
				{To: cdop.StageClosed, Actor: "e"},                                                      // no time: left out
			}
		}, []cdop.Event{
			ev("2025-11-02", "death", "Death (Not known)"),
			ev("2025-11-03", "stage", "Moved to Immediate decisions by a"),
			ev("2026-06-01", "stage", "Moved to Information gathering by b"),
			ev("2026-06-02", "stage", "Moved to Child death review meeting by c"),
			ev("2026-06-03", "stage", "Moved to CDOP review by d"),
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := baseCase(t)
			f := &cdop.CaseFile{Case: c}
			tt.change(f)
			checkEvents(t, cdop.Timeline(f), tt.want)
		})
	}
}

// Timeline reads the file and changes nothing in it.
func TestTimelineLeavesTheFileAlone(t *testing.T) {
	f := timelineFile(t)
	before := fmt.Sprintf("%+v %+v %+v %+v %+v", *f.Case, f.Requests, f.Contacts, f.Pauses, f.Moves)
	cdop.Timeline(f)
	if after := fmt.Sprintf("%+v %+v %+v %+v %+v", *f.Case, f.Requests, f.Contacts, f.Pauses, f.Moves); after != before {
		t.Error("Timeline changed the case file")
	}
}
