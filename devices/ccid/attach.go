package ccid

import (
	"context"
	"errors"
	"fmt"
	"time"

	"go.uber.org/zap"

	"github.com/carddesk/carddesk/enroll"
)

// maxSlots bounds the readers one device is listed as; bMaxSlotIndex can
// say 255, no real reader has more than a few.
const maxSlots = 8

// retrySlowly is how many scans pass before a reader that failed for
// another reason than being in use is tried again.
const retrySlowly = 5

// attached is a device claimed and looked at, ready to be followed.
type attached struct {
	names     []string
	dev       Device
	t         Transport
	conn      *conn
	present   []bool
	interrupt bool
}

// refusedNames names a reader that could not be attached: the name the
// refusal carries, else one built from the IDs.
func refusedNames(refusal error, id DeviceID) []string {
	var inUse *InUseError
	var lvl *LevelError
	var named *unusableError
	switch {
	case errors.As(refusal, &inUse):
		return []string{inUse.Reader}
	case errors.As(refusal, &lvl):
		return []string{lvl.Reader}
	case errors.As(refusal, &named):
		return []string{named.Reader}
	}
	return slotNames(baseName("", "", id), id, 1)
}

// unusableError is a reader found but not usable for another reason: its
// descriptors make no sense, or it does not answer.
type unusableError struct {
	Reader string
	Err    error
}

func (e *unusableError) Error() string {
	return fmt.Sprintf("card reader %q cannot be used: %v", e.Reader, e.Err)
}

func (e *unusableError) Unwrap() error { return e.Err }

// attach opens a device, reads its descriptors, claims its smart-card
// interface and asks each slot whether a card is there. On failure it
// returns why, and whether trying again later may help.
func (sc *scanner) attach(ctx context.Context, id DeviceID) (a *attached, refusal error, retry bool) {
	s := sc.s
	octx, cancel := context.WithTimeout(ctx, s.opts.AnswerWait)
	defer cancel()
	fallback := slotNames(baseName("", "", id), id, 1)[0]
	dev, err := sc.bus.Open(octx, id)
	switch {
	case heldElsewhere(err):
		return nil, &InUseError{Reader: fallback, Err: err}, true
	case errors.Is(err, ErrDeviceGone):
		return nil, err, false
	case err != nil:
		return nil, &unusableError{Reader: fallback, Err: fmt.Errorf("opening it: %w", err)}, true
	}
	keep := false
	defer func() {
		if !keep {
			_ = dev.Close()
		}
	}()
	desc, err := describe(octx, dev)
	if err != nil {
		return nil, &unusableError{Reader: fallback, Err: fmt.Errorf("reading its descriptors: %w", err)}, true
	}
	base := baseName(desc.Manufacturer, desc.Product, id)
	iface, err := desc.Config.usable()
	if errors.Is(err, errNoCCID) {
		return nil, err, false
	}
	names := slotNames(base, id, 1)
	if err != nil {
		return nil, &unusableError{Reader: names[0], Err: err}, false
	}
	slots := min(int(iface.Class.MaxSlotIndex)+1, maxSlots)
	names = slotNames(base, id, slots)
	if err := checkInterface(names[0], iface); err != nil {
		return nil, err, false
	}
	t, err := dev.Claim(octx, iface.binding(desc.Config.Value))
	switch {
	case heldElsewhere(err):
		return nil, &InUseError{Reader: names[0], Err: err}, true
	case errors.Is(err, ErrDeviceGone):
		return nil, err, false
	case err != nil:
		return nil, &unusableError{Reader: names[0], Err: fmt.Errorf("claiming interface %d: %w", iface.Number, err)}, true
	}
	c := newConn(t, base+" ("+id.String()+")", iface.Class, s.opts.AnswerWait, s.log)
	present := make([]bool, slots)
	for i := range present {
		st, err := c.slotStatus(ctx, byte(i)) // each answer has its own bound
		if err != nil {
			_ = t.Close()
			if errors.Is(err, ErrDeviceGone) {
				return nil, err, false
			}
			return nil, &unusableError{Reader: names[0], Err: fmt.Errorf("asking slot %d for a card: %w", i, err)}, true
		}
		present[i] = st.present()
	}
	keep = true
	return &attached{names: names, dev: dev, t: t, conn: c, present: present, interrupt: iface.InterruptIn != 0}, nil, false
}

// attachUnit attaches a device that is new, or tries again one that could
// not be used (old), and tells listeners what changed.
func (sc *scanner) attachUnit(ctx context.Context, id DeviceID, old *unit) {
	s := sc.s
	a, refusal, retry := sc.attach(ctx, id)
	if ctx.Err() != nil {
		if a != nil {
			_ = a.t.Close()
			_ = a.dev.Close()
		}
		return
	}
	if errors.Is(refusal, errNoCCID) {
		s.log.Debug("USB device without a usable CCID interface; ignoring it", zap.Stringer("device", id))
		if old != nil {
			sc.drop(id) // listed while it could not be opened
		}
		sc.ignored[id] = true
		return
	}
	if errors.Is(refusal, ErrDeviceGone) {
		return // unplugged while being looked at
	}
	u := &unit{id: id, refusal: refusal, retry: retry}
	var unusable *unusableError
	if errors.As(refusal, &unusable) {
		// Such a reader may take a whole AnswerWait to fail again, and
		// the scan waits for it: try it less often.
		u.retryAt = time.Now().Add(retrySlowly * s.opts.ScanEvery)
	}
	switch {
	case a != nil:
		u.dev, u.t = a.dev, a.t
		for i, n := range a.names {
			u.infos = append(u.infos, enroll.ReaderInfo{Name: n, Kind: enroll.ReaderCCID, Status: presentStatus(a.present[i])})
		}
	default:
		for _, n := range refusedNames(refusal, id) {
			u.infos = append(u.infos, enroll.ReaderInfo{Name: n, Kind: enroll.ReaderCCID, Status: refusalStatus(refusal)})
		}
	}
	if old == nil || !sameRefusal(old.refusal, refusal) {
		if refusal != nil {
			s.log.Warn("USB card reader cannot be used", zap.Stringer("device", id), zap.Error(refusal))
		} else {
			s.log.Info("USB card reader ready", zap.Stringer("device", id), zap.Strings("readers", a.names),
				zap.String("level", a.conn.level.String()), zap.String("features", describeFeatures(a.conn.class.Features)),
				zap.Bool("interrupt", a.interrupt))
		}
	}
	sc.publish(old, u)
	sc.units[id] = u
	if a != nil {
		fctx, cancel := context.WithCancel(ctx)
		u.cancel, u.done = cancel, make(chan struct{})
		f := &follower{s: s, unit: u, infos: u.infos, conn: a.conn, t: a.t, present: a.present, interrupt: a.interrupt, gone: sc.gone}
		go f.run(fctx, u.done)
	}
}

func presentStatus(present bool) string {
	if present {
		return StatusCardPresent
	}
	return StatusReady
}

func sameRefusal(a, b error) bool {
	return (a == nil) == (b == nil) && (a == nil || a.Error() == b.Error())
}
