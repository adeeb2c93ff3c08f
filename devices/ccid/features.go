package ccid

import (
	"errors"
	"fmt"
	"strings"
)

// dwFeatures bits (CCID 1.1 table 5.1-1) the station looks at.
const (
	featAutoParams    = 0x00000002 // parameters set from the ATR by the reader
	featAutoActivate  = 0x00000004 // the reader powers a card up when it arrives
	featAutoVoltage   = 0x00000008
	featAutoClock     = 0x00000010
	featAutoBaud      = 0x00000020
	featAutoNegotiate = 0x00000040
	featAutoPPS       = 0x00000080
	featLevelTPDU     = 0x00010000
	featLevelShort    = 0x00020000
	featLevelExtended = 0x00040000
	featLevelMask     = 0x00070000
)

// level is how much of the card protocol the reader handles itself.
type level int

const (
	levelCharacter level = iota
	levelTPDU
	levelShortAPDU
	levelExtendedAPDU
)

func (l level) String() string {
	switch l {
	case levelTPDU:
		return "TPDU"
	case levelShortAPDU:
		return "short APDU"
	case levelExtendedAPDU:
		return "short and extended APDU"
	}
	return "character"
}

// levelOf reads the exchange level from dwFeatures. A reader that sets
// more than one level bit gets the highest it names.
func levelOf(features uint32) level {
	switch {
	case features&featLevelExtended != 0:
		return levelExtendedAPDU
	case features&featLevelShort != 0:
		return levelShortAPDU
	case features&featLevelTPDU != 0:
		return levelTPDU
	}
	return levelCharacter
}

// ErrNeedsPCSC: the reader can only be used through the smart-card
// service, whose CCID driver speaks what this package does not.
var ErrNeedsPCSC = errors.New("this reader has to be used through PC/SC")

// LevelError is a reader this package will not drive: it exchanges
// single characters with the card (the host would have to time every
// byte), it is a TPDU reader with neither T=0 nor T=1, or it is an ICCD
// device.
type LevelError struct {
	Reader string
	Level  string // "character", "TPDU without T=0 or T=1", "ICCD version A", ...
}

func (e *LevelError) Error() string {
	return fmt.Sprintf("card reader %q works at %s level, which the station does not speak over raw USB; "+
		"use it through PC/SC (the smart-card service pcscd with its CCID driver) instead", e.Reader, e.Level)
}

func (e *LevelError) Unwrap() error { return ErrNeedsPCSC }

// checkInterface refuses what the protocol here cannot drive. APDU-level
// readers take APDUs; at TPDU level the host runs T=0 or T=1 itself, so
// the reader must offer one of them.
func checkInterface(reader string, i ccidInterface) error {
	switch i.Protocol {
	case 0:
	case 1:
		return &LevelError{Reader: reader, Level: "ICCD version A"}
	case 2:
		return &LevelError{Reader: reader, Level: "ICCD version B"}
	default:
		return &LevelError{Reader: reader, Level: fmt.Sprintf("unknown interface protocol %d", i.Protocol)}
	}
	switch l := levelOf(i.Class.Features); {
	case l == levelShortAPDU, l == levelExtendedAPDU:
		return nil
	case l == levelTPDU && i.Class.Protocols&(protoT0|protoT1) != 0:
		return nil
	case l == levelTPDU:
		return &LevelError{Reader: reader, Level: fmt.Sprintf("TPDU without T=0 or T=1 (dwProtocols %08X)", i.Class.Protocols)}
	default:
		return &LevelError{Reader: reader, Level: l.String()}
	}
}

// powerSelect is bPowerSelect for IccPowerOn: automatic where the reader
// picks the voltage, else the lowest class it offers, which no card
// takes harm from (ISO 7816-3 activates from the lowest class up).
func powerSelect(c classDesc) byte {
	if c.Features&featAutoVoltage != 0 {
		return 0x00
	}
	switch {
	case c.VoltageSupport&0x04 != 0:
		return 0x03 // 1.8 V
	case c.VoltageSupport&0x02 != 0:
		return 0x02 // 3 V
	case c.VoltageSupport&0x01 != 0:
		return 0x01 // 5 V
	}
	return 0x00
}

// describeFeatures words the automatic features for the log, so a reader
// that misbehaves can be told apart from one that needs the host to set
// parameters (which this package sends only at TPDU level).
func describeFeatures(f uint32) string {
	names := []struct {
		bit  uint32
		name string
	}{
		{featAutoParams, "parameters from ATR"}, {featAutoActivate, "activation on insert"},
		{featAutoVoltage, "voltage"}, {featAutoClock, "clock"}, {featAutoBaud, "baud rate"},
		{featAutoNegotiate, "parameter negotiation"}, {featAutoPPS, "PPS"},
	}
	var auto []string
	for _, n := range names {
		if f&n.bit != 0 {
			auto = append(auto, n.name)
		}
	}
	if len(auto) == 0 {
		return "none automatic"
	}
	return "automatic " + strings.Join(auto, ", ")
}
