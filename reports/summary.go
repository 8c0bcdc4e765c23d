package reports

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"casemanager/cdop"
)

// CaseSummary writes one case as an A4 PDF: who the child was (unless
// anonymised), the notification and decisions, the flowchart's deadlines
// (met or missed) and timeline, agency reports, the analysis, learning and
// recommendations. recs may hold every recommendation; those that came
// from this case are printed.
//
// With opts.Anonymised it prints what cdop.Anonymise lets a panel member
// read: no names, NHS number, date of birth, address, postcode, key worker
// or typed narrative (summary, notes, reasons), and nothing that dates the
// death: the age band instead of the date of birth, times after the death
// in bands of months instead of dates or day counts, due dates as months
// after the review, no countdown to a target, and the production date on
// the first page only.
func CaseSummary(w io.Writer, f *cdop.CaseFile, recs []*cdop.Recommendation, opts Options) error {
	if f == nil || f.Case == nil {
		return errors.New("reports: no case to summarise")
	}
	d, err := newDoc(summaryTitle(f.Case, opts.Anonymised), opts)
	if err != nil {
		return err
	}
	d.coverDate = opts.Anonymised
	writeSummary(d, f, recs, opts, nil)
	return d.finish(w)
}

// summaryTitle is the running title of a case summary.
func summaryTitle(c *cdop.Case, anonymised bool) string {
	if anonymised {
		return "Anonymised case summary " + c.Ref
	}
	return "Case summary " + c.Ref
}

// summary lays out one case; the panel pack calls it once per case.
type summary struct {
	d     *doc
	f     *cdop.CaseFile
	c     *cdop.Case
	a     cdop.AnonymisedCase // the anonymised view, when anonymised
	anon  bool
	opts  Options
	today cdop.Date
	scrub func(string) string // typed text as printed
	cover bool                // a document of its own (not a pack's case): its first page dates it
}

// writeSummary lays out a case summary from a new page.
// started, when set, is called once the summary's first page is added.
func writeSummary(d *doc, f *cdop.CaseFile, recs []*cdop.Recommendation, opts Options, started func()) {
	s := &summary{d: d, f: f, c: f.Case, anon: opts.Anonymised, opts: opts, today: opts.today(),
		scrub: func(s string) string { return s }, cover: started == nil}
	if s.anon {
		s.a = cdop.Anonymise(f)
		s.scrub = scrubber(f.Case)
	}
	d.running = summaryTitle(s.c, s.anon)
	d.newPage()
	if started != nil {
		started()
	}
	s.header()
	s.child()
	s.decisions()
	if !s.anon && strings.TrimSpace(s.c.Summary) != "" {
		d.heading(1, "Circumstances", 12)
		d.para(s.c.Summary)
	}
	s.deadlines()
	s.timeline()
	s.requests()
	s.returns()
	if !s.anon {
		s.contacts()
	}
	s.analysis()
	s.learning()
	s.recommendations(recsFor(s.c.ID, recs))
}

// anonymisedNote says how an anonymised summary is anonymised.
const anonymisedNote = "Anonymised for the Child Death Overview Panel: no names, NHS number, date of birth, address, postcode " +
	"or key worker, and nothing that dates the death. Ages are the national age bands at death; other times are months after the death, in bands."

// summaryComposed are the fields the identifiable summary prints in rows of
// its own making (the name from both names, the death with its time, the
// coroner's three answers in one line, the analysis by domain…); every
// other field the registry places in a section gets a row of its own
// (others), so a new field is printed without a change here.
var summaryComposed = map[string]bool{
	"first_name": true, "last_name": true, "nhs_number": true, "nhs_number_status": true,
	"date_of_birth": true, "date_of_death": true, "time_of_death": true, "sex": true, "ethnicity": true,
	"postcode": true, "residence_la": true, "imd_decile": true, "key_worker": true,
	"place_of_death": true, "expected": true, "notified_on": true, "jar": true, "jar_reason": true, "jar_triggers": true,
	"abuse_neglect_suspected": true, "csprp_notified_on": true, "rapid_review_completed_on": true,
	"coroner_referred": true, "post_mortem": true, "inquest": true, "parallel_reviews": true, "parallel_review_other": true,
	"cdrm_on": true, "cdrm_not_held_reason": true, "cdop_review_on": true,
	"family_told_cdrm_on": true, "family_told_cdop_review_on": true, "family_told_outcome_on": true,
	"summary": true, "analysis_signed_off_on": true,
}

// others adds to rows the section's fields not already printed: for the
// anonymised summary those cdop.Anonymise lets a panel member read.
func (s *summary) others(rows []field, section string) []field {
	shown := s.a.Other[section]
	if !s.anon {
		shown = cdop.ShownFields(s.c, section, func(f *cdop.Field) bool {
			return !summaryComposed[f.Name] && f.Form.Tab != cdop.TabAnalysis
		}, func(v string) string { return v })
	}
	for _, f := range shown {
		rows = append(rows, field{label: f.Label, value: f.Value})
	}
	return rows
}

// when shows a date of the case: the date itself, or when anonymised the
// time after the death, in bands of months.
func (s *summary) when(on cdop.Date) string {
	if on.IsZero() {
		return ""
	}
	if s.anon {
		if band := cdop.TimeAfterDeath(s.c.DateOfDeath, on); band != "" {
			return band
		}
		return "recorded (date withheld)"
	}
	return on.Display()
}

func (s *summary) header() {
	c := s.c
	ref := c.Ref
	if ref == "" {
		ref = "(no reference)"
	}
	if s.anon {
		sub := ref + "  ·  Stage: " + s.a.Stage
		if s.cover {
			sub += "  ·  Produced " + s.d.produced
		}
		s.d.title("Anonymised case summary", sub)
		s.d.note(anonymisedNote)
		return
	}
	sub := ref
	if name := strings.TrimSpace(c.FullName()); name != "" {
		sub += "  ·  " + name
	}
	s.d.title("Case summary", sub+"  ·  Stage: "+c.Stage.Label())
	s.d.note("Identifiable: this summary holds personal data about a child who has died and their family. " +
		"Share it only with those who need it for the review.")
}

func (s *summary) child() {
	c := s.c
	age := func(a string, band cdop.AgeBand) string {
		if a == "" {
			return ""
		}
		if band != "" {
			return a + " (age band " + string(band) + ")"
		}
		return a
	}
	if s.anon {
		la := s.a.ResidenceLA
		if la == "" && c.ResidenceLA != "" {
			la = "withheld"
		}
		rows := []field{
			{label: "Age band at death", value: s.a.Age},
			{label: "Sex", value: s.a.Sex},
			{label: "Ethnic group", value: s.a.EthnicGroup},
			{label: "Local authority of residence", value: la},
		}
		rows = s.others(rows, cdop.SummaryChild)
		s.d.fieldsHeading(1, "The child", rows)
		s.d.fields(rows)
		return
	}
	nhs := cdop.FormatNHSNumber(c.NHSNumber)
	if nhs == "" {
		nhs = cdop.NHSNumberStatuses.Label(c.NHSNumberStatus)
	}
	death := c.DateOfDeath.Display()
	if death != "" && c.TimeOfDeath != "" {
		death += " at " + c.TimeOfDeath
	}
	ethnicity := ""
	if c.Ethnicity != "" {
		ethnicity = c.Ethnicity + " – " + cdop.EthnicCategories.Label(c.Ethnicity)
	}
	imd := ""
	if c.IMDDecile > 0 {
		imd = strconv.Itoa(c.IMDDecile) + " (1 = most deprived 10%)"
	}
	rows := []field{
		{label: "Name", value: c.FullName()},
		{label: "NHS number", value: nhs},
		{label: "Date of birth", value: c.DateOfBirth.Display()},
		{label: "Date of death", value: death},
		{label: "Age at death", value: age(c.Age().String(), c.AgeBand())},
		{label: "Sex", value: cdop.Sexes.Label(c.Sex)},
		{label: "Ethnicity", value: ethnicity},
		{label: "Postcode", value: c.Postcode},
		{label: "Local authority of residence", value: residenceText(c.ResidenceLA)},
		{label: "Deprivation (IMD decile)", value: imd},
		{label: "Key worker", value: c.KeyWorker},
	}
	rows = s.others(rows, cdop.SummaryChild)
	s.d.fieldsHeading(1, "The child", rows)
	s.d.fields(rows)
}

func (s *summary) decisions() {
	c := s.c
	notified := s.when(c.NotifiedOn)
	if !s.anon && notified != "" && !c.DateOfDeath.IsZero() {
		notified += " (" + cdop.RelativeDay(c.DateOfDeath, c.NotifiedOn) + ")"
	}
	var parallel []string
	for _, p := range c.ParallelReviews {
		label := cdop.ParallelReviewKinds.Label(p)
		if p == "other" && !s.anon && strings.TrimSpace(c.ParallelReviewOther) != "" {
			label += ": " + c.ParallelReviewOther
		}
		parallel = append(parallel, label)
	}
	cdrm := s.when(c.CDRMOn)
	if cdrm == "" && strings.TrimSpace(c.CDRMNotHeldReason) != "" {
		cdrm = "Not held"
		if !s.anon {
			cdrm += ": " + c.CDRMNotHeldReason
		}
	}
	var told []string
	for _, t := range []struct {
		what string
		on   cdop.Date
	}{
		{"of the child death review meeting", c.FamilyToldCDRMOn},
		{"of the CDOP review", c.FamilyToldCDOPReviewOn},
		{"of the outcome", c.FamilyToldOutcomeOn},
	} {
		if !t.on.IsZero() {
			told = append(told, "told "+t.what+": "+s.when(t.on))
		}
	}
	var rows []field
	if s.anon {
		rows = []field{
			{label: "Place of death", value: s.a.PlaceOfDeath},
			{label: "Expected or unexpected", value: s.a.Expected},
			{label: "Panel notified", value: notified},
			{label: "Joint Agency Response", value: s.a.JAR},
			{label: "Safeguarding", value: s.a.Safeguarding},
			{label: "Coroner", value: s.a.Coroner},
		}
	} else {
		jar := c.JARText()
		coroner := ""
		if c.CoronerReferred != "" || c.PostMortem != "" || c.Inquest != "" {
			coroner = fmt.Sprintf("Referred: %s; post-mortem: %s; inquest: %s",
				orNotRecorded(cdop.YesNo.Label(c.CoronerReferred)), orNotRecorded(cdop.YesNo.Label(c.PostMortem)),
				orNotRecorded(cdop.InquestStatuses.Label(c.Inquest)))
		}
		rows = []field{
			{label: "Place of death", value: cdop.PlacesOfDeath.Label(c.PlaceOfDeath)},
			{label: "Expected or unexpected", value: cdop.Expectedness.Label(c.Expected)},
			{label: "Panel notified", value: notified},
			{label: "Joint Agency Response", value: jar},
			{label: "Abuse or neglect suspected", value: cdop.YesNo.Label(c.AbuseNeglectSuspected)},
			{label: "CSPR Panel notified", value: s.when(c.CSPRPNotifiedOn)},
			{label: "Rapid review completed", value: s.when(c.RapidReviewCompletedOn)},
			{label: "Coroner", value: coroner},
		}
	}
	rows = append(rows,
		field{label: "Parallel reviews", value: orNone(strings.Join(parallel, "; "))},
		field{label: "Child death review meeting", value: cdrm},
		field{label: "CDOP review", value: s.when(c.CDOPReviewOn)},
		field{label: "Family", value: strings.Join(told, "; ")},
	)
	rows = s.others(rows, cdop.SummaryDecisions)
	s.d.fieldsHeading(1, "Notification and decisions", rows)
	s.d.fields(rows)
}

func (s *summary) deadlines() {
	s.d.heading(1, "Deadlines", 25)
	ks := cdop.Deadlines(s.f, s.opts.Settings, s.today)
	rows := make([][]string, len(ks))
	colours := make([]*rgb, len(ks))
	for i, k := range ks {
		label := k.Label()
		if detail := s.deadlineDetail(k); detail != "" {
			label += "\n" + detail
		}
		result, col := deadlineResult(k, s.today, s.opts.Settings)
		if s.anon {
			result = anonymousResult(result)
		}
		rows[i] = []string{label, s.when(k.Target), s.when(k.Done), result}
		colours[i] = col
	}
	s.d.table(table{
		cols: []column{{title: "Deadline"}, {title: "Target", width: 30}, {title: "Met on", width: 30}, {title: "Result", width: 40}},
		rows: rows,
		colour: func(r, col int) *rgb {
			if col == 3 {
				return colours[r]
			}
			return nil
		},
	})
	st := s.opts.Settings.WithDefaults()
	s.d.note(fmt.Sprintf("Targets from the panel's settings: notification within %s of the death, the key worker's first contact within %s of the death, "+
		"agency reports within %s, the child death review meeting within %s and the CDOP review within %s of the death; "+
		"statutory safeguarding steps in working days. Paused clocks move their targets on.",
		plural(st.NotificationDays, "day"), plural(st.KeyWorkerContactDays, "day"), plural(st.AgencyReportDays, "day"),
		plural(st.CDRMMonths, "month"), plural(st.CDOPReviewMonths, "month")))
}

// deadlineDetail says more about a deadline, in words safe for the view.
func (s *summary) deadlineDetail(k cdop.Deadline) string {
	c := s.c
	var parts []string
	switch k.Name {
	case cdop.DeadlineAgencyReports:
		parts = append(parts, k.Detail) // form and agency
	case cdop.DeadlineCDRM:
		switch {
		case k.Closed && strings.TrimSpace(c.CDRMNotHeldReason) != "":
			if s.anon {
				parts = append(parts, "no meeting held")
			} else {
				parts = append(parts, "no meeting held: "+strings.TrimSpace(c.CDRMNotHeldReason))
			}
		case k.Done.IsZero() && !c.CDRMOn.IsZero():
			parts = append(parts, "booked for "+s.when(c.CDRMOn))
		}
	case cdop.DeadlineCDOPReview:
		if k.Done.IsZero() && !c.CDOPReviewOn.IsZero() {
			parts = append(parts, "booked for "+s.when(c.CDOPReviewOn))
		}
	}
	if k.Paused {
		if s.anon || strings.TrimSpace(k.PauseNote) == "" {
			parts = append(parts, "clock paused")
		} else {
			parts = append(parts, "clock paused: "+strings.TrimSpace(k.PauseNote))
		}
	}
	switch {
	case k.PausedDays > 0 && s.anon:
		parts = append(parts, "target moved on by pauses")
	case k.PausedDays > 0:
		parts = append(parts, "target moved on "+plural(k.PausedDays, "day")+" by pauses")
	}
	return strings.Join(parts, "; ")
}

// deadlineResult says whether a deadline was met, and in what colour.
func deadlineResult(k cdop.Deadline, today cdop.Date, settings cdop.Settings) (string, *rgb) {
	switch {
	case k.Met():
		return "Met", &colGood
	case !k.Done.IsZero():
		return "Missed: " + plural(k.Target.DaysUntil(k.Done), "day") + " late", &colBad
	case k.Closed:
		if k.Name == cdop.DeadlineCDRM {
			return "Not needed", nil
		}
		return "Not met (closed)", &colMuted
	case k.Paused:
		return "Open: paused", &colWarn
	}
	// Open: how far the target is, in the words of the dashboard and `due`.
	switch k.Status(today, settings) {
	case cdop.DueOverdue:
		return "Open: " + cdop.DaysLeft(today, k.Target), &colBad
	case cdop.DueSoon:
		return "Open: " + cdop.DaysLeft(today, k.Target), &colWarn
	}
	return "Open: " + cdop.DaysLeft(today, k.Target), nil
}

// anonymousResult is a deadline's result without its count of days (late,
// left or over), which with the production date or a meeting's would date
// the death.
func anonymousResult(result string) string {
	switch {
	case strings.HasPrefix(result, "Missed"):
		return "Missed"
	case strings.HasSuffix(result, "over"):
		return "Open: overdue"
	case strings.HasPrefix(result, "Open: paused"):
		return result
	case strings.HasPrefix(result, "Open"):
		return "Open"
	}
	return result
}

func (s *summary) timeline() {
	when := "Date"
	var rows [][]string
	if s.anon {
		when = "After the death"
		for _, e := range s.a.Timeline {
			rows = append(rows, []string{e.When, e.Text})
		}
	} else {
		for _, e := range cdop.Timeline(s.f) {
			rows = append(rows, []string{e.On.Display(), e.Text})
		}
	}
	s.d.heading(1, "Timeline", 18)
	if len(rows) == 0 {
		s.d.para("Nothing dated has been recorded.")
		return
	}
	s.d.table(table{cols: []column{{title: when, width: 36}, {title: "Event"}}, rows: rows})
}

func (s *summary) requests() {
	s.d.heading(1, "Agency reports", 18)
	if len(s.f.Requests) == 0 {
		s.d.para("No reporting forms have been requested.")
		return
	}
	settings := s.opts.Settings.WithDefaults()
	var rows [][]string
	var colours []*rgb
	for _, r := range s.f.Requests {
		due := r.DueOn
		if due.IsZero() {
			due = r.RequestedOn.AddDays(settings.AgencyReportDays)
		}
		reply := s.when(r.ReceivedOn)
		if reply == "" {
			reply = s.when(r.DeclinedOn)
		}
		status := strings.ToUpper(string(r.Status())[:1]) + string(r.Status())[1:]
		var col *rgb
		switch {
		case r.Status() == cdop.RequestReceived:
			col = &colGood
		case r.Status() == cdop.RequestDeclined:
			col = &colMuted
			if !s.anon && strings.TrimSpace(r.DeclineReason) != "" {
				status += ": " + r.DeclineReason
			}
		case r.Outstanding() && due.Before(s.today):
			status += "; overdue"
			col = &colBad
		}
		if n := len(r.ChasedOn); n > 0 {
			status += "\nchased " + plural(n, "time")
		}
		form := cdop.FormTypes.Label(r.Form)
		if !s.anon && strings.TrimSpace(r.Note) != "" {
			form += "\nNote: " + r.Note
		}
		rows = append(rows, []string{r.AgencyName, form, s.when(r.RequestedOn), s.when(due), reply, status})
		colours = append(colours, col)
	}
	s.d.table(table{
		cols: []column{{title: "Agency"}, {title: "Form", width: 36}, {title: "Requested", width: 24}, {title: "Due", width: 24},
			{title: "Replied", width: 24}, {title: "Status", width: 30}},
		rows: rows,
		colour: func(r, c int) *rgb {
			if c == 5 {
				return colours[r]
			}
			return nil
		},
	})
	s.d.note("Chases are dated in the timeline.")
}

// returns prints what each agency returned, by form and section: the
// anonymised summary as cdop.Anonymise lets a panel member read it (no one
// who wrote it, no name, no date), the identifiable one in full.
func (s *summary) returns() {
	shown := s.a.Returns
	if !s.anon {
		shown = cdop.ShownReturns(s.f, false, nil)
	}
	if len(shown) == 0 {
		return
	}
	s.d.heading(1, "What the agencies returned", 18)
	for _, r := range shown {
		title := r.Form + " — " + r.Agency
		if r.Unanswered > 0 {
			title += " (" + plural(r.Unanswered, "item") + " still to answer)"
		}
		s.d.heading(2, title, 12)
		for _, sec := range r.Sections {
			rows := make([]field, 0, len(sec.Items))
			for _, it := range sec.Items {
				rows = append(rows, field{label: it.Label, value: it.Value})
			}
			s.d.paraStyled(sec.Title, "B", sizeSmall, colMuted)
			s.d.fields(rows)
		}
	}
}

func (s *summary) contacts() {
	if len(s.f.Contacts) == 0 {
		return
	}
	s.d.heading(1, "Contacts with the family", 18)
	var rows [][]string
	for _, k := range s.f.Contacts {
		rows = append(rows, []string{k.On.Display(), cdop.ContactMethods.Label(k.Method), k.By, k.Note})
	}
	s.d.table(table{cols: []column{{title: "Date", width: 26}, {title: "How", width: 30}, {title: "By", width: 38}, {title: "Note"}}, rows: rows})
}

// an returns the analysis as the view may show it.
func (s *summary) an() cdop.Analysis {
	if s.anon {
		return s.a.Analysis
	}
	return s.c.Analysis
}

func (s *summary) analysis() {
	an := s.an()
	category := ""
	if an.Category > 0 {
		category = categoryText(an.Category)
	}
	var contributing []string
	for _, c := range an.ContributingCategories {
		contributing = append(contributing, categoryText(c))
	}
	rows := []field{
		{label: "Cause of death", value: s.scrub(an.CauseOfDeath)},
		{label: "Category of death", value: category},
		{label: "Contributing categories", value: orNone(strings.Join(contributing, "; "))},
		{label: "Outcome", value: cdop.ModifiableOutcomes.Label(an.Modifiable)},
		{label: "LCSPR criteria met", value: cdop.YesNo.Label(an.LCSPRCriteriaMet)},
	}
	if !s.anon {
		rows = append(rows, field{label: "Signed off by the panel", value: an.SignedOffOn.Display()})
	}
	rows = s.others(rows, cdop.SummaryAnalysis)
	s.d.fieldsHeading(1, "Analysis", rows)
	s.d.fields(rows)
	drafted := false
	for _, dom := range an.Domains {
		drafted = drafted || dom.Score != nil || len(dom.Factors) > 0
	}
	if !drafted {
		s.d.para("No domain of contributory factors has been scored or given factors yet.")
		return
	}
	for i, dom := range an.Domains {
		letter := strings.ToUpper(cdop.Domains[i].Code)
		s.d.heading(2, letter+". "+cdop.Domains[i].Label, 14)
		score := "not scored"
		if dom.Score != nil {
			score = strconv.Itoa(*dom.Score)
			if l, ok := cdop.NationalForm.Level(*dom.Score); ok {
				score = l.Code + " – " + l.Label
			}
		}
		s.d.paraStyled("Score: "+score, "", sizeBody, colText)
		if len(dom.Factors) == 0 {
			s.d.note("No factors recorded.")
			continue
		}
		var rows [][]string
		for _, f := range dom.Factors {
			det := an.Detail(i, f)
			modifiable := "No"
			if an.IsModifiable(i, f) {
				modifiable = "Yes"
			}
			rows = append(rows, []string{s.scrub(f), det.Code, cdop.Contributions.Label(det.Contribution), modifiable})
		}
		s.d.table(table{
			cols: []column{{title: "Factor"}, {title: "Code", width: 16}, {title: "Contribution", width: 44}, {title: "Modifiable", width: 22}},
			rows: rows,
			bold: func(r, c int) bool { return c == 3 && rows[r][3] == "Yes" },
		})
	}
}

// categoryText names a category of death with its number.
func categoryText(n int) string {
	return strconv.Itoa(n) + ". " + cdop.Categories.Label(strconv.Itoa(n))
}

func (s *summary) learning() {
	an := s.an()
	s.d.heading(1, "Learning", 12)
	var items []string
	for _, l := range an.Learning {
		if strings.TrimSpace(l) != "" {
			items = append(items, s.scrub(l))
		}
	}
	if len(items) == 0 {
		s.d.para("No learning recorded.")
		return
	}
	s.d.bullets(items)
}

func (s *summary) recommendations(recs []*cdop.Recommendation) {
	s.d.heading(1, "Recommendations and actions", 12)
	if len(recs) == 0 {
		s.d.para("No recommendations recorded.")
		return
	}
	var rows [][]string
	var colours []*rgb
	for _, r := range recs {
		due := r.DueOn.Display()
		if s.anon {
			due = s.dueAfterReview(r)
		}
		status := r.Status.Label()
		var col *rgb
		switch {
		case r.Overdue(s.today):
			status += "; overdue"
			col = &colBad
		case r.Status == cdop.RecommendationDone:
			col = &colGood
		}
		rows = append(rows, []string{r.Agency, s.scrub(r.Action), due, status})
		colours = append(colours, col)
	}
	s.d.table(table{
		cols: []column{{title: "Agency", width: 40}, {title: "Action"}, {title: "Due", width: 24}, {title: "Status", width: 28}},
		rows: rows,
		colour: func(r, c int) *rgb {
			if c == 3 {
				return colours[r]
			}
			return nil
		},
	})
}

// residenceText shows a residence code by name and code, e.g. "Leeds
// (E08000035)"; text kept from before the list is shown as it is, marked.
func residenceText(code string) string {
	switch name := cdop.ResidenceName(code); {
	case code == "":
		return ""
	case name == "":
		return code + " (not on the list of local authorities: choose one)"
	case cdop.IsLocalAuthorityCode(code):
		return name + " (" + code + ")"
	default:
		return name
	}
}

// dueAfterReview says when a recommendation is due as anonymised views may:
// "within N months of the review" (or of being made, before a review date
// is recorded), never a month that with the time after the death would
// date it.
func (s *summary) dueAfterReview(r *cdop.Recommendation) string {
	from, of := s.c.CDOPReviewOn, "the review"
	if from.IsZero() || r.DueOn.Before(from) {
		from, of = r.CreatedOn, "being made"
	}
	if r.DueOn.IsZero() || from.IsZero() {
		return ""
	}
	months := 0
	for months < 120 && r.DueOn.After(from.AddMonths(months)) {
		months++
	}
	return "within " + plural(max(months, 1), "month") + " of " + of
}

func orNotRecorded(s string) string {
	if s == "" {
		return "not recorded"
	}
	return s
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}
