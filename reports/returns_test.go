package reports_test

import (
	"bytes"
	"strings"
	"testing"

	"casemanager/cdop"
	"casemanager/reports"
)

// withReturn gives the fixture's first request a return in which the
// agency typed the child's name, who wrote it and dates.
func withReturn(t *testing.T, f *cdop.CaseFile) {
	t.Helper()
	if len(f.Requests) == 0 {
		t.Fatal("the fixture has no request")
	}
	req := f.Requests[0]
	f.Returns = []cdop.AgencyReturn{{RequestID: req.ID, CaseID: f.Case.ID, Form: req.Form, Source: cdop.ReturnTyped, Answers: map[string]string{}}}
	form, _ := cdop.ReturnFormFor(req.Form)
	for _, it := range form.Items() {
		f.Returns[0].Answers[it.ID] = cdop.AnswerNotKnown
	}
	a := f.Returns[0].Answers
	switch req.Form {
	case "reporting_form":
		a["completed_by"] = "Dr Philippa Wintringham-Lowe"
		a["completed_on"] = "2025-12-01"
		a["known_to_agency"] = "yes"
		a["events"] = "Zoë Ó Súilleabháin was last seen by the health visitor on 10 November 2025; weight on the 9th centile."
	default:
		t.Fatalf("the fixture's first request is for the %s; this test fills the reporting form", req.Form)
	}
}

// The panel pack shows what agencies returned, so the panel reads the
// substance; a name typed into a return, who wrote it and the dates do
// not reach it. The identifiable summary shows the return as written.
func TestPanelPackShowsReturnsScrubbed(t *testing.T) {
	f, recs := fixture(t)
	withReturn(t, f)
	var b bytes.Buffer
	if err := reports.PanelPack(&b, panelMeeting([]*cdop.CaseFile{f}), []*cdop.CaseFile{f}, recs, opts(true)); err != nil {
		t.Fatal(err)
	}
	// The cover dates the meeting; the case's pages follow the agenda.
	pack := flat(pdfText(t, b.Bytes())[2:]...)
	for _, want := range []string{"What the agencies returned", "Reporting form — ", "Was the child known to the agency? Yes",
		"was last seen by the health visitor on [withheld]; weight on the 9th centile.", "Date completed within 1 month", "Regular medication Not known"} {
		if !strings.Contains(pack, want) {
			t.Errorf("the pack does not show %q", want)
		}
	}
	for _, leak := range append(identifiers(f), "Wintringham-Lowe", "Philippa", "10 November 2025", "2025-12-01") {
		if strings.Contains(pack, leak) {
			t.Errorf("the pack shows %q", leak)
		}
	}
	full := flat(pdfText(t, mustSummary(t, f, recs, opts(false)))...)
	for _, want := range []string{"Dr Philippa Wintringham-Lowe", "Zoë Ó Súilleabháin was last seen by the health visitor on 10 November 2025"} {
		if !strings.Contains(full, want) {
			t.Errorf("the identifiable summary does not show %q", want)
		}
	}
}
