package cdop

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Settings are the panel's own targets, where national guidance fixes none,
// and its calendar. Zero values mean the defaults.
type Settings struct {
	NotificationDays     int    // from death to notification (local practice: 24 hours)
	KeyWorkerContactDays int    // from the death to the key worker's first contact
	AgencyReportDays     int    // from a request to the agency's reply
	CDRMMonths           int    // from death to the child death review meeting
	CDOPReviewMonths     int    // from death to the panel's review
	DueSoonDays          int    // how far ahead a deadline counts as "due"
	ExtraHolidays        []Date // non-working days beyond the computed bank holidays

	// Disclosure control of published figures: counts from 1 to the
	// threshold are shown as the marker, other counts rounded to the
	// nearest multiple of the rounding (1: as they are). Defaults, from NHS
	// practice: 7, "*" and 5.
	DisclosureThreshold int
	DisclosureMarker    string
	DisclosureRounding  int
	// Footprint names the panel's area on reports, e.g. "West Yorkshire CDOP".
	Footprint string
	// QuorumGroups are the kinds of agency a panel meeting needs present:
	// each group is met by any of its AgencyTypes (default QuorumTypes).
	QuorumGroups [][]string

	// LACNotificationWorkingDays is the target, in working days from the
	// death, for the local authority to notify Ofsted and the Secretary of
	// State of a looked-after child's death (the guidance says promptly;
	// the default, 5, is the serious incident notification's).
	LACNotificationWorkingDays int

	// Signing in: how many wrong passwords lock an account, for how many
	// minutes, and after how many idle minutes the desktop locks itself
	// (SignInPolicy; defaults 5, 15 and 10).
	LockoutFailures, LockoutMinutes, IdleLockMinutes int

	// FreeTextLimit is the most characters a free text of a case may hold
	// here: MaxFreeTextLength, or fewer if the panel sets it lower.
	FreeTextLimit int
}

// SignInPolicy returns the settings' lockout and idle lock.
func (s Settings) SignInPolicy() SignInPolicy {
	s = s.WithDefaults()
	return SignInPolicy{MaxFailures: s.LockoutFailures, LockFor: time.Duration(s.LockoutMinutes) * time.Minute,
		IdleLock: time.Duration(s.IdleLockMinutes) * time.Minute}
}

// CheckTextLimits refuses a case whose free text is longer than the
// panel's FreeTextLimit (the registry's own MaxFreeTextLength is checked
// with every value): one RuleTooLong error a field, naming the setting.
func (s Settings) CheckTextLimits(c *Case) error {
	limit := s.WithDefaults().FreeTextLimit
	var v ValidationErrors
	for i := range Registry {
		f := &Registry[i]
		if !f.FreeText() {
			continue
		}
		if n := len([]rune(f.Get(c))); n > limit {
			v.rule(f.Name, RuleTooLong, "is %d characters long; this panel allows at most %d (a setting)", n, limit).
				about("", strconv.Itoa(limit))
		}
	}
	return v.err()
}

// RowTextLimits is CheckTextLimits for a row of an import, as its
// problems with Row set to row.
func (s Settings) RowTextLimits(row int, c *Case) RowErrors {
	var out RowErrors
	if v, ok := AsValidationErrors(s.CheckTextLimits(c)); ok {
		for _, e := range v {
			out = append(out, RowError{Row: row, Field: e.Field, Message: e.Message})
		}
	}
	return out
}

// DefaultSettings are the common local practice the domain reference gives.
var DefaultSettings = Settings{
	NotificationDays: 1, KeyWorkerContactDays: 2, AgencyReportDays: 28,
	CDRMMonths: 3, CDOPReviewMonths: 6, DueSoonDays: 7, LACNotificationWorkingDays: 5,
	DisclosureThreshold: 7, DisclosureMarker: "*", DisclosureRounding: 5, QuorumGroups: QuorumTypes,
	LockoutFailures: 5, LockoutMinutes: 15, IdleLockMinutes: 10,
	FreeTextLimit: MaxFreeTextLength,
}

// WithDefaults fills every zero setting with its default.
func (s Settings) WithDefaults() Settings {
	d := DefaultSettings
	for _, f := range []struct{ v, def *int }{
		{&s.NotificationDays, &d.NotificationDays}, {&s.KeyWorkerContactDays, &d.KeyWorkerContactDays},
		{&s.AgencyReportDays, &d.AgencyReportDays}, {&s.CDRMMonths, &d.CDRMMonths},
		{&s.CDOPReviewMonths, &d.CDOPReviewMonths}, {&s.DueSoonDays, &d.DueSoonDays},
		{&s.DisclosureThreshold, &d.DisclosureThreshold}, {&s.DisclosureRounding, &d.DisclosureRounding},
		{&s.LockoutFailures, &d.LockoutFailures}, {&s.LockoutMinutes, &d.LockoutMinutes}, {&s.IdleLockMinutes, &d.IdleLockMinutes},
		{&s.LACNotificationWorkingDays, &d.LACNotificationWorkingDays},
		{&s.FreeTextLimit, &d.FreeTextLimit},
	} {
		if *f.v <= 0 {
			*f.v = *f.def
		}
	}
	if strings.TrimSpace(s.DisclosureMarker) == "" {
		s.DisclosureMarker = d.DisclosureMarker
	}
	if len(s.QuorumGroups) == 0 {
		s.QuorumGroups = QuorumTypes
	}
	return s
}

// Statutory working-day limits, fixed by Working Together to Safeguard Children.
const (
	CSPRPNotificationWorkingDays = 5  // local authority notifies the CSPR Panel
	RapidReviewWorkingDays       = 15 // rapid review after that notification
)

// The deadline names the app documents (`due --format csv`, column item).
const (
	DeadlineNotification      = "notification"
	DeadlineKeyWorkerContact  = "key_worker_contact"
	DeadlineCSPRPNotification = "csprp_notification"
	DeadlineRapidReview       = "rapid_review"
	DeadlineAgencyReports     = "agency_reports"
	DeadlineCDRM              = "cdrm"
	DeadlineCDOPReview        = "cdop_review"
	DeadlineLACNotification   = "lac_notification"
)

// DeadlineNames lists the deadlines with their labels.
var DeadlineNames = Enum{
	{DeadlineNotification, "Notification to the panel"},
	{DeadlineKeyWorkerContact, "Key worker's first contact with the family"},
	{DeadlineCSPRPNotification, "Child Safeguarding Practice Review Panel notified"},
	{DeadlineRapidReview, "Rapid review completed"},
	{DeadlineAgencyReports, "Agency report returned"},
	{DeadlineCDRM, "Child death review meeting held"},
	{DeadlineCDOPReview, "CDOP review"},
	{DeadlineLACNotification, "Ofsted and the Secretary of State notified (looked-after child)"},
}

// ClockPause stops one of a case's clocks for a while, e.g. awaiting an inquest.
type ClockPause struct {
	ID       int64
	CaseID   string
	Deadline string // a DeadlineNames code: the clock paused
	From     Date
	To       Date // zero while the pause goes on
	Reason   string
}

// Validate checks a pause.
func (p *ClockPause) Validate(today Date) error {
	var v ValidationErrors
	if !DeadlineNames.Has(p.Deadline) {
		v.add("deadline", "%q is not a deadline; use one of: %s", p.Deadline, strings.Join(DeadlineNames.Codes(), ", "))
	}
	checkDay(&v, "from", "the date the clock was paused", p.From, true, today)
	// A pause may be recorded with the day it is to end, still to come.
	if !p.To.IsZero() && p.To.Before(p.From) {
		v.rule("to", RuleBefore, "the date the clock restarts (%s) cannot be before the pause began (%s)", p.To.Display(), p.From.Display()).
			about(p.To.String(), "from", p.From.String())
	}
	if strings.TrimSpace(p.Reason) == "" {
		v.add("reason", "say why the clock is paused (e.g. awaiting inquest)")
	}
	return v.err()
}

// Deadline is one clock of a case: when it started, its target (moved on by
// any pauses), and when it was met.
type Deadline struct {
	Name       string // a DeadlineNames code
	Detail     string // e.g. the agency and form of a request
	CaseID     string
	RequestID  int64 // agency report clocks only
	Start      Date
	Target     Date
	Done       Date // when it was met; zero while open
	Closed     bool // no longer running though never met (e.g. the case moved past it)
	Paused     bool // a pause is running now
	PauseNote  string
	PausedDays int // days added to the target by pauses
}

// Label returns the clock's name as people read it.
func (c Deadline) Label() string { return DeadlineNames.Label(c.Name) }

// Open reports whether the deadline is still to be met.
func (c Deadline) Open() bool { return c.Done.IsZero() && !c.Closed }

// Met reports whether the deadline was met on time; false while open.
func (c Deadline) Met() bool { return !c.Done.IsZero() && !c.Done.After(c.Target) }

// DueStatus is how urgent an open deadline is.
type DueStatus string

// The urgencies of open deadlines, as `due` prints them.
const (
	DueOverdue  DueStatus = "overdue"
	DueSoon     DueStatus = "due"
	DueUpcoming DueStatus = "upcoming"
	DuePaused   DueStatus = "paused"
)

// Rank orders the urgencies, most urgent first: overdue, due, upcoming,
// paused.
func (s DueStatus) Rank() int {
	switch s {
	case DueOverdue:
		return 0
	case DueSoon:
		return 1
	case DueUpcoming:
		return 2
	}
	return 3
}

// Status returns the deadline's urgency on a day (only meaningful while open).
func (c Deadline) Status(on Date, s Settings) DueStatus {
	switch {
	case c.Paused:
		return DuePaused
	case c.Target.Before(on):
		return DueOverdue
	case !c.Target.After(on.AddDays(s.WithDefaults().DueSoonDays)):
		return DueSoon
	}
	return DueUpcoming
}

// Deadlines returns every deadline that applies to a case, as of today.
// A voided or transferred case has none: it is no longer this panel's work.
func Deadlines(f *CaseFile, s Settings, today Date) []Deadline {
	s = s.WithDefaults()
	c := f.Case
	if !c.Counted() {
		return nil
	}
	cal := WorkingCalendar{Extra: s.ExtraHolidays}
	stage := StageIndex(c.Stage)
	passed := func(st Stage) bool { return stage > StageIndex(st) }
	notified := c.NotifiedOn
	if notified.IsZero() {
		notified = c.DateOfDeath
	}
	pauses := append(InquestPauses(c), f.Pauses...)
	var out []Deadline
	add := func(k Deadline) {
		k.CaseID = c.ID
		applyPauses(&k, pauses, today)
		if c.Stage == StageClosed && k.Done.IsZero() {
			k.Closed = true
		}
		out = append(out, k)
	}

	add(Deadline{Name: DeadlineNotification, Start: c.DateOfDeath,
		Target: c.DateOfDeath.AddDays(s.NotificationDays), Done: c.NotifiedOn})

	// The key worker is the family's contact from the death on.
	keyWorker := Deadline{Name: DeadlineKeyWorkerContact, Start: c.DateOfDeath, Target: c.DateOfDeath.AddDays(s.KeyWorkerContactDays)}
	if first := firstContact(f.Contacts); !first.IsZero() {
		keyWorker.Done = first
	}
	add(keyWorker)

	if c.LookedAfter == "yes" {
		add(Deadline{Name: DeadlineLACNotification, Start: c.DateOfDeath,
			Target: cal.AddWorkingDays(c.DateOfDeath, s.LACNotificationWorkingDays), Done: c.LACNotifiedOn})
	}
	if c.AbuseNeglectSuspected == "yes" {
		// The duty runs from when the local authority became aware of the
		// incident; until that is recorded, from the notification.
		start, detail := c.LAAwareOn, "from when the local authority became aware"
		if start.IsZero() {
			start, detail = notified, "from the notification: record when the local authority became aware"
		}
		add(Deadline{Name: DeadlineCSPRPNotification, Start: start, Detail: detail,
			Target: cal.AddWorkingDays(start, CSPRPNotificationWorkingDays), Done: c.CSPRPNotifiedOn})
	}
	if !c.CSPRPNotifiedOn.IsZero() {
		add(Deadline{Name: DeadlineRapidReview, Start: c.CSPRPNotifiedOn,
			Target: cal.AddWorkingDays(c.CSPRPNotifiedOn, RapidReviewWorkingDays), Done: c.RapidReviewCompletedOn})
	}

	for _, r := range f.Requests {
		due := r.Due(s)
		done := r.ReceivedOn
		if done.IsZero() {
			done = r.DeclinedOn
		}
		add(Deadline{Name: DeadlineAgencyReports, RequestID: r.ID, Start: r.RequestedOn, Target: due, Done: done,
			Detail: FormTypes.Label(r.Form) + " from " + r.AgencyName})
	}

	cdrm := Deadline{Name: DeadlineCDRM, Start: c.DateOfDeath, Target: c.DateOfDeath.AddMonths(s.CDRMMonths)}
	switch {
	case !c.CDRMOn.IsZero() && !c.CDRMOn.After(today):
		cdrm.Done = c.CDRMOn
	case !c.CDRMOn.IsZero():
		cdrm.Detail = "meeting booked for " + c.CDRMOn.Display()
	case strings.TrimSpace(c.CDRMNotHeldReason) != "":
		cdrm.Closed, cdrm.Detail = true, "no meeting: "+strings.TrimSpace(c.CDRMNotHeldReason)
	case passed(StageCDRM):
		cdrm.Closed = true
	}
	if c.PostMortem == "yes" && cdrm.Open() {
		if wait := c.PostMortemWait(); wait != "" {
			cdrm.Detail = strings.TrimPrefix(cdrm.Detail+"; not to be held yet: "+wait, "; ")
		}
	}
	add(cdrm)

	review := Deadline{Name: DeadlineCDOPReview, Start: c.DateOfDeath, Target: c.DateOfDeath.AddMonths(s.CDOPReviewMonths)}
	switch {
	case !c.CDOPReviewOn.IsZero() && !c.CDOPReviewOn.After(today):
		review.Done = c.CDOPReviewOn
	case !c.CDOPReviewOn.IsZero():
		review.Detail = "review booked for " + c.CDOPReviewOn.Display()
	}
	add(review)
	return out
}

// InquestPauses returns the pause of the CDOP review clock that an inquest
// makes on its own: from the day it opened to the day it concluded (still
// running while it is open). The panel's review waits for the inquest.
func InquestPauses(c *Case) []ClockPause {
	if c.InquestOpenedOn.IsZero() {
		return nil
	}
	reason := "inquest open since " + c.InquestOpenedOn.Display() + " (paused automatically)"
	if !c.InquestConcludedOn.IsZero() {
		reason = "inquest from " + c.InquestOpenedOn.Display() + " to " + c.InquestConcludedOn.Display() + " (paused automatically)"
	}
	return []ClockPause{{CaseID: c.ID, Deadline: DeadlineCDOPReview, From: c.InquestOpenedOn, To: c.InquestConcludedOn, Reason: reason}}
}

// applyPauses moves a clock's target on by the days its pauses have run and
// marks it paused while a pause goes on. Days when two pauses overlap (the
// inquest's own and one the panel added) count once. A clock already met
// keeps the days it was paused before it was met, so Met judges it against
// the moved target.
func applyPauses(k *Deadline, pauses []ClockPause, today Date) {
	asOf := today
	if !k.Done.IsZero() && k.Done.Before(today) {
		asOf = k.Done
	}
	type span struct{ from, to Date }
	var spans []span
	for _, p := range pauses {
		if p.Deadline != k.Name {
			continue
		}
		end := p.To
		if end.IsZero() || end.After(asOf) {
			end = asOf
		}
		if p.From.Before(end) {
			spans = append(spans, span{p.From, end})
		}
		if k.Done.IsZero() && (p.To.IsZero() || p.To.After(today)) && !p.From.After(today) {
			k.Paused = true
			k.PauseNote = p.Reason
		}
	}
	sort.Slice(spans, func(i, j int) bool { return spans[i].from.Before(spans[j].from) })
	var reach Date // the end of the days counted so far
	for _, sp := range spans {
		if !reach.IsZero() && sp.from.Before(reach) {
			sp.from = reach
		}
		if sp.from.Before(sp.to) {
			k.PausedDays += sp.from.DaysUntil(sp.to)
			reach = sp.to
		}
	}
	k.Target = k.Target.AddDays(k.PausedDays)
}

func firstContact(contacts []Contact) Date {
	var first Date
	for _, c := range contacts {
		if first.IsZero() || c.On.Before(first) {
			first = c.On
		}
	}
	return first
}

// DueItem is an open deadline of a case, for the dashboard and `due`.
type DueItem struct {
	CaseID   string
	CaseRef  string
	Deadline Deadline
	Status   DueStatus
}

// DueItems lists every open deadline of the given cases as of a day (those
// started by then), most
// urgent first (overdue, then due, upcoming and paused; earlier targets first).
func DueItems(files []*CaseFile, s Settings, on Date) []DueItem {
	out := dueItems(files, s, on)
	SortDueItems(out)
	return out
}

// dueItems is DueItems before sorting.
func dueItems(files []*CaseFile, s Settings, on Date) []DueItem {
	var out []DueItem
	for _, f := range files {
		if f.Case.Stage == StageClosed || !f.Case.Counted() {
			continue
		}
		if f.Case.DateOfDeath.After(on) {
			continue // not yet dead on that day: nothing was due
		}
		for _, k := range Deadlines(f, s, on) {
			if k.Open() && !k.Start.After(on) {
				out = append(out, DueItem{CaseID: f.Case.ID, CaseRef: f.Case.Ref, Deadline: k, Status: k.Status(on, s)})
			}
		}
	}
	return out
}

// SortDueItems orders due items as DueItems returns them: most urgent
// first, then earlier targets, then by case reference.
func SortDueItems(items []DueItem) {
	sort.SliceStable(items, func(i, j int) bool {
		a, b := items[i], items[j]
		if a.Status != b.Status {
			return a.Status.Rank() < b.Status.Rank()
		}
		if a.Deadline.Target != b.Deadline.Target {
			return a.Deadline.Target.Before(b.Deadline.Target)
		}
		return a.CaseRef < b.CaseRef
	})
}

// Due is what is due across the open cases on a day: the panel's settings,
// the open cases' files, and their open deadlines (DueItems).
type Due struct {
	On       Date
	Settings Settings
	Files    []*CaseFile
	Items    []DueItem
}

// LoadDue reads the open cases and the settings through flow and works out
// what is due on a day, as the dashboard and the command line's `due` and
// `cases --overdue` show it.
func LoadDue(ctx context.Context, flow FlowService, on Date) (*Due, error) {
	settings, err := flow.Settings(ctx)
	if err != nil {
		return nil, err
	}
	files, err := flow.OpenCaseFiles(ctx)
	if err != nil {
		return nil, err
	}
	return &Due{On: on, Settings: settings, Files: files, Items: DueItems(files, settings, on)}, nil
}

// OverdueCases returns the IDs of the cases with a deadline overdue on the day.
func (d *Due) OverdueCases() map[string]bool { return OverdueCaseIDs(d.Items) }

// OverdueCaseIDs returns the IDs of the cases with an overdue item.
func OverdueCaseIDs(items []DueItem) map[string]bool {
	out := map[string]bool{}
	for _, it := range items {
		if it.Status == DueOverdue {
			out[it.CaseID] = true
		}
	}
	return out
}

// OpenCaseFileStreamer reads the open cases' files one at a time, and the
// settings their deadlines follow (storage.DB does), so that what is due
// can be worked out without holding every file.
type OpenCaseFileStreamer interface {
	EachOpenCaseFile(ctx context.Context, fn func(*CaseFile) error) error
	Settings(ctx context.Context) (Settings, error)
}

// StreamDue works out what is due on a day as LoadDue does, reading the
// case files one at a time and keeping only the items: the command line's
// `due` and `cases --overdue` over databases of any size.
func StreamDue(ctx context.Context, src OpenCaseFileStreamer, on Date) ([]DueItem, error) {
	settings, err := src.Settings(ctx)
	if err != nil {
		return nil, err
	}
	var items []DueItem
	one := make([]*CaseFile, 1)
	err = src.EachOpenCaseFile(ctx, func(f *CaseFile) error {
		one[0] = f
		items = append(items, dueItems(one, settings, on)...)
		return nil
	})
	if err != nil {
		return nil, err
	}
	SortDueItems(items)
	return items, nil
}

// DaysLeft says how far a target is from today, as the dashboard and `due`
// show it: "3 days left", "due today", "12 days over".
func DaysLeft(today, target Date) string {
	switch n := today.DaysUntil(target); {
	case n == 0:
		return "due today"
	case n == 1:
		return "1 day left"
	case n > 1:
		return fmt.Sprintf("%d days left", n)
	case n == -1:
		return "1 day over"
	default:
		return fmt.Sprintf("%d days over", -n)
	}
}

// FormatQuorumGroups writes quorum groups as text: groups separated by
// " | ", the agency types of a group by "/" ("health | police | education/public_health").
func FormatQuorumGroups(groups [][]string) string {
	parts := make([]string, len(groups))
	for i, g := range groups {
		parts[i] = strings.Join(g, "/")
	}
	return strings.Join(parts, ListSeparator)
}

// ParseQuorumGroups reads FormatQuorumGroups's text; every type must be one
// of AgencyTypes. "" gives no groups (the default applies).
func ParseQuorumGroups(s string) ([][]string, error) {
	var out [][]string
	for _, item := range SplitList(s) {
		var group []string
		for _, t := range strings.Split(item, "/") {
			t = strings.TrimSpace(t)
			if !AgencyTypes.Has(t) {
				return nil, Errorf(EINVALID, "%q is not a kind of agency; use %s", t, strings.Join(AgencyTypes.Codes(), ", "))
			}
			group = append(group, t)
		}
		out = append(out, group)
	}
	return out, nil
}
