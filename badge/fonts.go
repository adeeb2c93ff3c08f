package badge

import (
	"fmt"
	"sync"

	"github.com/carddesk/carddesk/assets/fonts"
	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// The four faces of the one font family badges use, the same files for PDF
// and raster output so both measure and break text alike.
type fontStyle int

const (
	styleRegular fontStyle = iota
	styleBold
	styleItalic
	styleBoldItalic
)

var fontFiles = [...]string{fonts.Regular, fonts.Bold, fonts.Italic, fonts.BoldItalic}

// pdfStyle is the fpdf style string of each face.
var pdfStyle = [...]string{"", "B", "I", "BI"}

func styleOf(bold, italic bool) fontStyle {
	switch {
	case bold && italic:
		return styleBoldItalic
	case bold:
		return styleBold
	case italic:
		return styleItalic
	}
	return styleRegular
}

// Text line geometry, in ems of the font size: the height of a line and
// where its baseline sits below the line's top.
const (
	lineHeightEm = 1.25
	baselineEm   = 0.92
)

// ptMM is one point in millimetres.
const ptMM = 25.4 / 72

// face is one parsed font file with a cache of advance widths.
type face struct {
	data []byte
	font *sfnt.Font
	upem float64

	mu    sync.Mutex
	buf   sfnt.Buffer
	latin [0x250]float32 // advance in ems of runes below U+0250; 0: not yet known
	other map[rune]float64
	has   map[rune]bool
}

var (
	facesOnce sync.Once
	faces     [4]*face
	facesErr  error
)

func loadFaces() error {
	facesOnce.Do(func() {
		for i, name := range fontFiles {
			data, err := fonts.FS.ReadFile(name)
			if err != nil {
				facesErr = fmt.Errorf("badge: font %s: %w", name, err)
				return
			}
			f, err := opentype.Parse(data)
			if err != nil {
				facesErr = fmt.Errorf("badge: font %s: %w", name, err)
				return
			}
			faces[i] = &face{data: data, font: f, upem: float64(f.UnitsPerEm()), other: map[rune]float64{}, has: map[rune]bool{}}
		}
	})
	return facesErr
}

func faceOf(s fontStyle) *face {
	if err := loadFaces(); err != nil {
		panic(err) // the embedded fonts are part of the binary
	}
	return faces[s]
}

// advance is the advance width of r in ems.
func (f *face) advance(r rune) float64 {
	f.mu.Lock()
	defer f.mu.Unlock()
	if r >= 0 && r < rune(len(f.latin)) {
		if a := f.latin[r]; a != 0 {
			return float64(a)
		}
	} else if a, ok := f.other[r]; ok {
		return a
	}
	a := 0.0
	ppem := fixed.Int26_6(f.font.UnitsPerEm()) << 6
	if gi, err := f.font.GlyphIndex(&f.buf, r); err == nil {
		if adv, err := f.font.GlyphAdvance(&f.buf, gi, ppem, font.HintingNone); err == nil {
			a = float64(adv) / 64 / f.upem
		}
	}
	if r >= 0 && r < rune(len(f.latin)) {
		if a == 0 {
			a = 1e-9 // known to be zero wide
		}
		f.latin[r] = float32(a)
	} else {
		f.other[r] = a
	}
	return a
}

// width is the width of s in millimetres at size points.
func (f *face) width(s string, size float64) float64 {
	em := 0.0
	for _, r := range s {
		em += f.advance(r)
	}
	return em * size * ptMM
}

// missingGlyph stands in for a character the font does not have.
const missingGlyph = '?'

// covers says whether the font has a glyph for r; the PDF writer cannot
// take characters beyond the Basic Multilingual Plane at all.
func (f *face) covers(r rune) bool {
	if r > 0xffff || r < 0x20 {
		return false
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if ok, known := f.has[r]; known {
		return ok
	}
	gi, err := f.font.GlyphIndex(&f.buf, r)
	ok := err == nil && gi != 0
	f.has[r] = ok
	return ok
}

// printable is text as the font can print it: line breaks kept, other
// control characters as spaces, characters the font lacks as "?".
func (f *face) printable(text string) string {
	clean := true
	for _, r := range text {
		if r >= 0x7f || r < 0x20 {
			clean = false
			break
		}
	}
	if clean {
		return text
	}
	out := make([]rune, 0, len(text))
	for _, r := range text {
		switch {
		case r == '\n':
		case r < 0x20 || r == 0x7f:
			r = ' '
		case !f.covers(r):
			r = missingGlyph
		}
		out = append(out, r)
	}
	return string(out)
}
