package pcsc_test

import (
	"context"
	"testing"
	"time"

	"github.com/carddesk/carddesk/devices/pcsc"
	"github.com/carddesk/carddesk/devices/pcsc/vpcdcard"
	"github.com/carddesk/carddesk/enroll"
)

// hubNextCard waits for a card through the reader hub, as the desk does;
// it returns once the hub has the wait registered.
func hubNextCard(t testing.TB, hub *enroll.ReaderHub, reader string) <-chan cardResult {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), eventWait)
	out := make(chan cardResult, 1)
	go func() {
		defer cancel()
		read, err := hub.NextCard(ctx, reader)
		out <- cardResult{read, err, time.Now()}
	}()
	for deadline := time.Now().Add(eventWait); !hub.Waiting(reader); time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the hub never waited at the reader")
		}
	}
	return out
}

func startRigHub(t testing.TB, d desk, s *pcsc.Service, reader string) *enroll.ReaderHub {
	t.Helper()
	hub := enroll.NewReaderHub(d.st.Devices, nil, nil, s)
	hub.Start(context.Background())
	t.Cleanup(hub.Close)
	for deadline := time.Now().Add(eventWait); ; time.Sleep(time.Millisecond) {
		list, _ := hub.Readers(context.Background())
		for _, r := range list {
			if r.Name == reader {
				return hub
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("the hub never listed %q: %+v", reader, list)
		}
	}
}

// The desk's own path: the hub follows the PC/SC service, decodes the read
// with the reader's settings (here: UIDs read as csn32) and the request
// gets the card.
func TestRigHubEnrollsWithTheReaderSettings(t *testing.T) {
	r := needRig(t)
	d := newDesk(t)
	ctx := t.Context()
	if err := d.st.Devices.Configure(ctx, d.admin, enroll.ReaderConfig{Name: r.Reader, Kind: enroll.ReaderPCSC, Format: "csn32"}); err != nil {
		t.Fatal(err)
	}
	_, req := d.pending(t, "Kim", "Lee")
	s, _ := r.open(t)
	hub := startRigHub(t, d, s, r.Reader)

	wait := hubNextCard(t, hub, r.Reader)
	r.insert(t, []byte{0x04, 0xa1, 0xb2, 0xc3}, vpcdcard.MIFAREClassic1KATR)
	got := result(t, wait)
	if got.err != nil || got.read.Format != "csn32" {
		t.Fatalf("hub read %+v, %v; want a csn32 read", got.read, got.err)
	}
	res, err := d.st.Requests.ConnectCard(ctx, d.admin, req.ID, got.read)
	if err != nil || res.Outcome != enroll.ConnectEnrolled || res.Credential.Fields["csn"] != "04a1b2c3" {
		t.Fatalf("ConnectCard: %+v, %v", res, err)
	}
	states := hub.States()
	if len(states) == 0 || states[0].LastRead == nil || states[0].LastRead.Format != "csn32" {
		t.Errorf("the hub does not remember the last card: %+v", states)
	}
}

// BenchmarkRigCardToAssignedThroughHub is BenchmarkRigCardToAssigned on the
// desk's path through the reader hub (event relay, decoding with the
// reader's settings):
//
//	ms-reported-to-assigned  from the service reporting the card
//	                         (CardRead.At) to the request holding it
//	                         (goal: under 10 ms added)
func BenchmarkRigCardToAssignedThroughHub(b *testing.B) {
	r := needRig(b)
	d := newDesk(b)
	s, events := r.open(b)
	hub := startRigHub(b, d, s, r.Reader)
	var total, worst time.Duration
	benchAssign(b, r, d, events, 0x09000000, func() <-chan cardResult { return hubNextCard(b, hub, r.Reader) },
		func(_ []byte, got cardResult, _ enroll.ConnectResult, done time.Time) {
			added := done.Sub(got.read.At)
			total += added
			worst = max(worst, added)
		})
	b.ReportMetric(ms(total)/float64(b.N), "ms-reported-to-assigned")
	b.ReportMetric(ms(worst), "ms-reported-to-assigned-max")
}
