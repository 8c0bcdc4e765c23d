package extract

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
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
	KRequested int `json:"k_requested"`
	KAchieved  int `json:"k_achieved"`
	// LRequested is the l of l-diversity asked for (of the modifiable
	// outcome); LAchieved the fewest different outcomes recorded in a
	// group that records any (0 when no group does).
	LRequested       int      `json:"l_requested"`
	LAchieved        int      `json:"l_achieved"`
	Groups           int      `json:"groups"`
	QuasiIdentifiers []string `json:"quasi_identifiers"`
	// Levels says, for each quasi-identifier, the level of its hierarchy
	// every row was generalised to.
	Levels          []DimensionLevel `json:"hierarchy_levels"`
	Generalisations []Generalisation `json:"generalisations"`
	Suppression     Suppression      `json:"suppression"`
	// InformationLoss is, per quasi-identifier column, the information its
	// values lost, from 0 (as recorded) to 1 (all suppressed).
	InformationLoss []ColumnLoss `json:"information_loss"`
	// LeftOut lists the columns an unlinkable extract leaves out.
	LeftOut []string `json:"columns_left_out,omitempty"`
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

// DimensionLevel is the level a quasi-identifier reached.
type DimensionLevel struct {
	Dimension       string   `json:"quasi_identifier"`
	Columns         []string `json:"columns"`
	Level           string   `json:"level"`
	LevelNumber     int      `json:"level_number"` // 0 as recorded
	Of              int      `json:"levels"`       // levels in its hierarchy
	Description     string   `json:"description"`
	RowsGeneralised int      `json:"rows_generalised"`
}

// ColumnLoss is the information a column's values lost: the mean, over
// rows, of each value's loss (the share of the column's recorded values
// its shown value merges; 1 when suppressed).
type ColumnLoss struct {
	Column string  `json:"column"`
	Loss   float64 `json:"loss"`
}

// roundLoss keeps three decimals, so manifests read and compare cleanly.
func roundLoss(x float64) float64 { return math.Round(x*1000) / 1000 }

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

// LMet reports whether every group holding a recorded outcome holds l.
func (m *Manifest) LMet() bool { return m.LAchieved == 0 || m.LAchieved >= m.LRequested }

// lText says the l achieved, or that no group records an outcome.
func (m *Manifest) lText() string {
	if m.LAchieved == 0 {
		return "— (no outcome recorded in any group)"
	}
	return strconv.Itoa(m.LAchieved)
}

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
		LRequested:       o.L,
		QuasiIdentifiers: quasiColumns,
		Levels:           []DimensionLevel{},
		Generalisations:  []Generalisation{},
		InformationLoss:  []ColumnLoss{},
		Factors:          FactorCounts{Coded: x.coded, Uncoded: x.uncoded, CodesNotInCatalogue: x.notListed},
		Pseudonyms: Pseudonyms{
			Method:     fmt.Sprintf("HMAC-SHA-256 of the case's internal ID, first %d hex digits", PseudonymLength),
			KeyID:      key.ID(),
			Unlinkable: o.Unlinkable,
		},
		NeverIncluded: NeverIncluded,
		Columns:       columnsFor(o.Catalogue, o.Unlinkable),
	}
	if o.Unlinkable {
		for _, c := range Columns(nil) {
			if c.NotUnlinkable {
				m.LeftOut = append(m.LeftOut, c.Name)
			}
		}
	}
	for _, c := range columnNamesFor(false) {
		if n := x.withheld[c]; n > 0 {
			m.Withheld = append(m.Withheld, ColumnCount{c, n})
		}
	}
	if m.Withheld == nil {
		m.Withheld = []ColumnCount{}
	}
	for i := range dims {
		d := &dims[i]
		lev := d.levels[pl.lv[i]]
		m.Levels = append(m.Levels, DimensionLevel{Dimension: d.qi, Columns: d.columns, Level: lev.name,
			LevelNumber: int(pl.lv[i]), Of: len(d.levels), Description: lev.desc})
		if pl.lv[i] > 0 {
			for _, c := range d.columns {
				m.Generalisations = append(m.Generalisations, Generalisation{Column: c, Level: lev.name, Description: lev.desc})
			}
		}
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
		fmt.Fprintf(&b, "l-diversity: l requested %d, achieved %s (different modifiable outcomes recorded in every group that records any)\n",
			m.LRequested, m.lText())
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
	var lost []string
	for _, l := range m.InformationLoss {
		if l.Loss > 0 {
			lost = append(lost, fmt.Sprintf("%s %.0f%%", l.Column, 100*l.Loss))
		}
	}
	if len(lost) == 0 {
		b.WriteString("information lost: none\n")
	} else {
		fmt.Fprintf(&b, "information lost: %s\n", strings.Join(lost, ", "))
	}
	for _, w := range m.Withheld {
		fmt.Fprintf(&b, "withheld: %d %s values not on the column's code list\n", w.Count, w.Column)
	}
	if len(m.LeftOut) > 0 {
		fmt.Fprintf(&b, "left out (unlinkable): %s\n", strings.Join(m.LeftOut, ", "))
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
		{"l_requested", strconv.Itoa(m.LRequested)},
		{"l_achieved", strconv.Itoa(m.LAchieved)},
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
