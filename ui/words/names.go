package words

import (
	"fyne.io/fyne/v2/lang"

	"github.com/carddesk/carddesk/enroll"
)

// Role names an operator's role.
func Role(r enroll.Role) string {
	switch r {
	case enroll.RoleAdmin:
		return lang.L("Administrator")
	case enroll.RoleOperator:
		return lang.L("Operator")
	}
	return string(r)
}

// RequestStatus names a card request's status.
func RequestStatus(s enroll.RequestStatus) string {
	switch s {
	case enroll.RequestPending:
		return lang.L("Pending")
	case enroll.RequestCompleted:
		return lang.L("Completed")
	case enroll.RequestDenied:
		return lang.L("Denied")
	}
	return string(s)
}

// CredentialStatus names a credential's status.
func CredentialStatus(s enroll.CredentialStatus) string {
	switch s {
	case enroll.CredentialActive:
		return lang.L("Active")
	case enroll.CredentialInactive:
		return lang.L("Inactive")
	case enroll.CredentialLost:
		return lang.L("Lost")
	case enroll.CredentialStolen:
		return lang.L("Stolen")
	case enroll.CredentialExpired:
		return lang.L("Expired")
	}
	return string(s)
}

// CardholderStatus names a cardholder's status.
func CardholderStatus(s enroll.CardholderStatus) string {
	if s == enroll.CardholderInactive {
		return lang.L("Inactive")
	}
	return lang.L("Active")
}

// Activation says when a requested card becomes active.
func Activation(a enroll.Activation) string {
	switch a.Mode {
	case "":
		return ""
	case enroll.ActivateNever:
		return lang.L("Never")
	case enroll.ActivateEnrollment:
		return lang.L("After enrollment")
	case enroll.ActivateOnDate:
		return lang.X("activation.on", "On {{.Date}}", map[string]any{"Date": a.Date.Format(DateLayout)})
	}
	return string(a.Mode)
}

// ReaderStatus words a reader's status in the operator's language; the
// devices layer reports it in English.
func ReaderStatus(s string) string { return lang.L(s) }

// ReaderKind names a kind of reader.
func ReaderKind(k enroll.ReaderKind) string {
	switch k {
	case enroll.ReaderPCSC:
		return lang.L("PC/SC")
	case enroll.ReaderCCID:
		return lang.L("USB (CCID)")
	case enroll.ReaderKeyboard:
		return lang.L("Keyboard")
	case enroll.ReaderSimulated:
		return lang.L("Simulated")
	}
	return string(k)
}
