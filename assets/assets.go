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

// Icon is the application icon, a 512x512 PNG (regenerate with scripts/make-icon.sh).
func Icon() fyne.Resource {
	return fyne.NewStaticResource("icon.png", iconPNG)
}

// Templates holds the default badge templates, templates/<name>.json;
// new and migrated stations start with them.
var Templates = templates.FS

// Translations holds translations/<lang>.json, one file per UI language.
//
//go:embed translations
var Translations embed.FS
