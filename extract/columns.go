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
	Codes           []Code `json:"codes,omitempty"`
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
		cdop.AgeBandNeonatal: "under 28 days (neonatal)",
		cdop.AgeBandInfant:   "28 to 364 days (post-neonatal infant)",
		cdop.AgeBand1to4:     "1 to 4 years",
		cdop.AgeBand5to9:     "5 to 9 years",
		cdop.AgeBand10to14:   "10 to 14 years",
		cdop.AgeBand15to17:   "15 to 17 years",
	}
	var out []Code
	for _, b := range cdop.AgeBands {
		out = append(out, Code{string(b), labels[b]})
	}
	for i, w := range wideAgeBands {
		out = append(out, Code{w, fmt.Sprintf("when age bands are generalised: %s or %s", cdop.AgeBands[2*i], cdop.AgeBands[2*i+1])})
	}
	return out
}

func placeCodes() []Code {
	out := enumCodes(cdop.PlacesOfDeath)
	for _, w := range widePlaces {
		var of []string
		for _, p := range cdop.PlacesOfDeath {
			if widePlaceFor[p.Code] == w {
				of = append(of, p.Code)
			}
		}
		if len(of) > 1 {
			out = append(out, Code{w, "when places are generalised: " + strings.Join(of, ", ")})
		}
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

func imdCodes() []Code {
	out := []Code{
		{"1 … 10", "decile of the IMD 2019 of the residence's LSOA (1 = most deprived 10%)"},
	}
	for q := 1; q <= 5; q++ {
		out = append(out, Code{fmt.Sprintf("%d-%d", 2*q-1, 2*q), fmt.Sprintf("quintile %d (deciles %d and %d), when deciles are generalised", q, 2*q-1, 2*q)})
	}
	return append(out, Code{"1-10", "recorded, but the decile is generalised away"})
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
	return "Whole days from the date of death to " + what + " (0 = the same day); blank when either date is not recorded. The dates themselves are never in an extract."
}

// Columns documents the extract's columns in order, with the factor
// catalogue whose codes coded_factors holds.
func Columns(catalogue []cdop.FactorCatalogueEntry) []ColumnDoc {
	cols := []ColumnDoc{
		{Name: "pseudonym", Meaning: fmt.Sprintf("The case's pseudonym: the first %d hex digits of HMAC-SHA-256 of the case's internal ID under the installation's secret key. The same case has the same pseudonym in every extract made with the same key (the manifest's key ID says which); an unlinkable extract uses a one-off key, so its pseudonyms match nothing else. Not the case reference.", PseudonymLength)},
		{Name: "year_of_death", QuasiIdentifier: true, Meaning: "Calendar year of death, e.g. 2024. When generalised, the span of calendar years the row's period covers, e.g. 2024-2025 for the financial year 2024/25, or 2023-2025 for a span of financial years."},
		{Name: "financial_year", QuasiIdentifier: true, Meaning: "Financial year of death, April to March, e.g. 2024/25 (April 2024 to March 2025). When generalised, a span of financial years, e.g. 2023/24-2024/25. With year_of_death it places the death in April–December or January–March, never closer."},
		{Name: "age_band", QuasiIdentifier: true, Meaning: "Age at death in the national statistical bands; blank when the age is not known. When generalised, pairs of bands.", Codes: ageBandCodes()},
		{Name: "sex", QuasiIdentifier: true, Meaning: "Sex as recorded.", Codes: enumCodes(cdop.Sexes)},
		{Name: "ethnic_group", QuasiIdentifier: true, Meaning: "Broad ethnic group, from the NHS ethnic category; the category itself is not in an extract.", Codes: ethnicGroupCodes()},
		{Name: "imd_decile", QuasiIdentifier: true, Meaning: "Deprivation of the area of residence (Index of Multiple Deprivation 2019 decile). When generalised, the quintile as a range of deciles.", Codes: imdCodes()},
		{Name: "residence_la", QuasiIdentifier: true, Meaning: "Local authority of residence, as its ONS code; blank when none is recorded.", Codes: []Code{
			{"(ONS code)", "the local authority district of England, e.g. E08000035 (Leeds)"},
			{cdop.ResidenceOutsideEngland, "outside England"},
			{cdop.ResidenceNotKnown, "not known"},
			{Footprint, "resident in one of the footprint's local authorities, when local authorities are generalised"},
		}},
		{Name: "place_of_death", QuasiIdentifier: true, Meaning: "Where the death happened. When generalised, one of four groups of places (not_known stays not_known).", Codes: placeCodes()},
	}
	for _, f := range codeFields {
		// Shown as recorded: k-anonymity covers the columns marked QI above
		// only (see the README on what that leaves open).
		cols = append(cols, ColumnDoc{Name: f.Name, Meaning: f.Help, Codes: enumCodes(f.Choices)})
	}
	return append(cols,
		ColumnDoc{Name: "coded_factors", Meaning: "The contributory factors the panel picked from the factor catalogue, as catalogue codes in code order, joined by \" | \"; the first letter is the domain. A factor's text is never in an extract.", Codes: catalogueCodes(catalogue)},
		ColumnDoc{Name: "uncoded_factors", Meaning: "How many factors the panel typed rather than picked from the catalogue (or whose code is not in the catalogue): counted, never shown."},
		ColumnDoc{Name: "days_to_notification", Meaning: days("the notification to the CDOP")},
		ColumnDoc{Name: "days_to_cdrm", Meaning: days("the child death review meeting")},
		ColumnDoc{Name: "days_to_cdop_review", Meaning: days("the CDOP's review")},
	)
}

// columnNames are the extract's header.
var columnNames = func() []string {
	var out []string
	for _, c := range Columns(nil) {
		out = append(out, c.Name)
	}
	return out
}()

// quasiColumns are the header's quasi-identifier columns, after the pseudonym.
var quasiColumns = columnNames[1 : 1+nQI+1]

// NeverIncluded lists what an extract never holds.
var NeverIncluded = []string{
	"names", "NHS number", "date of birth", "exact dates (death, notification, meetings, anything else)",
	"time of death", "address and postcode", "key worker", "case reference", "the internal case ID",
	"NHS ethnic category (only the broad group)", "agencies, meetings, recommendations",
	"free text: summary, cause of death, notes, learning, factors' text, reasons",
}

// ColumnsMarkdown documents the extract's columns for the README, with the
// national factor catalogue (a panel's own codes are listed in each manifest).
func ColumnsMarkdown() string {
	var b strings.Builder
	b.WriteString("## Anonymised dataset extract (`cdop extract`)\n\n")
	b.WriteString("`cdop extract -o FILE.csv [--from YYYY-MM-DD --to YYYY-MM-DD] [--k N] [--unlinkable]` writes one row per\n")
	b.WriteString("death in the period (by date of death; every death on record when no period is given), in\n")
	b.WriteString("pseudonym order, and FILE.manifest.json beside it: who made it and when, the period, the rows,\n")
	b.WriteString("k requested and achieved, every generalisation and suppression, the columns and their code\n")
	b.WriteString("lists, and the pseudonym key's ID (never the key). Each extract is recorded in the audit log.\n\n")
	b.WriteString("Never in an extract: " + strings.Join(NeverIncluded, "; ") + ".\n\n")
	b.WriteString("**Disclosure control.** The quasi-identifiers (marked QI) are what someone could know about a\n")
	b.WriteString("child from elsewhere. Every row shares all of them with at least k−1 other rows (k = 5 unless\n")
	b.WriteString("`--k` says otherwise). Where needed the extract first generalises (financial year instead of\n")
	b.WriteString("year, or spans of financial years; IMD quintiles; the footprint instead of the local authority;\n")
	b.WriteString("wider age bands; groups of places of death), choosing the combination that loses least\n")
	b.WriteString("information, then suppresses single values of the rows still too rare. No row is ever dropped:\n")
	b.WriteString("a row that stays rare with every quasi-identifier suppressed is grouped with others so\n")
	b.WriteString("suppressed, and the manifest counts it.\n\n")
	b.WriteString("The day counts are exact: someone who knows when a panel or review meeting met could work back\n")
	b.WriteString("from them to a date of death, so share an extract under a data sharing agreement, as\n")
	b.WriteString("pseudonymised data (it is still personal data), not as open data.\n\n")
	b.WriteString("In every column: blank = not recorded; `*` = suppressed for disclosure control; `withheld` =\n")
	b.WriteString("something is recorded, but it is not a value of the column's code list, so it is not shown.\n\n")
	for _, c := range Columns(cdop.DefaultFactorCatalogue) {
		qi := ""
		if c.QuasiIdentifier {
			qi = " (QI)"
		}
		fmt.Fprintf(&b, "- **`%s`**%s — %s\n", c.Name, qi, c.Meaning)
		if c.Name == "coded_factors" {
			b.WriteString("  Codes: the national catalogue below; a panel's own factors have local codes (e.g. `BL01`), listed in\n  the manifest.\n")
		}
		for _, code := range c.Codes {
			fmt.Fprintf(&b, "  - `%s` %s\n", code.Code, code.Label)
		}
	}
	return b.String()
}

// laName returns a residence as an extract may show it: its code from the
// shipped list of local authorities; anything else (text kept from before
// the list, which may be an address) is withheld.
func laName(text string) (string, bool) {
	return text, text == "" || cdop.ResidenceChoices.Has(text)
}
