package iso7816

import (
	"errors"
	"fmt"
)

// ErrMalformedATR: the ATR does not hold together as ISO/IEC 7816-3 8.2
// builds one, so no transmission parameters can be taken from it.
var ErrMalformedATR = errors.New("the card's answer to reset is malformed")

// ATRParams are the transmission parameters a contact card announces in
// its ATR (ISO/IEC 7816-3 8.2 and 8.3), each with the default the
// standard gives when the byte is absent.
type ATRParams struct {
	Inverse   bool   // TS = 3F: inverse convention
	Protocols uint16 // bit T set for every T offered; T=0 when none is named
	First     int    // the first protocol offered, used without PPS
	TA1       byte   // Fi/Di, 11 when absent
	HasTA1    bool
	Specific  bool // TA2 present: the card works in specific mode only
	// SpecificT is the protocol of specific mode; SpecificImplicit is
	// TA2 b5: the parameters are implicit, not TA1's.
	SpecificT        int
	SpecificImplicit bool
	ExtraGuard       byte // TC1 (N), 0 when absent
	WI               byte // TC2 for T=0, 10 when absent
	IFSC             int  // first TA for T=1, 32 when absent
	BWICWI           byte // first TB for T=1, 4D when absent
	CRC              bool // first TC for T=1 asks for CRC in place of LRC
	Historical       []byte
}

// Offers reports whether the card offers protocol T=t.
func (p ATRParams) Offers(t int) bool { return t >= 0 && t < 16 && p.Protocols&(1<<t) != 0 }

// ParseATR reads an ATR's interface bytes. The check byte TCK, present
// whenever a protocol other than T=0 is named, must make the exclusive-or
// from T0 to TCK zero.
func ParseATR(atr []byte) (ATRParams, error) {
	p := ATRParams{TA1: 0x11, WI: 10, IFSC: 32, BWICWI: 0x4D, First: -1}
	bad := func(why string) (ATRParams, error) {
		return ATRParams{}, fmt.Errorf("%w (%s): % X", ErrMalformedATR, why, atr)
	}
	if len(atr) < 2 || len(atr) > 33 {
		return bad(fmt.Sprintf("%d bytes", len(atr)))
	}
	switch atr[0] {
	case 0x3B:
	case 0x3F:
		p.Inverse = true
	default:
		return bad(fmt.Sprintf("TS %02X is neither 3B nor 3F", atr[0]))
	}
	y, k, i := atr[1]>>4, int(atr[1]&0x0F), 2
	needTCK := false
	seen := map[byte]bool{}
	for group, groupT := 1, -1; ; group++ {
		var ib [4]int
		for n := range ib {
			ib[n] = -1
			if y&(1<<n) == 0 {
				continue
			}
			if i >= len(atr) {
				return bad(fmt.Sprintf("interface bytes of group %d missing", group))
			}
			ib[n], i = int(atr[i]), i+1
		}
		p.groupBytes(group, groupT, ib, seen)
		if ib[3] < 0 {
			break
		}
		groupT = ib[3] & 0x0F
		if group == 1 {
			p.First = groupT
		}
		if groupT != 0 {
			needTCK = true
		}
		p.Protocols |= 1 << groupT
		y = byte(ib[3]) >> 4
	}
	if p.Protocols == 0 {
		p.Protocols, p.First = 1, 0
	}
	if i+k > len(atr) {
		return bad(fmt.Sprintf("%d historical bytes announced, %d left", k, len(atr)-i))
	}
	p.Historical = append([]byte(nil), atr[i:i+k]...)
	rest := len(atr) - i - k
	switch {
	case needTCK && rest != 1:
		return bad("TCK missing")
	case rest > 1:
		return bad(fmt.Sprintf("%d bytes after the historical bytes", rest))
	case rest == 1 && xorAll(atr[1:]) != 0:
		return bad("TCK does not check")
	}
	return p, nil
}

// groupBytes takes what group (TAi TBi TCi, i = group) says: group 1 and
// 2 are global or T=0's, later groups belong to the protocol the TD
// before them named, and only the first TA/TB/TC for T=1 counts.
func (p *ATRParams) groupBytes(group, groupT int, ib [4]int, seen map[byte]bool) {
	ta, tb, tc := ib[0], ib[1], ib[2]
	switch {
	case group == 1:
		if ta >= 0 {
			p.TA1, p.HasTA1 = byte(ta), true
		}
		if tc >= 0 {
			p.ExtraGuard = byte(tc)
		}
	case group == 2:
		if ta >= 0 {
			p.Specific, p.SpecificT, p.SpecificImplicit = true, ta&0x0F, ta&0x10 != 0
		}
		if tc >= 0 && groupT == 0 {
			p.WI = byte(tc)
		}
	case groupT == 1:
		if ta >= 0 && !seen['A'] {
			seen['A'] = true
			if ta >= 1 && ta <= 254 {
				p.IFSC = ta
			}
		}
		if tb >= 0 && !seen['B'] {
			seen['B'] = true
			p.BWICWI = byte(tb)
		}
		if tc >= 0 && !seen['C'] {
			seen['C'] = true
			p.CRC = tc&0x01 != 0
		}
	}
}

func xorAll(b []byte) byte {
	var x byte
	for _, c := range b {
		x ^= c
	}
	return x
}

// Fi and Di of TA1 (ISO/IEC 7816-3 tables 7 and 8); 0 for a reserved
// value.
var (
	fiTable = [16]int{372, 372, 558, 744, 1116, 1488, 1860, 0, 0, 512, 768, 1024, 1536, 2048, 0, 0}
	diTable = [16]int{0, 1, 2, 4, 8, 16, 32, 64, 12, 20, 0, 0, 0, 0, 0, 0}
)

// FiDi reads a TA1 byte as the clock rate conversion integer Fi and the
// baud rate adjustment integer Di; ok is false for reserved values.
func FiDi(ta1 byte) (fi, di int, ok bool) {
	fi, di = fiTable[ta1>>4], diTable[ta1&0x0F]
	return fi, di, fi != 0 && di != 0
}
