package cdop_test

import (
	"slices"
	"testing"
	"time"

	"casemanager/cdop"
)

func TestPrepareAgency(t *testing.T) {
	n, err := cdop.PrepareAgency(&cdop.Agency{Name: "  West   Yorkshire Police ", Type: "police", Contact: " desk@example.org "})
	if err != nil || n.Name != "West Yorkshire Police" || n.Contact != "desk@example.org" {
		t.Errorf("PrepareAgency = %+v, %v", n, err)
	}
	if _, err := cdop.PrepareAgency(&cdop.Agency{Name: " ", Type: "police"}); validationErrors(t, err).For("name") == "" {
		t.Errorf("an agency without a name: %v", err)
	}
	wantRule(t, "a name in use", cdop.AgencyNameInUse("West Yorkshire Police"), cdop.RuleNameInUse, `already has an agency called "West Yorkshire Police"`)
}

func TestPrepareCatalogueFactor(t *testing.T) {
	tests := []struct {
		entry  cdop.FactorCatalogueEntry
		want   cdop.FactorCatalogueEntry
		fields []string
	}{
		{cdop.FactorCatalogueEntry{Code: " bl07 ", Domain: " B ", Text: "  Cold   housing "}, cdop.FactorCatalogueEntry{Code: "BL07", Domain: "b", Text: "Cold housing"}, nil},
		{cdop.FactorCatalogueEntry{Domain: "d", Text: "Late referral"}, cdop.FactorCatalogueEntry{Domain: "d", Text: "Late referral"}, nil},
		{cdop.FactorCatalogueEntry{Text: "x"}, cdop.FactorCatalogueEntry{}, []string{"domain"}},
		{cdop.FactorCatalogueEntry{Domain: "e", Text: "x"}, cdop.FactorCatalogueEntry{}, []string{"domain"}},
		{cdop.FactorCatalogueEntry{Domain: "a"}, cdop.FactorCatalogueEntry{}, []string{"text"}},
		{cdop.FactorCatalogueEntry{Domain: "a", Text: "a | b"}, cdop.FactorCatalogueEntry{}, []string{"text"}},
		{cdop.FactorCatalogueEntry{Code: "B-1", Domain: "b", Text: "x"}, cdop.FactorCatalogueEntry{}, []string{"code"}},
		{cdop.FactorCatalogueEntry{Code: "C01", Domain: "b", Text: "x"}, cdop.FactorCatalogueEntry{}, []string{"code"}},
	}
	for _, tt := range tests {
		n, err := cdop.PrepareCatalogueFactor(&tt.entry)
		if tt.fields == nil {
			if err != nil || *n != tt.want {
				t.Errorf("PrepareCatalogueFactor(%+v) = %+v, %v; want %+v", tt.entry, n, err, tt.want)
			}
			continue
		}
		v := validationErrors(t, err)
		for _, f := range tt.fields {
			if v.For(f) == "" {
				t.Errorf("PrepareCatalogueFactor(%+v) = %v; want a %s error", tt.entry, err, f)
			}
		}
	}
}

func TestCheckCatalogueFactor(t *testing.T) {
	domainB := []cdop.FactorCatalogueEntry{{"B01", "b", "Smoking"}, {"BL01", "b", "Cold housing"}, {"BL09", "b", "Damp"}, {"BLX", "b", "Odd"}}
	n := &cdop.FactorCatalogueEntry{Domain: "b", Text: "Noise"}
	if err := cdop.CheckCatalogueFactor(n, domainB, nil); err != nil || n.Code != "BL10" {
		t.Errorf("a factor without a code = %+v, %v; want the next local code BL10", n, err)
	}
	n = &cdop.FactorCatalogueEntry{Domain: "b", Text: "noise"}
	if err := cdop.CheckCatalogueFactor(n, nil, nil); err != nil || n.Code != "BL01" {
		t.Errorf("the first local factor = %+v, %v; want BL01", n, err)
	}
	wantRule(t, "the same text, another case", cdop.CheckCatalogueFactor(&cdop.FactorCatalogueEntry{Domain: "b", Text: "SMOKING"}, domainB, nil),
		cdop.RuleNameInUse, `domain B already has the factor "Smoking" (B01)`)
	wantRule(t, "a code in use", cdop.CheckCatalogueFactor(&cdop.FactorCatalogueEntry{Code: "C01", Domain: "b", Text: "New"}, domainB, &cdop.FactorCatalogueEntry{Code: "C01", Domain: "c", Text: "Unsafe sleeping environment"}),
		cdop.RuleNameInUse, `code C01 is already used for "Unsafe sleeping environment"`)
}

func TestPrepareSettings(t *testing.T) {
	s, err := cdop.PrepareSettings(cdop.Settings{AgencyReportDays: 21, ExtraHolidays: []cdop.Date{dt("2026-12-29"), dt("2026-07-01"), dt("2026-12-29")}})
	if err != nil {
		t.Fatal(err)
	}
	if s.AgencyReportDays != 21 || s.NotificationDays != 1 || s.DisclosureMarker != "*" ||
		!slices.Equal(s.ExtraHolidays, []cdop.Date{dt("2026-07-01"), dt("2026-12-29")}) {
		t.Errorf("PrepareSettings = %+v; want zeros as their defaults, holidays in order, once each", s)
	}
	_, err = cdop.PrepareSettings(cdop.Settings{CDRMMonths: -1, ExtraHolidays: []cdop.Date{{}}})
	checkErrors(t, err, want{"cdrm_months", []string{"-1 is not allowed; use a whole number of months, 1 or more"}},
		want{"extra_holidays", []string{"a holiday has no date"}})
}

// The problems of the directories and settings carry their rules, so a
// screen words them from the rule, not the message.
func TestDirectoryProblemsCarryRules(t *testing.T) {
	tests := []struct {
		err   error
		field string
		rule  cdop.Rule
	}{
		{func() error { _, err := cdop.PrepareSettings(cdop.Settings{DueSoonDays: -2}); return err }(), "due_soon_days", cdop.RuleRange},
		{func() error {
			_, err := cdop.PrepareCatalogueFactor(&cdop.FactorCatalogueEntry{Domain: "b", Text: "a|b"})
			return err
		}(), "text", cdop.RuleSeparator},
		{func() error {
			_, err := cdop.PrepareCatalogueFactor(&cdop.FactorCatalogueEntry{Domain: "q", Text: "x"})
			return err
		}(), "domain", cdop.RuleNotAllowed},
		{func() error {
			_, err := cdop.PrepareUpdate(cdop.RecommendationUpdate{Status: "done", On: dt("2026-07-01")}, "x", time.Time{}, today)
			return err
		}(), "on", cdop.RuleFuture},
		{func() error {
			_, err := cdop.ResumePause(pause("cdrm", "2026-05-01", "", "x"), cdop.Date{}, "R", today)
			return err
		}(), "to", cdop.RuleRequired},
	}
	for _, tt := range tests {
		v := validationErrors(t, tt.err)
		if len(v) == 0 || v[0].Field != tt.field || v[0].Rule != tt.rule {
			t.Errorf("%v; want %s broken as %s", tt.err, tt.field, tt.rule)
		}
	}
}
