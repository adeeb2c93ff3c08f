package enroll

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"
)

// ConnectOutcome says what connecting a card did.
type ConnectOutcome string

const (
	// ConnectEnrolled: the card was new; it was enrolled and assigned.
	ConnectEnrolled ConnectOutcome = "enrolled"
	// ConnectAssigned: the card was enrolled and free; it was assigned.
	ConnectAssigned ConnectOutcome = "assigned"
	// ConnectAlreadyTheirs: the card already belonged to this cardholder; it
	// is now the request's card as well.
	ConnectAlreadyTheirs ConnectOutcome = "already_theirs"
)

// ConnectResult is the request with its card and what happened.
type ConnectResult struct {
	Request    CardRequest
	Credential Credential
	Outcome    ConnectOutcome
}

// CardTakenError rejects a card that belongs to another cardholder.
type CardTakenError struct {
	Credential Credential
	Holder     string
}

func (e *CardTakenError) Error() string {
	return fmt.Sprintf("card %s %s (credential %d) is already assigned to %s",
		e.Credential.Format, fieldSummary(e.Credential.Fields), e.Credential.ID, e.Holder)
}

// CardUnusableError rejects a credential whose status forbids handing it out.
type CardUnusableError struct {
	CredentialID int64
	Status       CredentialStatus
}

func (e *CardUnusableError) Error() string {
	return fmt.Sprintf("credential %d is %s and cannot be assigned", e.CredentialID, e.Status)
}

// RequestHasCardError refuses a second card for one request.
type RequestHasCardError struct{ RequestID, CredentialID int64 }

func (e *RequestHasCardError) Error() string {
	return fmt.Sprintf("request %d already has card %d connected; close it, or deny it and file a new one", e.RequestID, e.CredentialID)
}

// BadReadError: bits from a reader that do not hold under the reader's
// format, usually a misread or a reader set to the wrong format.
type BadReadError struct {
	Format string
	Reason string // English
	// ID and Data translate Reason (see messages.go); Cause is the
	// cardformat error the reason is, when it is one. Both are empty for
	// reasons from elsewhere.
	ID    string
	Data  Data
	Cause error
}

// badRead is a BadReadError with a translatable reason.
func badRead(format string, m message) *BadReadError {
	return &BadReadError{Format: format, Reason: m.english(), ID: m.id, Data: m.data}
}

// badReadCause is a BadReadError whose reason is what cardformat said.
func badReadCause(format string, err error) *BadReadError {
	return &BadReadError{Format: format, Reason: err.Error(), Cause: err}
}

// LocalizedReason is the reason in the translator's language, when it
// has an id; else the English text.
func (e *BadReadError) LocalizedReason(t Translator) string {
	if e.ID == "" || t == nil {
		return e.Reason
	}
	return t(e.ID, e.Reason, e.Data)
}

func (e *BadReadError) Error() string {
	return fmt.Sprintf("the card read does not decode as %s: %s; present it again, or check the reader's format", e.Format, e.Reason)
}

// ConnectManual enrolls typed field values and assigns the card. The values
// cannot be checked against a physical card; the UI says so.
func (s *Requests) ConnectManual(ctx context.Context, a Actor, requestID int64, format string, fields map[string]string) (ConnectResult, error) {
	return s.connect(ctx, a, requestID, func(tx Tx) (Credential, error) {
		return encodeCredential(ctx, tx, NewCredential{Format: format, Fields: fields})
	})
}

// ConnectRead assigns the card a reader delivered as bits ("0101…", first
// transmitted bit first) in the given format, enrolling it if it is new.
func (s *Requests) ConnectRead(ctx context.Context, a Actor, requestID int64, format, bits string) (ConnectResult, error) {
	return s.connect(ctx, a, requestID, func(tx Tx) (Credential, error) {
		return decodeCredential(ctx, tx, format, bits)
	})
}

// ConnectExisting assigns an enrolled credential that nobody holds.
func (s *Requests) ConnectExisting(ctx context.Context, a Actor, requestID, credentialID int64) (ConnectResult, error) {
	return s.connect(ctx, a, requestID, func(tx Tx) (Credential, error) {
		k, err := tx.Credentials().ByID(ctx, credentialID)
		if err != nil {
			return Credential{}, fmt.Errorf("credential %d: %w", credentialID, err)
		}
		return k, nil
	})
}

// connect is the one rule set behind the three ways: card finds a stored
// credential or a new one, then it is checked, assigned and linked, and the
// credential's status follows the request's activation option.
func (s *Requests) connect(ctx context.Context, a Actor, requestID int64, card func(Tx) (Credential, error)) (ConnectResult, error) {
	var res ConnectResult
	err := s.update(ctx, a, PermRespondRequests, func(tx Tx) error {
		r, err := pendingRequest(ctx, tx, requestID)
		if err != nil {
			return err
		}
		if r.CredentialID != 0 {
			return &RequestHasCardError{RequestID: r.ID, CredentialID: r.CredentialID}
		}
		holder, err := tx.Cardholders().ByID(ctx, r.CardholderID)
		if err != nil {
			return fmt.Errorf("cardholder %d: %w", r.CardholderID, err)
		}
		if holder.Status != CardholderActive {
			return fmt.Errorf("%s: %w", holder.FullName(), ErrCardholderInactive)
		}
		k, err := card(tx)
		if err != nil {
			return err
		}
		now := s.now()
		if k.ID == 0 { // not passed in by id: is it enrolled already?
			stored, err := tx.Credentials().ByBits(ctx, k.Format, k.Bits)
			switch {
			case err == nil:
				k = stored
			case !errors.Is(err, ErrNotFound):
				return err
			}
		}
		before := k
		switch {
		case k.ID != 0 && k.CardholderID == r.CardholderID:
			res.Outcome = ConnectAlreadyTheirs
		case k.ID != 0 && k.CardholderID != 0:
			return &CardTakenError{Credential: k, Holder: k.CardholderName}
		case k.ID != 0:
			res.Outcome = ConnectAssigned
		default:
			res.Outcome = ConnectEnrolled
		}
		if k.Status != CredentialActive && k.Status != CredentialInactive && k.ID != 0 {
			return &CardUnusableError{CredentialID: k.ID, Status: k.Status}
		}
		if err := activate(&k, r.Activation, now); err != nil {
			return err
		}
		k.CardholderID, k.CardholderName, k.UpdatedAt = r.CardholderID, holder.FullName(), now
		if err := storeConnected(ctx, tx, a, &k, before, now); err != nil {
			return err
		}
		old := r
		r.CredentialID, r.UpdatedAt = k.ID, now
		if err := saveRequest(ctx, tx, &r); err != nil {
			return err
		}
		res.Request, res.Credential = r, k
		return record(ctx, tx, a, now, change{action: "request.connect", entity: "card_request", entityID: r.ID,
			details: fmt.Sprintf("%s card %s %s for %s", res.Outcome, k.Format, fieldSummary(k.Fields), holder.FullName()),
			before:  old, after: r})
	})
	if err != nil {
		return ConnectResult{}, err
	}
	return res, nil
}

// activate applies the request's activation option to the credential:
// never -> inactive; after enrollment -> active now; on a date -> inactive
// until that date (active at once if the date has come).
func activate(k *Credential, act Activation, now time.Time) error {
	to, at := CredentialInactive, time.Time{}
	switch act.Mode {
	case ActivateEnrollment:
		to, at = CredentialActive, now
	case ActivateOnDate:
		at = act.Date
		if !act.Date.After(now) {
			to = CredentialActive
		}
	}
	if k.Status != "" && k.Status != to {
		if err := CredentialStates.Check(k.Status, to); err != nil {
			return err
		}
	}
	k.Status, k.ActivationDate = to, at
	return nil
}

// storeConnected writes a new or changed credential with its audit event.
func storeConnected(ctx context.Context, tx Tx, a Actor, k *Credential, before Credential, now time.Time) error {
	if k.ID == 0 {
		k.CreatedAt = now
		if err := tx.Credentials().Create(ctx, k); err != nil {
			return err
		}
		return record(ctx, tx, a, now, change{action: "credential.enroll", entity: "credential", entityID: k.ID,
			details: fmt.Sprintf("%s %s for %s", k.Format, k.Bits, k.CardholderName), after: k})
	}
	if err := tx.Credentials().Update(ctx, *k); err != nil {
		return err
	}
	return record(ctx, tx, a, now, change{action: "credential.assign", entity: "credential", entityID: k.ID,
		details: fmt.Sprintf("%s %s to %s", k.Format, k.Bits, k.CardholderName), before: before, after: k})
}

// decodeCredential turns a reader's bits into a credential of the format.
func decodeCredential(ctx context.Context, tx Tx, format, bits string) (Credential, error) {
	f, err := findFormat(ctx, tx, format)
	if err != nil {
		return Credential{}, err
	}
	b, err := f.ParseBits(bits)
	if err != nil {
		return Credential{}, badReadCause(format, err)
	}
	d, err := f.Decode(b)
	if err != nil {
		return Credential{}, badReadCause(format, err)
	}
	if !d.ParityOK {
		return Credential{}, badRead(format, msg(MsgReadParity, nil))
	}
	if !d.FixedOK {
		return Credential{}, badRead(format, msg(MsgReadFixed, nil))
	}
	fields := make(map[string]string, len(d.Fields))
	for k, v := range d.Fields {
		fields[k] = v.String()
	}
	return Credential{Format: f.ID, Fields: fields, Bits: b.String()}, nil
}

// fieldSummary writes field values in a stable, readable order for
// messages: "facility=1 card=5", or the bare serial number.
func fieldSummary(fields map[string]string) string {
	if v, ok := fields["csn"]; ok && len(fields) == 1 {
		return v
	}
	rank := func(name string) int {
		if i := slices.Index([]string{"site", "facility", "card"}, name); i >= 0 {
			return i
		}
		return 3
	}
	names := slices.Collect(maps.Keys(fields))
	slices.SortFunc(names, func(a, b string) int {
		return cmp.Or(cmp.Compare(rank(a), rank(b)), strings.Compare(a, b))
	})
	parts := make([]string, len(names))
	for i, n := range names {
		parts[i] = n + "=" + fields[n]
	}
	return strings.Join(parts, " ")
}
