package app

import (
	"context"
	"fmt"
	"io"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"casemanager/reports"
)

// The kinds of case summary the case page exports.
const (
	summaryFull       = "Full summary: identifiable, for the case file"
	summaryAnonymised = "Anonymised: the panel's view, for sharing"
)

// onExportPDF asks which summary of the case to export, then where to save it.
func (p *CasePage) onExportPDF() {
	c := p.file.Case
	kind := widget.NewRadioGroup([]string{summaryFull, summaryAnonymised}, nil)
	kind.Required = true
	kind.SetSelected(summaryFull)
	items := []fyne.CanvasObject{
		labelled("Summary", kind),
		lowLabel("The anonymised summary leaves out the child's name, NHS number, date of birth, address and postcode, the key worker and the typed narrative; it gives the age at death and counts days from the death instead of dates."),
	}
	if p.Dirty() {
		l := wrapped("This page has changes not yet saved: the PDF shows the case as it was last saved.")
		l.Importance = widget.WarningImportance
		items = append(items, l)
	}
	d := dialog.NewCustomConfirm("Export "+c.Ref+" as a PDF", "Choose where to save…", "Cancel", container.NewVBox(items...), func(ok bool) {
		if ok {
			p.ui.exportCaseSummary(c.ID, c.Ref, kind.Selected == summaryAnonymised)
		}
	}, p.ui.window)
	d.Resize(fyne.NewSize(600, 0))
	d.Show()
	escapeCancels(p.ui.window, d)
}

// exportCaseSummary saves a case's summary, identifiable or anonymised, as a PDF.
func (u *UI) exportCaseSummary(caseID, ref string, anonymised bool) {
	what, name, kind := "the summary of "+ref, fileNamePart(ref)+"-summary.pdf", "summary"
	if anonymised {
		what, name, kind = "the anonymised summary of "+ref, fileNamePart(ref)+"-summary-anonymised.pdf", "anonymised summary"
	}
	u.saveOutput(output{
		title:      "Export the case summary",
		fileName:   name,
		extensions: []string{".pdf"},
		working:    "Making " + what + "…",
		save: writePDF(func(ctx context.Context, w io.Writer) (string, error) {
			f, recs, err := reports.GatherSummary(ctx, u.flow, u.meetings, caseID)
			if err != nil {
				return "", err
			}
			opts, err := reports.NewOptions(ctx, u.flow, u.clock, anonymised)
			if err != nil {
				return "", err
			}
			return "Saved " + what + ".", reports.CaseSummary(w, f, recs, opts)
		}),
		audited: func() (string, string, int) { return kind, caseID, 1 },
	})
}

// onPanelPack saves the meeting's anonymised panel pack as a PDF.
func (p *MeetingPage) onPanelPack() {
	if p.m == nil {
		return
	}
	if len(p.m.Agenda) == 0 {
		p.ui.bar.Warn("The agenda has no cases yet: add the cases the panel will review, then make the pack.")
		return
	}
	u, id, title := p.ui, p.id, p.m.Title()
	cases := 0
	u.saveOutput(output{
		title:      "Make the panel pack",
		fileName:   "CDOP-panel-pack-" + p.m.On.String() + ".pdf",
		extensions: []string{".pdf"},
		working:    fmt.Sprintf("Making the anonymised panel pack for the %s (%s)…", lowerFirst(title), plural(len(p.m.Agenda), "case")),
		save: writePDF(func(ctx context.Context, w io.Writer) (string, error) {
			m, files, recs, err := reports.GatherPack(ctx, u.flow, u.meetings, id)
			if err != nil {
				return "", err
			}
			opts, err := reports.NewOptions(ctx, u.flow, u.clock, true)
			if err != nil {
				return "", err
			}
			done := fmt.Sprintf("Saved the anonymised panel pack for the %s (%s).", lowerFirst(m.Title()), plural(len(files), "case"))
			cases = len(files)
			return done, reports.PanelPack(w, m, files, recs, opts)
		}),
		audited: func() (string, string, int) { return fmt.Sprintf("pack of meeting %d", id), "", cases },
	})
}

// panelPackButton is the meeting page's button making the panel pack.
func (p *MeetingPage) panelPackButton() *widget.Button {
	return widget.NewButtonWithIcon("Panel pack…", theme.DocumentPrintIcon(), p.onPanelPack)
}

// lowerFirst puts the first letter of a phrase in lower case ("CDOP panel
// meeting" stays as it is: only a capital followed by a small letter changes).
func lowerFirst(s string) string {
	r := []rune(s)
	if len(r) > 1 && r[0] >= 'A' && r[0] <= 'Z' && r[1] >= 'a' && r[1] <= 'z' {
		r[0] += 'a' - 'A'
	}
	return string(r)
}
