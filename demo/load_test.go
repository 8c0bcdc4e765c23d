package demo_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"casemanager/cdop"
	"casemanager/demo"
)

// fakeStore is an in-memory CaseService and FlowService that keeps the
// store's rules Load relies on: everything validated as of today, no
// records for a closed case, no overlapping pauses of a clock, one agency
// of a name.
type fakeStore struct {
	today     cdop.Date
	importErr error // ImportCases returns it when set

	cases    []*cdop.Case
	agencies []cdop.Agency
	requests []cdop.AgencyRequest
	contacts []cdop.Contact
	pauses   []cdop.ClockPause
	meetings []*cdop.Meeting
	recs     []*cdop.Recommendation
	lastID   int64
}

var (
	_ cdop.CaseService = (*fakeStore)(nil)
	_ cdop.FlowService = (*fakeStore)(nil)
)

var errNotInFake = errors.New("not in the fake store")

func (s *fakeStore) id() int64 { s.lastID++; return s.lastID }

func (s *fakeStore) find(id string) (*cdop.Case, error) {
	for _, c := range s.cases {
		if c.ID == id {
			return c, nil
		}
	}
	return nil, cdop.Errorf(cdop.ENOTFOUND, "there is no case with ID %q", id)
}

// open returns the case with an ID, refusing a closed one.
func (s *fakeStore) open(id string) (*cdop.Case, error) {
	c, err := s.find(id)
	if err == nil && c.Stage == cdop.StageClosed {
		err = cdop.Errorf(cdop.ECONFLICT, "case %s is closed", c.Ref)
	}
	return c, err
}

func (s *fakeStore) ImportCases(_ context.Context, cases []*cdop.Case) error {
	if s.importErr != nil {
		return s.importErr
	}
	var errs cdop.RowErrors
	for i, c := range cases {
		if err := c.ValidateOn(s.today); err != nil {
			errs = append(errs, cdop.RowError{Row: i, Field: "case", Message: err.Error()})
		}
		for _, o := range append(append([]*cdop.Case(nil), s.cases...), cases[:i]...) {
			if reason := c.DuplicateReason(o); reason != "" {
				errs = append(errs, cdop.RowError{Row: i, Field: "first_name", Message: reason})
			}
		}
	}
	if len(errs) > 0 {
		return errs
	}
	next := map[int]int{}
	for _, c := range s.cases {
		next[c.DateOfDeath.Year()]++
	}
	for _, c := range cases {
		year := c.DateOfDeath.Year()
		next[year]++
		c.ID, c.Ref = fmt.Sprintf("case-%d", s.id()), fmt.Sprintf("CDOP-%d-%04d", year, next[year])
		s.cases = append(s.cases, c.Clone())
	}
	return nil
}

func (s *fakeStore) CreateCase(context.Context, *cdop.Case) error { return errNotInFake }
func (s *fakeStore) UpdateCase(context.Context, *cdop.Case) error { return errNotInFake }
func (s *fakeStore) FindCaseByID(_ context.Context, id string) (*cdop.Case, error) {
	c, err := s.find(id)
	if err != nil {
		return nil, err
	}
	return c.Clone(), nil
}
func (s *fakeStore) FindCaseByRef(context.Context, string) (*cdop.Case, error) {
	return nil, errNotInFake
}
func (s *fakeStore) FindCases(context.Context, cdop.CaseFilter) ([]*cdop.Case, error) {
	return nil, errNotInFake
}
func (s *fakeStore) ListCases(context.Context, cdop.CaseFilter) ([]cdop.CaseListing, error) {
	return nil, errNotInFake
}
func (s *fakeStore) FindDuplicates(context.Context, *cdop.Case) ([]*cdop.Case, error) {
	return nil, errNotInFake
}
func (s *fakeStore) MergeCases(context.Context, *cdop.Case, *cdop.Case, []string) error {
	return errNotInFake
}
func (s *fakeStore) CaseHistory(context.Context, string) ([]cdop.AuditEntry, error) {
	return nil, errNotInFake
}

func (s *fakeStore) file(c *cdop.Case) *cdop.CaseFile {
	f := &cdop.CaseFile{Case: c.Clone()}
	for _, r := range s.requests {
		if r.CaseID == c.ID {
			f.Requests = append(f.Requests, r)
		}
	}
	for _, k := range s.contacts {
		if k.CaseID == c.ID {
			f.Contacts = append(f.Contacts, k)
		}
	}
	for _, p := range s.pauses {
		if p.CaseID == c.ID {
			f.Pauses = append(f.Pauses, p)
		}
	}
	return f
}

func (s *fakeStore) CaseFile(_ context.Context, id string) (*cdop.CaseFile, error) {
	c, err := s.find(id)
	if err != nil {
		return nil, err
	}
	return s.file(c), nil
}

func (s *fakeStore) OpenCaseFiles(context.Context) ([]*cdop.CaseFile, error) {
	var out []*cdop.CaseFile
	for _, c := range s.cases {
		if c.Stage != cdop.StageClosed {
			out = append(out, s.file(c))
		}
	}
	return out, nil
}

func (s *fakeStore) MoveStage(context.Context, string, cdop.Stage, string) error { return errNotInFake }

func (s *fakeStore) Agencies(context.Context) ([]cdop.Agency, error) {
	return append([]cdop.Agency(nil), s.agencies...), nil
}

func (s *fakeStore) SaveAgency(_ context.Context, a *cdop.Agency) error {
	if err := a.Validate(); err != nil {
		return err
	}
	for _, o := range s.agencies {
		if strings.EqualFold(o.Name, a.Name) && o.ID != a.ID {
			return cdop.Errorf(cdop.ECONFLICT, "the directory already has an agency called %q", a.Name)
		}
	}
	if a.ID != 0 {
		return errNotInFake
	}
	a.ID = s.id()
	s.agencies = append(s.agencies, *a)
	return nil
}

func (s *fakeStore) SaveRequest(_ context.Context, r *cdop.AgencyRequest) error {
	if r.ID != 0 {
		return errNotInFake
	}
	if err := r.Validate(s.today); err != nil {
		return err
	}
	if _, err := s.open(r.CaseID); err != nil {
		return err
	}
	found := false
	for _, a := range s.agencies {
		if a.ID == r.AgencyID {
			r.AgencyName, found = a.Name, true
		}
	}
	if !found {
		return cdop.Errorf(cdop.ENOTFOUND, "there is no agency with ID %d", r.AgencyID)
	}
	r.ID = s.id()
	s.requests = append(s.requests, *r)
	return nil
}

func (s *fakeStore) AddContact(_ context.Context, k *cdop.Contact) error {
	if err := k.Validate(s.today); err != nil {
		return err
	}
	if _, err := s.open(k.CaseID); err != nil {
		return err
	}
	k.ID = s.id()
	s.contacts = append(s.contacts, *k)
	return nil
}

func (s *fakeStore) PauseClock(_ context.Context, p *cdop.ClockPause) error {
	if err := p.Validate(s.today); err != nil {
		return err
	}
	if _, err := s.open(p.CaseID); err != nil {
		return err
	}
	endsAfter := func(a, b cdop.ClockPause) bool { return a.To.IsZero() || b.From.Before(a.To) }
	for _, o := range s.pauses {
		if o.CaseID == p.CaseID && o.Deadline == p.Deadline && endsAfter(o, *p) && endsAfter(*p, o) {
			return cdop.Errorf(cdop.ECONFLICT, "the clock %s is already paused from %s", p.Deadline, o.From)
		}
	}
	p.ID = s.id()
	s.pauses = append(s.pauses, *p)
	return nil
}

func (s *fakeStore) ResumeClock(context.Context, int64, cdop.Date) error { return errNotInFake }
func (s *fakeStore) CorrectRequest(context.Context, *cdop.AgencyRequest, string) error {
	return errNotInFake
}
func (s *fakeStore) CorrectContact(context.Context, *cdop.Contact, string) error { return errNotInFake }
func (s *fakeStore) RemoveContact(context.Context, int64, string) error          { return errNotInFake }
func (s *fakeStore) CorrectPause(context.Context, *cdop.ClockPause, string) error {
	return errNotInFake
}
func (s *fakeStore) RemovePause(context.Context, int64, string) error { return errNotInFake }
func (s *fakeStore) Settings(context.Context) (cdop.Settings, error) {
	return cdop.DefaultSettings, nil
}
func (s *fakeStore) SaveSettings(context.Context, cdop.Settings) error { return errNotInFake }

// checkDashboard checks that the open cases have what their stage needs and
// that the dashboard would show overdue, due, upcoming and paused items.
func checkDashboard(t *testing.T, files []*cdop.CaseFile) {
	t.Helper()
	for _, f := range files {
		from := *f
		from.Case = f.Case.Clone()
		from.Case.Stage = cdop.StageNotified
		for _, m := range cdop.MissingFor(&from, f.Case.Stage) {
			t.Errorf("%s at %s lacks %s: %s", f.Case.Ref, f.Case.Stage, m.Stage, m.Message)
		}
	}
	status := map[cdop.DueStatus]int{}
	names := map[string]int{}
	for _, item := range cdop.DueItems(files, cdop.Settings{}, today) {
		status[item.Status]++
		names[item.Deadline.Name]++
	}
	t.Logf("%d open cases; dashboard %v; deadlines %v", len(files), status, names)
	for _, s := range []cdop.DueStatus{cdop.DueOverdue, cdop.DueSoon, cdop.DueUpcoming, cdop.DuePaused} {
		if status[s] == 0 {
			t.Errorf("no %s items on the dashboard: %v", s, status)
		}
	}
	if status[cdop.DueOverdue] > (status[cdop.DueSoon]+status[cdop.DueUpcoming]+status[cdop.DuePaused])*2 {
		t.Errorf("dashboard %v: want overdue items not to swamp the rest", status)
	}
}

func TestLoad(t *testing.T) {
	ctx := context.Background()
	store := &fakeStore{today: today}
	opts := demo.Options{Years: 5, PerYear: 60, Seed: 3, Today: today}
	sum, err := demo.Load(ctx, store, store, store, opts)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	t.Logf("loaded %s", sum)

	// The counts are those stored; the records of each open case are
	// Records', and the cases Generate's but for the booking of those on
	// the upcoming meetings' agendas.
	got := demo.Summary{Cases: len(store.cases), Agencies: len(store.agencies), Requests: len(store.requests),
		Contacts: len(store.contacts), Pauses: len(store.pauses), Meetings: len(store.meetings), Recommendations: len(store.recs)}
	for _, m := range store.meetings {
		got.AgendaItems += len(m.Agenda)
	}
	for _, r := range store.recs {
		got.RecommendationUpdates += len(r.Updates)
	}
	if got != sum {
		t.Errorf("stored %+v; Load said %+v", got, sum)
	}
	if sum.Cases != 300 || sum.Agencies != len(demo.Agencies()) {
		t.Errorf("Load = %+v; want 300 cases and every demo agency", sum)
	}
	generated := demo.Generate(opts)
	open, rebooked := 0, 0
	want := demo.Summary{Cases: sum.Cases, Agencies: sum.Agencies}
	for i, c := range store.cases {
		g := generated[i].Clone()
		g.ID, g.Ref = c.ID, c.Ref
		if g.CDRMOn != c.CDRMOn || g.CDOPReviewOn != c.CDOPReviewOn {
			rebooked++
			g.CDRMOn, g.CDOPReviewOn = c.CDRMOn, c.CDOPReviewOn
		}
		if !reflect.DeepEqual(g, c) {
			t.Errorf("stored case %s differs from the generated one beyond its booking", c.Ref)
		}
		if c.Stage == cdop.StageClosed {
			continue
		}
		open++
		if !c.Counted() {
			continue // a voided or transferred case has no records
		}
		requests, contacts, pauses := demo.Records(c, store.agencies, opts.Seed, today)
		want.Requests += len(requests)
		want.Contacts += len(contacts)
		want.Pauses += len(pauses)
	}
	if got := (demo.Summary{Cases: sum.Cases, Agencies: sum.Agencies, Requests: sum.Requests, Contacts: sum.Contacts, Pauses: sum.Pauses}); got != want {
		t.Errorf("Load stored records %+v, want Records' %+v", got, want)
	}
	if rebooked == 0 || rebooked > sum.AgendaItems {
		t.Errorf("%d cases booked for a meeting, %d on agendas", rebooked, sum.AgendaItems)
	}
	if want.Requests < open || want.Contacts < open/2 || want.Pauses == 0 {
		t.Errorf("%+v for %d open cases; want requests and contacts for most, some pauses", want, open)
	}
	files, err := store.OpenCaseFiles(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != open {
		t.Errorf("%d open case files, want %d", len(files), open)
	}
	checkDashboard(t, files)
	byID := map[string]*cdop.Case{}
	for _, c := range store.cases {
		byID[c.ID] = c
	}
	meetings, _ := store.Meetings(ctx)
	recs, _ := store.Recommendations(ctx)
	checkMeetings(t, meetings, recs, byID)

	// A second load reuses the directory's agencies.
	again, err := demo.Load(ctx, store, store, store, demo.Options{Years: 1, PerYear: 20, Seed: 4, Today: today})
	if err != nil {
		t.Fatalf("second Load: %v", err)
	}
	if again.Agencies != 0 || again.AgenciesReused != len(demo.Agencies()) || len(store.agencies) != len(demo.Agencies()) {
		t.Errorf("second Load = %+v, directory of %d; want every agency reused", again, len(store.agencies))
	}
	if again.Cases != 20 || len(store.cases) != 320 {
		t.Errorf("second Load = %+v, %d cases stored", again, len(store.cases))
	}
}

func TestLoadWithoutMeetings(t *testing.T) {
	store := &fakeStore{today: today}
	opts := demo.Options{Years: 2, PerYear: 40, Seed: 5, Today: today}
	sum, err := demo.Load(context.Background(), store, store, nil, opts)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if sum.Meetings+sum.AgendaItems+sum.Recommendations+sum.RecommendationUpdates != 0 || sum.Cases != 80 {
		t.Errorf("Load without a MeetingService = %+v", sum)
	}
	for i, c := range demo.Generate(opts) {
		c.ID, c.Ref = store.cases[i].ID, store.cases[i].Ref
		if !reflect.DeepEqual(c, store.cases[i]) {
			t.Errorf("stored case %s is not the generated one", c.Ref)
		}
	}
}

func TestLoadSmallPanel(t *testing.T) {
	// A panel too small for every meeting to have cases still loads.
	for seed := int64(1); seed <= 5; seed++ {
		store := &fakeStore{today: today}
		sum, err := demo.Load(context.Background(), store, store, store, demo.Options{Years: 1, PerYear: 10, Seed: seed, Today: today})
		if err != nil {
			t.Fatalf("seed %d: Load: %v", seed, err)
		}
		if sum.Meetings != 4 || sum.Cases != 10 {
			t.Errorf("seed %d: Load = %+v", seed, sum)
		}
	}
}

func TestLoadReturnsTheImportErrorAsItIs(t *testing.T) {
	refused := cdop.RowErrors{{Row: 0, Field: "first_name", Message: "same names and dates of birth and death as stored case CDOP-2025-0001"}}
	store := &fakeStore{today: today, importErr: refused}
	sum, err := demo.Load(context.Background(), store, store, store, demo.Options{Years: 1, PerYear: 10, Seed: 1, Today: today})
	var rows cdop.RowErrors
	if !errors.As(err, &rows) || err.Error() != refused.Error() {
		t.Fatalf("Load = %v; want the import's error as it is", err)
	}
	if sum != (demo.Summary{}) || len(store.agencies)+len(store.requests)+len(store.contacts)+len(store.pauses)+len(store.meetings)+len(store.recs) > 0 {
		t.Errorf("Load = %+v and stored records after the import failed", sum)
	}
}
