package main

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"casemanager/cdop"
	"casemanager/ncmd"
	"casemanager/reports"
	"casemanager/storage"
)

const ncmdUsage = "cdop ncmd missing CASE_REF | export CASE_REF -o FILE.json|FILE.pdf [--format json|pdf] | submitted CASE_REF [--on YYYY-MM-DD] [--by NAME]"

// runNCMD is the NCMD step of a case: what NCMD asks for that the case
// still lacks (missing), the case's NCMD items as one JSON document
// or as a printable PDF (export; this app's format, not NCMD's API), and
// the submission recorded once made (submitted).
func runNCMD(e *env, args []string) error {
	fs := newFlags("ncmd")
	o := addOutputFlags(fs, "with export: the output JSON or PDF file (- for standard output)")
	format := fs.String("format", "", "with export: json or pdf (default: pdf when -o ends in .pdf, else json)")
	on := fs.String("on", "", "with submitted: the day the case was submitted (default today)")
	by := fs.String("by", "", "with submitted: who submitted it (default the signed-in user)")
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 2 {
		return usagef("say what to do, and name one case: %s", ncmdUsage)
	}
	verb, ref := rest[0], strings.TrimSpace(rest[1])
	switch verb {
	case "missing":
		return ncmdMissing(e, ref)
	case "export":
		if *o.path == "" {
			return usagef("name the output file with -o FILE.json or -o FILE.pdf")
		}
		pdf, err := ncmdFormat(*format, *o.path)
		if err != nil {
			return err
		}
		if err := e.checkOutput(o); err != nil {
			return err
		}
		return ncmdExport(e, ref, o, pdf)
	case "submitted":
		day := cdop.Today(e.clock)
		if *on != "" {
			if day, err = cdop.ParseDate(*on); err != nil {
				return usagef("--on: %v", err)
			}
		}
		return ncmdSubmitted(e, ref, day, *by)
	}
	return usagef("%q is not something ncmd does; use missing, export or submitted", verb)
}

// ncmdMissing lists what NCMD asks for that the case still lacks, by form
// and section.
func ncmdMissing(e *env, ref string) error {
	db, f, err := e.openCaseFile(cdop.ActViewCases, ref)
	if err != nil {
		return err
	}
	defer db.Close()
	c := f.Case
	gaps := cdop.MissingForNCMD(f)
	if len(gaps) == 0 {
		fmt.Fprintf(e.stdout, "%s: nothing NCMD asks for is missing\n", c.Ref)
		return nil
	}
	fmt.Fprintf(e.stdout, "%s: %d NCMD items missing\n", c.Ref, len(gaps))
	for _, g := range gaps {
		fmt.Fprintf(e.stdout, "%s\t%s\t%s\n", g.Form, g.Section, g.Item)
	}
	return nil
}

// ncmdFormat says whether ncmd export writes a PDF: as --format says, or
// when it says nothing, as the output file's name ends.
func ncmdFormat(format, path string) (pdf bool, err error) {
	switch strings.ToLower(strings.TrimSpace(format)) {
	case "":
		return strings.EqualFold(filepath.Ext(path), ".pdf"), nil
	case "json":
		return false, nil
	case "pdf":
		return true, nil
	}
	return false, usagef("--format: %q is not a format of ncmd export; use json or pdf", format)
}

// ncmdExport writes the case's NCMD items: the JSON document, or as a PDF
// to key from.
func ncmdExport(e *env, ref string, o outputFlags, pdf bool) error {
	db, f, err := e.openCaseFile(cdop.ActExportFull, ref)
	if err != nil {
		return err
	}
	defer db.Close()
	c := f.Case
	write, kind := func(w io.Writer) error { return ncmd.Write(w, f, e.clock.Now()) }, "ncmd export"
	if pdf {
		opts, err := reportOptions(e, db, false)
		if err != nil {
			return err
		}
		write, kind = func(w io.Writer) error { return reports.NCMDItems(w, f, opts) }, "ncmd export pdf"
	}
	if err := e.writeOutput(o, write); err != nil {
		return err
	}
	if err := db.RecordOutput(e.ctx, kind, c.ID, 1); err != nil {
		return err
	}
	what := "the NCMD items of " + c.Ref
	if n := len(cdop.MissingForNCMD(f)); n > 0 && pdf {
		what += fmt.Sprintf(" as a PDF (%d still missing: listed at its end)", n)
	} else if pdf {
		what += " as a PDF"
	} else if n > 0 {
		what += fmt.Sprintf(" (%d still missing: see its \"missing\" list)", n)
	}
	e.wrote(what, *o.path)
	return nil
}

// ncmdSubmitted records the case as submitted to NCMD.
func ncmdSubmitted(e *env, ref string, on cdop.Date, by string) error {
	db, c, err := e.openCase(cdop.ActEditCases, ref)
	if err != nil {
		return err
	}
	defer db.Close()
	if strings.TrimSpace(by) == "" && e.user != nil {
		by = e.user.Name
	}
	s, err := cdop.SubmitToNCMD(c, on, by, cdop.Today(e.clock))
	if err != nil {
		return err
	}
	if err := db.UpdateCase(e.ctx, s); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "recorded %s as submitted to NCMD on %s by %s\n", s.Ref, s.NCMDSubmittedOn, s.NCMDSubmittedBy)
	return nil
}

// openCaseFile signs in for action and reads the file of the case with the
// reference ref; the caller closes the database.
func (e *env) openCaseFile(action cdop.Action, ref string) (*storage.DB, *cdop.CaseFile, error) {
	db, c, err := e.openCase(action, ref)
	if err != nil {
		return nil, nil, err
	}
	f, err := db.CaseFile(e.ctx, c.ID)
	if err != nil {
		db.Close()
		return nil, nil, err
	}
	return db, f, nil
}
