package assets

import (
	"bytes"
	"encoding/json"
	"image/png"
	"testing"

	"fyne.io/fyne/v2"
)

func TestIconAndMarkArePNGs(t *testing.T) {
	for _, tc := range []struct {
		res  fyne.Resource
		name string
		size int
	}{{Icon(), "icon.png", 512}, {Mark(), "mark.png", 144}} {
		if tc.res.Name() != tc.name {
			t.Errorf("Name() = %q, want %s", tc.res.Name(), tc.name)
		}
		cfg, err := png.DecodeConfig(bytes.NewReader(tc.res.Content()))
		if err != nil {
			t.Fatalf("%s is not a PNG: %v", tc.name, err)
		}
		if cfg.Width != tc.size || cfg.Height != tc.size {
			t.Errorf("%s is %dx%d, want %dx%d", tc.name, cfg.Width, cfg.Height, tc.size, tc.size)
		}
	}
}

func TestTranslationsAreJSONObjects(t *testing.T) {
	for _, lang := range []string{"en", "nl"} {
		data, err := Translations.ReadFile("translations/" + lang + ".json")
		if err != nil {
			t.Errorf("%s: %v", lang, err)
			continue
		}
		var m map[string]any
		if err := json.Unmarshal(data, &m); err != nil {
			t.Errorf("%s.json is not a JSON object: %v", lang, err)
		}
	}
}
