package requests

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/ui/widgets"
)

// requestSort is the order of the request list.
type requestSort int

const (
	sortOldest     requestSort = iota // the queue order
	sortNewest                        //
	sortCardholder                    //
	sortReason                        //
)

func sortNames() []string {
	return []string{lang.L("Oldest first"), lang.L("Newest first"), lang.L("Cardholder A–Z"), lang.L("Reason A–Z")}
}

// query is the database's name for the order: the list pages in it, so a
// sorted list of any length costs one page per screen.
func (s requestSort) query() enroll.RequestSort {
	return [...]enroll.RequestSort{enroll.SortOldest, enroll.SortNewest, enroll.SortCardholder, enroll.SortReason}[s]
}

// sortHeader is a column title that sorts the list when clicked; the
// active one shows an arrow.
type sortHeader struct {
	widget.BaseWidget
	label *widget.Label
	arrow *widget.Icon
	onTap func()
}

func newSortHeader(title string, onTap func()) *sortHeader {
	h := &sortHeader{label: widgets.Title(title), arrow: widget.NewIcon(nil), onTap: onTap}
	h.arrow.Hide()
	h.ExtendBaseWidget(h)
	return h
}

func (h *sortHeader) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(container.NewBorder(nil, nil, nil, h.arrow, h.label))
}

func (h *sortHeader) Tapped(*fyne.PointEvent) { h.onTap() }

// Cursor shows the hand: the title is a button.
func (h *sortHeader) Cursor() desktop.Cursor { return desktop.PointerCursor }

// show marks the header active (up: ascending) or not.
func (h *sortHeader) show(active, up bool) {
	switch {
	case !active:
		h.arrow.Hide()
	case up:
		h.arrow.SetResource(theme.MoveUpIcon())
		h.arrow.Show()
	default:
		h.arrow.SetResource(theme.MoveDownIcon())
		h.arrow.Show()
	}
}
