package cardholders

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"

	"github.com/carddesk/carddesk/enroll"
)

// openRequest selects row i and taps Request card.
func (f *fixture) openRequest(i int) *RequestDialog {
	f.t.Helper()
	f.tapRow(i)
	f.tap(f.s.request)
	f.wait()
	if f.s.requester == nil {
		f.t.Fatal("Request card did not open the dialog")
	}
	return f.s.requester
}

func (f *fixture) requests() []enroll.CardRequest {
	f.t.Helper()
	rs, _, err := f.st.Requests.List(f.ctx, f.admin, enroll.RequestQuery{})
	if err != nil {
		f.t.Fatal(err)
	}
	return rs
}

func TestRequestCardOnDateWithMailFlag(t *testing.T) {
	f := newFixture(t, func(f *fixture) {
		if _, err := f.st.Reasons.Add(f.ctx, f.admin, "New employee"); err != nil {
			t.Fatal(err)
		}
		if _, err := f.st.Reasons.Add(f.ctx, f.admin, "Card lost"); err != nil {
			t.Fatal(err)
		}
		f.addCardholders(enroll.Cardholder{FirstName: "Hanna", LastName: "Hendriks", Department: "Finance",
			ExternalID: "HR-55", Status: enroll.CardholderActive})
	})
	changed := f.h.ChangedN
	d := f.openRequest(0)
	if !strings.Contains(d.holderCardText(), "Hanna Hendriks") || !strings.Contains(d.holderCardText(), "Finance") {
		t.Errorf("dialog does not say whose card it is: %q", d.holderCardText())
	}
	if got := d.reason.Options; len(got) != 3 || got[0] != "New employee" || got[1] != "Card lost" || got[2] != "Other…" {
		t.Errorf("reason options %q", got)
	}
	if d.activation.Selected != "After enrollment" || !d.date.Disabled() {
		t.Errorf("default activation %q (date disabled %v)", d.activation.Selected, d.date.Disabled())
	}
	if !d.mailHint.Visible() {
		t.Error("the admin has no e-mail address, but the dialog does not say that no mail can be sent")
	}

	d.reason.SetSelected("Card lost")
	d.activation.SetSelected("On date")
	if d.date.Disabled() {
		t.Fatal("the date entry stays disabled for On date")
	}
	f.typ(d.date, "31-12-2099")
	if msg := d.msgs["activation"]; !msg.Visible() || !strings.Contains(msg.Text, "YYYY-MM-DD") {
		t.Errorf("unreadable date shows %q", msg.Text)
	}
	f.tap(d.submit)
	f.wait()
	if len(f.requests()) != 0 {
		t.Fatal("a request with an unreadable date was filed")
	}

	f.typeInto(&d.date.Entry, "2000-01-31")
	f.tap(d.submit)
	f.wait()
	if msg := d.msgs["activation"]; !strings.Contains(msg.Text, "has passed; choose today or later") {
		t.Errorf("past date shows %q at the activation field", msg.Text)
	}
	if len(f.requests()) != 0 {
		t.Fatal("a request with a past date was filed")
	}

	date := time.Now().AddDate(0, 0, 20).Format(time.DateOnly)
	f.typeInto(&d.date.Entry, date)
	f.tap(d.mail)
	f.typ(d.note, "Replacement for badge 1234")
	f.tap(d.submit)
	f.wait()

	rs := f.requests()
	if len(rs) != 1 {
		t.Fatalf("%d requests filed, want 1", len(rs))
	}
	r := rs[0]
	if r.Reason != "Card lost" || r.Activation.Mode != enroll.ActivateOnDate || r.Activation.Date.Format(time.DateOnly) != date ||
		!r.EmailWhenReady || r.Note != "Replacement for badge 1234" || r.CardholderName != "Hanna Hendriks" || r.RequestedBy != f.admin.ID {
		t.Errorf("filed %+v", r)
	}
	if n := f.h.ChangedN - changed; n != 1 {
		t.Errorf("Changed called %d times after filing", n)
	}
	if f.s.requester != nil {
		t.Error("the dialog stays open after filing")
	}
	if !strings.Contains(f.lastStatus(), "Hanna Hendriks") {
		t.Errorf("status %q", f.lastStatus())
	}
}

func TestRequestCardWithOtherReason(t *testing.T) {
	f := newFixture(t, func(f *fixture) { f.addCardholders(person("Ivo", "Ijzer", "HR-3")) })
	d := f.openRequest(0)
	if d.other.Visible() {
		t.Error("the free-text reason shows before Other… is chosen")
	}
	d.reason.SetSelected("Other…")
	if !d.other.Visible() {
		t.Fatal("Other… does not reveal the free-text reason")
	}
	f.typ(d.other, strings.Repeat("x", 201))
	f.tap(d.submit)
	f.wait()
	if msg := d.msgs["reason"]; !msg.Visible() || !strings.Contains(msg.Text, "at most 200") {
		t.Errorf("too long reason shows %q", msg.Text)
	}
	f.typeInto(d.other, "Visiting contractor")
	d.activation.SetSelected("Never")
	f.tap(d.submit)
	f.wait()
	rs := f.requests()
	if len(rs) != 1 || rs[0].Reason != "Visiting contractor" || rs[0].Activation.Mode != enroll.ActivateNever || rs[0].EmailWhenReady {
		t.Fatalf("filed %+v", rs)
	}
}

func TestRequestForCardholderMadeInactiveElsewhere(t *testing.T) {
	f := newFixture(t, func(f *fixture) { f.addCardholders(person("Jet", "Jansen", "HR-4")) })
	d := f.openRequest(0)
	c := f.allCardholders()[0]
	c.Status = enroll.CardholderInactive
	if _, err := f.st.Cardholders.Update(f.ctx, f.admin, c); err != nil {
		t.Fatal(err)
	}
	f.tap(d.submit)
	f.wait()
	if !d.general.Visible() || !strings.Contains(d.general.Text, "inactive") {
		t.Errorf("inactive cardholder explained as %q", d.general.Text)
	}
	if len(f.requests()) != 0 {
		t.Error("a request was filed for an inactive cardholder")
	}
	if !f.s.request.Disabled() {
		t.Error("the list was not reloaded: Request card is still enabled")
	}
}

func TestEscapeClosesRequestDialog(t *testing.T) {
	f := newFixture(t, func(f *fixture) { f.addCardholders(person("Kees", "Kok", "HR-5")) })
	f.openRequest(0)
	if f.win.Canvas().Focused() == nil {
		t.Fatal("nothing has the keyboard focus in the request dialog")
	}
	f.key(fyne.KeyEscape)
	f.wait()
	if f.s.requester != nil || len(f.requests()) != 0 {
		t.Error("Escape did not cancel the request dialog")
	}
}

func TestEscapeInTheDateClosesRequestDialog(t *testing.T) {
	f := newFixture(t, func(f *fixture) { f.addCardholders(person("Lies", "Lint", "HR-6")) })
	d := f.openRequest(0)
	d.activation.SetSelected("On date")
	if f.win.Canvas().Focused() != d.date {
		t.Fatalf("On date puts the focus on %T, want the date", f.win.Canvas().Focused())
	}
	f.key(fyne.KeyEscape)
	f.wait()
	if f.s.requester != nil || f.h.Dialogs.Len() != 0 {
		t.Error("Escape in the date did not cancel the request dialog")
	}
}
