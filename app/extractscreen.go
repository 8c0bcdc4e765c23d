package app

import (
	"context"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"casemanager/cdop"
	"casemanager/extract"
	"casemanager/outfile"
)

// previewRows is how many of an extract's rows the preview shows.
const previewRows = 20

// ExtractScreen makes the anonymised dataset extract a data lead shares
// for analysis: the period and k are chosen, Preview makes the extract
// into a private temporary file and shows its risk summary and first rows,
// and "Save extract…" saves it with its manifest beside it and records it
// in the audit log, as `cdop extract` does.
type ExtractScreen struct {
	ui      *UI
	content fyne.CanvasObject

	period     *periodPicker
	k          *entry
	l          *entry
	unlinkable *widget.Check
	preview    *widget.Button
	save       *widget.Button
	status     *widget.Label

	results *fyne.Container // the placeholder, or the risk summary and rows
	facts   *fyne.Container
	columns *fyne.Container
	table   *widget.Table
	header  []string
	rows    [][]string

	draft  *extract.Draft
	made   extractRequest // what the draft was made with
	closed bool           // the screen was left: a draft arriving now is discarded
}

// extractRequest is what the data lead asks for.
type extractRequest struct {
	from, to   cdop.Date
	k, l       int
	unlinkable bool
}

// ShowExtract shows the dataset extract screen.
func (u *UI) ShowExtract() {
	if !u.guard(cdop.ActExtract) {
		return
	}
	u.nav.Go(func() {
		u.highlight(navExtract)
		s := newExtractScreen(u)
		u.nav.show(s.content, s)
	})
}

func newExtractScreen(u *UI) *ExtractScreen {
	s := &ExtractScreen{ui: u}
	s.period = newPeriodPicker(u.today(), true, s.onChanged)
	s.k = newEntry()
	s.k.SetText(strconv.Itoa(extract.DefaultK))
	s.k.Validator = func(text string) error { _, err := readK(text); return err }
	s.k.OnChanged = func(string) { s.onChanged() }
	s.l = newEntry()
	s.l.SetText(strconv.Itoa(extract.DefaultL))
	s.l.Validator = func(text string) error { _, err := readL(text); return err }
	s.l.OnChanged = func(string) { s.onChanged() }
	s.unlinkable = widget.NewCheck("Unlinkable", func(bool) { s.onChanged() })
	s.preview = widget.NewButtonWithIcon("Preview", theme.VisibilityIcon(), s.onPreview)
	s.preview.Importance = widget.HighImportance
	s.save = widget.NewButtonWithIcon("Save extract…", theme.DocumentSaveIcon(), s.onSave)
	s.save.Importance = widget.HighImportance
	s.save.Disable()
	s.status = widget.NewLabel("")
	s.status.Wrapping = fyne.TextWrapWord

	quick, from, to := s.period.fields()
	options := widget.NewCard("", "", container.NewVBox(
		gridRow([]float32{300, 170, 170, 70, 70, 0}, quick, from, to, labelledBox("k", s.k), labelledBox("l", s.l),
			container.NewVBox(widget.NewLabel(""), container.NewBorder(nil, nil, labelled(s.unlinkable.Text, s.unlinkable), s.preview))),
		lowLabel("Deaths are chosen by their date. k: every row shares every quasi-identifier (period, age band, sex, ethnic group, deprivation, area, place, expected, JAR, category) with at least k−1 others. l: every such group holds at least l different modifiable outcomes. Unlinkable: pseudonyms from a one-off key and only the quasi-identifiers and the outcome, so this extract cannot be linked to any other."),
	))

	s.facts = container.NewVBox()
	s.columns = container.NewVBox()
	s.table = &widget.Table{
		Length:        func() (int, int) { return len(s.rows), len(s.header) },
		CreateCell:    func() fyne.CanvasObject { return cell("") },
		UpdateCell:    s.updateCell,
		ShowHeaderRow: true,
	}
	s.table.ExtendBaseWidget(s.table)
	s.table.CreateHeader, s.table.UpdateHeader = boldHeader(func() int { return len(s.header) }, func(col int) string { return s.header[col] })
	s.results = container.NewStack()
	s.showPlaceholder()

	top := container.NewVBox(heading("Dataset extract"),
		lowLabel("An anonymised extract of the deaths in a period for analysis outside the case manager, one row per death: pseudonyms instead of references, age bands instead of dates of birth, years and day counts instead of dates, no names, addresses or typed text. A manifest beside the CSV says how it was protected."),
		options)
	bottom := container.NewBorder(nil, nil, nil, container.NewVBox(s.save), s.status)
	s.content = container.NewBorder(top, bottom, nil, nil, s.results)
	if u.extracts == nil {
		s.preview.Disable()
		s.setStatus("Extracts are not set up in this installation.", widget.DangerImportance)
	}
	return s
}

// showPlaceholder says what Preview does, in place of the results.
func (s *ExtractScreen) showPlaceholder() {
	s.results.Objects = []fyne.CanvasObject{container.NewVBox(lowLabel(
		"Choose the period, k and l, then Preview: the extract is made into a private temporary file, and its risk summary (rows, the k and l achieved, what was generalised or suppressed in each column and the information it lost) and its first rows appear here. Nothing is shared or recorded until you save it."))}
	s.results.Refresh()
}

// readK reads the k typed.
func readK(text string) (int, error) {
	k, err := strconv.Atoi(strings.TrimSpace(text))
	if err != nil || k < 2 {
		return 0, userErrorf("k: type a whole number, 2 or more (%d is usual)", extract.DefaultK)
	}
	return k, nil
}

// readL reads the l typed.
func readL(text string) (int, error) {
	l, err := strconv.Atoi(strings.TrimSpace(text))
	if err != nil || l < 1 || l > 4 {
		return 0, userErrorf("l: type a whole number from 1 (no l-diversity) to 4 (%d is usual)", extract.DefaultL)
	}
	return l, nil
}

// read returns what the data lead asks for, or what is wrong with it.
func (s *ExtractScreen) read() (extractRequest, error) {
	from, to, err := s.period.period()
	if err != nil {
		return extractRequest{}, err
	}
	k, err := readK(s.k.Text)
	if err != nil {
		return extractRequest{}, err
	}
	l, err := readL(s.l.Text)
	if err != nil {
		return extractRequest{}, err
	}
	return extractRequest{from: from, to: to, k: k, l: l, unlinkable: s.unlinkable.Checked}, nil
}

// onChanged notes that what is asked for no longer matches the preview.
func (s *ExtractScreen) onChanged() {
	req, err := s.read()
	switch {
	case err != nil:
		s.setStatus(capitalise(userMessage(err))+".", widget.DangerImportance)
		s.save.Disable()
	case s.draft != nil && req != s.made:
		s.setStatus("The choices above have changed since the preview: preview again to save an extract made with them.", widget.WarningImportance)
		s.save.Disable()
	case s.draft != nil:
		s.setStatus(s.readyText(), widget.MediumImportance)
		s.save.Enable()
	default:
		s.setStatus("", widget.MediumImportance)
	}
}

func (s *ExtractScreen) readyText() string {
	return fmt.Sprintf("Preview of %s. Check the risk summary and the rows, then save the extract.", plural(s.draft.Manifest.Rows, "row"))
}

// onPreview makes the extract into a draft and shows its risk summary and first rows.
func (s *ExtractScreen) onPreview() {
	req, err := s.read()
	if err != nil {
		s.setStatus(capitalise(userMessage(err))+".", widget.DangerImportance)
		return
	}
	s.discard()
	s.save.Disable()
	s.showPlaceholder()
	u := s.ui
	working := "Making the extract of the deaths " + periodPhrase(req.from, req.to) + "…"
	u.withProgress("Preview the extract", working, true, func(ctx context.Context, p *progress) func() {
		opts := extract.Options{From: req.from, To: req.to, K: req.k, L: req.l, Unlinkable: req.unlinkable, Register: u.outputs.Register,
			Progress: func(done, total int) {
				if total == 0 {
					p.set(fmt.Sprintf("Reading the cases: %s so far…", thousands(done)), done, 0)
				} else {
					p.set(fmt.Sprintf("Writing the rows: %s of %s…", thousands(done), thousands(total)), done, total)
				}
			}}
		d, err := u.extracts.Draft(ctx, opts)
		var header []string
		var rows [][]string
		if err == nil {
			if header, rows, err = d.Head(previewRows); err != nil {
				d.Discard()
			}
		}
		cancelled := err != nil && ctx.Err() != nil
		return func() {
			switch {
			case cancelled:
				s.setStatus("Preview cancelled: nothing was made.", widget.WarningImportance)
			case err != nil:
				s.setStatus("No extract: "+userMessage(err), widget.DangerImportance)
			case s.closed:
				d.Discard()
			default:
				s.draft, s.made = d, req
				s.showResults(d.Manifest, header, rows)
				s.onChanged()
			}
		}
	})
}

// periodPhrase says a period after "the deaths", e.g. "from 1 Apr 2025 to 31 Mar 2026".
func periodPhrase(from, to cdop.Date) string {
	switch {
	case from.IsZero() && to.IsZero():
		return "on record"
	case from.IsZero() || to.IsZero():
		return describePeriod(from, to)
	}
	return "from " + describePeriod(from, to)
}

// showResults shows a draft's risk summary and first rows.
func (s *ExtractScreen) showResults(m *extract.Manifest, header []string, rows [][]string) {
	s.header, s.rows = header, rows
	for i, h := range header {
		chars := len([]rune(h))
		for _, r := range rows {
			if i < len(r) {
				chars = max(chars, len([]rune(r[i])))
			}
		}
		s.table.SetColumnWidth(i, min(260, max(70, float32(chars)*9+28)))
	}
	s.table.Refresh()
	s.table.ScrollToTop()
	s.table.ScrollToLeading()

	s.facts.Objects = []fyne.CanvasObject{factList(riskFacts(m))}
	s.facts.Refresh()
	s.columns.Objects = []fyne.CanvasObject{columnRisks(m)}
	s.columns.Refresh()

	shown := fmt.Sprintf("The first %s of %s, in pseudonym order", plural(len(rows), "row"), thousands(m.Rows))
	if len(rows) == 0 {
		shown = "No rows: no death falls in the period"
	}
	risk := container.NewVBox(sectionTitle("Risk summary"), s.facts, sectionTitle("Each quasi-identifier"), s.columns)
	preview := container.NewBorder(container.NewVBox(sectionTitle("Preview"), hintLabel(shown)), nil, nil, nil, labelled("Preview", s.table))
	split := container.NewHSplit(container.NewVScroll(risk), preview)
	split.Offset = 0.42
	s.results.Objects = []fyne.CanvasObject{split}
	s.results.Refresh()
}

func (s *ExtractScreen) updateCell(id widget.TableCellID, o fyne.CanvasObject) {
	l := o.(*widget.Label)
	if id.Row < 0 || id.Row >= len(s.rows) || id.Col < 0 || id.Col >= len(s.rows[id.Row]) {
		l.SetText("")
		return
	}
	l.SetText(s.rows[id.Row][id.Col])
}

// riskFacts are the risk summary's facts about the whole extract.
func riskFacts(m *extract.Manifest) [][2]string {
	from, to := cdop.MustParseDate(m.Period.From), cdop.MustParseDate(m.Period.To)
	out := [][2]string{{"Rows", fmt.Sprintf("%s (deaths %s)", thousands(m.Rows), periodPhrase(from, to))}}
	switch {
	case m.Rows == 0:
		out = append(out, [2]string{"k-anonymity", "No rows: the extract holds its header only."})
	case m.KMet():
		out = append(out, [2]string{"k-anonymity", fmt.Sprintf("k = %d asked for, %d achieved: every row shares its quasi-identifiers with at least %d others (%s)",
			m.KRequested, m.KAchieved, m.KAchieved-1, plural(m.Groups, "group"))})
	default:
		out = append(out, [2]string{"k-anonymity", fmt.Sprintf("NOT MET: k = %d asked for, %d achieved", m.KRequested, m.KAchieved)})
	}
	switch {
	case m.Rows == 0:
	case m.LAchieved == 0:
		out = append(out, [2]string{"l-diversity", fmt.Sprintf("l = %d asked for: no group records a modifiable outcome yet", m.LRequested)})
	default:
		out = append(out, [2]string{"l-diversity", fmt.Sprintf("l = %d asked for, %d achieved: every group that records an outcome holds at least %d different ones",
			m.LRequested, m.LAchieved, m.LAchieved)})
	}
	if len(m.LeftOut) > 0 {
		out = append(out, [2]string{"Left out", strings.Join(m.LeftOut, ", ")})
	}
	generalised := "Nothing: every quasi-identifier as recorded"
	if len(m.Generalisations) > 0 {
		var lines []string
		for _, g := range m.Generalisations {
			lines = append(lines, fmt.Sprintf("%s: %s (%s)", g.Column, g.Description, plural(g.Rows, "row")))
		}
		generalised = strings.Join(lines, "\n")
	}
	out = append(out, [2]string{"Generalised", generalised})
	suppressed := "Nothing"
	if n := m.TotalSuppressed(); n > 0 {
		suppressed = fmt.Sprintf("%s in %s; %s with every quasi-identifier suppressed", plural(n, "value"),
			plural(m.Suppression.RowsAffected, "row"), plural(m.Suppression.RowsFullySuppressed, "row"))
	}
	out = append(out, [2]string{"Suppressed (*)", suppressed})
	for _, w := range m.Withheld {
		out = append(out, [2]string{"Withheld", fmt.Sprintf("%s of %s not on its code list", plural(w.Count, "value"), w.Column)})
	}
	if m.Factors.Uncoded > 0 {
		out = append(out, [2]string{"Uncoded factors", thousands(m.Factors.Uncoded) + " (counted, never shown)"})
	}
	if m.Pseudonyms.Unlinkable {
		out = append(out, [2]string{"Pseudonyms", fmt.Sprintf("One-off key %s, never stored: this extract links to no other", m.Pseudonyms.KeyID)})
	} else {
		out = append(out, [2]string{"Pseudonyms", fmt.Sprintf("Installation key %s: a child has the same pseudonym in every extract made with it", m.Pseudonyms.KeyID)})
	}
	return out
}

var columnRiskWidths = []float32{0, 110, 110, 110}

// columnRisks counts, for each quasi-identifier column, the rows whose
// value is shown generalised and the values suppressed ("*"), and says the
// information the column lost.
func columnRisks(m *extract.Manifest) fyne.CanvasObject {
	generalised := map[string]int{}
	for _, g := range m.Generalisations {
		generalised[g.Column] = g.Rows
	}
	suppressed := map[string]int{}
	for _, c := range m.Suppression.Cells {
		suppressed[c.Column] = c.Count
	}
	lost := map[string]float64{}
	for _, c := range m.InformationLoss {
		lost[c.Column] = c.Loss
	}
	count := func(n int) *widget.Label {
		if n == 0 {
			return cell("–")
		}
		return importantCell(thousands(n), widget.WarningImportance)
	}
	var rows []fyne.CanvasObject
	for _, col := range m.QuasiIdentifiers {
		loss := cell("–")
		if lost[col] > 0 {
			loss = importantCell(fmt.Sprintf("%.0f%%", 100*lost[col]), widget.WarningImportance)
		}
		rows = append(rows, gridRow(columnRiskWidths, cell(col), count(generalised[col]), count(suppressed[col]), loss))
	}
	return rowsBox(headerRow(columnRiskWidths, "Column", "Generalised", "Suppressed", "Information lost"), rows, "No quasi-identifiers.")
}

// thousands writes a count with commas, e.g. 12,345.
func thousands(n int) string {
	s := strconv.Itoa(n)
	if n < 0 {
		return "-" + thousands(-n)
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// onSave asks where to save the previewed extract, then saves it with its
// manifest and records it in the audit log.
func (s *ExtractScreen) onSave() {
	d, req := s.draft, s.made
	if d == nil {
		return
	}
	rows := d.Manifest.Rows
	s.ui.saveOutput(output{
		title:      "Save the extract",
		fileName:   "CDOP-extract-" + periodName(req.from, req.to) + ".csv",
		extensions: []string{".csv"},
		working:    "Saving the extract and its manifest…",
		save: func(ctx context.Context, path string, opts outfile.Options) (string, error) {
			b, err := s.ui.extracts.Begin(ctx, extract.Options{From: req.from, To: req.to, K: req.k, Unlinkable: req.unlinkable}, path)
			if err != nil {
				return "", err
			}
			if _, err := d.Save(ctx, b, path, opts); err != nil {
				return "", err
			}
			done := fmt.Sprintf("Saved the extract of %s, with its manifest %s beside it. The extract is recorded in the audit log.",
				plural(rows, "row"), filepath.Base(extract.ManifestPath(path)))
			if b.Unrecorded != nil {
				done = fmt.Sprintf("Saved the extract of %s, with its manifest %s beside it. It is not recorded in the audit log: %s.",
					plural(rows, "row"), filepath.Base(extract.ManifestPath(path)), userMessage(b.Unrecorded))
			}
			return done, nil
		},
		saved: func() {
			s.setStatus(fmt.Sprintf("Saved the extract of %s. Preview again for another, or save this one elsewhere too (each copy is recorded).", plural(rows, "row")), widget.SuccessImportance)
		},
	})
}

// close discards the draft when the screen is left or the app closes.
func (s *ExtractScreen) close() {
	s.closed = true
	s.discard()
}

// discard removes the draft, if any.
func (s *ExtractScreen) discard() {
	if s.draft != nil {
		s.draft.Discard()
		s.draft = nil
	}
}

func (s *ExtractScreen) setStatus(text string, imp widget.Importance) {
	s.status.Importance = imp
	s.status.TextStyle.Bold = imp == widget.DangerImportance
	s.status.SetText(text)
}
