package cdop

import "strings"

// DuplicateIndex finds, among the cases added to it, the earliest that a
// new case duplicates, as DuplicateReason decides. It keeps of each case
// only what the duplicate rules read (duplicateFields), under a number the
// caller gives it, so that an import of any size holds keys, not cases.
//
// It looks among the earlier cases with the same NHS number or the same
// DuplicateKey: the rules must never call two cases the same death without
// one of these in common.
type DuplicateIndex struct {
	entries []dupEntry
	byNHS   map[string]int32 // NHS number → first entry with it
	byKey   map[string]int32 // DuplicateKey → first entry with it
	scratch Case             // an earlier case, rebuilt to be compared
}

// maxDuplicateCandidates caps how many earlier cases of one NHS number or
// one key a new case is compared with: a hostile file of many rows alike
// must not take time that grows with the square of its length.
const maxDuplicateCandidates = 100

type dupEntry struct {
	tag              int
	fields           duplicateFields
	nextNHS, nextKey int32 // the next entry with the same NHS number / key, or -1
	lastNHS, lastKey int32 // for a chain's first entry: its last entry
}

// duplicateFields are the fields of a case that DuplicateKey and
// DuplicateReason read. A rule that reads another field must add it here
// (TestDuplicateIndexKeepsWhatTheRulesRead fails until it does).
type duplicateFields struct {
	nhs, first, last string
	birth, death     Date
}

func fieldsForDuplicates(c *Case) duplicateFields {
	// Clones: a decoded value may share the memory of its whole row.
	return duplicateFields{
		nhs: strings.Clone(c.NHSNumber), first: strings.Clone(c.FirstName), last: strings.Clone(c.LastName),
		birth: c.DateOfBirth, death: c.DateOfDeath,
	}
}

// into sets the duplicate fields of c (the others are left as they are).
func (f duplicateFields) into(c *Case) *Case {
	c.NHSNumber, c.FirstName, c.LastName = f.nhs, f.first, f.last
	c.DateOfBirth, c.DateOfDeath = f.birth, f.death
	return c
}

// NewDuplicateIndex returns an empty index.
func NewDuplicateIndex() *DuplicateIndex {
	return &DuplicateIndex{byNHS: map[string]int32{}, byKey: map[string]int32{}}
}

// Add finds the earliest case added before that c duplicates, then adds c
// under tag. When it finds one it returns a case holding that case's
// duplicate fields (enough for DuplicateReason; the rest is blank) and its
// tag. c's NHS number should be in its normal form (NormaliseNHSNumber).
func (x *DuplicateIndex) Add(tag int, c *Case) (earlier *Case, earlierTag int, found bool) {
	key := c.DuplicateKey()
	best := int32(-1)
	if c.NHSNumber != "" {
		if first, ok := x.byNHS[c.NHSNumber]; ok {
			best = x.firstMatch(c, first, func(e *dupEntry) int32 { return e.nextNHS }, best)
		}
	}
	if key != "" {
		if first, ok := x.byKey[key]; ok {
			best = x.firstMatch(c, first, func(e *dupEntry) int32 { return e.nextKey }, best)
		}
	}

	i := int32(len(x.entries))
	x.entries = append(x.entries, dupEntry{tag: tag, fields: fieldsForDuplicates(c), nextNHS: -1, nextKey: -1})
	if c.NHSNumber != "" {
		x.link(x.byNHS, x.entries[i].fields.nhs, i, func(e *dupEntry) (*int32, *int32) { return &e.nextNHS, &e.lastNHS })
	}
	if key != "" {
		x.link(x.byKey, key, i, func(e *dupEntry) (*int32, *int32) { return &e.nextKey, &e.lastKey })
	}
	if best < 0 {
		return nil, 0, false
	}
	return x.entries[best].fields.into(NewCase()), x.entries[best].tag, true
}

// firstMatch walks a chain of entries from its first, oldest entry and
// returns the first that c duplicates if it is earlier than best (-1: none
// yet), or best.
func (x *DuplicateIndex) firstMatch(c *Case, i int32, next func(*dupEntry) int32, best int32) int32 {
	for n := 0; i >= 0 && n < maxDuplicateCandidates; n++ {
		if best >= 0 && i >= best {
			return best
		}
		e := &x.entries[i]
		if c.DuplicateReason(e.fields.into(&x.scratch)) != "" {
			return i
		}
		i = next(e)
	}
	return best
}

// link appends entry i to the chain of k in m.
func (x *DuplicateIndex) link(m map[string]int32, k string, i int32, ptrs func(*dupEntry) (next, last *int32)) {
	first, ok := m[k]
	if !ok {
		m[k] = i
		_, last := ptrs(&x.entries[i])
		*last = i
		return
	}
	_, last := ptrs(&x.entries[first])
	next, _ := ptrs(&x.entries[*last])
	*next = i
	*last = i
}
