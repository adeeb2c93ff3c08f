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

// PhotoError says why a photo was refused, translatably.
type PhotoError struct{ m message }

func (e *PhotoError) Error() string { return e.m.english() }

// Localize is the refusal in the translator's language.
func (e *PhotoError) Localize(t Translator) string { return e.m.field("").Localize(t) }

func photoErr(id string, d Data) error { return &PhotoError{m: msg(id, d)} }

// photoMessage is the field message for an error from MakeThumbnail.
func photoMessage(err error) message {
	var pe *PhotoError
	if errors.As(err, &pe) {
		return pe.m
	}
	return msg(MsgPhotoFormat, nil)
}

// MakeThumbnail checks a photo and returns a ThumbSide x ThumbSide PNG cropped
// to the centre, for lists.
func MakeThumbnail(photo []byte) ([]byte, error) {
	if len(photo) > MaxPhotoBytes {
		return nil, photoErr(MsgPhotoTooBig, Data{"Size": fmt.Sprintf("%.1f", float64(len(photo))/(1<<20)), "Max": MaxPhotoBytes >> 20})
	}
	cfg, _, err := image.DecodeConfig(bytes.NewReader(photo))
	if err != nil {
		return nil, photoErr(MsgPhotoFormat, nil)
	}
	if cfg.Width > MaxPhotoSide || cfg.Height > MaxPhotoSide || cfg.Width < 16 || cfg.Height < 16 {
		return nil, photoErr(MsgPhotoDimensions, Data{"Width": cfg.Width, "Height": cfg.Height, "Max": MaxPhotoSide})
	}
	img, _, err := image.Decode(bytes.NewReader(photo))
	if err != nil {
		return nil, photoErr(MsgPhotoFormat, nil)
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
