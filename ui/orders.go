package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"

	"github.com/carddesk/carddesk/ui/screen"
	"github.com/carddesk/carddesk/ui/widgets"
)

// ordersPlaceholder holds the Card orders section until card orders are
// built: it says honestly what will be there and that it is not yet.
type ordersPlaceholder struct{ box fyne.CanvasObject }

func newOrders(*session) screen.Screen {
	return &ordersPlaceholder{box: widgets.EmptyState(theme.MailSendIcon(), lang.L("Card orders"),
		lang.L("Cards ordered from external card production will be listed here: temporary cards and their way from ordered through in production to produced, with aborting and retrying orders."),
		lang.L("Ordering cards is not available in this version yet."))}
}

func (p *ordersPlaceholder) Content() fyne.CanvasObject { return p.box }
func (p *ordersPlaceholder) Shown()                     {}
