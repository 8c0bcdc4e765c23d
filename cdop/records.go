package cdop

import (
	"slices"
	"strings"
)

// The rules of what is recorded about a case along the flowchart: agency
// requests, contacts with the family and clock pauses. A store checks the
// case is open (RefuseClosed), loads what a rule needs, asks it, and writes
// what it returns.

// PrepareRequest returns a request for an agency's form as a store keeps
// it, or why it cannot be: valid on today; its chases in date order; its
// texts trimmed; without a due date, due the panel's AgencyReportDays after
// it was made (Due). The store fills in the agency's name.
func PrepareRequest(r *AgencyRequest, s Settings, today Date) (*AgencyRequest, error) {
	if err := r.Validate(today); err != nil {
		return nil, err
	}
	n := *r
	n.ChasedOn = append([]Date(nil), r.ChasedOn...)
	slices.SortStableFunc(n.ChasedOn, func(a, b Date) int { return a.Time().Compare(b.Time()) })
	n.DeclineReason, n.Note = strings.TrimSpace(r.DeclineReason), strings.TrimSpace(r.Note)
	n.DueOn = r.Due(s)
	return &n, nil
}

// Due returns when the agency's reply is due: the request's due date or,
// when none is recorded, the panel's AgencyReportDays after the request.
func (r *AgencyRequest) Due(s Settings) Date {
	if !r.DueOn.IsZero() {
		return r.DueOn
	}
	return r.RequestedOn.AddDays(s.WithDefaults().AgencyReportDays)
}

// PrepareContact returns a new contact with the family as a store keeps it,
// or why it cannot be: not recorded already (no ID), valid on today, its
// texts trimmed, and made by actor unless it names who made it.
func PrepareContact(c *Contact, actor string, today Date) (*Contact, error) {
	if c.ID != 0 {
		return nil, Refusef(RuleRecordedID, "contact %d is already recorded", c.ID)
	}
	if err := c.Validate(today); err != nil {
		return nil, err
	}
	n := *c
	n.Note, n.By = strings.TrimSpace(c.Note), strings.TrimSpace(c.By)
	if n.By == "" {
		n.By = actor
	}
	return &n, nil
}

// PreparePause returns a new pause of one of a case's clocks as a store
// keeps it, or why it cannot be: not recorded already (no ID), valid on
// today, its reason trimmed. The store then checks the case is open and
// asks CheckPauseOverlap.
func PreparePause(p *ClockPause, today Date) (*ClockPause, error) {
	if p.ID != 0 {
		return nil, Refusef(RuleRecordedID, "clock pause %d is already recorded; end it with ResumeClock", p.ID)
	}
	if err := p.Validate(today); err != nil {
		return nil, err
	}
	n := *p
	n.Reason = strings.TrimSpace(p.Reason)
	return &n, nil
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
// or why it cannot be: a pause already ended (RulePauseEnded), no day given,
// or a day the pause's rules refuse (before it began).
func ResumePause(p ClockPause, on Date, ref string, today Date) (*ClockPause, error) {
	if !p.To.IsZero() {
		return nil, Refusef(RulePauseEnded, "the pause of the clock %q of case %s already ended on %s",
			DeadlineNames.Label(p.Deadline), ref, p.To.Display())
	}
	if on.IsZero() {
		return nil, ValidationErrors{{Field: "to", Rule: RuleRequired, Message: "is required: the date the clock restarts"}}
	}
	n := p
	n.To = on
	if err := n.Validate(today); err != nil {
		return nil, err
	}
	return &n, nil
}
