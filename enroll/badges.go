package enroll

import (
	"context"
	"errors"
	"strconv"

	"github.com/carddesk/carddesk/badge"
	"github.com/carddesk/carddesk/cardformat"
)

// Badges gathers what a badge is printed from: a cardholder's merge values
// and photo, and the template of a request.
type Badges struct{ base }

// ForCardholder is the merge values and photo of one cardholder's badge (card values from their active card credential, if any).
func (s *Badges) ForCardholder(ctx context.Context, a Actor, cardholderID int64) (badge.Badge, error) {
	var b badge.Badge
	err := s.view(ctx, a, PermView, func(tx Tx) error {
		c, err := tx.Cardholders().ByID(ctx, cardholderID)
		if err != nil {
			return err
		}
		cred, err := activeCard(ctx, tx, cardholderID)
		if err != nil {
			return err
		}
		b, err = s.badgeOf(ctx, tx, c, cred)
		return err
	})
	return b, err
}

// ForRequest is the template of a request (its own, else the station default) and the badge of its cardholder (with the request's connected credential when it has one).
func (s *Badges) ForRequest(ctx context.Context, a Actor, requestID int64) (BadgeTemplate, badge.Badge, error) {
	var bt BadgeTemplate
	var b badge.Badge
	err := s.view(ctx, a, PermView, func(tx Tx) error {
		r, err := tx.Requests().ByID(ctx, requestID)
		if err != nil {
			return err
		}
		if r.TemplateID != 0 {
			bt, err = templateByID(ctx, tx, r.TemplateID)
		} else {
			var st StoredTemplate
			if st, err = tx.Templates().Default(ctx); err == nil {
				bt, err = decodeTemplate(st)
			}
		}
		if err != nil {
			return err
		}
		c, err := tx.Cardholders().ByID(ctx, r.CardholderID)
		if err != nil {
			return err
		}
		var cred *Credential
		if r.CredentialID != 0 {
			k, err := tx.Credentials().ByID(ctx, r.CredentialID)
			if err != nil {
				return err
			}
			cred = &k
		} else if cred, err = activeCard(ctx, tx, r.CardholderID); err != nil {
			return err
		}
		b, err = s.badgeOf(ctx, tx, c, cred)
		return err
	})
	return bt, b, err
}

// activeCard is the cardholder's newest active credential, or nil.
func activeCard(ctx context.Context, tx Tx, cardholderID int64) (*Credential, error) {
	ks, err := tx.Credentials().List(ctx, CredentialQuery{CardholderID: cardholderID})
	if err != nil {
		return nil, err
	}
	var best *Credential
	for i := range ks {
		k := &ks[i]
		if k.Status != CredentialActive {
			continue
		}
		if best == nil || k.CreatedAt.After(best.CreatedAt) || (k.CreatedAt.Equal(best.CreatedAt) && k.ID > best.ID) {
			best = k
		}
	}
	return best, nil
}

func (s *Badges) badgeOf(ctx context.Context, tx Tx, c Cardholder, cred *Credential) (badge.Badge, error) {
	v := badge.Values{
		"first_name":    c.FirstName,
		"last_name":     c.LastName,
		"full_name":     c.FullName(),
		"department":    c.Department,
		"email":         c.Email,
		"external_id":   c.ExternalID,
		"cardholder_id": strconv.FormatInt(c.ID, 10),
		"today":         s.clock.Now().Local().Format("2006-01-02"),
	}
	if cred != nil {
		f, err := findFormat(ctx, tx, cred.Format)
		var unknown *cardformat.UnknownFormatError
		if err != nil && !errors.As(err, &unknown) {
			return badge.Badge{}, err
		}
		cardValues(v, f, *cred)
	}
	return badge.Badge{Values: v, Photo: c.Photo, CropX: c.PhotoCropX, CropY: c.PhotoCropY}, nil
}

// cardValues fills the credential's merge values: card_number is the
// "card" field, else the serial number of a CSN format.
func cardValues(v badge.Values, f cardformat.Format, k Credential) {
	v["format"] = k.Format
	if f.Name != "" {
		v["format"] = f.Name
	}
	v["facility"] = k.Fields["facility"]
	switch {
	case k.Fields["card"] != "":
		v["card_number"] = k.Fields["card"]
	case k.Fields["csn"] != "":
		v["card_number"] = k.Fields["csn"]
	}
	if f.Length > 0 {
		if bits, err := cardformat.ParseBits(k.Bits, f.Length); err == nil {
			v["credential_hex"] = bits.Hex()
			return
		}
	}
	if bits, err := cardformat.ParseBits(k.Bits, len(k.Bits)); err == nil {
		v["credential_hex"] = bits.Hex()
	}
}
