package storage

import (
	"bytes"
	"encoding/json"
	"fmt"

	"casemanager/cdop"
)

// An audit row's changes are stored as JSON, sealed at rest. Rows written
// since December 2026 hold each change as an array of three strings,
// [field, old, new]; older rows hold objects, {"field", "old", "new"}, and
// read as they always did. The arrays carry the same values in about half
// the bytes: an imported case's row lists every field it has, and is the
// largest thing an import writes.

// encodeChanges returns the stored form of changes: what json.Marshal
// gives for the arrays, byte for byte.
func encodeChanges(changes []cdop.FieldChange) ([]byte, error) {
	size := 2
	for _, c := range changes {
		size += len(c.Field) + len(c.Old) + len(c.New) + 12
	}
	b := make([]byte, 0, size)
	b = append(b, '[')
	for i, c := range changes {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '[')
		b = appendJSONString(b, c.Field)
		b = append(b, ',')
		b = appendJSONString(b, c.Old)
		b = append(b, ',')
		b = appendJSONString(b, c.New)
		b = append(b, ']')
	}
	return append(b, ']'), nil
}

// appendJSONString appends s as encoding/json writes a string. Most values
// are plain ASCII that JSON takes as it is, between quotes; any other is
// left to encoding/json.
func appendJSONString(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x80 || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			js, _ := json.Marshal(s) // a string always marshals
			return append(b, js...)
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}

// decodeChanges reads changes in either stored form.
func decodeChanges(stored []byte) ([]cdop.FieldChange, error) {
	trimmed := bytes.TrimLeft(stored, " \t\r\n")
	if !bytes.HasPrefix(trimmed, []byte("[")) || !bytes.HasPrefix(bytes.TrimLeft(trimmed[1:], " \t\r\n"), []byte("[")) {
		var changes []cdop.FieldChange
		err := json.Unmarshal(stored, &changes)
		return changes, err
	}
	var compact [][]string
	if err := json.Unmarshal(stored, &compact); err != nil {
		return nil, err
	}
	changes := make([]cdop.FieldChange, len(compact))
	for i, c := range compact {
		if len(c) != 3 {
			return nil, fmt.Errorf("change %d has %d parts, not field, old and new", i+1, len(c))
		}
		changes[i] = cdop.FieldChange{Field: c[0], Old: c[1], New: c[2]}
	}
	return changes, nil
}
