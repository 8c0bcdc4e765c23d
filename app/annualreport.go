package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"casemanager/cdop"
	"casemanager/reports"
)

// AnnualReportScreen makes the child death review annual report for a
// period, as a PDF: the period is picked from a list of calendar and
// financial years and their quarters (the last whole financial year by
// default; figures are never published for other days), the screen says
// what it holds, and "Make the annual report…" asks where to save it,
// first asking the coordinator to confirm when the period was published
// before with other figures.
type AnnualReportScreen struct {
	ui      *UI
	content fyne.CanvasObject

	period  *widget.Select
	periods []cdop.ReportPeriod
	status  *widget.Label // what the period holds
	privacy *widget.Label
	make    *widget.Button

	today    cdop.Date
	dates    []reports.CaseDates // of every counted case: what each period holds
	recs     []*cdop.Recommendation
	settings cdop.Settings
	loaded   bool
}

// ShowAnnualReport shows the annual report screen.
func (u *UI) ShowAnnualReport() {
	u.openScreen(cdop.ActAnnualReport, navAnnualReport, func() (fyne.CanvasObject, loadingScreen) {
		s := newAnnualReportScreen(u)
		return s.content, s
	})
}

func newAnnualReportScreen(u *UI) *AnnualReportScreen {
	s := &AnnualReportScreen{ui: u, today: u.today()}
	s.period = widget.NewSelect(nil, func(string) { s.onPeriodChanged() })
	s.setPeriods(nil)
	s.status = widget.NewLabel("Loading…")
	s.status.Wrapping = fyne.TextWrapWord
	s.privacy = lowLabel("")
	s.make = widget.NewButtonWithIcon("Make the annual report…", theme.DocumentPrintIcon(), s.onMake)
	s.make.Importance = widget.HighImportance

	periodCard := widget.NewCard("", "", container.NewVBox(
		gridRow([]float32{420, 0}, labelledBox("Period", s.period), widget.NewLabel("")),
		hintLabel("Annual reports usually cover a financial year, 1 April to 31 March. Figures are published for whole calendar or financial years, or quarters of them, never for other days: two reports of overlapping days could be laid side by side to pick out the deaths between their ends.")))
	s.status.TextStyle.Bold = true
	contents := widget.NewCard("", "", container.NewVBox(s.status, s.privacy))
	top := container.NewVBox(heading("Annual report"),
		lowLabel("The child death review annual report for a period, as a PDF: the deaths in the period by age band and sex, expected or unexpected, place and category of death and modifiable factors; the time from death to review of the reviews completed in it; and the panel's recommendations with their progress."))
	body := container.NewVBox(periodCard, contents, container.NewHBox(s.make))
	s.content = container.NewBorder(top, nil, nil, nil, container.NewVScroll(body))
	return s
}

// setPeriods lists the periods from the year of the earliest death (today's
// when none is known) to today, choosing the last whole financial year.
func (s *AnnualReportScreen) setPeriods(dates []reports.CaseDates) {
	earliest := s.today
	for _, d := range dates {
		if !d.Death.IsZero() && d.Death.Before(earliest) {
			earliest = d.Death
		}
	}
	s.periods = cdop.ReportPeriods(earliest, s.today)
	labels := make([]string, len(s.periods))
	for i, p := range s.periods {
		labels[i] = capitalise(p.Label)
	}
	s.period.SetOptions(labels)
	last := cdop.FinancialYearPeriod(s.today.Year() - 1)
	if s.today.Month() < time.April {
		last = cdop.FinancialYearPeriod(s.today.Year() - 2)
	}
	if s.period.Selected == "" {
		s.period.SetSelected(capitalise(last.Label))
	}
}

// chosen returns the period chosen.
func (s *AnnualReportScreen) chosen() (cdop.ReportPeriod, bool) {
	for _, p := range s.periods {
		if capitalise(p.Label) == s.period.Selected {
			return p, true
		}
	}
	return cdop.ReportPeriod{}, false
}

// reload fetches, off the UI goroutine, the dates of the cases (only
// those: reading 100,000 whole cases took seconds and a gigabyte), the
// recommendations and the settings, to say what a period holds.
func (s *AnnualReportScreen) reload() {
	u := s.ui
	u.run.LoadOr("the cases", func(ctx context.Context) (func(), error) {
		dates, err := reports.CountedDates(ctx, u.cases, u.flow)
		var recs []*cdop.Recommendation
		var settings cdop.Settings
		if err == nil {
			recs, err = u.meetings.Recommendations(ctx)
		}
		if err == nil {
			settings, err = u.flow.Settings(ctx)
		}
		return func() {
			s.dates, s.recs, s.settings, s.loaded = dates, recs, settings, true
			s.setPeriods(dates)
			d := settings.WithDefaults()
			rounding := ""
			if d.DisclosureRounding > 1 {
				rounding = fmt.Sprintf(", other counts are rounded to the nearest %d", d.DisclosureRounding)
			}
			s.privacy.SetText(fmt.Sprintf("The report is anonymised: no child is named, counts from 1 to %d are shown as “%s”%s, and further figures are hidden wherever together they would narrow a hidden count down, so that no child can be picked out.",
				d.DisclosureThreshold, d.DisclosureMarker, rounding))
			s.onPeriodChanged()
		}, err
	}, func() { s.setStatus("", widget.MediumImportance) })
}

// onPeriodChanged says what the period holds.
func (s *AnnualReportScreen) onPeriodChanged() {
	p, ok := s.chosen()
	if !ok {
		s.setStatus("Choose a period.", widget.DangerImportance)
		s.make.Disable()
		return
	}
	s.make.Enable()
	if !s.loaded {
		return
	}
	from, to := p.From, p.To
	deaths, reviews, covered := 0, 0, 0
	for _, d := range s.dates {
		if d.CoveredBy(from, to) {
			covered++
		}
		if inPeriod(d.Death, from, to) {
			deaths++
		}
		if inPeriod(d.Review, from, to) && !d.Review.After(s.today) {
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

// prepare works the report for a period out, as the command line does.
func (s *AnnualReportScreen) prepare(ctx context.Context, p cdop.ReportPeriod) (*reports.Annual, int, error) {
	u := s.ui
	data, err := reports.GatherAnnual(ctx, u.cases, u.flow, u.meetings, p.From, p.To)
	if err != nil {
		return nil, 0, err
	}
	opts, err := reports.NewOptions(ctx, u.flow, u.clock, true)
	if err != nil {
		return nil, 0, err
	}
	a, err := reports.PrepareAnnual(data, opts)
	return a, len(data.Cases), err
}

// onMake checks the period against what was published before, asks the
// coordinator to confirm when its figures have changed since, then asks
// where to save the report and makes it.
func (s *AnnualReportScreen) onMake() {
	p, ok := s.chosen()
	if !ok {
		s.onPeriodChanged()
		return
	}
	u := s.ui
	u.run.Do(func(ctx context.Context) func() {
		a, _, err := s.prepare(ctx, p)
		if err == nil && u.pubs != nil {
			err = a.CheckPublished(ctx, u.pubs, false)
		}
		return func() {
			var changed *cdop.ChangedSincePublished
			switch {
			case errors.As(err, &changed):
				s.confirmChanges(p, changed)
			case err != nil:
				s.setStatus("No report: "+userMessage(err), widget.DangerImportance)
			default:
				s.save(p, false)
			}
		}
	})
}

// confirmChanges shows which published figures the report would change,
// and makes it only if the coordinator confirms.
func (s *AnnualReportScreen) confirmChanges(p cdop.ReportPeriod, changed *cdop.ChangedSincePublished) {
	lines := make([]string, 0, len(changed.Changes))
	for i, c := range changed.Changes {
		if i == 20 {
			lines = append(lines, "… and "+thousands(len(changed.Changes)-20)+" more")
			break
		}
		lines = append(lines, "• "+c.String())
	}
	intro := wrapped(fmt.Sprintf("The report for the %s was published on %s by %s. Since then %s changed. Anyone holding both reports can compare them and learn about the deaths added or changed — a single late notification can be described completely this way.",
		p.Label, changed.Previous.At.Local().Format("2 Jan 2006"), changed.Previous.By, plural(len(changed.Changes), "figure")))
	list := wrapped(strings.Join(lines, "\n"))
	content := container.NewVBox(intro, container.NewVScroll(list), lowLabel("Publish it again only if those who hold the earlier report should have the new figures."))
	d := dialog.NewCustomConfirm("Published before with other figures", "Publish again…", "Cancel", content, func(ok bool) {
		if ok {
			s.save(p, true)
		}
	}, s.ui.window)
	d.Resize(fyne.NewSize(640, 480))
	d.Show()
	escapeCancels(s.ui.window, d) // publishing again is clicked, never an Enter by habit
}

// save asks where to save the report, then makes it and records it as published.
func (s *AnnualReportScreen) save(p cdop.ReportPeriod, confirmed bool) {
	u := s.ui
	period := describePeriod(p.From, p.To)
	reported := 0
	u.saveOutput(output{
		title:      "Make the annual report",
		fileName:   "CDOP-annual-report-" + periodName(p.From, p.To) + ".pdf",
		extensions: []string{".pdf"},
		working:    "Making the annual report for " + period + "…",
		save: writePDF(func(ctx context.Context, w io.Writer) (string, error) {
			a, cases, err := s.prepare(ctx, p)
			if err != nil {
				return "", err
			}
			if u.pubs != nil {
				if err := a.CheckPublished(ctx, u.pubs, confirmed); err != nil {
					return "", err
				}
			}
			if err := a.Write(w); err != nil {
				return "", err
			}
			if u.pubs != nil {
				if err := a.RecordPublished(ctx, u.pubs); err != nil {
					return "", err
				}
			}
			reported = cases
			return fmt.Sprintf("Saved the annual report for %s (%s that died or were reviewed in it).", period, plural(cases, "case")), nil
		}),
		audited: func() (string, string, int) {
			return "annual report " + p.From.String() + " to " + p.To.String(), "", reported
		},
	})
}
