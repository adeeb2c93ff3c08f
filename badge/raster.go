package badge

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"math"
	"sync"

	xdraw "golang.org/x/image/draw"
	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/f64"
	"golang.org/x/image/math/fixed"
	"golang.org/x/image/vector"
)

// MaxDPI bounds Render's resolution (a 1200-dpi side is 4044 × 2550 pixels).
const MaxDPI = 1200

// Render draws one side of a badge at dpi, from the same layout as the PDF.
// Text and barcodes in #000000 are pure black pixels, never grey.
func Render(t *Template, side string, b Badge, dpi float64) (*image.RGBA, error) {
	return RenderWith(t, side, b, dpi, PageOptions{})
}

// RenderWith is Render with a printer's corrections, placed as WritePDFWith
// places them: the drawing moved, scaled about the centre and, on the back,
// turned 180°; the card outside it is white paper. Pixels are moved, never
// blended, so pure black stays pure black.
func RenderWith(t *Template, side string, b Badge, dpi float64, o PageOptions) (*image.RGBA, error) {
	if !(dpi > 0 && dpi <= MaxDPI) {
		return nil, errors.New("badge: dpi must be more than 0 and at most 1200")
	}
	if o.Scale < 0 {
		return nil, fmt.Errorf("badge: scale %g%% is not positive", o.Scale)
	}
	if err := t.Check(); err != nil {
		return nil, err
	}
	pg, err := layout(t, side, &b, nil)
	if err != nil {
		return nil, err
	}
	r := raster{s: dpi / 25.4, dpi: dpi}
	r.img = image.NewRGBA(image.Rect(0, 0, int(math.Round(pg.w*r.s)), int(math.Round(pg.h*r.s))))
	bg := color.RGBA{255, 255, 255, 255}
	if pg.bg.ok {
		bg = color.RGBA{pg.bg.r, pg.bg.g, pg.bg.b, 255}
	}
	draw.Draw(r.img, r.img.Bounds(), image.NewUniform(bg), image.Point{}, draw.Src)
	if err := pg.paint(&r); err != nil {
		return nil, err
	}
	back := side == Back
	if !o.transforms(back) {
		return r.img, nil
	}
	m := o.matrix(pg.w, pg.h, back)
	// The same matrix in pixels: the linear part stays, the move is scaled.
	s2d := f64.Aff3{m[0], m[1], m[2] * r.s, m[3], m[4], m[5] * r.s}
	out := image.NewRGBA(r.img.Bounds())
	draw.Draw(out, out.Bounds(), image.NewUniform(color.RGBA{255, 255, 255, 255}), image.Point{}, draw.Src)
	xdraw.NearestNeighbor.Transform(out, s2d, r.img, r.img.Bounds(), draw.Src, nil)
	return out, nil
}

func (c rgb) rgba() color.RGBA { return color.RGBA{c.r, c.g, c.b, 255} }

type raster struct {
	img *image.RGBA
	s   float64 // pixels per millimetre
	dpi float64
}

// rect is the pixel rectangle of a box, edges rounded to whole pixels (so
// neighbouring boxes share their edges), inside the image.
func (r *raster) rect(m mmRect) image.Rectangle {
	return image.Rect(int(math.Round(m.x*r.s)), int(math.Round(m.y*r.s)),
		int(math.Round((m.x+m.w)*r.s)), int(math.Round((m.y+m.h)*r.s))).Intersect(r.img.Bounds())
}

func (r *raster) failed() error { return nil }

func (r *raster) modules(o *op) {
	c := image.NewUniform(o.color.rgba())
	clip := r.rect(o.box)
	for _, m := range o.mods {
		draw.Draw(r.img, r.rect(m).Intersect(clip), c, image.Point{}, draw.Src)
	}
}

func (r *raster) shape(o *op) {
	clip := r.rect(o.box)
	if clip.Empty() {
		return
	}
	sr := o.shapeRect()
	plain := !o.ellipse && o.radius <= 0 && o.draw.w == 0
	if o.fill.ok {
		if plain {
			draw.Draw(r.img, clip, image.NewUniform(o.fill.rgba()), image.Point{}, draw.Src)
		} else {
			z := vector.NewRasterizer(clip.Dx(), clip.Dy())
			r.outline(z, o, sr, clip, false)
			z.Draw(r.img, clip, image.NewUniform(o.fill.rgba()), image.Point{})
		}
	}
	if o.stroke.ok {
		z := vector.NewRasterizer(clip.Dx(), clip.Dy())
		r.outline(z, o, sr, clip, false)
		in := strokeMM
		r.outline(z, o, mmRect{sr.x + in, sr.y + in, sr.w - 2*in, sr.h - 2*in}, clip, true)
		z.Draw(r.img, clip, image.NewUniform(o.stroke.rgba()), image.Point{})
	}
}

// outline adds the outline of the shape at m to z (whose origin is the
// pixel clip.Min); reverse winds it the other way, cutting a hole.
func (r *raster) outline(z *vector.Rasterizer, o *op, m mmRect, clip image.Rectangle, reverse bool) {
	if m.w <= 0 || m.h <= 0 {
		return
	}
	x0, y0 := m.x*r.s-float64(clip.Min.X), m.y*r.s-float64(clip.Min.Y)
	w, h := m.w*r.s, m.h*r.s
	var p path
	if o.ellipse {
		p = ellipsePath(x0, y0, w, h)
	} else {
		p = roundRectPath(x0, y0, w, h, min(o.radius*r.s, w/2, h/2))
	}
	if reverse {
		p = p.reverse()
	}
	p.add(z)
}

// path is a closed outline of cubic segments.
type path struct {
	start [2]float64
	segs  [][3][2]float64 // control 1, control 2, end
}

const kappa = 0.5522847498

func ellipsePath(x, y, w, h float64) path {
	rx, ry := w/2, h/2
	cx, cy := x+rx, y+ry
	kx, ky := rx*kappa, ry*kappa
	return path{start: [2]float64{cx + rx, cy}, segs: [][3][2]float64{
		{{cx + rx, cy + ky}, {cx + kx, cy + ry}, {cx, cy + ry}},
		{{cx - kx, cy + ry}, {cx - rx, cy + ky}, {cx - rx, cy}},
		{{cx - rx, cy - ky}, {cx - kx, cy - ry}, {cx, cy - ry}},
		{{cx + kx, cy - ry}, {cx + rx, cy - ky}, {cx + rx, cy}},
	}}
}

func line(a, b [2]float64) [3][2]float64 { return [3][2]float64{a, b, b} }

func roundRectPath(x, y, w, h, rad float64) path {
	k := rad * kappa
	p := path{start: [2]float64{x + rad, y}}
	pt := func(px, py float64) [2]float64 { return [2]float64{px, py} }
	p.segs = [][3][2]float64{
		line(pt(x+rad, y), pt(x+w-rad, y)),
		{pt(x+w-rad+k, y), pt(x+w, y+rad-k), pt(x+w, y+rad)},
		line(pt(x+w, y+rad), pt(x+w, y+h-rad)),
		{pt(x+w, y+h-rad+k), pt(x+w-rad+k, y+h), pt(x+w-rad, y+h)},
		line(pt(x+w-rad, y+h), pt(x+rad, y+h)),
		{pt(x+rad-k, y+h), pt(x, y+h-rad+k), pt(x, y+h-rad)},
		line(pt(x, y+h-rad), pt(x, y+rad)),
		{pt(x, y+rad-k), pt(x+rad-k, y), pt(x+rad, y)},
	}
	return p
}

func (p path) reverse() path {
	q := path{start: p.segs[len(p.segs)-1][2]}
	for i := len(p.segs) - 1; i >= 0; i-- {
		from := p.start
		if i > 0 {
			from = p.segs[i-1][2]
		}
		s := p.segs[i]
		q.segs = append(q.segs, [3][2]float64{s[1], s[0], from})
	}
	return q
}

func (p path) add(z *vector.Rasterizer) {
	f := func(v float64) float32 { return float32(v) }
	z.MoveTo(f(p.start[0]), f(p.start[1]))
	cur := p.start
	for _, s := range p.segs {
		if s[0] == cur && s[1] == s[2] {
			z.LineTo(f(s[2][0]), f(s[2][1]))
		} else {
			z.CubeTo(f(s[0][0]), f(s[0][1]), f(s[1][0]), f(s[1][1]), f(s[2][0]), f(s[2][1]))
		}
		cur = s[2]
	}
	z.ClosePath()
}

// Decoded pictures, by content key, for previews drawn again and again.
var (
	decodedMu sync.Mutex
	decoded   = map[string]image.Image{}
)

const maxDecoded = 64

func decodePicture(p *picture) (image.Image, error) {
	decodedMu.Lock()
	img := decoded[p.key]
	decodedMu.Unlock()
	if img != nil {
		return img, nil
	}
	img, _, err := image.Decode(bytes.NewReader(p.data))
	if err != nil {
		return nil, err
	}
	// Scaling reads every source pixel several times: convert once.
	if _, ok := img.(*image.RGBA); !ok {
		rgba := image.NewRGBA(image.Rect(0, 0, img.Bounds().Dx(), img.Bounds().Dy()))
		draw.Draw(rgba, rgba.Bounds(), img, img.Bounds().Min, draw.Src)
		img = rgba
	}
	decodedMu.Lock()
	if len(decoded) >= maxDecoded {
		clear(decoded)
	}
	decoded[p.key] = img
	decodedMu.Unlock()
	return img, nil
}

func (r *raster) image(o *op) error {
	clip := r.rect(o.box)
	if clip.Empty() {
		return nil
	}
	src, err := decodePicture(o.img)
	if err != nil {
		return err
	}
	sb := src.Bounds()
	sx := o.draw.w * r.s / float64(sb.Dx())
	sy := o.draw.h * r.s / float64(sb.Dy())
	s2d := f64.Aff3{
		sx, 0, o.draw.x*r.s - float64(sb.Min.X)*sx,
		0, sy, o.draw.y*r.s - float64(sb.Min.Y)*sy,
	}
	var interp xdraw.Transformer = xdraw.ApproxBiLinear
	if sx < 0.5 || sy < 0.5 {
		interp = xdraw.CatmullRom // shrinking a lot: filter, or it shimmers
	}
	interp.Transform(r.img.SubImage(clip).(*image.RGBA), s2d, src, sb, draw.Over, nil)
	return nil
}

func (r *raster) text(o *op) error {
	if len(o.lines) == 0 {
		return nil
	}
	clip := r.rect(o.box)
	if clip.Empty() {
		return nil
	}
	fc := faceOf(o.style)
	ff, err := opentype.NewFace(fc.font, &opentype.FaceOptions{Size: o.size, DPI: r.dpi, Hinting: font.HintingNone})
	if err != nil {
		return err
	}
	defer ff.Close()
	pure := o.color.isBlack()
	src := image.NewUniform(o.color.rgba())
	for _, l := range o.lines {
		x := l.x
		y := fixed.Int26_6(math.Round(l.baseline * r.s * 64))
		for _, ch := range l.s {
			dot := fixed.Point26_6{X: fixed.Int26_6(math.Round(x * r.s * 64)), Y: y}
			x += fc.advance(ch) * o.size * ptMM
			dr, mask, mp, _, ok := ff.Glyph(dot, ch)
			if !ok {
				continue
			}
			vis := dr.Intersect(clip)
			if vis.Empty() {
				continue
			}
			mp = mp.Add(vis.Min.Sub(dr.Min))
			if !pure {
				draw.DrawMask(r.img, vis, src, image.Point{}, mask, mp, draw.Over)
				continue
			}
			// Pure black: each pixel is black or untouched, never grey.
			a, isAlpha := mask.(*image.Alpha)
			for py := 0; py < vis.Dy(); py++ {
				for px := 0; px < vis.Dx(); px++ {
					var v uint8
					if isAlpha {
						v = a.AlphaAt(mp.X+px, mp.Y+py).A
					} else {
						_, _, _, al := mask.At(mp.X+px, mp.Y+py).RGBA()
						v = uint8(al >> 8)
					}
					if v >= 0x80 {
						i := r.img.PixOffset(vis.Min.X+px, vis.Min.Y+py)
						copy(r.img.Pix[i:i+4], []byte{0, 0, 0, 255})
					}
				}
			}
		}
	}
	return nil
}
