package cdop

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// MeetingKind is the kind of a meeting a case goes through.
type MeetingKind string

// The kinds of meeting, in the order a case meets them.
const (
	MeetingCDRM  MeetingKind = "cdrm"  // child death review meeting
	MeetingPanel MeetingKind = "panel" // CDOP panel meeting
)

// MeetingKinds lists the meetings a case goes through.
var MeetingKinds = Enum{
	{string(MeetingCDRM), "Child death review meeting"},
	{string(MeetingPanel), "CDOP panel meeting"},
}

// Label returns the kind as people read it.
func (k MeetingKind) Label() string { return MeetingKinds.Label(string(k)) }

// Takes returns the stage a case must be at to go on the agenda of a
// meeting of this kind.
func (k MeetingKind) Takes() Stage {
	if k == MeetingCDRM {
		return StageCDRM
	}
	return StageCDOPReview
}

// LeadsTo returns the stage a case moves to when a meeting of this kind
// signs it off: a child death review meeting sends it to the CDOP review, a
// panel meeting closes it.
func (k MeetingKind) LeadsTo() Stage {
	if k == MeetingCDRM {
		return StageCDOPReview
	}
	return StageClosed
}

// AgendaOutcome is what a meeting decided about a case on its agenda.
type AgendaOutcome string

// The decisions about a case on an agenda.
const (
	OutcomePending   AgendaOutcome = "pending" // not yet discussed
	OutcomeSignedOff AgendaOutcome = "signed_off"
	OutcomeDeferred  AgendaOutcome = "deferred"
)

// AgendaOutcomes lists what a meeting decided about a case on its agenda.
var AgendaOutcomes = Enum{
	{string(OutcomePending), "Not yet discussed"},
	{string(OutcomeSignedOff), "Signed off"},
	{string(OutcomeDeferred), "Deferred"},
}

// Label returns the outcome as people read it.
func (o AgendaOutcome) Label() string { return AgendaOutcomes.Label(string(o)) }

// Attendee is a person at a meeting and the agency they speak for.
type Attendee struct {
	Name       string `json:"name"`
	Role       string `json:"role,omitempty"`
	AgencyType string `json:"agency_type"` // AgencyTypes
	Agency     string `json:"agency,omitempty"`
}

// AgendaItem is one case on a meeting's agenda and what was decided.
type AgendaItem struct {
	CaseID   string
	CaseRef  string        // filled in when read, for display
	Position int           // order on the agenda, from 1
	Outcome  AgendaOutcome // OutcomePending until discussed
	Reason   string        // why it was deferred
	Awaiting string        // what the panel waits for before it is taken again
}

// Meeting is a child death review meeting or a CDOP panel meeting.
type Meeting struct {
	ID        int64
	Kind      MeetingKind
	On        Date
	StartsAt  string // HH:MM
	Place     string // room, or a link for an online meeting
	Chair     string
	Attendees []Attendee
	Agenda    []AgendaItem
	Notes     string
	// WithoutQuorum records that the chair signed cases off although the
	// panel meeting was not quorate; its Reason is blank while there is
	// none. Only SignOffWithoutQuorum records it: saving the meeting's
	// details keeps it as it is.
	WithoutQuorum ChairSignOff
}

// ChairSignOff is the chair's decision that a panel meeting not quorate
// signs cases off all the same: why, who recorded it and when.
type ChairSignOff struct {
	Reason string
	By     string    // the user who recorded it
	At     time.Time // when it was recorded
}

// WithoutQuorumField is the audit field of the chair's reason for signing
// cases off at a panel meeting that is not quorate.
const WithoutQuorumField = "without_quorum_reason"

// Recorded reports whether the chair's decision is recorded.
func (s ChairSignOff) Recorded() bool { return s.Reason != "" }

// Title names the meeting as people say it, e.g. "CDOP panel meeting, 4 Mar 2026".
func (m *Meeting) Title() string {
	if m.On.IsZero() {
		return m.Kind.Label()
	}
	return fmt.Sprintf("%s, %s", m.Kind.Label(), m.On.Display())
}

// StageFor returns the stage a case must be at to go on a meeting's agenda.
func (m *Meeting) StageFor() Stage { return m.Kind.Takes() }

// Validate checks a meeting's own fields.
func (m *Meeting) Validate() error {
	var v ValidationErrors
	if m.Kind == "" {
		v.add("kind", "is required; use one of: %s", strings.Join(MeetingKinds.Codes(), ", "))
	}
	checkEnum(&v, "kind", MeetingKinds, string(m.Kind))
	if m.On.IsZero() {
		v.add("on", "is required")
	}
	if m.StartsAt != "" && !timePattern.MatchString(m.StartsAt) {
		v.add("starts_at", "%q is not a time in the form HH:MM (24 hour)", m.StartsAt)
	}
	for i, a := range m.Attendees {
		if strings.TrimSpace(a.Name) == "" {
			v.add("attendees", "attendee %d has no name", i+1)
		}
		if a.AgencyType == "" {
			who := strings.TrimSpace(a.Name)
			if who == "" {
				who = fmt.Sprintf("attendee %d", i+1)
			}
			v.add("attendees", "say which kind of agency %s speaks for", who)
		}
		checkEnum(&v, "attendees", AgencyTypes, a.AgencyType)
	}
	for i, it := range m.Agenda {
		checkEnum(&v, "agenda", AgendaOutcomes, string(it.Outcome))
		if it.Outcome == OutcomeDeferred && strings.TrimSpace(it.Reason) == "" {
			v.add("agenda", "say why %s was deferred", it.describe(i))
		}
	}
	return v.err()
}

// CanAddToAgenda says why a case cannot go on a meeting's agenda, or returns
// nil: it must be at the meeting's stage (RuleWrongStageForMeeting) and not
// already on the agenda (RuleAlreadyOnAgenda).
func (m *Meeting) CanAddToAgenda(c *Case) error {
	if !c.Counted() {
		return RefuseReadOnly(c)
	}
	if want := m.StageFor(); c.Stage != want {
		return Refusef(RuleWrongStageForMeeting, "%s is at %s; a %s takes cases at %s",
			c.Ref, c.Stage.Label(), m.Kind.InSentence(), want.Label())
	}
	for _, it := range m.Agenda {
		if it.CaseID == c.ID {
			return Refusef(RuleAlreadyOnAgenda, "%s is already on the agenda", c.Ref)
		}
	}
	return nil
}

// QuorumTypes are the kinds of agency a panel meeting needs present; a
// setting, with these as the default.
var QuorumTypes = [][]string{
	{"health"},
	{"police"},
	{"childrens_social_care"},
	{"education", "public_health"}, // either will do
}

// Quorum is whether a meeting was quorate, as its page, the list of
// meetings and the panel pack say it.
type Quorum struct {
	Applies  bool     // a panel meeting; a child death review meeting has no quorum
	Missing  []string // QuorumWarnings: the kinds of agency nobody present speaks for
	Expected bool     // the meeting is still to come: those recorded are expected, not yet present
	// Chair is the chair's decision to sign off without a quorum, if recorded.
	Chair ChairSignOff
	// ChairName is who chairs the meeting, as recorded.
	ChairName string
}

// MeetingQuorum returns whether meeting m is quorate under the quorum
// groups required (Settings.QuorumGroups), as of today.
func MeetingQuorum(m *Meeting, required [][]string, today Date) Quorum {
	if m.Kind != MeetingPanel {
		return Quorum{}
	}
	return Quorum{Applies: true, Missing: QuorumWarnings(m, required), Expected: m.On.After(today),
		Chair: m.WithoutQuorum, ChairName: m.Chair}
}

// Quorate reports whether someone is present from every kind of agency
// required (always, where no quorum applies).
func (q Quorum) Quorate() bool { return len(q.Missing) == 0 }

// Summary says in a few words whether the meeting is quorate: "Quorate",
// "Not quorate", "Not quorate — signed off by the chair", or, before the
// meeting's day, "Expected to be quorate" or "Not expected to be
// quorate"; "" where no quorum applies.
func (q Quorum) Summary() string {
	switch {
	case !q.Applies:
		return ""
	case q.Quorate() && q.Expected:
		return "Expected to be quorate"
	case q.Quorate():
		return "Quorate"
	case q.Chair.Recorded():
		return "Not quorate — signed off by the chair"
	case q.Expected:
		return "Not expected to be quorate"
	}
	return "Not quorate"
}

// Sentence says in one sentence whether the meeting is quorate, for its
// record and its pack: what is missing and, when the chair signed off
// without a quorum, who chairs and why (scrub, when not nil, withholds
// identifiers from the typed reason).
func (q Quorum) Sentence(scrub func(string) string) string {
	if !q.Applies {
		return ""
	}
	if q.Quorate() {
		return q.Summary() + ": someone is present from each kind of agency a panel meeting needs"
	}
	text := q.Summary() + ": " + strings.Join(q.Missing, "; ")
	if q.Chair.Recorded() {
		reason := q.Chair.Reason
		if scrub != nil {
			reason = scrub(reason)
		}
		chair := "the chair"
		if q.ChairName != "" {
			chair += ", " + q.ChairName + ","
		}
		text += "; " + chair + " signed cases off without a quorum because: " + reason
	}
	return text
}

// QuorumWarnings says which of the required kinds of agency (each group is
// satisfied by any of its types) nobody at the meeting speaks for.
func QuorumWarnings(m *Meeting, required [][]string) []string {
	present := map[string]bool{}
	for _, a := range m.Attendees {
		present[a.AgencyType] = true
	}
	var out []string
	for _, group := range required {
		ok := false
		labels := make([]string, len(group))
		for i, t := range group {
			ok = ok || present[t]
			labels[i] = AgencyTypes.Label(t)
		}
		if !ok {
			out = append(out, "nobody present from "+strings.Join(labels, " or "))
		}
	}
	return out
}

// RecommendationStatus is where a recommendation stands.
type RecommendationStatus string

// The states of a recommendation: open → in progress → done, or not accepted.
const (
	RecommendationOpen        RecommendationStatus = "open"
	RecommendationInProgress  RecommendationStatus = "in_progress"
	RecommendationDone        RecommendationStatus = "done"
	RecommendationNotAccepted RecommendationStatus = "not_accepted"
)

// RecommendationStatuses lists where a recommendation stands.
var RecommendationStatuses = Enum{
	{string(RecommendationOpen), "Open"},
	{string(RecommendationInProgress), "In progress"},
	{string(RecommendationDone), "Done"},
	{string(RecommendationNotAccepted), "Not accepted"},
}

// Label returns the status as people read it.
func (s RecommendationStatus) Label() string { return RecommendationStatuses.Label(string(s)) }

// Open reports whether a recommendation with this status still asks
// something of its agency: open or in progress, not done or refused.
func (s RecommendationStatus) Open() bool {
	return s == RecommendationOpen || s == RecommendationInProgress
}

// Recommendation is an action the panel asks of an agency, from one case or
// a theme across cases, tracked to completion.
type Recommendation struct {
	ID        int64
	CaseIDs   []string // the cases it came from; empty for a theme
	CaseRefs  []string // filled in when read, for display
	Theme     string   // the theme across cases, when not from one case
	AgencyID  int64
	Agency    string // filled in when read
	Action    string // what the agency is asked to do
	DueOn     Date
	Status    RecommendationStatus
	Updates   []RecommendationUpdate
	CreatedOn Date
	// ClearedOn is when someone (ClearedBy) cleared the text for published
	// reports; zero until then, and a published report prints no text.
	ClearedOn Date
	ClearedBy string
}

// RecommendationUpdate is one entry of a recommendation's progress.
type RecommendationUpdate struct {
	On     Date                 `json:"on"`
	Status RecommendationStatus `json:"status"`
	Note   string               `json:"note"`
	By     string               `json:"by"`
	At     time.Time
}

// Validate checks a recommendation.
func (r *Recommendation) Validate() error {
	var v ValidationErrors
	if len(r.CaseIDs) == 0 && strings.TrimSpace(r.Theme) == "" {
		v.add("theme", "name the case(s) or the theme the recommendation comes from")
	}
	if r.AgencyID == 0 {
		v.add("agency", "say which agency the recommendation is for")
	}
	if strings.TrimSpace(r.Action) == "" {
		v.add("action", "say what the agency is asked to do")
	}
	if r.DueOn.IsZero() {
		v.add("due_on", "is required")
	}
	if r.Status == "" {
		v.add("status", "is required; use one of: %s", strings.Join(RecommendationStatuses.Codes(), ", "))
	}
	checkEnum(&v, "status", RecommendationStatuses, string(r.Status))
	return v.err()
}

// Overdue reports whether the recommendation is still open past its due date.
func (r *Recommendation) Overdue(today Date) bool {
	// A recommendation with no due date recorded is not past it.
	return r.Status.Open() && !r.DueOn.IsZero() && r.DueOn.Before(today)
}

// MeetingService schedules meetings, keeps their agendas and records what
// they decide, and tracks the panel's recommendations.
type MeetingService interface {
	// Meetings returns every meeting, latest first.
	Meetings(ctx context.Context) ([]*Meeting, error)
	// Meeting returns one meeting with its agenda, or an ENOTFOUND error.
	Meeting(ctx context.Context, id int64) (*Meeting, error)
	// SaveMeeting adds (ID 0) or updates a meeting's details and attendees.
	SaveMeeting(ctx context.Context, m *Meeting) error
	// AddToAgenda puts a case on a meeting's agenda if CanAddToAgenda allows it.
	AddToAgenda(ctx context.Context, meetingID int64, caseID string) error
	// RemoveFromAgenda takes a case not yet decided off the agenda.
	RemoveFromAgenda(ctx context.Context, meetingID int64, caseID string) error
	// SignOff records the meeting's sign-off of a case and moves it on: a
	// child death review meeting records its date and moves the case to CDOP
	// review; a panel meeting, quorate or with the chair's decision to go
	// on without a quorum recorded, signs the analysis off (which must be
	// complete and consistent), records the review date and closes the
	// case. Once a meeting has signed a case off, who attended and who
	// chaired are locked.
	SignOff(ctx context.Context, meetingID int64, caseID string) error
	// SignOffWithoutQuorum records the chair's decision to sign cases off
	// at a panel meeting that is not quorate, with the reason (kept on the
	// meeting: its record and its pack show it), then signs the case off
	// as SignOff does, all in one.
	SignOffWithoutQuorum(ctx context.Context, meetingID int64, caseID, reason string) error
	// Defer records that the meeting deferred a case, why, and what it awaits.
	Defer(ctx context.Context, meetingID int64, caseID, reason, awaiting string) error

	// FactorCatalogue returns the factors a panel picks from, by code.
	FactorCatalogue(ctx context.Context) ([]FactorCatalogueEntry, error)
	// AddCatalogueFactor extends the catalogue; a blank code gets the domain's next one.
	AddCatalogueFactor(ctx context.Context, e *FactorCatalogueEntry) error

	// Recommendations returns every recommendation, overdue first.
	Recommendations(ctx context.Context) ([]*Recommendation, error)
	// SaveRecommendation adds (ID 0) or updates a recommendation.
	SaveRecommendation(ctx context.Context, r *Recommendation) error
	// UpdateRecommendation records progress and the new status.
	UpdateRecommendation(ctx context.Context, id int64, u RecommendationUpdate) error
}
