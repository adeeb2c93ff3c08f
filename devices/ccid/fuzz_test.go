package ccid

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"testing"
	"time"

	"go.uber.org/zap"
)

func FuzzParseResponse(f *testing.F) {
	f.Add([]byte{0x80, 0x02, 0, 0, 0, 0, 0x01, 0, 0, 0, 0x90, 0x00})
	f.Add([]byte{0x81, 0, 0, 0, 0, 0, 0x02, 0x42, 0xFE, 0})
	f.Add([]byte{0x80, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0, 0})
	f.Add([]byte{0x80, 0x01})
	f.Fuzz(func(t *testing.T, b []byte) {
		r, err := parseResponse(b)
		if err != nil {
			var fe *FrameError
			if !errors.As(err, &fe) || err.Error() == "" {
				t.Fatalf("error %v is not a FrameError", err)
			}
			return
		}
		// A message that parses is exactly its header and its data.
		if len(b) != headerLen+len(r.Data) || !bytes.Equal(b[headerLen:], r.Data) ||
			r.Type != b[0] || r.Slot != b[5] || r.Seq != b[6] || r.Status != b[7] || r.Error != b[8] || r.Param != b[9] {
			t.Fatalf("% x parsed as %+v", b, r)
		}
		if r.failed() {
			_ = slotError(msgXfrBlock, r).Error()
		}
	})
}

func FuzzParseConfig(f *testing.F) {
	f.Add(goldenConfig)
	f.Add(goldenConfig[:9])
	f.Add(concat(goldenConfig[:18], goldenConfig[72:], goldenClass))
	f.Add([]byte{0x09, 0x02, 0x0B, 0x00, 0x01, 0x01, 0x00, 0x80, 0x32, 0x02, 0x21})
	for _, rr := range realReaders {
		f.Add(configOf(loadDump(f, rr.file).run(f, 0x01)))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		cfg, err := parseConfig(b)
		if err != nil {
			var de *DescriptorError
			if !errors.As(err, &de) {
				t.Fatalf("error %v is not a DescriptorError", err)
			}
			return
		}
		for _, i := range cfg.Interfaces {
			if i.BulkIn != 0 && i.BulkIn&0x80 == 0 || i.BulkOut&0x80 != 0 || i.InterruptIn != 0 && i.InterruptIn&0x80 == 0 {
				t.Fatalf("endpoints in the wrong direction: %+v", i)
			}
		}
		if i, err := cfg.usable(); err == nil {
			_ = checkInterface("fuzz", i)
			_ = powerSelect(i.Class)
			_ = describeFeatures(i.Class.Features)
			n, m := readBufferSize(i.Class.MaxMessageLength), maxMessageLen(i.Class.MaxMessageLength)
			if n < maxMessageDefault || n > maxMessageCap+512 || m > n || m < maxMessageDefault {
				t.Fatalf("buffer of %d bytes for messages of %d", n, m)
			}
		}
	})
}

func FuzzParseInterrupt(f *testing.F) {
	f.Add([]byte{0x50, 0x03}, uint8(1))
	f.Add([]byte{0x50, 0x0D, 0xFF}, uint8(5))
	f.Add([]byte{0x51, 0x00, 0x01, 0x01}, uint8(1))
	f.Add([]byte{}, uint8(0))
	f.Fuzz(func(t *testing.T, b []byte, slots uint8) {
		m, err := parseInterrupt(b, int(slots))
		if err != nil {
			return
		}
		if len(m.Slots) > int(slots) || len(m.Slots) > 4*(len(b)-1) {
			t.Fatalf("%d slots from % x for %d", len(m.Slots), b, slots)
		}
	})
}

func FuzzParseDescriptors(f *testing.F) {
	f.Add([]byte{0x12, 0x01, 0x00, 0x02, 0x00, 0x00, 0x00, 0x40, 0x2F, 0x07, 0x23, 0x22, 0x00, 0x02, 0x01, 0x02, 0x00, 0x01})
	f.Add([]byte{0x0A, 0x03, 'A', 0, 'C', 0, 'M', 0, 'E', 0})
	f.Add([]byte{0x04, 0x03, 0x00, 0xD8})
	f.Fuzz(func(t *testing.T, b []byte) {
		_, _ = parseDeviceDescriptor(b)
		s, err := parseStringDescriptor(b)
		if err == nil && len(s) > 3*len(b) {
			t.Fatalf("%q from %d bytes", s, len(b))
		}
	})
}

// scripted is a Transport that answers with the frames it was given, then
// is gone.
type scripted struct{ frames [][]byte }

func (s *scripted) Write(ctx context.Context, p []byte) (int, error) { return len(p), nil }
func (s *scripted) Interrupt(context.Context, []byte) (int, error)   { return 0, ErrNoInterrupt }
func (s *scripted) Close() error                                     { return nil }
func (s *scripted) Read(ctx context.Context, p []byte) (int, error) {
	if len(s.frames) == 0 {
		return 0, ErrDeviceGone
	}
	f := s.frames[0]
	s.frames = s.frames[1:]
	return copy(p, f), nil
}

// splitFrames cuts fuzz input into frames, each led by a length byte.
func splitFrames(b []byte) [][]byte {
	var frames [][]byte
	for len(b) > 0 {
		n := min(int(b[0]), len(b)-1)
		frames = append(frames, b[1:1+n])
		b = b[1+n:]
	}
	return frames
}

// FuzzExchange feeds whatever a reader might send to a whole card read:
// it must end, with a card or an error, and never panic.
func FuzzExchange(f *testing.F) {
	ok := func(seq byte, data ...byte) []byte {
		b := make([]byte, headerLen+len(data))
		b[0] = msgDataBlock
		binary.LittleEndian.PutUint32(b[1:], uint32(len(data)))
		b[6] = seq
		copy(b[headerLen:], data)
		return append([]byte{byte(len(b))}, b...)
	}
	f.Add(concat(ok(0, 0x3B, 0x80, 0x80, 0x01, 0x01), ok(1, 0x04, 0x01, 0x02, 0x03, 0x90, 0x00)))
	f.Add(concat(ok(7), ok(0, 0x3B), []byte{3, 1, 2, 3}, ok(1, 0x6C, 0x04), ok(2, 1, 2, 3, 4, 0x90, 0x00)))
	f.Add([]byte{10, 0x80, 0, 0, 0, 0, 0, 0, 0x80, 0x01, 0x00})
	f.Fuzz(func(t *testing.T, b []byte) {
		// A card read is a few short messages; long inputs only make the
		// fuzzer spend its time minimizing them.
		if len(b) > 512 {
			return
		}
		tr := &scripted{frames: splitFrames(b)}
		class := classDesc{Features: featLevelExtended | featAutoVoltage, MaxMessageLength: 271}
		c := newConn(tr, "fuzz", class, time.Second, zap.NewNop())
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		read, _, err := c.readCard(ctx, 0, "fuzz", time.Now())
		if err == nil && len(read.UID) == 0 {
			t.Fatal("a read without a UID and without an error")
		}
		if ctx.Err() != nil {
			t.Fatal("the read ran into the deadline")
		}
	})
}
