package storage_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"casemanager/cdop"
	"casemanager/storage"
)

// identifiersOf lists what an intruder would look for in the raw file of a
// database holding cases: every last name, NHS number (both spacings),
// postcode and the first 30 characters of every summary.
func identifiersOf(cases []*cdop.Case) []string {
	seen := map[string]bool{}
	var out []string
	add := func(s string) {
		if s != "" && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	for _, c := range cases {
		add(c.LastName)
		if n := c.NHSNumber; n != "" {
			add(n)
			add(n[:3] + " " + n[3:6] + " " + n[6:])
		}
		add(c.Postcode)
		s := c.Summary
		if len([]rune(s)) > 30 {
			s = string([]rune(s)[:30])
		}
		add(s)
	}
	return out
}

// rawHits returns, for each needle found, the file beside the database
// (.db, -wal, -shm) that holds it.
func rawHits(t *testing.T, path string, needles []string) []string {
	t.Helper()
	var hits []string
	for _, suffix := range []string{"", "-wal", "-shm"} {
		b, err := os.ReadFile(path + suffix)
		if os.IsNotExist(err) {
			continue
		} else if err != nil {
			t.Fatal(err)
		}
		for _, n := range needles {
			if bytes.Contains(b, []byte(n)) {
				hits = append(hits, fmt.Sprintf("%q in %s", n, filepath.Base(path+suffix)))
			}
		}
	}
	return hits
}

// recommendWithSecrets stores a recommendation and its progress whose
// texts are long and distinctive, and returns them.
func recommendWithSecrets(t *testing.T, db *storage.DB, caseID string) []string {
	t.Helper()
	ctx := ctxAs("test")
	agency := mustAgency(t, db, "Leeds Teaching Hospitals", "health")
	r := cdop.Recommendation{CaseIDs: []string{caseID}, AgencyID: agency.ID, Action: "Review Pemberton ward night staffing", DueOn: cdop.NewDate(2025, 9, 1)}
	if err := db.SaveRecommendation(ctx, &r); err != nil {
		t.Fatal(err)
	}
	if err := db.UpdateRecommendation(ctx, r.ID, cdop.RecommendationUpdate{On: cdop.NewDate(2025, 6, 1), Status: "in_progress", Note: "Ward sister Honeysett agreed"}); err != nil {
		t.Fatal(err)
	}
	return []string{"Pemberton ward", "Honeysett"}
}

// sealedCases are synthetic cases whose every identifier is long enough
// that finding it in a raw file cannot be chance.
func sealedCases(n int) []*cdop.Case {
	g := &caseGen{}
	cases := g.cases(n)
	for i, c := range cases {
		tag := string(rune('a'+i/26)) + string(rune('a'+i%26))
		c.LastName = "Quillfeather" + tag
		c.Summary = fmt.Sprintf("Found unresponsive by Zebedee%03d at the allotment on a Sunday.", i)
		c.KeyWorker = "Marchbanks" + tag
	}
	return cases
}

func TestSealedAtRest_ImportedCasesLeaveNoIdentifierInTheRawFiles(t *testing.T) {
	db := MustOpenDB(t)
	cases := sealedCases(60)
	if err := db.ImportCases(ctxAs("test"), cases); err != nil {
		t.Fatal(err)
	}
	needles := append(identifiersOf(cases), "Marchbanks", "Zebedee")
	needles = append(needles, recommendWithSecrets(t, db, cases[4].ID)...)
	needles = append(needles, recordsWithSecrets(t, db, cases[6])...)
	// While open (the write-ahead log holds the import) and once closed.
	if hits := rawHits(t, db.Path(), needles); len(hits) > 0 {
		t.Errorf("the raw files of an open sealed database hold %d identifiers, e.g. %s", len(hits), hits[0])
	}
	// What was stored reads back whole, through the key.
	for _, c := range cases {
		got, err := db.FindCaseByID(context.Background(), c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if d := diffCases(got, c); len(d) > 0 {
			t.Errorf("case %s read back differs: %v", c.Ref, d)
		}
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if hits := rawHits(t, db.Path(), needles); len(hits) > 0 {
		t.Errorf("the raw files of a closed sealed database hold %d identifiers, e.g. %s", len(hits), hits[0])
	}
}

func TestSealedAtRest_SearchByNameAndNHSNumberStillWorks(t *testing.T) {
	db := MustOpenDB(t)
	cases := sealedCases(30)
	mustCreate(t, db, cases...)
	ctx := context.Background()
	target := cases[14]
	n := target.NHSNumber
	for _, search := range []string{"quillfeatherao", "QUILLFEATHERAO", n, n[:3] + " " + n[3:6] + " " + n[6:], target.Ref} {
		found, err := db.FindCases(ctx, cdop.CaseFilter{Search: search})
		if err != nil {
			t.Fatal(err)
		}
		if len(found) != 1 || found[0].ID != target.ID {
			t.Errorf("search %q found %v; want %s", search, refsOf(found), target.Ref)
		}
		listed, err := db.ListCases(ctx, cdop.CaseFilter{Search: search})
		if err != nil {
			t.Fatal(err)
		}
		if len(listed) != 1 || listed[0].ID != target.ID || listed[0].LastName != target.LastName {
			t.Errorf("listing %q = %+v; want %s", search, listed, target.Ref)
		}
	}
	// The register's listing follows every change: an edit, by this handle
	// or another program's.
	other := MustSignIn(t, MustOpenDBAt(t, db.Path(), cdop.FixedClock(testNow)))
	edited, err := other.FindCaseByID(ctx, target.ID)
	if err != nil {
		t.Fatal(err)
	}
	edited.LastName = "Renamedbyother"
	if err := other.UpdateCase(ctx, edited); err != nil {
		t.Fatal(err)
	}
	added := sealedCases(31)[30]
	added.LastName = "Addedbyother"
	mustCreate(t, other, added)
	for search, want := range map[string]int{"renamedbyother": 1, "quillfeatherao": 0, "addedbyother": 1, "quillfeather": 29} {
		listed, err := db.ListCases(ctx, cdop.CaseFilter{Search: search})
		if err != nil {
			t.Fatal(err)
		}
		if len(listed) != want {
			t.Errorf("after another program's changes, listing %q gives %d cases; want %d", search, len(listed), want)
		}
	}
	all, err := db.ListCases(ctx, cdop.CaseFilter{})
	if err != nil || len(all) != 31 {
		t.Fatalf("listing every case: %d, %v; want 31", len(all), err)
	}
	for i := 1; i < len(all); i++ {
		if strings.ToLower(all[i-1].Ref) > strings.ToLower(all[i].Ref) {
			t.Fatalf("the listing is not ordered by reference: %s before %s", all[i-1].Ref, all[i].Ref)
		}
	}
}

func TestSealedAtRest_NeedsTheKey(t *testing.T) {
	sqliteOnly(t)
	db := MustOpenDB(t)
	cases := sealedCases(2)
	mustCreate(t, db, cases...)
	ctx := context.Background()

	stranger := MustOpenDBAt(t, db.Path(), cdop.FixedClock(testNow))
	_, err := stranger.FindCaseByID(ctx, cases[0].ID)
	wantCode(t, "reading a sealed case without signing in", err, cdop.EUNAUTHENTICATED, "sign in")
	_, err = stranger.ListCases(ctx, cdop.CaseFilter{Search: "quill"})
	wantCode(t, "searching without signing in", err, cdop.EUNAUTHENTICATED, "sign in")

	// A sealed value moved to another case, or written in clear behind the
	// app's back, does not open: reading it says so, and check lists it.
	raw := rawDB(t, db.Path())
	mustExec(t, raw, `UPDATE cases SET last_name = (SELECT last_name FROM cases WHERE id = ?) WHERE id = ?`, cases[0].ID, cases[1].ID)
	_, err = db.FindCaseByID(ctx, cases[1].ID)
	wantCode(t, "reading a case with a value moved from another", err, cdop.EDAMAGED, "last_name", "does not decrypt")
	err = db.Check(ctx)
	wantCode(t, "check of a case with a value moved from another", err, cdop.EINVALID, cases[1].Ref, "last_name")
}

func TestSealing_ADatabaseMadeBeforeAccountsKeepsEveryCase(t *testing.T) {
	sqliteOnly(t)
	db := MustOpenClearDB(t)
	cases := sealedCases(40)
	if err := db.ImportCases(ctxAs("importer"), cases); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	before, err := db.FindCases(ctx, cdop.CaseFilter{})
	if err != nil {
		t.Fatal(err)
	}
	history, err := db.CaseHistory(ctx, cases[3].ID)
	if err != nil {
		t.Fatal(err)
	}
	needles := append(identifiersOf(cases), "Marchbanks", "Zebedee")
	needles = append(needles, recommendWithSecrets(t, db, cases[4].ID)...)
	needles = append(needles, recordsWithSecrets(t, db, cases[6])...)
	fileBefore, err := db.CaseFile(ctx, cases[6].ID)
	if err != nil {
		t.Fatal(err)
	}
	recsBefore, err := db.Recommendations(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if hits := rawHits(t, db.Path(), needles); len(hits) == 0 {
		t.Fatal("a database not sealed holds its identifiers in clear, so the raw search below proves nothing")
	}

	if _, _, err := db.CreateFirstAdmin(ctx, "Ada", adminPassword); err != nil {
		t.Fatal(err)
	}
	after, err := db.FindCases(ctx, cdop.CaseFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(after) != len(before) {
		t.Fatalf("%d cases after sealing; want %d", len(after), len(before))
	}
	for i := range before {
		if d := diffCases(after[i], before[i]); len(d) > 0 || !after[i].UpdatedAt.Equal(before[i].UpdatedAt) {
			t.Errorf("case %s changed by sealing: %v", before[i].Ref, d)
		}
	}
	if got, err := db.CaseHistory(ctx, cases[3].ID); err != nil || fmt.Sprint(got) != fmt.Sprint(history) {
		t.Errorf("history after sealing = %v, %v\nwant %v", got, err, history)
	}
	if file, err := db.CaseFile(ctx, cases[6].ID); err != nil || fmt.Sprint(file.Requests, file.Contacts, file.Pauses, file.Returns) != fmt.Sprint(fileBefore.Requests, fileBefore.Contacts, fileBefore.Pauses, fileBefore.Returns) {
		t.Errorf("the records of a case after sealing = %+v, %v\nwant %+v", file, err, fileBefore)
	}
	if recs, err := db.Recommendations(ctx); err != nil || fmt.Sprint(recs[0]) != fmt.Sprint(recsBefore[0]) {
		t.Errorf("recommendations after sealing = %v, %v\nwant %v", recs, err, recsBefore)
	}
	if hits := rawHits(t, db.Path(), needles); len(hits) > 0 {
		t.Errorf("after sealing, the raw files hold %d identifiers, e.g. %s", len(hits), hits[0])
	}
	if err := db.Check(ctx); err != nil {
		t.Errorf("check after sealing: %v", err)
	}
	// The backup made first held the identifiers in clear: it is gone.
	left, _ := filepath.Glob(filepath.Join(storage.BackupsFolder(db.Path()), "*"+storage.BackupBeforeSealing+"*"))
	if len(left) > 0 {
		t.Errorf("the backup made before sealing is still there: %v", left)
	}
	// Duplicates are still found through the blind indexes.
	again := *before[5]
	again.ID, again.Ref = "", ""
	err = db.CreateCase(ctx, &again)
	wantCode(t, "a duplicate of a sealed case", err, cdop.ECONFLICT)
}

func TestCaseIndex_ReadsListingsMigrationMadeInClear(t *testing.T) {
	sqliteOnly(t)
	db := MustOpenClearDB(t)
	cases := sealedCases(3)
	mustCreate(t, db, cases...)
	// As migration 0014 left the cases of a database made before it.
	raw := rawDB(t, db.Path())
	mustExec(t, raw, `UPDATE cases SET listing = '' || char(31) || coalesce(first_name, '') || char(31) || coalesce(last_name, '') || char(31) ||
		coalesce(nhs_number, '') || char(31) || coalesce(date_of_birth, '') || char(31) || coalesce(date_of_death, ''), change_seq = 0`)
	mustExec(t, raw, `UPDATE case_changes SET seq = 0`)
	other := MustOpenDBAt(t, db.Path(), cdop.FixedClock(testNow))
	listed, err := other.ListCases(context.Background(), cdop.CaseFilter{Search: "QUILLFEATHERAB"})
	if err != nil {
		t.Fatal(err)
	}
	if len(listed) != 1 || listed[0].ID != cases[1].ID || listed[0].DateOfBirth != cases[1].DateOfBirth || listed[0].Age() != cases[1].Age() {
		t.Errorf("listing of a migrated database = %+v; want %s", listed, cases[1].Ref)
	}
}

// recordsWithSecrets stores the records beside a case whose typed text is
// long and distinctive (a request's note, a contact's note and who made it,
// a pause's reason, a stage move's reason, a meeting's notes and a deferral's
// reason), and returns those texts.
func recordsWithSecrets(t *testing.T, db *storage.DB, c *cdop.Case) []string {
	t.Helper()
	ctx := ctxAs("test")
	day := cdop.NewDate(2025, 6, 1)
	agency := mustAgency(t, db, "Calderdale Police", "police")
	for _, err := range []error{
		db.SaveRequest(ctx, &cdop.AgencyRequest{CaseID: c.ID, AgencyID: agency.ID, Form: cdop.FormTypes[0].Code, RequestedOn: day, Note: "Ask DC Wolstenholme for the scene log"}),
		db.AddContact(ctx, &cdop.Contact{CaseID: c.ID, On: day, Method: cdop.ContactMethods[0].Code, Note: "Grandmother Fairweather answered", By: "Keyworker Ottershaw"}),
		db.PauseClock(ctx, &cdop.ClockPause{CaseID: c.ID, Deadline: cdop.DeadlineNames[0].Code, From: day, Reason: "Awaiting Haverbrook inquest"}),
		db.SaveMeeting(ctx, &cdop.Meeting{Kind: "cdrm", On: day, Notes: "Discussed the Brackenridge referral"}),
	} {
		if err != nil {
			t.Fatal(err)
		}
	}
	// An agency's return: its typed answers are sealed like the rest.
	f, err := db.CaseFile(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	ret := cdop.AgencyReturn{RequestID: f.Requests[0].ID, Answers: map[string]string{
		"completed_by": "Sergeant Quennell-Abernathy", "events": "Neighbour Thistlewood raised the alarm"}}
	if err := db.SaveReturn(ctx, &ret); err != nil {
		t.Fatal(err)
	}
	return []string{"Wolstenholme", "Fairweather", "Ottershaw", "Haverbrook", "Brackenridge", "Quennell-Abernathy", "Thistlewood"}
}

func TestCheck_SaysWhenADatabaseWithAccountsIsNotSealed(t *testing.T) {
	db := MustOpenDB(t)
	ctx := context.Background()
	if err := db.Check(ctx); err != nil {
		t.Fatalf("check of a sealed database: %v", err)
	}
	// As a database made by the version before sealing was: accounts,
	// nothing sealed.
	mustExec(t, rawDB(t, db.Path()), "DELETE FROM keyring WHERE name = 'sealed_at_rest'")
	wantCode(t, "check of a database with accounts but not sealed", db.Check(ctx), cdop.EINVALID, "not encrypted yet")
}
