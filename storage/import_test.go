package storage_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"casemanager/cdop"
)

func TestImportCases_AssignsReferencesAndAudits(t *testing.T) {
	db := MustOpenClearDB(t)
	ctx := context.Background()
	stored := fullCase() // CDOP-2024-0042
	mustCreate(t, db, stored)

	g := &caseGen{}
	batch := g.cases(4)
	died2024 := func(c *cdop.Case, day int) {
		c.DateOfBirth, c.DateOfDeath, c.NotifiedOn = cdop.MustParseDate("2020-01-01"), cdop.NewDate(2024, 1, day), cdop.Date{}
	}
	died2024(batch[0], 1)
	died2024(batch[1], 2)
	batch[1].Ref = "CDOP-2024-0050" // a reference given in the file raises the numbering
	died2024(batch[2], 3)
	batch[3].Ref = "LEEDS/2005/7"
	if err := db.ImportCases(ctxAs("importer"), batch); err != nil {
		t.Fatal(err)
	}
	if got, want := refsOf(batch), []string{"CDOP-2024-0051", "CDOP-2024-0050", "CDOP-2024-0052", "LEEDS/2005/7"}; !slices.Equal(got, want) {
		t.Errorf("references = %q, want %q", got, want)
	}
	for _, c := range batch {
		got, err := db.FindCaseByRef(ctx, c.Ref)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, c) {
			t.Errorf("stored %s = %+v\nwant %+v", c.Ref, got, c)
		}
		history, err := db.CaseHistory(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(history) != 1 || history[0].Action != "import" || history[0].Actor != "importer" ||
			!reflect.DeepEqual(history[0].Changes, cdop.Diff(nil, c)) {
			t.Errorf("history of %s = %+v, want one import row by importer with every field", c.Ref, history)
		}
	}
	more := g.cases(1)
	died2024(more[0], 4)
	if err := db.ImportCases(ctx, more); err != nil {
		t.Fatal(err)
	}
	if got, want := more[0].Ref, "CDOP-2024-0053"; got != want {
		t.Errorf("next import's reference = %q, want %q", got, want)
	}
}

func TestImportCases_AllOrNothing(t *testing.T) {
	db := MustOpenDB(t)
	ctx := context.Background()
	stored := fullCase()
	mustCreate(t, db, stored)

	g := &caseGen{}
	batch := g.cases(7)
	batch[1].DateOfDeath = cdop.MustParseDate("2030-01-01") // invalid: future
	batch[1].Sex = "boy"                                    // invalid: not a word of the list
	batch[2].NHSNumber = stored.NHSNumber                   // duplicates the stored case
	batch[3].Ref = "cdop-2024-0042"                         // the stored case's reference
	batch[1].NotifiedOn = cdop.Date{}
	batch[4].NHSNumber = batch[0].NHSNumber // duplicates row 1
	batch[5].FirstName = "AMÉLIÀ"           // same names and dates as row 1
	batch[5].NHSNumber, batch[5].NHSNumberStatus = "", "not_available"
	batch[5].LastName, batch[5].DateOfBirth, batch[5].DateOfDeath = batch[0].LastName, batch[0].DateOfBirth, batch[0].DateOfDeath
	batch[5].NotifiedOn, batch[5].Sex, batch[5].Postcode = batch[0].NotifiedOn, batch[0].Sex, batch[0].Postcode
	batch[6].Ref = "CDOP-2005-0009"
	batch[0].Ref = "CDOP-2005-0009" // two rows share a reference
	before := batch[6].Clone()

	err := db.ImportCases(ctx, batch)
	var rowErrs cdop.RowErrors
	if !errors.As(err, &rowErrs) {
		t.Fatalf("ImportCases error = %v, want cdop.RowErrors", err)
	}
	type problem struct {
		row         int
		field, text string
	}
	want := []problem{
		{1, "date_of_death", "in the future"},
		{1, "sex", "not allowed"},
		{2, "nhs_number", "as stored case CDOP-2024-0042"},
		{3, "case_ref", "already used by a stored case"},
		{4, "nhs_number", "the same death as another case in this import (the same NHS number)"},
		{5, "last_name", "possibly the same child as another case in this import (the same surname, dates of birth and death and sex"},
		{6, "case_ref", `"CDOP-2005-0009" is also the reference of another case in this import`},
	}
	var got []problem
	for _, e := range rowErrs {
		got = append(got, problem{e.Row, e.Field, e.Message})
	}
	if len(got) != len(want) {
		t.Fatalf("row errors:\n%v\nwant %d like %v", rowErrs, len(want), want)
	}
	for i := range want {
		if got[i].row != want[i].row || got[i].field != want[i].field || !strings.Contains(got[i].text, want[i].text) {
			t.Errorf("row error %d = %+v, want row %d field %s containing %q", i, got[i], want[i].row, want[i].field, want[i].text)
		}
		// The interchange layer maps Row to the file's line; a row number
		// of the message's own would count differently.
		if strings.Contains(got[i].text, "row") {
			t.Errorf("row error %d = %q: a message must not number rows itself", i, got[i].text)
		}
	}
	cases, err := db.FindCases(ctx, cdop.CaseFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := refsOf(cases), []string{stored.Ref}; !slices.Equal(got, want) {
		t.Errorf("stored after a failed import: %q, want only %q", got, want)
	}
	if batch[6].ID != "" || !reflect.DeepEqual(batch[6], before) {
		t.Errorf("a failed import changed the caller's case: %+v", batch[6])
	}
}

func TestBeginImport_ChecksRowsAgainstTheStoredCases(t *testing.T) {
	db := MustOpenDB(t)
	stored := fullCase()
	mustCreate(t, db, stored)

	g := &caseGen{}
	batch := g.cases(4)
	batch[0].NHSNumber = stored.NHSNumber
	batch[2].FirstName, batch[2].LastName = "zoe", "O'Suilleabhain" // not the same folded name
	batch[2].DateOfBirth, batch[2].DateOfDeath, batch[2].NotifiedOn = stored.DateOfBirth, stored.DateOfDeath, cdop.Date{}
	batch[1].FirstName, batch[1].LastName = "ZOË", "ó súilleabháin"
	batch[1].DateOfBirth, batch[1].DateOfDeath, batch[1].NotifiedOn = stored.DateOfBirth, stored.DateOfDeath, cdop.Date{}
	batch[1].Ref = stored.Ref
	batch[1].NHSNumber, batch[1].NHSNumberStatus, batch[1].Sex, batch[1].Postcode = "", "not_available", stored.Sex, ""
	batch[3] = batch[2].Clone() // the same as a row of this import, not as a stored case
	batch[3].Ref = "x/1"
	batch[2].Ref = "X/1"

	ctx := context.Background()
	imp, err := db.BeginImport(ctx, func(row int) string { return fmt.Sprintf("the case on line %d", row) })
	if err != nil {
		t.Fatal(err)
	}
	defer imp.Rollback()
	var got cdop.RowErrors
	for i, c := range batch {
		errs, err := imp.Add(ctx, 10+i, c)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, errs...)
	}
	want := cdop.RowErrors{
		{Row: 10, Field: "nhs_number", Message: "the same death as stored case CDOP-2024-0042 (the same NHS number)"},
		{Row: 11, Field: "last_name", Message: "possibly the same child as stored case CDOP-2024-0042 (the same surname, dates of birth and death and sex, and no NHS number to tell them apart); if it is a different child, say why in distinct_reason"},
		{Row: 11, Field: "case_ref", Message: `"CDOP-2024-0042" is already used by a stored case`},
		{Row: 13, Field: "nhs_number", Message: "the same death as the case on line 12 (the same NHS number)"},
		{Row: 13, Field: "case_ref", Message: `"x/1" is also the reference of the case on line 12`},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Add reported\n%v\nwant\n%v", got, want)
	}
	if n, err := imp.Commit(ctx); n != 0 || cdop.ErrorCode(err) != cdop.EINVALID {
		t.Errorf("Commit after problems = %d, %v; want 0 and EINVALID", n, err)
	}
	cases, err := db.FindCases(ctx, cdop.CaseFilter{})
	if err != nil || len(cases) != 1 {
		t.Errorf("after a failed import %d cases are stored (%v); want only the one before", len(cases), err)
	}
}

func TestBeginImport_CommitsWhatWasAdded(t *testing.T) {
	db := MustOpenDB(t)
	ctx := context.Background()
	g := &caseGen{}
	imp, err := db.BeginImport(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i, c := range g.cases(3) {
		if errs, err := imp.Add(ctx, i, c); err != nil || len(errs) > 0 {
			t.Fatalf("Add: %v %v", errs, err)
		}
	}
	if n, err := imp.Commit(ctx); n != 3 || err != nil {
		t.Fatalf("Commit = %d, %v; want 3, nil", n, err)
	}
	if err := imp.Rollback(); err != nil {
		t.Errorf("Rollback after Commit: %v", err)
	}
	cases, err := db.FindCases(ctx, cdop.CaseFilter{})
	if err != nil || len(cases) != 3 {
		t.Fatalf("%d cases stored (%v), want 3", len(cases), err)
	}
	for _, c := range cases {
		if strings.HasPrefix(c.Ref, "~") || !strings.HasPrefix(c.Ref, "CDOP-") {
			t.Errorf("stored reference %q; want one assigned", c.Ref)
		}
	}
	// The write lock is free again: another change goes through at once.
	mustCreate(t, db, g.cases(1)[0])
}

func TestFreeTextLimitSetting_RefusesLongerTextOnSaveAndImport(t *testing.T) {
	db := MustOpenDB(t)
	ctx := ctxAs("test")
	if err := db.SaveSettings(ctx, cdop.Settings{FreeTextLimit: 1000}); err != nil {
		t.Fatal(err)
	}
	g := &caseGen{}
	long := g.next()
	long.Summary = strings.Repeat("word ", 300) // 1,500 characters
	err := db.CreateCase(ctx, long)
	if v, ok := cdop.AsValidationErrors(err); !ok || v[0].Field != "summary" || !strings.Contains(v[0].Message, "at most 1000 (a setting)") {
		t.Errorf("a case with 1,500 characters of summary under a limit of 1,000: error %v", err)
	}
	short := g.next()
	mustCreate(t, db, short)
	short.Summary = long.Summary
	if err := db.UpdateCase(ctx, short); cdop.ErrorCode(err) != cdop.EINVALID {
		t.Errorf("an edit past the limit: error %v, want EINVALID", err)
	}
	other := g.next()
	other.Summary = long.Summary
	err = db.ImportCases(ctx, []*cdop.Case{g.next(), other})
	var rows cdop.RowErrors
	if !errors.As(err, &rows) || len(rows) != 1 || rows[0].Row != 1 || rows[0].Field != "summary" {
		t.Errorf("an import with one row past the limit: error %v, want row 1's summary", err)
	}
}
