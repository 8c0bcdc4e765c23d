package returnfile_test

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"

	"casemanager/cdop"
	"casemanager/returnfile"
)

var today = cdop.MustParseDate("2026-01-10")

// filled returns the drowning form's template with every answer given by
// answer (by item ID), "not_known" otherwise.
func filled(t *testing.T, answer map[string]string) string {
	t.Helper()
	var b bytes.Buffer
	if err := returnfile.WriteTemplate(&b, "drowning"); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	w := csv.NewWriter(&out)
	for i, r := range rows {
		if i > 0 {
			r[4] = cdop.AnswerNotKnown
			if v, ok := answer[r[2]]; ok {
				r[4] = v
			}
		}
		w.Write(r)
	}
	w.Flush()
	return out.String()
}

func TestRead_TemplateFilledIn(t *testing.T) {
	got, err := returnfile.Read(strings.NewReader(filled(t, map[string]string{"supervised": "No", "water_type": "sea",
		"rescue": "Pulled out by a passer-by,\n\"CPR\" until the crew came"})), "r.csv", "drowning", today)
	if err != nil {
		t.Fatal(err)
	}
	form, _ := cdop.ReturnFormFor("drowning")
	if len(got) != len(form.Items()) || got["supervised"] != "no" || got["water_type"] != "sea" || got["lifeguard_present"] != cdop.AnswerNotKnown ||
		got["rescue"] != "Pulled out by a passer-by,\n\"CPR\" until the crew came" {
		t.Errorf("answers = %v", got)
	}
}

func TestRead_ReportsEveryProblemByLineAndItem(t *testing.T) {
	csvFile := filled(t, map[string]string{"water_type": "puddle", "swimming_ability": ""})
	csvFile += "drowning,,sleep_place,,cot\n" + "drowning,,supervised,,yes\n" + "cardiac,,diagnosis,,x\n"
	jsonFile := `{"format": "cdop-case-manager/agency-return", "version": 1, "form": "drowning", "answers": [
		{"item": "water_type", "answer": "sea"}, {"item": "supervised", "answer": "sometimes"}, {"item": "activity", "answer": 3}]}`
	for _, tt := range []struct {
		name, file, form string
		want             []string
	}{
		{"csv", csvFile, "drowning", []string{
			`line 2: item water_type: "puddle" is not allowed; use one of: bath`,
			"line 6: item swimming_ability: no answer; write the answer, not_known or not_applicable",
			`line 12: item "sleep_place": is not an item of the supplementary: drowning`,
			"line 13: item supervised: answered again (first at line 5)",
			`line 14: form "cardiac": this return is to the supplementary: drowning (drowning)`,
		}},
		{"json", jsonFile, "drowning", []string{
			`answer 2: item supervised: "sometimes" is not an answer`,
			"item barriers: missing from the file (Where and how: Fencing, covers or other barriers)",
		}},
		{"json to another form", jsonFile, "cardiac", []string{`the file: form "drowning": this return is to the supplementary: cardiac (cardiac)`}},
		{"no header", "water_type,sea\n", "drowning", []string{"line 1: the header names no item column"}},
		{"empty", "", "drowning", []string{"line 1: the file is empty"}},
		{"binary", "PK\x03\x04\x00\x00", "drowning", []string{"is not a text file"}},
		{"broken quote", "item,answer\nwater_type,\"sea\nsupervised", "drowning", []string{"line 2: not CSV"}},
	} {
		got, err := returnfile.Read(strings.NewReader(tt.file), "return.csv", tt.form, today)
		if got != nil || cdop.ErrorCode(err) != cdop.EINVALID {
			t.Errorf("%s: %v, %v; want refused (EINVALID) with nothing", tt.name, got, err)
			continue
		}
		for _, w := range tt.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: the refusal does not say %q:\n%v", tt.name, w, err)
			}
		}
	}
}
