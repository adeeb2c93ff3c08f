package ui

import (
	"context"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/carddesk/carddesk/enroll"
)

func TestRequestsSelectWithMouseAndKeyboard(t *testing.T) {
	f := newDeskFixture(t, "Anna", "Bert", "Cor", "Dirk")
	f.signIn(t, nil)
	v, acts := f.v, f.v.acts
	if !acts.modify.Disabled() || !acts.connect.Disabled() || !strings.Contains(acts.hint.Text, "Click a request") {
		t.Errorf("nothing selected: modify disabled %v, hint %q", acts.modify.Disabled(), acts.hint.Text)
	}

	clickRow(t, v.list, 0, 0)
	if got := selectedNames(v); !slices.Equal(got, []string{"Anna Tester"}) || acts.modify.Disabled() {
		t.Fatalf("click: %v, modify disabled %v", got, acts.modify.Disabled())
	}
	clickRow(t, v.list, 2, fyne.KeyModifierShift)
	if got := selectedNames(v); len(got) != 3 {
		t.Errorf("shift-click: %v", got)
	}
	clickRow(t, v.list, 1, fyne.KeyModifierControl)
	if got := selectedNames(v); !slices.Equal(got, []string{"Anna Tester", "Cor Tester"}) {
		t.Errorf("ctrl-click removed Bert? %v", got)
	}
	// Two selected: Modify is off and the hint says why; the rest works on both.
	if !acts.modify.Disabled() || !strings.Contains(acts.hint.Text, "Select exactly one pending request to modify") {
		t.Errorf("two selected: modify disabled %v, hint %q", acts.modify.Disabled(), acts.hint.Text)
	}
	if acts.deny.Disabled() || acts.connect.Disabled() || acts.close.Disabled() {
		t.Error("deny, connect or close disabled with two pending requests selected")
	}

	// Keyboard: the cursor is on Bert (the last click).
	v.list.keyPressed(fyne.KeyDown, 0)
	if got := selectedNames(v); !slices.Equal(got, []string{"Cor Tester"}) {
		t.Errorf("down: %v", got)
	}
	v.list.keyPressed(fyne.KeyDown, fyne.KeyModifierShift)
	if got := selectedNames(v); !slices.Equal(got, []string{"Cor Tester", "Dirk Tester"}) {
		t.Errorf("shift-down: %v", got)
	}
	v.list.keyPressed(fyne.KeyUp, fyne.KeyModifierControl) // cursor to Cor, selection stays
	v.list.keyPressed(fyne.KeyUp, fyne.KeyModifierControl) // Bert
	v.list.keyPressed(fyne.KeySpace, 0)
	if got := selectedNames(v); len(got) != 3 || got[0] != "Bert Tester" {
		t.Errorf("space: %v", got)
	}
	v.list.TypedShortcut(&fyne.ShortcutSelectAll{})
	f.wait()
	if got := selectedNames(v); len(got) != 4 || !strings.HasPrefix(acts.hint.Text, "4 selected") {
		t.Errorf("ctrl+a: %v, hint %q", got, acts.hint.Text)
	}
}

func TestRequestsSelectionSurvivesReloads(t *testing.T) {
	f := newDeskFixture(t, "Anna", "Bert", "Cor")
	f.signIn(t, nil)
	clickRow(t, f.v.list, 1, 0)
	clickRow(t, f.v.list, 2, fyne.KeyModifierControl)
	// Bert's request is denied at another station: it leaves the list and the selection.
	if _, err := f.st.Requests.Deny(context.Background(), f.admin, []int64{f.reqs[1].ID}, ""); err != nil {
		t.Fatal(err)
	}
	f.s.changed()
	f.wait()
	if got := selectedNames(f.v); !slices.Equal(got, []string{"Cor Tester"}) || f.v.list.sel.count() != 1 {
		t.Errorf("after Bert's request left: %v (%d ids)", got, f.v.list.sel.count())
	}
	if f.v.acts.modify.Disabled() {
		t.Error("modify disabled with one pending request selected")
	}
}

func TestRequestsSortByHeader(t *testing.T) {
	st, path := newTestStation(t)
	admin := setupAdmin(t, st)
	people := addCardholders(t, st, admin, "Cor", "Anna", "Bert")
	fileRequest(t, st, admin, people[0], "Visitor")
	fileRequest(t, st, admin, people[1], "")
	fileRequest(t, st, admin, people[2], "Damaged card")
	_, s := signedInDesk(t, st, path, admin)
	v := s.views[secRequests].(*requestsView)
	names := func() []string {
		var out []string
		for i := range v.rows.len() {
			r, _ := v.rows.peek(i)
			out = append(out, r.CardholderName+"/"+r.Reason)
		}
		return out
	}
	want := func(what string, exp ...string) {
		t.Helper()
		s.d.run.wait()
		if got := names(); !slices.Equal(got, exp) {
			t.Errorf("%s: %v, want %v", what, got, exp)
		}
	}
	want("queue order", "Cor Tester/Visitor", "Anna Tester/", "Bert Tester/Damaged card")
	test.Tap(v.headers[sortCardholder])
	want("by cardholder", "Anna Tester/", "Bert Tester/Damaged card", "Cor Tester/Visitor")
	test.Tap(v.headers[sortReason])
	want("by reason, none last", "Bert Tester/Damaged card", "Cor Tester/Visitor", "Anna Tester/")
	test.Tap(v.headers[sortOldest])
	want("oldest first", "Cor Tester/Visitor", "Anna Tester/", "Bert Tester/Damaged card")
	test.Tap(v.headers[sortOldest]) // again: newest first
	want("newest first", "Bert Tester/Damaged card", "Anna Tester/", "Cor Tester/Visitor")
	if v.order.Selected != "Newest first" || v.headers[sortOldest].arrow.Hidden {
		t.Errorf("sort select %q, arrow hidden %v", v.order.Selected, v.headers[sortOldest].arrow.Hidden)
	}
}

func TestModifyRequest(t *testing.T) {
	f := newDeskFixture(t, "Anna", "Bert")
	f.signIn(t, nil)
	clickRow(t, f.v.list, 0, 0)
	test.Tap(f.v.acts.modify)
	f.wait()
	d := f.v.modifying
	if d == nil || len(f.s.dialogs.open) != 1 {
		t.Fatal("no Modify dialog")
	}
	if n, _ := d.Value(); n.Reason != "Lost card" || !n.EmailWhenReady || n.Activation.Mode != enroll.ActivateEnrollment {
		t.Errorf("dialog starts with %+v", n)
	}
	d.OnSubmit(enroll.NewRequest{Reason: "Damaged card", Activation: enroll.Activation{Mode: enroll.ActivateNever}, Note: "cracked"})
	f.wait()
	r := f.request(t, 0)
	if r.Reason != "Damaged card" || r.Activation.Mode != enroll.ActivateNever || r.Note != "cracked" || r.EmailWhenReady {
		t.Errorf("stored after modify: %+v", r)
	}
	if len(f.s.dialogs.open) != 0 || !strings.Contains(f.s.status.message.Text, "Anna Tester") {
		t.Errorf("dialogs %d, status %q", len(f.s.dialogs.open), f.s.status.message.Text)
	}

	// Someone else answers while the dialog is open: the save is refused and says who.
	clickRow(t, f.v.list, 0, 0)
	test.Tap(f.v.acts.modify)
	f.wait()
	other := addOperator(t, f.st, f.admin, "olga")
	if _, err := f.st.Requests.Deny(context.Background(), other, []int64{f.reqs[0].ID}, ""); err != nil {
		t.Fatal(err)
	}
	f.v.modifying.OnSubmit(enroll.NewRequest{Reason: "Visitor", Activation: enroll.Activation{Mode: enroll.ActivateEnrollment}})
	f.wait()
	if got := topDialogTexts(f.s); !strings.Contains(got, "Olga already denied this request") {
		t.Errorf("conflict says %q", got)
	}
	if r := f.request(t, 0); r.Reason != "Damaged card" {
		t.Errorf("denied request changed: %+v", r)
	}
}

func TestDenyAfterConfirmation(t *testing.T) {
	f := newDeskFixture(t, "Anna", "Bert", "Cor")
	f.signIn(t, nil)
	clickRow(t, f.v.list, 0, 0)
	clickRow(t, f.v.list, 2, fyne.KeyModifierControl)
	test.Tap(f.v.acts.deny)
	dd := f.v.denying
	if dd == nil || len(f.s.dialogs.open) != 1 {
		t.Fatal("no confirmation")
	}
	says := topDialogTexts(f.s)
	if !strings.Contains(says, "Anna Tester") || !strings.Contains(says, "Cor Tester") || strings.Contains(says, "Bert") {
		t.Errorf("confirmation lists %q", says)
	}
	if dd.confirm.Text != "Deny 2 requests" {
		t.Errorf("confirm button %q", dd.confirm.Text)
	}
	// Nothing happens before the confirmation.
	if r := f.request(t, 0); r.Status != enroll.RequestPending {
		t.Fatal("denied before confirming")
	}
	dd.note.SetText("No budget this year")
	test.Tap(dd.confirm)
	f.wait()
	for i, want := range []enroll.RequestStatus{enroll.RequestDenied, enroll.RequestPending, enroll.RequestDenied} {
		if r := f.request(t, i); r.Status != want {
			t.Errorf("request %d: %s, want %s", i, r.Status, want)
		}
	}
	if r := f.request(t, 0); r.ResponseNote != "No budget this year" || r.RespondedByName != "admin" {
		t.Errorf("denied with note %q by %q", r.ResponseNote, r.RespondedByName)
	}
	if f.s.status.message.Text != "2 requests denied" || f.s.count != 1 || f.v.rows.len() != 1 {
		t.Errorf("status %q, count %d, rows %d", f.s.status.message.Text, f.s.count, f.v.rows.len())
	}
	if f.v.list.sel.count() != 0 {
		t.Errorf("denied requests still selected: %d", f.v.list.sel.count())
	}
}

func TestDenyIsAllOrNone(t *testing.T) {
	f := newDeskFixture(t, "Anna", "Bert")
	f.signIn(t, nil)
	f.v.list.TypedShortcut(&fyne.ShortcutSelectAll{})
	test.Tap(f.v.acts.deny)
	other := addOperator(t, f.st, f.admin, "olga")
	if _, err := f.st.Requests.Deny(context.Background(), other, []int64{f.reqs[1].ID}, ""); err != nil {
		t.Fatal(err)
	}
	test.Tap(f.v.denying.confirm)
	f.wait()
	if r := f.request(t, 0); r.Status != enroll.RequestPending {
		t.Error("one request denied although the other was answered elsewhere")
	}
	if got := topDialogTexts(f.s); !strings.Contains(got, "Olga already denied") {
		t.Errorf("conflict dialog says %q", got)
	}
}

func TestCloseSkipsRequestsWithoutCard(t *testing.T) {
	f := newDeskFixture(t, "Anna", "Bert")
	ctx := context.Background()
	if _, err := f.st.Requests.ConnectManual(ctx, f.admin, f.reqs[0].ID, "h10301", map[string]string{"facility": "1", "card": "77"}); err != nil {
		t.Fatal(err)
	}
	f.signIn(t, nil)
	if got := textsOf(f.v.list); !strings.Contains(got, "Connected") || !strings.Contains(got, "No card yet") {
		t.Errorf("card column: %s", got)
	}
	f.v.list.TypedShortcut(&fyne.ShortcutSelectAll{})
	test.Tap(f.v.acts.close)
	f.wait()
	if r := f.request(t, 0); r.Status != enroll.RequestCompleted {
		t.Errorf("request with a card: %s", r.Status)
	}
	if r := f.request(t, 1); r.Status != enroll.RequestPending {
		t.Errorf("request without a card: %s", r.Status)
	}
	says := topDialogTexts(f.s)
	if !strings.Contains(says, "Request closed") || !strings.Contains(says, "no card is connected") || !strings.Contains(says, "Bert Tester") {
		t.Errorf("close report: %q", says)
	}
}
