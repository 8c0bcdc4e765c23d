package app

import (
	"context"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"casemanager/cdop"
)

// deadlinesTab lists every clock of a case: when it started, its target,
// when it was met, and any pause, with actions to pause and restart a clock.
type deadlinesTab struct {
	p       *CasePage
	content fyne.CanvasObject
	rows    *fyne.Container
	pauses  *fyne.Container // every pause recorded, to correct
}

var (
	deadlineWidths = []float32{0, 105, 105, 105, 300, 110}
	pauseWidths    = []float32{0, 105, 105, 300, 110}
)

func newDeadlinesTab(p *CasePage) *deadlinesTab {
	t := &deadlinesTab{p: p, rows: container.NewVBox(), pauses: container.NewVBox()}
	note := lowLabel("")
	p.onApply(func() {
		s := p.settings.WithDefaults()
		note.SetText(fmt.Sprintf("Targets: statutory %d and %d working days for the safeguarding notification (from when the local authority became aware) and rapid review; "+
			"the panel's settings for the rest (key worker contact %s after the death, agency reports %s, meeting %d months and CDOP review %d months after the death, "+
			"a looked-after child's notification to Ofsted %s). "+
			"A pause moves the target on by the days it lasts; an open inquest pauses the CDOP review by itself.",
			cdop.CSPRPNotificationWorkingDays, cdop.RapidReviewWorkingDays,
			plural(s.KeyWorkerContactDays, "day"), plural(s.AgencyReportDays, "day"), s.CDRMMonths, s.CDOPReviewMonths,
			plural(s.LACNotificationWorkingDays, "working day")))
	})
	t.content = container.NewBorder(p.closedNote(), note, nil, nil, container.NewVScroll(container.NewVBox(t.rows, t.pauses)))
	return t
}

func (t *deadlinesTab) update() {
	p := t.p
	today := p.ui.today()
	var rows []fyne.CanvasObject
	for _, d := range cdop.Deadlines(p.file, p.settings, today) {
		rows = append(rows, t.row(d, today))
	}
	t.rows.Objects = []fyne.CanvasObject{
		rowsBox(headerRow(deadlineWidths, "Deadline", "Started", "Target", "Done", "Status", ""), rows, "No deadlines."),
	}
	t.rows.Refresh()

	var pauses []fyne.CanvasObject
	for _, pause := range p.file.Pauses {
		var action fyne.CanvasObject = widget.NewLabel("")
		if !p.readOnly() {
			correct := widget.NewButton("Correct…", func() { t.askCorrection(pause) })
			correct.Importance = widget.LowImportance
			action = labelled("Correct the pause of “"+cdop.DeadlineNames.Label(pause.Deadline)+"” from "+pause.From.Display(), correct)
		}
		to := "still paused"
		if !pause.To.IsZero() {
			to = pause.To.Display()
		}
		pauses = append(pauses, gridRow(pauseWidths, cell(cdop.DeadlineNames.Label(pause.Deadline)), cell(pause.From.Display()), cell(to),
			cell(pause.Reason), container.NewCenter(action)))
	}
	t.pauses.Objects = nil
	if len(pauses) > 0 {
		t.pauses.Objects = []fyne.CanvasObject{
			widget.NewLabelWithStyle("Pauses", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
			rowsBox(headerRow(pauseWidths, "Clock", "Paused from", "Restarted", "Why", ""), pauses, ""),
		}
	}
	t.pauses.Refresh()
}

// deadlineStatus says in words and colour where a clock stands.
func deadlineStatus(d cdop.Deadline, today cdop.Date, s cdop.Settings) (string, widget.Importance) {
	switch {
	case !d.Done.IsZero() && d.Met():
		return "Met", widget.SuccessImportance
	case !d.Done.IsZero():
		return fmt.Sprintf("Missed (%s late)", plural(d.Target.DaysUntil(d.Done), "day")), widget.DangerImportance
	case d.Closed:
		return "Closed (not needed)", widget.MediumImportance
	}
	switch d.Status(today, s) {
	case cdop.DuePaused:
		return "Paused", widget.MediumImportance
	case cdop.DueOverdue:
		return "Open – " + cdop.DaysLeft(today, d.Target), widget.DangerImportance
	case cdop.DueSoon:
		return "Open – " + cdop.DaysLeft(today, d.Target), widget.WarningImportance
	}
	return "Open – " + cdop.DaysLeft(today, d.Target), widget.MediumImportance
}

func (t *deadlinesTab) row(d cdop.Deadline, today cdop.Date) fyne.CanvasObject {
	status, imp := deadlineStatus(d, today, t.p.settings)
	pause := ""
	switch {
	case d.Paused:
		pause = fmt.Sprintf("Paused: %s (%s so far)", d.PauseNote, plural(d.PausedDays, "day"))
	case d.PausedDays > 0:
		pause = fmt.Sprintf("Paused %s in all", plural(d.PausedDays, "day"))
	}
	var action fyne.CanvasObject = widget.NewLabel("")
	switch {
	case t.p.readOnly():
	case d.Paused:
		b := widget.NewButtonWithIcon("Restart…", theme.MediaPlayIcon(), func() { t.restart(d) })
		action = b
	case d.Open():
		action = widget.NewButtonWithIcon("Pause…", theme.MediaPauseIcon(), func() { t.askPause(d) })
	}
	return gridRow(deadlineWidths,
		twoLines(d.Label(), d.Detail),
		cell(d.Start.Display()), cell(d.Target.Display()), cell(d.Done.Display()),
		statusCell(status, imp, pause), container.NewCenter(action))
}

func (t *deadlinesTab) askPause(d cdop.Deadline) {
	clock := d.Label()
	if d.Name == cdop.DeadlineAgencyReports {
		clock += " (pauses every agency report clock of this case)"
	}
	dlg := newPauseDialog(clock, t.p.ui.today())
	dlg.OnSubmit = func(from cdop.Date, reason string) {
		pause := &cdop.ClockPause{CaseID: t.p.file.Case.ID, Deadline: d.Name, From: from, Reason: reason}
		t.p.act(func(ctx context.Context) error { return recordRefusal(t.p.ui.flow.PauseClock(ctx, pause)) },
			t.done(fmt.Sprintf("Paused the clock “%s”.", d.Label())))
	}
	dlg.Show(t.p.ui.window)
}

// restart asks on what day the clock of deadline d restarted (today
// unless another day is typed), then ends its running pause on that day.
func (t *deadlinesTab) restart(d cdop.Deadline) {
	today := t.p.ui.today()
	var id int64
	for _, p := range t.p.file.Pauses {
		if p.Deadline == d.Name && (p.To.IsZero() || p.To.After(today)) {
			id = p.ID
		}
	}
	if id == 0 {
		return
	}
	dlg := newActionDialog("Restart a clock", "Restart", "Clock", d.Label(), "Restarted on", today)
	dlg.OnSubmit = func(on cdop.Date, _ string) {
		t.p.act(func(ctx context.Context) error { return recordRefusal(t.p.ui.flow.ResumeClock(ctx, id, on)) },
			t.done(fmt.Sprintf("Restarted the clock “%s” on %s.", d.Label(), on.Display())))
	}
	dlg.Show(t.p.ui.window)
}

// askCorrection asks how pause p is corrected or undone, and why, then
// records it.
func (t *deadlinesTab) askCorrection(pause cdop.ClockPause) {
	p := t.p
	d := newPauseCorrectionDialog(pause)
	d.OnSubmit = func(n cdop.ClockPause, undo bool, reason string) {
		clock := cdop.DeadlineNames.Label(pause.Deadline)
		ok := fmt.Sprintf("Corrected the pause of the clock “%s”.", clock)
		if undo {
			ok = fmt.Sprintf("Took away the pause of the clock “%s” from %s.", clock, pause.From.Display())
		}
		p.act(func(ctx context.Context) error {
			if undo {
				return recordRefusal(p.ui.flow.RemovePause(ctx, n.ID, reason))
			}
			return recordRefusal(p.ui.flow.CorrectPause(ctx, &n, reason))
		}, func(err error) { p.ui.bar.Outcome(err, "Not corrected: ", ok) })
	}
	d.Show(p.ui.window)
}

// done returns the handler of an action's outcome: the error, or ok.
func (t *deadlinesTab) done(ok string) func(error) {
	return func(err error) { t.p.ui.bar.Outcome(err, "Not done: ", ok) }
}
