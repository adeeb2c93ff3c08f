package winprint

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"strings"
	"testing"

	"github.com/carddesk/carddesk/badge"
)

func parse(t *testing.T, js string) *badge.Template {
	t.Helper()
	tpl, err := badge.Parse("test.json", []byte(js))
	if err != nil {
		t.Fatal(err)
	}
	return tpl
}

// template is a CR80 template with the given orientation, front elements
// and, when back is not "", a back side.
func template(t *testing.T, orientation, front, back string) *badge.Template {
	js := `{"format": "carddesk-badge", "version": 1, "name": "T", "size": "cr80",
 "orientation": "` + orientation + `", "front": {"background": "#ffffff", "elements": [` + front + `]}`
	if back != "" {
		js += `, "back": {"elements": [` + back + `]}`
	}
	return parse(t, js+"}")
}

const blackRect = `{"type": "rect", "x": 10, "y": 5, "w": 20, "h": 10, "fill": "#000000"}`

func values() badge.Values {
	return badge.Values{"first_name": "Zofia", "last_name": "Dąbrowska", "card_number": "100234"}
}

// onlyRect is the one black primitive of a page, which must be a rectangle.
func onlyRect(t *testing.T, pg Page) image.Rectangle {
	t.Helper()
	if len(pg.Black) != 1 || pg.Black[0].Kind != PrimRect {
		t.Fatalf("%s: black primitives %+v, want one rectangle", pg.Side, pg.Black)
	}
	return pg.Black[0].Rect
}

func TestGeometry(t *testing.T) {
	for _, c := range []struct {
		name        string
		orientation string
		side        string
		caps        Caps
		profile     Profile
		rect        image.Rectangle // the black rect (10, 5, 20 × 10 mm)
		card        image.Rectangle // the colour bitmap's place
	}{
		{"300 dpi", "landscape", badge.Front, Caps{DPIX: 300, DPIY: 300}, Profile{},
			image.Rect(118, 59, 354, 177), image.Rect(0, 0, 1011, 638)},
		{"600 dpi, physical offset", "landscape", badge.Front, Caps{DPIX: 600, DPIY: 600, OffsetX: 30, OffsetY: 20}, Profile{},
			image.Rect(206, 98, 679, 334), image.Rect(-30, -20, 1992, 1255)},
		{"600 dpi, page larger than the card: centred", "landscape", badge.Front,
			Caps{DPIX: 600, DPIY: 600, PhysicalW: 2100, PhysicalH: 1350}, Profile{},
			image.Rect(275, 156, 748, 392), image.Rect(39, 37, 2061, 1312)},
		{"600 × 300 dpi: the bitmap stretched", "landscape", badge.Front, Caps{DPIX: 600, DPIY: 300}, Profile{},
			image.Rect(236, 59, 709, 177), image.Rect(0, 0, 2022, 638)},
		{"portrait", "portrait", badge.Front, Caps{DPIX: 300, DPIY: 300}, Profile{},
			image.Rect(118, 59, 354, 177), image.Rect(0, 0, 638, 1011)},
		{"profile offset", "landscape", badge.Front, Caps{DPIX: 300, DPIY: 300}, Profile{OffsetX: 1, OffsetY: -0.5},
			image.Rect(130, 53, 366, 171), image.Rect(12, -6, 1023, 632)},
		{"profile scale 110%", "landscape", badge.Front, Caps{DPIX: 300, DPIY: 300}, Profile{Scale: 110},
			image.Rect(79, 33, 339, 163), image.Rect(-51, -32, 1061, 669)},
		{"back turned 180°", "landscape", badge.Back, Caps{DPIX: 300, DPIY: 300}, Profile{RotateBack: true},
			image.Rect(657, 460, 893, 579), image.Rect(0, 0, 1011, 638)},
		{"back not turned", "landscape", badge.Back, Caps{DPIX: 300, DPIY: 300}, Profile{},
			image.Rect(118, 59, 354, 177), image.Rect(0, 0, 1011, 638)},
		{"front of a profile that turns the back", "landscape", badge.Front, Caps{DPIX: 300, DPIY: 300}, Profile{RotateBack: true},
			image.Rect(118, 59, 354, 177), image.Rect(0, 0, 1011, 638)},
	} {
		t.Run(c.name, func(t *testing.T) {
			tpl := template(t, c.orientation, blackRect, blackRect)
			p, err := NewPlan(tpl, []badge.Badge{{Values: values()}}, Options{Profile: c.profile}, c.caps)
			if err != nil {
				t.Fatal(err)
			}
			pg := p.Pages[0]
			if c.side == badge.Back {
				pg = p.Pages[1]
			}
			if got := onlyRect(t, pg); got != c.rect {
				t.Errorf("black rect at %v, want %v", got, c.rect)
			}
			if pg.Color.Dst != c.card {
				t.Errorf("colour bitmap at %v, want %v", pg.Color.Dst, c.card)
			}
			// At 100% and square pixels the bitmap is one pixel per device unit.
			if c.profile.Scale == 0 && c.caps.DPIX == c.caps.DPIY && pg.Color.Img.Bounds().Size() != pg.Color.Dst.Size() {
				t.Errorf("colour bitmap %v stretched onto %v", pg.Color.Img.Bounds().Size(), pg.Color.Dst.Size())
			}
		})
	}
}

// The colour bitmap of a turned back is turned too: the blue corner
// mark at the top left lands at the bottom right.
func TestRotateBackBitmap(t *testing.T) {
	mark := `{"type": "rect", "x": 0, "y": 0, "w": 5, "h": 5, "fill": "#0b3d6e"}`
	tpl := template(t, "landscape", mark, mark)
	p, err := NewPlan(tpl, []badge.Badge{{}}, Options{Profile: Profile{RotateBack: true}}, Caps{DPIX: 300, DPIY: 300})
	if err != nil {
		t.Fatal(err)
	}
	blue := color.RGBA{0x0b, 0x3d, 0x6e, 255}
	for _, c := range []struct {
		page     int
		tl, br   color.RGBA
		sideName string
	}{
		{0, blue, white, badge.Front},
		{1, white, blue, badge.Back},
	} {
		img := p.Pages[c.page].Color.Img
		b := img.Bounds()
		if got := img.RGBAAt(2, 2); got != c.tl {
			t.Errorf("%s: top left %v, want %v", c.sideName, got, c.tl)
		}
		if got := img.RGBAAt(b.Max.X-3, b.Max.Y-3); got != c.br {
			t.Errorf("%s: bottom right %v, want %v", c.sideName, got, c.br)
		}
	}
}

func TestPages(t *testing.T) {
	name := `{"type": "text", "x": 5, "y": 5, "w": 40, "h": 8, "text": "{first_name}"}`
	for _, c := range []struct {
		name    string
		tpl     *badge.Template
		badges  int
		opts    Options
		pages   []string
		duplex  bool
		copies  int
		orients Orientation
	}{
		{"two-sided, 3 badges, 5 copies", template(t, "landscape", name, name), 3, Options{Copies: 5},
			[]string{"0 front", "0 back", "1 front", "1 back", "2 front", "2 back"}, true, 5, Landscape},
		{"one-sided", template(t, "portrait", name, ""), 2, Options{},
			[]string{"0 front", "1 front"}, false, 1, Portrait},
		{"two-sided on a printer without duplex", template(t, "landscape", name, name), 1, Options{Copies: 2, Profile: Profile{NoDuplex: true}},
			[]string{"0 front", "0 back"}, false, 2, Landscape},
	} {
		t.Run(c.name, func(t *testing.T) {
			badges := make([]badge.Badge, c.badges)
			for i := range badges {
				badges[i] = badge.Badge{Values: values()}
			}
			p, err := NewPlan(c.tpl, badges, c.opts, Caps{DPIX: 300, DPIY: 300})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, pg := range p.Pages {
				got = append(got, strings.Join([]string{string(rune('0' + pg.Badge)), pg.Side}, " "))
			}
			if strings.Join(got, ", ") != strings.Join(c.pages, ", ") {
				t.Errorf("pages %v, want %v", got, c.pages)
			}
			if p.Duplex != c.duplex || p.Copies != c.copies || p.Orientation != c.orients {
				t.Errorf("duplex %v, copies %d, orientation %d; want %v, %d, %d",
					p.Duplex, p.Copies, p.Orientation, c.duplex, c.copies, c.orients)
			}
		})
	}
}

func TestPlanErrors(t *testing.T) {
	tpl := template(t, "landscape", blackRect, "")
	qr := template(t, "landscape", `{"type": "barcode", "x": 60, "y": 20, "w": 20, "h": 20, "symbology": "qr", "value": "{card_number}"}`, "")
	for _, c := range []struct {
		name   string
		tpl    *badge.Template
		badges []badge.Badge
		opts   Options
		caps   Caps
		want   string
	}{
		{"no badges", tpl, nil, Options{}, Caps{DPIX: 300, DPIY: 300}, "no badges"},
		{"no resolution", tpl, []badge.Badge{{}}, Options{}, Caps{}, "resolution of 0 × 0 dpi"},
		{"scale", tpl, []badge.Badge{{}}, Options{Profile: Profile{Scale: 10}}, Caps{DPIX: 300, DPIY: 300}, "scale 10%"},
		{"second badge has no card number", qr, []badge.Badge{{Values: values()}, {}}, Options{}, Caps{DPIX: 300, DPIY: 300}, "badge 2 of 2"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := NewPlan(c.tpl, c.badges, c.opts, c.caps)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %v, want one with %q", err, c.want)
			}
		})
	}
}

var (
	white = color.RGBA{255, 255, 255, 255}
	pure  = color.RGBA{0, 0, 0, 255}
)

func blackPhoto(t *testing.T) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 60, 80))
	for i := 3; i < len(img.Pix); i += 4 {
		img.Pix[i] = 255 // opaque black
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// inked lists the device pixels the black primitives cover (masks: their
// ink), for bitmaps drawn one pixel per unit.
func inked(t *testing.T, pg Page) map[image.Point]bool {
	t.Helper()
	ink := map[image.Point]bool{}
	for _, p := range pg.Black {
		switch p.Kind {
		case PrimRect:
			for y := p.Rect.Min.Y; y < p.Rect.Max.Y; y++ {
				for x := p.Rect.Min.X; x < p.Rect.Max.X; x++ {
					ink[image.Pt(x, y)] = true
				}
			}
		case PrimMask:
			if p.Mask.Bounds().Size() != p.Rect.Size() {
				t.Fatalf("mask %v stretched onto %v", p.Mask.Bounds().Size(), p.Rect.Size())
			}
			for y := 0; y < p.Rect.Dy(); y++ {
				for x := 0; x < p.Rect.Dx(); x++ {
					switch v := p.Mask.AlphaAt(x, y).A; v {
					case 0xff:
						ink[p.Rect.Min.Add(image.Pt(x, y))] = true
					case 0:
					default:
						t.Fatalf("mask pixel %d: grey", v)
					}
				}
			}
		}
	}
	return ink
}

func TestBlackSeparation(t *testing.T) {
	front := strings.Join([]string{
		`{"type": "rect", "x": 0, "y": 0, "w": 85.6, "h": 10, "fill": "#0b3d6e"}`,
		`{"type": "text", "x": 30, "y": 1, "w": 50, "h": 8, "text": "ON THE BAND", "font_size": 12, "bold": true, "color": "#000000"}`,
		`{"type": "text", "x": 30, "y": 12, "w": 28, "h": 8, "text": "{first_name} {last_name}", "font_size": 10, "color": "#000000", "shrink": true}`,
		`{"type": "barcode", "x": 60, "y": 20, "w": 20, "h": 20, "symbology": "qr", "value": "{card_number}"}`,
		`{"type": "photo", "x": 4, "y": 14, "w": 24, "h": 32}`,
		`{"type": "text", "x": 30, "y": 40, "w": 28, "h": 6, "text": "grey", "font_size": 8, "color": "#555555"}`,
	}, ",")
	tpl := template(t, "landscape", front, "")
	for _, dpi := range []int{300, 600} {
		p, err := NewPlan(tpl, []badge.Badge{{Values: values(), Photo: blackPhoto(t)}}, Options{},
			Caps{DPIX: dpi, DPIY: dpi, OffsetX: 7, OffsetY: 5})
		if err != nil {
			t.Fatal(err)
		}
		pg := p.Pages[0]
		img, dst := pg.Color.Img, pg.Color.Dst
		s := float64(dpi) / 25.4
		at := func(mmX, mmY float64) color.RGBA { // the colour bitmap at a point on the card
			return img.RGBAAt(int(mmX*s), int(mmY*s))
		}
		var rects, masks int
		for _, pr := range pg.Black {
			switch pr.Kind {
			case PrimRect:
				rects++
			case PrimMask:
				masks++
			}
		}
		if masks != 2 || rects < 20 {
			t.Errorf("%d dpi: %d masks and %d rects, want the 2 black texts as masks and the QR's modules", dpi, masks, rects)
		}
		ink := inked(t, pg)
		// Nothing black is left in the colour bitmap where black prints:
		// the bitmap is white there.
		for pt := range ink {
			if c := img.RGBAAt(pt.X-dst.Min.X, pt.Y-dst.Min.Y); c != white {
				t.Fatalf("%d dpi: colour bitmap %v under black ink at %v, want white", dpi, c, pt)
			}
		}
		// And no pure black pixel anywhere outside the photo.
		photo := image.Rect(int(4*s), int(14*s), int(28*s)+1, int(46*s)+1)
		for y := 0; y < img.Bounds().Dy(); y++ {
			for x := 0; x < img.Bounds().Dx(); x++ {
				if img.RGBAAt(x, y) == pure && !image.Pt(x, y).In(photo) {
					t.Fatalf("%d dpi: pure black pixel at %d,%d of the colour bitmap", dpi, x, y)
				}
			}
		}
		// The QR's modules are black rects inside its box.
		qr := image.Rect(int(60*s)-7, int(20*s)-5, int(80*s)-7+1, int(40*s)-5+1)
		for _, pr := range pg.Black {
			if pr.Kind == PrimRect && !pr.Rect.In(qr) {
				t.Errorf("%d dpi: black rect %v outside the QR %v", dpi, pr.Rect, qr)
			}
		}
		// The blue band stays in colour, white only where the black text is.
		blue := color.RGBA{0x0b, 0x3d, 0x6e, 255}
		if c := at(10, 5); c != blue {
			t.Errorf("%d dpi: band %v, want %v", dpi, c, blue)
		}
		var bandWhite int
		for y := 0; y < int(10*s); y++ {
			for x := int(30 * s); x < int(80*s); x++ {
				if img.RGBAAt(x, y) == white {
					bandWhite++
					if !ink[image.Pt(x+dst.Min.X, y+dst.Min.Y)] {
						t.Fatalf("%d dpi: white on the band at %d,%d where no black prints", dpi, x, y)
					}
				}
			}
		}
		if bandWhite == 0 {
			t.Errorf("%d dpi: the text on the band is not knocked out of the colour", dpi)
		}
		// A black photo stays a photo: black in the colour bitmap, no ink.
		if c := at(16, 30); c != pure {
			t.Errorf("%d dpi: photo %v, want black", dpi, c)
		}
		for pt := range ink {
			if pt.Sub(dst.Min).In(photo) {
				t.Fatalf("%d dpi: black ink at %v on the photo", dpi, pt)
			}
		}
		// Grey text is colour.
		var grey int
		for y := int(40 * s); y < int(46*s); y++ {
			for x := int(30 * s); x < int(58*s); x++ {
				if c := img.RGBAAt(x, y); c != white {
					grey++
					if ink[image.Pt(x+dst.Min.X, y+dst.Min.Y)] {
						t.Fatalf("%d dpi: black ink on the grey text", dpi)
					}
				}
			}
		}
		if grey == 0 {
			t.Errorf("%d dpi: the grey text is not in the colour bitmap", dpi)
		}
	}
}

func TestBlackShapes(t *testing.T) {
	for _, c := range []struct {
		name  string
		elems string
		kinds []PrimKind
	}{
		{"plain rect", blackRect, []PrimKind{PrimRect}},
		{"ellipse", `{"type": "ellipse", "x": 10, "y": 5, "w": 20, "h": 10, "fill": "#000000"}`, []PrimKind{PrimEllipse}},
		{"rounded rect outline", `{"type": "rect", "x": 10, "y": 5, "w": 20, "h": 10, "radius": 2, "stroke": "#000000"}`, []PrimKind{PrimMask}},
		{"black fill, red outline: the outline covers the fill's edge", `{"type": "rect", "x": 10, "y": 5, "w": 20, "h": 10, "fill": "#000000", "stroke": "#ff0000"}`, []PrimKind{PrimMask}},
		{"colour over a black rect", blackRect + `, {"type": "rect", "x": 20, "y": 0, "w": 20, "h": 20, "fill": "#ffcc00"}`, []PrimKind{PrimMask}},
		{"colour shapes", `{"type": "rect", "x": 10, "y": 5, "w": 20, "h": 10, "fill": "#0b3d6e", "stroke": "#010101"}`, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			p, err := NewPlan(template(t, "landscape", c.elems, ""), []badge.Badge{{}}, Options{}, Caps{DPIX: 300, DPIY: 300})
			if err != nil {
				t.Fatal(err)
			}
			pg := p.Pages[0]
			var kinds []PrimKind
			for _, pr := range pg.Black {
				kinds = append(kinds, pr.Kind)
			}
			if len(kinds) != len(c.kinds) || (len(kinds) > 0 && kinds[0] != c.kinds[0]) {
				t.Fatalf("primitives %v, want %v", kinds, c.kinds)
			}
			for pt := range inked(t, pg) {
				if cl := pg.Color.Img.RGBAAt(pt.X, pt.Y); cl != white {
					t.Fatalf("colour %v under black ink at %v", cl, pt)
				}
			}
			if c.name == "colour over a black rect" {
				// The yellow rect hides the black one right of 20 mm.
				ink := inked(t, pg)
				if ink[image.Pt(295, 118)] { // 25 mm, 10 mm
					t.Error("black prints under the yellow rect drawn over it")
				}
				if !ink[image.Pt(177, 118)] { // 15 mm, 10 mm
					t.Error("the uncovered part of the black rect does not print")
				}
			}
		})
	}
}

func TestStates(t *testing.T) {
	for _, c := range []struct {
		status, attrs uint32
		want          string
	}{
		{0, 0, "ready"},
		{0x1 | 0x10, 0, "paused, out of cards"},
		{0, printerAttributeWorkOffline, "offline"},
		{0x80, printerAttributeWorkOffline, "offline"},
		{0x400000 | 0x40000, 0, "no ribbon, door open"},
	} {
		if got := (Printer{States: states(c.status, c.attrs)}).Ready(); got != c.want {
			t.Errorf("status %#x attributes %#x: %q, want %q", c.status, c.attrs, got, c.want)
		}
	}
}

// A black background is ink around the colour drawn on it.
func TestBlackBackground(t *testing.T) {
	tpl := parse(t, `{"format": "carddesk-badge", "version": 1, "name": "T", "size": "cr80", "orientation": "landscape",
 "front": {"background": "#000000", "elements": [{"type": "rect", "x": 10, "y": 10, "w": 20, "h": 20, "fill": "#ffcc00"}]}}`)
	p, err := NewPlan(tpl, []badge.Badge{{}}, Options{}, Caps{DPIX: 300, DPIY: 300})
	if err != nil {
		t.Fatal(err)
	}
	pg := p.Pages[0]
	if len(pg.Black) != 1 || pg.Black[0].Kind != PrimMask {
		t.Fatalf("black primitives %+v, want one mask", pg.Black)
	}
	ink := inked(t, pg)
	yellow := color.RGBA{0xff, 0xcc, 0x00, 255}
	for _, c := range []struct {
		pt   image.Point
		ink  bool
		want color.RGBA
	}{
		{image.Pt(50, 50), true, white},     // 4 mm, 4 mm: the background
		{image.Pt(236, 236), false, yellow}, // 20 mm, 20 mm: the yellow rect
	} {
		if ink[c.pt] != c.ink || pg.Color.Img.RGBAAt(c.pt.X, c.pt.Y) != c.want {
			t.Errorf("at %v: ink %v, colour %v; want %v, %v", c.pt, ink[c.pt], pg.Color.Img.RGBAAt(c.pt.X, c.pt.Y), c.ink, c.want)
		}
	}
}
