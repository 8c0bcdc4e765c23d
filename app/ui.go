// Package app is the desktop user interface of the CDOP case manager, built
// with Fyne. Screens talk only to the services package cdop declares, so they
// can be driven in tests against the real SQLite store or a fake.
package app

import (
	"context"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"

	"casemanager/cdop"
)

// UI is the main window's content and the navigation between its screens.
type UI struct {
	window fyne.Window
	cases  cdop.CaseService
	clock  cdop.Clock
	actor  string

	content *fyne.Container // holds the current screen
	list    *CaseList

	pending sync.WaitGroup // background work not yet applied to the widgets
}

// New builds the user interface into window, over the case service. actor
// names the person using the app in the audit trail.
func New(window fyne.Window, cases cdop.CaseService, clock cdop.Clock, actor string) *UI {
	u := &UI{window: window, cases: cases, clock: clock, actor: actor}
	u.content = container.NewStack()
	u.list = newCaseList(u)
	u.ShowCaseList()
	window.SetContent(u.content)
	return u
}

// ShowCaseList shows the case register, reloading it from the store.
func (u *UI) ShowCaseList() {
	u.showCaseListWithNotice("")
}

// showCaseListWithNotice shows the case register with the outcome of the
// action that led back to it (e.g. "Saved CDOP-2026-0001").
func (u *UI) showCaseListWithNotice(notice string) {
	u.list.notice = notice
	u.show(u.list.content)
	u.list.reload()
	u.window.Canvas().Focus(u.list.search)
}

// ShowNewNotification opens an empty notification form.
func (u *UI) ShowNewNotification() {
	form := newCaseForm(u, nil)
	u.show(form.content)
	u.window.Canvas().Focus(form.entries["first_name"])
}

// OpenCase loads a case by ID and shows it for editing.
func (u *UI) OpenCase(id string) {
	u.background(func(ctx context.Context) func() {
		c, err := u.cases.FindCaseByID(ctx, id)
		return func() {
			if err != nil {
				u.showError(err)
				return
			}
			u.show(newCaseForm(u, c).content)
		}
	})
}

// Wait blocks until every piece of background work started so far has
// finished and its result has been applied to the widgets.
func (u *UI) Wait() { u.pending.Wait() }

func (u *UI) show(screen fyne.CanvasObject) {
	u.content.Objects = []fyne.CanvasObject{screen}
	u.content.Refresh()
}

// background runs work off the UI goroutine and applies the function it
// returns on the UI goroutine, through fyne.Do.
func (u *UI) background(work func(ctx context.Context) func()) {
	u.pending.Add(1)
	go func() {
		defer u.pending.Done()
		apply := work(cdop.WithActor(context.Background(), u.actor))
		if apply != nil {
			fyne.DoAndWait(apply)
		}
	}()
}

func (u *UI) showError(err error) {
	dialog.ShowError(err, u.window)
}
