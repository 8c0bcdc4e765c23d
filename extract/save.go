package extract

import (
	"bufio"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"

	"casemanager/cdop"
	"casemanager/outfile"
)

// Store is what an installation's extracts are made from and recorded in:
// the cases, the factor catalogue and the audit log. storage.DB implements it.
type Store interface {
	CaseStreamer
	// FactorCatalogue returns the factors a panel picks from, by code.
	FactorCatalogue(ctx context.Context) ([]cdop.FactorCatalogueEntry, error)
	// BeginExtract writes the audit row of an extract asked for, before
	// it is made, its request given as fields and values; it returns the
	// row's ID.
	BeginExtract(ctx context.Context, request []cdop.FieldChange) (int64, error)
	// RecordExtract writes the audit row of an extract saved, begun as
	// row begun, its summary given as fields and values
	// (Manifest.AuditChanges).
	RecordExtract(ctx context.Context, begun int64, summary []cdop.FieldChange) error
}

// Maker makes an installation's extracts, the one way the command line and
// the desktop app both use: Begin records in the audit log that an extract
// is asked for (before any work, so a busy database refuses it before the
// work is done, not after); Draft makes the extract into a temporary file
// and says what it holds; Draft.Save puts it where the data lead chose,
// with its manifest beside it, and then records in the audit log that it
// was saved. An extract that fails is never recorded as saved.
type Maker struct {
	Store Store
	// KeyPath is where the installation's pseudonym key is kept
	// (LoadOrCreateKey); an unlinkable extract does not use it.
	KeyPath string
	// AppVersion is the version of the program, for the manifest.
	AppVersion string
	// Clock dates the manifests; nil means the system clock.
	Clock cdop.Clock
}

// Draft is an extract made and kept in a temporary file, private to the
// user, not yet saved where anyone else could read it. Its Manifest says
// what it holds and how it was protected.
type Draft struct {
	Manifest *Manifest
	path     string
	store    Store
}

// Draft makes the extract opts describe into a temporary file in
// opts.TempDir: pseudonymised with the installation's key (created on
// first use) unless opts.Unlinkable, with the store's factor catalogue
// unless opts.Catalogue is set, and with the Maker's version and clock
// unless opts has its own. It fails as Write does, leaving no file.
func (mk Maker) Draft(ctx context.Context, opts Options) (*Draft, error) {
	if !opts.Unlinkable && opts.Key.IsZero() {
		if mk.KeyPath == "" {
			return nil, cdop.Errorf(cdop.EINVALID, "no pseudonym key: the installation's key has no place to be kept; make the extract unlinkable instead")
		}
		var err error
		if opts.Key, err = LoadOrCreateKey(mk.KeyPath); err != nil {
			return nil, err
		}
	}
	if opts.Catalogue == nil {
		var err error
		if opts.Catalogue, err = mk.Store.FactorCatalogue(ctx); err != nil {
			return nil, err
		}
	}
	if opts.AppVersion == "" {
		opts.AppVersion = mk.AppVersion
	}
	if opts.Clock == nil {
		opts.Clock = mk.Clock
	}
	f, err := outfile.Temp(opts.TempDir, opts.Register)
	if err != nil {
		return nil, fmt.Errorf("extract: temporary file: %w", err)
	}
	w := bufio.NewWriterSize(f, 64<<10)
	m, err := Write(ctx, mk.Store, w, opts)
	if err == nil {
		err = w.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		outfile.RemoveTemp(f.Name())
		return nil, outfile.Explain(filepath.Dir(f.Name()), err)
	}
	return &Draft{Manifest: m, path: f.Name(), store: mk.Store}, nil
}

// Head returns the extract's header row and up to n of its first rows.
func (d *Draft) Head(n int) (header []string, rows [][]string, err error) {
	f, err := os.Open(d.path)
	if err != nil {
		return nil, nil, fmt.Errorf("extract: reading the draft: %w", err)
	}
	defer f.Close()
	r := csv.NewReader(bufio.NewReader(f))
	if header, err = r.Read(); err != nil {
		return nil, nil, fmt.Errorf("extract: reading the draft: %w", err)
	}
	for len(rows) < n {
		row, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			return nil, nil, fmt.Errorf("extract: reading the draft: %w", err)
		}
		rows = append(rows, row)
	}
	return header, rows, nil
}

// Begun is an extract recorded in the audit log as asked for.
type Begun struct {
	row int64
	// Unrecorded, when set, says why the audit log could not record the
	// extract: the database is read-only (or damaged, and so opened
	// read-only). The extract may still be made and saved, from what can
	// be read, and the caller tells the data lead it is not recorded.
	Unrecorded error
}

// Begin records in the audit log that the extract opts describe is asked
// for, to be saved at path. It fails when the audit row cannot be written
// for any reason but a read-only database (see Begun.Unrecorded).
func (mk Maker) Begin(ctx context.Context, opts Options, path string) (*Begun, error) {
	yes := map[bool]string{true: "yes", false: "no"}
	request := []cdop.FieldChange{{Field: "file", New: filepath.Base(path)}}
	if !opts.From.IsZero() {
		request = append(request, cdop.FieldChange{Field: "period_from", New: opts.From.String()})
	}
	if !opts.To.IsZero() {
		request = append(request, cdop.FieldChange{Field: "period_to", New: opts.To.String()})
	}
	k := opts.K
	if k == 0 {
		k = DefaultK
	}
	request = append(request,
		cdop.FieldChange{Field: "k_requested", New: strconv.Itoa(k)},
		cdop.FieldChange{Field: "unlinkable", New: yes[opts.Unlinkable]})
	row, err := mk.Store.BeginExtract(ctx, request)
	switch code := cdop.ErrorCode(err); {
	case err == nil:
		return &Begun{row: row}, nil
	case code == cdop.EREADONLY || code == cdop.EDAMAGED:
		return &Begun{Unrecorded: err}, nil
	}
	return nil, err
}

// Save puts the extract at path and its manifest beside it (ManifestPath),
// the manifest naming the file, written as out says (never over the
// database, an existing file only when forced); then it records in the
// audit log, against the row Begin wrote, that the extract was saved. It
// returns the manifest as saved. The manifest lands first and the extract
// just after, both whole: a failure before leaves neither. A draft may be
// saved more than once, each time begun anew: each copy is recorded.
func (d *Draft) Save(ctx context.Context, b *Begun, path string, out outfile.Options) (*Manifest, error) {
	if d.path == "" {
		return nil, errors.New("extract: the draft was discarded")
	}
	if b == nil {
		return nil, errors.New("extract: save an extract begun with Maker.Begin")
	}
	m := *d.Manifest
	m.File = filepath.Base(path)
	manifestPath := ManifestPath(path)
	if err := outfile.Check(manifestPath, out); err != nil {
		return nil, err
	}
	data, err := d.stage(path, out)
	if err != nil {
		return nil, err
	}
	defer data.Abort()
	manifest, err := outfile.Create(manifestPath, out)
	if err != nil {
		return nil, err
	}
	defer manifest.Abort()
	if err := m.WriteJSON(manifest); err != nil {
		return nil, fmt.Errorf("writing %s: %w", manifestPath, err)
	}
	if err := outfile.CommitAll(manifest, data); err != nil {
		return nil, err
	}
	if b.Unrecorded != nil {
		return &m, nil
	}
	if err := d.store.RecordExtract(ctx, b.row, m.AuditChanges()); err != nil {
		return &m, fmt.Errorf("the extract and its manifest are saved, but the audit log could not record it: %w", err)
	}
	return &m, nil
}

// Discard removes the draft's temporary file; a discarded draft cannot be
// saved. Discarding twice does no harm.
func (d *Draft) Discard() error {
	if d == nil || d.path == "" {
		return nil
	}
	err := outfile.RemoveTemp(d.path)
	d.path = ""
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	return err
}

// stage copies the draft to the output at path, not yet in place.
func (d *Draft) stage(path string, out outfile.Options) (*outfile.File, error) {
	src, err := os.Open(d.path)
	if err != nil {
		return nil, fmt.Errorf("extract: reading the draft: %w", err)
	}
	defer src.Close()
	f, err := outfile.Create(path, out)
	if err != nil {
		return nil, err
	}
	if _, err := io.Copy(f, src); err != nil {
		f.Abort()
		return nil, fmt.Errorf("writing %s: %w", path, err)
	}
	return f, nil
}
