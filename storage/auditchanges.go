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

// encodeChanges returns the stored form of changes.
func encodeChanges(changes []cdop.FieldChange) ([]byte, error) {
	compact := make([][3]string, len(changes))
	for i, c := range changes {
		compact[i] = [3]string{c.Field, c.Old, c.New}
	}
	return json.Marshal(compact)
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
