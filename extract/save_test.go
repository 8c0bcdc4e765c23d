package extract_test

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"casemanager/cdop"
	"casemanager/extract"
	"casemanager/outfile"
)

// memStore is an extract.Store in memory that records the audit rows.
type memStore struct {
	sliceStreamer
	begun     [][]cdop.FieldChange // the rows of extracts asked for
	audits    [][]cdop.FieldChange // the rows of extracts saved
	doneOf    []int64              // the begun row each saved one names
	failBegin error                // returned by BeginExtract when set
	failLog   error                // returned by RecordExtract when set
}

func (s *memStore) BeginExtract(_ context.Context, request []cdop.FieldChange) (int64, error) {
	if s.failBegin != nil {
		return 0, s.failBegin
	}
	s.begun = append(s.begun, request)
	return int64(len(s.begun)), nil
}

func (s *memStore) FactorCatalogue(context.Context) ([]cdop.FactorCatalogueEntry, error) {
	return cdop.DefaultFactorCatalogue, nil
}

func (s *memStore) RecordExtract(_ context.Context, begun int64, summary []cdop.FieldChange) error {
	if s.failLog != nil {
		return s.failLog
	}
	s.audits = append(s.audits, summary)
	s.doneOf = append(s.doneOf, begun)
	return nil
}

// save begins the extract and saves the draft at path, as the command
// line and the app do.
func save(ctx context.Context, mk extract.Maker, d *extract.Draft, path string) (*extract.Manifest, error) {
	b, err := mk.Begin(ctx, extract.Options{K: d.Manifest.KRequested}, path)
	if err != nil {
		return nil, err
	}
	return d.Save(ctx, b, path, outfile.Options{})
}

// entries lists the names of the files in dir.
func entries(t *testing.T, dir string) []string {
	t.Helper()
	list, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range list {
		out = append(out, e.Name())
	}
	return out
}

func TestDraft_PreviewThenSaveWithManifestAndAudit(t *testing.T) {
	cases := demoCases(2, 701, 3)[:1400] // 1,402 deaths, but for a voided and a transferred case
	store := &memStore{sliceStreamer: sliceStreamer{cases: cases}}
	tmp, out := t.TempDir(), t.TempDir()
	mk := extract.Maker{Store: store, KeyPath: filepath.Join(t.TempDir(), "pseudonym.key"), AppVersion: "test-1.0", Clock: cdop.FixedClock(testNow)}
	type call struct{ done, total int }
	var calls []call
	ctx := cdop.WithActor(context.Background(), "data.lead")
	d, err := mk.Draft(ctx, extract.Options{K: 5, TempDir: tmp, Progress: func(done, total int) { calls = append(calls, call{done, total}) }})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Discard()
	m := d.Manifest
	if m.Rows != len(cases) || !m.KMet() || m.AppVersion != "test-1.0" || m.Pseudonyms.Unlinkable || m.ProducedBy != "data.lead" {
		t.Fatalf("manifest: %d rows, k %d of %d, version %q, unlinkable %v, by %q", m.Rows, m.KAchieved, m.KRequested, m.AppVersion, m.Pseudonyms.Unlinkable, m.ProducedBy)
	}
	if _, err := os.Stat(mk.KeyPath); err != nil {
		t.Errorf("the installation key was not created: %v", err)
	}

	// Progress: the rows read (total not yet known), then written of the total.
	if len(calls) < 4 {
		t.Fatalf("progress was told %d times: %v", len(calls), calls)
	}
	if last := calls[len(calls)-1]; last != (call{1400, 1400}) {
		t.Errorf("last progress %v, want 1400 of 1400", last)
	}
	if !slices.Contains(calls, call{1400, 0}) {
		t.Errorf("progress never told that all 1400 rows were read: %v", calls)
	}
	for i := 1; i < len(calls); i++ {
		a, b := calls[i-1], calls[i]
		if a.total == b.total && b.done < a.done || a.total > 0 && b.total == 0 {
			t.Errorf("progress went back: %v then %v", a, b)
		}
	}

	// The preview: the header and the first rows, in the extract's columns.
	header, rows, err := d.Head(20)
	if err != nil {
		t.Fatal(err)
	}
	if header[0] != "pseudonym" || len(rows) != 20 || len(rows[0]) != len(header) {
		t.Errorf("head: header %q, %d rows of %d columns", header, len(rows), len(rows[0]))
	}

	// Saved: the extract, its manifest naming it, one audit row; no
	// temporary file left beside it.
	path := filepath.Join(out, "leeds.csv")
	saved, err := save(ctx, mk, d, path)
	if err != nil {
		t.Fatal(err)
	}
	if got := entries(t, out); !slices.Equal(got, []string{"leeds.csv", "leeds.manifest.json"}) {
		t.Errorf("saved files %q", got)
	}
	text, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if lines := strings.Count(string(text), "\n"); lines != 1401 || !strings.HasPrefix(string(text), strings.Join(header, ",")+"\n"+strings.Join(rows[0], ",")) {
		t.Errorf("saved extract has %d lines and does not start with the preview", lines)
	}
	var mj extract.Manifest
	js, _ := os.ReadFile(filepath.Join(out, "leeds.manifest.json"))
	if err := json.Unmarshal(js, &mj); err != nil {
		t.Fatal(err)
	}
	if mj.File != "leeds.csv" || saved.File != "leeds.csv" || mj.Rows != 1400 || mj.Pseudonyms.KeyID != m.Pseudonyms.KeyID {
		t.Errorf("manifest names %q (returned %q), %d rows, key %s", mj.File, saved.File, mj.Rows, mj.Pseudonyms.KeyID)
	}
	if len(store.begun) != 1 || len(store.audits) != 1 || store.doneOf[0] != 1 {
		t.Fatalf("%d audit rows begun, %d saved (naming %v), want one of each naming the first", len(store.begun), len(store.audits), store.doneOf)
	}
	fields := map[string]string{}
	for _, c := range store.audits[0] {
		fields[c.Field] = c.New
	}
	if fields["file"] != "leeds.csv" || fields["rows"] != "1400" || fields["key_id"] != m.Pseudonyms.KeyID {
		t.Errorf("audit row %v", fields)
	}

	// An audit log that cannot record the extract asked for: nothing is
	// saved, and nothing is recorded as saved.
	store.failBegin = cdop.Errorf(cdop.EBUSY, "the database is locked")
	if _, err := save(ctx, mk, d, filepath.Join(out, "again.csv")); err == nil || !strings.Contains(err.Error(), "locked") {
		t.Errorf("save with a failing audit: %v", err)
	}
	if got := entries(t, out); !slices.Equal(got, []string{"leeds.csv", "leeds.manifest.json"}) {
		t.Errorf("a failed save left %q", got)
	}
	if len(store.audits) != 1 {
		t.Errorf("%d extracts recorded as saved, want the one", len(store.audits))
	}
	store.failBegin = nil

	// An existing file is replaced only when forced; refused, nothing is
	// written and nothing is recorded as saved.
	b, err := mk.Begin(ctx, extract.Options{}, path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.Save(ctx, b, path, outfile.Options{}); !errors.Is(err, outfile.ErrExists) {
		t.Errorf("saving over the extract: %v", err)
	}
	if len(store.audits) != 1 {
		t.Errorf("%d extracts recorded as saved, want the one", len(store.audits))
	}
	if _, err := d.Save(ctx, b, path, outfile.Options{Force: true}); err != nil {
		t.Errorf("saving over the extract with force: %v", err)
	}

	// A read-only database: the extract is saved, and said to be unrecorded.
	store.failBegin = cdop.Errorf(cdop.EREADONLY, "the database is read-only")
	b, err = mk.Begin(ctx, extract.Options{}, filepath.Join(out, "ro.csv"))
	if err != nil || b.Unrecorded == nil {
		t.Fatalf("Begin on a read-only database: %+v, %v", b, err)
	}
	if _, err := d.Save(ctx, b, filepath.Join(out, "ro.csv"), outfile.Options{}); err != nil {
		t.Errorf("saving from a read-only database: %v", err)
	}
	if len(store.audits) != 2 {
		t.Errorf("%d extracts recorded as saved, want 2", len(store.audits))
	}
	store.failBegin = nil

	// Discarded: the temporary file is gone and the draft cannot be saved.
	if len(entries(t, tmp)) != 1 {
		t.Errorf("the draft's folder holds %q, want its one file", entries(t, tmp))
	}
	if err := d.Discard(); err != nil {
		t.Fatal(err)
	}
	if got := entries(t, tmp); len(got) != 0 {
		t.Errorf("discarded draft left %q", got)
	}
	store.failLog = nil
	if _, err := save(ctx, mk, d, filepath.Join(out, "late.csv")); err == nil {
		t.Error("a discarded draft was saved")
	}
}

func TestDraft_UnlinkableNeedsNoKeyAndFailuresLeaveNoFile(t *testing.T) {
	cases := demoCases(1, 40, 8)
	store := &memStore{sliceStreamer: sliceStreamer{cases: cases}}
	tmp := t.TempDir()
	mk := extract.Maker{Store: store, Clock: cdop.FixedClock(testNow)}
	ctx := context.Background()
	if _, err := mk.Draft(ctx, extract.Options{TempDir: tmp}); err == nil || !strings.Contains(err.Error(), "unlinkable") {
		t.Errorf("a linkable extract with no key path: %v", err)
	}
	d, err := mk.Draft(ctx, extract.Options{Unlinkable: true, TempDir: tmp})
	if err != nil {
		t.Fatal(err)
	}
	if !d.Manifest.Pseudonyms.Unlinkable || d.Manifest.Rows != len(cases) {
		t.Errorf("unlinkable draft: %+v", d.Manifest.Pseudonyms)
	}
	d.Discard()
	if _, err := mk.Draft(ctx, extract.Options{Unlinkable: true, K: 50, TempDir: tmp}); err == nil || cdop.ErrorCode(err) != cdop.EINVALID {
		t.Errorf("k above the rows: %v", err)
	}
	if got := entries(t, tmp); len(got) != 0 {
		t.Errorf("drafts left %q", got)
	}
}
