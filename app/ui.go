// Package app is the desktop user interface of the CDOP case manager, built
// with Fyne. Screens talk only to the services package cdop declares, so they
// can be driven in tests against the real SQLite store or a fake.
package app

import (
	"context"
	"net/url"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"casemanager/cdop"
	"casemanager/extract"
	"casemanager/outfile"
)

// Services are what the user interface works through: the case register,
// the review flowchart (stages, clocks, agency reports, the family's
// contacts), the meetings (agendas, sign-off, the factor catalogue and the
// panel's recommendations) and the maker of anonymised dataset extracts.
// The PDF outputs are made from the first three (package reports).
type Services struct {
	Cases    cdop.CaseService
	Flow     cdop.FlowService
	Meetings cdop.MeetingService
	// Extracts makes the dataset extracts (extract.Maker over the store,
	// with the installation's pseudonym key); nil leaves the Dataset
	// extract screen saying that extracts are not set up.
	Extracts Extracts
	// Publications records the annual reports published (the differencing
	// guard) and which recommendations are cleared for publication.
	Publications cdop.PublicationService
	// Accounts signs people in; with it the window opens on the sign-in
	// form (or, on a new database, the administrator's) and offers only
	// what the user's roles allow. Nil opens straight on the dashboard
	// with everything allowed (a database without accounts, and tests).
	Accounts cdop.AccountService
	// Backups keeps and restores the database's automatic backups; nil
	// leaves the Backups screen saying they are not set up.
	Backups cdop.BackupService
	// Returns keeps the agencies' returns; nil takes Flow when it keeps
	// them too (storage.DB does), else returns cannot be opened.
	Returns cdop.ReturnService
	// Import reads files of cases in the interchange format into the store
	// (a coordinator's Import cases… on the register); nil hides it.
	Import cdop.CaseImporter
	// Changes tells the app of changes to the cases, by this app or
	// another coordinator's, so the dashboard and the register show them
	// without a restart; nil leaves them to show at the next load.
	Changes ChangeWatcher
	// Outputs says what no saved file may replace (the live database and
	// its files, the pseudonym key, the backups) and where outputs under
	// way are registered; every save goes through package outfile with it.
	Outputs outfile.Options
}

// Extracts makes an anonymised dataset extract into a draft, to preview
// and then save with its manifest and audit row, exactly as the command
// line does. extract.Maker implements it.
type Extracts interface {
	Draft(ctx context.Context, opts extract.Options) (*extract.Draft, error)
	Begin(ctx context.Context, opts extract.Options, path string) (*extract.Begun, error)
}

// The screens of the left navigation.
const (
	navDashboard       = "Dashboard"
	navCases           = "Case register"
	navMeetings        = "Meetings"
	navRecommendations = "Recommendations"
	navAnnualReport    = "Annual report"
	navExtract         = "Dataset extract"
	navAgencies        = "Agencies"
	navSettings        = "Settings"
	navPanelMeetings   = "My panel meetings"
	navUsers           = "Users"
	navAudit           = "Audit log"
)

// navEntry is one entry of the left navigation and the action its screen needs.
type navEntry struct {
	key    string
	action cdop.Action
	button *widget.Button
	show   func()
}

// UI is the main window's content and the navigation between its screens.
type UI struct {
	window   fyne.Window
	cases    cdop.CaseService
	flow     cdop.FlowService
	returns  cdop.ReturnService
	meetings cdop.MeetingService
	extracts Extracts
	pubs     cdop.PublicationService
	outputs  outfile.Options
	backups  cdop.BackupService
	importer cdop.CaseImporter
	clock    cdop.Clock
	actor    string

	// ChooseSaveFile asks where to save a file: title heads the dialog,
	// name is the file name suggested and extensions (".pdf") the kinds of
	// file listed. done runs on the UI goroutine with the chosen file's
	// writer, which it closes, or nil and nil when the user cancelled. New
	// sets it to the file-save dialog; tests hand in files of their own.
	ChooseSaveFile func(title, name string, extensions []string, done func(fyne.URIWriteCloser, error))
	// ChooseOpenFile asks for a file to read (a file of cases to import,
	// an agency's returned form):
	// done runs on the UI goroutine with its reader, which it closes, or
	// nil and nil when the user cancelled. New sets it to the file-open
	// dialog; tests hand in files of their own.
	ChooseOpenFile func(title string, extensions []string, done func(fyne.URIReadCloser, error))
	// OpenURL opens a saved file, or its folder, in the system's viewer;
	// New sets it to the app's OpenURL.
	OpenURL func(*url.URL) error

	nav *navigator  // the screen on show, and every move to another
	run *runner     // background work, applied while its screen is on show
	bar *messageBar // what the last action did, above every screen

	navKeys []string
	navs    map[string]*widget.Button
	at      string // the navigation entry highlighted
	list    *CaseList

	accounts        cdop.AccountService
	user            *cdop.User // signed in; nil before, and while locked
	locked          *cdop.User // who was signed in when the window locked
	shell           fyne.CanvasObject
	signInScreen    *signIn
	navEntries      []navEntry
	newNotification *widget.Button
	userLabel       *widget.Label
	userBox         *fyne.Container
	lastActive      time.Time
	idleLock        time.Duration
	idleTicker      *time.Ticker
	stopWatching    func()         // ends the watch for changes (watchChanges)
	connect         *ConnectConfig // File → Open a database on a server…; nil: not offered

	applyOnWait bool    // see ApplyOnWait
	timing      *timing // see WithTiming; nil when not measured

	// notice says above the screens why the database cannot be written
	// (readOnly) or that a save waits for another user (waiting).
	notice   *widget.Label
	readOnly error
	waiting  bool
}

// New builds the user interface into window, over the services. actor names
// the person using the app in the audit trail. The app opens on the dashboard.
// The window's content is set before any screen is shown, so a screen may
// focus its first field (Fyne focuses only what is on the canvas). Closing
// the window asks first when the screen on show holds unsaved work.
func New(window fyne.Window, services Services, clock cdop.Clock, actor string, opts ...Option) *UI {
	u := &UI{window: window, cases: services.Cases, flow: services.Flow, meetings: services.Meetings, extracts: services.Extracts,
		clock: clock, actor: actor, accounts: services.Accounts, idleLock: cdop.DefaultSignInPolicy.IdleLock,
		outputs: services.Outputs, backups: services.Backups, pubs: services.Publications, importer: services.Import}
	holdFileWrites()
	for _, opt := range opts {
		opt(u)
	}
	u.ChooseSaveFile = u.showFileSave
	u.ChooseOpenFile = u.showFileOpen
	if u.returns = services.Returns; u.returns == nil {
		u.returns, _ = services.Flow.(cdop.ReturnService)
	}
	u.OpenURL = func(link *url.URL) error { return fyne.CurrentApp().OpenURL(link) }
	u.bar = newMessageBar()
	content := container.NewStack()
	u.nav = newNavigator(window, content, u.bar)
	u.run = newRunner(u.nav, u.bar, actor, u.applyOnWait)
	u.nav.navigated = u.run.showLoading
	main := container.NewBorder(u.bar, nil, nil, nil, content)
	u.bar.relayout = main.Refresh
	u.shell = container.NewStack(newActivity(u.noteActivity), container.NewBorder(u.storeNotice(), nil, u.newNavigation(), nil, main))
	window.SetCloseIntercept(func() { u.ConfirmLeave(window.Close) })
	window.Canvas().SetOnTypedKey(u.onKey)
	u.list = newCaseList(u)
	u.start()
	u.watchIdle(15 * time.Second)
	u.startDailyBackup()
	u.watchChanges(services.Changes)
	return u
}

// CheckIdle locks the window when the user has been idle for the idle
// minutes; the app checks every few seconds by itself.
func (u *UI) CheckIdle() { u.checkIdle() }

// newNavigation builds the left navigation: the app's screens, and the
// coordinator's most common action, logging a new notification.
func (u *UI) newNavigation() fyne.CanvasObject {
	u.navs = map[string]*widget.Button{}
	items := []struct {
		key    string
		icon   fyne.Resource
		action cdop.Action
		show   func()
	}{
		{navDashboard, theme.HomeIcon(), cdop.ActViewCases, u.ShowDashboard},
		{navCases, theme.ListIcon(), cdop.ActViewCases, u.ShowCaseList},
		{navMeetings, theme.CalendarIcon(), cdop.ActMeetings, u.ShowMeetings},
		{navPanelMeetings, theme.CalendarIcon(), cdop.ActPanelView, u.ShowPanelMeetings},
		{navRecommendations, theme.ConfirmIcon(), cdop.ActRecommendations, u.ShowRecommendations},
		{navAnnualReport, theme.DocumentPrintIcon(), cdop.ActAnnualReport, u.ShowAnnualReport},
		{navExtract, theme.DownloadIcon(), cdop.ActExtract, u.ShowExtract},
		{navAgencies, theme.AccountIcon(), cdop.ActAgencies, u.ShowAgencies},
		{navSettings, theme.SettingsIcon(), cdop.ActSettings, u.ShowSettings},
		{navUsers, theme.AccountIcon(), cdop.ActUsers, u.ShowUsers},
		{navAudit, theme.HistoryIcon(), cdop.ActAudit, u.ShowAuditLog},
		{navBackups, theme.StorageIcon(), cdop.ActBackup, u.ShowBackups},
	}
	box := container.NewVBox()
	title := widget.NewLabelWithStyle("CDOP Case Manager", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	box.Add(title)
	// Who is signed in, at the top where no window size hides it.
	u.userLabel = widget.NewLabel("")
	u.userLabel.Wrapping = fyne.TextWrapWord
	lock := widget.NewButtonWithIcon("Lock", theme.VisibilityOffIcon(), func() { u.lock("locked by the user") })
	out := widget.NewButtonWithIcon("Sign out", theme.LogoutIcon(), u.signOut)
	u.userBox = container.NewVBox(u.userLabel, container.NewGridWithColumns(2, lock, out))
	u.userBox.Hide()
	box.Add(u.userBox)
	box.Add(widget.NewSeparator())
	for _, it := range items {
		b := widget.NewButtonWithIcon(it.key, it.icon, it.show)
		b.Alignment = widget.ButtonAlignLeading
		b.Importance = widget.LowImportance
		u.navs[it.key] = b
		u.navKeys = append(u.navKeys, it.key)
		u.navEntries = append(u.navEntries, navEntry{key: it.key, action: it.action, button: b, show: it.show})
		box.Add(b)
		// A panel member's own list of meetings only when accounts say so;
		// a coordinator has the full Meetings screen.
		if it.key == navPanelMeetings || u.accounts == nil && (it.key == navUsers || it.key == navAudit) {
			b.Hide()
		}
	}
	box.Add(widget.NewSeparator())
	add := widget.NewButtonWithIcon("New notification", theme.ContentAddIcon(), u.ShowNewNotification)
	add.Alignment = widget.ButtonAlignLeading
	u.newNotification = add
	box.Add(add)
	box.Add(u.run.loading)
	// On a short screen the title and who is signed in give way rather
	// than the window growing taller than the screen.
	return container.NewHBox(container.New(&dropWhenShort{parts: []fyne.CanvasObject{title, u.userBox}}, box), widget.NewSeparator())
}

// highlight marks the navigation entry of the screen on show.
func (u *UI) highlight(key string) {
	u.noteActivity()
	u.at = key
	fyne.CurrentApp().Preferences().SetString(prefLastScreen, key)
	for _, k := range u.navKeys {
		b := u.navs[k]
		want := widget.LowImportance
		if k == key {
			want = widget.HighImportance
		}
		if b.Importance != want {
			b.Importance = want
			b.Refresh()
		}
	}
}

// showHighlighted goes back to the screen of the highlighted navigation
// entry (e.g. from a case to the dashboard it was opened from).
func (u *UI) showHighlighted() {
	switch u.at {
	case navDashboard:
		u.ShowDashboard()
	case navMeetings:
		u.ShowMeetings()
	case navRecommendations:
		u.ShowRecommendations()
	case navAnnualReport:
		u.ShowAnnualReport()
	case navExtract:
		u.ShowExtract()
	case navAgencies:
		u.ShowAgencies()
	case navSettings:
		u.ShowSettings()
	case navBackups:
		u.ShowBackups()
	default:
		u.ShowCaseList()
	}
}

// ConfirmLeave runs then once the screen on show may be left: at once, or
// after the user agrees to lose the changes on it not yet saved. The
// window's close button goes through it.
func (u *UI) ConfirmLeave(then func()) { u.nav.ConfirmLeave(then) }

// loadingScreen is a screen that loads what it shows once it is on show.
type loadingScreen interface{ reload() }

// openScreen shows a screen when the user's roles allow action: build makes
// it (its content and itself); it goes on show, its navigation entry (key)
// highlighted, then loads.
func (u *UI) openScreen(action cdop.Action, key string, build func() (fyne.CanvasObject, loadingScreen)) {
	if !u.guard(action) {
		return
	}
	u.nav.Go(func() {
		u.highlight(key)
		content, screen := build()
		u.nav.show(content, screen)
		screen.reload()
	})
}

// ShowDashboard shows every open deadline across open cases.
func (u *UI) ShowDashboard() {
	u.openScreen(cdop.ActViewCases, navDashboard, func() (fyne.CanvasObject, loadingScreen) {
		d := newDashboard(u)
		return d.content, d
	})
}

// ShowCaseList shows the case register, reloading it from the store.
func (u *UI) ShowCaseList() {
	u.showCaseListWithNotice("")
}

// showCaseListWithNotice shows the case register with the outcome of the
// action that led back to it (e.g. "Saved CDOP-2026-0001").
func (u *UI) showCaseListWithNotice(notice string) {
	if !u.guard(cdop.ActViewCases) {
		return
	}
	u.nav.Go(func() {
		u.highlight(navCases)
		u.list.viewRecorded = false
		u.nav.show(u.list.content, u.list)
		if notice != "" {
			u.bar.Success(notice)
		}
		u.list.reload()
		u.focusSoon(u.list.search)
	})
}

// ShowAgencies shows the agency directory.
func (u *UI) ShowAgencies() {
	u.openScreen(cdop.ActAgencies, navAgencies, func() (fyne.CanvasObject, loadingScreen) {
		a := newAgencyDirectory(u)
		return a.content, a
	})
}

// ShowSettings shows the panel's settings.
func (u *UI) ShowSettings() {
	u.openScreen(cdop.ActSettings, navSettings, func() (fyne.CanvasObject, loadingScreen) {
		s := newSettingsScreen(u)
		return s.content, s
	})
}

// ShowNewNotification opens an empty notification form.
func (u *UI) ShowNewNotification() {
	if !u.guard(cdop.ActEditCases) {
		return
	}
	u.nav.Go(func() {
		u.highlight(navCases)
		form := newNotificationForm(u)
		u.nav.show(form.content, form)
		u.focusSoon(form.byColumn["first_name"].focus)
	})
}

// OpenCase loads a case and shows its page.
func (u *UI) OpenCase(id string) {
	u.openCaseAt(id, "")
}

// openCaseAt loads a case and shows its page on the named tab ("" for
// Details); its Back button returns to the screen of the navigation.
func (u *UI) openCaseAt(id, tab string) {
	u.openCaseFrom(id, tab, "", nil)
}

// openCaseFrom loads a case and shows its page on the named tab; its Back
// button, labelled backText, runs back (nil: the navigation's screen).
// The screen on show stays until the case has loaded; if the user moves
// elsewhere meanwhile, the case page does not replace where they went.
func (u *UI) openCaseFrom(id, tab, backText string, back func()) {
	u.openCaseShowing(id, tab, backText, back, "")
}

// openCaseNoting opens a case's page, saying in the message bar what led
// to it (e.g. "Saved CDOP-2026-0001, …" after a new notification).
func (u *UI) openCaseNoting(id, notice string) {
	u.openCaseShowing(id, "", "", nil, notice)
}

// openCaseShowing is openCaseFrom with a notice for the message bar.
func (u *UI) openCaseShowing(id, tab, backText string, back func(), notice string) {
	if !u.guard(cdop.ActViewCases) {
		return
	}
	u.nav.Go(func() {
		u.run.LoadOr("the case", func(ctx context.Context) (func(), error) {
			file, err := u.flow.CaseFile(ctx, id)
			var settings cdop.Settings
			var agencies []cdop.Agency
			var catalogue []cdop.FactorCatalogueEntry
			if err == nil {
				settings, err = u.flow.Settings(ctx)
			}
			if err == nil {
				agencies, err = u.flow.Agencies(ctx)
			}
			if err == nil {
				catalogue, err = u.meetings.FactorCatalogue(ctx)
			}
			if err == nil && u.accounts != nil {
				err = u.accounts.RecordView(ctx, "case", id, 1)
			}
			return func() {
				if back == nil {
					back, backText = u.showHighlighted, "Back"
				}
				p := newCasePage(u, file, settings, agencies, catalogue, backText, back)
				u.nav.show(p.content, p)
				if notice != "" {
					u.bar.Success(notice)
				}
				if tab != "" {
					p.selectTab(tab)
				}
			}, err
		}, u.nav.stay)
	})
}

// Wait blocks until every piece of background work started so far has
// finished and its result has been applied to the widgets (or dropped,
// when the user has moved to another screen meanwhile).
func (u *UI) Wait() { u.run.Wait() }

// Option changes how the UI is built.
type Option func(*UI)

// ApplyOnWait makes the UI queue the results of background work and apply
// them when Wait is called, on Wait's caller's goroutine, instead of through
// fyne.DoAndWait. Tests use it: Fyne's test driver runs fyne.Do on the
// calling goroutine, which would race with the test driving the widgets.
func ApplyOnWait() Option { return func(u *UI) { u.applyOnWait = true } }

// Close tidies up after the screen on show (e.g. removes the draft of an
// extract not saved); the app calls it when its window closes.
func (u *UI) Close() {
	if u.idleTicker != nil {
		u.idleTicker.Stop()
	}
	if u.stopWatching != nil {
		u.stopWatching()
	}
	u.nav.close()
}

// showError shows an error the app has worded for the coordinator;
// Enter or Escape closes it.
func (u *UI) showError(err error) {
	d := dialog.NewError(err, u.window)
	d.Show()
	closeKeys(u.window, d, nil)
}

// showInformation tells the coordinator something in a dialog that Enter
// or Escape closes.
func (u *UI) showInformation(title, message string) {
	d := dialog.NewInformation(title, message, u.window)
	d.Show()
	closeKeys(u.window, d, nil)
}

// today is the current date in England by the UI's clock.
func (u *UI) today() cdop.Date { return cdop.Today(u.clock) }
