package requests

import (
	"context"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/ui/internal/uitest"
)

func TestRequestsSelectWithMouseAndKeyboard(t *testing.T) {
	f := newFixture(t, "Anna", "Bert", "Cor", "Dirk")
	f.open(t, nil)
	s, acts := f.s, f.s.acts
	if !acts.modify.Disabled() || !acts.connect.Disabled() || !strings.Contains(acts.hint.Text, "Click a request") {
		t.Errorf("nothing selected: modify disabled %v, hint %q", acts.modify.Disabled(), acts.hint.Text)
	}

	clickRow(t, s.list, 0, 0)
	if got := selectedNames(s); !slices.Equal(got, []string{"Anna Tester"}) || acts.modify.Disabled() {
		t.Fatalf("click: %v, modify disabled %v", got, acts.modify.Disabled())
	}
	clickRow(t, s.list, 2, fyne.KeyModifierShift)
	if got := selectedNames(s); len(got) != 3 {
		t.Errorf("shift-click: %v", got)
	}
	clickRow(t, s.list, 1, fyne.KeyModifierControl)
	if got := selectedNames(s); !slices.Equal(got, []string{"Anna Tester", "Cor Tester"}) {
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
	key(s.list, fyne.KeyDown, 0)
	if got := selectedNames(s); !slices.Equal(got, []string{"Cor Tester"}) {
		t.Errorf("down: %v", got)
	}
	key(s.list, fyne.KeyDown, fyne.KeyModifierShift)
	if got := selectedNames(s); !slices.Equal(got, []string{"Cor Tester", "Dirk Tester"}) {
		t.Errorf("shift-down: %v", got)
	}
	key(s.list, fyne.KeyUp, fyne.KeyModifierControl) // cursor to Cor, selection stays
	key(s.list, fyne.KeyUp, fyne.KeyModifierControl) // Bert
	key(s.list, fyne.KeySpace, 0)
	if got := selectedNames(s); len(got) != 3 || got[0] != "Bert Tester" {
		t.Errorf("space: %v", got)
	}
	s.list.TypedShortcut(&fyne.ShortcutSelectAll{})
	f.wait()
	if got := selectedNames(s); len(got) != 4 || !strings.HasPrefix(acts.hint.Text, "4 selected") {
		t.Errorf("ctrl+a: %v, hint %q", got, acts.hint.Text)
	}
}

func TestRequestsSelectionSurvivesReloads(t *testing.T) {
	f := newFixture(t, "Anna", "Bert", "Cor")
	f.open(t, nil)
	clickRow(t, f.s.list, 1, 0)
	clickRow(t, f.s.list, 2, fyne.KeyModifierControl)
	// Bert's request is denied at another station: it leaves the list and the selection.
	if _, err := f.st.Requests.Deny(context.Background(), f.admin, []int64{f.reqs[1].ID}, ""); err != nil {
		t.Fatal(err)
	}
	f.count(t) // the shell's count drops to 2
	if got := selectedNames(f.s); !slices.Equal(got, []string{"Cor Tester"}) || f.s.list.Sel.Count() != 1 {
		t.Errorf("after Bert's request left: %v (%d ids)", got, f.s.list.Sel.Count())
	}
	if f.s.acts.modify.Disabled() {
		t.Error("modify disabled with one pending request selected")
	}
}

func TestRequestsSortByHeader(t *testing.T) {
	f := newFixture(t)
	people := uitest.AddCardholders(t, f.st, f.admin, "Cor", "Anna", "Bert")
	uitest.FileRequest(t, f.st, f.admin, people[0], "Visitor")
	uitest.FileRequest(t, f.st, f.admin, people[1], "")
	uitest.FileRequest(t, f.st, f.admin, people[2], "Damaged card")
	f.open(t, nil)
	s := f.s
	names := func() []string {
		var out []string
		for i := range s.rows.Len() {
			r, _ := s.rows.Peek(i)
			out = append(out, r.CardholderName+"/"+r.Reason)
		}
		return out
	}
	want := func(what string, exp ...string) {
		t.Helper()
		f.wait()
		if got := names(); !slices.Equal(got, exp) {
			t.Errorf("%s: %v, want %v", what, got, exp)
		}
	}
	want("queue order", "Cor Tester/Visitor", "Anna Tester/", "Bert Tester/Damaged card")
	test.Tap(s.headers[sortCardholder])
	want("by cardholder", "Anna Tester/", "Bert Tester/Damaged card", "Cor Tester/Visitor")
	test.Tap(s.headers[sortReason])
	want("by reason, none last", "Bert Tester/Damaged card", "Cor Tester/Visitor", "Anna Tester/")
	test.Tap(s.headers[sortOldest])
	want("oldest first", "Cor Tester/Visitor", "Anna Tester/", "Bert Tester/Damaged card")
	test.Tap(s.headers[sortOldest]) // again: newest first
	want("newest first", "Bert Tester/Damaged card", "Anna Tester/", "Cor Tester/Visitor")
	if s.order.Selected != "Newest first" || s.headers[sortOldest].arrow.Hidden {
		t.Errorf("sort select %q, arrow hidden %v", s.order.Selected, s.headers[sortOldest].arrow.Hidden)
	}
}

func TestModifyRequest(t *testing.T) {
	f := newFixture(t, "Anna", "Bert")
	f.open(t, nil)
	clickRow(t, f.s.list, 0, 0)
	test.Tap(f.s.acts.modify)
	f.wait()
	d := f.s.modifying
	if d == nil || f.h.Dialogs.Len() != 1 {
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
	if f.h.Dialogs.Len() != 0 || !strings.Contains(f.h.LastMessage(), "Anna Tester") {
		t.Errorf("dialogs %d, status %q", f.h.Dialogs.Len(), f.h.LastMessage())
	}
	if f.s.modifying != nil {
		t.Error("the closed Modify dialog is still remembered")
	}

	// Someone else answers while the dialog is open: the save is refused and says who.
	clickRow(t, f.s.list, 0, 0)
	test.Tap(f.s.acts.modify)
	f.wait()
	other := uitest.AddOperator(t, f.st, f.admin, "olga")
	if _, err := f.st.Requests.Deny(context.Background(), other, []int64{f.reqs[0].ID}, ""); err != nil {
		t.Fatal(err)
	}
	changed := f.h.ChangedN
	f.s.modifying.OnSubmit(enroll.NewRequest{Reason: "Visitor", Activation: enroll.Activation{Mode: enroll.ActivateEnrollment}})
	f.wait()
	if got := uitest.TopDialogTexts(f.h.Win); !strings.Contains(got, "olga already denied this request") ||
		!strings.Contains(got, "The request was not changed") {
		t.Errorf("conflict says %q", got)
	}
	if f.h.ChangedN == changed {
		t.Error("the shell was not told that the list changed")
	}
	if r := f.request(t, 0); r.Reason != "Damaged card" {
		t.Errorf("denied request changed: %+v", r)
	}
}

func TestDenyAfterConfirmation(t *testing.T) {
	f := newFixture(t, "Anna", "Bert", "Cor")
	f.open(t, nil)
	clickRow(t, f.s.list, 0, 0)
	clickRow(t, f.s.list, 2, fyne.KeyModifierControl)
	test.Tap(f.s.acts.deny)
	dd := f.s.denying
	if dd == nil || f.h.Dialogs.Len() != 1 {
		t.Fatal("no confirmation")
	}
	says := uitest.TopDialogTexts(f.h.Win)
	if !strings.Contains(says, "Anna Tester") || !strings.Contains(says, "Cor Tester") || strings.Contains(says, "Bert") {
		t.Errorf("confirmation lists %q", says)
	}
	if dd.confirm.Text != "Deny 2 requests" {
		t.Errorf("confirm button %q", dd.confirm.Text)
	}
	if f.h.Win.Canvas().Focused() != dd.note {
		t.Error("the note does not have the focus")
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
	if f.h.LastMessage() != "2 requests denied" || f.h.AnsweredN != 1 || f.s.rows.Len() != 1 {
		t.Errorf("status %q, answered %d, rows %d", f.h.LastMessage(), f.h.AnsweredN, f.s.rows.Len())
	}
	if f.s.list.Sel.Count() != 0 {
		t.Errorf("denied requests still selected: %d", f.s.list.Sel.Count())
	}
	if f.h.Dialogs.Len() != 0 || f.s.denying != nil {
		t.Error("the confirmation is still open")
	}
}

func TestDenyIsAllOrNone(t *testing.T) {
	f := newFixture(t, "Anna", "Bert")
	f.open(t, nil)
	f.s.list.TypedShortcut(&fyne.ShortcutSelectAll{})
	test.Tap(f.s.acts.deny)
	other := uitest.AddOperator(t, f.st, f.admin, "olga")
	if _, err := f.st.Requests.Deny(context.Background(), other, []int64{f.reqs[1].ID}, ""); err != nil {
		t.Fatal(err)
	}
	test.Tap(f.s.denying.confirm)
	f.wait()
	if r := f.request(t, 0); r.Status != enroll.RequestPending {
		t.Error("one request denied although the other was answered elsewhere")
	}
	if got := uitest.TopDialogTexts(f.h.Win); !strings.Contains(got, "olga already denied") ||
		!strings.Contains(got, "The request was not answered") {
		t.Errorf("conflict dialog says %q", got)
	}
	if f.h.AnsweredN != 0 || f.h.ChangedN == 0 {
		t.Errorf("refused deny: answered %d, changed %d", f.h.AnsweredN, f.h.ChangedN)
	}
}

func TestCloseSkipsRequestsWithoutCard(t *testing.T) {
	f := newFixture(t, "Anna", "Bert")
	ctx := context.Background()
	if _, err := f.st.Requests.ConnectManual(ctx, f.admin, f.reqs[0].ID, "h10301", map[string]string{"facility": "1", "card": "77"}); err != nil {
		t.Fatal(err)
	}
	f.open(t, nil)
	if got := uitest.Texts(f.s.list); !strings.Contains(got, "Connected") || !strings.Contains(got, "No card yet") {
		t.Errorf("card column: %s", got)
	}
	f.s.list.TypedShortcut(&fyne.ShortcutSelectAll{})
	test.Tap(f.s.acts.close)
	f.wait()
	if r := f.request(t, 0); r.Status != enroll.RequestCompleted {
		t.Errorf("request with a card: %s", r.Status)
	}
	if r := f.request(t, 1); r.Status != enroll.RequestPending {
		t.Errorf("request without a card: %s", r.Status)
	}
	says := uitest.TopDialogTexts(f.h.Win)
	if !strings.Contains(says, "Request closed") || !strings.Contains(says, "no card is connected") || !strings.Contains(says, "Bert Tester") {
		t.Errorf("close report: %q", says)
	}
	if f.h.AnsweredN != 1 {
		t.Errorf("answered %d times", f.h.AnsweredN)
	}
}

// The main menu answers through the same methods as the buttons: they
// say what applies, follow the selection, and do nothing when it does not.
func TestMenuAnswersFollowTheSelection(t *testing.T) {
	f := newFixture(t, "Anna", "Bert")
	ctx := context.Background()
	if _, err := f.st.Requests.ConnectManual(ctx, f.admin, f.reqs[1].ID, "h10301", map[string]string{"facility": "1", "card": "78"}); err != nil {
		t.Fatal(err)
	}
	f.open(t, nil)
	told := 0
	f.s.OnAnswersChanged = func() { told++ }
	if got := f.s.Answers(); got != (Answers{}) {
		t.Errorf("nothing selected: %+v", got)
	}
	// Not applicable: nothing opens, nothing is answered.
	f.s.Connect()
	f.s.Modify()
	f.s.Deny()
	f.s.CloseRequests()
	f.wait()
	if f.h.Dialogs.Len() != 0 || f.h.AnsweredN != 0 || f.s.connecting != nil {
		t.Fatalf("actions without a selection: %d dialogs, %d answered", f.h.Dialogs.Len(), f.h.AnsweredN)
	}

	clickRow(t, f.s.list, 1, 0) // Bert's request has its card
	if got := f.s.Answers(); got != (Answers{Modify: true, Deny: true, Close: true, Details: true, Print: true}) || told == 0 {
		t.Errorf("a request with a card: %+v, told %d times", got, told)
	}
	f.s.Connect() // it needs no card: no dialog
	if f.s.connecting != nil || f.h.Dialogs.Len() != 0 {
		t.Error("Connect opened on a request that has its card")
	}
	clickRow(t, f.s.list, 0, fyne.KeyModifierControl)
	if got := f.s.Answers(); got != (Answers{Connect: true, Deny: true, Close: true, Print: true}) {
		t.Errorf("two requests: %+v", got)
	}
	f.s.Modify() // two selected: no dialog
	f.wait()
	if f.h.Dialogs.Len() != 0 {
		t.Error("Modify opened with two requests selected")
	}

	told = 0
	f.s.CloseRequests()
	f.wait()
	if f.request(t, 1).Status != enroll.RequestCompleted || f.h.AnsweredN != 1 || told == 0 {
		t.Errorf("menu Close: status %s, answered %d, told %d", f.request(t, 1).Status, f.h.AnsweredN, told)
	}
	f.h.Dialogs.CloseAll() // the report on Anna's request, which has no card
	f.wait()
	clickRow(t, f.s.list, 0, 0)
	f.s.Deny()
	f.s.Deny() // a second call while the confirmation is open does nothing
	if f.h.Dialogs.Len() != 1 || f.s.denying == nil {
		t.Fatalf("menu Deny: %d dialogs", f.h.Dialogs.Len())
	}
	test.Tap(f.s.denying.confirm)
	f.wait()
	if f.request(t, 0).Status != enroll.RequestDenied || f.h.AnsweredN != 2 {
		t.Errorf("menu Deny: status %s, answered %d", f.request(t, 0).Status, f.h.AnsweredN)
	}
	if got := f.s.Answers(); got != (Answers{}) {
		t.Errorf("after answering everything: %+v", got)
	}
}
