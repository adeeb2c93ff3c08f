package ccid

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/carddesk/carddesk/devices/iso7816"
	"github.com/carddesk/carddesk/enroll"
)

// ServiceName is the one entry Readers lists while USB cannot be reached,
// so the station can show that state where the readers would be.
const ServiceName = "USB card readers (CCID)"

// Reader statuses, as a person at the desk reads them.
const (
	StatusReady       = "ready"
	StatusCardPresent = "card present"
	StatusCardMute    = "card not answering"
	StatusInUse       = "in use by the smart-card service or a system driver (use PC/SC)"
	StatusNeedsPCSC   = "not usable over raw USB (use PC/SC)"
	StatusUnavailable = "unavailable"
	// StatusUSBDown starts the service entry's status, followed by why.
	StatusUSBDown = "USB not available"
)

// Readers lists the CCID readers with their status. USB that cannot be
// reached is not an error: the list is then the single ServiceName entry
// whose status says why. The first call waits for the first look at the
// bus (or ctx's end).
func (s *Service) Readers(ctx context.Context) ([]enroll.ReaderInfo, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	ch := s.listen(ctx)
	defer s.feed.Unsubscribe(ch)
	for synced := false; !synced; {
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case n, ok := <-ch:
			if !ok {
				return nil, ErrClosed
			}
			synced = n.synced
		}
	}
	p := s.snapshot()
	if p.usbDown != "" {
		return []enroll.ReaderInfo{serviceEntry(p.usbDown)}, nil
	}
	if p.readers == nil {
		return []enroll.ReaderInfo{}, nil
	}
	return p.readers, nil
}

func serviceEntry(status string) enroll.ReaderInfo {
	return enroll.ReaderInfo{Name: ServiceName, Kind: enroll.ReaderCCID, Status: status, Service: true}
}

func usbDownStatus(err error) string { return fmt.Sprintf("%s: %v", StatusUSBDown, err) }

// refusalStatus words why no card can be read at a reader.
func refusalStatus(err error) string {
	var inUse *InUseError
	var lvl *LevelError
	switch {
	case errors.As(err, &inUse):
		return StatusInUse
	case errors.As(err, &lvl):
		return StatusNeedsPCSC
	}
	return StatusUnavailable
}

func cardStatus(readErr error) string {
	if errors.Is(readErr, iso7816.ErrCardMute) {
		return StatusCardMute
	}
	return StatusCardPresent
}

// baseName is how a device is called: its maker and product names as it
// gives them, else its IDs, and always where it sits on the bus, which is
// what tells two readers of one model apart.
func baseName(manufacturer, product string, id DeviceID) string {
	name := strings.TrimSpace(product)
	if m := strings.TrimSpace(manufacturer); m != "" && !strings.HasPrefix(strings.ToLower(name), strings.ToLower(m)) {
		name = strings.TrimSpace(m + " " + name)
	}
	if name == "" {
		name = fmt.Sprintf("USB card reader %04x:%04x", id.Vendor, id.Product)
	}
	return name
}

// slotNames names a device's readers: one per slot, the slot said only
// where there is more than one.
func slotNames(base string, id DeviceID, slots int) []string {
	if slots <= 1 {
		return []string{fmt.Sprintf("%s (%s)", base, id)}
	}
	names := make([]string, slots)
	for i := range names {
		names[i] = fmt.Sprintf("%s (%s, slot %d)", base, id, i)
	}
	return names
}
