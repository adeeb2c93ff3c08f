package orders

import (
	"encoding/hex"
	"strings"
	"testing"

	"fyne.io/fyne/v2"

	"github.com/carddesk/carddesk/devices/simulated"
	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/ui/internal/uitest"
)

// produce orders n temporary cards and brings them to produced.
func (f *fixture) produceTemporary(n int) []enroll.OrderedCard {
	f.t.Helper()
	f.tap(f.s.tempBtn)
	f.s.ordering.amount.SetSelected(string(rune('0' + n)))
	f.tap(f.s.ordering.form.OKButton())
	f.sync()
	f.sim.Tick()
	f.sim.Tick()
	f.sync()
	return f.cards()[:n]
}

// stockRowOf is the stock row of a card, -1 when not listed.
func (f *fixture) stockRowOf(cardID string) int {
	for i, r := range f.s.stock.rows {
		if r.CardID == cardID {
			return i
		}
	}
	return -1
}

// pickStock selects one card of the stock.
func (f *fixture) pickStock(cardID string) {
	f.t.Helper()
	i := f.stockRowOf(cardID)
	if i < 0 {
		f.t.Fatalf("card %s is not in the stock list", cardID)
	}
	f.s.stock.list.Clicked(i, 0)
	f.wait()
}

// stockTexts are the cells of a card's stock row.
func (f *fixture) stockTexts(cardID string) []string {
	f.t.Helper()
	i := f.stockRowOf(cardID)
	if i < 0 {
		f.t.Fatalf("card %s is not in the stock list", cardID)
	}
	r := f.s.stock.rows[i]
	return []string{shortID(r.CardID), tempStatusWord(r.Status), r.Name, r.Credential}
}

// assign assigns the selected card to person i through the dialog, until
// the date typed (may be empty).
func (f *fixture) assign(i int, until string) *assignDialog {
	f.t.Helper()
	f.tap(f.s.stock.assign)
	d := f.s.stock.assigning
	uitest.TypeInto(d.pick.Search, f.people[i].FirstName)
	f.wait()
	if !d.pick.Pick(f.people[i].ID) {
		f.t.Fatalf("%s is not offered", f.people[i].FullName())
	}
	uitest.TypeInto(d.until, until)
	f.tap(d.form.OKButton())
	return d
}

// Produced temporary cards are initialized into the stock, assigned,
// withdrawn and locked; a second card for one cardholder is refused.
func TestTemporaryCardsFromProducedToLocked(t *testing.T) {
	f := newFixture(t, allUseCases, "Anna", "Bert")
	s := f.open()
	cards := f.produceTemporary(2)
	a, b := cards[0], cards[1]
	for _, c := range cards {
		if got := f.status(c.CardID); got != "Produced · to initialize" {
			t.Errorf("a produced temporary card is %q", got)
		}
	}
	s.tabs.SelectIndex(1)
	f.wait()
	if msg := s.stock.waiting.Text; !s.stock.waiting.Visible() || !strings.HasPrefix(msg, "2 produced temporary cards wait to be initialized") {
		t.Errorf("the stock says %q about the cards to initialize", msg)
	}
	s.tabs.SelectIndex(0)

	f.pick(a.CardID, b.CardID)
	f.tap(s.acts.init)
	if got := f.h.LastMessage(); got != "2 temporary cards added to the stock." {
		t.Errorf("Initialize says %q", got)
	}
	if got := f.status(a.CardID); got != "Produced · in stock" {
		t.Errorf("an initialized card is %q in the orders", got)
	}
	if !s.acts.init.Disabled() {
		t.Error("Initialize stays on for cards in the stock")
	}
	s.tabs.SelectIndex(1)
	f.wait()
	if len(s.stock.rows) != 2 || s.stock.waiting.Visible() {
		t.Fatalf("the stock lists %d cards (waiting note shown: %v)", len(s.stock.rows), s.stock.waiting.Visible())
	}
	if row := f.stockTexts(a.CardID); row[1] != "Unassigned" || !strings.Contains(row[3], "Card number") {
		t.Errorf("a new stock card: %q", row)
	}

	// A date that is none is refused at its field.
	f.pickStock(a.CardID)
	d := f.assign(0, "31.12.2099")
	if msg := d.fields.Field("until").Message(); !strings.Contains(msg, "YYYY-MM-DD") {
		t.Errorf("a bad date says %q", msg)
	}
	d.form.Dialog.Hide()

	f.pickStock(a.CardID)
	f.assign(0, "2099-12-31")
	if row := f.stockTexts(a.CardID); row[1] != "Assigned" || row[2] != "Anna Tester" {
		t.Errorf("the assigned card: %q", row)
	}
	if got := f.h.LastMessage(); got != "Temporary card "+shortID(a.CardID)+" assigned to Anna Tester." {
		t.Errorf("Assign says %q", got)
	}
	tc, err := f.st.TempCards.List(f.ctx, f.admin, enroll.TempAssigned)
	if err != nil || len(tc) != 1 || tc[0].Until.Format("2006-01-02") != "2099-12-31" {
		t.Errorf("stored assignment %+v, %v", tc, err)
	}

	f.h.Capture("stock.png", fyne.NewSize(832, 620))

	// Anna holds one: a second is refused with the reason, in the dialog.
	f.pickStock(b.CardID)
	d = f.assign(0, "")
	f.h.Capture("assign-refused.png", fyne.NewSize(832, 620))
	if msg := d.fields.General.Text; msg != "Anna Tester already holds temporary card "+shortID(a.CardID)+". Withdraw that card first." {
		t.Errorf("a second card for Anna says %q", msg)
	}
	d.form.Dialog.Hide()

	f.pickStock(a.CardID)
	f.tap(s.stock.withdraw)
	if row := f.stockTexts(a.CardID); row[1] != "Unassigned" || row[2] != "" {
		t.Errorf("the withdrawn card: %q", row)
	}

	f.pickStock(a.CardID)
	f.tap(s.stock.lock)
	if s.question == nil || !strings.Contains(uitest.TopDialogTexts(f.h.Win), "Locking is final") {
		t.Fatalf("Lock did not ask: %s", uitest.TopDialogTexts(f.h.Win))
	}
	s.question.Confirm()
	f.wait()
	if row := f.stockTexts(a.CardID); row[1] != "Locked" {
		t.Errorf("the locked card: %q", row)
	}
	f.pickStock(a.CardID)
	if !s.stock.assign.Disabled() || !s.stock.lock.Disabled() || !s.stock.withdraw.Disabled() {
		t.Error("a locked card offers actions")
	}

	// The filter shows one status.
	s.stock.status.SetSelected("Locked")
	f.wait()
	if len(s.stock.rows) != 1 || s.stock.rows[0].CardID != a.CardID {
		t.Errorf("the Locked filter lists %d cards", len(s.stock.rows))
	}
}

// A produced personal card is received at a reader: a card that is not
// the one the producer made is refused with the reason, the right one
// activates its credential.
func TestReceiveAProducedCardAtAReader(t *testing.T) {
	f := newFixture(t, allUseCases, "Anna")
	hub, reader := uitest.SimulatedHub(t, f.st)
	f.hub = hub
	s := f.open()
	c := f.order(0)
	f.sync()
	f.sim.Tick()
	f.sim.Tick()
	f.sync()
	made, ok := f.sim.Card(c.CardID)
	if !ok || made.Credential == nil {
		t.Fatal("the producer has no credential for the card")
	}
	uid, err := hex.DecodeString(made.Credential.UID)
	if err != nil {
		t.Fatal(err)
	}

	f.pick(c.CardID)
	f.tap(s.acts.receive)
	d := s.receiving
	if d == nil {
		t.Fatal("Receive opened no dialog")
	}
	if all := uitest.TopDialogTexts(f.h.Win); !uitest.Contains(all, "The card of Anna Tester", "Present the card") {
		t.Errorf("the dialog says %s", all)
	}
	f.h.Eventually("the reader to wait", func() bool { return hub.Waiting(simulated.Name) })
	reader.Present([]byte{0x04, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66})
	f.h.Eventually("the wrong card to be refused", func() bool {
		return strings.Contains(d.result.Text, "This is not the card that was ordered")
	})
	if d.result.Text == "" || !strings.Contains(d.result.Text, made.Credential.UID) {
		t.Errorf("the refusal says %q", d.result.Text)
	}
	f.h.Eventually("the reader to wait again", func() bool { return hub.Waiting(simulated.Name) })
	f.h.Capture("receive-mismatch.png", fyne.NewSize(832, 620))
	reader.Present(uid)
	f.h.Eventually("the card to be received", func() bool { return d.received })
	if !strings.Contains(d.result.Text, "Card received: the credential of Anna Tester is active now.") {
		t.Errorf("the dialog says %q", d.result.Text)
	}
	got := f.card(c.CardID)
	k, err := f.st.Credentials.Get(f.ctx, f.admin, got.CredentialID)
	if err != nil || k.Status != enroll.CredentialActive || k.CardholderID != f.people[0].ID {
		t.Errorf("the credential is %+v (%v)", k, err)
	}
	if st := f.status(c.CardID); st != "Produced · received" {
		t.Errorf("the received card is %q", st)
	}
	d.closeB.OnTapped()
	f.wait()
	if s.receiving != nil || hub.Waiting(simulated.Name) {
		t.Error("closing the dialog left it waiting")
	}
	f.pick(c.CardID)
	if !s.acts.receive.Disabled() {
		t.Error("Receive stays on for a received card")
	}
}
