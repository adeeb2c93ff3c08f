package enroll

import (
	"strings"
	"text/template"
)

// Field messages carry an id and their data as well as the English text, so
// the UI can show them in the operator's language. The English templates
// below use the go-i18n syntax of the UI's translation files; a test keeps
// assets/translations/en.json equal to them.
const (
	MsgRequired           = "field.required"
	MsgTooLong            = "field.too_long"
	MsgSingleLine         = "field.single_line"
	MsgEmail              = "field.email"
	MsgCardholderStatus   = "field.cardholder_status"
	MsgExternalIDTaken    = "field.external_id_taken"
	MsgPhotoTooBig        = "field.photo_too_big"
	MsgPhotoFormat        = "field.photo_format"
	MsgPhotoDimensions    = "field.photo_dimensions"
	MsgOperatorName       = "field.operator_name"
	MsgRole               = "field.role"
	MsgOperatorTaken      = "field.operator_taken"
	MsgPasswordShort      = "field.password_short"
	MsgReasonTaken        = "field.reason_taken"
	MsgDateRequired       = "field.date_required"
	MsgDatePast           = "field.date_past"
	MsgActivation         = "field.activation"
	MsgPort               = "field.port"
	MsgOneOf              = "field.one_of"
	MsgHostName           = "field.host_name"
	MsgUnknownSetting     = "field.unknown_setting"
	MsgCredentialStatus   = "field.credential_status"
	MsgUnknownFormat      = "field.unknown_format"
	MsgCredentialEnrolled = "field.credential_enrolled"
	MsgReaderFormatNeeded = "field.reader_format_needed"
	MsgReaderNoCardField  = "field.reader_no_card_field"
	MsgReaderFormatBytes  = "field.reader_format_bytes"
)

// FieldMessages maps each message id to its English template.
var FieldMessages = map[string]string{
	MsgRequired:           "is required",
	MsgTooLong:            "is {{.Len}} characters long; at most {{.Max}} allowed",
	MsgSingleLine:         "must be a single line of text",
	MsgEmail:              `"{{.Value}}" is not a valid e-mail address`,
	MsgCardholderStatus:   `"{{.Value}}" is not allowed; use active or inactive`,
	MsgExternalIDTaken:    "another cardholder already has this external id",
	MsgPhotoTooBig:        "photo is {{.Size}} MB; at most {{.Max}} MB allowed",
	MsgPhotoFormat:        "not a PNG, JPEG or GIF image",
	MsgPhotoDimensions:    "photo is {{.Width}}x{{.Height}} pixels; allowed 16 to {{.Max}} per side",
	MsgOperatorName:       "1 to 64 letters, digits or . _ @ - (no spaces)",
	MsgRole:               "must be admin or operator",
	MsgOperatorTaken:      "an operator with this name already exists",
	MsgPasswordShort:      "must be at least {{.Min}} characters",
	MsgReasonTaken:        "this reason is already in the list",
	MsgDateRequired:       "a date is required",
	MsgDatePast:           "date {{.Date}} is in the past",
	MsgActivation:         `"{{.Value}}" is not allowed; use never, enrollment or a date`,
	MsgPort:               `"{{.Value}}" is not a port number; allowed 1-65535`,
	MsgOneOf:              `"{{.Value}}" is not allowed; use {{.Allowed}}`,
	MsgHostName:           `"{{.Value}}" is not a host name`,
	MsgUnknownSetting:     `unknown setting "{{.Value}}"; known: {{.Allowed}}`,
	MsgCredentialStatus:   `a new credential is active or inactive, not "{{.Value}}"`,
	MsgUnknownFormat:      `unknown card format "{{.Value}}"; known: {{.Allowed}}`,
	MsgCredentialEnrolled: "a card with these {{.Format}} bits ({{.Bits}}) is already enrolled",
	MsgReaderFormatNeeded: "a keyboard reader that types {{.Meaning}} needs a format",
	MsgReaderNoCardField:  `format {{.Format}} has no "card" field for the typed number`,
	MsgReaderFormatBytes:  "format {{.Format}} is {{.Length}} bits long; a card serial number is whole bytes (a multiple of 8 bits)",
}

var fieldTemplates = func() map[string]*template.Template {
	m := make(map[string]*template.Template, len(FieldMessages))
	for id, text := range FieldMessages {
		m[id] = template.Must(template.New(id).Option("missingkey=zero").Parse(text))
	}
	return m
}()

// Data is the named values a message template refers to.
type Data = map[string]any

// message is a translatable text: an id, its data and the English rendering.
type message struct {
	id   string
	data Data
}

func msg(id string, data Data) message { return message{id: id, data: data} }

func (m message) english() string {
	t, ok := fieldTemplates[m.id]
	if !ok {
		return m.id
	}
	var b strings.Builder
	if err := t.Execute(&b, m.data); err != nil {
		return FieldMessages[m.id]
	}
	return b.String()
}

func (m message) field(field string) FieldError {
	return FieldError{Field: field, Message: m.english(), ID: m.id, Data: m.data}
}

// invalid is a ValidationError with one translatable field message.
func invalid(field string, m message) *ValidationError {
	return &ValidationError{Fields: []FieldError{m.field(field)}}
}

// Translator has the signature of fyne's lang.X, so the UI passes it as is.
type Translator func(key, fallback string, data ...any) string

// Localize returns the message in the translator's language; messages
// without an id (from lower layers) stay as they are.
func (e FieldError) Localize(t Translator) string {
	if e.ID == "" || t == nil {
		return e.Message
	}
	return t(e.ID, e.Message, e.Data)
}

// LocalizedFor is For in the translator's language.
func (e *ValidationError) LocalizedFor(field string, t Translator) string {
	for _, f := range e.Fields {
		if f.Field == field {
			return f.Localize(t)
		}
	}
	return ""
}
