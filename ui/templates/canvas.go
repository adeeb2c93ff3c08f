package templates

import (
	"image"
	"image/color"
	"math"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/carddesk/carddesk/badge"
	"github.com/carddesk/carddesk/ui/words"
)

// Zoom: 100% shows the card at its printed size on a 96 dpi screen.
const (
	unitsPerMM100 = float32(96 / 25.4)
	cardMargin    = float32(18)
	handleSize    = float32(8)
)

// zoomSteps are the zooms + and - step through, in percent.
var zoomSteps = []float32{50, 75, 100, 125, 150, 200, 300, 400}

// cardView draws one side of the template: the rendered preview, the
// safe zone and the selection with its handles. Elements are picked with
// a click, moved by dragging them and resized by dragging a handle; with
// the keyboard focus the arrows nudge the selection, Delete removes it and
// Ctrl+Z / Ctrl+Y undo and redo.
type cardView struct {
	widget.BaseWidget
	d *Designer

	zoom  float32 // percent; 0 fits the card to the room
	scale float32 // units per millimetre at the last layout
	size  fyne.Size

	preview image.Image // the rendered side, nil while there is none
	stale   bool        // the preview lags behind the template (a drag)

	focused bool
	cursor  desktop.Cursor

	drag *dragState
	// press is where the mouse button went down, so a drag acts on what
	// was under the mouse then, not where the first move event lands.
	press   fyne.Position
	pressed bool
}

// dragState is one drag of the mouse: what it moves and how far the
// mouse went since the drag began.
type dragState struct {
	moved  fyne.Delta
	handle int // -1: move; 0..7 a handle clockwise from the top-left
	index  int
	orig   badge.Element
}

func newCardView(d *Designer) *cardView {
	v := &cardView{d: d, cursor: desktop.DefaultCursor}
	v.ExtendBaseWidget(v)
	return v
}

func (v *cardView) MinSize() fyne.Size {
	v.ExtendBaseWidget(v)
	if v.zoom == 0 {
		return fyne.NewSize(240, 170)
	}
	cw, ch := cardSize(v.d.tpl)
	s := unitsPerMM100 * v.zoom / 100
	return fyne.NewSize(float32(cw)*s+2*cardMargin, float32(ch)*s+2*cardMargin)
}

// geometry is the scale (units per mm) and the card's top-left corner in
// the widget at the present size.
func (v *cardView) geometry() (float32, fyne.Position) {
	cw, ch := cardSize(v.d.tpl)
	size := v.Size()
	s := unitsPerMM100 * v.zoom / 100
	if v.zoom == 0 {
		s = min((size.Width-2*cardMargin)/float32(cw), (size.Height-2*cardMargin)/float32(ch))
		s = max(s, 0.5)
	}
	w, h := float32(cw)*s, float32(ch)*s
	return s, fyne.NewPos(max((size.Width-w)/2, cardMargin), max((size.Height-h)/2, cardMargin))
}

// box is an element's rectangle in the widget.
func (v *cardView) box(e badge.Element) (fyne.Position, fyne.Size) {
	s, o := v.geometry()
	return fyne.NewPos(o.X+float32(e.X)*s, o.Y+float32(e.Y)*s), fyne.NewSize(float32(e.W)*s, float32(e.H)*s)
}

// handles are the eight resize handles' centres, clockwise from the top-left.
func (v *cardView) handles(e badge.Element) []fyne.Position {
	p, sz := v.box(e)
	l, t, r, b := p.X, p.Y, p.X+sz.Width, p.Y+sz.Height
	mx, my := (l+r)/2, (t+b)/2
	return []fyne.Position{{X: l, Y: t}, {X: mx, Y: t}, {X: r, Y: t}, {X: r, Y: my},
		{X: r, Y: b}, {X: mx, Y: b}, {X: l, Y: b}, {X: l, Y: my}}
}

// hitHandle is the selected element's handle at p, or -1.
func (v *cardView) hitHandle(p fyne.Position) int {
	e, ok := v.d.selected()
	if !ok {
		return -1
	}
	for i, h := range v.handles(e) {
		if abs32(p.X-h.X) <= handleSize && abs32(p.Y-h.Y) <= handleSize {
			return i
		}
	}
	return -1
}

// hitElement is the front-most element at p, or -1. The selected element
// wins where it overlaps others, so it stays easy to drag.
func (v *cardView) hitElement(p fyne.Position) int {
	els := v.d.elements()
	inside := func(e badge.Element) bool {
		q, sz := v.box(e)
		slack := float32(2)
		return p.X >= q.X-slack && p.X <= q.X+sz.Width+slack && p.Y >= q.Y-slack && p.Y <= q.Y+sz.Height+slack
	}
	if e, ok := v.d.selected(); ok && inside(e) {
		return v.d.sel
	}
	for i := len(els) - 1; i >= 0; i-- {
		if inside(els[i]) {
			return i
		}
	}
	return -1
}

func (v *cardView) Tapped(ev *fyne.PointEvent) {
	v.requestFocus()
	v.d.selectElement(v.hitElement(ev.Position))
}

func (v *cardView) Dragged(ev *fyne.DragEvent) {
	if !v.d.admin {
		return
	}
	if v.drag == nil {
		// The desktop driver says where the button went down; a driver
		// that does not (the test driver) starts the drag at the event.
		start := ev.Position
		if v.pressed {
			start = v.press
		}
		st := &dragState{handle: v.hitHandle(start), index: v.d.sel}
		if st.handle < 0 {
			st.index = v.hitElement(start)
			if st.index < 0 {
				return
			}
			v.d.selectElement(st.index)
		}
		st.orig = v.d.elements()[st.index]
		v.drag = st
		v.d.beginDrag()
		v.requestFocus()
	}
	v.drag.moved.DX += ev.Dragged.DX
	v.drag.moved.DY += ev.Dragged.DY
	s, _ := v.geometry()
	dx, dy := float64(v.drag.moved.DX/s), float64(v.drag.moved.DY/s)
	v.d.dragTo(v.drag.index, dragBox(v.drag.orig, v.drag.handle, dx, dy))
}

func (v *cardView) MouseDown(ev *desktop.MouseEvent) { v.press, v.pressed = ev.Position, true }
func (v *cardView) MouseUp(*desktop.MouseEvent)      { v.pressed = false }

func (v *cardView) DragEnd() {
	if v.drag == nil {
		return
	}
	v.drag = nil
	v.d.endDrag()
}

// dragBox is the element after the mouse moved dx, dy mm from where the
// drag began, with the moved edges snapped to the grid.
func dragBox(e badge.Element, handle int, dx, dy float64) badge.Element {
	if handle < 0 {
		e.X, e.Y = snap(e.X+dx), snap(e.Y+dy)
		return e
	}
	l, t, r, b := e.X, e.Y, e.X+e.W, e.Y+e.H
	if strings.ContainsRune("067", rune('0'+handle)) { // left edge
		l = min(snap(l+dx), r-snapMM)
	}
	if strings.ContainsRune("234", rune('0'+handle)) { // right edge
		r = max(snap(r+dx), l+snapMM)
	}
	if strings.ContainsRune("012", rune('0'+handle)) { // top edge
		t = min(snap(t+dy), b-snapMM)
	}
	if strings.ContainsRune("456", rune('0'+handle)) { // bottom edge
		b = max(snap(b+dy), t+snapMM)
	}
	e.X, e.Y, e.W, e.H = round2(l), round2(t), round2(r-l), round2(b-t)
	return e
}

// Cursor follows what a drag from the mouse's place would do.
func (v *cardView) Cursor() desktop.Cursor { return v.cursor }

func (v *cardView) MouseIn(ev *desktop.MouseEvent) { v.MouseMoved(ev) }
func (v *cardView) MouseOut()                      { v.cursor = desktop.DefaultCursor }

func (v *cardView) MouseMoved(ev *desktop.MouseEvent) {
	switch h := v.hitHandle(ev.Position); {
	case h == 1 || h == 5:
		v.cursor = desktop.VResizeCursor
	case h == 3 || h == 7:
		v.cursor = desktop.HResizeCursor
	case h >= 0:
		v.cursor = desktop.CrosshairCursor
	case v.hitElement(ev.Position) >= 0:
		v.cursor = desktop.PointerCursor
	default:
		v.cursor = desktop.DefaultCursor
	}
}

func (v *cardView) requestFocus() {
	if c := fyne.CurrentApp().Driver().CanvasForObject(v); c != nil {
		c.Focus(v)
	}
}

func (v *cardView) FocusGained()   { v.focused = true; v.Refresh() }
func (v *cardView) FocusLost()     { v.focused = false; v.Refresh() }
func (v *cardView) TypedRune(rune) {}

// TypedKey nudges the selection by the snapping grid, 0.5 mm, and
// deletes it; other keys (Escape) go to the window.
func (v *cardView) TypedKey(ev *fyne.KeyEvent) {
	if !v.d.admin {
		v.d.typedKey(ev)
		return
	}
	switch ev.Name {
	case fyne.KeyLeft:
		v.d.nudge(-snapMM, 0)
	case fyne.KeyRight:
		v.d.nudge(snapMM, 0)
	case fyne.KeyUp:
		v.d.nudge(0, -snapMM)
	case fyne.KeyDown:
		v.d.nudge(0, snapMM)
	case fyne.KeyDelete, fyne.KeyBackspace:
		v.d.deleteSelected()
	default:
		v.d.typedKey(ev)
	}
}

func (v *cardView) TypedShortcut(sc fyne.Shortcut) { v.d.shortcut(sc) }

func (v *cardView) CreateRenderer() fyne.WidgetRenderer {
	r := &cardRenderer{v: v, image: canvas.NewImageFromImage(nil)}
	r.image.FillMode = canvas.ImageFillStretch
	r.image.ScaleMode = canvas.ImageScaleSmooth
	return r
}

type cardRenderer struct {
	v     *cardView
	image *canvas.Image
	objs  []fyne.CanvasObject
}

func (r *cardRenderer) Destroy()                     {}
func (r *cardRenderer) MinSize() fyne.Size           { return r.v.MinSize() }
func (r *cardRenderer) Objects() []fyne.CanvasObject { return r.objs }

func (r *cardRenderer) Layout(size fyne.Size) {
	r.v.size = size
	r.build()
	if s, _ := r.v.geometry(); math.Abs(float64(s-r.v.scale)) > 0.01*float64(s) {
		r.v.scale = s
		r.v.d.scaleChanged()
	}
}

func (r *cardRenderer) Refresh() {
	r.build()
	canvas.Refresh(r.v)
}

// build draws the card from scratch: a side has few elements.
func (r *cardRenderer) build() {
	v := r.v
	s, o := v.geometry()
	cw, ch := cardSize(v.d.tpl)
	w, h := float32(cw)*s, float32(ch)*s
	objs := make([]fyne.CanvasObject, 0, 64)

	shadow := canvas.NewRectangle(color.NRGBA{A: 0x30})
	shadow.CornerRadius = 3.18 * s
	shadow.Move(o.AddXY(2, 3))
	shadow.Resize(fyne.NewSize(w, h))
	card := canvas.NewRectangle(parseColour(v.d.side().Background, color.White))
	card.StrokeColor, card.StrokeWidth = color.NRGBA{R: 0x80, G: 0x80, B: 0x80, A: 0xff}, 1
	card.CornerRadius = 3.18 * s // CR80 corners
	card.Move(o)
	card.Resize(fyne.NewSize(w, h))
	objs = append(objs, shadow, card)

	if v.preview != nil {
		if r.image.Image != v.preview {
			r.image.Image = v.preview
			r.image.Refresh()
		}
		r.image.Move(o)
		r.image.Resize(fyne.NewSize(w, h))
		objs = append(objs, r.image)
	}
	els := v.d.elements()
	for i, e := range els {
		switch {
		case v.preview == nil:
			objs = append(objs, sketch(e, v, s)...)
		case v.stale && i == v.d.sel:
			objs = append(objs, ghost(v, e)...)
		}
	}
	objs = append(objs, dashedRect(o.AddXY(float32(safeMM)*s, float32(safeMM)*s),
		fyne.NewSize(w-2*float32(safeMM)*s, h-2*float32(safeMM)*s), safeColour)...)
	if e, ok := v.d.selected(); ok {
		p, sz := v.box(e)
		outline := canvas.NewRectangle(color.Transparent)
		outline.StrokeColor, outline.StrokeWidth = theme.Color(theme.ColorNamePrimary), 1.5
		outline.Move(p)
		outline.Resize(sz)
		objs = append(objs, outline)
		for _, c := range v.handles(e) {
			hd := canvas.NewRectangle(color.White)
			hd.StrokeColor, hd.StrokeWidth = theme.Color(theme.ColorNamePrimary), 1.5
			hd.Move(c.SubtractXY(handleSize/2, handleSize/2))
			hd.Resize(fyne.NewSize(handleSize, handleSize))
			objs = append(objs, hd)
		}
	}
	if v.focused {
		ring := canvas.NewRectangle(color.Transparent)
		ring.StrokeColor, ring.StrokeWidth = theme.Color(theme.ColorNameFocus), 2
		ring.Resize(v.size)
		objs = append(objs, ring)
	}
	r.objs = objs
}

var (
	safeColour   = color.NRGBA{R: 0xd0, G: 0x30, B: 0x30, A: 0xb0}
	sketchStroke = color.NRGBA{R: 0x60, G: 0x60, B: 0x60, A: 0xff}
	sketchFill   = color.NRGBA{R: 0xe4, G: 0xe8, B: 0xee, A: 0xff}
)

// ghost is the outline of an element being dragged, over a preview that
// still shows it where it was.
func ghost(v *cardView, e badge.Element) []fyne.CanvasObject {
	p, sz := v.box(e)
	g := canvas.NewRectangle(color.NRGBA{R: 0x0b, G: 0x5c, B: 0xad, A: 0x30})
	g.Move(p)
	g.Resize(sz)
	return []fyne.CanvasObject{g}
}

// sketch draws an element roughly while there is no rendered preview
// (the first render, or a template the engine refuses).
func sketch(e badge.Element, v *cardView, s float32) []fyne.CanvasObject {
	p, sz := v.box(e)
	place := func(o fyne.CanvasObject) fyne.CanvasObject {
		o.Move(p)
		o.Resize(sz)
		return o
	}
	switch e.Type {
	case badge.TypeRect:
		r := canvas.NewRectangle(parseColour(e.Fill, color.Transparent))
		r.StrokeColor, r.CornerRadius = parseColour(e.Stroke, color.Transparent), float32(e.Radius)*s
		if e.Stroke != "" {
			r.StrokeWidth = 1
		}
		return []fyne.CanvasObject{place(r)}
	case badge.TypeEllipse:
		c := canvas.NewCircle(parseColour(e.Fill, color.Transparent))
		c.StrokeColor = parseColour(e.Stroke, color.Transparent)
		if e.Stroke != "" {
			c.StrokeWidth = 1
		}
		return []fyne.CanvasObject{place(c)}
	case badge.TypeText:
		t := canvas.NewText(e.Text, parseColour(e.Color, color.Black))
		t.TextSize = max(float32(e.FontSize)*0.3528*s, 4)
		t.TextStyle = fyne.TextStyle{Bold: e.Bold, Italic: e.Italic}
		switch e.Align {
		case "center":
			t.Alignment = fyne.TextAlignCenter
		case "right":
			t.Alignment = fyne.TextAlignTrailing
		}
		return []fyne.CanvasObject{place(t)}
	}
	box := canvas.NewRectangle(sketchFill)
	box.StrokeColor, box.StrokeWidth = sketchStroke, 1
	label := canvas.NewText(words.BadgeElement(e.Type), sketchStroke)
	label.TextSize, label.Alignment = theme.CaptionTextSize(), fyne.TextAlignCenter
	out := []fyne.CanvasObject{place(box), label}
	label.Move(p.AddXY(0, (sz.Height-label.MinSize().Height)/2))
	label.Resize(fyne.NewSize(sz.Width, label.MinSize().Height))
	return out
}

// dashedRect is a dashed outline: Fyne draws no dashed lines.
func dashedRect(p fyne.Position, sz fyne.Size, c color.Color) []fyne.CanvasObject {
	const dash, gap = 5, 4
	var out []fyne.CanvasObject
	seg := func(a, b fyne.Position) {
		l := canvas.NewLine(c)
		l.StrokeWidth = 1
		l.Position1, l.Position2 = a, b
		out = append(out, l)
	}
	for x := float32(0); x < sz.Width; x += dash + gap {
		e := min(x+dash, sz.Width)
		seg(p.AddXY(x, 0), p.AddXY(e, 0))
		seg(p.AddXY(x, sz.Height), p.AddXY(e, sz.Height))
	}
	for y := float32(0); y < sz.Height; y += dash + gap {
		e := min(y+dash, sz.Height)
		seg(p.AddXY(0, y), p.AddXY(0, e))
		seg(p.AddXY(sz.Width, y), p.AddXY(sz.Width, e))
	}
	return out
}

// parseColour reads #rrggbb; anything else is def.
func parseColour(s string, def color.Color) color.Color {
	if !validColour(s, false) {
		return def
	}
	var rgb [3]uint8
	for i := range rgb {
		rgb[i] = hexByte(s[1+2*i : 3+2*i])
	}
	return color.NRGBA{R: rgb[0], G: rgb[1], B: rgb[2], A: 0xff}
}

func hexByte(s string) uint8 {
	var v uint8
	for _, r := range strings.ToLower(s) {
		v <<= 4
		switch {
		case r >= '0' && r <= '9':
			v |= uint8(r - '0')
		case r >= 'a' && r <= 'f':
			v |= uint8(r-'a') + 10
		}
	}
	return v
}

func abs32(f float32) float32 {
	if f < 0 {
		return -f
	}
	return f
}
