package widgets

import (
	"image/color"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Badge colours are fixed on purpose: the notification Badge must read the
// same in light and dark themes, like the OS's own badges.
var (
	badgeFill = color.NRGBA{R: 0xd3, G: 0x2f, B: 0x2f, A: 0xff}
	badgeText = color.NRGBA{R: 0xff, G: 0xff, B: 0xff, A: 0xff}
)

// Badge is a red pill with a count; it hides itself at zero.
type Badge struct {
	widget.BaseWidget
	count int
}

// NewBadge is a hidden badge (a count of 0).
func NewBadge() *Badge {
	b := &Badge{}
	b.ExtendBaseWidget(b)
	b.Hide()
	return b
}

// SetCount shows n, or hides the badge at 0.
func (b *Badge) SetCount(n int) {
	b.count = n
	if n <= 0 {
		b.Hide()
		return
	}
	b.Show()
	b.Refresh()
}

// Text caps the number so the pill stays small.
func (b *Badge) Text() string {
	if b.count > 999 {
		return "999+"
	}
	return strconv.Itoa(b.count)
}

func (b *Badge) CreateRenderer() fyne.WidgetRenderer {
	r := &badgeRenderer{b: b, bg: canvas.NewRectangle(badgeFill), txt: canvas.NewText("", badgeText)}
	r.txt.TextStyle.Bold = true
	r.txt.Alignment = fyne.TextAlignCenter
	r.Refresh()
	return r
}

type badgeRenderer struct {
	b   *Badge
	bg  *canvas.Rectangle
	txt *canvas.Text
}

func (r *badgeRenderer) MinSize() fyne.Size {
	ts := r.txt.MinSize()
	h := ts.Height + 2
	return fyne.NewSize(max(h, ts.Width+theme.Padding()*3), h)
}

func (r *badgeRenderer) Layout(size fyne.Size) {
	r.bg.Resize(size)
	r.bg.CornerRadius = size.Height / 2
	ts := r.txt.MinSize()
	r.txt.Move(fyne.NewPos(0, (size.Height-ts.Height)/2))
	r.txt.Resize(fyne.NewSize(size.Width, ts.Height))
}

func (r *badgeRenderer) Refresh() {
	r.txt.Text = r.b.Text()
	r.txt.TextSize = theme.CaptionTextSize()
	r.txt.Refresh()
	r.bg.Refresh()
	r.Layout(r.b.Size())
}

func (r *badgeRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.bg, r.txt} }
func (r *badgeRenderer) Destroy()                     {}

// CornerBadge puts a Badge on the top-right corner of another object,
// overhanging it like a notification count on an icon. The overhang is not
// part of the minimum size, so the object lines up with its neighbours.
type CornerBadge struct{}

func (CornerBadge) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	base, b := objs[0], objs[1]
	bs := b.MinSize()
	base.Move(fyne.NewPos(0, 0))
	base.Resize(fyne.NewSize(size.Width-bs.Width/2, size.Height))
	b.Move(fyne.NewPos(size.Width-bs.Width, -bs.Height/3))
	b.Resize(bs)
}

func (CornerBadge) MinSize(objs []fyne.CanvasObject) fyne.Size {
	return objs[0].MinSize().AddWidthHeight(objs[1].MinSize().Width/2, 0)
}
