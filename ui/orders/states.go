package orders

import (
	"context"
	"sync"

	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/carddesk/carddesk/enroll"
)

// orderRow is one ordered card as the list shows it: with its cardholder's
// name and, for a temporary card, whether it is in the desk's stock.
type orderRow struct {
	enroll.OrderedCard
	Name    string
	InStock bool
	// Retried: a failed card that was ordered again (a newer card of its
	// order for the same cardholder): retrying it once more would make a
	// second card.
	Retried bool
}

// kindWord names a card's kind.
func kindWord(k enroll.CardKind) string {
	if k == enroll.KindTemporary {
		return lang.L("Temporary")
	}
	return lang.L("Personal")
}

// sending tells a processing card whose send failed and is tried again
// from one that still waits for its first sync.
func sending(c enroll.OrderedCard) bool {
	return c.Status == enroll.OrderProcessing && c.Attempts > 0 && c.LastError != ""
}

// statusWord is where an ordered card is, in words.
func statusWord(r orderRow) string {
	switch r.Status {
	case enroll.OrderProcessing:
		if sending(r.OrderedCard) {
			return lang.L("Sending…")
		}
		return lang.L("Queued")
	case enroll.OrderOrdered:
		return lang.L("Ordered")
	case enroll.OrderInProduction:
		return lang.L("In production")
	case enroll.OrderProduced:
		switch {
		case r.Kind == enroll.KindPersonal && !r.ReceivedAt.IsZero():
			return lang.L("Produced · received")
		case r.Kind == enroll.KindTemporary && r.InStock:
			return lang.L("Produced · in stock")
		case r.Kind == enroll.KindTemporary:
			return lang.L("Produced · to initialize")
		}
		return lang.L("Produced")
	case enroll.OrderFailed:
		if r.Retried {
			return lang.L("Failed · ordered again")
		}
		return lang.L("Failed")
	case enroll.OrderAborted:
		return lang.L("Aborted")
	}
	return string(r.Status)
}

// statusImportance colours the status: done green, stopped red, on the
// way plain; a card the desk must act on (receive, initialize) stands out.
func statusImportance(r orderRow) widget.Importance {
	switch r.Status {
	case enroll.OrderFailed, enroll.OrderAborted:
		return widget.DangerImportance
	case enroll.OrderProduced:
		if needsDesk(r) {
			return widget.HighImportance
		}
		return widget.SuccessImportance
	case enroll.OrderProcessing:
		if sending(r.OrderedCard) {
			return widget.WarningImportance
		}
	}
	return widget.MediumImportance
}

// needsDesk: a produced card waits for the desk (to be received or
// initialized).
func needsDesk(r orderRow) bool {
	if r.Status != enroll.OrderProduced {
		return false
	}
	if r.Kind == enroll.KindTemporary {
		return !r.InStock
	}
	return r.ReceivedAt.IsZero() && r.CredentialID != 0
}

// problemText is the card's last problem in words: why it failed, or why
// it is still being sent.
func problemText(r orderRow) string {
	if r.Status == enroll.OrderFailed && r.FailureReason != "" {
		return problemWords(r.FailureReason)
	}
	return problemWords(r.LastError)
}

// tempStatusWord names a temporary card's state in the stock.
func tempStatusWord(s enroll.TempCardStatus) string {
	switch s {
	case enroll.TempUnassigned:
		return lang.L("Unassigned")
	case enroll.TempAssigned:
		return lang.L("Assigned")
	case enroll.TempExpired:
		return lang.L("Expired")
	case enroll.TempLocked:
		return lang.L("Locked")
	}
	return string(s)
}

// shortID is the short form of a card id operators read and say: the
// first eight digits of the UUID, as on the card's label.
func shortID(id string) string {
	if len(id) > 8 {
		return id[:8]
	}
	return id
}

// names caches cardholder names for the lists; it is read off the UI
// goroutine.
type names struct {
	mu sync.Mutex
	m  map[int64]string
}

func newNames() *names { return &names{m: map[int64]string{}} }

// of is the cardholder's name, read once; "" when it cannot be read.
func (n *names) of(ctx context.Context, st *enroll.Station, a enroll.Actor, id int64) string {
	if id == 0 {
		return ""
	}
	n.mu.Lock()
	name, ok := n.m[id]
	n.mu.Unlock()
	if ok {
		return name
	}
	c, err := st.Cardholders.Get(ctx, a, id)
	if err != nil {
		return ""
	}
	n.mu.Lock()
	n.m[id] = c.FullName()
	n.mu.Unlock()
	return c.FullName()
}

// forget drops every name (the refresh button: names may have changed).
func (n *names) forget() {
	n.mu.Lock()
	clear(n.m)
	n.mu.Unlock()
}

// keyring gives each card id a number for the list's selection, which
// keeps rows by int64; the numbers stay while the screen lives, so a
// selection survives reloads. Used on the UI goroutine only.
type keyring struct {
	m    map[string]int64
	next int64
}

func (k *keyring) of(id string) int64 {
	if k.m == nil {
		k.m = map[string]int64{}
	}
	n, ok := k.m[id]
	if !ok {
		k.next++
		n = k.next
		k.m[id] = n
	}
	return n
}
