package cdop_test

import (
	"slices"
	"testing"

	"casemanager/cdop"
)

func TestPrepareRequest(t *testing.T) {
	s := cdop.Settings{AgencyReportDays: 21}
	r := request(0, "2026-05-01")
	r.ChasedOn = []cdop.Date{dt("2026-06-01"), dt("2026-05-20")}
	r.Note = "  by email "
	n, err := cdop.PrepareRequest(&r, s, today)
	if err != nil {
		t.Fatal(err)
	}
	if n.DueOn != dt("2026-05-22") || !slices.Equal(n.ChasedOn, []cdop.Date{dt("2026-05-20"), dt("2026-06-01")}) || n.Note != "by email" {
		t.Errorf("PrepareRequest = due %s, chased %v, note %q; want due after the setting's 21 days, chases in order, note trimmed", n.DueOn, n.ChasedOn, n.Note)
	}
	if r.ChasedOn[0] != dt("2026-06-01") {
		t.Error("PrepareRequest reordered the request it was given")
	}
	r.DueOn = dt("2026-07-01")
	if n, _ := cdop.PrepareRequest(&r, s, today); n.DueOn != dt("2026-07-01") {
		t.Errorf("a request's own due date = %s; want it kept", n.DueOn)
	}
	r.RequestedOn = dt("2026-07-01") // after today
	if _, err := cdop.PrepareRequest(&r, s, today); validationErrors(t, err).For("requested_on") == "" {
		t.Errorf("a request made tomorrow: %v", err)
	}
}

func TestRequestDue(t *testing.T) {
	for _, tt := range []struct {
		due  string
		s    cdop.Settings
		want string
	}{
		{"", cdop.Settings{}, "2026-05-29"}, // the default, 28 days
		{"", cdop.Settings{AgencyReportDays: 14}, "2026-05-15"},
		{"2026-06-30", cdop.Settings{AgencyReportDays: 14}, "2026-06-30"},
	} {
		r := request(1, "2026-05-01")
		if tt.due != "" {
			r.DueOn = dt(tt.due)
		}
		if got := r.Due(tt.s); got != dt(tt.want) {
			t.Errorf("Due(due %q, %+v) = %s; want %s", tt.due, tt.s, got, tt.want)
		}
	}
}

func TestPrepareContact(t *testing.T) {
	c := cdop.Contact{CaseID: "case-1", On: dt("2026-06-01"), Method: "phone", Note: " spoke to mother ", By: "  "}
	n, err := cdop.PrepareContact(&c, "jane.coordinator", today)
	if err != nil {
		t.Fatal(err)
	}
	if n.By != "jane.coordinator" || n.Note != "spoke to mother" {
		t.Errorf("PrepareContact = by %q, note %q; want the actor, the note trimmed", n.By, n.Note)
	}
	c.By = "Key worker"
	if n, _ := cdop.PrepareContact(&c, "jane.coordinator", today); n.By != "Key worker" {
		t.Errorf("a contact naming who made it: by %q", n.By)
	}
	c.ID = 4
	_, err = cdop.PrepareContact(&c, "jane.coordinator", today)
	wantRule(t, "a contact recorded already", err, cdop.RuleRecordedID, "contact 4 is already recorded")
	c.ID, c.Method = 0, ""
	if _, err := cdop.PrepareContact(&c, "x", today); validationErrors(t, err).For("method") == "" {
		t.Errorf("a contact without a method: %v", err)
	}
}

func TestPauseOverlap(t *testing.T) {
	others := []cdop.ClockPause{
		pause("cdrm", "2026-03-01", "2026-03-10", "awaiting post-mortem"),
		pause("cdrm", "2026-05-01", "", "awaiting inquest"),
		pause("cdop_review", "2026-01-01", "", "awaiting trial"),
	}
	tests := []struct {
		name string
		p    cdop.ClockPause
		rule cdop.Rule
		says []string
	}{
		{"before the first", pause("cdrm", "2026-02-01", "2026-03-01", "x"), "", nil}, // ends the day the other starts
		{"between", pause("cdrm", "2026-03-10", "2026-04-30", "x"), "", nil},          // starts the day the other ended
		{"another clock", pause("key_worker_contact", "2026-03-05", "", "x"), "", nil},
		{"inside an ended pause", pause("cdrm", "2026-03-05", "2026-03-06", "x"), cdop.RulePauseOverlap,
			[]string{`"Child death review meeting held" of case CDOP-2025-0042 was already paused from 1 Mar 2026 to 10 Mar 2026 (awaiting post-mortem); pauses of a clock cannot overlap`}},
		{"running into a running pause", pause("cdrm", "2026-04-01", "", "x"), cdop.RulePauseOverlap,
			[]string{"is already paused since 1 May 2026 (awaiting inquest); restart it before pausing it again"}},
		{"a second running pause", pause("cdop_review", "2026-06-01", "", "x"), cdop.RulePauseOverlap, []string{"already paused since"}},
	}
	for _, tt := range tests {
		wantRule(t, tt.name, cdop.CheckPauseOverlap(&tt.p, others, "CDOP-2025-0042"), tt.rule, tt.says...)
	}
}

func TestPreparePause(t *testing.T) {
	p := pause("cdrm", "2026-06-01", "", "  awaiting inquest ")
	n, err := cdop.PreparePause(&p, today)
	if err != nil || n.Reason != "awaiting inquest" {
		t.Errorf("PreparePause = %+v, %v; want the reason trimmed", n, err)
	}
	p.ID = 7
	_, err = cdop.PreparePause(&p, today)
	wantRule(t, "a pause recorded already", err, cdop.RuleRecordedID, "clock pause 7 is already recorded")
	p.ID, p.Reason = 0, " "
	if _, err := cdop.PreparePause(&p, today); validationErrors(t, err).For("reason") == "" {
		t.Errorf("a pause without a reason: %v", err)
	}
}

func TestResumePause(t *testing.T) {
	running := pause("cdrm", "2026-05-01", "", "awaiting inquest")
	n, err := cdop.ResumePause(running, dt("2026-06-10"), "CDOP-2025-0042", today)
	if err != nil || n.To != dt("2026-06-10") {
		t.Errorf("ResumePause = %+v, %v", n, err)
	}
	_, err = cdop.ResumePause(pause("cdrm", "2026-05-01", "2026-05-09", "x"), dt("2026-06-10"), "CDOP-2025-0042", today)
	wantRule(t, "an ended pause", err, cdop.RulePauseEnded, "already ended on 9 May 2026")
	if _, err := cdop.ResumePause(running, cdop.Date{}, "CDOP-2025-0042", today); validationErrors(t, err).For("to") == "" {
		t.Errorf("no date: %v", err)
	}
	if _, err := cdop.ResumePause(running, dt("2026-04-30"), "CDOP-2025-0042", today); validationErrors(t, err).For("to") == "" {
		t.Errorf("a date before the pause began: %v", err)
	}
}
