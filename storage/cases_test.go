package storage_test

import (
	"context"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"casemanager/cdop"
)

func TestCreateCase_RoundTripsEveryField(t *testing.T) {
	db := MustOpenDB(t)
	ctx := context.Background()
	want := fullCase()
	for _, col := range cdop.CaseFields {
		// nhs_number_status is blank when there is an NHS number,
		// cdrm_not_held_reason when a meeting was held, and the record's
		// status when it is a live case; the update test covers them.
		if want.Get(col.Name) == "" && !leftBlank[col.Name] {
			t.Fatalf("fullCase leaves %s empty; the round trip must cover every field", col.Name)
		}
	}
	c := fullCase()
	if err := db.CreateCase(ctx, c); err != nil {
		t.Fatal(err)
	}
	if c.ID == "" {
		t.Fatal("CreateCase left the ID blank")
	}
	if !c.CreatedAt.Equal(testNow) || !c.UpdatedAt.Equal(testNow) {
		t.Errorf("CreatedAt, UpdatedAt = %v, %v; want %v", c.CreatedAt, c.UpdatedAt, testNow)
	}

	got, err := db.FindCaseByID(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range diffCases(got, want) {
		t.Error(d)
	}
	if !reflect.DeepEqual(got, c) {
		t.Errorf("FindCaseByID = %+v\nwant what CreateCase returned: %+v", got, c)
	}

	byRef, err := db.FindCaseByRef(ctx, "cdop-2024-0042")
	if err != nil {
		t.Fatal(err)
	}
	if byRef.ID != c.ID {
		t.Errorf("FindCaseByRef(lower case) ID = %q, want %q", byRef.ID, c.ID)
	}
}

func TestUpdateCase_RoundTripsEveryField(t *testing.T) {
	clock := &settableClock{now: testNow}
	db := MustOpenDBAt(t, filepath.Join(t.TempDir(), "cases.db"), clock)
	ctx := context.Background()
	c := fullCase()
	c.Stage = cdop.StageCDOPReview // a closed case cannot be changed
	mustCreate(t, db, c)

	// Change every field but the stage (MoveStage's) to another valid value.
	u := c.Clone()
	u.Ref = "CDOP-2024-0043"
	u.FirstName, u.LastName = "Siobhán", "Ní Bhriain"
	u.DateOfBirth, u.DateOfDeath = cdop.MustParseDate("2023-11-06"), cdop.MustParseDate("2024-02-13")
	u.TimeOfDeath, u.Sex = "23:59", "indeterminate"
	u.NHSNumber, u.NHSNumberStatus = "", "non_resident"
	u.Postcode, u.Ethnicity, u.IMDDecile = "BD3 9LE", "Z", 10
	u.ResidenceLA, u.PlaceOfDeath, u.Expected = "E08000032", "home", "expected"
	u.NotifiedOn = cdop.MustParseDate("2024-02-14")
	u.JAR, u.JARReason, u.JARTriggers, u.AbuseNeglectSuspected = "no", "", nil, "no"
	u.ParallelReviews, u.ParallelReviewOther = []string{"leder"}, ""
	u.CSPRPNotifiedOn, u.RapidReviewCompletedOn = cdop.Date{}, cdop.Date{}
	u.CoronerReferred, u.PostMortem, u.Inquest, u.KeyWorker = "no", "no", "pending", "Ward sister"
	u.CDRMOn, u.CDRMNotHeldReason = cdop.Date{}, "Expected death; the panel agreed no meeting was needed"
	u.CDOPReviewOn = cdop.MustParseDate("2024-06-01")
	u.Residency, u.PanelOfResidence, u.LookedAfter, u.LACNotifiedOn = "resident", "", "no", cdop.Date{}
	u.LAAwareOn, u.CoronerReferredOn, u.PostMortemOn, u.PostMortemReportReceivedOn = cdop.MustParseDate("2024-02-13"), cdop.Date{}, cdop.Date{}, cdop.Date{}
	u.InquestOpenedOn, u.InquestConcludedOn = cdop.MustParseDate("2024-02-21"), cdop.Date{}
	u.NCMDSubmittedOn, u.NCMDSubmittedBy = cdop.MustParseDate("2024-07-21"), "another.coordinator"
	u.VoidedReason, u.DistinctReason = "Notified twice by the hospital", "A different child: confirmed with the GP"
	u.TransferredTo, u.TransferredOn = "Kent and Medway CDOP", cdop.MustParseDate("2024-03-01")
	u.FamilyToldCDRMOn, u.FamilyToldCDOPReviewOn, u.FamilyToldOutcomeOn = cdop.Date{}, cdop.MustParseDate("2024-05-30"), cdop.MustParseDate("2024-06-03")
	u.Analysis = cdop.Analysis{
		Category: 7,
		Domains: [4]cdop.DomainEntry{
			{Score: cdop.ScoreOf(1), Factors: []string{"trisomy 18"}},
			{Score: cdop.ScoreOf(1)},
			{},
			{Score: cdop.ScoreOf(1), Factors: []string{"delayed transfer"}},
		},
		Modifiable:   "none",
		CauseOfDeath: "Trisomy 18",
		Learning:     []string{"Palliative care plan shared early"},
		SignedOffOn:  cdop.MustParseDate("2024-06-02"),

		ContributingCategories: []int{9, 5},
		FactorDetails:          []cdop.FactorDetail{{Domain: "a", Factor: "trisomy 18", Code: "A02", Contribution: "contributed"}},
		LCSPRCriteriaMet:       "yes",
	}
	u.Summary = "Changed synthetic summary."
	for _, f := range cdop.CaseFields {
		if first, second := f.Examples(); c.Get(f.Name) == first && second != first {
			if err := u.Set(f.Name, second); err != nil {
				t.Fatal(err)
			}
		}
	}
	u.BirthOutcome = "" // unattended_stillbirth, the other choice, needs the same dates of birth and death
	for _, col := range cdop.CaseFields {
		if col.Name != "stage" && u.Get(col.Name) == c.Get(col.Name) {
			t.Fatalf("the update leaves %s unchanged; the round trip must cover every field", col.Name)
		}
	}
	want := u.Clone()

	later := testNow.Add(36 * time.Hour)
	clock.now = later
	if err := db.UpdateCase(ctx, u); err != nil {
		t.Fatal(err)
	}
	got, err := db.FindCaseByID(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range diffCases(got, want) {
		t.Error(d)
	}
	if !got.CreatedAt.Equal(testNow) || !got.UpdatedAt.Equal(later) {
		t.Errorf("CreatedAt, UpdatedAt = %v, %v; want %v, %v", got.CreatedAt, got.UpdatedAt, testNow, later)
	}
	if !reflect.DeepEqual(got, u) {
		t.Errorf("FindCaseByID = %+v\nwant what UpdateCase returned: %+v", got, u)
	}
	if _, err := db.FindCaseByRef(ctx, "CDOP-2024-0042"); cdop.ErrorCode(err) != cdop.ENOTFOUND {
		t.Errorf("FindCaseByRef(old reference) error = %v, want ENOTFOUND", err)
	}
}

func TestCreateCase_StoresTrimmedNormalisedFields(t *testing.T) {
	db := MustOpenDB(t)
	c := fullCase()
	c.FirstName, c.KeyWorker = "  Zoë ", " Sudden death nurse  "
	c.Analysis.Learning = []string{" Safe sleep advice at every contact ", "Share smoking cessation referral"}
	mustCreate(t, db, c)
	if got, want := c.FirstName, "Zoë"; got != want {
		t.Errorf("returned FirstName = %q, want %q", got, want)
	}
	got, err := db.FindCaseByID(context.Background(), c.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range diffCases(got, fullCase()) {
		t.Error(d)
	}
}

func TestCreateCase_AssignsReferences(t *testing.T) {
	db := MustOpenDB(t)
	g := &caseGen{}
	death2024 := func() *cdop.Case {
		c := g.next()
		c.DateOfBirth, c.DateOfDeath, c.NotifiedOn = cdop.MustParseDate("2020-03-01"), cdop.MustParseDate("2024-03-01").AddDays(g.i), cdop.Date{}
		return c
	}
	a := death2024()
	mustCreate(t, db, a)
	if got, want := a.Ref, "CDOP-2024-0001"; got != want {
		t.Errorf("first reference = %q, want %q", got, want)
	}
	b := death2024()
	b.Ref = "CDOP-2024-0017"
	mustCreate(t, db, b)
	other := death2024()
	other.Ref = "CDOP-2024-A9" // not of the numbered form: ignored
	mustCreate(t, db, other)
	c := death2024()
	mustCreate(t, db, c)
	if got, want := c.Ref, "CDOP-2024-0018"; got != want {
		t.Errorf("reference after CDOP-2024-0017 = %q, want %q", got, want)
	}
	d := g.next() // died in 2005 or later, not 2024
	mustCreate(t, db, d)
	if want := "CDOP-" + d.DateOfDeath.String()[:4] + "-0001"; d.Ref != want {
		t.Errorf("first reference of year = %q, want %q", d.Ref, want)
	}
}

func TestCreateCase_RefusesInvalidCase(t *testing.T) {
	db := MustOpenDB(t)
	c := fullCase()
	c.DateOfDeath = cdop.MustParseDate("2025-06-03")                      // the day after testNow
	c.NHSNumber = c.NHSNumber[:9] + string('0'+(c.NHSNumber[9]-'0'+1)%10) // wrong check digit
	err := db.CreateCase(context.Background(), c)
	v, ok := cdop.AsValidationErrors(err)
	if !ok {
		t.Fatalf("CreateCase error = %v, want cdop.ValidationErrors", err)
	}
	if v.For("date_of_death") == "" || v.For("nhs_number") == "" {
		t.Errorf("validation errors = %q, want date_of_death and nhs_number problems", v)
	}
	if c.ID != "" {
		t.Errorf("refused case got ID %q", c.ID)
	}
	if cases, _ := db.FindCases(context.Background(), cdop.CaseFilter{}); len(cases) != 0 {
		t.Errorf("%d cases stored after a refusal, want 0", len(cases))
	}
}

func TestCreateCase_RefusesDuplicates(t *testing.T) {
	db := MustOpenDB(t)
	ctx := context.Background()
	first := fullCase()
	mustCreate(t, db, first)

	sameNames := fullCase()
	sameNames.Ref, sameNames.NHSNumber, sameNames.NHSNumberStatus = "", "", "not_available"
	sameNames.FirstName, sameNames.LastName = "ZOE", "o  suilleabhain"
	sameNHS := fullCase()
	sameNHS.Ref, sameNHS.FirstName = "", "Ava"
	sameRef := fullCase()
	sameRef.FirstName, sameRef.NHSNumber = "Ava", nhsNumber(124)
	sameRef.Ref = "cdop-2024-0042"

	for _, tc := range []struct {
		name string
		c    *cdop.Case
		want []string
	}{
		{"names without accents", sameNames, []string{"CDOP-2024-0042", "the same surname, dates of birth and death and sex"}},
		{"NHS number", sameNHS, []string{"CDOP-2024-0042", "the same NHS number"}},
		{"reference", sameRef, []string{"cdop-2024-0042", "already used"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := db.CreateCase(ctx, tc.c)
			if got := cdop.ErrorCode(err); got != cdop.ECONFLICT {
				t.Fatalf("error code = %q (%v), want %q", got, err, cdop.ECONFLICT)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
		})
	}
	dups, err := db.FindDuplicates(ctx, sameNames)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := refsOf(dups), []string{"CDOP-2024-0042"}; !slices.Equal(got, want) {
		t.Errorf("FindDuplicates = %q, want %q", got, want)
	}
	if dups, err := db.FindDuplicates(ctx, first); err != nil || len(dups) != 0 {
		t.Errorf("FindDuplicates(stored case itself) = %q, %v; want none", refsOf(dups), err)
	}
}

func TestUpdateCase_Refusals(t *testing.T) {
	db := MustOpenDB(t)
	ctx := context.Background()
	g := &caseGen{}
	a, b := g.next(), g.next()
	mustCreate(t, db, a, b)

	missing := g.next()
	missing.Ref, missing.ID = "CDOP-2020-0001", "00000000-0000-0000-0000-000000000000"
	if err := db.UpdateCase(ctx, missing); cdop.ErrorCode(err) != cdop.ENOTFOUND {
		t.Errorf("update of a missing case: error %v, want ENOTFOUND", err)
	}

	invalid := a.Clone()
	invalid.Sex = "unknown"
	if _, ok := cdop.AsValidationErrors(db.UpdateCase(ctx, invalid)); !ok {
		t.Error("update with an invalid sex: want ValidationErrors")
	}

	dup := a.Clone()
	dup.NHSNumber = b.NHSNumber
	if err := db.UpdateCase(ctx, dup); cdop.ErrorCode(err) != cdop.ECONFLICT || !strings.Contains(err.Error(), b.Ref) {
		t.Errorf("update to another case's NHS number: error %v, want ECONFLICT naming %s", err, b.Ref)
	}

	takeRef := a.Clone()
	takeRef.Ref = b.Ref
	if err := db.UpdateCase(ctx, takeRef); cdop.ErrorCode(err) != cdop.ECONFLICT {
		t.Errorf("update to another case's reference: error %v, want ECONFLICT", err)
	}

	blankRef := a.Clone()
	blankRef.Ref = ""
	if v, ok := cdop.AsValidationErrors(db.UpdateCase(ctx, blankRef)); !ok || v.For("case_ref") == "" {
		t.Errorf("update with a blank reference: error %v, want a case_ref validation error", v)
	}

	// The case itself is no duplicate: changing only the summary works.
	ok := a.Clone()
	ok.Summary = "Edited."
	if err := db.UpdateCase(ctx, ok); err != nil {
		t.Errorf("update of the summary: %v", err)
	}
}

func TestAudit_CreateAndUpdate(t *testing.T) {
	clock := &settableClock{now: testNow}
	db := MustOpenDBAt(t, filepath.Join(t.TempDir(), "cases.db"), clock)
	c := fullCase()
	c.Stage = cdop.StageCDOPReview
	if err := db.CreateCase(ctxAs("jane.coordinator"), c); err != nil {
		t.Fatal(err)
	}

	later := testNow.Add(25 * time.Hour)
	clock.now = later
	u := c.Clone()
	u.KeyWorker = ""
	u.Analysis.Domains[1].Factors = append(u.Analysis.Domains[1].Factors, "damp housing")
	u.FamilyToldOutcomeOn = cdop.Date{} // a flowchart field, not in the interchange file
	if err := db.UpdateCase(ctxAs("sam.chair"), u); err != nil {
		t.Fatal(err)
	}
	// Saving again with no change writes no audit row.
	if err := db.UpdateCase(ctxAs("sam.chair"), u.Clone()); err != nil {
		t.Fatal(err)
	}

	history, err := db.CaseHistory(context.Background(), c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(history) != 2 {
		t.Fatalf("%d audit rows, want 2: %+v", len(history), history)
	}
	created := history[0]
	if created.Action != "create" || created.Actor != "jane.coordinator" || created.CaseID != c.ID || !created.At.Equal(testNow) {
		t.Errorf("create row = %s by %s for %s at %v; want create by jane.coordinator for %s at %v",
			created.Action, created.Actor, created.CaseID, created.At, c.ID, testNow)
	}
	if got, want := created.Changes, allChanges(c); !reflect.DeepEqual(got, want) {
		t.Errorf("create changes = %+v\nwant %+v", got, want)
	}
	wantUpdate := []cdop.FieldChange{
		{Field: "key_worker", Old: "Sudden death nurse", New: ""},
		{Field: "domain_b_factors", Old: "shared sleeping surface | parental smoking", New: "shared sleeping surface | parental smoking | damp housing"},
		{Field: "family_told_outcome_on", Old: "2024-07-25", New: ""},
	}
	if got := history[1]; got.Action != "update" || got.Actor != "sam.chair" || !got.At.Equal(later) || !reflect.DeepEqual(got.Changes, wantUpdate) {
		t.Errorf("update row = %s by %s at %v, changes %+v\nwant update by sam.chair at %v, changes %+v",
			got.Action, got.Actor, got.At, got.Changes, later, wantUpdate)
	}

	if _, err := db.CaseHistory(context.Background(), "no-such-id"); cdop.ErrorCode(err) != cdop.ENOTFOUND {
		t.Errorf("CaseHistory(missing) error = %v, want ENOTFOUND", err)
	}
}

func TestAudit_DefaultActor(t *testing.T) {
	db := MustOpenClearDB(t)
	c := fullCase()
	if err := db.CreateCase(context.Background(), c); err != nil {
		t.Fatal(err)
	}
	history, err := db.CaseHistory(context.Background(), c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(history) != 1 || history[0].Actor != "unknown" {
		t.Errorf("history = %+v, want one row by \"unknown\"", history)
	}
}

func TestFindCases(t *testing.T) {
	db := MustOpenDB(t)
	ctx := context.Background()
	g := &caseGen{}
	var all []*cdop.Case
	for range 40 {
		c := g.next()
		mustCreate(t, db, c)
		all = append(all, c)
	}
	zoe := fullCase() // CDOP-2024-0042, Zoë Ó Súilleabháin
	mustCreate(t, db, zoe)
	all = append(all, zoe)

	want := func(keep func(c *cdop.Case) bool) []string {
		var out []string
		for _, c := range all {
			if keep(c) {
				out = append(out, c.Ref)
			}
		}
		slices.Sort(out)
		return out
	}
	nhs := all[5].NHSNumber
	for _, tc := range []struct {
		name   string
		filter cdop.CaseFilter
		want   []string
	}{
		{"all", cdop.CaseFilter{}, want(func(*cdop.Case) bool { return true })},
		{"stage", cdop.CaseFilter{Stage: cdop.StageCDRM}, want(func(c *cdop.Case) bool { return c.Stage == cdop.StageCDRM })},
		{"year", cdop.CaseFilter{YearOfDeath: 2005}, want(func(c *cdop.Case) bool { return c.DateOfDeath.Year() == 2005 })},
		{"stage and year", cdop.CaseFilter{Stage: cdop.StageClosed, YearOfDeath: 2024}, []string{"CDOP-2024-0042"}},
		{"limit", cdop.CaseFilter{Limit: 3}, want(func(*cdop.Case) bool { return true })[:3]},
		{"reference, any case", cdop.CaseFilter{Search: "cdop-2024-0042"}, []string{"CDOP-2024-0042"}},
		{"accent-folded surname", cdop.CaseFilter{Search: "SUILLEABH"}, want(func(c *cdop.Case) bool { return strings.Contains(c.LastName, "Súilleabh") })},
		{"accented search", cdop.CaseFilter{Search: "zoë ó"}, want(func(c *cdop.Case) bool { return c.FullName() == "Zoë Ó Súilleabháin" })},
		{"first and last name", cdop.CaseFilter{Search: "Amelia  Smith"}, want(func(c *cdop.Case) bool { return c.FullName() == "Amelia Smith" })},
		{"NHS number", cdop.CaseFilter{Search: nhs}, []string{all[5].Ref}},
		{"NHS number with spaces", cdop.CaseFilter{Search: cdop.FormatNHSNumber(nhs)}, []string{all[5].Ref}},
		{"NHS number part", cdop.CaseFilter{Search: " " + cdop.FormatNHSNumber(nhs)[4:] + " "}, []string{all[5].Ref}},
		{"search and stage", cdop.CaseFilter{Search: "o suilleabhain", Stage: cdop.StageNotified}, want(func(c *cdop.Case) bool {
			return strings.Contains(c.LastName, "Súilleabh") && c.Stage == cdop.StageNotified
		})},
		{"no match", cdop.CaseFilter{Search: "xyzzy"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cases, err := db.FindCases(ctx, tc.filter)
			if err != nil {
				t.Fatal(err)
			}
			if got := refsOf(cases); !slices.Equal(got, tc.want) {
				t.Errorf("FindCases(%+v) = %q\nwant %q", tc.filter, got, tc.want)
			}
		})
	}
}

func TestFindCase_NotFound(t *testing.T) {
	db := MustOpenDB(t)
	ctx := context.Background()
	if _, err := db.FindCaseByID(ctx, "nope"); cdop.ErrorCode(err) != cdop.ENOTFOUND {
		t.Errorf("FindCaseByID error = %v, want ENOTFOUND", err)
	}
	if _, err := db.FindCaseByRef(ctx, "CDOP-2024-0001"); cdop.ErrorCode(err) != cdop.ENOTFOUND {
		t.Errorf("FindCaseByRef error = %v, want ENOTFOUND", err)
	}
}
