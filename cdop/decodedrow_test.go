package cdop_test

import (
	"reflect"
	"strings"
	"testing"

	"casemanager/cdop"
	"casemanager/cdop/cdoptest"
)

// variants returns text a file might hold for a value: as it is, with
// spaces around, in lower and upper case, with Windows line ends, with
// lists' items loosely separated, and protected as a formula is.
func variants(v string) []string {
	out := []string{v, "  " + v + " ", strings.ToLower(v), strings.ToUpper(v), strings.ReplaceAll(v, "\n", "\r\n"),
		strings.ReplaceAll(v, cdop.ListSeparator, " |  | "), "'" + v, "\t" + v}
	return out
}

// A decoder's case, every field given by Set, is already in the form a
// store keeps: Canonical gives it back unchanged, so PrepareDecodedRow
// (which skips Canonical) prepares it as PrepareImportRow does.
func TestSetGivesTheFormAStoreKeeps(t *testing.T) {
	today := cdop.NewDate(2026, 12, 6)
	problems, tried := 0, 0
	for i := range cdop.CaseFields {
		f := &cdop.CaseFields[i]
		a, b := f.Examples()
		inputs := append(variants(a), variants(b)...)
		switch f.Name {
		case "nhs_number":
			inputs = append(inputs, "9990000018", "999 000 0018", "999-000-0018", " 999 000 0018 ")
		case "postcode":
			inputs = append(inputs, "ls1 4ap", "LS14AP", " ls1  4ap ")
		}
		for _, v := range inputs {
			// A valid case as a decoder builds it, then this field's text.
			c := cdop.NewCase()
			base := cdoptest.NewCase(7)
			for j := range cdop.CaseFields {
				if err := c.Set(cdop.CaseFields[j].Name, cdop.CaseFields[j].Get(base)); err != nil {
					t.Fatal(err)
				}
			}
			if err := c.Set(f.Name, v); err != nil {
				continue // unreadable: the decoder reports it and stores nothing
			}
			tried++
			canon, err := c.Canonical()
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(canon, c) {
				t.Errorf("%s set from %q: Canonical changed %q to %q", f.Name, v, c.Get(f.Name), canon.Get(f.Name))
			}
			decoded, dp, derr := cdop.PrepareDecodedRow(3, c, today)
			problems += len(dp)
			imported, ip, ierr := cdop.PrepareImportRow(3, c, today)
			if !reflect.DeepEqual(decoded, imported) || !reflect.DeepEqual(dp, ip) || (derr == nil) != (ierr == nil) {
				t.Errorf("%s set from %q: PrepareDecodedRow gave %+v, %v; PrepareImportRow %+v, %v", f.Name, v, decoded, dp, imported, ip)
			}
		}
	}
	// Most rows must be valid for the
	// comparison to have covered the prepared, stored form.
	if problems > tried/2 {
		t.Errorf("%d problems over %d rows: too few valid rows to compare what is stored", problems, tried)
	}
}
