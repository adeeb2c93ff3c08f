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
	due := func(now time.Time, limit int) []int64 {
		got := read(t, s, func(tx enroll.Tx) ([]enroll.Mail, error) { return tx.Outbox().Due(ctx, now, limit) })
		return ids(got, mailID)
	}
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

	err := s.Update(ctx, func(tx enroll.Tx) error { return tx.Outbox().MarkSent(ctx, 999, at(1)) })
	wantErr(t, err, enroll.ErrNotFound, "MarkSent of a missing mail")
	err = s.Update(ctx, func(tx enroll.Tx) error { return tx.Outbox().MarkFailed(ctx, 999, "x", at(1)) })
	wantErr(t, err, enroll.ErrNotFound, "MarkFailed of a missing mail")
}

func mailID(m enroll.Mail) int64 { return m.ID }
