package widgets

import (
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	fynetooltip "github.com/dweymouth/fyne-tooltip"
	ttwidget "github.com/dweymouth/fyne-tooltip/widget"
)

// AddToolTips wraps a window's content so shortened texts in it can show
// their whole text on hover. Call DropToolTips when the window closes.
func AddToolTips(content fyne.CanvasObject, c fyne.Canvas) fyne.CanvasObject {
	return fynetooltip.AddWindowToolTipLayer(content, c)
}

// DropToolTips releases what AddToolTips keeps for a closed window.
func DropToolTips(c fyne.Canvas) { fynetooltip.DestroyWindowToolTipLayer(c) }

// TipLabel is a one-line label that shortens with an ellipsis and, while
// it is shortened, shows its whole text when the mouse rests on it.
type TipLabel struct {
	widget.Label
	tip tip
}

// NewTipLabel is a shortening label with text.
func NewTipLabel(text string) *TipLabel {
	l := &TipLabel{}
	l.Text = text
	l.Truncation = fyne.TextTruncateEllipsis
	l.ExtendBaseWidget(l)
	l.tip.ExtendToolTipWidget(l)
	return l
}

func (l *TipLabel) MouseIn(e *desktop.MouseEvent) {
	if Shortened(&l.Label) {
		l.tip.show(l, l.Text, e)
	}
}

func (l *TipLabel) MouseMoved(e *desktop.MouseEvent) { l.tip.MouseMoved(e) }
func (l *TipLabel) MouseOut()                        { l.tip.hide() }

// NaturalWidth is the width the label needs to show all of its text.
func (l *TipLabel) NaturalWidth() float32 { return TextWidth(&l.Label) }

// TextWidth is the width a one-line label needs to show its whole text.
// Drivers round sizes to whole pixels; the slack keeps a text that just
// fits from being cut by that rounding.
func TextWidth(l *widget.Label) float32 {
	size := theme.TextSize()
	if l.SizeName != "" {
		size = theme.Size(l.SizeName)
	}
	const slack = 2
	return float32(math.Ceil(float64(fyne.MeasureText(l.Text, size, l.TextStyle).Width))) + 2*theme.InnerPadding() + slack
}

// Shortened tells whether a label cuts its text off at its present width.
func Shortened(l *widget.Label) bool {
	return l.Visible() && l.Text != "" && l.Truncation != fyne.TextTruncateOff &&
		TextWidth(l) > l.Size().Width+2.5
}

// tip shows one text at the mouse after the usual delay. The tooltip layer
// exists in the main window only, so inside a dialog (an overlay) no tip
// is shown rather than an error logged.
type tip struct {
	ttwidget.ToolTipWidgetExtend
	text string
}

func (t *tip) show(o fyne.CanvasObject, text string, e *desktop.MouseEvent) {
	if text == t.text {
		t.MouseMoved(e)
		return
	}
	t.hide()
	c := fyne.CurrentApp().Driver().CanvasForObject(o)
	if c == nil || c.Overlays().Top() != nil {
		return
	}
	t.text = text
	t.SetToolTip(text)
	t.ToolTipWidgetExtend.MouseIn(e)
}

func (t *tip) hide() {
	if t.text == "" {
		return
	}
	t.text = ""
	t.SetToolTip("")
	t.ToolTipWidgetExtend.MouseOut()
}

// ActionBar is a row of buttons that act on a list's selection, with a
// quiet line in the rest of the row that says what the selection allows;
// the line shortens where the row is narrow and shows whole on hover.
func ActionBar(buttons ...fyne.CanvasObject) (fyne.CanvasObject, *TipLabel) {
	hint := NewTipLabel("")
	hint.Importance = widget.LowImportance
	return container.NewBorder(nil, nil, container.NewHBox(buttons...), nil, hint), hint
}

// TapTipLabel is a TipLabel that does something when clicked, with the
// pointing-hand cursor that says so.
type TapTipLabel struct {
	TipLabel
	OnTapped func()
}

// NewTapTipLabel is a shortening label that runs tapped when clicked.
func NewTapTipLabel(text string, tapped func()) *TapTipLabel {
	l := &TapTipLabel{OnTapped: tapped}
	l.Text = text
	l.Truncation = fyne.TextTruncateEllipsis
	l.ExtendBaseWidget(l)
	l.tip.ExtendToolTipWidget(l)
	return l
}

func (l *TapTipLabel) Tapped(*fyne.PointEvent) {
	if l.OnTapped != nil {
		l.OnTapped()
	}
}

func (l *TapTipLabel) Cursor() desktop.Cursor { return desktop.PointerCursor }
