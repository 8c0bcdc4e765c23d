package main

import (
	"errors"
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
	year := fs.String("year", "", "calendar year, YYYY (January to December)")
	fyText := fs.String("financial-year", "", "financial year, YYYY/YY (April to March), e.g. 2025/26")
	quarter := fs.String("quarter", "", "a quarter of the year or financial year: Q1 to Q4")
	fromText := fs.String("from", "", "first day of the period, YYYY-MM-DD: with --to, naming a year or quarter exactly")
	toText := fs.String("to", "", "last day of the period, YYYY-MM-DD")
	confirm := fs.Bool("confirm-changes", false, "publish again for a period already published whose figures have changed since")
	o := addOutputFlags(fs, "output PDF file (- for standard output)")
	out := o.path
	if rest, err := parseFlags(fs, args); err != nil {
		return err
	} else if len(rest) > 0 {
		return usagef("unexpected argument %q", rest[0])
	}
	period, err := reportPeriod(*year, *fyText, *quarter, *fromText, *toText)
	if err != nil {
		return err
	}
	if err := e.pdfOutput(o); err != nil {
		return err
	}
	db, err := e.openAs(cdop.ActAnnualReport)
	if err != nil {
		return err
	}
	defer db.Close()
	data, err := reports.GatherAnnual(e.ctx, db, db, db, period.From, period.To)
	if err != nil {
		return err
	}
	opts, err := reportOptions(e, db, true)
	if err != nil {
		return err
	}
	a, err := reports.PrepareAnnual(data, opts)
	if err != nil {
		return err
	}
	if err := a.CheckPublished(e.ctx, db, *confirm); err != nil {
		var changed *cdop.ChangedSincePublished
		if errors.As(err, &changed) {
			return fmt.Errorf("%w\nnothing written: to publish it all the same, run the command again with --confirm-changes", err)
		}
		return err
	}
	// Recorded as published once written, before the file is put in place:
	// a report that could not be recorded is not published.
	if err := e.writeOutput(o, func(w io.Writer) error {
		if err := a.Write(w); err != nil {
			return err
		}
		return a.RecordPublished(e.ctx, db)
	}); err != nil {
		return err
	}
	if err := db.RecordOutput(e.ctx, "annual report "+period.From.String()+" to "+period.To.String(), "", len(data.Cases)); err != nil {
		return err
	}
	e.wrote(fmt.Sprintf("the annual report for the %s (%s)", period.Label, plural(len(data.Cases), "case")), *out)
	if why := db.Refusal(); why != nil {
		fmt.Fprintf(e.stdout, "not recorded as published: %v\n", why)
	}
	return nil
}

// reportPeriod reads the period of `report` from its flags: a calendar or
// financial year, perhaps a quarter of it, or --from and --to naming one.
func reportPeriod(year, fy, quarter, fromText, toText string) (cdop.ReportPeriod, error) {
	named := 0
	for _, v := range []string{year, fy, fromText + toText} {
		if v != "" {
			named++
		}
	}
	if named != 1 {
		return cdop.ReportPeriod{}, usagef("give the period once: --year YYYY or --financial-year YYYY/YY (with --quarter Qn for a quarter), or --from and --to naming one of them")
	}
	q := 0
	if quarter != "" {
		n, err := strconv.Atoi(strings.TrimPrefix(strings.ToUpper(strings.TrimSpace(quarter)), "Q"))
		if err != nil || n < 1 || n > 4 || fromText != "" || toText != "" {
			return cdop.ReportPeriod{}, usagef("--quarter %q: use Q1 to Q4, with --year or --financial-year", quarter)
		}
		q = n
	}
	switch {
	case year != "":
		y, err := strconv.Atoi(year)
		if err != nil || y < 1900 || y > 2999 {
			return cdop.ReportPeriod{}, usagef("--year %q: give a year, e.g. 2025", year)
		}
		if q > 0 {
			return cdop.QuarterPeriod(y, q, false), nil
		}
		return cdop.CalendarYearPeriod(y), nil
	case fy != "":
		start, ok := parseFinancialYear(fy)
		if !ok {
			return cdop.ReportPeriod{}, usagef("--financial-year %q: give it as 2025/26 (April 2025 to March 2026)", fy)
		}
		if q > 0 {
			return cdop.QuarterPeriod(start, q, true), nil
		}
		return cdop.FinancialYearPeriod(start), nil
	}
	if fromText == "" || toText == "" {
		return cdop.ReportPeriod{}, usagef("give the period: --year YYYY, --financial-year YYYY/YY, or both --from and --to")
	}
	from, err := cdop.ParseDate(fromText)
	if err != nil {
		return cdop.ReportPeriod{}, usagef("--from: %v", err)
	}
	to, err := cdop.ParseDate(toText)
	if err != nil {
		return cdop.ReportPeriod{}, usagef("--to: %v", err)
	}
	if to.Before(from) {
		return cdop.ReportPeriod{}, usagef("--to %s is before --from %s", to, from)
	}
	p, err := cdop.ReportPeriodOf(from, to)
	if err != nil {
		return p, usagef("%v", err)
	}
	return p, nil
}

// parseFinancialYear reads "2025/26" (or "2025-26", or "2025") as the year
// the financial year starts in.
func parseFinancialYear(s string) (int, bool) {
	s = strings.TrimSpace(s)
	first, second, two := strings.Cut(strings.ReplaceAll(s, "-", "/"), "/")
	y, err := strconv.Atoi(first)
	if err != nil || y < 1900 || y > 2999 {
		return 0, false
	}
	if two {
		n, err := strconv.Atoi(second)
		if err != nil || (n != (y+1)%100 && n != y+1) {
			return 0, false
		}
	}
	return y, true
}

// plural returns "1 case", "3 cases".
func plural(n int, unit string) string {
	if n == 1 {
		return "1 " + unit
	}
	return strconv.Itoa(n) + " " + unit + "s"
}
