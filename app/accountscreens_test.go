package app_test

import (
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"casemanager/storage"
)

// The information-governance screens as a new administrator meets them:
// each test here is a defect seen through the real window.

// dialogTexts returns the texts of the dialog on show ("" when none).
func (h *harness) dialogTexts() []string {
	top := h.window.Canvas().Overlays().Top()
	if top == nil {
		return nil
	}
	return textsIn(top)
}

// dialogEntries returns the dialog's text boxes, in order.
func (h *harness) dialogEntries() []*widget.Entry {
	h.t.Helper()
	top := h.window.Canvas().Overlays().Top()
	if top == nil {
		h.t.Fatal("no dialog on show")
	}
	var out []*widget.Entry
	walk(top, func(o fyne.CanvasObject) bool {
		if e := as[widget.Entry](o); e != nil {
			out = append(out, e)
		}
		return true
	})
	return out
}

// typeInDialog types text into the dialog's n-th text box.
func (h *harness) typeInDialog(n int, text string) {
	h.t.Helper()
	top := h.window.Canvas().Overlays().Top()
	var boxes []fyne.Focusable
	walk(top, func(o fyne.CanvasObject) bool {
		if e := as[widget.Entry](o); e != nil {
			boxes = append(boxes, o.(fyne.Focusable))
		}
		return true
	})
	if n >= len(boxes) {
		h.t.Fatalf("the dialog has %d text boxes", len(boxes))
	}
	h.window.Canvas().Focus(boxes[n])
	test.Type(boxes[n], text)
	h.ui.Wait()
}

// TestLockTakesDialogsOffTheWindow: the idle lock hides every screen,
// dialogs too: one left open named a user (or a case) over the sign-in
// form, and could still be used there.
func TestLockTakesDialogsOffTheWindow(t *testing.T) {
	h, clock := newAccountsHarness(t, users)
	h.signIn("Ada", "correct horse battery")
	h.tap("Users")
	h.tapInRow("coordinator", "New password…")
	if !containsText(h.dialogTexts(), "New password for coordinator") {
		t.Fatalf("no dialog: %q", h.dialogTexts())
	}
	clock.add(10 * time.Minute)
	h.ui.CheckIdle()
	h.ui.Wait()
	if top := h.window.Canvas().Overlays().Top(); top != nil {
		t.Fatalf("locked, the window still shows a dialog over the sign-in form: %q", textsIn(top))
	}
	h.typeIn("Password", "correct horse battery")
	h.tap("Sign in")
	if !containsText(h.screenText(), "Signed in as Ada") {
		t.Fatalf("not signed in again: %q", h.screenText())
	}
	// The dialog's Enter went with it: Enter on the window sets no password.
	h.window.Canvas().Unfocus()
	h.press(fyne.KeyReturn)
	if h.window.Canvas().Overlays().Top() != nil || containsText(h.screenText(), "a new password") {
		t.Errorf("Enter after signing in again acted on the closed dialog: %q", h.screenText())
	}
}

// TestRecoveryStartsInTheKeyBox: "Forgotten password?" puts the cursor in
// the recovery key's box (typing straight away put the key nowhere, then
// Tab put the new password in the plain administrator's box, on show), and
// Enter goes from box to box and sets the password.
func TestRecoveryStartsInTheKeyBox(t *testing.T) {
	var key string
	h, _ := newAccountsHarness(t, func(db *storage.DB) {
		k, _, err := db.CreateFirstAdmin(context.Background(), "Ada", "correct horse battery")
		if err != nil {
			t.Fatal(err)
		}
		key = k
	})
	h.tap("Forgotten password? Use the recovery key…")
	keyBox, _ := h.entry("XXXX-XXXX-… (56 letters and digits)")
	focused := h.window.Canvas().Focused()
	if focused == nil || as[widget.Entry](focused.(fyne.CanvasObject)) != keyBox {
		t.Fatalf("the cursor is in %T, not the recovery key's box", focused)
	}
	test.Type(focused, key)
	h.press(fyne.KeyReturn)
	name, _ := h.entry("Administrator's user name")
	if f := h.window.Canvas().Focused(); f == nil || as[widget.Entry](f.(fyne.CanvasObject)) != name {
		t.Fatal("Enter in the key's box does not go on to the administrator's")
	}
	test.Type(h.window.Canvas().Focused(), "Ada")
	h.press(fyne.KeyReturn)
	pw, _ := h.entry("New password")
	if f := h.window.Canvas().Focused(); f == nil || as[widget.Entry](f.(fyne.CanvasObject)) != pw {
		t.Fatal("Enter in the administrator's box does not go on to the new password")
	}
	test.Type(h.window.Canvas().Focused(), "a new long password")
	h.press(fyne.KeyReturn)
	if !containsText(h.screenText(), "Signed in as Ada") {
		t.Fatalf("Enter in the new password's box did not set it: %q", h.screenText())
	}
}

// TestRecoveryKeyBreaksBetweenGroups: the key shown once is set out on
// lines of whole groups of four (it wrapped inside a group, "…-11A" over
// "G-AZKB", for someone copying it by hand to misread).
func TestRecoveryKeyBreaksBetweenGroups(t *testing.T) {
	h, _ := newAccountsHarness(t, nil)
	h.typeIn("User name", "Ada")
	h.typeIn("Password", "correct horse battery")
	h.typeIn("Password again", "correct horse battery")
	h.tap("Create the administrator")
	var rows []string
	walk(h.window.Content(), func(o fyne.CanvasObject) bool {
		if tx, ok := o.(*canvas.Text); ok && tx.TextStyle.Monospace && tx.Text != "" {
			rows = append(rows, tx.Text)
		}
		return true
	})
	if len(rows) == 0 {
		t.Fatal("no recovery key drawn")
	}
	groups := 0
	for _, row := range rows {
		for _, g := range strings.Split(strings.TrimSuffix(row, "-"), "-") {
			if len(g) != 4 {
				t.Errorf("a line of the key is %q: it breaks inside a group", row)
			}
			groups++
		}
	}
	if groups != 14 {
		t.Errorf("the key drawn has %d groups in %q; want 14", groups, rows)
	}
}

// TestAddUserRefusalKeepsTheDialog: a user the app refuses (no role, a
// short password) is said in the dialog, which stays open with what was
// typed; the message bar said "Not addedgive the user at least one role"
// and what was typed was gone.
func TestAddUserRefusalKeepsTheDialog(t *testing.T) {
	h, _ := newAccountsHarness(t, users)
	h.signIn("Ada", "correct horse battery")
	h.tap("Users")
	h.tap("Add a user…")
	h.typeInDialog(0, "Bea")
	h.typeInDialog(1, "bea's first long password")
	h.tap("Add")
	if !containsText(h.dialogTexts(), "Give the user at least one role.") {
		t.Fatalf("no role: the dialog shows %q; the window %q", h.dialogTexts(), h.screenText())
	}
	if boxes := h.dialogEntries(); boxes[0].Text != "Bea" || boxes[1].Text != "bea's first long password" {
		t.Errorf("what was typed is gone: %q, %q", boxes[0].Text, boxes[1].Text)
	}
	h.tickInDialog("Panel member")
	h.tap("Add")
	if h.window.Canvas().Overlays().Top() != nil {
		t.Fatalf("the dialog is still open: %q", h.dialogTexts())
	}
	if row := strings.Join(h.rowOf("Bea"), " "); !strings.Contains(row, "Panel member") {
		t.Errorf("Bea's row: %q", row)
	}
	// A short password is refused before anything is written, where it was typed.
	h.tap("Add a user…")
	h.typeInDialog(0, "Cy")
	h.tickInDialog("Data lead")
	h.typeInDialog(1, "short")
	h.tap("Add")
	if h.window.Canvas().Overlays().Top() == nil {
		t.Fatal("a 5-character password closed the dialog")
	}
	if rows := h.screenText(); containsText(rows, "Cy") {
		t.Errorf("a user with a short password was added: %q", rows)
	}
}

// TestNoOneIsOfferedToDisableThemselves: the administrator's own row had a
// Disable button that could only fail ("Not changedyou cannot disable your
// own account").
func TestNoOneIsOfferedToDisableThemselves(t *testing.T) {
	h, _ := newAccountsHarness(t, users)
	h.signIn("Ada", "correct horse battery")
	h.tap("Users")
	var own, other *widget.Button
	walk(h.window.Content(), func(o fyne.CanvasObject) bool {
		if c, ok := o.(*fyne.Container); ok && hasButton(c, "Disable") {
			if hasText(c, "Ada") && !hasText(c, "coordinator") {
				own = buttonIn(c, "Disable")
			} else if hasText(c, "panel") && !hasText(c, "Ada") {
				other = buttonIn(c, "Disable")
			}
		}
		return true
	})
	if own == nil || other == nil {
		t.Fatalf("no Disable buttons found: %q", h.screenText())
	}
	if !own.Disabled() {
		t.Error("the administrator is offered to disable their own account")
	}
	if other.Disabled() {
		t.Error("the administrator cannot disable another user")
	}
}

// tickInDialog ticks the dialog's box labelled option.
func (h *harness) tickInDialog(option string) {
	h.t.Helper()
	var box *widget.Check
	walk(h.window.Canvas().Overlays().Top(), func(o fyne.CanvasObject) bool {
		if c, ok := o.(*widget.Check); ok && c.Text == option {
			box = c
		}
		return box == nil
	})
	if box == nil {
		h.t.Fatalf("the dialog has no box %q", option)
	}
	test.Tap(box)
	h.ui.Wait()
}

// buttonIn returns the button text under o.
func buttonIn(o fyne.CanvasObject, text string) *widget.Button {
	var b *widget.Button
	walk(o, func(c fyne.CanvasObject) bool {
		if x, ok := c.(*widget.Button); ok && x.Text == text {
			b = x
			return false
		}
		return true
	})
	return b
}

// TestAuditFiltersAreNamed: the audit log's two date boxes are named on
// screen (they looked alike, each with the same cut-off hint); a date that
// is not one is refused naming the box and echoing what was typed, and the
// refusal goes once the date is put right.
func TestAuditFiltersAreNamed(t *testing.T) {
	h, _ := newAccountsHarness(t, users)
	h.signIn("Ada", "correct horse battery")
	h.tap("Audit log")
	for _, name := range []string{"User", "Case reference", "From date", "To date", "Action"} {
		if !containsText(h.screenText(), name) {
			t.Errorf("no filter named %q on screen: %q", name, h.screenText())
		}
	}
	from, _ := h.entry("YYYY-MM-DD") // the first: From
	h.typeIn("YYYY-MM-DD", "31/02/2026")
	h.tap("Show")
	if want := `From date: "31/02/2026" is not a date`; !containsText(h.screenText(), want) {
		t.Errorf("a bad date says %q; want %q", h.screenText(), want)
	}
	from.SetText("1/12/2026")
	h.tap("Show")
	if containsText(h.screenText(), "is not a date") {
		t.Errorf("the refusal stays once the date is right: %q", h.screenText())
	}
}

// TestUsersButtonsFitASmallWindow: on a 1024×640 screen the window opens
// at 922×576, where each user's "New password…" button was cut off at the
// right edge.
func TestUsersButtonsFitASmallWindow(t *testing.T) {
	h, _ := newAccountsHarness(t, users)
	h.window.Resize(fyne.NewSize(922, 576))
	h.signIn("Ada", "correct horse battery")
	h.tap("Users")
	walk(h.window.Content(), func(o fyne.CanvasObject) bool {
		if b, ok := o.(*widget.Button); ok && (b.Text == "New password…" || b.Text == "Disable") {
			h.insideWindow("Users: "+b.Text, b)
		}
		return true
	})
}

// TestAuditFiltersMatchPartsOfNamesIgnoringCase: the user and action
// filters find rows whose user or action contains what is typed, in any
// case (they matched whole names only, so "SIGN" found no sign-in).
func TestAuditFiltersMatchPartsOfNamesIgnoringCase(t *testing.T) {
	h, _ := newAccountsHarness(t, users)
	h.signIn("Ada", "correct horse battery")
	h.tap("Audit log")
	h.typeIn("User name", "D")
	h.typeIn("e.g. sign_in", "SIGN")
	h.tap("Show")
	shown := h.auditRows()
	if len(shown) == 0 {
		t.Fatalf("no rows for user %q and action %q: %q", "D", "SIGN", h.screenText())
	}
	for _, row := range shown {
		if row[2] != "Ada" || !strings.Contains(row[4], "sign") {
			t.Errorf("a row shown that does not match: %q", row)
		}
	}
	if want := fmt.Sprintf("%d rows", len(shown)); !containsText(h.screenText(), want) {
		t.Errorf("the count does not say %q: %q", want, h.screenText())
	}
}

// auditRows returns the rows of the audit log on screen, each as its
// cells (row, when, who, case, action, what).
func (h *harness) auditRows() [][]string {
	var rows [][]string
	walk(h.window.Content(), func(o fyne.CanvasObject) bool {
		c, ok := o.(*fyne.Container)
		if !ok || len(c.Objects) != 6 {
			return true
		}
		cells := make([]string, 6)
		for i, cell := range c.Objects {
			if l, ok := cell.(*widget.Label); ok {
				cells[i] = l.Text
			}
		}
		if _, err := strconv.Atoi(cells[0]); err == nil {
			rows = append(rows, cells)
		}
		return true
	})
	return rows
}

// TestAuditLogExportsTheRowsShownAsCSV: Export CSV… saves the rows on show
// under the audit command's columns, and the export is itself audited.
func TestAuditLogExportsTheRowsShownAsCSV(t *testing.T) {
	h, _ := newAccountsHarness(t, users)
	h.fileDialog = h.ui.ChooseSaveFile
	h.signIn("Ada", "correct horse battery")
	h.tap("Audit log")
	h.typeIn("e.g. sign_in", "sign")
	h.tap("Show")
	shown := h.auditRows()
	if len(shown) == 0 {
		t.Fatalf("no rows for action %q: %q", "sign", h.screenText())
	}
	path := filepath.Join(t.TempDir(), "audit.csv")
	h.saveTo(path)
	h.tap("Export CSV…")
	if got := h.lastAsked(); got.name != "CDOP-audit-log-2026-11-23.csv" || len(got.extensions) != 1 || got.extensions[0] != ".csv" {
		t.Errorf("asked where to save %+v", got)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("nothing saved: %v (%q)", err, h.dialogText())
	}
	defer f.Close()
	records, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(records) == 0 || strings.Join(records[0], ",") != "id,at,user,case_ref,action,changes" {
		t.Fatalf("the file's header: %q", records)
	}
	if len(records)-1 != len(shown) {
		t.Fatalf("the file holds %d rows; %d are on show", len(records)-1, len(shown))
	}
	for i, r := range records[1:] {
		if r[0] != shown[i][0] || r[2] != shown[i][2] || r[4] != shown[i][4] {
			t.Errorf("row %d of the file is %q; on screen %q", i+1, r, shown[i])
		}
	}
	lines, _ := h.db.AuditLines(context.Background())
	if !strings.Contains(strings.Join(lines, "\n"), "Ada output") {
		t.Errorf("the export is not audited:\n%s", strings.Join(lines, "\n"))
	}
}

// TestLockClearsTheMessageBar: a message from before the idle lock (here
// a refused filter) is gone once the user signs in again.
func TestLockClearsTheMessageBar(t *testing.T) {
	h, clock := newAccountsHarness(t, users)
	h.signIn("Ada", "correct horse battery")
	h.tap("Audit log")
	h.typeIn("YYYY-MM-DD", "31/02/2026")
	h.tap("Show")
	if !containsText(h.screenText(), "is not a date") {
		t.Fatalf("no message to clear: %q", h.screenText())
	}
	clock.add(10 * time.Minute)
	h.ui.CheckIdle()
	h.ui.Wait()
	h.typeIn("Password", "correct horse battery")
	h.tap("Sign in")
	if !containsText(h.screenText(), "Audit log") {
		t.Fatalf("not back on the audit log: %q", h.screenText())
	}
	if containsText(h.screenText(), "is not a date") {
		t.Errorf("the message from before the lock is still shown: %q", h.screenText())
	}
}
