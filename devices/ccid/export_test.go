package ccid

import (
	"context"
	"path/filepath"
	"time"

	"go.uber.org/zap"

	"github.com/carddesk/carddesk/enroll"
)

// Listeners counts the open subscriptions, so a test knows NextCard is
// listening before it presents a card.
func (s *Service) Listeners() int {
	return s.feed.Len()
}

// Conn drives the protocol on one reader the way the Service attaches it,
// for tests that exercise commands one by one.
type Conn struct{ a *attached }

// Attach opens, describes, claims and probes the device as the Service
// does; the error is the Service's refusal.
func Attach(ctx context.Context, bus Bus, id DeviceID, log *zap.Logger, opts Options) (*Conn, error) {
	sc := &scanner{s: New(log, nil, opts), bus: bus}
	a, refusal, _ := sc.attach(ctx, id)
	if refusal != nil {
		return nil, refusal
	}
	return &Conn{a: a}, nil
}

func (c *Conn) Names() []string      { return c.a.names }
func (c *Conn) Present() []bool      { return c.a.present }
func (c *Conn) Interrupt() bool      { return c.a.interrupt }
func (c *Conn) Level() string        { return c.a.conn.level.String() }
func (c *Conn) Close()               { _ = c.a.t.Close(); _ = c.a.dev.Close() }
func (c *Conn) Transport() Transport { return c.a.t }

func (c *Conn) SlotStatus(ctx context.Context, slot byte) (present bool, err error) {
	st, err := c.a.conn.slotStatus(ctx, slot)
	return st.present(), err
}

func (c *Conn) PowerOn(ctx context.Context, slot byte) ([]byte, error) {
	return c.a.conn.powerOn(ctx, slot)
}

func (c *Conn) PowerOff(ctx context.Context, slot byte) (present bool, err error) {
	st, err := c.a.conn.powerOff(ctx, slot)
	return st.present(), err
}

func (c *Conn) Transmit(ctx context.Context, slot byte, apdu []byte) ([]byte, error) {
	return c.a.conn.transmit(ctx, slot, apdu)
}

func (c *Conn) ReadCard(ctx context.Context, slot byte) (enroll.CardRead, string, error) {
	return c.a.conn.readCard(ctx, slot, c.a.names[slot], time.Now())
}

// RealReader is what the station makes of a real reader's descriptor (see
// realReaders), for tests that run it through the emulator.
type RealReader struct {
	File        string
	Level       string
	Driven      bool
	PowerSelect byte
}

func RealReaders() []RealReader {
	var out []RealReader
	for _, rr := range realReaders {
		out = append(out, RealReader{File: rr.file, Level: rr.level, Driven: rr.driven, PowerSelect: rr.powerSelect})
	}
	return out
}

// RealReaderClass is the CCID class descriptor of a real reader, from
// testdata/readers.
func RealReaderClass(file string) ([]byte, error) {
	d, err := readDump(filepath.Join("testdata", "readers", file))
	return d.class, err
}
