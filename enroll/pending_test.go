package enroll_test

import (
	"testing"
	"time"

	"github.com/carddesk/carddesk/enroll"
)

func TestPendingForNamesOnlyTheCardholdersPendingRequests(t *testing.T) {
	e := newEnv(t)
	op := e.operator(t, "rita")
	kim, lee := e.holder(t, "Kim", "Lee"), e.holder(t, "Lee", "Kim")
	if got, err := e.st.Requests.PendingFor(e.ctx, op, kim.ID); err != nil || len(got) != 0 {
		t.Fatalf("PendingFor without requests = %+v, %v", got, err)
	}
	denied := e.request(t, kim.ID, enroll.Activation{})
	if _, err := e.st.Requests.Deny(e.ctx, e.admin, []int64{denied.ID}, ""); err != nil {
		t.Fatal(err)
	}
	e.request(t, lee.ID, enroll.Activation{}) // someone else's
	first, err := e.st.Requests.Create(e.ctx, op, enroll.NewRequest{CardholderID: kim.ID, Reason: "New employee"})
	if err != nil {
		t.Fatal(err)
	}
	e.clock.Add(time.Hour)
	// A second request is questioned by the callers, not refused here.
	second, err := e.st.Requests.Create(e.ctx, e.admin, enroll.NewRequest{CardholderID: kim.ID, Reason: "Card lost"})
	if err != nil {
		t.Fatalf("a second pending request was refused: %v", err)
	}

	got, err := e.st.Requests.PendingFor(e.ctx, op, kim.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].ID != first.ID || got[1].ID != second.ID {
		t.Fatalf("PendingFor = %+v, want requests %d and %d, oldest first", got, first.ID, second.ID)
	}
	if r := got[0]; r.Reason != "New employee" || r.RequestedByName != "rita" || !r.CreatedAt.Equal(first.CreatedAt) ||
		r.Status != enroll.RequestPending || r.CardholderName != "Kim Lee" {
		t.Errorf("PendingFor[0] = %+v", r)
	}
	if got, err := e.st.Requests.PendingFor(e.ctx, op, 999); err != nil || len(got) != 0 {
		t.Errorf("PendingFor of a missing cardholder = %+v, %v", got, err)
	}
}
