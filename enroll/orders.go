package enroll

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	"image/jpeg"
	"strings"
	"time"
	"unicode/utf8"
)

// Orders is the use case for cards ordered from external card production
// (production.md): ordering personal and temporary cards, aborting,
// updating, retrying, and the batch sync with the producer.
type Orders struct {
	base
	producers ProducerFactory
	leases    LeaseHolder // nil: leases only run out by time
	// jitter spreads retries of many cards over time; tests fix it.
	jitter func() float64
}

// LeaseTime is how long a station holds the cards it is sending; another
// station takes them over after that if the first never finished.
const LeaseTime = 2 * time.Minute

// MaxTemporaryOrder is the most temporary cards one order makes.
const MaxTemporaryOrder = 9

// layoutsKey keeps the producer's layouts last read, so an order can be
// checked while the producer is out of reach.
const layoutsKey = "production.layouts_cache"

// cursorKey keeps the version of the producer's changes feed read so far.
const cursorKey = "production.changes_since"

// AbortRefusedError is an abort the producer refused: the card is already
// in production (or the producer could not be asked).
type AbortRefusedError struct {
	CardID string
	Reason string
	Err    error
}

func (e *AbortRefusedError) Error() string {
	return fmt.Sprintf("card %s cannot be aborted: %s", e.CardID, e.Reason)
}

func (e *AbortRefusedError) Unwrap() error { return e.Err }

// MissingFieldsError refuses a personal card whose cardholder lacks what the
// layout needs; nothing was stored or sent.
type MissingFieldsError struct {
	CardholderID int64
	Name         string
	Layout       string
	Fields       []string // layout field names
}

func (e *MissingFieldsError) Error() string {
	return fmt.Sprintf("%s lacks what layout %s needs: %s", e.Name, e.Layout, strings.Join(e.Fields, ", "))
}

// CardholderInactiveError refuses an order or an assignment for an
// inactive cardholder.
type CardholderInactiveError struct {
	CardholderID int64
	Name         string
}

func (e *CardholderInactiveError) Error() string {
	return fmt.Sprintf("%s is inactive; only an active cardholder gets a card", e.Name)
}

// requireUseCase refuses a use case that is not enabled.
func requireUseCase(ctx context.Context, tx Tx, uc string) error {
	v, ok, err := tx.Settings().Get(ctx, "usecase."+uc+".enabled")
	if err != nil {
		return err
	}
	if !ok || v != "true" {
		return &UseCaseDisabledError{UseCase: uc}
	}
	return nil
}

// orderedCard reads one ordered card, naming it when it is missing.
func orderedCard(ctx context.Context, tx Tx, cardID string) (OrderedCard, error) {
	c, err := tx.OrderedCards().ByID(ctx, cardID)
	if err != nil {
		return c, fmt.Errorf("ordered card %s: %w", cardID, err)
	}
	return c, nil
}

// useCaseCard reads an ordered card for a use case, which must be on.
func useCaseCard(ctx context.Context, tx Tx, uc, cardID string) (OrderedCard, error) {
	if err := requireUseCase(ctx, tx, uc); err != nil {
		return OrderedCard{}, err
	}
	return orderedCard(ctx, tx, cardID)
}

// activeCardholder reads the cardholder a card is for: only an active one
// gets a card.
func activeCardholder(ctx context.Context, tx Tx, cardholderID int64) (Cardholder, error) {
	h, err := tx.Cardholders().ByID(ctx, cardholderID)
	if err != nil {
		return h, fmt.Errorf("cardholder %d: %w", cardholderID, err)
	}
	if h.Status != CardholderActive {
		return h, &CardholderInactiveError{CardholderID: h.ID, Name: h.FullName()}
	}
	return h, nil
}

// Enabled reports which optional use cases are on, for the UI to show only
// their buttons.
func (s *Orders) Enabled(ctx context.Context, a Actor) (map[string]bool, error) {
	out := map[string]bool{}
	err := s.view(ctx, a, PermView, func(tx Tx) error {
		for _, uc := range UseCases {
			err := requireUseCase(ctx, tx, uc)
			var off *UseCaseDisabledError
			if err != nil && !errors.As(err, &off) {
				return err
			}
			out[uc] = err == nil
		}
		return nil
	})
	return out, err
}

// producer is the client for the configured producer.
func (s *Orders) producer(ctx context.Context, tx Tx) (Producer, error) {
	if s.producers == nil {
		return nil, ErrProducerNotConfigured
	}
	var cfg ProducerConfig
	for key, dst := range map[string]*string{"production.url": &cfg.URL, "production.client_id": &cfg.ClientID,
		"production.client_secret": &cfg.ClientSecret} {
		v, err := s.settingValue(ctx, tx, key) // the secret opened
		if err != nil {
			return nil, err
		}
		*dst = v
	}
	if cfg.URL == "" || cfg.ClientID == "" || cfg.ClientSecret == "" {
		return nil, ErrProducerNotConfigured
	}
	return s.producers(cfg), nil
}

// producerFor is the configured producer, for an actor with permission p.
func (s *Orders) producerFor(ctx context.Context, a Actor, p Permission) (Producer, error) {
	var pr Producer
	err := s.view(ctx, a, p, func(tx Tx) error {
		var err error
		pr, err = s.producer(ctx, tx)
		return err
	})
	return pr, err
}

// settingOr reads a setting, its default when unset.
func settingOr(ctx context.Context, tx Tx, key string) (string, error) {
	v, ok, err := tx.Settings().Get(ctx, key)
	if err != nil || ok {
		return v, err
	}
	d, err := lookupSetting(key)
	return d.Default, err
}

// Layouts asks the producer for its layouts and keeps them for orders made
// while it is out of reach.
func (s *Orders) Layouts(ctx context.Context, a Actor) ([]Layout, error) {
	p, err := s.producerFor(ctx, a, PermView)
	if err != nil {
		return nil, err
	}
	ls, err := p.Layouts(ctx)
	if err != nil {
		return nil, err
	}
	data, err := json.Marshal(ls)
	if err != nil {
		return nil, err
	}
	err = s.store.Update(ctx, func(tx Tx) error { return tx.Settings().Set(ctx, layoutsKey, string(data)) })
	return ls, err
}

// layout finds a layout: from the producer, else from the copy kept.
func (s *Orders) layout(ctx context.Context, a Actor, id string) (Layout, error) {
	ls, err := s.Layouts(ctx, a)
	if err != nil {
		var kept string
		if verr := s.store.View(ctx, func(tx Tx) error {
			var err error
			kept, _, err = tx.Settings().Get(ctx, layoutsKey)
			return err
		}); verr != nil || kept == "" || json.Unmarshal([]byte(kept), &ls) != nil {
			return Layout{}, fmt.Errorf("the producer's layouts could not be read: %w", err)
		}
	}
	for _, l := range ls {
		if l.ID == id {
			return l, nil
		}
	}
	ids := make([]string, len(ls))
	for i, l := range ls {
		ids[i] = l.ID
	}
	return Layout{}, invalid("layout", msg(MsgOneOf, Data{"Value": id, "Allowed": strings.Join(ids, ", ")}))
}

// layoutID is the layout asked for, else the station's default.
func (s *Orders) layoutID(ctx context.Context, id string) (string, error) {
	if id = strings.TrimSpace(id); id != "" {
		return id, nil
	}
	err := s.store.View(ctx, func(tx Tx) error {
		var err error
		id, err = settingOr(ctx, tx, "production.layout")
		return err
	})
	if err == nil && id == "" {
		err = invalid("layout", msg(MsgRequired, nil))
	}
	return id, err
}

// newUUID is a random (version 4) UUID.
func newUUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (Go 1.24+)
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// OrderCard orders a personal card for an active cardholder (use case
// order_card). The card is stored before anything is sent; without the
// queue it is sent at once, and stays processing with the problem noted
// when the producer cannot be reached.
func (s *Orders) OrderCard(ctx context.Context, a Actor, cardholderID int64, layoutID string) (OrderedCard, error) {
	if err := s.mayOrder(ctx, a, UseOrderCard); err != nil {
		return OrderedCard{}, err
	}
	l, err := s.orderLayout(ctx, a, layoutID)
	if err != nil {
		return OrderedCard{}, err
	}
	return s.orderPersonal(ctx, a, l, cardholderID, newUUID(), "order.card", "")
}

// OrderTemporary orders 1 to 9 temporary cards for the desk's stock (use
// case order_temporary_cards), as one order.
func (s *Orders) OrderTemporary(ctx context.Context, a Actor, amount int, layoutID string) ([]OrderedCard, error) {
	if err := s.mayOrder(ctx, a, UseOrderTemporaryCards); err != nil {
		return nil, err
	}
	if amount < 1 || amount > MaxTemporaryOrder {
		return nil, invalid("amount", msg(MsgAmount, Data{"Value": amount}))
	}
	l, err := s.orderLayout(ctx, a, layoutID)
	if err != nil {
		return nil, err
	}
	cards := make([]OrderedCard, amount)
	order := newUUID()
	err = s.store.Update(ctx, func(tx Tx) error {
		if err := requireUseCase(ctx, tx, UseOrderTemporaryCards); err != nil {
			return err
		}
		for i := range cards {
			cards[i] = s.newCard(ctx, tx, a, KindTemporary, order, l.ID)
			cards[i].Fields = map[string]string{}
			if err := s.create(ctx, tx, a, &cards[i], "order.temporary", fmt.Sprintf("temporary card %d of %d", i+1, amount)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for i := range cards {
		if cards[i], err = s.sendNowUnlessQueued(ctx, a, cards[i]); err != nil {
			return cards, err
		}
	}
	return cards, nil
}

// mayOrder refuses an order the actor may not make or whose use case is off.
func (s *Orders) mayOrder(ctx context.Context, a Actor, uc string) error {
	if err := a.require(PermRespondRequests); err != nil {
		return err
	}
	return s.store.View(ctx, func(tx Tx) error { return requireUseCase(ctx, tx, uc) })
}

// orderLayout finds the layout asked for, else the station's.
func (s *Orders) orderLayout(ctx context.Context, a Actor, layoutID string) (Layout, error) {
	id, err := s.layoutID(ctx, layoutID)
	if err != nil {
		return Layout{}, err
	}
	return s.layout(ctx, a, id)
}

// orderPersonal stores a personal card of order for an active cardholder,
// with the layout's fields of their data as it is now, and sends it unless
// the queue is on. The audit entry names the cardholder, then more.
func (s *Orders) orderPersonal(ctx context.Context, a Actor, l Layout, cardholderID int64, order, action, more string) (OrderedCard, error) {
	var c OrderedCard
	err := s.store.Update(ctx, func(tx Tx) error {
		if err := requireUseCase(ctx, tx, UseOrderCard); err != nil {
			return err
		}
		h, err := activeCardholder(ctx, tx, cardholderID)
		if err != nil {
			return err
		}
		fields, photo, err := layoutFields(l, h)
		if err != nil {
			return err
		}
		c = s.newCard(ctx, tx, a, KindPersonal, order, l.ID)
		c.CardholderID, c.Fields, c.Photo = h.ID, fields, photo
		return s.create(ctx, tx, a, &c, action, "personal card for "+h.FullName()+more)
	})
	if err != nil {
		return c, err
	}
	return s.sendNowUnlessQueued(ctx, a, c)
}

func (s *Orders) newCard(ctx context.Context, tx Tx, a Actor, kind CardKind, order, layout string) OrderedCard {
	station, _ := settingOr(ctx, tx, "station.name")
	now := s.now()
	return OrderedCard{CardID: newUUID(), OrderID: order, Kind: kind, Status: OrderProcessing, LayoutID: layout,
		OrderedBy: a.Name, Station: station, NextAttempt: now, CreatedAt: now, UpdatedAt: now}
}

func (s *Orders) create(ctx context.Context, tx Tx, a Actor, c *OrderedCard, action, details string) error {
	if err := tx.OrderedCards().Create(ctx, c); err != nil {
		return err
	}
	shown := *c
	shown.Photo = nil // the audit log keeps no photos
	return record(ctx, tx, a, c.CreatedAt, change{action: action, entity: "ordered_card", entityKey: c.CardID,
		details: details + ", layout " + c.LayoutID, after: shown})
}

// layoutFields are the cardholder's values of the layout's fields; a
// required one missing or one too long refuses the order.
func layoutFields(l Layout, h Cardholder) (map[string]string, []byte, error) {
	values := map[string]string{"external_id": h.ExternalID, "first_name": h.FirstName, "last_name": h.LastName,
		"email": h.Email, "department": h.Department}
	fields := map[string]string{}
	var photo []byte
	var missing []string
	var fe fieldErrors
	for _, f := range l.Fields {
		if f.Name == "photo" {
			if len(h.Photo) == 0 {
				if f.Required {
					missing = append(missing, f.Name)
				}
				continue
			}
			jpg, err := asJPEG(h.Photo)
			if err != nil {
				return nil, nil, fmt.Errorf("photo of %s: %w", h.FullName(), err)
			}
			photo = jpg
			continue
		}
		v, known := values[f.Name]
		switch {
		case !known:
			return nil, nil, fmt.Errorf("layout %s asks for the unknown field %q", l.ID, f.Name)
		case v == "" && f.Required:
			missing = append(missing, f.Name)
		case v == "":
		case f.MaxLength > 0 && utf8.RuneCountInString(v) > f.MaxLength:
			fe.add(f.Name, msg(MsgTooLong, Data{"Len": utf8.RuneCountInString(v), "Max": f.MaxLength}))
		default:
			fields[f.Name] = v
		}
	}
	if len(missing) > 0 {
		return nil, nil, &MissingFieldsError{CardholderID: h.ID, Name: h.FullName(), Layout: l.ID, Fields: missing}
	}
	return fields, photo, fe.err()
}

// asJPEG is the photo as the producer takes it.
func asJPEG(photo []byte) ([]byte, error) {
	if bytes.HasPrefix(photo, []byte{0xff, 0xd8, 0xff}) {
		return photo, nil
	}
	img, _, err := image.Decode(bytes.NewReader(photo))
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	err = jpeg.Encode(&b, img, &jpeg.Options{Quality: 92})
	return b.Bytes(), err
}

// sendNowUnlessQueued sends a new card at once when the queue is off.
func (s *Orders) sendNowUnlessQueued(ctx context.Context, a Actor, c OrderedCard) (OrderedCard, error) {
	var queue string
	var p Producer
	err := s.store.View(ctx, func(tx Tx) error {
		var err error
		if queue, err = settingOr(ctx, tx, "production.queue"); err != nil || queue == "true" {
			return err
		}
		p, err = s.producer(ctx, tx)
		if errors.Is(err, ErrProducerNotConfigured) {
			return nil // it waits for a sync once production is set up
		}
		return err
	})
	if err != nil || p == nil {
		return c, err
	}
	claimed, err := s.claim(ctx, []OrderedCard{c})
	if err != nil || len(claimed) == 0 {
		return c, err
	}
	return s.send(ctx, a, p, claimed[0])
}

// card reads one ordered card.
func (s *Orders) Card(ctx context.Context, a Actor, cardID string) (OrderedCard, error) {
	var c OrderedCard
	err := s.view(ctx, a, PermView, func(tx Tx) error {
		var err error
		c, err = orderedCard(ctx, tx, cardID)
		return err
	})
	return c, err
}

// List returns one page of ordered cards, newest first, and how many match.
func (s *Orders) List(ctx context.Context, a Actor, q OrderedCardQuery) ([]OrderedCard, int, error) {
	var cs []OrderedCard
	var n int
	err := s.view(ctx, a, PermView, func(tx Tx) error {
		var err error
		if cs, err = tx.OrderedCards().List(ctx, q); err != nil {
			return err
		}
		n, err = tx.OrderedCards().Count(ctx, q)
		return err
	})
	return cs, n, err
}

// Abort stops a card while it is processing (use case abort_card_order).
// A card that may have reached the producer is cancelled there first; when
// it is already in production the abort is refused with that reason.
func (s *Orders) Abort(ctx context.Context, a Actor, cardID string) (OrderedCard, error) {
	var c OrderedCard
	var p Producer
	err := s.update(ctx, a, PermRespondRequests, func(tx Tx) error {
		var err error
		if c, err = useCaseCard(ctx, tx, UseAbortCardOrder, cardID); err != nil {
			return err
		}
		if c.Status != OrderProcessing {
			return &TransitionError{Machine: "ordered card", From: string(c.Status), To: string(OrderAborted)}
		}
		if c.SendStarted || c.LeaseUntil.After(s.now()) {
			p, err = s.producer(ctx, tx)
			return err
		}
		return s.setAborted(ctx, tx, a, &c)
	})
	if err != nil || p == nil {
		return c, err
	}
	if _, err := p.Cancel(ctx, cardID); err != nil {
		reason := "the producer could not be asked to cancel it; try again"
		if errors.Is(err, ErrProducerConflict) {
			reason = "it is already in production"
		}
		return c, &AbortRefusedError{CardID: cardID, Reason: reason, Err: err}
	}
	err = s.update(ctx, a, PermRespondRequests, func(tx Tx) error {
		var err error
		if c, err = tx.OrderedCards().ByID(ctx, cardID); err != nil {
			return err
		}
		if c.Status.Final() {
			return nil // a sync saw the cancel first
		}
		// The producer cancelled it: a sync that had it ordered meanwhile
		// was answered before the cancel arrived.
		return s.setAborted(ctx, tx, a, &c)
	})
	return c, err
}

func (s *Orders) setAborted(ctx context.Context, tx Tx, a Actor, c *OrderedCard) error {
	c.Status, c.UpdatedAt, c.LeaseUntil, c.LeaseHolder = OrderAborted, s.now(), time.Time{}, ""
	if err := tx.OrderedCards().Update(ctx, c); err != nil {
		return err
	}
	return record(ctx, tx, a, c.UpdatedAt, change{action: "order.abort", entity: "ordered_card", entityKey: c.CardID,
		details: string(c.Kind) + " card aborted"})
}

// Update asks the producer for one card's status now (use case
// update_card_order) and applies it.
func (s *Orders) Update(ctx context.Context, a Actor, cardID string) (OrderedCard, error) {
	var c OrderedCard
	var p Producer
	err := s.view(ctx, a, PermRespondRequests, func(tx Tx) error {
		var err error
		if c, err = useCaseCard(ctx, tx, UseUpdateCardOrder, cardID); err != nil {
			return err
		}
		p, err = s.producer(ctx, tx)
		return err
	})
	if err != nil {
		return c, err
	}
	pc, err := p.Card(ctx, cardID)
	if errors.Is(err, ErrNotFound) && c.Status == OrderProcessing {
		return c, nil // not sent yet: the producer cannot know it
	}
	if err != nil {
		return c, err
	}
	err = s.store.Update(ctx, func(tx Tx) error {
		_, err := s.apply(ctx, tx, a, pc)
		return err
	})
	if err != nil {
		return c, err
	}
	return s.Card(ctx, a, cardID)
}

// Retry orders a failed personal card again (use case order_card). The
// producer keeps the failed card under its id and would only replay it, so
// the retry is a new card in the same order, with the cardholder's data as
// it is now (a missing field may have been filled in since).
func (s *Orders) Retry(ctx context.Context, a Actor, cardID string) (OrderedCard, error) {
	if err := a.require(PermRespondRequests); err != nil {
		return OrderedCard{}, err
	}
	old, err := s.Card(ctx, a, cardID)
	if err != nil {
		return old, err
	}
	if old.Kind != KindPersonal || old.Status != OrderFailed {
		return old, &TransitionError{Machine: "ordered card", From: string(old.Kind) + " " + string(old.Status), To: "retried"}
	}
	l, err := s.layout(ctx, a, old.LayoutID)
	if err != nil {
		return old, err
	}
	return s.orderPersonal(ctx, a, l, old.CardholderID, old.OrderID, "order.retry", " again, after failed card "+old.CardID)
}
