package cdop

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// CaseFilter selects cases; zero fields do not filter.
type CaseFilter struct {
	Stage       Stage
	YearOfDeath int
	// Search matches case reference, names (accent-insensitively) and NHS
	// number (with or without spaces) by substring.
	Search string
	Limit  int
}

// CaseListing is what the case register shows of a case, and what a
// search looks in.
type CaseListing struct {
	ID, Ref, FirstName, LastName, NHSNumber string
	DateOfBirth, DateOfDeath                Date
	Stage                                   Stage
}

// ListingOf returns a case's listing.
func ListingOf(c *Case) CaseListing {
	return CaseListing{ID: c.ID, Ref: c.Ref, FirstName: c.FirstName, LastName: c.LastName, NHSNumber: c.NHSNumber,
		DateOfBirth: c.DateOfBirth, DateOfDeath: c.DateOfDeath, Stage: c.Stage}
}

// ListingFields names the fields a CaseListing holds.
var ListingFields = []string{"case_ref", "first_name", "last_name", "nhs_number", "date_of_birth", "date_of_death", "stage"}

// Age returns the child's age at death.
func (l CaseListing) Age() Age { return AgeAt(l.DateOfBirth, l.DateOfDeath) }

// CaseService stores cases. Every change is validated, refused when it would
// duplicate another case, and written with its audit rows in one transaction.
type CaseService interface {
	// CreateCase stores a new case, assigning its ID and, when blank, its reference.
	CreateCase(ctx context.Context, c *Case) error
	// UpdateCase stores changes to an existing case.
	UpdateCase(ctx context.Context, c *Case) error
	// FindCaseByID returns a case, or an ENOTFOUND error.
	FindCaseByID(ctx context.Context, id string) (*Case, error)
	// FindCaseByRef returns the case with a reference, or an ENOTFOUND error.
	FindCaseByRef(ctx context.Context, ref string) (*Case, error)
	// FindCases returns the matching cases ordered by reference.
	FindCases(ctx context.Context, f CaseFilter) ([]*Case, error)
	// ListCases returns the listings of the matching cases ordered by
	// reference: what the register shows, read from memory once the store
	// has listed every case, so that it is fast on any number of cases.
	ListCases(ctx context.Context, f CaseFilter) ([]CaseListing, error)
	// FindDuplicates returns stored cases (other than c itself) that look like the same death.
	FindDuplicates(ctx context.Context, c *Case) ([]*Case, error)
	// MergeCases merges the newer notification into the existing case
	// (PlanMerge, MergePlan.Apply) in one transaction: the values the
	// existing case lacks and the conflicts useNewer names taken from the
	// newer, the newer's agency requests, contacts and recommendation links
	// moved, the newer voided as "merged into <ref>" (a newer not yet
	// stored, with no ID, is stored so), all audited. Both copies must be
	// as stored; existing then holds what is stored.
	MergeCases(ctx context.Context, existing, newer *Case, useNewer []string) error
	// ImportCases stores all the cases or, when any row fails, none of them.
	ImportCases(ctx context.Context, cases []*Case) error
	// CaseHistory returns a case's audit rows, oldest first.
	CaseHistory(ctx context.Context, caseID string) ([]AuditEntry, error)
}

// CaseImporter begins imports of cases (CaseImport): the store an import
// file is read into. rowName names an earlier row of the import in a
// message about a later one ("the case on line 3").
type CaseImporter interface {
	BeginImport(ctx context.Context, rowName func(row int) string) (CaseImport, error)
}

// CaseImport is an import under way: one transaction that cases are added
// to one at a time as they are read, stored all together or not at all.
// It keeps of each case only what finding duplicates and repeated
// references needs, so that an import of any size runs in bounded memory.
type CaseImport interface {
	// Add validates c, checks it against the stored cases and the cases
	// added before (duplicates, references), and stores it, in the form a
	// store keeps, in the import's transaction while no case added has
	// failed. It returns
	// every problem with c, each with Row set to row, the caller's number
	// for it; an error is a failure of the store, which ends the import.
	Add(ctx context.Context, row int, c *Case) (RowErrors, error)
	// Commit assigns the blank references, continuing each year's
	// numbering, makes the import permanent and returns how many cases it
	// stored. Once a case added has failed it stores nothing and returns
	// an EINVALID error.
	Commit(ctx context.Context) (int, error)
	// Rollback abandons the import, storing nothing; after Commit it does
	// nothing.
	Rollback() error
}

// DecodedCaseImport is a CaseImport that also takes a decoder's cases as
// they are. AddDecoded is Add for a case every field of which was given
// by Case.Set from a file's text: Set puts each value in the form a store
// keeps, so the case is not made canonical a second time
// (PrepareDecodedRow).
type DecodedCaseImport interface {
	CaseImport
	AddDecoded(ctx context.Context, row int, c *Case) (RowErrors, error)
}

// AuditEntry records one change: when, who, which case, and each field's old and new value.
type AuditEntry struct {
	ID      int64
	At      time.Time
	Actor   string
	CaseID  string
	CaseRef string // the case's reference, when the row is about a case
	Action  string // "create", "update", "import", "sign_in", "output"…
	Changes []FieldChange
}

// AuditFilter selects audit rows; zero fields do not filter. From and To
// are days (both included).
type AuditFilter struct {
	From, To Date
	User     string // the actor, ignoring case
	CaseRef  string
}

// FieldChange is one field's value before and after a change, in interchange form.
type FieldChange struct {
	Field string `json:"field"`
	Old   string `json:"old"`
	New   string `json:"new"`
}

// Diff returns the stored fields (CaseFields) whose text values differ
// between before and after, in field order; before may be nil for a new case.
func Diff(before, after *Case) []FieldChange {
	var out []FieldChange
	if before == nil {
		out = make([]FieldChange, 0, len(CaseFields))
	}
	for i := range CaseFields {
		col := &CaseFields[i]
		var old string
		if before != nil {
			old = col.get(before)
		}
		if now := col.get(after); now != old {
			out = append(out, FieldChange{Field: col.Name, Old: old, New: now})
		}
	}
	return out
}

// ChangesText words an audit row's changes on one line, as the audit log
// screen and the audit command show them: "field: old → new; …".
func ChangesText(changes []FieldChange) string {
	parts := make([]string, 0, len(changes))
	for _, c := range changes {
		switch {
		case c.Old == "" && c.New == "":
			parts = append(parts, c.Field)
		case c.Old == "":
			parts = append(parts, c.Field+": "+c.New)
		default:
			parts = append(parts, c.Field+": "+c.Old+" → "+c.New)
		}
	}
	return strings.Join(parts, "; ")
}

// AuditColumns heads the audit trail written as rows (the audit command's
// table and CSV, the audit log screen's export); AuditEntry.Row gives a row.
var AuditColumns = []string{"id", "at", "user", "case_ref", "action", "changes"}

// Row returns the entry's cells under AuditColumns: the time in UTC, RFC 3339.
func (e AuditEntry) Row() []string {
	return []string{strconv.FormatInt(e.ID, 10), e.At.UTC().Format(time.RFC3339), e.Actor, e.CaseRef, e.Action, ChangesText(e.Changes)}
}

// MatchesText reports whether the entry's user and action contain the
// texts given, ignoring case ("" matches any): how the audit log screen
// narrows the rows as the administrator types part of a name.
func (e AuditEntry) MatchesText(user, action string) bool {
	return hasFold(e.Actor, user) && hasFold(e.Action, action)
}

// hasFold reports whether s contains sub, ignoring case.
func hasFold(s, sub string) bool {
	return strings.Contains(strings.ToLower(s), strings.ToLower(strings.TrimSpace(sub)))
}

// RowError is one problem with one row of a batch (0-based Row).
type RowError struct {
	Row     int
	Field   string
	Message string
}

// RowErrors lists problems of a batch, in row order.
type RowErrors []RowError

// Error implements error.
func (r RowErrors) Error() string {
	lines := make([]string, len(r))
	for i, e := range r {
		lines[i] = fmt.Sprintf("row %d: %s: %s", e.Row+1, e.Field, e.Message)
	}
	return strings.Join(lines, "\n")
}

type actorKey struct{}

// WithActor returns a context naming who makes the changes made with it.
func WithActor(ctx context.Context, actor string) context.Context {
	return context.WithValue(ctx, actorKey{}, actor)
}

// ActorFrom returns the actor named by WithActor, or "unknown".
func ActorFrom(ctx context.Context) string {
	if a, ok := ctx.Value(actorKey{}).(string); ok && a != "" {
		return a
	}
	return "unknown"
}
