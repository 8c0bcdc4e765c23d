package main

import (
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"casemanager/cdop"
)

// One agency's return, end to end: the blank template of its form filled
// in, one item's answer wrong — refused naming its line and item, nothing
// stored — then corrected and imported; the return listed; a panel member
// may not import.
func TestReturnImportEndToEnd(t *testing.T) {
	path := tempDB(t)
	if code, _, stderr := runCLI(t, "--db", path, "import", exampleCSV); code != 0 {
		t.Fatalf("import: %s", stderr)
	}
	// A request for the SUDI form of the open case, as the app makes one.
	db, err := openSignedIn(path, cdop.SystemClock{})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	agency := cdop.Agency{Name: "Leeds Teaching Hospitals", Type: "health"}
	if err := db.SaveAgency(ctx, &agency); err != nil {
		t.Fatal(err)
	}
	c, err := db.FindCaseByRef(ctx, "CDOP-2025-0002")
	if err != nil {
		t.Fatal(err)
	}
	req := cdop.AgencyRequest{CaseID: c.ID, AgencyID: agency.ID, Form: "sudden_unexpected_death", RequestedOn: c.NotifiedOn.AddDays(2)}
	if err := db.SaveRequest(ctx, &req); err != nil {
		t.Fatal(err)
	}
	db.Close()
	id := strconv.FormatInt(req.ID, 10)

	code, stdout, stderr := runCLI(t, "--db", path, "return", "list", "CDOP-2025-0002")
	if code != 0 || !strings.Contains(stdout, id+"\tsudden_unexpected_death\tLeeds Teaching Hospitals\trequested\tnothing recorded") {
		t.Fatalf("return list: exit %d\n%s%s", code, stdout, stderr)
	}
	dir := t.TempDir()
	blank := filepath.Join(dir, "sudi.csv")
	if code, _, stderr := runCLI(t, "--db", path, "return", "template", "sudden_unexpected_death", "-o", blank); code != 0 {
		t.Fatalf("return template: %s", stderr)
	}
	// The agency fills it in: every item answered, one of them wrongly.
	fill := func(answers map[string]string) string {
		f, err := os.Open(blank)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		rows, err := csv.NewReader(f).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		out := filepath.Join(dir, "filled.csv")
		w, err := os.Create(out)
		if err != nil {
			t.Fatal(err)
		}
		cw := csv.NewWriter(w)
		for i, r := range rows {
			if i > 0 {
				r[4] = "Not known"
				if v, ok := answers[r[2]]; ok {
					r[4] = v
				}
			}
			cw.Write(r)
		}
		cw.Flush()
		w.Close()
		return out
	}
	answers := map[string]string{"sleep_place": "sofa", "co_sleeping": "Yes", "position_found": "upside down",
		"recent_illness": "Tariq Al-Amin had a cold for two days"}
	bad := fill(answers)
	code, stdout, stderr = runCLI(t, "--db", path, "return", "import", "CDOP-2025-0002", id, bad)
	if code != 1 || !strings.Contains(stderr, `line 4: item position_found: "upside down" is not allowed; use one of: back, side, front`) ||
		!strings.Contains(stderr, "nothing was imported; 1 problem") {
		t.Fatalf("import of a return with one bad item: exit %d\n%s%s", code, stdout, stderr)
	}
	if _, stdout, _ := runCLI(t, "--db", path, "return", "list", "CDOP-2025-0002"); !strings.Contains(stdout, "nothing recorded") {
		t.Errorf("a refused return was stored:\n%s", stdout)
	}

	answers["position_found"] = "front"
	good := fill(answers)
	code, stdout, stderr = runCLI(t, "--db", path, "return", "import", "CDOP-2025-0002", id, good)
	if code != 0 || !strings.Contains(stdout, "imported the supplementary: sudden unexpected death in infancy or childhood (SUDI/SUDIC) from Leeds Teaching Hospitals for CDOP-2025-0002: 14 items") {
		t.Fatalf("import of the corrected return: exit %d\n%s%s", code, stdout, stderr)
	}
	if _, stdout, _ := runCLI(t, "--db", path, "return", "list", "CDOP-2025-0002"); !strings.Contains(stdout, "14 of 14 items answered (imported from a file)") {
		t.Errorf("return list after the import:\n%s", stdout)
	}
	db, err = openSignedIn(path, cdop.SystemClock{})
	if err != nil {
		t.Fatal(err)
	}
	got, err := db.Return(ctx, req.ID)
	db.Close()
	if err != nil || got.Answers["position_found"] != "front" || got.Answers["co_sleeping"] != "yes" || got.Answers["dummy_used"] != cdop.AnswerNotKnown {
		t.Errorf("the stored return = %+v, %v", got, err)
	}

	// Wrong requests and a panel member are refused.
	if code, _, stderr := runCLI(t, "--db", path, "return", "import", "CDOP-2025-0001", id, good); code != 1 || !strings.Contains(stderr, "CDOP-2025-0001 has no request "+id) {
		t.Errorf("a request of another case: exit %d, %s", code, stderr)
	}
	if code, _, stderr := runCLI(t, "--db", path, "return", "import", "CDOP-2025-0002", "sudi", good); code != 2 || !strings.Contains(stderr, "REQUEST is the request's ID") {
		t.Errorf("a request that is not an ID: exit %d, %s", code, stderr)
	}
	addUser(t, path, "pat.panel", "panel", "a long panel password")
	if code, _, stderr := as(t, "pat.panel", "a long panel password", "--db", path, "return", "import", "CDOP-2025-0002", id, good); code != 3 {
		t.Errorf("a panel member importing a return: exit %d, %s", code, stderr)
	}
}
