package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"casemanager/cdop"
)

// timelineTab lists everything dated in the case file, oldest first.
type timelineTab struct {
	p       *CasePage
	content fyne.CanvasObject
	rows    *fyne.Container
}

var timelineWidths = []float32{130, 36, 130, 0}

// eventKinds names and draws the kinds of timeline event.
var eventKinds = map[string]struct {
	label string
	icon  func() fyne.Resource // called when drawn: icons come from the current theme
}{
	"death":        {"Death", theme.InfoIcon},
	"notification": {"Notification", theme.MailComposeIcon},
	"decision":     {"Decision", theme.QuestionIcon},
	"stage":        {"Stage", theme.NavigateNextIcon},
	"request":      {"Agency report", theme.MailSendIcon},
	"contact":      {"Family", theme.AccountIcon},
	"family":       {"Family", theme.AccountIcon},
	"pause":        {"Clock", theme.MediaPauseIcon},
	"meeting":      {"Meeting", theme.CalendarIcon},
}

func newTimelineTab(p *CasePage) *timelineTab {
	t := &timelineTab{p: p, rows: container.NewVBox()}
	t.content = container.NewVScroll(t.rows)
	return t
}

func (t *timelineTab) update() {
	var rows []fyne.CanvasObject
	for _, e := range cdop.Timeline(t.p.file) {
		kind, ok := eventKinds[e.Kind]
		if !ok {
			kind.label, kind.icon = e.Kind, theme.InfoIcon
		}
		rows = append(rows, gridRow(timelineWidths,
			cell(e.On.Display()), container.NewCenter(widget.NewIcon(theme.NewThemedResource(kind.icon()))), cell(kind.label), textCell(e.Text)))
	}
	t.rows.Objects = []fyne.CanvasObject{
		rowsBox(headerRow(timelineWidths, "Date", "", "What", "Event"), rows, "Nothing dated yet."),
	}
	t.rows.Refresh()
}
