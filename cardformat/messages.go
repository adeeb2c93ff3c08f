package cardformat

import (
	"strings"
	"text/template"
)

// A definition Problem carries a message id and its data besides the
// English Msg, so the UI can say it in the operator's language. The
// templates use the go-i18n syntax of the UI's translation files, where
// each id has an English and a Dutch text.
const (
	MsgID              = "format.problem.id"
	MsgFieldUnnamed    = "format.problem.field_unnamed"
	MsgFieldName       = "format.problem.field_name"
	MsgFieldTwice      = "format.problem.field_twice"
	MsgFieldWide       = "format.problem.field_wide"
	MsgFieldFixed      = "format.problem.field_fixed"
	MsgNoFields        = "format.problem.no_fields"
	MsgParityType      = "format.problem.parity_type"
	MsgParityOutside   = "format.problem.parity_outside"
	MsgParityOwn       = "format.problem.parity_own"
	MsgParityLater     = "format.problem.parity_later"
	MsgUnaccounted     = "format.problem.unaccounted"
	MsgNameRequired    = "format.problem.name_required"
	MsgNameLong        = "format.problem.name_long"
	MsgNameLine        = "format.problem.name_line"
	MsgWiegandLength   = "format.problem.wiegand_length"
	MsgCSNLength       = "format.problem.csn_length"
	MsgKind            = "format.problem.kind"
	MsgCSNFields       = "format.problem.csn_fields"
	MsgCSNParity       = "format.problem.csn_parity"
	MsgMaskEmpty       = "format.problem.mask_empty"
	MsgMaskOutside     = "format.problem.mask_outside"
	MsgMaskOutsideOne  = "format.problem.mask_outside_one"
	MsgMaskRepeated    = "format.problem.mask_repeated"
	MsgMaskRepeatedOne = "format.problem.mask_repeated_one"
	MsgMaskTaken       = "format.problem.mask_taken"
	MsgMaskTakenOne    = "format.problem.mask_taken_one"
	MsgFileKind        = "format.problem.file_kind"
	MsgFileParityType  = "format.problem.file_parity_type"
	// What ParseMask says about mask text (MaskError).
	MsgMaskIsEmpty   = "format.mask.empty"
	MsgMaskEmptyItem = "format.mask.empty_item"
	MsgMaskBackwards = "format.mask.backwards"
	MsgMaskTwice     = "format.mask.twice"
	MsgMaskHalfRange = "format.mask.half_range"
	MsgMaskNotNumber = "format.mask.not_number"
	MsgMaskPastMax   = "format.mask.past_max"
)

// ProblemMessages maps each problem message id to its English template.
// Data "Holder" is a Problem Item (the UI words it as one).
var ProblemMessages = map[string]string{
	MsgID:              `"{{.Value}}": use 1–{{.Max}} of a–z, 0–9, _ and -, starting with a letter or digit`,
	MsgFieldUnnamed:    "needs a name",
	MsgFieldName:       "use 1–{{.Max}} of a–z, 0–9 and _, starting with a letter",
	MsgFieldTwice:      "another field already has this name",
	MsgFieldWide:       "has {{.Width}} bits; a field holds at most {{.Max}}",
	MsgFieldFixed:      "fixed value {{.Value}} does not fit in {{.Width}} bits (0–{{.Max}})",
	MsgNoFields:        "a format needs at least one field",
	MsgParityType:      "type must be even or odd",
	MsgParityOutside:   "parity bit {{.Bit}} is outside the {{.Length}}-bit length",
	MsgParityOwn:       "covers its own parity bit {{.Bit}}",
	MsgParityLater:     "covers bit {{.Bit}}, the parity bit of check #{{.Check}}, which is computed later; list that check first",
	MsgUnaccounted:     "no field or parity check uses them; add them to a field or list them as unused",
	MsgNameRequired:    "is required",
	MsgNameLong:        "must be at most {{.Max}} characters of text",
	MsgNameLine:        "must be a single line without control characters",
	MsgWiegandLength:   "{{.Length}}: a Wiegand format has {{.Min}}–{{.Max}} bits",
	MsgCSNLength:       "{{.Length}}: a CSN format has whole bytes, 8–{{.Max}} bits",
	MsgKind:            `"{{.Value}}": must be wiegand or csn`,
	MsgCSNFields:       `a CSN format has exactly one field, "csn", over bits 0-{{.Last}}`,
	MsgCSNParity:       "a CSN format has no parity",
	MsgMaskEmpty:       "mask is empty",
	MsgMaskOutside:     "bits {{.Bits}} are outside 0-{{.Last}}",
	MsgMaskOutsideOne:  "bit {{.Bits}} is outside 0-{{.Last}}",
	MsgMaskRepeated:    "bits {{.Bits}} are listed more than once",
	MsgMaskRepeatedOne: "bit {{.Bits}} is listed more than once",
	MsgMaskTaken:       "bits {{.Bits}} are already used by {{.Holder}}",
	MsgMaskTakenOne:    "bit {{.Bits}} is already used by {{.Holder}}",
	MsgFileKind:        `"{{.Value}}": format files hold wiegand formats only`,
	MsgFileParityType:  `type "{{.Value}}": must be even or odd`,
	MsgMaskIsEmpty:     "is empty",
	MsgMaskEmptyItem:   "has an empty item between commas",
	MsgMaskBackwards:   "range {{.Range}} runs backwards; write {{.Low}}-{{.High}} or list the bits one by one",
	MsgMaskTwice:       "bit {{.Bit}} appears more than once",
	MsgMaskHalfRange:   "a range needs a number on both sides of -",
	MsgMaskNotNumber:   "{{.Text}} is not a bit position (0, 1, 2, ...)",
	MsgMaskPastMax:     "bit {{.Text}} is past the {{.Max}}-bit maximum",
}

var problemTexts = NewMessages(ProblemMessages)

// problem is a Problem with a message id, its data and the English text.
func problem(item string, mask []int, id string, data map[string]any) Problem {
	p := Problem{Item: item, ID: id, Data: data, Msg: problemTexts.English(id, data)}
	if mask != nil {
		p.Mask = FormatMask(mask)
	}
	return p
}

// Messages are the English texts of message ids, as templates in the go-i18n
// syntax of the UI's translation files. cardformat, badge and enroll each
// keep theirs; this is the one way they are filled in.
type Messages map[string]*template.Template

// NewMessages parses the English template of each message id. The texts
// are fixed in the source, so a bad one panics when the program starts.
func NewMessages(english map[string]string) Messages {
	m := make(Messages, len(english))
	for id, text := range english {
		m[id] = template.Must(template.New(id).Option("missingkey=zero").Parse(text))
	}
	return m
}

// English is message id filled in with data. An id without a template, or
// data its template cannot take, comes out as the id: a message is never
// lost, only left untranslated.
func (m Messages) English(id string, data map[string]any) string {
	t, ok := m[id]
	if !ok {
		return id
	}
	var b strings.Builder
	if err := t.Execute(&b, data); err != nil {
		return id
	}
	return b.String()
}

// oneOrMany picks the message id for one bit or several.
func oneOrMany(ps []int, one, many string) string {
	if len(ps) == 1 {
		return one
	}
	return many
}
