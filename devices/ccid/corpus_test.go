package ccid

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// corpusDir holds the CCID driver project's dumps of real readers (see its
// README.md): several hundred readers, each checked here.
var corpusDir = filepath.Join("testdata", "readers", "ccid-project")

// corpusInterface is one smart-card interface of one dump: its fields as
// the parse tool printed them, and for each class descriptor field the
// lines the tool wrote under it to say what it means.
type corpusInterface struct {
	file, at string
	iface    map[string]string
	ifaceSay []string // the tool's words under the interface fields
	class    map[string]string
	say      map[string][]string // by class field
}

// readCorpusFile splits a dump into its interfaces: each starts at
// bInterfaceClass and takes the fields after it; a field line is
// "name: value" one or two spaces in, the lines indented deeper after a
// class field are the tool's explanation of it (one dump has a line of it
// wrapped to the margin).
func readCorpusFile(path string) ([]*corpusInterface, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []*corpusInterface
	var cur *corpusInterface
	inClass, lastField := false, ""
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimRight(sc.Text(), "\r \t")
		text := strings.TrimSpace(line)
		indent := len(line) - len(strings.TrimLeft(line, " "))
		name, value, isField := strings.Cut(text, ":")
		value = strings.TrimSpace(value)
		switch {
		case text == "":
		case name == "bInterfaceClass":
			cur = &corpusInterface{file: filepath.Base(path), at: fmt.Sprintf("line %d", n),
				iface: map[string]string{name: value}, class: map[string]string{}, say: map[string][]string{}}
			out = append(out, cur)
			inClass = false
		case cur == nil:
		case text == "CCID Class Descriptor":
			inClass = true
		case !inClass && indent == 1 && isField:
			cur.iface[name] = value
		case !inClass:
			cur.ifaceSay = append(cur.ifaceSay, text)
		case indent <= 1 && isField:
			inClass = false // the next interface's (or device's) fields
		case indent == 0:
			// an explanation the tool's output wrapped onto a new line
		case indent == 2 && isField:
			cur.class[name], lastField = value, name
		default:
			cur.say[lastField] = append(cur.say[lastField], text)
		}
	}
	return out, sc.Err()
}

// classBytes writes the class descriptor back from the printed fields,
// in the order and widths of CCID 1.1 table 5.1-1, reading each value the
// way src/parse.c printed it.
func (c *corpusInterface) classBytes() ([]byte, error) {
	var errs []error
	num := func(name string, base, bits int) uint64 {
		word, _, _ := strings.Cut(c.class[name], " ")
		v, err := strconv.ParseUint(strings.TrimPrefix(word, "0x"), base, bits)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s %q: %w", name, c.class[name], err))
		}
		return v
	}
	khz := func(name string) uint64 {
		mhz, _, _ := strings.Cut(c.class[name], " MHz")
		v, err := strconv.ParseFloat(mhz, 64)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s %q: %w", name, c.class[name], err))
		}
		return uint64(math.Round(v * 1000))
	}
	major, minor, _ := strings.Cut(c.class["bcdCCID"], ".")
	bcd, err := strconv.ParseUint(major+minor, 16, 16)
	if err != nil {
		errs = append(errs, fmt.Errorf("bcdCCID %q: %w", c.class["bcdCCID"], err))
	}
	hi, lo, _ := strings.Cut(c.class["dwProtocols"], " ")
	c.class["protoHi"], c.class["protoLo"] = hi, lo
	b := make([]byte, 0, ccidDescLen)
	put := func(width int, v uint64) {
		switch width {
		case 1:
			b = append(b, byte(v))
		case 2:
			b = binary.LittleEndian.AppendUint16(b, uint16(v))
		case 4:
			b = binary.LittleEndian.AppendUint32(b, uint32(v))
		}
	}
	put(1, num("bLength", 16, 8))
	put(1, num("bDescriptorType", 16, 8))
	put(2, bcd)
	put(1, num("bMaxSlotIndex", 16, 8))
	put(1, num("bVoltageSupport", 16, 8))
	put(4, num("protoHi", 16, 16)<<16|num("protoLo", 16, 16))
	put(4, khz("dwDefaultClock"))
	put(4, khz("dwMaximumClock"))
	put(1, num("bNumClockSupported", 10, 8))
	put(4, num("dwDataRate", 10, 32))
	put(4, num("dwMaxDataRate", 10, 32))
	put(1, num("bNumDataRatesSupported", 10, 8))
	put(4, num("dwMaxIFSD", 10, 32))
	put(4, num("dwSynchProtocols", 16, 32))
	put(4, num("dwMechanical", 16, 32))
	put(4, num("dwFeatures", 16, 32))
	put(4, num("dwMaxCCIDMessageLength", 10, 32))
	put(1, num("bClassGetResponse", 16, 8))
	put(1, num("bClassEnvelope", 16, 8))
	put(2, num("wLcdLayout", 16, 16))
	put(1, num("bPINSupport", 16, 8))
	put(1, num("bMaxCCIDBusySlots", 10, 8))
	return b, errors.Join(errs...)
}

// says reports whether the tool wrote a line containing words under field.
func (c *corpusInterface) says(field, words string) bool {
	return slices.ContainsFunc(c.say[field], func(s string) bool { return strings.Contains(s, words) })
}

// decision is what the station does with a reader: drive it at a level,
// or leave it to PC/SC for a reason.
type decision struct {
	driven bool
	level  string // as levelOf names it, when driven
	pcsc   string // what the refusal names, when not
}

// expected states the rule in the parse tool's own words, apart from the
// bit tests in features.go:
//
//   - an interface of vendor class FF is not a smart-card interface to the
//     station: it never sees it (pcscd's driver may still take it);
//     (All the class descriptors the tool calls "PROPRIETARY
//     bDescriptorType", of pre-1.0 readers, are on such interfaces.)
//   - interface protocol 1 and 2 are ICCD versions A and B (the ICCD
//     specification), whatever the tool called them: PC/SC;
//   - "Character level exchange" goes to PC/SC;
//   - "TPDU level exchange" is driven, the host running T=0 or T=1, when
//     the tool lists T=0 or T=1 under dwProtocols; else PC/SC;
//   - "Short APDU level exchange" and "Short and Extended APDU level
//     exchange" are driven as such.
func (c *corpusInterface) expected() (decision, string) {
	switch {
	case !strings.HasPrefix(c.iface["bInterfaceClass"], "0x0B"):
		return decision{pcsc: "not a smart-card interface"}, "vendor class, unseen"
	case c.iface["bInterfaceProtocol"] == "1":
		return decision{pcsc: "ICCD version A"}, "ICCD A"
	case c.iface["bInterfaceProtocol"] == "2":
		return decision{pcsc: "ICCD version B"}, "ICCD B"
	case c.says("dwFeatures", "Short and Extended APDU level exchange"):
		return decision{driven: true, level: "short and extended APDU"}, "extended APDU"
	case c.says("dwFeatures", "Short APDU level exchange"):
		return decision{driven: true, level: "short APDU"}, "short APDU"
	case c.says("dwFeatures", "TPDU level exchange") && (c.saysLine("dwProtocols", "T=0") || c.saysLine("dwProtocols", "T=1")):
		return decision{driven: true, level: "TPDU"}, "TPDU"
	case c.says("dwFeatures", "TPDU level exchange"):
		return decision{pcsc: "TPDU without T=0 or T=1"}, "TPDU, no T=0/T=1"
	case c.says("dwFeatures", "Character level exchange"):
		return decision{pcsc: "character"}, "character"
	}
	return decision{}, ""
}

func (c *corpusInterface) saysLine(field, line string) bool {
	return slices.Contains(c.say[field], line)
}

// TestReaderCorpus runs every interface of every reader in the corpus
// through the station's descriptor parser and level decision.
func TestReaderCorpus(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(corpusDir, "*.txt"))
	if err != nil || len(files) < 600 {
		t.Fatalf("%d dumps in %s (%v): the corpus is missing", len(files), corpusDir, err)
	}
	counts := map[string]int{}
	total := 0
	for _, path := range files {
		ifaces, err := readCorpusFile(path)
		if err != nil || len(ifaces) == 0 {
			t.Errorf("%s: %d interfaces, %v", path, len(ifaces), err)
			continue
		}
		for _, c := range ifaces {
			total++
			kind := checkCorpusInterface(t, c)
			counts[kind]++
		}
	}
	var lines []string
	for kind, n := range counts {
		lines = append(lines, fmt.Sprintf("%4d %s", n, kind))
	}
	slices.Sort(lines)
	t.Logf("%d interfaces in %d dumps:\n%s", total, len(files), strings.Join(lines, "\n"))
	// Every class of decision occurs: a rule that never fires is not tested.
	for _, kind := range []string{"extended APDU", "short APDU", "character", "ICCD A", "ICCD B", "vendor class, unseen",
		"TPDU: host sets parameters", "TPDU: host may run PPS", "TPDU: host sends IFSD", "TPDU: reader negotiates alone"} {
		if counts[kind] == 0 {
			t.Errorf("no reader in the corpus is %q", kind)
		}
	}
}

// checkCorpusInterface checks one interface and returns its kind.
func checkCorpusInterface(t *testing.T, c *corpusInterface) string {
	t.Helper()
	where := c.file + " " + c.at
	want, kind := c.expected()
	if kind == "" {
		t.Errorf("%s: no level the rule knows (dwFeatures %s, %q)", where, c.class["dwFeatures"], c.say["dwFeatures"])
		return "unknown"
	}
	raw, err := c.classBytes()
	if err != nil {
		t.Errorf("%s: %v", where, err)
		return kind
	}
	var class classDesc
	proto, err := strconv.ParseUint(c.iface["bInterfaceProtocol"], 10, 8)
	if err != nil {
		t.Errorf("%s: bInterfaceProtocol %q", where, c.iface["bInterfaceProtocol"])
		return kind
	}
	// The whole configuration, as the station reads it from the device.
	ifaceClass, _ := strconv.ParseUint(strings.Fields(c.iface["bInterfaceClass"])[0], 0, 8)
	body := concat([]byte{interfaceDescLen, descInterface, 0, 0, 3, byte(ifaceClass), 0, byte(proto), 0}, raw,
		[]byte{endpointDescLen, descEndpoint, 0x01, 0x02, 0x40, 0, 0},
		[]byte{endpointDescLen, descEndpoint, 0x82, 0x02, 0x40, 0, 0},
		[]byte{endpointDescLen, descEndpoint, 0x83, 0x03, 0x08, 0, 0x10})
	if c.says("bDescriptorType", "PROPRIETARY bDescriptorType") {
		if _, err := parseClassDescriptor(raw); err == nil || !strings.Contains(err.Error(), "descriptor type FF, not 21") {
			t.Errorf("%s: a proprietary class descriptor parsed: %v", where, err)
		}
	} else if class, err = parseClassDescriptor(raw); err != nil {
		t.Errorf("%s: %v", where, err)
		return kind
	}
	cfg, err := parseConfig(concat([]byte{configHeaderLen, descConfig, byte(configHeaderLen + len(body)), byte((configHeaderLen + len(body)) >> 8), 1, 1, 0, 0x80, 0x32}, body))
	if err != nil {
		t.Errorf("%s: %v", where, err)
		return kind
	}
	iface, err := cfg.usable()
	if !want.driven && want.pcsc == "not a smart-card interface" {
		if !errors.Is(err, errNoCCID) {
			t.Errorf("%s: a vendor-class interface was taken: %+v, %v", where, iface, err)
		}
		return kind
	}
	if err != nil || iface.Class != class {
		t.Errorf("%s: usable %+v, %v", where, iface, err)
		return kind
	}
	refusal := checkInterface("Real", iface)
	switch {
	case want.driven && refusal != nil:
		t.Errorf("%s: refused (%v), want driven at %s level", where, refusal, want.level)
	case want.driven && levelOf(class.Features).String() != want.level:
		t.Errorf("%s: level %s, want %s", where, levelOf(class.Features), want.level)
	case !want.driven && (!errors.Is(refusal, ErrNeedsPCSC) || !strings.Contains(fmt.Sprint(refusal), "works at "+want.pcsc)):
		t.Errorf("%s: %v, want it sent to PC/SC as %q", where, refusal, want.pcsc)
	}
	if kind == "TPDU" {
		return tpduKind(t, c, class, where)
	}
	return kind
}

// tpduKind checks, in the tool's words, what the host leaves to a TPDU
// reader and what it does itself after power-up (as libccid does):
// "Automatic parameters negotiation made by the CCID" sets everything;
// else the host sends SetParameters, and runs the PPS unless "Automatic
// PPS made by the CCID"; for T=1 it sends S(IFS request) unless
// "Automatic IFSD exchange as first exchange".
func tpduKind(t *testing.T, c *corpusInterface, class classDesc, where string) string {
	t.Helper()
	alone := c.says("dwFeatures", "Automatic parameters negotiation made by the CCID")
	readerPPS := c.says("dwFeatures", "Automatic PPS made by the CCID")
	readerIFSD := c.says("dwFeatures", "Automatic IFSD exchange as first exchange")
	// A card in negotiable mode whose first protocol is T=0, offering T=1
	// too at TA1 96: the host asks for T=1 only where the reader lacks
	// T=0; it asks for the faster speed if the reader's clock and rate
	// allow it.
	atr := []byte{0x3B, 0x90, 0x96, 0x80, 0x01}
	var x byte
	for _, b := range atr[1:] {
		x ^= b
	}
	n, err := negotiate(append(atr, x), class)
	if err != nil {
		t.Errorf("%s: negotiating with a T=0/T=1 card: %v", where, err)
		return "TPDU"
	}
	if n.pps && (alone || readerPPS) {
		t.Errorf("%s: the host would run a PPS the reader runs itself", where)
	}
	if !alone && !readerPPS && n.fidi != 0x11 && !n.pps {
		t.Errorf("%s: Fi/Di %02X without the PPS that asks the card for it", where, n.fidi)
	}
	switch {
	case alone:
		return "TPDU: reader negotiates alone"
	case !readerPPS:
		return "TPDU: host may run PPS"
	case !readerIFSD && class.Protocols&protoT1 != 0:
		return "TPDU: host sends IFSD"
	}
	return "TPDU: host sets parameters"
}
