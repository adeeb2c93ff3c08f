package ui

import (
	"context"
	"errors"
	"strings"
	"time"

	"fyne.io/fyne/v2/lang"

	"github.com/carddesk/carddesk/enroll"
)

// explain turns an error from the enroll use cases into a sentence for the
// person at the desk. Field messages of a ValidationError are shown at their
// fields by fieldSet.show; explain is for everything that has no field.
func explain(err error) string {
	var (
		locked     *enroll.LockedError
		permission *enroll.PermissionError
		invalid    *enroll.ValidationError
		imported   *enroll.ImportError
		conflict   *enroll.ConflictError
		transition *enroll.TransitionError
	)
	switch {
	case err == nil:
		return ""
	case errors.Is(err, enroll.ErrSignIn):
		return lang.L("Wrong user name or password.")
	case errors.As(err, &locked):
		return lang.X("error.locked",
			"This account is locked after too many failed sign-ins. Try again after {{.Until}}, or ask an administrator to unlock it.",
			map[string]any{"Until": clockTime(locked.Until)})
	case errors.As(err, &permission):
		return lang.L("Only administrators may do this.")
	case errors.As(err, &invalid):
		return localizedFields(invalid.Fields)
	case errors.As(err, &imported):
		return importProblems(imported)
	case errors.As(err, &conflict):
		return conflict.Error()
	case errors.As(err, &transition):
		return transition.Error()
	case errors.Is(err, enroll.ErrSetupDone):
		return lang.L("This station already has operators. Sign in instead.")
	case errors.Is(err, enroll.ErrNotFound):
		return lang.L("It no longer exists; someone may have removed it. Refresh and try again.")
	case errors.Is(err, enroll.ErrStale):
		return lang.L("Someone else changed this in the meantime. Refresh and try again.")
	case errors.Is(err, context.DeadlineExceeded):
		return lang.L("The database did not answer in time. Try again.")
	}
	return lang.X("error.unexpected", "Something went wrong: {{.Err}}", map[string]any{"Err": err.Error()})
}

// importProblems lists every bad row as FILE:LINE: reason.
func importProblems(e *enroll.ImportError) string {
	lines := make([]string, 0, len(e.Problems)+1)
	lines = append(lines, lang.X("error.import", "Nothing was imported; {{.N}} row(s) need fixing:",
		map[string]any{"N": len(e.Problems)}))
	for _, p := range e.Problems {
		lines = append(lines, p.String())
	}
	return strings.Join(lines, "\n")
}

// clockTime shows a moment as a time of day, with the date when it is not today.
func clockTime(t time.Time) string {
	t, now := t.Local(), time.Now()
	if t.Year() == now.Year() && t.YearDay() == now.YearDay() {
		return t.Format("15:04")
	}
	return t.Format("2006-01-02 15:04")
}
