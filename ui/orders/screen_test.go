package orders

import (
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/ui/internal/uitest"
)

// A use case an administrator has not enabled shows no buttons; enabling
// one shows its buttons the next time the section opens.
func TestButtonsOfDisabledUseCasesAreHidden(t *testing.T) {
	f := newFixture(t, nil, "Anna")
	s := f.open()
	a := s.acts
	buttons := map[string]*widget.Button{"Order card": s.orderBtn, "Order temporary cards": s.tempBtn,
		"Abort": a.abort, "Update status": a.update, "Retry": a.retry, "Receive": a.receive, "Initialize": a.init}
	for name, b := range buttons {
		if b.Visible() {
			t.Errorf("%s is shown with every use case off", name)
		}
	}
	if s.tabs != nil {
		t.Error("the Temporary cards tab is shown with temporary cards off")
	}
	if !s.syncBtn.Visible() {
		t.Error("Sync now is hidden while production is set up")
	}
	if all := uitest.Texts(s.Content()); !strings.Contains(all, "An administrator turns ordering cards on") {
		t.Errorf("the empty list does not say how ordering is turned on: %s", all)
	}

	f.set("usecase.order_card.enabled", "true", "usecase.update_card_order.enabled", "true")
	s.Shown()
	f.wait()
	for name, b := range buttons {
		want := name == "Order card" || name == "Retry" || name == "Receive" || name == "Update status"
		if b.Visible() != want {
			t.Errorf("with ordering and updating on, %s shown: %v", name, b.Visible())
		}
	}

	f.set("usecase.temporary_cards.enabled", "true")
	s.Shown()
	f.wait()
	if s.tabs == nil || len(s.tabs.Items) != 2 || !a.init.Visible() {
		t.Error("temporary cards on: no Temporary cards tab or no Initialize")
	}
	f.set("usecase.temporary_cards.enabled", "false")
	s.Shown()
	f.wait()
	if s.tabs != nil || a.init.Visible() {
		t.Error("temporary cards off again: the tab or Initialize stayed")
	}
}

// The section says when card production is not set up, and Sync now is
// not offered.
func TestNotSetUpSaysWhereToSetItUp(t *testing.T) {
	f := newFixture(t, allUseCases)
	f.set("production.url", "")
	s := f.open()
	all := uitest.Texts(s.Content())
	if !strings.Contains(all, "Card production is not set up. An administrator sets it up in Settings > Card production.") {
		t.Errorf("the section does not say production is not set up: %s", all)
	}
	if s.notice.Visible() {
		t.Error("the notice repeats what the empty list says")
	}
	if s.syncBtn.Visible() {
		t.Error("Sync now is offered without a producer")
	}
	// The order dialog says it too and orders nothing.
	f.tap(s.orderBtn)
	d := s.ordering
	if !d.form.OKButton().Disabled() || !strings.Contains(d.fields.General.Text, "not set up") {
		t.Errorf("the order dialog takes orders without a producer: %q", d.fields.General.Text)
	}
	d.form.Submit() // Enter: the form stays blocked, the reason stays
	if !strings.Contains(d.fields.General.Text, "not set up") {
		t.Errorf("Enter got past the block: %q", d.fields.General.Text)
	}
}

// An empty list that could be filled says how.
func TestEmptyListSaysHowToOrder(t *testing.T) {
	f := newFixture(t, allUseCases)
	s := f.open()
	if all := uitest.Texts(s.Content()); !uitest.Contains(all, "No cards ordered yet", "Order a personal card") {
		t.Errorf("the empty list says: %s", all)
	}
}

// The screen fits a 1024×700 window next to the navigation, with every
// button and the Temporary cards tab shown, and cards in every state.
func TestScreenFitsASmallWindow(t *testing.T) {
	f := newFixture(t, allUseCases, "Anna", "Bert", "Cleo")
	s := f.open()
	failed := f.order(0)
	f.tap(s.tempBtn)
	s.ordering.amount.SetSelected("2")
	f.tap(s.ordering.form.OKButton())
	f.sync()
	if err := f.sim.Fail(failed.CardID, "the printer jammed"); err != nil {
		t.Fatal(err)
	}
	f.sim.Tick()
	f.sim.Tick()
	f.sync()
	f.order(1)
	f.set("production.queue", "false")
	f.sim.FailAfterStore(1, 503)
	f.order(2)
	// The navigation takes 180 and a separator; the window's content has
	// the rest.
	const room = 1024 - 180 - 12
	for _, tab := range []int{0, 1} {
		s.tabs.SelectIndex(tab)
		f.wait()
		min := s.Content().MinSize()
		t.Logf("tab %d needs %v", tab, min)
		if min.Width > room || min.Height > 700-36-40 {
			t.Errorf("tab %d needs %v; the window has %v", tab, min, fyne.NewSize(room, 700-36-40))
		}
		f.h.Capture(fmt.Sprintf("orders-tab%d.png", tab), fyne.NewSize(room, 620))
	}
	s.tabs.SelectIndex(0)
	f.tap(s.orderBtn)
	f.h.Capture("orders-order-dialog.png", fyne.NewSize(room, 620))
}

// Changing the filters lists what they select.
func TestFiltersSelectStatusAndKind(t *testing.T) {
	f := newFixture(t, allUseCases, "Anna")
	s := f.open()
	personal := f.order(0)
	f.tap(s.tempBtn)
	f.s.ordering.amount.SetSelected("2")
	f.tap(f.s.ordering.form.OKButton())
	if s.rows.Len() != 3 {
		t.Fatalf("%d rows, want 3", s.rows.Len())
	}
	s.SetFilter("", enroll.KindPersonal)
	f.wait()
	if s.rows.Len() != 1 || f.rowIndex(personal.CardID) != 0 {
		t.Errorf("personal filter lists %d rows", s.rows.Len())
	}
	s.SetFilter(enroll.OrderOrdered, "")
	f.wait()
	if s.rows.Len() != 0 || !strings.Contains(uitest.Texts(s.Content()), "No ordered cards match the filter.") {
		t.Errorf("ordered filter lists %d rows: %s", s.rows.Len(), uitest.Texts(s.Content()))
	}
	s.SetFilter(enroll.OrderProcessing, enroll.KindTemporary)
	f.wait()
	if s.rows.Len() != 2 {
		t.Errorf("queued temporary cards: %d rows, want 2", s.rows.Len())
	}
}

// With the producer out of reach the section says so above the list and
// still offers ordering: the cards wait for the next sync.
func TestProducerOutOfReachIsNoticed(t *testing.T) {
	f := newFixture(t, allUseCases, "Anna")
	if err := f.sim.RefuseConnections(true); err != nil {
		t.Fatal(err)
	}
	s := f.open()
	if !s.notice.Visible() || !strings.Contains(s.notice.Text, "could not be reached") {
		t.Errorf("the notice says %q (shown %v)", s.notice.Text, s.notice.Visible())
	}
	if !s.orderBtn.Visible() || !s.syncBtn.Visible() {
		t.Error("ordering or Sync now is hidden while the producer is away")
	}
	if err := f.sim.RefuseConnections(false); err != nil {
		t.Fatal(err)
	}
	f.tap(s.refresh)
	if s.notice.Visible() {
		t.Errorf("the notice stays after the producer came back: %q", s.notice.Text)
	}
}
