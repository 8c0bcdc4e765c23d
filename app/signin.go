package app

import (
	"context"
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"casemanager/cdop"
)

// Signing in. With an AccountService the window shows nothing of the
// register until someone signs in: on a new database, the form that makes
// its administrator (and shows the recovery key once); otherwise the
// sign-in form. The navigation then offers only what the user's roles
// allow, every screen checks the role again before it loads, the signed-in
// user is named under the navigation, and the window locks itself after
// the idle minutes of the sign-in policy, hiding every screen until the
// password is typed again.

// signIn is the sign-in screen's widgets.
type signIn struct {
	content  fyne.CanvasObject
	name     *entry
	password *entry // with Fyne's button that shows the password
	submit   *widget.Button
	message  *widget.Label
}

// start shows the first screen: the dashboard without accounts, else the
// administrator's or the sign-in form.
func (u *UI) start() {
	if u.accounts == nil {
		u.window.SetContent(u.timing.drawn(MomentFirstFrame, u.shell))
		u.showHome()
		return
	}
	u.window.SetContent(u.timing.drawn(MomentFirstFrame, container.NewCenter(widget.NewLabel("Opening the database…"))))
	u.run.Always(context.Background(), func(ctx context.Context) func() {
		has, err := u.accounts.HasUsers(ctx)
		return func() {
			switch {
			case err != nil:
				u.showSignIn(userMessage(err))
			case has:
				u.showSignIn("")
			default:
				u.showFirstAdmin()
			}
		}
	})
}

// showSignIn replaces the window's content with the sign-in form; note,
// when set, says why (e.g. locked after idle minutes).
func (u *UI) showSignIn(note string) {
	u.window.SetTitle("CDOP Case Manager")
	s := &signIn{name: newEntry(), password: newPasswordEntry(), message: widget.NewLabel(note)}
	s.name.SetPlaceHolder("User name")
	s.password.SetPlaceHolder("Password")
	s.message.Wrapping = fyne.TextWrapWord
	s.message.Importance = widget.WarningImportance
	if u.locked != nil {
		s.name.SetText(u.locked.Name)
	}
	s.submit = widget.NewButtonWithIcon("Sign in", theme.LoginIcon(), func() { u.onSignIn(s) })
	s.submit.Importance = widget.HighImportance
	s.password.OnSubmitted = func(string) { u.onSignIn(s) }
	s.name.OnSubmitted = func(string) { u.window.Canvas().Focus(s.password) }
	recover := widget.NewButton("Forgotten password? Use the recovery key…", u.showRecovery)
	recover.Importance = widget.LowImportance
	form := widget.NewForm(widget.NewFormItem("User name", s.name), widget.NewFormItem("Password", s.password))
	body := container.NewVBox(form, s.message, s.submit, recover)
	if u.readOnly != nil {
		// The database refuses every write: say so before anyone signs in.
		why := widget.NewLabel(capitalise(userMessage(u.readOnly)))
		why.Wrapping = fyne.TextWrapWord
		why.Importance = widget.DangerImportance
		body.Objects = append([]fyne.CanvasObject{why}, body.Objects...)
	}
	card := widget.NewCard("CDOP Case Manager", "Sign in to open the case database", body)
	s.content = container.NewCenter(container.NewGridWrap(fyne.NewSize(460, 420), card))
	u.signInScreen = s
	u.window.SetContent(u.timing.drawn(MomentSignInDrawn, s.content))
	if s.name.Text == "" {
		u.window.Canvas().Focus(s.name)
	} else {
		u.window.Canvas().Focus(s.password)
	}
}

func (u *UI) onSignIn(s *signIn) {
	if s.submit.Disabled() {
		return // signing in already (Enter typed again)
	}
	name, password := s.name.Text, s.password.Text
	s.password.SetText("")
	s.submit.Disable()
	s.message.SetText("Signing in…")
	u.run.Always(context.Background(), func(ctx context.Context) func() {
		user, err := u.accounts.SignIn(ctx, name, password)
		return func() {
			s.submit.Enable()
			if err != nil {
				s.message.SetText(capitalise(userMessage(err)) + ".")
				u.window.Canvas().Focus(s.password)
				return
			}
			u.signedIn(user)
			u.timing.moment(MomentSignedIn, 0)
		}
	})
}

// showFirstAdmin asks a new database's first user for their name and
// password; they become its administrator, holding every role.
func (u *UI) showFirstAdmin() {
	name, pw, again := newEntry(), newPasswordEntry(), newPasswordEntry()
	name.SetPlaceHolder("User name")
	pw.SetPlaceHolder("Password")
	again.SetPlaceHolder("Password again")
	message := widget.NewLabel(fmt.Sprintf("Passwords have at least %d characters: a few unrelated words make a strong one.", cdop.MinPasswordLength))
	message.Wrapping = fyne.TextWrapWord
	var create *widget.Button
	create = widget.NewButtonWithIcon("Create the administrator", theme.AccountIcon(), func() {
		if pw.Text != again.Text {
			message.SetText("The two passwords differ; type the same password twice.")
			return
		}
		n, p := name.Text, pw.Text
		create.Disable()
		u.run.Always(context.Background(), func(ctx context.Context) func() {
			recovery, user, err := u.accounts.CreateFirstAdmin(ctx, n, p)
			return func() {
				create.Enable()
				if err != nil {
					message.SetText(capitalise(userMessage(err)) + ".")
					return
				}
				u.showRecoveryKey(recovery, user)
			}
		})
	})
	create.Importance = widget.HighImportance
	again.OnSubmitted = func(string) { create.OnTapped() }
	form := widget.NewForm(widget.NewFormItem("User name", name), widget.NewFormItem("Password", pw), widget.NewFormItem("Password again", again))
	card := widget.NewCard("A new case database", "Its first user is its administrator, holding every role: they add the other users.",
		container.NewVBox(form, message, create))
	u.window.SetContent(container.NewCenter(container.NewGridWrap(fyne.NewSize(520, 380), card)))
	u.window.Canvas().Focus(name)
}

// showRecoveryKey shows the recovery key once, and goes on only once the
// administrator says they have kept it.
func (u *UI) showRecoveryKey(recovery string, user *cdop.User) {
	// On lines of whole groups: a line break inside a group misleads
	// whoever copies the key by hand.
	key := widget.NewLabelWithStyle(keyLines(recovery), fyne.TextAlignCenter, fyne.TextStyle{Monospace: true})
	cont := widget.NewButtonWithIcon("Continue", theme.NavigateNextIcon(), func() { u.signedIn(user) })
	cont.Importance = widget.HighImportance
	cont.Disable()
	kept := widget.NewCheck("I have printed or written down the recovery key and will keep it offline", func(on bool) {
		if on {
			cont.Enable()
		} else {
			cont.Disable()
		}
	})
	note := widget.NewLabel("This is the database's recovery key. It is shown this once. If every administrator forgets " +
		"their password, it is the only way back in; anyone who has it and the database file can read every case. " +
		"Keep it offline, apart from the computer, as your information governance lead directs.")
	note.Wrapping = fyne.TextWrapWord
	card := widget.NewCard("Recovery key", "", container.NewVBox(note, key, labelled(kept.Text, kept), cont))
	u.window.SetContent(container.NewCenter(container.NewGridWrap(fyne.NewSize(560, 420), card)))
}

// keyLines sets out a recovery key (groups joined by hyphens) on two lines
// that break between groups, each line but the last ending in its hyphen.
func keyLines(key string) string {
	groups := strings.Split(key, "-")
	half := (len(groups) + 1) / 2
	if half == 0 || half == len(groups) {
		return key
	}
	return strings.Join(groups[:half], "-") + "-\n" + strings.Join(groups[half:], "-")
}

// showRecovery asks for the recovery key, an administrator's name and their
// new password.
func (u *UI) showRecovery() {
	key, name, pw := newEntry(), newEntry(), newPasswordEntry()
	key.SetPlaceHolder("XXXX-XXXX-… (56 letters and digits)")
	name.SetPlaceHolder("Administrator's user name")
	pw.SetPlaceHolder("New password")
	message := widget.NewLabel("")
	message.Wrapping = fyne.TextWrapWord
	var reset *widget.Button
	reset = widget.NewButton("Set the new password and sign in", func() {
		k, n, p := key.Text, name.Text, pw.Text
		reset.Disable()
		u.run.Always(context.Background(), func(ctx context.Context) func() {
			user, err := u.accounts.Recover(ctx, k, n, p)
			return func() {
				reset.Enable()
				if err != nil {
					message.SetText(capitalise(userMessage(err)) + ".")
					return
				}
				u.signedIn(user)
			}
		})
	})
	reset.Importance = widget.HighImportance
	// Enter goes on to the next box and, in the last, sets the password.
	key.OnSubmitted = func(string) { u.window.Canvas().Focus(name) }
	name.OnSubmitted = func(string) { u.window.Canvas().Focus(pw) }
	pw.OnSubmitted = func(string) {
		if !reset.Disabled() {
			reset.OnTapped()
		}
	}
	back := widget.NewButton("Back to signing in", func() { u.showSignIn("") })
	form := widget.NewForm(widget.NewFormItem("Recovery key", key), widget.NewFormItem("Administrator", name), widget.NewFormItem("New password", pw))
	card := widget.NewCard("Recover with the recovery key", "For when every administrator has forgotten their password.",
		container.NewVBox(form, message, reset, back))
	u.window.SetContent(container.NewCenter(container.NewGridWrap(fyne.NewSize(560, 380), card)))
	// The cursor starts in the key's box: typing before choosing a box
	// must not put the new password into the plain administrator's box.
	u.window.Canvas().Focus(key)
}

// signedIn opens the app for a user: the navigation their roles allow, and
// their first screen. After an idle lock the same user returns to the
// screen they left.
func (u *UI) signedIn(user *cdop.User) {
	u.user = user
	u.signInScreen = nil
	resume := u.locked != nil && u.locked.Name == user.Name
	u.locked = nil
	u.lastActive = u.clock.Now()
	u.applyRoles()
	u.window.SetContent(u.shell)
	if !resume {
		u.showHome()
	}
	u.warmRegister()
	// The idle lock's minutes are a setting.
	u.run.Always(context.Background(), func(ctx context.Context) func() {
		settings, err := u.flow.Settings(ctx)
		return func() {
			if err == nil {
				u.idleLock = settings.SignInPolicy().IdleLock
			}
		}
	})
}

// warmRegister has the store build its case index in the background after
// sign-in, for a user who may open the register, so that the register's
// first opening need not wait while every case's listing is read and
// decrypted (seconds at 100,000 cases). The index serves only the
// register's search and listing; for a user whose roles show no
// identifier (a panel member, a data lead) it is never built.
func (u *UI) warmRegister() {
	if !u.allows(cdop.ActViewCases) {
		return
	}
	u.run.Always(context.Background(), func(ctx context.Context) func() {
		u.cases.ListCases(ctx, cdop.CaseFilter{Limit: 1}) // a failure is said when the register is opened
		return nil
	})
}

// showHome shows the screen last on show when the app was last used, if
// the user's roles allow it; otherwise the first screen they allow.
func (u *UI) showHome() {
	last := fyne.CurrentApp().Preferences().String(prefLastScreen)
	for _, e := range u.navEntries {
		if e.key == last && e.button.Visible() && u.allows(e.action) {
			e.show()
			return
		}
	}
	for _, e := range u.navEntries {
		if u.allows(e.action) {
			e.show()
			return
		}
	}
}

// allows reports whether the signed-in user may do an action; without
// accounts everything is allowed.
func (u *UI) allows(a cdop.Action) bool {
	return u.accounts == nil || u.user.Can(a)
}

// guard says, in the message bar, why the user may not open a screen, and
// reports whether they may.
func (u *UI) guard(a cdop.Action) bool {
	if u.allows(a) {
		return true
	}
	u.bar.Error(capitalise(userMessage(cdop.Allow(u.user, a))) + ".")
	return false
}

// applyRoles shows the navigation entries the user's roles allow, hiding
// the others rather than showing them dead, and names the user.
func (u *UI) applyRoles() {
	for _, e := range u.navEntries {
		visible := u.allows(e.action)
		if e.key == navPanelMeetings {
			// A coordinator reaches every panel view from Meetings.
			visible = visible && u.accounts != nil && !u.allows(cdop.ActMeetings)
		}
		showIf(e.button, visible)
	}
	showIf(u.newNotification, u.allows(cdop.ActEditCases))
	u.list.showImport()
	if u.user != nil {
		u.userLabel.SetText("Signed in as " + u.user.Name)
		// Named in the window's title too, which a short screen keeps.
		u.window.SetTitle("CDOP Case Manager (" + u.user.Name + ")")
		u.userBox.Show()
	}
}

// lock ends the session: after idle minutes, or when the user locks the
// window. Every screen is hidden until the password is typed again; the
// same user comes back to where they were.
func (u *UI) lock(why string) {
	if u.user == nil {
		return
	}
	u.locked, u.user = u.user, nil
	u.closeOverlays()
	u.bar.Clear() // a message from before the lock is stale when the user is back, and may name a case
	u.run.Always(context.Background(), func(ctx context.Context) func() {
		err := u.accounts.SignOut(ctx, why)
		return func() {
			if err != nil {
				u.bar.Failed("Could not record the lock", err)
			}
		}
	})
	u.showSignIn("Locked: sign in again to go on where you were.")
}

// closeOverlays takes every dialog, pop-up and menu off the window: what
// they show may name a child, and nothing behind the sign-in form may be
// used. A dialog's Enter and Escape go with it.
func (u *UI) closeOverlays() {
	c := u.window.Canvas()
	for top := c.Overlays().Top(); top != nil; top = c.Overlays().Top() {
		c.Overlays().Remove(top)
	}
	c.SetOnTypedKey(u.onKey)
}

// signOut ends the session and forgets the screen on show.
func (u *UI) signOut() {
	u.ConfirmLeave(func() {
		u.lock("sign out")
		u.locked = nil
		u.signInScreen.name.SetText("")
		u.signInScreen.message.SetText("Signed out.")
	})
}

// noteActivity records that the user is at the window (a mouse moving over
// it, a screen opened), putting the idle lock off.
func (u *UI) noteActivity() { u.lastActive = u.clock.Now() }

// checkIdle locks the window once the user has been idle for the policy's
// idle minutes; it runs on the UI goroutine, every few seconds.
func (u *UI) checkIdle() {
	if u.user != nil && u.idleLock > 0 && u.clock.Now().Sub(u.lastActive) >= u.idleLock {
		u.lock("idle lock")
	}
}

// watchIdle checks for idleness every interval until the app closes.
func (u *UI) watchIdle(interval time.Duration) {
	if u.accounts == nil || u.idleLock <= 0 {
		return
	}
	u.idleTicker = time.NewTicker(interval)
	ticks := u.idleTicker.C
	go func() {
		for range ticks {
			fyne.Do(u.checkIdle)
		}
	}()
}

// activity is a layer under the window's content that notices the mouse
// moving over it, for the idle lock (what sits on top handles its own input).
type activity struct {
	widget.BaseWidget
	seen func()
}

func newActivity(seen func()) *activity {
	a := &activity{seen: seen}
	a.ExtendBaseWidget(a)
	return a
}

// CreateRenderer draws nothing.
func (a *activity) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(container.NewWithoutLayout())
}

// MouseIn notes activity.
func (a *activity) MouseIn(*desktop.MouseEvent) { a.seen() }

// MouseMoved notes activity.
func (a *activity) MouseMoved(*desktop.MouseEvent) { a.seen() }

// MouseOut does nothing.
func (a *activity) MouseOut() {}
