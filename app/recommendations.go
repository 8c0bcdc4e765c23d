package app

import (
	"context"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"casemanager/cdop"
)

// RecommendationsScreen lists the panel's recommendations to agencies,
// overdue first, with the one selected beside the list: its progress and a
// form to record more. New ones are added from one or more cases or a theme.
type RecommendationsScreen struct {
	ui      *UI
	content fyne.CanvasObject

	subtitle *widget.Label
	table    *widget.Table
	fit      *rowFitter // rows as high as their text needs
	empty    *emptyNote
	detail   *fyne.Container
	right    fyne.CanvasObject // the detail pane, shown once a recommendation is selected

	status *widget.Select
	note   *tabbingEntry
	record *widget.Button

	recs     []*cdop.Recommendation
	agencies []cdop.Agency
	selected int64 // the recommendation shown beside the list; 0 for none
}

// recommendationColumns leave every column in view in the window of a
// 1024×640 screen while no recommendation is open beside them (those of
// text share the room left); cells wrap, the rows growing to fit them.
var recommendationColumns = []struct {
	title string
	width float32
}{
	{"Status", 110}, {"Due", 100}, {"Agency", 150}, {"Action", 200}, {"From", 160},
}

// ShowRecommendations shows the panel's recommendations.
// noRecommendationsYet is what the Recommendations screen says before the first.
const noRecommendationsYet = "No recommendations yet. Add what the panel asks of an agency, from one or more cases or a theme across cases; " +
	"each is followed here until done, and one past its due date shows on the dashboard."

func (u *UI) ShowRecommendations() {
	if !u.guard(cdop.ActRecommendations) {
		return
	}
	u.showRecommendation(0)
}

// showRecommendation shows the recommendations with one selected (0: none).
func (u *UI) showRecommendation(id int64) {
	u.nav.Go(func() {
		u.highlight(navRecommendations)
		s := newRecommendationsScreen(u)
		s.selected = id
		u.nav.show(s.content, s)
		s.reload()
	})
}

func newRecommendationsScreen(u *UI) *RecommendationsScreen {
	s := &RecommendationsScreen{ui: u}
	s.subtitle = hintLabel("Loading…")
	add := widget.NewButtonWithIcon("New recommendation…", theme.ContentAddIcon(), s.askNew)
	add.Importance = widget.HighImportance
	s.empty = newEmptyNote("")

	s.table = &widget.Table{
		Length:     func() (int, int) { return len(s.recs), len(recommendationColumns) },
		CreateCell: newDashCell,
		UpdateCell: s.updateCell,
		OnSelected: func(id widget.TableCellID) {
			if id.Row >= 0 && id.Row < len(s.recs) {
				s.selected = s.recs[id.Row].ID
				s.showDetail()
			}
		},
		ShowHeaderRow: true,
	}
	s.table.ExtendBaseWidget(s.table)
	s.table.CreateHeader, s.table.UpdateHeader = boldHeader(func() int { return len(recommendationColumns) }, func(col int) string { return recommendationColumns[col].title })
	for i, c := range recommendationColumns {
		s.table.SetColumnWidth(i, c.width)
	}

	s.status = widget.NewSelect(cdop.RecommendationStatuses.Labels(), nil)
	s.status.PlaceHolder = "New status"
	s.note = newTabbingEntry()
	s.note.SetPlaceHolder("What has been done, e.g. guidance reissued to staff")
	s.note.Wrapping = fyne.TextWrapWord
	s.note.SetMinRowsVisible(2)
	s.record = widget.NewButtonWithIcon("Record progress", theme.DocumentSaveIcon(), s.onRecord)
	s.record.Importance = widget.HighImportance
	s.detail = container.NewVBox()

	top := container.NewBorder(nil, nil, nil, container.NewVBox(add), container.NewVBox(heading("Recommendations"), s.subtitle))
	// The detail pane shows only once a recommendation is selected: until
	// then the list has the whole width. The last column takes what is left.
	s.right = minWidth(360, container.NewVScroll(s.detail))
	widths := make([]float32, len(recommendationColumns))
	for i, c := range recommendationColumns {
		widths[i] = c.width
	}
	s.fit = newRowFitter(s.table, widths, 2, 3, 4)
	s.content = container.NewBorder(top, nil, nil, s.right, overTableStretched("Recommendations", s.table, widths, []float32{0, 0, 1, 2, 1}, s.empty, s.fit))
	s.showDetail()
	return s
}

// recommendationStatus says in words and colour where a recommendation stands.
func recommendationStatus(r *cdop.Recommendation, today cdop.Date) (string, widget.Importance) {
	if r.Overdue(today) {
		return "Overdue", widget.DangerImportance
	}
	switch r.Status {
	case "in_progress":
		return "In progress", widget.HighImportance
	case "done":
		return "Done", widget.SuccessImportance
	}
	return r.Status.Label(), widget.MediumImportance
}

// recommendationSource names what a recommendation comes from: its cases, or its theme.
func recommendationSource(r *cdop.Recommendation) string {
	var parts []string
	if len(r.CaseRefs) > 0 {
		parts = append(parts, strings.Join(r.CaseRefs, ", "))
	}
	if r.Theme != "" {
		parts = append(parts, "Theme: "+r.Theme)
	}
	return strings.Join(parts, "; ")
}

func (s *RecommendationsScreen) updateCell(id widget.TableCellID, o fyne.CanvasObject) {
	main, icon := resetDashCell(o)
	if id.Row < 0 || id.Row >= len(s.recs) {
		main.SetText("")
		return
	}
	r := s.recs[id.Row]
	today := s.ui.today()
	switch id.Col {
	case 0:
		text, imp := recommendationStatus(r, today)
		main.Importance = imp
		main.TextStyle.Bold = imp == widget.DangerImportance
		if imp == widget.DangerImportance {
			icon.SetResource(theme.NewErrorThemedResource(theme.ErrorIcon()))
			icon.Show()
		}
		main.SetText(text)
	case 1:
		main.SetText(r.DueOn.Display())
	case 2:
		main.SetText(r.Agency)
	case 3:
		main.SetText(r.Action)
	case 4:
		main.SetText(recommendationSource(r))
	}
	main.Refresh()
	o.Refresh()
}

func (s *RecommendationsScreen) reload() {
	u := s.ui
	today := u.today()
	u.run.LoadOr("the recommendations", func(ctx context.Context) (func(), error) {
		recs, err := u.meetings.Recommendations(ctx)
		var agencies []cdop.Agency
		if err == nil {
			agencies, err = u.flow.Agencies(ctx)
		}
		return func() {
			cdop.SortRecommendations(recs, today)
			s.recs, s.agencies = recs, agencies
			overdue, open := 0, 0
			for _, r := range recs {
				if r.Overdue(today) {
					overdue++
				}
				if r.Status.Open() {
					open++
				}
			}
			s.subtitle.SetText(fmt.Sprintf("%s, %s still open, %s overdue. Overdue first, then open by due date, then done. Select one to see its progress and record more.",
				plural(len(recs), "recommendation"), thousands(open), thousands(overdue)))
			if len(recs) == 0 {
				s.empty.showWith(noRecommendationsYet)
			} else {
				s.empty.showWith("")
			}
			s.table.Refresh()
			s.fit.fit()
			for i, r := range recs {
				if r.ID == s.selected {
					s.table.Select(widget.TableCellID{Row: i, Col: 0})
					s.table.ScrollTo(widget.TableCellID{Row: i, Col: 0})
				}
			}
			s.showDetail()
		}, err
	}, func() { s.subtitle.SetText("") })
}

// Dirty reports whether progress is typed and not yet recorded.
func (s *RecommendationsScreen) Dirty() bool { return strings.TrimSpace(s.note.Text) != "" }

// current returns the selected recommendation, if it is listed.
func (s *RecommendationsScreen) current() *cdop.Recommendation {
	for _, r := range s.recs {
		if r.ID == s.selected {
			return r
		}
	}
	return nil
}

// showDetail shows the selected recommendation beside the list.
func (s *RecommendationsScreen) showDetail() {
	r := s.current()
	if r == nil {
		s.detail.Objects = nil
		s.detail.Refresh()
		s.right.Hide()
		return
	}
	s.right.Show()
	today := s.ui.today()
	status, imp := recommendationStatus(r, today)
	due := r.DueOn.Display()
	if r.Status.Open() {
		due += " (" + cdop.DaysLeft(today, r.DueOn) + ")"
	}
	statusLabel := importantCell(status, imp)
	statusLabel.Truncation = fyne.TextTruncateOff
	statusLabel.Wrapping = fyne.TextWrapWord
	action := wrapped(r.Action)
	action.TextStyle.Bold = true
	facts := factList([][2]string{
		{"Agency", r.Agency},
		{"Due by", due},
		{"From", recommendationSource(r)},
		{"Added on", r.CreatedOn.Display()},
	})
	var history []fyne.CanvasObject
	for i := len(r.Updates) - 1; i >= 0; i-- { // newest first
		up := r.Updates[i]
		text := fmt.Sprintf("%s · %s · %s", up.On.Display(), up.Status.Label(), up.By)
		if up.Note != "" {
			text += "\n" + up.Note
		}
		history = append(history, wrapped(text))
	}
	if len(history) == 0 {
		history = append(history, hintLabel("No progress recorded yet."))
	}
	if s.status.Selected == "" {
		s.status.SetSelected(r.Status.Label())
	}
	form := container.NewVBox(sectionTitle("Record progress"), labelled("New status", s.status), labelled("What has been done", s.note),
		container.NewBorder(nil, nil, nil, s.record))
	s.detail.Objects = []fyne.CanvasObject{widget.NewCard("Recommendation", "", container.NewVBox(
		action, container.NewBorder(nil, nil, sectionTitle("Status"), nil, statusLabel), facts, s.clearance(r),
		widget.NewSeparator(), sectionTitle("Progress"), container.NewVBox(history...),
		widget.NewSeparator(), form))}
	s.detail.Refresh()
}

// clearance is the recommendation's "Cleared for publication" tick: its
// text goes into a published annual report only once someone has ticked it
// (recorded, with who and when, in the audit log).
func (s *RecommendationsScreen) clearance(r *cdop.Recommendation) fyne.CanvasObject {
	hint := "Not yet cleared: a published annual report gives its agency, dates and status, not its text."
	if !r.ClearedOn.IsZero() {
		hint = fmt.Sprintf("Cleared by %s on %s: its text goes into published annual reports.", r.ClearedBy, r.ClearedOn.Display())
	}
	id := r.ID
	check := widget.NewCheck("Cleared for publication", nil)
	check.SetChecked(!r.ClearedOn.IsZero())
	check.OnChanged = func(on bool) {
		if s.ui.pubs == nil {
			return
		}
		check.Disable()
		s.ui.run.Do(func(ctx context.Context) func() {
			err := s.ui.pubs.ClearForPublication(ctx, id, on)
			return func() {
				check.Enable()
				if err != nil {
					s.ui.bar.Failed("Not recorded: ", err)
					return
				}
				s.reload()
			}
		})
	}
	if s.ui.pubs == nil {
		check.Disable()
	}
	return container.NewVBox(labelled(check.Text, check), hintLabel(hint))
}

// onRecord records progress on the selected recommendation.
func (s *RecommendationsScreen) onRecord() {
	r := s.current()
	if r == nil {
		return
	}
	status := cdop.RecommendationStatuses.CodeForLabel(s.status.Selected)
	if status == "" {
		s.ui.bar.Error("Choose the recommendation's status.")
		return
	}
	up := cdop.RecommendationUpdate{Status: cdop.RecommendationStatus(status), Note: strings.TrimSpace(s.note.Text)}
	id := r.ID
	s.record.Disable()
	s.ui.run.Do(func(ctx context.Context) func() {
		err := s.ui.meetings.UpdateRecommendation(ctx, id, up)
		return func() {
			s.record.Enable()
			if err != nil {
				s.ui.bar.Failed("Not recorded: ", err)
				return
			}
			s.note.SetText("")
			s.status.ClearSelected()
			s.ui.bar.Success(fmt.Sprintf("Recorded: %s.", strings.ToLower(cdop.RecommendationStatuses.Label(status))))
			s.reload()
		}
	})
}

// askNew asks for a new recommendation and adds it; the dialog stays
// open, saying why, when it cannot be added.
func (s *RecommendationsScreen) askNew() {
	u := s.ui
	d := newRecommendationDialog(u.run, u.cases, s.agencies)
	d.OnSubmit = func(r *cdop.Recommendation) {
		u.run.Do(func(ctx context.Context) func() {
			err := u.meetings.SaveRecommendation(ctx, r)
			return func() {
				if err != nil {
					d.Fail("Not added: " + userMessage(err))
					return
				}
				d.Hide()
				s.selected = r.ID
				s.reload()
			}
		})
	}
	d.Show(u.window)
}
