package ccid

import (
	"maps"
	"slices"
	"time"

	"github.com/carddesk/carddesk/enroll"
)

// picture is what listeners have been told, so a late one starts from the
// same place. The Service's feed holds it.
type picture struct {
	synced   bool
	usbDown  string // the service entry's status while USB is not available
	readers  []enroll.ReaderInfo
	refusals map[string]error
	cards    map[string]note // ReaderCard of the card on each reader
}

// Apply updates the picture; a ReaderCard's reader status is set here, so
// the event and the list agree.
func (p *picture) Apply(n *note) {
	if n.synced {
		p.synced = true
		return
	}
	ev := &n.ev
	name := ev.Reader.Name
	i := slices.IndexFunc(p.readers, func(r enroll.ReaderInfo) bool { return r.Name == name })
	switch ev.Kind {
	case enroll.ReaderAdded:
		if i < 0 {
			p.readers = append(p.readers, ev.Reader)
		} else {
			p.readers[i] = ev.Reader
		}
		p.setRefusal(name, n.refusal)
	case enroll.ReaderRemoved:
		if i >= 0 {
			p.readers = slices.Delete(p.readers, i, i+1)
		}
		delete(p.cards, name)
		delete(p.refusals, name)
	case enroll.ReaderStatus:
		if ev.Reader.Service {
			p.usbDown = ""
			if ev.Reader.Status != StatusReady {
				p.usbDown = ev.Reader.Status
			}
			return
		}
		if i >= 0 {
			p.readers[i] = ev.Reader
		}
		p.setRefusal(name, n.refusal)
	case enroll.ReaderCard:
		ev.Reader.Status = cardStatus(ev.Err)
		if i >= 0 {
			p.readers[i] = ev.Reader
		}
		p.cards[name] = *n
	case enroll.ReaderCardRemoved:
		ev.Reader.Status = StatusReady
		if i >= 0 {
			p.readers[i] = ev.Reader
		}
		delete(p.cards, name)
	}
}

func (p *picture) setRefusal(name string, err error) {
	if err == nil {
		delete(p.refusals, name)
	} else {
		p.refusals[name] = err
	}
}

// Replay tells a new listener the picture so far, ending with the synced
// note. A listener that comes during the watcher's first pass gets the
// readers announced so far and the rest, the synced note included, as the
// pass goes on: replaying nothing until then would lose those readers for
// it (NextCard would call its reader not connected).
func (p *picture) Replay(send func(note)) {
	now := time.Now()
	if p.usbDown != "" {
		send(note{ev: enroll.ReaderEvent{Kind: enroll.ReaderStatus, Reader: serviceEntry(p.usbDown), At: now}, refusal: ErrUSBDown})
	}
	for _, r := range p.readers {
		send(note{ev: enroll.ReaderEvent{Kind: enroll.ReaderAdded, Reader: r, Err: p.refusals[r.Name], At: now}, refusal: p.refusals[r.Name]})
		if c, ok := p.cards[r.Name]; ok {
			c.lying = true
			send(c)
		}
	}
	if p.synced {
		send(note{synced: true})
	}
}

// Clone copies the picture.
func (p *picture) Clone() *picture {
	return &picture{synced: p.synced, usbDown: p.usbDown, readers: slices.Clone(p.readers),
		refusals: maps.Clone(p.refusals), cards: maps.Clone(p.cards)}
}
