package formats

import (
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/carddesk/carddesk/cardformat"
	"github.com/carddesk/carddesk/ui/widgets"
)

// editorMode says what the editor is for.
type editorMode int

const (
	modeNew  editorMode = iota // a new custom format; the id can be typed
	modeEdit                   // a stored custom format; the id is its key
	modeView                   // a built-in format, read-only
)

// Editor is the card-format form: id, name and length, the fields and
// parity tables and the unused bits, with the bit map and the test pane.
// It checks the definition on every change; storing it is the caller's
// job, which reports refusals back with ShowError.
type Editor struct {
	widget.BaseWidget

	// OnSave receives the format to store; it is only called for a valid one.
	OnSave func(cardformat.Format)
	// OnCancel is called for Cancel, Close and Escape.
	OnCancel func()
	// The buttons for the format as stored; nil hides them.
	OnDelete, OnExport, OnDuplicate func()

	mode      editorMode
	original  cardformat.Format
	inUse     int
	locked    bool // credentials use it: only the name may change
	submitted bool // Save was pressed: every message shows
	touched   map[spot]bool
	current   draft
	// refused holds what the station said at a spot; it stays until that
	// input changes (a general refusal until anything changes).
	refused map[spot]string

	id, name, length, unused           *widgets.Entry
	idMsg, nameMsg, lengthMsg          *widget.Label
	unusedMsg, fieldsMsg, parityMsg    *widget.Label
	fields                             []*fieldRow
	parity                             []*parityRow
	fieldsBox, parityBox               *fyne.Container
	addField, addParity                *widget.Button
	parityHead                         fyne.CanvasObject
	noParity                           *widget.Label
	note, general, summary             *widget.Label
	bitmap                             *BitMap
	tabs                               *container.AppTabs
	test                               *testPane
	save, cancel, del, export, copyFmt *widget.Button
	content                            fyne.CanvasObject
}

// newEditor builds the form for f. inUse is the number of credentials
// enrolled with it, which locks its layout.
func newEditor(f cardformat.Format, mode editorMode, inUse int) *Editor {
	e := &Editor{mode: mode, original: f, inUse: inUse, touched: map[spot]bool{}, refused: map[spot]string{}}
	e.ExtendBaseWidget(e)
	e.locked = mode == modeEdit && inUse > 0
	e.buildInputs(inputOf(f))
	e.relayRows()
	e.bitmap = newBitMap()
	e.test = newTestPane()
	e.test.show, e.test.clear = e.bitmap.SetValue, e.bitmap.ClearValue
	e.buildButtons()
	e.content = e.layout()
	e.setEditable()
	e.refresh()
	return e
}

func (e *Editor) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(e.content) }

func (e *Editor) buildInputs(in formInput) {
	e.id = e.topEntry(spotID, lang.L("e.g. acme40"), in.id)
	e.name = e.topEntry(spotName, lang.L("e.g. ACME 40 bits"), in.name)
	e.length = e.topEntry(spotLength, "8–512", in.length)
	unused := lang.L("none")
	if e.mode != modeView {
		unused = lang.L("none; list bits no field or parity check uses, they are sent as 0")
	}
	e.unused = e.topEntry(spotUnused, unused, in.unused)
	e.idMsg, e.nameMsg, e.lengthMsg, e.unusedMsg = widgets.Message(), widgets.Message(), widgets.Message(), widgets.Message()
	e.fieldsMsg, e.parityMsg = widgets.Message(), widgets.Message()
	e.parityHead = tableHeader(parityColumns, lang.L("Type"), lang.L("Parity bit"), lang.L("Covers bits"), "")
	e.noParity = quiet(lang.L("No parity checks."))
	e.fieldsBox, e.parityBox = container.NewVBox(), container.NewVBox()
	for _, x := range in.fields {
		e.appendField(x)
	}
	for _, x := range in.parity {
		e.appendParity(x)
	}
	e.addField = widget.NewButtonWithIcon(lang.L("Add field"), theme.ContentAddIcon(), func() {
		e.appendField(fieldInput{})
		e.structureChanged()
	})
	e.addParity = widget.NewButtonWithIcon(lang.L("Add parity check"), theme.ContentAddIcon(), func() {
		e.appendParity(parityInput{})
		e.structureChanged()
	})
	e.note, e.general, e.summary = widget.NewLabel(""), widgets.Problem(), widget.NewLabel("")
	e.note.Wrapping = fyne.TextWrapWord
	e.note.Hide()
}

func (e *Editor) topEntry(at spot, placeholder, text string) *widgets.Entry {
	en := newEntry(placeholder, text)
	en.OnChanged = func(string) {
		e.touched[at] = true
		delete(e.refused, at)
		e.refresh()
	}
	return en
}

func (e *Editor) appendField(in fieldInput) {
	var r *fieldRow
	r = newFieldRow(in, rowEvents{changed: e.refresh,
		remove: func() {
			e.fields = slices.DeleteFunc(e.fields, func(x *fieldRow) bool { return x == r })
			e.structureChanged()
		}})
	e.fields = append(e.fields, r)
}

func (e *Editor) appendParity(in parityInput) {
	var r *parityRow
	r = newParityRow(in, rowEvents{changed: e.refresh,
		remove: func() {
			e.parity = slices.DeleteFunc(e.parity, func(x *parityRow) bool { return x == r })
			e.structureChanged()
		},
		up:   func() { e.moveParity(r, -1) },
		down: func() { e.moveParity(r, +1) },
	})
	e.parity = append(e.parity, r)
}

func (e *Editor) moveParity(r *parityRow, by int) {
	i := slices.Index(e.parity, r)
	j := i + by
	if i < 0 || j < 0 || j >= len(e.parity) {
		return
	}
	e.parity[i], e.parity[j] = e.parity[j], e.parity[i]
	r.touched = true
	e.structureChanged()
}

// structureChanged re-lays the tables after a row was added, removed or moved.
func (e *Editor) structureChanged() {
	e.touched[spotFields], e.touched[spotParity] = true, true
	e.relayRows()
	e.setEditable()
	e.refresh()
}

// relayRows puts the rows in the table boxes in their current order.
func (e *Editor) relayRows() {
	objs := make([]fyne.CanvasObject, len(e.fields))
	for i, r := range e.fields {
		objs[i] = r.box
	}
	e.fieldsBox.Objects = objs
	objs = make([]fyne.CanvasObject, len(e.parity))
	for i, r := range e.parity {
		objs[i] = r.box
	}
	e.parityBox.Objects = objs
	showIf(e.parityHead, len(e.parity) > 0)
	showIf(e.noParity, len(e.parity) == 0)
	e.fieldsBox.Refresh()
	e.parityBox.Refresh()
}

func (e *Editor) input() formInput {
	in := formInput{id: e.id.Text, name: e.name.Text, length: e.length.Text, unused: e.unused.Text}
	for _, r := range e.fields {
		in.fields = append(in.fields, r.input())
	}
	for _, r := range e.parity {
		in.parity = append(in.parity, r.input())
	}
	return in
}
