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

// appendJSONString appends s as encoding/json writes a string, byte for
// byte. Printable ASCII is written as it is, with a backslash before '"'
// and '\\'; every other run of bytes (controls, <, >, &, anything not
// ASCII) is left to encoding/json, whose escaping goes rune by rune, so a
// run ending at an ASCII byte escapes as it would within the whole string.
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if plainJSONByte(c) {
			if c == '"' || c == '\\' {
				b = append(b, '\\')
			}
			b = append(b, c)
			i++
			continue
		}
		j := i + 1
		for j < len(s) && !plainJSONByte(s[j]) {
			j++
		}
		js, _ := json.Marshal(s[i:j]) // a string always marshals
		b = append(b, js[1:len(js)-1]...)
		i = j
	}
	return append(b, '"')
}

// plainJSONByte reports whether encoding/json writes c, a byte of a
// string, as itself (or, for '"' and '\\', after a backslash).
func plainJSONByte(c byte) bool {
	return c >= 0x20 && c < 0x80 && c != '<' && c != '>' && c != '&'
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
