package app

import (
	"context"
	"errors"
	"io"
	"os"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	fynestorage "fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"

	"casemanager/cdop"
	"casemanager/interchange"
)

// ShowImportCases asks for a file of cases in the interchange format (an
// export of this app, or a register kept in a spreadsheet and saved as
// CSV) and imports it, as `cdop import` does: every case or none, each
// problem named by line and column. The dialog shows how much of the file
// has been read, with a Cancel that stores nothing.
func (u *UI) ShowImportCases() {
	if u.importer == nil || !u.guard(cdop.ActImport) {
		return
	}
	u.ChooseOpenFile("Import cases from a file", []string{".csv"}, func(rc fyne.URIReadCloser, err error) {
		if err != nil {
			u.showError(err)
			return
		}
		if rc == nil {
			return // cancelled
		}
		u.importCases(rc)
	})
}

// importCases imports the cases of rc, which it closes, off the UI goroutine.
func (u *UI) importCases(rc fyne.URIReadCloser) {
	name := rc.URI().Name()
	var total int64 // unknown (no bar) but for a file on disk
	if rc.URI().Scheme() == "file" {
		if info, err := os.Stat(rc.URI().Path()); err == nil {
			total = info.Size()
		}
	}
	u.withProgress("Import cases", "Importing the cases of "+name, true, func(ctx context.Context, _ *progress) func() {
		defer rc.Close()
		n, err := interchange.Import(ctx, u.importer, &readProgress{r: rc, ctx: ctx, total: total, told: -1})
		cancelled := ctx.Err() != nil // by Cancel, whatever the import then failed on
		return func() {
			var problems interchange.LineErrors
			switch {
			case err == nil:
				u.bar.Success("Imported " + plural(n, "case") + " from " + name + ".")
				u.list.reload()
			case cancelled:
				u.bar.Error("The import of " + name + " was cancelled: no case was stored.")
			case errors.As(err, &problems):
				u.showImportProblems(name, problems)
			default:
				u.showError(errors.New("no case was stored: " + userMessage(err)))
			}
		}
	})
}

// showImportProblems lists every problem of a refused file, by line and
// column, in a dialog to read while the file is corrected.
func (u *UI) showImportProblems(name string, problems interchange.LineErrors) {
	text := widget.NewLabel(plural(len(problems), "problem") + " in " + name + ", so no case was stored. Correct the file and import it again.\n\n" + problems.Error())
	text.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustom("The cases were not imported", "Close", container.NewVScroll(text), u.window)
	d.Resize(fyne.NewSize(720, 420))
	d.Show()
	closeKeys(u.window, d, nil)
}

// readProgress tells, as a file is read, how much of its total has been
// (cdop.ReportProgress, in bytes), at each hundredth of it; with no total
// known it tells nothing.
type readProgress struct {
	r     io.Reader
	ctx   context.Context
	total int64
	done  int64
	told  int64 // the hundredths last told; -1 before the first
}

func (p *readProgress) Read(b []byte) (int, error) {
	if err := p.ctx.Err(); err != nil {
		return 0, err // cancelled: the import stops at the next read
	}
	n, err := p.r.Read(b)
	p.done += int64(n)
	if hundredths := p.done * 100 / max(p.total, 1); p.total > 0 && hundredths > p.told {
		p.told = hundredths
		cdop.ReportProgress(p.ctx, cdop.Progress{Stage: "Reading and checking the file", Done: min(p.done, p.total), Total: p.total, Unit: cdop.UnitBytes})
	}
	return n, err
}

// showFileOpen asks for a file to open with the file-open dialog.
func (u *UI) showFileOpen(title string, extensions []string, done func(fyne.URIReadCloser, error)) {
	d := dialog.NewFileOpen(done, u.window)
	d.SetTitleText(title)
	if len(extensions) > 0 {
		d.SetFilter(fynestorage.NewExtensionFileFilter(extensions))
	}
	d.Show()
	d.Resize(fyne.NewSize(900, 600))
}
