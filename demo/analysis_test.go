package demo_test

import (
	"strings"
	"testing"

	"casemanager/cdop"
)

// catalogueEntry returns the default catalogue's entry with a code.
func catalogueEntry(code string) (cdop.FactorCatalogueEntry, bool) {
	for _, e := range cdop.DefaultFactorCatalogue {
		if e.Code == code {
			return e, true
		}
	}
	return cdop.FactorCatalogueEntry{}, false
}

// checkFactorDetails checks that an analysis's factor details are about its
// factors, that a code is the catalogue's for the factor's text and domain,
// and that a factor in the catalogue carries its code.
func checkFactorDetails(t *testing.T, name string, a *cdop.Analysis) (coded, typed int) {
	t.Helper()
	for _, det := range a.FactorDetails {
		i := strings.Index("abcd", det.Domain)
		if i < 0 || !containsFold(a.Domains[i].Factors, det.Factor) {
			t.Errorf("%s: detail %+v about no factor of the analysis", name, det)
			continue
		}
		if det.Code != "" {
			if e, ok := catalogueEntry(det.Code); !ok || e.Domain != det.Domain || !strings.EqualFold(e.Text, det.Factor) {
				t.Errorf("%s: factor %q coded %s, catalogue %+v", name, det.Factor, det.Code, e)
			}
		}
		if !cdop.Contributions.Has(det.Contribution) && det.Contribution != "" {
			t.Errorf("%s: contribution %q", name, det.Contribution)
		}
	}
	for i, d := range a.Domains {
		for _, f := range d.Factors {
			inCatalogue := false
			for _, e := range cdop.DefaultFactorCatalogue {
				inCatalogue = inCatalogue || (e.Domain == cdop.Domains[i].Code && strings.EqualFold(e.Text, f))
			}
			if det := a.Detail(i, f); inCatalogue != (det.Code != "") {
				t.Errorf("%s: factor %q of domain %s has code %q", name, f, cdop.Domains[i].Code, det.Code)
			}
			if inCatalogue {
				coded++
			} else {
				typed++
			}
		}
	}
	return coded, typed
}

func containsFold(list []string, s string) bool {
	for _, it := range list {
		if strings.EqualFold(it, s) {
			return true
		}
	}
	return false
}

func TestGenerateAnalysesUseTheCatalogue(t *testing.T) {
	var closed, coded, typed, contributions, unlikely int
	var drafts, drafted, inconsistent, incomplete int
	for _, c := range large {
		a := &c.Analysis
		switch c.Stage {
		case cdop.StageClosed:
			closed++
			if problems := a.Consistency(cdop.NationalForm); len(problems) > 0 {
				t.Errorf("%s: closed with an inconsistent analysis: %v", c.FullName(), problems)
			}
			k, n := checkFactorDetails(t, c.FullName(), a)
			coded, typed = coded+k, typed+n
			for _, det := range a.FactorDetails {
				if det.Contribution != "" {
					contributions++
				}
				if det.Contribution == "unlikely" {
					unlikely++
				}
			}
		case cdop.StageCDOPReview:
			drafts++
			if a.Domains[0].Score == nil && a.Domains[1].Score == nil {
				continue // category and cause only
			}
			drafted++
			checkFactorDetails(t, c.FullName(), a)
			if len(a.Consistency(cdop.NationalForm)) > 0 {
				inconsistent++
			}
			if a.Modifiable == "" || a.Domains[0].Score == nil || a.Domains[1].Score == nil || a.Domains[2].Score == nil || a.Domains[3].Score == nil {
				incomplete++
			}
		default:
			if len(a.FactorDetails) > 0 || a.Domains[0].Score != nil {
				t.Errorf("%s: an analysis at %s", c.FullName(), c.Stage)
			}
		}
	}
	t.Logf("closed %d: %d coded factors, %d typed, %d contributions (%d unlikely); drafts %d of %d, %d inconsistent, %d incomplete",
		closed, coded, typed, contributions, unlikely, drafted, drafts, inconsistent, incomplete)
	if share(coded, coded+typed) < 0.4 || share(typed, coded+typed) < 0.1 {
		t.Errorf("%d factors coded from the catalogue, %d typed; want most coded, some typed", coded, typed)
	}
	if share(contributions, coded+typed) < 0.75 || unlikely == 0 {
		t.Errorf("%d contributions (%d unlikely) for %d factors; want most recorded", contributions, unlikely, coded+typed)
	}
	if share(drafted, drafts) < 0.7 || drafted == drafts {
		t.Errorf("%d of %d cases awaiting the panel have a draft analysis; want most", drafted, drafts)
	}
	if inconsistent == 0 || share(inconsistent, drafted) > 0.3 {
		t.Errorf("%d of %d drafts inconsistent; want a few", inconsistent, drafted)
	}
	if incomplete == 0 || share(incomplete, drafted) > 0.4 {
		t.Errorf("%d of %d drafts incomplete; want some", incomplete, drafted)
	}
}
