package badge

import (
	"bytes"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "write the golden images in testdata/ from this run")

// codesTemplate: black text and every symbology on white, portrait.
func codesTemplate(t *testing.T) *Template {
	t.Helper()
	tpl, err := Parse("codes.json", []byte(`{"format": "carddesk-badge", "version": 1, "name": "Codes",
 "size": "cr80", "orientation": "portrait", "front": {"background": "#ffffff", "elements": [
   {"type": "text", "x": 3, "y": 3, "w": 47.98, "h": 7, "text": "{full_name}", "font_size": 12, "bold": true, "align": "center", "shrink": true},
   {"type": "barcode", "x": 3, "y": 11, "w": 22, "h": 22, "symbology": "qr", "value": "{card_number}"},
   {"type": "barcode", "x": 29, "y": 13, "w": 18, "h": 18, "symbology": "datamatrix", "value": "{card_number}"},
   {"type": "barcode", "x": 3, "y": 36, "w": 47.98, "h": 10, "symbology": "code128", "value": "{credential_hex}"},
   {"type": "barcode", "x": 3, "y": 49, "w": 47.98, "h": 10, "symbology": "code39", "value": "{external_id}"},
   {"type": "barcode", "x": 3, "y": 62, "w": 47.98, "h": 12, "symbology": "pdf417", "value": "{card_number}"},
   {"type": "text", "x": 3, "y": 76, "w": 47.98, "h": 8, "text": "Facility {facility} · format {format} · {email}", "font_size": 6, "align": "center"}]}}`))
	if err != nil {
		t.Fatal(err)
	}
	return tpl
}

func codesValues() Values {
	return Values{"full_name": "Zofia Dąbrowska", "card_number": "100234", "credential_hex": "02A4F1C3",
		"external_id": "EMP-0042", "facility": "12", "format": "h10301", "email": "z.dabrowska@example.com"}
}

// TestRasterGolden: the previews of the example templates, pixel for
// pixel (go test ./badge/ -run Golden -update writes them again; look at
// them before you commit).
func TestRasterGolden(t *testing.T) {
	employee, err := Parse("employee.json", []byte(employeeJSON()))
	if err != nil {
		t.Fatal(err)
	}
	photo := testPhoto()
	// A square photo box: the 4:5 photo is cut above and below, around
	// the crop centre.
	square, _ := Parse("square.json", []byte(employeeJSON()))
	square.Front.Elements[1].W, square.Front.Elements[1].H = 24, 24
	cases := []struct {
		name string
		tpl  *Template
		side string
		b    Badge
	}{
		{"employee-front", employee, Front, Badge{Values: testValues(), Photo: photo}},
		{"square-photo-top", square, Front, Badge{Values: testValues(), Photo: photo, CropX: 0.5, CropY: 0.3}},
		{"square-photo-middle", square, Front, Badge{Values: testValues(), Photo: photo}},
		{"employee-front-nophoto", employee, Front, Badge{Values: Values{"first_name": "Maximiliana", "last_name": "Wiśniewska-Kowalczyk",
			"department": "Facilities", "card_number": "7"}}},
		{"employee-back", employee, Back, Badge{Values: testValues()}},
		{"codes", codesTemplate(t), Front, Badge{Values: codesValues()}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			img, err := Render(tc.tpl, tc.side, tc.b, 150)
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", tc.name+".png")
			if *update {
				var b bytes.Buffer
				if err := png.Encode(&b, img); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			f, err := os.Open(path)
			if err != nil {
				t.Fatalf("%v (run with -update to write it)", err)
			}
			defer f.Close()
			want, err := png.Decode(f)
			if err != nil {
				t.Fatal(err)
			}
			if n, at := differ(img, want); n > 0 {
				got := filepath.Join(t.TempDir(), tc.name+".png")
				var b bytes.Buffer
				_ = png.Encode(&b, img)
				_ = os.WriteFile(got, b.Bytes(), 0o644)
				t.Errorf("%d pixels differ from %s, the first at %v; this run's image: %s", n, path, at, got)
			}
		})
	}
}

func differ(a, b image.Image) (int, image.Point) {
	if a.Bounds() != b.Bounds() {
		return a.Bounds().Dx() * a.Bounds().Dy(), a.Bounds().Max
	}
	n, first := 0, image.Point{-1, -1}
	r := a.Bounds()
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if color.RGBAModel.Convert(a.At(x, y)) != color.RGBAModel.Convert(b.At(x, y)) {
				if n == 0 {
					first = image.Pt(x, y)
				}
				n++
			}
		}
	}
	return n, first
}

func TestRasterSize(t *testing.T) {
	tpl := validTemplate()
	b := Badge{Values: Values{"card_number": "1"}}
	for _, tc := range []struct {
		dpi  float64
		w, h int
	}{{600, 2022, 1275}, {300, 1011, 638}, {96, 324, 204}} {
		img, err := Render(tpl, Front, b, tc.dpi)
		if err != nil {
			t.Fatal(err)
		}
		if got := img.Bounds().Size(); got != image.Pt(tc.w, tc.h) {
			t.Errorf("%v dpi: %v, want %dx%d", tc.dpi, got, tc.w, tc.h)
		}
	}
}

// TestPureBlack: black text and codes are 1-bit: every pixel of the page
// is pure black or the white card, never grey, at any dpi.
func TestPureBlack(t *testing.T) {
	tpl := codesTemplate(t)
	for _, dpi := range []float64{96, 300, 600} {
		img, err := Render(tpl, Front, Badge{Values: codesValues()}, dpi)
		if err != nil {
			t.Fatal(err)
		}
		blackN, grey := 0, 0
		for i := 0; i < len(img.Pix); i += 4 {
			switch p := img.Pix[i : i+4]; {
			case p[0] == 0 && p[1] == 0 && p[2] == 0 && p[3] == 255:
				blackN++
			case p[0] == 255 && p[1] == 255 && p[2] == 255 && p[3] == 255:
			default:
				grey++
			}
		}
		if grey > 0 || blackN == 0 {
			t.Errorf("%v dpi: %d grey pixels, %d black; want 0 grey", dpi, grey, blackN)
		}
	}
}

// TestTextClipped: text that does not fit is cut at its box: nothing
// outside it changes.
func TestTextClipped(t *testing.T) {
	tpl := validTemplate()
	tpl.Front.Background = "#ffffff"
	tpl.Front.Elements = []Element{
		{Type: TypeText, X: 20, Y: 10, W: 30, H: 8, Text: "Wolfeschlegelsteinhausenbergerdorff Jr.", FontSize: 30, Color: "#0b5cad"},
		{Type: TypeText, X: 20, Y: 30, W: 30, H: 8, Text: "Wolfeschlegelsteinhausenbergerdorff Jr.", FontSize: 30, Italic: true},
	}
	const dpi = 300
	img, err := Render(tpl, Front, Badge{}, dpi)
	if err != nil {
		t.Fatal(err)
	}
	s := dpi / 25.4
	inside := func(x, y int) bool {
		for _, e := range tpl.Front.Elements {
			if float64(x) >= e.X*s-1 && float64(x) < (e.X+e.W)*s+1 && float64(y) >= e.Y*s-1 && float64(y) < (e.Y+e.H)*s+1 {
				return true
			}
		}
		return false
	}
	marked, outside := 0, 0
	for y := 0; y < img.Bounds().Dy(); y++ {
		for x := 0; x < img.Bounds().Dx(); x++ {
			if img.RGBAAt(x, y) != (color.RGBA{255, 255, 255, 255}) {
				marked++
				if !inside(x, y) {
					outside++
				}
			}
		}
	}
	if outside > 0 || marked == 0 {
		t.Errorf("%d pixels drawn outside the boxes (%d drawn)", outside, marked)
	}
}

// TestRasterBarcodesScan: zbar reads the codes of a preview back as their
// merge values.
func TestRasterBarcodesScan(t *testing.T) {
	employee, err := Parse("employee.json", []byte(employeeJSON()))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	write := func(name string, img image.Image) string {
		var b bytes.Buffer
		if err := png.Encode(&b, img); err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	for _, dpi := range []float64{300, 600} {
		var files []string
		for _, side := range employee.Sides() {
			img, err := Render(employee, side, Badge{Values: testValues(), Photo: testPhoto()}, dpi)
			if err != nil {
				t.Fatal(err)
			}
			files = append(files, write(fmt.Sprintf("employee-%s-%v.png", side, dpi), img))
		}
		img, err := Render(codesTemplate(t), Front, Badge{Values: codesValues()}, dpi)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, write(fmt.Sprintf("codes-%v.png", dpi), img))
		got := run(t, "zbarimg", append([]string{"-q"}, files...)...)
		for _, want := range []string{"QR-Code:100234", "CODE-128:100234", "CODE-128:02A4F1C3", "CODE-39:EMP-0042"} {
			if !strings.Contains(got, want+"\n") {
				t.Errorf("%v dpi: zbarimg found\n%s\nwant %s", dpi, got, want)
			}
		}
	}
}

// TestConcurrentRender: previews render from several goroutines at once
// (go test -race finds shared state).
func TestConcurrentRender(t *testing.T) {
	tpl := codesTemplate(t)
	employee, err := Parse("employee.json", []byte(employeeJSON()))
	if err != nil {
		t.Fatal(err)
	}
	photo := testPhoto()
	errs := make(chan error, 8)
	for i := range 8 {
		go func() {
			var err error
			if i%2 == 0 {
				_, err = Render(tpl, Front, Badge{Values: codesValues()}, 96)
			} else {
				_, err = Render(employee, Front, Badge{Values: testValues(), Photo: photo}, 96)
			}
			errs <- err
		}()
	}
	for range 8 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}
