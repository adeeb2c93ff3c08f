package words

import (
	"strings"

	"fyne.io/fyne/v2/lang"

	"github.com/carddesk/carddesk/enroll"
)

// FieldName is the label of an input field a ValidationError names, for
// messages shown away from the field ("First name is required"). Card
// format fields ("facility", or "field.facility" in a reader's settings)
// read as CardField; keys this station does not know show as they are.
func FieldName(key string) string {
	if name, ok := strings.CutPrefix(key, "field."); ok {
		return CardField(name)
	}
	switch key {
	case "first_name":
		return lang.L("First name")
	case "last_name":
		return lang.L("Last name")
	case "email":
		return lang.L("E-mail")
	case "department":
		return lang.L("Department")
	case "external_id":
		return lang.L("External ID")
	case "status":
		return lang.L("Status")
	case "photo":
		return lang.L("Photo")
	case "reason":
		return lang.L("Reason")
	case "note":
		return lang.L("Note")
	case "activation":
		return lang.L("Activation")
	case "name":
		return lang.L("Name")
	case "role":
		return lang.L("Role")
	case "password":
		return lang.L("Password")
	case "format":
		return lang.L("Card format")
	case "bits":
		return lang.L("Bits")
	case "kind":
		return lang.L("Kind")
	case "meaning":
		return lang.L("The reader types")
	case "to":
		return lang.L("Send to")
	case "key":
		return lang.L("Setting")
	case "station.name":
		return lang.L("Station name")
	case "smtp.host":
		return lang.L("Mail server")
	case "smtp.port":
		return lang.L("Port")
	case "smtp.tls":
		return lang.L("Encryption")
	case "smtp.username":
		return lang.L("Mail user name")
	case "smtp.password":
		return lang.L("Mail password")
	case "smtp.from":
		return lang.L("Sender address")
	}
	return CardField(key)
}

// CardField names a field of a card format: the built-in formats' fields
// read as words in the operator's language; the fields of an
// administrator's own formats keep the names they were given.
func CardField(name string) string {
	switch name {
	case "facility":
		return lang.L("Facility code")
	case "card":
		return lang.L("Card number")
	case "csn":
		return lang.L("Serial number")
	}
	return name
}

// FieldProblem is one field's message with the field named, for places
// that show it away from the field: an alert, the status bar, a list.
func FieldProblem(f enroll.FieldError) string {
	name := FieldName(f.Field)
	switch f.ID {
	case enroll.MsgRequired:
		return lang.X("field.required.named", "{{.Field}} is required", map[string]any{"Field": name})
	case enroll.MsgDatePast, enroll.MsgDateRequired, enroll.MsgExternalIDTaken, enroll.MsgExternalIDTakenBy:
		return f.Localize(lang.X) // these sentences name their field already
	}
	return lang.X("field.named", "{{.Field}}: {{.Message}}", map[string]any{"Field": name, "Message": f.Localize(lang.X)})
}
