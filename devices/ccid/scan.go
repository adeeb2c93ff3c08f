package ccid

import (
	"context"
	"errors"
	"fmt"
	"slices"
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

// unit is one USB device with a smart-card interface, as listed.
type unit struct {
	id    DeviceID
	infos []enroll.ReaderInfo
	// refusal says why no card can be read at it; retry, whether it may
	// go away by itself (pcscd stopped, a reader that answers again).
	refusal error
	retry   bool
	retryAt time.Time
	// While followed: the claimed device and its goroutine.
	dev    Device
	t      Transport
	cancel context.CancelFunc
	done   chan struct{}
}

// attached is a device claimed and looked at, ready to be followed.
type attached struct {
	names     []string
	dev       Device
	t         Transport
	conn      *conn
	present   []bool
	interrupt bool
}

// scanner owns the bus and the units; only the watcher goroutine uses it.
type scanner struct {
	s       *Service
	bus     Bus
	units   map[DeviceID]*unit
	ignored map[DeviceID]bool // devices without a CCID interface
	gone    chan *unit        // a unit's goroutine lost its reader
}

// run follows the bus until ctx ends: a pass over the devices every
// ScanEvery, a reader that stops answering dropped at once (the next pass
// finds it again if it is still there).
func (s *Service) run(ctx context.Context, done chan struct{}) {
	defer close(done)
	sc := &scanner{s: s, units: map[DeviceID]*unit{}, ignored: map[DeviceID]bool{}, gone: make(chan *unit, 16)}
	defer sc.shutdown()
	tick := time.NewTicker(s.opts.ScanEvery)
	defer tick.Stop()
	for {
		sc.pass(ctx)
		for waiting := true; waiting; {
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
				waiting = false
			case u := <-sc.gone:
				if sc.units[u.id] == u { // not dropped and attached anew meanwhile
					sc.drop(u.id)
				}
			}
		}
	}
}

// pass brings the units in line with the devices on the bus.
func (sc *scanner) pass(ctx context.Context) {
	s := sc.s
	defer sc.markSynced()
	if sc.bus == nil {
		bus, err := s.open()
		if err != nil {
			sc.usbDown(err)
			return
		}
		sc.bus = bus
	}
	ids, err := sc.bus.Devices(ctx)
	if ctx.Err() != nil {
		return
	}
	if err != nil {
		sc.dropAll()
		sc.closeBus()
		sc.usbDown(err)
		return
	}
	if p := s.snapshot(); p.usbDown != "" {
		s.log.Info("USB is available again")
		s.emit(note{ev: enroll.ReaderEvent{Kind: enroll.ReaderStatus, Reader: serviceEntry(StatusReady)}})
	}
	listed := map[DeviceID]bool{}
	for _, id := range ids {
		listed[id] = true
	}
	for id := range sc.units {
		if !listed[id] {
			sc.drop(id)
		}
	}
	for id := range sc.ignored {
		if !listed[id] {
			delete(sc.ignored, id)
		}
	}
	for _, id := range ids {
		if ctx.Err() != nil {
			return
		}
		u, known := sc.units[id]
		switch {
		case sc.ignored[id]:
		case !known:
			sc.attachUnit(ctx, id, nil)
		case u.retry && !time.Now().Before(u.retryAt):
			sc.attachUnit(ctx, id, u)
		}
	}
}

func (sc *scanner) markSynced() {
	if !sc.s.snapshot().synced {
		sc.s.emit(note{synced: true})
	}
}

// usbDown tells listeners, once per reason, that USB cannot be reached.
func (sc *scanner) usbDown(err error) {
	status := usbDownStatus(err)
	if p := sc.s.snapshot(); p.usbDown == status {
		return
	}
	sc.s.log.Warn("USB not available; no CCID reader can be used", zap.Error(err))
	sc.s.emit(note{ev: enroll.ReaderEvent{Kind: enroll.ReaderStatus, Reader: serviceEntry(status)}, refusal: ErrUSBDown})
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

// publish tells listeners how a unit's readers changed: readers that went,
// came, or stayed with another status.
func (sc *scanner) publish(old, u *unit) {
	var before []enroll.ReaderInfo
	if old != nil {
		before = old.infos
	}
	for _, b := range before {
		if !hasName(u.infos, b.Name) {
			sc.s.emit(note{ev: enroll.ReaderEvent{Kind: enroll.ReaderRemoved, Reader: b}})
		}
	}
	for _, r := range u.infos {
		switch {
		case !hasName(before, r.Name):
			sc.s.emit(note{ev: enroll.ReaderEvent{Kind: enroll.ReaderAdded, Reader: r, Err: u.refusal}, refusal: u.refusal})
		case !sameRefusal(old.refusal, u.refusal) || statusOf(before, r.Name) != r.Status:
			sc.s.emit(note{ev: enroll.ReaderEvent{Kind: enroll.ReaderStatus, Reader: r, Err: u.refusal}, refusal: u.refusal})
		}
	}
}

func hasName(infos []enroll.ReaderInfo, name string) bool {
	return statusOf(infos, name) != "\x00"
}

func statusOf(infos []enroll.ReaderInfo, name string) string {
	for _, r := range infos {
		if r.Name == name {
			return r.Status
		}
	}
	return "\x00"
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

// drop stops following a device and tells listeners its readers are gone.
func (sc *scanner) drop(id DeviceID) {
	u, ok := sc.units[id]
	if !ok {
		return
	}
	delete(sc.units, id)
	sc.release(u)
	p := sc.s.snapshot()
	for _, r := range u.infos {
		if i := slices.IndexFunc(p.readers, func(x enroll.ReaderInfo) bool { return x.Name == r.Name }); i >= 0 {
			r = p.readers[i] // with its latest status
		}
		if _, card := p.cards[r.Name]; card {
			sc.s.emit(note{ev: enroll.ReaderEvent{Kind: enroll.ReaderCardRemoved, Reader: r}})
		}
		sc.s.log.Info("card reader removed", zap.String("reader", r.Name))
		sc.s.emit(note{ev: enroll.ReaderEvent{Kind: enroll.ReaderRemoved, Reader: r}})
	}
}

// release stops a unit's goroutine and lets go of the device.
func (sc *scanner) release(u *unit) {
	if u.cancel != nil {
		u.cancel()
		select {
		case <-u.done:
		case <-time.After(closeWait):
			sc.s.log.Warn("card reader goroutine still busy; closing the device under it", zap.Stringer("device", u.id))
		}
	}
	if u.t != nil {
		_ = u.t.Close()
	}
	if u.dev != nil {
		_ = u.dev.Close()
	}
}

func (sc *scanner) dropAll() {
	for id := range sc.units {
		sc.drop(id)
	}
	clear(sc.ignored)
}

func (sc *scanner) closeBus() {
	if sc.bus != nil {
		if err := sc.bus.Close(); err != nil {
			sc.s.log.Warn("closing the USB bus", zap.Error(err))
		}
		sc.bus = nil
	}
}

// shutdown lets go of every device and the bus. Listeners are gone by
// now, so nothing is announced.
func (sc *scanner) shutdown() {
	for id, u := range sc.units {
		delete(sc.units, id)
		sc.release(u)
	}
	sc.closeBus()
}
