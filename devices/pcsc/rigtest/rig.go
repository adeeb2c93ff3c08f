// Package rigtest is shared by the tests that use the PC/SC rig
// (scripts/pcsc-rig.sh: pcscd with the vpcd virtual reader).
package rigtest

import (
	"context"
	"os"
	"os/exec"
	"strconv"
	"testing"
	"time"

	"github.com/carddesk/carddesk/devices/pcsc"
	"github.com/carddesk/carddesk/devices/pcsc/vpcdcard"
)

// Rig is the PC/SC test rig scripts/pcsc-rig.sh starts: a private pcscd
// with a vpcd reader that virtual cards plug into.
type Rig struct {
	Port   int    // where virtual cards plug in (vpcdcard.Insert)
	Reader string // the vpcd reader's name
	ctl    string // the rig script, to stop and start pcscd
}

// Wait is how long a rig test waits for pcscd to see a change.
const Wait = 15 * time.Second

// Need returns the rig, taking its lock for the test, or skips the test
// without one; under CARDDESK_RIGS=required (make test, CI) a missing rig
// fails the test. pkg is the test's package (./cli/), for the hint how to
// run it with the rig.
func Need(t testing.TB, pkg string) Rig {
	t.Helper()
	port := os.Getenv("CARDDESK_VPCD_PORT")
	if port == "" {
		how := "run the tests through scripts/test.sh, or scripts/pcsc-rig.sh run go test " + pkg
		if os.Getenv("CARDDESK_RIGS") == "required" {
			t.Fatal("the PC/SC rig (pcscd + vpcd) is required (CARDDESK_RIGS=required) but CARDDESK_VPCD_PORT is not set: " + how)
		}
		t.Skip("no PC/SC rig (CARDDESK_VPCD_PORT not set): " + how)
	}
	p, err := strconv.Atoi(port)
	if err != nil {
		t.Fatalf("CARDDESK_VPCD_PORT=%q: %v", port, err)
	}
	Lock(t)
	r := Rig{Port: p, Reader: os.Getenv("CARDDESK_VPCD_READER"), ctl: os.Getenv("CARDDESK_PCSCD_CTL")}
	if r.Reader == "" {
		r.Reader = "CardDesk Test Reader 00 00"
	}
	return r
}

// Insert puts a virtual card on the rig's reader; taking it off is the
// caller's (Remove).
func (r Rig) Insert(t testing.TB, uid, atr []byte, opts ...vpcdcard.Option) *vpcdcard.Card {
	t.Helper()
	card, err := vpcdcard.Insert(r.Port, uid, atr, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return card
}

// Remove takes a card away and waits until pcscd has seen it go. pcscd
// polls vpcd, so a card put on straight after another one could otherwise
// take the old one's place unseen, as a card swapped faster than a real
// reader polls would; once it is gone, the next card is a new card to
// pcscd, as a card lifted and put back is.
func (r Rig) Remove(t testing.TB, card *vpcdcard.Card) {
	t.Helper()
	_ = card.Remove()
	s := pcsc.Open(nil)
	defer s.Close()
	for deadline := time.Now().Add(Wait); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		readers, err := s.Readers(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		gone := true
		for _, info := range readers {
			if info.Name == r.Reader && info.Status != pcsc.StatusReady {
				gone = false
			}
		}
		if gone {
			return
		}
	}
	t.Fatalf("pcscd still sees a card on %q %v after it was taken away", r.Reader, Wait)
}

// PCSCD stops or starts the rig's pcscd.
func (r Rig) PCSCD(t testing.TB, action string) {
	t.Helper()
	if r.ctl == "" {
		t.Fatal("CARDDESK_PCSCD_CTL is not set: the rig cannot stop and start pcscd")
	}
	if out, err := exec.Command(r.ctl, action).CombinedOutput(); err != nil {
		t.Fatalf("%s %s: %v\n%s", r.ctl, action, err, out)
	}
}

// StopPCSCD stops the rig's pcscd; start starts it again. A test that
// ends before it calls start has pcscd started when it ends, leaving the
// rig as the next test expects it.
func (r Rig) StopPCSCD(t testing.TB) (start func()) {
	t.Helper()
	r.PCSCD(t, "stop")
	stopped := true
	t.Cleanup(func() {
		if stopped {
			r.PCSCD(t, "start")
		}
	})
	return func() {
		t.Helper()
		r.PCSCD(t, "start")
		stopped = false
	}
}
