package pcsc

import (
	"context"

	"github.com/carddesk/carddesk/enroll"
)

// Watch is Events in the station's terms (enroll.ReaderSource). A stopped
// smart-card service shows as the ServiceName status entry, which goes
// away again when the service is back.
func (s *Service) Watch(ctx context.Context) <-chan enroll.ReaderEvent {
	in := s.Events(ctx)
	out := make(chan enroll.ReaderEvent, eventBuffer)
	go func() {
		defer close(out)
		for ev := range in {
			select {
			case out <- readerEvent(ev):
			case <-ctx.Done():
				return
			}
		}
	}()
	return out
}

// readerEvent words one watcher event for the station.
func readerEvent(ev Event) enroll.ReaderEvent {
	info := enroll.ReaderInfo{Name: ev.Reader, Kind: enroll.ReaderPCSC, Status: StatusReady}
	out := enroll.ReaderEvent{Reader: info, At: ev.At}
	switch ev.Kind {
	case ReaderAdded:
		out.Kind = enroll.ReaderAdded
	case ReaderRemoved:
		out.Kind = enroll.ReaderRemoved
	case CardPresent:
		out.Kind, out.Card, out.Err = enroll.ReaderCard, ev.Card, ev.Err
		out.Reader.Status = StatusCardPresent
	case CardRemoved:
		out.Kind = enroll.ReaderCardRemoved
	case ServiceDown:
		out.Kind, out.Reader = enroll.ReaderAdded, serviceDownList()[0]
	case ServiceUp:
		out.Kind, out.Reader = enroll.ReaderRemoved, serviceDownList()[0]
	}
	return out
}
