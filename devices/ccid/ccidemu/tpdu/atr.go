package tpdu

// atrInfo is what a card takes from its own ATR: the protocols it offers
// and its T=1 parameters.
type atrInfo struct {
	protocols uint16 // bit T set for each T offered; T=0 when none is named
	ifsc      int    // first TA for T=1, 32 when absent
	crc       bool   // first TC for T=1, bit 1: CRC in place of LRC
}

func (a atrInfo) offers(t int) bool { return t < 16 && a.protocols&(1<<t) != 0 }

// readATR walks the interface bytes (ISO/IEC 7816-3 8.2). A malformed
// ATR yields the defaults for what could not be read: the card is a
// test fixture and its ATR is the test's to choose.
func readATR(atr []byte) atrInfo {
	a := atrInfo{ifsc: 32}
	if len(atr) < 2 {
		a.protocols = 1
		return a
	}
	y, i, group, groupT := atr[1]>>4, 2, 1, -1
	seenTA, seenTC := false, false
	for {
		var bytes [4]int // TA TB TC TD of this group, -1 when absent
		for k := range bytes {
			bytes[k] = -1
			if y&(1<<k) == 0 {
				continue
			}
			if i >= len(atr) {
				return a.withDefault()
			}
			bytes[k] = int(atr[i])
			i++
		}
		if group >= 3 && groupT == 1 {
			if ta := bytes[0]; ta >= 1 && ta <= 254 && !seenTA {
				a.ifsc, seenTA = ta, true
			}
			if tc := bytes[2]; tc >= 0 && !seenTC {
				a.crc, seenTC = tc&0x01 != 0, true
			}
		}
		if bytes[3] < 0 {
			return a.withDefault()
		}
		groupT = bytes[3] & 0x0F
		a.protocols |= 1 << groupT
		y, group = byte(bytes[3])>>4, group+1
	}
}

func (a atrInfo) withDefault() atrInfo {
	if a.protocols == 0 {
		a.protocols = 1
	}
	return a
}
