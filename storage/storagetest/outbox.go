package storagetest

import (
	"slices"
	"testing"
	"time"

	"github.com/carddesk/carddesk/enroll"
)

var outboxTests = []storeTest{
	{"Outbox/Lifecycle", testOutbox},
}

func testOutbox(t *testing.T, s enroll.Store) {
	ctx := t.Context()
	ms := []enroll.Mail{
		{To: "a@example.com", Subject: "Card ready", Body: "Your card is ready.", CreatedAt: at(0)},
		{To: "b@example.com", Subject: "Card ready", Body: "b", CreatedAt: at(1), NextAttemptAt: at(30)},
		{To: "c@example.com", Subject: "Request denied", Body: "c", CreatedAt: at(2)},
	}
	update(t, s, func(tx enroll.Tx) error {
		for i := range ms {
			if err := tx.Outbox().Enqueue(ctx, &ms[i]); err != nil {
				return err
			}
		}
		return nil
	})
	for _, m := range ms {
		if m.ID == 0 || m.Status != enroll.MailQueued {
			t.Fatalf("Enqueue must set ID and status queued, got %d %q", m.ID, m.Status)
		}
	}
	dueF := func(now time.Time, force bool, limit int) []int64 {
		got := read(t, s, func(tx enroll.Tx) ([]enroll.Mail, error) { return tx.Outbox().Due(ctx, now, force, limit) })
		return ids(got, mailID)
	}
	due := func(now time.Time, limit int) []int64 { return dueF(now, false, limit) }
	equalIDs(t, due(at(10), 10), []int64{ms[0].ID, ms[2].ID}, "Due before b's next attempt")
	equalIDs(t, due(at(10), 1), []int64{ms[0].ID}, "Due with limit")

	update(t, s, func(tx enroll.Tx) error { return tx.Outbox().MarkFailed(ctx, ms[0].ID, "connection refused", at(20)) })
	update(t, s, func(tx enroll.Tx) error { return tx.Outbox().MarkSent(ctx, ms[2].ID, at(11)) })
	equalIDs(t, due(at(12), 10), []int64{}, "Due while a waits for its retry and c is sent")
	got := due(at(40), 10)
	if len(got) != 2 || !slices.Contains(got, ms[0].ID) || !slices.Contains(got, ms[1].ID) {
		t.Errorf("Due after both retry times = %v, want a and b", got)
	}

	all := read(t, s, func(tx enroll.Tx) ([]enroll.Mail, error) { return tx.Outbox().List(ctx, "") })
	equalIDs(t, ids(all, mailID), []int64{ms[2].ID, ms[1].ID, ms[0].ID}, "List newest first")
	a := all[2]
	if a.Attempts != 1 || a.LastError != "connection refused" || !a.NextAttemptAt.Equal(at(20)) || a.Status != enroll.MailQueued {
		t.Errorf("after MarkFailed: %+v", a)
	}
	c := all[0]
	if c.Status != enroll.MailSent || !c.SentAt.Equal(at(11)) {
		t.Errorf("after MarkSent: %+v", c)
	}
	sent := read(t, s, func(tx enroll.Tx) ([]enroll.Mail, error) { return tx.Outbox().List(ctx, enroll.MailSent) })
	equalIDs(t, ids(sent, mailID), []int64{ms[2].ID}, "List(sent)")

	equalIDs(t, dueF(at(12), true, 10), []int64{ms[0].ID, ms[1].ID}, "forced Due ignores the backoff, not what is sent")
	testOutboxLease(t, s, ms[0].ID, ms[1].ID)

	err := s.Update(ctx, func(tx enroll.Tx) error { return tx.Outbox().MarkSent(ctx, 999, at(1)) })
	wantErr(t, err, enroll.ErrNotFound, "MarkSent of a missing mail")
	err = s.Update(ctx, func(tx enroll.Tx) error { return tx.Outbox().MarkFailed(ctx, 999, "x", at(1)) })
	wantErr(t, err, enroll.ErrNotFound, "MarkFailed of a missing mail")
}

// testOutboxLease: a lease keeps a message out of Due (forced too) until
// it runs out; a hand-over needs the lease; uncertain mail is out of Due
// until it is queued again.
func testOutboxLease(t *testing.T, s enroll.Store, a, b int64) {
	ctx := t.Context()
	update(t, s, func(tx enroll.Tx) error { return tx.Outbox().Lease(ctx, a, at(100), "desk-1") })
	due := func(now time.Time) []int64 {
		return ids(read(t, s, func(tx enroll.Tx) ([]enroll.Mail, error) { return tx.Outbox().Due(ctx, now, true, 10) }), mailID)
	}
	equalIDs(t, due(at(50)), []int64{b}, "forced Due while a is leased")
	leased := read(t, s, func(tx enroll.Tx) ([]enroll.Mail, error) { return tx.Outbox().Leased(ctx, at(50)) })
	if len(leased) != 1 || leased[0].ID != a || leased[0].LeasedBy != "desk-1" || !leased[0].LeasedUntil.Equal(at(100)) {
		t.Errorf("Leased = %+v, want a held by desk-1 until at(100)", leased)
	}
	err := s.Update(ctx, func(tx enroll.Tx) error { return tx.Outbox().HandOver(ctx, a, "desk-2", at(51)) })
	wantErr(t, err, enroll.ErrNotFound, "HandOver by a process without the lease")
	update(t, s, func(tx enroll.Tx) error { return tx.Outbox().HandOver(ctx, a, "desk-1", at(51)) })
	equalIDs(t, due(at(101)), []int64{a, b}, "forced Due once the lease ran out")
	update(t, s, func(tx enroll.Tx) error { return tx.Outbox().MarkUncertain(ctx, a, "no answer") })
	equalIDs(t, due(at(101)), []int64{b}, "forced Due leaves uncertain mail out")
	un := read(t, s, func(tx enroll.Tx) ([]enroll.Mail, error) { return tx.Outbox().List(ctx, enroll.MailUncertain) })
	if len(un) != 1 || un[0].ID != a || !un[0].HandedOverAt.Equal(at(51)) || un[0].LastError != "no answer" || !un[0].LeasedUntil.IsZero() {
		t.Errorf("List(uncertain) = %+v", un)
	}
	err = s.Update(ctx, func(tx enroll.Tx) error { return tx.Outbox().Requeue(ctx, b) })
	wantErr(t, err, enroll.ErrNotFound, "Requeue of mail that is not uncertain")
	update(t, s, func(tx enroll.Tx) error { return tx.Outbox().Requeue(ctx, a) })
	equalIDs(t, due(at(101)), []int64{a, b}, "Due after Requeue (due at once)")
}

func mailID(m enroll.Mail) int64 { return m.ID }
