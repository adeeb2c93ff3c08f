package demo

import (
	"bytes"
	"fmt"
	"hash/fnv"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"math"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gomedium"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
)

// Badge photos are portrait, 4:5, like a passport photo.
const avatarW, avatarH = 240, 300

// avatarColours are muted tones that white letters read well on.
var avatarColours = []color.RGBA{
	{0x3b, 0x5b, 0x7a, 0xff}, {0x4a, 0x6f, 0x5a, 0xff}, {0x7a, 0x4f, 0x6a, 0xff}, {0x8a, 0x5a, 0x3c, 0xff},
	{0x2f, 0x6b, 0x73, 0xff}, {0x5c, 0x55, 0x85, 0xff}, {0x6b, 0x6b, 0x3a, 0xff}, {0x80, 0x45, 0x45, 0xff},
}

// avatarPainter draws generated photos: a coloured background, a soft
// head-and-shoulders outline and the person's initials on the chest.
type avatarPainter struct{ face font.Face }

func newAvatarPainter() (*avatarPainter, error) {
	f, err := opentype.Parse(gomedium.TTF)
	if err != nil {
		return nil, fmt.Errorf("avatar font: %w", err)
	}
	face, err := opentype.NewFace(f, &opentype.FaceOptions{Size: 56, DPI: 72, Hinting: font.HintingFull})
	if err != nil {
		return nil, fmt.Errorf("avatar font: %w", err)
	}
	return &avatarPainter{face: face}, nil
}

// paint returns a PNG; the colour follows from the name, so a person keeps
// the same colour in every demo.
func (p *avatarPainter) paint(name, initials string) ([]byte, error) {
	bg := avatarColours[hashOf(name)%uint32(len(avatarColours))]
	img := image.NewRGBA(image.Rect(0, 0, avatarW, avatarH))
	draw.Draw(img, img.Bounds(), image.NewUniform(bg), image.Point{}, draw.Src)
	fg := mix(bg, color.RGBA{0xff, 0xff, 0xff, 0xff}, 0.16)
	fillEllipse(img, avatarW/2, 112, 52, 58, fg)          // head
	fillEllipse(img, avatarW/2, avatarH+10, 112, 120, fg) // shoulders
	p.drawCentred(img, initials, 268, color.RGBA{0xff, 0xff, 0xff, 0xff})
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, fmt.Errorf("avatar: %w", err)
	}
	return buf.Bytes(), nil
}

// drawCentred draws text centred horizontally with its baseline at y.
func (p *avatarPainter) drawCentred(img draw.Image, text string, y int, c color.Color) {
	d := &font.Drawer{Dst: img, Src: image.NewUniform(c), Face: p.face}
	w := d.MeasureString(text)
	d.Dot = fixed.Point26_6{X: (fixed.I(avatarW) - w) / 2, Y: fixed.I(y)}
	d.DrawString(text)
}

// fillEllipse blends c over the ellipse, with a one-pixel soft edge.
func fillEllipse(img *image.RGBA, cx, cy, rx, ry int, c color.RGBA) {
	r := float64(min(rx, ry))
	for y := max(cy-ry-1, 0); y < min(cy+ry+1, img.Bounds().Dy()); y++ {
		for x := max(cx-rx-1, 0); x < min(cx+rx+1, img.Bounds().Dx()); x++ {
			dx, dy := (float64(x-cx)+0.5)/float64(rx), (float64(y-cy)+0.5)/float64(ry)
			cover := (1-math.Sqrt(dx*dx+dy*dy))*r + 0.5
			if cover <= 0 {
				continue
			}
			img.SetRGBA(x, y, mix(img.RGBAAt(x, y), c, min(cover, 1)))
		}
	}
}

func mix(a, b color.RGBA, t float64) color.RGBA {
	f := func(x, y uint8) uint8 { return uint8(float64(x)*(1-t) + float64(y)*t) }
	return color.RGBA{f(a.R, b.R), f(a.G, b.G), f(a.B, b.B), 0xff}
}

func hashOf(s string) uint32 {
	h := fnv.New32a()
	_, _ = h.Write([]byte(s))
	return h.Sum32()
}
