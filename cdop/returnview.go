package cdop

import "strings"

// ShownReturn is an agency's return as a summary or view shows it: by
// section, each answered item with its answer as people read it.
type ShownReturn struct {
	RequestID  int64
	Agency     string
	Form       string // the form's label
	Source     string // ReturnSources label
	Sections   []ShownReturnSection
	Unanswered int // items still blank
}

// ShownReturnSection is a section of a shown return with its answered items.
type ShownReturnSection struct {
	Title string
	Items []ShownField // Field is the item's ID
}

// AnonymisedReturn is an agency's return as a panel member may read it.
type AnonymisedReturn = ShownReturn

// ShowReturn returns return r of request req, of the case c, as people
// read it. Anonymised, it follows each item's disclosure rule: a withheld
// item (who completed the form, their contact) is left out, a date is the
// time after the death in bands of months, and typed text passes through
// scrub (the case's IdentifierScrubber) — choices, yes/no and "not known"
// are shown as they are.
func ShowReturn(c *Case, req *AgencyRequest, r *AgencyReturn, anonymised bool, scrub func(string) string) ShownReturn {
	out := ShownReturn{RequestID: req.ID, Agency: req.AgencyName, Form: FormTypes.Label(req.Form), Source: ReturnSources.Label(r.Source)}
	form, ok := ReturnFormFor(r.Form)
	if !ok {
		return out
	}
	for _, s := range form.Sections {
		sec := ShownReturnSection{Title: s.Title}
		for _, it := range s.Items {
			v := r.Answers[it.ID]
			if strings.TrimSpace(v) == "" {
				out.Unanswered++
				continue
			}
			if anonymised && it.Withheld {
				continue
			}
			text := AnswerLabel(it, v)
			if anonymised && v != AnswerNotKnown && v != AnswerNotApplicable {
				switch it.Kind {
				case ItemDate:
					if text = TimeAfterDeath(c.DateOfDeath, MustParseDate(v)); text == "" {
						text = "recorded (date withheld)"
					}
				case ItemText, ItemLongText:
					text = scrub(text)
				}
			}
			sec.Items = append(sec.Items, ShownField{Field: it.ID, Label: it.Label, Value: text})
		}
		if len(sec.Items) > 0 {
			out.Sections = append(out.Sections, sec)
		}
	}
	return out
}

// ReturnFor returns what the file holds as returned for a request, or nil.
func (f *CaseFile) ReturnFor(requestID int64) *AgencyReturn {
	for i := range f.Returns {
		if f.Returns[i].RequestID == requestID {
			return &f.Returns[i]
		}
	}
	return nil
}

// ShownReturns returns the file's returns as people read them, in the
// order of its requests (see ShowReturn).
func ShownReturns(f *CaseFile, anonymised bool, scrub func(string) string) []ShownReturn {
	var out []ShownReturn
	for i := range f.Requests {
		req := &f.Requests[i]
		if r := f.ReturnFor(req.ID); r != nil {
			out = append(out, ShowReturn(f.Case, req, r, anonymised, scrub))
		}
	}
	return out
}

// AnonymisedReturns returns the file's returns as a panel member may read
// them (ShowReturn, anonymised).
func AnonymisedReturns(f *CaseFile, scrub func(string) string) []AnonymisedReturn {
	return ShownReturns(f, true, scrub)
}
