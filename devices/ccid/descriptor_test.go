package ccid

import (
	"bytes"
	"errors"
	"testing"
)

// goldenConfig is the configuration descriptor of a single-slot
// contactless reader at extended APDU level, written out field by field.
var goldenConfig = concat(
	[]byte{0x09, 0x02, 0x5D, 0x00, 0x01, 0x01, 0x00, 0x80, 0x32}, // configuration 1, 93 bytes, one interface
	[]byte{0x09, 0x04, 0x00, 0x00, 0x03, 0x0B, 0x00, 0x00, 0x00}, // interface 0, 3 endpoints, class 0B
	goldenClass,
	[]byte{0x07, 0x05, 0x01, 0x02, 0x40, 0x00, 0x00}, // bulk out 01
	[]byte{0x07, 0x05, 0x82, 0x02, 0x40, 0x00, 0x00}, // bulk in 82
	[]byte{0x07, 0x05, 0x83, 0x03, 0x0A, 0x00, 0x10}, // interrupt in 83
)

var goldenClass = concat(
	[]byte{0x36, 0x21},             // 54 bytes, CCID
	[]byte{0x10, 0x01},             // bcdCCID 1.10
	[]byte{0x00},                   // bMaxSlotIndex
	[]byte{0x07},                   // bVoltageSupport 5, 3, 1.8 V
	[]byte{0x03, 0x00, 0x00, 0x00}, // dwProtocols T=0, T=1
	[]byte{0xC0, 0x12, 0x00, 0x00}, // dwDefaultClock 4800 kHz
	[]byte{0xC0, 0x12, 0x00, 0x00}, // dwMaximumClock
	[]byte{0x00},                   // bNumClockSupported
	[]byte{0xCD, 0x25, 0x00, 0x00}, // dwDataRate 9677
	[]byte{0x4C, 0x9D, 0x06, 0x00}, // dwMaxDataRate 433484
	[]byte{0x00},                   // bNumDataRatesSupported
	[]byte{0xFE, 0x00, 0x00, 0x00}, // dwMaxIFSD 254
	[]byte{0x00, 0x00, 0x00, 0x00}, // dwSynchProtocols
	[]byte{0x00, 0x00, 0x00, 0x00}, // dwMechanical
	[]byte{0xBA, 0x04, 0x04, 0x00}, // dwFeatures 000404BA
	[]byte{0x0F, 0x01, 0x00, 0x00}, // dwMaxCCIDMessageLength 271
	[]byte{0xFF, 0xFF},             // bClassGetResponse, bClassEnvelope
	[]byte{0x00, 0x00},             // wLcdLayout
	[]byte{0x00},                   // bPINSupport
	[]byte{0x01},                   // bMaxCCIDBusySlots
)

func concat(parts ...[]byte) []byte { return bytes.Join(parts, nil) }

func TestParseGoldenConfig(t *testing.T) {
	if len(goldenClass) != 54 || len(goldenConfig) != 0x5D {
		t.Fatalf("golden bytes miscounted: class %d, config %d", len(goldenClass), len(goldenConfig))
	}
	cfg, err := parseConfig(goldenConfig)
	if err != nil {
		t.Fatal(err)
	}
	i, err := cfg.usable()
	if err != nil {
		t.Fatal(err)
	}
	want := classDesc{
		BCDCCID: 0x0110, VoltageSupport: 7, Protocols: 3, DefaultClock: 4800, MaximumClock: 4800,
		DataRate: 9677, MaxDataRate: 433484, MaxIFSD: 254, Features: 0x000404BA, MaxMessageLength: 271,
		ClassGetResponse: 0xFF, ClassEnvelope: 0xFF, MaxBusySlots: 1,
	}
	if i.Class != want {
		t.Errorf("class descriptor\n got %+v\nwant %+v", i.Class, want)
	}
	if got, want := i.binding(cfg.Value), (Binding{Config: 1, BulkIn: 0x82, BulkOut: 0x01, InterruptIn: 0x83}); got != want {
		t.Errorf("binding %+v, want %+v", got, want)
	}
	if levelOf(i.Class.Features) != levelExtendedAPDU {
		t.Errorf("level %v", levelOf(i.Class.Features))
	}
}

// A composite device: a HID interface (whose descriptor also has type 21)
// first, then the smart-card interface with its class descriptor after
// the endpoints and no interrupt pipe.
func TestParseCompositeClassAfterEndpoints(t *testing.T) {
	hid := concat(
		[]byte{0x09, 0x04, 0x00, 0x00, 0x01, 0x03, 0x01, 0x01, 0x00},
		[]byte{0x09, 0x21, 0x11, 0x01, 0x00, 0x01, 0x22, 0x3F, 0x00}, // HID descriptor
		[]byte{0x07, 0x05, 0x81, 0x03, 0x08, 0x00, 0x0A},
	)
	ccid := concat(
		[]byte{0x09, 0x04, 0x01, 0x00, 0x02, 0x0B, 0x00, 0x00, 0x00},
		[]byte{0x07, 0x05, 0x02, 0x02, 0x40, 0x00, 0x00},
		[]byte{0x07, 0x05, 0x84, 0x02, 0x40, 0x00, 0x00},
		goldenClass,
	)
	head := []byte{0x09, 0x02, 0, 0, 0x02, 0x03, 0x00, 0x80, 0x32}
	raw := concat(head, hid, ccid)
	raw[2] = byte(len(raw))
	cfg, err := parseConfig(raw)
	if err != nil {
		t.Fatal(err)
	}
	i, err := cfg.usable()
	if err != nil {
		t.Fatal(err)
	}
	if got, want := i.binding(cfg.Value), (Binding{Config: 3, Interface: 1, BulkIn: 0x84, BulkOut: 0x02}); got != want {
		t.Errorf("binding %+v, want %+v", got, want)
	}
	if i.Class.Features != 0x000404BA {
		t.Errorf("features %08X", i.Class.Features)
	}
}

func TestParseConfigRejects(t *testing.T) {
	withTotal := func(b []byte, total int) []byte {
		b = clone(b)
		b[2], b[3] = byte(total), byte(total>>8)
		return b
	}
	cases := []struct {
		name string
		raw  []byte
		err  string
	}{
		{"empty", nil, "does not start with a configuration descriptor"},
		{"device descriptor", []byte{0x12, 0x01, 0, 2, 0, 0, 0, 64, 0, 0}, "does not start"},
		{"longer than sent", withTotal(goldenConfig, 200), "announces 200 bytes, 93 arrived"},
		{"zero length descriptor", concat(withTotal(goldenConfig[:9], 11), []byte{0x00, 0x04}), "descriptor length 0"},
		{"runs past the end", concat(withTotal(goldenConfig[:9], 12), []byte{0x09, 0x04, 0x00}), "runs past the end"},
		{"stray byte", concat(withTotal(goldenConfig[:9], 10), []byte{0x09}), "stray byte"},
		{"short class descriptor", concat(withTotal(goldenConfig[:18], 22), []byte{0x04, 0x21, 0x10, 0x01}), "CCID class descriptor"},
		{"short interface", concat(withTotal(goldenConfig[:9], 12), []byte{0x03, 0x04, 0x00}), "interface descriptor of 3 bytes"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := parseConfig(c.raw)
			var de *DescriptorError
			if !errors.As(err, &de) || !bytes.Contains([]byte(err.Error()), []byte(c.err)) {
				t.Fatalf("err = %v, want a DescriptorError with %q", err, c.err)
			}
		})
	}
}

func TestUsableNeedsClassAndBulk(t *testing.T) {
	noClass := concat(goldenConfig[:18], goldenConfig[72:])
	noClass[2] = byte(len(noClass))
	noBulkIn := concat(goldenConfig[:79], goldenConfig[86:])
	noBulkIn[2] = byte(len(noBulkIn))
	printer := clone(goldenConfig)
	printer[9+5] = 0x07
	cases := []struct {
		name string
		raw  []byte
		want string
	}{
		{"no class descriptor", noClass, "no CCID class descriptor"},
		{"no bulk in", noBulkIn, "lacks a bulk-in or bulk-out endpoint"},
		{"not a smart card", printer, errNoCCID.Error()},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cfg, err := parseConfig(c.raw)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := cfg.usable(); err == nil || err.Error() != c.want && !bytes.Contains([]byte(err.Error()), []byte(c.want)) {
				t.Fatalf("usable: %v, want %q", err, c.want)
			}
		})
	}
}

func TestParseDeviceAndStringDescriptors(t *testing.T) {
	dev := []byte{0x12, 0x01, 0x00, 0x02, 0x00, 0x00, 0x00, 0x40, 0x2F, 0x07, 0x23, 0x22, 0x00, 0x02, 0x01, 0x02, 0x00, 0x01}
	d, err := parseDeviceDescriptor(dev)
	if err != nil {
		t.Fatal(err)
	}
	if d.Vendor != 0x072F || d.Product != 0x2223 || d.Manufacturer != 1 || d.ProductStr != 2 || d.NumConfigs != 1 {
		t.Errorf("device descriptor %+v", d)
	}
	if _, err := parseDeviceDescriptor(dev[:17]); err == nil {
		t.Error("a 17-byte device descriptor parsed")
	}
	cases := []struct {
		raw  []byte
		want string
		ok   bool
	}{
		{[]byte{0x0A, 0x03, 'A', 0, 'C', 0, 'M', 0, 'E', 0}, "ACME", true},
		{[]byte{0x0C, 0x03, 'T', 0, 'a', 0, 'p', 0, ' ', 0, 0, 0}, "Tap", true}, // padded
		{[]byte{0x06, 0x03, 0xAC, 0x20, 0x07, 0x00}, "€", true},                 // non-ASCII, a control character dropped
		{[]byte{0x08, 0x03, 'A', 0}, "", false},                                 // bLength past the data
		{[]byte{0x04, 0x02, 'A', 0}, "", false},
	}
	for _, c := range cases {
		got, err := parseStringDescriptor(c.raw)
		if (err == nil) != c.ok || got != c.want {
			t.Errorf("% x: %q, %v; want %q", c.raw, got, err, c.want)
		}
	}
}
