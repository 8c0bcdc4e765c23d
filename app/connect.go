package app

import (
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"casemanager/cdop"
	"casemanager/credstore"
	"casemanager/dbaddr"
)

// The desktop's "open database" for a server: a coordinator picks the
// server's host, port, database and user (or a recent connection), and
// gives the server user's password, which is kept, when they tick
// "Remember", in the operating system's credential store and nowhere
// else. The recent connections are kept in the app's preferences, without
// their passwords.

// prefRecentServers holds the recent server connections (JSON, newest
// first), never a password.
const prefRecentServers = "server.recent"

// maxRecentServers is how many recent connections are remembered.
const maxRecentServers = 5

// ConnectConfig is what the connection form works with.
type ConnectConfig struct {
	// Prefs keeps the recent connections.
	Prefs fyne.Preferences
	// Credentials keeps passwords the coordinator asks to be remembered;
	// when it is unavailable the form says why and asks each time.
	Credentials credstore.Store
	// Open opens the case database at address with password; it runs off
	// the UI goroutine and returns why it could not (e.g. a wrong
	// password, a server not reached).
	Open func(ctx context.Context, address, password string) error
	// Connected runs on the UI goroutine once Open succeeded.
	Connected func(s dbaddr.Server)
	// Initial fills the form (a desktop started on a server's address);
	// nil fills it from the most recent connection.
	Initial *dbaddr.Server
	// Cancel, when set, is offered as a button (e.g. keep the database
	// open now).
	Cancel func()
	// Local, when set, is offered as a button opening this computer's own
	// database file instead.
	Local func()

	// run runs work off the UI goroutine and its result on it: the UI's
	// runner inside the app, a goroutine and fyne.DoAndWait before it.
	run func(work func(ctx context.Context) func())
}

// ConnectForm is the form of a server connection.
type ConnectForm struct {
	cfg     ConnectConfig
	content fyne.CanvasObject

	recent   *widget.Select
	host     *entry
	port     *entry
	database *entry
	user     *entry
	tls      *widget.Select
	password *entry
	remember *widget.Check
	kept     *widget.Label // whether a password is kept for the connection
	message  *widget.Label
	connect  *widget.Button

	servers []dbaddr.Server // the recent connections, as listed
	buttons []fyne.CanvasObject
}

// NewConnectForm builds the form.
func NewConnectForm(cfg ConnectConfig) *ConnectForm {
	f := &ConnectForm{cfg: cfg}
	f.host = newEntry()
	f.host.SetPlaceHolder("e.g. cdop-db.council.gov.uk")
	f.port = newEntry()
	f.port.SetText(strconv.Itoa(dbaddr.DefaultPort))
	f.database = newEntry()
	f.database.SetPlaceHolder("e.g. cdop")
	f.user = newEntry()
	f.user.SetPlaceHolder("the server user your IT gave you")
	labels := make([]string, len(dbaddr.TLSChoices))
	for i, t := range dbaddr.TLSChoices {
		labels[i] = t.Label()
	}
	f.tls = widget.NewSelect(labels, nil)
	f.tls.SetSelected(dbaddr.VerifyFull.Label())
	f.password = newPasswordEntry()
	f.password.SetPlaceHolder("the server user's password")
	f.password.OnSubmitted = func(string) { f.onConnect() }
	f.remember = widget.NewCheck("Remember the password in this computer's credential store", nil)
	f.kept = widget.NewLabel("")
	f.kept.Wrapping = fyne.TextWrapWord
	f.kept.Importance = widget.LowImportance
	if why := f.storeUnavailable(); why != nil {
		f.remember.Disable()
		f.kept.SetText(capitalise(why.Error()) + ".")
	}
	f.message = widget.NewLabel("")
	f.message.Wrapping = fyne.TextWrapWord
	f.message.Hide()
	f.connect = widget.NewButtonWithIcon("Connect", theme.LoginIcon(), f.onConnect)
	f.connect.Importance = widget.HighImportance

	f.servers = recentServers(cfg.Prefs)
	names := make([]string, len(f.servers))
	for i, s := range f.servers {
		names[i] = s.Account()
	}
	f.recent = widget.NewSelect(names, func(name string) {
		for _, s := range f.servers {
			if s.Account() == name {
				f.fill(s)
			}
		}
	})
	f.recent.PlaceHolder = "(none yet)"
	if len(names) > 0 {
		f.recent.PlaceHolder = "Choose a recent connection"
	}
	switch {
	case cfg.Initial != nil:
		f.fill(*cfg.Initial)
	case len(f.servers) > 0:
		f.recent.SetSelected(names[0])
	}

	labelled := func(label string, editor fyne.CanvasObject) fyne.CanvasObject {
		return container.NewVBox(widget.NewLabelWithStyle(label, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), editor)
	}
	fields := container.NewVBox(
		labelled("Recent connections", f.recent),
		container.NewGridWithColumns(2, labelled("Server", f.host), labelled("Port", f.port)),
		container.NewGridWithColumns(2, labelled("Database", f.database), labelled("Server user", f.user)),
		container.NewGridWithColumns(2, labelled("Encryption", f.tls), labelled("Password", f.password)),
	)
	note := lowLabel("Your IT gives you these. The password is the server user's, not your sign-in to the case manager (you sign in after connecting); it is never written to a file.")
	if cfg.Local != nil {
		b := widget.NewButtonWithIcon("Open this computer's database", theme.ComputerIcon(), cfg.Local)
		b.Importance = widget.LowImportance
		f.buttons = append(f.buttons, b)
	}
	if cfg.Cancel != nil {
		f.buttons = append(f.buttons, widget.NewButton("Cancel", cfg.Cancel))
	}
	f.buttons = append(f.buttons, f.connect)
	// The refusal above the fields, where a short window still shows it.
	f.content = container.NewVBox(note, f.message, fields, f.remember, f.kept)
	return f
}

// Content is the form's fields, with what it says above and below them.
func (f *ConnectForm) Content() fyne.CanvasObject { return f.content }

// Buttons are the form's buttons (Connect last), for the dialog or window
// holding it to show at its foot.
func (f *ConnectForm) Buttons() []fyne.CanvasObject { return f.buttons }

// say shows text as the form's message, or hides the message when "".
func (f *ConnectForm) say(text string, importance widget.Importance) {
	f.message.Importance = importance
	f.message.SetText(text)
	showIf(f.message, text != "")
}

// Focus puts the cursor where the coordinator types first: the password
// of a connection filled in, else the server.
func (f *ConnectForm) Focus(c fyne.Canvas) {
	if f.host.Text != "" && f.user.Text != "" {
		c.Focus(f.password)
		return
	}
	c.Focus(f.host)
}

func (f *ConnectForm) storeUnavailable() error {
	if f.cfg.Credentials == nil {
		return errors.New("no credential store is set up for this program, so the password is asked each time")
	}
	return f.cfg.Credentials.Available()
}

// fill shows a connection's parts, and whether its password is kept.
func (f *ConnectForm) fill(s dbaddr.Server) {
	f.host.SetText(s.Host)
	f.port.SetText(strconv.Itoa(s.Port))
	f.database.SetText(s.Database)
	f.user.SetText(s.User)
	f.tls.SetSelected(s.TLS.Label())
	f.password.SetText("")
	f.say("", widget.DangerImportance)
	if f.storeUnavailable() != nil {
		return
	}
	if _, err := f.cfg.Credentials.Get(s.Account()); err == nil {
		f.remember.SetChecked(true)
		f.kept.SetText("The password of this connection is kept in this computer's credential store: leave Password empty to use it, or untick Remember to forget it.")
	} else {
		f.remember.SetChecked(false)
		f.kept.SetText("")
	}
}

// server is the connection the form describes.
func (f *ConnectForm) server() (dbaddr.Server, error) {
	s := dbaddr.Server{Host: strings.TrimSpace(f.host.Text), Database: strings.TrimSpace(f.database.Text), User: strings.TrimSpace(f.user.Text)}
	port, err := strconv.Atoi(strings.TrimSpace(f.port.Text))
	if err != nil {
		return s, cdop.Errorf(cdop.EINVALID, "Port: %q is not a number (PostgreSQL's is %d)", f.port.Text, dbaddr.DefaultPort)
	}
	s.Port = port
	for _, t := range dbaddr.TLSChoices {
		if t.Label() == f.tls.Selected {
			s.TLS = t
		}
	}
	return s, s.Check()
}

// onConnect checks the form, finds the password and opens the database
// in the background.
func (f *ConnectForm) onConnect() {
	if f.connect.Disabled() {
		return
	}
	s, err := f.server()
	if err != nil {
		f.say(cdop.ErrorMessage(err)+".", widget.DangerImportance)
		return
	}
	password, fromStore := f.password.Text, false
	if password == "" && f.storeUnavailable() == nil {
		if p, err := f.cfg.Credentials.Get(s.Account()); err == nil {
			password, fromStore = p, true
		}
	}
	if password == "" {
		f.say("Password: type the password of the server user "+s.User+".", widget.DangerImportance)
		return
	}
	remember := f.remember.Checked && !f.remember.Disabled()
	f.say("Connecting to "+s.Host+"…", widget.MediumImportance)
	f.connect.Disable()
	f.background(func(ctx context.Context) func() {
		err := f.cfg.Open(ctx, s.URL(), password)
		return func() {
			f.connect.Enable()
			if err != nil {
				f.say(capitalise(userMessage(err))+".", widget.DangerImportance)
				if cdop.ErrorCode(err) == cdop.EUNAUTHENTICATED {
					f.password.SetText("")
					if fromStore { // the server's password has changed
						f.cfg.Credentials.Delete(s.Account())
						f.kept.SetText("")
					}
				}
				return
			}
			f.say("", widget.DangerImportance)
			f.password.SetText("")
			if f.storeUnavailable() == nil {
				if remember {
					if err := f.cfg.Credentials.Set(s.Account(), password); err != nil {
						f.kept.SetText("The password could not be kept in the credential store (" + err.Error() + "); it will be asked next time.")
					}
				} else {
					f.cfg.Credentials.Delete(s.Account())
				}
			}
			rememberServer(f.cfg.Prefs, s)
			if f.cfg.Connected != nil {
				f.cfg.Connected(s)
			}
		}
	})
}

// background runs work off the UI goroutine and applies its result on it.
func (f *ConnectForm) background(work func(ctx context.Context) func()) {
	if f.cfg.run != nil {
		f.cfg.run(work)
		return
	}
	go func() {
		apply := work(context.Background())
		fyne.DoAndWait(apply)
	}()
}

// recentServers reads the recent connections from the preferences.
func recentServers(prefs fyne.Preferences) []dbaddr.Server {
	if prefs == nil {
		return nil
	}
	var out []dbaddr.Server
	if err := json.Unmarshal([]byte(prefs.String(prefRecentServers)), &out); err != nil {
		return nil
	}
	return out
}

// rememberServer puts s first among the recent connections.
func rememberServer(prefs fyne.Preferences, s dbaddr.Server) {
	if prefs == nil {
		return
	}
	list := []dbaddr.Server{s}
	for _, r := range recentServers(prefs) {
		if r.Account() != s.Account() && len(list) < maxRecentServers {
			list = append(list, r)
		}
	}
	b, err := json.Marshal(list)
	if err != nil {
		return
	}
	prefs.SetString(prefRecentServers, string(b))
}

// RecentServer returns the most recent server connection, if any: the
// desktop opens it at start when no database is named.
func RecentServer(prefs fyne.Preferences) (dbaddr.Server, bool) {
	list := recentServers(prefs)
	if len(list) == 0 {
		return dbaddr.Server{}, false
	}
	return list[0], true
}

// ConnectToServer adds "Open a database on a server…" to the File menu,
// showing the connection form over the window; cfg.Connected runs once
// the chosen database is open.
func ConnectToServer(cfg ConnectConfig) Option {
	return func(u *UI) { u.connect = &cfg }
}

// ShowConnect shows the form of a server connection over the window
// (File → Open a database on a server…).
func (u *UI) ShowConnect() {
	if u.connect == nil {
		return
	}
	cfg := *u.connect
	cfg.run = func(work func(ctx context.Context) func()) { u.run.Always(context.Background(), work) }
	var d *dialog.CustomDialog
	cfg.Cancel = func() { d.Hide() }
	connected := cfg.Connected
	cfg.Connected = func(s dbaddr.Server) {
		d.Hide()
		if connected != nil {
			connected(s)
		}
	}
	if local := cfg.Local; local != nil {
		cfg.Local = func() {
			d.Hide()
			local()
		}
	}
	f := NewConnectForm(cfg)
	d = dialog.NewCustomWithoutButtons("Open a case database on a server", container.NewVScroll(f.Content()), u.window)
	d.SetButtons(f.Buttons())
	size := u.window.Canvas().Size()
	d.Resize(fyne.NewSize(min(640, size.Width-40), min(600, size.Height-40)))
	d.Show()
	f.Focus(u.window.Canvas())
	listenForKeys(u.window, d, dialogKeys{cancel: cfg.Cancel})
}

// ShowOpenFailed says why another database could not be opened; the one
// open stays open.
func (u *UI) ShowOpenFailed(err error) {
	u.showError(cdop.Errorf(cdop.ErrorCode(err), "The database could not be opened, so the one open stays open: %s", userMessage(err)))
}
