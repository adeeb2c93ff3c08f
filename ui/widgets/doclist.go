package widgets

import (
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// DocList is the list of a screen that keeps documents an administrator
// edits in a dialog (card formats, badge templates): one row of text cells
// per document, Enter or a click on a row opens it, and a reload keeps the
// document selected. K is what tells documents apart across reloads.
type DocList[T any, K comparable] struct {
	widget.List
	items    []T
	selected int // index into items, -1: none
	key      func(T) K
	keep     K // document to select after the next SetItems
	keeping  bool

	OnChange func() // the selection changed
	OnOpen   func() // Enter, or a click on a row
}

// NewDocList builds the list; fill shows a document in its row's cells.
// With double, a row opens on a double click and a single click only
// selects; otherwise a click on a row, selected or not, opens it.
func NewDocList[T any, K comparable](cols []Column, double bool, key func(T) K, fill func(doc T, cells []*widget.Label)) *DocList[T, K] {
	l := &DocList[T, K]{selected: -1, key: key, OnChange: func() {}, OnOpen: func() {}}
	l.Length = func() int { return len(l.items) }
	l.CreateItem = func() fyne.CanvasObject {
		if double {
			r := &doubleDocRow{}
			r.init(r, cols, l.Open)
			return r
		}
		r := &tapDocRow{}
		r.init(r, cols, l.Open)
		return r
	}
	l.UpdateItem = func(id widget.ListItemID, o fyne.CanvasObject) {
		r := o.(interface{ row() *docRow }).row()
		r.id = id
		fill(l.items[id], r.cells)
	}
	l.OnSelected = func(id widget.ListItemID) { l.selected = id; l.OnChange() }
	l.OnUnselected = func(widget.ListItemID) { l.selected = -1; l.OnChange() }
	l.ExtendBaseWidget(l)
	return l
}

// Items is the list as shown.
func (l *DocList[T, K]) Items() []T { return slices.Clone(l.items) }

// Current is the selected document.
func (l *DocList[T, K]) Current() (T, bool) {
	if l.selected < 0 || l.selected >= len(l.items) {
		var none T
		return none, false
	}
	return l.items[l.selected], true
}

// Keep selects the document with key k after the next SetItems, instead of
// the one selected now: the one just saved or imported.
func (l *DocList[T, K]) Keep(k K) { l.keep, l.keeping = k, true }

// SetItems shows fresh documents, selecting the one asked for with Keep or
// else the one selected before.
func (l *DocList[T, K]) SetItems(items []T) {
	want, ok := l.keep, l.keeping
	if cur, sel := l.Current(); sel && !ok {
		want, ok = l.key(cur), true
	}
	l.keeping = false
	l.items = items
	l.UnselectAll()
	l.selected = -1
	l.Refresh()
	for i, doc := range items {
		if ok && l.key(doc) == want {
			l.Select(i)
			l.ScrollTo(i)
		}
	}
	l.OnChange()
}

// Open selects row i and opens it, as a click on the row does.
func (l *DocList[T, K]) Open(i int) {
	l.Select(i)
	l.OnOpen()
}

func (l *DocList[T, K]) TypedKey(ev *fyne.KeyEvent) {
	if ev.Name == fyne.KeyReturn || ev.Name == fyne.KeyEnter {
		l.OnOpen()
		return
	}
	l.List.TypedKey(ev)
}

// docRow is one document's row. It takes the clicks itself, so a click on
// the row that is already selected opens it again.
type docRow struct {
	widget.BaseWidget
	id    widget.ListItemID
	open  func(int)
	cells []*widget.Label
	box   *fyne.Container
}

func (r *docRow) init(self fyne.Widget, cols []Column, open func(int)) {
	r.id, r.open = -1, open
	objs := make([]fyne.CanvasObject, len(cols))
	for i := range cols {
		l := Cell()
		r.cells = append(r.cells, l)
		objs[i] = l
	}
	r.box = Row(cols, objs...)
	r.ExtendBaseWidget(self)
}

func (r *docRow) row() *docRow { return r }

func (r *docRow) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(NewTipRow(r.box))
}

func (r *docRow) opened() {
	if r.id >= 0 {
		r.open(r.id)
	}
}

// tapDocRow opens on a click.
type tapDocRow struct{ docRow }

func (r *tapDocRow) Tapped(*fyne.PointEvent) { r.opened() }

// doubleDocRow opens on a double click; a click selects through the list.
type doubleDocRow struct{ docRow }

func (r *doubleDocRow) DoubleTapped(*fyne.PointEvent) { r.opened() }
