// Package fonts holds the font files compiled into the CardDesk binary for
// printed badges: Noto Sans regular, bold, italic and bold italic (SIL Open
// Font License 1.1, LICENSE.txt). It is a package of its own, without Fyne,
// so the badge engine can use the same files for PDF and raster output.
package fonts

import "embed"

// Files of the fonts, by name.
const (
	Regular    = "NotoSans-Regular.ttf"
	Bold       = "NotoSans-Bold.ttf"
	Italic     = "NotoSans-Italic.ttf"
	BoldItalic = "NotoSans-BoldItalic.ttf"
	License    = "LICENSE.txt"
)

// FS holds the font files and their licence.
//
//go:embed *.ttf LICENSE.txt
var FS embed.FS
