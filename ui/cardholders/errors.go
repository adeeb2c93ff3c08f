package cardholders

import (
	"context"
	"errors"

	"fyne.io/fyne/v2/lang"

	"github.com/carddesk/carddesk/enroll"
)

// explain turns an error from the station into a sentence for the desk.
// The service's own messages are already written for people (they name the
// permission, the range, the line); only the bare sentinels get words here.
func explain(err error) string {
	var pe *enroll.PermissionError
	var ie *enroll.ImportError
	switch {
	case err == nil:
		return ""
	case errors.As(err, &pe):
		return lang.X("cardholders.error.permission", "Not allowed: {{.Reason}}", map[string]any{"Reason": pe.Error()})
	case errors.As(err, &ie):
		return importFailedTitle(ie)
	case errors.Is(err, enroll.ErrCardholderInactive):
		return lang.L("This cardholder is inactive. Make the cardholder active before requesting a card.")
	case errors.Is(err, enroll.ErrNotFound):
		return lang.L("This cardholder no longer exists; it may have been removed at another station.")
	case errors.Is(err, enroll.ErrStale):
		return lang.L("This was changed at another station in the meantime. Reload and try again.")
	case errors.Is(err, context.Canceled):
		return lang.L("Cancelled.")
	}
	return err.Error()
}

func isValidation(err error) bool {
	var ve *enroll.ValidationError
	return errors.As(err, &ve)
}
