package app

import (
	"fmt"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"casemanager/cdop"
)

// periodPicker chooses a period of dates: a quick choice (the last
// financial year, the last calendar year, …) fills in the dates, and dates
// typed pick the quick choice they match, or "Custom dates".
type periodPicker struct {
	quick    *widget.Select
	from, to *entry
	choices  []periodChoice
	open     bool // either end may be left blank (an open end)
	setting  bool // the dates are being filled in from a quick choice
	changed  func()
}

// periodChoice is a quick choice of period.
type periodChoice struct {
	label    string
	from, to cdop.Date
}

const customPeriod = "Custom dates"

// periodChoices lists the quick choices as of today; open adds the whole
// of the records (both ends open).
func periodChoices(today cdop.Date, open bool) []periodChoice {
	fy := cdop.FinancialYearOf(today)
	lastYear := today.Year() - 1
	out := []periodChoice{
		{"Last financial year, " + (fy - 1).String(), (fy - 1).First(), (fy - 1).Last()},
		{"This financial year so far, " + fy.String(), fy.First(), today},
		{fmt.Sprintf("Last calendar year, %d", lastYear), cdop.NewDate(lastYear, time.January, 1), cdop.NewDate(lastYear, time.December, 31)},
		{"The last 12 months", today.AddMonths(-12).AddDays(1), today},
	}
	if open {
		out = append(out, periodChoice{label: "Every death recorded"})
	}
	return out
}

// newPeriodPicker returns a picker set to its first quick choice; changed
// runs whenever the period changes after that.
func newPeriodPicker(today cdop.Date, open bool, changed func()) *periodPicker {
	p := &periodPicker{choices: periodChoices(today, open), open: open}
	labels := make([]string, 0, len(p.choices)+1)
	for _, c := range p.choices {
		labels = append(labels, c.label)
	}
	labels = append(labels, customPeriod)
	p.quick = widget.NewSelect(labels, p.onQuickChosen)
	p.from = dateEntry("")
	p.to = dateEntry("")
	if open {
		p.from.SetPlaceHolder("Earliest")
		p.to.SetPlaceHolder("Latest")
	}
	p.from.Validator = dateValidator("From", !open)
	p.to.Validator = dateValidator("To", !open)
	p.from.OnChanged = func(string) { p.onDateTyped() }
	p.to.OnChanged = func(string) { p.onDateTyped() }
	p.quick.SetSelected(labels[0])
	p.changed = changed
	return p
}

// fields are the picker's labelled boxes: the quick choice, From and To.
func (p *periodPicker) fields() (quick, from, to fyne.CanvasObject) {
	return labelledBox("Period", p.quick), labelledBox("From", p.from), labelledBox("To", p.to)
}

func (p *periodPicker) onQuickChosen(label string) {
	for _, c := range p.choices {
		if c.label == label {
			p.setting = true
			p.from.SetText(c.from.String())
			p.to.SetText(c.to.String())
			p.setting = false
		}
	}
	if p.changed != nil {
		p.changed()
	}
}

func (p *periodPicker) onDateTyped() {
	if p.setting {
		return
	}
	from, to, err := p.period()
	label := customPeriod
	if err == nil {
		for _, c := range p.choices {
			if c.from.String() == from.String() && c.to.String() == to.String() {
				label = c.label
			}
		}
	}
	if p.quick.Selected != label {
		p.quick.Selected = label // shown without choosing it again
		p.quick.Refresh()
	}
	if p.changed != nil {
		p.changed()
	}
}

// period returns the dates chosen, or what is wrong with them.
func (p *periodPicker) period() (from, to cdop.Date, err error) {
	if from, err = readDate("From", p.from.Text, !p.open); err != nil {
		return from, to, err
	}
	if to, err = readDate("To", p.to.Text, !p.open); err != nil {
		return from, to, err
	}
	if !from.IsZero() && !to.IsZero() && to.Before(from) {
		return from, to, userErrorf("the period ends (%s) before it starts (%s)", to.Display(), from.Display())
	}
	return from, to, nil
}

// describePeriod says the period in words, e.g. "1 Apr 2025 to 31 Mar 2026".
func describePeriod(from, to cdop.Date) string {
	switch {
	case from.IsZero() && to.IsZero():
		return "every date recorded"
	case from.IsZero():
		return "up to " + to.Display()
	case to.IsZero():
		return "from " + from.Display()
	}
	return from.Display() + " to " + to.Display()
}
