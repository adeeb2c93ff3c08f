package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/carddesk/carddesk/ui/widgets"
)

// statusPart is one piece of the status bar: a separator line, an optional
// icon and a text that shortens.
func statusPart(icon fyne.Resource, text naturalText) *fyne.Container {
	// An empty space, not nil: the software painter crashes on nil.
	var ic fyne.CanvasObject = canvas.NewRectangle(color.Transparent)
	if icon != nil {
		ic = widget.NewIcon(icon)
	}
	return container.New(partLayout{}, widget.NewSeparator(), ic, text)
}

// naturalText is a part's text: a label that knows the width its whole
// text needs (widgets.TipLabel and TapTipLabel).
type naturalText interface {
	fyne.CanvasObject
	NaturalWidth() float32
}

// partLayout puts the separator, the icon and the text side by side; the
// text takes what is left.
type partLayout struct{}

func (partLayout) lead(objs []fyne.CanvasObject) float32 {
	w := theme.SeparatorThicknessSize() + theme.Padding()
	if _, ok := objs[1].(*widget.Icon); ok {
		w += theme.IconInlineSize() + theme.Padding()
	}
	return w
}

func (l partLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	sep := theme.SeparatorThicknessSize()
	objs[0].Move(fyne.NewPos(0, theme.Padding()))
	objs[0].Resize(fyne.NewSize(sep, size.Height-2*theme.Padding()))
	icon := theme.IconInlineSize()
	objs[1].Move(fyne.NewPos(sep+theme.Padding(), (size.Height-icon)/2))
	objs[1].Resize(fyne.NewSize(icon, icon))
	lead := l.lead(objs)
	objs[2].Move(fyne.NewPos(lead, 0))
	objs[2].Resize(fyne.NewSize(max(size.Width-lead, 0), size.Height))
}

func (l partLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	text := objs[2].MinSize()
	return fyne.NewSize(l.lead(objs)+text.Width, max(text.Height, theme.IconInlineSize()))
}

// natural is the width a part needs to show its whole text.
func natural(part *fyne.Container) float32 {
	return partLayout{}.lead(part.Objects) + part.Objects[2].(naturalText).NaturalWidth()
}

// statusLine lays the status bar out: left parts from the left edge, right
// parts from the right edge, and the last action's result between them.
// Every part gets the room its text needs while all fit; when they do not,
// parts give room up in shrink order and their texts shorten. The line's
// least width never depends on its texts, so a long message or mail
// problem cannot widen the window.
type statusLine struct {
	left, right []*fyne.Container
	message     *widgets.TipLabel
}

// shrinkOrder is the database path first, then the printer, the version,
// the station and mail; the reader status and the message last.
func (l *statusLine) shrinkOrder() []*fyne.Container {
	order := []*fyne.Container{l.left[1]}
	order = append(order, l.right[2:]...)
	return append(order, l.left[0], l.right[0], l.right[1])
}

func (l *statusLine) widths(avail float32) (map[*fyne.Container]float32, float32) {
	ws := map[*fyne.Container]float32{}
	total := float32(0)
	for _, p := range append(append([]*fyne.Container{}, l.left...), l.right...) {
		if p.Visible() {
			ws[p] = natural(p)
			total += ws[p]
		}
	}
	msg := float32(0)
	if l.message.Text != "" {
		msg = l.message.NaturalWidth()
	}
	deficit := total + msg - avail
	for _, p := range l.shrinkOrder() {
		if deficit <= 0 {
			break
		}
		w, ok := ws[p]
		if !ok {
			continue
		}
		cut := min(deficit, w-p.MinSize().Width)
		if cut > 0 {
			ws[p] -= cut
			deficit -= cut
		}
	}
	return ws, msg
}

func (l *statusLine) Layout(_ []fyne.CanvasObject, size fyne.Size) {
	ws, _ := l.widths(size.Width)
	x := float32(0)
	for _, p := range l.left {
		if p.Visible() {
			p.Move(fyne.NewPos(x, 0))
			p.Resize(fyne.NewSize(ws[p], size.Height))
			x += ws[p]
		}
	}
	right := size.Width
	for i := len(l.right) - 1; i >= 0; i-- {
		if p := l.right[i]; p.Visible() {
			right -= ws[p]
			p.Move(fyne.NewPos(right, 0))
			p.Resize(fyne.NewSize(ws[p], size.Height))
		}
	}
	l.message.Move(fyne.NewPos(x, 0))
	l.message.Resize(fyne.NewSize(max(right-x, 0), size.Height))
}

func (l *statusLine) MinSize(objs []fyne.CanvasObject) fyne.Size {
	s := fyne.NewSize(0, 0)
	for _, o := range objs {
		if o.Visible() {
			m := o.MinSize()
			s.Width += m.Width
			s.Height = max(s.Height, m.Height)
		}
	}
	return s
}
