package main

import (
	"flag"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"sync"
	"syscall"

	"casemanager/outfile"
	"casemanager/storage"
)

// outputFlags are a command's -o FILE and --force.
type outputFlags struct {
	path  *string
	force *bool
}

// addOutputFlags adds -o (described by usage) and --force to a command.
func addOutputFlags(fs *flag.FlagSet, usage string) outputFlags {
	return outputFlags{
		path:  fs.String("o", "", usage),
		force: fs.Bool("force", false, "replace the output file if it exists"),
	}
}

// pendingFolder is the register of outputs under way (see outfile) for the
// database at dbPath: a hidden folder beside it (for a server's database,
// in the app's data folder: outputAnchor), emptied as outputs land.
func pendingFolder(dbPath string) string {
	return filepath.Join(filepath.Dir(outputAnchor(dbPath)), ".cdop-pending")
}

// outputOptions are how every output of the app is written for the
// database at dbPath: never over the database or the files SQLite keeps
// beside it, the pseudonym key or the backups folder; existing files
// replaced only when force is set.
func outputOptions(dbPath string, force bool) outfile.Options {
	var p outfile.Protected
	if !storage.IsServerURL(dbPath) {
		p.AddDatabase(dbPath)
	}
	if key, err := pseudonymKeyPath(); err == nil {
		p.AddFile(key, "the installation's pseudonym key")
	}
	p.AddFolder(storage.BackupsFolder(outputAnchor(dbPath)), "the backups folder")
	return outfile.Options{Protected: p, Force: force, Register: pendingFolder(dbPath)}
}

// cleanStale removes what killed commands left behind beside the database:
// temporary files of outputs under way, wherever the register says they were.
func cleanStale(dbPath string) {
	dbPath = outputAnchor(dbPath)
	dir := filepath.Dir(dbPath)
	outfile.CleanStale(pendingFolder(dbPath), dir, storage.BackupsFolder(dbPath))
	os.Remove(pendingFolder(dbPath)) // only when empty
}

// checkOutput refuses, before any work, an output the command may not
// write: "-" (standard output) is always allowed.
func (e *env) checkOutput(o outputFlags) error {
	if *o.path == "-" {
		return nil
	}
	db, err := e.databasePath()
	if err != nil {
		return err
	}
	return outfile.Check(*o.path, outputOptions(db, *o.force))
}

// options returns how the command's output o is written.
func (e *env) options(o outputFlags) (outfile.Options, error) {
	db, err := e.databasePath()
	if err != nil {
		return outfile.Options{}, err
	}
	return outputOptions(db, *o.force), nil
}

// writeOutput writes a command's result file through a temporary file
// beside it, renamed into place when whole (outfile.Write); "-" writes to
// standard output.
func (e *env) writeOutput(o outputFlags, write func(io.Writer) error) error {
	if *o.path == "-" {
		return write(e.stdout)
	}
	opts, err := e.options(o)
	if err != nil {
		return err
	}
	if err := outfile.Write(*o.path, opts, write); err != nil {
		return err
	}
	unaudited.add(*o.path)
	return nil
}

// unaudited are the outputs in place whose command has not finished, so
// whose audit row may not be written yet: an interruption removes them too,
// so that no output is left without its audit row.
var unaudited pathSet

// pathSet is a set of paths safe for concurrent use.
type pathSet struct {
	mu    sync.Mutex
	paths []string
}

func (s *pathSet) add(p string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.paths = append(s.paths, p)
}

// removeAll removes every file of the set and empties it.
func (s *pathSet) removeAll() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, p := range s.paths {
		os.Remove(p)
	}
	s.paths = nil
}

// clear empties the set, leaving the files.
func (s *pathSet) clear() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.paths = nil
}

// cleanUpOnSignal removes the temporary files of outputs under way when
// the program is interrupted (Ctrl-C) or asked to stop, then exits with
// the shell's status for the signal; the returned function stops watching.
func cleanUpOnSignal() (stop func()) {
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, os.Interrupt, syscall.SIGTERM)
	done := make(chan struct{})
	go func() {
		select {
		case sig := <-ch:
			outfile.AbortAll()
			unaudited.removeAll()
			os.Stderr.WriteString("cdop: interrupted: the output under way was removed; nothing half-written is left\n")
			code := 130
			if sig == syscall.SIGTERM {
				code = 143
			}
			os.Exit(code)
		case <-done:
		}
	}()
	return func() {
		signal.Stop(ch)
		close(done)
	}
}
