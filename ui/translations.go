package ui

import (
	"fmt"
	"io/fs"
	"path"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"golang.org/x/text/language"

	"github.com/carddesk/carddesk/assets"
)

// translationsDir is the folder inside assets.Translations holding <lang>.json.
const translationsDir = "translations"

// LoadTranslations registers the UI texts in English, the language every
// text falls back to, and in the operator's language when a file matches
// it. Parsing costs start time and each parsed message stays in memory, so
// the other languages are left alone: each file holds every key
// (TestTranslationFilesHaveTheSameKeys), and one process shows one language.
func LoadTranslations() error {
	return loadTranslations(assets.Translations, lang.SystemLocale())
}

func loadTranslations(files fs.FS, user fyne.Locale) error {
	names, err := translationsFor(files, user)
	if err != nil {
		return fmt.Errorf("loading UI translations: %w", err)
	}
	for _, name := range names {
		data, err := fs.ReadFile(files, path.Join(translationsDir, name))
		if err == nil {
			err = lang.AddTranslations(fyne.NewStaticResource(name, data))
		}
		if err != nil {
			return fmt.Errorf("loading UI translations from %s: %w", name, err)
		}
	}
	return nil
}

// translationsFor names the files to load for the user's locale: en.json,
// then the closest other language's file, if one matches at all.
func translationsFor(files fs.FS, user fyne.Locale) ([]string, error) {
	entries, err := fs.ReadDir(files, translationsDir)
	if err != nil {
		return nil, err
	}
	tags := []language.Tag{language.English}
	names := []string{"en.json"}
	for _, e := range entries {
		base, ok := strings.CutSuffix(e.Name(), ".json")
		if !ok || base == "en" {
			continue
		}
		tag, err := language.Parse(base)
		if err != nil {
			return nil, fmt.Errorf("%s: the name is not a language: %w", e.Name(), err)
		}
		tags, names = append(tags, tag), append(names, e.Name())
	}
	want, err := language.Parse(user.String())
	if err != nil {
		return names[:1], nil // an unreadable locale reads as English, as in fyne
	}
	_, i, conf := language.NewMatcher(tags).Match(want)
	if i == 0 || conf == language.No {
		return names[:1], nil
	}
	return []string{names[0], names[i]}, nil
}
