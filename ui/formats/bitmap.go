package formats

import (
	"image/color"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/carddesk/carddesk/cardformat"
)

// Bit map geometry, in points. Rows hold 32 bits with a wider gap after
// every 8, so positions can be counted by eye; cells widen with the map.
const (
	bitsPerRow   = 32
	cellMinWidth = 22
	cellHeight   = 36
	cellGap      = 2
	byteGap      = 6
	rowGap       = 4
	// mapRowsShown is how many rows are visible before the map scrolls;
	// more would squeeze the tables below.
	mapRowsShown = 3
)

// BitMap draws a format bit by bit: each cell coloured by the field or
// parity check it belongs to, with its position, the value of the bits
// under test, and its role in a line under the map while the mouse is on it.
type BitMap struct {
	widget.BaseWidget

	format  cardformat.Format
	info    []bitInfo
	value   cardformat.Bits
	valued  bool
	failed  []int // parity checks that do not hold for value
	hovered int   // -1: none
	lit     []int // the hovered owner's other bits

	cells   []*bitCell
	layout  *bitGrid
	grid    *fyne.Container
	scroll  *container.Scroll
	none    *widget.Label
	hover   *widget.Label
	legend  *fyne.Container
	content fyne.CanvasObject
}

func newBitMap() *BitMap {
	m := &BitMap{hovered: -1}
	m.ExtendBaseWidget(m)
	m.layout = &bitGrid{}
	m.grid = container.New(m.layout)
	m.scroll = container.NewVScroll(m.grid)
	m.none = widget.NewLabel(lang.L("The bit map appears once the length is 8–512 bits."))
	m.none.Importance = widget.LowImportance
	m.hover = widget.NewLabel("")
	m.hover.Wrapping = fyne.TextWrapWord
	m.legend = container.New(&flowLayout{})
	// The legend is placed by the editor, beside the map's heading.
	m.content = container.NewVBox(container.NewStack(m.scroll, m.none), m.hover)
	m.showHover()
	return m
}

func (m *BitMap) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(m.content) }

// SetFormat draws f; a value shown before stays if the length still fits.
func (m *BitMap) SetFormat(f cardformat.Format) {
	m.format, m.info = f, analyse(f)
	if m.valued && m.value.Len() != len(m.info) {
		m.valued, m.failed = false, nil
	}
	if m.hovered >= len(m.info) {
		m.hovered, m.lit = -1, nil
	}
	m.resize(len(m.info))
	m.restyle()
	m.buildLegend()
	m.showHover()
}

// SetValue shows the bits under test in the cells, and marks the parity
// bits of failed checks.
func (m *BitMap) SetValue(b cardformat.Bits, failed []int) {
	if b.Len() != len(m.info) {
		m.ClearValue()
		return
	}
	m.value, m.valued, m.failed = b, true, slices.Clone(failed)
	m.restyle()
}

// ClearValue leaves the cells without values.
func (m *BitMap) ClearValue() {
	if !m.valued {
		return
	}
	m.valued, m.failed = false, nil
	m.restyle()
}

// HoverText is what the line under the map says now.
func (m *BitMap) HoverText() string { return m.hover.Text }

// resize keeps one cell per bit, reusing cells across edits.
func (m *BitMap) resize(n int) {
	for len(m.cells) < n {
		m.cells = append(m.cells, newBitCell(m, len(m.cells)))
	}
	m.cells = m.cells[:n]
	objs := make([]fyne.CanvasObject, n)
	for i, c := range m.cells {
		objs[i] = c
	}
	m.grid.Objects = objs
	rows := (n + bitsPerRow - 1) / bitsPerRow
	shown := min(rows, mapRowsShown)
	m.layout.reserve = 0
	if rows > shown { // keep the last column clear of the scroll bar
		m.layout.reserve = theme.ScrollBarSize() + cellGap
	}
	m.scroll.SetMinSize(fyne.NewSize(0, float32(shown)*(cellHeight+rowGap)-rowGap))
	if n > 0 {
		m.scroll.Show()
		m.none.Hide()
	} else {
		m.scroll.Hide()
		m.none.Show()
	}
	m.grid.Refresh()
	m.scroll.Refresh()
}

func (m *BitMap) restyle() {
	for _, c := range m.cells {
		c.apply(m.style(c.pos))
	}
}

// cellStyle is how one cell looks.
type cellStyle struct {
	fill        color.Color
	text        color.Color
	stroke      color.Color
	strokeWidth float32
	value       string
}

func (m *BitMap) style(p int) cellStyle {
	b := m.info[p]
	s := cellStyle{fill: color.Transparent, text: foreground()}
	if fill, ok := bitColour(m.format, b); ok {
		s.fill, s.text = fill, textOn(fill)
	}
	switch {
	case p == m.hovered:
		s.stroke, s.strokeWidth = foreground(), 3
	case m.failedAt(p):
		s.stroke, s.strokeWidth = problemColour, 3
	case slices.Contains(m.lit, p):
		s.stroke, s.strokeWidth = foreground(), 1.5
	case b.unaccounted():
		s.stroke, s.strokeWidth = problemColour, 1.5
	}
	if m.valued {
		s.value = "0"
		if m.value.Bit(p) {
			s.value = "1"
		}
	}
	return s
}

// failedAt reports whether p is the parity bit of a failed check.
func (m *BitMap) failedAt(p int) bool {
	for _, i := range m.failed {
		if i < len(m.format.Parity) && m.format.Parity[i].Position == p {
			return true
		}
	}
	return false
}

func (m *BitMap) hoverOn(p int) {
	if p == m.hovered || p >= len(m.info) {
		return
	}
	m.hovered, m.lit = p, m.related(p)
	m.restyle()
	m.showHover()
}

func (m *BitMap) hoverOff(p int) {
	if p != m.hovered {
		return
	}
	m.hovered, m.lit = -1, nil
	m.restyle()
	m.showHover()
}

// related lists the bits to outline with p: the rest of its field, or the
// bits its parity check covers.
func (m *BitMap) related(p int) []int {
	b := m.info[p]
	if len(b.owners) != 1 {
		return nil
	}
	switch o := b.owners[0]; o.kind {
	case ownField:
		return m.format.Fields[o.index].Bits
	case ownParity:
		return m.format.Parity[o.index].Mask
	}
	return nil
}

func (m *BitMap) showHover() {
	if m.hovered >= 0 {
		m.hover.Importance = widget.MediumImportance
		m.hover.SetText(roleText(m.format, m.info, m.hovered))
		return
	}
	m.hover.Importance = widget.LowImportance
	m.hover.SetText(lang.L("Point at a bit to see what it is for."))
}

// buildLegend lists the colours in use: each field, the parity types, and
// unused, unassigned or doubly claimed bits when there are any.
func (m *BitMap) buildLegend() {
	var items []fyne.CanvasObject
	for i := range m.format.Fields {
		items = append(items, swatchLabel(fieldColour(i), fieldLabel(m.format, i)))
	}
	var even, odd, unused, free, clash bool
	for _, c := range m.format.Parity {
		even, odd = even || c.Type == cardformat.Even, odd || c.Type == cardformat.Odd
	}
	for _, b := range m.info {
		unused = unused || len(b.owners) == 1 && b.owners[0].kind == ownUnused
		free, clash = free || b.unaccounted(), clash || b.conflict()
	}
	add := func(on bool, c color.NRGBA, text string) {
		if on {
			items = append(items, swatchLabel(c, text))
		}
	}
	add(even, evenParityColour, lang.L("even parity"))
	add(odd, oddParityColour, lang.L("odd parity"))
	add(unused, unusedColour, lang.L("unused"))
	add(clash, conflictColour, lang.L("claimed twice"))
	if free {
		items = append(items, outlineLabel(problemColour, lang.L("not assigned")))
	}
	m.legend.Objects = items
	m.legend.Refresh()
}

// swatchLabel is a colour square with its meaning.
func swatchLabel(c color.Color, text string) fyne.CanvasObject {
	r := canvas.NewRectangle(c)
	r.CornerRadius = 3
	return legendItem(r, text)
}

func outlineLabel(c color.Color, text string) fyne.CanvasObject {
	r := canvas.NewRectangle(color.Transparent)
	r.StrokeColor, r.StrokeWidth, r.CornerRadius = c, 1.5, 3
	return legendItem(r, text)
}

func legendItem(r *canvas.Rectangle, text string) fyne.CanvasObject {
	r.SetMinSize(fyne.NewSquareSize(14))
	l := widget.NewLabel(text)
	l.SizeName = theme.SizeNameCaptionText
	return container.NewHBox(container.NewCenter(r), l)
}

// bitGrid places the cells in rows of bitsPerRow, a wider gap after every
// eighth, stretching them to the width available less reserve.
type bitGrid struct{ reserve float32 }

func rowGaps() float32 { return (bitsPerRow-1)*cellGap + (bitsPerRow/8-1)*(byteGap-cellGap) }

func (g *bitGrid) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	w := max(cellMinWidth, (size.Width-g.reserve-rowGaps())/bitsPerRow)
	for i, o := range objs {
		col, row := i%bitsPerRow, i/bitsPerRow
		x := float32(col)*(w+cellGap) + float32(col/8)*(byteGap-cellGap)
		o.Move(fyne.NewPos(x, float32(row)*(cellHeight+rowGap)))
		o.Resize(fyne.NewSize(w, cellHeight))
	}
}

func (g *bitGrid) MinSize(objs []fyne.CanvasObject) fyne.Size {
	if len(objs) == 0 {
		return fyne.Size{}
	}
	rows := (len(objs) + bitsPerRow - 1) / bitsPerRow
	return fyne.NewSize(bitsPerRow*cellMinWidth+rowGaps()+g.reserve, float32(rows)*(cellHeight+rowGap)-rowGap)
}

// flowLayout lines its objects up like words, wrapping to the next line.
type flowLayout struct{ width float32 }

func (l *flowLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	l.width = size.Width
	l.place(objs, size.Width, true)
}

func (l *flowLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	w := l.width
	if w <= 0 {
		w = 900
	}
	return l.place(objs, w, false)
}

// place lays the objects out (when move is set) and returns the size used.
func (l *flowLayout) place(objs []fyne.CanvasObject, width float32, move bool) fyne.Size {
	gap := theme.Padding() * 2
	var x, y, rowH, used float32
	for _, o := range objs {
		s := o.MinSize()
		if x > 0 && x+s.Width > width {
			x, y, rowH = 0, y+rowH, 0
		}
		if move {
			o.Move(fyne.NewPos(x, y))
			o.Resize(s)
		}
		x += s.Width + gap
		used, rowH = max(used, x-gap), max(rowH, s.Height)
	}
	return fyne.NewSize(min(used, width), y+rowH)
}
