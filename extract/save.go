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

	"casemanager/cdop"
)

// Store is what an installation's extracts are made from and recorded in:
// the cases, the factor catalogue and the audit log. storage.DB implements it.
type Store interface {
	CaseStreamer
	// FactorCatalogue returns the factors a panel picks from, by code.
	FactorCatalogue(ctx context.Context) ([]cdop.FactorCatalogueEntry, error)
	// RecordExtract writes the audit row of an extract, its summary given
	// as fields and values (Manifest.AuditChanges).
	RecordExtract(ctx context.Context, summary []cdop.FieldChange) error
}

// Maker makes an installation's extracts, the one way the command line and
// the desktop app both use: Draft makes the extract into a temporary file
// and says what it holds; Draft.Save puts it where the data lead chose,
// with its manifest beside it, and records it in the audit log.
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
	f, err := os.CreateTemp(opts.TempDir, ".cdop-extract-*.csv.tmp")
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
		os.Remove(f.Name())
		return nil, err
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

// Save puts the extract at path and its manifest beside it (ManifestPath),
// the manifest naming the file, and records the extract in the audit log;
// it returns the manifest as saved. The extract lands only once the other
// two are written, and a failure leaves neither file. A draft may be saved
// more than once: each copy is recorded.
func (d *Draft) Save(ctx context.Context, path string) (*Manifest, error) {
	m := *d.Manifest
	m.File = filepath.Base(path)
	staged, err := d.stage(path)
	if err != nil {
		return nil, err
	}
	defer os.Remove(staged) // gone once renamed into place
	manifestPath := ManifestPath(path)
	if err := writeFileAtomic(manifestPath, m.WriteJSON); err != nil {
		return nil, err
	}
	if err := d.store.RecordExtract(ctx, m.AuditChanges()); err != nil {
		os.Remove(manifestPath)
		return nil, err
	}
	if err := os.Rename(staged, path); err != nil {
		os.Remove(manifestPath)
		return nil, fmt.Errorf("writing %s: %w", path, err)
	}
	return &m, nil
}

// Discard removes the draft's temporary file; a discarded draft cannot be
// saved. Discarding twice does no harm.
func (d *Draft) Discard() error {
	if d == nil || d.path == "" {
		return nil
	}
	err := os.Remove(d.path)
	d.path = ""
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	return err
}

// stage copies the draft to a temporary file beside path, to be renamed
// into place.
func (d *Draft) stage(path string) (string, error) {
	if d.path == "" {
		return "", errors.New("extract: the draft was discarded")
	}
	src, err := os.Open(d.path)
	if err != nil {
		return "", fmt.Errorf("extract: reading the draft: %w", err)
	}
	defer src.Close()
	var staged string
	err = writeTemp(path, func(tmp *os.File) error {
		staged = tmp.Name()
		_, err := io.Copy(tmp, src)
		return err
	})
	if err != nil {
		return "", err
	}
	return staged, nil
}

// writeFileAtomic writes a file through a temporary file beside path,
// renamed into place, so a failure never leaves a half-written file.
func writeFileAtomic(path string, write func(io.Writer) error) error {
	var tmp string
	err := writeTemp(path, func(f *os.File) error {
		tmp = f.Name()
		return write(f)
	})
	if err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}

// writeTemp writes a new temporary file beside path, synced and closed; on
// failure it is removed.
func writeTemp(path string, write func(*os.File) error) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("creating %s: %w", path, err)
	}
	err = write(f)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(f.Name())
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}
