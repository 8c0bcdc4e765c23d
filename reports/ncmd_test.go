package reports_test

import (
	"bytes"
	"strconv"
	"strings"
	"testing"

	"casemanager/cdop"
	"casemanager/ncmd"
	"casemanager/reports"
)

func mustNCMD(t testing.TB, f *cdop.CaseFile) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := reports.NCMDItems(&b, f, opts(false)); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// The printable NCMD items hold what the NCMD file holds: every item of
// every form and section with its value as people read it, each agency's
// reporting form with its dates, what is still missing, and whether the
// case was submitted; marked, numbered and the same bytes for the same case.
func TestNCMDItemsPrintWhatTheNCMDFileHolds(t *testing.T) {
	f, _ := fixture(t)
	pdf := mustNCMD(t, f)
	pages := pdfText(t, pdf)
	text := flat(pages...)
	layout := pdfLayout(t, pdf)
	doc := ncmd.New(f, produced)
	for _, form := range doc.Forms {
		if !strings.Contains(text, form.Form) {
			t.Errorf("the PDF lacks the form %q", form.Form)
		}
		for _, sec := range form.Sections {
			if !strings.Contains(text, sec.Section) {
				t.Errorf("the PDF lacks the section %s · %s", form.Form, sec.Section)
			}
			for _, it := range sec.Items {
				if !strings.Contains(text, flat(it.Label)) {
					t.Errorf("the PDF lacks the item %q", it.Label)
				}
				if it.Display != "" && !strings.Contains(text, flat(it.Display)) {
					t.Errorf("the PDF lacks %s's value %q", it.Label, it.Display)
				}
			}
		}
	}
	for _, want := range []string{
		"NCMD items", "CDOP-2025-0017", "Zoë Ó Súilleabháin", "not NCMD's form or API", "Not yet submitted to NCMD.",
		// The reporting form's returns, as rows.
		"Reporting form", "Harehills Medical Practice", "Leeds Children's Social Care", "Declined",
		// What is missing, by form and section.
		"Still missing for NCMD",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF lacks %q", want)
		}
	}
	for _, row := range []string{"Sex", "Female", "NHS number", "999 000 0174"} {
		if !strings.Contains(layout, row) {
			t.Errorf("the layout lacks %q", row)
		}
	}
	if !lineHas(layout, "Sex", "Female") || !lineHas(layout, "Harehills Medical Practice", "8 Dec 2025", "Received") {
		t.Errorf("an item and its value, or an agency and its dates, are not on one line:\n%s", layout)
	}
	for _, g := range doc.Missing {
		if !strings.Contains(text, flat(g.Item)) {
			t.Errorf("the PDF does not list the missing %q", g.Item)
		}
	}
	if len(doc.Missing) == 0 {
		t.Fatal("the fixture lacks nothing; the test needs a gap")
	}
	for i, p := range pages {
		if !strings.Contains(p, reports.Marking) || !strings.Contains(flat(p), "of "+strconv.Itoa(len(pages))) {
			t.Errorf("page %d is not marked and numbered", i+1)
		}
	}
	if again := mustNCMD(t, f); !bytes.Equal(pdf, again) {
		t.Error("the same case and production date give other bytes")
	}

	f.Case.NCMDSubmittedOn, f.Case.NCMDSubmittedBy = cdop.MustParseDate("2026-06-01"), "sam.coordinator"
	if text := flat(pdfText(t, mustNCMD(t, f))...); !strings.Contains(text, "Submitted to NCMD on 1 Jun 2026 by sam.coordinator.") {
		t.Errorf("the submission is not printed:\n%s", text)
	}
}

// lineHas reports whether one line of text holds every part, in order.
func lineHas(text string, parts ...string) bool {
	for _, line := range strings.Split(text, "\n") {
		rest, ok := line, true
		for _, p := range parts {
			i := strings.Index(rest, p)
			if i < 0 {
				ok = false
				break
			}
			rest = rest[i+len(p):]
		}
		if ok {
			return true
		}
	}
	return false
}

func TestNCMDItemsNeedACase(t *testing.T) {
	if err := reports.NCMDItems(&bytes.Buffer{}, nil, opts(false)); err == nil {
		t.Error("no case gives no error")
	}
}
