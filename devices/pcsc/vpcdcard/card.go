// Package vpcdcard is a virtual contactless card for tests. It plugs into
// vsmartcard's vpcd, a pcscd reader driver that serves each reader slot on
// a TCP port: a connected socket is a card on the reader, closing it takes
// the card away. The card answers GET DATA (FF CA 00 00) with the UID a
// test chose, so the whole PC/SC stack (pcscd, libpcsclite, the scard
// binding) is exercised as with a real reader.
//
// It only ever connects to 127.0.0.1.
package vpcdcard

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"strconv"
	"sync"
	"time"
)

// Control codes vpcd sends as one-byte messages.
const (
	ctrlPowerOff = 0x00
	ctrlPowerOn  = 0x01
	ctrlReset    = 0x02
	ctrlGetATR   = 0x04
)

// MIFAREClassic1KATR is the ATR a PC/SC part 3 reader builds for a MIFARE
// Classic 1K.
var MIFAREClassic1KATR = []byte{0x3B, 0x8F, 0x80, 0x01, 0x80, 0x4F, 0x0C, 0xA0, 0x00, 0x00, 0x03, 0x06, 0x03, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x6A}

// Card is one virtual card on a vpcd reader slot.
type Card struct {
	conn net.Conn
	uid  []byte
	atr  []byte
	cfg  config

	mu       sync.Mutex
	commands [][]byte

	gone chan struct{}
}

// Insert puts a card with this UID and ATR on the vpcd slot listening on
// port (127.0.0.1). The reader notices it at its next poll.
func Insert(port int, uid, atr []byte, opts ...Option) (*Card, error) {
	addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
	conn, err := net.DialTimeout("tcp", addr, 2*time.Second)
	if err != nil {
		return nil, fmt.Errorf("vpcdcard: reaching the virtual reader at %s: %w", addr, err)
	}
	c := &Card{conn: conn, uid: clone(uid), atr: clone(atr), gone: make(chan struct{})}
	for _, o := range opts {
		o(&c.cfg)
	}
	go c.serve()
	return c, nil
}

// Remove takes the card off the reader and waits until it is off.
func (c *Card) Remove() error {
	err := c.conn.Close()
	<-c.gone
	return err
}

// Gone is closed when the card is off the reader: Remove, or the reader
// side hung up (pcscd stopped).
func (c *Card) Gone() <-chan struct{} { return c.gone }

// Commands are the APDUs the card was sent, in order.
func (c *Card) Commands() [][]byte {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make([][]byte, len(c.commands))
	for i, cmd := range c.commands {
		out[i] = clone(cmd)
	}
	return out
}

// serve answers the driver until the connection ends.
func (c *Card) serve() {
	defer close(c.gone)
	for {
		msg, err := readFrame(c.conn, func() { ackNow(c.conn) })
		if err != nil {
			return // closed by Remove or by the driver: either way the card is gone
		}
		reply, ok := c.answer(msg)
		if !ok {
			continue
		}
		if err := writeFrame(c.conn, reply); err != nil {
			return
		}
	}
}

// answer is the card's reply to one message; ok is false for messages
// that get none (power and reset).
func (c *Card) answer(msg []byte) (reply []byte, ok bool) {
	if len(msg) == 1 {
		if msg[0] == ctrlGetATR {
			return clone(c.atr), true
		}
		return nil, false // power off, power on, reset: nothing to say
	}
	c.mu.Lock()
	c.commands = append(c.commands, clone(msg))
	c.mu.Unlock()
	return c.respond(msg), true
}

// readFrame reads one message: a 2-byte big-endian length, then that many
// bytes. beforeRead, if not nil, runs before each of the two reads.
func readFrame(r io.Reader, beforeRead func()) ([]byte, error) {
	if beforeRead == nil {
		beforeRead = func() {}
	}
	var n [2]byte
	beforeRead()
	if _, err := io.ReadFull(r, n[:]); err != nil {
		return nil, err
	}
	beforeRead()
	msg := make([]byte, binary.BigEndian.Uint16(n[:]))
	if _, err := io.ReadFull(r, msg); err != nil {
		return nil, err
	}
	return msg, nil
}

func writeFrame(w io.Writer, msg []byte) error {
	if len(msg) > 0xFFFF {
		return errors.New("vpcdcard: message too long")
	}
	buf := make([]byte, 2, 2+len(msg))
	binary.BigEndian.PutUint16(buf, uint16(len(msg)))
	_, err := w.Write(append(buf, msg...))
	return err
}

func clone(b []byte) []byte { return append([]byte(nil), b...) }
