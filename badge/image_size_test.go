package badge

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"testing"
)

// pngHeader is a PNG file of w × h pixels that holds only its header: all
// image.DecodeConfig reads, and what image.Decode allocates from.
func pngHeader(w, h uint32) []byte {
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	chunk := func(kind string, data []byte) {
		_ = binary.Write(&b, binary.BigEndian, uint32(len(data)))
		body := append([]byte(kind), data...)
		b.Write(body)
		_ = binary.Write(&b, binary.BigEndian, crc32.ChecksumIEEE(body))
	}
	ihdr := binary.BigEndian.AppendUint32(nil, w)
	ihdr = binary.BigEndian.AppendUint32(ihdr, h)
	chunk("IHDR", append(ihdr, 8, 6, 0, 0, 0)) // 8-bit RGBA
	chunk("IEND", nil)
	return b.Bytes()
}

// TestImageSizeBounded: a template file whose picture claims more pixels
// than maxImagePixels is refused when it is read, before anything decodes
// the picture and allocates gigabytes for it (a file of a few dozen bytes
// claiming 60000 × 60000 pixels would take 14 GB).
func TestImageSizeBounded(t *testing.T) {
	tests := []struct {
		w, h uint32
		ok   bool
	}{
		{6000, 6000, true},
		{60000, 60000, false},
		{maxImagePixels + 1, 1, false},
	}
	for _, tt := range tests {
		tpl := validTemplate()
		tpl.Front.Elements = append(tpl.Front.Elements, Element{Type: TypeImage, X: 60, Y: 30, W: 20, H: 20, Fit: "contain",
			PNGBase64: base64.StdEncoding.EncodeToString(pngHeader(tt.w, tt.h))})
		err := tpl.Check()
		var be *Error
		switch {
		case tt.ok && err != nil:
			t.Errorf("%d × %d: %v", tt.w, tt.h, err)
		case !tt.ok && (!errors.As(err, &be) || be.Problems[0].ID != MsgImageSize):
			t.Errorf("%d × %d: want %s, got %v", tt.w, tt.h, MsgImageSize, err)
		}
	}
}
