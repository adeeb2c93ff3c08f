package tpdu

// T1Options shape a T=1 card's behaviour.
type T1Options struct {
	IFSC     int // the card's information field size; 0 takes the ATR's (32 when the ATR names none)
	WTXEvery int // every n-th command is preceded by S(WTX request); 0 none
	ChainAt  int // the card chains responses longer than this; 0 = IFSD
}

// PCB values and masks (ISO/IEC 7816-3 11.3.2).
const (
	pcbR        = 0x80
	pcbS        = 0xC0
	pcbMore     = 0x20
	sResync     = 0xC0
	sIFS        = 0xC1
	sAbort      = 0xC2
	sWTX        = 0xC3
	sResponse   = 0x20
	rErrEDC     = 0x01
	rErrOther   = 0x02
	wtxMultiple = 0x02
	maxInf      = 254
)

// t1 is a T=1 card behind a TPDU-level reader: each exchange is one
// block from the host answered by one block from the card.
type t1 struct {
	atr  []byte
	info atrInfo
	app  APDU
	opt  T1Options

	started bool
	ifsd    int  // the host's information field size
	ns      byte // N(S) of the card's next I-block
	nr      byte // N(S) expected in the host's next I-block
	rx      []byte
	tx      []byte // response data not sent yet
	sending bool   // a response chain is under way
	waitWTX bool   // S(WTX request) sent, the response goes after S(WTX response)
	last    []byte // the last block sent, for retransmission
	count   int
}

// NewT1 returns a T=1 card answering with app.
func NewT1(atr []byte, app APDU, opt T1Options) Card {
	info := readATR(atr)
	if opt.IFSC <= 0 || opt.IFSC > maxInf {
		opt.IFSC = info.ifsc
	}
	return &t1{atr: clone(atr), info: info, app: app, opt: opt, ifsd: 32}
}

func (c *t1) ATR() []byte { return clone(c.atr) }

// Reset starts the block protocol afresh, as after the ATR: both N(S) at
// 0, IFSD 32, nothing chained or pending.
func (c *t1) Reset() {
	c.started, c.ifsd, c.ns, c.nr = false, 32, 0, 0
	c.rx, c.tx, c.sending, c.waitWTX, c.last, c.count = nil, nil, false, false, nil, 0
}

func (c *t1) Transmit(in []byte) ([]byte, error) {
	if !c.started {
		c.started = true
		if out, ok := answerPPS(c.info, in); ok {
			return out, nil
		}
	}
	edc := c.edcLen()
	if len(in) < 3+edc || len(in) < 3+int(in[2])+edc {
		return nil, ErrMute // the card waits for the rest of the block
	}
	if len(in) > 3+int(in[2])+edc {
		return nil, ErrProtocol
	}
	if !c.edcOK(in) {
		return c.send(c.rBlock(rErrEDC)), nil
	}
	pcb, inf := in[1], in[3:3+int(in[2])]
	if in[0] != 0 || in[2] == 0xFF {
		return c.send(c.rBlock(rErrOther)), nil
	}
	switch {
	case pcb&0x80 == 0:
		return c.iBlock(pcb, inf), nil
	case pcb&0xC0 == pcbR:
		return c.rBlockIn(pcb, inf), nil
	}
	return c.sBlock(pcb, inf), nil
}

// iBlock takes one block of a command: the next of a chain is asked for
// with R(N(R)); the last one runs the command.
func (c *t1) iBlock(pcb byte, inf []byte) []byte {
	if (pcb>>6)&1 != c.nr || len(inf) > c.opt.IFSC || pcb&0x1F != 0 || c.waitWTX {
		return c.send(c.rBlock(rErrOther))
	}
	c.nr ^= 1
	c.sending, c.tx = false, nil
	c.rx = append(c.rx, inf...)
	if pcb&pcbMore != 0 {
		return c.send(c.rBlock(0))
	}
	cmd := c.rx
	c.rx = nil
	c.tx = c.app(cmd)
	c.count++
	if c.opt.WTXEvery > 0 && c.count%c.opt.WTXEvery == 0 {
		c.waitWTX = true
		return c.send(block(c.info.crc, sWTX, []byte{wtxMultiple}))
	}
	return c.next()
}

// rBlockIn: the host acknowledges a chained block (N(R) is the card's
// next N(S)) or asks for the last block again.
func (c *t1) rBlockIn(pcb byte, inf []byte) []byte {
	if len(inf) != 0 || pcb&0x2C != 0 {
		return c.send(c.rBlock(rErrOther))
	}
	if nr := (pcb >> 4) & 1; c.sending && nr == c.ns && pcb&0x03 == 0 {
		return c.next()
	}
	if c.last == nil {
		return c.send(c.rBlock(rErrOther))
	}
	return clone(c.last)
}

func (c *t1) sBlock(pcb byte, inf []byte) []byte {
	switch {
	case pcb == sIFS && len(inf) == 1 && inf[0] >= 1 && inf[0] <= maxInf:
		c.ifsd = int(inf[0])
		return c.send(block(c.info.crc, sIFS|sResponse, inf))
	case pcb == sResync && len(inf) == 0:
		c.ns, c.nr, c.ifsd = 0, 0, 32
		c.rx, c.tx, c.sending, c.waitWTX = nil, nil, false, false
		return c.send(block(c.info.crc, sResync|sResponse, nil))
	case pcb == sAbort && len(inf) == 0:
		c.rx, c.tx, c.sending = nil, nil, false
		return c.send(block(c.info.crc, sAbort|sResponse, nil))
	case pcb == sWTX|sResponse && len(inf) == 1 && c.waitWTX:
		c.waitWTX = false
		return c.next()
	}
	return c.send(c.rBlock(rErrOther))
}

// next sends the next part of the response, chained when it is longer
// than the host takes in one block.
func (c *t1) next() []byte {
	size := c.ifsd
	if c.opt.ChainAt > 0 && c.opt.ChainAt < size {
		size = c.opt.ChainAt
	}
	part := c.tx[:min(size, len(c.tx))]
	c.tx = c.tx[len(part):]
	pcb := c.ns << 6
	if c.sending = len(c.tx) > 0; c.sending {
		pcb |= pcbMore
	}
	c.ns ^= 1
	return c.send(block(c.info.crc, pcb, part))
}

func (c *t1) rBlock(errBits byte) []byte {
	return block(c.info.crc, pcbR|c.nr<<4|errBits, nil)
}

func (c *t1) send(b []byte) []byte {
	c.last = b
	return clone(b)
}

func (c *t1) edcLen() int {
	if c.info.crc {
		return 2
	}
	return 1
}

func (c *t1) edcOK(in []byte) bool {
	n := len(in) - c.edcLen()
	want := edc(c.info.crc, in[:n])
	for i, b := range want {
		if in[n+i] != b {
			return false
		}
	}
	return true
}

// block builds NAD PCB LEN INF EDC; the card always answers with NAD 0.
func block(crc bool, pcb byte, inf []byte) []byte {
	b := append([]byte{0x00, pcb, byte(len(inf))}, inf...)
	return append(b, edc(crc, b)...)
}

// edc is the epilogue: LRC, the exclusive-or of every byte, or the CRC
// of ISO/IEC 13239 as T=1 readers compute it (polynomial 1021 taken
// bitwise reflected, preset FFFF, sent high byte first).
func edc(crc bool, b []byte) []byte {
	if !crc {
		return []byte{xor(b)}
	}
	v := uint16(0xFFFF)
	for _, c := range b {
		v ^= uint16(c)
		for range 8 {
			if v&1 != 0 {
				v = v>>1 ^ 0x8408
			} else {
				v >>= 1
			}
		}
	}
	return []byte{byte(v >> 8), byte(v)}
}
