package words

import (
	"errors"
	"strings"

	"fyne.io/fyne/v2/lang"

	"github.com/carddesk/carddesk/badge"
	"github.com/carddesk/carddesk/enroll"
)

// explainBadge words the badge-template refusals: a template or template
// file with problems (every one, a line each) and the catalogue's.
func explainBadge(err error) (string, bool) {
	var (
		bad    *badge.Error
		exists *enroll.TemplateExistsError
		inUse  *enroll.TemplateInUseError
	)
	switch {
	case errors.As(err, &bad):
		return BadgeProblems(bad), true
	case errors.As(err, &exists):
		return lang.X("error.template.exists", "A badge template named {{.Name}} already exists. Choose another name.",
			map[string]any{"Name": exists.Name}), true
	case errors.As(err, &inUse):
		return lang.X("error.template.inuse", "The badge template {{.Name}} cannot be deleted: {{.N}} pending card requests use it. Give them another template first.",
			map[string]any{"Name": inUse.Name, "N": inUse.Requests}), true
	}
	return "", false
}

// BadgeProblems lists every problem of a template or template file, one
// a line, under a line that names the file when there is one.
func BadgeProblems(e *badge.Error) string {
	lines := make([]string, 0, len(e.Problems)+1)
	if e.File != "" {
		lines = append(lines, lang.X("error.template.file", "{{.File}} is not a badge template CardDesk can use:",
			map[string]any{"File": e.File}))
	} else {
		lines = append(lines, lang.L("The badge template is not valid:"))
	}
	for _, p := range e.Problems {
		lines = append(lines, "• "+BadgeProblemLine(p))
	}
	return strings.Join(lines, "\n")
}

// BadgeProblemLine is one problem with where it is: "front element 3: …".
func BadgeProblemLine(p badge.Problem) string {
	where := BadgeWhere(p)
	if where == "" {
		return BadgeProblem(p)
	}
	return lang.X("badge.problem.line", "{{.Where}}: {{.Problem}}",
		map[string]any{"Where": where, "Problem": BadgeProblem(p)})
}

// BadgeWhere names the part of a template a problem is about: "front
// element 3", "back", or "" for the template itself.
func BadgeWhere(p badge.Problem) string {
	side := BadgeSide(p.Side)
	switch {
	case p.Side == "":
		return ""
	case p.Element == 0:
		return side
	}
	return lang.X("badge.problem.element", "{{.Side}} element {{.N}}", map[string]any{"Side": side, "N": p.Element})
}

// BadgeSide names a side of the card in a sentence: "front", "back".
func BadgeSide(side string) string {
	switch side {
	case badge.Front:
		return lang.L("front")
	case badge.Back:
		return lang.L("back")
	}
	return side
}

// BadgeProblem is what is wrong, without where: for the designer, which
// shows it at the input it is about. The engine's message ids are
// translation keys; an id without one keeps the English.
func BadgeProblem(p badge.Problem) string {
	if p.ID == "" || strings.Contains(p.Msg, "{{") {
		return p.Msg
	}
	return lang.X(p.ID, p.Msg, p.Data)
}

// BadgeElement names a type of template element: "Text", "Barcode".
func BadgeElement(typ string) string {
	switch typ {
	case badge.TypeText:
		return lang.L("Text")
	case badge.TypePhoto:
		return lang.L("Photo")
	case badge.TypeImage:
		return lang.L("Image")
	case badge.TypeBarcode:
		return lang.L("Barcode")
	case badge.TypeRect:
		return lang.L("Rectangle")
	case badge.TypeEllipse:
		return lang.L("Ellipse")
	}
	return typ
}

// BadgeAlign names how a text element lines its text up.
func BadgeAlign(a string) string {
	switch a {
	case "center":
		return lang.L("Centre")
	case "right":
		return lang.L("Right")
	}
	return lang.L("Left")
}

// BadgeFit names how an image element fills its box.
func BadgeFit(f string) string {
	if f == "contain" {
		return lang.L("Whole image, letterboxed")
	}
	return lang.L("Fill the box, cropped")
}

// Symbology names a barcode kind by its trade name, in every language.
func Symbology(s string) string {
	switch s {
	case "code128":
		return "Code 128"
	case "code39":
		return "Code 39"
	case "qr":
		return "QR"
	case "pdf417":
		return "PDF417"
	case "datamatrix":
		return "Data Matrix"
	}
	return s
}

// MergeField names a merge field of a badge template as the designer offers
// it; the fields of a cardholder read as their inputs do.
func MergeField(f string) string {
	switch f {
	case "full_name":
		return lang.L("Full name")
	case "cardholder_id":
		return lang.L("Cardholder number")
	case "card_number":
		return lang.L("Card number")
	case "credential_hex":
		return lang.L("Card bits (hex)")
	case "today":
		return lang.L("Today's date")
	}
	return FieldName(f)
}
