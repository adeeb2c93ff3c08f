package formats

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/carddesk/carddesk/cardformat"
	"github.com/carddesk/carddesk/ui/widgets"
)

const (
	swatchSize  = 14
	iconButtonW = 36
)

// Table columns. The swatch ties a row to its colour in the bit map.
var (
	fieldColumns = []widgets.Column{
		{Min: swatchSize}, {Min: 1.1 * roomPerWeight, Weight: 1.1}, {Min: 1.6 * roomPerWeight, Weight: 1.6},
		{Min: 100}, {Min: 1.3 * roomPerWeight, Weight: 1.3}, {Min: iconButtonW},
	}
	parityColumns = []widgets.Column{
		{Min: swatchSize}, {Min: 96}, {Min: 76}, {Min: roomPerWeight, Weight: 1}, {Min: 3*iconButtonW + 2*4},
	}
)

// rowEvents is how a table row reports to the editor.
type rowEvents struct {
	changed  func()
	remove   func()
	up, down func()
}

// fieldRow is one line of the fields table: name, mask, optional fixed
// value, and the size and range the mask gives.
type fieldRow struct {
	touched           bool // show its messages only once it was edited
	swatch            *canvas.Rectangle
	name, mask, fixed *widgets.Entry
	size              *widget.Label
	remove            *widget.Button
	msg               *widget.Label
	box               fyne.CanvasObject
}

func newFieldRow(in fieldInput, ev rowEvents) *fieldRow {
	r := &fieldRow{swatch: swatch(), msg: widgets.Message()}
	r.name = rowEntry(lang.L("e.g. card"), in.name, ev, &r.touched)
	r.mask = rowEntry(lang.L("e.g. 9-24"), in.mask, ev, &r.touched)
	r.fixed = rowEntry(lang.L("varies"), in.fixed, ev, &r.touched)
	r.size = widget.NewLabel("")
	r.size.SizeName, r.size.Truncation = theme.SizeNameCaptionText, fyne.TextTruncateEllipsis
	r.remove = widget.NewButtonWithIcon("", theme.DeleteIcon(), ev.remove)
	r.remove.Importance = widget.LowImportance
	line := widgets.Row(fieldColumns, container.NewCenter(r.swatch), r.name, r.mask, r.fixed, r.size, r.remove)
	r.box = container.NewVBox(line, r.msg)
	return r
}

func (r *fieldRow) input() fieldInput {
	return fieldInput{name: r.name.Text, mask: r.mask.Text, fixed: r.fixed.Text}
}

// describe shows the field's width and range, or nothing while the mask
// cannot be read.
func (r *fieldRow) describe(fd cardformat.Field) {
	if len(fd.Bits) == 0 || len(fd.Bits) > cardformat.MaxFieldBits {
		r.size.SetText("")
		return
	}
	r.size.SetText(lang.X("formats.field.size", "{{.N}} bits · {{.Min}}–{{.Max}}",
		map[string]any{"N": len(fd.Bits), "Min": fd.Min().String(), "Max": fd.Max().String()}))
}

func (r *fieldRow) setEditable(on, removable bool) {
	for _, e := range []*widgets.Entry{r.name, r.mask, r.fixed} {
		widgets.SetEnabled(e, on)
	}
	if removable {
		r.remove.Show()
	} else {
		r.remove.Hide()
	}
}

// parityRow is one line of the parity table: type, parity bit, mask, and
// buttons to move the check, since checks are computed in list order.
type parityRow struct {
	touched       bool
	swatch        *canvas.Rectangle
	kind          *widgets.Select
	position      *widgets.Entry
	mask          *widgets.Entry
	up, down, del *widget.Button
	msg           *widget.Label
	box           fyne.CanvasObject
}

func parityTypes() []string { return []string{lang.L("Even"), lang.L("Odd")} }

func newParityRow(in parityInput, ev rowEvents) *parityRow {
	r := &parityRow{swatch: swatch(), msg: widgets.Message()}
	r.kind = widgets.NewSelect(parityTypes(), nil)
	r.kind.SetSelectedIndex(0)
	if in.odd {
		r.kind.SetSelectedIndex(1)
	}
	r.kind.OnChanged = func(string) { r.touched = true; ev.changed() }
	r.position = rowEntry(lang.L("bit"), in.position, ev, &r.touched)
	r.mask = rowEntry(lang.L("e.g. 1-12"), in.mask, ev, &r.touched)
	r.up = iconButton(theme.MoveUpIcon(), ev.up)
	r.down = iconButton(theme.MoveDownIcon(), ev.down)
	r.del = iconButton(theme.DeleteIcon(), ev.remove)
	buttons := container.NewGridWithColumns(3, r.up, r.down, r.del)
	line := widgets.Row(parityColumns, container.NewCenter(r.swatch), r.kind, r.position, r.mask, buttons)
	r.box = container.NewVBox(line, r.msg)
	return r
}

func (r *parityRow) input() parityInput {
	return parityInput{odd: r.kind.SelectedIndex() == 1, position: r.position.Text, mask: r.mask.Text}
}

func (r *parityRow) setEditable(on bool, first, last bool) {
	widgets.SetEnabled(r.kind, on)
	widgets.SetEnabled(r.position, on)
	widgets.SetEnabled(r.mask, on)
	for _, b := range []*widget.Button{r.up, r.down, r.del} {
		if on {
			b.Show()
		} else {
			b.Hide()
		}
	}
	widgets.SetEnabled(r.up, on && !first)
	widgets.SetEnabled(r.down, on && !last)
}

func rowEntry(placeholder, text string, ev rowEvents, touched *bool) *widgets.Entry {
	e := newEntry(placeholder, text)
	e.OnChanged = func(string) { *touched = true; ev.changed() }
	return e
}

func iconButton(icon fyne.Resource, tapped func()) *widget.Button {
	b := widget.NewButtonWithIcon("", icon, tapped)
	b.Importance = widget.LowImportance
	return b
}

func swatch() *canvas.Rectangle {
	r := canvas.NewRectangle(color.Transparent)
	r.CornerRadius = 3
	r.SetMinSize(fyne.NewSquareSize(swatchSize))
	return r
}

func setSwatch(r *canvas.Rectangle, c color.Color) {
	r.FillColor = c
	r.Refresh()
}

// tableHeader is the caption row above a table, in its columns.
func tableHeader(cols []widgets.Column, titles ...string) fyne.CanvasObject {
	objs := []fyne.CanvasObject{widget.NewLabel("")}
	for _, t := range titles {
		l := widget.NewLabel(t)
		l.SizeName, l.Importance, l.Truncation = theme.SizeNameCaptionText, widget.LowImportance, fyne.TextTruncateEllipsis
		objs = append(objs, l)
	}
	return widgets.Row(cols, objs...)
}

// newEntry is an input with a placeholder, filled with text.
func newEntry(placeholder, text string) *widgets.Entry {
	e := widgets.NewEntry()
	e.PlaceHolder = placeholder
	e.SetText(text)
	return e
}
