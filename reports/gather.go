package reports

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"casemanager/cdop"
	"casemanager/release"
)

// Gathering: what each document prints, read through the services package
// cdop declares, so that the command line and the desktop app make the same
// documents from the same data by the same rules.

// NewOptions returns the options of a document produced now, by clock:
// the panel's settings, today in England, and this program's version.
func NewOptions(ctx context.Context, flow cdop.FlowService, clock cdop.Clock, anonymised bool) (Options, error) {
	settings, err := flow.Settings(ctx)
	if err != nil {
		return Options{}, err
	}
	return Options{Anonymised: anonymised, Produced: clock.Now(), Settings: settings, Today: cdop.Today(clock), Producer: release.Product()}, nil
}

// GatherSummary returns what a case's summary prints: its file, and the
// recommendations (CaseSummary prints those that came from the case).
func GatherSummary(ctx context.Context, flow cdop.FlowService, meetings cdop.MeetingService, caseID string) (*cdop.CaseFile, []*cdop.Recommendation, error) {
	cdop.ReportProgress(ctx, cdop.Progress{Done: 0, Total: 1, Unit: cdop.UnitCases})
	f, err := flow.CaseFile(ctx, caseID)
	if err != nil {
		return nil, nil, err
	}
	cdop.ReportProgress(ctx, cdop.Progress{Done: 1, Total: 1, Unit: cdop.UnitCases})
	recs, err := meetings.Recommendations(ctx)
	if err != nil {
		return nil, nil, err
	}
	return f, recs, nil
}

// GatherPack returns what a meeting's panel pack prints: the meeting, the
// files of the cases on its agenda, and the recommendations. A meeting
// that does not exist is an ENOTFOUND error that says so. It reports its
// progress (cdop.ReportProgress) in cases read, and stops at the context's
// end.
func GatherPack(ctx context.Context, flow cdop.FlowService, meetings cdop.MeetingService, meetingID int64) (*cdop.Meeting, []*cdop.CaseFile, []*cdop.Recommendation, error) {
	m, err := meetings.Meeting(ctx, meetingID)
	if err != nil {
		if cdop.ErrorCode(err) == cdop.ENOTFOUND {
			return nil, nil, nil, cdop.Errorf(cdop.ENOTFOUND, "there is no meeting %d", meetingID)
		}
		return nil, nil, nil, err
	}
	files := make([]*cdop.CaseFile, 0, len(m.Agenda))
	total := int64(len(m.Agenda))
	cdop.ReportProgress(ctx, cdop.Progress{Total: total, Unit: cdop.UnitCases})
	for _, it := range m.Agenda {
		if err := ctx.Err(); err != nil {
			return nil, nil, nil, err
		}
		f, err := flow.CaseFile(ctx, it.CaseID)
		if err != nil {
			return nil, nil, nil, fmt.Errorf("meeting %d: agenda item %s: %w", meetingID, it.CaseRef, err)
		}
		files = append(files, f)
		cdop.ReportProgress(ctx, cdop.Progress{Done: int64(len(files)), Total: total, Unit: cdop.UnitCases})
	}
	recs, err := meetings.Recommendations(ctx)
	if err != nil {
		return nil, nil, nil, err
	}
	return m, files, recs, nil
}

// CaseFileStreamer is a store that reads some fields of every case in one
// pass and the files of many cases at once (storage.DB): GatherAnnual uses
// it when the flow service is one.
type CaseFileStreamer interface {
	EachCaseFields(ctx context.Context, f cdop.CaseFilter, from, to cdop.Date, fields []string, fn func(*cdop.Case) error) error
	CaseFilesOf(ctx context.Context, ids []string) ([]*cdop.CaseFile, error)
}

// annualBatch is how many case files GatherAnnual reads at once.
const annualBatch = 500

// annualCoverFields are the fields AnnualCovers reads.
var annualCoverFields = []string{"case_ref", "date_of_death", "cdop_review_on", "voided_reason", "transferred_to"}

// GatherAnnual returns what the annual report for a period covers: the
// files of the cases that died or were reviewed in it, the recommendations
// made in it or still open at its end (none made after it), and the
// panel's footprint and disclosure settings. It reports its progress
// (cdop.ReportProgress) in the case files read, and stops at the context's
// end.
func GatherAnnual(ctx context.Context, cases cdop.CaseService, flow cdop.FlowService, meetings cdop.MeetingService, from, to cdop.Date) (AnnualData, error) {
	settings, err := flow.Settings(ctx)
	if err != nil {
		return AnnualData{}, err
	}
	data := AnnualData{From: from, To: to, Footprint: settings.Footprint,
		Disclosure: DisclosureSettings{Threshold: settings.DisclosureThreshold, Rounding: settings.DisclosureRounding, Marker: settings.DisclosureMarker}}
	if store, ok := flow.(CaseFileStreamer); ok {
		// Which cases the period covers, from the two dates alone (each
		// sealed value decrypted costs), then only their files.
		var ids []string
		err = store.EachCaseFields(ctx, cdop.CaseFilter{}, cdop.Date{}, cdop.Date{}, annualCoverFields, func(c *cdop.Case) error {
			if AnnualCovers(c, from, to) {
				ids = append(ids, c.ID)
			}
			return nil
		})
		if err != nil {
			return data, err
		}
		// The files in slices, so that the progress reported moves and a
		// cancel is heard between them.
		total := int64(len(ids))
		cdop.ReportProgress(ctx, cdop.Progress{Total: total, Unit: cdop.UnitCases})
		for len(ids) > 0 {
			batch := ids[:min(len(ids), annualBatch)]
			ids = ids[len(batch):]
			files, err := store.CaseFilesOf(ctx, batch)
			if err != nil {
				return data, err
			}
			data.Cases = append(data.Cases, files...)
			cdop.ReportProgress(ctx, cdop.Progress{Done: int64(len(data.Cases)), Total: total, Unit: cdop.UnitCases})
		}
		slices.SortFunc(data.Cases, func(a, b *cdop.CaseFile) int { return strings.Compare(a.Case.Ref, b.Case.Ref) })
	} else {
		all, err := cases.FindCases(ctx, cdop.CaseFilter{})
		if err != nil {
			return data, err
		}
		var covered []*cdop.Case
		for _, c := range all {
			if AnnualCovers(c, from, to) {
				covered = append(covered, c)
			}
		}
		total := int64(len(covered))
		for _, c := range covered {
			if err := ctx.Err(); err != nil {
				return data, err
			}
			f, err := flow.CaseFile(ctx, c.ID)
			if err != nil {
				return data, fmt.Errorf("case %s: %w", c.Ref, err)
			}
			data.Cases = append(data.Cases, f)
			cdop.ReportProgress(ctx, cdop.Progress{Done: int64(len(data.Cases)), Total: total, Unit: cdop.UnitCases})
		}
	}
	recs, err := meetings.Recommendations(ctx)
	if err != nil {
		return data, err
	}
	for _, r := range recs {
		if AnnualIncludes(r, from, to) {
			data.Recommendations = append(data.Recommendations, r)
		}
	}
	return data, nil
}

// AnnualCovers reports whether the annual report for a period covers a
// case: the child died in the period, or the panel reviewed the case in it;
// never a voided notification or a case transferred to another panel
// (cdop.Case.Counted).
func AnnualCovers(c *cdop.Case, from, to cdop.Date) bool {
	return c.Counted() && datesOf(c).CoveredBy(from, to)
}

// CaseDates are the two dates of a counted case that decide which annual
// reports cover it.
type CaseDates struct {
	Death, Review cdop.Date // zero when not known
}

func datesOf(c *cdop.Case) CaseDates { return CaseDates{Death: c.DateOfDeath, Review: c.CDOPReviewOn} }

// CoveredBy reports whether the annual report for a period covers a case
// with these dates (AnnualCovers).
func (d CaseDates) CoveredBy(from, to cdop.Date) bool {
	return inPeriod(d.Death, from, to) || inPeriod(d.Review, from, to)
}

// CountedDates returns the dates of every case the annual reports count
// (cdop.Case.Counted), in no particular order: what a screen needs to say
// what each period holds. From a store that reads some fields of every
// case in one pass (CaseFileStreamer) only those fields are read — a few
// bytes a case, where a whole case with its identifiers is kilobytes.
func CountedDates(ctx context.Context, cases cdop.CaseService, flow cdop.FlowService) ([]CaseDates, error) {
	var out []CaseDates
	keep := func(c *cdop.Case) error {
		if c.Counted() {
			out = append(out, datesOf(c))
		}
		return nil
	}
	if store, ok := flow.(CaseFileStreamer); ok {
		err := store.EachCaseFields(ctx, cdop.CaseFilter{}, cdop.Date{}, cdop.Date{}, annualCoverFields, keep)
		return out, err
	}
	all, err := cases.FindCases(ctx, cdop.CaseFilter{})
	if err != nil {
		return nil, err
	}
	for _, c := range all {
		keep(c)
	}
	return out, nil
}

// AnnualIncludes reports whether the annual report for a period reports on
// a recommendation: made in the period, or made before its end and still
// open (or in progress).
func AnnualIncludes(r *cdop.Recommendation, from, to cdop.Date) bool {
	return (r.CreatedOn.IsZero() || !r.CreatedOn.After(to)) && (inPeriod(r.CreatedOn, from, to) || r.Status.Open())
}

// inPeriod reports whether a recorded date falls from from to to, both included.
func inPeriod(d, from, to cdop.Date) bool {
	return !d.IsZero() && !d.Before(from) && !d.After(to)
}
