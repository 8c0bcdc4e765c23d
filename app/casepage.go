package app

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"casemanager/cdop"
)

// The tabs of a case's page.
const (
	tabDetails   = "Details"
	tabDecisions = "Decisions"
	tabDeadlines = "Deadlines"
	tabRequests  = "Agency reports"
	tabAnalysis  = "Analysis"
	tabFamily    = "Family"
	tabTimeline  = "Timeline"
)

// CasePage is what opening a case shows: who the child was and where the
// case stands in the flowchart, a stepper to move it on or back, and tabs for
// its details, decisions, deadlines, agency reports, analysis, family and
// timeline.
type CasePage struct {
	ui        *UI
	file      *cdop.CaseFile
	settings  cdop.Settings
	agencies  []cdop.Agency
	catalogue []cdop.FactorCatalogueEntry
	content   fyne.CanvasObject

	title, subtitle *widget.Label
	stageLine       *widget.Label // the stage in one line, while the stepper is hidden
	stepper         *stageStepper
	moveNext        *widget.Button
	moveBack        *widget.Button
	reopen          *widget.Button

	form      *CaseForm
	tabs      *container.AppTabs
	closed    []*fyne.Container // "closed — reopen to edit" notes (or voided, transferred)
	closedMsg []*widget.Label   // their texts
	voidCase  *widget.Button    // "Void…": a notification logged in error
	transfer  *widget.Button    // "Transfer…": to another panel
	deadlines *deadlinesTab
	requests  *requestsTab
	analysis  *analysisTab
	family    *familyTab
	timeline  *timelineTab
	ncmd      *ncmdTab

	applyHooks []func() // updates of widgets showing the case file
}

// newCasePage builds the page of a case file; its Back button, labelled
// backText, runs back once unsaved changes are dealt with.
func newCasePage(u *UI, file *cdop.CaseFile, settings cdop.Settings, agencies []cdop.Agency,
	catalogue []cdop.FactorCatalogueEntry, backText string, back func()) *CasePage {
	p := &CasePage{ui: u, file: file, settings: settings, agencies: agencies, catalogue: catalogue}
	c := file.Case

	p.title = heading("")
	p.subtitle = widget.NewLabel("")
	p.subtitle.Truncation = fyne.TextTruncateEllipsis
	backButton := widget.NewButtonWithIcon(backText, theme.NavigateBackIcon(), back)
	export := widget.NewButtonWithIcon("Export PDF…", theme.DocumentPrintIcon(), p.onExportPDF)
	p.voidCase = widget.NewButtonWithIcon("Void…", theme.CancelIcon(), p.onVoid)
	p.transfer = widget.NewButtonWithIcon("Transfer…", theme.MailForwardIcon(), p.onTransfer)

	p.stepper = newStageStepper(c.Stage)
	p.moveNext = widget.NewButtonWithIcon("", theme.NavigateNextIcon(), p.onMoveNext)
	p.moveNext.Importance = widget.HighImportance
	p.moveNext.IconPlacement = widget.ButtonIconTrailingText
	p.moveBack = widget.NewButtonWithIcon("Move back…", theme.NavigateBackIcon(), p.onMoveBack)
	p.reopen = widget.NewButtonWithIcon("Reopen…", theme.ViewRefreshIcon(), p.onReopen)

	// On a short window the stepper and the subtitle give way to one line
	// saying where the case stands, beside the moves.
	p.stageLine = widget.NewLabel("")
	p.stageLine.TextStyle.Bold = true
	p.stageLine.Truncation = fyne.TextTruncateEllipsis
	p.stageLine.Hide()
	actions := container.NewVBox(container.NewHBox(p.moveBack, p.reopen, p.moveNext))
	top := container.NewVBox(
		container.NewBorder(nil, nil, container.NewVBox(backButton), container.NewVBox(container.NewHBox(p.voidCase, p.transfer, export)), container.NewVBox(p.title, p.subtitle)),
		widget.NewCard("", "", container.NewVBox(p.stepper, container.NewBorder(nil, nil, nil, actions, p.stageLine))),
	)

	p.form = newCaseForm(u, c, caseFormColumns())
	p.form.onSaved = func(*cdop.Case) { p.reload(nil) }
	p.form.onReloaded = func() { p.reload(nil) }
	p.deadlines = newDeadlinesTab(p)
	p.requests = newRequestsTab(p)
	p.analysis = newAnalysisTab(p)
	p.family = newFamilyTab(p)
	p.timeline = newTimelineTab(p)
	p.ncmd = newNCMDTab(p)
	p.tabs = container.NewAppTabs(
		container.NewTabItemWithIcon(tabDetails, theme.DocumentIcon(), p.detailsTab()),
		container.NewTabItemWithIcon(tabDecisions, theme.QuestionIcon(), p.decisionsTab()),
		container.NewTabItemWithIcon(tabDeadlines, theme.HistoryIcon(), p.deadlines.content),
		container.NewTabItemWithIcon(tabRequests, theme.MailSendIcon(), p.requests.content),
		container.NewTabItemWithIcon(tabAnalysis, theme.DocumentCreateIcon(), p.analysis.content),
		container.NewTabItemWithIcon(tabFamily, theme.AccountIcon(), p.family.content),
		container.NewTabItemWithIcon(tabTimeline, theme.ListIcon(), p.timeline.content),
		container.NewTabItemWithIcon(tabNCMD, theme.UploadIcon(), p.ncmd.content),
	)
	page := container.NewBorder(top, nil, nil, nil, newIconsWhenWide(p.tabs, tabIconsFrom))
	p.content = container.New(&collapseWhenShort{minHeight: caseHeaderCollapsesBelow,
		tall: []fyne.CanvasObject{p.stepper, p.subtitle}, short: []fyne.CanvasObject{p.stageLine}}, page)
	p.apply(file, settings, agencies)
	return p
}

// caseHeaderCollapsesBelow is the height of a case page under which its
// stepper collapses into one line (a 1024×640 screen gives the page about
// 540 pixels, which the full header would leave a tab only 300 of).
const caseHeaderCollapsesBelow = 620

// formTabs are the case page's tabs whose fields the page's form edits; the
// Analysis tab has its own editor.
var formTabs = []string{cdop.TabDetails, cdop.TabDecisions, cdop.TabFamily}

// caseFormColumns are the case fields the page's form edits, over the
// Details, Decisions and Family tabs, as the field registry places them.
func caseFormColumns() []string {
	var cols []string
	for _, tab := range formTabs {
		for _, sec := range cdop.TabSections(tab) {
			cols = append(cols, sec.Fields...)
		}
	}
	return cols
}

// Dirty reports whether the page holds changes not yet saved, on the form
// or on the analysis.
func (p *CasePage) Dirty() bool { return p.form.Dirty() || p.analysis.dirty() }

// saveThen saves what is unsaved on the page, the form's fields and the
// analysis, then runs done; a refused save runs nothing.
func (p *CasePage) saveThen(done func()) {
	analysis := func() {
		if p.analysis.dirty() {
			p.analysis.saveThen(done)
		} else {
			done()
		}
	}
	if p.form.Dirty() {
		p.form.saveThen(analysis)
		return
	}
	analysis()
}

// closedNote says that a closed case is read-only until reopened, or that a
// voided or transferred case is read-only.
func (p *CasePage) closedNote() fyne.CanvasObject {
	l := widget.NewLabel(closedText)
	l.Importance = widget.WarningImportance
	l.Wrapping = fyne.TextWrapWord
	note := container.NewBorder(nil, nil, widget.NewIcon(theme.NewWarningThemedResource(theme.WarningIcon())), nil, l)
	p.closed = append(p.closed, note)
	p.closedMsg = append(p.closedMsg, l)
	return note
}

const closedText = "Closed — reopen to edit. The case is read-only; use Reopen… above to change it."

// readOnlyText says why a case is read-only, or "" when it is not.
func readOnlyText(c *cdop.Case) string {
	switch {
	case c.Voided():
		return "Voided as logged in error: " + c.VoidedReason + ". The notification is kept, read-only, and left out of every figure."
	case c.Transferred():
		return fmt.Sprintf("Transferred to %s on %s: that panel reviews the case now; it is kept here, read-only, and left out of this panel's figures.",
			c.TransferredTo, c.TransferredOn.Display())
	case c.Stage == cdop.StageClosed:
		return closedText
	}
	return ""
}

func (p *CasePage) detailsTab() fyne.CanvasObject {
	f := p.form
	stage := widget.NewLabel("")
	stage.TextStyle.Bold = true
	p.onApply(func() { stage.SetText(p.file.Case.Stage.Label()) })
	stageBox := container.NewVBox(
		widget.NewLabelWithStyle("Stage", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		stage,
		hintLabel("Moved with the stepper above."))
	// The child on the left; the death, the review (after its stage) and
	// any further sections on the right.
	var left fyne.CanvasObject
	right := container.NewVBox()
	for _, sec := range cdop.TabSections(cdop.TabDetails) {
		switch sec.Title {
		case cdop.SectionChild:
			left = f.card(sec)
		case cdop.SectionReview:
			right.Add(f.card(sec, stageBox))
		default:
			right.Add(f.card(sec))
		}
	}
	body := container.NewGridWithColumns(2, left, right)
	return container.NewBorder(container.NewVBox(p.closedNote(), f.duplicate), f.saveBar("Save"), nil, nil, f.scroll(body))
}

func (p *CasePage) decisionsTab() fyne.CanvasObject {
	f := p.form
	body := container.NewVBox()
	for _, sec := range cdop.TabSections(cdop.TabDecisions) {
		body.Add(f.card(sec))
	}
	return container.NewBorder(p.closedNote(), f.saveBar("Save decisions"), nil, nil, f.scroll(body))
}

// applyHooks are the updates of widgets that show the case file.
func (p *CasePage) onApply(update func()) {
	p.applyHooks = append(p.applyHooks, update)
}

// apply shows a freshly loaded case file on every part of the page.
func (p *CasePage) apply(file *cdop.CaseFile, settings cdop.Settings, agencies []cdop.Agency) {
	p.file, p.settings, p.agencies = file, settings, agencies
	c := file.Case
	p.title.SetText(fmt.Sprintf("%s — %s", c.Ref, c.FullName()))
	p.subtitle.SetText(fmt.Sprintf("Died %s aged %s  ·  Stage: %s", c.DateOfDeath.Display(), c.Age(), c.Stage.Label()))
	p.stepper.SetStage(c.Stage)
	p.stageLine.SetText(fmt.Sprintf("Stage %d of %d: %s", cdop.StageIndex(c.Stage)+1, len(cdop.Stages), c.Stage.Label()))

	closed, counted := c.Stage == cdop.StageClosed, c.Counted()
	if next, ok := c.Stage.Next(); ok && counted {
		p.moveNext.SetText("Move to " + next.Label())
		p.moveNext.Show()
	} else {
		p.moveNext.Hide()
	}
	showIf(p.moveBack, counted && !closed && cdop.StageIndex(c.Stage) > 0)
	showIf(p.reopen, counted && closed)
	showIf(p.voidCase, counted && !closed)
	showIf(p.transfer, counted && !closed)
	note := readOnlyText(c)
	for i, n := range p.closed {
		p.closedMsg[i].SetText(note)
		showIf(n, note != "")
	}
	p.form.setOriginal(c)
	for _, update := range p.applyHooks {
		update()
	}
	p.deadlines.update()
	p.requests.update()
	p.analysis.update()
	p.family.update()
	p.timeline.update()
	p.ncmd.update()
	p.content.Refresh() // parts shown or hidden need laying out again
}

func showIf(o fyne.CanvasObject, visible bool) {
	if visible {
		o.Show()
	} else {
		o.Hide()
	}
}

// reload fetches the case file again and shows it; done, when set, is
// called after.
func (p *CasePage) reload(done func()) {
	p.act(func(context.Context) error { return nil }, func(err error) {
		if err != nil {
			p.ui.bar.Failed("Could not load the case: ", err)
		}
		if done != nil {
			done()
		}
	})
}

// act runs work in the background, reloads the case file, shows it, and
// calls done with work's error (or the reload's).
func (p *CasePage) act(work func(ctx context.Context) error, done func(err error)) {
	id := p.file.Case.ID
	flow := p.ui.flow
	p.ui.run.Do(func(ctx context.Context) func() {
		err := work(ctx)
		file, ferr := flow.CaseFile(ctx, id)
		settings, serr := flow.Settings(ctx)
		agencies, aerr := flow.Agencies(ctx)
		loadErr := ferr
		if loadErr == nil {
			loadErr = serr
		}
		if loadErr == nil {
			loadErr = aerr
		}
		return func() {
			if loadErr == nil {
				p.apply(file, settings, agencies)
			} else if err == nil {
				err = loadErr
			}
			done(err)
		}
	})
}

// selectTab shows the named tab.
func (p *CasePage) selectTab(name string) {
	for _, t := range p.tabs.Items {
		if t.Text == name {
			p.tabs.Select(t)
			return
		}
	}
}

// revealField scrolls the form's tab now shown so the field of column is in
// view, and puts the cursor in it. Fields the form does not edit (the
// analysis, agency reports) are left to their tab.
func (p *CasePage) revealField(column string) {
	fw, ok := p.form.byColumn[column]
	if !ok {
		return
	}
	p.form.openSectionOf(column)
	for _, s := range p.form.scrolls {
		if pos, ok := positionWithin(s.Content, fw.box); ok {
			// A little of what is above stays in view; the scroll keeps
			// the offset within its content.
			s.ScrollToOffset(fyne.NewPos(s.Offset.X, max(0, pos.Y-2*theme.Padding())))
			break
		}
	}
	if p.readOnly() {
		return
	}
	switch {
	case fw.focus != nil:
		p.ui.window.Canvas().Focus(fw.focus)
	case fw.choice != nil:
		p.ui.window.Canvas().Focus(fw.choice)
	}
}

// positionWithin finds target among root's containers and cards, and
// returns its position relative to root as last laid out.
func positionWithin(root, target fyne.CanvasObject) (fyne.Position, bool) {
	if root == target {
		return fyne.Position{}, true
	}
	var children []fyne.CanvasObject
	switch o := root.(type) {
	case *fyne.Container:
		children = o.Objects
	case *widget.Card:
		if o.Content != nil {
			children = []fyne.CanvasObject{o.Content}
		}
	}
	for _, c := range children {
		if pos, ok := positionWithin(c, target); ok {
			return c.Position().Add(pos), true
		}
	}
	return fyne.Position{}, false
}

func (p *CasePage) onMoveNext() {
	next, ok := p.file.Case.Stage.Next()
	if !ok {
		return
	}
	if p.Dirty() {
		p.ui.bar.Warn(fmt.Sprintf("Save or undo the changes on this case before moving it to %s: the move checks what is saved.", next.Label()))
		return
	}
	p.move(next, "")
}

func (p *CasePage) onMoveBack() {
	c := p.file.Case
	var earlier []string
	for i := cdop.StageIndex(c.Stage) - 1; i >= 0; i-- {
		earlier = append(earlier, cdop.Stages[i].Label)
	}
	if len(earlier) == 0 {
		return
	}
	d := newStageDialog("Move the case back", "Move back", earlier, "Why the case moves back (required)")
	d.OnSubmit = p.move
	d.Show(p.ui.window)
}

func (p *CasePage) onReopen() {
	var stages []string
	for i := cdop.StageIndex(cdop.StageClosed) - 1; i >= 0; i-- {
		stages = append(stages, cdop.Stages[i].Label)
	}
	d := newStageDialog("Reopen the closed case", "Reopen", stages, "Why the case is reopened (required)")
	d.OnSubmit = p.move
	d.Show(p.ui.window)
}

// move asks the flowchart to move the case and shows the outcome: on
// refusal, the guard's message saying what is missing.
func (p *CasePage) move(to cdop.Stage, reason string) {
	from := p.file.Case.Stage
	id := p.file.Case.ID
	p.moveNext.Disable()
	p.act(func(ctx context.Context) error {
		return p.ui.flow.MoveStage(ctx, id, to, reason)
	}, func(err error) {
		p.moveNext.Enable()
		if err != nil {
			var refusal *cdop.StageRefusal
			if errors.As(err, &refusal) {
				p.ui.bar.Error(refusalText(refusal), p.missingLinks(refusal.Missing)...)
			} else {
				p.ui.bar.Error(capitalise(userMessage(err)))
			}
			return
		}
		text := fmt.Sprintf("Moved from %s to %s.", from.Label(), to.Label())
		if reason != "" {
			text += " Reason: " + reason
		}
		p.ui.bar.Success(text)
	})
}

// missingLinks are buttons opening the tabs where what a refused move
// needs is entered, each at the first thing missing on it.
func (p *CasePage) missingLinks(missing []cdop.Requirement) []*widget.Button {
	var links []*widget.Button
	seen := map[string]bool{}
	for _, m := range missing {
		tab := tabForField(m.Field)
		if seen[tab] {
			continue
		}
		seen[tab] = true
		field := m.Field
		links = append(links, widget.NewButtonWithIcon("Open "+tab, theme.NavigateNextIcon(), func() {
			p.selectTab(tab)
			p.revealField(field)
		}))
	}
	return links
}

// refusalText says what a refused move needs, a line each, naming the
// analysis's missing parts as the Analysis tab labels them.
func refusalText(r *cdop.StageRefusal) string {
	lines := []string{fmt.Sprintf("Before %s the case needs:", r.To.Label())}
	for _, m := range r.Missing {
		text := m.Message
		if isAnalysisField(m.Field) {
			text = "the analysis: “" + fieldLabel(m.Field) + "” is required"
		}
		lines = append(lines, "- "+text)
	}
	return strings.Join(lines, "\n")
}

// friendlyRefusal words a refusal that lists what is needed (the Needs of a
// cdop.Error, e.g. a sign-off's) for the coordinator: each missing part of
// the analysis by the label the Analysis tab shows, without the list of
// codes; the other needs, and any other error, as userMessage has them.
func friendlyRefusal(err error) string {
	var e *cdop.Error
	if !errors.As(err, &e) || len(e.Needs) == 0 {
		return userMessage(err)
	}
	return e.Reword(func(r cdop.Requirement) string {
		switch r.Rule {
		case cdop.RuleCategoryRequired, cdop.RuleScoreRequired, cdop.RuleOutcomeRequired:
			if isAnalysisField(r.Field) {
				return "the analysis: “" + fieldLabel(r.Field) + "” is required"
			}
		}
		return r.Message
	})
}

// tabForField names the tab on which a field is entered: as the field
// registry places it; a requirement of no field is an agency report's.
func tabForField(field string) string {
	if field == "" {
		return tabRequests
	}
	switch tab := cdop.TabOf(field); tab {
	case cdop.TabDecisions, cdop.TabFamily, cdop.TabAnalysis:
		return tab
	}
	return tabDetails
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// lowLabel is an explanatory line: in italics, wrapped, in the normal
// colour (the theme's "low" colour is the disabled one, too faint to read).
func lowLabel(text string) *widget.Label {
	l := widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Italic: true})
	l.Wrapping = fyne.TextWrapWord
	return l
}

// hintLabel is a short explanatory note: wrapped, never cut short, so a
// narrow window shows it whole on more lines.
func hintLabel(text string) *widget.Label {
	l := widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Italic: true})
	l.Wrapping = fyne.TextWrapWord
	return l
}

// readOnly reports whether the case is closed, voided or transferred, so
// nothing may change.
func (p *CasePage) readOnly() bool { return cdop.RefuseReadOnly(p.file.Case) != nil }

// capitalise puts the first letter of a message in upper case.
func capitalise(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	return strings.ToUpper(string(r[0])) + string(r[1:])
}
