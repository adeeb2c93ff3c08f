package requests

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/carddesk/carddesk/ui/widgets"
)

// Controls must not move under the mouse: the Connect card dialog keeps
// its size and its buttons in place while messages come and go and
// buttons hide or change their text. This file has the pieces for that.

// reservedLines is how many lines a message line keeps free while empty.
const reservedLines = 2

// linesHeight is the height of a label of n lines.
func linesHeight(n int) float32 {
	text := "X"
	for i := 1; i < n; i++ {
		text += "\nX"
	}
	return widget.NewLabel(text).MinSize().Height
}

// messageLine is one line that says what went wrong (or, for the dialog's
// outcome, what happened): a new message replaces the old one, and it
// keeps its room while empty, so nothing moves when it appears.
type messageLine struct {
	label *widget.Label
	box   fyne.CanvasObject
}

func newMessageLine(imp widget.Importance) *messageLine {
	l := widget.NewLabel("")
	l.Importance = imp
	l.Wrapping = fyne.TextWrapWord
	return &messageLine{label: l, box: widgets.AtLeast(0, linesHeight(reservedLines), l)}
}

// set replaces the message; "" clears it.
func (m *messageLine) set(text string, imp widget.Importance) {
	if m.label.Text == text && m.label.Importance == imp {
		return
	}
	m.label.Importance = imp
	m.label.SetText(text)
}

func (m *messageLine) clear() { m.set("", m.label.Importance) }

// Text is what the line says now.
func (m *messageLine) Text() string { return m.label.Text }

// buttonSlots lays buttons out left to right, each in a slot as wide as
// the widest text it may show. A hidden button keeps its slot empty, so no
// button moves when another hides or changes its text.
type buttonSlots struct{ widths []float32 }

func (l buttonSlots) width(i int, o fyne.CanvasObject) float32 {
	w := o.MinSize().Width
	if i < len(l.widths) {
		w = max(w, l.widths[i])
	}
	return w
}

func (l buttonSlots) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	x := float32(0)
	for i, o := range objs {
		w := l.width(i, o)
		o.Move(fyne.NewPos(x, 0))
		o.Resize(fyne.NewSize(w, size.Height))
		x += w + theme.Padding()
	}
}

func (l buttonSlots) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for i, o := range objs {
		if i > 0 {
			s.Width += theme.Padding()
		}
		s.Width += l.width(i, o)
		s.Height = max(s.Height, o.MinSize().Height)
	}
	return s
}

// buttonWidth is how wide a button is with each of texts; the widest.
func buttonWidth(icon fyne.Resource, texts ...string) float32 {
	w := float32(0)
	for _, t := range texts {
		w = max(w, widget.NewButtonWithIcon(t, icon, nil).MinSize().Width)
	}
	return w
}

// slotBar is a button bar whose buttons never move; widths[i] is the
// width reserved for buttons[i].
func slotBar(widths []float32, buttons ...fyne.CanvasObject) *fyne.Container {
	return container.New(buttonSlots{widths: widths}, buttons...)
}

// withRoomForMessage is an input with its message under it, keeping a
// line for the message while there is none: what follows does not move
// when a message appears as the operator types.
func withRoomForMessage(input fyne.CanvasObject, msg *widget.Label) fyne.CanvasObject {
	probe := widgets.Message()
	probe.SetText("X")
	h := input.MinSize().Height + probe.MinSize().Height - theme.InnerPadding()
	return widgets.AtLeast(0, h, widgets.WithMessage(input, msg))
}
