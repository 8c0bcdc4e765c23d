package app

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"casemanager/cdop"
)

// requestsTab is a case's requests to agencies for reporting and
// supplementary forms: a form to request one, and each request with its
// status and the actions chase, received and declined.
type requestsTab struct {
	p       *CasePage
	content fyne.CanvasObject

	agency      *widget.Select
	form        *widget.Select
	requestedOn *entry
	dueOn       *entry
	request     *widget.Button
	newRequest  *fyne.Container
	noAgencies  *fyne.Container
	rows        *fyne.Container
	suggested   *fyne.Container // the supplementary forms the cause calls for
}

var requestWidths = []float32{0, 110, 95, 110, 170, 335}

func newRequestsTab(p *CasePage) *requestsTab {
	t := &requestsTab{p: p, rows: container.NewVBox(), suggested: container.NewVBox()}
	t.agency = widget.NewSelect(nil, nil)
	t.agency.PlaceHolder = "Choose an agency"
	t.form = widget.NewSelect(cdop.OfferedFormTypes().Labels(), nil)
	t.form.SetSelected(cdop.FormTypes.Label("reporting_form"))
	t.requestedOn = dateEntry(p.ui.today().String())
	t.dueOn = dateEntry("")
	t.request = widget.NewButtonWithIcon("Request form", theme.MailSendIcon(), t.onRequest)
	t.request.Importance = widget.HighImportance

	fields := gridRow([]float32{0, 0, 150, 150},
		labelledBox("Agency", t.agency), labelledBox("Form", t.form),
		labelledBox("Requested on", t.requestedOn), labelledBox("Reply due by", t.dueOn))
	t.newRequest = container.NewVBox(
		container.NewBorder(nil, nil, nil, container.NewVBox(layout.NewSpacer(), t.request), fields))
	openDirectory := widget.NewButtonWithIcon("Open the agency directory", theme.AccountIcon(), p.ui.ShowAgencies)
	t.noAgencies = container.NewBorder(nil, nil, nil, openDirectory,
		lowLabel("The agency directory is empty: add the agencies the panel asks for reports before requesting forms."))
	// The reporting form goes to every agency that knew the child;
	// supplementary forms by cause of death.
	card := widget.NewCard("", "", container.NewVBox(t.noAgencies, t.newRequest, t.suggested))
	t.content = container.NewBorder(container.NewVBox(p.closedNote(), card), nil, nil, nil, container.NewVScroll(t.rows))
	return t
}

func (t *requestsTab) update() {
	p := t.p
	names := make([]string, len(p.agencies))
	for i, a := range p.agencies {
		names[i] = a.Name
	}
	selected := t.agency.Selected
	t.agency.SetOptions(names)
	if !containsString(names, selected) {
		t.agency.ClearSelected()
	}
	showIf(t.noAgencies, len(names) == 0)
	showIf(t.newRequest, len(names) > 0 && !p.readOnly())
	days := p.settings.WithDefaults().AgencyReportDays
	t.dueOn.SetPlaceHolder(fmt.Sprintf("Default: +%s", plural(days, "day")))

	t.showSuggestions()
	today := p.ui.today()
	var rows []fyne.CanvasObject
	for _, r := range p.file.Requests {
		rows = append(rows, t.row(r, today, days))
	}
	t.rows.Objects = []fyne.CanvasObject{
		rowsBox(headerRow(requestWidths, "Agency and form", "Requested", "Due", "Chased", "Status", ""), rows,
			"No forms requested yet."),
	}
	t.rows.Refresh()
}

// requestStatus says in words and colour where a request stands.
func requestStatus(r *cdop.AgencyRequest, due, today cdop.Date) (string, widget.Importance) {
	switch r.Status() {
	case cdop.RequestReceived:
		return "Received " + r.ReceivedOn.Display(), widget.SuccessImportance
	case cdop.RequestDeclined:
		return "Declined " + r.DeclinedOn.Display(), widget.MediumImportance
	}
	word := "Requested"
	if r.Status() == cdop.RequestChased {
		word = "Chased"
	}
	switch {
	case due.Before(today):
		return word + " – " + cdop.DaysLeft(today, due), widget.DangerImportance
	case today.DaysUntil(due) <= 7:
		return word + " – " + cdop.DaysLeft(today, due), widget.WarningImportance
	}
	return word, widget.MediumImportance
}

func (t *requestsTab) row(r cdop.AgencyRequest, today cdop.Date, defaultDays int) fyne.CanvasObject {
	due := r.DueOn
	if due.IsZero() {
		due = r.RequestedOn.AddDays(defaultDays)
	}
	chased := ""
	if n := len(r.ChasedOn); n > 0 {
		chased = r.ChasedOn[n-1].Display()
		if n > 1 {
			chased = fmt.Sprintf("%s (%d×)", chased, n)
		}
	}
	status, imp := requestStatus(&r, due, today)
	actions := container.NewHBox()
	if !t.p.readOnly() {
		if r.Outstanding() {
			actions.Add(widget.NewButton("Chase…", func() { t.askChased(r) }))
			actions.Add(widget.NewButton("Received…", func() { t.askReceived(r) }))
			actions.Add(widget.NewButton("Declined…", func() { t.askDeclined(r) }))
		}
	}
	// What the agency returned: typed or imported while the case is open,
	// read once it is closed.
	if ret := t.p.file.ReturnFor(r.ID); t.p.ui.returns != nil && r.Status() != cdop.RequestDeclined && (!t.p.readOnly() || ret != nil) {
		actions.Add(labelled("The return of the "+formName(r)+" from "+r.AgencyName,
			widget.NewButton(returnButtonText(ret), func() { t.p.ui.ShowReturn(t.p.file, r.ID) })))
	}
	if !t.p.readOnly() {
		correct := widget.NewButton("Correct…", func() { t.askCorrection(r) })
		correct.Importance = widget.LowImportance
		actions.Add(labelled("Correct what the "+formName(r)+" from "+r.AgencyName+" records", correct))
	}
	return gridRow(requestWidths,
		twoLines(r.AgencyName, cdop.FormTypes.Label(r.Form)), cell(r.RequestedOn.Display()), cell(due.Display()),
		cell(chased), statusCell(status, imp, r.DeclineReason), container.NewCenter(actions))
}

func (t *requestsTab) onRequest() {
	p := t.p
	i := t.agency.SelectedIndex()
	if i < 0 || i >= len(p.agencies) {
		t.show(userErrorf("choose the agency to ask"), "")
		return
	}
	form := cdop.FormTypes.CodeForLabel(t.form.Selected)
	if form == "" {
		t.show(userErrorf("choose the form to request"), "")
		return
	}
	requested, err := readDate("Requested on", t.requestedOn.Text, true)
	if err != nil {
		t.show(err, "")
		return
	}
	due, err := readDate("Reply due by", t.dueOn.Text, false)
	if err != nil {
		t.show(err, "")
		return
	}
	agency := p.agencies[i]
	r := &cdop.AgencyRequest{CaseID: p.file.Case.ID, AgencyID: agency.ID, AgencyName: agency.Name, Form: form,
		RequestedOn: requested, DueOn: due}
	t.request.Disable()
	p.act(func(ctx context.Context) error { return recordRefusal(p.ui.flow.SaveRequest(ctx, r)) }, func(err error) {
		t.request.Enable()
		if err == nil {
			t.agency.ClearSelected()
			t.dueOn.SetText("")
		}
		t.show(err, fmt.Sprintf("Requested the %s from %s.", strings.ToLower(t.form.Selected), agency.Name))
	})
}

func (t *requestsTab) save(r cdop.AgencyRequest, ok string) {
	p := t.p
	p.act(func(ctx context.Context) error { return recordRefusal(p.ui.flow.SaveRequest(ctx, &r)) }, func(err error) { t.show(err, ok) })
}

// returnButtonText is the text of a request's "Return…" button: how much
// of its return is answered, when anything is.
func returnButtonText(r *cdop.AgencyReturn) string {
	if r == nil {
		return "Return…"
	}
	form, ok := cdop.ReturnFormFor(r.Form)
	if !ok {
		return "Return…"
	}
	total := len(form.Items())
	return fmt.Sprintf("Return (%d/%d)…", total-len(r.Unanswered()), total)
}

// showSuggestions lists the supplementary forms the case's cause and
// circumstances call for that no request asks for yet, each with why and
// a button that puts it in the request form: the coordinator confirms by
// choosing the agency and requesting it.
func (t *requestsTab) showSuggestions() {
	t.suggested.Objects = nil
	if t.p.readOnly() || len(t.p.agencies) == 0 {
		t.suggested.Refresh()
		return
	}
	for _, s := range cdop.SuggestForms(t.p.file) {
		form := s.Form
		use := widget.NewButton("Request this form…", func() {
			t.form.SetSelected(cdop.FormTypes.Label(form))
			t.p.ui.window.Canvas().Focus(t.agency)
			t.p.ui.bar.Success("Choose the agency to ask for the " + cdop.FormName(form) + ", then Request form.")
		})
		text := wrapped("Suggested: " + s.Label() + " — " + s.Why() + ".")
		t.suggested.Add(container.NewBorder(nil, nil, nil, labelled("Request the "+cdop.FormName(form), use), text))
	}
	t.suggested.Refresh()
}

// formName names a request's form in a sentence, e.g. "reporting form".
func formName(r cdop.AgencyRequest) string { return cdop.FormName(r.Form) }

// askDay asks on what day something was done about request r (today
// unless another day is typed), then records it.
func (t *requestsTab) askDay(r cdop.AgencyRequest, d *actionDialog, record func(r *cdop.AgencyRequest, on cdop.Date, text string) string) {
	d.OnSubmit = func(on cdop.Date, text string) {
		ok := record(&r, on, text)
		t.save(r, ok)
	}
	d.Show(t.p.ui.window)
}

func (t *requestsTab) subject(r cdop.AgencyRequest) string {
	return cdop.FormTypes.Label(r.Form) + " from " + r.AgencyName
}

func (t *requestsTab) askChased(r cdop.AgencyRequest) {
	d := newActionDialog("Agency chased", "Record chase", "Request", t.subject(r), "Chased on", t.p.ui.today())
	t.askDay(r, d, func(r *cdop.AgencyRequest, on cdop.Date, _ string) string {
		r.ChasedOn = append(slices.Clone(r.ChasedOn), on)
		return fmt.Sprintf("Chased %s for the %s on %s.", r.AgencyName, formName(*r), on.Display())
	})
}

func (t *requestsTab) askReceived(r cdop.AgencyRequest) {
	d := newActionDialog("Form received", "Record received", "Request", t.subject(r), "Received on", t.p.ui.today())
	t.askDay(r, d, func(r *cdop.AgencyRequest, on cdop.Date, _ string) string {
		r.ReceivedOn = on
		return fmt.Sprintf("Received the %s from %s on %s.", formName(*r), r.AgencyName, on.Display())
	})
}

func (t *requestsTab) askDeclined(r cdop.AgencyRequest) {
	d := newActionDialog("Agency declined", "Record declined", "Request", t.subject(r), "Declined on", t.p.ui.today()).
		withText("Reason", "Why the agency declined (required)")
	t.askDay(r, d, func(r *cdop.AgencyRequest, on cdop.Date, reason string) string {
		r.DeclinedOn, r.DeclineReason = on, reason
		return fmt.Sprintf("Recorded that %s declined the %s on %s.", r.AgencyName, formName(*r), on.Display())
	})
}

// askCorrection asks which of what request r records to correct or undo,
// and why, then records the correction.
func (t *requestsTab) askCorrection(r cdop.AgencyRequest) {
	p := t.p
	d := newRequestCorrectionDialog(r)
	d.OnSubmit = func(n cdop.AgencyRequest, reason string) {
		p.act(func(ctx context.Context) error { return recordRefusal(p.ui.flow.CorrectRequest(ctx, &n, reason)) }, func(err error) {
			p.ui.bar.Outcome(err, "Not corrected: ", fmt.Sprintf("Corrected the %s from %s.", formName(n), n.AgencyName))
		})
	}
	d.Show(p.ui.window)
}

// show reports an action's outcome in the message bar.
func (t *requestsTab) show(err error, ok string) { t.p.ui.bar.Outcome(err, "Not done: ", ok) }
