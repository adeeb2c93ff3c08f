// Package orders is the Card orders section of the CardDesk desktop app:
// the cards ordered from external card production, newest first, with
// their way from queued through ordered and in production to produced;
// ordering personal and temporary cards, aborting, updating, retrying and
// receiving them, the sync with the producer, and the desk's stock of
// temporary cards. Each optional use case shows its buttons only while an
// administrator has it enabled.
package orders

import (
	"errors"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/ui/dialogs"
	"github.com/carddesk/carddesk/ui/screen"
	"github.com/carddesk/carddesk/ui/widgets"
)

// followEvery is how often the open section reads the list again, so the
// states the app's background sync brings in show without a click.
const followEvery = 20 * time.Second

// Screen is the Card orders section.
type Screen struct {
	h   screen.Host
	box fyne.CanvasObject

	// The section's own buttons, above the tabs.
	orderBtn *widget.Button
	tempBtn  *widget.Button
	syncBtn  *widget.Button
	refresh  *widget.Button
	notice   *widget.Label // production not set up, or the producer out of reach

	body   *fyne.Container // the ordered cards, or the tabs with the stock
	tabs   *container.AppTabs
	orders fyne.CanvasObject // the ordered cards view
	stock  *stockView

	// The ordered cards.
	status    *widgets.Select
	kind      *widgets.Select
	counter   *widget.RichText
	list      *widgets.MultiList
	rows      *widgets.Pager[orderRow]
	keys      keyring
	query     enroll.OrderedCardQuery
	emptyBox  *fyne.Container
	emptyNote *widget.Label
	acts      *orderActions

	names   *names
	layouts map[string]string // layout id → name, once read
	// enabled are the use cases on; nil until first read.
	enabled map[string]bool
	// setUp: the producer is configured (false: ErrProducerNotConfigured);
	// known once the first check came back.
	setUp, setUpKnown bool

	visible   bool
	following bool
	every     time.Duration
	syncing   bool

	// The open dialogs and questions, for tests.
	question  *dialog.ConfirmDialog
	alert     *dialogs.Alert
	ordering  *orderDialog
	receiving *receiveDialog
}

// New builds the section; Shown loads it.
func New(h screen.Host) *Screen {
	s := &Screen{h: h, names: newNames(), layouts: map[string]string{}, every: followEvery}
	s.rows = widgets.NewPager(h.Jobs(), s.fetch)
	s.rows.OnLoad = func(bool) { s.loaded() }
	s.rows.OnError = func(err error) { h.FlashError(explain(err)) }
	s.build()
	return s
}

func (s *Screen) build() {
	s.orderBtn = widget.NewButtonWithIcon(lang.L("Order card…"), theme.ContentAddIcon(), s.OrderCard)
	s.orderBtn.Importance = widget.HighImportance
	s.tempBtn = widget.NewButtonWithIcon(lang.L("Order temporary cards…"), theme.ContentAddIcon(), s.OrderTemporary)
	s.syncBtn = widget.NewButtonWithIcon(lang.L("Sync now"), theme.MailSendIcon(), s.Sync)
	s.refresh = widget.NewButtonWithIcon("", theme.ViewRefreshIcon(), s.Reload)
	for _, b := range []*widget.Button{s.orderBtn, s.tempBtn, s.syncBtn} {
		b.Hide() // until the use cases are known
	}
	s.notice = widget.NewLabel("")
	s.notice.Wrapping = fyne.TextWrapWord
	s.notice.Importance = widget.WarningImportance
	s.notice.Hide()

	s.orders = s.buildOrders()
	s.stock = newStockView(s)
	s.body = container.NewStack(s.orders)
	top := container.NewBorder(nil, nil, widgets.Heading(lang.L("Card orders")),
		container.NewHBox(s.orderBtn, s.tempBtn, s.refresh))
	s.box = container.NewBorder(container.NewVBox(top, s.notice), nil, nil, nil, s.body)
}

// Content is the section's root object.
func (s *Screen) Content() fyne.CanvasObject { return s.box }

// Shown reads which use cases are on and whether production is set up,
// and the lists; while shown, the lists are read again now and then.
func (s *Screen) Shown() {
	s.visible = true
	s.check()
	s.reload()
	s.follow()
}

// Hidden is called when another section opens.
func (s *Screen) Hidden() { s.visible = false }

// Stop ends the wait for a card of an open Receive dialog (sign-out, quit).
func (s *Screen) Stop() {
	if s.receiving != nil {
		s.receiving.end()
	}
}

// Reload is the refresh button: names are read again too.
func (s *Screen) Reload() {
	s.names.forget()
	s.check()
	s.reload()
}

// reload reads the ordered cards and the stock again, same filters.
func (s *Screen) reload() {
	s.rows.Reset()
	if s.on(enroll.UseTemporaryCards) {
		s.stock.load()
	}
}

// ChangedElsewhere (screen.Follower) reads the ordered cards and the
// stock again when they changed, or the cardholders they name. Unlike
// Shown it does not ask the producer: a change elsewhere says nothing
// about whether production is set up.
func (s *Screen) ChangedElsewhere(topics enroll.ChangeTopics) {
	if !s.visible || !topics.Has(enroll.TopicOrders, enroll.TopicCardholders) {
		return
	}
	if topics.Has(enroll.TopicCardholders) {
		s.names.forget()
	}
	s.reload()
}

// FollowEvery sets how often the shown section reads its lists again by
// itself (followEvery by default; 0: never): where ChangedElsewhere tells
// of changes, rarely. Call it before the section is first shown.
func (s *Screen) FollowEvery(every time.Duration) { s.every = every }

// changed follows an action: the lists show it, and the shell's counts.
func (s *Screen) changed() {
	s.reload()
	s.h.Changed()
}

// on reports whether a use case is enabled (false until known).
func (s *Screen) on(uc string) bool { return s.enabled[uc] }

// check reads which use cases are on, then asks the producer for its
// layouts: that says whether production is set up (and names the layouts
// in the list). The use cases come from the database and show at once;
// the producer may be slow to answer.
func (s *Screen) check() {
	st, ctx, actor := s.h.Station(), s.h.Jobs().Context(), s.h.Actor()
	widgets.Go(s.h.Jobs(), func() (map[string]bool, error) {
		return st.Orders.Enabled(ctx, actor)
	}, func(en map[string]bool, err error) {
		if err != nil {
			s.h.FlashError(explain(err))
			return
		}
		s.enabled = en
		s.showUseCases()
	})
	widgets.Go(s.h.Jobs(), func() ([]enroll.Layout, error) {
		return st.Orders.Layouts(ctx, actor)
	}, s.layoutsRead)
}

// layoutsRead takes the producer's answer for the layouts.
func (s *Screen) layoutsRead(ls []enroll.Layout, err error) {
	s.setUpKnown = true
	s.setUp = !errors.Is(err, enroll.ErrProducerNotConfigured)
	for _, l := range ls {
		if l.Name != "" {
			s.layouts[l.ID] = l.Name
		}
	}
	switch {
	case !s.setUp:
		widgets.SetMessage(s.notice, notSetUp())
	case err != nil:
		widgets.SetMessage(s.notice, explainCall(err))
	default:
		widgets.SetMessage(s.notice, "")
	}
	s.showUseCases()
	s.list.Refresh()
}

// showUseCases shows the buttons of the use cases that are on, and the
// Temporary cards tab while temporary cards are.
func (s *Screen) showUseCases() {
	show := func(o fyne.CanvasObject, on bool) {
		if on {
			o.Show()
		} else {
			o.Hide()
		}
	}
	show(s.orderBtn, s.on(enroll.UseOrderCard))
	show(s.tempBtn, s.on(enroll.UseOrderTemporaryCards))
	show(s.syncBtn, s.setUp)
	s.acts.showUseCases()
	s.showTabs(s.on(enroll.UseTemporaryCards))
	s.showEmpty()
}

// showTabs puts the ordered cards alone, or in a tab next to the stock.
func (s *Screen) showTabs(stock bool) {
	if stock == (s.tabs != nil) {
		return
	}
	if stock {
		s.tabs = container.NewAppTabs(
			container.NewTabItemWithIcon(lang.L("Ordered cards"), theme.ListIcon(), s.orders),
			container.NewTabItemWithIcon(lang.L("Temporary cards"), theme.StorageIcon(), s.stock.box))
		s.tabs.OnSelected = func(it *container.TabItem) {
			if it.Content == s.stock.box {
				s.stock.load()
			}
		}
		s.body.Objects = []fyne.CanvasObject{s.tabs}
		s.stock.load()
	} else {
		s.tabs = nil
		s.body.Objects = []fyne.CanvasObject{s.orders}
	}
	s.body.Refresh()
}

// follow reads the lists again every s.every while the section is shown.
func (s *Screen) follow() {
	if s.following || s.every <= 0 {
		return
	}
	s.following = true
	jobs := s.h.Jobs()
	jobs.Every(s.every, nil, func() {
		jobs.Do(func() {
			if s.visible && !jobs.Stopped() {
				s.reload()
			}
		})
	})
}

// OrderCard is Order card…: pick a cardholder and a layout.
func (s *Screen) OrderCard() {
	s.ordering = openOrder(s.h, enroll.KindPersonal, nil, func([]enroll.OrderedCard) { s.reload() })
}

// OrderTemporary is Order temporary cards….
func (s *Screen) OrderTemporary() {
	s.ordering = openOrder(s.h, enroll.KindTemporary, nil, func([]enroll.OrderedCard) { s.reload() })
}
