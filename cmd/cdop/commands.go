package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"casemanager/cdop"
	"casemanager/demo"
	"casemanager/interchange"
	"casemanager/safecsv"
	"casemanager/storage"
)

// runInit creates and migrates the database and, when it has no account
// yet, makes its administrator from CDOP_USER and CDOP_PASSWORD and prints
// the recovery key, once.
func runInit(e *env, args []string) error {
	if _, err := parseFlags(newFlags("init"), args); err != nil {
		return err
	}
	db, err := e.createDB()
	if err != nil {
		return err
	}
	defer db.Close()
	made, err := e.firstAdmin(db)
	if err != nil {
		return err
	}
	if !made {
		fmt.Fprintf(e.stdout, "database ready: %s (it has its accounts already)\n", e.dbPath)
	}
	return nil
}

// firstAdmin makes a database's first account, when it has none, from
// CDOP_USER and CDOP_PASSWORD, and prints the recovery key once; it
// reports whether it made one.
func (e *env) firstAdmin(db *storage.DB) (bool, error) {
	has, err := db.HasUsers(e.ctx)
	if err != nil || has {
		return false, err
	}
	name, password := strings.TrimSpace(os.Getenv("CDOP_USER")), os.Getenv("CDOP_PASSWORD")
	if name == "" || password == "" {
		return false, cdop.Errorf(cdop.EUNAUTHENTICATED, "a new database needs its administrator: set CDOP_USER to their user name and CDOP_PASSWORD to their password (at least %d characters)", cdop.MinPasswordLength)
	}
	recovery, u, err := db.CreateFirstAdmin(e.ctx, name, password)
	if err != nil {
		return false, err
	}
	fmt.Fprintf(e.stdout, "database ready: %s\nadministrator: %s (every role)\n\n", e.dbPath, u.Name)
	fmt.Fprintf(e.stdout, "Recovery key (shown once; print it or write it down and keep it offline, apart from the computer):\n\n    %s\n\n", recovery)
	fmt.Fprintln(e.stdout, "It is the only way back in if every administrator forgets their password.")
	return true, db.SignOut(e.ctx, "init")
}

func runImport(e *env, args []string) error {
	files, err := parseFlags(newFlags("import"), args)
	if err != nil {
		return err
	}
	if len(files) != 1 {
		return usagef("name one CSV file to import: cdop import FILE.csv")
	}
	f, err := os.Open(files[0])
	if err != nil {
		return fmt.Errorf("opening %s: %w", files[0], err)
	}
	defer f.Close()
	db, err := e.openAs(cdop.ActImport)
	if err != nil {
		return err
	}
	defer db.Close()
	n, err := interchange.Import(e.ctx, db, f)
	if err != nil {
		return fmt.Errorf("%s: nothing imported:\n%w", files[0], err)
	}
	fmt.Fprintf(e.stdout, "imported %d cases from %s\n", n, files[0])
	return nil
}

func runExport(e *env, args []string) error {
	fs := newFlags("export")
	full := fs.Bool("full", false, "every field of every case (identifiable)")
	o := addOutputFlags(fs, "output CSV file (- for standard output)")
	out := o.path
	if rest, err := parseFlags(fs, args); err != nil {
		return err
	} else if len(rest) > 0 {
		return usagef("unexpected argument %q", rest[0])
	}
	if !*full {
		return usagef("say --full to export the identifiable interchange file (for anonymised data use extract)")
	}
	if *out == "" {
		return usagef("name the output file with -o FILE.csv")
	}
	if err := e.checkOutput(o); err != nil {
		return err
	}
	db, err := e.openAs(cdop.ActExportFull)
	if err != nil {
		return err
	}
	defer db.Close()
	var n int
	err = e.writeOutput(o, func(w io.Writer) error {
		var err error
		n, err = interchange.Export(e.ctx, db, w)
		return err
	})
	if err != nil {
		return err
	}
	if err := db.RecordOutput(e.ctx, "export --full", "", n); err != nil {
		return err
	}
	if *out != "-" {
		fmt.Fprintf(e.stdout, "exported %d cases to %s\n", n, *out)
	}
	return nil
}

// caseListColumn is one column of `cases`; table columns are the ones a
// person reads at a terminal, CSV has them all.
type caseListColumn struct {
	name  string
	value func(*cdop.Case) string
	table bool
}

// caseListColumns are the columns of `cases`: the case, then its analysis.
var caseListColumns = append([]caseListColumn{
	{"case_ref", func(c *cdop.Case) string { return c.Ref }, true},
	{"first_name", func(c *cdop.Case) string { return c.FirstName }, true},
	{"last_name", func(c *cdop.Case) string { return c.LastName }, true},
	{"nhs_number", func(c *cdop.Case) string { return cdop.FormatNHSNumber(c.NHSNumber) }, true},
	{"date_of_birth", func(c *cdop.Case) string { return c.DateOfBirth.String() }, true},
	{"date_of_death", func(c *cdop.Case) string { return c.DateOfDeath.String() }, true},
	{"age_at_death", func(c *cdop.Case) string { return c.Age().String() }, true},
	{"age_band", func(c *cdop.Case) string { return string(c.AgeBand()) }, true},
	{"sex", func(c *cdop.Case) string { return c.Sex }, true},
	{"stage", func(c *cdop.Case) string { return string(c.Stage) }, true},
	{"notified_on", func(c *cdop.Case) string { return c.NotifiedOn.String() }, true},
	{"cdrm_on", func(c *cdop.Case) string { return c.CDRMOn.String() }, false},
	{"cdop_review_on", func(c *cdop.Case) string { return c.CDOPReviewOn.String() }, false},
}, analysisColumns()...)

// analysisColumns are the analysis form's columns of `cases --format csv`,
// in their interchange form.
func analysisColumns() []caseListColumn {
	var out []caseListColumn
	for _, name := range []string{"category", "contributing_categories",
		"domain_a_score", "domain_b_score", "domain_c_score", "domain_d_score",
		"domain_a_factors", "domain_b_factors", "domain_c_factors", "domain_d_factors",
		"domain_a_modifiable", "domain_b_modifiable", "domain_c_modifiable", "domain_d_modifiable",
		"modifiable", "lcspr_criteria_met", "analysis_signed_off_on"} {
		out = append(out, caseListColumn{name: name, value: func(c *cdop.Case) string { return c.Get(name) }})
	}
	return out
}

func runCases(e *env, args []string) error {
	fs := newFlags("cases")
	stage := fs.String("stage", "", "only cases at this stage")
	overdue := fs.Bool("overdue", false, "only cases with an overdue deadline")
	format := fs.String("format", "table", "table or csv")
	if rest, err := parseFlags(fs, args); err != nil {
		return err
	} else if len(rest) > 0 {
		return usagef("unexpected argument %q", rest[0])
	}
	if *stage != "" && !cdop.Stages.Has(*stage) {
		return usagef("--stage %q is not a stage; use one of: %s", *stage, strings.Join(cdop.Stages.Codes(), ", "))
	}
	if *format != "table" && *format != "csv" {
		return usagef("--format %q: use table or csv", *format)
	}
	db, err := e.openAs(cdop.ActViewCases)
	if err != nil {
		return err
	}
	defer db.Close()
	var overdueCases map[string]bool // the IDs of the cases kept, when only some are
	if *overdue {
		if overdueCases, err = withOverdueDeadlines(e, db); err != nil {
			return err
		}
	}
	var columns []caseListColumn
	for _, col := range caseListColumns {
		if col.table || *format == "csv" {
			columns = append(columns, col)
		}
	}
	header := make([]string, len(columns))
	for i, col := range columns {
		header[i] = col.name
	}
	out := newRowWriter(e.stdout, *format, header)
	row := make([]string, len(columns))
	listed := 0
	err = db.EachCaseByRef(e.ctx, cdop.CaseFilter{Stage: cdop.Stage(*stage)}, func(c *cdop.Case) error {
		if overdueCases != nil && !overdueCases[c.ID] {
			return nil
		}
		listed++
		for i, col := range columns {
			row[i] = col.value(c)
		}
		return out.Write(row)
	})
	if err != nil {
		return err
	}
	if err := db.RecordView(e.ctx, "cases", "", listed); err != nil {
		return err
	}
	return out.Close()
}

// withOverdueDeadlines returns the IDs of the cases that have a deadline
// overdue today, reading the case files one at a time.
func withOverdueDeadlines(e *env, files cdop.OpenCaseFileStreamer) (map[string]bool, error) {
	items, err := cdop.StreamDue(e.ctx, files, cdop.Today(e.clock))
	if err != nil {
		return nil, err
	}
	return cdop.OverdueCaseIDs(items), nil
}

func runDue(e *env, args []string) error {
	fs := newFlags("due")
	onText := fs.String("on", "", "evaluate as of this date, YYYY-MM-DD (default today)")
	format := fs.String("format", "table", "table or csv")
	if rest, err := parseFlags(fs, args); err != nil {
		return err
	} else if len(rest) > 0 {
		return usagef("unexpected argument %q", rest[0])
	}
	on := cdop.Today(e.clock)
	if *onText != "" {
		d, err := cdop.ParseDate(*onText)
		if err != nil {
			return usagef("--on: %v", err)
		}
		on = d
	}
	if *format != "table" && *format != "csv" {
		return usagef("--format %q: use table or csv", *format)
	}
	db, err := e.openAs(cdop.ActViewCases)
	if err != nil {
		return err
	}
	defer db.Close()
	items, err := cdop.StreamDue(e.ctx, db, on)
	if err != nil {
		return err
	}
	header := []string{"case_ref", "item", "due_on", "status"}
	if *format == "table" {
		header = append(header, "when", "detail")
	}
	out := newRowWriter(e.stdout, *format, header)
	listed := 0
	for _, it := range items {
		if it.Status == cdop.DuePaused {
			continue // a paused clock has no due date until it restarts
		}
		row := []string{it.CaseRef, it.Deadline.Name, it.Deadline.Target.String(), string(it.Status)}
		if *format == "table" {
			row = append(row, cdop.DaysLeft(on, it.Deadline.Target), it.Deadline.Detail)
		}
		if err := out.Write(row); err != nil {
			return err
		}
		listed++
	}
	if err := db.RecordView(e.ctx, "due", "", listed); err != nil {
		return err
	}
	return out.Close()
}

// rowWriter writes the rows of a listing as they come.
type rowWriter interface {
	Write(row []string) error
	Close() error
}

// newRowWriter returns a writer of rows to w in a format ("csv", or
// "table" for people to read), having written the header.
func newRowWriter(w io.Writer, format string, header []string) rowWriter {
	var out rowWriter
	if format == "csv" {
		out = safecsv.NewWriter(w) // cells a spreadsheet would run are protected
	} else {
		out = &tableWriter{tw: tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)}
	}
	_ = out.Write(header) // a failure is sticky: Close reports it
	return out
}

// tableWriter writes rows as aligned columns. A cell's control
// characters (tabs and line breaks among them) are shown escaped, so they
// neither break the columns nor reach the terminal. The columns are
// aligned over blocks of tableBlock rows, so that a long listing is not
// held in memory.
type tableWriter struct {
	tw   *tabwriter.Writer
	rows int
}

const tableBlock = 5000

var tableEscapes = strings.NewReplacer("\t", `\t`, "\n", `\n`)

func (t *tableWriter) Write(row []string) error {
	cells := make([]string, len(row))
	for i, cell := range row {
		cells[i] = printable(tableEscapes.Replace(cell))
	}
	if _, err := fmt.Fprintln(t.tw, strings.Join(cells, "\t")); err != nil {
		return err
	}
	if t.rows++; t.rows%tableBlock == 0 {
		return t.tw.Flush()
	}
	return nil
}

func (t *tableWriter) Close() error { return t.tw.Flush() }

func runDemo(e *env, args []string) error {
	fs := newFlags("demo")
	years := fs.Int("years", 5, "years of deaths to make up")
	perYear := fs.Int("per-year", 60, "deaths a year")
	seed := fs.Int64("seed", 1, "random seed (the same seed makes the same cases)")
	if rest, err := parseFlags(fs, args); err != nil {
		return err
	} else if len(rest) > 0 {
		return usagef("unexpected argument %q", rest[0])
	}
	if *years < 1 || *years > 100 || *perYear < 1 || *perYear > 100000 {
		return usagef("--years must be 1 to 100 and --per-year 1 to 100000")
	}
	db, err := e.createDB()
	if err != nil {
		return err
	}
	defer db.Close()
	// A new database gets its administrator first, as init would make it.
	if _, err := e.firstAdmin(db); err != nil {
		return err
	}
	if err := e.signIn(db, cdop.ActDemo); err != nil {
		return err
	}
	// One transaction: a demo stopped part way leaves nothing behind.
	var sum demo.Summary
	err = db.Batch(e.ctx, func(b *storage.DB) error {
		var err error
		sum, err = demo.Load(e.ctx, b, b, b, demo.Options{Years: *years, PerYear: *perYear, Seed: *seed, Today: cdop.Today(e.clock)})
		return err
	})
	var rowErrs cdop.RowErrors
	switch {
	case errors.As(err, &rowErrs):
		return fmt.Errorf("the demo cases clash with cases already in %s (was it filled with seed %d before? try another --seed)", e.dbPath, *seed)
	case err != nil:
		return fmt.Errorf("adding demo cases: %w", err)
	}
	fmt.Fprintf(e.stdout, "added %s to %s\n", sum, e.dbPath)
	return nil
}

func runBackup(e *env, args []string) error {
	fs := newFlags("backup")
	o := addOutputFlags(fs, "backup file to write (with FILE.sha256 beside it)")
	out := o.path
	if rest, err := parseFlags(fs, args); err != nil {
		return err
	} else if len(rest) > 0 {
		return usagef("unexpected argument %q", rest[0])
	}
	if *out == "" || *out == "-" {
		return usagef("name the backup file with -o FILE")
	}
	if err := e.checkOutput(o); err != nil {
		return err
	}
	opts, err := e.options(o)
	if err != nil {
		return err
	}
	db, err := e.openAs(cdop.ActBackup)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.Backup(e.ctx, *out, opts); err != nil {
		return err
	}
	if err := db.RecordOutput(e.ctx, "backup", "", 1); err != nil {
		return err
	}
	if head, err := db.AuditHead(e.ctx); err == nil && head != "" {
		// Noted down, it shows later whether the live file was rolled back.
		fmt.Fprintf(e.stdout, "audit chain after the backup: %s (note it with the backup)\n", head)
	}
	fmt.Fprintf(e.stdout, "backed up %s to %s (checked; its SHA-256 digest is in %s)\n", e.dbPath, *out, storage.DigestPath(*out))
	return nil
}

func runRestore(e *env, args []string) error {
	files, err := parseFlags(newFlags("restore"), args)
	if err != nil {
		return err
	}
	if len(files) != 1 {
		return usagef("name one backup to restore: cdop restore FILE")
	}
	path, err := e.databasePath()
	if err != nil {
		return err
	}
	// An administrator of the database replaced restores it. A database
	// that cannot be opened at all (missing, damaged) has no accounts to
	// ask: whoever can write its folder could replace the file anyway.
	if live, err := e.openAs(cdop.ActRestore); err == nil {
		live.Close()
	} else if code := cdop.ErrorCode(err); code == cdop.EUNAUTHENTICATED || code == cdop.EFORBIDDEN {
		return err
	}
	cleanStale(path)
	r, err := storage.RestoreFile(e.ctx, path, files[0], e.clock, e.storageOptions(path, true)...)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "restored %s (made %s; %s; schema %d) as %s\n", r.From, r.Made.Local().Format("2 Jan 2006 15:04"), plural(r.Cases, "case"), r.Version, path)
	if r.Kept != "" {
		fmt.Fprintf(e.stdout, "the database it replaced is kept as %s\n", r.Kept)
	}
	if r.Before != "" {
		fmt.Fprintf(e.stdout, "a backup of it made first: %s\n", r.Before)
	}
	return nil
}

func runCheck(e *env, args []string) error {
	if _, err := parseFlags(newFlags("check"), args); err != nil {
		return err
	}
	db, err := e.openAs(cdop.ActCheck)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.Check(e.ctx); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%s: no problems found\n", e.dbPath)
	if head, err := db.AuditHead(e.ctx); err == nil && head != "" {
		fmt.Fprintf(e.stdout, "audit chain: %s\n", head)
	}
	if err := db.Refusal(); err != nil {
		fmt.Fprintf(e.stdout, "note: %v\n", err)
	}
	return nil
}
