// Package vscard is a virtual contact card for tests, served to QEMU's
// emulated CCID reader (usb-ccid with ccid-card-passthru) over the
// "VSCard" protocol of libcacard (vscard_common.h). QEMU's reader works
// at TPDU level and forwards each PC_to_RDR_XfrBlock payload unchanged,
// so the card answers every payload as a TPDU-level card's slot would:
// Card.Transmit (devices/ccid/ccidemu/tpdu makes T=0 and T=1 cards).
//
// The card listens on 127.0.0.1 and QEMU connects to it
// (-chardev socket,host=127.0.0.1,port=PORT,server=off). It only ever
// listens on the loopback interface.
package vscard

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"sync"
	"time"
)

// Message types of vscard_common.h.
const (
	msgInit         uint32 = 1
	msgError        uint32 = 2
	msgReaderAdd    uint32 = 3
	msgReaderRemove uint32 = 4
	msgATR          uint32 = 5
	msgCardRemove   uint32 = 6
	msgAPDU         uint32 = 7
)

const (
	version         = 2
	undefinedReader = 0xFFFFFFFF // VSCARD_UNDEFINED_READER_ID
	readerID        = 0          // VSCARD_MINIMAL_READER_ID: QEMU has one reader
	generalError    = 1          // VSC_GENERAL_ERROR
	headerLen       = 12
	// maxPayload bounds what we accept from QEMU: its own input buffer is
	// 64 KiB, so anything larger is a broken stream.
	maxPayload = 64 << 10
	ackTimeout = 10 * time.Second
)

var magic = []byte("VSCD")

// Card is a contact card as a TPDU-level reader's slot exchanges with it
// (the same shape as devices/ccid/ccidemu/tpdu.Card).
type Card interface {
	ATR() []byte
	Transmit(in []byte) ([]byte, error)
}

// ErrPulled, returned (or wrapped) by a Card's Transmit, pulls the card in
// the middle of that exchange, as a real reader reports it: the exchange
// fails (QEMU is sent Error and fails the pending XfrBlock), and so does
// every later one, until Remove empties the slot (CardRemove:
// NotifySlotChange). The slot is not emptied at once because QEMU's
// CardRemove also throws away every answer the host has not fetched yet
// (ccid_card_card_removed resets the bulk-in queue), the failed one
// included, which no reader does; call Remove once the host has had it.
var ErrPulled = errors.New("vscard: card pulled mid-exchange")

// pulled is a card pulled mid-exchange whose slot is not empty yet: every
// exchange fails.
type pulled struct{ atr []byte }

func (p pulled) ATR() []byte                   { return p.atr }
func (pulled) Transmit([]byte) ([]byte, error) { return nil, errors.New("the card was pulled") }

// Exchange is one payload QEMU forwarded and what the card answered (nil
// when the card was pulled or failed, Err then saying why).
type Exchange struct {
	In, Out []byte
	Err     error
}

// Server is the card side of one QEMU reader.
type Server struct {
	ln   net.Listener
	name string

	mu        sync.Mutex
	conn      net.Conn
	card      Card
	gen       int           // counts Insert and Remove: which card s.card is
	waiters   []chan uint32 // acks (Error messages) QEMU owes us, in order
	exchanges []Exchange
	readErr   error

	connected chan struct{}
	pulled    chan struct{}
	done      chan struct{}
}

// Listen starts a card server on a free loopback port; reader is the name
// it gives the reader in ReaderAdd.
func Listen(reader string) (*Server, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("vscard: listening on loopback: %w", err)
	}
	s := &Server{ln: ln, name: reader, connected: make(chan struct{}),
		pulled: make(chan struct{}, 16), done: make(chan struct{})}
	go s.accept()
	return s, nil
}

// Port is the loopback port QEMU's chardev connects to.
func (s *Server) Port() int { return s.ln.Addr().(*net.TCPAddr).Port }

// Connected is closed once QEMU connected and the reader was added.
func (s *Server) Connected() <-chan struct{} { return s.connected }

// Done is closed when QEMU's side of the socket is gone.
func (s *Server) Done() <-chan struct{} { return s.done }

// Pulled receives once each time a card was pulled mid-exchange (ErrPulled).
// The card stays Present, failing every exchange, until Remove.
func (s *Server) Pulled() <-chan struct{} { return s.pulled }

// Err is why the connection ended, once Done is closed (nil on a clean EOF).
func (s *Server) Err() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.readErr
}

// Close stops listening and drops QEMU's connection.
func (s *Server) Close() error {
	err := s.ln.Close()
	s.mu.Lock()
	if s.conn != nil {
		s.conn.Close()
	}
	s.mu.Unlock()
	return err
}

// Exchanges are the payloads exchanged so far, in order.
func (s *Server) Exchanges() []Exchange {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Exchange(nil), s.exchanges...)
}

// Present reports whether a card is on the reader.
func (s *Server) Present() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.card != nil
}

// Insert puts card on the reader (its ATR goes to QEMU) and waits for
// QEMU to accept it.
func (s *Server) Insert(card Card) error {
	atr := card.ATR()
	s.mu.Lock()
	if s.card != nil {
		s.mu.Unlock()
		return errors.New("vscard: a card is on the reader already")
	}
	s.card = card
	s.gen++
	s.mu.Unlock()
	if err := s.request(msgATR, readerID, atr); err != nil {
		s.mu.Lock()
		s.card = nil
		s.mu.Unlock()
		return fmt.Errorf("vscard: inserting the card (ATR % X): %w", atr, err)
	}
	return nil
}

// Remove takes the card off the reader and waits for QEMU to notice.
func (s *Server) Remove() error {
	s.mu.Lock()
	if s.card == nil {
		s.mu.Unlock()
		return nil
	}
	s.card = nil
	s.gen++
	s.mu.Unlock()
	if err := s.request(msgCardRemove, readerID, nil); err != nil {
		return fmt.Errorf("vscard: removing the card: %w", err)
	}
	return nil
}

func (s *Server) accept() {
	conn, err := s.ln.Accept()
	if err != nil {
		s.finish(fmt.Errorf("vscard: waiting for QEMU to connect: %w", err))
		return
	}
	s.mu.Lock()
	s.conn = conn
	s.mu.Unlock()
	go s.handshake()
	s.finish(s.serve(conn))
}

// handshake introduces the card: Init (magic, version, no capabilities),
// then the reader.
func (s *Server) handshake() {
	init := append(append([]byte(nil), magic...), be32(version)...)
	init = append(init, be32(0)...)
	if err := s.send(msgInit, undefinedReader, init); err != nil {
		return
	}
	name := append([]byte(s.name), 0)
	if err := s.request(msgReaderAdd, undefinedReader, name); err != nil {
		s.mu.Lock()
		if s.readErr == nil {
			s.readErr = fmt.Errorf("vscard: adding the reader: %w", err)
		}
		s.mu.Unlock()
		s.conn.Close()
		return
	}
	close(s.connected)
}

func (s *Server) finish(err error) {
	s.mu.Lock()
	if s.readErr == nil && err != nil && !errors.Is(err, io.EOF) {
		s.readErr = err
	}
	for _, w := range s.waiters {
		close(w)
	}
	s.waiters = nil
	s.mu.Unlock()
	close(s.done)
}

// serve reads QEMU's messages until the connection ends.
func (s *Server) serve(conn net.Conn) error {
	for {
		typ, _, payload, err := readMsg(conn)
		if err != nil {
			return err
		}
		switch typ {
		case msgInit:
			if len(payload) < 8 || string(payload[:4]) != string(magic) {
				return fmt.Errorf("vscard: QEMU's Init % X lacks the VSCD magic", payload)
			}
		case msgError:
			s.ack(payload)
		case msgAPDU:
			if err := s.answer(payload); err != nil {
				return err
			}
		default:
			return fmt.Errorf("vscard: QEMU sent message type %d, which a card never gets", typ)
		}
	}
}

// ack hands QEMU's Error message (0: success) to the oldest request.
func (s *Server) ack(payload []byte) {
	code := uint32(0xFFFFFFFF)
	if len(payload) >= 4 {
		code = binary.BigEndian.Uint32(payload)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.waiters) == 0 {
		return // an ack nobody asked for: nothing waits on it
	}
	w := s.waiters[0]
	s.waiters = s.waiters[1:]
	w <- code
}

// answer passes one forwarded payload to the card and sends its answer,
// or pulls the card when Transmit says so.
func (s *Server) answer(in []byte) error {
	s.mu.Lock()
	card, gen := s.card, s.gen
	s.mu.Unlock()
	if card == nil {
		// QEMU only forwards with a card inserted; a payload racing a
		// removal has no one to answer it.
		s.record(Exchange{In: clone(in), Err: errors.New("no card on the reader")})
		return nil
	}
	out, err := card.Transmit(in)
	s.record(Exchange{In: clone(in), Out: clone(out), Err: err})
	switch {
	case errors.Is(err, ErrPulled):
		s.mu.Lock()
		if s.gen == gen { // still the card that was pulled
			s.card = pulled{atr: card.ATR()}
		}
		s.mu.Unlock()
		select {
		case s.pulled <- struct{}{}:
		default:
		}
		return s.send(msgError, readerID, be32(generalError))
	case err != nil:
		// A mute or confused card: QEMU fails the pending XfrBlock
		// (bmCommandStatus failed) when the card side reports an error;
		// the Error message is not acknowledged.
		return s.send(msgError, readerID, be32(generalError))
	}
	return s.send(msgAPDU, readerID, out)
}

func (s *Server) record(e Exchange) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.exchanges = append(s.exchanges, e)
}

// request sends a message QEMU acknowledges and waits for the ack.
func (s *Server) request(typ, reader uint32, payload []byte) error {
	w, err := s.enqueue(typ, reader, payload)
	if err != nil {
		return err
	}
	select {
	case code, ok := <-w:
		switch {
		case !ok:
			return errors.New("QEMU hung up")
		case code != 0:
			return fmt.Errorf("QEMU answered error %d", code)
		}
		return nil
	case <-s.done:
		return errors.New("QEMU hung up")
	case <-time.After(ackTimeout):
		return fmt.Errorf("QEMU did not acknowledge within %s", ackTimeout)
	}
}

// enqueue sends a message and registers the wait for its ack in the same
// step, so acks pair with messages in the order QEMU got them.
func (s *Server) enqueue(typ, reader uint32, payload []byte) (chan uint32, error) {
	w := make(chan uint32, 1)
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.write(typ, reader, payload); err != nil {
		return nil, err
	}
	s.waiters = append(s.waiters, w)
	return w, nil
}

// send writes one message that QEMU does not acknowledge.
func (s *Server) send(typ, reader uint32, payload []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.write(typ, reader, payload)
}

// write puts one whole message on the socket; s.mu is held.
func (s *Server) write(typ, reader uint32, payload []byte) error {
	if s.conn == nil {
		return errors.New("vscard: QEMU is not connected")
	}
	msg := append(append(append(be32(typ), be32(reader)...), be32(uint32(len(payload)))...), payload...)
	if _, err := s.conn.Write(msg); err != nil {
		return fmt.Errorf("vscard: sending message type %d: %w", typ, err)
	}
	return nil
}

func readMsg(r io.Reader) (typ, reader uint32, payload []byte, err error) {
	var hdr [headerLen]byte
	if _, err := io.ReadFull(r, hdr[:]); err != nil {
		return 0, 0, nil, err
	}
	typ = binary.BigEndian.Uint32(hdr[0:])
	reader = binary.BigEndian.Uint32(hdr[4:])
	n := binary.BigEndian.Uint32(hdr[8:])
	if n > maxPayload {
		return 0, 0, nil, fmt.Errorf("vscard: message type %d claims %d bytes", typ, n)
	}
	payload = make([]byte, n)
	if _, err := io.ReadFull(r, payload); err != nil {
		return 0, 0, nil, fmt.Errorf("vscard: message type %d cut short: %w", typ, err)
	}
	return typ, reader, payload, nil
}

func be32(v uint32) []byte { return binary.BigEndian.AppendUint32(nil, v) }

func clone(b []byte) []byte {
	if b == nil {
		return nil
	}
	return append([]byte(nil), b...)
}
