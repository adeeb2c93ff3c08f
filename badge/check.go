package badge

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"image"
	_ "image/jpeg" // photos and images
	_ "image/png"
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Limits Check enforces.
const (
	MinFontSize    = 4  // points
	MaxFontSize    = 72 // points
	MinShrinkSize  = 5  // points: shrink stops here
	DefaultFont    = 10 // points, when font_size is 0
	maxNameRunes   = 100
	outsideTolerMM = 0.01
)

var (
	elementTypes = []string{TypeText, TypePhoto, TypeImage, TypeBarcode, TypeRect, TypeEllipse}
	symbologies  = []string{"code128", "code39", "qr", "pdf417", "datamatrix"}
)

// CardSize is the width and height of a side in millimetres, as the
// orientation puts them.
func (t *Template) CardSize() (w, h float64) {
	w, h = 85.6, 53.98
	if t.Orientation == Portrait {
		w, h = h, w
	}
	return w, h
}

// Sides lists the sides t has: Front, and Back when two-sided.
func (t *Template) Sides() []string {
	if t.Back != nil {
		return []string{Front, Back}
	}
	return []string{Front}
}

func (t *Template) side(name string) *Side {
	switch name {
	case Front:
		return &t.Front
	case Back:
		return t.Back
	}
	return nil
}

// num writes a length or size for a message: at most two decimals.
func num(v float64) string {
	return strconv.FormatFloat(math.Round(v*100)/100, 'f', -1, 64)
}

// Check reports every problem of t as an *Error, or nil.
func (t *Template) Check() error {
	var ps []Problem
	add := func(side string, el int, key, id string, data map[string]any) {
		ps = append(ps, problem(side, el, key, id, data))
	}
	if t.Format != FormatName {
		add("", 0, "format", MsgFormat, map[string]any{"Value": t.Format, "Want": FormatName})
	}
	if t.Version != Version {
		add("", 0, "version", MsgVersion, map[string]any{"Value": t.Version, "Want": Version})
	}
	switch name := strings.TrimSpace(t.Name); {
	case name == "":
		add("", 0, "name", MsgNameRequired, nil)
	case utf8.RuneCountInString(t.Name) > maxNameRunes || strings.IndexFunc(t.Name, unicode.IsControl) >= 0:
		add("", 0, "name", MsgNameLine, map[string]any{"Max": maxNameRunes})
	}
	if t.Size != SizeCR80 {
		add("", 0, "size", MsgSize, map[string]any{"Value": t.Size, "Allowed": SizeCR80})
	}
	if t.Orientation != Landscape && t.Orientation != Portrait {
		add("", 0, "orientation", MsgOrientation, map[string]any{"Value": t.Orientation})
	}
	for _, name := range t.Sides() {
		s := t.side(name)
		if !isColor(s.Background) {
			add(name, 0, "background", MsgColor, map[string]any{"Key": "background", "Value": s.Background})
		}
		for i := range s.Elements {
			ps = append(ps, t.checkElement(name, i+1, &s.Elements[i])...)
		}
	}
	if len(ps) > 0 {
		return &Error{Problems: ps}
	}
	return nil
}

func (t *Template) checkElement(side string, n int, e *Element) []Problem {
	var ps []Problem
	add := func(key, id string, data map[string]any) {
		ps = append(ps, problem(side, n, key, id, data))
	}
	known := true
	if !oneOf(e.Type, elementTypes) {
		known = false
		add("type", MsgType, map[string]any{"Value": e.Type, "Allowed": strings.Join(elementTypes, ", ")})
	}
	// The box.
	okBox := true
	for _, d := range []struct {
		key string
		v   float64
	}{{"w", e.W}, {"h", e.H}} {
		if !(d.v > 0) || math.IsInf(d.v, 0) {
			okBox = false
			add(d.key, MsgBoxEmpty, map[string]any{"Key": d.key, "Value": num(d.v)})
		}
	}
	if okBox {
		cw, ch := t.CardSize()
		key := ""
		switch {
		case !(e.X >= -outsideTolerMM):
			key = "x"
		case !(e.X+e.W <= cw+outsideTolerMM):
			key = "w"
		case !(e.Y >= -outsideTolerMM):
			key = "y"
		case !(e.Y+e.H <= ch+outsideTolerMM):
			key = "h"
		}
		if key != "" {
			add(key, MsgOutside, map[string]any{"X": num(e.X), "Y": num(e.Y), "W": num(e.W), "H": num(e.H),
				"CardW": num(cw), "CardH": num(ch)})
		}
	}
	// Values that are wrong whatever the type.
	for _, c := range []struct{ key, v string }{{"color", e.Color}, {"fill", e.Fill}, {"stroke", e.Stroke}} {
		if !isColor(c.v) {
			add(c.key, MsgColor, map[string]any{"Key": c.key, "Value": c.v})
		}
	}
	if e.FontSize != 0 && !(e.FontSize >= MinFontSize && e.FontSize <= MaxFontSize) {
		add("font_size", MsgFontSize, map[string]any{"Value": num(e.FontSize), "Min": MinFontSize, "Max": MaxFontSize})
	}
	if e.Align != "" && !oneOf(e.Align, []string{"left", "center", "right"}) {
		add("align", MsgAlign, map[string]any{"Value": e.Align})
	}
	if e.Fit != "" && !oneOf(e.Fit, []string{"fill", "contain"}) {
		add("fit", MsgFit, map[string]any{"Value": e.Fit})
	}
	if (e.Symbology != "" || e.Type == TypeBarcode) && !oneOf(e.Symbology, symbologies) {
		add("symbology", MsgSymbology, map[string]any{"Value": e.Symbology, "Allowed": strings.Join(symbologies, ", ")})
	}
	if !(e.Radius >= 0) || math.IsInf(e.Radius, 0) {
		add("radius", MsgRadius, map[string]any{"Value": num(e.Radius)})
	}
	for _, f := range []struct{ key, v string }{{"text", e.Text}, {"value", e.Value}} {
		for _, name := range FieldsOf(f.v) {
			if !isMergeField(name) {
				add(f.key, MsgField, map[string]any{"Field": "{" + name + "}", "Allowed": fieldList()})
			}
		}
	}
	if e.Type == TypeImage || e.PNGBase64 != "" {
		if e.PNGBase64 == "" {
			add("png_base64", MsgImageMissing, nil)
		} else if data, err := decodeBase64(e.PNGBase64); err != nil {
			add("png_base64", MsgBase64, nil)
		} else if _, err := imageInfo(data); err != nil {
			var big *imageSizeError
			if errors.As(err, &big) {
				add("png_base64", MsgImageSize, map[string]any{"Width": big.w, "Height": big.h, "Max": maxImagePixels / 1_000_000})
			} else {
				add("png_base64", MsgImageKind, nil)
			}
		}
	}
	if known && e.Type == TypeBarcode {
		if strings.TrimSpace(e.Value) == "" {
			add("value", MsgValueEmpty, nil)
		} else if len(FieldsOf(e.Value)) == 0 && okBox && len(ps) == 0 {
			// A fixed value can be tried now.
			if _, p := barcodeModules(e, e.Value); p != nil {
				p.Side, p.Element = side, n
				ps = append(ps, *p)
			}
		}
	}
	return ps
}

func fieldList() string {
	s := make([]string, len(MergeFields))
	for i, f := range MergeFields {
		s[i] = "{" + f + "}"
	}
	return strings.Join(s, ", ")
}

func oneOf(s string, list []string) bool {
	for _, v := range list {
		if s == v {
			return true
		}
	}
	return false
}

// isColor: "" (none) or #rrggbb.
func isColor(s string) bool {
	if s == "" {
		return true
	}
	if len(s) != 7 || s[0] != '#' {
		return false
	}
	for _, c := range s[1:] {
		if !strings.ContainsRune("0123456789abcdefABCDEF", c) {
			return false
		}
	}
	return true
}

func decodeBase64(s string) ([]byte, error) {
	s = strings.TrimSpace(s)
	if i := strings.Index(s, ";base64,"); strings.HasPrefix(s, "data:") && i > 0 {
		s = s[i+len(";base64,"):]
	}
	data, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		data, err = base64.RawStdEncoding.DecodeString(s)
	}
	return data, err
}

// imgInfo is what a PNG or JPEG file is.
type imgInfo struct {
	kind string // "PNG" or "JPG", as fpdf names them
	w, h int
}

func imageInfo(data []byte) (imgInfo, error) {
	var kind string
	switch {
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		kind = "PNG"
	case bytes.HasPrefix(data, []byte{0xff, 0xd8, 0xff}):
		kind = "JPG"
	default:
		return imgInfo{}, errNotImage
	}
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil || cfg.Width <= 0 || cfg.Height <= 0 {
		return imgInfo{}, errNotImage
	}
	if int64(cfg.Width)*int64(cfg.Height) > maxImagePixels {
		return imgInfo{}, &imageSizeError{w: cfg.Width, h: cfg.Height}
	}
	return imgInfo{kind: kind, w: cfg.Width, h: cfg.Height}, nil
}

// maxImagePixels bounds a picture: decoding allocates the whole image at
// once from the size its header claims, so a template file of a few bytes
// claiming 60000 × 60000 pixels would take 14 GB when previewed. It admits
// every photo enroll accepts (6000 × 6000).
const maxImagePixels = 40_000_000

// imageSizeError is a picture of more than maxImagePixels.
type imageSizeError struct{ w, h int }

func (e *imageSizeError) Error() string {
	return fmt.Sprintf("badge: the image is %d × %d pixels; at most %d million are read", e.w, e.h, maxImagePixels/1_000_000)
}
