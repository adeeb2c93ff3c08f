package assets

import (
	"bytes"
	"encoding/json"
	"image/png"
	"testing"
)

func TestIconIs512PNG(t *testing.T) {
	res := Icon()
	if res.Name() != "icon.png" {
		t.Errorf("Name() = %q, want icon.png", res.Name())
	}
	cfg, err := png.DecodeConfig(bytes.NewReader(res.Content()))
	if err != nil {
		t.Fatalf("icon is not a PNG: %v", err)
	}
	if cfg.Width != 512 || cfg.Height != 512 {
		t.Errorf("icon is %dx%d, want 512x512", cfg.Width, cfg.Height)
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
