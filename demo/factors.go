package demo

import (
	"math/rand/v2"
	"slices"
	"strings"

	"casemanager/cdop"
)

// catalogueFits maps the demo's factors to the code of the catalogue entry
// (cdop.DefaultFactorCatalogue) a panel would pick for them. A factor not
// listed is typed as it is: the catalogue has nothing that fits it.
var catalogueFits = map[string]string{
	// A: intrinsic to the child
	"born preterm": "A01", "extreme prematurity (23 weeks)": "A01", "extreme prematurity (24 weeks)": "A01",
	"trisomy 18": "A02", "hypoplastic left heart syndrome": "A02", "congenital diaphragmatic hernia": "A02",
	"spinal muscular atrophy type 1": "A02", "inherited metabolic disorder": "A02", "duchenne muscular dystrophy": "A02",
	"complex congenital heart disease": "A02", "intestinal malrotation": "A02", "cystic fibrosis": "A02",
	"complex medical needs": "A03", "bronchopulmonary dysplasia": "A03", "epilepsy": "A03", "asthma": "A03",
	"type 1 diabetes": "A03", "chronic kidney disease": "A03", "short bowel syndrome": "A03", "immunodeficiency": "A03",
	"acute lymphoblastic leukaemia": "A03", "medulloblastoma": "A03", "neuroblastoma": "A03", "osteosarcoma": "A03",
	"diffuse midline glioma": "A03",
	"learning disability":    "A04", "disability": "A04", "cerebral palsy": "A04",
	"recent minor illness": "A05", "treatment-related infection": "A05",
	"depression": "A06", "self-harm": "A06",
	"risk-taking behaviour": "A08",
	// B: family and environment
	"smoking in pregnancy": "B01", "parental smoking": "B01",
	"co-sleeping on a sofa": "B02", "shared sleeping surface": "B02",
	"parental alcohol use before sleep": "B03", "parental alcohol use": "B03", "parental substance misuse": "B03",
	"domestic abuse in the household": "B04",
	"parental mental ill health":      "B05",
	"criminal exploitation":           "B06",
	"bullying":                        "B08", "peer pressure": "B08",
	"bereavement":                     "B09",
	"late booking for antenatal care": "B10", "late presentation to antenatal care": "B10",
	// C: physical environment
	"soft bedding in the sleep space": "C01", "baby left asleep in a car seat": "C01", "room too warm": "C01",
	"overcrowded housing": "C02", "damp and mould in the home": "C02",
	"road without a safe crossing": "C03", "speeding traffic": "C03", "rural road without barriers": "C03",
	"busy road without a cycle lane":   "C03",
	"open water without warning signs": "C04",
	"access to means":                  "C05",
	"bath seat used":                   "C06", "window without a restrictor": "C06", "looped blind cord": "C06",
	"exposure to cigarette smoke": "C07",
	// D: service provision
	"feeding intolerance not recognised early": "D01", "delayed escalation in the emergency department": "D01",
	"bilious vomiting not treated as an emergency": "D01", "sepsis not recognised at first contact": "D01",
	"delay in diagnosis after repeated gp visits": "D01", "surgical complication not recognised in time": "D01",
	"deterioration not escalated on the ward":         "D01",
	"information not shared between school and camhs": "D02", "safeguarding information not shared between agencies": "D02",
	"advance care plan not shared with the ambulance service": "D02", "end-of-life care plan not shared out of hours": "D02",
	"maternal history of herpes not shared":                  "D02",
	"long wait for a camhs assessment":                       "D03",
	"intrapartum antibiotics not given despite risk factors": "D04", "no observations during skin-to-skin contact": "D04",
	"transition to adult services delayed":        "D06",
	"discharged from camhs without a safety plan": "D07",
	"no-access visits not escalated":              "D08", "child protection plan ended too early": "D08",
	"no early help offered despite concerns": "D08",
}

// catalogued returns the catalogue entry a panel would pick for a factor
// of a domain (by index 0–3), or false when the factor is typed.
func catalogued(domain int, factor string) (cdop.FactorCatalogueEntry, bool) {
	code, ok := catalogueFits[strings.ToLower(factor)]
	if !ok {
		return cdop.FactorCatalogueEntry{}, false
	}
	for _, e := range cdop.DefaultFactorCatalogue {
		if e.Code == code && e.Domain == cdop.Domains[domain].Code {
			return e, true
		}
	}
	return cdop.FactorCatalogueEntry{}, false
}

// aside runs f with the generator's second random stream, so that what f
// draws leaves the cases' main stream, and so every other case, as it was.
func (g *generator) aside(f func()) { g.drawFrom(g.d, f) }

// drawFrom runs f drawing from stream in place of the main one (nil: the
// main one itself).
func (g *generator) drawFrom(stream *rand.Rand, f func()) {
	if stream == nil {
		f()
		return
	}
	main := g.r
	g.r = stream
	defer func() { g.r = main }()
	f()
}

// code records the factors of an analysis as a panel picks them: those the
// catalogue has under its own text and code, the rest typed, each with how
// much it contributed. A factor in a domain scored 2 contributed or may
// have (the child's own condition and modifiable factors more often
// contributed); one in a domain scored 1 was unlikely to have. Now and then
// the contribution of a factor is not recorded.
func (g *generator) code(c *cdop.Case, cond condition) {
	a := &c.Analysis
	a.FactorDetails = nil
	for i := range a.Domains {
		entry := &a.Domains[i]
		var factors, modifiable []string
		for _, f := range entry.Factors {
			text := f
			e, coded := catalogued(i, f)
			if coded {
				text = e.Text
			}
			if containsFold(entry.Modifiable, f) {
				modifiable = addFactor(modifiable, text)
			}
			if containsFold(factors, text) {
				continue // two factors the catalogue puts under one entry
			}
			factors = append(factors, text)

			det := cdop.FactorDetail{Domain: cdop.Domains[i].Code, Factor: text}
			if coded {
				det.Code = e.Code
			}
			isModifiable := containsFold(modifiable, text)
			switch score := entry.Score; {
			case score == nil || *score == 0:
			case *score == 2 && (isModifiable || (i == 0 && f == cond.factor)):
				det.Contribution = choose(g, []weighted[string]{{"contributed", 55}, {"may_have_contributed", 45}})
			case *score == 2:
				det.Contribution = choose(g, []weighted[string]{{"may_have_contributed", 75}, {"contributed", 15}, {"", 10}})
			default:
				det.Contribution = choose(g, []weighted[string]{{"unlikely", 85}, {"", 15}})
			}
			if det.Code != "" || det.Contribution != "" {
				a.FactorDetails = append(a.FactorDetails, det)
			}
		}
		entry.Factors, entry.Modifiable = factors, modifiable
	}
}

// draft fills in the analysis the child death review meeting drafts for the
// panel, for most cases awaiting the panel's review: the scores, the
// factors and mostly the outcome, as analyse would for a closed case but
// not signed off. A draft is not always finished: some leave the outcome
// or a domain's score for the panel, and a few carry an inconsistency the
// panel will have to resolve (a domain scored 2 with no factor typed yet,
// "modifiable factors identified" with none marked, or a modifiable factor
// marked unlikely to have contributed). Drafts draw on the second random
// stream, so the cases are otherwise those made without them.
func (g *generator) draft(c *cdop.Case, cat *category, cond condition) {
	g.aside(func() {
		if !g.chance(0.85) {
			return // only the category and cause so far
		}
		g.analyse(c, cat, cond)
		g.code(c, cond)
		a := &c.Analysis
		if g.chance(0.15) {
			a.Modifiable, a.Learning = "", nil // the panel will decide
		}
		if g.chance(0.1) {
			// A domain not scored 2 left for the panel to score.
			var open []int
			for i, d := range a.Domains {
				if d.Score != nil && *d.Score != 2 {
					open = append(open, i)
				}
			}
			if len(open) > 0 {
				a.Domains[pick(g, open)].Score = nil
			}
		}
		if g.chance(0.2) {
			g.slip(a)
		}
	})
}

// slip introduces one inconsistency Analysis.Consistency reports and
// validation allows, when the analysis has room for one.
func (g *generator) slip(a *cdop.Analysis) {
	var twos []int
	for i, d := range a.Domains {
		if d.Score != nil && *d.Score == 2 {
			twos = append(twos, i)
		}
	}
	if len(twos) == 0 {
		return
	}
	switch g.r.IntN(3) {
	case 0:
		// A domain scored 2 whose factors are still to be typed in; one
		// with a modifiable factor keeps it, since validation needs the
		// factor listed.
		for _, i := range twos {
			if len(a.Domains[i].Modifiable) == 0 {
				a.Domains[i].Factors = nil
				a.FactorDetails = slices.DeleteFunc(a.FactorDetails, func(d cdop.FactorDetail) bool { return d.Domain == cdop.Domains[i].Code })
				return
			}
		}
		fallthrough
	case 1:
		if a.Modifiable == "identified" {
			for i := range a.Domains {
				a.Domains[i].Modifiable = nil
			}
			return
		}
		fallthrough
	default:
		for i, d := range a.Domains {
			if len(d.Modifiable) == 0 {
				continue
			}
			f := d.Modifiable[0]
			for j := range a.FactorDetails {
				if a.FactorDetails[j].Domain == cdop.Domains[i].Code && strings.EqualFold(a.FactorDetails[j].Factor, f) {
					a.FactorDetails[j].Contribution = "unlikely"
					return
				}
			}
			a.FactorDetails = append(a.FactorDetails, cdop.FactorDetail{Domain: cdop.Domains[i].Code, Factor: f, Contribution: "unlikely"})
			return
		}
	}
}

// containsFold reports whether list holds s, ignoring case.
func containsFold(list []string, s string) bool {
	for _, it := range list {
		if strings.EqualFold(it, s) {
			return true
		}
	}
	return false
}
