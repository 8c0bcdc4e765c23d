package app

import "context"

// ChangeWatcher tells the app when the database's cases change, by this
// app or another coordinator's (storage.DB: LISTEN/NOTIFY on a server, a
// poll of the change number on a file). Watch calls changed from a
// goroutine of its own until ctx ends.
type ChangeWatcher interface {
	Watch(ctx context.Context, changed func(seq int64))
}

// watchChanges starts listening for changes, until Close.
func (u *UI) watchChanges(w ChangeWatcher) {
	if w == nil {
		return
	}
	ctx, stop := context.WithCancel(context.Background())
	u.stopWatching = stop
	w.Watch(ctx, func(int64) { u.run.Update(u.onStoreChanged) })
}

// onStoreChanged shows the change on the screen on show when it lists
// cases (the dashboard, the register): it loads again, keeping the search
// and filter typed; the session's case index reads only the cases changed.
// A form is never reloaded under the coordinator's typing: a save of a case
// changed meanwhile is refused and offers to re-apply (conflict.go).
func (u *UI) onStoreChanged() {
	if u.accounts != nil && u.user == nil {
		return // signed out or locked: nothing is on show
	}
	switch s := u.nav.screen.(type) {
	case *CaseList:
		s.reload()
	case *Dashboard:
		s.reload()
	}
}
