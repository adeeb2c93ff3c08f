package badge

import (
	"bytes"
	"errors"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func writePDF(t *testing.T, tpl *Template, badges []Badge) string {
	t.Helper()
	var b bytes.Buffer
	if err := WritePDF(&b, tpl, badges); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "badges.pdf")
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func pdfInfo(t *testing.T, path string) (pages, size string) {
	out := run(t, "pdfinfo", path)
	if m := regexp.MustCompile(`(?m)^Pages:\s+(\d+)$`).FindStringSubmatch(out); m != nil {
		pages = m[1]
	}
	if m := regexp.MustCompile(`(?m)^Page size:\s+(.*?)\s*$`).FindStringSubmatch(out); m != nil {
		size = m[1]
	}
	return pages, size
}

// TestPDFPages: a page per side, exactly the card, front then back, badge
// after badge, with real text.
func TestPDFPages(t *testing.T) {
	tpl, err := Parse("employee.json", []byte(employeeJSON()))
	if err != nil {
		t.Fatal(err)
	}
	photo := testPhoto()
	other := testValues()
	other["first_name"], other["last_name"], other["card_number"] = "Jan", "de Vries", "100235"
	path := writePDF(t, tpl, []Badge{
		{Values: testValues(), Photo: photo},
		{Values: other, Photo: photo},
		{Values: Values{"first_name": "Łucja", "last_name": "Żak", "department": "Visitors", "card_number": "7"}},
	})
	pages, size := pdfInfo(t, path)
	if pages != "6" || size != "242.65 x 153.01 pts" {
		t.Errorf("pdfinfo: %s pages of %q, want 6 of \"242.65 x 153.01 pts\"", pages, size)
	}
	wantPages := []struct{ has, hasNot string }{
		{"Zofia Dąbrowska\nSecurity Operations\nCard 100234", "return this card"},
		{"If found, please return this card to ACME Facilities, Main\nStreet 1, Utrecht.", "Zofia"},
		{"Jan de Vries", "Zofia"},
		{"Valid from 2026-12-06", "Jan"},
		{"Łucja Żak\nVisitors\nCard 7", "Zofia"},
		{"return this card", "Łucja"},
	}
	for i, w := range wantPages {
		n := string(rune('1' + i))
		text := run(t, "pdftotext", "-f", n, "-l", n, "-layout", path, "-")
		plain := run(t, "pdftotext", "-f", n, "-l", n, path, "-")
		if !strings.Contains(plain, w.has) || strings.Contains(text, w.hasNot) {
			t.Errorf("page %s text:\n%s\nwant %q and not %q", n, plain, w.has, w.hasNot)
		}
	}
	// Each photo and image once: two distinct pictures (the photo and the
	// logo), however many pages show them.
	list := run(t, "pdfimages", "-list", path)
	objects := map[string]bool{}
	for _, line := range strings.Split(list, "\n")[2:] {
		f := strings.Fields(line)
		if len(f) > 11 && f[2] == "image" {
			objects[f[10]] = true
		}
	}
	if len(objects) != 2 {
		t.Errorf("%d image objects, want 2 (photo, logo):\n%s", len(objects), list)
	}
}

func TestPDFPortrait(t *testing.T) {
	tpl := validTemplate()
	tpl.Orientation = Portrait
	tpl.Front.Elements = []Element{{Type: TypeText, X: 3, Y: 10, W: 48, H: 8, Text: "{full_name}", FontSize: 12, Align: "center"}}
	path := writePDF(t, tpl, []Badge{{Values: Values{"full_name": "Anna Kowalska"}}, {Values: Values{"full_name": "Piet Jansen"}}})
	pages, size := pdfInfo(t, path)
	if pages != "2" || size != "153.01 x 242.65 pts" {
		t.Errorf("pdfinfo: %s pages of %q, want 2 of \"153.01 x 242.65 pts\"", pages, size)
	}
	if text := run(t, "pdftotext", path, "-"); !strings.Contains(text, "Anna Kowalska") || !strings.Contains(text, "Piet Jansen") {
		t.Errorf("pdftotext: %q", text)
	}
}

// TestPDFBarcodesScan: the codes of a printed page, rasterized by poppler,
// read back by zbar as their merge values.
func TestPDFBarcodesScan(t *testing.T) {
	tpl, err := Parse("employee.json", []byte(employeeJSON()))
	if err != nil {
		t.Fatal(err)
	}
	path := writePDF(t, tpl, []Badge{{Values: testValues()}})
	prefix := filepath.Join(t.TempDir(), "page")
	run(t, "pdftoppm", "-r", "300", "-png", "-gray", path, prefix)
	pages, _ := filepath.Glob(prefix + "*.png")
	if len(pages) != 2 {
		t.Fatalf("pdftoppm made %v", pages)
	}
	got := run(t, "zbarimg", "-q", pages[0], pages[1])
	for _, want := range []string{"QR-Code:100234", "CODE-128:100234"} {
		if !strings.Contains(got, want) {
			t.Errorf("zbarimg found %q, want %s", got, want)
		}
	}
}

func TestPDFRefuses(t *testing.T) {
	tpl := validTemplate()
	var b bytes.Buffer
	var be *Error
	if err := WritePDF(&b, tpl, nil); !errors.As(err, &be) || be.Problems[0].ID != MsgNoBadges {
		t.Errorf("no badges: %v", err)
	}
	tpl.Size = "cr79"
	if err := WritePDF(&b, tpl, []Badge{{}}); !errors.As(err, &be) || be.Problems[0].ID != MsgSize {
		t.Errorf("bad template: %v", err)
	}
}

// TestPreviewIsPrint: the preview and the PDF, rasterized by poppler at
// the same resolution, differ only at the anti-aliased edges.
func TestPreviewIsPrint(t *testing.T) {
	tpl, err := Parse("employee.json", []byte(employeeJSON()))
	if err != nil {
		t.Fatal(err)
	}
	b := Badge{Values: testValues(), Photo: testPhoto()}
	path := writePDF(t, tpl, []Badge{b})
	prefix := filepath.Join(t.TempDir(), "page")
	run(t, "pdftoppm", "-r", "150", "-png", path, prefix)
	for i, side := range tpl.Sides() {
		pages, _ := filepath.Glob(prefix + "*.png")
		f, err := os.Open(pages[i])
		if err != nil {
			t.Fatal(err)
		}
		printed, err := png.Decode(f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		preview, err := Render(tpl, side, b, 150)
		if err != nil {
			t.Fatal(err)
		}
		if printed.Bounds() != preview.Bounds() {
			t.Fatalf("%s: printed %v, preview %v", side, printed.Bounds(), preview.Bounds())
		}
		far, all := 0, 0
		r := preview.Bounds()
		for y := r.Min.Y; y < r.Max.Y; y++ {
			for x := r.Min.X; x < r.Max.X; x++ {
				all++
				p1 := color.RGBAModel.Convert(printed.At(x, y)).(color.RGBA)
				p2 := preview.RGBAAt(x, y)
				if absDiff(p1.R, p2.R) > 96 || absDiff(p1.G, p2.G) > 96 || absDiff(p1.B, p2.B) > 96 {
					far++
				}
			}
		}
		if share := float64(far) / float64(all); share > 0.01 {
			t.Errorf("%s: %.2f%% of the pixels differ between preview and print", side, 100*share)
		} else {
			t.Logf("%s: %.3f%% of the pixels differ at edges", side, 100*share)
		}
	}
}

func absDiff(a, b uint8) int {
	if a > b {
		return int(a - b)
	}
	return int(b - a)
}

// TestScripts: names in any script render in both outputs; what the font
// lacks is a blank, never an error.
func TestScripts(t *testing.T) {
	tpl := validTemplate()
	for _, name := range []string{"李小龙", "محمد عبد الله", "Ünal Öztürk 😀", "Ωμέγα Ελληνικά", "", "\t\n", `O'Brien (Jr.) \ %s`} {
		b := Badge{Values: Values{"full_name": name, "card_number": "42"}}
		var buf bytes.Buffer
		if err := WritePDF(&buf, tpl, []Badge{b}); err != nil {
			t.Errorf("%q: WritePDF: %v", name, err)
		}
		if _, err := Render(tpl, Front, b, 150); err != nil {
			t.Errorf("%q: Render: %v", name, err)
		}
	}
}

func TestPrintable(t *testing.T) {
	f := faceOf(styleRegular)
	for in, want := range map[string]string{
		"Dąbrowska":       "Dąbrowska",
		"李小龙 😀":           "??? ?",
		"tab\there\x7f":   "tab here ",
		"two\nlines":      "two\nlines",
		"Ωμέγα Čapek Ø ß": "Ωμέγα Čapek Ø ß",
	} {
		if got := f.printable(in); got != want {
			t.Errorf("printable(%q) = %q, want %q", in, got, want)
		}
	}
}
