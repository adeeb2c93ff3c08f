package enroll

import (
	"context"
	"encoding/hex"
	"errors"
	"strings"

	"github.com/carddesk/carddesk/cardformat"
)

// Decode applies the reader's settings to a raw read: a UID read in a
// chosen format gets that format's bits, and a keyboard reader's typed
// text becomes a UID or bits as its meaning says. A read the settings do
// not fit is a *BadReadError naming the reader's format. It needs no
// sign-in: reads are decoded as they come, for the Devices screen too.
func (s *Devices) Decode(ctx context.Context, read CardRead) (CardRead, error) {
	if read.Bits != "" {
		return read, nil // the reader decoded the bits itself
	}
	var c ReaderConfig
	var f cardformat.Format
	err := s.store.View(ctx, func(tx Tx) error {
		var err error
		c, err = tx.Readers().ByName(ctx, read.Reader)
		switch {
		case errors.Is(err, ErrNotFound):
			c, err = ReaderConfig{Name: read.Reader}, nil
		case err != nil:
			return err
		}
		if c.Format != "" {
			f, err = findFormat(ctx, tx, c.Format)
		}
		return err
	})
	if err != nil {
		return read, err
	}
	return decodeRead(c, f, read)
}

// decodeRead is Decode once the reader's config and format are known.
func decodeRead(c ReaderConfig, f cardformat.Format, read CardRead) (CardRead, error) {
	if read.Typed != "" {
		return decodeTyped(c, f, read)
	}
	if c.Format == "" || len(read.UID) == 0 {
		return read, nil
	}
	return uidInFormat(f, read)
}

// uidInFormat reads the UID's bits in the reader's format.
func uidInFormat(f cardformat.Format, read CardRead) (CardRead, error) {
	if len(read.UID)*8 != f.Length {
		return read, badRead(f.ID, msg(MsgReadUIDLength, Data{"Bytes": len(read.UID), "Bits": len(read.UID) * 8, "Length": f.Length}))
	}
	b, err := cardformat.BitsFromBytes(read.UID)
	if err != nil {
		return read, badReadCause(f.ID, err)
	}
	read.Format, read.Bits = f.ID, b.String()
	return read, nil
}

// decodeTyped turns what a keyboard reader typed into a UID or bits.
func decodeTyped(c ReaderConfig, f cardformat.Format, read CardRead) (CardRead, error) {
	text := strings.TrimSpace(read.Typed)
	switch c.Meaning {
	case WedgeCSN:
		uid, err := hex.DecodeString(text)
		if err != nil || len(uid) == 0 {
			return read, badRead("csn", msg(MsgReadNotHex, Data{"Text": text}))
		}
		read.UID = uid
		if c.Format != "" {
			return uidInFormat(f, read)
		}
		return read, nil
	case WedgeBits:
		return typedBits(f, read, text)
	case WedgeNumber:
		return typedNumber(c, f, read, text)
	}
	return read, badRead("?", msg(MsgReadNoSettings, Data{"Reader": read.Reader}))
}

// typedBits takes 0/1 digits of the format's length as bits, anything
// else as the bits' value in hex.
func typedBits(f cardformat.Format, read CardRead, text string) (CardRead, error) {
	if len(text) != f.Length || strings.Trim(text, "01") != "" {
		text = "0x" + text
	}
	b, err := cardformat.ParseBits(text, f.Length)
	if err != nil {
		return read, badReadCause(f.ID, err)
	}
	read.Format, read.Bits = f.ID, b.String()
	return read, nil
}

// typedNumber encodes the typed card number with the reader's other field
// values.
func typedNumber(c ReaderConfig, f cardformat.Format, read CardRead, text string) (CardRead, error) {
	values := map[string]string{ReaderNumberField: strings.TrimLeft(text, "0")}
	if values[ReaderNumberField] == "" {
		values[ReaderNumberField] = "0"
	}
	for k, v := range c.Fields {
		values[k] = v
	}
	b, err := f.Encode(values)
	if err != nil {
		return read, badReadCause(f.ID, err)
	}
	read.Format, read.Bits = f.ID, b.String()
	return read, nil
}
