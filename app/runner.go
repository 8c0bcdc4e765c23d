package app

import (
	"context"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"casemanager/cdop"
)

// runner runs work off the UI goroutine (storage, reports) and applies its
// result to the widgets on the UI goroutine, through fyne.DoAndWait. It
// knows the navigation under way: a result that arrives after the user has
// moved to another screen is dropped, so a late load never replaces the
// screen on show. While a screen's data loads, the navigation says
// "Loading…"; a load that fails says why in the message bar.
type runner struct {
	nav     *navigator
	bar     *messageBar
	actor   string        // named in the audit trail of what the work changes
	loading *widget.Label // "Loading…" while a load for the screen is under way
	loads   int           // loads under way for navigation loadsOf
	loadsOf uint64

	pending sync.WaitGroup // work not yet applied to the widgets

	// With applyOnWait, results queue here and are applied by Wait on its
	// caller's goroutine (see ApplyOnWait).
	applyOnWait bool
	queueMu     sync.Mutex
	queue       []func()
}

func newRunner(nav *navigator, bar *messageBar, actor string, applyOnWait bool) *runner {
	r := &runner{nav: nav, bar: bar, actor: actor, applyOnWait: applyOnWait}
	r.loading = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Italic: true})
	return r
}

// Do runs work off the UI goroutine and applies the function it returns on
// the UI goroutine, unless the user has moved to another screen meanwhile.
func (r *runner) Do(work func(ctx context.Context) func()) {
	t := r.nav.token()
	r.start(context.Background(), work, func(apply func()) {
		if r.nav.current(t) {
			apply()
		}
	})
}

// Always is Do for work whose result must be applied wherever the user has
// gone: it closes the dialog that shows the work under way, or removes a
// file the screen left behind. Work's context is derived from parent (e.g.
// one a Cancel button ends).
func (r *runner) Always(parent context.Context, work func(ctx context.Context) func()) {
	r.start(parent, work, func(apply func()) { apply() })
}

// Load fetches a screen's data off the UI goroutine while the navigation
// says "Loading…", then applies it on the UI goroutine. When load fails,
// the message bar says "Could not load <what>: <why>" and apply is not run.
// A result that arrives after the user moved to another screen is dropped.
func (r *runner) Load(what string, load func(ctx context.Context) (apply func(), err error)) {
	r.LoadOr(what, load, nil)
}

// LoadOr is Load with failed, when set, run after the message bar has said
// why the load failed (e.g. to keep the screen the user wanted to leave).
func (r *runner) LoadOr(what string, load func(ctx context.Context) (apply func(), err error), failed func()) {
	t := r.nav.token()
	if r.loadsOf != t {
		r.loads, r.loadsOf = 0, t
	}
	r.loads++
	r.showLoading()
	r.start(context.Background(), func(ctx context.Context) func() {
		apply, err := load(ctx)
		return func() {
			if err != nil {
				r.bar.Failed("Could not load "+what+": ", err)
				if failed != nil {
					failed()
				}
				return
			}
			if apply != nil {
				apply()
			}
		}
	}, func(apply func()) {
		if t == r.loadsOf {
			r.loads--
		}
		r.showLoading()
		if r.nav.current(t) {
			apply()
		}
	})
}

// showLoading says "Loading…" while the screen wanted has data to come.
func (r *runner) showLoading() {
	if r.loads > 0 && r.loadsOf == r.nav.token() {
		r.loading.SetText("Loading…")
	} else {
		r.loading.SetText("")
	}
}

// Update applies a change of the widgets from work under way (e.g. how
// far it has got), on the UI goroutine, without waiting for it; under
// ApplyOnWait it queues like a result.
func (r *runner) Update(change func()) {
	if !r.enqueue(change) {
		fyne.Do(change)
	}
}

// enqueue queues apply for Wait under ApplyOnWait; it reports whether it did.
func (r *runner) enqueue(apply func()) bool {
	if !r.applyOnWait {
		return false
	}
	r.queueMu.Lock()
	r.queue = append(r.queue, apply)
	r.queueMu.Unlock()
	return true
}

// start runs work with the actor in its context; deliver applies what it
// returns (deliver runs on the UI goroutine, or Wait's under ApplyOnWait).
func (r *runner) start(parent context.Context, work func(ctx context.Context) func(), deliver func(apply func())) {
	r.pending.Add(1)
	go func() {
		defer r.pending.Done()
		apply := work(cdop.WithActor(parent, r.actor))
		if apply == nil {
			return
		}
		run := func() { deliver(apply) }
		if !r.enqueue(run) {
			fyne.DoAndWait(run)
		}
	}()
}

// Wait blocks until every piece of work started so far has finished and
// its result has been applied (or dropped).
func (r *runner) Wait() {
	for {
		r.pending.Wait()
		if !r.applyQueued() {
			return
		}
	}
}

// applyQueued applies, under ApplyOnWait, the results and updates queued
// so far, without waiting for the work under way; it reports whether
// there were any.
func (r *runner) applyQueued() bool {
	r.queueMu.Lock()
	queued := r.queue
	r.queue = nil
	r.queueMu.Unlock()
	for _, apply := range queued {
		apply() // may start more work, which Wait's next round waits for
	}
	return len(queued) > 0
}
