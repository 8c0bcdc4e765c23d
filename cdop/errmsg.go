package cdop

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"strings"
)

// Errors come in two kinds. A domain error (an *Error, a *StageRefusal,
// ValidationErrors or RowErrors) is written for the user: it says what is wrong and where, and
// is shown as it is. Any other error is internal (a disk, a database, a bug):
// its text may quote data, so it is never shown and never logged. The user
// reads ErrorMessage's plain sentence; the log gets LogDetail, which names
// what was being done and the kinds of error, never their text.

// opError names the operation an error interrupted.
type opError struct {
	op  string
	err error
}

func (e *opError) Error() string { return e.op + ": " + e.err.Error() }
func (e *opError) Unwrap() error { return e.err }

// WithOp returns err wrapped with what was being done, as a present
// participle ("loading the deadlines"), for ErrorMessage and LogDetail; nil
// stays nil. The operation must name no person or case.
func WithOp(op string, err error) error {
	if err == nil {
		return nil
	}
	return &opError{op: op, err: err}
}

// IsDomainError reports whether err carries a message written for the user:
// an *Error, *StageRefusal, ValidationErrors or RowErrors in its chain.
func IsDomainError(err error) bool {
	var e *Error
	var s *StageRefusal
	var v ValidationErrors
	var r RowErrors
	return errors.As(err, &e) || errors.As(err, &s) || errors.As(err, &v) || errors.As(err, &r)
}

// ErrorMessage returns what to tell a user about err, as plain sentences:
// the message of a domain error as it is (a coded *Error's message, or every
// problem of ValidationErrors or RowErrors), and for an internal error
// "Something went wrong while <op>; the details are in the log." (the
// outermost WithOp naming the operation), never the internal error's text.
// It is "" for nil.
func ErrorMessage(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	var s *StageRefusal
	var v ValidationErrors
	var r RowErrors
	switch {
	case errors.As(err, &e):
		return e.Message
	case errors.As(err, &s):
		return s.Error()
	case errors.As(err, &v):
		return v.Error()
	case errors.As(err, &r):
		return r.Error()
	}
	var op *opError
	if errors.As(err, &op) {
		return "Something went wrong while " + op.op + "; the details are in the log."
	}
	return "Something went wrong; the details are in the log."
}

// LogDetail describes err for a log without any of the data it may quote:
// the operations (WithOp), the codes and rules of domain errors, the kinds
// of well-known errors (a missing file, a permission refused, a timeout)
// and the Go types along the chain, outermost first, e.g.
// `op="loading the deadlines" type=*sqlite3.Error`. Messages are left out:
// they can hold names, NHS numbers or anything typed.
func LogDetail(err error) string {
	if err == nil {
		return ""
	}
	var parts []string
	seen := map[string]bool{}
	add := func(s string) {
		if !seen[s] {
			seen[s] = true
			parts = append(parts, s)
		}
	}
	for _, kind := range []struct {
		target error
		name   string
	}{
		{fs.ErrNotExist, "not_exist"}, {fs.ErrPermission, "permission"}, {fs.ErrExist, "exist"},
		{context.Canceled, "canceled"}, {context.DeadlineExceeded, "deadline_exceeded"},
	} {
		if errors.Is(err, kind.target) {
			add("kind=" + kind.name)
		}
	}
	walkErrors(err, func(e error) {
		switch x := e.(type) {
		case *opError:
			add(fmt.Sprintf("op=%q", x.op))
		case *Error:
			add("code=" + x.Code)
			if x.Rule != "" {
				add("rule=" + string(x.Rule))
			}
		case ValidationErrors:
			add("code=" + EINVALID)
			for _, fe := range x {
				add("field=" + fe.Field)
			}
		case RowErrors:
			add("code=" + EINVALID)
		case *StageRefusal:
			add("code=" + EINVALID)
			add("rule=" + string(RuleStageNeeds))
		default:
			if !isWrapper(e) {
				add(fmt.Sprintf("type=%T", e))
			}
		}
	})
	return strings.Join(parts, " ")
}

// walkErrors calls visit for err and every error it wraps, depth first.
func walkErrors(err error, visit func(error)) {
	if err == nil {
		return
	}
	visit(err)
	switch x := err.(type) {
	case interface{ Unwrap() error }:
		walkErrors(x.Unwrap(), visit)
	case interface{ Unwrap() []error }:
		for _, e := range x.Unwrap() {
			walkErrors(e, visit)
		}
	}
}

// isWrapper reports whether err only adds context to the errors it wraps
// (fmt.Errorf with %w, errors.Join): its type says nothing of its own.
func isWrapper(err error) bool {
	switch err.(type) {
	case interface{ Unwrap() error }, interface{ Unwrap() []error }:
		return true
	}
	return false
}
