package storage

import (
	"bytes"
	"encoding/json"
	"fmt"

	"casemanager/cdop"
)

// An audit row's changes are stored as JSON, sealed at rest. Rows written
// since December 2026 hold each change as an array of strings: [field,
// old, new], or [field, new] when there was no old value (a new case's
// every field); older rows hold objects, {"field", "old", "new"}, and read
// as they always did. The arrays carry the same values in under half the
// bytes: an imported case's row lists every field it has, and is the
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
		if c.Old != "" {
			b = append(b, ',')
			b = appendJSONString(b, c.Old)
		}
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
		j := i
		for j < len(s) && jsonAsItIs[s[j]] {
			j++
		}
		b = append(b, s[i:j]...)
		if j == len(s) {
			break
		}
		if c := s[j]; c == '"' || c == '\\' {
			b = append(b, '\\', c)
			i = j + 1
			continue
		}
		k := j + 1
		for k < len(s) && !plainJSONByte(s[k]) {
			k++
		}
		js, _ := json.Marshal(s[j:k]) // a string always marshals
		b = append(b, js[1:len(js)-1]...)
		i = k
	}
	return append(b, '"')
}

// plainJSONByte reports whether encoding/json writes c, a byte of a
// string, as itself (or, for '"' and '\\', after a backslash).
func plainJSONByte(c byte) bool {
	return c >= 0x20 && c < 0x80 && c != '<' && c != '>' && c != '&'
}

// jsonAsItIs holds the bytes encoding/json writes as they are.
var jsonAsItIs = func() (t [256]bool) {
	for c := range 256 {
		t[c] = plainJSONByte(byte(c)) && c != '"' && c != '\\'
	}
	return t
}()

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
		switch len(c) {
		case 2:
			changes[i] = cdop.FieldChange{Field: c[0], New: c[1]}
		case 3:
			changes[i] = cdop.FieldChange{Field: c[0], Old: c[1], New: c[2]}
		default:
			return nil, fmt.Errorf("change %d has %d parts, not field, (old) and new", i+1, len(c))
		}
	}
	return changes, nil
}
