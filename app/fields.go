package app

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"casemanager/cdop"
)

// fieldKind says which widget edits a case field.
type fieldKind int

const (
	textField fieldKind = iota
	dateField
	choiceField
	multiLineField // free text over several lines
	listField      // one item a line, stored " | " separated
	checksField    // a checklist of an enum's choices, stored " | " separated
)

// fieldSpec describes one field of the case form: the interchange column it
// edits, its label, and the widget that edits it.
type fieldSpec struct {
	column string
	label  string
	kind   fieldKind
	enum   cdop.Enum // choiceField only
	hint   string
}

// section is a titled group of fields on a form.
type section struct {
	title   string
	columns []string
}

// notRecorded is the choice that clears an enumerated field.
const notRecorded = "Not recorded"

func codedEnum(e cdop.Enum) cdop.Enum {
	out := make(cdop.Enum, len(e))
	for i, c := range e {
		out[i] = cdop.Choice{Code: c.Code, Label: c.Code + " – " + c.Label}
	}
	return out
}

func numberEnum(from, to int) cdop.Enum {
	var out cdop.Enum
	for i := from; i <= to; i++ {
		out = append(out, cdop.Choice{Code: fmt.Sprint(i), Label: fmt.Sprint(i)})
	}
	return out
}

// caseFieldSpecs lists every case field the forms edit, by column.
var caseFieldSpecs = func() map[string]fieldSpec {
	specs := []fieldSpec{
		{column: "first_name", label: "First name", kind: textField},
		{column: "last_name", label: "Last name", kind: textField},
		{column: "date_of_birth", label: "Date of birth", kind: dateField},
		{column: "sex", label: "Sex", kind: choiceField, enum: cdop.Sexes},
		{column: "nhs_number", label: "NHS number", kind: textField, hint: "10 digits, e.g. 999 000 0018"},
		{column: "nhs_number_status", label: "Reason for no NHS number", kind: choiceField, enum: cdop.NHSNumberStatuses},
		{column: "ethnicity", label: "Ethnicity", kind: choiceField, enum: codedEnum(cdop.EthnicCategories)},
		{column: "postcode", label: "Postcode of usual residence", kind: textField},
		{column: "residence_la", label: "Local authority of residence", kind: textField},
		{column: "imd_decile", label: "IMD decile (1 = most deprived)", kind: choiceField, enum: numberEnum(1, 10)},

		{column: "date_of_death", label: "Date of death", kind: dateField},
		{column: "time_of_death", label: "Time of death", kind: textField, hint: "HH:MM, 24 hour"},
		{column: "place_of_death", label: "Place of death", kind: choiceField, enum: cdop.PlacesOfDeath},
		{column: "expected", label: "Expected or unexpected", kind: choiceField, enum: cdop.Expectedness},
		{column: "summary", label: "Circumstances", kind: multiLineField},

		{column: "notified_on", label: "Panel notified on", kind: dateField},
		{column: "key_worker", label: "Family's key worker", kind: textField, hint: "Name and role"},
		{column: "jar", label: "Joint Agency Response", kind: choiceField, enum: cdop.YesNo},
		{column: "jar_triggers", label: "JAR triggers (tick all that apply)", kind: checksField, enum: cdop.JARReasons},
		{column: "abuse_neglect_suspected", label: "Abuse or neglect known or suspected", kind: choiceField, enum: cdop.YesNo},
		{column: "csprp_notified_on", label: "Safeguarding Practice Review Panel notified on", kind: dateField},
		{column: "rapid_review_completed_on", label: "Rapid review completed on", kind: dateField},
		{column: "coroner_referred", label: "Referred to the coroner", kind: choiceField, enum: cdop.YesNo},
		{column: "post_mortem", label: "Post-mortem", kind: choiceField, enum: cdop.YesNo},
		{column: "inquest", label: "Inquest", kind: choiceField, enum: cdop.InquestStatuses},
		{column: "parallel_reviews", label: "Parallel reviews (tick all that apply)", kind: checksField, enum: cdop.ParallelReviewKinds},
		{column: "parallel_review_other", label: "Other review", kind: textField, hint: "What the other review is"},

		{column: "cdrm_on", label: "Child death review meeting on", kind: dateField},
		{column: "cdrm_not_held_reason", label: "If no meeting was held, why", kind: textField},
		{column: "cdop_review_on", label: "CDOP review on", kind: dateField},
		{column: "family_told_cdrm_on", label: "Family told of the meeting (CDRM) date on", kind: dateField, hint: "Not yet – or YYYY-MM-DD"},
		{column: "family_told_cdop_review_on", label: "Family told of the CDOP review date on", kind: dateField, hint: "Not yet – or YYYY-MM-DD"},
		{column: "family_told_outcome_on", label: "Family told of the outcome on", kind: dateField, hint: "Not yet – or YYYY-MM-DD"},
	}
	m := make(map[string]fieldSpec, len(specs))
	for _, s := range specs {
		m[s.column] = s
	}
	return m
}()

// analysisLabels names the analysis form's fields, by column, as the
// Analysis tab shows them (its own editor, not the case form, edits them).
var analysisLabels = func() map[string]string {
	m := map[string]string{
		"category":                "Category of death",
		"contributing_categories": "Other categories ticked",
		"modifiable":              "Outcome for the case",
		"cause_of_death":          "Cause of death as understood",
		"learning":                "Learning points",
		"analysis_signed_off_on":  "Signed off by the panel",
		"factor_details":          "Factors found",
		"lcspr_criteria_met":      "Criteria for a local child safeguarding practice review met",
	}
	for _, d := range cdop.Domains {
		letter := strings.ToUpper(d.Code)
		m["domain_"+d.Code+"_score"] = "Domain " + letter + " score"
		m["domain_"+d.Code+"_factors"] = "Domain " + letter + " factors"
		m["domain_"+d.Code+"_modifiable"] = "Domain " + letter + " modifiable factors"
	}
	return m
}()

// isAnalysisField reports whether a column is part of the analysis form.
func isAnalysisField(column string) bool {
	_, ok := analysisLabels[column]
	return ok
}

// friendlyMessage rewrites a domain message about the field for the form,
// in the words its widget shows: the allowed values named by the labels of
// the drop-down or checklist rather than by their interchange codes, and
// another field's value ("jar = yes") by that field's label and choice.
func (spec fieldSpec) friendlyMessage(msg string) string {
	if msg == "" {
		return msg
	}
	if e := spec.enum; len(e) > 0 {
		codes := "use one of: " + strings.Join(e.Codes(), ", ")
		msg = strings.ReplaceAll(msg, codes, "choose "+choiceList(e))
		for _, c := range e {
			msg = strings.ReplaceAll(msg, strconv.Quote(c.Code), "“"+c.Label+"”")
		}
	}
	return fieldValuePattern.ReplaceAllStringFunc(msg, func(s string) string {
		m := fieldValuePattern.FindStringSubmatch(s)
		other, ok := caseFieldSpecs[m[1]]
		if !ok || !other.enum.Has(m[2]) {
			return s
		}
		return "“" + other.label + "” set to “" + other.enum.Label(m[2]) + "”"
	})
}

// fieldValuePattern finds "column = code" in a domain message.
var fieldValuePattern = regexp.MustCompile(`\b([a-z][a-z_]*) = ([a-z_0-9]+)\b`)

// choiceList names an enum's choices as a drop-down shows them, or, for a
// long list, points to the list.
func choiceList(e cdop.Enum) string {
	if len(e) > 6 {
		return "one from the list"
	}
	labels := e.Labels()
	if len(labels) == 1 {
		return labels[0]
	}
	return "one of: " + strings.Join(labels[:len(labels)-1], ", ") + " or " + labels[len(labels)-1]
}

// notificationSections are the cards of the form a new death is logged on.
func notificationSections() []section {
	return []section{
		{"Child", []string{"first_name", "last_name", "date_of_birth", "sex", "nhs_number", "nhs_number_status",
			"ethnicity", "postcode", "residence_la", "imd_decile"}},
		{"Death", []string{"date_of_death", "time_of_death", "place_of_death", "expected", "summary"}},
		{"Notification", []string{"notified_on", "key_worker"}},
	}
}

// fieldWidget is the editing widget of one field, with its error line.
type fieldWidget struct {
	spec   fieldSpec
	entry  *widget.Entry      // text, date, multi-line and list fields
	choice *widget.Select     // choice fields
	checks *widget.CheckGroup // checklists
	errors *widget.Label
	box    fyne.CanvasObject
}

func newFieldWidget(spec fieldSpec, changed func()) *fieldWidget {
	f := &fieldWidget{spec: spec}
	var editor fyne.CanvasObject
	switch spec.kind {
	case choiceField:
		options := append([]string{notRecorded}, spec.enum.Labels()...)
		f.choice = widget.NewSelect(options, func(string) { changed() })
		f.choice.PlaceHolder = notRecorded
		editor = f.choice
	case checksField:
		f.checks = widget.NewCheckGroup(spec.enum.Labels(), func([]string) { changed() })
		editor = f.checks
	default:
		if spec.kind == multiLineField || spec.kind == listField {
			f.entry = widget.NewMultiLineEntry()
			f.entry.Wrapping = fyne.TextWrapWord
			f.entry.SetMinRowsVisible(2)
		} else {
			f.entry = widget.NewEntry()
		}
		switch {
		case spec.hint != "":
			f.entry.SetPlaceHolder(spec.hint)
		case spec.kind == dateField:
			f.entry.SetPlaceHolder("YYYY-MM-DD or DD/MM/YYYY")
		}
		f.entry.OnChanged = func(string) { changed() }
		editor = f.entry
	}
	f.errors = widget.NewLabel("")
	f.errors.Importance = widget.DangerImportance
	f.errors.Wrapping = fyne.TextWrapWord
	f.errors.Hide()
	label := widget.NewLabelWithStyle(spec.label, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	label.Wrapping = fyne.TextWrapWord
	f.box = container.NewVBox(label, editor, f.errors)
	return f
}

// value returns what the widget holds in interchange form.
func (f *fieldWidget) value() string {
	switch f.spec.kind {
	case choiceField:
		return f.spec.enum.CodeForLabel(f.choice.Selected)
	case checksField:
		var codes []string
		for _, c := range f.spec.enum {
			if slices.Contains(f.checks.Selected, c.Label) {
				codes = append(codes, c.Code)
			}
		}
		return strings.Join(codes, cdop.ListSeparator)
	case dateField:
		return normaliseTypedDate(f.entry.Text)
	case listField:
		return strings.Join(cdop.SplitList(strings.ReplaceAll(f.entry.Text, "\n", "|")), cdop.ListSeparator)
	}
	return f.entry.Text
}

// setValue shows an interchange value in the widget.
func (f *fieldWidget) setValue(v string) {
	switch f.spec.kind {
	case choiceField:
		if label := f.spec.enum.Label(v); v != "" {
			f.choice.SetSelected(label)
		} else {
			f.choice.ClearSelected()
		}
	case checksField:
		var labels []string
		for _, code := range cdop.SplitList(v) {
			labels = append(labels, f.spec.enum.Label(code))
		}
		f.checks.SetSelected(labels)
	case listField:
		f.entry.SetText(strings.Join(cdop.SplitList(v), "\n"))
	default:
		f.entry.SetText(v)
	}
}

// setEnabled makes the field editable or read-only.
func (f *fieldWidget) setEnabled(on bool) {
	var w fyne.Disableable
	switch {
	case f.entry != nil:
		w = f.entry
	case f.choice != nil:
		w = f.choice
	default:
		w = f.checks
	}
	if on {
		w.Enable()
	} else {
		w.Disable()
	}
}

// showError shows msg under the field, or hides the error line when msg is
// "", and reports whether the field's height may have changed.
func (f *fieldWidget) showError(msg string) bool {
	if msg == f.errors.Text && f.errors.Visible() == (msg != "") {
		return false
	}
	f.errors.SetText(msg)
	if msg == "" {
		f.errors.Hide()
	} else {
		f.errors.Show()
	}
	return true
}

// normaliseTypedDate accepts the day-first form people in England type
// (23/11/2026 or 23-11-2026) and returns YYYY-MM-DD; anything else is
// returned trimmed, for the case's own parser to judge.
func normaliseTypedDate(s string) string {
	s = strings.TrimSpace(s)
	parts := strings.FieldsFunc(s, func(r rune) bool { return r == '/' || r == '.' || r == '-' })
	if len(parts) == 3 && len(parts[2]) == 4 && len(parts[0]) <= 2 && len(parts[1]) <= 2 {
		return fmt.Sprintf("%s-%02s-%02s", parts[2], parts[1], parts[0])
	}
	return s
}
