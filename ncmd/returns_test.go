package ncmd_test

import (
	"bytes"
	"encoding/json"
	"testing"

	"casemanager/cdop"
	"casemanager/ncmd"
)

// A request's return goes into the NCMD document beside the request:
// every item of the form by section, answered or "".
func TestWrite_CarriesTheAgenciesReturns(t *testing.T) {
	f := caseFile(t)
	f.Requests[0].ID, f.Requests[1].ID = 1, 2
	f.Returns = []cdop.AgencyReturn{{RequestID: 1, Form: "reporting_form", Answers: map[string]string{"known_to_agency": "yes", "medication": cdop.AnswerNotKnown}}}
	var b bytes.Buffer
	if err := ncmd.Write(&b, f, produced); err != nil {
		t.Fatal(err)
	}
	var d ncmd.Document
	if err := json.Unmarshal(b.Bytes(), &d); err != nil {
		t.Fatal(err)
	}
	if d.AgencyReports[1].Return != nil {
		t.Errorf("a request with nothing returned carries %+v", d.AgencyReports[1].Return)
	}
	got := map[string]ncmd.Item{}
	n := 0
	for _, s := range d.AgencyReports[0].Return {
		for _, it := range s.Items {
			got[it.Field] = it
			n++
		}
	}
	form, _ := cdop.ReturnFormFor("reporting_form")
	if n != len(form.Items()) {
		t.Errorf("the return carries %d items; want every item of the form, %d", n, len(form.Items()))
	}
	if it := got["known_to_agency"]; it.Value != "yes" || it.Display != "Yes" || it.Label != "Was the child known to the agency?" {
		t.Errorf("known_to_agency = %+v", it)
	}
	if it := got["medication"]; it.Value != "not_known" || it.Display != "Not known" {
		t.Errorf("medication = %+v", it)
	}
	if it := got["events"]; it.Value != "" {
		t.Errorf("an unanswered item = %+v", it)
	}
}
