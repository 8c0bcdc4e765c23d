package cdop_test

import (
	"slices"
	"strings"
	"testing"

	"casemanager/cdop"
)

// pair returns an existing case and a newer notification of the same child
// (the same NHS number), each with its own ID and reference.
func pair(t *testing.T) (existing, newer *cdop.Case) {
	t.Helper()
	existing = baseCase(t)
	existing.ID, existing.Ref = "id-existing", "CDOP-2025-0042"
	newer = baseCase(t)
	newer.ID, newer.Ref = "id-newer", "CDOP-2025-0057"
	return existing, newer
}

func set(t *testing.T, c *cdop.Case, values map[string]string) {
	t.Helper()
	for name, v := range values {
		if err := c.Set(name, v); err != nil {
			t.Fatalf("%s = %q: %v", name, v, err)
		}
	}
}

// Which values a merge moves and which it asks about: a value only the
// newer holds moves; a value both hold the same, or only the existing case
// holds, stays; values both hold differently are conflicts, the existing
// case's kept unless the coordinator chooses the newer's.
func TestMergeMovesWhatTheExistingCaseLacksAndAsksAboutConflicts(t *testing.T) {
	for _, tc := range []struct {
		name            string
		existing, newer map[string]string
		useNewer        []string
		taken           []string
		conflicts       []string
		want            map[string]string // the merged case's values
	}{
		{name: "the newer's values fill the gaps",
			existing: map[string]string{"place_of_death": "hospital"},
			newer:    map[string]string{"postcode": "LS6 2QR", "gp_practice": "Harehills Medical Practice", "notifier": "Dr Priya Shah"},
			taken:    []string{"postcode", "gp_practice", "notifier"},
			want:     map[string]string{"place_of_death": "hospital", "postcode": "LS6 2QR", "gp_practice": "Harehills Medical Practice", "notifier": "Dr Priya Shah"}},
		{name: "the same value on both is no conflict",
			existing: map[string]string{"place_of_death": "hospital", "expected": "unexpected"},
			newer:    map[string]string{"place_of_death": "hospital", "expected": "unexpected"},
			want:     map[string]string{"place_of_death": "hospital", "expected": "unexpected"}},
		{name: "a value only the existing case holds stays",
			existing: map[string]string{"gp_practice": "Harehills Medical Practice"},
			newer:    map[string]string{},
			want:     map[string]string{"gp_practice": "Harehills Medical Practice"}},
		{name: "a conflict keeps the existing value by default",
			existing:  map[string]string{"place_of_death": "hospital", "notifier": "Dr Shah"},
			newer:     map[string]string{"place_of_death": "home", "notifier": "PC Reyes", "postcode": "LS6 2QR"},
			taken:     []string{"postcode"},
			conflicts: []string{"place_of_death", "notifier"},
			want:      map[string]string{"place_of_death": "hospital", "notifier": "Dr Shah", "postcode": "LS6 2QR"}},
		{name: "the coordinator chooses the newer's value of a conflict",
			existing:  map[string]string{"place_of_death": "hospital", "notifier": "Dr Shah"},
			newer:     map[string]string{"place_of_death": "home", "notifier": "PC Reyes"},
			useNewer:  []string{"place_of_death"},
			conflicts: []string{"place_of_death", "notifier"},
			want:      map[string]string{"place_of_death": "home", "notifier": "Dr Shah"}},
		{name: "a renamed baby: the name is a conflict to choose",
			existing:  map[string]string{"first_name": "Baby", "nhs_number": "", "nhs_number_status": "not_available"},
			newer:     map[string]string{"first_name": "Oliwia", "nhs_number": "", "nhs_number_status": "not_available"},
			useNewer:  []string{"first_name"},
			conflicts: []string{"first_name"},
			want:      map[string]string{"first_name": "Oliwia"}},
		{name: "the record's own status never moves",
			existing: map[string]string{},
			newer:    map[string]string{"distinct_reason": "thought to be a twin"},
			want:     map[string]string{"distinct_reason": ""}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			existing, newer := pair(t)
			set(t, existing, tc.existing)
			set(t, newer, tc.newer)
			plan, err := cdop.PlanMerge(existing, newer)
			if err != nil {
				t.Fatal(err)
			}
			var conflicts []string
			for _, c := range plan.Conflicts {
				conflicts = append(conflicts, c.Field)
				if c.Existing != existing.Get(c.Field) || c.Newer != newer.Get(c.Field) || c.Label == "" {
					t.Errorf("conflict %+v", c)
				}
			}
			slices.Sort(conflicts)
			slices.Sort(tc.conflicts)
			taken := slices.Sorted(slices.Values(plan.Taken))
			slices.Sort(tc.taken)
			if !slices.Equal(taken, tc.taken) || !slices.Equal(conflicts, tc.conflicts) {
				t.Errorf("taken %v, conflicts %v; want %v and %v", taken, conflicts, tc.taken, tc.conflicts)
			}
			merged, voided, err := plan.Apply(tc.useNewer)
			if err != nil {
				t.Fatal(err)
			}
			for name, want := range tc.want {
				if got := merged.Get(name); got != want {
					t.Errorf("merged %s = %q; want %q", name, got, want)
				}
			}
			if merged.ID != existing.ID || merged.Ref != existing.Ref {
				t.Errorf("the merged case is %s %s; want the existing one", merged.ID, merged.Ref)
			}
			if voided.VoidedReason != "merged into CDOP-2025-0042" || voided.MergedInto() != "CDOP-2025-0042" || voided.ID != newer.ID {
				t.Errorf("the newer is voided %q (merged into %q)", voided.VoidedReason, voided.MergedInto())
			}
			if newer.Voided() || existing.Get("postcode") != tc.existing["postcode"] {
				t.Error("planning or applying changed the cases given")
			}
		})
	}
}

// A merge is refused between cases the duplicate rules do not call the
// same child, of a case into itself, and of or into a read-only case; a
// choice of a value that is no conflict is refused.
func TestMergeIsRefused(t *testing.T) {
	for _, tc := range []struct {
		name   string
		change func(existing, newer *cdop.Case)
		rule   cdop.Rule
	}{
		{"different NHS numbers are different children", func(_, n *cdop.Case) { n.NHSNumber = nhsNumber(t, "999000002") }, cdop.RuleNotAlike},
		{"another child altogether", func(_, n *cdop.Case) { n.NHSNumber, n.LastName = "", "Okafor" }, cdop.RuleNotAlike},
		{"a case into itself", func(e, n *cdop.Case) { n.ID = e.ID }, cdop.RuleNotAlike},
		{"into a closed case", func(e, _ *cdop.Case) { e.Stage = cdop.StageClosed }, cdop.RuleClosedReadOnly},
		{"a voided notification", func(_, n *cdop.Case) { n.VoidedReason = "logged in error" }, cdop.RuleVoidedReadOnly},
		{"into a transferred case", func(e, _ *cdop.Case) {
			e.TransferredTo, e.TransferredOn = "Kent CDOP", cdop.MustParseDate("2026-01-05")
		}, cdop.RuleTransferredReadOnly},
	} {
		t.Run(tc.name, func(t *testing.T) {
			existing, newer := pair(t)
			tc.change(existing, newer)
			_, err := cdop.PlanMerge(existing, newer)
			if cdop.ErrorRule(err) != tc.rule {
				t.Errorf("PlanMerge: %v (rule %q); want rule %q", err, cdop.ErrorRule(err), tc.rule)
			}
		})
	}
	// Without NHS numbers, the renamed neonate is a possible duplicate: mergeable.
	existing, newer := pair(t)
	existing.NHSNumber, newer.NHSNumber = "", ""
	existing.FirstName, existing.LastName = "Baby", "Baby Thornbury"
	plan, err := cdop.PlanMerge(existing, newer)
	if err != nil {
		t.Fatalf("a possible duplicate: %v", err)
	}
	if _, _, err := plan.Apply([]string{"postcode"}); cdop.ErrorCode(err) != cdop.EINVALID || !strings.Contains(err.Error(), "Postcode") {
		t.Errorf("choosing the newer's value of a field in no conflict: %v", err)
	}
}
