package cdop_test

import (
	"slices"
	"strings"
	"testing"

	"casemanager/cdop"
)

// The shipped forms: the reporting form first, every supplementary form
// the guidance names, the care pathway by stage, and the single
// care-pathway form of old requests kept (retired) with every stage's items.
func TestReturnForms_ShippedData(t *testing.T) {
	if cdop.ReturnForms[0].Code != "reporting_form" {
		t.Errorf("first form = %s; want the reporting form", cdop.ReturnForms[0].Code)
	}
	for _, code := range []string{"sudden_unexpected_death", "asthma_anaphylaxis", "cardiac", "drowning", "road_traffic_collision",
		"chromosomal_genetic_congenital", "suicide_self_harm", "neonatal", "life_limiting_condition",
		"care_pathway_primary", "care_pathway_emergency", "care_pathway_inpatient", "care_pathway_end_of_life", "other"} {
		f, ok := cdop.ReturnFormFor(code)
		if !ok || len(f.Items()) < 2 {
			t.Errorf("form %s: missing or without items", code)
			continue
		}
		if !cdop.OfferedFormTypes().Has(code) {
			t.Errorf("form %s is not offered for new requests", code)
		}
	}
	old, ok := cdop.ReturnFormFor("care_pathway")
	if !ok || !old.Retired || cdop.OfferedFormTypes().Has("care_pathway") || !cdop.FormTypes.Has("care_pathway") {
		t.Fatalf("the single care-pathway form: %+v, %v; want kept for old requests, retired, not offered", old, ok)
	}
	var stages int
	for _, f := range cdop.ReturnForms {
		if strings.HasPrefix(f.Code, "care_pathway_") {
			stages += len(f.Items())
		}
	}
	if len(old.Items()) != stages {
		t.Errorf("the single care-pathway form has %d items; want every stage's %d", len(old.Items()), stages)
	}
	// Who completed the form is never shown to the panel.
	rf, _ := cdop.ReturnFormFor("reporting_form")
	if it, _ := rf.Item("completed_by"); !it.Withheld {
		t.Error("completed_by is not withheld from anonymised views")
	}
}

func TestCheckAnswer(t *testing.T) {
	rf, _ := cdop.ReturnFormFor("reporting_form")
	nf, _ := cdop.ReturnFormFor("neonatal")
	item := func(f *cdop.ReturnForm, id string) cdop.ReturnItem {
		it, ok := f.Item(id)
		if !ok {
			t.Fatalf("no item %s", id)
		}
		return it
	}
	today := dt("2026-01-10")
	for _, tt := range []struct {
		name  string
		item  cdop.ReturnItem
		value string
		want  string // part of the message; "" valid
	}{
		{"yes", item(rf, "known_to_agency"), "yes", ""},
		{"not known", item(rf, "known_to_agency"), cdop.AnswerNotKnown, ""},
		{"not applicable", item(rf, "last_contact_on"), cdop.AnswerNotApplicable, ""},
		{"blank is still to answer", item(rf, "events"), "", ""},
		{"maybe", item(rf, "known_to_agency"), "maybe", `"maybe" is not an answer`},
		{"choice", item(rf, "social_care_involvement"), "child_in_need", ""},
		{"choice not among", item(rf, "social_care_involvement"), "lots", "use one of: none, early_help"},
		{"date", item(rf, "last_contact_on"), "2025-10-01", ""},
		{"date wrong", item(rf, "last_contact_on"), "01/10/2025", "YYYY-MM-DD"},
		{"date future", item(rf, "last_contact_on"), "2026-02-01", "in the future"},
		{"integer", item(nf, "gestation_weeks"), "39", ""},
		{"integer range", item(nf, "gestation_weeks"), "50", "from 20 to 44"},
		{"integer word", item(nf, "birth_weight_grams"), "heavy", "not a whole number"},
		{"long text lines", item(rf, "events"), "Found at 07:10.\nCalled 999.", ""},
		{"one line control", item(rf, "medication"), "Calpol\x1b[31m", "control character"},
		{"too long", item(rf, "medication"), strings.Repeat("x", 1001), "at most 1000"},
	} {
		got := cdop.CheckAnswer(tt.item, tt.value, today)
		if tt.want == "" && got != "" || tt.want != "" && !strings.Contains(got, tt.want) {
			t.Errorf("%s: CheckAnswer(%s, %q) = %q; want %q", tt.name, tt.item.ID, tt.value, got, tt.want)
		}
	}
}

func TestNormaliseAnswer(t *testing.T) {
	for _, tt := range []struct{ kind, in, want string }{
		{cdop.ItemText, " Not known ", cdop.AnswerNotKnown},
		{cdop.ItemText, "N/A", cdop.AnswerNotApplicable},
		{cdop.ItemYesNo, "Yes", "yes"},
		{cdop.ItemYesNo, "NO", "no"},
		{cdop.ItemLongText, "\n  line one\n  line two\n", "line one\n  line two"},
		{cdop.ItemText, "   ", ""},
	} {
		if got := cdop.NormaliseAnswer(tt.kind, tt.in); got != tt.want {
			t.Errorf("NormaliseAnswer(%s, %q) = %q; want %q", tt.kind, tt.in, got, tt.want)
		}
	}
}

func TestPrepareReturn(t *testing.T) {
	c := baseCase(t)
	c.ID = "case-1"
	f := &cdop.CaseFile{Case: c}
	today := dt("2026-01-10")
	drowning := &cdop.AgencyRequest{ID: 7, CaseID: c.ID, AgencyName: "Calder Police", Form: "drowning", RequestedOn: dt("2025-11-10")}
	all := func(form string, v string) map[string]string {
		fm, _ := cdop.ReturnFormFor(form)
		out := map[string]string{}
		for _, it := range fm.Items() {
			out[it.ID] = v
		}
		return out
	}
	for _, tt := range []struct {
		name     string
		req      *cdop.AgencyRequest
		answers  map[string]string
		form     string
		complete bool
		code     string // "" accepted
		msg      string
	}{
		{"a draft with blanks", drowning, map[string]string{"supervised": "no"}, "", false, "", ""},
		{"complete, all not known", drowning, all("drowning", "Not known"), "", true, "", ""},
		{"complete needs every item", drowning, map[string]string{"supervised": "no"}, "", true, cdop.EINVALID, "water_type: has no answer"},
		{"an item of another form", drowning, map[string]string{"sleep_place": "cot"}, "", false, cdop.EINVALID, "sleep_place: is not an item of the supplementary: drowning"},
		{"answers to another form", drowning, map[string]string{}, "cardiac", false, cdop.EINVALID, "the request is for the supplementary: drowning"},
		{"a bad answer", drowning, map[string]string{"water_type": "puddle"}, "", false, cdop.EINVALID, `water_type: "puddle" is not allowed`},
		{"declined", &cdop.AgencyRequest{ID: 8, CaseID: c.ID, AgencyName: "Calder Police", Form: "drowning", RequestedOn: dt("2025-11-10"),
			DeclinedOn: dt("2025-11-20"), DeclineReason: "not known to us"}, map[string]string{"supervised": "no"}, "", false, cdop.ECONFLICT, "declined"},
	} {
		got, err := cdop.PrepareReturn(f, tt.req, &cdop.AgencyReturn{Form: tt.form, Answers: tt.answers}, tt.complete, today)
		if tt.code == "" {
			if err != nil {
				t.Errorf("%s: %v", tt.name, err)
			} else if got.RequestID != tt.req.ID || got.Form != tt.req.Form || got.CaseID != c.ID || got.Source != cdop.ReturnTyped {
				t.Errorf("%s: prepared %+v", tt.name, got)
			}
			continue
		}
		if cdop.ErrorCode(err) != tt.code || !strings.Contains(err.Error(), tt.msg) {
			t.Errorf("%s: err = %v (%s); want %s with %q", tt.name, err, cdop.ErrorCode(err), tt.code, tt.msg)
		}
	}
}

// The panel reads a return's substance, never who wrote it, a name or a date.
func TestShowReturn_AnonymisedFollowsEachItemsRule(t *testing.T) {
	c := baseCase(t) // Ayla Thornbury, died 2025-11-02
	req := cdop.AgencyRequest{ID: 3, AgencyName: "Leeds Teaching Hospitals", Form: "reporting_form"}
	r := cdop.AgencyReturn{RequestID: 3, Form: "reporting_form", Source: cdop.ReturnTyped, Answers: map[string]string{
		"completed_by":      "Nurse Gwendolyn Apperley",
		"completed_on":      "2025-12-20",
		"known_to_agency":   "yes",
		"events":            "Ayla Thornbury was seen on 30/10/2025 with a cough; mother told to return if worse.",
		"medication":        cdop.AnswerNotKnown,
		"household":         "Mother and two siblings",
		"education_setting": "mainstream",
	}}
	f := &cdop.CaseFile{Case: c, Requests: []cdop.AgencyRequest{req}, Returns: []cdop.AgencyReturn{r}}
	a := cdop.Anonymise(f)
	if len(a.Returns) != 1 {
		t.Fatalf("anonymised returns = %d; want 1", len(a.Returns))
	}
	got := map[string]string{}
	for _, s := range a.Returns[0].Sections {
		for _, it := range s.Items {
			got[it.Field] = it.Value
		}
	}
	all := strings.Join(slices.Collect(mapValues(got)), " ")
	for _, leak := range []string{"Apperley", "Gwendolyn", "Ayla", "Thornbury", "30/10/2025", "2025-12-20"} {
		if strings.Contains(all, leak) {
			t.Errorf("the anonymised return shows %q: %v", leak, got)
		}
	}
	for id, want := range map[string]string{
		"completed_on":      "1–3 months",
		"known_to_agency":   "Yes",
		"medication":        "Not known",
		"education_setting": "Mainstream school or college",
		"events":            "[withheld] was seen on [withheld] with a cough; mother told to return if worse.",
	} {
		if got[id] != want {
			t.Errorf("%s = %q; want %q", id, got[id], want)
		}
	}
	if _, shown := got["completed_by"]; shown {
		t.Error("who completed the form is shown to the panel")
	}
	rf, _ := cdop.ReturnFormFor("reporting_form")
	if want := len(rf.Items()) - len(r.Answers); a.Returns[0].Unanswered != want {
		t.Errorf("unanswered = %d; want %d", a.Returns[0].Unanswered, want)
	}
	// The identifiable view shows everything as typed.
	full := cdop.ShowReturn(c, &req, &r, false, nil)
	if v := full.Sections[0].Items[0]; v.Field != "completed_by" || v.Value != "Nurse Gwendolyn Apperley" {
		t.Errorf("identifiable first item = %+v", v)
	}
}

func mapValues(m map[string]string) func(func(string) bool) {
	return func(yield func(string) bool) {
		for _, v := range m {
			if !yield(v) {
				return
			}
		}
	}
}

// The supplementary forms a death calls for, from its cause and circumstances.
func TestSuggestForms(t *testing.T) {
	for _, tt := range []struct {
		name string
		set  func(c *cdop.Case)
		reqs []string // forms already requested
		want []string
	}{
		{"nothing recorded suggests nothing", func(c *cdop.Case) {}, nil, nil},
		{"SUDI from the JAR trigger", func(c *cdop.Case) { c.JAR, c.JARTriggers = "yes", []string{"sudden_unexplained"} }, nil,
			[]string{"sudden_unexpected_death"}},
		{"SUDI from an infant found dead at home", func(c *cdop.Case) {
			c.DateOfBirth, c.Expected, c.PlaceOfDeath = dt("2025-06-01"), "unexpected", "home"
		}, nil, []string{"sudden_unexpected_death"}},
		{"an expected infant death at home is not SUDI", func(c *cdop.Case) {
			c.DateOfBirth, c.Expected, c.PlaceOfDeath = dt("2025-06-01"), "expected", "home"
		}, nil, nil},
		{"SUDI from category 10", func(c *cdop.Case) { c.Analysis.Category = 10 }, nil, []string{"sudden_unexpected_death"}},
		{"drowning from the circumstances", func(c *cdop.Case) { c.Summary = "Found in the garden pond; presumed Drowned." }, nil, []string{"drowning"}},
		{"drowning from the MCCD cause", func(c *cdop.Case) { mustSet(t, c, "mccd_cause", "1a Drowning") }, nil, []string{"drowning"}},
		{"drowning already requested", func(c *cdop.Case) { c.Summary = "drowning in a canal" }, []string{"drowning"}, nil},
		{"road traffic collision", func(c *cdop.Case) { c.Summary = "Pedestrian struck by a van on the A58" }, nil, []string{"road_traffic_collision"}},
		{"RTC abbreviation", func(c *cdop.Case) { c.Analysis.CauseOfDeath = "Multiple injuries (RTC)" }, nil, []string{"road_traffic_collision"}},
		{"suicide by category", func(c *cdop.Case) { c.Analysis.Category = 2 }, nil, []string{"suicide_self_harm"}},
		{"self-harm in the inquest's conclusion", func(c *cdop.Case) { mustSet(t, c, "inquest_conclusion", "Suicide") }, nil, []string{"suicide_self_harm"}},
		{"neonate", func(c *cdop.Case) { c.DateOfBirth, c.DateOfDeath = dt("2025-10-20"), dt("2025-11-02") }, nil, []string{"neonatal"}},
		{"asthma and a heart", func(c *cdop.Case) { c.Analysis.CauseOfDeath = "Acute asthma; heart failure" }, nil,
			[]string{"asthma_anaphylaxis", "cardiac"}},
		{"a word inside another is no match", func(c *cdop.Case) { c.Summary = "Mrs Heartley called; the practitioner attended" }, nil, nil},
		{"congenital by category", func(c *cdop.Case) { c.Analysis.Category = 7 }, nil, []string{"chromosomal_genetic_congenital"}},
		{"expected malignancy: life-limiting and end of life", func(c *cdop.Case) { c.Expected, c.Analysis.Category = "expected", 4 }, nil,
			[]string{"life_limiting_condition", "care_pathway_end_of_life"}},
		{"hospice", func(c *cdop.Case) { c.Expected, c.PlaceOfDeath = "expected", "hospice" }, nil, []string{"life_limiting_condition"}},
		{"unexpected infection: emergency care", func(c *cdop.Case) { c.Expected, c.Analysis.Category = "unexpected", 9 }, nil,
			[]string{"care_pathway_emergency"}},
		{"NHS review: inpatient care", func(c *cdop.Case) { c.ParallelReviews = []string{"nhs_serious_incident"} }, nil, []string{"care_pathway_inpatient"}},
	} {
		c := baseCase(t)
		tt.set(c)
		f := &cdop.CaseFile{Case: c}
		for _, form := range tt.reqs {
			f.Requests = append(f.Requests, cdop.AgencyRequest{Form: form})
		}
		var got []string
		for _, s := range cdop.SuggestForms(f) {
			got = append(got, s.Form)
			if s.Why() == "" {
				t.Errorf("%s: %s suggested without a reason", tt.name, s.Form)
			}
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("%s: suggested %v; want %v", tt.name, got, tt.want)
		}
	}
	// Several reasons for one form are given together.
	c := baseCase(t)
	c.JAR, c.JARTriggers, c.Analysis.Category = "yes", []string{"sudden_unexplained"}, 10
	s := cdop.SuggestForms(&cdop.CaseFile{Case: c})
	if len(s) != 1 || len(s[0].Reasons) != 2 {
		t.Errorf("suggestions = %+v; want SUDI with both reasons", s)
	}
}

// A return begun and left with blank items is missing for NCMD; one
// answered to its last item (not known counts) is not.
func TestMissingForNCMD_ReturnsWithBlankItems(t *testing.T) {
	c := closedCase(t)
	req := cdop.AgencyRequest{ID: 4, AgencyName: "Northshire Police", Form: "cardiac", RequestedOn: dt("2025-11-05"), ReceivedOn: dt("2025-12-01")}
	form, _ := cdop.ReturnFormFor("cardiac")
	answers := map[string]string{}
	for _, it := range form.Items() {
		answers[it.ID] = cdop.AnswerNotKnown
	}
	f := &cdop.CaseFile{Case: c, Requests: []cdop.AgencyRequest{req}, Returns: []cdop.AgencyReturn{{RequestID: 4, Form: "cardiac", Answers: answers}}}
	gap := func() string {
		for _, g := range cdop.MissingForNCMD(f) {
			if strings.Contains(g.Item, "not answered") {
				return g.Item
			}
		}
		return ""
	}
	if g := gap(); g != "" {
		t.Errorf("a whole return is listed as missing: %q", g)
	}
	delete(f.Returns[0].Answers, "diagnosis")
	delete(f.Returns[0].Answers, "exertion")
	if g, want := gap(), "2 items of the supplementary: cardiac from Northshire Police not answered"; !strings.HasPrefix(g, want) {
		t.Errorf("gap = %q; want %q…", g, want)
	}
}
