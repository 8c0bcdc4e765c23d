package app

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"casemanager/cdop"
	"casemanager/ncmd"
	"casemanager/reports"
)

// tabNCMD is the case page's tab of the NCMD step: the flowchart's last,
// after the panel's review.
const tabNCMD = "NCMD"

// ncmdTab shows what NCMD asks for that the case still lacks, by form and
// section, records the submission once the panel has signed the case off,
// and exports the case's NCMD items as one JSON file or prints them as a PDF.
type ncmdTab struct {
	p       *CasePage
	content fyne.CanvasObject
	status  *widget.Label
	submit  *widget.Button
	missing *fyne.Container
}

func newNCMDTab(p *CasePage) *ncmdTab {
	t := &ncmdTab{p: p, status: wrapped(""), missing: container.NewVBox()}
	t.submit = widget.NewButtonWithIcon("Record submission…", theme.ConfirmIcon(), t.onSubmit)
	export := widget.NewButtonWithIcon("Export NCMD file…", theme.DocumentSaveIcon(), t.onExport)
	printItems := widget.NewButtonWithIcon("Print NCMD items…", theme.DocumentPrintIcon(), t.onPrint)
	note := lowLabel("The NCMD file is this app's own JSON document of the case's NCMD items, and the printout the same items as a PDF, for keying or uploading: neither is NCMD's API, and nothing is sent to NCMD from here.")
	// The buttons wrap onto a second row rather than widen a narrow window.
	buttons := container.New(layout.NewRowWrapLayout(), t.submit, export, printItems)
	top := widget.NewCard("", "", container.NewVBox(t.status, buttons, note))
	t.content = container.NewBorder(top, nil, nil, nil, container.NewVScroll(t.missing))
	return t
}

// update shows the case file's NCMD step.
func (t *ncmdTab) update() {
	f := t.p.file
	c := f.Case
	signed := c.SignedOffOn()
	switch {
	case !c.NCMDSubmittedOn.IsZero():
		t.status.SetText(fmt.Sprintf("Submitted to NCMD on %s by %s.", c.NCMDSubmittedOn.Display(), c.NCMDSubmittedBy))
	case !c.Counted():
		t.status.SetText("Not submitted: the case is voided or transferred.")
	case signed.IsZero():
		t.status.SetText("The submission to NCMD follows the panel's sign-off. Until then, fill in what is listed below.")
	default:
		t.status.SetText(fmt.Sprintf("Signed off by the panel on %s; not yet submitted to NCMD.", signed.Display()))
	}
	showIf(t.submit, c.Counted() && !signed.IsZero() && c.NCMDSubmittedOn.IsZero())

	t.missing.RemoveAll()
	gaps := cdop.MissingForNCMD(f)
	if len(gaps) == 0 {
		t.missing.Add(widget.NewLabel("Nothing NCMD asks for is missing."))
	} else {
		t.missing.Add(boldLabel(fmt.Sprintf("Still missing for NCMD: %s", plural(len(gaps), "item"))))
	}
	form, section := "", ""
	var lines []string
	flush := func() {
		if len(lines) > 0 {
			t.missing.Add(widget.NewCard("", form+" · "+section, wrapped("– "+strings.Join(lines, "\n– "))))
			lines = nil
		}
	}
	for _, g := range gaps {
		if g.Form != form || g.Section != section {
			flush()
			form, section = g.Form, g.Section
		}
		lines = append(lines, g.Item)
	}
	flush()
}

// onSubmit asks when the case was submitted and by whom, then records it.
func (t *ncmdTab) onSubmit() {
	p := t.p
	by := ""
	if p.ui.user != nil {
		by = p.ui.user.Name
	}
	d := newSubmitDialog(p.file.Case.Ref, len(cdop.MissingForNCMD(p.file)), p.ui.today(), by)
	d.OnSubmit = func(on cdop.Date, by string) {
		id := p.file.Case.ID
		p.act(func(ctx context.Context) error {
			stored, err := p.ui.cases.FindCaseByID(ctx, id)
			if err != nil {
				return err
			}
			s, err := cdop.SubmitToNCMD(stored, on, by, p.ui.today())
			if err != nil {
				return err
			}
			return p.ui.cases.UpdateCase(ctx, s)
		}, func(err error) {
			if err != nil {
				p.ui.bar.Error("Not recorded: " + userMessage(err))
				return
			}
			p.ui.bar.Success(fmt.Sprintf("Recorded %s as submitted to NCMD on %s.", p.file.Case.Ref, on.Display()))
		})
	}
	d.Show(p.ui.window)
}

// onExport saves the case's NCMD items as one JSON file.
func (t *ncmdTab) onExport() {
	t.save("Export the NCMD file", "-ncmd.json", "", "ncmd export", func(ctx context.Context, w io.Writer, f *cdop.CaseFile) error {
		return ncmd.Write(w, f, t.p.ui.clock.Now())
	})
}

// onPrint saves the case's NCMD items as a PDF to key from: the same items
// as the NCMD file, by form and section, with what is still missing.
func (t *ncmdTab) onPrint() {
	u := t.p.ui
	t.save("Print the NCMD items", "-ncmd.pdf", " as a PDF", "ncmd export pdf", func(ctx context.Context, w io.Writer, f *cdop.CaseFile) error {
		opts, err := reports.NewOptions(ctx, u.flow, u.clock, false)
		if err != nil {
			return err
		}
		return reports.NCMDItems(w, f, opts)
	})
}

// save asks where to save the case's NCMD items (suggesting the case's
// reference and suffix), reads the case file and writes it with write; as
// says how ("" or " as a PDF"), kind how the audit log names the output.
func (t *ncmdTab) save(title, suffix, as, kind string, write func(context.Context, io.Writer, *cdop.CaseFile) error) {
	u, c := t.p.ui, t.p.file.Case
	id, ref := c.ID, c.Ref
	u.saveOutput(output{
		title:      title,
		fileName:   fileNamePart(ref) + suffix,
		extensions: []string{filepath.Ext(suffix)},
		working:    "Writing the NCMD items of " + ref + as + "…",
		save: writePDF(func(ctx context.Context, w io.Writer) (string, error) {
			f, err := u.flow.CaseFile(ctx, id)
			if err != nil {
				return "", err
			}
			return "Saved the NCMD items of " + ref + as + ".", write(ctx, w, f)
		}),
		audited: func() (string, string, int) { return kind, id, 1 },
	})
}

// newSubmitDialog asks when the case ref, which lacks missing NCMD items,
// was submitted to NCMD (today unless another day is typed) and by whom
// (by unless another name is typed).
func newSubmitDialog(ref string, missing int, today cdop.Date, by string) *actionDialog {
	note := "Every item NCMD asks for is recorded."
	if missing > 0 {
		note = fmt.Sprintf("%s NCMD asks for %s not recorded here (see the list): record the submission only once NCMD has what the panel holds.",
			capitalise(plural(missing, "item")), map[bool]string{true: "is", false: "are"}[missing == 1])
	}
	d := newActionDialog("Submitted to NCMD", "Record", "Case", ref, "Submitted on", today).withText("By", "Who submitted it (required)")
	d.text.SetText(by)
	d.form.items = append(d.form.items[:1:1], append([]*widget.FormItem{widget.NewFormItem("", wrapped(note))}, d.form.items[1:]...)...)
	d.form.focus = d.on
	d.form.size.Height += 40
	return d
}
