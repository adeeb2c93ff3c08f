package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/carddesk/carddesk/ui/widgets"
)

// navWidth is the navigation's least width; longer section names widen it.
const navWidth = 180

// navigation is the list of sections on the left.
type navigation struct {
	s       *session
	list    *widget.List
	box     fyne.CanvasObject
	pending int
	syncing bool // selecting programmatically: do not open the section twice
}

func newNavigation(s *session) *navigation {
	n := &navigation{s: s}
	n.list = widget.NewList(
		func() int { return len(s.sections) },
		func() fyne.CanvasObject {
			return container.NewHBox(widget.NewIcon(theme.HomeIcon()), widget.NewLabel(""), layout.NewSpacer(),
				container.NewCenter(widgets.NewBadge()))
		},
		n.updateRow)
	n.list.OnSelected = func(i widget.ListItemID) {
		if !n.syncing {
			s.open(s.sections[i].id)
		}
	}
	// The shortcuts (Ctrl+1…) are in the Go menu; leaving them out here
	// gives the screens the width a 1024 px window needs.
	n.box = container.NewHBox(widgets.AtLeast(navWidth, 0, n.list), widget.NewSeparator())
	return n
}

func (n *navigation) updateRow(i widget.ListItemID, o fyne.CanvasObject) {
	sec := n.s.sections[i]
	c := o.(*fyne.Container)
	c.Objects[0].(*widget.Icon).SetResource(sec.icon)
	c.Objects[1].(*widget.Label).SetText(sec.title)
	count := 0
	if sec.id == secRequests {
		count = n.pending
	}
	c.Objects[3].(*fyne.Container).Objects[0].(*widgets.Badge).SetCount(count)
}

// selected marks the open section without opening it again.
func (n *navigation) selected(id sectionID) {
	for i, sec := range n.s.sections {
		if sec.id == id {
			n.syncing = true
			n.list.Select(i)
			n.syncing = false
			return
		}
	}
}

func (n *navigation) setPending(count int) {
	n.pending = count
	n.list.RefreshItem(0)
}
