package ccid

import (
	"context"
	"slices"
	"time"

	"go.uber.org/zap"

	"github.com/carddesk/carddesk/enroll"
)

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
func (s *Service) run(ctx context.Context) {
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

// publish tells listeners how a unit's readers changed: readers that went,
// came, or stayed with another status.
func (sc *scanner) publish(old, u *unit) {
	var before []enroll.ReaderInfo
	if old != nil {
		before = old.infos
	}
	for _, b := range before {
		if _, still := find(u.infos, b.Name); !still {
			sc.s.emit(note{ev: enroll.ReaderEvent{Kind: enroll.ReaderRemoved, Reader: b}})
		}
	}
	for _, r := range u.infos {
		was, known := find(before, r.Name)
		switch {
		case !known:
			sc.s.emit(note{ev: enroll.ReaderEvent{Kind: enroll.ReaderAdded, Reader: r, Err: u.refusal}, refusal: u.refusal})
		case !sameRefusal(old.refusal, u.refusal) || was.Status != r.Status:
			sc.s.emit(note{ev: enroll.ReaderEvent{Kind: enroll.ReaderStatus, Reader: r, Err: u.refusal}, refusal: u.refusal})
		}
	}
}

func find(infos []enroll.ReaderInfo, name string) (enroll.ReaderInfo, bool) {
	i := slices.IndexFunc(infos, func(r enroll.ReaderInfo) bool { return r.Name == name })
	if i < 0 {
		return enroll.ReaderInfo{}, false
	}
	return infos[i], true
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
		if latest, ok := find(p.readers, r.Name); ok {
			r = latest // with the status cards gave it
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
