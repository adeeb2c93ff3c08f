package enroll

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// CredentialHeldError refuses to unassign a lost or stolen card: it stays
// on its holder's record, where it was reported.
type CredentialHeldError struct {
	CredentialID int64
	Status       CredentialStatus
}

func (e *CredentialHeldError) Error() string {
	return fmt.Sprintf("credential %d is %s; it stays with its cardholder", e.CredentialID, e.Status)
}

// CredentialUnassignedError is an action that needs an assigned credential.
type CredentialUnassignedError struct{ CredentialID int64 }

func (e *CredentialUnassignedError) Error() string {
	return fmt.Sprintf("credential %d is not assigned to anyone", e.CredentialID)
}

// ErrCardholderActive refuses to deactivate every card of someone still
// active.
var ErrCardholderActive = errors.New("the cardholder is active; mark them inactive first")

// History is the credential's entries in the audit log, newest first.
func (s *Credentials) History(ctx context.Context, a Actor, id int64) ([]AuditEvent, error) {
	var out []AuditEvent
	err := s.view(ctx, a, PermView, func(tx Tx) error {
		var err error
		out, err = tx.Audit().List(ctx, AuditQuery{Entity: "credential", EntityID: fmt.Sprint(id)})
		return err
	})
	return out, err
}

// change loads a credential, lets fn change it, and stores it with its
// audit event.
func (s *Credentials) change(ctx context.Context, a Actor, id int64, action string, fn func(tx Tx, k *Credential) (string, error)) (Credential, error) {
	var k Credential
	err := s.update(ctx, a, PermManageCredentials, func(tx Tx) error {
		old, err := tx.Credentials().ByID(ctx, id)
		if err != nil {
			return fmt.Errorf("credential %d: %w", id, err)
		}
		k = old
		details, err := fn(tx, &k)
		if err != nil {
			return err
		}
		k.UpdatedAt = s.now()
		if err := tx.Credentials().Update(ctx, k); err != nil {
			return err
		}
		return record(ctx, tx, a, k.UpdatedAt, change{action: action, entity: "credential", entityID: id,
			details: fmt.Sprintf("%s %s: %s", k.Format, k.Bits, details), before: old, after: k})
	})
	return k, err
}

// SetExpiry sets the day a credential stops working (zero: never). From
// that day it is expired; a later day or never brings an expired card back,
// active when someone holds it.
func (s *Credentials) SetExpiry(ctx context.Context, a Actor, id int64, at time.Time) (Credential, error) {
	if !at.IsZero() {
		at = day(at)
		if at.Before(day(s.now())) {
			return Credential{}, invalid("expires", msg(MsgDayPast, Data{"Date": at.Format(time.DateOnly)}))
		}
	}
	return s.change(ctx, a, id, "credential.expiry", func(_ Tx, k *Credential) (string, error) {
		k.ExpiresAt = at
		details := "never expires"
		if !at.IsZero() {
			details = "expires " + at.Format(time.DateOnly)
		}
		switch {
		case !at.IsZero() && !at.After(day(s.now())):
			if err := CredentialStates.Check(k.Status, CredentialExpired); err != nil {
				return "", err
			}
			k.Status = CredentialExpired
		case k.Status == CredentialExpired && k.CardholderID != 0:
			k.Status = CredentialActive
		case k.Status == CredentialExpired:
			k.Status = CredentialInactive
		}
		return details, nil
	})
}

// ExpireDue marks the credentials whose day has come as expired (at start
// and daily).
func (s *Credentials) ExpireDue(ctx context.Context, a Actor) (int, error) {
	n := 0
	err := s.update(ctx, a, PermView, func(tx Tx) error {
		due, err := tx.Credentials().Expiring(ctx, day(s.now()).Add(24*time.Hour))
		if err != nil {
			return err
		}
		for _, k := range due {
			old := k
			k.Status, k.UpdatedAt = CredentialExpired, s.now()
			if err := tx.Credentials().Update(ctx, k); err != nil {
				return err
			}
			if err := record(ctx, tx, a, k.UpdatedAt, change{action: "credential.status", entity: "credential", entityID: k.ID,
				details: fmt.Sprintf("%s %s: %s -> expired (expiry date %s)", k.Format, k.Bits, old.Status, k.ExpiresAt.Format(time.DateOnly)),
				before:  old, after: k}); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	return n, err
}

// Unassign takes a credential from its cardholder back to the available
// cards, inactive; a lost or stolen one stays where it was reported.
func (s *Credentials) Unassign(ctx context.Context, a Actor, id int64) (Credential, error) {
	return s.change(ctx, a, id, "credential.unassign", func(_ Tx, k *Credential) (string, error) {
		switch {
		case k.CardholderID == 0:
			return "", &CredentialUnassignedError{CredentialID: k.ID}
		case k.Status == CredentialLost || k.Status == CredentialStolen:
			return "", &CredentialHeldError{CredentialID: k.ID, Status: k.Status}
		}
		details := "taken from " + k.CardholderName
		k.CardholderID, k.CardholderName = 0, ""
		if k.Status == CredentialActive {
			k.Status = CredentialInactive
		}
		return details, nil
	})
}

// Assign gives an available credential to an active cardholder, with the
// rules of connecting a card to a request: not someone else's, not lost,
// stolen or expired. It becomes active.
func (s *Credentials) Assign(ctx context.Context, a Actor, id, cardholderID int64) (Credential, error) {
	return s.change(ctx, a, id, "credential.assign", func(tx Tx, k *Credential) (string, error) {
		h, err := tx.Cardholders().ByID(ctx, cardholderID)
		if err != nil {
			return "", fmt.Errorf("cardholder %d: %w", cardholderID, err)
		}
		switch {
		case h.Status != CardholderActive:
			return "", fmt.Errorf("%s: %w", h.FullName(), ErrCardholderInactive)
		case k.CardholderID != 0 && k.CardholderID != h.ID:
			return "", &CardTakenError{Credential: *k, Holder: k.CardholderName}
		case k.Status != CredentialActive && k.Status != CredentialInactive:
			return "", &CardUnusableError{CredentialID: k.ID, Status: k.Status}
		}
		k.CardholderID, k.CardholderName = h.ID, h.FullName()
		if k.Status != CredentialActive {
			k.Status, k.ActivationDate = CredentialActive, s.now()
		}
		return "to " + h.FullName(), nil
	})
}

// DeactivateAll makes every active credential of an inactive cardholder
// inactive, in one step.
func (s *Credentials) DeactivateAll(ctx context.Context, a Actor, cardholderID int64) (int, error) {
	n := 0
	err := s.update(ctx, a, PermManageCredentials, func(tx Tx) error {
		h, err := tx.Cardholders().ByID(ctx, cardholderID)
		if err != nil {
			return fmt.Errorf("cardholder %d: %w", cardholderID, err)
		}
		if h.Status == CardholderActive {
			return fmt.Errorf("%s: %w", h.FullName(), ErrCardholderActive)
		}
		ks, err := tx.Credentials().List(ctx, CredentialQuery{CardholderID: cardholderID, Status: CredentialActive})
		if err != nil {
			return err
		}
		now := s.now()
		for _, k := range ks {
			old := k
			k.Status, k.UpdatedAt = CredentialInactive, now
			if err := tx.Credentials().Update(ctx, k); err != nil {
				return err
			}
			if err := record(ctx, tx, a, now, change{action: "credential.status", entity: "credential", entityID: k.ID,
				details: fmt.Sprintf("%s %s: active -> inactive (%s is inactive)", k.Format, k.Bits, h.FullName()),
				before:  old, after: k}); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	return n, err
}

// AlreadyEnrolledError refuses a card presented for enrollment that is
// enrolled already.
type AlreadyEnrolledError struct{ Credential Credential }

func (e *AlreadyEnrolledError) Error() string {
	holder := "available"
	if e.Credential.CardholderName != "" {
		holder = "held by " + e.Credential.CardholderName
	}
	return fmt.Sprintf("already enrolled as credential %d (%s %s, %s)", e.Credential.ID, e.Credential.Format,
		fieldSummary(e.Credential.Fields), holder)
}

// EnrollRead enrolls a card a reader read, as the reader hub delivers it
// (decoded with the reader's settings; a bare UID is the serial-number
// credential of its length), as an available, inactive credential: batch
// enrollment at the desk. A card enrolled already, or one that cannot be
// decoded, is refused with the reason. Each card is its own transaction, so
// a reader unplugged in the middle leaves no card half enrolled.
func (s *Credentials) EnrollRead(ctx context.Context, a Actor, read CardRead) (Credential, error) {
	if err := a.require(PermManageCredentials); err != nil {
		return Credential{}, err
	}
	format, bits, err := readCredential(read)
	if err != nil {
		return Credential{}, err
	}
	var k Credential
	err = s.update(ctx, a, PermManageCredentials, func(tx Tx) error {
		var err error
		if k, err = decodeCredential(ctx, tx, format, bits); err != nil {
			return err
		}
		stored, err := tx.Credentials().ByBits(ctx, k.Format, k.Bits)
		switch {
		case err == nil:
			return &AlreadyEnrolledError{Credential: stored}
		case !errors.Is(err, ErrNotFound):
			return err
		}
		k.Status, k.Name = CredentialInactive, ""
		k.CreatedAt, k.UpdatedAt = s.now(), s.now()
		if err := tx.Credentials().Create(ctx, &k); err != nil {
			return err
		}
		return record(ctx, tx, a, k.CreatedAt, change{action: "credential.enroll", entity: "credential", entityID: k.ID,
			details: fmt.Sprintf("%s %s at reader %s", k.Format, k.Bits, read.Reader), after: k})
	})
	return k, err
}
