package app

import (
	"context"
	"fmt"
	"io"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"casemanager/cdop"
	"casemanager/reports"
)

// AnnualReportScreen makes the child death review annual report for a
// period, as a PDF: the period is picked (the last financial year by
// default), the screen says what it holds, and "Make the annual report…"
// asks where to save it.
type AnnualReportScreen struct {
	ui      *UI
	content fyne.CanvasObject

	period  *periodPicker
	status  *widget.Label // what the period holds, or what is wrong with it
	privacy *widget.Label
	make    *widget.Button

	today    cdop.Date
	cases    []*cdop.Case
	recs     []*cdop.Recommendation
	settings cdop.Settings
	loaded   bool
}

// ShowAnnualReport shows the annual report screen.
func (u *UI) ShowAnnualReport() {
	if !u.guard(cdop.ActAnnualReport) {
		return
	}
	u.nav.Go(func() {
		u.highlight(navAnnualReport)
		s := newAnnualReportScreen(u)
		u.nav.show(s.content, s)
		s.reload()
	})
}

func newAnnualReportScreen(u *UI) *AnnualReportScreen {
	s := &AnnualReportScreen{ui: u, today: u.today()}
	s.period = newPeriodPicker(s.today, false, s.onPeriodChanged)
	s.status = widget.NewLabel("Loading…")
	s.status.Wrapping = fyne.TextWrapWord
	s.privacy = lowLabel("")
	s.make = widget.NewButtonWithIcon("Make the annual report…", theme.DocumentPrintIcon(), s.onMake)
	s.make.Importance = widget.HighImportance

	quick, from, to := s.period.fields()
	periodCard := widget.NewCard("", "", container.NewVBox(
		gridRow([]float32{340, 220, 220, 0}, quick, from, to, widget.NewLabel("")),
		hintLabel("Annual reports usually cover a financial year, 1 April to 31 March.")))
	s.status.TextStyle.Bold = true
	contents := widget.NewCard("", "", container.NewVBox(s.status, s.privacy))
	top := container.NewVBox(heading("Annual report"),
		lowLabel("The child death review annual report for a period, as a PDF: the deaths in the period by age band and sex, expected or unexpected, place and category of death and modifiable factors; the time from death to review of the reviews completed in it; and the panel's recommendations with their progress."))
	body := container.NewVBox(periodCard, contents, container.NewHBox(s.make))
	s.content = container.NewBorder(top, nil, nil, nil, container.NewVScroll(body))
	return s
}

// reload fetches the cases, recommendations and settings, to say what a
// period holds.
func (s *AnnualReportScreen) reload() {
	u := s.ui
	u.run.LoadOr("the cases", func(ctx context.Context) (func(), error) {
		cases, err := u.cases.FindCases(ctx, cdop.CaseFilter{})
		var recs []*cdop.Recommendation
		var settings cdop.Settings
		if err == nil {
			recs, err = u.meetings.Recommendations(ctx)
		}
		if err == nil {
			settings, err = u.flow.Settings(ctx)
		}
		return func() {
			s.cases, s.recs, s.settings, s.loaded = cases, recs, settings, true
			d := settings.WithDefaults()
			s.privacy.SetText(fmt.Sprintf("The report is anonymised: no child is named, and counts from 1 to %d are shown as “%s” (with other figures hidden where they would give them away), so that no child can be picked out.",
				d.DisclosureThreshold, d.DisclosureMarker))
			s.onPeriodChanged()
		}, err
	}, func() { s.setStatus("", widget.MediumImportance) })
}

// onPeriodChanged says what the period holds, or what is wrong with it.
func (s *AnnualReportScreen) onPeriodChanged() {
	from, to, err := s.period.period()
	if err != nil {
		s.setStatus(capitalise(userMessage(err))+".", widget.DangerImportance)
		s.make.Disable()
		return
	}
	s.make.Enable()
	if !s.loaded {
		return
	}
	deaths, reviews, covered := 0, 0, 0
	for _, c := range s.cases {
		if reports.AnnualCovers(c, from, to) {
			covered++
		}
		if inPeriod(c.DateOfDeath, from, to) {
			deaths++
		}
		if inPeriod(c.CDOPReviewOn, from, to) && !c.CDOPReviewOn.After(s.today) {
			reviews++
		}
	}
	recs := 0
	for _, r := range s.recs {
		if reports.AnnualIncludes(r, from, to) {
			recs++
		}
	}
	text := fmt.Sprintf("%s: %s, %s completed, and %s made in the period or still open at its end.",
		capitalise(describePeriod(from, to)), plural(deaths, "death"), plural(reviews, "review"), plural(recs, "recommendation"))
	imp := widget.MediumImportance
	if covered == 0 {
		text += " No death or review falls in this period: the report's tables would be empty."
		imp = widget.WarningImportance
	}
	s.setStatus(text, imp)
}

func inPeriod(d, from, to cdop.Date) bool {
	return !d.IsZero() && !d.Before(from) && !d.After(to)
}

func (s *AnnualReportScreen) setStatus(text string, imp widget.Importance) {
	s.status.Importance = imp
	s.status.SetText(text)
}

// onMake asks where to save the report for the period, then makes it.
func (s *AnnualReportScreen) onMake() {
	from, to, err := s.period.period()
	if err != nil {
		s.onPeriodChanged()
		return
	}
	u := s.ui
	period := describePeriod(from, to)
	u.saveOutput(output{
		title:      "Make the annual report",
		fileName:   "CDOP-annual-report-" + periodName(from, to) + ".pdf",
		extensions: []string{".pdf"},
		working:    "Making the annual report for " + period + "…",
		save: writePDF(func(ctx context.Context, w io.Writer) (string, error) {
			data, err := reports.GatherAnnual(ctx, u.cases, u.flow, u.meetings, from, to)
			if err != nil {
				return "", err
			}
			opts, err := reports.NewOptions(ctx, u.flow, u.clock, true)
			if err != nil {
				return "", err
			}
			done := fmt.Sprintf("Saved the annual report for %s (%s that died or were reviewed in it).", period, plural(len(data.Cases), "case"))
			return done, reports.AnnualReport(w, data, opts)
		}),
	})
}
