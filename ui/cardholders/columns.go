package cardholders

import (
	"fyne.io/fyne/v2/theme"

	"github.com/carddesk/carddesk/ui/kit"
)

// listColumns are shared by the header and every row, so they line up:
// photo, name, department, external id, e-mail, status.
var listColumns = []kit.Column{
	{Fixed: thumbSize},
	{Weight: 2.6},
	{Weight: 2},
	{Weight: 1.9},
	{Weight: 2.8},
	{Fixed: 90},
}

// rowLayout is the list's columns; the same inset in header and rows keeps
// them aligned, and the room keeps truncated text readable.
func rowLayout() kit.Columns {
	return kit.Columns{Cols: listColumns, Inset: theme.Padding(), Room: 4 * 60}
}
