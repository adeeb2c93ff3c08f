package ui

import (
	"context"
	"errors"
	"strings"
	"time"

	"fyne.io/fyne/v2/lang"

	"github.com/carddesk/carddesk/cardformat"
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
		transition *enroll.TransitionError
	)
	if msg, ok := explainFormat(err); ok {
		return msg
	}
	if msg, ok := explainDesk(err); ok {
		return msg
	}
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

// explainFormat words the card-format errors: the catalogue's refusals and
// what cardformat says about a definition or a format file.
func explainFormat(err error) (string, bool) {
	var (
		exists     *enroll.FormatExistsError
		inUse      *enroll.FormatInUseError
		definition *cardformat.DefinitionError
		file       *cardformat.FileError
		version    *cardformat.VersionError
		unknown    *cardformat.UnknownFormatError
	)
	switch {
	case errors.As(err, &exists) && exists.Builtin:
		return lang.X("error.format.builtinid", "{{.ID}} is the id of a built-in format. Choose another id.",
			map[string]any{"ID": exists.ID}), true
	case errors.As(err, &exists):
		return lang.X("error.format.exists", "A custom format with the id {{.ID}} already exists.",
			map[string]any{"ID": exists.ID}), true
	case errors.As(err, &inUse):
		return formatInUse(inUse), true
	case errors.Is(err, enroll.ErrBuiltinFormat):
		return lang.L("Built-in formats cannot be changed or deleted. Duplicate one to make a custom format."), true
	case errors.As(err, &definition):
		return definitionProblems(definition), true
	case errors.As(err, &version) && version.Got > cardformat.DefinitionVersion:
		return lang.X("error.format.newer", "This format file (version {{.Got}}) was written by a newer CardDesk; this station reads version {{.Want}}.",
			map[string]any{"Got": version.Got, "Want": cardformat.DefinitionVersion}), true
	case errors.As(err, &version):
		return lang.X("error.format.version", "This format file has version {{.Got}}, which is not valid; this station reads version {{.Want}}.",
			map[string]any{"Got": version.Got, "Want": cardformat.DefinitionVersion}), true
	case errors.As(err, &file):
		return lang.X("error.format.file", "This is not a card format file CardDesk can read: {{.Reason}}",
			map[string]any{"Reason": strings.TrimPrefix(file.Error(), "format file: ")}), true
	case errors.As(err, &unknown):
		return lang.X("error.format.unknown", "There is no card format {{.ID}}.", map[string]any{"ID": unknown.ID}), true
	}
	return "", false
}

// formatInUse says why a format in use cannot go or change, with the count.
func formatInUse(e *enroll.FormatInUseError) string {
	data := map[string]any{"ID": e.ID, "N": e.Credentials}
	switch {
	case e.Delete && e.Credentials == 1:
		return lang.X("error.format.inuse.delete.one", "Format {{.ID}} cannot be deleted: 1 credential is enrolled with it.", data)
	case e.Delete:
		return lang.X("error.format.inuse.delete", "Format {{.ID}} cannot be deleted: {{.N}} credentials are enrolled with it.", data)
	case e.Credentials == 1:
		return lang.X("error.format.inuse.change.one", "The bit layout of format {{.ID}} cannot change: 1 credential is enrolled with it. Only its name can change.", data)
	}
	return lang.X("error.format.inuse.change", "The bit layout of format {{.ID}} cannot change: {{.N}} credentials are enrolled with it. Only its name can change.", data)
}

// definitionProblems lists every problem of a format definition, one a line.
func definitionProblems(e *cardformat.DefinitionError) string {
	lines := make([]string, 0, len(e.Problems)+1)
	if e.Format == "" {
		lines = append(lines, lang.L("The format is not valid:"))
	} else {
		lines = append(lines, lang.X("error.format.invalid", "The format {{.ID}} is not valid:", map[string]any{"ID": e.Format}))
	}
	for _, p := range e.Problems {
		lines = append(lines, "• "+p.String())
	}
	return strings.Join(lines, "\n")
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
