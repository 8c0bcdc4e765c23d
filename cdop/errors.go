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
type Error struct {
	Code    string
	Message string
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
	if errors.As(err, &v) || errors.As(err, &r) {
		return EINVALID
	}
	return EINTERNAL
}

// FieldError is one broken rule, named by the interchange column of the field
// it concerns (e.g. "date_of_death"), so a form can put the message beside
// the right widget and an import can report "line N: column: message".
type FieldError struct {
	Field   string
	Message string
}

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
	*v = append(*v, FieldError{Field: field, Message: fmt.Sprintf(format, args...)})
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
