package pcsc

import (
	"context"
	"errors"
	"fmt"

	"github.com/ebfe/scard"
	"go.uber.org/zap"

	"github.com/carddesk/carddesk/enroll"
)

// ServiceName is the one entry Readers lists while the smart-card service
// is not running, so the station can show that state where the readers
// would be.
const ServiceName = "Smart-card service (PC/SC)"

// Reader statuses, as a person at the desk reads them.
const (
	StatusReady       = "ready"
	StatusCardPresent = "card present"
	StatusCardMute    = "card not answering"
	StatusInUse       = "in use by another program"
	StatusUnavailable = "unavailable"
	StatusServiceDown = "smart-card service not running"
)

// Readers lists the PC/SC readers with their status. A smart-card service
// that is not running is not an error: the list is then the single
// ServiceName entry with StatusServiceDown, and the next call tries again.
func (s *Service) Readers(ctx context.Context) ([]enroll.ReaderInfo, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	sc, err := scard.EstablishContext()
	if err != nil {
		s.log.Debug("smart-card service not reachable", zap.Error(err))
		return serviceDownList(), nil
	}
	defer func() { _ = sc.Release() }()
	// A reader can leave between listing and asking its state; then list
	// again.
	for range 3 {
		infos, err := readerInfos(sc)
		switch {
		case err == nil:
			return infos, nil
		case serviceGone(err):
			return serviceDownList(), nil
		case !errors.Is(err, scard.ErrUnknownReader):
			return nil, fmt.Errorf("listing card readers: %w", err)
		}
	}
	return nil, errors.New("listing card readers: the readers kept changing")
}

func serviceDownList() []enroll.ReaderInfo {
	return []enroll.ReaderInfo{{Name: ServiceName, Kind: enroll.ReaderPCSC, Status: StatusServiceDown, Service: true}}
}

// readerInfos lists the readers and asks each one's state without waiting.
func readerInfos(sc *scard.Context) ([]enroll.ReaderInfo, error) {
	names, err := listReaders(sc)
	if err != nil || len(names) == 0 {
		return []enroll.ReaderInfo{}, err
	}
	states := make([]scard.ReaderState, len(names))
	for i, n := range names {
		states[i] = scard.ReaderState{Reader: n, CurrentState: scard.StateUnaware}
	}
	if err := sc.GetStatusChange(states, 0); err != nil && !errors.Is(err, scard.ErrTimeout) {
		return nil, err
	}
	infos := make([]enroll.ReaderInfo, len(states))
	for i, st := range states {
		infos[i] = enroll.ReaderInfo{Name: st.Reader, Kind: enroll.ReaderPCSC, Status: statusOf(st.EventState)}
	}
	return infos, nil
}

// statusOf words a reader's state.
func statusOf(f scard.StateFlag) string {
	switch {
	case f&(scard.StateUnavailable|scard.StateUnknown) != 0:
		return StatusUnavailable
	case f&scard.StatePresent == 0:
		return StatusReady
	case f&scard.StateMute != 0:
		return StatusCardMute
	case f&scard.StateExclusive != 0:
		return StatusInUse
	}
	return StatusCardPresent
}
