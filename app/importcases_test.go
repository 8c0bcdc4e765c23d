package app_test

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	fynestorage "fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"casemanager/app"
	"casemanager/cdop"
	"casemanager/storage"
)

// A coordinator imports a file of cases from the register: a file with a
// problem stores nothing and names the problem by line and column; the
// corrected file stores every case, says how many, and the register lists
// them.
func TestImportCasesFromTheRegister(t *testing.T) {
	h, db, example := newImportHarness(t)
	file := func(name, text string) string {
		path := filepath.Join(t.TempDir(), name)
		if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		return path
	}
	var pick string
	var asked []string
	h.ui.ChooseOpenFile = func(title string, extensions []string, done func(fyne.URIReadCloser, error)) {
		asked = append(asked, title+" "+strings.Join(extensions, ","))
		if pick == "" {
			done(nil, nil) // the dialog closed without a file
			return
		}
		rc, err := fynestorage.Reader(fynestorage.NewFileURI(pick))
		done(rc, err)
	}
	h.ui.ShowCaseList()
	h.ui.Wait()

	pick = ""
	h.tap("Import cases…")
	if len(asked) != 1 || asked[0] != "Import cases from a file .csv" {
		t.Fatalf("Import cases… asked for %q, want a CSV file", asked)
	}

	pick = file("bad.csv", strings.Replace(string(example), "2024-10-02", "2024-13-02", 1))
	h.tap("Import cases…")
	shown := everyText(h.window.Canvas().Overlays().Top())
	if !containsText(shown, "no case was stored") || !containsText(shown, "line 3: date_of_birth:") {
		t.Errorf("the refusal of a bad file shows %q; want no case stored and the problem by line and column", shown)
	}
	h.tap("Close")
	if got := listed(t, db); got != 0 {
		t.Fatalf("a refused file stored %d cases", got)
	}

	pick = file("good.csv", string(example))
	h.tap("Import cases…")
	if got := listed(t, db); got != 3 {
		t.Fatalf("the import stored %d cases, want 3", got)
	}
	if !containsText(h.screenText(), "Imported 3 cases from good.csv.") {
		t.Errorf("after the import the window shows %q", h.screenText())
	}
	if !containsText(h.screenText(), "CDOP-2025-0002") {
		t.Errorf("the register does not list the imported cases")
	}
}

// An app that cannot import (no importer given) offers no Import cases…
// (only coordinators, who may import, see the register at all).
func TestImportCasesIsOfferedOnlyWhereItCanBeUsed(t *testing.T) {
	test.NewTempApp(t)
	db := openStore(t)
	h := newUI(t, db, db)
	h.ui.ShowCaseList()
	h.ui.Wait()
	if b := h.find(func(o fyne.CanvasObject) bool {
		b, ok := o.(*widget.Button)
		return ok && b.Text == "Import cases…" && b.Visible()
	}); b != nil {
		t.Error("an app with no importer offers Import cases…")
	}
}

func listed(t *testing.T, db interface {
	ListCases(context.Context, cdop.CaseFilter) ([]cdop.CaseListing, error)
}) int {
	t.Helper()
	l, err := db.ListCases(context.Background(), cdop.CaseFilter{})
	if err != nil {
		t.Fatal(err)
	}
	return len(l)
}

// pipeFile is a file being read as it arrives (a slow network share).
type pipeFile struct {
	*io.PipeReader
	uri fyne.URI
}

func (p pipeFile) URI() fyne.URI { return p.uri }

// Cancel during an import stores nothing, and says so.
func TestImportCasesCancelledStoresNothing(t *testing.T) {
	h, db, example := newImportHarness(t)
	r, w := io.Pipe()
	h.ui.ChooseOpenFile = func(_ string, _ []string, done func(fyne.URIReadCloser, error)) {
		done(pipeFile{r, fynestorage.NewFileURI(filepath.Join(t.TempDir(), "slow.csv"))}, nil)
	}
	h.ui.ShowCaseList()
	h.ui.Wait()
	header, rest, _ := strings.Cut(string(example), "\n")
	go w.Write([]byte(header + "\n"))
	test.Tap(h.button("Import cases…")) // the import waits for the rest of the file
	cancel, _ := h.find(func(o fyne.CanvasObject) bool {
		b, ok := o.(*widget.Button)
		return ok && b.Text == "Cancel" && b.Visible()
	}).(*widget.Button)
	if cancel == nil {
		t.Fatal("the import shows no Cancel")
	}
	test.Tap(cancel)
	go func() {
		w.Write([]byte(rest))
		w.Close()
	}()
	h.ui.Wait()
	if got := listed(t, db); got != 0 {
		t.Fatalf("a cancelled import stored %d cases", got)
	}
	if !containsText(h.screenText(), "The import of slow.csv was cancelled: no case was stored.") {
		t.Errorf("after Cancel the window shows %q", h.screenText())
	}
}

// newImportHarness is the app over a new store that it can import into,
// with the interchange format's example file (three cases) to import.
func newImportHarness(t *testing.T) (*harness, *storage.DB, []byte) {
	t.Helper()
	test.NewTempApp(t)
	db := openStore(t)
	h := newUI(t, db, db, func(s *app.Services) { s.Import = db })
	example, err := os.ReadFile("../interchange/testdata/example-cases.csv")
	if err != nil {
		t.Fatal(err)
	}
	return h, db, example
}
