package reports

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"

	"casemanager/cdop"
)

// PanelPack writes the anonymised pack panel members read before a
// meeting: a cover page (meeting, date, place, chair, handling marking),
// the agenda with the page each case starts on, then each case's anonymised
// summary (as CaseSummary with Anonymised) from a new page, in agenda order.
//
// files must hold the file of every case on the agenda (others are
// ignored); recs may hold every recommendation. The pack is anonymised
// whatever opts.Anonymised says.
func PanelPack(w io.Writer, m *cdop.Meeting, files []*cdop.CaseFile, recs []*cdop.Recommendation, opts Options) error {
	if m == nil {
		return errors.New("reports: no meeting for the panel pack")
	}
	opts.Anonymised = true
	byID := make(map[string]*cdop.CaseFile, len(files))
	for _, f := range files {
		if f != nil && f.Case != nil {
			byID[f.Case.ID] = f
		}
	}
	agenda := slices.Clone(m.Agenda)
	slices.SortStableFunc(agenda, func(a, b cdop.AgendaItem) int { return a.Position - b.Position })
	for i, it := range agenda {
		if byID[it.CaseID] == nil {
			which := it.CaseRef
			if which == "" {
				which = "item " + strconv.Itoa(i+1)
			}
			return fmt.Errorf("reports: no case file for %s on the agenda", which)
		}
	}

	title := "Panel pack: " + m.Title()
	d, err := newDoc(title, opts)
	if err != nil {
		return err
	}
	d.coverDate = true
	d.newPage()
	d.pdf.Bookmark("Cover", 0, -1)
	// The chair's reason is typed text: withheld of every case on the agenda's identifiers.
	scrubs := make([]func(string) string, 0, len(agenda))
	for _, it := range agenda {
		scrubs = append(scrubs, scrubber(byID[it.CaseID].Case))
	}
	scrub := func(s string) string {
		for _, f := range scrubs {
			s = f(s)
		}
		return s
	}
	quorum := cdop.MeetingQuorum(m, opts.Settings.WithDefaults().QuorumGroups, opts.today())
	packCover(d, m, len(agenda), quorum.Sentence(scrub))

	d.newPage()
	d.pdf.Bookmark("Agenda", 0, -1)
	d.title("Agenda", m.Title())
	type entry struct {
		page    int     // where the agenda row is
		y, h    float64 // and its box
		link    int
		starts  int // the page the case starts on
		caseRef string
	}
	entries := make([]entry, len(agenda))
	var rows [][]string
	for i, it := range agenda {
		f := byID[it.CaseID]
		a := cdop.Anonymise(f)
		// What a deferral awaits, and why, is typed text: not in an anonymised pack.
		outcome := orPending(it.Outcome).Label()
		rows = append(rows, []string{strconv.Itoa(i + 1), a.Ref, a.Age, a.Sex, a.Stage, outcome, ""})
		entries[i].caseRef = a.Ref
		entries[i].link = d.pdf.AddLink()
	}
	const pageColW = 16.0
	if len(agenda) == 0 {
		d.para("No cases are on the agenda.")
	} else {
		d.table(table{
			cols: []column{{title: "Item", width: 12, align: "R"}, {title: "Case", width: 32}, {title: "Age band", width: 26},
				{title: "Sex", width: 20}, {title: "Stage"}, {title: "Decision so far", width: 36}, {title: "Page", width: pageColW, align: "R"}},
			rows: rows,
			onRow: func(r, page int, y, h float64) {
				entries[r].page, entries[r].y, entries[r].h = page, y, h
			},
		})
		d.note("Each case's anonymised summary starts on the page shown. Ages are the national age bands at death; other times are months after the death, in bands.")
	}
	if len(m.Attendees) > 0 {
		d.heading(1, "Members invited", 18)
		var people [][]string
		for _, a := range m.Attendees {
			agency := a.Agency
			if agency == "" {
				agency = cdop.AgencyTypes.Label(a.AgencyType)
			}
			people = append(people, []string{a.Name, a.Role, agency})
		}
		d.table(table{cols: []column{{title: "Name", width: 55}, {title: "Role", width: 55}, {title: "Agency"}}, rows: people})
	}

	for i, it := range agenda {
		writeSummary(d, byID[it.CaseID], recs, opts, func() {
			entries[i].starts = d.pdf.PageNo()
			d.pdf.SetLink(entries[i].link, 0, entries[i].starts)
			d.pdf.Bookmark(clean(entries[i].caseRef), 0, 0)
		})
	}
	// Now the pages are known, fill in the agenda's page numbers and links.
	for _, e := range entries {
		d.pdf.SetPage(e.page)
		d.fill(colWhite)
		d.font("B", sizeTable)
		d.colour(colHeading)
		x := marginL + contentW - pageColW
		d.pdf.SetXY(x, e.y+cellPadding)
		d.pdf.CellFormat(pageColW, lineTable, strconv.Itoa(e.starts), "", 0, "R", false, 0, "")
		d.pdf.Link(marginL, e.y, contentW, e.h, e.link)
	}
	return d.finish(w)
}

func orPending(outcome cdop.AgendaOutcome) cdop.AgendaOutcome {
	if outcome == "" {
		return cdop.OutcomePending
	}
	return outcome
}

// packCover lays out the pack's cover page; quorum says whether the
// meeting is quorate (and any chair's sign-off without a quorum), "" where
// no quorum applies.
func packCover(d *doc, m *cdop.Meeting, cases int, quorum string) {
	p := d.pdf
	d.fill(colCoverBand)
	p.Rect(0, 30, pageW, 52, "F")
	d.colour(colWhite)
	d.font("", sizeH1)
	p.SetXY(marginL, 38)
	p.CellFormat(contentW, 7, "Child Death Overview Panel", "", 1, "L", false, 0, "")
	d.font("B", 30)
	p.SetX(marginL)
	p.CellFormat(contentW, 14, "Panel pack", "", 1, "L", false, 0, "")
	d.font("", 15)
	p.SetX(marginL)
	p.CellFormat(contentW, 8, fitText(p, clean(m.Kind.Label()), contentW-2*cellMargin), "", 1, "L", false, 0, "")
	d.colour(colText)
	p.SetXY(marginL, 95)

	date := ""
	if !m.On.IsZero() {
		date = m.On.Time().Format("Monday 2 January 2006")
	}
	rows := []field{
		{label: "Meeting", value: m.Title()},
		{label: "Date", value: date},
		{label: "Time", value: m.StartsAt},
		{label: "Place", value: m.Place},
		{label: "Chair", value: m.Chair},
	}
	if quorum != "" {
		rows = append(rows, field{label: "Quorum", value: quorum})
	}
	d.fields(append(rows,
		field{label: "Cases on the agenda", value: strconv.Itoa(cases)},
		field{label: "Produced", value: d.produced},
	))

	// The handling box.
	text := "This pack holds anonymised information about children who have died, for the members of the panel only. " +
		"Anonymised does not mean it cannot identify: a family or professional may still recognise a case. " +
		"Keep it secure, do not copy or forward it, and return or securely destroy it after the meeting."
	d.font("", sizeBody)
	lines := d.lines(text, contentW-16)
	y := max(p.GetY()+12, 160.0)
	d.draw(colMarking)
	p.SetLineWidth(0.8)
	p.Rect(marginL, y, contentW, 27+float64(len(lines))*lineBody, "D")
	p.SetLineWidth(0.2)
	d.font("B", 22)
	d.colour(colMarking)
	p.SetXY(marginL, y+6)
	p.CellFormat(contentW, 11, Marking, "", 1, "C", false, 0, "")
	d.font("", sizeBody)
	d.colour(colText)
	p.SetXY(marginL+8, y+21)
	for _, l := range lines {
		p.SetX(marginL + 8)
		p.CellFormat(contentW-16, lineBody, l, "", 1, "C", false, 0, "")
	}
	p.SetXY(marginL, y+30+float64(len(lines))*lineBody)
}
