package cdop

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"
)

// The rules of meetings: what an agenda takes, what a sign-off needs and
// what it leads to, what a deferral needs, and which changes a meeting's
// decisions forbid. A store loads the meeting, its agenda item and the
// case, asks these rules, and writes what they return.

// AnalysisIssue is one thing that stops a panel signing an analysis off: a
// part a closed case must carry that is missing (Missing), or a
// contradiction (Inconsistencies). Rule tells them apart, so a screen can
// word each its own way and point at the widget to put it right.
type AnalysisIssue struct {
	Rule    Rule
	Field   string // the interchange column it concerns
	Domain  int    // the domain (0–3, A–D) it concerns, or -1
	Message string // in the domain's words, e.g. for an import or a refusal

	choices string // the codes allowed, for a missing enumerated part
}

// required words a missing part as required, with a qualifier (e.g. " for
// a closed case") and the codes allowed.
func (is AnalysisIssue) required(qualifier string) string {
	if is.choices == "" {
		return "is required" + qualifier
	}
	return "is required" + qualifier + "; use one of: " + is.choices
}

// Missing lists the parts of the analysis a closed case must carry that are
// not recorded: the category, the four domain scores and the outcome.
func (a *Analysis) Missing() []AnalysisIssue {
	var out []AnalysisIssue
	if a.Category == 0 {
		out = append(out, AnalysisIssue{Rule: RuleCategoryRequired, Field: "category", Domain: -1})
	}
	for i, d := range a.Domains {
		if d.Score == nil {
			out = append(out, AnalysisIssue{Rule: RuleScoreRequired, Field: "domain_" + Domains[i].Code + "_score", Domain: i})
		}
	}
	if a.Modifiable == "" {
		out = append(out, AnalysisIssue{Rule: RuleOutcomeRequired, Field: "modifiable", Domain: -1,
			choices: strings.Join(ModifiableOutcomes.Codes(), ", ")})
	}
	for i := range out {
		out[i].Message = out[i].required("")
	}
	return out
}

// ReadyForSignOff reports whether a panel may sign the analysis off on a
// form: nothing missing, nothing inconsistent.
func (a *Analysis) ReadyForSignOff(form AnalysisForm) bool {
	return len(a.Missing()) == 0 && len(a.Inconsistencies(form)) == 0
}

// issuesAsErrors returns analysis issues as field errors.
func issuesAsErrors(issues []AnalysisIssue) ValidationErrors {
	var v ValidationErrors
	for _, is := range issues {
		v.add(is.Field, "%s", is.Message)
	}
	return v
}

// closingNeed words a missing part of the analysis as the flowchart lists
// what closing a case needs, e.g. "the analysis: category is required".
func closingNeed(is AnalysisIssue) string {
	return "the analysis: " + is.Field + " " + is.Message
}

// InSentence returns the kind's label as it reads inside a sentence: lower
// case, but for an initialism ("CDOP panel meeting").
func (k MeetingKind) InSentence() string {
	label := k.Label()
	if r := []rune(label); len(r) > 1 && !unicode.IsUpper(r[1]) {
		return string(unicode.ToLower(r[0])) + string(r[1:])
	}
	return label
}

// Name names a meeting in a sentence, e.g. "child death review meeting on
// 4 Mar 2026" or "CDOP panel meeting on 4 Mar 2026".
func (m *Meeting) Name() string { return m.Kind.InSentence() + " on " + m.On.Display() }

// PrepareMeeting returns a meeting's details and attendees as a store keeps
// them, or why they cannot be: texts trimmed, names' spaces made single,
// valid. The agenda is not part of it (AddToAgenda and the decisions keep it).
func PrepareMeeting(m *Meeting) (*Meeting, error) {
	n := *m
	n.StartsAt, n.Place = strings.TrimSpace(m.StartsAt), strings.TrimSpace(m.Place)
	n.Chair, n.Notes = strings.TrimSpace(m.Chair), strings.TrimSpace(m.Notes)
	n.Attendees = make([]Attendee, len(m.Attendees))
	for i, a := range m.Attendees {
		n.Attendees[i] = Attendee{
			Name:       strings.Join(strings.Fields(a.Name), " "),
			Role:       strings.TrimSpace(a.Role),
			AgencyType: strings.TrimSpace(a.AgencyType),
			Agency:     strings.TrimSpace(a.Agency),
		}
	}
	n.Agenda, n.WithoutQuorum = nil, ChairSignOff{}
	if err := n.Validate(); err != nil {
		return nil, err
	}
	return &n, nil
}

// CheckMeetingChange says whether a stored meeting, old (with its agenda),
// may take new details: a meeting with cases on its agenda keeps its kind
// (RuleMeetingKindLocked), and one that signed a case off keeps its date,
// which the case records (RuleMeetingDateLocked), and who attended and who
// chaired, on which the sign-off stood (RuleAttendanceLocked).
func CheckMeetingChange(old, n *Meeting) error {
	if n.Kind != old.Kind && len(old.Agenda) > 0 {
		return Refusef(RuleMeetingKindLocked, "the %s has cases on its agenda, so it cannot become a %s; take them off first",
			old.Name(), n.Kind.InSentence())
	}
	signed := old.SignedOff()
	if signed == nil {
		return nil
	}
	if n.On != old.On {
		return Refusef(RuleMeetingDateLocked, "the %s has signed off %s, which records the meeting's date, so the date cannot change",
			old.Name(), signed.CaseRef)
	}
	if !slices.Equal(n.Attendees, old.Attendees) {
		return Refusef(RuleAttendanceLocked, "the %s has signed off %s, so who attended is locked: nobody can be added or removed",
			old.Name(), signed.CaseRef)
	}
	if n.Chair != old.Chair {
		return Refusef(RuleAttendanceLocked, "the %s has signed off %s, so who chaired it is locked and cannot change",
			old.Name(), signed.CaseRef)
	}
	return nil
}

// SignedOff returns the first case the meeting has signed off, or nil: from
// then on its date, attendance and chair are locked.
func (m *Meeting) SignedOff() *AgendaItem {
	for i, it := range m.Agenda {
		if it.Outcome == OutcomeSignedOff {
			return &m.Agenda[i]
		}
	}
	return nil
}

// NextItem returns case c as a new item at the end of the meeting's
// agenda, not yet discussed. Ask CanAddToAgenda first.
func (m *Meeting) NextItem(c *Case) AgendaItem {
	item := AgendaItem{CaseID: c.ID, CaseRef: c.Ref, Outcome: OutcomePending, Position: 1}
	for _, it := range m.Agenda {
		item.Position = max(item.Position, it.Position+1)
	}
	return item
}

// CanRemoveFromAgenda refuses (RuleAlreadyDecided) to take a case signed
// off or deferred off a meeting's agenda: the decision stays on the record.
func CanRemoveFromAgenda(m *Meeting, item *AgendaItem) error {
	if item.Outcome == OutcomePending {
		return nil
	}
	return Refusef(RuleAlreadyDecided, "the %s has %s %s, so it stays on the agenda as a record of the decision",
		m.Name(), strings.ToLower(item.Outcome.Label()), item.CaseRef)
}

// refuseDecided refuses (RuleAlreadyDecided) a decision about an agenda
// item no longer pending.
func refuseDecided(m *Meeting, item *AgendaItem) error {
	if item.Outcome == OutcomePending {
		return nil
	}
	return Refusef(RuleAlreadyDecided, "the %s has already %s %s", m.Name(),
		strings.ToLower(item.Outcome.Label()), item.CaseRef)
}

// refuseBeforeMeeting refuses (RuleMeetingNotHeld) a decision of a meeting
// later than today: what it decides is recorded after it.
func refuseBeforeMeeting(m *Meeting, today Date) error {
	if !m.On.After(today) {
		return nil
	}
	return Refusef(RuleMeetingNotHeld, "the %s has not taken place yet; record its decisions on or after %s",
		m.Name(), m.On.Display())
}

// SignOffDecision is what a meeting's sign-off of a case changes.
type SignOffDecision struct {
	Item AgendaItem // the agenda item, signed off
	Case *Case      // the case with the dates the sign-off records
	To   Stage      // the stage the case moves to (MeetingKind.LeadsTo)
}

// SignOff decides a meeting's sign-off, on today, of case c, item on its
// agenda, or says why it cannot be: the item must still be pending, the
// meeting must have taken place and the case must still be at the
// meeting's stage. A child death review meeting records its date as the
// case's CDRMOn and moves the case to the CDOP review, once the post-mortem
// report is in (RuleCDRMAwaitsPostMortem). A panel meeting must
// be quorate under the groups required (Settings.QuorumGroups), or have
// the chair's decision to go on without a quorum recorded (RuleNotQuorate),
// and needs the analysis complete (RuleAnalysisIncomplete) and consistent
// on the national form (RuleAnalysisInconsistent); it records its date as
// the analysis's sign-off and the case's CDOP review, and closes the case.
// The store records the decision, saves the case and moves it
// (CheckStageMove applies).
func SignOff(m *Meeting, item *AgendaItem, c *Case, required [][]string, today Date) (*SignOffDecision, error) {
	if err := refuseDecided(m, item); err != nil {
		return nil, err
	}
	if err := refuseBeforeMeeting(m, today); err != nil {
		return nil, err
	}
	// Only the stage matters now: the case is on the agenda already.
	probe := *m
	probe.Agenda = nil
	if err := probe.CanAddToAgenda(c); err != nil {
		return nil, Refusef(RuleWrongStageForMeeting, "%s, so the %s cannot sign it off; take it off the agenda", err, m.Name())
	}
	d := &SignOffDecision{Item: *item, Case: c.Clone(), To: m.Kind.LeadsTo()}
	d.Item.Outcome = OutcomeSignedOff
	if m.Kind == MeetingCDRM {
		if err := c.refuseCDRMHeld(m.On); err != nil {
			return nil, err
		}
		d.Case.CDRMOn = m.On
		return d, nil
	}
	if q := MeetingQuorum(m, required, today); !q.Quorate() && !q.Chair.Recorded() {
		return nil, Refusef(RuleNotQuorate, "the %s cannot sign %s off: it is not quorate (%s), so record who attended, or the chair's reason for signing off without a quorum",
			m.Name(), c.Ref, strings.Join(q.Missing, "; "))
	}
	missing, inconsistent := c.Analysis.Missing(), c.Analysis.Inconsistencies(NationalForm)
	if len(missing)+len(inconsistent) > 0 {
		var needs []Requirement
		for _, is := range missing {
			needs = append(needs, Requirement{Stage: StageClosed, Field: is.Field, Message: closingNeed(is), Rule: is.Rule})
		}
		for _, is := range inconsistent {
			needs = append(needs, Requirement{Stage: StageClosed, Field: is.Field, Message: is.Message, Rule: is.Rule})
		}
		rule := RuleAnalysisInconsistent
		if len(missing) > 0 {
			rule = RuleAnalysisIncomplete
		}
		return nil, refuseNeeds(rule, needs, "", "the %s cannot sign off the analysis of %s yet:", m.Name(), c.Ref)
	}
	d.Case.Analysis.SignedOffOn, d.Case.CDOPReviewOn = m.On, m.On
	return d, nil
}

// DecideWithoutQuorum returns the chair's decision, recorded by actor at
// now, that panel meeting m signs cases off although it is not quorate
// under the groups required, and whether it is new (false: the same
// decision is recorded already), or why it cannot be: only a panel meeting
// that is not quorate takes one (RuleQuorate), with its chair recorded
// (RuleChairRequired), once it has taken place (RuleMeetingNotHeld), and
// with a reason (RuleReasonRequired); a meeting keeps the decision first
// recorded (RuleAlreadyDecided for another reason).
func DecideWithoutQuorum(m *Meeting, reason, actor string, required [][]string, now time.Time) (ChairSignOff, bool, error) {
	q := MeetingQuorum(m, required, DateOf(now.In(england)))
	switch {
	case !q.Applies:
		return ChairSignOff{}, false, Refusef(RuleQuorate, "a %s has no quorum to meet; sign the case off as usual", m.Kind.InSentence())
	case q.Quorate():
		return ChairSignOff{}, false, Refusef(RuleQuorate, "the %s is quorate; sign the case off as usual", m.Name())
	}
	if err := refuseBeforeMeeting(m, DateOf(now.In(england))); err != nil {
		return ChairSignOff{}, false, err
	}
	if strings.TrimSpace(m.Chair) == "" {
		return ChairSignOff{}, false, Refusef(RuleChairRequired, "record who chairs the %s (Edit details…) before the chair signs cases off without a quorum", m.Name())
	}
	reason, err := needReason(reason, "signing off without a quorum at the", m.Name())
	if err != nil {
		return ChairSignOff{}, false, err
	}
	if old := m.WithoutQuorum; old.Recorded() {
		if old.Reason == reason {
			return old, false, nil
		}
		return ChairSignOff{}, false, Refusef(RuleAlreadyDecided, "the chair's reason for signing off the %s without a quorum is recorded already: %s",
			m.Name(), old.Reason)
	}
	return ChairSignOff{Reason: reason, By: actor, At: now}, true, nil
}

// Defer decides a meeting's deferral, on today, of a case, item on its
// agenda: why (required) and what the panel awaits, trimmed. A case signed
// off cannot be deferred (RuleAlreadyDecided); a deferral may be decided
// again to correct it. The meeting must have taken place. The case stays
// at its stage.
func Defer(m *Meeting, item *AgendaItem, reason, awaiting string, today Date) (*AgendaItem, error) {
	reason, awaiting = strings.TrimSpace(reason), strings.TrimSpace(awaiting)
	if reason == "" {
		return nil, ValidationErrors{{Field: "reason", Rule: RuleRequired, Message: "say why the case was deferred"}}
	}
	if item.Outcome == OutcomeSignedOff {
		return nil, refuseDecided(m, item)
	}
	if err := refuseBeforeMeeting(m, today); err != nil {
		return nil, err
	}
	decided := *item
	decided.Outcome, decided.Reason, decided.Awaiting = OutcomeDeferred, reason, awaiting
	return &decided, nil
}

// describe names an agenda item for a message: its case reference, or its
// place on the agenda before it is read back with one.
func (it AgendaItem) describe(i int) string {
	if it.CaseRef != "" {
		return it.CaseRef // filled in only when read; never show the internal ID
	}
	return fmt.Sprintf("agenda item %d", i+1)
}
