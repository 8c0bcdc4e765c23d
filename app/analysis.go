package app

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"casemanager/cdop"
)

// analysisTab edits the panel's analysis form of a case: for each domain its
// score and the factors found, the case's outcome, the categories of death,
// the cause of death, learning points and whether the criteria for a local
// child safeguarding practice review were met. As the analysis is edited a
// panel explains, in plain words, where it contradicts itself and what
// sign-off still needs; nothing is put right behind the user's back.
type analysisTab struct {
	p       *CasePage
	form    cdop.AnalysisForm
	content fyne.CanvasObject

	domains     []*domainEditor
	categories  []*widget.Check
	primary     int // the primary category: as recorded, or as proposed once a tick changes
	proposal    *widget.Label
	useProposal *widget.Button
	outcome     *widget.RadioGroup
	cause       *entry
	learning    *listEditor
	lcspr       *widget.RadioGroup
	signedOff   *widget.Label

	checks *fyne.Container   // the explanations of the checks panel
	side   *container.Scroll // the checks and sign-off, beside the form
	save   *widget.Button

	touched  bool // changed since loaded or saved
	loading  bool // widgets are being set from the case
	readOnly bool // a closed case
}

func newAnalysisTab(p *CasePage) *analysisTab {
	t := &analysisTab{p: p, form: cdop.NationalForm}
	var body []fyne.CanvasObject
	for i := range cdop.Domains {
		d := newDomainEditor(t, i)
		t.domains = append(t.domains, d)
		body = append(body, d.card)
	}

	t.outcome = widget.NewRadioGroup(cdop.ModifiableOutcomes.Labels(), func(string) { t.changed() })
	t.lcspr = widget.NewRadioGroup(cdop.YesNo.Labels(), func(string) { t.changed() })
	t.lcspr.Horizontal = true
	body = append(body, widget.NewCard("Outcome", "", container.NewGridWithColumns(2,
		labelledBox("Outcome for the case", container.NewVBox(labelled("Outcome for the case", t.outcome),
			lowLabel("A factor is modifiable when it may have contributed to the death and nationally or locally achievable interventions could change it."))),
		labelledBox("LCSPR criteria met", container.NewVBox(labelled("LCSPR criteria met", t.lcspr),
			lowLabel("Whether the criteria for a local child safeguarding practice review were met."))))))

	t.proposal = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	t.proposal.Wrapping = fyne.TextWrapWord
	t.useProposal = widget.NewButtonWithIcon("", theme.ConfirmIcon(), t.onUseProposal)
	t.useProposal.Hide()
	var ticks []fyne.CanvasObject
	for _, c := range t.form.Categories {
		// A long label's scope ("…, including medical/surgical
		// complications/error") goes under its tick, wrapped, so that the
		// columns of ticks fit a laptop's window.
		short, scope, long := strings.Cut(c.Label, ", including ")
		check := widget.NewCheck(c.Code+" – "+short, func(bool) { t.onCategoryTicked() })
		t.categories = append(t.categories, check)
		var tick fyne.CanvasObject = labelled(c.Code+" – "+c.Label, check)
		if long {
			tick = container.NewVBox(tick, lowLabel("including "+scope))
		}
		ticks = append(ticks, tick)
	}
	body = append(body, widget.NewCard("Category of death", "", container.NewVBox(
		lowLabel("Tick every category that applies. The hierarchy makes the lowest-numbered the primary category; the others are recorded too."),
		columnsFirst(2, ticks), container.NewBorder(nil, nil, nil, t.useProposal, t.proposal))))

	t.cause = newEntry()
	t.cause.SetPlaceHolder("As the panel understands it")
	t.cause.OnChanged = func(string) { t.changed() }
	t.learning = newListEditor("Add learning point", "A learning point", t.changed)
	body = append(body, widget.NewCard("Cause of death and learning", "", container.NewVBox(
		labelledBox("Cause of death as understood", t.cause),
		labelledBox("Learning points", t.learning.content))))

	t.signedOff = widget.NewLabel("")
	t.signedOff.Wrapping = fyne.TextWrapWord

	t.checks = container.NewVBox()
	checks := widget.NewCard("Checks", "", container.NewVBox(t.checks))
	t.save = widget.NewButtonWithIcon("Save analysis", theme.DocumentSaveIcon(), t.onSave)
	t.save.Importance = widget.HighImportance
	saveBar := container.NewBorder(nil, nil, nil, t.save)

	t.side = container.NewVScroll(container.NewVBox(checks, widget.NewCard("Sign-off", "", t.signedOff)))
	// The checks beside the form on a wide window, under it on a narrow one.
	form := container.NewVScroll(container.NewVBox(body...))
	t.content = container.NewBorder(p.closedNote(), saveBar, nil, nil,
		container.New(&besideOrBelow{sideWidth: 300, belowShare: 0.25}, form, t.side))
	return t
}

// columnsFirst lays objects out in n columns, filling each column before
// the next; each column is as wide as its widest object.
func columnsFirst(n int, objs []fyne.CanvasObject) fyne.CanvasObject {
	per := (len(objs) + n - 1) / n
	row := container.NewHBox()
	for i := 0; i < len(objs); i += per {
		if i > 0 {
			row.Add(widget.NewLabel(""))
		}
		row.Add(container.NewVBox(objs[i:min(i+per, len(objs))]...))
	}
	return row
}

// dirty reports whether the analysis holds changes not yet saved.
func (t *analysisTab) dirty() bool { return t.touched }

// update shows the case's analysis after the page loaded or reloaded it;
// unsaved edits are kept.
func (t *analysisTab) update() {
	c := t.p.file.Case
	t.setReadOnly(cdop.RefuseReadOnly(c) != nil)
	if !t.touched {
		t.load(&c.Analysis)
	}
	if on := c.Analysis.SignedOffOn; !on.IsZero() {
		t.signedOff.Importance = widget.SuccessImportance
		t.signedOff.SetText(fmt.Sprintf("Signed off by the panel on %s.", on.Display()))
	} else {
		t.signedOff.Importance = widget.MediumImportance
		t.signedOff.SetText("Not signed off yet. A CDOP panel meeting signs the analysis off: put the case on a panel meeting's agenda (Meetings), agree the analysis there and sign it off.")
	}
	t.refreshChecks()
}

// load shows an analysis in the widgets.
func (t *analysisTab) load(a *cdop.Analysis) {
	t.loading = true
	defer func() { t.loading = false }()
	for _, d := range t.domains {
		d.load(a)
	}
	ticked := append([]int{a.Category}, a.ContributingCategories...)
	for i, check := range t.categories {
		check.SetChecked(slices.Contains(ticked, i+1))
	}
	t.primary = a.Category
	t.outcome.SetSelected(cdop.ModifiableOutcomes.Label(a.Modifiable))
	t.lcspr.SetSelected(cdop.YesNo.Label(a.LCSPRCriteriaMet))
	t.cause.SetText(a.CauseOfDeath)
	t.learning.setItems(a.Learning)
	t.showProposal()
}

// setReadOnly disables every editor of a closed case.
func (t *analysisTab) setReadOnly(ro bool) {
	t.readOnly = ro
	var editors []fyne.Disableable
	for _, d := range t.domains {
		editors = append(editors, d.editors()...)
	}
	for _, c := range t.categories {
		editors = append(editors, c)
	}
	editors = append(editors, t.outcome, t.lcspr, t.cause, t.useProposal)
	for _, e := range editors {
		if ro {
			e.Disable()
		} else {
			e.Enable()
		}
	}
	for _, d := range t.domains {
		showIf(d.add, !ro)
		for _, r := range d.rows {
			r.refresh()
		}
	}
	t.learning.setDisabled(ro)
	showIf(t.save, !ro)
}

// changed records an edit and checks the analysis again.
func (t *analysisTab) changed() {
	if t.loading {
		return
	}
	t.touched = true
	t.refreshChecks()
}

// ticked returns the categories ticked, by number.
func (t *analysisTab) ticked() []int {
	var out []int
	for i, c := range t.categories {
		if c.Checked {
			out = append(out, i+1)
		}
	}
	return out
}

func (t *analysisTab) onCategoryTicked() {
	if t.loading {
		return
	}
	t.primary, _ = cdop.ProposeCategory(t.ticked())
	t.showProposal()
	t.changed()
}

func (t *analysisTab) onUseProposal() {
	t.primary, _ = cdop.ProposeCategory(t.ticked())
	t.showProposal()
	t.changed()
}

// showProposal says which category is primary and which are also recorded.
func (t *analysisTab) showProposal() {
	ticked := t.ticked()
	proposed, _ := cdop.ProposeCategory(ticked)
	t.useProposal.Hide()
	if len(ticked) == 0 {
		t.proposal.TextStyle.Bold = false
		t.proposal.SetText("No category ticked yet.")
		return
	}
	t.proposal.TextStyle.Bold = true
	t.proposal.SetText(categorySummary(t.primary, t.contributing(ticked)))
	if t.primary != proposed {
		t.useProposal.SetText(fmt.Sprintf("Make %d the primary", proposed))
		t.useProposal.Show()
	}
}

// contributing returns the ticked categories other than the primary, in order.
func (t *analysisTab) contributing(ticked []int) []int {
	var out []int
	for _, c := range ticked {
		if c != t.primary {
			out = append(out, c)
		}
	}
	return out
}

// categorySummary reads e.g. "Primary: 8 Perinatal/neonatal event; also recorded: 9".
func categorySummary(primary int, contributing []int) string {
	text := "Primary: not chosen"
	if primary > 0 {
		text = fmt.Sprintf("Primary: %d %s", primary, cdop.Categories.Label(fmt.Sprint(primary)))
	}
	if len(contributing) > 0 {
		nums := make([]string, len(contributing))
		for i, c := range contributing {
			nums[i] = fmt.Sprint(c)
		}
		text += "; also recorded: " + strings.Join(nums, ", ")
	}
	return text
}

// read returns the analysis the widgets describe (without its sign-off
// date), and the problems that stop it being saved as it stands.
func (t *analysisTab) read() (cdop.Analysis, []string) {
	var a cdop.Analysis
	var problems []string
	for i, d := range t.domains {
		entry, details, p := d.read()
		a.Domains[i] = entry
		a.FactorDetails = append(a.FactorDetails, details...)
		problems = append(problems, p...)
	}
	ticked := t.ticked()
	if slices.Contains(ticked, t.primary) {
		a.Category = t.primary
	}
	a.ContributingCategories = t.contributing(ticked)
	a.Modifiable = cdop.ModifiableOutcomes.CodeForLabel(t.outcome.Selected)
	a.LCSPRCriteriaMet = cdop.YesNo.CodeForLabel(t.lcspr.Selected)
	a.CauseOfDeath = strings.TrimSpace(t.cause.Text)
	a.Learning = t.learning.items()
	for _, l := range a.Learning {
		if strings.Contains(l, "|") {
			problems = append(problems, fmt.Sprintf("The learning point “%s” holds “|”, which the case file uses to separate learning points: use another character.", l))
		}
	}
	return a, problems
}

// refreshChecks explains every problem of the analysis as it stands.
func (t *analysisTab) refreshChecks() {
	a, local := t.read()
	var lines []fyne.CanvasObject
	problems := append([]string(nil), local...)
	for _, is := range a.Inconsistencies(t.form) {
		problems = append(problems, explainConsistency(is))
	}
	if len(problems) == 0 {
		lines = append(lines, checkLine(theme.NewSuccessThemedResource(theme.ConfirmIcon()),
			"Consistent: the scores, factors and outcome agree.", widget.SuccessImportance))
	} else {
		lines = append(lines, checkLine(theme.NewErrorThemedResource(theme.ErrorIcon()),
			fmt.Sprintf("%s to put right before sign-off:", inconsistencies(len(problems))), widget.DangerImportance))
		for _, p := range problems {
			lines = append(lines, checkLine(theme.NewWarningThemedResource(theme.WarningIcon()), p, widget.MediumImportance))
		}
	}
	lines = append(lines, widget.NewSeparator())
	if missing := missingForSignOff(&a); len(missing) == 0 {
		lines = append(lines, checkLine(theme.NewSuccessThemedResource(theme.ConfirmIcon()),
			"Complete: category, the four scores and the outcome are recorded.", widget.SuccessImportance))
	} else {
		lines = append(lines, checkLine(theme.NewWarningThemedResource(theme.InfoIcon()),
			"Still to record before sign-off:\n• "+strings.Join(missing, "\n• "), widget.MediumImportance))
	}
	t.checks.Objects = lines
	t.checks.Refresh()
	if t.side != nil {
		t.side.Refresh() // wrapped lines change height: lay the panel out again
	}
}

func inconsistencies(n int) string {
	if n == 1 {
		return "1 inconsistency"
	}
	return thousands(n) + " inconsistencies"
}

// checkLine is one explanation of the checks panel, with an icon.
func checkLine(icon fyne.Resource, text string, imp widget.Importance) fyne.CanvasObject {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	l.Importance = imp
	l.TextStyle.Bold = imp == widget.DangerImportance
	return container.NewBorder(nil, nil, container.NewVBox(widget.NewIcon(icon)), nil, l)
}

// missingForSignOff lists, in words, what a panel needs recorded before it
// can sign the analysis off (the domain's Analysis.Missing).
func missingForSignOff(a *cdop.Analysis) []string {
	var out []string
	for _, is := range a.Missing() {
		switch is.Rule {
		case cdop.RuleCategoryRequired:
			out = append(out, "the category of death (tick at least one)")
		case cdop.RuleScoreRequired:
			out = append(out, "the score of domain "+domainLetter(is.Domain))
		case cdop.RuleOutcomeRequired:
			out = append(out, "the outcome for the case")
		}
	}
	return out
}

// domainLetter returns the letter of a domain (0–3) as the form shows it, "A".
func domainLetter(domain int) string {
	if domain < 0 || domain >= len(cdop.Domains) {
		return ""
	}
	return strings.ToUpper(cdop.Domains[domain].Code)
}

// explainConsistency puts a consistency problem in plain words with what to
// do about it, chosen by the rule it breaks.
func explainConsistency(is cdop.AnalysisIssue) string {
	msg := capitalise(curlyQuotes(is.Message)) + "."
	letter := domainLetter(is.Domain)
	var hint string
	switch is.Rule {
	case cdop.RuleModifiableNeedsContributory:
		hint = fmt.Sprintf("Score domain %s “may have contributed”, or untick “Modifiable” on its factors.", letter)
	case cdop.RuleUnlikelyNotModifiable:
		hint = "Change how much it contributed, or untick “Modifiable”."
	case cdop.RuleContributoryNeedsFactor:
		hint = fmt.Sprintf("Add the factors found in domain %s, or change its score.", letter)
	case cdop.RuleIdentifiedNeedsModifiable:
		hint = "Tick “Modifiable” on the factors that are, or choose another outcome."
	case cdop.RuleNoneButModifiable:
		hint = "Choose “Modifiable factors identified”, or untick “Modifiable” on the factors."
	case cdop.RulePrimaryFirst:
		hint = "Use “Make … the primary” under the categories."
	}
	if hint != "" {
		msg += " " + hint
	}
	return msg
}

// curlyQuotes turns the straight double quotes of a domain message into
// typographic ones.
func curlyQuotes(s string) string {
	var b strings.Builder
	open := true
	for _, r := range s {
		if r == '"' {
			if open {
				b.WriteRune('“')
			} else {
				b.WriteRune('”')
			}
			open = !open
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// setStatus reports an action's outcome in the message bar.
func (t *analysisTab) setStatus(text string, imp widget.Importance) { t.p.ui.bar.Report(text, imp) }

// onSave stores the analysis with the case: the domains' factors, the
// modifiable ones among them and each factor's code and contribution kept
// in step.
func (t *analysisTab) onSave() { t.saveThen(nil) }

// saveThen saves the analysis, then runs done (when set); a refused save
// runs nothing.
func (t *analysisTab) saveThen(done func()) {
	if t.readOnly {
		return
	}
	a, problems := t.read()
	if len(problems) > 0 {
		t.setStatus("Not saved: "+strings.Join(problems, " "), widget.DangerImportance)
		return
	}
	c := t.p.file.Case.Clone()
	a.SignedOffOn = c.Analysis.SignedOffOn
	c.Analysis = a
	if err := c.ValidateOn(t.p.ui.today()); err != nil {
		t.setStatus("Not saved: "+analysisErrorText(err), widget.DangerImportance)
		return
	}
	t.save.Disable()
	t.setStatus("Saving…", widget.MediumImportance)
	loaded := t.p.file.Case
	t.p.ui.run.Do(func(ctx context.Context) func() {
		err := t.p.ui.cases.UpdateCase(ctx, c)
		return func() {
			t.save.Enable()
			if isStaleCopy(err) {
				t.onConflict(err, loaded)
				return
			}
			if err != nil {
				t.setStatus("Not saved: "+analysisErrorText(err), widget.DangerImportance)
				return
			}
			t.touched = false
			t.setStatus(fmt.Sprintf("Saved the analysis of %s at %s.", c.Ref, t.p.ui.clock.Now().Format("15:04")), widget.SuccessImportance)
			t.p.reload(nil)
			if done != nil {
				done()
			}
		}
	})
}

// analysisErrorText is a refused save's reason, each problem of the
// analysis named as the tab labels its field.
func analysisErrorText(err error) string {
	v, ok := cdop.AsValidationErrors(err)
	if !ok {
		return userMessage(err)
	}
	lines := make([]string, len(v))
	for i, e := range v {
		msg := curlyQuotes(problemSentence(e)) + "."
		if tab := cdop.TabOf(e.Field); tab != "" && tab != cdop.TabAnalysis {
			msg += " (" + tab + ")"
		}
		lines[i] = msg
	}
	return strings.Join(lines, " ")
}

// addToCatalogue adds a typed factor to the factor catalogue.
func (t *analysisTab) addToCatalogue(r *factorRow) {
	e := &cdop.FactorCatalogueEntry{Domain: cdop.Domains[r.d.index].Code, Text: factorText(r.text.Text)}
	if e.Text == "" {
		return
	}
	r.addToCatalogue.Disable()
	u := t.p.ui
	u.run.Do(func(ctx context.Context) func() {
		err := u.meetings.AddCatalogueFactor(ctx, e)
		var catalogue []cdop.FactorCatalogueEntry
		if err == nil {
			catalogue, err = u.meetings.FactorCatalogue(ctx)
		}
		return func() {
			r.addToCatalogue.Enable()
			if err != nil {
				t.setStatus("Not added to the catalogue: "+userMessage(err), widget.DangerImportance)
				return
			}
			t.p.catalogue = catalogue
			for _, d := range t.domains {
				for _, row := range d.rows {
					row.refresh()
				}
			}
			t.setStatus(fmt.Sprintf("Added “%s” to the factor catalogue as %s. Save the analysis to record the code on this case.", e.Text, e.Code),
				widget.SuccessImportance)
			t.refreshChecks()
		}
	})
}

// catalogueFor returns the catalogue's factors of a domain (by index).
func (t *analysisTab) catalogueFor(domain int) []cdop.FactorCatalogueEntry {
	code := cdop.Domains[domain].Code
	var out []cdop.FactorCatalogueEntry
	for _, e := range t.p.catalogue {
		if e.Domain == code {
			out = append(out, e)
		}
	}
	return out
}

// catalogueEntry returns the catalogue's factor of a domain with a text
// (ignoring case), if any.
func (t *analysisTab) catalogueEntry(domain int, text string) (cdop.FactorCatalogueEntry, bool) {
	for _, e := range t.catalogueFor(domain) {
		if strings.EqualFold(e.Text, text) {
			return e, true
		}
	}
	return cdop.FactorCatalogueEntry{}, false
}

// factorText is a factor as typed, with its spaces tidied.
func factorText(s string) string { return strings.Join(strings.Fields(s), " ") }

// domainEditor is one domain's card: its score and the factors found.
type domainEditor struct {
	t     *analysisTab
	index int
	card  *widget.Card // its first line is the domain's title, "Domain B · Factors in…"
	score *widget.RadioGroup
	rows  []*factorRow
	list  *fyne.Container
	add   *widget.Button
	// scores maps the radio's labels to the scale's values.
	scores map[string]int
}

var factorWidths = []float32{0, 60, 205, 118, 40}

func newDomainEditor(t *analysisTab, i int) *domainEditor {
	d := &domainEditor{t: t, index: i, list: container.NewVBox(), scores: map[string]int{}}
	var options []string
	for _, l := range t.form.Scale {
		label := l.Code + " – " + l.Label
		d.scores[label] = l.Value
		options = append(options, label)
	}
	d.score = widget.NewRadioGroup(options, func(string) { t.changed() })
	d.add = widget.NewButtonWithIcon("Add factor", theme.ContentAddIcon(), func() {
		r := d.addRow("", "", false)
		d.layoutRows()
		t.p.ui.window.Canvas().Focus(r.text)
		t.changed()
	})
	d.add.Importance = widget.LowImportance
	letter := strings.ToUpper(cdop.Domains[i].Code)
	d.card = widget.NewCard("", "", container.NewVBox(
		heading("Domain "+letter+" · "+cdop.Domains[i].Label),
		sectionTitle("Score"), labelled("Domain "+letter+" score", d.score),
		sectionTitle("Factors found"), d.list, container.NewHBox(d.add),
	))
	return d
}

// scoreLabel returns the radio's label of a score, or "" for none.
func (d *domainEditor) scoreLabel(score *int) string {
	if score == nil {
		return ""
	}
	for label, v := range d.scores {
		if v == *score {
			return label
		}
	}
	return ""
}

func (d *domainEditor) load(a *cdop.Analysis) {
	entry := a.Domains[d.index]
	d.score.SetSelected(d.scoreLabel(entry.Score))
	d.rows = nil
	for _, f := range entry.Factors {
		det := a.Detail(d.index, f)
		r := d.addRow(f, det.Contribution, a.IsModifiable(d.index, f))
		r.loadedText, r.loadedCode = f, det.Code
	}
	d.layoutRows()
}

// layoutRows shows the factor rows under a header, or says there are none.
func (d *domainEditor) layoutRows() {
	if len(d.rows) == 0 {
		d.list.Objects = []fyne.CanvasObject{hintLabel("No factors recorded.")}
	} else {
		objs := []fyne.CanvasObject{headerRow(factorWidths, "Factor (pick from the catalogue or type)", "Code", "Contribution", "Modifiable", "")}
		for _, r := range d.rows {
			objs = append(objs, r.box)
		}
		d.list.Objects = objs
	}
	d.list.Refresh()
}

func (d *domainEditor) editors() []fyne.Disableable {
	out := []fyne.Disableable{d.score, d.add}
	for _, r := range d.rows {
		out = append(out, r.text, r.contribution, r.modifiable, r.remove, r.addToCatalogue)
	}
	return out
}

// read returns the domain's entry, the details of its factors and the
// problems that stop it being saved.
func (d *domainEditor) read() (cdop.DomainEntry, []cdop.FactorDetail, []string) {
	var entry cdop.DomainEntry
	if v, ok := d.scores[d.score.Selected]; ok {
		entry.Score = cdop.ScoreOf(v)
	}
	letter := strings.ToUpper(cdop.Domains[d.index].Code)
	var details []cdop.FactorDetail
	var problems []string
	for _, r := range d.rows {
		text := factorText(r.text.Text)
		if text == "" {
			continue
		}
		if slices.ContainsFunc(entry.Factors, func(f string) bool { return strings.EqualFold(f, text) }) {
			problems = append(problems, fmt.Sprintf("Domain %s lists “%s” twice: remove one.", letter, text))
			continue
		}
		if strings.Contains(text, "|") {
			problems = append(problems, fmt.Sprintf("The factor “%s” holds “|”, which the case file uses to separate factors: use another character.", text))
		}
		entry.Factors = append(entry.Factors, text)
		if r.modifiable.Checked {
			entry.Modifiable = append(entry.Modifiable, text)
		}
		det := cdop.FactorDetail{Domain: cdop.Domains[d.index].Code, Factor: text,
			Contribution: cdop.Contributions.CodeForLabel(r.contribution.Selected)}
		if e, ok := d.t.catalogueEntry(d.index, text); ok {
			det.Code = e.Code
		} else if text == r.loadedText {
			det.Code = r.loadedCode // coded where the catalogue no longer has the text
		}
		if det.Code != "" || det.Contribution != "" {
			details = append(details, det)
		}
	}
	return entry, details, problems
}

// factorRow is one factor of a domain: its text, picked from the
// catalogue or typed, its catalogue code, how much it contributed and
// whether it is modifiable.
type factorRow struct {
	d              *domainEditor
	text           *selectEntry
	code           *widget.Label
	contribution   *widget.Select
	modifiable     *widget.Check
	remove         *widget.Button
	typed          *fyne.Container // "not in the catalogue", with Add to catalogue
	typedHint      *widget.Label
	addToCatalogue *widget.Button
	suggestions    *fyne.Container // the catalogue's factors matching what is typed, to pick
	box            *fyne.Container

	loadedText, loadedCode string // as stored, for a code the catalogue no longer holds
}

// addRow adds a factor row; the code it shows is the catalogue's for its text.
func (d *domainEditor) addRow(text, contribution string, modifiable bool) *factorRow {
	t := d.t
	r := &factorRow{d: d}
	r.text = newSelectEntry(nil)
	r.text.SetPlaceHolder("Type to search the catalogue, or type a new factor")
	r.text.SetText(text)
	r.text.OnChanged = func(string) {
		r.refresh()
		t.changed()
	}
	r.code = cell("")
	r.contribution = widget.NewSelect(cdop.Contributions.Labels(), func(string) { t.changed() })
	r.contribution.PlaceHolder = "Contribution"
	if contribution != "" {
		r.contribution.SetSelected(cdop.Contributions.Label(contribution))
	}
	r.modifiable = widget.NewCheck("Modifiable", func(bool) { t.changed() })
	r.modifiable.SetChecked(modifiable)
	r.remove = widget.NewButtonWithIcon("", theme.DeleteIcon(), func() { d.removeRow(r) })
	r.remove.Importance = widget.LowImportance
	r.addToCatalogue = widget.NewButtonWithIcon("Add to catalogue", theme.ContentAddIcon(), func() { t.addToCatalogue(r) })
	r.addToCatalogue.Importance = widget.LowImportance
	r.typedHint = hintLabel("")
	r.typed = container.NewBorder(nil, nil, nil, container.NewHBox(r.addToCatalogue, widget.NewLabel("")), r.typedHint)
	if t.readOnly {
		for _, w := range []fyne.Disableable{r.text, r.contribution, r.modifiable, r.remove, r.addToCatalogue} {
			w.Disable()
		}
	}
	r.suggestions = container.NewVBox()
	r.box = container.NewVBox(gridRow(factorWidths, labelled("Factor", r.text), r.code, labelled("Contribution", r.contribution),
		labelled("Modifiable", r.modifiable), labelled("Remove the factor", r.remove)), r.suggestions, r.typed)
	r.refresh()
	d.rows = append(d.rows, r)
	return r
}

// refresh shows the row's catalogue code, offers the catalogue's factors
// matching what is typed, and offers to add a typed factor to the catalogue.
func (r *factorRow) refresh() {
	t, i := r.d.t, r.d.index
	text := factorText(r.text.Text)
	entries := t.catalogueFor(i)
	e, known := t.catalogueEntry(i, text)
	var options []string
	if text != "" && !known {
		folded := cdop.FoldName(text)
		for _, c := range entries {
			if strings.Contains(cdop.FoldName(c.Text), folded) {
				options = append(options, c.Text)
			}
		}
	}
	switch n := len(options); {
	case n == 1:
		r.typedHint.SetText("Typed. 1 catalogue factor matches: pick it above, or keep what you typed.")
	case n > 1:
		r.typedHint.SetText(fmt.Sprintf("Typed. %s catalogue factors match: pick one above (or from the list ▾), or keep what you typed.", thousands(n)))
	default:
		r.typedHint.SetText("Typed: not in the factor catalogue.")
	}
	r.suggest(options)
	if len(options) == 0 {
		for _, c := range entries {
			options = append(options, c.Text)
		}
	}
	r.text.SetOptions(options)
	switch {
	case known:
		r.code.SetText(e.Code)
		r.typed.Hide()
	case text == r.loadedText && r.loadedCode != "":
		r.code.SetText(r.loadedCode)
		r.typed.Hide()
	case text == "":
		r.code.SetText("")
		r.typed.Hide()
	default:
		r.code.SetText("–")
		showIf(r.typed, !t.readOnly)
	}
}

// maxSuggestions is how many matching catalogue factors show under a
// factor as it is typed.
const maxSuggestions = 4

// suggest shows, under the factor being typed, the catalogue's factors
// that match it, each a button that puts it in the box: the suggestions
// come as the coordinator types, without opening the list.
func (r *factorRow) suggest(matching []string) {
	r.suggestions.Objects = nil
	if !r.d.t.readOnly {
		for _, text := range matching[:min(len(matching), maxSuggestions)] {
			b := widget.NewButtonWithIcon(text, theme.ConfirmIcon(), func() { r.text.SetText(text) })
			b.Importance = widget.LowImportance
			b.Alignment = widget.ButtonAlignLeading
			r.suggestions.Add(b)
		}
	}
	r.suggestions.Refresh()
}

func (d *domainEditor) removeRow(r *factorRow) {
	d.rows = slices.DeleteFunc(d.rows, func(x *factorRow) bool { return x == r })
	d.layoutRows()
	d.t.changed()
}

// listEditor edits a list of short texts, one entry a line, with buttons
// to add and remove lines.
type listEditor struct {
	content     *fyne.Container
	rows        *fyne.Container
	entries     []*entry
	add         *widget.Button
	placeholder string
	changed     func()
	disabled    bool
}

func newListEditor(addText, placeholder string, changed func()) *listEditor {
	l := &listEditor{rows: container.NewVBox(), placeholder: placeholder, changed: changed}
	l.add = widget.NewButtonWithIcon(addText, theme.ContentAddIcon(), func() {
		e := l.addEntry("")
		l.layout()
		if c := fyne.CurrentApp().Driver().CanvasForObject(l.content); c != nil {
			c.Focus(e)
		}
		l.changed()
	})
	l.add.Importance = widget.LowImportance
	l.content = container.NewVBox(l.rows, container.NewHBox(l.add))
	return l
}

func (l *listEditor) addEntry(text string) *entry {
	e := newEntry()
	e.SetPlaceHolder(l.placeholder)
	e.SetText(text)
	e.OnChanged = func(string) { l.changed() }
	if l.disabled {
		e.Disable()
	}
	l.entries = append(l.entries, e)
	return e
}

func (l *listEditor) layout() {
	objs := make([]fyne.CanvasObject, len(l.entries))
	for i, e := range l.entries {
		e := e
		remove := widget.NewButtonWithIcon("", theme.DeleteIcon(), func() {
			l.entries = slices.DeleteFunc(l.entries, func(x *entry) bool { return x == e })
			l.layout()
			l.changed()
		})
		remove.Importance = widget.LowImportance
		if l.disabled {
			remove.Disable()
		}
		objs[i] = container.NewBorder(nil, nil, nil, labelled("Remove: "+l.placeholder, remove), labelled(l.placeholder, e))
	}
	l.rows.Objects = objs
	l.rows.Refresh()
}

// setItems shows the items, one a line.
func (l *listEditor) setItems(items []string) {
	l.entries = nil
	for _, it := range items {
		l.addEntry(it)
	}
	l.layout()
}

// items returns the non-blank lines, trimmed.
func (l *listEditor) items() []string {
	var out []string
	for _, e := range l.entries {
		if s := strings.TrimSpace(e.Text); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// setDisabled makes the list read-only, or editable again.
func (l *listEditor) setDisabled(disabled bool) {
	l.disabled = disabled
	for _, e := range l.entries {
		if disabled {
			e.Disable()
		} else {
			e.Enable()
		}
	}
	showIf(l.add, !disabled)
	l.layout()
}
