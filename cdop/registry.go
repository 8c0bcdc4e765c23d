package cdop

import (
	"fmt"
	"strconv"
	"strings"
)

// A case's fields are defined once, here and in fields.go: what each is
// called, how people read it, what it may hold, where the forms show it,
// what it gives away, and which outputs carry it. Validation of a value on
// its own, the forms' widgets and sections, the storage columns, the
// interchange header, the summary PDF's rows, the anonymised view and the
// extract's plain columns are all derived from these definitions; only rules
// across fields are written by hand (validate.go, flowchart.go).

// Kind says what sort of value a field holds. The form's widget, the
// storage type and the checks of a single value follow from it.
type Kind int

// The kinds of field.
const (
	KindText     Kind = iota // one line of text
	KindLongText             // free text over several lines
	KindDate                 // a calendar date, YYYY-MM-DD
	KindTime                 // a time of day, HH:MM (24 hour)
	KindChoice               // one code of Choices
	KindChecks               // several codes of Choices, " | " separated
	KindInteger              // a whole number from Min to Max (Choices may label the numbers)
	KindList                 // several items of text, " | " separated
)

// String names the kind, for messages and documentation.
func (k Kind) String() string {
	switch k {
	case KindText:
		return "text"
	case KindLongText:
		return "long text"
	case KindDate:
		return "date"
	case KindTime:
		return "time"
	case KindChoice:
		return "choice"
	case KindChecks:
		return "checklist"
	case KindInteger:
		return "whole number"
	case KindList:
		return "list"
	}
	return "kind " + strconv.Itoa(int(k))
}

// Disclosure says what a field could give away about the child, so
// encryption at rest and every anonymised output take their rules from the
// field's definition rather than from lists of their own.
type Disclosure int

// The disclosure roles of a field.
const (
	// Plain fields say nothing about who the child was and are not what an
	// intruder seeks: the review's own bookkeeping.
	Plain Disclosure = iota
	// Identifier fields identify the child or family, alone or nearly so
	// (names, NHS number, dates, address, key worker, every free text): never
	// in an anonymised output, and kept encrypted at rest.
	Identifier
	// QuasiIdentifier fields are what someone could know about a child from
	// elsewhere (sex, place of death, area, category of death…): shown in
	// anonymised outputs only under disclosure control.
	QuasiIdentifier
	// SensitiveAttribute fields are what an intruder would want to learn
	// (factors, scores, the modifiable outcome).
	SensitiveAttribute
)

// String names the role as the documentation does.
func (d Disclosure) String() string {
	switch d {
	case Plain:
		return "plain"
	case Identifier:
		return "identifier"
	case QuasiIdentifier:
		return "quasi-identifier"
	case SensitiveAttribute:
		return "sensitive attribute"
	}
	return "disclosure " + strconv.Itoa(int(d))
}

// Tabs of a case's page on which fields are edited.
const (
	TabDetails   = "Details"
	TabDecisions = "Decisions"
	TabFamily    = "Family"
	TabAnalysis  = "Analysis" // edited by the Analysis tab's own editor
)

// FormPlace says where the desktop edits a field.
type FormPlace struct {
	// Tab is the case page's tab (TabDetails, …) and Section the titled
	// card on it; fields of a section are shown in registry order.
	Tab, Section string
	// New is the section of the new-notification form that asks for the
	// field, or "" when a new notification does not.
	New string
	// NotOnForm says why a field is on no form ("" when Tab is set).
	NotOnForm string
}

// Summary sections of the case summary PDF.
const (
	SummaryChild     = "The child"
	SummaryDecisions = "Notification and decisions"
	SummaryAnalysis  = "Analysis"
)

// ExtractUse says how the anonymised dataset extract uses a field.
type ExtractUse int

// How an extract may use a field.
const (
	// NotExtracted fields never leave the database in an extract.
	NotExtracted ExtractUse = iota
	// ExtractCode puts the field's code, as stored, in a column of its own
	// name, documented by the field's Help and Choices.
	ExtractCode
	// ExtractDerived fields are read to derive a column of the extract's own
	// (a date of birth into an age band, factors into codes and a count);
	// the field itself is never shown.
	ExtractDerived
	// ExtractScope fields are read only to leave a case out of the extract
	// (a voided notification, a case transferred to another panel: see
	// Case.Counted); never shown.
	ExtractScope
)

// NotKnown is the code of the answer "not known", where a field allows it.
const NotKnown = "not_known"

// AllowsNotKnown reports whether "not known" is an answer to the field:
// its choices hold NotKnown. Where NCMD allows "not known" for an item, the
// item's field lists it among its choices; a form offers it in one click.
func (f Field) AllowsNotKnown() bool {
	for _, c := range f.Choices {
		if c.Code == NotKnown {
			return true
		}
	}
	return false
}

// Field is the one definition of a case field.
type Field struct {
	// Name is the field's name everywhere: the interchange column, the
	// storage column, the audit trail's field and the validation messages.
	Name string
	// Label is what people read beside the value; Help says more (the
	// form's hint and the extract's documentation).
	Label, Help string
	Kind        Kind
	// Choices lists the allowed codes of a KindChoice or KindChecks field,
	// or labels the numbers of a KindInteger one.
	Choices Enum
	// Min and Max bound a KindInteger field.
	Min, Max int
	// MaxLen bounds a text field's length in characters (0: the kind's default).
	MaxLen int
	// Required fields are needed in every case (an import file must have the column).
	Required bool
	// NeededFor is the stage a case cannot enter until the field is
	// recorded, with Need saying what is needed in words; "" when no stage
	// needs the field on its own.
	NeededFor Stage
	Need      string
	// Undecided is a code that does not meet NeededFor ("not_known" is no decision).
	Undecided string
	// Event marks a date of something that has happened since the death:
	// it is not in the future and not before the death. AfterDeath marks a
	// date that may be booked ahead but is never before the death.
	Event, AfterDeath bool
	Disclosure        Disclosure
	// ClearAtRest says why a field that SealedAtRest would otherwise seal
	// is stored in clear ("" for none): the database itself must look it up,
	// order it or keep it unique, and it names no one.
	ClearAtRest string
	// PersonName marks a field holding a person's name (the child's, a
	// parent's, the key worker's): the scrubber withholds it, and each part
	// of it, from every text an anonymised view or document shows.
	PersonName bool
	// WithRole marks a person's name that may carry a role after it ("Sam
	// Patel, SUDIC nurse", "Anna Nowak (mother)"): only the name is the
	// person's. A list of such names holds one person an item.
	WithRole bool
	// Interchange fields are columns of the interchange CSV; the others
	// only the app keeps.
	Interchange bool
	Form        FormPlace
	// Summary is the section of the identifiable case summary PDF that
	// shows the field, or "" when it does not.
	Summary string
	// Anonymised fields are shown on the anonymised summary, pack and panel
	// view (free text scrubbed of identifiers). An identifier never is,
	// unless it is free text (KindLongText, KindList) or a date, shown as
	// the time after the death in bands (TimeAfterDeath).
	Anonymised bool
	Extract    ExtractUse

	// OutOfRange completes "N …" when a KindInteger value is outside Min
	// to Max, e.g. "is not a decile; use 1 (most deprived) to 10".
	OutOfRange string

	access
	examples  [2]string           // Examples' values where the kind's would not do
	normalise func(string) string // tidies a value as typed (NHS numbers, postcodes)
	check     func(string) error  // the value's own form, beyond its kind
}

// Stored reports whether the storage column holds the field as a whole number.
func (f *Field) Integer() bool { return f.Kind == KindInteger }

// FreeText reports whether the field holds what people type at length.
func (f *Field) FreeText() bool { return f.Kind == KindLongText || f.Kind == KindList }

// SealedAtRest reports whether the database keeps the field encrypted: every
// identifier and every free text, unless ClearAtRest says why not. A value
// sealed at rest is read and searched only in memory, after sign-in.
func (f *Field) SealedAtRest() bool {
	return (f.Disclosure == Identifier || f.FreeText()) && f.ClearAtRest == ""
}

// Get returns the field's value on c in its text form ("" when not recorded).
func (f *Field) Get(c *Case) string { return f.get(c) }

// MaxLength returns the longest value the field accepts, in characters.
func (f *Field) MaxLength() int {
	switch {
	case f.MaxLen > 0:
		return f.MaxLen
	case f.FreeText():
		return MaxFreeTextLength
	}
	return MaxLineLength
}

// Examples returns two different values a field of its kind accepts on
// its own (dates excepted: a date is valid only beside the case's own), for
// tests and documentation that must cover every field without listing it.
func (f *Field) Examples() (string, string) {
	if f.examples[0] != "" {
		return f.examples[0], f.examples[1]
	}
	switch f.Kind {
	case KindChoice, KindChecks:
		return f.Choices[0].Code, f.Choices[len(f.Choices)-1].Code
	case KindInteger:
		return strconv.Itoa(f.Min), strconv.Itoa(f.Max)
	case KindTime:
		return "09:30", "21:15"
	case KindLongText:
		return "An example, over\ntwo lines.", "Another example."
	case KindList:
		return "first item" + ListSeparator + "second item", "another item"
	case KindText:
		return "Example", "Another example"
	}
	return "", ""
}

// Display returns the field's value on c as people read it: a choice's
// label, a date as "2 Jan 2006", a list's items joined with "; ".
func (f *Field) Display(c *Case) string {
	v := f.get(c)
	if v == "" {
		return ""
	}
	switch f.Kind {
	case KindChoice:
		return f.Choices.Label(v)
	case KindChecks:
		items := SplitList(v)
		for i, code := range items {
			items[i] = f.Choices.Label(code)
		}
		return strings.Join(items, "; ")
	case KindList:
		return strings.Join(SplitList(v), "; ")
	case KindDate:
		if d, err := ParseDate(v); err == nil {
			return d.Display()
		}
	case KindInteger:
		if len(f.Choices) > 0 {
			return v + " – " + f.Choices.Label(v)
		}
	}
	return v
}

// Length limits of text fields, in characters, where a field sets none.
const (
	MaxLineLength     = 200
	MaxNameLength     = 100
	MaxRefLength      = 40
	MaxFreeTextLength = 20000 // a panel may set a lower limit (Settings.FreeTextLimit)
	MinFreeTextLimit  = 1000  // the lowest limit a panel may set
)

// ListSeparator separates the items of a multi-valued cell.
const ListSeparator = " | "

// Registry lists every stored field of a case, in the order the interchange
// file, storage and the forms use.
var Registry = buildRegistry()

// Columns lists the fields of the interchange file, in the order `export
// --full` writes them.
var Columns = interchangeFields(Registry)

// CaseFields lists every stored field of a case (Registry).
var CaseFields = Registry

var columnIndex = indexFields(Registry)

func indexFields(fields []Field) map[string]int {
	m := make(map[string]int, len(fields))
	for i, f := range fields {
		if _, dup := m[f.Name]; dup {
			panic("cdop: field " + f.Name + " is defined twice")
		}
		m[f.Name] = i
	}
	return m
}

func interchangeFields(fields []Field) []Field {
	var out []Field
	for _, f := range fields {
		if f.Interchange {
			out = append(out, f)
		}
	}
	return out
}

// ColumnNamed returns the interchange column called name.
func ColumnNamed(name string) (Field, bool) {
	i, ok := columnIndex[name]
	if !ok || !Registry[i].Interchange {
		return Field{}, false
	}
	return Registry[i], true
}

// FieldNamed returns the stored case field called name, interchange column or not.
func FieldNamed(name string) (Field, bool) {
	i, ok := columnIndex[name]
	if !ok {
		return Field{}, false
	}
	return Registry[i], true
}

// FieldsWhere returns the registry's fields for which keep is true, in order.
func FieldsWhere(keep func(*Field) bool) []Field {
	var out []Field
	for i := range Registry {
		if keep(&Registry[i]) {
			out = append(out, Registry[i])
		}
	}
	return out
}

// Get returns the field called name in its text form ("" when not recorded).
func (c *Case) Get(name string) string {
	i, ok := columnIndex[name]
	if !ok {
		panic("cdop: no case field " + name)
	}
	return Registry[i].get(c)
}

// Set stores value, in its interchange form, into the field called name.
// Surrounding spaces are trimmed (but for a tab or line end that defuses a
// formula: see LooksLikeFormula); NHS numbers and postcodes are normalised.
// It fails only when the value cannot be read at all (a malformed date or
// number); the rules about allowed values are Validate's.
func (c *Case) Set(name, value string) error {
	i, ok := columnIndex[name]
	if !ok {
		return fmt.Errorf("unknown column %q", name)
	}
	return Registry[i].setText(c, value)
}

// setText is Set for the field f.
func (f *Field) setText(c *Case, value string) error {
	value = trimValue(value)
	if f.normalise != nil {
		value = f.normalise(value)
	}
	return f.set(c, value)
}

// NormaliseLineEnds turns Windows (CRLF) and old Mac (CR) line ends into
// "\n", the form a CSV reader gives back, so text survives a round trip
// through the interchange file unchanged.
func NormaliseLineEnds(s string) string {
	if !strings.Contains(s, "\r") {
		return s
	}
	return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
}

// SplitList splits a multi-valued cell on "|", trimming items and dropping empty ones.
func SplitList(s string) []string {
	var out []string
	for _, item := range strings.Split(s, "|") {
		if item = strings.TrimSpace(item); item != "" {
			out = append(out, item)
		}
	}
	return out
}

// access reads and writes a field's value on a case in its text form.
type access struct {
	get func(*Case) string
	set func(*Case, string) error
	// items returns a multi-valued field's items as held, before joining
	// (an item holding the separator cannot be seen once joined).
	items func(*Case) []string
}

// value reads and writes a field kept in the case's map of values: a field
// no rule across fields reads by name needs no Go field of its own.
func value(name string) access {
	return access{func(c *Case) string { return c.values[name] },
		func(c *Case, s string) error {
			if s == "" {
				delete(c.values, name)
				return nil
			}
			if c.values == nil {
				c.values = map[string]string{}
			}
			c.values[name] = NormaliseLineEnds(s)
			return nil
		}, nil}
}

// valueList is value for a list: its items are kept joined by ListSeparator.
func valueList(name string) access {
	a := value(name)
	set := a.set
	a.set = func(c *Case, s string) error {
		return set(c, strings.Join(SplitList(NormaliseLineEnds(s)), ListSeparator))
	}
	a.items = func(c *Case) []string { return SplitList(c.values[name]) }
	return a
}

func text(field func(*Case) *string) access {
	return access{func(c *Case) string { return *field(c) },
		func(c *Case, s string) error { *field(c) = NormaliseLineEnds(s); return nil }, nil}
}

func date(field func(*Case) *Date) access {
	return access{func(c *Case) string { return field(c).String() },
		func(c *Case, s string) error {
			d, err := ParseDate(s)
			if err != nil {
				return err
			}
			*field(c) = d
			return nil
		}, nil}
}

// whole reads a whole number from 1 to max; 0 stands for "not recorded".
func whole(max int, field func(*Case) *int) access {
	return access{func(c *Case) string {
		if *field(c) == 0 {
			return ""
		}
		return strconv.Itoa(*field(c))
	},
		func(c *Case, s string) error {
			if s == "" {
				*field(c) = 0
				return nil
			}
			n, err := strconv.Atoi(s)
			if err != nil || n < 1 || n > max {
				return fmt.Errorf("%s is not allowed; use a whole number from 1 to %d", Quote(s), max)
			}
			*field(c) = n
			return nil
		}, nil}
}

func list(field func(*Case) *[]string) access {
	return access{func(c *Case) string { return strings.Join(*field(c), ListSeparator) },
		func(c *Case, s string) error { *field(c) = SplitList(NormaliseLineEnds(s)); return nil },
		func(c *Case) []string { return *field(c) }}
}

func score(domain int) access {
	return access{func(c *Case) string {
		if s := c.Analysis.Domains[domain].Score; s != nil {
			return strconv.Itoa(*s)
		}
		return ""
	},
		func(c *Case, s string) error {
			if s == "" {
				c.Analysis.Domains[domain].Score = nil
				return nil
			}
			n, err := strconv.Atoi(s)
			if err != nil {
				return fmt.Errorf("%s is not a score; use 0, 1 or 2", Quote(s))
			}
			c.Analysis.Domains[domain].Score = ScoreOf(n)
			return nil
		}, nil}
}

// with sets how a field is read and written on a case and returns it, so
// the definitions in fields.go read as one literal each.
func (f Field) with(a access) Field {
	f.access = a
	return f
}
