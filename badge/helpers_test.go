package badge

import (
	"bytes"
	"encoding/base64"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"math"
	"strings"
)

// testPhoto is a portrait photo-like JPEG: a graded background, a head and
// shoulders with soft shading, 480 × 600.
func testPhoto() []byte {
	const w, h = 480, 600
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			t := float64(y) / h
			c := color.RGBA{uint8(150 + 40*t), uint8(175 + 30*t), uint8(200 + 20*t), 255}
			// head
			dx, dy := float64(x-w/2)/95, float64(y-230)/120
			if d := dx*dx + dy*dy; d < 1 {
				s := 1 - 0.25*d
				c = color.RGBA{uint8(224 * s), uint8(180 * s), uint8(150 * s), 255}
			}
			// hair
			hx, hy := float64(x-w/2)/100, float64(y-175)/80
			if hx*hx+hy*hy < 1 && y < 200 {
				c = color.RGBA{70, 50, 40, 255}
			}
			// shoulders
			sx, sy := float64(x-w/2)/230, float64(y-h-40)/250
			if sx*sx+sy*sy < 1 {
				v := uint8(50 + 30*math.Abs(sx))
				c = color.RGBA{v, v + 10, uint8(int(v) + 60), 255}
			}
			img.SetRGBA(x, y, c)
		}
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 85}); err != nil {
		panic(err)
	}
	return b.Bytes()
}

// testLogo is a small PNG logo with transparency, as base64.
func testLogo() string {
	const w, h = 200, 50
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			dx, dy := float64(x-25), float64(y-25)
			switch {
			case dx*dx+dy*dy < 22*22 && dx*dx+dy*dy > 12*12:
				img.SetNRGBA(x, y, color.NRGBA{0x0b, 0x5c, 0xad, 255})
			case x > 55 && x < 195 && y > 14 && y < 36 && (x/14)%2 == 0:
				img.SetNRGBA(x, y, color.NRGBA{0x33, 0x33, 0x33, 255})
			}
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		panic(err)
	}
	return base64.StdEncoding.EncodeToString(b.Bytes())
}

// employeeJSON is the Employee template of the spec's example, with a
// logo and a back side.
func employeeJSON() string {
	return strings.ReplaceAll(`{"format": "carddesk-badge", "version": 1, "name": "Employee",
 "size": "cr80", "orientation": "landscape",
 "front": {"background": "#ffffff", "elements": [
   {"type": "rect",    "x": 0,  "y": 0,  "w": 85.6, "h": 4, "fill": "#0b5cad"},
   {"type": "photo",   "x": 4,  "y": 8,  "w": 24, "h": 30, "fit": "fill"},
   {"type": "text",    "x": 32, "y": 8,  "w": 40, "h": 7,  "text": "{first_name} {last_name}",
    "font_size": 11, "bold": true, "align": "left", "color": "#000000", "shrink": true},
   {"type": "text",    "x": 32, "y": 16, "w": 40, "h": 5,  "text": "{department}", "font_size": 8},
   {"type": "text",    "x": 32, "y": 21, "w": 28, "h": 5,  "text": "Card {card_number}", "font_size": 7, "color": "#555555"},
   {"type": "barcode", "x": 62, "y": 24, "w": 20, "h": 20, "symbology": "qr", "value": "{card_number}"},
   {"type": "image",   "x": 4,  "y": 41, "w": 24, "h": 6, "png_base64": "LOGO", "fit": "contain"},
   {"type": "rect",    "x": 0,  "y": 48, "w": 85.6, "h": 5.98, "fill": "#0b5cad", "stroke": "", "radius": 0},
   {"type": "text",    "x": 4,  "y": 48.5, "w": 77.6, "h": 5, "text": "ACME Facilities", "font_size": 8, "bold": true, "color": "#ffffff", "align": "right"},
   {"type": "ellipse", "x": 75, "y": 8,  "w": 7, "h": 7, "fill": "#ffcc00", "stroke": "#0b5cad"}]},
 "back": {"elements": [
   {"type": "text", "x": 5, "y": 5, "w": 75.6, "h": 14, "text": "If found, please return this card to ACME Facilities, Main Street 1, Utrecht.", "font_size": 8, "align": "center"},
   {"type": "barcode", "x": 8, "y": 24, "w": 69.6, "h": 12, "symbology": "code128", "value": "{card_number}"},
   {"type": "rect", "x": 5, "y": 40, "w": 75.6, "h": 9, "radius": 2, "stroke": "#000000"},
   {"type": "text", "x": 7, "y": 42, "w": 71.6, "h": 5, "text": "Valid from {today}", "font_size": 7, "italic": true}]}}`,
		"LOGO", testLogo())
}

func testValues() Values {
	return Values{"first_name": "Zofia", "last_name": "Dąbrowska", "department": "Security Operations",
		"card_number": "100234", "cardholder_id": "42", "today": "2026-12-06"}
}
