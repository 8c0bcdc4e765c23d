package app

import (
	"fmt"
	"slices"
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
		{column: "nhs_number_status", label: "If no NHS number", kind: choiceField, enum: cdop.NHSNumberStatuses},
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

		{column: "category", label: "Category of death", kind: choiceField, enum: codedEnum(cdop.Categories)},
		{column: "modifiable", label: "Modifiable factors", kind: choiceField, enum: cdop.ModifiableOutcomes},
		{column: "cause_of_death", label: "Cause of death as understood", kind: textField},
		{column: "learning", label: "Learning points (one a line)", kind: listField},
		{column: "analysis_signed_off_on", label: "Analysis signed off by the panel on", kind: dateField},
	}
	for _, d := range cdop.Domains {
		letter := strings.ToUpper(d.Code)
		specs = append(specs,
			fieldSpec{column: "domain_" + d.Code + "_score", label: "Domain " + letter + " score – " + d.Label, kind: choiceField, enum: codedEnum(cdop.DomainScores)},
			fieldSpec{column: "domain_" + d.Code + "_factors", label: "Domain " + letter + " factors (one a line)", kind: listField},
			fieldSpec{column: "domain_" + d.Code + "_modifiable", label: "Domain " + letter + " modifiable factors (one a line)", kind: listField},
		)
	}
	m := make(map[string]fieldSpec, len(specs))
	for _, s := range specs {
		m[s.column] = s
	}
	return m
}()

// analysisColumns are the analysis form's fields, in the order shown.
func analysisColumns() []string {
	cols := []string{"category", "modifiable"}
	for _, d := range cdop.Domains {
		cols = append(cols, "domain_"+d.Code+"_score", "domain_"+d.Code+"_factors", "domain_"+d.Code+"_modifiable")
	}
	return append(cols, "cause_of_death", "learning", "analysis_signed_off_on")
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
