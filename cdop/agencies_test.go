package cdop_test

import (
	"testing"

	"casemanager/cdop"
)

func TestAgencyValidate(t *testing.T) {
	tests := []struct {
		name  string
		a     cdop.Agency
		wants []want
	}{
		{"police", cdop.Agency{Name: "Northshire Police", Type: "police", Contact: "cdop.liaison@example.org"}, nil},
		{"no contact needed", cdop.Agency{Name: "Riverside GP Practice", Type: "health"}, nil},
		{"every type allowed", cdop.Agency{Name: "Westmoor Coroner's Office", Type: "coroner"}, nil},
		{"no name", cdop.Agency{Type: "education"}, []want{{"name", []string{"is required"}}}},
		{"a blank name", cdop.Agency{Name: "  \t", Type: "education"}, []want{{"name", []string{"is required"}}}},
		{"no type", cdop.Agency{Name: "Brookfield Primary School"},
			[]want{{"type", []string{"is required", "health, police, childrens_social_care, education"}}}},
		{"an unknown type", cdop.Agency{Name: "Brookfield Primary School", Type: "school"},
			[]want{{"type", []string{`"school" is not allowed`, "education"}}}},
		{"a type as its label", cdop.Agency{Name: "Northshire Police", Type: "Police"},
			[]want{{"type", []string{`"Police" is not allowed`}}}},
		{"nothing", cdop.Agency{}, []want{{"name", nil}, {"type", []string{"is required"}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkErrors(t, tt.a.Validate(), tt.wants...)
		})
	}
	for _, code := range cdop.AgencyTypes.Codes() {
		a := cdop.Agency{Name: "Agency", Type: code}
		checkValid(t, a.Validate())
	}
}

func TestAgencyRequestStatus(t *testing.T) {
	requested := dt("2026-01-05")
	tests := []struct {
		name        string
		r           cdop.AgencyRequest
		status      cdop.RequestStatus
		outstanding bool
	}{
		{"requested", cdop.AgencyRequest{RequestedOn: requested}, cdop.RequestRequested, true},
		{"requested with a due date", cdop.AgencyRequest{RequestedOn: requested, DueOn: dt("2026-02-01")}, cdop.RequestRequested, true},
		{"chased once", cdop.AgencyRequest{RequestedOn: requested, ChasedOn: dates("2026-02-03")}, cdop.RequestChased, true},
		{"chased twice", cdop.AgencyRequest{RequestedOn: requested, ChasedOn: dates("2026-02-03", "2026-02-17")}, cdop.RequestChased, true},
		{"received", cdop.AgencyRequest{RequestedOn: requested, ReceivedOn: dt("2026-01-20")}, cdop.RequestReceived, false},
		{"received after chasing", cdop.AgencyRequest{RequestedOn: requested, ChasedOn: dates("2026-02-03"), ReceivedOn: dt("2026-02-10")},
			cdop.RequestReceived, false},
		{"declined", cdop.AgencyRequest{RequestedOn: requested, DeclinedOn: dt("2026-01-08"), DeclineReason: "not known to us"},
			cdop.RequestDeclined, false},
		{"declined after chasing", cdop.AgencyRequest{RequestedOn: requested, ChasedOn: dates("2026-02-03"), DeclinedOn: dt("2026-02-04")},
			cdop.RequestDeclined, false},
		{"received and declined reads as received", cdop.AgencyRequest{RequestedOn: requested, ReceivedOn: dt("2026-01-20"), DeclinedOn: dt("2026-01-08")},
			cdop.RequestReceived, false},
		{"nothing recorded", cdop.AgencyRequest{}, cdop.RequestRequested, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.r.Status(); got != tt.status {
				t.Errorf("Status() = %s, want %s", got, tt.status)
			}
			if got := tt.r.Outstanding(); got != tt.outstanding {
				t.Errorf("Outstanding() = %v, want %v", got, tt.outstanding)
			}
		})
	}
}

// A request moves requested → chased → received or declined as dates are
// added, and stays valid at every step.
func TestAgencyRequestLifecycle(t *testing.T) {
	r := cdop.AgencyRequest{CaseID: "case-1", AgencyID: 10, Form: "reporting_form", RequestedOn: dt("2026-01-05")}
	steps := []struct {
		change func()
		status cdop.RequestStatus
	}{
		{func() {}, cdop.RequestRequested},
		{func() { r.ChasedOn = append(r.ChasedOn, dt("2026-02-03")) }, cdop.RequestChased},
		{func() { r.ChasedOn = append(r.ChasedOn, dt("2026-02-17")) }, cdop.RequestChased},
		{func() { r.ReceivedOn = dt("2026-03-02") }, cdop.RequestReceived},
	}
	for i, s := range steps {
		s.change()
		if got := r.Status(); got != s.status {
			t.Errorf("step %d: Status() = %s, want %s", i, got, s.status)
		}
		checkValid(t, r.Validate(today))
	}
	d := cdop.AgencyRequest{CaseID: "case-1", AgencyID: 11, Form: "neonatal", RequestedOn: dt("2026-01-05"),
		ChasedOn: dates("2026-02-03"), DeclinedOn: dt("2026-02-05"), DeclineReason: "no involvement with the family"}
	if d.Status() != cdop.RequestDeclined || d.Outstanding() {
		t.Errorf("declined request: %s, outstanding %v", d.Status(), d.Outstanding())
	}
	checkValid(t, d.Validate(today))
}

func TestAgencyRequestValidate(t *testing.T) {
	valid := func() cdop.AgencyRequest {
		return cdop.AgencyRequest{CaseID: "case-1", AgencyID: 10, AgencyName: "Northshire Police",
			Form: "reporting_form", RequestedOn: dt("2026-05-01")}
	}
	tests := []struct {
		name   string
		change func(r *cdop.AgencyRequest)
		wants  []want
	}{
		{"a new request", func(r *cdop.AgencyRequest) {}, nil},
		{"requested today", func(r *cdop.AgencyRequest) { r.RequestedOn = today }, nil},
		{"a supplementary form", func(r *cdop.AgencyRequest) { r.Form = "chromosomal_genetic_congenital" }, nil},
		{"a due date", func(r *cdop.AgencyRequest) { r.DueOn = dt("2026-05-29") }, nil},
		{"due the day it was requested", func(r *cdop.AgencyRequest) { r.DueOn = r.RequestedOn }, nil},
		{"a due date in the future", func(r *cdop.AgencyRequest) { r.DueOn = dt("2026-09-01") }, nil},
		{"chased", func(r *cdop.AgencyRequest) { r.ChasedOn = dates("2026-05-01", "2026-05-29", "2026-06-15") }, nil},
		{"received the day it was requested", func(r *cdop.AgencyRequest) { r.ReceivedOn = r.RequestedOn }, nil},
		{"received today", func(r *cdop.AgencyRequest) { r.ReceivedOn = today }, nil},
		{"declined with a reason", func(r *cdop.AgencyRequest) {
			r.DeclinedOn, r.DeclineReason = dt("2026-05-04"), "child not known to the service"
		}, nil},
		{"no case", func(r *cdop.AgencyRequest) { r.CaseID = "" }, []want{{"case", []string{"is required"}}}},
		{"no agency", func(r *cdop.AgencyRequest) { r.AgencyID = 0 }, []want{{"agency", []string{"is required"}}}},
		{"no form", func(r *cdop.AgencyRequest) { r.Form = "" },
			[]want{{"form", []string{"is required", "reporting_form, sudden_unexpected_death"}}}},
		{"an unknown form", func(r *cdop.AgencyRequest) { r.Form = "form_b" },
			[]want{{"form", []string{`"form_b" is not allowed`}}}},
		{"no request date", func(r *cdop.AgencyRequest) { r.RequestedOn = cdop.Date{} },
			[]want{{"requested_on", []string{"the date of the request is required"}}}},
		{"requested tomorrow", func(r *cdop.AgencyRequest) { r.RequestedOn = today.AddDays(1) },
			[]want{{"requested_on", []string{"the date of the request (16 Jun 2026) cannot be in the future"}}}},
		{"due before the request", func(r *cdop.AgencyRequest) { r.DueOn = dt("2026-04-30") },
			[]want{{"due_on", []string{"the reply cannot be due (30 Apr 2026) before the request (1 May 2026)"}}}},
		{"chased before the request", func(r *cdop.AgencyRequest) { r.ChasedOn = dates("2026-05-10", "2026-04-30") },
			[]want{{"chased_on", []string{"a chase (30 Apr 2026) cannot be before the request (1 May 2026)"}}}},
		{"chased tomorrow", func(r *cdop.AgencyRequest) { r.ChasedOn = dates("2026-06-16") },
			[]want{{"chased_on", []string{"a chase (16 Jun 2026) cannot be in the future"}}}},
		{"chased wrongly twice", func(r *cdop.AgencyRequest) { r.ChasedOn = dates("2026-04-01", "2026-07-01") },
			[]want{{"chased_on", []string{"1 Apr 2026", "1 Jul 2026"}}}},
		{"received before the request", func(r *cdop.AgencyRequest) { r.ReceivedOn = dt("2026-04-30") },
			[]want{{"received_on", []string{"the date received (30 Apr 2026) cannot be before the request (1 May 2026)"}}}},
		{"received tomorrow", func(r *cdop.AgencyRequest) { r.ReceivedOn = today.AddDays(1) },
			[]want{{"received_on", []string{"the date received (16 Jun 2026) cannot be in the future"}}}},
		{"declined before the request", func(r *cdop.AgencyRequest) {
			r.DeclinedOn, r.DeclineReason = dt("2026-04-30"), "not known"
		}, []want{{"declined_on", []string{"the date declined (30 Apr 2026) cannot be before the request"}}}},
		{"declined tomorrow", func(r *cdop.AgencyRequest) {
			r.DeclinedOn, r.DeclineReason = today.AddDays(1), "not known"
		}, []want{{"declined_on", []string{"the date declined (16 Jun 2026) cannot be in the future"}}}},
		{"declined without a reason", func(r *cdop.AgencyRequest) { r.DeclinedOn = dt("2026-05-04") },
			[]want{{"decline_reason", []string{"say why the agency declined"}}}},
		{"declined with a blank reason", func(r *cdop.AgencyRequest) { r.DeclinedOn, r.DeclineReason = dt("2026-05-04"), "   " },
			[]want{{"decline_reason", []string{"say why"}}}},
		{"received and declined", func(r *cdop.AgencyRequest) {
			r.ReceivedOn, r.DeclinedOn, r.DeclineReason = dt("2026-05-20"), dt("2026-05-04"), "not known"
		}, []want{{"declined_on", []string{"cannot be both received and declined"}}}},
		{"nothing at all", func(r *cdop.AgencyRequest) { *r = cdop.AgencyRequest{} },
			[]want{{"case", nil}, {"agency", nil}, {"form", nil}, {"requested_on", nil}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := valid()
			tt.change(&r)
			checkErrors(t, r.Validate(today), tt.wants...)
		})
	}
	for _, code := range cdop.FormTypes.Codes() {
		r := valid()
		r.Form = code
		checkValid(t, r.Validate(today))
	}
}

func TestContactValidate(t *testing.T) {
	tests := []struct {
		name  string
		c     cdop.Contact
		wants []want
	}{
		{"a phone call", cdop.Contact{CaseID: "case-1", On: dt("2026-06-01"), Method: "phone", By: "Sam Okafor-Lind", Note: "introduced self"}, nil},
		{"a visit today", cdop.Contact{CaseID: "case-1", On: today, Method: "visit"}, nil},
		{"no date", cdop.Contact{Method: "phone"}, []want{{"on", []string{"is required"}}}},
		{"tomorrow", cdop.Contact{On: today.AddDays(1), Method: "phone"}, []want{{"on", []string{"the date of the contact (16 Jun 2026) cannot be in the future"}}}},
		{"no method", cdop.Contact{On: dt("2026-06-01")},
			[]want{{"method", []string{"is required", "phone, visit, meeting, letter, email, text, other"}}}},
		{"an unknown method", cdop.Contact{On: dt("2026-06-01"), Method: "carrier pigeon"},
			[]want{{"method", []string{`"carrier pigeon" is not allowed`}}}},
		{"a method as its label", cdop.Contact{On: dt("2026-06-01"), Method: "Telephone"},
			[]want{{"method", []string{`"Telephone" is not allowed`}}}},
		{"nothing", cdop.Contact{}, []want{{"on", []string{"is required"}}, {"method", []string{"is required"}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkErrors(t, tt.c.Validate(today), tt.wants...)
		})
	}
	for _, code := range cdop.ContactMethods.Codes() {
		c := cdop.Contact{On: today, Method: code}
		checkValid(t, c.Validate(today))
	}
}
