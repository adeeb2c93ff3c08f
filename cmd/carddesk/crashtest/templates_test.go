package crashtest

import (
	"bytes"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"image"
	"image/color"
	"image/png"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
)

const crashTemplate = "Crash test badge"

// writeTemplateFile writes a valid badge template with a logo of noise
// (a few hundred kB that does not compress), so that storing it is real
// work for the database.
func writeTemplateFile(t *testing.T) string {
	t.Helper()
	img := image.NewNRGBA(image.Rect(0, 0, 320, 200))
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range img.Pix {
		img.Pix[i] = uint8(rng.UintN(256))
	}
	img.Set(0, 0, color.NRGBA{A: 255})
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	tm := map[string]any{"format": "carddesk-badge", "version": 1, "name": crashTemplate, "size": "cr80",
		"orientation": "landscape", "front": map[string]any{"background": "#ffffff", "elements": []map[string]any{
			{"type": "rect", "x": 0, "y": 0, "w": 85.6, "h": 10, "fill": "#2a7a3b"},
			{"type": "image", "x": 4, "y": 41, "w": 24, "h": 6, "fit": "contain",
				"png_base64": base64.StdEncoding.EncodeToString(buf.Bytes())},
			{"type": "text", "x": 4, "y": 14, "w": 60, "h": 8, "text": "{full_name}", "font_size": 12, "bold": true},
			{"type": "photo", "x": 60, "y": 14, "w": 20, "h": 26, "fit": "fill"},
		}}}
	data, err := json.Marshal(tm)
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "badge.json")
	if err := os.WriteFile(p, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// testTemplateImport: templates import stores the template and its audit
// event in one transaction; a stored template is the whole file.
func testTemplateImport(t *testing.T) {
	args := []string{"templates", "import", writeTemplateFile(t)}
	var whole string // the template as the unkilled run stored it
	type state struct {
		rows, events int
		json         string
	}
	read := func(s *station) (st state) {
		inspect(t, s, func(db *sql.DB) {
			st.rows = count(t, db, "SELECT count(*) FROM badge_templates WHERE name = ?", crashTemplate)
			st.events = audited(t, db, "template.import")
			if st.rows == 1 {
				if err := db.QueryRow("SELECT json FROM badge_templates WHERE name = ?", crashTemplate).Scan(&st.json); err != nil {
					t.Fatal(err)
				}
			}
		})
		return st
	}
	complete := func(st state) bool {
		if whole == "" && st.rows == 1 && st.events == 1 && json.Valid([]byte(st.json)) {
			whole = st.json
		}
		return st.rows == 1 && st.events == 1 && st.json == whole
	}
	scenario{
		name: "template", seed: 0x4000, iterations: 12, short: 4, whole: "change present",
		base: newStation(t), args: args,
		check: func(t *testing.T, s *station, k killed) string {
			switch st := read(s); {
			case complete(st):
				return "change present"
			case st == state{}:
				s.must(args...)
				if st := read(s); !complete(st) {
					t.Fatalf("importing again after %s left %d templates (%d bytes) and %d events", k, st.rows, len(st.json), st.events)
				}
				return "change absent, imported by a second run"
			default:
				t.Fatalf("after %s: %d templates named %q (%d bytes of %d) and %d import events; want the whole template and 1 event, or nothing",
					k, st.rows, crashTemplate, len(st.json), len(whole), st.events)
			}
			return ""
		},
	}.run(t)
}
