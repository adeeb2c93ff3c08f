package templates

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/carddesk/carddesk/badge"
)

// CR80 is the card's size in millimetres, landscape.
const cr80W, cr80H = 85.6, 53.98

// snapMM is the grid a dragged box snaps to.
const snapMM = 0.5

// safeMM is how far inside the edge the safe zone runs: card printers may
// shift the image by about this much.
const safeMM = 1.0

// cardSize is the side's width and height in mm as the orientation puts
// them; it does not need the badge engine.
func cardSize(t *badge.Template) (float64, float64) {
	if t.Orientation == badge.Portrait {
		return cr80H, cr80W
	}
	return cr80W, cr80H
}

// newTemplate is what New starts from: a one-sided landscape card with a
// name, a photo and a band, so the designer never opens on a blank card.
func newTemplate(name string) *badge.Template {
	return &badge.Template{
		Format: badge.FormatName, Version: badge.Version, Name: name,
		Size: badge.SizeCR80, Orientation: badge.Landscape,
		Front: badge.Side{Background: "#ffffff", Elements: []badge.Element{
			{Type: badge.TypePhoto, X: 4, Y: 6, W: 24, H: 32, Fit: "fill"},
			{Type: badge.TypeText, X: 32, Y: 8, W: 50, H: 7, Text: "{full_name}", FontSize: 11, Bold: true,
				Align: "left", Color: "#000000", Shrink: true},
			{Type: badge.TypeText, X: 32, Y: 16, W: 50, H: 5, Text: "{department}", FontSize: 8,
				Align: "left", Color: "#000000", Shrink: true},
			{Type: badge.TypeRect, X: 0, Y: 48, W: 85.6, H: 5.98, Fill: "#0b5cad"},
		}},
	}
}

// newElement is an element of type typ in the middle of a w×h side.
func newElement(typ string, w, h float64) badge.Element {
	e := badge.Element{Type: typ}
	switch typ {
	case badge.TypeText:
		e.W, e.H, e.Text, e.FontSize, e.Align, e.Color, e.Shrink = 40, 6, "{full_name}", 10, "left", "#000000", true
	case badge.TypeRect:
		e.W, e.H, e.Fill, e.Stroke = 30, 15, "#0b5cad", ""
	case badge.TypeEllipse:
		e.W, e.H, e.Fill = 15, 15, "#ffcc00"
	case badge.TypeBarcode:
		e.W, e.H, e.Symbology, e.Value = 20, 20, "qr", "{card_number}"
	case badge.TypePhoto:
		e.W, e.H, e.Fit = 24, 32, "fill"
	case badge.TypeImage:
		e.W, e.H, e.Fit = 20, 10, "contain"
	}
	e.W, e.H = min(e.W, w), min(e.H, h)
	e.X, e.Y = snap((w-e.W)/2), snap((h-e.H)/2)
	return e
}

// snap rounds mm to the snapping grid.
func snap(mm float64) float64 { return math.Round(mm/snapMM) * snapMM }

// round2 keeps typed and dragged lengths to hundredths of a millimetre.
func round2(mm float64) float64 { return math.Round(mm*100) / 100 }

// formatMM writes a length the way it is typed: "4", "5.98".
func formatMM(mm float64) string { return strconv.FormatFloat(round2(mm), 'f', -1, 64) }

// parseNumber reads a typed number; a decimal comma is taken as a point.
func parseNumber(s string) (float64, bool) {
	s = strings.TrimSpace(strings.ReplaceAll(s, ",", "."))
	s = strings.TrimSpace(strings.TrimSuffix(s, "mm"))
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, false
	}
	return v, true
}

// validColour reports whether s is #rrggbb (or empty when empty is allowed).
func validColour(s string, emptyOK bool) bool {
	if s == "" {
		return emptyOK
	}
	if len(s) != 7 || s[0] != '#' {
		return false
	}
	for _, r := range s[1:] {
		if !strings.ContainsRune("0123456789abcdefABCDEF", r) {
			return false
		}
	}
	return true
}

// sampleBadge fills the preview until a cardholder is chosen.
func sampleBadge() badge.Badge {
	return badge.Badge{Values: badge.Values{
		"first_name": "Alex", "last_name": "Jansen", "full_name": "Alex Jansen",
		"department": "Facilities", "email": "alex.jansen@example.com", "external_id": "E-1024",
		"cardholder_id": "1024", "card_number": "12345", "facility": "42", "format": "h10301",
		"credential_hex": "0252C0F3", "today": time.Now().Format("2006-01-02"),
	}}
}

// history is the designer's undo and redo: snapshots of the template.
type history struct {
	past, future []snapshot
	// lastKey coalesces a run of edits of one input (typing a number key
	// by key) into one undo step.
	lastKey string
}

type snapshot struct {
	tpl  *badge.Template
	side string
	sel  int
}

// limit keeps the undo stack from growing without end.
const historyLimit = 200

func (h *history) push(s snapshot, key string) {
	if key != "" && key == h.lastKey {
		return
	}
	h.lastKey = key
	h.past = append(h.past, s)
	if len(h.past) > historyLimit {
		h.past = slices.Delete(h.past, 0, len(h.past)-historyLimit)
	}
	h.future = nil
}

func (h *history) undo(now snapshot) (snapshot, bool) {
	return h.step(&h.past, &h.future, now)
}

func (h *history) redo(now snapshot) (snapshot, bool) {
	return h.step(&h.future, &h.past, now)
}

// step takes the newest snapshot off from and keeps now on to, so the
// step can be taken back.
func (h *history) step(from, to *[]snapshot, now snapshot) (snapshot, bool) {
	if len(*from) == 0 {
		return snapshot{}, false
	}
	s := (*from)[len(*from)-1]
	*from = (*from)[:len(*from)-1]
	*to = append(*to, now)
	h.lastKey = ""
	return s, true
}
