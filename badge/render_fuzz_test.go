package badge

import (
	"bytes"
	"encoding/base64"
	"errors"
	"image"
	"image/color"
	"image/png"
	"io"
	"testing"
)

// FuzzParseRender: a template file that Parse accepts is one the desk can
// show and print: each of its sides renders and the whole writes as a PDF,
// with no error and within the card's size. Parse is where an imported
// file's pictures are first looked at, so whatever it lets through reaches
// the decoders here.
func FuzzParseRender(f *testing.F) {
	f.Add([]byte(employeeJSON()))
	if data, err := validTemplate().JSON(); err == nil {
		f.Add(data)
	}
	var pic bytes.Buffer
	img := image.NewNRGBA(image.Rect(0, 0, 3, 2))
	img.Set(1, 1, color.NRGBA{200, 10, 10, 255})
	_ = png.Encode(&pic, img)
	withImage := validTemplate()
	withImage.Back = &Side{Elements: []Element{{Type: TypeImage, X: 10, Y: 10, W: 30, H: 20, Fit: "contain",
		PNGBase64: base64.StdEncoding.EncodeToString(pic.Bytes())}}}
	if data, err := withImage.JSON(); err == nil {
		f.Add(data)
	}
	values := Values{}
	for _, name := range MergeFields {
		values[name] = "1234567890"
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		tpl, err := Parse("fuzz.json", data)
		if err != nil {
			return // FuzzParse checks the refusals
		}
		const dpi = 20
		sides := []string{Front}
		if tpl.Back != nil {
			sides = append(sides, Back)
		}
		for _, side := range sides {
			img, err := Render(tpl, side, Badge{Values: values}, dpi)
			if dataProblem(err) {
				return
			}
			if err != nil {
				t.Fatalf("Parse accepted a template whose %s does not render: %v", side, err)
			}
			if b := img.Bounds(); b.Dx() <= 0 || b.Dy() <= 0 || b.Dx() > 100 || b.Dy() > 100 {
				t.Fatalf("%s renders %v at %d dpi", side, b, dpi)
			}
		}
		if err := WritePDF(io.Discard, tpl, []Badge{{Values: values}}); err != nil && !dataProblem(err) {
			t.Fatalf("Parse accepted a template that does not print: %v", err)
		}
	})
}

// dataProblem: the cardholder's data does not fit a barcode. That depends
// on the data merged in, not on the template, so Parse cannot refuse it.
func dataProblem(err error) bool {
	var be *Error
	if !errors.As(err, &be) {
		return false
	}
	for _, p := range be.Problems {
		switch p.ID {
		case MsgBarcodeValue, MsgBarcodeMerged, MsgBarcodeFit:
		default:
			return false
		}
	}
	return true
}
