package storage

import (
	"database/sql"
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"casemanager/cdop"
)

func TestAuditChanges_ReadInTheFormWritten(t *testing.T) {
	awkward := []cdop.FieldChange{
		{Field: "first_name", Old: "", New: "Zoë"},
		{Field: "summary", Old: "Said \"no\"\tthen left.\n", New: `C:\path <b>&</b>`},
		{Field: "learning", Old: "before", New: ""},
	}
	for _, changes := range [][]cdop.FieldChange{awkward, {}} {
		stored, err := encodeChanges(changes)
		if err != nil {
			t.Fatal(err)
		}
		got, err := decodeChanges(stored)
		if err != nil {
			t.Fatalf("decode %s: %v", stored, err)
		}
		if !reflect.DeepEqual(got, changes) {
			t.Errorf("decode(encode(%q)) = %q", changes, got)
		}
	}
}

func TestAuditChanges_NewRowsAreArraysUnderHalfTheSize(t *testing.T) {
	// An imported case's row: every field it has, from nothing.
	c := cdop.NewCase()
	c.FirstName, c.LastName, c.Sex = "Amara", "Okafor", "female"
	c.DateOfBirth, c.DateOfDeath, c.NotifiedOn = cdop.NewDate(2020, 1, 2), cdop.NewDate(2026, 3, 4), cdop.NewDate(2026, 3, 5)
	c.NHSNumber, c.Postcode, c.Summary = "9990000018", "LS1 4AP", "A synthetic summary."
	changes := cdop.Diff(nil, c)
	stored, err := encodeChanges(changes)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(stored), `[["`) {
		t.Fatalf("stored changes start %.20q, want arrays of [field, old, new]", stored)
	}
	legacy := `[` + strings.Repeat(`{"field":"","old":"","new":""},`, len(changes))
	if len(stored) > len(legacy) {
		t.Errorf("stored changes take %d bytes, more than the %d bytes objects spend on keys alone", len(stored), len(legacy))
	}
	if want := `[["first_name","Amara"],`; !strings.HasPrefix(string(stored), want) {
		t.Errorf("a new case's changes start %.30q, want %q: no old value, none written", stored, want)
	}
}

func TestAuditChanges_OlderRowsOfObjectsStillRead(t *testing.T) {
	for stored, want := range map[string][]cdop.FieldChange{
		`[{"field":"case_ref","old":"","new":"CDOP-2024-0042"}]`: {{Field: "case_ref", New: "CDOP-2024-0042"}},
		` [ {"field":"x","old":"a","new":"b"} ]`:                 {{Field: "x", Old: "a", New: "b"}},
		`[]`:                                                     {},
	} {
		got, err := decodeChanges([]byte(stored))
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("decode(%s) = %q, %v; want %q", stored, got, err, want)
		}
	}
}

func TestAuditChanges_MalformedArraysRefused(t *testing.T) {
	for _, stored := range []string{`[["field"]]`, `[[]]`, `[["a","b","c","d"]]`, `[["a","b",3]]`, `[[`} {
		if _, err := decodeChanges([]byte(stored)); err == nil {
			t.Errorf("decode(%s) gave no error", stored)
		}
	}
}

func TestAuditChanges_WrittenAsEncodingJSONWritesThem(t *testing.T) {
	awkward := []string{"", "Amara", "Zoë", `say "hi"`, `back\slash`, "tab\there", "line\nend", "<b>&amp;</b>",
		"\u2028\u2029", "\xff\xfe not UTF-8", "\x7f", "emoji 🙂", "O'Brien-Smith", "a/b"}
	var changes []cdop.FieldChange
	var compact [][]string
	for i, a := range awkward {
		for _, b := range awkward[i:] {
			changes = append(changes, cdop.FieldChange{Field: "summary", Old: a, New: b})
			if a == "" {
				compact = append(compact, []string{"summary", b})
			} else {
				compact = append(compact, []string{"summary", a, b})
			}
		}
	}
	got, err := encodeChanges(changes)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := json.Marshal(compact)
	if string(got) != string(want) {
		t.Errorf("encodeChanges wrote\n%s\nwant (json.Marshal)\n%s", got, want)
	}
}

// A chain written before verifies only if each link's content is the same
// bytes as json.Marshal gave when it was written.
func TestPlainLinkContent_AsJSONMarshalWroteIt(t *testing.T) {
	changes, _ := encodeChanges([]cdop.FieldChange{{Field: "summary", Old: `"<old>" & \`, New: "Zoë\n\u2028"}})
	for _, tt := range []struct {
		id                       int64
		at, actor, action, plain string
		caseID                   sql.NullString
	}{
		{1, "2026-12-06T15:00:00.000Z", "coord", "import", string(changes), sql.NullString{String: "0193a0c4-7f1e-7a2b-9c3d-1e2f3a4b5c6d", Valid: true}},
		{-7, "", "", "sign_in", "[]", sql.NullString{}},
		{1 << 40, "at", "Zoë <admin>", "o'k", `[{"field":"x","old":"","new":"y"}]`, sql.NullString{String: "", Valid: true}},
	} {
		want, _ := json.Marshal([]any{tt.id, tt.at, tt.actor, tt.caseID.String, tt.caseID.Valid, tt.action, tt.plain})
		if got := plainLinkContent(tt.id, tt.at, tt.actor, tt.caseID, tt.action, tt.plain); string(got) != string(want) {
			t.Errorf("plainLinkContent = %s\nwant %s", got, want)
		}
	}
}

// FuzzAppendJSONString: whatever the string, audit changes and chain links
// hold the bytes json.Marshal gives for it (an existing chain's MACs
// depend on them).
func FuzzAppendJSONString(f *testing.F) {
	for _, s := range []string{"", "Amara", "Zoë", `"q" \b`, "<&>", "\u2028x\u2029", "\xff\xfeA\xe2\x80", "tab\tnl\n\x00\x1f\x7f", "🙂<"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want, _ := json.Marshal(s)
		if got := appendJSONString([]byte("x"), s); string(got) != "x"+string(want) {
			t.Errorf("appendJSONString(%q) = %s, want %s", s, got[1:], want)
		}
	})
}
