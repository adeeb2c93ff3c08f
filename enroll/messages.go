package enroll

import (
	"errors"
	"strings"

	"github.com/carddesk/carddesk/cardformat"
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
	MsgExternalIDTakenBy  = "field.external_id_taken_by"
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
	MsgPhotoCrop          = "field.photo_crop"
	MsgUnknownTemplate    = "field.unknown_template"
	MsgDayPast            = "field.day_past"
	MsgURL                = "field.url"
	MsgDuration           = "field.duration"
	MsgAmount             = "field.amount"
	MsgMinutes            = "field.minutes"
	MsgAbsoluteFolder     = "field.absolute_folder"
	// What cardformat says about a typed card field value, without the
	// field's name: the UI shows it at the field, or names the field itself.
	MsgValueRange   = "field.value_range"
	MsgValueNumber  = "field.value_number"
	MsgValueHex     = "field.value_hex"
	MsgValueMissing = "field.value_missing"
	MsgValueFixed   = "field.value_fixed"
	MsgValueUnknown = "field.value_unknown"
	// Why a card read does not decode (BadReadError).
	MsgReadUIDLength  = "read.uid_length"
	MsgReadNoCSN      = "read.no_csn"
	MsgReadNoFormat   = "read.no_format"
	MsgReadNotHex     = "read.not_hex"
	MsgReadNoSettings = "read.no_settings"
	MsgReadParity     = "read.parity"
	MsgReadFixed      = "read.fixed"
	// Why a row of an imported file is refused (LineProblem).
	MsgImportFieldCount = "import.field_count"
	MsgImportDuplicate  = "import.duplicate"
	MsgImportTaken      = "import.external_id_taken"
	MsgImportTakenBy    = "import.external_id_taken_by"
)

// FieldMessages maps each message id to its English template.
var FieldMessages = map[string]string{
	MsgRequired:           "Required",
	MsgTooLong:            "is {{.Len}} characters long; at most {{.Max}} allowed",
	MsgSingleLine:         "must be a single line of text",
	MsgEmail:              `"{{.Value}}" is not a valid e-mail address`,
	MsgCardholderStatus:   `"{{.Value}}" is not allowed; use active or inactive`,
	MsgExternalIDTaken:    "Another cardholder already has this external ID",
	MsgExternalIDTakenBy:  "{{.Name}} (cardholder {{.ID}}) already has the external ID {{.Value}}",
	MsgPhotoTooBig:        "photo is {{.Size}} MB; at most {{.Max}} MB allowed",
	MsgPhotoFormat:        "not a PNG, JPEG or GIF image",
	MsgPhotoDimensions:    "photo is {{.Width}}x{{.Height}} pixels; allowed 16 to {{.Max}} per side",
	MsgOperatorName:       "1 to 64 letters, digits or . _ @ - (no spaces)",
	MsgRole:               "must be admin or operator",
	MsgOperatorTaken:      "an operator with this name already exists",
	MsgPasswordShort:      "must be at least {{.Min}} characters",
	MsgReasonTaken:        "this reason is already in the list",
	MsgDateRequired:       "Choose the activation date",
	MsgDatePast:           "The activation date {{.Date}} has passed; choose today or later",
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
	MsgPhotoCrop:          "the photo's crop centre must lie within the photo (0 to 1 across and down)",
	MsgUnknownTemplate:    "there is no badge template {{.ID}}; choose one of the station's templates",
	MsgDayPast:            "{{.Date}} has passed; choose today or a later day",
	MsgURL:                `"{{.Value}}" is not an http or https address`,
	MsgDuration:           `"{{.Value}}" is not a duration from {{.Min}} to {{.Max}} (for example 60s or 5m)`,
	MsgAmount:             "order 1 to 9 temporary cards, not {{.Value}}",
	MsgMinutes:            `"{{.Value}}" is not a number of minutes from {{.Min}} to {{.Max}}`,
	MsgAbsoluteFolder:     `"{{.Value}}" is not a full folder path (such as /srv/backups or D:\Backups)`,
	MsgValueRange:         "{{.Value}} is out of range {{.Min}}–{{.Max}}",
	MsgValueNumber:        `"{{.Text}}" is not a whole number`,
	MsgValueHex:           `"{{.Text}}" is not a hexadecimal number (for example 04a1b2c3)`,
	MsgValueMissing:       "Required: a number from {{.Min}} to {{.Max}}",
	MsgValueFixed:         "{{.Value}} given, but this format fixes it to {{.Fixed}}",
	MsgValueUnknown:       `this format has no field "{{.Field}}"; its fields are {{.Allowed}}`,
	MsgReadUIDLength:      "the reader delivered a {{.Bytes}}-byte serial number ({{.Bits}} bits); the format is {{.Length}} bits long",
	MsgReadNoCSN:          "the card's serial number {{.UID}} is {{.Bytes}} bytes long; serial-number credentials are 4, 7 or 10 bytes",
	MsgReadNoFormat:       "the reader sent card bits but no format is set for it; an administrator sets it on the Devices screen",
	MsgReadNotHex:         `"{{.Text}}" is not a serial number in hex (whole bytes)`,
	MsgReadNoSettings:     `keyboard reader "{{.Reader}}" has no settings; an administrator sets what it types on the Devices screen`,
	MsgReadParity:         "the parity check failed",
	MsgReadFixed:          "a fixed field does not hold its value",
	MsgImportFieldCount:   "has {{.Got}} fields, the header has {{.Want}}",
	MsgImportDuplicate:    `external_id "{{.Value}}" is also on line {{.Line}}`,
	MsgImportTaken:        `external_id "{{.Value}}" already belongs to a cardholder in the database`,
	MsgImportTakenBy:      `external_id "{{.Value}}" already belongs to {{.Name}} (cardholder {{.ID}})`,
}

var fieldTexts = cardformat.NewMessages(FieldMessages)

// Data is the named values a message template refers to.
type Data = map[string]any

// message is a translatable text: an id, its data and the English rendering.
type message struct {
	id   string
	data Data
}

func msg(id string, data Data) message { return message{id: id, data: data} }

func (m message) english() string { return fieldTexts.English(m.id, m.data) }

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

// cardValueMessage is the translatable message for what cardformat says
// about one typed field value, with the field it is about; ok is false for
// other errors.
func cardValueMessage(err error) (field string, m message, ok bool) {
	var (
		rng     *cardformat.RangeError
		syntax  *cardformat.ValueSyntaxError
		missing *cardformat.MissingFieldError
		fixed   *cardformat.FixedFieldError
		unknown *cardformat.UnknownFieldError
	)
	switch {
	case errors.As(err, &rng):
		return rng.Field, msg(MsgValueRange, Data{"Value": rng.Value, "Min": rng.Min.String(), "Max": rng.Max.String()}), true
	case errors.As(err, &syntax) && syntax.Hex:
		return syntax.Field, msg(MsgValueHex, Data{"Text": syntax.Text}), true
	case errors.As(err, &syntax):
		return syntax.Field, msg(MsgValueNumber, Data{"Text": syntax.Text}), true
	case errors.As(err, &missing):
		return missing.Field, msg(MsgValueMissing, Data{"Min": missing.Min.String(), "Max": missing.Max.String()}), true
	case errors.As(err, &fixed):
		return fixed.Field, msg(MsgValueFixed, Data{"Value": fixed.Value, "Fixed": fixed.Fixed.String()}), true
	case errors.As(err, &unknown):
		return unknown.Field, msg(MsgValueUnknown, Data{"Field": unknown.Field, "Allowed": strings.Join(unknown.Allowed, ", ")}), true
	}
	return "", message{}, false
}
