package words

import (
	"errors"
	"strings"

	"fyne.io/fyne/v2/lang"

	"github.com/carddesk/carddesk/cardformat"
	"github.com/carddesk/carddesk/enroll"
)

// explainCredential words the refusals of managing credentials: a status
// the state machine forbids, a card that stays where it was reported, one
// that is enrolled already.
func explainCredential(err error) (string, bool) {
	var (
		transition *enroll.TransitionError
		held       *enroll.CredentialHeldError
		unassigned *enroll.CredentialUnassignedError
		enrolled   *enroll.AlreadyEnrolledError
	)
	switch {
	case errors.As(err, &transition) && transition.Machine == "credential":
		return CredentialTransition(enroll.CredentialStatus(transition.From), enroll.CredentialStatus(transition.To)), true
	case errors.As(err, &held):
		return lang.X("credentials.error.held", "A {{.Status}} card stays with its cardholder, where it was reported; it cannot be unassigned.",
			map[string]any{"Status": strings.ToLower(CredentialStatus(held.Status))}), true
	case errors.As(err, &unassigned):
		return lang.L("This card is not assigned to anyone."), true
	case errors.As(err, &enrolled):
		return AlreadyEnrolled(enrolled.Credential), true
	case errors.Is(err, enroll.ErrCardholderActive):
		return lang.L("The cardholder is still active. Make them inactive first; then all their cards can be made inactive at once."), true
	}
	return "", false
}

// CredentialTransition says why a card cannot go from one status to
// another: stolen is final, a lost card can be found again or reported
// stolen, an expired one comes back with a later expiry date.
func CredentialTransition(from, to enroll.CredentialStatus) string {
	data := map[string]any{"From": strings.ToLower(CredentialStatus(from)), "To": strings.ToLower(CredentialStatus(to))}
	switch from {
	case enroll.CredentialStolen:
		return lang.L("Stolen is final: a stolen card can never be used again. Enroll a new card instead.")
	case enroll.CredentialLost:
		return lang.X("credentials.error.lost", "A lost card can be found again (active or inactive) or reported stolen; it cannot become {{.To}}.", data)
	case enroll.CredentialExpired:
		return lang.X("credentials.error.expired", "An expired card can only become active or inactive again; it cannot become {{.To}}. A later expiry date brings it back too.", data)
	}
	return lang.X("credentials.error.transition", "This card cannot change from {{.From}} to {{.To}}.", data)
}

// AlreadyEnrolled says that a card presented for enrollment is enrolled
// already, and who holds it.
func AlreadyEnrolled(k enroll.Credential) string {
	data := map[string]any{"Card": CredentialLabel(k), "Name": k.CardholderName}
	if k.CardholderID == 0 && k.CardholderName == "" {
		return lang.X("credentials.error.enrolled", "Already enrolled: {{.Card}}, not assigned.", data)
	}
	return lang.X("credentials.error.enrolled_held", "Already enrolled: {{.Card}}, held by {{.Name}}.", data)
}

// DecodesAs says how a reader's reads are decoded, from its settings;
// formats are the formats known, by id (FormatTitleIn).
func DecodesAs(st enroll.ReaderState, formats map[string]cardformat.Format) string {
	c := st.Config
	if st.Info.Kind != enroll.ReaderKeyboard {
		if c.Format == "" {
			return lang.L("Card serial number (by UID length)")
		}
		return FormatTitleIn(c.Format, formats)
	}
	data := map[string]any{"Format": FormatTitleIn(c.Format, formats), "Fields": CredentialNumber(c.Fields)}
	switch c.Meaning {
	case enroll.WedgeNumber:
		if len(c.Fields) > 0 {
			return lang.X("devices.decodes.numberfields", "Card number in {{.Format}} ({{.Fields}})", data)
		}
		return lang.X("devices.decodes.number", "Card number in {{.Format}}", data)
	case enroll.WedgeBits:
		return lang.X("devices.decodes.bits", "Raw bits in {{.Format}}", data)
	case enroll.WedgeCSN:
		if c.Format != "" {
			return lang.X("devices.decodes.csnformat", "Card serial number in {{.Format}}", data)
		}
		return lang.L("Card serial number")
	}
	return lang.L("Not set up: its reads are refused")
}
