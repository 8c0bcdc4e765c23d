package cdop_test

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"casemanager/cdop"
)

// wantRule asserts that err is the refusal of rule (with the rule's code)
// and that its message holds every one of says; rule "" wants no error.
func wantRule(t testing.TB, name string, err error, rule cdop.Rule, says ...string) {
	t.Helper()
	if rule == "" {
		if err != nil {
			t.Errorf("%s: want no error, got %v", name, err)
		}
		return
	}
	if got := cdop.ErrorRule(err); got != rule {
		t.Errorf("%s: rule = %q (%v); want %q", name, got, err, rule)
		return
	}
	if got := cdop.ErrorCode(err); got != rule.Code() {
		t.Errorf("%s: code = %q; want %q", name, got, rule.Code())
	}
	for _, s := range says {
		if !strings.Contains(err.Error(), s) {
			t.Errorf("%s: message %q does not say %q", name, err, s)
		}
	}
}

func TestCheckEdit(t *testing.T) {
	stored := func(stage cdop.Stage) *cdop.Case {
		c := completeFile(t, stage).Case
		c.UpdatedAt = time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)
		return c
	}
	tests := []struct {
		name  string
		stage cdop.Stage
		edit  func(c *cdop.Case)
		rule  cdop.Rule
		says  []string
	}{
		{"an open case takes a change", cdop.StageCDRM, func(c *cdop.Case) { c.Summary = "More detail" }, "", nil},
		{"a closed case saved unchanged is no change", cdop.StageClosed, func(c *cdop.Case) {}, "", nil},
		{"a closed case saved with spaces only is no change", cdop.StageClosed, func(c *cdop.Case) { c.FirstName = " " + c.FirstName + " " }, "", nil},
		{"a closed case is read-only", cdop.StageClosed, func(c *cdop.Case) { c.Summary = "More detail" },
			cdop.RuleClosedReadOnly, []string{"is closed; reopen it with a reason"}},
		{"a closed case with a field that cannot be read back is read-only", cdop.StageClosed, func(c *cdop.Case) { c.TimeOfDeath = "25:99\x00" },
			cdop.RuleClosedReadOnly, nil},
		{"the stage changes only by a move", cdop.StageCDRM, func(c *cdop.Case) { c.Stage = cdop.StageCDOPReview },
			cdop.RuleStageByEdit, []string{"cannot be changed by editing it (it is at Child death review meeting)"}},
		{"the stage moves back only by a move", cdop.StageCDRM, func(c *cdop.Case) { c.Stage = cdop.StageNotified },
			cdop.RuleStageByEdit, nil},
		{"an edit keeps what the stage needed", cdop.StageCDRM, func(c *cdop.Case) { c.JAR = "" },
			cdop.RuleStageKept, []string{"is at Child death review meeting, which needs:\n- a decision whether a Joint Agency Response is needed"}},
		{"an edit keeps what an earlier stage needed", cdop.StageCDOPReview, func(c *cdop.Case) { c.NotifiedOn = cdop.Date{} },
			cdop.RuleStageKept, []string{"the date the panel was notified"}},
		{"what a later stage needs may change", cdop.StageInformationGathering, func(c *cdop.Case) { c.CDRMOn = cdop.Date{} }, "", nil},
	}
	for _, tt := range tests {
		before := stored(tt.stage)
		after := before.Clone()
		tt.edit(after)
		wantRule(t, tt.name, cdop.CheckEdit(before, after), tt.rule, tt.says...)
	}
}

func TestPrepareEdit(t *testing.T) {
	before := completeFile(t, cdop.StageCDRM).Case
	before.CreatedAt = time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)
	before.UpdatedAt = time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)

	after := before.Clone()
	after.LastName, after.CreatedAt, after.UpdatedAt = "  Thornbury ", time.Time{}, before.UpdatedAt.Add(time.Hour)
	n, err := cdop.PrepareEdit(before, after, today)
	if err != nil {
		t.Fatal(err)
	}
	if n.LastName != "Thornbury" || !n.CreatedAt.Equal(before.CreatedAt) || !n.UpdatedAt.Equal(before.UpdatedAt) {
		t.Errorf("PrepareEdit = last name %q, created %v, updated %v; want it trimmed, with the stored case's times", n.LastName, n.CreatedAt, n.UpdatedAt)
	}
	if after.LastName != "  Thornbury " {
		t.Error("PrepareEdit changed the edit it was given")
	}

	noRef := before.Clone()
	noRef.Ref = ""
	if _, err := cdop.PrepareEdit(before, noRef, today); validationErrors(t, err).For("case_ref") == "" {
		t.Errorf("an edit blanking the reference: %v; want a case_ref error", err)
	}
	invalid := before.Clone()
	invalid.Sex = "x"
	if _, err := cdop.PrepareEdit(before, invalid, today); validationErrors(t, err).For("sex") == "" {
		t.Errorf("an invalid edit: %v; want a sex error", err)
	}
	moved := before.Clone()
	moved.Stage = cdop.StageClosed
	wantRule(t, "the flowchart before validation", func() error { _, err := cdop.PrepareEdit(before, moved, today); return err }(), cdop.RuleStageByEdit)
}

func TestPrepareNew(t *testing.T) {
	c := baseCase(t)
	c.LastName = "  Thornbury "
	n, err := cdop.PrepareNew(c, today)
	if err != nil {
		t.Fatal(err)
	}
	if n.LastName != "Thornbury" || c.LastName != "  Thornbury " {
		t.Errorf("PrepareNew = last name %q (given %q); want it trimmed, the case given untouched", n.LastName, c.LastName)
	}
	c.Sex = ""
	if _, err := cdop.PrepareNew(c, today); validationErrors(t, err).For("sex") == "" {
		t.Errorf("an invalid case: %v; want a sex error", err)
	}
}

func TestRefuseClosed(t *testing.T) {
	for _, st := range allStages {
		err := cdop.RefuseClosed("CDOP-2025-0042", st)
		if st == cdop.StageClosed {
			wantRule(t, "closed", err, cdop.RuleClosedReadOnly, "case CDOP-2025-0042 is closed")
		} else {
			wantRule(t, string(st), err, "")
		}
	}
}

func TestCheckFresh(t *testing.T) {
	stored := baseCase(t)
	stored.UpdatedAt = time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)
	changedAt := time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)
	tests := []struct {
		name    string
		updated time.Time
		who     string
		rule    cdop.Rule
		says    []string
		asked   bool
	}{
		{"the copy as stored", stored.UpdatedAt, "", "", nil, false},
		{"a copy never loaded", time.Time{}, "", cdop.RuleStaleCopy, []string{"not loaded from the database"}, false},
		{"a copy loaded before the last change", stored.UpdatedAt.Add(-time.Minute), "sam.chair", cdop.RuleStaleCopy,
			[]string{"was changed by sam.chair at " + changedAt.Local().Format("15:04 on 2 Jan 2006")}, true},
		{"a copy changed since by no audited change", stored.UpdatedAt.Add(-time.Minute), "", cdop.RuleStaleCopy, []string{"was changed by someone"}, true},
	}
	for _, tt := range tests {
		asked := false
		c := stored.Clone()
		c.UpdatedAt = tt.updated
		err := cdop.CheckFresh(stored, c, func() (string, time.Time, error) { asked = true; return tt.who, changedAt, nil })
		wantRule(t, tt.name, err, tt.rule, tt.says...)
		if asked != tt.asked {
			t.Errorf("%s: asked who changed the case = %v; want %v", tt.name, asked, tt.asked)
		}
	}
	broken := errors.New("audit unreadable")
	c := stored.Clone()
	c.UpdatedAt = stored.UpdatedAt.Add(time.Second)
	if err := cdop.CheckFresh(stored, c, func() (string, time.Time, error) { return "", time.Time{}, broken }); !errors.Is(err, broken) {
		t.Errorf("a failing look-up: %v; want it returned", err)
	}
}

func TestStamp(t *testing.T) {
	old := time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		now, want time.Time
	}{
		{old.Add(time.Hour), old.Add(time.Hour)},
		{old, old.Add(time.Millisecond)},                 // two changes in one millisecond
		{old.Add(-time.Hour), old.Add(time.Millisecond)}, // a clock put back
		{old.Add(time.Microsecond), old.Add(time.Microsecond)},
	} {
		if got := cdop.Stamp(tt.now, old); !got.Equal(tt.want) {
			t.Errorf("Stamp(%v, %v) = %v; want %v", tt.now, old, got, tt.want)
		}
	}
}

func TestDuplicateAndRefInUseErrors(t *testing.T) {
	c := baseCase(t)
	same := baseCase(t)
	same.ID, same.Ref = "other", "CDOP-2025-0001"
	lookAlike := baseCase(t)
	lookAlike.ID, lookAlike.Ref, lookAlike.NHSNumber = "alike", "CDOP-2025-0002", ""
	twin := baseCase(t)
	twin.ID, twin.Ref, twin.NHSNumber = "twin", "CDOP-2025-0003", nhsNumber(t, "999000002")
	resolved := lookAlike.Clone()
	resolved.ID, resolved.DistinctReason = "resolved", "A different child: the GP confirmed it"
	wantRule(t, "no duplicates", cdop.DuplicateError(c, nil), "")
	wantRule(t, "the same NHS number", cdop.DuplicateError(c, []*cdop.Case{same, twin}), cdop.RuleDuplicate,
		"already recorded as case CDOP-2025-0001 (the same NHS number)")
	wantRule(t, "a possible duplicate", cdop.DuplicateError(c, []*cdop.Case{lookAlike}), cdop.RuleDuplicate,
		"may be the child already recorded as case CDOP-2025-0002 (the same surname", "confirm this is a different child")
	wantRule(t, "a twin with another NHS number", cdop.DuplicateError(c, []*cdop.Case{twin}), "")
	wantRule(t, "a look-alike confirmed distinct", cdop.DuplicateError(c, []*cdop.Case{resolved}), "")
	wantRule(t, "reference in use", cdop.RefInUseError("CDOP-2025-0009"), cdop.RuleRefInUse, "CDOP-2025-0009 is already used")
}

func TestReferences(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		same bool
	}{
		{"CDOP-2025-0001", "cdop-2025-0001", true},
		{"CDOP-2025-0001", "CDOP-2025-0002", false},
		{"Zoë-1", "ZOË-1", false}, // only ASCII letters fold, as the database compares them
		{"abc", "ab", false},
	} {
		if got := cdop.SameRef(tt.a, tt.b); got != tt.same {
			t.Errorf("SameRef(%q, %q) = %v", tt.a, tt.b, got)
		}
	}
	for _, tt := range []struct {
		ref     string
		year, n int
		ok      bool
	}{
		{"CDOP-2025-0017", 2025, 17, true},
		{"cdop-2025-12345", 2025, 12345, true},
		{"CDOP-25-0017", 0, 0, false},
		{"CDOP-2025-", 0, 0, false},
		{"CDOP-2025-00x1", 0, 0, false},
		{"LOCAL/17", 0, 0, false},
	} {
		year, n, ok := cdop.ParseRef(tt.ref)
		if year != tt.year || n != tt.n || ok != tt.ok {
			t.Errorf("ParseRef(%q) = %d, %d, %v", tt.ref, year, n, ok)
		}
	}
	if got := cdop.FormatRef(2025, 7); got != "CDOP-2025-0007" {
		t.Errorf("FormatRef = %q", got)
	}
	refs := []string{"CDOP-2025-0003", "cdop-2025-0011", "CDOP-2024-0090", "LOCAL-1", "CDOP-2025-x"}
	if got := cdop.HighestRefNumber(2025, refs); got != 11 {
		t.Errorf("HighestRefNumber(2025) = %d; want 11", got)
	}
	if got := cdop.HighestRefNumber(2023, refs); got != 0 {
		t.Errorf("HighestRefNumber(2023) = %d; want 0", got)
	}
}

func TestCaseFilterMatches(t *testing.T) {
	c := baseCase(t) // Ayla Thornbury, died 2025
	c.Ref, c.FirstName, c.Stage = "CDOP-2025-0042", "Zoë", cdop.StageCDRM
	nhs := c.NHSNumber
	tests := []struct {
		filter cdop.CaseFilter
		want   bool
	}{
		{cdop.CaseFilter{}, true},
		{cdop.CaseFilter{Search: "zoe"}, true},
		{cdop.CaseFilter{Search: "  ZOË   thorn"}, true},
		{cdop.CaseFilter{Search: "2025-0042"}, true},
		{cdop.CaseFilter{Search: nhs[:3] + " " + nhs[3:6] + " " + nhs[6:]}, true},
		{cdop.CaseFilter{Search: nhs[4:]}, true},
		{cdop.CaseFilter{Search: "smith"}, false},
		{cdop.CaseFilter{Stage: cdop.StageCDRM, YearOfDeath: 2025, Search: "thorn"}, true},
		{cdop.CaseFilter{Stage: cdop.StageClosed}, false},
		{cdop.CaseFilter{YearOfDeath: 2024}, false},
	}
	for _, tt := range tests {
		if got := tt.filter.Matches(c); got != tt.want {
			t.Errorf("%+v.Matches = %v; want %v", tt.filter, got, tt.want)
		}
	}
	if got := cdop.SearchTerms("999 000 0018"); !slices.Equal(got, []string{"999 000 0018", "9990000018"}) {
		t.Errorf("SearchTerms of an NHS number typed 3-3-4 = %q", got)
	}
	if got := cdop.SearchTerms("   "); got != nil {
		t.Errorf("SearchTerms of spaces = %q", got)
	}
}

func TestImportBatch(t *testing.T) {
	a := baseCase(t)
	a.Ref = "CDOP-2025-0040"
	sameNHS := baseCase(t)
	sameNHS.FirstName, sameNHS.Ref = "Other", ""
	sameKey := baseCase(t)
	sameKey.NHSNumber, sameKey.NHSNumberStatus, sameKey.Ref = "", "not_available", "cdop-2025-0040"
	other := baseCase(t)
	other.NHSNumber, other.FirstName, other.LastName, other.Ref = nhsNumber(t, "999000002"), "Bea", "Quinn", "CDOP-2025-0051"

	b := cdop.NewImportBatch(nil)
	var got []string
	for i, c := range []*cdop.Case{a, sameNHS, sameKey, other} {
		for _, e := range b.Add(i, c) {
			got = append(got, cdop.RowErrors{e}.Error())
		}
	}
	want := []string{
		"row 2: nhs_number: the same death as another case in this import (the same NHS number)",
		"row 3: last_name: possibly the same child as another case in this import (the same surname, dates of birth and death and sex, and no NHS number to tell them apart); if it is a different child, say why in distinct_reason",
		"row 3: case_ref: \"cdop-2025-0040\" is also the reference of another case in this import",
	}
	if !slices.Equal(got, want) {
		t.Errorf("ImportBatch problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if b.HighestRef(2025) != 51 || b.HighestRef(2024) != 0 {
		t.Errorf("HighestRef = %d, %d; want 51 and 0", b.HighestRef(2025), b.HighestRef(2024))
	}

	stored := baseCase(t)
	stored.ID, stored.Ref = "stored", "CDOP-2024-0001"
	errs := cdop.StoredCollisions(4, cdop.LookupForm(a), []*cdop.Case{stored}, true)
	if got := errs.Error(); got != "row 5: nhs_number: the same death as stored case CDOP-2024-0001 (the same NHS number)\nrow 5: case_ref: \"CDOP-2025-0040\" is already used by a stored case" {
		t.Errorf("StoredCollisions = %q", got)
	}
	if errs := cdop.StoredCollisions(0, other, nil, false); len(errs) != 0 {
		t.Errorf("StoredCollisions of a case colliding with nothing = %v", errs)
	}
}

func TestPrepareImportRow(t *testing.T) {
	c := baseCase(t)
	c.LastName = " Thornbury "
	n, problems, err := cdop.PrepareImportRow(2, c, today)
	if err != nil || len(problems) != 0 || n.LastName != "Thornbury" {
		t.Errorf("a valid row: %q, %v, %v; want it as stored", n.LastName, problems, err)
	}
	c.Sex = ""
	c.NHSNumber = c.NHSNumber[:3] + " " + c.NHSNumber[3:]
	n, problems, err = cdop.PrepareImportRow(2, c, today)
	if err != nil || len(problems) == 0 || problems[0].Row != 2 || problems[0].Field != "sex" {
		t.Errorf("an invalid row: problems %v, %v", problems, err)
	}
	if n == nil || strings.Contains(n.NHSNumber, " ") {
		t.Errorf("an invalid row's case = %+v; want its look-up form, NHS number normalised, for the collision checks", n)
	}
}

func TestStampsGiveOneStampPerCasePerOperation(t *testing.T) {
	now := time.Date(2026, 6, 15, 9, 0, 0, 0, time.UTC)
	s := cdop.NewStamps(now)
	old := now.Add(-time.Hour)
	if got := s.For("a", old); !got.Equal(now) {
		t.Errorf("first change of a = %v; want the operation's time", got)
	}
	if got := s.For("a", now); !got.Equal(now) {
		t.Errorf("second change of a = %v; want the first one's stamp again", got)
	}
	if got := s.For("b", now); !got.Equal(now.Add(time.Millisecond)) {
		t.Errorf("a case last changed at the operation's own time = %v; want a millisecond later", got)
	}
}
