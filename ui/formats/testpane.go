package formats

import (
	"errors"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/carddesk/carddesk/cardformat"
	"github.com/carddesk/carddesk/ui/widgets"
	"github.com/carddesk/carddesk/ui/words"
)

// testPane tries a format out both ways: field values to bits and hex, and
// pasted bits or hex back to field values with the parity verdict. The bits
// of whichever side was edited last are shown in the bit map.
type testPane struct {
	format cardformat.Format
	usable bool
	// show and clear put the bits under test in the bit map.
	show  func(b cardformat.Bits, failed []int)
	clear func()

	inputs   []*valueInput
	typed    map[string]string // survives edits of the definition, by field name
	decoding bool              // the paste side was edited last

	values    *fyne.Container
	bits, hex *widget.Label
	copyBits  *widget.Button
	copyHex   *widget.Button
	encodeMsg *widget.Label
	paste     *widgets.Entry
	decoded   *fyne.Container
	pasteBits *widget.Label
	parity    *widget.Label
	fixed     *widget.Label
	unusable  *widget.Label
	workspace fyne.CanvasObject
	content   fyne.CanvasObject
}

// valueInput is one field's entry on the encode side.
type valueInput struct {
	field cardformat.Field
	label *widget.Label
	entry *widgets.Entry
}

func newTestPane() *testPane {
	t := &testPane{typed: map[string]string{},
		show: func(cardformat.Bits, []int) {}, clear: func() {}}
	t.values = container.New(layout.NewFormLayout())
	t.bits, t.hex = bitsLabel(), bitsLabel()
	t.copyBits = copyButton(func() string { return t.bits.Text })
	t.copyHex = copyButton(func() string { return t.hex.Text })
	t.encodeMsg = widgets.Message()
	t.paste = widgets.NewEntry()
	t.paste.OnChanged = func(string) { t.decoding = true; t.decode() }
	t.decoded = container.New(layout.NewFormLayout())
	t.pasteBits = bitsLabel()
	t.parity, t.fixed = widget.NewLabel(""), widget.NewLabel("")
	t.parity.TextStyle.Bold = true
	t.fixed.Wrapping = fyne.TextWrapWord
	t.unusable = widget.NewLabel(lang.L("Fix the problems in the definition to try it out."))
	t.unusable.Importance, t.unusable.Wrapping = widget.LowImportance, fyne.TextWrapWord
	t.content = t.build()
	return t
}

// bitsLabel shows a bit string or hex. The UI font's digits all have one
// width, so bits line up without a monospace face, which would cost a
// parsed font of its own (see textstyles_test.go in package ui).
func bitsLabel() *widget.Label {
	l := widget.NewLabel("")
	l.Wrapping = fyne.TextWrapBreak
	l.Selectable = true
	return l
}

func copyButton(text func() string) *widget.Button {
	b := widget.NewButtonWithIcon("", theme.ContentCopyIcon(), func() {
		if s := text(); s != "" {
			fyne.CurrentApp().Clipboard().SetContent(s)
		}
	})
	b.Importance = widget.LowImportance
	return b
}

func (t *testPane) build() fyne.CanvasObject {
	out := func(name string, l *widget.Label, copy *widget.Button) fyne.CanvasObject {
		return container.NewBorder(nil, nil, widgets.FixedWidth(48, widget.NewLabel(name)), copy, l)
	}
	encodeArea := container.NewVBox(
		widgets.Bold(lang.L("Field values → bits")),
		t.values,
		out(lang.L("Bits"), t.bits, t.copyBits),
		out(lang.L("Hex"), t.hex, t.copyHex),
		t.encodeMsg,
	)
	decodeArea := container.NewVBox(
		widgets.Bold(lang.L("Bits or hex → field values")),
		t.paste,
		t.pasteBits,
		t.decoded,
		t.parity,
		t.fixed,
	)
	t.workspace = container.NewGridWithColumns(2, encodeArea, decodeArea)
	return container.NewVBox(t.unusable, t.workspace)
}

// setFormat switches the pane to f, keeping what was typed where it still
// applies; usable is false while the definition has problems.
func (t *testPane) setFormat(f cardformat.Format, usable bool) {
	t.format, t.usable = f, usable
	if !usable {
		t.unusable.Show()
		t.workspace.Hide()
		t.clear()
		return
	}
	t.unusable.Hide()
	t.workspace.Show()
	t.paste.SetPlaceHolder(lang.X("formats.test.pastehint", "{{.N}} bits as 0 and 1, or hex (0x…)", map[string]any{"N": f.Length}))
	t.buildInputs()
	if t.decoding {
		t.decode()
	} else {
		t.encode()
	}
}

// buildInputs makes one entry per field; the placeholder gives the range,
// and a fixed field starts with its value.
func (t *testPane) buildInputs() {
	t.inputs = t.inputs[:0]
	var objs []fyne.CanvasObject
	for _, fd := range t.format.Fields {
		in := &valueInput{field: fd, label: widget.NewLabel(words.CardField(fd.Name))}
		text, ok := t.typed[fd.Name]
		if !ok && fd.Fixed != nil {
			text = cardformat.ValueOf(*fd.Fixed).String()
		}
		in.entry = newEntry(fd.Min().String()+"–"+fd.Max().String(), text)
		in.entry.OnChanged = func(s string) {
			t.typed[fd.Name] = s
			t.decoding = false
			t.encode()
		}
		t.inputs = append(t.inputs, in)
		objs = append(objs, in.label, in.entry)
	}
	t.values.Objects = objs
	t.values.Refresh()
}

// encode turns the typed values into bits and hex.
func (t *testPane) encode() {
	values := map[string]string{}
	missing := false
	for _, in := range t.inputs {
		in.entry.SetProblem("")
		if s := strings.TrimSpace(in.entry.Text); s != "" {
			values[in.field.Name] = s
		} else if in.field.Fixed == nil {
			missing = true
		}
	}
	b, err := t.format.Encode(values)
	switch {
	case err == nil:
		t.setOutput(b.String(), b.Hex(), "", widget.MediumImportance)
		t.show(b, nil)
		return
	case missing && isMissing(err):
		t.setOutput("", "", lang.L("Type a value for every field to see its bits."), widget.LowImportance)
	default:
		t.markField(err)
		t.setOutput("", "", words.Explain(err), widget.DangerImportance)
	}
	t.clear()
}

func isMissing(err error) bool {
	var me *cardformat.MissingFieldError
	return errors.As(err, &me)
}

// markField puts the red mark on the entry an encode error is about.
func (t *testPane) markField(err error) {
	var (
		re *cardformat.RangeError
		se *cardformat.ValueSyntaxError
		fe *cardformat.FixedFieldError
	)
	name := ""
	switch {
	case errors.As(err, &re):
		name = re.Field
	case errors.As(err, &se):
		name = se.Field
	case errors.As(err, &fe):
		name = fe.Field
	}
	for _, in := range t.inputs {
		if in.field.Name == name {
			in.entry.SetProblem(words.Explain(err))
		}
	}
}

func (t *testPane) setOutput(bits, hex, msg string, imp widget.Importance) {
	t.bits.SetText(bits)
	t.hex.SetText(hex)
	widgets.SetEnabled(t.copyBits, bits != "")
	widgets.SetEnabled(t.copyHex, hex != "")
	t.encodeMsg.Importance = imp
	t.encodeMsg.Refresh()
	widgets.SetMessage(t.encodeMsg, msg)
}

// decode reads the pasted bits or hex and shows what they hold.
func (t *testPane) decode() {
	text := pastedBits(t.paste.Text, t.format.Length)
	if text == "" {
		t.showDecoded(nil, "")
		t.decoding = false
		t.encode()
		return
	}
	b, err := t.format.ParseBits(text)
	if err != nil {
		t.showDecoded(nil, words.Explain(err))
		t.clear()
		return
	}
	d, err := t.format.Decode(b)
	if err != nil {
		t.showDecoded(nil, words.Explain(err))
		t.clear()
		return
	}
	t.showDecoded(&d, "")
	t.pasteBits.SetText(b.String() + "  =  " + b.Hex())
	t.pasteBits.Show()
	t.show(b, d.FailedChecks)
}

// pastedBits tidies pasted text: spaces go, and hex digits without 0x are
// read as hex when they could not be bits and are few enough for hex of
// this length (so a mistyped bit string is reported as one).
func pastedBits(s string, length int) string {
	s = strings.Join(strings.Fields(s), "")
	switch {
	case s == "" || strings.HasPrefix(strings.ToLower(s), "0x"):
		return s
	case strings.Trim(s, "01") == "":
		return s
	case len(s) <= (length+3)/4 && strings.Trim(strings.ToLower(s), "0123456789abcdef") == "":
		return "0x" + s
	}
	return s
}

// showDecoded lists the field values and the parity and fixed-field
// verdicts of d, or says why there is nothing to decode.
func (t *testPane) showDecoded(d *cardformat.Decoded, problem string) {
	t.decoded.Objects = nil
	t.pasteBits.Hide()
	t.fixed.Hide()
	switch {
	case d == nil && problem == "":
		t.parity.Hide()
	case d == nil:
		t.parity.Importance, t.parity.TextStyle.Bold = widget.DangerImportance, false
		t.parity.Wrapping = fyne.TextWrapWord
		t.parity.SetText(problem)
		t.parity.Show()
	default:
		t.showFields(d)
		t.showParity(d)
	}
	t.decoded.Refresh()
}

func (t *testPane) showFields(d *cardformat.Decoded) {
	var mismatched []string
	for _, fd := range t.format.Fields {
		v := d.Fields[fd.Name]
		value := widget.NewLabelWithStyle(v.String(), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		t.decoded.Objects = append(t.decoded.Objects, widget.NewLabel(words.CardField(fd.Name)), value)
		if fd.Fixed != nil && !v.Equal(cardformat.ValueOf(*fd.Fixed)) {
			mismatched = append(mismatched, lang.X("formats.test.fixedfield", "{{.Field}} is {{.Value}}, fixed to {{.Fixed}}",
				map[string]any{"Field": words.CardField(fd.Name), "Value": v.String(), "Fixed": *fd.Fixed}))
		}
	}
	if len(mismatched) > 0 {
		t.fixed.Importance = widget.WarningImportance
		t.fixed.SetText(lang.X("formats.test.fixed", "Fixed field mismatch: {{.Fields}}.",
			map[string]any{"Fields": strings.Join(mismatched, "; ")}))
		t.fixed.Show()
	}
}

func (t *testPane) showParity(d *cardformat.Decoded) {
	t.parity.TextStyle.Bold, t.parity.Wrapping = true, fyne.TextWrapWord
	switch {
	case len(t.format.Parity) == 0:
		t.parity.Importance = widget.LowImportance
		t.parity.TextStyle.Bold = false
		t.parity.SetText(lang.L("This format has no parity bits."))
	case d.ParityOK:
		t.parity.Importance = widget.SuccessImportance
		t.parity.SetText("✓ " + lang.L("Parity OK"))
	default:
		t.parity.Importance = widget.DangerImportance
		t.parity.SetText("✗ " + lang.X("formats.test.parityfailed", "Parity FAILED: {{.Checks}}",
			map[string]any{"Checks": failedChecks(t.format, d.FailedChecks)}))
	}
	t.parity.Show()
}

func failedChecks(f cardformat.Format, failed []int) string {
	parts := make([]string, 0, len(failed))
	for _, i := range slices.Sorted(slices.Values(failed)) {
		parts = append(parts, lang.X("formats.test.check", "check #{{.N}} (bit {{.Bit}})",
			map[string]any{"N": i + 1, "Bit": f.Parity[i].Position}))
	}
	return strings.Join(parts, ", ")
}
