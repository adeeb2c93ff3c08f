// Package badgeview is the badge preview of the CardDesk desktop app: one
// cardholder's badge, front and back, drawn by the same engine that
// prints it, with a template picker to see it in another design. The
// Cardholders and Card requests screens open it.
package badgeview

import (
	"image"
	"image/color"
	"math"
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
	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/ui/screen"
	"github.com/carddesk/carddesk/ui/widgets"
	"github.com/carddesk/carddesk/ui/words"
)

// Preview is an open badge preview.
type Preview struct {
	h   screen.Host
	dlg *dialog.CustomDialog

	name    *widget.Label
	picker  *widgets.Select
	noPhoto *widget.Label
	noCard  *widget.Label
	noCode  *widget.Label
	oneSide *widget.Label
	skipped *widget.Label // badges a print leaves out
	batch   *widget.Label // how many badges a print makes
	// printerNote says how the chosen printer's profile moves the card.
	printerNote *widget.Label
	problem     *widget.Label
	busy        *widgets.BusyRow
	sides       *fyne.Container // one card view per side
	close       *widget.Button
	// print is the Print… button of a preview opened to print (Print).
	print *widget.Button
	// job is what the Print… button prints; printing is its open dialog.
	job      *Job
	printing *PrintDialog
	// page is the chosen printer's correction the preview is drawn with.
	page badge.PageOptions

	templates []enroll.BadgeTemplate
	badge     badge.Badge
	// rendering counts the renders asked for, so a late one (of a template
	// picked before the current one) is dropped.
	rendering int
	// initial is the picker's index the preview opened with; -1 before.
	initial int
	// Shown are the sides on screen now, for tests: side name to image.
	Shown map[string]*image.RGBA
}

// loaded is what a preview reads before it can draw: the templates to pick
// from, which of them to show, and the badge.
type loaded struct {
	templates []enroll.BadgeTemplate
	chosen    int64 // template id; 0: the default
	badge     badge.Badge
}

// ForCardholder opens the preview of a cardholder's badge in the station's
// default template; name is shown until the badge is read.
func ForCardholder(h screen.Host, cardholderID int64, name string) *Preview {
	return open(h, name, cardholderLoad(h, cardholderID), nil)
}

func cardholderLoad(h screen.Host, cardholderID int64) func() (loaded, error) {
	st, ctx, actor := h.Station(), h.Jobs().Context(), h.Actor()
	return func() (loaded, error) {
		ts, err := st.Templates.List(ctx, actor)
		if err != nil {
			return loaded{}, err
		}
		b, err := st.Badges.ForCardholder(ctx, actor, cardholderID)
		return loaded{templates: ts, badge: b}, err
	}
}

// ForRequest opens the preview of the badge a card request prints: its
// template, else the station's default, with its card when one is
// connected.
func ForRequest(h screen.Host, requestID int64, name string) *Preview {
	return open(h, name, requestLoad(h, requestID), nil)
}

func requestLoad(h screen.Host, requestID int64) func() (loaded, error) {
	st, ctx, actor := h.Station(), h.Jobs().Context(), h.Actor()
	return func() (loaded, error) {
		ts, err := st.Templates.List(ctx, actor)
		if err != nil || len(ts) == 0 {
			return loaded{templates: ts}, err // nothing to draw with
		}
		t, b, err := st.Badges.ForRequest(ctx, actor, requestID)
		return loaded{templates: ts, chosen: t.ID, badge: b}, err
	}
}

// open shows the preview; setup, when not nil, adds to it before it is
// shown.
func open(h screen.Host, name string, load func() (loaded, error), setup func(*Preview)) *Preview {
	p := &Preview{h: h, Shown: map[string]*image.RGBA{}, initial: -1}
	p.build(name)
	if setup != nil {
		setup(p)
	}
	h.ShowDialog(p.dlg)
	p.busy.Start(lang.L("Reading the badge…"))
	widgets.Go(h.Jobs(), load, p.show)
	return p
}

func (p *Preview) build(name string) {
	p.name = widgets.Heading(name)
	p.name.Truncation = fyne.TextTruncateEllipsis
	p.picker = widgets.NewSelect(nil, func(string) { p.render() })
	p.picker.PlaceHolder = lang.L("(no templates)")
	p.picker.Disable()
	note := func() *widget.Label {
		l := widget.NewLabel("")
		l.Importance, l.Wrapping = widget.WarningImportance, fyne.TextWrapWord
		l.Hide()
		return l
	}
	p.noPhoto, p.noCard, p.noCode, p.skipped = note(), note(), note(), note()
	p.batch = widget.NewLabel("")
	p.batch.Importance, p.batch.Wrapping = widget.LowImportance, fyne.TextWrapWord
	p.batch.Hide()
	p.oneSide = widget.NewLabel(lang.L("This template is one-sided: the back of the card stays blank."))
	p.oneSide.Importance, p.oneSide.Wrapping = widget.LowImportance, fyne.TextWrapWord
	p.oneSide.Hide()
	p.printerNote = widget.NewLabel("")
	p.printerNote.Importance, p.printerNote.Wrapping = widget.LowImportance, fyne.TextWrapWord
	p.printerNote.Hide()
	p.problem = widgets.Problem()
	p.busy = widgets.NewBusyRow()
	p.sides = container.NewHBox()
	p.close = widget.NewButtonWithIcon(lang.L("Close"), theme.CancelIcon(), nil)

	pick := container.NewHBox(widgets.Bold(lang.L("Badge template")), widgets.AtLeast(pickerW, 0, p.picker))
	top := container.NewBorder(nil, nil, nil, pick, p.name)
	notes := container.NewVBox(p.batch, p.noPhoto, p.noCard, p.noCode, p.oneSide, p.printerNote, p.skipped, p.problem)
	body := container.NewBorder(container.NewVBox(top, widget.NewSeparator()), notes, nil, nil,
		container.NewCenter(container.NewStack(p.sides, container.NewCenter(p.busy))))
	p.dlg = dialog.NewCustomWithoutButtons(lang.L("Badge preview"), widgets.AtLeast(leastW, 0, body), p.h.Window())
	p.close.OnTapped = p.dlg.Hide
	p.dlg.SetButtons([]fyne.CanvasObject{p.close})
}

// show takes what was read and draws the chosen template.
func (p *Preview) show(l loaded, err error) {
	p.busy.Stop()
	if err != nil {
		widgets.SetMessage(p.problem, words.Explain(err))
		return
	}
	p.templates, p.badge = l.templates, l.badge
	p.initial = -1
	if n := l.badge.Values["full_name"]; n != "" {
		p.name.SetText(n)
	}
	if len(l.templates) == 0 {
		widgets.SetMessage(p.problem, lang.L("This station has no badge templates yet. An administrator can add them."))
		return
	}
	names := make([]string, len(l.templates))
	chosen := -1
	for i, t := range l.templates {
		names[i] = TemplateName(t)
		if (l.chosen != 0 && t.ID == l.chosen) || (l.chosen == 0 && chosen < 0 && t.IsDefault) {
			chosen = i
		}
	}
	p.picker.SetOptions(names)
	p.picker.Enable()
	p.picker.SetSelectedIndex(max(chosen, 0)) // renders
	p.initial = p.picker.SelectedIndex()
	if p.print != nil {
		p.print.Enable()
	}
}

// TemplateName is how a template is listed: its name, marked when it is
// the station's default.
func TemplateName(t enroll.BadgeTemplate) string {
	if t.IsDefault {
		return lang.X("badge.template.default", "{{.Name}} (default)", map[string]any{"Name": t.Name})
	}
	return t.Name
}

// Template is the template shown now; ok is false before one is.
func (p *Preview) Template() (enroll.BadgeTemplate, bool) {
	i := p.picker.SelectedIndex()
	if i < 0 || i >= len(p.templates) {
		return enroll.BadgeTemplate{}, false
	}
	return p.templates[i], true
}

// Pick shows the badge with the template named name (as the picker lists it).
func (p *Preview) Pick(name string) { p.picker.SetSelected(name) }

// Dialog is the preview's dialog.
func (p *Preview) Dialog() dialog.Dialog { return p.dlg }

// Busy reports whether the preview is still reading or drawing.
func (p *Preview) Busy() bool { return p.busy.Visible() }

// Texts are the name, the notes and the problem as shown now.
func (p *Preview) Texts() string {
	var out []string
	for _, l := range []*widget.Label{p.name, p.batch, p.noPhoto, p.noCard, p.noCode, p.oneSide, p.printerNote, p.skipped, p.problem} {
		if l.Visible() && l.Text != "" {
			out = append(out, l.Text)
		}
	}
	return strings.Join(out, "\n")
}

// rendered is one template drawn: its sides in order and their images.
type rendered struct {
	sides  []string
	images []*image.RGBA
	size   fyne.Size // of one side on screen
}

// render draws the picked template off the UI goroutine.
func (p *Preview) render() {
	t, ok := p.Template()
	if !ok || t.Template == nil {
		return
	}
	p.rendering++
	seq := p.rendering
	b, page := p.badge, p.page
	shown, marked := markEmptyBarcodes(t.Template, b)
	p.notes(t.Template, b, marked)
	p.showPageNote(t.Template)
	widgets.SetMessage(p.problem, "")
	p.busy.Start(lang.L("Drawing the badge…"))
	size, dpi := p.scale(shown)
	widgets.Go(p.h.Jobs(), func() (rendered, error) {
		r := rendered{sides: shown.Sides(), size: size}
		for _, side := range r.sides {
			img, err := badge.RenderWith(shown, side, b, dpi, page)
			if err != nil {
				return r, err
			}
			r.images = append(r.images, img)
		}
		return r, nil
	}, func(r rendered, err error) {
		if seq != p.rendering {
			return // another template was picked meanwhile
		}
		p.busy.Stop()
		p.showSides(r, err)
	})
}

func (p *Preview) showSides(r rendered, err error) {
	p.sides.RemoveAll()
	clear(p.Shown)
	if err != nil {
		widgets.SetMessage(p.problem, words.Explain(err))
		return
	}
	for i, side := range r.sides {
		p.Shown[side] = r.images[i]
		p.sides.Add(cardView(r.images[i], r.size, sideName(side)))
	}
	p.relayout()
}

// relayout fits the dialog to what it shows now. A wrapping note knows
// its height only once it has its width, so the dialog is laid out once
// more after that, or a note could run under the buttons.
func (p *Preview) relayout() {
	p.dlg.Refresh()
	p.h.Jobs().Do(p.dlg.Refresh)
}

// cardView is one side with a thin edge (a white card on a white dialog
// would have none) and its name under it.
func cardView(img *image.RGBA, size fyne.Size, name string) fyne.CanvasObject {
	pic := canvas.NewImageFromImage(img)
	pic.FillMode = canvas.ImageFillStretch
	pic.ScaleMode = canvas.ImageScaleSmooth
	pic.SetMinSize(size)
	edge := canvas.NewRectangle(color.Transparent)
	edge.StrokeColor = theme.Color(theme.ColorNameInputBorder)
	edge.StrokeWidth = 1
	edge.CornerRadius = 4
	caption := widget.NewLabel(name)
	caption.Alignment = fyne.TextAlignCenter
	return container.NewVBox(container.NewStack(pic, edge), caption)
}

func sideName(side string) string {
	if side == badge.Back {
		return lang.L("Back")
	}
	return lang.L("Front")
}

// notes say where the badge will not look finished: no photo (the
// placeholder prints), no card yet (the card fields print empty), when the
// template uses them, and a barcode without a value (it cannot print).
func (p *Preview) notes(t *badge.Template, b badge.Badge, marked bool) {
	usesPhoto, usesCard := uses(t)
	data := map[string]any{"Name": b.Values["full_name"]}
	show := func(l *widget.Label, on bool, text string) {
		l.SetText(text)
		l.Hidden = !on
		l.Refresh()
	}
	show(p.noPhoto, usesPhoto && len(b.Photo) == 0,
		lang.X("badge.preview.nophoto", "{{.Name}} has no photo: the badge shows a placeholder.", data))
	noCard := usesCard && !hasCard(b)
	cardText := lang.X("badge.preview.nocard", "{{.Name}} has no card yet: the card number and the other card fields stay empty.", data)
	if noCard && marked { // one note says both
		cardText = lang.X("badge.preview.nocard.barcode", "{{.Name}} has no card yet: the card fields stay empty and the barcode cannot be made (its place is marked), so the badge cannot be printed until a card is connected.", data)
	}
	show(p.noCard, noCard, cardText)
	show(p.oneSide, len(t.Sides()) == 1, p.oneSide.Text)
	show(p.noCode, marked && !noCard,
		lang.X("badge.preview.nobarcode", "A barcode of this badge has no value for {{.Name}}: its place is marked, and the badge cannot be printed until it has one.", data))
}

// cardFields are the merge fields that come from the card credential.
var cardFields = []string{"card_number", "facility", "format", "credential_hex"}

func hasCard(b badge.Badge) bool {
	for _, f := range cardFields {
		if b.Values[f] != "" {
			return true
		}
	}
	return false
}

// uses tells whether t shows the photo and whether it shows a card field.
func uses(t *badge.Template) (photo, card bool) {
	for _, s := range sidesOf(t) {
		for _, e := range s.Elements {
			photo = photo || e.Type == badge.TypePhoto
		}
	}
	for _, f := range t.Fields() {
		card = card || slices.Contains(cardFields, f)
	}
	return photo, card
}

func sidesOf(t *badge.Template) []*badge.Side {
	sides := []*badge.Side{&t.Front}
	if t.Back != nil {
		sides = append(sides, t.Back)
	}
	return sides
}

// markEmptyBarcodes is t with every barcode that has no value for b (no
// card yet) drawn as a grey frame: the engine refuses to print such a
// badge, and the preview still shows the rest of it. marked tells whether
// there was one; t itself is not changed.
func markEmptyBarcodes(t *badge.Template, b badge.Badge) (shown *badge.Template, marked bool) {
	c := Clone(t)
	for _, s := range sidesOf(c) {
		for i, e := range s.Elements {
			if e.Type == badge.TypeBarcode && badge.Merge(e.Value, b.Values) == "" {
				s.Elements[i] = badge.Element{Type: badge.TypeRect, X: e.X, Y: e.Y, W: e.W, H: e.H, Stroke: "#9e9e9e"}
				marked = true
			}
		}
	}
	return c, marked
}

// Room for the sides: what the dialog's title, header, notes and buttons
// leave of the window, and the most a side is drawn at.
const (
	pickerW          = 240
	oversample       = 2
	chromeW, chromeH = 96, 200
	leastW           = 560
	maxSideW         = 520
	gap              = 12
)

// notesHeight is about what the notes shown now take in a dialog of the
// least width (a little more, not less).
func (p *Preview) notesHeight() float32 {
	w := float64(leastW - 4*theme.InnerPadding())
	var h float32
	for _, l := range []*widget.Label{p.batch, p.noPhoto, p.noCard, p.noCode, p.oneSide, p.printerNote, p.skipped, p.problem} {
		if !l.Visible() || l.Text == "" {
			continue
		}
		size := fyne.MeasureText(l.Text, theme.TextSize(), l.TextStyle)
		lines := float32(math.Ceil(float64(size.Width) * 1.15 / w)) // words do not fill each line
		h += lines*size.Height + 2*theme.InnerPadding() + theme.Padding()
	}
	return h
}

// scale fits the template's sides next to each other in the window: the
// size of one side on screen and the dots per inch to draw it at.
func (p *Preview) scale(t *badge.Template) (fyne.Size, float64) {
	wMM, hMM := t.CardSize()
	if wMM <= 0 || hMM <= 0 {
		wMM, hMM = 85.6, 53.98
	}
	n := float32(max(len(t.Sides()), 1))
	c := p.h.Window().Canvas()
	win := c.Size()
	if win.Width <= 0 || win.Height <= 0 {
		win = fyne.NewSize(1024, 700)
	}
	boxW := min((win.Width*0.92-chromeW-gap*(n-1))/n, maxSideW)
	boxH := win.Height*0.92 - chromeH - p.notesHeight()
	perMM := max(min(boxW/float32(wMM), boxH/float32(hMM)), 1)
	size := fyne.NewSize(float32(wMM)*perMM, float32(hMM)*perMM)
	scale := c.Scale()
	if scale <= 0 {
		scale = 1
	}
	// Drawn at twice the screen's pixels and scaled down smoothly: small
	// pure-black text (drawn for the printer's resin panel without
	// anti-aliasing) stays readable on screen.
	return size, min(float64(perMM*scale)*25.4*oversample, badge.MaxDPI)
}
