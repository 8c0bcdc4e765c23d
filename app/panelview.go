package app

import (
	"context"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"casemanager/cdop"
)

// panelView is a meeting's agenda as panel members read it: each case
// anonymised by cdop.Anonymise (no name, NHS number, address, postcode or
// anything that dates the death; the age band; times after the death in
// bands of months) with its
// analysis as drafted, read-only. It shows nothing else of the case file.
type panelView struct {
	ui      *UI
	id      int64
	content fyne.CanvasObject
	title   *widget.Label
	body    *fyne.Container
}

// ShowPanelView shows the panel members' view of a meeting's agenda.
func (u *UI) ShowPanelView(meetingID int64) {
	if !u.guard(cdop.ActPanelView) {
		return
	}
	u.nav.Go(func() {
		u.highlight(navMeetings)
		v := &panelView{ui: u, id: meetingID, body: container.NewVBox()}
		backText, backTo := "Back to the meeting", func() { u.ShowMeeting(meetingID) }
		if !u.allows(cdop.ActMeetings) {
			u.highlight(navPanelMeetings)
			backText, backTo = "Back to my panel meetings", u.ShowPanelMeetings
		}
		back := widget.NewButtonWithIcon(backText, theme.NavigateBackIcon(), backTo)
		v.title = heading("Panel view")
		top := container.NewBorder(nil, nil, container.NewVBox(back), nil, container.NewVBox(v.title,
			hintLabel("Anonymised as panel members read it: no names, NHS numbers, addresses, postcodes or exact dates. Ages are the national age bands; times are months after the death, in bands.")))
		v.content = container.NewBorder(top, nil, nil, nil, container.NewVScroll(v.body))
		u.nav.show(v.content, v)
		v.reload()
	})
}

func (v *panelView) reload() {
	u := v.ui
	u.run.Load("the meeting", func(ctx context.Context) (func(), error) {
		m, err := u.meetings.Meeting(ctx, v.id)
		if err == nil && u.accounts != nil {
			// A panel member reads only the meetings they attend.
			err = cdop.AllowMeeting(u.user, m)
		}
		var cases []cdop.AnonymisedCase
		if err == nil {
			for _, it := range m.Agenda {
				var f *cdop.CaseFile
				if f, err = u.flow.CaseFile(ctx, it.CaseID); err != nil {
					break
				}
				cases = append(cases, cdop.Anonymise(f))
			}
		}
		return func() {
			// The meeting's date is left out: a case's own dates (its child
			// death review meeting, its review) can be the meeting's.
			v.title.SetText("Panel view — " + m.Kind.Label())
			var cards []fyne.CanvasObject
			for i, a := range cases {
				cards = append(cards, anonymisedCard(m.Agenda[i], a))
			}
			if len(cards) == 0 {
				cards = append(cards, lowLabel("No cases on the agenda."))
			}
			v.body.Objects = cards
			v.body.Refresh()
		}, err
	})
}

// anonymisedCard shows one anonymised case of the agenda.
func anonymisedCard(it cdop.AgendaItem, a cdop.AnonymisedCase) fyne.CanvasObject {
	subtitle := []string{}
	for _, s := range []string{a.Sex, a.Age, a.EthnicGroup, a.ResidenceLA} {
		if s != "" {
			subtitle = append(subtitle, s)
		}
	}
	pairs := [][2]string{
		{"Age band at death", orNotRecorded(a.Age)},
		{"Sex", orNotRecorded(a.Sex)},
		{"Ethnic group", orNotRecorded(a.EthnicGroup)},
		{"Local authority", orNotRecorded(a.ResidenceLA)},
		{"Place of death", orNotRecorded(a.PlaceOfDeath)},
		{"Expected", orNotRecorded(a.Expected)},
		{"Joint Agency Response", orNotRecorded(a.JAR)},
		{"Safeguarding", orNotRecorded(a.Safeguarding)},
		{"Coroner", orNotRecorded(a.Coroner)},
		{"Stage", a.Stage},
		{"On this agenda", it.Outcome.Label()},
	}
	// Further fields the registry lets a panel member read.
	for _, section := range []string{cdop.SummaryChild, cdop.SummaryDecisions, cdop.SummaryAnalysis} {
		for _, f := range a.Other[section] {
			pairs = append(pairs, [2]string{f.Label, f.Value})
		}
	}
	facts := factList(pairs)
	var events []fyne.CanvasObject
	for _, e := range a.Timeline {
		events = append(events, gridRow([]float32{150, 0}, cell(e.When), wrapped(e.Text)))
	}
	timeline := rowsBox(headerRow([]float32{150, 0}, "After the death", "Event"), events, "Nothing dated.")
	left := container.NewVBox(sectionTitle("About the death"), facts, sectionTitle("Timeline"), timeline,
		sectionTitle("What the agencies returned"), returnsReadOnly(a.Returns))
	right := container.NewVBox(sectionTitle("Analysis as drafted"), analysisReadOnly(&a.Analysis))
	return widget.NewCard(fmt.Sprintf("%d. %s", it.Position, a.Ref), strings.Join(subtitle, " · "),
		container.NewGridWithColumns(2, left, right))
}

func orNotRecorded(s string) string {
	if strings.TrimSpace(s) == "" {
		return "Not recorded"
	}
	return s
}

// sectionTitle is a bold heading inside a card.
func sectionTitle(text string) *widget.Label {
	return widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
}

// wrapped is a label whose text wraps at word breaks.
func wrapped(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	return l
}

// noteCard is a titled card whose note under the title wraps: a card's own
// subtitle does not, and a long one widens the screen past the window,
// pushing its buttons out of view.
func noteCard(title, note string, body fyne.CanvasObject) *widget.Card {
	return widget.NewCard(title, "", container.NewVBox(wrapped(note), body))
}

// factList lays out label and value pairs in two columns.
func factList(pairs [][2]string) fyne.CanvasObject {
	objs := make([]fyne.CanvasObject, 0, 2*len(pairs))
	for _, p := range pairs {
		objs = append(objs, widget.NewLabelWithStyle(p[0], fyne.TextAlignTrailing, fyne.TextStyle{Italic: true}), wrapped(p[1]))
	}
	return container.New(layout.NewFormLayout(), objs...)
}

// analysisReadOnly shows an analysis as text: each domain's score and
// factors, the outcome, the categories, the cause of death, learning points
// and the LCSPR criteria.
func analysisReadOnly(a *cdop.Analysis) fyne.CanvasObject {
	box := container.NewVBox()
	for i, d := range a.Domains {
		letter := strings.ToUpper(cdop.Domains[i].Code)
		score := "not scored"
		if d.Score != nil {
			if l, ok := cdop.NationalForm.Level(*d.Score); ok {
				score = l.Code + " – " + l.Label
			} else {
				score = fmt.Sprint(*d.Score)
			}
		}
		lines := []string{fmt.Sprintf("Domain %s (%s): %s", letter, strings.ToLower(cdop.Domains[i].Label[:1])+cdop.Domains[i].Label[1:], score)}
		for _, f := range d.Factors {
			line := "• " + f
			det := a.Detail(i, f)
			if det.Code != "" {
				line += " (" + det.Code + ")"
			}
			if det.Contribution != "" {
				line += " — " + strings.ToLower(cdop.Contributions.Label(det.Contribution))
			}
			if a.IsModifiable(i, f) {
				line += " — modifiable"
			}
			lines = append(lines, line)
		}
		if len(d.Factors) == 0 {
			lines = append(lines, "• no factors recorded")
		}
		box.Add(wrapped(strings.Join(lines, "\n")))
	}
	category := "not recorded"
	if a.Category > 0 || len(a.ContributingCategories) > 0 {
		category = categorySummary(a.Category, a.ContributingCategories)
	}
	learning := "none recorded"
	if len(a.Learning) > 0 {
		learning = "\n• " + strings.Join(a.Learning, "\n• ")
	}
	box.Add(factList([][2]string{
		{"Outcome", orNotRecorded(cdop.ModifiableOutcomes.Label(a.Modifiable))},
		{"Category of death", category},
		{"Cause of death", orNotRecorded(a.CauseOfDeath)},
		{"LCSPR criteria met", orNotRecorded(cdop.YesNo.Label(a.LCSPRCriteriaMet))},
	}))
	box.Add(wrapped("Learning points: " + learning))
	return box
}
