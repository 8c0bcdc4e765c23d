package cdop

import (
	"fmt"
	"strings"
)

// AnonymisedCase is what a panel member may read about a case: no name, NHS
// number, date of birth, address, postcode, key worker or typed narrative,
// and nothing that dates the death — the age as its national band, and
// other dates as the time after the death, in bands of months.
type AnonymisedCase struct {
	Ref          string
	Age          string // the age band at death as people read it, e.g. "under 28 days"
	AgeBand      AgeBand
	Sex          string // label
	EthnicGroup  string // broad group
	ResidenceLA  string
	PlaceOfDeath string // label
	Expected     string // label
	JAR          string // "Yes: …triggers" / "No" / ""
	Safeguarding string // abuse or neglect suspected, CSPRP and rapid review, relative
	Coroner      string // coroner, post-mortem and inquest
	Stage        string
	Timeline     []RelativeEvent // in order, each dated only by TimeAfterDeath
	Analysis     Analysis        // as drafted; typed text in it is the panel's own
	// Other holds, by summary section, the fields the registry lets an
	// anonymised view show that the values above do not already compose.
	Other map[string][]ShownField
	// Returns are the agencies' returns as a panel member may read them.
	Returns []AnonymisedReturn
}

// JARText says whether a Joint Agency Response was held and why, as the
// summaries show it: "Yes: <triggers>", "No", or "" when not recorded.
func (c *Case) JARText() string {
	out := YesNo.Label(c.JAR)
	if c.JAR == "yes" {
		triggers := c.JARTriggers
		if len(triggers) == 0 && c.JARReason != "" {
			triggers = []string{c.JARReason} // the single reason of an imported case
		}
		for i, t := range triggers {
			sep := ": "
			if i > 0 {
				sep = "; "
			}
			out += sep + JARReasons.Label(t)
		}
	}
	return out
}

// ShownField is one field's value as a summary or view shows it.
type ShownField struct {
	Field, Label, Value string
}

// ShownFields returns the recorded values of the fields the registry places
// in a summary section and keep accepts, as people read them (free text
// passed through scrub), in registry order.
func ShownFields(c *Case, section string, keep func(*Field) bool, scrub func(string) string) []ShownField {
	var out []ShownField
	for i := range Registry {
		f := &Registry[i]
		if f.Summary != section || !keep(f) {
			continue
		}
		v := f.Display(c)
		if f.FreeText() || f.Kind == KindText {
			v = scrub(v)
		}
		if strings.TrimSpace(v) != "" {
			out = append(out, ShownField{Field: f.Name, Label: f.Label, Value: v})
		}
	}
	return out
}

// anonymisedComposed are the fields AnonymisedCase shows in values of its
// own (the JAR with its triggers, safeguarding and the coroner in a line
// each, meeting dates as days from the death, the analysis as drafted).
var anonymisedComposed = map[string]bool{
	"sex": true, "residence_la": true, "place_of_death": true, "expected": true,
	"jar": true, "jar_reason": true, "jar_triggers": true,
	"abuse_neglect_suspected": true, "csprp_notified_on": true, "rapid_review_completed_on": true,
	"coroner_referred": true, "post_mortem": true, "inquest": true,
	"cdrm_on": true, "cdop_review_on": true, "parallel_reviews": true,
}

// anonymisedOther returns the fields an anonymised view may show that
// AnonymisedCase does not compose, by summary section.
func anonymisedOther(c *Case, scrub func(string) string) map[string][]ShownField {
	out := map[string][]ShownField{}
	for _, section := range []string{SummaryChild, SummaryDecisions, SummaryAnalysis} {
		shown := ShownFields(c, section, func(f *Field) bool {
			return f.Anonymised && (f.Disclosure != Identifier || f.FreeText() || f.Kind == KindDate) &&
				!anonymisedComposed[f.Name] && f.Form.Tab != TabAnalysis
		}, scrub)
		for i := range shown {
			if f, _ := FieldNamed(shown[i].Field); f.Kind == KindDate {
				shown[i].Value = TimeAfterDeath(c.DateOfDeath, MustParseDate(f.Get(c)))
				if shown[i].Value == "" {
					shown[i].Value = "recorded (date withheld)"
				}
			}
		}
		if len(shown) > 0 {
			out[section] = shown
		}
	}
	return out
}

// RelativeEvent is a timeline entry dated only by the time after the death.
type RelativeEvent struct {
	When string // TimeAfterDeath, e.g. "1–3 months"
	Text string
}

// TimeAfterDeath says when something happened as anonymised views may: in
// bands of months after the death ("within 1 month", "1–3 months",
// "3–6 months", "6–12 months", "1–2 years", "over 2 years"), or "before the
// death"; never a day count, which with any other date (a meeting's, the
// production date) would date the death. "" when either date is missing.
func TimeAfterDeath(death, d Date) string {
	switch {
	case death.IsZero() || d.IsZero():
		return ""
	case d.Before(death):
		return "before the death"
	case !d.After(death.AddMonths(1)):
		return "within 1 month"
	case !d.After(death.AddMonths(3)):
		return "1–3 months"
	case !d.After(death.AddMonths(6)):
		return "3–6 months"
	case !d.After(death.AddMonths(12)):
		return "6–12 months"
	case !d.After(death.AddMonths(24)):
		return "1–2 years"
	}
	return "over 2 years"
}

// AgeBandText is an age band as anonymised views show it: "under 28 days",
// "28–364 days", "1–4 years"…; "" when not known.
func AgeBandText(b AgeBand) string {
	switch b {
	case AgeBandNeonatal:
		return "under 28 days"
	case AgeBandNotKnown:
		return ""
	}
	return strings.Replace(string(b), "-", "–", 1)
}

// RelativeDay names a date by the days since the death: "day 0" is the day
// of death, "day 12" twelve days later, "3 days before death" earlier.
func RelativeDay(death, d Date) string {
	if d.IsZero() || death.IsZero() {
		return ""
	}
	n := death.DaysUntil(d)
	switch {
	case n >= 0:
		return fmt.Sprintf("day %d", n)
	case n == -1:
		return "1 day before death"
	}
	return fmt.Sprintf("%d days before death", -n)
}

// Anonymise returns the panel member's view of a case file.
func Anonymise(f *CaseFile) AnonymisedCase {
	c := f.Case
	scrub := IdentifierScrubber(c)
	a := AnonymisedCase{
		Ref:         c.Ref,
		Age:         AgeBandText(c.AgeBand()),
		AgeBand:     c.AgeBand(),
		Sex:         Sexes.Label(c.Sex),
		EthnicGroup: BroadEthnicGroup(c.Ethnicity),
		// A code of the shipped list, by name; text stored before the list
		// (not yet fixed by the coordinator) is never shown.
		ResidenceLA:  ResidenceName(c.ResidenceLA),
		PlaceOfDeath: PlacesOfDeath.Label(c.PlaceOfDeath),
		Expected:     Expectedness.Label(c.Expected),
		Stage:        c.Stage.Label(),
		Analysis:     *c.Clone().Analysis.withoutDates().scrubbed(scrub),
		Other:        anonymisedOther(c, scrub),
		Returns:      AnonymisedReturns(f, scrub),
	}
	a.JAR = c.JARText()
	if c.AbuseNeglectSuspected != "" {
		a.Safeguarding = "Abuse or neglect suspected: " + YesNo.Label(c.AbuseNeglectSuspected)
		// "notified within 1 month"; just "notified" when the death is not dated.
		when := func(what string, on Date) string {
			if band := TimeAfterDeath(c.DateOfDeath, on); band != "" {
				return "; " + what + " " + band
			}
			return "; " + what
		}
		if !c.CSPRPNotifiedOn.IsZero() {
			a.Safeguarding += when("CSPR Panel notified", c.CSPRPNotifiedOn)
		}
		if !c.RapidReviewCompletedOn.IsZero() {
			a.Safeguarding += when("rapid review completed", c.RapidReviewCompletedOn)
		}
	}
	if c.CoronerReferred != "" || c.PostMortem != "" || c.Inquest != "" {
		a.Coroner = fmt.Sprintf("Referred to the coroner: %s; post-mortem: %s; inquest: %s",
			orBlank(YesNo.Label(c.CoronerReferred)), orBlank(YesNo.Label(c.PostMortem)), orBlank(InquestStatuses.Label(c.Inquest)))
	}
	for _, e := range anonymousTimeline(f) {
		a.Timeline = append(a.Timeline, RelativeEvent{When: TimeAfterDeath(c.DateOfDeath, e.On), Text: e.Text})
	}
	return a
}

// scrubbed withholds the child's identifiers wherever the panel typed them
// into the analysis; a factor and its "modifiable" mark change alike.
func (a *Analysis) scrubbed(scrub func(string) string) *Analysis {
	a.CauseOfDeath = scrub(a.CauseOfDeath)
	for i := range a.Domains {
		d := &a.Domains[i]
		for j := range d.Factors {
			d.Factors[j] = scrub(d.Factors[j])
		}
		for j := range d.Modifiable {
			d.Modifiable[j] = scrub(d.Modifiable[j])
		}
	}
	for i := range a.FactorDetails {
		a.FactorDetails[i].Factor = scrub(a.FactorDetails[i].Factor)
	}
	for i := range a.Learning {
		a.Learning[i] = scrub(a.Learning[i])
	}
	return a
}

// withoutDates clears the analysis's exact dates.
func (a *Analysis) withoutDates() *Analysis {
	a.SignedOffOn = Date{}
	return a
}

func orBlank(s string) string {
	if s == "" {
		return "not recorded"
	}
	return s
}
