package templates

import (
	"fmt"
	"image/color"
	"regexp"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/carddesk/carddesk/badge"
	"github.com/carddesk/carddesk/ui/widgets"
	"github.com/carddesk/carddesk/ui/words"
)

// propsPanel is the properties of the selected element, or of the side
// when nothing is selected. Lengths are typed in mm; what an input cannot
// take is marked at it and not applied.
type propsPanel struct {
	d        *Designer
	fs       *widgets.FieldSet
	entries  map[string]*widgets.Entry
	swatches map[string]*canvas.Rectangle
}

func newPropsPanel(d *Designer) *propsPanel { return &propsPanel{d: d} }

// build makes the inputs for the selection as it stands.
func (p *propsPanel) build() fyne.CanvasObject {
	d := p.d
	p.fs = widgets.NewFieldSet()
	p.entries, p.swatches = map[string]*widgets.Entry{}, map[string]*canvas.Rectangle{}
	for k := range d.fieldErrs {
		if k != "name" {
			delete(d.fieldErrs, k)
		}
	}
	e, ok := d.selected()
	if !ok {
		side := lang.L("Front")
		if d.sideName == badge.Back {
			side = lang.L("Back")
		}
		p.colour("background", lang.L("Background"), d.side().Background, true)
		p.setEnabled()
		return container.NewVBox(widgets.Heading(side), p.fs.Form(),
			wrapped(widgets.Hint(lang.L("Click an element on the card or in the list to change it. Add one with the tools above the card."))),
			wrapped(widgets.Hint(lang.L("The dashed line is the safe zone, 1 mm inside the edge: printers may shift the image by that much."))))
	}
	p.number("x", lang.L("X (mm)"), e.X)
	p.number("y", lang.L("Y (mm)"), e.Y)
	p.number("w", lang.L("Width (mm)"), e.W)
	p.number("h", lang.L("Height (mm)"), e.H)
	switch e.Type {
	case badge.TypeText:
		p.merged("text", lang.L("Text"), e.Text)
		p.number("font_size", lang.L("Font size (pt)"), e.FontSize)
		p.style(e)
		p.choice("align", lang.L("Align"), []string{"left", "center", "right"}, e.Align, words.BadgeAlign)
		p.colour("color", lang.L("Colour"), e.Color, false)
		p.check("shrink", lang.L("Shrink to fit"), e.Shrink)
	case badge.TypeBarcode:
		p.choice("symbology", lang.L("Symbology"), []string{"code128", "code39", "qr", "pdf417", "datamatrix"}, e.Symbology, words.Symbology)
		p.merged("value", lang.L("Value"), e.Value)
	case badge.TypeRect:
		p.colour("fill", lang.L("Fill"), e.Fill, true)
		p.colour("stroke", lang.L("Line"), e.Stroke, true)
		p.number("radius", lang.L("Corner radius (mm)"), e.Radius)
	case badge.TypeEllipse:
		p.colour("fill", lang.L("Fill"), e.Fill, true)
		p.colour("stroke", lang.L("Line"), e.Stroke, true)
	case badge.TypePhoto:
		p.choice("fit", lang.L("Fit"), []string{"fill", "contain"}, e.Fit, words.BadgeFit)
	case badge.TypeImage:
		p.choice("fit", lang.L("Fit"), []string{"fill", "contain"}, e.Fit, words.BadgeFit)
		replace := widget.NewButtonWithIcon(lang.L("Replace image…"), iconImage, p.replaceImage)
		p.fs.Add("png_base64", lang.L("Image"), replace)
	}
	p.setEnabled()
	return container.NewVBox(widgets.Heading(lang.X("templates.element.title", "{{.Type}} · element {{.N}}",
		map[string]any{"Type": words.BadgeElement(e.Type), "N": d.sel + 1})), p.fs.Form())
}

// setEnabled leaves a template readable but unchangeable for an operator.
func (p *propsPanel) setEnabled() {
	if !p.d.admin {
		p.fs.SetEnabled(false)
	}
}

// apply changes the selected element with fn as one undo step per input.
func (p *propsPanel) apply(key string, fn func(e *badge.Element)) {
	if p.d.ui.loading {
		return
	}
	e, ok := p.d.selected()
	if !ok {
		return
	}
	fn(&e)
	p.d.setElement(key, e)
}

// refuse marks key's input with msg ("" clears it) and remembers it, so
// nothing is saved while an input holds what it cannot take.
func (p *propsPanel) refuse(key, msg string) {
	if msg == "" {
		delete(p.d.fieldErrs, key)
	} else {
		p.d.fieldErrs[key] = msg
	}
	p.mark(key, msg)
	p.d.ui.refreshChrome()
}

func (p *propsPanel) entry(key, label, text string) *widgets.Entry {
	en := widgets.NewEntry()
	en.SetText(text)
	p.entries[key] = en
	return en
}

func (p *propsPanel) number(key, label string, v float64) {
	en := p.entry(key, label, formatMM(v))
	en.OnChanged = func(s string) {
		if p.d.ui.loading {
			return
		}
		e, _ := p.d.selected()
		n, msg := p.checkNumber(key, s, e)
		p.refuse(key, msg)
		if msg != "" {
			return
		}
		p.apply(key, func(e *badge.Element) { setNumber(e, key, n) })
	}
	p.fs.Add(key, label, en)
}

// checkNumber reads a typed number for key and says what is wrong with it.
func (p *propsPanel) checkNumber(key, s string, e badge.Element) (float64, string) {
	n, ok := parseNumber(s)
	if !ok {
		return 0, lang.L("Type a number, e.g. 12.5")
	}
	n = round2(n)
	cw, ch := cardSize(p.d.tpl)
	edge := func(at, size, card float64) string {
		switch {
		case at < 0:
			return lang.L("Cannot be less than 0")
		case at+size > card+0.001:
			return lang.X("templates.beyond", "The box would end at {{.End}} mm, beyond the card's {{.Card}} mm",
				map[string]any{"End": formatMM(at + size), "Card": formatMM(card)})
		}
		return ""
	}
	switch key {
	case "x":
		return n, edge(n, e.W, cw)
	case "y":
		return n, edge(n, e.H, ch)
	case "w":
		if n <= 0 {
			return n, lang.L("Must be more than 0")
		}
		return n, edge(e.X, n, cw)
	case "h":
		if n <= 0 {
			return n, lang.L("Must be more than 0")
		}
		return n, edge(e.Y, n, ch)
	case "font_size":
		if n < 4 || n > 96 {
			return n, lang.L("Between 4 and 96 pt")
		}
	case "radius":
		if n < 0 {
			return n, lang.L("Cannot be less than 0")
		}
	}
	return n, ""
}

var mergeRE = regexp.MustCompile(`\{([^{}]*)\}`)

// merged is a text with merge fields and a button that inserts one.
func (p *propsPanel) merged(key, label, text string) {
	en := p.entry(key, label, text)
	en.OnChanged = func(s string) {
		if p.d.ui.loading {
			return
		}
		msg := ""
		for _, m := range mergeRE.FindAllStringSubmatch(s, -1) {
			if !slices.Contains(badge.MergeFields, m[1]) {
				msg = lang.X("templates.unknownfield", "{{.Field}} is not a merge field; pick one with the button",
					map[string]any{"Field": "{" + m[1] + "}"})
				break
			}
		}
		p.refuse(key, msg)
		if msg != "" {
			return
		}
		p.apply(key, func(e *badge.Element) { setText(e, key, s) })
	}
	var pick *widget.Button
	pick = widget.NewButtonWithIcon("", theme.ContentAddIcon(), func() { p.pickField(en, pick) })
	pick.Importance = widget.LowImportance
	if !p.d.admin {
		pick.Disable()
	}
	p.fs.Add(key, label, container.NewBorder(nil, nil, nil, pick, en))
}

// pickField shows the merge fields under the button; the chosen one is
// inserted where the cursor is.
func (p *propsPanel) pickField(en *widgets.Entry, at fyne.CanvasObject) {
	c := fyne.CurrentApp().Driver().CanvasForObject(at)
	if c == nil {
		return
	}
	var items []*fyne.MenuItem
	for _, f := range badge.MergeFields {
		items = append(items, fyne.NewMenuItem(fmt.Sprintf("%s  {%s}", words.MergeField(f), f), func() { insertField(en, f) }))
	}
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(at).AddXY(0, at.Size().Height)
	widget.ShowPopUpMenuAtPosition(fyne.NewMenu("", items...), c, pos)
}

// insertField puts {f} at the entry's cursor.
func insertField(en *widgets.Entry, f string) {
	r := []rune(en.Text)
	at := min(max(en.CursorColumn, 0), len(r))
	ins := "{" + f + "}"
	en.SetText(string(r[:at]) + ins + string(r[at:]))
	en.CursorColumn = at + len([]rune(ins))
	en.Refresh()
}

// colour is a #rrggbb input with a swatch and a colour picker.
func (p *propsPanel) colour(key, label, value string, emptyOK bool) {
	en := p.entry(key, label, value)
	if emptyOK {
		en.SetPlaceHolder(lang.L("none"))
	}
	sw := canvas.NewRectangle(parseColour(value, color.Transparent))
	sw.StrokeColor, sw.StrokeWidth, sw.CornerRadius = theme.Color(theme.ColorNameInputBorder), 1, 3
	sw.SetMinSize(fyne.NewSize(22, 22))
	p.swatches[key] = sw
	en.OnChanged = func(s string) {
		if p.d.ui.loading {
			return
		}
		s = strings.TrimSpace(s)
		msg := ""
		if !validColour(s, emptyOK) {
			msg = lang.L("A colour is written #rrggbb, e.g. #0b5cad")
			if emptyOK {
				msg = lang.L("A colour is written #rrggbb, e.g. #0b5cad; empty for none")
			}
		}
		p.refuse(key, msg)
		if msg != "" {
			return
		}
		sw.FillColor = parseColour(s, color.Transparent)
		sw.Refresh()
		if key == "background" {
			p.d.change("prop:bg:"+p.d.sideName, true, func() { p.d.side().Background = s })
			p.d.ui.view.Refresh()
			return
		}
		p.apply(key, func(e *badge.Element) { setText(e, key, s) })
	}
	pick := widget.NewButtonWithIcon("", theme.ColorPaletteIcon(), func() {
		d := dialog.NewColorPicker(lang.L("Choose a colour"), "", func(c color.Color) {
			r, g, b, _ := c.RGBA()
			en.SetText(fmt.Sprintf("#%02x%02x%02x", r>>8, g>>8, b>>8))
		}, p.d.h.Window())
		d.Advanced = true
		d.SetColor(parseColour(en.Text, color.Black))
		p.d.h.ShowDialog(d)
	})
	if !p.d.admin {
		pick.Disable()
	}
	pick.Importance = widget.LowImportance
	p.fs.Add(key, label, container.NewBorder(nil, nil, nil, container.NewHBox(container.NewCenter(sw), pick), en))
}

func (p *propsPanel) choice(key, label string, values []string, value string, name func(string) string) {
	names := make([]string, len(values))
	for i, v := range values {
		names[i] = name(v)
	}
	sel := widgets.NewSelect(names, nil)
	if i := slices.Index(values, value); i >= 0 {
		sel.Selected = names[i]
	}
	sel.OnChanged = func(s string) {
		v := values[max(slices.Index(names, s), 0)]
		p.apply(key, func(e *badge.Element) { setText(e, key, v) })
	}
	p.fs.Add(key, label, sel)
}

func (p *propsPanel) check(key, label string, on bool) {
	c := widget.NewCheck(label, func(on bool) {
		p.apply(key, func(e *badge.Element) { e.Shrink = on })
	})
	c.Checked = on
	p.fs.Add(key, "", c)
}

func (p *propsPanel) style(e badge.Element) {
	bold := widget.NewCheck(lang.L("Bold"), func(on bool) { p.apply("bold", func(e *badge.Element) { e.Bold = on }) })
	italic := widget.NewCheck(lang.L("Italic"), func(on bool) { p.apply("italic", func(e *badge.Element) { e.Italic = on }) })
	bold.Checked, italic.Checked = e.Bold, e.Italic
	p.fs.Add("bold", lang.L("Style"), container.NewHBox(bold, italic))
}

// showBox follows a drag in the X, Y, W and H inputs.
func (p *propsPanel) showBox(e badge.Element) {
	u := p.d.ui
	u.loading = true
	defer func() { u.loading = false }()
	for key, v := range map[string]float64{"x": e.X, "y": e.Y, "w": e.W, "h": e.H} {
		if en := p.entries[key]; en != nil {
			if n, ok := parseNumber(en.Text); !ok || round2(n) != round2(v) {
				en.SetText(formatMM(v))
			}
			if p.d.fieldErrs[key] != "" {
				delete(p.d.fieldErrs, key)
				p.mark(key, "")
			}
		}
	}
}

// showProblems marks each input with what the station or the engine
// says about it, unless the input refuses what was typed.
func (p *propsPanel) showProblems(atField map[string]string) {
	if p.fs == nil {
		return
	}
	for _, key := range p.keys() {
		msg := p.d.fieldErrs[key]
		if msg == "" {
			msg = atField[key]
		}
		p.mark(key, msg)
	}
}

func (p *propsPanel) keys() []string {
	return []string{"x", "y", "w", "h", "text", "font_size", "bold", "align", "color", "shrink",
		"symbology", "value", "fill", "stroke", "radius", "fit", "png_base64", "background"}
}

// mark shows msg under key's input and marks its entry red ("" clears).
func (p *propsPanel) mark(key, msg string) {
	f := p.fs.Field(key)
	if f == nil {
		return
	}
	if f.Message() != msg {
		f.SetMessage(msg)
	}
	if en := p.entries[key]; en != nil {
		en.SetProblem(msg)
	}
}

// wrapped lets a hint wrap in the narrow panel instead of widening it.
func wrapped(rt *widget.RichText) *widget.RichText {
	rt.Wrapping = fyne.TextWrapWord
	return rt
}
