package enroll

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/carddesk/carddesk/cardformat"
)

// Credentials is the use case for card identities.
type Credentials struct{ base }

// NewCredential is a card identity typed in or read from a card, not yet
// assigned to anyone.
type NewCredential struct {
	Format string            // a format id, e.g. "h10301"
	Fields map[string]string // field name -> value as typed (decimal; hex for csn)
	Name   string
	Status CredentialStatus // "" = active
}

// List returns one page of credentials matching q and the total that match.
func (s *Credentials) List(ctx context.Context, a Actor, q CredentialQuery) ([]Credential, int, error) {
	var cs []Credential
	var n int
	err := s.view(ctx, a, PermView, func(tx Tx) error {
		var err error
		if cs, err = tx.Credentials().List(ctx, q); err != nil {
			return err
		}
		n, err = tx.Credentials().Count(ctx, q)
		return err
	})
	return cs, n, err
}

// Get returns one credential, e.g. the card connected to a request.
func (s *Credentials) Get(ctx context.Context, a Actor, id int64) (Credential, error) {
	var k Credential
	err := s.view(ctx, a, PermView, func(tx Tx) error {
		var err error
		k, err = tx.Credentials().ByID(ctx, id)
		return err
	})
	return k, err
}

// SetStatus moves a credential along its state machine (a card reported
// lost or stolen, found again, expired).
func (s *Credentials) SetStatus(ctx context.Context, a Actor, id int64, to CredentialStatus) error {
	return s.update(ctx, a, PermManageCredentials, func(tx Tx) error {
		old, err := tx.Credentials().ByID(ctx, id)
		if err != nil {
			return fmt.Errorf("credential %d: %w", id, err)
		}
		if err := CredentialStates.Check(old.Status, to); err != nil {
			return err
		}
		k := old
		k.Status, k.UpdatedAt = to, s.now()
		details := fmt.Sprintf("%s %s: %s -> %s", k.Format, k.Bits, old.Status, to)
		if old.Status == CredentialExpired && !k.ExpiresAt.IsZero() && !k.ExpiresAt.After(day(k.UpdatedAt)) {
			// Brought back by hand: the day that expired it has passed and
			// would expire it again at the next check.
			k.ExpiresAt = time.Time{}
			details += ", expiry date removed"
		}
		if err := tx.Credentials().Update(ctx, k); err != nil {
			return err
		}
		return record(ctx, tx, a, k.UpdatedAt, change{action: "credential.status", entity: "credential", entityID: id,
			details: details, before: old, after: k})
	})
}

// Enroll encodes the fields with the format (built-in or custom) and
// stores the credential; the same bits cannot be enrolled twice in one format.
func (s *Credentials) Enroll(ctx context.Context, a Actor, n NewCredential) (Credential, error) {
	if err := checkNewCredential(&n); err != nil {
		return Credential{}, err
	}
	var c Credential
	err := s.update(ctx, a, PermManageCredentials, func(tx Tx) error {
		var err error
		if c, err = encodeCredential(ctx, tx, n); err != nil {
			return err
		}
		c.CreatedAt, c.UpdatedAt = s.now(), s.now()
		if c.Status == CredentialActive {
			c.ActivationDate = c.CreatedAt
		}
		if err := tx.Credentials().Create(ctx, &c); err != nil {
			if errors.Is(err, ErrDuplicate) {
				return invalid("bits", msg(MsgCredentialEnrolled, Data{"Format": c.Format, "Bits": c.Bits}))
			}
			return err
		}
		return record(ctx, tx, a, c.CreatedAt, change{action: "credential.enroll", entity: "credential",
			entityID: c.ID, details: fmt.Sprintf("%s %s", c.Format, c.Bits), after: c})
	})
	if err != nil {
		return Credential{}, err
	}
	return c, nil
}

func checkNewCredential(n *NewCredential) error {
	var fe fieldErrors
	checkText(&fe, "name", &n.Name, false, maxNameLen)
	if n.Status == "" {
		n.Status = CredentialActive
	}
	if n.Status != CredentialActive && n.Status != CredentialInactive {
		fe.add("status", msg(MsgCredentialStatus, Data{"Value": string(n.Status)}))
	}
	return fe.err()
}

// encodeCredential validates n against its format and fills bits and
// canonical field values (as Decode writes them, so "007" is stored as "7").
func encodeCredential(ctx context.Context, tx Tx, n NewCredential) (Credential, error) {
	f, err := findFormat(ctx, tx, n.Format)
	var unknown *cardformat.UnknownFormatError
	if errors.As(err, &unknown) {
		return Credential{}, invalid("format", msg(MsgUnknownFormat, Data{"Value": n.Format, "Allowed": strings.Join(unknown.Known, ", ")}))
	}
	if err != nil {
		return Credential{}, err
	}
	bits, err := f.Encode(n.Fields)
	if err != nil {
		// cardformat's messages start with the field's name; the field
		// error carries it already.
		if field, m, ok := cardValueMessage(err); ok {
			return Credential{}, invalid(field, m)
		}
		field := fieldOf(err)
		var fe fieldErrors
		fe.addText(field, "%s", strings.TrimPrefix(err.Error(), field+": "))
		return Credential{}, fe.err()
	}
	d, err := f.Decode(bits)
	if err != nil {
		return Credential{}, err
	}
	fields := make(map[string]string, len(d.Fields))
	for k, v := range d.Fields {
		fields[k] = v.String()
	}
	return Credential{Format: f.ID, Fields: fields, Bits: bits.String(), Name: n.Name, Status: n.Status}, nil
}

// fieldOf names the input field a cardformat error is about, so the UI can
// show it at that field.
func fieldOf(err error) string {
	var re *cardformat.RangeError
	var me *cardformat.MissingFieldError
	var ue *cardformat.UnknownFieldError
	var se *cardformat.ValueSyntaxError
	switch {
	case errors.As(err, &re):
		return re.Field
	case errors.As(err, &me):
		return me.Field
	case errors.As(err, &ue):
		return ue.Field
	case errors.As(err, &se):
		return se.Field
	}
	return "fields"
}
