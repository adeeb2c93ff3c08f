package vpcdcard

import (
	"bytes"
	"net"
	"testing"
	"time"
)

// driver plays vpcd's side of the socket, so the card's wire protocol is
// checked without pcscd.
type driver struct {
	t    *testing.T
	conn net.Conn
}

func plugIn(t *testing.T, uid []byte, opts ...Option) (*Card, *driver) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	card, err := Insert(ln.Addr().(*net.TCPAddr).Port, uid, MIFAREClassic1KATR, opts...)
	if err != nil {
		t.Fatal(err)
	}
	conn, err := ln.Accept()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close(); card.Remove() })
	return card, &driver{t: t, conn: conn}
}

func (d *driver) send(msg ...byte) {
	d.t.Helper()
	if err := writeFrame(d.conn, msg); err != nil {
		d.t.Fatal(err)
	}
}

func (d *driver) ask(msg ...byte) []byte {
	d.t.Helper()
	d.send(msg...)
	_ = d.conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	reply, err := readFrame(d.conn, nil)
	if err != nil {
		d.t.Fatalf("no reply to % X: %v", msg, err)
	}
	return reply
}

func TestCardSpeaksVpcdProtocol(t *testing.T) {
	uid := []byte{0x04, 0xA1, 0xB2, 0xC3}
	card, d := plugIn(t, uid)
	// Power and reset get no reply: the ATR request after them must be
	// answered with the ATR, not with anything left over.
	d.send(ctrlPowerOff)
	d.send(ctrlPowerOn)
	d.send(ctrlReset)
	if got := d.ask(ctrlGetATR); !bytes.Equal(got, MIFAREClassic1KATR) {
		t.Fatalf("ATR = % X", got)
	}
	if got, want := d.ask(0xFF, 0xCA, 0x00, 0x00, 0x00), append(uid, 0x90, 0x00); !bytes.Equal(got, want) {
		t.Fatalf("GET DATA = % X, want % X", got, want)
	}
	if got := d.ask(0x00, 0xA4, 0x04, 0x00, 0x00); !bytes.Equal(got, []byte{0x6D, 0x00}) {
		t.Fatalf("SELECT = % X, want 6D00", got)
	}
	if n := len(card.Commands()); n != 2 {
		t.Fatalf("%d commands recorded, want 2", n)
	}
}

func TestCardAnswers(t *testing.T) {
	uid := []byte{0x04, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66}
	tests := []struct {
		name string
		opts []Option
		apdu []byte
		want []byte
	}{
		{"Le 00 gets all", nil, []byte{0xFF, 0xCA, 0, 0, 0}, append(clone(uid), 0x90, 0x00)},
		{"no Le gets all", nil, []byte{0xFF, 0xCA, 0, 0}, append(clone(uid), 0x90, 0x00)},
		{"Le too short", nil, []byte{0xFF, 0xCA, 0, 0, 4}, []byte{0x6C, 0x07}},
		{"exact Le refuses 00", []Option{ExactLe()}, []byte{0xFF, 0xCA, 0, 0, 0}, []byte{0x6C, 0x07}},
		{"exact Le takes 07", []Option{ExactLe()}, []byte{0xFF, 0xCA, 0, 0, 7}, append(clone(uid), 0x90, 0x00)},
		{"status", []Option{AnswerStatus(0x6A81)}, []byte{0xFF, 0xCA, 0, 0, 0}, []byte{0x6A, 0x81}},
		{"short", []Option{ShortUID()}, []byte{0xFF, 0xCA, 0, 0, 0}, append(clone(uid), 0x62, 0x82)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, d := plugIn(t, uid, tt.opts...)
			if got := d.ask(tt.apdu...); !bytes.Equal(got, tt.want) {
				t.Fatalf("got % X, want % X", got, tt.want)
			}
		})
	}
}

func TestRemoveClosesTheSlot(t *testing.T) {
	card, d := plugIn(t, []byte{1, 2, 3, 4})
	if err := card.Remove(); err != nil {
		t.Fatal(err)
	}
	_ = d.conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	if _, err := readFrame(d.conn, nil); err == nil {
		t.Fatal("the driver still reads from a removed card")
	}
}

func TestDriverHangingUpTakesTheCardAway(t *testing.T) {
	card, d := plugIn(t, []byte{1, 2, 3, 4})
	d.conn.Close()
	select {
	case <-card.Gone():
	case <-time.After(5 * time.Second):
		t.Fatal("card did not notice the reader hung up")
	}
}

func TestInsertWithoutReader(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	if _, err := Insert(port, []byte{1}, nil); err == nil {
		t.Fatal("Insert succeeded with nothing listening")
	}
}
