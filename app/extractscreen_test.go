package app_test

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2/widget"

	"casemanager/cdop"
)

// extractCases stores n deaths of infants in 2025 that share their
// quasi-identifiers, each child with a name of their own.
func (h *harness) extractCases(n int) []*cdop.Case {
	h.t.Helper()
	var out []*cdop.Case
	for i := range n {
		c := h.storeCase(fmt.Sprintf("Perpetua%c", 'a'+i), fmt.Sprintf("Lindqvist%c", 'a'+i),
			fmt.Sprintf("2025-01-%02d", 3+i), fmt.Sprintf("2025-06-%02d", 2+i), nhsNumber(h.t, 7000+100*i))
		out = append(out, c)
	}
	return out
}

func TestExtractPreviewShowsTheRiskAndFirstRowsThenSavesWithManifestAndAudit(t *testing.T) {
	h := newHarness(t)
	cases := h.extractCases(8)
	dir := t.TempDir()
	drafts := filepath.Join(t.TempDir(), "drafts")
	if err := os.Mkdir(drafts, 0o700); err != nil {
		t.Fatal(err)
	}
	t.Setenv("TMPDIR", drafts) // where the preview's draft goes

	h.tap("Dataset extract")
	if got := as[widget.Entry](h.field("k")).Text; got != "5" {
		t.Errorf("k starts as %q, want 5", got)
	}
	if !h.button("Save extract…").Disabled() {
		t.Error("Save extract… is enabled before any preview")
	}
	h.choose("Period", "Every death recorded")
	if from, to := as[widget.Entry](h.field("From")).Text, as[widget.Entry](h.field("To")).Text; from != "" || to != "" {
		t.Errorf("every death recorded is %q to %q, want both open", from, to)
	}

	// Cancelling the save before any preview is impossible; preview first.
	h.tap("Preview")
	screen := h.screenText()
	for _, want := range []string{"Preview of 8 rows.", "Risk summary", "8 (deaths on record)",
		"k = 5 asked for, 8 achieved: every row shares its quasi-identifiers with at least 7 others (1 group)",
		"The first 8 rows of 8, in pseudonym order", "year_of_death", "residence_la", "category", "Information lost"} {
		if !containsText(screen, want) {
			t.Errorf("the preview does not show %q: %q", want, screen)
		}
	}
	if !containsPrefix(screen, "Installation key ") {
		t.Errorf("the preview does not say which key made the pseudonyms: %q", screen)
	}
	if !containsPrefix(screen, "l = 2 asked for") {
		t.Errorf("the preview does not say the l of l-diversity: %q", screen)
	}
	rows := h.rows()
	if len(rows) != 8 {
		t.Fatalf("the preview shows %d rows, want 8", len(rows))
	}
	hex := regexp.MustCompile(`^[0-9a-f]{16}$`)
	for _, r := range rows {
		if !hex.MatchString(r[0]) {
			t.Errorf("a row starts %q, not a pseudonym", r[0])
		}
		for _, c := range cases {
			for _, id := range append(identifiersOf(c), c.Ref) {
				if slices.ContainsFunc(r, func(v string) bool { return strings.Contains(v, id) }) {
					t.Errorf("the preview shows %q of %s: %q", id, c.Ref, r)
				}
			}
		}
	}
	if got := files(t, drafts); len(got) != 1 {
		t.Errorf("the draft folder holds %q, want the preview's one file", got)
	}

	// Cancelling the file dialog saves nothing and records nothing.
	h.saveTo("")
	h.tap("Save extract…")
	if got := files(t, dir); len(got) != 0 {
		t.Errorf("a cancelled save wrote %q", got)
	}
	if history, _ := h.db.ExtractHistory(context.Background()); len(history) != 0 {
		t.Errorf("a cancelled save was recorded: %v", history)
	}

	// Saved: the extract as previewed, its manifest beside it, one audit row.
	path := filepath.Join(dir, "leeds.csv")
	h.saveTo(path)
	h.tap("Save extract…")
	if got := h.lastAsked(); got.name != "CDOP-extract-all-dates.csv" || !slices.Equal(got.extensions, []string{".csv"}) {
		t.Errorf("asked where to save %+v", got)
	}
	if got := files(t, dir); !slices.Equal(got, []string{"leeds.csv", "leeds.manifest.json"}) {
		t.Fatalf("saved %q", got)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	saved, err := csv.NewReader(f).ReadAll()
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	if len(saved) != 9 || saved[0][0] != "pseudonym" || !slices.Equal(saved[1], rows[0]) {
		t.Errorf("the saved extract has %d lines; its first row %q, the preview's %q", len(saved), saved[1], rows[0])
	}
	var m struct {
		File       string `json:"file"`
		Rows       int    `json:"rows"`
		KAchieved  int    `json:"k_achieved"`
		ProducedBy string `json:"produced_by"`
		AppVersion string `json:"app_version"`
	}
	js, _ := os.ReadFile(filepath.Join(dir, "leeds.manifest.json"))
	if err := json.Unmarshal(js, &m); err != nil {
		t.Fatal(err)
	}
	if m.File != "leeds.csv" || m.Rows != 8 || m.KAchieved != 8 || m.ProducedBy != "ui-test" || m.AppVersion != "ui-test-1.0" {
		t.Errorf("manifest %+v", m)
	}
	history, err := h.db.ExtractHistory(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(history) != 1 || history[0].Actor != "ui-test" {
		t.Fatalf("audit of extracts: %+v", history)
	}
	audit := map[string]string{}
	for _, c := range history[0].Changes {
		audit[c.Field] = c.New
	}
	if audit["file"] != "leeds.csv" || audit["rows"] != "8" || audit["k_requested"] != "5" || audit["unlinkable"] != "no" || audit["app_version"] != "ui-test-1.0" {
		t.Errorf("audit row %v", audit)
	}
	h.checkSavedDialog("Saved the extract of 8 rows, with its manifest leeds.manifest.json beside it. The extract is recorded in the audit log.", path)
	if _, err := os.Stat(h.keyPath); err != nil {
		t.Errorf("the installation's pseudonym key was not made: %v", err)
	}

	// Leaving the screen removes the draft.
	h.tap("Dashboard")
	if got := files(t, drafts); len(got) != 0 {
		t.Errorf("the draft outlived its screen: %q", got)
	}
}

func TestExtractSettingsChangedAfterThePreviewMustBePreviewedAgain(t *testing.T) {
	h := newHarness(t)
	h.extractCases(6)
	h.tap("Dataset extract")
	h.choose("Period", "Last calendar year, 2025")
	h.tap("Preview")
	if h.button("Save extract…").Disabled() {
		t.Fatal("Save extract… is disabled after a preview")
	}

	h.retype("k", "3")
	if !h.button("Save extract…").Disabled() || !containsPrefix(h.screenText(), "The choices above have changed since the preview") {
		t.Errorf("after changing k: %q", h.screenText())
	}
	h.retype("k", "1")
	if !containsPrefix(h.screenText(), "K: type a whole number, 2 or more") {
		t.Errorf("k = 1: %q", h.screenText())
	}
	h.retype("k", "5")
	if h.button("Save extract…").Disabled() {
		t.Error("Save extract… stays disabled with the settings of the preview back")
	}
	h.retype("l", "3")
	if !h.button("Save extract…").Disabled() {
		t.Error("Save extract… is enabled after changing l")
	}
	h.retype("l", "0")
	if !containsPrefix(h.screenText(), "L: type a whole number from 1 (no l-diversity) to 4") {
		t.Errorf("l = 0: %q", h.screenText())
	}
	h.retype("l", "2")
	h.tapText(h.window.Content(), "Unlinkable")
	if !h.button("Save extract…").Disabled() {
		t.Error("Save extract… is enabled after ticking Unlinkable")
	}
	h.tap("Preview")
	if !containsPrefix(h.screenText(), "One-off key ") {
		t.Errorf("an unlinkable preview does not say its key is one-off: %q", h.screenText())
	}

	// More than the deaths in the period: refused, saying why.
	h.retype("k", "50")
	h.tap("Preview")
	if !containsPrefix(h.screenText(), "No extract: only 6 case(s) in the period 2025-01-01 to 2025-12-31: an extract needs at least k = 50") {
		t.Errorf("k above the deaths: %q", h.screenText())
	}
	if !h.button("Save extract…").Disabled() {
		t.Error("Save extract… is enabled after a failed preview")
	}
}
