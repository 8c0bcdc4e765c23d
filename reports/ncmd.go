package reports

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"casemanager/cdop"
	"casemanager/ncmd"
)

// NCMDItems writes a case's NCMD items as an A4 PDF a coordinator can key
// from: the same content as the NCMD file (ncmd.New) — the notification
// form's items by section, the agencies' reporting form returns, the
// analysis form's items, what NCMD asks for that the case still lacks, and
// the submission when recorded. It is identifiable (it holds what NCMD
// needs) and, like the file, this app's own layout, not NCMD's form.
func NCMDItems(w io.Writer, f *cdop.CaseFile, opts Options) error {
	if f == nil || f.Case == nil {
		return errors.New("reports: no case for the NCMD items")
	}
	doc := ncmd.New(f, opts.Produced)
	d, err := newDoc("NCMD items "+doc.CaseRef, opts)
	if err != nil {
		return err
	}
	d.newPage()
	sub := doc.CaseRef
	if name := strings.TrimSpace(f.Case.FullName()); name != "" {
		sub += "  ·  " + name
	}
	d.title("NCMD items", sub+"  ·  Stage: "+f.Case.Stage.Label())
	d.note("Identifiable: the items the National Child Mortality Database asks for, as this case holds them, for keying or uploading. " +
		"This is CDOP Case Manager's own printout, not NCMD's form or API; nothing is sent to NCMD from this app.")
	status := "Not yet submitted to NCMD."
	if doc.Submitted != nil {
		on := doc.Submitted.On
		if d, err := cdop.ParseDate(on); err == nil {
			on = d.Display()
		}
		status = fmt.Sprintf("Submitted to NCMD on %s by %s.", on, doc.Submitted.By)
	}
	if n := len(doc.Missing); n > 0 {
		status += fmt.Sprintf(" %s NCMD asks for %s still missing (listed at the end).", capitalise(plural(n, "item")), isAre(n))
	} else {
		status += " Nothing NCMD asks for is missing."
	}
	d.para(status)

	reportingDone := false
	for _, form := range doc.Forms {
		if form.Form == cdop.NCMDAnalysis && !reportingDone {
			ncmdReports(d, doc.AgencyReports)
			reportingDone = true
		}
		sections := make([][]field, len(form.Sections))
		for i, sec := range form.Sections {
			for _, it := range sec.Items {
				value := it.Display
				if strings.TrimSpace(value) == "" {
					value = it.Value
				}
				sections[i] = append(sections[i], field{label: it.Label, value: value})
			}
		}
		// The form's heading stays with its first section's heading and rows.
		follow := 20.0
		if len(sections) > 0 {
			follow = 10 + min(d.fieldsHeight(sections[0]), keepTogether)
		}
		d.heading(1, form.Form, follow)
		for i, sec := range form.Sections {
			d.fieldsHeading(2, sec.Section, sections[i])
			d.fields(sections[i])
		}
	}
	if !reportingDone {
		ncmdReports(d, doc.AgencyReports)
	}
	if len(doc.Missing) > 0 {
		d.heading(1, "Still missing for NCMD", 18)
		rows := make([][]string, 0, len(doc.Missing))
		for _, g := range doc.Missing {
			rows = append(rows, []string{g.Form, g.Section, g.Item})
		}
		d.table(table{cols: []column{{title: "Form", width: 40}, {title: "Section", width: 36}, {title: "Item"}}, rows: rows})
	}
	return d.finish(w)
}

// ncmdReports prints the reporting form's part: each agency asked for a
// reporting or supplementary form, with its dates.
func ncmdReports(d *doc, reports []ncmd.Report) {
	d.heading(1, cdop.NCMDReporting, 18)
	if len(reports) == 0 {
		d.para("No reporting forms have been requested.")
		return
	}
	day := func(s string) string {
		if t, err := cdop.ParseDate(s); err == nil && !t.IsZero() {
			return t.Display()
		}
		return s
	}
	rows := make([][]string, 0, len(reports))
	for _, r := range reports {
		rows = append(rows, []string{r.Agency, r.FormLabel, day(r.RequestedOn), day(r.ReceivedOn), day(r.DeclinedOn), capitalise(r.Status)})
	}
	d.table(table{
		cols: []column{{title: "Agency"}, {title: "Form", width: 36}, {title: "Requested", width: 24},
			{title: "Received", width: 24}, {title: "Declined", width: 24}, {title: "Status", width: 22}},
		rows: rows,
	})
}

// isAre is "is" for one, "are" for more.
func isAre(n int) string {
	if n == 1 {
		return "is"
	}
	return "are"
}
