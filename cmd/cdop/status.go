package main

import (
	"flag"
	"fmt"
	"io"
	"strings"

	"casemanager/cdop"
	"casemanager/interchange"
	"casemanager/storage"
)

// runVoid voids a notification logged in error: kept, read-only, audited,
// and left out of every figure.
func runVoid(e *env, args []string) error {
	fs := newFlags("void")
	reason := fs.String("reason", "", "why the notification was logged in error (required)")
	ref, err := oneCase(fs, args, "cdop void CASE_REF --reason TEXT")
	if err != nil {
		return err
	}
	if strings.TrimSpace(*reason) == "" {
		return usagef("say why the notification was logged in error: --reason TEXT")
	}
	db, c, err := e.openCase(cdop.ActEditCases, ref)
	if err != nil {
		return err
	}
	defer db.Close()
	v, err := cdop.Void(c, *reason)
	if err != nil {
		return err
	}
	if err := db.UpdateCase(e.ctx, v); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "voided %s: kept, read-only and left out of every figure\n", v.Ref)
	return nil
}

// runTransfer hands a case over to another panel: the case, as it stands,
// in the interchange format for the other panel to import, and the
// transfer recorded here, the case read-only from then on.
func runTransfer(e *env, args []string) error {
	fs := newFlags("transfer")
	to := fs.String("to", "", "the panel the case is transferred to (required)")
	o := addOutputFlags(fs, "output CSV file: the case in the interchange format (- for standard output)")
	ref, err := oneCase(fs, args, "cdop transfer CASE_REF --to PANEL -o FILE.csv")
	if err != nil {
		return err
	}
	if strings.TrimSpace(*to) == "" {
		return usagef("name the panel the case goes to: --to PANEL")
	}
	if *o.path == "" {
		return usagef("name the output file with -o FILE.csv")
	}
	if err := e.checkOutput(o); err != nil {
		return err
	}
	db, c, err := e.openCase(cdop.ActExportFull, ref)
	if err != nil {
		return err
	}
	defer db.Close()
	moved, err := interchange.Transfer(e.ctx, db, c.ID, *to, cdop.Today(e.clock), func(write func(io.Writer) error) error {
		return e.writeOutput(o, write)
	})
	if err != nil {
		return err
	}
	if err := db.RecordOutput(e.ctx, "transfer", c.ID, 1); err != nil {
		return err
	}
	e.wrote(moved.Ref+" for "+moved.TransferredTo+" (recorded as transferred; read-only here)", *o.path)
	return nil
}

// oneCase parses a command's flags and its one case reference; usage shows
// how the command is written.
func oneCase(fs *flag.FlagSet, args []string, usage string) (string, error) {
	refs, err := parseFlags(fs, args)
	if err != nil {
		return "", err
	}
	if len(refs) != 1 {
		return "", usagef("name one case: %s", usage)
	}
	return strings.TrimSpace(refs[0]), nil
}

// openCase signs in for action and finds the case with the reference ref;
// the caller closes the database.
func (e *env) openCase(action cdop.Action, ref string) (*storage.DB, *cdop.Case, error) {
	db, err := e.openAs(action)
	if err != nil {
		return nil, nil, err
	}
	c, err := db.FindCaseByRef(e.ctx, ref)
	if err != nil {
		db.Close()
		return nil, nil, err // ENOTFOUND: "there is no case CDOP-…"
	}
	return db, c, nil
}
