package cdop

import (
	"cmp"
	"slices"
	"strings"
	"time"
)

// The rules of the panel's recommendations as a store keeps them, and the
// order every list of them follows.

// PrepareRecommendation returns a recommendation as a store keeps it, or
// why it cannot be: texts trimmed, each case listed once, a new one's blank
// status "open", valid. The store then checks its agency and cases exist,
// fills in their names (SetCaseRefs) and keeps a stored recommendation's
// CreatedOn and updates; a new one's CreatedOn is NewCreatedOn.
func PrepareRecommendation(r *Recommendation) (*Recommendation, error) {
	n := *r
	n.Theme, n.Action = strings.TrimSpace(r.Theme), strings.TrimSpace(r.Action)
	n.Status = RecommendationStatus(strings.TrimSpace(string(r.Status)))
	n.CaseIDs = nil
	for _, id := range r.CaseIDs {
		if id = strings.TrimSpace(id); id != "" && !slices.Contains(n.CaseIDs, id) {
			n.CaseIDs = append(n.CaseIDs, id)
		}
	}
	if n.ID == 0 && n.Status == "" {
		n.Status = RecommendationOpen
	}
	if err := n.Validate(); err != nil {
		return nil, err
	}
	return &n, nil
}

// NewCreatedOn returns when a new recommendation was made: the date given,
// unless none was or it is after today, when it is today.
func NewCreatedOn(given, today Date) Date {
	if given.IsZero() || given.After(today) {
		return today
	}
	return given
}

// SetCaseRefs orders a recommendation's cases by reference, refs giving
// each case ID's, and fills in CaseRefs in the same order.
func (r *Recommendation) SetCaseRefs(refs map[string]string) {
	slices.SortStableFunc(r.CaseIDs, func(a, b string) int { return strings.Compare(refs[a], refs[b]) })
	r.CaseRefs = make([]string, len(r.CaseIDs))
	for i, id := range r.CaseIDs {
		r.CaseRefs[i] = refs[id]
	}
}

// PrepareUpdate returns progress on a recommendation as a store keeps it,
// or why it cannot be: the status is required (RecommendationStatuses); the
// date defaults to today and may not be later; who reported it defaults to
// actor; the time recorded is now.
func PrepareUpdate(u RecommendationUpdate, actor string, now time.Time, today Date) (*RecommendationUpdate, error) {
	n := u
	n.Status = RecommendationStatus(strings.TrimSpace(string(u.Status)))
	n.Note, n.By = strings.TrimSpace(u.Note), strings.TrimSpace(u.By)
	if n.On.IsZero() {
		n.On = today
	}
	if n.By == "" {
		n.By = actor
	}
	n.At = now
	var v ValidationErrors
	if n.Status == "" {
		v.rule("status", RuleRequired, "is required; use one of: %s", strings.Join(RecommendationStatuses.Codes(), ", "))
	}
	checkEnum(&v, "status", RecommendationStatuses, string(n.Status))
	if n.On.After(today) {
		v.rule("on", RuleFuture, "%s is in the future", n.On).about(n.On.String())
	}
	if err := v.err(); err != nil {
		return nil, err
	}
	return &n, nil
}

// SortRecommendations puts recommendations in the order every list of them
// shows: those overdue on today first, then the others still open or in
// progress, then those done or not accepted; each by due date, then as
// added (by ID).
func SortRecommendations(recs []*Recommendation, today Date) {
	rank := func(r *Recommendation) int {
		switch {
		case r.Overdue(today):
			return 0
		case r.Status.Open():
			return 1
		}
		return 2
	}
	slices.SortStableFunc(recs, func(a, b *Recommendation) int {
		if ra, rb := rank(a), rank(b); ra != rb {
			return ra - rb
		}
		if c := a.DueOn.Time().Compare(b.DueOn.Time()); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
}
