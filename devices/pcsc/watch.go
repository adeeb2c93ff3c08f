package pcsc

import (
	"context"
	"errors"
	"slices"
	"time"

	"github.com/ebfe/scard"
	"go.uber.org/zap"

	"github.com/carddesk/carddesk/devices/iso7816"
)

// watch keeps one connection to the smart-card service and follows its
// readers until ctx ends; while the service is down it tries again every
// retryEvery.
func (s *Service) watch(ctx context.Context) {
	for ctx.Err() == nil {
		sc, err := scard.EstablishContext()
		if err != nil {
			s.serviceDown(err)
			sleep(ctx, retryEvery)
			continue
		}
		err = s.session(ctx, sc)
		_ = sc.Release()
		if ctx.Err() != nil {
			return
		}
		// Reconnect at once: if the service is really gone that fails and
		// says so; a pause keeps an odd persistent error from spinning.
		s.log.Info("lost the connection to the smart-card service; reconnecting", zap.Error(err))
		sleep(ctx, retryEvery/5)
	}
}

// serviceDown tells listeners, once, that the service is gone and took
// every reader with it.
func (s *Service) serviceDown(err error) {
	p := s.snapshot()
	if p.synced && !p.up {
		return
	}
	s.log.Warn("smart-card service not running", zap.Error(err))
	s.emit(Event{Kind: ServiceDown})
	for _, r := range p.readers {
		if _, ok := p.cards[r]; ok {
			s.emit(Event{Kind: CardRemoved, Reader: r})
		}
		s.emit(Event{Kind: ReaderRemoved, Reader: r})
	}
}

// session follows readers and cards over one service connection until an
// error (the service went away) or ctx ends. It starts from what was
// published before, so a reconnect does not announce readers twice.
func (s *Service) session(ctx context.Context, sc *scard.Context) error {
	// SCardCancel is the one call that may come from another thread: it
	// ends a wait at once when ctx ends.
	stop := context.AfterFunc(ctx, func() { _ = sc.Cancel() })
	defer stop()

	p := s.snapshot()
	known, tracks := p.readers, tracksOf(p)
	var states []scard.ReaderState
	wait, synced := time.Duration(0), false // first look: no waiting
	pnp, unknownInARow := true, 0
	for ctx.Err() == nil {
		// Relist on every round: the PnP pseudo-reader only reports
		// changes made while a wait is under way.
		names, err := listReaders(sc)
		if err != nil {
			return err
		}
		known = s.syncReaders(known, names, tracks)
		states = readerStates(states, names, pnp)
		err = sc.GetStatusChange(states, wait)
		if errors.Is(err, scard.ErrUnknownReader) {
			// A reader left between listing and waiting; again and again
			// means the platform does not know the PnP pseudo-reader, and
			// the bounded wait has to do instead.
			if unknownInARow++; unknownInARow >= 3 && pnp {
				s.log.Info("no reader plug-in notifications here; looking for readers every few seconds")
				pnp = false
			}
			sleep(ctx, 50*time.Millisecond)
			continue
		}
		unknownInARow = 0
		switch {
		case err == nil:
			s.applyStates(ctx, sc, states, tracks)
		case errors.Is(err, scard.ErrTimeout):
		case errors.Is(err, scard.ErrCancelled):
			continue // ctx ended
		default:
			return err
		}
		if !synced {
			synced, wait = true, waitSlice
			s.serviceUp()
		}
	}
	return ctx.Err()
}

// serviceUp tells listeners the service is there, once: after a reconnect
// with no outage in between nothing changed for them.
func (s *Service) serviceUp() {
	if p := s.snapshot(); !p.synced || !p.up {
		s.emit(Event{Kind: ServiceUp})
	}
}

// syncReaders announces readers that came and went and returns the new list.
func (s *Service) syncReaders(known, names []string, tracks map[string]cardTrack) []string {
	added, removed := diffNames(known, names)
	for _, r := range removed {
		if tracks[r].present {
			s.emit(Event{Kind: CardRemoved, Reader: r})
		}
		delete(tracks, r)
		s.log.Info("card reader removed", zap.String("reader", r))
		s.emit(Event{Kind: ReaderRemoved, Reader: r})
	}
	for _, r := range added {
		tracks[r] = cardTrack{counter: -1}
		s.log.Info("card reader added", zap.String("reader", r))
		s.emit(Event{Kind: ReaderAdded, Reader: r})
	}
	return slices.Clone(names)
}

// applyStates turns each reader's new state into card events, reading each
// card that arrived, and remembers the state for the next wait.
func (s *Service) applyStates(ctx context.Context, sc *scard.Context, states []scard.ReaderState, tracks map[string]cardTrack) {
	at := time.Now()
	for i := range states {
		st := &states[i]
		st.CurrentState = st.EventState
		if st.Reader == pnpReader || ctx.Err() != nil {
			continue
		}
		next, removed, arrived := cardChange(tracks[st.Reader], st.EventState)
		tracks[st.Reader] = next
		if removed {
			s.emit(Event{Kind: CardRemoved, Reader: st.Reader, At: at})
		}
		if arrived {
			s.emit(s.presented(sc, st, at))
		}
	}
}

// presented reads a card that just arrived.
func (s *Service) presented(sc *scard.Context, st *scard.ReaderState, at time.Time) Event {
	ev := Event{Kind: CardPresent, Reader: st.Reader, At: at}
	if st.EventState&scard.StateMute != 0 {
		ev.Card = cardReadOf(st.Reader, st.Atr, at)
		ev.Err = &ReadError{Reader: st.Reader, Err: iso7816.ErrCardMute}
	} else {
		ev.Card, ev.Warning, ev.Err = readCard(sc, st.Reader, st.Atr, at)
	}
	fields := []zap.Field{zap.String("reader", st.Reader), zap.String("card", iso7816.DescribeATR(ev.Card.ATR)),
		zap.Int("uid_bytes", len(ev.Card.UID)), zap.Duration("read_time", time.Since(at))}
	switch {
	case ev.Err != nil:
		s.log.Warn("card presented but not read", append(fields, zap.Error(ev.Err))...)
	case ev.Warning != "":
		s.log.Warn("card read with a warning", append(fields, zap.String("warning", ev.Warning))...)
	default:
		s.log.Info("card read", fields...)
	}
	return ev
}

// listReaders lists the readers there are; none is not an error.
func listReaders(sc *scard.Context) ([]string, error) {
	names, err := sc.ListReaders()
	if errors.Is(err, scard.ErrNoReadersAvailable) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return visibleReaders(names), nil
}

func sleep(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}
