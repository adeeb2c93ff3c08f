package vscard

import (
	"bytes"
	"encoding/binary"
	"errors"
	"net"
	"strconv"
	"testing"
	"time"
)

// qemu plays QEMU's ccid-card-passthru side of the socket, so the card's
// wire protocol is checked without QEMU (the rig in devices/ccid/qemurig
// checks it against the real one).
type qemu struct {
	t    *testing.T
	conn net.Conn
}

func connect(t *testing.T) (*Server, *qemu) {
	t.Helper()
	s, err := Listen("Test Reader")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	conn, err := net.Dial("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(s.Port())))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	q := &qemu{t: t, conn: conn}
	// QEMU sends its Init as soon as it is connected.
	q.send(msgInit, undefinedReader, append([]byte("VSCD"), 0, 0, 0, 2, 0, 0, 0, 0)...)
	return s, q
}

func (q *qemu) send(typ, reader uint32, payload ...byte) {
	q.t.Helper()
	msg := binary.BigEndian.AppendUint32(nil, typ)
	msg = binary.BigEndian.AppendUint32(msg, reader)
	msg = binary.BigEndian.AppendUint32(msg, uint32(len(payload)))
	if _, err := q.conn.Write(append(msg, payload...)); err != nil {
		q.t.Fatal(err)
	}
}

func (q *qemu) expect(typ, reader uint32, payload []byte) {
	q.t.Helper()
	_ = q.conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	gt, gr, gp, err := readMsg(q.conn)
	if err != nil {
		q.t.Fatalf("waiting for message type %d: %v", typ, err)
	}
	if gt != typ || gr != reader || !bytes.Equal(gp, payload) {
		q.t.Fatalf("got type %d reader %#x payload % X; want type %d reader %#x payload % X", gt, gr, gp, typ, reader, payload)
	}
}

func (q *qemu) ok(reader uint32) { q.send(msgError, reader, 0, 0, 0, 0) }

// echo answers each payload with itself and 90 00; pullOn pulls it when
// the payload starts with that byte.
type echo struct {
	atr    []byte
	pullOn int
}

func (e echo) ATR() []byte { return e.atr }
func (e echo) Transmit(in []byte) ([]byte, error) {
	if len(in) > 0 && int(in[0]) == e.pullOn {
		return nil, ErrPulled
	}
	if len(in) == 1 {
		return nil, errors.New("mute")
	}
	return append(append([]byte(nil), in...), 0x90, 0x00), nil
}

func (q *qemu) handshake(s *Server) {
	q.t.Helper()
	q.expect(msgInit, undefinedReader, []byte{'V', 'S', 'C', 'D', 0, 0, 0, 2, 0, 0, 0, 0})
	q.expect(msgReaderAdd, undefinedReader, []byte("Test Reader\x00"))
	q.ok(readerID)
	select {
	case <-s.Connected():
	case <-time.After(5 * time.Second):
		q.t.Fatal("the reader was added, yet the server does not say connected")
	}
}

func TestCardSpeaksVSCard(t *testing.T) {
	s, q := connect(t)
	q.handshake(s)
	atr := []byte{0x3B, 0x00}
	inserted := make(chan error, 1)
	go func() { inserted <- s.Insert(echo{atr: atr, pullOn: -1}) }()
	q.expect(msgATR, readerID, atr)
	q.ok(readerID)
	if err := <-inserted; err != nil {
		t.Fatal(err)
	}
	if !s.Present() {
		t.Fatal("card not present after Insert")
	}
	q.send(msgAPDU, readerID, 0x00, 0xA4)
	q.expect(msgAPDU, readerID, []byte{0x00, 0xA4, 0x90, 0x00})
	// A card that fails (mute) is reported with an Error message, and the
	// connection stays up.
	q.send(msgAPDU, readerID, 0x00)
	q.expect(msgError, readerID, []byte{0, 0, 0, 1})
	q.send(msgAPDU, readerID, 0x00, 0xB0)
	q.expect(msgAPDU, readerID, []byte{0x00, 0xB0, 0x90, 0x00})

	removed := make(chan error, 1)
	go func() { removed <- s.Remove() }()
	q.expect(msgCardRemove, readerID, []byte{})
	q.ok(readerID)
	if err := <-removed; err != nil {
		t.Fatal(err)
	}
	if got := s.Exchanges(); len(got) != 3 || !bytes.Equal(got[0].In, []byte{0x00, 0xA4}) || got[1].Err == nil || got[2].Err != nil {
		t.Fatalf("exchanges = %v", got)
	}
}

func TestPulledMidExchange(t *testing.T) {
	s, q := connect(t)
	q.handshake(s)
	inserted := make(chan error, 1)
	go func() { inserted <- s.Insert(echo{atr: []byte{0x3B, 0x00}, pullOn: 0xFF}) }()
	q.expect(msgATR, readerID, []byte{0x3B, 0x00})
	q.ok(readerID)
	if err := <-inserted; err != nil {
		t.Fatal(err)
	}
	// The card is pulled instead of answering: the exchange fails, and so
	// does the next, until the slot is emptied.
	q.send(msgAPDU, readerID, 0xFF, 0xCA, 0x00, 0x00, 0x00)
	q.expect(msgError, readerID, []byte{0, 0, 0, 1})
	select {
	case <-s.Pulled():
	case <-time.After(5 * time.Second):
		t.Fatal("Pulled did not fire")
	}
	q.send(msgAPDU, readerID, 0x00, 0xA4)
	q.expect(msgError, readerID, []byte{0, 0, 0, 1})
	if !s.Present() {
		t.Fatal("the slot was emptied before Remove")
	}
	removed := make(chan error, 1)
	go func() { removed <- s.Remove() }()
	q.expect(msgCardRemove, readerID, []byte{})
	q.ok(readerID)
	if err := <-removed; err != nil || s.Present() {
		t.Fatalf("Remove after the pull = %v, present %v", err, s.Present())
	}
	// A card can go on again, and its ack is not mistaken for the pull's.
	go func() { inserted <- s.Insert(echo{atr: []byte{0x3B, 0x00}, pullOn: -1}) }()
	q.expect(msgATR, readerID, []byte{0x3B, 0x00})
	q.ok(readerID)
	if err := <-inserted; err != nil {
		t.Fatal(err)
	}
}

func TestRefusedATRIsAnError(t *testing.T) {
	s, q := connect(t)
	q.handshake(s)
	inserted := make(chan error, 1)
	go func() { inserted <- s.Insert(echo{atr: []byte{0x00}, pullOn: -1}) }()
	q.expect(msgATR, readerID, []byte{0x00})
	q.send(msgError, readerID, 0, 0, 0, 1) // VSC_GENERAL_ERROR
	if err := <-inserted; err == nil || s.Present() {
		t.Fatalf("Insert of a refused ATR = %v (present %v); want an error and no card", err, s.Present())
	}
}

func TestQEMUHangingUpEndsTheServer(t *testing.T) {
	s, q := connect(t)
	q.handshake(s)
	q.conn.Close()
	select {
	case <-s.Done():
	case <-time.After(5 * time.Second):
		t.Fatal("Done not closed after QEMU hung up")
	}
	if err := s.Insert(echo{atr: []byte{0x3B, 0x00}}); err == nil {
		t.Fatal("Insert after QEMU hung up succeeded")
	}
	if err := s.Err(); err != nil {
		t.Fatalf("Err after a clean hang-up = %v; want nil", err)
	}
}

func TestBadMessageLength(t *testing.T) {
	s, q := connect(t)
	q.handshake(s)
	q.send(msgAPDU, readerID)
	hdr := binary.BigEndian.AppendUint32(nil, msgAPDU)
	hdr = binary.BigEndian.AppendUint32(hdr, readerID)
	hdr = binary.BigEndian.AppendUint32(hdr, 1<<30)
	if _, err := q.conn.Write(hdr); err != nil {
		t.Fatal(err)
	}
	select {
	case <-s.Done():
	case <-time.After(5 * time.Second):
		t.Fatal("a message claiming 1 GiB did not end the connection")
	}
	if s.Err() == nil {
		t.Fatal("no error for a message claiming 1 GiB")
	}
}
