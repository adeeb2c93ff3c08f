package orders

import (
	"errors"
	"net"
	"net/url"
	"strings"

	"fyne.io/fyne/v2/lang"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/ui/widgets"
	"github.com/carddesk/carddesk/ui/words"
)

// explain turns a refusal of card production into a sentence for the desk;
// what is not about card orders is words.Explain's.
func explain(err error) string {
	if err == nil {
		return ""
	}
	var (
		disabled    *enroll.UseCaseDisabledError
		abort       *enroll.AbortRefusedError
		missing     *enroll.MissingFieldsError
		inactive    *enroll.CardholderInactiveError
		held        *enroll.TempCardHeldError
		mismatch    *enroll.ReceiveMismatchError
		transition  *enroll.TransitionError
		unavailable *enroll.ProducerUnavailableError
		rejected    *enroll.ProducerRejectedError
		invalid     *enroll.ValidationError
	)
	switch {
	case errors.As(err, &disabled):
		return lang.X("orders.error.disabled", "{{.What}} is turned off at this station. An administrator turns it on in Settings > Card production.",
			map[string]any{"What": useCaseName(disabled.UseCase)})
	case errors.Is(err, enroll.ErrProducerNotConfigured):
		return notSetUp()
	case errors.As(err, &abort):
		return lang.X("orders.error.abort_refused", "The card order cannot be aborted: {{.Reason}}.",
			map[string]any{"Reason": abortReason(abort.Reason)})
	case errors.As(err, &missing):
		return lang.X("orders.error.missing_fields", "{{.Name}} lacks what the card layout needs: {{.Fields}}. Fill it in on the Cardholders screen first.",
			map[string]any{"Name": missing.Name, "Fields": fieldList(missing.Fields)})
	case errors.As(err, &inactive):
		return lang.X("orders.error.inactive", "{{.Name}} is inactive; only an active cardholder gets a card.",
			map[string]any{"Name": inactive.Name})
	case errors.As(err, &held):
		return lang.X("orders.error.held", "{{.Name}} already holds temporary card {{.Card}}. Withdraw that card first.",
			map[string]any{"Name": held.Name, "Card": shortID(held.CardID)})
	case errors.As(err, &mismatch):
		return lang.X("orders.error.mismatch", "This is not the card that was ordered: {{.Reason}}.",
			map[string]any{"Reason": mismatch.Reason})
	case errors.As(err, &transition) && (transition.Machine == "ordered card" || transition.Machine == "temporary card"):
		return lang.X("orders.error.transition", "This card cannot change from {{.From}} to {{.To}}. Refresh the list and try again.",
			map[string]any{"From": stateWords(transition.From), "To": stateWords(transition.To)})
	case errors.As(err, &unavailable):
		return lang.L("The card producer could not be reached; the card is sent by the next sync.")
	case errors.As(err, &rejected):
		return lang.X("orders.error.rejected", "The card producer refused the card: {{.Reason}}",
			map[string]any{"Reason": rejected.Reason})
	case errors.Is(err, enroll.ErrProducerConflict):
		return lang.L("The card producer refused: the card is already in production or was cancelled.")
	case errors.As(err, &invalid):
		return words.Explain(err)
	case isNetwork(err):
		return lang.X("orders.error.network", "The card producer could not be reached: {{.Err}}", map[string]any{"Err": err.Error()})
	case strings.Contains(err.Error(), "card producer"):
		return lang.X("orders.error.producer", "Card production: {{.Err}}", map[string]any{"Err": err.Error()})
	}
	return words.Explain(err)
}

// explainCall words a failed call to the producer for actions that do
// not send a card (sync, update, layouts): a producer that could not be
// reached is just that, anything else is explain's.
func explainCall(err error) string {
	var unavailable *enroll.ProducerUnavailableError
	if errors.As(err, &unavailable) || isNetwork(err) {
		return lang.L("The card producer could not be reached. Check the network, then try again.")
	}
	return explain(err)
}

// isNetwork tells a connection problem: the station knows no more of it
// than that the producer did not answer. words.Explain would call it the
// mail server's.
func isNetwork(err error) bool {
	var (
		op *net.OpError
		ue *url.Error
	)
	return errors.As(err, &op) || errors.As(err, &ue)
}

// notSetUp is what an operator is told while no producer is configured.
func notSetUp() string {
	return lang.L("Card production is not set up. An administrator sets it up in Settings > Card production.")
}

// useCaseName names an optional use case.
func useCaseName(uc string) string {
	switch uc {
	case enroll.UseOrderCard:
		return lang.L("Ordering cards")
	case enroll.UseOrderTemporaryCards:
		return lang.L("Ordering temporary cards")
	case enroll.UseAbortCardOrder:
		return lang.L("Aborting card orders")
	case enroll.UseUpdateCardOrder:
		return lang.L("Updating card orders")
	case enroll.UseTemporaryCards:
		return lang.L("Handing out temporary cards")
	}
	return uc
}

// abortReason words the reasons enroll gives for refusing an abort.
func abortReason(reason string) string {
	switch reason {
	case "it is already in production":
		return lang.L("it is already in production")
	case "the producer could not be asked to cancel it; try again":
		return lang.L("the card producer could not be asked to cancel it; try again")
	}
	return reason
}

// fieldList names a layout's cardholder fields in words.
func fieldList(fields []string) string {
	out := make([]string, len(fields))
	for i, f := range fields {
		out[i] = fieldWord(f)
	}
	return strings.Join(out, ", ")
}

func fieldWord(f string) string {
	switch f {
	case "first_name":
		return lang.L("first name")
	case "last_name":
		return lang.L("last name")
	case "external_id":
		return lang.L("external ID")
	case "email":
		return lang.L("e-mail address")
	case "department":
		return lang.L("department")
	case "photo":
		return lang.L("photo")
	}
	return f
}

// stateWords names the states a TransitionError of an ordered or a
// temporary card speaks of ("personal failed", "produced", "received").
func stateWords(state string) string {
	parts := strings.Fields(state)
	for i, p := range parts {
		parts[i] = stateWord(p)
	}
	return strings.Join(parts, " ")
}

func stateWord(s string) string {
	switch s {
	case string(enroll.KindPersonal):
		return lang.L("personal")
	case string(enroll.KindTemporary):
		return lang.L("temporary")
	case string(enroll.OrderProcessing):
		return lang.L("processing")
	case string(enroll.OrderOrdered):
		return lang.L("ordered")
	case string(enroll.OrderInProduction):
		return lang.L("in production")
	case string(enroll.OrderProduced):
		return lang.L("produced")
	case string(enroll.OrderFailed):
		return lang.L("failed")
	case string(enroll.OrderAborted):
		return lang.L("aborted")
	case "received":
		return lang.L("received")
	case "retried":
		return lang.L("ordered again")
	case "initialized":
		return lang.L("in the stock")
	case string(enroll.TempUnassigned):
		return lang.L("unassigned")
	case string(enroll.TempAssigned):
		return lang.L("assigned")
	case string(enroll.TempExpired):
		return lang.L("expired")
	case string(enroll.TempLocked):
		return lang.L("locked")
	}
	return s
}

// problemWords words a problem enroll kept with a card (in English) or
// a sync reported; text it does not recognise is shown as it is.
func problemWords(text string) string {
	switch {
	case text == "":
		return ""
	case strings.HasPrefix(text, "the card producer could not be reached"):
		return lang.L("The card producer could not be reached; the card is sent by the next sync.")
	case strings.HasPrefix(text, "the card producer refused the card"):
		reason := text
		if _, after, ok := strings.Cut(text, "): "); ok {
			reason = after
		}
		return lang.X("orders.error.rejected", "The card producer refused the card: {{.Reason}}", map[string]any{"Reason": reason})
	case text == "cancelled at the card producer":
		return lang.L("Cancelled at the card producer.")
	case strings.HasPrefix(text, "the producer reported the card produced without its credential"):
		return lang.L("The card producer reported the card produced, but not what it encoded on it.")
	case strings.HasPrefix(text, "the credential the producer reported (") && strings.HasSuffix(text, "belongs to another cardholder"):
		return lang.L("The credential the card producer reported belongs to another cardholder.")
	case strings.HasPrefix(text, "the credential the producer reported cannot be enrolled"):
		return lang.X("orders.problem.enroll", "The card's credential cannot be enrolled: {{.Err}}",
			map[string]any{"Err": strings.TrimPrefix(text, "the credential the producer reported cannot be enrolled: ")})
	}
	return text
}

// newFields is a dialog's fields: refusals that name no field are worded
// as card production's.
func newFields() *widgets.FieldSet {
	fs := widgets.NewFieldSet()
	fs.Explain = explain
	return fs
}
