// Package ncmd writes a case's items for the National Child Mortality
// Database (NCMD) as one JSON document: the notification form's items, the
// agencies' reporting form returns, the analysis, what is still missing
// (cdop.MissingForNCMD) and the submission when recorded. It is this app's
// own documented format, for a coordinator to key or upload from; it is not
// NCMD's API or schema, and nothing is sent anywhere.
package ncmd

import (
	"encoding/json"
	"io"
	"time"

	"casemanager/cdop"
)

// Format names the document's format; Version changes when its shape does.
const (
	Format  = "cdop-case-manager/ncmd-case"
	Version = 1
	// Note is the document's own statement of what it is.
	Note = "Written by CDOP Case Manager for a coordinator to key or upload to NCMD. This is not NCMD's own API or data schema."
)

// Document is one case's NCMD items.
type Document struct {
	Format   string `json:"format"`
	Version  int    `json:"version"`
	Note     string `json:"note"`
	Produced string `json:"produced"` // RFC 3339, UTC
	CaseRef  string `json:"case_ref"`
	Stage    string `json:"stage"`
	// Forms are the notification and analysis forms, by section, each
	// item as the interchange file has it (codes) and as people read it.
	Forms []Form `json:"forms"`
	// AgencyReports are the reporting form and supplementary form
	// requests with their dates: what the reporting form returns hold.
	AgencyReports []Report `json:"agency_reports"`
	// Missing lists what NCMD asks for and the case still lacks.
	Missing []Gap `json:"missing"`
	// Submitted is the recorded submission, or null.
	Submitted *Submission `json:"submitted"`
}

// Form is one of NCMD's forms with its sections.
type Form struct {
	Form     string    `json:"form"`
	Sections []Section `json:"sections"`
}

// Section is a section of a form with its items.
type Section struct {
	Section string `json:"section"`
	Items   []Item `json:"items"`
}

// Item is one item: the field's name, label, value in its interchange
// form ("" when not recorded) and the value as people read it.
type Item struct {
	Field   string `json:"field"`
	Label   string `json:"label"`
	Value   string `json:"value"`
	Display string `json:"display"`
}

// Report is one request for an agency's form.
type Report struct {
	Agency      string `json:"agency"`
	Form        string `json:"form"`       // cdop.FormTypes code
	FormLabel   string `json:"form_label"` // as people read it
	RequestedOn string `json:"requested_on"`
	ReceivedOn  string `json:"received_on"`
	DeclinedOn  string `json:"declined_on"`
	Status      string `json:"status"`
	// Return is what the agency returned, by section, every item of the
	// form with its answer ("" when not answered); absent when nothing
	// has been recorded.
	Return []Section `json:"return,omitempty"`
}

// Gap is an item still missing.
type Gap struct {
	Form    string `json:"form"`
	Section string `json:"section"`
	Field   string `json:"field"`
	Item    string `json:"item"`
}

// Submission is when the case was submitted to NCMD, and by whom.
type Submission struct {
	On string `json:"on"`
	By string `json:"by"`
}

// New returns the document of a case file, produced at a time.
func New(f *cdop.CaseFile, produced time.Time) *Document {
	c := f.Case
	d := &Document{Format: Format, Version: Version, Note: Note, Produced: produced.UTC().Format(time.RFC3339),
		CaseRef: c.Ref, Stage: string(c.Stage), AgencyReports: []Report{}, Missing: []Gap{}}
	add := func(form, section string, field cdop.Field) {
		item := Item{Field: field.Name, Label: field.Label, Value: field.Get(c), Display: field.Display(c)}
		if len(d.Forms) == 0 || d.Forms[len(d.Forms)-1].Form != form {
			d.Forms = append(d.Forms, Form{Form: form})
		}
		fm := &d.Forms[len(d.Forms)-1]
		if len(fm.Sections) == 0 || fm.Sections[len(fm.Sections)-1].Section != section {
			fm.Sections = append(fm.Sections, Section{Section: section})
		}
		s := &fm.Sections[len(fm.Sections)-1]
		s.Items = append(s.Items, item)
	}
	shown := map[string]bool{}
	for _, it := range cdop.NCMDItems {
		if it.When != nil && !it.When(c) {
			continue
		}
		field, _ := cdop.FieldNamed(it.Field)
		add(it.Form, it.Section, field)
		shown[it.Field] = true
	}
	// The rest of the analysis form: factors by domain, what was judged
	// modifiable, the other categories ticked.
	for _, field := range cdop.FieldsWhere(func(f *cdop.Field) bool { return f.Form.Tab == cdop.TabAnalysis }) {
		if !shown[field.Name] && field.Name != "factor_details" {
			add(cdop.NCMDAnalysis, "Factors", field)
		}
	}
	for _, r := range f.Requests {
		d.AgencyReports = append(d.AgencyReports, Report{Agency: r.AgencyName, Form: r.Form, FormLabel: cdop.FormTypes.Label(r.Form),
			RequestedOn: r.RequestedOn.String(), ReceivedOn: r.ReceivedOn.String(), DeclinedOn: r.DeclinedOn.String(), Status: string(r.Status()),
			Return: returnSections(f.ReturnFor(r.ID))})
	}
	for _, g := range cdop.MissingForNCMD(f) {
		d.Missing = append(d.Missing, Gap{Form: g.Form, Section: g.Section, Field: g.Field, Item: g.Item})
	}
	if !c.NCMDSubmittedOn.IsZero() {
		d.Submitted = &Submission{On: c.NCMDSubmittedOn.String(), By: c.NCMDSubmittedBy}
	}
	return d
}

// returnSections returns a return's items by section, each with its
// answer and how people read it; nil for no return.
func returnSections(r *cdop.AgencyReturn) []Section {
	if r == nil {
		return nil
	}
	form, ok := cdop.ReturnFormFor(r.Form)
	if !ok {
		return nil
	}
	var out []Section
	for _, s := range form.Sections {
		sec := Section{Section: s.Title}
		for _, it := range s.Items {
			v := r.Answers[it.ID]
			sec.Items = append(sec.Items, Item{Field: it.ID, Label: it.Label, Value: v, Display: cdop.AnswerLabel(it, v)})
		}
		out = append(out, sec)
	}
	return out
}

// Write writes the document of a case file, produced at a time, as
// indented JSON.
func Write(w io.Writer, f *cdop.CaseFile, produced time.Time) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(New(f, produced))
}
