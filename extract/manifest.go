package extract

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"casemanager/cdop"
)

// Manifest says what an extract holds and how it was protected. It is
// written beside the extract (ManifestPath) and summarised in the audit log.
type Manifest struct {
	Dataset    string    `json:"dataset"`
	File       string    `json:"file,omitempty"`
	ProducedAt time.Time `json:"produced_at"`
	ProducedBy string    `json:"produced_by"`
	AppVersion string    `json:"app_version"`
	Period     Period    `json:"period"`
	Rows       int       `json:"rows"`
	// KRequested is the k asked for; KAchieved the size of the smallest
	// group of rows sharing their quasi-identifiers (0 for no rows).
	KRequested       int              `json:"k_requested"`
	KAchieved        int              `json:"k_achieved"`
	Groups           int              `json:"groups"`
	QuasiIdentifiers []string         `json:"quasi_identifiers"`
	Generalisations  []Generalisation `json:"generalisations"`
	Suppression      Suppression      `json:"suppression"`
	// Withheld counts, per column, values recorded but not on its code list.
	Withheld      []ColumnCount `json:"values_withheld"`
	Factors       FactorCounts  `json:"factors"`
	Pseudonyms    Pseudonyms    `json:"pseudonyms"`
	NeverIncluded []string      `json:"never_included"`
	Columns       []ColumnDoc   `json:"columns"`
}

// Period is the extract's period of dates of death; a blank end is open.
type Period struct {
	From string `json:"from"`
	To   string `json:"to"`
	By   string `json:"by"`
}

// Generalisation is one column shown less precisely than recorded.
type Generalisation struct {
	Column      string `json:"column"`
	Level       string `json:"level"`
	Description string `json:"description"`
	Rows        int    `json:"rows"` // rows whose value is shown generalised
}

// Suppression counts the values shown as "*".
type Suppression struct {
	Cells               []ColumnCount `json:"cells"` // per quasi-identifier column
	RowsAffected        int           `json:"rows_affected"`
	RowsFullySuppressed int           `json:"rows_fully_suppressed"` // every quasi-identifier "*"
}

// ColumnCount is a count about one column.
type ColumnCount struct {
	Column string `json:"column"`
	Count  int    `json:"count"`
}

// FactorCounts counts the factors of the rows.
type FactorCounts struct {
	Coded               int `json:"coded"`
	Uncoded             int `json:"uncoded"`                // typed, or coded outside the catalogue: counted, never shown
	CodesNotInCatalogue int `json:"codes_not_in_catalogue"` // of Uncoded
}

// Pseudonyms says how the pseudonyms were made: never the key, only its ID.
type Pseudonyms struct {
	Method     string `json:"method"`
	KeyID      string `json:"key_id"`
	Unlinkable bool   `json:"unlinkable"`
}

// ManifestPath returns the manifest's path for an extract's: FILE.csv's is
// FILE.manifest.json.
func ManifestPath(csvPath string) string {
	base := csvPath
	if ext := strings.ToLower(csvPath[max(0, len(csvPath)-4):]); ext == ".csv" {
		base = csvPath[:len(csvPath)-4]
	}
	return base + ".manifest.json"
}

// TotalSuppressed returns the number of values suppressed, over all columns.
func (m *Manifest) TotalSuppressed() int {
	n := 0
	for _, c := range m.Suppression.Cells {
		n += c.Count
	}
	return n
}

// KMet reports whether every row shares its quasi-identifiers with at least k−1 others.
func (m *Manifest) KMet() bool { return m.Rows == 0 || m.KAchieved >= m.KRequested }

func (x *extractor) newManifest(ctx context.Context, key Key, pl *plan) *Manifest {
	o := x.opts
	m := &Manifest{
		Dataset:          "CDOP anonymised dataset extract",
		File:             o.File,
		ProducedAt:       o.Clock.Now().UTC().Truncate(time.Second),
		ProducedBy:       cdop.ActorFrom(ctx),
		AppVersion:       o.AppVersion,
		Period:           Period{From: o.From.String(), To: o.To.String(), By: "date of death"},
		Rows:             x.rows,
		KRequested:       o.K,
		QuasiIdentifiers: quasiColumns,
		Generalisations:  []Generalisation{},
		Factors:          FactorCounts{Coded: x.coded, Uncoded: x.uncoded, CodesNotInCatalogue: x.notListed},
		Pseudonyms: Pseudonyms{
			Method:     fmt.Sprintf("HMAC-SHA-256 of the case's internal ID, first %d hex digits", PseudonymLength),
			KeyID:      key.ID(),
			Unlinkable: o.Unlinkable,
		},
		NeverIncluded: NeverIncluded,
		Columns:       Columns(o.Catalogue),
	}
	for _, c := range columnNames {
		if n := x.withheld[c]; n > 0 {
			m.Withheld = append(m.Withheld, ColumnCount{c, n})
		}
	}
	if m.Withheld == nil {
		m.Withheld = []ColumnCount{}
	}
	add := func(column, level, desc string) {
		m.Generalisations = append(m.Generalisations, Generalisation{Column: column, Level: level, Description: desc})
	}
	first := fyText(x.s.minFY + timeBase)
	switch pl.lv[qTime] {
	case timeFinancialYear:
		add("year_of_death", "financial_year", "shown as the two calendar years of the financial year of death (e.g. 2024-2025 for 2024/25)")
	case timeTwoYears, timeThreeYears:
		n := map[uint8]string{timeTwoYears: "two", timeThreeYears: "three"}[pl.lv[qTime]]
		level := n + "_financial_years"
		add("year_of_death", level, "shown as the calendar years of a span of "+n+" financial years")
		add("financial_year", level, "spans of "+n+" financial years, the first starting "+first)
	case timeWhole:
		add("year_of_death", "whole_period", "shown as the span of the whole extract")
		add("financial_year", "whole_period", "shown as the span of the whole extract")
	}
	switch pl.lv[qIMD] {
	case 1:
		add("imd_decile", "quintile", "deciles grouped into quintiles: 1-2, 3-4, 5-6, 7-8, 9-10")
	case 2:
		add("imd_decile", "not_shown", "the decile is not shown: 1-10 for every recorded value")
	}
	if pl.lv[qLA] == 1 {
		add("residence_la", "footprint", "every local authority shown as \""+Footprint+"\"")
	}
	if pl.lv[qAge] == 1 {
		add("age_band", "wide_bands", "age bands paired: "+strings.Join(wideAgeBands, ", "))
	}
	if pl.lv[qPlace] == 1 {
		add("place_of_death", "wide_places", "places grouped: "+strings.Join(widePlaces, ", "))
	}
	return m
}

// WriteJSON writes the manifest as indented JSON.
func (m *Manifest) WriteJSON(w io.Writer) error {
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

// Summary is the short risk summary printed when an extract is made.
func (m *Manifest) Summary() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d rows (deaths in %s)\n", m.Rows, periodText(cdop.MustParseDate(m.Period.From), cdop.MustParseDate(m.Period.To)))
	if m.Rows == 0 {
		b.WriteString("no cases in the period: the extract has its header only\n")
	} else {
		fmt.Fprintf(&b, "k-anonymity: k requested %d, achieved %d (every row shares its quasi-identifiers with at least %d others; %d groups)\n",
			m.KRequested, m.KAchieved, m.KAchieved-1, m.Groups)
	}
	if len(m.Generalisations) == 0 {
		b.WriteString("generalised: nothing\n")
	}
	for _, g := range m.Generalisations {
		fmt.Fprintf(&b, "generalised: %s %s (%d rows)\n", g.Column, g.Description, g.Rows)
	}
	var cells []string
	for _, c := range m.Suppression.Cells {
		if c.Count > 0 {
			cells = append(cells, fmt.Sprintf("%s %d", c.Column, c.Count))
		}
	}
	if len(cells) == 0 {
		b.WriteString("suppressed: nothing\n")
	} else {
		fmt.Fprintf(&b, "suppressed: %d values in %d rows (%s); %d rows with every quasi-identifier suppressed\n",
			m.TotalSuppressed(), m.Suppression.RowsAffected, strings.Join(cells, ", "), m.Suppression.RowsFullySuppressed)
	}
	for _, w := range m.Withheld {
		fmt.Fprintf(&b, "withheld: %d %s values not on the column's code list\n", w.Count, w.Column)
	}
	if m.Factors.Uncoded > 0 {
		fmt.Fprintf(&b, "uncoded factors: %d (counted, never shown)\n", m.Factors.Uncoded)
	}
	if m.Pseudonyms.Unlinkable {
		fmt.Fprintf(&b, "pseudonyms: one-off key %s, not stored: this extract links to no other\n", m.Pseudonyms.KeyID)
	} else {
		fmt.Fprintf(&b, "pseudonyms: installation key %s: the same case has the same pseudonym in every extract with this key\n", m.Pseudonyms.KeyID)
	}
	return b.String()
}

// AuditChanges summarises the extract for the audit log, as the changes
// of an audit row: what was extracted, by what rules, with which key.
func (m *Manifest) AuditChanges() []cdop.FieldChange {
	var gen []string
	for _, g := range m.Generalisations {
		gen = append(gen, g.Column+": "+g.Level)
	}
	yes := map[bool]string{true: "yes", false: "no"}
	fields := []struct{ name, value string }{
		{"file", m.File},
		{"period_from", m.Period.From},
		{"period_to", m.Period.To},
		{"rows", strconv.Itoa(m.Rows)},
		{"k_requested", strconv.Itoa(m.KRequested)},
		{"k_achieved", strconv.Itoa(m.KAchieved)},
		{"generalised", strings.Join(gen, "; ")},
		{"suppressed_values", strconv.Itoa(m.TotalSuppressed())},
		{"rows_fully_suppressed", strconv.Itoa(m.Suppression.RowsFullySuppressed)},
		{"key_id", m.Pseudonyms.KeyID},
		{"unlinkable", yes[m.Pseudonyms.Unlinkable]},
		{"app_version", m.AppVersion},
	}
	out := make([]cdop.FieldChange, 0, len(fields))
	for _, f := range fields {
		if f.value != "" {
			out = append(out, cdop.FieldChange{Field: f.name, New: f.value})
		}
	}
	return out
}
