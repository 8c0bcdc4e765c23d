package app

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"casemanager/cdop"
)

// MeetingPage is one meeting: whether a panel meeting is quorate, its
// agenda with what it decided about each case, and who attends. From here
// the coordinator records the meeting's sign-off or deferral of each case
// and opens the anonymised panel view.
type MeetingPage struct {
	quorumGroups [][]string // the kinds of agency a panel meeting needs (a setting)
	ui           *UI
	id           int64
	content      fyne.CanvasObject

	m        *cdop.Meeting
	cases    map[string]*cdop.Case // the agenda's cases, by ID
	eligible []*cdop.Case          // cases at the meeting's stage, not on its agenda
	agencies []cdop.Agency

	title, subtitle *widget.Label
	edit, panelView *widget.Button
	panelPack       *widget.Button

	quorum     *fyne.Container
	quorumIcon *widget.Icon
	quorumText *widget.Label

	when     *widget.Label // a meeting not yet held
	agenda   *fyne.Container
	pick     *selectEntry
	addCase  *widget.Button
	pickHint *widget.Label

	attendees   *fyne.Container
	name, role  *entry
	agencyType  *widget.Select
	agency      *selectEntry
	addAttendee *widget.Button
	addRow      *fyne.Container // the fields and button that add an attendee
	locked      *widget.Label   // why attendance is locked, once a case is signed off
}

var (
	agendaWidths = []float32{36, 0, 250, 410}
	// The role ("Designated doctor for child deaths") takes the room the
	// others leave: a name is short, a role is a phrase.
	attendeeWidths = []float32{220, 0, 230, 220, 44}
)

// ShowMeeting shows a meeting's page.
func (u *UI) ShowMeeting(id int64) {
	u.openScreen(cdop.ActMeetings, navMeetings, func() (fyne.CanvasObject, loadingScreen) {
		p := newMeetingPage(u, id)
		return p.content, p
	})
}

func newMeetingPage(u *UI, id int64) *MeetingPage {
	p := &MeetingPage{ui: u, id: id, cases: map[string]*cdop.Case{}}
	p.title = heading("Loading…")
	p.subtitle = widget.NewLabel("")
	p.subtitle.Truncation = fyne.TextTruncateEllipsis
	back := widget.NewButtonWithIcon("Meetings", theme.NavigateBackIcon(), u.ShowMeetings)
	p.edit = widget.NewButtonWithIcon("Edit details…", theme.DocumentCreateIcon(), p.onEdit)
	p.panelView = widget.NewButtonWithIcon("Panel view", theme.VisibilityIcon(), func() { u.ShowPanelView(id) })
	p.panelView.Importance = widget.HighImportance
	p.panelPack = p.panelPackButton()

	p.quorumIcon = widget.NewIcon(nil)
	p.quorumText = widget.NewLabel("")
	p.quorumText.Wrapping = fyne.TextWrapWord
	p.quorum = container.NewBorder(nil, nil, container.NewVBox(p.quorumIcon), nil, p.quorumText)
	p.quorum.Hide()

	p.when = widget.NewLabel("")
	p.when.Wrapping = fyne.TextWrapWord
	p.when.Importance = widget.WarningImportance
	p.when.Hide()
	p.agenda = container.NewVBox()
	p.pick = newSelectEntry(nil)
	p.pick.SetPlaceHolder("Type a case reference or name, or pick from the list")
	p.pick.OnChanged = func(string) { p.filterPick() }
	p.pick.OnSubmitted = func(string) { p.onAddCase() }
	p.addCase = widget.NewButtonWithIcon("Add to agenda", theme.ContentAddIcon(), p.onAddCase)
	p.pickHint = hintLabel("")
	agenda := widget.NewCard("Agenda", "", container.NewVBox(
		p.when, p.agenda,
		container.NewBorder(nil, nil, nil, p.addCase, labelled("Case to add to the agenda", p.pick)), p.pickHint))

	p.attendees = container.NewVBox()
	p.name = newEntry()
	p.name.SetPlaceHolder("Name")
	p.role = newEntry()
	p.role.SetPlaceHolder("Role, e.g. designated doctor")
	p.agencyType = widget.NewSelect(cdop.AgencyTypes.Labels(), nil)
	p.agencyType.PlaceHolder = "Speaks for (agency type)"
	p.agency = newSelectEntry(nil)
	p.agency.SetPlaceHolder("Agency (optional)")
	p.agency.OnChanged = p.onAgencyChanged
	p.addAttendee = widget.NewButtonWithIcon("Add attendee", theme.ContentAddIcon(), p.onAddAttendee)
	p.addRow = container.NewVBox(
		gridRow(attendeeWidths, labelled("Attendee's name", p.name), labelled("Attendee's role", p.role),
			labelled("Speaks for (agency type)", p.agencyType), labelled("Attendee's agency (optional)", p.agency), layout.NewSpacer()),
		container.NewBorder(nil, nil, nil, p.addAttendee))
	p.locked = lowLabel("")
	p.locked.Hide()
	attendees := widget.NewCard("Attendees", "", container.NewVBox(p.attendees, p.locked, p.addRow))

	top := container.NewVBox(
		container.NewBorder(nil, nil, container.NewVBox(back), container.NewVBox(container.NewHBox(p.edit, p.panelPack, p.panelView)),
			container.NewVBox(p.title, p.subtitle)),
		p.quorum,
	)
	// The trailing inset keeps the scroll bar off the buttons at the right
	// (Add to agenda, Add attendee, Remove).
	body := container.New(layout.NewCustomPaddedLayout(0, 0, 0, theme.ScrollBarSize()), container.NewVBox(agenda, attendees))
	p.content = container.NewBorder(top, nil, nil, nil, container.NewVScroll(body))
	return p
}

// reload fetches the meeting, its cases and the cases that could join its
// agenda, and shows them; done, when set, runs after.
func (p *MeetingPage) reload() { p.act(nil, nil) }

// act runs work in the background, reloads the meeting and shows it, then
// calls done with work's error (or the reload's).
func (p *MeetingPage) act(work func(ctx context.Context) error, done func(error)) {
	u := p.ui
	u.run.Do(func(ctx context.Context) func() {
		var err error
		if work != nil {
			err = work(ctx)
		}
		m, loadErr := u.meetings.Meeting(ctx, p.id)
		cases := map[string]*cdop.Case{}
		var eligible []*cdop.Case
		var agencies []cdop.Agency
		if loadErr == nil {
			for _, it := range m.Agenda {
				if cases[it.CaseID], loadErr = u.cases.FindCaseByID(ctx, it.CaseID); loadErr != nil {
					break
				}
			}
		}
		if loadErr == nil {
			var at []*cdop.Case
			at, loadErr = u.cases.FindCases(ctx, cdop.CaseFilter{Stage: m.StageFor()})
			for _, c := range at {
				if cases[c.ID] == nil {
					eligible = append(eligible, c)
				}
			}
		}
		if loadErr == nil {
			agencies, loadErr = u.flow.Agencies(ctx)
		}
		var settings cdop.Settings
		if loadErr == nil {
			settings, loadErr = u.flow.Settings(ctx)
		}
		return func() {
			if loadErr == nil {
				p.quorumGroups = settings.WithDefaults().QuorumGroups
				p.apply(m, cases, eligible, agencies)
			} else if err == nil {
				err = loadErr
			}
			if done != nil {
				done(err)
			} else if err != nil {
				u.bar.Failed("Could not load the meeting: ", err)
			}
		}
	})
}

// held reports whether the meeting has taken place (today or before), so
// its decisions can be recorded.
func (p *MeetingPage) held() bool { return !p.m.On.After(p.ui.today()) }

func (p *MeetingPage) apply(m *cdop.Meeting, cases map[string]*cdop.Case, eligible []*cdop.Case, agencies []cdop.Agency) {
	p.m, p.cases, p.eligible, p.agencies = m, cases, eligible, agencies
	p.title.SetText(m.Title())
	var parts []string
	if m.StartsAt != "" {
		parts = append(parts, m.On.Time().Format("Monday")+" at "+m.StartsAt)
	}
	if m.Place != "" {
		parts = append(parts, m.Place)
	}
	if m.Chair != "" {
		parts = append(parts, "Chair: "+m.Chair)
	}
	if len(parts) == 0 {
		parts = append(parts, "No time, place or chair recorded yet: use Edit details…")
	}
	p.subtitle.SetText(strings.Join(parts, "  ·  "))

	p.showQuorum()
	if !p.held() {
		p.when.SetText(fmt.Sprintf("This meeting is on %s. What it decides about each case (sign-off or deferral) is recorded on or after that day.",
			m.On.Display()))
		p.when.Show()
	} else {
		p.when.Hide()
	}
	p.showAgenda()
	p.filterPick()
	stage := m.StageFor().Label()
	if len(eligible) == 0 {
		p.pickHint.SetText(fmt.Sprintf("No case at the “%s” stage is waiting off this agenda: a case can join once it reaches that stage.", stage))
	} else {
		p.pickHint.SetText(fmt.Sprintf("Offered: %s at the “%s” stage, not yet on this agenda.", plural(len(eligible), "case"), stage))
	}
	showIf(p.panelView, m.Kind == cdop.MeetingPanel)
	showIf(p.panelPack, m.Kind == cdop.MeetingPanel)

	names := make([]string, len(agencies))
	for i, a := range agencies {
		names[i] = a.Name
	}
	p.agency.SetOptions(names)
	p.showAttendees()
	p.content.Refresh()
}

// quorate returns whether the meeting is quorate, as of today.
func (p *MeetingPage) quorate() cdop.Quorum {
	return cdop.MeetingQuorum(p.m, p.quorumGroups, p.ui.today())
}

// showQuorum says, for a panel meeting, whether it is quorate: which kinds
// of agency nobody present speaks for, and the chair's decision to sign
// off without a quorum when one is recorded.
func (p *MeetingPage) showQuorum() {
	q := p.quorate()
	if !q.Applies {
		p.quorum.Hide()
		return
	}
	var need []string
	for _, group := range p.quorumGroups {
		labels := make([]string, len(group))
		for i, t := range group {
			labels[i] = cdop.AgencyTypes.Label(t)
		}
		need = append(need, strings.Join(labels, " or "))
	}
	needs := "A panel meeting is quorate when someone is present from each of: " + strings.Join(need, "; ") + "."
	switch {
	case q.Quorate():
		p.quorumIcon.SetResource(theme.NewSuccessThemedResource(theme.ConfirmIcon()))
		p.quorumText.Importance = widget.SuccessImportance
		p.quorumText.TextStyle.Bold = false
		p.quorumText.SetText(q.Summary() + ": someone is present from each kind of agency a panel meeting needs (" + strings.Join(need, "; ") + ").")
	case q.Chair.Recorded():
		p.quorumIcon.SetResource(theme.NewWarningThemedResource(theme.WarningIcon()))
		p.quorumText.Importance = widget.WarningImportance
		p.quorumText.TextStyle.Bold = true
		p.quorumText.SetText(fmt.Sprintf("%s: %s. The chair's reason: %s (recorded by %s on %s). %s",
			q.Summary(), strings.Join(q.Missing, "; "), q.Chair.Reason, q.Chair.By, cdop.DateOf(q.Chair.At).Display(), needs))
	default:
		p.quorumIcon.SetResource(theme.NewErrorThemedResource(theme.WarningIcon()))
		p.quorumText.Importance = widget.DangerImportance
		p.quorumText.TextStyle.Bold = true
		p.quorumText.SetText(q.Summary() + ": " + strings.Join(q.Missing, "; ") + ". " + needs)
	}
	p.quorum.Show()
}

func (p *MeetingPage) showAgenda() {
	var rows []fyne.CanvasObject
	for _, it := range p.m.Agenda {
		rows = append(rows, p.agendaRow(it))
	}
	p.agenda.Objects = []fyne.CanvasObject{
		rowsBox(headerRow(agendaWidths, "", "Case", "Outcome", ""), rows, "No cases on the agenda yet."),
	}
	p.agenda.Refresh()
}

// agendaOutcome says in words and colour what the meeting decided about a case.
func agendaOutcome(m *cdop.Meeting, it cdop.AgendaItem) (string, widget.Importance, string) {
	switch it.Outcome {
	case cdop.OutcomeSignedOff:
		note := "Analysis agreed; case closed"
		if m.Kind == cdop.MeetingCDRM {
			note = "Meeting recorded; on to CDOP review"
		}
		return "Signed off", widget.SuccessImportance, note
	case cdop.OutcomeDeferred:
		note := it.Reason
		if it.Awaiting != "" {
			note += " · awaiting " + it.Awaiting
		}
		return "Deferred", widget.WarningImportance, note
	}
	return it.Outcome.Label(), widget.MediumImportance, ""
}

func (p *MeetingPage) agendaRow(it cdop.AgendaItem) fyne.CanvasObject {
	c := p.cases[it.CaseID]
	who := ""
	if c != nil {
		who = fmt.Sprintf("%s · died %s · %s", c.FullName(), c.DateOfDeath.Display(), c.Stage.Label())
	}
	status, imp, note := agendaOutcome(p.m, it)
	id := it.CaseID
	ref := it.CaseRef
	analysis := widget.NewButtonWithIcon("Analysis", theme.DocumentCreateIcon(), func() {
		meeting := p.id
		p.ui.openCaseFrom(id, tabAnalysis, "Back to the meeting", func() { p.ui.ShowMeeting(meeting) })
	})
	actions := container.NewHBox(analysis)
	if it.Outcome == cdop.OutcomePending {
		if p.held() {
			signOff := widget.NewButtonWithIcon("Sign off", theme.ConfirmIcon(), func() { p.askSignOff(id, ref) })
			signOff.Importance = widget.HighImportance
			actions.Add(signOff)
			actions.Add(widget.NewButtonWithIcon("Defer…", theme.MediaPauseIcon(), func() { p.askDefer(id, ref) }))
		}
		remove := widget.NewButtonWithIcon("Remove", theme.DeleteIcon(), func() { p.remove(id, ref) })
		remove.Importance = widget.LowImportance
		actions.Add(remove)
	}
	return gridRow(agendaWidths,
		middle(cell(fmt.Sprint(it.Position))), twoLines(ref, who), middle(statusCell(status, imp, note)),
		container.NewHBox(layout.NewSpacer(), container.NewCenter(actions)))
}

// filterPick offers the eligible cases matching what is typed.
func (p *MeetingPage) filterPick() {
	typed := cdop.FoldName(strings.TrimSpace(p.pick.Text))
	var options []string
	for _, c := range p.eligible {
		label := pickLabel(c)
		if typed == "" || strings.Contains(cdop.FoldName(label), typed) {
			options = append(options, label)
		}
	}
	if len(options) == 0 {
		for _, c := range p.eligible {
			options = append(options, pickLabel(c))
		}
	}
	p.pick.SetOptions(options)
}

// pickLabel names a case in a picker: its reference, the child and the death.
func pickLabel(c *cdop.Case) string {
	return fmt.Sprintf("%s — %s (died %s)", c.Ref, c.FullName(), c.DateOfDeath.Display())
}

// onAddCase puts the case picked or typed on the agenda; the store's
// refusal (a case at another stage, already on the agenda) is shown.
func (p *MeetingPage) onAddCase() {
	if p.m == nil {
		return
	}
	text := strings.TrimSpace(p.pick.Text)
	if text == "" {
		p.ui.bar.Warn("Type or pick the case to add to the agenda.")
		return
	}
	ref, _, _ := strings.Cut(text, " ")
	var found *cdop.Case
	var matches []*cdop.Case
	for _, c := range p.eligible {
		if strings.EqualFold(c.Ref, ref) {
			found = c
		}
		if strings.Contains(cdop.FoldName(pickLabel(c)), cdop.FoldName(text)) {
			matches = append(matches, c)
		}
	}
	if found == nil && len(matches) == 1 {
		found = matches[0]
	}
	u := p.ui
	meetingID := p.id
	p.addCase.Disable()
	p.act(func(ctx context.Context) error {
		c := found
		if c == nil {
			var err error
			if c, err = u.cases.FindCaseByRef(ctx, ref); err != nil {
				if cdop.ErrorCode(err) == cdop.ENOTFOUND {
					return userErrorf("no case on the register has the reference %s", ref)
				}
				return err
			}
		}
		ref = c.Ref
		return u.meetings.AddToAgenda(ctx, meetingID, c.ID)
	}, func(err error) {
		p.addCase.Enable()
		if err != nil {
			p.ui.bar.Error("Not added: " + userMessage(err) + ".")
			return
		}
		p.pick.SetText("")
		p.ui.bar.Success(fmt.Sprintf("Added %s to the agenda.", ref))
	})
}

func (p *MeetingPage) remove(caseID, ref string) {
	meetingID := p.id
	p.act(func(ctx context.Context) error { return p.ui.meetings.RemoveFromAgenda(ctx, meetingID, caseID) }, func(err error) {
		p.ui.bar.Outcome(err, "Not removed: ", fmt.Sprintf("Took %s off the agenda.", ref))
	})
}

// askSignOff confirms, saying whether the meeting is quorate, then records
// the meeting's sign-off of a case. A panel meeting that is not quorate
// signs off only with the chair's reason, which the dialog asks for.
func (p *MeetingPage) askSignOff(caseID, ref string) {
	m, q := p.m, p.quorate()
	text := fmt.Sprintf("The panel agrees the analysis of %s as it stands and signs the review off: %s is recorded as the date of the CDOP review and the case is closed.",
		ref, m.On.Display())
	switch {
	case m.Kind == cdop.MeetingCDRM:
		text = fmt.Sprintf("%s is recorded as the date of the child death review meeting of %s, and the case moves on to CDOP review.", m.On.Display(), ref)
	case q.Quorate():
		text += "\n\nThe meeting is quorate: someone is present from each kind of agency a panel meeting needs. Who attended is then locked."
	case q.Chair.Recorded():
		text += "\n\nThe meeting is not quorate (" + strings.Join(q.Missing, "; ") + "); the chair signed off without a quorum because: " + q.Chair.Reason + "."
	default:
		d := newChairSignOffDialog(ref, m, q)
		d.OnSubmit = func(reason string) { p.signOff(caseID, ref, reason) }
		d.Show(p.ui.window)
		return
	}
	d := dialog.NewConfirm("Sign off "+ref+"?", text, func(ok bool) {
		if ok {
			p.signOff(caseID, ref, "")
		}
	}, p.ui.window)
	d.SetConfirmText("Sign off")
	d.SetDismissText("Cancel")
	d.Show()
	escapeCancels(p.ui.window, d)
}

// signOff records the sign-off of a case; chairReason, when not "", is
// the chair's reason to sign off at a meeting that is not quorate.
func (p *MeetingPage) signOff(caseID, ref, chairReason string) {
	meetingID, kind := p.id, p.m.Kind
	p.act(func(ctx context.Context) error {
		if chairReason != "" {
			return p.ui.meetings.SignOffWithoutQuorum(ctx, meetingID, caseID, chairReason)
		}
		return p.ui.meetings.SignOff(ctx, meetingID, caseID)
	}, func(err error) {
		if err != nil {
			open := widget.NewButtonWithIcon("Open the analysis of "+ref, theme.NavigateNextIcon(), func() {
				p.ui.openCaseFrom(caseID, tabAnalysis, "Back to the meeting", func() { p.ui.ShowMeeting(meetingID) })
			})
			p.ui.bar.Error("Not signed off. "+capitalise(friendlyRefusal(err)), open)
			return
		}
		switch {
		case kind == cdop.MeetingCDRM:
			p.ui.bar.Success(fmt.Sprintf("Signed off %s: the meeting is recorded and the case has moved on to CDOP review.", ref))
		case chairReason != "":
			p.ui.bar.Success(fmt.Sprintf("Signed off %s by the chair without a quorum: the analysis is agreed and the case is closed; the chair's reason is kept with the meeting.", ref))
		default:
			p.ui.bar.Success(fmt.Sprintf("Signed off %s: the analysis is agreed and the case is closed.", ref))
		}
	})
}

// askDefer asks why a case is deferred and what the panel awaits, then records it.
func (p *MeetingPage) askDefer(caseID, ref string) {
	meetingID := p.id
	d := newDeferDialog(ref)
	d.OnSubmit = func(why, wait string) {
		p.act(func(ctx context.Context) error { return p.ui.meetings.Defer(ctx, meetingID, caseID, why, wait) }, func(err error) {
			if err != nil {
				p.ui.bar.Failed("Not deferred: ", err)
				return
			}
			text := fmt.Sprintf("Deferred %s: %s.", ref, strings.TrimSuffix(why, "."))
			if wait != "" {
				text += " Awaiting " + strings.TrimSuffix(wait, ".") + "."
			}
			p.ui.bar.Success(text)
		})
	}
	d.Show(p.ui.window)
}

func (p *MeetingPage) onEdit() {
	if p.m == nil {
		return
	}
	p.ui.askMeeting("Edit the meeting", "Save", p.m, func(*cdop.Meeting) {
		p.reload()
	})
}

func (p *MeetingPage) showAttendees() {
	signed := p.m.SignedOff()
	var rows []fyne.CanvasObject
	for i, a := range p.m.Attendees {
		i := i
		var remove fyne.CanvasObject = widget.NewLabel("")
		if signed == nil {
			b := widget.NewButtonWithIcon("", theme.DeleteIcon(), func() { p.removeAttendee(i) })
			b.Importance = widget.LowImportance
			remove = labelled("Remove "+a.Name+" from the attendees", b)
		}
		rows = append(rows, gridRow(attendeeWidths, twoLines(a.Name, ""), cell(a.Role),
			cell(cdop.AgencyTypes.Label(a.AgencyType)), cell(a.Agency), remove))
	}
	// Once a case is signed off, who attended is the record it stood on.
	showIf(p.addRow, signed == nil)
	if signed != nil {
		p.locked.SetText(fmt.Sprintf("Attendance is locked: the meeting has signed off %s with those recorded here, so nobody can be added or removed.",
			signed.CaseRef))
	}
	showIf(p.locked, signed != nil)
	p.attendees.Objects = []fyne.CanvasObject{
		rowsBox(headerRow(attendeeWidths, "Name", "Role", "Speaks for", "Agency", ""), rows, "Nobody recorded as attending yet."),
	}
	p.attendees.Refresh()
}

// onAgencyChanged fills in the kind of agency of one picked from the directory.
func (p *MeetingPage) onAgencyChanged(name string) {
	for _, a := range p.agencies {
		if a.Name == name && p.agencyType.Selected == "" {
			p.agencyType.SetSelected(cdop.AgencyTypes.Label(a.Type))
		}
	}
}

func (p *MeetingPage) onAddAttendee() {
	if p.m == nil {
		return
	}
	a := cdop.Attendee{
		Name:       strings.Join(strings.Fields(p.name.Text), " "),
		Role:       strings.TrimSpace(p.role.Text),
		AgencyType: cdop.AgencyTypes.CodeForLabel(p.agencyType.Selected),
		Agency:     strings.TrimSpace(p.agency.Text),
	}
	var problems []string
	if a.Name == "" {
		problems = append(problems, "type the attendee's name")
	}
	if a.AgencyType == "" {
		problems = append(problems, "choose the kind of agency they speak for")
	}
	if len(problems) > 0 {
		p.ui.bar.Error("Not added: " + strings.Join(problems, "; ") + ".")
		return
	}
	attendees := append(slices.Clone(p.m.Attendees), a)
	p.saveAttendees(attendees, func() {
		p.name.SetText("")
		p.role.SetText("")
		p.agency.SetText("")
		p.agencyType.ClearSelected()
		p.ui.bar.Success(fmt.Sprintf("Added %s.", a.Name))
		p.ui.window.Canvas().Focus(p.name)
	})
}

func (p *MeetingPage) removeAttendee(i int) {
	if i < 0 || i >= len(p.m.Attendees) {
		return
	}
	name := p.m.Attendees[i].Name
	attendees := slices.Delete(slices.Clone(p.m.Attendees), i, i+1)
	p.saveAttendees(attendees, func() {
		p.ui.bar.Success(fmt.Sprintf("Removed %s.", name))
	})
}

// saveAttendees stores the meeting with a new list of attendees.
func (p *MeetingPage) saveAttendees(attendees []cdop.Attendee, ok func()) {
	n := *p.m
	n.Attendees = attendees
	p.addAttendee.Disable()
	p.act(func(ctx context.Context) error { return p.ui.meetings.SaveMeeting(ctx, &n) }, func(err error) {
		p.addAttendee.Enable()
		if err != nil {
			p.ui.bar.Failed("Not saved: ", err)
			return
		}
		ok()
	})
}

// Dirty reports whether an attendee is typed in and not yet added.
func (p *MeetingPage) Dirty() bool {
	return strings.TrimSpace(p.name.Text) != "" || strings.TrimSpace(p.role.Text) != ""
}
