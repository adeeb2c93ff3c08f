package ccid

import (
	"context"
	"fmt"
)

// T=1 block protocol (ISO/IEC 7816-3 11), as libccid runs it for TPDU
// readers (its openct proto-t1.c): NAD PCB LEN INF EDC.
const (
	t1PCBR       = 0x80
	t1PCBS       = 0xC0
	t1More       = 0x20
	t1SResponse  = 0x20
	t1SResynch   = 0x00
	t1SIFS       = 0x01
	t1SAbort     = 0x02
	t1SWTX       = 0x03
	t1ErrEDC     = 0x01
	t1ErrOther   = 0x02
	t1MaxInf     = 254
	t1MaxRetries = 3
)

type t1Kind int

const (
	t1I t1Kind = iota
	t1R
	t1S
)

// t1Block is one parsed block.
type t1Block struct {
	kind t1Kind
	seq  byte // N(S) of an I-block, N(R) of an R-block
	more bool // I-block: chaining
	bits byte // R-block: error bits; S-block: type (with t1SResponse)
	inf  []byte
}

// t1BlockError is a block that did not arrive whole: the EDC does not
// check (edc), or its frame is wrong. Both are answered with an R-block.
type t1BlockError struct {
	edc    bool
	reason string
}

func (e *t1BlockError) Error() string { return "T=1 block " + e.reason }

// parseT1Block checks one block from the card.
func parseT1Block(b []byte, crc bool) (t1Block, error) {
	n := edcLen(crc)
	if len(b) < 3+n {
		return t1Block{}, &t1BlockError{reason: fmt.Sprintf("of %d bytes is too short", len(b))}
	}
	if ln := int(b[2]); ln == 0xFF || len(b) != 3+ln+n {
		return t1Block{}, &t1BlockError{reason: fmt.Sprintf("announces %d information bytes in %d bytes", ln, len(b))}
	}
	want := t1EDC(crc, b[:len(b)-n])
	for i := range want {
		if b[len(b)-n+i] != want[i] {
			return t1Block{}, &t1BlockError{edc: true, reason: "fails its " + edcName(crc)}
		}
	}
	pcb, inf := b[1], clone(b[3:len(b)-n])
	if b[0] != 0 {
		return t1Block{}, &t1BlockError{reason: fmt.Sprintf("carries NAD %02X, not 00", b[0])}
	}
	switch {
	case pcb&0x80 == 0:
		if pcb&0x1F != 0 {
			return t1Block{}, &t1BlockError{reason: fmt.Sprintf("I-block PCB %02X has reserved bits set", pcb)}
		}
		return t1Block{kind: t1I, seq: pcb >> 6 & 1, more: pcb&t1More != 0, inf: inf}, nil
	case pcb&0xC0 == t1PCBR:
		if pcb&0x2C != 0 || len(inf) != 0 {
			return t1Block{}, &t1BlockError{reason: fmt.Sprintf("R-block PCB %02X with %d information bytes is malformed", pcb, len(inf))}
		}
		return t1Block{kind: t1R, seq: pcb >> 4 & 1, bits: pcb & 0x03}, nil
	}
	kind := pcb & 0x1F
	if kind > t1SWTX || (kind == t1SIFS || kind == t1SWTX) != (len(inf) == 1) {
		return t1Block{}, &t1BlockError{reason: fmt.Sprintf("S-block PCB %02X with %d information bytes is malformed", pcb, len(inf))}
	}
	return t1Block{kind: t1S, bits: pcb & 0x3F, inf: inf}, nil
}

func edcLen(crc bool) int {
	if crc {
		return 2
	}
	return 1
}

func edcName(crc bool) string {
	if crc {
		return "CRC"
	}
	return "LRC"
}

// t1EDC is the epilogue: LRC, the exclusive-or of the bytes, or the CRC
// libccid computes (openct's table: CCITT polynomial, reflected, preset
// FFFF, high byte first).
func t1EDC(crc bool, b []byte) []byte {
	if !crc {
		var x byte
		for _, c := range b {
			x ^= c
		}
		return []byte{x}
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

// t1Link runs T=1 over a TPDU reader: one block out, one block back per
// XfrBlock.
type t1Link struct {
	xfr  xfrFunc
	crc  bool
	ifsc int  // the card's information field size: blocks sent carry at most this
	ifsd int  // the host's, what the card may send in one block
	ns   byte // N(S) of the host's next I-block
	nr   byte // N(S) expected in the card's next I-block
}

func newT1Link(xfr xfrFunc, ifsc int, crc bool) *t1Link {
	return &t1Link{xfr: xfr, crc: crc, ifsc: ifsc, ifsd: 32}
}

func (*t1Link) protocol() string { return "T=1" }

func (l *t1Link) block(pcb byte, inf []byte) []byte {
	b := append([]byte{0x00, pcb, byte(len(inf))}, inf...)
	return append(b, t1EDC(l.crc, b)...)
}

// negotiateIFSD tells the card how long the host's blocks may be
// (S(IFS request), the first exchange after the parameters are set).
func (l *t1Link) negotiateIFSD(ctx context.Context, ifsd int) error {
	req := l.block(t1PCBS|t1SIFS, []byte{byte(ifsd)})
	var why string
	for range t1MaxRetries + 1 {
		resp, err := l.xfr(ctx, req, 0)
		if err != nil {
			return err
		}
		b, err := parseT1Block(resp, l.crc)
		switch {
		case err != nil:
			why = err.Error()
		case b.kind == t1S && b.bits == t1SResponse|t1SIFS && b.inf[0] == byte(ifsd):
			l.ifsd = ifsd
			return nil
		default:
			why = fmt.Sprintf("answered S(IFS request) with % X", resp)
		}
	}
	return fmt.Errorf("%w: setting IFSD to %d failed %d times (last: %s)", ErrCardProtocol, ifsd, t1MaxRetries+1, why)
}

// t1Exchange is the state of one APDU's exchange.
type t1Exchange struct {
	l       *t1Link
	rest    []byte // command bytes not sent yet
	last    []byte // the block last sent, for the card to ask again
	lastI   []byte // the last I-block sent
	chain   bool   // the last I-block sent had M set
	out     []byte // response bytes received
	retries int
	why     string
	bwi     byte
}

// transmit sends apdu, chained in blocks of at most IFSC bytes, and
// returns the response, chained back by the card. A block that arrives
// damaged is asked for again with an R-block; a block of the host's the
// card asks for again is sent again; after t1MaxRetries in a row the
// exchange fails.
func (l *t1Link) transmit(ctx context.Context, apdu []byte) ([]byte, error) {
	if len(apdu) == 0 {
		return nil, fmt.Errorf("an empty APDU cannot be sent")
	}
	x := &t1Exchange{l: l, rest: apdu}
	send := x.nextI()
	for {
		resp, err := l.xfr(ctx, send, x.bwi)
		if err != nil {
			return nil, err
		}
		x.bwi, x.last = 0, send
		b, err := parseT1Block(resp, l.crc)
		var done bool
		if send, done, err = x.step(b, err); done || err != nil {
			return x.out, err
		}
	}
}

// nextI is the next I-block of the command.
func (x *t1Exchange) nextI() []byte {
	l := x.l
	part := x.rest[:min(len(x.rest), l.ifsc)]
	x.rest = x.rest[len(part):]
	pcb := l.ns << 6
	if x.chain = len(x.rest) > 0; x.chain {
		pcb |= t1More
	}
	l.ns ^= 1
	x.lastI = l.block(pcb, part)
	return x.lastI
}

// step decides what follows the card's block b (or the error parsing it).
func (x *t1Exchange) step(b t1Block, perr error) (send []byte, done bool, err error) {
	l := x.l
	if be, ok := perr.(*t1BlockError); ok {
		bits := byte(t1ErrOther)
		if be.edc {
			bits = t1ErrEDC
		}
		return x.retry(l.block(t1PCBR|l.nr<<4|bits, nil), be.Error())
	}
	switch b.kind {
	case t1S:
		return x.sBlock(b)
	case t1R:
		if x.chain && b.seq == l.ns && b.bits == 0 {
			x.retries = 0
			return x.nextI(), false, nil
		}
		return x.retry(x.last, fmt.Sprintf("the card asked for a block again (R-block, N(R) %d, error bits %d)", b.seq, b.bits))
	}
	if x.chain {
		return x.retry(x.lastI, "the card answered a chained block with an I-block")
	}
	if b.seq != l.nr {
		return x.retry(l.block(t1PCBR|l.nr<<4|t1ErrOther, nil), fmt.Sprintf("I-block N(S) %d where %d was due", b.seq, l.nr))
	}
	l.nr ^= 1
	x.retries = 0
	if x.out = append(x.out, b.inf...); len(x.out) > maxResponse {
		return nil, false, fmt.Errorf("%w: its answer grew past %d bytes", ErrCardProtocol, maxResponse)
	}
	if b.more {
		return l.block(t1PCBR|l.nr<<4, nil), false, nil
	}
	return nil, true, nil
}

// sBlock answers the card's requests: more time (WTX), a new IFSC, or an
// abort, which ends the exchange.
func (x *t1Exchange) sBlock(b t1Block) ([]byte, bool, error) {
	l := x.l
	switch b.bits {
	case t1SWTX:
		x.bwi = b.inf[0]
		return l.block(t1PCBS|t1SResponse|t1SWTX, b.inf), false, nil
	case t1SIFS:
		if b.inf[0] == 0 || b.inf[0] == 0xFF {
			return x.retry(l.block(t1PCBR|l.nr<<4|t1ErrOther, nil), fmt.Sprintf("S(IFS request) for %d bytes", b.inf[0]))
		}
		l.ifsc = int(b.inf[0])
		return l.block(t1PCBS|t1SResponse|t1SIFS, b.inf), false, nil
	case t1SAbort:
		return nil, false, fmt.Errorf("%w: the card aborted the exchange (S(ABORT request))", ErrCardProtocol)
	}
	return x.retry(x.last, fmt.Sprintf("unexpected S-block %02X", t1PCBS|b.bits))
}

// retry sends again (or asks again), up to t1MaxRetries times in a row.
func (x *t1Exchange) retry(send []byte, why string) ([]byte, bool, error) {
	x.why = why
	if x.retries++; x.retries > t1MaxRetries {
		return nil, false, fmt.Errorf("%w: no good block after %d retries (last: %s)", ErrCardProtocol, t1MaxRetries, why)
	}
	return send, false, nil
}
