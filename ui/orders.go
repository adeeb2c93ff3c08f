package ui

import (
	"github.com/carddesk/carddesk/ui/orders"
	"github.com/carddesk/carddesk/ui/screen"
)

// newOrders builds the Card orders section: cards ordered from external
// card production and the desk's stock of temporary cards. Where the
// database reports changes, the section follows them (changedElsewhere)
// and re-reads by itself only as a safety net.
func newOrders(s *session) screen.Screen {
	o := orders.New(s)
	if s.d.st.Live.On() {
		o.FollowEvery(liveSafetyEvery)
	}
	return o
}
