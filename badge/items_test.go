package badge

import (
	"image"
	"image/color"
	"image/draw"
	"testing"
)

// DrawItems of every item of Layout on the background is Render, pixel
// for pixel.
func TestLayoutDrawItemsIsRender(t *testing.T) {
	tpl, err := Parse("employee.json", []byte(employeeJSON()))
	if err != nil {
		t.Fatal(err)
	}
	b := Badge{Values: testValues(), Photo: testPhoto()}
	for _, side := range tpl.Sides() {
		want, err := Render(tpl, side, b, 300)
		if err != nil {
			t.Fatal(err)
		}
		l, err := Layout(tpl, side, b)
		if err != nil {
			t.Fatal(err)
		}
		if w, h := tpl.CardSize(); l.W != w || l.H != h {
			t.Errorf("%s: size %v × %v, want %v × %v", side, l.W, l.H, w, h)
		}
		got := image.NewRGBA(want.Bounds())
		bg := color.RGBA{255, 255, 255, 255}
		if c := l.Background; c.Set {
			bg = color.RGBA{c.R, c.G, c.B, 255}
		}
		draw.Draw(got, got.Bounds(), image.NewUniform(bg), image.Point{}, draw.Src)
		if err := DrawItems(got, 300, l.Items); err != nil {
			t.Fatal(err)
		}
		for i := range want.Pix {
			if got.Pix[i] != want.Pix[i] {
				t.Fatalf("%s: pixel byte %d differs: %d, Render %d", side, i, got.Pix[i], want.Pix[i])
			}
		}
	}
}

func TestLayoutItems(t *testing.T) {
	tpl, err := Parse("employee.json", []byte(employeeJSON()))
	if err != nil {
		t.Fatal(err)
	}
	l, err := Layout(tpl, Front, Badge{Values: testValues()})
	if err != nil {
		t.Fatal(err)
	}
	var blackText, qr, band bool
	for _, it := range l.Items {
		switch {
		case it.Kind == ItemText && it.Color.IsBlack() && it.Bold && len(it.Lines) == 1 && it.Lines[0].Text == "Zofia Dąbrowska":
			blackText = it.Lines[0].X == 32 && it.Lines[0].Baseline > 8 && it.Lines[0].Baseline < 15
		case it.Kind == ItemModules:
			qr = it.Color.IsBlack() && len(it.Modules) > 0 && it.Box == Rect{62, 24, 20, 20}
		case it.Kind == ItemShape && it.Fill == Color{0x0b, 0x5c, 0xad, true} && it.Box.Y == 48:
			band = !it.Stroke.Set && !it.Ellipse
		}
	}
	if !blackText || !qr || !band {
		t.Errorf("items: black name %v, QR %v, band %v; want all", blackText, qr, band)
	}
	if err := DrawItems(image.NewRGBA(image.Rect(0, 0, 10, 10)), 300, []Item{{Kind: ItemImage}}); err == nil {
		t.Error("DrawItems drew an image item without a picture")
	}
}
