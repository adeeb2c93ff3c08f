package templates

import (
	"fmt"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	ttwidget "github.com/dweymouth/fyne-tooltip/widget"

	"github.com/carddesk/carddesk/badge"
	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/ui/widgets"
	"github.com/carddesk/carddesk/ui/words"
)

// The designer's undo and redo keys: the desktop driver reports Ctrl+Z
// and Ctrl+Y as fyne's Undo and Redo shortcuts, Ctrl+Shift+Z as a custom one.
var (
	shortcutUndo      fyne.Shortcut = &fyne.ShortcutUndo{}
	shortcutRedo      fyne.Shortcut = &fyne.ShortcutRedo{}
	shortcutRedoShift fyne.Shortcut = &desktop.CustomShortcut{KeyName: fyne.KeyZ, Modifier: fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift}
	// What other drivers may send for the same keys.
	shortcutUndoCtrl fyne.Shortcut = &desktop.CustomShortcut{KeyName: fyne.KeyZ, Modifier: fyne.KeyModifierShortcutDefault}
	shortcutRedoCtrl fyne.Shortcut = &desktop.CustomShortcut{KeyName: fyne.KeyY, Modifier: fyne.KeyModifierShortcutDefault}
)

// designerUI is the designer's window content.
type designerUI struct {
	d *Designer

	name        *widgets.Entry
	nameMsg     *widget.Label
	orientation *widgets.Select
	twoSided    *widget.Check
	front, back *widget.Button
	view        *cardView
	zoomLabel   *widget.Label
	scroll      *container.Scroll
	list        *widget.List
	props       *propsPanel
	propsBox    *fyne.Container
	problemsBox *fyne.Container
	problems    *container.Scroll
	general     *widget.Label
	status      *widget.Label
	previewWith *widgets.SelectEntry
	previewHits map[string]int64
	previewMsg  *widget.Label
	hitsPop     *widget.PopUpMenu

	tools                        map[string]*ttwidget.Button
	undo, redo, del, dup         *ttwidget.Button
	forward, backward, up, down  *ttwidget.Button
	zoomIn, zoomOut, fit, actual *ttwidget.Button
	save, cancel                 *widget.Button
	content                      fyne.CanvasObject
	loading                      bool // the program sets inputs: no change events
}

func buildUI(d *Designer) *designerUI {
	u := &designerUI{d: d, previewHits: map[string]int64{}}
	d.ui = u
	u.view = newCardView(d)
	u.props = newPropsPanel(d)
	u.propsBox = container.NewStack()

	u.name = widgets.NewEntry()
	u.name.SetPlaceHolder(lang.L("e.g. Employee"))
	u.name.SetText(d.tpl.Name)
	u.name.OnChanged = func(s string) {
		if u.loading {
			return
		}
		d.change("name", true, func() { d.tpl.Name = s })
	}
	u.nameMsg = widgets.Message()
	u.orientation = widgets.NewSelect([]string{lang.L("Landscape"), lang.L("Portrait")}, func(s string) {
		if u.loading {
			return
		}
		o := badge.Landscape
		if s == lang.L("Portrait") {
			o = badge.Portrait
		}
		d.setOrientation(o)
	})
	u.twoSided = widget.NewCheck(lang.L("Two-sided"), func(on bool) {
		if !u.loading {
			d.setTwoSided(on)
		}
	})
	u.front = widget.NewButton(lang.L("Front"), func() { d.switchSide(badge.Front) })
	u.back = widget.NewButton(lang.L("Back"), func() { d.switchSide(badge.Back) })

	u.buildTools()
	u.buildList()
	u.buildPreviewPicker()

	u.general = widgets.Problem()
	u.status = widget.NewLabel("")
	u.status.Importance, u.status.SizeName = widget.LowImportance, theme.SizeNameCaptionText
	u.status.Wrapping = fyne.TextWrapWord
	u.problemsBox = container.NewVBox()
	u.problems = container.NewVScroll(u.problemsBox)
	u.problems.SetMinSize(fyne.NewSize(100, 72))
	u.problems.Hide()
	u.zoomLabel = widget.NewLabel("")

	u.save = widget.NewButtonWithIcon(lang.L("Save"), theme.DocumentSaveIcon(), d.submit)
	u.save.Importance = widget.HighImportance
	u.cancel = widget.NewButtonWithIcon(lang.L("Cancel"), theme.CancelIcon(), func() {
		if d.OnCancel != nil {
			d.OnCancel()
		}
	})
	if !d.admin {
		u.save.Hide()
		u.cancel.SetText(lang.L("Close"))
	}
	u.content = u.layout()
	return u
}

// tip is an icon button that says what it does when the mouse rests on it.
func tip(icon fyne.Resource, text string, tapped func()) *ttwidget.Button {
	b := ttwidget.NewButtonWithIcon("", icon, tapped)
	b.Importance = widget.LowImportance
	b.SetToolTip(text)
	return b
}

func (u *designerUI) buildTools() {
	d := u.d
	add := func(typ string) func() { return func() { d.addElement(typ) } }
	u.tools = map[string]*ttwidget.Button{
		"select":          tip(iconSelect, lang.L("Select and move (click an element, drag it or its handles)"), func() { u.focus(u.view) }),
		badge.TypeText:    tip(iconText, lang.L("Add text"), add(badge.TypeText)),
		badge.TypeRect:    tip(iconRect, lang.L("Add rectangle"), add(badge.TypeRect)),
		badge.TypeEllipse: tip(iconEllipse, lang.L("Add ellipse"), add(badge.TypeEllipse)),
		badge.TypeImage:   tip(iconImage, lang.L("Add image (PNG or JPEG)…"), add(badge.TypeImage)),
		badge.TypeBarcode: tip(iconBarcode, lang.L("Add barcode"), add(badge.TypeBarcode)),
		badge.TypePhoto:   tip(iconPhoto, lang.L("Add the cardholder's photo"), add(badge.TypePhoto)),
	}
	u.undo = tip(theme.ContentUndoIcon(), lang.L("Undo (Ctrl+Z)"), d.undo)
	u.redo = tip(theme.ContentRedoIcon(), lang.L("Redo (Ctrl+Y)"), d.redo)
	u.dup = tip(theme.ContentCopyIcon(), lang.L("Duplicate the element"), d.duplicateSelected)
	u.del = tip(theme.DeleteIcon(), lang.L("Delete the element (Delete)"), d.deleteSelected)
	u.forward = tip(iconForward, lang.L("Bring forward"), func() { d.moveZ(+1) })
	u.backward = tip(iconBackward, lang.L("Send backward"), func() { d.moveZ(-1) })
	u.up = tip(theme.MoveUpIcon(), lang.L("Bring forward"), func() { d.moveZ(+1) })
	u.down = tip(theme.MoveDownIcon(), lang.L("Send backward"), func() { d.moveZ(-1) })
	u.zoomOut = tip(theme.ZoomOutIcon(), lang.L("Zoom out"), func() { u.stepZoom(-1) })
	u.zoomIn = tip(theme.ZoomInIcon(), lang.L("Zoom in"), func() { u.stepZoom(+1) })
	u.fit = tip(theme.ZoomFitIcon(), lang.L("Fit the card to the window"), func() { u.setZoom(0) })
	u.actual = tip(iconActual, lang.L("Actual size (100%)"), func() { u.setZoom(100) })
}

func (u *designerUI) buildList() {
	d := u.d
	u.list = widget.NewList(
		func() int { return len(d.elements()) },
		func() fyne.CanvasObject {
			l := widgets.Cell()
			return container.NewBorder(nil, nil, widget.NewIcon(iconText), nil, l)
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			els := d.elements()
			i := len(els) - 1 - id // the top of the list is the front-most
			if i < 0 || i >= len(els) {
				return
			}
			c := o.(*fyne.Container)
			c.Objects[0].(*widget.Label).SetText(fmt.Sprintf("%d  %s", i+1, elementSummary(els[i])))
			c.Objects[1].(*widget.Icon).SetResource(typeIcon(els[i].Type))
		})
	u.list.OnSelected = func(id widget.ListItemID) {
		if u.loading {
			return
		}
		d.selectElement(len(d.elements()) - 1 - id)
	}
	u.list.OnUnselected = func(widget.ListItemID) {}
}

func (u *designerUI) layout() fyne.CanvasObject {
	t := u.tools
	sep := func() fyne.CanvasObject { return widget.NewSeparator() }
	tools := container.NewHBox(t["select"], t[badge.TypeText], t[badge.TypeRect], t[badge.TypeEllipse],
		t[badge.TypeImage], t[badge.TypeBarcode], t[badge.TypePhoto], sep(),
		u.undo, u.redo, sep(), u.dup, u.del, u.forward, u.backward)
	zoom := container.NewHBox(u.zoomOut, u.zoomLabel, u.zoomIn, u.fit, u.actual)
	toolbar := container.NewBorder(nil, nil, tools, zoom)

	nameBox := container.NewBorder(nil, nil, widgets.Bold(lang.L("Name")), nil, widgets.WithMessage(u.name, u.nameMsg))
	header := container.NewVBox(container.NewBorder(nil, nil, nil,
		container.NewHBox(widget.NewLabel(lang.L("CR80 card")), u.orientation, u.twoSided), nameBox),
		toolbar, widget.NewSeparator())

	listHead := container.NewBorder(nil, nil, widgets.Bold(lang.L("Elements")), container.NewHBox(u.up, u.down))
	sides := container.NewGridWithColumns(2, u.front, u.back)
	left := container.NewBorder(container.NewVBox(sides, listHead), nil, nil, nil, u.list)

	previewRow := container.NewBorder(nil, nil, widget.NewLabel(lang.L("Preview with")), nil,
		widgets.WithMessage(u.previewWith, u.previewMsg))
	u.scroll = container.NewScroll(u.view)
	centre := container.NewBorder(nil, container.NewVBox(previewRow, u.status), nil, nil, u.scroll)

	right := container.NewVScroll(u.propsBox)
	body := container.NewBorder(nil, nil,
		container.NewHBox(widgets.AtLeast(200, 0, left), sep()),
		container.NewHBox(sep(), widgets.AtLeast(270, 0, right)), centre)

	buttons := container.NewBorder(nil, nil, nil, container.NewHBox(u.cancel, u.save), u.general)
	bottom := container.NewVBox(u.problems, widget.NewSeparator(), buttons)
	return container.NewBorder(header, bottom, nil, nil, body)
}

// refreshChrome follows the template in everything but the properties'
// inputs: buttons, sides, list, card and the name's mark.
func (u *designerUI) refreshChrome() {
	d := u.d
	u.loading = true
	defer func() { u.loading = false }()
	if u.name.Text != d.tpl.Name {
		u.name.SetText(d.tpl.Name)
	}
	o := lang.L("Landscape")
	if d.tpl.Orientation == badge.Portrait {
		o = lang.L("Portrait")
	}
	u.orientation.SetSelected(o)
	u.twoSided.SetChecked(d.tpl.Back != nil)
	u.front.Importance, u.back.Importance = widget.MediumImportance, widget.MediumImportance
	if d.sideName == badge.Back {
		u.back.Importance = widget.HighImportance
	} else {
		u.front.Importance = widget.HighImportance
	}
	widgets.SetEnabled(u.back, d.tpl.Back != nil)
	u.front.Refresh()
	u.back.Refresh()

	_, has := d.selected()
	has = has && d.admin // an operator may look, not change
	n := len(d.elements())
	for typ, b := range u.tools {
		widgets.SetEnabled(b, d.admin || typ == "select")
	}
	widgets.SetEnabled(u.name, d.admin)
	widgets.SetEnabled(u.orientation, d.admin)
	widgets.SetEnabled(u.twoSided, d.admin)
	widgets.SetEnabled(u.undo, d.admin && len(d.hist.past) > 0)
	widgets.SetEnabled(u.redo, d.admin && len(d.hist.future) > 0)
	for _, b := range []*ttwidget.Button{u.dup, u.del} {
		widgets.SetEnabled(b, has)
	}
	for _, b := range []*ttwidget.Button{u.forward, u.up} {
		widgets.SetEnabled(b, has && d.sel < n-1)
	}
	for _, b := range []*ttwidget.Button{u.backward, u.down} {
		widgets.SetEnabled(b, has && d.sel > 0)
	}
	u.list.Refresh()
	if has {
		u.list.Select(n - 1 - d.sel)
	} else {
		u.list.UnselectAll()
	}
	u.zoomLabel.SetText(zoomText(u.view.zoom))
	u.view.Refresh()
	u.showProblems()
}

// loadProps rebuilds the properties panel for the selection.
func (u *designerUI) loadProps() {
	u.loading = true
	u.propsBox.Objects = []fyne.CanvasObject{u.props.build()}
	u.propsBox.Refresh()
	u.loading = false
}

// showProblems marks the inputs and lists every problem of the template;
// clicking a line selects the element it is about.
func (u *designerUI) showProblems() {
	d := u.d
	var lines []fyne.CanvasObject
	nameMsg := d.fieldErrs["name"]
	atField := map[string]string{}
	for _, p := range d.problems {
		p := p
		text := words.BadgeProblemLine(p)
		b := widget.NewButtonWithIcon(text, theme.ErrorIcon(), func() { d.showProblem(p) })
		b.Importance, b.Alignment = widget.LowImportance, widget.ButtonAlignLeading
		lines = append(lines, b)
		switch {
		case p.Side == "" && p.Key == "name" && nameMsg == "":
			nameMsg = words.BadgeProblem(p)
		case p.Side == d.sideName && p.Element == d.sel+1 && p.Element > 0:
			if atField[p.Key] == "" {
				atField[p.Key] = words.BadgeProblem(p)
			}
		}
	}
	widgets.SetMessage(u.nameMsg, nameMsg)
	u.name.SetProblem(nameMsg)
	u.props.showProblems(atField)
	u.problemsBox.Objects = lines
	u.problemsBox.Refresh()
	if len(lines) > 0 {
		u.problems.Show()
	} else {
		u.problems.Hide()
	}
	widgets.SetMessage(u.general, d.general)
	u.status.Importance = widget.LowImportance
	switch {
	case !d.admin:
		u.status.SetText(lang.L("Only administrators can change badge templates."))
	case d.renderErr != "":
		u.status.Importance = widget.WarningImportance
		u.status.SetText(d.renderErr)
		return
	case len(d.problems) > 0:
		u.status.Importance = widget.DangerImportance
		if len(d.problems) == 1 {
			u.status.SetText(lang.L("1 problem to correct before the template can be saved."))
			break
		}
		u.status.SetText(lang.X("templates.problems", "{{.N}} problems to correct before the template can be saved.",
			map[string]any{"N": len(d.problems)}))
	case d.dirty:
		u.status.SetText(lang.L("Changed; not saved yet."))
	case d.isNew:
		u.status.SetText(lang.L("New; not saved yet."))
	default:
		u.status.SetText(lang.L("Saved."))
	}
}

func (u *designerUI) setRendering(on bool) {
	if on && u.view.preview == nil {
		u.status.SetText(lang.L("Drawing the badge…"))
	}
}

func (u *designerUI) setZoom(z float32) {
	u.view.zoom = z
	u.zoomLabel.SetText(zoomText(z))
	u.view.Refresh()
	u.scroll.Refresh()
	u.d.render.Trigger()
}

func (u *designerUI) stepZoom(dir int) {
	cur := u.view.zoom
	if cur == 0 {
		cur = u.view.scale / unitsPerMM100 * 100
	}
	next := cur
	for _, z := range zoomSteps {
		if dir > 0 && z > cur+1 {
			next = z
			break
		}
		if dir < 0 && z < cur-1 {
			next = z
		}
	}
	u.setZoom(next)
}

func zoomText(z float32) string {
	if z == 0 {
		return lang.L("Fit")
	}
	return strconv.Itoa(int(z)) + "%"
}

func (u *designerUI) focus(o fyne.Focusable) {
	if c := fyne.CurrentApp().Driver().CanvasForObject(u.view); c != nil {
		c.Focus(o)
	}
}

// buildPreviewPicker is the "Preview with" search: type a name, pick the
// cardholder, and the preview shows their badge.
func (u *designerUI) buildPreviewPicker() {
	d := u.d
	u.previewMsg = widgets.Message()
	u.previewWith = widgets.NewSelectEntry(nil)
	u.previewWith.SetPlaceHolder(lang.L("Sample values; type a name to search"))
	search := widgets.NewDebouncer(d.jobs, func() { u.searchCardholders(u.previewWith.Text) })
	u.previewWith.OnChanged = func(s string) {
		if id, ok := u.previewHits[s]; ok {
			u.useCardholder(id)
			return
		}
		if s == "" {
			widgets.SetMessage(u.previewMsg, "")
			d.setFill(sampleBadge())
			return
		}
		search.Trigger()
	}
}

func (u *designerUI) searchCardholders(text string) {
	d := u.d
	if text == "" {
		return
	}
	widgets.Go(d.jobs, func() ([]enroll.Cardholder, error) {
		return d.st.Cardholders.Search(d.jobs.Context(), d.actor, enroll.CardholderQuery{Text: text, Limit: 8})
	}, func(cs []enroll.Cardholder, err error) {
		if err != nil {
			widgets.SetMessage(u.previewMsg, words.Explain(err))
			return
		}
		if u.previewWith.Text != text {
			return
		}
		opts := make([]string, 0, len(cs))
		for _, c := range cs {
			label := c.FirstName + " " + c.LastName
			if c.Department != "" {
				label += " · " + c.Department
			}
			label += " (#" + strconv.FormatInt(c.ID, 10) + ")"
			u.previewHits[label] = c.ID
			opts = append(opts, label)
		}
		if len(opts) == 0 {
			widgets.SetMessage(u.previewMsg, lang.L("No cardholder matches; the preview keeps its values."))
		} else {
			widgets.SetMessage(u.previewMsg, "")
		}
		u.previewWith.SetOptions(opts)
		u.showHits(opts)
	})
}

// showHits drops the matches down under the search while it has the
// cursor, and keeps the cursor there so typing goes on.
func (u *designerUI) showHits(opts []string) {
	if u.hitsPop != nil {
		u.hitsPop.Hide()
		u.hitsPop = nil
	}
	c := fyne.CurrentApp().Driver().CanvasForObject(u.previewWith)
	if c == nil || len(opts) == 0 || c.Focused() != u.previewWith {
		return
	}
	items := make([]*fyne.MenuItem, len(opts))
	for i, o := range opts {
		items[i] = fyne.NewMenuItem(o, func() { u.previewWith.SetText(o) })
	}
	pop := widget.NewPopUpMenu(fyne.NewMenu("", items...), c)
	at := fyne.CurrentApp().Driver().AbsolutePositionForObject(u.previewWith)
	// Below the search when there is room, else above it, never over it.
	h := pop.MinSize().Height
	below := at.AddXY(0, u.previewWith.Size().Height)
	if below.Y+h > c.Size().Height {
		below = at.AddXY(0, -h)
	}
	pop.ShowAtPosition(below)
	pop.Resize(fyne.NewSize(u.previewWith.Size().Width, h))
	u.hitsPop = pop
	c.Focus(u.previewWith)
}

func (u *designerUI) useCardholder(id int64) {
	d := u.d
	widgets.Go(d.jobs, func() (badge.Badge, error) {
		return d.st.Badges.ForCardholder(d.jobs.Context(), d.actor, id)
	}, func(b badge.Badge, err error) {
		if err != nil {
			widgets.SetMessage(u.previewMsg, words.Explain(err))
			return
		}
		widgets.SetMessage(u.previewMsg, "")
		d.setFill(b)
	})
}

// elementSummary is an element's line in the element list.
func elementSummary(e badge.Element) string {
	switch e.Type {
	case badge.TypeText:
		return widgets.Shorten(strings.TrimSpace(e.Text), 40)
	case badge.TypeBarcode:
		return words.Symbology(e.Symbology) + " " + e.Value
	case badge.TypeRect, badge.TypeEllipse:
		if e.Fill != "" {
			return words.BadgeElement(e.Type) + " " + e.Fill
		}
	}
	return words.BadgeElement(e.Type)
}
