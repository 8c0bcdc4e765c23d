package interchange

import (
	"context"
	"fmt"
	"io"

	"casemanager/cdop"
)

// CaseUpdater loads and saves one case (storage.DB and memstore do).
type CaseUpdater interface {
	FindCaseByID(ctx context.Context, id string) (*cdop.Case, error)
	UpdateCase(ctx context.Context, c *cdop.Case) error
}

// Transfer hands the case with an ID over, on today, to the panel named to:
// it writes the case, as it stands before the transfer, as an interchange
// file of one row (what the other panel imports), through write, which
// puts the file in place whole or not at all; then it records the transfer
// on the case (cdop.Transfer), which is read-only here from then on. A
// case cdop.Transfer refuses is neither written nor changed; when the file
// is written but the transfer cannot be recorded, the error says so.
func Transfer(ctx context.Context, store CaseUpdater, id, to string, today cdop.Date, write func(func(io.Writer) error) error) (*cdop.Case, error) {
	c, err := store.FindCaseByID(ctx, id)
	if err != nil {
		return nil, err
	}
	moved, err := cdop.Transfer(c, to, today)
	if err != nil {
		return nil, err
	}
	if err := write(func(w io.Writer) error { return ExportCase(w, c) }); err != nil {
		return nil, err
	}
	if err := store.UpdateCase(ctx, moved); err != nil {
		return nil, fmt.Errorf("the file for %s was written, but the transfer could not be recorded (try again, replacing the file): %w", c.Ref, err)
	}
	return moved, nil
}

// ExportCase writes one case as an interchange file: the header and its row.
func ExportCase(w io.Writer, c *cdop.Case) error {
	enc := NewEncoder(w)
	if err := enc.Encode(c); err != nil {
		return err
	}
	return enc.Close()
}
