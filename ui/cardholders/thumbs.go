package cardholders

import (
	"bytes"
	"image"
	"image/png"

	"go.uber.org/zap"
	"golang.org/x/image/draw"

	"github.com/carddesk/carddesk/enroll"
)

// listThumbSide is the decoded thumbnail side in pixels: the row shows
// thumbSize points, which is twice as many pixels on a HiDPI screen.
const listThumbSide = 2 * thumbSize

// decodeRows prepares a page for the list off the UI goroutine: thumbnails
// are decoded and shrunk once here instead of on every redraw, and their
// PNG bytes are dropped so a cached page stays small.
func decodeRows(cs []enroll.Cardholder, log *zap.Logger) []row {
	rows := make([]row, len(cs))
	for i, c := range cs {
		rows[i].Cardholder = c
		rows[i].Thumbnail = nil
		if len(c.Thumbnail) == 0 {
			continue
		}
		img, err := png.Decode(bytes.NewReader(c.Thumbnail))
		if err != nil {
			log.Warn("thumbnail cannot be decoded", zap.Int64("cardholder", c.ID), zap.Error(err))
			continue
		}
		rows[i].thumb = shrink(img, listThumbSide)
	}
	return rows
}

func shrink(img image.Image, side int) image.Image {
	b := img.Bounds()
	if b.Dx() <= side && b.Dy() <= side {
		return img
	}
	dst := image.NewNRGBA(image.Rect(0, 0, side, side*b.Dy()/max(b.Dx(), 1)))
	draw.ApproxBiLinear.Scale(dst, dst.Bounds(), img, b, draw.Src, nil)
	return dst
}
