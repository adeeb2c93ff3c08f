// Package assets holds the files compiled into the CardDesk binary: the app
// icon and the UI translations.
package assets

import (
	"embed"

	"fyne.io/fyne/v2"
)

//go:embed icon.png
var iconPNG []byte

// Icon is the application icon, a 512x512 PNG (regenerate with scripts/make-icon.sh).
func Icon() fyne.Resource {
	return fyne.NewStaticResource("icon.png", iconPNG)
}

// Translations holds translations/<lang>.json, one file per UI language.
//
//go:embed translations
var Translations embed.FS
