package cardholders

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/ui/widgets"
	"github.com/carddesk/carddesk/ui/words"
)

// thumbSize is the side of the photo in a list row, in points.
const thumbSize = 36

// rowView is the cells of one visible line. The list reuses it for
// whichever cardholder scrolls into view; id says which row it shows now.
// The list's row around it takes the clicks and draws the selection.
type rowView struct {
	id int

	thumb                         *canvas.Image
	name, dept, ext, email, state *widget.Label
	card, request                 *widget.Label // the card column's two lines
	content                       *fyne.Container
}

func newRowView() *rowView {
	r := &rowView{id: -1}
	r.thumb = canvas.NewImageFromResource(theme.AccountIcon())
	r.thumb.FillMode = canvas.ImageFillContain
	r.thumb.SetMinSize(fyne.NewSquareSize(thumbSize))
	r.name, r.dept, r.ext, r.email, r.state = widgets.Cell(), widgets.Cell(), widgets.Cell(), widgets.Cell(), widgets.Cell()
	r.card, r.request = widgets.Cell(), widgets.Cell()
	r.request.SizeName, r.request.TextStyle.Bold = theme.SizeNameCaptionText, true
	r.request.Hide()
	cardCell := container.New(cardLines{}, r.card, r.request)
	r.content = container.New(rowLayout{Columns: widgets.Columns{Cols: listColumns()}, view: r},
		r.thumb, r.name, r.dept, r.ext, r.email, cardCell, r.state)
	return r
}

// rowLayout lays the cells out in the list's columns and leads from the
// cells the list hands back to their rowView.
type rowLayout struct {
	widgets.Columns
	view *rowView
}

// viewOf is the rowView of a row's cells.
func viewOf(cells *fyne.Container) *rowView { return cells.Layout.(rowLayout).view }

// show fills the row with a cardholder.
func (r *rowView) show(id int, c row) {
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
	card, cardImp := cardText(c.Cards.Card)
	if inactive || cardImp == widget.MediumImportance {
		cardImp = text
	}
	widgets.SetCell(r.card, card, cardImp, fyne.TextStyle{})
	r.showPending(c.Cards.Pending > 0)
	widgets.SetCell(r.state, words.CardholderStatus(c.Status), stateImp, fyne.TextStyle{Bold: inactive})
}

// cardText says which card someone holds: "Card 12345", marked when it is
// not active yet, or "No card" (dimmed).
func cardText(k enroll.Credential) (string, widget.Importance) {
	if k.ID == 0 {
		return lang.L("No card"), widget.LowImportance
	}
	data := map[string]any{"Number": cardNumber(k)}
	if k.Status != enroll.CredentialActive {
		return lang.X("cardholders.card.inactive", "Card {{.Number}} (inactive)", data), widget.MediumImportance
	}
	return lang.X("cardholders.card", "Card {{.Number}}", data), widget.MediumImportance
}

// cardNumber is the number printed on a card: its card number, or its
// serial number; other formats show all their fields.
func cardNumber(k enroll.Credential) string {
	if n, ok := k.Fields["card"]; ok {
		return n
	}
	if csn, ok := k.Fields["csn"]; ok && len(k.Fields) == 1 {
		return strings.ToUpper(csn)
	}
	return words.CredentialNumber(k.Fields)
}

// showLoading is drawn while the row's page is on its way.
func (r *rowView) showLoading(id int) {
	r.id = id
	r.thumb.Hide()
	widgets.SetCell(r.name, lang.L("Loading…"), widget.LowImportance, fyne.TextStyle{})
	for _, l := range []*widget.Label{r.dept, r.ext, r.email, r.card, r.state} {
		widgets.SetCell(l, "", widget.MediumImportance, fyne.TextStyle{})
	}
	r.showPending(false)
}

// showPending shows or hides the pending-request line under the card.
func (r *rowView) showPending(pending bool) {
	widgets.SetCell(r.request, lang.L("Request pending"), widget.WarningImportance, fyne.TextStyle{Bold: true})
	if pending == r.request.Visible() {
		return
	}
	if pending {
		r.request.Show()
	} else {
		r.request.Hide()
	}
	r.content.Refresh() // the card column changes height: centre it again
}

// cardLines lays out the card column: the card line alone is centred like
// every other cell; a pending request adds a smaller line under it, the
// two overlapping their inner padding as in widgets.TwoLines.
type cardLines struct{}

func (cardLines) overlap() float32 { return theme.InnerPadding() * 1.5 }

func (l cardLines) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	top := objs[0].MinSize()
	y := (size.Height - l.MinSize(objs).Height) / 2
	objs[0].Move(fyne.NewPos(0, y))
	objs[0].Resize(fyne.NewSize(size.Width, top.Height))
	if objs[1].Visible() {
		objs[1].Move(fyne.NewPos(0, y+top.Height-l.overlap()))
		objs[1].Resize(fyne.NewSize(size.Width, objs[1].MinSize().Height))
	}
}

func (l cardLines) MinSize(objs []fyne.CanvasObject) fyne.Size {
	top := objs[0].MinSize()
	if !objs[1].Visible() {
		return top
	}
	bottom := objs[1].MinSize()
	return fyne.NewSize(max(top.Width, bottom.Width), top.Height+bottom.Height-l.overlap())
}
