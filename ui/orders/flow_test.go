package orders

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/production/producertest"
	"github.com/carddesk/carddesk/ui/internal/uitest"
	"github.com/carddesk/carddesk/ui/widgets"
)

// A personal card ordered through the dialog waits in the queue, is sent
// by Sync now and follows the producer to produced.
func TestOrderAPersonalCardAndFollowItToProduced(t *testing.T) {
	f := newFixture(t, allUseCases, "Anna", "Bert")
	s := f.open()
	c := f.order(1)
	if c.Kind != enroll.KindPersonal || c.CardholderID != f.people[1].ID || c.Status != enroll.OrderProcessing || c.LayoutID != "employee" {
		t.Fatalf("ordered %+v", c)
	}
	row := f.rowTexts(c.CardID)
	if !uitest.Contains(strings.Join(row, "|"), "Personal|Bert Tester|Employee card|Queued") {
		t.Errorf("the new card's row: %q", row)
	}
	if !strings.Contains(f.h.LastMessage(), "Card ordered for Bert Tester: Queued.") || f.h.ChangedN == 0 {
		t.Errorf("after ordering the status bar says %q (changed %d)", f.h.LastMessage(), f.h.ChangedN)
	}
	if f.sim.Records() != 0 {
		t.Error("a queued card reached the producer before the sync")
	}

	f.sync()
	if got := f.status(c.CardID); got != "Ordered" {
		t.Errorf("after Sync now the card is %q", got)
	}
	if got := f.h.LastMessage(); got != "1 sent, 0 waiting" {
		t.Errorf("Sync now says %q", got)
	}
	if f.sim.Records() != 1 {
		t.Errorf("the producer has %d cards", f.sim.Records())
	}

	f.sim.Tick()
	f.sim.Tick()
	f.sync()
	if got := f.status(c.CardID); got != "Produced" {
		t.Errorf("produced at the producer, the card is %q here", got)
	}
	if got := f.h.LastMessage(); !strings.Contains(got, "1 updated") {
		t.Errorf("the sync that brought it says %q", got)
	}
	// Produced and not received: Receive applies, nothing else.
	f.pick(c.CardID)
	a := s.acts
	if a.receive.Disabled() || !a.abort.Disabled() || !a.retry.Disabled() || !a.init.Disabled() || !a.update.Disabled() {
		t.Error("a produced personal card offers the wrong actions")
	}
}

// Ordering for nobody is refused at the field.
func TestOrderWithoutACardholderIsRefusedAtTheField(t *testing.T) {
	f := newFixture(t, allUseCases, "Anna")
	s := f.open()
	f.tap(s.orderBtn)
	d := s.ordering
	f.tap(d.form.OKButton())
	if msg := d.fields.Field("cardholder").Message(); msg != "Pick the cardholder the card is for." {
		t.Errorf("OK without a cardholder says %q", msg)
	}
	if len(f.cards()) != 0 {
		t.Error("a card was ordered for nobody")
	}
}

// A cardholder the layout cannot print is named with what is missing.
func TestMissingFieldsAreNamedInWords(t *testing.T) {
	f := newFixture(t, allUseCases, "Anna")
	photo, err := producertest.Start(producertest.Options{ClientID: "desk", ClientSecret: "s3cret",
		Layouts: []producertest.Layout{{ID: "badge", Name: "Photo badge", Fields: []producertest.Field{
			{Name: "first_name", Required: true}, {Name: "department", Required: true}, {Name: "photo", Required: true}}}}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(photo.Close)
	f.set("production.url", photo.URL(), "production.layout", "badge")
	s := f.open()
	f.tap(s.orderBtn)
	d := s.ordering
	uitest.TypeInto(d.pick.Search, "Anna")
	f.wait()
	d.pick.Pick(f.people[0].ID)
	f.tap(d.form.OKButton())
	if msg := d.fields.General.Text; msg != "Anna Tester lacks what the card layout needs: photo. Fill it in on the Cardholders screen first." {
		t.Errorf("the refusal says %q", msg)
	}
	if len(f.cards()) != 0 || photo.Records() != 0 {
		t.Error("a card was ordered all the same")
	}
}

// The cardholder list's Order card… opens the dialog for that cardholder.
func TestOrderCardForAGivenCardholder(t *testing.T) {
	f := newFixture(t, allUseCases, "Anna", "Bert")
	f.open()
	OrderCard(f.h, f.people[0].ID, "Anna Tester")
	f.wait()
	if all := uitest.TopDialogTexts(f.h.Win); !uitest.Contains(all, "Order card", "Anna Tester", "Default layout") {
		t.Fatalf("the dialog says %s", all)
	}
	// Choose the layout and confirm, as the operator does.
	var layout *widgets.Select
	var ok *widget.Button
	for _, o := range test.LaidOutObjects(f.h.Win.Canvas().Overlays().Top()) {
		switch o := o.(type) {
		case *widgets.Select:
			layout = o
		case *widget.Button:
			if o.Text == "Order card" {
				ok = o
			}
		}
	}
	if layout == nil || ok == nil {
		t.Fatal("the dialog has no layout choice or no Order card button")
	}
	layout.SetSelected("Visitor card")
	f.tap(ok)
	cs := f.cards()
	if len(cs) != 1 || cs[0].CardholderID != f.people[0].ID || cs[0].LayoutID != "visitor" {
		t.Fatalf("ordered %+v", cs)
	}
	if f.h.Dialogs.Len() != 0 {
		t.Error("the dialog stayed open")
	}
	if got := f.h.LastMessage(); got != "Card ordered for Anna Tester: Queued." || f.h.ChangedN == 0 {
		t.Errorf("the status bar says %q", got)
	}
}

// Three temporary cards make three rows and, after a sync, three cards at
// the producer.
func TestOrderTemporaryCards(t *testing.T) {
	f := newFixture(t, allUseCases)
	s := f.open()
	f.tap(s.tempBtn)
	d := s.ordering
	d.amount.SetSelected("3")
	f.tap(d.form.OKButton())
	if s.rows.Len() != 3 {
		t.Fatalf("%d rows after ordering 3 temporary cards", s.rows.Len())
	}
	for _, c := range f.cards() {
		if row := strings.Join(f.rowTexts(c.CardID), "|"); !strings.HasPrefix(row, "Temporary|Desk stock|") {
			t.Errorf("temporary card row: %s", row)
		}
	}
	if got := f.h.LastMessage(); got != "3 temporary cards ordered." {
		t.Errorf("the status bar says %q", got)
	}
	f.sync()
	if n := f.sim.Records(); n != 3 {
		t.Errorf("the producer has %d cards, want 3", n)
	}
	if got := f.h.LastMessage(); got != "3 sent, 0 waiting" {
		t.Errorf("Sync now says %q", got)
	}
}

// Aborting asks first and names how many; a card the producer has in
// production already is refused with that reason.
func TestAbortAsksAndShowsRefusals(t *testing.T) {
	f := newFixture(t, allUseCases, "Anna", "Bert", "Cleo")
	s := f.open()
	a := f.order(0)
	b := f.order(1)
	f.pick(a.CardID, b.CardID)
	f.tap(s.acts.abort)
	if s.question == nil {
		t.Fatal("Abort did not ask")
	}
	if all := uitest.TopDialogTexts(f.h.Win); !strings.Contains(all, "Abort 2 card orders?") {
		t.Errorf("the question says %s", all)
	}
	s.question.Confirm()
	f.wait()
	for _, c := range []enroll.OrderedCard{a, b} {
		if got := f.status(c.CardID); got != "Aborted" {
			t.Errorf("after the abort a card is %q", got)
		}
	}
	if got := f.h.LastMessage(); got != "2 card orders aborted." {
		t.Errorf("the status bar says %q", got)
	}

	// Sent at once; the producer stored it but its answer was lost, so the
	// card is still processing here while the producer makes it.
	f.set("production.queue", "false")
	f.sim.FailAfterStore(1, 503)
	c := f.order(2)
	if got := f.status(c.CardID); got != "Sending…" {
		t.Errorf("a card whose send got no answer is %q", got)
	}
	if row := f.rowTexts(c.CardID); !strings.Contains(row[5], "could not be reached") || row[4] != "1" {
		t.Errorf("its row shows attempts %q and problem %q", row[4], row[5])
	}
	if err := f.sim.Advance(c.CardID); err != nil {
		t.Fatal(err)
	}
	f.pick(c.CardID)
	f.tap(s.acts.abort)
	if all := uitest.TopDialogTexts(f.h.Win); !strings.Contains(all, "Abort the card order for Cleo Tester?") {
		t.Errorf("the question says %s", all)
	}
	s.question.Confirm()
	f.wait()
	if s.alert == nil || !uitest.Contains(s.alert.Text, "Cleo Tester", "already in production") {
		t.Fatalf("the refusal is not shown: %+v", s.alert)
	}
	if got := f.card(c.CardID).Status; got != enroll.OrderProcessing {
		t.Errorf("the refused card is %s", got)
	}
}

// Abort applies only while every selected card is processing.
func TestAbortOnlyForProcessingCards(t *testing.T) {
	f := newFixture(t, allUseCases, "Anna", "Bert")
	s := f.open()
	a := f.order(0)
	f.sync()
	b := f.order(1)
	f.pick(b.CardID)
	if s.acts.abort.Disabled() {
		t.Error("Abort is off for a queued card")
	}
	f.pick(a.CardID, b.CardID)
	if !s.acts.abort.Disabled() {
		t.Error("Abort is on with an ordered card selected")
	}
	if !strings.Contains(s.acts.hint.Text, "2 selected") {
		t.Errorf("the hint says %q", s.acts.hint.Text)
	}
}

// A card the producer failed is sent again with Retry.
func TestRetryAFailedCard(t *testing.T) {
	f := newFixture(t, allUseCases, "Anna")
	s := f.open()
	c := f.order(0)
	f.sync()
	if err := f.sim.Fail(c.CardID, "the printer jammed"); err != nil {
		t.Fatal(err)
	}
	f.sync()
	row := f.rowTexts(c.CardID)
	if row[3] != "Failed" || row[5] != "the printer jammed" {
		t.Fatalf("the failed card's row: %q", row)
	}
	f.pick(c.CardID)
	f.tap(s.acts.retry)
	// The producer keeps the failed card under its id: the retry is a new
	// card of the same order.
	cs := f.cards()
	if len(cs) != 2 || cs[0].OrderID != c.OrderID || cs[0].CardholderID != c.CardholderID {
		t.Fatalf("after Retry the cards are %+v", cs)
	}
	if got := f.status(cs[0].CardID); got != "Queued" {
		t.Errorf("the card sent again is %q", got)
	}
	if got := f.status(c.CardID); got != "Failed · ordered again" {
		t.Errorf("the failed card became %q", got)
	}
	// Once ordered again, retrying the failed card would make a second card.
	f.pick(c.CardID)
	if !s.acts.retry.Disabled() {
		t.Error("Retry stays on for a card that was ordered again")
	}
	if got := f.h.LastMessage(); got != "1 card ordered again." {
		t.Errorf("the status bar says %q", got)
	}
	f.sync()
	if got := f.status(cs[0].CardID); got != "Ordered" || f.sim.Records() != 2 {
		t.Errorf("after the sync the new card is %q; the producer has %d cards", got, f.sim.Records())
	}
}

// Update status asks the producer for one card now.
func TestUpdateStatusOfOneCard(t *testing.T) {
	f := newFixture(t, allUseCases, "Anna")
	s := f.open()
	c := f.order(0)
	f.sync()
	if err := f.sim.Advance(c.CardID); err != nil {
		t.Fatal(err)
	}
	f.pick(c.CardID)
	f.tap(s.acts.update)
	if got := f.status(c.CardID); got != "In production" {
		t.Errorf("after Update status the card is %q", got)
	}
	if got := f.h.LastMessage(); got != "Anna Tester: In production." {
		t.Errorf("the status bar says %q", got)
	}
}

// A sync that cannot reach the producer says so, and the cards wait.
func TestSyncWithTheProducerAway(t *testing.T) {
	f := newFixture(t, allUseCases, "Anna")
	f.open()
	c := f.order(0)
	if err := f.sim.RefuseConnections(true); err != nil {
		t.Fatal(err)
	}
	f.sync()
	got := f.h.LastMessage()
	if !strings.HasPrefix(got, "error: ") || !strings.Contains(got, "could not be reached") {
		t.Errorf("Sync now with the producer away says %q", got)
	}
	if st := f.status(c.CardID); st != "Queued" && st != "Sending…" {
		t.Errorf("the card is %q", st)
	}
}

// Without the queue a card is sent at once; with the producer away it is
// kept, shown as being sent, and the status bar says it goes with the
// next sync.
func TestOrderWithoutQueueWhileTheProducerIsAway(t *testing.T) {
	f := newFixture(t, allUseCases, "Anna")
	f.open() // reads the layouts while the producer is there
	f.set("production.queue", "false")
	if err := f.sim.RefuseConnections(true); err != nil {
		t.Fatal(err)
	}
	c := f.order(0)
	if got := f.h.LastMessage(); got != "error: Card ordered for Anna Tester. The card producer could not be reached; the card is sent by the next sync." {
		t.Errorf("the status bar says %q", got)
	}
	if got := f.status(c.CardID); got != "Sending…" {
		t.Errorf("the card is %q", got)
	}
	if err := f.sim.RefuseConnections(false); err != nil {
		t.Fatal(err)
	}
	f.sync()
	if got := f.status(c.CardID); got != "Ordered" || f.sim.Records() != 1 {
		t.Errorf("after the producer came back and a sync the card is %q (%d at the producer)", got, f.sim.Records())
	}
}

// Enter in the search picks the first match, and Enter again orders.
func TestEnterPicksAndOrders(t *testing.T) {
	f := newFixture(t, allUseCases, "Anna", "Bert")
	s := f.open()
	f.tap(s.orderBtn)
	d := s.ordering
	uitest.TypeInto(d.pick.Search, "Bert")
	f.wait()
	d.pick.Search.OnSubmitted(d.pick.Search.Text)
	if c, ok := d.pick.Selected(); !ok || c.ID != f.people[1].ID {
		t.Fatalf("Enter picked %+v", c)
	}
	d.pick.Search.OnSubmitted(d.pick.Search.Text)
	f.wait()
	if cs := f.cards(); len(cs) != 1 || cs[0].CardholderID != f.people[1].ID {
		t.Errorf("Enter again ordered %+v", cs)
	}
}
