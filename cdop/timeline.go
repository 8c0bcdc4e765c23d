package cdop

import (
	"fmt"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Event is one dated entry of a case's timeline.
type Event struct {
	On   Date
	Kind string // death, notification, decision, stage, request, contact, pause, meeting, family
	Text string
}

// Timeline returns everything dated in a case file, oldest first: the death,
// the notification and decisions, stage moves, agency requests and replies,
// contacts with the family, clock pauses and meetings.
func Timeline(f *CaseFile) []Event { return timeline(f, false) }

// anonymousTimeline is the timeline without anything typed by hand or naming
// a person (who moved the case, reasons), for anonymised views.
func anonymousTimeline(f *CaseFile) []Event { return timeline(f, true) }

func timeline(f *CaseFile, anonymous bool) []Event {
	c := f.Case
	// typed returns free text only for the identifiable timeline.
	typed := func(sep, s string) string {
		if anonymous || s == "" {
			return ""
		}
		return sep + s
	}
	var out []Event
	add := func(on Date, kind, format string, args ...any) {
		if !on.IsZero() {
			out = append(out, Event{On: on, Kind: kind, Text: fmt.Sprintf(format, args...)})
		}
	}
	// Labels run on inside a sentence: lower only their first letter, so
	// names and acronyms (Mental Health Act, SUDI/SUDC) keep their capitals.
	lowerFirst := func(s string) string {
		if s == "" {
			return s
		}
		r, n := utf8.DecodeRuneInString(s)
		return string(unicode.ToLower(r)) + s[n:]
	}
	add(c.DateOfDeath, "death", "Death (%s)", PlacesOfDeath.Label(orNotKnown(c.PlaceOfDeath)))
	add(c.NotifiedOn, "notification", "Panel notified; death %s", lowerFirst(Expectedness.Label(orNotKnown(c.Expected))))
	if c.JAR == "yes" {
		triggers := c.JARTriggers
		if len(triggers) == 0 && c.JARReason != "" {
			triggers = []string{c.JARReason}
		}
		labels := make([]string, len(triggers))
		for i, t := range triggers {
			labels[i] = lowerFirst(JARReasons.Label(t))
		}
		if len(labels) == 0 {
			add(c.NotifiedOn, "decision", "Joint Agency Response started")
		} else {
			add(c.NotifiedOn, "decision", "Joint Agency Response started: %s", strings.Join(labels, "; "))
		}
	}
	add(c.CSPRPNotifiedOn, "decision", "Child Safeguarding Practice Review Panel notified")
	add(c.RapidReviewCompletedOn, "decision", "Rapid review completed")
	add(c.CDRMOn, "meeting", "Child death review meeting")
	add(c.CDOPReviewOn, "meeting", "CDOP review")
	add(c.Analysis.SignedOffOn, "meeting", "Analysis signed off by the panel")
	add(c.FamilyToldCDRMOn, "family", "Family told of the child death review meeting")
	add(c.FamilyToldCDOPReviewOn, "family", "Family told of the CDOP review")
	add(c.FamilyToldOutcomeOn, "family", "Family told of the outcome")
	for _, m := range f.Moves {
		text := "Moved to " + m.To.Label() + typed(" by ", m.Actor) + typed(": ", m.Reason)
		var on Date // a move's instant is dated in England, whatever zone it was read in
		if !m.At.IsZero() {
			on = DateOf(m.At.In(england))
		}
		add(on, "stage", "%s", text)
	}
	for _, r := range f.Requests {
		form := FormTypes.Label(r.Form)
		add(r.RequestedOn, "request", "%s requested from %s", form, r.AgencyName)
		for _, d := range r.ChasedOn {
			add(d, "request", "%s chased with %s", form, r.AgencyName)
		}
		add(r.ReceivedOn, "request", "%s received from %s", form, r.AgencyName)
		add(r.DeclinedOn, "request", "%s declined by %s%s", form, r.AgencyName, typed(": ", r.DeclineReason))
	}
	for _, k := range f.Contacts {
		add(k.On, "contact", "Contact with the family (%s)", lowerFirst(ContactMethods.Label(k.Method)))
	}
	for _, p := range f.Pauses {
		add(p.From, "pause", "%s clock paused%s", DeadlineNames.Label(p.Deadline), typed(": ", p.Reason))
		add(p.To, "pause", "%s clock restarted", DeadlineNames.Label(p.Deadline))
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].On.Before(out[j].On) })
	return out
}

func orNotKnown(code string) string {
	if code == "" {
		return "not_known"
	}
	return code
}
