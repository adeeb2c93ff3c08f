package ui

import (
	"fmt"

	"fyne.io/fyne/v2/lang"

	"github.com/carddesk/carddesk/assets"
)

// translationsDir is the folder inside assets.Translations holding <lang>.json.
const translationsDir = "translations"

// LoadTranslations registers assets.Translations with fyne's lang package.
func LoadTranslations() error {
	if err := lang.AddTranslationsFS(assets.Translations, translationsDir); err != nil {
		return fmt.Errorf("loading UI translations: %w", err)
	}
	return nil
}
