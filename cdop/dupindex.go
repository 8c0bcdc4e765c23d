package cdop

import (
	"hash/maphash"
	"math"
	"strings"
	"time"
)

// DuplicateIndex finds, among the cases added to it, the earliest that a
// new case duplicates, as Compare decides (a Refused match). It keeps of each case
// only what the duplicate rules read (duplicateFields), under a number the
// caller gives it, so that an import of any size holds keys, not cases:
// some 100 bytes a case, in memory the garbage collector need not scan.
//
// It looks among the earlier cases with the same NHS number or the same
// DuplicateKey: the rules must never call two cases the same death without
// one of these in common.
type DuplicateIndex struct {
	seed    maphash.Seed
	text    []byte           // the entries' text fields, one after another
	entries []dupEntry       // in the order added
	byNHS   map[uint64]int32 // hash of an NHS number → first entry of its chain
	byKey   map[uint64]int32 // hash of a DuplicateKey → first entry of its chain
	scratch Case             // an earlier case, rebuilt to be compared
}

// maxDuplicateCandidates caps how many earlier cases of one NHS number or
// one key a new case is compared with: a hostile file of many rows alike
// must not take time that grows with the square of its length.
const maxDuplicateCandidates = 100

// dupEntry is one case of the index. It holds no pointer.
type dupEntry struct {
	tag              int
	fields           duplicateFields
	nextNHS, nextKey int32 // the next entry of the same hash, or -1
	lastNHS, lastKey int32 // for a chain's first entry: its last entry
}

// duplicateFields are the fields of a case that DuplicateKey and Compare
// read, their text in DuplicateIndex.text. A rule that reads another field
// must add it here (TestDuplicateIndexKeepsWhatTheRulesRead fails until it
// does).
type duplicateFields struct {
	at                   uint32 // where the text starts
	nhs, last, postcode  uint32 // the lengths of the texts, in this order
	birthDays, deathDays int32  // days since 1970-01-01; noDate when not recorded
	sex                  uint8  // the index of the sex among Sexes, from 1; 0 when not recorded
	voided, distinct     bool   // a voided notification; a look-alike confirmed distinct
}

const noDate = math.MinInt32

// NewDuplicateIndex returns an empty index.
func NewDuplicateIndex() *DuplicateIndex {
	return &DuplicateIndex{seed: maphash.MakeSeed(), byNHS: map[uint64]int32{}, byKey: map[uint64]int32{}}
}

// Add finds the earliest case added before that c duplicates, then adds c
// under tag. When it finds one it returns a case holding that case's
// duplicate fields (enough for DuplicateReason; the rest is blank) and its
// tag. c's NHS number and postcode should be in their normal forms
// (NormaliseNHSNumber, NormalisePostcode).
func (x *DuplicateIndex) Add(tag int, c *Case) (earlier *Case, earlierTag int, found bool) {
	key := c.DuplicateKey()
	var nhsHash, keyHash uint64
	best := int32(-1)
	if c.NHSNumber != "" {
		nhsHash = maphash.String(x.seed, c.NHSNumber)
		if first, ok := x.byNHS[nhsHash]; ok {
			best = x.firstMatch(c, first, func(e *dupEntry) int32 { return e.nextNHS }, best)
		}
	}
	if key != "" {
		keyHash = maphash.String(x.seed, key)
		if first, ok := x.byKey[keyHash]; ok {
			best = x.firstMatch(c, first, func(e *dupEntry) int32 { return e.nextKey }, best)
		}
	}

	i := int32(len(x.entries))
	x.entries = append(x.entries, dupEntry{tag: tag, fields: x.keep(c), nextNHS: -1, nextKey: -1})
	if c.NHSNumber != "" {
		x.link(x.byNHS, nhsHash, i, func(e *dupEntry) (*int32, *int32) { return &e.nextNHS, &e.lastNHS })
	}
	if key != "" {
		x.link(x.byKey, keyHash, i, func(e *dupEntry) (*int32, *int32) { return &e.nextKey, &e.lastKey })
	}
	if best < 0 {
		return nil, 0, false
	}
	return x.fieldsInto(NewCase(), x.entries[best].fields), x.entries[best].tag, true
}

// keep stores the duplicate fields of c.
func (x *DuplicateIndex) keep(c *Case) duplicateFields {
	f := duplicateFields{at: uint32(len(x.text)), nhs: uint32(len(c.NHSNumber)), last: uint32(len(c.LastName)),
		postcode: uint32(len(c.Postcode)), birthDays: days(c.DateOfBirth), deathDays: days(c.DateOfDeath),
		voided: c.Voided(), distinct: strings.TrimSpace(c.DistinctReason) != ""}
	for i, s := range Sexes {
		if s.Code == c.Sex {
			f.sex = uint8(i + 1)
		}
	}
	x.text = append(append(append(x.text, c.NHSNumber...), c.LastName...), c.Postcode...)
	return f
}

// fieldsInto sets the duplicate fields of c to those kept in f (the others
// are left as they are).
func (x *DuplicateIndex) fieldsInto(c *Case, f duplicateFields) *Case {
	text := x.text[f.at:]
	c.NHSNumber = string(text[:f.nhs])
	c.LastName = string(text[f.nhs : f.nhs+f.last])
	c.Postcode = string(text[f.nhs+f.last : f.nhs+f.last+f.postcode])
	c.DateOfBirth, c.DateOfDeath = fromDays(f.birthDays), fromDays(f.deathDays)
	c.Sex = ""
	if f.sex > 0 {
		c.Sex = Sexes[f.sex-1].Code
	}
	c.VoidedReason, c.DistinctReason = "", ""
	if f.voided {
		c.VoidedReason = "voided"
	}
	if f.distinct {
		c.DistinctReason = "distinct"
	}
	return c
}

func days(d Date) int32 {
	if d.IsZero() {
		return noDate
	}
	return int32(d.Time().Unix() / 86400)
}

func fromDays(n int32) Date {
	if n == noDate {
		return Date{}
	}
	return Date{time.Unix(int64(n)*86400, 0).UTC()}
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
		if c.Compare(x.fieldsInto(&x.scratch, e.fields)).Refused() {
			return i
		}
		i = next(e)
	}
	return best
}

// link appends entry i to the chain of hash h in m.
func (x *DuplicateIndex) link(m map[uint64]int32, h uint64, i int32, ptrs func(*dupEntry) (next, last *int32)) {
	first, ok := m[h]
	if !ok {
		m[h] = i
		_, last := ptrs(&x.entries[i])
		*last = i
		return
	}
	_, last := ptrs(&x.entries[first])
	next, _ := ptrs(&x.entries[*last])
	*next = i
	*last = i
}
