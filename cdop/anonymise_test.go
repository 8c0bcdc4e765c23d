package cdop_test

import (
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"casemanager/cdop"
)

// Anonymised views date things only in bands of months after the death.
func TestTimeAfterDeath(t *testing.T) {
	death := dt("2025-11-02")
	for _, tt := range []struct{ on, want string }{
		{"2025-11-02", "within 1 month"},
		{"2025-12-02", "within 1 month"},
		{"2025-12-03", "1–3 months"},
		{"2026-02-02", "1–3 months"},
		{"2026-02-03", "3–6 months"},
		{"2026-05-02", "3–6 months"},
		{"2026-05-03", "6–12 months"},
		{"2026-11-02", "6–12 months"},
		{"2026-11-03", "1–2 years"},
		{"2027-11-02", "1–2 years"},
		{"2027-11-03", "over 2 years"},
		{"2025-11-01", "before the death"},
		{"", ""},
	} {
		on := cdop.Date{}
		if tt.on != "" {
			on = dt(tt.on)
		}
		if got := cdop.TimeAfterDeath(death, on); got != tt.want {
			t.Errorf("TimeAfterDeath(%s, %s) = %q; want %q", death, tt.on, got, tt.want)
		}
	}
	if got := cdop.TimeAfterDeath(cdop.Date{}, death); got != "" {
		t.Errorf("with no date of death: %q", got)
	}
	for _, tt := range []struct {
		band cdop.AgeBand
		want string
	}{{cdop.AgeBandNeonatal, "under 28 days"}, {cdop.AgeBandInfant, "28–364 days"}, {cdop.AgeBand15to17, "15–17 years"}, {cdop.AgeBandNotKnown, ""}} {
		if got := cdop.AgeBandText(tt.band); got != tt.want {
			t.Errorf("AgeBandText(%q) = %q; want %q", tt.band, got, tt.want)
		}
	}
}

func TestRelativeDay(t *testing.T) {
	death := dt("2025-11-02")
	tests := []struct {
		death cdop.Date
		on    string
		want  string
	}{
		{death, "2025-11-02", "day 0"},
		{death, "2025-11-03", "day 1"},
		{death, "2025-11-05", "day 3"},
		{death, "2025-11-14", "day 12"},
		{death, "2026-11-02", "day 365"},
		{death, "2025-11-01", "1 day before death"},
		{death, "2025-10-31", "2 days before death"},
		{death, "2024-11-02", "365 days before death"},
		{dt("2024-03-01"), "2024-02-28", "2 days before death"}, // 29 Feb 2024 lies between
		// Across the clocks going back (26 Oct 2025) and forward (29 Mar 2026).
		{dt("2025-10-25"), "2025-10-27", "day 2"},
		{dt("2026-03-28"), "2026-03-30", "day 2"},
		{dt("2026-03-30"), "2026-03-28", "2 days before death"},
		// Across a leap day and a year end.
		{dt("2028-02-28"), "2028-03-01", "day 2"},
		{dt("2025-12-31"), "2026-01-01", "day 1"},
		// Either date missing: nothing to say.
		{death, "", ""},
		{cdop.Date{}, "2025-11-02", ""},
		{cdop.Date{}, "", ""},
	}
	for _, tt := range tests {
		on := cdop.Date{}
		if tt.on != "" {
			on = dt(tt.on)
		}
		if got := cdop.RelativeDay(tt.death, on); got != tt.want {
			t.Errorf("RelativeDay(%s, %s) = %q; want %q", tt.death, tt.on, got, tt.want)
		}
	}
}

// Everything identifying in fullFile, to be found nowhere in its anonymised view.
var (
	childFirst  = "Zoë-Anaïs"
	childLast   = "Ó Súilleabháin-Łukasik"
	keyWorker   = "Siân Ffrançois-Ndiaye"
	moveActor   = "Ffion Llewelyn-Bowen (coordinator)"
	moveReason  = "reopened after the inquest into Zoë's death, as Mr Łukasik asked"
	residence   = "Flat 3, 27 Rue Cottage Lane, Upper Wimbleford"
	postcode    = "LS6 2QX"
	summary     = "Found unresponsive by her grandmother Bríd Ó Súilleabháin in the shared bed at the flat; GP Dr Hallworth had seen her the week before."
	contactNote = "Mother Aoife very distraught; asked about the cot from the Whitcombe Trust"
	pauseReason = "awaiting inquest at Wimbleford Coroner's Court, listed for the spring"
	declined    = "pupil withdrawn by Mrs Ó Súilleabháin before term started"
	requestNote = "spoke to DC Ferris on 07700 900123"
	otherReview = "Fire service review of Rue Cottage Lane"
	notHeld     = "family asked for no meeting until Bríd is well"
	timeOfDeath = "03:40"
)

// fullFile is a synthetic case file with every field filled, identifying
// details typed everywhere a person can type them.
func fullFile(t testing.TB) *cdop.CaseFile {
	t.Helper()
	c := cdop.NewCase()
	c.ID = "6f1d2c9e-0000-4000-8000-000000000137"
	c.Ref = "CDOP-2025-0137"
	c.FirstName, c.LastName = childFirst, childLast
	c.DateOfBirth = dt("2025-06-29")
	c.DateOfDeath = dt("2025-11-02")
	c.TimeOfDeath = timeOfDeath
	c.Sex = "female"
	c.NHSNumber = nhsNumber(t, "999413752")
	c.Postcode = postcode
	c.Ethnicity = "C"
	c.IMDDecile = 2
	c.ResidenceLA = residence
	c.PlaceOfDeath = "home"
	c.Expected = "unexpected"
	c.NotifiedOn = dt("2025-11-03")
	c.JAR, c.JARTriggers, c.JARReason = "yes", []string{"sudden_unexplained", "suspicious"}, "sudden_unexplained"
	c.ParallelReviews, c.ParallelReviewOther = []string{"lcspr", "other"}, otherReview
	c.AbuseNeglectSuspected = "yes"
	c.CSPRPNotifiedOn = dt("2025-11-05")
	c.RapidReviewCompletedOn = dt("2025-11-20")
	c.CoronerReferred, c.PostMortem, c.Inquest = "yes", "yes", "pending"
	c.KeyWorker = keyWorker
	c.Stage = cdop.StageCDOPReview
	c.CDRMOn = dt("2026-02-02")
	c.CDRMNotHeldReason = notHeld
	c.CDOPReviewOn = dt("2026-04-20")
	c.FamilyToldCDRMOn = dt("2026-01-05")
	c.FamilyToldCDOPReviewOn = dt("2026-03-20")
	c.FamilyToldOutcomeOn = dt("2026-05-01")
	c.Summary = summary
	c.Analysis = cdop.Analysis{
		Category:               1,
		ContributingCategories: []int{10},
		Domains: [4]cdop.DomainEntry{
			{Score: cdop.ScoreOf(1)},
			{Score: cdop.ScoreOf(2), Factors: []string{"Unsafe sleep: co-sleeping or shared surface", "Parental substance or alcohol misuse"},
				Modifiable: []string{"Unsafe sleep: co-sleeping or shared surface"}},
			{Score: cdop.ScoreOf(2), Factors: []string{"Overcrowded housing"}},
			{Score: cdop.ScoreOf(0)},
		},
		Modifiable:   "identified",
		CauseOfDeath: "Unascertained, consistent with overlay",
		Learning:     []string{"Safer sleep advice at every contact", "Ask about alcohol at the new birth visit"},
		SignedOffOn:  dt("2026-04-20"),
		FactorDetails: []cdop.FactorDetail{
			{Domain: "b", Factor: "Unsafe sleep: co-sleeping or shared surface", Code: "B02", Contribution: "contributed"},
			{Domain: "b", Factor: "Parental substance or alcohol misuse", Code: "B03", Contribution: "may_have_contributed"},
			{Domain: "c", Factor: "Overcrowded housing", Contribution: "may_have_contributed"},
		},
		LCSPRCriteriaMet: "yes",
	}
	police := cdop.AgencyRequest{ID: 1, CaseID: c.ID, AgencyID: 10, AgencyName: "Northshire Police", Form: "reporting_form",
		RequestedOn: dt("2025-11-05"), DueOn: dt("2025-12-03"), ChasedOn: dates("2025-12-04"), ReceivedOn: dt("2025-12-10"),
		Note: requestNote}
	school := cdop.AgencyRequest{ID: 2, CaseID: c.ID, AgencyID: 11, AgencyName: "Brookfield Primary School", Form: "reporting_form",
		RequestedOn: dt("2025-11-05"), DeclinedOn: dt("2025-11-10"), DeclineReason: declined}
	return &cdop.CaseFile{
		Case:     c,
		Requests: []cdop.AgencyRequest{police, school},
		Contacts: []cdop.Contact{
			{ID: 1, CaseID: c.ID, On: dt("2025-11-04"), Method: "visit", Note: contactNote, By: keyWorker},
			// Dated before the death (a slip of the keyboard): still shown relative to it.
			{ID: 2, CaseID: c.ID, On: dt("2025-10-31"), Method: "phone", Note: contactNote, By: keyWorker},
		},
		Pauses: []cdop.ClockPause{{ID: 1, CaseID: c.ID, Deadline: "cdop_review", From: dt("2026-03-01"), To: dt("2026-03-15"),
			Reason: pauseReason}},
		Moves: []cdop.StageMove{
			{ID: 1, CaseID: c.ID, From: cdop.StageNotified, To: cdop.StageImmediateDecisions, At: at("2025-11-03T10:00:00Z"), Actor: moveActor},
			{ID: 2, CaseID: c.ID, From: cdop.StageImmediateDecisions, To: cdop.StageInformationGathering, At: at("2025-11-10T09:00:00Z"), Actor: moveActor},
			{ID: 3, CaseID: c.ID, From: cdop.StageInformationGathering, To: cdop.StageCDRM, At: at("2026-01-06T16:45:00Z"), Actor: moveActor},
			{ID: 4, CaseID: c.ID, From: cdop.StageCDRM, To: cdop.StageCDOPReview, At: at("2026-02-03T08:00:00Z"), Actor: moveActor},
			{ID: 5, CaseID: c.ID, From: cdop.StageCDOPReview, To: cdop.StageClosed, At: at("2026-04-21T12:00:00Z"), Actor: moveActor},
			{ID: 6, CaseID: c.ID, From: cdop.StageClosed, To: cdop.StageCDOPReview, At: at("2026-06-01T23:30:00Z"), Actor: moveActor,
				Reason: moveReason},
		},
	}
}

// collectStrings walks a value by reflection and returns every string in
// it, dates and other Stringers as people would read them.
func collectStrings(v reflect.Value) []string {
	if !v.IsValid() {
		return nil
	}
	if v.CanInterface() {
		if s, ok := v.Interface().(fmt.Stringer); ok && v.Kind() != reflect.Pointer {
			out := []string{s.String()}
			if d, ok := v.Interface().(cdop.Date); ok {
				out = append(out, d.Display())
			}
			return out
		}
	}
	switch v.Kind() {
	case reflect.String:
		return []string{v.String()}
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return nil
		}
		return collectStrings(v.Elem())
	case reflect.Struct:
		var out []string
		for i := range v.NumField() {
			out = append(out, collectStrings(v.Field(i))...)
		}
		return out
	case reflect.Slice, reflect.Array:
		var out []string
		for i := range v.Len() {
			out = append(out, collectStrings(v.Index(i))...)
		}
		return out
	case reflect.Map:
		var out []string
		for _, k := range v.MapKeys() {
			out = append(out, collectStrings(k)...)
			out = append(out, collectStrings(v.MapIndex(k))...)
		}
		return out
	case reflect.Int, reflect.Int64, reflect.Int32, reflect.Bool:
		return []string{fmt.Sprint(v.Interface())}
	}
	return nil
}

// The anonymised view of a fully filled case file holds no name, NHS number,
// address, postcode, key worker, typed narrative or exact date, anywhere.
func TestAnonymiseLeavesNoIdentifier(t *testing.T) {
	f := fullFile(t)
	c := f.Case
	a := cdop.Anonymise(f)

	strs := collectStrings(reflect.ValueOf(a))
	if len(strs) < 20 {
		t.Fatalf("the walk found only %d strings: %q", len(strs), strs)
	}
	// %+v prints the scores' pointers: drop the addresses, which are no text.
	printed := regexp.MustCompile(`0x[0-9a-f]+`).ReplaceAllString(fmt.Sprintf("%+v", a), "0x")
	haystack := strings.Join(strs, "\n") + "\n" + printed + "\n" + fmt.Sprintf("%#v", a.Timeline)
	folded := cdop.FoldName(haystack)

	identifiers := []string{
		childFirst, childLast, c.FullName(), "Zoë", "Anaïs", "Súilleabháin", "Łukasik",
		c.NHSNumber, cdop.FormatNHSNumber(c.NHSNumber), c.NHSNumber[:3] + " " + c.NHSNumber[3:6],
		postcode, strings.ReplaceAll(postcode, " ", ""), "LS6",
		residence, "Rue Cottage", "Wimbleford", "Flat 3",
		keyWorker, "Siân", "Ffrançois", "Ndiaye",
		moveActor, "Ffion", "Llewelyn", moveReason, "Mr Łukasik",
		summary, "unresponsive", "grandmother", "Bríd", "Hallworth", "shared bed",
		contactNote, "Aoife", "distraught", "Whitcombe",
		pauseReason, "Coroner's Court", "spring",
		declined, "withdrawn", "before term",
		requestNote, "Ferris", "07700", "900123",
		otherReview, "Fire service",
		notHeld, "until",
		timeOfDeath, c.ID,
	}
	for _, s := range identifiers {
		if strings.Contains(strings.ToLower(haystack), strings.ToLower(s)) {
			t.Errorf("the anonymised case holds %q", s)
		}
		if fs := cdop.FoldName(s); len(fs) >= 3 && strings.Contains(folded, fs) {
			t.Errorf("the anonymised case holds %q (without accents: %q)", s, fs)
		}
	}

	// No date of the file, in any form, and nothing shaped like a date.
	fileDates := []cdop.Date{c.DateOfBirth, c.DateOfDeath, c.NotifiedOn, c.CSPRPNotifiedOn, c.RapidReviewCompletedOn,
		c.CDRMOn, c.CDOPReviewOn, c.FamilyToldCDRMOn, c.FamilyToldCDOPReviewOn, c.FamilyToldOutcomeOn, c.Analysis.SignedOffOn}
	for _, e := range cdop.Timeline(f) {
		fileDates = append(fileDates, e.On)
	}
	for _, d := range fileDates {
		for _, s := range []string{d.String(), d.Display(), d.Time().Format("02/01/2006"), d.Time().Format("2 January 2006")} {
			if strings.Contains(haystack, s) {
				t.Errorf("the anonymised case holds the date %q", s)
			}
		}
	}
	for _, re := range []*regexp.Regexp{
		regexp.MustCompile(`\d{4}-\d{2}-\d{2}`),
		regexp.MustCompile(`(?i)\b\d{1,2} (jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]* \d{4}\b`),
		regexp.MustCompile(`\b\d{1,2}/\d{1,2}/\d{2,4}\b`),
		regexp.MustCompile(`\b(19|20)\d{2}\b`), // not even a bare year
		regexp.MustCompile(`(?i)\bday \d+`),    // nor a day count from the death
	} {
		if m := re.FindAllString(strings.ReplaceAll(haystack, c.Ref, ""), -1); len(m) > 0 {
			t.Errorf("the anonymised case holds dates %q", m)
		}
	}
}

// What the panel needs stays: age, relative days, decisions and the analysis.
func TestAnonymiseKeepsWhatThePanelNeeds(t *testing.T) {
	f := fullFile(t)
	a := cdop.Anonymise(f)
	for _, tt := range []struct{ field, got, want string }{
		{"Ref", a.Ref, "CDOP-2025-0137"},
		{"Age", a.Age, "28–364 days"},
		{"AgeBand", string(a.AgeBand), "28-364 days"},
		{"Sex", a.Sex, "Female"},
		{"EthnicGroup", a.EthnicGroup, "White"},
		{"ResidenceLA", a.ResidenceLA, ""}, // typed as an address, so withheld
		{"PlaceOfDeath", a.PlaceOfDeath, "Home"},
		{"Expected", a.Expected, "Unexpected"},
		{"JAR", a.JAR, "Yes: Sudden with no immediately apparent cause (SUDI/SUDC); Circumstances raise suspicion it may not be natural"},
		{"Safeguarding", a.Safeguarding, "Abuse or neglect suspected: Yes; CSPR Panel notified within 1 month; rapid review completed within 1 month"},
		{"Coroner", a.Coroner, "Referred to the coroner: Yes; post-mortem: Yes; inquest: Pending"},
		{"Stage", a.Stage, "CDOP review"},
	} {
		if tt.got != tt.want {
			t.Errorf("%s = %q; want %q", tt.field, tt.got, tt.want)
		}
	}

	want := []cdop.RelativeEvent{
		{"before the death", "Contact with the family (telephone)"},
		{"within 1 month", "Death (Home)"},
		{"within 1 month", "Panel notified; death unexpected"},
		{"within 1 month", "Joint Agency Response started: sudden with no immediately apparent cause (SUDI/SUDC); circumstances raise suspicion it may not be natural"},
		{"within 1 month", "Moved to Immediate decisions"},
		{"within 1 month", "Contact with the family (home visit)"},
		{"within 1 month", "Child Safeguarding Practice Review Panel notified"},
		{"within 1 month", "Reporting form requested from Northshire Police"},
		{"within 1 month", "Reporting form requested from Brookfield Primary School"},
		{"within 1 month", "Moved to Information gathering"},
		{"within 1 month", "Reporting form declined by Brookfield Primary School"},
		{"within 1 month", "Rapid review completed"},
		{"1–3 months", "Reporting form chased with Northshire Police"},
		{"1–3 months", "Reporting form received from Northshire Police"},
		{"1–3 months", "Family told of the child death review meeting"},
		{"1–3 months", "Moved to Child death review meeting"},
		{"1–3 months", "Child death review meeting"},
		{"3–6 months", "Moved to CDOP review"},
		{"3–6 months", "CDOP review clock paused"},
		{"3–6 months", "CDOP review clock restarted"},
		{"3–6 months", "Family told of the CDOP review"},
		{"3–6 months", "CDOP review"},
		{"3–6 months", "Analysis signed off by the panel"},
		{"3–6 months", "Moved to Closed"},
		{"3–6 months", "Family told of the outcome"},
		{"6–12 months", "Moved to CDOP review"},
	}
	if !slices.Equal(a.Timeline, want) {
		var got []string
		for _, e := range a.Timeline {
			got = append(got, fmt.Sprintf("  %-20s %s", e.When, e.Text))
		}
		t.Errorf("Timeline\n%s", strings.Join(got, "\n"))
	}

	// The analysis is the panel's, whole, less the date it was signed off.
	wantAnalysis := f.Case.Clone().Analysis
	wantAnalysis.SignedOffOn = cdop.Date{}
	if !reflect.DeepEqual(a.Analysis, wantAnalysis) {
		t.Errorf("Analysis\n%+v\nwant\n%+v", a.Analysis, wantAnalysis)
	}
	if a.Analysis.CauseOfDeath == "" || len(a.Analysis.Learning) != 2 || a.Analysis.Domains[1].Modifiable[0] == "" ||
		len(a.Analysis.FactorDetails) != 3 || a.Analysis.LCSPRCriteriaMet != "yes" || a.Analysis.ContributingCategories[0] != 10 {
		t.Errorf("the analysis lost something: %+v", a.Analysis)
	}
}

// The anonymised timeline is the full one, event for event, less anything typed.
func TestAnonymisedTimelineMatchesTheTimeline(t *testing.T) {
	f := fullFile(t)
	full := cdop.Timeline(f)
	anon := cdop.Anonymise(f).Timeline
	if len(full) != len(anon) {
		t.Fatalf("%d events, anonymised %d", len(full), len(anon))
	}
	for i := range full {
		if want := cdop.TimeAfterDeath(f.Case.DateOfDeath, full[i].On); anon[i].When != want {
			t.Errorf("event %d on %q; want %q", i, anon[i].When, want)
		}
		if !strings.HasPrefix(full[i].Text, anon[i].Text) {
			t.Errorf("event %d: %q is not the start of %q", i, anon[i].Text, full[i].Text)
		}
	}
	// The identifiable timeline keeps who moved the case and why.
	text := describeEvents(full)
	for _, s := range []string{"by " + moveActor, moveReason, pauseReason, declined} {
		if !strings.Contains(text, s) {
			t.Errorf("Timeline lost %q", s)
		}
	}
}

// Anonymise reads the file and changes nothing in it; what it returns shares
// nothing with it.
func TestAnonymiseLeavesTheFileAlone(t *testing.T) {
	f := fullFile(t)
	before := fullFile(t)
	a := cdop.Anonymise(f)
	if !reflect.DeepEqual(f, before) {
		t.Errorf("Anonymise changed the file")
	}
	if f.Case.Analysis.SignedOffOn != dt("2026-04-20") {
		t.Errorf("Anonymise cleared the case's sign-off date")
	}
	a.Analysis.Learning[0] = "changed"
	a.Analysis.Domains[1].Factors[0] = "changed"
	a.Analysis.Domains[1].Modifiable[0] = "changed"
	*a.Analysis.Domains[1].Score = 0
	a.Analysis.FactorDetails[0].Code = "changed"
	a.Analysis.ContributingCategories[0] = 2
	if diff := cdop.Diff(before.Case, f.Case); len(diff) != 0 {
		t.Errorf("editing the anonymised analysis changed the case: %v", diff)
	}
}

func TestAnonymiseParts(t *testing.T) {
	tests := []struct {
		name   string
		change func(c *cdop.Case)
		field  func(a cdop.AnonymisedCase) string
		want   string
	}{
		{"JAR from the interchange reason alone", func(c *cdop.Case) { c.JARTriggers = nil; c.JARReason = "external_cause" },
			func(a cdop.AnonymisedCase) string { return a.JAR }, "Yes: Is or could be due to external causes"},
		{"JAR with no trigger recorded", func(c *cdop.Case) { c.JARTriggers, c.JARReason = nil, "" },
			func(a cdop.AnonymisedCase) string { return a.JAR }, "Yes"},
		{"no JAR", func(c *cdop.Case) { c.JAR, c.JARTriggers, c.JARReason = "no", nil, "" },
			func(a cdop.AnonymisedCase) string { return a.JAR }, "No"},
		{"JAR not recorded", func(c *cdop.Case) { c.JAR, c.JARTriggers, c.JARReason = "", nil, "" },
			func(a cdop.AnonymisedCase) string { return a.JAR }, ""},
		{"abuse not suspected", func(c *cdop.Case) {
			c.AbuseNeglectSuspected, c.CSPRPNotifiedOn, c.RapidReviewCompletedOn = "no", cdop.Date{}, cdop.Date{}
		}, func(a cdop.AnonymisedCase) string { return a.Safeguarding }, "Abuse or neglect suspected: No"},
		{"abuse suspected, panel not yet notified", func(c *cdop.Case) { c.CSPRPNotifiedOn, c.RapidReviewCompletedOn = cdop.Date{}, cdop.Date{} },
			func(a cdop.AnonymisedCase) string { return a.Safeguarding }, "Abuse or neglect suspected: Yes"},
		{"abuse suspected, notified the day of the death", func(c *cdop.Case) {
			c.CSPRPNotifiedOn, c.RapidReviewCompletedOn = c.DateOfDeath, cdop.Date{}
		}, func(a cdop.AnonymisedCase) string { return a.Safeguarding }, "Abuse or neglect suspected: Yes; CSPR Panel notified within 1 month"},
		{"safeguarding not recorded", func(c *cdop.Case) { c.AbuseNeglectSuspected = "" },
			func(a cdop.AnonymisedCase) string { return a.Safeguarding }, ""},
		{"coroner: only the inquest recorded", func(c *cdop.Case) { c.CoronerReferred, c.PostMortem, c.Inquest = "", "", "no" },
			func(a cdop.AnonymisedCase) string { return a.Coroner },
			"Referred to the coroner: not recorded; post-mortem: not recorded; inquest: No"},
		{"coroner: inquest held", func(c *cdop.Case) { c.Inquest = "yes" },
			func(a cdop.AnonymisedCase) string { return a.Coroner }, "Referred to the coroner: Yes; post-mortem: Yes; inquest: Yes (held)"},
		{"coroner not recorded", func(c *cdop.Case) { c.CoronerReferred, c.PostMortem, c.Inquest = "", "", "" },
			func(a cdop.AnonymisedCase) string { return a.Coroner }, ""},
		{"a newborn's age as a band, never in days", func(c *cdop.Case) { c.DateOfBirth = dt("2025-10-30") },
			func(a cdop.AnonymisedCase) string { return a.Age + " / " + string(a.AgeBand) }, "under 28 days / 0-27 days"},
		{"a teenager's age as a band", func(c *cdop.Case) { c.DateOfBirth = dt("2009-03-14") },
			func(a cdop.AnonymisedCase) string { return a.Age + " / " + string(a.AgeBand) }, "15–17 years / 15-17 years"},
		{"no date of birth", func(c *cdop.Case) { c.DateOfBirth = cdop.Date{} },
			func(a cdop.AnonymisedCase) string { return a.Age + " / " + string(a.AgeBand) }, " / "},
		{"ethnicity not stated", func(c *cdop.Case) { c.Ethnicity = "Z" },
			func(a cdop.AnonymisedCase) string { return a.EthnicGroup }, "Not stated"},
		{"no date of death: no relative days", func(c *cdop.Case) { c.DateOfDeath = cdop.Date{} },
			func(a cdop.AnonymisedCase) string {
				var days []string
				for _, e := range a.Timeline {
					days = append(days, e.When)
				}
				return strings.Join(days, "") + a.Safeguarding
			}, "Abuse or neglect suspected: Yes; CSPR Panel notified; rapid review completed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := fullFile(t)
			tt.change(f.Case)
			if got := tt.field(cdop.Anonymise(f)); got != tt.want {
				t.Errorf("got %q; want %q", got, tt.want)
			}
		})
	}
}

// residence_la is a code: a local authority is shown by name; text stored
// before the list existed, which may be an address, is not shown at all.
func TestAnonymiseResidence(t *testing.T) {
	tests := []struct{ stored, shown string }{
		{"E08000035", "Leeds"},
		{"E06000023", "Bristol, City of"},
		{"E08000013", "St. Helens"},
		{cdop.ResidenceOutsideEngland, "Outside England"},
		{cdop.ResidenceNotKnown, "Not known"},
		{"", ""},
		{"Leeds", ""}, // a name stored before the list: the migration maps it, check reports what it cannot
		{"14 Acacia Avenue, Leeds", ""},
		{"Care of Kerry ONeill", ""},
		{"LS6", ""},
	}
	for _, tt := range tests {
		f := fullFile(t)
		f.Case.ResidenceLA = tt.stored
		if got := cdop.Anonymise(f).ResidenceLA; got != tt.shown {
			t.Errorf("residence %q shown as %q; want %q", tt.stored, got, tt.shown)
		}
	}
}
