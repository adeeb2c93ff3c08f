package pcsc_test

import (
	"errors"
	"testing"
	"time"

	"github.com/carddesk/carddesk/devices/pcsc/vpcdcard"
	"github.com/carddesk/carddesk/enroll"
)

// Batch enrollment on the desk's path: the hub delivers each card, decoded
// with the reader's settings, and EnrollRead stores it as an available
// credential; the same card again is refused as enrolled already.
func TestRigHubBatchEnrollment(t *testing.T) {
	r := needRig(t)
	d := newDesk(t)
	ctx := t.Context()
	s, _ := r.open(t)
	hub := startRigHub(t, d, s, r.Reader)

	present := func(uid []byte) cardResult {
		t.Helper()
		wait := hubNextCard(t, hub, r.Reader)
		card := r.insert(t, uid, vpcdcard.MIFAREClassic1KATR)
		got := result(t, wait)
		r.Remove(t, card)
		if got.err != nil {
			t.Fatal(got.err)
		}
		return got
	}
	uid := []byte{0x04, 0x5e, 0x1f, 0x00}
	k, err := d.st.Credentials.EnrollRead(ctx, d.admin, present(uid).read)
	if err != nil || k.Format != "csn32" || k.Bits != bitsOf(uid) || k.Status != enroll.CredentialInactive || k.CardholderID != 0 {
		t.Fatalf("EnrollRead: %+v, %v; want an available, inactive csn32 credential", k, err)
	}
	_, err = d.st.Credentials.EnrollRead(ctx, d.admin, present(uid).read)
	var dup *enroll.AlreadyEnrolledError
	if !errors.As(err, &dup) || dup.Credential.ID != k.ID {
		t.Fatalf("the same card again: %v, want it refused as credential %d", err, k.ID)
	}
}

// BenchmarkRigCardToEnrolled measures batch enrollment on the desk's path
// through the reader hub, as BenchmarkRigCardToAssignedThroughHub does for
// assigning: a fresh card each iteration, delivered by the hub and stored
// by EnrollRead in a SQLite station file.
//
//	ms-reported-to-enrolled  from the service reporting the card
//	                         (CardRead.At) to the credential stored: what
//	                         the operator waits for on top of the reader's
//	                         report (goal: at most 5 ms)
//	ms/enroll-added          EnrollRead alone, after the hub handed the
//	                         card over
//
// Taking each card off is outside the timer; ns/op still includes pcscd's
// polling of vpcd, so it is not a latency.
func BenchmarkRigCardToEnrolled(b *testing.B) {
	r := needRig(b)
	d := newDesk(b)
	s, events := r.open(b)
	hub := startRigHub(b, d, s, r.Reader)
	ctx := b.Context()
	var total, worst, enrolling time.Duration
	var k enroll.Credential
	benchCards(b, r, events, 0x0a000000, func() (<-chan cardResult, func(enroll.CardRead) error) {
		return hubNextCard(b, hub, r.Reader), func(read enroll.CardRead) (err error) {
			k, err = d.st.Credentials.EnrollRead(ctx, d.admin, read)
			return err
		}
	}, func(uid []byte, got cardResult, done time.Time) {
		if k.Bits != bitsOf(uid) || k.Status != enroll.CredentialInactive {
			b.Fatalf("card %x enrolled as %+v", uid, k)
		}
		added := done.Sub(got.read.At)
		total += added
		worst = max(worst, added)
		enrolling += done.Sub(got.at)
	})
	n := float64(b.N)
	b.ReportMetric(ms(total)/n, "ms-reported-to-enrolled")
	b.ReportMetric(ms(worst), "ms-reported-to-enrolled-max")
	b.ReportMetric(ms(enrolling)/n, "ms/enroll-added")
}
