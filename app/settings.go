package app

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"casemanager/cdop"
)

// SettingsScreen edits the panel's own targets, where national guidance
// fixes none, and its extra non-working days; it shows the statutory limits
// as fixed.
type SettingsScreen struct {
	ui      *UI
	content fyne.CanvasObject

	targets  []*settingTarget
	holidays *tabbingEntry
	// Published figures: the small-number threshold is a target above;
	// these are the marker shown instead and the footprint's name.
	marker    *entry
	footprint *entry
	quorum    *entry // the kinds of agency a panel meeting needs
	save      *widget.Button
	loaded    cdop.Settings
	shown     []string // the boxes' texts as loaded or saved; nil until loaded
}

// settingTarget is one numeric target: its label, unit and where it lives.
type settingTarget struct {
	label, unit string
	max         int
	field       func(*cdop.Settings) *int
	entry       *entry
}

func newSettingsScreen(u *UI) *SettingsScreen {
	s := &SettingsScreen{ui: u}
	def := cdop.DefaultSettings
	s.targets = []*settingTarget{
		{label: "Notification to the panel", unit: "days after the death", max: 365,
			field: func(x *cdop.Settings) *int { return &x.NotificationDays }},
		{label: "Key worker's first contact with the family", unit: "days after the death", max: 365,
			field: func(x *cdop.Settings) *int { return &x.KeyWorkerContactDays }},
		{label: "Agency report returned", unit: "days after the request", max: 365,
			field: func(x *cdop.Settings) *int { return &x.AgencyReportDays }},
		{label: "Child death review meeting held", unit: "months after the death", max: 36,
			field: func(x *cdop.Settings) *int { return &x.CDRMMonths }},
		{label: "CDOP review", unit: "months after the death", max: 36,
			field: func(x *cdop.Settings) *int { return &x.CDOPReviewMonths }},
		{label: "Ofsted and the Secretary of State notified of a looked-after child's death", unit: "working days after the death", max: 60,
			field: func(x *cdop.Settings) *int { return &x.LACNotificationWorkingDays }},
		{label: "“Due soon” on the dashboard", unit: "days before the target", max: 365,
			field: func(x *cdop.Settings) *int { return &x.DueSoonDays }},
		{label: "Small numbers hidden in published figures", unit: "counts from 1 up to this are hidden", max: 20,
			field: func(x *cdop.Settings) *int { return &x.DisclosureThreshold }},
		{label: "Other published counts rounded to the nearest", unit: "1 shows them as they are", max: 100,
			field: func(x *cdop.Settings) *int { return &x.DisclosureRounding }},
		{label: "Wrong passwords before an account locks", unit: "in a row", max: 20,
			field: func(x *cdop.Settings) *int { return &x.LockoutFailures }},
		{label: "A locked account opens again after", unit: "minutes", max: 1440,
			field: func(x *cdop.Settings) *int { return &x.LockoutMinutes }},
		{label: "The desktop locks itself after", unit: "idle minutes", max: 240,
			field: func(x *cdop.Settings) *int { return &x.IdleLockMinutes }},
		{label: "Longest free text of a case", unit: "characters, from 1,000 up to 20,000", max: cdop.MaxFreeTextLength,
			field: func(x *cdop.Settings) *int { return &x.FreeTextLimit }},
	}
	widths := []float32{360, 110, 0}
	rows := []fyne.CanvasObject{headerRow(widths, "Target", "Value", "")}
	for _, t := range s.targets {
		t.entry = newEntry()
		t.entry.SetPlaceHolder(fmt.Sprint(*t.field(&def)))
		rows = append(rows, gridRow(widths, labelFor(t.label), labelled(t.label+", "+t.unit, t.entry),
			lowLabel(fmt.Sprintf("%s (default %d)", t.unit, *t.field(&def)))))
	}
	fixed := container.NewVBox(
		gridRow(widths, labelFor("Child Safeguarding Practice Review Panel notified"),
			boldLabel(fmt.Sprint(cdop.CSPRPNotificationWorkingDays)), lowLabel("working days after the local authority became aware (else the notification), when abuse or neglect is known or suspected")),
		gridRow(widths, labelFor("Rapid review completed"),
			boldLabel(fmt.Sprint(cdop.RapidReviewWorkingDays)), lowLabel("working days after the Safeguarding Practice Review Panel was notified")),
	)
	s.holidays = newTabbingEntry()
	s.holidays.SetPlaceHolder("One date a line, e.g. 2026-12-29")
	s.holidays.SetMinRowsVisible(4)
	s.marker = newEntry()
	s.marker.SetPlaceHolder(def.DisclosureMarker)
	s.footprint = newEntry()
	s.footprint.SetPlaceHolder("e.g. Calder and Aire Child Death Overview Panel")
	s.quorum = newEntry()
	s.quorum.SetPlaceHolder(cdop.FormatQuorumGroups(cdop.QuorumTypes))
	s.save = widget.NewButtonWithIcon("Save settings", theme.DocumentSaveIcon(), s.onSave)
	s.save.Importance = widget.HighImportance

	body := container.NewVBox(
		noteCard("Fixed by statutory guidance", "Working Together to Safeguard Children sets these; they cannot be changed.", fixed),
		noteCard("The panel's targets", "National guidance sets no number for these; leave a box empty for the common local practice shown.",
			container.NewVBox(rows...)),
		noteCard("Working days", "England's bank holidays and weekends are already excluded from working-day counts; add local closures here.",
			labelledBox("Extra non-working days", s.holidays)),
		widget.NewCard("Panel meetings", "", container.NewVBox(
			wrapped("A panel meeting is quorate when someone is present from each group; a group written a/b is met by either. Kinds: "+strings.Join(cdop.AgencyTypes.Codes(), ", ")+"."),
			labelledBox("Kinds of agency a panel meeting needs", s.quorum))),
		noteCard("Published figures", "The annual report hides small counts (and any figure that would narrow one down) behind the marker, and rounds the others.",
			container.NewVBox(wrapped(disclosureTradeOff), labelledBox("Marker shown for a hidden count", s.marker), labelledBox("Footprint named on reports", s.footprint))),
	)
	top := container.NewVBox(heading("Settings"),
		lowLabel("The panel's deadlines. Changes apply to every case's clocks and to the dashboard at once."))
	s.content = container.NewBorder(top, container.NewBorder(nil, nil, nil, s.save), nil, nil, container.NewVScroll(body))
	return s
}

// disclosureTradeOff explains the published figures' settings to the
// coordinator who changes them.
const disclosureTradeOff = "The defaults are NHS practice for sub-national figures: counts from 1 to 7 hidden, others rounded to the nearest 5. " +
	"A higher threshold or coarser rounding protects the families better but hides more of what the figures show: with around 60 deaths a year, " +
	"most counts by age band or category are small. A lower threshold, or no rounding (1), shows more but lets a reader who knows of one death " +
	"— from the news, a school, a neighbour — find it in the tables, and two reports of the same period made before and after a late " +
	"notification tell that child's details by their difference; rounding blurs such differences. Change them only with your information governance lead."

func labelFor(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Truncation = fyne.TextTruncateEllipsis
	return l
}

func boldLabel(text string) *widget.Label {
	return widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
}

func (s *SettingsScreen) reload() {
	s.ui.run.Load("the settings", func(ctx context.Context) (func(), error) {
		settings, err := s.ui.flow.Settings(ctx)
		return func() { s.show(settings) }, err
	})
}

// boxes are the screen's text boxes.
func (s *SettingsScreen) boxes() []*widget.Entry {
	out := []*widget.Entry{&s.holidays.Entry, &s.marker.Entry, &s.footprint.Entry, &s.quorum.Entry}
	for _, t := range s.targets {
		out = append(out, &t.entry.Entry)
	}
	return out
}

func (s *SettingsScreen) texts() []string {
	var out []string
	for _, e := range s.boxes() {
		out = append(out, e.Text)
	}
	return out
}

// Dirty reports whether a box was changed since the settings were loaded
// or saved.
func (s *SettingsScreen) Dirty() bool {
	return s.shown != nil && !slices.Equal(s.texts(), s.shown)
}

// show puts stored settings in the boxes; a default is shown as an empty box.
func (s *SettingsScreen) show(settings cdop.Settings) {
	s.loaded = settings
	for _, t := range s.targets {
		v := *t.field(&settings)
		if v > 0 {
			t.entry.SetText(fmt.Sprint(v))
		} else {
			t.entry.SetText("")
		}
	}
	days := make([]string, len(settings.ExtraHolidays))
	for i, d := range settings.ExtraHolidays {
		days[i] = d.String()
	}
	s.holidays.SetText(strings.Join(days, "\n"))
	s.marker.SetText(settings.DisclosureMarker)
	s.quorum.SetText(cdop.FormatQuorumGroups(settings.QuorumGroups))
	s.footprint.SetText(settings.Footprint)
	s.shown = s.texts()
}

// read returns the settings the boxes describe, or what is wrong with them.
func (s *SettingsScreen) read() (cdop.Settings, []string) {
	out := s.loaded
	var problems []string
	for _, t := range s.targets {
		text := strings.TrimSpace(t.entry.Text)
		n := 0
		if text != "" {
			v, err := strconv.Atoi(text)
			if err != nil || v < 1 || v > t.max {
				problems = append(problems, fmt.Sprintf("%s: %q is not a whole number from 1 to %d", t.label, text, t.max))
				continue
			}
			n = v
		}
		*t.field(&out) = n
	}
	out.DisclosureMarker = strings.TrimSpace(s.marker.Text)
	if groups, err := cdop.ParseQuorumGroups(s.quorum.Text); err != nil {
		problems = append(problems, "Kinds of agency a panel meeting needs: "+err.Error())
	} else {
		out.QuorumGroups = groups
	}
	out.Footprint = strings.TrimSpace(s.footprint.Text)
	out.ExtraHolidays = nil
	for _, line := range strings.Split(s.holidays.Text, "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		d, err := readDate("Extra non-working days", line, true)
		if err != nil {
			problems = append(problems, err.Error())
			continue
		}
		out.ExtraHolidays = append(out.ExtraHolidays, d)
	}
	return out, problems
}

func (s *SettingsScreen) onSave() { s.saveThen(nil) }

// saveThen saves the settings, then runs done (when set); a refused save
// runs nothing.
func (s *SettingsScreen) saveThen(done func()) {
	settings, problems := s.read()
	if len(problems) > 0 {
		s.ui.bar.Error("Not saved: " + strings.Join(problems, "; ") + ".")
		return
	}
	s.save.Disable()
	s.ui.run.Do(func(ctx context.Context) func() {
		err := s.ui.flow.SaveSettings(ctx, settings)
		return func() {
			s.save.Enable()
			if err != nil {
				s.ui.bar.Failed("Not saved: ", err)
				return
			}
			s.show(settings)
			s.ui.bar.Success("Saved the settings.")
			if done != nil {
				done()
			}
		}
	})
}
