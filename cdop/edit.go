package cdop

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// The rules a store asks before it writes a case: what a new case or an
// edit must be, which edits the flowchart forbids, which copies are stale,
// what counts as a duplicate or a reference in use, and how references and
// searches work. A store loads what a rule needs, asks the rule, and writes
// what the rule returns; it decides nothing itself.

// Canonical returns a copy of c as storing and reading it back gives it:
// every stored field through its text form (Get, then Set), so spaces are
// trimmed and NHS numbers and postcodes normalised. It fails only on a field
// that cannot be read back, which validation refuses first.
func (c *Case) Canonical() (*Case, error) {
	out := NewCase()
	for i := range CaseFields {
		col := &CaseFields[i]
		if err := col.setText(out, col.get(c)); err != nil {
			return nil, fmt.Errorf("%s: %w", col.Name, err)
		}
	}
	out.ID, out.CreatedAt, out.UpdatedAt = c.ID, c.CreatedAt, c.UpdatedAt
	return out, nil
}

// PrepareNew returns a new case as a store keeps it, or why it cannot be
// stored: it must be valid on today. The store then refuses duplicates and
// references in use (DuplicateError, RefInUseError), assigns the ID and,
// when blank, the reference (NextRef).
func PrepareNew(c *Case, today Date) (*Case, error) {
	if err := c.ValidateOn(today); err != nil {
		return nil, err
	}
	return c.Canonical()
}

// PrepareEdit returns after, an edit of the stored case before, as a store
// keeps it, or why it cannot be stored: the flowchart's rules (CheckEdit),
// validation on today, and a reference, which a stored case always keeps.
// A child death review meeting recorded as held (a date not after today)
// needs the post-mortem report first (RuleCDRMAwaitsPostMortem). The result
// keeps before's CreatedAt and UpdatedAt; the store stamps it when it
// writes a change. Check the copy is fresh (CheckFresh) first.
func PrepareEdit(before, after *Case, today Date) (*Case, error) {
	if err := CheckEdit(before, after); err != nil {
		return nil, err
	}
	if err := after.ValidateOn(today); err != nil {
		return nil, err
	}
	n, err := after.Canonical()
	if err != nil {
		return nil, err
	}
	if n.CDRMOn != before.CDRMOn && !n.CDRMOn.IsZero() && !n.CDRMOn.After(today) {
		if err := n.refuseCDRMHeld(n.CDRMOn); err != nil {
			return nil, err
		}
	}
	if n.Ref == "" {
		return nil, ValidationErrors{{Field: "case_ref", Rule: RuleRequired, Message: "is required for a stored case (it was " + before.Ref + ")"}}
	}
	n.CreatedAt, n.UpdatedAt = before.CreatedAt, before.UpdatedAt
	return n, nil
}

// CheckEdit says whether an edit may store after over before, the case as
// stored. A voided or transferred case is read-only (but a notification
// voided by mistake may have its reason cleared, and nothing else); a
// closed case is read-only until reopened (saving it unchanged is no
// change, and allowed, and so is recording its NCMD submission); the stage changes only through a move, so the
// flowchart's checks apply and the move is recorded; and an edit may not
// take away what the case's stage (or one before it) needed (Undone).
func CheckEdit(before, after *Case) error {
	n, err := after.Canonical()
	if err != nil {
		// A field that cannot even be read back is a change, and invalid:
		// the closed case refusal, else validation, says so.
		n = nil
	}
	if !before.Counted() {
		if n == nil {
			return RefuseReadOnly(before)
		}
		return checkStatusEdit(before, n)
	}
	if before.Stage == StageClosed {
		// The NCMD submission follows the panel's review: recording it is
		// the one change a closed case takes.
		if n == nil {
			return RefuseClosed(before.Ref, before.Stage)
		}
		if changes := Diff(before, n); len(changes) > 0 && !onlyNCMD(changes) {
			return RefuseClosed(before.Ref, before.Stage)
		}
		return nil
	}
	if n == nil {
		return nil
	}
	if n.Stage != before.Stage {
		return Refusef(RuleStageByEdit, "the stage of case %s cannot be changed by editing it (it is at %s); change the stage with the flowchart's Move buttons, so that its checks apply and the move is recorded",
			before.Ref, before.Stage.Label())
	}
	// Requests, contacts and pauses are not edited here: the case alone decides.
	if undone := Undone(&CaseFile{Case: before}, &CaseFile{Case: n}); len(undone) > 0 {
		return refuseNeeds(RuleStageKept, undone, "Keep them, or move the case back with a reason first",
			"case %s is at %s, which needs:", before.Ref, before.Stage.Label())
	}
	return nil
}

// RefuseClosed refuses (RuleClosedReadOnly) a change to a case at stage, or
// to what is recorded about it (requests, contacts, pauses), when the case
// is closed: a closed case is read-only until reopened with a reason.
func RefuseClosed(ref string, stage Stage) error {
	if stage != StageClosed {
		return nil
	}
	return Refusef(RuleClosedReadOnly, "case %s is closed; reopen it with a reason before changing it", ref)
}

// CheckFresh refuses (RuleStaleCopy) saving after, a copy of the stored
// case before, when it was never loaded (a zero UpdatedAt) or was loaded
// before the case last changed (another UpdatedAt): storing it would
// silently undo the changes made since. lastChange says who changed the
// case last and when, for the message ("" when no audited change did); it
// is asked only when refusing.
func CheckFresh(before, after *Case, lastChange func() (who string, at time.Time, err error)) error {
	if after.UpdatedAt.IsZero() {
		return Refusef(RuleStaleCopy, "case %s cannot be saved from a copy that was not loaded from the database; reopen the case and make the changes there", before.Ref)
	}
	if after.UpdatedAt.Equal(before.UpdatedAt) {
		return nil
	}
	who, at, err := lastChange()
	if err != nil {
		return err
	}
	if who == "" {
		// Changed by no audited operation (e.g. an older program): the
		// stored time is all there is.
		who, at = "someone", before.UpdatedAt
	}
	return Refusef(RuleStaleCopy, "case %s was changed by %s at %s, after you opened it; reopen the case to see the changes, then make yours again",
		before.Ref, who, at.Local().Format("15:04 on 2 Jan 2006"))
}

// Stamp returns the UpdatedAt of a change made at now to a case whose
// stored UpdatedAt is old: now, or a millisecond after old when now is not
// later (two changes in one millisecond, or a clock put back), so every
// change moves UpdatedAt on and CheckFresh sees it.
func Stamp(now, old time.Time) time.Time {
	if !now.After(old) {
		return old.Add(time.Millisecond)
	}
	return now
}

// Stamps gives the UpdatedAt of the changes one operation makes to cases:
// Stamp of the operation's time, and the same again for a second change
// the operation makes to a case (an update, then a move), so that every
// operation moves a case's UpdatedAt on once and CheckFresh sees it.
type Stamps struct {
	now   time.Time
	given map[string]time.Time
}

// NewStamps returns the stamps of an operation at now.
func NewStamps(now time.Time) *Stamps { return &Stamps{now: now, given: map[string]time.Time{}} }

// For returns the UpdatedAt of the operation's change to the case with an
// ID whose stored UpdatedAt is old.
func (s *Stamps) For(id string, old time.Time) time.Time {
	if at, ok := s.given[id]; ok {
		return at
	}
	at := Stamp(s.now, old)
	s.given[id] = at
	return at
}

// DuplicateError refuses (RuleDuplicate) c when it is the death of a
// stored case, dups (as FindDuplicates gives them): the same NHS number, or
// a possible duplicate not yet resolved (Compare, Match.Refused); nil when
// none is refused. A look-alike with another NHS number is no refusal.
func DuplicateError(c *Case, dups []*Case) error {
	var which []string
	possible := false
	for _, d := range dups {
		if m := c.Compare(d); m.Refused() {
			which = append(which, fmt.Sprintf("case %s (%s)", d.Ref, m.Reason))
			possible = possible || m.Likeness == PossibleDuplicate
		}
	}
	if len(which) == 0 {
		return nil
	}
	if possible {
		return Refusef(RuleDuplicate, "this may be the child already recorded as %s: open that case to add to it, or confirm this is a different child and say why",
			strings.Join(which, " and "))
	}
	return Refusef(RuleDuplicate, "this looks like the death already recorded as %s", strings.Join(which, " and "))
}

// RefInUseError refuses (RuleRefInUse) a case reference another case has.
func RefInUseError(ref string) error {
	return Refusef(RuleRefInUse, "case reference %s is already used by another case", ref)
}

// SameRef reports whether two case references are the same: references
// compare ignoring the case of ASCII letters (FoldASCII).
func SameRef(a, b string) bool { return FoldASCII(a) == FoldASCII(b) }

// FoldASCII returns s with its ASCII capitals made small, as stored names
// and references compare (a case reference, an agency's name, a factor's
// code): "CDOP-2025-0001" and "cdop-2025-0001" are the same reference.
// Letters beyond ASCII are left as they are.
func FoldASCII(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// RefPrefix starts the case references a store assigns: CDOP-YYYY-NNNN.
const RefPrefix = "CDOP-"

// FormatRef returns the assigned reference of the nth death of a year.
func FormatRef(year, n int) string {
	return fmt.Sprintf("%s%04d-%04d", RefPrefix, year, n)
}

// RefYearPrefix is what every assigned reference of a year starts with.
func RefYearPrefix(year int) string { return fmt.Sprintf("%s%04d-", RefPrefix, year) }

// ParseRef reads a reference of the form CDOP-YYYY-NNNN (any case).
func ParseRef(ref string) (year, n int, ok bool) {
	if len(ref) < len(RefPrefix) || !strings.EqualFold(ref[:len(RefPrefix)], RefPrefix) {
		return 0, 0, false
	}
	y, num, found := strings.Cut(ref[len(RefPrefix):], "-")
	if !found || len(y) != 4 || !allDigits(y) || num == "" || !allDigits(num) {
		return 0, 0, false
	}
	year, _ = strconv.Atoi(y)
	n, err := strconv.Atoi(num)
	return year, n, err == nil
}

// HighestRefNumber returns the highest NNNN of the references
// CDOP-YYYY-NNNN of a year among refs, or 0: the next case of the year is
// given FormatRef(year, highest+1).
func HighestRefNumber(year int, refs []string) int {
	highest := 0
	for _, ref := range refs {
		if y, n, ok := ParseRef(ref); ok && y == year {
			highest = max(highest, n)
		}
	}
	return highest
}

func allDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// SearchText is what a search looks in for a case (see SearchTerms): its
// reference, names (folded by FoldName) and NHS number.
func SearchText(c *Case) string { return ListingOf(c).SearchText() }

// SearchText is what a search looks in for the case listed.
func (l CaseListing) SearchText() string { return SearchTextOf(l.Ref, l.NameText(), l.NHSNumber) }

// NameText is the listed child's names as a search folds them (FoldName).
func (l CaseListing) NameText() string { return FoldName(l.FirstName + " " + l.LastName) }

// SearchTextOf is the SearchText of a case of a reference, folded names
// (NameText) and NHS number, for a store that keeps the names folded.
func SearchTextOf(ref, names, nhs string) string {
	s := FoldName(ref)
	if names != "" {
		if s != "" {
			s += " "
		}
		s += names
	}
	if nhs != "" {
		s += " " + nhs
	}
	return s
}

// SearchTerms returns what a search looks for in SearchText, any of which
// matches: the folded text and, when it is digits and spaces (an NHS number
// typed 3-3-4), the digits alone. None for a blank search.
func SearchTerms(search string) []string {
	folded := FoldName(search)
	if folded == "" {
		return nil
	}
	terms := []string{folded}
	if digits := strings.ReplaceAll(folded, " ", ""); digits != folded && allDigits(digits) {
		terms = append(terms, digits)
	}
	return terms
}

// Matches reports whether a case is one the filter selects (Limit aside).
func (f CaseFilter) Matches(c *Case) bool { return f.MatchesListing(ListingOf(c)) }

// MatchesListing reports whether the case listed is one the filter
// selects (Limit aside).
func (f CaseFilter) MatchesListing(l CaseListing) bool {
	if f.Stage != "" && l.Stage != f.Stage {
		return false
	}
	if f.YearOfDeath != 0 && l.DateOfDeath.Year() != f.YearOfDeath {
		return false
	}
	return f.MatchesText(l.SearchText())
}

// MatchesText reports whether a case's SearchText holds any of the
// filter's SearchTerms (always, for a filter with no search).
func (f CaseFilter) MatchesText(text string) bool {
	terms := SearchTerms(f.Search)
	if len(terms) == 0 {
		return true
	}
	for _, t := range terms {
		if strings.Contains(text, t) {
			return true
		}
	}
	return false
}
