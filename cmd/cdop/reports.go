package main

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"casemanager/cdop"
	"casemanager/reports"
	"casemanager/storage"
)

// reportOptions are the options every PDF is produced with: now, the
// panel's settings, and today in England.
func reportOptions(e *env, db *storage.DB, anonymised bool) (reports.Options, error) {
	return reports.NewOptions(e.ctx, db, e.clock, anonymised)
}

// pdfOutput checks the -o flag of a command that writes a PDF, and refuses
// a file it may not write before any work.
func (e *env) pdfOutput(o outputFlags) error {
	if *o.path == "" {
		return usagef("name the output file with -o FILE.pdf")
	}
	return e.checkOutput(o)
}

// wrote tells the user where a PDF went (nothing when it went to standard output).
func (e *env) wrote(what, out string) {
	if out != "-" {
		fmt.Fprintf(e.stdout, "wrote %s to %s\n", what, out)
	}
}

func runSummary(e *env, args []string) error {
	fs := newFlags("summary")
	o := addOutputFlags(fs, "output PDF file (- for standard output)")
	out := o.path
	anonymised := fs.Bool("anonymised", false, "no names, NHS number, date of birth, address or exact dates (the panel's view)")
	refs, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(refs) != 1 {
		return usagef("name one case: cdop summary CASE_REF -o FILE.pdf [--anonymised]")
	}
	if err := e.pdfOutput(o); err != nil {
		return err
	}
	action := cdop.ActSummary
	if *anonymised {
		action = cdop.ActAnonymisedCase
	}
	db, err := e.openAs(action)
	if err != nil {
		return err
	}
	defer db.Close()
	c, err := db.FindCaseByRef(e.ctx, strings.TrimSpace(refs[0]))
	if err != nil {
		return err // ENOTFOUND: "there is no case CDOP-…"
	}
	f, recs, err := reports.GatherSummary(e.ctx, db, db, c.ID)
	if err != nil {
		return err
	}
	opts, err := reportOptions(e, db, *anonymised)
	if err != nil {
		return err
	}
	if err := e.writeOutput(o, func(w io.Writer) error { return reports.CaseSummary(w, f, recs, opts) }); err != nil {
		return err
	}
	what, kind := "the summary of "+c.Ref, "summary"
	if *anonymised {
		what, kind = "the anonymised summary of "+c.Ref, "anonymised summary"
	}
	if err := db.RecordOutput(e.ctx, kind, c.ID, 1); err != nil {
		return err
	}
	e.wrote(what, *out)
	return nil
}

func runPack(e *env, args []string) error {
	fs := newFlags("pack")
	o := addOutputFlags(fs, "output PDF file (- for standard output)")
	out := o.path
	ids, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(ids) != 1 {
		return usagef("name one meeting: cdop pack MEETING_ID -o FILE.pdf")
	}
	id, err := strconv.ParseInt(strings.TrimSpace(ids[0]), 10, 64)
	if err != nil || id <= 0 {
		return usagef("%q is not a meeting ID (a whole number, as the app lists meetings)", ids[0])
	}
	if err := e.pdfOutput(o); err != nil {
		return err
	}
	db, err := e.openAs(cdop.ActPanelView)
	if err != nil {
		return err
	}
	defer db.Close()
	if meeting, err := db.Meeting(e.ctx, id); err == nil {
		if refused := cdop.AllowMeeting(e.user, meeting); refused != nil {
			return db.Refused(e.ctx, e.user.Name, cdop.ActPanelView, refused)
		}
	}
	m, files, recs, err := reports.GatherPack(e.ctx, db, db, id)
	if err != nil {
		return err // ENOTFOUND: "there is no meeting …"
	}
	opts, err := reportOptions(e, db, true)
	if err != nil {
		return err
	}
	if err := e.writeOutput(o, func(w io.Writer) error { return reports.PanelPack(w, m, files, recs, opts) }); err != nil {
		return err
	}
	if err := db.RecordOutput(e.ctx, "pack of meeting "+strconv.FormatInt(id, 10), "", len(files)); err != nil {
		return err
	}
	e.wrote(fmt.Sprintf("the panel pack for %s (%s)", m.Title(), plural(len(files), "case")), *out)
	return nil
}

func runReport(e *env, args []string) error {
	fs := newFlags("report")
	fromText := fs.String("from", "", "first day of the period, YYYY-MM-DD")
	toText := fs.String("to", "", "last day of the period, YYYY-MM-DD")
	o := addOutputFlags(fs, "output PDF file (- for standard output)")
	out := o.path
	if rest, err := parseFlags(fs, args); err != nil {
		return err
	} else if len(rest) > 0 {
		return usagef("unexpected argument %q", rest[0])
	}
	if *fromText == "" || *toText == "" {
		return usagef("give the period: cdop report --from YYYY-MM-DD --to YYYY-MM-DD -o FILE.pdf")
	}
	from, err := cdop.ParseDate(*fromText)
	if err != nil {
		return usagef("--from: %v", err)
	}
	to, err := cdop.ParseDate(*toText)
	if err != nil {
		return usagef("--to: %v", err)
	}
	if to.Before(from) {
		return usagef("--to %s is before --from %s", to, from)
	}
	if err := e.pdfOutput(o); err != nil {
		return err
	}
	db, err := e.openAs(cdop.ActAnnualReport)
	if err != nil {
		return err
	}
	defer db.Close()
	data, err := reports.GatherAnnual(e.ctx, db, db, db, from, to)
	if err != nil {
		return err
	}
	opts, err := reportOptions(e, db, true)
	if err != nil {
		return err
	}
	if err := e.writeOutput(o, func(w io.Writer) error { return reports.AnnualReport(w, data, opts) }); err != nil {
		return err
	}
	if err := db.RecordOutput(e.ctx, "annual report "+from.String()+" to "+to.String(), "", len(data.Cases)); err != nil {
		return err
	}
	e.wrote(fmt.Sprintf("the annual report for %s to %s (%s)", from.Display(), to.Display(), plural(len(data.Cases), "case")), *out)
	return nil
}

// plural returns "1 case", "3 cases".
func plural(n int, unit string) string {
	if n == 1 {
		return "1 " + unit
	}
	return strconv.Itoa(n) + " " + unit + "s"
}
