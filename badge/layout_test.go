package badge

import (
	"bytes"
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"
)

func TestMerge(t *testing.T) {
	v := Values{"first_name": "Zofia", "last_name": "Dąbrowska", "card_number": "100234", "today": "2026-12-06"}
	cases := []struct{ in, want string }{
		{"{first_name} {last_name}", "Zofia Dąbrowska"},
		{"{full_name}", "Zofia Dąbrowska"},
		{"Card {card_number}, {today}", "Card 100234, 2026-12-06"},
		{"{department}", ""},
		{"{unknown} {first_name", "{unknown} {first_name"},
		{"no fields", "no fields"},
	}
	for _, tc := range cases {
		if got := Merge(tc.in, v); got != tc.want {
			t.Errorf("Merge(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	if got := Merge("{today}", nil); len(got) != 10 || got[4] != '-' {
		t.Errorf("Merge({today}) without a value = %q, want the date", got)
	}
	if got := FieldsOf("{a} {b} {a} {c_1}"); !reflect.DeepEqual(got, []string{"a", "b", "c_1"}) {
		t.Errorf("FieldsOf() = %v", got)
	}
}

// TestTextLayout: wrapping, shrinking, the ellipsis, and never a line
// outside the box.
func TestTextLayout(t *testing.T) {
	cases := []struct {
		name      string
		e         Element
		text      string
		wantLines []string
		wantSize  float64 // 0: less than the element's size
	}{
		{"fits", Element{W: 50, H: 7, FontSize: 11}, "Zofia Dąbrowska", []string{"Zofia Dąbrowska"}, 11},
		{"wraps", Element{W: 40, H: 12, FontSize: 10}, "Security Operations Centre", []string{"Security Operations", "Centre"}, 10},
		{"shrinks", Element{W: 40, H: 6, FontSize: 14, Shrink: true}, "Maximiliana Wiśniewska-Kowalczyk", nil, 0},
		{"shrinks to the floor", Element{W: 10, H: 2.5, FontSize: 12, Shrink: true}, "Konstantynopolitańczykowianeczka", nil, 5},
		{"cut without shrink", Element{W: 40, H: 5, FontSize: 10}, "Security Operations Centre North", []string{"Security Operations…"}, 10},
		{"long word", Element{W: 15, H: 5, FontSize: 10}, "Aleksandrowicz", []string{"Aleksa…"}, 10},
		{"newline", Element{W: 50, H: 12, FontSize: 8}, "line one\nline two", []string{"line one", "line two"}, 8},
		{"default size", Element{W: 50, H: 12}, "Visitor", []string{"Visitor"}, DefaultFont},
		{"empty", Element{W: 50, H: 12, FontSize: 9}, " ", nil, 9},
	}
	for _, align := range []string{"left", "center", "right"} {
		for _, tc := range cases {
			t.Run(tc.name+"/"+align, func(t *testing.T) {
				e := tc.e
				e.Type, e.X, e.Y, e.Align = TypeText, 10, 20, align
				o := layoutText(&e, tc.text)
				size := e.FontSize
				if size == 0 {
					size = DefaultFont
				}
				switch {
				case tc.wantSize == 0 && !(o.size < size && o.size >= MinShrinkSize):
					t.Errorf("size %v, want less than %v", o.size, size)
				case tc.wantSize != 0 && o.size != tc.wantSize:
					t.Errorf("size %v, want %v", o.size, tc.wantSize)
				}
				var got []string
				f := faceOf(o.style)
				for _, l := range o.lines {
					got = append(got, l.s)
					w := f.width(l.s, o.size)
					if l.x < e.X-1e-9 || l.x+w > e.X+e.W+1e-9 {
						t.Errorf("line %q runs from %.2f to %.2f, outside %.2f–%.2f", l.s, l.x, l.x+w, e.X, e.X+e.W)
					}
					asc, desc := l.baseline-0.92*o.size*ptMM, l.baseline+0.32*o.size*ptMM
					if tc.wantSize != 5 && (asc < e.Y-1e-9 || desc > e.Y+e.H+1e-9) {
						t.Errorf("line %q spans %.2f–%.2f, outside %.2f–%.2f", l.s, asc, desc, e.Y, e.Y+e.H)
					}
				}
				if tc.wantLines != nil && !reflect.DeepEqual(got, tc.wantLines) {
					t.Errorf("lines %q, want %q", got, tc.wantLines)
				}
				if tc.name == "shrinks to the floor" && (len(got) != 1 || !strings.HasSuffix(got[0], "…")) {
					t.Errorf("lines %q, want one ending in …", got)
				}
			})
		}
	}
}

func TestFitImage(t *testing.T) {
	box := mmRect{4, 6, 24, 32}
	info := imgInfo{w: 400, h: 400}
	near := func(a, b mmRect) bool {
		return math.Abs(a.x-b.x) < 1e-9 && math.Abs(a.y-b.y) < 1e-9 && math.Abs(a.w-b.w) < 1e-9 && math.Abs(a.h-b.h) < 1e-9
	}
	cases := []struct {
		fit    string
		cx, cy float64
		want   mmRect
	}{
		{"fill", 0.5, 0.5, mmRect{0, 6, 32, 32}},  // square in a tall box: cut left and right
		{"fill", 0.25, 0.5, mmRect{4, 6, 32, 32}}, // centre left of the middle: as far left as covering allows
		{"fill", 0.45, 0.5, mmRect{4 + 12 - 0.45*32, 6, 32, 32}},
		{"fill", 1, 1, mmRect{4 + 24 - 32, 6, 32, 32}},
		{"contain", 0.5, 0.5, mmRect{4, 6 + 4, 24, 24}}, // letterboxed above and below
	}
	for _, tc := range cases {
		if got := fitImage(box, info, tc.fit, tc.cx, tc.cy); !near(got, tc.want) {
			t.Errorf("fitImage(%s, %v, %v) = %+v, want %+v", tc.fit, tc.cx, tc.cy, got, tc.want)
		}
	}
}

// TestBadgeProblems: what only the merged badge can show is an *Error
// naming the element too.
func TestBadgeProblems(t *testing.T) {
	tpl := validTemplate()
	tpl.Front.Elements = append(tpl.Front.Elements, Element{Type: TypePhoto, X: 1, Y: 20, W: 20, H: 25})
	long := strings.Repeat("1234567890", 100)
	cases := []struct {
		name string
		b    Badge
		side string
		want string
		id   string
	}{
		{"too long for the box", Badge{Values: Values{"card_number": long}}, Front,
			`front element 2: the QR code of "` + long[:39] + `…" needs a box of at least 22.25 × 22.25 mm to scan; the box is 20 × 20 mm`, MsgBarcodeFit},
		{"empty value", Badge{Values: Values{"full_name": "A"}}, Front, "front element 2: the barcode value {card_number} is empty for this cardholder", MsgBarcodeMerged},
		{"bad photo", Badge{Values: Values{"card_number": "1"}, Photo: []byte("GIF89a")}, Front, "front element 3: the photo is not a PNG or JPEG image", MsgPhoto},
		{"no back", Badge{Values: Values{"card_number": "1"}}, Back, "the template has no back side", MsgSide},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Render(tpl, tc.side, tc.b, 100)
			var be *Error
			if !errors.As(err, &be) || err.Error() != tc.want || be.Problems[0].ID != tc.id {
				t.Errorf("Render() = %v, want %q (%s)", err, tc.want, tc.id)
			}
		})
	}
	if _, err := Render(tpl, Front, Badge{Values: Values{"card_number": "1"}}, 0); err == nil {
		t.Error("Render at 0 dpi: no error")
	}
}

func TestCheckBadge(t *testing.T) {
	tpl := validTemplate()
	tpl.Back = &Side{Elements: []Element{{Type: TypeBarcode, X: 5, Y: 5, W: 60, H: 10, Symbology: "code39", Value: "{email}"}}}
	if err := tpl.CheckBadge(Badge{Values: Values{"card_number": "1", "email": "A-1"}}); err != nil {
		t.Errorf("CheckBadge() = %v", err)
	}
	err := tpl.CheckBadge(Badge{Values: Values{"email": "zoë@example.com"}})
	want := "front element 2: the barcode value {card_number} is empty for this cardholder\n" +
		`back element 1: a Code 39 code cannot hold "zoë@example.com"`
	if err == nil || err.Error() != want {
		t.Errorf("CheckBadge() = %v, want %q", err, want)
	}
	var b bytes.Buffer
	err = WritePDF(&b, tpl, []Badge{{Values: Values{"card_number": "1", "email": "A"}}, {Values: Values{"email": "A"}}})
	var be *Error
	if !errors.As(err, &be) || err.Error() != "badge 2 of 2: front element 2: the barcode value {card_number} is empty for this cardholder" {
		t.Errorf("WritePDF() = %v", err)
	}
}
