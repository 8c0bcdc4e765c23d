package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"casemanager/cdop"
	"casemanager/datadir"
	"casemanager/release"
	"casemanager/storage"
)

// Exit statuses, as the command-line contract sets them.
const (
	exitOK     = 0
	exitData   = 1 // the input or the data is wrong
	exitUsage  = 2 // the command line is wrong
	exitDenied = 3 // not signed in, or the user's roles do not allow the command
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
	user   *cdop.User // signed in by openAs
	dbPath string
	clock  cdop.Clock
	stdout io.Writer
	stderr io.Writer
	// busyTimeout, when set, replaces how long a write waits for another
	// (storage.DefaultBusyTimeout); tests shorten it.
	busyTimeout time.Duration
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
		{"backup", "backup -o FILE [--force]: a verified copy of the live database, with FILE.sha256 beside it", runBackup},
		{"restore", "restore FILE: replace the database with a verified backup, keeping the one replaced", runRestore},
		{"void", "void CASE_REF --reason TEXT: a notification logged in error, kept read-only and out of every figure", runVoid},
		{"transfer", "transfer CASE_REF --to PANEL -o FILE.csv: the case for another panel in the interchange format, kept here read-only", runTransfer},
		{"ncmd", "ncmd missing CASE_REF | export CASE_REF -o FILE.json | submitted CASE_REF [--on D] [--by NAME]: the NCMD step", runNCMD},
		{"return", "return list CASE_REF | import CASE_REF REQUEST FILE | template FORM -o FILE.csv: the agencies' returns (import: CSV or JSON, all or nothing)", runReturn},
		{"check", "check the database: integrity, references, the app's own rules", runCheck},
		{"users", "users add NAME --roles R[,R…] | list | disable NAME | enable NAME | reset NAME: accounts (administrator)", runUsers},
		{"passwd", "change your own password (the new one from CDOP_NEW_PASSWORD)", runPasswd},
		{"audit", "audit [--from D] [--to D] [--user U] [--case REF] [--format table|csv]: the audit trail (administrator)", runAudit},
		{"migrate", "migrate --to DB: copy this database into an empty one of either engine (a file, or postgres://…), verified", runMigrate},
		{"version", "print the program's version (also: cdop --version)", runVersion},
	}
}

// run is the whole program: it returns the exit status.
func run(args []string, stdout, stderr io.Writer) int {
	defer unaudited.clear() // the command is over: its outputs are audited, or it failed
	global := flag.NewFlagSet("cdop", flag.ContinueOnError)
	global.SetOutput(io.Discard)
	dbPath := global.String("db", os.Getenv("CDOP_DB"), "database file (default: the app's data folder; env CDOP_DB)")
	showVersion := global.Bool("version", false, "print the program's version")
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
	if *showVersion {
		printVersion(stdout)
		return exitOK
	}
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
			ctx:    context.Background(),
			dbPath: *dbPath,
			clock:  cdop.SystemClock{},
			stdout: stdout,
			stderr: stderr,

			busyTimeout: testBusyTimeout,
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

// testBusyTimeout, when set by a test, shortens how long writes wait.
var testBusyTimeout time.Duration

// report prints err for the user and returns the exit status it calls for.
func report(stderr io.Writer, name string, err error) int {
	if err == nil {
		return exitOK
	}
	var u usageError
	if errors.As(err, &u) {
		fmt.Fprintf(stderr, "cdop %s: %s\n", name, printable(err.Error()))
		return exitUsage
	}
	if code := cdop.ErrorCode(err); code == cdop.EUNAUTHENTICATED || code == cdop.EFORBIDDEN {
		fmt.Fprintf(stderr, "cdop %s: %s\n", name, printable(err.Error()))
		return exitDenied
	}
	fmt.Fprintf(stderr, "cdop %s: %s\n", name, printable(err.Error()))
	return exitData
}

// runVersion prints the program's version: "cdop 0.1.0".
func runVersion(e *env, args []string) error {
	if rest, err := parseFlags(newFlags("version"), args); err != nil {
		return err
	} else if len(rest) > 0 {
		return usagef("unexpected argument %q", rest[0])
	}
	printVersion(e.stdout)
	return nil
}

func printVersion(w io.Writer) { fmt.Fprintf(w, "cdop %s\n", release.Version()) }

// printable returns a message with every control character but line
// breaks and tabs, and every character that reorders text (a
// right-to-left override), shown as an escape: whatever a message echoes
// (a file name, a value) cannot drive the terminal.
func printable(msg string) string {
	if !strings.ContainsFunc(msg, unprintable) {
		return msg
	}
	var b strings.Builder
	for _, r := range msg {
		if unprintable(r) {
			q := strconv.QuoteRuneToASCII(r)
			b.WriteString(q[1 : len(q)-1])
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func unprintable(r rune) bool {
	switch {
	case r == '\n' || r == '\t':
		return false
	case r < 0x20 || r >= 0x7f && r < 0xa0 || r == utf8.RuneError:
		return true
	}
	return unicode.Is(unicode.Bidi_Control, r)
}

func printUsage(w io.Writer) {
	fmt.Fprintln(w, "usage: cdop [--db PATH] [COMMAND [flags]]")
	fmt.Fprintln(w, "With no command, opens the desktop app. Commands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.summary)
	}
}

// runDesktop opens the desktop app, logging to the log file in the data
// folder; a console that Windows opened for this program alone (cdop.exe
// started from Explorer) is closed first.
func runDesktop(dbPath string, stderr io.Writer) int {
	detachOwnConsole()
	logPath, closeLog := startDesktopLog(stderr)
	defer closeLog()
	a := newFyneApp()
	if err := runAppLogging(a, dbPath, logPath); err != nil {
		log.Printf("cdop: %v", err)
		return exitData
	}
	return exitOK
}

// openAs opens the database the command names and signs in the user
// CDOP_USER and CDOP_PASSWORD name, who must be allowed the action; a
// refusal (exit status 3) is audited, and the database is closed again.
func (e *env) openAs(action cdop.Action) (*storage.DB, error) {
	db, err := e.openDB()
	if err != nil {
		return nil, err
	}
	if err := e.signIn(db, action); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// signIn signs in the user of the environment and checks their roles.
func (e *env) signIn(db *storage.DB, action cdop.Action) error {
	has, err := db.HasUsers(e.ctx)
	if err != nil {
		return err
	}
	if !has {
		return cdop.Errorf(cdop.EUNAUTHENTICATED, "this database has no accounts yet; make its administrator with cdop init (CDOP_USER and CDOP_PASSWORD name them)")
	}
	name, password := os.Getenv("CDOP_USER"), os.Getenv("CDOP_PASSWORD")
	if strings.TrimSpace(name) == "" || password == "" {
		return db.Refused(e.ctx, "(no user given)", action,
			cdop.Errorf(cdop.EUNAUTHENTICATED, "sign in: set CDOP_USER to your user name and CDOP_PASSWORD to your password"))
	}
	u, err := db.SignIn(e.ctx, name, password)
	if err != nil {
		return err
	}
	e.user = u
	e.ctx = cdop.WithActor(e.ctx, u.Name)
	if err := cdop.Allow(u, action); err != nil {
		return db.Refused(e.ctx, u.Name, action, err)
	}
	return nil
}

// databasePath returns the database the command names: --db, CDOP_DB, or
// the one in the app's data folder (whose folder is made if missing).
func (e *env) databasePath() (string, error) {
	if e.dbPath == "" {
		p, err := defaultDatabase()
		if err != nil {
			return "", err
		}
		e.dbPath = p
	}
	return e.dbPath, nil
}

// openDB opens (migrating if needed) the database the command names,
// which must exist, after removing what killed commands left beside it.
func (e *env) openDB() (*storage.DB, error) {
	return e.open(storage.MustExist())
}

// createDB opens the database the command names, creating it if missing:
// only init and demo make a database.
func (e *env) createDB() (*storage.DB, error) {
	return e.open()
}

func (e *env) open(opts ...storage.Option) (*storage.DB, error) {
	path, err := e.databasePath()
	if err != nil {
		return nil, err
	}
	if !storage.IsServerURL(path) { // a file: a server's database is no file
		if warning := datadir.NetworkWarning(path); warning != "" {
			fmt.Fprintf(e.stderr, "cdop: warning: %s\n", warning)
		}
	}
	cleanStale(path)
	return storage.Open(path, e.clock, append(opts, e.storageOptions(path, true)...)...) // storage.Open names the file
}

// storageOptions are how the commands open a database: with the test's
// busy timeout, and for a server's database, with its automatic backups
// (the one made before a restore) in the app's data folder; the database a
// command works on also tells of a wait for another writer, once.
func (e *env) storageOptions(path string, own bool) []storage.Option {
	opts := []storage.Option{storage.ServerBackups(filepath.Dir(outputAnchor(path)))}
	if own {
		opts = append(opts, storage.OnWait(e.waitingOnce()))
	}
	if e.busyTimeout > 0 {
		opts = append(opts, storage.BusyTimeout(e.busyTimeout))
	}
	return opts
}

// waitingOnce returns the OnWait hook of a command: the first wait for
// another writer is said once on standard error; the command then goes on
// when the other has finished (or gives up with a sentence at the timeout).
func (e *env) waitingOnce() func(bool) {
	var once sync.Once
	return func(waiting bool) {
		if waiting {
			once.Do(func() { fmt.Fprintln(e.stderr, "cdop: another user or program is saving — waiting") })
		}
	}
}

// newFlags returns a flag set for a command whose errors are usage errors.
func newFlags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return fs
}

// isDBFlag reports whether a command-line word is the global --db flag.
func isDBFlag(arg string) bool {
	name, _, _ := strings.Cut(strings.TrimLeft(arg, "-"), "=")
	return strings.HasPrefix(arg, "-") && name == "db"
}

// parseFlags parses a command's flags (which may come before or after its
// arguments) and returns the arguments.
func parseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := fs.Parse(args); errors.Is(err, flag.ErrHelp) {
			return nil, helpRequested(fmt.Sprintf("usage: cdop [--db PATH] %s [flags]\n%s", fs.Name(), flagHelp(fs)))
		} else if err != nil && fs.Lookup("db") == nil && slices.ContainsFunc(args, isDBFlag) {
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
