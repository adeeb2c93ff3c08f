package ui

import (
	"fyne.io/fyne/v2"

	"github.com/carddesk/carddesk/ui/cardholders"
)

// cardholdersView adapts the Cardholders screen (its own package) to a section.
type cardholdersView struct {
	screen *cardholders.Screen
	seen   bool
}

func newCardholdersView(s *session) view {
	sc := cardholders.New(s.win, s.d.st, s.actor, s.d.log)
	sc.OnRequestCreated = s.changed
	sc.OnStatus = s.status.flash
	return &cardholdersView{screen: sc}
}

func (v *cardholdersView) content() fyne.CanvasObject { return v.screen.Content() }

// shown reloads on a revisit (the screen loads itself when built); the
// screen keeps its search and selection.
func (v *cardholdersView) shown() {
	if v.seen {
		v.screen.Refresh()
	}
	v.seen = true
}
