package cardholders

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/ui/internal/uitest"
)

// dialogButton finds the button labelled text on the newest dialog.
func (f *fixture) dialogButton(text string) *widget.Button {
	f.t.Helper()
	if top := f.win.Canvas().Overlays().Top(); top != nil {
		for _, o := range test.LaidOutObjects(top) {
			if b, ok := o.(*widget.Button); ok && b.Visible() && b.Text == text {
				return b
			}
		}
	}
	f.t.Fatalf("the dialog has no button %q: %s", text, uitest.TopDialogTexts(f.win))
	return nil
}

// cardsOf are the statuses of the cards cardholder id holds, by number.
func (f *fixture) cardsOf(id int64) map[string]enroll.CredentialStatus {
	f.t.Helper()
	ks, _, err := f.st.Credentials.List(f.ctx, f.admin, enroll.CredentialQuery{CardholderID: id})
	if err != nil {
		f.t.Fatal(err)
	}
	out := map[string]enroll.CredentialStatus{}
	for _, k := range ks {
		out[k.Fields["card"]] = k.Status
	}
	return out
}

// withAnnaAndBert opens the screen on the cardholders Anna and Bert; seed
// gives them cards, and may change them, before it opens.
func withAnnaAndBert(t *testing.T, seed func(f *fixture, anna, bert enroll.Cardholder)) (f *fixture, anna, bert enroll.Cardholder) {
	t.Helper()
	f = newFixture(t, func(f *fixture) {
		cs := uitest.AddCardholders(t, f.st, f.admin, "Anna", "Bert")
		anna, bert = cs[0], cs[1]
		seed(f, anna, bert)
	})
	return f, anna, bert
}

// An inactive cardholder's credentials: their cards with their status,
// and Make all inactive, which asks first and leaves a lost card lost.
func TestCredentialsOfAnInactiveCardholder(t *testing.T) {
	f, anna, _ := withAnnaAndBert(t, func(f *fixture, anna, _ enroll.Cardholder) {
		f.giveCard(anna.ID, "01", "4711", enroll.CredentialActive)
		f.giveCard(anna.ID, "10", "4712", enroll.CredentialActive)
		f.giveCard(anna.ID, "11", "4713", enroll.CredentialLost)
		anna.Status = enroll.CardholderInactive
		if _, err := f.st.Cardholders.Update(f.ctx, f.admin, anna); err != nil {
			t.Fatal(err)
		}
	})
	f.click(0)
	for _, it := range f.s.rowMenuItems() {
		if it.Label == "Credentials…" && !it.Disabled {
			it.Action()
		}
	}
	f.wait()
	if f.s.cards == nil {
		t.Fatal("the row menu's Credentials… opened nothing")
	}
	all := uitest.TopDialogTexts(f.win)
	for _, want := range []string{"Anna Tester · Inactive", "4711", "4712", "4713", "Active", "Lost", "Never", "Make all inactive…"} {
		if !strings.Contains(all, want) {
			t.Errorf("the dialog does not say %q: %s", want, all)
		}
	}
	f.h.Win.Resize(fyne.NewSize(1024, 700))
	f.h.Win.Canvas().Capture()

	f.tap(f.dialogButton("Make all inactive…"))
	if !strings.Contains(uitest.TopDialogTexts(f.win), "Make every active card of Anna Tester inactive?") {
		t.Fatalf("Make all inactive asks %s", uitest.TopDialogTexts(f.win))
	}
	if got := f.cardsOf(anna.ID); got["4711"] != enroll.CredentialActive {
		t.Fatal("the cards changed before the answer")
	}
	f.tap(f.dialogButton("Make inactive"))
	f.wait()
	got := f.cardsOf(anna.ID)
	if got["4711"] != enroll.CredentialInactive || got["4712"] != enroll.CredentialInactive || got["4713"] != enroll.CredentialLost {
		t.Errorf("after Make all inactive the cards are %v", got)
	}
	if msg := f.lastStatus(); msg != "2 cards of Anna Tester made inactive." {
		t.Errorf("the status bar says %q", msg)
	}
	if b := f.dialogButton("Make all inactive…"); !b.Disabled() {
		t.Error("Make all inactive stays on without an active card")
	}
	if card := f.row(0).card.Text; card != "No card" && !strings.Contains(card, "inactive") {
		t.Errorf("the cardholder's row says %q after the change", card)
	}
}

// An active cardholder's credentials: no Make all inactive; the card is
// taken back with the same actions as on the Credentials screen.
func TestCredentialsOfAnActiveCardholder(t *testing.T) {
	f, _, bert := withAnnaAndBert(t, func(f *fixture, _, bert enroll.Cardholder) {
		f.giveCard(bert.ID, "01", "4711", enroll.CredentialActive)
	})
	f.click(1)
	f.s.ShowCredentials()
	f.wait()
	if strings.Contains(uitest.TopDialogTexts(f.win), "Make all inactive") {
		t.Error("an active cardholder is offered Make all inactive")
	}
	f.tap(f.dialogButton("Unassign…")) // the one card is selected
	if !strings.Contains(uitest.TopDialogTexts(f.win), "back from Bert Tester?") {
		t.Fatalf("Unassign asks %s", uitest.TopDialogTexts(f.win))
	}
	f.tap(f.dialogButton("Unassign"))
	f.wait()
	if got := f.cardsOf(bert.ID); len(got) != 0 {
		t.Errorf("Bert still holds %v", got)
	}
	if all := uitest.TopDialogTexts(f.win); !strings.Contains(all, "Bert Tester holds no credentials.") {
		t.Errorf("the dialog says %s", all)
	}
	if card := f.row(1).card.Text; card != "No card" {
		t.Errorf("Bert's row says %q", card)
	}
}
