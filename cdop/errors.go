// Package cdop is the domain of the child death review case manager: cases,
// their validation, the statutory codes and the services the user interface
// and command line rely on. It imports neither Fyne nor database/sql, so the
// rules can be tested on their own and every storage or UI speaks its terms.
package cdop

import (
	"errors"
	"fmt"
	"strings"
)

// Error codes tell callers how to react to an error: the command line maps
// them to exit statuses and the user interface to messages.
const (
	EINVALID  = "invalid"   // the input breaks a rule; the message says which
	ENOTFOUND = "not_found" // the named thing does not exist
	ECONFLICT = "conflict"  // the change collides with stored data (e.g. a duplicate)
	EINTERNAL = "internal"  // anything else

	// The database file itself: why it cannot be opened, or written.
	ENOTDB    = "not_database" // the file is not this app's database (another program's, not SQLite, empty, half-written)
	ENEWER    = "newer_schema" // the database was written by a newer version of the program
	EDAMAGED  = "damaged"      // the database fails its integrity check: it opens read-only
	EREADONLY = "read_only"    // the database cannot be written here (read-only media, folder or file)
	EBUSY     = "busy"         // another user or program kept the database locked for too long
	ENOSPACE  = "no_space"     // the disk is full: nothing was saved
)

// Error is a domain error with a code and a message meant for the user.
// Code says how to react (EINVALID, ECONFLICT...); Rule, when a rule of the
// domain refused something, names that rule (see Refusef), so a caller can
// choose its own wording or offer the fix without reading the message.
type Error struct {
	Code    string
	Rule    Rule
	Message string
	// Needs lists, for a refusal that says what is missing (a move to a
	// stage, a sign-off, an edit undoing what a stage needed), each thing
	// needed, so a caller can word each its own way (Reword).
	Needs []Requirement

	heading, trailer string // the message around the needs
}

// Error implements error.
func (e *Error) Error() string { return e.Message }

// Errorf returns an *Error with the given code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error or ValidationErrors in err's
// chain, EINTERNAL for any other error and "" for nil.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	var v ValidationErrors
	var r RowErrors
	var s *StageRefusal
	if errors.As(err, &v) || errors.As(err, &r) || errors.As(err, &s) {
		return EINVALID
	}
	return EINTERNAL
}

// FieldError is one broken rule, named by the interchange column of the field
// it concerns (e.g. "date_of_death"), so a form can put the message beside
// the right widget and an import can report "line N: column: message".
// Rule, Value and Args say the same as Message in a form a program can use:
// a form words the problem in its own terms (the labels of choices rather
// than their codes) from them, never by reading Message.
type FieldError struct {
	Field string
	Rule  Rule
	// Value is the value at fault, when the rule concerns one.
	Value string
	// Args are the further facts the rule names; each Rule says which.
	Args    []string
	Message string
}

// Rule names the kind of rule a FieldError reports.
type Rule string

// The rules of a single field and the commonest ones across fields.
const (
	RuleRequired     Rule = "required"      // nothing is recorded
	RuleRequiredWhen Rule = "required_when" // needed because another field is blank: Args[0] names it
	RuleRequiredAt   Rule = "required_at"   // needed at the case's stage: Args[0] is the stage
	RuleNotAllowed   Rule = "not_allowed"   // Value is not one of the field's choices
	RuleForm         Rule = "form"          // Value is not in the field's form (a time, an NHS number…)
	RuleTooLong      Rule = "too_long"      // Args[0] is the most characters allowed
	RuleControl      Rule = "control"       // a control character: Args[0] is its position, from 1
	RuleRange        Rule = "range"         // Value is outside Args[0] to Args[1]
	RuleFuture       Rule = "future"        // a date in the future
	RuleBefore       Rule = "before"        // a date before another: Args[0] names the field, Args[1] its date
	RuleTooOld       Rule = "too_old"       // the child was 18 or over
	RuleNeeds        Rule = "needs"         // needs Args[0] set to Args[1]
	RuleMustBeBlank  Rule = "must_be_blank" // must be blank because Args[0] is recorded
	RuleNotAmong     Rule = "not_among"     // Value is not among the values of Args[0]
	RuleSeparator    Rule = "separator"     // Value holds "|", which separates items
	RuleDisagrees    Rule = "disagrees"     // Value disagrees with Args[0]
	RuleGoesWith     Rule = "goes_with"     // recorded only together with Args[0], which is blank
)

// Error implements error.
func (e FieldError) Error() string { return e.Field + ": " + e.Message }

// ValidationErrors lists every rule a value breaks, in field order.
type ValidationErrors []FieldError

// Error implements error, joining every problem on its own line.
func (v ValidationErrors) Error() string {
	lines := make([]string, len(v))
	for i, e := range v {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// For returns the messages about one field, joined with "; ", or "".
func (v ValidationErrors) For(field string) string {
	var msgs []string
	for _, e := range v {
		if e.Field == field {
			msgs = append(msgs, e.Message)
		}
	}
	return strings.Join(msgs, "; ")
}

// add appends a problem with a formatted message.
func (v *ValidationErrors) add(field, format string, args ...any) {
	v.rule(field, "", format, args...)
}

// rule appends a problem of a known rule with a formatted message and
// returns it, so the caller can note its Value and Args (about).
func (v *ValidationErrors) rule(field string, rule Rule, format string, args ...any) *FieldError {
	*v = append(*v, FieldError{Field: field, Rule: rule, Message: fmt.Sprintf(format, args...)})
	return &(*v)[len(*v)-1]
}

// about notes the value a problem concerns and the facts its rule names.
func (e *FieldError) about(value string, args ...string) {
	e.Value, e.Args = value, args
}

// err returns v as an error, or nil when it is empty.
func (v ValidationErrors) err() error {
	if len(v) == 0 {
		return nil
	}
	return v
}

// AsValidationErrors returns the ValidationErrors in err's chain, if any.
func AsValidationErrors(err error) (ValidationErrors, bool) {
	var v ValidationErrors
	ok := errors.As(err, &v)
	return v, ok
}
