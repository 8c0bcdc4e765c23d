package app

import (
	"context"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"casemanager/cdop"
)

// navBackups is the navigation entry of the Backups screen.
const navBackups = "Backups"

// BackupsScreen is the administrator's view of the automatic backups kept
// beside the database (daily, before an update of the app, before a
// restore, and those made with "Back up now"): when each was made, its size
// and why, with "Restore this one…" on each, and how many are kept.
type BackupsScreen struct {
	ui      *UI
	content fyne.CanvasObject

	rows   *fyne.Container
	kept   *entry
	keep   *widget.Button
	backUp *widget.Button
	status *widget.Label
}

// ShowBackups shows the Backups screen.
func (u *UI) ShowBackups() {
	u.openScreen(cdop.ActBackup, navBackups, func() (fyne.CanvasObject, loadingScreen) {
		s := newBackupsScreen(u)
		return s.content, s
	})
}

var backupWidths = []float32{220, 110, 260, 0}

func newBackupsScreen(u *UI) *BackupsScreen {
	s := &BackupsScreen{ui: u}
	s.rows = container.NewVBox()
	s.kept = newEntry()
	s.kept.SetPlaceHolder(strconv.Itoa(cdop.DefaultBackupsKept))
	s.keep = widget.NewButton("Keep this many", s.onKeep)
	s.backUp = widget.NewButtonWithIcon("Back up now", theme.DocumentSaveIcon(), s.onBackUpNow)
	s.backUp.Importance = widget.HighImportance
	s.status = widget.NewLabel("")
	s.status.Wrapping = fyne.TextWrapWord

	top := container.NewVBox(heading("Backups"),
		lowLabel("The app keeps a verified copy of the database in the folder \"backups\" beside it: one a day when the app is first opened, one before each update of the app and one before each restore, and those made here. The oldest beyond the number kept are removed. Restoring one replaces the database with it; the database as it is now is backed up first and kept beside it."),
		container.NewBorder(nil, nil, nil, container.NewHBox(s.keep, s.backUp),
			gridRow([]float32{260, 80}, labelFor("Automatic backups kept"), labelled("Automatic backups kept", s.kept))),
	)
	body := container.NewVScroll(s.rows)
	s.content = container.NewBorder(top, s.status, nil, nil, body)
	if u.backups == nil {
		s.backUp.Disable()
		s.keep.Disable()
		s.setStatus("Backups are not set up in this installation.", widget.DangerImportance)
	}
	return s
}

// reload lists the backups and the number kept.
func (s *BackupsScreen) reload() {
	if s.ui.backups == nil {
		return
	}
	s.ui.run.Do(func(ctx context.Context) func() {
		list, err := s.ui.backups.Backups(ctx)
		kept, kerr := s.ui.backups.BackupsKept(ctx)
		return func() {
			if err != nil {
				s.setStatus("The backups could not be listed: "+userMessage(err), widget.DangerImportance)
				return
			}
			if kerr == nil {
				s.kept.SetText(strconv.Itoa(kept))
			}
			s.show(list)
		}
	})
}

// show lists the backups, newest first.
func (s *BackupsScreen) show(list []cdop.Backup) {
	var rows []fyne.CanvasObject
	for _, b := range list {
		restore := widget.NewButtonWithIcon("Restore this one…", theme.HistoryIcon(), func() { s.onRestore(b) })
		rows = append(rows, gridRow(backupWidths, cell(b.Made.Local().Format("Mon 2 Jan 2006 15:04")), cell(fileSize(b.Size)),
			cell(backupReason(b.Reason)), container.NewBorder(nil, nil, nil, restore)))
	}
	s.rows.Objects = []fyne.CanvasObject{rowsBox(headerRow(backupWidths, "Made", "Size", "Why", ""), rows,
		"No backups yet: the app makes one when it is first opened each day, or use Back up now.")}
	s.rows.Refresh()
}

// backupReason says why a backup was made.
func backupReason(reason string) string {
	switch reason {
	case cdop.BackupDaily:
		return "Daily"
	case cdop.BackupManual:
		return "Back up now"
	case cdop.BackupBeforeMigration:
		return "Before an update of the app"
	case cdop.BackupBeforeRestore:
		return "Before a restore"
	}
	return reason
}

// fileSize writes a size in bytes for people: 812 KB, 12.4 MB.
func fileSize(n int64) string {
	switch {
	case n < 1<<20:
		return thousands(int((n+1023)/1024)) + " KB"
	case n < 1<<30:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%.1f GB", float64(n)/(1<<30))
}

func (s *BackupsScreen) onBackUpNow() {
	s.backUp.Disable()
	s.ui.withProgress("Back up now", "Copying and checking the database…", true, func(ctx context.Context, _ *progress) func() {
		b, err := s.ui.backups.BackUpNow(ctx)
		cancelled := err != nil && ctx.Err() != nil
		return func() {
			s.backUp.Enable()
			if cancelled {
				s.setStatus("Cancelled: no backup was made.", widget.MediumImportance)
				return
			}
			if err != nil {
				s.setStatus("No backup was made: "+userMessage(err), widget.DangerImportance)
				return
			}
			s.setStatus(fmt.Sprintf("Backed up: %s (%s), checked.", filepath.Base(b.Path), fileSize(b.Size)), widget.SuccessImportance)
			s.reload()
		}
	})
}

func (s *BackupsScreen) onKeep() {
	n, err := strconv.Atoi(strings.TrimSpace(s.kept.Text))
	if err != nil {
		s.setStatus("Not saved: type how many backups to keep, a whole number from 1 to 1000.", widget.DangerImportance)
		return
	}
	s.ui.run.Do(func(ctx context.Context) func() {
		err := s.ui.backups.SetBackupsKept(ctx, n)
		return func() {
			if err != nil {
				s.setStatus("Not saved: "+userMessage(err), widget.DangerImportance)
				return
			}
			s.setStatus(fmt.Sprintf("The newest %s are kept.", plural(n, "backup")), widget.SuccessImportance)
			s.reload()
		}
	})
}

// onRestore asks, then restores b in place of the open database.
func (s *BackupsScreen) onRestore(b cdop.Backup) {
	when := b.Made.Local().Format("Monday 2 January 2006 at 15:04")
	text := wrapped(fmt.Sprintf("Replace the database with the backup made on %s?\n\nEverything saved since then will no longer be in the register. The database as it is now is backed up first and kept beside it, so nothing is lost. Close the app on any other computer using this database first.", when))
	d := dialog.NewCustomConfirm("Restore this backup?", "Restore", "Cancel", text, func(ok bool) {
		if ok {
			s.restore(b)
		}
	}, s.ui.window)
	d.Resize(fyne.NewSize(560, 0))
	d.Show()
	escapeCancels(s.ui.window, d) // replacing the database is clicked, never an Enter by habit
}

func (s *BackupsScreen) restore(b cdop.Backup) {
	s.ui.withProgress("Restore", "Checking the backup, backing up the database and restoring…", false, func(ctx context.Context, _ *progress) func() {
		r, err := s.ui.backups.Restore(ctx, b.Path)
		return func() {
			if err != nil {
				s.setStatus("Nothing was restored: "+userMessage(err), widget.DangerImportance)
				return
			}
			s.ui.setReadOnly(nil) // the restored database passed its checks
			lines := []string{fmt.Sprintf("Restored the backup made on %s (%s).", r.Made.Local().Format("2 January 2006 at 15:04"), plural(r.Cases, "case"))}
			if r.Kept != "" {
				lines = append(lines, "The database it replaced is kept as "+r.Kept+".")
			}
			if r.Before != "" {
				lines = append(lines, "A backup of it was made first: "+filepath.Base(r.Before)+".")
			}
			s.setStatus(strings.Join(lines, " "), widget.SuccessImportance)
			s.ui.showInformation("Restored", strings.Join(lines, "\n"))
			s.reload()
		}
	})
}

func (s *BackupsScreen) setStatus(text string, imp widget.Importance) {
	s.status.Importance = imp
	s.status.TextStyle.Bold = imp == widget.DangerImportance
	s.status.SetText(text)
}

// startDailyBackup makes the day's automatic backup in the background, as
// the app opens (unless one was made today); a failure is shown.
func (u *UI) startDailyBackup() {
	if u.backups == nil {
		return
	}
	u.run.Do(func(ctx context.Context) func() {
		if _, err := u.backups.DailyBackup(ctx); err != nil {
			return func() { u.showError(fmt.Errorf("the day's automatic backup could not be made: %w", err)) }
		}
		return nil
	})
}

// storeNotice is the banner above the screens that says what the app
// must tell about the database at all times: why it cannot save, or that
// it is waiting for another user or program that is saving.
func (u *UI) storeNotice() fyne.CanvasObject {
	u.notice = widget.NewLabel("")
	u.notice.Wrapping = fyne.TextWrapWord
	u.notice.Hide()
	return u.notice
}

// SetWaiting says, in the banner above the screens, that a save is waiting for
// another user or program (true), or no longer (false). Call it on the UI
// goroutine (fyne.Do).
func (u *UI) SetWaiting(waiting bool) {
	u.waiting = waiting
	u.refreshNotice()
}

// SetReadOnly says, in the banner above the screens, why the database cannot be
// written (nil: it can). Call it on the UI goroutine (fyne.Do).
func (u *UI) SetReadOnly(why error) { u.setReadOnly(why) }

func (u *UI) setReadOnly(why error) {
	u.readOnly = why
	u.refreshNotice()
}

func (u *UI) refreshNotice() {
	if u.notice == nil {
		return
	}
	switch {
	case u.readOnly != nil:
		u.notice.Importance = widget.DangerImportance
		u.notice.SetText(capitalise(userMessage(u.readOnly))) // it says why nothing can be saved
		u.notice.Show()
	case u.waiting:
		u.notice.Importance = widget.WarningImportance
		u.notice.SetText("Another user or program is saving — waiting…")
		u.notice.Show()
	default:
		u.notice.Hide()
	}
}
