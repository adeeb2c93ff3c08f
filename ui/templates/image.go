package templates

import (
	"bytes"
	"encoding/base64"
	"errors"
	"image"
	_ "image/jpeg" // images on a badge are PNG or JPEG
	_ "image/png"
	"io"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"

	"github.com/carddesk/carddesk/badge"
	"github.com/carddesk/carddesk/ui/dialogs"
	"github.com/carddesk/carddesk/ui/words"
)

// maxImageBytes bounds an embedded image: the template travels in the
// database and in files.
const maxImageBytes = 2 << 20

// imageError is why a chosen file cannot be used, in the operator's words.
type imageError struct{ msg string }

func (e *imageError) Error() string { return e.msg }

// imageReason words why an image file cannot be used.
func imageReason(err error) string {
	var ie *imageError
	if errors.As(err, &ie) {
		return ie.msg
	}
	return words.Explain(err)
}

// openImageFile asks for a PNG or JPEG file and reads it off the UI
// goroutine; cb gets nil data when the operator cancels.
func (d *Designer) openImageFile(cb func(name string, data []byte, err error)) {
	dialogs.OpenFile(d.h.Window(), []string{".png", ".jpg", ".jpeg"}, func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			cb("", nil, err)
			return
		}
		name := r.URI().Name()
		d.jobs.Run(func() func() {
			defer r.Close()
			data, err := readImage(r)
			return func() { cb(name, data, err) }
		})
	})
}

// readImage reads a PNG or JPEG and makes sure it decodes.
func readImage(r io.Reader) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxImageBytes+1))
	if err != nil {
		return nil, err
	}
	if len(data) > maxImageBytes {
		return nil, &imageError{lang.L("the image is larger than 2 MB")}
	}
	if _, kind, err := image.DecodeConfig(bytes.NewReader(data)); err != nil || (kind != "png" && kind != "jpeg") {
		return nil, &imageError{lang.L("this is not a PNG or JPEG image")}
	}
	return data, nil
}

// imageBox is the size an image of w×h pixels gets when added: 30 mm
// wide at most, its aspect kept, inside the card.
func imageBox(data []byte, cw, ch float64) (float64, float64) {
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil || cfg.Width == 0 || cfg.Height == 0 {
		return 20, 10
	}
	w := 30.0
	h := w * float64(cfg.Height) / float64(cfg.Width)
	if h > ch*0.6 {
		h = ch * 0.6
		w = h * float64(cfg.Width) / float64(cfg.Height)
	}
	return round2(min(w, cw)), round2(min(h, ch))
}

// useImage asks for an image file and hands its content to use; a file
// that cannot be used is explained above the card instead.
func (d *Designer) useImage(use func(data []byte)) {
	d.pickImage(func(name string, data []byte, err error) {
		if err != nil {
			d.setGeneral(lang.X("templates.image.error", "Cannot use {{.File}}: {{.Reason}}",
				map[string]any{"File": name, "Reason": imageReason(err)}))
			return
		}
		if data != nil {
			use(data)
		}
	})
}

func (d *Designer) addImage(data []byte) {
	cw, ch := cardSize(d.tpl)
	e := newElement(badge.TypeImage, cw, ch)
	e.W, e.H = imageBox(data, cw, ch)
	e.X, e.Y = snap((cw-e.W)/2), snap((ch-e.H)/2)
	e.PNGBase64 = base64.StdEncoding.EncodeToString(data)
	d.insert(e)
}

func (p *propsPanel) replaceImage() {
	d := p.d
	d.useImage(func(data []byte) {
		p.apply("png_base64", func(e *badge.Element) { e.PNGBase64 = base64.StdEncoding.EncodeToString(data) })
	})
}
