package words

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"fyne.io/fyne/v2/lang"

	"github.com/carddesk/carddesk/enroll"
)

// Explain turns an error into a sentence for the person at the desk. The
// field messages of a ValidationError are best shown at their fields (see
// widgets.FieldSet); Explain lists them for places that have no fields.
func Explain(err error) string {
	return explain(err)
}

// ExplainMail is Explain for what the mail server did: trouble on the
// network names the mail server and where to fix it (Settings > Mail).
func ExplainMail(err error) string {
	if msg, ok := explainNetwork(err); ok {
		return msg
	}
	return explain(err)
}

func explain(err error) string {
	if err == nil {
		return ""
	}
	for _, explain := range []func(error) (string, bool){explainAccess, explainCredential, explainData, explainDesk, explainFormat, explainPrinting, explainBadge, CardValue, explainServer} {
		if msg, ok := explain(err); ok {
			return msg
		}
	}
	switch {
	case errors.Is(err, context.Canceled):
		return lang.L("Cancelled.")
	case errors.Is(err, context.DeadlineExceeded):
		return lang.L("The database did not answer in time. Try again.")
	}
	return lang.X("error.unexpected", "Something went wrong: {{.Err}}", map[string]any{"Err": err.Error()})
}

// explainAccess words sign-in and permission refusals.
func explainAccess(err error) (string, bool) {
	var (
		locked     *enroll.LockedError
		permission *enroll.PermissionError
	)
	switch {
	case errors.Is(err, enroll.ErrSignIn):
		return lang.L("Wrong user name or password."), true
	case errors.As(err, &locked):
		return lang.X("error.locked",
			"This account is locked after too many failed sign-ins. Try again after {{.Until}}, or ask an administrator to unlock it.",
			map[string]any{"Until": ClockTime(locked.Until)}), true
	case errors.As(err, &permission):
		return Permission(permission.Permission), true
	case errors.Is(err, enroll.ErrSetupDone):
		return lang.L("This station already has operators. Sign in instead."), true
	}
	return "", false
}

// Permission says that the operator's account may not do something.
func Permission(p enroll.Permission) string {
	what := map[enroll.Permission]string{
		enroll.PermManageOperators:   lang.L("manage operators"),
		enroll.PermManageSettings:    lang.L("change settings"),
		enroll.PermManageReasons:     lang.L("manage request reasons"),
		enroll.PermManageFormats:     lang.L("manage card formats"),
		enroll.PermView:              lang.L("view station data"),
		enroll.PermEditCardholders:   lang.L("change cardholders"),
		enroll.PermImportExport:      lang.L("import or export cardholders"),
		enroll.PermRequestCards:      lang.L("request cards"),
		enroll.PermRespondRequests:   lang.L("answer card requests"),
		enroll.PermManageCredentials: lang.L("enroll credentials"),
		enroll.PermViewAudit:         lang.L("view the audit log"),
	}[p]
	if what == "" && p == "" {
		return lang.L("Your account may not do this.")
	}
	if what == "" {
		what = string(p)
	}
	if !(enroll.Actor{Role: enroll.RoleOperator}).Can(p) {
		return lang.X("error.permission.admin", "Only administrators may {{.What}}.", map[string]any{"What": what})
	}
	return lang.X("error.permission", "Your account may not {{.What}}.", map[string]any{"What": what})
}

// explainData words what the station says about the data itself: bad
// input, a row someone else changed or removed, a refused import.
func explainData(err error) (string, bool) {
	var (
		invalid    *enroll.ValidationError
		imported   *enroll.ImportError
		transition *enroll.TransitionError
		photo      *enroll.PhotoError
	)
	switch {
	case errors.As(err, &photo):
		return photo.Localize(lang.X), true
	case errors.As(err, &invalid):
		return Fields(invalid.Fields), true
	case errors.As(err, &imported):
		return ImportProblems(imported), true
	case errors.As(err, &transition):
		return lang.X("error.transition", "This cannot change from {{.From}} to {{.To}}.",
			map[string]any{"From": stateName(transition.Machine, transition.From), "To": stateName(transition.Machine, transition.To)}), true
	case errors.Is(err, enroll.ErrNotFound):
		return lang.L("It no longer exists; someone may have removed it at another station. Refresh and try again."), true
	case errors.Is(err, enroll.ErrStale):
		return lang.L("Someone else changed this in the meantime. Refresh and try again."), true
	case errors.Is(err, enroll.ErrCardholderInactive):
		return lang.L("The cardholder is inactive. Make the cardholder active on the Cardholders screen first."), true
	case errors.Is(err, enroll.ErrMailNotConfigured):
		return lang.L("No mail server is set up. Fill in the mail server and the sender address, and save."), true
	case errors.Is(err, enroll.ErrSecretKeyMissing):
		return lang.X("error.secret.no_key", "This station lacks the key the stored passwords are encrypted with. Copy it from a station that has it (see Secrets in the README). {{.Err}}",
			map[string]any{"Err": err.Error()}), true
	case errors.Is(err, enroll.ErrSecretUnreadable):
		return lang.X("error.secret.unreadable", "A stored password does not open with this station's key: the key is another one, or the value was altered. Copy the right key, or enter the password again. {{.Err}}",
			map[string]any{"Err": err.Error()}), true
	}
	return "", false
}

// Fields lists the field messages, each naming its field ("First name is
// required.; External ID: ..."), in the operator's language.
func Fields(fields []enroll.FieldError) string {
	parts := make([]string, len(fields))
	for i, f := range fields {
		parts[i] = FieldProblem(f)
	}
	return strings.Join(parts, "; ")
}

// ImportProblems lists every bad row as FILE:LINE: reason.
func ImportProblems(e *enroll.ImportError) string {
	lines := make([]string, 0, len(e.Problems)+1)
	lines = append(lines, ImportFailed(e))
	for _, p := range e.Problems {
		lines = append(lines, ImportProblem(p))
	}
	return strings.Join(lines, "\n")
}

// ImportProblem is one bad row as FILE:LINE: reason, the reason in the
// operator's language where the station has it translated. A field keeps
// its CSV column name (last_name), the name to look for in the file.
func ImportProblem(p enroll.LineProblem) string {
	reason := p.Reason
	switch {
	case p.Field != "" && p.ID != "":
		f := enroll.FieldError{Field: p.Field, ID: p.ID, Data: p.Data, Message: strings.TrimPrefix(p.Reason, p.Field+": ")}
		reason = p.Field + ": " + f.Localize(lang.X)
	case p.ID != "":
		reason = lang.X(p.ID, p.Reason, p.Data)
	}
	return fmt.Sprintf("%s:%d: %s", p.File, p.Line, reason)
}

// ImportFailed counts rows, not problems: one row can have several.
func ImportFailed(e *enroll.ImportError) string {
	rows := map[string]bool{}
	for _, p := range e.Problems {
		rows[fmt.Sprintf("%s:%d", p.File, p.Line)] = true
	}
	if len(rows) == 1 {
		return lang.L("Nothing was imported: 1 bad row")
	}
	return lang.X("error.import.rows", "Nothing was imported: {{.Count}} bad rows", map[string]any{"Count": Int(len(rows))})
}

// stateName names a state of one of enroll's state machines.
func stateName(machine, state string) string {
	switch machine {
	case "cardholder":
		return CardholderStatus(enroll.CardholderStatus(state))
	case "credential":
		return CredentialStatus(enroll.CredentialStatus(state))
	case "card request":
		return RequestStatus(enroll.RequestStatus(state))
	}
	return state
}
