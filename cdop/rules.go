package cdop

import (
	"errors"
	"fmt"
	"strings"
)

// A Rule (see FieldError) also names the rule of the domain that refused an
// operation: a refusal carries it (Error.Rule), so the user interface and
// the command line can react to it, choose their own words or offer the
// fix, without reading the message.

// The rules whose refusals callers may want to tell apart. Each has one
// code (how to react), given by Code.
const (
	// The flowchart.
	RuleNotAStage      Rule = "not_a_stage"      // a move to a word that is not a stage
	RuleAlreadyAtStage Rule = "already_at_stage" // a move to the stage the case is at
	RuleReasonRequired Rule = "reason_required"  // moving back, reopening or deferring needs a reason
	RuleStageNeeds     Rule = "stage_needs"      // a forward move that misses what a stage needs
	RuleStageByEdit    Rule = "stage_by_edit"    // an edit that changes the stage (only moves do)
	RuleStageKept      Rule = "stage_kept"       // an edit that takes away what the stage needed
	RuleClosedReadOnly Rule = "closed_read_only" // a change to a closed case or its records

	// The statutory dataset.
	RuleCDRMAwaitsPostMortem Rule = "cdrm_awaits_post_mortem" // a meeting held before the post-mortem report
	RuleVoidedReadOnly       Rule = "voided_read_only"        // a change to a voided notification or its records
	RuleTransferredReadOnly  Rule = "transferred_read_only"   // a change to a case transferred to another panel
	RuleNCMDBeforeSignOff    Rule = "ncmd_before_sign_off"    // an NCMD submission before the panel's sign-off

	// Cases stored.
	RuleStaleCopy  Rule = "stale_copy"  // saving a copy loaded before the last change, or never loaded
	RuleDuplicate  Rule = "duplicate"   // the same death as a stored case
	RuleRefInUse   Rule = "ref_in_use"  // a case reference another case has
	RuleRecordedID Rule = "recorded_id" // adding again what is already recorded (it has an ID)
	RuleNotAlike   Rule = "not_alike"   // a merge of two cases the duplicate rules do not call the same child

	// Clocks.
	RulePauseOverlap Rule = "pause_overlap" // a pause sharing a day with another of the same clock
	RulePauseEnded   Rule = "pause_ended"   // restarting a clock whose pause already ended

	// Meetings.
	RuleWrongStageForMeeting Rule = "wrong_stage_for_meeting" // a case not at the stage the meeting takes
	RuleAlreadyOnAgenda      Rule = "already_on_agenda"
	RuleAlreadyDecided       Rule = "already_decided"     // a decision about a case already signed off or deferred
	RuleMeetingNotHeld       Rule = "meeting_not_held"    // a decision recorded before the meeting's day
	RuleMeetingKindLocked    Rule = "meeting_kind_locked" // a meeting with an agenda cannot change kind
	RuleMeetingDateLocked    Rule = "meeting_date_locked" // a meeting that signed a case off keeps its date
	RuleAnalysisIncomplete   Rule = "analysis_incomplete" // sign-off of an analysis missing a part a closed case needs
	RuleAnalysisInconsistent Rule = "analysis_inconsistent"
	RuleNotQuorate           Rule = "not_quorate"       // a panel meeting's sign-off without a quorum or the chair's decision
	RuleQuorate              Rule = "quorate"           // the chair's decision asked of a meeting that needs none
	RuleChairRequired        Rule = "chair_required"    // the chair's decision asked of a meeting with no chair recorded
	RuleAttendanceLocked     Rule = "attendance_locked" // a meeting that signed a case off keeps who attended and chaired

	// The parts of an analysis a closed case must carry (AnalysisIssue).
	RuleCategoryRequired Rule = "category_required"
	RuleScoreRequired    Rule = "score_required" // a domain's score
	RuleOutcomeRequired  Rule = "outcome_required"

	// Where an analysis contradicts itself (AnalysisIssue).
	RuleModifiableNeedsContributory Rule = "modifiable_needs_contributory_score" // a modifiable factor in a domain not scored "may have contributed"
	RuleContributoryNeedsFactor     Rule = "contributory_score_needs_factor"     // a domain scored "may have contributed" with no factor
	RuleUnlikelyNotModifiable       Rule = "unlikely_not_modifiable"             // a factor unlikely to have contributed marked modifiable
	RuleIdentifiedNeedsModifiable   Rule = "identified_needs_modifiable_factor"  // "modifiable factors identified" with none marked
	RuleNoneButModifiable           Rule = "none_but_modifiable_factor"          // "no modifiable factors" with some marked
	RulePrimaryFirst                Rule = "primary_category_first"              // a ticked category before the primary in the hierarchy

	// Directories.
	RuleNameInUse Rule = "name_in_use" // an agency name, a catalogue factor or code already used

	// The database.
)

// ruleCodes gives each rule its code.
var ruleCodes = map[Rule]string{
	RuleNotAStage:            EINVALID,
	RuleAlreadyAtStage:       EINVALID,
	RuleReasonRequired:       EINVALID,
	RuleStageNeeds:           EINVALID,
	RuleStageByEdit:          EINVALID,
	RuleStageKept:            EINVALID,
	RuleClosedReadOnly:       ECONFLICT,
	RuleCDRMAwaitsPostMortem: EINVALID,
	RuleVoidedReadOnly:       ECONFLICT,
	RuleTransferredReadOnly:  ECONFLICT,
	RuleNCMDBeforeSignOff:    EINVALID,
	RuleStaleCopy:            ECONFLICT,
	RuleDuplicate:            ECONFLICT,
	RuleRefInUse:             ECONFLICT,
	RuleRecordedID:           EINVALID,
	RuleNotAlike:             EINVALID,
	RulePauseOverlap:         ECONFLICT,
	RulePauseEnded:           ECONFLICT,
	RuleWrongStageForMeeting: EINVALID,
	RuleAlreadyOnAgenda:      ECONFLICT,
	RuleAlreadyDecided:       ECONFLICT,
	RuleMeetingNotHeld:       EINVALID,
	RuleMeetingKindLocked:    ECONFLICT,
	RuleMeetingDateLocked:    ECONFLICT,
	RuleAnalysisIncomplete:   EINVALID,
	RuleAnalysisInconsistent: EINVALID,
	RuleNotQuorate:           EINVALID,
	RuleQuorate:              EINVALID,
	RuleChairRequired:        EINVALID,
	RuleAttendanceLocked:     ECONFLICT,
	RuleNameInUse:            ECONFLICT,
}

// Code returns how a caller reacts to the rule's refusals: EINVALID for
// input to put right, ECONFLICT for a clash with what is stored.
func (r Rule) Code() string {
	if c, ok := ruleCodes[r]; ok {
		return c
	}
	return EINVALID
}

// Refusef returns the refusal of a rule: an *Error with the rule, its code
// and a formatted message for the user.
func Refusef(rule Rule, format string, args ...any) *Error {
	return &Error{Code: rule.Code(), Rule: rule, Message: fmt.Sprintf(format, args...)}
}

// refuseNeeds returns the refusal of a rule that lists what is needed: a
// heading, each need on its own "- " line, and a trailer when not "".
func refuseNeeds(rule Rule, needs []Requirement, trailer string, format string, args ...any) *Error {
	e := &Error{Code: rule.Code(), Rule: rule, Needs: needs, heading: fmt.Sprintf(format, args...), trailer: trailer}
	e.Message = e.Reword(func(r Requirement) string { return r.Message })
	return e
}

// Reword returns the refusal's message with each of its Needs worded by
// word, the rest as it is; a refusal without needs gives its message.
func (e *Error) Reword(word func(Requirement) string) string {
	if len(e.Needs) == 0 {
		return e.Message
	}
	var b strings.Builder
	b.WriteString(e.heading)
	for _, r := range e.Needs {
		b.WriteString("\n- " + word(r))
	}
	if e.trailer != "" {
		b.WriteString("\n" + e.trailer)
	}
	return b.String()
}

// ErrorRule returns the rule of the first *Error in err's chain
// (RuleStageNeeds for a *StageRefusal), or "".
func ErrorRule(err error) Rule {
	var e *Error
	var s *StageRefusal
	switch {
	case errors.As(err, &e):
		return e.Rule
	case errors.As(err, &s):
		return RuleStageNeeds
	}
	return ""
}
