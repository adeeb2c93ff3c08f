package badge

import (
	"bytes"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

// pageImages writes the badge with o and returns its pages at 100 dpi.
func pageImages(t *testing.T, tpl *Template, o PageOptions) []image.Image {
	t.Helper()
	return pagesWith(t, tpl, Badge{Values: Values{}}, o, 100)
}

// pagesWith writes the badge with o and returns its pages at dpi, as
// pdftoppm draws them.
func pagesWith(t *testing.T, tpl *Template, bd Badge, o PageOptions, dpi int) []image.Image {
	t.Helper()
	var b bytes.Buffer
	if err := WritePDFWith(&b, tpl, []Badge{bd}, o); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "b.pdf")
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	run(t, "pdftoppm", "-r", strconv.Itoa(dpi), "-png", path, filepath.Join(dir, "page"))
	files, _ := filepath.Glob(filepath.Join(dir, "page*.png"))
	var out []image.Image
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, img)
	}
	return out
}

// blackAt reports whether the pixel at (x, y) mm is black.
func blackAt(img image.Image, xmm, ymm float64) bool {
	r, g, b, _ := img.At(int(xmm*100/25.4), int(ymm*100/25.4)).RGBA()
	return r < 0x4000 && g < 0x4000 && b < 0x4000
}

// TestPDFPageOptions: offsets move, scale grows about the centre and the
// back turns 180°; the front never turns.
func TestPDFPageOptions(t *testing.T) {
	square := Element{Type: TypeRect, X: 4, Y: 4, W: 10, H: 10, Fill: "#000000"}
	tpl := validTemplate()
	tpl.Front = Side{Background: "#ffffff", Elements: []Element{square}}
	tpl.Back = &Side{Background: "#ffffff", Elements: []Element{square}}

	plain := pageImages(t, tpl, PageOptions{})
	if len(plain) != 2 || !blackAt(plain[0], 5, 5) || blackAt(plain[0], 16, 16) {
		t.Fatalf("without options the square is not at 4..14 mm")
	}
	moved := pageImages(t, tpl, PageOptions{OffsetX: 6, OffsetY: 3})
	if blackAt(moved[0], 5, 5) || !blackAt(moved[0], 11, 8) || !blackAt(moved[1], 19, 16) {
		t.Errorf("offset 6,3 mm did not move the square to 10..20, 7..17 mm")
	}
	// 200% about the centre (42.8, 27) puts the square at -34.8..-14.8: off the card.
	scaled := pageImages(t, tpl, PageOptions{Scale: 200})
	if blackAt(scaled[0], 5, 5) {
		t.Errorf("scale 200%% left the square in place")
	}
	turned := pageImages(t, tpl, PageOptions{RotateBack: true})
	if !blackAt(turned[0], 5, 5) {
		t.Errorf("the front turned")
	}
	if blackAt(turned[1], 5, 5) || !blackAt(turned[1], 85.6-5, 53.98-5) {
		t.Errorf("the back did not turn 180°")
	}
	if err := WritePDFWith(&bytes.Buffer{}, tpl, []Badge{{}}, PageOptions{Scale: -1}); err == nil {
		t.Error("a negative scale was accepted")
	}
}
