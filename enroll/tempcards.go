package enroll

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"
)

// TempCards is the use case for the desk's stock of temporary cards (use
// case temporary_cards): produced temporary cards are initialized into the
// stock, assigned to a cardholder for a while, withdrawn, and locked.
type TempCards struct{ base }

// TempCardHeldError refuses a second temporary card for a cardholder.
type TempCardHeldError struct {
	CardholderID int64
	Name         string
	CardID       string // the card they hold
}

func (e *TempCardHeldError) Error() string {
	return fmt.Sprintf("%s already holds temporary card %s; withdraw it first", e.Name, e.CardID)
}

// List returns the stock, newest first; status "" lists every card.
func (s *TempCards) List(ctx context.Context, a Actor, status TempCardStatus) ([]TempCard, error) {
	var out []TempCard
	err := s.view(ctx, a, PermView, func(tx Tx) error {
		var err error
		out, err = tx.TempCards().List(ctx, status)
		return err
	})
	return out, err
}

// Initialize takes a produced temporary card into the stock as unassigned.
func (s *TempCards) Initialize(ctx context.Context, a Actor, cardID string) (TempCard, error) {
	var t TempCard
	err := s.change(ctx, a, func(tx Tx) error {
		c, err := orderedCard(ctx, tx, cardID)
		if err != nil {
			return err
		}
		if c.Kind != KindTemporary || c.Status != OrderProduced {
			return &TransitionError{Machine: "temporary card", From: string(c.Kind) + " " + string(c.Status), To: string(TempUnassigned)}
		}
		if _, err := tx.TempCards().ByID(ctx, cardID); err == nil {
			return &TransitionError{Machine: "temporary card", From: "initialized", To: string(TempUnassigned)}
		} else if !errors.Is(err, ErrNotFound) {
			return err
		}
		now := s.now()
		t = TempCard{CardID: cardID, Status: TempUnassigned, CredentialID: c.CredentialID, CreatedAt: now, UpdatedAt: now}
		if err := tx.TempCards().Create(ctx, &t); err != nil {
			return err
		}
		return record(ctx, tx, a, now, change{action: "tempcard.initialize", entity: "temp_card", entityKey: cardID,
			details: "produced -> unassigned", after: t})
	})
	return t, err
}

// Assign hands an unassigned temporary card to an active cardholder who
// holds no other, until the given day (zero: no end). Its credential
// becomes theirs and active.
func (s *TempCards) Assign(ctx context.Context, a Actor, cardID string, cardholderID int64, until time.Time) (TempCard, error) {
	return s.transition(ctx, a, cardID, TempAssigned, "tempcard.assign", func(tx Tx, t *TempCard) (string, error) {
		h, err := activeCardholder(ctx, tx, cardholderID)
		if err != nil {
			return "", err
		}
		held, err := tx.TempCards().AssignedTo(ctx, cardholderID)
		if err != nil {
			return "", err
		}
		if len(held) > 0 {
			return "", &TempCardHeldError{CardholderID: h.ID, Name: h.FullName(), CardID: held[0].CardID}
		}
		if !until.IsZero() {
			until = day(until)
			if until.Before(day(s.now())) {
				return "", invalid("until", msg(MsgDayPast, Data{"Date": until.Format(time.DateOnly)}))
			}
		}
		t.Status, t.CardholderID, t.Until, t.UpdatedAt = TempAssigned, h.ID, until, s.now()
		if err := s.setCredential(ctx, tx, t.CredentialID, h.ID, CredentialActive); err != nil {
			return "", err
		}
		return "assigned to " + h.FullName() + untilText(until), nil
	})
}

func untilText(until time.Time) string {
	if until.IsZero() {
		return ""
	}
	return " until " + until.Format(time.DateOnly)
}

// day is the calendar day of t, as UTC midnight.
func day(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// Withdraw takes an assigned or expired card back into the stock.
func (s *TempCards) Withdraw(ctx context.Context, a Actor, cardID string) (TempCard, error) {
	return s.move(ctx, a, cardID, TempUnassigned, "tempcard.withdraw")
}

// Lock takes a card out of use for good (lost, broken, not returned).
func (s *TempCards) Lock(ctx context.Context, a Actor, cardID string) (TempCard, error) {
	return s.move(ctx, a, cardID, TempLocked, "tempcard.lock")
}

// move withdraws or locks: the card is nobody's any more, its credential
// inactive.
func (s *TempCards) move(ctx context.Context, a Actor, cardID string, to TempCardStatus, action string) (TempCard, error) {
	return s.transition(ctx, a, cardID, to, action, func(tx Tx, t *TempCard) (string, error) {
		from := t.Status
		t.Status, t.CardholderID, t.Until, t.UpdatedAt = to, 0, time.Time{}, s.now()
		if err := s.setCredential(ctx, tx, t.CredentialID, 0, CredentialInactive); err != nil {
			return "", err
		}
		return string(from) + " -> " + string(to), nil
	})
}

// transition is a stock change of one card: it loads the card, checks that
// it may go to status to, lets edit change it (edit says what happened, for
// the audit log) and saves it with an audit entry.
func (s *TempCards) transition(ctx context.Context, a Actor, cardID string, to TempCardStatus, action string,
	edit func(tx Tx, t *TempCard) (string, error)) (TempCard, error) {
	var t TempCard
	err := s.change(ctx, a, func(tx Tx) error {
		var err error
		if t, err = s.card(ctx, tx, cardID); err != nil {
			return err
		}
		if err := TempCardStates.Check(t.Status, to); err != nil {
			return err
		}
		before := t
		details, err := edit(tx, &t)
		if err != nil {
			return err
		}
		return s.save(ctx, tx, a, &t, before, action, details)
	})
	return t, err
}

// ExpireDue marks the assigned cards whose day has passed as expired (at
// start and daily); their credentials stop working.
func (s *TempCards) ExpireDue(ctx context.Context, a Actor) (int, error) {
	n := 0
	err := s.update(ctx, a, PermView, func(tx Tx) error {
		due, err := tx.TempCards().Overdue(ctx, day(s.now()))
		if err != nil {
			return err
		}
		for _, t := range due {
			before := t
			t.Status, t.UpdatedAt = TempExpired, s.now()
			if err := s.setCredential(ctx, tx, t.CredentialID, t.CardholderID, CredentialInactive); err != nil {
				return err
			}
			if err := s.save(ctx, tx, a, &t, before, "tempcard.expire", "assigned until "+before.Until.Format(time.DateOnly)); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	return n, err
}

// change runs a stock change: the use case must be on.
func (s *TempCards) change(ctx context.Context, a Actor, fn func(Tx) error) error {
	return s.update(ctx, a, PermRespondRequests, func(tx Tx) error {
		if err := requireUseCase(ctx, tx, UseTemporaryCards); err != nil {
			return err
		}
		return fn(tx)
	})
}

func (s *TempCards) card(ctx context.Context, tx Tx, cardID string) (TempCard, error) {
	t, err := tx.TempCards().ByID(ctx, cardID)
	if err != nil {
		return t, fmt.Errorf("temporary card %s: %w", cardID, err)
	}
	return t, nil
}

func (s *TempCards) save(ctx context.Context, tx Tx, a Actor, t *TempCard, before TempCard, action, details string) error {
	if err := tx.TempCards().Update(ctx, t); err != nil {
		return err
	}
	return record(ctx, tx, a, t.UpdatedAt, change{action: action, entity: "temp_card", entityKey: t.CardID,
		details: details, before: before, after: *t})
}

// setCredential gives the card's credential to a cardholder (0: nobody)
// with a status; a card produced without one has nothing to change.
func (s *TempCards) setCredential(ctx context.Context, tx Tx, id, cardholderID int64, st CredentialStatus) error {
	if id == 0 {
		return nil
	}
	k, err := tx.Credentials().ByID(ctx, id)
	if err != nil {
		return err
	}
	if k.Status == CredentialLost || k.Status == CredentialStolen {
		return &CardUnusableError{CredentialID: id, Status: k.Status}
	}
	k.CardholderID, k.Status, k.UpdatedAt = cardholderID, st, s.now()
	if st == CredentialActive && k.ActivationDate.IsZero() {
		k.ActivationDate = k.UpdatedAt
	}
	return tx.Credentials().Update(ctx, k)
}

// ReceiveMismatchError refuses a card presented at the desk that is not the
// one the producer made.
type ReceiveMismatchError struct {
	CardID string
	Reason string
}

func (e *ReceiveMismatchError) Error() string {
	return fmt.Sprintf("this is not ordered card %s: %s", e.CardID, e.Reason)
}

// Receive activates a produced personal card presented at the desk: the
// card read must be the one the producer reported, by its chip UID or by
// its bits in the credential's format.
func (s *Orders) Receive(ctx context.Context, a Actor, cardID string, read CardRead) (OrderedCard, error) {
	var c OrderedCard
	err := s.update(ctx, a, PermRespondRequests, func(tx Tx) error {
		var err error
		if c, err = useCaseCard(ctx, tx, UseOrderCard, cardID); err != nil {
			return err
		}
		if c.Kind != KindPersonal || c.Status != OrderProduced || c.CredentialID == 0 || !c.ReceivedAt.IsZero() {
			return &TransitionError{Machine: "ordered card", From: string(c.Kind) + " " + string(c.Status), To: "received"}
		}
		k, err := tx.Credentials().ByID(ctx, c.CredentialID)
		if err != nil {
			return err
		}
		if reason := mismatch(c, k, read); reason != "" {
			return &ReceiveMismatchError{CardID: cardID, Reason: reason}
		}
		now := s.now()
		k.Status, k.ActivationDate, k.UpdatedAt = CredentialActive, now, now
		if err := tx.Credentials().Update(ctx, k); err != nil {
			return err
		}
		c.ReceivedAt, c.UpdatedAt = now, now
		if err := tx.OrderedCards().Update(ctx, &c); err != nil {
			return err
		}
		return record(ctx, tx, a, now, change{action: "order.receive", entity: "ordered_card", entityKey: cardID,
			details: fmt.Sprintf("received; credential %d active", k.ID)})
	})
	return c, err
}

// mismatch says why the read is not the card's, or "".
func mismatch(c OrderedCard, k Credential, read CardRead) string {
	if c.ChipUID != "" && len(read.UID) > 0 {
		if got := hex.EncodeToString(read.UID); !strings.EqualFold(got, c.ChipUID) {
			return fmt.Sprintf("its chip UID is %s; the producer reported %s", got, c.ChipUID)
		}
		return ""
	}
	if read.Bits != "" {
		if read.Format != k.Format {
			return fmt.Sprintf("the reader reads format %s; the card was encoded as %s", read.Format, k.Format)
		}
		if read.Bits != k.Bits {
			return fmt.Sprintf("it carries %s, not the card number the producer reported", fieldOrBits(read))
		}
		return ""
	}
	return "the reader gave neither a chip UID nor card bits to compare"
}

func fieldOrBits(read CardRead) string { return read.Format + " " + read.Bits }
