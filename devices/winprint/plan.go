// Package winprint prints badges through the Windows spooler with the
// printer's own (GDI) driver.
//
// It has two halves. The planner (this file, every OS) turns a template,
// the badges and the printer's profile and device capabilities into pages
// of device-unit drawing: one page per side, front then back, badge after
// badge; on each page one colour bitmap of the whole card and, drawn over
// it, the pure-black primitives: black rectangles and ellipses, barcode
// modules as rectangles, and black text and other black shapes as 1-bit
// masks. Card printer drivers put pure black drawn this way on the resin
// (K) panel, so nothing #000000 is left in the colour bitmap: its pixels
// there are white. Photos and images stay in the colour bitmap even where
// they are black. The spooler half (spool_windows.go) lists printers and
// draws a Plan with winspool and gdi32; elsewhere it reports that the
// spooler exists only on Windows.
package winprint

import (
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"math"

	"github.com/carddesk/carddesk/badge"
)

// Profile is the per-printer calibration an administrator sets.
type Profile struct {
	// OffsetX and OffsetY move the print on the card, in millimetres,
	// right and down as the card comes out of the printer (they are not
	// turned with a rotated back).
	OffsetX, OffsetY float64
	// Scale is the size of the print in percent around the card's
	// centre; 0 means 100.
	Scale float64
	// RotateBack turns the back 180°, for printers that flip the card
	// the other way.
	RotateBack bool
	// NoDuplex prints the sides of a two-sided template as separate
	// one-sided pages (the printer has no duplex unit, or it is off).
	NoDuplex bool
}

// Options are what a print asks for besides the badges.
type Options struct {
	Copies  int // of each badge; 0 means 1. The driver makes them (DEVMODE), pages are not repeated.
	Profile Profile
}

// Caps are the printer's device capabilities, as GetDeviceCaps reports
// them for the DC the job draws on, in device units.
type Caps struct {
	DPIX, DPIY           int // LOGPIXELSX, LOGPIXELSY
	OffsetX, OffsetY     int // PHYSICALOFFSETX, PHYSICALOFFSETY: where the DC's origin is on the page
	PhysicalW, PhysicalH int // PHYSICALWIDTH, PHYSICALHEIGHT; 0: the page is the card
}

// Orientation of the page, as DEVMODE's dmOrientation has it.
type Orientation int

// The orientations.
const (
	Portrait  Orientation = 1 // DMORIENT_PORTRAIT
	Landscape Orientation = 2 // DMORIENT_LANDSCAPE
)

// CR80 in tenths of a millimetre, as DEVMODE's dmPaperWidth and
// dmPaperLength take it (portrait: the width is the short edge).
const (
	CR80Width10  = 540
	CR80Length10 = 856
)

// Plan is a whole print job for the spooler.
type Plan struct {
	Orientation Orientation
	Duplex      bool // long-edge duplex (DMDUP_VERTICAL); false: simplex
	Copies      int
	Pages       []Page
}

// Page is one side of one badge, in device units of the DC (origin at
// the printable area's top-left corner).
type Page struct {
	Badge int    // index into the badges
	Side  string // badge.Front or badge.Back
	// Color is the colour bitmap of the whole card, stretched onto Dst.
	Color Bitmap
	// Black is drawn after Color, in order, in pure black.
	Black []Prim
}

// Bitmap is an image stretched onto the device rectangle Dst.
type Bitmap struct {
	Img *image.RGBA
	Dst image.Rectangle
}

// PrimKind is what a Prim draws.
type PrimKind int

// The kinds of Prim.
const (
	PrimRect    PrimKind = iota // Rect filled black
	PrimEllipse                 // the ellipse in Rect filled black, clipped to Clip
	PrimMask                    // Mask stretched onto Rect: black where the mask is set, the rest untouched
)

// Prim is one pure-black primitive in device units.
type Prim struct {
	Kind PrimKind
	Rect image.Rectangle
	Clip image.Rectangle // PrimEllipse
	// Mask is a 1-bit mask (each pixel 0 or 0xff; 0xff is black ink),
	// for PrimMask.
	Mask *image.Alpha
}

// NewPlan lays out the badges with t and plans their pages for a printer
// with caps. A badge that cannot be printed stops it with an error naming
// the badge when there are several.
func NewPlan(t *badge.Template, badges []badge.Badge, opts Options, caps Caps) (*Plan, error) {
	if err := t.Check(); err != nil {
		return nil, err
	}
	if len(badges) == 0 {
		return nil, errors.New("winprint: no badges to print")
	}
	if caps.DPIX <= 0 || caps.DPIY <= 0 {
		return nil, fmt.Errorf("winprint: the printer reports a resolution of %d × %d dpi", caps.DPIX, caps.DPIY)
	}
	scale := opts.Profile.Scale
	if scale == 0 {
		scale = 100
	}
	if !(scale >= 50 && scale <= 150) {
		return nil, fmt.Errorf("winprint: scale %v%% is outside 50–150%%", scale)
	}
	p := &Plan{}
	p.Orientation, p.Duplex, p.Copies = jobSettings(t, opts)
	// Bitmaps are drawn at the finer of the two resolutions, scaled: one
	// bitmap pixel per device pixel at 100%.
	rdpi := math.Min(float64(max(caps.DPIX, caps.DPIY))*scale/100, badge.MaxDPI)
	for i := range badges {
		for _, side := range t.Sides() {
			l, err := badge.Layout(t, side, badges[i])
			if err == nil {
				var pg Page
				pg, err = planPage(l, newXform(l, caps, opts.Profile, scale, side == badge.Back && opts.Profile.RotateBack), rdpi)
				pg.Badge, pg.Side = i, side
				p.Pages = append(p.Pages, pg)
			}
			if err != nil {
				if len(badges) > 1 {
					return nil, fmt.Errorf("badge %d of %d: %w", i+1, len(badges), err)
				}
				return nil, err
			}
		}
	}
	return p, nil
}

// jobSettings are the DEVMODE settings of a job: the template's
// orientation, duplex for a two-sided template unless the printer has
// none, and the copies.
func jobSettings(t *badge.Template, opts Options) (o Orientation, duplex bool, copies int) {
	o = Portrait
	if t.Orientation == badge.Landscape {
		o = Landscape
	}
	return o, t.Back != nil && !opts.Profile.NoDuplex, max(1, opts.Copies)
}

// xform takes millimetres on the side to device units: the card centred
// on the page, scaled around its centre, turned 180° for a rotated back,
// moved by the profile's offset, less the printable area's offset.
type xform struct {
	w, h       float64 // the side, mm
	rotate     bool
	s          float64 // scale factor
	cx, cy     float64 // the page's centre, mm
	offX, offY float64 // profile offset, mm
	ux, uy     float64 // device units per mm
	px, py     float64 // physical offset, device units
}

func newXform(l *badge.SideLayout, caps Caps, pr Profile, scale float64, rotate bool) xform {
	x := xform{w: l.W, h: l.H, rotate: rotate, s: scale / 100, offX: pr.OffsetX, offY: pr.OffsetY,
		ux: float64(caps.DPIX) / 25.4, uy: float64(caps.DPIY) / 25.4,
		px: float64(caps.OffsetX), py: float64(caps.OffsetY)}
	x.cx, x.cy = l.W/2, l.H/2
	if caps.PhysicalW > 0 && caps.PhysicalH > 0 {
		x.cx, x.cy = float64(caps.PhysicalW)/x.ux/2, float64(caps.PhysicalH)/x.uy/2
	}
	return x
}

// point is where the side's point (mx, my) lands, in device units.
func (x xform) point(mx, my float64) (float64, float64) {
	if x.rotate {
		mx, my = x.w-mx, x.h-my
	}
	px := x.cx + x.s*(mx-x.w/2) + x.offX
	py := x.cy + x.s*(my-x.h/2) + x.offY
	return px*x.ux - x.px, py*x.uy - x.py
}

// rect is the device rectangle of r, each edge rounded to the nearest
// unit so neighbouring rectangles share their edges.
func (x xform) rect(r badge.Rect) image.Rectangle {
	x0, y0 := x.point(r.X, r.Y)
	x1, y1 := x.point(r.X+r.W, r.Y+r.H)
	return image.Rect(int(math.Round(x0)), int(math.Round(y0)), int(math.Round(x1)), int(math.Round(y1)))
}

// bitmap is the device rectangle of a bitmap of size pixels at ps pixels
// per mm drawn at r: its corner rounded, its size scaled and rounded, so
// a bitmap at the device's resolution lands pixel for pixel.
func (x xform) bitmap(r badge.Rect, size image.Point, ps float64) image.Rectangle {
	x0, y0 := x.point(r.X, r.Y)
	x1, y1 := x.point(r.X+r.W, r.Y+r.H)
	at := image.Pt(int(math.Round(math.Min(x0, x1))), int(math.Round(math.Min(y0, y1))))
	w := int(math.Round(float64(size.X) * x.s * x.ux / ps))
	h := int(math.Round(float64(size.Y) * x.s * x.uy / ps))
	return image.Rectangle{Min: at, Max: at.Add(image.Pt(w, h))}
}

// black says whether an item prints in pure black only.
func black(it *badge.Item) bool {
	switch it.Kind {
	case badge.ItemText, badge.ItemModules:
		return it.Color.IsBlack()
	case badge.ItemShape:
		return (it.Fill.Set || it.Stroke.Set) && (!it.Fill.Set || it.Fill.IsBlack()) && (!it.Stroke.Set || it.Stroke.IsBlack())
	}
	return false // photos and images are colour bitmaps, however dark
}

// separate splits shapes whose fill and outline are one black and one
// colour into two items, fill first (the order the raster draws them).
func separate(items []badge.Item) []badge.Item {
	out := make([]badge.Item, 0, len(items))
	for _, it := range items {
		if it.Kind == badge.ItemShape && it.Fill.Set && it.Stroke.Set && it.Fill.IsBlack() != it.Stroke.IsBlack() {
			fill, stroke := it, it
			fill.Stroke, stroke.Fill = badge.Color{}, badge.Color{}
			out = append(out, fill, stroke)
			continue
		}
		out = append(out, it)
	}
	return out
}

func overlaps(a, b badge.Rect) bool {
	return a.X < b.X+b.W && b.X < a.X+a.W && a.Y < b.Y+b.H && b.Y < a.Y+a.H
}

func planPage(l *badge.SideLayout, x xform, rdpi float64) (Page, error) {
	items := separate(l.Items)
	ps := rdpi / 25.4
	bounds := image.Rect(0, 0, int(math.Round(l.W*ps)), int(math.Round(l.H*ps)))

	// The colour bitmap: the background and everything not pure black. A
	// black background is black ink under everything else.
	colour := image.NewRGBA(bounds)
	bg := color.RGBA{255, 255, 255, 255}
	if c := l.Background; c.IsBlack() {
		card := badge.Rect{W: l.W, H: l.H}
		items = append([]badge.Item{{Kind: badge.ItemShape, Box: card, Fill: c}}, items...)
	} else if c.Set {
		bg = color.RGBA{c.R, c.G, c.B, 255}
	}
	draw.Draw(colour, bounds, image.NewUniform(bg), image.Point{}, draw.Src)
	var coloured []badge.Item
	for i := range items {
		if !black(&items[i]) {
			coloured = append(coloured, items[i])
		}
	}
	if err := badge.DrawItems(colour, rdpi, coloured); err != nil {
		return Page{}, err
	}

	pg := Page{}
	ink := image.NewRGBA(bounds)   // one black item at a time
	cover := image.NewRGBA(bounds) // the colour items above it
	for i := range items {
		it := &items[i]
		if !black(it) {
			continue
		}
		clear(ink.Pix)
		if err := badge.DrawItems(ink, rdpi, []badge.Item{*it}); err != nil {
			return Page{}, err
		}
		// Colour drawn later over the black item hides it there.
		var above []badge.Item
		for j := i + 1; j < len(items); j++ {
			if !black(&items[j]) && overlaps(items[j].Box, it.Box) {
				above = append(above, items[j])
			}
		}
		covered := len(above) > 0
		if covered {
			clear(cover.Pix)
			if err := badge.DrawItems(cover, rdpi, above); err != nil {
				return Page{}, err
			}
		}
		// The mask: ink that shows; the colour bitmap is white under it.
		mask := image.NewAlpha(bounds)
		for p := 0; p < len(ink.Pix); p += 4 {
			if ink.Pix[p+3] < 0x80 || covered && cover.Pix[p+3] >= 0x80 {
				continue
			}
			mask.Pix[p/4] = 0xff
			copy(colour.Pix[p:p+4], []byte{255, 255, 255, 255})
		}
		if !covered {
			if prims, ok := geometric(it, x); ok {
				pg.Black = append(pg.Black, prims...)
				continue
			}
		}
		if prim, ok := maskPrim(mask, ps, x); ok {
			pg.Black = append(pg.Black, prim)
		}
	}
	if x.rotate {
		rotate180(colour.Pix, 4)
	}
	pg.Color = Bitmap{Img: colour, Dst: x.bitmap(badge.Rect{W: l.W, H: l.H}, bounds.Size(), ps)}
	return pg, nil
}

// geometric is a black item as rectangles or an ellipse, when it is one:
// barcode modules, a plain filled rectangle, a filled ellipse.
func geometric(it *badge.Item, x xform) ([]Prim, bool) {
	switch it.Kind {
	case badge.ItemModules:
		var ps []Prim
		for _, m := range it.Modules {
			r := x.rect(m).Canon().Intersect(x.rect(it.Box).Canon())
			if !r.Empty() {
				ps = append(ps, Prim{Kind: PrimRect, Rect: r})
			}
		}
		return ps, true
	case badge.ItemShape:
		if it.Stroke.Set {
			return nil, false
		}
		shape := it.Box
		if it.Draw.W > 0 {
			shape = it.Draw
		}
		switch {
		case it.Ellipse:
			return []Prim{{Kind: PrimEllipse, Rect: x.rect(shape).Canon(), Clip: x.rect(it.Box).Canon()}}, true
		case it.Radius <= 0 && it.Draw.W == 0:
			return []Prim{{Kind: PrimRect, Rect: x.rect(it.Box).Canon()}}, true
		}
	}
	return nil, false
}

// maskPrim crops mask (of the whole side at ps pixels per mm) to its ink
// and places it on the device; false when there is no ink.
func maskPrim(mask *image.Alpha, ps float64, x xform) (Prim, bool) {
	b := mask.Bounds()
	r := image.Rectangle{Min: b.Max, Max: b.Min}
	for y := b.Min.Y; y < b.Max.Y; y++ {
		row := mask.Pix[y*mask.Stride : y*mask.Stride+b.Dx()]
		for px, v := range row {
			if v != 0 {
				r = r.Union(image.Rect(px, y, px+1, y+1))
			}
		}
	}
	if r.Empty() {
		return Prim{}, false
	}
	crop := image.NewAlpha(image.Rect(0, 0, r.Dx(), r.Dy()))
	for y := 0; y < r.Dy(); y++ {
		copy(crop.Pix[y*crop.Stride:y*crop.Stride+r.Dx()], mask.Pix[(r.Min.Y+y)*mask.Stride+r.Min.X:])
	}
	if x.rotate {
		rotate180(crop.Pix, 1)
	}
	mm := badge.Rect{X: float64(r.Min.X) / ps, Y: float64(r.Min.Y) / ps, W: float64(r.Dx()) / ps, H: float64(r.Dy()) / ps}
	return Prim{Kind: PrimMask, Rect: x.bitmap(mm, r.Size(), ps), Mask: crop}, true
}

// rotate180 turns an image of n-byte pixels, stored without padding,
// half a turn.
func rotate180(pix []byte, n int) {
	for i, j := 0, len(pix)-n; i < j; i, j = i+n, j-n {
		for k := 0; k < n; k++ {
			pix[i+k], pix[j+k] = pix[j+k], pix[i+k]
		}
	}
}
