package app

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"casemanager/cdop"
	"casemanager/outfile"
	"casemanager/safecsv"
)

// usersScreen is the administrator's list of accounts: add a user, disable
// or enable one, give one a new password.
type usersScreen struct {
	ui      *UI
	content fyne.CanvasObject
	rows    *fyne.Container
}

// userWidths: the roles share what the name, the state and the buttons
// (whose room is fixed, so they are never cut off) leave.
var userWidths = []float32{170, 0, 120, 230}

// ShowUsers shows the accounts (administrator).
func (u *UI) ShowUsers() {
	if !u.guard(cdop.ActUsers) {
		return
	}
	u.nav.Go(func() {
		u.highlight(navUsers)
		s := &usersScreen{ui: u, rows: container.NewVBox()}
		add := widget.NewButtonWithIcon("Add a user…", theme.ContentAddIcon(), s.askAdd)
		add.Importance = widget.HighImportance
		top := container.NewBorder(nil, nil, nil, add, heading("Users"))
		s.content = container.NewBorder(top, nil, nil, nil, container.NewVScroll(s.rows))
		u.nav.show(s.content, s)
		s.reload()
	})
}

func (s *usersScreen) reload() {
	u := s.ui
	u.run.Load("the users", func(ctx context.Context) (func(), error) {
		users, err := u.accounts.Users(ctx)
		return func() {
			var rows []fyne.CanvasObject
			for _, usr := range users {
				rows = append(rows, s.row(usr))
			}
			s.rows.Objects = []fyne.CanvasObject{rowsBox(headerRow(userWidths, "Name", "Roles", "State", ""), rows, "No users.")}
			s.rows.Refresh()
		}, err
	})
}

func (s *usersScreen) row(usr *cdop.User) fyne.CanvasObject {
	u := s.ui
	var roles []string
	for _, r := range usr.Roles {
		roles = append(roles, r.Label())
	}
	state := "Enabled"
	switch {
	case usr.Disabled:
		state = "Disabled"
	case u.clock.Now().Before(usr.LockedUntil):
		state = "Locked until " + usr.LockedUntil.Local().Format("15:04")
	}
	toggle := "Disable"
	if usr.Disabled {
		toggle = "Enable"
	}
	name := usr.Name
	disable := widget.NewButton(toggle, func() {
		u.run.Do(func(ctx context.Context) func() {
			err := u.accounts.SetDisabled(ctx, name, toggle == "Disable")
			return func() {
				u.bar.Outcome(err, "Not changed: ", fmt.Sprintf("%sd %s.", toggle, name))
				s.reload()
			}
		})
	})
	if u.user != nil && strings.EqualFold(name, u.user.Name) {
		disable.Disable() // no one disables their own account
	}
	reset := widget.NewButton("New password…", func() { s.askReset(name) })
	return gridRow(userWidths, cell(usr.Name), cell(strings.Join(roles, ", ")), cell(state), container.NewHBox(disable, reset))
}

// askAdd asks for a new user's name, roles and first password. What the
// app refuses is said in the dialog, which stays open with what was typed.
func (s *usersScreen) askAdd() {
	u := s.ui
	f := &formDialog{title: "Add a user", confirm: "Add", size: fyne.NewSize(520, 380)}
	name := f.entry("", cdop.CheckUserName)
	pw := f.password("")
	pw.Validator = func(p string) error { return cdop.CheckPassword(name.Text, p) }
	roles := widget.NewCheckGroup(cdop.Roles.Labels(), nil)
	problem := problemLabel()
	first := widget.NewFormItem("First password", pw)
	first.HintText = fmt.Sprintf("At least %d characters; give it to them in person.", cdop.MinPasswordLength)
	f.items = []*widget.FormItem{widget.NewFormItem("User name", name), widget.NewFormItem("Roles", container.NewVBox(labelled("Roles", roles), problem)), first}
	f.focus = name
	f.submitted = func() {
		var chosen []cdop.Role
		for _, label := range roles.Selected {
			chosen = append(chosen, cdop.Role(cdop.Roles.CodeForLabel(label)))
		}
		n, p := name.Text, pw.Text
		u.run.Do(func(ctx context.Context) func() {
			_, err := u.accounts.AddUser(ctx, n, chosen, p)
			return func() {
				if err != nil {
					problem.say(err)
					f.open()
					return
				}
				u.bar.Success("Added " + n + "; give them their first password in person, and ask them to change it.")
				s.reload()
			}
		})
	}
	f.show(u.window)
}

// askReset asks for another user's new password.
func (s *usersScreen) askReset(name string) {
	u := s.ui
	f := &formDialog{title: "New password for " + name, confirm: "Set", size: fyne.NewSize(460, 220)}
	pw := f.password("")
	pw.Validator = func(p string) error { return cdop.CheckPassword(name, p) }
	problem := problemLabel()
	item := widget.NewFormItem("New password", pw)
	item.HintText = fmt.Sprintf("At least %d characters; give it to them in person.", cdop.MinPasswordLength)
	f.items = []*widget.FormItem{item, widget.NewFormItem("", problem)}
	f.focus = pw
	f.submitted = func() {
		p := pw.Text
		u.run.Do(func(ctx context.Context) func() {
			err := u.accounts.ResetPassword(ctx, name, p)
			return func() {
				if err != nil {
					problem.say(err)
					f.open()
					return
				}
				u.bar.Success("Gave " + name + " a new password; any lock is lifted.")
				s.reload()
			}
		})
	}
	f.show(u.window)
}

// dialogProblem says in a dialog why what was typed was refused; it takes
// no room until then.
type dialogProblem struct{ *widget.Label }

func problemLabel() dialogProblem {
	l := widget.NewLabel("")
	l.Wrapping = fyne.TextWrapWord
	l.Importance = widget.DangerImportance
	l.Hide()
	return dialogProblem{l}
}

// say shows err's sentence.
func (p dialogProblem) say(err error) {
	p.SetText(capitalise(userMessage(err)) + ".")
	p.Show()
}

// auditScreen is the administrator's view of the audit trail, filtered by
// user, case and days.
type auditScreen struct {
	ui               *UI
	content          fyne.CanvasObject
	user, ref        *entry
	from, to, action *entry
	rows             *fyne.Container
	count            *widget.Label
	export           *widget.Button
	shown            []cdop.AuditEntry // the rows on show, which Export writes
}

// auditWidths leave "What" room to read on a small laptop's window.
var auditWidths = []float32{50, 130, 120, 120, 100, 0}

// ShowAuditLog shows the audit trail (administrator).
func (u *UI) ShowAuditLog() {
	if !u.guard(cdop.ActAudit) {
		return
	}
	u.nav.Go(func() {
		u.highlight(navAudit)
		s := &auditScreen{ui: u, user: newEntry(), ref: newEntry(), from: dateEntry(""), to: dateEntry(""),
			action: newEntry(), rows: container.NewVBox(), count: widget.NewLabel("")}
		s.user.SetPlaceHolder("User name")
		s.ref.SetPlaceHolder("Reference")
		s.from.SetPlaceHolder("YYYY-MM-DD")
		s.to.SetPlaceHolder("YYYY-MM-DD")
		s.action.SetPlaceHolder("e.g. sign_in")
		apply := widget.NewButtonWithIcon("Show", theme.SearchIcon(), s.reload)
		s.export = widget.NewButtonWithIcon("Export CSV…", theme.DocumentSaveIcon(), s.onExport)
		s.export.Disable() // until rows are on show
		for _, e := range []*entry{s.user, s.ref, s.from, s.to, s.action} {
			e.OnSubmitted = func(string) { s.reload() }
		}
		// Each filter is named above its box: the two dates' boxes would
		// otherwise look alike.
		captioned := func(name string, e *entry) fyne.CanvasObject {
			return container.NewVBox(widget.NewLabelWithStyle(name, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), labelled(name, e))
		}
		filters := container.NewGridWithColumns(6, captioned("User", s.user), captioned("Case reference", s.ref),
			captioned("From date", s.from), captioned("To date", s.to), captioned("Action", s.action),
			container.NewVBox(widget.NewLabel(""), apply))
		top := container.NewVBox(heading("Audit log"), filters,
			hintLabel("User and action match part of a name, in any case: \"ada\" finds Ada and adam.lee."),
			container.NewBorder(nil, nil, nil, s.export, s.count))
		s.content = container.NewBorder(top, nil, nil, nil, container.NewVScroll(s.rows))
		u.nav.show(s.content, s)
		s.reload()
	})
}

func (s *auditScreen) reload() {
	u := s.ui
	// The user and action are matched as parts of names (MatchesText), so
	// the store is asked for every user's rows.
	f := cdop.AuditFilter{CaseRef: strings.TrimSpace(s.ref.Text)}
	for _, d := range []struct {
		what string
		e    *entry
		to   *cdop.Date
	}{{"From date", s.from, &f.From}, {"To date", s.to, &f.To}} {
		day, err := readDate(d.what, d.e.Text, false)
		if err != nil {
			u.bar.Error(capitalise(userMessage(err)) + ".")
			return
		}
		*d.to = day
	}
	u.bar.Clear() // a refusal of an earlier filter no longer holds
	user, action := s.user.Text, s.action.Text
	u.run.Load("the audit log", func(ctx context.Context) (func(), error) {
		all, err := u.accounts.AuditTrail(ctx, f)
		var entries []cdop.AuditEntry
		for _, e := range all {
			if e.MatchesText(user, action) {
				entries = append(entries, e)
			}
		}
		if err == nil {
			// The trail holds identifiable values: reading it is recorded.
			err = u.accounts.RecordView(ctx, "audit log", "", len(entries))
		}
		return func() {
			s.shown = entries
			if len(entries) > 0 {
				s.export.Enable()
			} else {
				s.export.Disable()
			}
			var rows []fyne.CanvasObject
			for _, e := range entries {
				rows = append(rows, gridRow(auditWidths, cell(strconv.FormatInt(e.ID, 10)), cell(e.At.Local().Format("2 Jan 2006 15:04")),
					cell(e.Actor), cell(e.CaseRef), cell(e.Action), wrapped(cdop.ChangesText(e.Changes))))
			}
			s.count.SetText(fmt.Sprintf("%s rows", thousands(len(rows))))
			s.rows.Objects = []fyne.CanvasObject{rowsBox(headerRow(auditWidths, "Row", "When", "Who", "Case", "Action", "What"), rows, "No rows match.")}
			s.rows.Refresh()
		}, err
	})
}

// onExport saves the rows on show as a CSV file (the audit command's
// columns, cells a spreadsheet would run protected), audited as an output.
func (s *auditScreen) onExport() {
	entries := s.shown
	s.ui.saveOutput(output{
		title:      "Export the audit log",
		fileName:   "CDOP-audit-log-" + s.ui.today().String() + ".csv",
		extensions: []string{".csv"},
		working:    "Writing " + plural(len(entries), "row") + " of the audit log…",
		save: func(ctx context.Context, path string, opts outfile.Options) (string, error) {
			err := outfile.Write(path, opts, func(w io.Writer) error {
				out := safecsv.NewWriter(w)
				out.Write(cdop.AuditColumns) // a failure is sticky: Close reports it
				for _, e := range entries {
					if err := ctx.Err(); err != nil {
						return err
					}
					out.Write(e.Row())
				}
				return out.Close()
			})
			if err != nil {
				return "", err
			}
			return fmt.Sprintf("Saved %s of the audit log.", plural(len(entries), "row")), nil
		},
		audited: func() (string, string, int) { return "audit log", "", len(entries) },
	})
}

// ShowPanelMeetings lists the meetings a panel member attends, each
// opening its anonymised panel view.
func (u *UI) ShowPanelMeetings() {
	if !u.guard(cdop.ActPanelView) {
		return
	}
	u.nav.Go(func() {
		u.highlight(navPanelMeetings)
		rows := container.NewVBox()
		content := container.NewBorder(heading("My panel meetings"), nil, nil, nil, container.NewVScroll(rows))
		u.nav.show(content, nil)
		u.run.Load("the meetings", func(ctx context.Context) (func(), error) {
			meetings, err := u.meetings.Meetings(ctx)
			return func() {
				var items []fyne.CanvasObject
				for _, m := range meetings {
					if cdop.AllowMeeting(u.user, m) != nil {
						continue
					}
					id := m.ID
					items = append(items, container.NewBorder(nil, nil, nil,
						widget.NewButtonWithIcon("Panel view", theme.VisibilityIcon(), func() { u.ShowPanelView(id) }),
						cell(m.Title())))
				}
				if len(items) == 0 {
					items = append(items, lowLabel("You are not recorded as attending any meeting. The CDOP coordinator adds you to a meeting's attendees under your user name."))
				}
				rows.Objects = items
				rows.Refresh()
			}, err
		})
	})
}
