package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"casemanager/cdop"
	"casemanager/release"
)

// extractEnv points the pseudonym key and the actor at the test's own.
func extractEnv(t *testing.T) (keyPath string) {
	t.Helper()
	keyPath = filepath.Join(t.TempDir(), "data", "pseudonym.key")
	t.Setenv("CDOP_PSEUDONYM_KEY", keyPath)
	t.Setenv("CDOP_USER", "data.lead")
	return keyPath
}

func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	rows, err := csv.NewReader(strings.NewReader(readFile(t, path))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func pseudonymSet(rows [][]string) map[string]bool {
	out := map[string]bool{}
	for _, r := range rows[1:] {
		out[r[0]] = true
	}
	return out
}

func TestExtract_EndToEnd(t *testing.T) {
	keyPath := extractEnv(t)
	db := tempDB(t)
	if code, _, stderr := runCLI(t, "--db", db, "demo", "--years", "3", "--per-year", "60", "--seed", "5"); code != 0 {
		t.Fatalf("demo exit %d: %s", code, stderr)
	}
	dir := t.TempDir()
	out := filepath.Join(dir, "extract.csv")
	code, stdout, stderr := runCLI(t, "--db", db, "extract", "-o", out)
	if code != 0 {
		t.Fatalf("extract exit %d: %s", code, stderr)
	}
	counted := countedCases(t, db) // 180 deaths, but for a voided notification and a transferred case
	for _, want := range []string{fmt.Sprintf("%d rows", counted), "k requested 5, achieved", "l requested 2, achieved", "information lost", "suppressed:", "extract.manifest.json", "installation key"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, stdout)
		}
	}
	rows := readCSV(t, out)
	if len(rows) != counted+1 || rows[0][0] != "pseudonym" {
		t.Fatalf("extract has %d lines, header %q", len(rows), rows[0])
	}
	var m struct {
		Rows       int    `json:"rows"`
		KRequested int    `json:"k_requested"`
		KAchieved  int    `json:"k_achieved"`
		ProducedBy string `json:"produced_by"`
		AppVersion string `json:"app_version"`
		File       string `json:"file"`
		Pseudonyms struct {
			KeyID      string `json:"key_id"`
			Unlinkable bool   `json:"unlinkable"`
		} `json:"pseudonyms"`
	}
	manifest := readFile(t, filepath.Join(dir, "extract.manifest.json"))
	if err := json.Unmarshal([]byte(manifest), &m); err != nil {
		t.Fatal(err)
	}
	if m.Rows != counted || m.KRequested != 5 || m.KAchieved < 5 || m.ProducedBy != "data.lead" || m.AppVersion != release.Version() ||
		m.File != "extract.csv" || len(m.Pseudonyms.KeyID) != 8 || m.Pseudonyms.Unlinkable {
		t.Errorf("manifest = %+v", m)
	}
	groups := map[string]int{}
	for _, r := range rows[1:] {
		groups[strings.Join(r[1:9], ",")]++
	}
	for g, n := range groups {
		if n < 5 {
			t.Errorf("group %s has %d rows", g, n)
		}
	}

	// The key: created private, never in the files.
	info, err := os.Stat(keyPath)
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm() != 0o600 {
		t.Errorf("key file mode %04o, want 0600", info.Mode().Perm())
	}
	key := strings.TrimSpace(readFile(t, keyPath))
	if strings.Contains(readFile(t, out)+manifest, key) {
		t.Error("the key is in the extract or its manifest")
	}

	// Nothing of the identifiable export is in the extract (the manifest's
	// own date, today, is a case's notification date by chance).
	var when struct {
		ProducedAt string `json:"produced_at"`
	}
	json.Unmarshal([]byte(manifest), &when)
	manifest = strings.ReplaceAll(manifest, when.ProducedAt, "")
	full := filepath.Join(dir, "full.csv")
	if code, _, stderr := runCLI(t, "--db", db, "export", "--full", "-o", full); code != 0 {
		t.Fatalf("export exit %d: %s", code, stderr)
	}
	text := readFile(t, out) + manifest
	ident := readCSV(t, full)
	col := map[string]int{}
	for i, h := range ident[0] {
		col[h] = i
	}
	for _, r := range ident[1:] {
		for _, c := range []string{"case_ref", "nhs_number", "postcode", "date_of_birth", "date_of_death", "notified_on", "cdrm_on", "cdop_review_on", "summary", "key_worker"} {
			if v := r[col[c]]; v != "" && strings.Contains(text, v) {
				t.Errorf("%s %q is in the extract", c, v)
			}
		}
		for _, c := range []string{"first_name", "last_name"} {
			if v := r[col[c]]; len(v) > 3 && strings.Contains(text, v) && !strings.Contains(manifest, v) {
				t.Errorf("%s %q is in the extract", c, v)
			}
		}
	}

	// A second extract, of one financial year: the same pseudonyms.
	fy := filepath.Join(dir, "fy.csv")
	today := cdop.Today(cdop.SystemClock{})
	from, to := today.AddDays(-500).String(), today.AddDays(-200).String()
	if code, _, stderr := runCLI(t, "--db", db, "extract", "-o", fy, "--from", from, "--to", to, "--k", "3"); code != 0 {
		t.Fatalf("extract of a year exit %d: %s", code, stderr)
	}
	first, second := pseudonymSet(rows), pseudonymSet(readCSV(t, fy))
	if len(second) == 0 || len(second) >= len(first) {
		t.Fatalf("the year has %d of %d cases", len(second), len(first))
	}
	for p := range second {
		if !first[p] {
			t.Errorf("pseudonym %s of the second extract is not in the first", p)
		}
	}
	// Unlinkable: pseudonyms that match nothing; the key file untouched.
	u := filepath.Join(dir, "unlinkable.csv")
	code, stdout, stderr = runCLI(t, "--db", db, "extract", "-o", u, "--unlinkable")
	if code != 0 {
		t.Fatalf("unlinkable extract exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "one-off key") {
		t.Errorf("stdout lacks the one-off key:\n%s", stdout)
	}
	third := pseudonymSet(readCSV(t, u))
	if len(third) != len(first) {
		t.Errorf("unlinkable extract has %d pseudonyms, want %d", len(third), len(first))
	}
	for p := range third {
		if first[p] {
			t.Errorf("unlinkable pseudonym %s is in the linkable extract", p)
		}
	}
	if strings.TrimSpace(readFile(t, keyPath)) != key {
		t.Error("the installation key changed")
	}

	// Each extract is in the audit log, by who made it.
	sdb, err := openSignedIn(db, cdop.SystemClock{})
	if err != nil {
		t.Fatal(err)
	}
	defer sdb.Close()
	history, err := sdb.ExtractHistory(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(history) != 3 {
		t.Fatalf("%d extracts in the audit log, want 3", len(history))
	}
	fields := map[string]string{}
	for _, c := range history[1].Changes {
		fields[c.Field] = c.New
	}
	if history[1].Actor != "data.lead" || fields["file"] != "fy.csv" || fields["period_from"] != from ||
		fields["k_requested"] != "3" || fields["key_id"] != m.Pseudonyms.KeyID {
		t.Errorf("audit of the second extract: %s %v", history[1].Actor, fields)
	}
	for _, e := range history {
		for _, c := range e.Changes {
			if strings.Contains(c.New, key) {
				t.Error("the key is in the audit log")
			}
		}
	}
}

func TestExtract_CommandLineErrors(t *testing.T) {
	keyPath := extractEnv(t)
	db := tempDB(t)
	if code, _, stderr := runCLI(t, "--db", db, "demo", "--years", "1", "--per-year", "30", "--seed", "2"); code != 0 {
		t.Fatalf("demo exit %d: %s", code, stderr)
	}
	dir := t.TempDir()
	out := filepath.Join(dir, "x.csv")
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"extract"}, 2, "-o FILE.csv"},
		{[]string{"extract", "-o", "-"}, 2, "needs a file"},
		{[]string{"extract", "-o", out, "--from", "1 April 2024"}, 2, "--from"},
		{[]string{"extract", "-o", out, "--to", "2024-13-01"}, 2, "--to"},
		{[]string{"extract", "-o", out, "--from", "2025-01-01", "--to", "2024-01-01"}, 2, "before"},
		{[]string{"extract", "-o", out, "--k", "1"}, 2, "2 or more"},
		{[]string{"extract", "-o", out, "--l", "0"}, 2, "use 1 (no l-diversity) to 4"},
		{[]string{"extract", "-o", out, "stray"}, 2, "unexpected argument"},
		{[]string{"extract", "-o", out, "--colour"}, 2, "colour"},
		// Too few deaths for k: nothing is written.
		{[]string{"extract", "-o", out, "--k", "50"}, 1, fmt.Sprintf("only %d case(s) in the database: an extract needs at least k = 50", countedCases(t, db))},
		{[]string{"extract", "-o", filepath.Join(dir, "missing", "x.csv")}, 1, "missing"},
	} {
		code, _, stderr := runCLI(t, append([]string{"--db", db}, tc.args...)...)
		if code != tc.code || !strings.Contains(stderr, tc.want) {
			t.Errorf("%q: exit %d, stderr %q; want %d and %q", tc.args, code, stderr, tc.code, tc.want)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("failed extracts left files: %v", entries)
	}
	if code, stdout, _ := runCLI(t, "--db", db, "extract", "-h"); code != 0 || !strings.Contains(stdout, "-unlinkable") {
		t.Errorf("extract -h: exit %d, %q", code, stdout)
	}

	// A key readable by others is refused, not used.
	if code, _, stderr := runCLI(t, "--db", db, "extract", "-o", out); code != 0 {
		t.Fatalf("extract exit %d: %s", code, stderr)
	}
	if err := os.Chmod(keyPath, 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := runCLI(t, "--db", db, "extract", "-o", out, "--force"); code != 1 || !strings.Contains(stderr, "chmod 600") {
		t.Errorf("a key readable by others: exit %d, %s", code, stderr)
	}
}

func TestPseudonymKeyPath(t *testing.T) {
	t.Setenv("CDOP_PSEUDONYM_KEY", "")
	t.Setenv("HOME", t.TempDir())
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(os.Getenv("HOME"), ".config"))
	path, err := pseudonymKeyPath()
	if err != nil {
		t.Fatal(err)
	}
	root, _ := storageRoot()
	if path != filepath.Join(root, "pseudonym.key") {
		t.Errorf("key path %s, want pseudonym.key in the data folder %s", path, root)
	}
	t.Setenv("CDOP_PSEUDONYM_KEY", "/elsewhere/key")
	if path, _ := pseudonymKeyPath(); path != "/elsewhere/key" {
		t.Errorf("with CDOP_PSEUDONYM_KEY: %s", path)
	}
}
