package main

import (
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"casemanager/cdop"
	"casemanager/returnfile"
)

const returnUsage = "cdop return list CASE_REF | import CASE_REF REQUEST FILE | template FORM -o FILE.csv"

// runReturn is the agencies' returns of a case: its requests with what
// each returned (list), one agency's return imported from its file
// (import; all or nothing), and a blank return file of a form for an
// agency to fill in (template).
func runReturn(e *env, args []string) error {
	fs := newFlags("return")
	o := addOutputFlags(fs, "with template: the output CSV file (- for standard output)")
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(rest) == 0 {
		return usagef("say what to do: %s", returnUsage)
	}
	verb, rest := rest[0], rest[1:]
	switch verb {
	case "list":
		if len(rest) != 1 {
			return usagef("name one case: cdop return list CASE_REF")
		}
		return returnList(e, strings.TrimSpace(rest[0]))
	case "import":
		if len(rest) != 3 {
			return usagef("name the case, the request (its ID, as \"cdop return list\" shows) and the file: cdop return import CASE_REF REQUEST FILE")
		}
		id, err := strconv.ParseInt(strings.TrimSpace(rest[1]), 10, 64)
		if err != nil || id <= 0 {
			return usagef("REQUEST is the request's ID, a number as \"cdop return list %s\" shows; not %s", rest[0], cdop.Quote(rest[1]))
		}
		return returnImport(e, strings.TrimSpace(rest[0]), id, rest[2])
	case "template":
		if len(rest) != 1 {
			return usagef("name one form: cdop return template FORM -o FILE.csv (forms: %s)", strings.Join(cdop.FormTypes.Codes(), ", "))
		}
		if *o.path == "" {
			return usagef("name the output file with -o FILE.csv")
		}
		if _, ok := cdop.ReturnFormFor(rest[0]); !ok {
			return usagef("%s is not a form; use one of: %s", cdop.Quote(rest[0]), strings.Join(cdop.FormTypes.Codes(), ", "))
		}
		if err := e.checkOutput(o); err != nil {
			return err
		}
		if err := e.writeOutput(o, func(w io.Writer) error { return returnfile.WriteTemplate(w, rest[0]) }); err != nil {
			return err
		}
		e.wrote("a blank return of the "+cdop.FormName(rest[0]), *o.path)
		return nil
	}
	return usagef("%q is not something return does; use list, import or template", verb)
}

// returnList prints the case's requests, each with its ID and how much of
// its return is answered.
func returnList(e *env, ref string) error {
	db, f, err := e.openCaseFile(cdop.ActViewCases, ref)
	if err != nil {
		return err
	}
	defer db.Close()
	if len(f.Requests) == 0 {
		fmt.Fprintf(e.stdout, "%s: no forms requested\n", f.Case.Ref)
		return nil
	}
	fmt.Fprintf(e.stdout, "request\tform\tagency\tstatus\treturn\n")
	for _, r := range f.Requests {
		ret := "nothing recorded"
		if x := f.ReturnFor(r.ID); x != nil {
			form, _ := cdop.ReturnFormFor(x.Form)
			ret = fmt.Sprintf("%d of %d items answered (%s)", len(form.Items())-len(x.Unanswered()), len(form.Items()), strings.ToLower(cdop.ReturnSources.Label(x.Source)))
		}
		fmt.Fprintf(e.stdout, "%d\t%s\t%s\t%s\t%s\n", r.ID, r.Form, printable(r.AgencyName), r.Status(), ret)
	}
	return nil
}

// returnImport reads one agency's return from a file and stores it as the
// return of the case's request, replacing what was recorded: every item
// answered, every problem reported by line and item, nothing stored
// unless all is well.
func returnImport(e *env, ref string, requestID int64, path string) error {
	db, f, err := e.openCaseFile(cdop.ActEditCases, ref)
	if err != nil {
		return err
	}
	defer db.Close()
	var req *cdop.AgencyRequest
	for i := range f.Requests {
		if f.Requests[i].ID == requestID {
			req = &f.Requests[i]
		}
	}
	if req == nil {
		return cdop.Errorf(cdop.ENOTFOUND, "%s has no request %d; \"cdop return list %s\" lists its requests", f.Case.Ref, requestID, f.Case.Ref)
	}
	file, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("opening the return %s: %w", path, err)
	}
	defer file.Close()
	answers, err := returnfile.Read(file, cdop.Quote(path), req.Form, cdop.Today(e.clock))
	if err != nil {
		return err
	}
	r := cdop.AgencyReturn{RequestID: req.ID, CaseID: f.Case.ID, Form: req.Form, Answers: answers, Source: cdop.ReturnImported}
	if err := db.ImportReturn(e.ctx, &r); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "imported the %s from %s for %s: %d items\n", cdop.FormName(req.Form), printable(req.AgencyName), f.Case.Ref, len(r.Answers))
	if req.Outstanding() {
		fmt.Fprintf(e.stdout, "the request is not yet recorded as received: record the day it came in the app (Received…)\n")
	}
	return nil
}
