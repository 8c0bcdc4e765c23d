package app_test

import (
	"bytes"
	"context"
	"fmt"
	"log"
	"os"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"casemanager/cdop"
	"casemanager/memstore"
)

// brokenRegister is a store whose case register cannot be read: its error
// quotes a child's name and NHS number, as a careless driver might.
type brokenRegister struct {
	store
}

func (brokenRegister) ListCases(context.Context, cdop.CaseFilter) ([]cdop.CaseListing, error) {
	return nil, fmt.Errorf("scan row of Ayla Thornbury (9990000018): %w", context.DeadlineExceeded)
}

func TestAnInternalErrorIsShownAsAPlainSentenceAndLoggedWithoutData(t *testing.T) {
	var logged bytes.Buffer
	log.SetOutput(&logged)
	t.Cleanup(func() { log.SetOutput(os.Stderr) })
	test.NewTempApp(t)
	h := newUI(t, brokenRegister{memstore.New(cdop.FixedClock(today))}, nil)

	h.tap("Case register")
	if !containsText(h.screenText(), "Could not load cases: Something went wrong; the details are in the log.") {
		t.Errorf("the register does not say it could not load the cases: %q", h.screenText())
	}
	for _, id := range []string{"Ayla", "Thornbury", "9990000018"} {
		if containsText(h.screenText(), id) {
			t.Errorf("the screen shows %q from the internal error: %q", id, h.screenText())
		}
		if strings.Contains(logged.String(), id) {
			t.Errorf("the log quotes %q: %q", id, logged.String())
		}
	}
	if !strings.Contains(logged.String(), "kind=deadline_exceeded") {
		t.Errorf("the log does not say what went wrong: %q", logged.String())
	}
}
