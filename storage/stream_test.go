package storage_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"casemanager/cdop"
)

// eachCase returns the IDs EachCaseFields hands fn, and the cases.
func eachCase(t *testing.T, stream func(fn func(*cdop.Case) error) error) ([]string, []*cdop.Case) {
	t.Helper()
	var ids []string
	var cases []*cdop.Case
	if err := stream(func(c *cdop.Case) error {
		ids = append(ids, c.ID)
		cases = append(cases, c)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	slices.Sort(ids)
	return ids, cases
}

func idsOf(cases []*cdop.Case) []string {
	var out []string
	for _, c := range cases {
		out = append(out, c.ID)
	}
	slices.Sort(out)
	return out
}

func TestEachCase_StreamsThePeriod(t *testing.T) {
	db := MustOpenDB(t)
	ctx := context.Background()
	g := &caseGen{}
	// Deaths spread over the years, eight days apart.
	var all []*cdop.Case
	for i := range 300 {
		c := g.next()
		c.DateOfBirth = cdop.MustParseDate("2015-01-01").AddDays(i)
		c.DateOfDeath = c.DateOfBirth.AddDays(1 + i*7)
		c.NotifiedOn = c.DateOfDeath
		all = append(all, c)
	}
	if err := db.ImportCases(ctx, all); err != nil {
		t.Fatal(err)
	}
	stored, err := db.FindCases(ctx, cdop.CaseFilter{})
	if err != nil {
		t.Fatal(err)
	}
	// The period begins and ends on a death, which it includes.
	from, to := all[60].DateOfDeath, all[200].DateOfDeath
	var want []*cdop.Case
	var closed []*cdop.Case
	for _, c := range stored {
		if !c.DateOfDeath.Before(from) && !c.DateOfDeath.After(to) {
			want = append(want, c)
			if c.Stage == cdop.StageClosed {
				closed = append(closed, c)
			}
		}
	}
	if len(closed) == 0 {
		t.Fatalf("no closed case in the period")
	}

	// Every field, every case of the period, the ends included.
	ids, got := eachCase(t, func(fn func(*cdop.Case) error) error { return db.EachCase(ctx, cdop.CaseFilter{}, from, to, fn) })
	if !slices.Equal(ids, idsOf(want)) {
		t.Errorf("EachCase gave %d cases, want the %d of the period", len(ids), len(want))
	}
	byID := map[string]*cdop.Case{}
	for _, c := range stored {
		byID[c.ID] = c
	}
	for _, c := range got {
		for _, d := range diffCases(c, byID[c.ID]) {
			t.Errorf("case %s streamed: %s", c.Ref, d)
		}
	}
	if len(want) != 141 {
		t.Errorf("%d cases in the period, want 141", len(want))
	}
	// Open ends, the stage filter and the limit.
	ids, _ = eachCase(t, func(fn func(*cdop.Case) error) error {
		return db.EachCase(ctx, cdop.CaseFilter{}, cdop.Date{}, cdop.Date{}, fn)
	})
	if len(ids) != len(stored) {
		t.Errorf("no period: %d cases, want all %d", len(ids), len(stored))
	}
	ids, _ = eachCase(t, func(fn func(*cdop.Case) error) error {
		return db.EachCase(ctx, cdop.CaseFilter{Stage: cdop.StageClosed}, from, to, fn)
	})
	if !slices.Equal(ids, idsOf(closed)) {
		t.Errorf("closed cases of the period: %d, want %d", len(ids), len(closed))
	}
	ids, _ = eachCase(t, func(fn func(*cdop.Case) error) error {
		return db.EachCase(ctx, cdop.CaseFilter{Limit: 7}, cdop.Date{}, cdop.Date{}, fn)
	})
	if len(ids) != 7 {
		t.Errorf("limit 7: %d cases", len(ids))
	}

	// Some fields only: the others blank.
	_, got = eachCase(t, func(fn func(*cdop.Case) error) error {
		return db.EachCaseFields(ctx, cdop.CaseFilter{}, from, to, []string{"date_of_death", "sex", "imd_decile"}, fn)
	})
	for _, c := range got {
		s := byID[c.ID]
		if c.DateOfDeath != s.DateOfDeath || c.Sex != s.Sex || c.IMDDecile != s.IMDDecile {
			t.Errorf("case %s: the fields asked for differ from those stored", s.Ref)
		}
		if c.FirstName != "" || c.LastName != "" || c.NHSNumber != "" || c.Ref != "" || c.Summary != "" || c.Postcode != "" {
			t.Errorf("case %s: fields not asked for were read: %q %q %q %q", s.Ref, c.FirstName, c.LastName, c.NHSNumber, c.Ref)
		}
	}
	err = db.EachCaseFields(ctx, cdop.CaseFilter{}, from, to, []string{"sex", "shoe_size"}, func(*cdop.Case) error { return nil })
	wantCode(t, "an unknown field", err, cdop.EINVALID, "shoe_size")
}

func TestEachCase_StopsAtAnError(t *testing.T) {
	db := MustOpenDB(t)
	ctx := context.Background()
	if err := db.ImportCases(ctx, (&caseGen{}).cases(50)); err != nil {
		t.Fatal(err)
	}
	stop := errors.New("enough")
	n := 0
	err := db.EachCase(ctx, cdop.CaseFilter{}, cdop.Date{}, cdop.Date{}, func(*cdop.Case) error {
		n++
		if n == 3 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) || n != 3 {
		t.Errorf("error %v after %d cases, want fn's after 3", err, n)
	}
	cancelled, cancel := context.WithCancel(ctx)
	n = 0
	err = db.EachCase(cancelled, cdop.CaseFilter{}, cdop.Date{}, cdop.Date{}, func(*cdop.Case) error {
		n++
		cancel()
		return nil
	})
	if !errors.Is(err, context.Canceled) || n == 50 {
		t.Errorf("cancelled: error %v after %d cases", err, n)
	}
}

// TestEachCase_ReadsOneSnapshot: a case stored while the cases stream is
// not among them, and the writer does not wait for the reader.
func TestEachCase_ReadsOneSnapshot(t *testing.T) {
	db := MustOpenDB(t)
	ctx := context.Background()
	g := &caseGen{}
	if err := db.ImportCases(ctx, g.cases(20)); err != nil {
		t.Fatal(err)
	}
	late := g.next()
	n := 0
	err := db.EachCase(ctx, cdop.CaseFilter{}, cdop.Date{}, cdop.Date{}, func(c *cdop.Case) error {
		n++
		if n == 1 {
			return db.CreateCase(ctxAs("test"), late)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n != 20 {
		t.Errorf("streamed %d cases, want the 20 stored when it began", n)
	}
	if _, err := db.FindCaseByID(ctx, late.ID); err != nil {
		t.Errorf("the case stored meanwhile: %v", err)
	}
}

func TestEachCaseByRef_InReferenceOrderAndStops(t *testing.T) {
	db := MustOpenDB(t)
	g := &caseGen{}
	if err := db.ImportCases(context.Background(), g.cases(30)); err != nil {
		t.Fatal(err)
	}
	want, err := db.FindCases(context.Background(), cdop.CaseFilter{Stage: cdop.StageNotified})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	stop := errors.New("enough")
	err = db.EachCaseByRef(context.Background(), cdop.CaseFilter{Stage: cdop.StageNotified}, func(c *cdop.Case) error {
		got = append(got, c.Ref)
		if len(got) == 3 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) || !slices.Equal(got, refsOf(want[:3])) {
		t.Errorf("EachCaseByRef gave %q, %v; want the first three, %q, and the error", got, err, refsOf(want[:3]))
	}
}

func TestEachOpenCaseFile_ReadsManyInChunks(t *testing.T) {
	db := MustOpenDB(t)
	ctx := ctxAs("test")
	g := &caseGen{}
	cases := g.cases(1300) // every sixth closed
	if err := db.ImportCases(ctx, cases); err != nil {
		t.Fatal(err)
	}
	var open []string
	for _, c := range cases {
		if c.Stage != cdop.StageClosed {
			open = append(open, c.Ref)
		}
	}
	slices.Sort(open)
	// A contact for a case late in the order, beyond the first chunks.
	late, err := db.FindCaseByRef(ctx, open[len(open)-5])
	if err != nil {
		t.Fatal(err)
	}
	if err := db.AddContact(ctx, &cdop.Contact{CaseID: late.ID, On: day("2025-03-01"), Method: "phone", Note: late.Ref}); err != nil {
		t.Fatal(err)
	}

	var got []string
	err = db.EachOpenCaseFile(ctx, func(f *cdop.CaseFile) error {
		got = append(got, f.Case.Ref)
		if n := len(f.Contacts); f.Case.ID == late.ID && (n != 1 || f.Contacts[0].Note != late.Ref) || f.Case.ID != late.ID && n != 0 {
			t.Errorf("the file of %s holds contacts %+v", f.Case.Ref, f.Contacts)
		}
		return nil
	})
	if err != nil || !slices.Equal(got, open) {
		t.Fatalf("EachOpenCaseFile gave %d files (%v); want the %d open cases in reference order", len(got), err, len(open))
	}
}
