package app

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/url"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"casemanager/cdop"
	"casemanager/outfile"
)

// An output is a file the app makes for the user to keep or share: a PDF
// (a case summary, a meeting's panel pack, the annual report) or a dataset
// extract. Every output goes the same way: the user chooses where to save
// it (the file-save dialog asks before an existing file is chosen, and
// touches nothing: see holdFileWrites); a file the app must never replace
// (the live database and its files, the pseudonym key, the backups) is
// refused before any work; the work runs off the UI goroutine while a
// dialog shows it is under way and the file is written through package
// outfile, whole and by rename; and then the app offers to open the file
// or show its folder, or says clearly why it failed (and leaves no file
// behind, and any file it was to replace as it was).
type output struct {
	title      string   // heads the dialogs, e.g. "Export the case summary"
	fileName   string   // suggested; never the child's name
	extensions []string // e.g. ".pdf"
	working    string   // what the progress dialog says, e.g. "Making the summary of CDOP-2025-0001…"
	// save does the work off the UI goroutine: it writes the output at
	// path as opts say (outfile). It returns what to say when it is done.
	save func(ctx context.Context, path string, opts outfile.Options) (string, error)
	// saved, when set, runs on the UI goroutine after a successful save.
	saved func()
	// audited, when set, says what the output was for the audit trail
	// (e.g. "summary"), the case it is about ("" for none) and how many
	// rows, cases or pages it holds; it is read once the file is in place.
	audited func() (what, caseID string, count int)
}

// saveOutput asks where to save o, then makes it.
func (u *UI) saveOutput(o output) {
	u.ChooseSaveFile(o.title, o.fileName, o.extensions, func(w fyne.URIWriteCloser, err error) {
		if err != nil {
			u.showError(fmt.Errorf("the file could not be opened for writing: %w", err))
			return
		}
		if w == nil {
			return // cancelled: nothing written
		}
		u.makeOutput(o, w)
	})
}

// makeOutput runs o's work into the file w names with a progress dialog
// whose Cancel ends the work (its context),
// then shows the outcome; a refused, failed or cancelled output leaves no
// file, and the file it was to replace as it was.
func (u *UI) makeOutput(o output, w fyne.URIWriteCloser) {
	uri := w.URI()
	w.Close() // nothing was written through it: the output goes through outfile
	if uri.Scheme() != "file" {
		u.showError(userErrorf("%s: nothing was saved. Save to a folder on this computer; %s is not one", o.title, uri))
		return
	}
	path := uri.Path()
	opts := u.outputs
	opts.Force = true // the file-save dialog asked before an existing file was chosen
	if err := outfile.Check(path, opts); err != nil {
		u.showError(fmt.Errorf("%s: nothing was saved.\n%s", o.title, capitalise(userMessage(err))))
		return
	}
	u.withProgress(o.title, o.working, true, func(ctx context.Context, _ *progress) func() {
		done, err := o.save(ctx, path, opts)
		cancelled := err != nil && ctx.Err() != nil
		if err == nil && o.audited != nil && u.accounts != nil {
			what, caseID, count := o.audited()
			err = u.accounts.RecordOutput(ctx, what, caseID, count)
		}
		return func() {
			switch {
			case cancelled:
				u.showInformation(o.title, "Cancelled: nothing was saved.")
			case err != nil:
				u.showError(fmt.Errorf("%s: nothing was saved.\n%s", o.title, capitalise(userMessage(err))))
			default:
				if o.saved != nil {
					o.saved()
				}
				u.showSaved(done, uri)
			}
		}
	})
}

// withProgress runs work off the UI goroutine while a dialog shows it is
// under way, with a Cancel button that ends work's context when
// cancellable; then it closes the dialog and applies what work returns.
func (u *UI) withProgress(title, working string, cancellable bool, work func(ctx context.Context, p *progress) func()) {
	ctx, cancel := context.WithCancel(context.Background())
	p := newProgress(u, title, working, cancel, cancellable)
	// What the work reports of its progress (cases read, bytes copied)
	// moves the bar.
	ctx = cdop.WithProgress(ctx, func(pr cdop.Progress) { p.report(working, pr) })
	p.show()
	u.run.Always(ctx, func(ctx context.Context) func() {
		apply := work(ctx, p)
		return func() {
			p.hide()
			cancel()
			if apply != nil {
				apply()
			}
		}
	})
}

// writePDF returns the work of a PDF output: render makes the document
// in memory (it is small), which is written to the file only when whole;
// render returns what to say once it is saved.
func writePDF(render func(ctx context.Context, w io.Writer) (string, error)) func(context.Context, string, outfile.Options) (string, error) {
	return func(ctx context.Context, path string, opts outfile.Options) (string, error) {
		var buf bytes.Buffer
		done, err := render(ctx, &buf)
		if err == nil {
			err = ctx.Err() // cancelled while it was made: nothing is written
		}
		if err != nil {
			return "", err
		}
		if err := outfile.Write(path, opts, func(w io.Writer) error { _, err := buf.WriteTo(w); return err }); err != nil {
			return "", err
		}
		return done, nil
	}
}

// showSaved says where the output went and offers to open it or its folder.
func (u *UI) showSaved(done string, uri fyne.URI) {
	where := nativePath(uri)
	text := wrapped(done)
	path := widget.NewLabelWithStyle(where, fyne.TextAlignLeading, fyne.TextStyle{Monospace: true})
	path.Wrapping = fyne.TextWrapBreak
	content := container.NewVBox(text, path)
	d := dialog.NewCustom("Saved", "Close", content, u.window)
	open := widget.NewButtonWithIcon("Open", theme.FileIcon(), func() {
		d.Hide()
		u.openURI(uri)
	})
	open.Importance = widget.HighImportance
	folder := widget.NewButtonWithIcon("Show in folder", theme.FolderOpenIcon(), func() {
		d.Hide()
		if parent, err := storage.Parent(uri); err == nil {
			u.openURI(parent)
		} else {
			u.showError(fmt.Errorf("the folder of %s could not be found: %w", where, err))
		}
	})
	closeButton := widget.NewButton("Close", func() { d.Hide() })
	d.SetButtons([]fyne.CanvasObject{closeButton, folder, open})
	d.SetIcon(theme.NewSuccessThemedResource(theme.ConfirmIcon()))
	d.Resize(fyne.NewSize(560, 0))
	d.Show()
	closeKeys(u.window, d, open.OnTapped) // Enter opens the file, Escape closes
}

// openURI opens a file or folder in the system's viewer.
func (u *UI) openURI(uri fyne.URI) {
	link, err := url.Parse(uri.String())
	if err == nil {
		err = u.OpenURL(link)
	}
	if err != nil {
		showOpenFailed(u.window, nativePath(uri))
	}
}

// showOpenFailed says, when the system could not open a file or folder
// (no program set for it; on Linux xdg-open missing), where it is, with a
// button to copy its path, rather than the launcher's own error.
func showOpenFailed(w fyne.Window, path string) {
	text := wrapped("This computer has no program set to open it. It is here; open it from your file manager, or copy the path:")
	where := widget.NewLabelWithStyle(path, fyne.TextAlignLeading, fyne.TextStyle{Monospace: true})
	where.Wrapping = fyne.TextWrapBreak
	where.Selectable = true
	copyPath := widget.NewButtonWithIcon("Copy the path", theme.ContentCopyIcon(), func() {
		fyne.CurrentApp().Clipboard().SetContent(path)
	})
	d := dialog.NewCustom("Could not open it", "Close", container.NewVBox(text, where, container.NewHBox(copyPath)), w)
	d.Resize(fyne.NewSize(560, 0))
	d.Show()
	closeKeys(w, d, nil)
}

// showFileSave is the default ChooseSaveFile: the file-save dialog, showing
// files with the given extensions and suggesting name.
func (u *UI) showFileSave(title, name string, extensions []string, done func(fyne.URIWriteCloser, error)) {
	d := dialog.NewFileSave(done, u.window)
	d.SetTitleText(title)
	d.SetConfirmText("Save")
	d.SetDismissText("Cancel")
	d.SetFileName(name)
	if len(extensions) > 0 {
		d.SetFilter(storage.NewExtensionFileFilter(extensions))
	}
	d.Show()
	d.Resize(fyne.NewSize(900, 600)) // after Show: a FileDialog not yet shown cannot be resized
}

// progress is the dialog shown while an output is made: what is under way,
// and a bar, endless until the work can say how far it has got.
type progress struct {
	run     *runner
	dialog  dialog.Dialog
	message *widget.Label
	endless *widget.ProgressBarInfinite
	bar     *widget.ProgressBar
}

func newProgress(u *UI, title, message string, cancel func(), cancellable bool) *progress {
	p := &progress{run: u.run, message: widget.NewLabel(message)}
	p.message.Wrapping = fyne.TextWrapWord
	p.endless = widget.NewProgressBarInfinite()
	p.bar = widget.NewProgressBar()
	p.bar.Hide()
	content := container.NewVBox(p.message, p.endless, p.bar)
	if cancellable {
		d := dialog.NewCustom(title, "Cancel", content, u.window)
		d.SetOnClosed(cancel)
		p.dialog = d
	} else {
		p.dialog = dialog.NewCustomWithoutButtons(title, content, u.window)
	}
	p.dialog.Resize(fyne.NewSize(480, 0))
	return p
}

func (p *progress) show() { p.dialog.Show() }

func (p *progress) hide() {
	p.endless.Stop()
	p.dialog.Hide()
}

// set shows, from any goroutine, what is under way and how far it has got:
// done of total, or an endless bar when total is 0.
func (p *progress) set(message string, done, total int) {
	p.setBar(message, int64(done), int64(total), "")
}

// report shows, from any goroutine, a job's progress (cdop.ReportProgress):
// its stage, or working when it has one stage, and a bar of done out of
// total with both written on it ("12 of 40 cases", "1.2 MB of 4.0 MB").
func (p *progress) report(working string, pr cdop.Progress) {
	message := working
	if pr.Stage != "" {
		message = pr.Stage + "…"
	}
	var label string
	switch pr.Unit {
	case cdop.UnitBytes:
		label = fileSize(pr.Done) + " of " + fileSize(pr.Total)
	default:
		label = thousands(int(pr.Done)) + " of " + plural(int(pr.Total), "case")
	}
	p.setBar(message, pr.Done, pr.Total, label)
}

// setBar shows message and, when total is above 0, a bar of done out of
// total labelled label (a percentage when label is "").
func (p *progress) setBar(message string, done, total int64, label string) {
	p.run.Update(func() {
		p.message.SetText(message)
		if total <= 0 {
			return
		}
		if p.endless.Visible() {
			p.endless.Stop()
			p.endless.Hide()
			p.bar.Show()
		}
		p.bar.Max = float64(total)
		p.bar.TextFormatter = nil
		if label != "" {
			p.bar.TextFormatter = func() string { return label }
		}
		p.bar.SetValue(float64(done))
	})
}

// fileNamePart makes text safe in a file name: letters, digits and
// hyphens, nothing else.
func fileNamePart(text string) string {
	var b strings.Builder
	for _, r := range text {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-':
			b.WriteRune(r)
		case r == ' ', r == '_', r == '/':
			b.WriteRune('-')
		}
	}
	return b.String()
}

// periodName names a period in a file name: "2025-26" for a financial
// year, "2025" for a calendar year, otherwise its dates ("all-dates" when
// both ends are open).
func periodName(from, to cdop.Date) string {
	switch {
	case from.IsZero() && to.IsZero():
		return "all-dates"
	case from.IsZero():
		return "to-" + to.String()
	case to.IsZero():
		return "from-" + from.String()
	case from.String() == fmt.Sprintf("%d-04-01", from.Year()) && to.String() == fmt.Sprintf("%d-03-31", from.Year()+1):
		return fmt.Sprintf("%d-%02d", from.Year(), (from.Year()+1)%100)
	case from.String() == fmt.Sprintf("%d-01-01", from.Year()) && to.String() == fmt.Sprintf("%d-12-31", from.Year()):
		return fmt.Sprint(from.Year())
	}
	return from.String() + "-to-" + to.String()
}
