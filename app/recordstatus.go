package app

import (
	"context"
	"fmt"
	"io"

	"casemanager/cdop"
	"casemanager/interchange"
	"casemanager/outfile"
)

// onVoid asks why the notification was logged in error, then voids it: the
// case is kept, read-only, and left out of every figure (cdop.Void).
func (p *CasePage) onVoid() {
	c := p.file.Case
	if p.Dirty() {
		p.ui.bar.Warn("Save or undo the changes on this case before voiding it.")
		return
	}
	d := newReasonDialog(reasonAsk{title: "Void " + c.Ref, confirm: "Void", what: "Notification", subject: c.Ref + ", " + c.FullName(),
		placeholder: "Why it was logged in error, e.g. the death was notified twice (required)"})
	d.OnSubmit = func(reason string) {
		id := c.ID
		p.act(func(ctx context.Context) error {
			stored, err := p.ui.cases.FindCaseByID(ctx, id)
			if err != nil {
				return err
			}
			v, err := cdop.Void(stored, reason)
			if err != nil {
				return err
			}
			return p.ui.cases.UpdateCase(ctx, v)
		}, func(err error) {
			if err != nil {
				p.ui.bar.Error("Not voided: " + userMessage(err))
				return
			}
			p.ui.bar.Success(fmt.Sprintf("Voided %s: it is kept, read-only, and left out of every figure.", c.Ref))
		})
	}
	d.Show(p.ui.window)
}

// onTransfer asks which panel the case goes to, then where to save the
// case for it (the interchange file of one case, as it stands); once the
// file is in place the transfer is recorded and the case is read-only here.
func (p *CasePage) onTransfer() {
	c := p.file.Case
	if p.Dirty() {
		p.ui.bar.Warn("Save or undo the changes on this case before transferring it: the file holds what is saved.")
		return
	}
	d := newReasonDialog(reasonAsk{title: "Transfer " + c.Ref + " to another panel", confirm: "Choose where to save…",
		what: "Case", subject: c.Ref + ", " + c.FullName(), label: "To panel",
		placeholder: "The panel of the child's area, e.g. Kent and Medway CDOP (required)"})
	d.OnSubmit = func(to string) { p.ui.transferCase(p, c.ID, c.Ref, to) }
	d.Show(p.ui.window)
}

// transferCase saves the case for the panel named to and records the
// transfer (interchange.Transfer), then shows the page again.
func (u *UI) transferCase(p *CasePage, id, ref, to string) {
	u.saveOutput(output{
		title:      "Transfer the case",
		fileName:   fileNamePart(ref) + "-transfer.csv",
		extensions: []string{".csv"},
		working:    "Writing " + ref + " for " + to + "…",
		save: func(ctx context.Context, path string, opts outfile.Options) (string, error) {
			if _, err := interchange.Transfer(ctx, u.cases, id, to, u.today(), func(write func(io.Writer) error) error {
				return outfile.Write(path, opts, write)
			}); err != nil {
				return "", err
			}
			return fmt.Sprintf("Saved %s for %s in the interchange format, and recorded the transfer: the case is read-only here.", ref, to), nil
		},
		saved:   func() { p.reload(nil) },
		audited: func() (string, string, int) { return "transfer", id, 1 },
	})
}
