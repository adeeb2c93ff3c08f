package badge

import (
	"errors"
	"image/color"
	"math"
	"strings"

	"github.com/boombuler/barcode"
	"github.com/boombuler/barcode/code128"
	"github.com/boombuler/barcode/code39"
	"github.com/boombuler/barcode/datamatrix"
	"github.com/boombuler/barcode/pdf417"
	"github.com/boombuler/barcode/qr"
)

var errNotImage = errors.New("badge: not a PNG or JPEG image")

// symbol is how a symbology is laid out in its box: the quiet zone around
// the code (in modules, inside the box) and the smallest module that still
// scans from a card printed at 300 dpi.
type symbol struct {
	name      string // for messages
	linear    bool   // bars over the box's height
	quiet     int    // modules each side
	minModule float64
	minHeight float64 // linear codes: the bars' least height, mm
}

var symbols = map[string]symbol{
	"code128":    {name: "Code 128", linear: true, quiet: 10, minModule: 0.19, minHeight: 4},
	"code39":     {name: "Code 39", linear: true, quiet: 10, minModule: 0.19, minHeight: 4},
	"qr":         {name: "QR", quiet: 4, minModule: 0.25},
	"datamatrix": {name: "Data Matrix", quiet: 1, minModule: 0.25},
	"pdf417":     {name: "PDF417", quiet: 2, minModule: 0.19},
}

// mmRect is a rectangle in millimetres.
type mmRect struct{ x, y, w, h float64 }

// barcodeModules lays out the dark modules of e's code of value, as rows of
// merged runs in millimetres on the card; a code that cannot hold value or
// does not fit the box at a scannable module size is a Problem.
func barcodeModules(e *Element, value string) ([]mmRect, *Problem) {
	sym := symbols[e.Symbology]
	code, err := encodeBarcode(e.Symbology, value)
	if err != nil {
		p := problem("", 0, "value", MsgBarcodeValue, map[string]any{"Symbology": sym.name, "Value": shorten(value)})
		return nil, &p
	}
	b := code.Bounds()
	nx, ny := b.Dx(), b.Dy()
	var m, ox, oy, bar float64
	if sym.linear {
		m = e.W / float64(nx+2*sym.quiet)
		ox, oy, bar = e.X+float64(sym.quiet)*m, e.Y, e.H
		if m < sym.minModule || e.H < sym.minHeight {
			p := problem("", 0, "w", MsgBarcodeFit, map[string]any{"Symbology": sym.name, "Value": shorten(value),
				"NeedW": needMM(float64(nx+2*sym.quiet) * sym.minModule), "NeedH": num(sym.minHeight),
				"W": num(e.W), "H": num(e.H)})
			return nil, &p
		}
	} else {
		m = min(e.W/float64(nx+2*sym.quiet), e.H/float64(ny+2*sym.quiet))
		if m < sym.minModule {
			p := problem("", 0, "w", MsgBarcodeFit, map[string]any{"Symbology": sym.name, "Value": shorten(value),
				"NeedW": needMM(float64(nx+2*sym.quiet) * sym.minModule),
				"NeedH": needMM(float64(ny+2*sym.quiet) * sym.minModule),
				"W":     num(e.W), "H": num(e.H)})
			return nil, &p
		}
		ox = e.X + (e.W-float64(nx)*m)/2
		oy = e.Y + (e.H-float64(ny)*m)/2
		bar = m
	}
	var rects []mmRect
	rows := ny
	if sym.linear {
		rows = 1
	}
	for y := 0; y < rows; y++ {
		for x := 0; x < nx; {
			if !dark(code.At(b.Min.X+x, b.Min.Y+y)) {
				x++
				continue
			}
			run := 1
			for x+run < nx && dark(code.At(b.Min.X+x+run, b.Min.Y+y)) {
				run++
			}
			rects = append(rects, mmRect{ox + float64(x)*m, oy + float64(y)*bar, float64(run) * m, bar})
			x += run
		}
	}
	return rects, nil
}

func dark(c color.Color) bool {
	r, g, b, _ := c.RGBA()
	return r+g+b < 3*0x8000
}

func encodeBarcode(symbology, value string) (code barcode.Barcode, err error) {
	defer func() {
		if recover() != nil {
			code, err = nil, errors.New("badge: the barcode library failed on this value")
		}
	}()
	switch symbology {
	case "code128":
		return code128.Encode(value)
	case "code39":
		// Full ASCII only when the value needs it: most scanners read the
		// plain set without setup.
		plain := strings.Trim(value, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-. $/+%") == ""
		return code39.Encode(value, false, !plain)
	case "qr":
		return qr.Encode(value, qr.M, qr.Auto)
	case "datamatrix":
		return datamatrix.Encode(value)
	case "pdf417":
		return pdf417.Encode(value, 2)
	}
	return nil, errors.New("badge: unknown symbology " + symbology)
}

// shorten keeps a value short enough for a message.
func shorten(s string) string {
	if r := []rune(s); len(r) > 40 {
		return string(r[:39]) + "…"
	}
	return s
}

// needMM writes a least size for a message, rounded up to 0.01 mm.
func needMM(v float64) string { return num(math.Ceil(v*100-1e-6) / 100) }
