package ccid

import (
	"bufio"
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// realReaders is what the station makes of the CCID class descriptors of
// readers on the market, from testdata/readers (each file's header names
// the dump it comes from). The hand-written descriptors elsewhere test the parser's
// corners; these test it against what real readers send.
var realReaders = []struct {
	file string
	// What the station derives from the descriptor.
	level       string // exchange level, as logged and as a refusal names it
	driven      bool   // cards are read here; else refused, pointing to PC/SC
	protocols   uint32 // dwProtocols: 1 T=0, 2 T=1
	powerSelect byte   // bPowerSelect of IccPowerOn: 00 automatic, 03 1.8 V
	maxAPDU     int    // the longest command APDU sent
	buffer      int    // the bulk-in buffer
	features    string // the automatic features, as logged
}{
	{"acs_acr122u.txt", "short APDU", true, 0x2, 0x03, 261, 512,
		"automatic parameter negotiation"},
	{"omnikey_cardman_3121.txt", "short APDU", true, 0x3, 0x03, 261, 512,
		"automatic parameters from ATR, clock, baud rate, PPS"},
	{"omnikey_3121_3022.txt", "short and extended APDU", true, 0x3, 0x03, 492, 512,
		"automatic parameters from ATR, clock, baud rate, PPS"},
	{"hid_omnikey_5422_contactless.txt", "short and extended APDU", true, 0x3, 0x00, 510, 1024,
		"automatic parameters from ATR, voltage, clock, baud rate, PPS"},
	{"hid_omnikey_5422_contact.txt", "short and extended APDU", true, 0x3, 0x00, 510, 1024,
		"automatic voltage, clock, baud rate, PPS"},
	{"omnikey_5421.txt", "TPDU", true, 0x3, 0x03, 261, 512,
		"automatic clock, baud rate, PPS"},
	{"scm_scr3310.txt", "TPDU", true, 0x3, 0x00, 261, 512,
		"automatic parameters from ATR, voltage, clock, baud rate, PPS"},
}

func TestRealReaders(t *testing.T) {
	for _, rr := range realReaders {
		t.Run(strings.TrimSuffix(rr.file, ".txt"), func(t *testing.T) {
			d := loadDump(t, rr.file)
			want := d.classFields(t)
			got, err := parseClassDescriptor(d.class)
			if err != nil {
				t.Fatal(err)
			}
			if got != want {
				t.Fatalf("class descriptor\n got %+v\nwant %+v (the dump's fields)", got, want)
			}

			// Through the whole configuration, as the station reads it.
			cfg, err := parseConfig(configOf(d.run(t, 0x01)))
			if err != nil {
				t.Fatal(err)
			}
			iface, err := cfg.usable()
			if err != nil {
				t.Fatal(err)
			}
			if iface.Class != want {
				t.Errorf("class in the configuration %+v", iface.Class)
			}
			reader := "Real Reader (USB 001:004)"
			refusal := checkInterface(reader, iface)
			if lvl := levelOf(iface.Class.Features).String(); lvl != rr.level {
				t.Errorf("level %q, want %q", lvl, rr.level)
			}
			if rr.driven && refusal != nil {
				t.Errorf("refused: %v", refusal)
			}
			if !rr.driven {
				var le *LevelError
				if !errors.As(refusal, &le) || !errors.Is(refusal, ErrNeedsPCSC) {
					t.Fatalf("refusal %v, want a LevelError", refusal)
				}
				for _, say := range []string{`"` + reader + `" works at ` + rr.level + " level", "use it through PC/SC", "pcscd"} {
					if !strings.Contains(refusal.Error(), say) {
						t.Errorf("%q does not say %q", refusal, say)
					}
				}
			}
			if slots := min(int(iface.Class.MaxSlotIndex)+1, maxSlots); slots != 1 {
				t.Errorf("%d slots", slots)
			}
			if iface.Class.Protocols != rr.protocols {
				t.Errorf("protocols %X, want %X", iface.Class.Protocols, rr.protocols)
			}
			if ps := powerSelect(iface.Class); ps != rr.powerSelect {
				t.Errorf("bPowerSelect %02X, want %02X", ps, rr.powerSelect)
			}
			if f := describeFeatures(iface.Class.Features); f != rr.features {
				t.Errorf("features %q, want %q", f, rr.features)
			}
			if n := readBufferSize(iface.Class.MaxMessageLength); n != rr.buffer {
				t.Errorf("buffer %d, want %d", n, rr.buffer)
			}
			assertLongestAPDU(t, iface.Class, rr.maxAPDU)
		})
	}
}

// assertLongestAPDU checks the longest APDU (at TPDU level: the longest
// TPDU or block) is sent and one byte more is not: a message longer than
// dwMaxCCIDMessageLength is one the reader may refuse or cut.
func assertLongestAPDU(t *testing.T, class classDesc, longest int) {
	t.Helper()
	for _, n := range []int{longest, longest + 1} {
		tr := &recorder{}
		c := newConn(tr, "Real Reader", class, time.Second, nil)
		send := func(b []byte) error { _, err := c.transmit(t.Context(), 0, b); return err }
		if c.level == levelTPDU { // the longest TPDU or T=1 block
			send = func(b []byte) error { _, err := c.xfrTPDU(0)(t.Context(), b, 0); return err }
		}
		err := send(make([]byte, n))
		switch sent := len(tr.written) == 1; {
		case n == longest && (!sent || len(tr.written[0]) != headerLen+n):
			t.Errorf("an APDU of %d bytes was not sent whole: %v", n, err)
		case n > longest && (sent || err == nil || !strings.Contains(err.Error(), "longer than the reader takes")):
			t.Errorf("an APDU of %d bytes went out (%v)", n, err)
		}
	}
}

// recorder is a Transport that takes commands and answers none.
type recorder struct{ written [][]byte }

func (r *recorder) Write(_ context.Context, p []byte) (int, error) {
	r.written = append(r.written, clone(p))
	return len(p), nil
}
func (r *recorder) Read(context.Context, []byte) (int, error)      { return 0, ErrDeviceGone }
func (r *recorder) Interrupt(context.Context, []byte) (int, error) { return 0, ErrNoInterrupt }
func (r *recorder) Close() error                                   { return nil }

// The OMNIKEY 5422 has two smart-card interfaces, contactless first: the
// station takes the first, which is the one cards are waved at.
func TestRealDualInterfaceReader(t *testing.T) {
	contactless := loadDump(t, "hid_omnikey_5422_contactless.txt")
	contact := loadDump(t, "hid_omnikey_5422_contact.txt")
	cfg, err := parseConfig(configOf(contactless.run(t, 0x01), contact.run(t, 0x04)))
	if err != nil {
		t.Fatal(err)
	}
	if len(cfg.Interfaces) != 2 {
		t.Fatalf("%d smart-card interfaces, want 2", len(cfg.Interfaces))
	}
	i, err := cfg.usable()
	if err != nil {
		t.Fatal(err)
	}
	if i.Number != 0 || i.Class != contactless.classFields(t) {
		t.Errorf("took interface %d, %+v", i.Number, i.Class)
	}
	if got, want := i.binding(cfg.Value), (Binding{Config: 1, Interface: 0, BulkOut: 0x01, BulkIn: 0x82, InterruptIn: 0x83}); got != want {
		t.Errorf("binding %+v, want %+v", got, want)
	}
	if c := cfg.Interfaces[1]; c.Number != 1 || c.Class != contact.classFields(t) || c.BulkOut != 0x04 {
		t.Errorf("second interface %+v", c)
	}
}

// configOf is configuration 1 with one interface per run of descriptors.
func configOf(runs ...[]byte) []byte {
	body := concat(runs...)
	total := configHeaderLen + len(body)
	head := []byte{configHeaderLen, descConfig, byte(total), byte(total >> 8), byte(len(runs)), 0x01, 0x00, 0x80, 0x32}
	return concat(head, body)
}

// run is the interface's descriptors: the interface descriptor from the
// dump's fields, the class descriptor, and bulk out, bulk in and interrupt
// in from firstEndpoint on. The dumps say a reader has those three, not at
// which addresses, so the addresses are the test's own; iInterface is 0
// (the dumps show the string, not its index).
func (d dump) run(t testing.TB, firstEndpoint byte) []byte {
	t.Helper()
	field := func(name string) byte {
		word, _, _ := strings.Cut(d.iface[name], " ")
		n, err := strconv.ParseUint(word, 0, 8)
		if err != nil {
			t.Fatalf("%s %q: %v", name, d.iface[name], err)
		}
		return byte(n)
	}
	iface := []byte{interfaceDescLen, descInterface, field("bInterfaceNumber"), field("bAlternateSetting"), field("bNumEndpoints"),
		field("bInterfaceClass"), field("bInterfaceSubClass"), field("bInterfaceProtocol"), 0x00}
	return concat(iface, d.class,
		[]byte{endpointDescLen, descEndpoint, firstEndpoint, 0x02, 0x40, 0x00, 0x00},
		[]byte{endpointDescLen, descEndpoint, 0x80 | (firstEndpoint + 1), 0x02, 0x40, 0x00, 0x00},
		[]byte{endpointDescLen, descEndpoint, 0x80 | (firstEndpoint + 2), 0x03, 0x08, 0x00, 0x10},
	)
}

// dump is one smart-card interface of a real reader, as a file in
// testdata/readers holds it: the fields the CCID driver project's parse
// tool printed for it (its header names the source), and the 54-byte class
// descriptor written back from them.
type dump struct {
	iface map[string]string // the interface's fields, by name
	cls   map[string]string // the class descriptor's fields, by name
	class []byte
}

func loadDump(t testing.TB, file string) dump {
	t.Helper()
	d, err := readDump(filepath.Join("testdata", "readers", file))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// readDump reads a dump file: "#" comments, the dump's lines (indented as
// the tool printed them: a field is "name: value", deeper lines explain
// the one before), then "class:" and the descriptor in hex.
func readDump(path string) (dump, error) {
	f, err := os.Open(path)
	if err != nil {
		return dump{}, err
	}
	defer f.Close()
	d := dump{iface: map[string]string{}, cls: map[string]string{}}
	fields, inHex := d.iface, false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		text := strings.TrimSpace(line)
		switch {
		case text == "" || strings.HasPrefix(line, "#"):
		case text == "class:":
			inHex = true
		case inHex:
			b, err := hex.DecodeString(strings.ReplaceAll(text, " ", ""))
			if err != nil {
				return dump{}, fmt.Errorf("%s: %w", path, err)
			}
			d.class = append(d.class, b...)
		case text == "CCID Class Descriptor":
			fields = d.cls
		case strings.HasPrefix(line, "   "): // an explanation of the field above
		default:
			if name, value, ok := strings.Cut(text, ": "); ok {
				fields[name] = value
			}
		}
	}
	if err := sc.Err(); err != nil {
		return dump{}, err
	}
	if len(d.class) != ccidDescLen {
		return dump{}, fmt.Errorf("%s: %d class descriptor bytes, want %d", path, len(d.class), ccidDescLen)
	}
	return d, nil
}

// classFields is the class descriptor as the dump's fields give it, read
// the way the parse tool printed them (src/parse.c): bcdCCID as "%X.%02X",
// dwProtocols as two 16-bit halves, clocks in MHz with three decimals.
func (d dump) classFields(t testing.TB) classDesc {
	t.Helper()
	num := func(name string, base, bits int) uint64 {
		v, ok := d.cls[name]
		if !ok {
			t.Fatalf("the dump has no %s", name)
		}
		word, _, _ := strings.Cut(v, " ")
		n, err := strconv.ParseUint(strings.TrimPrefix(word, "0x"), base, bits)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		return n
	}
	khz := func(name string) uint32 {
		mhz, _, _ := strings.Cut(d.cls[name], " MHz")
		f, err := strconv.ParseFloat(mhz, 64)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		return uint32(math.Round(f * 1000))
	}
	major, minor, _ := strings.Cut(d.cls["bcdCCID"], ".")
	bcd, err := strconv.ParseUint(major+minor, 16, 16)
	if err != nil {
		t.Fatalf("bcdCCID: %v", err)
	}
	hi, lo, _ := strings.Cut(d.cls["dwProtocols"], " ")
	protoHi, err1 := strconv.ParseUint(strings.TrimPrefix(hi, "0x"), 16, 16)
	protoLo, err2 := strconv.ParseUint(strings.TrimPrefix(lo, "0x"), 16, 16)
	if err := errors.Join(err1, err2); err != nil {
		t.Fatalf("dwProtocols: %v", err)
	}
	if num("bLength", 16, 8) != uint64(d.class[0]) || num("bDescriptorType", 16, 8) != uint64(d.class[1]) {
		t.Fatalf("bLength/bDescriptorType %s/%s, bytes % X", d.cls["bLength"], d.cls["bDescriptorType"], d.class[:2])
	}
	return classDesc{
		BCDCCID:          uint16(bcd),
		MaxSlotIndex:     byte(num("bMaxSlotIndex", 16, 8)),
		VoltageSupport:   byte(num("bVoltageSupport", 16, 8)),
		Protocols:        uint32(protoHi<<16 | protoLo),
		DefaultClock:     khz("dwDefaultClock"),
		MaximumClock:     khz("dwMaximumClock"),
		NumClocks:        byte(num("bNumClockSupported", 10, 8)),
		DataRate:         uint32(num("dwDataRate", 10, 32)),
		MaxDataRate:      uint32(num("dwMaxDataRate", 10, 32)),
		NumDataRates:     byte(num("bNumDataRatesSupported", 10, 8)),
		MaxIFSD:          uint32(num("dwMaxIFSD", 10, 32)),
		SynchProtocols:   uint32(num("dwSynchProtocols", 16, 32)),
		Mechanical:       uint32(num("dwMechanical", 16, 32)),
		Features:         uint32(num("dwFeatures", 16, 32)),
		MaxMessageLength: uint32(num("dwMaxCCIDMessageLength", 10, 32)),
		ClassGetResponse: byte(num("bClassGetResponse", 16, 8)),
		ClassEnvelope:    byte(num("bClassEnvelope", 16, 8)),
		LCDLayout:        uint16(num("wLcdLayout", 16, 16)),
		PINSupport:       byte(num("bPINSupport", 16, 8)),
		MaxBusySlots:     byte(num("bMaxCCIDBusySlots", 10, 8)),
	}
}
