package badge

import (
	"errors"
	"image"
)

// This file opens the layout to outputs outside the package, such as a
// printer driver that sends pure black to the card's resin panel and the
// rest as a colour bitmap: Layout gives a side's items in millimetres and
// DrawItems draws any of them with the raster output.

// Color is an #rrggbb colour; Set false is "none".
type Color struct {
	R, G, B uint8
	Set     bool
}

// IsBlack says whether c is pure black (#000000).
func (c Color) IsBlack() bool { return c.Set && c.R == 0 && c.G == 0 && c.B == 0 }

func colorOf(c rgb) Color { return Color{c.r, c.g, c.b, c.ok} }
func (c Color) rgb() rgb  { return rgb{c.R, c.G, c.B, c.Set} }

// Rect is a rectangle in millimetres on the side, from its top-left corner.
type Rect struct{ X, Y, W, H float64 }

func rectOf(m mmRect) Rect { return Rect{m.x, m.y, m.w, m.h} }
func (r Rect) mm() mmRect  { return mmRect{r.X, r.Y, r.W, r.H} }

// ItemKind is what an Item draws.
type ItemKind int

// The kinds of Item.
const (
	ItemShape   ItemKind = iota // a rectangle (Radius rounds it) or an ellipse, Fill and/or Stroke
	ItemImage                   // a photo or image, clipped to Box
	ItemText                    // lines of text in Color, clipped to Box
	ItemModules                 // a barcode's dark modules in Color
)

// Item is one drawing operation of a side's layout, in z-order. Every
// item is clipped to Box.
type Item struct {
	Kind ItemKind
	Box  Rect

	// ItemShape: the shape is drawn at Draw when it is set (the parts of
	// a missing photo's placeholder), else at Box; Stroke is an outline
	// 0.25 mm wide inside it. ItemImage: where the picture is drawn
	// (larger than Box when it fills the box).
	Draw    Rect
	Ellipse bool
	Radius  float64
	Fill    Color
	Stroke  Color

	// ItemText and ItemModules: the colour of the text or of the code.
	Color Color

	// ItemText: the font size in points, the face, and each line's start
	// and baseline in millimetres.
	Size         float64
	Bold, Italic bool
	Lines        []TextLine

	// ItemModules: the dark modules, rows of merged runs.
	Modules []Rect

	pic *picture // ItemImage
}

// TextLine is one line of an ItemText: its text starts at X, on the
// baseline at Baseline (millimetres).
type TextLine struct {
	X, Baseline float64
	Text        string
}

// SideLayout is one laid-out side: its size in millimetres, its
// background (Set false: white) and its items, first drawn first.
type SideLayout struct {
	W, H       float64
	Background Color
	Items      []Item
}

// Layout lays out one side of b with t, the same layout WritePDF and
// Render draw. Problems of the merged badge come back as an *Error, as
// from CheckBadge.
func Layout(t *Template, side string, b Badge) (*SideLayout, error) {
	if err := t.Check(); err != nil {
		return nil, err
	}
	pg, err := layout(t, side, &b, map[string]*picture{})
	if err != nil {
		return nil, err
	}
	l := &SideLayout{W: pg.w, H: pg.h, Background: colorOf(pg.bg), Items: make([]Item, 0, len(pg.ops))}
	for i := range pg.ops {
		l.Items = append(l.Items, itemOf(&pg.ops[i]))
	}
	return l, nil
}

func itemOf(o *op) Item {
	it := Item{Box: rectOf(o.box), Draw: rectOf(o.draw)}
	switch o.kind {
	case opShape:
		it.Kind, it.Ellipse, it.Radius = ItemShape, o.ellipse, o.radius
		it.Fill, it.Stroke = colorOf(o.fill), colorOf(o.stroke)
	case opImage:
		it.Kind, it.pic = ItemImage, o.img
	case opText:
		it.Kind, it.Color, it.Size = ItemText, colorOf(o.color), o.size
		it.Bold = o.style == styleBold || o.style == styleBoldItalic
		it.Italic = o.style == styleItalic || o.style == styleBoldItalic
		for _, l := range o.lines {
			it.Lines = append(it.Lines, TextLine{X: l.x, Baseline: l.baseline, Text: l.s})
		}
	case opModules:
		it.Kind, it.Color = ItemModules, colorOf(o.color)
		for _, m := range o.mods {
			it.Modules = append(it.Modules, rectOf(m))
		}
	}
	return it
}

func (it *Item) op() (op, error) {
	o := op{box: it.Box.mm(), draw: it.Draw.mm()}
	switch it.Kind {
	case ItemShape:
		o.kind, o.ellipse, o.radius = opShape, it.Ellipse, it.Radius
		o.fill, o.stroke = it.Fill.rgb(), it.Stroke.rgb()
	case ItemImage:
		if it.pic == nil {
			return op{}, errors.New("badge: an image item that does not come from Layout")
		}
		o.kind, o.img = opImage, it.pic
	case ItemText:
		o.kind, o.color, o.size, o.style = opText, it.Color.rgb(), it.Size, styleOf(it.Bold, it.Italic)
		for _, l := range it.Lines {
			o.lines = append(o.lines, textLine{x: l.X, baseline: l.Baseline, s: l.Text})
		}
	case ItemModules:
		o.kind, o.color = opModules, it.Color.rgb()
		for _, m := range it.Modules {
			o.mods = append(o.mods, m.mm())
		}
	default:
		return op{}, errors.New("badge: unknown item kind")
	}
	return o, nil
}

// DrawItems draws items in order on dst with Render's raster output at
// dpi (dst's origin is the side's top-left corner, one pixel is 1/dpi
// inch). It paints no background: on a transparent dst, each pixel's
// alpha says how much the items cover it. Black text and codes are pure
// black pixels, as in Render.
func DrawItems(dst *image.RGBA, dpi float64, items []Item) error {
	if !(dpi > 0 && dpi <= MaxDPI) {
		return errors.New("badge: dpi must be more than 0 and at most 1200")
	}
	if dst.Bounds().Min != (image.Point{}) {
		return errors.New("badge: DrawItems needs an image whose bounds start at 0,0")
	}
	pg := page{ops: make([]op, 0, len(items))}
	for i := range items {
		o, err := items[i].op()
		if err != nil {
			return err
		}
		pg.ops = append(pg.ops, o)
	}
	r := raster{img: dst, s: dpi / 25.4, dpi: dpi}
	return pg.paint(&r)
}
