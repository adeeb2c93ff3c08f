package ccid

import (
	"context"
	"errors"
	"time"

	"go.uber.org/zap"

	"github.com/carddesk/carddesk/devices/iso7816"
	"github.com/carddesk/carddesk/enroll"
)

// How a follower treats a pipe that keeps failing without the reader
// leaving.
const (
	// maxPollFailures in a row make the reader count as gone; the next
	// scan attaches it afresh if it is still on the bus.
	maxPollFailures = 20
	// maxInterruptFailures in a row make the follower poll instead.
	maxInterruptFailures = 5
	interruptPause       = 100 * time.Millisecond
	interruptBuffer      = 64
)

// follower watches one claimed reader's slots and reads each card that
// arrives. It alone talks to the reader's bulk pipes.
type follower struct {
	s         *Service
	unit      *unit               // tells the scanner which unit was lost; only its id is read here
	infos     []enroll.ReaderInfo // one per slot
	conn      *conn
	t         Transport
	present   []bool
	interrupt bool
	gone      chan<- *unit
}

// run follows the reader until ctx ends or the reader is lost; a lost
// reader is reported on gone for the scanner to drop.
func (f *follower) run(ctx context.Context, done chan struct{}) {
	defer close(done)
	err := f.follow(ctx)
	if ctx.Err() != nil {
		return
	}
	f.s.log.Warn("lost the card reader", zap.Stringer("device", f.unit.id), zap.Error(err))
	select {
	case f.gone <- f.unit:
	case <-ctx.Done():
	}
}

func (f *follower) follow(ctx context.Context) error {
	opts := f.s.opts
	changes := make(chan []slotChange, 8)
	pumpDone := make(chan error, 1)
	every := opts.PollEvery
	if f.interrupt {
		every *= 10
		go f.pump(ctx, changes, pumpDone)
	}
	for slot, there := range f.present {
		if there {
			if err := f.arrived(ctx, slot, true); err != nil {
				return err
			}
		}
	}
	tick := time.NewTicker(every)
	defer tick.Stop()
	failures := 0
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case cs := <-changes:
			for slot, c := range cs {
				if err := f.notified(ctx, slot, c); err != nil {
					return err
				}
			}
		case err := <-pumpDone:
			if errors.Is(err, ErrDeviceGone) {
				return err
			}
			f.s.log.Info("no slot notifications from the reader; asking it instead", zap.Stringer("device", f.unit.id), zap.Error(err))
			tick.Reset(opts.PollEvery)
		case <-tick.C:
			err := f.poll(ctx)
			var gone *ReaderGoneError
			switch {
			case errors.As(err, &gone):
				return err
			case err != nil:
				if failures++; failures >= maxPollFailures {
					return err
				}
				f.s.log.Debug("asking the reader for its slots failed", zap.Stringer("device", f.unit.id), zap.Error(err))
			default:
				failures = 0
			}
		}
	}
}

// pump reads slot change notifications off the interrupt pipe. It ends
// with the reason on done: the pipe is missing, broken or gone, or ctx
// ended.
func (f *follower) pump(ctx context.Context, changes chan<- []slotChange, done chan<- error) {
	buf := make([]byte, interruptBuffer)
	failures := 0
	for {
		n, err := f.t.Interrupt(ctx, buf)
		if err != nil {
			if ctx.Err() != nil || errors.Is(err, ErrNoInterrupt) || errors.Is(err, ErrDeviceGone) {
				done <- err
				return
			}
			if failures++; failures >= maxInterruptFailures {
				done <- err
				return
			}
			sleep(ctx, interruptPause)
			continue
		}
		failures = 0
		m, err := parseInterrupt(buf[:n], len(f.present))
		if err != nil {
			f.s.log.Warn("ignoring a malformed message on the interrupt pipe", zap.Stringer("device", f.unit.id), zap.Error(err))
			continue
		}
		if m.Type == msgHardwareError {
			f.s.log.Warn("the reader reports a hardware error", zap.Stringer("device", f.unit.id),
				zap.Uint8("slot", m.Slot), zap.Uint8("code", m.HWCode))
			continue
		}
		select {
		case changes <- m.Slots:
		case <-ctx.Done():
			done <- ctx.Err()
			return
		}
	}
}

// notified applies one slot's bits from NotifySlotChange. Only presence
// counts: "changed" with a card present on a slot known to hold one could
// be a swap between two notifications, but readers also send it for the
// card that lay there before the host looked, and taking that one as
// newly presented would enroll a card nobody presented. A missed swap
// only means presenting the card again.
func (f *follower) notified(ctx context.Context, slot int, c slotChange) error {
	known := f.present[slot]
	switch {
	case c.Present && !known:
		return f.arrived(ctx, slot, false)
	case !c.Present && known:
		f.removed(slot)
	}
	return nil
}

// poll asks each slot whether a card is on it.
func (f *follower) poll(ctx context.Context) error {
	for slot, known := range f.present {
		st, err := f.conn.slotStatus(ctx, byte(slot))
		if err != nil {
			return err
		}
		switch {
		case st.present() && !known:
			if err := f.arrived(ctx, slot, false); err != nil {
				return err
			}
		case !st.present() && known:
			f.removed(slot)
		}
	}
	return nil
}

// arrived reads the card that came to slot and tells listeners. A reader
// lost during the read is returned, not announced as a card: the scanner
// announces it gone.
func (f *follower) arrived(ctx context.Context, slot int, lying bool) error {
	f.present[slot] = true
	info := f.infos[slot]
	at := time.Now()
	rctx, cancel := context.WithTimeout(ctx, f.s.opts.ReadBudget)
	read, warning, err := f.conn.readCard(rctx, byte(slot), info.Name, at)
	cancel()
	if ctx.Err() != nil {
		return ctx.Err()
	}
	var gone *ReaderGoneError
	if errors.As(err, &gone) {
		return err
	}
	fields := []zap.Field{zap.String("reader", info.Name), zap.String("card", iso7816.DescribeATR(read.ATR)),
		zap.Int("uid_bytes", len(read.UID)), zap.Duration("read_time", time.Since(at))}
	switch {
	case err != nil:
		f.s.log.Warn("card presented but not read", append(fields, zap.Error(err))...)
	case warning != "":
		f.s.log.Warn("card read with a warning", append(fields, zap.String("warning", warning))...)
	default:
		f.s.log.Info("card read", fields...)
	}
	info.Status = cardStatus(err)
	f.s.emit(note{ev: enroll.ReaderEvent{Kind: enroll.ReaderCard, Reader: info, Card: read, Err: err, At: at}, lying: lying})
	return nil
}

func (f *follower) removed(slot int) {
	f.present[slot] = false
	info := f.infos[slot]
	info.Status = StatusReady
	f.s.emit(note{ev: enroll.ReaderEvent{Kind: enroll.ReaderCardRemoved, Reader: info}})
}

func sleep(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}
