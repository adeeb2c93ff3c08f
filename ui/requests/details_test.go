package requests

import (
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/ui/internal/uitest"
	"github.com/carddesk/carddesk/ui/words"
)

// detailsTexts is what the open details dialog says.
func detailsTexts(t *testing.T, f *fixture) string {
	t.Helper()
	f.wait()
	if f.s.detailing == nil || f.h.Dialogs.Len() != 1 {
		t.Fatalf("no details dialog: %d dialogs", f.h.Dialogs.Len())
	}
	return uitest.TopDialogTexts(f.h.Win)
}

func wantTexts(t *testing.T, what, texts string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(texts, w) {
			t.Errorf("%s: no %q in %s", what, w, texts)
		}
	}
}

func TestRequestDetailsOnDoubleClickAndEnter(t *testing.T) {
	f := newFixture(t, "Anna")
	ctx := context.Background()
	cor := uitest.AddCardholders(t, f.st, f.admin, "Cor")[0]
	note := "Starts on the third floor next month; " + strings.Repeat("the card must open the server room too, ", 4) + "thanks."
	on := time.Date(2031, 5, 4, 0, 0, 0, 0, time.Local)
	r, err := f.st.Requests.Create(ctx, f.admin, enroll.NewRequest{CardholderID: cor.ID, Reason: "Lost card",
		Activation: enroll.Activation{Mode: enroll.ActivateOnDate, Date: on}, Note: note})
	if err != nil {
		t.Fatal(err)
	}
	f.open(t, nil)

	doubleClickRow(t, f.s.list, 1)
	texts := detailsTexts(t, f)
	wantTexts(t, "pending request", texts, "Cor Tester", "Security", "Lost card", words.Time(r.CreatedAt)+" by admin",
		words.Activation(r.Activation), note, "Pending", "No card yet", "No")
	if strings.Contains(texts, "Answered") {
		t.Errorf("a pending request says it was answered: %s", texts)
	}
	d := f.s.detailing
	if d.connect == nil || d.modify == nil || d.deny == nil {
		t.Error("a pending request's details offer no answers")
	}
	if got := selectedNames(f.s); len(got) != 1 || got[0] != "Cor Tester" {
		t.Errorf("double-click selected %v", got)
	}
	test.Tap(d.close)
	if f.h.Dialogs.Len() != 0 || f.s.detailing != nil {
		t.Fatal("Close did not close the details")
	}

	// Enter opens the request at the keyboard cursor.
	clickRow(t, f.s.list, 0, 0)
	key(f.s.list, fyne.KeyReturn, 0)
	wantTexts(t, "Enter", detailsTexts(t, f), "Anna Tester", "Lost card", "Yes")
	if f.s.connecting != nil {
		t.Error("Enter opened Connect card")
	}
	// The answers act on this request: Deny… asks to deny it.
	test.Tap(f.s.detailing.deny)
	if f.s.detailing != nil || f.s.denying == nil || len(f.s.denying.reqs) != 1 || f.s.denying.reqs[0].ID != f.reqs[0].ID {
		t.Fatal("Deny… in the details did not ask to deny this request")
	}
	f.h.Dialogs.CloseAll()
}

func TestRequestDetailsOfAnsweredRequests(t *testing.T) {
	f := newFixture(t, "Anna", "Bert")
	ctx := context.Background()
	olga := uitest.AddOperator(t, f.st, f.admin, "olga")
	denied, err := f.st.Requests.Deny(ctx, olga, []int64{f.reqs[1].ID}, "Bert left the company last week")
	if err != nil {
		t.Fatal(err)
	}
	res, err := f.st.Requests.ConnectManual(ctx, f.admin, f.reqs[0].ID, "h10301", map[string]string{"facility": "12", "card": "3456"})
	if err != nil {
		t.Fatal(err)
	}
	done, _, err := f.st.Requests.Complete(ctx, olga, []int64{f.reqs[0].ID})
	if err != nil || len(done) != 1 {
		t.Fatal(err)
	}
	f.open(t, nil)

	f.s.status.SetSelected("Denied")
	f.wait()
	doubleClickRow(t, f.s.list, 0)
	texts := detailsTexts(t, f)
	wantTexts(t, "denied request", texts, "Bert Tester", "Denied", "Answered", words.Time(denied[0].RespondedAt)+" by olga",
		"Why denied", "Bert left the company last week")
	if d := f.s.detailing; d.connect != nil || d.modify != nil || d.deny != nil {
		t.Error("a denied request's details offer answers")
	}
	f.h.Dialogs.CloseAll()
	f.wait()

	f.s.status.SetSelected("Completed")
	f.wait()
	clickRow(t, f.s.list, 0, 0)
	f.s.Details() // Requests > Details…
	wantTexts(t, "completed request", detailsTexts(t, f), "Anna Tester", "Completed", words.Time(done[0].RespondedAt)+" by olga",
		words.CredentialLabel(res.Credential))
	f.h.Dialogs.CloseAll()
}
