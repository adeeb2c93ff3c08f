package templates

import (
	"strings"

	"fyne.io/fyne/v2/lang"

	"github.com/carddesk/carddesk/badge"
	"github.com/carddesk/carddesk/ui/widgets"
)

// typeName is an element type as the operator reads it.
func typeName(typ string) string {
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

// elementSummary is an element's line in the element list.
func elementSummary(e badge.Element) string {
	switch e.Type {
	case badge.TypeText:
		return widgets.Shorten(strings.TrimSpace(e.Text), 40)
	case badge.TypeBarcode:
		return symbologyName(e.Symbology) + " " + e.Value
	case badge.TypeRect, badge.TypeEllipse:
		if e.Fill != "" {
			return typeName(e.Type) + " " + e.Fill
		}
	}
	return typeName(e.Type)
}

func alignName(a string) string {
	switch a {
	case "center":
		return lang.L("Centre")
	case "right":
		return lang.L("Right")
	}
	return lang.L("Left")
}

func fitName(f string) string {
	if f == "contain" {
		return lang.L("Whole image, letterboxed")
	}
	return lang.L("Fill the box, cropped")
}

func symbologyName(s string) string {
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

// mergeFieldName is a merge field as the picker offers it.
func mergeFieldName(f string) string {
	switch f {
	case "first_name":
		return lang.L("First name")
	case "last_name":
		return lang.L("Last name")
	case "full_name":
		return lang.L("Full name")
	case "department":
		return lang.L("Department")
	case "email":
		return lang.L("E-mail")
	case "external_id":
		return lang.L("External ID")
	case "cardholder_id":
		return lang.L("Cardholder number")
	case "card_number":
		return lang.L("Card number")
	case "facility":
		return lang.L("Facility code")
	case "format":
		return lang.L("Card format")
	case "credential_hex":
		return lang.L("Card bits (hex)")
	case "today":
		return lang.L("Today's date")
	}
	return f
}
