package cdop

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// The dates of what is done along a case's records (a request and its
// chases and reply, a contact with the family, a pause and its restart):
// each is the day it happened, typed by the coordinator (today unless
// another day is given), never the day it was logged. One rule decides
// whether such a day makes sense, so that every record words a refusal the
// same way, in one sentence.

// floor is a day a recorded date cannot come before: the child's death,
// the panel's notification, the request, the start of a pause or of a
// clock.
type floor struct {
	field string // the field holding the floor's date (e.g. date_of_death)
	what  string // how a message names it, e.g. "the request"
	on    Date   // zero: no floor
}

// deathFloor is the day of the child's death: nothing done about a death
// comes before it. Messages never print the date itself.
func deathFloor(c *Case) floor {
	return floor{field: "date_of_death", what: "the child's death", on: c.DateOfDeath}
}

// notifiedFloor is the day the panel learnt of the death: the panel asks
// nothing of anyone before it.
func notifiedFloor(c *Case) floor {
	return floor{field: "notified_on", what: "the panel was notified", on: c.NotifiedOn}
}

// checkDay adds to v why day on, recorded in field and named what (e.g.
// "the date received"), makes no sense: missing when required, after
// today, or before one of floors (the first it is before). Each problem is
// one sentence that names the date as typed, with RuleRequired,
// RuleFuture or RuleBefore (Args: the floor's field and date).
func checkDay(v *ValidationErrors, field, what string, on Date, required bool, today Date, floors ...floor) {
	switch {
	case on.IsZero():
		if required {
			v.rule(field, RuleRequired, "%s is required", what)
		}
		return
	case on.After(today):
		v.rule(field, RuleFuture, "%s (%s) cannot be in the future", what, on.Display()).about(on.String())
		return
	}
	for _, f := range floors {
		if f.on.IsZero() || !on.Before(f.on) {
			continue
		}
		msg := fmt.Sprintf("%s (%s) cannot be before %s", what, on.Display(), f.what)
		if f.field != "date_of_death" { // the date of death is an identifier: never in a message
			msg += " (" + f.on.Display() + ")"
		}
		v.rule(field, RuleBefore, "%s", msg).about(on.String(), f.field, f.on.String())
		return
	}
}

// CorrectionReasonField is the audit field that holds why something
// recorded was corrected or undone.
const CorrectionReasonField = "correction_reason"

// CorrectionChanges returns what an audit row of a correction adds to the
// fields changed: the reason (trimmed); nil when there is none.
func CorrectionChanges(reason string) []FieldChange {
	if reason = strings.TrimSpace(reason); reason == "" {
		return nil
	}
	return []FieldChange{{Field: CorrectionReasonField, New: reason}}
}

// needReason refuses (RuleReasonRequired) a correction or an undo of what
// (e.g. "the contact of 2 Dec 2026") without a reason, and (RuleTooLong)
// one longer than any free text may be; it returns the reason trimmed.
func needReason(reason, doing, what string) (string, error) {
	reason = strings.TrimSpace(reason)
	switch n := utf8.RuneCountInString(reason); {
	case n == 0:
		return "", Refusef(RuleReasonRequired, "give a reason for %s %s", doing, what)
	case n > MaxFreeTextLength:
		return "", Refusef(RuleTooLong, "the reason for %s %s holds %d characters; it may hold at most %d", doing, what, n, MaxFreeTextLength)
	}
	return reason, nil
}
