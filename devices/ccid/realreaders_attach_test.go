package ccid_test

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"
	"testing/synctest"

	"go.uber.org/zap/zaptest"

	"github.com/carddesk/carddesk/devices/ccid"
	"github.com/carddesk/carddesk/devices/ccid/ccidemu"
	"github.com/carddesk/carddesk/devices/ccid/ccidemu/tpdu"
)

// A real reader's class descriptor, sent by the emulator, goes the
// station's whole way: read from the device, the interface claimed and a
// card read at the voltage the descriptor calls for; or the reader refused
// and listed as one to use through PC/SC, and left unclaimed.
func TestRealReadersAttach(t *testing.T) {
	for _, rr := range ccid.RealReaders() {
		t.Run(strings.TrimSuffix(rr.File, ".txt"), func(t *testing.T) {
			class, err := ccid.RealReaderClass(rr.File)
			if err != nil {
				t.Fatal(err)
			}
			cfg := ccidemu.Config{ClassDescriptor: class, ManufacturerName: "ACME", ProductName: "Real"}
			card, uid := ccidemu.Card{ATR: classicATR, UID: classicUID}, classicUID
			if rr.Level == "TPDU" { // a contact card, T=1, the host running the protocol
				cfg.Level = ccidemu.TPDU
				card, uid = ccidemu.Card{TPDU: tpdu.NewT1(atrWithTCK("3B 80 81 31 20 45"), uidApp, tpdu.T1Options{})}, contactUID
			}
			r := withCard(cfg, card)
			c, err := ccid.Attach(t.Context(), ccidemu.NewBus(r), r.ID(), zaptest.NewLogger(t), fast)
			if !rr.Driven {
				if !errors.Is(err, ccid.ErrNeedsPCSC) || !strings.Contains(fmt.Sprint(err), `"ACME Real (USB 001:004)" works at `+rr.Level+" level") {
					t.Fatalf("attach: %v, want it refused at %s level", err, rr.Level)
				}
				if r.Claimed() {
					t.Error("a refused reader was left claimed")
				}
				assertListedForPCSC(t, cfg)
				return
			}
			if err != nil {
				t.Fatalf("attach: %v", err)
			}
			t.Cleanup(c.Close)
			if c.Level() != rr.Level {
				t.Errorf("level %q, want %q", c.Level(), rr.Level)
			}
			read, _, err := c.ReadCard(t.Context(), 0)
			if err != nil || !bytes.Equal(read.UID, uid) {
				t.Fatalf("read %x, %v", read.UID, err)
			}
			if on := r.Received()[1]; on.Type != ccidemu.PowerOn || on.Params[0] != rr.PowerSelect {
				t.Errorf("power-on % x, want bPowerSelect %02X", on.Raw, rr.PowerSelect)
			}
		})
	}
}

// assertListedForPCSC checks the Service lists a refused reader with the
// status that sends the operator to PC/SC.
func assertListedForPCSC(t *testing.T, cfg ccidemu.Config) {
	t.Helper()
	synctest.Test(t, func(t *testing.T) {
		s := newService(t, ccidemu.NewBus(ccidemu.New(cfg)), fast)
		if got := readers(t, s)["ACME Real (USB 001:004)"]; got.Status != ccid.StatusNeedsPCSC {
			t.Errorf("listed as %+v, want status %q", got, ccid.StatusNeedsPCSC)
		}
	})
}
