package cdop_test

import (
	"slices"
	"strings"
	"testing"

	"casemanager/cdop"
)

// recordsFile is clockFile (death on 2 Nov 2025, notified on the 3rd, at
// information gathering) with a request of the 10th received on 1 Dec.
func recordsFile(t *testing.T) *cdop.CaseFile {
	t.Helper()
	f := clockFile(t)
	r := request(1, "2025-11-10")
	r.DueOn, r.ReceivedOn = dt("2025-12-08"), dt("2025-12-01")
	f.Requests = []cdop.AgencyRequest{r}
	return f
}

func TestPrepareRequest(t *testing.T) {
	f := recordsFile(t)
	s := cdop.Settings{AgencyReportDays: 21}
	r := request(0, "2026-05-01")
	r.ChasedOn = []cdop.Date{dt("2026-06-01"), dt("2026-05-20")}
	r.Note = "  by email "
	n, err := cdop.PrepareRequest(f, nil, &r, "", s, today)
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
	if n, _ := cdop.PrepareRequest(f, nil, &r, "", s, today); n.DueOn != dt("2026-07-01") {
		t.Errorf("a request's own due date = %s; want it kept", n.DueOn)
	}

	// The days a request can be made on: one sentence each, naming the day typed.
	for _, tt := range []struct {
		requested string
		rule      cdop.Rule
		says      string
	}{
		{"2025-11-03", "", ""}, // the day the panel was notified
		{"2026-06-15", "", ""}, // today
		{"2026-06-16", cdop.RuleFuture, "the date of the request (16 Jun 2026) cannot be in the future"},
		{"2025-11-02", cdop.RuleBefore, "the date of the request (2 Nov 2025) cannot be before the panel was notified (3 Nov 2025)"},
		{"2025-11-01", cdop.RuleBefore, "the date of the request (1 Nov 2025) cannot be before the child's death"},
	} {
		r := request(0, tt.requested)
		_, err := cdop.PrepareRequest(f, nil, &r, "", s, today)
		v := validationErrors(t, err)
		if tt.rule == "" {
			checkValid(t, err)
			continue
		}
		if len(v) != 1 || v[0].Field != "requested_on" || v[0].Rule != tt.rule || v[0].Message != tt.says {
			t.Errorf("requested %s: %v; want one %s: %q", tt.requested, describe(v), tt.rule, tt.says)
		}
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

func TestRequestCorrections(t *testing.T) {
	old := request(1, "2025-11-10")
	old.ChasedOn = dates("2025-11-20", "2025-11-27")
	old.ReceivedOn = dt("2025-12-06")
	declined := request(2, "2025-11-10")
	declined.DeclinedOn, declined.DeclineReason = dt("2025-11-14"), "not known to the service"
	tests := []struct {
		name   string
		old    cdop.AgencyRequest
		change func(r *cdop.AgencyRequest)
		want   []string
	}{
		{"nothing", old, func(*cdop.AgencyRequest) {}, nil},
		{"another chase", old, func(r *cdop.AgencyRequest) { r.ChasedOn = dates("2025-11-20", "2025-11-27", "2025-12-01") }, nil},
		{"the note", old, func(r *cdop.AgencyRequest) { r.Note = "by email" }, nil},
		{"a reply where none was", request(1, "2025-11-10"), func(r *cdop.AgencyRequest) { r.ReceivedOn = dt("2025-12-02") }, nil},
		{"a chase taken away", old, func(r *cdop.AgencyRequest) { r.ChasedOn = dates("2025-11-27") }, []string{"a chase"}},
		{"a chase's date", old, func(r *cdop.AgencyRequest) { r.ChasedOn = dates("2025-11-20", "2025-11-28") }, []string{"a chase"}},
		{"the date received", old, func(r *cdop.AgencyRequest) { r.ReceivedOn = dt("2025-12-02") }, []string{"the date received"}},
		{"received undone", old, func(r *cdop.AgencyRequest) { r.ReceivedOn = cdop.Date{} }, []string{"the date received"}},
		{"the date of the request", old, func(r *cdop.AgencyRequest) { r.RequestedOn = dt("2025-11-11") }, []string{"the date of the request"}},
		{"the decline's reason", declined, func(r *cdop.AgencyRequest) { r.DeclineReason = "moved away" }, []string{"the decline"}},
		{"declined undone", declined, func(r *cdop.AgencyRequest) { r.DeclinedOn, r.DeclineReason = cdop.Date{}, "" }, []string{"the decline"}},
		{"everything", old, func(r *cdop.AgencyRequest) {
			r.RequestedOn, r.ChasedOn, r.ReceivedOn = dt("2025-11-11"), nil, cdop.Date{}
		},
			[]string{"the date of the request", "a chase", "the date received"}},
	}
	for _, tt := range tests {
		n := tt.old
		n.ChasedOn = slices.Clone(n.ChasedOn)
		tt.change(&n)
		if got := cdop.RequestCorrections(&tt.old, &n); !slices.Equal(got, tt.want) {
			t.Errorf("%s: corrections %q; want %q", tt.name, got, tt.want)
		}
	}
}

// What was recorded as done on a request is changed or undone only with
// a reason, and not where the case's stage needs it.
func TestPrepareRequestChange(t *testing.T) {
	tests := []struct {
		name   string
		stage  cdop.Stage
		change func(r *cdop.AgencyRequest)
		reason string
		rule   cdop.Rule
		says   []string
	}{
		{"a chase added needs no reason", cdop.StageInformationGathering,
			func(r *cdop.AgencyRequest) { r.ChasedOn = dates("2025-11-30") }, "", "", nil},
		{"received corrected without a reason", cdop.StageInformationGathering,
			func(r *cdop.AgencyRequest) { r.ReceivedOn = dt("2025-11-28") }, " ", cdop.RuleReasonRequired,
			[]string{"give a reason for changing the date received of the reporting form from Northshire Police"}},
		{"received corrected with a reason", cdop.StageInformationGathering,
			func(r *cdop.AgencyRequest) { r.ReceivedOn = dt("2025-11-28") }, "logged late", "", nil},
		{"received undone with a reason", cdop.StageInformationGathering,
			func(r *cdop.AgencyRequest) { r.ReceivedOn = cdop.Date{} }, "it was another child's form", "", nil},
		{"received undone where the stage needs it", cdop.StageCDRM,
			func(r *cdop.AgencyRequest) { r.ReceivedOn = cdop.Date{} }, "it was another child's form", cdop.RuleStageKept,
			[]string{"case CDOP-2025-0042 is at Child death review meeting, which needs:\n- the Reporting form from Northshire Police: requested 10 Nov 2025 and not yet received or declined"}},
		{"received moved where the stage needs it", cdop.StageCDRM,
			func(r *cdop.AgencyRequest) { r.ReceivedOn = dt("2025-11-28") }, "logged late", "", nil},
		{"received corrected into the future", cdop.StageInformationGathering,
			func(r *cdop.AgencyRequest) { r.ReceivedOn = today.AddDays(1) }, "typo", "", []string{"the date received (16 Jun 2026) cannot be in the future"}},
		{"a chase corrected to before the request", cdop.StageInformationGathering,
			func(r *cdop.AgencyRequest) { r.ChasedOn = dates("2025-11-09") }, "typo", "",
			[]string{"a chase (9 Nov 2025) cannot be before the request (10 Nov 2025)"}},
	}
	for _, tt := range tests {
		f := recordsFile(t)
		f.Case.Stage = tt.stage
		n := f.Requests[0]
		tt.change(&n)
		got, err := cdop.PrepareRequest(f, &f.Requests[0], &n, tt.reason, cdop.Settings{}, today)
		if tt.rule == "" && len(tt.says) > 0 { // a date refused: one sentence
			if v := validationErrors(t, err); len(v) != 1 || v[0].Message != tt.says[0] {
				t.Errorf("%s: %v; want %q", tt.name, describe(v), tt.says[0])
			}
			continue
		}
		wantRule(t, tt.name, err, tt.rule, tt.says...)
		if tt.rule == "" && (got == nil || got.ReceivedOn != n.ReceivedOn) {
			t.Errorf("%s: prepared %+v", tt.name, got)
		}
	}

	// A request recorded before the panel was notified (a historical
	// record) still takes a chase: only days that change are held to the
	// notification.
	f := recordsFile(t)
	f.Requests[0].RequestedOn, f.Requests[0].ReceivedOn = dt("2025-11-02"), cdop.Date{}
	n := f.Requests[0]
	n.ChasedOn = dates("2025-11-30")
	if _, err := cdop.PrepareRequest(f, &f.Requests[0], &n, "", cdop.Settings{}, today); err != nil {
		t.Errorf("a chase of an old request: %v", err)
	}
}

// A report received on 2 Dec but logged on 6 Dec counts as received on 2
// Dec: before the child death review meeting of 4 Dec that discussed it,
// and in time for its target of 3 Dec.
func TestTheRecordedDayCountsNotTheDayItWasLogged(t *testing.T) {
	f := clockFile(t)
	f.Case.CDRMOn = dt("2025-12-04")
	r := request(1, "2025-11-05")
	r.DueOn = dt("2025-12-03")
	f.Requests = []cdop.AgencyRequest{r}
	logged := dt("2025-12-06")
	received := r
	received.ReceivedOn = dt("2025-12-02")
	n, err := cdop.PrepareRequest(f, &f.Requests[0], &received, "", cdop.Settings{}, logged)
	if err != nil {
		t.Fatal(err)
	}
	f.Requests[0] = *n
	var order []string
	for _, e := range cdop.Timeline(f) {
		if e.Kind == "request" || e.Kind == "meeting" {
			order = append(order, e.On.Display()+" "+e.Text)
		}
	}
	want := []string{"5 Nov 2025 Reporting form requested from Northshire Police", "2 Dec 2025 Reporting form received from Northshire Police",
		"4 Dec 2025 Child death review meeting"}
	if !slices.Equal(order, want) {
		t.Errorf("timeline %q; want %q", order, want)
	}
	d, ok := findDeadline(cdop.Deadlines(f, cdop.Settings{}, logged), cdop.DeadlineAgencyReports, 1)
	if !ok || d.Done != dt("2025-12-02") || !d.Met() {
		t.Errorf("agency report deadline %+v; want met on 2 Dec", d)
	}
}

func TestPrepareContact(t *testing.T) {
	c := clockFile(t).Case
	k := cdop.Contact{CaseID: "case-1", On: dt("2026-06-01"), Method: "phone", Note: " spoke to mother ", By: "  "}
	n, err := cdop.PrepareContact(c, &k, "jane.coordinator", today)
	if err != nil {
		t.Fatal(err)
	}
	if n.By != "jane.coordinator" || n.Note != "spoke to mother" {
		t.Errorf("PrepareContact = by %q, note %q; want the actor, the note trimmed", n.By, n.Note)
	}
	k.By = "Key worker"
	if n, _ := cdop.PrepareContact(c, &k, "jane.coordinator", today); n.By != "Key worker" {
		t.Errorf("a contact naming who made it: by %q", n.By)
	}
	k.ID = 4
	_, err = cdop.PrepareContact(c, &k, "jane.coordinator", today)
	wantRule(t, "a contact recorded already", err, cdop.RuleRecordedID, "contact 4 is already recorded")
	k.ID, k.Method = 0, ""
	if _, err := cdop.PrepareContact(c, &k, "x", today); validationErrors(t, err).For("method") == "" {
		t.Errorf("a contact without a method: %v", err)
	}
	for _, tt := range []struct {
		on   string
		rule cdop.Rule
		says string
	}{
		{"2025-11-02", "", ""}, // the day of the death, before the panel was notified
		{"2025-11-01", cdop.RuleBefore, "the date of the contact (1 Nov 2025) cannot be before the child's death"},
		{"2026-06-16", cdop.RuleFuture, "the date of the contact (16 Jun 2026) cannot be in the future"},
	} {
		k := cdop.Contact{CaseID: "case-1", On: dt(tt.on), Method: "visit"}
		_, err := cdop.PrepareContact(c, &k, "x", today)
		v := validationErrors(t, err)
		if tt.rule == "" {
			checkValid(t, err)
		} else if len(v) != 1 || v[0].Rule != tt.rule || v[0].Message != tt.says || strings.Contains(v[0].Message, "2 Nov 2025") {
			t.Errorf("a contact on %s: %v; want %q", tt.on, describe(v), tt.says)
		}
	}
}

func TestCorrectContact(t *testing.T) {
	c := clockFile(t).Case
	old := cdop.Contact{ID: 3, CaseID: "case-1", On: dt("2025-12-06"), Method: "phone", By: "Sam Key-Worker"}
	tests := []struct {
		name   string
		change func(k *cdop.Contact)
		reason string
		rule   cdop.Rule
		says   string
	}{
		{"the day corrected", func(k *cdop.Contact) { k.On = dt("2025-12-02") }, " logged late ", "", ""},
		{"how corrected", func(k *cdop.Contact) { k.Method = "visit" }, "it was a visit", "", ""},
		{"without a reason", func(k *cdop.Contact) { k.On = dt("2025-12-02") }, "", cdop.RuleReasonRequired,
			"give a reason for correcting the contact of 6 Dec 2025"},
		{"to before the death", func(k *cdop.Contact) { k.On = dt("2025-10-30") }, "typo", cdop.RuleBefore,
			"the date of the contact (30 Oct 2025) cannot be before the child's death"},
		{"to tomorrow", func(k *cdop.Contact) { k.On = today.AddDays(1) }, "typo", cdop.RuleFuture, "cannot be in the future"},
	}
	for _, tt := range tests {
		k := old
		k.ID, k.CaseID = 99, "another-case" // the stored contact's own are kept
		tt.change(&k)
		n, err := cdop.CorrectContact(c, &old, &k, tt.reason, "jane", today)
		switch tt.rule {
		case "":
			if err != nil || n.ID != 3 || n.CaseID != "case-1" || n.On != k.On || n.Method != k.Method {
				t.Errorf("%s: %+v, %v", tt.name, n, err)
			}
		case cdop.RuleReasonRequired:
			wantRule(t, tt.name, err, tt.rule, tt.says)
		default:
			if v := validationErrors(t, err); len(v) != 1 || v[0].Rule != tt.rule || !strings.Contains(v[0].Message, tt.says) {
				t.Errorf("%s: %v; want %q", tt.name, describe(v), tt.says)
			}
		}
	}
	wantRule(t, "undone without a reason", cdop.RemoveContact(&old, "  "), cdop.RuleReasonRequired,
		"give a reason for taking off the log the contact of 6 Dec 2025")
	wantRule(t, "undone with a reason", cdop.RemoveContact(&old, "entered on the wrong case"), "")
	wantRule(t, "undone with a reason too long", cdop.RemoveContact(&old, strings.Repeat("x", cdop.MaxFreeTextLength+1)), cdop.RuleTooLong,
		"the reason for taking off the log the contact of 6 Dec 2025 holds 20001 characters; it may hold at most 20000")
}

func TestCorrectionChanges(t *testing.T) {
	if got := cdop.CorrectionChanges("  logged late "); len(got) != 1 || got[0] != (cdop.FieldChange{Field: "correction_reason", New: "logged late"}) {
		t.Errorf("CorrectionChanges = %+v", got)
	}
	if got := cdop.CorrectionChanges(" "); got != nil {
		t.Errorf("CorrectionChanges of no reason = %+v", got)
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
	f := clockFile(t)
	p := pause("cdrm", "2026-06-01", "", "  awaiting inquest ")
	n, err := cdop.PreparePause(f, &p, cdop.Settings{}, today)
	if err != nil || n.Reason != "awaiting inquest" {
		t.Errorf("PreparePause = %+v, %v; want the reason trimmed", n, err)
	}
	p.ID = 7
	_, err = cdop.PreparePause(f, &p, cdop.Settings{}, today)
	wantRule(t, "a pause recorded already", err, cdop.RuleRecordedID, "clock pause 7 is already recorded")
	p.ID, p.Reason = 0, " "
	if _, err := cdop.PreparePause(f, &p, cdop.Settings{}, today); validationErrors(t, err).For("reason") == "" {
		t.Errorf("a pause without a reason: %v", err)
	}
	f.Pauses = []cdop.ClockPause{{ID: 2, CaseID: "case-1", Deadline: "cdrm", From: dt("2026-05-01"), Reason: "inquest"}}
	p.Reason = "x"
	_, err = cdop.PreparePause(f, &p, cdop.Settings{}, today)
	wantRule(t, "a pause of a clock paused already", err, cdop.RulePauseOverlap, "already paused since 1 May 2026")

	// A pause begins neither before the death nor before its clock started.
	for _, tt := range []struct {
		clock, from string
		says        string
	}{
		{"cdrm", "2025-11-02", ""},               // the CDRM clock runs from the death
		{"key_worker_contact", "2025-11-02", ""}, // and so does the key worker's
		{"csprp_notification", "2025-11-03", ""}, // the CSPR Panel's from the notification (no awareness recorded)
		{"csprp_notification", "2025-11-02", "the date the clock was paused (2 Nov 2025) cannot be before the clock started (3 Nov 2025)"},
		{"cdrm", "2025-11-01", "the date the clock was paused (1 Nov 2025) cannot be before the child's death"},
		{"cdop_review", "2026-06-16", "the date the clock was paused (16 Jun 2026) cannot be in the future"},
	} {
		p := pause(tt.clock, tt.from, "", "awaiting inquest")
		f := clockFile(t)
		f.Case.AbuseNeglectSuspected = "yes"
		_, err := cdop.PreparePause(f, &p, cdop.Settings{}, today)
		v := validationErrors(t, err)
		if tt.says == "" {
			checkValid(t, err)
		} else if len(v) != 1 || v[0].Field != "from" || v[0].Message != tt.says {
			t.Errorf("a pause of %s from %s: %v; want %q", tt.clock, tt.from, describe(v), tt.says)
		}
	}
}

func TestCorrectPause(t *testing.T) {
	file := func() *cdop.CaseFile {
		f := clockFile(t)
		f.Pauses = []cdop.ClockPause{
			{ID: 1, CaseID: "case-1", Deadline: "cdrm", From: dt("2026-01-05"), To: dt("2026-02-01"), Reason: "post-mortem"},
			{ID: 2, CaseID: "case-1", Deadline: "cdrm", From: dt("2026-03-01"), Reason: "inquest"},
		}
		return f
	}
	tests := []struct {
		name   string
		id     int
		change func(p *cdop.ClockPause)
		reason string
		rule   cdop.Rule
		says   string
	}{
		{"the day it began", 0, func(p *cdop.ClockPause) { p.From = dt("2026-01-02") }, "logged late", "", ""},
		{"the restart", 0, func(p *cdop.ClockPause) { p.To = dt("2026-01-20") }, "restarted sooner", "", ""},
		{"its own days are no overlap", 1, func(p *cdop.ClockPause) { p.From = dt("2026-02-20") }, "logged late", "", ""},
		{"without a reason", 0, func(p *cdop.ClockPause) { p.From = dt("2026-01-02") }, "", cdop.RuleReasonRequired,
			"give a reason for correcting the pause of the clock “Child death review meeting held” from 5 Jan 2026"},
		{"running again while another runs", 0, func(p *cdop.ClockPause) { p.To = cdop.Date{} }, "never restarted", cdop.RulePauseOverlap,
			"already paused since 1 Mar 2026"},
		{"overlapping another", 1, func(p *cdop.ClockPause) { p.From = dt("2026-01-30") }, "typo", cdop.RulePauseOverlap, "was already paused from 5 Jan 2026 to 1 Feb 2026"},
		{"restarted tomorrow", 0, func(p *cdop.ClockPause) { p.To = today.AddDays(1) }, "typo", cdop.RuleFuture,
			"the date the clock restarted (16 Jun 2026) cannot be in the future"},
		{"begun before the death", 0, func(p *cdop.ClockPause) { p.From = dt("2025-10-01") }, "typo", cdop.RuleBefore,
			"the date the clock was paused (1 Oct 2025) cannot be before the child's death"},
	}
	for _, tt := range tests {
		f := file()
		old := f.Pauses[tt.id]
		p := old
		tt.change(&p)
		n, err := cdop.CorrectPause(f, &old, &p, tt.reason, cdop.Settings{}, today)
		switch tt.rule {
		case "":
			if err != nil || n.ID != old.ID || n.From != p.From || n.To != p.To {
				t.Errorf("%s: %+v, %v", tt.name, n, err)
			}
		case cdop.RuleFuture, cdop.RuleBefore:
			if v := validationErrors(t, err); len(v) != 1 || v[0].Rule != tt.rule || v[0].Message != tt.says {
				t.Errorf("%s: %v; want %q", tt.name, describe(v), tt.says)
			}
		default:
			wantRule(t, tt.name, err, tt.rule, tt.says)
		}
	}
	f := file()
	wantRule(t, "undone without a reason", cdop.RemovePause(&f.Pauses[0], ""), cdop.RuleReasonRequired)
	wantRule(t, "undone with a reason", cdop.RemovePause(&f.Pauses[0], "entered on the wrong clock"), "")
}

func TestResumePause(t *testing.T) {
	running := pause("cdrm", "2026-05-01", "", "awaiting inquest")
	n, err := cdop.ResumePause(running, dt("2026-06-10"), "CDOP-2025-0042", today)
	if err != nil || n.To != dt("2026-06-10") {
		t.Errorf("ResumePause = %+v, %v", n, err)
	}
	_, err = cdop.ResumePause(pause("cdrm", "2026-05-01", "2026-05-09", "x"), dt("2026-06-10"), "CDOP-2025-0042", today)
	wantRule(t, "an ended pause", err, cdop.RulePauseEnded, "already ended on 9 May 2026")
	if n, err := cdop.ResumePause(pause("cdrm", "2026-05-01", "2026-07-01", "x"), dt("2026-06-10"), "CDOP-2025-0042", today); err != nil || n.To != dt("2026-06-10") {
		t.Errorf("a pause planned to end later, restarted now: %+v, %v", n, err)
	}
	for _, tt := range []struct {
		on   cdop.Date
		says string
	}{
		{cdop.Date{}, "the date the clock restarted is required"},
		{dt("2026-04-30"), "the date the clock restarted (30 Apr 2026) cannot be before the pause began (1 May 2026)"},
		{today.AddDays(1), "the date the clock restarted (16 Jun 2026) cannot be in the future"},
	} {
		_, err := cdop.ResumePause(running, tt.on, "CDOP-2025-0042", today)
		if v := validationErrors(t, err); len(v) != 1 || v[0].Field != "to" || v[0].Message != tt.says {
			t.Errorf("restarted on %q: %v; want %q", tt.on, describe(v), tt.says)
		}
	}
}

func TestRequestActionsAndTheirCorrections(t *testing.T) {
	r := request(1, "2025-11-10")
	r.ChasedOn = dates("2025-11-27", "2025-11-20")
	r.DeclinedOn, r.DeclineReason = dt("2025-12-01"), "not known"
	var labels []string
	for _, a := range r.Actions() {
		labels = append(labels, a.Label())
	}
	if want := []string{"Requested on 10 Nov 2025", "Chased on 20 Nov 2025", "Chased on 27 Nov 2025", "Declined on 1 Dec 2025"}; !slices.Equal(labels, want) {
		t.Errorf("Actions = %q; want %q", labels, want)
	}
	acts := r.Actions()
	tests := []struct {
		name string
		a    cdop.RequestAction
		on   string
		want func(n cdop.AgencyRequest) bool
	}{
		{"the request moved", acts[0], "2025-11-09", func(n cdop.AgencyRequest) bool { return n.RequestedOn == dt("2025-11-09") }},
		{"the request is never undone", acts[0], "", func(n cdop.AgencyRequest) bool { return n.RequestedOn == dt("2025-11-10") }},
		{"the first chase moved", acts[1], "2025-11-21", func(n cdop.AgencyRequest) bool {
			return slices.Equal(n.ChasedOn, dates("2025-11-21", "2025-11-27"))
		}},
		{"the second chase undone", acts[2], "", func(n cdop.AgencyRequest) bool { return slices.Equal(n.ChasedOn, dates("2025-11-20")) }},
		{"the decline moved", acts[3], "2025-12-02", func(n cdop.AgencyRequest) bool {
			return n.DeclinedOn == dt("2025-12-02") && n.DeclineReason == "not known"
		}},
		{"the decline undone", acts[3], "", func(n cdop.AgencyRequest) bool {
			return n.DeclinedOn.IsZero() && n.DeclineReason == "" && n.Outstanding()
		}},
	}
	for _, tt := range tests {
		var on cdop.Date
		if tt.on != "" {
			on = dt(tt.on)
		}
		if n := r.Corrected(tt.a, on); !tt.want(n) {
			t.Errorf("%s: %+v", tt.name, n)
		}
	}
	if r.ChasedOn[0] != dt("2025-11-27") || r.DeclinedOn.IsZero() {
		t.Error("Corrected changed the request it was given")
	}
	if acts[0].Undoable() || !acts[1].Undoable() {
		t.Error("only the request itself cannot be undone")
	}
}
