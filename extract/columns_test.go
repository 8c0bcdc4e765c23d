package extract_test

import (
	"flag"
	"os"
	"slices"
	"strings"
	"testing"

	"casemanager/cdop"
	"casemanager/extract"
)

var update = flag.Bool("update", false, "rewrite COLUMNS.md from the code")

// TestColumnsMarkdown keeps COLUMNS.md, which the README quotes, in step
// with the columns the code writes: go test ./extract -run ColumnsMarkdown -update.
func TestColumnsMarkdown(t *testing.T) {
	want := extract.ColumnsMarkdown()
	if *update {
		if err := os.WriteFile("COLUMNS.md", []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile("COLUMNS.md")
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want {
		t.Error("COLUMNS.md differs from extract.ColumnsMarkdown(); run go test ./extract -run ColumnsMarkdown -update")
	}
	// Every column of an extract is documented, in order.
	r := mustExtract(t, nil, testOptions(mustKey(t)))
	var names []string
	for _, c := range extract.Columns(nil) {
		names = append(names, c.Name)
	}
	if !slices.Equal(names, r.header()) {
		t.Errorf("documented columns %q\nextract header %q", names, r.header())
	}
}

// TestFields: an extract reads no identifier and no free text but the
// factors' (to count them), so none can reach it.
func TestFields(t *testing.T) {
	for _, name := range extract.Fields {
		if _, ok := cdop.FieldNamed(name); !ok {
			t.Errorf("%s is not a stored field", name)
		}
	}
	for _, name := range []string{"case_ref", "first_name", "last_name", "nhs_number", "nhs_number_status", "postcode",
		"time_of_death", "key_worker", "summary", "cause_of_death", "learning", "parallel_review_other",
		"cdrm_not_held_reason", "csprp_notified_on", "rapid_review_completed_on", "analysis_signed_off_on",
		"family_told_cdrm_on", "family_told_cdop_review_on", "family_told_outcome_on",
		"domain_a_modifiable", "domain_b_modifiable", "domain_c_modifiable", "domain_d_modifiable"} {
		if slices.Contains(extract.Fields, name) {
			t.Errorf("the extract reads %s", name)
		}
	}
	var asked []string
	s := sliceStreamer{cases: demoCases(1, 10, 1), fields: &asked}
	if _, err := extract.Write(t.Context(), s, discard{}, testOptions(mustKey(t))); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(asked, extract.Fields) {
		t.Errorf("the extract asked for %q, want extract.Fields", asked)
	}
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }

// TestREADMEDocumentsTheColumns keeps the README's copy of the column list
// (between its extract-columns markers) the same as the code's; -update
// rewrites it.
func TestREADMEDocumentsTheColumns(t *testing.T) {
	const begin, end = "<!-- extract-columns:", "<!-- end of extract-columns -->"
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(readme)
	i, j := strings.Index(text, begin), strings.Index(text, end)
	if i < 0 || j < i {
		t.Fatalf("README.md has no extract-columns markers")
	}
	i += strings.Index(text[i:], "\n") + 1
	want := strings.TrimSpace(extract.ColumnsMarkdown()) + "\n"
	if *update {
		if err := os.WriteFile("../README.md", []byte(text[:i]+want+text[j:]), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if text[i:j] != want {
		t.Error("README.md's extract columns differ from extract.ColumnsMarkdown(); run go test ./extract -update")
	}
}
