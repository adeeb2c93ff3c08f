package enroll

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Sentinel errors that storage implementations return (wrapped) and that
// callers test with errors.Is.
var (
	ErrNotFound  = errors.New("not found")
	ErrDuplicate = errors.New("already exists")
	// ErrStale means a versioned row changed since it was read.
	ErrStale = errors.New("changed by someone else")
)

// ErrSignIn is the one answer for an unknown user and a wrong password, so the
// message does not tell which user names exist.
var ErrSignIn = errors.New("sign-in refused: wrong user name or password")

// LockedError tells a known operator that repeated failures locked the account.
type LockedError struct{ Until time.Time }

func (e *LockedError) Error() string {
	return fmt.Sprintf("account locked after %d failed sign-ins; try again after %s",
		MaxFailedSignIns, e.Until.Local().Format("15:04"))
}

// PermissionError says which permission the actor lacks.
type PermissionError struct {
	Actor      string
	Permission Permission
}

func (e *PermissionError) Error() string {
	if adminOnly[e.Permission] {
		return fmt.Sprintf("%s may not %s (administrators only)", e.Actor, e.Permission.describe())
	}
	if e.Actor == "" {
		return "not signed in: sign in to " + e.Permission.describe()
	}
	return fmt.Sprintf("%s may not %s", e.Actor, e.Permission.describe())
}

// FieldError names one invalid input field and what is allowed.
type FieldError struct {
	Field   string
	Message string // English
	ID      string // message id for translation (see messages.go); "" for untranslated text
	Data    Data   // the values the message template refers to
}

func (e FieldError) Error() string { return e.Field + ": " + e.Message }

// ValidationError collects every invalid field of one input so the UI can show
// each message next to its field.
type ValidationError struct{ Fields []FieldError }

func (e *ValidationError) Error() string {
	parts := make([]string, len(e.Fields))
	for i, f := range e.Fields {
		parts[i] = f.Error()
	}
	return strings.Join(parts, "; ")
}

// For returns the message for one field, or "".
func (e *ValidationError) For(field string) string {
	for _, f := range e.Fields {
		if f.Field == field {
			return f.Message
		}
	}
	return ""
}

type fieldErrors []FieldError

func (fe *fieldErrors) add(field string, m message) { *fe = append(*fe, m.field(field)) }

// addText adds a message from a lower layer that has no translation id.
func (fe *fieldErrors) addText(field, format string, args ...any) {
	*fe = append(*fe, FieldError{Field: field, Message: fmt.Sprintf(format, args...)})
}

func (fe fieldErrors) err() error {
	if len(fe) == 0 {
		return nil
	}
	return &ValidationError{Fields: fe}
}

// LineProblem is one bad row of an imported file.
type LineProblem struct {
	File   string
	Line   int
	Reason string // English
	// Field, ID and Data translate Reason (see messages.go): a field's
	// message names Field; a row's message has no Field. ID is "" for
	// reasons without a translation.
	Field string
	ID    string
	Data  Data
}

// lineProblem is a LineProblem with a translatable reason.
func lineProblem(file string, line int, m message) LineProblem {
	return LineProblem{File: file, Line: line, Reason: m.english(), ID: m.id, Data: m.data}
}

func (p LineProblem) String() string { return fmt.Sprintf("%s:%d: %s", p.File, p.Line, p.Reason) }

// ImportError lists every bad row; when it is returned nothing was imported.
type ImportError struct{ Problems []LineProblem }

func (e *ImportError) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = p.String()
	}
	return fmt.Sprintf("%d bad row(s), nothing imported:\n%s", len(e.Problems), strings.Join(lines, "\n"))
}

// TransitionError is a state change the state machine forbids.
type TransitionError struct {
	Machine  string
	From, To string
}

func (e *TransitionError) Error() string {
	return fmt.Sprintf("%s cannot go from %q to %q", e.Machine, e.From, e.To)
}

// ConflictError tells an operator that someone else answered a request first.
type ConflictError struct {
	RequestID int64
	Status    RequestStatus
	By        string
	At        time.Time
}

func (e *ConflictError) Error() string {
	if e.By == "" {
		return fmt.Sprintf("request %d was changed by another station; reload it", e.RequestID)
	}
	return fmt.Sprintf("request %d was already %s by %s at %s", e.RequestID, e.Status, e.By,
		e.At.Local().Format("2006-01-02 15:04"))
}
