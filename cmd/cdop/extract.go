package main

import (
	"fmt"
	"os"
	"path/filepath"

	"casemanager/cdop"
	"casemanager/extract"
	"casemanager/release"
)

// pseudonymKeyFile names the installation's pseudonym key in the app's data folder.
const pseudonymKeyFile = "pseudonym.key"

// pseudonymKeyPath returns where the installation's pseudonym key is kept:
// $CDOP_PSEUDONYM_KEY when set (for tests, or an installation that keeps
// it elsewhere), else pseudonym.key in the app's data folder.
func pseudonymKeyPath() (string, error) {
	if p := os.Getenv("CDOP_PSEUDONYM_KEY"); p != "" {
		return p, nil
	}
	dir, err := storageRoot()
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, pseudonymKeyFile), nil
}

func runExtract(e *env, args []string) error {
	fs := newFlags("extract")
	o := addOutputFlags(fs, "output CSV file; its manifest goes beside it as FILE.manifest.json")
	out := o.path
	fromText := fs.String("from", "", "first date of death to include, YYYY-MM-DD (default: the earliest)")
	toText := fs.String("to", "", "last date of death to include, YYYY-MM-DD (default: the latest)")
	k := fs.Int("k", extract.DefaultK, "every row shares its quasi-identifiers with at least k-1 others (2 or more)")
	l := fs.Int("l", extract.DefaultL, "every group of rows sharing them holds at least l modifiable outcomes (1 for no l-diversity)")
	unlinkable := fs.Bool("unlinkable", false, "pseudonyms from a one-off key and only the quasi-identifiers and outcome, so the extract links to no other")
	if rest, err := parseFlags(fs, args); err != nil {
		return err
	} else if len(rest) > 0 {
		return usagef("unexpected argument %q", rest[0])
	}
	switch {
	case *out == "":
		return usagef("name the output file with -o FILE.csv")
	case *out == "-":
		return usagef("-o -: an extract needs a file, so that its manifest can go beside it")
	case *k < 2:
		return usagef("--k %d: use 2 or more (k = %d is the default)", *k, extract.DefaultK)
	case *l < 1 || *l > 4:
		return usagef("--l %d: use 1 (no l-diversity) to 4 (l = %d is the default)", *l, extract.DefaultL)
	}
	from, err := cdop.ParseDate(*fromText)
	if err != nil {
		return usagef("--from: %v", err)
	}
	to, err := cdop.ParseDate(*toText)
	if err != nil {
		return usagef("--to: %v", err)
	}
	if !from.IsZero() && !to.IsZero() && to.Before(from) {
		return usagef("--to %s is before --from %s", to, from)
	}

	if err := e.checkOutput(o); err != nil {
		return err
	}
	manifest := outputFlags{path: new(extract.ManifestPath(*out)), force: o.force}
	if err := e.checkOutput(manifest); err != nil {
		return err
	}
	opts, err := e.options(o)
	if err != nil {
		return err
	}
	db, err := e.openAs(cdop.ActExtract)
	if err != nil {
		return err
	}
	defer db.Close()
	mk, err := extractMaker(db, e.clock, *unlinkable)
	if err != nil {
		return err
	}
	// The audit row first: a database another program keeps busy refuses
	// the extract before its work is done, not after.
	req := extract.Options{From: from, To: to, K: *k, L: *l, Unlinkable: *unlinkable, TempDir: filepath.Dir(*out), Register: opts.Register}
	begun, err := mk.Begin(e.ctx, req, *out)
	if err != nil {
		return err
	}
	// The draft's working files go beside the output (noted in the
	// register, so a kill leaves none past the next start); the extract
	// lands with its manifest, then the audit row says it was saved.
	d, err := mk.Draft(e.ctx, req)
	if err != nil {
		return err
	}
	defer d.Discard()
	m, err := d.Save(e.ctx, begun, *out, opts)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "extract: %s\nmanifest: %s\n%s", *out, extract.ManifestPath(*out), m.Summary())
	if begun.Unrecorded != nil {
		fmt.Fprintf(e.stdout, "not recorded in the audit log: %v\n", begun.Unrecorded)
	}
	return nil
}

// extractMaker makes the extracts of the database db, as the command line
// and the desktop app both do: with the installation's pseudonym key
// (unless the extract is unlinkable, which needs none) and this version.
func extractMaker(db extract.Store, clock cdop.Clock, unlinkable bool) (extract.Maker, error) {
	mk := extract.Maker{Store: db, AppVersion: release.Version(), Clock: clock}
	if !unlinkable {
		path, err := pseudonymKeyPath()
		if err != nil {
			return mk, err
		}
		mk.KeyPath = path
	}
	return mk, nil
}
