package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"

	"casemanager/cdop"
)

// The names, NHS numbers and dates a search and the register need are sealed
// at rest, so no query can look in them: after sign-in the store lists every
// case once, decrypting only those fields, into an in-memory index (the
// session's, dropped at sign-out), and keeps it up to date from the cases'
// change_seq. Every write of a case's listed fields sets the row's
// change_seq to the transaction's own number, one more than case_changes'
// seq, which the transaction moves on; a reader brings the index up to date
// by reading only the rows changed since (by this process or another).

// caseIndex is the in-memory listing of every case.
type caseIndex struct {
	mu    sync.Mutex
	keyID string // the key it was read with ("" in a database not sealed)
	seq   int64  // the case_changes seq it has read up to; -1 before the first read
	pos   map[int64]int
	rows  []indexRow // ordered by reference; pos finds a row's entry by rowid
}

// indexRow is one case of the index.
type indexRow struct {
	rowid   int64
	text    string // cdop.CaseListing.SearchText
	listing cdop.CaseListing
}

func newCaseIndex(keyID string) *caseIndex {
	return &caseIndex{keyID: keyID, seq: -1, pos: map[int64]int{}}
}

// listingSelect reads the listings of the cases changed after a seq: the
// reference and stage, kept in clear, and the rest sealed as one value (one
// decryption a case rather than five), made by encodeListing.
const listingSelect = "SELECT rowid, id, case_ref, stage, listing, change_seq FROM cases WHERE change_seq > ?"

// listingParts are the parts of a sealed listing, in order.
const listingParts = 6

// encodeListing returns what the listing column holds of a case: its folded
// names (cdop.CaseListing.NameText), names, NHS number and dates of birth
// and death, separated by the unit separator, which no field may hold.
func encodeListing(l cdop.CaseListing) string {
	return strings.Join([]string{l.NameText(), l.FirstName, l.LastName, l.NHSNumber, l.DateOfBirth.String(), l.DateOfDeath.String()}, "\x1f")
}

// decodeListing fills l from encodeListing's text, and returns the folded names.
func decodeListing(text string, l *cdop.CaseListing) (string, error) {
	parts := strings.Split(text, "\x1f")
	if len(parts) != listingParts {
		return "", fmt.Errorf("case %s: its listing has %d parts, not %d", l.Ref, len(parts), listingParts)
	}
	l.FirstName, l.LastName, l.NHSNumber = parts[1], parts[2], parts[3]
	var err error
	if l.DateOfBirth, err = parseOptionalDate(parts[4]); err != nil {
		return "", fmt.Errorf("case %s: listing: date of birth: %w", l.Ref, err)
	}
	if l.DateOfDeath, err = parseOptionalDate(parts[5]); err != nil {
		return "", fmt.Errorf("case %s: listing: date of death: %w", l.Ref, err)
	}
	if parts[0] == "" { // written by migration 0014, which cannot fold names
		return l.NameText(), nil
	}
	return parts[0], nil
}

func parseOptionalDate(s string) (cdop.Date, error) {
	if s == "" {
		return cdop.Date{}, nil
	}
	return cdop.ParseDate(s)
}

// index returns the session's case index, up to date with what tx reads.
func (tx *tx) index(ctx context.Context) (*caseIndex, error) {
	r, err := tx.rest(ctx)
	if err != nil {
		return nil, err
	}
	keyID := ""
	if r.sealed {
		keyID = r.cipher.KeyID()
	}
	idx := tx.db.session.caseIndex(keyID)
	idx.mu.Lock()
	defer idx.mu.Unlock()
	var seq int64
	if err := tx.QueryRowContext(ctx, "SELECT seq FROM case_changes").Scan(&seq); err != nil {
		return nil, err
	}
	if seq == idx.seq {
		return idx, nil
	}
	first := idx.seq < 0
	changed, err := idx.read(ctx, tx, r, idx.seq)
	if err != nil {
		return nil, err
	}
	if changed && !first {
		// A restore on a server replaces the cases under other programs'
		// indexes (it marks every case changed): an index holding a case
		// the database no longer has reads them all again.
		var n int
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM cases").Scan(&n); err != nil {
			return nil, err
		}
		if len(idx.rows) > n {
			idx.rows, idx.pos = nil, map[int64]int{}
			if _, err := idx.read(ctx, tx, r, -1); err != nil {
				return nil, err
			}
		}
	}
	if changed {
		idx.sortByRef()
	}
	idx.seq = seq
	return idx, nil
}

// read brings the index's rows up to date with the cases changed after a
// change number (-1: every case), as tx reads them; it reports whether any
// was read. The caller sorts the rows.
func (idx *caseIndex) read(ctx context.Context, tx *tx, r atRest, after int64) (bool, error) {
	rows, err := tx.QueryContext(ctx, listingSelect, after)
	if err != nil {
		return false, err
	}
	defer rows.Close()
	var (
		rowid, rowSeq int64
		stage         string
		listing       sql.NullString
	)
	changed := false
	for rows.Next() {
		var l cdop.CaseListing
		if err := rows.Scan(&rowid, &l.ID, &l.Ref, &stage, &listing, &rowSeq); err != nil {
			return false, err
		}
		l.Stage = cdop.Stage(stage)
		text, err := r.open(listing.String, "cases", l.ID, "listing")
		if err != nil {
			return false, err
		}
		names, err := decodeListing(text, &l)
		if err != nil {
			return false, err
		}
		e := indexRow{rowid: rowid, text: cdop.SearchTextOf(l.Ref, names, l.NHSNumber), listing: l}
		if i, ok := idx.pos[rowid]; ok {
			idx.rows[i] = e
		} else {
			idx.pos[rowid] = len(idx.rows)
			idx.rows = append(idx.rows, e)
		}
		changed = true
	}
	if err := rows.Err(); err != nil {
		return false, err
	}
	return changed, nil
}

// sortByRef orders the index by reference, as the cases table orders them.
func (idx *caseIndex) sortByRef() {
	slices.SortFunc(idx.rows, func(a, b indexRow) int { return compareNoCase(a.listing.Ref, b.listing.Ref) })
	for i, e := range idx.rows {
		idx.pos[e.rowid] = i
	}
}

// match returns the listings the filter selects, ordered by reference as
// the cases table orders them, with their rowids.
func (idx *caseIndex) match(f cdop.CaseFilter) ([]cdop.CaseListing, []int64) {
	idx.mu.Lock()
	defer idx.mu.Unlock()
	terms := cdop.SearchTerms(f.Search)
	var listings []cdop.CaseListing
	var rowids []int64
	if len(terms) == 0 && f.Stage == "" && f.YearOfDeath == 0 { // every case, or the first Limit
		n := len(idx.rows)
		if f.Limit > 0 {
			n = min(n, f.Limit)
		}
		listings, rowids = make([]cdop.CaseListing, 0, n), make([]int64, 0, n)
	}
	for i := range idx.rows {
		e := &idx.rows[i]
		if f.Limit > 0 && len(listings) == f.Limit {
			break
		}
		if f.Stage != "" && e.listing.Stage != f.Stage {
			continue
		}
		if f.YearOfDeath != 0 && e.listing.DateOfDeath.Year() != f.YearOfDeath {
			continue
		}
		if len(terms) > 0 && !containsAny(e.text, terms) {
			continue
		}
		listings, rowids = append(listings, e.listing), append(rowids, e.rowid)
	}
	return listings, rowids
}

func containsAny(text string, terms []string) bool {
	for _, t := range terms {
		if strings.Contains(text, t) {
			return true
		}
	}
	return false
}

// compareNoCase orders text as SQLite's NOCASE collation does: ASCII
// letters folded to lower case, byte by byte.
func compareNoCase(a, b string) int {
	for i := 0; i < len(a) && i < len(b); i++ {
		x, y := lowerASCII(a[i]), lowerASCII(b[i])
		if x != y {
			return int(x) - int(y)
		}
	}
	return len(a) - len(b)
}

func lowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// rowidsJSON writes rowids as a JSON array, for "rowid IN (SELECT value
// FROM json_each(?))".
func rowidsJSON(rowids []int64) string {
	b, _ := json.Marshal(rowids)
	return string(b)
}

// changeSeq returns the transaction's change number, moving case_changes on
// the first time it is asked: the change_seq of every case row it writes.
func (tx *tx) changeSeq(ctx context.Context) (int64, error) {
	if tx.seq != 0 {
		return tx.seq, nil
	}
	if err := tx.QueryRowContext(ctx, "UPDATE case_changes SET seq = seq + 1 RETURNING seq").Scan(&tx.seq); err != nil {
		return 0, err
	}
	return tx.seq, nil
}

// ListCases returns the listings of the cases matching f, ordered by
// reference, from the session's case index.
func (db *DB) ListCases(ctx context.Context, f cdop.CaseFilter) ([]cdop.CaseListing, error) {
	tx, err := db.beginRead(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	idx, err := tx.index(ctx)
	if err != nil {
		return nil, err
	}
	listings, _ := idx.match(f)
	return listings, nil
}
