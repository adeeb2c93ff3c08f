package badge

import (
	"strconv"
	"strings"

	"github.com/carddesk/carddesk/cardformat"
)

// Problem is one thing wrong with a template, named so the designer can
// mark the input and every message can say where: Side "" and Element 0
// for the template itself, else the side and the 1-based element number;
// Key is the JSON key at fault ("x", "font_size", "text"...). ID and Data
// let the UI say it in the operator's language (go-i18n templates, as in
// cardformat/messages.go); Msg is the English.
type Problem struct {
	Side    string
	Element int
	Key     string
	ID      string
	Data    map[string]any
	Msg     string
}

// Where is the place of p as the messages write it: "front element 3",
// "back", or "" for the template itself.
func (p Problem) Where() string {
	switch {
	case p.Side != "" && p.Element > 0:
		return p.Side + " element " + strconv.Itoa(p.Element)
	case p.Side != "":
		return p.Side
	}
	return ""
}

// Error lists every problem of one template or file; File is "" when the
// template did not come from a file. Its text is one line per problem:
// "FILE: front element 3: reason".
type Error struct {
	File     string
	Problems []Problem
}

func (e *Error) Error() string {
	var b strings.Builder
	for i, p := range e.Problems {
		if i > 0 {
			b.WriteByte('\n')
		}
		if e.File != "" {
			b.WriteString(e.File)
			b.WriteString(": ")
		}
		if w := p.Where(); w != "" {
			b.WriteString(w)
			b.WriteString(": ")
		}
		b.WriteString(p.Msg)
	}
	return b.String()
}

// Message ids of problems. ProblemMessages has the English of each; the UI
// translation files have each id in every UI language.
const (
	MsgJSON          = "badge.problem.json"
	MsgUnknownKey    = "badge.problem.unknown_key"
	MsgNotUTF8       = "badge.problem.not_utf8"
	MsgNotObject     = "badge.problem.not_object"
	MsgWantObject    = "badge.problem.want_object"
	MsgWantString    = "badge.problem.want_string"
	MsgWantNumber    = "badge.problem.want_number"
	MsgWantInteger   = "badge.problem.want_integer"
	MsgWantBool      = "badge.problem.want_bool"
	MsgWantList      = "badge.problem.want_list"
	MsgFormat        = "badge.problem.format"
	MsgVersion       = "badge.problem.version"
	MsgNameRequired  = "badge.problem.name_required"
	MsgNameLine      = "badge.problem.name_line"
	MsgSize          = "badge.problem.size"
	MsgOrientation   = "badge.problem.orientation"
	MsgFrontMissing  = "badge.problem.front_missing"
	MsgType          = "badge.problem.type"
	MsgBoxEmpty      = "badge.problem.box_empty"
	MsgOutside       = "badge.problem.outside"
	MsgColor         = "badge.problem.color"
	MsgFontSize      = "badge.problem.font_size"
	MsgAlign         = "badge.problem.align"
	MsgFit           = "badge.problem.fit"
	MsgSymbology     = "badge.problem.symbology"
	MsgImageMissing  = "badge.problem.image_missing"
	MsgBase64        = "badge.problem.base64"
	MsgImageKind     = "badge.problem.image_kind"
	MsgImageSize     = "badge.problem.image_size"
	MsgRadius        = "badge.problem.radius"
	MsgValueEmpty    = "badge.problem.value_empty"
	MsgField         = "badge.problem.field"
	MsgBarcodeValue  = "badge.problem.barcode_value"
	MsgBarcodeFit    = "badge.problem.barcode_fit"
	MsgBarcodeMerged = "badge.problem.barcode_merged"
	MsgPhoto         = "badge.problem.photo"
	MsgSide          = "badge.problem.side"
	MsgNoBadges      = "badge.problem.no_badges"
)

// ProblemMessages maps each problem message id to its English template.
var ProblemMessages = map[string]string{
	MsgJSON:          "not a badge template file: {{.Reason}}",
	MsgUnknownKey:    `"{{.Key}}" is not a template key; use one of {{.Allowed}}`,
	MsgNotUTF8:       "the file is not UTF-8 text",
	MsgNotObject:     "the file holds no JSON object",
	MsgWantObject:    "must be a JSON object in braces {…}",
	MsgWantString:    "{{.Key}} must be text in quotes",
	MsgWantNumber:    "{{.Key}} must be a number",
	MsgWantInteger:   "{{.Key}} must be a whole number",
	MsgWantBool:      "{{.Key}} must be true or false",
	MsgWantList:      "{{.Key}} must be a list in brackets […]",
	MsgFormat:        `format "{{.Value}}" is not a badge template; it must be "{{.Want}}"`,
	MsgVersion:       "version {{.Value}} is not supported; this CardDesk reads version {{.Want}}",
	MsgNameRequired:  "the template needs a name",
	MsgNameLine:      "the name must be a single line of at most {{.Max}} characters",
	MsgSize:          `size "{{.Value}}" is not a card size; use {{.Allowed}}`,
	MsgOrientation:   `orientation "{{.Value}}": use landscape or portrait`,
	MsgFrontMissing:  "the template has no front",
	MsgType:          `type "{{.Value}}" is not an element type; use one of {{.Allowed}}`,
	MsgBoxEmpty:      "{{.Key}} is {{.Value}} mm; it must be more than 0",
	MsgOutside:       "the box (x {{.X}}, y {{.Y}}, {{.W}} × {{.H}} mm) reaches outside the {{.CardW}} × {{.CardH}} mm card",
	MsgColor:         `{{.Key}} "{{.Value}}" is not a colour; write #rrggbb, or "" for none`,
	MsgFontSize:      "font_size {{.Value}} is outside {{.Min}}–{{.Max}} pt",
	MsgAlign:         `align "{{.Value}}": use left, center or right`,
	MsgFit:           `fit "{{.Value}}": use fill or contain`,
	MsgSymbology:     `symbology "{{.Value}}": use one of {{.Allowed}}`,
	MsgImageMissing:  "an image needs its picture in png_base64",
	MsgBase64:        "png_base64 is not valid base64",
	MsgImageKind:     "png_base64 holds no PNG or JPEG image",
	MsgImageSize:     "the image is {{.Width}} × {{.Height}} pixels; use one of at most {{.Max}} million pixels",
	MsgRadius:        "radius {{.Value}} must be 0 or more",
	MsgValueEmpty:    "a barcode needs a value",
	MsgField:         "{{.Field}} is not a merge field; use one of {{.Allowed}}",
	MsgBarcodeValue:  `a {{.Symbology}} code cannot hold "{{.Value}}"`,
	MsgBarcodeFit:    `the {{.Symbology}} code of "{{.Value}}" needs a box of at least {{.NeedW}} × {{.NeedH}} mm to scan; the box is {{.W}} × {{.H}} mm`,
	MsgBarcodeMerged: "the barcode value {{.Value}} is empty for this cardholder",
	MsgPhoto:         "the photo is not a PNG or JPEG image",
	MsgSide:          `the template has no {{.Value}} side`,
	MsgNoBadges:      "there are no badges to print",
}

var problemTexts = cardformat.NewMessages(ProblemMessages)

// problem builds a Problem with its English text.
func problem(side string, element int, key, id string, data map[string]any) Problem {
	if data == nil {
		data = map[string]any{}
	}
	return Problem{Side: side, Element: element, Key: key, ID: id, Data: data, Msg: problemTexts.English(id, data)}
}

func itoaS(n int) string { return strconv.Itoa(n) }
