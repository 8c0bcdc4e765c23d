package cdop_test

import (
	"flag"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"casemanager/cdop"
)

// today is the fixed "today" every validation test runs on.
var today = cdop.NewDate(2026, time.June, 15)

// nhsNumber returns the valid NHS number that starts with first9 (use the
// 999 range, which is never issued).
func nhsNumber(t testing.TB, first9 string) string {
	t.Helper()
	d, ok := cdop.NHSCheckDigit(first9)
	if !ok {
		t.Fatalf("no valid NHS number starts with %s", first9)
	}
	return first9 + strconv.Itoa(d)
}

// baseCase returns a newly notified case that breaks no rule on today.
func baseCase(t testing.TB) *cdop.Case {
	t.Helper()
	c := cdop.NewCase()
	c.Ref = "CDOP-2025-0042"
	c.FirstName = "Ayla"
	c.LastName = "Thornbury"
	c.DateOfBirth = cdop.NewDate(2015, time.April, 10)
	c.DateOfDeath = cdop.NewDate(2025, time.November, 2)
	c.Sex = "female"
	c.NHSNumber = nhsNumber(t, "999000001")
	return c
}

// closedCase returns a case at stage closed with a complete analysis that
// breaks no rule on today: domain A scored 2, the others 1, 1 and 0.
func closedCase(t testing.TB) *cdop.Case {
	t.Helper()
	c := baseCase(t)
	c.Stage = cdop.StageClosed
	c.NotifiedOn = cdop.NewDate(2025, time.November, 3)
	c.CDRMOn = cdop.NewDate(2026, time.February, 2)
	c.CDOPReviewOn = cdop.NewDate(2026, time.April, 20)
	c.Analysis = cdop.Analysis{
		Category: 10,
		Domains: [4]cdop.DomainEntry{
			{Score: cdop.ScoreOf(2), Factors: []string{"unsafe sleep position", "overheating"}},
			{Score: cdop.ScoreOf(1)},
			{Score: cdop.ScoreOf(1)},
			{Score: cdop.ScoreOf(0)},
		},
		Modifiable:   "none",
		CauseOfDeath: "Sudden unexpected death in childhood",
		Learning:     []string{"Safer sleep advice at every contact"},
	}
	return c
}

// validationErrors returns the ValidationErrors err carries; nil err gives none.
func validationErrors(t testing.TB, err error) cdop.ValidationErrors {
	t.Helper()
	if err == nil {
		return nil
	}
	v, ok := cdop.AsValidationErrors(err)
	if !ok {
		t.Fatalf("error %v (%T) is not a ValidationErrors", err, err)
	}
	return v
}

// want is one expected FieldError: its column and words its message must hold.
type want struct {
	field string
	says  []string
}

// checkErrors asserts that err reports exactly the fields in wants, each with
// a message holding every one of its words, and nothing about other fields.
func checkErrors(t testing.TB, err error, wants ...want) {
	t.Helper()
	v := validationErrors(t, err)
	expected := map[string]bool{}
	for _, w := range wants {
		expected[w.field] = true
		msg := v.For(w.field)
		if msg == "" {
			t.Errorf("no error for %s; got %v", w.field, describe(v))
			continue
		}
		for _, s := range w.says {
			if !strings.Contains(msg, s) {
				t.Errorf("%s: message %q does not say %q", w.field, msg, s)
			}
		}
	}
	for _, e := range v {
		if !expected[e.Field] {
			t.Errorf("unexpected error %s: %s", e.Field, e.Message)
		}
	}
}

// checkValid asserts that err reports no broken rule at all.
func checkValid(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Errorf("want no error, got %v", describe(validationErrors(t, err)))
	}
}

func describe(v cdop.ValidationErrors) string {
	if len(v) == 0 {
		return "no errors"
	}
	return strings.ReplaceAll(v.Error(), "\n", " / ")
}

// mustSet calls c.Set and fails the test when it refuses the value.
func mustSet(t testing.TB, c *cdop.Case, column, value string) {
	t.Helper()
	if err := c.Set(column, value); err != nil {
		t.Fatalf("Set(%q, %q): %v", column, value, err)
	}
}

var update = flag.Bool("update", false, "rewrite the golden files from the code")

// checkGolden compares got with the golden file at path, or rewrites the
// file with -update.
func checkGolden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./cdop -update to create it)", err)
	}
	if string(want) != got {
		t.Errorf("%s differs from the code; run go test ./cdop -update and review the change:\ngot:\n%s", path, got)
	}
}
