package formats

import (
	"image/color"

	"fyne.io/fyne/v2/theme"

	"github.com/carddesk/carddesk/cardformat"
)

// fieldPalette gives each field its own colour, in field order. The
// colours are mid-dark so white digits read on them in both the light and
// the dark theme, and none is the yellow/orange of parity or the red of a
// problem.
var fieldPalette = []color.NRGBA{
	{0x2f, 0x6f, 0xd0, 0xff}, // blue
	{0x2e, 0x9d, 0x57, 0xff}, // green
	{0x8e, 0x4f, 0xc9, 0xff}, // purple
	{0x15, 0x91, 0x8f, 0xff}, // teal
	{0xc2, 0x41, 0x7d, 0xff}, // pink
	{0x6f, 0x80, 0x1a, 0xff}, // olive
	{0x99, 0x60, 0x3a, 0xff}, // brown
	{0x51, 0x56, 0xc8, 0xff}, // indigo
	{0x2a, 0x8f, 0xc0, 0xff}, // cyan
	{0xa0, 0x46, 0x8f, 0xff}, // plum
}

var (
	evenParityColour = color.NRGBA{0xe0, 0xb0, 0x20, 0xff} // gold
	oddParityColour  = color.NRGBA{0xe8, 0x80, 0x30, 0xff} // orange
	unusedColour     = color.NRGBA{0x80, 0x80, 0x80, 0xff}
	conflictColour   = color.NRGBA{0xd3, 0x2f, 0x2f, 0xff}
	// problemColour outlines unassigned bits and failed parity checks.
	problemColour = color.NRGBA{0xe5, 0x39, 0x35, 0xff}
)

func fieldColour(i int) color.NRGBA { return fieldPalette[i%len(fieldPalette)] }

func parityColour(t cardformat.ParityType) color.NRGBA {
	if t == cardformat.Odd {
		return oddParityColour
	}
	return evenParityColour
}

// bitColour is the fill of a bit's cell; ok is false for an unassigned bit,
// which is drawn as an outline only.
func bitColour(f cardformat.Format, b bitInfo) (c color.NRGBA, ok bool) {
	switch {
	case b.unaccounted():
		return color.NRGBA{}, false
	case b.conflict():
		return conflictColour, true
	}
	o := b.owners[0]
	switch o.kind {
	case ownField:
		return fieldColour(o.index), true
	case ownParity:
		return parityColour(f.Parity[o.index].Type), true
	}
	return unusedColour, true
}

// textOn picks black or white, whichever reads better on fill.
func textOn(fill color.NRGBA) color.Color {
	lum := 0.299*float64(fill.R) + 0.587*float64(fill.G) + 0.114*float64(fill.B)
	if lum > 150 {
		return color.NRGBA{0x1a, 0x1a, 0x1a, 0xff}
	}
	return color.White
}

// foreground is the theme's text colour, for cells without a fill.
func foreground() color.Color { return theme.Color(theme.ColorNameForeground) }
