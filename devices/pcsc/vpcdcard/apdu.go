package vpcdcard

// Option changes how the card answers GET DATA.
type Option func(*config)

type config struct {
	status  uint16 // answer GET DATA with only this status word
	exactLe bool   // answer 6CXX unless Le is the UID's length
	short   bool   // answer UID || 62 82
}

// AnswerStatus makes the card answer GET DATA with sw and no data, as a
// reader refusing it would (6A81, 6300, 6D00, ...).
func AnswerStatus(sw uint16) Option { return func(c *config) { c.status = sw } }

// ExactLe makes the card insist on Le being the UID's length: any other Le
// (00 included) gets 6CXX, XX being the length.
func ExactLe() Option { return func(c *config) { c.exactLe = true } }

// ShortUID makes the card answer UID || 62 82: end of data reached before
// Le bytes.
func ShortUID() Option { return func(c *config) { c.short = true } }

// respond answers one command APDU. Only GET DATA for the UID (FF CA 00 00)
// is known; anything else is an unsupported instruction.
func (c *Card) respond(apdu []byte) []byte {
	if len(apdu) < 4 || apdu[0] != 0xFF || apdu[1] != 0xCA || apdu[2] != 0x00 || apdu[3] != 0x00 {
		return sw(0x6D00)
	}
	if c.cfg.status != 0 {
		return sw(c.cfg.status)
	}
	var le byte // absent Le counts as 00: all there is
	if len(apdu) >= 5 {
		le = apdu[4]
	}
	n := len(c.uid)
	wrongLe := (le != 0 && int(le) < n) || (c.cfg.exactLe && int(le) != n)
	switch {
	case wrongLe:
		return sw(0x6C00 | uint16(n&0xFF))
	case c.cfg.short:
		return append(clone(c.uid), 0x62, 0x82)
	}
	return append(clone(c.uid), 0x90, 0x00)
}

func sw(w uint16) []byte { return []byte{byte(w >> 8), byte(w)} }
