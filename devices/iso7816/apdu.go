package iso7816

import (
	"errors"
	"fmt"
)

// GetUID is GET DATA for the card's UID (PC/SC part 3): FF CA 00 00 Le.
// Le 00 asks for all of it, however long it is.
func GetUID(le byte) []byte { return []byte{0xFF, 0xCA, 0x00, 0x00, le} }

// Status words a reader answers GET DATA with (PC/SC part 3, ISO 7816-4).
const (
	swOK          = 0x9000
	swShortData   = 0x6282 // end of data reached before Le bytes
	swFailed      = 0x6300
	swWrongLength = 0x6700
	swNoFunction  = 0x6A81
	swBadINS      = 0x6D00
	swBadCLA      = 0x6E00
)

// ParseUIDResponse splits a reader's answer to GET DATA into the card's UID
// and, when the reader says the UID may be cut short (6282), a warning to
// show next to it. It never returns a UID together with an error, and never
// an empty UID without one.
func ParseUIDResponse(resp []byte) (uid []byte, warning string, err error) {
	if len(resp) < 2 {
		return nil, "", fmt.Errorf("the reader's answer is %d bytes, too short for a status word", len(resp))
	}
	n := len(resp) - 2
	data := resp[:n]
	sw := uint16(resp[n])<<8 | uint16(resp[n+1])
	switch {
	case sw == swOK:
		if n == 0 {
			return nil, "", errors.New("the reader answered 9000 but sent no card number")
		}
		return clone(data), "", nil
	case sw == swShortData:
		if n == 0 {
			return nil, "", &StatusError{SW: sw, Problem: "end of data reached before any card number was sent"}
		}
		return clone(data), "the reader reached the end of the data early: the card number may be shorter than expected", nil
	case resp[n] == 0x6C:
		return nil, "", &WrongLeError{Available: resp[n+1]}
	}
	return nil, "", statusError(sw)
}

// statusError explains a status word that carries no card number.
func statusError(sw uint16) error {
	switch sw {
	case swNoFunction:
		return &StatusError{SW: sw, Kind: ErrUnsupported,
			Problem: "function not supported: this card or reader cannot report the card number"}
	case swBadINS:
		return &StatusError{SW: sw, Kind: ErrUnsupported,
			Problem: "instruction not supported: the reader does not know GET DATA; is it a contactless reader?"}
	case swBadCLA:
		return &StatusError{SW: sw, Kind: ErrUnsupported,
			Problem: "class not supported: the reader does not take PC/SC commands (FF); is it a contactless reader?"}
	case swWrongLength:
		return &StatusError{SW: sw, Problem: "wrong length: the reader rejected the length of the request"}
	case swFailed:
		return &StatusError{SW: sw, Problem: "operation failed: the reader could not get the card number; present the card again"}
	}
	return &StatusError{SW: sw}
}

func clone(b []byte) []byte { return append([]byte(nil), b...) }
