package cdop_test

import (
	"slices"
	"testing"

	"casemanager/cdop"
)

// The quasi-identifiers are what the issue of disclosure control names: the
// period and age band (from the dates), sex, ethnic group, local authority,
// deprivation, place, category of death, expected and JAR; and the
// decisions a news story reports (coroner, post-mortem, inquest…).
func TestQuasiIdentifiers(t *testing.T) {
	var names []string
	for _, q := range cdop.QuasiIdentifiers() {
		names = append(names, q.Name)
		for _, f := range q.From {
			if _, ok := cdop.FieldNamed(f); !ok {
				t.Errorf("%s comes from %s, which is no field", q.Name, f)
			}
		}
	}
	for _, want := range []string{"period", "age_band", "sex", "ethnic_group", "imd_decile", "residence_la",
		"place_of_death", "expected", "jar", "category", "inquest", "coroner_referred", "post_mortem"} {
		if !slices.Contains(names, want) {
			t.Errorf("%s is not a quasi-identifier: %v", want, names)
		}
	}
	for _, not := range []string{"date_of_death", "date_of_birth", "ethnicity", "modifiable", "first_name", "domain_a_score"} {
		if slices.Contains(names, not) {
			t.Errorf("%s is listed as a quasi-identifier: %v", not, names)
		}
	}
	// What an intruder wants to learn is declared so.
	for _, name := range []string{"modifiable", "domain_a_score", "domain_d_score", "abuse_neglect_suspected", "looked_after"} {
		if f, _ := cdop.FieldNamed(name); f.Disclosure != cdop.SensitiveAttribute {
			t.Errorf("%s is a %s; want a sensitive attribute", name, f.Disclosure)
		}
	}
	// The dates themselves identify.
	for _, name := range []string{"date_of_birth", "date_of_death", "first_name", "last_name", "postcode", "nhs_number", "key_worker"} {
		if f, _ := cdop.FieldNamed(name); f.Disclosure != cdop.Identifier {
			t.Errorf("%s is a %s; want an identifier", name, f.Disclosure)
		}
	}
}
