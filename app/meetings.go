package app

import (
	"context"
	"regexp"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"casemanager/cdop"
)

// MeetingList is the list of child death review meetings and CDOP panel
// meetings, latest first, with a button to schedule one; selecting a
// meeting opens its page.
type MeetingList struct {
	quorumGroups [][]string // the kinds of agency a panel meeting needs (a setting)
	ui           *UI
	content      fyne.CanvasObject

	table    *widget.Table
	fit      *rowFitter // rows as high as their text needs
	status   *widget.Label
	empty    *emptyNote
	meetings []*cdop.Meeting
}

// meetingColumns leave every column in view in the window of a 1024×640
// screen (those of text share the room left); cells wrap rather than
// being cut, the rows growing to fit them.
var meetingColumns = []struct {
	title string
	width float32
}{
	{"Date", 125}, {"Time", 60}, {"Meeting", 110}, {"Place or link", 130}, {"Chair", 100}, {"Cases", 75}, {"Quorum", 100},
}

// ShowMeetings shows the list of meetings.
func (u *UI) ShowMeetings() {
	u.openScreen(cdop.ActMeetings, navMeetings, func() (fyne.CanvasObject, loadingScreen) {
		l := newMeetingList(u)
		return l.content, l
	})
}

// noMeetingsYet is what the Meetings screen says before the first meeting.
const noMeetingsYet = "No meetings yet. Schedule a child death review meeting or a CDOP panel meeting with “New meeting” above; " +
	"cases at the matching stage can then be put on its agenda, and the panel signs them off there."

func newMeetingList(u *UI) *MeetingList {
	l := &MeetingList{ui: u}
	l.status = lowLabel("")
	add := widget.NewButtonWithIcon("New meeting", theme.ContentAddIcon(), func() {
		u.askMeeting("New meeting", "Create meeting", &cdop.Meeting{Kind: cdop.MeetingPanel}, func(m *cdop.Meeting) { u.ShowMeeting(m.ID) })
	})
	add.Importance = widget.HighImportance

	l.table = &widget.Table{
		Length:     func() (int, int) { return len(l.meetings), len(meetingColumns) },
		CreateCell: newDashCell,
		UpdateCell: l.updateCell,
		OnSelected: func(id widget.TableCellID) {
			l.table.UnselectAll()
			if id.Row >= 0 && id.Row < len(l.meetings) {
				u.ShowMeeting(l.meetings[id.Row].ID)
			}
		},
		ShowHeaderRow: true,
	}
	l.table.ExtendBaseWidget(l.table)
	l.table.CreateHeader, l.table.UpdateHeader = boldHeader(func() int { return len(meetingColumns) }, func(col int) string { return meetingColumns[col].title })
	widths := make([]float32, len(meetingColumns))
	for i, c := range meetingColumns {
		l.table.SetColumnWidth(i, c.width)
		widths[i] = c.width
	}
	l.fit = newRowFitter(l.table, widths, 2, 3, 4, 5, 6)
	top := container.NewVBox(
		container.NewBorder(nil, nil, nil, container.NewVBox(add), container.NewVBox(heading("Meetings"),
			hintLabel("Child death review meetings and CDOP panel meetings, latest first; those still to come are dated in blue. Select one to open its agenda."))),
	)
	l.empty = newEmptyNote("")
	l.content = container.NewBorder(top, l.status, nil, nil, overTableStretched("Meetings", l.table, widths, []float32{0, 0, 1, 2, 1, 0, 1}, l.empty, l.fit))
	return l
}

func (l *MeetingList) updateCell(id widget.TableCellID, o fyne.CanvasObject) {
	main, icon := resetDashCell(o)
	if id.Row < 0 || id.Row >= len(l.meetings) {
		main.SetText("")
		return
	}
	m := l.meetings[id.Row]
	switch id.Col {
	case 0:
		main.SetText(m.On.Time().Format("Mon 2 Jan 2006"))
		if m.On.After(l.ui.today()) {
			main.Importance = widget.HighImportance
		}
	case 1:
		main.SetText(m.StartsAt)
	case 2:
		main.SetText(m.Kind.Label())
	case 3:
		main.SetText(m.Place)
	case 4:
		main.SetText(m.Chair)
	case 5:
		main.SetText(agendaCount(m))
	case 6:
		text, imp, res := quorumSummary(m, l.ui.today(), l.quorumGroups)
		main.SetText(text)
		main.Importance = imp
		main.TextStyle.Bold = imp == widget.DangerImportance
		if res != nil {
			icon.SetResource(res)
			icon.Show()
		}
	}
	main.Refresh()
	o.Refresh()
}

// agendaCount says how many cases a meeting has and how many are still to decide.
func agendaCount(m *cdop.Meeting) string {
	pending := 0
	for _, it := range m.Agenda {
		if it.Outcome == cdop.OutcomePending {
			pending++
		}
	}
	text := plural(len(m.Agenda), "case")
	if pending > 0 && pending < len(m.Agenda) {
		text += " · " + thousands(pending) + " open"
	}
	return text
}

// quorumSummary says in a few words whether a panel meeting is quorate
// (or, before its day, whether those expected make it so), and whether the
// chair signed off without a quorum.
func quorumSummary(m *cdop.Meeting, today cdop.Date, groups [][]string) (string, widget.Importance, fyne.Resource) {
	q := cdop.MeetingQuorum(m, groups, today)
	switch {
	case !q.Applies:
		return "–", widget.MediumImportance, nil
	case q.Quorate():
		return q.Summary(), widget.SuccessImportance, theme.NewSuccessThemedResource(theme.ConfirmIcon())
	case q.Chair.Recorded():
		return q.Summary(), widget.WarningImportance, theme.NewWarningThemedResource(theme.WarningIcon())
	}
	return q.Summary(), widget.DangerImportance, theme.NewErrorThemedResource(theme.WarningIcon())
}

func (l *MeetingList) reload() {
	u := l.ui
	u.run.Load("the meetings", func(ctx context.Context) (func(), error) {
		meetings, err := u.meetings.Meetings(ctx)
		var settings cdop.Settings
		if err == nil {
			settings, err = u.flow.Settings(ctx)
		}
		return func() {
			l.quorumGroups = settings.WithDefaults().QuorumGroups
			l.meetings = meetings
			if len(meetings) == 0 {
				l.empty.showWith(noMeetingsYet)
			} else {
				l.empty.showWith("")
			}
			l.status.SetText(plural(len(meetings), "meeting"))
			l.table.Refresh()
			l.fit.fit()
		}, err
	})
}

// timeOfDay is the form of a meeting's start time.
var timeOfDay = regexp.MustCompile(`^([01][0-9]|2[0-3]):[0-5][0-9]$`)

// askMeeting asks for a meeting's kind, date, time, place and chair,
// starting from m, and saves it; then runs with what is stored.
func (u *UI) askMeeting(title, confirm string, m *cdop.Meeting, then func(*cdop.Meeting)) {
	d := newMeetingDialog(title, confirm, *m)
	d.OnSubmit = func(n cdop.Meeting) {
		u.run.Do(func(ctx context.Context) func() {
			err := u.meetings.SaveMeeting(ctx, &n)
			return func() {
				if err != nil {
					u.bar.Failed("The meeting was not saved: ", err)
					return
				}
				then(&n)
			}
		})
	}
	d.Show(u.window)
}
