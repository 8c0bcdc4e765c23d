package cdop

import (
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// An agency's return is what it wrote on the form a request asked for:
// the reporting form, or a supplementary form. Each form's sections and
// items are data (data/return_forms.json), so that a panel can align them
// with NCMD's current forms; an item is answered with its value, or "not
// known" or "not applicable", never left blank once the return is
// complete.

//go:embed data/return_forms.json
var returnFormsJSON []byte

// The answers every item takes besides its own values.
const (
	AnswerNotKnown      = "not_known"
	AnswerNotApplicable = "not_applicable"
)

// The kinds of return item.
const (
	ItemText     = "text"      // one line of free text
	ItemLongText = "long_text" // free text of several lines
	ItemYesNo    = "yes_no"    // yes or no
	ItemDate     = "date"      // YYYY-MM-DD
	ItemChoice   = "choice"    // one of the item's choices
	ItemInteger  = "integer"   // a whole number from Min to Max
)

// Longest answers of a return's items, in characters.
const (
	maxItemText     = 1000
	maxItemLongText = 20000
)

// ReturnItem is one question of a form.
type ReturnItem struct {
	ID       string // what a returned file names; unique within its form
	Label    string
	Kind     string // ItemText, ItemLongText…
	Choices  Enum   // for ItemChoice
	Min, Max int    // for ItemInteger
	// Withheld keeps the item out of every anonymised view: it names or
	// locates someone (the person who completed the form, their contact).
	Withheld bool
}

// ReturnSection is a titled group of a form's items.
type ReturnSection struct {
	Title string
	Items []ReturnItem
}

// ReturnForm is the content of one of FormTypes: its sections, in order.
type ReturnForm struct {
	Code, Label string
	Sections    []ReturnSection
	// Retired forms are no longer offered for new requests; requests made
	// before keep them (the single care-pathway form, now one per stage).
	Retired bool
}

// Items returns the form's items in order.
func (f *ReturnForm) Items() []ReturnItem {
	var out []ReturnItem
	for _, s := range f.Sections {
		out = append(out, s.Items...)
	}
	return out
}

// Item returns the form's item with an ID.
func (f *ReturnForm) Item(id string) (ReturnItem, bool) {
	for _, s := range f.Sections {
		for _, it := range s.Items {
			if it.ID == id {
				return it, true
			}
		}
	}
	return ReturnItem{}, false
}

// SectionOf returns the title of the section holding an item, or "".
func (f *ReturnForm) SectionOf(id string) string {
	for _, s := range f.Sections {
		for _, it := range s.Items {
			if it.ID == id {
				return s.Title
			}
		}
	}
	return ""
}

// ReturnForms lists every form an agency is asked to return, in the order
// FormTypes offers them.
var ReturnForms = loadReturnForms(returnFormsJSON)

// FormTypes lists the reporting form and the supplementary forms, from
// ReturnForms: the one home of the list.
var FormTypes = func() Enum {
	out := make(Enum, len(ReturnForms))
	for i, f := range ReturnForms {
		out[i] = Choice{Code: f.Code, Label: f.Label}
	}
	return out
}()

// OfferedFormTypes lists the forms a new request may ask for: FormTypes
// without the retired ones.
func OfferedFormTypes() Enum {
	var out Enum
	for _, f := range ReturnForms {
		if !f.Retired {
			out = append(out, Choice{Code: f.Code, Label: f.Label})
		}
	}
	return out
}

// ReturnFormFor returns the form with a FormTypes code.
func ReturnFormFor(code string) (*ReturnForm, bool) {
	for i := range ReturnForms {
		if ReturnForms[i].Code == code {
			return &ReturnForms[i], true
		}
	}
	return nil, false
}

// loadReturnForms reads the shipped forms; a damaged file is a build's
// fault, so it panics (a test reads it).
func loadReturnForms(data []byte) []ReturnForm {
	forms, err := parseReturnForms(data)
	if err != nil {
		panic("cdop: the shipped return forms are damaged: " + err.Error())
	}
	return forms
}

// parseReturnForms reads and checks a forms file: known kinds, choices for
// a choice, IDs unique within a form, included forms defined before.
func parseReturnForms(data []byte) ([]ReturnForm, error) {
	var file struct {
		Forms []struct {
			Code     string   `json:"code"`
			Label    string   `json:"label"`
			Retired  bool     `json:"retired"`
			Include  []string `json:"include"`
			Sections []struct {
				Title string `json:"title"`
				Items []struct {
					ID      string      `json:"id"`
					Label   string      `json:"label"`
					Kind    string      `json:"kind"`
					Choices [][2]string `json:"choices"`
					Min     int         `json:"min"`
					Max     int         `json:"max"`
					Panel   string      `json:"panel"`
				} `json:"items"`
			} `json:"sections"`
		} `json:"forms"`
	}
	if err := json.Unmarshal(data, &file); err != nil {
		return nil, err
	}
	var out []ReturnForm
	byCode := map[string]int{}
	for _, jf := range file.Forms {
		if jf.Code == "" || jf.Label == "" {
			return nil, fmt.Errorf("a form without its code or label")
		}
		if _, dup := byCode[jf.Code]; dup {
			return nil, fmt.Errorf("form %s is defined twice", jf.Code)
		}
		f := ReturnForm{Code: jf.Code, Label: jf.Label, Retired: jf.Retired}
		for _, inc := range jf.Include {
			i, ok := byCode[inc]
			if !ok {
				return nil, fmt.Errorf("form %s includes %s, which is not defined before it", jf.Code, inc)
			}
			f.Sections = append(f.Sections, out[i].Sections...)
		}
		for _, js := range jf.Sections {
			s := ReturnSection{Title: js.Title}
			for _, ji := range js.Items {
				it := ReturnItem{ID: ji.ID, Label: ji.Label, Kind: ji.Kind, Min: ji.Min, Max: ji.Max, Withheld: ji.Panel == "withheld"}
				for _, c := range ji.Choices {
					it.Choices = append(it.Choices, Choice{Code: c[0], Label: c[1]})
				}
				switch {
				case it.ID == "" || it.Label == "":
					return nil, fmt.Errorf("form %s: an item without its id or label", jf.Code)
				case !slices.Contains([]string{ItemText, ItemLongText, ItemYesNo, ItemDate, ItemChoice, ItemInteger}, it.Kind):
					return nil, fmt.Errorf("form %s: item %s: kind %q is not known", jf.Code, it.ID, it.Kind)
				case it.Kind == ItemChoice && len(it.Choices) == 0:
					return nil, fmt.Errorf("form %s: item %s: a choice without choices", jf.Code, it.ID)
				case ji.Panel != "" && ji.Panel != "withheld":
					return nil, fmt.Errorf("form %s: item %s: panel %q is not known", jf.Code, it.ID, ji.Panel)
				}
				s.Items = append(s.Items, it)
			}
			f.Sections = append(f.Sections, s)
		}
		seen := map[string]bool{}
		for _, it := range f.Items() {
			if seen[it.ID] {
				return nil, fmt.Errorf("form %s: item %s is defined twice", jf.Code, it.ID)
			}
			seen[it.ID] = true
		}
		if len(seen) == 0 {
			return nil, fmt.Errorf("form %s has no items", jf.Code)
		}
		byCode[f.Code] = len(out)
		out = append(out, f)
	}
	if len(out) == 0 || out[0].Code != "reporting_form" {
		return nil, fmt.Errorf("the reporting form must come first")
	}
	return out, nil
}

// AgencyReturn is what an agency returned for one request: an answer for
// each item answered, by item ID.
type AgencyReturn struct {
	RequestID int64
	CaseID    string
	Form      string            // the request's form (FormTypes)
	Answers   map[string]string // item ID → answer, in the item's form or AnswerNotKnown / AnswerNotApplicable
	Source    string            // ReturnTyped or ReturnImported
	UpdatedAt time.Time
	UpdatedBy string
}

// How a return's answers were recorded.
const (
	ReturnTyped    = "typed"
	ReturnImported = "imported"
)

// ReturnSources lists them.
var ReturnSources = Enum{{ReturnTyped, "Typed in"}, {ReturnImported, "Imported from a file"}}

// Answer returns the answer to an item, "" when unanswered.
func (r *AgencyReturn) Answer(id string) string {
	if r == nil {
		return ""
	}
	return r.Answers[id]
}

// Unanswered lists the items of the return's form it leaves blank, in order.
func (r *AgencyReturn) Unanswered() []ReturnItem {
	form, ok := ReturnFormFor(r.Form)
	if !ok {
		return nil
	}
	var out []ReturnItem
	for _, it := range form.Items() {
		if strings.TrimSpace(r.Answers[it.ID]) == "" {
			out = append(out, it)
		}
	}
	return out
}

// Clone returns a copy whose answers may change without changing r's.
func (r *AgencyReturn) Clone() *AgencyReturn {
	n := *r
	n.Answers = maps.Clone(r.Answers)
	return &n
}

// Normalised returns the return with each answer trimmed, the words
// people type for "not known" and "not applicable" as their codes, and
// blank answers dropped.
func (r *AgencyReturn) Normalised() *AgencyReturn {
	n := r.Clone()
	n.Answers = map[string]string{}
	form, _ := ReturnFormFor(r.Form)
	for id, v := range r.Answers {
		kind := ""
		if form != nil {
			if it, ok := form.Item(id); ok {
				kind = it.Kind
			}
		}
		if v = NormaliseAnswer(kind, v); v != "" {
			n.Answers[id] = v
		}
	}
	return n
}

// NormaliseAnswer trims an answer of an item of kind and gives "not known"
// and "not applicable" (as typed, in any case, or as N/K and N/A) and a
// yes/no or choice typed as its label their codes.
func NormaliseAnswer(kind, v string) string {
	if kind != ItemLongText {
		v = strings.TrimSpace(v)
	} else {
		v = strings.TrimRight(strings.TrimLeft(v, " \n\t"), " \n\t")
	}
	switch strings.ToLower(strings.TrimSpace(v)) {
	case AnswerNotKnown, "not known", "n/k", "nk", "unknown":
		return AnswerNotKnown
	case AnswerNotApplicable, "not applicable", "n/a", "na":
		return AnswerNotApplicable
	}
	if kind == ItemYesNo {
		if l := strings.ToLower(v); l == "yes" || l == "no" {
			return l
		}
	}
	return v
}

// AnswerLabel is how people read an answer to an item: a choice's label,
// "Not known", "Not applicable", a date as dates are shown.
func AnswerLabel(it ReturnItem, v string) string {
	switch v {
	case "":
		return ""
	case AnswerNotKnown:
		return "Not known"
	case AnswerNotApplicable:
		return "Not applicable"
	}
	switch it.Kind {
	case ItemYesNo:
		return YesNo.Label(v)
	case ItemChoice:
		return it.Choices.Label(v)
	case ItemDate:
		if d, err := ParseDate(v); err == nil {
			return d.Display()
		}
	}
	return v
}

// CheckAnswer returns what is wrong with an answer to an item, or "".
// Blank is an answer still to give, which this does not refuse.
func CheckAnswer(it ReturnItem, v string, today Date) string {
	if v == "" || v == AnswerNotKnown || v == AnswerNotApplicable {
		return ""
	}
	switch it.Kind {
	case ItemText, ItemLongText:
		limit := maxItemText
		if it.Kind == ItemLongText {
			limit = maxItemLongText
		}
		if n := len([]rune(v)); n > limit {
			return fmt.Sprintf("is %d characters long; at most %d are allowed", n, limit)
		}
		if at, r := controlCharacter(v, it.Kind == ItemLongText); at > 0 {
			return fmt.Sprintf("holds a control character (%U) at character %d; remove it", r, at)
		}
	case ItemYesNo:
		if !YesNo.Has(v) {
			return fmt.Sprintf("%s is not an answer; use yes, no, not_known or not_applicable", Quote(v))
		}
	case ItemChoice:
		if !it.Choices.Has(v) {
			return fmt.Sprintf("%s is not allowed; use one of: %s, not_known, not_applicable", Quote(v), strings.Join(it.Choices.Codes(), ", "))
		}
	case ItemDate:
		d, err := ParseDate(v)
		if err != nil {
			return err.Error()
		}
		if d.After(today) {
			return fmt.Sprintf("%s is in the future", d)
		}
	case ItemInteger:
		n, err := strconv.Atoi(v)
		if err != nil {
			return fmt.Sprintf("%s is not a whole number", Quote(v))
		}
		if n < it.Min || n > it.Max {
			return fmt.Sprintf("%d is not allowed; use a whole number from %d to %d", n, it.Min, it.Max)
		}
	}
	return ""
}

// Validate checks every answer against its item, as of today: each named
// item is one of the form's, and each answer in its item's form. Problems
// are keyed by item ID.
func (r *AgencyReturn) Validate(today Date) error {
	var v ValidationErrors
	form, ok := ReturnFormFor(r.Form)
	if !ok {
		v.add("form", "%s is not a form; use one of: %s", Quote(r.Form), strings.Join(FormTypes.Codes(), ", "))
		return v.err()
	}
	for _, id := range slices.Sorted(maps.Keys(r.Answers)) {
		it, ok := form.Item(id)
		if !ok {
			v.add(id, "is not an item of the %s", FormName(form.Code))
			continue
		}
		if msg := CheckAnswer(it, r.Answers[id], today); msg != "" {
			v.add(id, "%s", msg)
		}
	}
	// In the form's order, so messages read down the form.
	order := map[string]int{}
	for i, it := range form.Items() {
		order[it.ID] = i
	}
	slices.SortStableFunc(v, func(a, b FieldError) int { return order[a.Field] - order[b.Field] })
	return v.err()
}

// PrepareReturn returns return n for request req of case file f as a store
// keeps it: normalised, its form the request's, valid on today. A return
// is refused for a request the agency declined (ECONFLICT) and, when
// complete is set (an imported return), when any item is left blank.
func PrepareReturn(f *CaseFile, req *AgencyRequest, n *AgencyReturn, complete bool, today Date) (*AgencyReturn, error) {
	if req.Status() == RequestDeclined {
		return nil, Errorf(ECONFLICT, "%s declined the %s, so it has no return; undo the decline first (Correct…)", req.AgencyName, FormName(req.Form))
	}
	if n.Form != "" && n.Form != req.Form {
		return nil, Errorf(EINVALID, "the answers are to the %s, but the request is for the %s", FormName(n.Form), FormName(req.Form))
	}
	in := n.Clone()
	in.Form = req.Form
	out := in.Normalised()
	out.RequestID, out.CaseID = req.ID, f.Case.ID
	if out.Source == "" {
		out.Source = ReturnTyped
	}
	if err := out.Validate(today); err != nil {
		return nil, err
	}
	if complete {
		var v ValidationErrors
		for _, it := range out.Unanswered() {
			v.add(it.ID, "has no answer; write the answer, %s or %s", AnswerNotKnown, AnswerNotApplicable)
		}
		if err := v.err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// ReturnChanges returns what the audit records of a change of return old
// (nil for none) to n: the request, then each item whose answer changed.
func ReturnChanges(old, n *AgencyReturn) []FieldChange {
	id := strconv.FormatInt(n.RequestID, 10)
	out := []FieldChange{{Field: "request_id", Old: id, New: id}}
	var before map[string]string
	if old != nil {
		before = old.Answers
	}
	if old == nil || old.Source != n.Source {
		src := ""
		if old != nil {
			src = old.Source
		}
		out = append(out, FieldChange{Field: "return_source", Old: src, New: n.Source})
	}
	ids := slices.Sorted(maps.Keys(n.Answers))
	for id := range before {
		if _, ok := n.Answers[id]; !ok {
			ids = append(ids, id)
		}
	}
	form, _ := ReturnFormFor(n.Form)
	order := map[string]int{}
	if form != nil {
		for i, it := range form.Items() {
			order[it.ID] = i
		}
	}
	slices.SortStableFunc(ids, func(a, b string) int { return order[a] - order[b] })
	changed := false
	for _, id := range ids {
		if before[id] != n.Answers[id] {
			out = append(out, FieldChange{Field: "return." + id, Old: before[id], New: n.Answers[id]})
			changed = true
		}
	}
	if !changed && old != nil {
		return nil
	}
	return out
}

// ReturnService keeps the agencies' returns. Each write is audited.
type ReturnService interface {
	// Return returns what was returned for a request, or nil when nothing
	// has been recorded yet.
	Return(ctx context.Context, requestID int64) (*AgencyReturn, error)
	// SaveReturn stores the answers of a request's return over what was
	// recorded (PrepareReturn with complete false: blanks are still to be
	// answered).
	SaveReturn(ctx context.Context, r *AgencyReturn) error
	// ImportReturn stores a return read from a returned file: every item
	// answered (PrepareReturn with complete true), all or nothing.
	ImportReturn(ctx context.Context, r *AgencyReturn) error
}

// FormName names a form in a sentence: its label with a small first
// letter, acronyms kept ("supplementary: sudden unexpected death in infancy
// or childhood (SUDI/SUDIC)").
func FormName(code string) string {
	l := FormTypes.Label(code)
	if l == "" {
		return l
	}
	r, n := utf8.DecodeRuneInString(l)
	return string(unicode.ToLower(r)) + l[n:]
}
