// Package memstore keeps the case manager's data in memory: an
// implementation of the cdop services (CaseService, FlowService,
// MeetingService) for fast tests of the user interface and of anything
// else written against the services.
//
// It decides nothing itself. Like package storage it loads what a rule
// needs, asks cdop (cdop.PrepareNew, cdop.CheckEdit, cdop.SignOff...), and
// keeps what the rule returns, so both stores behave alike; a shared
// conformance suite (cdop/cdoptest) runs the same table of behaviours
// against both. Each operation is all or nothing: it works on a copy of
// the data and keeps the copy only when the operation succeeds. Nothing is
// kept on disk.
package memstore

import (
	"cmp"
	"context"
	"maps"
	"slices"
	"strconv"
	"sync"
	"time"

	"casemanager/cdop"
)

var (
	_ cdop.CaseService    = (*Store)(nil)
	_ cdop.FlowService    = (*Store)(nil)
	_ cdop.MeetingService = (*Store)(nil)
)

// Store holds everything in memory; it is safe for concurrent use.
type Store struct {
	clock cdop.Clock
	mu    sync.Mutex
	data  *state
}

// state is everything stored. Stored values are never changed in place: a
// change stores a new value, so a shallow copy of the state is a snapshot.
type state struct {
	cases     map[string]*cdop.Case // by ID
	requests  []cdop.AgencyRequest  // AgencyName filled in when read
	contacts  []cdop.Contact
	pauses    []cdop.ClockPause
	moves     []cdop.StageMove
	agencies  []cdop.Agency
	settings  cdop.Settings
	meetings  []cdop.Meeting // without their agendas
	agenda    []agendaRow
	catalogue []cdop.FactorCatalogueEntry
	recs      []cdop.Recommendation // Agency and CaseRefs filled in when read
	audit     []cdop.AuditEntry
	ids       map[string]int64 // the last ID given, by kind of record
}

// agendaRow is a case on a meeting's agenda; its CaseRef is filled in when read.
type agendaRow struct {
	meetingID int64
	item      cdop.AgendaItem
}

// New returns an empty store, as storage.Open gives a new database: the
// default settings and the national factor catalogue. clock gives the time
// of every change and the day rules are checked on.
func New(clock cdop.Clock) *Store {
	s := cdop.DefaultSettings
	s.ExtraHolidays = nil
	return &Store{clock: clock, data: &state{
		cases:     map[string]*cdop.Case{},
		settings:  s,
		catalogue: slices.Clone(cdop.DefaultFactorCatalogue),
		ids:       map[string]int64{},
	}}
}

// op is one operation on a copy of the state: its time, its day and the
// stamps of the cases it changes.
type op struct {
	*state
	ctx    context.Context
	now    time.Time
	today  cdop.Date
	stamps *cdop.Stamps
}

// read runs fn over the state as it is.
func (s *Store) read(ctx context.Context, fn func(o *op) error) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return fn(s.newOp(ctx, s.data))
}

// write runs fn over a copy of the state and keeps the copy only when fn
// succeeds.
func (s *Store) write(ctx context.Context, fn func(o *op) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	d := s.data
	next := &state{
		cases:     maps.Clone(d.cases),
		requests:  slices.Clone(d.requests),
		contacts:  slices.Clone(d.contacts),
		pauses:    slices.Clone(d.pauses),
		moves:     slices.Clone(d.moves),
		agencies:  slices.Clone(d.agencies),
		settings:  d.settings,
		meetings:  slices.Clone(d.meetings),
		agenda:    slices.Clone(d.agenda),
		catalogue: slices.Clone(d.catalogue),
		recs:      slices.Clone(d.recs),
		audit:     slices.Clone(d.audit),
		ids:       maps.Clone(d.ids),
	}
	if err := fn(s.newOp(ctx, next)); err != nil {
		return err
	}
	s.data = next
	return nil
}

// save runs fn as write does and, when it succeeds, sets *dst to what fn
// returns: what is stored, as the services hand it back.
func save[T any](s *Store, ctx context.Context, dst *T, fn func(o *op) (*T, error)) error {
	var stored *T
	err := s.write(ctx, func(o *op) (err error) {
		stored, err = fn(o)
		return err
	})
	if err == nil {
		*dst = *stored
	}
	return err
}

func (s *Store) newOp(ctx context.Context, st *state) *op {
	now := s.clock.Now().UTC().Truncate(time.Millisecond)
	return &op{state: st, ctx: ctx, now: now, today: cdop.Today(cdop.FixedClock(now)), stamps: cdop.NewStamps(now)}
}

// nextID returns the next ID of a kind of record, from 1.
func (o *op) nextID(kind string) int64 {
	o.ids[kind]++
	return o.ids[kind]
}

// The audit rows' actions, as storage writes them.
const (
	actionCreate         = "create"
	actionImport         = "import"
	actionUpdate         = "update"
	actionMerge          = "merge"
	actionStage          = "stage"
	actionRequest        = "request"
	actionContact        = "contact"
	actionPause          = "pause"
	actionAgency         = "agency"
	actionSettings       = "settings"
	actionMeeting        = "meeting"
	actionAgenda         = "agenda"
	actionSignOff        = "signoff"
	actionRecommendation = "recommendation"
	actionCatalogue      = "catalogue"
)

// audit records a change made by the context's actor. Rows about a case's
// own fields carry every field changed (cdop.Diff), as storage's do; rows
// about its records carry the record's ID.
func (o *op) audit(caseID, action string, changes []cdop.FieldChange) {
	o.state.audit = append(o.state.audit, cdop.AuditEntry{At: o.now, Actor: cdop.ActorFrom(o.ctx), CaseID: caseID, Action: action, Changes: changes})
}

// recordChange is the head of an audit row about a record: its ID.
func recordChange(field string, id int64) []cdop.FieldChange {
	text := strconv.FormatInt(id, 10)
	return []cdop.FieldChange{{Field: field, New: text}}
}

// byFolded orders texts as the database's NOCASE columns do.
func byFolded(a, b string) int { return cmp.Compare(cdop.FoldASCII(a), cdop.FoldASCII(b)) }
