package cdop

import (
	"strings"
	"time"
)

// AgencyTypes lists the kinds of agency a panel asks for information.
var AgencyTypes = Enum{
	{"health", "Health (trust, GP, community)"},
	{"police", "Police"},
	{"childrens_social_care", "Children's social care"},
	{"education", "Education"},
	{"public_health", "Public health"},
	{"ambulance", "Ambulance service"},
	{"coroner", "Coroner"},
	{"voluntary", "Voluntary sector"},
	{"other", "Other"},
}

// Agency is an organisation in the panel's directory.
type Agency struct {
	ID      int64
	Name    string
	Type    string // AgencyTypes
	Contact string // named contact, email or phone
}

// Validate checks an agency's fields.
func (a *Agency) Validate() error {
	var v ValidationErrors
	if strings.TrimSpace(a.Name) == "" {
		v.add("name", "is required")
	}
	if a.Type == "" {
		v.add("type", "is required; use one of: %s", strings.Join(AgencyTypes.Codes(), ", "))
	}
	checkEnum(&v, "type", AgencyTypes, a.Type)
	return v.err()
}

// RequestStatus is where a request for a form stands.
type RequestStatus string

// The states of a request: requested → chased → received or declined.
const (
	RequestRequested RequestStatus = "requested"
	RequestChased    RequestStatus = "chased"
	RequestReceived  RequestStatus = "received"
	RequestDeclined  RequestStatus = "declined"
)

// AgencyRequest is a request to an agency for a reporting or supplementary form.
type AgencyRequest struct {
	ID            int64
	CaseID        string
	AgencyID      int64
	AgencyName    string // filled in when read, for display
	Form          string // FormTypes
	RequestedOn   Date
	DueOn         Date   // target for the reply; default from the settings
	ChasedOn      []Date // every chase, in order
	ReceivedOn    Date
	DeclinedOn    Date
	DeclineReason string
	Note          string
	UpdatedAt     time.Time
}

// Status returns the request's state.
func (r *AgencyRequest) Status() RequestStatus {
	switch {
	case !r.ReceivedOn.IsZero():
		return RequestReceived
	case !r.DeclinedOn.IsZero():
		return RequestDeclined
	case len(r.ChasedOn) > 0:
		return RequestChased
	}
	return RequestRequested
}

// Outstanding reports whether the agency has neither replied nor declined.
func (r *AgencyRequest) Outstanding() bool {
	s := r.Status()
	return s == RequestRequested || s == RequestChased
}

// Validate checks a request against today's date.
func (r *AgencyRequest) Validate(today Date) error {
	var v ValidationErrors
	if r.CaseID == "" {
		v.add("case", "is required")
	}
	if r.AgencyID == 0 {
		v.add("agency", "is required")
	}
	if r.Form == "" {
		v.add("form", "is required; use one of: %s", strings.Join(FormTypes.Codes(), ", "))
	}
	checkEnum(&v, "form", FormTypes, r.Form)
	checkDay(&v, "requested_on", "the date of the request", r.RequestedOn, true, today)
	request := floor{field: "requested_on", what: "the request", on: r.RequestedOn}
	if !r.DueOn.IsZero() && r.DueOn.Before(r.RequestedOn) {
		v.rule("due_on", RuleBefore, "the reply cannot be due (%s) before the request (%s)", r.DueOn.Display(), r.RequestedOn.Display()).
			about(r.DueOn.String(), request.field, request.on.String())
	}
	for _, d := range r.ChasedOn {
		checkDay(&v, "chased_on", "a chase", d, true, today, request)
	}
	checkDay(&v, "received_on", "the date received", r.ReceivedOn, false, today, request)
	checkDay(&v, "declined_on", "the date declined", r.DeclinedOn, false, today, request)
	if !r.ReceivedOn.IsZero() && !r.DeclinedOn.IsZero() {
		v.add("declined_on", "a form cannot be both received and declined")
	}
	if !r.DeclinedOn.IsZero() && strings.TrimSpace(r.DeclineReason) == "" {
		v.add("decline_reason", "say why the agency declined")
	}
	return v.err()
}

// ContactMethods lists how the key worker was in touch with the family.
var ContactMethods = Enum{
	{"phone", "Telephone"},
	{"visit", "Home visit"},
	{"meeting", "Meeting"},
	{"letter", "Letter"},
	{"email", "Email"},
	{"text", "Text message"},
	{"other", "Other"},
}

// Contact is one entry of the key worker's contact log with the family.
type Contact struct {
	ID     int64
	CaseID string
	On     Date
	Method string // ContactMethods
	Note   string
	By     string // who made the contact
}

// Validate checks a contact against today's date.
func (c *Contact) Validate(today Date) error {
	var v ValidationErrors
	checkDay(&v, "on", "the date of the contact", c.On, true, today)
	if c.Method == "" {
		v.add("method", "is required; use one of: %s", strings.Join(ContactMethods.Codes(), ", "))
	}
	checkEnum(&v, "method", ContactMethods, c.Method)
	return v.err()
}
