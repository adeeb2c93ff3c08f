package words

import (
	"strings"
	"unicode"
	"unicode/utf8"

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

// ReaderStatusTitle is ReaderStatus on its own, as in a table cell: with a
// capital letter.
func ReaderStatusTitle(s string) string { return Capitalize(ReaderStatus(s)) }

// Capitalize puts a capital at the start of text.
func Capitalize(text string) string {
	r, n := utf8.DecodeRuneInString(text)
	if n == 0 {
		return text
	}
	return string(unicode.ToUpper(r)) + text[n:]
}

// ReaderStatus words a reader's status in the operator's language; the
// devices layer reports it in English. A status this station does not know
// shows as the devices layer wrote it.
func ReaderStatus(s string) string {
	switch s {
	case "ready":
		return lang.L("ready")
	case "card present":
		return lang.L("card present")
	case "card not answering":
		return lang.L("card not answering")
	case "in use by another program":
		return lang.L("in use by another program")
	case "in use by the smart-card service or a system driver (use PC/SC)":
		return lang.L("in use by the smart-card service or a system driver (use PC/SC)")
	case "not usable over raw USB (use PC/SC)":
		return lang.L("not usable over raw USB (use PC/SC)")
	case "unavailable":
		return lang.L("unavailable")
	case "smart-card service not running":
		return lang.L("smart-card service not running")
	case "USB not available":
		return lang.L("USB not available")
	}
	if why, ok := strings.CutPrefix(s, "USB not available: "); ok {
		return lang.X("reader.usbdown", "USB not available ({{.Why}})", map[string]any{"Why": why})
	}
	return s
}

// ReaderName names a reader; an entry that stands for a reader service
// (a smart-card service that is not running) by the service's name in the
// operator's language.
func ReaderName(r enroll.ReaderInfo) string {
	if !r.Service {
		return r.Name
	}
	switch r.Name {
	case "Smart-card service (PC/SC)":
		return lang.L("Smart-card service (PC/SC)")
	case "USB card readers (CCID)":
		return lang.L("USB card readers (CCID)")
	}
	return r.Name
}

// ServiceStatus says in one sentence what is wrong with a reader service,
// naming it once: "The smart-card service (PC/SC) is not running." Use it
// where a service entry is shown on its own, not in a list's columns.
func ServiceStatus(r enroll.ReaderInfo) string {
	switch {
	case r.Kind == enroll.ReaderPCSC && r.Status == "smart-card service not running":
		return lang.L("The smart-card service (PC/SC) is not running.")
	case r.Kind == enroll.ReaderCCID && strings.HasPrefix(r.Status, "USB not available"):
		why := strings.TrimPrefix(strings.TrimPrefix(r.Status, "USB not available"), ": ")
		if why == "" {
			return lang.L("USB card readers (CCID) cannot be used: USB is not available.")
		}
		return lang.X("reader.usbdown.service", "USB card readers (CCID) cannot be used: USB is not available ({{.Why}}).",
			map[string]any{"Why": why})
	}
	return lang.X("reader.service", "{{.Service}}: {{.Status}}.",
		map[string]any{"Service": ReaderName(r), "Status": ReaderStatus(r.Status)})
}

// NoDirectUSB says how a station whose build reaches no device over raw
// USB (Windows) uses its readers and printers, and that the option for
// USB readers without a smart-card service does not apply.
func NoDirectUSB() string {
	return lang.L("On this system, card readers are used through the system's smart-card service (WinSCard) and badge printers through the Windows print spooler. CardDesk does not access USB devices directly, so the option for USB readers without a smart-card service is not available here.")
}

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
