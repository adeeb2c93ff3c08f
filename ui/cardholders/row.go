package cardholders

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/carddesk/carddesk/enroll"
)

// thumbSize is the side of the photo in a list row, in points.
const thumbSize = 36

// rowView is one visible line of the list. The list reuses it for whichever
// cardholder scrolls into view; id says which one it shows now.
type rowView struct {
	widget.BaseWidget
	id     widget.ListItemID
	events rowEvents

	thumb                         *canvas.Image
	name, dept, ext, email, state *widget.Label
	content                       *fyne.Container
}

// rowEvents is how a row reports clicks to the screen.
type rowEvents interface {
	rowTapped(id widget.ListItemID)
	rowMenu(id widget.ListItemID, at fyne.Position)
}

func newRowView(events rowEvents) *rowView {
	r := &rowView{id: -1, events: events}
	r.thumb = canvas.NewImageFromResource(theme.AccountIcon())
	r.thumb.FillMode = canvas.ImageFillContain
	r.thumb.SetMinSize(fyne.NewSquareSize(thumbSize))
	label := func() *widget.Label {
		l := widget.NewLabel("")
		l.Truncation = fyne.TextTruncateEllipsis
		return l
	}
	r.name, r.dept, r.ext, r.email, r.state = label(), label(), label(), label(), label()
	r.content = container.New(rowLayout(), r.thumb, r.name, r.dept, r.ext, r.email, r.state)
	r.ExtendBaseWidget(r)
	return r
}

func (r *rowView) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(r.content)
}

// Tapped selects the row; the screen turns a second quick tap into "edit".
// The row handles taps itself (instead of the list item) so it can see them.
func (r *rowView) Tapped(*fyne.PointEvent) {
	if r.id >= 0 {
		r.events.rowTapped(r.id)
	}
}

// TappedSecondary opens the row's context menu.
func (r *rowView) TappedSecondary(ev *fyne.PointEvent) {
	if r.id >= 0 {
		r.events.rowMenu(r.id, ev.AbsolutePosition)
	}
}

// show fills the row with a cardholder.
func (r *rowView) show(id widget.ListItemID, c row) {
	r.id = id
	var res fyne.Resource
	if c.thumb == nil {
		res = theme.AccountIcon()
	}
	if r.thumb.Image != c.thumb || r.thumb.Resource != res || !r.thumb.Visible() {
		r.thumb.Resource, r.thumb.Image = res, c.thumb
		r.thumb.Show()
		r.thumb.Refresh()
	}
	text, stateText, stateImp := widget.MediumImportance, lang.L("Active"), widget.MediumImportance
	inactive := c.Status == enroll.CardholderInactive
	if inactive {
		// Inactive people may not get cards: dim the whole row and flag it.
		text, stateText, stateImp = widget.LowImportance, lang.L("Inactive"), widget.WarningImportance
	}
	setLabel(r.name, c.FullName(), text, fyne.TextStyle{Bold: !inactive})
	setLabel(r.dept, c.Department, text, fyne.TextStyle{})
	setLabel(r.ext, c.ExternalID, text, fyne.TextStyle{})
	setLabel(r.email, c.Email, text, fyne.TextStyle{})
	setLabel(r.state, stateText, stateImp, fyne.TextStyle{Bold: inactive})
}

// showLoading is drawn while the row's page is on its way.
func (r *rowView) showLoading(id widget.ListItemID) {
	r.id = id
	r.thumb.Hide()
	setLabel(r.name, lang.L("Loading…"), widget.LowImportance, fyne.TextStyle{Italic: true})
	for _, l := range []*widget.Label{r.dept, r.ext, r.email, r.state} {
		setLabel(l, "", widget.MediumImportance, fyne.TextStyle{})
	}
}

// setLabel refreshes a label only when it changes: rows are redrawn on
// every scroll step.
func setLabel(l *widget.Label, text string, imp widget.Importance, style fyne.TextStyle) {
	if l.Text == text && l.Importance == imp && l.TextStyle == style {
		return
	}
	l.Text, l.Importance, l.TextStyle = text, imp, style
	l.Refresh()
}

// newHeader is the column titles above the list, laid out like a row.
func newHeader() fyne.CanvasObject {
	title := func(s string) fyne.CanvasObject {
		l := widget.NewLabelWithStyle(s, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		l.Truncation = fyne.TextTruncateEllipsis
		return l
	}
	spacer := canvas.NewRectangle(nil)
	spacer.SetMinSize(fyne.NewSquareSize(thumbSize))
	return container.New(rowLayout(), spacer,
		title(lang.L("Name")), title(lang.L("Department")), title(lang.L("External ID")),
		title(lang.L("E-mail")), title(lang.L("Status")))
}
