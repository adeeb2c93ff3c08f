package cardholders

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/ui/internal/uitest"
	"github.com/carddesk/carddesk/ui/words"
)

// button finds a visible button by its text under o.
func button(t *testing.T, o fyne.CanvasObject, text string) *widget.Button {
	t.Helper()
	for _, x := range test.LaidOutObjects(o) {
		if b, ok := x.(*widget.Button); ok && b.Visible() && b.Text == text {
			return b
		}
	}
	t.Fatalf("no button %q", text)
	return nil
}

// pendingFixture is a cardholder with one pending request filed by rita.
func pendingFixture(t *testing.T) (*fixture, enroll.CardRequest) {
	var existing enroll.CardRequest
	f := newFixture(t, func(f *fixture) {
		rita := uitest.AddOperator(t, f.st, f.admin, "rita")
		c := uitest.AddCardholders(t, f.st, f.admin, "Mila")[0]
		existing = uitest.FileRequest(t, f.st, rita, c, "New employee")
	})
	return f, existing
}

func TestSecondRequestAsksFirstAndFilesWhenConfirmed(t *testing.T) {
	f, existing := pendingFixture(t)
	d := f.openRequest(0)
	d.reason.SetSelected("Other…")
	f.typ(d.other, "Card lost")
	f.tap(d.submit)
	f.wait()

	if f.s.duplicate == nil {
		t.Fatal("no question before filing a second request for someone with a pending one")
	}
	if n := len(f.requests()); n != 1 {
		t.Fatalf("%d requests before the operator answered, want only the pending one", n)
	}
	asked := uitest.TopDialogTexts(f.win)
	for _, want := range []string{"Mila Tester", "New employee", "rita", words.Time(existing.CreatedAt), "File another request anyway?"} {
		if !strings.Contains(asked, want) {
			t.Errorf("the question does not name %q: %s", want, asked)
		}
	}
	f.tap(button(t, f.win.Canvas().Overlays().Top(), "File another request"))
	f.wait()
	rs := f.requests()
	if len(rs) != 2 || rs[1].Reason != "Card lost" || rs[1].Status != enroll.RequestPending {
		t.Fatalf("after confirming: %+v", rs)
	}
	if f.s.requester != nil || f.s.duplicate != nil {
		t.Error("a dialog stays open after filing")
	}
	if !strings.Contains(f.lastStatus(), "Card requested for Mila Tester") {
		t.Errorf("status %q", f.lastStatus())
	}
}

func TestSecondRequestCancelledFilesNothing(t *testing.T) {
	f, _ := pendingFixture(t)
	d := f.openRequest(0)
	f.tap(d.submit)
	f.wait()
	if f.s.duplicate == nil {
		t.Fatal("no question before filing a second request")
	}
	if asked := uitest.TopDialogTexts(f.win); !strings.Contains(asked, "(no reason)") && !strings.Contains(asked, "New employee") {
		t.Errorf("question %s", asked)
	}
	f.tap(button(t, f.win.Canvas().Overlays().Top(), "Cancel"))
	f.wait()
	if n := len(f.requests()); n != 1 {
		t.Fatalf("%d requests after Cancel, want 1", n)
	}
	if f.s.requester != d {
		t.Error("Cancel closed the request dialog too; the operator may want to change it")
	}
	if d.submit.Disabled() {
		t.Error("the request dialog stays busy after Cancel")
	}
}

func TestFirstRequestIsFiledWithoutAsking(t *testing.T) {
	f := newFixture(t, func(f *fixture) { f.addCardholders(person("Noor", "Nijs", "HR-7")) })
	d := f.openRequest(0)
	f.tap(d.submit)
	f.wait()
	if f.s.duplicate != nil {
		t.Error("asked about a pending request although there is none")
	}
	if n := len(f.requests()); n != 1 {
		t.Fatalf("%d requests filed, want 1", n)
	}
}

func TestRequestForSomeoneWithOnlyAnsweredRequestsDoesNotAsk(t *testing.T) {
	f, existing := pendingFixture(t)
	if _, err := f.st.Requests.Deny(f.ctx, f.admin, []int64{existing.ID}, ""); err != nil {
		t.Fatal(err)
	}
	d := f.openRequest(0)
	f.tap(d.submit)
	f.wait()
	if f.s.duplicate != nil {
		t.Error("asked about a denied request")
	}
	if n := len(f.requests()); n != 2 {
		t.Fatalf("%d requests, want the denied one and the new one", n)
	}
}
