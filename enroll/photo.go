package enroll

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	_ "image/gif" // decoders for the formats a photo may come in
	_ "image/jpeg"
	"image/png"

	"golang.org/x/image/draw"
)

// Photo limits: a badge photo is small; a camera original is refused rather
// than stored at tens of megabytes per cardholder.
const (
	MaxPhotoBytes = 5 << 20
	MaxPhotoSide  = 6000
	ThumbSide     = 96
)

var errPhotoFormat = errors.New("not a PNG, JPEG or GIF image")

// MakeThumbnail checks a photo and returns a ThumbSide x ThumbSide PNG cropped
// to the centre, for lists.
func MakeThumbnail(photo []byte) ([]byte, error) {
	if len(photo) > MaxPhotoBytes {
		return nil, fmt.Errorf("photo is %.1f MB; at most %d MB allowed", float64(len(photo))/(1<<20), MaxPhotoBytes>>20)
	}
	cfg, _, err := image.DecodeConfig(bytes.NewReader(photo))
	if err != nil {
		return nil, errPhotoFormat
	}
	if cfg.Width > MaxPhotoSide || cfg.Height > MaxPhotoSide || cfg.Width < 16 || cfg.Height < 16 {
		return nil, fmt.Errorf("photo is %dx%d pixels; allowed 16 to %d per side", cfg.Width, cfg.Height, MaxPhotoSide)
	}
	img, _, err := image.Decode(bytes.NewReader(photo))
	if err != nil {
		return nil, fmt.Errorf("photo cannot be read: %w", err)
	}
	src := centreSquare(img.Bounds())
	dst := image.NewRGBA(image.Rect(0, 0, ThumbSide, ThumbSide))
	draw.CatmullRom.Scale(dst, dst.Bounds(), img, src, draw.Src, nil)
	var buf bytes.Buffer
	if err := png.Encode(&buf, dst); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func centreSquare(r image.Rectangle) image.Rectangle {
	side := min(r.Dx(), r.Dy())
	x := r.Min.X + (r.Dx()-side)/2
	y := r.Min.Y + (r.Dy()-side)/2
	return image.Rect(x, y, x+side, y+side)
}
