package interchange

import (
	"context"
	"errors"
	"fmt"
	"io"

	"casemanager/cdop"
)

// Import reads a case file and stores its cases, all or nothing. The file is
// decoded and validated as of today, and every row that could be read is
// checked against what svc already holds (duplicates, references in use),
// so one run reports every problem. When anything is wrong nothing is
// written and the error is a LineErrors with every problem, in line order.
// It returns the number of cases imported.
func Import(ctx context.Context, svc cdop.CaseService, r io.Reader, today cdop.Date) (int, error) {
	rows, problems, err := decode(r, today)
	if err != nil {
		return 0, err
	}
	cases := make([]*cdop.Case, len(rows))
	for i, rw := range rows {
		cases[i] = rw.c
	}
	// With problems in the file, ask the store what else it would refuse, so
	// that one run reports everything; a clean file goes straight to
	// ImportCases, which makes the same checks in its transaction.
	if len(problems) > 0 && len(cases) > 0 {
		rowErrs, err := svc.CheckImport(ctx, cases)
		if err != nil {
			return 0, fmt.Errorf("checking the cases against the database: %w", err)
		}
		problems = append(problems, atLines(rowErrs, rows)...)
	}
	if len(problems) > 0 {
		problems.sortByLine()
		return 0, problems
	}
	if len(cases) == 0 {
		return 0, nil
	}
	if err := svc.ImportCases(ctx, cases); err != nil {
		var rowErrs cdop.RowErrors
		if errors.As(err, &rowErrs) {
			problems = atLines(rowErrs, rows)
			problems.sortByLine()
			return 0, problems
		}
		return 0, fmt.Errorf("importing the cases: %w", err)
	}
	return len(cases), nil
}

// atLines places a batch's row problems on the lines the rows came from.
func atLines(rowErrs cdop.RowErrors, rows []row) LineErrors {
	var out LineErrors
	for _, re := range rowErrs {
		line := 0 // a row the batch did not hold: reported against the whole file
		if re.Row >= 0 && re.Row < len(rows) {
			line = rows[re.Row].line
		}
		out.add(line, re.Field, "%s", re.Message)
	}
	return out
}

// Export writes every stored case, ordered by reference, as an interchange
// file and returns how many it wrote.
func Export(ctx context.Context, svc cdop.CaseService, w io.Writer) (int, error) {
	cases, err := svc.FindCases(ctx, cdop.CaseFilter{})
	if err != nil {
		return 0, fmt.Errorf("reading the cases: %w", err)
	}
	enc := NewEncoder(w)
	for _, c := range cases {
		if err := enc.Encode(c); err != nil {
			return 0, fmt.Errorf("writing the case file: %w", err)
		}
	}
	if err := enc.Close(); err != nil {
		return 0, fmt.Errorf("writing the case file: %w", err)
	}
	return len(cases), nil
}
