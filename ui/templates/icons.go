package templates

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"github.com/carddesk/carddesk/badge"
)

// The designer's tool icons: Fyne's theme has none for shapes and codes.
// Drawn black on a 24×24 grid; the theme recolours them.
func icon(name, body string) fyne.Resource {
	svg := `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" width="24" height="24">` + body + `</svg>`
	return theme.NewThemedResource(fyne.NewStaticResource(name+".svg", []byte(svg)))
}

var (
	iconSelect   = icon("select", `<path fill="#000000" d="M5 3l13 9.5-5.6 1 3.3 6.7-2.4 1.2-3.3-6.7L5 19z"/>`)
	iconText     = icon("text", `<path fill="#000000" d="M4 4h16v4h-2V6h-5v12h2.5v2h-7v-2H11V6H6v2H4z"/>`)
	iconRect     = icon("rect", `<path fill="#000000" d="M3 6h18v12H3zm2 2v8h14V8z"/>`)
	iconEllipse  = icon("ellipse", `<path fill="#000000" d="M12 5c5 0 9 3.1 9 7s-4 7-9 7-9-3.1-9-7 4-7 9-7zm0 2c-3.9 0-7 2.2-7 5s3.1 5 7 5 7-2.2 7-5-3.1-5-7-5z"/>`)
	iconImage    = icon("image", `<path fill="#000000" d="M3 5h18v14H3zm2 2v8.6l4-4.1 3 3 2.5-2.5L19 16.5V7zm9.5 1.5a1.5 1.5 0 1 1 0 3a1.5 1.5 0 0 1 0-3z"/>`)
	iconBarcode  = icon("barcode", `<path fill="#000000" d="M3 5h2v14H3zm3 0h1v14H6zm2 0h2v14H8zm3 0h1v14h-1zm3 0h2v14h-2zm3 0h1v14h-1zm2 0h2v14h-2z"/>`)
	iconPhoto    = icon("photo", `<path fill="#000000" d="M4 3h16v18H4zm2 2v14h1.2c.6-2.7 2.5-4.3 4.8-4.3s4.2 1.6 4.8 4.3H18V5zm6 2.5a3 3 0 1 1 0 6a3 3 0 0 1 0-6z"/>`)
	iconForward  = icon("forward", `<path fill="#000000" d="M9 3h12v12H9zM3 9h4v2H5v8h8v-2h2v4H3z"/>`)
	iconBackward = icon("backward", `<path fill="#000000" d="M3 3h12v4h-2V5H5v8h2v2H3zm6 6h12v12H9zm2 2v8h8v-8z"/>`)
	iconActual   = icon("actual", `<path fill="#000000" d="M3 5h18v14H3zm2 2v10h14V7zm2.5 2H10v6H8.5v-4.5h-1zm4.5 1.5h1.5V12H12zm0 2.5h1.5v1.5H12zm2.5-4H17v6h-1.5v-4.5h-1z"/>`)
)

// typeIcon is the icon of an element type in the element list.
func typeIcon(typ string) fyne.Resource {
	switch typ {
	case badge.TypeText:
		return iconText
	case badge.TypeRect:
		return iconRect
	case badge.TypeEllipse:
		return iconEllipse
	case badge.TypeImage:
		return iconImage
	case badge.TypeBarcode:
		return iconBarcode
	case badge.TypePhoto:
		return iconPhoto
	}
	return theme.QuestionIcon()
}
