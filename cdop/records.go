package cdop

import (
	"slices"
	"strings"
)

// The rules of what is recorded about a case along the flowchart: agency
// requests, contacts with the family and clock pauses. A store checks the
// case is open (RefuseClosed), loads the case's file, asks a rule, and
// writes what it returns, with the audit rows it says.
//
// Every dated action (a request, a chase, a form received or declined, a
// contact, a pause and its restart) is recorded on the day it happened,
// which cannot be in the future nor before the death (nor, for what the
// panel asks of agencies, before it was notified). What was recorded can
// be corrected or undone, with a reason the audit keeps beside the old
// and new values (CorrectionChanges).

// PrepareRequest returns request r for case file f as a store keeps it,
// or why it cannot be. old is the stored request r changes (the same ID),
// nil for a new one. The request must be valid on today, made neither
// before the death nor before the panel was notified; its chases are put
// in date order, its texts trimmed, and without a due date it is due the
// panel's AgencyReportDays after it was made (Due). A change that corrects
// or undoes what old recorded as done (RequestCorrections) needs a reason
// (RuleReasonRequired), and may not take away what the case's stage needed
// (RuleStageKept: move the case back first). The store fills in the
// agency's name.
func PrepareRequest(f *CaseFile, old, r *AgencyRequest, reason string, s Settings, today Date) (*AgencyRequest, error) {
	var v ValidationErrors
	if err := r.Validate(today); err != nil {
		v, _ = AsValidationErrors(err)
	}
	if (old == nil || old.RequestedOn != r.RequestedOn) && v.For("requested_on") == "" {
		checkDay(&v, "requested_on", "the date of the request", r.RequestedOn, false, today, deathFloor(f.Case), notifiedFloor(f.Case))
	}
	if err := v.err(); err != nil {
		return nil, err
	}
	n := *r
	n.ChasedOn = slices.Clone(r.ChasedOn)
	slices.SortStableFunc(n.ChasedOn, func(a, b Date) int { return a.Time().Compare(b.Time()) })
	n.DeclineReason, n.Note = strings.TrimSpace(r.DeclineReason), strings.TrimSpace(r.Note)
	n.DueOn = r.Due(s)
	if old == nil {
		return &n, nil
	}
	if corrected := RequestCorrections(old, &n); len(corrected) > 0 {
		if _, err := needReason(reason, "changing", strings.Join(corrected, " and ")+" of the "+requestName(old)); err != nil {
			return nil, err
		}
	}
	after := *f
	after.Requests = slices.Clone(f.Requests)
	for i := range after.Requests {
		if after.Requests[i].ID == n.ID {
			after.Requests[i] = n
			if n.AgencyID == old.AgencyID {
				after.Requests[i].AgencyName = old.AgencyName // as the needs word it
			}
		}
	}
	if undone := Undone(f, &after); len(undone) > 0 {
		return nil, refuseNeeds(RuleStageKept, undone, "Keep it, or move the case back with a reason first",
			"case %s is at %s, which needs:", f.Case.Ref, f.Case.Stage.Label())
	}
	return &n, nil
}

// requestName names a request in a sentence, e.g. "reporting form from
// Northshire Police".
func requestName(r *AgencyRequest) string {
	name := strings.ToLower(FormTypes.Label(r.Form))
	if r.AgencyName != "" {
		name += " from " + r.AgencyName
	}
	return name
}

// RequestCorrections names what a change of stored request old to n
// corrects or undoes of what old recorded as done: the date of the
// request, a chase changed or taken away, the reply (received or declined,
// and why) changed or taken away. Adding what was not recorded (another
// chase, a reply where none was) corrects nothing. Empty when nothing
// recorded changes.
func RequestCorrections(old, n *AgencyRequest) []string {
	var out []string
	if old.RequestedOn != n.RequestedOn {
		out = append(out, "the date of the request")
	}
	left := slices.Clone(n.ChasedOn)
	for _, d := range old.ChasedOn {
		i := slices.Index(left, d)
		if i < 0 {
			out = append(out, "a chase")
			break
		}
		left = slices.Delete(left, i, i+1)
	}
	if !old.ReceivedOn.IsZero() && old.ReceivedOn != n.ReceivedOn {
		out = append(out, "the date received")
	}
	if !old.DeclinedOn.IsZero() && (old.DeclinedOn != n.DeclinedOn || old.DeclineReason != n.DeclineReason) {
		out = append(out, "the decline")
	}
	return out
}

// Due returns when the agency's reply is due: the request's due date or,
// when none is recorded, the panel's AgencyReportDays after the request.
func (r *AgencyRequest) Due(s Settings) Date {
	if !r.DueOn.IsZero() {
		return r.DueOn
	}
	return r.RequestedOn.AddDays(s.WithDefaults().AgencyReportDays)
}

// contactName names a contact in a sentence, e.g. "the contact of 2 Dec 2026".
func contactName(k *Contact) string { return "the contact of " + k.On.Display() }

// PrepareContact returns a new contact with the family of case c as a
// store keeps it, or why it cannot be: not recorded already (no ID),
// valid on today and not before the death, its texts trimmed, and made by
// actor unless it names who made it.
func PrepareContact(c *Case, k *Contact, actor string, today Date) (*Contact, error) {
	if k.ID != 0 {
		return nil, Refusef(RuleRecordedID, "contact %d is already recorded", k.ID)
	}
	return prepareContact(c, nil, k, actor, today)
}

// prepareContact checks and trims contact k, which changes old (nil for a
// new one): its date is held to the death when it is new or changed.
func prepareContact(c *Case, old, k *Contact, actor string, today Date) (*Contact, error) {
	var v ValidationErrors
	if err := k.Validate(today); err != nil {
		v, _ = AsValidationErrors(err)
	}
	if (old == nil || old.On != k.On) && v.For("on") == "" {
		checkDay(&v, "on", "the date of the contact", k.On, false, today, deathFloor(c))
	}
	if err := v.err(); err != nil {
		return nil, err
	}
	n := *k
	n.Note, n.By = strings.TrimSpace(k.Note), strings.TrimSpace(k.By)
	if n.By == "" {
		n.By = actor
	}
	return &n, nil
}

// CorrectContact returns stored contact old of case c changed to k (its
// date, how, who or the note), as a store keeps it, or why it cannot be:
// a reason is required (RuleReasonRequired), and the contact must be
// valid as PrepareContact has it.
func CorrectContact(c *Case, old, k *Contact, reason, actor string, today Date) (*Contact, error) {
	if _, err := needReason(reason, "correcting", contactName(old)); err != nil {
		return nil, err
	}
	n := *k
	n.ID, n.CaseID = old.ID, old.CaseID
	return prepareContact(c, old, &n, actor, today)
}

// RemoveContact says whether stored contact k may be undone (taken off the
// log as recorded in error): only with a reason (RuleReasonRequired).
func RemoveContact(k *Contact, reason string) error {
	_, err := needReason(reason, "taking off the log", contactName(k))
	return err
}

// pauseName names a pause in a sentence, e.g. "the pause of the clock
// “CDOP review” from 1 May 2026".
func pauseName(p *ClockPause) string {
	return "the pause of the clock “" + DeadlineNames.Label(p.Deadline) + "” from " + p.From.Display()
}

// PreparePause returns a new pause of one of the clocks of case file f as
// a store keeps it, or why it cannot be: not recorded already (no ID),
// valid on today, beginning neither before the death nor before the clock
// started, its reason trimmed, and overlapping no other pause of the same
// clock (CheckPauseOverlap).
func PreparePause(f *CaseFile, p *ClockPause, s Settings, today Date) (*ClockPause, error) {
	if p.ID != 0 {
		return nil, Refusef(RuleRecordedID, "clock pause %d is already recorded; end it with ResumeClock", p.ID)
	}
	return preparePause(f, nil, p, s, today)
}

// preparePause checks and trims pause p of case file f, which changes old
// (nil for a new one): the dates it changes are held to the death, the
// clock's start and today, and it may not overlap another pause of the
// clock.
func preparePause(f *CaseFile, old, p *ClockPause, s Settings, today Date) (*ClockPause, error) {
	var v ValidationErrors
	if err := p.Validate(today); err != nil {
		v, _ = AsValidationErrors(err)
	}
	if (old == nil || old.From != p.From || old.Deadline != p.Deadline) && v.For("from") == "" {
		started := floor{field: "clock_start", what: "the clock started", on: ClockStart(f, p.Deadline, s, today)}
		checkDay(&v, "from", "the date the clock was paused", p.From, false, today, deathFloor(f.Case), started)
	}
	if old != nil && old.To != p.To && v.For("to") == "" {
		// A restart corrected is a day it happened, not one planned.
		checkDay(&v, "to", "the date the clock restarted", p.To, false, today)
	}
	if err := v.err(); err != nil {
		return nil, err
	}
	n := *p
	n.Reason = strings.TrimSpace(p.Reason)
	var others []ClockPause
	for _, o := range f.Pauses {
		if o.ID != n.ID || n.ID == 0 {
			others = append(others, o)
		}
	}
	if err := CheckPauseOverlap(&n, others, f.Case.Ref); err != nil {
		return nil, err
	}
	return &n, nil
}

// ClockStart returns the day a clock of case file f (a DeadlineNames code)
// started, as Deadlines has it on today (the earliest, for the agency
// reports' clocks); the date of death when the clock does not apply.
func ClockStart(f *CaseFile, clock string, s Settings, today Date) Date {
	var start Date
	for _, d := range Deadlines(f, s, today) {
		if d.Name == clock && !d.Start.IsZero() && (start.IsZero() || d.Start.Before(start)) {
			start = d.Start
		}
	}
	if start.IsZero() {
		start = f.Case.DateOfDeath
	}
	return start
}

// CorrectPause returns stored pause old of case file f changed to p (the
// day it began, the day the clock restarted — zero: running again — or
// its reason), as a store keeps it, or why it cannot be: a reason for the
// correction is required (RuleReasonRequired); the pause must be valid as
// PreparePause has it, its restart a day already come, and it may not
// overlap another pause of the clock.
func CorrectPause(f *CaseFile, old, p *ClockPause, reason string, s Settings, today Date) (*ClockPause, error) {
	if _, err := needReason(reason, "correcting", pauseName(old)); err != nil {
		return nil, err
	}
	n := *p
	n.ID, n.CaseID = old.ID, old.CaseID
	return preparePause(f, old, &n, s, today)
}

// RemovePause says whether stored pause p may be undone (taken away as
// recorded in error, so the clock counts as never paused then): only with
// a reason (RuleReasonRequired).
func RemovePause(p *ClockPause, reason string) error {
	_, err := needReason(reason, "taking away", pauseName(p))
	return err
}

// CheckPauseOverlap refuses (RulePauseOverlap) a new pause p of case ref's
// clock that shares a day with another pause of the same clock among
// others, the case's pauses: a clock cannot be paused twice at once.
func CheckPauseOverlap(p *ClockPause, others []ClockPause, ref string) error {
	clock := DeadlineNames.Label(p.Deadline)
	for _, o := range others {
		if o.Deadline != p.Deadline || !Overlap(*p, o) {
			continue
		}
		if o.To.IsZero() {
			return Refusef(RulePauseOverlap, "the clock %q of case %s is already paused since %s (%s); restart it before pausing it again",
				clock, ref, o.From.Display(), o.Reason)
		}
		return Refusef(RulePauseOverlap, "the clock %q of case %s was already paused from %s to %s (%s); pauses of a clock cannot overlap",
			clock, ref, o.From.Display(), o.To.Display(), o.Reason)
	}
	return nil
}

// Overlap reports whether two pauses share a day: each runs from its From
// up to, not including, its To (for ever while To is zero), as the clocks
// count paused days.
func Overlap(a, b ClockPause) bool {
	startsBeforeEnd := func(p, q ClockPause) bool { return q.To.IsZero() || p.From.Before(q.To) }
	return startsBeforeEnd(a, b) && startsBeforeEnd(b, a)
}

// ResumePause returns a running pause of case ref's clock ended on a day,
// or why it cannot be: a pause already ended (RulePauseEnded), no day
// given, a day still to come, or one before the pause began.
func ResumePause(p ClockPause, on Date, ref string, today Date) (*ClockPause, error) {
	if !p.To.IsZero() && !p.To.After(today) {
		return nil, Refusef(RulePauseEnded, "the pause of the clock %q of case %s already ended on %s",
			DeadlineNames.Label(p.Deadline), ref, p.To.Display())
	}
	var v ValidationErrors
	checkDay(&v, "to", "the date the clock restarted", on, true, today, floor{field: "from", what: "the pause began", on: p.From})
	if err := v.err(); err != nil {
		return nil, err
	}
	n := p
	n.To = on
	return &n, nil
}

// RequestAction is one thing recorded as done on a request, as a
// correction picks it: the request itself, a chase (Index among the
// chases), or the reply.
type RequestAction struct {
	Kind  RequestStatus // RequestRequested (the request itself), RequestChased, RequestReceived or RequestDeclined
	Index int           // which chase, in date order
	On    Date
}

// Label names the action with its day, e.g. "Chased on 12 Nov 2026".
func (a RequestAction) Label() string {
	word := map[RequestStatus]string{RequestRequested: "Requested", RequestChased: "Chased",
		RequestReceived: "Received", RequestDeclined: "Declined"}[a.Kind]
	return word + " on " + a.On.Display()
}

// Undoable reports whether the action can be undone (the request itself
// cannot: it stays on the record).
func (a RequestAction) Undoable() bool { return a.Kind != RequestRequested }

// Actions lists what the request records as done, in this order: the
// request, each chase in date order, the reply.
func (r *AgencyRequest) Actions() []RequestAction {
	out := []RequestAction{{Kind: RequestRequested, On: r.RequestedOn}}
	chases := slices.Clone(r.ChasedOn)
	slices.SortStableFunc(chases, func(a, b Date) int { return a.Time().Compare(b.Time()) })
	for i, d := range chases {
		out = append(out, RequestAction{Kind: RequestChased, Index: i, On: d})
	}
	if !r.ReceivedOn.IsZero() {
		out = append(out, RequestAction{Kind: RequestReceived, On: r.ReceivedOn})
	}
	if !r.DeclinedOn.IsZero() {
		out = append(out, RequestAction{Kind: RequestDeclined, On: r.DeclinedOn})
	}
	return out
}

// Corrected returns a copy of r with action a (one of r.Actions) moved to
// day on, or undone when on is zero (a decline undone loses its reason
// too; the request itself cannot be undone and keeps its day). Whether
// the change may be stored is PrepareRequest's to say.
func (r *AgencyRequest) Corrected(a RequestAction, on Date) AgencyRequest {
	n := *r
	n.ChasedOn = slices.Clone(r.ChasedOn)
	slices.SortStableFunc(n.ChasedOn, func(a, b Date) int { return a.Time().Compare(b.Time()) })
	switch a.Kind {
	case RequestRequested:
		if !on.IsZero() {
			n.RequestedOn = on
		}
	case RequestChased:
		if a.Index >= 0 && a.Index < len(n.ChasedOn) {
			if on.IsZero() {
				n.ChasedOn = slices.Delete(n.ChasedOn, a.Index, a.Index+1)
			} else {
				n.ChasedOn[a.Index] = on
			}
		}
	case RequestReceived:
		n.ReceivedOn = on
	case RequestDeclined:
		n.DeclinedOn = on
		if on.IsZero() {
			n.DeclineReason = ""
		}
	}
	return n
}
