package formats

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/carddesk/carddesk/cardformat"
	"github.com/carddesk/carddesk/enroll"
)

// listColumns are shared by the header and every row: id, name, length,
// kind, fields, built-in or custom, and how many credentials use it.
var listColumns = []column{
	{Fixed: 96}, {Weight: 1.7}, {Fixed: 76}, {Fixed: 100}, {Weight: 2.9}, {Fixed: 104}, {Fixed: 130},
}

func listHeader() fyne.CanvasObject {
	objs := make([]fyne.CanvasObject, 0, len(listColumns))
	for _, t := range []string{lang.X("formats.id", "ID"), lang.L("Name"), lang.L("Length"), lang.L("Kind"),
		lang.L("Fields"), lang.L("Source"), lang.L("Used by")} {
		l := widget.NewLabelWithStyle(t, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		l.Truncation = fyne.TextTruncateEllipsis
		objs = append(objs, l)
	}
	return columns(listColumns, objs...)
}

// formatList is a widget.List whose Enter opens the selected format.
type formatList struct {
	widget.List
	onEnter func()
}

func newFormatList(length func() int, create func() fyne.CanvasObject, update func(widget.ListItemID, fyne.CanvasObject)) *formatList {
	l := &formatList{}
	l.Length, l.CreateItem, l.UpdateItem = length, create, update
	l.ExtendBaseWidget(l)
	return l
}

func (l *formatList) TypedKey(ev *fyne.KeyEvent) {
	if (ev.Name == fyne.KeyReturn || ev.Name == fyne.KeyEnter) && l.onEnter != nil {
		l.onEnter()
		return
	}
	l.List.TypedKey(ev)
}

// rowView is one format in the list. It takes taps itself, so a tap on the
// row that is already selected opens it again.
type rowView struct {
	widget.BaseWidget
	id     widget.ListItemID
	tapped func(widget.ListItemID)
	cells  []*widget.Label
	box    *fyne.Container
}

func newRowView(tapped func(widget.ListItemID)) *rowView {
	r := &rowView{id: -1, tapped: tapped}
	objs := make([]fyne.CanvasObject, len(listColumns))
	for i := range listColumns {
		l := widget.NewLabel("")
		l.Truncation = fyne.TextTruncateEllipsis
		r.cells = append(r.cells, l)
		objs[i] = l
	}
	r.cells[0].TextStyle.Monospace = true
	r.box = columns(listColumns, objs...)
	r.ExtendBaseWidget(r)
	return r
}

func (r *rowView) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(r.box) }

func (r *rowView) Tapped(*fyne.PointEvent) {
	if r.id >= 0 {
		r.tapped(r.id)
	}
}

func (r *rowView) show(id widget.ListItemID, fi enroll.FormatInfo) {
	r.id = id
	f := fi.Format
	texts := []string{f.ID, f.Name, lang.X("formats.length", "{{.N}} bits", map[string]any{"N": f.Length}),
		kindName(f.Kind), fieldsSummary(f), sourceName(fi.Builtin), usedBy(fi.InUse)}
	for i, t := range texts {
		if r.cells[i].Text != t {
			r.cells[i].SetText(t)
		}
	}
	imp := widget.LowImportance
	if fi.InUse > 0 {
		imp = widget.MediumImportance
	}
	if last := r.cells[len(r.cells)-1]; last.Importance != imp {
		last.Importance = imp
		last.Refresh()
	}
}

func kindName(k cardformat.Kind) string {
	if k == cardformat.KindCSN {
		return lang.L("CSN (UID)")
	}
	return lang.L("Wiegand")
}

func sourceName(builtin bool) string {
	if builtin {
		return lang.L("Built-in")
	}
	return lang.L("Custom")
}

func usedBy(n int) string {
	switch n {
	case 0:
		return lang.L("Not used")
	case 1:
		return lang.L("1 credential")
	}
	return lang.X("formats.usedby", "{{.N}} credentials", map[string]any{"N": n})
}

// fieldsSummary lists the fields with their bits, and the parity bits:
// "facility 1-8, card 9-24 · parity 0, 25".
func fieldsSummary(f cardformat.Format) string {
	parts := make([]string, len(f.Fields))
	for i, fd := range f.Fields {
		parts[i] = fd.Name + " " + cardformat.FormatMask(fd.Bits)
	}
	s := strings.Join(parts, ", ")
	if len(f.Parity) > 0 {
		pos := make([]string, len(f.Parity))
		for i, c := range f.Parity {
			pos[i] = cardformat.FormatMask([]int{c.Position})
		}
		s += " · " + lang.X("formats.paritybits", "parity {{.Bits}}", map[string]any{"Bits": strings.Join(pos, ", ")})
	}
	return s
}
