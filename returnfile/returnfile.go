// Package returnfile reads and writes one agency's return to one request
// as a file: CSV (one item a row) or JSON (this app's own format, not
// NCMD's), as the README's "Agency returns" and docs/agency-returns.md
// describe. Reading checks every row and item and reports every problem by
// line (CSV) or answer (JSON) and item; a file with any problem gives no
// answers at all.
package returnfile

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"casemanager/cdop"
	"casemanager/safecsv"
)

// The JSON file's format name and version.
const (
	Format  = "cdop-case-manager/agency-return"
	Version = 1
)

// MaxSize is the largest file read: far above any real return.
const MaxSize = 8 << 20

// maxProblems is how many problems a refusal lists before counting the rest.
const maxProblems = 100

// The CSV file's columns: item and answer are needed; form, when given,
// must name the request's form on every row that fills it; section and
// question are for people and are not read.
var csvColumns = []string{"form", "section", "item", "question", "answer"}

// problems gathers what is wrong with a file, each "where: item: what".
type problems struct{ list []string }

func (p *problems) add(where, format string, args ...any) {
	p.list = append(p.list, where+": "+fmt.Sprintf(format, args...))
}

func (p *problems) err(name string) error {
	if len(p.list) == 0 {
		return nil
	}
	shown := p.list
	more := ""
	if len(shown) > maxProblems {
		more = fmt.Sprintf("\n… and %d more", len(shown)-maxProblems)
		shown = shown[:maxProblems]
	}
	return cdop.Errorf(cdop.EINVALID, "%s: nothing was imported; %d %s:\n%s%s", name, len(p.list),
		plural(len(p.list), "problem", "problems"), strings.Join(shown, "\n"), more)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// answer is one answer as the file gives it, and where.
type answer struct {
	where, form, item, value string
}

// Read reads the return in r (named name in messages) to the form with
// code form, as of today: JSON when its first character is "{", CSV
// otherwise. Every item of the form must be answered exactly once — with
// its answer, not_known or not_applicable — and nothing else named. It
// returns the answers by item ID, normalised (cdop.NormaliseAnswer), or an
// EINVALID error listing every problem.
func Read(r io.Reader, name, form string, today cdop.Date) (map[string]string, error) {
	f, ok := cdop.ReturnFormFor(form)
	if !ok {
		return nil, cdop.Errorf(cdop.EINVALID, "%s is not a form", cdop.Quote(form))
	}
	data, err := io.ReadAll(io.LimitReader(r, MaxSize+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	if len(data) > MaxSize {
		return nil, cdop.Errorf(cdop.EINVALID, "%s is larger than %d MiB, far more than a return holds; is it the right file?", name, MaxSize>>20)
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if bytes.IndexByte(data, 0) >= 0 || !utf8.Valid(data) {
		return nil, cdop.Errorf(cdop.EINVALID, "%s is not a text file (a CSV or JSON return); save the return as CSV UTF-8 or JSON", name)
	}
	var p problems
	var answers []answer
	if trimmed := bytes.TrimSpace(data); len(trimmed) > 0 && trimmed[0] == '{' {
		answers = readJSON(trimmed, f, &p)
	} else {
		answers = readCSV(data, f, &p)
	}
	if err := p.err(name); err != nil {
		return nil, err
	}
	out := check(answers, f, today, &p)
	if err := p.err(name); err != nil {
		return nil, err
	}
	return out, nil
}

// check checks each answer against its item, each item answered once, and
// every item of the form answered.
func check(answers []answer, f *cdop.ReturnForm, today cdop.Date, p *problems) map[string]string {
	out := map[string]string{}
	first := map[string]string{}
	for _, a := range answers {
		it, ok := f.Item(a.item)
		switch {
		case a.form != "" && a.form != f.Code:
			p.add(a.where, "form %s: this return is to the %s (%s)", cdop.Quote(a.form), cdop.FormName(f.Code), f.Code)
			continue
		case a.item == "":
			p.add(a.where, "no item named; name one of the %s's items", cdop.FormName(f.Code))
			continue
		case !ok:
			p.add(a.where, "item %s: is not an item of the %s", cdop.Quote(a.item), cdop.FormName(f.Code))
			continue
		case first[a.item] != "":
			p.add(a.where, "item %s: answered again (first at %s)", a.item, first[a.item])
			continue
		}
		first[a.item] = a.where
		v := cdop.NormaliseAnswer(it.Kind, a.value)
		if v == "" {
			p.add(a.where, "item %s: no answer; write the answer, %s or %s", a.item, cdop.AnswerNotKnown, cdop.AnswerNotApplicable)
			continue
		}
		if msg := cdop.CheckAnswer(it, v, today); msg != "" {
			p.add(a.where, "item %s: %s", a.item, msg)
			continue
		}
		out[a.item] = v
	}
	for _, s := range f.Sections {
		for _, it := range s.Items {
			if first[it.ID] == "" {
				p.add("item "+it.ID, "missing from the file (%s: %s); answer it, with %s or %s if need be", s.Title, it.Label, cdop.AnswerNotKnown, cdop.AnswerNotApplicable)
			}
		}
	}
	return out
}

// readCSV reads a CSV return: a header row naming at least item and
// answer, then one item a row.
func readCSV(data []byte, f *cdop.ReturnForm, p *problems) []answer {
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	header, err := r.Read()
	if errors.Is(err, io.EOF) {
		p.add("line 1", "the file is empty; it needs a header row (item,answer) and a row for each item")
		return nil
	} else if err != nil {
		p.add(csvWhere(err), "%s", csvProblem(err))
		return nil
	}
	col := map[string]int{}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(h))
		if slices.Contains(csvColumns, h) {
			if _, dup := col[h]; dup {
				p.add("line 1", "column %s is named twice", h)
			}
			col[h] = i
		}
	}
	for _, need := range []string{"item", "answer"} {
		if _, ok := col[need]; !ok {
			p.add("line 1", "the header names no %s column; the columns are %s (form, section and question may be left out)", need, strings.Join(csvColumns, ","))
		}
	}
	if len(p.list) > 0 {
		return nil
	}
	cell := func(rec []string, name string) string {
		i, ok := col[name]
		if !ok || i >= len(rec) {
			return ""
		}
		return safecsv.Unprotect(rec[i])
	}
	var out []answer
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			p.add(csvWhere(err), "%s", csvProblem(err))
			return nil
		}
		line, _ := r.FieldPos(0)
		where := fmt.Sprintf("line %d", line)
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue // a blank line
		}
		out = append(out, answer{where: where, form: strings.TrimSpace(cell(rec, "form")), item: strings.TrimSpace(cell(rec, "item")), value: cell(rec, "answer")})
	}
	return out
}

func csvWhere(err error) string {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return fmt.Sprintf("line %d", pe.StartLine)
	}
	return "the file"
}

func csvProblem(err error) string {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return "not CSV as a spreadsheet saves it: " + pe.Err.Error()
	}
	return err.Error()
}

// jsonFile is the JSON return's shape.
type jsonFile struct {
	Format  string            `json:"format"`
	Version int               `json:"version"`
	Form    string            `json:"form"`
	Answers []json.RawMessage `json:"answers"`
}

// jsonAnswer is one answer of a JSON return.
type jsonAnswer struct {
	Item   string `json:"item"`
	Answer any    `json:"answer"`
}

// readJSON reads a JSON return (jsonFile).
func readJSON(data []byte, f *cdop.ReturnForm, p *problems) []answer {
	var file jsonFile
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&file); err != nil {
		p.add("the file", "not a JSON return as documented: %v", err)
		return nil
	}
	if file.Format != Format || file.Version != Version {
		p.add("the file", "format %s version %d; a return file says \"format\": %q, \"version\": %d", cdop.Quote(file.Format), file.Version, Format, Version)
	}
	if file.Form != f.Code {
		p.add("the file", "form %s: this return is to the %s (%s)", cdop.Quote(file.Form), cdop.FormName(f.Code), f.Code)
	}
	if len(p.list) > 0 {
		return nil
	}
	var out []answer
	for i, raw := range file.Answers {
		where := fmt.Sprintf("answer %d", i+1)
		var a jsonAnswer
		d := json.NewDecoder(bytes.NewReader(raw))
		d.DisallowUnknownFields()
		d.UseNumber()
		if err := d.Decode(&a); err != nil {
			p.add(where, "not {\"item\": …, \"answer\": …}: %v", err)
			continue
		}
		var v string
		switch x := a.Answer.(type) {
		case string:
			v = x
		case json.Number:
			v = x.String()
		case bool:
			v = map[bool]string{true: "yes", false: "no"}[x]
		case nil:
		default:
			p.add(where, "item %s: the answer is not text, a number or true/false", a.Item)
			continue
		}
		out = append(out, answer{where: fmt.Sprintf("answer %d", i+1), item: a.Item, value: v})
	}
	return out
}

// WriteTemplate writes a blank CSV return for the form with code form: the
// header, then a row for each item with its section and question and an
// empty answer, for an agency to fill in.
func WriteTemplate(w io.Writer, form string) error {
	f, ok := cdop.ReturnFormFor(form)
	if !ok {
		return cdop.Errorf(cdop.EINVALID, "%s is not a form; use one of: %s", cdop.Quote(form), strings.Join(cdop.FormTypes.Codes(), ", "))
	}
	cw := safecsv.NewWriter(w)
	if err := cw.Write(csvColumns); err != nil {
		return err
	}
	for _, s := range f.Sections {
		for _, it := range s.Items {
			question := it.Label + hint(it)
			if err := cw.Write([]string{f.Code, s.Title, it.ID, question, ""}); err != nil {
				return err
			}
		}
	}
	return cw.Close()
}

// hint says, after a question, what form its answer takes.
func hint(it cdop.ReturnItem) string {
	switch it.Kind {
	case cdop.ItemYesNo:
		return " (yes / no)"
	case cdop.ItemDate:
		return " (YYYY-MM-DD)"
	case cdop.ItemChoice:
		return " (" + strings.Join(it.Choices.Codes(), " / ") + ")"
	case cdop.ItemInteger:
		return fmt.Sprintf(" (%d to %d)", it.Min, it.Max)
	}
	return ""
}
