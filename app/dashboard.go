package app

import (
	"context"
	"fmt"
	"sort"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"casemanager/cdop"
)

// Dashboard is the home screen: every open deadline across open cases, and
// every overdue recommendation, most urgent first, with counts per status;
// tapping a deadline opens its case, a recommendation the recommendations.
type Dashboard struct {
	ui      *UI
	content fyne.CanvasObject

	subtitle *widget.Label
	counts   map[cdop.DueStatus]*widget.Label
	show     *widget.Select
	table    *widget.Table
	fit      *rowFitter // rows as high as their text needs
	empty    *emptyNote

	settings cdop.Settings
	today    cdop.Date
	all      []dashItem
	rows     []dashItem
	names    map[string]string // case ID → child's name

	loaded    bool // the deadlines have loaded at least once
	openCases int  // how many open cases they came from
}

// noOpenCases is what the dashboard says on a register with no open case:
// how a new coordinator begins.
const noOpenCases = "No open cases, so nothing is due. Log a death with “New notification” (Ctrl+N): " +
	"its statutory deadlines (notification, key worker contact, agency reports, the review meeting, the panel's review) " +
	"then show here, most urgent first."

// dashItem is a row of the dashboard: a case's deadline, a recommendation
// past its due date (kind "recommendation"), or a case signed off and not
// yet submitted to NCMD (kind "ncmd").
type dashItem struct {
	kind   string // "deadline", "recommendation" or "ncmd"
	due    cdop.DueItem
	rec    *cdop.Recommendation
	ncmd   *cdop.Case
	status cdop.DueStatus
	target cdop.Date
}

// dashItems lists the deadlines, the overdue recommendations and the
// cases awaiting their submission to NCMD (due from their sign-off)
// together, most urgent first: by status, then the earlier target.
func dashItems(due []cdop.DueItem, recs []*cdop.Recommendation, awaiting []*cdop.Case, today cdop.Date) []dashItem {
	var out []dashItem
	for _, it := range due {
		out = append(out, dashItem{kind: "deadline", due: it, status: it.Status, target: it.Deadline.Target})
	}
	for _, c := range awaiting {
		out = append(out, dashItem{kind: "ncmd", ncmd: c, status: cdop.DueSoon, target: c.SignedOffOn()})
	}
	for _, r := range recs {
		if r.Overdue(today) {
			out = append(out, dashItem{kind: "recommendation", rec: r, status: cdop.DueOverdue, target: r.DueOn})
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.status != b.status {
			return a.status.Rank() < b.status.Rank()
		}
		return a.target.Before(b.target)
	})
	return out
}

// dueStatuses lists the statuses in the order the dashboard counts them,
// with how each is named, coloured and drawn.
var dueStatuses = []struct {
	status     cdop.DueStatus
	word       string
	importance widget.Importance
	icon       func() fyne.Resource
}{
	{cdop.DueOverdue, "Overdue", widget.DangerImportance, func() fyne.Resource { return theme.NewErrorThemedResource(theme.ErrorIcon()) }},
	{cdop.DueSoon, "Due", widget.WarningImportance, func() fyne.Resource { return theme.NewWarningThemedResource(theme.WarningIcon()) }},
	{cdop.DueUpcoming, "Upcoming", widget.HighImportance, func() fyne.Resource { return theme.NewPrimaryThemedResource(theme.HistoryIcon()) }},
	{cdop.DuePaused, "Paused", widget.MediumImportance, func() fyne.Resource { return theme.NewDisabledResource(theme.MediaPauseIcon()) }},
}

const showAllDeadlines = "All statuses"

type dashColumn struct {
	title string
	width float32
}

// dashColumns leave the Deadline column (which, with Child, shares the
// room left) in view in the window of a 1024×640 screen; cells wrap rather than
// being cut, the rows growing to fit them.
var dashColumns = []dashColumn{
	{"Status", 110}, {"Target", 105}, {"When", 110}, {"Case", 130}, {"Child", 100}, {"Deadline", 160},
}

func newDashboard(u *UI) *Dashboard {
	d := &Dashboard{ui: u, counts: map[cdop.DueStatus]*widget.Label{}, names: map[string]string{}}
	d.subtitle = widget.NewLabel("Loading…")
	d.subtitle.Wrapping = fyne.TextWrapWord
	refresh := widget.NewButtonWithIcon("Refresh", theme.ViewRefreshIcon(), d.reload)

	var stats []fyne.CanvasObject
	options := []string{showAllDeadlines}
	for _, s := range dueStatuses {
		n := widget.NewLabelWithStyle("–", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		n.SizeName = theme.SizeNameHeadingText
		n.Importance = s.importance
		d.counts[s.status] = n
		word := widget.NewLabel(statusExplanation(s.status))
		stats = append(stats, widget.NewCard("", "", container.NewBorder(nil, nil,
			container.NewCenter(widget.NewIcon(s.icon())), nil, container.NewHBox(n, container.NewCenter(word)))))
		options = append(options, s.word)
	}
	d.show = widget.NewSelect(options, nil)
	d.show.SetSelected(showAllDeadlines)
	d.show.OnChanged = func(string) { d.filter() }

	d.table = &widget.Table{
		Length:        func() (int, int) { return len(d.rows), len(dashColumns) },
		CreateCell:    newDashCell,
		UpdateCell:    d.updateCell,
		OnSelected:    d.onSelected,
		ShowHeaderRow: true,
	}
	d.table.ExtendBaseWidget(d.table)
	d.table.CreateHeader, d.table.UpdateHeader = boldHeader(func() int { return len(dashColumns) }, func(col int) string { return dashColumns[col].title })
	for i, c := range dashColumns {
		d.table.SetColumnWidth(i, c.width)
	}
	newCase := widget.NewButtonWithIcon("New notification", theme.ContentAddIcon(), u.ShowNewNotification)
	d.empty = newEmptyNote("", newCase)

	top := container.NewVBox(
		container.NewBorder(nil, nil, nil, container.NewVBox(refresh), container.NewVBox(heading("Dashboard"), d.subtitle)),
		container.NewGridWithColumns(len(stats), stats...),
		container.NewBorder(nil, nil, nil, container.NewHBox(widget.NewLabel("Show"), minWidth(220, labelled("Show", d.show))),
			hintLabel("Most urgent first. Select a deadline to open its case, or a recommendation to record its progress.")),
	)
	widths := make([]float32, len(dashColumns))
	for i, c := range dashColumns {
		widths[i] = c.width
	}
	d.fit = newRowFitter(d.table, widths, 4, 5) // a reference (Case) never needs two lines
	d.content = container.NewBorder(top, nil, nil, nil, overTableStretched("Deadlines", d.table, widths, []float32{0, 0, 0, 0, 1, 3}, d.empty, d.fit))
	return d
}

// statusExplanation says what a status count means.
func statusExplanation(s cdop.DueStatus) string {
	switch s {
	case cdop.DueOverdue:
		return "overdue"
	case cdop.DueSoon:
		return "due soon"
	case cdop.DueUpcoming:
		return "upcoming"
	}
	return "paused"
}

// newDashCell is a table cell: an icon (status column only) and text
// wrapped over two lines, so that a long deadline or recommendation is
// read whole in a narrow window rather than cut short.
func newDashCell() fyne.CanvasObject {
	main := widget.NewLabel("")
	main.Wrapping = fyne.TextWrapWord
	main.Truncation = fyne.TextTruncateEllipsis
	icon := widget.NewIcon(nil)
	return container.NewStack(container.NewBorder(nil, nil, icon, nil, main), linesHigh(2))
}

// dashCellParts returns the label and icon of a newDashCell template.
func dashCellParts(o fyne.CanvasObject) (*widget.Label, *widget.Icon) {
	c := o.(*fyne.Container).Objects[0].(*fyne.Container)
	return c.Objects[0].(*widget.Label), c.Objects[1].(*widget.Icon)
}

// resetDashCell returns the label and icon of a newDashCell template,
// cleared of what the row shown in it before set.
func resetDashCell(o fyne.CanvasObject) (*widget.Label, *widget.Icon) {
	main, icon := dashCellParts(o)
	icon.Hide()
	main.Importance = widget.MediumImportance
	main.TextStyle.Bold = false
	return main, icon
}

func (d *Dashboard) updateCell(id widget.TableCellID, o fyne.CanvasObject) {
	main, icon := resetDashCell(o)
	if id.Row < 0 || id.Row >= len(d.rows) {
		main.SetText("")
		return
	}
	row := d.rows[id.Row]
	switch row.kind {
	case "recommendation":
		d.updateRecommendationCell(id.Col, row.rec, main, icon)
		main.Refresh()
		o.Refresh()
		return
	case "ncmd":
		d.updateNCMDCell(id.Col, row.ncmd, main, icon)
		main.Refresh()
		o.Refresh()
		return
	}
	it := row.due
	k := it.Deadline
	switch id.Col {
	case 0:
		showDueStatus(it.Status, main, icon)
	case 1:
		main.SetText(k.Target.Display())
	case 2:
		if it.Status == cdop.DuePaused {
			main.SetText(fmt.Sprintf("paused %s", plural(k.PausedDays, "day")))
		} else {
			main.SetText(cdop.DaysLeft(d.today, k.Target))
		}
		if it.Status == cdop.DueOverdue {
			main.Importance = widget.DangerImportance
		}
	case 3:
		main.SetText(it.CaseRef)
	case 4:
		main.SetText(d.names[it.CaseID])
	case 5:
		text := k.Label()
		if k.Detail != "" {
			text += ": " + k.Detail
		}
		if k.Paused && k.PauseNote != "" {
			text += " (paused: " + k.PauseNote + ")"
		}
		main.SetText(text)
	}
	main.Refresh()
	o.Refresh()
}

// showDueStatus shows a status in the dashboard's first column: its icon and
// word, in its colour, bold when overdue or due.
func showDueStatus(status cdop.DueStatus, main *widget.Label, icon *widget.Icon) {
	for _, s := range dueStatuses {
		if s.status == status {
			icon.SetResource(s.icon())
			icon.Show()
			main.Importance = s.importance
			main.TextStyle.Bold = s.status == cdop.DueOverdue || s.status == cdop.DueSoon
			main.SetText(s.word)
		}
	}
}

// updateRecommendationCell shows an overdue recommendation in the
// dashboard's columns: its due date, the cases or theme it comes from, and
// what the agency is asked to do.
func (d *Dashboard) updateRecommendationCell(col int, r *cdop.Recommendation, main *widget.Label, icon *widget.Icon) {
	switch col {
	case 0:
		showDueStatus(cdop.DueOverdue, main, icon)
	case 1:
		main.SetText(r.DueOn.Display())
	case 2:
		main.Importance = widget.DangerImportance
		main.SetText(cdop.DaysLeft(d.today, r.DueOn))
	case 3:
		switch {
		case len(r.CaseRefs) == 1:
			main.SetText(r.CaseRefs[0])
		case len(r.CaseRefs) > 1:
			main.SetText(plural(len(r.CaseRefs), "case")) // the references are too long to list here
		default:
			main.SetText("Theme")
		}
	case 4:
		var names []string
		for _, id := range r.CaseIDs {
			if n := d.names[id]; n != "" {
				names = append(names, n)
			}
		}
		switch {
		case len(names) > 1:
			main.SetText(names[0] + " and " + thousands(len(names)-1) + " more")
		case len(names) == 1:
			main.SetText(names[0])
		case r.Theme != "":
			main.SetText(r.Theme)
		default:
			main.SetText("")
		}
	case 5:
		text := "Recommendation to " + r.Agency + ": " + r.Action
		if r.Theme != "" {
			text += " (theme: " + r.Theme + ")"
		}
		main.SetText(text)
	}
}

// updateNCMDCell shows a case awaiting its submission to NCMD: due since
// the panel signed it off.
func (d *Dashboard) updateNCMDCell(col int, c *cdop.Case, main *widget.Label, icon *widget.Icon) {
	switch col {
	case 0:
		showDueStatus(cdop.DueSoon, main, icon)
	case 1:
		main.SetText(c.SignedOffOn().Display())
	case 2:
		main.SetText("signed off")
	case 3:
		main.SetText(c.Ref)
	case 4:
		main.SetText(c.LastName + ", " + c.FirstName)
	case 5:
		main.SetText("Submission to NCMD: signed off by the panel, not yet submitted")
	}
}

func (d *Dashboard) onSelected(id widget.TableCellID) {
	d.table.UnselectAll()
	if id.Row < 0 || id.Row >= len(d.rows) {
		return
	}
	switch row := d.rows[id.Row]; row.kind {
	case "recommendation":
		d.ui.showRecommendation(row.rec.ID)
	case "ncmd":
		d.ui.openCaseAt(row.ncmd.ID, tabNCMD)
	default:
		d.ui.openCaseAt(row.due.CaseID, tabDeadlines)
	}
}

// reload fetches the open case files and the settings in the background and
// works out what is due.
func (d *Dashboard) reload() {
	u := d.ui
	today := u.today()
	u.run.LoadOr("the deadlines", func(ctx context.Context) (func(), error) {
		due, err := cdop.LoadDue(ctx, u.flow, today)
		var recs []*cdop.Recommendation
		if err == nil {
			recs, err = u.meetings.Recommendations(ctx)
		}
		var awaiting []*cdop.Case
		if err == nil {
			var closed []*cdop.Case
			closed, err = u.cases.FindCases(ctx, cdop.CaseFilter{Stage: cdop.StageClosed})
			awaiting = cdop.AwaitingNCMD(closed)
		}
		if err == nil && u.accounts != nil {
			err = u.accounts.RecordView(ctx, "dashboard", "", len(due.Items)+len(awaiting))
		}
		if err != nil {
			due = &cdop.Due{}
		}
		settings, files := due.Settings, due.Files
		items := dashItems(due.Items, recs, awaiting, today)
		overdueRecs := 0
		for _, it := range items {
			if it.kind == "recommendation" {
				overdueRecs++
			}
		}
		names := map[string]string{}
		for _, f := range files {
			names[f.Case.ID] = f.Case.LastName + ", " + f.Case.FirstName
		}
		for _, it := range items { // an overdue recommendation's cases are often closed
			if it.kind != "recommendation" {
				continue
			}
			for _, id := range it.rec.CaseIDs {
				if _, ok := names[id]; !ok && err == nil {
					if c, cerr := u.cases.FindCaseByID(ctx, id); cerr == nil {
						names[id] = c.LastName + ", " + c.FirstName
					}
				}
			}
		}
		return func() {
			d.settings, d.today, d.all, d.names = settings, today, items, names
			d.loaded, d.openCases = true, len(files)
			recText := ""
			if overdueRecs > 0 {
				recText = fmt.Sprintf(" and %s past its due date", plural(overdueRecs, "recommendation"))
				if overdueRecs > 1 {
					recText = " and " + thousands(overdueRecs) + " recommendations past their due dates"
				}
			}
			d.subtitle.SetText(fmt.Sprintf("Open deadlines across %s%s, as of %s. “Due” means within %s.",
				plural(len(files), "open case"), recText, today.Time().Format("Monday 2 January 2006"), plural(settings.WithDefaults().DueSoonDays, "day")))
			n := map[cdop.DueStatus]int{}
			for _, it := range items {
				n[it.status]++
			}
			for s, l := range d.counts {
				l.SetText(thousands(n[s]))
			}
			d.filter()
		}, err
	}, func() { d.subtitle.SetText("") })
}

// filter shows the items of the chosen status.
func (d *Dashboard) filter() {
	want := cdop.DueStatus("")
	for _, s := range dueStatuses {
		if s.word == d.show.Selected {
			want = s.status
		}
	}
	d.rows = d.rows[:0]
	for _, it := range d.all {
		if want == "" || it.status == want {
			d.rows = append(d.rows, it)
		}
	}
	switch {
	case !d.loaded || len(d.rows) > 0:
		d.empty.showWith("")
	case d.openCases == 0:
		d.empty.showWith(noOpenCases)
	case len(d.all) == 0:
		d.empty.showWith("No open deadlines: every open case is up to date.")
	default:
		d.empty.showWith("Nothing to show: no open deadline has this status.")
	}
	d.table.Refresh()
	d.fit.fit()
	d.table.ScrollToTop()
}
