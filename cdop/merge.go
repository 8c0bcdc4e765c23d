package cdop

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// Merging a duplicate. When the duplicate rules find that a newer
// notification may be the death of a child already on the register (the
// same NHS number, or the same surname, dates and sex with no NHS number to
// tell them apart), the coordinator may merge the newer into the existing
// case: every value the existing case lacks is taken from the newer, each
// value both hold differently is the coordinator's choice (the existing
// case's unless chosen otherwise), the newer's records (agency requests,
// contacts) move to the existing case, and the newer is kept, voided as
// "merged into <ref>" and audited. A store does all of it in one
// transaction (CaseService.MergeCases).

// MergedIntoPrefix begins the void reason of a notification merged into
// another case: "merged into CDOP-2026-0001".
const MergedIntoPrefix = "merged into "

// MergeFields are the case's own fields a merge compares and carries over:
// those the coordinator records on a case's Details, Decisions and Family
// tabs (the analysis is the panel's, the stage the flowchart's, and the
// record's status — void, transfer, NCMD submission, a look-alike's reason
// — belongs to each record).
func MergeFields() []string {
	var out []string
	for _, tab := range []string{TabDetails, TabDecisions, TabFamily} {
		for _, sec := range TabSections(tab) {
			for _, name := range sec.Fields {
				if !slices.Contains(mergeKept, name) {
					out = append(out, name)
				}
			}
		}
	}
	return out
}

// mergeKept are fields of those tabs that stay each record's own.
var mergeKept = []string{"case_ref", "distinct_reason", "voided_reason", "transferred_to", "transferred_on", "ncmd_submitted_on", "ncmd_submitted_by"}

// MergeConflict is a field both cases hold with different values: the
// existing case's and the newer's, in interchange form and as people read
// them.
type MergeConflict struct {
	Field, Label                  string
	Existing, Newer               string
	ExistingDisplay, NewerDisplay string
}

// MergePlan is what merging the newer case into the existing one would do.
type MergePlan struct {
	Existing, Newer *Case
	// Taken are the fields the existing case lacks and the newer holds:
	// their values move to the existing case.
	Taken []string
	// Conflicts are the fields both hold differently, for the coordinator
	// to choose between; the existing case's value stays unless chosen.
	Conflicts []MergeConflict
}

// PlanMerge returns what merging newer into existing would do, or why it
// cannot: the two must be distinct, neither read-only (a voided,
// transferred or closed case), and look like the same child by the
// duplicate rules (the same NHS number, or a possible duplicate; different
// NHS numbers are different children).
func PlanMerge(existing, newer *Case) (*MergePlan, error) {
	if existing.ID != "" && existing.ID == newer.ID {
		return nil, Refusef(RuleNotAlike, "a case cannot be merged into itself")
	}
	for _, c := range []*Case{newer, existing} {
		if err := RefuseReadOnly(c); err != nil {
			return nil, err
		}
	}
	if m := existing.Compare(newer); m.Likeness != SameChild && m.Likeness != PossibleDuplicate {
		why := "the duplicate rules do not call them the same child"
		if m.Likeness == DifferentNHSNumbers {
			why = "their NHS numbers differ, so they are different children"
		}
		return nil, Refusef(RuleNotAlike, "%s cannot be merged into %s: %s", newer.Ref, existing.Ref, why)
	}
	p := &MergePlan{Existing: existing, Newer: newer}
	for _, name := range MergeFields() {
		f, _ := FieldNamed(name)
		have, other := strings.TrimSpace(existing.Get(name)), strings.TrimSpace(newer.Get(name))
		switch {
		case other == "" || other == have:
		case have == "":
			p.Taken = append(p.Taken, name)
		default:
			p.Conflicts = append(p.Conflicts, MergeConflict{Field: name, Label: f.Label,
				Existing: existing.Get(name), Newer: newer.Get(name), ExistingDisplay: f.Display(existing), NewerDisplay: f.Display(newer)})
		}
	}
	return p, nil
}

// Apply returns the existing case with the newer's values it lacks and,
// for each conflict whose field useNewer names, the newer's value; and the
// newer voided as merged into the existing case. A field named in useNewer
// that is not one of the plan's conflicts is refused.
func (p *MergePlan) Apply(useNewer []string) (merged, voided *Case, err error) {
	for _, name := range useNewer {
		if !slices.ContainsFunc(p.Conflicts, func(c MergeConflict) bool { return c.Field == name }) {
			return nil, nil, Errorf(EINVALID, "%s is not a value the two cases hold differently, so there is nothing to choose", fieldLabelOr(name))
		}
	}
	merged = p.Existing.Clone()
	for _, name := range append(slices.Clone(p.Taken), useNewer...) {
		if err := merged.Set(name, p.Newer.Get(name)); err != nil {
			return nil, nil, err
		}
	}
	voided, err = Void(p.Newer, MergedIntoPrefix+p.Existing.Ref)
	if err != nil {
		return nil, nil, err
	}
	return merged, voided, nil
}

// PrepareMerge is what a store does first to merge: it checks that the
// copies given are as stored (CheckFresh: find reads a stored case,
// lastChange says who changed it last and when), plans the merge of the
// stored cases and applies the choices. A newer with no ID is a
// notification not yet stored, taken as given. The store then saves voided
// (creating it when it has no ID), moves the records and saves merged.
func PrepareMerge(existing, newer *Case, useNewer []string, find func(id string) (*Case, error),
	lastChange func(id string) (string, time.Time, error)) (merged, voided *Case, err error) {
	stored := [2]*Case{nil, newer}
	for i, c := range []*Case{existing, newer} {
		if i == 1 && c.ID == "" {
			break
		}
		old, err := find(c.ID)
		if err != nil {
			return nil, nil, err
		}
		if err := CheckFresh(old, c, func() (string, time.Time, error) { return lastChange(old.ID) }); err != nil {
			return nil, nil, err
		}
		stored[i] = old
	}
	plan, err := PlanMerge(stored[0], stored[1])
	if err != nil {
		return nil, nil, err
	}
	return plan.Apply(useNewer)
}

// fieldLabelOr is a field's label, or the name given when no field has it.
func fieldLabelOr(name string) string {
	if f, ok := FieldNamed(name); ok {
		return f.Label
	}
	return fmt.Sprintf("%q", name)
}

// MergedInto returns the reference of the case a voided notification was
// merged into, or "" when it was not.
func (c *Case) MergedInto() string {
	ref, ok := strings.CutPrefix(strings.TrimSpace(c.VoidedReason), MergedIntoPrefix)
	if !ok {
		return ""
	}
	return ref
}

// MovedRecords says what a merge moved, as its audit row records it:
// "2 agency requests, 1 contact", or "none".
func MovedRecords(requests, contacts, recommendations int) string {
	var moved []string
	for _, m := range []struct {
		n         int
		one, many string
	}{{requests, "agency request", "agency requests"}, {contacts, "contact", "contacts"}, {recommendations, "recommendation", "recommendations"}} {
		switch {
		case m.n == 1:
			moved = append(moved, "1 "+m.one)
		case m.n > 1:
			moved = append(moved, fmt.Sprintf("%d %s", m.n, m.many))
		}
	}
	if len(moved) == 0 {
		return "none"
	}
	return strings.Join(moved, ", ")
}
