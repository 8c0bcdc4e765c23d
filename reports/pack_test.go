package reports_test

import (
	"bytes"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"casemanager/cdop"
	"casemanager/reports"
)

func TestPanelPackContentsPointAtEachCase(t *testing.T) {
	f, recs := fixture(t)
	files := []*cdop.CaseFile{f}
	for _, g := range demoFiles(t, 4, 40, 11) {
		if g.Case.Stage == cdop.StageCDOPReview && len(files) < 8 {
			files = append(files, g)
		}
	}
	m := panelMeeting(files)
	var b bytes.Buffer
	if err := reports.PanelPack(&b, m, files, recs, opts(false)); err != nil { // anonymised whatever the options say
		t.Fatal(err)
	}
	pages := pdfText(t, b.Bytes())

	cover := flat(pages[0])
	for _, want := range []string{"Panel pack", "CDOP panel meeting", "Wednesday 8 July 2026", "09:30", "Room 4, Civic Hall, Leeds",
		"Dr Amara Okafor (Director of Public Health)", "Cases on the agenda " + strconv.Itoa(len(files)), reports.Marking} {
		if !strings.Contains(cover, want) {
			t.Errorf("cover lacks %q", want)
		}
	}
	agenda := flat(pages[1])
	if !strings.Contains(agenda, "Agenda") || !strings.Contains(agenda, "Dr Siobhán Ní Bhriain") {
		t.Errorf("agenda page: %s", agenda)
	}
	prev := 2
	for i, g := range files {
		// "1 CDOP-2025-0017 20 months Female CDOP review Not yet discussed 3"
		row := regexp.MustCompile(strconv.Itoa(i+1) + ` ` + regexp.QuoteMeta(g.Case.Ref) + ` .*? Not yet discussed (\d+)`).FindStringSubmatch(agenda)
		if row == nil {
			t.Fatalf("agenda lacks a row for %s: %s", g.Case.Ref, agenda)
		}
		page, _ := strconv.Atoi(row[1])
		if page <= prev || page > len(pages) {
			t.Fatalf("%s: contents say page %d (previous case on %d, %d pages)", g.Case.Ref, page, prev, len(pages))
		}
		start := flat(pages[page-1])
		if !strings.Contains(start, "Anonymised case summary "+g.Case.Ref+" · Stage") {
			t.Errorf("page %d, given for %s, does not start its summary: %.200s", page, g.Case.Ref, start)
		}
		if before := flat(pages[page-2]); strings.Contains(before, "Anonymised case summary "+g.Case.Ref+" ·") {
			t.Errorf("%s starts before page %d", g.Case.Ref, page)
		}
		prev = page
	}
	text := flat(pages...)
	// The meeting's own date is on the cover; for a case reviewed at it,
	// that is its review date, which every member knows anyway.
	meetingDate := map[string]bool{m.On.String(): true, m.On.Display(): true,
		m.On.Time().Format("2 January 2006"): true, m.On.Time().Format("02/01/2006"): true}
	for _, g := range files {
		for _, id := range identifiers(g) {
			if meetingDate[id] {
				continue
			}
			if strings.Contains(text, id) {
				t.Errorf("pack prints %q, an identifier of %s", id, g.Case.Ref)
			}
		}
	}
}

func TestPanelPackNeedsTheFileOfEveryCaseOnTheAgenda(t *testing.T) {
	f, recs := fixture(t)
	m := panelMeeting([]*cdop.CaseFile{f})
	m.Agenda = append(m.Agenda, cdop.AgendaItem{CaseID: "missing", CaseRef: "CDOP-2026-0099", Position: 2})
	err := reports.PanelPack(&bytes.Buffer{}, m, []*cdop.CaseFile{f}, recs, opts(true))
	if err == nil || !strings.Contains(err.Error(), "CDOP-2026-0099") {
		t.Errorf("got %v, want an error naming the case without a file", err)
	}
}

func TestPanelPackWithAnEmptyAgenda(t *testing.T) {
	var b bytes.Buffer
	m := panelMeeting(nil)
	if err := reports.PanelPack(&b, m, nil, nil, opts(true)); err != nil {
		t.Fatal(err)
	}
	pages := pdfText(t, b.Bytes())
	if len(pages) != 2 || !strings.Contains(flat(pages[1]), "No cases are on the agenda.") {
		t.Errorf("empty pack: %d pages: %q", len(pages), flat(pages...))
	}
}

// The cover says whether the meeting was quorate and, where the chair
// signed off without a quorum, why: typed text, with the children's
// identifiers withheld.
func TestPanelPackShowsTheQuorumAndTheChairsSignOff(t *testing.T) {
	f, recs := fixture(t)
	tests := []struct {
		name   string
		on     cdop.Date
		change func(m *cdop.Meeting)
		says   []string
		never  []string
	}{
		{"quorate", today, func(m *cdop.Meeting) {}, []string{"Quorum Quorate: someone is present from each kind of agency a panel meeting needs"}, nil},
		{"expected to be quorate", today.AddDays(7), func(m *cdop.Meeting) {}, []string{"Quorum Expected to be quorate"}, nil},
		{"not quorate", today, func(m *cdop.Meeting) { m.Attendees = m.Attendees[:2] },
			[]string{"Quorum Not quorate: nobody present from Police; nobody present from Children's social care"}, nil},
		{"signed off by the chair", today, func(m *cdop.Meeting) {
			m.Attendees = m.Attendees[:2]
			m.WithoutQuorum = cdop.ChairSignOff{Reason: "Police sent apologies; Zoë's family asked not to wait", By: "jane"}
		}, []string{"Not quorate — signed off by the chair: nobody present from Police",
			"the chair, Dr Amara Okafor (Director of Public Health), signed cases off without a quorum because: Police sent apologies; [withheld]"},
			[]string{"Zoë", "Zoe"}},
	}
	for _, tt := range tests {
		m := panelMeeting([]*cdop.CaseFile{f})
		m.On = tt.on
		tt.change(m)
		var b bytes.Buffer
		if err := reports.PanelPack(&b, m, []*cdop.CaseFile{f}, recs, opts(true)); err != nil {
			t.Fatal(err)
		}
		cover := flat(pdfText(t, b.Bytes())[0])
		for _, want := range tt.says {
			if !strings.Contains(cover, want) {
				t.Errorf("%s: the cover lacks %q: %s", tt.name, want, cover)
			}
		}
		for _, not := range tt.never {
			if strings.Contains(flat(pdfText(t, b.Bytes())...), not) {
				t.Errorf("%s: the pack prints %q", tt.name, not)
			}
		}
	}
	cdrm := panelMeeting(nil)
	cdrm.Kind = cdop.MeetingCDRM
	var b bytes.Buffer
	if err := reports.PanelPack(&b, cdrm, nil, nil, opts(true)); err != nil {
		t.Fatal(err)
	}
	if cover := flat(pdfText(t, b.Bytes())[0]); strings.Contains(cover, "Quorum") {
		t.Errorf("a child death review meeting's cover speaks of a quorum: %s", cover)
	}
}
