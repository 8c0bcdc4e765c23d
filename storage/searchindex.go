package storage

import (
	"context"
	"encoding/json"
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
	rows  []indexRow // in no order; pos finds a row's entry by rowid
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

// listingSelect reads the listed fields of the cases changed after a seq.
var listingSelect = "SELECT rowid, id, " + strings.Join(cdop.ListingFields, ", ") + ", change_seq FROM cases WHERE change_seq > ?"

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
	rows, err := tx.QueryContext(ctx, listingSelect, idx.seq)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	scan := newFieldScanner(cdop.ListingFields, r)
	var rowid, rowSeq int64
	dest := append([]any{&rowid}, scan.dest...)
	dest = append(dest, &rowSeq)
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return nil, err
		}
		c, err := scan.decode()
		if err != nil {
			return nil, err
		}
		l := cdop.ListingOf(c)
		e := indexRow{rowid: rowid, text: l.SearchText(), listing: l}
		if i, ok := idx.pos[rowid]; ok {
			idx.rows[i] = e
		} else {
			idx.pos[rowid] = len(idx.rows)
			idx.rows = append(idx.rows, e)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	idx.seq = seq
	return idx, nil
}

// match returns the listings the filter selects (Limit aside), ordered by
// reference as the cases table orders them, with their rowids.
func (idx *caseIndex) match(f cdop.CaseFilter) ([]cdop.CaseListing, []int64) {
	idx.mu.Lock()
	defer idx.mu.Unlock()
	var picked []indexRow
	terms := cdop.SearchTerms(f.Search)
	for _, e := range idx.rows {
		if f.Stage != "" && e.listing.Stage != f.Stage {
			continue
		}
		if f.YearOfDeath != 0 && e.listing.DateOfDeath.Year() != f.YearOfDeath {
			continue
		}
		if len(terms) > 0 && !containsAny(e.text, terms) {
			continue
		}
		picked = append(picked, e)
	}
	slices.SortFunc(picked, func(a, b indexRow) int { return compareNoCase(a.listing.Ref, b.listing.Ref) })
	if f.Limit > 0 && len(picked) > f.Limit {
		picked = picked[:f.Limit]
	}
	listings, rowids := make([]cdop.CaseListing, len(picked)), make([]int64, len(picked))
	for i, e := range picked {
		listings[i], rowids[i] = e.listing, e.rowid
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
