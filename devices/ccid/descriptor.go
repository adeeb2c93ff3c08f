package ccid

import (
	"encoding/binary"
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf16"
)

// USB descriptor types (USB 2.0 chapter 9) and the CCID class descriptor.
const (
	descDevice    = 0x01
	descConfig    = 0x02
	descString    = 0x03
	descInterface = 0x04
	descEndpoint  = 0x05
	descCCID      = 0x21

	classSmartCard = 0x0B

	deviceDescLen    = 18
	configHeaderLen  = 9
	interfaceDescLen = 9
	endpointDescLen  = 7
	ccidDescLen      = 54
)

// errNoCCID: the configuration has no usable smart-card interface.
var errNoCCID = errors.New("no CCID interface in the configuration")

// DescriptorError is a descriptor the station cannot make sense of.
type DescriptorError struct {
	What   string // "configuration descriptor", "CCID class descriptor", ...
	Offset int
	Reason string
}

func (e *DescriptorError) Error() string {
	return fmt.Sprintf("malformed %s at byte %d: %s", e.What, e.Offset, e.Reason)
}

// deviceDesc is what the station needs from the device descriptor.
type deviceDesc struct {
	Vendor, Product          uint16
	Class                    byte
	Manufacturer, ProductStr byte // string descriptor indexes, 0 for none
	NumConfigs               int
}

func parseDeviceDescriptor(b []byte) (deviceDesc, error) {
	if len(b) < deviceDescLen || int(b[0]) < deviceDescLen || b[1] != descDevice {
		return deviceDesc{}, &DescriptorError{What: "device descriptor", Reason: fmt.Sprintf("%d bytes, not a device descriptor of %d", len(b), deviceDescLen)}
	}
	return deviceDesc{
		Class:        b[4],
		Vendor:       binary.LittleEndian.Uint16(b[8:]),
		Product:      binary.LittleEndian.Uint16(b[10:]),
		Manufacturer: b[14],
		ProductStr:   b[15],
		NumConfigs:   int(b[17]),
	}, nil
}

// configDesc is a configuration descriptor with its CCID interfaces.
type configDesc struct {
	Value      int // bConfigurationValue
	Interfaces []ccidInterface
}

// ccidInterface is one smart-card interface (one alternate setting of it).
type ccidInterface struct {
	Number, Alternate int
	Protocol          byte // bInterfaceProtocol: 0 CCID, 1 and 2 ICCD
	Class             classDesc
	HasClass          bool
	BulkIn, BulkOut   uint8
	InterruptIn       uint8
}

func (i ccidInterface) binding(config int) Binding {
	return Binding{Config: config, Interface: i.Number, Alternate: i.Alternate,
		BulkIn: i.BulkIn, BulkOut: i.BulkOut, InterruptIn: i.InterruptIn}
}

// classDesc is the CCID class descriptor (CCID 1.1 section 5.1).
type classDesc struct {
	BCDCCID          uint16
	MaxSlotIndex     byte
	VoltageSupport   byte
	Protocols        uint32
	DefaultClock     uint32
	MaximumClock     uint32
	NumClocks        byte
	DataRate         uint32
	MaxDataRate      uint32
	NumDataRates     byte
	MaxIFSD          uint32
	SynchProtocols   uint32
	Mechanical       uint32
	Features         uint32
	MaxMessageLength uint32
	ClassGetResponse byte
	ClassEnvelope    byte
	LCDLayout        uint16
	PINSupport       byte
	MaxBusySlots     byte
}

func parseClassDescriptor(b []byte) (classDesc, error) {
	if len(b) < ccidDescLen {
		return classDesc{}, &DescriptorError{What: "CCID class descriptor", Reason: fmt.Sprintf("%d bytes where %d are needed", len(b), ccidDescLen)}
	}
	if b[1] != descCCID {
		return classDesc{}, &DescriptorError{What: "CCID class descriptor", Offset: 1, Reason: fmt.Sprintf("descriptor type %02X, not %02X", b[1], descCCID)}
	}
	le16 := func(o int) uint16 { return binary.LittleEndian.Uint16(b[o:]) }
	le32 := func(o int) uint32 { return binary.LittleEndian.Uint32(b[o:]) }
	return classDesc{
		BCDCCID:          le16(2),
		MaxSlotIndex:     b[4],
		VoltageSupport:   b[5],
		Protocols:        le32(6),
		DefaultClock:     le32(10),
		MaximumClock:     le32(14),
		NumClocks:        b[18],
		DataRate:         le32(19),
		MaxDataRate:      le32(23),
		NumDataRates:     b[27],
		MaxIFSD:          le32(28),
		SynchProtocols:   le32(32),
		Mechanical:       le32(36),
		Features:         le32(40),
		MaxMessageLength: le32(44),
		ClassGetResponse: b[48],
		ClassEnvelope:    b[49],
		LCDLayout:        le16(50),
		PINSupport:       b[52],
		MaxBusySlots:     b[53],
	}, nil
}

// parseConfig walks a raw configuration descriptor, descriptor by
// descriptor, and collects its smart-card interfaces with their class
// descriptor and endpoints. The class descriptor is looked for anywhere in
// the interface's run of descriptors: some readers put it after the
// endpoints rather than before.
func parseConfig(b []byte) (configDesc, error) {
	bad := func(off int, format string, args ...any) (configDesc, error) {
		return configDesc{}, &DescriptorError{What: "configuration descriptor", Offset: off, Reason: fmt.Sprintf(format, args...)}
	}
	if len(b) < configHeaderLen || int(b[0]) < configHeaderLen || b[1] != descConfig {
		return bad(0, "does not start with a configuration descriptor")
	}
	total := int(binary.LittleEndian.Uint16(b[2:]))
	if total < configHeaderLen {
		return bad(2, "announces %d bytes, fewer than its own header", total)
	}
	if total > len(b) {
		return bad(2, "announces %d bytes, %d arrived", total, len(b))
	}
	b = b[:total]
	cfg := configDesc{Value: int(b[5])}
	var cur *ccidInterface // the smart-card interface whose descriptors follow, if any
	for off := 0; off < len(b); {
		if len(b)-off < 2 {
			return bad(off, "%d stray byte at the end", len(b)-off)
		}
		n, typ := int(b[off]), b[off+1]
		if n < 2 {
			return bad(off, "descriptor length %d", n)
		}
		if off+n > len(b) {
			return bad(off, "descriptor of %d bytes runs past the end", n)
		}
		d := b[off : off+n]
		switch typ {
		case descInterface:
			if n < interfaceDescLen {
				return bad(off, "interface descriptor of %d bytes", n)
			}
			cur = nil
			if d[5] == classSmartCard {
				cfg.Interfaces = append(cfg.Interfaces, ccidInterface{Number: int(d[2]), Alternate: int(d[3]), Protocol: d[7]})
				cur = &cfg.Interfaces[len(cfg.Interfaces)-1]
			}
		case descEndpoint:
			if cur == nil {
				break
			}
			if n < endpointDescLen {
				return bad(off, "endpoint descriptor of %d bytes", n)
			}
			addEndpoint(cur, d[2], d[3])
		case descCCID:
			if cur == nil {
				break // a HID descriptor has the same type code
			}
			cd, err := parseClassDescriptor(d)
			if err != nil {
				return bad(off, "%v", err)
			}
			cur.Class, cur.HasClass = cd, true
		}
		off += n
	}
	return cfg, nil
}

func addEndpoint(i *ccidInterface, addr, attrs byte) {
	in := addr&0x80 != 0
	switch attrs & 0x03 {
	case 0x02: // bulk
		if in && i.BulkIn == 0 {
			i.BulkIn = addr
		} else if !in && i.BulkOut == 0 {
			i.BulkOut = addr
		}
	case 0x03: // interrupt
		if in && i.InterruptIn == 0 {
			i.InterruptIn = addr
		}
	}
}

// usable picks the first smart-card interface that has what the protocol
// needs: the class descriptor and both bulk pipes.
func (c configDesc) usable() (ccidInterface, error) {
	if len(c.Interfaces) == 0 {
		return ccidInterface{}, errNoCCID
	}
	var why error
	for _, i := range c.Interfaces {
		switch {
		case !i.HasClass:
			why = fmt.Errorf("interface %d has no CCID class descriptor", i.Number)
		case i.BulkIn == 0 || i.BulkOut == 0:
			why = fmt.Errorf("interface %d lacks a bulk-in or bulk-out endpoint", i.Number)
		default:
			return i, nil
		}
	}
	return ccidInterface{}, why
}

// parseStringDescriptor decodes a string descriptor's UTF-16LE text;
// characters outside the basic plane come as surrogate pairs.
func parseStringDescriptor(b []byte) (string, error) {
	if len(b) < 2 || b[1] != descString || int(b[0]) > len(b) || b[0] < 2 {
		return "", &DescriptorError{What: "string descriptor", Reason: "not a string descriptor"}
	}
	b = b[2:b[0]]
	u := make([]uint16, 0, len(b)/2)
	for i := 0; i+1 < len(b); i += 2 {
		u = append(u, binary.LittleEndian.Uint16(b[i:]))
	}
	// Devices pad with NULs and spaces, and a name goes on screen: keep
	// printable characters only.
	text := strings.Map(func(r rune) rune {
		if !unicode.IsPrint(r) {
			return -1
		}
		return r
	}, string(utf16.Decode(u)))
	return strings.TrimSpace(text), nil
}
