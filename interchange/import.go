package interchange

import (
	"context"
	"fmt"
	"io"

	"casemanager/cdop"
)

// Importer starts imports: storage.DB is one.
type Importer interface {
	BeginImport(ctx context.Context, rowName func(row int) string) (cdop.CaseImport, error)
}

// lineName names an earlier row of the file in a message about a later one.
func lineName(line int) string { return fmt.Sprintf("the case on line %d", line) }

// Import reads a case file and stores its cases, all or nothing, row by
// row: each row is decoded and handed to one import of the store
// (cdop.CaseImport), which validates it and checks it against the stored
// cases and the rows before it, so memory does not grow with the file
// beyond what that check keeps. One run reports every problem; when
// anything is wrong nothing is written and the error is a LineErrors with
// every problem, in line order. A file that is not a case file at all is
// refused in one sentence without the store being touched. It returns the
// number of cases imported.
func Import(ctx context.Context, store Importer, r io.Reader) (int, error) {
	s, err := newScanner(r)
	if err != nil {
		return 0, err
	}
	if s.stopped {
		return 0, s.problems.result()
	}
	imp, err := store.BeginImport(ctx, lineName)
	if err != nil {
		return 0, fmt.Errorf("starting the import: %w", err)
	}
	defer imp.Rollback()
	defer relaxGC()()
	add := imp.Add
	if d, ok := imp.(cdop.DecodedCaseImport); ok {
		add = d.AddDecoded // the scanner gives each field by Set
	}
	err = s.eachRow(func(line int, c *cdop.Case) (cdop.RowErrors, error) {
		return add(ctx, line, c)
	})
	if err != nil {
		return 0, fmt.Errorf("importing the cases: %w", err)
	}
	if !s.problems.empty() {
		return 0, s.problems.result()
	}
	n, err := imp.Commit(ctx)
	if err != nil {
		return 0, fmt.Errorf("importing the cases: %w", err)
	}
	return n, nil
}

// CaseLister reads the stored cases one at a time, ordered by reference:
// storage.DB is one.
type CaseLister interface {
	EachCaseByRef(ctx context.Context, f cdop.CaseFilter, fn func(*cdop.Case) error) error
}

// Export writes every stored case, ordered by reference, as an interchange
// file, one case at a time as it is read, and returns how many it wrote.
func Export(ctx context.Context, src CaseLister, w io.Writer) (int, error) {
	enc := NewEncoder(w)
	n := 0
	err := src.EachCaseByRef(ctx, cdop.CaseFilter{}, func(c *cdop.Case) error {
		n++
		return enc.Encode(c)
	})
	if err != nil {
		return 0, fmt.Errorf("exporting the cases: %w", err)
	}
	if err := enc.Close(); err != nil {
		return 0, fmt.Errorf("writing the case file: %w", err)
	}
	return n, nil
}
