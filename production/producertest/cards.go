package producertest

import (
	"cmp"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"maps"
	"slices"
	"time"
)

// Card statuses as the protocol spells them.
const (
	StatusOrdered      = "ordered"
	StatusInProduction = "in_production"
	StatusProduced     = "produced"
	StatusFailed       = "failed"
	StatusCancelled    = "cancelled"
)

// Produced cards are encoded as H10301 starting here. The 16-bit card
// number would overflow after 64,536 cards; the facility then moves on so
// credentials stay unique and valid.
const (
	credentialFormat = "h10301"
	firstFacility    = 12
	firstCardNumber  = 1000
	maxCardNumber    = 1<<16 - 1
)

// Card is one card as the producer holds it. Encoded as JSON it is exactly
// the protocol's card object; the order's details are left out of the JSON
// and kept for tests to inspect.
type Card struct {
	CardID        string      `json:"card_id"`
	OrderID       string      `json:"order_id"`
	Kind          string      `json:"kind"`
	Status        string      `json:"status"`
	Version       int64       `json:"version"`
	FailureReason string      `json:"failure_reason"`
	Credential    *Credential `json:"credential"` // null until produced

	LayoutID  string            `json:"-"`
	Fields    map[string]string `json:"-"`
	Photo     string            `json:"-"` // photo_jpeg_base64 as sent
	Station   string            `json:"-"`
	OrderedBy string            `json:"-"`
}

// Credential is what the producer encoded on a produced card.
type Credential struct {
	Format string           `json:"format"`
	Fields CredentialFields `json:"fields"`
	UID    string           `json:"uid"` // 7 bytes, lower-case hex
}

// CredentialFields are the H10301 field values.
type CredentialFields struct {
	Facility int `json:"facility"`
	Card     int `json:"card"`
}

// clone copies what a caller could otherwise change under the lock's feet.
func (c Card) clone() Card {
	c.Fields = maps.Clone(c.Fields)
	if c.Credential != nil {
		cred := *c.Credential
		c.Credential = &cred
	}
	return c
}

func final(status string) bool {
	return status == StatusProduced || status == StatusFailed || status == StatusCancelled
}

func nextStatus(status string) (string, bool) {
	switch status {
	case StatusOrdered:
		return StatusInProduction, true
	case StatusInProduction:
		return StatusProduced, true
	}
	return "", false
}

// record is a stored card with what the protocol needs around it.
type record struct {
	card      Card
	changedAt time.Time
	reply     []byte // the 201 body, which a replayed PUT gets again
	// cancelledEarly: the card was cancelled before its PUT arrived, so
	// every PUT of it is answered 409.
	cancelledEarly bool
	// history holds every version the card had, oldest first, the last
	// being the current one; the replaying feed serves the older ones.
	history []Card
}

// changeLocked applies one change to a card and gives it the next version.
func (s *Server) changeLocked(rec *record, apply func(*Card)) {
	apply(&rec.card)
	s.state.version++
	rec.card.Version = s.state.version
	rec.changedAt = s.opt.Now()
	rec.history = append(rec.history, rec.card)
}

func (s *Server) addLocked(c Card) *record {
	rec := &record{}
	s.state.cards[c.CardID] = rec
	s.state.created = append(s.state.created, c.CardID)
	s.changeLocked(rec, func(card *Card) { *card = c })
	return rec
}

// stepLocked moves a card one status forward, encoding it when produced.
func (s *Server) stepLocked(rec *record) error {
	next, ok := nextStatus(rec.card.Status)
	if !ok {
		return fmt.Errorf("%w: card %s is %s", ErrWrongState, rec.card.CardID, rec.card.Status)
	}
	var cred *Credential
	if next == StatusProduced {
		cred = s.newCredentialLocked()
	}
	s.changeLocked(rec, func(c *Card) {
		c.Status = next
		c.Credential = cred
	})
	return nil
}

func (s *Server) newCredentialLocked() *Credential {
	if s.state.nextCardNumber > maxCardNumber {
		s.state.facility++
		s.state.nextCardNumber = firstCardNumber
	}
	c := &Credential{
		Format: credentialFormat,
		Fields: CredentialFields{Facility: s.state.facility, Card: s.state.nextCardNumber},
		UID:    s.newUIDLocked(),
	}
	s.state.nextCardNumber++
	return c
}

// newUIDLocked makes a 7-byte UID starting with 04, NXP's manufacturer
// byte, as real MIFARE chips do; the rest is random and never repeats.
func (s *Server) newUIDLocked() string {
	for {
		b := make([]byte, 7)
		b[0] = 0x04
		_, _ = rand.Read(b[1:]) // crypto/rand.Read does not fail
		uid := hex.EncodeToString(b)
		if !s.state.uids[uid] {
			s.state.uids[uid] = true
			return uid
		}
	}
}

// Advance moves one card a step forward: ordered → in_production →
// produced. It fails with ErrUnknownCard or ErrWrongState.
func (s *Server) Advance(cardID string) error {
	s.mu.Lock()
	rec, ok := s.state.cards[cardID]
	if !ok {
		s.mu.Unlock()
		return fmt.Errorf("advance %s: %w", cardID, ErrUnknownCard)
	}
	err := s.stepLocked(rec)
	status := rec.card.Status
	s.mu.Unlock()
	if err != nil {
		return fmt.Errorf("advance: %w", err)
	}
	s.logf("card %s -> %s", cardID, status)
	return nil
}

// Tick moves every card that is not in a final status one step forward, in
// the order the cards were stored, and says how many moved.
func (s *Server) Tick() int {
	return s.moveCards(func(*record) bool { return true })
}

// Fail ends an ordered or in_production card as failed with reason (a
// default text when empty). Other statuses give ErrWrongState.
func (s *Server) Fail(cardID, reason string) error {
	if reason == "" {
		reason = "production failed"
	}
	s.mu.Lock()
	rec, ok := s.state.cards[cardID]
	if !ok {
		s.mu.Unlock()
		return fmt.Errorf("fail %s: %w", cardID, ErrUnknownCard)
	}
	if final(rec.card.Status) {
		status := rec.card.Status
		s.mu.Unlock()
		return fmt.Errorf("fail %s: %w: it is %s", cardID, ErrWrongState, status)
	}
	s.changeLocked(rec, func(c *Card) {
		c.Status = StatusFailed
		c.FailureReason = reason
	})
	s.mu.Unlock()
	s.logf("card %s -> failed: %s", cardID, reason)
	return nil
}

// moveCards steps every non-final card that due says is ready.
func (s *Server) moveCards(due func(*record) bool) int {
	var moved []string
	s.mu.Lock()
	for _, id := range s.state.created {
		rec := s.state.cards[id]
		if final(rec.card.Status) || !due(rec) {
			continue
		}
		if s.stepLocked(rec) == nil {
			moved = append(moved, id+" -> "+rec.card.Status)
		}
	}
	s.mu.Unlock()
	for _, m := range moved {
		s.logf("card %s", m)
	}
	return len(moved)
}

// runMover moves cards by themselves when Options.Step is set. It polls a
// few times per Step rather than keeping a timer per card, so an injected
// Now is honoured without the mover knowing how it advances.
func (s *Server) runMover() {
	defer s.loops.Done()
	step := s.opt.Step
	t := time.NewTicker(min(max(step/4, 5*time.Millisecond), 250*time.Millisecond))
	defer t.Stop()
	for {
		select {
		case <-s.stop:
			return
		case <-t.C:
			s.moveCards(func(rec *record) bool {
				return s.opt.Now().Sub(rec.changedAt) >= step
			})
		}
	}
}

// Records is the number of cards stored. A card_id only cancelled, never
// ordered, is not a card.
func (s *Server) Records() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.state.cards)
}

// Card is a copy of the card stored under cardID.
func (s *Server) Card(cardID string) (Card, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	rec, ok := s.state.cards[cardID]
	if !ok {
		return Card{}, false
	}
	return rec.card.clone(), true
}

// Cards is a copy of every stored card in the order they were stored.
func (s *Server) Cards() []Card {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Card, 0, len(s.state.created))
	for _, id := range s.state.created {
		out = append(out, s.state.cards[id].card.clone())
	}
	return out
}

// Puts is how many PUTs for cardID reached the server, counting replays,
// refused ones and ones answered by a fault.
func (s *Server) Puts(cardID string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.state.puts[cardID]
}

// Logins is how many login requests reached the server, whatever their
// outcome.
func (s *Server) Logins() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.state.logins
}

// Requests is how many HTTP requests reached the server, of any kind.
func (s *Server) Requests() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.state.requests
}

// feedLocked lists the card versions newer than since: normally each
// card's current version, in version order. With replay it adds every
// earlier version of those cards and each current one twice, newest first,
// so a client that does not apply updates forward only goes wrong.
func (s *Server) feedLocked(since int64, replay bool) ([]Card, int64) {
	page := []Card{} // an empty page is [] in the JSON, not null
	next := since
	for _, rec := range s.state.cards {
		if rec.card.Version <= since {
			continue
		}
		next = max(next, rec.card.Version)
		page = append(page, rec.card)
		if replay {
			page = append(page, rec.history...)
		}
	}
	slices.SortStableFunc(page, func(a, b Card) int {
		if replay {
			a, b = b, a
		}
		return cmp.Compare(a.Version, b.Version)
	})
	return page, next
}
