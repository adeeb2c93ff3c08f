// Package ccidemu emulates a USB CCID card reader for tests: the standard
// descriptors and control requests it answers, the CCID class descriptor,
// and the bulk and interrupt messages of CCID 1.1, byte for byte. It also
// misbehaves on request (time extensions, errors, stale and garbled
// messages, hanging, unplugging) so the host side can be tested against
// what real readers do.
//
// It implements ccid.Bus, ccid.Device and ccid.Transport; the wire format
// is encoded here independently of package ccid, so one side's mistake is
// not mirrored by the other.
package ccidemu

import "encoding/binary"

// Level is the exchange level a reader announces in dwFeatures.
type Level int

const (
	ShortAPDU Level = iota
	ExtendedAPDU
	TPDU
	Character
)

// Config describes the emulated reader. Zero fields take the defaults.
type Config struct {
	Bus, Address     int    // default 1, 4
	Vendor, Product  uint16 // default 1209:CC1D
	ManufacturerName string // "" for a device without the string
	ProductName      string
	Level            Level
	Slots            int // default 1
	// Interrupt gives the interface an interrupt-in pipe that carries
	// NotifySlotChange.
	Interrupt bool
	// ClassAfterEndpoints puts the CCID class descriptor after the
	// endpoint descriptors, as some readers do.
	ClassAfterEndpoints bool
	// Features overrides dwFeatures (the level bits included).
	Features uint32
	// Voltage is bVoltageSupport; default 07 (5, 3 and 1.8 V).
	Voltage byte
	// Protocols is dwProtocols; default 03 (T=0 and T=1).
	Protocols uint32
	// MaxMessage is dwMaxCCIDMessageLength; default 271 (short APDU) or
	// 65544 (extended).
	MaxMessage uint32
	// MuteWhenEmpty answers GetSlotStatus on an empty slot as a failed
	// command with ICC_MUTE, as many readers do, instead of a plain status.
	MuteWhenEmpty bool
	// ClassDescriptor, when set, is sent as the CCID class descriptor in
	// place of the one built from the fields above: a real reader's, to
	// see what the host makes of it. Slots should then match its
	// bMaxSlotIndex.
	ClassDescriptor []byte
}

// Endpoint addresses of the emulated interface.
const (
	EPBulkOut     = 0x01
	EPBulkIn      = 0x82
	EPInterruptIn = 0x83
)

func (c Config) withDefaults() Config {
	if c.Bus == 0 {
		c.Bus = 1
	}
	if c.Address == 0 {
		c.Address = 4
	}
	if c.Vendor == 0 && c.Product == 0 {
		c.Vendor, c.Product = 0x1209, 0xCC1D
	}
	if c.Slots <= 0 {
		c.Slots = 1
	}
	if c.Features == 0 {
		c.Features = map[Level]uint32{
			ShortAPDU:    0x000204FA,
			ExtendedAPDU: 0x000404FA,
			TPDU:         0x000100BA,
			Character:    0x000000BA,
		}[c.Level]
	}
	if c.Voltage == 0 {
		c.Voltage = 0x07
	}
	if c.Protocols == 0 {
		c.Protocols = 0x03
	}
	if c.MaxMessage == 0 {
		c.MaxMessage = 271
		if c.Level == ExtendedAPDU {
			c.MaxMessage = 65544
		}
	}
	return c
}

// String indexes of the names.
const (
	strManufacturer = 1
	strProduct      = 2
)

// DeviceDescriptor is the 18-byte standard device descriptor.
func (c Config) DeviceDescriptor() []byte {
	c = c.withDefaults()
	d := []byte{18, 0x01, 0x00, 0x02, 0x00, 0x00, 0x00, 64, 0, 0, 0, 0, 0x00, 0x01, 0, 0, 0, 1}
	binary.LittleEndian.PutUint16(d[8:], c.Vendor)
	binary.LittleEndian.PutUint16(d[10:], c.Product)
	if c.ManufacturerName != "" {
		d[14] = strManufacturer
	}
	if c.ProductName != "" {
		d[15] = strProduct
	}
	return d
}

// ConfigDescriptor is the whole configuration descriptor: configuration,
// smart-card interface, CCID class descriptor and endpoints.
func (c Config) ConfigDescriptor() []byte {
	c = c.withDefaults()
	eps := [][]byte{
		{7, 0x05, EPBulkOut, 0x02, 64, 0, 0},
		{7, 0x05, EPBulkIn, 0x02, 64, 0, 0},
	}
	if c.Interrupt {
		eps = append(eps, []byte{7, 0x05, EPInterruptIn, 0x03, 8, 0, 0x18})
	}
	iface := []byte{9, 0x04, 0, 0, byte(len(eps)), 0x0B, 0, 0, 0}
	body := append([]byte{}, iface...)
	if !c.ClassAfterEndpoints {
		body = append(body, c.classDescriptor()...)
	}
	for _, e := range eps {
		body = append(body, e...)
	}
	if c.ClassAfterEndpoints {
		body = append(body, c.classDescriptor()...)
	}
	head := []byte{9, 0x02, 0, 0, 1, 1, 0, 0x80, 50}
	binary.LittleEndian.PutUint16(head[2:], uint16(len(head)+len(body)))
	return append(head, body...)
}

func (c Config) classDescriptor() []byte {
	if c.ClassDescriptor != nil {
		return append([]byte(nil), c.ClassDescriptor...)
	}
	d := make([]byte, 54)
	d[0], d[1] = 54, 0x21
	binary.LittleEndian.PutUint16(d[2:], 0x0110)
	d[4] = byte(c.Slots - 1)
	d[5] = c.Voltage
	binary.LittleEndian.PutUint32(d[6:], c.Protocols)
	binary.LittleEndian.PutUint32(d[10:], 4000)   // kHz
	binary.LittleEndian.PutUint32(d[14:], 12000)  // kHz
	binary.LittleEndian.PutUint32(d[19:], 10752)  // bps
	binary.LittleEndian.PutUint32(d[23:], 825806) // bps
	binary.LittleEndian.PutUint32(d[28:], 254)    // dwMaxIFSD
	binary.LittleEndian.PutUint32(d[40:], c.Features)
	binary.LittleEndian.PutUint32(d[44:], c.MaxMessage)
	d[48], d[49] = 0xFF, 0xFF
	d[53] = 1
	return d
}

// stringDescriptor encodes s as UTF-16LE (ASCII is all the tests need).
func stringDescriptor(s string) []byte {
	d := []byte{byte(2 + 2*len(s)), 0x03}
	for _, r := range s {
		d = append(d, byte(r), byte(r>>8))
	}
	return d
}
