package cdop

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// StageIndex returns a stage's place in the flowchart (0 for notified), or
// -1 for a word that is not a stage.
func StageIndex(s Stage) int {
	for i, c := range Stages {
		if c.Code == string(s) {
			return i
		}
	}
	return -1
}

// Next returns the stage after s, and false at the last stage.
func (s Stage) Next() (Stage, bool) {
	i := StageIndex(s)
	if i < 0 || i+1 >= len(Stages) {
		return "", false
	}
	return Stage(Stages[i+1].Code), true
}

// StageMove records a case moving from one stage of the flowchart to another.
type StageMove struct {
	ID     int64
	CaseID string
	From   Stage
	To     Stage
	At     time.Time
	Actor  string
	Reason string // required when moving back or reopening a closed case
}

// Backward reports whether the move goes back in the flowchart.
func (m StageMove) Backward() bool { return StageIndex(m.To) < StageIndex(m.From) }

// CaseFile is a case with everything recorded about it along the flowchart:
// agency requests, contacts with the family, clock pauses and stage moves.
type CaseFile struct {
	Case     *Case
	Requests []AgencyRequest
	Contacts []Contact
	Pauses   []ClockPause
	Moves    []StageMove
	// Returns are what agencies returned, one per request at most; a store
	// fills them in for one case's file (CaseFile), not for lists of files.
	Returns []AgencyReturn
}

// Requirement is one thing a stage needs before a case can enter it.
type Requirement struct {
	Stage   Stage  // the stage that needs it
	Field   string // the field to complete, where there is one
	Message string
	// Rule names the rule of the analysis it comes from (e.g.
	// RuleScoreRequired), where it does; "" for the flowchart's own needs.
	Rule Rule
}

// entryRequirements returns what entering stage to needs and is still missing.
func entryRequirements(f *CaseFile, to Stage) []Requirement {
	c := f.Case
	var missing []Requirement
	need := func(field, format string, args ...any) {
		missing = append(missing, Requirement{Stage: to, Field: field, Message: fmt.Sprintf(format, args...)})
	}
	// What a stage needs of one field on its own is in the field's definition.
	for i := range Registry {
		if f := &Registry[i]; f.NeededFor == to && (f.get(c) == "" || f.get(c) == f.Undecided) {
			need(f.Name, "%s", f.Need)
		}
	}
	switch to {
	case StageInformationGathering:
		if c.JAR == "yes" && len(c.JARTriggers) == 0 && c.JARReason == "" {
			need("jar_triggers", "the trigger(s) for the Joint Agency Response")
		}
		if c.Residency == "non_resident" && strings.TrimSpace(c.PanelOfResidence) == "" {
			need("panel_of_residence", "the panel of residence of a non-resident child")
		}
	case StageCDRM:
		if len(f.Requests) == 0 {
			need("", "at least one agency reporting form requested")
		}
		for _, r := range f.Requests {
			if r.Outstanding() {
				need("", "the %s from %s: requested %s and not yet received or declined", FormTypes.Label(r.Form), r.AgencyName, r.RequestedOn.Display())
			}
		}
	case StageCDOPReview:
		if c.CDRMOn.IsZero() && strings.TrimSpace(c.CDRMNotHeldReason) == "" {
			need("cdrm_on", "the date of the child death review meeting, or the reason none was held")
		}
		if wait := c.PostMortemWait(); wait != "" && !c.CDRMOn.IsZero() {
			field := "post_mortem_report_received_on"
			if c.PostMortem == "" {
				field = "post_mortem"
			}
			need(field, "the post-mortem report before the child death review meeting: %s", wait)
		}
	case StageClosed:
		for _, is := range c.Analysis.Missing() {
			missing = append(missing, Requirement{Stage: to, Field: is.Field, Message: closingNeed(is), Rule: is.Rule})
		}
		if c.Analysis.SignedOffOn.IsZero() {
			need("analysis_signed_off_on", "the analysis signed off by the panel")
		}
	}
	return missing
}

// MissingFor lists what the case still needs to move forward to stage to,
// stage by stage; it is empty when the move may go ahead.
func MissingFor(f *CaseFile, to Stage) []Requirement {
	var missing []Requirement
	// The first stage has no entry requirements; a case whose recorded stage
	// is blank or unknown is checked from there, not waved through.
	for i := max(StageIndex(f.Case.Stage)+1, 1); i <= StageIndex(to); i++ {
		missing = append(missing, entryRequirements(f, Stage(Stages[i].Code))...)
	}
	return missing
}

// Undone lists what an edit takes away that the case's current stage (or a
// stage before it) needed and the case had before the edit: the flowchart's
// entry checks stay true until the case is moved back. Requirements the case
// never met (e.g. a historical import) are not held against an edit.
func Undone(before, after *CaseFile) []Requirement {
	had := map[string]bool{}
	for _, r := range requirementsUpTo(before) {
		had[r.Message] = true
	}
	var out []Requirement
	for _, r := range requirementsUpTo(after) {
		if !had[r.Message] {
			out = append(out, r)
		}
	}
	return out
}

// requirementsUpTo lists what the stages up to the case's own still miss.
// The closing requirements are left out: a closed case cannot be edited.
func requirementsUpTo(f *CaseFile) []Requirement {
	var missing []Requirement
	for i := 1; i <= StageIndex(f.Case.Stage) && Stage(Stages[i].Code) != StageClosed; i++ {
		missing = append(missing, entryRequirements(f, Stage(Stages[i].Code))...)
	}
	return missing
}

// CheckStageMove says whether a case may move to stage to (never a voided
// or transferred one): forward when every stage on the way has what it needs; back (or reopening a closed case) only
// with a reason. The error lists everything that is missing.
func CheckStageMove(f *CaseFile, to Stage, reason string) error {
	from := f.Case.Stage
	if !f.Case.Counted() {
		return RefuseReadOnly(f.Case)
	}
	switch {
	case StageIndex(to) < 0:
		return Refusef(RuleNotAStage, "%q is not a stage; use one of: %s", to, strings.Join(Stages.Codes(), ", "))
	case to == from:
		return Refusef(RuleAlreadyAtStage, "the case is already at %s", from.Label())
	case StageIndex(to) < StageIndex(from):
		if strings.TrimSpace(reason) == "" {
			if from == StageClosed {
				return Refusef(RuleReasonRequired, "give a reason to reopen a closed case")
			}
			return Refusef(RuleReasonRequired, "give a reason to move the case back to %s", to.Label())
		}
		return nil
	}
	missing := MissingFor(f, to)
	if len(missing) == 0 {
		return nil
	}
	return &StageRefusal{To: to, Missing: missing}
}

// StageRefusal is the refusal of a move forward: everything the stages on
// the way still need, each naming its field, so a form can word and link
// each one. Its code is EINVALID, its rule RuleStageNeeds.
type StageRefusal struct {
	To      Stage
	Missing []Requirement
}

// Error lists what the case needs, a line each.
func (r *StageRefusal) Error() string {
	lines := make([]string, len(r.Missing))
	for i, m := range r.Missing {
		lines[i] = "- " + m.Message
	}
	return fmt.Sprintf("before %s the case needs:\n%s", r.To.Label(), strings.Join(lines, "\n"))
}

// Move returns the case of f moved to stage to, as CheckStageMove allows
// (its refusal is returned as it is) and valid on today, and the record of
// the move (its ID, time and actor are the store's to fill in).
func Move(f *CaseFile, to Stage, reason string, today Date) (*Case, StageMove, error) {
	reason = strings.TrimSpace(reason)
	if err := CheckStageMove(f, to, reason); err != nil {
		return nil, StageMove{}, err
	}
	moved := f.Case.Clone()
	moved.Stage = to
	if err := moved.ValidateOn(today); err != nil {
		return nil, StageMove{}, err
	}
	return moved, StageMove{CaseID: f.Case.ID, From: f.Case.Stage, To: to, Reason: reason}, nil
}

// AuditChanges returns what the audit records of a move: the stage, and
// the reason when one was given.
func (m StageMove) AuditChanges() []FieldChange {
	changes := []FieldChange{{Field: "stage", Old: string(m.From), New: string(m.To)}}
	if m.Reason != "" {
		changes = append(changes, FieldChange{Field: "stage_reason", New: m.Reason})
	}
	return changes
}

// FlowService moves cases through the flowchart and keeps what is recorded
// along the way. Every change is audited in the same transaction.
type FlowService interface {
	// CaseFile returns a case with its requests, contacts, pauses and stage moves.
	CaseFile(ctx context.Context, caseID string) (*CaseFile, error)
	// OpenCaseFiles returns the files of every case not closed.
	OpenCaseFiles(ctx context.Context) ([]*CaseFile, error)
	// MoveStage moves a case to another stage if CheckStageMove allows it.
	MoveStage(ctx context.Context, caseID string, to Stage, reason string) error

	// Agencies returns the agency directory, by name.
	Agencies(ctx context.Context) ([]Agency, error)
	// SaveAgency adds (ID 0) or updates an agency.
	SaveAgency(ctx context.Context, a *Agency) error

	// SaveRequest adds (ID 0) or updates a request for an agency's reporting
	// form; an update may add what was done (a chase, the reply) on the
	// days it was done, but not change or undo what was recorded.
	SaveRequest(ctx context.Context, r *AgencyRequest) error
	// CorrectRequest updates a request as SaveRequest does, and may also
	// change or undo what was recorded (the date of the request, a chase,
	// the reply), with the reason, which the audit keeps beside the old
	// and new values.
	CorrectRequest(ctx context.Context, r *AgencyRequest, reason string) error
	// AddContact records a contact with the family.
	AddContact(ctx context.Context, c *Contact) error
	// CorrectContact changes a contact recorded (its date, how, who, the
	// note), with the reason.
	CorrectContact(ctx context.Context, c *Contact, reason string) error
	// RemoveContact takes a contact recorded in error off the log, with the reason.
	RemoveContact(ctx context.Context, contactID int64, reason string) error
	// PauseClock starts a pause of one of a case's clocks.
	PauseClock(ctx context.Context, p *ClockPause) error
	// ResumeClock ends a pause on the given date.
	ResumeClock(ctx context.Context, pauseID int64, on Date) error
	// CorrectPause changes a pause recorded (the day it began, the day the
	// clock restarted — zero: running again — or its reason), with the
	// reason for the correction.
	CorrectPause(ctx context.Context, p *ClockPause, reason string) error
	// RemovePause takes away a pause recorded in error, with the reason.
	RemovePause(ctx context.Context, pauseID int64, reason string) error

	// Settings returns the panel's settings (targets that guidance does not fix).
	Settings(ctx context.Context) (Settings, error)
	// SaveSettings stores the panel's settings.
	SaveSettings(ctx context.Context, s Settings) error
}
