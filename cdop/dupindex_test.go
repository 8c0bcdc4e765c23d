package cdop_test

import (
	"testing"

	"casemanager/cdop"
)

// indexed adds the cases to a new index, tagged 10, 20, 30..., and returns
// what Add said of each: the earlier tag and the reason, or 0 and "".
func indexed(cases ...*cdop.Case) (tags []int, reasons []string) {
	x := cdop.NewDuplicateIndex()
	for i, c := range cases {
		earlier, tag, found := x.Add(10*(i+1), c)
		reason := ""
		if found {
			reason = c.DuplicateReason(earlier)
		}
		tags, reasons = append(tags, tag), append(reasons, reason)
	}
	return tags, reasons
}

func TestDuplicateIndexFindsTheEarliestDuplicate(t *testing.T) {
	a := baseCase(t)
	sameNHS := baseCase(t)
	sameNHS.FirstName, sameNHS.LastName = "Other", "Child"
	sameNames := baseCase(t)
	sameNames.NHSNumber = ""
	sameNames.FirstName = "AYLA" // folded, the same
	unlike := baseCase(t)
	unlike.NHSNumber, unlike.FirstName, unlike.LastName = nhsNumber(t, "999000002"), "Bea", "Quinn"

	tags, reasons := indexed(unlike, a, sameNames, sameNHS, a.Clone())
	want := []struct {
		tag    int
		reason string
	}{
		{0, ""},
		{0, ""},
		{20, "the same surname, dates of birth and death and sex, and no NHS number to tell them apart"},
		{20, "the same NHS number"},
		{20, "the same NHS number"},
	}
	for i, w := range want {
		if tags[i] != w.tag || reasons[i] != w.reason {
			t.Errorf("case %d: earlier %d (%q), want %d (%q)", i+1, tags[i], reasons[i], w.tag, w.reason)
		}
	}
}

// Twins in one import: each with its own NHS number, both are kept; a
// third row of one of them, or a look-alike with no NHS number and no
// reason, is refused.
func TestDuplicateIndexLetsTwinsIn(t *testing.T) {
	twin1 := baseCase(t)
	twin1.FirstName, twin1.LastName, twin1.Sex = "Baby", "Okonkwo-Hughes", "female"
	twin2 := twin1.Clone()
	twin2.NHSNumber, twin2.Sex = nhsNumber(t, "999000002"), "male"
	again := twin2.Clone()
	again.FirstName = "Chidi"
	noNHS := twin1.Clone()
	noNHS.NHSNumber, noNHS.NHSNumberStatus = "", "not_available"
	resolved := noNHS.Clone()
	resolved.DistinctReason = "Triplet: the third child, no NHS number yet"
	tags, reasons := indexed(twin1, twin2, again, noNHS, resolved)
	want := []int{0, 0, 20, 10, 0}
	for i := range want {
		if tags[i] != want[i] {
			t.Errorf("row %d: earlier %d (%q); want %d", i+1, tags[i], reasons[i], want[i])
		}
	}
}

func TestDuplicateIndexOfManyRowsAlike(t *testing.T) {
	// Thousands of copies of one row: each is a duplicate of the first.
	x := cdop.NewDuplicateIndex()
	c := baseCase(t)
	for i := range 5000 {
		_, tag, found := x.Add(i, c)
		if i > 0 && (!found || tag != 0) {
			t.Fatalf("copy %d: found %v, tag %d; want the first", i, found, tag)
		}
	}
}

// TestDuplicateIndexKeepsWhatTheRulesRead changes one field at a time of a
// case that duplicates another and checks that the index, which keeps only
// some fields, decides as DuplicateReason does with the whole cases.
func TestDuplicateIndexKeepsWhatTheRulesRead(t *testing.T) {
	full := cdop.NewCase()
	for name, cc := range columnCases(t) {
		mustSet(t, full, name, cc.value)
	}
	// A live case, not yet confirmed distinct: the other's values void it
	// and confirm it, so the index must keep both.
	full.VoidedReason, full.DistinctReason, full.TransferredTo, full.TransferredOn = "", "", "", cdop.Date{}
	other := baseCase(t)
	other.VoidedReason, other.DistinctReason = "Logged in error", "A different child"
	other.Ref, other.FirstName, other.LastName = "CDOP-2020-0001", "Bea", "Quinn"
	other.DateOfBirth, other.DateOfDeath = cdop.MustParseDate("2010-01-01"), cdop.MustParseDate("2020-01-01")
	other.NHSNumber, other.Postcode, other.Sex = nhsNumber(t, "999000002"), "BD3 9LE", "male"

	bases := map[string]func(a, b *cdop.Case){
		"same NHS number":         func(a, b *cdop.Case) {},
		"no NHS number":           func(a, b *cdop.Case) { b.NHSNumber = "" },
		"different NHS numbers":   func(a, b *cdop.Case) { b.NHSNumber = nhsNumber(t, "999000003") },
		"neither has NHS numbers": func(a, b *cdop.Case) { a.NHSNumber, b.NHSNumber = "", "" },
	}
	for base, prepare := range bases {
		for _, f := range cdop.CaseFields {
			a, b := full.Clone(), full.Clone()
			prepare(a, b)
			mustSet(t, b, f.Name, other.Get(f.Name))
			want := a.DuplicateReason(b)
			x := cdop.NewDuplicateIndex()
			x.Add(1, b)
			got := ""
			if earlier, _, found := x.Add(2, a); found {
				got = a.DuplicateReason(earlier)
			}
			if got != want {
				t.Errorf("%s, %s changed: the index says %q, DuplicateReason %q", base, f.Name, got, want)
			}
		}
	}
}
