package memstore

import (
	"context"
	"slices"
	"time"

	"casemanager/cdop"
)

// MergeCases merges the newer notification into the existing case, as
// storage does: the newer voided (or, not yet stored, logged voided), its agency requests, contacts and
// recommendation links moved, the existing case given the values it
// lacked and the chosen conflicts, all audited; nothing changed when a step
// is refused.
func (s *Store) MergeCases(ctx context.Context, existing, newer *cdop.Case, useNewer []string) error {
	return save(s, ctx, existing, func(o *op) (*cdop.Case, error) {
		merged, voided, err := cdop.PrepareMerge(existing, newer, useNewer, o.findCase,
			func(id string) (string, time.Time, error) { who, at := o.lastChange(id); return who, at, nil })
		if err != nil {
			return nil, err
		}
		if voided.ID == "" {
			voided, err = o.createCase(voided)
		} else {
			voided, err = o.updateCase(voided)
		}
		if err != nil {
			return nil, err
		}
		moved := o.moveRecords(voided.ID, merged.ID)
		out, err := o.updateCase(merged)
		if err != nil {
			return nil, err
		}
		o.audit(merged.ID, actionMerge, []cdop.FieldChange{{Field: "merged_from", New: voided.Ref}, {Field: "records_moved", New: moved}})
		o.audit(voided.ID, actionMerge, []cdop.FieldChange{{Field: "merged_into", New: merged.Ref}})
		return out.Clone(), nil
	})
}

// moveRecords moves a case's agency requests, contacts and recommendation
// links to another case, and says what moved.
func (o *op) moveRecords(from, to string) string {
	var requests, contacts, recs int
	for i := range o.requests {
		if o.requests[i].CaseID == from {
			o.requests[i].CaseID = to
			requests++
		}
	}
	for i := range o.contacts {
		if o.contacts[i].CaseID == from {
			o.contacts[i].CaseID = to
			contacts++
		}
	}
	for i := range o.recs {
		ids := o.recs[i].CaseIDs
		if j := slices.Index(ids, from); j >= 0 && !slices.Contains(ids, to) {
			ids = slices.Clone(ids)
			ids[j] = to
			o.recs[i].CaseIDs = ids
			recs++
		}
	}
	return cdop.MovedRecords(requests, contacts, recs)
}
