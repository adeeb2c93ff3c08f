// Package assets holds the files compiled into the CardDesk binary: the app
// icon, the UI translations and the default badge templates.
package assets

import (
	"embed"

	"fyne.io/fyne/v2"

	"github.com/carddesk/carddesk/assets/templates"
)

//go:embed icon.png
var iconPNG []byte

//go:embed mark.png
var markPNG []byte

// Icon is the application icon, a 512x512 PNG (regenerate with scripts/make-icon.sh).
func Icon() fyne.Resource {
	return fyne.NewStaticResource("icon.png", iconPNG)
}

// Mark is the icon at 144x144 for drawing inside a window (the sign-in
// brand, the top bar): a window keeps each image it draws decoded, and the
// full icon decodes to 1 MB where this takes 81 KB.
func Mark() fyne.Resource {
	return fyne.NewStaticResource("mark.png", markPNG)
}

// Templates holds the default badge templates, templates/<name>.json;
// new and migrated stations start with them.
var Templates = templates.FS

// Translations holds translations/<lang>.json, one file per UI language.
//
//go:embed translations
var Translations embed.FS
