package badge

import (
	"crypto/sha256"
	"encoding/hex"
	"math"
	"strings"
)

// Badge is what one printed card is made of.
type Badge struct {
	Values Values
	Photo  []byte  // PNG or JPEG; nil: a neutral placeholder
	CropX  float64 // the photo's crop centre, 0..1 of its width; 0 and 0: the middle
	CropY  float64
}

// rgb is a colour; ok false is "none".
type rgb struct {
	r, g, b uint8
	ok      bool
}

var black = rgb{0, 0, 0, true}

func (c rgb) isBlack() bool { return c.ok && c.r == 0 && c.g == 0 && c.b == 0 }

func parseColor(s string) rgb {
	if len(s) != 7 || s[0] != '#' {
		return rgb{}
	}
	h := func(i int) uint8 {
		v := 0
		for _, c := range s[i : i+2] {
			v <<= 4
			switch {
			case c >= '0' && c <= '9':
				v |= int(c - '0')
			case c >= 'a' && c <= 'f':
				v |= int(c-'a') + 10
			case c >= 'A' && c <= 'F':
				v |= int(c-'A') + 10
			}
		}
		return uint8(v)
	}
	return rgb{h(1), h(3), h(5), true}
}

// The layout of one side is a list of drawing operations in millimetres,
// which the PDF and the raster output both draw: what the preview shows is
// what prints.
type opKind int

const (
	opShape   opKind = iota // rectangle (rounded) or ellipse, fill and/or stroke
	opImage                 // a picture, clipped to the box
	opText                  // lines of text, clipped to the box
	opModules               // barcode modules: pure rectangles
)

// strokeMM is the width of shape outlines, drawn inside the box.
const strokeMM = 0.25

type op struct {
	kind opKind
	box  mmRect // the element's box: everything is clipped to it

	// shapes
	ellipse      bool
	radius       float64
	fill, stroke rgb

	// images: the picture drawn at draw (which may be larger than box)
	img  *picture
	draw mmRect

	// text
	style fontStyle
	size  float64 // points
	color rgb
	lines []textLine

	// barcodes
	mods []mmRect
}

type textLine struct {
	x, baseline float64
	s           string
}

// picture is one PNG or JPEG, named by its content so each is embedded
// (and decoded) once.
type picture struct {
	key  string
	data []byte
	info imgInfo
}

func newPicture(data []byte) (*picture, error) {
	info, err := imageInfo(data)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(data)
	return &picture{key: hex.EncodeToString(sum[:16]), data: data, info: info}, nil
}

// page is the layout of one side.
type page struct {
	w, h float64
	bg   rgb
	ops  []op
}

// painter is one of the layout's two outputs, the PDF and the raster
// image; each draws every kind of op its own way.
type painter interface {
	shape(o *op)
	image(o *op) error
	text(o *op) error
	modules(o *op)
	// failed is what went wrong drawing, for an output that keeps its
	// errors instead of returning them (fpdf does).
	failed() error
}

// paint draws the ops of pg on p in order and stops at the first error.
func (pg *page) paint(p painter) error {
	for i := range pg.ops {
		o := &pg.ops[i]
		var err error
		switch o.kind {
		case opShape:
			p.shape(o)
		case opImage:
			err = p.image(o)
		case opText:
			err = p.text(o)
		case opModules:
			p.modules(o)
		}
		if err == nil {
			err = p.failed()
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// CheckBadge reports as an *Error what stops b from being printed with t:
// a barcode whose merged value is empty, cannot be encoded or does not fit
// its box, or a photo that is no PNG or JPEG. Batch printing can leave
// such badges out before WritePDF.
func (t *Template) CheckBadge(b Badge) error {
	if err := t.Check(); err != nil {
		return err
	}
	var all []Problem
	for _, side := range t.Sides() {
		if _, err := layout(t, side, &b, map[string]*picture{}); err != nil {
			all = append(all, err.(*Error).Problems...)
		}
	}
	if len(all) > 0 {
		return &Error{Problems: all}
	}
	return nil
}

// layout lays out one side of b; problems of the merged badge (a code that
// does not fit, a bad photo) come back as an *Error.
func layout(t *Template, sideName string, b *Badge, pics map[string]*picture) (*page, error) {
	s := t.side(sideName)
	if s == nil {
		return nil, &Error{Problems: []Problem{problem("", 0, "", MsgSide, map[string]any{"Value": sideName})}}
	}
	w, h := t.CardSize()
	pg := &page{w: w, h: h, bg: parseColor(s.Background), ops: make([]op, 0, len(s.Elements)+4)}
	var ps []Problem
	for i := range s.Elements {
		e := &s.Elements[i]
		box := mmRect{e.X, e.Y, e.W, e.H}
		switch e.Type {
		case TypeRect, TypeEllipse:
			pg.ops = append(pg.ops, op{kind: opShape, box: box, ellipse: e.Type == TypeEllipse,
				radius: e.Radius, fill: parseColor(e.Fill), stroke: parseColor(e.Stroke)})
		case TypeText:
			pg.ops = append(pg.ops, layoutText(e, Merge(e.Text, b.Values)))
		case TypeBarcode:
			value := Merge(e.Value, b.Values)
			if value == "" {
				ps = append(ps, problem(sideName, i+1, "value", MsgBarcodeMerged, map[string]any{"Value": e.Value}))
				continue
			}
			mods, p := barcodeModules(e, value)
			if p != nil {
				p.Side, p.Element = sideName, i+1
				ps = append(ps, *p)
				continue
			}
			if c := parseColor(e.Fill); c.ok {
				pg.ops = append(pg.ops, op{kind: opShape, box: box, fill: c})
			}
			c := parseColor(e.Color)
			if !c.ok {
				c = black
			}
			pg.ops = append(pg.ops, op{kind: opModules, box: box, color: c, mods: mods})
		case TypeImage:
			pic, err := cachedPicture(pics, "i:"+e.PNGBase64, func() ([]byte, error) { return decodeBase64(e.PNGBase64) })
			if err != nil {
				ps = append(ps, problem(sideName, i+1, "png_base64", MsgImageKind, nil))
				continue
			}
			pg.ops = append(pg.ops, op{kind: opImage, box: box, img: pic, draw: fitImage(box, pic.info, e.Fit, 0.5, 0.5)})
		case TypePhoto:
			if len(b.Photo) == 0 {
				pg.ops = append(pg.ops, placeholder(box)...)
				continue
			}
			pic, err := cachedPicture(pics, "", func() ([]byte, error) { return b.Photo, nil })
			if err != nil {
				ps = append(ps, problem(sideName, i+1, "", MsgPhoto, nil))
				continue
			}
			cx, cy := b.CropX, b.CropY
			if cx == 0 && cy == 0 {
				cx, cy = 0.5, 0.5
			}
			fit := e.Fit
			if fit == "" {
				fit = "fill"
			}
			pg.ops = append(pg.ops, op{kind: opImage, box: box, img: pic, draw: fitImage(box, pic.info, fit, cx, cy)})
		}
	}
	if len(ps) > 0 {
		return nil, &Error{Problems: ps}
	}
	return pg, nil
}

// cachedPicture finds a picture of the document by key ("" for photos,
// which are named by content), or reads and adds it.
func cachedPicture(pics map[string]*picture, key string, read func() ([]byte, error)) (*picture, error) {
	if key != "" && pics != nil {
		if p := pics[key]; p != nil {
			return p, nil
		}
	}
	data, err := read()
	if err != nil {
		return nil, err
	}
	p, err := newPicture(data)
	if err != nil {
		return nil, err
	}
	if pics != nil {
		if q := pics[p.key]; q != nil {
			p = q
		} else {
			pics[p.key] = p
		}
		if key != "" {
			pics[key] = p
		}
	}
	return p, nil
}

// fitImage places a picture for box: "fill" covers the box, keeping the
// point (cx, cy) of the picture as near the box's centre as covering
// allows; "contain" shows it whole, centred.
func fitImage(box mmRect, info imgInfo, fit string, cx, cy float64) mmRect {
	iw, ih := float64(info.w), float64(info.h)
	if fit == "fill" {
		s := math.Max(box.w/iw, box.h/ih)
		dw, dh := iw*s, ih*s
		x := box.x + box.w/2 - cx*dw
		y := box.y + box.h/2 - cy*dh
		x = math.Min(box.x, math.Max(box.x+box.w-dw, x))
		y = math.Min(box.y, math.Max(box.y+box.h-dh, y))
		return mmRect{x, y, dw, dh}
	}
	s := math.Min(box.w/iw, box.h/ih)
	dw, dh := iw*s, ih*s
	return mmRect{box.x + (box.w-dw)/2, box.y + (box.h-dh)/2, dw, dh}
}

// placeholder is the neutral stand-in for a missing photo: a head and
// shoulders in grey.
func placeholder(box mmRect) []op {
	bg := rgb{0xe4, 0xe7, 0xeb, true}
	fg := rgb{0xb4, 0xbb, 0xc4, true}
	s := math.Min(box.w, box.h*0.8)
	cx := box.x + box.w/2
	head := s * 0.2
	headY := box.y + box.h*0.42
	shW, shH := s*0.4, s*0.3
	return []op{
		{kind: opShape, box: box, fill: bg},
		{kind: opShape, box: box, ellipse: true, fill: fg,
			draw: mmRect{cx - shW, headY + head*1.25, 2 * shW, 2 * shH}},
		{kind: opShape, box: box, ellipse: true, fill: fg,
			draw: mmRect{cx - head, headY - head, 2 * head, 2 * head}},
	}
}

// shapeRect is where a shape is drawn: its box, or draw when set (the
// placeholder's parts, clipped to the box).
func (o *op) shapeRect() mmRect {
	if o.draw.w > 0 {
		return o.draw
	}
	return o.box
}

// layoutText breaks and sizes text for its box: words wrap on spaces
// within the box's width; when the lines do not fit and the element
// shrinks, the size goes down (to MinShrinkSize) until they do; what
// still does not fit ends in "…" and is clipped to the box.
func layoutText(e *Element, text string) op {
	style := styleOf(e.Bold, e.Italic)
	f := faceOf(style)
	size := e.FontSize
	if size == 0 {
		size = DefaultFont
	}
	c := parseColor(e.Color)
	if !c.ok {
		c = black
	}
	o := op{kind: opText, box: mmRect{e.X, e.Y, e.W, e.H}, style: style, color: c}
	text = f.printable(text)
	if strings.TrimSpace(text) == "" {
		o.size = size
		return o
	}
	lines, fits := wrapText(f, text, e.W, e.H, size)
	if !fits && e.Shrink && size > MinShrinkSize {
		for s := math.Ceil(size*4)/4 - 0.25; s >= MinShrinkSize-1e-9; s -= 0.25 {
			size = s
			if lines, fits = wrapText(f, text, e.W, e.H, size); fits {
				break
			}
		}
	}
	lineH := size * ptMM * lineHeightEm
	if !fits {
		maxLines := max(1, int(math.Floor((e.H+1e-9)/lineH)))
		cut := len(lines) > maxLines
		if cut {
			lines = lines[:maxLines]
		}
		for i := range lines {
			last := i == len(lines)-1
			if f.width(lines[i], size) > e.W || (cut && last) {
				lines[i] = ellipsize(f, lines[i], e.W, size, cut && last)
			}
		}
	}
	o.size = size
	top := e.Y + (e.H-float64(len(lines))*lineH)/2
	for i, s := range lines {
		lw := f.width(s, size)
		x := e.X
		switch e.Align {
		case "center":
			x += (e.W - lw) / 2
		case "right":
			x += e.W - lw
		}
		o.lines = append(o.lines, textLine{x: x, baseline: top + float64(i)*lineH + baselineEm*size*ptMM, s: s})
	}
	return o
}

// wrapText breaks text into lines no wider than w where spaces allow, and
// says whether all lines fit the w × h box at size.
func wrapText(f *face, text string, w, h, size float64) ([]string, bool) {
	var lines []string
	fits := true
	space := f.width(" ", size)
	for _, para := range strings.Split(text, "\n") {
		words := strings.Fields(para)
		if len(words) == 0 {
			lines = append(lines, "")
			continue
		}
		line, lw := words[0], f.width(words[0], size)
		for _, word := range words[1:] {
			ww := f.width(word, size)
			if lw+space+ww <= w {
				line += " " + word
				lw += space + ww
				continue
			}
			lines = append(lines, line)
			fits = fits && lw <= w
			line, lw = word, ww
		}
		lines = append(lines, line)
		fits = fits && lw <= w
	}
	lineH := size * ptMM * lineHeightEm
	return lines, fits && float64(len(lines))*lineH <= h+1e-9
}

// ellipsize shortens s until it and "…" fit w.
func ellipsize(f *face, s string, w, size float64, always bool) string {
	if !always && f.width(s, size) <= w {
		return s
	}
	r := []rune(strings.TrimRight(s, " "))
	for len(r) > 0 && f.width(string(r)+"…", size) > w {
		r = r[:len(r)-1]
	}
	return strings.TrimRight(string(r), " ") + "…"
}
