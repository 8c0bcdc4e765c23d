package cdop_test

import (
	"regexp"
	"strings"
	"testing"

	"casemanager/cdop"
)

// The shipped list is England's 296 local authority districts of April
// 2023, each once, with the ONS codes' shape and the names ONS gives them.
func TestLocalAuthorities_Shape(t *testing.T) {
	las := cdop.LocalAuthorities
	if len(las) != 296 {
		t.Errorf("%d local authorities; England has 296 districts since April 2023", len(las))
	}
	want := map[string]int{"E06": 63, "E07": 164, "E08": 36, "E09": 33}
	got := map[string]int{}
	codes, names := map[string]bool{}, map[string]bool{}
	shape := regexp.MustCompile(`^E0[6-9][0-9]{6}$`)
	for _, la := range las {
		if !shape.MatchString(la.Code) {
			t.Errorf("%q is not an ONS district code (E06, E07, E08 or E09 and six digits)", la.Code)
		}
		if codes[la.Code] {
			t.Errorf("code %s is listed twice", la.Code)
		}
		if names[la.Name] {
			t.Errorf("name %q is listed twice", la.Name)
		}
		if strings.TrimSpace(la.Name) != la.Name || la.Name == "" {
			t.Errorf("code %s has the name %q", la.Code, la.Name)
		}
		codes[la.Code], names[la.Name] = true, true
		got[la.Code[:3]]++
	}
	for prefix, n := range want {
		if got[prefix] != n {
			t.Errorf("%d codes %s…; want %d", got[prefix], prefix, n)
		}
	}
	for code, name := range map[string]string{
		"E08000035": "Leeds", "E08000032": "Bradford", "E08000034": "Kirklees", "E08000036": "Wakefield",
		"E08000033": "Calderdale", "E09000001": "City of London", "E09000033": "Westminster",
		"E06000010": "Kingston upon Hull, City of", "E06000058": "Bournemouth, Christchurch and Poole",
		"E06000063": "Cumberland", "E06000064": "Westmorland and Furness", "E06000065": "North Yorkshire",
		"E06000066": "Somerset", "E06000060": "Buckinghamshire", "E06000061": "North Northamptonshire",
		"E07000112": "Folkestone and Hythe", "E07000244": "East Suffolk", "E08000037": "Gateshead",
		"E06000057": "Northumberland", "E06000053": "Isles of Scilly", "E07000146": "King's Lynn and West Norfolk",
	} {
		if cdop.ResidenceName(code) != name {
			t.Errorf("%s is %q; want %q", code, cdop.ResidenceName(code), name)
		}
	}
	// Districts abolished by the reorganisations up to 2023 are not listed.
	for _, gone := range []string{"E07000163", "E07000026", "E07000187", "E07000150", "E06000028", "E06000029", "E06000048", "E08000020"} {
		if cdop.ResidenceName(gone) != "" {
			t.Errorf("%s (abolished) is listed as %q", gone, cdop.ResidenceName(gone))
		}
	}
	if n := len(cdop.ResidenceChoices); n != 298 {
		t.Errorf("%d residence choices; want the 296 districts, outside England and not known", n)
	}
}

func TestResidenceCode(t *testing.T) {
	for _, tt := range []struct{ typed, code string }{
		{"E08000035", "E08000035"},
		{"e08000035", "E08000035"},
		{"Leeds", "E08000035"},
		{"  LEEDS ", "E08000035"},
		{"leeds", "E08000035"},
		{"Bristol", "E06000023"},
		{"City of Bristol", "E06000023"},
		{"Bristol, City of", "E06000023"},
		{"Hull", "E06000010"},
		{"Herefordshire", "E06000019"},
		{"St Helens", "E08000013"},
		{"Saint Helens", "E08000013"},
		{"St. Albans", "E07000240"},
		{"Kings Lynn and West Norfolk", "E07000146"},
		{"King’s Lynn & West Norfolk", "E07000146"},
		{"Newcastle under Lyme", "E07000195"},
		{"Stockton on Tees", "E06000004"},
		{"Bournemouth Christchurch and Poole", "E06000058"},
		{"Shepway", "E07000112"},
		{"Durham", "E06000047"},
		{"outside_england", cdop.ResidenceOutsideEngland},
		{"Outside England", cdop.ResidenceOutsideEngland},
		{"not_known", cdop.ResidenceNotKnown},
		{"Not known", cdop.ResidenceNotKnown},
		{"Brightön and Hove", "E06000043"}, // accents ignored
	} {
		code, ok := cdop.ResidenceCode(tt.typed)
		if !ok || code != tt.code {
			t.Errorf("ResidenceCode(%q) = %q, %v; want %q", tt.typed, code, ok, tt.code)
		}
	}
	for _, typed := range []string{"", "Leds", "Yorkshire", "Care of Kerry ONeill", "14 Acacia Avenue, Leeds", "LS6 2QR", "E08000020", "Northshire"} {
		if code, ok := cdop.ResidenceCode(typed); ok {
			t.Errorf("ResidenceCode(%q) = %q; want no match", typed, code)
		}
	}
}

// Setting residence_la stores the code; anything not on the list is
// refused with one sentence naming the close matches and never repeating
// what was typed (it may be an address).
func TestResidenceField_RefusesFreeTextWithCloseMatches(t *testing.T) {
	f, _ := cdop.FieldNamed("residence_la")
	if f.Kind != cdop.KindChoice || f.Disclosure != cdop.QuasiIdentifier {
		t.Fatalf("residence_la is a %s %s; want a quasi-identifying choice", f.Kind, f.Disclosure)
	}
	c := cdop.NewCase()
	if err := c.Set("residence_la", "Leeds"); err != nil || c.ResidenceLA != "E08000035" {
		t.Errorf("Set Leeds: %v, stored %q; want E08000035", err, c.ResidenceLA)
	}
	for _, tt := range []struct {
		typed string
		says  []string
	}{
		{"Leds", []string{"Leeds (E08000035)"}},
		{"Bradferd", []string{"Bradford (E08000032)"}},
		{"Kirklees Council, Huddersfield", []string{"Kirklees (E08000034)"}},
		{"Wakefeild", []string{"Wakefield (E08000036)"}},
		{"Care of Kerry ONeill", nil},
		{"14 Acacia Avenue", nil},
	} {
		got := f.CheckValue(tt.typed, cdop.MustParseDate("2025-06-01"))
		if len(got) != 1 {
			t.Errorf("%q: %d problems %v; want one", tt.typed, len(got), got)
			continue
		}
		msg := got[0].Message
		if !strings.Contains(msg, "not a local authority of England") || !strings.Contains(msg, "outside_england") {
			t.Errorf("%q: message %q does not say what to use", tt.typed, msg)
		}
		for _, s := range tt.says {
			if !strings.Contains(msg, s) {
				t.Errorf("%q: message %q does not suggest %s", tt.typed, msg, s)
			}
		}
		if strings.Contains(msg, tt.typed) || strings.Contains(msg, "Kerry") || strings.Contains(msg, "Acacia") {
			t.Errorf("%q: message %q repeats what was typed", tt.typed, msg)
		}
	}
}
