package main

import (
	"context"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"casemanager/cdop"
	"casemanager/cdop/cdoptest"
)

// The panel pack of a meeting that was not quorate says so, with the
// chair's reason for signing cases off all the same, as `pack` writes it.
func TestPackCommandShowsTheChairsSignOffWithoutAQuorum(t *testing.T) {
	dbPath, cases := demoDB(t)
	c := atStage(cases, cdop.StageCDOPReview)[0]
	db, err := openSignedIn(dbPath, nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx := cdop.WithActor(context.Background(), "test")
	c.Analysis = cdoptest.CompleteAnalysis()
	if err := db.UpdateCase(ctx, c); err != nil {
		t.Fatal(err)
	}
	m := &cdop.Meeting{Kind: "panel", On: cdop.Today(cdop.SystemClock{}).AddDays(-1), StartsAt: "10:00",
		Place: "Committee Room 2, Wakefield Town Hall", Chair: "Dr Nneka Adeyemi",
		Attendees: []cdop.Attendee{{Name: "Dr Nneka Adeyemi", Role: "Chair", AgencyType: "public_health"}}}
	if err := db.SaveMeeting(ctx, m); err != nil {
		t.Fatal(err)
	}
	if err := db.AddToAgenda(ctx, m.ID, c.ID); err != nil {
		t.Fatal(err)
	}
	if err := db.SignOff(ctx, m.ID, c.ID); cdop.ErrorRule(err) != cdop.RuleNotQuorate {
		t.Fatalf("a sign-off without a quorum: %v", err)
	}
	if err := db.SignOffWithoutQuorum(ctx, m.ID, c.ID, "Police and social care sent written reports and apologies"); err != nil {
		t.Fatal(err)
	}
	db.Close()

	out := filepath.Join(t.TempDir(), "pack.pdf")
	if code, _, stderr := runCLI(t, "--db", dbPath, "pack", strconv.FormatInt(m.ID, 10), "-o", out); code != 0 {
		t.Fatalf("pack exit %d: %s", code, stderr)
	}
	text := pdfToText(t, out)
	for _, want := range []string{
		"Quorum Not quorate — signed off by the chair: nobody present from Health (trust, GP, community); nobody present from Police; " +
			"nobody present from Children's social care; the chair, Dr Nneka Adeyemi, signed cases off without a quorum because: " +
			"Police and social care sent written reports and apologies",
		"Signed off",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the pack lacks %q: %.600s", want, text)
		}
	}
}
