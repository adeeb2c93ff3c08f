package cardholders

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/widget"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/ui/internal/uitest"
)

// giveCard stores a credential of the given status for cardholder id.
func (f *fixture) giveCard(id int64, bits, number string, status enroll.CredentialStatus) {
	f.t.Helper()
	k := enroll.Credential{Format: "h10301", Bits: bits, Fields: map[string]string{"facility": "12", "card": number},
		Status: status, CardholderID: id}
	if err := f.db.Update(f.ctx, func(tx enroll.Tx) error { return tx.Credentials().Create(f.ctx, &k) }); err != nil {
		f.t.Fatalf("seed credential: %v", err)
	}
}

// pendingLine is what the row says under the card: "" when nothing.
func pendingLine(r *rowView) string {
	if !r.request.Visible() {
		return ""
	}
	return r.request.Text
}

func TestListShowsCardAndPendingRequest(t *testing.T) {
	f := newFixture(t, func(f *fixture) {
		cs := uitest.AddCardholders(t, f.st, f.admin, "Anna", "Bert", "Cor", "Dirk")
		f.giveCard(cs[0].ID, "01", "12345", enroll.CredentialActive) // Anna: a card
		f.giveCard(cs[1].ID, "02", "777", enroll.CredentialInactive) // Bert: a card not active yet
		f.giveCard(cs[2].ID, "03", "999", enroll.CredentialLost)     // Cor: lost it, so no card
		uitest.FileRequest(t, f.st, f.admin, cs[2], "Card lost")     // ... and asked for a new one
		uitest.FileRequest(t, f.st, f.admin, cs[3], "New employee")  // Dirk: only the request
	})
	want := []struct{ name, card, request string }{
		{"Anna Tester", "Card 12345", ""},
		{"Bert Tester", "Card 777 (inactive)", ""},
		{"Cor Tester", "No card", "Request pending"},
		{"Dirk Tester", "No card", "Request pending"},
	}
	for i, w := range want {
		r := f.row(i)
		if r.name.Text != w.name || r.card.Text != w.card || pendingLine(r) != w.request {
			t.Errorf("row %d: %q, card %q, request %q; want %q, %q, %q", i, r.name.Text, r.card.Text, pendingLine(r), w.name, w.card, w.request)
		}
	}
	if imp := f.row(2).request.Importance; imp != widget.WarningImportance {
		t.Errorf("the pending marker has importance %v, want a warning", imp)
	}
	if header := uitest.Texts(f.s.Content()); !strings.Contains(header, "Card") {
		t.Errorf("no Card column header: %s", header)
	}

	// Filing a request from the list shows up in its row.
	d := f.openRequest(0)
	f.tap(d.submit)
	f.wait()
	if got := pendingLine(f.row(0)); got != "Request pending" {
		t.Errorf("after filing, Anna's row says %q", got)
	}
}

func TestAddedCardholderIsShownDespiteTheSearch(t *testing.T) {
	f := newFixture(t, func(f *fixture) { f.addCardholders(genCardholders(450, 7)...) })
	f.typeInto(f.s.search, "nobody-matches-this")
	f.s.statusFilter.SetSelectedIndex(2) // inactive only
	f.wait()
	if f.s.rows.Len() != 0 {
		t.Fatalf("%d rows match the search, want none", f.s.rows.Len())
	}

	d := f.openAdd()
	f.typ(d.first, "Ada")
	f.typ(d.last, "Zzyzx") // beyond the first page
	f.tap(d.save)
	f.wait()

	if f.s.search.Text != "" || f.s.statusFilter.SelectedIndex() != 0 {
		t.Errorf("search %q, filter %d after adding; want them cleared", f.s.search.Text, f.s.statusFilter.SelectedIndex())
	}
	if n := f.s.rows.Len(); n != 451 {
		t.Fatalf("the list shows %d rows after adding, want all 451", n)
	}
	at := -1
	for i, c := range f.allCardholders() {
		if c.FullName() == "Ada Zzyzx" {
			at = i
		}
	}
	if at < pageSize {
		t.Fatalf("Ada Zzyzx is on row %d, on the first page: the test shows nothing", at)
	}
	if f.s.list.Sel.Cursor != at {
		t.Errorf("row %d selected, want the new person's row %d", f.s.list.Sel.Cursor, at)
	}
	if f.s.selected == nil || f.s.selected.FullName() != "Ada Zzyzx" {
		t.Fatalf("selected %+v, want Ada Zzyzx", f.s.selected)
	}
	if r := f.visibleRows()[at]; r == nil || r.name.Text != "Ada Zzyzx" {
		t.Error("the list did not scroll to the new person")
	}
}

func TestAddOffersToRequestACard(t *testing.T) {
	f := newFixture(t, nil)
	d := f.openAdd()
	f.typ(d.first, "Ada")
	f.typ(d.last, "Lovelace")
	f.tap(d.save)
	f.wait()
	if f.s.offer == nil {
		t.Fatal("no offer to request a card after adding")
	}
	if got := uitest.TopDialogTexts(f.win); !strings.Contains(got, "Request a card for Ada Lovelace now?") {
		t.Errorf("the offer says %s", got)
	}
	f.tap(button(t, f.win.Canvas().Overlays().Top(), "Yes"))
	f.wait()
	if f.s.requester == nil {
		t.Fatal("Yes did not open the request dialog")
	}
	if got := f.s.requester.holderCardText(); !strings.Contains(got, "Ada Lovelace") {
		t.Errorf("the request dialog is for %q", got)
	}
	f.tap(f.s.requester.submit)
	f.wait()
	if rs := f.requests(); len(rs) != 1 || rs[0].CardholderName != "Ada Lovelace" {
		t.Fatalf("filed %+v", rs)
	}
}

func TestAddThenNoRequestsNothing(t *testing.T) {
	f := newFixture(t, nil)
	d := f.openAdd()
	f.typ(d.first, "Bea")
	f.typ(d.last, "Bos")
	f.tap(d.save)
	f.wait()
	if f.s.offer == nil {
		t.Fatal("no offer to request a card after adding")
	}
	f.tap(button(t, f.win.Canvas().Overlays().Top(), "No"))
	f.wait()
	if f.s.requester != nil || f.s.offer != nil || f.h.Dialogs.Len() != 0 {
		t.Error("a dialog is open after No")
	}
	if n := len(f.requests()); n != 0 {
		t.Errorf("%d requests after No", n)
	}
	if f.s.selected == nil || f.s.selected.FullName() != "Bea Bos" {
		t.Errorf("selected %+v, want Bea Bos", f.s.selected)
	}
}

func TestNoOfferForInactiveOrEditedCardholder(t *testing.T) {
	f := newFixture(t, func(f *fixture) { f.addCardholders(person("Cas", "Cox", "HR-1")) })
	d := f.openAdd()
	f.typ(d.first, "Dana")
	f.typ(d.last, "Dijk")
	d.status.SetSelected("Inactive")
	f.tap(d.save)
	f.wait()
	if f.s.offer != nil {
		t.Error("offered a card for an inactive cardholder")
	}

	f.tapRow(0) // Cas Cox
	f.s.editSelected()
	f.wait()
	if f.s.editor == nil {
		t.Fatal("no editor")
	}
	f.typeInto(f.s.editor.email, "cas@example.com")
	f.tap(f.s.editor.save)
	f.wait()
	if f.s.offer != nil {
		t.Error("offered a card after editing someone")
	}
}
