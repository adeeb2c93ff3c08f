package pcsc_test

import (
	"bytes"
	"context"
	"encoding/hex"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/carddesk/carddesk/devices/iso7816"
	"github.com/carddesk/carddesk/devices/pcsc"
	"github.com/carddesk/carddesk/devices/pcsc/vpcdcard"
	"github.com/carddesk/carddesk/enroll"
)

var ultralightATR = []byte{0x3B, 0x8F, 0x80, 0x01, 0x80, 0x4F, 0x0C, 0xA0, 0x00, 0x00, 0x03, 0x06, 0x03, 0x00, 0x03, 0x00, 0x00, 0x00, 0x00, 0x68}

func TestRigListsTheReader(t *testing.T) {
	r := needRig(t)
	s := pcsc.Open(nil)
	defer s.Close()
	readers, err := s.Readers(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	var found bool
	for _, info := range readers {
		if strings.Contains(info.Name, "PnP") {
			t.Errorf("the PnP pseudo-reader is listed: %+v", info)
		}
		if info.Name == r.Reader {
			found = true
			if info.Kind != enroll.ReaderPCSC || info.Status != pcsc.StatusReady {
				t.Errorf("reader listed as %+v", info)
			}
		}
	}
	if !found {
		t.Fatalf("%q not among %+v", r.Reader, readers)
	}
}

func TestRigReadsTheUID(t *testing.T) {
	r := needRig(t)
	tests := []struct {
		name, uid string
		atr       []byte
		card      string
	}{
		{"4-byte UID", "04a1b2c3", vpcdcard.MIFAREClassic1KATR, "MIFARE Classic 1K"},
		{"7-byte UID", "04112233445566", ultralightATR, "MIFARE Ultralight"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, _ := r.open(t)
			uid, _ := hex.DecodeString(tt.uid)
			wait := nextCard(t, s, r.Reader)
			r.insert(t, uid, tt.atr)
			got := result(t, wait)
			if got.err != nil {
				t.Fatal(got.err)
			}
			if h := hex.EncodeToString(got.read.UID); h != tt.uid {
				t.Errorf("UID %s, want %s", h, tt.uid)
			}
			if !bytes.Equal(got.read.ATR, tt.atr) {
				t.Errorf("ATR % X, want % X", got.read.ATR, tt.atr)
			}
			if d := iso7816.DescribeATR(got.read.ATR); d != tt.card {
				t.Errorf("card %q, want %q", d, tt.card)
			}
			if got.read.Reader != r.Reader || got.read.At.IsZero() || got.read.At.After(got.at) {
				t.Errorf("read %+v", got.read)
			}
			readers, err := s.Readers(t.Context())
			if err != nil || !hasReader(readers, r.Reader, pcsc.StatusCardPresent) {
				t.Errorf("with the card on it, readers are %+v (%v)", readers, err)
			}
		})
	}
}

func hasReader(readers []enroll.ReaderInfo, name, status string) bool {
	for _, info := range readers {
		if info.Name == name && info.Status == status {
			return true
		}
	}
	return false
}

func TestRigSeesCardsComeAndGo(t *testing.T) {
	r := needRig(t)
	_, events := r.open(t)
	card := r.insert(t, []byte{0x04, 0x01, 0x02, 0x03}, vpcdcard.MIFAREClassic1KATR)
	ev := waitFor(t, events, pcsc.CardPresent, r.Reader)
	if ev.Err != nil || hex.EncodeToString(ev.Card.UID) != "04010203" {
		t.Fatalf("present: %+v", ev)
	}
	r.Remove(t, card)
	waitFor(t, events, pcsc.CardRemoved, r.Reader)
	r.insert(t, []byte{0x04, 0x0A, 0x0B, 0x0C}, vpcdcard.MIFAREClassic1KATR)
	if ev := waitFor(t, events, pcsc.CardPresent, r.Reader); hex.EncodeToString(ev.Card.UID) != "040a0b0c" {
		t.Fatalf("second card: %+v", ev)
	}
}

// A card already on the reader is not taken by NextCard: only the next one.
func TestRigNextCardSkipsACardAlreadyThere(t *testing.T) {
	r := needRig(t)
	s, events := r.open(t)
	old := r.insert(t, []byte{0x04, 0xEE, 0xEE, 0xEE}, vpcdcard.MIFAREClassic1KATR)
	waitFor(t, events, pcsc.CardPresent, r.Reader)
	wait := nextCard(t, s, r.Reader)
	r.Remove(t, old)
	waitFor(t, events, pcsc.CardRemoved, r.Reader)
	r.insert(t, []byte{0x04, 0x12, 0x34, 0x56}, vpcdcard.MIFAREClassic1KATR)
	got := result(t, wait)
	if got.err != nil || hex.EncodeToString(got.read.UID) != "04123456" {
		t.Fatalf("got %x, %v", got.read.UID, got.err)
	}
}

func TestRigExplainsARefusal(t *testing.T) {
	r := needRig(t)
	s, _ := r.open(t)
	wait := nextCard(t, s, r.Reader)
	r.insert(t, []byte{0x04, 0x01, 0x02, 0x03}, vpcdcard.MIFAREClassic1KATR, vpcdcard.AnswerStatus(0x6A81))
	got := result(t, wait)
	if !errors.Is(got.err, iso7816.ErrUnsupported) {
		t.Fatalf("err = %v, want ErrUnsupported", got.err)
	}
	var re *pcsc.ReadError
	var se *iso7816.StatusError
	if !errors.As(got.err, &re) || !errors.As(got.err, &se) || se.SW != 0x6A81 {
		t.Fatalf("err %v is not a ReadError with status 6A81", got.err)
	}
	for _, want := range []string{r.Reader, "6A81", "not supported"} {
		if !strings.Contains(got.err.Error(), want) {
			t.Errorf("%q does not say %q", got.err, want)
		}
	}
	if got.read.UID != nil || !bytes.Equal(got.read.ATR, vpcdcard.MIFAREClassic1KATR) {
		t.Errorf("read %+v: want the ATR and no UID", got.read)
	}
}

func TestRigRetriesWithTheLengthTheCardNames(t *testing.T) {
	r := needRig(t)
	s, _ := r.open(t)
	wait := nextCard(t, s, r.Reader)
	card := r.insert(t, []byte{0x04, 1, 2, 3, 4, 5, 6}, ultralightATR, vpcdcard.ExactLe())
	got := result(t, wait)
	if got.err != nil || hex.EncodeToString(got.read.UID) != "04010203040506" {
		t.Fatalf("got %x, %v", got.read.UID, got.err)
	}
	cmds := card.Commands()
	if len(cmds) != 2 || cmds[1][4] != 7 {
		t.Fatalf("commands % X, want GET DATA with Le 00 then 07", cmds)
	}
}

func TestRigPassesOnAShortUIDWithAWarning(t *testing.T) {
	r := needRig(t)
	_, events := r.open(t)
	r.insert(t, []byte{0x04, 0x01, 0x02}, vpcdcard.MIFAREClassic1KATR, vpcdcard.ShortUID())
	ev := waitFor(t, events, pcsc.CardPresent, r.Reader)
	if ev.Err != nil || hex.EncodeToString(ev.Card.UID) != "040102" || ev.Warning == "" {
		t.Fatalf("event %+v", ev)
	}
}

func TestRigUnknownReader(t *testing.T) {
	r := needRig(t)
	s, _ := r.open(t)
	_, err := s.NextCard(t.Context(), "No Such Reader 00 00")
	if !errors.Is(err, enroll.ErrReaderGone) || !strings.Contains(err.Error(), "not connected") {
		t.Fatalf("err = %v", err)
	}
}

// The smart-card service stopping is a state the desk shows, and the
// station picks the readers up again when it is back.
func TestRigServiceStopsAndComesBack(t *testing.T) {
	r := needRig(t)
	s, events := r.open(t)
	wait := nextCard(t, s, r.Reader)

	startPCSCD := r.StopPCSCD(t)
	got := result(t, wait)
	if !errors.Is(got.err, enroll.ErrReaderGone) || !errors.Is(got.err, pcsc.ErrServiceDown) {
		t.Fatalf("NextCard with the service stopped: %v", got.err)
	}
	waitFor(t, events, pcsc.ServiceDown, "")
	waitFor(t, events, pcsc.ReaderRemoved, r.Reader)
	readers, err := s.Readers(t.Context())
	if err != nil {
		t.Fatalf("Readers with the service stopped: %v", err)
	}
	if len(readers) != 1 || readers[0].Name != pcsc.ServiceName || readers[0].Status != pcsc.StatusServiceDown {
		t.Fatalf("Readers with the service stopped: %+v", readers)
	}
	if _, err := s.NextCard(t.Context(), r.Reader); !errors.Is(err, pcsc.ErrServiceDown) {
		t.Fatalf("NextCard while the service is down: %v", err)
	}

	startPCSCD()
	waitFor(t, events, pcsc.ReaderAdded, r.Reader)
	waitFor(t, events, pcsc.ServiceUp, "")
	readers, err = s.Readers(t.Context())
	if err != nil || !hasReader(readers, r.Reader, pcsc.StatusReady) {
		t.Fatalf("Readers after the service came back: %+v (%v)", readers, err)
	}
	wait = nextCard(t, s, r.Reader)
	r.insert(t, []byte{0x04, 0xC0, 0xFF, 0xEE}, vpcdcard.MIFAREClassic1KATR)
	if got := result(t, wait); got.err != nil || hex.EncodeToString(got.read.UID) != "04c0ffee" {
		t.Fatalf("read after the service came back: %x, %v", got.read.UID, got.err)
	}
}

// NextCard gives up when its context ends, and says so.
func TestRigNextCardHonoursTheContext(t *testing.T) {
	r := needRig(t)
	s, _ := r.open(t)
	ctx, cancel := context.WithTimeout(t.Context(), 200*time.Millisecond)
	defer cancel()
	if _, err := s.NextCard(ctx, r.Reader); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v", err)
	}
}
