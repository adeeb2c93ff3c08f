package badge

import (
	"io"
	"strconv"
	"testing"
)

// benchTemplate: photo + QR + three text lines, the badge of the README's
// benchmark table.
func benchTemplate(b testing.TB) *Template {
	t, err := Parse("bench.json", []byte(benchJSON))
	if err != nil {
		b.Fatal(err)
	}
	return t
}

const benchJSON = `{"format": "carddesk-badge", "version": 1, "name": "Bench",
 "size": "cr80", "orientation": "landscape", "front": {"elements": [
   {"type": "photo", "x": 4, "y": 6, "w": 24, "h": 32, "fit": "fill"},
   {"type": "text", "x": 32, "y": 8, "w": 50, "h": 7, "text": "{full_name}", "font_size": 11, "bold": true, "shrink": true},
   {"type": "text", "x": 32, "y": 16, "w": 50, "h": 5, "text": "{department}", "font_size": 8},
   {"type": "text", "x": 32, "y": 22, "w": 28, "h": 5, "text": "{email}", "font_size": 7, "shrink": true},
   {"type": "barcode", "x": 62, "y": 30, "w": 20, "h": 20, "symbology": "qr", "value": "{card_number}"}]}}`

// benchBadges are n cardholders, each with a photo of their own (the same
// picture, made distinct by a JPEG comment, so each is embedded).
func benchBadges(n int) []Badge {
	photo := testPhoto()
	out := make([]Badge, n)
	for i := range out {
		id := strconv.Itoa(100000 + i)
		com := []byte("\xff\xfe\x00\x08" + id) // COM segment, length 2+6
		p := append(append(append([]byte{}, photo[:2]...), com...), photo[2:]...)
		out[i] = Badge{Values: Values{"full_name": "Zofia Dąbrowska-" + id, "department": "Security Operations",
			"email": "z.dabrowska" + id + "@example.com", "card_number": id}, Photo: p}
	}
	return out
}

// BenchmarkPDF: one op is a PDF of 1,000 badges.
func BenchmarkPDF(b *testing.B) {
	t := benchTemplate(b)
	badges := benchBadges(1000)
	for b.Loop() {
		if err := WritePDF(io.Discard, t, badges); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*len(badges))/b.Elapsed().Seconds(), "badges/s")
}

// BenchmarkRender600: one side at 600 dpi, the preview's worst case.
func BenchmarkRender600(b *testing.B) {
	t := benchTemplate(b)
	badge := benchBadges(1)[0]
	for b.Loop() {
		if _, err := Render(t, Front, badge, 600); err != nil {
			b.Fatal(err)
		}
	}
}
