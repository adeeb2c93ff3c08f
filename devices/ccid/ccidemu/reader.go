package ccidemu

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"sync"
	"time"

	"github.com/carddesk/carddesk/devices/ccid"
	"github.com/carddesk/carddesk/devices/ccid/ccidemu/tpdu"
)

// Card is a card on an emulated slot.
type Card struct {
	ATR []byte
	UID []byte
	// Mute: the card does not answer power-up.
	Mute bool
	// Responses, when set, are the answers to the APDUs that come (status
	// word included) in place of the UID, in order; the last one repeats.
	Responses [][]byte
	// TPDU is the card as a TPDU-level reader talks to it (T=0 or T=1,
	// see package tpdu): its ATR is the one sent at power-up and every
	// XfrBlock payload goes to its Transmit. Only for Level TPDU.
	TPDU tpdu.Card
}

// Reader is one emulated USB CCID reader. Its methods are safe to call
// from any goroutine while the host side runs.
type Reader struct {
	cfg Config

	mu       sync.Mutex
	slots    []slot
	bulk     queue
	intr     queue
	received []Received
	gone     chan struct{}
	unplug   sync.Once
	claimed  bool
	openErr  error
	claimErr error
	next     faults
	hung     bool
	// chained holds the rest of an extended-level answer handed out in parts.
	chained [][]byte
}

type slot struct {
	card    *Card
	powered bool
	params  parameters
}

// faults is misbehaviour armed for the next command.
type faults struct {
	extensions int
	gap        time.Duration
	forever    bool
	failCode   *byte
	stale      bool
	garbage    [][]byte
	corrupt    bool
	unplugOn   byte
	chunk      int
}

// New returns a reader with no card on it.
func New(cfg Config) *Reader {
	cfg = cfg.withDefaults()
	r := &Reader{cfg: cfg, slots: make([]slot, cfg.Slots), gone: make(chan struct{})}
	r.bulk.init()
	r.intr.init()
	return r
}

// Config is the reader's configuration, defaults filled in.
func (r *Reader) Config() Config { return r.cfg }

// ID is how the bus lists the reader.
func (r *Reader) ID() ccid.DeviceID {
	return ccid.DeviceID{Bus: r.cfg.Bus, Address: r.cfg.Address, Vendor: r.cfg.Vendor, Product: r.cfg.Product}
}

// Insert puts a card on slot (taking off any card there) and, with an
// interrupt pipe, notifies the host.
func (r *Reader) Insert(slot int, c Card) {
	r.mu.Lock()
	defer r.mu.Unlock()
	c.Responses = append([][]byte(nil), c.Responses...)
	r.slots[slot] = slotFor(&c)
	r.notifyLocked(slot)
}

// Remove takes the card off slot.
func (r *Reader) Remove(slot int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.slots[slot] = slotFor(nil)
	r.notifyLocked(slot)
}

func slotFor(c *Card) slot { return slot{card: c, params: defaultParameters()} }

func (r *Reader) notifyLocked(changed int) {
	if !r.cfg.Interrupt {
		return
	}
	present := make([]bool, len(r.slots))
	for i, s := range r.slots {
		present[i] = s.card != nil
	}
	r.intr.push(notify(present, changed), time.Time{})
}

// SendInterrupt queues raw bytes on the interrupt pipe.
func (r *Reader) SendInterrupt(frame []byte) { r.intr.push(clone(frame), time.Time{}) }

// Unplug takes the reader off the bus: every transfer under way or to come
// fails with ccid.ErrDeviceGone.
func (r *Reader) Unplug() { r.unplug.Do(func() { close(r.gone) }) }

// Gone reports whether the reader was unplugged.
func (r *Reader) Gone() bool {
	select {
	case <-r.gone:
		return true
	default:
		return false
	}
}

// SetOpenError makes opening the device fail with err (nil to stop).
func (r *Reader) SetOpenError(err error) { r.mu.Lock(); r.openErr = err; r.mu.Unlock() }

// SetClaimError makes claiming the interface fail with err, as it does
// while pcscd holds the reader.
func (r *Reader) SetClaimError(err error) { r.mu.Lock(); r.claimErr = err; r.mu.Unlock() }

// Claimed reports whether the host holds the interface.
func (r *Reader) Claimed() bool { r.mu.Lock(); defer r.mu.Unlock(); return r.claimed }

// TimeExtensions precedes the next answer with n time extension requests,
// gap apart.
func (r *Reader) TimeExtensions(n int, gap time.Duration) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.next.extensions, r.next.gap = n, gap
}

// ExtendForever answers the next command with time extension requests,
// gap apart, and never with the answer.
func (r *Reader) ExtendForever(gap time.Duration) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.next.forever, r.next.gap = true, gap
}

// FailNext answers the next command as failed with bError code.
func (r *Reader) FailNext(code byte) { r.mu.Lock(); r.next.failCode = &code; r.mu.Unlock() }

// StaleFirst precedes the next answer with a well-formed answer carrying
// the previous sequence number, as a reader does that answers a command
// the host gave up on.
func (r *Reader) StaleFirst() { r.mu.Lock(); r.next.stale = true; r.mu.Unlock() }

// GarbageFirst precedes the next answer with raw frames.
func (r *Reader) GarbageFirst(frames ...[]byte) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.next.garbage = append(r.next.garbage, frames...)
}

// CorruptNext sends the next answer with a length field that does not
// match its data.
func (r *Reader) CorruptNext() { r.mu.Lock(); r.next.corrupt = true; r.mu.Unlock() }

// UnplugOn unplugs the reader when the next command of type msg arrives,
// before it is answered.
func (r *Reader) UnplugOn(msg byte) { r.mu.Lock(); r.next.unplugOn = msg; r.mu.Unlock() }

// Hang makes the reader stop answering bulk commands while staying on
// the bus.
func (r *Reader) Hang() { r.mu.Lock(); r.hung = true; r.mu.Unlock() }

// Chain hands the next APDU answers out in parts of n bytes (extended
// level readers only).
func (r *Reader) Chain(n int) { r.mu.Lock(); r.next.chunk = n; r.mu.Unlock() }

// Received lists the commands taken in so far.
func (r *Reader) Received() []Received {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Received(nil), r.received...)
}

// Count is how many commands of type msg were taken in.
func (r *Reader) Count(msg byte) int {
	n := 0
	for _, c := range r.Received() {
		if c.Type == msg {
			n++
		}
	}
	return n
}

// write takes in one bulk-out transfer and queues the answers.
func (r *Reader) write(p []byte) (int, error) {
	if r.Gone() {
		return 0, fmt.Errorf("emulated bulk out: %w", ccid.ErrDeviceGone)
	}
	cmd, ok := parseCommand(p)
	r.mu.Lock()
	defer r.mu.Unlock()
	if !ok {
		return len(p), nil // a real reader would stall; the host then times out
	}
	r.received = append(r.received, cmd)
	f := r.next
	if f.unplugOn != 0 && f.unplugOn == cmd.Type {
		r.next.unplugOn = 0
		r.unplug.Do(func() { close(r.gone) })
		return len(p), nil
	}
	if r.hung {
		return len(p), nil
	}
	r.next = faults{unplugOn: f.unplugOn, chunk: f.chunk}
	answer := r.answerLocked(cmd, f)
	now := time.Now()
	for _, g := range f.garbage {
		r.bulk.push(g, now)
	}
	if f.stale {
		r.bulk.push(message(answer[0], cmd.Slot, cmd.Seq-1, answer[7], answer[8], answer[9], answer[10:]), now)
	}
	extension := message(answer[0], cmd.Slot, cmd.Seq, cmdTimeExtension|answer[7]&0x03, 0x01, 0, nil)
	if f.forever {
		r.bulk.pushRepeating(extension, now.Add(f.gap), f.gap)
		return len(p), nil
	}
	at := now
	for range f.extensions {
		at = at.Add(f.gap)
		r.bulk.push(extension, at)
	}
	if f.corrupt {
		binary.LittleEndian.PutUint32(answer[1:], uint32(len(answer)-10+3))
	}
	r.bulk.push(answer, at.Add(f.gap))
	return len(p), nil
}

// answerLocked is the reader's answer to cmd.
func (r *Reader) answerLocked(cmd Received, f faults) []byte {
	reply := byte(SlotStatus)
	switch cmd.Type {
	case PowerOn, XfrBlock:
		reply = DataBlock
	case SetParameters, GetParameters, ResetParameters:
		reply = Parameters
	}
	fail := func(icc, code byte) []byte { return message(reply, cmd.Slot, cmd.Seq, cmdFailed|icc, code, 0, nil) }
	if binary.LittleEndian.Uint32(cmd.Raw[1:]) != uint32(len(cmd.Data)) {
		return fail(iccAbsent, errBadLength)
	}
	if int(cmd.Slot) >= len(r.slots) {
		return fail(iccAbsent, errBadSlot)
	}
	s := &r.slots[cmd.Slot]
	icc := byte(iccAbsent)
	if s.card != nil {
		icc = iccInactive
		if s.powered {
			icc = iccActive
		}
	}
	if f.failCode != nil {
		return fail(icc, *f.failCode)
	}
	switch cmd.Type {
	case GetSlotStatus:
		if icc == iccAbsent && r.cfg.MuteWhenEmpty {
			return fail(icc, ErrICCMute)
		}
		return message(SlotStatus, cmd.Slot, cmd.Seq, icc, 0, 0, nil)
	case PowerOff:
		s.powered = false
		if s.card != nil {
			icc = iccInactive
		}
		return message(SlotStatus, cmd.Slot, cmd.Seq, icc, 0, 0, nil)
	case PowerOn:
		if cmd.Params[0] > 3 {
			return fail(icc, errBadParam7)
		}
		if cmd.Params[1] != 0 || cmd.Params[2] != 0 {
			return fail(icc, errBadParam8)
		}
		if s.card == nil {
			return fail(iccAbsent, ErrICCMute)
		}
		if s.card.Mute {
			s.powered = false
			return fail(iccInactive, ErrICCMute)
		}
		s.powered = true
		s.params = defaultParameters()
		atr := s.card.ATR
		if s.card.TPDU != nil {
			if rs, ok := s.card.TPDU.(tpdu.Resetter); ok {
				rs.Reset()
			}
			atr = s.card.TPDU.ATR()
		}
		return message(DataBlock, cmd.Slot, cmd.Seq, iccActive, 0, 0, atr)
	case XfrBlock:
		if r.cfg.Level == TPDU {
			return r.xfrTPDULocked(cmd, s, icc)
		}
		return r.xfrLocked(cmd, s, icc, f)
	case SetParameters, GetParameters, ResetParameters:
		return r.parametersLocked(cmd, s, icc)
	}
	return fail(icc, errNotSupp)
}

func (r *Reader) xfrLocked(cmd Received, s *slot, icc byte, f faults) []byte {
	fail := func(code byte) []byte { return message(DataBlock, cmd.Slot, cmd.Seq, cmdFailed|icc, code, 0, nil) }
	level := binary.LittleEndian.Uint16(cmd.Params[1:])
	if r.cfg.Level != ExtendedAPDU && (level != 0 || cmd.Params[0] != 0) {
		return fail(errBadParam8)
	}
	if level == 0x10 { // the host asks for the next part
		if len(r.chained) == 0 {
			return fail(errBadParam8)
		}
		part := r.chained[0]
		r.chained = r.chained[1:]
		chain := byte(0x03)
		if len(r.chained) == 0 {
			chain = 0x02
		}
		return message(DataBlock, cmd.Slot, cmd.Seq, icc, 0, chain, part)
	}
	if s.card == nil || !s.powered {
		return fail(ErrICCMute)
	}
	resp := apduAnswer(s.card, cmd.Data)
	if f.chunk > 0 && r.cfg.Level == ExtendedAPDU && len(resp) > f.chunk {
		r.chained = nil
		for rest := resp[f.chunk:]; len(rest) > 0; {
			n := min(f.chunk, len(rest))
			r.chained = append(r.chained, rest[:n])
			rest = rest[n:]
		}
		return message(DataBlock, cmd.Slot, cmd.Seq, icc, 0, 0x01, resp[:f.chunk])
	}
	return message(DataBlock, cmd.Slot, cmd.Seq, icc, 0, 0, resp)
}

// apduAnswer is a PC/SC part 3 reader's answer to GET DATA for the UID;
// any other APDU is an unknown instruction.
func apduAnswer(c *Card, apdu []byte) []byte {
	if len(c.Responses) > 0 {
		resp := c.Responses[0]
		if len(c.Responses) > 1 {
			c.Responses = c.Responses[1:]
		}
		return clone(resp)
	}
	if len(apdu) != 5 || !bytes.Equal(apdu[:4], []byte{0xFF, 0xCA, 0x00, 0x00}) {
		return []byte{0x6D, 0x00}
	}
	le, n := int(apdu[4]), len(c.UID)
	switch {
	case le == 0 || le == n:
		return append(clone(c.UID), 0x90, 0x00)
	case le < n:
		return []byte{0x6C, byte(n)}
	}
	return append(clone(c.UID), 0x62, 0x82)
}

func clone(b []byte) []byte { return append([]byte(nil), b...) }
