package tpdu

// t0 is a T=0 card behind a TPDU-level reader: the reader runs the
// procedure bytes (ACK, NULL), so each exchange is a header, with the
// data when the command carries some, answered by the data the card
// sends, if any, and SW1 SW2 (ISO/IEC 7816-3 10.3, 7816-4 5.3.2).
type t0 struct {
	atr     []byte
	info    atrInfo
	app     APDU
	started bool
	pending []byte // response data kept for GET RESPONSE
	sw      [2]byte
}

// NewT0 returns a T=0 card answering with app.
func NewT0(atr []byte, app APDU) Card {
	return &t0{atr: append([]byte(nil), atr...), info: readATR(atr), app: app}
}

func (c *t0) ATR() []byte { return append([]byte(nil), c.atr...) }

// Reset is the card's answer to reset: a PPS may come first again.
func (c *t0) Reset() { c.started, c.pending = false, nil }

const insGetResponse = 0xC0

func (c *t0) Transmit(in []byte) ([]byte, error) {
	if !c.started {
		c.started = true
		if out, ok := answerPPS(c.info, in); ok {
			return out, nil
		}
	}
	if len(in) < 5 {
		return nil, ErrMute
	}
	p3 := int(in[4])
	switch {
	case len(in) == 5 && in[1] == insGetResponse && c.pending != nil:
		return c.getResponse(p3), nil
	case len(in) == 5:
		c.pending = nil
		return c.outgoing(in), nil
	case p3 == 0 || len(in) < 5+p3:
		return nil, ErrMute // the card waits for the data P3 announces
	case len(in) > 5+p3:
		return nil, ErrProtocol
	}
	c.pending = nil
	return c.incoming(in), nil
}

// outgoing answers a header alone: case 1 (P3 = 0, nothing expected) or
// case 2 (P3 = Le, 0 for 256). A Le that does not match what the card
// has is answered 6Cxx; more than 256 bytes go out through GET RESPONSE.
func (c *t0) outgoing(in []byte) []byte {
	data, sw := split(c.app(clone(in)))
	le := lenOf(in[4])
	switch n := len(data); {
	case n == 0:
		return sw[:]
	case n == le:
		return append(data, sw[:]...)
	case n <= 256:
		return []byte{0x6C, byte(n)}
	}
	c.pending, c.sw = data[le:], sw
	return append(data[:le:le], 0x61, remaining(len(data)-le))
}

// incoming answers a header with P3 = Lc data bytes (case 3, or case 4
// whose response the host fetches with GET RESPONSE after 61xx).
func (c *t0) incoming(in []byte) []byte {
	data, sw := split(c.app(clone(in)))
	if len(data) == 0 {
		return sw[:]
	}
	c.pending, c.sw = data, sw
	return []byte{0x61, remaining(len(data))}
}

// getResponse hands out kept data: exactly Le bytes, or 6Cxx naming what
// is left when Le asks for more.
func (c *t0) getResponse(p3 int) []byte {
	le, n := lenOf(byte(p3)), len(c.pending)
	if le > n {
		return []byte{0x6C, byte(n)}
	}
	out := clone(c.pending[:le])
	if c.pending = c.pending[le:]; len(c.pending) > 0 {
		return append(out, 0x61, remaining(len(c.pending)))
	}
	c.pending = nil
	return append(out, c.sw[:]...)
}

// lenOf reads P3 as a length: 0 stands for 256.
func lenOf(p3 byte) int {
	if p3 == 0 {
		return 256
	}
	return int(p3)
}

// remaining is SW2 of 61xx: how many bytes are left, 00 for 256 or more.
func remaining(n int) byte {
	if n >= 256 {
		return 0
	}
	return byte(n)
}

// split parts a response APDU; one without a status word counts as 6F00
// (no precise diagnosis), the app's mistake, not the host's.
func split(resp []byte) ([]byte, [2]byte) {
	if len(resp) < 2 {
		return nil, [2]byte{0x6F, 0x00}
	}
	n := len(resp) - 2
	return clone(resp[:n]), [2]byte{resp[n], resp[n+1]}
}

func clone(b []byte) []byte { return append([]byte(nil), b...) }
