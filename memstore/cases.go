package memstore

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"casemanager/cdop"
)

// CreateCase stores a new case as cdop.PrepareNew has it, refusing
// duplicates and references in use; on success c holds what is stored.
func (s *Store) CreateCase(ctx context.Context, c *cdop.Case) error {
	return save(s, ctx, c, func(o *op) (*cdop.Case, error) {
		n, err := o.createCase(c)
		if err != nil {
			return nil, err
		}
		return n.Clone(), nil
	})
}

func (o *op) createCase(c *cdop.Case) (*cdop.Case, error) {
	n, err := cdop.PrepareNew(c, o.today)
	if err != nil {
		return nil, err
	}
	if err := o.settings.CheckTextLimits(n); err != nil {
		return nil, err
	}
	n.ID = uuid.NewString()
	if err := cdop.DuplicateError(n, o.duplicates(n)); err != nil {
		return nil, err
	}
	if n.Ref == "" {
		n.Ref = cdop.FormatRef(n.DateOfDeath.Year(), o.highestRef(n.DateOfDeath.Year())+1)
	} else if o.refInUse(n) {
		return nil, cdop.RefInUseError(n.Ref)
	}
	n.CreatedAt, n.UpdatedAt = o.now, o.now
	o.cases[n.ID] = n
	o.audit(n.ID, actionCreate, cdop.Diff(nil, n))
	return n, nil
}

// UpdateCase stores c over the stored case with its ID, as cdop.CheckFresh
// and cdop.PrepareEdit allow; on success c holds what is stored.
func (s *Store) UpdateCase(ctx context.Context, c *cdop.Case) error {
	return save(s, ctx, c, func(o *op) (*cdop.Case, error) {
		n, err := o.updateCase(c)
		if err != nil {
			return nil, err
		}
		return n.Clone(), nil
	})
}

func (o *op) updateCase(c *cdop.Case) (*cdop.Case, error) {
	old, err := o.findCase(c.ID)
	if err != nil {
		return nil, err
	}
	if err := cdop.CheckFresh(old, c, func() (string, time.Time, error) { who, at := o.lastChange(old.ID); return who, at, nil }); err != nil {
		return nil, err
	}
	n, err := cdop.PrepareEdit(old, c, o.today)
	if err != nil {
		return nil, err
	}
	if err := o.settings.CheckTextLimits(n); err != nil {
		return nil, err
	}
	if err := cdop.DuplicateError(n, o.duplicates(n)); err != nil {
		return nil, err
	}
	if n.Ref != old.Ref && o.refInUse(n) {
		return nil, cdop.RefInUseError(n.Ref)
	}
	changes := cdop.Diff(old, n)
	if len(changes) == 0 {
		return n, nil
	}
	n.UpdatedAt = o.stamps.For(n.ID, old.UpdatedAt)
	o.cases[n.ID] = n
	o.audit(n.ID, actionUpdate, changes)
	return n, nil
}

// lastChange returns who last changed a case's own fields and when, or "".
func (o *op) lastChange(caseID string) (string, time.Time) {
	for i := len(o.state.audit) - 1; i >= 0; i-- {
		e := o.state.audit[i]
		if e.CaseID == caseID && slices.Contains([]string{actionCreate, actionImport, actionUpdate, actionStage}, e.Action) {
			return e.Actor, e.At
		}
	}
	return "", time.Time{}
}

// FindCaseByID returns the case with an ID, or an ENOTFOUND error.
func (s *Store) FindCaseByID(ctx context.Context, id string) (*cdop.Case, error) {
	var out *cdop.Case
	err := s.read(ctx, func(o *op) error {
		c, err := o.findCase(id)
		if err == nil {
			out = c.Clone()
		}
		return err
	})
	return out, err
}

func (o *op) findCase(id string) (*cdop.Case, error) {
	c, ok := o.cases[id]
	if !ok {
		return nil, cdop.Errorf(cdop.ENOTFOUND, "there is no case with ID %q", id)
	}
	return c, nil
}

// FindCaseByRef returns the case with a reference (cdop.SameRef), or an
// ENOTFOUND error.
func (s *Store) FindCaseByRef(ctx context.Context, ref string) (*cdop.Case, error) {
	var out *cdop.Case
	err := s.read(ctx, func(o *op) error {
		want := strings.TrimSpace(ref)
		for _, c := range o.cases {
			if cdop.SameRef(c.Ref, want) {
				out = c.Clone()
				return nil
			}
		}
		return cdop.Errorf(cdop.ENOTFOUND, "there is no case %s", ref)
	})
	return out, err
}

// FindCases returns the cases the filter matches, ordered by reference.
func (s *Store) FindCases(ctx context.Context, f cdop.CaseFilter) ([]*cdop.Case, error) {
	var out []*cdop.Case
	err := s.read(ctx, func(o *op) error {
		for _, c := range o.sortedCases() {
			if f.Limit > 0 && len(out) == f.Limit {
				break
			}
			if f.Matches(c) {
				out = append(out, c.Clone())
			}
		}
		return nil
	})
	return out, err
}

// ListCases returns the listings of the cases the filter matches, ordered
// by reference.
func (s *Store) ListCases(ctx context.Context, f cdop.CaseFilter) ([]cdop.CaseListing, error) {
	var out []cdop.CaseListing
	err := s.read(ctx, func(o *op) error {
		for _, c := range o.sortedCases() {
			if f.Limit > 0 && len(out) == f.Limit {
				break
			}
			if f.Matches(c) {
				out = append(out, cdop.ListingOf(c))
			}
		}
		return nil
	})
	return out, err
}

// sortedCases returns the stored cases ordered by reference.
func (o *op) sortedCases() []*cdop.Case {
	out := make([]*cdop.Case, 0, len(o.cases))
	for _, c := range o.cases {
		out = append(out, c)
	}
	slices.SortFunc(out, func(a, b *cdop.Case) int { return byFolded(a.Ref, b.Ref) })
	return out
}

// FindDuplicates returns the stored cases, other than c, that look like c
// (cdop.Alike), ordered by reference.
func (s *Store) FindDuplicates(ctx context.Context, c *cdop.Case) ([]*cdop.Case, error) {
	var out []*cdop.Case
	err := s.read(ctx, func(o *op) error {
		for _, d := range o.duplicates(c) {
			out = append(out, d.Clone())
		}
		return nil
	})
	return out, err
}

func (o *op) duplicates(c *cdop.Case) []*cdop.Case {
	nhs, key := cdop.NormaliseNHSNumber(c.NHSNumber), c.DuplicateKey()
	if nhs == "" && key == "" {
		return nil
	}
	var out []*cdop.Case
	for _, d := range o.sortedCases() {
		if d.ID != c.ID && ((nhs != "" && d.NHSNumber == nhs) || (key != "" && d.DuplicateKey() == key)) {
			out = append(out, d)
		}
	}
	return cdop.Alike(cdop.LookupForm(c), out)
}

// refInUse reports whether another case has c's reference.
func (o *op) refInUse(c *cdop.Case) bool {
	id := o.caseWithRef(c.Ref)
	return id != "" && id != c.ID
}

func (o *op) caseWithRef(ref string) string {
	for id, c := range o.cases {
		if cdop.SameRef(c.Ref, ref) {
			return id
		}
	}
	return ""
}

// highestRef returns cdop.HighestRefNumber of the stored references of a year.
func (o *op) highestRef(year int) int {
	refs := make([]string, 0, len(o.cases))
	for _, c := range o.cases {
		refs = append(refs, c.Ref)
	}
	return cdop.HighestRefNumber(year, refs)
}

// CheckImport reports, per row, how the cases collide with stored ones.
func (s *Store) CheckImport(ctx context.Context, cases []*cdop.Case) (cdop.RowErrors, error) {
	var errs cdop.RowErrors
	err := s.read(ctx, func(o *op) error {
		for i, c := range cases {
			errs = append(errs, o.storedCollisions(i, cdop.LookupForm(c))...)
		}
		return nil
	})
	return errs, err
}

func (o *op) storedCollisions(i int, c *cdop.Case) cdop.RowErrors {
	return cdop.StoredCollisions(i, c, o.duplicates(c), c.Ref != "" && o.caseWithRef(c.Ref) != "")
}

// ImportCases stores every case or, when any row fails, none, as storage's
// ImportCases does.
func (s *Store) ImportCases(ctx context.Context, cases []*cdop.Case) error {
	var stored []*cdop.Case
	err := s.write(ctx, func(o *op) error {
		batch := cdop.NewImportBatch(nil)
		stored = make([]*cdop.Case, len(cases))
		var errs cdop.RowErrors
		for i, c := range cases {
			n, problems, err := cdop.PrepareImportRow(i, c, o.today)
			if err != nil {
				return err
			}
			errs = append(errs, problems...)
			errs = append(errs, o.settings.RowTextLimits(i, n)...)
			errs = append(errs, o.storedCollisions(i, n)...)
			errs = append(errs, batch.Add(i, n)...)
			stored[i] = n
		}
		if len(errs) > 0 {
			return errs
		}
		next := map[int]int{}
		for _, n := range stored {
			n.ID = uuid.NewString()
			if n.Ref == "" {
				year := n.DateOfDeath.Year()
				if _, ok := next[year]; !ok {
					next[year] = max(o.highestRef(year), batch.HighestRef(year)) + 1
				}
				n.Ref = cdop.FormatRef(year, next[year])
				next[year]++
			}
			n.CreatedAt, n.UpdatedAt = o.now, o.now
			o.cases[n.ID] = n
			o.audit(n.ID, actionImport, cdop.Diff(nil, n))
		}
		return nil
	})
	if err == nil {
		for i, c := range stored {
			*cases[i] = *c.Clone()
		}
	}
	return err
}

// CaseHistory returns a case's audit rows, oldest first, or an ENOTFOUND
// error when there is no such case.
func (s *Store) CaseHistory(ctx context.Context, caseID string) ([]cdop.AuditEntry, error) {
	var out []cdop.AuditEntry
	err := s.read(ctx, func(o *op) error {
		if _, err := o.findCase(caseID); err != nil {
			return err
		}
		for _, e := range o.state.audit {
			if e.CaseID == caseID {
				e.Changes = slices.Clone(e.Changes)
				out = append(out, e)
			}
		}
		return nil
	})
	return out, err
}
