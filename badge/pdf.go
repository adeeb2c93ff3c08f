package badge

import (
	"bytes"
	"fmt"
	"image"
	"image/draw"
	"image/png"
	"io"
	"time"

	"codeberg.org/go-pdf/fpdf"
)

const pdfFamily = "NotoSans"

// WritePDF writes one page per side, front then back, badge after badge;
// pages are exactly the card. Photos and images are embedded once. A badge
// that cannot be printed (see CheckBadge) stops it with an error that wraps
// the *Error and, in a batch, says which badge ("badge 3 of 20: ...").
func WritePDF(w io.Writer, t *Template, badges []Badge) error {
	return WritePDFWith(w, t, badges, PageOptions{})
}

// PageOptions correct a printer's placement of the card: the drawing is
// moved by OffsetX (right) and OffsetY (down) mm, scaled by Scale percent
// about the card's centre (0 means 100), and the back is turned 180° when
// RotateBack is set. Pages stay the card's size.
type PageOptions struct {
	OffsetX, OffsetY float64
	Scale            float64
	RotateBack       bool
}

func (o PageOptions) scaled() bool { return o.Scale != 0 && o.Scale != 100 }

// transforms reports whether o changes a page (back: the card's back).
func (o PageOptions) transforms(back bool) bool {
	return o.OffsetX != 0 || o.OffsetY != 0 || o.scaled() || (back && o.RotateBack)
}

// matrix is the page transform of WritePDFWith in millimetres, the order
// of its fpdf calls: turn about the centre, then scale about the centre,
// then move. A point (x, y) goes to (m[0]x + m[1]y + m[2], m[3]x + m[4]y + m[5]).
func (o PageOptions) matrix(w, h float64, back bool) [6]float64 {
	cx, cy := w/2, h/2
	s := 1.0
	if o.scaled() {
		s = o.Scale / 100
	}
	r := 1.0
	if back && o.RotateBack {
		r = -1 // 180°: (x, y) -> (2cx - x, 2cy - y)
	}
	// c + s*(r*(p - c)) + offset
	k := s * r
	return [6]float64{k, 0, cx - k*cx + o.OffsetX, 0, k, cy - k*cy + o.OffsetY}
}

// WritePDFWith is WritePDF with a printer's corrections applied to every page.
func WritePDFWith(w io.Writer, t *Template, badges []Badge, o PageOptions) error {
	if o.Scale < 0 {
		return fmt.Errorf("badge: pdf: scale %g%% is not positive", o.Scale)
	}
	if err := t.Check(); err != nil {
		return err
	}
	if len(badges) == 0 {
		return &Error{Problems: []Problem{problem("", 0, "", MsgNoBadges, nil)}}
	}
	cw, ch := t.CardSize()
	pdf := fpdf.NewCustom(&fpdf.InitType{UnitStr: "mm", Size: fpdf.SizeType{Wd: cw, Ht: ch}})
	pdf.SetCompression(false) // fpdf makes a new zlib writer (1 MB) per page; the pages are small
	pdf.SetAutoPageBreak(false, 0)
	pdf.SetMargins(0, 0, 0)
	pdf.SetCellMargin(0)
	pdf.SetProducer("CardDesk", false)
	pdf.SetCreator("CardDesk", false)
	pdf.SetTitle(t.Name, true)
	now := time.Now()
	pdf.SetCreationDate(now)
	pdf.SetModificationDate(now)
	d := pdfDoc{pdf: pdf, pics: map[string]*picture{}, placed: map[string]bool{}}
	for i := range badges {
		for si, side := range t.Sides() {
			pg, err := layout(t, side, &badges[i], d.pics)
			if err != nil {
				if len(badges) > 1 {
					return fmt.Errorf("badge %d of %d: %w", i+1, len(badges), err)
				}
				return err
			}
			if err := d.page(pg, o, si > 0); err != nil {
				return err
			}
		}
	}
	return pdf.Output(w)
}

type pdfDoc struct {
	pdf    *fpdf.Fpdf
	fonts  [4]bool
	pics   map[string]*picture
	placed map[string]bool // pictures registered with fpdf
}

func (d *pdfDoc) page(pg *page, o PageOptions, back bool) error {
	pdf := d.pdf
	pdf.AddPageFormat("P", fpdf.SizeType{Wd: pg.w, Ht: pg.h})
	transform := o.transforms(back)
	if transform {
		cx, cy := pg.w/2, pg.h/2
		pdf.TransformBegin()
		if o.OffsetX != 0 || o.OffsetY != 0 {
			pdf.TransformTranslate(o.OffsetX, o.OffsetY)
		}
		if o.scaled() {
			pdf.TransformScale(o.Scale, o.Scale, cx, cy)
		}
		if back && o.RotateBack {
			pdf.TransformRotate(180, cx, cy)
		}
	}
	if pg.bg.ok && !(pg.bg.r == 255 && pg.bg.g == 255 && pg.bg.b == 255) {
		pdf.SetFillColor(int(pg.bg.r), int(pg.bg.g), int(pg.bg.b))
		pdf.Rect(0, 0, pg.w, pg.h, "F")
	}
	err := pg.paint(d)
	if transform {
		pdf.TransformEnd()
	}
	return err
}

func (d *pdfDoc) failed() error {
	if err := d.pdf.Error(); err != nil {
		return fmt.Errorf("badge: pdf: %w", err)
	}
	return nil
}

func (d *pdfDoc) modules(o *op) {
	d.pdf.SetFillColor(int(o.color.r), int(o.color.g), int(o.color.b))
	for _, m := range o.mods {
		d.pdf.Rect(m.x, m.y, m.w, m.h, "F")
	}
}

func (d *pdfDoc) shape(o *op) {
	pdf := d.pdf
	r := o.shapeRect()
	clip := o.draw.w > 0
	if clip {
		pdf.ClipRect(o.box.x, o.box.y, o.box.w, o.box.h, false)
	}
	if o.fill.ok {
		pdf.SetFillColor(int(o.fill.r), int(o.fill.g), int(o.fill.b))
		d.path(o, r, "F")
	}
	if o.stroke.ok {
		// The outline lies inside the box.
		pdf.SetDrawColor(int(o.stroke.r), int(o.stroke.g), int(o.stroke.b))
		pdf.SetLineWidth(strokeMM)
		in := strokeMM / 2
		d.path(o, mmRect{r.x + in, r.y + in, r.w - 2*in, r.h - 2*in}, "D")
	}
	if clip {
		pdf.ClipEnd()
	}
}

func (d *pdfDoc) path(o *op, r mmRect, style string) {
	switch rad := min(o.radius, r.w/2, r.h/2); {
	case o.ellipse:
		d.pdf.Ellipse(r.x+r.w/2, r.y+r.h/2, r.w/2, r.h/2, 0, style)
	case rad > 0:
		d.pdf.RoundedRect(r.x, r.y, r.w, r.h, rad, "1234", style)
	default:
		d.pdf.Rect(r.x, r.y, r.w, r.h, style)
	}
}

func (d *pdfDoc) image(o *op) error {
	pdf := d.pdf
	p := o.img
	if !d.placed[p.key] {
		opt := fpdf.ImageOptions{ImageType: p.info.kind}
		data := p.data
		if p.info.kind == "PNG" && !fpdfPNG(data) {
			var err error
			if data, err = plainPNG(data); err != nil {
				return err
			}
		}
		pdf.RegisterImageOptionsReader(p.key, opt, bytes.NewReader(data))
		if err := pdf.Error(); err != nil {
			return fmt.Errorf("badge: pdf image: %w", err)
		}
		d.placed[p.key] = true
	}
	pdf.ClipRect(o.box.x, o.box.y, o.box.w, o.box.h, false)
	pdf.ImageOptions(p.key, o.draw.x, o.draw.y, o.draw.w, o.draw.h, false, fpdf.ImageOptions{ImageType: p.info.kind}, 0, "")
	pdf.ClipEnd()
	return nil
}

// fpdfPNG says whether fpdf reads the PNG as it is: 8 bits or fewer, not
// interlaced.
func fpdfPNG(data []byte) bool {
	return len(data) > 28 && data[24] <= 8 && data[28] == 0
}

// plainPNG writes the picture again as an 8-bit, non-interlaced PNG.
func plainPNG(data []byte) ([]byte, error) {
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	n := image.NewNRGBA(img.Bounds())
	draw.Draw(n, n.Bounds(), img, img.Bounds().Min, draw.Src)
	var b bytes.Buffer
	if err := png.Encode(&b, n); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

func (d *pdfDoc) text(o *op) error {
	if len(o.lines) == 0 {
		return nil
	}
	pdf := d.pdf
	if !d.fonts[o.style] {
		pdf.AddUTF8FontFromBytes(pdfFamily, pdfStyle[o.style], faceOf(o.style).data)
		d.fonts[o.style] = true
	}
	pdf.SetFont(pdfFamily, pdfStyle[o.style], o.size)
	pdf.SetTextColor(int(o.color.r), int(o.color.g), int(o.color.b))
	pdf.ClipRect(o.box.x, o.box.y, o.box.w, o.box.h, false)
	for _, l := range o.lines {
		if l.s != "" {
			pdf.Text(l.x, l.baseline, l.s)
		}
	}
	pdf.ClipEnd()
	return nil
}
