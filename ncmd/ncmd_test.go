package ncmd_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"casemanager/cdop"
	"casemanager/ncmd"
)

var produced = time.Date(2026, 6, 15, 9, 30, 0, 0, time.UTC)

func caseFile(t *testing.T) *cdop.CaseFile {
	t.Helper()
	c := cdop.NewCase()
	for name, v := range map[string]string{
		"case_ref": "CDOP-2025-0042", "first_name": "Zoë", "last_name": "Ó Súilleabháin", "date_of_birth": "2025-09-01",
		"date_of_death": "2025-11-02", "sex": "female", "nhs_number": "999 000 0018", "stage": "closed",
		"expected": "unexpected", "coroner_referred": "yes", "post_mortem": "yes", "inquest": "pending",
		"category": "10", "domain_a_score": "1", "domain_b_score": "2", "domain_c_score": "1", "domain_d_score": "0",
		"domain_b_factors": "shared sleep surface", "domain_b_modifiable": "shared sleep surface", "modifiable": "identified",
		"analysis_signed_off_on": "2026-05-20", "cdop_review_on": "2026-05-20", "ncmd_submitted_on": "2026-06-01",
		"ncmd_submitted_by": "sam.coordinator", "parents": "Anna Nowak (mother) & Piotr (father)",
	} {
		if err := c.Set(name, v); err != nil {
			t.Fatal(err)
		}
	}
	return &cdop.CaseFile{Case: c, Requests: []cdop.AgencyRequest{
		{AgencyName: "Northshire Police", Form: "reporting_form", RequestedOn: cdop.MustParseDate("2025-11-05"), ReceivedOn: cdop.MustParseDate("2025-12-01")},
		{AgencyName: "Brookfield Primary School", Form: "reporting_form", RequestedOn: cdop.MustParseDate("2025-11-05")},
	}}
}

// One JSON document per case: this app's own format, saying it is not
// NCMD's API, every NCMD item that applies by form and section, the
// agencies' returns, what is missing and the submission; the same case
// and time give the same bytes.
func TestWrite(t *testing.T) {
	f := caseFile(t)
	var first, second bytes.Buffer
	if err := ncmd.Write(&first, f, produced); err != nil {
		t.Fatal(err)
	}
	if err := ncmd.Write(&second, f, produced); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(first.Bytes(), second.Bytes()) {
		t.Error("the same case and time give other bytes")
	}
	var d ncmd.Document
	if err := json.Unmarshal(first.Bytes(), &d); err != nil {
		t.Fatal(err)
	}
	if d.Format != ncmd.Format || d.Version != 1 || !strings.Contains(d.Note, "not NCMD's own API") || d.Produced != "2026-06-15T09:30:00Z" || d.CaseRef != "CDOP-2025-0042" {
		t.Errorf("document head = %+v", d)
	}
	var forms []string
	items := map[string]ncmd.Item{}
	for _, fm := range d.Forms {
		forms = append(forms, fm.Form)
		for _, s := range fm.Sections {
			for _, it := range s.Items {
				items[it.Field] = it
			}
		}
	}
	if strings.Join(forms, "|") != "Notification form|Analysis form" {
		t.Errorf("forms %q", forms)
	}
	if it := items["sex"]; it.Value != "female" || it.Display != "Female" || it.Label != "Sex" {
		t.Errorf("sex = %+v", it)
	}
	if it := items["nhs_number"]; it.Value != "999 000 0018" {
		t.Errorf("NHS number = %+v", it)
	}
	if _, ok := items["gestation_weeks"]; !ok {
		t.Error("a baby's gestation is not among the items")
	}
	if _, ok := items["nhs_number_status"]; ok {
		t.Error("the reason for no NHS number is listed for a child who has one")
	}
	if it := items["domain_b_modifiable"]; it.Value != "shared sleep surface" {
		t.Errorf("the analysis's modifiable factors = %+v", it)
	}
	if !strings.Contains(first.String(), `"Anna Nowak (mother) & Piotr (father)"`) {
		t.Error("text is escaped for HTML rather than written as typed")
	}
	if len(d.AgencyReports) != 2 || d.AgencyReports[0].Status != "received" || d.AgencyReports[1].Status != "requested" {
		t.Errorf("agency reports %+v", d.AgencyReports)
	}
	wantMissing := map[string]bool{"coroner_area": true, "post_mortem_report_received_on": true, "ethnicity": true}
	found := 0
	for _, g := range d.Missing {
		if wantMissing[g.Field] {
			found++
		}
		if g.Field == "" && !strings.Contains(g.Item, "Brookfield Primary School") {
			t.Errorf("a gap of no field: %+v", g)
		}
	}
	if found != len(wantMissing) || len(d.Missing) != len(cdop.MissingForNCMD(f)) {
		t.Errorf("missing = %+v", d.Missing)
	}
	if d.Submitted == nil || d.Submitted.On != "2026-06-01" || d.Submitted.By != "sam.coordinator" {
		t.Errorf("submitted = %+v", d.Submitted)
	}
}
