package badge

import (
	"encoding/base64"
	"errors"
	"slices"
	"strings"
	"testing"
)

func validTemplate() *Template {
	return &Template{Format: FormatName, Version: Version, Name: "Visitor", Size: SizeCR80, Orientation: Landscape,
		Front: Side{Background: "#ffffff", Elements: []Element{
			{Type: TypeText, X: 4, Y: 4, W: 60, H: 8, Text: "{full_name}", FontSize: 12, Bold: true},
			{Type: TypeBarcode, X: 60, Y: 30, W: 20, H: 20, Symbology: "qr", Value: "{card_number}"},
		}}}
}

// TestCheckProblems: every check names the element, the key and the
// reason, in the message's English and its id.
func TestCheckProblems(t *testing.T) {
	tinyPNG := base64.StdEncoding.EncodeToString([]byte("\x89PNG\r\n\x1a\nnot really"))
	el := func(t *Template) *Element { return &t.Front.Elements[0] }
	cases := []struct {
		name   string
		change func(*Template)
		want   string // Error() text
		id     string
		key    string
	}{
		{"format", func(t *Template) { t.Format = "carddesk-label" }, `format "carddesk-label" is not a badge template; it must be "carddesk-badge"`, MsgFormat, "format"},
		{"version", func(t *Template) { t.Version = 2 }, "version 2 is not supported; this CardDesk reads version 1", MsgVersion, "version"},
		{"name", func(t *Template) { t.Name = "  " }, "the template needs a name", MsgNameRequired, "name"},
		{"name line", func(t *Template) { t.Name = "a\nb" }, "the name must be a single line of at most 100 characters", MsgNameLine, "name"},
		{"size", func(t *Template) { t.Size = "a4" }, `size "a4" is not a card size; use cr80`, MsgSize, "size"},
		{"orientation", func(t *Template) { t.Orientation = "sideways" }, `orientation "sideways": use landscape or portrait`, MsgOrientation, "orientation"},
		{"background", func(t *Template) { t.Front.Background = "white" }, `front: background "white" is not a colour; write #rrggbb, or "" for none`, MsgColor, "background"},
		{"type", func(t *Template) { el(t).Type = "circle" }, `front element 1: type "circle" is not an element type; use one of text, photo, image, barcode, rect, ellipse`, MsgType, "type"},
		{"w zero", func(t *Template) { el(t).W = 0 }, "front element 1: w is 0 mm; it must be more than 0", MsgBoxEmpty, "w"},
		{"h negative", func(t *Template) { el(t).H = -2 }, "front element 1: h is -2 mm; it must be more than 0", MsgBoxEmpty, "h"},
		{"outside right", func(t *Template) { el(t).X = 30 }, "front element 1: the box (x 30, y 4, 60 × 8 mm) reaches outside the 85.6 × 53.98 mm card", MsgOutside, "w"},
		{"outside left", func(t *Template) { el(t).X = -0.02 }, "front element 1: the box (x -0.02, y 4, 60 × 8 mm) reaches outside the 85.6 × 53.98 mm card", MsgOutside, "x"},
		{"outside top", func(t *Template) { el(t).Y = -1 }, "front element 1: the box (x 4, y -1, 60 × 8 mm) reaches outside the 85.6 × 53.98 mm card", MsgOutside, "y"},
		{"outside bottom portrait", func(t *Template) {
			t.Orientation = Portrait
			el(t).W = 40
			el(t).Y = 80
			t.Front.Elements = t.Front.Elements[:1]
		},
			"front element 1: the box (x 4, y 80, 40 × 8 mm) reaches outside the 53.98 × 85.6 mm card", MsgOutside, "h"},
		{"color", func(t *Template) { el(t).Color = "#12345" }, `front element 1: color "#12345" is not a colour; write #rrggbb, or "" for none`, MsgColor, "color"},
		{"fill", func(t *Template) { el(t).Fill = "red" }, `front element 1: fill "red" is not a colour; write #rrggbb, or "" for none`, MsgColor, "fill"},
		{"stroke", func(t *Template) { el(t).Stroke = "#gg0000" }, `front element 1: stroke "#gg0000" is not a colour; write #rrggbb, or "" for none`, MsgColor, "stroke"},
		{"font small", func(t *Template) { el(t).FontSize = 3.5 }, "front element 1: font_size 3.5 is outside 4–72 pt", MsgFontSize, "font_size"},
		{"font big", func(t *Template) { el(t).FontSize = 80 }, "front element 1: font_size 80 is outside 4–72 pt", MsgFontSize, "font_size"},
		{"align", func(t *Template) { el(t).Align = "justify" }, `front element 1: align "justify": use left, center or right`, MsgAlign, "align"},
		{"fit", func(t *Template) { el(t).Type = TypePhoto; el(t).Fit = "stretch" }, `front element 1: fit "stretch": use fill or contain`, MsgFit, "fit"},
		{"symbology", func(t *Template) { t.Front.Elements[1].Symbology = "ean13" }, `front element 2: symbology "ean13": use one of code128, code39, qr, pdf417, datamatrix`, MsgSymbology, "symbology"},
		{"symbology missing", func(t *Template) { t.Front.Elements[1].Symbology = "" }, `front element 2: symbology "": use one of code128, code39, qr, pdf417, datamatrix`, MsgSymbology, "symbology"},
		{"image missing", func(t *Template) { el(t).Type = TypeImage }, "front element 1: an image needs its picture in png_base64", MsgImageMissing, "png_base64"},
		{"base64", func(t *Template) { el(t).Type = TypeImage; el(t).PNGBase64 = "not base64!" }, "front element 1: png_base64 is not valid base64", MsgBase64, "png_base64"},
		{"image kind", func(t *Template) { el(t).Type = TypeImage; el(t).PNGBase64 = tinyPNG }, "front element 1: png_base64 holds no PNG or JPEG image", MsgImageKind, "png_base64"},
		{"radius", func(t *Template) { el(t).Type = TypeRect; el(t).Radius = -1 }, "front element 1: radius -1 must be 0 or more", MsgRadius, "radius"},
		{"value empty", func(t *Template) { t.Front.Elements[1].Value = " " }, "front element 2: a barcode needs a value", MsgValueEmpty, "value"},
		{"field in text", func(t *Template) { el(t).Text = "{first_name} {foo}" }, "front element 1: {foo} is not a merge field; use one of " + fieldList(), MsgField, "text"},
		{"field in value", func(t *Template) { t.Front.Elements[1].Value = "{badge_no}" }, "front element 2: {badge_no} is not a merge field; use one of " + fieldList(), MsgField, "value"},
		{"fixed value too big", func(t *Template) {
			t.Front.Elements[1].Value = strings.Repeat("X", 300)
			t.Front.Elements[1].W = 10
			t.Front.Elements[1].H = 10
		},
			"front element 2: the QR code of \"" + strings.Repeat("X", 39) + "…\" needs a box of at least 16.25 × 16.25 mm to scan; the box is 10 × 10 mm", MsgBarcodeFit, "w"},
		{"fixed value not encodable", func(t *Template) {
			t.Front.Elements[1].Symbology = "code39"
			t.Front.Elements[1].Value = "Zoë"
			t.Front.Elements[1].W = 60
			t.Front.Elements[1].X = 20
		},
			`front element 2: a Code 39 code cannot hold "Zoë"`, MsgBarcodeValue, "value"},
		{"back element", func(t *Template) { t.Back = &Side{Elements: []Element{{Type: TypeEllipse, X: 80, Y: 1, W: 10, H: 10}}} },
			"back element 1: the box (x 80, y 1, 10 × 10 mm) reaches outside the 85.6 × 53.98 mm card", MsgOutside, "w"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tpl := validTemplate()
			tc.change(tpl)
			err := tpl.Check()
			var be *Error
			if !errors.As(err, &be) {
				t.Fatalf("Check() = %v, want an *Error", err)
			}
			if got := err.Error(); got != tc.want {
				t.Errorf("Check():\n got %q\nwant %q", got, tc.want)
			}
			if len(be.Problems) != 1 {
				t.Fatalf("%d problems, want 1", len(be.Problems))
			}
			p := be.Problems[0]
			if p.ID != tc.id || p.Key != tc.key {
				t.Errorf("ID, Key = %q, %q; want %q, %q", p.ID, p.Key, tc.id, tc.key)
			}
			// The file's name leads every line.
			data, _ := jsonOf(tpl)
			_, perr := Parse("visitor.json", data)
			if perr == nil || perr.Error() != "visitor.json: "+tc.want {
				t.Errorf("Parse() = %v, want %q", perr, "visitor.json: "+tc.want)
			}
		})
	}
	if err := validTemplate().Check(); err != nil {
		t.Errorf("the valid template: %v", err)
	}
}

// TestCheckListsEveryProblem: one line per problem, in order.
func TestCheckListsEveryProblem(t *testing.T) {
	tpl := validTemplate()
	tpl.Name = ""
	tpl.Front.Elements[0].Color = "black"
	tpl.Front.Elements[1].Value = "{nr}"
	err := tpl.Check()
	want := "the template needs a name\n" +
		`front element 1: color "black" is not a colour; write #rrggbb, or "" for none` + "\n" +
		"front element 2: {nr} is not a merge field; use one of " + fieldList()
	if err == nil || err.Error() != want {
		t.Errorf("Check() =\n%v\nwant\n%s", err, want)
	}
}

func TestEveryMessageHasEnglish(t *testing.T) {
	for id, s := range ProblemMessages {
		if !strings.HasPrefix(id, "badge.problem.") || s == "" {
			t.Errorf("%q: %q", id, s)
		}
	}
	if !slices.Contains(MergeFields, "today") {
		t.Error("today is a merge field")
	}
}
