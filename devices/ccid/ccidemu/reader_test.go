package ccidemu

import (
	"bytes"
	"context"
	"errors"
	"testing"
	"testing/synctest"
	"time"

	"github.com/carddesk/carddesk/devices/ccid"
)

// exchange writes one raw command and reads one raw answer.
func exchange(t *testing.T, tr ccid.Transport, cmd []byte) []byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), time.Second)
	defer cancel()
	if _, err := tr.Write(ctx, cmd); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 512)
	n, err := tr.Read(ctx, buf)
	if err != nil {
		t.Fatal(err)
	}
	return buf[:n]
}

func claim(t *testing.T, r *Reader) ccid.Transport {
	t.Helper()
	dev, err := NewBus(r).Open(t.Context(), r.ID())
	if err != nil {
		t.Fatal(err)
	}
	b := ccid.Binding{Config: 1, BulkIn: EPBulkIn, BulkOut: EPBulkOut}
	if r.cfg.Interrupt {
		b.InterruptIn = EPInterruptIn
	}
	tr, err := dev.Claim(t.Context(), b)
	if err != nil {
		t.Fatal(err)
	}
	return tr
}

// The emulator's answers, checked against frames written out by hand from
// CCID 1.1 sections 6.1 and 6.2.
func TestWireFormat(t *testing.T) {
	r := New(Config{Interrupt: true})
	tr := claim(t, r)
	cases := []struct {
		name     string
		cmd, ans []byte
	}{
		{"status, no card", []byte{0x65, 0, 0, 0, 0, 0, 0x10, 0, 0, 0},
			[]byte{0x81, 0, 0, 0, 0, 0, 0x10, 0x02, 0x00, 0x00}},
		{"power on, no card", []byte{0x62, 0, 0, 0, 0, 0, 0x11, 0, 0, 0},
			[]byte{0x80, 0, 0, 0, 0, 0, 0x11, 0x42, 0xFE, 0x00}},
		{"bad slot", []byte{0x65, 0, 0, 0, 0, 0x03, 0x12, 0, 0, 0},
			[]byte{0x81, 0, 0, 0, 0, 0x03, 0x12, 0x42, 0x05, 0x00}},
		{"length field wrong", []byte{0x6F, 0x09, 0, 0, 0, 0, 0x13, 0, 0, 0, 0xFF},
			[]byte{0x80, 0, 0, 0, 0, 0, 0x13, 0x42, 0x01, 0x00}},
		{"unknown command", []byte{0x6A, 0, 0, 0, 0, 0, 0x14, 0, 0, 0},
			[]byte{0x81, 0, 0, 0, 0, 0, 0x14, 0x42, 0x00, 0x00}},
	}
	for _, c := range cases {
		if got := exchange(t, tr, c.cmd); !bytes.Equal(got, c.ans) {
			t.Errorf("%s:\n got % x\nwant % x", c.name, got, c.ans)
		}
	}

	r.Insert(0, Card{ATR: []byte{0x3B, 0x80, 0x80, 0x01, 0x01}, UID: []byte{1, 2, 3, 4}})
	buf := make([]byte, 8)
	n, err := tr.Interrupt(t.Context(), buf)
	if err != nil || !bytes.Equal(buf[:n], []byte{0x50, 0x03}) {
		t.Errorf("notification % x, %v", buf[:n], err)
	}
	steps := []struct{ cmd, ans []byte }{
		{[]byte{0x62, 0, 0, 0, 0, 0, 0x20, 0, 0, 0},
			[]byte{0x80, 5, 0, 0, 0, 0, 0x20, 0x00, 0x00, 0x00, 0x3B, 0x80, 0x80, 0x01, 0x01}},
		{[]byte{0x6F, 5, 0, 0, 0, 0, 0x21, 0, 0, 0, 0xFF, 0xCA, 0, 0, 0},
			[]byte{0x80, 6, 0, 0, 0, 0, 0x21, 0x00, 0x00, 0x00, 1, 2, 3, 4, 0x90, 0x00}},
		{[]byte{0x6F, 5, 0, 0, 0, 0, 0x22, 0, 0, 0, 0xFF, 0xCA, 0, 0, 2},
			[]byte{0x80, 2, 0, 0, 0, 0, 0x22, 0x00, 0x00, 0x00, 0x6C, 0x04}},
		{[]byte{0x63, 0, 0, 0, 0, 0, 0x23, 0, 0, 0},
			[]byte{0x81, 0, 0, 0, 0, 0, 0x23, 0x01, 0x00, 0x00}},
	}
	for i, s := range steps {
		if got := exchange(t, tr, s.cmd); !bytes.Equal(got, s.ans) {
			t.Errorf("step %d:\n got % x\nwant % x", i, got, s.ans)
		}
	}
}

func TestControlRequests(t *testing.T) {
	r := New(Config{ManufacturerName: "ACME"})
	dev, err := NewBus(r).Open(t.Context(), r.ID())
	if err != nil {
		t.Fatal(err)
	}
	head := make([]byte, 9)
	if n, err := dev.Control(t.Context(), 0x80, 0x06, 0x0200, 0, head); err != nil || n != 9 {
		t.Fatalf("config header: %d, %v", n, err)
	}
	if total := int(head[2]) | int(head[3])<<8; total != len(r.cfg.ConfigDescriptor()) || total != 9+9+54+14 {
		t.Errorf("wTotalLength %d", total)
	}
	name := make([]byte, 255)
	n, err := dev.Control(t.Context(), 0x80, 0x06, 0x0301, 0x0409, name)
	if err != nil || !bytes.Equal(name[:n], []byte{10, 3, 'A', 0, 'C', 0, 'M', 0, 'E', 0}) {
		t.Errorf("manufacturer % x, %v", name[:n], err)
	}
	if _, err := dev.Control(t.Context(), 0x80, 0x06, 0x0302, 0x0409, name); err == nil {
		t.Error("a product string that does not exist was sent")
	}
	if _, err := dev.Control(t.Context(), 0x21, 0x01, 0, 0, nil); err == nil {
		t.Error("a class request was answered")
	}
}

func TestUnplugEndsTransfers(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := New(Config{Interrupt: true})
		tr := claim(t, r)
		errs := make(chan error, 2)
		go func() { _, err := tr.Read(t.Context(), make([]byte, 64)); errs <- err }()
		go func() { _, err := tr.Interrupt(t.Context(), make([]byte, 8)); errs <- err }()
		synctest.Wait() // both transfers wait for the reader
		r.Unplug()
		for range 2 {
			select {
			case err := <-errs:
				if !errors.Is(err, ccid.ErrDeviceGone) {
					t.Errorf("transfer ended with %v", err)
				}
			case <-time.After(time.Second):
				t.Fatal("a transfer outlived the unplug")
			}
		}
		if _, err := tr.Write(t.Context(), []byte{0x65, 0, 0, 0, 0, 0, 0, 0, 0, 0}); !errors.Is(err, ccid.ErrDeviceGone) {
			t.Errorf("write after unplug: %v", err)
		}
	})
}
