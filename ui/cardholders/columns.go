package cardholders

import (
	"fyne.io/fyne/v2/lang"

	"github.com/carddesk/carddesk/ui/widgets"
)

// listColumns are shared by the header and every row, so they line up:
// photo, name, department, external id, e-mail, card (and a pending
// request under it), status. The weighted
// columns get about 26 points per unit of weight at least, so truncated
// text still reads in a narrow window.
func listColumns() []widgets.Column {
	return []widgets.Column{
		{Min: thumbSize},
		{Title: lang.L("Name"), Min: 67, Weight: 2.6},
		{Title: lang.L("Department"), Min: 52, Weight: 2},
		{Title: lang.L("External ID"), Min: 49, Weight: 1.9},
		{Title: lang.L("E-mail"), Min: 72, Weight: 2.8},
		{Title: lang.L("Card"), Min: 80, Weight: 1.6},
		{Title: lang.L("Status"), Min: 90},
	}
}
