package ccid_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"go.uber.org/zap"
	"go.uber.org/zap/zaptest"
	"go.uber.org/zap/zaptest/observer"

	"github.com/carddesk/carddesk/devices/ccid"
	"github.com/carddesk/carddesk/devices/ccid/ccidemu"
	"github.com/carddesk/carddesk/devices/iso7816"
	"github.com/carddesk/carddesk/enroll"
)

// A MIFARE Classic 1K as a PC/SC part 3 reader reports it.
var (
	classicATR = []byte{0x3B, 0x8F, 0x80, 0x01, 0x80, 0x4F, 0x0C, 0xA0, 0x00, 0x00, 0x03, 0x06, 0x03, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x6A}
	classicUID = []byte{0x04, 0xA1, 0xB2, 0xC3}
	desfireUID = []byte{0x04, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66}
)

// fast paces the tests. Those that wait run in synctest bubbles, on a
// fake clock that moves only when every goroutine waits: a timeout there
// costs no real time and cannot fire early on a slow machine. Short values
// only keep the steps easy to follow.
var fast = ccid.Options{ScanEvery: 20 * time.Millisecond, PollEvery: 10 * time.Millisecond,
	AnswerWait: 300 * time.Millisecond, ReadBudget: 2 * time.Second}

// attach plugs r into a bus and attaches it as the Service would.
func attach(t *testing.T, r *ccidemu.Reader, log *zap.Logger) *ccid.Conn {
	t.Helper()
	if log == nil {
		log = zaptest.NewLogger(t)
	}
	c, err := ccid.Attach(t.Context(), ccidemu.NewBus(r), r.ID(), log, fast)
	if err != nil {
		t.Fatalf("attach: %v", err)
	}
	t.Cleanup(c.Close)
	return c
}

func withCard(cfg ccidemu.Config, card ccidemu.Card) *ccidemu.Reader {
	r := ccidemu.New(cfg)
	r.Insert(0, card)
	return r
}

func TestPowerOnAndReadUID(t *testing.T) {
	r := withCard(ccidemu.Config{ManufacturerName: "ACME", ProductName: "ACME Tap 100"}, ccidemu.Card{ATR: classicATR, UID: classicUID})
	c := attach(t, r, nil)
	if got := c.Names(); len(got) != 1 || got[0] != "ACME Tap 100 (USB 001:004)" {
		t.Errorf("names %q", got)
	}
	if p := c.Present(); len(p) != 1 || !p[0] {
		t.Errorf("present %v", p)
	}
	read, warning, err := c.ReadCard(t.Context(), 0)
	if err != nil || warning != "" {
		t.Fatalf("read: %v (warning %q)", err, warning)
	}
	if !bytes.Equal(read.UID, classicUID) || !bytes.Equal(read.ATR, classicATR) || read.Reader != "ACME Tap 100 (USB 001:004)" {
		t.Errorf("read %+v", read)
	}
	// What went over the wire, byte for byte: the probe, power-up with
	// automatic voltage, GET DATA; one sequence number after another.
	want := [][]byte{
		{0x65, 0, 0, 0, 0, 0, 0x00, 0, 0, 0},
		{0x62, 0, 0, 0, 0, 0, 0x01, 0x00, 0, 0},
		{0x6F, 5, 0, 0, 0, 0, 0x02, 0, 0, 0, 0xFF, 0xCA, 0x00, 0x00, 0x00},
	}
	got := r.Received()
	if len(got) != len(want) {
		t.Fatalf("%d commands, want %d", len(got), len(want))
	}
	for i := range want {
		if !bytes.Equal(got[i].Raw, want[i]) {
			t.Errorf("command %d:\n got % x\nwant % x", i, got[i].Raw, want[i])
		}
	}
	if present, err := c.PowerOff(t.Context(), 0); err != nil || !present {
		t.Errorf("power off: present %v, %v", present, err)
	}
}

// Without automatic voltage selection the card is powered at the lowest
// class the reader offers.
func TestPowerOnPicksVoltage(t *testing.T) {
	r := withCard(ccidemu.Config{Features: 0x00020000, Voltage: 0x03}, ccidemu.Card{ATR: classicATR, UID: classicUID})
	c := attach(t, r, nil)
	if _, err := c.PowerOn(t.Context(), 0); err != nil {
		t.Fatal(err)
	}
	if got := r.Received()[1].Params[0]; got != 0x02 {
		t.Errorf("bPowerSelect %02X, want 02 (3 V)", got)
	}
}

func TestUIDStatusWords(t *testing.T) {
	cases := []struct {
		name      string
		responses [][]byte
		uid       []byte
		warning   string
		err       string
		kind      error
	}{
		{"ok", [][]byte{append(clone(desfireUID), 0x90, 0x00)}, desfireUID, "", "", nil},
		{"cut short", [][]byte{{0x04, 0x11, 0x62, 0x82}}, []byte{0x04, 0x11}, "may be shorter", "", nil},
		{"wrong Le, asked again", [][]byte{{0x6C, 0x07}, append(clone(desfireUID), 0x90, 0x00)}, desfireUID, "", "", nil},
		{"not supported", [][]byte{{0x6A, 0x81}}, nil, "", "the reader answered 6A81: function not supported", iso7816.ErrUnsupported},
		{"unknown instruction", [][]byte{{0x6D, 0x00}}, nil, "", "instruction not supported", iso7816.ErrUnsupported},
		{"failed", [][]byte{{0x63, 0x00}}, nil, "", "operation failed", nil},
		{"no status word", [][]byte{{0x90}}, nil, "", "too short for a status word", nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := withCard(ccidemu.Config{}, ccidemu.Card{ATR: classicATR, Responses: tc.responses})
			c := attach(t, r, nil)
			read, warning, err := c.ReadCard(t.Context(), 0)
			if tc.err != "" {
				var re *ccid.ReadError
				if !errors.As(err, &re) || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("err %v, want a ReadError with %q", err, tc.err)
				}
				if tc.kind != nil && !errors.Is(err, tc.kind) {
					t.Errorf("%v does not match %v", err, tc.kind)
				}
				if !bytes.Equal(read.ATR, classicATR) {
					t.Errorf("a failed read lost the ATR: %+v", read)
				}
				return
			}
			if err != nil || !bytes.Equal(read.UID, tc.uid) || !strings.Contains(warning, tc.warning) {
				t.Fatalf("read %x, warning %q, %v", read.UID, warning, err)
			}
		})
	}
}

// 6CXX: GET DATA is asked again with the length the reader named.
func TestWrongLeAskedAgain(t *testing.T) {
	r := withCard(ccidemu.Config{}, ccidemu.Card{ATR: classicATR, UID: desfireUID})
	c := attach(t, r, nil)
	if _, err := c.PowerOn(t.Context(), 0); err != nil {
		t.Fatal(err)
	}
	resp, err := c.Transmit(t.Context(), 0, []byte{0xFF, 0xCA, 0, 0, 0x04})
	if err != nil || !bytes.Equal(resp, []byte{0x6C, 0x07}) {
		t.Fatalf("GET DATA with Le 4: % x, %v", resp, err)
	}
	r2 := withCard(ccidemu.Config{}, ccidemu.Card{ATR: classicATR, Responses: [][]byte{{0x6C, 0x07}, append(clone(desfireUID), 0x90, 0x00)}})
	c2 := attach(t, r2, nil)
	if _, _, err := c2.ReadCard(t.Context(), 0); err != nil {
		t.Fatal(err)
	}
	got := r2.Received()
	if last := got[len(got)-1]; last.Type != ccidemu.XfrBlock || !bytes.Equal(last.Data, []byte{0xFF, 0xCA, 0, 0, 0x07}) {
		t.Errorf("asked again with % x", last.Data)
	}
}

func TestStaleResponseSkipped(t *testing.T) {
	core, logs := observer.New(zap.InfoLevel)
	r := withCard(ccidemu.Config{}, ccidemu.Card{ATR: classicATR, UID: classicUID})
	c := attach(t, r, zap.New(core))
	r.StaleFirst()
	atr, err := c.PowerOn(t.Context(), 0)
	if err != nil || !bytes.Equal(atr, classicATR) {
		t.Fatalf("power on after a stale answer: % x, %v", atr, err)
	}
	if logs.FilterMessageSnippet("stale response").Len() != 1 {
		t.Errorf("the stale answer was not logged: %v", logs.All())
	}
}

func TestMalformedMessages(t *testing.T) {
	t.Run("stray short and empty transfers are skipped", func(t *testing.T) {
		core, logs := observer.New(zap.WarnLevel)
		r := withCard(ccidemu.Config{}, ccidemu.Card{ATR: classicATR, UID: classicUID})
		c := attach(t, r, zap.New(core))
		r.GarbageFirst([]byte{0x80, 0x01, 0x02}, []byte{})
		if _, err := c.PowerOn(t.Context(), 0); err != nil {
			t.Fatal(err)
		}
		if logs.Len() != 2 {
			t.Errorf("logged %d warnings, want 2", logs.Len())
		}
	})
	t.Run("a garbled answer to this command fails it", func(t *testing.T) {
		r := withCard(ccidemu.Config{}, ccidemu.Card{ATR: classicATR, UID: classicUID})
		c := attach(t, r, nil)
		r.CorruptNext()
		_, err := c.PowerOn(t.Context(), 0)
		var fe *ccid.FrameError
		if !errors.As(err, &fe) || !strings.Contains(err.Error(), "malformed message") {
			t.Fatalf("err %v, want a FrameError", err)
		}
		if _, err := c.PowerOn(t.Context(), 0); err != nil {
			t.Errorf("the next command: %v", err)
		}
	})
	t.Run("endless strays end the command", func(t *testing.T) {
		r := withCard(ccidemu.Config{}, ccidemu.Card{ATR: classicATR, UID: classicUID})
		c := attach(t, r, zap.NewNop())
		var junk [][]byte
		for range 20 {
			junk = append(junk, []byte{0x01})
		}
		r.GarbageFirst(junk...)
		_, err := c.PowerOn(t.Context(), 0)
		if !strings.Contains(fmt.Sprint(err), "messages in a row that answer nothing") {
			t.Fatalf("err %v", err)
		}
	})
}

func TestTimeExtension(t *testing.T) {
	t.Run("the answer after extensions", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			r := withCard(ccidemu.Config{}, ccidemu.Card{ATR: classicATR, UID: classicUID})
			c := attach(t, r, nil)
			// Four extensions 150 ms apart and the answer 150 ms after the
			// last outlast one AnswerWait (300 ms): each extension starts
			// the wait again.
			r.TimeExtensions(4, 150*time.Millisecond)
			start := time.Now()
			read, _, err := c.ReadCard(t.Context(), 0)
			if err != nil || !bytes.Equal(read.UID, classicUID) {
				t.Fatalf("read %+v, %v", read, err)
			}
			if d := time.Since(start); d != 750*time.Millisecond {
				t.Errorf("read in %v, want 750ms", d)
			}
		})
	})
	t.Run("extensions without end stop at the deadline", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			r := withCard(ccidemu.Config{}, ccidemu.Card{ATR: classicATR, UID: classicUID})
			c := attach(t, r, nil)
			r.ExtendForever(20 * time.Millisecond)
			ctx, cancel := context.WithTimeout(t.Context(), 250*time.Millisecond)
			defer cancel()
			start := time.Now()
			_, _, err := c.ReadCard(ctx, 0)
			if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "asked for more time 12 times") {
				t.Fatalf("err %v", err)
			}
			if d := time.Since(start); d != 250*time.Millisecond {
				t.Errorf("gave up after %v, want the deadline (250ms)", d)
			}
		})
	})
}

func TestSlotErrors(t *testing.T) {
	cases := []struct {
		code byte
		want string
		kind error
	}{
		{ccidemu.ErrICCMute, "ICC_MUTE (FE): the card does not answer", iso7816.ErrCardMute},
		{ccidemu.ErrHardware, "HW_ERROR (FB)", nil},
		{ccidemu.ErrSlotBusy, "CMD_SLOT_BUSY (E0)", ccid.ErrSlotBusy},
		{ccidemu.ErrParity, "XFR_PARITY_ERROR (FD)", nil},
		{0xF5, "ICC_CLASS_NOT_SUPPORTED (F5)", nil},
		{0x05, "BAD_PARAMETER (05): the reader rejected byte 5", nil},
	}
	for _, tc := range cases {
		t.Run(fmt.Sprintf("%02X", tc.code), func(t *testing.T) {
			r := withCard(ccidemu.Config{}, ccidemu.Card{ATR: classicATR, UID: classicUID})
			c := attach(t, r, nil)
			r.FailNext(tc.code)
			_, _, err := c.ReadCard(t.Context(), 0)
			var se *ccid.SlotError
			if !errors.As(err, &se) || se.Code != tc.code || !strings.Contains(err.Error(), "powering the card up: IccPowerOn failed with "+tc.want) {
				t.Fatalf("err %v, want %q", err, tc.want)
			}
			if tc.kind != nil && !errors.Is(err, tc.kind) {
				t.Errorf("%v does not match %v", err, tc.kind)
			}
		})
	}
}

func TestMuteAndMissingCards(t *testing.T) {
	r := withCard(ccidemu.Config{}, ccidemu.Card{ATR: classicATR, Mute: true})
	c := attach(t, r, nil)
	if _, _, err := c.ReadCard(t.Context(), 0); !errors.Is(err, iso7816.ErrCardMute) {
		t.Errorf("mute card: %v", err)
	}
	r.Remove(0)
	if _, _, err := c.ReadCard(t.Context(), 0); !errors.Is(err, iso7816.ErrCardLifted) {
		t.Errorf("no card: %v", err)
	}
	// Readers that answer an empty slot with a failed ICC_MUTE status.
	r2 := ccidemu.New(ccidemu.Config{MuteWhenEmpty: true})
	c2 := attach(t, r2, nil)
	if present, err := c2.SlotStatus(t.Context(), 0); present || err != nil {
		t.Errorf("empty slot: present %v, %v", present, err)
	}
}

// A reader unplugged, or gone quiet, in the middle of a read ends the
// read with an error matching enroll.ErrReaderGone: at once, or after
// exactly one AnswerWait.
func TestReaderGoneMidRead(t *testing.T) {
	cases := []struct {
		name   string
		breaks func(*ccidemu.Reader)
		cause  error
		after  time.Duration
	}{
		{"unplugged", func(r *ccidemu.Reader) { r.UnplugOn(ccidemu.XfrBlock) }, ccid.ErrDeviceGone, 0},
		{"stops answering", func(r *ccidemu.Reader) { r.Hang() }, ccid.ErrNoAnswer, fast.AnswerWait},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				r := withCard(ccidemu.Config{}, ccidemu.Card{ATR: classicATR, UID: classicUID})
				c := attach(t, r, nil)
				tc.breaks(r)
				start := time.Now()
				_, _, err := c.ReadCard(t.Context(), 0)
				var gone *ccid.ReaderGoneError
				if !errors.Is(err, enroll.ErrReaderGone) || !errors.Is(err, tc.cause) || !errors.As(err, &gone) {
					t.Fatalf("err %v, want the reader gone (%v)", err, tc.cause)
				}
				if d := time.Since(start); d != tc.after {
					t.Errorf("took %v, want %v", d, tc.after)
				}
			})
		})
	}
}

func TestExtendedAPDUChaining(t *testing.T) {
	r := withCard(ccidemu.Config{Level: ccidemu.ExtendedAPDU}, ccidemu.Card{ATR: classicATR, UID: desfireUID})
	c := attach(t, r, nil)
	if c.Level() != "short and extended APDU" {
		t.Errorf("level %q", c.Level())
	}
	r.Chain(4)
	read, _, err := c.ReadCard(t.Context(), 0)
	if err != nil || !bytes.Equal(read.UID, desfireUID) {
		t.Fatalf("read %x, %v", read.UID, err)
	}
	// The UID and status word (9 bytes) came in parts of 4, 4 and 1.
	if n := r.Count(ccidemu.XfrBlock); n != 3 {
		t.Errorf("%d XfrBlocks, want 3", n)
	}
}

func TestRefusedReaders(t *testing.T) {
	cases := []struct {
		name  string
		cfg   ccidemu.Config
		setup func(*ccidemu.Reader)
		want  []string
		is    error
	}{
		{"TPDU without T=0 or T=1", ccidemu.Config{Level: ccidemu.TPDU, ProductName: "Contact Reader", Protocols: 0x04}, nil,
			[]string{`"Contact Reader (USB 001:004)" works at TPDU without T=0 or T=1 (dwProtocols 00000004) level`, "use it through PC/SC (the smart-card service pcscd with its CCID driver)"}, ccid.ErrNeedsPCSC},
		{"character", ccidemu.Config{Level: ccidemu.Character}, nil,
			[]string{`"USB card reader 1209:cc1d (USB 001:004)" works at character level`}, ccid.ErrNeedsPCSC},
		{"claimed by pcscd", ccidemu.Config{ProductName: "Tap"}, func(r *ccidemu.Reader) { r.SetClaimError(fmt.Errorf("claim: %w", ccid.ErrBusy)) },
			[]string{`"Tap (USB 001:004)" is in use by the smart-card service (pcscd) or the system driver; use it through PC/SC instead, or stop pcscd`}, ccid.ErrBusy},
		{"no permission", ccidemu.Config{}, func(r *ccidemu.Reader) { r.SetOpenError(fmt.Errorf("open: %w", ccid.ErrAccess)) },
			[]string{"cannot be opened: no permission", "use it through PC/SC instead"}, ccid.ErrAccess},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := ccidemu.New(tc.cfg)
			if tc.setup != nil {
				tc.setup(r)
			}
			_, err := ccid.Attach(t.Context(), ccidemu.NewBus(r), r.ID(), zaptest.NewLogger(t), fast)
			if !errors.Is(err, tc.is) {
				t.Fatalf("err %v, want %v", err, tc.is)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("%q lacks %q", err, w)
				}
			}
			if r.Claimed() {
				t.Error("a refused reader was left claimed")
			}
		})
	}
}

func TestDescriptorVariants(t *testing.T) {
	r := ccidemu.New(ccidemu.Config{ClassAfterEndpoints: true, Interrupt: true, Slots: 2, ManufacturerName: "ACME", ProductName: "Dual"})
	c := attach(t, r, nil)
	want := []string{"ACME Dual (USB 001:004, slot 0)", "ACME Dual (USB 001:004, slot 1)"}
	if got := c.Names(); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("names %q, want %q", got, want)
	}
	if !c.Interrupt() {
		t.Error("the interrupt pipe was not found")
	}
}

func clone(b []byte) []byte { return append([]byte(nil), b...) }
