package cdop_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"casemanager/cdop"
)

func TestDefaultSettings(t *testing.T) {
	want := cdop.Settings{NotificationDays: 1, KeyWorkerContactDays: 2, AgencyReportDays: 28,
		CDRMMonths: 3, CDOPReviewMonths: 6, DueSoonDays: 7, DisclosureThreshold: 7, DisclosureMarker: "*", DisclosureRounding: 5, QuorumGroups: cdop.QuorumTypes,
		LockoutFailures: 5, LockoutMinutes: 15, IdleLockMinutes: 10, FreeTextLimit: 20000, LACNotificationWorkingDays: 5}
	if got := cdop.DefaultSettings; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("DefaultSettings = %+v, want %+v", got, want)
	}
	if cdop.CSPRPNotificationWorkingDays != 5 || cdop.RapidReviewWorkingDays != 15 {
		t.Errorf("statutory limits %d and %d, want 5 and 15", cdop.CSPRPNotificationWorkingDays, cdop.RapidReviewWorkingDays)
	}
}

func TestSettingsWithDefaults(t *testing.T) {
	extra := dates("2026-12-29")
	tests := []struct {
		name string
		in   cdop.Settings
		want cdop.Settings
	}{
		{"zero settings are the defaults", cdop.Settings{}, cdop.DefaultSettings},
		{"every setting kept", cdop.Settings{NotificationDays: 2, KeyWorkerContactDays: 3, AgencyReportDays: 21,
			CDRMMonths: 4, CDOPReviewMonths: 9, DueSoonDays: 14, ExtraHolidays: extra},
			cdop.Settings{NotificationDays: 2, KeyWorkerContactDays: 3, AgencyReportDays: 21,
				CDRMMonths: 4, CDOPReviewMonths: 9, DueSoonDays: 14, ExtraHolidays: extra, DisclosureThreshold: 7, DisclosureMarker: "*", DisclosureRounding: 5, QuorumGroups: cdop.QuorumTypes,
				LockoutFailures: 5, LockoutMinutes: 15, IdleLockMinutes: 10, FreeTextLimit: 20000, LACNotificationWorkingDays: 5}},
		{"disclosure settings kept", cdop.Settings{DisclosureThreshold: 7, DisclosureMarker: "c", DisclosureRounding: 5, Footprint: "Calder CDOP"},
			cdop.Settings{NotificationDays: 1, KeyWorkerContactDays: 2, AgencyReportDays: 28,
				CDRMMonths: 3, CDOPReviewMonths: 6, DueSoonDays: 7, DisclosureThreshold: 7, DisclosureMarker: "c", DisclosureRounding: 5, Footprint: "Calder CDOP", QuorumGroups: cdop.QuorumTypes,
				LockoutFailures: 5, LockoutMinutes: 15, IdleLockMinutes: 10, FreeTextLimit: 20000, LACNotificationWorkingDays: 5}},
		{"some set, the rest defaulted", cdop.Settings{AgencyReportDays: 14, CDOPReviewMonths: 12},
			cdop.Settings{NotificationDays: 1, KeyWorkerContactDays: 2, AgencyReportDays: 14,
				CDRMMonths: 3, CDOPReviewMonths: 12, DueSoonDays: 7, DisclosureThreshold: 7, DisclosureMarker: "*", DisclosureRounding: 5, QuorumGroups: cdop.QuorumTypes,
				LockoutFailures: 5, LockoutMinutes: 15, IdleLockMinutes: 10, FreeTextLimit: 20000, LACNotificationWorkingDays: 5}},
		{"negative values are the defaults", cdop.Settings{NotificationDays: -1, KeyWorkerContactDays: -2,
			AgencyReportDays: -28, CDRMMonths: -3, CDOPReviewMonths: -6, DueSoonDays: -7}, cdop.DefaultSettings},
		{"extra holidays alone", cdop.Settings{ExtraHolidays: extra},
			cdop.Settings{NotificationDays: 1, KeyWorkerContactDays: 2, AgencyReportDays: 28,
				CDRMMonths: 3, CDOPReviewMonths: 6, DueSoonDays: 7, ExtraHolidays: extra, DisclosureThreshold: 7, DisclosureMarker: "*", DisclosureRounding: 5, QuorumGroups: cdop.QuorumTypes,
				LockoutFailures: 5, LockoutMinutes: 15, IdleLockMinutes: 10, FreeTextLimit: 20000, LACNotificationWorkingDays: 5}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.in.WithDefaults(); fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("WithDefaults() = %+v, want %+v", got, tt.want)
			}
		})
	}
	s := cdop.Settings{}
	s.WithDefaults()
	if s.NotificationDays != 0 {
		t.Error("WithDefaults changed its receiver")
	}
}

func TestDeadlineNames(t *testing.T) {
	want := []string{"notification", "key_worker_contact", "csprp_notification", "rapid_review",
		"agency_reports", "cdrm", "cdop_review", "lac_notification"}
	if got := cdop.DeadlineNames.Codes(); !slices.Equal(got, want) {
		t.Errorf("DeadlineNames = %v, want %v", got, want)
	}
	for _, name := range want {
		k := cdop.Deadline{Name: name}
		if k.Label() == name || k.Label() == "" {
			t.Errorf("%s has no label", name)
		}
	}
	if got := (cdop.Deadline{Name: "cdrm"}).Label(); got != "Child death review meeting held" {
		t.Errorf("cdrm label %q", got)
	}
}

func TestClockPauseValidate(t *testing.T) {
	valid := func() cdop.ClockPause {
		return cdop.ClockPause{CaseID: "case-1", Deadline: "cdrm", From: dt("2026-06-01"), Reason: "awaiting post-mortem report"}
	}
	tests := []struct {
		name   string
		change func(p *cdop.ClockPause)
		wants  []want
	}{
		{"an open pause", func(p *cdop.ClockPause) {}, nil},
		{"a finished pause", func(p *cdop.ClockPause) { p.To = dt("2026-06-10") }, nil},
		{"a pause of no days", func(p *cdop.ClockPause) { p.To = p.From }, nil},
		{"a pause starting today", func(p *cdop.ClockPause) { p.From = today }, nil},
		{"every clock can pause", func(p *cdop.ClockPause) { p.Deadline = "agency_reports" }, nil},
		{"an unknown clock", func(p *cdop.ClockPause) { p.Deadline = "inquest" },
			[]want{{"deadline", []string{`"inquest" is not a deadline`, "notification, key_worker_contact, csprp_notification"}}}},
		{"no clock", func(p *cdop.ClockPause) { p.Deadline = "" },
			[]want{{"deadline", []string{`"" is not a deadline`}}}},
		{"no start", func(p *cdop.ClockPause) { p.From = cdop.Date{} },
			[]want{{"from", []string{"is required"}}}},
		{"a start tomorrow", func(p *cdop.ClockPause) { p.From = today.AddDays(1) },
			[]want{{"from", []string{"the date the clock was paused (16 Jun 2026) cannot be in the future"}}}},
		{"an end before the start", func(p *cdop.ClockPause) { p.To = dt("2026-05-31") },
			[]want{{"to", []string{"the date the clock restarts (31 May 2026) cannot be before the pause began (1 Jun 2026)"}}}},
		{"no reason", func(p *cdop.ClockPause) { p.Reason = "" },
			[]want{{"reason", []string{"say why the clock is paused"}}}},
		{"a blank reason", func(p *cdop.ClockPause) { p.Reason = " \t " },
			[]want{{"reason", []string{"say why"}}}},
		{"everything wrong", func(p *cdop.ClockPause) {
			*p = cdop.ClockPause{Deadline: "x", To: dt("2026-01-01"), From: dt("2026-07-01")}
		}, []want{{"deadline", nil}, {"from", []string{"cannot be in the future"}}, {"to", []string{"cannot be before the pause began"}}, {"reason", nil}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := valid()
			tt.change(&p)
			checkErrors(t, p.Validate(today), tt.wants...)
		})
	}
}

// clockFile is an open case at information gathering: death on Sunday
// 2 November 2025, the panel notified on the 3rd, no abuse or neglect
// suspected, nothing else recorded yet.
func clockFile(t testing.TB) *cdop.CaseFile {
	t.Helper()
	c := baseCase(t)
	c.ID = "case-1"
	c.Stage = cdop.StageInformationGathering
	c.NotifiedOn = dt("2025-11-03")
	c.AbuseNeglectSuspected = "no"
	return &cdop.CaseFile{Case: c}
}

// easterFile is clockFile for a death on 16 April 2025, notified on Maundy
// Thursday, with abuse or neglect suspected.
func easterFile(t testing.TB) *cdop.CaseFile {
	f := clockFile(t)
	f.Case.DateOfDeath, f.Case.NotifiedOn, f.Case.AbuseNeglectSuspected = dt("2025-04-16"), dt("2025-04-17"), "yes"
	return f
}

// christmasFile is clockFile for a death on 18 December 2025, notified on
// Friday the 19th, with abuse or neglect suspected and the CSPR Panel
// notified on Monday 22 December.
func christmasFile(t testing.TB) *cdop.CaseFile {
	f := clockFile(t)
	c := f.Case
	c.DateOfDeath, c.NotifiedOn, c.AbuseNeglectSuspected, c.CSPRPNotifiedOn = dt("2025-12-18"), dt("2025-12-19"), "yes", dt("2025-12-22")
	return f
}

func request(id int64, requested string) cdop.AgencyRequest {
	return cdop.AgencyRequest{ID: id, CaseID: "case-1", AgencyID: 10, AgencyName: "Northshire Police",
		Form: "reporting_form", RequestedOn: dt(requested)}
}

func pause(deadline, from, to, reason string) cdop.ClockPause {
	p := cdop.ClockPause{CaseID: "case-1", Deadline: deadline, From: dt(from), Reason: reason}
	if to != "" {
		p.To = dt(to)
	}
	return p
}

// findDeadline returns the deadline called name (and, for agency reports,
// of request id).
func findDeadline(ds []cdop.Deadline, name string, id int64) (cdop.Deadline, bool) {
	for _, k := range ds {
		if k.Name == name && k.RequestID == id {
			return k, true
		}
	}
	return cdop.Deadline{}, false
}

// What the CSPRP clock says of its start.
const (
	fromNotification = "from the notification: record when the local authority became aware"
	fromAwareness    = "from when the local authority became aware"
)

func TestDeadlines(t *testing.T) {
	type dl = cdop.Deadline
	tests := []struct {
		name     string
		file     func(t testing.TB) *cdop.CaseFile
		change   func(f *cdop.CaseFile)
		settings cdop.Settings
		on       cdop.Date // today when zero
		deadline string
		request  int64
		want     dl
		met      bool
	}{
		// notification: date of death + 1 day
		{name: "notified the next day", deadline: "notification",
			want: dl{Start: dt("2025-11-02"), Target: dt("2025-11-03"), Done: dt("2025-11-03")}, met: true},
		{name: "notified the same day", change: func(f *cdop.CaseFile) { f.Case.NotifiedOn = dt("2025-11-02") },
			deadline: "notification",
			want:     dl{Start: dt("2025-11-02"), Target: dt("2025-11-03"), Done: dt("2025-11-02")}, met: true},
		{name: "notified late", change: func(f *cdop.CaseFile) { f.Case.NotifiedOn = dt("2025-11-05") },
			deadline: "notification",
			want:     dl{Start: dt("2025-11-02"), Target: dt("2025-11-03"), Done: dt("2025-11-05")}},
		{name: "no notification date", change: func(f *cdop.CaseFile) { f.Case.NotifiedOn = cdop.Date{} },
			deadline: "notification",
			want:     dl{Start: dt("2025-11-02"), Target: dt("2025-11-03")}},
		{name: "notification days set to 3", settings: cdop.Settings{NotificationDays: 3}, deadline: "notification",
			want: dl{Start: dt("2025-11-02"), Target: dt("2025-11-05"), Done: dt("2025-11-03")}, met: true},

		// key worker: the death + 2 days, met by the first contact
		{name: "no contact yet", deadline: "key_worker_contact",
			want: dl{Start: dt("2025-11-02"), Target: dt("2025-11-04")}},
		{name: "first contact on time", deadline: "key_worker_contact",
			change: func(f *cdop.CaseFile) {
				f.Contacts = []cdop.Contact{
					{CaseID: "case-1", On: dt("2025-11-12"), Method: "visit"},
					{CaseID: "case-1", On: dt("2025-11-03"), Method: "phone"},
					{CaseID: "case-1", On: dt("2025-11-07"), Method: "letter"},
				}
			},
			want: dl{Start: dt("2025-11-02"), Target: dt("2025-11-04"), Done: dt("2025-11-03")}, met: true},
		{name: "first contact on the target day", deadline: "key_worker_contact",
			change: func(f *cdop.CaseFile) { f.Contacts = []cdop.Contact{{On: dt("2025-11-04"), Method: "phone"}} },
			want:   dl{Start: dt("2025-11-02"), Target: dt("2025-11-04"), Done: dt("2025-11-04")}, met: true},
		{name: "first contact late", deadline: "key_worker_contact",
			change: func(f *cdop.CaseFile) { f.Contacts = []cdop.Contact{{On: dt("2025-11-05"), Method: "phone"}} },
			want:   dl{Start: dt("2025-11-02"), Target: dt("2025-11-04"), Done: dt("2025-11-05")}},
		{name: "key worker clock from the death, however late the notification", deadline: "key_worker_contact",
			change: func(f *cdop.CaseFile) { f.Case.NotifiedOn = dt("2025-11-20") },
			want:   dl{Start: dt("2025-11-02"), Target: dt("2025-11-04")}},
		{name: "key worker days set to 5", settings: cdop.Settings{KeyWorkerContactDays: 5}, deadline: "key_worker_contact",
			want: dl{Start: dt("2025-11-02"), Target: dt("2025-11-07")}},

		// a looked-after child's death: Ofsted and the Secretary of State
		// notified within 5 working days of it (a setting)
		{name: "a looked-after child's death", deadline: "lac_notification",
			change: func(f *cdop.CaseFile) { f.Case.LookedAfter = "yes" },
			want:   dl{Start: dt("2025-11-02"), Target: dt("2025-11-07")}},
		{name: "Ofsted notified in time", deadline: "lac_notification",
			change: func(f *cdop.CaseFile) { f.Case.LookedAfter, f.Case.LACNotifiedOn = "yes", dt("2025-11-05") },
			want:   dl{Start: dt("2025-11-02"), Target: dt("2025-11-07"), Done: dt("2025-11-05")}, met: true},
		{name: "a looked-after child's death over Christmas", deadline: "lac_notification",
			change: func(f *cdop.CaseFile) { f.Case.LookedAfter, f.Case.DateOfDeath = "yes", dt("2025-12-23") },
			want:   dl{Start: dt("2025-12-23"), Target: dt("2026-01-02")}},
		{name: "looked-after notification days set to 2", deadline: "lac_notification",
			settings: cdop.Settings{LACNotificationWorkingDays: 2},
			change:   func(f *cdop.CaseFile) { f.Case.LookedAfter = "yes" },
			want:     dl{Start: dt("2025-11-02"), Target: dt("2025-11-04")}},

		// CSPR Panel notification: 5 working days from when the local
		// authority became aware, or, until that is recorded, from the
		// notification
		{name: "CSPRP over Easter", file: easterFile, deadline: "csprp_notification",
			want: dl{Start: dt("2025-04-17"), Target: dt("2025-04-28"), Detail: fromNotification}},
		{name: "CSPRP notified on the last day", file: easterFile, deadline: "csprp_notification",
			change: func(f *cdop.CaseFile) { f.Case.CSPRPNotifiedOn = dt("2025-04-28") },
			want:   dl{Start: dt("2025-04-17"), Target: dt("2025-04-28"), Done: dt("2025-04-28"), Detail: fromNotification}, met: true},
		{name: "CSPRP notified late", file: easterFile, deadline: "csprp_notification",
			change: func(f *cdop.CaseFile) { f.Case.CSPRPNotifiedOn = dt("2025-04-29") },
			want:   dl{Start: dt("2025-04-17"), Target: dt("2025-04-28"), Done: dt("2025-04-29"), Detail: fromNotification}},
		{name: "CSPRP over Easter and an extra holiday", file: easterFile, deadline: "csprp_notification",
			settings: cdop.Settings{ExtraHolidays: dates("2025-04-22")},
			want:     dl{Start: dt("2025-04-17"), Target: dt("2025-04-29"), Detail: fromNotification}},
		{name: "CSPRP over Christmas", file: christmasFile, deadline: "csprp_notification",
			want: dl{Start: dt("2025-12-19"), Target: dt("2025-12-30"), Done: dt("2025-12-22"), Detail: fromNotification}, met: true},
		// Abuse suspected only once the post-mortem showed it, weeks after
		// the notification: the local authority became aware then, so the
		// clock is not "12 days over" before anyone could have known.
		{name: "CSPRP from the local authority's awareness after the post-mortem", deadline: "csprp_notification", on: dt("2025-12-03"),
			change: func(f *cdop.CaseFile) { f.Case.AbuseNeglectSuspected, f.Case.LAAwareOn = "yes", dt("2025-12-01") },
			want:   dl{Start: dt("2025-12-01"), Target: dt("2025-12-08"), Detail: fromAwareness}},
		{name: "CSPRP notified in time from the awareness", deadline: "csprp_notification",
			change: func(f *cdop.CaseFile) {
				f.Case.AbuseNeglectSuspected, f.Case.LAAwareOn, f.Case.CSPRPNotifiedOn = "yes", dt("2025-12-01"), dt("2025-12-05")
			},
			want: dl{Start: dt("2025-12-01"), Target: dt("2025-12-08"), Done: dt("2025-12-05"), Detail: fromAwareness}, met: true},
		{name: "CSPRP from an awareness before the death", deadline: "csprp_notification",
			change: func(f *cdop.CaseFile) { f.Case.AbuseNeglectSuspected, f.Case.LAAwareOn = "yes", dt("2025-10-30") },
			want:   dl{Start: dt("2025-10-30"), Target: dt("2025-11-06"), Detail: fromAwareness}},

		// rapid review: 15 working days from the CSPRP notification
		{name: "rapid review over Christmas and New Year", file: christmasFile, deadline: "rapid_review",
			want: dl{Start: dt("2025-12-22"), Target: dt("2026-01-15")}},
		{name: "rapid review completed", file: christmasFile, deadline: "rapid_review",
			change: func(f *cdop.CaseFile) { f.Case.RapidReviewCompletedOn = dt("2026-01-14") },
			want:   dl{Start: dt("2025-12-22"), Target: dt("2026-01-15"), Done: dt("2026-01-14")}, met: true},
		{name: "rapid review with an extra holiday", file: christmasFile, deadline: "rapid_review",
			settings: cdop.Settings{ExtraHolidays: dates("2026-01-05")},
			want:     dl{Start: dt("2025-12-22"), Target: dt("2026-01-16")}},
		{name: "rapid review settings do not change the statutory days", file: christmasFile, deadline: "rapid_review",
			settings: cdop.Settings{NotificationDays: 9, KeyWorkerContactDays: 9, AgencyReportDays: 9},
			want:     dl{Start: dt("2025-12-22"), Target: dt("2026-01-15")}},

		// agency reports: 28 days from the request, or the request's own date
		{name: "request with the default 28 days", deadline: "agency_reports", request: 7,
			change: func(f *cdop.CaseFile) { f.Requests = []cdop.AgencyRequest{request(7, "2026-01-05")} },
			want: dl{RequestID: 7, Detail: "Reporting form from Northshire Police",
				Start: dt("2026-01-05"), Target: dt("2026-02-02")}},
		{name: "request with 14 days set", deadline: "agency_reports", request: 7,
			settings: cdop.Settings{AgencyReportDays: 14},
			change:   func(f *cdop.CaseFile) { f.Requests = []cdop.AgencyRequest{request(7, "2026-01-05")} },
			want: dl{RequestID: 7, Detail: "Reporting form from Northshire Police",
				Start: dt("2026-01-05"), Target: dt("2026-01-19")}},
		{name: "request with its own due date", deadline: "agency_reports", request: 7,
			settings: cdop.Settings{AgencyReportDays: 14},
			change: func(f *cdop.CaseFile) {
				r := request(7, "2026-01-05")
				r.DueOn = dt("2026-03-01")
				f.Requests = []cdop.AgencyRequest{r}
			},
			want: dl{RequestID: 7, Detail: "Reporting form from Northshire Police",
				Start: dt("2026-01-05"), Target: dt("2026-03-01")}},
		{name: "request chased, still open", deadline: "agency_reports", request: 7,
			change: func(f *cdop.CaseFile) {
				r := request(7, "2026-01-05")
				r.ChasedOn = dates("2026-02-03", "2026-02-17")
				f.Requests = []cdop.AgencyRequest{r}
			},
			want: dl{RequestID: 7, Detail: "Reporting form from Northshire Police",
				Start: dt("2026-01-05"), Target: dt("2026-02-02")}},
		{name: "request received", deadline: "agency_reports", request: 7,
			change: func(f *cdop.CaseFile) {
				r := request(7, "2026-01-05")
				r.ReceivedOn = dt("2026-01-20")
				f.Requests = []cdop.AgencyRequest{r}
			},
			want: dl{RequestID: 7, Detail: "Reporting form from Northshire Police",
				Start: dt("2026-01-05"), Target: dt("2026-02-02"), Done: dt("2026-01-20")}, met: true},
		{name: "request declined", deadline: "agency_reports", request: 8,
			change: func(f *cdop.CaseFile) {
				r := request(8, "2026-01-05")
				r.AgencyName, r.Form = "Brookfield Primary School", "suicide_self_harm"
				r.DeclinedOn, r.DeclineReason = dt("2026-02-10"), "child not known to the school"
				f.Requests = []cdop.AgencyRequest{request(7, "2026-01-05"), r}
			},
			want: dl{RequestID: 8, Detail: "Supplementary: suicide or self-harm from Brookfield Primary School",
				Start: dt("2026-01-05"), Target: dt("2026-02-02"), Done: dt("2026-02-10")}},

		// child death review meeting: date of death + 3 months
		{name: "meeting not yet booked", deadline: "cdrm",
			want: dl{Start: dt("2025-11-02"), Target: dt("2026-02-02")}},
		{name: "meeting with 4 months set", deadline: "cdrm", settings: cdop.Settings{CDRMMonths: 4},
			want: dl{Start: dt("2025-11-02"), Target: dt("2026-03-02")}},
		{name: "meeting held", deadline: "cdrm",
			change: func(f *cdop.CaseFile) { f.Case.CDRMOn = dt("2026-01-20") },
			want:   dl{Start: dt("2025-11-02"), Target: dt("2026-02-02"), Done: dt("2026-01-20")}, met: true},
		{name: "meeting held today", deadline: "cdrm",
			change: func(f *cdop.CaseFile) { f.Case.CDRMOn = today },
			want:   dl{Start: dt("2025-11-02"), Target: dt("2026-02-02"), Done: today}},
		{name: "meeting booked for tomorrow", deadline: "cdrm",
			change: func(f *cdop.CaseFile) { f.Case.CDRMOn = today.AddDays(1) },
			want:   dl{Start: dt("2025-11-02"), Target: dt("2026-02-02"), Detail: "meeting booked for 16 Jun 2026"}},
		{name: "a booked meeting is met once its day comes", deadline: "cdrm", on: dt("2026-06-16"),
			change: func(f *cdop.CaseFile) { f.Case.CDRMOn = dt("2026-06-16") },
			want:   dl{Start: dt("2025-11-02"), Target: dt("2026-02-02"), Done: dt("2026-06-16")}},
		{name: "no meeting, with a reason", deadline: "cdrm",
			change: func(f *cdop.CaseFile) { f.Case.CDRMNotHeldReason = "expected death; panel agreed" },
			want: dl{Start: dt("2025-11-02"), Target: dt("2026-02-02"), Closed: true,
				Detail: "no meeting: expected death; panel agreed"}},
		{name: "a blank reason is no reason", deadline: "cdrm",
			change: func(f *cdop.CaseFile) { f.Case.CDRMNotHeldReason = "   " },
			want:   dl{Start: dt("2025-11-02"), Target: dt("2026-02-02")}},
		{name: "a meeting held wins over a reason", deadline: "cdrm",
			change: func(f *cdop.CaseFile) { f.Case.CDRMOn, f.Case.CDRMNotHeldReason = dt("2026-01-20"), "none needed" },
			want:   dl{Start: dt("2025-11-02"), Target: dt("2026-02-02"), Done: dt("2026-01-20")}, met: true},
		{name: "meeting open at the meeting stage", deadline: "cdrm",
			change: func(f *cdop.CaseFile) { f.Case.Stage = cdop.StageCDRM },
			want:   dl{Start: dt("2025-11-02"), Target: dt("2026-02-02")}},
		{name: "meeting closed once the case moved past it", deadline: "cdrm",
			change: func(f *cdop.CaseFile) { f.Case.Stage = cdop.StageCDOPReview },
			want:   dl{Start: dt("2025-11-02"), Target: dt("2026-02-02"), Closed: true}},
		{name: "meeting target from 31 August falls on 30 November", deadline: "cdrm",
			change: func(f *cdop.CaseFile) { f.Case.DateOfDeath, f.Case.NotifiedOn = dt("2025-08-31"), dt("2025-09-01") },
			want:   dl{Start: dt("2025-08-31"), Target: dt("2025-11-30")}},

		// CDOP review: date of death + 6 months
		{name: "review not yet held", deadline: "cdop_review",
			want: dl{Start: dt("2025-11-02"), Target: dt("2026-05-02")}},
		{name: "review with 9 months set", deadline: "cdop_review", settings: cdop.Settings{CDOPReviewMonths: 9},
			want: dl{Start: dt("2025-11-02"), Target: dt("2026-08-02")}},
		{name: "review held", deadline: "cdop_review",
			change: func(f *cdop.CaseFile) { f.Case.CDOPReviewOn = dt("2026-04-20") },
			want:   dl{Start: dt("2025-11-02"), Target: dt("2026-05-02"), Done: dt("2026-04-20")}, met: true},
		{name: "review held late", deadline: "cdop_review",
			change: func(f *cdop.CaseFile) { f.Case.CDOPReviewOn = dt("2026-06-01") },
			want:   dl{Start: dt("2025-11-02"), Target: dt("2026-05-02"), Done: dt("2026-06-01")}},
		{name: "review booked", deadline: "cdop_review",
			change: func(f *cdop.CaseFile) { f.Case.CDOPReviewOn = dt("2026-07-01") },
			want:   dl{Start: dt("2025-11-02"), Target: dt("2026-05-02"), Detail: "review booked for 1 Jul 2026"}},

		// an inquest pauses the CDOP review clock on its own while it is open
		{name: "an inquest open pauses the review", deadline: "cdop_review",
			change: func(f *cdop.CaseFile) { f.Case.Inquest, f.Case.InquestOpenedOn = "pending", dt("2026-01-10") },
			want: dl{Start: dt("2025-11-02"), Target: dt("2026-10-05"), PausedDays: 156, Paused: true,
				PauseNote: "inquest open since 10 Jan 2026 (paused automatically)"}},
		{name: "a concluded inquest moved the target on by its length", deadline: "cdop_review",
			change: func(f *cdop.CaseFile) {
				f.Case.Inquest, f.Case.InquestOpenedOn, f.Case.InquestConcludedOn = "yes", dt("2026-01-10"), dt("2026-04-10")
			},
			want: dl{Start: dt("2025-11-02"), Target: dt("2026-07-31"), PausedDays: 90}},
		{name: "an inquest and the panel's own pause overlapping count once", deadline: "cdop_review",
			change: func(f *cdop.CaseFile) {
				f.Case.Inquest, f.Case.InquestOpenedOn, f.Case.InquestConcludedOn = "yes", dt("2026-01-10"), dt("2026-04-10")
				f.Pauses = []cdop.ClockPause{pause("cdop_review", "2026-03-01", "2026-05-01", "awaiting the trial")}
			},
			want: dl{Start: dt("2025-11-02"), Target: dt("2026-08-21"), PausedDays: 111}},
		{name: "an inquest does not pause the meeting's clock", deadline: "cdrm",
			change: func(f *cdop.CaseFile) { f.Case.Inquest, f.Case.InquestOpenedOn = "pending", dt("2026-01-10") },
			want:   dl{Start: dt("2025-11-02"), Target: dt("2026-02-02")}},
		{name: "the meeting waits for the post-mortem report", deadline: "cdrm",
			change: func(f *cdop.CaseFile) { f.Case.PostMortem = "yes" },
			want: dl{Start: dt("2025-11-02"), Target: dt("2026-02-02"),
				Detail: "not to be held yet: the post-mortem report has not been received"}},
		{name: "a booked meeting waits for the post-mortem report", deadline: "cdrm",
			change: func(f *cdop.CaseFile) { f.Case.PostMortem, f.Case.CDRMOn = "yes", today.AddDays(1) },
			want: dl{Start: dt("2025-11-02"), Target: dt("2026-02-02"),
				Detail: "meeting booked for 16 Jun 2026; not to be held yet: the post-mortem report has not been received"}},
		{name: "the report received", deadline: "cdrm",
			change: func(f *cdop.CaseFile) { f.Case.PostMortem, f.Case.PostMortemReportReceivedOn = "yes", dt("2026-01-05") },
			want:   dl{Start: dt("2025-11-02"), Target: dt("2026-02-02")}},

		// pauses
		{name: "a finished pause moves the target on", deadline: "cdrm",
			change: func(f *cdop.CaseFile) {
				f.Pauses = []cdop.ClockPause{pause("cdrm", "2026-01-10", "2026-01-20", "awaiting post-mortem")}
			},
			want: dl{Start: dt("2025-11-02"), Target: dt("2026-02-12"), PausedDays: 10}},
		{name: "an open pause runs to today", deadline: "cdrm",
			change: func(f *cdop.CaseFile) {
				f.Pauses = []cdop.ClockPause{pause("cdrm", "2026-06-01", "", "awaiting inquest")}
			},
			want: dl{Start: dt("2025-11-02"), Target: dt("2026-02-16"), PausedDays: 14, Paused: true, PauseNote: "awaiting inquest"}},
		{name: "a pause started today", deadline: "cdrm",
			change: func(f *cdop.CaseFile) {
				f.Pauses = []cdop.ClockPause{pause("cdrm", "2026-06-15", "", "awaiting inquest")}
			},
			want: dl{Start: dt("2025-11-02"), Target: dt("2026-02-02"), Paused: true, PauseNote: "awaiting inquest"}},
		{name: "a pause ending later is still running", deadline: "cdrm",
			change: func(f *cdop.CaseFile) {
				f.Pauses = []cdop.ClockPause{pause("cdrm", "2026-06-01", "2026-06-30", "family bereavement leave")}
			},
			want: dl{Start: dt("2025-11-02"), Target: dt("2026-02-16"), PausedDays: 14, Paused: true, PauseNote: "family bereavement leave"}},
		{name: "a pause that ended today", deadline: "cdrm",
			change: func(f *cdop.CaseFile) {
				f.Pauses = []cdop.ClockPause{pause("cdrm", "2026-06-01", "2026-06-15", "awaiting inquest")}
			},
			want: dl{Start: dt("2025-11-02"), Target: dt("2026-02-16"), PausedDays: 14}},
		{name: "two pauses add up", deadline: "cdrm",
			change: func(f *cdop.CaseFile) {
				f.Pauses = []cdop.ClockPause{
					pause("cdrm", "2026-01-10", "2026-01-20", "awaiting post-mortem"),
					pause("cdrm", "2026-06-01", "", "awaiting inquest"),
				}
			},
			want: dl{Start: dt("2025-11-02"), Target: dt("2026-02-26"), PausedDays: 24, Paused: true, PauseNote: "awaiting inquest"}},
		{name: "another clock's pause changes nothing", deadline: "cdrm",
			change: func(f *cdop.CaseFile) {
				f.Pauses = []cdop.ClockPause{pause("cdop_review", "2026-01-10", "", "awaiting inquest")}
			},
			want: dl{Start: dt("2025-11-02"), Target: dt("2026-02-02")}},
		{name: "the other clock is paused", deadline: "cdop_review",
			change: func(f *cdop.CaseFile) {
				f.Pauses = []cdop.ClockPause{pause("cdop_review", "2026-06-05", "", "awaiting inquest")}
			},
			want: dl{Start: dt("2025-11-02"), Target: dt("2026-05-12"), PausedDays: 10, Paused: true, PauseNote: "awaiting inquest"}},
		{name: "a pause of agency reports", deadline: "agency_reports", request: 7,
			change: func(f *cdop.CaseFile) {
				f.Requests = []cdop.AgencyRequest{request(7, "2026-01-05")}
				f.Pauses = []cdop.ClockPause{pause("agency_reports", "2026-01-10", "2026-01-17", "police investigation")}
			},
			want: dl{RequestID: 7, Detail: "Reporting form from Northshire Police",
				Start: dt("2026-01-05"), Target: dt("2026-02-09"), PausedDays: 7}},
		{name: "a met clock keeps its paused days", deadline: "cdrm",
			change: func(f *cdop.CaseFile) {
				f.Case.CDRMOn = dt("2026-03-10")
				f.Pauses = []cdop.ClockPause{pause("cdrm", "2026-01-10", "2026-03-01", "awaiting post-mortem")}
			},
			want: dl{Start: dt("2025-11-02"), Target: dt("2026-03-24"), Done: dt("2026-03-10"), PausedDays: 50}, met: true},
		{name: "a pause left open counts until the clock was met", deadline: "cdrm",
			change: func(f *cdop.CaseFile) {
				f.Case.CDRMOn = dt("2026-03-10")
				f.Pauses = []cdop.ClockPause{pause("cdrm", "2026-01-10", "", "awaiting post-mortem")}
			},
			want: dl{Start: dt("2025-11-02"), Target: dt("2026-04-02"), Done: dt("2026-03-10"), PausedDays: 59}, met: true},
		{name: "a pause after the clock was met counts nothing", deadline: "notification",
			change: func(f *cdop.CaseFile) {
				f.Pauses = []cdop.ClockPause{pause("notification", "2026-01-10", "", "mistake")}
			},
			want: dl{Start: dt("2025-11-02"), Target: dt("2025-11-03"), Done: dt("2025-11-03")}, met: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			file := tt.file
			if file == nil {
				file = clockFile
			}
			f := file(t)
			if tt.change != nil {
				tt.change(f)
			}
			on := tt.on
			if on.IsZero() {
				on = today
			}
			got, ok := findDeadline(cdop.Deadlines(f, tt.settings, on), tt.deadline, tt.request)
			if !ok {
				t.Fatalf("no %s deadline", tt.deadline)
			}
			want := tt.want
			want.Name, want.CaseID = tt.deadline, "case-1"
			if got != want {
				t.Errorf("Deadline\n got  %+v\n want %+v", got, want)
			}
			if got.Met() != tt.met {
				t.Errorf("Met() = %v, want %v", got.Met(), tt.met)
			}
			if wantOpen := want.Done.IsZero() && !want.Closed; got.Open() != wantOpen {
				t.Errorf("Open() = %v, want %v", got.Open(), wantOpen)
			}
		})
	}
}

// Which clocks a case has: the CSPRP clock only when abuse or neglect is
// suspected, the rapid review only once the CSPR Panel was notified, one
// agency clock per request in order.
func TestDeadlinesWhichClocks(t *testing.T) {
	tests := []struct {
		name   string
		change func(f *cdop.CaseFile)
		want   []string
	}{
		{"no abuse or neglect suspected", nil,
			[]string{"notification", "key_worker_contact", "cdrm", "cdop_review"}},
		{"abuse or neglect not answered", func(f *cdop.CaseFile) { f.Case.AbuseNeglectSuspected = "" },
			[]string{"notification", "key_worker_contact", "cdrm", "cdop_review"}},
		{"abuse or neglect suspected", func(f *cdop.CaseFile) { f.Case.AbuseNeglectSuspected = "yes" },
			[]string{"notification", "key_worker_contact", "csprp_notification", "cdrm", "cdop_review"}},
		{"CSPR Panel notified", func(f *cdop.CaseFile) {
			f.Case.AbuseNeglectSuspected, f.Case.CSPRPNotifiedOn = "yes", dt("2025-11-06")
		}, []string{"notification", "key_worker_contact", "csprp_notification", "rapid_review", "cdrm", "cdop_review"}},
		{"CSPR Panel notified though abuse no longer suspected", func(f *cdop.CaseFile) {
			f.Case.CSPRPNotifiedOn = dt("2025-11-06")
		}, []string{"notification", "key_worker_contact", "rapid_review", "cdrm", "cdop_review"}},
		{"a looked-after child", func(f *cdop.CaseFile) { f.Case.LookedAfter = "yes" },
			[]string{"notification", "key_worker_contact", "lac_notification", "cdrm", "cdop_review"}},
		{"looked after not known", func(f *cdop.CaseFile) { f.Case.LookedAfter = "not_known" },
			[]string{"notification", "key_worker_contact", "cdrm", "cdop_review"}},
		{"a voided notification", func(f *cdop.CaseFile) { f.Case.VoidedReason = "Logged in error" }, nil},
		{"a case transferred to another panel", func(f *cdop.CaseFile) {
			f.Case.TransferredTo, f.Case.TransferredOn = "Kent and Medway CDOP", dt("2025-12-01")
		}, nil},
		{"three requests", func(f *cdop.CaseFile) {
			f.Requests = []cdop.AgencyRequest{request(3, "2025-11-10"), request(1, "2025-11-05"), request(2, "2025-11-06")}
		}, []string{"notification", "key_worker_contact", "agency_reports:3", "agency_reports:1", "agency_reports:2", "cdrm", "cdop_review"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := clockFile(t)
			if tt.change != nil {
				tt.change(f)
			}
			var got []string
			for _, k := range cdop.Deadlines(f, cdop.Settings{}, today) {
				name := k.Name
				if k.RequestID != 0 {
					name = fmt.Sprintf("%s:%d", name, k.RequestID)
				}
				got = append(got, name)
				if k.CaseID != "case-1" {
					t.Errorf("%s: CaseID %q", k.Name, k.CaseID)
				}
				if !cdop.DeadlineNames.Has(k.Name) {
					t.Errorf("%s is not a documented deadline", k.Name)
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("Deadlines = %v, want %v", got, tt.want)
			}
		})
	}
}

// A closed case has no open deadline: those met stay met, the rest are closed.
func TestDeadlinesOfAClosedCase(t *testing.T) {
	f := completeFile(t, cdop.StageClosed)
	f.Case.AbuseNeglectSuspected = "yes" // CSPRP clock never met
	f.Requests = append(f.Requests, request(3, "2026-01-05"))
	f.Pauses = []cdop.ClockPause{pause("key_worker_contact", "2025-11-04", "", "family asked for no contact")}
	ds := cdop.Deadlines(f, cdop.Settings{}, today)
	done := map[string]bool{"notification": true, "agency_reports:1": true, "agency_reports:2": true, "cdrm": true, "cdop_review": true}
	for _, k := range ds {
		name := k.Name
		if k.RequestID != 0 {
			name = fmt.Sprintf("%s:%d", name, k.RequestID)
		}
		if k.Open() {
			t.Errorf("%s is open on a closed case", name)
		}
		if done[name] {
			if k.Done.IsZero() || k.Closed {
				t.Errorf("%s: Done %s, Closed %v; want met", name, k.Done, k.Closed)
			}
			delete(done, name)
		} else if !k.Closed {
			t.Errorf("%s is not closed", name)
		}
	}
	if len(done) > 0 {
		t.Errorf("missing deadlines: %v", done)
	}
	if len(ds) != 8 {
		t.Errorf("%d deadlines, want 8", len(ds))
	}
	if items := cdop.DueItems([]*cdop.CaseFile{f}, cdop.Settings{}, today); len(items) != 0 {
		t.Errorf("DueItems of a closed case: %v", items)
	}
}

func TestDeadlineOpenAndMet(t *testing.T) {
	target := dt("2026-02-02")
	tests := []struct {
		name      string
		k         cdop.Deadline
		open, met bool
	}{
		{"open", cdop.Deadline{Target: target}, true, false},
		{"met early", cdop.Deadline{Target: target, Done: dt("2026-01-02")}, false, true},
		{"met on the day", cdop.Deadline{Target: target, Done: target}, false, true},
		{"met a day late", cdop.Deadline{Target: target, Done: dt("2026-02-03")}, false, false},
		{"closed without being met", cdop.Deadline{Target: target, Closed: true}, false, false},
		{"paused is still open", cdop.Deadline{Target: target, Paused: true}, true, false},
	}
	for _, tt := range tests {
		if tt.k.Open() != tt.open || tt.k.Met() != tt.met {
			t.Errorf("%s: Open %v Met %v, want %v %v", tt.name, tt.k.Open(), tt.k.Met(), tt.open, tt.met)
		}
	}
}

func TestDeadlineStatus(t *testing.T) {
	on := dt("2026-06-15")
	tests := []struct {
		name     string
		target   cdop.Date
		paused   bool
		settings cdop.Settings
		want     cdop.DueStatus
	}{
		{"a month overdue", dt("2026-05-15"), false, cdop.Settings{}, cdop.DueOverdue},
		{"a day overdue", on.AddDays(-1), false, cdop.Settings{}, cdop.DueOverdue},
		{"due today", on, false, cdop.Settings{}, cdop.DueSoon},
		{"due tomorrow", on.AddDays(1), false, cdop.Settings{}, cdop.DueSoon},
		{"due on the last day of the window", on.AddDays(7), false, cdop.Settings{}, cdop.DueSoon},
		{"upcoming the day after the window", on.AddDays(8), false, cdop.Settings{}, cdop.DueUpcoming},
		{"upcoming in months", dt("2026-12-01"), false, cdop.Settings{}, cdop.DueUpcoming},
		{"window of 3 days: 3 days ahead", on.AddDays(3), false, cdop.Settings{DueSoonDays: 3}, cdop.DueSoon},
		{"window of 3 days: 4 days ahead", on.AddDays(4), false, cdop.Settings{DueSoonDays: 3}, cdop.DueUpcoming},
		{"window of 30 days: 30 days ahead", on.AddDays(30), false, cdop.Settings{DueSoonDays: 30}, cdop.DueSoon},
		{"window of 30 days: yesterday", on.AddDays(-1), false, cdop.Settings{DueSoonDays: 30}, cdop.DueOverdue},
		{"a zero window is the default", on.AddDays(7), false, cdop.Settings{DueSoonDays: 0}, cdop.DueSoon},
		{"paused though overdue", on.AddDays(-10), true, cdop.Settings{}, cdop.DuePaused},
		{"paused and due", on, true, cdop.Settings{}, cdop.DuePaused},
		{"paused and upcoming", on.AddDays(100), true, cdop.Settings{}, cdop.DuePaused},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k := cdop.Deadline{Name: "cdrm", Target: tt.target, Paused: tt.paused}
			if got := k.Status(on, tt.settings); got != tt.want {
				t.Errorf("Status(target %s on %s) = %s, want %s", tt.target, on, got, tt.want)
			}
		})
	}
}

// dueFile is an open case at information gathering whose notification and
// key worker clocks are met, so only its meeting, review and any requests run.
func dueFile(t testing.TB, id, ref, death string) *cdop.CaseFile {
	c := baseCase(t)
	c.ID, c.Ref = id, ref
	c.Stage = cdop.StageInformationGathering
	c.DateOfDeath = dt(death)
	c.NotifiedOn = c.DateOfDeath
	c.AbuseNeglectSuspected = "no"
	return &cdop.CaseFile{Case: c, Contacts: []cdop.Contact{{CaseID: id, On: c.DateOfDeath.AddDays(1), Method: "phone"}}}
}

func describeDue(items []cdop.DueItem) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = fmt.Sprintf("%s %s %s %s", it.CaseRef, it.Deadline.Name, it.Deadline.Target, it.Status)
		if it.Deadline.RequestID != 0 {
			out[i] += fmt.Sprintf(" #%d", it.Deadline.RequestID)
		}
	}
	return out
}

func dueFiles(t testing.TB) []*cdop.CaseFile {
	// A and B died the same day: their meeting and review targets tie.
	a := dueFile(t, "id-a", "CDOP-2026-0002", "2026-03-10")
	b := dueFile(t, "id-b", "CDOP-2026-0001", "2026-03-10")
	received := request(1, "2026-04-01")
	received.ReceivedOn = dt("2026-04-20")
	early := request(2, "2026-04-01")
	early.DueOn = dt("2026-06-05")
	b.Requests = []cdop.AgencyRequest{received, request(3, "2026-05-20"), early}
	// D: meeting overdue but paused; review upcoming sooner than A's and B's.
	d := dueFile(t, "id-d", "CDOP-2026-0003", "2026-01-20")
	d.Pauses = []cdop.ClockPause{pause("cdrm", "2026-06-01", "", "awaiting post-mortem report")}
	// C is closed; E has every clock met.
	c := dueFile(t, "id-c", "CDOP-2025-0099", "2025-09-01")
	c.Case.Stage = cdop.StageClosed
	e := dueFile(t, "id-e", "CDOP-2026-0000", "2025-12-01")
	e.Case.Stage, e.Case.CDRMOn, e.Case.CDOPReviewOn = cdop.StageCDOPReview, dt("2026-02-20"), dt("2026-05-25")
	return []*cdop.CaseFile{a, c, d, e, b}
}

func TestDueItems(t *testing.T) {
	tests := []struct {
		name     string
		settings cdop.Settings
		want     []string
	}{
		{"default settings", cdop.Settings{}, []string{
			"CDOP-2026-0001 agency_reports 2026-06-05 overdue #2",
			"CDOP-2026-0001 cdrm 2026-06-10 overdue",
			"CDOP-2026-0002 cdrm 2026-06-10 overdue",
			"CDOP-2026-0001 agency_reports 2026-06-17 due #3",
			"CDOP-2026-0003 cdop_review 2026-07-20 upcoming",
			"CDOP-2026-0001 cdop_review 2026-09-10 upcoming",
			"CDOP-2026-0002 cdop_review 2026-09-10 upcoming",
			"CDOP-2026-0003 cdrm 2026-05-04 paused",
		}},
		{"a wider window", cdop.Settings{DueSoonDays: 40}, []string{
			"CDOP-2026-0001 agency_reports 2026-06-05 overdue #2",
			"CDOP-2026-0001 cdrm 2026-06-10 overdue",
			"CDOP-2026-0002 cdrm 2026-06-10 overdue",
			"CDOP-2026-0001 agency_reports 2026-06-17 due #3",
			"CDOP-2026-0003 cdop_review 2026-07-20 due",
			"CDOP-2026-0001 cdop_review 2026-09-10 upcoming",
			"CDOP-2026-0002 cdop_review 2026-09-10 upcoming",
			"CDOP-2026-0003 cdrm 2026-05-04 paused",
		}},
		{"longer targets", cdop.Settings{CDRMMonths: 4, AgencyReportDays: 35}, []string{
			"CDOP-2026-0001 agency_reports 2026-06-05 overdue #2",
			"CDOP-2026-0001 agency_reports 2026-06-24 upcoming #3",
			"CDOP-2026-0001 cdrm 2026-07-10 upcoming",
			"CDOP-2026-0002 cdrm 2026-07-10 upcoming",
			"CDOP-2026-0003 cdop_review 2026-07-20 upcoming",
			"CDOP-2026-0001 cdop_review 2026-09-10 upcoming",
			"CDOP-2026-0002 cdop_review 2026-09-10 upcoming",
			"CDOP-2026-0003 cdrm 2026-06-03 paused",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			items := cdop.DueItems(dueFiles(t), tt.settings, today)
			if got := describeDue(items); !slices.Equal(got, tt.want) {
				t.Errorf("DueItems\n got  %s\n want %s", strings.Join(got, "\n      "), strings.Join(tt.want, "\n      "))
			}
			ids := map[string]string{"CDOP-2026-0001": "id-b", "CDOP-2026-0002": "id-a", "CDOP-2026-0003": "id-d"}
			for _, it := range items {
				if it.CaseID != ids[it.CaseRef] || it.Deadline.CaseID != it.CaseID {
					t.Errorf("%s: CaseID %q / %q", it.CaseRef, it.CaseID, it.Deadline.CaseID)
				}
				if !it.Deadline.Open() {
					t.Errorf("%s %s is not open", it.CaseRef, it.Deadline.Name)
				}
				if it.Status != it.Deadline.Status(today, tt.settings) {
					t.Errorf("%s %s: status %s, Deadline.Status %s", it.CaseRef, it.Deadline.Name, it.Status, it.Deadline.Status(today, tt.settings))
				}
			}
		})
	}
}

func TestDueItemsEmpty(t *testing.T) {
	if items := cdop.DueItems(nil, cdop.Settings{}, today); len(items) != 0 {
		t.Errorf("DueItems(nil) = %v", items)
	}
	e := dueFiles(t)[3]
	if items := cdop.DueItems([]*cdop.CaseFile{e}, cdop.Settings{}, today); len(items) != 0 {
		t.Errorf("DueItems of a case with every clock met = %v", describeDue(items))
	}
}

// The order does not depend on the order of the files.
func TestDueItemsOrderIsStable(t *testing.T) {
	want := describeDue(cdop.DueItems(dueFiles(t), cdop.Settings{}, today))
	files := dueFiles(t)
	slices.Reverse(files)
	if got := describeDue(cdop.DueItems(files, cdop.Settings{}, today)); !slices.Equal(got, want) {
		t.Errorf("reversed files\n got  %v\n want %v", got, want)
	}
}

// fileStream hands out case files one at a time, as storage.DB does.
type fileStream struct {
	files    []*cdop.CaseFile
	settings cdop.Settings
}

func (s fileStream) EachOpenCaseFile(_ context.Context, fn func(*cdop.CaseFile) error) error {
	for _, f := range s.files {
		if err := fn(f); err != nil {
			return err
		}
	}
	return nil
}

func (s fileStream) Settings(context.Context) (cdop.Settings, error) { return s.settings, nil }

// TestStreamDueIsDueItems: the command line's streamed reading gives what
// the dashboard's DueItems gives, and the overdue cases are the same.
func TestStreamDueIsDueItems(t *testing.T) {
	for _, s := range []cdop.Settings{{}, {DueSoonDays: 40}, {CDRMMonths: 4, AgencyReportDays: 35}} {
		files := dueFiles(t)
		want := cdop.DueItems(files, s, today)
		got, err := cdop.StreamDue(context.Background(), fileStream{files, s}, today)
		if err != nil {
			t.Fatal(err)
		}
		if g, w := describeDue(got), describeDue(want); !slices.Equal(g, w) {
			t.Errorf("StreamDue\n got  %s\n want %s", strings.Join(g, "\n      "), strings.Join(w, "\n      "))
		}
		if g, w := cdop.OverdueCaseIDs(got), (&cdop.Due{Items: want}).OverdueCases(); len(g) == 0 || len(g) != len(w) {
			t.Errorf("overdue cases %v; want %v", g, w)
		}
	}
}

func TestFreeTextLimitIsASettingThatOnlyLowers(t *testing.T) {
	c := cdop.NewCase()
	c.Summary = strings.Repeat("x", 1500)
	for _, tc := range []struct {
		name  string
		limit int
		want  string // the refusal's text, or "" when allowed
	}{
		{"the default, 20,000", 0, ""},
		{"lowered to 2,000", 2000, ""},
		{"lowered to 1,000", 1000, "is 1500 characters long; this panel allows at most 1000 (a setting)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := cdop.Settings{FreeTextLimit: tc.limit}.CheckTextLimits(c)
			if tc.want == "" {
				if err != nil {
					t.Errorf("refused: %v", err)
				}
				return
			}
			v, ok := cdop.AsValidationErrors(err)
			if !ok || len(v) != 1 || v[0].Field != "summary" || v[0].Rule != cdop.RuleTooLong || !strings.Contains(v[0].Message, tc.want) {
				t.Errorf("error %v; want summary %q", err, tc.want)
			}
			if rows := (cdop.Settings{FreeTextLimit: tc.limit}).RowTextLimits(7, c); len(rows) != 1 || rows[0].Row != 7 || rows[0].Field != "summary" {
				t.Errorf("import row problems = %v; want row 7's summary", rows)
			}
		})
	}
	for _, bad := range []int{20001, 999} {
		_, err := cdop.PrepareSettings(cdop.Settings{FreeTextLimit: bad})
		if v, ok := cdop.AsValidationErrors(err); !ok || v[0].Field != "free_text_limit" || v[0].Rule != cdop.RuleRange {
			t.Errorf("a free-text limit of %d: error %v; want it refused (1,000 to 20,000)", bad, err)
		}
	}
}
