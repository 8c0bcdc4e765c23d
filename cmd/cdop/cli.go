package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/user"
	"path/filepath"
	"strings"

	"casemanager/cdop"
	"casemanager/storage"
)

// Exit statuses, as the command-line contract sets them.
const (
	exitOK    = 0
	exitData  = 1 // the input or the data is wrong
	exitUsage = 2 // the command line is wrong
)

// usageError is a mistake on the command line (exit status 2).
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

// helpRequested is a command's usage, asked for with -h: printed to
// standard output with exit status 0.
type helpRequested string

func (h helpRequested) Error() string { return string(h) }

// env is what a command runs with.
type env struct {
	ctx    context.Context
	dbPath string
	clock  cdop.Clock
	stdout io.Writer
	stderr io.Writer
}

// command is one headless command.
type command struct {
	name    string
	summary string
	run     func(e *env, args []string) error
}

func commands() []command {
	return []command{
		{"init", "create and migrate the database", runInit},
		{"import", "import cases from an interchange CSV file (all or nothing)", runImport},
		{"export", "export --full -o FILE.csv: every case in the interchange format (identifiable)", runExport},
		{"extract", "extract -o FILE.csv [--from D --to D] [--k N] [--unlinkable]: the anonymised dataset, with its manifest", runExtract},
		{"cases", "list cases [--stage S] [--overdue] [--format table|csv]", runCases},
		{"due", "list every open deadline [--on YYYY-MM-DD] [--format table|csv]", runDue},
		{"summary", "summary CASE_REF -o FILE.pdf [--anonymised]: one case as a PDF", runSummary},
		{"pack", "pack MEETING_ID -o FILE.pdf: the anonymised panel pack for one meeting", runPack},
		{"report", "report (--year YYYY | --financial-year YYYY/YY) [--quarter Qn] -o FILE.pdf [--confirm-changes]: the annual report for a year or quarter (--from/--to naming one also do)", runReport},
		{"demo", "fill the database with synthetic cases [--years N] [--per-year N] [--seed N]", runDemo},
		{"backup", "backup -o FILE: a consistent copy of the live database", runBackup},
		{"check", "check the database's integrity", runCheck},
	}
}

// run is the whole program: it returns the exit status.
func run(args []string, stdout, stderr io.Writer) int {
	global := flag.NewFlagSet("cdop", flag.ContinueOnError)
	global.SetOutput(io.Discard)
	dbPath := global.String("db", os.Getenv("CDOP_DB"), "database file (default: the app's data folder; env CDOP_DB)")
	if err := global.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			printUsage(stdout)
			return exitOK
		}
		fmt.Fprintf(stderr, "cdop: %v\n", err)
		printUsage(stderr)
		return exitUsage
	}
	rest := global.Args()
	if len(rest) == 0 {
		return runDesktop(*dbPath, stderr)
	}
	name := rest[0]
	if name == "help" {
		printUsage(stdout)
		return exitOK
	}
	for _, cmd := range commands() {
		if cmd.name != name {
			continue
		}
		e := &env{
			ctx:    cdop.WithActor(context.Background(), currentUser()),
			dbPath: *dbPath,
			clock:  cdop.SystemClock{},
			stdout: stdout,
			stderr: stderr,
		}
		err := cmd.run(e, rest[1:])
		var help helpRequested
		if errors.As(err, &help) {
			fmt.Fprint(stdout, string(help))
			return exitOK
		}
		return report(stderr, name, err)
	}
	fmt.Fprintf(stderr, "cdop: unknown command %q\n", name)
	printUsage(stderr)
	return exitUsage
}

// report prints err for the user and returns the exit status it calls for.
func report(stderr io.Writer, name string, err error) int {
	if err == nil {
		return exitOK
	}
	var u usageError
	if errors.As(err, &u) {
		fmt.Fprintf(stderr, "cdop %s: %v\n", name, err)
		return exitUsage
	}
	fmt.Fprintf(stderr, "cdop %s: %v\n", name, err)
	return exitData
}

func printUsage(w io.Writer) {
	fmt.Fprintln(w, "usage: cdop [--db PATH] [COMMAND [flags]]")
	fmt.Fprintln(w, "With no command, opens the desktop app. Commands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.summary)
	}
}

func runDesktop(dbPath string, stderr io.Writer) int {
	a := newFyneApp()
	if err := runApp(a, dbPath); err != nil {
		fmt.Fprintf(stderr, "cdop: %v\n", err)
		return exitData
	}
	return exitOK
}

// openDB opens (creating and migrating if needed) the database the command names.
func (e *env) openDB() (*storage.DB, error) {
	path := e.dbPath
	if path == "" {
		p, err := defaultDatabase()
		if err != nil {
			return nil, err
		}
		path = p
	}
	db, err := storage.Open(path, e.clock)
	if err != nil {
		return nil, err // storage.Open names the file
	}
	e.dbPath = path
	return db, nil
}

// newFlags returns a flag set for a command whose errors are usage errors.
func newFlags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return fs
}

// parseFlags parses a command's flags (which may come before or after its
// arguments) and returns the arguments.
func parseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := fs.Parse(args); errors.Is(err, flag.ErrHelp) {
			return nil, helpRequested(fmt.Sprintf("usage: cdop [--db PATH] %s [flags]\n%s", fs.Name(), flagHelp(fs)))
		} else if err != nil && strings.Contains(err.Error(), "-db") {
			return nil, usagef("%v: put --db before the command", err)
		} else if err != nil {
			return nil, usagef("%v", err)
		}
		args = fs.Args()
		if len(args) == 0 {
			return positional, nil
		}
		positional = append(positional, args[0])
		args = args[1:]
	}
}

// flagHelp lists a command's flags with their meaning.
func flagHelp(fs *flag.FlagSet) string {
	var b strings.Builder
	fs.VisitAll(func(f *flag.Flag) {
		fmt.Fprintf(&b, "  -%s\t%s\n", f.Name, f.Usage)
	})
	return b.String()
}

// writeOutput writes a command's result file through a temporary file beside
// path and renames it into place, so a failure never leaves a half-written
// file; "-" writes to standard output.
func (e *env) writeOutput(path string, write func(io.Writer) error) error {
	if path == "-" {
		return write(e.stdout)
	}
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("creating %s: %w", path, err)
	}
	defer os.Remove(tmp.Name())
	if err := write(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}

// currentUser names who is at the keyboard, for the audit trail.
func currentUser() string {
	if name := strings.TrimSpace(os.Getenv("CDOP_USER")); name != "" {
		return name
	}
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	return "unknown"
}
