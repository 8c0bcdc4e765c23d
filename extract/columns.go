package extract

import (
	"fmt"
	"strings"

	"casemanager/cdop"
)

// Code is one value a column can hold and what it means.
type Code struct {
	Code  string `json:"code"`
	Label string `json:"label"`
}

// ColumnDoc documents one column of an extract.
type ColumnDoc struct {
	Name            string `json:"name"`
	Meaning         string `json:"meaning"`
	QuasiIdentifier bool   `json:"quasi_identifier,omitempty"`
	// Hierarchy names a quasi-identifier's generalisation levels, finest first.
	Hierarchy []string `json:"hierarchy,omitempty"`
	// NotUnlinkable marks a column an unlinkable extract leaves out.
	NotUnlinkable bool   `json:"not_in_unlinkable,omitempty"`
	Codes         []Code `json:"codes,omitempty"`
}

// enumCodes returns an enum's values as Codes.
func enumCodes(e cdop.Enum) []Code {
	out := make([]Code, len(e))
	for i, c := range e {
		out[i] = Code{c.Code, c.Label}
	}
	return out
}

func ageBandCodes() []Code {
	labels := map[cdop.AgeBand]string{
		cdop.AgeBandStillbirth: "an unattended stillbirth (no healthcare professional present)",
		cdop.AgeBandNeonatal:   "under 28 days (neonatal, born alive)",
		cdop.AgeBandInfant:     "28 to 364 days (post-neonatal infant)",
		cdop.AgeBand1to4:       "1 to 4 years",
		cdop.AgeBand5to9:       "5 to 9 years",
		cdop.AgeBand10to14:     "10 to 14 years",
		cdop.AgeBand15to17:     "15 to 17 years",
	}
	var out []Code
	for _, b := range cdop.CaseAgeBands {
		out = append(out, Code{string(b), labels[b]})
	}
	return out
}

func ethnicGroupCodes() []Code {
	var out []Code
	for _, g := range BroadEthnicGroups {
		var codes []string
		for _, c := range cdop.EthnicCategories {
			if cdop.BroadEthnicGroup(c.Code) == g {
				codes = append(codes, c.Code)
			}
		}
		out = append(out, Code{g, "NHS ethnic categories " + strings.Join(codes, ", ")})
	}
	return out
}

// qiDocs say what each quasi-identifier column holds as recorded, and its
// values before generalisation.
var qiDocs = map[string]struct {
	meaning string
	codes   func() []Code
}{
	"year_of_death":  {"Calendar year of death, e.g. 2024. Generalised with financial_year (see its hierarchy): the calendar years a span of financial years touches, e.g. 2024-2025 for 2024/25.", nil},
	"financial_year": {"Financial year of death, April to March, e.g. 2024/25 (April 2024 to March 2025). With year_of_death it places the death in April–December or January–March, never closer. Generalised, a span of financial years, e.g. 2024/25-2025/26.", nil},
	"age_band":       {"Age at death in the national statistical bands; blank when the age is not known.", ageBandCodes},
	"sex":            {"Sex as recorded.", func() []Code { return enumCodes(cdop.Sexes) }},
	"ethnic_group":   {"Broad ethnic group, from the NHS ethnic category; the category itself is not in an extract.", ethnicGroupCodes},
	"imd_decile": {"Deprivation of the area of residence (Index of Multiple Deprivation 2019 decile).", func() []Code {
		return []Code{{"1 … 10", "decile of the IMD 2019 of the residence's LSOA (1 = most deprived 10%)"}}
	}},
	"residence_la": {"Local authority of residence, as its ONS code; blank when none is recorded.", func() []Code {
		return []Code{{"(ONS code)", "a local authority district of England, e.g. E08000035 (Leeds)"},
			{cdop.ResidenceOutsideEngland, "outside England"}, {cdop.ResidenceNotKnown, "not known"}}
	}},
	"place_of_death": {"Where the death happened.", func() []Code { return enumCodes(cdop.PlacesOfDeath) }},
	"category": {"The analysis form's primary category of death (1 is highest in the hierarchy); blank until the panel records it.", func() []Code {
		return enumCodes(cdop.Categories)
	}},
}

// catalogueCodes returns the catalogue as a code list.
func catalogueCodes(catalogue []cdop.FactorCatalogueEntry) []Code {
	out := make([]Code, len(catalogue))
	for i, e := range catalogue {
		out[i] = Code{e.Code, fmt.Sprintf("domain %s: %s", strings.ToUpper(e.Domain), e.Text)}
	}
	return out
}

func days(what string) string {
	return "Time from the date of death to " + what + ", in bands: 0-7 days, 8-90 days, 91-180 days, 181-365 days, over a year; blank when either date is not recorded. Neither the dates nor the exact days are ever in an extract."
}

// qiColumns documents the quasi-identifiers' columns: their meaning, their
// values as recorded, then what each level of their hierarchy adds.
func qiColumns() []ColumnDoc {
	var out []ColumnDoc
	for i := range dims {
		d := &dims[i]
		var hierarchy []string
		var added []Code
		for l, lev := range d.levels {
			hierarchy = append(hierarchy, lev.name)
			if l > 0 {
				for _, c := range lev.codes {
					added = append(added, Code{c.Code, "when generalised (" + lev.name + "): " + c.Label})
				}
			}
		}
		for _, name := range d.columns {
			doc := ColumnDoc{Name: name, QuasiIdentifier: true, Hierarchy: hierarchy}
			if q, ok := qiDocs[name]; ok {
				doc.Meaning = q.meaning
				if q.codes != nil {
					doc.Codes = q.codes()
				}
			} else if f, ok := cdop.FieldNamed(name); ok {
				doc.Meaning, doc.Codes = f.Help, enumCodes(f.Choices)
			}
			doc.Codes = append(doc.Codes, added...)
			out = append(out, doc)
		}
	}
	return out
}

// Columns documents the extract's columns in order, with the factor
// catalogue whose codes coded_factors holds.
func Columns(catalogue []cdop.FactorCatalogueEntry) []ColumnDoc {
	cols := []ColumnDoc{{Name: "pseudonym", Meaning: fmt.Sprintf("The case's pseudonym: the first %d hex digits of HMAC-SHA-256 of the case's internal ID under the installation's secret key. The same case has the same pseudonym in every extract made with the same key (the manifest's key ID says which); an unlinkable extract uses a one-off key, so its pseudonyms match nothing else. Not the case reference.", PseudonymLength)}}
	cols = append(cols, qiColumns()...)
	for _, f := range codeFields {
		cols = append(cols, ColumnDoc{Name: f.Name, Meaning: f.Help, Codes: enumCodes(f.Choices), NotUnlinkable: f.Name != outcomeField})
	}
	return append(cols,
		ColumnDoc{Name: "coded_factors", NotUnlinkable: true, Meaning: "The contributory factors the panel picked from the factor catalogue, as catalogue codes in code order, joined by \" | \"; the first letter is the domain. A factor's text is never in an extract.", Codes: catalogueCodes(catalogue)},
		ColumnDoc{Name: "uncoded_factors", NotUnlinkable: true, Meaning: "How many factors the panel typed rather than picked from the catalogue (or whose code is not in the catalogue): counted, never shown."},
		ColumnDoc{Name: "days_to_notification", NotUnlinkable: true, Meaning: days("the notification to the CDOP")},
		ColumnDoc{Name: "days_to_cdrm", NotUnlinkable: true, Meaning: days("the child death review meeting")},
		ColumnDoc{Name: "days_to_cdop_review", NotUnlinkable: true, Meaning: days("the CDOP's review")},
	)
}

// columnsFor returns the documents of the columns an extract holds: every
// column, or, when unlinkable, those an unlinkable extract keeps.
func columnsFor(catalogue []cdop.FactorCatalogueEntry, unlinkable bool) []ColumnDoc {
	var out []ColumnDoc
	for _, c := range Columns(catalogue) {
		if !unlinkable || !c.NotUnlinkable {
			out = append(out, c)
		}
	}
	return out
}

// columnNamesFor returns an extract's header.
func columnNamesFor(unlinkable bool) []string {
	var out []string
	for _, c := range columnsFor(nil, unlinkable) {
		out = append(out, c.Name)
	}
	return out
}

// quasiColumns are the header's quasi-identifier columns, after the pseudonym.
var quasiColumns = func() []string {
	var out []string
	for i := range dims {
		out = append(out, dims[i].columns...)
	}
	return out
}()

// tailKept says which tail columns (the code fields, then the derived
// ones) an extract shows: all, or, when unlinkable, the modifiable outcome.
func tailKept(unlinkable bool) []bool {
	out := make([]bool, len(codeFields)+nDerived)
	for i := range out {
		out[i] = !unlinkable || i < len(codeFields) && codeFields[i].Name == outcomeField
	}
	return out
}

// NeverIncluded lists what an extract never holds.
var NeverIncluded = []string{
	"names", "NHS number", "date of birth", "exact dates (death, notification, meetings, anything else)",
	"exact counts of days", "time of death", "address and postcode", "key worker", "case reference", "the internal case ID",
	"NHS ethnic category (only the broad group)", "agencies, meetings, recommendations",
	"free text: summary, cause of death, notes, learning, factors' text, reasons",
}

// ColumnsMarkdown documents the extract for the README: what it holds,
// how it is protected, and its columns, with the national factor catalogue
// (a panel's own codes are listed in each manifest).
func ColumnsMarkdown() string {
	var b strings.Builder
	b.WriteString("## Anonymised dataset extract (`cdop extract`)\n\n")
	b.WriteString("`cdop extract -o FILE.csv [--from YYYY-MM-DD --to YYYY-MM-DD] [--k N] [--l N] [--unlinkable]` writes one row\n")
	b.WriteString("per death in the period (by date of death; every death on record when no period is given), in\n")
	b.WriteString("pseudonym order, and FILE.manifest.json beside it: who made it and when, the period, the rows, k\n")
	b.WriteString("and l requested and achieved, the level each quasi-identifier reached, every suppression, the\n")
	b.WriteString("information lost in each column, the columns and their code lists, and the pseudonym key's ID\n")
	b.WriteString("(never the key). Each extract is recorded in the audit log.\n\n")
	b.WriteString("Never in an extract: " + strings.Join(NeverIncluded, "; ") + ".\n\n")
	b.WriteString("**Disclosure control.** Every field of a case declares its disclosure role (the README's\n")
	b.WriteString("*Disclosure control* lists them); the extract's quasi-identifiers (marked QI) are exactly the registry's\n")
	var qis []string
	for i := range dims {
		qis = append(qis, dims[i].qi)
	}
	b.WriteString("quasi-identifiers it reads: " + strings.Join(qis, ", ") + ".\n")
	b.WriteString("Over all of them together:\n\n")
	b.WriteString("- **k-anonymity**: every row shares every quasi-identifier with at least k−1 other rows (k = 5\n")
	b.WriteString("  unless `--k` says otherwise), so someone who knows any of them about a child finds at least\n")
	b.WriteString("  k rows, never one;\n")
	b.WriteString("- **l-diversity**: every such group of rows holds at least l different modifiable outcomes\n")
	b.WriteString("  recorded (l = 2 unless `--l` says otherwise; `--l 1` asks for none), so that finding the\n")
	b.WriteString("  group does not tell the panel's outcome. A group in which no outcome is recorded yet tells\n")
	b.WriteString("  nothing and needs none.\n\n")
	b.WriteString("The extract generalises first, every row of a column to the same level of the column's\n")
	b.WriteString("hierarchy (listed with each column below), choosing the levels that lose least information;\n")
	b.WriteString("then it suppresses (`*`) single values of the rows still in too small or too uniform a group.\n")
	b.WriteString("No row is ever dropped: a row unsafe with every value suppressed is grouped with others so\n")
	b.WriteString("suppressed, and the manifest counts them. Information lost is measured per value: the share\n")
	b.WriteString("of the column's recorded values its generalised value merges (0 as recorded, 1 when\n")
	b.WriteString("suppressed or generalised to the top). The times after the death are bands, never days.\n\n")
	b.WriteString("`--unlinkable` makes the pseudonyms from a one-off key, never stored, so they match no other\n")
	b.WriteString("extract's, and the rows' order (by pseudonym) is new too; and it leaves out every column but the\n")
	b.WriteString("quasi-identifiers and the modifiable outcome (columns marked *not in an unlinkable extract*):\n")
	b.WriteString("a child's factor codes, scores and times together are near unique and would match the child's\n")
	b.WriteString("row in another extract. What remains: matched on every column, a row of an unlinkable extract\n")
	b.WriteString("finds in another extract of the same deaths the rows of its group that share its outcome. At\n")
	b.WriteString("least k rows share its quasi-identifiers, but a row whose outcome is the only one of its kind in\n")
	b.WriteString("its group (l-diversity allows it) matches the same child's row alone — which tells nothing the\n")
	b.WriteString("two extracts do not both say, unless the outcome changed between them. Two extracts generalised\n")
	b.WriteString("differently (other periods or k) can also be laid over each other to narrow a group: give the\n")
	b.WriteString("same people extracts of one period and k.\n\n")
	b.WriteString("An extract is pseudonymised data, still personal data: share it under a data sharing agreement,\n")
	b.WriteString("not as open data.\n\n")
	b.WriteString("In every column: blank = not recorded; `*` = suppressed for disclosure control; `withheld` =\n")
	b.WriteString("something is recorded, but it is not a value of the column's code list, so it is not shown.\n\n")
	for _, c := range Columns(cdop.DefaultFactorCatalogue) {
		qi := ""
		if c.QuasiIdentifier {
			qi = " (QI)"
		}
		fmt.Fprintf(&b, "- **`%s`**%s — %s", c.Name, qi, c.Meaning)
		if len(c.Hierarchy) > 0 {
			fmt.Fprintf(&b, " Hierarchy: %s.", strings.Join(c.Hierarchy, " → "))
		}
		if c.NotUnlinkable {
			b.WriteString(" *Not in an unlinkable extract.*")
		}
		b.WriteString("\n")
		if c.Name == "coded_factors" {
			b.WriteString("  Codes: the national catalogue below; a panel's own factors have local codes (e.g. `BL01`), listed in\n  the manifest.\n")
		}
		for _, code := range c.Codes {
			fmt.Fprintf(&b, "  - `%s` %s\n", code.Code, code.Label)
		}
	}
	return b.String()
}
