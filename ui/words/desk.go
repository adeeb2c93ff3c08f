package words

import (
	"errors"

	"fyne.io/fyne/v2/lang"

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
		return Conflict(conflict), true
	case errors.As(err, &taken):
		return lang.X("connect.taken", "This card ({{.Card}}) belongs to {{.Holder}}. It was not assigned; use another card.",
			map[string]any{"Card": CredentialLabel(taken.Credential), "Holder": taken.Holder}), true
	case errors.As(err, &unusable):
		return lang.X("connect.unusable", "Credential {{.ID}} is {{.Status}} and cannot be handed out.",
			map[string]any{"ID": unusable.CredentialID, "Status": CredentialStatus(unusable.Status)}), true
	case errors.As(err, &hasCard):
		return lang.L("This request already has a card connected. Close it, or deny it and file a new one."), true
	case errors.As(err, &badRead):
		return lang.X("connect.badread", "The card did not read as {{.Format}} ({{.Reason}}). Present it again, or check the reader's card format.",
			map[string]any{"Format": FormatName(badRead.Format), "Reason": ReadReason(badRead)}), true
	case errors.Is(err, enroll.ErrReaderGone):
		return lang.L("The card reader is no longer available. Check its cable, or use another way."), true
	}
	return "", false
}

// Conflict says who answered a request first, and when.
func Conflict(e *enroll.ConflictError) string {
	if e.By == "" {
		return lang.L("This request was changed at another station in the meantime. The list is refreshed; check it and try again.")
	}
	data := map[string]any{"By": e.By, "At": ClockTime(e.At)}
	if e.Status == enroll.RequestDenied {
		return lang.X("conflict.denied", "{{.By}} already denied this request at {{.At}}.", data)
	}
	return lang.X("conflict.completed", "{{.By}} already completed this request at {{.At}}.", data)
}

// Connected says what connecting a card did, per outcome.
func Connected(res enroll.ConnectResult) string {
	data := map[string]any{"Card": CredentialLabel(res.Credential), "Name": res.Request.CardholderName}
	switch res.Outcome {
	case enroll.ConnectEnrolled:
		return lang.X("connect.enrolled", "New card {{.Card}} enrolled and assigned to {{.Name}}.", data)
	case enroll.ConnectAlreadyTheirs:
		return lang.X("connect.theirs", "Card {{.Card}} already belonged to {{.Name}}; it is now this request's card.", data)
	}
	return lang.X("connect.assigned", "Card {{.Card}} assigned to {{.Name}}.", data)
}

// ReadReason says why a card read does not decode, in the operator's
// language: the reader's own words, or what the format says about the bits.
func ReadReason(e *enroll.BadReadError) string {
	if e.ID != "" {
		return e.LocalizedReason(lang.X)
	}
	if msg, ok := CardValue(e.Cause); ok && e.Cause != nil {
		return msg
	}
	return e.Reason
}
