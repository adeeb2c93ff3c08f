package ui

import (
	"errors"
	"strings"

	"fyne.io/fyne/v2/lang"

	"github.com/carddesk/carddesk/cardformat"
	"github.com/carddesk/carddesk/enroll"
)

// explainDesk words the refusals of the response desk: someone else
// answered first, and the reasons a card cannot be connected.
func explainDesk(err error) (string, bool) {
	var (
		conflict *enroll.ConflictError
		taken    *enroll.CardTakenError
		unusable *enroll.CardUnusableError
		hasCard  *enroll.RequestHasCardError
		badRead  *enroll.BadReadError
	)
	switch {
	case errors.As(err, &conflict):
		return conflictText(conflict), true
	case errors.As(err, &taken):
		return lang.X("connect.taken", "This card ({{.Card}}) belongs to {{.Holder}}. It was not assigned; use another card.",
			map[string]any{"Card": credentialLabel(taken.Credential), "Holder": taken.Holder}), true
	case errors.As(err, &unusable):
		return lang.X("connect.unusable", "Credential {{.ID}} is {{.Status}} and cannot be handed out.",
			map[string]any{"ID": unusable.CredentialID, "Status": credentialStatusName(unusable.Status)}), true
	case errors.As(err, &hasCard):
		return lang.L("This request already has a card connected. Close it, or deny it and file a new one."), true
	case errors.As(err, &badRead):
		return lang.X("connect.badread", "The card did not read as {{.Format}} ({{.Reason}}). Present it again, or check the reader's card format.",
			map[string]any{"Format": badRead.Format, "Reason": badRead.Reason}), true
	case errors.Is(err, enroll.ErrCardholderInactive):
		return lang.L("The cardholder is inactive. Make the cardholder active on the Cardholders screen before connecting a card."), true
	case errors.Is(err, enroll.ErrReaderGone):
		return lang.L("The card reader is no longer available. Check its cable, or use another way."), true
	case errors.Is(err, enroll.ErrMailNotConfigured):
		return lang.L("No mail server is set up. Fill in the mail server and the sender address, and save."), true
	}
	return "", false
}

// conflictText says who answered a request first, and when.
func conflictText(e *enroll.ConflictError) string {
	if e.By == "" {
		return lang.L("This request was changed at another station in the meantime. The list is refreshed; check it and try again.")
	}
	data := map[string]any{"By": e.By, "At": clockTime(e.At)}
	if e.Status == enroll.RequestDenied {
		return lang.X("conflict.denied", "{{.By}} already denied this request at {{.At}}.", data)
	}
	return lang.X("conflict.completed", "{{.By}} already completed this request at {{.At}}.", data)
}

// credentialLabel names a card for messages: its format and number.
func credentialLabel(k enroll.Credential) string {
	if csn, ok := k.Fields["csn"]; ok && len(k.Fields) == 1 { // a serial number needs no field name
		return k.Format + " " + strings.ToUpper(csn)
	}
	return k.Format + " " + credentialNumber(k.Fields)
}

// connectedText says what connecting did, per outcome.
func connectedText(res enroll.ConnectResult) string {
	data := map[string]any{"Card": credentialLabel(res.Credential), "Name": res.Request.CardholderName}
	switch res.Outcome {
	case enroll.ConnectEnrolled:
		return lang.X("connect.enrolled", "New card {{.Card}} enrolled and assigned to {{.Name}}.", data)
	case enroll.ConnectAlreadyTheirs:
		return lang.X("connect.theirs", "Card {{.Card}} already belonged to {{.Name}}; it is now this request's card.", data)
	}
	return lang.X("connect.assigned", "Card {{.Card}} assigned to {{.Name}}.", data)
}

// fieldValueProblem words what cardformat says about one typed field value,
// naming the field and what it accepts.
func fieldValueProblem(err error) string {
	var (
		rng     *cardformat.RangeError
		syntax  *cardformat.ValueSyntaxError
		missing *cardformat.MissingFieldError
		fixed   *cardformat.FixedFieldError
	)
	switch {
	case errors.As(err, &rng):
		return lang.X("field.range", "{{.Field}}: {{.Value}} is out of range {{.Min}}–{{.Max}}",
			map[string]any{"Field": rng.Field, "Value": rng.Value, "Min": rng.Min.String(), "Max": rng.Max.String()})
	case errors.As(err, &syntax) && syntax.Hex:
		return lang.X("field.hex", "{{.Field}}: {{.Text}} is not a hexadecimal number (for example 04a1b2c3)",
			map[string]any{"Field": syntax.Field, "Text": syntax.Text})
	case errors.As(err, &syntax):
		return lang.X("field.number", "{{.Field}}: {{.Text}} is not a whole number",
			map[string]any{"Field": syntax.Field, "Text": syntax.Text})
	case errors.As(err, &missing):
		return lang.X("field.missing", "{{.Field}}: needed, from {{.Min}} to {{.Max}}",
			map[string]any{"Field": missing.Field, "Min": missing.Min.String(), "Max": missing.Max.String()})
	case errors.As(err, &fixed):
		return lang.X("field.fixed", "{{.Field}}: fixed to {{.Fixed}} in this format",
			map[string]any{"Field": fixed.Field, "Fixed": fixed.Fixed.String()})
	}
	return err.Error()
}
