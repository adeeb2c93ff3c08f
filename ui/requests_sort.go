package ui

import (
	"cmp"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/carddesk/carddesk/enroll"
)

// requestSort is the order of the request list.
type requestSort int

const (
	sortOldest     requestSort = iota // the queue order, read page by page from the database
	sortNewest                        // the others are sorted here, see maxSorted
	sortCardholder                    //
	sortReason                        //
)

// maxSorted bounds the rows sorted in memory: the database lists requests
// in queue order only. A desk rarely has more pending; the counter says
// when rows were left out.
const maxSorted = 5000

func sortNames() []string {
	return []string{lang.L("Oldest first"), lang.L("Newest first"), lang.L("Cardholder A–Z"), lang.L("Reason A–Z")}
}

// apply orders rows in place; the queue order needs nothing.
func (s requestSort) apply(rows []enroll.CardRequest) {
	byTime := func(a, b enroll.CardRequest) int {
		return cmp.Or(a.CreatedAt.Compare(b.CreatedAt), cmp.Compare(a.ID, b.ID))
	}
	text := func(a, b string) int { return strings.Compare(strings.ToLower(a), strings.ToLower(b)) }
	blank := func(s string) int { // requests without a reason go last, not first
		if s == "" {
			return 1
		}
		return 0
	}
	switch s {
	case sortNewest:
		slices.SortStableFunc(rows, func(a, b enroll.CardRequest) int { return byTime(b, a) })
	case sortCardholder:
		slices.SortStableFunc(rows, func(a, b enroll.CardRequest) int {
			return cmp.Or(text(a.CardholderName, b.CardholderName), byTime(a, b))
		})
	case sortReason:
		slices.SortStableFunc(rows, func(a, b enroll.CardRequest) int {
			return cmp.Or(cmp.Compare(blank(a.Reason), blank(b.Reason)), text(a.Reason, b.Reason), byTime(a, b))
		})
	}
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
	h := &sortHeader{label: widget.NewLabelWithStyle(title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		arrow: widget.NewIcon(nil), onTap: onTap}
	h.label.Truncation = fyne.TextTruncateEllipsis
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
