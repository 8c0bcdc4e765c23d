package cdop

// The disclosure model. Every field declares its role in the registry
// (Field.Disclosure): an identifier is never in an anonymised output; a
// quasi-identifier is what an intruder may already know of a child (from
// a news story, a school, a neighbour) and is shown in shared data only
// under disclosure control; a sensitive attribute is what an intruder
// would want to learn. Outputs do not show some identifiers as they are
// but derive a coarser value from them (a date of death gives the period,
// with the date of birth the age band): such a derived value declares its
// own role here. QuasiIdentifiers is the one list of what an intruder may
// know, for the extract, the annual report and the anonymised views.

// DerivedValue is a value anonymised outputs show in place of the fields it
// is derived from.
type DerivedValue struct {
	Name       string   // as outputs name it, e.g. "age_band"
	Label      string   // as people read it
	From       []string // the registry fields it is derived from
	Disclosure Disclosure
}

// DerivedValues are the values derived for anonymised outputs.
var DerivedValues = []DerivedValue{
	{Name: "period", Label: "Period of death (calendar and financial year)", From: []string{"date_of_death"}, Disclosure: QuasiIdentifier},
	{Name: "age_band", Label: "Age band at death", From: []string{"birth_outcome", "date_of_birth", "date_of_death"}, Disclosure: QuasiIdentifier},
	{Name: "ethnic_group", Label: "Broad ethnic group", From: []string{"ethnicity"}, Disclosure: QuasiIdentifier},
}

// QI is one thing an intruder may know about a child, as
// anonymised outputs show it, with the registry fields it comes from.
type QI struct {
	Name  string
	Label string
	From  []string
}

// QuasiIdentifiers returns what an intruder may know, in registry order (a
// derived value where the last field it comes from stands): each derived value whose role is quasi-identifier,
// and each quasi-identifying field that no derived value stands in for.
func QuasiIdentifiers() []QI {
	replaced := map[string]bool{}
	derivedAt := map[string][]DerivedValue{} // by the last field each comes from
	for _, d := range DerivedValues {
		if d.Disclosure != QuasiIdentifier {
			continue
		}
		for _, f := range d.From {
			if g, _ := FieldNamed(f); g.Disclosure == QuasiIdentifier {
				replaced[f] = true
			}
		}
		last := d.From[len(d.From)-1]
		derivedAt[last] = append(derivedAt[last], d)
	}
	var out []QI
	for i := range Registry {
		f := &Registry[i]
		for _, d := range derivedAt[f.Name] {
			out = append(out, QI{Name: d.Name, Label: d.Label, From: d.From})
		}
		if f.Disclosure == QuasiIdentifier && !replaced[f.Name] {
			out = append(out, QI{Name: f.Name, Label: f.Label, From: []string{f.Name}})
		}
	}
	return out
}
