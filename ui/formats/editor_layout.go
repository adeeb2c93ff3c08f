package formats

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/carddesk/carddesk/cardformat"
	"github.com/carddesk/carddesk/ui/widgets"
)

func (e *Editor) buildButtons() {
	e.save = widget.NewButtonWithIcon(lang.L("Save"), theme.DocumentSaveIcon(), e.submit)
	e.save.Importance = widget.HighImportance
	cancel := lang.L("Cancel")
	if e.mode == modeView {
		cancel = lang.L("Close")
	}
	e.cancel = widget.NewButtonWithIcon(cancel, theme.CancelIcon(), e.cancelTapped)
	call := func(fn *func()) func() {
		return func() {
			if *fn != nil {
				(*fn)()
			}
		}
	}
	e.del = widget.NewButtonWithIcon(lang.L("Delete…"), theme.DeleteIcon(), call(&e.OnDelete))
	e.export = widget.NewButtonWithIcon(lang.L("Export…"), theme.UploadIcon(), call(&e.OnExport))
	e.copyFmt = widget.NewButtonWithIcon(lang.L("Duplicate as custom…"), theme.ContentCopyIcon(), call(&e.OnDuplicate))
}

func (e *Editor) layout() fyne.CanvasObject {
	label := func(s string) *widget.Label {
		return widget.NewLabelWithStyle(s, fyne.TextAlignTrailing, fyne.TextStyle{Bold: true})
	}
	idBlock := container.NewHBox(label(lang.X("formats.id", "ID")), widgets.FixedWidth(190, e.id, e.idMsg))
	lengthBlock := container.NewHBox(label(lang.L("Length")), widgets.FixedWidth(92, e.length, e.lengthMsg), widget.NewLabel(lang.L("bits")))
	nameBlock := container.NewBorder(nil, nil, label(lang.L("Name")), nil, container.NewVBox(e.name, e.nameMsg))
	header := readable(container.NewBorder(nil, nil, idBlock, lengthBlock, nameBlock))

	definition := readable(container.NewVBox(
		container.NewBorder(nil, nil, widgets.Bold(lang.L("Fields")), e.addField),
		tableHeader(fieldColumns, lang.L("Name"), lang.L("Bits, most significant first"), lang.L("Fixed value"), lang.L("Size and range"), ""),
		e.fieldsBox, e.fieldsMsg,
		widget.NewSeparator(),
		container.NewBorder(nil, nil, widgets.Bold(lang.L("Parity checks")), e.addParity,
			quiet(lang.L("Computed from top to bottom: a check may cover the parity bit of a check above it."))),
		e.parityHead, e.noParity,
		e.parityBox, e.parityMsg,
		widget.NewSeparator(),
		container.NewBorder(nil, nil, widgets.Bold(lang.L("Unused bits")), nil,
			container.NewVBox(e.unused, e.unusedMsg)),
	))
	e.tabs = container.NewAppTabs(
		container.NewTabItemWithIcon(lang.L("Definition"), theme.DocumentCreateIcon(), container.NewVScroll(definition)),
		container.NewTabItemWithIcon(lang.L("Try it"), theme.MediaPlayIcon(), container.NewVScroll(e.test.content)),
	)

	left := container.NewHBox(e.del, e.copyFmt, e.export)
	buttons := container.NewBorder(nil, nil, left, container.NewHBox(e.cancel, e.save), e.summary)
	if e.mode == modeView { // nothing to validate: the note takes the summary's place
		buttons = container.NewBorder(nil, nil, left, e.cancel, e.note)
	}
	bottom := container.NewVBox(e.general, widget.NewSeparator(), buttons)
	mapArea := container.NewVBox(
		container.NewBorder(nil, nil, widgets.Bold(lang.L("Bit map")), nil, e.bitmap.legend),
		e.bitmap)
	top := container.NewVBox(header, mapArea)
	if e.mode != modeView {
		top = container.NewVBox(e.note, header, mapArea)
	}
	return container.NewBorder(top, bottom, nil, nil, e.tabs)
}

// readable keeps read-only inputs legible: a built-in format or a locked
// layout is shown in disabled inputs, whose text the theme dims a lot.
func readable(o fyne.CanvasObject) fyne.CanvasObject {
	return container.NewThemeOverride(o, readableTheme{})
}

type readableTheme struct{}

func (readableTheme) base() fyne.Theme { return fyne.CurrentApp().Settings().Theme() }

func (t readableTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	if n == theme.ColorNameDisabled {
		r, g, b, _ := t.base().Color(theme.ColorNameForeground, v).RGBA()
		return color.NRGBA{R: uint8(r >> 8), G: uint8(g >> 8), B: uint8(b >> 8), A: 0xa8}
	}
	return t.base().Color(n, v)
}

func (t readableTheme) Font(s fyne.TextStyle) fyne.Resource     { return t.base().Font(s) }
func (t readableTheme) Icon(n fyne.ThemeIconName) fyne.Resource { return t.base().Icon(n) }
func (t readableTheme) Size(n fyne.ThemeSizeName) float32       { return t.base().Size(n) }

func quiet(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Importance, l.SizeName, l.Wrapping = widget.LowImportance, theme.SizeNameCaptionText, fyne.TextWrapWord
	return l
}

// setEditable enables what the mode allows and shows the buttons that apply.
func (e *Editor) setEditable() {
	layoutOn := e.mode != modeView && !e.locked
	widgets.SetEnabled(e.id, e.mode == modeNew)
	widgets.SetEnabled(e.name, e.mode != modeView)
	for _, en := range []*widgets.Entry{e.length, e.unused} {
		widgets.SetEnabled(en, layoutOn)
	}
	for _, r := range e.fields {
		r.setEditable(layoutOn, layoutOn && len(e.fields) > 1)
	}
	for i, r := range e.parity {
		r.setEditable(layoutOn, i == 0, i == len(e.parity)-1)
	}
	showIf(e.addField, layoutOn)
	showIf(e.addParity, layoutOn)
	showIf(e.save, e.mode != modeView)
	showIf(e.del, e.mode == modeEdit)
	showIf(e.copyFmt, e.mode == modeView && e.original.Kind == cardformat.KindWiegand)
	showIf(e.export, e.mode != modeNew && e.original.Kind == cardformat.KindWiegand)
	e.setNote()
}

func (e *Editor) setNote() {
	text, imp := "", widget.MediumImportance
	switch {
	case e.mode == modeView && e.original.Kind == cardformat.KindCSN:
		text = lang.L("Built-in format for a card's serial number (UID); it cannot be changed or exported.")
	case e.mode == modeView:
		text = lang.L("Built-in formats cannot be changed; duplicate one to start a custom format.")
	case e.locked:
		text, imp = usedByNote(e.inUse), widget.WarningImportance
	}
	e.note.Importance = imp
	e.note.SetText(text)
	showIf(e.note, text != "")
}

func usedByNote(n int) string {
	if n == 1 {
		return lang.L("1 credential is enrolled with this format, so its bit layout is locked; only the name can change.")
	}
	return lang.X("formats.locked", "{{.N}} credentials are enrolled with this format, so its bit layout is locked; only the name can change.",
		map[string]any{"N": n})
}

func showIf(o fyne.CanvasObject, on bool) {
	if on {
		o.Show()
	} else {
		o.Hide()
	}
}
