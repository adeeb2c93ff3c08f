package cardholders

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/ui/widgets"
	"github.com/carddesk/carddesk/ui/words"
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
	r.name, r.dept, r.ext, r.email, r.state = widgets.Cell(), widgets.Cell(), widgets.Cell(), widgets.Cell(), widgets.Cell()
	r.content = widgets.Row(listColumns(), r.thumb, r.name, r.dept, r.ext, r.email, r.state)
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
	text, stateImp := widget.MediumImportance, widget.MediumImportance
	inactive := c.Status == enroll.CardholderInactive
	if inactive {
		// Inactive people may not get cards: dim the whole row and flag it.
		text, stateImp = widget.LowImportance, widget.WarningImportance
	}
	widgets.SetCell(r.name, c.FullName(), text, fyne.TextStyle{Bold: !inactive})
	widgets.SetCell(r.dept, c.Department, text, fyne.TextStyle{})
	widgets.SetCell(r.ext, c.ExternalID, text, fyne.TextStyle{})
	widgets.SetCell(r.email, c.Email, text, fyne.TextStyle{})
	widgets.SetCell(r.state, words.CardholderStatus(c.Status), stateImp, fyne.TextStyle{Bold: inactive})
}

// showLoading is drawn while the row's page is on its way.
func (r *rowView) showLoading(id widget.ListItemID) {
	r.id = id
	r.thumb.Hide()
	widgets.SetCell(r.name, lang.L("Loading…"), widget.LowImportance, fyne.TextStyle{Italic: true})
	for _, l := range []*widget.Label{r.dept, r.ext, r.email, r.state} {
		widgets.SetCell(l, "", widget.MediumImportance, fyne.TextStyle{})
	}
}
