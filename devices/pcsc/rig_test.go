package pcsc_test

import (
	"context"
	"os"
	"os/exec"
	"strconv"
	"testing"
	"time"

	"go.uber.org/zap"
	"go.uber.org/zap/zaptest"

	"github.com/carddesk/carddesk/devices/pcsc"
	"github.com/carddesk/carddesk/devices/pcsc/rigtest"
	"github.com/carddesk/carddesk/devices/pcsc/vpcdcard"
	"github.com/carddesk/carddesk/enroll"
)

// rig is the PC/SC test rig scripts/pcsc-rig.sh starts: a private pcscd
// with a vpcd reader that virtual cards plug into.
type rig struct {
	port   int
	reader string
	ctl    string // the rig script, to stop and start pcscd
}

// needRig returns the rig, or skips the test without one; under
// CARDDESK_RIGS=required (make test, CI) a missing rig fails the test.
func needRig(t testing.TB) rig {
	t.Helper()
	port := os.Getenv("CARDDESK_VPCD_PORT")
	if port == "" {
		const how = "run the tests through scripts/test.sh, or scripts/pcsc-rig.sh run go test ./devices/pcsc/"
		if os.Getenv("CARDDESK_RIGS") == "required" {
			t.Fatal("the PC/SC rig (pcscd + vpcd) is required (CARDDESK_RIGS=required) but CARDDESK_VPCD_PORT is not set: " + how)
		}
		t.Skip("no PC/SC rig (CARDDESK_VPCD_PORT not set): " + how)
	}
	p, err := strconv.Atoi(port)
	if err != nil {
		t.Fatalf("CARDDESK_VPCD_PORT=%q: %v", port, err)
	}
	rigtest.Lock(t)
	r := rig{port: p, reader: os.Getenv("CARDDESK_VPCD_READER"), ctl: os.Getenv("CARDDESK_PCSCD_CTL")}
	if r.reader == "" {
		r.reader = "CardDesk Test Reader 00 00"
	}
	return r
}

// pcscd stops or starts the rig's pcscd.
func (r rig) pcscd(t testing.TB, action string) {
	t.Helper()
	if r.ctl == "" {
		t.Fatal("CARDDESK_PCSCD_CTL is not set: the rig cannot stop and start pcscd")
	}
	out, err := exec.Command(r.ctl, action).CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", r.ctl, action, err, out)
	}
}

// open starts a Service for one test and waits until it has seen the
// rig's reader, so cards presented from then on are new cards.
func (r rig) open(t testing.TB) (*pcsc.Service, <-chan pcsc.Event) {
	t.Helper()
	log := zaptest.NewLogger(t)
	if _, bench := t.(*testing.B); bench {
		log = zap.NewNop() // a line per card would bury the numbers
	}
	s := pcsc.Open(log)
	t.Cleanup(func() { _ = s.Close() })
	events := s.Events(t.Context())
	waitFor(t, events, pcsc.ReaderAdded, r.reader)
	waitFor(t, events, pcsc.ServiceUp, "")
	return s, events
}

// insert presents a virtual card and takes it away when the test ends.
func (r rig) insert(t testing.TB, uid, atr []byte, opts ...vpcdcard.Option) *vpcdcard.Card {
	t.Helper()
	card, err := vpcdcard.Insert(r.port, uid, atr, opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.remove(t, card) })
	return card
}

// remove takes a card away and waits until pcscd has seen it go. pcscd
// polls vpcd, so a card put on straight after another one could otherwise
// take the old one's place unseen, as a card swapped faster than a real
// reader polls would.
func (r rig) remove(t testing.TB, card *vpcdcard.Card) {
	t.Helper()
	_ = card.Remove()
	s := pcsc.Open(nil)
	defer s.Close()
	deadline := time.Now().Add(eventWait)
	for time.Now().Before(deadline) {
		readers, err := s.Readers(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		gone := true
		for _, info := range readers {
			if info.Name == r.reader && info.Status != pcsc.StatusReady {
				gone = false
			}
		}
		if gone {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("pcscd still sees a card on %q %v after it was taken away", r.reader, eventWait)
}

const eventWait = 15 * time.Second

// waitFor reads events until one of kind (for reader, if not empty).
func waitFor(t testing.TB, events <-chan pcsc.Event, kind pcsc.EventKind, reader string) pcsc.Event {
	t.Helper()
	timeout := time.After(eventWait)
	for {
		select {
		case ev, ok := <-events:
			if !ok {
				t.Fatalf("events ended while waiting for %v", kind)
			}
			if ev.Kind == kind && (reader == "" || ev.Reader == reader) {
				return ev
			}
		case <-timeout:
			t.Fatalf("no %v %q within %v", kind, reader, eventWait)
		}
	}
}

type cardResult struct {
	read enroll.CardRead
	err  error
	at   time.Time // when NextCard returned
}

// nextCard runs NextCard in the background and returns once it listens.
func nextCard(t testing.TB, s *pcsc.Service, reader string) <-chan cardResult {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), eventWait)
	before := s.Listeners()
	out := make(chan cardResult, 1)
	go func() {
		defer cancel()
		read, err := s.NextCard(ctx, reader)
		out <- cardResult{read, err, time.Now()}
	}()
	for s.Listeners() <= before {
		time.Sleep(time.Millisecond)
	}
	return out
}

func result(t testing.TB, ch <-chan cardResult) cardResult {
	t.Helper()
	select {
	case r := <-ch:
		return r
	case <-time.After(eventWait + 5*time.Second):
		t.Fatal("NextCard did not return")
		return cardResult{}
	}
}
