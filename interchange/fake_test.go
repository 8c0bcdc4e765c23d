package interchange_test

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"casemanager/cdop"
)

// fakeStore is an in-memory cdop.CaseService with the rules an import relies
// on: validation, unique references, duplicate refusal, all or nothing.
type fakeStore struct {
	today  cdop.Date
	byID   map[string]*cdop.Case
	nextID int
	writes int // successful changes, to prove an import wrote nothing
}

func newFakeStore(today cdop.Date) *fakeStore {
	return &fakeStore{today: today, byID: map[string]*cdop.Case{}}
}

func (s *fakeStore) CreateCase(ctx context.Context, c *cdop.Case) error {
	if errs := append(s.validate(0, c), s.conflicts(0, c)...); len(errs) > 0 {
		return errs
	}
	s.store(c)
	return nil
}

func (s *fakeStore) UpdateCase(ctx context.Context, c *cdop.Case) error {
	if _, ok := s.byID[c.ID]; !ok {
		return cdop.Errorf(cdop.ENOTFOUND, "no case %s", c.ID)
	}
	if err := c.ValidateOn(s.today); err != nil {
		return err
	}
	s.byID[c.ID] = c.Clone()
	s.writes++
	return nil
}

func (s *fakeStore) FindCaseByID(ctx context.Context, id string) (*cdop.Case, error) {
	if c, ok := s.byID[id]; ok {
		return c.Clone(), nil
	}
	return nil, cdop.Errorf(cdop.ENOTFOUND, "no case %s", id)
}

func (s *fakeStore) FindCaseByRef(ctx context.Context, ref string) (*cdop.Case, error) {
	for _, c := range s.byID {
		if c.Ref == ref {
			return c.Clone(), nil
		}
	}
	return nil, cdop.Errorf(cdop.ENOTFOUND, "no case %s", ref)
}

func (s *fakeStore) FindCases(ctx context.Context, f cdop.CaseFilter) ([]*cdop.Case, error) {
	var out []*cdop.Case
	for _, c := range s.byID {
		if f.Stage == "" || c.Stage == f.Stage {
			out = append(out, c.Clone())
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Ref < out[j].Ref })
	return out, nil
}

func (s *fakeStore) FindDuplicates(ctx context.Context, c *cdop.Case) ([]*cdop.Case, error) {
	var out []*cdop.Case
	for _, o := range s.byID {
		if c.DuplicateReason(o) != "" {
			out = append(out, o.Clone())
		}
	}
	return out, nil
}

func (s *fakeStore) CheckImport(ctx context.Context, cases []*cdop.Case) (cdop.RowErrors, error) {
	var errs cdop.RowErrors
	for i, c := range cases {
		errs = append(errs, s.conflicts(i, c)...)
	}
	return errs, nil
}

// validate reports the rules c, row i of a batch, breaks.
func (s *fakeStore) validate(i int, c *cdop.Case) cdop.RowErrors {
	var errs cdop.RowErrors
	if err := c.ValidateOn(s.today); err != nil {
		v, _ := cdop.AsValidationErrors(err)
		for _, fe := range v {
			errs = append(errs, cdop.RowError{Row: i, Field: fe.Field, Message: fe.Message})
		}
	}
	return errs
}

// conflicts reports what stops c, row i of a batch, being stored beside the
// stored cases, as the real store's CheckImport does.
func (s *fakeStore) conflicts(i int, c *cdop.Case) cdop.RowErrors {
	var errs cdop.RowErrors
	for _, o := range s.sorted() {
		if c.Ref != "" && strings.EqualFold(c.Ref, o.Ref) {
			errs = append(errs, cdop.RowError{Row: i, Field: "case_ref", Message: fmt.Sprintf("%s is already in use", c.Ref)})
		}
		if reason := c.DuplicateReason(o); reason != "" {
			errs = append(errs, cdop.RowError{Row: i, Message: fmt.Sprintf("already stored as %s (%s)", o.Ref, reason)})
		}
	}
	return errs
}

func (s *fakeStore) ImportCases(ctx context.Context, cases []*cdop.Case) error {
	var errs cdop.RowErrors
	for i, c := range cases {
		errs = append(errs, s.validate(i, c)...)
		errs = append(errs, s.conflicts(i, c)...)
	}
	if len(errs) > 0 {
		return errs
	}
	for _, c := range cases {
		s.store(c)
	}
	return nil
}

func (s *fakeStore) CaseHistory(ctx context.Context, caseID string) ([]cdop.AuditEntry, error) {
	return nil, nil
}

// store keeps a copy of c, assigning its ID and, when blank, its reference.
func (s *fakeStore) store(c *cdop.Case) {
	s.nextID++
	c = c.Clone()
	c.ID = fmt.Sprintf("id-%d", s.nextID)
	if c.Ref == "" {
		c.Ref = s.nextRef(c.DateOfDeath.Year())
	}
	s.byID[c.ID] = c
	s.writes++
}

func (s *fakeStore) nextRef(year int) string {
	for n := 1; ; n++ {
		ref := fmt.Sprintf("CDOP-%d-%04d", year, n)
		if _, err := s.FindCaseByRef(context.Background(), ref); err != nil {
			return ref
		}
	}
}

func (s *fakeStore) sorted() []*cdop.Case {
	out, _ := s.FindCases(context.Background(), cdop.CaseFilter{})
	return out
}

var _ cdop.CaseService = (*fakeStore)(nil)
