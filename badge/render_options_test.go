package badge

import (
	"image"
	"testing"
)

// isBlack reports whether a pixel is black to the eye (pdftoppm
// antialiases edges).
func isBlack(img image.Image, x, y int) bool {
	r, g, b, _ := img.At(x, y).RGBA()
	return r < 0x8000 && g < 0x8000 && b < 0x8000
}

// TestRenderWithMatchesPDF: RenderWith places the card as WritePDFWith
// does, compared with pdftoppm's raster of the PDF at the same dpi, and
// black stays pure black.
func TestRenderWithMatchesPDF(t *testing.T) {
	tpl := codesTemplate(t)
	tpl.Front.Elements = append(tpl.Front.Elements, Element{Type: TypeRect, X: 2, Y: 2, W: 8, H: 5, Fill: "#000000"})
	back := Side{Background: "#ffffff", Elements: []Element{
		{Type: TypeRect, X: 2, Y: 2, W: 10, H: 6, Fill: "#000000"},
		{Type: TypeText, X: 4, Y: 40, W: 45, H: 8, Text: "{full_name}", FontSize: 10},
	}}
	tpl.Back = &back
	b := Badge{Values: codesValues()}
	for _, tc := range []struct {
		name string
		o    PageOptions
	}{
		{"none", PageOptions{}},
		{"offset", PageOptions{OffsetX: 1.5, OffsetY: -2}},
		{"offset scale turned", PageOptions{OffsetX: 0.5, OffsetY: 1, Scale: 95, RotateBack: true}},
		{"grown turned", PageOptions{OffsetX: -1, OffsetY: 2, Scale: 104, RotateBack: true}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pages := pagesWith(t, tpl, b, tc.o, 100)
			if len(pages) != 2 {
				t.Fatalf("%d pages, want 2", len(pages))
			}
			for i, side := range []string{Front, Back} {
				got, err := RenderWith(tpl, side, b, 100, tc.o)
				if err != nil {
					t.Fatal(err)
				}
				want := pages[i]
				// pdftoppm rounds the page size its own way: a pixel more or less.
				if d := got.Bounds().Size().Sub(want.Bounds().Size()); d.X*d.X > 1 || d.Y*d.Y > 1 {
					t.Fatalf("%s: %v, pdftoppm %v", side, got.Bounds().Size(), want.Bounds().Size())
				}
				// Edges may differ by a pixel; a pixel black in one is black
				// in the other or next to it.
				bad, black := 0, 0
				bd := got.Bounds().Intersect(want.Bounds())
				for y := bd.Min.Y; y < bd.Max.Y; y++ {
					for x := bd.Min.X; x < bd.Max.X; x++ {
						a := isBlack(got, x, y)
						if a {
							black++
						}
						if a != isBlack(want, x, y) && !near(got, want, x, y, a) {
							bad++
						}
					}
				}
				if black == 0 || bad > black/50 {
					t.Errorf("%s: %d of %d black pixels disagree with the PDF", side, bad, black)
				}
				grey := 0
				for p := 0; p < len(got.Pix); p += 4 {
					px := got.Pix[p : p+4]
					if !(px[0] == 0 && px[1] == 0 && px[2] == 0 || px[0] == 255 && px[1] == 255 && px[2] == 255) {
						grey++
					}
				}
				if grey > 0 {
					t.Errorf("%s: %d grey pixels; black must stay pure black", side, grey)
				}
			}
		})
	}
	if _, err := RenderWith(tpl, Front, b, 100, PageOptions{Scale: -1}); err == nil {
		t.Error("a negative scale was accepted")
	}
}

// near reports whether want has the colour v (black or not) within one
// pixel of (x, y).
func near(got, want image.Image, x, y int, v bool) bool {
	for dy := -1; dy <= 1; dy++ {
		for dx := -1; dx <= 1; dx++ {
			if (image.Point{x + dx, y + dy}).In(want.Bounds()) && isBlack(want, x+dx, y+dy) == v {
				return true
			}
		}
	}
	return false
}
