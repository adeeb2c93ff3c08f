package cli

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/carddesk/carddesk/badge"
	"github.com/carddesk/carddesk/enroll"
)

// usageError is a wrong command line: exit 2 with the command's usage.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usageErrorf(format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...)}
}

// notFound names the missing thing the way the operator typed it, e.g.
// "cardholder 42 not found", keeping ErrNotFound for errors.Is.
type notFound struct {
	what string
	id   string
}

func (e *notFound) Error() string { return fmt.Sprintf("%s %s not found", e.what, e.id) }
func (e *notFound) Unwrap() error { return enroll.ErrNotFound }

// asNotFound names a missing thing the way it was typed.
func asNotFound(err error, what, typed string) error {
	if errors.Is(err, enroll.ErrNotFound) {
		return &notFound{what: what, id: typed}
	}
	return err
}

// describe turns an error into the lines printed after "carddesk: ".
// enroll's typed errors already speak to the operator; they are laid out
// one problem per line.
func describe(err error) string {
	var (
		ve *enroll.ValidationError
		ie *enroll.ImportError
		nf *notFound
		le *enroll.LockedError
		pe *enroll.PermissionError
		ce *enroll.ConflictError
		te *enroll.TransitionError
		be *badge.Error
	)
	switch {
	case errors.As(err, &ie):
		return fmt.Sprintf("%d bad row(s) in the file; nothing was imported", len(ie.Problems))
	case errors.As(err, &be) && be.File != "":
		return fmt.Sprintf("%d problem(s) in %s; nothing was imported", len(be.Problems), be.File)
	case errors.As(err, &ve):
		return describeValidation(ve)
	case errors.As(err, &nf):
		return nf.Error()
	case errors.As(err, &le):
		return le.Error()
	case errors.As(err, &pe):
		return pe.Error()
	case errors.As(err, &ce):
		return ce.Error()
	case errors.As(err, &te):
		return te.Error()
	case errors.Is(err, enroll.ErrSignIn):
		return enroll.ErrSignIn.Error()
	case errors.Is(err, context.Canceled):
		return "interrupted; nothing was changed by the unfinished step"
	}
	return err.Error()
}

func describeValidation(ve *enroll.ValidationError) string {
	lines := make([]string, len(ve.Fields))
	for i, f := range ve.Fields {
		lines[i] = f.Field + ": " + f.Message
	}
	return strings.Join(lines, "\n")
}

// importProblems are printed bare, one "FILE:LINE: reason" per line, so
// editors and scripts can jump to each line.
func importProblems(err error) []string {
	if lines := badgeProblems(err); lines != nil {
		return lines
	}
	var ie *enroll.ImportError
	if !errors.As(err, &ie) {
		return nil
	}
	lines := make([]string, len(ie.Problems))
	for i, p := range ie.Problems {
		lines[i] = p.String()
	}
	return lines
}
