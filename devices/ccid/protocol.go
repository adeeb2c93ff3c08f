package ccid

import (
	"context"
	"errors"
	"fmt"

	"go.uber.org/zap"

	"github.com/carddesk/carddesk/devices/iso7816"
)

// More dwFeatures bits that matter at TPDU level (CCID 1.1 table 5.1-1;
// libccid's names in brackets).
const (
	featAutoIFSD = 0x00000400 // the reader sends S(IFS request) itself [CCID_CLASS_AUTO_IFSD]
)

// dwProtocols bits.
const (
	protoT0 = 0x01
	protoT1 = 0x02
)

// ErrCardNotSupported: the card needs a protocol or speed this reader
// (or the station) cannot give it.
var ErrCardNotSupported = errors.New("the card cannot be used on this reader")

// negotiation is what the host settles with a TPDU-level reader and its
// card after power-up: the protocol, the Fi/Di to use, and whether a PPS
// exchange has to ask the card for them.
type negotiation struct {
	t    int
	fidi byte
	pps  bool
	atr  iso7816.ATRParams
}

// negotiate picks the protocol and speed from the ATR as libccid's
// IFDHSetProtocolParameters does: the card's first protocol when the
// reader has it (no PPS needed for it), else another the card offers;
// TA1's speed when it is faster than the default and within
// dwMaxDataRate. With dwFeatures 40 the reader negotiates by itself and
// is told nothing; with 80 it runs the PPS itself.
func negotiate(atr []byte, class classDesc) (negotiation, error) {
	p, err := iso7816.ParseATR(atr)
	if err != nil {
		return negotiation{}, fmt.Errorf("%w: %w", ErrCardNotSupported, err)
	}
	n := negotiation{atr: p, fidi: 0x11}
	if n.t, err = pickProtocol(p, class.Protocols); err != nil {
		return negotiation{}, err
	}
	if p.Specific && p.SpecificImplicit {
		return negotiation{}, fmt.Errorf("%w: it works only with implicit parameters (TA2 %02X), which a CCID reader cannot be given", ErrCardNotSupported, 0x10|p.SpecificT)
	}
	if n.fidi, err = pickSpeed(p, class); err != nil {
		return negotiation{}, err
	}
	n.pps = class.Features&(featAutoNegotiate|featAutoPPS) == 0 && !p.Specific && (n.t != p.First || n.fidi != 0x11)
	return n, nil
}

// pickProtocol: specific mode allows one protocol; in negotiable mode the
// first offered goes without PPS.
func pickProtocol(p iso7816.ATRParams, readerProtocols uint32) (int, error) {
	has := func(t int) bool { return t <= 1 && p.Offers(t) && readerProtocols&(1<<t) != 0 }
	if p.Specific {
		if !has(p.SpecificT) {
			return 0, fmt.Errorf("%w: the card works only in T=%d, which the reader (protocols %s) does not offer", ErrCardNotSupported, p.SpecificT, protocolNames(readerProtocols))
		}
		return p.SpecificT, nil
	}
	for _, t := range []int{p.First, 1, 0} {
		if has(t) {
			return t, nil
		}
	}
	return 0, fmt.Errorf("%w: the card offers %s, the reader %s", ErrCardNotSupported, protocolNames(uint32(p.Protocols)), protocolNames(readerProtocols))
}

func protocolNames(mask uint32) string {
	s := ""
	for t := range 16 {
		if mask&(1<<t) != 0 {
			if s != "" {
				s += " and "
			}
			s += fmt.Sprintf("T=%d", t)
		}
	}
	if s == "" {
		return "none"
	}
	return s
}

// pickSpeed is the Fi/Di to use: TA1 when the card is faster than the
// default and the reader fast enough; a card too fast for the reader is
// slowed by lowering Di for as long as TA1 stays above 94 (libccid's
// rule); 11 otherwise. A card in specific mode that the reader cannot
// follow is refused.
func pickSpeed(p iso7816.ATRParams, class classDesc) (byte, error) {
	if !p.HasTA1 || p.SpecificImplicit {
		return 0x11, nil
	}
	clock := uint64(class.DefaultClock) * 1000 // kHz to Hz
	rate := func(ta1 byte) uint64 {
		fi, di, ok := iso7816.FiDi(ta1)
		if !ok {
			fi, di = 372, 1
		}
		return clock * uint64(di) / uint64(fi)
	}
	card, base, limit := rate(p.TA1), clock/372, uint64(class.MaxDataRate)
	switch {
	case card > base && card <= limit:
		return p.TA1, nil
	case card > limit+2 && p.TA1 <= 0x97:
		for ta1 := p.TA1 - 1; ta1 >= 0x94; ta1-- {
			if rate(ta1) <= limit {
				return ta1, nil
			}
		}
	}
	if p.Specific && card > base {
		return 0, fmt.Errorf("%w: the card works only at %d baud (TA1 %02X), faster than the reader's %d", ErrCardNotSupported, card, p.TA1, limit)
	}
	return 0x11, nil
}

// ppsRequest is FF PPS0 [PPS1] PCK asking for protocol t (and Fi/Di when
// not the default).
func ppsRequest(t int, fidi byte) []byte {
	req := []byte{0xFF, byte(t)}
	if fidi != 0x11 {
		req[1] |= 0x10
		req = append(req, fidi)
	}
	var pck byte
	for _, b := range req {
		pck ^= b
	}
	return append(req, pck)
}

// ppsAccepted: the card echoes the request, or leaves PPS1 out to keep
// the default Fi/Di (ISO/IEC 7816-3 9.3). It returns the Fi/Di in force.
func ppsAccepted(req, resp []byte) (byte, bool) {
	if len(resp) < 3 || resp[0] != 0xFF || resp[1]&0x0F != req[1]&0x0F {
		return 0, false
	}
	var x byte
	for _, b := range resp {
		x ^= b
	}
	switch {
	case x != 0:
		return 0, false
	case resp[1]&0x10 == 0 && len(resp) == 3:
		return 0x11, true
	case resp[1]&0x10 != 0 && len(resp) == 4 && len(req) == 4 && resp[2] == req[2]:
		return resp[2], true
	}
	return 0, false
}

// parameters is abProtocolDataStructure of SetParameters (CCID 1.1
// 6.1.7): for T=0 bmFindexDindex, bmTCCKST0, bGuardTimeT0,
// bWaitingIntegerT0, bClockStop; for T=1 bmFindexDindex, bmTCCKST1,
// bGuardTimeT1, bmWaitingIntegersT1, bClockStop, bIFSC, bNadValue.
func (n negotiation) parameters() []byte {
	var conv byte
	if n.atr.Inverse {
		conv = 0x02
	}
	if n.t == 0 {
		return []byte{n.fidi, conv, n.atr.ExtraGuard, n.atr.WI, 0x00}
	}
	tcck := 0x10 | conv
	if n.atr.CRC {
		tcck |= 0x01
	}
	return []byte{n.fidi, tcck, n.atr.ExtraGuard, n.atr.BWICWI, 0x00, byte(n.atr.IFSC), 0x00}
}

// startProtocol sets up a freshly powered card on a TPDU-level slot: PPS
// when the card has to be asked, SetParameters unless the reader settles
// everything itself, and for T=1 the IFSD, unless the reader sends it.
func (c *conn) startProtocol(ctx context.Context, slot byte, atr []byte) (cardLink, error) {
	n, err := negotiate(atr, c.class)
	if err != nil {
		return nil, err
	}
	xfr := c.xfrTPDU(slot)
	if n.pps {
		req := ppsRequest(n.t, n.fidi)
		resp, err := xfr(ctx, req, 0)
		if err != nil {
			return nil, fmt.Errorf("PPS exchange: %w", err)
		}
		var ok bool
		if n.fidi, ok = ppsAccepted(req, resp); !ok {
			return nil, fmt.Errorf("%w: it refused the PPS request % X (answer % X)", ErrCardNotSupported, req, resp)
		}
	}
	if c.class.Features&featAutoNegotiate == 0 {
		if err := c.setParameters(ctx, slot, n); err != nil {
			return nil, err
		}
	}
	c.log.Debug("card protocol set", zap.String("reader", c.reader), zap.Int("T", n.t),
		zap.Uint8("fidi", n.fidi), zap.Bool("pps", n.pps))
	if n.t == 0 {
		return t0Link{xfr: xfr}, nil
	}
	l := newT1Link(xfr, n.atr.IFSC, n.atr.CRC)
	if ifsd := min(c.class.MaxIFSD, t1MaxInf); c.class.Features&featAutoIFSD == 0 && ifsd > 0 {
		if err := l.negotiateIFSD(ctx, int(ifsd)); err != nil {
			return nil, err
		}
	} else if ifsd > 0 {
		l.ifsd = int(ifsd)
	}
	return l, nil
}

// setParameters sends PC_to_RDR_SetParameters; the reader answers with
// RDR_to_PC_Parameters for the protocol asked for.
func (c *conn) setParameters(ctx context.Context, slot byte, n negotiation) error {
	cmd := command{Type: msgSetParameters, Slot: slot, Param: [3]byte{byte(n.t)}, Data: n.parameters()}
	r, err := c.transact(ctx, cmd, msgParameters)
	if err != nil {
		return fmt.Errorf("setting T=%d parameters: %w", n.t, err)
	}
	if int(r.Param) != n.t {
		return fmt.Errorf("setting T=%d parameters: %w", n.t, &FrameError{Frame: r.Data, Reason: fmt.Sprintf("the reader answered for protocol %d", r.Param)})
	}
	return nil
}

// xfrTPDU exchanges one TPDU (or block, or PPS) with the card on slot.
func (c *conn) xfrTPDU(slot byte) xfrFunc {
	return func(ctx context.Context, payload []byte, bwi byte) ([]byte, error) {
		if headerLen+len(payload) > c.maxMessage {
			return nil, fmt.Errorf("a TPDU of %d bytes is longer than the reader takes in one message (%d bytes, header included)", len(payload), c.maxMessage)
		}
		r, err := c.transact(ctx, command{Type: msgXfrBlock, Slot: slot, Param: [3]byte{bwi}, Data: payload}, msgDataBlock)
		if err != nil {
			return nil, err
		}
		return r.Data, nil
	}
}
