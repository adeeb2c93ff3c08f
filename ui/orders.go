package ui

import (
	"github.com/carddesk/carddesk/ui/orders"
	"github.com/carddesk/carddesk/ui/screen"
)

// newOrders builds the Card orders section: cards ordered from external
// card production and the desk's stock of temporary cards.
func newOrders(s *session) screen.Screen { return orders.New(s) }
