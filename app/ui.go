// Package app is the desktop user interface of the CDOP case manager, built
// with Fyne. Screens talk only to the services package cdop declares, so they
// can be driven in tests against the real SQLite store or a fake.
package app

import (
	"context"
	"net/url"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"casemanager/cdop"
	"casemanager/extract"
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
}

// Extracts makes an anonymised dataset extract into a draft, to preview
// and then save with its manifest and audit row, exactly as the command
// line does. extract.Maker implements it.
type Extracts interface {
	Draft(ctx context.Context, opts extract.Options) (*extract.Draft, error)
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
)

// UI is the main window's content and the navigation between its screens.
type UI struct {
	window   fyne.Window
	cases    cdop.CaseService
	flow     cdop.FlowService
	meetings cdop.MeetingService
	extracts Extracts
	pubs     cdop.PublicationService
	clock    cdop.Clock
	actor    string

	// ChooseSaveFile asks where to save a file: title heads the dialog,
	// name is the file name suggested and extensions (".pdf") the kinds of
	// file listed. done runs on the UI goroutine with the chosen file's
	// writer, which it closes, or nil and nil when the user cancelled. New
	// sets it to the file-save dialog; tests hand in files of their own.
	ChooseSaveFile func(title, name string, extensions []string, done func(fyne.URIWriteCloser, error))
	// OpenURL opens a saved file, or its folder, in the system's viewer;
	// New sets it to the app's OpenURL.
	OpenURL func(*url.URL) error

	content *fyne.Container // holds the current screen
	navKeys []string
	nav     map[string]*widget.Button
	at      string // the navigation entry highlighted
	list    *CaseList

	// dirty, when set, reports whether the current screen holds changes not
	// yet saved; leaving such a screen is confirmed first.
	dirty func() bool

	// leaving, when set, tidies up after the current screen (e.g. removes
	// an extract's draft) when another replaces it or the app closes.
	leaving func()

	pending sync.WaitGroup // background work not yet applied to the widgets

	// With applyOnWait, results of background work queue here and are
	// applied by Wait on its caller's goroutine (see ApplyOnWait).
	applyOnWait bool
	queueMu     sync.Mutex
	queue       []func()
}

// New builds the user interface into window, over the services. actor names
// the person using the app in the audit trail. The app opens on the dashboard.
// The window's content is set before any screen is shown, so a screen may
// focus its first field (Fyne focuses only what is on the canvas).
func New(window fyne.Window, services Services, clock cdop.Clock, actor string, opts ...Option) *UI {
	u := &UI{window: window, cases: services.Cases, flow: services.Flow, meetings: services.Meetings, extracts: services.Extracts,
		pubs: services.Publications, clock: clock, actor: actor}
	for _, opt := range opts {
		opt(u)
	}
	u.ChooseSaveFile = u.showFileSave
	u.OpenURL = func(link *url.URL) error { return fyne.CurrentApp().OpenURL(link) }
	u.content = container.NewStack()
	window.SetContent(container.NewBorder(nil, nil, u.newNavigation(), nil, u.content))
	u.list = newCaseList(u)
	u.ShowDashboard()
	return u
}

// newNavigation builds the left navigation: the app's screens, and the
// coordinator's most common action, logging a new notification.
func (u *UI) newNavigation() fyne.CanvasObject {
	u.nav = map[string]*widget.Button{}
	items := []struct {
		key  string
		icon fyne.Resource
		show func()
	}{
		{navDashboard, theme.HomeIcon(), u.ShowDashboard},
		{navCases, theme.ListIcon(), u.ShowCaseList},
		{navMeetings, theme.CalendarIcon(), u.ShowMeetings},
		{navRecommendations, theme.ConfirmIcon(), u.ShowRecommendations},
		{navAnnualReport, theme.DocumentPrintIcon(), u.ShowAnnualReport},
		{navExtract, theme.DownloadIcon(), u.ShowExtract},
		{navAgencies, theme.AccountIcon(), u.ShowAgencies},
		{navSettings, theme.SettingsIcon(), u.ShowSettings},
	}
	box := container.NewVBox()
	title := widget.NewLabelWithStyle("CDOP Case Manager", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	box.Add(title)
	box.Add(widget.NewSeparator())
	for _, it := range items {
		show := it.show
		b := widget.NewButtonWithIcon(it.key, it.icon, func() { u.leave(show) })
		b.Alignment = widget.ButtonAlignLeading
		b.Importance = widget.LowImportance
		u.nav[it.key] = b
		u.navKeys = append(u.navKeys, it.key)
		box.Add(b)
	}
	box.Add(widget.NewSeparator())
	add := widget.NewButtonWithIcon("New notification", theme.ContentAddIcon(), func() { u.leave(u.ShowNewNotification) })
	add.Alignment = widget.ButtonAlignLeading
	box.Add(add)
	return container.NewHBox(box, widget.NewSeparator())
}

// highlight marks the navigation entry of the screen on show.
func (u *UI) highlight(key string) {
	u.at = key
	for _, k := range u.navKeys {
		b := u.nav[k]
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
	default:
		u.ShowCaseList()
	}
}

// leave runs next once the current screen may be left: at once, or after the
// coordinator agrees to drop unsaved changes.
func (u *UI) leave(next func()) {
	if u.dirty == nil || !u.dirty() {
		next()
		return
	}
	u.confirmLeave(next)
}

// ShowDashboard shows every open deadline across open cases.
func (u *UI) ShowDashboard() {
	u.highlight(navDashboard)
	d := newDashboard(u)
	u.show(d.content)
	d.reload()
}

// ShowCaseList shows the case register, reloading it from the store.
func (u *UI) ShowCaseList() {
	u.showCaseListWithNotice("")
}

// showCaseListWithNotice shows the case register with the outcome of the
// action that led back to it (e.g. "Saved CDOP-2026-0001").
func (u *UI) showCaseListWithNotice(notice string) {
	u.highlight(navCases)
	u.list.notice = notice
	u.show(u.list.content)
	u.list.reload()
	u.window.Canvas().Focus(u.list.search)
}

// ShowAgencies shows the agency directory.
func (u *UI) ShowAgencies() {
	u.highlight(navAgencies)
	a := newAgencyDirectory(u)
	u.show(a.content)
	a.reload()
}

// ShowSettings shows the panel's settings.
func (u *UI) ShowSettings() {
	u.highlight(navSettings)
	s := newSettingsScreen(u)
	u.show(s.content)
	s.reload()
}

// ShowNewNotification opens an empty notification form.
func (u *UI) ShowNewNotification() {
	u.highlight(navCases)
	form := newNotificationForm(u)
	u.show(form.content)
	u.dirty = form.dirty
	u.window.Canvas().Focus(form.entries["first_name"])
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
func (u *UI) openCaseFrom(id, tab, backText string, back func()) {
	u.background(func(ctx context.Context) func() {
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
		return func() {
			if err != nil {
				u.showError(err)
				return
			}
			if back == nil {
				back, backText = u.showHighlighted, "Back"
			}
			p := newCasePage(u, file, settings, agencies, catalogue, backText, back)
			u.show(p.content)
			u.dirty = p.dirty
			if tab != "" {
				p.selectTab(tab)
			}
		}
	})
}

// Wait blocks until every piece of background work started so far has
// finished and its result has been applied to the widgets.
func (u *UI) Wait() {
	for {
		u.pending.Wait()
		u.queueMu.Lock()
		queued := u.queue
		u.queue = nil
		u.queueMu.Unlock()
		if len(queued) == 0 {
			return
		}
		for _, apply := range queued {
			apply() // may start more background work, which the next round waits for
		}
	}
}

// Option changes how the UI is built.
type Option func(*UI)

// ApplyOnWait makes the UI queue the results of background work and apply
// them when Wait is called, on Wait's caller's goroutine, instead of through
// fyne.DoAndWait. Tests use it: Fyne's test driver runs fyne.Do on the
// calling goroutine, which would race with the test driving the widgets.
func ApplyOnWait() Option { return func(u *UI) { u.applyOnWait = true } }

func (u *UI) show(screen fyne.CanvasObject) {
	u.Close()
	u.dirty = nil
	u.content.Objects = []fyne.CanvasObject{screen}
	u.content.Refresh()
}

// Close tidies up after the screen on show (e.g. removes the draft of an
// extract not saved); the app calls it when its window closes.
func (u *UI) Close() {
	if u.leaving != nil {
		leaving := u.leaving
		u.leaving = nil
		leaving()
	}
}

// background runs work off the UI goroutine and applies the function it
// returns on the UI goroutine, through fyne.DoAndWait.
func (u *UI) background(work func(ctx context.Context) func()) {
	u.backgroundWith(context.Background(), work)
}

// backgroundWith is background with work's context derived from parent
// (e.g. one a Cancel button ends).
func (u *UI) backgroundWith(parent context.Context, work func(ctx context.Context) func()) {
	u.pending.Add(1)
	go func() {
		defer u.pending.Done()
		apply := work(cdop.WithActor(parent, u.actor))
		switch {
		case apply == nil:
		case u.applyOnWait:
			u.queueMu.Lock()
			u.queue = append(u.queue, apply)
			u.queueMu.Unlock()
		default:
			fyne.DoAndWait(apply)
		}
	}()
}

func (u *UI) showError(err error) {
	dialog.ShowError(err, u.window)
}

// today is the current date in England by the UI's clock.
func (u *UI) today() cdop.Date { return cdop.Today(u.clock) }

// confirmLeave asks before dropping unsaved changes.
func (u *UI) confirmLeave(proceed func()) {
	d := dialog.NewConfirm("Leave without saving?", "What you typed on this screen has not been saved and will be lost.", func(leave bool) {
		if leave {
			proceed()
		}
	}, u.window)
	d.SetConfirmText("Leave without saving")
	d.SetDismissText("Stay")
	d.Show()
}
